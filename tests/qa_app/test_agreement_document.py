"""Reading an agreement: numbered clauses with locations, every line kept, refusals."""

from __future__ import annotations

import io

import pytest

from ingest.errors import InputError
from qa_app.agreement.document import (
    MAX_CLAUSES,
    agreement_from_bytes,
    agreement_from_text,
    read_agreement,
    split_clauses,
)
from tests.conftest import REPO

AGREEMENTS = REPO / "evals" / "agreements"

ARTICLES = """医疗器械委托生产质量协议
甲方（委托方）：武汉某某医疗科技有限公司
地址：武汉市东湖新技术开发区
第一章 总则
第一条 为明确双方责任，制定本协议。
第二条 本协议适用于一次性使用无菌注射器。
1. 产品名称：一次性使用无菌注射器
2. 规格型号：1ml、5ml
第三条 按照第五条约定的要求，乙方负责生产放行。
第二章 放行
第四条 甲方负责上市放行。
联系人：张三
"""


def locations(text: str) -> list[str]:
    return [c.location for c in split_clauses(text)]


def test_articles_keep_their_items_and_chapters_are_headings():
    clauses = split_clauses(ARTICLES)
    assert [c.location for c in clauses] == ["首部", "第一章", "第一条", "第二条", "第三条", "第二章", "第四条"]
    second = clauses[3]
    assert second.text.endswith("2. 规格型号：1ml、5ml") and second.path == ("第一章 总则",)
    # A contact line after an article is part of it, not lost.
    assert clauses[-1].text == "第四条 甲方负责上市放行。\n联系人：张三"


def test_a_cross_reference_does_not_open_an_article():
    assert "第五条" not in locations(ARTICLES)


def test_outline_numbering_gives_chained_locations():
    text = "一、总则\n（一）本协议适用于注射器。\n（二）乙方负责生产。\n二、放行\n（一）甲方负责上市放行。\n"
    assert locations(text) == ["一", "一（一）", "一（二）", "二", "二（一）"]


@pytest.mark.parametrize("mark", [".", "、"])
def test_items_under_an_outline_number_keep_the_mark_the_reader_sees(mark):
    """九、售后 / 1. 投诉由…: 九、1. as on the page (九1. reads as a number of its own)."""
    text = f"一、加工产品\n1{mark} 产品名称：纱布块。\n2{mark} 规格：5cm×5cm。\n二、售后\n1{mark} 投诉由甲方处理。\n"
    assert locations(text) == ["一", f"一、1{mark}", f"一、2{mark}", "二", f"二、1{mark}"]


def test_decimal_numbering_and_markdown_title():
    text = "# 质量协议\n甲方：某公司\n1 目的\n本协议明确责任。\n2 范围\n2.1 适用于X产品。\n2.1.1 规格见附件。\n3 放行\n"
    clauses = split_clauses(text)
    assert [c.location for c in clauses] == ["首部", "1", "2", "2.1", "2.1.1", "3"]
    assert clauses[0].text == "# 质量协议\n甲方：某公司"
    assert clauses[4].path == ("2 范围", "2.1 适用于X产品。")


def test_text_without_numbering_is_split_into_paragraphs():
    text = "甲方负责上市放行。\n\n乙方负责生产放行。\n双方每年评审本协议。"
    assert locations(text) == ["第1段", "第2段", "第3段"]


def test_every_line_lands_in_exactly_one_clause():
    for path in AGREEMENTS.iterdir():
        if path.suffix in (".md", ".txt", ".docx", ".pdf"):
            agreement = read_agreement(path)
            lines = [l.strip() for l in agreement.text.split("\n") if l.strip()]
            kept = [l.strip() for c in agreement.clauses for l in c.text.split("\n") if l.strip()]
            assert kept == lines, path.name
            assert all(agreement.text[c.span[0]:c.span[1]] == c.text for c in agreement.clauses)


def test_pdf_locations_carry_the_page():
    agreement = read_agreement(AGREEMENTS / "ten-year-term.pdf")
    assert agreement.clauses[-1].page == 2
    assert agreement.clauses[-1].location.endswith("（第2页）")
    assert any(c.location == "第一条（第1页）" for c in agreement.clauses)


def test_gbk_text_and_docx_tables_are_read():
    thin = read_agreement(AGREEMENTS / "thin-processing-contract.txt")
    assert "定作方（甲方）" in thin.text and thin.clauses[1].location == "一"
    docx = read_agreement(AGREEMENTS / "adverse-events-to-manufacturer.docx")
    assert "一次性使用无菌导尿管 | 8Fr～24Fr | 粤械注准20212140777" in docx.text


def _pdf(blank: bool, encrypt: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if encrypt:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("name,data,phrase", [
    ("empty.txt", b"", "是空文件"),
    ("blank.md", "  \n\n ".encode(), "没有可读取的文字"),
    ("sheet.xlsx", b"PK\x03\x04", "的文件类型 .xlsx 不受支持"),
    ("scan.pdf", _pdf(blank=True), "没有文字层（可能是扫描件）"),
    ("locked.pdf", _pdf(blank=True, encrypt=True), "已加密，需要密码才能打开"),
    ("old.docx", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "设了密码的（加密的）Office 文件"),
    ("huge.txt", b"a" * (10 * 1024 * 1024 + 1), "超过 10 MB 的上限"),
])
def test_bad_uploads_are_refused_with_a_clear_message(name, data, phrase):
    with pytest.raises(InputError, match=phrase):
        agreement_from_bytes(data, name)


def test_too_many_clauses_is_refused():
    text = "\n".join(f"{n}. 条款内容" for n in range(1, MAX_CLAUSES + 2))
    with pytest.raises(InputError, match=f"超过一次审查的上限 {MAX_CLAUSES:,} 个.*拆分"):
        agreement_from_text(text)


def test_pasted_text_refusals():
    with pytest.raises(InputError, match="粘贴的文本是空的"):
        agreement_from_text("   \n ")
    with pytest.raises(InputError, match="粘贴的文本超过 10 MB 的上限"):
        agreement_from_text("协" * (4 * 1024 * 1024))


def test_missing_file_is_refused():
    with pytest.raises(InputError, match="找不到文件"):
        read_agreement(AGREEMENTS / "no-such-agreement.docx")


# -- real-world shapes: Word automatic numbering, a cover page, tables, Arabic 第6条 -------


def word_agreement() -> bytes:
    """A .docx as companies send them: a cover page, articles numbered by Word (第%1条,
    sub-items %1.%2, none of it in the paragraph text) and a responsibility table under
    its caption."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="42">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/>'
        '<w:suff w:val="space"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/>'
        '</w:lvl></w:abstractNum>'))
    num_id = numbering.add_num(42).numId

    def numbered(text: str, level: int) -> None:
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    for line in ("医疗器械委托生产质量协议", "协议编号：QA-2025-018", "委托方：上海沐辰医疗科技有限公司",
                 "受托方：苏州瑞泰医疗器械有限公司", "二〇二五年三月"):
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    numbered("产品范围", 0)
    numbered("本协议适用于一次性使用输液器，规格型号见附件。", 1)
    numbered("文件和记录", 0)
    numbered("受托方应当保存生产记录，保存期限不少于产品寿命期。", 1)
    numbered("委托方有权查阅受托方的生产记录。", 1)
    numbered("职责分工", 0)
    numbered("双方职责见表2。", 1)
    document.add_paragraph("表2 职责分工")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("事项", "委托方", "受托方"), ("生产放行", "", "✓"), ("上市放行", "", "✓")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    numbered("争议解决", 0)
    numbered("争议由双方协商解决。", 1)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_word_automatic_numbering_gives_the_numbers_word_shows():
    agreement = agreement_from_bytes(word_agreement(), "word.docx")
    by_location = {c.location: c for c in agreement.clauses}
    assert [c.location for c in agreement.clauses] == ["首部", "第一条", "第二条", "第三条", "第四条"]
    # The cover page is the header, not numbered paragraphs ("第5段").
    assert by_location["首部"].text.startswith("医疗器械委托生产质量协议") and "二〇二五年三月" in by_location["首部"].text
    assert by_location["第二条"].text == ("第二条 文件和记录\n2.1 受托方应当保存生产记录，保存期限不少于产品寿命期。\n"
                                        "2.2 委托方有权查阅受托方的生产记录。")
    assert "表2 职责分工\n事项 | 委托方 | 受托方\n生产放行 |  | ✓" in by_location["第三条"].text


def test_arabic_article_numbers_are_articles():
    text = ("医疗器械委托生产协议\n甲方：某某公司\n第1条 产品范围\n本合同产品为医用口罩。\n第2条 价格\n单价0.5元。\n"
            "第 3 条 交货\n乙方按月交货。\n第４条 质量\n按第2条约定执行。\n")
    clauses = agreement_from_text(text).clauses  # full-width ４ is read as 4
    assert [c.location for c in clauses] == ["首部", "第1条", "第2条", "第 3 条", "第4条"]
    # A cross-reference (按第2条约定) stays inside its article.
    assert clauses[-1].text == "第4条 质量\n按第2条约定执行。"


def test_pasted_text_is_normalised():
    agreement = agreement_from_text("第⼀条 受托⽅负责⽣产放⾏。\n第⼆条 委托方负责上市放⾏。\n第三条 争议协商解决。")
    assert [c.location for c in agreement.clauses] == ["第一条", "第二条", "第三条"]
    assert agreement.clauses[0].text == "第一条 受托方负责生产放行。"


@pytest.mark.parametrize("entry", ["{n}\u3000{title}\t{page}", "{n} {title}……………{page}", "{n} {title} ........ {page}"])
def test_a_table_of_contents_opens_no_clause(entry):
    """A Word 目录 page lists the articles with their page numbers before the text: the
    articles are located where their text is, not at their entries in the contents."""
    titles = ["协议双方", "产品范围", "放行", "期限"]
    numbers = ["第一条", "第二条", "第三条", "第四条"]
    contents = "\n".join(entry.format(n=n, title=t, page=k + 2) for k, (n, t) in enumerate(zip(numbers, titles)))
    body = "\n".join(f"{n} {t}\n乙方负责{t}相关工作。" for n, t in zip(numbers, titles))
    clauses = split_clauses(f"医疗器械委托生产质量协议\n目录\n{contents}\n{body}\n")
    assert [c.location for c in clauses] == ["首部", *numbers]
    assert clauses[3].text == "第三条 放行\n乙方负责放行相关工作。"
    assert clauses[0].text.endswith(contents.split("\n")[-1])
