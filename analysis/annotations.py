"""Check a corpus's hand-annotation files before anything is computed, so `validate` is the contract.

Every file of ``annotations/`` that a table reads is checked here, by
:func:`analysis.reader.validate` and by the command line's ``run`` and
``report`` before any table is computed: its columns, integer fields,
allowed values, and that each row names a document of the corpus (and a
target or event of the profile).  A problem names the file, the line, the
field and the fix, as every other check of the corpus does.

``voice_segments.csv`` (anchors into the texts) is checked where the texts
are read (:mod:`analysis.corpus`).

Examples
--------
>>> sorted(ANNOTATION_FILES)[:3]
['event_links.csv', 'frames_documents.csv', 'quotes_gold.csv']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .tabular import file_label, read_csv_rows

#: Where a corpus's hand annotations live.
ANNOTATIONS_FOLDER = "annotations"
STANCE_LABELS = ("favor", "against", "none")
QUOTE_KINDS = ("direct", "indirect", "selon")
SPEAKER_TYPES = ("named", "role", "anonymous", "unknown")


@dataclass(frozen=True)
class AnnotationSpec:
    """What one annotation file must hold: required columns, integer columns, allowed values, and the profile ids it names."""

    required: tuple[str, ...]
    integers: tuple[str, ...] = ()
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    target_column: str = ""
    event_column: str = ""
    codebook: str = "docs/codebook.md"


_STANCE = AnnotationSpec(
    ("doc_id", "sentence_id", "start", "end", "target", "label"),
    ("sentence_id", "start", "end"),
    {"label": STANCE_LABELS},
    target_column="target",
)
_QUOTES = AnnotationSpec(
    ("doc_id", "start", "end", "kind", "speaker"),
    ("start", "end", "cue_start", "cue_end"),
    {"kind": QUOTE_KINDS, "speaker_type": SPEAKER_TYPES},
    codebook="docs/speakers_codebook.md",
)
_STORIES = AnnotationSpec(("doc_id", "story"), codebook="docs/speakers_codebook.md")
#: Every annotation file a table reads, with what it must hold.
ANNOTATION_FILES = {
    "stance_labels.csv": _STANCE,
    "stance_labels_a2.csv": _STANCE,
    "quotes_gold.csv": _QUOTES,
    "quotes_gold_a2.csv": _QUOTES,
    "stories_gold.csv": _STORIES,
    "stories_a2.csv": _STORIES,
    "event_links.csv": AnnotationSpec(("doc_id", "sentence_id", "event_id"), ("sentence_id", "start", "end"), event_column="event_id"),
    "frames_documents.csv": AnnotationSpec(("doc_id", "item", "answer"), values={"answer": ("yes", "no")}),
}


def check_annotation_files(root: Path, known: set[str], targets: set[str], events: set[str], problems: list[Problem]) -> None:
    """Record the problems of every annotation file of ``root/annotations`` (the corpus's ``known`` doc_ids, the profile's targets and events)."""
    folder = root / ANNOTATIONS_FOLDER
    if not folder.is_dir():
        return
    for name, spec in ANNOTATION_FILES.items():
        path = folder / name
        if path.is_file():
            _check_file(path, file_label(path, root), spec, known, targets, events, problems)


def _check_file(path: Path, label: str, spec: AnnotationSpec, known, targets, events, problems: list[Problem]) -> None:
    read = read_csv_rows(path, label, problems)
    if read is None:
        return
    header, rows = read
    for column in spec.required:
        if column not in header:
            problems.append(Problem(label, 1, column, f"missing column '{column}'", f"add it (see {spec.codebook})"))
    if any(column not in header for column in spec.required):
        return
    for line, row in rows:
        if row["doc_id"] not in known:
            problems.append(Problem(label, line, "doc_id", f"unknown doc_id '{row['doc_id']}'", "use a doc_id of the corpus's metadata"))
        for column in spec.integers:
            value = row.get(column, "")
            if value and not _is_int(value):
                problems.append(Problem(label, line, column, f"'{value}' is not a whole number", f"write {column} as a number"))
        for column, allowed in spec.values.items():
            value = row.get(column)
            if value is not None and value not in allowed:
                problems.append(Problem(label, line, column, f"unknown {column} '{value}'", f"use one of: {', '.join(allowed)}"))
        if spec.target_column and row[spec.target_column] not in targets:
            shown = ", ".join(sorted(targets)) or "none: the corpus has no targets.csv"
            problems.append(
                Problem(
                    label, line, spec.target_column, f"unknown target '{row[spec.target_column]}'", f"use a target of targets.csv ({shown})"
                )
            )
        if spec.event_column and events and row[spec.event_column] not in events | {"none"}:
            problems.append(
                Problem(
                    label, line, spec.event_column, f"unknown event '{row[spec.event_column]}'", "use an event_id of events.csv, or none"
                )
            )


def _is_int(value: str) -> bool:
    """Whether a CSV value is a whole number (negative allowed: -1 marks "no cue")."""
    return value.lstrip("-").isdigit()


#: Files the explorer writes labels to (:func:`write_labels`): columns, in order, and the columns that identify a label.
LABEL_FILES = {
    "stance": (
        "stance_labels.csv",
        ("doc_id", "sentence_id", "start", "end", "target", "label", "holder", "annotator", "note"),
        ("doc_id", "sentence_id", "target", "annotator"),
    ),
    "speaker": (
        "quotes_gold.csv",
        (
            "doc_id",
            "quote_id",
            "start",
            "end",
            "kind",
            "speaker",
            "speaker_type",
            "affiliation",
            "verb",
            "cue_start",
            "cue_end",
            "annotator",
            "note",
        ),
        ("doc_id", "start", "end"),
    ),
    "event": (
        "event_links.csv",
        ("doc_id", "sentence_id", "start", "end", "event_id", "annotator", "note"),
        ("doc_id", "sentence_id", "event_id", "annotator"),
    ),
}


def write_labels(root: Path, kind: str, rows: list[dict]) -> Path:
    """Add hand labels to a corpus's ``annotations/`` file (``kind``: ``stance``, ``speaker`` or ``event``) and return its path.

    The file keeps its earlier rows; a new row with the same key (sentence,
    target or event, annotator; a quote's span) replaces the earlier one, so
    relabelling does not duplicate it.  Rows are sorted by their key and carry
    no timestamp, so the same labels give the same bytes.  The file is
    written whole to a temporary file beside it and moved into place, so an
    interrupted write leaves the earlier file.  The caller checks the values
    (:meth:`analysis.explorer.Explorer.label_stance`); ``validate`` checks the
    file as any annotation file.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> row = {"doc_id": "a", "sentence_id": 2, "start": 10, "end": 30, "target": "plant", "label": "favor", "annotator": "A1"}
    >>> path = write_labels(root, "stance", [row, {**row, "label": "against"}])
    >>> path.read_text(encoding="utf-8").splitlines()
    ['doc_id,sentence_id,start,end,target,label,holder,annotator,note', 'a,2,10,30,plant,against,,A1,']
    """
    import csv
    import io
    import os

    name, columns, key = LABEL_FILES[kind]
    folder = root / ANNOTATIONS_FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / name
    found: dict[tuple, dict] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                found[tuple(row.get(c, "") for c in key)] = row
    for row in rows:
        clean = {c: "" if row.get(c) is None else str(row.get(c)) for c in columns}
        found[tuple(clean[c] for c in key)] = clean
    extra = [c for row in found.values() for c in row if c not in columns]
    header = [*columns, *dict.fromkeys(extra)]

    def order(k: tuple) -> tuple:
        return tuple((0, int(v), "") if v.lstrip("-").isdigit() else (1, 0, v) for v in k)

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", restval="")
    writer.writeheader()
    for k in sorted(found, key=order):
        writer.writerow(found[k])
    tmp = path.with_name(f".{name}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return path
