"""Topic mixes (issue 15): with n chosen topics and N items each topic gets about N/n, items
of one topic alone before those it shares with another chosen topic, and a topic with too few
source clauses for its share is named. On a small corpus written here, one chapter a topic."""

from __future__ import annotations

import pytest

from qa_app.quiz import FactBase, QuizGenerator, Selection
from tests.conftest import indexed, write_doc

TOPIC_RULE = """
# 示例注册人质量管理规定

### 第一章 放行

第一条 注册人应当负责产品上市放行，不得委托其他企业上市放行。

第二条 注册人应当建立上市放行规程，明确放行标准和放行条件。

第三条 注册人应当指定上市放行人员，并对放行人员进行书面授权。

第四条 受托生产企业应当负责生产放行，并保存全部生产放行文件。

第五条 注册人应当在上市放行前审核受托生产企业的生产放行文件。

第六条 注册人应当在每批产品上市放行后10个工作日内将放行文件归档。

### 第二章 召回

第七条 注册人应当建立医疗器械召回制度，收集医疗器械安全相关信息。

第八条 注册人应当在作出召回决定之日起1日内通知有关经营企业和使用单位。

第九条 经营企业应当协助注册人履行召回义务，按照召回计划及时传达召回信息。

第十条 国家药品监督管理局负责全国医疗器械召回的监督管理工作。

第十一条 使用单位发现使用的医疗器械存在缺陷的，应当立即暂停使用并协助注册人召回。

第十二条 注册人应当对召回医疗器械的处理作详细记录并每季度至少一次汇总召回情况。

### 第三章 不良事件监测

第十三条 注册人应当建立医疗器械不良事件监测体系，配备专职监测人员。

第十四条 使用单位应当在发现可疑不良事件之日起30日内向监测技术机构上报。

第十五条 国家药品监督管理局负责全国医疗器械不良事件监测的监督管理工作。

第十六条 经营企业应当配合注册人开展医疗器械不良事件调查。

第十七条 注册人应当主动收集并按时上报其产品的不良事件信息。

第十八条 注册人所在地省级药品监督管理部门负责本行政区域内不良事件监测的监督管理工作。

### 第四章 变更

第十九条 注册人应当对生产工艺的变更进行充分的评估和验证。

### 第五章 委托生产

第二十条 受托生产企业不得将受托生产的医疗器械再次委托其他企业生产。

第二十一条 注册人应当对受托生产企业的检验人员开展专项技术指导。

第二十二条 受托生产企业应当配备与受托生产产品相适应的生产场地和检验设备。

第二十三条 注册人应当向受托生产企业提供与受托生产产品相关的技术文件。

第二十四条 受托生产企业应当对受托生产产品的生产过程进行全程控制。

第二十五条 注册人应当每年至少一次对受托生产企业开展现场审核。

### 第六章 放行评审

第二十六条 注册人应当定期评审上市放行规程的执行情况，并持续改进放行流程。

第二十七条 注册人应当对未通过上市放行的产品进行标识和隔离。

第二十八条 注册人应当保证上市放行人员独立履行放行职责，不受其他部门干扰。
"""


@pytest.fixture(scope="module")
def generator(tmp_path_factory) -> QuizGenerator:
    root = tmp_path_factory.mktemp("quiz-topics")
    (root / "corpus").mkdir()
    write_doc(root / "corpus", "demo-topic-rule", TOPIC_RULE, title="示例注册人质量管理规定",
              cite_as="《示例注册人质量管理规定》")
    return QuizGenerator(FactBase.from_kb(indexed(root / "corpus", root / "home")))


def on(items, topic: str) -> int:
    return sum(topic in i.tag_values("topic") for i in items)


@pytest.mark.parametrize("topics, n", [(("放行", "召回"), 8), (("召回", "不良事件监测"), 8),
                                      (("不良事件监测", "放行"), 8), (("放行", "召回", "不良事件监测"), 9)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_chosen_topic_gets_its_share(generator, topics, n, seed):
    # Each sentence gives one item at most in a set: a topic here has five or six to give.
    drawn = generator.draw(Selection(n=n, topics=topics, seed=seed))
    assert len(drawn.items) == n and drawn.short == {} and drawn.notices() == []
    share = n // len(topics)
    assert all(on(drawn.items, t) >= share for t in topics), [on(drawn.items, t) for t in topics]
    assert all(any(t in i.tag_values("topic") for t in topics) for i in drawn.items)


@pytest.mark.parametrize("topics", [("放行", "委托生产"), ("委托生产", "放行")])
def test_items_of_both_topics_do_not_crowd_out_the_mix(generator, topics):
    # Two 放行 sentences name the contract manufacturer (委托生产 too), and so does every case and
    # multiple-choice item of either topic here: each type's turn takes items of its topic alone
    # while there are any, so a single, true/false or fill item rarely counts for both (drawn
    # from all items of each topic, 11 and 13 did in these ten sets).
    shared = 0
    for seed in range(1, 11):
        items = generator.generate(Selection(n=8, topics=topics, seed=seed))
        assert on(items, "放行") >= 4 and on(items, "委托生产") >= 4, seed
        shared += sum(1 for i in items if i.type in ("single", "truefalse", "fill")
                      and {"放行", "委托生产"} <= set(i.tag_values("topic")))
    assert shared <= 2


def test_a_topic_with_too_few_clauses_is_named_and_the_others_fill_the_set(generator):
    drawn = generator.draw(Selection(n=6, topics=("变更管理", "召回"), seed=1))
    got = on(drawn.items, "变更管理")
    assert len(drawn.items) == 6 and on(drawn.items, "召回") == 6 - got
    assert drawn.short == {"变更管理": (got, 3)} and got == 1  # one sentence, one item
    [notice] = drawn.notices()
    assert notice.startswith("主题“变更管理”按所选条件可出的题不够：只有 1 题（按主题平均应约 3 题）")
    assert "其余由其他所选主题补足" in notice and "召回" not in notice


def test_a_set_smaller_than_asked_says_so(generator):
    drawn = generator.draw(Selection(n=30, topics=("变更管理",), seed=1))
    assert drawn.notices() == [f"符合条件的题目只有 {len(drawn.items)} 道（要求 30 道）。"]
