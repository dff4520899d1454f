"""Concordance (keyword in context) with offsets into the raw texts.

A query is a word form (``kind="term"``), a glob with ``*`` for any word
ending (``"négoci*"``), a Snowball stem (``kind="stem"``: every word form
of the corpus with that stem, by the stemmer of the corpus's language), or a
regular expression.  Matching is
case-insensitive; context windows count tokens and stay inside the document,
as quanteda's ``kwic()``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus
from .terms import stem
from .tokens import TOKEN_PATTERN

_TOKEN_RE = re.compile(TOKEN_PATTERN)


def query_pattern(query: str, kind: str = "glob", vocabulary: Sequence[str] = (), stemmer: str = "") -> re.Pattern:
    """Compile a concordance query into a case-insensitive regular expression.

    Parameters
    ----------
    query : str
        The query.
    kind : {"term", "glob", "stem", "regex"}
        How to read it.
    vocabulary : sequence of str
        Word forms of the corpus (needed for ``kind="stem"``).
    stemmer : str
        Snowball stemmer name for ``kind="stem"`` (a profile's ``rules.stemmer``, e.g. ``"french"``).

    Returns
    -------
    re.Pattern
        A pattern matching whole tokens (except for ``regex``).
    """
    if kind == "regex":
        return re.compile(query, re.IGNORECASE)
    if kind == "term":
        body = re.escape(query)
    elif kind == "glob":
        body = r"[^\W\d_]*(?:-[^\W\d_]+)*".join(re.escape(part) for part in query.split("*"))
    elif kind == "stem":
        target = stem(query.lower(), stemmer)
        forms = sorted({w.lower() for w in vocabulary if stem(w.lower(), stemmer) == target}, key=lambda w: (-len(w), w))
        if not forms:
            return re.compile(r"(?!x)x")
        body = "|".join(re.escape(w) for w in forms)
    else:
        raise ValueError("kind must be 'term', 'glob', 'stem' or 'regex'")
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def kwic(
    corpus: Corpus,
    sentences: pd.DataFrame,
    query: str,
    kind: str = "glob",
    window: int = 6,
    layers: Sequence[str] | None = None,
    stemmer: str = "",
) -> pd.DataFrame:
    """Find every match of ``query`` with ``window`` tokens of context on each side.

    Parameters
    ----------
    corpus : Corpus
        Gives the raw texts.
    sentences : pandas.DataFrame
        The sentence table (to attach sentence, layer and outlet).
    query, kind
        See :func:`query_pattern`.
    window : int, default 6
        Tokens of context on each side.
    layers : sequence of str, optional
        Keep only matches in these voice layers (default: all).
    stemmer : str
        For ``kind="stem"``: the Snowball stemmer name (a profile's ``rules.stemmer``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, layer, sentence_id, start, end, left, match, right``;
        ``start``/``end`` are the match's offsets in the raw text.
    """
    vocabulary = sorted(set(_TOKEN_RE.findall(" ".join(sentences["text"])))) if kind == "stem" else ()
    pattern = query_pattern(query, kind, vocabulary, stemmer)
    rows = []
    for doc in corpus.documents.itertuples():
        s = sentences[sentences["doc_id"] == doc.doc_id].sort_values("start")
        starts = s["start"].to_numpy()
        for m in pattern.finditer(doc.text):
            k = int(np.searchsorted(starts, m.start(), side="right")) - 1
            if k < 0 or m.start() >= s["end"].iloc[k]:
                continue  # between sentences (e.g. white space)
            row = s.iloc[k]
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "outlet": doc.outlet,
                    "layer": str(row["layer"]),
                    "sentence_id": int(row["sentence_id"]),
                    "start": m.start(),
                    "end": m.end(),
                    "left": _context(doc.text, m.start(), window, before=True),
                    "match": " ".join(m.group().split()),
                    "right": _context(doc.text, m.end(), window, before=False),
                }
            )
    out = pd.DataFrame(rows, columns=["doc_id", "outlet", "layer", "sentence_id", "start", "end", "left", "match", "right"])
    if layers is not None:
        out = out[out["layer"].isin(list(layers))]
    return out.sort_values(["doc_id", "start"]).reset_index(drop=True)


def _context(text: str, at: int, window: int, before: bool) -> str:
    """Raw text (white space collapsed) spanning ``window`` tokens before or after ``at``."""
    if before:
        lo = max(0, at - 40 * window)
        spans = [m.start() for m in _TOKEN_RE.finditer(text, lo, at)]
        piece = text[spans[-window:][0] : at] if spans else ""
    else:
        spans = [m.end() for m in _TOKEN_RE.finditer(text, at, at + 40 * window)]
        piece = text[at : spans[:window][-1]] if spans else ""
    return " ".join(piece.split())


def kwic_summary(lines: pd.DataFrame) -> pd.DataFrame:
    """Count concordance lines per outlet and layer (a wide table)."""
    return lines.pivot_table(index="outlet", columns="layer", values="start", aggfunc="count", fill_value=0)


__all__ = ["kwic", "kwic_summary", "query_pattern"]
