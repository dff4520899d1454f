"""Report: notebooks executed side by side give the outputs of one-by-one execution, in input order."""

from __future__ import annotations

import re

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


def test_the_api_reference_documents_every_module_offline(tmp_path):
    from analysis.report import api_modules, write_api_reference

    stale = tmp_path / "api" / "analysis" / "stream.html"  # a module of an older version, since renamed
    stale.parent.mkdir(parents=True)
    stale.write_text("old page", encoding="utf-8")
    pages = write_api_reference(tmp_path / "api")
    names = {p.relative_to(tmp_path / "api").as_posix() for p in pages}
    for module in api_modules():
        assert module.replace(".", "/") + ".html" in names, module
    assert "analysis.scale.scanner" in api_modules() and not stale.exists()  # subpackages documented, stale pages gone
    keyness = (tmp_path / "api" / "analysis" / "keyness.html").read_text(encoding="utf-8")
    assert "Monroe" in keyness and "log_odds_dirichlet" in keyness  # the docstring's source and the function
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]*(src|href)=\"https?://", html), page.name  # nothing from the network
