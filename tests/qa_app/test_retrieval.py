"""One retrieval path: filters inside the engines, exact references first, the tuned fusion.

On the full shipped corpus with the bundled encoder (the filters matter where one small
document is outranked by the whole corpus)."""

import json
import shutil

import numpy as np
import pytest

from ingest.index import LAYOUT
from qa_app.kb import KnowledgeBase
from qa_app.retrieval import DENSE_WEIGHT, RRF_K, Filter

pytestmark = pytest.mark.slow

BANAN = "chongqing-banan-2021-work-plan"
REGULATION = "state-council-order-739-md-regulation"
FILTERS = [
    Filter.of([BANAN]),
    Filter.of(["hubei-entrusted-production-qms-guide", BANAN]),
    Filter.of(in_force_only=True),
    Filter.of(levels=["district"]),
    Filter.of(levels=["provincial"], in_force_only=True),
    Filter.of(["gmp-2014-64"]),
]
QUERIES = ["受托生产企业", "不良事件 报告 时限", "谁负责产品放行", "代工厂能不能转包", "监督检查 频次", "质量协议 变更"]


def bm25_scores(kb, query) -> dict[str, float]:
    tokens = [t for t in kb.tokenizer.expand(query, kb._bm25.vocab_dict) if t in kb._bm25.vocab_dict]
    return dict(zip(kb._bm25_ids, kb._bm25.get_scores(tokens).tolist()))


def cosines(kb, query) -> dict[str, float]:
    vectors = np.load(kb.generation / "vectors.npy")
    return dict(zip(kb._bm25_ids, (vectors @ kb.embedder.embed([kb.tokenizer.expand_text(query)])[0]).tolist()))


def best(scores: dict[str, float], allowed, n) -> list[float]:
    """The exact filtered ranking: the best n scores among the allowed clauses (brute force)."""
    return sorted((s for c, s in scores.items() if c in allowed), reverse=True)[:n]


@pytest.mark.parametrize("where", FILTERS, ids=str)
def test_filtered_rankings_equal_the_exact_filtered_rankings(full_kb, where):
    allowed = full_kb.retriever.allowed(where)
    assert allowed and len(allowed) < len(full_kb._bm25_ids)
    for query in QUERIES:
        scores = bm25_scores(full_kb, query)
        keyword = full_kb.retriever.keyword(query, where, 30)
        assert set(keyword) <= allowed
        assert np.allclose([scores[c] for c in keyword], best({c: s for c, s in scores.items() if s > 0}, allowed, 30))
        # Deep enough, every allowed clause with a word of the query is found.
        assert {c for c in allowed if scores[c] > 0} == set(full_kb.retriever.keyword(query, where, len(allowed)))

        sims = cosines(full_kb, query)
        dense = full_kb.retriever.dense(query, where, 30)
        assert set(dense) <= allowed and len(dense) == min(30, len(allowed))
        assert np.allclose([sims[c] for c in dense], best(sims, allowed, 30), atol=1e-5), query


def test_a_document_filter_finds_every_clause_of_that_document_with_the_words(full_kb):
    """Filtering 4x the candidates afterwards found 1 clause of the Banan work plan here."""
    hits = full_kb.search("受托生产企业", 20, doc_ids=[BANAN])
    assert {h.clause.doc_id for h in hits} == {BANAN}
    keyword_hits = [h for h in hits if h.bm25_rank is not None]
    assert len(keyword_hits) >= 9
    assert hits[:len(keyword_hits)] == keyword_hits  # the clauses with the words come first


def test_an_exact_reference_comes_first(full_kb):
    hits = full_kb.search("条例第三十五条", 5)
    assert hits[0].clause.id == f"{REGULATION}:art35"
    assert "《医疗器械监督管理条例》" in hits[0].clause.ref
    assert len({h.clause.id for h in hits}) == len(hits) == 5
    # A filter that leaves the regulation out leaves its article out too.
    hits = full_kb.search("条例第三十五条", 5, doc_ids=[BANAN])
    assert hits and all(h.clause.doc_id == BANAN for h in hits)


def test_search_uses_the_tuned_fusion(full_kb):
    hits = full_kb.search("质量协议 变更", 10)
    for hit in hits:
        expected = (1 / (RRF_K + hit.bm25_rank) if hit.bm25_rank else 0) + (
            DENSE_WEIGHT / (RRF_K + hit.dense_rank) if hit.dense_rank else 0)
        assert hit.score == pytest.approx(expected)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_the_clause_terms_are_read_from_the_index(full_kb):
    assert (full_kb.generation / "terms.json").exists() and full_kb.manifest["layout"] == LAYOUT
    computed = {c.id: frozenset(full_kb.tokenizer.tokens(c.context_text)) for c in full_kb.clauses.values()
                if c.id in set(full_kb._bm25_ids)}
    assert full_kb.clause_terms == computed


def test_an_index_of_the_older_layout_is_read_correctly(full_kb, tmp_path):
    """A generation written before terms.json and the document id in the vector metadata:
    the same clauses are found (ranked in full, then filtered), the terms worked out again."""
    home = tmp_path / "home"
    shutil.copytree(full_kb.generation.parent.parent, home)
    generation = home / "generations" / full_kb.generation.name
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    del manifest["layout"]
    (generation / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (generation / "terms.json").unlink()
    old = KnowledgeBase(generation, manifest, full_kb.embedder, full_kb.tokenizer)
    assert old.clause_terms == full_kb.clause_terms
    for where in FILTERS[:3]:
        for query in QUERIES[:3]:
            assert old.retriever.dense(query, where, 20) == full_kb.retriever.dense(query, where, 20)


def test_keyword_ranking_of_texts_held_in_memory():
    from qa_app.retrieval import KeywordRanking

    ranking = KeywordRanking([["受托方", "生产放行"], ["委托方", "上市放行", "上市放行"], [], ["保密"]])
    # The clause saying 上市放行 twice comes first; 受托方 alone is weaker; a clause sharing no
    # word (or an empty one) is not ranked; an unknown word changes nothing.
    assert ranking.rank(["上市放行", "受托方", "上市放行", "不存在的词"]) == [1, 0]
    assert ranking.rank(["不存在的词"]) == []
    assert KeywordRanking([]).rank(["上市放行"]) == []
