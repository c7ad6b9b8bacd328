"""The agreement's own names for its parties: definitions read, mapped to registrant or
manufacturer, used when the check decides who holds a duty, shown at the top of every
report and correctable by the reviewer. Also: table rows located by caption, row and
column, and locations for Arabic 第6条 and Word's automatic numbers."""

from __future__ import annotations

import pytest

from qa_app.agreement import AgreementChecker, agreement_from_bytes, agreement_from_text, load_library
from qa_app.agreement.parties import MANUFACTURER, NOT_A_PARTY, REGISTRANT, read_parties
from qa_app.agreement.report import to_docx, to_markdown, to_text
from tests.conftest import HashEmbedder
from tests.qa_app.test_agreement_document import word_agreement
from tests.qa_app.test_agreement_requirements import corpus_clauses  # noqa: F401 (fixture)

REGISTRANT_WORDS = ["甲方", "委托方", "委托人", "注册人", "备案人", "品牌方"]
MANUFACTURER_WORDS = ["乙方", "受托方", "受托人", "受托生产企业", "代工厂", "承揽方"]

SHORT_NAMES = """医疗器械委托生产质量协议
甲方（委托方）：上海沐辰医疗科技有限公司（以下简称“沐辰公司”）
乙方（受托方）：苏州瑞泰医疗器械有限公司（以下简称“瑞泰公司”）
第6条 产品范围：一次性使用输液器，注册证编号：沪械注准20232140001。
第7条 瑞泰公司负责产品的生产放行，并负责产品上市放行。
第8条 本产品的不良事件监测由瑞泰公司负责。
第9条 沐辰公司每年对瑞泰公司的质量管理体系审核一次。
第10条 瑞泰公司可委托物流公司将产品运至沐辰公司仓库。
"""


def parties(text: str) -> list[str]:
    return [p.describe() + ("?" if p.ambiguous else "") for p in read_parties(text, REGISTRANT_WORDS, MANUFACTURER_WORDS).parties]


@pytest.mark.parametrize("text,expected", [
    (SHORT_NAMES, ["甲方 = 沐辰公司 = 上海沐辰医疗科技有限公司 = 委托方（注册人）",
                   "乙方 = 瑞泰公司 = 苏州瑞泰医疗器械有限公司 = 受托方（受托生产企业）"]),
    ("本协议由上海沐辰医疗科技有限公司（以下简称“沐辰公司”或“委托方”）与苏州瑞泰医疗器械有限公司"
     "（以下简称“瑞泰公司”或“受托方”）签订。",
     ["沐辰公司 = 上海沐辰医疗科技有限公司 = 委托方（注册人）", "瑞泰公司 = 苏州瑞泰医疗器械有限公司 = 受托方（受托生产企业）"]),
    ("品牌方：深圳安诺科技有限公司（下称“安诺”）\n代工厂：东莞精达医疗用品厂（下称“精达”）",
     ["安诺 = 深圳安诺科技有限公司 = 委托方（注册人）", "精达 = 东莞精达医疗用品厂 = 受托方（受托生产企业）"]),
    ("委托人：北京康源医疗器械有限公司\n受托人：天津华创医疗设备有限公司，系受托生产企业",
     ["北京康源医疗器械有限公司 = 委托方（注册人）", "天津华创医疗设备有限公司 = 受托方（受托生产企业）"]),
    # 甲乙 swapped: the manufacturer is 甲方.
    ("甲方（受托方）：苏州瑞泰医疗器械有限公司\n乙方（委托方）：上海沐辰医疗科技有限公司，为医疗器械注册人",
     ["乙方 = 上海沐辰医疗科技有限公司 = 委托方（注册人）", "甲方 = 苏州瑞泰医疗器械有限公司 = 受托方（受托生产企业）"]),
    # The role stated after the name; an article naming both parties is no definition.
    ("甲方：宁波优瑞健康科技有限公司，系医疗器械注册人\n乙方：宁波卓越电器有限公司，系受托生产企业\n"
     "一、甲方委托乙方生产电子体温计（型号：T-1）。",
     ["甲方 = 宁波优瑞健康科技有限公司 = 委托方（注册人）", "乙方 = 宁波卓越电器有限公司 = 受托方（受托生产企业）"]),
    # A defined term (本协议所称“生产放行”是指受托方…) is not a short name for a party.
    ("委托方：杭州明澈医疗器械有限公司\n受托方：宁波海岳医疗科技有限公司\n"
     "本协议所称“生产放行”是指受托方对批记录审核后批准产品出厂。",
     ["杭州明澈医疗器械有限公司 = 委托方（注册人）", "宁波海岳医疗科技有限公司 = 受托方（受托生产企业）"]),
    # Only 甲方/乙方: the roles are assumed by custom and marked for the reviewer.
    ("甲方：上海沐辰医疗科技有限公司\n乙方：苏州瑞泰医疗器械有限公司",
     ["甲方 = 上海沐辰医疗科技有限公司 = 委托方（注册人）?", "乙方 = 苏州瑞泰医疗器械有限公司 = 受托方（受托生产企业）?"]),
])
def test_definitions_are_read(text, expected):
    assert parties(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("第二条 委托方：南京瑞禾医疗科技有限公司（以下简称“瑞禾公司”），住所：南京市江宁区。\n"
     "第三条 受托方：扬州康达医疗器械有限公司（以下简称“康达公司”），住所：扬州市邗江区。",
     ["瑞禾公司 = 南京瑞禾医疗科技有限公司 = 委托方（注册人）", "康达公司 = 扬州康达医疗器械有限公司 = 受托方（受托生产企业）"]),
    ("1. 委托人：合肥清源医疗器械有限公司（下称“清源”）\n2. 受托人：芜湖华瑞医用材料有限公司（下称“华瑞”）",
     ["清源 = 合肥清源医疗器械有限公司 = 委托方（注册人）", "华瑞 = 芜湖华瑞医用材料有限公司 = 受托方（受托生产企业）"]),
    ("（一）品牌方：厦门晨星健康科技有限公司（简称“晨星”）\n（二）代工厂：漳州联创电子有限公司（简称“联创”）",
     ["晨星 = 厦门晨星健康科技有限公司 = 委托方（注册人）", "联创 = 漳州联创电子有限公司 = 受托方（受托生产企业）"]),
])
def test_a_party_defined_in_a_numbered_article(text, expected):
    """第三条 受托方：某公司（以下简称“某”）: the article's number is no part of the label."""
    assert parties(text) == expected


@pytest.mark.parametrize("term", [
    "本协议所称“生产放行”，是指代工厂质量部门审核批记录后批准产品交付。",
    "“生产放行”系指承揽方对批生产记录审核后准予出厂。",
    "“批”，指的是受托人按同一工艺连续生产的一组产品。",
])
def test_a_terms_definition_naming_a_party_defines_no_party(term):
    text = "品牌方：深圳安诺科技有限公司（下称“安诺”）\n代工厂：东莞精达医疗用品厂（下称“精达”）\n" + term
    assert parties(text) == ["安诺 = 深圳安诺科技有限公司 = 委托方（注册人）",
                             "精达 = 东莞精达医疗用品厂 = 受托方（受托生产企业）"]


def test_companies_mentioned_in_passing_are_not_parties():
    names = {n for line in parties(SHORT_NAMES) for n in line.split(" = ")}
    assert "物流公司" not in names and not any("物流" in n for n in names)


def test_reviewer_corrections():
    read = read_parties("甲方：上海沐辰医疗科技有限公司\n乙方：苏州瑞泰医疗器械有限公司", REGISTRANT_WORDS, MANUFACTURER_WORDS)
    swapped = read.corrected({"甲方": MANUFACTURER, "上海沐辰医疗科技有限公司": MANUFACTURER,
                              "乙方": REGISTRANT, "苏州瑞泰医疗器械有限公司": NOT_A_PARTY})
    assert swapped.roles() == {"乙方": REGISTRANT, "甲方": MANUFACTURER, "上海沐辰医疗科技有限公司": MANUFACTURER}
    assert not swapped.ambiguous


# -- the check uses them ----------------------------------------------------------------


@pytest.fixture(scope="module")
def checker(corpus_clauses, tokenizer):  # noqa: F811
    return AgreementChecker(load_library(corpus_clauses), corpus_clauses, HashEmbedder(), tokenizer)


def test_duties_shifted_to_a_short_name_are_found(checker):
    report = checker.check(agreement_from_text(SHORT_NAMES, "简称协议"))
    found = {v.rule.id: v.evidence.location for v in report.violations}
    assert found == {"market-release-to-manufacturer": "第7条", "adverse-event-duty-to-manufacturer": "第8条"}
    assert report.has_errors


def test_a_shift_to_a_short_name_defined_in_an_article_is_found(checker):
    text = ("第一条 委托方：南京瑞禾医疗科技有限公司（以下简称“瑞禾公司”），系医疗器械注册人。\n"
            "第二条 受托方：扬州康达医疗器械有限公司（以下简称“康达公司”）。\n"
            "第三条 本产品的不良事件监测由康达公司负责，瑞禾公司予以协助。\n"
            "第四条 康达公司质量部负责生产放行。")
    report = checker.check(agreement_from_text(text))
    assert {v.rule.id: v.evidence.location for v in report.violations} == {"adverse-event-duty-to-manufacturer": "第三条"}
    assert report.finding("release").found == ("受托方生产放行",)


def test_full_company_names_are_parties_too(checker):
    text = ("委托方：上海沐辰医疗科技有限公司\n受托方：苏州瑞泰医疗器械有限公司\n"
            "第一条 苏州瑞泰医疗器械有限公司负责产品上市放行。\n第二条 争议协商解决。\n第三条 本协议一式两份。")
    assert {v.rule.id for v in checker.check(agreement_from_text(text)).violations} == {"market-release-to-manufacturer"}


def test_a_correction_changes_the_verdict(checker):
    text = ("甲方：上海沐辰医疗科技有限公司\n乙方：苏州瑞泰医疗器械有限公司\n"
            "第一条 甲方负责产品上市放行。\n第二条 争议协商解决。\n第三条 本协议一式两份。")
    agreement = agreement_from_text(text)
    assert not checker.check(agreement).violations
    read = checker.read_parties(agreement)
    corrected = read.corrected({"甲方": MANUFACTURER, "上海沐辰医疗科技有限公司": MANUFACTURER,
                                "乙方": REGISTRANT, "苏州瑞泰医疗器械有限公司": REGISTRANT})
    report = checker.check(agreement, corrected)
    assert [v.rule.id for v in report.violations] == ["market-release-to-manufacturer"]
    assert [p.describe() for p in report.parties] == ["乙方 = 苏州瑞泰医疗器械有限公司 = 委托方（注册人）",
                                                      "甲方 = 上海沐辰医疗科技有限公司 = 受托方（受托生产企业）"]


def test_the_mapping_heads_every_report(checker):
    report = checker.check(agreement_from_text(SHORT_NAMES, "简称协议"))
    shown = "甲方 = 沐辰公司 = 上海沐辰医疗科技有限公司 = 委托方（注册人）"
    assert shown in to_text(report).split("要求核对")[0].split("违规条款")[0]
    markdown = to_markdown(report)
    assert markdown.index("## 协议双方") < markdown.index("## 违规条款") and shown in markdown
    assert report.to_dict()["parties"][1] == {
        "names": ["乙方", "瑞泰公司", "苏州瑞泰医疗器械有限公司"], "role": MANUFACTURER,
        "role_label": "受托方（受托生产企业）", "ambiguous": False,
        "shown": "乙方 = 瑞泰公司 = 苏州瑞泰医疗器械有限公司 = 受托方（受托生产企业）"}
    import io

    import docx
    paragraphs = [p.text for p in docx.Document(io.BytesIO(to_docx(report))).paragraphs]
    assert paragraphs.index("协议双方") < paragraphs.index("违规条款") and shown in paragraphs


def test_an_assumed_reading_says_so(checker):
    report = checker.check(agreement_from_text("甲方：某某医疗科技有限公司\n乙方：某某医疗器械有限公司\n第一条 争议协商解决。"))
    assert "（协议未写明，按惯例推定，请核对）" in to_text(report)


# -- locations ------------------------------------------------------------------------------


def test_a_table_row_is_located_by_caption_row_and_column(checker):
    report = checker.check(agreement_from_bytes(word_agreement(), "word.docx"))
    violation = next(v for v in report.violations if v.rule.id == "market-release-to-manufacturer")
    assert violation.evidence.location == "表2 职责分工 · 上市放行 · 受托方 ✓"
    assert violation.evidence.text == "上市放行 |  | ✓"
    # Requirements found in Word's numbered paragraphs are located by Word's numbers.
    records = report.finding("documents-records")
    assert records.evidence and records.evidence[0].location == "第二条"


# -- the marked-up copy (--redline) ---------------------------------------------------------


def comments_by_paragraph(data: bytes) -> dict[str, list[str]]:
    """Paragraph text -> the texts of the Word comments anchored in it, read back with python-docx."""
    import io

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    texts = {c.comment_id: c.text for c in document.comments}
    out: dict[str, list[str]] = {}
    body = document.element.body
    for p in body.iter(qn("w:p")):
        ids = [int(start.get(qn("w:id"))) for start in p.iter(qn("w:commentRangeStart"))]
        if ids:
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            out.setdefault(text, []).extend(texts[i] for i in ids)
    return out


def test_redline_comments_the_reviewers_own_file(checker):
    from qa_app.agreement.redline import redline

    original = word_agreement()
    report = checker.check(agreement_from_bytes(original, "word.docx"))
    marked = comments_by_paragraph(redline(original, report))
    # The violation sits on the table row's first cell, with its basis and the suggested wording.
    (violation,) = marked["上市放行"]
    assert violation.startswith("【违规】") and "第三十四条" in violation and "修改建议：" in violation
    # Missing requirements are proposed at the end, each with its basis.
    proposals = {k: v for k, v in marked.items() if k.startswith("（建议补充）")}
    missing = [f for f in report.findings if f.status == "missing"]
    assert len(proposals) == len(missing) and all(v[0].startswith("【缺失】") for v in proposals.values())
    # The reviewer's text is still there, unchanged.
    import io

    import docx
    before = [p.text for p in docx.Document(io.BytesIO(original)).paragraphs]
    after = [p.text for p in docx.Document(io.BytesIO(redline(original, report))).paragraphs]
    assert after[:len(before)] == before


def test_redline_opens_in_libreoffice(checker, tmp_path):
    import shutil
    import subprocess

    from qa_app.agreement.redline import redline

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed on this machine")
    original = word_agreement()
    path = tmp_path / "marked.docx"
    path.write_bytes(redline(original, checker.check(agreement_from_bytes(original, "word.docx"))))
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    assert (tmp_path / "marked.pdf").stat().st_size > 1000


REG, MAN = "南京瑞禾医疗科技有限公司", "扬州康达医疗器械有限公司"


def both(reg_short: str, man_short: str) -> list[str]:
    return [f"{reg_short} = {REG} = 委托方（注册人）", f"{man_short} = {MAN} = 受托方（受托生产企业）"]


@pytest.mark.parametrize("text, expected", [
    # Labels spaced out to line up the colons.
    (f"委 托 方：{REG}（以下简称“瑞禾”）\n受 托 方：{MAN}（以下简称“康达”）", both("瑞禾", "康达")),
    (f"委　托　方：{REG}（以下简称“瑞禾”）\n受　托　方：{MAN}（以下简称“康达”）", both("瑞禾", "康达")),
    (f"甲　　方：{REG}（以下简称“瑞禾”）\n乙　　方：{MAN}（以下简称“康达”）",
     [f"甲方 = 瑞禾 = {REG} = 委托方（注册人）?", f"乙方 = 康达 = {MAN} = 受托方（受托生产企业）?"]),
    # A definition broken by the page layout of a PDF.
    (f"委托方：{REG[:-2]}\n{REG[-2:]}（以下简称“瑞禾”）\n受托方：{MAN}（以下简称“康\n达”）", both("瑞禾", "康达")),
    (f"委托方：{REG}（以下简\n称“瑞禾”）\n受托方：{MAN[:5]}\n{MAN[5:]}（以下简称“康达”）", both("瑞禾", "康达")),
    (f"委托方：{REG}\n（以下简称“瑞禾”）\n受托方：{MAN}\n（以下简称“康达”）", both("瑞禾", "康达")),
    # Short names in single quotes, without quotes, in bare brackets, after a comma.
    (f"委托方：{REG}（以下简称‘瑞禾’）\n受托方：{MAN}（以下简称‘康达’）", both("瑞禾", "康达")),
    (f"委托方：{REG}（以下简称瑞禾公司）\n受托方：{MAN}（以下简称康达公司）", both("瑞禾公司", "康达公司")),
    (f"委托方：{REG}（“瑞禾”）\n受托方：{MAN}（“康达”）", both("瑞禾", "康达")),
    (f"委托方：{REG}，以下简称“瑞禾”。\n受托方：{MAN}，以下简称“康达”。", both("瑞禾", "康达")),
    # The role in the brackets that name the company.
    (f"本协议由{REG}（注册人，以下简称“瑞禾”）与{MAN}（受托生产企业，以下简称“康达”）签订。", both("瑞禾", "康达")),
    (f"{REG}（委托方，下称“瑞禾”）\n{MAN}（受托方，下称“康达”）", both("瑞禾", "康达")),
    (f"立约双方：{REG}（品牌方，简称“瑞禾”）和{MAN}（代工厂，简称“康达”）", both("瑞禾", "康达")),
    # A label on a line of its own, the name in the field under it; a table row.
    (f"委托方（注册人）\n名称：{REG}（以下简称“瑞禾”）\n受托方（受托生产企业）\n名称：{MAN}（以下简称“康达”）",
     both("瑞禾", "康达")),
    (f"委托方\n单位名称：{REG}（以下简称“瑞禾”）\n地址：南京市\n受托方\n单位名称：{MAN}（以下简称“康达”）", both("瑞禾", "康达")),
    (f"委托方 | {REG}（以下简称“瑞禾”）\n受托方 | {MAN}（以下简称“康达”）", both("瑞禾", "康达")),
    (f"| 委托方 | {REG}（以下简称“瑞禾”） | 地址：南京 |\n| 受托方 | {MAN}（以下简称“康达”） | 地址：扬州 |",
     both("瑞禾", "康达")),
])
def test_definitions_in_the_ways_documents_lay_them_out(text, expected):
    assert parties(text) == expected


@pytest.mark.parametrize("text", [
    f"第一条【协议双方】委托方：{REG}（以下简称“瑞禾”），医疗器械注册人，住所：南京市。受托方：{MAN}（以下简称“康达”），住所：扬州市。",
    f"{REG}（以下简称“瑞禾”），系本产品的医疗器械注册人。\n{MAN}（以下简称“康达”），为受托生产企业。",
    f"【签约方】{REG}（以下简称“瑞禾”），作为注册人；{MAN}（以下简称“康达”），作为受托方。",
])
def test_a_role_stated_on_its_own_after_the_name(text):
    assert parties(text) == both("瑞禾", "康达")


@pytest.mark.parametrize("manufacturer", ["昆山佳和精密医疗器械有限公司", "苏州和信医疗用品有限公司", "上海与众医疗科技有限公司"])
def test_a_company_name_holding_和_or_与_is_one_name(manufacturer):
    text = f"委托方：{REG}（以下简称“瑞禾”）\n受托方：{manufacturer}（以下简称“乙厂”）"
    assert parties(text)[1] == f"乙厂 = {manufacturer} = 受托方（受托生产企业）"


@pytest.mark.parametrize("text", [
    f"委托人（品牌方）：{REG}\n受托人（代工厂）：{MAN}\n本协议中，委托人简称“瑞禾”，受托人简称“康达”。",
    f"甲方（品牌方/注册人）：{REG}，简称瑞禾\n乙方（代工厂/受托生产企业）：{MAN}，简称康达",
    f"委托方：{REG}\n受托方：{MAN}\n为便于表述，委托方以下简称“瑞禾”，受托方以下简称“康达”。",
])
def test_short_names_given_after_the_parties_are_named(text):
    names = {line.split(" = ")[-1]: line for line in parties(text)}
    assert "瑞禾" in names["委托方（注册人）"].split(" = ") and "康达" in names["受托方（受托生产企业）"].split(" = ")
    assert "康达" not in names["委托方（注册人）"] and "瑞禾" not in names["受托方（受托生产企业）"]
