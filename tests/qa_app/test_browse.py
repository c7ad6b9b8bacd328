"""The regulation browser: document trees, search within a document and cross-references
(qa_app/browse.py), and the 法规浏览 page with its deep links, driven by AppTest."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.errors import UnknownIdError
from ingest.index import Ingestor
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from qa_app.browse import document_tree, link_references, resolve_reference, search_document
from tests.conftest import indexed

from tests.qa_app.conftest import APP  # noqa: E402

REGULATION = """\
---
id: demo-regulation
title: 示例监督管理条例
cite_as: 《示例监督管理条例》
aliases: [示例条例]
level: national
status: in_force
---
# 示例监督管理条例

第一条 为了加强示例管理，制定本条例。

第二条 注册人应当负责产品上市放行。

第三条 违反本条例第二条规定的，责令改正。
"""

RULE = """\
---
id: demo-rule
title: 示例办法
cite_as: 《示例办法》
doc_number: 示例局令第1号
issuer: 示例监督管理局
level: national
effective: 2024-01-01
status: in_force
---
# 示例办法

### 第一章 总则

第一条 为了实施《示例监督管理条例》（以下简称《条例》），制定本办法。

### 第二章 委托生产

#### 第一节 放行

第二条 受托生产企业应当负责生产放行。

第三条 注册人应当负责产品上市放行，不得委托其他企业上市放行。
依照《条例》第二条，标记 **星号** 和 <b>粗体</b> 按原文显示。

#### 第二节 处罚

第四条 违反本办法第二条、第三条和第五条第二款规定的，依照示例条例第二条、第三条处理；违反《中华人民共和国行政许可法》第十条的，依法处理。

第五条 受托生产企业不得再次委托。
本条不适用于第一条所述情形。
"""

NOTICE = """\
---
id: demo-notice
title: 示例通知
cite_as: 示例通知
level: provincial
status: superseded
superseded_by: demo-rule
---
# 示例通知

一、总体要求

各单位应当依照《示例办法》第三条做好放行管理。

（一）注册人所在地省局负责日常监督检查。

（二）受托生产企业所在地省局配合开展联合检查。

二、其他

（三）本通知自发布之日起施行。
"""

DOCS = {"demo-regulation": REGULATION, "demo-rule": RULE, "demo-notice": NOTICE}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browse-corpus")
    for doc_id, text in DOCS.items():
        (folder / f"{doc_id}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def kb(corpus, tmp_path_factory):
    return indexed(corpus, tmp_path_factory.mktemp("browse-kb"))


# -- cross-references --------------------------------------------------------------------


@pytest.mark.parametrize("doc_id, text, target", [
    ("demo-rule", "本办法第三条", "demo-rule:art3"),
    ("demo-rule", "违反本办法第五条第二款规定的", "demo-rule:art5"),
    ("demo-rule", "依照示例条例第三条处理", "demo-regulation:art3"),
    ("demo-rule", "依照示例监督管理条例第二条", "demo-regulation:art2"),
    ("demo-notice", "《示例监督管理条例》第一条", "demo-regulation:art1"),
    ("demo-rule", "依照《条例》第二条", "demo-regulation:art2"),  # the rule's own abbreviation
    ("demo-regulation", "本条例第二条", "demo-regulation:art2"),
    ("demo-notice", "依照《示例办法》第三条", "demo-rule:art3"),
    ("demo-rule", "违反第二条", "demo-rule:art2"),  # a bare article number: the same rule
    ("demo-rule", "《中华人民共和国行政许可法》第十条", None),  # not in the corpus
    ("demo-rule", "本办法第九十九条", None),  # no such article
    ("demo-notice", "依照《条例》第二条", None),  # the notice defines no 《条例》
    ("demo-rule", "第二章 委托生产", None),
])
def test_resolve_reference(kb, doc_id, text, target):
    assert resolve_reference(kb, doc_id, text) == target


def test_link_references_in_a_clause(kb):
    clause = kb.clause("demo-rule:art4")
    links = link_references(kb, clause)
    assert [(clause.text[s:e], t) for (s, e), t in links] == [
        ("本办法第二条", "demo-rule:art2"),
        ("第三条", "demo-rule:art3"),  # 第二条、第三条和第五条: one list, one document
        ("第五条第二款", "demo-rule:art5"),
        ("示例条例第二条", "demo-regulation:art2"),
        ("第三条", "demo-regulation:art3"),  # the list goes on in the regulation
    ]


def test_an_article_heading_is_not_a_reference(kb):
    assert link_references(kb, kb.clause("demo-rule:art2")) == []
    # 第一条 inside the text of 第五条 is a reference to the rule's own article.
    links = link_references(kb, kb.clause("demo-rule:art5"))
    assert [t for _, t in links] == ["demo-rule:art1"]


# -- document trees and search --------------------------------------------------------------


def test_rule_tree_has_chapters_sections_articles(kb):
    tree = document_tree(kb, "demo-rule")
    assert tree.title == "示例办法"
    assert [n.title for n in tree.children] == ["第一章 总则", "第二章 委托生产"]
    chapter = tree.children[1]
    assert [n.title for n in chapter.children] == ["第一节 放行", "第二节 处罚"]
    assert [n.clause_ids for n in chapter.children[0].children] == [["demo-rule:art2"], ["demo-rule:art3"]]
    assert all(not n.heading for n in chapter.children[0].children)
    assert tree.all_clause_ids() == [c.id for c in sorted(kb.document_clauses("demo-rule"), key=lambda c: c.span)]
    assert chapter.contains("demo-rule:art5") and not tree.children[0].contains("demo-rule:art5")


def test_notice_tree_keeps_a_headings_own_text(kb):
    tree = document_tree(kb, "demo-notice")
    first = tree.children[0]
    assert first.heading and first.title == "一、总体要求"
    assert first.clause_ids == ["demo-notice:s1"]  # the paragraph under 一、 belongs to it
    assert [n.clause_ids for n in first.children] == [["demo-notice:s1/i1"], ["demo-notice:s1/i2"]]


def test_search_within_a_document(kb):
    # The heading 第一节 放行 is a clause of its own too.
    assert search_document(kb, "demo-rule", "放行") == ["demo-rule:ch2/se1", "demo-rule:art2", "demo-rule:art3"]
    assert search_document(kb, "demo-rule", "上市放行  委托") == ["demo-rule:art3"]
    assert search_document(kb, "demo-rule", "星号 不存在的词") == []
    assert search_document(kb, "demo-rule", "   ") == []
    with pytest.raises(UnknownIdError):
        search_document(kb, "no-such-doc", "放行")
    with pytest.raises(UnknownIdError):
        document_tree(kb, "no-such-doc")


# -- the shipped corpus --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("clause_id, words, target", [
    ("nmpa-2024-38-entrusted-production-notice:s3/i19", "《医疗器械监督管理条例》第八十六条",
     "state-council-order-739-md-regulation:art86"),
    ("samr-order-53-production-supervision:art74", "医疗器械监督管理条例第八十一条",
     "state-council-order-739-md-regulation:art81"),
    ("samr-order-53-production-supervision:art15", "本办法第十三条", "samr-order-53-production-supervision:art13"),
    ("state-council-order-739-md-regulation:art31", "本条例第十五条", "state-council-order-739-md-regulation:art15"),
    ("nmpa-order-29-recall:art30", "第二十三条", "nmpa-order-29-recall:art23"),
    ("nmpa-order-29-recall:art30", "第二十七条第二款", "nmpa-order-29-recall:art27"),
])
def test_real_cross_references(full_kb, clause_id, words, target):
    clause = full_kb.clause(clause_id)
    linked = {clause.text[s:e]: t for (s, e), t in link_references(full_kb, clause)}
    assert linked.get(words) == target, linked


@pytest.mark.slow
def test_every_clause_sits_once_in_its_documents_tree(full_kb):
    for doc_id in full_kb.documents:
        in_order = [c.id for c in sorted(full_kb.document_clauses(doc_id), key=lambda c: c.span)]
        assert document_tree(full_kb, doc_id).all_clause_ids() == in_order, doc_id


@pytest.mark.slow
def test_hubei_guide_tree_nests_by_numbering(full_kb):
    tree = document_tree(full_kb, "hubei-entrusted-production-qms-guide")
    requirements = next(n for n in tree.children if n.title == "三、要求")
    duties = next(n for n in requirements.children if n.title == "1 义务与责任")
    registrant = next(n for n in duties.children if n.title == "1.1医疗器械注册人")
    assert ["hubei-entrusted-production-qms-guide:s3/d1.1.5"] in [n.clause_ids for n in registrant.children]


# -- the page -----------------------------------------------------------------------------




@pytest.fixture(scope="module")
def built_home(corpus, tmp_path_factory):
    home = tmp_path_factory.mktemp("browse-home")
    Ingestor(Settings(home=home, corpus=corpus, embed_model=""), make_embedder(), Tokenizer()).run()
    return home


@pytest.fixture
def app(corpus, built_home, tmp_path, monkeypatch):
    shutil.copytree(built_home, tmp_path / "home")
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)

    def open_page(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["page"] = "browse"
        for key, value in params.items():
            at.query_params[key] = value
        return ok(at.run())

    return open_page


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at):
    return [m.value for m in at.markdown]


def test_document_list_with_metadata(app):
    at = app()
    table = at.dataframe[0].value
    assert list(table.columns[:7]) == ["标题", "文号", "发布机关", "层级", "施行日期", "状态", "条款数"]
    rows = {r["文档编号"]: r for r in table.to_dict("records")}
    assert rows["demo-rule"]["文号"] == "示例局令第1号" and rows["demo-rule"]["施行日期"] == "2024-01-01"
    assert rows["demo-notice"]["状态"] == "已废止/被替代" and rows["demo-rule"]["状态"] == "现行有效"
    assert rows["demo-rule"]["链接"] == "?page=browse&doc=demo-rule"
    assert at.selectbox(key="browse_doc").value is None and at.info


def test_doc_link_opens_the_document_as_a_tree(app):
    at = app(doc="demo-rule")
    assert at.selectbox(key="browse_doc").value == "demo-rule"
    assert markdown(at)[0].startswith("### 示例办法")
    labels = [e.label for e in at.expander]
    assert labels[1:] == ["第一章 总则", "第二章 委托生产", "第一节 放行", "第二节 处罚"]
    assert not any(e.proto.expanded for e in at.expander[1:])
    assert "第二条 受托生产企业应当负责生产放行。" in [t.value for t in at.text]


def test_clause_link_opens_and_marks_the_clause(app):
    at = app(clause="demo-rule:art5")
    assert at.selectbox(key="browse_doc").value == "demo-rule"
    expanded = {e.label: e.proto.expanded for e in at.expander}
    assert expanded["第二章 委托生产"] and expanded["第二节 处罚"]
    assert not expanded["第一章 总则"] and not expanded["第一节 放行"]
    assert "**链接的条款**" in markdown(at) and ":orange-badge[链接的条款]" in markdown(at)
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "《示例办法》第五条 · demo-rule:art5" in captions


def test_cross_references_are_links_and_text_stays_text(app):
    at = app(doc="demo-rule")
    art4 = next(m for m in markdown(at) if m.startswith("第四条"))
    assert "[本办法第二条](?page=browse&clause=demo-rule:art2)" in art4
    assert "[示例条例第二条](?page=browse&clause=demo-regulation:art2)、[第三条](?page=browse&clause=demo-regulation:art3)" in art4
    assert "行政许可法》第十条" in art4 and "行政许可法》第十条](" not in art4
    art3 = next(m for m in markdown(at) if m.startswith("第三条"))
    assert "[依照《条例》第二条]" not in art3 and "[《条例》第二条](?page=browse&clause=demo-regulation:art2)" in art3
    assert r"\*\*星号\*\*" in art3 and r"\<b\>粗体\</b\>" in art3  # escaped, shown as typed
    assert all(not m.proto.allow_html for m in at.markdown)


def test_search_within_the_document(app):
    at = app(doc="demo-rule")
    at = ok(at.text_input(key="browse_query").input("上市放行").run())
    assert any(c.value == "找到 1 条" for c in at.caption)
    card = next(m for m in markdown(at) if "在文中定位" in m)
    assert "?page=browse&clause=demo-rule:art3" in card
    assert {e.label: e.proto.expanded for e in at.expander}["第一节 放行"]
    at = ok(at.text_input(key="browse_query").input("没有这个词").run())
    assert any("没有同时包含" in c.value for c in at.caption)


def test_choosing_another_document_updates_the_link(app):
    at = app(clause="demo-rule:art5")
    at = ok(at.selectbox(key="browse_doc").select("demo-notice").run())
    assert at.query_params["doc"] == ["demo-notice"] or at.query_params["doc"] == "demo-notice"
    assert "clause" not in at.query_params
    assert any("已被《示例办法》替代" in w.value for w in at.warning)
    assert ":orange-badge[链接的条款]" not in markdown(at)


def test_unknown_ids_are_reported(app):
    at = app(clause="demo-rule:art99")
    assert "demo\\-rule\\:art99" in at.warning[0].value and at.selectbox(key="browse_doc").value is None
    at = app(doc="no-such-doc")
    assert "no\\-such\\-doc" in at.warning[0].value
