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
from .resample import by_cluster, resampled_sums
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
    acc = MattrAccumulator(window)
    acc.add(tokens)
    return acc.value()


class MattrAccumulator:
    """MATTR of a token stream fed in pieces (e.g. chunk after chunk of a corpus).

    Keeps the last ``window - 1`` tokens, the sum of the distinct-type counts
    of the windows seen and their number, so memory does not grow with the
    stream; the value equals :func:`mattr` of the whole stream.
    """

    def __init__(self, window: int = 50):
        self.window = window
        self.carry: list[str] = []
        self.n_tokens = 0
        self.distinct_sum = 0
        self.n_windows = 0

    def add(self, tokens: Sequence[str]) -> None:
        """Append tokens to the stream."""
        stream = self.carry + list(tokens)
        self.n_tokens += len(tokens)
        n = len(stream)
        if n >= self.window:
            codes, _ = pd.factorize(np.asarray(stream, dtype=object))  # equal tokens, equal codes (hashing, not sorting)
            order = np.lexsort((np.arange(n), codes))
            prev = np.full(n, -1)
            same = codes[order][1:] == codes[order][:-1]
            prev[order[1:][same]] = order[:-1][same]
            starts = np.arange(n - self.window + 1)
            windows = sliding_window_view(prev, self.window)  # windows[i] = prev[i : i + window]
            self.distinct_sum += int((windows < starts[:, None]).sum())
            self.n_windows += n - self.window + 1
        self.carry = stream[-(self.window - 1) :] if self.window > 1 else []

    def value(self) -> float:
        """MATTR of the stream so far (the plain TTR when it is no longer than the window)."""
        if self.n_tokens == 0:
            return float("nan")
        if self.n_tokens < self.window:
            return len(set(self.carry)) / self.n_tokens
        if self.n_tokens == self.window:
            return self.distinct_sum / self.window
        return float(self.distinct_sum / self.n_windows / self.window)


def group_tokens(sentences: pd.DataFrame, by: str = "outlet") -> dict[str, list[str]]:
    """Lower-cased tokens of each group's sentences, in the order of the rows (sort them by document and offset first)."""
    tokens = sentences["text"].str.lower().str.findall(TOKEN_PATTERN)
    return {group: t.explode().dropna().tolist() for group, t in tokens.groupby(sentences[by].astype(str))}


def diversity_table(
    sentences: pd.DataFrame,
    by: str = "outlet",
    layers: Sequence[str] | None = OWN_VOICE,
    window: int = 50,
    n_boot: int = 500,
    seed: int = SEED,
    mattr_values: dict[str, float] | None = None,
) -> pd.DataFrame:
    """MATTR and sentence length per group, with bootstrap intervals over sentences.

    Returns
    -------
    pandas.DataFrame
        ``<by>, n_sentences, n_tokens, mattr, mean_sentence_tokens,
        mean_sentence_tokens_p05, mean_sentence_tokens_p95, median_sentence_tokens, resampled``.
        Sentence-length intervals resample (``n_boot`` times) the group's
        documents when it has two or more, else its sentences (``resampled``).
        ``mattr_values`` gives each group's MATTR when it was computed
        elsewhere (chunk by chunk, :func:`group_tokens` and
        :class:`MattrAccumulator`); the sentences then need no text.
    """
    s = select_layers(sentences, layers).sort_values(["doc_id", "start"])
    rng = np.random.default_rng(seed)
    rows = []
    for group, g in s.groupby(s[by].astype(str)):
        value = mattr_values[group] if mattr_values is not None else mattr(group_tokens(g, by)[group], window)
        lengths = g["n_tokens"].to_numpy()
        units, level = by_cluster(np.column_stack([lengths, np.ones(len(lengths))]), g["doc_id"].to_numpy())
        if level == "sentences":
            boot = resampled_sums(rng, lengths, n_boot) / len(lengths)  # the means of rng.choice(lengths, (n_boot, n))
        else:
            sums = resampled_sums(rng, units, n_boot)
            boot = sums[:, 0] / sums[:, 1]  # tokens over sentences of the documents drawn
        rows.append(
            {
                by: group,
                "n_sentences": len(g),
                "n_tokens": int(lengths.sum()),
                "mattr": round(value, 4),
                "mean_sentence_tokens": round(float(lengths.mean()), 2),
                "mean_sentence_tokens_p05": round(float(np.percentile(boot, 5)), 2),
                "mean_sentence_tokens_p95": round(float(np.percentile(boot, 95)), 2),
                "median_sentence_tokens": float(np.median(lengths)),
                "resampled": level,
            }
        )
    return pd.DataFrame(rows)
