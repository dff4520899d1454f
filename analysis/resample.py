"""Bootstrap replicates drawn in batches, so memory does not grow with corpus size times replicates.

Every interval of the study resamples units with replacement: an outlet's
documents when it has two or more (:func:`by_cluster`), else its sentences:
``rng.integers(0, n, size=(n_boot, n))`` index draws and a statistic of each
row.  Held at once, those draws (and the values they select) take
``n_boot x n`` cells: gigabytes for an outlet with a hundred thousand
sentences.  :func:`replicates` draws the same numbers (NumPy's generator
yields the same stream whether the rows are drawn at once or in batches) a
few rows at a time, so the intervals are unchanged and memory is bounded.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

#: Cells (index draws x values per draw) held at once by :func:`replicates`.
MAX_CELLS = 2**23


def replicates(rng: np.random.Generator, n: int, n_boot: int, stat: Callable[[np.ndarray], np.ndarray], width: int = 1) -> np.ndarray:
    """Apply ``stat`` to ``n_boot`` rows of ``n`` index draws (with replacement) and stack the results.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator (advanced exactly as by one ``rng.integers(0, n, size=(n_boot, n))``).
    n : int
        Number of units to resample.
    n_boot : int
        Replicates.
    stat : callable
        Maps a ``(batch, n)`` array of draws to one result row per draw row.
    width : int
        Values selected per draw (e.g. categories), to size the batches.

    Returns
    -------
    numpy.ndarray
        ``stat`` of every replicate, stacked along the first axis.
    """
    batch = max(1, MAX_CELLS // max(n * width, 1))
    parts = []
    for start in range(0, n_boot, batch):
        parts.append(stat(rng.integers(0, n, size=(min(batch, n_boot - start), n))))
    return np.concatenate(parts) if parts else np.empty((0,))


def draw_counts(draws: np.ndarray, n: int) -> np.ndarray:
    """How many times each of ``n`` units is drawn in each row of ``draws`` (``rows x n`` integers), by one ``numpy.bincount``.

    A row of ``n`` uniform draws among ``n`` units gives a Multinomial(n, 1/n)
    vector: the bootstrap weights of the units in one replicate.

    Examples
    --------
    >>> draw_counts(np.array([[0, 0, 2], [1, 2, 2]]), 3).tolist()
    [[2, 0, 1], [0, 1, 2]]
    """
    rows = draws.shape[0]
    return np.bincount((draws + (np.arange(rows) * n)[:, None]).ravel(), minlength=rows * n).reshape(rows, n)


def _columns(values: np.ndarray) -> tuple[np.ndarray, bool]:
    """Return ``values`` as an ``n x k`` float array, and whether it was one column (length ``n``)."""
    v = np.asarray(values, dtype=float)
    return (v[:, None], True) if v.ndim == 1 else (v, False)


def resampled_sums(rng: np.random.Generator, values: np.ndarray, n_boot: int) -> np.ndarray:
    """Column sums of the rows of ``values`` drawn in each replicate: ``values[d].sum(axis=1)`` for :func:`replicates`' draws.

    The generator is advanced exactly as by :func:`replicates`, so the
    replicates are the same; each batch of draws becomes per-row counts (one
    ``numpy.bincount``) multiplied by ``values`` (one matrix product), instead
    of gathering ``n_boot x n x k`` values.  For integer-valued ``values``
    (counts, 0/1 indicators, token counts) every sum is exact, so the results
    are the same floats as summing the gathered values.

    Parameters
    ----------
    values : numpy.ndarray
        ``n x k`` (or length ``n``) integer-valued array, one row per unit.

    Returns
    -------
    numpy.ndarray
        ``n_boot x k`` (or length ``n_boot``) sums.
    """
    v, flat = _columns(values)
    n = len(v)

    def stat(draws: np.ndarray) -> np.ndarray:
        return draw_counts(draws, n).astype(float) @ v

    sums = replicates(rng, n, n_boot, stat, width=4)
    return sums[:, 0] if flat else sums


def category_resampled_sums(rng: np.random.Generator, values: np.ndarray, n_boot: int) -> np.ndarray:
    """Bootstrap sums of ``values``' rows for units with few distinct rows (0/1 indicators), by multinomial counts.

    A replicate's sum depends on its ``n`` draws only through how many of
    them land on each distinct row of ``values``; with ``c_j`` units having
    row ``j``, those numbers follow a multinomial distribution
    ``Multinomial(n, c / n)`` (for one 0/1 indicator: the binomial bootstrap
    of a proportion; Efron & Tibshirani 1993, ch. 6).  Drawing them directly
    gives the same bootstrap distribution as :func:`resampled_sums` in
    ``O(n_boot x distinct rows)`` instead of ``O(n_boot x n)``, but other
    random numbers, so other (equally valid) replicates.

    Parameters
    ----------
    values : numpy.ndarray
        ``n x k`` (or length ``n``) integer-valued array, one row per unit.

    Returns
    -------
    numpy.ndarray
        ``n_boot x k`` (or length ``n_boot``) sums, exact integers as floats.
    """
    v, flat = _columns(values)
    n = len(v)
    if n == 0:
        sums = np.zeros((n_boot, v.shape[1]))
    else:
        rows, inverse = np.unique(v, axis=0, return_inverse=True)
        counts = np.bincount(inverse.ravel(), minlength=len(rows))
        sums = rng.multinomial(n, counts / n, size=n_boot).astype(float) @ rows
    return sums[:, 0] if flat else sums


#: How each interval resamples: ``documents`` (a cluster bootstrap, when a group has two documents or more) or ``sentences``.
LEVELS = ("documents", "sentences")


def by_cluster(values: np.ndarray, clusters) -> tuple[np.ndarray, str]:
    """Return the units a group's bootstrap resamples, and their level.

    Words and judgements cluster by article: an outlet's sentences are not
    independent draws, so where an outlet has two documents or more the
    bootstrap resamples its **documents** (a cluster bootstrap: Davison &
    Hinkley 1997, section 3.8; Field & Welsh 2007), each replicate summing the
    rows of the documents drawn.  An outlet of one document can only be
    resampled by its sentences (the interval then describes that text, not
    the outlet).

    Parameters
    ----------
    values : numpy.ndarray
        ``n x k`` (or length ``n``) integer-valued rows, one per sentence.
    clusters : array-like
        The document of each row.

    Returns
    -------
    (numpy.ndarray, str)
        The rows summed per document (in order of first appearance) and
        ``"documents"``, or ``values`` unchanged and ``"sentences"``.

    Examples
    --------
    >>> rows, level = by_cluster(np.array([1, 2, 3]), ["a", "b", "a"])
    >>> rows.tolist(), level
    ([4.0, 2.0], 'documents')
    >>> by_cluster(np.array([1, 2]), ["a", "a"])[1]
    'sentences'
    """
    codes, uniques = pd.factorize(pd.Series(np.asarray(clusters)).astype(str))
    if len(uniques) < 2:
        return values, "sentences"
    v, flat = _columns(values)
    sums = np.zeros((len(uniques), v.shape[1]))
    np.add.at(sums, codes, v)
    return (sums[:, 0] if flat else sums), "documents"
