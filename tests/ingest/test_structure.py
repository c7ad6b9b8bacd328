"""Parsing the shipped corpus into citable clauses."""

import re

import pytest

from ingest.corpus import load_document, parse_document
from ingest.numerals import int_to_cn
from ingest.structure import MAX_PIECE_CHARS, segment
from tests.conftest import CORPUS

SENTENCE_END = "。；！？：:.;"


@pytest.fixture(scope="module")
def parsed():
    out = {}
    for path in sorted(CORPUS.glob("*.md")):
        if path.name != "README.md":
            doc = load_document(path)
            out[doc.id] = (doc, segment(doc))
    return out


def articles(parsed, doc_id):
    return [c.number for c in parsed[doc_id][1] if c.kind == "article" and c.part == 1]


@pytest.mark.parametrize("doc_id,last", [
    ("state-council-order-739-md-regulation", 107),
    ("samr-order-53-production-supervision", 81),
    ("gmp-2025", 132),
    ("gmp-2014-64", 84),
    ("samr-order-47-registration-filing", 124),
    ("samr-order-1-adverse-event-monitoring", 80),
])
def test_rules_have_every_article_once_in_order(parsed, doc_id, last):
    assert articles(parsed, doc_id) == list(range(1, last + 1))


def test_notice_38_items_one_to_twenty(parsed):
    clauses = parsed["nmpa-2024-38-entrusted-production-notice"][1]
    items = [c.label for c in clauses if c.kind == "item"]
    assert items == [f"（{int_to_cn(n)}）" for n in range(1, 21)]


def test_hubei_guide_decimal_items(parsed):
    clauses = parsed["hubei-entrusted-production-qms-guide"][1]
    labels = [c.label for c in clauses if re.fullmatch(r"\d+\.\d+\.\d+", c.label)]
    assert labels[0] == "1.1.1" and labels[-1] == "11.2.3"
    in_source = re.findall(r"(?m)^(\d+\.\d+\.\d+)", parsed["hubei-entrusted-production-qms-guide"][0].source)
    assert labels == in_source and len(labels) == len(set(labels)) == 99
    assert {"1.1.3", "1.1.4", "1.1.5", "4.2.5", "4.2.6", "8.1.4"} <= set(labels)


@pytest.mark.parametrize("doc_id,clause_id,ref", [
    ("samr-order-53-production-supervision", "samr-order-53-production-supervision:art34",
     "《医疗器械生产监督管理办法》第三十四条"),
    ("nmpa-2024-38-entrusted-production-notice", "nmpa-2024-38-entrusted-production-notice:s1/i8",
     "2024年第38号公告 第（八）条"),
    ("hubei-entrusted-production-qms-guide", "hubei-entrusted-production-qms-guide:s3/d1.1.5", "湖北指南 1.1.5"),
])
def test_display_citations(parsed, doc_id, clause_id, ref):
    by_id = {c.id: c for c in parsed[doc_id][1]}
    assert by_id[clause_id].ref == ref


def test_every_clause_is_verbatim_nonempty_and_uniquely_identified(parsed):
    for doc_id, (doc, clauses) in parsed.items():
        assert clauses, doc_id
        ids = [c.id for c in clauses]
        assert len(ids) == len(set(ids)), doc_id
        for clause in clauses:
            assert clause.text.strip(), clause.id
            assert doc.source[clause.span[0]:clause.span[1]] == clause.text, clause.id
            assert clause.id.startswith(doc_id + ":") and clause.id.isascii()


def test_ids_stable_across_parses(parsed):
    for doc_id, (doc, clauses) in parsed.items():
        again = segment(load_document(CORPUS / f"{doc_id}.md"))
        assert [(c.id, c.ref, c.span) for c in again] == [(c.id, c.ref, c.span) for c in clauses]


def test_split_pieces_end_at_sentence_or_line_boundaries(parsed):
    split = 0
    for doc, clauses in parsed.values():
        for clause in clauses:
            if clause.parts > 1:
                split += 1
                assert len(clause.text) <= MAX_PIECE_CHARS + 200
                end = clause.span[1]
                at_line_end = end == len(doc.source) or doc.source[end] == "\n"
                assert at_line_end or clause.text[-1] in SENTENCE_END, clause.id
                assert clause.header or clause.kind == "preamble", clause.id
    assert split > 0  # the corpus has long articles; the rule above was exercised


def test_paperwork_is_non_normative(parsed):
    doc, clauses = parsed["shanxi-2021-61-vbp-quality-notice"]
    contact = [c for c in clauses if "联系人" in c.text or re.search(r"1\d{10}", c.text)]
    assert contact and all(not c.normative for c in contact)
    assert all(c.kind == "non_normative" for c in clauses if "抄送" in c.text[:4])
    for doc, clauses in parsed.values():
        for clause in clauses:
            if clause.normative:
                assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", clause.text), clause.id


def test_long_article_split_keeps_header_and_citation():
    long_tail = "受托生产企业应当按照质量协议组织生产并保存记录。" * 60
    source = f"---\nid: demo\ntitle: 示例\n---\n第一条 总则。\n\n第二条 注册人应当履行下列义务：{long_tail}\n\n第三条 附则。\n"
    clauses = segment(parse_document(source, fallback_id="demo"))
    pieces = [c for c in clauses if c.number == 2]
    assert len(pieces) > 1
    assert {c.ref for c in pieces} == {"《示例》第二条"}
    assert all(c.header.startswith("第二条") for c in pieces)
    assert [c.id for c in pieces] == [f"demo:art2~{i}" for i in range(1, len(pieces) + 1)]
    assert "".join(c.text for c in pieces).replace("\n", "") == source[source.index("第二条"):source.index("\n\n第三条")]


def test_markdown_table_rows_are_clauses():
    source = ("---\nid: t\ntitle: 表\n---\n## 一、检查要点\n\n| 序号 | 项目 | 要求 |\n|---|---|---|\n"
              "| 1 | 机构 | 注册人应当配备人员。 |\n| 2 | 文件 | 应当保存记录。 |\n")
    rows = [c for c in segment(parse_document(source, fallback_id="t")) if c.kind == "table_row"]
    assert [r.text for r in rows] == ["| 1 | 机构 | 注册人应当配备人员。 |", "| 2 | 文件 | 应当保存记录。 |"]
    assert rows[0].header.startswith("| 序号") and rows[0].path == ("一、检查要点",)


def test_article_followed_only_by_paperwork_keeps_its_text():
    source = ("---\nid: p\ntitle: 协议\n---\n第一条 总则。\n\n第二条 目的。\n\n第三条 范围。\n\n"
              "第四条 甲方负责上市放行。\n联系人：张三\n电话：13800000000\n")
    clauses = segment(parse_document(source, fallback_id="p"))
    fourth = [c for c in clauses if c.number == 4]
    assert [c.text for c in fourth] == ["第四条 甲方负责上市放行。"]
    assert {c.kind for c in clauses if "张三" in c.text or "1380" in c.text} == {"non_normative"}
