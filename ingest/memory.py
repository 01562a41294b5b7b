"""How the steps use memory: collection paused while parsing, memory given back after a big step.

Parsing a chunk of documents allocates hundreds of thousands of small objects that form no reference
cycles: strings, lxml proxies and thousands of observations (tuples the collector keeps tracking while
they live). Python's cyclic collector would run every 700 allocations and walk the live ones again
and again; pausing it for the chunk makes a parse of the national sample about a fifth faster.

A national parse or quality gate allocates hundreds of MB in short-lived buffers. Freed, they stay in
the process (Arrow's allocator keeps them for reuse; glibc's malloc keeps large freed blocks on its
heap), and the next steps of the run — dbt's subprocess among them — would add to that, not reuse it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa


@functools.cache
def _malloc_trim() -> object | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None  # glibc only
    except OSError:
        return None


def release_unused_memory() -> None:
    """Collect garbage, then return what Arrow's pool and the C heap hold unused."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (the collector runs again after it).

    For a bounded burst of allocations without cycles, such as parsing a chunk of documents. The switch
    is process-wide: a block nested in another, or in a thread, leaves it as the outer block found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
