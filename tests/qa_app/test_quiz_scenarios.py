"""Scenario items (qa_app/quiz/scenarios.py), the independent check (crosscheck.py), topic
balance, and item statistics (stats.py), on a small corpus of real clause excerpts written
here (indexed once per module with the hash embedder).

Each case template gets a test that its key is what the cited clause says for several
instantiations of the case, and that no wrong option is also right.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from qa_app.answer import Answer
from qa_app.kb import KnowledgeBase
from qa_app.quiz import FactBase, QuizGenerator, Selection, check_item, check_set
from qa_app.quiz.crosscheck import AGREES, DISAGREES, UNCHECKED, annotate, check, probe_of
from qa_app.quiz.scenarios import ScenarioMaker, load_cases
from qa_app.quiz.stats import item_statistics, record_response, render_stats
from tests.conftest import indexed, write_doc
from tests.qa_app.test_quiz import QUIZ_RULE

GMP = """
# 示例生产质量管理规范

第一百零四条 医疗器械注册人、备案人负责上市放行，受托生产企业负责生产放行。

第一百一十三条 委托方应当建立产品上市放行规程。产品上市放行由委托方自行完成，不得委托其他企业进行。
"""

CROSS_REGION = """
# 示例跨省委托生产监管意见

第一条 跨区域委托生产申请产品注册的，医疗器械注册人申请人所在地省、自治区、直辖市药品监督管理部门负责开展注册质量体系核查工作，受托生产企业所在地省局应当支持配合。

第二条 注册人所在地省、自治区、直辖市药品监督管理部门（以下简称“注册人所在地省局”）应当落实监管责任，根据分级监管规定对注册人生产活动开展日常监督检查。受托生产企业所在地省局负责对受托生产企业生产活动开展日常监督检查，并配合注册人所在地省局对受托生产企业开展联合检查或者委托检查。

第三条 开展委托检查的，受托生产企业所在地省局应当按照双方商定的方案开展检查，并于检查结束后10个工作日内向注册人所在地省局反馈检查结果。
"""

NOTICE = """
# 示例委托生产监督管理公告

第三条 对于植入性医疗器械，鼓励注册人自行生产。《禁止委托生产医疗器械目录》中的产品不得委托生产。

第十六条 注册人由自行生产转为委托生产，或者变更受托生产企业的，应当及时向注册人所在地省级药品监督管理部门报告。

第十七条 受托生产企业应当积极接受注册人、备案人的审核和监督。受托生产的产品不得再次委托生产。

第十八条 受托生产企业所在地省级药品监督管理部门负责对受托生产企业生产活动开展日常监督检查。
"""

CATALOG = """
# 禁止委托生产医疗器械目录

## 一、有源植入器械

植入式心脏起搏器（12-01-01）

## 二、无源植入器械

乳房植入物（13-09-03）
"""

RECALL = """
# 示例召回管理办法

第十五条 医疗器械生产企业作出医疗器械召回决定的，一级召回应当在1日内，二级召回应当在3日内，三级召回应当在7日内，通知到有关医疗器械经营企业、使用单位或者告知使用者。
"""

EVENTS = """
# 示例不良事件监测办法

第二十五条 持有人发现或者获知可疑医疗器械不良事件的，应当立即调查原因，导致死亡的应当在7日内报告；导致严重伤害、可能导致严重伤害或者死亡的应当在20日内报告。
"""

DOCS = {
    "demo-gmp": (GMP, "rule"), "demo-cross-region": (CROSS_REGION, "notice"), "demo-notice": (NOTICE, "notice"),
    "nmpa-2022-17-prohibited-entrustment-catalog": (CATALOG, "catalog"), "demo-recall": (RECALL, "rule"),
    "demo-events": (EVENTS, "rule"), "demo-quiz-rule": (QUIZ_RULE, "rule"),
}


def build(folder: Path, home: Path, docs: dict[str, tuple[str, str]]) -> KnowledgeBase:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, (body, kind) in docs.items():
        title = body.strip().splitlines()[0].lstrip("# ")
        # As in the shipped recall rule: its 生产企业 is, under today's 条例, the registrant.
        terms = {"party_terms": "{医疗器械生产企业: 注册人/备案人, 生产企业: 注册人/备案人}"} if "召回" in title else {}
        write_doc(folder, doc_id, body, title=title, cite_as=f"《{title}》", kind=kind, **terms)
    return indexed(folder, home)


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("scenarios")
    return build(root / "corpus", root / "home", DOCS)


@pytest.fixture(scope="module")
def generator(kb) -> QuizGenerator:
    return QuizGenerator(FactBase.from_kb(kb))


@pytest.fixture(scope="module")
def scenarios(generator) -> list:
    return generator.candidates("scenario")


def of(scenarios, template: str) -> list:
    return [i for i in scenarios if f"case:{template}" in i.tags]


def party_of(item, label: str) -> set[str]:
    return {party for name, party in item.case if name == label}


def label_of(item, party: str) -> str:
    return next(name for name, p in item.case if p == party)


def cited(item) -> str:
    """The rule sentence the explanation quotes (before its reference)."""
    return re.match(r"^(.*[。；])（", item.explanation).group(1)


def test_every_template_is_instantiated_many_ways_and_passes_the_checker(generator, scenarios):
    templates = {t["id"] for t in load_cases()["templates"]}
    assert len(templates) >= 5
    by_template = Counter(t.split(":", 1)[1] for i in scenarios for t in i.tags if t.startswith("case:"))
    assert set(by_template) == templates  # every template finds its rule in these excerpts
    for template in templates:
        items = of(scenarios, template)
        assert len({i.stem for i in items}) >= 3, template  # names, provinces, products vary
    for item in scenarios:
        assert check_item(item, generator.facts) == [], item.stem
        assert item.citation.text.find(cited(item)) >= 0  # verbatim, with its document and article
        assert item.stem.endswith("？") and 3 <= len(item.options) <= 4
        assert item.difficulty in ("easy", "medium", "hard")


def test_release_who_keys_the_company_the_clause_names(scenarios):
    items = of(scenarios, "release-who")
    for item in items:
        registrant, manufacturer = label_of(item, "注册人/备案人"), label_of(item, "受托生产企业")
        assert item.stem.startswith(registrant)
        if "上市放行" in item.stem:
            assert item.answer == registrant and manufacturer in item.options
        else:
            assert "生产放行" in item.stem and item.answer == manufacturer and registrant in item.options
    assert {"上市放行" in i.stem for i in items} == {True, False}


def test_bureau_flips_between_cross_region_and_same_province(scenarios):
    items = [i for i in of(scenarios, "routine-inspection-bureau") if "对" + label_of(i, "受托生产企业") in i.stem]
    cross = [i for i in items if "region:跨区域" in i.tags]
    same = [i for i in items if "region:同省" in i.tags]
    assert len(cross) >= 2 and len(same) >= 2
    for item in cross:
        own, other = label_of(item, "受托生产企业所在地省级药监部门"), label_of(item, "注册人所在地省级药监部门")
        assert own != other
        assert item.answer == own and other in item.options  # the registrant's bureau: the neighbouring case
        assert item.difficulty == "medium"
    for item in same:
        # One province: its bureau supervises both companies, and is the key.
        assert label_of(item, "受托生产企业所在地省级药监部门") == label_of(item, "注册人所在地省级药监部门") == item.answer
        assert item.options.count(item.answer) == 1 and item.difficulty == "easy"
    # The registrant's own production: its province's bureau, whichever region.
    for item in of(scenarios, "routine-inspection-bureau"):
        if "对" + label_of(item, "注册人/备案人") in item.stem:
            assert item.answer == label_of(item, "注册人所在地省级药监部门")


def test_registration_and_change_report_go_to_the_registrants_bureau(scenarios):
    for template in ("registration-verification-bureau", "change-manufacturer-report"):
        items = of(scenarios, template)
        assert len(items) >= 3
        for item in items:
            assert item.answer == label_of(item, "注册人所在地省级药监部门")
            assert label_of(item, "受托生产企业所在地省级药监部门") in item.options
            assert "国家药品监督管理局" in item.options


def test_prohibitions_are_keyed_no_and_name_the_catalog(scenarios, generator):
    for template in ("release-entrust-allowed", "reentrust-allowed", "prohibited-catalog"):
        items = of(scenarios, template)
        assert len(items) >= 3, template
        for item in items:
            assert item.answer.startswith("不")
            assert re.search("不得|禁止", cited(item))
            assert all(not o.startswith("不") for o in item.options if o != item.answer)
    for item in of(scenarios, "prohibited-catalog"):
        product = re.search(r"产品为(.+?)。", item.stem).group(1)
        # Only products the catalog's own text lists, and the catalog is cited beside the rule.
        assert any(product in s.text for s in item.sources[1:])


def test_deadlines_follow_the_case_and_distractors_hold_in_the_neighbouring_case(scenarios):
    levels = {"一级召回": "1日内", "二级召回": "3日内", "三级召回": "7日内"}
    recalls = of(scenarios, "recall-notice-deadline")
    assert {i.answer for i in recalls} == set(levels.values())
    for item in recalls:
        level = re.search(r"实施(.级召回)", item.stem).group(1)
        assert item.answer == levels[level]
        assert set(levels.values()) <= set(item.options)  # the other levels' deadlines are the distractors
    events = of(scenarios, "adverse-event-deadline")
    for item in events:
        assert item.answer == ("7日内" if "死亡" in item.stem else "20日内")
        assert item.answer in cited(item)
        assert ("20日内" if item.answer == "7日内" else "7日内") in item.options
    for item in of(scenarios, "delegated-inspection-deadline"):
        assert item.answer == "10个工作日内" and "region:跨区域" in item.tags


def test_who_and_by_when_combines_three_facts(scenarios):
    items = of(scenarios, "adverse-event-who-deadline")
    assert len({i.stem for i in items}) >= 3
    for item in items:
        registrant, manufacturer = label_of(item, "注册人/备案人"), label_of(item, "受托生产企业")
        when, other = ("7日内", "20日内") if "死亡" in item.stem else ("20日内", "7日内")
        # The manufacturer heard of it first, but the registrant reports, by the deadline of this outcome.
        assert item.stem.index(manufacturer + "在售后走访中获知") > 0
        assert item.answer == f"{registrant}，{when}" and item.difficulty == "hard"
        assert set(item.options) == {f"{registrant}，{when}", f"{manufacturer}，{when}", f"{registrant}，{other}",
                                     f"{manufacturer}，{other}"}


def test_a_party_that_also_holds_the_duty_is_never_a_distractor(tmp_path):
    both = CROSS_REGION + "\n第四条 受托生产企业所在地省局负责对注册人生产活动开展日常监督检查。\n"
    kb = build(tmp_path / "corpus", tmp_path / "home", {"demo-cross-region": (both, "notice")})
    maker = ScenarioMaker(FactBase.from_kb(kb))
    items = [i for _, group in maker.groups() for i in group if "case:routine-inspection-bureau" in i.tags]
    about_registrant = [i for i in items if "对" + label_of(i, "注册人/备案人") in i.stem
                        and "region:跨区域" in i.tags]
    assert about_registrant
    for item in about_registrant:
        assert label_of(item, "受托生产企业所在地省级药监部门") not in item.options


def test_topics_share_the_set_evenly_and_keep_the_types(generator):
    items = generator.generate(Selection(n=8, topics=("放行", "召回"), seed=1))
    release = sum("放行" in i.tag_values("topic") for i in items)
    recall = sum("召回" in i.tag_values("topic") for i in items)
    # About half each (an item may belong to both), though 放行 has three times the candidates.
    assert len(items) == 8 and release >= 4 and recall >= 4
    one = generator.generate(Selection(n=10, topics=("委托生产",), seed=1))
    assert len({i.type for i in one}) >= 4  # one topic still gets every kind of question
    assert all("委托生产" in i.tag_values("topic") for i in one)


def test_no_two_items_share_a_stem(generator):
    items = generator.generate(Selection(n=60, seed=5))
    assert len({i.stem for i in items}) == len(items)
    assert sum(i.type == "scenario" for i in items) >= 5
    twin = items[0].edited(id="q-0000000000")
    assert any(p.check == "duplicate" and "题干与第" in p.message for p in check_set(items + [twin], generator.facts))


# -- the independent check ---------------------------------------------------------------------------


class FakeAnswerer:
    """Answers from a table (question -> parties, answer text); the lexicon is the real one."""

    def __init__(self, lexicon, table):
        self.lexicon, self.table, self.asked = lexicon, table, []

    def ask(self, question, k=5, *, doc_ids=None, **_):
        self.asked.append((question, doc_ids))
        parties, text, verdict = self.table.get(question, ((), "", None))
        return Answer(question, text, parties, (), not text, 0.5, verdict=verdict)


def test_crosscheck_flags_a_key_the_answerer_reads_otherwise(generator, scenarios):
    release = next(i for i in of(scenarios, "release-who") if "上市放行" in i.stem)
    recall = of(scenarios, "recall-notice-deadline")[0]
    fill = generator.candidates("fill")[0]
    fake = FakeAnswerer(generator.facts.lexicon, {
        release.probe: (("受托生产企业",), "责任方：受托生产企业。「……」", None),
        recall.probe: (("注册人/备案人",), f"期限：{recall.answer}（……）。「……」", None),
    })
    refusal = of(scenarios, "reentrust-allowed")[0]
    fake.table[refusal.probe] = (("受托生产企业",), "不可以。条文规定不得为之。「……」", "no")
    items, results = annotate([release, recall, fill, refusal], fake)
    assert [r.status for r in results] == [DISAGREES, AGREES, UNCHECKED, AGREES]
    assert "独立核对未通过" in items[0].notes and release.answer in items[0].notes
    assert items[1].notes == "" and items[2].notes == ""
    # Asked within the cited document only, in the regulations' own terms.
    assert fake.asked[0] == (release.probe, [release.citation.clause_id.split(":")[0]])


def test_crosscheck_with_the_real_answerer(kb, scenarios):
    from qa_app.answer import Answerer

    answerer = Answerer(kb)
    release = next(i for i in of(scenarios, "release-who") if "上市放行" in i.stem)
    assert check(release, answerer).status == AGREES
    wrong = release.edited(answer=label_of(release, "受托生产企业"))
    assert check(wrong, answerer).status == DISAGREES
    single = QuizGenerator(FactBase.from_kb(kb)).candidates("single")[0]
    assert probe_of(single).endswith("？") and "谁" in probe_of(single)


# -- item statistics ----------------------------------------------------------------------------------


def test_statistics_count_answers_and_export(tmp_path, scenarios):
    item = of(scenarios, "recall-notice-deadline")[0]
    wrong = next(o for o in item.options if o != item.answer)
    for session in range(6):
        right = session < 4
        record_response(tmp_path, f"s{session}", item, item.answer if right else wrong, right)
    record_response(tmp_path, "s5", item, wrong, False)  # answering again replaces, never double counts
    (row,) = item_statistics(tmp_path)
    assert row["id"] == item.id and row["attempts"] == 6 and row["correct"] == 4
    assert row["share_correct"] == pytest.approx(4 / 6, abs=0.001)
    letter = "ABCD"[item.options.index(wrong)]
    assert f'"{letter}": 2' in row["choices"]
    assert row["discrimination"] == 1.0  # the four who got it right are the upper group
    rows = list(csv.reader(io.StringIO(render_stats([row], "csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["题目编号", "题型", "题干"] and rows[1][0] == item.id and rows[1][2] == item.stem
    assert rows[1][1] == "案例分析题"  # as a trainer reads it, not the internal type name
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render_stats([row], "xlsx"))).active
    assert sheet["A2"].value == item.id and sheet["F2"].value == 4


# -- exports ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(scenarios):
    """One item of each template, the first with a trainer's note."""
    seen, out = set(), []
    for item in scenarios:
        template = next(t for t in item.tags if t.startswith("case:"))
        if template not in seen:
            seen.add(template)
            out.append(item)
    out[0] = out[0].edited(notes="独立核对未通过：请人工复核。")
    return out


def test_scenarios_round_trip_through_json_csv_and_xlsx(exported):
    from qa_app.quiz.export import from_csv, from_json, from_xlsx, to_csv, to_json, to_xlsx

    for back in (from_json(to_json(exported)), from_csv(to_csv(exported)), from_xlsx(to_xlsx(exported))):
        assert [i.to_dict() for i in back] == [i.to_dict() for i in exported]


def test_scenarios_parse_back_from_gift_moodle_anki_and_paper(exported, tmp_path):
    from docx import Document

    from qa_app.quiz.export import REVIEW_TAG, render, to_docx, to_gift, to_markdown, to_moodle_xml
    from tests.qa_app.test_quiz_export import _html_text, parse_gift

    gift = to_gift(exported)
    for item, question in zip(exported, parse_gift(gift)):
        assert question["text"] == item.stem  # the case text intact
        assert [a for a, w in question["answers"]] == list(item.options)
        assert [a for a, w in question["answers"] if w == 100] == [item.answer]
        assert question["general_feedback"].startswith(item.explanation)
    assert "// 复核提示：独立核对未通过" in gift
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(to_moodle_xml(exported), parser=parser)
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    for item, question in zip(exported, questions):
        assert question.get("type") == "multichoice" and question.findtext("single") == "true"
        assert _html_text(question.find("questiontext")) == item.stem
        answers = [(_html_text(a), float(a.get("fraction"))) for a in question.findall("answer")]
        assert [a for a, f in answers if f == 100] == [item.answer]
    assert any(node.tag is ET.Comment and "复核提示" in node.text for node in root)
    with zipfile.ZipFile(io.BytesIO(render(exported, "anki")[""])) as package:
        (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    notes = {flds.split("\x1f")[0]: (flds.split("\x1f"), tags) for flds, tags in db.execute("select flds, tags from notes")}
    db.close()
    for item in exported:
        fields, tags = notes[item.id]
        assert html.unescape(fields[2]) == item.stem and fields[1] == "案例分析题"
        assert (REVIEW_TAG in tags.split()) == bool(item.notes)
    paper_bytes, key_bytes = to_docx(exported)
    paper = "\n".join(p.text for p in Document(io.BytesIO(paper_bytes)).paragraphs)
    key = "\n".join(p.text for p in Document(io.BytesIO(key_bytes)).paragraphs)
    assert "一、案例分析题" in paper and "复核提示" not in paper and "复核提示" in key
    for item in exported:
        assert item.stem in paper and all(o in paper for o in item.options)
        assert item.citation.ref in key
    md_paper, md_key = to_markdown(exported)
    assert all(i.stem in md_paper for i in exported) and "复核提示" in md_key and "复核提示" not in md_paper


def test_case_keys_are_spread_over_the_positions(generator):
    items = [i for i in generator.generate(Selection(n=12, types=("scenario",), seed=3))]
    positions = Counter(i.options.index(i.answer) for i in items)
    assert len(items) >= 9 and len(positions) >= 3 and max(positions.values()) <= len(items) // 2
