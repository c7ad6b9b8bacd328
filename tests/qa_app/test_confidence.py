"""The answer's confidence: a calibrated logistic model over what the answerer knows (see
qa_app/answer/confidence.py and evals/calibrate.py). Questions here are written for this test."""

import json
from dataclasses import replace

import pytest

from qa_app.answer import Answerer, confidence_level
from qa_app.answer.confidence import CALIBRATION, Signals, calibration, confidence

# One answer as the answerer might see it; each test varies what it is about.
SURE = Signals(fit=1.0, coverage=0.9, margin=0.4, cannot_tell=False, slot="who", verdict=None, modality="must",
               holder_asked=True, quoted_top=True, missing=0, missing_share=0.0, everyday=0, unknown=0.0, clauses=1)
SHAKY = Signals(fit=0.5, coverage=0.4, margin=0.02, cannot_tell=False, slot="whether_may", verdict="yes",
                modality="must", holder_asked=False, quoted_top=False, missing=3, missing_share=0.4, everyday=2,
                unknown=0.3, clauses=3)


def test_the_shipped_calibration_loads_and_weighs_every_signal():
    data = json.loads(CALIBRATION.read_text(encoding="utf-8"))
    model = calibration()
    assert model.intercept == data["intercept"]
    assert set(model.weights) == set(SURE.features())  # no signal left out, none unknown
    assert model.weights["fit"] > 0  # a rule that fits better makes the answer surer


@pytest.mark.parametrize("signals", [SURE, SHAKY, replace(SURE, slot="whether_must", verdict="no", modality="must_not"),
                                     replace(SHAKY, slot="when", verdict=None, cannot_tell=True)])
def test_confidence_never_falls_as_the_quoted_rule_fits_better(signals):
    values = [confidence(replace(signals, fit=fit / 10)) for fit in range(11)]
    assert values == sorted(values)


@pytest.mark.parametrize("signals", [SURE, SHAKY, replace(SURE, slot="items", coverage=1.0, margin=1.0)])
def test_an_answer_that_cannot_tell_is_never_high(signals):
    assert confidence_level(confidence(replace(signals, cannot_tell=True))) == "低"


def test_a_clear_answer_is_high_and_a_stretched_one_is_not():
    assert confidence_level(confidence(SURE)) == "高"
    assert confidence_level(confidence(SHAKY)) != "高"


@pytest.mark.parametrize("slot,modality", [("whether_may", "must"), ("whether_must", "may"),
                                           ("whether_may", "default_rule")])
def test_yes_from_a_rule_of_the_other_modality_is_less_sure(slot, modality):
    """可以吗 answered 可以 from a rule that says 应当 (必须吗 from one that says 可以): a stretch."""
    asked = {"whether_may": "may", "whether_must": "must"}[slot]
    stretched = replace(SURE, slot=slot, verdict="yes", modality=modality)
    matching = replace(stretched, modality=asked)
    assert confidence(stretched) < confidence(matching)


@pytest.fixture(scope="module")
def answerer(full_kb):
    return Answerer(full_kb)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "受托生产企业的厂房外墙能不能刷成蓝色？",
    "注册人的办公室窗帘必须是白色的吗？",
    "受托生产企业的会议室能不能摆绿植？",
    "受托生产企业的宣传册可以用蓝色封面吗？",
])
def test_a_question_no_rule_answers_is_answered_with_low_confidence(answerer, question):
    answer = answerer.ask(question)
    assert answer.answer.startswith("未能从条文中确定")
    assert answer.confidence_level == "低" and answer.signals.cannot_tell


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "受托生产企业能不能把受托的产品再转委托给别家？",
    "产品上市放行能不能交给受托生产企业去做？",
    "谁负责产品的上市放行？",
])
def test_a_question_a_rule_answers_directly_is_answered_with_high_confidence(answerer, question):
    answer = answerer.ask(question)
    assert answer.confidence_level == "高" and not answer.signals.cannot_tell


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "注册人的员工可以养猫吗？",
    "受托方可以自己保存生产记录吗？",
    "代工厂可以自己做生产放行吗？",
    "受托生产企业可以建立质量管理体系吗？",
])
def test_may_answered_from_a_duty_is_not_shown_as_sure(answerer, question):
    """可以吗 answered 可以，而且应当 rests on a rule of another modality than the one asked."""
    answer = answerer.ask(question)
    assert answer.verdict == "yes" and answer.signals.features()["yes_across"] == 1.0
    assert answer.confidence_level != "高"
