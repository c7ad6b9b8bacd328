"""Quiz generation and the checker (qa_app/quiz), on a small corpus written here.

The corpus is indexed once per module with the hash embedder (generation reads only the
clauses and their duty annotations). One slow test runs the generator and the checker
over the shipped corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.errors import InputError
from qa_app.kb import KnowledgeBase
from qa_app.quiz import FactBase, QuizGenerator, Selection, check_item, check_set, defects, validity_report
from qa_app.quiz.facts import PARTY_LABELS
from qa_app.quiz.items import BLANK, FALSE, FILL_BLANK, TRUE, Citation, QuizItem
from tests.conftest import indexed, write_doc

QUIZ_RULE = """
# 示例委托生产管理办法

### 第一章 注册人

第一条 为了规范医疗器械委托生产活动，制定本办法。

第二条 注册人应当负责产品上市放行，不得委托其他企业上市放行。

第三条 注册人应当建立覆盖医疗器械全生命周期的质量管理体系。

第四条 委托生产前，注册人应当对受托方的生产能力和质量保证能力进行现场评估。

第五条 注册人应当每年至少一次对受托生产企业的质量管理体系进行现场审核。

第六条 注册人应当在变更发生之日起10个工作日内向所在地省级药品监督管理部门报告。

第七条 注册人应当建立产品追溯体系，确保产品全生命周期可追溯。

第八条 注册人应当指定专门机构负责医疗器械不良事件监测工作。

### 第二章 受托生产企业

第九条 受托生产企业应当负责生产放行，并保存全部生产记录。

第十条 受托生产企业不得再次委托生产。

第十一条 受托生产企业应当建立覆盖医疗器械全生命周期的质量管理体系。

第十二条 受托生产企业应当按照质量协议组织生产，并接受委托方的监督。

第十三条 受托生产企业应当配备与受托生产产品相适应的生产场地和检验设备。

第十四条 受托生产企业应当及时将生产条件的变化情况告知注册人。

### 第三章 监督管理

第十五条 注册人所在地省级药品监督管理部门负责对注册人开展全项目检查。

第十六条 受托生产企业所在地省级药品监督管理部门负责对受托生产企业开展日常监督检查。

第十七条 国家药品监督管理局负责制定禁止委托生产医疗器械目录。

第十八条 医疗器械经营企业应当建立进货查验记录制度。

第十九条 医疗器械使用单位应当妥善保存购入第三类医疗器械的原始资料。

第二十条 医疗器械生产企业应当在次年3月31日前提交上一年度的质量管理体系自查报告。

第二十一条 注册人应当确保各项变更符合相关法规和标准要求。
"""

OLD_RULE = """
# 旧示例办法

第一条 受托生产企业应当负责产品出厂放行并签发放行文件。

第二条 注册人应当每半年一次向药品监督管理部门报告生产情况。
"""


def build_kb(folder: Path, home: Path) -> KnowledgeBase:
    """The quiz corpus indexed with the hash embedder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_doc(folder, "demo-quiz-rule", QUIZ_RULE, title="示例委托生产管理办法", cite_as="《示例委托生产管理办法》")
    write_doc(folder, "demo-old-rule", OLD_RULE, title="旧示例办法", cite_as="《旧示例办法》", status="superseded")
    return indexed(folder, home)


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("quiz")
    return build_kb(root / "corpus", root / "home")


@pytest.fixture(scope="module")
def facts(kb) -> FactBase:
    return FactBase.from_kb(kb)


@pytest.fixture(scope="module")
def generator(facts) -> QuizGenerator:
    return QuizGenerator(facts)


def by_sentence(generator: QuizGenerator, kind: str, sentence: str) -> list[QuizItem]:
    return [i for i in generator.candidates(kind) if i.explanation == sentence]


# -- what is generated ---------------------------------------------------------------------------


def test_every_type_is_generated_and_every_candidate_passes_the_checker(generator, facts):
    for kind in ("single", "truefalse", "fill", "multi"):
        candidates = generator.candidates(kind)
        assert candidates, kind
        for item in candidates:
            assert check_item(item, facts) == [], (item.stem, check_item(item, facts))


def test_items_carry_the_schema_and_verbatim_citations(generator, kb):
    for item in generator.generate(Selection(n=12, seed=3)):
        data = item.to_dict()
        assert set(data) >= {"id", "type", "stem", "options", "answer", "explanation", "citation", "difficulty",
                             "tags"}
        assert set(data["citation"]) == {"clause_id", "ref", "text"}
        for citation in item.sources:
            clause = kb.clause(citation.clause_id)
            assert citation.text == clause.text and citation.ref == clause.ref
        if item.type == "scenario":
            # The rule quoted verbatim with its document and article, then how the case meets it.
            quoted, reading = item.explanation.split("\n")
            assert quoted.split("（《")[0] in item.citation.text and reading.startswith("本案中")
        elif item.type != "multi":
            assert item.explanation in item.citation.text
        assert item.difficulty in ("easy", "medium", "hard")
        assert any(t.startswith("doc:") for t in item.tags)


def test_who_is_responsible_blanks_the_party_and_offers_canonical_distractors(generator):
    [item] = by_sentence(generator, "single", "受托生产企业所在地省级药品监督管理部门负责对受托生产企业开展日常监督检查。")
    assert item.stem == f"根据《示例委托生产管理办法》，{BLANK}负责对受托生产企业开展日常监督检查。"
    assert item.answer == PARTY_LABELS["受托生产企业所在地省级药监部门"]
    assert len(item.options) == 4 and item.answer in item.options
    assert PARTY_LABELS["注册人所在地省级药监部门"] in item.options  # the tempting twin
    assert set(item.options) <= set(PARTY_LABELS.values())
    assert item.difficulty == "hard"


def test_a_party_holding_the_same_duty_elsewhere_is_never_a_distractor(generator):
    # Both the registrant (第三条) and the contract manufacturer (第十一条) must build a QMS.
    [item] = by_sentence(generator, "single", "注册人应当建立覆盖医疗器械全生命周期的质量管理体系。")
    assert PARTY_LABELS["受托生产企业"] not in item.options
    swaps = [v for v in by_sentence(generator, "truefalse", item.explanation) if v.answer == FALSE]
    assert all(PARTY_LABELS["受托生产企业"] not in v.stem for v in swaps)
    # Where the twin holds no such duty, it is the first distractor.
    [equipment] = by_sentence(generator, "single", "受托生产企业应当配备与受托生产产品相适应的生产场地和检验设备。")
    # This rule never names 备案人: the option says 医疗器械注册人, as the document does.
    assert "医疗器械注册人" in equipment.options


def test_a_duty_naming_no_role_is_never_denied_to_another_company(generator, facts):
    # Any manufacturer must keep its changes lawful: asking "注册人 or 受托生产企业?" would
    # have two right answers whatever this one rule says.
    [item] = by_sentence(generator, "single", "注册人应当确保各项变更符合相关法规和标准要求。")
    assert not {PARTY_LABELS[p] for p in ("受托生产企业", "经营企业", "使用单位")} & set(item.options)
    variants = by_sentence(generator, "truefalse", item.explanation)
    assert not any("受托生产企业" in v.stem for v in variants)
    swapped = variants[0].edited(stem=variants[0].stem.replace("注册人", "受托生产企业"), answer=FALSE)
    assert "distractor" in problems(swapped, facts)


def test_true_false_flips_the_modality_or_swaps_the_party(generator):
    variants = {v.stem: v.answer for v in by_sentence(generator, "truefalse", "受托生产企业不得再次委托生产。")}
    assert variants["根据《示例委托生产管理办法》，受托生产企业不得再次委托生产。"] == TRUE
    assert variants["根据《示例委托生产管理办法》，受托生产企业可以再次委托生产。"] == FALSE
    swapped = {v.stem: v.answer for v in by_sentence(generator, "truefalse", "受托生产企业应当负责生产放行，并保存全部生产记录。")}
    assert swapped["根据《示例委托生产管理办法》，医疗器械注册人应当负责生产放行，并保存全部生产记录。"] == FALSE


def test_fill_in_blanks_deadlines_frequencies_and_terms(generator):
    answers = {i.answer: i for i in generator.candidates("fill")}
    assert "10个工作日" in answers and "每年至少一次" in answers and "次年3月31日前" in answers
    deadline = answers["10个工作日"]
    assert FILL_BLANK in deadline.stem and deadline.options == () and deadline.difficulty == "hard"
    assert deadline.stem.replace(FILL_BLANK, "10个工作日").endswith(deadline.explanation)


def test_multiple_choice_asks_for_one_partys_duties(generator, facts):
    items = [i for i in generator.candidates("multi") if "医疗器械注册人义务" in i.stem]
    assert items
    for item in items:
        assert 2 <= len(item.answers) <= 3 and len(item.options) == 4
        wrong = [o for o in item.options if o not in item.answers]
        assert all(facts.holds("注册人/备案人", o) is None for o in wrong)
        assert len(item.sources) == 4


def test_superseded_documents_are_never_quoted(generator):
    for kind in ("single", "truefalse", "fill", "multi"):
        assert all(all(s.clause_id.startswith("demo-quiz-rule:") for s in i.sources) for i in generator.candidates(kind))


# -- drawing a set ---------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_set_and_ids_are_stable(generator):
    first = generator.generate(Selection(n=10, seed=5))
    again = generator.generate(Selection(n=10, seed=5))
    other = generator.generate(Selection(n=10, seed=6))
    assert [i.to_dict() for i in first] == [i.to_dict() for i in again]
    assert [i.id for i in first] != [i.id for i in other]
    # An id names the question, not its draw: the same question has the same id in both sets.
    shared = {i.id for i in first} & {i.id for i in other}
    for item_id in shared:
        a, b = (next(i for i in s if i.id == item_id) for s in (first, other))
        assert a.stem == b.stem and set(a.options) == set(b.options) and set(a.answers) == set(b.answers)


def test_a_set_has_no_duplicates_and_balanced_answers(generator, facts):
    items = generator.generate(Selection(n=14, seed=2))
    assert len(items) == 14
    assert len({i.explanation for i in items}) == len(items)
    assert check_set(items, facts) == []
    singles = [i for i in items if i.type == "single"]
    counts = Counter(i.options.index(i.answer) for i in singles)
    assert max(counts.values()) - min(counts.get(k, 0) for k in range(4)) <= 1
    judged = Counter(i.answer for i in items if i.type == "truefalse")
    assert abs(judged[TRUE] - judged[FALSE]) <= 1


def test_selection_filters(generator):
    only = generator.generate(Selection(n=5, types=("fill",), seed=1))
    assert only and {i.type for i in only} == {"fill"}
    registrant = generator.generate(Selection(n=8, types=("single", "truefalse"), parties=("注册人",)))
    assert registrant and all("party:注册人/备案人" in i.tags for i in registrant)
    hard = generator.generate(Selection(n=8, difficulty=("hard",)))
    assert hard and {i.difficulty for i in hard} == {"hard"}
    release = generator.generate(Selection(n=8, topics=("放行",)))
    assert release and all("topic:放行" in i.tags for i in release)
    assert generator.generate(Selection(n=5, doc_ids=("demo-old-rule",))) == []


@pytest.mark.parametrize("selection, message", [
    (Selection(types=("essay",)), "无法识别的题型：essay。请使用 single"),
    (Selection(doc_ids=("no-such-doc",)), "知识库中没有这些文件：no-such-doc"),
    (Selection(parties=("外星人",)), "无法识别的责任主体“外星人”，请使用以下之一："),
    (Selection(topics=("天气",)), "无法识别的主题：天气。请使用以下之一：放行"),
    (Selection(difficulty=("extreme",)), "无法识别的难度：extreme。请使用 easy"),
    (Selection(n=0), "题量至少为 1 题"),
])
def test_unknown_filters_are_refused_clearly(generator, selection, message):
    with pytest.raises(InputError, match=message):
        generator.generate(selection)


# -- the checker catches what is wrong ---------------------------------------------------------------


def problems(item, facts) -> set[str]:
    return {p.check for p in check_item(item, facts)}


def test_checker_rejects_a_wrong_key(generator, facts):
    item = by_sentence(generator, "single", "受托生产企业不得再次委托生产。")[0]
    wrong = next(o for o in item.options if o != item.answer)
    assert "key" in problems(item.edited(answer=wrong), facts)


def test_checker_rejects_a_distractor_that_also_holds_the_duty(generator, facts):
    item = by_sentence(generator, "single", "注册人应当建立覆盖医疗器械全生命周期的质量管理体系。")[0]
    options = (item.answer, PARTY_LABELS["受托生产企业"], *[o for o in item.options if o != item.answer][:2])
    assert "distractor" in problems(item.edited(options=options), facts)


def test_checker_rejects_altered_citations_and_template_debris(generator, facts):
    item = generator.candidates("single")[0]
    altered = Citation(item.citation.clause_id, item.citation.ref, item.citation.text + "（已修订）")
    assert "citation" in problems(item.edited(citation=altered, sources=(altered,)), facts)
    assert "stem" in problems(item.edited(stem=item.stem.replace("，", "|", 1)), facts)
    assert "stem" in problems(item.edited(stem="（一）" + item.stem), facts)
    # A heading label left in front of the sentence (核查指南 "（体系文件） 申请人应当……").
    assert "stem" in problems(item.edited(stem=item.stem.replace("，", "，（体系文件） ", 1)), facts)


def test_checker_rejects_false_statements_marked_true_and_swaps_that_hold(generator, facts):
    items = by_sentence(generator, "truefalse", "受托生产企业不得再次委托生产。")
    flipped = next(i for i in items if i.answer == FALSE and "可以" in i.stem)
    assert "key" in problems(flipped.edited(answer=TRUE), facts)
    qms = by_sentence(generator, "truefalse", "注册人应当建立覆盖医疗器械全生命周期的质量管理体系。")[0]
    swapped = qms.edited(stem=qms.stem.replace("注册人", "受托生产企业"), answer=FALSE)
    assert "distractor" in problems(swapped, facts)


def test_checker_rejects_a_wrong_fill_answer_and_a_wrong_multi_option(generator, facts):
    fill = next(i for i in generator.candidates("fill") if i.answer == "10个工作日")
    assert "key" in problems(fill.edited(answer="5个工作日"), facts)
    multi = next(i for i in generator.candidates("multi") if "医疗器械注册人义务" in i.stem)
    wrong = next(o for o in multi.options if o not in multi.answers)
    assert problems(multi.edited(answer=tuple(multi.answers) + (wrong,)), facts) & {"key", "options"}


def test_checker_reports_duplicates_and_unbalanced_positions(generator, facts):
    item = by_sentence(generator, "single", "受托生产企业不得再次委托生产。")[0]
    twin = item.edited(id="q-0000000000")
    assert {p.check for p in check_set([item, twin], facts)} >= {"duplicate"}
    singles = [i for i in generator.candidates("single")][:8]
    stacked = [i.edited(options=(i.answer, *[o for o in i.options if o != i.answer])) for i in singles]
    assert any(p.check == "balance" for p in check_set(stacked, facts))


def test_an_item_that_is_not_well_formed_is_refused_with_what_to_do(generator, facts):
    item = by_sentence(generator, "single", "受托生产企业不得再次委托生产。")[0]
    a, b, c, d = item.options
    cases = [
        (item.edited(options=(a, a, c, d), answer=a), "选项B与选项A相同（“" + a + "”），请修改其中一个，使各选项互不相同。"),
        (item.edited(options=(a, b, " ", d), answer=a), "选项C为空，请填写选项内容。"),
        (item.edited(stem="  "), "题干为空，请填写题干。"),
        (item.edited(answer="国家药品监督管理局和海关"), "答案不在选项中，请在“正确答案”中重新选择。"),
        (item.edited(citation=Citation("", "", "")), "没有出处条款，无法核对答案，请删除本题或重新生成。"),
        (item.edited(explanation=""), "解析为空，请填写解析（可引用出处条款原文）。"),
    ]
    for broken, message in cases:
        assert message in [p.message for p in defects(broken)], message
        found = check_item(broken, facts)
        assert message in [p.message for p in found if p.check == "form"]
    fill = next(i for i in generator.candidates("fill") if i.answer == "10个工作日")
    assert [p.message for p in defects(fill.edited(answer=" "))] == ["答案为空，请填写空格处的正确内容。"]
    judged = by_sentence(generator, "truefalse", "受托生产企业不得再次委托生产。")[0]
    assert any("错误与正确相同" in p.message for p in defects(judged.edited(options=(TRUE, TRUE))))
    multi = next(i for i in generator.candidates("multi") if "医疗器械注册人义务" in i.stem)
    assert "没有选定正确答案，请在“正确答案”中选择。" in [p.message for p in defects(multi.edited(answer=()))]
    # What the generator makes is well formed.
    assert all(defects(i) == [] for k in ("single", "truefalse", "fill", "multi") for i in generator.candidates(k))


def test_every_message_is_chinese_and_names_items_by_their_number(generator, facts):
    single, judged, fill, multi = (generator.candidates(k)[0] for k in ("single", "truefalse", "fill", "multi"))
    qms = by_sentence(generator, "single", "注册人应当建立覆盖医疗器械全生命周期的质量管理体系。")[0]
    broken = [
        single.edited(options=(single.options[0],) * 4, stem=single.stem.replace("根据", "依据")),
        judged.edited(answer=FALSE if judged.answer == TRUE else TRUE),
        fill.edited(answer="5个工作日", explanation="改写的解析。"),
        multi.edited(answer=tuple(multi.options)),
        single,  # asked twice
        qms.edited(options=(qms.answer, PARTY_LABELS["受托生产企业"], *[o for o in qms.options if o != qms.answer][:2])),
    ]
    problems = check_set(broken, facts)
    assert {p.number for p in problems if p.item_id != "set"} >= {1, 2, 3, 4, 5}
    assert any(p.text == "第5题：与第1题是同一道题（重复加入），请删除其中一道。" for p in problems)
    for problem in problems:
        assert re.match(r"^(第\d+题|整套题)：", problem.text), problem.text
        assert re.search(r"[\u4e00-\u9fff]", problem.message) and problem.message.endswith("。"), problem.message
        assert not re.search(r"q-[0-9a-f]{10}|demo-quiz-rule|[A-Za-z]{4,}", problem.text), problem.text
    # Another clause is named as a lawyer cites it.
    assert "第6题：干扰项受托生产企业同样承担这项义务（《示例委托生产管理办法》第十一条：" \
           "受托生产企业应当建立覆盖医疗器械全生命周期的质量管理体系。），会成为第二个正确答案，请换一个干扰项。" \
           in [p.text for p in problems]


# -- facts: who holds which part of a sentence, and how -------------------------------------------


@pytest.mark.parametrize("sentence, holder, annotated, kind", [
    # 原则上 governing a modal word makes a default rule, as in the duty annotation.
    ("注册人原则上应当自行开展上市放行。", "注册人/备案人", "default_rule", "default_rule"),
    ("受托生产企业原则上不得再次委托。", "受托生产企业", "default_rule", "default_rule"),
    ("经营企业原则上须在30日内完成整改。", "经营企业", "default_rule", "default_rule"),
    # A modal-looking word in a condition (不能…的, 可以…时, 不得…后, 可疑…的) rules nothing.
    ("受托生产企业不能按期交付产品的，应当及时告知注册人。", "受托生产企业", "obligation", "obligation"),
    ("受托生产企业可以自行采购的物料到货时，应当进行进货检验。", "受托生产企业", "obligation", "obligation"),
    ("经营企业不得销售的产品退回后，应当单独存放。", "经营企业", "obligation", "obligation"),
    ("使用单位发现可疑不良事件的，应当及时告知注册人。", "使用单位", "obligation", "obligation"),
    # A party after the modal word (可…提供给, 有权向, 可与) is who the rule concerns, not who holds it.
    ("受托生产企业应当保存生产记录，并可随时提供给注册人查阅。", "受托生产企业", "obligation", "obligation"),
    ("经营企业赔偿后，有权向生产企业追偿。", "经营企业", "permission", "permission"),
    ("注册人应当按期提交报告，如有困难可与所在地省级药品监督管理部门沟通。", "注册人/备案人", "obligation", "obligation"),
    # The segment's own modal word decides, bare 可 too; a segment that only opens like a condition
    # (必要时可以…, 经营企业 with its 经) states its own rule.
    ("医疗器械注册人可向受托生产企业调取生产记录。", "注册人/备案人", "obligation", "permission"),
    ("受托生产企业可委托具有资质的检验机构开展检验。", "受托生产企业", "obligation", "permission"),
    ("经营企业可通过信息系统查询产品注册信息。", "经营企业", "obligation", "permission"),
    ("药品监督管理部门必要时可以开展现场核查。", "药品监管部门", "obligation", "permission"),
])
def test_a_sentence_of_one_holder_is_one_fact(sentence, holder, annotated, kind):
    assert FactBase([], {}).runs(sentence, (holder,), annotated) == [((holder,), kind, sentence)]


# -- the shipped corpus ----------------------------------------------------------------------------


@pytest.mark.slow
def test_generated_sets_from_the_shipped_corpus_are_valid(full_kb):
    facts = FactBase.from_kb(full_kb)
    items = QuizGenerator(facts).generate(Selection(n=60, seed=11))
    assert len(items) == 60 and {i.type for i in items} == {"single", "truefalse", "fill", "multi", "scenario"}
    assert len({i.stem for i in items}) == 60
    report = validity_report(items, facts)
    assert report["validity_rate"] >= 0.98, report["problems"]


@pytest.mark.slow
def test_every_case_question_from_the_shipped_corpus_is_valid(full_kb):
    generator = QuizGenerator(FactBase.from_kb(full_kb))
    cases = generator.candidates("scenario")
    templates = {t for i in cases for t in i.tags if t.startswith("case:")}
    assert len(templates) == 11 and len(cases) >= 150  # every template finds its rule in the corpus
    assert [(i.id, p.message) for i in cases for p in check_item(i, generator.facts)] == []
    assert {i.difficulty for i in cases} == {"easy", "medium", "hard"}
