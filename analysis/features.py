"""Framing features as scikit-learn transformers, so they compose in a ``Pipeline``.

Each transformer takes an iterable of texts (sentences) and follows the
scikit-learn contract: parameters only in ``__init__``, ``fit`` returns
``self``, learned attributes end in ``_``, ``get_feature_names_out`` names
the output columns.  :class:`analysis.terms.TermCounts` counts terms;
:class:`CueFeatures` gives cue rates per 1,000 tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from . import kernels
from .cues import combined_pattern, conditional_spans, cue_category
from .language import Rules
from .terms import TermCounts
from .tokens import TOKEN_PATTERN

__all__ = ["CueFeatures", "TermCounts"]


class _BySource:
    """A compiled pattern as a cache key, hashed by its source and flags.

    A compiled pattern's own hash reads its whole compiled code at every call;
    the hash of its source string is computed once and kept by Python.
    """

    __slots__ = ("pattern",)

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    def _key(self) -> tuple[str, int]:
        return self.pattern.pattern, self.pattern.flags

    def __hash__(self) -> int:
        return hash(self._key())

    def __eq__(self, other) -> bool:
        return isinstance(other, _BySource) and self._key() == other._key()


@lru_cache(maxsize=200_000)
def _cue_groups(pattern: _BySource, text: str) -> tuple[int, ...]:
    """Lexicon row of every cue match in ``text`` (cached: texts recur across folds)."""
    return tuple(kernels.alternative(m) for m in pattern.pattern.finditer(text))


@lru_cache(maxsize=200_000)
def _conditionals(rules: Rules, text: str) -> int:
    """Journalistic conditionals in ``text`` (cached like :func:`_cue_groups`)."""
    return len(conditional_spans(text, rules))


class CueFeatures(TransformerMixin, BaseEstimator):
    """Rates of evaluative and epistemic cues in each text.

    Parameters
    ----------
    lexicon : pandas.DataFrame
        Cue lexicon (``cue_type, cue, pattern, connotation``): a profile's ``cues``.
    rules : Rules or None, default None
        The language's grammar rules (a profile's ``rules``): its conditional
        rule, if any, gives a ``conditional`` column.
    per : float, default 1000
        Rates per this many tokens (``per=0`` gives raw counts).

    Attributes
    ----------
    categories_ : list of str
        Cue categories (``cue_type`` or ``cue_type:connotation``), sorted,
        plus the language's ``always_report`` categories (``conditional`` in French).
    column_of_row_ : numpy.ndarray
        Output column of each lexicon row.
    """

    def __init__(self, lexicon: pd.DataFrame | None = None, rules: Rules | None = None, per: float = 1000):
        self.lexicon = lexicon
        self.rules = rules
        self.per = per

    def fit(self, X: Iterable[str], y=None) -> CueFeatures:
        """Fix the cue categories from the lexicon; return self."""
        if self.lexicon is None:
            raise ValueError("CueFeatures needs a cue lexicon: pass a profile's cues, e.g. CueFeatures(Profile.default('fr').cues)")
        self.lexicon_ = self.lexicon.reset_index(drop=True)
        always = set(self.rules.always_report) if self.rules is not None else set()
        self.categories_ = sorted(set(cue_category(self.lexicon_)) | always)
        self.pattern_ = combined_pattern(list(self.lexicon_["pattern"]))
        col = {c: j for j, c in enumerate(self.categories_)}
        self.column_of_row_ = cue_category(self.lexicon_).map(col).to_numpy(dtype=np.intp)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """Return a texts x categories array of rates (or counts)."""
        texts = pd.Series(list(X), dtype=object).astype(str)
        key = _BySource(self.pattern_)
        groups = [_cue_groups(key, text) for text in texts]
        lengths = np.fromiter(map(len, groups), dtype=np.intp, count=len(groups))
        found = np.fromiter(chain.from_iterable(groups), dtype=np.intp, count=int(lengths.sum()))
        out = np.zeros((len(texts), len(self.categories_)))
        np.add.at(out, (np.repeat(np.arange(len(texts)), lengths), self.column_of_row_[found]), 1)
        if self.rules is not None and self.rules.conditional is not None and "conditional" in self.categories_:
            counts = np.fromiter((_conditionals(self.rules, t) for t in texts), dtype=float, count=len(texts))
            out[:, self.categories_.index("conditional")] += counts
        if self.per:
            n_tokens = texts.str.count(TOKEN_PATTERN).to_numpy(dtype=float)
            out = self.per * out / np.maximum(n_tokens, 1)[:, None]
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return ``cue_<category>`` names, one per output column."""
        return np.asarray([f"cue_{c}" for c in self.categories_], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
