"""Give memory that Python has freed back to the operating system.

Loading or segmenting a large corpus at once makes and frees millions of
Python strings and tuples.  The C allocator (glibc's ``malloc``) keeps the
freed memory for later small allocations, but the large arrays that come next
(sparse matrices, Arrow columns) are mapped afresh, so the kept memory only
raises the process's peak.  :func:`release` asks glibc to return it
(``malloc_trim(0)``), the call that Dask's documentation recommends for a
worker's "unmanaged memory"
(https://distributed.dask.org/en/stable/worker-memory.html#manually-trim-memory).
On an allocator without ``malloc_trim`` (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

#: Documents above which :func:`analysis.corpus.load_corpus` and :func:`analysis.segments.segment_corpus`
#: release the memory they freed (a chunk of a streamed corpus is smaller, and does not pay for the call).
RELEASE_ABOVE = 1000


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
