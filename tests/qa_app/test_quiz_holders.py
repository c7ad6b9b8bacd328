"""Who a quiz item says holds a duty must be who the text names (issue 17, second hand review).

Two wrong keys the review found, each as a pattern with several examples on a small corpus:

* a duty whose holder is named only by a word that does not pin the company down (申请人 of a
  licence, 委托方 / 受托方 of 委托检验 or 委托储存) is never keyed as a specific party;
* a sentence from a paragraph that binds every 企业 (a GMP whose 第二条 makes 企业 every
  manufacturer) is never a wrong option for one kind of manufacturer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_app.kb import KnowledgeBase
from qa_app.quiz import FactBase, QuizGenerator, check_item
from qa_app.quiz.facts import PARTY_LABELS, vague_name
from qa_app.quiz.items import BLANK, Citation, QuizItem
from qa_app.quiz.scenarios import ScenarioMaker, load_cases
from tests.conftest import indexed, write_doc

GMP = """
# 示例生产质量管理规范

第一条 为了加强医疗器械生产质量管理，制定本规范。

第二条 本规范所称企业，包括医疗器械注册人、备案人和受托生产企业。

第三条 需要常规控制的检验项目一般不得进行委托检验。

委托检验的，企业应当与受托检验机构签订质量协议，明确规定双方责任和委托检验要求。委托方应当对受托检验机构的检验能力开展评价，并对委托检验结果进行确认。

第四条 委托储存的，企业应当与受托储存企业签订储存协议。委托方应当对受托储存企业的仓储条件进行评估并保存评估记录。

第五条 企业应当建立设计开发控制程序。注册人应当对设计开发输出进行评审并形成技术文件。

第六条 受托方应当按照委托检验协议出具检验报告，并对检验结果的真实性负责。

第七条 注册人应当负责产品上市放行，并保存上市放行记录。

第八条 注册人应当建立覆盖产品全生命周期的技术文件管理制度。

第九条 受托生产企业应当负责生产放行，并保存全部生产记录。

第十条 受托生产企业应当按照质量协议组织生产，并接受委托方的监督。

第十一条 受托生产企业应当及时将生产条件的变化情况告知注册人。

第十二条 注册人所在地省级药品监督管理部门负责对注册人开展全项目检查。

第十三条 受托生产企业所在地省级药品监督管理部门负责对受托生产企业开展日常监督检查。

第十四条 国家药品监督管理局负责制定禁止委托生产医疗器械目录。
"""

LICENCE = """
# 示例生产许可办法

第一条 申请人应当确保所提交的材料合法、真实、准确、完整和可追溯。

第二条 申请生产许可的，申请人应当向所在地省级药品监督管理部门提交申请资料。

第三条 医疗器械申请人应当对委托研发的过程和结果负责。

第四条 医疗器械经营企业应当建立进货查验记录制度。

第五条 医疗器械使用单位应当妥善保存购入第三类医疗器械的原始资料。
"""

# The sentences of the first pattern: the lexicon reads each subject as a specific party.
VAGUE = (
    "申请人应当确保所提交的材料合法、真实、准确、完整和可追溯。",
    "申请生产许可的，申请人应当向所在地省级药品监督管理部门提交申请资料。",
    "医疗器械申请人应当对委托研发的过程和结果负责。",
    "委托方应当对受托检验机构的检验能力开展评价，并对委托检验结果进行确认。",
    "委托方应当对受托储存企业的仓储条件进行评估并保存评估记录。",
    "受托方应当按照委托检验协议出具检验报告，并对检验结果的真实性负责。",
)
# The sentences of the second pattern: each stands in a paragraph addressed to every 企业.
GENERAL = (
    "委托方应当对受托检验机构的检验能力开展评价，并对委托检验结果进行确认。",
    "委托方应当对受托储存企业的仓储条件进行评估并保存评估记录。",
    "注册人应当对设计开发输出进行评审并形成技术文件。",
)


def build(folder: Path, home: Path) -> KnowledgeBase:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, body in (("demo-gmp-holders", GMP), ("demo-licence", LICENCE)):
        title = body.strip().splitlines()[0].lstrip("# ")
        write_doc(folder, doc_id, body, title=title, cite_as=f"《{title}》", kind="rule")
    return indexed(folder, home)


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> FactBase:
    root = tmp_path_factory.mktemp("holders")
    return FactBase.from_kb(build(root / "corpus", root / "home"))


@pytest.fixture(scope="module")
def generator(facts) -> QuizGenerator:
    return QuizGenerator(facts)


def clause_of(facts: FactBase, sentence: str):
    return next(c for c in facts.clauses.values() if sentence in c.text)


@pytest.mark.parametrize("word, context, vague", [
    ("申请人", "申请人应当确保所提交的材料真实。", True),
    ("医疗器械申请人", "医疗器械申请人应当对委托研发的过程和结果负责。", True),
    ("申请企业", "申请企业应当提交自查报告。", True),
    ("委托方", "委托检验的，委托方应当对受托检验机构的检验能力开展评价。", True),
    ("受托方", "受托方应当按照委托检验协议出具检验报告。", True),
    ("委托方", "委托储存的，委托方应当评估受托储存企业。", True),
    # Words that say which company: the registrant, the contract manufacturer of 委托生产.
    ("注册申请人", "注册申请人应当确保所提交的材料真实。", False),
    ("注册人", "注册人应当负责产品上市放行。", False),
    ("委托方", "委托生产前，委托方应当对受托方进行现场评估。", False),
    ("受托方", "受托方质量部门负责产品的生产放行。", False),
    ("持有人", "持有人应当持续跟踪和处理监测信息。", False),
])
def test_a_word_that_does_not_pin_the_company_down_is_vague(word, context, vague):
    assert vague_name(word, context) is vague


# -- pattern 1: an ambiguous subject is never keyed ----------------------------------------------------


def test_a_vaguely_named_holder_is_never_the_key_of_a_who_question(generator, facts):
    keyed = {i.explanation for kind in ("single", "truefalse") for i in generator.candidates(kind)}
    assert not keyed & set(VAGUE)
    for item in generator.candidates("multi"):
        for option in item.answers:
            assert not any(option in sentence for sentence in VAGUE), (item.stem, option)
    # Sentences that name the party plainly still make questions.
    assert "受托生产企业应当负责生产放行，并保存全部生产记录。" in keyed
    assert "注册人应当负责产品上市放行，并保存上市放行记录。" in keyed


def test_a_duty_of_a_vaguely_named_company_may_be_any_companys(facts):
    # So no company is offered as "the one that does not hold it".
    for party in ("受托生产企业", "注册人/备案人", "经营企业"):
        assert facts.holds(party, "应当确保所提交的材料合法、真实、准确、完整和可追溯。")
    assert facts.holds("受托生产企业", "对受托检验机构的检验能力开展评价，并对委托检验结果进行确认")
    # A bureau is no company: the applicant's duty is not a bureau's.
    assert not facts.holds("国家药监局", "应当确保所提交的材料合法、真实、准确、完整和可追溯。")


def test_the_checker_rejects_a_key_resting_on_a_vague_word(facts):
    sentence = VAGUE[0]
    clause = clause_of(facts, sentence)
    citation = Citation(clause.id, clause.ref, clause.text)
    options = tuple(PARTY_LABELS[p] for p in ("注册人/备案人", "注册人所在地省级药监部门", "国家药监局", "省级药监部门"))
    item = QuizItem(id="q-0123456789", type="single", stem=f"根据《示例生产许可办法》，{BLANK}{sentence[3:]}",
                    options=options, answer=options[0], explanation=sentence, citation=citation,
                    sources=(citation,))
    assert "key" in {p.check for p in check_item(item, facts)}


def test_a_case_question_never_rests_on_a_vaguely_named_holder(facts):
    template = {
        "id": "materials-who", "kind": "who", "topics": [], "regions": "same", "facts": 1,
        "case": "{甲}为{P1}的{类别}医疗器械注册人，委托{P2}的{乙}生产{产品}。",
        "options": ["注册人/备案人", "受托生产企业", "注册人所在地省级药监部门"],
        "rules": [
            {"holder": "注册人/备案人", "modality": "must", "sentence": "所提交的材料", "question": "谁应当确保材料真实？"},
            {"holder": "注册人/备案人", "modality": "must", "sentence": "委托研发", "question": "谁对委托研发负责？"},
            {"holder": "注册人/备案人", "modality": "must", "sentence": "检验能力开展评价", "question": "谁评价检验能力？"},
            {"holder": "注册人/备案人", "modality": "must", "sentence": "负责产品上市放行", "question": "谁负责上市放行？"},
        ],
    }
    maker = ScenarioMaker(facts, {**load_cases(), "templates": [template]})
    groups = dict(maker.groups())
    # Only the rule whose sentence names the registrant plainly makes items.
    assert list(groups) == ["scenario|materials-who|3"]
    assert all(check_item(i, facts) == [] for i in groups["scenario|materials-who|3"])


# -- pattern 2: a general provision is never a false option --------------------------------------------


def test_a_sentence_of_a_paragraph_binding_every_enterprise_is_never_a_wrong_option(generator, facts):
    items = generator.candidates("multi")
    contract = [i for i in items if "受托生产企业义务" in i.stem]
    assert contract  # the question is still asked, with wrong options that are safe
    for item in items:
        wrong = [o for o in item.options if o not in item.answers]
        assert wrong
        for option in wrong:
            assert not any(option in s for s in GENERAL), (item.stem, option)
    for item in contract:
        assert any("上市放行" in o or "技术文件管理制度" in o for o in item.options if o not in item.answers)


@pytest.mark.parametrize("sentence", GENERAL)
def test_the_paragraph_of_a_general_provision_binds_each_manufacturer(facts, sentence):
    clause = clause_of(facts, sentence)
    for party in ("受托生产企业", "注册人/备案人"):
        assert facts.general_rule(party, clause.id, sentence) is not None
    # Not a bureau, and not a paragraph of one named company.
    assert facts.general_rule("省级药监部门", clause.id, sentence) is None
    plain = "注册人应当负责产品上市放行，并保存上市放行记录。"
    assert facts.general_rule("受托生产企业", clause_of(facts, plain).id, plain) is None


def test_the_checker_rejects_a_wrong_option_from_a_general_provision(generator, facts):
    [item] = [i for i in generator.candidates("multi") if "受托生产企业义务" in i.stem][:1]
    general = "对受托检验机构的检验能力开展评价，并对委托检验结果进行确认"
    clause = clause_of(facts, general)
    wrong = next(k for k, o in enumerate(item.options) if o not in item.answers)
    options = list(item.options)
    sources = list(item.sources)
    options[wrong], sources[wrong] = general, Citation(clause.id, clause.ref, clause.text)
    edited = item.edited(options=tuple(options), sources=tuple(sources))
    assert "distractor" in {p.check for p in check_item(edited, facts)}


# -- the shipped corpus ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_wrong_keys_of_the_second_review_are_not_made_again(full_kb):
    facts = FactBase.from_kb(full_kb)
    generator = QuizGenerator(facts)
    made = {i.id: i for kind in ("single", "truefalse", "multi") for i in generator.candidates(kind)}
    # #39: 生产办法第十条 "申请人应当确保所提交的材料……" keyed as 注册人、备案人.
    assert "q-abc69c0ea4" not in made
    assert not any(i.explanation == "申请人应当确保所提交的材料合法、真实、准确、完整和可追溯。" for i in made.values())
    # #64: GMP 第一百零六条 (binding every 企业) offered as "not the 受托生产企业's duty".
    assert "q-e63cfb6b05" not in made
    for item in made.values():
        if item.type == "multi":
            assert not any("受托检验机构的检验能力" in o for o in item.options), item.stem
    assert [(i.id, p.message) for i in made.values() for p in check_item(i, facts)] == []
