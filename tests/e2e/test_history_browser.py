"""The lasting chat history in a real browser: with no login in front, the browser's cookie
brings its conversations back after a reload, and the conversation downloads as Markdown
with its citations in full (what AppTest cannot show: the cookie and the file)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import open_page, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

QUESTION = "注册人可以委托几家企业生产同一产品？"


def test_a_conversation_comes_back_after_a_reload_and_downloads_with_its_citations(page, app_url, full_kb):
    open_page(page, app_url, "chat")
    page.get_by_placeholder("请输入问题").fill(QUESTION)
    page.keyboard.press("Enter")
    page.get_by_test_id("stExpander").filter(has_text="[1] ").first.wait_for()
    wait_idle(page)
    assert any(c["name"] == "regkb_browser" and re.fullmatch(r"[0-9a-f]{32}", c["value"])
               for c in page.context.cookies())

    page.reload()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("对话记录").wait_for()
    assert not page.get_by_test_id("stChatMessage").count()  # a new session ...
    sidebar.get_by_role("button", name=QUESTION[:23]).click()  # ... that lists the conversation
    page.get_by_test_id("stChatMessage").filter(has_text=QUESTION).wait_for()
    card = page.get_by_test_id("stExpander").filter(has_text="[1] ").first
    card.wait_for()
    wait_idle(page)

    with page.expect_download() as download:
        sidebar.get_by_role("button", name="下载 Markdown").click()
    assert re.fullmatch(r"问答记录-\d{4}-\d{2}-\d{2}\.md", download.value.suggested_filename)
    text = open(download.value.path(), encoding="utf-8").read()
    assert f"## 1. 问：{QUESTION}" in text
    cited = re.findall(r"^\[\d+\] .*（([^（）]+)）$", text, flags=re.M)
    assert cited
    for clause_id in cited:  # every citation written out, exactly as the corpus has it
        for line in full_kb.clause(clause_id).text.split("\n"):
            assert f"> {line}" in text
