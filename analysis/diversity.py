"""Lexical diversity robust to text length (MATTR) and sentence length, per group.

MATTR, the moving-average type-token ratio (Covington & McFall 2010), is the
mean over every window of ``w`` consecutive tokens of (distinct types /
``w``); unlike the plain type-token ratio it does not fall as a text grows.
It is computed without a loop over tokens: a token is "new in the window
starting at i" when the previous occurrence of its type is before i, so the
distinct count of each window is a sum over a sliding-window view.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from .config import SEED
from .corpus import OWN_VOICE
from .terms import select_layers
from .tokens import TOKEN_PATTERN


def mattr(tokens: Sequence[str], window: int = 50) -> float:
    """Moving-average type-token ratio of a token sequence.

    Parameters
    ----------
    tokens : sequence of str
        Tokens in text order (lower-cased by the caller).
    window : int, default 50
        Window length; when the text is shorter, the plain TTR is returned.

    Returns
    -------
    float
        MATTR in (0, 1]; NaN for an empty sequence.
    """
    n = len(tokens)
    if n == 0:
        return float("nan")
    _, codes = np.unique(np.asarray(tokens, dtype=object), return_inverse=True)
    if n <= window:
        return len(set(codes.tolist())) / n
    order = np.lexsort((np.arange(n), codes))
    prev = np.full(n, -1)
    same = codes[order][1:] == codes[order][:-1]
    prev[order[1:][same]] = order[:-1][same]
    starts = np.arange(n - window + 1)
    windows = sliding_window_view(prev, window)  # windows[i] = prev[i : i + window]
    distinct = (windows < starts[:, None]).sum(axis=1)
    return float(distinct.mean() / window)


def diversity_table(
    sentences: pd.DataFrame,
    by: str = "outlet",
    layers: Sequence[str] | None = OWN_VOICE,
    window: int = 50,
    n_boot: int = 500,
    seed: int = SEED,
) -> pd.DataFrame:
    """MATTR and sentence length per group, with bootstrap intervals over sentences.

    Returns
    -------
    pandas.DataFrame
        ``<by>, n_sentences, n_tokens, mattr, mean_sentence_tokens,
        mean_sentence_tokens_p05, mean_sentence_tokens_p95, median_sentence_tokens``.
        Sentence-length intervals resample sentences (``n_boot`` times).
    """
    s = select_layers(sentences, layers).sort_values(["doc_id", "start"])
    rng = np.random.default_rng(seed)
    rows = []
    for group, g in s.groupby(s[by].astype(str)):
        tokens = g["text"].str.lower().str.findall(TOKEN_PATTERN).explode().dropna().tolist()
        lengths = g["n_tokens"].to_numpy()
        boot = rng.choice(lengths, size=(n_boot, len(lengths)), replace=True).mean(axis=1)
        rows.append(
            {
                by: group,
                "n_sentences": len(g),
                "n_tokens": int(lengths.sum()),
                "mattr": round(mattr(tokens, window), 4),
                "mean_sentence_tokens": round(float(lengths.mean()), 2),
                "mean_sentence_tokens_p05": round(float(np.percentile(boot, 5)), 2),
                "mean_sentence_tokens_p95": round(float(np.percentile(boot, 95)), 2),
                "median_sentence_tokens": float(np.median(lengths)),
            }
        )
    return pd.DataFrame(rows)
