"""`regkb serve` running for real: a subprocess on a free loopback port over a private copy of
the full-corpus index, with the network guard of the no-network tests installed (any attempt
to leave the machine is refused and recorded) and a private TMPDIR, so a test can check that
an upload left nothing behind. Tests call it over HTTP with httpx and the openai client."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, stop_process
from tests.ops.conftest import free_port
from tests.security.test_no_network import Sandbox

TOKEN = "test-token-0123456789abcdef"
STARTUP_SECONDS = 120


@dataclass
class Server:
    url: str
    home: Path
    box: Sandbox
    log: Path

    def client(self, token: str | None = TOKEN) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


def start_server(root: Path, home: Path, *args: str, **env: str) -> tuple[subprocess.Popen, Sandbox, Path, int]:
    box = Sandbox(root)
    port = free_port()
    log = root / "server.log"
    with open(log, "wb") as out:
        # PYTHONPATH: the guard, then this checkout (not whichever regkb the venv has installed).
        process = subprocess.Popen(
            [sys.executable, "-m", "qa_app", "serve", "--port", str(port), *args], cwd=box.root / "work",
            env={**box.env, "REGKB_HOME": str(home), "PYTHONPATH": f"{box.root / 'guard'}{os.pathsep}{REPO}", **env},
            stdout=out, stderr=subprocess.STDOUT)
    return process, box, log, port


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"regkb serve exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.25)
    pytest.fail(f"regkb serve not healthy after {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def server(full_kb, tmp_path_factory) -> Server:
    root = tmp_path_factory.mktemp("api")
    home = root / "regkb-home"
    shutil.copytree(full_kb.generation.parent.parent, home)
    process, box, log, port = start_server(root, home, REGKB_API_TOKEN=TOKEN)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield Server(url, home, box, log)
    finally:
        stop_process(process, timeout=10)
