"""The chroma server stopped mid-session, as a chat user in the browser meets it: the answer
comes from keywords with a notice (no traceback), and once the server is back the next answers
are whole again, without a reload."""

import shutil
import time

import pytest

from ingest.index import Ingestor
from ingest.settings import Settings
from qa_app import kb as kb_module
from tests.conftest import CORPUS
from tests.e2e.conftest import running_app
from tests.e2e.test_browser import open_page, wait_idle
from tests.ops.conftest import ChromaServer

DOWN = "向量服务不可用"


@pytest.fixture
def server_app(playwright_api, full_kb, tmp_path):
    """A real `chroma run` holding the vectors of a copy of the full index, and the app on it."""
    server = ChromaServer(tmp_path).start()
    home = tmp_path / "home"
    shutil.copytree(full_kb.generation.parent.parent, home)
    # Moving the index onto the server reuses its vectors (no embedding).
    Ingestor(Settings(home=home, corpus=CORPUS, embed_model="", threads=1, chroma_url=server.url),
             full_kb.embedder, full_kb.tokenizer).run()
    try:
        with running_app(home, tmp_path, REGKB_CHROMA_URL=server.url) as url:
            yield url, server
    finally:
        server.stop()


def ask(page, question: str) -> str:
    """The text of the assistant's answer to ``question``, once it is drawn under it."""
    before = page.get_by_test_id("stChatMessage").count()
    page.get_by_placeholder("请输入问题").fill(question)
    page.keyboard.press("Enter")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        texts = page.get_by_test_id("stChatMessage").all_inner_texts()
        if len(texts) >= before + 2 and question in texts[-2] and "thumb_up" in texts[-1]:
            wait_idle(page)
            return page.get_by_test_id("stChatMessage").last.inner_text()
        time.sleep(0.3)
    raise AssertionError(f"no answer to {question!r} within 60 s")


def test_a_chat_user_sees_a_notice_not_a_traceback_while_the_server_is_down(page, server_app, screenshots):
    url, server = server_app
    open_page(page, url, "chat")
    assert DOWN not in ask(page, "谁负责产品上市放行？")

    server.stop()
    answer = ask(page, "受托生产企业可以把产品再委托给别的企业生产吗？")
    assert DOWN in page.content() and "不得再次委托" in answer
    shown = page.locator("body").inner_text()
    assert "Traceback" not in shown and "chromadb" not in shown and not page.get_by_test_id("stException").count()
    page.screenshot(path=screenshots / "chat-server-down.png")

    server.start()
    time.sleep(kb_module.RETRY_SECONDS + 1)  # the store is tried again in the background at most this often
    # The question that finds the store due for a retry starts it in the background and is answered
    # at once by keywords; the answers after it use the vectors again (no reload in between).
    for question in ("注册人可以委托生产吗？", "谁负责产品的生产放行？", "受托生产企业负责什么放行？", "谁来组织召回？"):
        answer = ask(page, question)
        if DOWN not in answer:
            break
        time.sleep(3)
    assert DOWN not in answer
