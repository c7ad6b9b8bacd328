"""The question path under hostile input: any question, filter or k gives an Answer (or a
RegkbError with a message) in bounded time, and every citation is verbatim corpus text.

The index is built once for the module from the small test corpus plus documents that are
hostile themselves (control characters, fifty levels of numbering, a long table), with the
deterministic hash embedder; a few explicit questions also go through the real encoder.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ingest.errors import RegkbError
from qa_app.answer import Answerer
from tests.conftest import NOTICE, RULE, indexed, write_doc
from tests.fuzz.strategies import FUZZ, MB, any_text, nested, wall_clock, words

HOSTILE_DOCS = {
    "fuzz-control": "第一条 注册人应当负责\x07产品\x1b[31m上市放行。\n第二条 受托生产企业\x00不得再次委托。\n"
                    "第三条 \u202e注册人\u200b可以委托生产。\n",
    "fuzz-nested": nested(50),
    "fuzz-table": "|条款|责任方|\n|---|---|\n" + "".join(f"|第{i}项|受托生产企业应当负责生产放行。|\n" for i in range(300)),
}


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("fuzz-corpus")
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    for doc_id, body in HOSTILE_DOCS.items():
        write_doc(corpus, doc_id, body, title=doc_id)
    return Answerer(indexed(corpus, tmp_path_factory.mktemp("fuzz-home")))


def check(kb, answer) -> None:
    assert isinstance(answer.answer, str) and answer.answer
    assert 0.0 <= answer.confidence <= 1.0
    for citation in answer.citations:
        clause = kb.clauses[citation.clause_id]
        assert citation.text == clause.text and citation.doc_id == clause.doc_id
    answer.to_dict()  # the JSON contract holds whatever the question


def ask(answerer, question, **options):
    try:
        answer = answerer.ask(question, **options)
    except RegkbError as exc:
        assert str(exc)
        return None
    check(answerer.kb, answer)
    return answer


# Lone surrogates are left out here: the test's hash embedder cannot encode them either.
# The real encoder's failure on them is `test_a_lone_surrogate_in_a_question` below.
QUESTION = st.one_of(any_text(60), words(12), st.text(st.sampled_from("第条（）一二三四五六七八九十0123456789.、号公告"),
                                                      max_size=40))


@FUZZ
@given(QUESTION)
@example("")
@example("\x00\x01\x02")
@example("38号公告第" + "一" * 5000 + "条")
@example("1." * 5000)
@example("示例办法第三条")
@example("fuzz-nested 1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1")
def test_any_question_gets_an_answer(answerer, question):
    with wall_clock():
        ask(answerer, question)


@FUZZ
@given(QUESTION, st.integers(1, 50),
       st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(["demo-rule", "fuzz-table"]), any_text(10)),
                                     max_size=3)),
       st.booleans(),
       st.one_of(st.none(), st.lists(st.sampled_from(["national", "provincial", "district", ""]), max_size=2)))
@example("企业", 1, None, False, None)  # quotes a national and a local text with k=1
def test_any_filters(answerer, question, k, doc_ids, in_force_only, levels):
    with wall_clock():
        answer = ask(answerer, question, k=k, doc_ids=doc_ids, in_force_only=in_force_only, levels=levels)
    if answer is not None:
        # k clauses, or more when the answer quotes more (every quote is cited: a 另见 line with k=1).
        assert len(answer.citations) <= max(k, len(answer.evidence))
        assert set(answer.evidence) <= {c.clause_id for c in answer.citations}
        if doc_ids:  # an empty list means no filter, as on the command line
            assert {c.doc_id for c in answer.citations} <= set(doc_ids)


@FUZZ
@given(QUESTION, st.integers(1, 30))
def test_any_search(answerer, query, k):
    with wall_clock():
        hits = answerer.kb.search(query, k)
    assert len(hits) <= k
    assert all(hit.clause.normative for hit in hits)


def test_one_megabyte_question(answerer):
    question = ("注册人能不能把上市放行交给受托生产企业？" * MB)[: MB // 3]
    # In this process (the knowledge base runs threads, which a forked guard could deadlock on).
    # Refused at once with a message: a question is not a document.
    with wall_clock(5):
        answer = ask(answerer, question)
    assert answer is not None and answer.abstained and "问题过长" in answer.answer


# -- the real encoder ---------------------------------------------------------------------------------

REAL_QUESTIONS = [
    "",
    " \t\u3000\n",
    "\x00\x07\x1b[2J",
    "谁负责产品上市放行？\u200b\u202e\ufeff",
    "🙂🙂🙂 代工厂可以再外包给别家吗？",
    "38号公告第" + "八" * 200 + "条",
    "条例第三十五条" * 500,
    ("受托生产企业应当负责生产放行吗" * 1000)[:10_000],
]


@pytest.mark.slow
@pytest.mark.parametrize("question", REAL_QUESTIONS, ids=range(len(REAL_QUESTIONS)))
def test_hostile_questions_with_the_real_encoder(full_kb, question):
    with wall_clock(120):
        ask(Answerer(full_kb), question)


@pytest.mark.slow
def test_a_lone_surrogate_in_a_question(full_kb):
    """regkb ask $'\\xff' hands Python a lone surrogate; the encoder drops it and answers."""
    answer = ask(Answerer(full_kb), "\udcff谁负责产品上市放行？")
    assert answer is not None and not answer.abstained


@pytest.mark.slow
def test_an_overlong_question_is_refused_quickly(full_kb):
    answer = Answerer(full_kb).ask("谁负责产品上市放行？" * 1000)
    assert answer.abstained and "问题过长" in answer.answer
