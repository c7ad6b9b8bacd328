"""The check report as Markdown and Word: same content, verbatim quotes, safe file writing."""

from __future__ import annotations

import pytest

from ingest.errors import InputError
from ingest.readers import read_bytes
from qa_app.agreement import agreement_from_text, to_docx, to_markdown, write_report
from qa_app.agreement.report import to_text
from tests.qa_app.test_agreement_check import HEAD, checker  # noqa: F401 (fixtures)
from tests.qa_app.test_agreement_requirements import corpus_clauses  # noqa: F401 (fixture)

BODY = ("第一条 本协议适用于一次性使用无菌注射器，规格型号：5ml，注册证编号：国械注准20213140456。\n"
        "第二条 乙方负责产品的生产放行和上市放行。\n"
        "第三条 因本协议产生的争议，双方协商解决；协商不成的，提交武汉仲裁委员会仲裁。\n")


@pytest.fixture(scope="module")
def report(checker):  # noqa: F811
    return checker.check(agreement_from_text(HEAD + BODY, "注射器协议.md"))


def test_markdown_report(report):
    text = to_markdown(report)
    assert text.startswith("# 医疗器械委托生产质量协议审查报告")
    assert "审查文件：注射器协议.md" in text
    assert "违规：上市放行交由受托方" in text
    assert "> 第二条 乙方负责产品的生产放行和上市放行。" in text
    # The regulation text is quoted line by line, word for word.
    article = next(b for b in report.violations[0].basis if b.clause_id.endswith(":art34"))
    assert all(f"> {line}" in text for line in article.text.split("\n") if line.strip())
    assert "| 1 | 委托生产的产品范围 | 必备 | 已覆盖 | 第一条 |" in text
    assert "修改建议：" in text and "协议中未找到相关条款。" in text


def test_word_report_has_the_same_content(report):
    data = to_docx(report)
    text = read_bytes(data, "report.docx").text
    assert "医疗器械委托生产质量协议审查报告" in text
    assert "第二条 乙方负责产品的生产放行和上市放行。" in text
    assert "《医疗器械生产监督管理办法》第三十四条" in text
    assert "委托生产的产品范围 | 必备 | 已覆盖 | 第一条" in text


def test_terminal_listing(report):
    text = to_text(report)
    assert "[违规] 上市放行交由受托方" in text and "@ 第二条" in text
    assert "✗ 缺失" in text and "✓ 已覆盖" in text


def test_write_report_picks_the_format_by_suffix(report, tmp_path):
    assert write_report(report, tmp_path / "r.md").read_text(encoding="utf-8").startswith("# 医疗器械")
    assert write_report(report, tmp_path / "r.docx").read_bytes()[:2] == b"PK"
    with pytest.raises(InputError, match="must end in .docx or .md"):
        write_report(report, tmp_path / "r.pdf")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(InputError, match="directory"):
        write_report(report, tmp_path / "dir.md")
