"""Coverage from obligations (issue 14): a duty counts as agreed only where the agreement
gives it to a party; definitions, headings and mentions with nobody to do the work make a
requirement partial at most, and so does an illegal shift of the duty. Each reading rule has
a table of wordings written for this test.

The checker is the one of test_agreement_check (segmented corpus, HashEmbedder): the
agreements are a few lines, so every clause is a candidate for every requirement.
"""

from __future__ import annotations

import pytest

from qa_app.agreement import LibraryError
from qa_app.agreement.requirements import parse_library
from tests.qa_app.test_agreement_check import check, checker  # noqa: F401 (fixture)
from tests.qa_app.test_agreement_requirements import corpus_clauses  # noqa: F401 (fixture)

# -- a duty is covered where a party is given it -----------------------------------------------


@pytest.mark.parametrize("body", [
    "第一条 乙方负责每批成品的生产放行，甲方负责成品的上市放行。",
    "第一条 生产放行由受托方质量部门负责；上市放行由委托方负责。",
    "第一条 放行：受托方完成每批产品的生产放行，委托方审核放行文件后进行上市放行。",
    "第一条 受托方确保每批产品经生产放行后交付，委托方确保上市放行由其授权人员签字。",
])
def test_release_given_to_the_parties_is_covered(checker, body):  # noqa: F811
    release = check(checker, body).finding("release")
    assert release.status == "covered", release.suggestion
    assert release.lacking == () and release.unassigned == ()


@pytest.mark.parametrize("body", [
    # A definition of the terms.
    "第一条 本协议所称生产放行，是指批记录审核后准予产品出厂；上市放行，是指产品准予上市销售。",
    # Headings alone.
    "第一条 生产放行\n第二条 上市放行",
    # Mentions with nobody to do the work.
    "第一条 产品须经生产放行和上市放行后方可销售。",
    "第一条 生产放行和上市放行的记录保存五年。",
])
def test_release_named_without_a_party_is_not_covered(checker, body):  # noqa: F811
    release = check(checker, body).finding("release")
    assert release.status == "partial"
    assert release.lacking == ("受托方生产放行", "委托方上市放行")
    assert release.unassigned == release.lacking
    # The reviewer is told why: the agreement names it but gives it to nobody.
    assert "上市放行（协议提到，但未约定由哪一方负责）" in release.suggestion


def test_partial_names_only_the_element_no_party_is_given(checker):  # noqa: F811
    release = check(checker, "第一条 乙方负责生产放行。\n第二条 产品经上市放行后销售。").finding("release")
    assert release.status == "partial"
    assert release.found == ("受托方生产放行",) and release.lacking == ("委托方上市放行",)
    assert release.suggestion.startswith("已约定：受托方生产放行；未见：委托方上市放行（协议提到，但未约定由哪一方负责）。")


@pytest.mark.parametrize("body", [
    # The sentence after a duty continues its holder within the clause.
    "第一条 文件和记录\n受托方应当按照委托方的文件控制要求管理文件，保存批记录和检验原始记录。"
    "上述记录的保存期限不少于产品失效后3年。委托方有权随时调阅上述记录。",
    # The clause's heading names the holder.
    "第一条 乙方的义务\n（一）按照甲方的文件控制程序管理质量文件。\n（二）批生产记录保存期限不少于5年。\n"
    "第二条 甲方的权利\n（一）甲方可以随时查阅批生产记录。",
    # A holder after a label (记录：受托方…).
    "第一条 记录：受托方保存批生产记录，保管期限不短于产品寿命期；文件：受托方负责委托方下发文件的控制。"
    "第二条 委托方有权查阅和复制相关记录。",
])
def test_a_duty_holder_carries_over_and_comes_from_headings_and_labels(checker, body):  # noqa: F811
    documents = check(checker, body).finding("documents-records")
    assert documents.status == "covered", documents.suggestion


@pytest.mark.parametrize("body", [
    "4. 监督\n4.1 质量管理体系审核\n\n委托方每年对受托方开展一次现场评估。\n4.2 其他\n\n双方协商一致后可以修改本协议。",
    "4. 监督\n4.1 现场审核\n\n委托方每年至少进行一次，受托方应当配合。\n4.2 其他\n\n双方协商一致后可以修改本协议。",
    "4. 监督\n4.1 体系审核\n\n受托方每年接受委托方的检查一次。\n4.2 其他\n\n双方协商一致后可以修改本协议。",
])
def test_a_clause_heading_takes_the_party_its_body_gives_the_duty_to(checker, body):  # noqa: F811
    assert check(checker, body).finding("audit").status == "covered"


@pytest.mark.parametrize("body", [
    "第一条 生产放行由××方负责，上市放行由XX方负责。",
    "第一条 生产放行：由X方质量部门完成；上市放行：由Ｘ方授权人员签字。",
    "第一条 ××方负责产品的生产放行，××方负责产品的上市放行。",
])
def test_a_draft_gives_the_duty_to_a_party_left_blank(checker, body):  # noqa: F811
    # A template or draft leaves the party to be filled in (由XX方): the duty is still given.
    assert check(checker, body).finding("release").status == "covered"


def test_a_heading_alone_is_not_coverage(checker):  # noqa: F811
    audit = check(checker, "第一条 质量管理体系审核\n第二条 其他约定\n审核频次为每年一次。").finding("audit")
    assert audit.status == "partial" and audit.unassigned == ("委托方审核受托方体系",)


def test_what_an_agreement_states_counts_without_a_party(checker):  # noqa: F811
    # Its term is stated, not given to anybody.
    report = check(checker, "第一条 本协议自双方法定代表人签字并盖章之日起生效，有效期三年。任何一方违约的，另一方可以解除本协议。")
    assert report.finding("term-termination").status == "covered"


# -- an illegal shift keeps a requirement from covered ----------------------------------------


@pytest.mark.parametrize("body", [
    "第一条 乙方负责生产放行，甲方负责上市放行。\n第二条 紧急情况下，上市放行由乙方负责。",
    "第一条 受托方负责生产放行。\n第二条 委托方负责上市放行。\n第三条 委托方授权受托方进行上市放行。",
    "第一条 生产放行和上市放行由受托方完成；委托方同时负责上市放行。",
])
def test_a_violated_requirement_is_partial_and_says_why(checker, body):  # noqa: F811
    report = check(checker, body)
    release = report.finding("release")
    violation = next(v for v in report.violations if v.rule.id == "market-release-to-manufacturer")
    assert release.status == "partial" and release.violated_by == ("market-release-to-manufacturer",)
    assert release.suggestion.startswith(f"{violation.evidence.location}：")
    assert "不能作为本项的约定" in release.suggestion and "上市放行由委托方自行完成" in release.suggestion


def test_a_rule_must_name_a_known_requirement():
    data = {
        "requirements": [{"id": "r", "title": "t", "level": "mandatory", "description": "d", "basis": ["a:b"],
                          "suggestion": "s", "hints": {"elements": [{"name": "n", "any": "x"}]}}],
        "rules": [{"id": "v", "title": "t", "description": "d", "severity": "error", "kind": "shifted_duty",
                   "basis": ["a:b"], "suggestion": "s", "topic": "x", "requirement": "nope"}],
    }
    with pytest.raises(LibraryError, match="unknown requirement 'nope'"):
        parse_library(data)
    data["rules"][0]["requirement"] = "r"
    assert parse_library(data).rules[0].requirement == "r"


# -- passing mentions: paraphrase tables of the library's element wordings ---------------------


@pytest.mark.parametrize("sentence, ends", [
    ("双方的保密期限为本合同终止后两年。", False),
    ("保密义务在本协议解除以后三年内继续有效。", False),
    ("委托方应当在合同终止之后继续保存样品一年。", False),
    ("任何一方可以提前三十日书面通知对方终止本协议。", True),
    ("一方严重违约的，守约方有权书面解除本协议。", True),
    ("本协议期满或提前终止后，双方应当结清费用。", True),
    ("如本合同解除，受托方应当停止使用委托方的标识。", True),
])
def test_termination_is_the_agreement_ending_not_a_time_counted_from_it(checker, sentence, ends):  # noqa: F811
    term = check(checker, f"第一条 本协议自签字之日起生效，有效期三年。\n第二条 {sentence}").finding("term-termination")
    assert (term.status == "covered") is ends, term.lacking


@pytest.mark.parametrize("sentence, indicator", [
    ("受托方应当对新上岗的装配人员进行培训考核。", False),
    ("检验人员须经培训和考核合格后方可独立操作。", False),
    ("操作人员经考核通过方可上岗。", False),
    ("委托方每季度对受托方的交付质量进行考核。", True),
    ("委托方对受托方的考核指标包括批次合格率和投诉数量。", True),
    ("委托方按年度考核受托方，结果作为续签依据。", True),
])
def test_staff_examined_after_training_is_no_performance_indicator(checker, sentence, indicator):  # noqa: F811
    kpi = check(checker, f"第一条 {sentence}").finding("kpi")
    assert (kpi.status == "covered") is indicator
    if not indicator:
        assert kpi.status == "missing"


@pytest.mark.parametrize("sentence, controlled", [
    ("受托方负责控制委托生产相关的全部文件。", True),
    ("受托方应当对委托方提供的工艺文件实施受控管理。", True),
    ("受托方按委托方要求管理与本产品有关的技术文件。", True),
    ("受托方应当建立质量管理体系文件。", False),
])
def test_document_control_in_other_words(checker, sentence, controlled):  # noqa: F811
    documents = check(checker, f"第一条 {sentence}").finding("documents-records")
    assert ("文件控制" in documents.found) is controlled


@pytest.mark.parametrize("sentence", [
    "原材料经受托方检验合格后方可投入生产。",
    "元器件到货后须经质检部门检验合格方可入库。",
    "受托方采购的物料应当经检验合格后使用。",
])
def test_incoming_inspection_in_other_words(checker, sentence):  # noqa: F811
    purchasing = check(checker, f"第一条 受托方向委托方批准的供应商采购物料。{sentence}").finding("purchasing")
    assert purchasing.status == "covered", purchasing.lacking


@pytest.mark.parametrize("sentence", [
    "委托方对受托方的质量管理体系每年至少审核一次。",
    "委托方对受托方质量体系每年审计一次。",
    "受托方的质量管理体系每年接受委托方审核一次。",
])
def test_a_yearly_audit_of_the_quality_system_in_other_words(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("audit").status == "covered"


@pytest.mark.parametrize("sentence, regulator", [
    ("委托方收货时按批抽检，不合格的退回受托方。", False),
    ("受托方对每批成品进行抽检并记录。", False),
    ("委托方到货后随机抽验两箱。", False),
    ("产品被抽检的，受托方应当立即告知委托方。", True),
    ("遇省级抽检时，受托方应当通知委托方并配合。", True),
    ("国家监督抽检中，受托方应当配合并通知委托方。", True),
])
def test_sampling_by_a_regulator_not_by_a_party(checker, sentence, regulator):  # noqa: F811
    inspection = check(checker, f"第一条 {sentence}").finding("regulatory-inspection")
    assert (inspection.status == "covered") is regulator
    if not regulator:
        assert inspection.status == "missing"


@pytest.mark.parametrize("sentence", [
    "甲方委托乙方加工一次性使用医用口罩，规格：17cm×9cm。",
    "委托方委托受托方制造电子血压计（型号：BP-3）。",
    "委托方委托受托方加工医用护目镜，具体见附件。",
])
def test_the_product_named_after_processing_or_making(checker, sentence):  # noqa: F811
    assert "产品名称" in check(checker, f"第一条 {sentence}").finding("product-scope").found


@pytest.mark.parametrize("sentence, helps", [
    ("可疑不良事件的收集和上报由乙方负责，甲方从旁协助。", False),
    ("可疑不良事件由委托方处理，受托方已知悉，委托方负责通知监测机构。", False),
    ("发生可疑不良事件时，受托方应当配合甲方调查。", True),
    ("甲方承担不良事件监测责任，乙方获知可疑不良事件后应当24小时内通知甲方。", True),
])
def test_the_manufacturer_helping_with_adverse_events_is_its_own_part(checker, sentence, helps):  # noqa: F811
    events = check(checker, f"第一条 {sentence}").finding("adverse-events")
    assert ("受托方配合与信息传递" in events.found) is helps


@pytest.mark.parametrize("sentence, mechanism", [
    ("双方各指定一名联系人负责日常联络。", False),
    ("受托方接受外部审核后，应当将结果及时通报委托方。", False),
    ("重大质量问题，受托方应当在24小时内书面通知委托方。", False),
    ("双方每月召开一次质量例会。", True),
    ("受托方每季度以邮件方式向委托方通报生产质量情况。", True),
    ("双方建立定期联络机制，每半年面谈一次。", True),
])
def test_a_communication_mechanism_is_more_than_contacts_and_one_notice(checker, sentence, mechanism):  # noqa: F811
    communication = check(checker, f"第一条 {sentence}").finding("communication")
    assert ("沟通机制" in communication.found) is mechanism
    assert (communication.status == "covered") is mechanism


@pytest.mark.parametrize("sentence, confirmed", [
    ("委托方将工艺规程等技术文件列明清单移交受托方。", True),
    ("委托方向受托方移交工艺文件，受托方签收。", True),
    ("委托方负责向受托方转移图纸和工艺规程，双方逐份核对确认。", True),
    ("委托方向受托方提供产品技术要求，受托方按委托方确认的工艺生产。", False),
    ("委托方向受托方提供工艺文件，受托方负责检验设备的确认。", False),
])
def test_the_transfer_is_confirmed_not_anything_else(checker, sentence, confirmed):  # noqa: F811
    transfer = check(checker, f"第一条 {sentence}").finding("technical-transfer")
    assert ("清单与确认" in transfer.found) is confirmed
    assert transfer.status == ("covered" if confirmed else "partial")


@pytest.mark.parametrize("sentence, controlled", [
    ("甲方验收不合格的，整批退货，乙方负责补足数量。", False),
    ("收货抽检不合格的，乙方负责换货并承担运费。", False),
    ("到货检验发现不合格的产品，由乙方退换。", False),
    ("乙方发现不合格品，应当隔离并通知甲方。", True),
    ("不合格批次由乙方标识后报甲方评审处理。", True),
    ("乙方不得放行不合格的批次，并应当及时通知甲方。", True),
])
def test_nonconforming_product_is_controlled_not_only_returned(checker, sentence, controlled):  # noqa: F811
    """A rejected delivery sent back is part of it; identifying, isolating and reviewing the
    nonconforming product (or not releasing it) is what makes it covered."""
    nonconforming = check(checker, f"第一条 {sentence}").finding("nonconforming")
    assert nonconforming.status == ("covered" if controlled else "partial")
    assert ("隔离/评审" in nonconforming.lacking) is not controlled


@pytest.mark.parametrize("sentence, stated", [
    ("成品存放在干燥通风的库房，运输时避免重压。", True),
    ("产品应当在2～8℃条件下储存和运输。", True),
    ("搬运过程中轻拿轻放，防止包装破损。", True),
    ("产品放行后直接发运至经销商。", False),
])
def test_storage_and_transport_conditions_count_as_stated(checker, sentence, stated):  # noqa: F811
    """The protection the product needs counts whoever keeps the warehouse; where the goods are
    sent is not protection."""
    storage = check(checker, f"第一条 {sentence}").finding("storage-shipping")
    assert storage.status == ("covered" if stated else "missing")


def test_items_under_one_heading_state_the_product_together(checker):  # noqa: F811
    """一、加工产品 / 1. 产品名称… / 2. 规格…: the specification in the item beside the product
    name counts, however low the short item ranks among clauses that talk of 规格 and 产品."""
    body = ("一、加工产品\n1. 产品名称：医用脱脂纱布块（无菌），医疗器械注册证编号：浙械注准20990000001。\n"
            "2. 规格：5cm×5cm-8P。\n"
            + "".join(f"{n}、{title}\n1. {text}\n" for n, title, text in (
                ("二", "订单", "甲方按月下达订单，订单载明产品名称、产品规格、数量和交货日期。"),
                ("三", "价格", "各规格产品的加工单价见报价单，产品规格调整的，双方另行协商产品价格。"),
                ("四", "包装", "产品包装材料由乙方按甲方确认的产品规格和产品型号自行采购。"),
                ("五", "技术资料", "甲方向乙方提供产品规格图、产品型号清单和产品标签样稿。"),
                ("六", "验收", "甲方按产品规格、产品型号和订单数量对每批产品进行验收。"),
                ("七", "放行", "乙方负责生产放行，甲方负责上市放行。"),
                ("八", "争议", "因本合同发生的争议，双方协商解决。"),
            )))
    scope = check(checker, body).finding("product-scope")
    assert scope.status == "covered", scope.lacking
    assert "规格型号" in scope.found


@pytest.mark.parametrize("sentence", [
    "委托方每年审核受托方一次，受托方应当对审核发现的问题在30日内完成整改并报告委托方。",
    "药品监督管理部门检查发现缺陷的，受托方应当限期整改，并将整改报告抄送委托方。",
    "受托方发现批次不合格的，应当暂停生产，查明原因后通知委托方。",
])
def test_rectification_after_an_audit_or_a_defect_is_no_change_of_production_conditions(checker, sentence):  # noqa: F811
    """整改 and 停产 follow audits, inspections and defects too; the requirement is about the
    production conditions changing, so without that they do not make it partial."""
    assert check(checker, f"第一条 {sentence}").finding("condition-change").status == "missing"


@pytest.mark.parametrize("sentence", [
    "乙方的生产条件有了变化、无法满足体系运行要求的，乙方须马上整改，并书面告知甲方。",
    "受托方的生产条件发生变化可能影响产品质量的，应当立即停止生产并报告委托方。",
    "受托方不再符合质量管理体系要求时，应当暂停生产、完成整改，并书面告知委托方。",
])
def test_a_change_of_production_conditions_with_its_rectification_is_covered(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("condition-change").status == "covered"


@pytest.mark.parametrize("sentence", [
    "受托方医疗器械生产许可证编号：粤药监械生产许20190001号。",
    "乙方持有苏药监械生产许20150099号医疗器械生产许可证，许可证有效期至2029年1月1日。",
    "受托方（生产许可证：浙药监械生产备20200012号）负责本产品的生产。",
])
def test_a_licence_number_is_no_regulatory_inspection(checker, sentence):  # noqa: F811
    """粤药监械生产许… names the bureau that issued the licence; nothing about its inspections."""
    assert check(checker, f"第一条 {sentence}").finding("regulatory-inspection").status == "missing"


@pytest.mark.parametrize("body", [
    "第一条 受托方应当建立纠正和预防措施程序，对生产中的质量问题采取纠正预防措施。\n"
    "第二条 受托方发现不合格品的，应当在两日内通知委托方。",
    "第一条 乙方对内部审核发现的问题自行制定并实施纠正措施。\n第二条 变更须经甲方批准。",
    "第一条 受托方负责采取预防措施，防止问题再次发生。\n第二条 重大质量事件，受托方应当立即告知委托方。",
])
def test_corrective_actions_without_their_own_communication_are_partial(checker, body):  # noqa: F811
    """A 通知 or 批准 about something else is not the measures' communication or duties."""
    capa = check(checker, body).finding("capa")
    assert capa.status == "partial" and capa.lacking == ("沟通与职责",)


@pytest.mark.parametrize("sentence", [
    "受托方制定纠正和预防措施计划，经委托方批准后实施。",
    "出现连续批次不合格时，双方共同调查原因并制定纠正预防措施。",
    "受托方采取纠正措施后，应当将实施结果书面报告委托方。",
])
def test_corrective_actions_with_their_communication_are_covered(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("capa").status == "covered"


@pytest.mark.parametrize("body", [
    "第一条 委托方向受托方提供产品技术要求和工艺流程图。\n第二条 受托方收到订单后2日内书面确认。",
    "第一条 委托方将检验规程交给受托方使用。\n第二条 每批发货清单由双方签字确认。",
    "第一条 委托方向受托方提供图纸。\n第二条 受托方接收确认原材料后入库。",
])
def test_a_list_or_confirmation_of_something_else_is_not_the_transfers(checker, body):  # noqa: F811
    transfer = check(checker, body).finding("technical-transfer")
    assert transfer.status == "partial" and "清单与确认" in transfer.lacking


@pytest.mark.parametrize("sentence", [
    "甲方向乙方移交的主文件、工艺规程及SOP应当列明清单，由乙方签收。",
    "委托方将检验规程和作业指导书形成转移清单移交受托方，双方签字确认。",
    "委托方负责向受托方转移工艺规程，受托方签收后受控发放。",
])
def test_procedures_handed_over_with_a_list_are_a_transfer(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("technical-transfer").status == "covered"


@pytest.mark.parametrize("body", [
    "第一条 委托方负责产品投诉的处理。\n第二条 委托方开展不良事件调查时，受托方应当配合。",
    "第一条 用户投诉由甲方受理。乙方协助甲方进行不良事件的调查。",
    "第一条 售后服务由委托方负责，受托方配合委托方的不良事件调查。",
])
def test_an_adverse_event_investigation_is_not_a_complaints(checker, body):  # noqa: F811
    complaints = check(checker, body).finding("complaints")
    assert complaints.status == "partial" and complaints.lacking == ("调查分析",)


@pytest.mark.parametrize("sentence, monitors", [
    ("委托方开展不良事件调查时，受托方应当配合提供记录。", False),
    ("甲方进行不良事件的调查，乙方提供批记录。", False),
    ("委托方负责不良事件的调查时，受托方予以协助。", False),
    ("委托方负责不良事件监测和报告，受托方获知后通知委托方。", True),
    ("不良事件由委托方负责上报，受托方配合调查。", True),
    ("委托方承担不良事件监测责任，受托方及时反馈可疑不良事件。", True),
])
def test_investigating_an_adverse_event_is_not_monitoring(checker, sentence, monitors):  # noqa: F811
    events = check(checker, f"第一条 {sentence}").finding("adverse-events")
    assert ("委托方负责不良事件监测" in events.found) is monitors


@pytest.mark.parametrize("sentence", [
    "委托方有权随时派员到受托方生产现场检查订单产品的生产情况，受托方应当予以配合。",
    "甲方可以派人进入乙方车间现场查看生产和检验情况。",
    "委托方可不定期到受托方生产现场核查质量情况。",
])
def test_the_registrants_site_check_is_part_of_an_audit(checker, sentence):  # noqa: F811
    """A site check is part of the registrant's audit of the manufacturer's system, not all of it."""
    audit = check(checker, f"第一条 {sentence}").finding("audit")
    assert audit.status == "partial" and "委托方审核受托方体系" in audit.lacking


@pytest.mark.parametrize("sentence", [
    "药品监督管理部门到受托方生产现场检查时，受托方应当通知委托方。",
    "派驻人员在受托方生产现场指导和监督关键工序。",
    "受托方应当保持生产现场整洁。",
])
def test_a_site_check_by_someone_else_is_no_audit(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("audit").status == "missing"


@pytest.mark.parametrize("sentence", [
    "每个最小销售包装和外箱应当标明产品名称、规格、批号和生产日期。",
    "乙方在产品标签上打印生产批号和失效日期。",
    "每台设备的铭牌上标注序列号。",
])
def test_a_lot_number_marked_on_the_product_is_part_of_traceability(checker, sentence):  # noqa: F811
    traceability = check(checker, f"第一条 {sentence}").finding("traceability")
    assert traceability.status == "partial" and traceability.lacking == ("可追溯性",)


@pytest.mark.parametrize("sentence", [
    "乙方为每批产品编制唯一批号，并记录所用原材料批号，确保产品可追溯。",
    "受托方为各批次产品编制批号并建立批记录，保证产品可以追溯到原材料。",
    "代工厂为其生产的每台设备赋予序列号，确保可追溯。",
])
def test_a_party_doing_something_for_each_product_holds_the_duty(checker, sentence):  # noqa: F811
    """受托方为每批产品… is the manufacturer acting ("for"), not saying what it is (受托方为…企业)."""
    assert check(checker, f"第一条 {sentence}").finding("traceability").status == "covered"


@pytest.mark.parametrize("sentence", [
    "本协议适用于锁定接骨板（3孔～12孔）和锁定螺钉（Φ3.5mm、Φ5.0mm），注册证编号：国械注准20990000001。",
    "委托方委托受托方生产一次性使用注射器（1ml、5ml、10ml），医疗器械注册证编号：苏械注准20990000002。",
    "产品名称：医用导管，外径2.0mm～6.0mm，注册证编号：浙械注准20990000003。",
])
def test_models_stated_by_their_sizes(checker, sentence):  # noqa: F811
    scope = check(checker, f"第一条 {sentence}").finding("product-scope")
    assert scope.status == "covered", scope.lacking


@pytest.mark.parametrize("sentence, environment", [
    ("受托方负责装配线和测试台的校准和维护保养；装配车间温度保持在18～28℃。", True),
    ("乙方负责流水线的维护，生产车间应当保持清洁并采取防静电措施。", True),
    ("受托方负责注塑设备的确认和保养，作业区相对湿度不高于65%。", True),
    ("受托方负责生产设备的维护保养；成品仓库温度保持在2～8℃。", False),
])
def test_the_workshops_conditions_are_the_production_environment(checker, sentence, environment):  # noqa: F811
    control = check(checker, f"第一条 {sentence}").finding("production-control")
    assert ("生产环境" in control.found) is environment
    assert control.status == ("covered" if environment else "partial")


@pytest.mark.parametrize("sentence, tied", [
    ("本协议自签订之日起生效，有效期至产品注册证或受托方生产许可证有效期届满之日止，以较早者为准。", True),
    ("本协议期限到委托方医疗器械注册证到期之日为止。", True),
    ("本协议有效期至受托方生产许可证失效之日。", True),
    ("本协议有效期至2027年12月31日。", False),
])
def test_a_term_running_until_a_certificate_expires_is_tied_to_it(checker, sentence, tied):  # noqa: F811
    term = check(checker, f"第一条 {sentence}").finding("term-within-certificates")
    assert (term.status == "covered") is tied


@pytest.mark.parametrize("clause, requirement", [
    ("第十条　【不合格品】乙方发现不合格品，应当隔离、评审，并在两个工作日内通知甲方。", "nonconforming"),
    ("第十一条【产品追溯】受托方记录每台设备的序列号及主要部件批号，确保产品可追溯。", "traceability"),
    ("第十二条 【变更】乙方变更关键元器件、供应商或装配工艺的，应当经甲方书面批准后实施。", "change-control"),
])
def test_a_bracketed_title_before_the_sentence_leaves_its_party_acting(checker, clause, requirement):  # noqa: F811
    """第十条　【不合格品】乙方发现…: the title in 【】 is not the start of the sentence; the party after it acts."""
    assert check(checker, clause).finding(requirement).status == "covered"


IMPLANT = "第一条 本协议适用于人工髋关节假体（植入性医疗器械）。\n"


@pytest.mark.parametrize("sentence, resident", [
    ("注册人每年对受托企业审核一次，并可以每季度派员到受托企业进行现场检查。", None),
    ("甲方可随时派人到乙方车间监督检查生产情况。", None),
    ("委托方定期安排质量人员到受托方现场指导和监督。", None),
    ("委托方派驻质量管理人员常驻受托方，负责监督关键工序。", "covered"),
    ("注册人安排质量代表在受托企业驻点，监督灭菌和最终包装等关键工序。", "covered"),
    ("甲方委派质量监督员全程驻守乙方生产现场，负责监督关键工序。", "covered"),
    ("甲方每月委派人员到乙方检查一次。", None),
])
def test_a_visit_is_no_resident_staff(checker, sentence, resident):  # noqa: F811
    """An implant registrant must station staff at the manufacturer; sending someone to check is a visit:
    the requirement stays missing (and its rule is broken), not partial."""
    report = check(checker, IMPLANT + f"第二条 {sentence}")
    assert report.finding("resident-staff").status == (resident or "missing")
    assert ("implant-without-resident-staff" in {v.rule.id for v in report.violations}) is (resident is None)


@pytest.mark.parametrize("sentence", [
    "每批灭菌记录的复印件随出厂检验报告一并提供甲方。",
    "乙方将每批产品的批生产记录扫描件提交给委托方。",
    "受托方应当把检验记录和放行记录交给委托方存档。",
])
def test_records_handed_to_the_registrant_are_its_access_to_them(checker, sentence):  # noqa: F811
    records = check(checker, f"第一条 {sentence}").finding("documents-records")
    assert "委托方获取记录的权利" in records.found + records.unassigned and records.status == "partial"


@pytest.mark.parametrize("sentence", [
    "乙方发现不良事件后向所在地药品监督管理部门报告。",
    "受托方应当按照药品监督管理部门的要求办理生产许可变更。",
    "双方应当遵守药品监管部门发布的规范性文件。",
])
def test_a_regulator_named_without_an_inspection_is_no_regulatory_inspection(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("regulatory-inspection").status == "missing"


@pytest.mark.parametrize("sentence", [
    "乙方接受药品监督管理部门的现场检查，并在检查后三日内告知甲方检查结果。",
    "药监部门对受托方进行抽检的，受托方应当当日通知委托方。",
    "受托方接到监管部门飞检通知时，应当立即报告委托方并配合检查。",
])
def test_a_regulators_inspection_in_other_words(checker, sentence):  # noqa: F811
    assert check(checker, f"第一条 {sentence}").finding("regulatory-inspection").status == "covered"


@pytest.mark.parametrize("clause", [
    "第十四条 质量审核　甲方每年至少对乙方的质量管理体系进行一次现场审核。",
    "第十四条【体系审核】委托方每年对受托方质量管理体系审核一次。",
    "第十四条 审核  甲方每年组织一次对乙方质量体系的全面审核。",
])
def test_the_party_after_a_run_in_title_acts(checker, clause):  # noqa: F811
    assert check(checker, clause).finding("audit").status == "covered"
