"""A running app picks up a new index on its next run, without a restart."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.index import Ingestor
from ingest.settings import Settings
from tests.conftest import REPO

APP = str(REPO / "qa_app" / "ui" / "app.py")


@pytest.fixture
def app_settings(small_corpus, tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(small_corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    monkeypatch.delenv("REGKB_CHROMA_URL", raising=False)
    st.cache_resource.clear()
    yield Settings()
    st.cache_resource.clear()


def clause_texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_app_switches_to_a_new_generation_on_its_next_run(app_settings, tokenizer):
    embedder = make_embedder()
    Ingestor(app_settings, embedder, tokenizer).run()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "search"
    at.run()
    at.text_input(key="query").input("受托生产企业保存生产记录").run()
    assert "第三条 受托生产企业应当负责生产放行，并保存生产记录。" in clause_texts(at)

    path = app_settings.corpus / "demo-rule.md"
    path.write_text(path.read_text(encoding="utf-8").replace("并保存生产记录", "并保存生产记录至少五年"), encoding="utf-8")
    Ingestor(app_settings, embedder, tokenizer).run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "第三条 受托生产企业应当负责生产放行，并保存生产记录至少五年。" in clause_texts(at)
