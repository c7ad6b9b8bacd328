"""`regkb add` copies a file's text into the knowledge base everyone reads, so it takes the file
named and nothing else: no symbolic link (as the file or as any folder on the way), no path
that resolves somewhere else, no device, FIFO or folder. Nothing is written when it refuses.
"""

from __future__ import annotations

import os

import pytest

from ingest.corpus import import_file
from ingest.errors import InputError
from ingest.readers import read_path
from qa_app.cli import main
from tests.conftest import CORPUS
from tests.fuzz.strategies import wall_clock

TEXT = "一、注册人应当负责产品上市放行。\n二、受托生产企业应当负责生产放行。\n"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(CORPUS))
    return tmp_path / "home"


@pytest.fixture
def layout(tmp_path):
    """uploads/notice.txt (real), secret/ (elsewhere) and links between them."""
    uploads, secret = tmp_path / "uploads", tmp_path / "secret"
    uploads.mkdir()
    secret.mkdir()
    (uploads / "notice.txt").write_text(TEXT, encoding="utf-8")
    (secret / "salaries.txt").write_text("机密 " + TEXT, encoding="utf-8")
    (uploads / "link.txt").symlink_to(secret / "salaries.txt")
    (uploads / "folder").symlink_to(secret, target_is_directory=True)
    (uploads / "null.txt").symlink_to("/dev/null")
    (uploads / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    return tmp_path


def add(capsys, path) -> tuple[int, str]:
    with wall_clock(60):
        code = main(["add", str(path)])
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize("given,named", [
    ("uploads/link.txt", "uploads/link.txt"),  # the file itself is a link
    ("uploads/folder/salaries.txt", "uploads/folder"),  # a folder on the way is a link
    ("uploads/folder/../secret/salaries.txt", "uploads/folder"),  # resolves elsewhere than it reads
    ("uploads/null.txt", "uploads/null.txt"),  # a link to a device
    ("uploads/dangling.txt", "uploads/dangling.txt"),
])
def test_links_anywhere_on_the_path_are_refused(layout, home, capsys, monkeypatch, given, named):
    for path in (layout / given, given):  # absolute, and relative to the working folder
        monkeypatch.chdir(layout)
        code, err = add(capsys, path)
        assert code == 2 and "is a symbolic link" in err and f"{named}'" in err, err
        assert not home.exists()


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused(home, capsys, path):
    code, err = add(capsys, path)
    assert code == 2 and "is not a regular file" in err and not home.exists()


def test_fifos_and_folders_are_refused_without_blocking(tmp_path, home, capsys):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    code, err = add(capsys, fifo)
    assert code == 2 and "is not a regular file" in err
    code, err = add(capsys, tmp_path)
    assert code == 2 and "is a directory" in err
    assert not home.exists()


def test_a_link_swapped_in_after_the_check_is_refused_when_opened(layout, monkeypatch):
    """The open itself refuses a link (O_NOFOLLOW), so replacing the file between the checks
    and the read does not smuggle another file in."""
    link = layout / "uploads" / "link.txt"
    monkeypatch.setattr(type(link), "lstat", lambda self: os.stat(layout / "uploads" / "notice.txt"))
    with pytest.raises(InputError, match="is a symbolic link"):
        read_path(link, follow_symlinks=False)


def test_the_real_file_is_added(layout, tmp_path, monkeypatch):
    added = tmp_path / "home" / "added"
    target = import_file(layout / "uploads" / "notice.txt", added, doc_id="notice")
    assert target == added / "notice.md" and TEXT.strip() in target.read_text(encoding="utf-8")
    monkeypatch.chdir(layout / "uploads")
    assert import_file("notice.txt", added, doc_id="notice-2").exists()  # relative paths too
    # Reading an agreement for `regkb check` still follows links: nothing is stored.
    assert read_path(layout / "uploads" / "link.txt").text.startswith("机密")
