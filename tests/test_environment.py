"""The pinned environment is the same for pip (pyproject + lock) and conda (environment.yml)."""

from __future__ import annotations

import re
import tomllib

from analysis.config import PROJECT_ROOT


def _pins(lines, sep):
    out = {}
    for line in lines:
        m = re.match(rf"^\s*-?\s*([A-Za-z0-9_.\-]+)\s*{sep}\s*([0-9][^\s#]*)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def direct_pins():
    deps = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return _pins(deps, "==")


def test_every_direct_dependency_is_pinned_exactly():
    deps = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert deps and all("==" in d for d in deps)
    assert len(direct_pins()) == len(deps)


def test_environment_yml_matches_pyproject():
    lines = (PROJECT_ROOT / "environment.yml").read_text().splitlines()
    conda = _pins([line for line in lines if "python=" not in line], "=")
    assert conda == direct_pins()


def test_lock_contains_the_same_direct_pins():
    lock = _pins((PROJECT_ROOT / "requirements.lock").read_text().splitlines(), "==")
    for name, version in direct_pins().items():
        assert lock.get(name) == version, name
    assert all("==" in line for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines() if line.strip())


def test_environment_yml_python_matches_requires_python():
    text = (PROJECT_ROOT / "environment.yml").read_text()
    py = re.search(r"python=(\d+\.\d+)", text).group(1)
    requires = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={py}"
