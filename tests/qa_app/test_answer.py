"""Cited answers over the full shipped corpus (bundled encoder).

Rules are tested with tables of wordings written for these tests, never with questions from
the evaluation sets (tests/test_eval_discipline.py checks that). A wording a rule does not yet
reach stays in its table as a strict xfail, so the table shows how far the rule generalises.
"""

from pathlib import Path

import pytest
import yaml

from ingest.grammar import states_time
from qa_app.answer.frame import yes_no as yes_no_form
from qa_app.answer import NO_BASIS, Answerer, _speaker, _sub_questions, deadline

pytestmark = pytest.mark.slow

QUESTIONS = Path(__file__).parents[2] / "evals" / "questions.yaml"

REGISTRANT, MANUFACTURER = "注册人/备案人", "受托生产企业"
REGISTRANT_PROVINCE, MANUFACTURER_PROVINCE = "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"


def gap(*values):
    """A row whose wording the rule does not reach yet."""
    return pytest.param(*values, marks=pytest.mark.xfail(
        strict=True, reason="rule does not generalise to this wording"))


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
    assert "产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。」（2024年第38号公告 第（八）条）" in answer.answer


def test_who_question_names_the_party_of_the_part_asked_about(answerer):
    answer = answerer.ask("谁负责产品上市放行？")
    assert answer.parties == ("注册人/备案人",)
    answer = answerer.ask("生产放行由谁负责？")
    assert answer.parties == ("受托生产企业",)


@pytest.mark.parametrize("question", [
    "受托方能不能把生产再分包出去？",
    "代工的厂家自己做不过来，可以转委托给另一家吗？",
    "受托生产企业可以再委托第三方生产吗？",
    "代工厂可以把活儿再转给别的工厂做吗？",
    "我们的订单太多，乙方能转给另一家做吗？",
    gap("受托方排不开产线，能不能转给别家生产？"),  # 产线 draws 生产条件 in
    "代工厂忙不过来，可以把我们的货转给其他厂做吗？",
])
def test_colloquial_question_about_re_entrustment(answerer, question):
    answer = answerer.ask(question)
    assert answer.answer.startswith("不可以。") and answer.parties == (MANUFACTURER,)
    assert "再次委托" in answer.answer


def test_deadline_is_stated(answerer):
    answer = answerer.ask("跨区域委托检查结束后，检查结果多久内要反馈？")
    assert answer.answer.startswith("期限：10个工作日内")
    assert answer.parties == ("受托生产企业所在地省级药监部门",)


@pytest.mark.parametrize("question", [
    "改为委托生产之后，谁来对注册人和受托方开展全面检查？",
    "自己生产改成找代工以后，对注册人和代工厂进行全面检查的是哪个部门？",
    "注册人改为委托生产后，药监部门对受托生产企业和注册人的全面检查由谁组织？",
])
def test_parties_named_as_objects_are_not_the_answer(answerer, question):
    # 38号公告（十六）: …部门应当对注册人和受托生产企业质量管理体系进行全面检查: the inspected are not the answer.
    answer = answerer.ask(question)
    assert answer.parties == (REGISTRANT_PROVINCE,)
    assert "全面检查" in answer.answer


@pytest.mark.parametrize("question", [
    "使用单位发现可疑不良事件，及时告知持有人就可以了吧？",
    "经营企业发现可疑不良事件，告诉注册人一声就可以了吗？",
    "医院发现可疑不良事件后，告知持有人就够了吗？",
])
def test_the_party_told_is_an_object_not_one_asked_about(answerer, question):
    """告知持有人 / 告诉注册人: the one told is no party the question asks about, so it gets no line of its own."""
    assert answerer.frame(question).objects == ("注册人/备案人",)


@pytest.mark.parametrize("question", [
    "有客户投诉，调查原因该由代工厂还是由注册人负责？",
    "收到用户对质量的投诉，查找原因归受托方还是归委托方？",
    "顾客反映产品有质量问题，查明原因是品牌方的活还是代工厂的活？",
    gap("客户投诉的质量问题，查原因是受托企业的事还是我们注册人的事？"),  # 受托企业的事 reads as an owner
])
def test_asked_which_of_two_parties_a_duty_of_another_kind_of_party_is_not_the_answer(answerer, question):
    # 经营办法第四十条 gives the distributor a complaint duty; asked whether the contract maker or the
    # registrant does it, the answer names one of them (质量协议编制指南: 受托方负责…原因调查).
    answer = answerer.ask(question)
    assert answer.parties and set(answer.parties) <= {REGISTRANT, MANUFACTURER}
    assert "经营企业" not in answer.answer.split("「")[0]


@pytest.mark.parametrize("question", [
    "产品交到代工厂生产后，注册人要不要每年审核它一次？",
    "选代工厂的时候需要到现场评估吗？",
    "把生产放到受托方那里以后，检验报告还要我们自己出吗？",
    "换到另一家受托企业生产，需要报告吗？",
    "不再委托那家代工厂生产了，注册证上的受托地址要不要核减？",
])
def test_a_party_something_is_moved_to_or_chosen_is_not_the_one_asked_about(answerer, question):
    # 交到/放到/选/委托那家 X: X is where the work goes or whom one picks; the duty asked is the registrant's.
    frame = answerer.frame(question)
    assert MANUFACTURER not in frame.actor and MANUFACTURER in frame.objects
    assert answerer.ask(question).parties == (REGISTRANT,)


@pytest.mark.parametrize("question", [
    "联合责任约谈由哪两个省局一起开展？",
    gap("两地省局能不能一起约谈受托生产企业和注册人？"),
    gap("注册人和代工厂会不会被两个省的药监局联合约谈？"),
])
def test_a_later_part_of_a_sentence_gives_its_own_party(answerer, question):
    # ……省级药品监督管理部门应当……，必要时，注册人和受托生产企业所在地省级药品监督管理部门可以开展联合责任约谈
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT_PROVINCE, MANUFACTURER_PROVINCE}


@pytest.mark.parametrize("question", [
    "受托方所在地的省局在检查时发现注册人有问题，该怎么办？",
    "代工厂所在地药监部门在检查里发现的问题牵涉到注册人，它要做什么？",
    "受托方所在地的省级药监部门检查中查到注册人的问题，要怎么做？",  # 查到X: X is what was found
])
def test_the_party_a_question_names_as_actor_picks_its_duty(answerer, question):
    answer = answerer.ask(question)
    assert answer.parties == (MANUFACTURER_PROVINCE,)


@pytest.mark.parametrize("question", [
    "成品接连几批不合格，注册人和受托方谁负责调查、谁制定纠正预防措施？",
    gap("好几批产品连续不合格，谁来查原因，谁来定纠正预防措施？"),
    gap("出现连续多批不合格时，由谁调查，由谁制定纠正预防措施？"),
])
def test_two_who_questions_get_both_holders(answerer, question):
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT, MANUFACTURER}  # 注册人应当与受托生产企业共同…调查


@pytest.mark.parametrize("question", [
    "管理者代表向企业负责人汇报工作，多长时间一次？",
    "企业负责人听取管代汇报的频次是多少？",
    "管理者代表至少多久要向企业负责人报告一次工作？",
])
def test_a_documents_own_abbreviation_names_its_parties(answerer, question):
    # 企业主体责任规定 第一条: 医疗器械注册人、备案人、受托生产企业（以下简称“生产企业”）
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT, MANUFACTURER}
    assert "期限：每季度至少" in answer.answer


@pytest.mark.parametrize("question", [
    gap("注册人结束委托以后，受托方要把情况报给哪个部门？"),
    gap("注册人和代工厂解除委托关系后，代工厂该向哪个部门报告？"),
    gap("注册人和受托方的委托关系结束了，受托方得向谁报告？"),
])
def test_the_party_opening_the_asking_clause_is_the_actor(answerer, question):
    # The question opens with 注册人, but asks what 受托生产企业 must report.
    answer = answerer.ask(question)
    assert answer.parties == (MANUFACTURER,)
    assert "受托生产企业应当及时向所在地省级药品监督管理部门报告有关情况" in answer.answer


@pytest.mark.parametrize("question", [
    "注册人决定不再委托生产了，受托方那边要干嘛？",
    "委托合同到期后注册人不续了，代工厂要干嘛？",
    "注册人停止委托以后，受托生产企业得干嘛？",
])
def test_the_party_of_a_gan_ma_clause_is_the_actor(answerer, question):
    # The question opens with 注册人 setting the scene; its 干嘛 clause asks what the plant is to do.
    answer = answerer.ask(question)
    assert answer.parties == (MANUFACTURER,)
    assert not answer.answer.startswith(("需要。", "可以。", "不可以。", "应当。"))


@pytest.mark.parametrize("question", [
    "注册人所在地省局组织对外地受托方的检查，受托方所在地省局负责什么？",
    "注册人所在地省局直接到外省检查代工厂时，代工厂所在地省局要做什么？",
    "注册人所在地药监部门到外地检查代工厂，代工厂那边的省局要配合做什么？",
])
def test_what_to_do_questions_get_the_asking_partys_duty_and_no_verdict(answerer, question):
    # 需要做什么 asks what to do, not whether: no 可以/不可以 verdict, and the asking party's duty.
    answer = answerer.ask(question)
    assert answer.parties == (MANUFACTURER_PROVINCE,)
    assert not answer.answer.startswith(("可以。", "不可以。"))


@pytest.mark.parametrize("question", [
    "注册人在北京，代工厂在广东，代工厂的日常监管由哪个省局负责？",
    "注册人在浙江、受托方在安徽，谁对受托方开展日常监督检查？",
    "注册人在四川，受托生产企业在重庆，受托生产企业平时归哪里的药监局检查？",
])
def test_a_party_that_only_sets_the_scene_is_not_the_actor(answerer, question):
    answer = answerer.ask(question)
    assert answer.parties == (MANUFACTURER_PROVINCE,)


@pytest.mark.parametrize("question", [
    "乙方厂区搬迁后条件不一样了，他们得不得向甲方报告？",
    gap("代工厂的厂房重新装修了，生产条件变了，他们需要通知我们注册人吗？"),
    gap("受托方的生产条件发生了变化，他们要不要告诉委托方？"),
])
def test_they_is_the_other_party_named_before(answerer, question):
    answer = answerer.ask(question)
    assert answer.parties == (MANUFACTURER,)


@pytest.mark.parametrize("question", [
    "注册人不再自己生产、改为委托，要先报告哪个部门？随后的全面检查由谁做？",
    "我们从自己生产改成找代工，要报告给哪个部门？接着由谁开展全面检查？",
    "注册人转为委托生产时向哪个部门报告？全面检查又由谁负责？",
])
def test_each_part_of_a_compound_question_gets_its_holder(answerer, question):
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT, REGISTRANT_PROVINCE}
    assert "应当及时向注册人所在地省级药品监督管理部门报告" in answer.answer
    assert "进行全面检查" in answer.answer


@pytest.mark.parametrize("question", [
    gap("留样的管理规程谁来定、谁来执行？"),
    gap("留样规程应该由谁编制？又该由谁来实施？"),
    gap("委托生产中留样规程由哪一方起草、由哪一方执行？"),
    gap("留样规程由谁来制定、又由谁来执行？"),
    gap("留样规程由谁建立、由谁实施？"),
])
def test_a_compound_question_on_one_topic_gets_each_holder(answerer, question):
    # 注册人 writes the retention procedure, 受托生产企业 follows it (湖北指南 8.2.3).
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT, MANUFACTURER}


@pytest.mark.parametrize("question", [
    "追溯制度由谁建立？代工厂在追溯里要做什么？",
    "产品追溯体系由谁来建？受托生产企业需要配合做什么？",
    gap("谁负责建立产品追溯制度？受托方承担什么追溯责任？"),
])
def test_each_part_is_answered_from_its_own_sentence(answerer, question):
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT, MANUFACTURER}
    assert "受托生产企业应当协助注册人、备案人实施产品追溯" in answer.answer
    for cited in answer.evidence:
        assert cited in ids(answer)


@pytest.mark.parametrize("question", [
    "巴南区在不良事件监测上要督促谁负起主体责任？",
    gap("巴南区要求督促哪些单位做好不良事件监测工作？"),
    gap("巴南区市场监管部门督促落实不良事件监测责任的对象是谁？"),
])
def test_who_is_urged_is_the_party_urged(answerer, question):
    answer = answerer.ask(question)
    assert set(answer.parties) == {"经营企业", "使用单位"}


@pytest.mark.parametrize("question", [
    "经营企业每年的自查报告要在什么时间前提交？",
    "卖医疗器械的经营企业，每年自查报告最晚哪天报上去？",
    "经营企业提交年度质量管理体系自查报告的期限是哪天？",
])
def test_outside_a_who_question_the_owner_is_the_one_asked_about(answerer, question):
    answer = answerer.ask(question)
    assert answer.parties == ("经营企业",)
    assert "3月31日前" in answer.answer
    assert ids(answer)[0] == "samr-order-54-distribution-supervision:art44"


@pytest.mark.parametrize("question", [
    "医疗器械生产企业信用档案是哪个部门负责建的？",
    "谁负责建立和更新医疗器械生产企业的信用档案？",
    "代工厂的信用档案由哪级监管部门来建立？",
])
def test_parts_that_match_equally_well_give_all_their_parties(answerer, question):
    # 53号令第六十七条: 二、三类由省级部门建立，一类由设区的市级部门建立.
    answer = answerer.ask(question)
    assert set(answer.parties) == {"省级药监部门", "市县级市场监管部门"}


@pytest.mark.parametrize("question", [
    "生产企业每年的体系自查报告最迟要在几月几号前交？",
    "体系自查报告一年一交，最晚交到什么时候？",
    "年度质量管理体系自查报告的提交截止日期是哪天？",
])
def test_a_rule_that_names_no_holder_takes_it_from_a_text_that_does(answerer, question):
    # 自查报告编写指南: "…应于次年3月31日之前向药品监管部门提交" names nobody; 53号令第四十五条 does.
    answer = answerer.ask(question)
    assert set(answer.parties) == {REGISTRANT, MANUFACTURER}
    assert "次年3月31日" in answer.answer
    assert "（《医疗器械生产监督管理办法》第四十五条）" in answer.answer
    assert "samr-order-53-production-supervision:art45" in answer.evidence


@pytest.mark.parametrize("question,parts", [
    ("检验规程由谁编写、由谁审核？", ["检验规程由谁编写", "检验规程由谁审核"]),
    ("召回计划由谁制定，由谁实施？", ["召回计划由谁制定", "召回计划由谁实施"]),
    ("要向哪个部门备案？备案之后由谁来核查？", ["要向哪个部门备案", "备案之后由谁来核查"]),
    ("变更要报告给哪个部门？之后由谁来审核？", ["变更要报告给哪个部门", "之后由谁来审核"]),
    gap("留样规程由谁来制定、又由谁来执行？", ["留样规程由谁来制定", "留样规程又由谁来执行"]),
    ("产品召回由谁负责？可以交给代工厂做吗？", []),
    ("上市放行由谁负责？能委托给别人吗？", []),
    ("谁负责生产放行？", []),
])
def test_compound_questions_split_only_where_each_part_asks_for_a_holder(question, parts):
    assert _sub_questions(question) == parts


@pytest.mark.parametrize("question,yes_no", [
    ("注册人所在地省局要做什么？", False),
    ("代工厂需要做什么？", False),
    ("受托方需要准备哪些材料？", False),
    ("需要报告吗？", True),
    ("要不要召回？", True),
    ("能不能委托？", True),
])
def test_what_questions_are_not_yes_no_questions(question, yes_no):
    assert (yes_no_form(question) is not None) is yes_no


def test_a_bare_noun_states_no_time():
    assert not states_time("年度自查报告") and states_time("次年3月31日前提交")


@pytest.mark.parametrize("question,clause_id", [
    ("2024年第38号公告第（十二）条的内容", "nmpa-2024-38-entrusted-production-notice:s2/i12"),
    ("条例第三十六条", "state-council-order-739-md-regulation:art36"),
    ("生产监督管理办法第45条", "samr-order-53-production-supervision:art45"),
    ("湖北指南1.1.9", "hubei-entrusted-production-qms-guide:s3/d1.1.9"),
    ("《医疗器械生产质量管理规范》第一百零四条", "gmp-2025:art104"),
])
def test_exact_references_come_first(answerer, question, clause_id):
    answer = answerer.ask(question)
    assert ids(answer)[0] == clause_id and answer.confidence == 1.0


@pytest.mark.parametrize("question", [
    "条例第三百条讲什么？",
    "《医疗器械监督管理条例》第一百二十条的内容",
    "条例第999条规定了哪些义务？",
])
def test_an_article_that_does_not_exist_is_not_invented(answerer, question):
    answer = answerer.ask(question)
    assert answer.abstained and answer.citations == () and answer.parties == ()
    assert answer.answer.startswith(NO_BASIS) and "107" in answer.answer


@pytest.mark.parametrize("question", ["化妆品生产许可证有效期多久？", "医保支付标准怎么定？",
                                      "个人所得税起征点是多少？", "出口退税怎么办理？",
                                      "仿制药做一致性评价一般要花多长时间？", "原料药登记需要交哪些资料？",
                                      "中成药说明书修订以后要报哪个部门？"])
def test_out_of_scope_questions_abstain(answerer, question):
    answer = answerer.ask(question)
    assert answer.abstained and answer.parties == ()
    assert answer.answer.startswith(NO_BASIS) and "可能相关" in answer.answer


@pytest.mark.parametrize("question", [
    "代工厂给我们开增值税专票，税点一般多少？",
    "医疗器械注册人公司的员工加班工资怎么算？",
    "受托生产企业出口到美国要不要做FDA 510(k)？",
    "医疗器械企业股东之间股权转让要报药监局吗？",
    "委托生产合同里的违约金按民法典怎么约定？",
    "代工厂拖着不交货，我们能去法院起诉他们吗？",
    "和受托生产企业的委托合同纠纷，是申请仲裁还是打官司？",
    "品牌方欠加工费不给，受托方胜诉的把握大吗？",
    "代工厂的批记录系统放在自建机房还是阿里云上更划算？",
    "注册人公司的OA服务器带宽要多大才够用？",
    "医疗器械企业的文件管理系统要不要上云，选哪家云服务？",
])
def test_other_fields_of_law_abstain_even_in_device_words(answerer, question):
    """A device maker's taxes, staff, shares or foreign approvals are outside the corpus,
    whatever device words (医疗器械, 代工厂, 受托生产企业) the question uses."""
    answer = answerer.ask(question)
    assert answer.abstained and answer.kind == "out_of_scope"


@pytest.mark.parametrize("question, held", [
    ("管理者代表辞职了，公司多长时间内得重新任命？", "30个工作日内"),
    ("管代离职以后，新的管代要在多久之内任命好？", "30个工作日内"),
    ("管代离职了还没招到人，空缺期间由谁代为履职？", "代其履职"),
])
def test_a_post_falling_vacant_is_answered_not_read_as_labour_law(answerer, question, held):
    """管代离职 asked who fills the post and by when: the regulations say (代其履职, 30个工作日内任命), so
    离职 is not read as labour law; asked about his pay, it still is."""
    answer = answerer.ask(question)
    assert not answer.abstained and held in answer.answer
    assert answerer.ask("管代离职了公司要赔偿他多少钱？").kind == "out_of_scope"


@pytest.mark.parametrize("question", [
    "新版GMP对MES系统里的电子批记录有什么要求？",
    "按生产质量管理规范，ERP系统里的采购记录能作为采购记录保存吗？",
    "生产质量管理规范对ERP这类计算机化系统有没有验证要求？",
])
def test_a_question_naming_a_corpus_text_is_answered_from_it(answerer, question):
    """Words of another field (MES, ERP, 税) do not put a question about GMP or a notice out of scope."""
    answer = answerer.ask(question)
    assert not answer.answer.startswith(NO_BASIS + "问题涉及的领域")


@pytest.mark.parametrize("question", [
    "采购原材料要保存发票等来源证明吗？",
    "质量协议要不要约定知识产权保护？",
    "出口的医疗器械要符合进口国的要求吗？",
    "不予延续注册的决定，企业能提起行政诉讼吗？",  # 行政诉讼 is named in the registration measures
])
def test_device_questions_near_those_fields_are_answered(answerer, question):
    assert not answerer.ask(question).abstained


def test_superseded_text_only_when_nothing_in_force_answers(answerer):
    answer = answerer.ask("产品放行的条件", doc_ids=["gmp-2014-64"])
    assert not answer.abstained and answer.citations[0].doc_id == "gmp-2014-64"
    assert answer.answer.startswith("（现行文件中未找到依据，以下引自已被替代的文件。）")
    assert answerer.ask("产品放行的条件").citations[0].doc_id != "gmp-2014-64"


def test_json_contract(answerer):
    answer = answerer.ask("谁负责产品上市放行？", k=3)
    data = answer.to_dict()
    assert set(data) == {"question", "answer", "parties", "citations", "abstained", "confidence",
                         "confidence_level", "verdict", "frame", "readings", "resolved_question", "notice"}
    assert data["notice"] is None  # the vector store answers
    assert data["verdict"] is None and data["frame"]["slot"] == "who" and data["confidence_level"] in "高中低"
    assert isinstance(data["parties"], list) and isinstance(data["abstained"], bool)
    assert 0 <= data["confidence"] <= 1 and 1 <= len(data["citations"]) <= 3
    assert set(data["citations"][0]) == {"clause_id", "doc_id", "doc_title", "ref", "path", "status", "text", "score"}
    # The clauses the answer quotes come first, in the order it quotes them; the others follow by score.
    ids = [c["clause_id"] for c in data["citations"]]
    quoted = [e for e in answer.evidence if e in ids]
    assert ids[:len(quoted)] == quoted
    scores = [c["score"] for c in data["citations"][len(quoted):]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("question", ["谁负责产品上市放行？", "受托生产企业能不能再委托？", "一级召回要在几日内通知？"])
def test_the_clause_the_answer_quotes_is_cited_first(answerer, question):
    answer = answerer.ask(question)
    assert answer.evidence and answer.citations[0].clause_id == answer.evidence[0]


def test_one_citation_per_article(answerer, full_kb):
    for question in ("注册人、备案人都要承担什么责任？", "受托生产企业的义务"):
        bases = [c.split("~")[0] for c in ids(answerer.ask(question, k=10))]
        assert len(bases) == len(set(bases))


@pytest.fixture(scope="module")
def plan_order_citations(full_kb):
    """An answerer that lists the citations in the order the plans read the candidates."""
    answerer = Answerer(full_kb)
    answerer.W_ACTION = answerer.W_ALL_HOLD = 0.0
    return answerer


@pytest.mark.parametrize("question", [
    "代工厂能不能把放行也一起签了？",
    "受托方的生产条件变了，注册人和受托方分别要做什么？",
    "年度自查报告什么时候交？",
    "委托生产的质量协议应当包括哪些内容？",
])
def test_how_citations_are_ordered_never_changes_the_answer(answerer, plan_order_citations, question):
    answer, plain = answerer.ask(question), plan_order_citations.ask(question)
    assert (answer.answer, answer.parties, answer.verdict, answer.evidence) == (
        plain.answer, plain.parties, plain.verdict, plain.evidence)
    assert answer.citations[0].clause_id == answer.evidence[0]


@pytest.mark.parametrize("question", [
    "谁负责产品上市放行？",
    "代工厂生产条件变了，注册人和受托方各自要做什么？",
    "年度自查报告什么时候交？",
    "质量协议应当包括哪些内容？",
])
def test_the_number_of_citations_asked_for_never_changes_the_answer(answerer, question):
    answers = {k: answerer.ask(question, k) for k in (1, 3, 5, 12)}
    read = {(a.answer, a.parties, a.verdict, a.evidence) for a in answers.values()}
    assert len(read) == 1
    for k, answer in answers.items():
        # Every clause the answer quotes is cited, however few were asked for.
        assert len(answer.citations) == max(k, len(set(answer.evidence))) and set(answer.evidence) <= set(ids(answer))


@pytest.mark.parametrize("question", [
    "生产条件不再符合质量管理体系要求，注册人和受托方各有什么义务？",
    "受托生产企业的生产条件变化后不符合体系要求了，注册人、受托生产企业各自应当怎么做？",
    "厂房条件变了不再符合质量管理体系，注册人、备案人和受托生产企业要履行哪些义务？",
    gap("生产条件变化不符合体系要求时，委托方和受托方分别负什么责任？"),
])
def test_the_clause_binding_every_party_asked_about_is_cited(answerer, question):
    # 生产监督管理办法第四十四条: 注册人、备案人、受托生产企业 each must act when conditions change.
    assert "samr-order-53-production-supervision:art44" in ids(answerer.ask(question))


@pytest.mark.parametrize("question, clause_id", [
    ("只有一道工序外包出去，也要签质量协议吗？", "nmpa-2022-20-quality-agreement-guide:pre"),
    ("部分工序委托给别的企业加工，需要按委托生产签协议吗？", "nmpa-2022-20-quality-agreement-guide:pre"),
    ("说明书变更要不要提交书面告知？", "nmpa-order-6-ifu-labeling:art16"),
    gap("改了说明书，是否必须报批以后才能使用？", "nmpa-order-6-ifu-labeling:art16"),
])
def test_a_clause_stating_the_asked_action_is_cited(answerer, question, clause_id):
    assert clause_id in ids(answerer.ask(question))


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


@pytest.mark.parametrize("question,speaker", [
    ("我们打算换一家代工厂，要办什么手续？", {REGISTRANT}),
    ("我们公司委托外面的工厂生产，要签什么协议？", {REGISTRANT}),
    ("我们是代工厂，产品出问题要担责吗？", {MANUFACTURER}),
    ("我们只做代工，需要自己的注册证吗？", {MANUFACTURER}),
    ("我们作为乙方，要保存哪些记录？", {MANUFACTURER}),
    gap("我们这边是受托方，要保存哪些记录？", {MANUFACTURER}),
    ("他们要不要跟我们说一声？", set()),
    gap("代工厂的车间翻新了，他们要通知我们吗？", set()),
    ("代工厂可以转包吗？", set()),
])
def test_we_is_the_registrant_unless_the_question_says_otherwise(question, speaker):
    # 我们 told or owning something is not the actor; no 我们 at all names nobody.
    assert _speaker(question) == speaker


@pytest.mark.parametrize("question, reading", [
    ("代工厂出了问题谁负责？", "代工厂 → 受托生产企业"),
    ("管代要不要报药监局？", "管代 → 管理者代表"),
    ("我们的产品能不能转包出去？", "转包 → 再次委托"),
])
def test_everyday_words_are_shown_as_read(answerer, question, reading):
    """The user sees how an everyday word was taken, so a wrong reading is visible."""
    answer = answerer.ask(question)
    assert reading in answer.readings and reading in answer.to_dict()["readings"]


@pytest.mark.parametrize("question", [
    "药监来查的时候，能不能先拒检，等准备好了再说？",
    "检查人员来了，我们停产躲一下行不行？",
    "检查员到了厂门口，可以先不让进吗？",
    "检查组上门了，我们能说主管人不在、让他们下次再来吗？",
])
def test_putting_inspectors_off_is_read_as_refusing_or_evading_the_inspection(answerer, question):
    """不让进 / 拒检 / 躲 / 下次再来: the trade's words for what the inspection rules call 拒绝、逃避检查."""
    answer = answerer.ask(question)
    assert answer.verdict == "no" and answer.answer.startswith("不可以")
    assert "逃避" in answer.answer


@pytest.mark.parametrize("question", [
    "我们准备收回自产，注册这边要办什么手续？",
    "终止代工以后注册人要做什么？",
    "以后停止代工，改成自产，要去哪里核减地址？",
    gap("产品打算改回自产，要向谁申请什么？"),
])
def test_making_the_product_in_house_again_is_read_as_ending_the_entrustment(answerer, question):
    """收回自产 / 终止代工 / 改成自产: 注册人不再进行委托生产的，应当…核减受托生产地址."""
    assert "核减受托生产地址" in answerer.ask(question).answer


@pytest.mark.parametrize("question", [
    "不良事件是不是每例都得报？",
    "不良事件是不是每一例都要上报？",
    gap("不良事件能只报严重的吗？"),
    gap("可疑不良事件要全都报吗，还是挑严重的报？"),
])
def test_every_case_of_an_adverse_event_is_read_as_all_adverse_events(answerer, question):
    """每例 / 每一例 / 全都报: only the first registration cycle of an innovative device reports all events;
    otherwise the serious ones. Asked whether every case is reported, the answer is 不一定 with that rule."""
    answer = answerer.ask(question)
    assert answer.verdict == "depends" and "所有医疗器械不良事件" in answer.answer


def test_a_question_in_the_regulations_words_has_no_readings(answerer):
    assert answerer.ask("受托生产企业应当如何保存生产记录？").readings == ()


@pytest.mark.parametrize("question, rule", [
    ("找代工厂生产的东西，标签上要不要写代工厂的名字和地址", "nmpa-order-6-ifu-labeling:art13"),
    ("代工的产品说明书里得标明受托方信息吗", "nmpa-order-6-ifu-labeling:art13"),
    ("贴牌产品的标签要印工厂的哪些信息", "nmpa-order-6-ifu-labeling:art13"),
    ("外包生产的器械，标签上写谁的厂址", "nmpa-order-6-ifu-labeling:art13"),
    ("代工厂那条线停产很久了，重新开工前要先报告吗", "samr-order-53-production-supervision:art43"),
    ("工厂停了一年多想恢复生产，要先做什么", "samr-order-53-production-supervision:art43"),
    gap("停产很久的代工厂复工要不要先报药监", "samr-order-53-production-supervision:art43"),
])
def test_an_everyday_word_counts_as_one_word_of_the_question(answerer, question, rule):
    """代工厂 / 贴牌 / 工厂 are read as their official term, one word of the question: counted with
    every piece of the term (受托 + 生产 + 企业) they outweighed what is asked (标签, 停产), and the
    clause that answers it fell out of the citations."""
    assert rule in ids(answerer.ask(question))[:5]


@pytest.mark.parametrize("question", [
    "产品找了代工厂生产，质量责任落在谁头上",
    "代工厂做的器械质量不行，依法谁来负总责",
    "让代工厂生产的器械出了质量问题，法律上谁负责",
    gap("交给代工厂造的器械质量由哪一方担着"),
])
def test_the_party_is_read_from_clauses_that_say_the_everyday_word_another_way(answerer, question):
    """The plans still read the candidates with the pieces of 受托生产企业, so 委托生产…注册人…负责
    (saying it another way) is there to name who answers for the quality."""
    assert answerer.ask(question).parties == (REGISTRANT,)


@pytest.mark.parametrize("question", [
    "抽检出不合格产品，由哪个省局负责对注册人立案？受托方所在地的省局管什么？",
    "委托产品抽检不合格，由哪个省局负责立案调查注册人？受托生产企业所在地省局干什么？",
    gap("质量抽检不合格，由哪个省局来立案查处注册人？代工厂所在地省局负责啥？"),
])
def test_a_short_second_question_about_another_party_is_asked_in_the_first_ones_scene(answerer, question):
    """The second part borrows the scene (抽检不合格), not the first part's own question (由哪个省局立案)."""
    assert set(answerer.ask(question).parties) >= {REGISTRANT_PROVINCE, MANUFACTURER_PROVINCE}


@pytest.mark.parametrize("question, doc_id", [
    ("38号公告要求两个所在地的省局分别持续关注注册人和受托方的哪些方面？", "nmpa-2024-38-entrusted-production-notice"),
    ("质量协议编制指南里，投诉处理委托方和受托方怎么分工？", "nmpa-2022-20-quality-agreement-guide"),
    ("飞行检查办法对检查组事先告知有什么规定？", "nmpa-order-14-flight-inspection"),
])
def test_a_text_the_question_names_is_where_the_answer_comes_from(answerer, question, doc_id):
    assert answerer.ask(question).citations[0].doc_id == doc_id


@pytest.mark.parametrize("question, region, doc_id", [
    ("集采中选以后，山西要求企业向哪里报告中选情况？", "山西", "shanxi-2021-61-vbp-quality-notice"),
    ("山西省局对中选企业怎么监督检查？", "山西", "shanxi-2021-61-vbp-quality-notice"),
    ("晋药监办61号文要求中选企业落实哪几项要求？", "山西", "shanxi-2021-61-vbp-quality-notice"),
    ("巴南区今年飞检重点查什么产品？", "巴南", "chongqing-banan-2021-work-plan"),
    ("湖北指南对委托方派驻人员有什么要求？", "湖北", "hubei-entrusted-production-qms-guide"),
])
def test_an_answer_from_a_local_text_says_whose_text_it_is(answerer, question, region, doc_id):
    # A provincial or district text binds only there: the reader must see which region's text the
    # quote is from (the Shanxi notice's own title names no province), not take it for a national rule.
    answer = answerer.ask(question)
    assert answer.citations[0].doc_id == doc_id
    assert region in answer.answer and region in answer.citations[0].ref


def test_a_clause_that_is_only_a_document_title_is_never_the_answer(answerer):
    for question in ("湖北指南里对派驻人员有什么要求？", "湖北的指南对受托方的生产放行怎么规定？", "湖北指南的适用范围是什么？"):
        assert "实施指南（试行）」" not in answerer.ask(question).answer.split("\n")[0]


@pytest.mark.parametrize("question, recipient", [
    ("不良事件评价结果要多久内报给省监测机构？", "不良事件监测机构"),
    ("召回计划要提交给所在地省局吗？", "省级药监部门"),
    ("年度自查报告交给市局就行吗？", "市县级市场监管部门"),
])
def test_a_party_reached_through_a_place_word_is_where_it_goes(answerer, question, recipient):
    # 报给省监测机构 / 交给市局: the place word (省/市/所在地) before the party does not make it the asker.
    frame = answerer.frame(question)
    assert recipient in frame.objects and recipient not in frame.actor


@pytest.mark.parametrize("question, verdict, first, last", [
    ("外周血管支架是不是列在禁止委托生产目录里？我们能委托工厂生产吗？", "yes", "（1）不在", "（2）可以"),
    ("法规是不是强制要求法定代表人亲自签字？让副总经理经授权代签可以吗？", "yes", "（1）不是必须", "（2）可以"),
    ("管理者代表必须是全职吗？能不能请外部兼职顾问担任？", "no", "（1）需要", "（2）不可以"),
])
def test_a_two_part_yes_no_question_answers_each_part_and_the_last_decides(answerer, question, verdict, first, last):
    answer = answerer.ask(question)
    assert answer.answer.startswith(first) and last in answer.answer
    assert answer.verdict == verdict


@pytest.mark.parametrize("question", [
    "注册人一定要上商业保险吗？没上的话会被处罚吗？",
    "法规是不是强制品牌方买商业保险？不买会不会挨罚？",
    "委托生产必须买商业保险吗？不买会罚款吗？",
])
def test_whether_it_is_required_decides_a_question_that_also_asks_about_a_penalty(answerer, question):
    # 要不要买？不买罚不罚？: the duty is answered first (商业保险 is only encouraged), and whether one is punished
    # for not doing it follows from that, so the first part's verdict is the answer's, not a penalty of another rule.
    answer = answerer.ask(question)
    assert answer.answer.startswith("（1）不是必须") and "鼓励" in answer.answer.split("（2）")[0]
    assert "（2）" in answer.answer
    assert answer.verdict == "no"


@pytest.mark.parametrize("question", [
    "受托方发现生产的器械不符合技术要求，受托方该做什么？召回由谁来定？",
    "代工厂自己查出产品不符合产品技术要求，它要怎么做？召回谁来决定？",
    "代工厂发现生产出的器械不合格，工厂该怎么做？召回由谁决定？",
])
def test_a_partys_line_quotes_a_sentence_that_names_it(answerer, question):
    # 不符合…的，不得放行出厂和上市 only carries the manufacturer over from the sentence before it;
    # the manufacturer's line quotes a rule that names it (受托方应当…, 受托生产企业应当…协助…召回).
    lines = answerer.ask(question).answer.split("\n")
    manufacturer = next(line for line in lines if line.startswith("受托生产企业："))
    quoted = manufacturer[manufacturer.index("「"):]
    assert "受托" in quoted and "不得放行出厂和上市" not in quoted


@pytest.mark.parametrize("question", [
    "跨省委托时省局检查代工厂发现违法行为，由谁查处，之后通报谁？",
    "代工厂在外省，检查中发现它有违法行为，由哪个省局查处？",
    "委托生产中，谁负责对违法行为进行查处？",
    "跨区域委托生产中发现违法行为，哪个部门负责调查处理？",
])
def test_who_takes_an_action_is_not_answered_by_a_catalogue_that_names_it(answerer, question):
    """省级部门应当…汇集审评审批、监督检查、违法行为查处等信息 / 信用档案中应当包括…违法行为查处等信息
    name 查处 only as an entry of what a bureau files: the answer rests on a sentence whose action is
    the investigation (…依据各自职责进行调查处理 / …共同打击违法行为)."""
    answer = answerer.ask(question)
    first = answer.answer.split("「", 1)[1].split("」", 1)[0]
    assert "等信息" not in first and "信用档案" not in first
    assert any(word in first for word in ("调查", "查处", "打击"))


@pytest.mark.parametrize("question", [
    "企业的信用档案由谁建立？",
    "谁负责把监督检查结果记进信用档案？",
    "给二类三类产品的受托方建立信用档案，是哪个部门的事？",
])
def test_a_catalogue_still_answers_a_question_about_the_catalogue_itself(answerer, question):
    """Asked about the file itself, the rule that keeps it (…应当建立并及时更新…信用档案) is the answer."""
    answer = answerer.ask(question)
    assert "信用档案" in answer.answer.split("」", 1)[0] and answer.parties


@pytest.mark.parametrize("question, told", [
    ("注册人由自行生产改为委托生产，应当向哪个部门报告？", "向注册人所在地省级药品监督管理部门报告"),
    ("委托生产改了受托生产企业，注册人要向谁报告？", "向注册人所在地省级药品监督管理部门报告"),
    ("注册人从自己生产变成委托别人生产，报告给哪个部门？", "向注册人所在地省级药品监督管理部门报告"),
    ("管理者代表确定后要向哪里报告？", "向所在地药品监督管理部门报告"),
    # 报告不良事件发生地…部门 names the one told without 向: not read yet.
    gap("群体不良事件要报给谁？", "不良事件发生地"),
])
def test_asking_whom_a_report_goes_to_is_answered_in_the_lead(answerer, question, told):
    lead = answerer.ask(question).answer.split("「")[0]
    assert told in lead


@pytest.mark.parametrize("question", [
    "注册人变更受托生产企业，要向谁报告？",
    "谁负责开展注册质量体系核查？",
    "管理者代表由谁来确定？",
])
def test_a_who_question_not_asking_whom_it_goes_to_has_no_recipient_line(answerer, question):
    # Only the first: the one reported to is asked. The others ask who does it.
    lead = answerer.ask(question).answer.split("「")[0]
    assert ("向" in lead) == ("向谁" in question)


@pytest.mark.parametrize("question", [
    "年度自查报告要在什么时候交，交给谁？",
    "年度自查报告哪天前交给谁？",
    "年度自查报告截止几号，交给谁？",
    # 啥时候 / 什么时间 for 什么时候: the distribution rules' self-report (经营企业) decides.
    gap("年度自查报告最晚啥时候交，交给谁"),
    gap("年度自查报告什么时间交，交给谁"),
])
def test_a_holder_from_another_text_must_be_one_the_guide_addresses(answerer, question):
    """The self-report guide's deadline sentence names no holder; the distribution rules' self-report
    names 经营企业, whom the guide's opening (注册人、备案人、受托生产企业…) does not address: not its holder."""
    answer = answerer.ask(question)
    assert "经营企业" not in answer.parties and "经营企业" not in answer.answer.split("「")[0]
    assert "3月31日" in answer.answer


def test_a_guide_addresses_the_parties_its_opening_names(answerer):
    # By sector of the trade: the makers (注册人、受托生产企业、生产企业), the distributors, the bureaus …
    assert answerer.addressees("nmpa-2022-13-annual-self-inspection-report-guide") == {"生产"}
    assert answerer.addressees("nmpa-2015-1-supplier-audit-guide") == {"生产"}  # 医疗器械生产企业应当…
    assert answerer.addressees("state-council-order-739-md-regulation") == frozenset()


CATALOG = "nmpa-2022-17-prohibited-entrustment-catalog"


@pytest.mark.parametrize("question", [
    "颅内支架系统允许委托生产吗？",
    "整形填充材料能不能由受托方生产？",
    "乳房植入物能不能委托外面的工厂生产？",
    "颅内支架系统能交给受托生产企业加工吗？",
])
def test_a_catalogue_entry_is_found_by_the_rule_in_its_title(answerer, question):
    """A line of 禁止委托生产医疗器械目录 names only the product: 委托生产 and 禁止 are in the
    catalogue's title, which the ranking reads (at half weight) for every clause of the text."""
    answer = answerer.ask(question, k=5)
    assert answer.answer.startswith("不可以")
    assert any(c.startswith(CATALOG) for c in ids(answer))


@pytest.mark.parametrize("question, verdict, opening", [
    # The entry named without its bracketed character (硬脑（脊）膜补片), or with it in place of the one before.
    ("我们做硬脑膜补片，可以交给受托方生产吗？", "depends", "视情况而定"),
    ("硬脊膜补片可以找代工厂做吗？", "depends", "视情况而定"),
    ("硬脑膜补片产品能不能外包给别的厂生产？", "depends", "视情况而定"),
    # A product the vocabulary puts under an entry whose exception names other products: the ban holds.
    ("人工心脏瓣膜可以交给受托企业生产吗？", "no", "不可以"),
    ("心脏瓣膜能不能找代工厂生产？", "no", "不可以"),
    ("封堵器可以委托给别的企业生产吗？", "no", "不可以"),
    # The material the entry excepts products without, said in other words: the ban does not reach it.
    ("我们的硬脑膜补片全合成、不含动物源材料，能外包吗？", "yes", "可以"),
    ("无动物源成分的硬脊膜补片可以委托代工厂生产吗？", "yes", "可以"),
    ("硬脑膜补片不是动物源的，能交给受托企业生产吗？", "yes", "可以"),
])
def test_a_catalogue_entry_the_question_names_answers_though_other_rules_share_more_words(answerer, question,
                                                                                           verdict, opening):
    """Rules of other texts on entrusting share more of the question's words than a bare catalogue line does; the
    line the question names (by the entry's name, or a word the vocabulary takes for it) still answers."""
    answer = answerer.ask(question)
    assert answer.verdict == verdict and answer.answer.startswith(opening)
    assert answer.evidence[0].startswith(CATALOG)


@pytest.mark.parametrize("question", [
    "骨科植入物可以委托生产吗？",
    "我们做植入类产品，能找代工厂吗？",
    "植入性医疗器械能委托生产吗？",
])
def test_a_ban_on_a_narrower_kind_of_product_is_no_flat_no(answerer, question):
    """具有高风险的植入性医疗器械不得委托生产 asked of implants in general: the ban reaches only the high-risk
    kind, which the question does not say its product is, so the answer depends (and quotes the ban)."""
    answer = answerer.ask(question)
    assert answer.verdict == "depends" and answer.answer.startswith("不一定")
    assert "具有高风险的植入性医疗器械不得委托生产" in answer.answer


def test_a_ban_on_a_narrower_kind_asked_of_that_kind_is_no(answerer):
    answer = answerer.ask("高风险的植入性医疗器械能委托生产吗？")
    assert answer.verdict == "no" and answer.answer.startswith("不可以")


@pytest.mark.parametrize("question", [
    "年度自查报告的重要变更部分要交代哪些情况？",
    "年度自查报告中重要变更情况有哪些？",
    "年度自查报告里重要变更情况一节要写哪些方面？",
    "年度自查报告中重要变更这块要写哪些？",
    # 质量管理体系 is in every text's words: the question's own terms weigh too little.
    gap("质量管理体系年度自查报告中，重要变更情况部分需要说明哪些？"),
])
def test_the_items_of_a_guide_are_read_by_the_guides_title(answerer, question):
    """The items under 二、年度重要变更情况 never say 自查报告: the guide's title does. They are among
    the five clauses the plans read (the list plan still prefers an inspection list naming both)."""
    from qa_app.answer.answerer import PLAN_CANDIDATES

    ranked = answerer._rank(answerer.frame(question), (), None, False, None)[:PLAN_CANDIDATES]
    assert any(c.clause.id.startswith("nmpa-2022-13-annual-self-inspection-report-guide:s2/")
               for c in ranked)


@pytest.mark.parametrize("question", [
    "共用生产线时防止产品混淆的管理制度由谁建立？",
    "受托方的生产设备同时给别的产品用，防止混淆和交叉污染的制度谁负责建立？",
    "受托产品和别的产品共用设备，混淆风险由哪一方来管控？",
])
def test_who_names_the_overseer_the_next_sentence_adds(answerer, question):
    """受托生产企业应当…建立相应管理制度。注册人应当加强对受托生产企业的监督和指导，确保…落实到位: asked who,
    the manufacturer that sets up the rules and the registrant that oversees them each get a line."""
    answer = answerer.ask(question)
    lines = answer.answer.split("\n")
    assert lines[0].startswith("受托生产企业：") and "管理制度" in lines[0], answer.answer
    assert lines[1].startswith("注册人：") and "监督和指导" in lines[1]
    assert set(answer.parties) == {"受托生产企业", "注册人/备案人"}


def _follow_up(answerer, first: str, then: str):
    earlier = answerer.ask(first)
    return earlier, answerer.ask(then, history=[(first, earlier)])


@pytest.mark.parametrize("first,then", [
    ("注册证上面委托生产一般怎么体现？", "后面打算不委托了，证上这个地址怎么办"),
    ("注册证上面委托生产一般怎么反映？", "后面打算不委托了，证上这个地址怎么弄"),
    ("注册证上面的委托生产一般怎么标？", "后面打算不委托了，证上这个地址咋办"),
    # 到期 / 准备 are new words of the turn that the address rule does not say: the repeat stands.
    gap("注册证上面，委托生产一般会怎么体现？", "委托到期不续了，那证上这个地址怎么办"),
    gap("注册证上面委托生产通常怎么体现？", "后面准备不委托了，证上这个地址怎么办"),
])
def test_a_follow_up_on_a_new_act_is_not_answered_by_the_rule_before(answerer, first, then):
    """Read with the turn before it, a follow-up about ending the entrustment still carries that turn's
    words, and the rule on marking the certificate answered it again word for word. The rule that decided
    the turn before is set aside when it lacks the follow-up's own new words and the next rule has them all:
    the registrant's duty to strike the contract address."""
    earlier, answer = _follow_up(answerer, first, then)
    assert answer.answer != earlier.answer, answer.answer
    assert answer.evidence[0] == "nmpa-2024-38-entrusted-production-notice:s2/i14", answer.answer
    assert "核减受托生产地址" in answer.answer
    # The rule set aside is still cited, after the one the answer quotes.
    assert earlier.evidence[0] in ids(answer)


@pytest.mark.parametrize("first,then", [
    ("代工厂自己检查发现一批产品不合产品技术要求，那它该怎么处理？", "那召回不召回最后谁定？"),
    ("受托生产企业检出一批产品不符合技术要求，它该怎么处理？", "要不要召回最后由谁定？"),
    ("代工厂那边发现有批产品跟产品技术要求对不上，它该怎么办？", "那最后召不召回谁定？"),
    # The bureau's power to order a recall answers: the registrant's own recall is not among the first rules.
    gap("受托生产企业查出一批货不合格了，它自己该怎么处理？", "那召回不召回最后谁定？"),
    # 拍板 is a word of the turn the recall rule does not say, and the plant's release ban decides again.
    gap("代工厂查出来一批货不符合强制性标准，它那边应该怎么做？", "那要不要召回最后谁拍板？"),
])
def test_a_follow_up_asking_who_is_not_about_the_party_before(answerer, first, then):
    """A follow-up asking who decides, naming no one, is read with the turn before it, which named the
    plant: the plant is not the party asked about, so the rule's holder answers (the registrant recalls)."""
    _, answer = _follow_up(answerer, first, then)
    assert answer.parties == (REGISTRANT,), answer.answer
    assert "召回" in answer.answer


@pytest.mark.parametrize("first,then", [
    ("植入式心脏起搏器能不能外包给代工厂生产？", "这个限制的依据是哪一条？"),
    ("我们的植入式心脏收缩力调节器能交给代工厂做吗？", "依据是什么？"),
    ("植入式循环辅助设备可以找代工厂生产吗？", "这条禁令的出处是哪？"),
    # The first answer finds no catalogue entry (the valve is listed in other words), so none is traced.
    gap("人工心脏瓣膜能委托别的企业生产吗？", "这条禁令出自哪个文件？"),
])
def test_the_source_of_a_catalogue_entry_names_the_article_it_is_made_under(answerer, first, then):
    """Asked where a ban answered from a catalogue entry comes from (这个限制 / 这条禁令 point back at the
    answer), the source names the entry and the article that has the catalogue published, verbatim."""
    _, answer = _follow_up(answerer, first, then)
    assert answer.answer.startswith("出处："), answer.answer
    assert answer.evidence[0] == "nmpa-2022-17-prohibited-entrustment-catalog:s1"
    assert "state-council-order-739-md-regulation:art34" in answer.evidence
    assert "「具有高风险的植入性医疗器械不得委托生产，具体目录由国务院药品监督管理部门制定、调整并公布。」" in answer.answer


@pytest.mark.parametrize("question", [
    "跨省联合检查的时候由哪个省局的人带队？",
    "两地药监搞联合检查，带队的是哪一边？",
    "联合检查时一般谁来带队？",
])
def test_who_leads_a_joint_inspection_is_the_team_leader_rule(answerer, question):
    """带队 is what the cross-region opinion calls 检查组组长: asked who leads a joint inspection, the answer
    is the registrant's provincial bureau, from the sentence that names the leader (not the permission to
    inspect jointly)."""
    answer = answerer.ask(question)
    assert "带队 → 检查组组长" in answer.readings
    assert "检查组组长原则上由注册人所在地省局检查人员担任" in answer.answer, answer.answer
    assert REGISTRANT_PROVINCE in answer.parties


@pytest.mark.parametrize("question", [
    "评估下来发现供应商有重大缺陷，生产企业要怎么处理？",
    "供应商被查出严重质量缺陷，厂里该怎么做？",
    "供应商审核时发现对方存在重大缺陷，我们作为生产企业应该怎么办？",
])
def test_a_duty_whose_holder_is_carried_from_the_sentence_before_answers_for_that_party(answerer, question):
    """生产企业应当建立评估制度。…经评估发现供应商存在重大缺陷…时，应当中止采购: the later sentence is the 生产企业's
    duty though it does not name it, and it answers over a sentence of the same clause that names the party but
    not the case asked (…发生重大改变时，生产企业应当要求供应商提前告知)."""
    answer = answerer.ask(question)
    assert "中止采购" in answer.answer.split("」")[0]
    assert "生产企业" in answer.parties



@pytest.mark.slow
@pytest.mark.parametrize("question, bureau", [
    ("我们公司在江苏，产品让浙江的工厂代工，浙江那家工厂的日常检查归哪个局管？", "受托生产企业所在地省级药监部门"),
    ("品牌方在广东，代工厂在湖南，品牌方的日常监管归哪个省？", "注册人所在地省级药监部门"),
    ("注册人在北京、受托企业在天津，受托企业平时由哪个省的药监局检查？", "受托生产企业所在地省级药监部门"),
    ("我们在浙江，代工厂在安徽，我们公司平时的日常检查归哪边的局？", "注册人所在地省级药监部门"),
    ("注册人在四川，代工厂在重庆，代工厂日常由哪个省局监督检查？", "受托生产企业所在地省级药监部门"),
    gap("跨省委托的时候，注册人的日常检查由哪个省的药监局负责？", "注册人所在地省级药监部门"),
])
def test_which_bureau_governs_a_firm_is_the_bureau_where_it_sits(answerer, question, bureau):
    # The firm named (or 我们 / 那家工厂) is the one governed, not the one who acts: the rule splitting the
    # inspections between the two bureaus answers, with the bureau of that firm.
    answer = answerer.ask(question)
    assert answer.parties == (bureau,)
    assert ids(answer)[0] in ("nmpa-2022-cross-region-opinion:s2/i2", "samr-order-53-production-supervision:art56")


@pytest.mark.slow
@pytest.mark.parametrize("question, party", [
    ("按山西的通知，一类中选企业谁来监督指导？", "市县级市场监管部门"),
    ("山西文件里，第一类医疗器械的中选企业由哪个部门盯着？", "市县级市场监管部门"),
    ("山西集采那份文件说，二类以上中选企业由谁监督？", "省级药监部门"),
])
def test_a_sentence_giving_two_bureaus_a_kind_each_names_the_one_of_the_kind_asked(answerer, question, party):
    # 省药监局监督指导二类以上…、各市市场监督管理部门监督指导第一类…: the 、 joins two bureaus' parts.
    assert answerer.ask(question).parties == (party,)


@pytest.mark.slow
@pytest.mark.parametrize("question, years, clauses", [
    ("办下来的生产许可证，有效期是多少年？", "5年", ("state-council-order-739-md-regulation:art32", "samr-order-53-production-supervision:art14")),
    ("我们的经营许可证能用多久？", "5年", ("state-council-order-739-md-regulation:art42", "samr-order-54-distribution-supervision:art14")),
    ("注册证批下来可以用几年？", "5年", ("state-council-order-739-md-regulation:art22", "samr-order-47-registration-filing:art82")),
])
def test_how_long_a_certificate_is_valid_is_the_texts_statement_of_it(answerer, question, years, clauses):
    # 有效期为5年 states a fact, not a duty: no rule with a time limit (the renewal window) answers it.
    answer = answerer.ask(question)
    assert answer.answer.startswith(f"有效期：{years}")
    assert ids(answer)[0] in clauses


@pytest.mark.slow
def test_validity_and_renewal_asked_together_get_both(answerer):
    answer = answerer.ask("生产许可证有效期是多少年？快到期时续证要在什么时间段申请？")
    assert answer.answer.startswith("有效期：5年") and "90个工作日至30个工作日" in answer.answer


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "进口产品的注册人，年度自查报告谁来交、交给哪？",
    "进口器械的质量体系年度自查报告由谁提交？",
    "境外注册人的年度自查报告向哪个部门交？",
])
def test_an_importers_annual_report_goes_through_its_agent(answerer, question):
    # The rule (由其代理人向代理人所在地…提交) is quoted, not the heading of the importers' template.
    answer = answerer.ask(question)
    assert "代理人" in answer.answer.split("「")[1] and "模板" not in answer.answer.split("」")[0]


@pytest.mark.parametrize("clause_id", [
    "samr-order-53-production-supervision:art34",
    "state-council-order-739-md-regulation:art67",
    "nmpa-2024-38-entrusted-production-notice:s3/i16",
])
def test_a_sentence_is_chosen_however_far_its_penalties_put_it_down(answerer, clause_id):
    """Asked which of two parties that none of the sentences names holds a duty, every sentence is penalized;
    the best of them still answers (no sentence at all made the who-answer fail with a TypeError)."""
    from qa_app.answer.answerer import _Candidate

    cand = _Candidate(answerer.kb.clauses[clause_id], 1.0)
    chosen = answerer._key_sentence("该由哪一方负责？", [cand], [], False, offered={"国家药监局", "检验机构"})
    assert chosen is not None and chosen[0] is cand
