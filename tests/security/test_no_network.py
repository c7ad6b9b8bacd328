"""No outbound network connection at run time, and nothing of a checked agreement left behind.

The real `regkb` commands (ingest, ask, search, check, quiz, matrix), the app's
pages (through AppTest) and the Streamlit server run in subprocesses whose sockets are
guarded by ``netguard_site.py`` installed as ``sitecustomize``: any connection, datagram or
name lookup that would leave this machine is refused and recorded. Each subprocess gets a
private HOME, TMPDIR and working directory, which are searched afterwards for the
agreement's text.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest

from tests.conftest import CORPUS, NOTICE, REPO, RULE, stop_process, write_doc
from tests.qa_app.test_agreement_cli import MARKER, SECRET

GUARD = Path(__file__).with_name("netguard_site.py")
DRIVER = Path(__file__).with_name("app_driver.py")
SECONDS = 600  # per subprocess; they normally take a few seconds each


class Sandbox:
    """Private folders and an environment with the network guard installed."""

    def __init__(self, root: Path):
        self.root = root
        for name in ("guard", "home", "tmp", "work"):
            (root / name).mkdir(parents=True, exist_ok=True)
        shutil.copy(GUARD, root / "guard" / "sitecustomize.py")
        self.log = root / "network-attempts.jsonl"
        # No proxy either: a proxy would turn every lookup into one of the proxy's name.
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("REGKB_", "PYTHON", "STREAMLIT_", "HF_", "XDG_"))
                    and not k.lower().endswith("_proxy")}
        self.env.update(PYTHONPATH=str(root / "guard"), REGKB_NET_LOG=str(self.log), HOME=str(root / "home"),
                        TMPDIR=str(root / "tmp"), XDG_CACHE_HOME=str(root / "home" / ".cache"),
                        PYTHONDONTWRITEBYTECODE="1", REGKB_CORPUS=str(CORPUS))

    def attempts(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def start(self, *argv, home: Path, cwd: Path | None = None, **env) -> subprocess.Popen:
        return subprocess.Popen([str(a) for a in argv], cwd=cwd or self.root / "work",
                                env={**self.env, "REGKB_HOME": str(home), **env},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def regkb(self, *args, home: Path, **env) -> subprocess.Popen:
        return self.start(sys.executable, "-m", "qa_app", *args, home=home, **env)


def finish(process: subprocess.Popen, expected: int = 0) -> str:
    out, err = process.communicate(timeout=SECONDS)
    assert process.returncode == expected, f"{process.args}: exit {process.returncode}\n{err.decode(errors='replace')}"
    return out.decode("utf-8")


def temp_files(box: Sandbox) -> set[str]:
    """What is left in the private TMPDIR, apart from jieba's dictionary cache."""
    return {p.name for p in (box.root / "tmp").rglob("*")} - {"jieba.cache"}


def mentions(root: Path, needle: str, skip: Path) -> list[str]:
    patterns = [needle.encode(enc) for enc in ("utf-8", "gb18030", "utf-16-le")]
    return [str(p) for p in root.rglob("*")
            if p.is_file() and p != skip and any(n in p.read_bytes() for n in patterns)]


def secret_docx(path: Path) -> Path:
    document = docx.Document()
    for line in SECRET.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_the_guard_refuses_and_records_outbound_attempts_but_not_local_ones(tmp_path):
    """The guard itself can fail a test: a lookup and a connection abroad are recorded."""
    box = Sandbox(tmp_path)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        code = ("import socket, urllib.request\n"
                f"socket.create_connection(('127.0.0.1', {port})).close()\n"
                "for attempt in (lambda: urllib.request.urlopen('http://example.com', timeout=2),\n"
                "                lambda: socket.socket().connect(('93.184.215.14', 80)),\n"
                "                lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('8.8.8.8', 53))):\n"
                "    try:\n        attempt()\n    except OSError:\n        pass\n")
        finish(box.start(sys.executable, "-c", code, home=tmp_path / "kb"))
    assert [(a["kind"], a["target"]) for a in box.attempts()] == [
        ("lookup", "'example.com'"), ("connect", "('93.184.215.14', 80)"), ("sendto", "('8.8.8.8', 53)")]


@pytest.mark.slow
def test_cli_commands_make_no_outbound_connection_and_leave_no_trace_of_the_agreement(full_kb, tmp_path):
    box = Sandbox(tmp_path)
    # ingest on a small corpus, into its own home ...
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    assert "新增 2 部" in finish(box.regkb("ingest", home=tmp_path / "small-kb", REGKB_CORPUS=str(corpus)))
    # ... and everything else on a copy of the full index, side by side.
    home = tmp_path / "kb"
    shutil.copytree(full_kb.generation.parent.parent, home)
    agreement = secret_docx(box.root / "work" / "secret-agreement.docx")
    running = {
        "ask": box.regkb("ask", "注册人能不能把上市放行交给受托生产企业？", "--json", home=home),
        "search": box.regkb("search", "上市放行", "--json", home=home),
        "check": box.regkb("check", agreement, "--json", home=home),
        "quiz": box.regkb("quiz", "--n", "5", "--format", "json", "--out", "quiz.json", home=home),
        "matrix": box.regkb("matrix", "--json", "--out", "matrix.json", home=home),
    }
    # check exits 1: the agreement gives 上市放行 to the manufacturer (an error-level violation).
    out = {name: finish(process, 1 if name == "check" else 0) for name, process in running.items()}
    assert json.loads(out["ask"])["citations"]
    assert json.loads(out["search"])["hits"]
    assert MARKER in out["check"] and json.loads(out["check"])["violations"]
    assert json.loads((box.root / "work" / "quiz.json").read_text(encoding="utf-8"))
    assert json.loads((box.root / "work" / "matrix.json").read_text(encoding="utf-8"))
    assert box.attempts() == []
    # The agreement's text is nowhere but in the agreement: not in the index, the home
    # folder, the temp folder or the working folder; and no temp file is left.
    assert mentions(tmp_path, MARKER, skip=agreement) == []
    assert temp_files(box) == set()


@pytest.mark.slow
def test_app_pages_make_no_outbound_connection_and_leave_no_trace_of_the_agreement(full_kb, tmp_path):
    box = Sandbox(tmp_path)
    home = tmp_path / "kb"
    shutil.copytree(full_kb.generation.parent.parent, home)
    agreement = secret_docx(box.root / "work" / "secret-agreement.docx")
    shown = json.loads(finish(box.start(sys.executable, DRIVER, agreement, home=home)).splitlines()[-1])
    assert "上市放行" in shown["chat"] and shown["agreement"]["违规"] == "1" and shown["quiz"] == 4
    assert box.attempts() == []
    assert mentions(tmp_path, MARKER, skip=agreement) == []
    assert temp_files(box) == set()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_app_server_makes_no_outbound_connection(tmp_path):
    """`streamlit run` as `make run` starts it, from the repository so that the shipped
    .streamlit/config.toml applies; the pages a browser loads first, also with the Origin a
    reverse proxy sends."""
    box = Sandbox(tmp_path)
    port = free_port()
    server = box.start(sys.executable, "-m", "streamlit", "run", "qa_app/ui/app.py", "--server.port", port,
                       home=tmp_path / "kb", cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    local = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()[1].decode(errors="replace")
            try:
                with local.open(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                assert time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.25)
        for path in ("/", "/_stcore/host-config", "/_stcore/health"):
            request = urllib.request.Request(url + path, headers={"Origin": "https://regkb.example.org"})
            with local.open(request, timeout=10) as response:
                assert response.status == 200
        time.sleep(1)  # anything started in the background at start-up has had its chance
    finally:
        stop_process(server, timeout=20)
    assert box.attempts() == []
