"""Cited answers over the full shipped corpus (bundled encoder)."""

from pathlib import Path

import pytest
import yaml

from qa_app.answer import _YES_NO, NO_BASIS, Answerer, _speaker, _states_time, _sub_questions, deadline

pytestmark = pytest.mark.slow

QUESTIONS = Path(__file__).parents[2] / "evals" / "questions.yaml"


@pytest.fixture(scope="module")
def answerer(full_kb):
    return Answerer(full_kb)


def ids(answer):
    return [c.clause_id for c in answer.citations]


def test_market_release_is_the_registrants_and_cannot_be_delegated(answerer):
    answer = answerer.ask("注册人能不能把上市放行交给受托生产企业？")
    assert not answer.abstained and answer.parties == ("注册人/备案人",)
    assert answer.answer.startswith("不可以。")
    assert "nmpa-2024-38-entrusted-production-notice:s1/i8" in ids(answer)
    assert "「产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。」（2024年第38号公告 第（八）条）" in answer.answer


def test_who_question_names_the_party_of_the_part_asked_about(answerer):
    answer = answerer.ask("谁负责产品上市放行？")
    assert answer.parties == ("注册人/备案人",)
    answer = answerer.ask("生产放行由谁负责？")
    assert answer.parties == ("受托生产企业",)


def test_colloquial_question(answerer):
    answer = answerer.ask("代工厂能不能再外包？")
    assert answer.answer.startswith("不可以。") and answer.parties == ("受托生产企业",)
    assert "再次委托" in answer.answer


def test_deadline_is_stated(answerer):
    answer = answerer.ask("跨区域委托检查结束后，检查结果多久内要反馈？")
    assert "期限：10个工作日内。" in answer.answer
    assert answer.parties == ("受托生产企业所在地省级药监部门",)


def test_parties_named_as_objects_are_not_the_answer(answerer):
    # 对注册人和受托生产企业的全面检查: both are inspected; the inspector is asked for.
    answer = answerer.ask("注册人从自行生产转为委托生产后，对注册人和受托生产企业的全面检查由谁来做？")
    assert answer.parties == ("注册人所在地省级药监部门",)
    assert "全面检查" in answer.answer


def test_a_later_part_of_a_sentence_gives_its_own_party(answerer):
    # ……省级药品监督管理部门应当……，必要时，注册人和受托生产企业所在地省级药品监督管理部门可以开展联合责任约谈
    answer = answerer.ask("注册人和受托生产企业会被两地省局联合约谈吗？")
    assert set(answer.parties) == {"注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"}


def test_the_party_a_question_names_as_actor_picks_its_duty(answerer):
    answer = answerer.ask("跨区域检查中，受托生产企业所在地药监部门发现问题涉及注册人的，应当怎么处理？")
    assert answer.parties == ("受托生产企业所在地省级药监部门",)


def test_two_who_questions_get_both_holders_but_an_object_who_does_not(answerer):
    answer = answerer.ask("连续多批次成品不合格这种趋势性问题，委托双方由谁来调查、制定纠正预防措施？")
    assert set(answer.parties) == {"注册人/备案人", "受托生产企业"}  # 注册人应当与受托生产企业共同…调查


def test_a_documents_own_abbreviation_names_its_parties(answerer):
    # 企业主体责任规定 第一条: 医疗器械注册人、备案人、受托生产企业（以下简称“生产企业”）
    answer = answerer.ask("企业负责人多久要听取一次管理者代表的工作汇报？")
    assert set(answer.parties) == {"注册人/备案人", "受托生产企业"}
    assert "期限：每季度至少" in answer.answer


def test_the_party_opening_the_asking_clause_is_the_actor(answerer):
    # The question opens with 注册人, but asks what 受托生产企业 must report.
    answer = answerer.ask("注册人终止委托生产以后，受托生产企业需要向哪个部门报告？")
    assert answer.parties == ("受托生产企业",)
    assert "受托生产企业应当及时向所在地省级药品监督管理部门报告有关情况" in answer.answer
    # 需要做什么 asks what to do, not whether: no 可以/不可以 verdict, and the asking party's duty.
    answer = answerer.ask("注册人所在地省局自己派检查组去外省检查受托生产企业，受托生产企业所在地省局需要做什么？")
    assert answer.parties == ("受托生产企业所在地省级药监部门",)
    assert not answer.answer.startswith(("可以。", "不可以。"))


def test_a_party_that_only_sets_the_scene_is_not_the_actor(answerer):
    answer = answerer.ask("注册人在上海、受托生产企业在江苏，受托生产企业的日常监督检查归哪个省局管？")
    assert answer.parties == ("受托生产企业所在地省级药监部门",)


def test_they_is_the_other_party_named_before(answerer):
    answer = answerer.ask("乙方工厂的车间改造了，生产条件有变化，他们要不要跟我们甲方打招呼？")
    assert answer.parties == ("受托生产企业",)


def test_each_part_of_a_compound_question_gets_its_holder(answerer):
    answer = answerer.ask("注册人原来自己生产，现在改成委托生产，要向哪个部门报告？报告之后由谁来做全面检查？")
    assert set(answer.parties) == {"注册人/备案人", "注册人所在地省级药监部门"}
    assert "应当及时向注册人所在地省级药品监督管理部门报告" in answer.answer
    assert "进行全面检查" in answer.answer
    answer = answerer.ask("涉及产品留样的，留样规程由谁制定、由谁执行？")
    assert set(answer.parties) == {"注册人/备案人", "受托生产企业"}
    answer = answerer.ask("产品追溯制度由谁建立？受托生产企业在追溯中承担什么？")
    assert set(answer.parties) == {"注册人/备案人", "受托生产企业"}
    assert "受托生产企业应当协助注册人、备案人实施产品追溯" in answer.answer
    for cited in answer.evidence:
        assert cited in ids(answer)


def test_who_is_urged_is_the_party_urged(answerer):
    answer = answerer.ask("巴南区要督促谁落实医疗器械不良事件监测主体责任？")
    assert set(answer.parties) == {"经营企业", "使用单位"}


def test_outside_a_who_question_the_owner_is_the_one_asked_about(answerer):
    answer = answerer.ask("医疗器械经营企业的年度自查报告什么时候交？")
    assert answer.parties == ("经营企业",)
    assert "3月31日前" in answer.answer
    assert ids(answer)[0] == "samr-order-54-distribution-supervision:art44"


def test_parts_that_match_equally_well_give_all_their_parties(answerer):
    # 53号令第六十七条: 二、三类由省级部门建立，一类由设区的市级部门建立.
    answer = answerer.ask("注册人、受托生产企业的信用档案由哪个部门建立和更新？")
    assert set(answer.parties) == {"省级药监部门", "市县级市场监管部门"}


def test_a_rule_that_names_no_holder_takes_it_from_a_text_that_does(answerer):
    # 自查报告编写指南: "…应于次年3月31日之前向药品监管部门提交" names nobody; 53号令第四十五条 does.
    answer = answerer.ask("质量管理体系年度自查报告最晚什么时候交？")
    assert set(answer.parties) == {"注册人/备案人", "受托生产企业"}
    assert "次年3月31日" in answer.answer
    assert "（《医疗器械生产监督管理办法》第四十五条）" in answer.answer
    assert "samr-order-53-production-supervision:art45" in answer.evidence


def test_compound_questions_split_only_where_each_part_asks_for_a_holder():
    assert _sub_questions("留样规程由谁制定、由谁执行？") == ["留样规程由谁制定", "留样规程由谁执行"]
    assert _sub_questions("要向哪个部门报告？报告之后由谁来做全面检查？") == ["要向哪个部门报告", "报告之后由谁来做全面检查"]
    assert _sub_questions("产品上市放行由谁负责？可以委托受托生产企业吗？") == []
    assert _sub_questions("谁负责产品上市放行？") == []


def test_what_questions_are_not_yes_no_questions():
    assert not _YES_NO.search("受托生产企业所在地省局需要做什么？")
    assert _YES_NO.search("需要报告吗？") and _YES_NO.search("要不要召回？")
    assert not _states_time("年度自查报告") and _states_time("次年3月31日前提交")


@pytest.mark.parametrize("question,clause_id", [
    ("38号公告第八条说的是什么", "nmpa-2024-38-entrusted-production-notice:s1/i8"),
    ("条例第三十五条", "state-council-order-739-md-regulation:art35"),
    ("生产监督管理办法第34条", "samr-order-53-production-supervision:art34"),
    ("湖北指南1.1.5", "hubei-entrusted-production-qms-guide:s3/d1.1.5"),
    ("《医疗器械生产质量管理规范》第一百零四条", "gmp-2025:art104"),
])
def test_exact_references_come_first(answerer, question, clause_id):
    answer = answerer.ask(question)
    assert ids(answer)[0] == clause_id and answer.confidence == 1.0


def test_an_article_that_does_not_exist_is_not_invented(answerer):
    answer = answerer.ask("条例第二百条是什么规定？")
    assert answer.abstained and answer.citations == () and answer.parties == ()
    assert answer.answer.startswith(NO_BASIS) and "107" in answer.answer


@pytest.mark.parametrize("question", ["化妆品生产许可证有效期多久？", "药品GMP对洁净区有什么要求？",
                                      "医保支付标准怎么定？", "劳动合同试用期最长多久？"])
def test_out_of_scope_questions_abstain(answerer, question):
    answer = answerer.ask(question)
    assert answer.abstained and answer.parties == ()
    assert answer.answer.startswith(NO_BASIS) and "可能相关" in answer.answer


def test_superseded_text_only_when_nothing_in_force_answers(answerer):
    answer = answerer.ask("产品放行的条件", doc_ids=["gmp-2014-64"])
    assert not answer.abstained and answer.citations[0].doc_id == "gmp-2014-64"
    assert answer.answer.startswith("（现行文件中未找到依据，以下引自已被替代的文件。）")
    assert answerer.ask("产品放行的条件").citations[0].doc_id != "gmp-2014-64"


def test_json_contract(answerer):
    data = answerer.ask("谁负责产品上市放行？", k=3).to_dict()
    assert set(data) == {"question", "answer", "parties", "citations", "abstained", "confidence"}
    assert isinstance(data["parties"], list) and isinstance(data["abstained"], bool)
    assert 0 <= data["confidence"] <= 1 and 1 <= len(data["citations"]) <= 3
    assert set(data["citations"][0]) == {"clause_id", "doc_id", "doc_title", "ref", "text", "score"}
    scores = [c["score"] for c in data["citations"]]
    assert scores == sorted(scores, reverse=True)


def test_one_citation_per_article(answerer, full_kb):
    for question in ("医疗器械注册人、备案人应当履行哪些义务？", "受托生产企业的义务"):
        bases = [c.split("~")[0] for c in ids(answerer.ask(question, k=10))]
        assert len(bases) == len(set(bases))


def test_every_citation_over_the_eval_set_is_verbatim_with_the_right_ref(answerer, full_kb):
    if not QUESTIONS.exists():
        pytest.skip("evals/questions.yaml not written yet")
    sources = {}
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    assert len(questions) >= 100
    for q in questions:
        answer = answerer.ask(q["question"], k=5)
        for citation in answer.citations:
            clause = full_kb.clause(citation.clause_id)
            path = full_kb.manifest["documents"][citation.doc_id]["path"]
            source = sources.setdefault(path, Path(path).read_text(encoding="utf-8"))
            assert citation.text == clause.text == source[clause.span[0]:clause.span[1]]
            assert citation.ref == clause.ref and citation.doc_id == clause.doc_id
        for quoted in answer.evidence:
            assert quoted in ids(answer)


def test_deadline_prefers_the_specific_expression():
    assert deadline("当年度1月1日至12月31日统计数据，应于次年3月31日之前提交") == "次年3月31日之前"
    assert deadline("于检查结束后10个工作日内反馈") == "10个工作日内"
    assert deadline("注册人应当及时报告") is None


def test_we_is_the_registrant_unless_the_question_says_otherwise():
    assert _speaker("我们不找代工厂了，注册证要改吗？") == {"注册人/备案人"}
    assert _speaker("我们是代工厂，产品出问题要担责吗？") == {"受托生产企业"}
    assert _speaker("代工厂车间改造了，他们要告诉我们吗？") == set()
    assert _speaker("代工厂能不能再外包？") == set()
