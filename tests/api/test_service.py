"""The API's pieces without a server: the per-process service follows `regkb ingest`, the
conversation memory is bounded, a chat reply numbers its citations, and `regkb serve` refuses
to start where it should."""

from __future__ import annotations

import re
import subprocess
import sys

from ingest.index import Ingestor
from qa_app.answer import Answer, Citation
from qa_app.api import HISTORY_TURNS, Conversations, Service, chat_text, is_loopback
from qa_app.cli import main
from tests.conftest import REPO

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_service_opens_a_new_index_generation_on_the_next_request(small_settings, hash_embedder, tokenizer):
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    service = Service(small_settings, hash_embedder, tokenizer)
    kb, answerer = service.current()
    assert service.current() == (kb, answerer)  # opened once, shared by every request
    path = small_settings.corpus / "demo-rule.md"
    path.write_text(path.read_text(encoding="utf-8").replace("并保存生产记录", "并保存生产记录至少五年"),
                    encoding="utf-8")
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    new_kb, new_answerer = service.current()
    assert new_kb.generation != kb.generation and new_answerer is not answerer
    assert "至少五年" in new_kb.clause("demo-rule:art3").text


def test_conversations_keep_recent_turns_of_recent_conversations():
    conversations = Conversations(size=2)
    answer = Answer("q", "a", (), (), False, 0.5)
    for turn in range(HISTORY_TURNS + 3):
        conversations.add("a", f"q{turn}", answer)
    assert [q for q, _ in conversations.history("a")] == [f"q{t}" for t in range(3, HISTORY_TURNS + 3)]
    conversations.history("b")
    conversations.history("c")  # "a" is now the least recently used of three
    assert conversations.history("a") == []


def test_chat_text_numbers_the_citations_and_says_when_it_abstains():
    citation = Citation("doc:art2", "doc", "示例办法", "《示例办法》第二条", "第二条 注册人应当负责产品上市放行。" * 20, 0.9)
    answered = chat_text(Answer("谁放行？", "注册人负责。", ("注册人",), (citation, citation), False, 0.9))
    lines = answered.splitlines()
    assert lines[:3] == ["注册人负责。", "", "引用条文："]
    assert lines[3].startswith("[1] 《示例办法》第二条（doc:art2）：第二条") and lines[3].endswith("…")
    assert lines[4].startswith("[2] ")
    named = chat_text(Answer("谁放行？", "见《示例办法》第二条。", (), (citation,), False, 0.9))
    assert named.startswith("见《示例办法》第二条[1]。")  # the [n] in the answer is the list's number
    abstained = chat_text(Answer("天气？", "知识库中未找到依据。", (), (citation,), True, 0.1))
    assert "\n可能相关的条文：\n[1] " in abstained
    keywords_only = chat_text(Answer("谁放行？", "注册人负责。", (), (citation,), False, 0.9, notice="当前仅按关键词检索"))
    assert keywords_only.startswith("（当前仅按关键词检索）\n注册人负责。")


def test_only_loopback_counts_as_this_machine():
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "regkb.example.org"))


def test_serving_beyond_this_machine_needs_a_token(monkeypatch, capsys):
    monkeypatch.delenv("REGKB_API_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "REGKB_API_TOKEN" in err and "127.0.0.1" in err and HAN.search(err)


def test_serve_without_an_index_says_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "empty-home"))
    assert main(["serve", "--port", "1"]) == 1  # refused before anything listens
    err = capsys.readouterr().err
    assert "regkb ingest" in err and "Traceback" not in err


def test_serve_is_in_the_command_help():
    out = subprocess.run([sys.executable, "-m", "qa_app", "serve", "--help"], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert "--host" in out and "--port" in out and "REGKB_API_TOKEN" in out
