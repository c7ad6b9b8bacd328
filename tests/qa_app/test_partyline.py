"""Which questions ask about two sides side by side (the second-party line's trigger), and that without a
fitted model no line is added. Wordings written for this test."""

import pytest

from qa_app.answer import Answerer, partyline

pytestmark = pytest.mark.slow

PAIR = {"注册人/备案人", "受托生产企业"}


@pytest.fixture(scope="module")
def answerer(full_kb):
    return Answerer(full_kb)


@pytest.mark.parametrize("question", [
    "委托双方在留样这件事上各管哪一块？",
    "注册人和受托生产企业分别要保存哪些生产记录？",
    "留样的活，品牌方和代工厂各自负责什么？",
])
def test_a_question_about_both_sides_asks_for_each_sides_line(answerer, question):
    assert set(partyline.asked_sides(answerer.planner, answerer.frame(question))) == PAIR


@pytest.mark.parametrize("question", [
    "注册人要不要自己留样？",
    "受托生产企业留样要留多久？",
    "代工厂能不能自己决定放行？",
])
def test_a_question_about_one_side_asks_for_no_second_line(answerer, question):
    assert partyline.asked_sides(answerer.planner, answerer.frame(question)) == []


def test_without_a_model_the_answer_is_left_as_it_is(answerer):
    question = "委托双方在留样这件事上各管哪一块？"
    frame, terms = answerer.frame(question), answerer.action_terms(question)
    pool = answerer._rank(frame, terms, None, True, None)
    assert partyline.second_party(answerer.planner, frame, terms, pool, "注册人：…", ("注册人/备案人",), ["x"],
                                  None) == ("注册人：…", ("注册人/备案人",), ["x"])
