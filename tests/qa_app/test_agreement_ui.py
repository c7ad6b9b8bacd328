"""The 质量协议审查 page, driven headlessly with AppTest: paste or upload, summary, filters,
evidence beside the basis, downloads, refusals, and nothing stored under REGKB_HOME.

The app opens a private copy of the full-corpus index (the requirement library cites
the real regulations), so these tests are marked slow.
"""

from __future__ import annotations

import io

import docx
import pytest
from streamlit.testing.v1 import AppTest

from tests.qa_app.test_agreement_cli import MARKER, SECRET, files_under, mentions_marker

from tests.qa_app.conftest import APP  # noqa: E402
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

pytestmark = pytest.mark.slow




@pytest.fixture
def home(full_home):
    return full_home


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "agreement"
    return ok(at.run())


def paste_and_check(text: str) -> AppTest:
    at = open_page()
    ok(at.radio(key="agreement_source").set_value("粘贴文本").run())
    ok(at.text_area(key="agreement_text").input(text).run())
    return ok(at.button(key="agreement_run").click().run())


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_page_is_registered_and_starts_empty(home):
    at = open_page()
    assert at.sidebar.radio(key="page").value == "agreement"
    assert at.subheader[0].value == "质量协议审查"
    assert not at.metric and not at.dataframe and not at.error


def test_paste_shows_summary_table_evidence_basis_and_downloads(home):
    at = paste_and_check(SECRET)
    assert not at.error
    counts = metrics(at)
    assert counts["违规"] == "1" and int(counts["缺失"]) > 10
    table = at.dataframe[0].value
    assert list(table.columns) == ["结论", "级别", "项目", "协议位置"]
    first = table.to_dict("records")[0]
    assert first["结论"] == "违规" and first["级别"] == "违规" and first["协议位置"] == "第二条"
    # The violation's row expands to the agreement's words beside the regulation's.
    assert "第二条 乙方负责产品的生产放行和上市放行。" in texts(at)
    assert any(t.startswith("第三十四条 医疗器械注册人、备案人应当负责产品上市放行") for t in texts(at))
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载 Word 报告", "下载 Markdown 报告"]


def test_filters_by_status_and_severity(home):
    at = paste_and_check(SECRET)
    ok(at.multiselect(key="agreement_status").select("违规").run())
    assert {r["结论"] for r in at.dataframe[0].value.to_dict("records")} == {"违规"}
    ok(at.multiselect(key="agreement_status").unselect("违规").select("缺失").run())
    ok(at.multiselect(key="agreement_severity").select("建议").run())
    rows = at.dataframe[0].value.to_dict("records")
    assert rows and all(r["结论"] == "缺失" and r["级别"] == "建议" for r in rows)


def test_upload_docx(home):
    buffer = io.BytesIO()
    document = docx.Document()
    for line in SECRET.splitlines():
        document.add_paragraph(line)
    document.save(buffer)
    at = open_page()
    ok(at.file_uploader[0].set_value(("协议.docx", buffer.getvalue(), DOCX_MIME)).run())
    ok(at.button(key="agreement_run").click().run())
    assert metrics(at)["违规"] == "1"
    assert any("协议.docx" in m.value.replace("\\", "") for m in at.markdown)
    # An uploaded Word file also downloads as a marked-up copy.
    assert [b.label for b in at.get("download_button")][-1] == "下载批注版协议（Word，批注标在原文上）"


def test_bad_upload_is_refused_with_the_readers_message(home):
    at = open_page()
    ok(at.file_uploader[0].set_value(("empty.txt", b"", "text/plain")).run())
    ok(at.button(key="agreement_run").click().run())
    assert "是空文件" in at.error[0].value and not at.metric


def test_nothing_pasted_asks_for_input(home):
    at = open_page()
    ok(at.button(key="agreement_run").click().run())
    assert at.warning[0].value == "请先上传协议文件或粘贴协议文本。"


def test_agreement_text_is_shown_as_text_not_markup(home):
    at = paste_and_check(SECRET.replace("第二条 乙方负责", "第二条 <b>乙方</b>**负责**"))
    assert "第二条 <b>乙方</b>**负责**产品的生产放行和上市放行。" in texts(at)
    assert all(not m.proto.allow_html for m in list(at.markdown) + list(at.caption))
    assert not any("<b>" in m.value for m in list(at.markdown) + list(at.caption))


def test_nothing_of_the_agreement_remains_under_regkb_home(home):
    before = files_under(home)
    at = paste_and_check(SECRET)
    assert any(MARKER in t for t in texts(at))
    assert files_under(home) == before
    assert mentions_marker(home) == []


def test_parties_are_shown_and_a_correction_checks_again(home):
    """Only 甲方/乙方 without roles: the page shows the assumed reading, and the reviewer's
    correction (甲方 is the manufacturer here) re-runs the check."""
    text = ("医疗器械委托生产质量协议\n甲方：沐辰医疗科技有限公司\n乙方：瑞泰医疗器械有限公司\n"
            "第一条 本协议适用于一次性使用输液器。\n第二条 甲方负责产品上市放行。\n第三条 争议协商解决。\n")
    at = paste_and_check(text)
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert any("甲方 = 沐辰医疗科技有限公司 = 委托方（注册人）（协议未写明，按惯例推定，请核对）" in m for m in shown)
    assert metrics(at)["违规"] == "0"
    boxes = {box.label: box for box in at.selectbox}
    assert boxes["甲方"].value == "委托方（注册人）" and boxes["乙方"].value == "受托方（受托生产企业）"
    for name, role in (("甲方", "受托方（受托生产企业）"), ("沐辰医疗科技有限公司", "受托方（受托生产企业）"),
                       ("乙方", "委托方（注册人）"), ("瑞泰医疗器械有限公司", "委托方（注册人）")):
        at = ok({box.label: box for box in at.selectbox}[name].set_value(role).run())
    assert metrics(at)["违规"] == "1"
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert any("甲方 = 沐辰医疗科技有限公司 = 受托方（受托生产企业）" in m for m in shown)
    assert at.dataframe[0].value.to_dict("records")[0]["协议位置"] == "第二条"
