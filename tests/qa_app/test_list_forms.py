"""How a clause enumerates in its own text (qa_app.answer.plans): the sentence forms a list
question is answered from, each with a table of wordings written for this test."""

import pytest

from qa_app.answer.plans import counted_items, asked_list_bonus, inline_opening, lists_asked, names_asked


@pytest.mark.parametrize("sentence, opening", [
    ("检查内容至少应当包括人员、场地、设备等。", "检查内容至少应当包括"),
    ("企业应当明确采购、验收、贮存等岗位的职责。", "企业应当明确"),
    ("对于高风险物料，如植入材料、灭菌包装、关键部件等，应当进行审核。", "对于高风险物料，如"),
    ("重点检查投诉较多、抽检不合格、舆情频发等产品。", "重点检查投诉较多"),
    ("检查结果分为“合格”、“限期整改”、“不合格”3种。", "检查结果分为"),
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
    ("企业要明确哪些部门的职责？", "企业应当明确下列部门的职责：", True),
    ("注册人有哪几项义务？", "注册人应当履行下列义务：", True),
    ("注册人有哪几项义务？", "有下列情形之一的，责令改正，处1万元以上罚款：", False),
])
def test_a_list_that_says_what_the_question_form_asks_fits_better(question, opening, gains):
    assert (asked_list_bonus(question, opening) > 0) is gains


@pytest.mark.parametrize("question, sentence, named", [
    ("重点查哪些产品？", "重点对投诉多、抽检不合格、舆情频发等产品开展检查。", True),
    ("要明确哪几个部门的职责？", "至少明确技术、生产、质量等相关部门职责。", True),
    ("监测机构要做哪些工作？", "通过企业网站、用户随访、文献报道等途径，加强收集工作。", False),
    ("有哪些要求？", "按照法规、规范、标准等组织生产。", False),
    ("检查结论有哪几种情形？", "检查结论分为“合格”、“限期整改”、“不合格”3种情形。", True),
    ("可以用哪些方式处理？", "采取提高等级、扩大范围或者改变方式等更为有效的措施进行处理。", False),
])
def test_an_inline_list_of_what_the_question_asks_for(question, sentence, named):
    assert lists_asked(question, sentence) is named


@pytest.mark.parametrize("question, opening, inline, named", [
    ("要明确哪几个部门的职责？", ["企业应当明确下列部门的职责："], [], True),
    ("要明确哪几个部门的职责？", ["委托协议至少应当包括"], ["委托协议至少应当包括生产条件、物料采购、产品放行等。"], False),
    ("要明确哪几个部门的职责？", ["并至少明确"], ["并至少明确技术、生产、质量管理等相关部门职责。"], True),
    ("“质量事故”包括哪些？", ["本办法所称质量事故包括："], [], True),
    ("质量协议要写哪些东西？", ["质量协议应当包括以下内容："], [], False),  # 东西 names no kind: nothing to tell lists by
    ("质量协议要写哪些内容？", ["质量协议应当包括以下内容："], [], False),  # every kind of list has 内容
    ("企业哪些行为算逃避检查？", ["被检查单位因违法行为受到处罚，且具有"], [], False),  # 行为 is its subject, not its items
    ("检查结论有哪几种？", ["检查结论分为"], [], True),
])
def test_a_list_names_what_the_question_asks_for(question, opening, inline, named):
    """Where one list names what is asked (its noun, the term quoted), a list of another thing does not answer."""
    assert names_asked(question, opening, inline) is named
