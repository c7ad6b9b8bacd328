"""The agreement check: violations (reversed or negated duties, re-entrustment, term,
catalog, implants), coverage statuses, the JSON contract, verbatim evidence and basis.

The checker is built from the segmented corpus (no index) with the deterministic
HashEmbedder; the agreements are short, so every clause is a candidate for every
requirement and the statuses do not depend on the embedder. The real encoder and the
evaluation agreements are covered by the slow tests at the end.
"""

from __future__ import annotations

import logging

import pytest

from qa_app.agreement import Agreement, AgreementChecker, agreement_from_text, load_library, read_agreement, split_clauses
from tests.conftest import REPO, HashEmbedder
from tests.qa_app.test_agreement_requirements import corpus_clauses  # noqa: F401 (fixture)

AGREEMENTS = REPO / "evals" / "agreements"
HEAD = "甲方（委托方）：武汉某某医疗科技有限公司\n乙方（受托方）：孝感某某医疗器械有限公司\n"


@pytest.fixture(scope="module")
def checker(corpus_clauses, tokenizer):  # noqa: F811
    return AgreementChecker(load_library(corpus_clauses), corpus_clauses, HashEmbedder(), tokenizer)


def check(checker, body: str, head: str = HEAD):
    return checker.check(agreement_from_text(head + body, "测试协议"))


def rules(report) -> set[str]:
    return {v.rule.id for v in report.violations}


# -- prohibited shifts ----------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "第一条 乙方负责产品的生产放行和上市放行。",
    "第一条 上市放行由受托方负责。",
    "第一条 甲方委托乙方进行产品上市放行。",
    "第一条 乙方完成生产放行后，可直接发货给客户。",
    "第一条 经委托方书面授权，受托方可以代委托方完成上市放行。",
    "第一条 上市放行由双方共同完成。",
])
def test_market_release_given_to_the_manufacturer_is_a_violation(checker, sentence):
    report = check(checker, sentence)
    assert rules(report) == {"market-release-to-manufacturer"}
    violation = report.violations[0]
    assert violation.severity == "error" and violation.evidence.text == sentence
    assert violation.evidence.location == "第一条"
    assert violation.basis[0].clause_id == "samr-order-53-production-supervision:art34"
    assert "上市放行" in violation.suggestion


@pytest.mark.parametrize("sentence", [
    "第一条 产品上市放行由甲方自行完成，不得委托乙方进行。",
    "第一条 乙方不得进行上市放行。",
    "第一条 乙方负责生产放行，甲方负责上市放行。",
    "第一条 委托方应当在受托方的生产放行完成后，对受托方的生产放行文件进行审核，证实已符合规定的放行要求后方可上市放行交付给顾客。",
    "第一条 乙方协助甲方整理上市放行所需资料。",
    "第一条 成品经甲方上市放行后，乙方按甲方指令直接发运给客户。",
])
def test_market_release_kept_by_the_registrant_is_not_a_violation(checker, sentence):
    assert rules(check(checker, sentence)) == set()


@pytest.mark.parametrize("sentence", [
    "第一条 由受托方承担不良事件监测的全部责任。",
    "第一条 乙方负责不良事件监测和报告。",
    "第一条 甲方不承担产品不良事件监测的责任，相关工作由乙方负责。",
    "第一条 乙方负责收集本产品的不良事件信息并向所在地药品监督管理部门报告。",
    "第一条 不良事件监测工作由乙方负责。",
])
def test_adverse_event_duty_given_to_the_manufacturer_is_a_violation(checker, sentence):
    assert rules(check(checker, sentence)) == {"adverse-event-duty-to-manufacturer"}


@pytest.mark.parametrize("sentence", [
    "第一条 不良事件监测由甲方负责，乙方发现可疑不良事件应当在24小时内通知甲方。",
    "第一条 乙方应当配合甲方开展不良事件监测。",
    "第一条 乙方获知可疑不良事件后应当立即通知甲方，并配合调查。",
    "第一条 乙方不得直接向药品监督管理部门报告不良事件。",
])
def test_manufacturer_helping_with_adverse_events_is_not_a_violation(checker, sentence):
    assert rules(check(checker, sentence)) == set()


@pytest.mark.parametrize("sentence", [
    "第一条 发生可疑不良事件的，由乙方向所在地药品监督管理部门报告。",
    "第一条 对于产品的不良事件，乙方应当直接向省级监测机构上报。",
    "第一条 使用中出现的不良事件，乙方负责向药监部门报告，甲方不再过问。",
])
def test_adverse_events_named_first_and_reported_by_the_manufacturer_are_a_violation(checker, sentence):
    report = check(checker, sentence)
    assert rules(report) == {"adverse-event-duty-to-manufacturer"}
    assert report.violations[0].evidence.location == "第一条"


@pytest.mark.parametrize("sentence", [
    "第一条 乙方获知不良事件后，应当及时告知甲方，由甲方向药品监督管理部门报告。",
    "第一条 不良事件由甲方负责，乙方应当配合甲方向监测机构报告。",
    "第一条 不良事件由甲方向监测机构报告，乙方不得自行向药监部门报告。",
])
def test_adverse_events_reported_by_the_registrant_are_not_a_violation(checker, sentence):
    assert rules(check(checker, sentence)) == set()


@pytest.mark.parametrize("sentence", [
    "产能不足时，经甲方同意，乙方可以将部分订单交由其他具备生产资质的企业生产。",
    "乙方可将本产品委托另一家持有生产许可证的工厂加工。",
    "订单集中时，乙方可以安排其它符合条件的医疗器械生产企业生产部分批次。",
])
def test_re_entrustment_to_another_company_described_in_between(checker, sentence):
    report = check(checker, "第一条 " + sentence)
    assert rules(report) == {"re-entrustment-allowed"}
    assert report.violations[0].evidence.location == "第一条"


@pytest.mark.parametrize("sentence", [
    "乙方可以将电镀工序委托其他具备资质的单位加工，并纳入采购管理。",
    "乙方不得将本产品交由其他任何企业生产。",
    "乙方可以委托其他具备资质的物流公司运输产品。",
])
def test_outsourced_steps_and_prohibitions_are_not_re_entrustment(checker, sentence):
    assert rules(check(checker, "第一条 " + sentence)) == set()


@pytest.mark.parametrize("sentence,flagged", [
    ("经甲方书面同意，乙方可以将本产品转委托给具备资质的企业生产。", True),
    ("未经甲方书面同意，乙方不得将本产品转委托。", True),  # consent-based re-entrustment is still re-entrustment
    ("乙方可根据订单情况，将部分产品交由其关联公司生产。", True),
    ("乙方不得将受托产品再次委托其他企业生产。", False),
    ("环氧乙烷灭菌工序可以由乙方委托给有资质的灭菌服务商进行。", False),
    ("乙方保证不转委托。", False),
])
def test_re_entrustment(checker, sentence, flagged):
    assert (rules(check(checker, "第一条 " + sentence)) == {"re-entrustment-allowed"}) is flagged


@pytest.mark.parametrize("sentence,flagged", [
    # The exception is a process step (外协加工, bought in under purchasing control): nothing is allowed.
    ("除第五条约定的灭菌工序外，乙方不得将本产品委托其他企业生产。", False),
    ("除附件所列外协加工的零部件外，受托方不得将受托产品转委托。", False),
    ("除委托检验项目外，乙方不得将本产品再次委托他人。", False),
    # The exception is consent or the product itself: re-entrustment allowed on a condition.
    ("除经甲方书面同意外，乙方不得将本产品转委托。", True),
    ("除甲方另行批准的情形外，乙方不得将本产品再次委托其他企业生产。", True),
    ("除外协工序外，未经甲方同意，乙方不得将本产品转委托他人。", True),
])
def test_a_prohibition_with_an_exception_for_a_process_step_allows_no_re_entrustment(checker, sentence, flagged):
    assert (rules(check(checker, "第一条 " + sentence)) == {"re-entrustment-allowed"}) is flagged


@pytest.mark.parametrize("sentence", [
    "第一条 不良事件监测由乙方负责，乙方获知可疑不良事件后直接向药品监督管理部门报告，甲方予以协助。",
    "第一条 本产品不良事件的监测工作由受托方承担，受托方发现可疑不良事件应当向监测机构上报，委托方配合。",
    "第一条 乙方负责不良事件报告，乙方收到不良事件信息后自行向药监部门报告，甲方提供协助。",
])
def test_a_shifted_duty_sentence_is_no_coverage_in_any_part(checker, sentence):
    """The manufacturer reporting to the authority is the violation's own wording: it is not
    the manufacturer passing information to the registrant."""
    report = check(checker, sentence)
    assert rules(report) == {"adverse-event-duty-to-manufacturer"}
    events = report.finding("adverse-events")
    assert events.status != "covered" and "受托方配合与信息传递" not in events.found


@pytest.mark.parametrize("heading", [
    "第十二条 再委托", "九、转委托", "5.3 委托生产的再委托", "第7条 上市放行", "（四）不良事件监测",
])
def test_a_heading_naming_a_topic_grants_nothing(checker, heading):
    # The sentence under the heading decides: forbidden here, so no violation at all.
    body = f"{heading}\n乙方不得将本产品再次委托其他企业生产，上市放行和不良事件监测由甲方负责。"
    assert rules(check(checker, body)) == set()


@pytest.mark.parametrize("heading", ["第十二条 再委托", "九、转委托", "5.3 委托生产的再委托"])
def test_under_a_heading_the_sentence_that_allows_it_is_still_the_violation(checker, heading):
    report = check(checker, f"{heading}\n经甲方书面同意，乙方可以将本产品转委托给具备资质的企业生产。")
    assert rules(report) == {"re-entrustment-allowed"}
    assert "可以" in report.violations[0].evidence.text


@pytest.mark.parametrize("body,flagged", [
    ("第一条 本协议自2025年3月1日起生效，有效期十年。", True),
    ("第一条 本协议有效期为6年。", True),
    ("第一条 本协议长期有效。", True),
    ("第一条 本协议期限自2025年1月1日至2031年12月31日。", True),
    ("第一条 注册证有效期至2029年3月1日。\n第二条 本协议自签署之日起生效，有效期至2031年12月31日。", True),
    ("第一条 本协议有效期三年。", False),
    ("第一条 协议有效期为×年。", False),
    ("第一条 本合同期限：本合同自2025年1月1日起至2026年12月31日止。", False),
    ("第一条 本协议有效期十年，且不超过产品注册证和乙方生产许可证的有效期限。", False),
    ("第一条 记录保存期限不少于10年。", False),
    ("第一条 产品有效期为6年。", False),
])
def test_term_beyond_the_certificates(checker, body, flagged):
    assert (rules(check(checker, body)) == {"term-beyond-certificates"}) is flagged


def test_prohibited_catalog_product(checker):
    report = check(checker, "第一条 产品名称：冠状动脉药物洗脱支架系统，注册证编号：国械注准20213130999。"
                            "\n第二条 甲方选派人员入驻乙方，对关键环节进行现场指导和监督。")
    assert rules(report) == {"prohibited-catalog-product"}
    basis = {b.clause_id for b in report.violations[0].basis}
    assert "nmpa-2022-17-prohibited-entrustment-catalog:s2" in basis
    # A peripheral stent is an implant (so the resident-staff warning stays) but not in the catalog.
    assert rules(check(checker, "第一条 产品名称：外周血管支架。")) == {"implant-without-resident-staff"}


def test_implant_without_resident_staff_is_a_warning(checker):
    report = check(checker, "第一条 本协议适用于聚醚醚酮椎间融合器（植入性医疗器械）。\n第二条 乙方负责生产放行。")
    assert rules(report) == {"implant-without-resident-staff"}
    assert report.violations[0].severity == "warning"
    assert report.finding("resident-staff").status == "missing"
    staffed = check(checker, "第一条 本协议适用于椎间融合器（植入性医疗器械）。\n"
                             "第二条 甲方选派质量人员入驻乙方，对生产关键环节进行现场指导和监督。")
    assert rules(staffed) == set() and staffed.finding("resident-staff").status == "covered"


def test_non_implants_skip_the_resident_staff_requirement(checker):
    head = "甲方（委托方）：某某公司\n乙方（受托方）：天津精工植入物制造有限公司\n"
    report = check(checker, "第一条 本协议适用于医用外科口罩。\n第二条 乙方负责生产放行。", head)
    assert "resident-staff" in report.not_applicable
    assert all(f.requirement.id != "resident-staff" for f in report.findings)
    assert rules(report) == set()


def test_the_agreements_own_party_names_are_followed(checker):
    swapped = "甲方（受托方）：成都某某医疗器械有限公司\n乙方（委托方）：重庆某某医学科技有限公司\n"
    assert rules(check(checker, "第一条 甲方负责生产放行，乙方负责上市放行。", swapped)) == set()
    assert rules(check(checker, "第一条 甲方负责产品的上市放行。", swapped)) == {"market-release-to-manufacturer"}
    processing = "定作方（甲方）：某某公司\n承揽方（乙方）：某某公司\n"
    assert rules(check(checker, "第一条 承揽方负责上市放行。", processing)) == {"market-release-to-manufacturer"}


def test_a_violation_in_a_responsibility_matrix_is_found(checker):
    body = ("二、职责分工\n| 事项 | 甲方 | 乙方 |\n| --- | --- | --- |\n| 生产放行 | — | 负责 |\n"
            "| 上市放行 | — | 负责 |\n| 不良事件监测和报告 | 负责 | 参与 |\n")
    report = check(checker, "一、范围\n本协议适用于医用口罩。\n" + body)
    assert rules(report) == {"market-release-to-manufacturer"}
    assert report.violations[0].evidence.text == "| 上市放行 | — | 负责 |"
    assert report.finding("adverse-events").status == "covered"
    assert report.finding("release").status == "partial"


@pytest.mark.parametrize("row", [
    "| 上市放行 | 负责 | 提供生产放行文件 |",
    "| 产品上市放行 | 批准 | 协助整理放行资料 |",
    "| 上市放行 | 负责 | 配合 |",
])
def test_a_table_cell_that_only_helps_does_not_hold_the_duty(checker, row):
    """Columns 事项 | 委托方 | 受托方: the registrant's cell holds the duty, the manufacturer's
    only supplies or assists."""
    body = ("二、职责分工\n| 事项 | 委托方 | 受托方 |\n| --- | --- | --- |\n| 生产放行 | — | 负责 |\n"
            f"{row}\n| 不良事件监测和报告 | 负责 | 提供批记录并配合调查 |\n")
    report = check(checker, "一、范围\n本协议适用于医用口罩。\n" + body)
    assert rules(report) == set()
    assert report.finding("release").status == "covered"
    assert report.finding("adverse-events").status == "covered"


def test_a_table_cell_holding_the_registrants_duty_is_still_a_violation(checker):
    body = "二、职责分工\n表1 职责分工\n| 事项 | 委托方 | 受托方 |\n| --- | --- | --- |\n| 上市放行 | 审核 | 负责 |\n"
    report = check(checker, "一、范围\n本协议适用于医用口罩。\n" + body)
    assert rules(report) == {"market-release-to-manufacturer"}
    assert report.violations[0].evidence.location == "表1 职责分工 · 上市放行 · 受托方 负责"


def pdf_agreement(body: str) -> Agreement:
    """Text as a PDF's text layer gives it: every line on page 1, line breaks where the page
    wraps; ``body`` is the first of three articles."""
    text = HEAD + body + "\n第二条　期限\n本协议有效期三年。\n第三条　争议\n双方协商解决。"
    return Agreement("协议.pdf", text, split_clauses(text, tuple(1 for _ in text.split("\n"))))


@pytest.mark.parametrize("title, body, requirement", [
    ("第一条　不合格品", "乙方发现不合格品，应当进行隔离并记录处理结果，在24小时内通知\n甲方。", "nonconforming"),
    ("第一条　产品标识和追溯", "乙方在每台产品上刻印唯一序列号，记录序列号与关键部件批号\n的对应关系，确保产品可追溯。",
     "traceability"),
    ("第一条　搬运、防护和交付", "乙方负责成品的包装防护，交付前应当检查外箱完好，并将交付\n记录提供甲方。",
     "storage-shipping"),
])
def test_a_pdf_clause_title_on_its_own_line_is_not_the_subject_of_the_sentence_below(checker, title, body, requirement):
    """第九条　不合格品 / 乙方发现…: the title ends with its line; the party opening the body holds the duty."""
    finding = checker.check(pdf_agreement(f"{title}\n{body}")).finding(requirement)
    assert finding.status == "covered", finding.suggestion
    assert finding.evidence[0].location == "第一条（第1页）"


@pytest.mark.parametrize("first, rest, evidence", [
    # A title line: the violation quotes the sentence under it.
    ("第一条　发货", "经乙方生产放行的产品，可直接发往甲方指定的经销商，无需甲方另\n行审核。", "rest"),
    # A first line wrapped at the margin is the start of the sentence, not a title.
    ("第一条 经乙方生产放行的产品，可直接发往甲方指定的经销商，无需甲", "方另行审核。", "all"),
])
def test_a_pdf_violation_quotes_its_sentence_without_the_clause_title(checker, first, rest, evidence):
    report = checker.check(pdf_agreement(f"{first}\n{rest}"))
    assert rules(report) == {"market-release-to-manufacturer"}
    violation = report.violations[0]
    assert violation.evidence.text == (rest if evidence == "rest" else f"{first}\n{rest}")
    assert violation.evidence.location == "第一条（第1页）"


# -- coverage ---------------------------------------------------------------------------------


def test_statuses_and_what_is_lacking(checker):
    report = check(checker, "第一条 乙方应当按照甲方的文件控制要求管理文件，保存批生产记录和检验记录，甲方可以随时查阅。\n"
                            "第二条 乙方负责生产放行，甲方负责上市放行。")
    documents = report.finding("documents-records")
    assert documents.status == "partial"
    assert documents.lacking == ("保存期限",)
    assert "保存期限" in documents.suggestion and documents.evidence[0].location == "第一条"
    assert report.finding("release").status == "covered"
    kpi = report.finding("kpi")
    assert kpi.status == "missing" and kpi.evidence == () and kpi.suggestion.startswith("增加“考核指标”条款")


def test_a_supporting_word_alone_does_not_make_a_requirement_partial(checker):
    # 通知 appears in many clauses; without anything about inspections it proves nothing.
    report = check(checker, "第一条 乙方发现不合格品应当隔离并通知甲方。")
    assert report.finding("regulatory-inspection").status == "missing"
    assert report.finding("nonconforming").status == "covered"


def test_a_violating_sentence_is_not_coverage(checker):
    report = check(checker, "第一条 乙方质量部负责产品的生产放行和上市放行。")
    release = report.finding("release")
    assert release.status == "partial" and release.lacking == ("委托方上市放行",)
    events = check(checker, "第一条 由受托方承担不良事件监测的全部责任，受托方负责向监测机构报告不良事件。")
    assert events.finding("adverse-events").status == "missing"


def test_a_negated_duty_is_not_coverage(checker):
    report = check(checker, "第一条 甲方无需对乙方进行质量管理体系审核。")
    assert report.finding("audit").status == "missing"


def test_json_contract(checker):
    data = check(checker, "第一条 乙方负责生产放行和上市放行。").to_dict()
    assert set(data) == {"document", "parties", "requirements", "violations", "summary"}
    assert data["document"] == "测试协议"
    assert [p["shown"] for p in data["parties"]] == [
        "甲方 = 武汉某某医疗科技有限公司 = 委托方（注册人）", "乙方 = 孝感某某医疗器械有限公司 = 受托方（受托生产企业）"]
    for item in data["requirements"]:
        assert set(item) == {"id", "title", "mandatory", "status", "evidence", "basis", "suggestion"}
        assert isinstance(item["mandatory"], bool) and item["status"] in ("covered", "partial", "missing")
        assert all(set(e) == {"text", "location"} for e in item["evidence"])
        assert all(set(b) == {"clause_id", "ref", "text"} for b in item["basis"]) and item["basis"]
        assert isinstance(item["suggestion"], str) and (item["suggestion"] == "") == (item["status"] == "covered")
    violation = data["violations"][0]
    assert set(violation) == {"rule_id", "title", "severity", "evidence", "basis", "suggestion"}
    assert set(violation["evidence"]) == {"text", "location"} and violation["severity"] in ("error", "warning")
    assert data["summary"] == {
        "covered": sum(r["status"] == "covered" for r in data["requirements"]),
        "partial": sum(r["status"] == "partial" for r in data["requirements"]),
        "missing": sum(r["status"] == "missing" for r in data["requirements"]),
        "violations": len(data["violations"]),
    }


def test_evidence_and_basis_are_verbatim(checker, corpus_clauses):  # noqa: F811
    for name in ("complete.md", "adverse-events-to-manufacturer.docx", "ten-year-term.pdf"):
        agreement = read_agreement(AGREEMENTS / name)
        report = checker.check(agreement)
        quotes = [e for f in report.findings for e in f.evidence] + [v.evidence for v in report.violations]
        assert quotes and all(q.text in agreement.text for q in quotes)
        for basis in [b for f in report.findings for b in f.basis] + [b for v in report.violations for b in v.basis]:
            clause = corpus_clauses[basis.clause_id]
            assert basis.text == clause.text and basis.ref == clause.ref


def test_the_agreement_is_never_logged(checker, caplog):
    caplog.set_level(logging.DEBUG)
    marker = "机密标记ZX9Q"
    check(checker, f"第一条 本协议适用于{marker}牌注射器。\n第二条 乙方负责上市放行。")
    assert marker not in caplog.text


# -- the real encoder on the evaluation agreements ----------------------------------------


@pytest.mark.slow
def test_official_template_and_complete_agreement(full_kb):
    from evals.agreement_eval import template_text

    checker = AgreementChecker.from_kb(full_kb)
    template = checker.check(agreement_from_text(template_text(full_kb), "template"))
    mandatory = [f for f in template.findings if f.requirement.mandatory]
    assert template.violations == ()
    assert sum(f.status == "covered" for f in mandatory) / len(mandatory) >= 0.9
    complete = checker.check(read_agreement(AGREEMENTS / "complete.md"))
    assert complete.violations == ()
    assert {f.status for f in complete.findings} == {"covered"}
    for name, rule in (("market-release-to-manufacturer.md", "market-release-to-manufacturer"),
                       ("adverse-events-to-manufacturer.docx", "adverse-event-duty-to-manufacturer"),
                       ("re-entrustment.md", "re-entrustment-allowed"),
                       ("ten-year-term.pdf", "term-beyond-certificates"),
                       ("implant-no-resident-staff.md", "implant-without-resident-staff"),
                       ("prohibited-catalog-product.md", "prohibited-catalog-product")):
        assert rule in rules(checker.check(read_agreement(AGREEMENTS / name))), name


@pytest.mark.parametrize("caption, marks", [
    ("表1 质量职责（●负责　○参与或配合）", ("●", "○")),
    ("表2 双方职责分工　★：主责　☆：协助", ("★", "☆")),
    ("表3 职责矩阵（√表示负责，△表示配合）", ("√", "△")),
    ("表5 职责分工　注：“■”表示负责，“□”表示协助", ("■", "□")),
    # No legend: a hollow mark beside a filled one only takes part.
    ("表4 职责分工", ("●", "○")),
])
def test_a_matrix_mark_is_read_by_its_legend(checker, caption, marks):
    """A matrix may mark who does what with symbols its caption explains; the lesser mark in
    the manufacturer's column is no shift of the registrant's duty, the full one still is."""
    full, part = marks
    rows = (f"| 生产放行 | {part} | {full} |\n| 上市放行 | {full} | {part} |\n"
            f"| 不良事件监测和报告 | {full} | {part} |\n")
    body = f"一、范围\n本协议适用于医用口罩。\n二、职责分工\n{caption}\n| 事项 | 委托方 | 受托方 |\n| --- | --- | --- |\n"
    report = check(checker, body + rows)
    assert rules(report) == set()
    assert report.finding("release").status == "covered"
    shifted = check(checker, body + f"| 上市放行 | {part} | {full} |\n")
    assert rules(shifted) == {"market-release-to-manufacturer"}
    assert shifted.violations[0].evidence.location.endswith(f"上市放行 · 受托方 {full}")


@pytest.mark.parametrize("registrant, manufacturer", [
    ("R/A", "C/I"),  # a RACI matrix: consulted and informed hold nothing
    ("A", "I"),
    ("是", "否"),
    ("Y", "N"),
    ("主导", "协同"),
    ("负责", "知情"),
])
def test_a_matrix_cell_saying_no_or_only_informed_holds_no_duty(checker, registrant, manufacturer):
    body = ("一、范围\n本协议适用于医用口罩。\n二、职责分工\n表1 职责分工\n| 事项 | 委托方 | 受托方 |\n| --- | --- | --- |\n"
            f"| 上市放行 | {registrant} | {manufacturer} |\n| 不良事件监测和报告 | {registrant} | {manufacturer} |\n")
    assert rules(check(checker, body)) == set()
    assert rules(check(checker, body.replace(f"| {registrant} | {manufacturer} |", f"| {manufacturer} | {registrant} |"))) == {
        "market-release-to-manufacturer", "adverse-event-duty-to-manufacturer"}


@pytest.mark.parametrize("clause", [
    "第二十一条 转委托　乙方不得将本产品转委托其他企业生产。",
    "第二十三条【转委托】受托方不得将本产品再委托其他企业生产。",
    "第九条 【再委托】乙方不得把委托生产的产品交由第三方生产。",
])
def test_a_run_in_title_is_no_evidence_of_a_violation(checker, clause):
    """第二十一条 转委托　乙方不得…: the title names the topic; the sentence forbids it."""
    assert rules(check(checker, clause)) == set()


@pytest.mark.parametrize("sentence", [
    "第一条 乙方应当将待上市放行的产品单独存放并明确标识。",
    "第一条 已上市放行的批次如需召回，乙方予以配合。",
    "第一条 受托方仓库中经上市放行后的成品由委托方安排发运。",
])
def test_goods_described_by_their_release_are_no_shift(checker, sentence):
    assert "market-release-to-manufacturer" not in rules(check(checker, sentence))


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 产品使用中发生的医疗器械不良事件，由乙方负责监测并向所在地药品监督管理部门报告。", True),
    ("第一条 对本产品的上市放行，由受托方质量受权人签字批准。", True),
    ("第一条 产品发生的可疑不良事件，均由受托方收集、评价并上报监测机构。", True),
    ("第一条 产品使用中发生的医疗器械不良事件，由乙方协助甲方调查。", False),
    ("第一条 产品的上市放行，由甲方负责。", False),
])
def test_a_holder_opening_the_next_part_of_the_sentence_holds_the_duty(checker, sentence, shifted):
    """…发生的不良事件，由乙方负责监测: the duty ends one part of the sentence, its holder opens the next."""
    assert bool(rules(check(checker, sentence)) & {"market-release-to-manufacturer",
                                                  "adverse-event-duty-to-manufacturer"}) is shifted


MATRIX = "一、范围\n本协议适用于医用口罩。\n二、职责分工\n表1 职责分工\n"


@pytest.mark.parametrize("cell, shifted", [
    ("提交放行资料", False),
    ("收集并传递信息", False),
    ("反馈生产异常", False),
    ("负责收集并向监测机构报告", True),
    ("负责", True),
])
def test_a_cell_that_passes_things_on_does_not_hold_the_duty(checker, cell, shifted):
    body = MATRIX + f"| 事项 | 委托方 | 受托方 |\n| --- | --- | --- |\n| 不良事件监测和报告 | 负责 | {cell} |\n"
    assert ("adverse-event-duty-to-manufacturer" in rules(check(checker, body))) is shifted


@pytest.mark.parametrize("header, row", [
    ("| 序号 | 质量活动 | 委托方 | 受托方 |", "| 1 | 上市放行 | ☆ | ★ |"),
    ("| 编号 | 事项 | 甲方 | 乙方 |", "| 2.1 | 上市放行 | — | 负责 |"),
    ("| No. | 职责 | 委托方 | 受托方 |", "| 3 | 产品上市放行 | 监督 | 负责 |"),
])
def test_a_matrix_with_a_serial_number_column_reads_the_item_after_it(checker, header, row):
    body = MATRIX + f"{header}\n| --- | --- | --- | --- |\n{row}\n"
    report = check(checker, body)
    assert rules(report) == {"market-release-to-manufacturer"}
    assert "上市放行 · " in report.violations[0].evidence.location


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 甲方可以委托乙方以外的其他企业生产本产品。", False),
    ("第一条 委托方也可以另行委托其他企业生产同一产品。", False),
    ("第一条 乙方不得转委托，但经甲方批准的外协加工工序除外，外协方纳入乙方供应商管理。", False),
    ("第一条 经甲方同意，乙方可将部分批次的生产转给其他有资质的企业。", True),
    ("第一条 乙方可以将部分订单的加工交给其他工厂。", True),
    ("第一条 未经甲方书面同意，乙方不得将产品转委托其他企业生产。", True),
])
def test_who_entrusts_and_what_an_exception_is_for(checker, sentence, shifted):
    """The registrant may entrust more than one manufacturer; an exception for a process step
    is no re-entrustment; handing the production of some batches on is."""
    assert ("re-entrustment-allowed" in rules(check(checker, sentence))) is shifted


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 乙方根据甲方的上市放行通知安排发货。", False),
    ("第一条 乙方凭甲方签发的上市放行单发货。", False),
    ("第一条 受托方按照委托方的上市放行结论办理出库。", False),
    ("第一条 乙方按照甲方要求负责产品的上市放行。", True),
    ("第一条 乙方签发上市放行单后产品即可发货。", True),
])
def test_going_by_the_registrants_release_is_not_releasing(checker, sentence, shifted):
    assert ("market-release-to-manufacturer" in rules(check(checker, sentence))) is shifted


@pytest.mark.parametrize("scope", [
    "本协议适用于一次性使用输液器（植入类产品除外）。",
    "本协议产品为医用外科口罩，不包括植入性医疗器械。",
    "本协议适用于血糖仪，排除植入式产品。",
])
def test_an_implant_excluded_from_the_scope_is_no_implant(checker, scope):
    report = check(checker, f"第一条 {scope}\n第二条 乙方负责生产放行，甲方负责上市放行。")
    assert "resident-staff" in report.not_applicable and rules(report) == set()


@pytest.mark.parametrize("sentence", [
    "第一条 本产品不在禁止委托生产目录内，例如心脏起搏器、冠状动脉支架等产品不得委托生产。",
    "第一条 双方确认，本产品不是植入式心脏起搏器等禁止委托生产的产品。",
    "第一条 心脏瓣膜、乳房假体等列入目录的产品禁止委托生产，本协议产品不属于此类。",
])
def test_the_catalogs_products_named_as_examples_are_not_the_agreements(checker, sentence):
    report = check(checker, sentence + "\n第二条 本协议适用于医用口罩。")
    assert rules(report) == set() and "resident-staff" in report.not_applicable


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 本协议有效期为自签订之日起六年。", True),
    ("第一条 本协议的期限自双方盖章之日起8年。", True),
    ("第一条 本协议有效期至2045年12月31日。", True),
    ("第一条 本协议有效期为自签订之日起三年。", False),
    ("第一条 本协议有效期自2025年1月1日至2027年12月31日。", False),
])
def test_a_term_counted_from_signing_or_ending_on_a_far_date(checker, sentence, shifted):
    """A certificate valid today expires within five years of today, so an agreement running
    past that runs past the certificates even where the text gives neither date."""
    assert ("term-beyond-certificates" in rules(check(checker, sentence))) is shifted


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 上市放行不由乙方负责。", False),
    ("第一条 乙方在上市放行方面的义务仅限于提供生产放行文件。", False),
    ("第一条 乙方应当在甲方完成上市放行后，按照甲方的指令发货。", False),
    ("第一条 乙方应当在收到甲方上市放行通知后3日内发货。", False),
    ("第一条 乙方应当协助甲方上市放行。", False),
    ("第一条 上市放行：乙方；生产放行：乙方。", True),
    ("第一条 不良事件监测：乙方负责；甲方配合。", True),
    ("第一条 经甲方书面授权，乙方可以代甲方完成上市放行。", True),
])
def test_whose_release_a_sentence_names(checker, sentence, shifted):
    """The party named right before the duty does it (甲方完成上市放行), unless it is the one
    acted for (代甲方完成); 不由乙方 denies; a label (上市放行：乙方) assigns."""
    assert bool(rules(check(checker, sentence)) & {"market-release-to-manufacturer",
                                                  "adverse-event-duty-to-manufacturer"}) is shifted


@pytest.mark.parametrize("sentence, rule", [
    ("第一条 乙方负责产品的最终放行。", "market-release-to-manufacturer"),
    ("第一条 乙方负责产品上市销售前的放行审核。", "market-release-to-manufacturer"),
    ("第一条 乙方负责产品放行，放行合格的产品可直接销售。", "market-release-to-manufacturer"),
    ("第一条 可疑医疗器械不良事件的收集、调查、分析和报告由乙方负责。", "adverse-event-duty-to-manufacturer"),
    ("第一条 乙方负责医疗器械不良事件的调查、评价和上报工作。", "adverse-event-duty-to-manufacturer"),
    ("第一条 受托方承担不良事件信息的收集和报告。", "adverse-event-duty-to-manufacturer"),
])
def test_the_shifted_duties_in_other_words(checker, sentence, rule):
    assert rule in rules(check(checker, sentence))


@pytest.mark.parametrize("sentence", [
    "第一条 产品的最终放行由甲方负责。",
    "第一条 乙方负责不良事件信息的收集，并及时报告甲方。",
    "第一条 可疑医疗器械不良事件的收集、调查、分析和报告由甲方负责，乙方配合。",
])
def test_the_same_words_with_the_registrant_holding_them(checker, sentence):
    assert rules(check(checker, sentence)) == set()


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 本协议终止后，乙方对已交付产品的质量责任不因协议终止而免除，期限为十年。", False),
    ("第一条 本协议期满后，保密义务继续有效，期限为八年。", False),
    ("第一条 协议解除之后，乙方保存记录的期限为十年。", False),
    ("第一条 本协议有效期至双方另行书面终止之日止。", True),
    ("第一条 本协议自签订之日起生效，直至一方书面通知终止时止。", True),
])
def test_periods_after_the_end_and_terms_without_an_end(checker, sentence, shifted):
    assert ("term-beyond-certificates" in rules(check(checker, sentence))) is shifted


@pytest.mark.parametrize("sentence", [
    "第一条 乙方可以委托其他单位对注塑模具进行加工和维修。",
    "第一条 乙方的原材料可由甲方指定的其他企业生产供应。",
    "第一条 甲方另行委托其他企业生产同型号产品的，应当提前通知乙方。",
    "第一条 乙方可以将产品的包装印刷交由其他企业完成。",
])
def test_making_parts_tooling_or_the_registrants_own_entrusting_is_no_re_entrustment(checker, sentence):
    assert "re-entrustment-allowed" not in rules(check(checker, sentence))


@pytest.mark.parametrize("sentence, shifted", [
    ("第一条 双方对上市放行和生产放行的职责分工如下：甲方负责上市放行，乙方负责生产放行。", False),
    ("第一条 乙方发现严重不良事件时，应当立即通知甲方，并协助甲方在规定时限内向监测机构报告。", False),
    ("第一条 关于产品的上市放行，双方约定由甲方负责。", False),
    ("第一条 乙方对产品上市放行负责。", True),
    ("第一条 甲方授权乙方对产品进行上市放行。", True),
])
def test_about_a_duty_or_helping_with_it_is_not_holding_it(checker, sentence, shifted):
    assert bool(rules(check(checker, sentence)) & {"market-release-to-manufacturer",
                                                  "adverse-event-duty-to-manufacturer"}) is shifted


@pytest.mark.parametrize("sentence, rule", [
    ("第一条 产品经乙方检验合格并放行后，即可上市销售。", "market-release-to-manufacturer"),
    ("第一条 上市放行由甲方授权乙方质量负责人执行。", "market-release-to-manufacturer"),
    ("第一条 乙方质量受权人代表甲方签发上市放行报告。", "market-release-to-manufacturer"),
    ("第一条 乙方负责向省级监测机构报告本产品的严重伤害事件。", "adverse-event-duty-to-manufacturer"),
    ("第一条 上市放行不得委托受托企业进行。", None),
    ("第一条 上市放行不能交由乙方完成。", None),
])
def test_shifts_handed_on_after_the_duty_or_done_on_the_registrants_behalf(checker, sentence, rule):
    found = rules(check(checker, sentence))
    assert rule in found if rule else not found


@pytest.mark.parametrize("clause, shifted", [
    ("第十七条 转委托：乙方不得将本产品转委托其他企业生产。", False),
    ("第二十八条【禁止转委托】乙方不得将本产品再次委托其他企业生产，即使经甲方同意亦同。", False),
    ("第十四条 再委托：受托方不得把本协议产品交由其他工厂生产，哪怕经委托方书面同意也不行。", False),
    ("第十四条 转委托：经甲方书面同意，乙方可以将部分批次交由其他企业生产。", True),
])
def test_a_title_before_a_colon_and_consent_that_changes_nothing(checker, clause, shifted):
    assert ("re-entrustment-allowed" in rules(check(checker, clause))) is shifted
