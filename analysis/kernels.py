r"""The study's inner loops in their plain form, and the one place where faster equal ones plug in.

Every table of the study comes from the science modules, and their inner
loops are these, each defined here by its plainest correct implementation:

* :func:`alternation`: a lexicon's patterns as one whole-word,
  case-insensitive alternation, tried longest first
  (``(?<![\w-])(?:p_0|p_1|...)(?![\w-])``);
* :func:`scanner`: the matches of several such alternations in many texts,
  which are exactly ``pattern.finditer(text)`` for each;
* :func:`unigram_matrix`: texts x word forms counts, exactly scikit-learn's
  ``CountVectorizer`` with the token pattern (the plain road returns ``None``:
  the caller then runs the vectoriser itself);
* :func:`count_tokens` and :func:`normalise_space`: tokens per text, and
  white space collapsed, with pandas' string methods.

The speed wing (:mod:`analysis.scale`) installs faster implementations of
the same functions when the package is imported (:func:`install`): a
first-letter dispatched alternation, a scanner that tries each pattern only
where it can start, and Arrow's RE2 engine for tokens.  Science modules call
these functions through this module (``kernels.scanner(...)``) and import
nothing from the speed wing; ``tests/test_kernels.py`` checks that the plain
and the fast implementations give the same tables, byte for byte, on the
study and the fixture corpora (:func:`plain` switches the fast ones off).

Examples
--------
>>> pattern = alternation([r"paix", r"pourparlers\s+de\s+paix"])
>>> [m.group() for m in pattern.finditer("Des pourparlers de paix, la paix, la paix-cadre.")]
['pourparlers de paix', 'paix']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import pandas as pd

from .tokens import TOKEN_PATTERN

#: Rows of a text column that :func:`count_tokens` and :func:`normalise_space` work on at once: Python's regex
#: engine makes a Python string per row, so a corpus loaded at once holds a block's strings, not all of them.
TEXT_BLOCK = 100_000


def alternation(patterns: Sequence[str], order: Sequence[int] | None = None, prefix: str = "c", right: str = r"(?![\w-])") -> re.Pattern:
    r"""Compile the whole-word, case-insensitive alternation of ``patterns``, longest first.

    Parameters
    ----------
    patterns : sequence of str
        Regular expressions; the pattern behind a match is :func:`alternative`.
    order : sequence of int, optional
        Order in which alternatives are tried (default: longest pattern first,
        so "a reconnu" wins over "reconnu").
    prefix : str
        Prefix of the group names (``<prefix><i>_<branch>``).
    right : str
        Right-boundary assertion (default: no word character or hyphen follows).
    """
    if order is None:
        order = sorted(range(len(patterns)), key=lambda i: (-len(patterns[i]), i))
    return _active["alternation"](tuple(patterns), tuple(order), prefix, right)


@lru_cache(maxsize=256)
def plain_alternation(patterns: tuple[str, ...], order: tuple[int, ...], prefix: str, right: str) -> re.Pattern:
    r"""Return ``(?<![\w-])(?:(?P<c0_0>p_0)|...)`` + ``right``, the alternatives in ``order`` (compiled once per argument set)."""
    body = "|".join(f"(?P<{prefix}{i}_0>{patterns[i]})" for i in order) or "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body}){right}", re.IGNORECASE)


def alternative(match: re.Match) -> int:
    """Index (in ``patterns``) of the pattern that produced a match of :func:`alternation`."""
    return _group_pattern(match.lastgroup)


@lru_cache(maxsize=65_536)
def _group_pattern(name: str) -> int:
    """Index of the pattern behind a group name ``<prefix><i>_<branch>`` (cached: a lexicon has few names)."""
    return int(name[1:].split("_", 1)[0].lstrip("abcdefghijklmnopqrstuvwxyz"))


class PlainScanner:
    """The matches of several compiled patterns in texts: ``pattern.finditer(text)``, pattern by pattern.

    Parameters
    ----------
    alternatives : sequence of sequence of str
        For each pattern, the alternatives it was built from (unused here; a
        faster scanner reads where each can start).
    compiled : sequence of re.Pattern
        The patterns (e.g. from :func:`alternation`), in the same order.
    """

    def __init__(self, alternatives: Sequence[Sequence[str]], compiled: Sequence[re.Pattern]):
        self.compiled = tuple(compiled)

    def scan(self, text: str) -> list[tuple[int, re.Match]]:
        """Return ``(pattern index, match)``: pattern by pattern, each pattern's matches in text order."""
        return [(a, m) for a, pattern in enumerate(self.compiled) for m in pattern.finditer(text)]

    def scan_many(self, texts: Sequence[str], keep: Callable[[re.Match], object] | None = None) -> list[list[tuple[int, object]]]:
        """Return :meth:`scan` of each text, each match turned into ``keep(match)`` (default: the match)."""
        keep = keep or (lambda m: m)
        return [[(a, keep(m)) for a, m in self.scan(text)] for text in texts]


def scanner(alternatives: Sequence[Sequence[str]], compiled: Sequence[re.Pattern]):
    """Return a scanner of ``compiled`` (the patterns built from ``alternatives``): a :class:`PlainScanner` or a faster equal one."""
    return _active["scanner"](alternatives, compiled)


def text_batches(texts: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, stop)`` slices in which a caller scans ``texts`` (plain: one slice; the speed wing bounds their characters)."""
    return _active["text_batches"](texts)


def _one_batch(texts: Sequence[str]) -> list[tuple[int, int]]:
    return [(0, len(texts))]


def unigram_matrix(texts, stop_words: frozenset[str] | None = None):
    """Texts x lower-case word forms counts and the sorted forms, or ``None`` (plain: the caller runs ``CountVectorizer``)."""
    return _active["unigram_matrix"](texts, stop_words)


def by_blocks(values: pd.Series | pd.DataFrame, fn: Callable, rows: int | None = None) -> pd.Series:
    """Apply ``fn`` (row by row in effect) to blocks of ``rows`` rows (default :data:`TEXT_BLOCK`) of ``values``; concatenate the results."""
    rows = rows or TEXT_BLOCK
    if len(values) <= rows:
        return fn(values)
    return pd.concat([fn(values.iloc[i : i + rows]) for i in range(0, len(values), rows)])


def count_tokens(texts: pd.Series) -> pd.Series:
    """Count the matches of :data:`~analysis.tokens.TOKEN_PATTERN` in each text (int64).

    Examples
    --------
    >>> count_tokens(pd.Series(["Les États-Unis achètent 100 000 obus.", ""])).tolist()
    [5, 0]
    """
    return _active["count_tokens"](texts)


def _plain_count_tokens(texts: pd.Series) -> pd.Series:
    return by_blocks(texts, lambda t: t.str.count(TOKEN_PATTERN).astype("int64"))


def normalise_space(texts: pd.Series) -> pd.Series:
    r"""Collapse every run of white space (Python's ``\s``: no-break spaces, line breaks) to one space and strip the ends.

    Examples
    --------
    >>> normalise_space(pd.Series(["  la\u00a0paix\n\nest  loin "])).tolist()
    ['la paix est loin']
    """
    return _active["normalise_space"](texts)


def _plain_normalise_space(texts: pd.Series) -> pd.Series:
    return by_blocks(texts, lambda t: t.str.replace(r"\s+", " ", regex=True).str.strip())


PLAIN = {
    "alternation": plain_alternation,
    "scanner": PlainScanner,
    "text_batches": _one_batch,
    "unigram_matrix": lambda texts, stop_words: None,
    "count_tokens": _plain_count_tokens,
    "normalise_space": _plain_normalise_space,
}
_active = dict(PLAIN)


def install(**kernels) -> None:
    """Use faster implementations of the kernels named (keys of :data:`PLAIN`); each must give the plain one's results."""
    unknown = set(kernels) - set(PLAIN)
    if unknown:
        raise ValueError(f"unknown kernels: {', '.join(sorted(unknown))}")
    _active.update(kernels)


@contextmanager
def plain() -> Iterator[None]:
    """Run the plain kernels inside the ``with`` block (the equality tests compare both roads)."""
    saved = dict(_active)
    _active.update(PLAIN)
    try:
        yield
    finally:
        _active.update(saved)
