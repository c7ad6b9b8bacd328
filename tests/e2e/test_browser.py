"""The running app in a real browser: ask and see a citation, upload an agreement and see
a violation, generate a quiz and download it.

Each flow leaves a screenshot for a person to look at, in ``$REGKB_E2E_SCREENSHOTS`` if set,
else in the session's ``e2e-screenshots`` temp folder.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from qa_app.quiz.export import from_json
from tests.conftest import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

AGREEMENT = REPO / "evals" / "agreements" / "re-entrustment.md"


def open_page(page, app_url: str, key: str):
    page.goto(f"{app_url}/?page={key}")
    # The page is drawn once the knowledge base is open and the sidebar knows the page.
    page.get_by_test_id("stSidebar").get_by_text("功能").wait_for()
    return page


def squeezed(text: str) -> str:
    # The browser lays paragraphs out with blank lines between them.
    return re.sub(r"\s+", "", text)


def wait_idle(page) -> None:
    """Streamlit shows a status widget while a script run is in progress."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")


def open_popover(page, button):
    """Click a popover's button until its body shows: on a loaded machine the first click can land
    while the page is still settling and be lost (a CI run failed that way)."""
    body = page.get_by_test_id("stPopoverBody")
    for _ in range(4):
        if not body.is_visible():
            button.click()
        try:
            body.wait_for(timeout=15_000)
            return body
        except PlaywrightTimeout:
            continue
    body.wait_for()
    return body


def test_ask_a_question_and_see_a_citation_card(page, app_url, full_kb, screenshots):
    open_page(page, app_url, "chat")
    page.get_by_placeholder("请输入问题").fill("谁负责产品上市放行？")
    page.keyboard.press("Enter")
    card = page.get_by_test_id("stExpander").filter(has_text="[1] ").first
    card.wait_for()
    wait_idle(page)
    question, answer = (page.get_by_test_id("stChatMessage").nth(i).inner_text() for i in (0, 1))
    assert "谁负责产品上市放行？" in question and "注册人" in answer
    # The answer's [1] leads to the first card, which stays closed (the answer stays in view) until
    # opened: its link names the clause, and the copyable quote is the citation followed by that
    # clause exactly as it stands in the corpus.
    number = page.get_by_test_id("stChatMessage").nth(1).get_by_role("link", name="[1]").first
    assert number.get_attribute("href") == "#cite-1-1"
    card.locator("summary").click()
    link = card.get_by_role("link", name="在法规浏览中打开").get_attribute("href")
    assert link.startswith("?page=browse&clause=")
    clause = full_kb.clause(unquote(link.split("clause=", 1)[1]))
    # The copyable citation sits behind the card's 复制引用 button.
    body = open_popover(page, card.get_by_role("button", name="复制引用"))
    code = body.get_by_test_id("stCode").first
    code.wait_for()
    ref, _, text = code.inner_text().partition("：")
    assert ref == clause.ref
    assert squeezed(text) == squeezed(clause.text)
    page.get_by_test_id("stChatMessage").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=screenshots / "chat.png")


def test_upload_an_agreement_and_see_a_violation(page, app_url, screenshots):
    open_page(page, app_url, "agreement")
    page.locator("input[type=file]").set_input_files(AGREEMENT)
    page.get_by_test_id("stFileChipName").filter(has_text=AGREEMENT.name).wait_for()
    page.get_by_role("button", name="开始审查").click()
    violations = page.get_by_test_id("stMetric").filter(has_text="违规")
    violations.wait_for()
    wait_idle(page)
    assert int(violations.get_by_test_id("stMetricValue").inner_text()) >= 1
    # The parties as read come first (to correct them), then the findings: violations first, each
    # with the agreement's words beside the legal basis.
    findings = page.get_by_test_id("stExpander").filter(has_not_text="更正双方的认定")
    first = findings.first
    title = first.locator("summary").inner_text().splitlines()[-1]  # after the icon's name
    assert title.startswith("违规（严重）："), title
    first.locator("summary").click()
    first.get_by_text("法规依据").wait_for()  # the finding's two columns are drawn one after the other
    assert "转委托" in first.inner_text()
    assert "法规依据" in first.inner_text()
    page.get_by_role("button", name="下载 Word 报告").wait_for()  # drawn once the report is built
    page.screenshot(path=screenshots / "agreement.png")


def test_generate_a_quiz_and_download_it(page, app_url, full_kb, screenshots, tmp_path):
    open_page(page, app_url, "quiz")
    page.get_by_role("button", name="生成题目").click()
    page.get_by_role("tab", name="导出").wait_for()
    wait_idle(page)
    preview = page.get_by_role("tabpanel").first.inner_text()
    assert "共 10 题" in preview
    page.screenshot(path=screenshots / "quiz-preview.png")
    page.get_by_role("tab", name="导出").click()
    button = page.get_by_role("button", name="下载（培训题库-10题.json）")  # named after the quiz
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "培训题库-10题.json"
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    items = from_json(target.read_text(encoding="utf-8"))
    assert len(items) == 10
    for item in items:
        assert item.citation.text == full_kb.clause(item.citation.clause_id).text
    page.screenshot(path=screenshots / "quiz-export.png")


def test_streamlits_own_labels_are_chinese(page, app_url, screenshots, tmp_path):
    """The page is declared Chinese and the uploader speaks it (qa_app/ui/locale.py), down to the
    tooltip of a file that is too large; the search box's hint too."""
    open_page(page, app_url, "agreement")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    zone = page.get_by_test_id("stFileUploaderDropzone")
    zone.get_by_text("选择文件").wait_for()
    assert "每个文件不超过 10MB" in zone.inner_text() and not re.search(r"Upload|per file", zone.inner_text())
    too_big = tmp_path / "协议.pdf"
    too_big.write_bytes(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    page.locator("input[type=file]").set_input_files(too_big)
    page.get_by_test_id("stFileChipName").filter(has_text=too_big.name).hover()
    page.get_by_text(re.compile("文件不能超过 10(\\.0)?MB")).wait_for()
    page.screenshot(path=screenshots / "uploader-zh.png")
    assert "File must be" not in page.locator("body").inner_text()

    open_page(page, app_url, "search")
    page.get_by_placeholder("例如：谁负责产品上市放行？").fill("上市放行")
    page.get_by_text("按 Enter 键确认").wait_for()
