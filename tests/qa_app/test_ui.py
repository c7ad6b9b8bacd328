"""Tests for the Streamlit page (qa_app/ui/app.py), driven headlessly with AppTest.

The corpus is two small documents written here and indexed once per module; each test
gets its own copy of that index as REGKB_HOME, so the real corpus and its index are never
needed. The embedder is the bundled USE model (numpy
only, offline, about a second to load).
"""

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.index import Ingestor
from ingest.settings import Settings
from ingest.tokenize import Tokenizer

from qa_app.ui import locale, theme
from tests.qa_app.conftest import APP  # noqa: E402

CURRENT_RULE = """\
---
id: demo-rule
title: 示例办法
cite_as: 《示例办法》
doc_number: 示例局令第1号
issuer: 示例监督管理局
level: national
region: 全国
effective: 2024-01-01
status: in_force
---
# 示例办法

### 第一章 总则

第一条 为了规范示例医疗器械的注册和生产活动，制定本办法。

第二条 注册人应当负责产品上市放行，不得委托其他企业上市放行。

第三条 受托生产企业应当负责生产放行。

第四条 标记<b>粗体</b>和 **星号** 以及 [链接](http://example.com) 应当按原文显示。
"""

OLD_RULE = """\
---
id: old-rule
title: 旧示例办法
cite_as: 《旧示例办法》
doc_number: 示例局令第0号
issuer: 示例监督管理局
level: provincial
region: 示例省
effective: 2010-01-01
status: superseded
superseded_by: demo-rule
---
# 旧示例办法

第一条 生产企业负责产品出厂放行，旧规定适用于上市放行以前的产品。

第二条 本办法自发布之日起施行。
"""

OLD_CLAUSE = "生产企业负责产品出厂放行"




@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "demo-rule.md").write_text(CURRENT_RULE, encoding="utf-8")
    (folder / "old-rule.md").write_text(OLD_RULE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built_home(corpus, tmp_path_factory) -> Path:
    """An index of the demo corpus, built once; tests get a copy of it."""
    home = tmp_path_factory.mktemp("home")
    Ingestor(Settings(home=home, corpus=corpus, embed_model=""), make_embedder(), Tokenizer()).run()
    return home


@pytest.fixture
def settings(corpus, tmp_path, monkeypatch) -> Settings:
    """Settings for an empty REGKB_HOME, as the app will read them from the environment."""
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    return Settings()


@pytest.fixture
def indexed(settings, built_home) -> Settings:
    shutil.copytree(built_home, settings.home)
    return settings


def start(page: str = "search") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="query").input(query).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_page_shows_title_and_corpus_table(indexed):
    at = start()
    assert at.title[0].value == "regkb — 医疗器械注册人制度法规库"
    assert not at.error
    table = at.dataframe[0].value
    assert list(table.columns[:7]) == ["标题", "文号", "发布机关", "层级", "地区", "施行日期", "状态"]
    assert list(table.columns[7:]) == ["条款数", "文档编号"]  # no English header
    rows = {row["标题"]: row for row in table.to_dict("records")}
    assert set(rows) == {"示例办法", "旧示例办法"}
    assert rows["示例办法"]["文号"] == "示例局令第1号"
    assert rows["示例办法"]["施行日期"] == "2024-01-01"
    assert rows["示例办法"]["状态"] == "现行有效"
    assert rows["示例办法"]["条款数"] == 4
    assert rows["旧示例办法"]["状态"] == "已废止/被替代"


def test_empty_query_shows_nothing(indexed):
    at = start()
    assert at.text_input(key="query").value == ""
    assert not at.text and not at.error and not at.info


def test_search_shows_clause_card(indexed):
    at = search(start(), "谁负责上市放行")
    assert not at.error
    assert "**《示例办法》第二条**" in [m.value for m in at.markdown]
    assert "第二条 注册人应当负责产品上市放行，不得委托其他企业上市放行。" in texts(at)
    captions = [c.value for c in at.caption]
    assert any("示例办法" in c and "第一章 总则" in c for c in captions)
    assert any(c.replace("\\", "") == "demo-rule:art2" for c in captions)


def test_in_force_filter_hides_superseded_documents(indexed):
    at = search(start(), "谁负责上市放行")
    assert at.sidebar.checkbox[0].label == "仅现行有效" and at.sidebar.checkbox[0].value is True
    assert not any(OLD_CLAUSE in t for t in texts(at))

    at.sidebar.checkbox[0].uncheck().run()
    assert any(OLD_CLAUSE in t for t in texts(at))
    old_heading = next(m for m in markdown(at) if "旧示例办法" in m and "第一条" in m)
    assert "已被替代" in old_heading


def test_filters_that_exclude_everything_say_so(indexed):
    at = start()
    at.sidebar.multiselect[0].select("old-rule").run()  # superseded, while 仅现行有效 is on
    at = search(at, "谁负责上市放行")
    assert not at.text
    assert at.info[0].value == "未找到相关条款"


def test_level_filter(indexed):
    at = start()
    at.sidebar.checkbox[0].uncheck()
    at.sidebar.multiselect[1].select("provincial").run()
    at = search(at, "放行")
    assert texts(at) and all(t.startswith(("第一条 生产企业", "第二条 本办法")) for t in texts(at))


def test_result_count_slider(indexed):
    at = start()
    at.sidebar.slider[0].set_value(1).run()
    at = search(at, "谁负责上市放行")
    assert len(at.text) == 1


def test_html_and_markdown_are_shown_as_text(indexed):
    at = search(start(), "<script>alert(1)</script> 标记粗体星号链接")
    assert not at.error
    assert all(not m.proto.allow_html for m in list(at.markdown) + list(at.caption))
    assert [h.value for h in at.html] == [locale.script(), theme.css()]  # the page's own, nothing from the text
    # Corpus text goes through st.text, verbatim; nothing reaches Markdown unescaped.
    assert "第四条 标记<b>粗体</b>和 **星号** 以及 [链接](http://example.com) 应当按原文显示。" in texts(at)
    for body in markdown(at):
        assert "<script>" not in body and "<b>" not in body and "](http" not in body


def test_missing_index_offers_to_build_it(settings):
    at = start()
    assert "下还没有索引" in at.error[0].value and "regkb ingest" in at.error[0].value
    assert at.html[0].value == locale.script()  # Streamlit's own labels in Chinese on this page too
    assert not at.dataframe
    button = next(b for b in at.button if b.label == "立即建立索引")

    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert {r["标题"] for r in at.dataframe[0].value.to_dict("records")} == {"示例办法", "旧示例办法"}
    assert (settings.home / "CURRENT").exists()


def test_damaged_index_offers_to_rebuild_it(indexed):
    generation = indexed.home / "generations" / (indexed.home / "CURRENT").read_text().strip()
    (generation / "manifest.json").write_text("{not json", encoding="utf-8")
    at = start()
    assert "已损坏" in at.error[0].value
    next(b for b in at.button if b.label == "立即建立索引").click().run()
    assert not at.error and at.dataframe


def test_ui_is_the_only_streamlit_importer():
    root = Path(APP).parents[2]
    offenders = [
        str(path.relative_to(root))
        for package in ("ingest", "qa_app")
        for path in (root / package).rglob("*.py")
        if "ui" not in path.relative_to(root / package).parts[:1]
        and re.search(r"^\s*(import|from)\s+streamlit\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []
