"""The chat and search pages when the vector store fails, driven with AppTest: the answer
comes from keywords with the notice once above it, never a traceback; once a stopped chroma
server is back, the next answers come without the notice, with no reload."""

import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.index import Ingestor
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from qa_app import kb as kb_module
from qa_app.kb import VECTORS_DAMAGED, VECTORS_DOWN
from tests.conftest import NOTICE, RULE, write_doc
from tests.ingest.test_damaged_index import garbage_chroma_database
from tests.ops.conftest import ChromaServer
from tests.qa_app.conftest import APP

QUESTION = "谁负责产品上市放行？"


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_doc(folder, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(folder, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(folder))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    monkeypatch.delenv("REGKB_CHROMA_URL", raising=False)
    return folder


@pytest.fixture
def server(corpus, tmp_path, monkeypatch):
    """The index's vectors on a real `chroma run`; failed stores are retried every 0.2 s."""
    monkeypatch.setattr(kb_module, "RETRY_SECONDS", 0.2)
    folder = tmp_path / "chroma"
    folder.mkdir()
    server = ChromaServer(folder).start()
    monkeypatch.setenv("REGKB_CHROMA_URL", server.url)
    Ingestor(Settings(), make_embedder(), Tokenizer()).run()
    try:
        yield server
    finally:
        server.stop()


def chat_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "chat"
    return at.run()


def ask(at: AppTest, question: str = QUESTION):
    """Ask on the chat page; the newest answer's chat message."""
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return [m for m in at.chat_message if m.name == "assistant"][-1]


def shown(message) -> list[str]:
    """A message's markdown, without the turn each answer's [n] links and card anchors carry."""
    return [re.sub(r"cite-\d+-", "cite-", m.value) for m in message.markdown]


def first_element(block):
    return block.children[min(block.children)]


def assert_answer_with_notice(message, notice: str) -> None:
    """The notice once, as a warning above the answer; the answer and its citation below it."""
    assert [w.value for w in message.warning] == [notice]
    assert first_element(message).value == notice
    assert "注册人" in "\n".join(m.value for m in message.markdown)
    assert any(e.label.startswith("[1] 《示例办法》第二条") for e in message.expander)


def search_page(query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "search"
    at.run()
    at.text_input(key="query").set_value(query).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_chat_and_search_pages_through_a_server_outage(server):
    at = chat_page()
    healthy = ask(at)
    assert not healthy.warning and "注册人" in "\n".join(m.value for m in healthy.markdown)

    server.stop()  # mid-session
    during = ask(at)
    assert_answer_with_notice(during, VECTORS_DOWN)
    assert not healthy.warning  # the earlier answer keeps what it was
    assert all(VECTORS_DOWN not in w.value for w in at.error)  # a notice, not an error page

    search = search_page("上市放行")
    assert [w.value for w in search.warning] == [VECTORS_DOWN]
    assert any(t.value.startswith("第二条 注册人应当负责产品上市放行") for t in search.text)

    # The server is back: the next answers use the vectors again, in the same session.
    server.start()
    deadline = time.monotonic() + 30
    while (answer := ask(at)).warning:
        assert time.monotonic() < deadline, "the chat page still answers without vectors"
        time.sleep(0.2)
    assert shown(answer) == shown(healthy)
    assert not search_page("上市放行").warning


def test_chat_and_search_pages_with_damaged_vector_files(corpus):
    Ingestor(Settings(), make_embedder(), Tokenizer()).run()
    garbage_chroma_database(Settings())

    at = chat_page()
    assert not at.exception and not at.error  # no error page: the app opens
    assert_answer_with_notice(ask(at), VECTORS_DAMAGED)
    search = search_page("上市放行")
    assert [w.value for w in search.warning] == [VECTORS_DAMAGED]
    assert "regkb ingest --rebuild" in VECTORS_DAMAGED and "regkb doctor" in VECTORS_DAMAGED
