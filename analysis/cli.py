"""Command line: ``python -m analysis {validate,run} ...``.

Exit codes: 0 success, 1 the input has problems (each printed with its file,
line, field and fix), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from .config import DATA_DIR, REPORTS_DIR, TABLES_DIR
from .corpus import validate
from .engine import DEFAULT_CHUNK_SIZE, ENGINES, build_study, stream_tables
from .errors import CorpusError
from .pipeline import write_tables

EPILOG = """\
A corpus is either a folder holding metadata.csv (columns doc_id, outlet, path,
and optional provenance fields), the .txt files it names, and optionally
outlets.csv and annotations/voice_segments.csv; or a .jsonl file with one
{"doc_id", "outlet", "text", ...} object per line; or a .parquet file with
those columns.  It is read in chunks of documents.  See README.md, sections
"Your own corpus" and "Scale".

Optional corpus-level files beside metadata.csv: events.csv (an event
catalogue, to align sentences to events) and relay_pairs.csv (documents that
relay the same report, to compare them).

examples:
  python -m analysis validate data/
  python -m analysis run --corpus my_corpus/ --out my_tables/
  python -m analysis report --corpus my_corpus/ --out my_report/
  python -m analysis run --corpus big.parquet --engine dask --workers 2
  python -m analysis run --corpus /shared/big/ --engine dask --scheduler tcp://10.0.0.5:8786
"""


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Options choosing how the per-document steps run."""
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: chunk after chunk in this process (default); dask: on a dask.distributed cluster",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="with --engine dask: address of a running scheduler (default: start a LocalCluster)",
    )
    parser.add_argument("--workers", type=int, default=None, help="with --engine dask and no --scheduler: worker processes (default 2)")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=DEFAULT_CHUNK_SIZE,
        help=f"documents per chunk (default {DEFAULT_CHUNK_SIZE}); memory per worker follows it",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``analysis`` command."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="framing-lab: compare how outlets frame the same events.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p_val = sub.add_parser(
        "validate",
        help="check a corpus and list every problem at once",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_val.add_argument("path", nargs="?", default=None, type=Path, help="corpus folder or .jsonl file (default: the study's data/)")
    p_val.add_argument("--corpus", type=Path, default=None, help="same as PATH")
    p_run = sub.add_parser(
        "run", help="compute every table (no Jupyter needed)", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p_run.add_argument("--corpus", type=Path, default=DATA_DIR, help="corpus folder or .jsonl file (default: the study's data/)")
    p_run.add_argument("--out", type=Path, default=TABLES_DIR, help="folder for the CSV tables (default: reports/tables/)")
    _add_engine_options(p_run)
    p_rep = sub.add_parser(
        "report",
        help="compute every table and write the HTML report (index page; plus the notebooks for the study's own corpus)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_rep.add_argument("--corpus", type=Path, default=DATA_DIR, help="corpus folder or .jsonl file (default: the study's data/)")
    p_rep.add_argument("--out", type=Path, default=REPORTS_DIR, help="folder for the site; tables go to OUT/tables (default: reports/)")
    p_rep.add_argument(
        "--notebooks",
        choices=("auto", "execute", "committed", "none"),
        default="auto",
        help="publish the study's notebooks: execute them, export their committed outputs, or not at all "
        "(auto: execute for the study's own corpus, none for any other corpus, whose report is the index page)",
    )
    p_rep.add_argument(
        "--jobs", type=int, default=None, help="notebooks executed side by side, each in its own kernel (default: one per core)"
    )
    _add_engine_options(p_rep)
    return parser


def _validate(args: argparse.Namespace) -> int:
    """Run ``validate``; return the exit code."""
    path = args.corpus or args.path or DATA_DIR
    problems = validate(path)
    if problems:
        print(f"{path}: {len(problems)} problem(s) found:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{path}: OK")
    return 0


def _bar(desc: str, total: int):
    """Return a tqdm wrapper for one pass of the engine (on stderr)."""
    return lambda items: tqdm(items, desc=desc, total=total, unit="step", file=sys.stderr, leave=False, disable=None)


def _engine_args(args: argparse.Namespace) -> dict | None:
    """Return the engine options of a command, or None (after a message) when they are wrong."""
    if args.chunk_size < 1:
        print(f"--chunk-size must be at least 1, not {args.chunk_size}", file=sys.stderr)
        return None
    if args.scheduler and args.engine != "dask":
        print("--scheduler needs --engine dask", file=sys.stderr)
        return None
    return {"chunk_size": args.chunk_size, "engine": args.engine, "scheduler": args.scheduler, "workers": args.workers, "progress": _bar}


def _failed(corpus, err: CorpusError) -> int:
    print(f"{corpus}: {err}", file=sys.stderr)
    print("Nothing was written. Fix the problems above, then run again.", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    """Run ``run``: tables written chunk by chunk, texts never all in memory; return the exit code."""
    options = _engine_args(args)
    if options is None:
        return 1
    try:
        written = stream_tables(args.corpus, args.out, **options)
    except CorpusError as err:
        return _failed(args.corpus, err)
    print(f"wrote {len(written)} tables to {args.out}")
    return 0


def _report(args: argparse.Namespace) -> int:
    """Run ``report``; return the exit code."""
    from .report import build_site, study_notebooks  # nbconvert is only needed here

    options = _engine_args(args)
    if options is None:
        return 1
    try:
        study = build_study(args.corpus, **options)  # the site quotes sentences, so the report keeps the texts
    except CorpusError as err:
        return _failed(args.corpus, err)
    tables = write_tables(study.tables(progress=lambda names: _bar("tables", len(names))(names)), args.out / "tables")
    mode = args.notebooks
    if mode == "auto":
        mode = "execute" if Path(args.corpus).resolve() == DATA_DIR.resolve() else "none"
    notebooks = [] if mode == "none" else study_notebooks()
    with tqdm(total=len(notebooks), desc="notebooks", file=sys.stderr, leave=False, disable=None) as bar:
        pages = build_site(study, args.out, notebooks, execute=mode == "execute", jobs=args.jobs, done=lambda _: bar.update())
    print(f"wrote {len(tables)} tables to {args.out / 'tables'} and {len(pages)} pages; open {args.out / 'index.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    return {"validate": _validate, "run": _run, "report": _report}[args.command](args)
