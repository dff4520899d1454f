"""The pinned environment is the same for pip (lock) and conda (environment.yml), and inside the library's ranges."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement

from analysis.config import PROJECT_ROOT


def _pins(lines, sep):
    out = {}
    for line in lines:
        m = re.match(rf"^\s*-?\s*([A-Za-z0-9_.\-]+)\s*{sep}\s*([0-9][^\s#]*)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def _requirements() -> list[Requirement]:
    """Every dependency pyproject.toml names: the library's and the study's (optional) ones."""
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + [d for extra in project.get("optional-dependencies", {}).values() for d in extra]
    return [Requirement(d) for d in names]


def _lock() -> dict[str, str]:
    return _pins((PROJECT_ROOT / "requirements.lock").read_text().splitlines(), "==")


def test_every_dependency_has_a_compatible_range_that_the_lock_satisfies():
    lock = _lock()
    for req in _requirements():
        name = req.name.lower()
        assert req.specifier, f"{name} has no version range"
        assert "==" not in str(req.specifier), f"{name}: the library gives ranges, the lock pins"
        assert name in lock, f"{name} is not pinned in requirements.lock"
        assert req.specifier.contains(lock[name]), f"{name}=={lock[name]} is outside {req.specifier}"


def test_environment_yml_pins_what_the_lock_pins():
    lines = (PROJECT_ROOT / "environment.yml").read_text().splitlines()
    conda = _pins([line for line in lines if "python=" not in line], "=")
    lock = _lock()
    assert {r.name.lower() for r in _requirements()} <= set(conda)
    assert all(lock.get(name) == version for name, version in conda.items()), {n: (v, lock.get(n)) for n, v in conda.items()}


def test_lock_pins_every_package_exactly():
    assert all("==" in line for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines() if line.strip())


def test_environment_yml_python_matches_requires_python():
    text = (PROJECT_ROOT / "environment.yml").read_text()
    py = re.search(r"python=(\d+\.\d+)", text).group(1)
    requires = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={py}"
