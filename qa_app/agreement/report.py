"""The check result as a document a reviewer can send on: Markdown or Word (.docx).

Both carry the same content in the same order: a summary, the violations, a table of
all requirements, then every finding with the agreement's own words, the verbatim
regulation text it is measured against and, where something is wrong, a suggested
clause. The report is built in memory; writing it to a file is the caller's choice.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ingest.errors import InputError
from qa_app.agreement.check import CheckReport, Finding, Violation

STATUS_LABELS = {"covered": "已覆盖", "partial": "部分覆盖", "missing": "缺失"}
SEVERITY_LABELS = {"error": "违规", "warning": "警告"}
LEVEL_LABELS = {True: "必备", False: "建议"}
FORMATS = {".md": "md", ".markdown": "md", ".docx": "docx"}
NOTE = ("本报告由 regkb 按要求库自动生成，逐项列出协议原文和法规原文供审查人员核对；"
        "结论不代替审查人员的判断。")


def headline(report: CheckReport) -> str:
    s = report.summary
    return (f"已覆盖 {s['covered']} 项，部分覆盖 {s['partial']} 项，缺失 {s['missing']} 项；"
            f"违规 {s['violations']} 处。必备要求覆盖 {mandatory_covered(report)}。")


def mandatory_covered(report: CheckReport) -> str:
    mandatory = [f for f in report.findings if f.requirement.mandatory]
    done = sum(f.status == "covered" for f in mandatory)
    return f"{done}/{len(mandatory)}"


def party_lines(report: CheckReport) -> list[str]:
    """How the check read the parties: 甲方 = 沐辰公司 = 委托方（注册人）, one line each,
    marked where the agreement leaves the role open."""
    if not report.parties:
        return ["未从协议中读出双方的定义；按通常用法：甲方/委托方 = 注册人，乙方/受托方 = 受托生产企业。"]
    return [party.describe() + ("（协议未写明，按惯例推定，请核对）" if party.ambiguous else "")
            for party in report.parties]


# -- terminal --------------------------------------------------------------------------

_MARKS = {"covered": "✓", "partial": "◐", "missing": "✗"}


def to_text(report: CheckReport) -> str:
    """A compact listing for a terminal: violations first, then every requirement."""
    out = [f"质量协议审查：{report.document}（{report.clauses} 个条款）", headline(report), "",
           "协议双方：", *(f"  {line}" for line in party_lines(report)), ""]
    if report.violations:
        out.append("违规条款：")
        for violation in report.violations:
            out.append(f"  [{SEVERITY_LABELS[violation.severity]}] {violation.rule.title}  @ {violation.evidence.location}")
            out.append(f"      协议：{violation.evidence.text}")
            out.append(f"      依据：{'；'.join(b.ref for b in violation.basis)}")
        out.append("")
    out.append("要求核对：")
    for finding in report.findings:
        where = "、".join(e.location for e in finding.evidence)
        line = (f"  {_MARKS[finding.status]} {STATUS_LABELS[finding.status]:<4} "
                f"{LEVEL_LABELS[finding.requirement.mandatory]}  {finding.requirement.title}")
        if where:
            line += f"  @ {where}"
        if finding.status == "partial" and finding.lacking:
            line += f"  （未见：{'、'.join(finding.lacking)}）"
        out.append(line)
    return "\n".join(out) + "\n"


# -- Markdown --------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in text.split("\n")]


def to_markdown(report: CheckReport, *, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    out = [
        "# 医疗器械委托生产质量协议审查报告",
        "",
        f"- 审查文件：{report.document}",
        f"- 生成时间：{when:%Y-%m-%d %H:%M}",
        f"- 条款数：{report.clauses}",
        f"- 结论：{headline(report)}",
        "",
        f"_{NOTE}_",
        "",
        "## 协议双方",
        "",
        *(f"- {_cell(line)}" for line in party_lines(report)),
        "",
        "## 违规条款",
        "",
    ]
    if not report.violations:
        out += ["未发现违规条款。", ""]
    for number, violation in enumerate(report.violations, start=1):
        out += _md_violation(number, violation)
    out += ["## 要求核对一览", "", "| 序号 | 要求 | 类别 | 结论 | 协议位置 |", "| ---: | --- | --- | --- | --- |"]
    for number, finding in enumerate(report.findings, start=1):
        where = "、".join(e.location for e in finding.evidence) or "—"
        out.append(f"| {number} | {_cell(finding.requirement.title)} | {LEVEL_LABELS[finding.requirement.mandatory]} | "
                   f"{STATUS_LABELS[finding.status]} | {_cell(where)} |")
    out += ["", "## 逐项说明", ""]
    for number, finding in enumerate(report.findings, start=1):
        out += _md_finding(number, finding)
    return "\n".join(out).rstrip() + "\n"


def _md_violation(number: int, violation: Violation) -> list[str]:
    out = [f"### {number}. {SEVERITY_LABELS[violation.severity]}：{violation.rule.title}", ""]
    if violation.detail:
        out += [f"问题：{violation.detail}。", ""]
    out += [f"协议原文（{violation.evidence.location}）：", "", *_quote(violation.evidence.text), ""]
    out += _md_basis(violation.basis)
    out += [f"修改建议：{violation.suggestion}", ""]
    return out


def _md_finding(number: int, finding: Finding) -> list[str]:
    requirement = finding.requirement
    out = [f"### {number}. {requirement.title}（{LEVEL_LABELS[requirement.mandatory]}）：{STATUS_LABELS[finding.status]}",
           "", requirement.description, ""]
    if finding.evidence:
        for evidence in finding.evidence:
            out += [f"协议原文（{evidence.location}）：", "", *_quote(evidence.text), ""]
    else:
        out += ["协议中未找到相关条款。", ""]
    out += _md_basis(finding.basis)
    if finding.suggestion:
        out += [f"修改建议：{finding.suggestion}", ""]
    return out


def _md_basis(basis) -> list[str]:
    out = ["法规依据：", ""]
    for item in basis:
        out += [f"- **{item.ref}**（{item.clause_id}）", "", *_quote(item.text), ""]
    return out


# -- Word ------------------------------------------------------------------------------


def to_docx(report: CheckReport, *, when: dt.datetime | None = None) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    when = when or dt.datetime.now()
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Word picks the East Asian font separately; without it Chinese may fall back oddly.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.core_properties.title = f"质量协议审查报告：{report.document}"

    document.add_heading("医疗器械委托生产质量协议审查报告", level=0)
    for label, value in (("审查文件", report.document), ("生成时间", f"{when:%Y-%m-%d %H:%M}"),
                         ("条款数", str(report.clauses)), ("结论", headline(report))):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}：").bold = True
        paragraph.add_run(value)
    document.add_paragraph(NOTE).runs[0].italic = True

    document.add_heading("协议双方", level=1)
    for line in party_lines(report):
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("违规条款", level=1)
    if not report.violations:
        document.add_paragraph("未发现违规条款。")
    for number, violation in enumerate(report.violations, start=1):
        heading = document.add_heading(f"{number}. {SEVERITY_LABELS[violation.severity]}：{violation.rule.title}", level=2)
        for run in heading.runs:
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20) if violation.severity == "error" else RGBColor(0xB0, 0x60, 0x00)
        if violation.detail:
            document.add_paragraph(f"问题：{violation.detail}。")
        _docx_quote(document, f"协议原文（{violation.evidence.location}）", violation.evidence.text)
        _docx_basis(document, violation.basis)
        document.add_paragraph(f"修改建议：{violation.suggestion}")

    document.add_heading("要求核对一览", level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("序号", "要求", "类别", "结论", "协议位置")):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for number, finding in enumerate(report.findings, start=1):
        cells = table.add_row().cells
        values = (str(number), finding.requirement.title, LEVEL_LABELS[finding.requirement.mandatory],
                  STATUS_LABELS[finding.status], "、".join(e.location for e in finding.evidence) or "—")
        for cell, value in zip(cells, values):
            cell.text = value

    document.add_heading("逐项说明", level=1)
    for number, finding in enumerate(report.findings, start=1):
        requirement = finding.requirement
        document.add_heading(f"{number}. {requirement.title}（{LEVEL_LABELS[requirement.mandatory]}）："
                             f"{STATUS_LABELS[finding.status]}", level=2)
        document.add_paragraph(requirement.description)
        if finding.evidence:
            for evidence in finding.evidence:
                _docx_quote(document, f"协议原文（{evidence.location}）", evidence.text)
        else:
            document.add_paragraph("协议中未找到相关条款。")
        _docx_basis(document, finding.basis)
        if finding.suggestion:
            document.add_paragraph(f"修改建议：{finding.suggestion}")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_quote(document, label: str, text: str) -> None:
    document.add_paragraph().add_run(f"{label}：").bold = True
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line, style="Quote")


def _docx_basis(document, basis) -> None:
    document.add_paragraph().add_run("法规依据：").bold = True
    for item in basis:
        document.add_paragraph(f"{item.ref}（{item.clause_id}）", style="List Bullet")
        for line in item.text.split("\n"):
            if line.strip():
                document.add_paragraph(line, style="Quote")


# -- files -----------------------------------------------------------------------------


def render_report(report: CheckReport, fmt: str) -> bytes:
    """The report as bytes: ``fmt`` is 'md' or 'docx'."""
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report)
    raise InputError(f"Unknown report format {fmt!r}; use 'md' or 'docx'.")


def report_format(path: str | Path) -> str:
    """'docx' or 'md' from the file name; anything else is refused before any work is done."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"Cannot write a report to '{path.name}': the file name must end in .docx or .md.")
    if path.is_dir():
        raise InputError(f"'{path}' is a directory; give a file name ending in .docx or .md.")
    return fmt


def write_report(report: CheckReport, path: str | Path) -> Path:
    """Write the report where the user asked; the suffix (.docx, .md) picks the format."""
    path = Path(path)
    fmt = report_format(path)
    try:
        path.write_bytes(render_report(report, fmt))
    except OSError as exc:
        raise InputError(f"Cannot write the report to '{path}': {exc.strerror}.") from None
    return path
