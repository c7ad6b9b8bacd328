"""Server mode: REGKB_CHROMA_URL puts the vectors on a real `chroma run` server.

The server is the `chroma` command the chromadb package installs, started on 127.0.0.1 with
a temporary data folder and stopped (killed if need be) when the module is done.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.errors import IndexFormatError, IndexMissingError
from ingest.index import Ingestor, chroma_server, diagnose, drop_collection, server_collection
from qa_app.answer import Answerer
from qa_app.kb import KnowledgeBase
from tests.conftest import REPO, stop_process
from tests.ops.conftest import free_port

START_TIMEOUT = 60


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


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen(
        [chroma_command(), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=server_env(), cwd=data,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, (data / "server.log").read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "chroma server did not start in time"
            time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture
def server_settings(small_settings, chroma_url):
    return replace(small_settings, chroma_url=chroma_url, prune_grace=0)


def collections(url: str) -> set[str]:
    return {c.name for c in chroma_server(url).list_collections()}


def generations(settings) -> set[str]:
    return {p.name for p in (settings.home / "generations").iterdir()}


def edit(settings, old: str, new: str) -> None:
    path = settings.corpus / "demo-rule.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_ingest_search_ask_and_prune_on_a_server(server_settings, hash_embedder, tokenizer):
    url = server_settings.chroma_url
    first = Ingestor(server_settings, hash_embedder, tokenizer).run()
    generation = server_settings.home / "generations" / first.generation
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vectors"] == {"store": "server", "url": url, "collection": server_collection(first.generation)}
    assert not (generation / "chroma").exists()  # the vectors are on the server only
    assert server_collection(first.generation) in collections(url)

    kb = KnowledgeBase.open(server_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert kb._vectors._collection.count() == manifest["indexed"]
    assert kb.dense_ranking("受托生产企业负责生产放行")[0] == "demo-rule:art3"
    assert kb.search("谁负责上市放行", 3)[0].clause.id == "demo-rule:art2"
    answer = Answerer(kb).ask("谁负责产品上市放行？")
    assert not answer.abstained and "注册人" in answer.answer
    assert answer.citations[0].clause_id == "demo-rule:art2"
    assert all(f.status != "fail" for f in diagnose(server_settings)), diagnose(server_settings)

    # Three more generations with prune_grace=0: the current one and the one it replaced
    # stay, locally and on the server; older collections are deleted from the server.
    names = [first.generation]
    for years in ("三", "四", "五"):
        edit(server_settings, "并保存生产记录", f"并保存生产记录{years}年")
        names.append(Ingestor(server_settings, hash_embedder, tokenizer).run().generation)
    kept = set(names[-2:])
    assert generations(server_settings) == kept
    assert {c for c in collections(url) if c.startswith("clauses-")} >= {server_collection(n) for n in kept}
    assert not {server_collection(n) for n in names[:-2]} & collections(url)
    assert not kb.is_current()
    kb = KnowledgeBase.open(server_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert kb.is_current() and "五年" in kb.clause("demo-rule:art3").text


def test_switching_to_the_server_reuses_vectors(small_settings, chroma_url, hash_embedder, tokenizer):
    queries = ("谁负责上市放行", "受托生产企业负责生产放行", "日常监督检查", "再次委托")

    def rankings(settings):
        kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)
        return [kb.dense_ranking(q) for q in queries]

    embedded = Ingestor(small_settings, hash_embedder, tokenizer).run()
    before = rankings(small_settings)
    settings = replace(small_settings, chroma_url=chroma_url)
    moved = Ingestor(settings, hash_embedder, tokenizer).run()
    assert "vector store changed (embedded -> http://127.0.0.1" in moved.rebuilt_because
    assert moved.embedded == 0 and moved.generation != embedded.generation
    assert rankings(settings) == before
    # Readers follow the manifest: without REGKB_CHROMA_URL they use the address it was built with.
    assert rankings(small_settings) == before
    # And back: the next embedded ingest writes a chroma/ folder again, still without embedding.
    back = Ingestor(small_settings, hash_embedder, tokenizer).run()
    assert "-> embedded" in back.rebuilt_because and back.embedded == 0
    assert (small_settings.home / "generations" / back.generation / "chroma").is_dir()


def test_missing_collection_is_reported(server_settings, hash_embedder, tokenizer):
    report = Ingestor(server_settings, hash_embedder, tokenizer).run()
    drop_collection(server_settings.chroma_url, server_collection(report.generation))
    with pytest.raises(IndexFormatError, match="is not on the chroma server .*regkb ingest --rebuild"):
        KnowledgeBase.open(server_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert [f.check for f in diagnose(server_settings) if f.status == "fail"] == ["vectors"]
    rebuilt = Ingestor(server_settings, hash_embedder, tokenizer).run(rebuild=True)
    assert KnowledgeBase.open(server_settings, embedder=hash_embedder, tokenizer=tokenizer).clause(
        "demo-rule:art2").text.startswith("第二条 注册人应当负责产品上市放行")
    assert rebuilt.generation != report.generation


def test_unreachable_server_says_what_to_do(small_settings, hash_embedder, tokenizer):
    settings = replace(small_settings, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(IndexMissingError, match="Cannot reach the chroma server .*REGKB_CHROMA_URL"):
        Ingestor(settings, hash_embedder, tokenizer).run()
    assert not any((settings.home / "generations").glob("*"))  # refused before anything was written


def test_interrupted_ingest_leaves_no_collection_behind(server_settings, hash_embedder, tokenizer, monkeypatch):
    import bm25s

    first = Ingestor(server_settings, hash_embedder, tokenizer).run()
    before = collections(server_settings.chroma_url)
    edit(server_settings, "并保存生产记录", "并保存生产记录十年")

    def crash(*args, **kwargs):  # after the vectors went to the server
        raise KeyboardInterrupt

    monkeypatch.setattr(bm25s.BM25, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        Ingestor(server_settings, hash_embedder, tokenizer).run()
    assert collections(server_settings.chroma_url) == before
    assert generations(server_settings) == {first.generation}


@pytest.mark.slow
def test_cli_with_regkb_chroma_url(small_corpus, tmp_path, chroma_url):
    """The only change for server mode is the environment variable."""
    env = {**os.environ, "REGKB_HOME": str(tmp_path / "home"), "REGKB_CORPUS": str(small_corpus),
           "REGKB_CHROMA_URL": chroma_url}
    env.pop("REGKB_EMBED_MODEL", None)

    def regkb(*args):
        done = subprocess.run([sys.executable, "-m", "qa_app", *args], env=env, cwd=REPO, capture_output=True,
                              text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        return done.stdout

    regkb("ingest")
    answer = json.loads(regkb("ask", "谁负责产品上市放行？", "--json"))
    assert answer["citations"][0]["clause_id"] == "demo-rule:art2"
    assert "OK    vectors" in regkb("doctor")  # exit code 0: usable
    current = (tmp_path / "home" / "CURRENT").read_text().strip()
    assert server_collection(current) in collections(chroma_url)
