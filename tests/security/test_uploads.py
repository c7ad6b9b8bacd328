"""Uploaded and named files are checked for size and type before their content is read or
parsed, on every way in: `regkb check` and `regkb add` here, the agreement page and the
HTTP API in test_hostile_inputs.py (the table of hostile inputs); .docx files are zip-bomb-safe
on the agreement path too.

A 64 GiB sparse file proves "before reading": reading it would take minutes and all memory,
refusing it takes a stat().
"""

from __future__ import annotations

import os
import stat

import pytest

from ingest import readers
from ingest.errors import InputError
from ingest.readers import MAX_BYTES, read_path
from qa_app.agreement.document import agreement_from_bytes
from qa_app.cli import main
from tests.conftest import CORPUS
from tests.fuzz.strategies import wall_clock
from tests.ingest.test_readers import zip_bomb

HUGE = 64 << 30


@pytest.fixture
def env(tmp_path, monkeypatch):
    """An empty REGKB_HOME: refusals come before the index is opened (or built)."""
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(CORPUS))
    return tmp_path / "home"


def regkb(capsys, *argv) -> tuple[int, str]:
    with wall_clock(60):
        code = main([str(a) for a in argv])
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


def sparse(path, size=HUGE):
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb(50)


@pytest.mark.parametrize("command", ["check", "add"])
@pytest.mark.parametrize("name", ["huge.txt", "huge.docx", "huge.pdf", "huge.exe"])
def test_a_huge_file_is_refused_by_its_size_without_being_read(env, capsys, tmp_path, command, name):
    code, err = regkb(capsys, command, sparse(tmp_path / name))
    assert code == 2 and "大小为 65536 MB，超过 10 MB 的上限" in err
    assert not (env / "added").exists()


@pytest.mark.parametrize("command", ["check", "add"])
@pytest.mark.parametrize("name,content,phrase", [
    ("agreement.exe", b"MZ\x90\x00", "的文件类型 .exe 不受支持"),
    ("agreement.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "的文件类型 .doc 不受支持"),
    ("agreement", b"text", "没有扩展名"),
    ("agreement.docx", "第一条 乙方负责。".encode(), "不是有效的 .docx 文件"),
    ("agreement.pdf", b"<html>not a pdf</html>", "不是有效的 PDF 文件"),
])
def test_the_type_is_checked_before_parsing(env, capsys, tmp_path, command, name, content, phrase):
    path = tmp_path / name
    path.write_bytes(content)
    code, err = regkb(capsys, command, path)
    assert code == 2 and phrase in err
    assert not (env / "added").exists()


@pytest.mark.parametrize("command", ["check", "add"])
def test_fifos_and_devices_are_refused_without_blocking(env, capsys, tmp_path, command):
    fifo = tmp_path / "agreement.txt"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", "/dev/null", tmp_path):
        code, err = regkb(capsys, command, path)
        assert code == 2 and ("不是普通文件" in err or "是文件夹" in err), path


def test_a_zip_bomb_is_refused_on_the_agreement_path(env, capsys, tmp_path, bomb):
    with pytest.raises(InputError, match="已损坏或是恶意构造的"):
        agreement_from_bytes(bomb, "bomb.docx")
    (tmp_path / "bomb.docx").write_bytes(bomb)
    code, err = regkb(capsys, "check", tmp_path / "bomb.docx")
    assert code == 2 and "压缩比超过 200:1" in err


def test_an_oversized_upload_is_refused_before_it_is_unzipped(monkeypatch):
    def unzip(*args, **kwargs):
        raise AssertionError("the upload was opened before its size was checked")

    monkeypatch.setattr(readers.zipfile, "ZipFile", unzip)
    with pytest.raises(InputError, match="超过 10 MB 的上限"):
        agreement_from_bytes(b"PK\x03\x04" + b"\0" * MAX_BYTES, "big.docx")


def test_what_is_opened_is_checked_again(tmp_path, monkeypatch):
    """A path that was a regular file at stat() but is a FIFO when opened (swapped in
    between) is refused, and the open does not block waiting for a writer."""
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    regular = os.stat(__file__)
    assert stat.S_ISREG(regular.st_mode)
    monkeypatch.setattr(type(fifo), "stat", lambda self, **kw: regular)
    with wall_clock(30), pytest.raises(InputError, match="不是普通文件"):
        read_path(fifo)
