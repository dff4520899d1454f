"""Browser check of the HTML report: every page opens headless without console errors,
images are embedded, corpus text is escaped; screenshots go to reports/screenshots/.

Needs Debian's Chromium (``make test-browser`` installs it); skipped when it is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html import unescape as html_unescape
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


def test_the_term_explorer_lists_every_term_at_a_shared_point_and_clears_on_outlet_change(study, tmp_path):
    """Clicked in a real browser: a shared point lists all its terms; finding a term shows its sentences; another outlet clears them."""
    from analysis.explorer import explorer_data, term_explorer_html

    data = explorer_data(study)
    first = data["terms"][data["outlets"][0]["key"]]
    positions = {}
    for t in first:
        positions.setdefault((t["n"] + t["rest"], t["z"]), []).append(t["term"])
    biggest = max(len(v) for v in positions.values())
    term = json.dumps(first[0]["term"])
    probe = """<script>
    var root = document.getElementById("te"), out = document.createElement("pre"); out.id = "probe"; document.body.appendChild(out);
    var shared = Array.from(root.querySelectorAll("circle.te-point")).sort(function(a, b) { return b.getAttribute("r") - a.getAttribute("r"); })[0];
    shared.dispatchEvent(new MouseEvent("click"));
    var listed = root.querySelectorAll(".te-sents li a").length;
    var search = root.querySelector(".te-search"); search.value = TERM; search.dispatchEvent(new Event("input"));
    var found = root.querySelector(".te-title").textContent;
    var shown = root.querySelectorAll(".te-sents li").length;
    search.value = ""; var sel = root.querySelector(".te-outlet"); sel.selectedIndex = 1; sel.dispatchEvent(new Event("change"));
    out.textContent = JSON.stringify({listed: listed, found: found, shown: shown, after: root.querySelectorAll(".te-sents li").length,
                                      ticks: root.querySelectorAll(".te-xtick").length + root.querySelectorAll(".te-ytick").length});
    </script>""".replace("TERM", term)
    page = tmp_path / "te.html"
    page.write_text("<html><body>" + term_explorer_html(study, uid="te") + probe + "</body></html>", encoding="utf-8")
    dom = _open(page, tmp_path / "profile", ["--dump-dom"]).stdout
    got = json.loads(html_unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1)))
    assert got["listed"] == biggest > 1
    assert got["found"].startswith("\u201c" + first[0]["term"] + "\u201d")
    assert got["shown"] > 0 and got["after"] == 0 and got["ticks"] >= 4  # the other outlet's sentences are not left on screen
