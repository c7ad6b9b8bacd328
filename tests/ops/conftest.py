"""Operations tests talk to real local servers (a `chroma run` process) over loopback; the
shared network guard in tests/conftest.py lets loopback through and blocks everything else."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import stop_process

START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chroma_command() -> str:
    """The `chroma` script of the interpreter running the tests (the venv's), else PATH's."""
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.exists() else shutil.which("chroma")
    assert found, "the chromadb package should install the `chroma` command"
    return found


def server_env() -> dict:
    # Nothing the server could phone home with: telemetry off, no proxy settings inherited.
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return {**env, "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY": "False", "DO_NOT_TRACK": "1"}


class ChromaServer:
    """A real `chroma run` on 127.0.0.1 with its data in ``folder``; it can be stopped and
    started again on the same port and data, as an operator restarting it would."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> ChromaServer:
        with open(self.folder / "server.log", "ab") as log:
            self.process = subprocess.Popen(
                [chroma_command(), "run", "--path", str(self.folder / "db"), "--host", "127.0.0.1",
                 "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env=server_env(), cwd=self.folder,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.process.poll() is None, (self.folder / "server.log").read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            assert time.monotonic() < deadline, "chroma server did not start in time"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None
