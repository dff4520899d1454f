"""Texts cut into slices of bounded size, so that a scan or a count holds one slice's matches or tokens at once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Joins the texts of a slice (white space, so the first word of each text stays a word start).
SEPARATOR = "\n"
#: Characters of a slice of texts scanned at once (:meth:`analysis.scale.scanner.Scanner.scan_many`): a chunk of 500
#: news articles is about 1.5 million; the arrays of a batch take about 50 bytes per character at most.
BATCH_CHARS = 4_000_000


def text_batches(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Cut a list of texts into ``(start, stop)`` slices of at most about :data:`BATCH_CHARS` characters (:func:`length_batches`).

    Examples
    --------
    >>> text_batches(["ab"] * 3)
    [(0, 3)]
    >>> text_batches([])
    [(0, 0)]
    """
    return length_batches(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))


def length_batches(lengths: np.ndarray, limit: int | None = None) -> list[tuple[int, int]]:
    """Cut texts of these lengths into ``(start, stop)`` slices of at most ``limit`` characters (default :data:`BATCH_CHARS`).

    The texts of a slice are counted with one separator character between them.

    Greedy: a slice takes texts while they fit, and a text longer than
    ``limit`` is a slice alone; no text is split.  Callers that scan or count
    texts a slice at a time (:meth:`Scanner.scan_many`, the quotes and stance
    rules, :func:`analysis.terms.unigram_matrix`) hold one slice's matches or
    tokens at once.

    Examples
    --------
    >>> length_batches(np.array([3, 3, 3, 9, 1]), limit=7)
    [(0, 2), (2, 3), (3, 4), (4, 5)]
    """
    n, limit = len(lengths), BATCH_CHARS if limit is None else limit
    if not n:
        return [(0, 0)]
    before = np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64) + len(SEPARATOR))])  # characters before each text
    last = before[1:] - len(SEPARATOR)  # where each text ends, separators counted
    out, start = [], 0
    while start < n:  # the slice from ``start`` takes every text that ends within ``limit`` characters of it (at least one)
        stop = max(int(np.searchsorted(last, before[start] + limit, side="right")), start + 1)
        out.append((start, stop))
        start = stop
    return out
