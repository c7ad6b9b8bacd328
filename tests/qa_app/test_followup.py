"""Follow-up turns read against the previous question, each rule with a paraphrase table
written for this test (no eval question appears here)."""

import re

import pytest

from ingest.duties import PartyLexicon
from qa_app.answer import Answer, Answerer
from qa_app.answer.answerer import NOTHING_MORE
from qa_app.answer.followup import asks_basis, asks_more, asks_next, challenged, new_topic, regulation_terms, resolve
from tests.qa_app.test_plans import gap

LEXICON = PartyLexicon()


@pytest.mark.parametrize("previous, turn, resolved", [
    ("谁负责上市放行？", "那生产放行呢？", "谁负责生产放行？"),
    ("一类产品备案找哪个部门？", "二类产品呢？", "二类产品备案找哪个部门？"),
    ("上市放行能委托吗？", "如果是生产放行呢？", "生产放行能委托吗？"),
    ("一类产品备案找哪个部门？", "假如是三类产品的话呢？", "三类产品备案找哪个部门？"),
    ("上市放行能委托吗？", "要是生产放行呢？", "生产放行能委托吗？"),
    ("年度自查报告谁来交？", "那不良事件报告呢？", "不良事件报告谁来交？"),
])
def test_that_x_asks_the_previous_question_about_x(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("代工厂能不能再委托？", "那注册人呢？", "注册人能不能再委托？"),
    ("注册人要保存批记录吗？", "受托生产企业呢？", "受托生产企业要保存批记录吗？"),
    ("经营企业发现问题要报告吗？", "那使用单位呢？", "使用单位发现问题要报告吗？"),
])
def test_that_party_asks_the_previous_question_of_that_party(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("turn", ["依据是什么？", "为什么？", "有什么依据？", "哪条规定的？", "还有呢？", "那其他的呢？"])
def test_why_and_what_else_ask_the_previous_question_again(turn):
    assert resolve(turn, "谁负责上市放行？", LEXICON) == "谁负责上市放行？"


@pytest.mark.parametrize("turn", ["有没有时限？", "那期限呢？", "要多久？", "什么时候呢？"])
def test_a_bare_time_question_asks_the_time_limit_of_the_previous_topic(turn):
    assert resolve(turn, "二类产品备案找哪个部门？", LEXICON) == "二类产品备案有没有时限？"


@pytest.mark.parametrize("turn, resolved", [
    ("他们要向药监局报告吗？", "代工厂要向药监局报告吗？"),
    ("对方需要留样吗？", "代工厂需要留样吗？"),
    ("这家企业还要做什么？", "代工厂还要做什么？"),
])
def test_a_pronoun_stands_for_the_party_of_the_previous_question(turn, resolved):
    # A short turn is read in the setting of the question before it.
    assert resolve(turn, "代工厂变更生产条件要通知注册人吗？", LEXICON) == "代工厂变更生产条件要通知注册人，" + resolved


@pytest.mark.parametrize("turn", [
    "质量协议要写哪些内容？",
    "受托生产企业能不能再委托？",
    "年度自查报告什么时候交？",
])
def test_a_question_that_stands_alone_is_left_as_it_is(turn):
    assert resolve(turn, "谁负责上市放行？", LEXICON) == turn


@pytest.mark.slow
def test_a_conversation_carries_its_context(full_kb):
    """谁负责上市放行？ then 那生产放行呢？: the second turn is answered as 谁负责生产放行？, and says so."""
    answerer = Answerer(full_kb)
    first = answerer.ask("谁负责上市放行？")
    second = answerer.ask("那生产放行呢？", history=[("谁负责上市放行？", first)])
    assert second.resolved_question == "谁负责生产放行？" and second.question == "那生产放行呢？"
    assert second.parties == ("受托生产企业",)
    data = second.to_dict()
    assert data["resolved_question"] == "谁负责生产放行？"
    third = answerer.ask("依据是什么？", history=[("谁负责上市放行？", first), ("那生产放行呢？", second)])
    assert third.resolved_question.startswith("谁负责生产放行") and third.answer.startswith("出处：")
    assert third.citations[0].clause_id == second.evidence[0]
    assert answerer.ask("那生产放行呢？").resolved_question is None  # no history, nothing to lean on


@pytest.mark.parametrize("turn", ["依据是哪条？", "是哪一条规定的？", "法律依据呢？"])
def test_which_article_asks_the_previous_question_again(turn):
    assert resolve(turn, "谁负责上市放行？", LEXICON) == "谁负责上市放行？"


@pytest.mark.parametrize("turn", ["有没有例外？", "有例外情况吗？", "什么情况下可以？"])
def test_asking_for_exceptions_asks_them_of_the_previous_topic(turn):
    assert resolve(turn, "植入类产品能委托生产吗？", LEXICON) == "植入类产品能委托生产，有没有例外？"


@pytest.mark.parametrize("previous, turn, resolved", [
    ("跨省委托，受托企业的日常检查归哪个省局？", "那注册人的呢？", "跨省委托，注册人的日常检查归哪个省局？"),
    ("湖北指南对委托方派驻人员有什么要求？", "山西那边呢？", "山西对委托方派驻人员有什么要求？"),
    ("巴南区的方案对无菌产品怎么检查？", "那湖北呢？", "湖北对无菌产品怎么检查？"),
    ("山西的通知对中选企业抽检有什么要求？", "重庆这边呢？", "重庆对中选企业抽检有什么要求？"),
])
def test_a_party_or_region_with_its_particle_is_swapped_whole(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人可以委托生产吗？", "那代工厂可以吗？", "代工厂可以委托生产吗？"),
    ("注册人要保存批记录吗？", "受托方也要吗？", "受托方要保存批记录吗？"),
    ("谁负责产品的上市放行？", "那受托方可以吗？", "受托方可以负责产品的上市放行吗？"),
    ("谁来组织召回？", "代工厂能吗？", "代工厂能组织召回吗？"),
])
def test_that_party_may_or_must_asks_the_previous_question_of_it_as_yes_or_no(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("发现产品有严重缺陷，注册人要做什么？", "代工厂要做什么？", "发现产品有严重缺陷，代工厂要做什么？"),
    ("跨省委托的日常监管谁负责？", "受托方所在地省局负责什么？", "跨省委托的日常监管，受托方所在地省局负责什么？"),
    ("停产整改期间，注册人有什么义务？", "受托方那边要干啥？", "停产整改期间，受托方有什么义务？"),
])
def test_what_a_named_party_does_is_asked_in_the_previous_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("turn", ["最晚什么时候？", "多久内要完成？", "几天内要报？"])
def test_when_without_a_topic_asks_the_time_limit_of_the_previous_one(turn):
    assert resolve(turn, "注册人变更受托生产企业要向谁报告？", LEXICON) == "注册人变更受托生产企业有没有时限？"


@pytest.mark.parametrize("previous, turn, answered, resolved", [
    ("代工厂发现产品有质量问题要告诉谁？", "他们收到后要做什么？", ("注册人/备案人",), "注册人收到后要做什么？"),
    ("跨省委托的日常检查归哪个省局？", "对方能委托检查吗？", ("受托生产企业所在地省级药监部门",),
     "受托生产企业所在地省级药监部门能委托检查吗？"),
    ("不良事件由谁上报？", "他们要在几天内报？", ("注册人/备案人",), "注册人要在几天内报？"),
])
def test_after_a_who_question_a_pronoun_stands_for_the_party_answered(previous, turn, answered, resolved):
    assert resolve(turn, previous, LEXICON, answered) == resolved



@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人不再委托生产时要办什么手续？", "那对方要做什么？", "注册人不再委托生产时要办手续，受托生产企业要做什么？"),
    ("注册人发现受托方质量体系有缺陷时怎么处理？", "对方要做什么？", "注册人发现受托方质量体系有缺陷时，受托生产企业要做什么？"),
    ("注册人变更受托生产企业要报告吗？", "对方也要报告吗？", "注册人变更受托生产企业要报告，受托生产企业也要报告吗？"),
])
def test_the_other_side_after_a_question_about_the_registrant_is_the_manufacturer(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("委托生产质量协议要包括哪些内容？", "协议盖章之后还要每年复核吗？", "委托生产质量协议要包括内容，协议盖章之后还要每年复核吗？"),
    ("注册人由自行生产转为委托生产要向哪个部门报告？", "药监部门接到报告之后干啥？", "注册人由自行生产转为委托生产，药监部门接到报告之后干啥？"),
    ("山西对中选产品的生产企业检查怎么安排？", "这个检查多久一次？", "山西对中选产品的生产企业检查，这个检查多久一次？"),
])
def test_a_short_turn_that_leans_on_the_one_before_is_read_in_its_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("按湖北指南，委托方每年要做几次质量管理评审？", "设备要是出了问题呢？", "按湖北指南，委托方每年要做几次质量管理评审，设备要是出了问题，应当怎么做？"),
    ("一级召回要在几日内通知？", "产品抽检不合格了呢？", "一级召回要通知，产品抽检不合格了，应当怎么做？"),
    ("受托方要保存生产记录吗？", "要是出了问题呢？", "受托方要保存生产记录，出了问题，应当怎么做？"),
])
def test_what_if_something_happens_asks_what_follows_in_the_same_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人每年的自查报告要在几月底前报给药监局？", "代工厂也要报吗？", "代工厂每年的自查报告要在几月底前报给药监局？"),
    ("巴南区今年的监督检查重点是什么？", "培训方面呢，安排了什么？", "巴南区今年的监督检查重点是，培训方面呢，安排了什么？"),
    ("谁来签上市放行？", "依据是哪份文件的哪一条？", "谁来签上市放行？"),
])
def test_more_turns_that_lean_on_the_question_before(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous", ["受托方的生产放行由谁签字？", "那代工厂呢？", "委托检查结束后几天内反馈结果？"])
@pytest.mark.parametrize("turn", [
    # A party and a matter of its own: a new question, even with 也 / 还 / 又 / 以后 in it.
    "注册人也要建立产品追溯体系吗？",
    "受托生产企业还要设立管理者代表吗？",
    "代工厂以后还能接别的品牌的单子吗？",
    "注册人又要报年度报告吗？",
    # 呢 closing a question that asks something itself is not 那X呢.
    "代工厂出货前要谁签字呢？",
    "说明书由谁来写呢？",
    "留样要放在哪里呢？",
])
def test_a_new_question_after_a_turn_is_not_read_in_its_setting(previous, turn):
    assert resolve(turn, previous, LEXICON) == turn


@pytest.mark.parametrize("turn, resolved", [
    ("代工厂也要吗？", "代工厂的生产放行由谁签字？"),
    ("那注册人也要吗？", "注册人的生产放行由谁签字？"),
    ("签完以后要交给谁？", "受托方的生产放行，签完以后要交给谁？"),
])
def test_a_short_turn_that_leans_on_the_one_before_still_does(turn, resolved):
    assert resolve(turn, "受托方的生产放行由谁签字？", LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("委托生产的年度报告什么时候截止？", "交给哪个部门？", "委托生产的年度报告，交给哪个部门？"),
    ("外协厂要怎么管？", "要签协议吗？", "外协厂，要签协议吗？"),
    ("植入产品委托生产时要派人驻厂吗？", "派去的人要懂什么？", "植入产品委托生产时要派人驻厂，派去的人要懂什么？"),
    ("停产一年以上重新生产前要验证吗？", "要告诉药监局吗？", "停产一年以上重新生产前要验证，要告诉药监局吗？"),
    ("生产放行能交给代工厂吗？", "谁来签字？", "生产放行能交给代工厂，谁来签字？"),
    ("死亡病例要几天内上报？", "报给谁？", "死亡病例要上报，报给谁？"),
])
def test_a_turn_without_a_subject_of_its_own_is_read_in_the_previous_setting(previous, turn, resolved):
    """交给哪个部门 / 要签协议吗: the subject both sides know is left out, so the turn leans."""
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("turn", ["要不要建立产品追溯体系？", "谁负责上市放行？", "需要配备专职的不良事件监测人员吗？"])
def test_a_turn_that_opens_with_a_verb_but_says_its_matter_stands_alone(turn):
    assert resolve(turn, "生产放行能交给代工厂吗？", LEXICON) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("代工厂发现偏差怎么办？", "对方要做什么？", "代工厂发现偏差，注册人要做什么？"),
    ("受托方质量体系出问题了怎么处理？", "那对方呢，要做什么？", "受托方质量体系出问题了，注册人呢，要做什么？"),
    ("代工厂停产了要通知谁？", "对方要做什么？", "代工厂停产了要通知，注册人要做什么？"),
])
def test_the_other_side_after_a_question_about_the_manufacturer_is_the_registrant(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, answered, resolved", [
    ("受托生产企业出了偏差要向谁报告？", "他们收到以后做什么？", ("受托生产企业",), "注册人收到以后做什么？"),
    ("代工厂产品抽检不合格要告诉谁？", "他们要怎么处理？", ("受托生产企业",), "注册人要怎么处理？"),
    ("代工厂变更原材料要通知谁？", "他们同意了才能变吗？", ("受托生产企业", "注册人/备案人"), "注册人同意了才能变吗？"),
])
def test_after_a_who_question_they_are_not_the_party_that_asked(previous, turn, answered, resolved):
    """The answer to 代工厂…要告诉谁 often names only the manufacturer's duty; 他们 is the side told."""
    assert resolve(turn, previous, LEXICON, answered) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("经营企业发现产品可能有缺陷要做什么？", "使用单位发现了呢？", "使用单位发现产品可能有缺陷要做什么？"),
    ("注册人查到批次不合格要停止出货吗？", "代工厂查到了呢？", "代工厂查到批次不合格要停止出货吗？"),
    ("经营企业发现有缺陷要停售吗？", "那使用单位发现了呢？", "使用单位发现有缺陷要停售吗？"),
])
def test_the_same_event_for_another_party_swaps_the_party(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人和代工厂签了协议，注册人要存档吗？", "代工厂呢？", "注册人和代工厂签了协议，代工厂要存档吗？"),
    ("经营企业从注册人那里进货，经营企业要查验资质吗？", "那使用单位呢？", "经营企业从注册人那里进货，使用单位要查验资质吗？"),
    ("注册人委托受托方生产，注册人要留样吗？", "受托方呢？", "注册人委托受托方生产，受托方要留样吗？"),
])
def test_the_party_swapped_is_the_one_of_the_clause_that_asks(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("获知不良事件导致患者死亡，最迟几天内报告？", "那导致严重伤害的呢？", "获知不良事件导致严重伤害，最迟几天内报告？"),
    ("召回开始前要做什么？", "召回结束后呢？", "召回结束后要做什么？"),
    ("首次注册的产品要报告哪些不良事件？", "延续注册的呢？", "延续注册的产品要报告哪些不良事件？"),
    gap("不良事件导致死亡几天内报？", "那导致严重伤害的呢？", "不良事件导致严重伤害几天内报？"),
])
def test_a_thing_swapped_in_replaces_the_stretch_sharing_its_start_or_end(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("成品检验能不能外包给检测所？", "有没有例外？", "成品检验能外包给检测所，有没有例外？"),
    ("注册人是否需要保存留样？", "有没有时限？", "注册人需要保存留样有没有时限？"),
    ("代工厂可不可以把包装外包？", "什么情况下可以？", "代工厂可以把包装外包，有没有例外？"),
    ("经销商要不要登记销售记录？", "期限呢？", "经销商要登记销售记录有没有时限？"),
])
def test_a_yes_no_form_in_the_middle_keeps_what_it_asks_about(previous, turn, resolved):
    """能不能 / 是否 in the middle of the previous question give way to the verb, not end its topic."""
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人要对代工厂做年度审核吗？", "要是代工厂不配合呢？", "注册人要对代工厂做年度审核，代工厂不配合，应当怎么做？"),
    ("召回结束后要提交评估报告吗？", "如果逾期未交呢？", "召回结束后要提交评估报告，逾期未交，应当怎么做？"),
    ("经营企业进货要查验资质吗？", "要是供应商拒绝提供呢？", "经营企业进货要查验资质，供应商拒绝提供，应当怎么做？"),
])
def test_what_if_someone_refuses_or_fails_asks_what_follows(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("委托前要对受托方做什么审计？", "要去现场吗？", "委托前要对受托方做审计，要去现场吗？"),
    ("停产整改要交哪些材料？", "有没有时限？", "停产整改要交材料有没有时限？"),
    ("产品召回要发什么通知？", "有没有例外？", "产品召回要发通知，有没有例外？"),
    ("年度自查报告什么时候交？", "有没有例外？", "年度自查报告，有没有例外？"),
])
def test_the_thing_an_asking_word_stands_before_stays_in_the_topic(previous, turn, resolved):
    """做什么审计 -> 做审计 (the matter), but 什么时候 asks when and is dropped whole."""
    assert resolve(turn, previous, LEXICON) == resolved


TERMS = regulation_terms()


@pytest.mark.parametrize("turn", ["谁来组织召回？", "谁签上市放行？", "要不要签质量协议？", "需要设管理者代表吗？"])
def test_a_turn_without_a_subject_that_names_a_new_regulation_term_is_a_new_question(turn):
    """谁来组织召回 after a question about something else asks about 召回, not in the old setting."""
    assert resolve(turn, "留样要保存多久？", LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("召回结束后还要做什么？", "谁来组织召回？", "召回结束后还要做，谁来组织召回？"),
    ("上市放行能交给代工厂吗？", "谁签上市放行？", "上市放行能交给代工厂，谁签上市放行？"),
    ("外协厂要怎么管？", "要签协议吗？", "外协厂，要签协议吗？"),
])
def test_a_turn_without_a_subject_that_names_the_previous_matter_still_leans(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("持有人需要开展产品再评价吗？", "不做会怎样？"),
    ("确定了管理者代表要向药监部门报告吗？", "不报罚多少？"),
    ("召回决定要几天内通知到医院？", "没按时通知到会怎么样？"),
    ("年度自查报告要交给哪个部门？", "逾期不交有什么后果？"),
    ("代工厂变更生产条件要通知注册人吗？", "要是没通知，要担什么责任？"),
])
def test_the_consequence_of_not_doing_it_is_asked_in_the_previous_setting(previous, turn):
    # 不做会怎样 names nothing of its own: it asks what follows from not doing what was just asked about.
    resolved = resolve(turn, previous, LEXICON)
    assert resolved != turn and resolved.endswith(turn.rstrip("？") + "？")
    assert resolved.startswith(previous.rstrip("？吗")[:4])


@pytest.mark.parametrize("turn", [
    "受托生产企业擅自转委托会怎么样？",
    "无证生产医疗器械会怎么处罚？",
    "注册人瞒报不良事件要担什么责任？",
])
def test_a_consequence_question_naming_its_own_matter_stands_alone(turn):
    assert resolve(turn, "谁负责上市放行？", LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人发现可疑不良事件几天内报告？", "那使用单位他们呢？", "使用单位发现可疑不良事件几天内报告？"),
    ("经营企业发现缺陷产品要报告吗？", "使用单位她们呢？", "使用单位发现缺陷产品要报告吗？"),
    ("代工厂能不能再委托？", "那注册人他们呢？", "注册人能不能再委托？"),
])
def test_a_party_pointed_at_again_with_a_pronoun_is_that_party(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("只生产一类产品要办什么手续？", "要是做三类呢？", "只生产三类产品要办什么手续？"),
    ("一类产品备案找哪个部门？", "换成是二类呢？", "二类产品备案找哪个部门？"),
    ("一类产品备案找哪个部门？", "那如果做的是三类呢？", "三类产品备案找哪个部门？"),
])
def test_the_verb_before_a_thing_swapped_in_is_not_part_of_it(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("生产许可证要提前多久申请延续？", "要是错过了呢？"),
    ("召回计划多久内要提交？", "那召回做完之后呢？"),
    ("注册证到期前多久申请延续？", "如果已经过期了呢？"),
])
def test_an_event_swapped_in_asks_what_follows_in_the_same_setting(previous, turn):
    # 要是错过了呢 is not a thing to put in place of a word of the question: it is what happened next.
    resolved = resolve(turn, previous, LEXICON)
    assert resolved.endswith("应当怎么做？") and resolved.startswith(previous[:4])


@pytest.mark.parametrize("previous, turn, resolved", [
    ("产品出现批量质量问题时，注册人几天内要上报？", "代工厂要做什么？", "产品出现批量质量问题时，代工厂要做什么？"),
    ("跨省委托生产时，日常检查归哪个省局管？", "受托方所在地省局负责什么？", "跨省委托生产时，受托方所在地省局负责什么？"),
    ("办理生产许可变更时，注册人要向谁提交材料？", "受托生产企业那边要干啥？", "办理生产许可变更时，受托生产企业那边要干啥？"),
    ("召回结束以后，注册人要在多长时间内提交总结报告？", "经营企业要做些什么？", "召回结束以后，经营企业要做些什么？"),
])
def test_what_another_party_does_is_asked_in_the_previous_setting_not_its_slot(previous, turn, resolved):
    # The previous question asked when or to whom; the turn asks what the other party does there.
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("飞行检查发现记录造假，药监部门会怎么处理？", "要是存在重大安全隐患呢？", "存在重大安全隐患的，药监部门会怎么处理？"),
    ("抽检发现一批产品标签不规范，企业要承担什么责任？", "如果造成人员伤亡呢？", "造成人员伤亡的，企业要承担什么责任？"),
    ("药监部门检查发现代工厂记录不全，会怎么处理？", "那假如产品已经流向市场呢？", "代工厂产品已经流向市场的，会怎么处理？"),
    ("检查中发现注册人和受托生产企业记录缺失，会有什么后果？", "如果影响产品安全呢？",
     "注册人和受托生产企业影响产品安全的，会有什么后果？"),
])
def test_if_another_case_asks_the_previous_question_of_that_case(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("启动二级召回后，通知医院有没有时间要求？", "没按时通知会怎么样？", "启动二级召回后，通知医院，没按时通知会怎么样？"),
    ("年度自查报告有没有截止时间？", "逾期提交会怎样？", "年度自查报告，逾期提交会怎样？"),
    ("企业搬迁后重新申请许可有无时限？", "逾期了会怎样？", "企业搬迁后重新申请许可，逾期了会怎样？"),
])
def test_asking_whether_there_is_a_time_limit_is_not_part_of_the_topic(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人准备换一家代工厂，要跟哪个部门报告？", "省局接到报告以后会做什么？", "注册人准备换一家代工厂，省局接到报告以后会做什么？"),
    ("注册人不再委托生产了，要不要跟药监局说一声？", "说了以后药监局会干嘛？", "注册人不再委托生产了，要跟药监局说一声，说了以后药监局会干嘛？"),
    ("受托企业停产了，要和谁联系？", "联系以后药监局会干啥？", "受托企业停产了，联系以后药监局会干啥？"),
])
def test_what_follows_a_report_is_asked_in_the_previous_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, answered, resolved", [
    ("注册人在浙江、受托生产企业在安徽，日常检查注册人的是哪个省局？", "对方呢？", ("注册人所在地省级药监部门",),
     "注册人在浙江、受托生产企业在安徽，日常检查受托生产企业的是哪个省局？"),
    ("注册人要把批记录保存几年？", "那对方呢？", ("注册人/备案人",), "受托生产企业要把批记录保存几年？"),
    ("受托生产企业发现偏差要通知谁？", "对方呢？", ("注册人/备案人",), "注册人发现偏差要通知谁？"),
])
def test_the_other_side_alone_asks_the_previous_question_of_it(previous, turn, answered, resolved):
    # Even after a who-question: 对方呢 names the other side of the entrustment, not the one answered.
    assert resolve(turn, previous, LEXICON, answered) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("经营企业发现可疑事件多快要告诉厂家？", "厂家接到以后要干什么？", "经营企业发现可疑事件要告诉厂家，厂家接到以后要干什么？"),
    ("召回计划最迟几天内要提交？", "召回结束以后呢？", "召回计划要提交，召回结束以后，应当怎么做？"),
    ("质量负责人至少多长时间要汇报一次？", "要形成什么材料？", "质量负责人要汇报一次，要形成什么材料？"),
])
def test_a_turn_asking_something_else_does_not_inherit_the_time_asked_before(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("持有人得知死亡病例几天内要上报？", "群体事件的呢？", "持有人得知死亡病例几天内要上报（群体事件）？"),
    ("注册人变更代工厂最晚多久要报告？", "植入类的呢？", "注册人变更代工厂最晚多久要报告（植入类）？"),
    ("年度自查报告有没有截止时间？", "跨省委托的呢？", "年度自查报告有截止时间（跨省委托）？"),
])
def test_a_thing_unlike_anything_before_keeps_the_time_asked(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("召回计划最迟几个工作日内要提交？", "提交以后还要报什么？有没有时限？", "召回计划最迟几个工作日内要提交，提交以后还要报什么？有没有时限？"),
    ("质量负责人至少多长时间要汇报一次？", "汇报以后多久要整改？", "质量负责人至少多长时间要汇报一次，汇报以后多久要整改？"),
    ("停产以后几天内要报告？", "复产以后有没有期限？", "停产以后几天内要报告，复产以后有没有期限？"),
])
def test_a_turn_asking_a_time_of_its_own_keeps_the_time_asked_before(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("代工厂换了生产地址要通知谁？", "具体怎么做？", "代工厂换了生产地址要通知，具体怎么做？"),
    ("召回结束后要交总结报告吗？", "一定要吗？", "召回结束后要交总结报告，一定要吗？"),
    ("经营企业进货要查验哪些证件？", "违反了怎么办？", "经营企业进货要查验证件，违反了怎么办？"),
    ("年度自查报告什么时候交？", "怎么交？", "年度自查报告，怎么交？"),
])
def test_a_short_turn_saying_nothing_of_its_own_is_read_in_the_previous_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("turn", ["什么是注册人？", "质量协议是什么？", "飞行检查多久一次？"])
def test_a_short_turn_naming_a_party_or_term_of_its_own_stands_alone(turn):
    assert resolve(turn, "注册人变更代工厂要报告吗？", LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("turn", ["有文件依据吗？", "出自哪个文件？", "是哪份法规规定的？"])
def test_asking_which_text_says_so_asks_the_previous_question_again(turn):
    assert resolve(turn, "注册人变更代工厂要报告吗？", LEXICON) == "注册人变更代工厂要报告吗？"


@pytest.mark.parametrize("previous, turn", [
    ("负责人至少多长时间要听一次汇报？", "生产企业呢？"),
    ("首次注册后多久要交定期风险评价报告？", "经营企业那边呢？"),
    ("年度评审最迟几个月内要完成？", "受托生产企业呢？"),
])
def test_that_party_alone_keeps_the_time_asked_before(previous, turn):
    # 那X呢 asks nothing of its own: the time the previous question asked is still what is asked.
    resolved = resolve(turn, previous, LEXICON)
    assert resolved.startswith(previous.rstrip("？")) and turn.rstrip("呢？").removesuffix("那边") in resolved


@pytest.mark.slow
@pytest.mark.parametrize("first, then, article", [
    ("召回决定作出后几天内要通知到使用单位？", "晚了通知会怎样？", "nmpa-order-29-recall:art30"),
    ("经营企业发现产品可能有缺陷，要先暂停销售吗？", "不停的话罚多少？", "nmpa-order-29-recall:art32"),
    ("持有人要按要求开展再评价吗？", "不开展有什么处罚？", "samr-order-1-adverse-event-monitoring:art72"),
])
def test_the_consequence_of_not_doing_it_is_answered_from_the_sanction_article(full_kb, first, then, article):
    # 不做会怎样 after a duty: the answer quotes what follows from breaking it, not the duty again.
    answerer = Answerer(full_kb)
    second = answerer.ask(then, history=[(first, answerer.ask(first))])
    assert second.resolved_question and second.answer.startswith("后果：")
    assert second.citations[0].clause_id == article


@pytest.mark.parametrize("previous, turn, resolved", [
    ("出现群体不良事件时，持有人要在多少小时内报告？", "经营企业和使用单位呢？", "出现群体不良事件时，经营企业和使用单位要在多少小时内报告？"),
    ("注册人发现产品有缺陷要几天内通知？", "那经营企业、使用单位呢？", "经营企业、使用单位发现产品有缺陷要几天内通知？"),
    ("受托生产企业要保存生产记录吗？", "注册人和经营企业呢？", "注册人和经营企业要保存生产记录吗？"),
])
def test_several_parties_named_together_take_the_place_of_the_one_asked_about(previous, turn, resolved):
    # 那A和B呢: the previous question asked of both, not of the old party with the pair put aside in brackets.
    assert resolve(turn, previous, LEXICON) == resolved


# Lists of cases a text gives a time limit each, as the planner reads them from the corpus.
CASE_LISTS = (("导致死亡", "导致严重伤害、可能导致严重伤害或者死亡"), ("一级召回", "二级召回", "三级召回"))


@pytest.mark.parametrize("previous, turn, resolved", [
    ("持有人得知死亡病例几天内要上报？", "严重伤害的呢？", "持有人得知严重伤害病例几天内要上报？"),
    ("病人用了产品后死亡，厂家最迟多少天报告？", "那严重伤害的呢？", "病人用了产品后严重伤害，厂家最迟多少天报告？"),
    ("出了严重伤害事件，调查评价结果什么时候交？", "如果是死亡呢？", "出了死亡事件，调查评价结果什么时候交？"),
    ("导致严重伤害的事件，注册人几天内上报？", "死亡的呢？", "导致死亡的事件，注册人几天内上报？"),
])
def test_a_case_a_text_lists_beside_the_one_asked_takes_its_place(previous, turn, resolved):
    # 严重伤害 shares no character with 死亡: the text listing both (导致死亡的…7日内；导致严重伤害…20日内)
    # says which stretch of the question it replaces, so the case is asked plainly, not put aside in brackets.
    assert resolve(turn, previous, LEXICON, (), frozenset(), CASE_LISTS) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("患者用了我们的球囊以后去世了，我们是持有人，几天内得报上去？", "假如仅仅是严重伤害，人还活着呢？",
     "患者用了我们的球囊以后严重伤害，我们是持有人，几天内得报上去？"),
    ("有个病人用完我们的产品人没了，厂家最迟多少天报？", "如果没死，只是重伤呢？",
     "有个病人用完我们的产品严重伤害，厂家最迟多少天报？"),
    ("医院说病人用了产品后死了，注册人几天内报告？", "换成严重伤害的情况呢？",
     "医院说病人用了产品后严重伤害，注册人几天内报告？"),
    ("患者用了以后重伤，持有人几天内报？", "要是人没了呢？", "患者用了以后死亡，持有人几天内报？"),
    ("持有人接到报告说患者已经死亡了，几天内报？", "如果人没死，仅仅严重伤害呢？", "持有人接到报告说患者已经严重伤害了，几天内报？"),
])
def test_a_case_said_in_everyday_words_gives_way_to_its_sibling(previous, turn, resolved):
    # 去世了 / 人没了 / 重伤 are the cases 死亡 / 严重伤害 of the list; a case the turn denies (没死) is not named.
    assert resolve(turn, previous, LEXICON, (), frozenset(), CASE_LISTS) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("持有人得知死亡病例几天内要上报？", "群体事件的呢？"),
    ("注册人变更代工厂最晚多久要报告？", "严重伤害的呢？"),
])
def test_a_case_no_list_pairs_with_the_question_is_not_swapped_in(previous, turn):
    # 群体事件 is in no list with 死亡; the question about changing manufacturers names no case of a list.
    assert resolve(turn, previous, LEXICON, (), frozenset(), CASE_LISTS) == resolve(turn, previous, LEXICON)


@pytest.mark.slow
@pytest.mark.parametrize("first, then, limit", [
    ("病人用了我们的产品后死亡，持有人几天内要上报？", "那严重伤害的呢？", "20日内"),
    ("注册人获知患者死亡的可疑不良事件，最晚多少天报告？", "严重伤害的呢？", "20日内"),
    ("持有人得知一起严重伤害的可疑事件，几天内要报？", "死亡的呢？", "7日内"),
])
def test_the_limit_of_another_case_is_answered_plainly(full_kb, first, then, limit):
    answerer = Answerer(full_kb)
    second = answerer.ask(then, history=[(first, answerer.ask(first))])
    assert "（" not in second.resolved_question.rstrip("？")[-6:]  # asked plainly, not tacked on in brackets
    assert second.answer.startswith(f"期限：{limit}")


@pytest.mark.parametrize("turn", ["还有别的吗？", "其他的呢？", "还有其他要求吗？", "除此之外呢？", "还有吗", "另外还有没有规定？"])
def test_asking_what_else_is_the_previous_question_again(turn):
    assert asks_more(turn) and resolve(turn, "注册人委托生产要做哪些事？", LEXICON) == "注册人委托生产要做哪些事？"


@pytest.mark.parametrize("turn", ["还有别的部门要管吗？", "其他企业也要报告吗？", "然后要交什么材料？"])
def test_a_turn_that_says_what_else_it_asks_about_is_not_a_bare_what_else(turn):
    assert not asks_more(turn)


@pytest.mark.slow
@pytest.mark.parametrize("conversation", [
    ("注册人委托生产要承担哪些义务？", "还有别的吗？", "还有吗？"),
    ("质量协议签了以后要定期评审吗？", "除此之外呢？"),
    ("心脏起搏器这类产品能找工厂代工吗？", "还有其他规定吗？"),
])
def test_what_else_quotes_clauses_not_quoted_before(full_kb, conversation):
    # 还有吗 does not give the same answer again: each turn quotes what the earlier answers to that question
    # did not (the rest of the clause, or another clause), or says plainly that there is nothing more.
    answerer, history, quoted = Answerer(full_kb), [], set()
    for turn in conversation:
        answer = answerer.ask(turn, history=history)
        history.append((turn, answer))
        said = set(re.findall(r"「([^」]+)」", answer.answer))
        assert answer.answer == NOTHING_MORE or said - quoted, turn
        quoted |= said


@pytest.mark.slow
def test_what_else_says_plainly_when_every_clause_was_quoted(full_kb):
    answerer = Answerer(full_kb)
    answer = answerer.ask("质量协议要评审吗？", exclude=frozenset(full_kb.clauses))
    assert answer.answer == NOTHING_MORE and answer.abstained and not answer.citations
    assert "除前面已引用的条款外" in answer.answer and "请具体说明" in answer.answer


REPORTED_TO = "「注册人变更受托生产企业的，应当及时向注册人所在地省级药品监督管理部门报告。」"


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人换代工厂要向谁报告？", "省局拿到报告以后怎么处理？", "注册人所在地省级药监部门拿到报告以后怎么处理？"),
    ("注册人换代工厂要向谁报告？", "省局接到报告以后干啥？", "注册人换代工厂，注册人所在地省级药监部门接到报告以后干啥？"),
    ("注册人变更受托生产企业要报告吗？", "省药监局收到后干什么？", "注册人变更受托生产企业要报告，注册人所在地省级药监部门收到后干什么？"),
    ("换受托方的事要跟哪个部门说？", "那省局接到以后呢？", "换受托方的事，注册人所在地省级药监部门接到以后，应当怎么做？"),
])
def test_a_bare_authority_is_the_one_the_previous_answer_named(previous, turn, resolved):
    # 省局 alone, after an answer saying where the report goes (注册人所在地省级…部门): that authority.
    assert resolve(turn, previous, LEXICON, (), frozenset(), (), REPORTED_TO) == resolved


@pytest.mark.parametrize("turn, said", [
    ("浙江那边的省局负责哪些事？", REPORTED_TO),  # the turn says which authority it means
    ("受托企业所在地的省局负责啥？", REPORTED_TO),
    ("省局接到报告以后干啥？", "「注册人所在地省局负责查注册人，受托生产企业所在地省局负责查受托生产企业。」"),  # two named
    ("省局接到报告以后干啥？", "「受托生产企业应当及时向所在地省级药品监督管理部门报告。」"),  # named by no place
    ("省局负责哪些产品的注册审批？", REPORTED_TO),  # a question of its own, leaning on nothing
])
def test_an_authority_the_turn_or_the_answer_does_not_pin_down_is_left_as_it_is(turn, said):
    previous = "注册人换代工厂要向谁报告？"
    assert resolve(turn, previous, LEXICON, (), frozenset(), (), said) == resolve(turn, previous, LEXICON)


@pytest.mark.slow
@pytest.mark.parametrize("first, then", [
    ("注册人变更受托生产企业，要不要报告？", "省局收到报告后要做什么？"),
    ("注册人换了一家受托生产企业，需要报告吗？", "省药监局收到后会干什么？"),
    ("注册人要换受托生产企业，需要向谁报告？", "省局收到报告以后会做什么？"),
    ("注册人变更受托生产企业，要向哪里报告？", "那省药监局收到报告后怎么办？"),
])
def test_what_the_authority_reported_to_does_is_answered_of_it(full_kb, first, then):
    answerer = Answerer(full_kb)
    second = answerer.ask(then, history=[(first, answerer.ask(first))])
    assert "注册人所在地省级药监部门" in second.resolved_question
    assert second.parties == ("注册人所在地省级药监部门",) and "全面检查" in second.answer


@pytest.mark.parametrize("previous, turn", [
    ("注册人换代工厂要不要向省局报告？", "有规定几天内报吗？"),
    ("注册人变更受托生产企业要报告吗？", "有没有规定多久内报告？"),
    ("召回结束后要交总结报告吗？", "要求多久完成？"),
    ("持有人要开展再评价吗？", "是否有规定什么时候完成？"),
])
def test_asking_whether_the_texts_set_a_time_asks_the_time_limit_of_the_previous_topic(previous, turn):
    resolved = resolve(turn, previous, LEXICON)
    assert resolved.endswith("有没有时限？") and resolved != turn and "规定" not in resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人换代工厂要不要报告？报哪一级？", "有规定几天内报吗？", "注册人换代工厂要报告有没有时限？"),
    ("经营企业要建立购进记录吗？记多久？", "有没有时限？", "经营企业要建立购进记录有没有时限？"),
    ("质量协议签完要评审吗？谁来评？", "什么时候呢？", "质量协议签完要评审有没有时限？"),
])
def test_a_short_question_put_after_the_main_one_is_not_its_topic(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("召回计划几天内要提交？", "接到通知后呢？", "召回计划要提交，接到通知后，应当怎么做？"),
    ("质量协议要定期评审吗？", "评审发现问题后呢？", "质量协议要定期评审，评审发现问题后，应当怎么做？"),
    ("注册人要建立追溯体系吗？", "产品卖出去后呢？", "注册人要建立追溯体系，产品卖出去后，应当怎么做？"),
    ("召回开始前要做什么？", "召回结束后呢？", "召回结束后要做什么？"),  # a moment in place of the one asked
])
def test_a_moment_after_an_event_asks_what_follows_in_the_same_setting(previous, turn, resolved):
    # X后呢 is not a thing to put beside the question in brackets: it asks what is done once X has happened.
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("境内委托生产的产品，注册证上怎么写受托方的信息？", "那如果受托企业只是换了个名字呢？",
     "受托企业只是换了个名字的，注册证上怎么写受托方的信息？"),
    ("注册人在江苏、代工厂在安徽，日常检查注册人的是哪个省局？", "如果代工厂也在江苏呢？",
     "代工厂也在江苏的，日常检查注册人的是哪个省局？"),
    ("经营企业要建立进货查验记录吗？", "假如经营企业只做零售呢？", "经营企业只做零售的，经营企业要建立进货查验记录吗？"),
    ("自己注册的二类产品自己卖，还要办经营备案吗？", "那经营企业代销三类呢？", "经营企业代销三类的，还要办经营备案吗？"),
    ("质量协议要每年评审吗？", "代工厂搬了厂址呢？", "代工厂搬了厂址的，质量协议要每年评审吗？"),
])
def test_a_party_and_what_befalls_it_is_a_case_put_to_the_same_question(previous, turn, resolved):
    # Not a stretch of the question to replace (受托企业只是换了个名字 for 注册证上怎么写受托): the case it is asked in.
    assert resolve(turn, previous, LEXICON) == resolved



@pytest.mark.parametrize("previous, turn", [
    ("质量手册要多久修订一次？", "那代工厂的管理制度呢？"),
    ("注册人要保存批记录吗？", "那受托生产企业的检验记录呢？"),
    ("注册人在甲省、代工厂在乙省，谁去查注册人？", "那代工厂所在地的省局呢？"),
])
def test_a_thing_of_a_party_or_a_party_itself_is_no_case_of_its_own(previous, turn):
    # 代工厂的许可证 / 代工厂所在地的省局 name a thing or an authority, not what befalls 代工厂.
    resolved = resolve(turn, previous, LEXICON)
    assert "的，" not in resolved and turn.removeprefix("那").removesuffix("呢？") in resolved


@pytest.mark.parametrize("previous, turn", [
    ("起搏器这类产品能不能找外面的工厂代工？", "外科缝合线呢？"),
    ("定制式义齿能不能委托外面生产？", "外周血管支架呢？"),
    ("无菌敷料要不要做留样？", "无源手术器械呢？"),
])
def test_a_thing_sharing_one_character_with_a_stretch_does_not_cut_into_it(previous, turn):
    # 外周血管支架 is not like 外面的工厂代 for sharing 外: the question is not cut mid-word; the thing takes
    # the place of the thing the question opens with, so that the old one no longer decides the answer.
    thing = turn.removesuffix("呢？")
    resolved = resolve(turn, previous, LEXICON)
    assert resolved.startswith(thing) and resolved.endswith(previous[-6:]) and previous[:3] not in resolved


@pytest.mark.parametrize("previous, turn", [
    ("生产许可证一次能管几年？", "那换证呢？"),
    ("经营许可证丢了要去哪里补？", "那备案凭证呢？"),
    ("产品注册证到期前多久要申请？", "那许可证呢？"),
])
def test_a_new_thing_does_not_take_the_place_of_part_of_a_regulation_term(previous, turn):
    # 换证 shares 证 with 生产许可证: put in place of 可证 it would leave 生产许换证, a word of no text.
    resolved = resolve(turn, previous, LEXICON, terms=TERMS)
    thing = turn.removeprefix("那").removesuffix("呢？")
    assert thing in resolved and not any(t in resolved for t in ("许换", "许备案", "注册许可"))


@pytest.mark.parametrize("previous, turn, resolved", [
    ("召回计划最迟几天内要提交？", "召回工作全部弄完后呢？", "召回工作全部弄完后，应当怎么做？"),
    ("我们启动了召回，几天内要通知到医院？", "召回这事搞完之后呢？", "召回这事搞完之后，应当怎么做？"),
    ("质量协议签之前要审核对方吗？", "质量协议签完以后呢？", "质量协议签完以后，应当怎么做？"),
    ("受托方发现产品不合格要做什么？", "注册人接到消息后呢？", "受托方发现产品不合格要做，注册人接到消息后，应当怎么做？"),
])
def test_a_later_moment_of_the_matter_the_turn_names_leaves_the_rest_of_the_question(previous, turn, resolved):
    # 召回弄完后呢 names its matter (召回) itself: the plan and the time asked before would only draw the
    # old clause back. A moment naming no matter of the previous question (接到消息后) is read in its setting.
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.slow
@pytest.mark.parametrize("first, then", [
    ("召回计划最迟几天内要提交？", "召回工作全部弄完后呢？"),
    ("我们启动了召回，几天内要通知到医院？", "召回这事搞完之后呢？"),
    ("召回开始以后要定期报告进展吗？", "召回都弄完了以后呢？"),
])
def test_what_follows_the_end_of_a_recall_is_answered_from_the_closing_clause(full_kb, first, then):
    # 弄完 / 搞完 / 做完 are how people say 完成: the summary report due after the recall, not the plan again.
    answerer = Answerer(full_kb)
    second = answerer.ask(then, history=[(first, answerer.ask(first))])
    assert second.citations[0].clause_id == "nmpa-order-29-recall:art22" and "10个工作日" in second.answer


@pytest.mark.parametrize("previous, turn, resolved", [
    # 啥 is the spoken 什么: the previous question asked of the party the turn names.
    ("产品停产半年再复产，代工厂要做哪些确认？", "委托方这边有啥义务？", "产品停产半年再复产，委托方要做哪些确认？"),
    ("更换关键原材料供应商时，注册人要做什么评估？", "受托方那边有啥要求？", "更换关键原材料供应商时，受托方要做什么评估？"),
    ("召回进行中，经营企业要配合做什么？", "使用单位有啥责任？", "召回进行中，使用单位要配合做什么？"),
])
def test_what_a_named_party_answers_for_in_spoken_words_asks_the_previous_question_of_it(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    # 那块 / 这块 (that part of it) and an opening 除了X (besides what was just said) point back: a short turn with them is read in the previous setting.
    ("委托生产备案要交哪些材料？", "检验报告这块有啥讲究？", "委托生产备案要交材料，检验报告这块有啥讲究？"),
    ("年度自查报告要写哪些内容？", "培训那块有啥要写的？", "年度自查报告要写内容，培训那块有啥要写的？"),
    ("一级召回的通知要发给谁？", "除了经销商，还需通知哪里？", "一级召回的通知要发，除了经销商，还需通知哪里？"),
    ("生产地址变更要先向哪个部门申请？", "说明书那块有啥要改的？", "生产地址变更要先，说明书那块有啥要改的？"),
])
def test_a_turn_pointing_back_with_besides_or_that_part_is_read_in_the_previous_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous", ["受托方的生产放行由谁签字？", "召回计划几天内要提交？"])
@pytest.mark.parametrize("turn", [
    # A party with a matter of its own stays a question of its own, 还得 / 还有 or not; so does a turn
    # that says it asks something else (还有个问题).
    "注册人还得建立不良事件监测制度吗？",
    "受托生产企业还有哪些记录要保存十年？",
    "还有个问题，二类产品的标签要写生产许可证号吗？",
])
def test_besides_with_a_party_and_a_matter_of_its_own_is_a_new_question(previous, turn):
    assert resolve(turn, previous, LEXICON) == turn


@pytest.mark.slow
def test_a_party_asked_in_spoken_words_keeps_the_setting_of_the_turn_before(full_kb):
    """受托方共线生产要防什么, then 注册人这边有啥责任: the registrant's duty on the shared line, quoted, not a
    generic duty of the entrustment."""
    answerer = Answerer(full_kb)
    first_question = "委托的产品和自家其他型号放在同一产线上做时，受托方要防范什么？"
    first = answerer.ask(first_question)
    second = answerer.ask("注册人这边有啥责任？", history=[(first_question, first)])
    assert second.resolved_question == "委托的产品和自家其他型号放在同一产线上做时，注册人这边有啥责任？"
    assert "注册人/备案人" in second.parties
    assert "监督和指导" in second.answer


@pytest.mark.parametrize("previous, turn, resolved", [
    # X这块 / X那块 (as for the X part of it) presumes the matter just asked about, even when the turn names
    # a party and says what it asks in words of its own: the setting before it is kept.
    ("跨省委托时，注册人的不良事件监测归哪个省局查？", "代工厂的生产这块归谁查？",
     "跨省委托时，注册人的不良事件监测，代工厂的生产这块归谁查？"),
    ("质量协议要写哪些内容？", "受托生产企业的变更控制这块怎么写？", "质量协议要写内容，受托生产企业的变更控制这块怎么写？"),
    ("委托生产备案要交哪些材料？", "注册人的检验报告那块有啥讲究？", "委托生产备案要交材料，注册人的检验报告那块有啥讲究？"),
    ("一级召回几天内通知到医院？", "经营企业那块有啥要做的？", "一级召回通知到医院，经营企业那块有啥要做的？"),
])
def test_that_part_of_it_leans_even_with_a_party_and_words_of_its_own(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    # 他们 / 对方 after a question that named no party stand for someone in its setting (the other firm of
    # a guide, the maker of a product): the turn is read there, not as a question of its own.
    ("按湖北指南，委托结束后生产记录怎么交接？", "合作还没结束时我们能去他们厂里看记录吗？",
     "按湖北指南，合作还没结束时我们能去他们厂里看记录吗？"),  # a deed of its own: the guide kept, not the handover
    ("定制式义齿可以委托外面加工吗？", "对方需要具备什么资质？", "定制式义齿可以委托外面加工，对方需要具备什么资质？"),
    ("巴南区的监管要点对经营环节提了什么？", "我们想知道他们今年重点查什么？",
     "巴南区的监管要点对经营环节提了，我们想知道他们今年重点查什么？"),
])
def test_a_pronoun_after_a_question_naming_no_party_is_read_in_its_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    # The situation a question is asked in may share its clause with the party (停产期间代工厂…): what
    # another party does is asked in all of it, not in a word cut short (停产期) nor in the old slot.
    ("召回时经营企业几天内要通知医院？", "使用单位要做什么？", "召回时，使用单位要做什么？"),
    ("停产期间代工厂多久要报告一次？", "注册人那边负责啥？", "停产期间，注册人那边负责啥？"),
    ("出厂前代工厂要检验几次？", "注册人那边要做什么？", "出厂前，注册人那边要做什么？"),
])
def test_the_situation_sharing_a_clause_with_the_party_is_kept_whole(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.slow
def test_that_part_of_the_other_firm_is_asked_across_the_two_provinces(full_kb):
    """Two provinces named, then 受托方生产这块归谁管: read with the two provinces, and the clause that divides
    the two bureaus' supervision is among those quoted."""
    answerer = Answerer(full_kb)
    first_question = "注册人在浙江、受托方在河北，注册人的召回义务由哪里的省局监督？"
    second = answerer.ask("受托方生产这块归谁管？", history=[(first_question, answerer.ask(first_question))])
    assert second.resolved_question.startswith("注册人在浙江、受托方在河北，")
    assert "samr-order-53-production-supervision:art56" in [c.clause_id for c in second.citations]


@pytest.mark.parametrize("previous, turn, resolved", [
    # …就行了吗 / 就够了吗 asks whether doing that much of what was just asked about is enough; 额外 asks what
    # comes beyond it: both are about the previous question, read in its setting.
    ("质量协议要每年评审吗？", "评审完存个档就行了吗？", "质量协议要每年评审，评审完存个档就行了吗？"),
    ("变更生产地址要告诉药监局吗？", "口头说一声就够了吗？", "变更生产地址要告诉药监局，口头说一声就够了吗？"),
    ("质量负责人多久向老板汇报一次？", "只是口头汇报就可以了吗？", "质量负责人向老板汇报一次，只是口头汇报就可以了吗？"),
    ("二类产品注册要做临床评价吗？", "植入的话有啥额外要求？", "二类产品注册要做临床评价，植入的话有啥额外要求？"),
    ("企业拒不召回，药监能责令召回吗？", "要是进口的，有没有额外的处理？", "企业拒不召回，药监能责令召回，要是进口的，有没有额外的处理？"),
    ("经营企业要建进货查验记录吗？", "冷链的还有额外规定吗？", "经营企业要建进货查验记录，冷链的还有额外规定吗？"),
])
def test_whether_that_is_enough_or_what_comes_beyond_it_leans(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("turn", ["额外津贴要交税吗？", "还有个问题，备案凭证丢了怎么补？", "注册人签了质量协议就可以委托生产了吗？"])
def test_enough_or_beyond_in_a_question_of_its_own_is_left_as_it_is(turn):
    assert resolve(turn, "质量协议要每年评审吗？", LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    # A turn that says what is done in words of its own asks about that, in the situation the previous question
    # set out (a text, a case, two places), not about the previous question's activity as well.
    ("按山西的通知，中选企业每年要交几次自查报告？", "监管这边多久抽检一次？", "按山西的通知，监管这边多久抽检一次？"),
    ("出现产品批量投诉时，注册人要在几天内上报？", "仓库里的货还要封存吗？", "出现产品批量投诉时，仓库里的货还要封存吗？"),
    ("跨省委托时，注册人的变更报告交给哪个省局？", "召回这件事又归谁督促？", "跨省委托时，召回这件事又归谁督促？"),
    ("注册人在广东、代工厂在湖南，注册人的年度报告交给哪个省局？", "不良事件那块有啥要求？",
     "注册人在广东、代工厂在湖南，不良事件那块有啥要求？"),
    # With no subject of its own (要… / 自己的…), the turn is about the party the previous question asked about.
    ("出现群体投诉时，持有人要在几小时内电话上报？", "自己的生产线要停吗？", "出现群体投诉时，持有人自己的生产线要停吗？"),
    ("产品抽检不合格时，注册人几天内要通知经销商？", "要暂停销售吗？", "产品抽检不合格时，注册人要暂停销售吗？"),
])
def test_a_turn_with_a_deed_of_its_own_keeps_the_situation_not_the_activity(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("previous, turn", [
    # A moment of the matter the previous question named (召回收尾之后 after 启动召回以后…) takes the place of the
    # moment it was asked in: the turn is a question of its own.
    ("启动召回以后，召回计划几天内要报？", "召回收尾之后还要交什么？"),
    ("质量协议签订后，多久要评审一次？", "质量协议终止以后还要做什么？"),
    ("不良事件报告提交后，几天内要补充调查结果？", "不良事件调查结束以后还要报什么？"),
])
def test_a_later_moment_of_the_same_matter_opening_a_turn_stands_alone(previous, turn):
    assert resolve(turn, previous, LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    # What takes up the previous activity (这个 / 也 / 那+thing / a bare verb), or names only who is asked about
    # (受托方那边的省局管什么), keeps that activity.
    ("出现批量投诉时，注册人要通知哪些经销商？", "这个通知要留底吗？", "出现批量投诉时，注册人要通知经销商，这个通知要留底吗？"),
    ("出现批量投诉时，注册人要通知哪些经销商？", "打给谁？", "出现批量投诉时，注册人要通知经销商，打给谁？"),
    ("按湖北指南，说明书上要写受托方名称吗？", "标签上也得写？", "按湖北指南，说明书上要写受托方名称，标签上也得写？"),
    ("按湖北指南，委托结束后文件怎么移交？", "那清单以谁的名义出？", "按湖北指南，委托结束后文件，清单以谁的名义出？"),
    ("跨省委托时，注册人的变更报告交给哪个省局？", "受托方那边的省局管什么？", "跨省委托时，受托方那边的省局管什么？"),
])
def test_a_turn_taking_up_the_previous_activity_keeps_it(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("previous", [
    "出现产品批量投诉时，仓库里的货还要封存吗？",  # turns already read in a situation
    "按山西的通知，监管这边多久抽检一次？",
    "召回收尾之后还要交什么？",
])
@pytest.mark.parametrize("turn", ["医疗器械生产许可证能用多少年？", "经营企业进货要查验哪些证件？", "注册证延续要提前多久申请？"])
def test_a_question_of_its_own_after_a_follow_up_inherits_nothing(previous, turn):
    assert resolve(turn, previous, LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("持有人发现产品导致死亡要几天内报告？", "经营企业遇到这种情况怎么办？", "发现产品导致死亡要报告，经营企业遇到这种情况怎么办？"),
    ("受托生产企业变更生产地址要报告吗？", "注册人碰上这类事要做什么？", "变更生产地址要报告，注册人碰上这类事要做什么？"),
    ("注册人的产品被抽检不合格会怎么处理？", "受托生产企业会不会跟着被处罚？", "注册人的产品被抽检不合格，受托生产企业会不会跟着被处罚？"),
    ("注册人的产品被抽检不合格会怎么处理？", "受托生产企业会一并被处罚吗？", "注册人的产品被抽检不合格，受托生产企业会一并被处罚吗？"),
    ("经营企业发现产品有缺陷要怎么处理？", "使用单位遇到此类情形要报告吗？", "发现产品有缺陷，使用单位遇到此类情形要报告吗？"),
    # Closing with 呢, the turn is read as a case put to the previous question (the 那X呢 reading) instead.
    gap("经营企业发现产品有缺陷要怎么处理？", "使用单位碰到这种事呢？", "发现产品有缺陷，使用单位碰到这种事呢？"),
])
def test_a_party_with_this_case_or_along_with_it_leans_though_it_says_a_matter(previous, turn, resolved):
    """这种情况 / 这类事 point at the case just put (which then befalls the party the turn names, not the
    previous one), 跟着被 / 一并 at the party just asked about (who stays): a turn with them is read in the
    previous setting even when it names a party and words of its own."""
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("turn", [
    "受托生产企业要建立质量管理体系吗？",
    "经营企业购进产品时要查验哪些证明？",
    "使用单位发现不良事件要向哪个部门报告？",
])
def test_a_party_with_a_matter_and_nothing_pointing_back_stands_alone(turn):
    assert resolve(turn, "注册人的产品被抽检不合格会怎么处理？", LEXICON) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("二类产品备案找哪个部门？", "一类的归谁？", "一类产品备案找哪个部门，归谁？"),
    ("进口二类产品注册要交哪些资料？", "三类的也要这些吗？", "进口三类产品注册要交哪些资料，也要这些吗？"),
    ("一级召回几天内要通知到使用单位？", "那二级的要多久？", "二级召回几天内要通知到使用单位，要多久？"),
])
def test_a_kind_with_its_noun_left_out_is_the_previous_question_of_that_kind(previous, turn, resolved):
    """一类的归谁: 的 with no noun after it takes the noun of the previous question."""
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("turn", ["代工厂的许可证谁发？", "进口产品的注册证由谁核发？", "医院的采购记录要保存几年？"])
def test_a_thing_of_someone_with_its_noun_is_not_a_kind_left_out(turn):
    assert resolve(turn, "二类产品备案找哪个部门？", LEXICON) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人的年度自查报告几月底前要交？", "没拿到证的受托生产企业也得交吗？", "注册人的年度自查报告，没拿到证的受托生产企业也得交吗？"),
    ("持有人要在几天内提交召回计划？", "受托生产企业那时候也要配合吗？", "持有人要提交召回计划，受托生产企业那时候也要配合吗？"),
    ("注册人每年几号之前要提交自查报告？", "只做代工的受托生产企业还要提交吗？", "注册人每年要提交自查报告，只做代工的受托生产企业还要提交吗？"),
    ("注册人的年度自查报告几月底前要交？", "没拿注册证的受托生产企业也得交吗？", "注册人的年度自查报告，没拿注册证的受托生产企业也得交吗？"),
])
def test_a_party_that_also_does_a_bare_verb_does_the_previous_one(previous, turn, resolved):
    """…的受托生产企业也得交吗: a party described at length, then 也 / 还 and a verb with its object left out
    (the report just asked about), is asked the previous question; the date asked (几月底前) is not kept."""
    assert resolve(turn, previous, LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("turn", [
    "受托生产企业也要建立质量管理体系吗？",
    "经营企业也要建立进货查验记录制度吗？",
    "受托生产企业以后还要做生产放行吗？",
])
def test_a_party_that_also_does_something_named_stands_alone(turn):
    assert resolve(turn, "持有人要在几天内提交召回计划？", LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("turn, kind", [
    ("凭什么要这样？", "why"),
    ("为啥不可以？", "why"),
    ("那为什么非得这么做？", "why"),
    ("为什么？依据在哪？", "why"),
    ("这是哪份文件哪一条写的？", "source"),
    ("依据在哪？", "source"),
    ("有文件规定吗？", "source"),
    ("条文上怎么说的？", "source"),
])
def test_why_or_where_the_texts_say_so_asks_about_the_answer_just_given(turn, kind):
    assert asks_basis(turn) == kind


@pytest.mark.parametrize("turn", [
    "为什么注册人要每年评审质量协议？",
    "哪个文件规定了委托生产的备案材料？",
    "有文件规定经营企业要建进货记录吗？",
])
def test_why_or_which_text_with_a_matter_of_its_own_is_a_question_of_its_own(turn):
    assert asks_basis(turn) is None
    assert resolve(turn, "代工厂能把订单再转出去吗？——为什么这样规定？", LEXICON, (), TERMS) == turn


@pytest.mark.parametrize("turn", ["还得干啥？", "另外还要做些什么？", "光通知就够了？还要做什么？", "除此之外还需要办哪些事？"])
def test_what_else_is_to_be_done_asks_the_previous_question_again(turn):
    assert asks_more(turn) and resolve(turn, "持有人遇到群体不良事件先做什么？", LEXICON) == "持有人遇到群体不良事件先做什么？"


@pytest.mark.parametrize("turn", ["只口头通知就够了吗？", "还要交什么材料？", "还得找哪个部门盖章？"])
def test_enough_alone_or_what_else_with_a_thing_of_its_own_is_not_a_bare_what_else(turn):
    assert not asks_more(turn)


@pytest.mark.parametrize("turn, resolved", [
    ("接下来怎么办？", "巴南区飞行检查重点查产品，接下来怎么办？"),
    ("下一步呢？", "巴南区飞行检查重点查产品，下一步呢？"),
    ("查到问题然后呢？", "巴南区飞行检查重点查产品，查到问题然后，应当怎么做？"),
])
def test_what_comes_next_is_asked_in_the_previous_setting(turn, resolved):
    assert asks_next(turn) and resolve(turn, "巴南区飞行检查重点查哪些产品？", LEXICON, (), TERMS) == resolved


@pytest.mark.parametrize("turn", ["之后几天内要报？", "以后谁来负责？", "然后还要报告吗？"])
def test_a_later_moment_asking_a_time_a_party_or_yes_no_is_not_what_comes_next(turn):
    assert not asks_next(turn)


@pytest.mark.slow
@pytest.mark.parametrize("first, then", [
    ("植入器械委托别人做，要不要派自己人去驻厂？", "凭什么要这样？"),
    ("受托生产企业可以把活再转给别的厂吗？", "为啥不可以？"),
    ("持有人碰到群体不良事件要先停产吗？", "为什么？"),
])
def test_why_is_answered_from_the_clause_the_answer_quoted(full_kb, first, then):
    # Not a new search that may find nothing: the rule just quoted, its reference, and what it is for.
    answerer = Answerer(full_kb)
    answer = answerer.ask(first)
    why = answerer.ask(then, history=[(first, answer)])
    assert not why.abstained and why.answer.startswith("理由与依据：")
    assert why.citations[0].clause_id == answer.evidence[0]
    assert why.resolved_question.startswith(first.rstrip("？")) and why.verdict is None


@pytest.mark.slow
@pytest.mark.parametrize("then", ["这是哪份文件哪一条写的？", "依据在哪？", "有文件规定吗？"])
def test_where_the_texts_say_so_names_the_clause_and_the_same_rule_in_another_text(full_kb, then):
    first = "代工厂可以把活再转给别的厂吗？"
    answerer = Answerer(full_kb)
    answer = answerer.ask(first)
    source = answerer.ask(then, history=[(first, answer)])
    assert source.answer.startswith("出处：") and full_kb.clauses[answer.evidence[0]].ref in source.answer
    # The same ban in another text is named too (受托生产的产品不得再次委托生产).
    assert "其他文件的相同规定" in source.answer and len({c.doc_id for c in source.citations[:2]}) == 2


@pytest.mark.slow
def test_a_question_of_its_own_after_a_why_turn_inherits_nothing(full_kb):
    answerer = Answerer(full_kb)
    first = "代工厂可以把活再转给别的厂吗？"
    history = [(first, answerer.ask(first))]
    history.append(("为啥不可以？", answerer.ask("为啥不可以？", history=history)))
    alone = answerer.ask("质量协议要写哪些内容？", history=history)
    assert alone.resolved_question is None and "不得再次委托" not in alone.answer


@pytest.mark.slow
def test_what_else_after_an_answer_read_back_from_the_chat_history_gives_the_rest_of_the_clause(full_kb):
    # The chat page keeps answers as JSON, without the clauses quoted: the first citation stands for them.
    answerer = Answerer(full_kb)
    first = "持有人获知群体不良事件后应当立即做什么？"
    kept = Answer.from_dict(answerer.ask(first).to_dict())
    more = answerer.ask("还得干啥？", history=[(first, kept)])
    assert more.answer.startswith("除前面已引用的内容外") and more.citations[0].clause_id == kept.citations[0].clause_id


@pytest.mark.slow
@pytest.mark.parametrize("first, then", [
    ("持有人获知群体不良事件后应当立即做什么？", "还有呢？"),
    ("巴南区飞行检查重点查哪些产品？", "发现问题以后呢？"),
    ("巴南区飞行检查重点查哪些产品？", "接下来怎么办？"),
])
def test_what_else_or_next_gives_the_rest_of_the_clause_not_the_quote_again(full_kb, first, then):
    answerer = Answerer(full_kb)
    answer = answerer.ask(first)
    more = answerer.ask(then, history=[(first, answer)])
    quoted = set(re.findall(r"「([^」]+)」", answer.answer))
    assert more.citations[0].clause_id == answer.evidence[0] and more.answer.startswith("除前面已引用的内容外")
    assert quoted and not quoted & set(re.findall(r"「([^」]+)」", more.answer))


TWO_PLACES = "注册人落在福建，代工厂落在江西，首次注册的现场核查由哪边省局牵头？"


@pytest.mark.parametrize("turn, previous, doubted", [
    ("代工厂就完全不用管了？", "注册人能把召回全交给代工厂吗？", ("受托生产企业",)),
    ("那受托方一点责任都没有？", "注册人能把召回全交给代工厂吗？", ("受托生产企业",)),
    ("经营企业根本不用报告了吗？", "持有人发现不良事件要报告吗？", ("经营企业",)),
    ("江西省局就不管了？", TWO_PLACES, ("受托生产企业所在地省级药监部门",)),
    ("福建省局就完全不参与了？", TWO_PLACES, ("注册人所在地省级药监部门",)),
])
def test_doubting_that_a_party_is_out_of_it_names_that_party(turn, previous, doubted):
    assert challenged(turn, previous, LEXICON) == doubted


@pytest.mark.parametrize("turn, previous", [
    ("代工厂要不要报告？", "注册人能把召回全交给代工厂吗？"),
    ("完全不合格的产品要召回吗？", "注册人能把召回全交给代工厂吗？"),
    ("山东省局就不管了？", TWO_PLACES),  # a bureau of a place the question did not name
])
def test_a_turn_not_doubting_a_named_party_is_no_challenge(turn, previous):
    assert challenged(turn, previous, LEXICON) == ()


@pytest.mark.slow
@pytest.mark.parametrize("first, then, party", [
    ("注册人能把不良事件监测的活通过协议全推给受托方吗？", "那受托方一点责任都没有？", "受托生产企业"),
    ("注册人委托代工厂生产，谁负责上市放行？", "代工厂就完全不用管放行了？", "受托生产企业"),
    ("注册人落在福建，代工厂落在江西，首次注册的现场核查由哪边省局牵头？", "江西省局就不管了？",
     "受托生产企业所在地省级药监部门"),
])
def test_doubting_that_a_party_is_out_of_it_is_answered_with_its_part(full_kb, first, then, party):
    # Not a new search about the bare turn: a yes/no about that party in the matter just answered.
    answerer = Answerer(full_kb)
    answer = answerer.ask(first)
    doubt = answerer.ask(then, history=[(first, answer)])
    assert doubt.verdict == "no" and doubt.answer.startswith("不是。") and doubt.parties == (party,)
    assert doubt.resolved_question.startswith(first.rstrip("？"))


@pytest.mark.parametrize("previous, turn, resolved", [
    ("二类、三类产品要做临床评价吗？", "一类的呢？", "一类产品要做临床评价吗？"),
    ("第二类和第三类器械的注册证谁来发？", "那第一类呢？", "第一类器械的注册证谁来发？"),
    ("二、三类器械企业每年查几次？", "那一类的呢？", "一类器械企业每年查几次？"),
    ("二类、三类器械企业每年查几次？", "换成一类呢？", "一类器械企业每年查几次？"),
    ("二类产品的注册证谁来发？", "三类的注册证呢？", "三类产品的注册证谁来发？"),  # not 二类三类的注册证
])
def test_a_kind_takes_the_place_of_all_the_kinds_named_together(previous, turn, resolved):
    # Put in place of one of 二类、三类, the other kind would still decide the answer.
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("二类以上的企业归省局查吗？", "一类的呢？", "一类的企业归省局查吗？"),
    ("按湖北的说法，二类及以上产品谁来审？", "那第一类的呢？", "按湖北的说法，第一类产品谁来审？"),
    ("三类以下的产品能网上卖吗？", "一类的呢？", "一类的产品能网上卖吗？"),
])
def test_a_kind_takes_the_place_of_a_range_of_kinds(previous, turn, resolved):
    # 一类以上 would be every kind again: the range goes with the kind it starts from.
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("我们公司在浙江，产品放在安徽的工厂代工，安徽那家工厂的日常检查归哪个局？", "那我们这边呢？",
     "我们公司在浙江，产品放在安徽的工厂代工，注册人的日常检查归哪个局？"),
    ("我司注册地在广东，委托湖南的代工厂生产。代工厂的日常监管由哪个省局负责？", "我们自己呢？",
     "我司注册地在广东，委托湖南的代工厂生产。注册人的日常监管由哪个省局负责？"),
    ("我们是品牌方，代工厂在外省，代工厂由谁来检查？", "那我们呢？", "我们是品牌方，代工厂在外省，注册人由谁来检查？"),
    ("我们是代工厂，甲方在北京，甲方的日常检查归谁？", "那我们这边呢？", "我们是代工厂，甲方在北京，受托生产企业的日常检查归谁？"),
])
def test_we_instead_asks_the_previous_question_of_the_asking_side(previous, turn, resolved):
    # The clause that asks names the other side of the entrustment, as a party or by what it is (那家工厂, 甲方).
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("谁负责上市放行？", "那我们呢？"),  # no 我们 before: no side to ask it of
    ("我们委托代工厂生产，上市放行谁负责？", "那我们这边呢？"),  # the asking clause names no side
    ("咱们找了家外地工厂代工，留样谁来保管？", "我们自己呢？"),
])
def test_we_instead_needs_a_side_to_take_the_place_of(previous, turn):
    assert not re.search("注册人|受托生产企业", resolve(turn, previous, LEXICON))


@pytest.mark.parametrize("previous, turn, resolved", [
    ("质量协议里约定上市放行由受托方做，行不行？", "召回也一样吗？", "质量协议里约定召回由受托方做，行不行？"),
    ("合同上写不良事件监测交给代工厂，算数吗？", "那召回呢？", "合同上写召回交给代工厂，算数吗？"),
    ("质量协议中规定再评价由受托方负责，有效吗？", "召回是不是也这样？想让对方全包", "质量协议中规定召回由受托方负责，有效吗？"),
])
def test_a_term_swapped_in_takes_the_place_of_the_term_asked_about_not_of_the_text_it_is_written_in(
        previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("血管内导管可以委托外面的工厂生产吗？", "那骨科植入物呢？", "骨科植入物可以委托外面的工厂生产吗？"),
    ("心脏瓣膜这种高风险的东西，注册人能找别人代工吗？", "角膜接触镜呢？", "角膜接触镜，注册人能找别人代工吗？"),
    ("人工关节要不要派人驻厂？", "那牙科种植体也一样吗？", "牙科种植体要不要派人驻厂？"),
    ("血管内导管可以委托外面的工厂生产吗？", "换成骨科植入物呢？", "骨科植入物可以委托外面的工厂生产吗？"),
    ("人工关节需要派人驻厂吗？", "牙科种植体的呢？", "牙科种植体需要派人驻厂吗？"),
])
def test_a_thing_like_nothing_before_takes_the_place_of_the_thing_the_question_opens_with(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("二类、三类产品要做临床评价吗？", "质量协议要写哪些内容？"),
    ("人工关节要不要派人驻厂？", "受托生产企业能不能再委托？"),
    ("一类产品要做临床评价吗？", "质量协议要写哪些内容？"),  # after a swap, as it was read
])
def test_a_new_question_after_a_swap_form_is_left_as_it_is(previous, turn):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("病人用了出事，经营企业说跟器械有关，我们作为持有人几天内要报？", "使用单位自己要不要报？",
     "病人用了出事，经营企业说跟器械有关，使用单位自己要不要报？"),
    ("我们打算停掉外包，改成自己生产，要办什么手续？", "代工厂那边有没有要交的？",
     "我们打算停掉外包，改成自己生产，代工厂那边有没有要交的？"),
    ("注册人在上海，受托方在江西，受托方的飞行检查由哪个省局来做？", "注册人本身归谁管？",
     "注册人在上海，受托方在江西，注册人本身归谁管？"),
    ("我们在浙江，代工厂在福建，代工厂的日常检查谁负责？", "注册人自己归哪边管？",
     "我们在浙江，代工厂在福建，注册人自己归哪边管？"),
])
def test_a_party_with_a_bare_verb_or_asking_who_governs_it_keeps_the_setting(previous, turn, resolved):
    # The verb's object, or what decides which side governs, is in the question before.
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人每年对代工厂审核几次？", "受托方能拒绝吗？", "注册人每年对代工厂审核几次，受托方能拒绝吗？"),
    ("委托期间，注册人要派人驻厂吗？", "代工厂可以不让进吗？", "委托期间，注册人要派人驻厂，代工厂可以不让进吗？"),
    ("注册人多久要对受托方做一次现场审核？", "受托方能拒收吗", "注册人要对受托方做一次现场审核，受托方能拒收吗？"),
])
def test_a_deed_of_another_party_is_asked_of_the_matter_not_in_place_of_the_asker(previous, turn, resolved):
    # 能拒绝 is what the other side may do about it; the previous question asked of that side is another matter.
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous", [
    "谁负责上市放行？",
    "病人用了出事，经营企业说跟器械有关，使用单位自己要不要报？",  # a follow-up as it was read
])
@pytest.mark.parametrize("turn", ["受托生产企业归哪个省局监管？", "使用单位要不要建立不良事件监测制度？"])
def test_a_party_asking_a_matter_of_its_own_or_who_governs_it_in_no_setting_stands_alone(previous, turn):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous", ["谁负责上市放行？", "注册人多久要对受托方做一次现场审核？"])
@pytest.mark.parametrize("turn", ["代工厂归哪个局管？", "使用单位归谁管？"])
def test_who_governs_a_party_after_a_question_that_put_no_setting_stands_alone(previous, turn):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("湖北的委托生产指南里，注册人每年要评审受托方几次？", "受托方自己呢，指南要它做什么？",
     "湖北的委托生产指南里，受托方自己呢，指南要它做什么？"),
    ("按巴南区的工作要点，飞检主要查什么？", "方案里对经营企业怎么说？", "按巴南区的工作要点，方案里对经营企业怎么说？"),
    ("山西那份集采通知里，中选企业要报送什么信息？", "通知对使用单位有什么要求？",
     "山西那份集采通知里，通知对使用单位有什么要求？"),
])
def test_a_text_referred_to_without_saying_which_is_the_regions_text_named_before(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("湖北指南里，注册人每年至少对受托方做几次审核？", "国家层面有没有规定？", "注册人每年至少对受托方做几次审核，国家层面有没有规定？"),
    ("按山西的通知，中选企业多久查一次？", "国家规定呢？", "中选企业多久查一次，国家规定呢？"),
    ("巴南区的工作安排里，对集采产品怎么抽检？", "全国的文件怎么要求？", "对集采产品，全国的文件怎么要求？"),
])
def test_asking_the_national_texts_instead_asks_the_previous_matter_without_the_regions_text(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("湖北指南里，注册人每年至少对受托方做几次审核？", "国家对质量协议有什么规定？"),
    ("注册人每年至少对受托方做几次审核，国家层面有没有规定？", "受托生产企业能不能再委托？"),
    ("山西那份集采通知里，通知对使用单位有什么要求？", "上市放行能委托给代工厂吗？"),
    ("山西那份集采通知里，中选企业要报送什么信息？", "经营企业出了问题要通知谁？"),  # 通知 the verb
])
def test_a_question_with_a_matter_of_its_own_does_not_inherit_the_text(previous, turn):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("代工厂生产的这款支架能委托吗？", "他能替注册人上市放行吗？", "代工厂能替注册人上市放行吗？"),
    ("经营企业发现可疑不良事件要报告吗？", "他要保存记录吗？", "经营企业发现可疑不良事件要报告，经营企业要保存记录吗？"),
    ("受托生产企业停产要通知注册人吗？", "她自己还要报告吗？", "受托生产企业自己还要报告吗？"),
])
def test_he_alone_stands_for_the_party_of_the_previous_question_when_it_names_no_person(previous, turn, resolved):
    # 他 as 他们 is, spoken of a firm: the firm just asked about.
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("代工厂生产的这款支架能委托吗？", "它要做临床试验吗？"),  # 它: the product, most often, not the firm
    ("受托生产企业要留样吗？", "它的留样期限是多久？"),
    ("经营企业卖的试剂要冷链吗？", "它能放常温吗？"),
])
def test_it_is_not_taken_for_the_firm_of_the_previous_question(previous, turn):
    assert "它" in resolve(turn, previous, LEXICON)


@pytest.mark.parametrize("previous, turn, resolved", [
    ("企业任命管理者代表后要备案吗？", "他负责哪些事？", "企业任命管理者代表后要备案，管理者代表负责哪些事？"),
    ("质量负责人要具备什么资历？", "他能否否决放行？", "质量负责人要具备资历，质量负责人能否否决放行？"),
    ("放行人签字前要审核什么？", "她签错了要担责吗？", "放行人签字前要审核，放行人签错了要担责吗？"),
    ("企业定了管代之后几天内报告？", "他有什么权限？", "企业定了管代之后报告，管代有什么权限？"),
])
def test_he_or_she_is_the_person_the_previous_question_named_not_its_firm(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("谁负责上市放行？", "其他企业能代工吗？"),  # 其他 / 其它 / 他人 are no pronouns
    ("谁负责上市放行？", "委托他人生产需要备案吗？"),
    ("注册人要保存批记录吗？", "其它企业的批记录谁来存？"),
    ("注册人要保存批记录吗？", "代工厂出了问题，他们要担责吗？"),  # a pronoun after a party the turn names is that party
])
def test_a_turn_whose_he_or_it_is_no_pronoun_or_its_own_party_stands_alone(previous, turn):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("湖北指南里注册人每年评审受托方几次？", "它对受托方的放行怎么要求？",
     "湖北指南里注册人每年评审受托方几次，它对受托方的放行怎么要求？"),
    ("按巴南区的工作要点，飞检主要查什么？", "它对医院的不良事件报告有什么目标？",
     "按巴南区的工作要点，它对医院的不良事件报告有什么目标？"),
    ("山西那份集采通知里，中选企业要报送什么信息？", "按这份文件，使用单位要做什么？",
     "山西那份集采通知里，按这份文件，使用单位要做什么？"),
])
def test_it_or_this_document_after_a_regions_text_is_that_text(previous, turn, resolved):
    # Even when the turn names a regulation term of its own (不良事件): it asks that text about it.
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


EVALUATED_TO = "「持有人应当在30日内向持有人所在地省级监测机构报告评价结果。」"


@pytest.mark.parametrize("previous, turn, said, resolved", [
    ("评价结果交给谁？", "他们审完要多久？", EVALUATED_TO, "持有人所在地省级监测机构审完要多久？"),
    ("调查评价报告要报给哪个单位？", "那边收到以后怎么处理？", EVALUATED_TO, "持有人所在地省级监测机构收到以后怎么处理？"),
    ("转成委托生产要跟哪个部门报备？", "他们收到以后会做什么？", REPORTED_TO, "注册人所在地省级药品监督管理部门收到以后会做什么？"),
    ("转成委托生产要跟哪个部门报备？", "那边多久给答复？", REPORTED_TO, "注册人所在地省级药品监督管理部门多久给答复？"),
])
def test_after_asking_whom_it_goes_to_they_are_the_ones_the_answer_named(previous, turn, said, resolved):
    assert resolve(turn, previous, LEXICON, ("注册人/备案人",), regulation_terms(), (), said) == resolved


def test_they_after_a_question_not_asking_whom_it_goes_to_are_its_party():
    assert resolve("他们收到以后会做什么？", "注册人换代工厂要报告吗？", LEXICON, (), frozenset(), (), REPORTED_TO) \
        == "注册人换代工厂要报告，注册人收到以后会做什么？"


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人能不能请受托方省局代为检查？", "查完了多久反馈？", "注册人能请受托方省局代为检查，查完了多久反馈？"),
    ("召回结束后要向哪个部门交总结报告？", "省局收到后多久审完？", "召回结束后，省局收到后多久审完？"),
    ("受托方省局能替注册人所在地省局检查吗？", "检查完以后结果交给谁？", "受托方省局能替注册人所在地省局检查，检查完以后结果交给谁？"),
    ("代工厂停产要通知注册人吗？", "注册人接到后要做什么？", "代工厂停产要通知注册人，注册人接到后要做什么？"),
])
def test_the_moment_a_verb_without_its_object_is_done_leans_on_the_previous_matter(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("turn", [
    "代工厂拿到注册证以后要做什么？",  # the object named: a matter of its own
    "受托生产企业取得生产许可后要备案吗？",
    gap("药监局收到注册申请后多久审完？"),  # 收到 with its object still leans on the previous question
])
def test_the_moment_a_verb_with_its_object_is_done_stands_alone(turn):
    assert resolve(turn, "谁负责上市放行？", LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("年度自查报告要在什么时候交？", "那不良事件报告呢，也是这个时候交吗？", "不良事件报告要在什么时候交，也是这个时候交吗？"),
    ("谁负责上市放行？", "那生产放行呢，能交给代工厂吗？", "谁负责生产放行，能交给代工厂吗？"),
    ("代工厂能不能再委托？", "那注册人呢，也不行吗？", "注册人能不能再委托，也不行吗？"),
    ("一类产品备案找哪个部门？", "二类产品呢，要多久？", "二类产品备案，要多久？"),  # a question of its own: the topic only
])
def test_that_x_followed_by_a_short_question_asks_it_of_x_in_the_previous_question(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("委托生产时，不良事件监测这项责任可以交给受托方吗？", "召回呢？", "委托生产时，召回这项责任可以交给受托方吗？"),
    ("委托生产的情况下，质量协议要谁来签？", "那变更控制呢？", "委托生产的情况下，变更控制要谁来签？"),
    ("停产期间，年度自查报告还要交吗？", "那不良事件监测呢？", "停产期间，不良事件监测还要交吗？"),
])
def test_a_term_naming_the_setting_is_not_the_one_a_term_swapped_in_replaces(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("代工厂要通知注册人吗？", "那边收到以后呢？", "代工厂要通知注册人，那边收到以后呢？"),
    ("代工厂停产要告知注册人吗？", "那头收到后怎么办？", "代工厂停产要告知注册人，那头收到后怎么办？"),
    ("注册人变更受托生产企业要报告吗？", "那边几天内答复？", "注册人变更受托生产企业要报告，那边几天内答复？"),
])
def test_that_side_opening_a_turn_keeps_its_that(previous, turn, resolved):
    # 那边 / 那头 is "the other side", not 那 "then" before 边.
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人在上海、受托方在浙江，跨省委托生产谁来监管？", "浙江省局在这当中负责什么？",
     "注册人在上海、受托方在浙江，跨省委托生产，浙江省局在这当中负责什么？"),
    ("注册人委托生产时，上市放行由谁负责？", "代工厂在这里面要干什么？", "注册人委托生产时，上市放行，代工厂在这里面要干什么？"),
    ("代工厂出了质量事故，注册人要担责吗？", "经销商在其中有责任吗？", "代工厂出了质量事故，经销商在其中有责任吗？"),
])
def test_in_this_matter_leans_even_with_a_party_and_words_of_its_own(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.slow
@pytest.mark.parametrize("first, then", [
    ("质量协议的期限最长能签多久？", "那签了之后多长时间评审一回？"),
    ("和代工厂签质量协议，有效期有什么限制", "签完了中间还要不要再评审？"),
    ("质量协议有效期是多久", "协议签好后需要每年评审吗"),
])
def test_a_turn_asking_its_own_thing_after_a_validity_is_not_asked_the_validity(full_kb, first, then):
    """After 质量协议期限最长多久, a turn that asks how often it is reviewed is read with it but asks its own thing:
    每年…开展评审, not the validity again."""
    answerer = Answerer(full_kb)
    second = answerer.ask(then, history=[(first, answerer.ask(first))])
    assert not second.answer.startswith("有效期") and "每年对质量协议的适宜性、充分性、有效性开展评审" in second.answer


@pytest.mark.parametrize("first, then", [
    ("跨省委托的注册体系核查，两个省局分别负责什么？", "核查完了之后呢？"),
    ("跨省委托生产申请注册，两边省局在体系核查里各做什么？", "那然后呢？"),
    ("跨省委托的注册体系核查，两个省局分别负责什么？", "之后呢？"),
    gap("委托外省工厂生产的产品注册时，注册人所在地省局和受托方所在地省局分别干什么？", "接下来呢？"),
])
def test_asking_on_after_a_partys_whole_part_gets_what_the_clause_says_next(full_kb, first, then):
    """A two-party line quotes the party's whole part of its paragraph (…出具体系核查报告。体系核查报告应当…抄送…);
    asked what comes next, the answer is the clause's next rule (获得批准上市的…登载受托生产地址), not a part of
    the quote just given."""
    answerer = Answerer(full_kb)
    second = answerer.ask(then, history=[(first, answerer.ask(first))])
    assert second.answer.startswith("除前面已引用的内容外") and "登载受托生产地址" in second.answer
    assert "抄送受托生产企业所在地省局" not in second.answer


# -- turns the rules above would leave standing alone, read in the previous question's scene -------------------

@pytest.mark.parametrize("previous, turn, resolved", [
    ("我们打算找两家代工厂试产，有什么门槛？", "签约前要查对方哪些资质？",
     "我们打算找两家代工厂试产，有门槛，签约前要查代工厂哪些资质？"),
    ("我司准备把产品外包给受托方做，要先做什么？", "对方要出具什么文件吗？",
     "我司准备把产品外包给受托方做，要先做，受托方要出具什么文件吗？"),
    ("老板叫我去考察几个代工厂，重点看什么？", "对方要给我们看哪些资料？",
     "老板叫我去考察几个代工厂，重点看，代工厂要给我们看哪些资料？"),
    ("我们是代工厂，注册人来审核时看什么？", "对方要给我们看哪些资料？",
     "我们是代工厂，注册人来审核时看，注册人要给我们看哪些资料？"),
])
def test_the_other_side_is_across_from_the_one_asking(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("我司注册地在四川，委托云南一家工厂生产，注册核查谁负责？", "云南省局管哪些事？", "受托生产企业所在地省级药监部门管哪些事？"),
    ("品牌方在北京、工厂在河北，体系核查归谁？", "河北省局负责什么？", "跨省委托生产中，受托生产企业所在地省级药监部门负责什么？"),
    ("注册人在福建，代工厂在江西，年度自查报告交给谁？", "福建省局会查什么？", "跨省委托生产中，注册人所在地省级药监部门会查什么？"),
])
def test_a_bureau_named_by_the_province_of_a_side_is_that_sides_bureau(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("出现群体不良事件时，持有人多久要报告？", "经营企业除了报告，还要干啥？", "出现群体不良事件时，经营企业除了报告，还要干啥？"),
    ("产品抽检不合格了，注册人几天内要召回？", "代工厂自己除了配合，还得做点啥？", "产品抽检不合格了，代工厂自己除了配合，还得做点啥？"),
    ("同一型号在几家医院都出了故障，算群体事件了，持有人要多快报告？", "医院那边需要做什么动作吗？",
     "同一型号在几家医院都出了故障，算群体事件了，持有人要报告，医院那边需要做什么动作吗？"),
])
def test_what_else_a_party_does_is_asked_in_the_previous_situation(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("委托生产的产品出了批量质量问题，注册人要怎么办？", "已经有患者受伤了，还能继续卖吗？",
     "委托生产的产品出了批量质量问题，已经有患者受伤了，还能继续卖吗？"),
    ("按山西的方案，中选企业多久检查一次？", "合同到期了的话，档案交给谁保管？", "按山西的方案，合同到期了的话，档案交给谁保管？"),
    ("代工厂换了厂址，注册人要做什么？", "如果已经开始生产了，还能补手续吗？", "代工厂换了厂址，如果已经开始生产了，还能补手续吗？"),
    ("再评价结束后，报告多久要交？", "要是药监局责令开展的，期限一样吗？", "药监局责令开展的，再评价报告多久要交？"),
])
def test_a_narrowed_case_with_no_matter_of_its_own_is_read_in_the_previous_scene(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("turn", ["网上卖器械的话，谁可以做？", "线下门店卖器械的话，要办什么证？", "进口产品的话，标签写什么？"])
def test_a_case_that_states_no_event_opens_a_question_of_its_own(turn):
    assert resolve(turn, "召回结束后，总结多久要交？", LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("previous, turn, resolved", [
    ("产品风险评价报告一年写一份，什么时候写完？", "境内二类产品，报告递到哪里？", "境内二类产品，产品风险评价报告递到哪里？"),
    ("召回计划几天内要交？", "省局批的产品，计划报给谁？", "省局批的产品，召回计划报给谁？"),
    ("年度质量回顾报告要什么时候写完？", "三类产品的，报告给谁看？", "三类产品的，年度质量回顾报告给谁看？"),
])
def test_a_bare_document_noun_is_the_document_just_asked_about(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("召回由谁负责？", "能不能在协议里把这摊活儿推给受托方？", "能不能在协议里把召回推给受托方？"),
    ("上市放行由谁来做？", "可以在协议里把这项工作交给受托方吗？", "可以在协议里把上市放行交给受托方吗？"),
    gap("委托生产后，不良事件监测由谁负责？", "能否在合同里约定这件事由代工厂承担？", "能否在合同里约定不良事件监测由代工厂承担？"),
])
def test_this_business_is_the_matter_just_asked_about(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("turn", ["派过去的人具体干嘛？职责写在哪？", "选去的人要经过培训吗？", "安排进去的人归谁管？"])
def test_people_named_by_what_they_were_sent_for_are_asked_in_the_previous_scene(turn):
    assert resolve(turn, "植入产品委托生产，注册人要做什么？", LEXICON, terms=regulation_terms()) == f"植入产品委托生产，{turn}"


@pytest.mark.parametrize("previous, turn, resolved", [
    ("三类产品真要委托出去的话，注册人还得多做点啥？", "派过去的人管哪些事？", "三类产品真要委托出去的话，派过去的人管哪些事？"),
    ("若要找外面的厂代工，注册人这边要做哪些准备？", "派出去的人要常驻吗？", "若要找外面的厂代工，派出去的人要常驻吗？"),
    ("如要委托生产，注册人需要做些什么？", "派去的人归谁管？", "如要委托生产，注册人派去的人归谁管？"),
])
def test_people_sent_are_asked_in_the_case_the_previous_question_put(previous, turn, resolved):
    # 真要 / 若要 / 如要 put a case (if it comes to that), not a duty: the case is kept, not the question asked in it.
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, answered, resolved", [
    ("异地委托生产，日常的监督检查由哪个省局牵头？", "日常检查时能不能请对方省局派人配合？", ("注册人所在地省级药监部门",),
     "异地委托生产，日常的监督检查，日常检查时能不能请受托生产企业所在地省级药监部门派人配合？"),
    ("异地委托生产，产品抽检由哪个省局组织？", "对方的药监局要参与吗？", ("注册人所在地省级药监部门",),
     "异地委托生产，产品抽检，受托生产企业所在地省级药监部门要参与吗？"),
    ("委托生产的生产条件核查找哪个局？", "对方那边的省局会来吗？", ("受托生产企业所在地省级药监部门",),
     "委托生产的生产条件核查，注册人所在地省级药监部门会来吗？"),
])
def test_the_other_sides_bureau_is_the_one_across_from_the_bureau_answered(previous, turn, answered, resolved):
    # Not the bureau answered with 省局 left after it (…所在地省级药监部门省局).
    assert resolve(turn, previous, LEXICON, answered, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("我们在江苏，代工厂在上海，管我们的是哪个省局？", "对方呢？", "我们在江苏，代工厂在上海，管代工厂的是哪个省局？"),
    ("我司在广东，受托方在湖南，检查我司的是哪个部门？", "那对方呢？", "我司在广东，受托方在湖南，检查受托方的是哪个部门？"),
    ("咱们在四川，代工厂在重庆，给咱们发证的是哪个局？", "对方呢", "咱们在四川，代工厂在重庆，给代工厂发证的是哪个局？"),
])
def test_the_other_side_takes_the_place_of_we_in_the_clause_that_asks(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人决定终止委托生产，要办哪些手续？", "受托方需要做什么？", "注册人决定终止委托生产，受托方需要做什么？"),
    ("注册人打算注销产品，要做哪些事？", "受托生产企业要做什么？", "注册人打算注销产品，受托生产企业要做什么？"),
    gap("注册人打算换一家代工厂，要做哪些事？", "原来的受托生产企业要做什么？", "注册人打算换一家代工厂，原来的受托生产企业要做什么？"),
    ("注册人准备停止委托，要办什么手续？", "代工厂那边需要做什么吗？", "注册人准备停止委托，代工厂那边需要做什么吗？"),
    ("注册人以后不再委托了，证上要改什么？", "对方要干嘛？", "注册人以后不再委托了，受托生产企业要干嘛？"),
])
def test_another_partys_part_in_a_step_the_registrant_took_keeps_the_step_its_own(previous, turn, resolved):
    # The step (决定终止委托) is the registrant's; the turn asks the other party's part in it, not its own step.
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("代工厂发现一批货不合格，它自己该怎么办？", "召回与否它能拍板吗？", "召回与否代工厂能拍板吗？"),
    ("经营企业收到投诉，它要报告吗？", "停售它能自己定吗", "停售经营企业能自己定吗？"),
    ("受托方停产整改，它是否要通知注册人？", "复产它说了算吗？", "复产受托方说了算吗？"),
])
def test_it_stands_for_the_firm_the_previous_question_called_it(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("跨省委托生产，抽检由谁组织？", "结果不合格的话谁来处理？", "跨省委托生产，结果不合格的话谁来处理？"),
    ("异地委托生产中，监督检查哪个局负责？", "结果有问题的话，要通报谁？", "异地委托生产中，结果有问题的话，要通报谁？"),
    ("跨区域委托生产，飞行检查谁牵头？", "结果要公开吗？", "跨区域委托生产，飞行检查，结果要公开吗？"),
])
def test_the_result_of_what_was_just_asked_about_is_asked_in_its_setting(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("按重庆的方案，对生产企业瞒报事件怎么处理？", "经营企业那块呢？有啥要求", "按重庆的方案，经营企业那块有啥要求？"),
    ("按湖北的指南，注册人每年评审几次？", "受托方呢？要做什么", "按湖北的指南，受托方要做什么？"),
    ("山西的通知里，中选企业多久检查一次？", "一类的呢？归谁查", "山西的通知里，一类的归谁查？"),
    gap("谁负责上市放行？", "那生产放行呢？谁签字", "生产放行谁签字？"),
])
def test_a_thing_swapped_in_then_asked_of_replaces_the_previous_matter(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("跨省委托检查，受托方省局查完多久反馈？", "换成联合检查的话，谁牵头？", "跨省委托检查，换成联合检查的话，谁牵头？"),
    ("跨省委托检查，受托方省局查完多久反馈？", "改成一起去查的话，组长是谁？", "跨省委托检查，改成一起去查的话，组长是谁？"),
    ("代工厂在外省，注册人所在地省局怎么检查？", "换成两边联合的话，谁带队？", "代工厂在外省，换成两边联合的话，谁带队？"),
])
def test_a_changed_scene_keeps_the_previous_situation(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("出现群体不良事件时，经营企业几小时内报告？", "持有人那边除了报告还要立即采取啥措施？",
     "出现群体不良事件时，持有人那边除了报告还要立即采取啥措施？"),
    ("发现严重伤害事件，经营企业要多快报？", "生产企业这边还得马上采取什么措施？", "发现严重伤害事件，生产企业这边还得马上采取什么措施？"),
    ("产品抽检不合格了，注册人几天内要召回？", "代工厂先采取哪些措施？", "产品抽检不合格了，代工厂先采取哪些措施？"),
])
def test_the_measures_another_party_takes_are_asked_in_the_previous_situation(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("turn, resolved", [
    ("受托方这边是一样的要求吗？", "受托方发现可疑不良事件，要报告给谁？"),
    ("代工厂是一样的做法吗？", "代工厂发现可疑不良事件，要报告给谁？"),
    ("经营企业也是一样的规定吗？", "经营企业发现可疑不良事件，要报告给谁？"),
])
def test_the_same_requirement_of_another_party_asks_the_previous_question_of_it(turn, resolved):
    assert resolve(turn, "使用单位发现可疑不良事件，要报告给谁？", LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人注销产品了，代工厂要做什么？", "按湖北的指南，对受托方是怎么规定的？", "注册人注销产品了，按湖北的指南，对受托方是怎么规定的？"),
    ("注册人打算停止委托，证上要改什么？", "湖北指南里对代工厂有什么要求？", "注册人打算停止委托，湖北指南里对代工厂有什么要求？"),
    ("受托方出现偏差了，注册人该怎么办？", "重庆的方案里怎么说的", "受托方出现偏差了，重庆的方案里怎么说的？"),
    gap("谁负责上市放行？", "湖北指南里怎么说的", "湖北指南里，谁负责上市放行？"),
])
def test_what_a_regions_text_says_is_asked_in_the_case_just_put(previous, turn, resolved):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == resolved


@pytest.mark.parametrize("previous, turn", [
    ("受托方出现偏差了，注册人该怎么办？", "湖北指南对留样怎么规定的？"),
    ("注册人打算停止委托，证上要改什么？", "山西的通知里对集采中选企业有什么要求？"),
])
def test_what_a_regions_text_says_of_a_matter_of_its_own_stands_alone(previous, turn):
    assert resolve(turn, previous, LEXICON, terms=regulation_terms()) == turn


@pytest.mark.parametrize("turn, says_so", [
    ("另外问一下，经营备案找哪个部门？", True),
    ("换个问题：召回分几级？", True),
    ("问个别的：进口产品的代理人要做什么？", True),
    ("顺便问下，许可证有效期几年？", True),
    ("再问个别的：说明书能只印英文吗？", True),
    ("另外还要做什么？", False),
    ("那另外的呢？", False),
    ("问题是代工厂能不能再委托？", False),
])
def test_a_turn_that_says_it_asks_something_else_is_known(turn, says_so):
    assert new_topic(turn) is says_so


@pytest.mark.slow
@pytest.mark.parametrize("turn", ["另外问一下，他们要几天内报？", "换个问题：那谁来报？", "顺便问下，要报告吗？"])
def test_a_turn_that_says_it_asks_something_else_is_not_read_with_the_one_before(full_kb, turn):
    # The turn is as short as a follow-up, but its opening says it starts a matter of its own.
    answerer = Answerer(full_kb)
    first = "代工厂改造车间导致生产条件变化，要报告吗？"
    second = answerer.ask(turn, history=[(first, answerer.ask(first))])
    assert second.resolved_question is None


@pytest.mark.parametrize("previous, turn, resolved", [
    ("甲方和乙方分在两个省，甲方日常归哪个省的药监局查？", "那乙方的呢？", "甲方和乙方分在两个省，乙方日常归哪个省的药监局查？"),
    ("甲方要保存批记录吗？", "乙方呢？", "乙方要保存批记录吗？"),
    ("委托方在上海，受托方在江苏，受托方归哪个局管？", "那委托方呢？", "委托方在上海，受托方在江苏，委托方归哪个局管？"),
])
def test_one_side_of_an_agreement_takes_the_place_of_the_other_in_the_asking_clause(previous, turn, resolved):
    # 甲方 / 乙方 are no parties of the lexicon, but each faces the other: the last one named is the one asked about.
    assert resolve(turn, previous, LEXICON) == resolved


@pytest.mark.parametrize("previous, turn, resolved", [
    ("注册人要建立产品追溯制度吗？", "那不良事件监测体系呢？", "注册人要建立不良事件监测体系吗？"),
    ("代工厂要保存批记录吗？", "那留样呢？", "代工厂要保存留样吗？"),
    ("质量部要制定纠正预防措施程序吗？", "那偏差处理规程呢？", "质量部要制定偏差处理规程吗？"),
])
def test_a_thing_like_nothing_in_the_question_takes_the_place_of_the_thing_done(previous, turn, resolved):
    # 建立 / 保存 / 制定 and the thing they are done to close the clause that asks: the new thing is done instead.
    assert resolve(turn, previous, LEXICON) == resolved
