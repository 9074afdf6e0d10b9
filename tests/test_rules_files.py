"""Every rules file is validated by a Pydantic model on load, and a typo fails loudly."""
import importlib
import tomllib

import pytest
from pydantic import ValidationError

from pipeline.shared.rule_models import RULE_MODELS, VALIDATED_BY_READER
from pipeline.shared.rules import load_toml, rules_dir


def test_every_toml_rules_file_has_a_model():
    files = {p.name for p in rules_dir().iterdir() if p.name.endswith(".toml")}
    assert files == set(RULE_MODELS) | set(VALIDATED_BY_READER), files ^ (set(RULE_MODELS) | set(VALIDATED_BY_READER))


@pytest.mark.parametrize("name", sorted(RULE_MODELS))
def test_rules_file_validates(name):
    load_toml.cache_clear()
    assert load_toml(name)


@pytest.mark.parametrize("name", sorted(RULE_MODELS))
def test_misspelled_key_is_refused(name):
    data = tomllib.loads((rules_dir() / name).read_text(encoding="utf-8"))
    data["a_misspelled_key"] = 1
    with pytest.raises(ValidationError):
        RULE_MODELS[name].model_validate(data)


@pytest.mark.parametrize("name,module", sorted(VALIDATED_BY_READER.items()))
def test_readers_with_their_own_models_exist(name, module):
    source = importlib.import_module(module).__file__
    text = open(source, encoding="utf-8").read()
    assert 'extra="forbid"' in text and name.split(".")[0] in text
