"""Read the corpus's tabular files (CSV, JSONL lines) with line numbers, collecting problems.

Every reader records a :class:`~analysis.errors.Problem` (file, line, field,
fix) instead of raising, so that :func:`analysis.reader.validate` lists every
problem of every file in one run.  Used by :mod:`analysis.corpus`,
:mod:`analysis.reader` and :mod:`analysis.profile`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import re
from pathlib import Path

from .errors import Problem

#: Characters that are not text: C0 controls other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """Decode UTF-8 bytes, removing a leading BOM and keeping line ends.

    Parameters
    ----------
    data : bytes
        Raw file content.
    file : str
        Name used in problem reports.
    problems : list of Problem
        Receives a problem if the bytes are not UTF-8 or hold no text.

    Returns
    -------
    str or None
        The text, or ``None`` when a problem was recorded.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(
            Problem(
                file,
                line,
                "",
                f"not valid UTF-8 (byte 0x{data[err.start]:02x} at byte offset {err.start})",
                "re-save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`), keeping the original elsewhere",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(file, None, "", "the file is empty", "remove the document from the metadata or supply its text"))
        return None
    bad = _CONTROL.search(text)
    if bad:  # a NUL byte or another control character: a binary file, or text damaged on the way
        problems.append(
            Problem(
                file,
                text.count("\n", 0, bad.start()) + 1,
                "",
                f"control character U+{ord(bad.group()):04X} (not text)",
                "remove the control characters (e.g. `tr -d '\\000-\\010\\013\\016-\\037'`), or check that this is the right file",
            )
        )
        return None
    return text


def read_csv_rows(
    path: Path, label: str, problems: list[Problem], comments: bool = False
) -> tuple[list[str], list[tuple[int, dict]]] | None:
    """Read a CSV into (header, [(line number, row dict)]), recording problems.

    With ``comments``, a record whose first value starts with ``#`` is a
    comment (the templates of ``python -m analysis init`` explain themselves
    so), before or after the header.
    """
    if not path.exists():
        fix = f"create {path.name} (see the README for its columns)"
        if path.name == "metadata.csv":
            fix = (
                "run `python -m analysis init FOLDER` on a folder of .txt files to write it, or create it (see the README for its columns)"
            )
        problems.append(Problem(label, None, "", "file not found", fix))
        return None
    text = decode_text(path.read_bytes(), label, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    header: list[str] | None = None
    previous = 0  # the physical line the last record ended on
    try:
        records = list(_records(reader))
    except csv.Error as err:  # cannot happen with the field limit raised, kept so no traceback reaches a user
        problems.append(Problem(label, reader.line_num, "", f"not readable as CSV ({err})", "check the quoting of this line"))
        return None
    for record, line in records:
        first, previous = previous + 1, line
        if line > first and any("\n" in cell or "\r" in cell for cell in record):
            # a value over several lines: legal CSV, but in these files it is an unbalanced quote swallowing the lines below
            problems.append(
                Problem(
                    label,
                    first,
                    "",
                    f'a quoted value opened on line {first} runs to line {line}: an unbalanced quote (") swallows the lines after it',
                    "close the quote on its line, or remove the line break inside the value",
                )
            )
            continue
        if comments and record and record[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [h.strip() for h in record]
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    label,
                    line,
                    "",
                    f"{len(record)} values for {len(header)} columns",
                    "quote values that contain commas and give one value per column",
                )
            )
            continue
        rows.append((line, {h: v.strip() for h, v in zip(header, record)}))
    return header or [], rows


#: Longest CSV value read (characters): far above any real title or pattern, so a legal long field is read, not refused.
MAX_FIELD = 1 << 26
csv.field_size_limit(MAX_FIELD)


def _records(reader):
    """Yield each CSV record with the physical line it ends on."""
    for record in reader:
        yield record, reader.line_num


def json_row(obj: dict, line: int, label: str, problems: list[Problem], required=("doc_id", "outlet")) -> dict[str, str] | None:
    """Return a JSONL or Parquet record's fields (``text`` aside) as strings, or ``None`` after recording a problem.

    A required field must be a non-empty string; another field a string, a
    number, a boolean or null (read as empty); a list or an object is refused
    (it would be written as its Python spelling); so is a control character
    (NUL and the like) in any string, ``text`` included.

    Examples
    --------
    >>> problems = []
    >>> json_row({"doc_id": "a", "outlet": "x", "date": None, "n": 3}, 1, "c.jsonl", problems)
    {'doc_id': 'a', 'outlet': 'x', 'date': '', 'n': '3'}
    >>> json_row({"doc_id": None, "outlet": ["x"]}, 2, "c.jsonl", problems), [p.field for p in problems]
    (None, ['doc_id', 'outlet'])
    """
    row, ok = {}, True
    for key, value in obj.items():
        bad = _CONTROL.search(value) if isinstance(value, str) else None
        if bad:  # a NUL or another control character: text damaged on the way (as in a text file, see decode_text)
            problems.append(
                Problem(
                    label, line, key, f"control character U+{ord(bad.group()):04X} in '{key}' (not text)", "remove the control characters"
                )
            )
            ok = False
            continue
        if key == "text":
            continue
        if key in required and not (isinstance(value, str) and value.strip()):
            shown = "null" if value is None else type(value).__name__ if not isinstance(value, str) else "empty"
            problems.append(
                Problem(label, line, key, f"'{key}' must be a non-empty string, not {shown}", f"give every record a '{key}' string")
            )
            ok = False
        elif hasattr(value, "isoformat"):  # a Parquet date or timestamp column
            row[key] = value.isoformat()[:10] if not getattr(value, "hour", 0) and not getattr(value, "minute", 0) else value.isoformat()
        elif value is not None and not isinstance(value, (str, numbers.Number)):
            problems.append(Problem(label, line, key, f"'{key}' is a {type(value).__name__}, not a value", f"write '{key}' as one string"))
            ok = False
        else:
            row[key] = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return row if ok else None


def check_header(header: list[str], required, optional, label: str, problems: list[Problem], line: int = 1) -> None:
    """Record missing required columns and unknown columns of a header.

    ``line`` is 1 for a CSV header, or the record's line for a JSONL object.
    """
    for name in required:
        if name not in header:
            problems.append(Problem(label, line, name, f"missing field '{name}'", f"add a '{name}' field"))
    known = set(required) | set(optional)
    for name in header:
        if name not in known and not name.startswith("x_"):
            problems.append(
                Problem(
                    label,
                    line,
                    name,
                    f"unknown field '{name}'",
                    f"remove it, or rename it 'x_{name}' to keep it as a user field; known columns: {', '.join(sorted(known))}",
                )
            )
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, line, name, f"field '{name}' appears twice", "keep one of them"))
        seen.add(name)


def file_label(path: Path, root: Path) -> str:
    """Name a file for messages: relative to the corpus root's parent."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return path.name


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def is_date(value: str) -> bool:
    """Whether ``value`` is a real calendar date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Examples
    --------
    >>> is_date("2022-11-14"), is_date("2022-11"), is_date("2022")
    (True, True, True)
    >>> is_date("2022-13-45"), is_date("2023-02-29"), is_date("14/11/2022")
    (False, False, False)
    """
    m = _DATE_RE.match(value)
    if not m:
        return False
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
