"""Shared fixtures: no network, a deterministic text-dependent embedder, small corpora."""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


# Questions in everyday words, written for the tests that compare two ways of reading text.
EVERYDAY = ["代工厂出了质量问题谁担责？", "受托方可以把产品再交给别的工厂生产吗", "注册人要不要派人驻厂", "管代由谁任命？",
            "出厂放行由谁签字", "外包装上的标签谁来定？", "飞检可以不打招呼吗", "UDI由谁负责赋码", "年报什么时候交？",
            "跨省委托生产谁来查", "QA 负责人要什么资质", "OEM 贴牌要备案吗", "委托终止以后还要报告吗", "  ", "",
            "质量管理体系自查报告交给谁", "代工企业能不能转包给别人"]


def sample_texts() -> list[str]:
    """About four hundred real texts: lines of the shipped corpus (articles, items, headings, table
    rows) and the questions above."""
    lines = [line.strip() for path in sorted(CORPUS.glob("*.md"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 6]
    return lines[::max(1, len(lines) // 400)] + EVERYDAY


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection that would leave this machine fails the test."""
    real_connect = socket.socket.connect
    real_create_connection = socket.create_connection
    loopback = ("127.0.0.1", "::1", "localhost")

    def guarded(self, address):
        if self.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in loopback):
            return real_connect(self, address)
        raise OSError(f"network access blocked in tests: {address!r}")

    def guarded_create_connection(address, *args, **kwargs):
        if address[0] not in loopback:
            raise OSError(f"network access blocked in tests: {address!r}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)


class HashEmbedder:
    """Bag of character bigrams hashed into 256 dimensions: texts that share words get
    similar vectors, so ranking tests mean something (unlike a constant mock)."""

    name = "test-hash-bigrams"

    def __init__(self):
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:]):
                out[row, int(hashlib.md5((a + b).encode()).hexdigest()[:4], 16) % 256] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def indexed(corpus: Path, home: Path):
    """A knowledge base over the documents in ``corpus``, built in ``home`` with the test embedder."""
    from ingest.index import Ingestor
    from ingest.tokenize import Tokenizer
    from qa_app.kb import KnowledgeBase

    settings = Settings(home=home, corpus=corpus, embed_model="", threads=1)
    embedder, tokenizer = HashEmbedder(), Tokenizer()
    Ingestor(settings, embedder, tokenizer).run()
    return KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)


@pytest.fixture
def hash_embedder():
    return HashEmbedder()


@pytest.fixture(scope="session")
def tokenizer():
    from ingest.tokenize import Tokenizer

    return Tokenizer()


def doctor_failed(check: str, out: str) -> bool:
    """Whether `regkb doctor`'s text output reports ``check`` (a Finding.check name) as failed."""
    from qa_app.messages import CHECK_LABELS, CHECK_STATUS

    return f"[{CHECK_STATUS['fail']}] {CHECK_LABELS[check]}：" in out


def write_doc(folder: Path, doc_id: str, body: str, **meta) -> Path:
    front = {"id": doc_id, "title": meta.pop("title", doc_id), "status": "in_force", "level": "national", **meta}
    lines = "\n".join(f"{k}: {v}" for k, v in front.items())
    path = folder / f"{doc_id}.md"
    path.write_text(f"---\n{lines}\n---\n" + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


RULE = """
# 示例办法

### 第一章 总则

第一条 为了加强医疗器械委托生产管理，制定本办法。

第二条 注册人应当负责产品上市放行，不得委托其他企业上市放行。

### 第二章 受托生产

第三条 受托生产企业应当负责生产放行，并保存生产记录。

第四条 受托生产企业不得再次委托生产。
"""

NOTICE = """
# 示例通知

各有关单位：

一、总体要求

（一）注册人所在地省局负责对注册人开展日常监督检查。

（二）受托生产企业所在地省局负责对受托生产企业开展日常监督检查。

联系人：张三

电话：13800000000
"""


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_doc(folder, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(folder, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    return folder


@pytest.fixture
def small_settings(tmp_path, small_corpus) -> Settings:
    return Settings(home=tmp_path / "home", corpus=small_corpus, embed_model="", threads=1)


@pytest.fixture(scope="session")
def full_kb(tmp_path_factory):
    """The shipped corpus indexed once with the bundled encoder (about 12 s)."""
    from ingest.embed import make_embedder
    from ingest.index import Ingestor
    from ingest.tokenize import Tokenizer
    from qa_app.kb import KnowledgeBase

    settings = Settings(home=tmp_path_factory.mktemp("full-home"), corpus=CORPUS, embed_model="", threads=1)
    embedder, tok = make_embedder(), Tokenizer()
    Ingestor(settings, embedder, tok).run()
    return KnowledgeBase.open(settings, embedder=embedder, tokenizer=tok)


@pytest.fixture
def full_home(full_kb, tmp_path, monkeypatch) -> Path:
    """A private copy of the full-corpus index as REGKB_HOME (what the app and CLI open)."""
    target = tmp_path / "home"
    shutil.copytree(full_kb.generation.parent.parent, target)
    monkeypatch.setenv("REGKB_HOME", str(target))
    monkeypatch.setenv("REGKB_CORPUS", str(CORPUS))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    return target


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a server started by a test, killing it if it does not stop in time."""
    process.terminate()
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
