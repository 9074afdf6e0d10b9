"""One helper for the linear-time tests of every stage and extractor.

Time `fn(small)` and `fn(large)` (twice the input), best of `runs` with the sizes alternating
and the cyclic GC paused — a slow spell of a shared machine then slows both sides alike, and a
full collection does not depend on the algorithm under test. Linear code takes about twice as
long on twice the input; quadratic code four times: the bound (3× + slack) tells them apart."""
from __future__ import annotations

import gc
import time
from typing import Any, Callable


def _timed(fn: Callable[[Any], Any], arg: Any) -> float:
    gc.collect()
    gc.disable()
    try:
        t = time.perf_counter()
        fn(arg)
        return time.perf_counter() - t
    finally:
        gc.enable()


def best_times(fn: Callable[[Any], Any], small: Any, large: Any, runs: int = 3) -> tuple[float, float]:
    best_small = best_large = float("inf")
    for _ in range(runs):
        best_small = min(best_small, _timed(fn, small))
        best_large = min(best_large, _timed(fn, large))
    return best_small, best_large


def assert_linear(fn: Callable[[Any], Any], make: Callable[[int], Any], n: int, runs: int = 3,
                  label: str = "") -> None:
    """`make(n)` builds the input of size n; the input of size 2n must not take 3× as long."""
    small, large = best_times(fn, make(n), make(2 * n), runs)
    assert large < 3 * small + 0.05, f"{label}: {small:.3f}s for n={n} → {large:.3f}s for 2n"
