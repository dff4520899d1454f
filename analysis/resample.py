"""Bootstrap replicates drawn in batches, so memory does not grow with corpus size times replicates.

Every interval of the study resamples sentences with replacement:
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
