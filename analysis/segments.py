r"""Split raw texts into voice segments, paragraphs, sentences and quote spans.

Every unit keeps ``start``/``end`` character offsets into the text returned by
:func:`analysis.corpus.read_text`, so ``text[start:end]`` shows its exact words.

Order of operations for one document:

1. **lines** (any of ``\n``, ``\r\n``, ``\r`` ends a line);
2. **paragraphs**: runs of non-blank lines, where a line break (even across
   blank lines) is kept *inside* a paragraph when the sentence visibly goes
   on: the previous line does not end a sentence and the next line starts in
   lower case or with punctuation, or the previous line ends with an
   abbreviation such as "M." (see :func:`continues`);
3. **voice segments**: a partition of every character of the text into
   layers, from hand anchors (``annotations/voice_segments.csv``) and
   boilerplate rules (the profile's ``boilerplate``), see :func:`voice_segments`;
4. **sentences**: NLTK Punkt, with the language's abbreviations as parameters and no
   trained model, inside each paragraph-and-segment piece, then three repairs
   (leading closing quotes go back to the previous sentence, an omission mark
   "(…)" stays with the sentence before it, a "sentence" starting in lower
   case is merged back, an opening « left at the end of a sentence moves to
   the next one), see :func:`split_sentences`;
5. **quote spans**: direct quotations in « », “ ” or "" marks, see
   :func:`quote_spans`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .corpus import LAYERS, Corpus, concat_rows

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
#: Characters that end a sentence, possibly followed by closing marks.
_TERMINAL_RE = re.compile(r"[.!?…][\s»”\"')\]]*$")
_CLOSING = "»”\"')]"
_OMISSION_RE = re.compile(r"^\s*[(\[](?:…|\.\.\.)[)\]]")
_LEADING_CLOSERS_RE = re.compile(r"^[»”.,;:!?)\]\s]+")
_TRAILING_OPENER_RE = re.compile(r"\s+[«“]$")


@dataclass(frozen=True)
class Segment:
    """A run of characters in one voice layer (end exclusive)."""

    start: int
    end: int
    layer: str
    source: str
    rule: str


def lines(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each line's content, line ends excluded.

    Parameters
    ----------
    text : str
        A document.

    Returns
    -------
    list of tuple of int
        One pair per line, in order; blank lines included.
    """
    spans = []
    for match in _LINE_RE.finditer(text):
        start, end = match.span()
        if start == end and start == len(text):
            break
        content = match.group().rstrip("\r\n")
        spans.append((start, start + len(content)))
    return spans


def continues(previous: str, following: str, abbreviations: frozenset[str]) -> bool:
    """Decide whether a line break falls inside a sentence.

    Parameters
    ----------
    previous : str
        The last non-blank line before the break (stripped).
    following : str
        The first non-blank line after it (stripped).
    abbreviations : frozenset of str
        Lower-case abbreviations without their period ("m", "mme", ...).

    Returns
    -------
    bool
        True when the two lines belong to one sentence: the previous line
        ends with an abbreviation followed by a period, or it neither ends a
        sentence nor introduces a block (":") and the next line starts with a
        lower-case letter or with punctuation.
    """
    last_word = previous.rsplit(maxsplit=1)[-1] if previous else ""
    if last_word.endswith(".") and last_word[:-1].lower() in abbreviations:
        return True
    if _TERMINAL_RE.search(previous) or previous.endswith(":"):
        return False
    first = following[0]
    return first.islower() or first in ",;.:)»”…"


def paragraphs(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph (trailing spaces excluded).

    Parameters
    ----------
    text : str
        A document.
    abbreviations : frozenset of str
        Abbreviations for :func:`continues` (a profile's ``abbreviations``).

    Returns
    -------
    list of tuple of int
        Paragraph spans in order; a paragraph may span several lines.
    """
    content = [(s, e) for s, e in lines(text) if text[s:e].strip()]
    spans: list[list[int]] = []
    for start, end in content:
        line = text[start:end].strip()
        if spans and continues(text[spans[-1][0] : spans[-1][1]].strip(), line, abbreviations):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(s, s + len(text[s:e].rstrip())) for s, e in spans]


def voice_segments(text: str, anchors: pd.DataFrame, rules: pd.DataFrame) -> list[Segment]:
    """Partition every character of ``text`` into voice segments.

    Parameters
    ----------
    text : str
        A document.
    anchors : pandas.DataFrame
        This document's annotation rows (``start``, ``layer``, ``source``):
        each starts a segment that runs to the next anchor.  Text before the
        first anchor, or the whole text when there is none, is
        ``original_outlet`` (the relayed report).
    rules : pandas.DataFrame
        Boilerplate rules (``pattern``, ``scope``): a line fully matching a
        ``line`` rule is boilerplate; a line matching a ``until_anchor`` rule
        starts boilerplate that runs to the next anchor or the end; a line
        matching a ``comments_after`` rule ("Commentaires", "12 comments") is
        boilerplate and the text after it, to the next anchor or the end, is
        ``reader_comment``; the start of a line matching a ``line_start``
        rule (a dispatch's dateline) is boilerplate.

    Returns
    -------
    list of Segment
        Contiguous segments covering ``[0, len(text))`` exactly; each anchor
        starts a new segment (so each reader comment is its own unit).
    """
    bounds = [(0, "original_outlet", "", "default")]
    if isinstance(anchors, pd.DataFrame):
        anchors = list(zip(anchors["start"], anchors["layer"], anchors["source"]))
    bounds += [(int(start), layer, source, "annotation") for start, layer, source in anchors]
    bounds = sorted(bounds, key=lambda b: b[0])
    base = []
    for i, (start, layer, source, rule) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(text)
        if end > start:
            base.append(Segment(start, end, layer, source, rule))
    boiler, comments = _boilerplate_spans(text, [b[0] for b in bounds[1:]], rules)
    return _overlay(text, base, boiler, comments)


def _compiled_rules(rules: pd.DataFrame) -> tuple[list[re.Pattern], list[re.Pattern], list[re.Pattern]]:
    """Compile boilerplate rules once: (line, until-anchor, comments-after, line-start rules)."""
    return tuple([re.compile(p) for p in rules.loc[rules["scope"] == scope, "pattern"]] for scope in BOILERPLATE_SCOPES)


#: Scopes of a boilerplate rule (``boilerplate.csv``): the line only; the line and the rest to the next anchor;
#: the line, with the rest to the next anchor as reader comments; the start of a line (a dispatch's dateline).
BOILERPLATE_SCOPES = ("line", "until_anchor", "comments_after", "line_start")


def _boilerplate_spans(text: str, anchor_starts: list[int], rules) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return the character ranges that the boilerplate rules mark, and those they mark as reader comments.

    ``rules``: a table or :func:`_compiled_rules`.
    """
    spans, comments = [], []
    line_rules, until_rules, comment_rules, start_rules = _compiled_rules(rules) if isinstance(rules, pd.DataFrame) else rules
    for start, end in lines(text):
        line = text[start:end].strip()
        if not line or any(a <= start < b for a, b in comments):
            continue
        lead = start + len(text[start:end]) - len(text[start:end].lstrip())
        prefix = next((m for m in (r.match(text, lead, end) for r in start_rules) if m and m.end() > lead), None)
        if prefix is not None:  # "PORT-GARANCE, 7 janvier 2026 (ALP) - ": the dateline alone
            spans.append((start, prefix.end()))
            continue
        if any(r.fullmatch(line) for r in until_rules):
            stop = min([a for a in anchor_starts if a > start], default=len(text))
            spans.append((start, stop))
        elif any(r.fullmatch(line) for r in comment_rules):
            spans.append((start, end))
            stop = min([a for a in anchor_starts if a > start], default=len(text))
            if stop > end:
                comments.append((end, stop))
        elif any(r.fullmatch(line) for r in line_rules):
            spans.append((start, end))
    return spans, comments


def _overlay(text: str, base: list[Segment], boiler: list[tuple[int, int]], comments: list[tuple[int, int]] = ()) -> list[Segment]:
    """Cut boilerplate (and reader-comment) ranges out of the base segments and merge the pieces.

    Adjacent boilerplate pieces merge; a whitespace-only piece joins the piece
    before it, so no segment is made of line breaks alone.
    """
    cuts = sorted({p for s in base for p in (s.start, s.end)} | {p for b in (*boiler, *comments) for p in b})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        seg = next(s for s in base if s.start <= a < s.end)
        if any(x <= a < y for x, y in boiler):
            piece = Segment(a, b, "boilerplate", "", "boilerplate rule")
        elif any(x <= a < y for x, y in comments):
            piece = Segment(a, b, "reader_comment", "", "comments rule")
        else:
            piece = Segment(a, b, seg.layer, seg.source, seg.rule)
        pieces.append((seg.start, piece))
    merged: list[Segment] = []
    owner: list[int] = []
    for base_start, piece in pieces:
        blank = not text[piece.start : piece.end].strip()
        if merged and (blank or _same_unit(merged[-1], piece, owner[-1], base_start)):
            last = merged[-1]
            merged[-1] = Segment(last.start, piece.end, last.layer, last.source, last.rule)
            continue
        merged.append(piece)
        owner.append(base_start)
    return merged


def _same_unit(prev: Segment, piece: Segment, prev_owner: int, owner: int) -> bool:
    """Whether two adjacent pieces form one segment."""
    if prev.layer != piece.layer or prev.source != piece.source:
        return False
    return prev.layer == "boilerplate" or prev_owner == owner


@lru_cache(maxsize=4)
def _punkt(abbreviations: frozenset[str]) -> PunktSentenceTokenizer:
    """Build an untrained Punkt tokenizer whose only parameters are abbreviations."""
    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str, start: int, end: int, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (absolute offsets).

    Parameters
    ----------
    text : str
        The document.
    start, end : int
        The piece to split (a paragraph, or the part of it in one segment).
    abbreviations : frozenset of str
        Punkt abbreviation types (a profile's ``abbreviations``).

    Returns
    -------
    list of tuple of int
        Sentence spans without surrounding whitespace.
    """
    piece = text[start:end]
    spans = [[start + a, start + b] for a, b in _punkt(abbreviations).span_tokenize(piece)]
    repaired: list[list[int]] = []
    for span in spans:
        s = text[span[0] : span[1]]
        if repaired:
            omission = _OMISSION_RE.match(s)
            lead = omission or _LEADING_CLOSERS_RE.match(s)
            if lead and lead.end() > 0:
                cut = span[0] + len(s[: lead.end()].rstrip())
                repaired[-1][1] = max(repaired[-1][1], cut)
                span = [span[0] + lead.end(), span[1]]
                s = text[span[0] : span[1]]
            if s.strip() and (s.lstrip()[0].islower() or not any(c.isalnum() for c in s)):
                repaired[-1][1] = span[1]
                continue
        if s.strip():
            repaired.append(span)
    for prev, nxt in zip(repaired, repaired[1:]):
        tail = _TRAILING_OPENER_RE.search(text[prev[0] : prev[1]])
        if tail and text[prev[0] : prev[0] + tail.start()].strip():
            nxt[0] = prev[0] + tail.start() + (len(tail.group()) - len(tail.group().lstrip()))
            prev[1] = prev[0] + tail.start()
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip())) for a, b in repaired]


_QUOTE_PAIRS = {"«": "»", "“": "”"}
_QUOTE_MARK_RE = re.compile('[«“"»”]')


def quote_spans(text: str, sentence_spans: Iterable[tuple[int, int]], para_spans: Iterable[tuple[int, int]]) -> list[dict]:
    """Find direct quotations marked with « », “ ” or straight double quotes.

    Parameters
    ----------
    text : str
        The document.
    sentence_spans : iterable of (int, int)
        Sentence spans, used to close a quotation that is never closed.
    para_spans : iterable of (int, int)
        Paragraph spans; quotations never cross a paragraph.

    Returns
    -------
    list of dict
        ``start``/``end`` (marks included), ``open``, ``close`` and
        ``status``: ``closed``; ``mismatched_marks`` (closed by the other
        kind of mark, e.g. “ … »); ``unclosed`` (no closing mark in the
        paragraph: the span stops at the end of the sentence where it opened);
        ``reversed_open`` (a closing mark used as an opening one, e.g.
        ``qu' »il``, then closed as ``unclosed``).  Nested quotations stay
        inside their outer span.
    """
    sentences = sorted(sentence_spans)
    out = []
    for p_start, p_end in para_spans:
        i = p_start
        while i < p_end:
            mark = _QUOTE_MARK_RE.search(text, i, p_end)
            if mark is None:
                break
            i = mark.start()
            ch = text[i]
            opener = ch in _QUOTE_PAIRS or ch == '"'
            reversed_open = ch in "»”" and i + 1 < p_end and text[i + 1].isalpha() and (i == p_start or text[i - 1].isspace())
            if not (opener or reversed_open):
                i += 1
                continue
            close_at = _find_close(text, i, p_end, ch)
            if close_at is None:
                stop = next((e for s, e in sentences if s <= i < e), p_end)
                status = "reversed_open" if reversed_open else "unclosed"
                out.append({"start": i, "end": stop, "open": ch, "close": "", "status": status})
                i = stop
                continue
            status = "closed" if _QUOTE_PAIRS.get(ch, '"') == text[close_at] else "mismatched_marks"
            out.append({"start": i, "end": close_at + 1, "open": ch, "close": text[close_at], "status": status})
            i = close_at + 1
    return out


def _find_close(text: str, i: int, stop: int, opening: str) -> int | None:
    """Index of the mark closing the quotation opened at ``i``, or None.

    « and “ open, » and ” close, whatever the pairing (relays mix them, e.g.
    “ … »); nested openers must be closed first.  A straight " closes at the
    next straight ".
    """
    if opening == '"':
        j = text.find('"', i + 1, stop)
        return j if j >= 0 else None
    if opening in "»”":
        return None
    depth = 0
    for j in range(i + 1, stop):
        if text[j] in _QUOTE_PAIRS:
            depth += 1
        elif text[j] in "»”":
            if depth == 0:
                return j
            depth -= 1
    return None


def document_units(
    doc_id: str, text: str, anchors: pd.DataFrame, rules: pd.DataFrame, abbreviations: frozenset[str]
) -> dict[str, pd.DataFrame]:
    """Segment one document into segments, paragraphs, sentences and quotes.

    Parameters
    ----------
    doc_id : str
        The document's id.
    text : str
        Its text.
    anchors : pandas.DataFrame
        Its voice-segment annotations.
    rules : pandas.DataFrame
        Boilerplate rules (a profile's ``boilerplate``).
    abbreviations : frozenset of str
        Abbreviations that do not end a sentence (a profile's ``abbreviations``).

    Returns
    -------
    dict of pandas.DataFrame
        ``segments``, ``paragraphs``, ``sentences`` and ``quote_spans``.
    """
    rows = _document_rows(doc_id, text, anchors, _compiled_rules(rules), abbreviations)
    return {name: pd.DataFrame(values, columns=UNIT_COLUMNS[name]) for name, values in rows.items()}


#: Columns of the unit tables built by :func:`document_units` and :func:`segment_corpus` (before ``outlet`` and ``text``).
UNIT_COLUMNS = {
    "segments": ["doc_id", "segment_id", "start", "end", "layer", "source", "rule"],
    "paragraphs": ["doc_id", "paragraph_id", "start", "end"],
    "sentences": ["doc_id", "sentence_id", "start", "end", "paragraph_id", "segment_id", "layer", "source"],
    "quote_spans": ["doc_id", "start", "end", "open", "close", "status"],
}


def _document_rows(doc_id: str, text: str, anchors, rules, abbreviations: frozenset[str]) -> dict[str, list[tuple]]:
    """Rows of the four unit tables for one document (plain tuples: tables are built once per corpus)."""
    segs = voice_segments(text, anchors, rules)
    paras = paragraphs(text, abbreviations)
    sentences = []
    for p_id, (p_start, p_end) in enumerate(paras):
        for g_id, seg in enumerate(segs):
            a, b = max(p_start, seg.start), min(p_end, seg.end)
            if a < b and text[a:b].strip():
                for s_start, s_end in split_sentences(text, a, b, abbreviations):
                    sentences.append((doc_id, len(sentences), s_start, s_end, p_id, g_id, seg.layer, seg.source))
    quotes = quote_spans(text, [(r[2], r[3]) for r in sentences], paras)
    return {
        "segments": [(doc_id, i, g.start, g.end, g.layer, g.source, g.rule) for i, g in enumerate(segs)],
        "paragraphs": [(doc_id, i, a, b) for i, (a, b) in enumerate(paras)],
        "sentences": sentences,
        "quote_spans": [(doc_id, q["start"], q["end"], q["open"], q["close"], q["status"]) for q in quotes],
    }


#: Documents segmented at once by :func:`segment_corpus` (their rows are Python tuples until made a table).
SEGMENT_BATCH = 1000
#: Units that :func:`segment_corpus` gives their exact text (a paragraph's words are ``raw[start:end]``; no step reads them).
TEXT_UNITS = ("segments", "sentences", "quote_spans")


def _unit_frames(docs: pd.DataFrame, anchors: dict[str, list[tuple]], rules, abbreviations: frozenset[str]) -> dict[str, pd.DataFrame]:
    """Return the four unit tables of some documents, with ``outlet`` and the exact ``text`` of each unit of :data:`TEXT_UNITS`."""
    ids, texts_ = docs["doc_id"].tolist(), docs["text"].tolist()
    parts: dict[str, list[tuple]] = {name: [] for name in UNIT_COLUMNS}
    for doc_id, text in zip(ids, texts_):
        for name, rows in _document_rows(doc_id, text, anchors.get(doc_id, []), rules, abbreviations).items():
            parts[name] += rows
    texts = dict(zip(ids, texts_))
    outlets = dict(zip(ids, docs["outlet"].tolist()))
    out = {}
    for name, rows in parts.items():
        frame = pd.DataFrame(rows, columns=UNIT_COLUMNS[name])
        frame.insert(1, "outlet", frame["doc_id"].map(outlets))
        if name in TEXT_UNITS:  # typed as strings even when empty (a chunk of documents without a quotation)
            frame["text"] = pd.Series(
                [texts[d][a:b] for d, a, b in zip(frame["doc_id"], frame["start"], frame["end"])], index=frame.index, dtype="str"
            )
        out[name] = frame
    return out


def segment_corpus(corpus: Corpus, boilerplate: pd.DataFrame, abbreviations: frozenset[str]) -> dict[str, pd.DataFrame]:
    """Segment every document of a corpus.

    Parameters
    ----------
    corpus : Corpus
        A loaded corpus.
    boilerplate : pandas.DataFrame
        Boilerplate line rules (a profile's ``boilerplate``).
    abbreviations : frozenset of str
        Abbreviations that do not end a sentence (a profile's ``abbreviations``).

    Returns
    -------
    dict of pandas.DataFrame
        ``segments``, ``paragraphs``, ``sentences`` and ``quote_spans`` for
        all documents, sorted by ``doc_id`` then position, with ``outlet``
        and, but for paragraphs, the exact ``text`` of each unit
        (:data:`TEXT_UNITS`).  A large corpus is segmented
        :data:`SEGMENT_BATCH` documents at a time (the Python rows of one batch are held, not the corpus's).
    """
    rules = _compiled_rules(boilerplate)
    a = corpus.annotations
    anchors: dict[str, list[tuple]] = {}
    for doc_id, start, layer, source in zip(a["doc_id"], a["start"], a["layer"], a["source"]):
        anchors.setdefault(doc_id, []).append((start, layer, source))
    docs = corpus.documents
    pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in UNIT_COLUMNS}
    # a batch of documents at a time: the Python rows and text slices of one batch are held at once, not the corpus's
    for lo in range(0, max(len(docs), 1), SEGMENT_BATCH):
        batch = docs.iloc[lo : lo + SEGMENT_BATCH]
        for name, frame in _unit_frames(batch, anchors, rules, abbreviations).items():
            pieces[name].append(frame)
    out = {name: concat_rows(frames) for name, frames in pieces.items()}
    out["sentences"]["layer"] = pd.Categorical(out["sentences"]["layer"], categories=LAYERS)
    return out
