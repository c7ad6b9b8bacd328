"""The chat page's lasting history, driven headlessly with AppTest on a small real index: a new
AppTest run with the same user is a reload of the page."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.index import Ingestor
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from qa_app.history import FILE_NAME, History
from tests.conftest import NOTICE, RULE, write_doc
from tests.qa_app.conftest import APP

ZHANG = {"is_logged_in": True, "email": "zhang@example.org"}
LI = {"is_logged_in": True, "email": "li@example.org"}
FIRST, SECOND = "谁负责产品上市放行？", "受托生产企业能不能再次委托生产？"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The small index, built once; each test works on a copy."""
    root = tmp_path_factory.mktemp("history-ui")
    corpus = root / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    Ingestor(Settings(home=root / "home", corpus=corpus, embed_model=""), make_embedder(), Tokenizer()).run()
    return corpus, root / "home"


@pytest.fixture
def home(built, tmp_path, monkeypatch) -> Path:
    corpus, index = built
    shutil.copytree(index, tmp_path / "home")
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(corpus))
    for name in ("REGKB_EMBED_MODEL", "REGKB_HISTORY", "REGKB_HISTORY_DAYS", "REGKB_USER_HEADER"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "home"


def chat_page(user: dict | None) -> AppTest:
    """The chat page opened afresh (a reload) by ``user`` (signed in through st.login)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.user = user
    at.query_params["page"] = "chat"
    return checked(at.run())


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    return checked(at.chat_input[0].set_value(question).run())


def sidebar_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.sidebar.button]


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.sidebar.button if b.label == label).click()
    return checked(at.run())


def test_a_conversation_is_there_after_a_reload_and_opens_with_its_answers(home):
    at = chat_page(ZHANG)
    ask(at, FIRST)
    ask(at, "那生产放行呢？")
    assert (home / FILE_NAME).exists()

    again = chat_page(ZHANG)
    assert not again.chat_message and FIRST in sidebar_buttons(again)  # a new page, the old conversation listed
    click(again, FIRST)
    assert [m.value for m in again.text] == [FIRST, "那生产放行呢？"]
    assert [e.label for e in again.expander if e.label.startswith("[1]")][0].startswith("[1] 《示例办法》第二条")
    assert any(c.value.startswith("理解为：谁负责产品生产放行？") for c in again.caption)
    # A follow-up asked in the reopened conversation is read against its last turn.
    ask(again, "依据是什么？")
    assert len(History.open(Settings()).turns(f"login:{ZHANG['email']}", again.session_state["conversation_id"])) == 3


def test_another_user_does_not_see_the_conversation(home):
    ask(chat_page(ZHANG), FIRST)
    assert FIRST not in sidebar_buttons(chat_page(LI))


def test_new_conversation_starts_an_empty_chat_and_both_are_listed_newest_first(home):
    at = chat_page(ZHANG)
    ask(at, FIRST)
    click(at, "新建对话")
    assert not at.chat_message and any(b.label == FIRST for b in at.main.button)  # the examples again
    ask(at, SECOND)
    listed = sidebar_buttons(at)
    assert listed.index(SECOND) < listed.index(FIRST)


def test_rename_then_delete_the_open_conversation(home):
    at = chat_page(ZHANG)
    ask(at, FIRST)
    at.sidebar.text_input[0].set_value("上市放行的职责")
    click(at, "保存标题")
    assert "上市放行的职责" in sidebar_buttons(chat_page(ZHANG))
    click(at, "删除当前对话")
    assert not at.chat_message and "上市放行的职责" not in sidebar_buttons(at)
    assert History.open(Settings()).conversations(f"login:{ZHANG['email']}") == []


def test_delete_all_asks_for_confirmation_first(home):
    at = chat_page(ZHANG)
    ask(at, FIRST)
    click(at, "新建对话")
    ask(at, SECOND)
    ask(chat_page(LI), FIRST)
    click(at, "删除全部对话")
    assert any("将删除您的全部 2 个对话" in w.value for w in at.sidebar.warning)
    click(at, "取消")
    assert FIRST in sidebar_buttons(at)
    click(at, "删除全部对话")
    click(at, "确认删除全部对话")
    assert FIRST not in sidebar_buttons(at) and not at.chat_message
    assert FIRST in sidebar_buttons(chat_page(LI))  # only this user's conversations went


def test_the_conversation_can_be_downloaded_as_markdown_and_word(home):
    at = chat_page(ZHANG)
    assert not at.sidebar.get("download_button")  # nothing to export yet
    ask(at, FIRST)
    assert [b.label for b in at.sidebar.get("download_button")] == ["下载 Markdown", "下载 Word（.docx）"]


def test_history_off_keeps_nothing_and_says_so(home, monkeypatch):
    monkeypatch.setenv("REGKB_HISTORY", "off")
    at = chat_page(ZHANG)
    ask(at, FIRST)
    assert any("REGKB_HISTORY=off" in c.value for c in at.sidebar.caption)
    assert not (home / FILE_NAME).exists()
    assert FIRST not in sidebar_buttons(chat_page(ZHANG))


def test_without_a_login_the_browser_is_given_its_own_id(home):
    at = chat_page(None)
    ask(at, FIRST)
    browser = at.session_state["browser_id"]
    assert FIRST in sidebar_buttons(at)  # kept under this browser's id ...
    assert [c.title for c in History.open(Settings()).conversations(f"browser:{browser}")] == [FIRST]
    assert FIRST not in sidebar_buttons(chat_page(None))  # ... which another browser does not have


class Request:
    """What st.context reads from the browser's request, which AppTest cannot set."""

    def __init__(self, headers: dict[str, str]):
        from streamlit.runtime.context import StreamlitCookies, StreamlitHeaders

        self.headers = StreamlitHeaders(headers.items())
        self.cookies = StreamlitCookies({})


@pytest.mark.parametrize("configured", [True, False])
def test_the_proxy_header_names_the_user_only_when_configured(home, monkeypatch, configured):
    import streamlit

    if configured:
        monkeypatch.setenv("REGKB_USER_HEADER", "X-Forwarded-User")
    monkeypatch.setattr(streamlit, "context", Request({"x-forwarded-user": "zhang"}))
    at = ask(chat_page(None), FIRST)
    users = {row[0] for row in sqlite3.connect(home / FILE_NAME).execute("SELECT user FROM conversations")}
    assert users == ({"proxy:zhang"} if configured else {f"browser:{at.session_state['browser_id']}"})


def test_older_conversations_wait_behind_an_expander(home):
    from qa_app.answer import Answer
    from qa_app.ui.history_panel import RECENT

    store, user = History.open(Settings()), f"login:{ZHANG['email']}"
    for n in range(RECENT + 2):
        store.append(user, f"c{n}", f"第{n}个问题", Answer(f"第{n}个问题", "回答。", (), (), False, 0.8))
    at = chat_page(ZHANG)
    older = next(e for e in at.sidebar.expander if e.label.startswith("更早的对话"))
    assert older.label == "更早的对话（2）" and {b.label for b in older.button} == {"第0个问题", "第1个问题"}
    click(at, "第0个问题")
    assert [m.value for m in at.text] == ["第0个问题"]
