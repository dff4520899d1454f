"""Where outlets stand relative to each other: correspondence analysis and cosine similarity.

Correspondence analysis (Benzécri; Greenacre 2007, *Correspondence Analysis
in Practice*, ch. 14) of the outlet x term count table ``N``: with
``P = N / n``, row masses ``r`` and column masses ``c``, the standardised
residuals ``S = D_r^{-1/2} (P - r c^T) D_c^{-1/2}`` are decomposed by SVD
``S = U Σ V^T``; outlets get principal coordinates ``D_r^{-1/2} U Σ`` and
terms ``D_c^{-1/2} V Σ``; the share of inertia of axis k is
``σ_k² / Σ σ²``.  Signs are fixed (largest outlet loading positive) so
the map is reproducible.  This is the AFC of TXM, Lexico3 and IRaMuTeQ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from .corpus import OWN_VOICE
from .terms import GroupCounts


def correspondence_analysis(table: pd.DataFrame, n_axes: int = 2) -> dict[str, pd.DataFrame]:
    """Correspondence analysis of a rows x columns count table.

    Parameters
    ----------
    table : pandas.DataFrame
        Non-negative counts (e.g. outlets x terms).
    n_axes : int, default 2
        Axes kept.

    Returns
    -------
    dict of pandas.DataFrame
        ``rows`` and ``columns`` (principal coordinates, with masses and
        contributions to each axis) and ``inertia`` (per axis: eigenvalue
        and share); empty (with their columns) when the table has fewer
        than two non-empty rows or columns.
    """
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0] if table.size else table
    if table.shape[0] < 2 or table.shape[1] < 2:  # one outlet, or no term seen often enough: no map to draw
        axes = [f"dim{i + 1}" for i in range(n_axes)]
        cols = [*axes, "mass", *(f"ctr_{a}" for a in axes)]
        return {
            "rows": pd.DataFrame(columns=cols, index=table.index, dtype=float),
            "columns": pd.DataFrame(columns=cols, index=table.columns, dtype=float),
            "inertia": pd.DataFrame(
                {"axis": pd.Series([], dtype=object), "eigenvalue": pd.Series([], dtype=float), "share": pd.Series([], dtype=float)}
            ),
        }
    n = table.to_numpy(dtype=float)
    p = n / n.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(s, full_matrices=False)
    real = sigma > 1e-9 * max(sigma.max(), 1.0)  # drop the null axes left by the centring
    u, sigma, vt = u[:, real], sigma[real], vt[real]
    signs = np.sign(u[np.abs(u).argmax(axis=0), range(u.shape[1])])
    signs[signs == 0] = 1
    u, vt = u * signs, vt * signs[:, None]
    k = min(n_axes, len(sigma))
    axes = [f"dim{i + 1}" for i in range(k)]
    rows = pd.DataFrame(u[:, :k] * sigma[:k] / np.sqrt(r)[:, None], index=table.index, columns=axes)
    cols = pd.DataFrame(vt[:k].T * sigma[:k] / np.sqrt(c)[:, None], index=table.columns, columns=axes)
    rows["mass"], cols["mass"] = r, c
    for i, axis in enumerate(axes):
        rows[f"ctr_{axis}"] = u[:, i] ** 2
        cols[f"ctr_{axis}"] = vt[i] ** 2
    eig = sigma**2
    inertia = pd.DataFrame({"axis": [f"dim{i + 1}" for i in range(len(eig))], "eigenvalue": eig, "share": eig / eig.sum()})
    return {"rows": rows, "columns": cols, "inertia": inertia}


def outlet_term_table(
    sentences: pd.DataFrame,
    stop_words: Iterable[str] | None,
    stemmer: str,
    by: str = "outlet",
    unit: str = "stem",
    layers: Sequence[str] | None = OWN_VOICE,
    min_count: int = 3,
) -> pd.DataFrame:
    """Outlet x term count table (terms seen at least ``min_count`` times in the selection; ``stop_words``, ``stemmer``: the profile's)."""
    return count_table(GroupCounts.from_sentences(sentences, stop_words, by, unit, layers=layers, stemmer=stemmer), by, min_count)


def count_table(counts: GroupCounts, by: str = "outlet", min_count: int = 3) -> pd.DataFrame:
    """Return the table of :func:`outlet_term_table` from group counts."""
    dense, terms = counts.dense(min_count)
    return pd.DataFrame(dense, index=pd.Index(counts.groups.astype(str), name=by), columns=terms)


def tfidf_similarity(
    sentences: pd.DataFrame, stop_words: Iterable[str] | None, by: str = "outlet", layers: Sequence[str] | None = OWN_VOICE
) -> pd.DataFrame:
    """Cosine similarity between groups, each group's text as one TF-IDF vector.

    TF-IDF is scikit-learn's (smooth idf, l2 norm) over word forms without
    stopwords; with few groups, idf mostly removes words every outlet uses.
    """
    return similarity_from_counts(GroupCounts.from_sentences(sentences, stop_words, by, "token", layers=layers), by)


def similarity_from_counts(counts: GroupCounts, by: str = "outlet") -> pd.DataFrame:
    """Compute the table of :func:`tfidf_similarity` from word-form group counts (each group one TF-IDF document)."""
    sim = cosine_similarity(TfidfTransformer().fit_transform(counts.counts.astype(np.float64)))
    names = pd.Index(counts.groups.astype(str), name=by)
    return pd.DataFrame(sim.round(4), index=names, columns=names)
