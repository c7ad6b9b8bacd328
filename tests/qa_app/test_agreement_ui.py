"""The 质量协议审查 page, driven headlessly with AppTest: paste or upload, summary, filters,
evidence beside the basis (linked to 法规浏览), downloads, refusals, a result that always
belongs to the agreement on the page, and nothing stored under REGKB_HOME.

The app opens a private copy of the full-corpus index (the requirement library cites
the real regulations), so these tests are marked slow.
"""

from __future__ import annotations

import io
import re
import tomllib

import docx
import pytest
from streamlit.testing.v1 import AppTest

from ingest.readers import MAX_BYTES
from tests.conftest import REPO
from tests.qa_app.conftest import APP
from tests.qa_app.test_agreement_cli import MARKER, SECRET, files_under, mentions_marker

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ART34 = "samr-order-53-production-supervision:art34"
# What a clause id looks like (samr-order-53-production-supervision:art34, …-guide:s2/i4/n1).
CLAUSE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+:[a-z]")

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


def word_file(text: str) -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(buffer)
    return buffer.getvalue()


def upload(at: AppTest, name: str, data: bytes, mime: str = DOCX_MIME) -> AppTest:
    return ok(at.file_uploader[0].set_value((name, data, mime)).run())


def shown_text(at: AppTest) -> list[str]:
    """What the reader sees in markdown and captions: link targets left out, escapes undone."""
    shown = [re.sub(r"\]\((\?[^)]*)\)", "]", m.value) for m in list(at.markdown) + list(at.caption)]
    return [s.replace("\\", "") for s in shown]


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
    assert first["结论"] == "违规" and first["级别"] == "严重" and first["协议位置"] == "第二条"
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
    at = upload(open_page(), "协议.docx", word_file(SECRET))
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


def test_nothing_uploaded_says_what_to_do_also_when_the_file_was_too_big_to_upload(home):
    at = open_page()
    ok(at.button(key="agreement_run").click().run())
    (warning,) = at.warning
    assert warning.value.startswith("请先上传协议文件（.docx .pdf .txt .md），再点击“开始审查”。")
    assert "超过10 MB" in warning.value and "请拆分或压缩后重新上传" in warning.value
    ok(at.radio(key="agreement_source").set_value("粘贴文本").run())
    ok(at.button(key="agreement_run").click().run())
    assert [w.value for w in at.warning] == ["请先粘贴协议文本，再点击“开始审查”。"]


def test_a_file_just_over_10_mb_reaches_the_page_and_is_refused_in_chinese_once(home):
    # The server lets a little more than 10 MB through, so our reader, not the browser, refuses it ...
    limit = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    assert MAX_BYTES < limit * 1024 * 1024 <= 2 * MAX_BYTES
    # ... with one message saying what is wrong and what to do.
    line = "第一条 甲方负责上市放行。\n".encode()
    at = upload(open_page(), "大协议.txt", line * (MAX_BYTES // len(line) + 1), "text/plain")
    ok(at.button(key="agreement_run").click().run())
    (error,) = at.error
    assert "“大协议.txt”" in error.value and "超过 10 MB 的上限" in error.value and "拆分" in error.value
    assert not at.warning and not at.metric


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


def test_the_result_belongs_to_the_file_in_the_uploader(home):
    at = upload(open_page(), "协议.docx", word_file(SECRET))
    ok(at.button(key="agreement_run").click().run())
    assert metrics(at)["违规"] == "1" and at.get("download_button")
    # Removed from the uploader: the page is as before the check, nothing of the old report left.
    at = ok(at.file_uploader[0].clear().run())
    assert not at.metric and not at.dataframe and not at.get("download_button") and not at.info
    assert not any(MARKER in t for t in texts(at))
    # Replaced by another file: the old result goes, and the page says to check the new one.
    at = upload(at, "协议.docx", word_file(SECRET))
    ok(at.button(key="agreement_run").click().run())
    at = upload(at, "另一份协议.docx", word_file(SECRET.replace("乙方负责产品的生产放行和上市放行", "甲方负责产品上市放行")))
    assert not at.metric and not at.dataframe and not at.get("download_button")
    assert at.info[0].value == "协议已更换或修改，原来的审查结果已清除：请点击“开始审查”审查当前的协议。"
    ok(at.button(key="agreement_run").click().run())
    assert metrics(at)["违规"] == "0" and not at.info
    assert any("另一份协议.docx" in m for m in shown_text(at))


def test_the_result_belongs_to_the_pasted_text(home):
    at = paste_and_check(SECRET)
    assert metrics(at)["违规"] == "1"
    # Filtering and reading the result keep it; changing the text drops it.
    ok(at.multiselect(key="agreement_status").select("违规").run())
    assert metrics(at)["违规"] == "1"
    ok(at.text_area(key="agreement_text").input(SECRET.replace("乙方负责产品的生产放行和", "乙方负责产品的生产放行，甲方负责")).run())
    assert not at.metric and "请点击“开始审查”" in at.info[0].value
    ok(at.button(key="agreement_run").click().run())
    assert metrics(at)["违规"] == "0" and not at.info
    # Switching to an upload with nothing uploaded leaves no result from the text either.
    ok(at.radio(key="agreement_source").set_value("上传文件").run())
    assert not at.metric and not at.info


def test_labels_are_not_doubled(home):
    at = paste_and_check(SECRET)
    labels = [e.label for e in at.expander] + [m.label for m in at.multiselect]
    assert labels and not [label for label in labels if re.search(r"(\w+)（\1）", label)]
    findings = [label for label in labels if not label.startswith(("更正双方", "按"))]
    assert findings[0].startswith("违规（严重）：上市放行交由受托方")
    severities = at.multiselect(key="agreement_severity")
    assert severities.options == ["严重", "警告", "必备", "建议"]
    assert set(severities.options).isdisjoint(at.multiselect(key="agreement_status").options)


def test_the_basis_is_a_reference_linked_to_the_browser_not_an_id(home):
    at = paste_and_check(SECRET)
    links = [m.value for m in at.markdown if "](?page=browse" in m.value]
    # The same link the chat's citations have: ?page=browse&clause=<id>, under the reference.
    assert any(m.endswith(f"](?page=browse&clause={ART34})") and "医疗器械生产监督管理办法" in m for m in links)
    # A notice cited by its number also gets its title.
    assert any(m.startswith("[2024年第38号公告 第（八）条 · ") for m in [re.sub(r"\\(.)", r"\1", m) for m in links])
    assert not [t for t in shown_text(at) if CLAUSE_ID.search(t)]


def test_an_empty_filter_result_says_what_to_do(home):
    at = paste_and_check(SECRET)
    ok(at.multiselect(key="agreement_status").select("违规").run())
    ok(at.multiselect(key="agreement_severity").select("建议").run())
    assert at.info[0].value == "没有符合筛选条件的项目：请更改或清空上面的筛选条件。"


def test_a_broken_requirement_library_is_reported_in_chinese(home, monkeypatch):
    from qa_app.agreement import check
    from qa_app.agreement.requirements import LibraryError

    def broken(*args, **kwargs):
        raise LibraryError("Requirement library requirements.yaml: basis cites unknown clause ids: gmp-2025:art999.")

    monkeypatch.setattr(check, "load_library", broken)
    at = paste_and_check(SECRET)
    (error,) = at.error
    assert error.value.startswith("审查要求库无法加载") and "请联系系统管理员" in error.value
    assert "gmp-2025" not in error.value and not at.metric
