"""The reviewer's own Word file, marked up: a Word comment at each finding's paragraph
(violation or partial coverage, the legal basis and the suggested wording) and the
missing clauses proposed at the end, where the reviewer can accept or delete them.

Paragraphs are found again by the text the reader made of them (Word's number plus the
paragraph text, normalised; a table row as its cells joined by " | "), so a comment sits
on the paragraph the report's location names. Everything happens in memory.
"""

from __future__ import annotations

import io

from ingest.errors import InputError
from ingest.normalise import normalise_chars
from ingest.word_numbering import WordNumbering
from qa_app.agreement.check import CheckReport, Evidence

AUTHOR = "regkb 质量协议审查"
INITIALS = "RK"
# Word shows a long comment in a narrow pane: the basis text is cut here.
MAX_BASIS_CHARS = 300


def redline(data: bytes, report: CheckReport) -> bytes:
    """``data`` is the .docx that was checked; returns a copy with the findings as comments."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise InputError("批注版只能基于 Word (.docx) 协议生成；请上传 .docx 文件后再试。") from None
    numbering = WordNumbering(document)
    anchors = []  # (text as the reader gave it, the paragraph to anchor at)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if not cells or cell._tc is not cells[-1]._tc:
                        cells.append(cell)
                text = " | ".join(c.text.strip().replace("\n", " ") for c in cells)
                anchors.append((normalise_chars(text), cells[0].paragraphs[0]))
        else:
            anchors.append((normalise_chars(numbering.label(block) + block.text), block))

    def comment(evidence: Evidence, text: str) -> bool:
        paragraph = _find(anchors, evidence.text)
        if paragraph is None:
            return False
        runs = paragraph.runs or [paragraph.add_run("")]
        document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
        return True

    for violation in report.violations:
        detail = f"：{violation.detail}" if violation.detail else ""
        comment(violation.evidence, f"【违规】{violation.rule.title}{detail}。\n"
                                    f"{_basis(violation.basis)}\n修改建议：{violation.suggestion}")
    for finding in report.findings:
        if finding.status == "partial" and finding.evidence:
            comment(finding.evidence[0], f"【部分覆盖】{finding.requirement.title}。\n"
                                         f"{_basis(finding.basis)}\n修改建议：{finding.suggestion}")
    missing = [f for f in report.findings if f.status == "missing"]
    if missing:
        document.add_paragraph("审查建议补充的条款", style="Heading 1")
        for finding in missing:
            paragraph = document.add_paragraph(f"（建议补充）{finding.requirement.title}：{finding.suggestion}")
            document.add_comment(paragraph.runs, text=f"【缺失】{finding.requirement.title}。\n{_basis(finding.basis)}",
                                 author=AUTHOR, initials=INITIALS)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _find(anchors, evidence: str):
    """The paragraph whose text holds the evidence's first line (a clause's evidence
    spans its paragraphs; a sentence's lies inside one)."""
    first = next((line.strip() for line in evidence.split("\n") if line.strip()), "")
    if not first:
        return None
    for text, paragraph in anchors:
        if text.strip() == first:
            return paragraph
    for text, paragraph in anchors:
        if first in text:
            return paragraph
    return None


def _basis(basis) -> str:
    parts = []
    for item in basis:
        text = item.text if len(item.text) <= MAX_BASIS_CHARS else item.text[:MAX_BASIS_CHARS] + "…"
        parts.append(f"{item.ref}：{text}")
    return "依据：" + "\n".join(parts)
