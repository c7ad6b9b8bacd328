"""Obligation records: the grammar's rules, each with a table of wordings written for this
test, and the records of the whole corpus against the hand-labelled fixture."""

from pathlib import Path

import pytest
import yaml

from ingest.corpus import load_document
from ingest.duties import DutyAnnotator
from ingest.grammar import CONDITION_PART, FREQUENCY, MODAL, RECIPIENT, in_passing
from ingest.grammar import deadline as time_limit
from ingest.obligations import ObligationReader
from ingest.records import Duty
from ingest.structure import segment
from tests.conftest import CORPUS

ANNOTATOR = DutyAnnotator()
READER = ObligationReader(ANNOTATOR)
FIXTURE = Path(__file__).parents[1] / "data" / "obligation_labels.yaml"


def records(sentence: str):
    duty = ANNOTATOR.annotate_sentence(sentence)
    return READER.read_sentence(Duty(sentence, 0, duty.parties, duty.subjects, duty.modality))


def clause_records(text: str):
    """The records of a whole clause, whose sentences the annotator splits (also at ；)."""
    from ingest.records import Clause
    clause = Clause("doc:art9", "doc", "第九条", "第九条", (), "article", text, (0, len(text)))
    return READER.read(ANNOTATOR.annotate(clause))


@pytest.mark.parametrize("text", [
    "发现可疑不良事件",
    "形成可执行的操作文件",
    "具有可操作性的协议",
    "识别可预见的风险",
    "可吸收缝线",
    "同时，注册人对此负责",
])
def test_words_that_only_look_modal_are_not_permissions(text):
    """可疑 / 可执行的 / 可操作性 / 可吸收 describe; 同时 is no condition: none states a permission."""
    assert not [m for m in MODAL.finditer(text) if m.lastgroup == "may"]


@pytest.mark.parametrize("part, condition", [
    ("经营企业应当建立购进记录", False),
    ("经检验合格后", True),
    ("经审查符合规定的", True),
    ("同时", False),
    ("发现产品存在缺陷时", True),
])
def test_a_condition_part_is_told_from_a_party_that_opens_with_the_same_character(part, condition):
    assert bool(CONDITION_PART.search(part)) is condition


@pytest.mark.parametrize("sentence, listed", [
    ("市级部门应当归集许可审批、日常巡查、产品抽检、案件办理等信息，定期更新企业档案",
     "许可审批、日常巡查、产品抽检、案件办理"),
    ("档案内容包括企业名称、生产范围、检查结论、处罚记录等情况", "企业名称、生产范围、检查结论、处罚记录"),
    ("主管部门依法公开备案、抽样检验、立案查处等监管信息", "备案、抽样检验、立案查处"),
    ("所在地部门可以采取暂停生产、责令召回、责令修改标签等措施", ""),
    ("企业应当按照法规、标准、规程组织生产", ""),
    ("注册人应当对受托方的违法行为及时查处", ""),
])
def test_things_a_sentence_catalogues_are_named_in_passing(sentence, listed):
    """A run of three or more things closed by 等信息/等情况/等内容 catalogues what a text keeps or
    publishes; a run of actions (等措施) or a list with no 等 is what the holder does."""
    rest, found = in_passing(sentence)
    items = [item for item in listed.split("、") if item]
    assert all(item in found and item not in rest for item in items)
    assert bool(found) is bool(items) and (found or rest == sentence)


@pytest.mark.parametrize("sentence, action", [
    ("产品不属于召回范围的，无需制定召回计划，但应当记录评估结论。", "制定召回计划"),
    ("仅变更联系电话的，不需要申请变更备案。", "申请变更备案"),
    ("第一类产品不必提交检验报告。", "提交检验报告"),
    ("符合豁免情形的，可以免于进行现场检查。", "进行现场检查"),
    ("注册人已经通过联网核查的，可以不提交营业执照复印件。", "提交营业执照复印件"),
])
def test_no_need_is_its_own_modality_not_a_permission_or_a_duty(sentence, action):
    first = records(sentence)[0]
    assert (first.modality, first.action) == ("no_need", action)
    assert first.negative


@pytest.mark.parametrize("sentence, topic, action", [
    ("经营第二类医疗器械实行备案管理。", "经营第二类医疗器械", "备案管理"),
    ("第三类医疗器械实行产品注册管理，第一类医疗器械实行产品备案管理。", "第三类医疗器械", "产品注册管理"),
    ("从事网络销售的企业实行许可管理。", "从事网络销售的企业", "许可管理"),
])
def test_a_regime_a_kind_is_put_under_binds_it(sentence, topic, action):
    """经营第二类医疗器械实行备案管理 states a duty with no modal word: the regime binds whoever does it."""
    first = records(sentence)[0]
    assert (first.modality, first.topic, first.action) == ("must", topic, action)


@pytest.mark.parametrize("text", ["对采购物品实行控制的方式和程度应当明确。", "检查组实行组长负责制。", "对创新医疗器械实行特别审批。"])
def test_other_things_put_in_effect_are_no_regime(text):
    """实行 binds only before a regime of registration, filing or licensing (…备案管理), not any 实行."""
    assert all(r.modal != "实行" for r in records(text))


@pytest.mark.parametrize("sentence, first_action, exception", [
    ("产品不属于召回范围的，无需制定召回计划，但应当记录评估结论。", "制定召回计划", "应当记录评估结论"),
    ("注册人自行销售的，无需办理经营许可，但是应当具备经营条件。", "办理经营许可", "应当具备经营条件"),
    ("受托生产企业可以使用自有设备，但不得改变工艺路线。", "使用自有设备", "不得改变工艺路线"),
])
def test_but_clause_is_the_exception_and_a_rule_of_its_own(sentence, first_action, exception):
    found = records(sentence)
    assert found[0].action == first_action and found[0].exception == exception
    assert len(found) == 2 and found[1].modality in ("must", "must_not")


@pytest.mark.parametrize("sentence, action, exception", [
    ("受托生产企业不得自行更改工艺，注册人书面同意的情形除外。", "自行更改工艺", "注册人书面同意的情形除外"),
    ("注册人应当每季度开展内审，停产期间的除外。", "每季度开展内审", "停产期间的除外"),
    ("经营企业不得销售过期产品，依法召回处理的情况除外。", "销售过期产品", "依法召回处理的情况除外"),
    # …另有规定的除外 only defers to other law: no case of its own, so no exception is read.
    ("监管部门不得公开企业的商业秘密，法律另有规定的除外。", "公开企业的商业秘密，法律另有规定的除外", ""),
])
def test_a_case_closing_the_sentence_with_chuwai_is_the_rules_exception(sentence, action, exception):
    """…，X的情形除外 after a rule: X is the case it does not reach, not part of what it asks."""
    found = records(sentence)
    assert (found[-1].action, found[-1].exception) == (action, exception)


@pytest.mark.parametrize("sentence, holders, action", [
    ("鼓励注册人建立信息化追溯系统。", ("注册人/备案人",), "建立信息化追溯系统"),
    ("鼓励受托生产企业采用先进的检验手段。", ("受托生产企业",), "采用先进的检验手段"),
    ("国家鼓励注册人、备案人购买商业保险。", ("注册人/备案人",), "购买商业保险"),
])
def test_encouraged_is_not_required_and_the_encouraged_party_holds_it(sentence, holders, action):
    found = records(sentence)
    assert [(r.modality, r.holders, r.action) for r in found] == [("encouraged", holders, action)]


@pytest.mark.parametrize("sentence, modalities", [
    # a title that says 鼓励 / 禁止 / 应当 names a text: the sentence around it rules what it rules
    ("为落实《关于鼓励医疗器械创新发展的意见》，现将有关事项通知如下：", []),
    ("按照《禁止委托生产医疗器械目录》管理的产品，受托生产企业不得接受委托。", ["must_not"]),
    ("注册人应当按照《医疗器械不良事件应当报告情形的说明》开展监测。", ["must"]),
    ("参照《可以免于临床评价的医疗器械目录》执行。", []),
])
def test_modal_words_inside_a_quoted_title_rule_nothing(sentence, modalities):
    assert [r.modality for r in records(sentence)] == modalities


@pytest.mark.parametrize("sentence, negative", [
    ("上市放行原则上不得委托其他企业进行。", True),
    ("管理者代表原则上应当为全职员工。", False),
    ("现场核查原则上由注册人所在地省级药品监督管理部门组织。", False),
])
def test_in_principle_makes_a_default_rule_with_its_polarity(sentence, negative):
    first = records(sentence)[0]
    assert first.modality == "default_rule" and first.negative is negative


@pytest.mark.parametrize("sentence, condition", [
    ("受托生产企业发现产品存在质量问题的，应当立即报告注册人。", "发现产品存在质量问题的"),
    ("发生严重伤害事件时，注册人应当在20日内报告。", "发生严重伤害事件时"),
    ("必要时，省级药品监督管理部门可以开展延伸检查。", "必要时"),
    ("对于植入性医疗器械，注册人应当派员驻厂。", "对于植入性医疗器械"),
])
def test_opening_condition_is_read_apart_from_the_holder(sentence, condition):
    assert records(sentence)[0].condition == condition


@pytest.mark.parametrize("sentence, condition", [
    ("医疗器械经营企业、使用单位发现或者获知可疑医疗器械不良事件的，应当及时告知持有人。", "发现或者获知可疑医疗器械不良事件的"),
    ("注册人和受托生产企业发现产品存在缺陷的，应当立即停止生产。", "发现产品存在缺陷的"),
    ("经营企业及使用单位发现产品不合格的，应当停止销售和使用。", "发现产品不合格的"),
])
def test_every_party_of_an_opening_list_is_left_out_of_the_condition(sentence, condition):
    """经营企业、使用单位发现…的: the condition began at 、使用单位 and the answer read 适用条件：、使用单位…."""
    assert records(sentence)[0].condition == condition


@pytest.mark.parametrize("text, condition", [
    ("注册人不再进行委托生产的，应当及时核减受托生产地址；受托生产企业应当及时报告有关情况。", "不再进行委托生产的"),
    ("发现产品存在严重缺陷的，注册人应当立即召回，受托生产企业应当配合。", "发现产品存在严重缺陷的"),
    ("发生重大变更时，委托方应当书面通知受托方；受托方应当评估对生产的影响。", "发生重大变更时"),
    ("对于植入性医疗器械，注册人应当派员驻厂，受托生产企业应当提供便利。", "对于植入性医疗器械"),
])
def test_an_opening_condition_governs_every_rule_of_its_sentence_and_its_joined_parts(text, condition):
    last = clause_records(text)[-1]
    assert last.condition == condition and condition in last.sentence


@pytest.mark.parametrize("text, holder, action", [
    ("涉及受托生产企业未按要求生产的，注册人所在地省局应当及时通报受托生产企业所在地省局，由受托生产企业所在地省局依法调查处理。",
     "受托生产企业所在地省级药监部门", "依法调查处理"),
    ("注册人发现受托方存在问题的，应当书面告知受托方，由受托生产企业按照注册人要求进行整改。", "受托生产企业", "按照注册人要求进行整改"),
    ("委托方应当审核生产记录，由受托方负责保存原始记录。", "受托生产企业", "负责保存原始记录"),
])
def test_a_later_part_handed_to_another_party_is_that_partys_rule(text, holder, action):
    last = clause_records(text)[-1]
    assert (last.holders, last.action, last.modality) == ((holder,), action, "must")


def test_by_whom_inside_the_rules_own_part_is_its_holder_not_a_second_rule():
    records = clause_records("产品上市放行应当由注册人负责。")
    assert [r.holders for r in records] == [("注册人/备案人",)]


@pytest.mark.parametrize("text, condition", [
    ("注册人可以委托检验，受托生产企业不得再次委托。", ""),
    ("对于植入类产品，注册人应当驻厂；对于其他产品，受托生产企业应当定期报告。", "对于其他产品"),
    ("注册人应当建立追溯制度；受托生产企业应当协助实施追溯。", ""),
])
def test_a_rule_keeps_its_own_condition_or_none(text, condition):
    assert clause_records(text)[-1].condition == condition


@pytest.mark.parametrize("sentence, deadline, trigger, recipient", [
    ("注册人应当自发现之日起15日内向所在地省级药品监督管理部门报告。", "15日内", "自发现之日起", "省级药监部门"),
    ("受托生产企业应当自收到通知之日起10个工作日内向注册人提交整改报告。", "10个工作日内", "自收到通知之日起", "注册人/备案人"),
    ("注册人应当于每年3月31日前向药品监督管理部门提交自查报告。", "", "", "药品监管部门"),
])
def test_time_limit_trigger_and_recipient(sentence, deadline, trigger, recipient):
    first = records(sentence)[0]
    assert (first.trigger, first.recipient) == (trigger, recipient)
    if deadline:
        assert first.deadline == deadline


@pytest.mark.parametrize("sentence, recipient", [
    ("持有人应当在30日内向注册人、备案人所在地省级监测机构报告评价结果。", "注册人、备案人所在地省级监测机构"),
    ("代理人应当向申请人、备案人所在地药品监督管理部门提交材料。", "申请人、备案人所在地药品监督管理部门"),
    ("企业应当向所在地省级药品监督管理部门备案。", "所在地省级药品监督管理部门"),
])
def test_the_one_told_is_not_cut_at_a_party_named_after_a_verb(sentence, recipient):
    # 备案人 / 申请人 are parties, not 备案 / 申请 done: the one told goes on to the verb after them.
    assert RECIPIENT.search(sentence).group(1) == recipient


@pytest.mark.parametrize("text", [
    "使用单位发现医疗器械存在安全隐患未立即停止使用的，由负责药品监督管理的部门责令改正。",
    "持有人未在15日内报告的，处1万元以上5万元以下罚款。",
    "企业没有第一时间通知注册人的，责令限期改正。",
])
def test_a_time_negated_in_a_penalty_case_is_no_time_limit(text):
    # 未立即停止使用 says what was not done; the penalty that follows sets no time to act in.
    assert time_limit(text) is None


@pytest.mark.parametrize("sentence, deadline", [
    ("验收记录应当保存至产品有效期满后2年。", "有效期满后2年"),
    ("培训记录应当保存至医疗器械有效期后3年。", "有效期后3年"),
    ("没有有效期的，相关记录不得少于5年。", "不得少于5年"),
    ("留样记录应当自放行之日起保存不少于2年。", "不少于2年"),
    ("植入类产品的追溯记录应当永久保存。", "永久保存"),
])
def test_how_long_a_record_is_kept_is_its_time_limit(sentence, deadline):
    # 保存至…有效期满后2年 / 不得少于5年 / 永久保存: how long to keep it, asked as 留多久 / 保存年限.
    assert records(sentence)[0].deadline == deadline


@pytest.mark.parametrize("sentence", [
    "监测机构应当督促企业按季度报告监测情况。",
    "企业应当按月汇总投诉信息。",
    "省级监测机构应当按年度汇总本行政区域内的报告。",
])
def test_a_rate_said_with_an_is_how_often(sentence):
    # 按季度 / 按月 / 按年度 say how often, like 每季度.
    found = records(sentence)[0].deadline
    assert found.startswith("按") and FREQUENCY.match(found)


@pytest.mark.parametrize("sentence, expected", [
    ("注册人负责上市放行，受托生产企业负责生产放行。",
     [("注册人/备案人", "负责上市放行"), ("受托生产企业", "负责生产放行")]),
    ("委托方应当审核批记录，受托方应当保存留样。",
     [("注册人/备案人", "审核批记录"), ("受托生产企业", "保存留样")]),
    ("注册人可以委托检验，受托生产企业不得再次委托。",
     [("注册人/备案人", "委托检验"), ("受托生产企业", "再次委托")]),
])
def test_two_holders_two_rules(sentence, expected):
    assert [(r.holders[0], r.action) for r in records(sentence)] == expected


@pytest.mark.parametrize("text, lead, items", [
    ("第九条 开办企业应当具备下列条件：\n（一）有生产场地；\n（二）有检验人员；\n（三）有管理制度。",
     "具备下列条件", ["有生产场地", "有检验人员", "有管理制度"]),
    ("放行前应当符合以下条件：工艺完成；记录齐全；检验合格。", "符合以下条件", ["工艺完成", "记录齐全", "检验合格"]),
    ("报告应当包括以下内容：\n1. 产品名称；\n2. 事件经过；\n调查报告还应当附有照片。",
     "包括以下内容", ["产品名称", "事件经过"]),
])
def test_lead_in_carries_its_items(text, lead, items):
    lead_in = next(r for r in clause_records(text) if r.lead_in)
    assert lead_in.action == lead and list(lead_in.items) == items


@pytest.mark.parametrize("text, lead, items", [
    ("第五条 质量受权人应当履行包括但不限于以下职责:\n（一）审核批记录；\n（二）签发放行单。",
     "履行包括但不限于以下职责", ["审核批记录", "签发放行单"]),
    ("检验室应当建立包括但不限于下列记录：\n1. 仪器使用记录；\n2. 样品留存记录。",
     "建立包括但不限于下列记录", ["仪器使用记录", "样品留存记录"]),
    ("供应商档案应当包括但不限于以下内容：资质证明；审核报告；评价结论。",
     "包括但不限于以下内容", ["资质证明", "审核报告", "评价结论"]),
])
def test_but_not_limited_to_widens_a_list_and_excepts_nothing(text, lead, items):
    """包括但不限于以下…: the 但 opens no exception, so the sentence is still the lead-in of its items."""
    lead_in = next(r for r in clause_records(text) if r.lead_in)
    assert (lead_in.action, list(lead_in.items), lead_in.exception) == (lead, items, "")


def test_every_record_quotes_its_sentence_verbatim(full_corpus_clauses):
    for clause in full_corpus_clauses:
        for record in clause.obligations:
            assert clause.text[record.start:record.start + len(record.sentence)] == record.sentence
            for part in (record.action, record.condition, record.deadline, record.trigger):
                assert part in record.sentence


@pytest.fixture(scope="module")
def full_corpus_clauses():
    out = []
    for path in sorted(CORPUS.glob("*.md")):
        doc = load_document(path)
        annotator = ANNOTATOR.for_document(doc.meta, doc.source)
        out += ObligationReader(annotator).read_document(
            [annotator.annotate(c, annotator.addressed_to(doc.meta)) for c in segment(doc)])
    return out


# -- the hand-labelled fixture ------------------------------------------------------------

def _labels():
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else []


def _pairs(full_corpus_clauses):
    """(label, records the reader made for that sentence) for every labelled sentence."""
    by_id = {c.id: c for c in full_corpus_clauses}
    out = []
    for entry in _labels():
        clause = by_id[entry["clause"]]
        wanted = entry["sentence"].strip()
        made = [r for r in clause.obligations if r.sentence.strip() == wanted]
        out.append((entry, made))
    return out


def test_fixture_is_large_and_varied():
    labels = _labels()
    assert len(labels) >= 150
    assert len({e["clause"].split(":")[0] for e in labels}) >= 12


def field_accuracy(pairs, field: str) -> float:
    """Share of labelled records whose ``field`` the reader gets exactly (records paired in order)."""
    right = total = 0
    for entry, made in pairs:
        for i, gold in enumerate(entry["records"]):
            total += 1
            if i < len(made):
                got = getattr(made[i], field)
                want = gold.get(field, "")
                if field == "holders":
                    right += set(got) == set(want)
                else:
                    right += (got or "") == (want or "")
    return right / total if total else 0.0


# Measured on 2026-12-06 (holders 0.71, modality 0.86, action 0.68, condition 0.69); the issue's
# targets are 0.90 / 0.90 / 0.85 / 0.85 and are not met yet. These floors keep what is reached.
FLOORS = {"modality": 0.85, "holders": 0.70, "action": 0.66, "condition": 0.67, "exception": 0.85, "deadline": 0.80}


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_accuracy_does_not_fall(full_corpus_clauses, field):
    assert field_accuracy(_pairs(full_corpus_clauses), field) >= FLOORS[field]


@pytest.mark.parametrize("text, modals", [
    ("质量管理部门负责人应当熟悉相关法规。", ["应当"]),
    ("规模较小企业可以由管理者代表兼任质量管理部门负责人。", ["可以"]),
    ("企业负责人对医疗器械质量安全全面负责。", ["负责"]),
])
def test_the_person_in_charge_is_a_noun_not_a_duty(text, modals):
    """负责人 names a post; only 负责 as a verb states a duty."""
    assert [r.modal for r in clause_records(text)] == modals


@pytest.mark.parametrize("text", [
    "有下列情形之一的，由负责药品监督管理的部门责令改正，处1万元以上3万元以下罚款：\n\n（一）受托生产企业未立即通知注册人的；\n\n（二）注册人未按照规定保存放行记录的。",
    "有下列行为之一的，由县级以上人民政府卫生主管部门给予警告：\n\n(一)使用单位未及时停止使用有缺陷的产品；\n\n(二)使用单位不得转让的设备被转让。",
    "有下列情形之一的，由原发证部门吊销许可证：\n\n1. 企业未在30日内报告变更情况的；\n\n2. 企业拒绝接受检查的。",
])
def test_the_cases_of_a_penalty_are_no_rules_of_their_own(text):
    # (一)…未立即通知… says what was done wrong: read as a rule it would answer "may it notify?" with no.
    found = clause_records(text)
    assert all(r.span_end <= text.index("：") + 1 for r in found)
    assert not any(r.holders and ("未" in r.condition or r.negative) for r in found)


@pytest.mark.parametrize("sentence", [
    "医疗器械注册人、备案人、受托生产企业、经营企业未依照本条规定实施召回或者停止生产、经营的，负责药品监督管理的部门可以责令其召回或者停止生产、经营。",
    "经营企业未按照规定停止经营的，药品监督管理部门可以责令其停止经营。",
    "持有人未依照本办法开展再评价的，省级药品监督管理部门可以责令其开展再评价。",
])
def test_an_order_that_follows_a_failure_is_a_sanction(sentence):
    """…未依照本条规定…的，…可以责令其召回: what the bureau does to one who failed, no leave for anyone to act."""
    from ingest.grammar import SANCTION
    assert SANCTION.search(sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("省局组织对二类以上医疗器械中选企业开展监督检查，各市市场监督管理部门负责第一类医疗器械中选企业监督检查。",
     [(("省级药监部门",), "组织对二类以上医疗器械中选企业开展监督检查"),
      (("市县级市场监管部门",), "负责第一类医疗器械中选企业监督检查")]),
    ("国家药品监督管理局制定检查计划，省级药品监督管理部门应当组织实施。",
     [(("国家药监局",), "制定检查计划"), (("省级药监部门",), "组织实施")]),
    ("注册人建立追溯制度，受托生产企业应当予以配合。",
     [(("注册人/备案人",), "建立追溯制度"), (("受托生产企业",), "予以配合")]),
])
def test_an_opening_part_where_a_party_acts_without_a_modal_word_is_a_duty_of_its_own(sentence, expected):
    """省局组织对…开展监督检查，各市…负责…: the part before the first modal word gives its party a task too."""
    reader = ObligationReader()
    records = reader.read_sentence(reader.annotator.annotate_sentence(sentence))
    assert [(r.holders, r.action) for r in records] == expected


@pytest.mark.parametrize("sentence", [
    "注册人发现问题的，应当立即报告。",  # a condition, not a task
    "注册人组织开展内审，并应当形成记录。",  # the modal's part reads on from the opening one
    "对受托生产企业开展检查时，注册人应当派员参加。",
])
def test_an_opening_condition_or_a_part_read_on_gives_no_duty_of_its_own(sentence):
    reader = ObligationReader()
    records = reader.read_sentence(reader.annotator.annotate_sentence(sentence))
    assert len(records) == 1
