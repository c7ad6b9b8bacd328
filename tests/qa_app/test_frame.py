"""The question frame's rules, each with a paraphrase table written for this test (no eval
question appears here): a rule that only fits one sentence fails its own test."""

import pytest

from qa_app.answer.frame import negated, read_slot, several


@pytest.mark.parametrize("question", [
    "开办一家器械生产企业需要具备哪些条件？",
    "质量协议里应当包括哪些内容？",
    "说明书必须写明什么内容？",
    "申请生产许可要满足哪些条件",
    "调查评估报告都有哪些要素？",
])
def test_list_questions_ask_for_items(question):
    assert read_slot(question) == "items"


@pytest.mark.parametrize("question", [
    "严重伤害事件多少天内要报上去？",
    "年度自查报告最晚什么时候交？",
    "变更以后几个工作日内去备案？",
    "召回决定作出后多久要通知到医院？",
])
def test_time_questions_ask_when(question):
    assert read_slot(question) == "when"


@pytest.mark.parametrize("question, slot", [
    ("受托方能不能把产品再交给别的厂生产？", "whether_may"),
    ("我们可以让代工厂直接放行上市吗？", "whether_may"),
    ("注册人是否允许委托两家企业生产同一产品？", "whether_may"),
    ("受托生产企业要不要自己做不良事件监测？", "whether_must"),
    ("注册人是否必须自己建立追溯体系？", "whether_must"),
    ("企业需要每年提交自查报告吗？", "whether_must"),
])
def test_yes_no_questions(question, slot):
    assert read_slot(question) == slot


@pytest.mark.parametrize("question", [
    "谁能签发上市放行单？",  # asks who, though it ends in 吗-less form
    "哪一方负责产品的生产放行？",
    "留样由谁来保存？",
])
def test_who_questions(question):
    assert read_slot(question) == "who"


@pytest.mark.parametrize("question", [
    "跨省委托的注册核查归哪个部门管？",
    "出了问题应该向哪个部门报告？",
    "日常监督检查由哪一级药监部门负责？",
])
def test_department_questions(question):
    assert read_slot(question) == "department"


@pytest.mark.parametrize("question", [
    "产品出了质量问题最后谁担责？",
    "委托生产的产品质量责任由谁承担？",
    "代工厂做坏了产品，责任归谁？",
])
def test_liability_questions(question):
    assert read_slot(question) == "liable"


@pytest.mark.parametrize("question, expected", [
    ("注册人和受托方各自要承担什么？", True),
    ("两地省局分别负责哪些检查？", True),
    ("委托双方在质量协议里要约定什么？", True),
    ("谁负责上市放行？", False),
    ("受托生产企业要做什么？", False),
])
def test_several_parties(question, expected):
    assert several(question) is expected


@pytest.mark.parametrize("question, expected", [
    ("可以不做年度自查吗？", True),
    ("是不是不用向省局报告？", True),
    ("能不能不留样？", True),
    ("可以委托生产吗？", False),
])
def test_negated_questions(question, expected):
    assert negated(question) is expected
