"""Server mode: REGKB_CHROMA_URL puts the vectors on a real `chroma run` server.

The server is the `chroma` command the chromadb package installs, started on 127.0.0.1 with
a temporary data folder and stopped (killed if need be) when the module is done. The outage
tests stop and restart a server of their own mid-session, or freeze it (SIGSTOP: it keeps
its port and never answers): answers go on from keywords with a notice, within
REGKB_VECTOR_TIMEOUT for a frozen server, and come back whole, without a reload, once the
server is back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest

from ingest.errors import IndexMissingError
from ingest.index import Ingestor, chroma_server, diagnose, drop_collection, server_collection
from qa_app import cli
from qa_app import kb as kb_module
from qa_app.answer import Answerer
from qa_app.kb import VECTORS_DAMAGED, VECTORS_DOWN, KnowledgeBase, Vectors
from qa_app.retrieval import Filter
from tests.conftest import REPO
from tests.ops.conftest import ChromaServer, free_port


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    try:
        yield server.url
    finally:
        server.stop()


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
    assert kb.notice is None  # the vectors answer from the server
    assert kb.retriever.dense("受托生产企业负责生产放行")[0] == "demo-rule:art3"
    assert kb.search("谁负责上市放行", 3)[0].clause.id == "demo-rule:art2"
    # Filters run inside the server's search too (chroma `where` on the stored document id).
    assert kb.retriever.dense("谁负责上市放行", Filter.of(["demo-rule"]))[0] == "demo-rule:art2"
    assert {c.split(":")[0] for c in kb.retriever.dense("谁负责上市放行", Filter.of(["demo-notice"]))} == {"demo-notice"}
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
        return [kb.retriever.dense(q) for q in queries]

    embedded = Ingestor(small_settings, hash_embedder, tokenizer).run()
    before = rankings(small_settings)
    settings = replace(small_settings, chroma_url=chroma_url)
    moved = Ingestor(settings, hash_embedder, tokenizer).run()
    assert "向量库位置变了（embedded -> http://127.0.0.1" in moved.rebuilt_because
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
    # Answers go on from keywords, and tell the user to have the index rebuilt.
    kb = KnowledgeBase.open(server_settings, embedder=hash_embedder, tokenizer=tokenizer)
    answer = Answerer(kb).ask("谁负责产品上市放行？")
    assert answer.notice == VECTORS_DAMAGED and answer.citations[0].clause_id == "demo-rule:art2"
    vectors = next(f for f in diagnose(server_settings) if f.check == "vectors")
    assert vectors.status == "fail" and "不在 chroma 服务器" in vectors.detail
    assert [f.check for f in diagnose(server_settings) if f.status == "fail"] == ["vectors"]
    rebuilt = Ingestor(server_settings, hash_embedder, tokenizer).run(rebuild=True)
    assert KnowledgeBase.open(server_settings, embedder=hash_embedder, tokenizer=tokenizer).clause(
        "demo-rule:art2").text.startswith("第二条 注册人应当负责产品上市放行")
    assert rebuilt.generation != report.generation


def test_unreachable_server_says_what_to_do(small_settings, hash_embedder, tokenizer):
    settings = replace(small_settings, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(IndexMissingError, match="无法连接 chroma 服务器 .*REGKB_CHROMA_URL"):
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


# -- outages: a server of the test's own, stopped and started again ----------------------

QUESTION = "谁负责产品上市放行？"


@pytest.fixture
def own_server(tmp_path, monkeypatch):
    """A chroma server only this test uses; failed stores are retried every 0.2 s (not 10)."""
    monkeypatch.setattr(kb_module, "RETRY_SECONDS", 0.2)
    folder = tmp_path / "own-chroma"
    folder.mkdir()
    server = ChromaServer(folder).start()
    try:
        yield server
    finally:
        server.stop()


def answered_again(answerer: Answerer, timeout: float = 30):
    """Ask until an answer comes without a notice: the background retry found the server."""
    deadline = time.monotonic() + timeout
    while True:
        answer = answerer.ask(QUESTION)
        if answer.notice is None:
            return answer
        assert time.monotonic() < deadline, "still answering without vectors after the server came back"
        time.sleep(0.1)


def test_a_server_stopped_mid_session_leaves_keyword_answers_with_a_notice_and_heals(
        own_server, small_settings, hash_embedder, tokenizer, monkeypatch):
    settings = replace(small_settings, chroma_url=own_server.url)
    Ingestor(settings, hash_embedder, tokenizer).run()
    kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)
    answerer = Answerer(kb)
    before = answerer.ask(QUESTION)
    hits_before = kb.search("受托生产企业负责生产放行", 5)
    assert before.notice is None and all(h.dense_rank for h in hits_before)

    own_server.stop()
    during = answerer.ask(QUESTION)
    assert during.notice == VECTORS_DOWN and during.notice.startswith("向量服务不可用，当前仅按关键词检索")
    assert not during.abstained and "注册人" in during.answer
    assert during.citations[0].clause_id == "demo-rule:art2"
    hits = kb.search("受托生产企业负责生产放行", 5)
    assert hits[0].clause.id == "demo-rule:art3" and all(h.dense_rank is None for h in hits)
    assert kb.notice == VECTORS_DOWN

    # No retry storm: requests do not wait for the server, and it is tried at most once per
    # RETRY_SECONDS (0.2 s here), one try at a time, whatever the number of requests.
    tries = []
    real_open = kb_module.open_vectors
    monkeypatch.setattr(kb_module, "open_vectors", lambda *args: tries.append(1) or real_open(*args))
    started, asked = time.monotonic(), 0
    while time.monotonic() - started < 1.0:
        assert answerer.ask(QUESTION).notice == VECTORS_DOWN
        asked += 1
    assert asked > 20 and 1 <= len(tries) <= 1.0 / 0.2 + 1

    # The server comes back: without a reload, answers use the vectors again, exactly as before.
    own_server.start()
    after = answered_again(answerer)
    assert after.to_dict() == before.to_dict()
    assert kb.search("受托生产企业负责生产放行", 5) == hits_before and kb.notice is None


def test_a_reader_started_while_the_server_is_down_answers_and_heals(own_server, small_settings, hash_embedder,
                                                                     tokenizer):
    settings = replace(small_settings, chroma_url=own_server.url)
    Ingestor(settings, hash_embedder, tokenizer).run()
    expected = Answerer(KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)).ask(QUESTION)
    own_server.stop()

    kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)  # no error page
    answerer = Answerer(kb)
    assert kb.notice == VECTORS_DOWN
    answer = answerer.ask(QUESTION)
    assert answer.notice == VECTORS_DOWN and answer.citations[0].clause_id == "demo-rule:art2"

    own_server.start()
    assert answered_again(answerer).to_dict() == expected.to_dict()


def test_a_hung_server_costs_a_request_the_timeout_at_most_then_nothing_and_heals(
        own_server, small_settings, hash_embedder, tokenizer, monkeypatch):
    """chromadb's HTTP client waits for ever; a frozen server must not freeze the answers."""
    timeout = 1.0
    monkeypatch.setenv("REGKB_VECTOR_TIMEOUT", str(timeout))
    settings = replace(small_settings, chroma_url=own_server.url)
    Ingestor(settings, hash_embedder, tokenizer).run()
    kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)
    answerer = Answerer(kb)
    before = answerer.ask(QUESTION)
    assert before.notice is None

    def timed(call):
        started = time.monotonic()
        return call(), time.monotonic() - started

    own_server.process.send_signal(signal.SIGSTOP)
    try:
        # The request that finds the server hung waits for it at most the timeout ...
        during, waited = timed(lambda: answerer.ask(QUESTION))
        assert during.notice == VECTORS_DOWN and not during.abstained and "注册人" in during.answer
        assert during.citations[0].clause_id == "demo-rule:art2"
        assert timeout <= waited < timeout + 2
        # ... and later ones not at all, while the background retries wait on the server.
        asked, took = timed(lambda: [answerer.ask(QUESTION) for _ in range(10)])
        assert {a.notice for a in asked} == {VECTORS_DOWN} and took < timeout
        # Retries go on in the background, but a server that stays hung does not collect
        # threads: no retry starts while MAX_HUNG_CALLS calls are still waiting on it.
        deadline = time.monotonic() + 6 * timeout
        while time.monotonic() < deadline:
            assert answerer.ask(QUESTION).notice == VECTORS_DOWN
            time.sleep(0.05)
        waiting = [t for t in threading.enumerate() if t.name == "regkb-vector-call"]
        assert 2 <= len(waiting) <= Vectors.MAX_HUNG_CALLS
        # A reader started meanwhile opens within the timeout and answers from keywords.
        (fresh, opened), waited = timed(lambda: (lambda k: (k, Answerer(k).ask(QUESTION)))(
            KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)))
        assert fresh.notice == VECTORS_DOWN and opened.citations[0].clause_id == "demo-rule:art2"
        assert waited < timeout + 3
    finally:
        own_server.process.send_signal(signal.SIGCONT)

    # Once the server runs again both readers use the vectors again, without a reload.
    assert answered_again(answerer).to_dict() == before.to_dict()
    assert answered_again(Answerer(fresh)).to_dict() == before.to_dict()
    assert kb.notice is None and fresh.notice is None


def test_the_command_line_says_the_server_is_down(own_server, small_settings, hash_embedder, tokenizer,
                                                 monkeypatch, capsys):
    settings = replace(small_settings, chroma_url=own_server.url)
    Ingestor(settings, hash_embedder, tokenizer).run()
    own_server.stop()
    monkeypatch.setenv("REGKB_HOME", str(settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(settings.corpus))
    monkeypatch.setenv("REGKB_CHROMA_URL", own_server.url)
    monkeypatch.setattr(cli, "_components", lambda settings: (hash_embedder, tokenizer))

    assert cli.main(["ask", QUESTION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["notice"] == VECTORS_DOWN and data["citations"][0]["clause_id"] == "demo-rule:art2"
    assert cli.main(["ask", QUESTION]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"注意：{VECTORS_DOWN}\n") and "注册人" in captured.out
    assert "Traceback" not in captured.err
    assert cli.main(["search", "上市放行", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["notice"] == VECTORS_DOWN and data["hits"][0]["clause_id"] == "demo-rule:art2"
    # A batch says it once, on stderr, and keeps its lines as id<TAB>answer.
    batch = settings.home / "questions.jsonl"
    batch.write_text('{"id": 1, "question": "谁负责产品上市放行？"}\n{"id": 2, "question": "谁负责生产放行？"}\n',
                     encoding="utf-8")
    assert cli.main(["ask", "--batch", str(batch)]) == 0
    captured = capsys.readouterr()
    assert [line.split("\t")[0] for line in captured.out.splitlines()] == ["1", "2"]
    assert captured.err.count(VECTORS_DOWN) == 1


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
    assert "[正常] 向量库：" in regkb("doctor")  # exit code 0: usable
    current = (tmp_path / "home" / "CURRENT").read_text().strip()
    assert server_collection(current) in collections(chroma_url)


@pytest.mark.slow
def test_the_command_line_answers_and_exits_while_the_server_is_hung(own_server, small_corpus, tmp_path):
    """A call left waiting on the frozen server must not keep `regkb ask` from exiting."""
    env = {**os.environ, "REGKB_HOME": str(tmp_path / "home"), "REGKB_CORPUS": str(small_corpus),
           "REGKB_CHROMA_URL": own_server.url, "REGKB_VECTOR_TIMEOUT": "1"}
    env.pop("REGKB_EMBED_MODEL", None)

    def regkb(*args, timeout=180):
        return subprocess.run([sys.executable, "-m", "qa_app", *args], env=env, cwd=REPO, capture_output=True,
                              text=True, timeout=timeout)

    assert regkb("ingest").returncode == 0
    own_server.process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        done = regkb("ask", QUESTION, "--json", timeout=120)
        took = time.monotonic() - started
    finally:
        own_server.process.send_signal(signal.SIGCONT)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    assert answer["notice"] == VECTORS_DOWN and answer["citations"][0]["clause_id"] == "demo-rule:art2"
    assert took < 60, f"{took:.0f} s"
