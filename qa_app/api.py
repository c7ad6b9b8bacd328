"""`regkb serve`: the knowledge base over HTTP, for the tools companies already run
(企业微信 / 钉钉 / 飞书 bots, OA systems, internal portals).

A thin adapter like the CLI and the UI: each endpoint parses its input, calls the library
and returns what the CLI prints with ``--json`` (``/v1/ask`` is exactly ``regkb ask --json``).
``/v1/chat/completions`` speaks the OpenAI chat format, so chat front-ends and bot frameworks
can use regkb as a "model" with no code.

One :class:`Service` per process holds the knowledge base and its answerer, opened once and
shared by every request thread (as the Streamlit app shares them between sessions); when
`regkb ingest` switches the index generation the next request opens the new one.

Uploaded agreements are read from the request's bytes in memory: never written to disk
(the multipart body is parsed here, not spooled to a temporary file) and never logged.
Every error is JSON, ``{"error": {"message": ..., "code": ...}}``, with a Chinese message
that says what is wrong and what to do; no traceback reaches a client.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.embed import Embedder
from ingest.errors import IndexFormatError, IndexMissingError, InputError, RegkbError, UnknownIdError
from ingest.readers import MAX_BYTES
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from qa_app.answer import MAX_QUESTION_CHARS, Answer, Answerer
from qa_app.kb import KnowledgeBase
from qa_app.transcript import plain_text

log = logging.getLogger("regkb.api")

MODEL = "regkb"
MAX_JSON_BYTES = 1024 * 1024  # questions are at most 2,000 characters; a long chat history fits easily
MAX_UPLOAD_BYTES = MAX_BYTES + 64 * 1024  # the agreement plus the multipart envelope
HISTORY_TURNS = 5  # earlier questions replayed to read a follow-up (only the last one matters)
CONVERSATIONS = 1000  # conversations remembered in memory for /v1/ask's "conversation"
CITATION_CHARS = 200
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MB = MAX_BYTES // (1024 * 1024)


class ApiError(Exception):
    """An error a client sees: HTTP status, a stable code, a Chinese message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(code: str, message: str) -> dict:
    return {"error": {"message": message, "code": code}}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# -- the heavy objects, opened once per process ------------------------------------------


class Service:
    """The knowledge base, its answerer, the agreement checker and the quiz facts of this
    process; the last two are built on first use. Reopened when the index generation changes."""

    def __init__(self, settings: Settings, embedder: Embedder, tokenizer: Tokenizer):
        self.settings, self.embedder, self.tokenizer = settings, embedder, tokenizer
        self._lock = threading.Lock()
        self._kb: KnowledgeBase | None = None
        self._built: dict[str, object] = {}
        self.current()  # a missing or damaged index is reported before the server starts

    def current(self) -> tuple[KnowledgeBase, Answerer]:
        with self._lock:
            return self._fresh(), self._built["answerer"]

    def _fresh(self) -> KnowledgeBase:
        """The knowledge base of the current generation (call with the lock held)."""
        if self._kb is None or not self._kb.is_current():
            kb = KnowledgeBase.open(self.settings, embedder=self.embedder, tokenizer=self.tokenizer)
            self._kb, self._built = kb, {"answerer": Answerer(kb)}
        return self._kb

    def _part(self, name: str, build):
        with self._lock:  # one lock: a part is never built from one generation and kept for the next
            kb = self._fresh()
            if name not in self._built:
                self._built[name] = build(kb)
            return self._built[name]

    def checker(self):
        from qa_app.agreement import AgreementChecker

        return self._part("checker", AgreementChecker.from_kb)

    def facts(self):
        from qa_app.quiz import FactBase

        return self._part("facts", FactBase.from_kb)


class Conversations:
    """The turns of recent conversations, in memory only, least recently used dropped first."""

    def __init__(self, size: int = CONVERSATIONS):
        self._size = size
        self._lock = threading.Lock()
        self._turns: OrderedDict[str, list[tuple[str, Answer]]] = OrderedDict()

    def history(self, key: str) -> list[tuple[str, Answer]]:
        with self._lock:
            turns = self._turns.setdefault(key, [])
            self._turns.move_to_end(key)
            while len(self._turns) > self._size:
                self._turns.popitem(last=False)
            return list(turns)

    def add(self, key: str, question: str, answer: Answer) -> None:
        with self._lock:
            turns = self._turns.setdefault(key, [])
            turns.append((question[:MAX_QUESTION_CHARS], answer))
            del turns[:-HISTORY_TURNS]


def replay(answerer: Answerer, questions: list[str], k: int, options: dict) -> list[tuple[str, Answer]]:
    """Earlier questions of a conversation asked again in order, so that each is read against
    the one before it (the answerer reads a follow-up against the previous turn's question)."""
    turns: list[tuple[str, Answer]] = []
    for question in questions[-HISTORY_TURNS:]:
        turns.append((question, answerer.ask(question, k, history=list(turns), **options)))
    return turns


# -- requests ------------------------------------------------------------------------------


class AskRequest(BaseModel):
    question: str = Field(description="问题，例如“代工厂能不能再外包？”")
    k: int = Field(5, ge=1, le=50, description="引用条款数")
    doc_ids: list[str] | None = Field(None, description="只在这些文件中查找（`regkb stats` 列出文件 id）")
    all_status: bool = Field(False, description="也查已废止的文本")
    conversation: Annotated[str, Field(max_length=200)] | int | None = Field(
        None, description="会话 id：同一 id 的提问是一段对话，追问（那生产放行呢？）按上一问理解；只保存在内存中")
    history: list[str] = Field([], max_length=50, description="本次提问之前的问题（代替 conversation，由调用方保存）")


class QuizRequest(BaseModel):
    n: int = Field(20, ge=1, le=500, description="题目数")
    types: list[str] | None = Field(None, description="single truefalse fill multi（默认全部）")
    docs: list[str] | None = Field(None, description="只用这些文件")
    topics: list[str] | None = Field(None, description="只用这些主题（放行、质量协议、召回 …）")
    parties: list[str] | None = Field(None, description="只考这些主体的义务（注册人、受托生产企业 …）")
    difficulty: list[str] | None = Field(None, description="easy medium hard（默认全部）")
    seed: int = Field(1, description="同一 seed 出同一套题")
    format: Literal["json", "csv", "xlsx", "gift", "moodle-xml", "anki", "docx", "md"] = "json"
    answers: bool = Field(False, description="docx/md 试卷：返回答案页而不是试卷")


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens ... are accepted and have no effect
    model: str = MODEL
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


# -- limits and errors -----------------------------------------------------------------------


_bearer = HTTPBearer(auto_error=False, description="REGKB_API_TOKEN 的值")


def too_large_message(path: str) -> str:
    if path == "/v1/check":
        return f"上传的文件超过 {MB} MB 上限。请删去扫描图片或附件后另存，或把协议拆成几部分分别审查。"
    return f"请求内容超过 {MAX_JSON_BYTES // 1024} KB 上限。请精简问题或对话历史后重试。"


class BodyLimit:
    """Refuses a request body over its limit with 413 before it is read into memory,
    whether or not the client announced its length."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = MAX_UPLOAD_BYTES if scope["path"] == "/v1/check" else MAX_JSON_BYTES
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return await self._refuse(scope, send)
        seen = 0
        started = refused = False

        async def limited_receive():
            # Past the limit the 413 goes out at once and the app is told the client left.
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                if not started and not refused:
                    refused = True
                    await self._refuse(scope, send)
                return {"type": "http.disconnect"}
            return message

        async def tracked_send(message):
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, tracked_send)

    @staticmethod
    async def _refuse(scope, send):
        response = JSONResponse(error_body("too_large", too_large_message(scope["path"])), status_code=413)
        await response(scope, _nothing, send)


async def _nothing():
    return {"type": "http.disconnect"}


# Library errors: status, code, and a Chinese lead before the library's own message (which says
# what exactly is wrong, e.g. the file and the limit).
_REGKB_ERRORS = (
    (UnknownIdError, 400, "unknown_id", "编号不存在"),
    (InputError, 400, "invalid_input", "提交的内容无法处理"),
    (IndexMissingError, 503, "index_unavailable", "知识库索引不可用，请管理员在服务器上运行 regkb doctor 查看原因"),
    (IndexFormatError, 503, "index_unavailable", "知识库索引不可用，请管理员在服务器上运行 regkb doctor 查看原因"),
)
_HTTP_MESSAGES = {404: ("not_found", "没有这个接口。可用的接口见 /docs。"),
                  405: ("method_not_allowed", "这个接口不支持该请求方法。请按 /docs 中的说明调用。")}
_VALIDATION_REASONS = {"missing": "缺少该字段", "json_invalid": "请求体不是合法的 JSON",
                       "too_short": "不能为空", "too_long": "条目过多", "string_too_long": "太长", "literal_error": "取值不在允许范围内",
                       "greater_than_equal": "数值太小", "less_than_equal": "数值太大"}


def _validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
        kind = error.get("type", "")
        reason = _VALIDATION_REASONS.get(kind) or ("类型不对" if kind.endswith("_type") or "parsing" in kind
                                                   else "取值无效")
        problems.append(f"{where}：{reason}" if where else reason)
    return "请求参数有误（" + "；".join(problems) + "）。请按 /docs 中的说明填写后重试。"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status, headers=headers)

    @app.exception_handler(RegkbError)
    async def library_error(request: Request, exc: RegkbError):
        status, code, lead = next((rest for kind, *rest in _REGKB_ERRORS if isinstance(exc, kind)),
                                  (500, "failed", "请求未能完成"))
        return JSONResponse(error_body(code, f"{lead}：{exc}"), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        return JSONResponse(error_body("invalid_request", _validation_message(exc)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("http_error", "请求无法处理。请按 /docs 中的说明调用。"))
        return JSONResponse(error_body(code, message), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # The type only: a message could quote an uploaded agreement.
        log.error("%s %s failed: %s", request.method, request.url.path, type(exc).__name__)
        return JSONResponse(error_body("internal_error", "服务器内部错误，本次请求未完成。请稍后重试；"
                                       "如果一再出现，请联系管理员查看服务日志。"), status_code=500)


# -- multipart, in memory ----------------------------------------------------------------------


def form_parts(body: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body, name -> (file name or None, bytes), parsed
    in memory (Starlette's form parser spools files over 1 MB to a temporary file)."""
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise ApiError(415, "unsupported_media_type",
                       "请用 multipart/form-data 提交：字段 file 放协议文件，或字段 text 放协议文本。")
    parts: dict[str, tuple[str | None, bytes]] = {}
    headers: dict[bytes, bytes] = {}
    field: list[bytes] = []
    value: list[bytes] = []
    data: list[bytes] = []

    def header_end():
        headers[b"".join(field).lower()] = b"".join(value)
        field.clear()
        value.clear()

    def part_end():
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        parts[name] = (None if filename is None else filename.decode("utf-8", "replace"), b"".join(data))
        headers.clear()
        data.clear()

    parser = MultipartParser(options[b"boundary"], callbacks={
        "on_header_field": lambda b, s, e: field.append(b[s:e]),
        "on_header_value": lambda b, s, e: value.append(b[s:e]),
        "on_header_end": header_end,
        "on_part_data": lambda b, s, e: data.append(b[s:e]),
        "on_part_end": part_end,
    })
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError:
        raise ApiError(400, "invalid_upload", "上传内容不是完整的 multipart/form-data，请重新上传。") from None
    return parts


# -- chat answers as text ------------------------------------------------------------------------


def chat_text(answer: Answer) -> str:
    """The answer as a chat message shows it: how the question was read and whether retrieval
    ran on keywords alone, then the answer with its [n] marks and the citations under their
    numbers (:func:`qa_app.transcript.plain_text`, as the chat page copies it)."""
    lines = [f"（{answer.notice}）"] if answer.notice else []
    if answer.resolved_question:
        lines.append(f"（理解为：{answer.resolved_question}）")
    return "\n".join(lines + [plain_text(answer, quote_chars=CITATION_CHARS, ids=True)])


def _message_text(message: ChatMessage) -> str:
    if isinstance(message.content, list):  # [{"type": "text", "text": ...}, ...]
        return "".join(part.get("text", "") for part in message.content if part.get("type") == "text")
    return message.content or ""


def _chunks(text: str, size: int = 24) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start:start + size]


def sse_events(answer: Answer, completion_id: str, created: int) -> Iterator[str]:
    """The answer as OpenAI chat.completion.chunk server-sent events, ending with [DONE]."""
    def event(delta: dict, finish: str | None = None) -> str:
        chunk = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for piece in _chunks(chat_text(answer)):
        yield event({"content": piece})
    yield event({}, "stop")
    yield "data: [DONE]\n\n"


# -- the application -------------------------------------------------------------------------------


def create_app(service: Service, token: str | None = None) -> FastAPI:
    app = FastAPI(title="regkb API", version="1", docs_url=None, redoc_url=None,
                  description="医疗器械注册人制度法规库的 HTTP 接口：问答（带引用）、条款检索、质量协议审查、培训题库，"
                              "以及兼容 OpenAI 的 /v1/chat/completions。设置了 REGKB_API_TOKEN 时，"
                              "/v1 下的接口需要 `Authorization: Bearer <token>`。")
    app.add_middleware(BodyLimit)
    install_error_handlers(app)
    conversations = Conversations()
    def authorised(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        if not token:
            return
        if credentials is None:
            raise ApiError(401, "unauthorized", "缺少访问令牌。请在请求头中加上 Authorization: Bearer <令牌>"
                                                "（令牌向管理员索取，即服务端的 REGKB_API_TOKEN）。")
        if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
            raise ApiError(401, "unauthorized", "访问令牌不正确。请核对 Authorization: Bearer 后的令牌，"
                                                "或向管理员索取正确的令牌。")

    guarded = [Depends(authorised)]

    # Swagger UI from the swagger-ui-bundle package: FastAPI's default page loads it from a CDN,
    # which an office without internet cannot reach.
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="regkb API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")

    @app.get("/healthz", summary="服务状态：索引版本与文件数")
    def healthz() -> dict:
        kb, _ = service.current()
        return {"status": "ok", "generation": kb.generation.name, "documents": len(kb.documents),
                "clauses": len(kb.clauses), "embedder": kb.embedder.name}

    @app.post("/v1/ask", dependencies=guarded, summary="问答：与 `regkb ask --json` 相同的 JSON")
    def ask(request: AskRequest) -> dict:
        kb, answerer = service.current()
        options = {"doc_ids": request.doc_ids or None, "in_force_only": not request.all_status}
        key = None if request.conversation is None else json.dumps(request.conversation)
        history = conversations.history(key) if key is not None else replay(answerer, request.history,
                                                                             request.k, options)
        answer = answerer.ask(request.question, request.k, history=history, **options)
        if key is None:
            return answer.to_dict()
        conversations.add(key, request.question, answer)
        return {**answer.to_dict(), "conversation": request.conversation}

    @app.get("/v1/search", dependencies=guarded, summary="条款检索：与 `regkb search --json` 相同的 JSON")
    def search(q: Annotated[str, Query(description="检索词", max_length=2000)],
               k: Annotated[int, Query(ge=1, le=50)] = 5,
               doc: Annotated[list[str] | None, Query(description="只在这些文件中查找")] = None,
               in_force: Annotated[bool, Query(description="只查现行有效的文件")] = False) -> dict:
        kb, _ = service.current()
        hits = kb.search(q, k, doc_ids=doc or None, in_force_only=in_force)
        return {"query": q, "notice": kb.notice, "hits": [hit.to_dict(kb) for hit in hits]}

    @app.get("/v1/clauses/{clause_id:path}", dependencies=guarded,
             summary="一条条款：与 `regkb show --json` 相同的 JSON")
    def clause(clause_id: str) -> dict:
        kb, _ = service.current()
        found = kb.clauses.get(clause_id)
        if found is None:
            raise ApiError(404, "not_found", f"没有编号为 {clause_id} 的条款。条款编号形如 "
                                             "samr-order-53-production-supervision:art34，可用 /v1/search 查找。")
        return found.to_dict()

    @app.post("/v1/check", dependencies=guarded, summary="质量协议审查（multipart：file 或 text）",
              description=f"字段 file 上传协议（.docx .pdf .txt .md，不超过 {MB} MB），或字段 text 粘贴协议文本。"
                          "协议只在内存中处理，不写入磁盘、不入库、不记日志。`report=docx|md` 返回审查报告，`report=redline` 返回加了批注的 Word 原件。",
              # The body is parsed in memory below, so the form is described here for /docs.
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                  "type": "object", "properties": {"file": {"type": "string", "format": "binary"},
                                                   "text": {"type": "string"}}}}}}})
    async def check(request: Request,
                    report: Annotated[Literal["docx", "md", "redline"] | None,
                                      Query(description="返回报告文件：docx、md，或 redline（在上传的 Word 原件上加批注）")]
                    = None):
        from qa_app.agreement import agreement_from_bytes, agreement_from_text
        from qa_app.agreement.redline import redline
        from qa_app.agreement.report import to_docx, to_markdown

        parts = form_parts(await request.body(), request.headers.get("content-type", ""))
        filename, data = parts.get("file", (None, b""))
        if filename is not None and len(data) > MAX_BYTES:
            raise ApiError(413, "too_large", too_large_message("/v1/check"))
        if report == "redline" and not (filename or "").lower().endswith(".docx"):
            raise ApiError(400, "redline_needs_docx", "批注版是在协议原件上加批注：请用字段 file 上传 Word (.docx) 文件，"
                                                      "或改用 report=docx 取审查报告。")

        def run():
            if filename:
                agreement = agreement_from_bytes(data, filename)
            elif parts.get("text", (None, b""))[1].strip():
                agreement = agreement_from_text(parts["text"][1].decode("utf-8", "replace"))
            else:
                raise ApiError(400, "no_agreement", "请先上传协议文件（字段 file）或粘贴协议文本（字段 text）。")
            result = service.checker().check(agreement)
            if report is None:
                return result.to_dict()
            content, media, name = {
                "docx": (lambda: to_docx(result), DOCX, "agreement-report.docx"),
                "md": (lambda: to_markdown(result).encode("utf-8"), "text/markdown; charset=utf-8",
                       "agreement-report.md"),
                "redline": (lambda: redline(data, result), DOCX, "agreement-redline.docx"),
            }[report]
            return Response(content(), media_type=media,
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})

        return await run_in_threadpool(run)

    @app.post("/v1/quiz", dependencies=guarded, summary="培训题库：与 `regkb quiz` 相同的选项",
              description="format=json 返回题目 JSON（与 `regkb quiz --format json` 写出的文件相同），其他格式返回文件。")
    def quiz(request: QuizRequest) -> Response:
        from qa_app.quiz import QuizGenerator, Selection
        from qa_app.quiz.export import FORMATS, MIME, file_name, render

        selection = Selection(n=request.n, types=tuple(request.types or Selection().types),
                              doc_ids=tuple(request.docs or ()), topics=tuple(request.topics or ()),
                              parties=tuple(request.parties or ()), difficulty=tuple(request.difficulty or ()),
                              seed=request.seed)
        items = QuizGenerator(service.facts()).generate(selection)
        if not items:
            raise ApiError(422, "no_questions", "没有符合这些条件的题目。请放宽 docs、topics、parties 或 difficulty。")
        files = render(items, request.format)
        suffix = "-answers" if request.answers and "-answers" in files else ""
        name = file_name(request.format, len(items), tuple(request.topics or ()), suffix)
        media = MIME[request.format] + ("; charset=utf-8" if MIME[request.format].startswith("text/") else "")
        # The Chinese name (培训题库-放行-20题.xlsx) as RFC 6266 filename*, an ASCII one for old clients.
        ascii_name = f"regkb-quiz{suffix}{FORMATS[request.format]}"
        disposition = {} if request.format == "json" else {
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}
        return Response(files[suffix], media_type=media, headers={"X-Regkb-Items": str(len(items)), **disposition})

    @app.get("/v1/models", dependencies=guarded, summary="OpenAI 兼容：模型列表（只有 regkb）")
    def models() -> dict:
        return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "regkb"}]}

    @app.post("/v1/chat/completions", dependencies=guarded, summary="OpenAI 兼容的对话接口",
              description="最后一条 user 消息是问题，之前的 user 消息是对话历史（用来理解追问）；"
                          "回答是一条 assistant 消息，依据列为编号清单。stream=true 时以 server-sent events 返回。")
    def chat(request: ChatRequest):
        questions = [_message_text(m).strip() for m in request.messages if m.role == "user"]
        questions = [q for q in questions if q]
        if not questions:
            raise ApiError(400, "no_question", "messages 中没有用户提问。请把问题放在 role 为 user 的消息里。")
        _, answerer = service.current()
        options = {"doc_ids": None, "in_force_only": True}
        history = replay(answerer, questions[:-1], 5, options)
        answer = answerer.ask(questions[-1], 5, history=history, **options)
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if request.stream:
            return StreamingResponse(sse_events(answer, completion_id, created), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        text = chat_text(answer)
        return {"id": completion_id, "object": "chat.completion", "created": created, "model": MODEL,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": sum(len(q) for q in questions), "completion_tokens": len(text),
                          "total_tokens": sum(len(q) for q in questions) + len(text)},
                "regkb": answer.to_dict()}

    return app


def serve(settings: Settings, *, host: str, port: int, token: str | None) -> None:
    """Open the knowledge base and serve it until interrupted."""
    import uvicorn

    from ingest.embed import make_embedder

    if not token and not is_loopback(host):
        raise InputError(f"没有设置 REGKB_API_TOKEN，不能在 {host} 上对外提供服务：任何能连到这台机器的人都能调用接口。"
                         "请设置 REGKB_API_TOKEN（一个足够长的随机字符串，例如 `openssl rand -hex 32` 的输出）后重试，"
                         "或者只监听 127.0.0.1。")
    service = Service(settings, make_embedder(settings.embed_model, settings.threads), Tokenizer())
    app = create_app(service, token)
    uvicorn.run(app, host=host, port=port, server_header=False, log_level="info")
