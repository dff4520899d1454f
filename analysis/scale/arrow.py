r"""Arrow's RE2 engine for the token counts: tokens, word-form matrices and white space without a Python loop per token.

:func:`unigram_matrix` tokenises many texts at once (Arrow's RE2 engine on long
blocks, two blocks at a time on threads; Python's ``findall`` on short ones) and
builds the vocabulary with Arrow's dictionary encoding, so no Python code runs
per token (scikit-learn's vectoriser keeps a Python dictionary loop per token).
:func:`count_tokens` and :func:`normalise_space` run the token pattern and
``\s+`` on Arrow strings.  Each gives what the plain kernel of
:mod:`analysis.kernels` gives (``tests/test_lexical.py``,
``tests/test_segments.py``, ``tests/test_kernels.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from .. import kernels
from ..tokens import TOKEN_PATTERN
from .batches import length_batches

_PATTERN_PIECE = re.compile(r"\[\^\\W\\d_\]|\\u[0-9a-fA-F]{4}|\\.|.", re.S)

#: Python classes that :func:`re2_pattern` spells out code point by code point (RE2's own Unicode tables differ).
_PYTHON_CLASSES = frozenset({r"[^\W\d_]", r"\d", r"\s"})


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


def arrow_strings(texts) -> pa.Array | pa.ChunkedArray | None:
    """Return the Arrow strings of a pandas Series of Arrow strings with no missing value (else None: pandas' own road)."""
    dtype = getattr(texts, "dtype", None)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and not texts.isna().any():
        return pa.array(texts.array)
    return None


def count_tokens(texts: pd.Series) -> pd.Series:
    """:func:`analysis.kernels.count_tokens` by Arrow's RE2 engine (:func:`re2_pattern`) on Arrow strings, else the plain road."""
    strings = arrow_strings(texts)
    if strings is None:
        return kernels.PLAIN["count_tokens"](texts)
    counts = pc.count_substring_regex(strings, re2_pattern(TOKEN_PATTERN))
    return pd.Series(counts.to_numpy().astype(np.int64), index=texts.index, name=texts.name)


def normalise_space(texts: pd.Series) -> pd.Series:
    r""":func:`analysis.kernels.normalise_space` by Arrow's RE2 engine (``\s`` spelled out by :func:`re2_pattern`), else the plain road."""
    strings = arrow_strings(texts)
    if strings is None:
        return kernels.PLAIN["normalise_space"](texts)
    spaced = pc.utf8_trim(pc.replace_substring_regex(strings, re2_pattern(r"\s+"), " "), " ")
    return pd.Series(pd.array(spaced, dtype=texts.dtype), index=texts.index, name=texts.name)


#: Joins texts for :func:`unigram_matrix`; the pattern also finds it, so it marks where each text ends.
_SEPARATOR = "\x1f"
_TOKENS_AND_SEPARATORS = re.compile(f"(?:{TOKEN_PATTERN})|{_SEPARATOR}")
#: Marks where each token found by Arrow's regex begins and ends (:func:`_block_codes`).
_MARKER = "\x1e"
#: Blocks shorter than this are tokenised by Python's ``re`` (RE2's compiling of the token pattern costs more).
ARROW_TOKENS_ABOVE = 200_000
#: Threads that tokenise :func:`unigram_matrix`'s blocks (Arrow's regex functions run without the GIL).
TOKEN_THREADS = 2


def _block_codes(joined: str) -> tuple[np.ndarray, pa.Array]:
    """Return the tokens and separators of a joined block, in order: codes into their dictionary (Arrow strings).

    A long block is tokenised by Arrow's RE2 engine with the same pattern
    (:func:`~analysis.tokens.re2_pattern`): every match is wrapped in
    :data:`_MARKER`, the block is split at the markers into gap, token, gap,
    ..., token, gap, and the tokens are every other piece.  No Python string is
    made per token and the GIL is let go.  A short block, or one that holds the
    marker, is tokenised by Python's ``findall``; both give the same tokens
    (``tests/test_lexical.py``).
    """
    if len(joined) < ARROW_TOKENS_ABOVE or _MARKER in joined:
        encoded = pc.dictionary_encode(pa.array(_TOKENS_AND_SEPARATORS.findall(joined), type=pa.string()))
        return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary
    marked = pc.replace_substring_regex(pa.array([joined], pa.large_string()), pattern=_re2_tokens(), replacement=f"{_MARKER}\\0{_MARKER}")
    encoded = pc.dictionary_encode(pc.split_pattern(marked, _MARKER)[0].values)
    codes = encoded.indices.to_numpy(zero_copy_only=False)[1::2]  # gap, token, gap, ...: the tokens
    used = np.zeros(len(encoded.dictionary), dtype=bool)
    used[codes] = True  # the gaps' own strings leave the dictionary
    return (np.cumsum(used) - 1)[codes], encoded.dictionary.filter(pa.array(used)).cast(pa.string())


@lru_cache(maxsize=1)
def _re2_tokens() -> str:
    return f"(?:{re2_pattern(TOKEN_PATTERN)})|\\x{{{ord(_SEPARATOR):X}}}"


def _arrow_texts(texts) -> pa.LargeStringArray | None:
    """Return the texts as one Arrow array when they are a pandas Series of Arrow strings with no missing value, else None."""
    strings = arrow_strings(texts)
    if strings is None:
        return None
    strings = strings.combine_chunks() if isinstance(strings, pa.ChunkedArray) else strings
    return strings.cast(pa.large_string())


@dataclass
class _ArrowTexts:
    """Texts held as Arrow strings, sliced into Python strings a block at a time (for :func:`unigram_matrix`)."""

    strings: pa.LargeStringArray

    def join(self, a: int, b: int) -> str:
        """Texts ``a`` to ``b`` joined by the separator, joined by Arrow."""
        block = pa.LargeListArray.from_arrays(pa.array([0, b - a], pa.int64()), self.strings.slice(a, b - a))
        return pc.binary_join(block, pa.scalar(_SEPARATOR, pa.large_string()))[0].as_py()

    def __getitem__(self, rows: slice) -> list[str]:
        return self.strings.slice(rows.start, rows.stop - rows.start).to_pylist()


def unigram_matrix(
    texts: Sequence[str], stop_words: frozenset[str] | None = None, block_chars: int = 4_000_000
) -> tuple[sp.csr_matrix, np.ndarray] | None:
    """Texts x lower-case word forms counts, equal to ``count_vectorizer()``'s, with no Python loop over tokens.

    The texts are joined, a block of about ``block_chars`` characters at a
    time, by a separator that the token pattern also finds (by Arrow when
    they are a Series of Arrow strings, so no Python string is made per text);
    each block is tokenised by :func:`_block_codes` (blocks on
    :data:`TOKEN_THREADS` threads when there are several); the running count
    of separators gives each token's text, and Arrow's ``dictionary_encode``
    of every block's word types, done once, its column.  Each block is
    counted as soon as it is read (one entry per text and word type, not per
    token); the counted blocks are then copied into the matrix and let go one
    by one.  The result does not depend on the threads: blocks keep their order.  Same tokens (lower-cased text,
    :data:`~analysis.tokens.TOKEN_PATTERN`), same stopword filter and same
    sorted vocabulary as scikit-learn's ``CountVectorizer``, which
    ``tests/test_lexical.py`` checks.

    Parameters
    ----------
    texts : sequence of str
    stop_words : frozenset of str, optional
        Lower-case word forms left out.
    block_chars : int
        Characters tokenised at once (bounds the tokens held at once).

    Returns
    -------
    (scipy.sparse.csr_matrix, numpy.ndarray) or None
        int64 counts and the sorted word forms (object array); None when a
        text holds the separator character (then use the vectoriser).
    """
    strings = _arrow_texts(texts)
    if strings is None:
        texts = texts.tolist() if hasattr(texts, "tolist") else list(texts)
        texts = [t if type(t) is str else str(t) for t in texts]
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))

        def join(a: int, b: int) -> str:
            return _SEPARATOR.join(texts[a:b])

    else:  # Arrow strings are joined by Arrow: no Python string per text
        texts = _ArrowTexts(strings)
        lengths = pc.utf8_length(strings).to_numpy(zero_copy_only=False).astype(np.int64)
        join = texts.join
    stop = pa.array(sorted(stop_words or ()), type=pa.string())
    blocks = length_batches(lengths, block_chars)  # as the lexicon scans cut theirs

    def count(block: tuple[int, int]) -> tuple[sp.csr_matrix, pa.Array] | None:
        a, b = block
        joined = join(a, b)
        if joined.count(_SEPARATOR) != max(b - a - 1, 0):  # a text holds the separator
            return None
        # str.lower is context-free but for the final sigma; lowering the block at once equals lowering each text
        joined = _SEPARATOR.join([t.lower() for t in texts[a:b]]) if "\u03a3" in joined else joined.lower()
        codes, dictionary = _block_codes(joined)
        separator = pc.equal(dictionary, _SEPARATOR).to_numpy(zero_copy_only=False)
        drop = separator | pc.is_in(dictionary, value_set=stop).to_numpy(zero_copy_only=False)
        rows = np.cumsum(separator[codes]) if len(codes) else np.zeros(0, dtype=np.int64)
        keep = ~drop[codes] if len(codes) else np.zeros(0, dtype=bool)
        # counted at once, on the block's own word types: a block keeps one entry per (text, type), not per token
        local = sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], codes[keep])), shape=(b - a, len(dictionary)))
        local.sum_duplicates()
        return local, dictionary

    if len(blocks) > 1:  # Arrow's regex and encoding let go of the GIL: blocks are tokenised on threads, in order
        with ThreadPoolExecutor(TOKEN_THREADS) as pool:
            parts = list(pool.map(count, blocks))
    else:
        parts = [count(block) for block in blocks]
    if any(part is None for part in parts):
        return None
    # one encoding of every block's word types gives each its column: no look-up table built per block
    every = pc.dictionary_encode(pa.concat_arrays([d for _, d in parts]))
    types = every.dictionary
    dropped = pc.or_(pc.equal(types, _SEPARATOR), pc.is_in(types, value_set=stop)).to_numpy(zero_copy_only=False)
    order = pc.array_sort_indices(types).to_numpy(zero_copy_only=False)  # UTF-8 byte order = code-point order, as sorted() gives
    order = order[~dropped[order]]
    column = np.full(len(types), -1, dtype=np.int64)
    column[order] = np.arange(len(order))
    vocabulary = np.array(types.take(order).to_pylist(), dtype=object)
    positions = column[every.indices.to_numpy(zero_copy_only=False)]
    nnz = sum(m.nnz for m, _ in parts)
    index = np.int32 if max(nnz, len(vocabulary)) <= np.iinfo(np.int32).max else np.int64
    data, indices, indptr = np.empty(nnz, dtype=np.int64), np.empty(nnz, dtype=index), np.zeros(len(lengths) + 1, dtype=index)
    at, row, filled = 0, 0, 0
    parts.reverse()
    while parts:  # each block's columns become vocabulary columns, copied into the matrix, and the block let go
        m, dictionary = parts.pop()
        position, at = positions[at : at + len(dictionary)], at + len(dictionary)
        data[filled : filled + m.nnz] = m.data
        indices[filled : filled + m.nnz] = position[m.indices]
        indptr[row + 1 : row + m.shape[0] + 1] = filled + m.indptr[1:]
        row, filled = row + m.shape[0], filled + m.nnz
    x = sp.csr_matrix((data, indices, indptr), shape=(len(lengths), len(vocabulary)))
    x.sort_indices()  # a row's columns, in vocabulary order
    return x, vocabulary
