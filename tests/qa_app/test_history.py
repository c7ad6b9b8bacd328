"""The lasting chat history (qa_app/history.py) and the conversation export (qa_app/transcript.py),
on answers from a small real index."""

import datetime as dt
import io
import re
import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest

from ingest.errors import InputError, StorageError
from ingest.settings import Settings
from qa_app.answer import Answer, Answerer, Citation
from qa_app.history import FILE_NAME, History, user_id
from qa_app.transcript import file_name, marked, render, to_docx, to_markdown
from tests.conftest import REPO, indexed

DAY = 86400
ZHANG, LI = "proxy:zhang", "proxy:li"


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    """A who answer, a follow-up read against it, and an abstention, from the small test index."""
    from tests.conftest import NOTICE, RULE, write_doc

    root = tmp_path_factory.mktemp("history")
    corpus = root / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    answerer = Answerer(indexed(corpus, root / "home"))
    first = answerer.ask("谁负责产品上市放行？")
    follow = answerer.ask("那生产放行呢？", history=[("谁负责产品上市放行？", first)])
    return {"first": first, "follow": follow, "none": answerer.ask("化妆品怎么备案？")}


@pytest.fixture
def clock():
    now = [dt.datetime(2026, 12, 6, 10, 0).timestamp()]
    return now


@pytest.fixture
def store(tmp_path, clock):
    return History(tmp_path / FILE_NAME, days=180, clock=lambda: clock[0])


# -- Answer.from_dict ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["first", "follow", "none"])
def test_an_answer_comes_back_from_its_json_as_the_chat_page_shows_it(answers, which):
    answer = answers[which]
    back = Answer.from_dict(json.loads(json.dumps(answer.to_dict(), ensure_ascii=False)))
    assert back.to_dict() == answer.to_dict()
    # Everything the page shows: parties, text, confidence, readings, the follow-up's reading,
    # and each citation's ref, title, path, status and verbatim text.
    assert (back.answer, back.parties, back.abstained, back.confidence_level, back.verdict, back.readings,
            back.resolved_question, back.notice, back.frame) == (
        answer.answer, answer.parties, answer.abstained, answer.confidence_level, answer.verdict,
        answer.readings, answer.resolved_question, answer.notice, answer.frame)
    assert back.citations == tuple(replace(c, score=round(c.score, 4), level="") for c in answer.citations)


def test_the_follow_up_answer_keeps_what_the_next_follow_up_reads(answers):
    back = Answer.from_dict(answers["follow"].to_dict())
    assert back.resolved_question == "谁负责产品生产放行？" and back.parties == answers["follow"].parties


def test_a_superseded_citation_keeps_its_status():
    cited = Citation("old:art1", "old", "旧规范", "旧规范 第一条", "第一条 旧的要求。", 0.5, ("第一章",), "superseded")
    answer = Answer("问题？", "回答。", (), (cited,), False, 0.8)
    assert Answer.from_dict(answer.to_dict()).citations[0] == cited


# -- the store -----------------------------------------------------------------------------


def test_a_conversation_comes_back_with_its_turns_in_order(store, answers):
    store.append(ZHANG, "c1", "谁负责产品上市放行？", answers["first"])
    store.append(ZHANG, "c1", "那生产放行呢？", answers["follow"])
    [conversation] = store.conversations(ZHANG)
    assert (conversation.id, conversation.title, conversation.turns) == ("c1", "谁负责产品上市放行？", 2)
    turns = store.turns(ZHANG, "c1")
    assert [q for q, _ in turns] == ["谁负责产品上市放行？", "那生产放行呢？"]
    assert [a.to_dict() for _, a in turns] == [answers["first"].to_dict(), answers["follow"].to_dict()]


def test_the_conversation_used_last_comes_first(store, clock, answers):
    for conversation in ("older", "newer"):
        store.append(ZHANG, conversation, f"{conversation}的问题", answers["first"])
        clock[0] += 60
    assert [c.id for c in store.conversations(ZHANG)] == ["newer", "older"]
    store.append(ZHANG, "older", "再问一句", answers["none"])
    assert [c.id for c in store.conversations(ZHANG)] == ["older", "newer"]
    assert store.conversations(ZHANG)[0].title == "older的问题"  # the title stays the first question


def test_rename_and_an_empty_title_is_refused_in_chinese(store, answers):
    store.append(ZHANG, "c1", "谁负责产品上市放行？", answers["first"])
    store.rename(ZHANG, "c1", "  上市放行  职责 ")
    assert store.conversations(ZHANG)[0].title == "上市放行 职责"
    with pytest.raises(InputError, match="标题不能为空"):
        store.rename(ZHANG, "c1", "   ")
    assert store.conversations(ZHANG)[0].title == "上市放行 职责"


def test_delete_one_and_delete_all(store, answers):
    for conversation in ("a", "b", "c"):
        store.append(ZHANG, conversation, "问题", answers["first"])
    store.append(LI, "d", "问题", answers["first"])
    store.delete(ZHANG, "b")
    assert sorted(c.id for c in store.conversations(ZHANG)) == ["a", "c"] and store.turns(ZHANG, "b") == []
    assert store.delete_all(ZHANG) == 2
    assert store.conversations(ZHANG) == [] and store.turns(ZHANG, "a") == []
    assert [c.id for c in store.conversations(LI)] == ["d"]  # another user's stay


def test_one_user_never_reaches_another_users_conversations(store, answers):
    store.append(ZHANG, "c1", "张的问题", answers["first"])
    assert store.conversations(LI) == [] and store.turns(LI, "c1") == []
    store.rename(LI, "c1", "改名")
    store.delete(LI, "c1")
    assert store.delete_all(LI) == 0
    assert [(c.id, c.title) for c in store.conversations(ZHANG)] == [("c1", "张的问题")]
    # The same conversation id from another user is that user's own conversation.
    store.append(LI, "c1", "李的问题", answers["none"])
    assert [q for q, _ in store.turns(ZHANG, "c1")] == ["张的问题"]
    assert [q for q, _ in store.turns(LI, "c1")] == ["李的问题"]


def test_old_conversations_are_purged_when_the_history_is_opened(tmp_path, clock, answers):
    settings = Settings(home=tmp_path, corpus=tmp_path, history_days=180)
    store = History.open(settings, clock=lambda: clock[0])
    store.append(ZHANG, "old", "半年前的问题", answers["first"])
    clock[0] += 100 * DAY
    store.append(ZHANG, "recent", "三个月前的问题", answers["first"])
    clock[0] += 81 * DAY  # "old" is 181 days untouched, "recent" 81
    assert [c.id for c in History.open(settings, clock=lambda: clock[0]).conversations(ZHANG)] == ["recent"]
    assert History(tmp_path / FILE_NAME).turns(ZHANG, "old") == []
    clock[0] += 1000 * DAY
    forever = replace(settings, history_days=0)
    assert [c.id for c in History.open(forever, clock=lambda: clock[0]).conversations(ZHANG)] == ["recent"]


def test_history_off_writes_nothing_at_all(tmp_path, answers):
    home = tmp_path / "home"
    store = History.open(Settings(home=home, corpus=tmp_path, history=False))
    store.append(ZHANG, "c1", "谁负责产品上市放行？", answers["first"])
    assert not store.enabled and store.conversations(ZHANG) == [] and not home.exists()


def test_opening_and_listing_write_nothing_until_a_turn_is_saved(tmp_path, answers):
    home = tmp_path / "home"
    store = History.open(Settings(home=home, corpus=tmp_path))
    assert store.conversations(ZHANG) == [] and store.turns(ZHANG, "c1") == [] and not home.exists()
    store.append(ZHANG, "c1", "问题", answers["first"])
    assert (home / FILE_NAME).exists()


def test_the_setting_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("REGKB_HISTORY", "OFF")
    monkeypatch.setenv("REGKB_HISTORY_DAYS", "30")
    monkeypatch.setenv("REGKB_USER_HEADER", " X-Forwarded-User ")
    settings = Settings()
    assert (settings.history, settings.history_days, settings.user_header) == (False, 30, "X-Forwarded-User")
    for name in ("REGKB_HISTORY", "REGKB_HISTORY_DAYS", "REGKB_USER_HEADER"):
        monkeypatch.delenv(name)
    settings = Settings()
    assert (settings.history, settings.history_days, settings.user_header) == (True, 180, "")


def test_a_damaged_file_is_reported_with_what_to_do(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database, just bytes " * 100)
    with pytest.raises(StorageError, match="已损坏.*请管理员把它移走"):
        History(tmp_path / FILE_NAME).conversations(ZHANG)


def test_a_home_that_cannot_be_written_is_reported_and_the_turn_is_not_saved(tmp_path, answers):
    home = tmp_path / "home"
    home.write_text("a file where REGKB_HOME should be a folder", encoding="utf-8")
    store = History.open(Settings(home=home, corpus=tmp_path))
    with pytest.raises(StorageError, match="无法保存对话记录.*问答不受影响.*REGKB_HISTORY=off"):
        store.append(ZHANG, "c1", "问题", answers["first"])
    assert store.conversations(ZHANG) == []


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from qa_app.answer import Answer
    from qa_app.history import History

    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = History(path)
    for n in range(count):
        store.append("proxy:zhang", "shared", f"{name}-{n}", Answer(f"{name}-{n}", "回答。", (), (), False, 0.8))
""")


def test_two_processes_write_to_one_conversation_at_once(tmp_path):
    path, count = tmp_path / FILE_NAME, 40
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count)], env=env,
                                stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    questions = [q for q, _ in History(path).turns(ZHANG, "shared")]
    assert len(questions) == 2 * count
    for name in ("a", "b"):  # every turn kept, each process's in the order it wrote them
        assert [q for q in questions if q.startswith(name)] == [f"{name}-{n}" for n in range(count)]


# -- who the user is -----------------------------------------------------------------------


def test_a_header_counts_only_when_the_proxy_header_is_configured():
    headers = {"X-Forwarded-User": "zhang"}
    assert user_id(trusted_header="X-Forwarded-User", headers=headers, browser="a" * 32) == "proxy:zhang"
    # Not configured: anyone could send the header, so it is ignored.
    assert user_id(headers=headers, browser="a" * 32) == f"browser:{'a' * 32}"
    assert user_id(trusted_header="X-Remote-User", headers=headers, signed_in="li@example.org") == \
        "login:li@example.org"


def test_a_browser_id_is_a_random_hex_id_and_never_passes_for_a_name():
    assert user_id(browser="zhang") is None and user_id(browser="../../etc") is None and user_id() is None
    assert user_id(browser="0" * 32) != user_id(trusted_header="H", headers={"H": "0" * 32})


# -- the export ----------------------------------------------------------------------------


def conversation(answers):
    return [("谁负责产品上市放行？", answers["first"]), ("那生产放行呢？", answers["follow"])]


def test_markdown_export_writes_out_every_citation(answers):
    text = to_markdown(conversation(answers), when=dt.datetime(2026, 12, 6, 10, 30))
    assert text.startswith("# 问答记录\n") and "导出时间：2026-12-06 10:30" in text
    assert "## 1. 问：谁负责产品上市放行？" in text and "## 2. 问：那生产放行呢？" in text
    assert "理解为：谁负责产品生产放行？" in text
    for _, answer in conversation(answers):
        assert answer.citations
        for citation in answer.citations:
            assert citation.ref in text and citation.doc_title in text and citation.clause_id in text
            for line in citation.text.split("\n"):
                assert f"> {line}" in text  # verbatim, line by line


def test_word_export_read_back_has_every_citation(answers):
    import docx

    turns = conversation(answers)
    document = docx.Document(io.BytesIO(to_docx(turns)))
    paragraphs = [p.text for p in document.paragraphs]
    text = "\n".join(paragraphs)
    assert document.core_properties.title == "问答记录" and "1. 问：谁负责产品上市放行？" in paragraphs
    # The answer with the [n] of each citation it names (the numbers of the list below it).
    assert any(p.startswith("答：") and marked(answers["first"]) in p for p in paragraphs)
    assert re.sub(r"\[\d+\]", "", marked(answers["first"])) == answers["first"].answer
    for _, answer in turns:
        for rank, citation in enumerate(answer.citations, start=1):
            assert any(p.startswith(f"[{rank}] {citation.ref}") and citation.clause_id in p for p in paragraphs)
            assert citation.doc_title in text
            for line in filter(str.strip, citation.text.split("\n")):
                assert line in paragraphs


def test_a_superseded_citation_is_marked_in_the_export():
    cited = Citation("old:art1", "old", "旧规范", "旧规范 第一条", "第一条 旧的要求。", 0.5, (), "superseded")
    text = to_markdown([("问题？", Answer("问题？", "回答。", (), (cited,), False, 0.8))])
    assert "[1] 旧规范 第一条（已被替代）（old:art1）" in text


def test_the_file_name_is_chinese_with_the_date():
    when = dt.datetime(2026, 12, 6)
    assert (file_name("md", when), file_name("docx", when)) == ("问答记录-2026-12-06.md", "问答记录-2026-12-06.docx")
    assert render([], "md", when=when).decode("utf-8").startswith("# 问答记录")


def test_an_answer_without_basis_lists_its_clauses_as_related_not_cited(answers):
    text = to_markdown([("化妆品怎么备案？", answers["none"])])
    assert answers["none"].abstained and answers["none"].citations
    assert "**引用条文：**" not in text and "**可能相关的条文：**" in text
