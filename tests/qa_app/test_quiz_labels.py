"""A quiz names every party as the cited text does, never wider (issue 17, fourth hand review).

The review found a key "设区的市级、县级负责药品监督管理的部门" on 经营办法第六十条, which gives the
信用档案 to the 设区的市级 bureau alone. The rule the third review set for the registrant (注册人 /
备案人 / 注册人、备案人 as the text says) holds for every party: city and county bureaus, provincial
bureaus, 医疗机构 / 配送企业, and 委托方 / 受托方 (named by the document's defined term where it has
one, never adding a party). Examples on a small corpus; the checker rejects a key widened back.
"""

from __future__ import annotations

import pytest

from qa_app.quiz import FactBase, QuizGenerator, check_item
from tests.qa_app.test_quiz_scenarios import build

DISTRIBUTION = """
# 示例经营监督管理办法

第四条 设区的市级、县级负责药品监督管理的部门负责本行政区域医疗器械经营活动的监督检查。

第五条 县级负责药品监督管理的部门应当将第一类医疗器械经营备案信息录入信息系统。

第六条 省、自治区、直辖市药品监督管理部门应当制定本行政区域医疗器械经营企业监督检查计划。

第七条 医疗器械经营企业应当建立进货查验记录制度，并保存相关记录。

第八条 医疗机构应当妥善保存购入第三类医疗器械的原始资料。

第九条 配送企业应当按照协议要求做好产品的运输和交付记录。

第六十条 设区的市级负责药品监督管理的部门应当建立并及时更新辖区内医疗器械经营企业信用档案。

第六十一条 国家药品监督管理局负责全国医疗器械经营监督管理工作。
"""

ENTRUSTED = """
# 示例委托生产质量协议指南

为指导医疗器械注册人、备案人（以下简称委托方）与受托生产企业（以下简称受托方）签订质量协议，制定本指南。

第二条 委托方应当对受托方的质量管理体系进行评估，并保存评估记录。

第三条 受托方应当按照质量协议组织生产，并保存全部批生产记录。
"""

PRACTICE = """
# 示例生产质量管理规范

第一百零四条 医疗器械注册人、备案人应当负责产品上市放行。

第一百一十条 委托方应当设置相应的质量管理机构，对委托生产活动进行有效监测和控制。

第一百一十一条 受托方应当接受委托方的审核和监督，并及时采取纠正预防措施。
"""

DOCS = {"demo-distribution": (DISTRIBUTION, "rule"), "demo-entrusted": (ENTRUSTED, "guide"),
        "demo-practice": (PRACTICE, "rule")}
CITY_AND_COUNTY = "设区的市级、县级负责药品监督管理的部门"
CITY, COUNTY = "设区的市级负责药品监督管理的部门", "县级负责药品监督管理的部门"
PROVINCE, PROVINCIAL = "省、自治区、直辖市药品监督管理部门", "省级药品监督管理部门"


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> FactBase:
    root = tmp_path_factory.mktemp("labels")
    return FactBase.from_kb(build(root / "corpus", root / "home", DOCS))


@pytest.fixture(scope="module")
def generator(facts) -> QuizGenerator:
    return QuizGenerator(facts)


@pytest.mark.parametrize("party, word, label", [
    # City and county bureaus: 县级 only where the text says so.
    ("市县级市场监管部门", "设区的市级负责药品监督管理的部门", CITY),
    ("市县级市场监管部门", "设区的市级人民政府负责药品监督管理的部门", CITY),
    ("市县级市场监管部门", "设区的市级、县级负责药品监督管理的部门", CITY_AND_COUNTY),
    ("市县级市场监管部门", "县级负责药品监督管理的部门", COUNTY),
    ("市县级市场监管部门", None, CITY_AND_COUNTY),
    # Provincial bureaus: the text's 省、自治区、直辖市, or 省级 where it says so or says nothing.
    ("省级药监部门", "省、自治区、直辖市药品监督管理部门", PROVINCE),
    ("省级药监部门", "省级药品监督管理部门", PROVINCIAL),
    ("省级药监部门", None, PROVINCIAL),
    # Users and distributors: 医疗机构 is not every 使用单位, a 配送企业 not every 经营企业.
    ("使用单位", "医疗机构", "医疗机构"),
    ("使用单位", "医疗器械使用单位", "医疗器械使用单位"),
    ("经营企业", "配送企业", "配送企业"),
    ("经营企业", "医疗器械经营企业", "医疗器械经营企业"),
    # 委托方 / 受托方: the defined term where the document defines them ...
    ("注册人/备案人", "委托方", "医疗器械注册人、备案人"),
    ("受托生产企业", "受托方", "受托生产企业"),
])
def test_a_party_is_named_no_wider_than_the_text_names_it(facts, party, word, label):
    doc_id = "demo-entrusted" if party in ("注册人/备案人", "受托生产企业") else "demo-distribution"
    assert facts.party_label(party, doc_id, word) == label


@pytest.mark.parametrize("party, word, label", [
    # ... and the text's own word where no definition ties it to a party (a GMP chapter that
    # names 注册人、备案人 elsewhere does not make every 委托方 both).
    ("注册人/备案人", "委托方", "委托方"),
    ("受托生产企业", "受托方", "受托方"),
    ("注册人/备案人", "医疗器械注册人、备案人", "医疗器械注册人、备案人"),
    ("受托生产企业", "受托生产企业", "受托生产企业"),
])
def test_an_undefined_commission_word_stays_as_the_text_says_it(facts, party, word, label):
    assert facts.party_label(party, "demo-practice", word) == label


def single_on(generator, sentence: str):
    return next(i for i in generator.candidates("single") if i.explanation == sentence)


@pytest.mark.parametrize("sentence, key", [
    # The fourth review's item 33: the 信用档案 belongs to the 设区的市级 bureau alone.
    ("设区的市级负责药品监督管理的部门应当建立并及时更新辖区内医疗器械经营企业信用档案。", CITY),
    ("县级负责药品监督管理的部门应当将第一类医疗器械经营备案信息录入信息系统。", COUNTY),
    ("省、自治区、直辖市药品监督管理部门应当制定本行政区域医疗器械经营企业监督检查计划。", PROVINCE),
    ("医疗机构应当妥善保存购入第三类医疗器械的原始资料。", "医疗机构"),
    ("委托方应当对受托方的质量管理体系进行评估，并保存评估记录。", "医疗器械注册人、备案人"),
    ("受托方应当按照质量协议组织生产，并保存全部批生产记录。", "受托生产企业"),
    ("委托方应当设置相应的质量管理机构，对委托生产活动进行有效监测和控制。", "委托方"),
])
def test_a_single_choice_key_names_its_party_as_the_text_does(generator, facts, sentence, key):
    item = single_on(generator, sentence)
    assert item.answer == key
    assert check_item(item, facts) == []
    if key in (CITY, COUNTY):
        assert CITY_AND_COUNTY not in item.options  # no wider label of the same party beside it


@pytest.mark.parametrize("sentence, wider", [
    ("设区的市级负责药品监督管理的部门应当建立并及时更新辖区内医疗器械经营企业信用档案。", CITY_AND_COUNTY),
    ("县级负责药品监督管理的部门应当将第一类医疗器械经营备案信息录入信息系统。", CITY_AND_COUNTY),
    ("医疗机构应当妥善保存购入第三类医疗器械的原始资料。", "医疗器械使用单位"),
    ("省、自治区、直辖市药品监督管理部门应当制定本行政区域医疗器械经营企业监督检查计划。", PROVINCIAL),
    ("委托方应当设置相应的质量管理机构，对委托生产活动进行有效监测和控制。", "医疗器械注册人、备案人"),
])
def test_the_checker_rejects_a_key_not_worded_as_its_text(generator, facts, sentence, wider):
    item = single_on(generator, sentence)
    widened = item.edited(answer=wider, options=tuple(wider if o == item.answer else o for o in item.options))
    problems = check_item(widened, facts)
    assert "key" in {p.check for p in problems}
    assert any(item.answer in p.message for p in problems)  # it says how the key should read


# -- the shipped corpus ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_wrong_key_of_the_fourth_review_is_not_made_again(full_kb):
    facts = FactBase.from_kb(full_kb)
    singles = QuizGenerator(facts).candidates("single")
    by_id = {i.id: i for i in singles}
    # #33: 经营办法第六十条 names the 设区的市级 bureau alone.
    assert by_id["q-c5adbc8d58"].answer == CITY and CITY_AND_COUNTY not in by_id["q-c5adbc8d58"].options
    # #40 (borderline): GMP 第一百一十条 says 委托方, which GMP defines as no party.
    assert by_id["q-e337559041"].answer == "委托方"
    for item in singles:
        said = item.citation.text
        if item.answer == CITY_AND_COUNTY:
            assert "县级" in said, item.stem
        assert check_item(item, facts) == [], item.stem


def test_a_multiple_choice_stem_names_its_party_as_narrowly_as_its_texts(generator, facts):
    items = {i.stem: i for i in generator.candidates("multi")}
    # 配送企业 (第九条) and 医疗器械经营企业 (第七条): a distributor's duty is also a 配送企业's.
    [stem] = [s for s in items if "下列属于配送企业义务的有" in s]
    assert check_item(items[stem], facts) == []
    widened = items[stem].edited(stem=stem.replace("配送企业", "医疗器械经营企业"))
    assert "key" in {p.check for p in check_item(widened, facts)}
    # No stem names a party in a word one of its right options' texts does not use or cover.
    for item in items.values():
        assert check_item(item, facts) == [], item.stem
