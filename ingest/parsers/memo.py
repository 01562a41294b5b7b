"""A bounded cache for the parsers' small pure functions (cell texts, labels, names, rates).

``functools.lru_cache(maxsize=N)`` moves an entry to the front of a linked list at every hit. The
parsers look up a handful of these caches for every table cell and every sentence, and over a long
parse those moves cost more memory traffic than the lookup itself (a parse of 1,500 national-scale
documents took 2–6 % longer with them). :func:`bounded_cache` keeps the hit as cheap as
``functools.cache`` (one dictionary lookup, in C) and bounds memory another way: when the table is
full, the next miss empties it. The same strings recur release after release, so the table refills
with what is in use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def bounded_cache(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``functools.cache`` that holds at most ``maxsize`` results: a miss on a full table empties it."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        stored = 0  # results stored since the table was last emptied (at most: a raising call stores none)

        @functools.wraps(function)
        def on_miss(*args: P.args, **kwargs: P.kwargs) -> R:
            nonlocal stored
            if stored >= maxsize:
                cached.cache_clear()
                stored = 0
            stored += 1
            return function(*args, **kwargs)

        cached = functools.cache(on_miss)
        return cached

    return decorate
