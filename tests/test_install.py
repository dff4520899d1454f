"""The package as a user installs it: a wheel built from the checkout, run on corpora outside the repository.

The wheel is installed into a folder of its own and imported from there (the
study's environment gives the dependencies), with a working directory outside
the repository: the repository's ``data/`` (the study's topic files and
lexicons) cannot be read, so the fixture corpora run on their own profiles and
the language defaults the wheel ships.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT
from analysis.profile import Profile

pytestmark = pytest.mark.slow  # builds and installs a wheel

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
#: English closed-class words (articles, pronouns, prepositions, conjunctions, auxiliaries, modals), written for this
#: test independently of the shipped stopword list: none may be an outlet's distinctive word.
FUNCTION_WORDS = set(
    """a an the this that these those i you he she it we they me him her us them my your his its our their mine yours
    who whom whose which what when where why how of in on at by for with about against between into through during before
    after above below to from up down over under again further then once and but or nor so yet if because as until while
    is are was were be been being am have has had having do does did doing will would shall should can could may might must
    not no there here than too very just also only own same such both each few more most other some any all""".split()
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Build the wheel from the checkout's files and install it (without dependencies) into a folder of its own."""
    tmp = tmp_path_factory.mktemp("wheel")
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    source = tmp / "checkout"
    for rel in files:
        if (PROJECT_ROOT / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_ROOT / rel, source / rel)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(source)], check=True)
    (wheel,) = (tmp / "dist").glob("framing_lab-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(tmp / "site"), str(wheel)], check=True)
    return tmp


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(installed / "site")}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_ships_every_language_file(installed):
    (wheel,) = (installed / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "analysis" / "languages").rglob("*") if p.is_file()}
    assert shipped and shipped <= names, sorted(shipped - names)
    assert not any(n.startswith(("data/", "tests/", "notebooks/")) for n in names)


@pytest.mark.parametrize("name", ["en_corpus", "fr_corpus"])
def test_the_installed_package_runs_a_corpus_outside_the_repository(installed, tmp_path, name):
    if not (FIXTURES / name).is_dir():
        pytest.skip(f"no fixture {name}")
    shutil.copytree(FIXTURES / name, tmp_path / name)
    where = _run(installed, tmp_path, "-c", "import analysis, analysis.config as c; print(analysis.__file__); print(c.DATA_DIR.exists())")
    origin, study_data = where.stdout.split()
    assert Path(origin).is_relative_to(installed / "site") and study_data == "False"  # the study's files are out of reach
    for args in (("validate", name), ("run", "--corpus", name, "--out", "tables"), ("report", "--corpus", name, "--out", "site")):
        res = _run(installed, tmp_path, "-m", "analysis", *args)
        assert res.returncode == 0, (args, res.stderr)
    tables = tmp_path / "tables"
    targets = set(pd.read_csv(FIXTURES / name / "targets.csv", comment="#")["target"])
    assert set(pd.read_csv(tables / "stance.csv")["target"]) == targets
    assert set(pd.read_csv(tables / "stance_profile.csv")["target"]) == targets
    quotes = pd.read_csv(tables / "quotes.csv")
    assert {"direct", "indirect", "selon"} <= set(quotes["kind"])
    actors = set(pd.read_csv(FIXTURES / name / "actors.csv", comment="#")["actor"])
    named = set(quotes.loc[quotes["speaker_type"] == "named", "speaker"])
    texts = " ".join(p.read_text(encoding="utf-8") for p in (FIXTURES / name / "raw").glob("*.txt"))
    assert all(s in actors or s in texts for s in named)  # a named speaker is an actor or words of the texts
    roles = Profile.default(name[:2]).roles
    role_words = set(roles.loc[roles["kind"] == "role", "word"])  # (a definite institution, "la police", is a named body)
    assert not {s.lower() for s in named} & (role_words | {w + "s" for w in role_words})  # "Critics said": no role noun as a name
    assert (quotes["speaker_type"] == "named").mean() > 0.4
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    labels = pd.read_csv(FIXTURES / name / "outlets.csv")["label"]
    assert all(label in html.unescape(page) for label in labels)  # shown (escaped as the page's templates escape)


def test_english_text_gets_english_stopwords(installed, tmp_path):
    shutil.copytree(FIXTURES / "en_corpus", tmp_path / "en_corpus")
    assert _run(installed, tmp_path, "-m", "analysis", "run", "--corpus", "en_corpus", "--out", "tables").returncode == 0
    terms = pd.read_csv(tmp_path / "tables" / "distinctive_terms.csv")
    z = terms[terms["score_name"] == "log_odds_z"]
    top = z[z["rank"] <= 20]
    assert len(top) == 20 * z["outlet"].nunique()
    assert not set(top["term"].str.lower()) & FUNCTION_WORDS, sorted(set(top["term"]) & FUNCTION_WORDS)
    cues = pd.read_csv(tmp_path / "tables" / "cues.csv")
    assert "evidential" in set(cues["cue_type"]) and "conditional" not in set(cues["cue_type"])
