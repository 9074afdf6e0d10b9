"""Matching record fragments against records: how spec cases and examples say what must appear."""
from __future__ import annotations

import math


def matches(fragment, actual) -> bool:
    """True when `actual` contains everything `fragment` states.

    dict: every key of the fragment matches; list of scalars: equal lists; list of dicts: every
    fragment element matches a distinct actual element (any order); float: equal within 1e-6.
    """
    if isinstance(fragment, dict):
        return isinstance(actual, dict) and all(k in actual and matches(v, actual[k]) for k, v in fragment.items())
    if isinstance(fragment, list):
        if not isinstance(actual, list):
            return False
        if all(not isinstance(x, (dict, list)) for x in fragment):
            return list(fragment) == list(actual)
        used: set[int] = set()
        for f in fragment:
            hit = next((i for i, a in enumerate(actual) if i not in used and matches(f, a)), None)
            if hit is None:
                return False
            used.add(hit)
        return True
    if isinstance(fragment, float) or (isinstance(fragment, int) and isinstance(actual, float)):
        return isinstance(actual, (int, float)) and not isinstance(actual, bool) and \
            math.isclose(float(fragment), float(actual), rel_tol=1e-6, abs_tol=1e-9)
    return fragment == actual
