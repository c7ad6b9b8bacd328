"""How a clause enumerates in its own text (qa_app.answer.plans): the sentence forms a list
question is answered from, each with a table of wordings written for this test."""

import pytest

from qa_app.answer.plans import counted_items, asked_list_bonus, inline_opening, lists_asked


@pytest.mark.parametrize("sentence, opening", [
    ("检查内容至少应当包括人员、场地、设备等。", "检查内容至少应当包括"),
    ("企业应当明确采购、验收、贮存等岗位的职责。", "企业应当明确"),
    ("对于高风险物料，如植入材料、灭菌包装、关键部件等，应当进行审核。", "对于高风险物料，如"),
    ("重点检查投诉较多、抽检不合格、舆情频发等产品。", "重点检查投诉较多"),
])
def test_a_sentence_that_lists_inline_opens_before_its_first_item(sentence, opening):
    assert inline_opening(sentence) == opening


@pytest.mark.parametrize("sentence", [
    "按照法律法规、质量管理规范、强制性标准组织生产。",  # things to follow, not a list asked for
    "注册人和受托生产企业应当签订质量协议。",
    "企业应当建立记录、保存记录。",  # two things only
])
def test_a_sentence_that_only_names_things_in_passing_lists_nothing(sentence):
    assert inline_opening(sentence) == ""


@pytest.mark.parametrize("text, lead, first, last", [
    ("各单位重点做好三项工作：一要建立台账。台账按月更新。二要开展培训。三要按时报告。",
     "各单位重点做好三项工作：", "一要建立台账。台账按月更新。", "三要按时报告。"),
    ("监管部门加强检查。一是要查记录；二是要查现场。\n\n下一段。", "监管部门加强检查。", "一是要查记录；", "二是要查现场。"),
    ("企业应当落实责任，一是建立制度。二是配备人员。", "企业应当落实责任，", "一是建立制度。", "二是配备人员。"),
])
def test_items_counted_in_a_paragraph_are_read_with_their_lead(text, lead, first, last):
    got_lead, items = counted_items(text)
    assert got_lead == lead and items[0] == first and items[-1] == last


@pytest.mark.parametrize("text", [
    "企业应当核实是否符合要求。一是否合格由检验判定。",  # 一是否 is no count
    "二要加强检查。三要按时报告。",  # does not count from 一
    "一要建立台账。",  # one item is no list
])
def test_text_without_a_count_from_one_has_nocounted_items(text):
    assert counted_items(text) is None


@pytest.mark.parametrize("question, opening, gains", [
    ("“关键岗位”包括哪些人员？", "本规定所称关键岗位包括：", True),
    ("「质量事故」具体指哪几种？", "本办法所称质量事故是指：", True),
    ("“关键岗位”包括哪些人员？", "对关键岗位进行考核的内容包括：", False),  # named, not defined
    ("检查结果分为几个等级？", "检查结果分为：", True),
    ("缺陷分几类？", "缺陷按风险程度分为：", True),
    ("检查结果包括哪些内容？", "检查结果分为：", False),
])
def test_a_list_that_says_what_the_question_form_asks_fits_better(question, opening, gains):
    assert (asked_list_bonus(question, opening) > 0) is gains


@pytest.mark.parametrize("question, sentence, named", [
    ("重点查哪些产品？", "重点对投诉多、抽检不合格、舆情频发等产品开展检查。", True),
    ("要明确哪几个部门的职责？", "至少明确技术、生产、质量等相关部门职责。", True),
    ("监测机构要做哪些工作？", "通过企业网站、用户随访、文献报道等途径，加强收集工作。", False),
    ("有哪些要求？", "按照法规、规范、标准等组织生产。", False),
])
def test_an_inline_list_of_what_the_question_asks_for(question, sentence, named):
    assert lists_asked(question, sentence) is named
