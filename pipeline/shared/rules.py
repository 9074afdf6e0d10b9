"""Load data files from the `rules` package (lexicons, patterns): data in rules/, logic here."""
from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from importlib import resources


def rules_dir():
    return resources.files("rules")


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    """Parse `rules/<name>` (TOML). Cached: rules are read once per process."""
    return tomllib.loads((rules_dir() / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Read `rules/<name>` as one entry per line; `#` starts a comment, blank lines skipped."""
    out = []
    for raw in (rules_dir() / name).read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@lru_cache(maxsize=1)
def rules_hash() -> str:
    """Short hash of every rules file: part of `pipeline_version`, so a rule change re-extracts."""
    h = hashlib.sha256()
    for entry in sorted(rules_dir().iterdir(), key=lambda p: p.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:10]
