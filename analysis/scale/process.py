"""Process setup of the command line (and of the Dask workers it starts): fewer garbage collections.

No function of the library tunes the process it runs in: a notebook or
another program that imports the package keeps its interpreter as it set it.
The command line is a process of its own, so it sets the interpreter up once,
at start (:func:`analysis.cli.main`), and asks Dask, through Dask's own
``distributed.worker.preload`` setting, to do the same in the workers it
starts (:func:`dask_setup`).

The per-document rules make millions of short-lived Python objects (matches,
tuples, lists), and CPython's cyclic garbage collector runs a young-generation
collection every 700 net allocations of container objects
(``gc.get_threshold()``), which costs about a tenth of a chunk's time while
finding almost nothing to collect: the study's objects are freed by reference
counting.  :func:`fewer_collections` raises that threshold, the tuning the
``gc`` module's documentation describes (``gc.set_threshold``).  Collections
still happen, so reference cycles are still freed.

Memory that Python frees is given back by the C allocator on its own terms;
Dask's nanny sets glibc's ``MALLOC_TRIM_THRESHOLD_`` for its workers
(``distributed.nanny.pre-spawn-environ``), and the command line's streamed
chunks are small, so no allocator call is made here.
"""

from __future__ import annotations

import gc

#: Young-generation threshold of the cyclic garbage collector in the command line's process (CPython's default: 700).
GC_THRESHOLD = 50_000


def fewer_collections(threshold: int = GC_THRESHOLD) -> tuple[int, int, int]:
    """Raise the collector's young-generation threshold to ``threshold`` (a higher one is kept); return the previous thresholds."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    return before


def dask_setup(worker=None) -> None:
    """Set a Dask worker's process up as the command line's (``distributed.worker.preload: [analysis.scale.process]``)."""
    fewer_collections()
