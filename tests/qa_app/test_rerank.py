"""The fitted order of the citations listed after the clauses an answer quotes (qa_app/answer/rerank.py).

Wordings are written for these tests, never taken from the evaluation sets."""

import json

import pytest

from qa_app.answer import Answerer, rerank


def _write(path, **data):
    path.write_text(json.dumps({"use": True, "features": list(rerank.FEATURES), "mean": [0.0] * len(rerank.FEATURES),
                                "std": [1.0] * len(rerank.FEATURES), "w": [0.0] * len(rerank.FEATURES), **data}))
    return path


def test_weights_are_used_only_when_fitted_for_these_features_and_marked_for_use(tmp_path):
    assert rerank.model(tmp_path / "none.json") is None
    assert rerank.model(_write(tmp_path / "off.json", use=False)) is None
    assert rerank.model(_write(tmp_path / "old.json", features=["fused"])) is None
    assert rerank.model(_write(tmp_path / "on.json")) is not None


def test_the_score_is_a_dot_product_of_standardized_features(tmp_path):
    n = len(rerank.FEATURES)
    data = rerank.model(_write(tmp_path / "w.json", mean=[1.0] * n, std=[2.0] * n, w=[1.0] + [0.0] * (n - 1)))
    assert rerank.score(data, (5.0,) + (0.0,) * (n - 1)) == pytest.approx(2.0)


def test_the_shipped_weights_are_fitted_for_todays_features():
    data = json.loads(rerank.WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(rerank.FEATURES) and len(data["w"]) == len(rerank.FEATURES)


@pytest.mark.slow
def test_the_shipped_weights_are_not_in_use_and_the_hand_set_order_stays(full_kb):
    # Not in use: the follow-up readers look for the next answer among the turn before's citations
    # (evals/results/POOL-RERANK-STUDY.md says what fell).
    assert Answerer(full_kb).citation_order is None


@pytest.fixture(scope="module")
def answerers(full_kb):
    fitted, hand = Answerer(full_kb), Answerer(full_kb)
    fitted.citation_order = json.loads(rerank.WEIGHTS.read_text(encoding="utf-8"))
    hand.citation_order = None
    return fitted, hand


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "代加工的工厂换了生产地址，注册人那边要办什么手续？",
    "委托别人生产以后，产品出了质量问题由哪一方先担责？",
    "受托生产的企业需要每年向药监局交自查报告吗？",
    "跨省委托生产时，两边的省局分别管哪些事？",
])
def test_the_fitted_order_moves_only_the_citations_no_answer_line_quotes(answerers, question):
    fitted, hand = answerers
    answer, plain = fitted.ask(question), hand.ask(question)
    assert (answer.answer, answer.parties, answer.verdict, answer.evidence) == (
        plain.answer, plain.parties, plain.verdict, plain.evidence)
    ids = [c.clause_id for c in answer.citations]
    quoted = list(dict.fromkeys(e for e in answer.evidence if e in ids))
    assert ids[:len(quoted)] == quoted
    scores = [c.score for c in answer.citations[len(quoted):]]
    assert scores == sorted(scores, reverse=True)
