"""The command line on a second corpus (other outlets, another topic), end to end."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT
from analysis.pipeline import TABLES

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "strike_corpus"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


def test_help_teaches_the_formats():
    res = _cli("--help")
    assert res.returncode == 0
    for word in ("validate", "run", "report", "metadata.csv", ".jsonl", "events.csv"):
        assert word in res.stdout


def test_bad_command_line_exits_2():
    assert _cli("frobnicate").returncode == 2


@pytest.mark.slow  # end to end
def test_run_and_report_on_the_fixture_corpus(tmp_path):
    res = _cli("run", "--corpus", str(FIXTURE), "--out", str(tmp_path / "tables"))
    assert res.returncode == 0, res.stderr
    assert sorted(p.stem for p in (tmp_path / "tables").glob("*.csv")) == sorted(TABLES)
    sentences = pd.read_csv(tmp_path / "tables" / "sentences.csv")
    assert set(sentences["outlet"]) == {"echo", "gazette", "radio"}
    events = pd.read_csv(tmp_path / "tables" / "events.csv")
    assert set(events["event_id"]) <= {"talks_open", "strike_ends"} and len(events) > 0
    layers = pd.read_csv(tmp_path / "tables" / "layers.csv")
    assert {"relay_commentary", "quoted_block", "boilerplate"} <= set(layers["layer"])

    res = _cli("report", "--corpus", str(FIXTURE), "--out", str(tmp_path / "site"))
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "La Gazette" in page and "Radio Ville" in page
    assert '<script>alert("x")</script>' not in page  # corpus text is escaped (and \\u003c in the explorer's data)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page or "&lt;script&gt;alert(" in page
    assert "https://" not in page.split("<body>")[0]  # nothing loaded from the network in the head


@pytest.mark.slow  # end to end
def test_run_tables_are_byte_for_byte_reproducible(tmp_path):
    for name in ("a", "b"):
        assert _cli("run", "--corpus", str(FIXTURE), "--out", str(tmp_path / name)).returncode == 0
    for path in sorted((tmp_path / "a").glob("*.csv")):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
