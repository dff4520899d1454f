"""Notebook 07 in a real client (issue 24): JupyterLab on localhost, driven in headless Chromium by Selenium.

The test starts JupyterLab on a copy of the notebook and the study's data (nothing it does can touch the
repository: JupyterLab autosaves), runs all cells, then changes each control of the explorer panel and
checks that the panel's views change and that no error appears. Screenshots go to reports/screenshots/.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make test-browser`` installs them) and Selenium
(in the lock file); skipped when they are absent.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from analysis.config import PROJECT_ROOT, REPORTS_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
try:
    import selenium
except ImportError:  # pragma: no cover - selenium is in the lock file
    selenium = None

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None or selenium is None,
        reason="Chromium, chromium-driver or Selenium missing: run `make test-browser` to install them",
    ),
]
TOKEN = "framing-lab-test"
NOTEBOOK = "notebooks/07_explore.ipynb"
SHOTS = REPORTS_DIR / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of notebook 07 and the study's data; its own settings and runtime folders."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("eval"))
    shutil.copytree(PROJECT_ROOT / "docs" / "screenshots", root / "docs" / "screenshots")  # the notebook shows one
    (root / "notebooks").mkdir()
    shutil.copy(PROJECT_ROOT / NOTEBOOK, root / NOTEBOOK)
    port = _free_port()
    home = root / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", f"--ServerApp.token={TOKEN}"]
    cmd += [
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # a container's root (CI): JupyterLab refuses it otherwise
        cmd.append("--allow-root")
    news = home / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1100", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield browser
    browser.quit()


def _wait(driver, condition, timeout: float = 60.0, what: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.25).until(condition, message=what)


def _errors(driver) -> list[str]:
    """Error outputs of the notebook's cells (tracebacks), as text."""
    found = driver.find_elements(
        "css selector",
        '[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]',
    )
    return [e.text for e in found if "Traceback" in e.text or "Error" in e.text]


def _panel_text(driver) -> str:
    panels = driver.find_elements("css selector", ".widget-tab")
    return panels[0].text if panels else ""


def test_notebook_07_runs_in_jupyterlab_and_every_control_changes_the_views(lab, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.get(f"{lab}/lab/tree/{NOTEBOOK}?token={TOKEN}")
    _wait(
        driver,
        lambda d: d.execute_script("return !!(window.jupyterapp && document.querySelector('.jp-Notebook'))"),
        120,
        "JupyterLab did not open the notebook",
    )
    _wait(driver, lambda d: d.execute_script("return window.jupyterapp.serviceManager.sessions.running().next() !== undefined || true"), 30)
    time.sleep(2)  # the kernel connects
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    _wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".widget-tab select, .widget-dropdown select"),
        180,
        "the explorer panel did not render",
    )
    _wait(driver, lambda d: "Concordance" in d.page_source and len(_panel_text(d)) > 0, 120, "the panel's views did not fill")
    assert _errors(driver) == []
    height = driver.execute_script("return document.querySelector('.widget-tab').parentElement.getBoundingClientRect().height")
    assert height < 1100, height  # the whole panel fits a screen, so its controls stay in view (it was about 2,400 px)
    driver.execute_script("document.querySelector('.widget-dropdown').scrollIntoView({block: 'start'})")
    time.sleep(1)
    driver.save_screenshot(str(SHOTS / "jupyterlab_explorer.png"))

    def changed(action, what):
        before = (
            _panel_text(driver)
            + "".join(e.get_attribute("innerHTML")[:20000] for e in driver.find_elements(By.CSS_SELECTOR, ".widget-output"))[:200000]
        )
        action()
        _wait(
            driver,
            lambda d: (
                (
                    _panel_text(d)
                    + "".join(e.get_attribute("innerHTML")[:20000] for e in d.find_elements(By.CSS_SELECTOR, ".widget-output"))[:200000]
                )
                != before
            ),
            60,
            f"the views did not change after {what}",
        )
        time.sleep(0.5)
        assert _errors(driver) == [], what

    dropdowns = driver.find_elements(By.CSS_SELECTOR, ".widget-dropdown select")
    story, target = dropdowns[0], dropdowns[1]
    changed(lambda: Select(story).select_by_index(1), "choosing another story")
    changed(lambda: Select(target).select_by_index(1), "choosing another target")
    term = driver.find_elements(By.CSS_SELECTOR, ".widget-text input")[0]
    changed(lambda: (term.clear(), term.send_keys("guerre")), "typing a term")
    scope = [b for b in driver.find_elements(By.CSS_SELECTOR, ".widget-toggle-buttons button") if b.text == "whole corpus"][0]
    changed(scope.click, "switching to the whole corpus")
    outlets = Select(driver.find_elements(By.CSS_SELECTOR, ".widget-select-multiple select")[0])
    changed(lambda: (outlets.deselect_all(), outlets.select_by_index(0)), "choosing one outlet")
    clicked = []

    def click_a_term():  # in the term explorer's output, further down the notebook
        clicked.append(
            driver.execute_script(
                "var pts = Array.from(document.querySelectorAll('#explore-term-explorer circle.te-point'))"
                ".filter(function(c) { return c.getAttribute('r') === '4'; });"
                "pts[0].dispatchEvent(new MouseEvent('click'));"
                "return document.querySelector('#explore-term-explorer .te-search').value;"
            )
        )

    changed(click_a_term, "clicking a term in the term explorer")
    assert term.get_attribute("value") == clicked[0]  # the clicked term is the panel's term
    for title in ("concordance", "stance and frames", "annotate"):
        tab = [t for t in driver.find_elements(By.CSS_SELECTOR, ".widget-tab .lm-TabBar-tab") if t.text.strip() == title][0]
        tab.click()
        time.sleep(0.5)
    driver.save_screenshot(str(SHOTS / "jupyterlab_explorer_annotate.png"))
    assert "definition" in _panel_text(driver)  # the annotate tab shows the target's codebook
    picker = [e for e in driver.find_elements(By.CSS_SELECTOR, ".widget-tab .widget-dropdown select") if e.is_displayed()][0]
    assert len(Select(picker).options) > 0 and Select(picker).first_selected_option.text.startswith("antiwar")
    assert _errors(driver) == []
