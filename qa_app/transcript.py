"""A conversation written out for the file: Markdown or Word, every citation in full.

Each turn gives the question, how it was read, the answer with its parties and confidence,
and every cited clause with its reference, its document's title and its text exactly as it
stands in the corpus, so the record can be filed or forwarded without the app.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from qa_app.answer import Answer, Citation

TITLE = "问答记录"
NOTE = "回答由 regkb 法规库依据所引条文生成，引用条文照录原文；请以法规原文为准。"
STATUS_NOTES = {"superseded": "已被替代", "reference": "参考"}
MEDIA_TYPES = {"md": "text/markdown",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

Turn = tuple[str, Answer]


def file_name(fmt: str, when: dt.datetime | None = None) -> str:
    """问答记录-2026-12-06.md: the name the browser saves the export under."""
    return f"{TITLE}-{(when or dt.datetime.now()):%Y-%m-%d}.{fmt}"


def citation_heading(number: int, citation: Citation) -> str:
    """[1] 《示例办法》第二条 · 示例办法（已被替代）: the title is left out where the ref already names it."""
    heading = f"[{number}] {citation.ref}"
    if citation.doc_title and citation.doc_title not in citation.ref:
        heading += f" · {citation.doc_title}"
    note = STATUS_NOTES.get(citation.status)
    return heading + (f"（{note}）" if note else "")


def numbered(answer: Answer) -> list[str | int]:
    """The answer text with each citation it names numbered as its card: text pieces, each
    followed by the number of the citation whose ref ends it (「…」（《办法》第二条）-> … 第二条, 1)."""
    numbers: dict[str, int] = {}
    for rank, citation in enumerate(answer.citations, start=1):
        numbers.setdefault(citation.ref, rank)
    if not numbers:
        return [answer.answer]
    # Longest first: 《办法》第三十条 is not read as 《办法》第三条; and a ref that goes on (指南 二 in
    # 指南 二（一）, an item the cards do not show) is not the card's.
    refs = re.compile("(?:" + "|".join(re.escape(ref) for ref in sorted(numbers, key=len, reverse=True))
                      + r")(?![（(\d.])")
    parts: list[str | int] = []
    last = 0
    for match in refs.finditer(answer.answer):
        parts += [answer.answer[last:match.end()], numbers[match.group()]]
        last = match.end()
    return parts + [answer.answer[last:]]


def marked(answer: Answer) -> str:
    """The answer text with [n] after each citation it names (n: the citation's number below it)."""
    return "".join(p if isinstance(p, str) else f"[{p}]" for p in numbered(answer))


def plain_text(answer: Answer, *, quote_chars: int | None = None, ids: bool = False) -> str:
    """The answer to paste or send as one message: its text with the [n] marks, then each
    citation under its number (ref, and the clause text, cut at ``quote_chars`` if given)."""
    lines = [marked(answer)]
    if answer.citations:
        lines += ["", _cited_label(answer)]
    for rank, citation in enumerate(answer.citations, start=1):
        text = citation.text
        if quote_chars is not None:
            text = " ".join(text.split())
            text = text if len(text) <= quote_chars else text[:quote_chars] + "…"
        lines.append(f"[{rank}] {citation.ref}" + (f"（{citation.clause_id}）" if ids else "") + f"：{text}")
    return "\n".join(lines)


def _cited_label(answer: Answer) -> str:
    # An answer that found no basis shows the closest clauses: related, not cited.
    return "可能相关的条文：" if answer.abstained else "引用条文："


def facts(answer: Answer) -> list[str]:
    """The lines under an answer: the parties it names, how sure it is, how the question was read."""
    lines = []
    if answer.parties:
        lines.append("涉及主体：" + "、".join(answer.parties))
    if not answer.abstained:
        lines.append(f"可信度：{answer.confidence_level}")
    readings = ([answer.resolved_question] if answer.resolved_question else []) + list(answer.readings)
    if readings:
        lines.append("理解为：" + "；".join(readings))
    return lines


# -- Markdown ------------------------------------------------------------------------------


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in text.split("\n")]


def to_markdown(turns: Sequence[Turn], *, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    out = [f"# {TITLE}", "", f"- 导出时间：{when:%Y-%m-%d %H:%M}", f"- 问答轮数：{len(turns)}", "", f"_{NOTE}_", ""]
    for number, (question, answer) in enumerate(turns, start=1):
        out += [f"## {number}. 问：{' '.join(question.split())}", ""]
        out += [f"- {fact}" for fact in facts(answer)] + ([""] if facts(answer) else [])
        out += ["**答：**", "", *_quote(marked(answer)), ""]
        if answer.citations:
            out += [f"**{_cited_label(answer)}**", ""]
        for rank, citation in enumerate(answer.citations, start=1):
            out += [f"{citation_heading(rank, citation)}（{citation.clause_id}）", "", *_quote(citation.text), ""]
    return "\n".join(out).rstrip() + "\n"


# -- Word ----------------------------------------------------------------------------------


def to_docx(turns: Sequence[Turn], *, when: dt.datetime | None = None) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    when = when or dt.datetime.now()
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Word picks the East Asian font separately; without it Chinese may fall back oddly.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.core_properties.title = TITLE

    document.add_heading(TITLE, level=0)
    document.add_paragraph(f"导出时间：{when:%Y-%m-%d %H:%M}　问答轮数：{len(turns)}")
    document.add_paragraph(NOTE).runs[0].italic = True
    for number, (question, answer) in enumerate(turns, start=1):
        document.add_heading(f"{number}. 问：{' '.join(question.split())}", level=1)
        for fact in facts(answer):
            document.add_paragraph(fact, style="List Bullet")
        paragraph = document.add_paragraph()
        paragraph.add_run("答：").bold = True
        paragraph.add_run(marked(answer))
        if answer.citations:
            document.add_paragraph().add_run(_cited_label(answer)).bold = True
        for rank, citation in enumerate(answer.citations, start=1):
            document.add_paragraph().add_run(f"{citation_heading(rank, citation)}（{citation.clause_id}）").bold = True
            for line in citation.text.split("\n"):
                if line.strip():
                    document.add_paragraph(line, style="Quote")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(turns: Sequence[Turn], fmt: str, *, when: dt.datetime | None = None) -> bytes:
    """The conversation as the bytes of a file: ``fmt`` is 'md' or 'docx'."""
    if fmt == "md":
        return to_markdown(turns, when=when).encode("utf-8")
    if fmt == "docx":
        return to_docx(turns, when=when)
    raise ValueError(f"unknown format {fmt!r}")
