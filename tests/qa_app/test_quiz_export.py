"""Every export format is read back and compared with the items it was made from:
JSON/CSV/XLSX through the library's readers, GIFT through an independent parser written
here from the Moodle GIFT specification, Moodle XML with ElementTree, the .apkg by opening
its SQLite collection, DOCX with python-docx. Plus `regkb quiz` end to end.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import pytest

from qa_app.cli import main
from qa_app.quiz import FactBase, QuizGenerator, Selection
from ingest.errors import InputError
from qa_app.quiz.export import (
    ANKI_DECK_ID, ANKI_MODEL_ID, FORMATS, answer_variants, file_name, from_csv, from_json, from_xlsx,
    normalise_answer, render, to_csv, to_docx, to_gift, to_json, to_markdown, to_moodle_xml, to_xlsx, write,
)
from qa_app.quiz.items import LETTERS, TRUE
from tests.qa_app.test_quiz import OLD_RULE, QUIZ_RULE, build_kb
from tests.conftest import write_doc


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    root = tmp_path_factory.mktemp("quiz-export")
    kb = build_kb(root / "corpus", root / "home")
    generator = QuizGenerator(FactBase.from_kb(kb))
    items = generator.generate(Selection(n=9, types=("single", "truefalse", "fill"), seed=4)) + \
        generator.generate(Selection(n=2, types=("multi",), seed=4))
    assert {i.type for i in items} == {"single", "truefalse", "fill", "multi"}
    return items


# -- formats the library reads back ---------------------------------------------------------------


def test_json_has_the_documented_shape_and_round_trips(items):
    data = json.loads(to_json(items))
    assert list(data) == ["items"]
    first = data["items"][0]
    assert list(first)[:9] == ["id", "type", "stem", "options", "answer", "explanation", "citation", "difficulty",
                               "tags"]
    assert list(first["citation"]) == ["clause_id", "ref", "text"]
    assert from_json(to_json(items)) == items


def test_csv_and_xlsx_round_trip(items):
    assert from_csv(to_csv(items)) == items
    assert to_csv(items).startswith("\ufeff")  # Excel needs the BOM to show Chinese
    assert from_xlsx(to_xlsx(items)) == items


HEADER = ["题号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "出处", "原文", "难度", "复核提示"]


def test_spreadsheets_speak_chinese_to_the_trainer(items):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(items))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:len(HEADER)]) == HEADER
    assert all(cell and not re.search(r"[A-Za-z]{3,}", cell) for cell in rows[0])  # no English column names
    labels = {"single": "单项选择题", "truefalse": "判断题", "fill": "填空题", "multi": "多项选择题"}
    for number, (row, item) in enumerate(zip(rows[1:], items), start=1):
        assert row[0] == str(number) and row[1] == labels[item.type] and row[2] == item.stem
        assert row[9] == item.citation.ref and row[10] == item.citation.text and row[11] in ("易", "中", "难")
    header = next(csv.reader(io.StringIO(to_csv(items).lstrip("\ufeff"))))
    assert header[:len(HEADER)] == HEADER


def test_a_sheet_with_the_older_english_headers_still_reads(items):
    from qa_app.quiz.export import COLUMNS, HEADERS

    english = to_csv(items).lstrip("\ufeff").replace(",".join(HEADERS[c] for c in COLUMNS), ",".join(COLUMNS), 1)
    assert english.startswith("number,type,stem") and from_csv(english) == items


def test_files_are_named_after_the_quiz():
    assert file_name("xlsx", 20, ("放行",)) == "培训题库-放行-20题.xlsx"
    assert file_name("csv", 12, ("放行", "委托生产")) == "培训题库-放行、委托生产-12题.csv"
    assert file_name("json", 5) == "培训题库-5题.json"
    assert file_name("docx", 20, ("召回",), "-answers") == "培训题库-召回-20题-答案.docx"
    assert file_name("gift", 8, ("召回",)) == "培训题库-召回-8题.gift.txt"
    assert {file_name(f, 3) for f in FORMATS} == {"培训题库-3题" + suffix for suffix in FORMATS.values()}


def test_no_format_is_written_for_a_set_with_a_broken_item(items):
    single = next(i for i in items if i.type == "single")
    twice = single.edited(options=(single.options[0], single.options[0], *single.options[2:]), answer=single.options[0])
    for fmt in FORMATS:
        with pytest.raises(InputError) as refused:
            render([items[0], twice], fmt)
        message = str(refused.value)
        assert message.startswith("以下题目不完整，整套题未导出。请在“预览与编辑”中修改或删除这些题目后再导出：")
        assert "第2题：选项B与选项A相同" in message and single.id not in message
    with pytest.raises(InputError, match="没有可导出的题目"):
        render([], "json")


# -- Moodle GIFT, read by a parser of our own -------------------------------------------------------


def _chars(text: str) -> list[tuple[str, bool]]:
    """Characters with an 'escaped' flag; \\n is a newline."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(("\n" if nxt == "n" else nxt, True))
            i += 2
        else:
            out.append((text[i], False))
            i += 1
    return out


def _find(chars, token: str, start: int = 0) -> int:
    for i in range(start, len(chars) - len(token) + 1):
        if all(chars[i + k] == (token[k], False) for k in range(len(token))):
            return i
    return -1


def _plain(chars) -> str:
    return "".join(c for c, _ in chars)


def parse_gift(text: str) -> list[dict]:
    """A small GIFT reader following docs.moodle.org/en/GIFT_format: ::title::, question
    text, {answers} with = (right), ~ (wrong), ~%w% (weights), #feedback, ####general
    feedback, TRUE/FALSE; \\ escapes ~ = # { } : and \\n is a newline."""
    questions = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.lstrip().startswith("//")]
        source = "\n".join(lines).strip()
        if not source or source.startswith("$CATEGORY"):
            continue
        chars = _chars(source)
        title = None
        if _find(chars, "::") == 0:
            end = _find(chars, "::", 2)
            title, chars = _plain(chars[2:end]), chars[end + 2:]
        open_at, close_at = _find(chars, "{"), _find(chars, "}")
        assert 0 <= open_at < close_at, source
        body = chars[open_at + 1:close_at]
        general = ""
        marker = _find(body, "####")
        if marker >= 0:
            general, body = _plain(body[marker + 4:]).strip(), body[:marker]
        question = {"title": title, "text": _plain(chars[:open_at]).strip(), "general_feedback": general,
                    "answers": []}
        bare = _plain(body).strip()
        if bare in ("TRUE", "FALSE", "T", "F"):
            question["truefalse"] = bare.startswith("T")
            questions.append(question)
            continue
        starts = [i for i, (c, escaped) in enumerate(body) if c in "=~" and not escaped]
        for k, start in enumerate(starts):
            piece = body[start + 1:starts[k + 1] if k + 1 < len(starts) else len(body)]
            weight = 100.0 if body[start][0] == "=" else 0.0
            plain = _plain(piece)
            match = re.match(r"^%(-?[\d.]+)%", plain)
            if match and not any(escaped for _, escaped in piece[:len(match.group(0))]):
                weight, piece = float(match.group(1)), piece[len(match.group(0)):]
            feedback_at = _find(piece, "#")
            if feedback_at >= 0:
                piece = piece[:feedback_at]
            question["answers"].append((_plain(piece).strip(), weight))
        questions.append(question)
    return questions


def test_gift_parses_back_to_the_same_questions(items):
    parsed = parse_gift(to_gift(items))
    assert len(parsed) == len(items)
    for item, question in zip(items, parsed):
        assert question["title"] == item.id
        assert question["text"] == item.stem
        assert question["general_feedback"].startswith(item.explanation)
        assert item.citation.ref in question["general_feedback"]
        if item.type == "truefalse":
            assert question["truefalse"] == (item.answer == TRUE)
        elif item.type == "fill":
            assert [a for a, w in question["answers"]] == answer_variants(item.answer)
            assert all(w == 100 for _, w in question["answers"])
        elif item.type == "single":
            assert [a for a, _ in question["answers"]] == list(item.options)
            assert [a for a, w in question["answers"] if w == 100] == [item.answer]
        else:
            assert [a for a, _ in question["answers"]] == list(item.options)
            right = [a for a, w in question["answers"] if w > 0]
            assert right == list(item.answers)
            assert sum(w for _, w in question["answers"] if w > 0) == pytest.approx(100, abs=0.01)
            assert sum(w for _, w in question["answers"] if w < 0) == pytest.approx(-100, abs=0.01)


def test_gift_escapes_its_special_characters():
    from qa_app.quiz.items import Citation, QuizItem

    tricky = QuizItem(id="q-0123456789", type="single", stem="根据《办法》，{x}=1~2#3:4\\5（　　）。",
                      options=("a=b", "c~d", "e#f", "g{h}"), answer="c~d", explanation="x:y",
                      citation=Citation("d:art1", "ref", "text"))
    [question] = parse_gift(to_gift([tricky]))
    assert question["text"] == tricky.stem
    assert [a for a, _ in question["answers"]] == list(tricky.options)
    assert [a for a, w in question["answers"] if w == 100] == ["c~d"]


# -- Moodle XML -------------------------------------------------------------------------------------


def _html_text(node) -> str:
    return html.unescape(re.sub(r"</?p>", "", node.find("text").text or "").replace("<br>", "\n"))


def test_moodle_xml_parses_back_to_the_same_questions(items):
    data = to_moodle_xml(items)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert len(questions) == len(items)
    kinds = {"single": "multichoice", "multi": "multichoice", "truefalse": "truefalse", "fill": "shortanswer"}
    for item, question in zip(items, questions):
        assert question.get("type") == kinds[item.type]
        assert question.findtext("name/text") == item.id == question.findtext("idnumber")
        assert _html_text(question.find("questiontext")) == item.stem
        assert _html_text(question.find("generalfeedback")).startswith(item.explanation)
        assert [t.text for t in question.findall("tags/tag/text")] == list(item.tags)
        answers = [(_html_text(a) if a.get("format") == "html" else a.findtext("text"), float(a.get("fraction")))
                   for a in question.findall("answer")]
        if item.type == "truefalse":
            assert dict(answers)["true" if item.answer == TRUE else "false"] == 100
            assert dict(answers)["false" if item.answer == TRUE else "true"] == 0
        elif item.type == "fill":
            assert [a for a, _ in answers] == answer_variants(item.answer)
        else:
            assert [a for a, _ in answers] == list(item.options)
            assert [a for a, f in answers if f > 0] == list(item.answers)
            assert sum(f for _, f in answers if f > 0) == pytest.approx(100, abs=0.01)
            assert question.findtext("single") == ("true" if item.type == "single" else "false")


# -- Anki -------------------------------------------------------------------------------------------


def test_apkg_opens_as_an_anki_collection_with_fixed_ids(items, tmp_path):
    import genanki

    data = render(items, "anki")[""]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "collection.anki2")
    notes = db.execute("select guid, flds, tags from notes order by id").fetchall()
    models, decks = db.execute("select models, decks from col").fetchone()
    db.close()
    assert str(ANKI_MODEL_ID) in json.loads(models)
    assert str(ANKI_DECK_ID) in json.loads(decks)
    by_id = {}
    for guid, fields, tags in notes:
        values = fields.split("\x1f")
        by_id[values[0]] = (guid, values, tags)
    assert set(by_id) == {i.id for i in items}
    for item in items:
        guid, values, tags = by_id[item.id]
        assert guid == genanki.guid_for(item.id)  # re-importing updates, never duplicates
        assert html.unescape(values[2]) == item.stem
        options = [html.unescape(re.sub(r"^[A-H]\. ", "", o)) for o in values[3].split("<br>") if o]
        assert options == list(item.options)
        answers = [html.unescape(re.sub(r"^[A-H]\. ", "", a)) for a in values[4].split("<br>")]
        assert answers == [str(a) for a in item.answers]
        assert html.unescape(values[5].replace("<br>", "\n")) == item.explanation
        assert item.citation.ref in html.unescape(values[6])
        assert set(tags.split()) == set(item.tags)


# -- the printed paper and its key ---------------------------------------------------------------------


def test_docx_paper_has_no_answers_and_the_key_has_them_all(items):
    from docx import Document

    paper_bytes, key_bytes = to_docx(items)
    paper = "\n".join(p.text for p in Document(io.BytesIO(paper_bytes)).paragraphs)
    key = "\n".join(p.text for p in Document(io.BytesIO(key_bytes)).paragraphs)
    for number, item in enumerate(items, start=1):
        assert item.stem in paper
        for index, option in enumerate(item.options if item.type != "truefalse" else ()):
            assert f"{LETTERS[index]}. {option}" in paper
        assert item.id not in paper and "出处" not in paper
        assert f"{number}. " in key and item.citation.ref in key
        assert item.id not in key and item.citation.clause_id not in key  # trainers see citations, not ids
        assert item.citation.text in key
    assert "一、单项选择题" in paper and "四、多项选择题" in paper


def test_markdown_paper_and_key(items, tmp_path):
    paper, key = to_markdown(items)
    assert all(item.stem in paper for item in items) and "出处" not in paper
    letters = [line for line in key.splitlines() if re.match(r"^\d+\. \*\*", line)]
    assert len(letters) == len(items)
    for line, item in zip(letters, items):
        if item.type == "truefalse":
            assert ("√" if item.answer == TRUE else "×") in line
        elif item.type == "fill":
            assert f"**{item.answer}**" in line
        else:
            assert f"**{item.answer_letters.replace(',', '')}（" in line
    written = write(items, "md", tmp_path / "paper.md")
    assert [p.name for p in written] == ["paper.md", "paper-answers.md"]


def test_fill_answers_are_marked_with_either_numeral_form():
    assert answer_variants("10个工作日") == ["10个工作日", "十个工作日"]
    assert answer_variants("三十日") == ["三十日", "30日"]
    assert normalise_answer(" 十个工作日 ") == normalise_answer("10个工作日")
    assert normalise_answer("5个工作日") != normalise_answer("10个工作日")


# -- regkb quiz ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    """The quiz corpus indexed by `regkb ingest` (the CLI opens it with the real encoder)."""
    root = tmp_path_factory.mktemp("quiz-cli")
    corpus = root / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-quiz-rule", QUIZ_RULE, title="示例委托生产管理办法", cite_as="《示例委托生产管理办法》")
    write_doc(corpus, "demo-old-rule", OLD_RULE, title="旧示例办法", cite_as="《旧示例办法》", status="superseded")
    return root / "home", corpus


@pytest.fixture
def cli_env(cli_home, monkeypatch, capsys):
    home, corpus = cli_home
    monkeypatch.setenv("REGKB_HOME", str(home))
    monkeypatch.setenv("REGKB_CORPUS", str(corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    if not (home / "CURRENT").exists():
        assert main(["ingest"]) == 0
    capsys.readouterr()
    return home


def test_cli_writes_json_with_the_documented_schema(cli_env, tmp_path, capsys):
    out = tmp_path / "quiz.json"
    code = main(["quiz", "--n", "8", "--seed", "1", "--types", "single,truefalse", "fill", "--format", "json",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "已将 8 道题" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["items"]) == 8 and {i["type"] for i in data["items"]} <= {"single", "truefalse", "fill"}
    for item in data["items"]:
        assert {"id", "type", "stem", "options", "answer", "explanation", "citation", "difficulty", "tags"} <= set(item)
    again = tmp_path / "again.json"
    main(["quiz", "--n", "8", "--seed", "1", "--types", "single,truefalse", "fill", "--format", "json",
          "--out", str(again)])
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_cli_paper_formats_write_the_key_beside_the_paper(cli_env, tmp_path, capsys):
    out = tmp_path / "paper.docx"
    assert main(["quiz", "--n", "4", "--parties", "注册人", "--format", "docx", "--out", str(out)]) == 0
    assert out.exists() and (tmp_path / "paper-answers.docx").exists()
    assert main(["quiz", "--n", "4", "--format", "anki", "--out", str(tmp_path / "deck.apkg")]) == 0
    assert zipfile.is_zipfile(tmp_path / "deck.apkg")


def test_cli_refuses_unknown_filters(cli_env, tmp_path, capsys):
    code = main(["quiz", "--types", "essay", "--format", "json", "--out", str(tmp_path / "x.json")])
    assert code == 2 and "无法识别的题型：essay" in capsys.readouterr().err
    code = main(["quiz", "--docs", "demo-old-rule", "--format", "json", "--out", str(tmp_path / "x.json")])
    assert code == 1 and "没有符合这些条件的题目" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_cli_writes_item_statistics(cli_env, tmp_path, capsys):
    from qa_app.quiz.stats import record_response

    out = tmp_path / "stats.xlsx"
    assert main(["quiz", "--stats", str(out)]) == 1
    assert "还没有记录任何答题" in capsys.readouterr().err and not out.exists()
    data = tmp_path / "quiz.json"
    assert main(["quiz", "--n", "3", "--types", "scenario", "single", "--format", "json", "--out", str(data)]) == 0
    item = from_json(data.read_text(encoding="utf-8"))[0]
    record_response(cli_env, "learner-1", item, item.answer, True)
    assert main(["quiz", "--stats", str(out)]) == 0
    assert "已将 1 道题的统计写入" in capsys.readouterr().out
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet["A2"].value == item.id and sheet["E2"].value == 1
    assert main(["quiz", "--stats", str(tmp_path / "stats.txt")]) == 2
    assert main(["quiz", "--n", "3"]) == 2 and "需要 --format 和 --out" in capsys.readouterr().err
