"""Hybrid search over the full shipped corpus with the bundled encoder."""

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from ingest.index import searchable

QUESTIONS = Path(__file__).parents[2] / "evals" / "questions.yaml"
pytestmark = pytest.mark.slow


def refs(hits):
    return [h.clause.ref for h in hits]


def test_market_release_question_finds_the_governing_clauses(full_kb):
    found = refs(full_kb.search("谁负责产品上市放行", 5))
    assert "2024年第38号公告 第（八）条" in found


def test_colloquial_question_uses_synonyms(full_kb):
    found = [h.clause.id for h in full_kb.search("代工厂能不能转包给别的厂", 5)]
    texts = " ".join(full_kb.clause(c).text for c in found)
    assert "再次委托" in texts or "转委托" in texts


def test_in_force_filter_excludes_superseded_gmp(full_kb):
    hits = full_kb.search("产品放行程序 放行条件 放行批准", 20, in_force_only=True)
    assert hits and all(h.clause.doc_id != "gmp-2014-64" for h in hits)
    assert any(h.clause.doc_id == "gmp-2014-64" for h in full_kb.search("产品放行程序 放行条件 放行批准", 20))


def test_doc_and_level_filters(full_kb):
    hits = full_kb.search("日常监督检查", 5, doc_ids=["nmpa-2022-cross-region-opinion"])
    assert hits and {h.clause.doc_id for h in hits} == {"nmpa-2022-cross-region-opinion"}
    hits = full_kb.search("监督检查", 5, levels=["district"])
    assert hits and all(full_kb.documents[h.clause.doc_id]["level"] == "district" for h in hits)


def test_results_are_normative_verbatim_and_distinct(full_kb):
    sources = {}
    for query in ("联系人 电话", "抄送", "质量协议 有效期", "不良事件 报告 时限"):
        hits = full_kb.search(query, 10)
        assert len({h.clause.id for h in hits}) == len(hits)
        for hit in hits:
            assert hit.clause.normative and hit.clause.kind != "non_normative"
            path = full_kb.manifest["documents"][hit.clause.doc_id]["path"]
            source = sources.setdefault(path, open(path, encoding="utf-8").read())
            assert source[hit.clause.span[0]:hit.clause.span[1]] == hit.clause.text


def test_empty_query_returns_nothing(full_kb):
    assert full_kb.search("   ", 5) == []


def test_dense_search_finds_the_true_nearest_clauses(full_kb):
    """The vector store's approximate search must agree with exact cosine ranking on the full
    corpus, or the same question gets other answers after a rebuild."""
    vectors = np.load(full_kb.generation / "vectors.npy")
    ids = [c.id for c in full_kb.clauses.values() if searchable(c)]
    questions = [q["question"] for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))[:60]]
    differ = []
    for question in questions:
        query = full_kb.embedder.embed([full_kb.tokenizer.expand_text(question)])[0]
        scores = dict(zip(ids, (vectors @ query).tolist()))
        exact = sorted(scores.values(), reverse=True)[:30]
        found = full_kb.retriever.dense(question, n=30)
        if not np.allclose([scores[c] for c in found], exact, atol=1e-5):
            differ.append(question)
        # Equal scores (the same text in two clauses) come in id order.
        assert all(scores[a] != scores[b] or a < b for a, b in zip(found, found[1:]))
    assert not differ, f"{len(differ)} of {len(questions)} questions ranked differently, e.g. {differ[:3]}"


def test_cli_search_looks_up_an_exact_reference_first(full_home, capsys):
    from qa_app.cli import main

    assert main(["search", "条例第三十五条", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits[0]["clause_id"] == "state-council-order-739-md-regulation:art35"
    assert hits[0]["doc_title"] == "医疗器械监督管理条例"


def test_cli_search_within_one_document_finds_all_its_clauses_with_the_words(full_home, capsys):
    from qa_app.cli import main

    assert main(["search", "受托生产企业", "--doc", "chongqing-banan-2021-work-plan", "--k", "20", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert len(hits) >= 9 and {h["doc_id"] for h in hits} == {"chongqing-banan-2021-work-plan"}


def test_search_page_looks_up_an_exact_reference_first(full_home):
    from streamlit.testing.v1 import AppTest

    from tests.qa_app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "search"
    at.run()
    at.text_input(key="query").input("条例第三十五条").run()
    assert not at.exception, [e.value for e in at.exception]
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert "医疗器械监督管理条例" in headings[0] and "第三十五条" in headings[0], headings[:3]
