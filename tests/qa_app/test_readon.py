"""The read-on model's candidates: the sentence of the quoted clause right after each quote, verbatim."""

from types import SimpleNamespace

import pytest

from qa_app.answer import readon

CLAUSE = SimpleNamespace(id="doc:art9", text="第九条 甲单位应当在收到通知后五日内整改。其中涉及灭菌工序的，应当先行停产。\n"
                                               "乙单位应当配合整改。")

WORDINGS = [  # an answer's shapes around one quote (own wordings)
    "需要。「甲单位应当在收到通知后五日内整改。」（第九条）",
    "甲单位：「甲单位应当在收到通知后五日内整改。」（第九条）\n乙单位：未找到。",
    "应当整改。「甲单位应当在收到通知后五日内整改。」（第九条）另见第十条。",
]


@pytest.mark.parametrize("text", WORDINGS)
def test_the_next_sentence_of_the_quoted_clause_is_the_candidate(text):
    found = readon.candidates(text, [CLAUSE])
    assert [(c.sentence, c.next_paragraph) for c in found] == [("其中涉及灭菌工序的，应当先行停产。", False)]
    assert text[found[0].end] == "」"


@pytest.mark.parametrize("text", WORDINGS)
def test_without_a_model_nothing_is_added(text):
    assert readon.read_on(text, [CLAUSE], None, [], None, None) == text


def test_a_sentence_already_quoted_is_no_candidate_and_a_new_paragraph_is_marked():
    text = "「甲单位应当在收到通知后五日内整改。其中涉及灭菌工序的，应当先行停产。」（第九条）"
    found = readon.candidates(text, [CLAUSE])
    assert [(c.sentence, c.next_paragraph) for c in found] == [("乙单位应当配合整改。", True)]
