"""The layout: science modules in ``analysis/``, the speed and scale wing in ``analysis/scale/`` (issue 23)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "analysis"
#: The front doors, which may start the engines: the package's namespace and the command line.
FRONT = {"__init__.py", "__main__.py", "cli.py"}
SCIENCE = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in FRONT)


def _imports(path: Path) -> list[str]:
    """Every module a file imports, relative imports spelled out from the package (``..scale.x`` from a subpackage too)."""
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(parts[: len(parts) - node.level]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out += [module] + [f"{module}.{a.name}" for a in node.names]
    return out


@pytest.mark.parametrize("name", SCIENCE)
def test_science_modules_import_nothing_from_the_speed_wing(name):
    found = [m for m in _imports(PACKAGE / name) if m == "analysis.scale" or m.startswith("analysis.scale.")]
    assert not found, f"analysis/{name} imports {found}: call the plain kernels of analysis.kernels instead"


def test_the_check_reads_relative_imports():
    """The check above would see a science module that reached into the wing (it is not vacuous)."""
    probe = PACKAGE / "__init__.py"
    assert "analysis.scale.engine" in _imports(probe)


def test_the_speed_wing_holds_the_engines_and_the_fast_kernels():
    wing = sorted(p.name for p in (PACKAGE / "scale").glob("*.py"))
    assert wing == ["__init__.py", "arrow.py", "batches.py", "engine.py", "process.py", "scanner.py"]
    assert not {"engine.py", "matching.py", "memory.py", "process.py", "stream.py"} & set(SCIENCE)


def test_the_library_imports_no_private_module_of_the_interpreter():
    """The scanner reads patterns itself: no ``re._parser``, ``re._casefix`` or ``sre_*``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        private = [m for m in _imports(path) if m.startswith(("re._", "sre_"))]
        assert not private, (path.name, private)
