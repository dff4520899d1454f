"""Command line: ``python -m analysis {validate,run} ...``.

Exit codes: 0 success, 1 the input has problems (each printed with its file,
line, field and fix), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DATA_DIR, TABLES_DIR
from .corpus import validate
from .errors import CorpusError
from .pipeline import load_study, write_tables

EPILOG = """\
A corpus is either a folder holding metadata.csv (columns doc_id, outlet, path,
and optional provenance fields), the .txt files it names, and optionally
outlets.csv and annotations/voice_segments.csv; or a .jsonl file with one
{"doc_id", "outlet", "text", ...} object per line.  See README.md, section
"Your own corpus".

examples:
  python -m analysis validate data/
  python -m analysis run --corpus my_corpus/ --out my_tables/
"""


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


def _run(args: argparse.Namespace) -> int:
    """Run ``run``; return the exit code."""
    try:
        study = load_study(args.corpus)
    except CorpusError as err:
        print(f"{args.corpus}: {err}", file=sys.stderr)
        print("Nothing was written. Fix the problems above, then run again.", file=sys.stderr)
        return 1
    written = write_tables(study.tables(), args.out)
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    return {"validate": _validate, "run": _run}[args.command](args)
