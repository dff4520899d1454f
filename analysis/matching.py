r"""Fast whole-word matching of a lexicon's patterns: one alternation, dispatched on the first letter.

Every lexicon (cues, naming variants, frame questions, persuasion cues,
speakers, reporting verbs) is matched by one regular expression: the
alternation of its patterns, each in a named group, tried longest first, at
word starts only.  Python's ``re`` tries the alternatives of a group one by
one, so a plain alternation of 200 patterns costs 200 failed attempts at
every word of the text.

:func:`word_alternation` gives the same matches for a fraction of the cost:
it works out, from each pattern's parse tree, which letters the pattern can
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
from collections.abc import Sequence
from functools import lru_cache

try:  # Python >= 3.11
    import re._constants as _sre
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)
_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op is not None)
_MAX_RANGE = 400


def _first(items: list) -> tuple[set[str] | None, bool]:
    """First-character set of a parsed sequence and whether it can match the empty string (``None``: unknown)."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            return out | {chr(av)}, False
        if op is _sre.IN:
            chars = _charset(av)
            return (None, False) if chars is None else (out | chars, False)
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.SUBPATTERN:
            branches = [list(av[-1])]
        elif op is _sre.BRANCH:
            branches = [list(b) for b in av[1]]
        elif op in _REPEATS:
            branches = [list(av[2])]
        else:
            return None, False
        nullable = False
        for branch in branches:
            chars, empty = _first(branch)
            if chars is None:
                return None, False
            out |= chars
            nullable |= empty
        if op in _REPEATS and av[0] == 0:
            nullable = True
        if not nullable:
            return out, False
    return out, True


def _charset(items: list) -> set[str] | None:
    """Characters of a parsed ``[...]`` class (``None`` for negated classes, categories and wide ranges)."""
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars


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
    chars, nullable = _first(list(_parser.parse(pattern, re.IGNORECASE)))
    if chars is None or nullable:
        return None
    return frozenset(c.lower() for c in chars)


def word_alternation(
    patterns: Sequence[str], order: Sequence[int] | None = None, prefix: str = "c", right: str = r"(?![\w-])"
) -> re.Pattern:
    r"""Compile the whole-word, case-insensitive alternation of ``patterns``, dispatched on the first letter.

    Parameters
    ----------
    patterns : sequence of str
        Regular expressions; pattern ``i`` is reported by :func:`alternative`.
    order : sequence of int, optional
        Order in which alternatives are tried (default: longest pattern first,
        so "a reconnu" wins over "reconnu").
    prefix : str
        Prefix of the group names (``<prefix><i>_<branch>``).
    right : str
        Right-boundary assertion (default: no word character or hyphen follows).

    Returns
    -------
    re.Pattern
        Matches exactly where ``(?<![\w-])(?:p_0|p_1|...)`` + ``right`` would.
        Compiled once per distinct set of arguments (cached), so estimators
        refitted in every cross-validation fold do not compile it again.
    """
    if order is None:
        order = sorted(range(len(patterns)), key=lambda i: (-len(patterns[i]), i))
    return _compile_alternation(tuple(patterns), tuple(order), prefix, right)


@lru_cache(maxsize=256)
def _compile_alternation(patterns: tuple[str, ...], order: tuple[int, ...], prefix: str, right: str) -> re.Pattern:
    """Build and compile the dispatched alternation (see :func:`word_alternation`)."""
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


def alternative(match: re.Match) -> int:
    """Index (in ``patterns``) of the pattern that produced a match of :func:`word_alternation`."""
    return int(match.lastgroup[1:].split("_", 1)[0].lstrip("abcdefghijklmnopqrstuvwxyz"))
