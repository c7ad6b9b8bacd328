"""Hybrid search over the full shipped corpus with the bundled encoder."""

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from ingest.index import searchable

QUESTIONS = Path(__file__).parents[2] / "evals" / "questions.yaml"
pytestmark = pytest.mark.slow


def refs(hits):
    return [h.clause.ref for h in hits]


def test_market_release_question_finds_the_governing_clauses(full_kb):
    found = refs(full_kb.search("谁负责产品上市放行", 5))
    assert "2024年第38号公告 第（八）条" in found


def test_colloquial_question_uses_synonyms(full_kb):
    found = [h.clause.id for h in full_kb.search("代工厂能不能转包给别的厂", 5)]
    texts = " ".join(full_kb.clause(c).text for c in found)
    assert "再次委托" in texts or "转委托" in texts


def test_in_force_filter_excludes_superseded_gmp(full_kb):
    hits = full_kb.search("产品放行程序 放行条件 放行批准", 20, in_force_only=True)
    assert hits and all(h.clause.doc_id != "gmp-2014-64" for h in hits)
    assert any(h.clause.doc_id == "gmp-2014-64" for h in full_kb.search("产品放行程序 放行条件 放行批准", 20))


def test_doc_and_level_filters(full_kb):
    hits = full_kb.search("日常监督检查", 5, doc_ids=["nmpa-2022-cross-region-opinion"])
    assert hits and {h.clause.doc_id for h in hits} == {"nmpa-2022-cross-region-opinion"}
    hits = full_kb.search("监督检查", 5, levels=["district"])
    assert hits and all(full_kb.documents[h.clause.doc_id]["level"] == "district" for h in hits)


def test_results_are_normative_verbatim_and_distinct(full_kb):
    sources = {}
    for query in ("联系人 电话", "抄送", "质量协议 有效期", "不良事件 报告 时限"):
        hits = full_kb.search(query, 10)
        assert len({h.clause.id for h in hits}) == len(hits)
        for hit in hits:
            assert hit.clause.normative and hit.clause.kind != "non_normative"
            path = full_kb.manifest["documents"][hit.clause.doc_id]["path"]
            source = sources.setdefault(path, open(path, encoding="utf-8").read())
            assert source[hit.clause.span[0]:hit.clause.span[1]] == hit.clause.text


def test_empty_query_returns_nothing(full_kb):
    assert full_kb.search("   ", 5) == []


def test_dense_search_finds_the_true_nearest_clauses(full_kb):
    """The vector store's approximate search must agree with exact cosine ranking on the full
    corpus, or the same question gets other answers after a rebuild."""
    vectors = np.load(full_kb.generation / "vectors.npy")
    ids = [c.id for c in full_kb.clauses.values() if searchable(c)]
    questions = [q["question"] for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))[:60]]
    differ = []
    for question in questions:
        query = full_kb.embedder.embed([full_kb.tokenizer.expand_text(question)])[0]
        scores = dict(zip(ids, (vectors @ query).tolist()))
        exact = sorted(scores.values(), reverse=True)[:30]
        found = full_kb.retriever.dense(question, n=30)
        if not np.allclose([scores[c] for c in found], exact, atol=1e-5):
            differ.append(question)
        # Equal scores (the same text in two clauses) come in id order.
        assert all(scores[a] != scores[b] or a < b for a, b in zip(found, found[1:]))
    assert not differ, f"{len(differ)} of {len(questions)} questions ranked differently, e.g. {differ[:3]}"


def test_cli_search_looks_up_an_exact_reference_first(full_home, capsys):
    from qa_app.cli import main

    assert main(["search", "条例第三十五条", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits[0]["clause_id"] == "state-council-order-739-md-regulation:art35"
    assert hits[0]["doc_title"] == "医疗器械监督管理条例"


def test_cli_search_within_one_document_finds_all_its_clauses_with_the_words(full_home, capsys):
    from qa_app.cli import main

    assert main(["search", "受托生产企业", "--doc", "chongqing-banan-2021-work-plan", "--k", "20", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert len(hits) >= 9 and {h["doc_id"] for h in hits} == {"chongqing-banan-2021-work-plan"}


def test_search_page_looks_up_an_exact_reference_first(full_home):
    from streamlit.testing.v1 import AppTest

    from tests.qa_app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "search"
    at.run()
    at.text_input(key="query").input("条例第三十五条").run()
    assert not at.exception, [e.value for e in at.exception]
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert "医疗器械监督管理条例" in headings[0] and "第三十五条" in headings[0], headings[:3]


def gap(*values):
    """A row whose wording the rule does not reach yet."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason="rule does not generalise to this wording"))


FLIGHT = "nmpa-order-14-flight-inspection"
NO_NOTICE = {f"{FLIGHT}:art2", f"{FLIGHT}:art12"}  # 不预先告知 / 不得事先告知
PUT_OFF = {f"{FLIGHT}:art28"}  # 拖延…视为拒绝、逃避检查
ENDED = {"hubei-entrusted-production-qms-guide:s3/d4.2.6"}  # 双方解除委托生产行为后…
# 生产条件发生变化，不再符合…要求的，应当立即采取整改措施
FALLS_SHORT = {"samr-order-53-production-supervision:art44", "hubei-entrusted-production-qms-guide:s3/d7.2.2",
               "hubei-entrusted-production-qms-guide:s3/d1.1.9"}
NEW_KIND = {"samr-order-53-production-supervision:art42", "samr-order-53-production-supervision:art68"}  # 增加生产产品品种…报告
MARKET_RELEASE = {"gmp-2025:art113", "nmpa-2024-38-entrusted-production-notice:s1/i8"}  # 上市放行由注册人自行完成
# 委托其他单位运输、贮存医疗器械的，应当…评估…签订委托协议 / 专门提供运输、贮存服务的…
LOGISTICS = {"samr-order-54-distribution-supervision:art34", "samr-order-54-distribution-supervision:art35"}
RESTART = {"samr-order-53-production-supervision:art43"}  # 连续停产一年以上…重新生产时，应当…验证和确认
# 受托生产企业应当依照…委托协议组织生产，对生产行为负责
OWN_PRODUCTION = {"state-council-order-739-md-regulation:art34", "samr-order-53-production-supervision:art32"}
# 委托方设计变更、采购变更等应当及时通知受托方, and the guides that say it of the registrant
TOLD_OF_CHANGES = {"gmp-2025:art112", "nmpa-2022-50-registration-qms-verification-guide:s4/d4.9.14",
                   "hubei-entrusted-production-qms-guide:s3/d5.1.4", "hubei-entrusted-production-qms-guide:s3/d6.1.4"}
LABELLED = {"nmpa-order-6-ifu-labeling:art10", "nmpa-order-6-ifu-labeling:art13"}  # 委托生产的还应当标注受托企业的…


@pytest.mark.parametrize("question, clauses", [
    # 打个招呼 / 打个电话: the everyday word with 个 inside it is still read as advance notice.
    ("检查组来之前会提前打个招呼吗", NO_NOTICE),
    ("飞检的人来厂里前会先打电话说一声吗", NO_NOTICE),
    ("药监局搞飞行检查，来厂里之前会打个电话过来吗", NO_NOTICE),
    # 提前 / 提早 alone read as 事先 / 预先: "ahead of time" without any notice word still finds the ban on it.
    ("飞行检查前检查组会提前说一下吗", NO_NOTICE),
    ("药监来查之前会不会提早通知我们", NO_NOTICE),
    ("检查组是不是提前一周发消息", NO_NOTICE),
    # 出差 / 改天 / 推迟 / 往后推: putting the inspectors off is the delaying the rules forbid.
    ("飞检时负责人出差了，能请检查组改天来吗", PUT_OFF),
    ("检查人员到了，我们想推迟到下周再让他们进厂，可以吗", PUT_OFF),
    ("检查人员已经到厂门口了，我们能不能请他们推迟半天再进车间", PUT_OFF),
    # 老板 reads as 企业负责人 and 法定代表人, each searched as one word: their pieces (负责人, 代表)
    # no longer outweigh the putting off.
    ("老板出差不在，让飞检的人往后推几天行不行", PUT_OFF),
    # 解约 / 不合作: ending the entrustment is 解除委托生产.
    ("跟代工厂解约后，留在工厂的文件记录怎么交接？", ENDED),
    ("湖北的指南说，和受托企业不合作了以后文件记录退给谁？", ENDED),
    ("委托生产解了约，厂里那些生产文件和记录按湖北指南怎么办？", ENDED),
    # 不达标 / 达不到要求 / 不合规: falling short is the texts' 不再符合 (…要求).
    ("受托企业的生产环境不达标了，该怎么处理？", FALLS_SHORT),
    ("工厂的生产条件达不到要求了，要停产吗？", FALLS_SHORT),
    gap("厂房的条件变得不合规了，注册人那边要做什么？", FALLS_SHORT),
    gap("车间温湿度一直不达标，我们该采取什么措施？", FALLS_SHORT),
    # 说一声 / 知会 / 打个报告 to a bureau: telling it is the texts' 报告.
    ("厂里增加生产一个新品种，要跟原发证的药监部门说一声吗？", NEW_KIND),
    ("多生产了一个二类品种，需要知会药监部门吗？", NEW_KIND),
    ("新增了生产的产品品种，要不要跟发许可证的局里打个报告？", NEW_KIND),
    # 放出去 (卖): letting product go out to the market is 放行.
    ("代工厂做完的货可以直接放出去卖吗", MARKET_RELEASE),
    ("受托方能不能自己把产品放出去", MARKET_RELEASE),
    ("产品由谁签字才能放出去销售？", MARKET_RELEASE),
    # 物流外包 / 仓储外包 / 第三方物流: handing transport or storage to another firm is 委托…运输、贮存, not
    # 委托生产 (nothing is made).
    ("我们打算把物流外包出去，注册人这边要先做什么？", LOGISTICS),
    ("产品仓储外包给一家物流商，要签什么协议？", LOGISTICS),
    ("找第三方物流帮我们运货和存货，需要评估对方吗？", LOGISTICS),
    # 停了一年 / 停线 and 重新开线 / 重新开工: a long stop and a restart are 连续停产一年以上…重新生产.
    ("生产线停了一年，重新开线前要做什么？", RESTART),
    ("厂里停线一年半了，现在想重新开工，需要报告药监吗？", RESTART),
    ("这个产品停了一年多没做，重新开工要验证吗？", RESTART),
    # 按图生产 / 来图加工: a plant making to the brand's drawings still answers for its own production.
    ("我们是按图生产的加工厂，出了质量问题算谁的？", OWN_PRODUCTION),
    ("来图加工的受托企业要对什么负责？", OWN_PRODUCTION),
    ("代工厂只是拿客户图纸生产，它自己负什么责任？", OWN_PRODUCTION),
    # 改设计 / 换物料 / 换供应商: the brand's design and purchasing changes it must pass on to the plant.
    ("委托方要改设计，需要告诉受托方吗？", TOLD_OF_CHANGES),
    gap("品牌方换供应商了，代工厂那边要知道吗？", TOLD_OF_CHANGES),
    ("注册人换了物料，怎么通知工厂？", TOLD_OF_CHANGES),
    # 印在 / 要印 / 印不下: printing on a label or leaflet is the labelling rules' 标注.
    ("委托生产的医疗器械，受托企业的名字要印在标签上吗？", LABELLED),
    ("代工的产品说明书上要印工厂的许可证编号吗？", LABELLED),
    ("贴牌产品的标签要印哪些生产企业信息？", LABELLED),
    ("标签印不下那么多内容怎么办？", LABELLED),
])
def test_an_everyday_wording_finds_the_clause_that_governs_it(full_kb, question, clauses):
    assert clauses & {h.clause.id for h in full_kb.search(question, 5)}
