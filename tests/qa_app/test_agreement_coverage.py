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
    "第一条 乙方负责产品的生产放行，甲方负责产品的上市放行。",
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
    "第一条 文件和记录\n受托方应当按照委托方的文件控制要求管理文件，保存批生产记录和检验记录。"
    "记录保存期限不少于产品有效期后2年。委托方有权随时调阅上述记录。",
    # The clause's heading names the holder.
    "第一条 乙方的义务\n（一）按照甲方的文件控制程序管理质量文件。\n（二）批生产记录保存期限不少于5年。\n"
    "第二条 甲方的权利\n（一）甲方可以随时查阅批生产记录。",
    # A holder after a label (记录：受托方…).
    "第一条 记录：受托方保存批生产记录，保存期限不少于产品寿命期；文件：受托方负责委托方下发文件的控制。"
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


def test_a_heading_alone_is_not_coverage(checker):  # noqa: F811
    audit = check(checker, "第一条 质量管理体系审核\n第二条 其他约定\n审核频次为每年一次。").finding("audit")
    assert audit.status == "partial" and audit.unassigned == ("委托方审核受托方体系",)


def test_what_an_agreement_states_counts_without_a_party(checker):  # noqa: F811
    # Its term is stated, not given to anybody.
    report = check(checker, "第一条 本协议自双方签字盖章之日起生效，有效期三年。任何一方违约的，另一方可以解除本协议。")
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
