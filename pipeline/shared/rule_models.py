"""Shape of the rules files that no extractor validates itself: checked by `load_toml` on load.

A key that is misspelled or of the wrong type fails loudly when the pipeline is built, instead of
silently switching a rule off. (dates, quantities, slogans, places_exclude, officials_names and
text have their own, deeper models next to their readers; tests/test_rules_files.py checks that
every file under rules/ is covered by one or the other.)"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Boilerplate(_Rules):
    footer_start: list[str]
    line: list[str]
    meta: list[str]
    byline: list[str]
    byline_max_chars: int


class Appointments(_Rules):
    verbs: list[str]
    remove: list[str]
    honorific: str
    post_end: list[str]
    post_max: int
    frame_open: str
    frame_as: str
    frame_close: list[str]


class OfficialsTitles(_Rules):
    titles: dict[str, list[str]]
    gov_heads: dict[str, str]
    orgs: dict[str, Any]
    names: dict[str, Any]
    group_roles: dict[str, Any]
    group_labels: dict[str, Any] = {}
    counted_groups: dict[str, list[str]] = {}
    group_role_guards: dict[str, list[str]] = {}
    appointments: "Appointments"
    post_name: dict[str, list[str]]


class ProvinceRuns(_Rules):
    followers: list[str]
    chars: dict[str, str]


class PlacesAbbrev(_Rules):
    abbrev: list[dict[str, Any]]
    province_runs: ProvinceRuns


class ForeignAbbreviations(_Rules):
    chars: dict[str, str]
    patterns: list[str]
    pattern_not_next: str
    pair_followers: list[str]
    list_followers: list[str] = []


class PlacesForeign(_Rules):
    country: list[list[Any]]
    countries: list[list[Any]]
    cities: list[str]
    abbreviations: ForeignAbbreviations


class PlacesGazetteer(_Rules):
    municipalities: list[str]
    skip_county_prefixes: list[str]
    skip_names: list[str]
    skip_codes: list[str]
    division_suffixes: list[str]
    alias_suffixes: list[str]
    autonomous_suffixes: list[str]
    strong_county_aliases: list[str]
    weak_full_names: list[str]
    weak_city_aliases: list[str]
    weak_full_name_max_len: int
    bad_next_after_county: str
    bad_next_after_area: str
    street_suffixes: list[str]


class PlacesTowns(_Rules):
    boundary_chars: str
    boundary_words: list[str]
    core_stop: list[str]
    core_bad_chars: str
    core_first_word_not: list[str] = []
    generic_never_named: list[str] = []
    body_suffixes: list[str]
    coordinators: str
    suffixes: dict[str, Any]
    bad_core_end: dict[str, Any]
    bad_next: dict[str, Any]


class PlacesZones(_Rules):
    zone: list[dict[str, Any]]
    grammar: dict[str, Any]
    regions: dict[str, list[list[str]]]


class NerEvidence(_Rules):
    person_min_chars: int
    person_max_chars: int
    person_bad_starts: list[str]
    gov_suffixes: list[str]


RULE_MODELS: dict[str, type[BaseModel]] = {
    "boilerplate.toml": Boilerplate, "officials_titles.toml": OfficialsTitles,
    "places_abbrev.toml": PlacesAbbrev, "places_foreign.toml": PlacesForeign,
    "places_gazetteer.toml": PlacesGazetteer, "places_towns.toml": PlacesTowns,
    "places_zones.toml": PlacesZones, "ner_evidence.toml": NerEvidence,
}
# Validated by their readers' own models (the deeper checks live beside the code that uses them).
VALIDATED_BY_READER = {
    "dates.toml": "pipeline.extractors.dates_grammar", "quantities.toml": "pipeline.extractors.quantities_parse",
    "slogans.toml": "pipeline.extractors.slogans_lex", "places_exclude.toml": "pipeline.extractors.places_filters",
    "officials_names.toml": "pipeline.extractors.officials_lexicon", "text.toml": "pipeline.shared.tables",
}
