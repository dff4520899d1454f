r"""Fast whole-word matching of a lexicon's patterns: one alternation, dispatched on the first letter.

Every lexicon (cues, naming variants, frame questions, persuasion cues,
speakers, reporting verbs) is matched by one regular expression: the
alternation of its patterns, each in a named group, tried longest first, at
word starts only.  Python's ``re`` tries the alternatives of a group one by
one, so a plain alternation of 200 patterns costs 200 failed attempts at
every word of the text.

:func:`dispatched_alternation` gives the same matches for a fraction of the cost:
it works out, from each pattern's text (read by the small reader below), which letters the pattern can
start with, and groups the alternatives into one branch per first letter,
each guarded by a one-character look-ahead (``(?=[kK])``).  At a word start
the engine then tests about 25 guards instead of 200 patterns.  A pattern whose
first character cannot be worked out (e.g. it starts with ``\d``) goes in
every branch and in a final catch-all branch, so no match is ever lost, and
within a branch the alternatives keep the global order: the matches (start,
end and which pattern) are exactly those of the plain alternation.  This is
the idea of a trie-structured regular expression (as built by tools such as
``trieregex`` or Perl's ``Regexp::Assemble``) restricted to the first
character, which keeps the patterns untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from .batches import SEPARATOR, text_batches

_MAX_RANGE = 400

# -- what a pattern can start with, read from its text --
#
# A small reader of the regular-expression syntax the lexicons use (literals, escapes, classes, groups,
# look-arounds, quantifiers), written for this module so that nothing depends on the interpreter's private
# ``re._parser``.  It answers conservatively: a construct it does not know (an inline flag, a named group, a
# back-reference, a ``\x`` escape...) makes the whole pattern "unknown", and an unknown pattern is scanned
# with ``finditer``, which cannot lose a match.  Its nodes are tuples:
#
# ``("char", c)``                one character;
# ``("set", chars, spaces)``     one character of ``chars`` (``None``: not listed, e.g. ``\d``, ``.``, ``[^,]``);
#                                ``spaces``: it matches white space only (``\s``, ``[ \t]``);
# ``("zero",)``                  a zero-width assertion (look-around, ``^``, ``$``, ``\b``);
# ``("group", branches)``        one of the branches (each a list of nodes);
# ``("repeat", lo, hi, nodes)``  ``nodes`` repeated ``lo`` to ``hi`` times (``hi`` ``None``: unbounded).


class _Unknown(Exception):
    """A construct the reader does not know: the pattern's beginnings are unknown."""


_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_SCOPED_FLAGS = re.compile(r"\(\?[ims]*(?:-[ims]+)?:")
_QUANTIFIER = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


@lru_cache(maxsize=100_000)
def _parse(pattern: str) -> tuple:
    """Nodes of a pattern (see above); raise :class:`_Unknown` for a construct the reader does not know."""
    branches, at = _alternation(pattern, 0)
    if at != len(pattern):  # an unbalanced ")"
        raise _Unknown
    return (("group", branches),)


def _alternation(p: str, i: int) -> tuple[list[list], int]:
    """Branches of ``p`` from ``i`` up to a closing parenthesis or the end."""
    branches = []
    while True:
        seq, i = _sequence(p, i)
        branches.append(seq)
        if i >= len(p) or p[i] != "|":
            return branches, i
        i += 1


def _sequence(p: str, i: int) -> tuple[list, int]:
    """Nodes of one branch."""
    seq = []
    while i < len(p) and p[i] not in "|)":
        node, i = _atom(p, i)
        node, i = _quantified(p, i, node)
        seq.append(node)
    return seq, i


def _atom(p: str, i: int) -> tuple[tuple, int]:
    """One character, class, escape, assertion or group."""
    c = p[i]
    if c == "(":
        if p.startswith(("(?:", "(?>"), i):
            kind, start = "group", i + 3
        elif p.startswith(("(?=", "(?!"), i):
            kind, start = "zero", i + 3
        elif p.startswith(("(?<=", "(?<!"), i):
            kind, start = "zero", i + 4
        elif m := _SCOPED_FLAGS.match(p, i):  # "(?-i:US)": its matches are among the case-insensitive ones
            kind, start = "group", m.end()
        elif p.startswith("(?", i):  # global flags, verbose mode, named groups, comments, conditionals
            raise _Unknown
        else:
            kind, start = "group", i + 1
        branches, end = _alternation(p, start)
        if end >= len(p):
            raise _Unknown
        return (("zero",) if kind == "zero" else ("group", branches)), end + 1
    if c == "[":
        return _class(p, i)
    if c == "\\":
        return _escape(p, i)
    if c == ".":
        return ("set", None, False), i + 1
    if c in "^$":
        return ("zero",), i + 1
    if c in "*+?" or (c == "{" and _QUANTIFIER.match(p, i)):  # nothing to repeat
        raise _Unknown
    return ("char", c), i + 1


def _escaped(p: str, i: int) -> str:
    r"""Return the character an escape ``\c`` at ``i`` stands for (a control character or a punctuation mark)."""
    if i + 1 >= len(p):
        raise _Unknown
    e = p[i + 1]
    if e in _CONTROL:
        return _CONTROL[e]
    if e.isalnum() or e == "_" or not e.isascii():  # classes, back-references, \x, \u, \N{...}, octal...
        raise _Unknown
    return e


def _escape(p: str, i: int) -> tuple[tuple, int]:
    """Read an escape outside a class."""
    e = p[i + 1] if i + 1 < len(p) else ""
    if e in ("d", "D", "w", "W", "s", "S"):
        return ("set", None, e == "s"), i + 2
    if e in ("b", "B", "A", "Z"):
        return ("zero",), i + 2
    return ("char", _escaped(p, i)), i + 2


def _class(p: str, i: int) -> tuple[tuple, int]:
    """Read a class ``[...]``: its characters when they can be listed (at most :data:`_MAX_RANGE` in a range)."""
    j = i + 1
    negated = p.startswith("^", j)
    j += negated
    chars: set[str] = set()
    listed, spaces, first = not negated, not negated, True
    while j < len(p) and (p[j] != "]" or first):
        first = False
        if p[j] == "\\" and j + 1 < len(p) and p[j + 1] in "dDwWsS":
            listed, spaces, j = False, spaces and p[j + 1] == "s", j + 2
            continue
        low, j = (_escaped(p, j), j + 2) if p[j] == "\\" else (p[j], j + 1)
        high = low
        if j + 1 < len(p) and p[j] == "-" and p[j + 1] != "]":
            high, j = (_escaped(p, j + 1), j + 3) if p[j + 1] == "\\" else (p[j + 1], j + 2)
        if ord(high) < ord(low):
            raise _Unknown
        if ord(high) - ord(low) > _MAX_RANGE:
            listed = spaces = False
            continue
        span = [chr(k) for k in range(ord(low), ord(high) + 1)]
        chars.update(span)
        spaces = spaces and all(ch.isspace() for ch in span)
    if j >= len(p):
        raise _Unknown
    return ("set", frozenset(chars) if listed else None, spaces), j + 1


def _quantified(p: str, i: int, node: tuple) -> tuple[tuple, int]:
    """``node`` with the quantifier that follows it, if any (greedy, lazy or possessive)."""
    if i >= len(p):
        return node, i
    m = _QUANTIFIER.match(p, i) if p[i] == "{" else None
    if p[i] in "*+?":
        lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[p[i]]
        i += 1
    elif m:
        if not (m.group(1) or m.group(3)):
            raise _Unknown
        lo = int(m.group(1) or 0)
        hi = (int(m.group(3)) if m.group(3) else None) if m.group(2) else lo
        i = m.end()
    else:
        return node, i
    if node[0] == "zero":
        raise _Unknown
    if i < len(p) and p[i] in "?+":
        i += 1
    return ("repeat", lo, hi, (node,)), i


def _first(items) -> tuple[set[str] | None, bool]:
    """First-character set of a parsed sequence and whether it can match the empty string (``None``: unknown)."""
    out: set[str] = set()
    for node in items:
        kind = node[0]
        if kind == "char":
            return out | {node[1]}, False
        if kind == "set":
            return (None, False) if node[1] is None else (out | node[1], False)
        if kind == "zero":
            continue
        branches = node[1] if kind == "group" else [node[3]]
        nullable = False
        for branch in branches:
            chars, empty = _first(branch)
            if chars is None:
                return None, False
            out |= chars
            nullable |= empty
        if kind == "repeat" and node[1] == 0:
            nullable = True
        if not nullable:
            return out, False
    return out, True


@lru_cache(maxsize=100_000)
def first_chars(pattern: str) -> frozenset[str] | None:
    r"""Lower-cased letters a case-insensitive match of ``pattern`` can start with (``None``: any).

    Examples
    --------
    >>> sorted(first_chars(r"(?:pourparlers|négoci\w*)"))
    ['n', 'p']
    >>> first_chars(r"\d+\s+ans") is None
    True
    """
    try:
        chars, nullable = _first(_parse(pattern))
    except _Unknown:
        return None
    if chars is None or nullable:
        return None
    return frozenset(c.lower() for c in chars)


@lru_cache(maxsize=256)
def dispatched_alternation(patterns: tuple[str, ...], order: tuple[int, ...], prefix: str, right: str) -> re.Pattern:
    r"""Compile :func:`analysis.kernels.alternation` dispatched on the first letter (see the module's docstring).

    Matches exactly where ``(?<![\w-])(?:p_0|p_1|...)`` + ``right`` would, with
    the group names :func:`analysis.kernels.alternative` reads.  Compiled once
    per distinct set of arguments (cached), so estimators refitted in every
    cross-validation fold do not compile it again.
    """
    starts = {i: first_chars(patterns[i]) for i in order}
    unknown = [i for i in order if starts[i] is None]
    letters = sorted({c for i in order if starts[i] for c in starts[i]})
    branches: dict[tuple[int, ...], list[str]] = {}
    for letter in letters:
        members = tuple(i for i in order if starts[i] is None or letter in starts[i])
        branches.setdefault(members, []).append(letter)
    parts = []
    for b, (members, keys) in enumerate(branches.items()):
        guard = "".join(sorted({c for k in keys for c in (k, k.upper())}))
        body = "|".join(f"(?P<{prefix}{i}_{b}>{patterns[i]})" for i in members)
        parts.append(f"(?=[{re.escape(guard)}])(?:{body})")
    if unknown:
        parts.append("(?:" + "|".join(f"(?P<{prefix}{i}_any>{patterns[i]})" for i in unknown) + ")")
    body = "|".join(parts) if parts else "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body}){right}", re.IGNORECASE)


# -- candidate positions: most word starts cannot begin any pattern of a lexicon --

_PREFIX = 5
_MAX_PREFIXES = 64


@lru_cache(maxsize=1)
def _every_character() -> str:
    """Every code point but the surrogates, in order: the text on which ``re`` itself answers case questions."""
    return "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))


@lru_cache(maxsize=4096)
def _case_matches(c: str) -> frozenset[str]:
    """Return the characters that ``re`` matches with character ``c`` case-insensitively (asked of ``re`` itself)."""
    return frozenset(re.findall(re.escape(c), _every_character(), re.IGNORECASE))


@lru_cache(maxsize=1)
def _tricky() -> frozenset[str]:
    """Text characters that match an ASCII pattern letter case-insensitively without lower-casing to it ("ı", "ſ", "İ").

    A text holding one is scanned with ``finditer`` (:func:`_arrays`).
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    return frozenset(x for a in letters for x in _case_matches(a) if x.lower() != a)


def _plain(c: str) -> bool:
    """Return whether every text character that matches pattern character ``c`` case-insensitively has ``c``'s ``lower()``.

    For an ASCII character the texts that break this ("ſ" matches "s") are
    left to ``finditer`` (:func:`_tricky`); any other character is checked
    against every code point.
    """
    low = c.lower()
    if len(low) != 1:
        return False
    return c.isascii() or all(x.lower() == low for x in _case_matches(c))


def _prefixes(items, k: int) -> set[tuple[str, bool]] | None:
    """Lower-case strings (at most ``k`` characters) one of which starts every match of a parsed sequence.

    Each string comes with whether it may still grow (the sequence was read
    to its end along that path); ``None`` when there are too many.
    """
    out = {("", True)}
    for node in items:
        if not any(grow for _, grow in out):
            break
        kind = node[0]
        if kind == "zero":
            continue
        if _spaces(node):  # white space: one space in the scanner's copy of a text, however long the run
            spaced = {(s, grow) if s.endswith(" ") or not grow else ((s + " ")[:k], len(s) + 1 < k) for s, grow in out}
            out = spaced | (out if kind == "repeat" and node[1] == 0 else set())
            continue
        if kind in ("char", "set"):
            chars = {node[1]} if kind == "char" else node[1]
            if chars is None or len(chars) > 8 or not all(_plain(c) for c in chars):
                out = {(s, False) for s, _ in out}
                continue
            tails = {(c.lower(), True) for c in chars}
        else:
            subs = [_prefixes(b, k) for b in (node[1] if kind == "group" else [node[3]])]
            if any(sub is None for sub in subs):
                return None
            tails = set().union(*subs)
            if kind == "repeat" and node[2] != 1:  # after one repetition, another or what follows: the strings stop growing
                tails = {(t, False) for t, _ in tails}
            if kind == "repeat" and node[1] == 0:  # "x?" is "x" or nothing: what follows may begin the match
                tails |= {("", True)}
        grown = {(s + t, grow and t_grow) for s, grow in out if grow for t, t_grow in tails}
        out = {(s, False) for s, grow in out if not grow} | {(s[:k], grow and len(s) < k) for s, grow in grown}
        if len(out) > _MAX_PREFIXES:
            return None
    return out


def _spaces(node: tuple) -> bool:
    r"""Return whether a parsed element matches white space only: ``\s``, a space, or a repetition of them."""
    if node[0] == "repeat":
        return len(node[3]) == 1 and _spaces(node[3][0])
    if node[0] == "char":
        return node[1].isspace()
    return node[0] == "set" and node[2]


@lru_cache(maxsize=100_000)
def prefixes(pattern: str, k: int = _PREFIX) -> frozenset[str] | None:
    r"""Lower-case strings of 1 to ``k`` characters, one of which begins every case-insensitive match (``None``: unknown).

    White space (``\s``, ``\s+``, a space) counts as one space.

    Examples
    --------
    >>> sorted(prefixes(r"(?:pourparlers|négoci\w*)"))
    ['négoc', 'pourp']
    >>> sorted(prefixes(r"a\s+(?:reconnu|admis)"))
    ['a adm', 'a rec']
    >>> prefixes(r"\d+ ans") is None
    True
    """
    try:
        found = _prefixes(_parse(pattern), k)
    except _Unknown:
        return None
    if not found or any(not s for s, _ in found):
        return None
    return frozenset(s for s, _ in found)


class Scanner:
    r"""Find the matches of several :func:`dispatched_alternation` patterns in texts, trying them only where they can start.

    Each pattern's alternatives give, read from their text (:func:`prefixes`), the strings
    (up to five characters, white space counted as one space) that any match
    begins with (:func:`prefixes`).  :meth:`scan_many` joins a batch of texts
    (a chunk's sentences or documents; at most :data:`BATCH_CHARS` characters,
    :func:`text_batches`) with line breaks, lists the word starts
    of the whole batch once (cached, so the lexicons scanned one after another
    share them), looks up the five lower-cased characters at each among the
    known beginnings (a binary search of sorted arrays), and runs a pattern's
    ``match`` on its own text only at the starts that one of its alternatives
    can begin, in text order, skipping starts inside the previous match.
    Joining cannot lose a match: a word start of a text is a word start of the
    batch (the line break before it is not a word character), and its
    characters in the batch begin with its characters in the text, so a
    beginning found in the text is found in the batch; a start listed only
    because the next text follows is tried and fails, since ``match`` runs on
    the text alone.  The matches are exactly those of
    ``pattern.finditer(text)`` for each text: every start where a match can
    begin is tried, leftmost first.  A pattern is scanned with ``finditer``
    instead when its beginnings are unknown, when it does not start with the
    word-start assertion ``(?<![\w-])`` (as :func:`dispatched_alternation`'s do), and
    so is every pattern over a text whose case-insensitive matching does not
    follow ``lower()`` (with "ſ" or "İ", say; a batch holding one is halved
    until that text stands alone).  ``tests/test_matching.py`` checks this on
    the corpora and on such texts.

    Parameters
    ----------
    alternatives : sequence of sequence of str
        For each pattern, the alternatives (regular expressions) it was built from.
    compiled : sequence of re.Pattern
        The patterns (e.g. from :func:`dispatched_alternation`), in the same order.
    """

    def __init__(self, alternatives: Sequence[Sequence[str]], compiled: Sequence[re.Pattern]):
        self.compiled = tuple(compiled)
        sets = [[prefixes(p) for p in alts] for alts in alternatives]
        # unknown beginnings, or a beginning with white space (the word starts listed are not white space)
        self.unfiltered = frozenset(
            a
            for a, s in enumerate(sets)
            if not self.compiled[a].pattern.startswith(_AT_WORD_START) or any(x is None or any(p[0] == " " for p in x) for x in s)
        )
        tables: dict[int, dict[str, list[int]]] = {}
        for a, s in enumerate(sets):
            if a in self.unfiltered:
                continue
            for prefix in sorted(set().union(*s)):
                ids = tables.setdefault(len(prefix), {}).setdefault(prefix, [])
                if a not in ids:
                    ids.append(a)
        # per prefix length: the sorted beginnings, and the patterns of beginning k at ids[ptr[k]:ptr[k + 1]]
        self.arrays = tuple((n, *_table_arrays(t, n)) for n, t in sorted(tables.items()))

    def scan(self, text: str) -> list[tuple[int, re.Match]]:
        """Return ``(pattern index, match)``: pattern by pattern, each pattern's matches in text order."""
        return self.scan_many([text])[0]

    def scan_many(self, texts: Sequence[str], keep: Callable[[re.Match], object] | None = None) -> list[list[tuple[int, re.Match]]]:
        """Return :meth:`scan` of each text, with one listing of the word starts per batch of texts.

        A batch holds at most about :data:`BATCH_CHARS` characters (a long
        text alone is a batch), so memory does not grow with the number of
        texts; the default chunk of documents is one batch.  ``keep`` turns
        each match into what the caller keeps, as it is found (a match of a
        large alternation holds kilobytes of group marks: tens of thousands
        of them held took hundreds of megabytes).
        """
        texts = list(texts)
        found: list[list[tuple[int, re.Match]]] = []
        for start, stop in text_batches(texts):
            found += self._scan_batch(texts[start:stop], keep)
        return found

    def _scan_batch(self, texts: list[str], keep: Callable[[re.Match], object] | None = None) -> list[list[tuple[int, re.Match]]]:
        """Return :meth:`scan` of each text, with one listing of the word starts for the whole batch."""
        found: list[list[tuple[int, re.Match]]] = [[] for _ in texts]
        keep = keep or (lambda m: m)
        batch = _arrays(SEPARATOR.join(texts)) if self.arrays and texts else None
        if batch is None and len(texts) > 1:  # a text matched otherwise than lower() says: halve until it stands alone
            half = len(texts) // 2
            return self._scan_batch(texts[:half], keep) + self._scan_batch(texts[half:], keep)
        if batch is None:
            for i, text in enumerate(texts):
                found[i] = [(a, keep(m)) for a, pattern in enumerate(self.compiled) for m in pattern.finditer(text)]
            return found
        offsets = np.cumsum([0] + [len(t) + len(SEPARATOR) for t in texts[:-1]])
        candidates = self._candidates(*batch)
        for a, pattern in enumerate(self.compiled):
            if a in self.unfiltered:
                for i, text in enumerate(texts):
                    found[i] += [(a, keep(m)) for m in pattern.finditer(text)]
                continue
            which = np.searchsorted(offsets, candidates[a], side="right") - 1
            last, end = -1, -1
            for i, p in zip(which.tolist(), (candidates[a] - offsets[which]).tolist()):
                if i != last:
                    last, end = i, -1
                if p < end:
                    continue
                m = pattern.match(texts[i], p)
                if m:
                    end = m.end()
                    found[i].append((a, keep(m)))
                else:
                    end = p + 1  # a start listed twice (two prefix lengths) is tried once
        return found

    def _candidates(self, starts: np.ndarray, windows: np.ndarray) -> list[np.ndarray]:
        """Each pattern's sorted, distinct candidate starts: the word starts whose window begins with one of its beginnings."""
        found_pattern, found_start = [np.empty(0, dtype=np.intp)], [np.empty(0, dtype=np.intp)]
        for n, keys, ptr, ids in self.arrays:
            w = windows if n == _PREFIX else windows.astype(f"<U{n}")  # astype cuts to the first n characters
            k = np.minimum(np.searchsorted(keys, w), len(keys) - 1)
            hit = np.flatnonzero(keys[k] == w)
            k = k[hit]
            counts = ptr[k + 1] - ptr[k]
            # positions in ids of every (start, pattern) pair: ptr[k], ptr[k] + 1, ... for each hit
            at = np.repeat(ptr[k] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
            found_pattern.append(ids[at])
            found_start.append(np.repeat(starts[hit], counts))
        pattern, start = np.concatenate(found_pattern), np.concatenate(found_start)
        order = np.lexsort((start, pattern))
        pattern, start = pattern[order], start[order]
        distinct = np.ones(len(pattern), dtype=bool)
        distinct[1:] = (pattern[1:] != pattern[:-1]) | (start[1:] != start[:-1])  # two prefix lengths, one start
        pattern, start = pattern[distinct], start[distinct]
        bounds = np.searchsorted(pattern, np.arange(len(self.compiled) + 1))
        return [start[bounds[a] : bounds[a + 1]] for a in range(len(self.compiled))]


def _table_arrays(table: dict[str, list[int]], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return a beginning -> patterns table as arrays: sorted beginnings, ``ptr`` and ``ids`` (key k: ``ids[ptr[k]:ptr[k + 1]]``)."""
    keys = sorted(table)
    ptr = np.cumsum([0] + [len(table[k]) for k in keys])
    ids = np.array([a for k in keys for a in table[k]], dtype=np.intp)
    return np.array(keys, dtype=f"<U{n}"), ptr, ids


_AT_WORD_START = r"(?<![\w-])"
_WORD_STARTS = re.compile(_AT_WORD_START + r"(?=\S)")
_SPACE = re.compile(r"\s")
_WORDISH = re.compile(r"[\w-]")


@lru_cache(maxsize=4)
def _arrays(text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Word starts of a text and the lower-cased characters from each (white-space runs as one space), for :class:`Scanner`.

    The characters are ``<U5`` strings (shorter at the end of the text).
    Cached, so the lexicons scanned one after the other over a batch share it;
    ``None`` for a text whose case-insensitive matching does not follow
    ``lower()`` (then every pattern is scanned with ``finditer``).
    """
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in _tricky()):
        return None
    starts = _word_starts(text)
    codes = _codes(low)
    space, _ = _classes(low, codes)
    codes = np.where(space, np.uint32(32), codes)  # every white-space character a space
    runs = space.copy()
    runs[:1] = False
    runs[1:] &= space[:-1]
    if runs.any():  # a space after a space is dropped: a start moves back by the spaces dropped before it
        at = (np.cumsum(~runs) - 1)[starts]
        codes = codes[~runs]
    else:
        at = starts
    padded = np.r_[codes, np.zeros(_PREFIX, dtype=np.uint32)]  # code 0 pads a window cut by the end of the text
    windows = np.ascontiguousarray(padded[at[:, None] + np.arange(_PREFIX)]).view(f"<U{_PREFIX}").reshape(-1)
    return starts, windows


def _codes(text: str) -> np.ndarray:
    """Code points of a text as an array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_TABLE = 0x10000


@lru_cache(maxsize=1)
def _bmp_classes() -> tuple[np.ndarray, np.ndarray]:
    r"""Return whether ``\s``, and whether ``[\w-]``, matches each code point below 0x10000 (worked out by ``re`` itself, once)."""
    every = "".join(map(chr, range(_TABLE)))
    space = _codes(re.sub(r"\s", "\x01", re.sub(r"\S", "\x00", every))) == 1
    word = _codes(re.sub(r"[\w-]", "\x01", re.sub(r"[^\w-]", "\x00", every))) == 1
    return space, word


def _classes(text: str, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Return whether each character of ``text`` (its ``codes``) is white space (``\s``), and whether it is ``[\w-]``.

    ``re`` decides (:func:`_bmp_classes`); a code point above the table is asked one by one.
    """
    space_table, word_table = _bmp_classes()
    small = codes < _TABLE
    if small.all():
        return space_table[codes], word_table[codes]
    space, word = np.zeros(len(codes), dtype=bool), np.zeros(len(codes), dtype=bool)
    space[small], word[small] = space_table[codes[small]], word_table[codes[small]]
    for at in np.flatnonzero(~small).tolist():
        space[at], word[at] = bool(_SPACE.match(text[at])), bool(_WORDISH.match(text[at]))
    return space, word


def _word_starts(text: str) -> np.ndarray:
    """Offsets of the word starts of a text: the matches of :data:`_WORD_STARTS`, found with arrays.

    A word start is a character that is not white space, at the start of the
    text or after a character that is neither a word character nor a hyphen
    (:func:`_classes`).
    """
    space, word = _classes(text, _codes(text))
    after_word = np.zeros(len(space), dtype=bool)
    after_word[1:] = word[:-1]
    return np.flatnonzero(~space & ~after_word)
