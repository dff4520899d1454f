"""Time the steps of two versions of the package side by side, in one run, on the same corpus.

This machine's timings drift by 10 % or more between runs, so comparing a step with a figure
measured on another day says little.  This script checks out an older commit beside the working
tree (``git worktree``), then runs each step of ``bench/run.py`` on the same corpus with the old and
the new code in turn (old, new, new, old, ... so a drift touches both alike), and writes the median
seconds and peak MiB of each, with the ratio new / old.

Usage:
  python bench/side_by_side.py --old 19ed0e9 --size 10000 --repeats 2
  python bench/side_by_side.py --old 19ed0e9 --size 1000 --steps lexical run

Writes ``bench/side_by_side.md`` and ``bench/side_by_side.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STEPS = ("ingest_segment", "lexical", "quotes_cues_stance_frames", "events", "run", "run_dask")


def corpus_of(size: int) -> Path:
    """The seeded synthetic corpus of ``size`` documents (made as ``bench/run.py`` makes it, if missing)."""
    corpus = HERE / "data" / f"{size}"
    if not (corpus / "metadata.csv").exists():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--docs", str(size), "--out", str(corpus)], check=True)
        shutil.copy(ROOT / "data" / "events.csv", corpus / "events.csv")
    return corpus


def time_step(checkout: Path, step: str, corpus: Path) -> dict:
    """Run one step of ``bench/run.py`` with the package of ``checkout`` (first on the import path)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    res = subprocess.run(
        [sys.executable, str(checkout / "bench" / "run.py"), "--step", step, "--corpus", str(corpus)],
        check=True,
        capture_output=True,
        text=True,
        cwd=checkout,
        env=env,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="commit (or branch) of the old code")
    parser.add_argument("--new", help="commit of the new code (default: the working tree)")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=2, help="runs of each step with each version")
    parser.add_argument("--steps", nargs="*", default=list(STEPS), choices=STEPS)
    args = parser.parse_args()
    corpus = corpus_of(args.size)
    old = Path(tempfile.mkdtemp(prefix="framing-lab-old-")) / "checkout"
    subprocess.run(["git", "worktree", "add", "--detach", str(old), args.old], check=True, cwd=ROOT, capture_output=True)
    new = ROOT
    if args.new:
        new = old.parent / "new"
        subprocess.run(["git", "worktree", "add", "--detach", str(new), args.new], check=True, cwd=ROOT, capture_output=True)
    commit = subprocess.run(["git", "rev-parse", "--short", args.old], check=True, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    label = (
        "the working tree"
        if not args.new
        else "commit `"
        + subprocess.run(["git", "rev-parse", "--short", args.new], check=True, cwd=ROOT, capture_output=True, text=True).stdout.strip()
        + "`"
    )
    found: dict[str, dict[str, list[dict]]] = {}
    try:
        for step in args.steps:
            runs = found.setdefault(step, {"old": [], "new": []})
            for r in range(args.repeats):
                order = ("old", "new") if r % 2 == 0 else ("new", "old")
                for which in order:
                    runs[which].append(time_step(old if which == "old" else new, step, corpus))
                    print(step, which, runs[which][-1], file=sys.stderr)
    finally:
        for checkout in {old, new} - {ROOT}:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, capture_output=True)
    write(found, commit, label, args)


def write(found: dict, commit: str, label: str, args: argparse.Namespace) -> None:
    """Write the raw runs (JSON) and the medians with their ratio (Markdown)."""
    (HERE / "side_by_side.json").write_text(
        json.dumps({"old": commit, "new": label, "size": args.size, "runs": found}, indent=1, sort_keys=True) + "\n"
    )
    lines = [
        "# Old and new code, side by side",
        "",
        f"Written by `python bench/side_by_side.py --old {commit} --size {args.size} --repeats {args.repeats}`"
        + (f" `--new {args.new}`" if args.new else "")
        + ": each step of",
        f"`bench/run.py` on the seeded {args.size:,}-document corpus, run {args.repeats} times with the code of commit `{commit}` (old)",
        f"and with {label} (new), alternating. Median seconds and peak MiB; ratio new / old (above 1.10: more than 10 % slower).",
        "",
        "| step | old s | new s | new / old | old peak MiB | new peak MiB | runs (s), old; new |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for step, runs in found.items():
        old = statistics.median(r["seconds"] for r in runs["old"])
        new = statistics.median(r["seconds"] for r in runs["new"])
        peaks = [statistics.median(r["peak_mib"] for r in runs[w]) for w in ("old", "new")]
        each = "; ".join(", ".join(f"{r['seconds']:.1f}" for r in runs[w]) for w in ("old", "new"))
        lines.append(f"| {step} | {old:.2f} | {new:.2f} | {new / old:.2f} | {peaks[0]:.0f} | {peaks[1]:.0f} | {each} |")
    (HERE / "side_by_side.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
