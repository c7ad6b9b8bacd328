"""A quiz item cites a text that covers it and names the parties as that text does (issue 17,
third hand review).

Two wrong keys the review found, each as a pattern with several examples on a small corpus:

* a case where both companies sit in one province cited a rule written for entrustment across
  provinces only (first item of the 2022 opinion on it): a clause so scoped (its document's title,
  or 跨省 / 不在同一省 in the clause) serves cross-region cases only;
* a text that names only 注册人 (2024年第38号公告) keyed "医疗器械注册人、备案人": options name the
  registrant as the cited text (or its document's definitions) does.
"""

from __future__ import annotations

import pytest

from qa_app.quiz import FactBase, QuizGenerator, check_item
from qa_app.quiz.scenarios import load_cases
from tests.qa_app.test_quiz_scenarios import build

OPINION = """
# 示例跨省委托生产监管意见

第一条 跨区域委托生产申请产品注册的，注册人所在地省级药品监督管理部门负责开展注册质量体系核查工作。

获得批准上市的，应当在注册证中注明受托生产企业名称。受托医疗器械生产不得再次委托。

第二条 受托生产企业所在地省局负责对受托生产企业生产活动开展日常监督检查。
"""

RULES = """
# 示例生产监督管理办法

第十七条 受托生产企业应当按照质量协议组织生产。受托生产的产品不得再次委托生产。

第五十六条 医疗器械注册人和受托生产企业不在同一省、自治区、直辖市的，注册人所在地省级药品监督管理部门负责对注册人开展全项目检查。

第五十七条 涉及跨省委托生产的，受托生产企业所在地省级药品监督管理部门应当及时通报检查结果。

第六十条 受托生产企业与第一类医疗器械备案人不在同一设区的市的，备案人所在地药品监督管理部门应当开展监督检查。

第六十一条 医疗器械注册人、备案人应当负责产品上市放行，并保存上市放行记录。

第六十二条 备案人应当向所在地设区的市级负责药品监督管理的部门提交备案资料。

第六十三条 受托生产企业应当负责生产放行，并保存全部生产记录。
"""

NOTICE = """
# 示例注册人委托生产公告

为全面落实医疗器械注册人（以下简称注册人）质量安全主体责任，现公告如下。

第五条 注册人应当会同受托生产企业，将质量协议相关要求转化为可执行的委托生产相关管理文件。

第六条 注册人应当会同受托生产企业，建立完善的变更控制程序，做好变更评估和验证。

第七条 受托生产企业应当按照委托生产相关管理文件组织生产，并保存全部批生产记录。
"""

GUIDE = """
# 示例不良事件监测工作指南

为指导医疗器械注册人、备案人（以下简称注册人）建立不良事件监测体系，制定本指南。

第一条 注册人应当建立不良事件监测制度，并配备专职监测人员。
"""

EVENTS = """
# 示例不良事件监测办法

第三条 持有人，是指医疗器械注册证书和医疗器械备案凭证的持有人，即医疗器械注册人和备案人。

第四条 持有人应当对收集的不良事件信息进行分析评价，并保存监测记录。
"""

DOCS = {"demo-opinion": (OPINION, "notice"), "demo-rules": (RULES, "rule"), "demo-38": (NOTICE, "notice"),
        "demo-guide": (GUIDE, "guide"), "demo-events": (EVENTS, "rule")}
BOTH, REGISTRANT, FILER = "医疗器械注册人、备案人", "医疗器械注册人", "医疗器械备案人"


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> FactBase:
    root = tmp_path_factory.mktemp("scope")
    return FactBase.from_kb(build(root / "corpus", root / "home", DOCS))


@pytest.fixture(scope="module")
def generator(facts) -> QuizGenerator:
    return QuizGenerator(facts)


def clause_of(facts: FactBase, sentence: str):
    return next(c for c in facts.clauses.values() if sentence in c.text)


# -- pattern 1: a rule for cross-region entrustment serves only a cross-region case -----------------


@pytest.mark.parametrize("sentence, scoped", [
    # The whole document is about 跨区域委托生产 (its title), whatever the sentence says.
    ("受托医疗器械生产不得再次委托。", True),
    ("受托生产企业所在地省局负责对受托生产企业生产活动开展日常监督检查。", True),
    # The clause limits itself: 不在同一省 / 跨省 / 不在同一设区的市.
    ("注册人所在地省级药品监督管理部门负责对注册人开展全项目检查。", True),
    ("受托生产企业所在地省级药品监督管理部门应当及时通报检查结果。", True),
    ("备案人所在地药品监督管理部门应当开展监督检查。", True),
    # Rules for every entrustment.
    ("受托生产的产品不得再次委托生产。", False),
    ("医疗器械注册人、备案人应当负责产品上市放行，并保存上市放行记录。", False),
    ("注册人应当会同受托生产企业，建立完善的变更控制程序，做好变更评估和验证。", False),
])
def test_a_rule_scoped_to_cross_region_entrustment_is_recognised(facts, sentence, scoped):
    assert facts.cross_region_only(clause_of(facts, sentence).id, sentence) is scoped


def test_a_same_province_case_never_cites_a_cross_region_rule(generator, facts):
    items = generator.candidates("scenario")
    same = [i for i in items if "region:同省" in i.tags]
    cross = [i for i in items if "region:跨区域" in i.tags]
    assert same and cross
    for item in same:
        assert item.citation.clause_id.split(":")[0] != "demo-opinion", item.stem
        assert not facts.cross_region_only(item.citation.clause_id, item.explanation.split("（")[0]), item.stem
    # 不得再次委托 is still asked in one province, from the rule for every entrustment (第十七条) ...
    reentrust = [i for i in same if "case:reentrust-allowed" in i.tags]
    assert reentrust and {i.citation.clause_id for i in reentrust} == {clause_of(facts, "再次委托生产。").id}
    # ... and across two, where the cross-region opinion covers the case too.
    assert "demo-opinion" in {i.citation.clause_id.split(":")[0] for i in cross if "case:reentrust-allowed" in i.tags}


def test_a_rule_whose_only_source_is_cross_region_makes_no_same_province_case(generator):
    inspections = [i for i in generator.candidates("scenario") if "case:routine-inspection-bureau" in i.tags]
    assert inspections  # the bureau question is asked across two provinces
    assert all("region:跨区域" in i.tags for i in inspections)
    assert any(t["id"] == "routine-inspection-bureau" and t["regions"] == "both" for t in load_cases()["templates"])


def test_the_checker_rejects_a_same_province_case_citing_a_cross_region_rule(generator, facts):
    item = next(i for i in generator.candidates("scenario")
                if "region:同省" in i.tags and "case:reentrust-allowed" in i.tags)
    assert check_item(item, facts) == []
    sentence = "受托医疗器械生产不得再次委托。"
    clause = clause_of(facts, sentence)
    moved = item.edited(citation=item.citation.__class__(clause.id, clause.ref, clause.text),
                        sources=(item.citation.__class__(clause.id, clause.ref, clause.text),),
                        explanation=f"{sentence}（{clause.ref}）\n" + item.explanation.split("\n", 1)[1])
    assert "citation" in {p.check for p in check_item(moved, facts)}


# -- pattern 2: options name the registrant as the cited text does ---------------------------------


@pytest.mark.parametrize("doc_id, word, label", [
    # A notice that defines 注册人 as 医疗器械注册人 and never names 备案人 (2024年第38号公告).
    ("demo-38", "注册人", REGISTRANT),
    ("demo-38", "委托方", "委托方"),  # not defined there: the text's own word (test_quiz_labels.py)
    ("demo-38", None, REGISTRANT),
    # A guide whose 注册人 is short for 注册人、备案人.
    ("demo-guide", "注册人", BOTH),
    # A rule whose 持有人 is the registrant and the filer, and whose 注册人 alone is not.
    ("demo-events", "持有人", BOTH),
    ("demo-events", "注册人", REGISTRANT),
    # A rule that names both where it means both, and each alone where it means one.
    ("demo-rules", "医疗器械注册人、备案人", BOTH),
    ("demo-rules", "备案人", FILER),
    ("demo-rules", "医疗器械注册人", REGISTRANT),
    ("demo-rules", None, BOTH),
])
def test_the_registrant_is_named_as_the_text_names_it(facts, doc_id, word, label):
    assert facts.party_label("注册人/备案人", doc_id, word) == label


def single_on(generator, sentence: str):
    return next(i for i in generator.candidates("single") if i.explanation == sentence)


@pytest.mark.parametrize("sentence, key", [
    ("注册人应当会同受托生产企业，将质量协议相关要求转化为可执行的委托生产相关管理文件。", REGISTRANT),
    ("注册人应当会同受托生产企业，建立完善的变更控制程序，做好变更评估和验证。", REGISTRANT),
    ("注册人应当建立不良事件监测制度，并配备专职监测人员。", BOTH),
    ("持有人应当对收集的不良事件信息进行分析评价，并保存监测记录。", BOTH),
    ("医疗器械注册人、备案人应当负责产品上市放行，并保存上市放行记录。", BOTH),
])
def test_a_single_choice_key_follows_the_wording_of_its_text(generator, facts, sentence, key):
    item = single_on(generator, sentence)
    assert item.answer == key
    assert (BOTH in item.options) == (key == BOTH)  # no second label for the same party
    assert check_item(item, facts) == []


def test_no_item_on_a_text_of_registrants_alone_names_the_filer(generator, facts):
    # In the notice that speaks of 注册人 alone, no item names 注册人、备案人 ...
    for item in generator.candidates("truefalse") + generator.candidates("single"):
        if item.citation.clause_id.startswith("demo-38"):
            assert BOTH not in item.stem and BOTH not in item.options, item.stem
            assert check_item(item, facts) == []
    # (A wrong option without a text of its own follows the document: test_the_registrant_is_named_...)


def test_the_checker_rejects_a_key_broader_than_its_text(generator, facts):
    item = single_on(generator, "注册人应当会同受托生产企业，将质量协议相关要求转化为可执行的委托生产相关管理文件。")
    broader = item.edited(answer=BOTH, options=tuple(BOTH if o == item.answer else o for o in item.options))
    assert "key" in {p.check for p in check_item(broader, facts)}
    narrower = single_on(generator, "医疗器械注册人、备案人应当负责产品上市放行，并保存上市放行记录。")
    narrowed = narrower.edited(answer=REGISTRANT,
                               options=tuple(REGISTRANT if o == narrower.answer else o for o in narrower.options))
    assert "key" in {p.check for p in check_item(narrowed, facts)}



def test_a_multiple_choice_stem_names_the_registrant_as_narrowly_as_its_texts(generator, facts):
    [item] = [i for i in generator.candidates("multi") if i.citation.clause_id.startswith("demo-38")]
    assert f"下列属于{REGISTRANT}义务的有" in item.stem and BOTH not in item.stem
    assert check_item(item, facts) == []
    broader = item.edited(stem=item.stem.replace(REGISTRANT, BOTH))
    assert "key" in {p.check for p in check_item(broader, facts)}


# -- the shipped corpus ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_wrong_keys_of_the_third_review_are_not_made_again(full_kb):
    facts = FactBase.from_kb(full_kb)
    generator = QuizGenerator(facts)
    cases = generator.candidates("scenario")
    # #21: a same-province 再次委托 case cited the cross-region opinion 第（一）条.
    assert "q-ecc6b18237" not in {i.id for i in cases}
    for item in cases:
        if "region:同省" in item.tags:
            assert not item.citation.clause_id.startswith("nmpa-2022-cross-region-opinion"), item.stem
    assert any("region:同省" in i.tags and "case:reentrust-allowed" in i.tags for i in cases)
    # #34: 2024年第38号公告 第（五）条 names 注册人 only.
    singles = generator.candidates("single")
    [item] = [i for i in singles if i.id == "q-6f8b98bf5e"]
    assert item.answer == "医疗器械注册人" and "医疗器械注册人、备案人" not in item.options
    for item in singles:
        if item.citation.clause_id.startswith("nmpa-2024-38-entrusted-production-notice"):
            assert "医疗器械注册人、备案人" not in item.options, item.stem
    made = cases + singles + generator.candidates("truefalse") + generator.candidates("multi")
    assert [(i.id, p.message) for i in made for p in check_item(i, facts)] == []
