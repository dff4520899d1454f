"""Command line: ``python -m analysis {init,validate,run,report} ...``.

Exit codes: 0 success, 1 the input has problems (each printed with its file,
line, field and fix), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

from .config import NOTEBOOKS_DIR, PROJECT_ROOT
from .errors import CorpusError
from .pipeline import write_tables
from .reader import validate
from .scale.engine import DEFAULT_CHUNK_SIZE, ENGINES, load_study, stream_tables
from .scale.process import fewer_collections

EPILOG = """\
A corpus is either a folder holding metadata.csv (columns doc_id, outlet, path,
and optional provenance fields such as date and language), the .txt files it
names, and optionally outlets.csv and annotations/; or a .jsonl file with one
{"doc_id", "outlet", "text", ...} object per line; or a .parquet file with
those columns.  It is read in chunks of documents.

Its profile sits beside it: profile.toml (language; lexicons extend or
replace), targets.csv and stance_cues.csv (stance), actors.csv, events.csv,
relay_pairs.csv, and lexicons/ (additions to the language's defaults).
`init` writes commented templates of the missing ones.  French (fr) and
English (en) ship with complete defaults.  See README.md, "Your own corpus".

examples:
  python -m analysis init my_corpus/
  python -m analysis validate my_corpus/
  python -m analysis run --corpus my_corpus/ --out my_tables/
  python -m analysis report --corpus my_corpus/ --out my_report/
  python -m analysis run --corpus german.jsonl --out tables/ --lexical-only
  python -m analysis run --corpus big.parquet --engine dask --workers 2
"""
#: The corpus of the commands when none is given: ./data (the study's, from the repository's root).
DEFAULT_CORPUS = Path("data")
DEFAULT_TABLES = Path("reports") / "tables"
DEFAULT_REPORT = Path("reports")


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


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lexical-only",
        action="store_true",
        help="accept a language without shipped defaults: compute the lexical tables only (the report says what was skipped)",
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
    p_init = sub.add_parser(
        "init",
        help="write commented templates of the corpus's profile files (and metadata.csv for a folder of .txt files)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_init.add_argument("path", type=Path, help="corpus folder (with metadata.csv, or only .txt files) or .jsonl/.parquet file")
    p_val = sub.add_parser(
        "validate",
        help="check a corpus and list every problem at once",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_val.add_argument("path", nargs="?", default=None, type=Path, help="corpus folder, .jsonl or .parquet file (default: ./data)")
    p_val.add_argument("--corpus", type=Path, default=None, help="same as PATH")
    _add_language_option(p_val)
    p_run = sub.add_parser(
        "run", help="compute every table (no Jupyter needed)", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p_run.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder, .jsonl or .parquet file (default: ./data)")
    p_run.add_argument("--out", type=Path, default=DEFAULT_TABLES, help="folder for the CSV tables (default: ./reports/tables)")
    _add_language_option(p_run)
    _add_engine_options(p_run)
    p_rep = sub.add_parser(
        "report",
        help="compute every table and write the HTML report (index page; plus the notebooks for the study's own corpus)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_rep.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder, .jsonl or .parquet file (default: ./data)")
    p_rep.add_argument("--out", type=Path, default=DEFAULT_REPORT, help="folder for the site; tables go to OUT/tables (default: ./reports)")
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
    _add_language_option(p_rep)
    _add_engine_options(p_rep)
    return parser


def _validate(args: argparse.Namespace) -> int:
    """Run ``validate``; return the exit code."""
    path = args.corpus or args.path or DEFAULT_CORPUS
    problems = validate(path, lexical_only=args.lexical_only)
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
    return {
        "chunk_size": args.chunk_size,
        "engine": args.engine,
        "scheduler": args.scheduler,
        "workers": args.workers,
        "progress": _bar,
        "lexical_only": args.lexical_only,
    }


def _failed(corpus, err: CorpusError) -> int:
    print(f"{corpus}: {err}", file=sys.stderr)
    print("Nothing was written. Fix the problems above, then run again.", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    """Run ``run``: tables written chunk by chunk, texts never all in memory; return the exit code."""
    options = _engine_args(args)
    if options is None:
        return 2  # a bad command line
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
        return 2  # a bad command line
    try:
        study = load_study(args.corpus, **options)  # the site quotes sentences, so the report keeps the texts
    except CorpusError as err:
        return _failed(args.corpus, err)
    tables = write_tables(
        study.tables(progress=lambda names: _bar("tables", len(names))(names)), args.out / "tables", protect=study.corpus.root
    )
    mode = args.notebooks
    if mode == "auto":
        mode = "execute" if _is_the_study(args.corpus) else "none"
    notebooks = [] if mode == "none" else study_notebooks()
    with tqdm(total=len(notebooks), desc="notebooks", file=sys.stderr, leave=False, disable=None) as bar:
        pages = build_site(
            study, args.out, notebooks, execute=mode == "execute", jobs=args.jobs, done=lambda _: bar.update(), api=bool(notebooks)
        )
    print(f"wrote {len(tables)} tables to {args.out / 'tables'} and {len(pages)} pages; open {args.out / 'index.html'}")
    return 0


def _is_the_study(corpus: Path) -> bool:
    """Whether ``corpus`` is the repository's own study (whose notebooks the report publishes)."""
    return Path(corpus).resolve() == (PROJECT_ROOT / "data").resolve() and NOTEBOOKS_DIR.is_dir()


def _init(args: argparse.Namespace) -> int:
    """Run ``init``; return the exit code."""
    from .init import ENABLES, init_corpus

    try:
        result = init_corpus(args.path)
    except CorpusError as err:
        print(f"{args.path}: {err}", file=sys.stderr)
        return 1
    print(f"{result.root}: language {result.language or 'unknown'}")
    for path in result.written:
        rel = path.relative_to(result.root).as_posix()
        print(f"  wrote {rel:32} {ENABLES.get(rel, '')}")
    for path in result.kept:
        print(f"  kept  {path.relative_to(result.root).as_posix():32} (already there, not touched)")
    for note in result.notes:
        print(f"note: {note}")
    print(f"next: fill the templates you need, then `python -m analysis validate {args.path}`")
    return 0


@contextmanager
def _process_setup(args: argparse.Namespace):
    """Set the command line's process up (:mod:`analysis.scale.process`), and the Dask workers it starts; restore it after.

    The library never tunes the process it runs in; the command line does:
    fewer garbage collections here, and, for ``--engine dask``, Dask's own
    ``distributed.worker.preload`` setting runs :func:`analysis.scale.process.dask_setup`
    in each worker it starts (a remote cluster's workers take ``--preload analysis.scale.process``).
    """
    before = fewer_collections()
    try:
        if getattr(args, "engine", None) == "dask":
            import dask

            with dask.config.set({"distributed.worker.preload": ["analysis.scale.process"]}):
                yield
        else:
            yield
    finally:
        gc.set_threshold(*before)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code.

    No traceback reaches a user: an output that cannot be written (refused,
    not writable, disk full) is a one-line message and exit code 1, the
    earlier output left intact; any other failure is reported as a bug in
    one line (set ``FRAMING_LAB_DEBUG=1`` to see the traceback).
    """
    args = build_parser().parse_args(argv)
    command = {"init": _init, "validate": _validate, "run": _run, "report": _report}[args.command]
    try:
        with _process_setup(args):
            return command(args)
    except ValueError as err:  # an --out refused before anything was written (see pipeline.TableWriter)
        if os.environ.get("FRAMING_LAB_DEBUG"):
            raise
        print(f"{err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader of our output went away (`... | head`): the work is done, the rest of the lines unread
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that Python's exit flush does not fail again
        return 0
    except OSError as err:  # cannot write: permission, disk full, a path through a file
        if os.environ.get("FRAMING_LAB_DEBUG"):
            raise
        where = f" {err.filename}" if getattr(err, "filename", None) else ""
        print(f"cannot write{where}: {err.strerror or err}. The earlier output, if any, is left as it was.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was written (an earlier output is left as it was)", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: said in one line, with how to see more
        if os.environ.get("FRAMING_LAB_DEBUG"):
            raise
        print(
            f"internal error ({type(err).__name__}: {err}). This is a bug in framing-lab, not in your corpus: please report it "
            "with the command line; FRAMING_LAB_DEBUG=1 shows the traceback.",
            file=sys.stderr,
        )
        return 1
