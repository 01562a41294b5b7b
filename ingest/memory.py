"""Give memory back to the operating system after a step that needed a lot of it.

A national parse or quality gate allocates hundreds of MB in short-lived buffers. Freed, they stay in
the process (Arrow's allocator keeps them for reuse; glibc's malloc keeps large freed blocks on its
heap), and the next steps of the run — dbt's subprocess among them — would add to that, not reuse it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc

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
