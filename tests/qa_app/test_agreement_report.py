"""The check report as Markdown and Word: findings first, then the covered requirements as one
table, short enough to send on, with human references only, and safe file writing."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn

from ingest.errors import InputError
from qa_app.agreement import agreement_from_text, read_agreement, to_docx, to_markdown, write_report
from qa_app.agreement.report import to_text
from tests.qa_app.test_agreement_check import AGREEMENTS, HEAD, checker  # noqa: F401 (fixtures)
from tests.qa_app.test_agreement_requirements import corpus_clauses  # noqa: F401 (fixture)

BODY = ("第一条 本协议适用于一次性使用无菌注射器，规格型号：5ml，注册证编号：国械注准20213140456。\n"
        "第二条 乙方负责产品的生产放行和上市放行。\n"
        "第三条 因本协议产生的争议，双方协商解决；协商不成的，提交武汉仲裁委员会仲裁。\n")
# What a clause id looks like (samr-order-53-production-supervision:art34, …-guide:s2/i4/n1).
CLAUSE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+:[a-z]")
SECTIONS = ("协议双方", "违规条款", "缺失条款", "部分覆盖条款", "已覆盖要求", "审查结论")


@pytest.fixture(scope="module")
def report(checker):  # noqa: F811
    return checker.check(agreement_from_text(HEAD + BODY, "注射器协议.md"))


@pytest.fixture(scope="module")
def complete(checker):  # noqa: F811
    return checker.check(read_agreement(AGREEMENTS / "complete.md"))


def word(report) -> docx.Document:
    return docx.Document(io.BytesIO(to_docx(report)))


def blocks(document) -> list[str]:
    """The body in order: a paragraph as its text, a table as 'table:' and its first row."""
    out = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            out.append("table:" + " | ".join(cell.text for cell in block.rows[0].cells))
        else:
            out.append(block.text)
    return out


def all_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells + footer)


def test_markdown_report(report):
    text = to_markdown(report)
    assert text.startswith("# 医疗器械委托生产质量协议审查报告")
    assert "审查文件：注射器协议.md" in text
    assert "### 1. 【严重】上市放行交由受托方" in text
    assert "> 第二条 乙方负责产品的生产放行和上市放行。" in text
    assert "**法规依据**：《医疗器械生产监督管理办法》第三十四条" in text
    assert "**修改建议**：" in text
    positions = [text.index(f"## {section}") for section in SECTIONS]
    assert positions == sorted(positions)
    # Covered requirements are one table row each: requirement, category, where.
    assert "| 1 | 委托生产的产品范围 | 必备 | 第一条 |" in text
    assert "审查人：" in text and "□ 修改后通过" in text


def test_word_report_puts_the_findings_first_and_the_covered_items_in_one_table(report):
    document = word(report)
    body = blocks(document)
    assert body[0] == "医疗器械委托生产质量协议审查报告"
    assert [body.index(section) for section in SECTIONS] == sorted(body.index(section) for section in SECTIONS)
    violation = body.index("1. 【严重】上市放行交由受托方（或不经委托方审核直接上市）")
    missing = next(i for i, b in enumerate(body) if b.startswith("1. 【必备】") and i > body.index("缺失条款"))
    covered = body.index("table:序号 | 要求 | 类别 | 协议位置")
    assert violation < missing < covered
    assert body[violation + 2] == "协议原文（第二条）："
    assert body[violation + 3] == "第二条 乙方负责产品的生产放行和上市放行。"
    assert any(b.startswith("法规依据：《医疗器械生产监督管理办法》第三十四条") for b in body[violation:missing])
    assert any(b.startswith("修改建议：") for b in body[violation:missing])
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert rows == [[str(n), f.requirement.title, "必备" if f.requirement.mandatory else "建议",
                     "、".join(e.location for e in f.evidence)]
                    for n, f in enumerate((f for f in report.findings if f.status == "covered"), start=1)]


def test_word_report_is_short_for_a_complete_agreement(complete):
    document = word(complete)
    covered = sum(f.status == "covered" for f in complete.findings)
    assert covered >= 25  # every requirement is one row of the one table ...
    assert len(document.tables[0].rows) == covered + 1
    assert len(document.paragraphs) <= 40  # ... not a section quoting the regulation (was about 450)


def test_word_report_does_not_repeat_the_regulation_text(report):
    text = all_text(word(report))
    article = next(b for b in report.violations[0].basis if b.clause_id.endswith(":art34"))
    assert article.ref in text and article.text.split("\n")[0] not in text


def test_reports_show_references_not_internal_ids(report):
    ids = {b.clause_id for v in report.violations for b in v.basis} | {
        b.clause_id for f in report.findings for b in f.basis}
    assert any(i.startswith("nmpa-2022-20-quality-agreement-guide:") for i in ids)
    for shown in (all_text(word(report)), to_markdown(report), to_text(report)):
        assert not any(i in shown for i in ids)
        assert not CLAUSE_ID.search(shown)
    assert "《医疗器械委托生产质量协议编制指南》 二（二）" in to_markdown(report)


def test_word_report_has_a_sign_off_block_and_page_numbers(report):
    document = word(report)
    sign_off = document.tables[-1]
    assert [row.cells[0].text for row in sign_off.rows] == ["审查人", "日期", "结论"]
    assert [row.cells[1].text for row in sign_off.rows][:2] == ["", ""]
    footer = document.sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    # Word replaces the placeholder numbers when it lays out the pages.
    assert "".join(t.text for t in footer._p.iter(qn("w:t"))) == "第 1 页，共 1 页"


def test_terminal_listing(report):
    text = to_text(report)
    assert "[严重] 上市放行交由受托方" in text and "@ 第二条" in text
    assert "✗ 缺失" in text and "✓ 已覆盖" in text


def test_write_report_picks_the_format_by_suffix(report, tmp_path):
    assert write_report(report, tmp_path / "r.md").read_text(encoding="utf-8").startswith("# 医疗器械")
    assert write_report(report, tmp_path / "r.docx").read_bytes()[:2] == b"PK"
    with pytest.raises(InputError, match="须以 .docx 或 .md 结尾"):
        write_report(report, tmp_path / "r.pdf")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(InputError, match="是一个文件夹"):
        write_report(report, tmp_path / "dir.md")
