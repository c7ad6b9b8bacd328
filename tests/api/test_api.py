"""`regkb serve` over real HTTP: the same answers as the CLI, the OpenAI-compatible chat,
auth, limits, Chinese JSON errors, and uploads that leave nothing behind."""

from __future__ import annotations

import io
import json
import os
import re
import time
from urllib.parse import quote

import docx
import httpx
import pytest

from qa_app.cli import main
from tests.api.conftest import TOKEN
from tests.qa_app.test_agreement_cli import MARKER, SECRET
from tests.security.test_no_network import mentions, temp_files

pytestmark = pytest.mark.slow  # the full-corpus index and a real server

# Written for these tests (not from any evaluation set).
QUESTIONS = ["谁负责产品上市放行？", "生产放行由谁负责？", "注册人能不能把上市放行交给受托生产企业？",
             "跨区域委托检查结束后，检查结果多久内要反馈？"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def cli_json(capsys, *argv) -> dict:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "code"}, body
    assert HAN.search(body["error"]["message"]), body  # said in Chinese
    assert "Traceback" not in response.text
    return body["error"]


def files_under(root) -> dict:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


def agreement_docx() -> bytes:
    document = docx.Document()
    for line in SECRET.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- the same answers as the command line ----------------------------------------------------------


def test_ask_answers_exactly_like_the_cli(server, full_home, capsys):
    with server.client() as client:
        for question in QUESTIONS:
            response = client.post("/v1/ask", json={"question": question})
            assert response.status_code == 200, response.text
            assert response.json() == cli_json(capsys, "ask", question), question
        # Options mean what the CLI's flags mean.
        response = client.post("/v1/ask", json={"question": QUESTIONS[0], "k": 2, "all_status": True})
        assert response.json() == cli_json(capsys, "ask", QUESTIONS[0], "--k", "2", "--all-status")


def test_search_and_clause_answer_like_the_cli(server, full_home, capsys):
    with server.client() as client:
        response = client.get("/v1/search", params={"q": "谁负责上市放行", "k": 3, "in_force": "true"})
        assert response.status_code == 200
        assert response.json() == cli_json(capsys, "search", "谁负责上市放行", "--k", "3", "--in-force")
        clause_id = response.json()["hits"][0]["clause_id"]
        response = client.get(f"/v1/clauses/{clause_id}")  # ids hold ':' and '/'
        assert response.status_code == 200 and response.json() == cli_json(capsys, "show", clause_id)


def test_a_follow_up_is_read_against_the_conversation(server):
    with server.client() as client:
        first = client.post("/v1/ask", json={"question": "谁负责产品上市放行？", "conversation": "c-1"}).json()
        follow = client.post("/v1/ask", json={"question": "那生产放行呢？", "conversation": "c-1"}).json()
        assert first["conversation"] == follow["conversation"] == "c-1"
        assert follow["question"] == "那生产放行呢？" and follow["resolved_question"] == "谁负责产品生产放行？"
        assert "受托生产企业" in follow["answer"]
        # The caller may keep the history instead; another conversation is not mixed in.
        given = client.post("/v1/ask", json={"question": "那生产放行呢？", "history": ["谁负责产品上市放行？"]}).json()
        assert given["resolved_question"] == "谁负责产品生产放行？" and given["answer"] == follow["answer"]
        alone = client.post("/v1/ask", json={"question": "那生产放行呢？", "conversation": "c-2"}).json()
        assert alone["resolved_question"] is None


def test_health_reports_the_index_without_a_token(server, full_kb):
    response = httpx.get(f"{server.url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "generation": full_kb.generation.name,
                                     "documents": len(full_kb.documents), "clauses": len(full_kb.clauses),
                                     "embedder": full_kb.embedder.name}


# -- OpenAI-compatible chat -------------------------------------------------------------------------


def test_openai_client_gets_the_answer_with_numbered_citations(server, full_home, capsys):
    openai = pytest.importorskip("openai")
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key=TOKEN, max_retries=0)
    assert [m.id for m in client.models.list()] == ["regkb"]
    reply = client.chat.completions.create(model="regkb", messages=[
        {"role": "system", "content": "你是法规助手。"}, {"role": "user", "content": QUESTIONS[0]}])
    text = reply.choices[0].message.content
    expected = cli_json(capsys, "ask", QUESTIONS[0])
    assert reply.choices[0].message.role == "assistant" and reply.choices[0].finish_reason == "stop"
    # The CLI's answer, with the [n] of each citation it names, then the citations under their numbers.
    assert re.sub(r"\[\d+\]", "", text).startswith(expected["answer"]) and "\n引用条文：\n" in text
    for number, citation in enumerate(expected["citations"], start=1):
        assert f"\n[{number}] {citation['ref']}（{citation['clause_id']}）：" in text

    stream = client.chat.completions.create(model="regkb", stream=True,
                                            messages=[{"role": "user", "content": QUESTIONS[0]}])
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == text
    assert chunks[-1].choices[0].finish_reason == "stop" and len(chunks) > 3


def test_chat_reads_earlier_user_turns_as_the_conversation(server):
    messages = [{"role": "user", "content": "谁负责产品上市放行？"}, {"role": "assistant", "content": "……"},
                {"role": "user", "content": [{"type": "text", "text": "那生产放行呢？"}]}]
    with server.client() as client:
        reply = client.post("/v1/chat/completions", json={"model": "regkb", "messages": messages}).json()
        ask = client.post("/v1/ask", json={"question": "那生产放行呢？", "history": ["谁负责产品上市放行？"]}).json()
    text = reply["choices"][0]["message"]["content"]
    # The same answer as /v1/ask, with the [n] of the citations it names.
    assert re.sub(r"\[\d+\]", "", text).startswith("（理解为：谁负责产品生产放行？）\n" + ask["answer"])


def test_chat_streams_server_sent_events_ending_with_done(server):
    with server.client() as client, client.stream("POST", "/v1/chat/completions", json={
            "model": "regkb", "stream": True, "messages": [{"role": "user", "content": QUESTIONS[1]}]}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line]
    assert all(line.startswith("data: ") for line in events) and events[-1] == "data: [DONE]"
    first = json.loads(events[0][6:])
    assert first["object"] == "chat.completion.chunk" and first["choices"][0]["delta"]["role"] == "assistant"


def test_chat_without_a_user_message_says_so(server):
    with server.client() as client:
        response = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "x"}]})
    assert response.status_code == 400 and "user" in error_of(response)["message"]


# -- auth, limits and errors --------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_requests_without_the_right_token_are_refused(server, token):
    with server.client(token) as client:
        for response in (client.post("/v1/ask", json={"question": QUESTIONS[0]}),
                         client.get("/v1/models"), client.get("/v1/search", params={"q": "放行"})):
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
            assert "令牌" in error_of(response)["message"]


def test_oversized_requests_get_413(server):
    with server.client() as client:
        response = client.post("/v1/ask", json={"question": "放" * 600_000})
        assert response.status_code == 413 and "KB" in error_of(response)["message"]
        # A body sent in chunks, without its length, is cut off as well.
        chunked = client.post("/v1/ask", content=(b"x" * 65536 for _ in range(20)),
                              headers={"content-type": "application/json"})
        assert chunked.status_code == 413
        big = client.post("/v1/check", files={"file": ("协议.txt", b"a" * (11 * 1024 * 1024), "text/plain")})
        assert big.status_code == 413 and "10 MB" in error_of(big)["message"]


def test_unknown_clause_is_a_404_in_chinese(server):
    with server.client() as client:
        response = client.get("/v1/clauses/samr-order-53-production-supervision:art999")
        assert response.status_code == 404
        message = error_of(response)["message"]
        assert "samr-order-53-production-supervision:art999" in message and "/v1/search" in message
        assert error_of(client.get("/v1/nothing-here"))["code"] == "not_found"


def test_bad_requests_are_named_in_chinese(server):
    with server.client() as client:
        missing = client.post("/v1/ask", json={"k": 3})
        assert missing.status_code == 422 and "question：缺少该字段" in error_of(missing)["message"]
        wrong = client.post("/v1/ask", json={"question": "放行", "k": 0})
        assert wrong.status_code == 422 and "k：" in error_of(wrong)["message"]
        broken = client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
        assert broken.status_code == 422 and "JSON" in error_of(broken)["message"]
        unknown = client.post("/v1/ask", json={"question": QUESTIONS[0], "doc_ids": ["no-such-doc"]})
        assert unknown.status_code == 400 and error_of(unknown)["message"].startswith("编号不存在：")


# -- agreement check and quiz -------------------------------------------------------------------------


def written_since(root: str, since: float, needle: str) -> list[str]:
    """Files under ``root`` changed since ``since`` that contain ``needle`` (pytest's own
    folders, where other tests keep agreements on purpose, are left out)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith("pytest-of-")]
        for name in files:
            path = os.path.join(folder, name)
            try:
                if os.lstat(path).st_mtime >= since and os.path.isfile(path) and mentions_in(path, needle):
                    found.append(path)
            except OSError:
                continue
    return found


def mentions_in(path: str, needle: str) -> bool:
    with open(path, "rb") as handle:
        data = handle.read()
    return any(needle.encode(enc) in data for enc in ("utf-8", "gb18030", "utf-16-le"))


def test_agreement_upload_is_checked_in_memory_and_leaves_nothing(server):
    home_before, tmp_before, started = files_under(server.home), temp_files(server.box), time.time() - 1
    with server.client() as client:
        response = client.post("/v1/check", files={"file": ("质量协议.docx", agreement_docx())})
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["document"] == "质量协议.docx"
        # 第二条 gives 上市放行 to the manufacturer: a violation, quoted from the agreement.
        assert any("上市放行" in json.dumps(v, ensure_ascii=False) for v in report["violations"])
        word = client.post("/v1/check", params={"report": "docx"}, files={"file": ("质量协议.docx", agreement_docx())})
        assert word.status_code == 200 and word.content[:2] == b"PK"
        marked = client.post("/v1/check", params={"report": "redline"},
                             files={"file": ("质量协议.docx", agreement_docx())})
        assert marked.status_code == 200 and "agreement-redline.docx" in marked.headers["content-disposition"]
        comments = docx.Document(io.BytesIO(marked.content)).part.package.parts
        assert any("comments" in str(part.partname) for part in comments)  # the reviewer's file, with comments
        no_word = client.post("/v1/check", params={"report": "redline"}, files={"text": (None, SECRET.encode())})
        assert no_word.status_code == 400 and ".docx" in error_of(no_word)["message"]
        pasted = client.post("/v1/check", files={"text": (None, SECRET.encode())})
        assert pasted.status_code == 200 and pasted.json()["summary"] == report["summary"]
    assert files_under(server.home) == home_before
    assert temp_files(server.box) == tmp_before  # the server's TMPDIR (it holds its copy of the vectors)
    assert written_since("/tmp", started, MARKER) == []  # nor /tmp itself, whatever TMPDIR says
    assert mentions(server.box.root, MARKER, skip=server.box.log) == []  # not in the server log either
    assert server.box.attempts() == []


@pytest.mark.parametrize("files,status,code", [
    ({"file": ("协议.exe", b"MZ\x90\x00", "application/octet-stream")}, 400, "invalid_input"),
    ({"other": (None, b"x")}, 400, "no_agreement"),
])
def test_bad_uploads_are_refused_with_a_message(server, files, status, code):
    with server.client() as client:
        response = client.post("/v1/check", files=files)
    assert response.status_code == status and error_of(response)["code"] == code


def test_check_wants_a_form(server):
    with server.client() as client:
        response = client.post("/v1/check", json={"text": SECRET})
    assert response.status_code == 415 and "multipart/form-data" in error_of(response)["message"]


def test_quiz_takes_the_cli_options(server):
    with server.client() as client:
        response = client.post("/v1/quiz", json={"n": 5, "types": ["single", "truefalse"], "seed": 3})
        assert response.status_code == 200 and response.headers["x-regkb-items"] == "5"
        items = response.json()["items"]  # the file `regkb quiz --format json` writes
        assert len(items) == 5 and {i["type"] for i in items} <= {"single", "truefalse"}
        again = client.post("/v1/quiz", json={"n": 5, "types": ["single", "truefalse"], "seed": 3})
        assert again.json()["items"] == items  # the same seed gives the same set
        sheet = client.post("/v1/quiz", json={"n": 5, "format": "xlsx"})
        assert sheet.content[:2] == b"PK" and "regkb-quiz.xlsx" in sheet.headers["content-disposition"]
        # Named like the page's download (培训题库-5题.xlsx), readable by browsers and httpx alike.
        assert "filename*=UTF-8''" + quote("培训题库-5题.xlsx") in sheet.headers["content-disposition"]
        none = client.post("/v1/quiz", json={"n": 5, "topics": ["没有这个主题"]})
        assert none.status_code in (400, 422) and error_of(none)


# -- documentation, offline ---------------------------------------------------------------------------


def test_docs_are_served_from_this_machine(server):
    page = httpx.get(f"{server.url}/docs")
    assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
    assert not re.search(r"(src|href)=['\"]https?://", page.text)  # nothing from a CDN
    assert httpx.get(f"{server.url}/docs-assets/swagger-ui-bundle.js").status_code == 200
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    assert {"/v1/ask", "/v1/search", "/v1/check", "/v1/quiz", "/v1/chat/completions", "/healthz"} <= set(paths)
