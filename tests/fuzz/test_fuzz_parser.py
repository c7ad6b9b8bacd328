"""The regulation parser under hostile input: front matter -> Document -> clauses -> duties.

Whatever the text, `parse_document` either gives a Document or refuses with an InputError
that says why; `segment` and `DutyAnnotator.annotate` never crash and never hang; every
clause is an exact, non-empty slice of the source with a unique id; every duty sentence is
an exact slice of its clause.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given

from ingest.corpus import parse_document
from ingest.duties import DutyAnnotator
from ingest.errors import InputError
from ingest.numerals import int_to_cn
from ingest.structure import MAX_PIECE_CHARS, segment
from tests.fuzz.strategies import FUZZ, MB, body_text, document_source, nested, run_bounded, wall_clock

ANNOTATOR = DutyAnnotator()


def parse(source: str):
    """The ingest pipeline for one file; None where the file is refused."""
    try:
        doc = parse_document(source, fallback_id="fuzz-doc", name="fuzz.md")
    except InputError as exc:
        assert str(exc).startswith("fuzz.md: ")
        return None, []
    annotator = ANNOTATOR.for_document(doc.meta)
    addressee = annotator.addressed_to(doc.meta)
    return doc, [annotator.annotate(c, addressee) for c in segment(doc)]


def check(doc, clauses) -> None:
    ids = [c.id for c in clauses]
    assert len(ids) == len(set(ids)), "duplicate clause ids"
    for clause in clauses:
        start, end = clause.span
        assert doc.body_start <= start < end <= len(doc.source), clause.id
        assert doc.source[start:end] == clause.text, clause.id
        assert clause.text.strip(), clause.id
        assert clause.id.startswith(doc.id + ":") and clause.id.isascii(), clause.id
        assert 1 <= clause.part <= clause.parts
        for duty in clause.duties:
            assert clause.text[duty.start:duty.start + len(duty.sentence)] == duty.sentence, clause.id


def summary(source: str) -> tuple[int, int]:
    """Parse in a forked child (see `run_bounded`): clause count and longest clause."""
    doc, clauses = parse(source)
    check(doc, clauses)
    return len(clauses), max((len(c.text) for c in clauses), default=0)


@FUZZ
@given(document_source())
@example("---\nid: fuzz-doc\n---\n")
@example("\n\n\n   \n\u3000\n")
@example("a|b\n-|-\n第一条 甲\n第二条 乙\n第三条 丙\n")  # articles inside a table crashed run_articles
@example("第一条 甲\n（一）项。\n")  # an article holding an item in an outline crashed _token
@example("\x0b")  # a line break other than \r\n was kept as a clause of its own
def test_any_document_parses_or_is_refused(source):
    with wall_clock():
        doc, clauses = parse(source)
        if doc is not None:
            check(doc, clauses)


@FUZZ
@given(body_text(40))
def test_parsing_is_deterministic(body):
    """Ids survive re-ingest: the same text gives the same clauses."""
    source = "---\nid: fuzz-doc\n---\n" + body
    with wall_clock():
        first, second = parse(source)[1], parse(source)[1]
    assert first == second


# -- explicit hostile documents -------------------------------------------------------------------


HOSTILE = {
    "empty lines only": "\n" * 1000,
    "blank lines and spaces": " \n\t\n\u3000\n\u00a0\n" * 200,
    "control characters": "".join(chr(c) for c in range(32)) * 50 + "第一条 注册人应当负责。\n",
    "nested numbering, 50 levels": nested(50),
    "numbering that repeats": "一、总体要求\n" * 3000,
    "articles out of order": "".join(f"第{int_to_cn(n)}条 注册人应当负责。\n" for n in (1, 2, 3, 3, 2, 9, 4, 1, 5)),
    "articles that skip": "".join(f"第{int_to_cn(n)}条 注册人应当负责。\n" for n in range(1, 300, 7)),
    "huge table": "|条款|责任方|\n|---|---|\n" + "".join(f"|第{i}项|注册人应当负责。|\n" for i in range(5000)),
    "a table of separators": "|a|b|\n" + "|-|-|\n" * 20000,
    "malformed front matter": "---\nid: [x\n---\n第一条 甲。\n",
    "front matter never closed": "---\nid: x\n" + "第一条 甲。\n" * 100,
    "billion laughs front matter": "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    + "---\n第一条 甲。\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents(name):
    with wall_clock():
        doc, clauses = parse(HOSTILE[name])
        if doc is not None:
            check(doc, clauses)


def test_front_matter_that_would_break_the_index_is_refused_with_the_field_named():
    cases = {
        HOSTILE["billion laughs front matter"]: "front matter 过大",
        "---\naliases: 5\n---\n第一条 甲。\n": "'aliases' 必须是名称的列表",
        "---\nparty_terms: 注册人\n---\n第一条 甲。\n": "'party_terms' 必须把词语对应到当事方名称",
        "---\nparty_terms: {生产企业: [1, 2]}\n---\n": "'party_terms' 必须把词语对应到当事方名称",
        "---\ntitle: [a, b]\n---\n": "'title' 只能是单个值",
        "---\n2024-01-01: x\n---\n": "字段名必须是文本：请给 '2024-01-01' 加上引号",
        "---\n- a\n---\n": "必须是“字段: 值”形式的 YAML 映射",
        "---\nid: [unclosed\n---\n": "不是合法的 YAML",
    }
    for source, phrase in cases.items():
        with pytest.raises(InputError, match=phrase.replace("[", r"\[")):
            parse_document(source, fallback_id="x", name="doc.md")


def test_one_megabyte_single_line_is_cut_into_bounded_clauses():
    """One endless sentence is cut (after a comma where there is one) so that no clause,
    and so no duty sentence, is unbounded."""
    line = ("受托生产企业应当按照质量协议负责生产放行，" * MB)[: MB // 3]
    count, longest = run_bounded(summary, line, seconds=120)
    assert count >= len(line) // MAX_PIECE_CHARS and longest <= MAX_PIECE_CHARS
    # Without commas or spaces it is cut at the limit.
    count, longest = run_bounded(summary, "注" * MB, seconds=120)
    assert count >= MB // MAX_PIECE_CHARS and longest <= MAX_PIECE_CHARS


@pytest.mark.parametrize("name,source", [
    ("pipes", "|" * MB + "x"),  # the table-separator pattern backtracked quadratically
    ("spaces", "注册人" + " " * MB + "应当负责。"),  # a cut in a run of spaces gave a clause of spaces
    ("sentences", ("注册人应当负责产品上市放行。" * MB)[: MB // 3]),
    ("lines", ("第一条 注册人应当负责。\n" * MB)[: MB]),
    # Quadratic before the fixes (minutes at this size), about a second now.
    ("one number repeated", "一、总体要求\n" * 100_000),
    ("a table of separators", "|a|b|\n" + "|-|-|\n" * 100_000),
])
def test_one_megabyte_inputs_finish(name, source):
    count, longest = run_bounded(summary, source, seconds=120)
    assert count >= 1 and longest <= 2 * MAX_PIECE_CHARS, name


# -- regressions: bugs the fuzzing found, fixed in ingest/structure.py and ingest/corpus.py ------


def clauses_of(body: str):
    return segment(parse_document(body, fallback_id="x"))


def test_article_lines_inside_a_table_are_cells_not_articles():
    # Crashed with TypeError: the article scan saw 第X条 lines that the reader skipped as table cells.
    clauses = clauses_of("a|b\n-|-\n第一条 甲\n第二条 乙\n第三条 丙\n")
    assert [c.kind for c in clauses] == ["table_row"] and "第三条 丙" in clauses[0].text


def test_an_article_can_hold_items_in_a_document_read_as_an_outline():
    # Crashed with KeyError 'tiao': fewer than three articles make an outline, where 第一条 is a level.
    clauses = clauses_of("第一条 甲\n（一）注册人应当负责。\n（二）受托生产企业应当负责。\n")
    assert [(c.id, c.ref) for c in clauses] == [("x:art1/i1", "《x》 第一条（一）"), ("x:art1/i2", "《x》 第一条（二）")]


def test_repeated_numbering_gets_numbered_suffixes():
    # The suffixes are what they were before _unique was made linear.
    assert [c.id for c in clauses_of("一、甲。\n一、乙。\n一、丙。\n二、丁。\n")] == ["x:s1", "x:s1+2", "x:s1+3", "x:s2"]


def test_table_separator_check_agrees_with_the_markdown_pattern():
    import re

    from ingest.structure import _is_table_separator

    # The pattern it replaces, whose backtracking was quadratic in the line length.
    old = re.compile(r"^\|?[\s:|-]+\|[\s:|-]*$")
    samples = ["|---|---|", "---|---", "-|", "|-", "||", "|", "| : |", ":|:", "|x|", "a|b", "- - -", "|||",
               "|-|-|x", " |", "|\u3000|", "--", "|:--|--:|", "-\t|"]
    for text in samples:
        assert _is_table_separator(text) == bool(old.match(text)), text
    assert not _is_table_separator("|" * MB + "x")


def test_an_endless_sentence_is_cut_after_a_comma():
    body = "注册人应当负责，" * 300
    clauses = clauses_of(body)
    assert len(clauses) > 1 and all(len(c.text) <= MAX_PIECE_CHARS for c in clauses)
    assert all(c.text.endswith("，") for c in clauses[:-1])
    assert "".join(c.text for c in clauses) == body.strip()


def test_blank_lines_of_any_kind_make_no_clause():
    # \x0b, \x85, \u2028 ... end lines for splitlines() but were kept as the text of a clause.
    source = "第一条 甲。\x0b\x85\u2028\u2029\x1c\u2000\n第二条 乙。"
    assert [c.text for c in clauses_of(source)] == ["第一条 甲。", "第二条 乙。"]
