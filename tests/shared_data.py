"""Tests that read ../shared (the acceptance seeds, the real-text corpus) beside the repository.

A user's fresh clone has no ../shared: those tests skip, with the reason printed (`-rs` in the
pytest options). CI has it, and sets CI=true: there a missing ../shared fails instead of skipping,
so the acceptance tests can never be skipped unnoticed."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing_reason(*parts: str) -> str | None:
    path = SHARED.joinpath(*parts)
    return None if path.exists() else f"{path} is absent (../shared is not beside this clone)"


def require_shared(*parts: str) -> Path:
    """The path under ../shared; skip (fail under CI=true) when it is absent."""
    reason = missing_reason(*parts)
    if reason:
        if _in_ci():
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return SHARED.joinpath(*parts)


def shared_param(*parts: str):
    """A parametrize entry standing in for files under ../shared when they are absent."""
    reason = missing_reason(*parts)
    mark = pytest.mark.xfail(reason=f"CI=true but {reason}", strict=True, run=False) if _in_ci() \
        else pytest.mark.skip(reason=reason)
    return pytest.param(None, marks=mark, id=f"absent-{'-'.join(parts)}")
