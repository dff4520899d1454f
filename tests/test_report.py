"""Report: notebooks executed side by side give the outputs of one-by-one execution, in input order."""

from __future__ import annotations

import nbformat
import pytest

from analysis.report import execute_notebook, execute_notebooks


def _notebook(path, value: int):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"x = {value}\nprint(x * 2)"), nbformat.v4.new_code_cell("x + 1")]
    nbformat.write(nb, path)
    return path


def _outputs(nb):
    return [[dict(o) for o in c["outputs"]] for c in nb.cells]


@pytest.mark.slow  # end to end
def test_side_by_side_execution_matches_one_by_one(tmp_path):
    paths = [_notebook(tmp_path / f"{i:02d}_n.ipynb", i) for i in (3, 5, 7)]
    finished = []
    books = execute_notebooks(paths, jobs=2, done=finished.append)
    assert sorted(finished) == paths
    assert [_outputs(nb) for nb in books] == [_outputs(execute_notebook(p)) for p in paths]
    assert [nb.cells[0]["outputs"][0]["text"] for nb in books] == ["6\n", "10\n", "14\n"]
