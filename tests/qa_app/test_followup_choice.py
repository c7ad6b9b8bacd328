"""Follow-ups read by trying a handful of candidate readings and choosing one with the fitted model
(qa_app/data/followup_choice.json, evals/followup_choice_study.py). Paraphrase tables written for this test
(no eval question appears here)."""

from types import SimpleNamespace

import pytest

from ingest.duties import PartyLexicon
from qa_app.answer import Answerer, followup
from qa_app.answer.followup import readings, regulation_terms, substituted, with_matter

LEXICON = PartyLexicon()
TERMS = regulation_terms()


@pytest.mark.parametrize("previous, turn", [
    ("我们是注册人，委托外省工厂生产，质量协议要写哪些内容？", "多久要更新一次？"),
    ("品牌方找了代工厂，年度自查报告谁来交？", "交到哪里？"),
    ("代工厂能不能把生产再转包出去？", "注册人呢？"),
    ("注册人变更生产地址要找哪个部门？", "要多长时间？"),
])
def test_a_follow_up_has_the_turn_alone_the_rules_reading_and_the_turn_after_the_previous_question(previous, turn):
    read = dict(readings(turn, previous, LEXICON, (), TERMS))
    assert turn in read and "alone" in read[turn]
    assert any("rules" in made for made in read.values())
    appended = next(r for r, made in read.items() if "appended" in made)
    assert appended.startswith(previous.rstrip("？")) and appended.endswith(turn)
    assert len(read) <= followup.MAX_READINGS and len(set(read)) == len(read)


@pytest.mark.parametrize("previous, turn, reading", [
    ("我们是注册人，委托外省工厂生产，质量协议要写哪些内容？", "多久要更新一次？", "质量协议：多久要更新一次？"),
    ("品牌方找了代工厂，年度自查报告谁来交？", "交到哪里？", "年度自查报告：交到哪里？"),
    ("受托方发现产品有缺陷，召回由谁组织？", "需要通知经营企业吗？", "召回：需要通知经营企业吗？"),
])
def test_the_previous_matter_alone_leaves_its_case_party_and_asking_behind(previous, turn, reading):
    assert with_matter(turn.rstrip("？"), previous.rstrip("？"), LEXICON, TERMS) == reading


@pytest.mark.parametrize("previous, turn, reading", [
    ("受托方发现产品有缺陷，召回由谁组织", "经营企业呢", "经营企业发现产品有缺陷，召回由谁组织？"),
    ("代工厂能不能把生产再转包出去", "注册人呢", "注册人能不能把生产再转包出去？"),
    ("注册人要保存批记录吗", "那经营企业呢", "经营企业要保存批记录吗？"),
])
def test_a_party_the_turn_names_takes_the_place_of_the_previous_one(previous, turn, reading):
    assert substituted(turn, previous, LEXICON, TERMS) == reading


def _answer(clause: str, text: str, confidence: float = 0.5):
    citation = SimpleNamespace(clause_id=clause, text=text)
    return SimpleNamespace(evidence=(clause,), citations=(citation,), confidence=confidence, abstained=False,
                           signals=None)


@pytest.mark.parametrize("turn, right, wrong", [
    ("那留样呢？", "受托生产企业应当按照规定留样。", "注册人应当负责产品上市放行。"),
    ("生产记录要保存多久？", "生产记录应当保存至产品有效期后二年。", "注册人应当负责产品上市放行。"),
    ("出厂检验谁来做？", "受托生产企业负责出厂检验。", "注册人应当建立质量管理体系。"),
])
def test_the_chooser_prefers_the_reading_whose_clause_says_what_the_turn_names(turn, right, wrong, tokenizer):
    model = {"features": list(followup.FEATURES), "mean": [0.0] * len(followup.FEATURES),
             "std": [1.0] * len(followup.FEATURES),
             "w": [1.0 if f == "turn_cover" else 0.0 for f in followup.FEATURES]}
    previous = _answer("a:1", "注册人应当负责产品上市放行。")
    read = [("x", frozenset({"rules"}), _answer("a:1", wrong)), ("y", frozenset({"appended"}), _answer("b:2", right))]
    assert followup.choose(model, read, turn, "谁负责上市放行？", previous, tokenizer.tokens) == 1


@pytest.fixture(scope="module")
def answerer(full_kb):
    return Answerer(full_kb)


@pytest.mark.parametrize("first, then", [
    ("委托生产时谁负责上市放行？", "那代工厂出厂前要做什么？"),
    ("注册人的年度自查报告什么时候交？", "交到哪个部门？"),
    ("受托生产企业能不能再委托别的企业生产？", "那注册人呢？"),
])
def test_a_follow_up_is_answered_as_one_of_its_readings(answerer, first, then):
    history = [(first, answerer.ask(first))]
    answer = answerer.ask(then, history=history)
    read = answerer.followup_readings(then, first, history)
    assert answer.resolved_question in [r for r, _, _ in read] + [None]
    assert answer.answer in [a.answer for _, _, a in read]


@pytest.mark.parametrize("turn, own, other", [
    ("留样要保存多久？", "受托生产企业应当按照规定留样，保存至有效期后一年。", "受托生产企业应当按照规定留样。"),
    ("谁来签出厂放行？", "受托生产企业负责出厂放行，签字后方可出厂。", "受托生产企业负责出厂放行。"),
    ("植入类的能外包生产吗？", "植入性医疗器械不得委托生产，具体目录另行公布。", "植入性医疗器械不得委托生产。"),
])
def test_the_turn_as_asked_is_kept_where_the_other_reading_rests_on_the_same_clause_or_leads_barely(
        turn, own, other, tokenizer):
    model = {"features": list(followup.FEATURES), "mean": [0.0] * len(followup.FEATURES),
             "std": [1.0] * len(followup.FEATURES),
             "w": [1.0 if f == "made_appended" else 0.0 for f in followup.FEATURES]}
    previous = _answer("a:1", "注册人应当负责产品上市放行。")
    same = [("x", frozenset({"alone", "rules"}), _answer("c:3", own)), ("y", frozenset({"appended"}), _answer("c:3", other))]
    assert followup.choose(model, same, turn, "谁负责上市放行？", previous, tokenizer.tokens) == 0
    barely = {**model, "w": [followup.PLAINER if f == "made_appended" else 0.0 for f in followup.FEATURES]}
    apart = [same[0], ("y", frozenset({"appended"}), _answer("d:4", other))]
    assert followup.choose(barely, apart, turn, "谁负责上市放行？", previous, tokenizer.tokens) == 0
    assert followup.choose(model, apart, turn, "谁负责上市放行？", previous, tokenizer.tokens) == 1


def _favouring(generator: str) -> dict:
    """A model that rates only the reading made by ``generator``."""
    return {"features": list(followup.FEATURES), "mean": [0.0] * len(followup.FEATURES),
            "std": [1.0] * len(followup.FEATURES),
            "w": [5.0 if f == f"made_{generator}" else 0.0 for f in followup.FEATURES]}


@pytest.fixture(scope="module")
def chooser(full_kb):
    return Answerer(full_kb)


@pytest.mark.parametrize("first, then", [
    ("委托生产时谁负责上市放行？", "那生产放行呢？"),
    ("注册人的年度自查报告什么时候交？", "那代工厂呢？"),
    ("受托生产企业能不能再委托别的企业生产？", "那注册人呢？"),
])
def test_a_turn_the_rules_read_keeps_their_reading_unless_the_model_clearly_rates_another(chooser, first, then):
    history = [(first, chooser.ask(first))]
    ruled = followup.resolve(then, first, chooser.question_lexicon, history[0][1].parties, chooser._terms,
                             chooser.planner.time_case_lists, history[0][1].answer)
    assert ruled != then  # the rules read it with the turn before
    kept = chooser._choice
    try:
        chooser._choice = _favouring("rules")
        assert chooser.ask(then, history=history).resolved_question == ruled
        chooser._choice = _favouring("alone")
        alone = chooser.ask(then, history=history)
        assert alone.resolved_question in (None, then) or alone.answer == chooser.ask(then).answer
    finally:
        chooser._choice = kept


@pytest.mark.parametrize("first, then", [
    ("委托生产时注册人要审核受托方的哪些放行文件？", "还有吗？"),
    ("受托生产企业要保存生产记录吗？", "不保存会怎么样？"),
    ("注册人发现产品存在缺陷应当怎么做？", "然后呢？"),
])
def test_a_turn_asking_more_on_or_the_sanction_keeps_the_rules_path_whatever_the_model_rates(chooser, first, then):
    history = [(first, chooser.ask(first))]
    kept = chooser._choice
    try:
        chooser._choice = None
        plain = chooser.ask(then, history=history)
        chooser._choice = _favouring("alone")
        assert chooser.ask(then, history=history).answer == plain.answer
    finally:
        chooser._choice = kept
