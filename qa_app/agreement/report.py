"""The check result as a document a reviewer can send on: Markdown or Word (.docx).

Both carry the same content in the same order (one :func:`outline`): the facts and how the
parties were read, then the findings - violations, missing, partial - each with the
agreement's own words where there are any, the reference of the regulation it is measured
against and a suggested clause, then the covered requirements as one table (requirement
and where the agreement covers it) and a sign-off block for the reviewer. The regulation
text itself is not repeated: the app shows it beside each finding. The Word report numbers
its pages. The report is built in memory; writing it to a file is the caller's choice.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ingest.errors import InputError, os_reason
from qa_app.agreement.check import CheckReport, Finding

STATUS_LABELS = {"covered": "已覆盖", "partial": "部分覆盖", "missing": "缺失"}
# A violation's level; the finding itself is called 违规 (so never "违规（违规）").
SEVERITY_LABELS = {"error": "严重", "warning": "警告"}
LEVEL_LABELS = {True: "必备", False: "建议"}
FORMATS = {".md": "md", ".markdown": "md", ".docx": "docx"}
NOTE = ("本报告由 regkb 按要求库自动生成，列出每项发现的协议原文、法规依据和修改建议供审查人员核对"
        "（法规原文可在 regkb 的“法规浏览”中查看）；结论不代替审查人员的判断。")


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


# -- the report's content, in order ----------------------------------------------------
#
# One outline, two renderers: the Markdown and the Word report carry the same blocks in the
# same order, so they cannot drift apart. A block is a tuple whose first item is its kind.

SIGN_OFF = (("审查人", ""), ("日期", ""), ("结论", "□ 通过　　□ 修改后通过　　□ 不通过"))


def outline(report: CheckReport, when: dt.datetime) -> list[tuple]:
    """What the report says: the facts and the parties, the findings (violations, then
    missing, then partial, each with its basis and suggested wording), the covered
    requirements as one table, and a sign-off block."""
    out: list[tuple] = [
        ("title", "医疗器械委托生产质量协议审查报告"),
        ("fact", "审查文件", report.document),
        ("fact", "生成时间", f"{when:%Y-%m-%d %H:%M}"),
        ("fact", "条款数", str(report.clauses)),
        ("fact", "结论", headline(report)),
        ("note", NOTE),
        ("heading", "协议双方"),
        *(("bullet", line) for line in party_lines(report)),
        ("heading", "违规条款"),
    ]
    if not report.violations:
        out.append(("text", "未发现违规条款。"))
    for number, violation in enumerate(report.violations, start=1):
        out.append(("finding", f"{number}. 【{SEVERITY_LABELS[violation.severity]}】{violation.rule.title}",
                    violation.severity))
        if violation.detail:
            out.append(("field", "问题", f"{violation.detail}。"))
        out.append(("quote", f"协议原文（{violation.evidence.location}）", violation.evidence.text))
        out += _basis_and_suggestion(violation.basis, violation.suggestion)
    for status, heading in (("missing", "缺失条款"), ("partial", "部分覆盖条款")):
        # Mandatory requirements first: they are what a reviewer has to insist on.
        findings = sorted((f for f in report.findings if f.status == status), key=lambda f: not f.requirement.mandatory)
        out.append(("heading", heading))
        if not findings:
            out.append(("text", f"无{heading}。"))
        for number, finding in enumerate(findings, start=1):
            out += _finding(number, finding)
    covered = [f for f in report.findings if f.status == "covered"]
    out.append(("heading", "已覆盖要求"))
    if covered:
        out.append(("table", ("序号", "要求", "类别", "协议位置"),
                    [(str(number), f.requirement.title, LEVEL_LABELS[f.requirement.mandatory], _where(f))
                     for number, f in enumerate(covered, start=1)]))
    else:
        out.append(("text", "没有完全覆盖的要求。"))
    out += [("heading", "审查结论"), ("signoff", SIGN_OFF)]
    return out


def _finding(number: int, finding: Finding) -> list[tuple]:
    requirement = finding.requirement
    out: list[tuple] = [("finding", f"{number}. 【{LEVEL_LABELS[requirement.mandatory]}】{requirement.title}", ""),
                        ("field", "要求", requirement.description)]
    if finding.status == "partial":
        if finding.lacking:
            out.append(("field", "未见", "、".join(finding.lacking)))
        for evidence in finding.evidence:
            out.append(("quote", f"协议原文（{evidence.location}）", evidence.text))
    return out + _basis_and_suggestion(finding.basis, finding.suggestion)


def _basis_and_suggestion(basis, suggestion: str) -> list[tuple]:
    # The reference only: the regulation text is one click away in the app (法规浏览), and
    # quoting it for every requirement made the report hundreds of paragraphs long.
    out = [("field", "法规依据", "；".join(item.ref for item in basis) or "—")]
    if suggestion:
        out.append(("field", "修改建议", suggestion))
    return out


def _where(finding: Finding) -> str:
    return "、".join(e.location for e in finding.evidence) or "—"


# -- Markdown --------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in text.split("\n")]


def to_markdown(report: CheckReport, *, when: dt.datetime | None = None) -> str:
    out: list[str] = []
    for kind, *rest in outline(report, when or dt.datetime.now()):
        if kind in ("fact", "bullet"):  # list items, one after another
            out.append(f"- {rest[0]}：{_cell(rest[1])}" if kind == "fact" else f"- {_cell(rest[0])}")
            continue
        if out and out[-1]:
            out.append("")
        if kind == "title":
            out.append(f"# {rest[0]}")
        elif kind == "heading":
            out.append(f"## {rest[0]}")
        elif kind == "finding":
            out.append(f"### {rest[0]}")
        elif kind == "note":
            out.append(f"_{rest[0]}_")
        elif kind == "text":
            out.append(rest[0])
        elif kind == "field":
            out.append(f"**{rest[0]}**：{rest[1]}")
        elif kind == "quote":
            out += [f"**{rest[0]}**：", "", *_quote(rest[1])]
        elif kind == "table":
            header, rows = rest
            out += [f"| {' | '.join(header)} |", "| " + " | ".join("---" for _ in header) + " |",
                    *(f"| {' | '.join(_cell(c) for c in row)} |" for row in rows)]
        elif kind == "signoff":
            out += [f"{label}：{value or '＿' * 12}  " for label, value in rest[0]]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# -- Word ------------------------------------------------------------------------------

_TONES = {"error": (0xB0, 0x00, 0x20), "warning": (0xB0, 0x60, 0x00)}


def to_docx(report: CheckReport, *, when: dt.datetime | None = None) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Word picks the East Asian font separately; without it Chinese may fall back oddly.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.core_properties.title = f"质量协议审查报告：{report.document}"
    _page_numbers(document.sections[0].footer.paragraphs[0])

    for kind, *rest in outline(report, when or dt.datetime.now()):
        if kind == "title":
            document.add_heading(rest[0], level=0)
        elif kind == "heading":
            document.add_heading(rest[0], level=1)
        elif kind == "finding":
            heading = document.add_heading(rest[0], level=2)
            if rest[1] in _TONES:
                for run in heading.runs:
                    run.font.color.rgb = RGBColor(*_TONES[rest[1]])
        elif kind in ("fact", "field"):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{rest[0]}：").bold = True
            paragraph.add_run(rest[1])
        elif kind == "note":
            document.add_paragraph().add_run(rest[0]).italic = True
        elif kind == "bullet":
            document.add_paragraph(rest[0], style="List Bullet")
        elif kind == "text":
            document.add_paragraph(rest[0])
        elif kind == "quote":
            document.add_paragraph().add_run(f"{rest[0]}：").bold = True
            for line in rest[1].split("\n"):
                if line.strip():
                    document.add_paragraph(line, style="Quote")
        elif kind == "table":
            header, rows = rest
            _table(document, [header, *rows], bold_header=True)
        elif kind == "signoff":
            _table(document, rest[0], bold_header=False, bold_first_column=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, rows, *, bold_header: bool, bold_first_column: bool = False) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for number, values in enumerate(rows):
        for column, (cell, value) in enumerate(zip(table.add_row().cells, values)):
            cell.text = value
            if (bold_header and number == 0) or (bold_first_column and column == 0):
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _page_numbers(paragraph) -> None:
    """第 N 页，共 M 页 in the footer: Word fills in the PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页，共 ", "NUMPAGES"), (" 页", None)):
        paragraph.add_run(text)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), f" {field} ")
            run = OxmlElement("w:r")
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"  # shown until the field is updated (Word does so on opening)
            run.append(placeholder)
            simple.append(run)
            paragraph._p.append(simple)


# -- files -----------------------------------------------------------------------------


def render_report(report: CheckReport, fmt: str) -> bytes:
    """The report as bytes: ``fmt`` is 'md' or 'docx'."""
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report)
    raise InputError(f"不支持的报告格式“{fmt}”：请用 md 或 docx。")


def report_format(path: str | Path) -> str:
    """'docx' or 'md' from the file name; anything else is refused before any work is done."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"无法把报告写入“{path.name}”：文件名须以 .docx 或 .md 结尾，例如 审查报告.docx。")
    if path.is_dir():
        raise InputError(f"“{path}”是一个文件夹：请给出以 .docx 或 .md 结尾的文件名，例如 {path / '审查报告.docx'}。")
    return fmt


def write_report(report: CheckReport, path: str | Path) -> Path:
    """Write the report where the user asked; the suffix (.docx, .md) picks the format."""
    path = Path(path)
    fmt = report_format(path)
    try:
        path.write_bytes(render_report(report, fmt))
    except OSError as exc:
        raise InputError(f"无法写入报告“{path}”：{os_reason(exc)}。请换一个可写的位置。") from None
    return path
