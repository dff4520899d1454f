"""Memory management for large runs: freed memory given back, and fewer garbage collections.

Loading or segmenting a large corpus at once makes and frees millions of
Python strings and tuples.  The C allocator (glibc's ``malloc``) keeps the
freed memory for later small allocations, but the large arrays that come next
(sparse matrices, Arrow columns) are mapped afresh, so the kept memory only
raises the process's peak.  :func:`release` asks glibc to return it
(``malloc_trim(0)``), the call that Dask's documentation recommends for a
worker's "unmanaged memory"
(https://distributed.dask.org/en/stable/worker-memory.html#manually-trim-memory).
On an allocator without ``malloc_trim`` (macOS, Windows, musl) it does nothing.

The per-document rules make millions of short-lived Python objects (matches,
tuples, lists), and CPython's cyclic garbage collector runs a young-generation
collection every 700 net allocations of container objects (``gc.get_threshold()``),
which costs about a tenth of a chunk's time while finding almost nothing to
collect: the study's objects are freed by reference counting.
:func:`fewer_collections` raises that threshold for the length of a block, the
tuning the ``gc`` module's documentation describes (``gc.set_threshold``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

#: Documents above which :func:`analysis.corpus.load_corpus` and :func:`analysis.segments.segment_corpus`
#: release the memory they freed (a chunk of a streamed corpus is smaller, and does not pay for the call).
RELEASE_ABOVE = 1000
#: Young-generation threshold of the cyclic garbage collector inside :func:`fewer_collections` (CPython's default: 700).
GC_THRESHOLD = 50_000


@lru_cache(maxsize=1)
def _trim():
    """Return the C library's ``malloc_trim`` (glibc), or None where it has none."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def release(n_documents: int | None = None) -> bool:
    """Return the C allocator's free memory to the system when ``n_documents`` (if given) exceeds :data:`RELEASE_ABOVE`.

    Returns
    -------
    bool
        Whether ``malloc_trim`` was called.
    """
    trim = _trim()
    if trim is None or (n_documents is not None and n_documents <= RELEASE_ABOVE):
        return False
    trim(0)
    return True


@contextmanager
def fewer_collections(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Run a block with the cyclic garbage collector's young-generation threshold raised to ``threshold``.

    Collections still happen (every ``threshold`` net allocations instead of
    700, the older generations as before), so reference cycles are still
    freed; what changes is only how often the collector looks.  The previous
    thresholds are restored on exit; a threshold already higher is kept.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def with_fewer_collections(fn, *args, **kwargs):
    """Return ``fn(*args, **kwargs)`` run inside :func:`fewer_collections` (what a Dask worker runs for a task)."""
    with fewer_collections():
        return fn(*args, **kwargs)
