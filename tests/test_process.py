"""analysis.scale.process: the command line sets its process up; the library never does."""

from __future__ import annotations

import gc
import re

from conftest import write_corpus

from analysis import cli
from analysis.config import PROJECT_ROOT
from analysis.scale import process

TEXT = "Le conseil a voté lundi. « Nous tiendrons les délais », a déclaré la maire, Odile Ferrand.\n"


def test_fewer_collections_raises_the_young_threshold_and_keeps_a_higher_one():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert process.fewer_collections(5000) == (700, 10, 10)
        assert gc.get_threshold() == (5000, 10, 10)
        gc.set_threshold(9000, 3, 4)
        process.fewer_collections(5000)
        assert gc.get_threshold() == (9000, 3, 4)
    finally:
        gc.set_threshold(*before)


def test_the_command_line_runs_with_fewer_collections_and_restores_the_process(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", {"a": TEXT, "b": TEXT.replace("lundi", "mardi")})
    seen = []
    real = cli._validate
    monkeypatch.setattr(cli, "_validate", lambda args: seen.append(gc.get_threshold()[0]) or real(args))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert cli.main(["validate", str(corpus)]) == 0
        assert seen == [process.GC_THRESHOLD]
        assert gc.get_threshold() == (700, 10, 10)  # a program that calls main() gets its interpreter back
    finally:
        gc.set_threshold(*before)


def test_dask_workers_are_set_up_through_dasks_preload_setting(tmp_path, monkeypatch):
    import dask

    corpus = write_corpus(tmp_path / "corpus", {"a": TEXT, "b": TEXT.replace("lundi", "mardi")})
    seen = []
    monkeypatch.setattr(cli, "_run", lambda args: seen.append(dask.config.get("distributed.worker.preload")) or 0)
    assert cli.main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--engine", "dask"]) == 0
    assert seen == [["analysis.scale.process"]]
    process.dask_setup(None)  # what a worker runs at start
    assert gc.get_threshold()[0] >= process.GC_THRESHOLD


def test_no_library_module_tunes_the_process():
    """Only the command line's process setup touches the collector; no module calls C functions through ctypes."""
    for path in sorted((PROJECT_ROOT / "analysis").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+ctypes", source, re.M), path.name
        if path.name not in ("process.py", "cli.py"):
            assert "gc.set_threshold" not in source and "gc.disable" not in source, path.name
