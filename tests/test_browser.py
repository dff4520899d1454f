"""Browser check of the HTML report: every page opens headless without console errors,
images are embedded, corpus text is escaped; screenshots go to reports/screenshots/.

Needs Debian's Chromium (``make test-browser`` installs it); skipped when it is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.config import PROJECT_ROOT, REPORTS_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "strike_corpus"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=4000",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium not installed: run `make test-browser` to install it and check the report in a browser"
    ),
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("sites")
    study_site, fixture_site = root / "study", root / "fixture"
    for corpus, out, mode in ((None, study_site, "committed"), (FIXTURE, fixture_site, "none")):
        cmd = [sys.executable, "-m", "analysis", "report", "--out", str(out), "--notebooks", mode]
        if corpus is not None:
            cmd += ["--corpus", str(corpus)]
        subprocess.run(cmd, check=True, capture_output=True)
    return {"study": study_site, "fixture": fixture_site}


def _pages(sites):
    """Every page of both sites, but of the API reference's (pdoc's own, one template) its index and one module."""
    api = {"api/analysis.html", "api/analysis/keyness.html"}
    pages = [(name, page) for name, site in sorted(sites.items()) for page in sorted(site.rglob("*.html"))]
    return [
        (name, p)
        for name, p in pages
        if not p.relative_to(sites[name]).as_posix().startswith("api/") or p.relative_to(sites[name]).as_posix() in api
    ]


def _open(page: Path, profile: Path, extra: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()], capture_output=True, text=True, timeout=120
    )


def test_every_page_opens_cleanly_and_is_self_contained(sites, tmp_path):
    shots = REPORTS_DIR / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    pages = _pages(sites)
    assert (sites["study"] / "api" / "analysis.html").exists() and not (sites["fixture"] / "api").exists()
    assert len(pages) >= 2 + 2 * 7  # two index pages, reader and full edition of each notebook
    problems = []
    for name, page in pages:
        rel = page.relative_to(sites[name])
        run = _open(page, tmp_path / "profile", ["--dump-dom"])
        dom = run.stdout
        console = [line for line in run.stderr.splitlines() if "CONSOLE" in line and ("rror" in line or "Uncaught" in line)]
        if console:
            problems.append(f"{name}/{rel}: console errors: {console[:3]}")
        for src in re.findall(r"<img[^>]*\ssrc=\"([^\"]*)\"", dom):
            if not src.startswith("data:image/"):
                problems.append(f"{name}/{rel}: image not embedded: {src[:60]}")
        if re.search(r"<script[^>]*\ssrc=\"https?://", dom) or re.search(r"<link[^>]*\shref=\"https?://[^\"]*\.css", dom):
            problems.append(f"{name}/{rel}: loads a script or style sheet from the network")
        if '<script>alert("x")</script>' in dom:
            problems.append(f"{name}/{rel}: corpus text was inserted as HTML")
        shot = shots / f"{name}__{str(rel).replace('/', '__').replace('.html', '.png')}"
        _open(page, tmp_path / "profile", ["--window-size=1280,1800", f"--screenshot={shot}"])
        if not shot.exists() or shot.stat().st_size < 5000:
            problems.append(f"{name}/{rel}: no screenshot")
    assert not problems, "\n".join(problems)


def test_corpus_text_is_shown_escaped(sites, tmp_path):
    page = sites["fixture"] / "index.html"
    dom = _open(page, tmp_path / "profile", ["--dump-dom"]).stdout
    # The fixture's radio text contains a <script> tag: it must reach the reader as text.
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in dom
    assert '<script>alert("x")</script>' not in dom
