"""The running app and a real browser for the end-to-end tests.

`streamlit run qa_app/ui/app.py` is started as a subprocess on 127.0.0.1 over a private copy
of the full-corpus index, and Debian's headless Chromium (``/usr/bin/chromium``) is driven
through Playwright. Nothing is downloaded: Playwright is pointed at the system browser, and
the browser is told to resolve no host but this machine. Without Chromium or Playwright the
tests are skipped here, but fail under CI (``CI`` set), where `.ci/run` installs Chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import CORPUS, REPO, stop_process

CHROMIUM = Path(os.environ.get("REGKB_CHROMIUM", "/usr/bin/chromium"))
APP = "qa_app/ui/app.py"
STARTUP_SECONDS = 60
# --headless itself comes from Playwright's headless=True; a fresh profile from the
# user-data-dir below. The rest keeps the browser from phoning home, and the resolver
# rule makes any host but this machine unreachable.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_api():
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as api:
        yield api


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"streamlit not healthy after {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')}")


@contextmanager
def running_app(home: Path, root: Path, **env_extra: str):
    """`streamlit run` on a free local port over the index in ``home``; yields its URL."""
    env = {k: v for k, v in os.environ.items() if k != "REGKB_EMBED_MODEL"}
    env.update(REGKB_HOME=str(home), REGKB_CORPUS=str(CORPUS), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               **env_extra)
    port = free_port()
    log = root / "streamlit.log"
    with open(log, "wb") as out:
        # cwd = the repository, so .streamlit/config.toml (no telemetry, local only) applies.
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", APP, "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield url
    finally:
        stop_process(process, timeout=10)


@pytest.fixture(scope="session")
def app(playwright_api, full_kb, tmp_path_factory) -> SimpleNamespace:
    """The app, running on a free local port over a private copy of the full index: its ``url``
    and its REGKB_HOME (``home``), where it keeps feedback and history."""
    root = tmp_path_factory.mktemp("e2e-app")
    home = root / "home"
    shutil.copytree(full_kb.generation.parent.parent, home)
    with running_app(home, root) as url:
        yield SimpleNamespace(url=url, home=home)


@pytest.fixture(scope="session")
def app_url(app) -> str:
    return app.url


@pytest.fixture(scope="session")
def browser(playwright_api, tmp_path_factory):
    """Headless Chromium with a fresh profile; downloads are accepted."""
    context = playwright_api.chromium.launch_persistent_context(
        tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), headless=True,
        args=CHROMIUM_ARGS, accept_downloads=True, viewport={"width": 1400, "height": 1100}, locale="zh-CN")
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    wanted = os.environ.get("REGKB_E2E_SCREENSHOTS")
    if not wanted:
        return tmp_path_factory.mktemp("e2e-screenshots")
    Path(wanted).mkdir(parents=True, exist_ok=True)
    return Path(wanted)


@pytest.fixture
def page(browser):
    """A new tab per test (each test gets its own Streamlit session). A script error shown
    on the page or a JavaScript error in the browser fails the test."""
    tab = browser.new_page()
    tab.set_default_timeout(60_000)
    script_errors: list[str] = []
    tab.on("pageerror", lambda error: script_errors.append(str(error)))
    try:
        yield tab
        shown = [e.inner_text() for e in tab.get_by_test_id("stException").all()]
        assert not shown, f"the app showed an exception: {shown}"
        assert not script_errors, f"JavaScript errors in the browser: {script_errors}"
    finally:
        tab.close()
