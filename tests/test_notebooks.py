"""Notebooks: paired with jupytext scripts, executed in order, no machine paths or timestamps."""

from __future__ import annotations

import json

import jupytext
import pytest

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_paired_script_is_in_sync(path):
    script = path.with_suffix(".py")
    assert script.exists(), f"run `jupytext --sync {path}`"
    from_nb = jupytext.writes(jupytext.read(path), fmt="py:percent")
    assert from_nb == script.read_text(encoding="utf-8"), f"run `jupytext --sync {path}`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_in_order_without_machine_details(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), "re-run with `make notebooks`"
    text = path.read_text(encoding="utf-8")
    assert str(PROJECT_ROOT) not in text and "/home/" not in text and "/root/" not in text
    assert '"execution": {' not in text, "timings recorded: use `make notebooks`"
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
