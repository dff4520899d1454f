"""The corpus reader: one road for a folder, a JSONL or a Parquet file, whole or in chunks.

Three inputs are read (see the README, "Your own corpus" and "Scale"):

* a **folder** with ``metadata.csv`` and the ``.txt`` files it names;
* a **JSONL** file, one ``{"doc_id", "outlet", "text", ...}`` object per line;
* a **Parquet** file with columns ``doc_id``, ``outlet``, ``text`` and any
  optional metadata field (read with pyarrow, row group by row group).

:func:`scan` reads the metadata only (never the texts, but a few when no
language is declared), checks ids, outlets, the profile and the annotation
files, and sorts the documents by ``doc_id``; :func:`read_documents` (and
:func:`read_chunk`) then reads the texts of some of them and returns them as a
:class:`~analysis.corpus.Corpus`.  :func:`load_corpus` reads every text (a
corpus at once), :func:`iter_chunks` consecutive slices (a large corpus, so
that memory follows the chunk), and :func:`validate` reads them all a chunk at
a time and lists every problem found on the way.  Chunks are consecutive in
``doc_id`` order, so tables built chunk by chunk and concatenated are sorted
like tables built on the whole corpus.

The checks themselves (metadata rows, outlets, annotations, languages) live
in :mod:`analysis.corpus`; this module only reads, and imports nothing that
imports it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .annotations import check_annotation_files
from .corpus import (
    DETECT_DOCUMENTS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    Corpus,
    _check_header,
    _complete_outlets,
    _documents_frame,
    _label,
    _load_annotations,
    _load_outlets,
    _read_csv_rows,
    _read_document,
    check_languages,
    corpus_profile,
    too_large,
)
from .errors import CorpusError, Problem, raise_if
from .profile import Profile
from .tabular import json_row

FORMATS = {".jsonl": "jsonl", ".parquet": "parquet"}
#: Documents whose texts :func:`validate` holds at once.
VALIDATE_CHUNK = 500
_TEXT_FIX = "give every record a non-empty 'text' string"


@dataclass
class CorpusIndex:
    """The documents of a corpus without their texts: where to read each one.

    Attributes
    ----------
    path, root : Path
        The corpus as given, and the folder holding its optional files.
    fmt : str
        ``folder``, ``jsonl`` or ``parquet``.
    name, label : str
        Corpus name, and the metadata file's name for messages.
    fields : list of str
        Metadata fields in the order the source gives them (texts excluded).
    documents : pandas.DataFrame
        Metadata rows sorted by ``doc_id`` with their ``line`` (row for
        Parquet) and ``locator`` (byte offset in a JSONL file, row number in
        a Parquet file; unused for folders, whose rows name their file).
    outlets : pandas.DataFrame
        The completed outlet table (labels and colours for every outlet).
    profile : Profile or None
        The corpus's study profile (:mod:`analysis.profile`); every chunk carries it.
    """

    path: Path
    root: Path
    fmt: str
    name: str
    label: str
    fields: list[str]
    documents: pd.DataFrame
    outlets: pd.DataFrame
    profile: Profile | None = None

    def __len__(self) -> int:
        return len(self.documents)

    def chunks(self, size: int) -> list[tuple[int, int]]:
        """``(start, stop)`` positions of consecutive chunks of at most ``size`` documents."""
        if size < 1:
            raise ValueError(f"chunk size must be at least 1, not {size}")
        return [(a, min(a + size, len(self))) for a in range(0, len(self), size)]


def corpus_format(path: Path) -> str:
    """``folder``, ``jsonl``, ``parquet`` or ``unknown``."""
    return "folder" if path.is_dir() else FORMATS.get(path.suffix, "unknown")


def scan(path: Path | str, lexical_only: bool = False, with_profile: bool = True) -> tuple[CorpusIndex | None, list[Problem]]:
    """Read and check a corpus's metadata, outlets, profile and annotation files; return its index and every problem found.

    Nothing is raised: the checks go as far as the input allows (the profile
    and annotation files are checked against every listed document even when
    some rows have problems), so that one mistake does not hide the others.
    The index is ``None`` when no document could be listed.

    Parameters
    ----------
    path : path-like
        A corpus folder, ``.jsonl`` or ``.parquet`` file.
    lexical_only : bool
        Accept a language without shipped defaults (only the lexical tables are computed).
    with_profile : bool
        Resolve the corpus's language and profile (``False``: the metadata only, e.g. for ``init``).
    """
    path = Path(path)
    fmt = corpus_format(path)
    problems: list[Problem] = []
    if fmt == "unknown" or not path.exists():
        fix = "give a folder containing metadata.csv, a .jsonl file or a .parquet file"
        problems.append(Problem(str(path), None, "", "no such corpus folder or .jsonl/.parquet file", fix))
        return None, problems
    root = path if fmt == "folder" else path.parent
    label = _label(root / "metadata.csv" if fmt == "folder" else path, root)
    outlets = _load_outlets(root, problems)
    records = {"folder": _folder_records, "jsonl": _jsonl_records, "parquet": _parquet_records}[fmt](path, label, problems)
    fields = list(dict.fromkeys(k for _, row, _ in records for k in row if k != "locator"))
    docs = _documents_frame(records, outlets, label, problems)
    if docs.empty:
        if not problems:
            problems.append(Problem(label, None, "", "the corpus has no documents", "add at least one document"))
        return None, problems
    _check_annotation_ids(root, set(docs["doc_id"]), problems)
    docs = docs.drop(columns="text").sort_values("doc_id").reset_index(drop=True)
    name = root.name if fmt == "folder" else path.stem
    index = CorpusIndex(path, root, fmt, name, label, fields, docs, _complete_outlets(outlets, docs))
    if not with_profile:
        return index, problems
    declared = docs["language"].ne("").any() if "language" in docs else False
    sample = [] if declared else sample_texts(index, DETECT_DOCUMENTS)
    index.profile = corpus_profile(root, label, docs, sample, problems, lexical_only)
    if index.profile is not None:  # the hand annotations, checked before anything is computed
        p = index.profile
        check_annotation_files(root, set(docs["doc_id"]), set(p.targets["target"]), set(p.events["event_id"]), problems)
    return index, problems


def index_corpus(path: Path | str, lexical_only: bool = False, with_profile: bool = True) -> CorpusIndex:
    """Return the index of a corpus (:func:`scan`); raise on any problem.

    Raises
    ------
    CorpusError
        Listing every problem found in the metadata, outlets, profile files and
        annotation references (problems inside texts are reported by :func:`read_chunk`).
    """
    index, problems = scan(path, lexical_only, with_profile)
    raise_if(_unique(problems))
    return index  # type: ignore[return-value]


def load_corpus(path: Path | str, lexical_only: bool = False) -> Corpus:
    """Load and check a corpus and its profile, every text at once; raise on any problem.

    Parameters
    ----------
    path : path-like
        A corpus folder (with ``metadata.csv``), or a ``.jsonl`` or ``.parquet`` file.
    lexical_only : bool
        Accept a language without shipped defaults (only the lexical tables are computed).

    Returns
    -------
    Corpus
        The checked corpus, documents sorted by ``doc_id``.

    Raises
    ------
    CorpusError
        Listing every problem found (the same as :func:`validate`).
    """
    index, problems = scan(path, lexical_only)
    corpus = _read(index, range(len(index)), problems) if index is not None else None
    raise_if(_unique(problems))
    return corpus  # type: ignore[return-value]


def validate(path: Path | str, lexical_only: bool = False) -> list[Problem]:
    """Check a corpus and its profile files, reading every text a chunk at a time, and return every problem found (empty when valid).

    Parameters
    ----------
    path : path-like
        A corpus folder, ``.jsonl`` or ``.parquet`` file.
    lexical_only : bool
        Accept a language without shipped defaults.

    Returns
    -------
    list of Problem
        Sorted problems, each once; nothing is raised and nothing is written.
    """
    index, problems = scan(path, lexical_only)
    if index is not None:
        for start, stop in index.chunks(VALIDATE_CHUNK):
            _read(index, range(start, stop), problems)
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Sorted problems, each once (a row checked by the scan and again with its text is reported once)."""
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))


def sample_texts(index: CorpusIndex, n: int) -> list[str]:
    """Return the texts of the first ``n`` readable documents (to detect the language); a text's own problems are reported by :func:`read_chunk`."""
    texts = []
    for position in range(min(n, len(index))):
        try:
            texts += list(read_documents(index, [position]).documents["text"])
        except CorpusError:
            continue
    return texts


def _folder_records(path: Path, label: str, problems: list[Problem]) -> list[tuple[int, dict, str]]:
    read = _read_csv_rows(path / "metadata.csv", label, problems)
    if read is None:
        return []
    header, rows = read
    _check_header(header, REQUIRED_FIELDS, OPTIONAL_FIELDS, label, problems)
    return [(line, {**row, "locator": ""}, "") for line, row in rows]


def _jsonl_records(path: Path, label: str, problems: list[Problem]) -> list[tuple[int, dict, str]]:
    out = []
    with path.open("rb") as f:
        offset = 0
        for number, raw in enumerate(f, start=1):
            obj = _json_line(raw, number, label, problems)
            if obj is not None:
                _check_header(list(obj), (*REQUIRED_FIELDS[:2], "text"), OPTIONAL_FIELDS, label, problems, number)
                if "text" in obj and not (isinstance(obj["text"], str) and obj["text"].strip()):  # a record not indexed is still told
                    problems.append(Problem(label, number, "text", "missing or empty text", _TEXT_FIX))
                row = json_row(obj, number, label, problems)
                if row is not None:
                    out.append((number, {**row, "locator": str(offset)}, ""))
            offset += len(raw)
    return out


def _json_line(raw: bytes, number: int, label: str, problems: list[Problem]) -> dict | None:
    """Decode and parse one JSONL line (``None`` for blank lines and problems)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(Problem(label, number, "", f"not valid UTF-8 (byte {err.start})", "save the file as UTF-8"))
        return None
    text = text.removeprefix("\ufeff") if number == 1 else text
    if not text.strip():
        return None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        problems.append(Problem(label, number, "", f"not valid JSON ({err.msg} at column {err.colno})", "write one JSON object per line"))
        return None
    if not isinstance(obj, dict):
        problems.append(Problem(label, number, "", "the line is not a JSON object", "write one JSON object per line"))
        return None
    return obj


def _parquet_records(path: Path, label: str, problems: list[Problem]) -> list[tuple[int, dict, str]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises several types for unreadable files
        problems.append(Problem(label, None, "", f"not a readable Parquet file ({err})", "write the file with pandas.DataFrame.to_parquet"))
        return []
    names = pf.schema_arrow.names
    _check_header(names, (*REQUIRED_FIELDS[:2], "text"), OPTIONAL_FIELDS, label, problems)
    try:
        meta = pf.read(columns=[n for n in names if n != "text"]).to_pandas()
    except Exception as err:  # a corrupt page: pyarrow raises several types
        problems.append(Problem(label, None, "", f"a column of the Parquet file cannot be read ({err})", "write the file again"))
        return []
    out = []
    for i, obj in enumerate(meta.astype(object).where(meta.notna(), None).to_dict("records")):
        row = json_row(obj, i + 1, label, problems)  # the same types as a JSONL record: strings, numbers, no lists
        if row is not None:
            out.append((i + 1, {**row, "locator": str(i)}, ""))
    return out


def _check_annotation_ids(root: Path, known: set[str], problems: list[Problem]) -> None:
    """Every voice-segment anchor must name a document of the corpus."""
    path = root / "annotations" / "voice_segments.csv"
    if not path.exists():
        return
    label = _label(path, root)
    read = _read_csv_rows(path, label, problems)
    for line, row in read[1] if read else []:
        if row.get("doc_id", "") not in known:
            problems.append(Problem(label, line, "doc_id", f"unknown doc_id '{row.get('doc_id', '')}'", "use a doc_id from the metadata"))


def read_chunk(index: CorpusIndex, start: int, stop: int) -> Corpus:
    """Read the texts of documents ``start:stop`` (in ``doc_id`` order) and return them as a corpus.

    Raises
    ------
    CorpusError
        When a text of the chunk is missing, not UTF-8, empty, or does not
        match its checksum (each problem names the metadata line).
    """
    return read_documents(index, range(start, stop))


def read_documents(index: CorpusIndex, positions: Sequence[int]) -> Corpus:
    """Read the texts of the documents at ``positions`` of the index (sorted by ``doc_id``) as a corpus.

    Raises
    ------
    CorpusError
        As :func:`read_chunk`.
    """
    problems: list[Problem] = []
    corpus = _read(index, positions, problems)
    raise_if(_unique(problems))
    return corpus


def _read(index: CorpusIndex, positions: Sequence[int], problems: list[Problem]) -> Corpus:
    """Read the texts at ``positions``, recording problems; documents whose text cannot be read are left out."""
    rows = index.documents.iloc[sorted(positions)]
    texts = {"folder": _folder_texts, "jsonl": _jsonl_texts, "parquet": _parquet_texts}[index.fmt](index, rows, problems)
    records = []
    for row, text in zip(rows.to_dict("records"), texts):
        if text is None:
            continue
        records.append((int(row["line"]), {k: row[k] for k in index.fields if k in row}, text))
    docs = _documents_frame(records, None, index.label, problems)
    if docs.empty:  # no text of these documents could be read: the columns _documents_frame gives, without rows
        docs = pd.DataFrame(columns=list(dict.fromkeys([*index.fields, *OPTIONAL_FIELDS, "path", "text", "line"])))
    if index.profile is not None:
        check_languages(docs, index.profile.language, index.label, problems)
        docs["language"] = docs["language"].where(docs["language"] != "", index.profile.language)
    docs = docs.merge(index.outlets[["outlet", "label", "colour"]], on="outlet", how="left")
    docs["n_chars"] = docs["text"].str.len()
    docs = docs.sort_values("doc_id").reset_index(drop=True)
    annotations = _load_annotations(index.root, docs, problems, only=set(docs["doc_id"]))
    return Corpus(name=index.name, documents=docs, outlets=index.outlets, annotations=annotations, root=index.root, profile=index.profile)


def _folder_texts(index: CorpusIndex, rows: pd.DataFrame, problems: list[Problem]) -> list[str | None]:
    return [_read_document(row, int(row["line"]), index.root, index.label, problems) for row in rows.to_dict("records")]


def _checked_text(obj: dict, line: int, label: str, problems: list[Problem]) -> str | None:
    """Return the record's text if it is a non-empty string matching the record's checksum."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(label, line, "text", "missing or empty text", _TEXT_FIX))
        return None
    if too_large(len(text.encode("utf-8")), label, line, "text", problems):
        return None
    sha = str(obj.get("sha256") or "")
    if sha and hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
        problems.append(
            Problem(label, line, "sha256", "checksum mismatch for the record's text", "restore the original text or update sha256")
        )
        return None
    return text


def _jsonl_texts(index: CorpusIndex, rows: pd.DataFrame, problems: list[Problem]) -> list[str | None]:
    out: list[str | None] = []
    with index.path.open("rb") as f:
        for line, offset in zip(rows["line"].astype(int), rows["locator"].astype(int)):
            f.seek(offset)
            obj = _json_line(f.readline(), line, index.label, problems) or {}
            out.append(_checked_text(obj, line, index.label, problems))
    return out


def _parquet_texts(index: CorpusIndex, rows: pd.DataFrame, problems: list[Problem]) -> list[str | None]:
    import numpy as np
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(index.path)
    bounds = np.cumsum([0] + [pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)])
    wanted = rows["locator"].astype(int).to_numpy()
    groups = np.searchsorted(bounds, wanted, side="right") - 1
    found: dict[int, object] = {}
    for g in np.unique(groups):
        column = pf.read_row_group(int(g), columns=[c for c in ("text", "sha256") if c in pf.schema_arrow.names])
        values = column.to_pylist()
        for k in np.flatnonzero(groups == g):
            found[int(wanted[k])] = values[int(wanted[k] - bounds[g])]
    return [_checked_text(found[int(r)], int(line), index.label, problems) for r, line in zip(wanted, rows["line"].astype(int))]


def iter_chunks(path: Path | str | CorpusIndex, size: int) -> Iterator[Corpus]:
    """Yield the corpus as consecutive chunks of at most ``size`` documents (texts read lazily)."""
    index = path if isinstance(path, CorpusIndex) else index_corpus(path)
    for start, stop in index.chunks(size):
        yield read_chunk(index, start, stop)
