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

from nltk.tokenize import RegexpTokenizer

#: The token pattern (a Python regex; case is folded by the callers).  Its quantifiers are possessive: nothing after
#: them can fail, so they match what greedy ones would, without keeping backtracking points (Python >= 3.11).
TOKEN_PATTERN = r"[^\W\d_]++(?:-[^\W\d_]++)*+|\d{1,3}(?:[ \u00a0\u202f]\d{3})++(?:[.,]\d+)?+|\d++(?:[.,]\d+)?+"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
_tokenizer = RegexpTokenizer(TOKEN_PATTERN)


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
