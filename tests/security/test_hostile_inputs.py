"""The hostile-input table (issue 16, "keep it from coming back"): every agreement built to
hurt - empty, corrupt, scanned, encrypted, huge, wrongly encoded, a zip bomb, a FIFO, a
symbolic link, agreements over the cap of one check (test_bounds.HOSTILE) and the largest
still accepted - run against each way an agreement comes in:

- the command line, `python -m qa_app check FILE` in a subprocess (test_bounds.run_check):
  the exit code, the reason on stderr (the report on stdout), no traceback, within the
  row's CPU seconds and 1 GiB of peak memory;
- the 质量协议审查 page through AppTest: the reason in an st.error (or the report), no
  exception, nothing written under REGKB_HOME;
- the HTTP API, `POST /v1/check` through an in-process client on the app factory: a 4xx
  JSON error whose message leads in Chinese and gives the reason (or the report), no
  traceback, nothing written under REGKB_HOME.

A FIFO and a symbolic link exist only on the command line (an upload is bytes); a file
type the page does not accept never reaches it (the uploader refuses it). What each row
shows the user is summarised in docs/deploy.md ("What we tested").

Most reasons come from the file readers (ingest/readers.py): the command line and the page
show them as they are, the API after its Chinese lead (提交的内容无法处理：…). Every reason
is in Chinese and says what to do (``test_the_reason_is_said_in_chinese``).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from ingest.errors import InputError
from ingest.readers import MAX_BYTES
from ingest.settings import Settings
from qa_app.agreement.document import agreement_from_bytes, read_agreement
from tests.api.test_api import error_of
from tests.conftest import CORPUS, NOTICE, RULE, HashEmbedder, write_doc
from tests.ingest.test_readers import encrypted_pdf, zip_bomb
from tests.qa_app.test_agreement_cli import SECRET as SECRET_AGREEMENT
from tests.qa_app.test_agreement_cli import files_under
from tests.security.test_bounds import GIB, HOSTILE, MB, run_check, wall_allowance

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three words in a row
SECRET = "保密条款Z9"  # in the file a symbolic link points at: never shown


def scanned_pdf() -> bytes:
    """A PDF whose pages are images only: no text layer (a blank page stands for the scan)."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def noise(size: int) -> bytes:
    return bytes((i * 131 + 7) % 256 for i in range(size))


def fifo(path: Path, content: bytes) -> None:
    os.mkfifo(path)


def symlink(path: Path, content: bytes) -> None:
    target = path.with_name("target.txt")
    target.write_text(f"第一条 甲方负责上市放行。{SECRET}", encoding="utf-8")
    path.symlink_to(target)


@dataclass(frozen=True)
class Row:
    name: str
    filename: str
    content: Callable[[], bytes | str]
    phrase: str  # the reason every surface shows (for an accepted agreement: the CLI report's heading)
    code: int = 2  # `regkb check` exit code
    status: int = 400  # POST /v1/check
    api_phrase: str | None = None  # what the API says instead of ``phrase``
    seconds: float = 10  # CPU seconds `regkb check` may take
    checked: bool = False  # accepted and checked against the full index (slow)
    on_disk: Callable[[Path, bytes], None] | None = None  # a FIFO or a link: the command line only
    page: bool = True  # the page's uploader accepts the file type

    def data(self) -> bytes:
        content = self.content()
        return content.encode("utf-8") if isinstance(content, str) else content

    def reason(self, surface: str) -> str:
        return self.api_phrase if surface == "api" and self.api_phrase else self.phrase


UPLOADS = [
    Row("empty file", "empty.txt", lambda: b"", "是空文件，没有可读取的文字"),
    Row("white space only", "blank.md", lambda: " \n\u3000\n\t\n".encode(), "没有可读取的文字"),
    Row("corrupt .docx", "corrupt.docx", lambda: b"PK\x03\x04" + noise(4096), "不是有效的 .docx 文件"),
    Row("text renamed .docx", "renamed.docx", lambda: "第一条 乙方负责。".encode(), "不是有效的 .docx 文件"),
    Row("password-protected Office file or old .doc named .docx", "locked.docx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048, "设了密码的（加密的）Office 文件或旧版 .doc 文件"),
    Row("corrupt PDF", "corrupt.pdf", lambda: b"%PDF-1.7\n" + noise(4096), "不是有效的 PDF 文件"),
    Row("scanned PDF (image only)", "scan.pdf", scanned_pdf, "没有文字层（可能是扫描件）"),
    Row("encrypted PDF (AES-256, needs a password)", "locked.pdf", lambda: encrypted_pdf("secret", "AES-256"),
        "已加密"),
    Row("over 10 MB", "huge.txt", lambda: b"a" * (MAX_BYTES + 1), "超过 10 MB 的上限",
        status=413, api_phrase="上传的文件超过 10 MB 上限"),
    Row("wrongly encoded text (decodes only to rare characters)", "odd.txt",
        lambda: ("龘靐齉麤爩鱻" * 200).encode("gb18030"), "的文字编码无法识别：请用记事本等编辑器把它另存为 UTF-8"),
    Row("binary data named .txt", "binary.txt", lambda: b"\0\x01\x02\x03" * 1024, "看起来是二进制文件"),
    Row("zip bomb .docx (50 MB of zeros)", "bomb.docx", lambda: zip_bomb(50), "已损坏或是恶意构造的"),
    Row("unsupported type .exe", "agreement.exe", lambda: b"MZ\x90\x00" + noise(512), "的文件类型 .exe 不受支持",
        page=False),
    Row("FIFO", "agreement.txt", lambda: b"", "不是普通文件", on_disk=fifo),
    Row("symbolic link", "agreement.txt", lambda: b"", "是符号链接", on_disk=symlink),
]

# The agreements built to exhaust the check (tests/security/test_bounds.py), refused over
# the cap or checked within it.
BOUNDS = [Row(h.name, f"agreement{h.suffix}", h.content, h.phrase, code=h.code, status=200 if h.checked else 400,
              seconds=h.seconds, checked=h.checked) for h in HOSTILE]

TABLE = UPLOADS + BOUNDS
REFUSED = [r for r in TABLE if not r.checked]
CHECKED = [r for r in TABLE if r.checked]


def params(rows: list[Row]) -> list:
    return [pytest.param(r, id=r.name, marks=[pytest.mark.slow] if r.checked else []) for r in rows]


def put(row: Row, folder: Path) -> Path:
    path = folder / row.filename
    if row.on_disk:
        row.on_disk(path, row.data())
    else:
        path.write_bytes(row.data())
    return path


# -- the reason, in Chinese --------------------------------------------------------------------------


@pytest.mark.parametrize("row", [pytest.param(r, id=r.name) for r in REFUSED])
def test_the_reason_is_said_in_chinese(row, tmp_path):
    """What the command line prints after `regkb:` and the page shows in its st.error."""
    with pytest.raises(InputError) as refused:
        if row.on_disk:
            read_agreement(put(row, tmp_path))
        else:
            agreement_from_bytes(row.data(), row.filename)
    message = str(refused.value).replace(row.filename, "")
    assert row.phrase in message
    assert len(HAN.findall(message)) >= 6, message
    assert "请" in message, message  # ... and what to do
    assert not ENGLISH.search(message), message  # no sentence left in English


# -- the command line --------------------------------------------------------------------------------


@pytest.mark.parametrize("row", params(TABLE))
def test_the_command_line(row, request, tmp_path):
    home = request.getfixturevalue("full_home") if row.checked else tmp_path / "empty-home"
    before = files_under(home) if row.checked else {}
    folder = tmp_path / "in"
    folder.mkdir()
    path = put(row, folder)

    run = run_check(path, home)

    assert "Traceback" not in run.err + run.out
    # A checked agreement exits 0, or 1 when the report has an error-level violation (a
    # duty word repeated without a party can read as one): either way it was checked in bounds.
    assert run.code == row.code or (row.checked and run.code == 1 and not run.err.strip()), run.err[-500:]
    assert row.phrase in (run.out if row.checked else run.err), run.err[-500:]
    assert SECRET not in run.out + run.err
    assert run.peak <= GIB, f"peak RSS {run.peak / MB:.0f} MB"
    assert run.cpu <= row.seconds, f"{run.cpu:.1f} s of CPU"
    assert run.wall <= row.seconds * wall_allowance(), f"{run.wall:.1f} s"
    assert (files_under(home) if row.checked else home.exists()) == (before if row.checked else False)


# -- the upload page ---------------------------------------------------------------------------------


def agreement_page():
    from streamlit.testing.v1 import AppTest

    from tests.qa_app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "agreement"
    return at.run()


def upload(at, row: Row):
    at.file_uploader[0].set_value((row.filename, row.data(), "application/octet-stream")).run()
    at.button(key="agreement_run").click().run()
    assert not at.exception, (row.name, [e.value for e in at.exception])
    return at


@pytest.fixture
def page(full_home):
    import streamlit as st

    st.cache_resource.clear()
    yield full_home
    st.cache_resource.clear()


@pytest.mark.slow
def test_the_page_refuses_each_hostile_upload_with_the_reason(page):
    before = files_under(page)
    at = agreement_page()
    ordinary = Row("an ordinary agreement", "ordinary.txt", lambda: SECRET_AGREEMENT, "")
    for row in REFUSED:
        if row.on_disk or not row.page:
            continue
        assert upload(at, ordinary).metric  # a report on the page ...
        upload(at, row)
        assert [e.value for e in at.error] and row.phrase in at.error[0].value, (row.name, [e.value for e in at.error])
        assert not at.metric, row.name  # ... gone with the refused upload: no stale findings
    assert files_under(page) == before


@pytest.mark.slow
def test_the_page_accepts_only_agreement_file_types(page):
    at = agreement_page()
    at.file_uploader[0].set_value(("agreement.exe", b"MZ\x90\x00", "application/octet-stream")).run()
    # Streamlit's uploader refuses it on the server too (a browser does not offer it at all).
    assert "Invalid file extension: `.exe`" in at.exception[0].value and not at.metric


@pytest.mark.slow
@pytest.mark.parametrize("row", params(CHECKED))
def test_the_page_checks_the_largest_accepted_agreements(page, row):
    before = files_under(page)
    at = upload(agreement_page(), row)
    assert not at.error and {m.label for m in at.metric} == {"已覆盖", "部分覆盖", "缺失", "违规"}
    assert files_under(page) == before


# -- the HTTP API ------------------------------------------------------------------------------------


def api_client(settings: Settings, embedder, tokenizer):
    from fastapi.testclient import TestClient

    from qa_app.api import Service, create_app

    return TestClient(create_app(Service(settings, embedder, tokenizer)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def small_api(tmp_path_factory, tokenizer):
    """The API over a small index: a refusal comes before the knowledge base is asked."""
    from ingest.index import Ingestor

    root = tmp_path_factory.mktemp("hostile-api")
    corpus = root / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    settings = Settings(home=root / "home", corpus=corpus, embed_model="", threads=1)
    Ingestor(settings, HashEmbedder(), tokenizer).run()
    with api_client(settings, HashEmbedder(), tokenizer) as client:
        yield client, settings.home


@pytest.fixture(scope="module")
def full_api(full_kb, tmp_path_factory):
    import shutil

    home = tmp_path_factory.mktemp("hostile-full-api") / "home"
    shutil.copytree(full_kb.generation.parent.parent, home)
    settings = Settings(home=home, corpus=CORPUS, embed_model="", threads=1)
    with api_client(settings, full_kb.embedder, full_kb.tokenizer) as client:
        yield client, home


def post(client, row: Row):
    return client.post("/v1/check", files={"file": (row.filename, row.data(), "application/octet-stream")})


@pytest.mark.parametrize("row", [r for r in params(REFUSED) if not r.values[0].on_disk])
def test_the_api_refuses_each_hostile_upload_with_a_chinese_json_error(small_api, row):
    client, home = small_api
    before = files_under(home)
    response = post(client, row)
    assert response.status_code == row.status
    error = error_of(response)  # {"error": {"message", "code"}}, Chinese, no traceback
    assert error["code"] == ("too_large" if row.status == 413 else "invalid_input")
    assert HAN.match(error["message"]) and row.reason("api") in error["message"], error
    if row.status == 400:  # the lead, then the reader's sentence, which names the file first
        assert error["message"].startswith(f"提交的内容无法处理：“{row.filename}”"), error
    assert SECRET not in response.text
    assert files_under(home) == before


@pytest.mark.slow
@pytest.mark.parametrize("row", params(CHECKED))
def test_the_api_checks_the_largest_accepted_agreements(full_api, row):
    client, home = full_api
    before = files_under(home)
    response = post(client, row)
    assert response.status_code == 200, response.text[:500]
    report = response.json()
    assert report["document"] == row.filename and set(report["summary"]) >= {"covered", "partial", "missing"}
    assert files_under(home) == before

