"""Term counts: tokens, Snowball stems and n-grams as sparse matrices.

Counting is done by scikit-learn's :class:`~sklearn.feature_extraction.text.CountVectorizer`
with the package's token pattern (:data:`analysis.tokens.TOKEN_PATTERN`).  The
corpus-wide unigram counts (:func:`term_matrix`) may take a faster, equal road
(:func:`analysis.kernels.unigram_matrix`, which the speed wing implements with
Arrow's RE2 engine: :mod:`analysis.scale.arrow`).  Stems are computed once per *word type*
of the fitted vocabulary (NLTK's Snowball stemmer of the corpus's language,
which needs no downloaded data) and the token columns are summed into stem
columns with one sparse matrix product.  Stopwords and the stemmer are
parameters: a study passes its profile's (:class:`analysis.profile.Profile`).  N-grams are built on word forms after stopword
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
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer

from . import kernels
from .corpus import OWN_VOICE
from .language import stemmer as snowball
from .tokens import TOKEN_PATTERN


@lru_cache(maxsize=200_000)
def stem(word: str, stemmer: str) -> str:
    """Return the Snowball stem of one lower-case word (cached per type); ``stemmer=""`` leaves it as is.

    Parameters
    ----------
    word : str
    stemmer : str
        An NLTK Snowball stemmer name (``"french"``, ``"english"``, ...; see
        :data:`analysis.language.SNOWBALL`), or ``""`` for no stemming.

    Examples
    --------
    >>> stem("négociations", "french"), stem("négocier", "french")
    ('négoci', 'négoci')
    >>> stem("negotiations", "english"), stem("negotiations", "")
    ('negoti', 'negotiations')
    """
    return snowball(stemmer)(word)


def select_layers(sentences: pd.DataFrame, layers: Sequence[str] | None = OWN_VOICE) -> pd.DataFrame:
    """Keep the sentences of the given voice layers (all sentences when ``layers`` is None).

    The default is the outlet's own voice: ``relay_commentary`` and
    ``original_outlet``; pass ``("quoted_block",)`` or ``("reader_comment",)``
    to analyse other voices separately.
    """
    if layers is None:
        return sentences
    return sentences[sentences["layer"].astype(str).isin(list(layers))]


def count_vectorizer(ngram_range: tuple[int, int] = (1, 1), stop_words: Iterable[str] | None = None, min_df: int = 1) -> CountVectorizer:
    """Return a CountVectorizer configured with the package's tokens and the given lower-case stopwords."""
    return CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        stop_words=sorted(stop_words) if stop_words else None,
        ngram_range=ngram_range,
        min_df=min_df,
        dtype=np.int64,
    )


def stem_matrix(words: Sequence[str], stemmer: str) -> tuple[sp.csr_matrix, np.ndarray]:
    """Map word columns to stem columns.

    Parameters
    ----------
    words : sequence of str
        Vocabulary (lower-case word forms).
    stemmer : str
        Snowball stemmer name (see :func:`stem`).

    Returns
    -------
    (scipy.sparse.csr_matrix, numpy.ndarray)
        A ``len(words) x n_stems`` 0/1 matrix ``M`` (so ``X @ M`` sums word
        counts into stem counts) and the sorted stem names.
    """
    stems = np.array([stem(w, stemmer) for w in words], dtype=object)
    names, index = np.unique(stems, return_inverse=True)
    m = sp.csr_matrix((np.ones(len(words), dtype=np.int64), (np.arange(len(words)), index)), shape=(len(words), len(names)))
    return m, names.astype(str)


class TermCounts(TransformerMixin, BaseEstimator):
    """Count word forms, stems or n-grams in texts (a scikit-learn transformer).

    Parameters
    ----------
    unit : {"token", "stem"}, default "token"
        Count lower-case word forms, or Snowball stems (unigrams only).
    ngram_range : tuple of int, default (1, 1)
        N-gram sizes for ``unit="token"``.
    stop_words : collection of str or None, default None
        Lower-case word forms to drop (a profile's ``stopwords``); None keeps every word.
    min_df : int, default 1
        Keep terms found in at least this many texts.
    stemmer : str, default ""
        Snowball stemmer name for ``unit="stem"`` (a profile's ``stemmer``, e.g. ``"french"``).

    Attributes
    ----------
    vectorizer_ : CountVectorizer
        The fitted word vectoriser.
    feature_names_ : numpy.ndarray
        Term names, sorted.
    """

    def __init__(
        self,
        unit: str = "token",
        ngram_range: tuple[int, int] = (1, 1),
        stop_words: Iterable[str] | None = None,
        min_df: int = 1,
        stemmer: str = "",
    ):
        self.unit = unit
        self.ngram_range = ngram_range
        self.stop_words = stop_words
        self.min_df = min_df
        self.stemmer = stemmer

    def fit(self, X: Iterable[str], y=None) -> TermCounts:
        """Learn the vocabulary of ``X`` (an iterable of texts); return self."""
        self._check_params()
        self.vectorizer_ = count_vectorizer(self.ngram_range, self.stop_words, self.min_df).fit(X)
        words = self.vectorizer_.get_feature_names_out()
        if self.unit == "stem":
            self.stem_map_, self.feature_names_ = stem_matrix(words, self.stemmer)
        else:
            self.feature_names_ = words
        return self

    def fit_transform(self, X: Iterable[str], y=None) -> sp.csr_matrix:
        """Learn the vocabulary and return the counts in one tokenising pass (``fit(X).transform(X)`` takes two)."""
        self._check_params()
        self.vectorizer_ = count_vectorizer(self.ngram_range, self.stop_words, self.min_df)
        counts = self.vectorizer_.fit_transform(X)
        words = self.vectorizer_.get_feature_names_out()
        if self.unit == "stem":
            self.stem_map_, self.feature_names_ = stem_matrix(words, self.stemmer)
            return (counts @ self.stem_map_).tocsr()
        self.feature_names_ = words
        return counts

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
    index, names = pd.factorize(pd.Series(keys).astype(str), sort=True, use_na_sentinel=False)  # hashing, not np.unique's sort
    names = np.asarray(names, dtype=object)
    g = sp.csr_matrix((np.ones(len(keys), dtype=np.int64), (index, np.arange(len(keys)))), shape=(len(names), len(keys)))
    return g, names


def term_matrix(
    texts: Sequence[str], stop_words: Iterable[str] | None, unit: str = "token", ngram_range: tuple[int, int] = (1, 1), stemmer: str = ""
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Texts x terms counts (:class:`TermCounts`) and the sorted terms; no terms when the texts hold only stopwords (or none).

    Unigrams may be counted by a faster kernel (:func:`analysis.kernels.unigram_matrix`: equal counts).
    """
    if tuple(ngram_range) == (1, 1) and unit in ("token", "stem"):
        fast = kernels.unigram_matrix(texts, frozenset(stop_words or ()))
        if fast is not None:
            x, words = fast
            if unit == "stem" and len(words):
                m, stems = stem_matrix(list(words), stemmer)
                return (x @ m).tocsr().astype(np.int64), stems.astype(object)
            return x, words
    model = TermCounts(unit=unit, ngram_range=ngram_range, stop_words=stop_words, stemmer=stemmer)
    try:
        x = model.fit_transform(texts)
    except ValueError:  # scikit-learn's "empty vocabulary"
        return sp.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
    return x.tocsr(), model.get_feature_names_out().astype(str).astype(object)


@dataclass
class GroupCounts:
    """Term counts summed by group: the unit that chunks of a corpus add up (:mod:`analysis.scale.engine`).

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
        stop_words: Iterable[str] | None,
        by: str = "outlet",
        unit: str = "token",
        ngram_range: tuple[int, int] = (1, 1),
        layers: Sequence[str] | None = OWN_VOICE,
        stemmer: str = "",
    ) -> GroupCounts:
        """Count the terms of the sentences of ``layers`` by ``by`` (see :class:`TermCounts` for the other parameters)."""
        s = select_layers(sentences, layers)
        x, terms = term_matrix(s["text"], stop_words, unit, ngram_range, stemmer)
        return cls.from_matrix(x, terms, s[by], s["n_tokens"])

    @classmethod
    def from_matrix(cls, x: sp.csr_matrix, terms: np.ndarray, keys: pd.Series, n_tokens: pd.Series) -> GroupCounts:
        """Sum a texts x terms matrix by group (``keys``, one per text; ``n_tokens``: each text's tokens, stopwords included)."""
        g, names = group_matrix(keys)
        totals = pd.Series(n_tokens.to_numpy()).groupby(keys.astype(str).to_numpy()).sum().reindex(names).to_numpy(dtype=np.int64)
        return cls(names, terms, (g @ x).tocsr().astype(np.int64), totals)

    def stemmed(self, stemmer: str) -> GroupCounts:
        """Return the same counts summed by Snowball stem (``terms`` must be word forms; ``stemmer`` as in :func:`stem`).

        Equal to counting with ``unit="stem"``: the stem counts are the word
        counts summed over the word forms of each stem.
        """
        m, names = stem_matrix(list(self.terms), stemmer)
        return GroupCounts(self.groups, names.astype(object), (self.counts @ m).tocsr().astype(np.int64), self.tokens)

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
    stop_words: Iterable[str] | None,
    by: str = "outlet",
    unit: str = "token",
    ngram_range: tuple[int, int] = (1, 1),
    layers: Sequence[str] | None = OWN_VOICE,
    stemmer: str = "",
) -> pd.DataFrame:
    """Count terms per group and their rate per 1,000 tokens.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentence table.
    stop_words : collection of str or None
        Lower-case stopwords to leave out (a profile's ``stopwords``).
    by : str, default "outlet"
        Grouping column.
    unit, ngram_range, stemmer
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
    return term_table(GroupCounts.from_sentences(sentences, stop_words, by, unit, ngram_range, layers, stemmer), by)


def term_table(counts: GroupCounts, by: str = "outlet") -> pd.DataFrame:
    """Return the long table of :func:`term_counts` from group counts.

    Sorted by group, count (descending) and term on integer codes; the string
    columns are taken from the group and term names converted once.
    """
    coo = counts.counts.tocoo()
    order = np.lexsort((sort_codes(counts.terms)[coo.col], -coo.data, sort_codes(counts.groups)[coo.row]))  # = by, -count, term
    rows, cols = coo.row[order], coo.col[order]
    out = pd.DataFrame(
        {
            by: pd.array(counts.groups.astype(str), dtype="str").take(rows),
            "term": pd.array(counts.terms.astype(str), dtype="str").take(cols),
            "count": coo.data[order].astype(np.int64),
        }
    )
    out["n_tokens"] = counts.tokens[rows].astype(np.int64)
    out["per_1000"] = (1000 * out["count"] / out["n_tokens"]).round(3)
    return out


def sort_codes(names: Sequence[str]) -> np.ndarray:
    """Integer codes that sort like the strings (code-point order, as pandas sorts them), for ``numpy.lexsort``.

    Positions when the names are already strictly increasing (the terms and
    groups of :class:`GroupCounts` are), ranks otherwise; sorting integers
    instead of strings is what makes the long keyness and term tables cheap.
    """
    names = np.asarray(names, dtype=object)
    if all(a < b for a, b in zip(names[:-1], names[1:])):
        return np.arange(len(names))
    return np.unique(names, return_inverse=True)[1].ravel()


@dataclass
class Spread:
    """How each group's term counts spread over its documents (the dispersion of a distinctive term).

    Attributes
    ----------
    groups, terms : numpy.ndarray
        Sorted group names (outlets) and term names.
    n_docs : scipy.sparse.csr_matrix
        Groups x terms: the group's documents that use the term.
    max_doc : scipy.sparse.csr_matrix
        Groups x terms: the term's count in the group's document that uses it most.
    n_documents : numpy.ndarray
        Documents per group.

    A term used by one document of an outlet that has several is that
    document's word, not the outlet's (corpus linguistics' dispersion: Gries
    2008).  Spreads of disjoint sets of documents combine (:meth:`combine`).
    """

    groups: np.ndarray
    terms: np.ndarray
    n_docs: sp.csr_matrix
    max_doc: sp.csr_matrix
    n_documents: np.ndarray

    @classmethod
    def from_matrix(cls, x: sp.csr_matrix, terms: np.ndarray, keys: pd.Series, documents: pd.Series) -> Spread:
        """Spread of a texts x terms matrix, each text with its group (``keys``) and document (``documents``)."""
        dcodes, docs = pd.factorize(pd.Series(documents).astype(str).to_numpy())
        per_doc = sp.csr_matrix((np.ones(len(dcodes)), (dcodes, np.arange(len(dcodes)))), shape=(len(docs), len(dcodes))) @ x
        doc_group = pd.Series(pd.Series(keys).astype(str).to_numpy()).groupby(dcodes).first().to_numpy()
        gcodes, groups = pd.factorize(doc_group, sort=True)
        coo = per_doc.tocoo()
        frame = pd.DataFrame({"g": gcodes[coo.row], "t": coo.col, "count": coo.data})
        agg = frame.groupby(["g", "t"], sort=True)["count"].agg(["size", "max"])
        g, t = agg.index.get_level_values(0).to_numpy(), agg.index.get_level_values(1).to_numpy()
        shape = (len(groups), len(terms))
        n_documents = np.bincount(gcodes, minlength=len(groups)).astype(np.int64)
        return cls(
            np.asarray(groups, dtype=object),
            np.asarray(terms, dtype=object),
            sp.csr_matrix((agg["size"].to_numpy(dtype=np.int64), (g, t)), shape=shape),
            sp.csr_matrix((agg["max"].to_numpy(dtype=np.int64), (g, t)), shape=shape),
            n_documents,
        )

    @classmethod
    def combine(cls, parts: Sequence[Spread]) -> Spread:
        """Put together the spreads of disjoint sets of documents: documents add up, the largest count is the largest."""
        groups = np.array(sorted(set().union(*(p.groups for p in parts))), dtype=object)
        terms = np.array(sorted(set().union(*(p.terms for p in parts))), dtype=object)
        g_index, t_index = pd.Index(groups), pd.Index(terms)
        frames, n_documents = [], np.zeros(len(groups), dtype=np.int64)
        for p in parts:
            rows = g_index.get_indexer(p.groups)
            n_documents[rows] += p.n_documents
            a, b = p.n_docs.tocoo(), p.max_doc.tocoo()
            frames.append(pd.DataFrame({"g": rows[a.row], "t": t_index.get_indexer(p.terms)[a.col], "n": a.data, "m": b.data}))
        shape = (len(groups), len(terms))
        if not frames or not sum(len(f) for f in frames):
            empty = sp.csr_matrix(shape, dtype=np.int64)
            return cls(groups, terms, empty, empty.copy(), n_documents)
        agg = pd.concat(frames, ignore_index=True).groupby(["g", "t"], sort=True).agg(n=("n", "sum"), m=("m", "max"))
        g, t = agg.index.get_level_values(0).to_numpy(), agg.index.get_level_values(1).to_numpy()
        return cls(
            groups,
            terms,
            sp.csr_matrix((agg["n"].to_numpy(dtype=np.int64), (g, t)), shape=shape),
            sp.csr_matrix((agg["m"].to_numpy(dtype=np.int64), (g, t)), shape=shape),
            n_documents,
        )

    def aligned(self, groups: Sequence[str], terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Dense groups x terms ``n_docs`` and ``max_doc`` for these groups and terms (zeros where unseen)."""
        rows, cols = pd.Index(self.groups).get_indexer(list(groups)), pd.Index(self.terms).get_indexer(list(terms))
        out = []
        for m in (self.n_docs, self.max_doc):
            dense = np.zeros((len(rows), len(cols)), dtype=np.int64)
            ok_r, ok_c = rows >= 0, cols >= 0
            if ok_r.any() and ok_c.any():
                dense[np.ix_(ok_r, ok_c)] = m[rows[ok_r]][:, cols[ok_c]].toarray()
            out.append(dense)
        return out[0], out[1]
