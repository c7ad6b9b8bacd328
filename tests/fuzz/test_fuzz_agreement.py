"""The file readers and the agreement reader under hostile input.

`ingest.readers.read_bytes` gives text or an InputError for any bytes under any of the four
suffixes, including damaged copies of real .docx and .pdf files; the agreement reader
(`qa_app/agreement/document.py`) splits whatever text it gets into clauses that are exact
slices of it, puts every non-blank line in exactly one clause, and refuses what it cannot use
with a message.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ingest.errors import InputError
from ingest.readers import MAX_BYTES, SUPPORTED_SUFFIXES, read_bytes
from ingest.structure import MAX_PIECE_CHARS
from qa_app.agreement.document import MAX_CLAUSES, agreement_from_bytes, agreement_from_text, split_clauses
from tests.conftest import REPO
from tests.fuzz.strategies import FUZZ, MB, any_text, body_text, run_bounded, wall_clock, words

AGREEMENTS = REPO / "evals" / "agreements"
PDF = (AGREEMENTS / "ten-year-term.pdf").read_bytes()
DOCX = (AGREEMENTS / "adverse-events-to-manufacturer.docx").read_bytes()


def read_or_refuse(data: bytes, name: str):
    """The contract of every reader: a usable result, or an InputError that quotes the file
    and says in Chinese what to do."""
    try:
        return read_bytes(data, name)
    except InputError as exc:
        assert f"“{name}”" in str(exc) and "请" in str(exc), str(exc)
        return None


def check_text(result) -> None:
    assert result.text.strip()
    assert "\r" not in result.text and "\x00" not in result.text and "\ufeff" not in result.text
    if result.pages is not None:
        assert len(result.pages) == len(result.text.split("\n"))


def check_agreement(agreement) -> None:
    check_clauses(agreement.text, agreement.clauses)


def check_clauses(text: str, clauses) -> None:
    assert 1 <= len(clauses) <= MAX_CLAUSES
    assert [c.index for c in clauses] == list(range(1, len(clauses) + 1))
    previous_end = 0
    for clause in clauses:
        start, end = clause.span
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == clause.text and clause.location
        previous_end = end
    # Nothing is lost: every non-blank line lies inside one clause (a very long one in consecutive pieces).
    offset = 0
    for line in text.split("\n"):
        if line.strip(" \t\u3000\u00a0"):
            inside = [c for c in clauses if c.span[0] < offset + len(line) and offset < c.span[1]]
            assert len(inside) == 1 or (len(line) > MAX_PIECE_CHARS and inside), line
        offset += len(line) + 1


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """A real file with bytes flipped, cut short or spliced: what a damaged download looks like."""
    def mutate(args):
        flips, cut, insert = args
        data = bytearray(seed)
        for position, value in flips:
            data[position % len(data)] = value
        data = data[:cut] if cut else data
        return bytes(data) + insert

    return st.tuples(st.lists(st.tuples(st.integers(0, len(seed)), st.integers(0, 255)), max_size=8),
                     st.one_of(st.none(), st.integers(1, len(seed))), st.binary(max_size=16)).map(mutate)


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(SUPPORTED_SUFFIXES))
@example(b"PK\x03\x04", ".docx")
@example(b"%PDF-1.4\n%%EOF", ".pdf")
@example(b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".docx")
def test_any_bytes_under_any_suffix(data, suffix):
    with wall_clock():
        result = read_or_refuse(data, "upload" + suffix)
    if result is not None:
        check_text(result)


@FUZZ
@given(st.one_of(mutated(PDF).map(lambda d: (d, "x.pdf")), mutated(DOCX).map(lambda d: (d, "x.docx"))))
def test_damaged_pdf_and_docx(case):
    data, name = case
    with wall_clock():
        result = read_or_refuse(data, name)
    if result is not None:
        check_text(result)


# Word cannot store characters outside XML 1.0 (most control characters); python-docx refuses them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(max_size=20):
    return st.one_of(words(), any_text(max_size)).map(lambda text: _NOT_XML.sub("", text))


@FUZZ
@given(st.lists(xml_text(), max_size=15),
       st.lists(st.lists(xml_text(8), min_size=1, max_size=4), max_size=6))
def test_generated_docx_with_any_text_and_tables(paragraphs, rows):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for row, cells in zip(table.rows, rows):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    with wall_clock():
        result = read_or_refuse(buffer.getvalue(), "gen.docx")
        if result is not None:
            check_text(result)
            check_agreement(agreement_from_bytes(buffer.getvalue(), "gen.docx"))


@FUZZ
@given(body_text(40), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), st.sampled_from([".txt", ".md"]))
def test_agreement_upload_in_any_encoding(body, encoding, suffix):
    data = body.encode(encoding, "replace")
    with wall_clock():
        try:
            agreement = agreement_from_bytes(data, "协议" + suffix)
        except InputError as exc:
            assert str(exc)
        else:
            check_agreement(agreement)


@FUZZ
@given(st.one_of(body_text(40), any_text(200, surrogates=True)))
@example("第一条 \ud800 乙方负责。")  # a lone surrogate crashed the size check
@example("第一条 乙方负责生产放行。\n第二条 甲方负责上市放行。\n第三条 其他。\n".encode("gbk").decode("utf-8", "surrogateescape"))
def test_pasted_text(text):
    with wall_clock():
        try:
            agreement = agreement_from_text(text)
        except InputError as exc:
            assert str(exc)
        else:
            check_agreement(agreement)


@FUZZ
@given(body_text(60))
def test_split_clauses_keeps_every_line(text):
    with wall_clock():
        clauses = split_clauses(text)
    if clauses:
        check_clauses(text, clauses)


# -- explicit hostile agreements --------------------------------------------------------------------


def agreement_summary(text: str) -> tuple[int, int]:
    try:
        agreement = agreement_from_text(text)
    except InputError as exc:
        return -1, len(str(exc))
    check_agreement(agreement)
    return len(agreement.clauses), max(len(c.text) for c in agreement.clauses)


@pytest.mark.parametrize("name,text", [
    ("one megabyte, one line", ("甲方应当负责产品上市放行，乙方负责生产放行" * MB)[: MB // 3]),
    ("one megabyte of numbering", "1." * (MB // 2)),
    ("50 levels deep", "\n".join(".".join(["1"] * depth) + " 乙方负责生产放行。" for depth in range(1, 51))),
    ("numbering that repeats", "第一条 乙方负责。\n" * 1500),
    ("a huge table", "|条款|内容|\n|---|---|\n" + "|1|乙方负责生产放行。|\n" * 50_000),
    ("blank lines only", "\n \n\t\n\u3000\n" * 10_000),
])
def test_hostile_agreements(name, text):
    count, size = run_bounded(agreement_summary, text, seconds=120)
    assert count != 0, name
    if count == -1:
        assert size > 0  # refused, with a message


def test_refusals_say_why():
    with pytest.raises(InputError, match="粘贴的文本是空的"):
        agreement_from_text("\n \n\u3000\n")
    with pytest.raises(InputError, match="粘贴的文本超过 10 MB 的上限"):
        agreement_from_text("甲" * (MAX_BYTES // 3 + 1))
    with pytest.raises(InputError, match="上限 2,000 个"):
        agreement_from_text("".join(f"{n}. 乙方负责。\n" for n in range(1, 2100)))
    with pytest.raises(InputError, match="超过 10 MB 的上限"):
        agreement_from_bytes(b"a" * (MAX_BYTES + 1), "big.txt")


def test_text_piped_in_as_gbk_is_decoded():
    """`regkb check -` reads standard input with undecodable bytes as surrogates (C.UTF-8
    locale); a GBK agreement piped in used to crash with UnicodeEncodeError."""
    raw = "第一条 乙方负责生产放行。\n第二条 甲方负责上市放行。\n第三条 其他。\n".encode("gbk")
    agreement = agreement_from_text(raw.decode("utf-8", "surrogateescape"), "标准输入")
    assert [c.text for c in agreement.clauses] == ["第一条 乙方负责生产放行。", "第二条 甲方负责上市放行。", "第三条 其他。"]
    assert agreement_from_text("第一条 \ud800乙方负责。").clauses[0].text == "第一条 \ufffd乙方负责。"
