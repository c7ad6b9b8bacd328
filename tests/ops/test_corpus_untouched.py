"""Nothing the app does writes to corpus/: every command and every page runs against the
shipped corpus, and the folder (names, bytes and modification times) is the same after."""

from __future__ import annotations

import hashlib
import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from qa_app import cli
from qa_app.ui.app import PAGES
from tests.conftest import CORPUS, REPO

APP = str(REPO / "qa_app" / "ui" / "app.py")
AGREEMENTS = REPO / "evals" / "agreements"


def snapshot(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}|{stat.st_mode}|{stat.st_mtime_ns}".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.slow
def test_no_command_or_page_modifies_the_corpus(full_kb, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    shutil.copytree(full_kb.generation.parent.parent, home)
    monkeypatch.setenv("REGKB_HOME", str(home))
    monkeypatch.setenv("REGKB_CORPUS", str(CORPUS))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    monkeypatch.delenv("REGKB_CHROMA_URL", raising=False)
    monkeypatch.setattr(cli, "_components", lambda settings: (full_kb.embedder, full_kb.tokenizer))
    before = snapshot(CORPUS)

    notice = tmp_path / "notice.txt"
    notice.write_text("示例补充通知\n\n一、注册人应当每年向所在地省级药监部门报告委托生产情况。\n", encoding="utf-8")
    some_clause = next(iter(full_kb.clauses))
    commands = [
        ["ingest"],
        ["add", str(notice), "--id", "ops-added-notice"],
        ["search", "谁负责上市放行", "--json"],
        ["ask", "受托生产企业能否转委托？", "--json"],
        ["show", some_clause],
        ["stats"],
        ["doctor"],
        ["matrix", "--out", str(tmp_path / "matrix.md")],
        ["quiz", "--n", "5", "--format", "json", "--out", str(tmp_path / "quiz.json")],
        ["check", str(AGREEMENTS / "complete.md"), "--report", str(tmp_path / "report.md")],
        ["check", str(AGREEMENTS / "adverse-events-to-manufacturer.docx"), "--json"],
    ]
    for argv in commands:
        # check exits 1 for an agreement with an error-level violation (adverse events to the manufacturer).
        expected = 1 if any("adverse-events-to-manufacturer" in a for a in argv) else 0
        assert cli.main(argv) == expected, (argv, capsys.readouterr().err)
    capsys.readouterr()
    assert (home / "added" / "ops-added-notice.md").exists()

    st.cache_resource.clear()
    try:
        for page in PAGES:
            at = AppTest.from_file(APP, default_timeout=120)
            at.query_params["page"] = page
            at.run()
            assert not at.exception, (page, [e.value for e in at.exception])
    finally:
        st.cache_resource.clear()

    assert snapshot(CORPUS) == before
