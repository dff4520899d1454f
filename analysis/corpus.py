"""A corpus and the checks of its inputs: raw texts, document metadata, outlets, annotations.

Two corpus formats are accepted (see the README, "Your own corpus"):

* **folder**: ``PATH/metadata.csv`` (one row per document, ``path`` relative to
  ``PATH``) with the ``.txt`` files it names, an optional ``PATH/outlets.csv``
  and an optional ``PATH/annotations/voice_segments.csv``;
* **JSONL**: ``PATH`` is a ``.jsonl`` file, one JSON object per line with
  ``doc_id``, ``outlet`` and ``text`` plus any optional metadata field; an
  optional ``outlets.csv`` and ``annotations/voice_segments.csv`` may sit
  beside it;
* **Parquet**: ``PATH`` is a ``.parquet`` file with the same columns as the
  JSONL records.

This module holds the :class:`Corpus` and the checks of each input (metadata
rows, outlets, text files, annotations, languages, the profile); the reading
itself, whole or in chunks, is :mod:`analysis.reader`'s.

Texts are decoded as UTF-8; a leading byte-order mark is removed and line
ends are kept as they are (CRLF stays CRLF), so every character offset in
every derived table points into the string returned by :func:`read_text`.
Raw files are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import Problem, raise_if
from .language import detect_language, normalise_code, shipped_languages, stopword_languages
from .profile import Profile, read_profile, read_settings
from .tabular import check_header as _check_header
from .tabular import decode_text, is_date
from .tabular import file_label as _label
from .tabular import read_csv_rows as _read_csv_rows

#: Metadata columns that must be present (folder format; JSONL has ``text``
#: instead of ``path``).
REQUIRED_FIELDS = ("doc_id", "outlet", "path")
#: Metadata columns the package knows; any other column must start with ``x_``.
OPTIONAL_FIELDS = (
    "original_filename",
    "original_outlet",
    "relay_chain",
    "title",
    "url",
    "author",
    "date",
    "date_precision",
    "date_basis",
    "date_evidence",
    "language",
    "source_language",
    "sha256",
)
OUTLET_FIELDS = ("outlet", "label", "outlet_type", "colour", "description")
ANNOTATION_FIELDS = ("doc_id", "anchor", "layer", "source", "note")
#: Voice layers, in the order used for tables and plots.
LAYERS = ("relay_commentary", "original_outlet", "quoted_block", "reader_comment", "boilerplate")
#: Layers that carry the outlet's own voice (the default scope of the measures).
OWN_VOICE = ("relay_commentary", "original_outlet")

_DOC_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
#: The largest document read, in bytes of UTF-8.  Memory grows linearly with a
#: document's size (``bench/long_document.md``: 3.8 GiB at 50 MB); a larger
#: text is refused by ``validate`` with how to split it, before a run exhausts
#: a laptop's memory on what is almost certainly many articles in one file.
MAX_DOCUMENT_BYTES = 100_000_000


def too_large(size: int, label: str, line: int | None, field: str, problems: list[Problem]) -> bool:
    """Record a problem and return True when a document's text exceeds :data:`MAX_DOCUMENT_BYTES`."""
    if size <= MAX_DOCUMENT_BYTES:
        return False
    problems.append(
        Problem(
            label,
            line,
            field,
            f"the text has {size / 1e6:.0f} MB; a document is at most {MAX_DOCUMENT_BYTES / 1e6:.0f} MB (README, 'One long document')",
            "split it into its articles, one document each (or into parts under the limit, with the same outlet)",
        )
    )
    return True


_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Okabe-Ito colour-blind-safe palette, used when outlets.csv gives no colour.
DEFAULT_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")


@dataclass(frozen=True)
class Corpus:
    """A validated corpus.

    Attributes
    ----------
    name : str
        Display name of the corpus (folder or file name).
    documents : pandas.DataFrame
        One row per document, sorted by ``doc_id``: the metadata fields, the
        outlet ``label`` and ``colour``, ``n_chars`` and the decoded ``text``.
    outlets : pandas.DataFrame
        One row per outlet key, sorted, with ``label``, ``outlet_type``,
        ``colour`` and ``description``.
    annotations : pandas.DataFrame
        Voice-segment anchors (``doc_id, anchor, layer, source, note, line``
        and the resolved character offset ``start``); may be empty.
    root : Path or None
        The corpus folder (where ``annotations/`` and the profile files live).
    profile : Profile or None
        The corpus's study profile (language, lexicons, targets, actors,
        events...: :mod:`analysis.profile`), resolved when the corpus is loaded.
    """

    name: str
    documents: pd.DataFrame
    outlets: pd.DataFrame
    annotations: pd.DataFrame
    root: Path | None = None
    profile: Profile | None = None

    @property
    def language(self) -> str:
        """The corpus's language (ISO 639-1 code)."""
        if self.profile is None:
            raise ValueError("this corpus has no profile: load it with load_corpus(), or give Study a profile")
        return self.profile.language

    def text(self, doc_id: str) -> str:
        """Return the decoded text of one document (offsets point into it)."""
        return self.documents.loc[self.documents["doc_id"] == doc_id, "text"].iloc[0]


def concat_rows(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate row blocks of one table in order, with a fresh index.

    Empty blocks are left out unless every block is empty: an empty block's
    columns may be untyped (``object``), which would change the columns of
    the others.  Used wherever a table is built a block of documents at a
    time (:func:`analysis.segments.segment_corpus`, :mod:`analysis.scale.engine`).
    """
    full = [f for f in frames if len(f)] or list(frames[:1])
    return pd.concat(full, ignore_index=True) if full else pd.DataFrame()


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_text(path: Path | str) -> str:
    """Read one raw text as the package reads it.

    Parameters
    ----------
    path : path-like
        A UTF-8 text file.

    Returns
    -------
    str
        The text with a leading BOM removed and line ends untouched; every
        ``start``/``end`` offset in the study's tables indexes this string.

    Raises
    ------
    CorpusError
        If the file is not UTF-8 or is empty.
    """
    problems: list[Problem] = []
    text = decode_text(Path(path).read_bytes(), str(path), problems)
    raise_if(problems)
    return text  # type: ignore[return-value]


def _load_outlets(root: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """Load ``outlets.csv`` if present; ``None`` when the corpus has none."""
    path = root / "outlets.csv"
    if not path.exists():
        return None
    read = _read_csv_rows(path, _label(path, root), problems)
    if read is None:
        return None
    header, rows = read
    label = _label(path, root)
    _check_header(header, ("outlet",), OUTLET_FIELDS[1:], label, problems)
    seen: dict[str, int] = {}
    records = []
    for line, row in rows:
        key = row.get("outlet", "")
        if not key:
            problems.append(Problem(label, line, "outlet", "empty outlet key", "give every outlet a key"))
            continue
        if key in seen:
            problems.append(
                Problem(label, line, "outlet", f"outlet '{key}' already defined on line {seen[key]}", "keep one row per outlet")
            )
            continue
        seen[key] = line
        colour = row.get("colour", "")
        if colour and not _COLOUR_RE.match(colour):
            problems.append(Problem(label, line, "colour", f"'{colour}' is not a colour", "write it as #RRGGBB"))
        records.append(row)
    return pd.DataFrame(records)


def _check_metadata_row(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    """Check the values of one metadata row (ids, dates, checksum format)."""
    doc_id = row.get("doc_id", "")
    if doc_id and not _DOC_ID_RE.match(doc_id):
        problems.append(
            Problem(
                label,
                line,
                "doc_id",
                f"'{doc_id}' is not a valid id",
                "use letters, digits, '_', '-' or '.', starting with a letter or digit",
            )
        )
    date = row.get("date", "")
    if date and not is_date(date):
        problems.append(
            Problem(label, line, "date", f"'{date}' is not a calendar date", "write a real date as YYYY, YYYY-MM or YYYY-MM-DD")
        )
    sha = row.get("sha256", "")
    if sha and not _SHA_RE.match(sha):
        problems.append(
            Problem(label, line, "sha256", "not a SHA-256 hex digest", "write the 64 lower-case hex digits of `sha256sum FILE`")
        )


def _resolve_corpus(path: Path) -> tuple[Path, str]:
    """Return (root folder, format) for a corpus path."""
    if path.is_dir():
        return path, "folder"
    if path.suffix == ".jsonl":
        return path.parent, "jsonl"
    if path.suffix == ".parquet":
        return path.parent, "parquet"
    return path, "unknown"


def _read_document(row: dict, line: int, root: Path, label: str, problems: list[Problem]) -> str | None:
    """Read the text file named by one metadata row, verifying its checksum."""
    rel = row.get("path", "")
    if not rel:
        problems.append(Problem(label, line, "path", "empty path", "give the text file's path relative to the corpus folder"))
        return None
    file = (root / rel).resolve()
    if not file.is_relative_to(root.resolve()):
        problems.append(Problem(label, line, "path", f"'{rel}' points outside the corpus folder", "move the file into the corpus folder"))
        return None
    if not file.is_file():
        problems.append(Problem(label, line, "path", f"file '{rel}' not found", "fix the path or add the file"))
        return None
    if too_large(file.stat().st_size, label, line, "path", problems):
        return None
    data = file.read_bytes()
    expected = row.get("sha256", "")
    if expected and _SHA_RE.match(expected):
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            problems.append(
                Problem(
                    label,
                    line,
                    "sha256",
                    f"checksum mismatch for '{rel}': metadata says {expected[:12]}…, file has {actual[:12]}…",
                    f"restore the original raw file (raw data is never edited); if the new file is intended, write its sha256 {actual} "
                    "in metadata.csv (or leave the value empty)",
                )
            )
            return None
    return decode_text(data, _label(file, root.resolve()), problems)


def _documents_frame(records, outlets: pd.DataFrame | None, label: str, problems: list[Problem]) -> pd.DataFrame:
    """Build the documents table, checking required values, ids and outlets."""
    seen: dict[str, int] = {}
    keep = []
    known = set(outlets["outlet"]) if outlets is not None and len(outlets) else None
    for line, row, text in records:
        _check_metadata_row(row, line, label, problems)
        for name in REQUIRED_FIELDS[:2]:
            if not row.get(name):
                problems.append(Problem(label, line, name, f"empty '{name}'", f"give every document a '{name}'"))
        doc_id, outlet = row.get("doc_id", ""), row.get("outlet", "")
        if not doc_id or not outlet:
            continue
        if doc_id in seen:
            problems.append(
                Problem(
                    label,
                    line,
                    "doc_id",
                    f"duplicate doc_id '{doc_id}' (first on line {seen[doc_id]})",
                    "give every document a unique doc_id",
                )
            )
            continue
        seen[doc_id] = line
        if known is not None and outlet not in known:
            problems.append(
                Problem(
                    label,
                    line,
                    "outlet",
                    f"unknown outlet '{outlet}'",
                    f"add it to outlets.csv or use one of: {', '.join(sorted(known))}",
                )
            )
            continue
        keep.append({**row, "text": text, "line": line})
    docs = pd.DataFrame(keep)
    if docs.empty:
        return docs
    for name in (*OPTIONAL_FIELDS, "path"):
        docs[name] = docs[name].fillna("") if name in docs else ""  # a JSONL record without the field: empty, not "nan"
    return docs


def _complete_outlets(outlets: pd.DataFrame | None, docs: pd.DataFrame) -> pd.DataFrame:
    """Return the outlet table, inventing labels and colours where none are given."""
    keys = sorted(set(docs["outlet"])) if len(docs) else []
    if outlets is None or outlets.empty:
        outlets = pd.DataFrame({"outlet": keys})
    outlets = outlets.copy()
    for name in OUTLET_FIELDS[1:]:
        if name not in outlets:
            outlets[name] = ""
    outlets["label"] = outlets["label"].where(outlets["label"] != "", outlets["outlet"])
    outlets = outlets.sort_values("outlet").reset_index(drop=True)
    default = [DEFAULT_COLOURS[i % len(DEFAULT_COLOURS)] for i in range(len(outlets))]
    outlets["colour"] = [c if c else d for c, d in zip(outlets["colour"], default)]
    return outlets[list(OUTLET_FIELDS)]


def _load_annotations(root: Path, docs: pd.DataFrame, problems: list[Problem], only: set[str] | None = None) -> pd.DataFrame:
    """Load voice-segment anchors and resolve each to one offset in its text (only those of ``only``'s documents if given)."""
    path = root / "annotations" / "voice_segments.csv"
    empty = pd.DataFrame(columns=[*ANNOTATION_FIELDS, "line", "start"])
    if not path.exists():
        return empty
    label = _label(path, root)
    read = _read_csv_rows(path, label, problems)
    if read is None:
        return empty
    header, rows = read
    _check_header(header, ANNOTATION_FIELDS[:3], ANNOTATION_FIELDS[3:], label, problems)
    texts = dict(zip(docs["doc_id"], docs["text"])) if len(docs) else {}
    out = []
    for line, row in rows:
        if only is not None and row.get("doc_id", "") not in only:
            continue
        resolved = _resolve_anchor(row, line, label, texts, problems)
        if resolved is not None:
            out.append(resolved)
    if not out:
        return empty
    frame = pd.DataFrame(out)
    for name in ANNOTATION_FIELDS:
        if name not in frame:
            frame[name] = ""
    dup = frame.duplicated(["doc_id", "start"], keep=False)
    for _, row in frame[dup].iterrows():
        problems.append(Problem(label, row["line"], "anchor", "two anchors start at the same place", "keep one of them"))
    return frame.sort_values(["doc_id", "start"]).reset_index(drop=True)


def _resolve_anchor(row: dict, line: int, label: str, texts: dict, problems: list[Problem]) -> dict | None:
    """Check one annotation row and find its anchor exactly once in the text.

    Anchors match the text exactly, except that any run of white space in the
    anchor matches any run of white space (no-break spaces, line breaks).
    """
    doc_id, anchor, layer = row.get("doc_id", ""), row.get("anchor", ""), row.get("layer", "")
    if layer not in LAYERS:
        problems.append(Problem(label, line, "layer", f"unknown layer '{layer}'", f"use one of: {', '.join(LAYERS)}"))
        return None
    if layer == "quoted_block" and not row.get("source"):
        problems.append(
            Problem(
                label, line, "source", "a quoted block needs its source", "name the source, or write 'unnamed' plus what is known in 'note'"
            )
        )
        return None
    if doc_id not in texts:
        problems.append(Problem(label, line, "doc_id", f"unknown doc_id '{doc_id}'", "use a doc_id from the metadata"))
        return None
    if not anchor:
        problems.append(Problem(label, line, "anchor", "empty anchor", "copy the first words of the segment exactly"))
        return None
    pattern = re.compile(r"\s+".join(re.escape(part) for part in anchor.split()))
    found = [m.start() for m in pattern.finditer(texts[doc_id])]
    if not found:
        problems.append(
            Problem(
                label,
                line,
                "anchor",
                f"anchor '{anchor[:60]}' not found in {doc_id}",
                "copy the segment's first words exactly from the raw text",
            )
        )
        return None
    if len(found) > 1:
        problems.append(
            Problem(
                label,
                line,
                "anchor",
                f"anchor '{anchor[:60]}' found {len(found)} times in {doc_id}",
                "lengthen the anchor until it occurs only once",
            )
        )
        return None
    first = found[0]
    return {**row, "line": line, "start": first}


#: Documents read to detect the language of a corpus that declares none.
DETECT_DOCUMENTS = 20


def resolve_language(
    declared: Sequence[tuple[int, str, str]], settings: dict, texts: Sequence[str], label: str, problems: list[Problem]
) -> str | None:
    """Return the corpus's language: its documents' ``language``, else ``profile.toml``'s, else detected from the texts.

    Parameters
    ----------
    declared : sequence of (line, doc_id, language)
        Each document's metadata ``language`` ("" when not given).
    settings : dict
        The parsed ``profile.toml`` (:func:`analysis.profile.read_settings`).
    texts : sequence of str
        Some of the corpus's texts (for detection when nothing is declared).
    label : str
        The metadata file's name, for problems.

    Returns
    -------
    str or None
        The ISO 639-1 code, or None (with a problem) when the documents are in
        several languages, disagree with ``profile.toml``, or nothing tells.
    """
    by_code: dict[str, list[str]] = {}
    for _, doc_id, value in declared:
        if value:
            by_code.setdefault(normalise_code(value), []).append(doc_id)
    if len(by_code) > 1:
        counts = "; ".join(
            f"{code}: {len(ids)} ({', '.join(sorted(ids)[:3])}{', …' if len(ids) > 3 else ''})" for code, ids in sorted(by_code.items())
        )
        problems.append(
            Problem(
                label,
                None,
                "language",
                f"the documents are in {len(by_code)} languages ({counts}); a corpus is analysed in one language",
                "make one corpus per language (outlets are compared within a language), or correct the 'language' values",
            )
        )
        return None
    setting = normalise_code(settings["language"]) if settings.get("language") else ""
    if by_code:
        language = next(iter(by_code))
        if setting and setting != language:
            problems.append(
                Problem(
                    "profile.toml",
                    None,
                    "language",
                    f"profile.toml says '{setting}' but the metadata says '{language}'",
                    "make them agree (or remove the language from profile.toml)",
                )
            )
            return None
        return language
    if setting:
        return setting
    found = {detect_language(t)[0] for t in texts} - {None}
    if len(found) == 1:
        return found.pop()
    problems.append(
        Problem(
            label,
            None,
            "language",
            "no language is declared and the texts do not tell"
            + (f" (they read as {', '.join(sorted(found))})" if found else " (too short or unclear)"),
            "add a 'language' column to the metadata (ISO 639-1, e.g. fr or en), or `language = \"fr\"` to profile.toml",
        )
    )
    return None


def check_languages(docs: pd.DataFrame, language: str, label: str, problems: list[Problem]) -> None:
    """Report each document whose text reads as another language than its declared one (or the corpus's).

    The test is :func:`analysis.language.detect_language` among the shipped
    languages and the declared one; a text too short or unclear passes.
    """
    candidates = tuple(sorted(set(shipped_languages()) | ({language} & set(stopword_languages()))))
    declared = docs["language"] if "language" in docs else pd.Series("", index=docs.index)
    for doc_id, line, text, value in zip(docs["doc_id"], docs["line"], docs["text"], declared):
        expected = normalise_code(value) if value else language
        found, shares = detect_language(text, candidates)
        if found is not None and found != expected and expected in stopword_languages():
            problems.append(
                Problem(
                    label,
                    int(line),
                    "language",
                    f"{doc_id}: the text reads as '{found}' (share of '{found}' stopwords {shares[found]:.2f}, of '{expected}' "
                    f"stopwords {shares.get(expected, 0):.2f}), not '{expected}'",
                    f"correct the document's language, or leave it out: a corpus is analysed in one language ({language})",
                )
            )


def check_relay_pairs(profile: Profile, known: set[str], root: Path, problems: list[Problem]) -> None:
    """Every document a relay pair names must be in the corpus."""
    pairs = profile.relay_pairs
    lines = pairs.attrs.get("lines") or list(range(2, len(pairs) + 2))
    label = _label(root / "relay_pairs.csv", root)
    for line, a, b in zip(lines, pairs["doc_a"], pairs["doc_b"]):
        for column, doc_id in (("doc_a", a), ("doc_b", b)):
            if doc_id not in known:
                problems.append(Problem(label, line, column, f"unknown doc_id '{doc_id}'", "use a doc_id from the metadata"))


def corpus_profile(
    root: Path, label: str, docs: pd.DataFrame, texts: Sequence[str], problems: list[Problem], lexical_only: bool = False
) -> Profile | None:
    """Resolve a corpus's language and profile from its documents' metadata (``doc_id, line, language``) and some texts."""
    settings = read_settings(root, problems)
    declared = list(zip(docs["line"], docs["doc_id"], docs["language"] if "language" in docs else [""] * len(docs)))
    language = resolve_language(declared, settings, texts, label, problems)
    if language is None:
        return None
    source = "profile.toml" if settings.get("language") and not any(v for _, _, v in declared) else label
    profile = read_profile(root, language, problems, lexical_only, settings, source)
    if profile is not None:
        check_relay_pairs(profile, set(docs["doc_id"]), root, problems)
    return profile
