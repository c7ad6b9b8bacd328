"""Duty annotation against the hand-labelled fixture (tests/data/duty_labels.yaml)."""

from pathlib import Path

import pytest
import yaml

from ingest.corpus import load_document
from ingest.duties import DutyAnnotator
from ingest.structure import segment
from tests.conftest import CORPUS

LABELS = yaml.safe_load((Path(__file__).parents[1] / "data" / "duty_labels.yaml").read_text(encoding="utf-8"))
TERMINAL = "。；！？"


@pytest.fixture(scope="module")
def annotated():
    annotator = DutyAnnotator()
    out = {}
    for doc_id in {entry["doc"] for entry in LABELS}:
        doc = load_document(CORPUS / f"{doc_id}.md")
        out[doc_id] = [d for c in segment(doc) for d in annotator.annotate(c, annotator.addressed_to(doc.meta)).duties]
    return out


def find(annotated, entry):
    wanted = entry["sentence"].rstrip(TERMINAL)
    for duty in annotated[entry["doc"]]:
        if duty.sentence.rstrip(TERMINAL) == wanted:
            return duty
    raise AssertionError(f"sentence not produced by the annotator: {entry['sentence'][:40]}")


def test_fixture_is_large_enough_and_covers_every_seed():
    assert len(LABELS) >= 60
    assert len({e["doc"] for e in LABELS}) == 5


def test_every_labelled_sentence_is_segmented_as_one_sentence(annotated):
    for entry in LABELS:
        find(annotated, entry)


def test_subject_party_accuracy_at_least_90_percent(annotated):
    wrong = []
    for entry in LABELS:
        duty = find(annotated, entry)
        got = set(duty.subjects) if duty.modality != "none" else set()
        if got != set(entry["subjects"]):
            wrong.append((entry["sentence"][:30], sorted(entry["subjects"]), sorted(got)))
    accuracy = 1 - len(wrong) / len(LABELS)
    assert accuracy >= 0.90, f"subject accuracy {accuracy:.2%}; wrong: {wrong}"


def test_modality_accuracy_at_least_90_percent(annotated):
    right = sum(find(annotated, e).modality == e["modality"] for e in LABELS)
    assert right / len(LABELS) >= 0.90


@pytest.mark.parametrize("sentence,subjects,modality", [
    ("产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。", {"注册人/备案人"}, "obligation"),
    ("注册人和受托生产企业应当每年对质量协议开展评审。", {"注册人/备案人", "受托生产企业"}, "obligation"),
    ("注册人、受托生产企业所在地省级药品监督管理部门应当及时将委托生产相关信息记录在企业信用档案中。",
     {"注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"}, "obligation"),
    ("进行委托生产前，注册人应当要求受托方提交信用情况说明。", {"注册人/备案人"}, "obligation"),
    ("受托生产企业不得再次委托。", {"受托生产企业"}, "prohibition"),
    ("对于植入性医疗器械，鼓励注册人自行生产。", {"注册人/备案人"}, "recommendation"),
    ("检查组组长原则上由注册人所在地省局检查人员担任。", {"注册人所在地省级药监部门"}, "default_rule"),
    ("注册人可以与受托生产企业在质量协议中自行约定文件控制的具体实施方式。", {"注册人/备案人"}, "permission"),
    ("本指南适用于已注册或备案的医疗器械。", set(), "none"),
])
def test_typical_duty_sentences(sentence, subjects, modality):
    duty = DutyAnnotator().annotate_sentence(sentence)
    assert duty.modality == modality
    assert set(duty.subjects) == subjects


def test_heading_gives_the_implied_subject():
    from ingest.corpus import parse_document

    source = "---\nid: g\ntitle: 指南\n---\n1 义务\n1.2受托生产企业\n1.2.3负责产品生产放行，应按照质量协议要求放行。\n"
    clause = [c for c in segment(parse_document(source, fallback_id="g")) if c.label == "1.2.3"][0]
    duty = DutyAnnotator().annotate(clause).duties[0]
    assert duty.subjects == ("受托生产企业",) and duty.modality == "obligation"


def test_a_document_can_define_a_party_abbreviation():
    lexicon = DutyAnnotator().lexicon
    text = "强化医疗器械注册人、备案人、受托生产企业（以下简称“生产企业”）及经营企业质量安全关键岗位人员责任落实。"
    assert lexicon.defined_terms(text) == {"生产企业": ("注册人/备案人", "受托生产企业")}
    # An abbreviation that means what the lexicon already says is not a new term.
    assert lexicon.defined_terms("受托生产企业所在地省、自治区、直辖市药品监督管理部门（以下简称“受托生产企业所在地省局”）") == {}
    annotator = DutyAnnotator().for_document({}, text + "\n生产企业负责人应当每季度至少听取一次管理者代表工作情况汇报。")
    duty = annotator.annotate_sentence("生产企业负责人应当每季度至少听取一次管理者代表工作情况汇报。")
    assert set(duty.subjects) == {"注册人/备案人", "受托生产企业"}
    assert DutyAnnotator().annotate_sentence("生产企业负责人应当每季度至少听取一次管理者代表工作情况汇报。").subjects == ("生产企业",)


def test_a_follow_on_sentence_about_an_object_keeps_the_previous_holder():
    duty = DutyAnnotator().annotate_sentence("对中选品种配送企业实施重点监管，组织每年检查不少于一次。", ("市县级市场监管部门",))
    assert duty.subjects == ("市县级市场监管部门",) and duty.modality == "obligation"


def test_items_under_a_lead_in_are_the_lead_in_partys_duties():
    from ingest.corpus import parse_document

    source = ("---\nid: r\ntitle: 办法\n---\n第五条 国家药品监督管理局负责全国医疗器械注册管理工作。\n\n第六条 省、自治区、直辖市药品监督管理部门负责本行政区域内以下工作：\n\n"
              "（一）境内第二类医疗器械注册审评审批；\n\n（二）境内第二类、第三类医疗器械质量管理体系核查。\n\n"
              "第七条 设区的市级负责药品监督管理的部门负责境内第一类医疗器械产品备案管理工作。\n")
    clause = [c for c in segment(parse_document(source, fallback_id="r")) if c.number == 6][0]
    duties = DutyAnnotator().annotate(clause).duties
    assert [d.subjects for d in duties] == [("省级药监部门",)] * 3
    assert all(d.modality == "obligation" for d in duties)


def test_a_modal_inside_an_opening_condition_does_not_rule_the_sentence():
    duty = DutyAnnotator().annotate_sentence(
        "境内医疗器械生产地址变更且受托生产企业生产范围可以涵盖受托生产品种，不涉及生产许可证变更的，"
        "办理注册证变更备案时应当提交受托生产企业所在地药品监督管理部门出具的说明。")
    assert duty.modality == "obligation"


@pytest.mark.parametrize("sentence", [
    "对于不能有效履职的管理者代表，企业负责人应当立即代其履职。",
    "对于不能按期完成整改的企业，药品监督管理部门应当依法处理。",
    "对于不能提供检验报告的供应商，企业应当暂停采购。",
])
def test_a_modal_inside_an_opening_topic_with_duiyu_does_not_rule_the_sentence(sentence):
    """对于…不能…， opens the case the rule is for: its 不能 bans nothing."""
    assert DutyAnnotator().annotate_sentence(sentence).modality == "obligation"


def test_an_opening_duty_without_a_subject_keeps_the_carried_one():
    duty = DutyAnnotator().annotate_sentence("植入性医疗器械的监测记录应当永久保存，医疗机构应当按照病例相关规定保存。",
                                             ("注册人/备案人", "经营企业", "使用单位"))
    assert set(duty.subjects) == {"注册人/备案人", "经营企业", "使用单位"}


def test_by_x_according_to_the_rules_assigns_the_task_to_x():
    annotator = DutyAnnotator()
    assert annotator.assigned("经协商后认为应当进行注册变更的，应当由委托方按照注册备案管理的规定办理相关手续。") == ("注册人/备案人",)
    # A relative clause 由X…的物料 still does not.
    assert annotator.assigned("由注册人采购并提供给受托生产企业的物料应当检验。") == ()


def test_the_applicants_province_is_the_registrants_provincial_bureau():
    duty = DutyAnnotator().annotate_sentence("境内第二类医疗器械质量管理体系核查，由申请人所在地的省、自治区、直辖市药品监督管理部门组织开展。")
    assert duty.subjects == ("注册人所在地省级药监部门",)


@pytest.mark.parametrize("text, parties", [
    ("委托方所在地省局和受托方所在地省局", ["注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"]),
    ("注册人所在地与受托企业所在地的省局", ["注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"]),
    ("委托方所在地与受托企业所在地的药监部门", ["注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"]),
    ("注册人所在地、受托生产企业所在地省级药品监督管理部门", ["注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"]),
    ("委托方所在地的药监局", ["注册人所在地省级药监部门"]),
])
def test_a_partys_place_names_its_bureau_also_when_the_bureau_is_said_once_for_two_places(text, parties):
    from ingest.duties import PartyLexicon
    assert [p for m in PartyLexicon().mentions(text) for p in m.parties] == parties


@pytest.mark.parametrize("sentence, subjects", [
    ("医疗器械受托生产企业发现产品存在缺陷的，应当立即停止生产。", ("受托生产企业",)),
    ("医疗器械受托生产企业、经营企业发现医疗器械不合格的，应当通知注册人。", ("受托生产企业", "经营企业")),
    ("医疗器械受托生产企业应当按照质量协议组织生产。", ("受托生产企业",)),
])
def test_the_manufacturers_full_name_holds_its_duty(sentence, subjects):
    # 医疗器械受托生产企业 (条例第六十七条) is the manufacturer, as 医疗器械注册人 is the registrant.
    assert DutyAnnotator().annotate_sentence(sentence).subjects == subjects


@pytest.mark.parametrize("text, parties", [
    ("受托方那边的省局", ["受托生产企业所在地省级药监部门"]),
    ("注册人这边的药监局", ["注册人所在地省级药监部门"]),
    ("委托方那边省局和受托企业这边的药监部门", ["注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"]),
    ("注册人那边的资料", ["注册人/备案人"]),  # 那边 with no bureau word after it is the party itself
])
def test_a_partys_side_in_everyday_words_names_its_bureau(text, parties):
    # Questions say 代工厂那边的省局 where the texts say 受托生产企业所在地省局.
    from ingest.duties import PartyLexicon
    assert [p for m in PartyLexicon().mentions(text) for p in m.parties] == parties


@pytest.mark.parametrize("text, parties", [
    # A filer (第一类) files with the city bureau where it sits; only an explicit 省级 makes it provincial.
    ("备案人所在地药品监督管理部门", ["市县级市场监管部门"]),
    ("向备案人所在地设区的市级负责药品监督管理的部门提交", ["市县级市场监管部门"]),
    ("备案人所在地的药监局", ["市县级市场监管部门"]),
    ("备案人所在地省级药品监督管理部门", ["注册人所在地省级药监部门"]),
    ("注册人、备案人所在地药品监督管理部门", ["注册人所在地省级药监部门"]),
])
def test_a_filers_place_names_the_city_bureau_unless_the_province_is_said(text, parties):
    from ingest.duties import PartyLexicon
    assert [p for m in PartyLexicon().mentions(text) for p in m.parties] == parties


@pytest.mark.parametrize("text", [
    "由医疗器械使用行为造成的，由卫生行政部门予以处置",
    "卫生主管部门应当对医疗器械使用行为加强监督检查",
    "县级以上卫生健康主管部门依据职责予以处理",
    "卫生部门依法处理",
])
def test_the_health_administration_is_a_party_in_each_of_its_names(text):
    # 卫生行政部门 / 卫生主管部门 / 卫生健康主管部门: the health side, which takes what use (not the product) caused.
    from ingest.duties import PartyLexicon
    assert [p for m in PartyLexicon().mentions(text) for p in m.parties] == ["其他政府部门"]


def test_a_place_without_a_bureau_word_keeps_the_parties():
    from ingest.duties import PartyLexicon
    assert [p for m in PartyLexicon().mentions("注册人所在地和受托生产企业不在同一省") for p in m.parties] == [
        "注册人/备案人", "受托生产企业"]


@pytest.mark.parametrize("sentence", [
    "第二部分包含注册人自己生产及委托生产的全部产品。",
    "本表涵盖受托生产企业接受委托生产的所有品种。",
    "变更情况包括生产地址和生产范围的变化。",
])
def test_a_sentence_saying_what_something_contains_is_no_duty_of_the_implied_party(sentence):
    duty = DutyAnnotator().annotate_sentence(sentence, ("注册人/备案人",), implied=("注册人/备案人",))
    assert duty.modality == "none"


@pytest.mark.parametrize("sentence, subject", [
    ("受托生产企业按照注册人要求负责产品的生产放行。", "受托生产企业"),
    ("受托生产企业经注册人批准后负责变更实施。", "受托生产企业"),
    ("受托生产企业根据注册人的指令负责发货。", "受托生产企业"),
])
def test_a_party_after_a_preposition_is_no_subject(sentence, subject):
    """按照/经/根据 注册人…: the party is the object of the preposition, not who does the work."""
    assert DutyAnnotator().annotate_sentence(sentence).subjects == (subject,)


@pytest.mark.parametrize("sentence, holder", [
    ("境外注册人由其代理人向代理人所在地药品监督管理部门报送年度报告。", "注册人/备案人"),
    ("进口产品的备案人由其指定的境内代理人向所在地省级药品监督管理部门报告。", "注册人/备案人"),
    ("受托生产企业由其授权的代理人向注册人提交变更材料。", "受托生产企业"),
])
def test_a_party_acting_through_its_agent_holds_the_duty(sentence, holder):
    # 由其代理人向…提交 has no modal word, yet it says who must file: the party the agent acts for.
    duty = DutyAnnotator().annotate_sentence(sentence)
    assert duty.modality == "obligation" and duty.subjects == (holder,)
