"""The three jobs as a new user does them in the browser, start to end, in Chinese.

A QA manager asks, follows a reference, rates the answer (changing her mind and saying why) and
finds the conversation again after a reload; a reviewer uploads the Word file she was sent,
downloads the report and removes the file; a trainer builds a two-topic set, tries to save a
broken item and downloads the set. After every step the page is read for English (the text,
and the title / aria-label / placeholder a screen reader speaks): only technical tokens
(file types, ids, icon names) may remain.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

from tests.conftest import REPO
from tests.e2e.test_browser import open_page, wait_idle
from tests.test_messages import english_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WORD_AGREEMENT = REPO / "evals" / "agreements" / "holdout3-word-autonumber.docx"
QUESTION = "代工厂把产品交给另一家厂做，这样合规吗？"

# What a screen reader speaks besides the text: hidden icons (aria-hidden) are left out.
_SPOKEN = """() => {
  const out = [document.body.innerText];
  for (const e of document.querySelectorAll('[title],[aria-label],[placeholder]')) {
    if (e.closest('[aria-hidden="true"]')) continue;
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = e.getAttribute(a);
      if (v) out.push(v);
    }
  }
  return out;
}"""


def assert_chinese(page) -> None:
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    english = sorted({s for text in page.evaluate(_SPOKEN) for s in english_in(text)})
    assert english == [], f"English on the page: {english}"


def feedback_rows(home: Path, question: str) -> list[dict]:
    path = home / "feedback.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    return [r for r in rows if r.get("question") == question]


def test_a_qa_manager_asks_follows_a_reference_rates_and_finds_the_conversation_again(page, app):
    open_page(page, app.url, "chat")
    assert_chinese(page)
    page.get_by_placeholder("请输入问题").fill(QUESTION)
    page.keyboard.press("Enter")
    answer = page.get_by_test_id("stChatMessage").filter(has_text="可信度").last
    answer.wait_for()
    wait_idle(page)
    assert re.search(r"可信度：[高中低]", answer.inner_text())
    # The answer's [1] jumps to the first card (the cards start closed, the answer stays in view).
    answer.get_by_role("link", name="[1]").first.click()
    assert page.evaluate("location.hash").startswith("#cite-")
    assert_chinese(page)

    # 👍, then 👎 with a reason: one row per click, the last one is what counts.
    answer.get_by_role("radio", name="有帮助", exact=True).click()
    wait_idle(page)
    answer.get_by_role("radio", name="没有帮助", exact=True).click()
    reason = answer.get_by_label("哪里不对？（可选）")
    reason.fill("没说清楚能不能转委托")
    answer.get_by_role("button", name="提交原因").click()
    # The thanks for the reason, not the one the rating click showed (a loaded CI run read the rows too early).
    page.get_by_text("已记录您的评价和原因").first.wait_for()
    wait_idle(page)
    rows = feedback_rows(app.home, QUESTION)
    assert [r["rating"] for r in rows] == [1, 0, 0]
    assert rows[-1]["comment"] == "没说清楚能不能转委托" and rows[-1]["citations"]
    assert_chinese(page)

    # A reload starts a new session; the conversation is in the sidebar and opens with its answer.
    page.reload()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("对话记录").wait_for()
    sidebar.get_by_role("button", name=QUESTION[:12]).first.click()
    page.get_by_test_id("stChatMessage").filter(has_text="可信度").last.wait_for()
    wait_idle(page)
    assert QUESTION in page.get_by_test_id("stChatMessage").first.inner_text()
    assert_chinese(page)


def test_a_reviewer_checks_a_word_agreement_downloads_the_report_and_removes_the_file(page, app, tmp_path):
    open_page(page, app.url, "agreement")
    assert_chinese(page)
    page.locator("input[type=file]").set_input_files(WORD_AGREEMENT)
    page.get_by_test_id("stFileChipName").first.wait_for()
    page.get_by_role("button", name="开始审查").click()
    page.get_by_test_id("stMetric").filter(has_text="违规").wait_for()
    page.get_by_test_id("stExpander").filter(has_text="违规（严重）").first.wait_for()
    wait_idle(page)
    body = page.locator("body").inner_text()
    assert "委托方（注册人）" in body  # the party mapping is shown first
    assert "违规（严重）" in body and "违规（违规）" not in body
    assert_chinese(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Word 报告").click()
    report = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    cells = [cell.text for table in report.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in report.paragraphs] + cells)
    assert "审查人" in text  # the sign-off block
    assert not re.search(r"[a-z0-9-]+:[a-z]\w*", text)  # citations as the regulation names them, no clause ids

    # Removing the file takes its report with it.
    page.get_by_test_id("stFileChipDeleteBtn").first.click()
    page.get_by_test_id("stMetric").filter(has_text="违规").wait_for(state="detached")
    assert_chinese(page)


def test_a_trainer_builds_a_two_topic_set_cannot_save_a_broken_item_and_downloads_it(page, app, tmp_path):
    open_page(page, app.url, "quiz")
    assert_chinese(page)
    topics = page.get_by_test_id("stMultiSelect").filter(has_text="主题")
    for topic in ("放行", "委托生产"):
        topics.locator("input").fill(topic)
        page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="生成题目").click()
    page.get_by_role("tab", name="导出").wait_for()
    wait_idle(page)
    assert_chinese(page)

    # The first single-choice item, its option B made the same as A: refused, and said why.
    editor = page.get_by_test_id("stExpander").filter(has_text="修改").first
    editor.locator("summary").click()
    first = editor.get_by_label("选项 A").input_value()
    editor.get_by_label("选项 B").fill(first)
    editor.get_by_label("选项 B").press("Enter")  # applied before the save is clicked
    wait_idle(page)
    editor.get_by_role("button", name="保存修改").click()
    page.get_by_text(re.compile(r"第\d+题未保存")).wait_for()
    wait_idle(page)
    assert_chinese(page)

    page.get_by_role("tab", name="导出").click()
    button = page.get_by_role("button", name=re.compile(r"培训题库-放行、委托生产-\d+题\.json"))
    with page.expect_download() as download:
        button.click()
    assert re.fullmatch(r"培训题库-放行、委托生产-\d+题\.json", download.value.suggested_filename)
    items = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["items"]
    assert all(len(set(i["options"])) == len(i["options"]) for i in items if i.get("options"))
    assert_chinese(page)
