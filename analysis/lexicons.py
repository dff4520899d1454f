"""Load the shipped lexicons in ``data/lexicons/`` (see its README for provenance).

Plain-text lexicons hold one entry per line; lines starting with ``#`` are
comments.  CSV lexicons are validated like every other input: a bad row gives
a :class:`~analysis.errors.CorpusError` naming the file and line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .config import LEXICON_DIR
from .errors import Problem, raise_if
from .tokens import TOKEN_PATTERN


def _entries(path: Path) -> list[str]:
    """Return the non-comment, non-blank lines of a plain-text lexicon."""
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=8)
def french_abbreviations(path: Path = LEXICON_DIR / "abbreviations_fr.txt") -> frozenset[str]:
    """Lower-case French abbreviations (without period) used as Punkt parameters."""
    return frozenset(entry.lower() for entry in _entries(path))


@lru_cache(maxsize=8)
def stopwords(path: Path = LEXICON_DIR / "stopwords_fr.txt") -> frozenset[str]:
    """French stopwords (python-stop-words list, BSD-3; see the lexicon README).

    Entries are lower-cased and, like the texts, cut into tokens (an entry
    with an apostrophe gives its parts), so the list matches what the
    vectorisers see.
    """
    words = set()
    for entry in _entries(path):
        words.update(re.findall(TOKEN_PATTERN, entry.lower()))
    return frozenset(words)


def boilerplate_rules(corpus=None, path: Path = LEXICON_DIR / "boilerplate.csv") -> pd.DataFrame:
    """Load boilerplate line rules (``pattern, scope, description``).

    Parameters
    ----------
    corpus : Corpus, optional
        Unused; accepted so that per-corpus rules can be added later without
        changing callers.
    path : Path
        The rules file.

    Returns
    -------
    pandas.DataFrame
        Rules with a valid regular expression and a ``scope`` of ``line`` or
        ``until_anchor``.

    Raises
    ------
    CorpusError
        If a pattern does not compile or a scope is unknown.
    """
    rules = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    for number, row in enumerate(rules.itertuples(), start=2):
        try:
            re.compile(row.pattern)
        except re.error as err:
            problems.append(Problem(str(path.name), number, "pattern", f"invalid regular expression ({err})", "fix the pattern"))
        if row.scope not in ("line", "until_anchor"):
            problems.append(Problem(str(path.name), number, "scope", f"unknown scope '{row.scope}'", "use 'line' or 'until_anchor'"))
    raise_if(problems)
    return rules
