"""A bad-input suite (issue 22): broken, odd and hostile corpora through ``validate``, ``run`` and ``report``.

Every case runs the command line in-process (:func:`analysis.cli.main`) and
checks what a user sees and keeps:

- the exit code (0 accepted, 1 bad input, 2 bad command line);
- for a refusal, the message names the file, the line or row, and the field;
- no traceback and no "internal error" on stderr, ever;
- no byte of the corpus changed (every file hashed before and after);
- an earlier output survives a failed run (a table written before is intact)
  and no temporary folder is left beside it.

The texts are written here (invented), never copied from a press article.
"""

from __future__ import annotations

import errno
import hashlib
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_corpus

from analysis import cli

TEXT = (
    "Le conseil municipal a voté lundi le budget du nouveau pont. « Nous tiendrons les délais », a déclaré la maire, "
    "Odile Ferrand.\n\nSelon la préfecture, le chantier commencera en mai. Les riverains redoutent le bruit des travaux.\n"
)
OTHER = TEXT.replace("lundi", "mardi").replace("pont", "stade")
TWO = {"a": TEXT, "b": OTHER}


# --------------------------------------------------------------------------- helpers


def _hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` (or the file itself) with its SHA-256."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _cli(capsys, *args) -> tuple[int, str, str]:
    """Run the command line in-process; return (exit code, stdout, stderr)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    noisy = [w for w in caught if issubclass(w.category, RuntimeWarning)]  # numpy's divide/invalid warnings
    assert not noisy, [str(w.message) for w in noisy]
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def _meta(root: Path, text: str | bytes) -> None:
    """Overwrite a corpus's metadata.csv with the given text (or bytes)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (root / "metadata.csv").write_bytes(data)


def _put(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _raw_file(name: str, data: bytes) -> Callable[[Path], Path]:
    """A corpus file written as given bytes."""

    def build(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name

    return build


def _record(doc_id="a", outlet="alpha", text=TEXT, **extra) -> dict:
    return {"doc_id": doc_id, "outlet": outlet, "text": text, "language": "fr", **extra}


GOOD_RECORDS = [_record("a", "alpha", TEXT), _record("b", "beta", OTHER)]


@dataclass
class Case:
    """One bad (or odd but valid) input.

    ``build(tmp)`` writes the corpus and returns its path; ``code`` is the
    exit code of ``validate`` and ``run``; ``says`` are fragments the message
    must hold (file, line or row, field), all of them.
    """

    build: Callable[[Path], Path]
    code: int
    says: tuple[str, ...] = ()
    commands: tuple[str, ...] = ("validate", "run")
    check: Callable[[Path], None] | None = field(default=None)  # on the written tables, when accepted


def _folder(docs=None, **kw) -> Callable[[Path], Path]:
    return lambda tmp: write_corpus(tmp / "corpus", docs or TWO, **kw)


def _with(edit: Callable[[Path], None], docs=None, **kw) -> Callable[[Path], Path]:
    """A two-document folder corpus, then ``edit(root)``."""

    def build(tmp: Path) -> Path:
        root = write_corpus(tmp / "corpus", docs or TWO, **kw)
        edit(root)
        return root

    return build


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "elsewhere.txt"
    outside.write_text(TEXT, encoding="utf-8")
    (root / "raw" / "a.txt").unlink()
    (root / "raw" / "a.txt").symlink_to(outside)


def _parquet(frame_of: Callable[[], pd.DataFrame]) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / "corpus.parquet"
        frame_of().to_parquet(path)
        return path

    return build


def _corrupt_parquet(tmp: Path) -> Path:
    path = tmp / "corpus.parquet"
    pd.DataFrame(GOOD_RECORDS * 50).assign(doc_id=[f"d{i}" for i in range(100)]).to_parquet(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xff" * 64  # a damaged data page; the footer still reads
    path.write_bytes(bytes(data))
    return path


def _documents_title(expected: str) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        documents = pd.read_csv(out / "documents.csv", keep_default_na=False)
        assert expected in set(documents["title"]), documents["title"].tolist()

    return check


def _label_kept(label: str) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        sentences = pd.read_csv(out / "sentences.csv", keep_default_na=False)
        assert len(sentences) > 0

    return check


LONG = "x" * 140_000
META = "doc_id,outlet,path,language"

CASES: dict[str, Case] = {
    # ---- texts: encodings and control characters
    "text_latin1": Case(_folder(docs={"a": TEXT.encode("latin-1"), "b": OTHER}, checksums=False), 1, ("raw/a.txt", "UTF-8")),
    "text_utf16": Case(_folder(docs={"a": TEXT.encode("utf-16"), "b": OTHER}, checksums=False), 1, ("raw/a.txt", "UTF-8")),
    "text_utf8_bom": Case(_folder(docs={"a": "\ufeff" + TEXT, "b": OTHER}, checksums=False), 0),
    "text_nul": Case(_folder(docs={"a": TEXT + "\x00\x00 fin", "b": OTHER}), 1, ("raw/a.txt:4", "control character")),
    "text_bell": Case(_folder(docs={"a": "Un.\x07\n" + TEXT, "b": OTHER}), 1, ("raw/a.txt:1", "control character")),
    "every_text_unreadable": Case(
        _folder(docs={"a": "Un.\x00", "b": TEXT.encode("latin-1")}, checksums=False), 1, ("raw/a.txt:1", "raw/b.txt")
    ),
    "text_crlf": Case(_folder(docs={"a": TEXT.replace("\n", "\r\n"), "b": OTHER}), 0),
    "text_empty": Case(_folder(docs={"a": "", "b": OTHER}), 1, ("raw/a.txt", "empty")),
    "text_missing": Case(_with(lambda r: (r / "raw" / "a.txt").unlink()), 1, ("metadata.csv:2", "path", "raw/a.txt")),
    "text_symlink_outside": Case(_with(_symlink_outside, checksums=False), 1, ("metadata.csv:2", "path", "outside")),
    "text_checksum": Case(_with(lambda r: _put(r, "raw/a.txt", TEXT + " modifié")), 1, ("metadata.csv:2", "sha256")),
    # ---- metadata.csv: CSV quoting, long fields, types, dates, ids, paths
    "meta_missing": Case(_with(lambda r: (r / "metadata.csv").unlink()), 1, ("metadata.csv", "init")),
    "meta_empty": Case(_with(lambda r: _meta(r, "")), 1, ("metadata.csv",)),
    "meta_latin1": Case(
        _with(lambda r: _meta(r, f"{META},title\na,alpha,raw/a.txt,fr,Élection\nb,beta,raw/b.txt,fr,t\n".encode("latin-1"))),
        1,
        ("metadata.csv", "UTF-8"),
    ),
    "meta_no_outlet_column": Case(
        _with(lambda r: _meta(r, "doc_id,path,language\na,raw/a.txt,fr\nb,raw/b.txt,fr\n")), 1, ("metadata.csv", "outlet")
    ),
    "meta_unbalanced_quote": Case(
        _with(
            lambda r: _meta(r, f'{META},title\na,alpha,raw/a.txt,fr,"oups\nb,beta,raw/b.txt,fr,t\nc,alpha,raw/c.txt,fr,t\n'),
            docs={"a": TEXT, "b": OTHER, "c": TEXT},
        ),
        1,
        ("metadata.csv:2", "quote"),
    ),
    "meta_long_field": Case(
        _with(lambda r: _meta(r, f'{META},title\na,alpha,raw/a.txt,fr,"{LONG}"\nb,beta,raw/b.txt,fr,court\n')),
        0,
        check=_documents_title(LONG),
    ),
    "meta_quoted_comma_and_newline_free": Case(
        _with(lambda r: _meta(r, f'{META},title\na,alpha,raw/a.txt,fr,"Pont, stade et ""budget"""\nb,beta,raw/b.txt,fr,t\n')),
        0,
        check=_documents_title('Pont, stade et "budget"'),
    ),
    "meta_control_char": Case(
        _with(lambda r: _meta(r, f"{META},title\na,alpha,raw/a.txt,fr,t\x01\nb,beta,raw/b.txt,fr,t\n")),
        1,
        ("metadata.csv:2", "control character"),
    ),
    "meta_duplicate_id": Case(
        _with(lambda r: _meta(r, f"{META}\na,alpha,raw/a.txt,fr\na,beta,raw/b.txt,fr\n")), 1, ("metadata.csv:3", "doc_id")
    ),
    "meta_empty_id": Case(
        _with(lambda r: _meta(r, f"{META}\n,alpha,raw/a.txt,fr\nb,beta,raw/b.txt,fr\n")), 1, ("metadata.csv:2", "doc_id")
    ),
    "meta_impossible_date": Case(
        _with(lambda r: _meta(r, f"{META},date\na,alpha,raw/a.txt,fr,2022-13-45\nb,beta,raw/b.txt,fr,2022-11-01\n")),
        1,
        ("metadata.csv:2", "date"),
    ),
    "meta_path_escape": Case(
        _with(lambda r: _meta(r, f"{META}\na,alpha,../a.txt,fr\nb,beta,raw/b.txt,fr\n")), 1, ("metadata.csv:2", "path", "outside")
    ),
    "meta_absolute_path": Case(
        _with(lambda r: _meta(r, f"{META}\na,alpha,/etc/hostname,fr\nb,beta,raw/b.txt,fr\n")), 1, ("metadata.csv:2", "path")
    ),
    "meta_unknown_language": Case(_with(lambda r: _meta(r, f"{META}\na,alpha,raw/a.txt,xx\nb,beta,raw/b.txt,xx\n")), 1, ("language", "xx")),
    "meta_unknown_column": Case(
        _with(lambda r: _meta(r, f"{META},section\na,alpha,raw/a.txt,fr,ville\nb,beta,raw/b.txt,fr,sport\n")),
        1,
        ("metadata.csv:1", "section", "x_section"),
    ),
    "meta_user_column_and_extra_file": Case(
        _with(
            lambda r: (
                _meta(r, f"{META},x_section\na,alpha,raw/a.txt,fr,ville\nb,beta,raw/b.txt,fr,sport\n"),
                _put(r, "raw/notes.txt", "brouillon"),
            )
        ),
        0,
    ),
    # ---- outlets and hostile labels (reach figures and pages)
    "outlets_unknown_outlet": Case(_with(lambda r: _put(r, "outlets.csv", "outlet,label\nalpha,Alpha\n")), 1, ("outlets.csv", "beta")),
    "outlets_mathtext_label": Case(
        _with(lambda r: _put(r, "outlets.csv", "outlet,label\nalpha,$\\alpha^2$ news\nbeta,Beta $x$\n")),
        0,
        commands=("validate", "run", "report"),
    ),
    "outlets_html_label": Case(
        _with(lambda r: _put(r, "outlets.csv", 'outlet,label\nalpha,"<script>alert(1)</script>"\nbeta,<b>Beta</b>\n')),
        0,
        commands=("validate", "run", "report"),
    ),
    # ---- profile and annotation files
    "events_missing_column": Case(_with(lambda r: _put(r, "events.csv", "event_id,label\nev1,Vote\n")), 1, ("events.csv", "cue_terms")),
    "events_latin1": Case(
        _with(lambda r: _put(r, "events.csv", "event_id,label,cue_terms\nev1,Vote é,vote\n".encode("latin-1"))), 1, ("events.csv", "UTF-8")
    ),
    "relay_pairs_unknown_document": Case(
        _with(lambda r: _put(r, "relay_pairs.csv", "doc_a,doc_b\na,zzz\n")), 1, ("relay_pairs.csv:2", "zzz")
    ),
    "profile_toml_unclosed_string": Case(_with(lambda r: _put(r, "profile.toml", "language = 'fr\n")), 1, ("profile.toml:1", "TOML")),
    "profile_toml_bare_value": Case(_with(lambda r: _put(r, "profile.toml", "# profil\nlanguage = fr\n")), 1, ("profile.toml:2", "TOML")),
    "profile_toml_unknown_key": Case(_with(lambda r: _put(r, "profile.toml", "langage = 'fr'\n")), 1, ("profile.toml", "langage")),
    "targets_missing_column": Case(_with(lambda r: _put(r, "targets.csv", "target\npont\n")), 1, ("targets.csv",)),
    "stance_labels_bad_row": Case(
        _with(lambda r: _put(r, "annotations/stance_labels.csv", "doc_id,sentence_id,target\na,x,foo\n")),
        1,
        ("annotations/stance_labels.csv",),
    ),
    "quotes_gold_bad_offset": Case(
        _with(lambda r: _put(r, "annotations/quotes_gold.csv", "doc_id,start,end,kind,speaker\na,douze,40,direct,maire\n")),
        1,
        ("annotations/quotes_gold.csv:2", "start"),
    ),
    "stories_gold_unknown_document": Case(
        _with(lambda r: _put(r, "annotations/stories_gold.csv", "doc_id,story\na,s1\nzzz,s1\n")),
        1,
        ("annotations/stories_gold.csv:3", "zzz"),
    ),
    # ---- JSONL: types, ids, JSON syntax, control characters, dates, valid oddities
    "jsonl_null_id": Case(lambda t: _jsonl(t / "c.jsonl", [_record(None), GOOD_RECORDS[1]]), 1, ("c.jsonl:1", "doc_id")),
    "jsonl_number_id": Case(lambda t: _jsonl(t / "c.jsonl", [_record(7), GOOD_RECORDS[1]]), 1, ("c.jsonl:1", "doc_id")),
    "jsonl_list_outlet": Case(lambda t: _jsonl(t / "c.jsonl", [_record("a", ["x"]), GOOD_RECORDS[1]]), 1, ("c.jsonl:1", "outlet")),
    "jsonl_missing_text": Case(
        lambda t: _jsonl(t / "c.jsonl", [{"doc_id": "a", "outlet": "alpha"}, GOOD_RECORDS[1]]), 1, ("c.jsonl:1", "text")
    ),
    "jsonl_syntax": Case(_raw_file("c.jsonl", (json.dumps(GOOD_RECORDS[0]) + "\n{oops\n").encode()), 1, ("c.jsonl:2",)),
    "jsonl_duplicate_id": Case(lambda t: _jsonl(t / "c.jsonl", [GOOD_RECORDS[0], _record("a", "beta", OTHER)]), 1, ("c.jsonl:2", "doc_id")),
    "jsonl_nul": Case(
        lambda t: _jsonl(t / "c.jsonl", [_record(text=TEXT + "\x00"), GOOD_RECORDS[1]]), 1, ("c.jsonl:1", "control character")
    ),
    "jsonl_bad_date": Case(lambda t: _jsonl(t / "c.jsonl", [_record(date="2022-02-30"), GOOD_RECORDS[1]]), 1, ("c.jsonl:1", "date")),
    "jsonl_u2028": Case(lambda t: _jsonl(t / "c.jsonl", [_record(text=TEXT + "\u2028suite du texte."), GOOD_RECORDS[1]]), 0),
    "jsonl_not_utf8": Case(
        _raw_file("c.jsonl", json.dumps(GOOD_RECORDS[0], ensure_ascii=False).encode("latin-1") + b"\n"), 1, ("c.jsonl", "UTF-8")
    ),
    # ---- Parquet
    "parquet_null_id": Case(_parquet(lambda: pd.DataFrame([_record(None), GOOD_RECORDS[1]])), 1, ("corpus.parquet", "doc_id")),
    "parquet_no_text": Case(_parquet(lambda: pd.DataFrame({"doc_id": ["a"], "outlet": ["x"]})), 1, ("corpus.parquet", "text")),
    "parquet_corrupt": Case(_corrupt_parquet, 1, ("corpus.parquet",)),
    "parquet_dates_as_dates": Case(
        _parquet(lambda: pd.DataFrame(GOOD_RECORDS).assign(date=pd.to_datetime(["2022-11-01", "2022-11-02"]).date)), 0
    ),
    "parquet_number_outlet": Case(_parquet(lambda: pd.DataFrame(GOOD_RECORDS).assign(outlet=[1.5, 2.5])), 1, ("corpus.parquet", "outlet")),
    # ---- degenerate corpora: analyses, not crashes
    "one_outlet": Case(_folder(outlets=("alpha",)), 0, commands=("validate", "run", "report")),
    "one_document": Case(_folder(docs={"a": TEXT}), 0, commands=("validate", "run", "report")),
    "outlet_without_sentences": Case(_folder(docs={"a": TEXT, "b": "— — —\n"}), 0, commands=("validate", "run", "report")),
    "tiny_texts": Case(_folder(docs={"a": "Oui.", "b": "Non."}), 0, commands=("validate", "run", "report")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, tmp_path, capsys):
    case = CASES[name]
    work = tmp_path / "work"
    work.mkdir()
    corpus = case.build(work)
    before = _hashes(corpus if corpus.is_dir() else corpus.parent)
    earlier = tmp_path / "out"
    earlier.mkdir()
    (earlier / "documents.csv").write_text("doc_id\nearlier\n", encoding="utf-8")
    for command in case.commands:
        if command == "validate":
            code, out, err = _cli(capsys, "validate", corpus)
        elif command == "run":
            code, out, err = _cli(capsys, "run", "--corpus", corpus, "--out", earlier)
        else:
            code, out, err = _cli(capsys, "report", "--corpus", corpus, "--out", tmp_path / "site")
        assert code == case.code, f"{command}: exit {code}\n{err}"
        for fragment in case.says:
            assert fragment in err, f"{command}: {fragment!r} not in\n{err}"
        if code == 0 and command == "run":
            if case.check:
                case.check(earlier)
        elif command == "run":  # refused: the earlier output is intact
            assert (earlier / "documents.csv").read_text(encoding="utf-8") == "doc_id\nearlier\n"
            assert sorted(p.name for p in earlier.iterdir()) == ["documents.csv"]
    assert _hashes(corpus if corpus.is_dir() else corpus.parent) == before, "an input file changed"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary folder was left"


def test_the_suite_has_forty_cases_or_more():
    assert len(CASES) >= 40


# --------------------------------------------------------------------------- --out faults and interrupted runs


def _earlier(out: Path) -> dict[str, str]:
    """Write an earlier output (a table) into ``out``; return its hashes."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "documents.csv").write_text("doc_id\nearlier\n", encoding="utf-8")
    return _hashes(out)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(
    "where, says",
    [
        (lambda corpus, tmp: corpus, "inside the corpus folder"),
        (lambda corpus, tmp: corpus / "raw", "inside the corpus folder"),
        (lambda corpus, tmp: corpus / "tables", "inside the corpus folder"),
    ],
    ids=["corpus_folder", "raw_folder", "new_folder_inside"],
)
def test_out_inside_the_corpus_is_refused(where, says, tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", TWO)
    before = _hashes(corpus)
    for command in ("run", "report"):
        code, _, err = _cli(capsys, command, "--corpus", corpus, "--out", where(corpus, tmp_path))
        assert code == 1 and says in err, err
    assert _hashes(corpus) == before
    assert not (corpus / "tables").exists()


def test_out_in_the_folder_of_a_jsonl_corpus_annotations_is_refused(tmp_path, capsys):
    path = _jsonl(tmp_path / "c.jsonl", GOOD_RECORDS)
    _put(tmp_path, "annotations/voice_segments.csv", "doc_id,anchor,layer,source,note\n")
    before = _hashes(tmp_path)
    code, _, err = _cli(capsys, "run", "--corpus", path, "--out", tmp_path / "annotations")
    assert code == 1 and "inside the corpus folder" in err, err
    assert _hashes(tmp_path) == before


def test_out_that_is_a_file_or_holds_other_files_is_refused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", TWO)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mes notes\n", encoding="utf-8")
    mixed = tmp_path / "mixed"
    _earlier(mixed)
    (mixed / "draft.docx").write_bytes(b"PK\x03\x04")
    before = {**_hashes(a_file), **_hashes(mixed)}
    code, _, err = _cli(capsys, "run", "--corpus", corpus, "--out", a_file)
    assert code == 1 and "is a file" in err, err
    code, _, err = _cli(capsys, "run", "--corpus", corpus, "--out", mixed)
    assert code == 1 and "draft.docx" in err, err
    code, _, err = _cli(capsys, "run", "--corpus", corpus, "--out", a_file / "tables")  # a path through a file
    assert code == 1 and "cannot write" in err, err
    assert {**_hashes(a_file), **_hashes(mixed)} == before
    assert _leftovers(tmp_path) == []


def test_a_refused_corpus_creates_no_out_folder(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", {"a": TEXT + "\x00", "b": OTHER})
    code, _, err = _cli(capsys, "run", "--corpus", corpus, "--out", tmp_path / "new" / "tables")
    assert code == 1 and "Nothing was written" in err
    assert not (tmp_path / "new" / "tables").exists()


def _fail_on_second_append(error: BaseException):
    from analysis.pipeline import TableWriter

    original = TableWriter.append
    calls = []

    def append(self, tables):
        calls.append(1)
        if len(calls) == 2:
            raise error
        return original(self, tables)

    return append


@pytest.mark.parametrize(
    "error, code, says",
    [
        (OSError(errno.ENOSPC, "No space left on device", "documents.csv"), 1, "No space left on device"),
        (PermissionError(errno.EACCES, "Permission denied", "documents.csv"), 1, "Permission denied"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
    ids=["disk_full", "not_writable", "ctrl_c"],
)
def test_a_failed_write_leaves_the_earlier_tables_and_no_leftovers(error, code, says, tmp_path, capsys, monkeypatch):
    from analysis.pipeline import TableWriter

    corpus = write_corpus(tmp_path / "corpus", TWO)
    out = tmp_path / "out"
    earlier = _earlier(out)
    monkeypatch.setattr(TableWriter, "append", _fail_on_second_append(error))
    got, _, err = _cli(capsys, "run", "--corpus", corpus, "--out", out)
    assert got == code and says in err and len(err.strip().splitlines()) == 1, err
    assert _hashes(out) == earlier
    assert _leftovers(tmp_path) == []


def test_a_run_killed_mid_swap_gets_its_earlier_tables_back(tmp_path, capsys, monkeypatch):
    """Killed between the two renames: ``out`` is gone, the earlier tables aside; the next run puts them back first."""
    from analysis.pipeline import TableWriter

    corpus = write_corpus(tmp_path / "corpus", TWO)
    earlier = _earlier(tmp_path / ".out.old-killed")
    monkeypatch.setattr(TableWriter, "append", _fail_on_second_append(OSError(errno.ENOSPC, "No space left on device")))
    code, _, _ = _cli(capsys, "run", "--corpus", corpus, "--out", tmp_path / "out")
    assert code == 1
    assert _hashes(tmp_path / "out") == {k.replace(".out.old-killed", "out"): v for k, v in earlier.items()}
    assert _leftovers(tmp_path) == []


@pytest.mark.slow
def test_a_killed_process_leaves_the_earlier_tables_and_the_next_run_cleans_up(tmp_path):
    """A real ``kill -9`` while the tables are being computed (the temporary folder exists)."""
    import signal
    import subprocess
    import sys
    import time

    corpus = write_corpus(tmp_path / "corpus", {f"d{i}": TEXT.replace("lundi", f"le {i}") for i in range(40)})
    out = tmp_path / "out"
    earlier = _earlier(out)
    command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out), "--chunk-size", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.tmp-*/*.csv")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert _hashes(out) == earlier
    assert _leftovers(tmp_path), "the killed run left no temporary folder (nothing tested)"
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert _leftovers(tmp_path) == []
    assert (out / "documents.csv").read_text(encoding="utf-8") != "doc_id\nearlier\n"


def test_a_successful_run_replaces_every_earlier_table(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", TWO)
    out = tmp_path / "out"
    _earlier(out)
    (out / "old_table_no_longer_made.csv").write_text("x\n1\n", encoding="utf-8")
    code, _, _ = _cli(capsys, "run", "--corpus", corpus, "--out", out)
    assert code == 0
    assert not (out / "old_table_no_longer_made.csv").exists()  # no old and new tables mixed
    assert "earlier" not in (out / "documents.csv").read_text(encoding="utf-8")
    assert _leftovers(tmp_path) == []


def test_the_report_says_why_a_table_is_empty(tmp_path, capsys):
    """One outlet: no distinctive terms, and the page says so instead of showing an empty table."""
    corpus = write_corpus(tmp_path / "corpus", TWO, outlets=("alpha",))
    code, _, err = _cli(capsys, "report", "--corpus", corpus, "--out", tmp_path / "site")
    assert code == 0, err
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Distinctive terms need two outlets or more" in page
    assert "1 outlet<" in page or "1 outlet " in page or "· 1 outlet" in page
    assert "1 outlets" not in page and "1 stories" not in page
    assert len(pd.read_csv(tmp_path / "site" / "tables" / "distinctive_terms.csv")) == 0


def test_hostile_outlet_labels_stay_text_in_figures_and_pages(tmp_path, capsys):
    """A label with ``$...$`` is drawn as written (no mathtext), one with ``<script>`` is escaped in the page."""
    import matplotlib.pyplot as plt

    from analysis import load_study, plots
    from analysis.findings import findings

    corpus = write_corpus(tmp_path / "corpus", TWO)
    _put(corpus, "outlets.csv", 'outlet,label\nalpha,$\\alpha^2$ news\nbeta,"<script>alert(1)</script>"\n')
    study = load_study(corpus)
    plots.use_style()
    drawn = [draw() for _, draw in findings(study) if draw]
    labels = [t for fig in drawn for t in fig.findobj(lambda a: hasattr(a, "get_text") and "$" in str(a.get_text()))]
    assert labels, "no figure shows the outlet label"
    assert all(t.get_parse_math() is False for t in labels)
    for fig in drawn:
        fig.canvas.draw()  # drawing a label that mathtext cannot parse would raise here
        plt.close(fig)
    code, _, err = _cli(capsys, "report", "--corpus", corpus, "--out", tmp_path / "site")
    assert code == 0, err
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("form", ["folder", "jsonl", "parquet"])
def test_a_document_over_the_size_limit_is_refused_with_how_to_split_it(form, tmp_path, capsys, monkeypatch):
    import analysis.corpus

    monkeypatch.setattr(analysis.corpus, "MAX_DOCUMENT_BYTES", len(TEXT.encode("utf-8")) + 10)
    big = TEXT * 2
    if form == "folder":
        corpus, where = write_corpus(tmp_path / "corpus", {"a": big, "b": OTHER}), "metadata.csv:2"
    elif form == "jsonl":
        corpus, where = _jsonl(tmp_path / "c.jsonl", [_record(text=big), GOOD_RECORDS[1]]), "c.jsonl:1"
    else:
        corpus, where = tmp_path / "c.parquet", "c.parquet:1"
        pd.DataFrame([_record(text=big), GOOD_RECORDS[1]]).to_parquet(corpus)
    for command in (["validate", corpus], ["run", "--corpus", corpus, "--out", tmp_path / "out"]):
        code, _, err = _cli(capsys, *command)
        assert code == 1 and where in err and "split it into its articles" in err, err


def test_a_closed_pipe_is_not_a_write_error(tmp_path):
    """`python -m analysis init FOLDER | head -1`: the files are written; the unread lines are no error."""
    import subprocess
    import sys

    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", "init", str(tmp_path / "texts")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()  # the reader goes away before the first line
    err = process.stderr.read().decode()
    assert process.wait() == 0 and "cannot write" not in err and "Traceback" not in err, err
    assert (tmp_path / "texts" / "metadata.csv").is_file()
