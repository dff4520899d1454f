"""Term counts: tokens, French Snowball stems and n-grams as sparse matrices.

Counting is done by scikit-learn's :class:`~sklearn.feature_extraction.text.CountVectorizer`
with the package's token pattern (:data:`analysis.tokens.TOKEN_PATTERN`), so
there is no Python loop over tokens.  Stems are computed once per *word type*
of the fitted vocabulary (NLTK's French Snowball stemmer, which needs no
downloaded data) and the token columns are summed into stem columns with one
sparse matrix product.  N-grams are built on word forms after stopword
removal (scikit-learn's behaviour: "pourparlers de paix" gives the bigram
"pourparlers paix").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from nltk.stem.snowball import FrenchStemmer
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer

from .corpus import OWN_VOICE
from .lexicons import stopwords
from .tokens import TOKEN_PATTERN

_STEMMER = FrenchStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the French Snowball stem of one lower-case word (cached per type).

    Examples
    --------
    >>> stem("négociations"), stem("négocier")
    ('négoci', 'négoci')
    """
    return _STEMMER.stem(word)


def select_layers(sentences: pd.DataFrame, layers: Sequence[str] | None = OWN_VOICE) -> pd.DataFrame:
    """Keep the sentences of the given voice layers (all sentences when ``layers`` is None).

    The default is the outlet's own voice: ``relay_commentary`` and
    ``original_outlet``; pass ``("quoted_block",)`` or ``("reader_comment",)``
    to analyse other voices separately.
    """
    if layers is None:
        return sentences
    return sentences[sentences["layer"].astype(str).isin(list(layers))]


def count_vectorizer(ngram_range: tuple[int, int] = (1, 1), stop_words: bool = True, min_df: int = 1) -> CountVectorizer:
    """Return a CountVectorizer configured with the package's tokens and stopwords."""
    return CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        stop_words=sorted(stopwords()) if stop_words else None,
        ngram_range=ngram_range,
        min_df=min_df,
        dtype=np.int64,
    )


def stem_matrix(words: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    """Map word columns to stem columns.

    Parameters
    ----------
    words : sequence of str
        Vocabulary (lower-case word forms).

    Returns
    -------
    (scipy.sparse.csr_matrix, numpy.ndarray)
        A ``len(words) x n_stems`` 0/1 matrix ``M`` (so ``X @ M`` sums word
        counts into stem counts) and the sorted stem names.
    """
    stems = np.array([stem(w) for w in words], dtype=object)
    names, index = np.unique(stems, return_inverse=True)
    m = sp.csr_matrix((np.ones(len(words), dtype=np.int64), (np.arange(len(words)), index)), shape=(len(words), len(names)))
    return m, names.astype(str)


class TermCounts(TransformerMixin, BaseEstimator):
    """Count word forms, stems or n-grams in texts (a scikit-learn transformer).

    Parameters
    ----------
    unit : {"token", "stem"}, default "token"
        Count lower-case word forms, or French Snowball stems (unigrams only).
    ngram_range : tuple of int, default (1, 1)
        N-gram sizes for ``unit="token"``.
    stop_words : bool, default True
        Drop the shipped French stopwords (``data/lexicons/stopwords_fr.txt``).
    min_df : int, default 1
        Keep terms found in at least this many texts.

    Attributes
    ----------
    vectorizer_ : CountVectorizer
        The fitted word vectoriser.
    feature_names_ : numpy.ndarray
        Term names, sorted.
    """

    def __init__(self, unit: str = "token", ngram_range: tuple[int, int] = (1, 1), stop_words: bool = True, min_df: int = 1):
        self.unit = unit
        self.ngram_range = ngram_range
        self.stop_words = stop_words
        self.min_df = min_df

    def fit(self, X: Iterable[str], y=None) -> TermCounts:
        """Learn the vocabulary of ``X`` (an iterable of texts); return self."""
        self._check_params()
        self.vectorizer_ = count_vectorizer(self.ngram_range, self.stop_words, self.min_df).fit(X)
        words = self.vectorizer_.get_feature_names_out()
        if self.unit == "stem":
            self.stem_map_, self.feature_names_ = stem_matrix(words)
        else:
            self.feature_names_ = words
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Return the sparse texts x terms count matrix."""
        counts = self.vectorizer_.transform(X)
        return (counts @ self.stem_map_).tocsr() if self.unit == "stem" else counts

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return the term names (sorted), one per output column."""
        return np.asarray(self.feature_names_, dtype=object)

    def _check_params(self) -> None:
        if self.unit not in ("token", "stem"):
            raise ValueError(f"unit must be 'token' or 'stem', not {self.unit!r}")
        if self.unit == "stem" and tuple(self.ngram_range) != (1, 1):
            raise ValueError("stems are counted as unigrams only: use ngram_range=(1, 1) with unit='stem'")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def group_matrix(keys: pd.Series) -> tuple[sp.csr_matrix, np.ndarray]:
    """Return a groups x rows 0/1 matrix (``G @ X`` sums rows by group) and the sorted group names."""
    names, index = np.unique(keys.astype(str).to_numpy(), return_inverse=True)
    g = sp.csr_matrix((np.ones(len(keys), dtype=np.int64), (index, np.arange(len(keys)))), shape=(len(names), len(keys)))
    return g, names


def term_matrix(texts: Sequence[str], unit: str = "token", ngram_range: tuple[int, int] = (1, 1)) -> tuple[sp.csr_matrix, np.ndarray]:
    """Texts x terms counts (:class:`TermCounts`) and the sorted terms; no terms when the texts hold only stopwords (or none)."""
    try:
        model = TermCounts(unit=unit, ngram_range=ngram_range).fit(texts)
    except ValueError:  # scikit-learn's "empty vocabulary"
        return sp.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
    return model.transform(texts).tocsr(), model.get_feature_names_out().astype(str).astype(object)


@dataclass
class GroupCounts:
    """Term counts summed by group: the unit that chunks of a corpus add up (:mod:`analysis.engine`).

    Attributes
    ----------
    groups : numpy.ndarray
        Sorted group names (e.g. outlets).
    terms : numpy.ndarray
        Sorted term names.
    counts : scipy.sparse.csr_matrix
        Groups x terms counts (int64).
    tokens : numpy.ndarray
        All tokens of each group, stopwords included (the denominator of rates).
    """

    groups: np.ndarray
    terms: np.ndarray
    counts: sp.csr_matrix
    tokens: np.ndarray

    @classmethod
    def from_sentences(
        cls,
        sentences: pd.DataFrame,
        by: str = "outlet",
        unit: str = "token",
        ngram_range: tuple[int, int] = (1, 1),
        layers: Sequence[str] | None = OWN_VOICE,
    ) -> GroupCounts:
        """Count the terms of the sentences of ``layers`` by ``by`` (see :class:`TermCounts` for ``unit``, ``ngram_range``)."""
        s = select_layers(sentences, layers)
        g, names = group_matrix(s[by])
        totals = s.groupby(s[by].astype(str))["n_tokens"].sum().reindex(names).to_numpy(dtype=np.int64)
        x, terms = term_matrix(s["text"], unit, ngram_range)
        return cls(names, terms, (g @ x).tocsr().astype(np.int64), totals)

    @classmethod
    def combine(cls, parts: Sequence[GroupCounts]) -> GroupCounts:
        """Add up the counts of disjoint parts of a corpus (union of groups and of terms)."""
        groups = np.array(sorted(set().union(*(p.groups for p in parts))), dtype=object)
        terms = np.array(sorted(set().union(*(p.terms for p in parts))), dtype=object)
        g_index = {g: i for i, g in enumerate(groups)}
        t_index = pd.Index(terms)
        rows, cols, data = [], [], []
        tokens = np.zeros(len(groups), dtype=np.int64)
        for p in parts:
            coo = p.counts.tocoo()
            rows.append(np.array([g_index[g] for g in p.groups], dtype=np.int64)[coo.row])
            cols.append(t_index.get_indexer(p.terms)[coo.col])
            data.append(coo.data)
            tokens[[g_index[g] for g in p.groups]] += p.tokens
        if not parts or not sum(len(d) for d in data):
            return cls(groups, terms, sp.csr_matrix((len(groups), len(terms)), dtype=np.int64), tokens)
        counts = sp.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(len(groups), len(terms)))
        counts.sum_duplicates()
        return cls(groups, terms, counts.astype(np.int64), tokens)

    def dense(self, min_count: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Return the groups x terms dense counts of the terms seen at least ``min_count`` times, and those terms."""
        keep = np.asarray(self.counts.sum(axis=0)).ravel() >= min_count
        return self.counts[:, keep].toarray(), self.terms[keep].astype(str)


def term_counts(
    sentences: pd.DataFrame,
    by: str = "outlet",
    unit: str = "token",
    ngram_range: tuple[int, int] = (1, 1),
    layers: Sequence[str] | None = OWN_VOICE,
) -> pd.DataFrame:
    """Count terms per group and their rate per 1,000 tokens.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentence table.
    by : str, default "outlet"
        Grouping column.
    unit, ngram_range
        As in :class:`TermCounts`.
    layers : sequence of str or None
        Voice layers to keep (default: the outlet's own voice).

    Returns
    -------
    pandas.DataFrame
        Long table ``<by>, term, count, n_tokens, per_1000`` for every
        non-zero count, sorted; ``n_tokens`` counts all tokens of the group
        (stopwords included), the denominator of ``per_1000``.
    """
    return term_table(GroupCounts.from_sentences(sentences, by, unit, ngram_range, layers), by)


def term_table(counts: GroupCounts, by: str = "outlet") -> pd.DataFrame:
    """Return the long table of :func:`term_counts` from group counts."""
    coo = counts.counts.tocoo()
    out = pd.DataFrame(
        {by: counts.groups[coo.row].astype(str), "term": counts.terms[coo.col].astype(str), "count": coo.data.astype(np.int64)}
    )
    out["n_tokens"] = counts.tokens[coo.row].astype(np.int64)
    out["per_1000"] = (1000 * out["count"] / out["n_tokens"]).round(3)
    return out.sort_values([by, "count", "term"], ascending=[True, False, True]).reset_index(drop=True)
