"""Quiz sets in the formats trainers' platforms import: JSON, CSV, XLSX, Moodle GIFT,
Moodle XML, Anki (.apkg), and a printable paper with a separate answer key (DOCX or
Markdown). JSON, CSV and XLSX can be read back (a trainer may edit a set in Excel and
load it again); the other formats are checked by parsing them in the tests.

Every format carries the item id and the citation (ref, clause id and the verbatim clause
text where the format has room for it), so an answer can always be traced to its clause.
The spreadsheet formats show trainers Chinese headers (题号, 题型, 题干, 选项A, …) and read
back files with either these or the older English ones. No format is written for a set with
an item that is not well formed (:func:`qa_app.quiz.validate.defects`).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from ingest.errors import InputError
from ingest.numerals import cn_to_int, int_to_cn
from qa_app.quiz.items import (
    BLANK, DIFFICULTY_LABELS, FALSE, LETTERS, TRUE, TYPE_LABELS, TYPES, Citation, QuizItem,
)
from qa_app.quiz.validate import defects

FORMATS = {
    "json": ".json", "csv": ".csv", "xlsx": ".xlsx", "gift": ".gift.txt", "moodle-xml": ".xml",
    "anki": ".apkg", "docx": ".docx", "md": ".md",
}
MIME = {
    "json": "application/json", "csv": "text/csv", "gift": "text/plain", "moodle-xml": "application/xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "anki": "application/octet-stream", "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Fixed ids: re-importing an updated deck into Anki updates the same note type and deck
# instead of creating copies (notes are matched by a guid derived from the item id).
ANKI_MODEL_ID = 1735020501
ANKI_DECK_ID = 1735020502
ANKI_DECK_NAME = "regkb 法规培训题库"
MOODLE_CATEGORY = "$course$/top/regkb 法规培训题库"
COLUMNS = ("number", "type", "stem", "A", "B", "C", "D", "answer", "explanation", "ref", "citation_text",
           "difficulty", "notes", "tags", "id", "clause_id", "sources", "probe", "case")
# The header a trainer sees in Excel or a CSV file; the last five columns are what a re-import
# needs to trace each item to its clause (ids, other sources, the check's question, a case's parties).
HEADERS = {"number": "题号", "type": "题型", "stem": "题干", "A": "选项A", "B": "选项B", "C": "选项C",
           "D": "选项D", "answer": "答案", "explanation": "解析", "ref": "出处", "citation_text": "原文",
           "difficulty": "难度", "notes": "复核提示", "tags": "标签", "id": "题目编号", "clause_id": "条款编号",
           "sources": "各选项出处", "probe": "核对问题", "case": "案例各方"}
_COLUMN_OF = {**{c: c for c in COLUMNS}, **{h: c for c, h in HEADERS.items()}}
_TYPE_OF = {**{t: t for t in TYPES}, **{label: t for t, label in TYPE_LABELS.items()}}
_DIFFICULTY_OF = {**{d: d for d in DIFFICULTY_LABELS}, **{label: d for d, label in DIFFICULTY_LABELS.items()}}
BASE_NAME = "培训题库"
_SECTION_NUMBERS = "一二三四五"
# Tag an Anki note carries while the independent check disagrees with its key.
REVIEW_TAG = "regkb:待复核"


# -- helpers ---------------------------------------------------------------------------------


def answer_variants(answer: str) -> list[str]:
    """The answer as written plus its other numeral form (10个工作日 / 十个工作日)."""
    out = [answer]
    match = re.match(r"^(.*?)(\d+|[一二三四五六七八九十两]+)(.*)$", answer)
    if match:
        head, number, tail = match.groups()
        try:
            value = cn_to_int(number.replace("两", "二"))
            other = int_to_cn(value) if number.isdigit() else str(value)
            out.append(head + other + tail)
        except ValueError:
            pass
    return list(dict.fromkeys(out))


def normalise_answer(text: str) -> str:
    """For marking a typed answer: no spaces or punctuation, numerals as digits."""
    text = re.sub(r"[\s，。、；：,.;:]", "", text)
    return re.sub(r"[一二三四五六七八九十两]+", lambda m: _digits(m.group(0)), text)


def _digits(numeral: str) -> str:
    try:
        return str(cn_to_int(numeral.replace("两", "二")))
    except ValueError:
        return numeral


def file_name(fmt: str, count: int, topics: tuple[str, ...] | list[str] = (), part: str = "") -> str:
    """What a downloaded file is called: 培训题库-放行-20题.xlsx, 培训题库-放行、委托生产-20题-答案.docx
    (``part`` is a suffix of :func:`render`: "" or "-answers")."""
    pieces = [BASE_NAME, "、".join(topics), f"{count}题", "答案" if part else ""]
    return "-".join(p for p in pieces if p) + FORMATS[fmt]


def source_line(citation: Citation) -> str:
    # Trainers and learners read this: the citation as the regulation names it, no internal id.
    return f"出处：{citation.ref}"


def notes_line(item: QuizItem) -> str:
    """For the trainer only (never in what a learner sees): what the checks want looked at."""
    return f"复核提示：{item.notes}" if item.notes else ""


# -- JSON, CSV, XLSX (these round-trip) --------------------------------------------------------


def to_json(items: list[QuizItem]) -> str:
    return json.dumps({"items": [i.to_dict() for i in items]}, ensure_ascii=False, indent=2)


def from_json(text: str) -> list[QuizItem]:
    try:
        data = json.loads(text)
        return [QuizItem.from_dict(d) for d in data["items"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"这不是本系统导出的题库 JSON 文件（{exc}）：应为 {{\"items\": [...]}}，"
                         "请选择“导出”中下载的 JSON 文件。") from None


def to_rows(items: list[QuizItem]) -> list[dict[str, str]]:
    """One flat row per item, numbered as in the set: options in columns A-D, the answer as
    letters (fill: text), type and difficulty as a trainer reads them (单项选择题, 中)."""
    rows = []
    for number, item in enumerate(items, start=1):
        row = {c: "" for c in COLUMNS}
        row.update(number=str(number), id=item.id, type=TYPE_LABELS.get(item.type, item.type), stem=item.stem,
                   explanation=item.explanation, clause_id=item.citation.clause_id, ref=item.citation.ref,
                   citation_text=item.citation.text, difficulty=DIFFICULTY_LABELS.get(item.difficulty, item.difficulty),
                   tags="; ".join(item.tags))
        for letter, option in zip("ABCD", item.options):
            row[letter] = option
        row["answer"] = item.answer_letters if item.options else str(item.answer)
        if item.sources != (item.citation,):
            row["sources"] = json.dumps([s.to_dict() for s in item.sources], ensure_ascii=False)
        row.update(probe=item.probe, notes=item.notes,
                   case=json.dumps([list(p) for p in item.case], ensure_ascii=False) if item.case else "")
        rows.append(row)
    return rows


def from_rows(rows: list[dict[str, str]]) -> list[QuizItem]:
    """Items from rows keyed by the Chinese headers (or the older English column names)."""
    items = []
    for number, raw in enumerate(rows, start=2):
        row = {_COLUMN_OF.get(str(k).strip(), str(k)): v for k, v in raw.items()}
        try:
            row["type"] = _TYPE_OF[str(row["type"]).strip()]
            row["difficulty"] = _DIFFICULTY_OF.get(str(row["difficulty"]).strip(), str(row["difficulty"]))
            options = tuple(row[c] for c in "ABCD" if row.get(c))
            letters = [x.strip() for x in str(row["answer"]).split(",") if x.strip()]
            if row["type"] == "fill":
                answer: str | tuple[str, ...] = str(row["answer"])
            elif row["type"] == "multi":
                answer = tuple(options[LETTERS.index(x)] for x in letters)
            else:
                answer = options[LETTERS.index(letters[0])]
            citation = Citation(row["clause_id"], row["ref"], row["citation_text"])
            sources = tuple(Citation.from_dict(s) for s in json.loads(row["sources"])) if row.get("sources") \
                else (citation,)
            items.append(QuizItem(
                id=row["id"], type=row["type"], stem=row["stem"], options=options, answer=answer,
                explanation=row["explanation"], citation=citation, difficulty=row["difficulty"],
                tags=tuple(t.strip() for t in str(row.get("tags") or "").split(";") if t.strip()),
                sources=sources, probe=str(row.get("probe") or ""), notes=str(row.get("notes") or ""),
                case=tuple((str(a), str(b)) for a, b in json.loads(row["case"])) if row.get("case") else ()))
        except (KeyError, ValueError, IndexError) as exc:
            raise InputError(f"第 {number} 行不是完整的题目（{exc}），请保留导出时的各列："
                             f"{'、'.join(HEADERS[c] for c in COLUMNS)}。") from None
    return items


def to_csv(items: list[QuizItem]) -> str:
    """UTF-8 with a byte-order mark, so that Excel shows the Chinese text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([HEADERS[c] for c in COLUMNS])
    writer.writerows([row[c] for c in COLUMNS] for row in to_rows(items))
    return "\ufeff" + buffer.getvalue()


def from_csv(text: str) -> list[QuizItem]:
    return from_rows(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")))))


def to_xlsx(items: list[QuizItem]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "题库"
    sheet.append([HEADERS[c] for c in COLUMNS])
    for row in to_rows(items):
        sheet.append([row[c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"number": 6, "id": 14, "type": 12, "stem": 60, "A": 24, "B": 24, "C": 24, "D": 24, "answer": 10,
              "explanation": 50, "clause_id": 30, "ref": 30, "citation_text": 60, "difficulty": 8, "tags": 30}
    for index, column in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = widths.get(column, 16)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def from_xlsx(data: bytes) -> list[QuizItem]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise InputError("表格是空的：请选择“导出”中下载的 Excel 题库文件。")
    header = [str(h) for h in rows[0]]
    return from_rows([{h: ("" if v is None else str(v)) for h, v in zip(header, r)} for r in rows[1:]])


# -- Moodle GIFT ------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """GIFT gives ~ = # { } : a meaning; a backslash makes each literal. Newlines become \\n."""
    return re.sub(r"([~=#{}:\\])", r"\\\1", text).replace("\n", "\\n")


def _feedback(item: QuizItem) -> str:
    return item.explanation + "\n" + source_line(item.citation)


def to_gift(items: list[QuizItem]) -> str:
    out = [f"$CATEGORY: {MOODLE_CATEGORY}", ""]
    for item in items:
        out.append(f"// {item.id} {TYPE_LABELS[item.type]} {item.citation.ref}")
        if item.notes:
            out.append("// " + notes_line(item).replace("\n", " "))
        head = f"::{gift_escape(item.id)}::{gift_escape(item.stem)}"
        feedback = "####" + gift_escape(_feedback(item))
        if item.type == "truefalse":
            out.append(head + "{" + ("TRUE" if item.answer == TRUE else "FALSE") + feedback + "}")
        elif item.type == "fill":
            answers = " ".join("=" + gift_escape(a) for a in answer_variants(str(item.answer)))
            out.append(head + "{" + answers + feedback + "}")
        elif item.type in ("single", "scenario"):
            lines = [("=" if o == item.answer else "~") + gift_escape(o) for o in item.options]
            out.append(head + "{\n" + "\n".join(lines) + "\n" + feedback + "\n}")
        else:
            right, wrong = _fractions(item)
            lines = [f"~%{right if o in item.answers else wrong}%" + gift_escape(o) for o in item.options]
            out.append(head + "{\n" + "\n".join(lines) + "\n" + feedback + "\n}")
        out.append("")
    return "\n".join(out)


def _fractions(item: QuizItem) -> tuple[str, str]:
    """Moodle's grade fractions for a multiple-answer item: the right options share 100%,
    the wrong ones share -100% (so ticking everything scores nothing)."""
    right = len(item.answers)
    wrong = len(item.options) - right

    def fmt(value: float) -> str:
        return str(int(value)) if value == int(value) else f"{value:.5f}"

    return fmt(100 / right), fmt(-100 / wrong) if wrong else "0"


# -- Moodle XML -------------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = text
    return node


def _html(text: str) -> str:
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def to_moodle_xml(items: list[QuizItem]) -> bytes:
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    ET.SubElement(ET.SubElement(category, "category"), "text").text = MOODLE_CATEGORY
    for item in items:
        kind = {"single": "multichoice", "multi": "multichoice", "truefalse": "truefalse",
                "fill": "shortanswer", "scenario": "multichoice"}[item.type]
        if item.notes:
            quiz.append(ET.Comment(" " + notes_line(item).replace("--", "—") + " "))
        question = ET.SubElement(quiz, "question", {"type": kind})
        ET.SubElement(ET.SubElement(question, "name"), "text").text = item.id
        _text(question, "questiontext", _html(item.stem))
        _text(question, "generalfeedback", _html(_feedback(item)))
        ET.SubElement(question, "defaultgrade").text = "1"
        ET.SubElement(question, "penalty").text = "0"
        ET.SubElement(question, "hidden").text = "0"
        ET.SubElement(question, "idnumber").text = item.id
        if kind == "multichoice":
            ET.SubElement(question, "single").text = "false" if item.type == "multi" else "true"
            ET.SubElement(question, "shuffleanswers").text = "0"  # positions are balanced on purpose
            ET.SubElement(question, "answernumbering").text = "ABCD"
            right, wrong = _fractions(item) if item.type == "multi" else ("100", "0")
            for option in item.options:
                fraction = right if option in item.answers else wrong
                answer = _text(question, "answer", _html(option))
                answer.set("fraction", fraction)
                _text(answer, "feedback", "")
        elif kind == "truefalse":
            for value, label in (("true", TRUE), ("false", FALSE)):
                answer = _text(question, "answer", value, fmt="moodle_auto_format")
                answer.set("fraction", "100" if item.answer == label else "0")
                _text(answer, "feedback", "")
        else:
            ET.SubElement(question, "usecase").text = "0"
            for variant in answer_variants(str(item.answer)):
                answer = _text(question, "answer", variant, fmt="moodle_auto_format")
                answer.set("fraction", "100")
                _text(answer, "feedback", "")
        tags = ET.SubElement(question, "tags")
        for tag in item.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8")


# -- Anki ---------------------------------------------------------------------------------------


def _anki_model():
    import genanki

    css = ".card { font-family: sans-serif; font-size: 18px; text-align: left; } .src { color: #666; font-size: 14px; }"
    return genanki.Model(
        ANKI_MODEL_ID, "regkb 法规题",
        fields=[{"name": n} for n in ("Id", "Type", "Stem", "Options", "Answer", "Explanation", "Source",
                                      "Difficulty")],
        templates=[{
            "name": "题目",
            "qfmt": "<div>{{Type}}</div><p>{{Stem}}</p><p>{{Options}}</p>",
            "afmt": "{{FrontSide}}<hr id=answer><p><b>{{Answer}}</b></p><p>{{Explanation}}</p>"
                    "<p class=src>{{Source}}</p>",
        }],
        css=css,
    )


def anki_fields(item: QuizItem) -> list[str]:
    options = "<br>".join(f"{LETTERS[i]}. {html.escape(o)}" for i, o in enumerate(item.options))
    if item.options:
        answer = "<br>".join(f"{LETTERS[item.options.index(a)]}. {html.escape(a)}" for a in item.answers)
    else:
        answer = html.escape(str(item.answer))
    source = html.escape(source_line(item.citation)) + "<br>" + html.escape(item.citation.text).replace("\n", "<br>")
    return [item.id, TYPE_LABELS[item.type], html.escape(item.stem), options, answer,
            html.escape(item.explanation).replace("\n", "<br>"), source, item.difficulty]


def to_apkg(items: list[QuizItem]) -> bytes:
    import genanki

    model = _anki_model()
    deck = genanki.Deck(ANKI_DECK_ID, ANKI_DECK_NAME)
    for item in items:
        tags = [re.sub(r"\s+", "_", t) for t in item.tags] + ([REVIEW_TAG] if item.notes else [])
        deck.add_note(genanki.Note(model=model, fields=anki_fields(item), guid=genanki.guid_for(item.id), tags=tags))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quiz.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


# -- the printable paper and its answer key ------------------------------------------------------


def _sections(items: list[QuizItem]):
    for number, kind in zip(_SECTION_NUMBERS, [k for k in TYPES if any(i.type == k for i in items)]):
        yield f"{number}、{TYPE_LABELS[kind]}", [i for i in items if i.type == kind]


def _paper_stem(item: QuizItem) -> str:
    # A true/false item is printed as a statement with the answer bracket after it.
    return item.stem + BLANK if item.type == "truefalse" else item.stem


def _key_answer(item: QuizItem) -> str:
    if item.type == "fill":
        return str(item.answer)
    if item.type == "truefalse":
        return "√" if item.answer == TRUE else "×"
    return item.answer_letters.replace(",", "") + "（" + "；".join(item.answers) + "）"


def to_markdown(items: list[QuizItem], title: str = "医疗器械法规培训测试") -> tuple[str, str]:
    """(paper, answer key) as Markdown."""
    paper = [f"# {title}", "", "姓名：＿＿＿＿＿＿　部门：＿＿＿＿＿＿　得分：＿＿＿＿＿＿", ""]
    key = [f"# {title}：参考答案与出处", ""]
    number = 0
    for heading, group in _sections(items):
        paper += [f"## {heading}", ""]
        key += [f"## {heading}", ""]
        for item in group:
            number += 1
            paper.append(f"{number}. {_paper_stem(item)}")
            if item.type in ("single", "multi", "scenario"):
                paper += [""] + [f"    {LETTERS[i]}. {o}" for i, o in enumerate(item.options)]
            paper.append("")
            key.append(f"{number}. **{_key_answer(item)}**")
            key += ["", "    " + item.explanation.replace("\n", "\n    "), "",
                    f"    {source_line(item.citation)}", ""]
            if item.notes:
                key += [f"    {notes_line(item)}", ""]
            key += ["    > " + line for line in item.citation.text.splitlines()] + [""]
    return "\n".join(paper), "\n".join(key)


def to_docx(items: list[QuizItem], title: str = "医疗器械法规培训测试") -> tuple[bytes, bytes]:
    """(paper, answer key) as Word documents."""
    from docx import Document
    from docx.shared import Pt

    def new(heading: str):
        doc = Document()
        doc.styles["Normal"].font.size = Pt(11)
        doc.add_heading(heading, level=0)
        return doc

    paper, key = new(title), new(f"{title}：参考答案与出处")
    paper.add_paragraph("姓名：＿＿＿＿＿＿　部门：＿＿＿＿＿＿　得分：＿＿＿＿＿＿")
    number = 0
    for heading, group in _sections(items):
        paper.add_heading(heading, level=1)
        key.add_heading(heading, level=1)
        for item in group:
            number += 1
            paper.add_paragraph(f"{number}. {_paper_stem(item)}")
            for i, option in enumerate(item.options if item.type in ("single", "multi", "scenario") else ()):
                paper.add_paragraph(f"{LETTERS[i]}. {option}").paragraph_format.left_indent = Pt(18)
            answer = key.add_paragraph()
            answer.add_run(f"{number}. {_key_answer(item)}").bold = True
            key.add_paragraph(item.explanation)
            key.add_paragraph(source_line(item.citation))
            if item.notes:
                key.add_paragraph(notes_line(item))
            quote = key.add_paragraph(item.citation.text)
            quote.paragraph_format.left_indent = Pt(18)
    out = []
    for doc in (paper, key):
        buffer = io.BytesIO()
        doc.save(buffer)
        out.append(buffer.getvalue())
    return out[0], out[1]


# -- one entry point for the CLI and the page ------------------------------------------------------


def render(items: list[QuizItem], fmt: str) -> dict[str, bytes]:
    """The file(s) of one format: {"": bytes}, or {"": paper, "-answers": key} for a paper."""
    if fmt not in FORMATS:
        raise InputError(f"不支持的导出格式“{fmt}”，请使用 {', '.join(FORMATS)} 之一。")
    if not items:
        raise InputError("没有可导出的题目：请先生成题目。")
    broken = [replace(p, number=number).text for number, item in enumerate(items, start=1) for p in defects(item)]
    if broken:
        raise InputError("以下题目不完整，整套题未导出。请在“预览与编辑”中修改或删除这些题目后再导出：\n"
                         + "\n".join(broken))
    if fmt == "json":
        return {"": to_json(items).encode("utf-8")}
    if fmt == "csv":
        return {"": to_csv(items).encode("utf-8")}
    if fmt == "xlsx":
        return {"": to_xlsx(items)}
    if fmt == "gift":
        return {"": to_gift(items).encode("utf-8")}
    if fmt == "moodle-xml":
        return {"": to_moodle_xml(items)}
    if fmt == "anki":
        return {"": to_apkg(items)}
    if fmt == "md":
        paper, key = to_markdown(items)
        return {"": paper.encode("utf-8"), "-answers": key.encode("utf-8")}
    paper_doc, key_doc = to_docx(items)
    return {"": paper_doc, "-answers": key_doc}


def write(items: list[QuizItem], fmt: str, out: Path) -> list[Path]:
    """Write one format to ``out`` (and, for a paper, its key beside it as NAME-answers.EXT)."""
    files = render(items, fmt)
    written = []
    for suffix, data in files.items():
        path = out.with_name(out.stem + suffix + out.suffix) if suffix else out
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def read(path: Path) -> list[QuizItem]:
    """Load a set saved as JSON, CSV or XLSX (e.g. after editing it in Excel)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return from_json(path.read_text(encoding="utf-8"))
    if suffix == ".csv":
        return from_csv(path.read_text(encoding="utf-8-sig"))
    if suffix == ".xlsx":
        return from_xlsx(path.read_bytes())
    raise InputError(f"无法从 {path.name} 读取题目：请使用导出的 .json、.csv 或 .xlsx 文件。")
