"""The responsibility matrix (qa_app/matrix.py), `regkb matrix` and the 职责矩阵 page.

Three layers: single sentences read by the real annotator (fast); the shipped corpus, with
cells checked by hand against the texts (slow: the full index); and the page, driven by
AppTest over a small indexed corpus.
"""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.corpus import parse_document
from ingest.duties import DutyAnnotator
from ingest.embed import make_embedder
from ingest.errors import InputError, UnknownIdError
from ingest.index import Ingestor
from ingest.records import Duty
from ingest.settings import Settings
from ingest.structure import segment
from ingest.tokenize import Tokenizer
from qa_app.cli import main
from qa_app.matrix import (
    UNSPECIFIED, build_matrix, load_activities, matrix_for, sentence_cells, to_markdown, to_xlsx,
)
from tests.conftest import REPO

from tests.qa_app.conftest import APP  # noqa: E402
REGISTRANT, CMO = "注册人/备案人", "受托生产企业"
REG_BUREAU, CMO_BUREAU = "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"


@pytest.fixture(scope="module")
def annotator():
    return DutyAnnotator()


@pytest.fixture(scope="module")
def activities():
    return load_activities()


def cells_of(sentence, annotator, activities, implied=()):
    duty = annotator.annotate_sentence(sentence, implied, implied=implied)
    return sentence_cells(duty, activities, annotator)


# -- the activities file -----------------------------------------------------------------


def test_shipped_activities_cover_the_issue_list(activities):
    names = [a.name for a in activities]
    for wanted in ("注册质量体系核查", "日常监督检查", "有因检查", "联合检查", "委托检查", "跨区域检查结果通报",
                   "质量抽检", "立案查处", "不良事件监测与通报", "上市放行", "生产放行", "质量协议签订与年度评审",
                   "采购与供应商审核", "变更控制", "纠正预防措施", "信用档案", "注册证委托生产信息标注"):
        assert wanted in names
    assert len({a.id for a in activities}) == len(activities)


@pytest.mark.parametrize("text, message", [
    ("activities: []", "中没有 'activities:' 列表"),
    ("activities:\n  - name: 甲\n", "第 1 项活动需要 name 和至少一个 terms 词语"),
    ("activities:\n  - {id: a, name: 甲, terms: [x]}\n  - {id: a, name: 乙, terms: [y]}\n", "活动编号 'a' 用了两次"),
    ("activities:\n  - {name: 甲, terms: ['(unclosed']}\n", "不是有效的正则表达式"),
    ("activities: [\n", "第 2 行附近不是有效的 YAML"),
    ("activities: {a: [\n", "不是有效的 YAML"),
])
def test_broken_activities_files_are_refused(tmp_path, text, message):
    path = tmp_path / "activities.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_activities(path)


# -- sentences ---------------------------------------------------------------------------


def test_two_rules_in_one_sentence_both_count(annotator, activities):
    cells = cells_of("产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。", annotator, activities)
    assert cells == {("market-release", REGISTRANT): ("must", "must_not")}


def test_each_party_gets_only_its_own_task(annotator, activities):
    cells = cells_of("医疗器械注册人、备案人负责上市放行，受托生产企业负责生产放行。", annotator, activities)
    assert cells == {("market-release", REGISTRANT): ("must",), ("production-release", CMO): ("must",)}


def test_a_supporting_part_shares_the_sentence_activities(annotator, activities):
    sentence = ("跨区域委托生产申请产品注册的，医疗器械注册人申请人所在地省、自治区、直辖市药品监督管理部门负责开展"
                "注册质量体系核查工作，并协同受托生产企业所在地省、自治区、直辖市药品监督管理部门，联合或者委托开展"
                "现场核查，受托生产企业所在地省局应当支持配合。")
    cells = cells_of(sentence, annotator, activities)
    for activity in ("registration-qms-verification", "joint-inspection", "delegated-inspection"):
        assert cells[(activity, REG_BUREAU)] == ("must",)
        assert cells[(activity, CMO_BUREAU)] == ("must",)


def test_default_rule_from_a_leading_condition(annotator, activities):
    cells = cells_of("开展联合检查的，检查组组长原则上由注册人所在地省局检查人员担任，"
                     "检查报告同时报送注册人所在地省局和受托生产企业所在地省局；", annotator, activities)
    assert cells[("joint-inspection", REG_BUREAU)] == ("default",)
    assert ("joint-inspection", CMO_BUREAU) not in cells


def test_a_condition_is_no_duty_of_the_party_it_names(annotator, activities):
    # 53号令第五十八条: the holder comes from the sentence before; 对注册人…的 only says when.
    duty = Duty("对注册人监督检查中发现相关问题涉及受托生产企业的，应当通报受托生产企业所在地药品监督管理部门，"
                "联合或者委托受托生产企业所在地药品监督管理部门进行检查。", 0, (), (REG_BUREAU,), "obligation")
    cells = sentence_cells(duty, activities, annotator)
    assert {party for _, party in cells} == {REG_BUREAU}
    assert cells[("joint-inspection", REG_BUREAU)] == ("must",)


def test_fang_ke_is_no_permission(annotator, activities):
    cells = cells_of("注册人委托生产时，应当建立产品上市放行规程，符合标准和条件的，经授权的放行人员签字后方可上市。",
                     annotator, activities)
    assert cells[("market-release", REGISTRANT)] == ("must",)


@pytest.mark.parametrize("sentence", [
    "注册人应当会同受托生产企业，将上市放行要求转化为可执行的操作规程。",
    "注册人应当建立上市放行规程，确保其具有可操作性。",
    "注册人应当开展上市放行评审，识别已知和可预见的风险。",
    "注册人应当制定上市放行程序，列明可采取的纠正措施。",
])
def test_ke_making_an_adjective_is_no_permission(annotator, activities, sentence):
    assert cells_of(sentence, annotator, activities)[("market-release", REGISTRANT)] == ("must",)


@pytest.mark.parametrize("sentence", [
    "药品监督管理部门在抽检中发现产品可能不合格的，原则上应当开展有因检查。",
    "药品监督管理部门对取得的抽检结果有疑问的，原则上应当开展有因检查。",
    "药品监督管理部门对按照要求抽检的产品，原则上应当开展有因检查。",
])
def test_a_condition_naming_an_activity_states_no_rule_of_its_own(annotator, activities, sentence):
    # 可能, 取得 and 要求 look like 可, 得 and 要 but are no modal words: the condition is no "must".
    assert cells_of(sentence, annotator, activities)[("quality-sampling", "药品监管部门")] == ("default",)


def test_a_holder_outside_the_party_list_is_unspecified(annotator, activities):
    cells = cells_of("注册审批部门应当在医疗器械注册证生产地址栏中登载受托生产地址并注明“（委托生产）”。",
                     annotator, activities)
    assert cells == {("certificate-annotation", UNSPECIFIED): ("must",)}


def test_sentences_without_an_activity_or_a_rule_give_nothing(annotator, activities):
    assert cells_of("注册人应当建立质量管理体系。", annotator, activities) == {}
    assert cells_of("上市放行是指注册人对产品的放行。", annotator, activities) == {}


# -- a small document through the real parser ---------------------------------------------

RULE = """\
---
id: demo-rule
title: 示例办法
cite_as: 《示例办法》
status: in_force
---
# 示例办法

第一条 为了规范委托生产，制定本办法。

第二条 注册人应当负责产品上市放行，不得委托其他企业上市放行。

第三条 受托生产企业应当负责生产放行。受托生产企业可以与注册人约定采购方式。
"""


@pytest.fixture(scope="module")
def demo_matrix(annotator, activities):
    doc = parse_document(RULE, fallback_id="demo-rule")
    clauses = [annotator.annotate(c) for c in segment(doc)]
    return build_matrix(clauses, {doc.id: doc.meta}, activities, annotator=annotator)


def test_matrix_cells_cite_their_clause(demo_matrix):
    (duty,) = demo_matrix.cell("上市放行", REGISTRANT)
    assert duty.clause_id == "demo-rule:art2" and duty.ref == "《示例办法》第二条"
    assert duty.sentence == "注册人应当负责产品上市放行，不得委托其他企业上市放行。"
    assert duty.modalities == ("must", "must_not") and duty.labels == ("应当", "不得")
    assert demo_matrix.summary("market-release", REGISTRANT) == "应当 1 · 不得 1"
    assert demo_matrix.cell("生产放行", CMO)[0].clause_id == "demo-rule:art3"
    assert demo_matrix.cell("采购与供应商审核", CMO)[0].modalities == ("may",)
    assert demo_matrix.used_parties() == (REGISTRANT, CMO)


def test_json_lists_rows_columns_and_cited_cells(demo_matrix):
    data = json.loads(demo_matrix.to_json())
    assert [r["name"] for r in data["rows"]][:3] == ["注册质量体系核查", "日常监督检查", "有因检查"]
    assert data["columns"][:2] == [REGISTRANT, CMO] and data["columns"][-1] == UNSPECIFIED
    cell = next(c for c in data["cells"] if c["activity"] == "market-release")
    assert cell["party"] == REGISTRANT and cell["activity_name"] == "上市放行"
    assert cell["duties"][0] == {
        "clause_id": "demo-rule:art2", "doc_id": "demo-rule", "ref": "《示例办法》第二条",
        "sentence": "注册人应当负责产品上市放行，不得委托其他企业上市放行。", "start": 4,
        "modalities": ["must", "must_not"], "labels": ["应当", "不得"], "status": "in_force",
    }
    assert len(data["cells"]) == 3  # only cells with duties


def test_subset_and_unknown_names(demo_matrix):
    small = demo_matrix.subset(["上市放行", "production-release"], [CMO])
    assert [a.id for a in small.activities] == ["market-release", "production-release"]
    assert small.parties == (CMO,) and small.cell("上市放行", CMO) == ()
    assert len(small.cell("生产放行", CMO)) == 1
    with pytest.raises(UnknownIdError):
        demo_matrix.subset(["没有这个活动"])
    with pytest.raises(UnknownIdError):
        demo_matrix.subset(None, ["检查组组长"])


def test_markdown_and_xlsx_exports(demo_matrix):
    text = to_markdown(demo_matrix, {"demo-rule": {"title": "示例办法"}})
    assert "| 上市放行 | 应当 1 · 不得 1 | — |" in text
    assert "- **应当、不得** · 《示例办法》第二条 · `demo-rule:art2`\n  > 注册人应当负责产品上市放行，不得委托其他企业上市放行。" in text

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx(demo_matrix)))
    overview, detail = book["总览"], book["明细"]
    assert [c.value for c in overview[1]] == ["活动", REGISTRANT, CMO]
    rows = [[c.value for c in row] for row in detail.iter_rows(min_row=2)]
    assert ["上市放行", REGISTRANT, "应当、不得", "《示例办法》第二条", "demo-rule:art2",
            "注册人应当负责产品上市放行，不得委托其他企业上市放行。", "现行有效"] in rows
    assert len(rows) == 3


# -- the command line --------------------------------------------------------------------


@pytest.fixture
def env(monkeypatch, small_settings, capsys):
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    assert main(["ingest"]) == 0
    capsys.readouterr()
    return small_settings


def test_cli_matrix_json_md_xlsx(env, capsys, tmp_path):
    assert main(["matrix", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"rows", "columns", "cells"} <= set(data)
    cell = next(c for c in data["cells"] if c["activity"] == "market-release" and c["party"] == REGISTRANT)
    assert cell["duties"][0]["clause_id"] == "demo-rule:art2"
    assert cell["duties"][0]["modalities"] == ["must", "must_not"]

    assert main(["matrix", "--docs", "demo-notice"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 职责矩阵") and "`demo-notice:s1/i1`" in out and "demo-rule:art2" not in out

    target = tmp_path / "m.xlsx"
    assert main(["matrix", "--xlsx", "--out", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK" and "已写入" in capsys.readouterr().out


def test_cli_matrix_refusals(env, capsys, tmp_path):
    assert main(["matrix", "--xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["matrix", "--docs", "no-such-doc"]) == 2
    assert "没有这些编号的文件" in capsys.readouterr().err
    broken = tmp_path / "a.yaml"
    broken.write_text("activities: []", encoding="utf-8")
    assert main(["matrix", "--activities", str(broken)]) == 2
    assert "activities" in capsys.readouterr().err


# -- the shipped corpus, checked by hand ------------------------------------------------

# (activity, party, clause id, modalities the cell must give that sentence, words of the sentence)
# Each row was read against the text of the clause.
HAND_CHECKED = [
    ("联合检查", REG_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"default"}, "检查组组长原则上由注册人所在地省局检查人员担任"),
    ("联合检查", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "配合注册人所在地省局对受托生产企业开展联合检查或者委托检查"),
    ("联合检查", REG_BUREAU, "samr-order-53-production-supervision:art58", {"must"}, "联合或者委托受托生产企业所在地药品监督管理部门进行检查"),
    ("联合检查", "药品监管部门", "nmpa-2024-38-entrusted-production-notice:s3/i17", {"encouraged"}, "两个场地同步开展监督检查"),
    ("委托检查", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "并于检查结束后10个工作日内向注册人所在地省局反馈检查结果"),
    ("委托检查", REG_BUREAU, "nmpa-2024-38-entrusted-production-notice:s2/i12", {"may", "must"}, "可以委托受托生产企业所在地药品监督管理部门对受托生产企业进行核查"),
    ("委托检查", REG_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "应当及时委托受托生产企业所在地省局开展检查"),
    ("跨区域检查结果通报", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "反馈检查结果"),
    ("跨区域检查结果通报", REG_BUREAU, "nmpa-2022-cross-region-opinion:s2/i3", {"must"}, "应当通报受托生产企业所在地省局"),
    ("上市放行", REGISTRANT, "nmpa-2024-38-entrusted-production-notice:s1/i8", {"must", "must_not"}, "产品上市放行应当由注册人自行完成，不得委托其他企业上市放行"),
    ("上市放行", REGISTRANT, "samr-order-53-production-supervision:art34", {"must"}, "医疗器械注册人、备案人应当负责产品上市放行"),
    ("上市放行", REGISTRANT, "nmpa-2022-124-enterprise-main-responsibility:art18", {"must_not"}, "产品上市放行不得委托受托生产企业进行"),
    ("上市放行", REGISTRANT, "hubei-entrusted-production-qms-guide:s3/d1.1.5", {"must"}, "负责产品上市放行"),
    ("生产放行", CMO, "nmpa-2024-38-entrusted-production-notice:s1/i8", {"must"}, "受托生产企业应当建立生产放行规程"),
    ("生产放行", CMO, "gmp-2025:art104", {"must"}, "受托生产企业负责生产放行"),
    ("注册质量体系核查", REG_BUREAU, "nmpa-2022-cross-region-opinion:s2/i1", {"must"}, "负责开展注册质量体系核查工作"),
    ("注册质量体系核查", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i1", {"must"}, "受托生产企业所在地省局应当支持配合"),
    ("注册质量体系核查", REG_BUREAU, "nmpa-2024-38-entrusted-production-notice:s2/i12", {"default"}, "注册质量管理体系核查原则上应当由注册（申请）人所在地药品监督管理部门自行或者联合"),
    ("日常监督检查", REG_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "根据分级监管规定对注册人生产活动开展日常监督检查"),
    ("日常监督检查", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "负责对受托生产企业生产活动开展日常监督检查"),
    ("有因检查", REG_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", {"must"}, "根据不良事件监测、抽查检验、投诉举报等情况开展有因检查"),
    ("质量抽检", REG_BUREAU, "nmpa-2022-cross-region-opinion:s3/i4", {"must", "may"}, "负责组织对医疗器械注册人生产环节的质量抽检工作，可以委托受托企业所在地省局抽样"),
    ("立案查处", REG_BUREAU, "nmpa-2022-cross-region-opinion:s3/i4", {"must"}, "由医疗器械注册人所在地省局对注册人立案查处"),
    ("立案查处", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i3", {"must", "default"}, "由受托生产企业所在地省局依法调查处置"),
    ("不良事件监测与通报", REGISTRANT, "nmpa-2024-38-entrusted-production-notice:s1/i11", {"must", "must_not"}, "不得通过质量协议向受托生产企业转移"),
    ("不良事件监测与通报", REG_BUREAU, "nmpa-2022-cross-region-opinion:s3/i5", {"must"}, "要督促注册人切实履行医疗器械不良事件监测的主体责任"),
    ("质量协议签订与年度评审", REGISTRANT, "nmpa-2024-38-entrusted-production-notice:s1/i5", {"must"}, "每年对质量协议的适宜性、充分性、有效性开展评审"),
    ("质量协议签订与年度评审", CMO, "nmpa-2024-38-entrusted-production-notice:s1/i5", {"must"}, "每年对质量协议的适宜性、充分性、有效性开展评审"),
    ("采购与供应商审核", REGISTRANT, "nmpa-2024-38-entrusted-production-notice:s1/i6", {"must"}, "对相关供应商进行审核"),
    ("变更控制", REGISTRANT, "nmpa-2024-38-entrusted-production-notice:s1/i10", {"must"}, "建立完善的变更控制程序"),
    ("纠正预防措施", REGISTRANT, "nmpa-2024-38-entrusted-production-notice:s1/i9", {"must"}, "在质量协议中明确纠正预防措施沟通机制"),
    ("信用档案", REG_BUREAU, "nmpa-2024-38-entrusted-production-notice:s2/i13", {"must"}, "及时将委托生产相关信息记录在企业信用档案中"),
    ("信用档案", CMO_BUREAU, "nmpa-2024-38-entrusted-production-notice:s2/i13", {"must"}, "及时将委托生产相关信息记录在企业信用档案中"),
    ("注册证委托生产信息标注", "省级药监部门", "nmpa-2024-38-entrusted-production-notice:s2/i13", {"must"}, "督促注册人及时向原注册部门申请标注"),
    ("注册证委托生产信息标注", UNSPECIFIED, "nmpa-2024-38-entrusted-production-notice:s2/i13", {"must"}, "注册审批部门应当在医疗器械注册证生产地址栏中登载受托生产地址"),
    ("责任约谈与紧急控制措施", REG_BUREAU, "nmpa-2024-38-entrusted-production-notice:s3/i19", {"may"}, "可以开展联合责任约谈"),
]

# (activity, party, clause id, words): sentences that must NOT be in the cell.
HAND_CHECKED_ABSENT = [
    # 医疗器械注册人、备案人负责上市放行，受托生产企业负责生产放行: each only its own release.
    ("上市放行", CMO, "gmp-2025:art104", "受托生产企业负责生产放行"),
    ("生产放行", REGISTRANT, "gmp-2025:art104", "医疗器械注册人、备案人负责上市放行"),
    ("上市放行", CMO, "nmpa-2024-38-entrusted-production-notice:s1/i8", "产品上市放行、生产放行的记录保存期限"),
    # 53号令第五十八条 is addressed to the bureau, not to the registrant it inspects.
    ("联合检查", REGISTRANT, "samr-order-53-production-supervision:art58", ""),
    # 受托生产企业所在地省局 does not lead a joint inspection.
    ("联合检查", CMO_BUREAU, "nmpa-2022-cross-region-opinion:s2/i2", "检查组组长"),
    # 2014版GMP is superseded.
    ("生产放行", "生产企业", "gmp-2014-64:art", ""),
]


@pytest.fixture(scope="module")
def shipped(full_kb):
    return matrix_for(full_kb)


@pytest.mark.slow
@pytest.mark.parametrize("activity, party, clause_id, modalities, words", HAND_CHECKED,
                         ids=[f"{a}-{p}-{c.split(':')[1]}" for a, p, c, _, _ in HAND_CHECKED])
def test_hand_checked_cells(shipped, activity, party, clause_id, modalities, words):
    duties = [d for d in shipped.cell(activity, party) if d.clause_id == clause_id and words in d.sentence]
    assert duties, f"{activity} x {party}: no sentence of {clause_id} containing {words!r}"
    assert set(duties[0].modalities) >= modalities, duties[0]


@pytest.mark.slow
@pytest.mark.parametrize("activity, party, clause_id, words", HAND_CHECKED_ABSENT)
def test_hand_checked_absences(shipped, activity, party, clause_id, words):
    assert not [d for d in shipped.cell(activity, party) if d.clause_id.startswith(clause_id) and words in d.sentence]


@pytest.mark.slow
def test_no_rule_is_read_into_fang_ke_or_xiang_shi_yi(shipped):
    release = [d for d in shipped.cell("上市放行", REGISTRANT) if "方可上市" in d.sentence]
    assert release and all("may" not in d.modalities for d in release)
    capa = [d for d in shipped.cell("纠正预防措施", REGISTRANT) if "相适宜" in d.sentence]
    assert capa and all("encouraged" not in d.modalities for d in capa)


@pytest.mark.slow
def test_every_cited_sentence_is_verbatim_in_the_corpus(full_kb, shipped):
    sources = {}
    for (_, _), duties in shipped.cells.items():
        for duty in duties:
            clause = full_kb.clause(duty.clause_id)
            assert duty.doc_id == clause.doc_id and duty.ref == clause.ref
            assert clause.text[duty.start:duty.start + len(duty.sentence)] == duty.sentence
            path = full_kb.manifest["documents"][clause.doc_id]["path"]
            source = sources.setdefault(path, Path(path).read_text(encoding="utf-8"))
            assert source[clause.span[0]:clause.span[1]] == clause.text
    assert "gmp-2014-64" not in shipped.documents


@pytest.mark.slow
def test_committed_export_cites_verbatim_text(full_kb):
    """evals/results/matrix.md is for reviewers; whatever it quotes must be in the corpus.
    Regenerate it with `regkb matrix --out evals/results/matrix.md`."""
    text = (REPO / "evals" / "results" / "matrix.md").read_text(encoding="utf-8")
    pairs = re.findall(r"· `([^`]+)`\n  > (.+)", text)
    assert len(pairs) > 300
    for clause_id, sentence in pairs:
        assert sentence in full_kb.clause(clause_id).text, clause_id


# -- the page ----------------------------------------------------------------------------

NOTICE = """\
---
id: demo-opinion
title: 示例意见
cite_as: 示例意见
level: national
status: in_force
---
# 示例意见

一、加强监督检查

（一）受托生产企业所在地省局负责对受托生产企业生产活动开展日常监督检查，并配合注册人所在地省局对受托生产企业开展联合检查或者委托检查。

（二）开展联合检查的，检查组组长原则上由注册人所在地省局检查人员担任。开展委托检查的，受托生产企业所在地省局应当按照双方商定的方案开展检查，并于检查结束后10个工作日内向注册人所在地省局反馈检查结果。

二、放行

（三）产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。受托生产企业应当建立生产放行规程。
"""




@pytest.fixture(scope="module")
def page_home(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("matrix-corpus")
    (corpus / "demo-opinion.md").write_text(NOTICE, encoding="utf-8")
    home = tmp_path_factory.mktemp("matrix-home")
    Ingestor(Settings(home=home, corpus=corpus, embed_model=""), make_embedder(), Tokenizer()).run()
    return corpus, home


@pytest.fixture
def page(page_home, tmp_path, monkeypatch):
    corpus, home = page_home
    shutil.copytree(home, tmp_path / "home")
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "matrix"
    return at.run()


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_shows_the_matrix(page):
    at = ok(page)
    table = at.dataframe[0].value
    assert list(table.columns) == ["活动", REGISTRANT, CMO, REG_BUREAU, CMO_BUREAU]
    rows = {r["活动"]: r for r in table.to_dict("records")}
    assert rows["联合检查"][REG_BUREAU] == "原则上 1" and rows["联合检查"][CMO_BUREAU] == "应当 1"
    assert rows["上市放行"][REGISTRANT] == "应当 1 · 不得 1"
    assert rows["上市放行"][CMO] == "" and rows["生产放行"][CMO] == "应当 1"
    assert at.dataframe[0].proto.selection_mode  # cells can be clicked


def test_choosing_a_cell_shows_its_clauses(page):
    at = page
    at.selectbox(key="matrix_activity").select("delegated-inspection")
    at = ok(at.selectbox(key="matrix_party").select(CMO_BUREAU).run())
    sentences = [t.value for t in at.text]
    assert "开展委托检查的，受托生产企业所在地省局应当按照双方商定的方案开展检查，并于检查结束后10个工作日内向注册人所在地省局反馈检查结果。" in sentences
    cards = [m.value for m in at.markdown if "查看条款" in m.value]
    assert any("示例意见 第（二）条" in c.replace("\\", "") and "?page=browse&clause=demo-opinion:s1/i2" in c
               for c in cards)
    assert any(":blue-badge[应当]" in c for c in cards)


def test_clicking_a_table_cell_chooses_it(page):
    at = page
    row = [r["活动"] for r in at.dataframe[0].value.to_dict("records")].index("上市放行")
    at.session_state["matrix_table"] = {"selection": {"rows": [], "columns": [], "cells": [[row, REGISTRANT]]}}
    at = ok(at.run())
    assert at.selectbox(key="matrix_activity").value == "market-release"
    assert at.selectbox(key="matrix_party").value == REGISTRANT
    assert "产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。" in [t.value for t in at.text]


def test_filters_narrow_the_table(page):
    at = page
    at.multiselect(key="matrix_rows").select("joint-inspection")
    at = ok(at.multiselect(key="matrix_cols").select(REG_BUREAU).run())
    table = at.dataframe[0].value
    assert table.to_dict("records") == [{"活动": "联合检查", REG_BUREAU: "原则上 1"}]


def test_exports_are_offered(page):
    labels = [b.label for b in page.get("download_button")]
    assert labels == ["JSON", "Markdown", "Excel"]
