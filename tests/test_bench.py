"""bench/run.py: the targets table and the bound are computed from the measurements they are given."""

from __future__ import annotations

import importlib.util

from analysis.config import PROJECT_ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", PROJECT_ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(run_seconds: float, peak: float = 1000.0):
    steps = {"floor": {"seconds": 2.0, "tokens": 1000, "vocabulary": 10, "peak_mib": 100.0}}
    steps |= {name: {"seconds": s, "peak_mib": peak} for name, s in zip(_bench().PER_DOCUMENT_STEPS, (3.0, 2.0, 10.0, 5.0))}
    steps["run_dask"] = {"seconds": run_seconds, "peak_mib": peak}
    return [(100, 1.0, 0.5, steps)]


def test_whole_run_target_follows_the_measurement():
    bench = _bench()
    met = [line for line in bench.targets(_rows(12.0)) if "whole run within 6x" in line]
    missed = [line for line in bench.targets(_rows(12.5)) if "whole run within 6x" in line]
    assert met == ["| whole run within 6x floor (100 docs) | 6.0x | yes |"]
    assert missed == ["| whole run within 6x floor (100 docs) | 6.2x | no |"]


def test_bound_spreads_the_per_document_steps_over_the_cores():
    bench = _bench()
    (line,) = bench.bound(_rows(30.0), cores=2)
    assert "take 20.0 s of one core" in line and "would take 10.0 s, 5.0x the floor" in line and "(12.0 s)" in line
    (line,) = bench.bound(_rows(30.0), cores=4)
    assert "would take 5.0 s, 2.5x the floor" in line
    rows = _rows(30.0)
    del rows[0][3]["events"]
    assert bench.bound(rows) == []  # a step not measured: no bound


def test_bench_figure_shows_a_step_faster_than_the_floor():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis.plots import bench_ratios

    results = pd.DataFrame(
        {"documents": [10, 10, 10, 100, 100, 100], "step": ["floor", "lexical", "run"] * 2, "x floor": [1.0, 3.0, 40.0, 1.0, 0.5, 30.0]}
    )
    fig = bench_ratios(results)
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    assert left < 0.5 and right > 40.0
    assert sorted(round(p.get_x() + p.get_width(), 6) for p in ax.patches) == [0.5, 3.0, 30.0, 40.0]  # every bar ends at its ratio
    assert fig.texts[0].get_text() == "At 100 documents the whole run takes 30x the floor's time, above the 6x target"
    plt.close(fig)


def test_evaluation_tables_print_the_first_scores_by_round(tmp_path):
    """bench/evaluation_tables.py: the README's first-scores table is the package's first_scores, one row per round."""
    from analysis.evaluation import eval_sets

    spec = importlib.util.spec_from_file_location("bench_tables", PROJECT_ROOT / "bench" / "evaluation_tables.py")
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    manifest = tmp_path / "sets.csv"
    manifest.write_text(
        "set,split,language,corpus,annotations,first_score,first_round\na,dev,fr,a,a,,\nb,test,fr,b,b,0.7,r1\nc,test,fr,c,c,0.81,r1\n",
        encoding="utf-8",
    )
    assert tables.rounds_table(eval_sets(manifest))[2:] == ["| r1 | b, c | 0.700, 0.810 |"]
