"""Time and memory of ``python -m analysis run`` on one long document, at several sizes.

A corpus of two documents: one long text made by joining the seeded synthetic
documents of :mod:`make_corpus` (paragraphs, quotes and reporting verbs like the
study's) until it reaches the size, and one short text of another outlet.
Each size runs in its own process; its peak memory is that process's max RSS
(``os.wait4``). Memory that grows linearly with the document's size is the
goal (issue 22); the README states the budget from these figures.

Usage:
  python bench/long_document.py --mb 5 10 20 50     # writes bench/long_document.md and .json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import build  # noqa: E402


def long_corpus(mb: float, out: Path, pool: Path) -> int:
    """Write a two-document corpus whose first text has ``mb`` megabytes (UTF-8); return its size in bytes."""
    texts = sorted((pool / "raw").glob("*.txt"))
    target, parts, size, i = int(mb * 1_000_000), [], 0, 0
    while size < target:
        text = texts[i % len(texts)].read_text(encoding="utf-8")
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        i += 1
    (out / "raw").mkdir(parents=True)
    data = "\n\n".join(parts).encode("utf-8")
    (out / "raw" / "long.txt").write_bytes(data)
    shutil.copy(texts[0], out / "raw" / "short.txt")
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["doc_id", "outlet", "path", "language"])
        w.writerows([("long", "alpha", "raw/long.txt", "fr"), ("short", "beta", "raw/short.txt", "fr")])
    return len(data)


def measure(corpus: Path, out: Path) -> dict:
    """Run the study on ``corpus`` in a child process; return its seconds, peak MiB and exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=HERE.parent,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
    return {
        "seconds": round(seconds, 1),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "exit": child.returncode,
        "stderr": err[-1] if err else "",
    }


def write_results(rows: list[dict]) -> None:
    (HERE / "long_document.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# One long document",
        "",
        "`python bench/long_document.py` (one process per size; peak = max RSS of the run). Generated; see the",
        "module docstring for how the document is made.",
        "",
        "| document (MB) | seconds | peak memory (MiB) | MiB per MB | exit |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['mb']:.1f} | {r['seconds']:.0f} | {r['peak_mib']:,} | {r['peak_mib'] / r['mb']:.0f} | {r['exit']} |")
    (HERE / "long_document.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[5, 10, 20, 50])
    parser.add_argument("--pool-docs", type=int, default=1000, help="synthetic documents joined into the long one")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pool = Path(tmp) / "pool"
        build(args.pool_docs, pool)
        for mb in args.mb:
            corpus = Path(tmp) / f"long{mb:g}"
            size = long_corpus(mb, corpus, pool)
            result = measure(corpus, Path(tmp) / f"out{mb:g}")
            rows.append({"mb": round(size / 1_000_000, 1), **result})
            print(json.dumps(rows[-1]), flush=True)
            shutil.rmtree(corpus)
    write_results(rows)


if __name__ == "__main__":
    main()
