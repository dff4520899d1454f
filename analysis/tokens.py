"""Word tokens for French news text, shared by every count in the package.

One regular expression defines a token, so NLTK's ``RegexpTokenizer`` (token
spans) and scikit-learn's vectorisers (counts) agree:

* numbers written with thin, no-break or plain spaces between groups of three
  digits ("100 000", "43 000") are one token, as are decimals ("1,5");
* words keep inner hyphens ("contre-offensive", "États-Unis", "a-t-il");
* elided articles and pronouns split at the apostrophe ("l’Ukraine" gives
  "l" and "Ukraine"), whatever the apostrophe (' or ’).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from nltk.tokenize import RegexpTokenizer

#: The token pattern (a Python regex; case is folded by the callers).  Its quantifiers are possessive: nothing after
#: them can fail, so they match what greedy ones would, without keeping backtracking points (Python >= 3.11).
TOKEN_PATTERN = r"[^\W\d_]++(?:-[^\W\d_]++)*+|\d{1,3}(?:[ \u00a0\u202f]\d{3})++(?:[.,]\d+)?+|\d++(?:[.,]\d+)?+"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
_tokenizer = RegexpTokenizer(TOKEN_PATTERN)


#: Python classes that :func:`re2_pattern` spells out code point by code point (RE2's own Unicode tables differ).
_PYTHON_CLASSES = frozenset({r"[^\W\d_]", r"\d", r"\s"})
_PATTERN_PIECE = re.compile(r"\[\^\\W\\d_\]|\\u[0-9a-fA-F]{4}|\\.|.", re.S)


@cache
def _class_body(python_class: str) -> str:
    r"""Return the code points Python's ``re`` puts in ``python_class``, as the inside of an RE2 class (``\x{41}-\x{5A}...``)."""
    points = np.r_[np.arange(0xD800), np.arange(0xE000, 0x110000)].astype("<u4")  # every code point but the surrogates
    every = points.tobytes().decode("utf-32-le")
    ranges = []
    for m in re.finditer(f"{python_class}+", every):
        a, b = ord(every[m.start()]), ord(every[m.end() - 1])
        ranges += [(a, 0xD7FF), (0xE000, b)] if a < 0xD800 < b else [(a, b)]  # a run is cut around the surrogates
    return "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)


@cache
def re2_pattern(pattern: str) -> str:
    r"""Spell a Python pattern for Arrow's RE2 engine so that it finds the same matches.

    RE2 (used by ``pyarrow.compute``'s regex functions, which run without
    holding the GIL and make no Python string per match) has no possessive
    quantifier and its own Unicode tables.  So ``[^\W\d_]``, ``\d`` and ``\s``
    become the exact code points Python's ``re`` puts in them, ``\uXXXX``
    becomes ``\x{XXXX}``, and possessive quantifiers become greedy.  Greedy
    equals possessive in this module's patterns, where nothing after a
    quantifier can fail, and both engines take the leftmost alternative that
    matches; ``tests/test_lexical.py`` and ``tests/test_segments.py`` compare them on every code point.

    Parameters
    ----------
    pattern : str
        Literals, escaped punctuation, classes, groups, alternation and quantifiers.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When the pattern holds another escape (``\b``, ``\w``...), which this function does not translate.
    """
    out, in_class, previous = [], False, ""
    for piece in _PATTERN_PIECE.findall(pattern):
        if piece in _PYTHON_CLASSES:
            body = _class_body(piece)
            out.append(body if in_class else f"[{body}]")
        elif piece.startswith("\\u"):
            out.append(f"\\x{{{piece[2:].upper()}}}")
        elif piece.startswith("\\") and piece[1].isalnum():
            raise ValueError(f"re2_pattern: the escape {piece!r} in {pattern!r} is not translated; spell it as a class of code points")
        elif piece == "+" and not in_class and previous in ("+", "*", "?", "}"):
            pass  # possessive -> greedy
        else:
            in_class = (in_class and piece != "]") or (not in_class and piece == "[")
            out.append(piece)
        previous = piece
    return "".join(out)


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``text`` (case kept).

    Examples
    --------
    >>> tokenize("Les États-Unis achètent 100 000 obus à l’Ukraine.")
    ['Les', 'États-Unis', 'achètent', '100 000', 'obus', 'à', 'l', 'Ukraine']
    """
    return _tokenizer.tokenize(text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the tokens of ``text``."""
    return list(_tokenizer.span_tokenize(text))


#: Rows of a text column that :func:`count_tokens` and :func:`normalise_space` work on at once: Python's regex
#: engine makes a Python string per row, so a corpus loaded at once holds a block's strings, not all of them.
TEXT_BLOCK = 100_000


def by_blocks(values: pd.Series | pd.DataFrame, fn: Callable, rows: int | None = None) -> pd.Series:
    """Apply ``fn`` (row by row in effect) to blocks of ``rows`` rows (default :data:`TEXT_BLOCK`) of ``values``; concatenate the results."""
    rows = rows or TEXT_BLOCK
    if len(values) <= rows:
        return fn(values)
    return pd.concat([fn(values.iloc[i : i + rows]) for i in range(0, len(values), rows)])


def arrow_strings(texts) -> pa.Array | pa.ChunkedArray | None:
    """Return the Arrow strings of a pandas Series of Arrow strings with no missing value (else None: pandas' own road)."""
    dtype = getattr(texts, "dtype", None)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and not texts.isna().any():
        return pa.array(texts.array)
    return None


def count_tokens(texts: pd.Series) -> pd.Series:
    """Count tokens in each text: Arrow's RE2 engine (:func:`re2_pattern`) on Arrow strings, else pandas' ``str.count``.

    Both count the matches of :data:`TOKEN_PATTERN` (``tests/test_segments.py``);
    pandas falls back on Python's ``re``, a Python string per row, for this
    pattern, so it works :data:`TEXT_BLOCK` rows at a time.
    """
    strings = arrow_strings(texts)
    if strings is not None:
        counts = pc.count_substring_regex(strings, re2_pattern(TOKEN_PATTERN))
        return pd.Series(counts.to_numpy().astype(np.int64), index=texts.index, name=texts.name)
    return by_blocks(texts, lambda t: t.str.count(TOKEN_PATTERN).astype("int64"))


def normalise_space(texts: pd.Series) -> pd.Series:
    r"""Collapse every run of white space (no-break spaces, line breaks) to one space and strip the ends.

    White space is Python's ``\s``: on Arrow strings, spelled out for Arrow's
    RE2 engine (:func:`re2_pattern`), else pandas' ``str.replace`` and
    ``str.strip``, :data:`TEXT_BLOCK` rows at a time; both give the same
    texts (``tests/test_segments.py``).
    """
    strings = arrow_strings(texts)
    if strings is not None:
        spaced = pc.utf8_trim(pc.replace_substring_regex(strings, re2_pattern(r"\s+"), " "), " ")
        return pd.Series(pd.array(spaced, dtype=texts.dtype), index=texts.index, name=texts.name)
    return by_blocks(texts, lambda t: t.str.replace(r"\s+", " ", regex=True).str.strip())
