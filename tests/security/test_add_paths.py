"""`regkb add` copies a file's text into the knowledge base everyone reads, so it takes the file
named and nothing else: no symbolic link (as the file or as any folder on the way), no path
that resolves somewhere else, no device, FIFO or folder. Nothing is written when it refuses.
And no document disappears: an id taken by another document is refused (and that document
named) unless the user asks to replace an earlier added one.
"""

from __future__ import annotations

import json
import os

import pytest

from ingest.corpus import MAX_ID, derive_id, import_file
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
        assert code == 2 and "的符号链接" in err and f"{named}”" in err, err
        assert not home.exists()


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused(home, capsys, path):
    code, err = add(capsys, path)
    assert code == 2 and "不是普通文件" in err and not home.exists()


def test_fifos_and_folders_are_refused_without_blocking(tmp_path, home, capsys):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    code, err = add(capsys, fifo)
    assert code == 2 and "不是普通文件" in err
    code, err = add(capsys, tmp_path)
    assert code == 2 and "是文件夹，不是文件" in err
    assert not home.exists()


def test_a_link_swapped_in_after_the_check_is_refused_when_opened(layout, monkeypatch):
    """The open itself refuses a link (O_NOFOLLOW), so replacing the file between the checks
    and the read does not smuggle another file in."""
    link = layout / "uploads" / "link.txt"
    monkeypatch.setattr(type(link), "lstat", lambda self: os.stat(layout / "uploads" / "notice.txt"))
    with pytest.raises(InputError, match="是符号链接"):
        read_path(link, follow_symlinks=False)


def test_the_real_file_is_added(layout, tmp_path, monkeypatch):
    added = tmp_path / "home" / "added"
    target = import_file(layout / "uploads" / "notice.txt", added, doc_id="notice")
    assert target == added / "notice.md" and TEXT.strip() in target.read_text(encoding="utf-8")
    monkeypatch.chdir(layout / "uploads")
    assert import_file("notice.txt", added, doc_id="notice-2").exists()  # relative paths too
    # Reading an agreement for `regkb check` still follows links: nothing is stored.
    assert read_path(layout / "uploads" / "link.txt").text.startswith("机密")


# --- ids: no document disappears silently (issue 16 items 3, 5 and 8) ----------------------


@pytest.fixture
def small_home(tmp_path, small_corpus, monkeypatch, hash_embedder, tokenizer):
    """REGKB_HOME over the two-document test corpus, with the test embedder (fast)."""
    from qa_app import cli

    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(small_corpus))
    monkeypatch.setattr(cli, "_components", lambda settings: (hash_embedder, tokenizer))
    return tmp_path / "home"


def cli_run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def indexed_documents(capsys) -> dict[str, int]:
    code, out, _ = cli_run(capsys, "stats", "--json")
    assert code == 0
    return json.loads(out)["per_document"]


@pytest.mark.parametrize("name,expected", [
    ("质量 协议 v1", "zhiliang-xieyi-v1"),
    ("保密 协议 v1", "baomi-xieyi-v1"),
    ("湖北省委托生产质量协议指南（2023版）", "hubeisheng-weituo-shengchan-zhiliang-xieyi-zhinan-2023-ban"),
    ("２０２４年第３８号公告", "2024-nian-di-38-hao-gonggao"),  # full-width digits read as digits
    ("質量協議", "zhiliang-xieyi"),  # traditional characters too
    ("Hubei_2023 Notice", "hubei-2023-notice"),  # ASCII names as before
    ("★☆", ""),  # nothing to make an id from: the user is asked for --id
])
def test_ids_from_file_names_keep_the_chinese_in_pinyin(name, expected):
    assert derive_id(name) == expected


def test_a_long_chinese_name_gives_an_id_within_the_limit():
    doc_id = derive_id("关于进一步加强医疗器械注册人委托生产质量管理体系监督检查工作的通知" * 3)
    assert 50 < len(doc_id) <= MAX_ID and not doc_id.endswith("-")
    assert doc_id.startswith("guanyu-jinyibu-jiaqiang-yiliaoqixie")


def test_chinese_file_names_no_longer_collide(small_home, capsys, tmp_path):
    """The case from the issue: both files used to become `v1`, and the first vanished."""
    quality = _docx(tmp_path / "质量 协议 v1.docx", "委托生产质量协议", "一、受托生产企业应当按照质量协议组织生产。")
    secret = tmp_path / "保密 协议 v1.txt"
    secret.write_text("保密协议\n一、双方应当对技术资料保密。\n", encoding="utf-8")
    code, out, _ = cli_run(capsys, "add", str(quality))
    assert code == 0 and "文档编号 zhiliang-xieyi-v1" in out and "《委托生产质量协议》" in out
    code, out, _ = cli_run(capsys, "add", str(secret))
    assert code == 0 and "文档编号 baomi-xieyi-v1" in out
    assert {"zhiliang-xieyi-v1", "baomi-xieyi-v1"} <= set(indexed_documents(capsys))


def test_an_id_taken_by_an_added_document_is_refused_unless_replace(small_home, capsys, tmp_path):
    first, second = tmp_path / "a" / "通知.txt", tmp_path / "b" / "通知.txt"
    for path, text in ((first, "第一份通知\n一、注册人应当每年报告。\n"), (second, "第二份通知\n一、注册人应当每季度报告。\n")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    assert cli_run(capsys, "add", str(first))[0] == 0
    stored = (small_home / "added" / "tongzhi.md").read_text(encoding="utf-8")

    code, out, err = cli_run(capsys, "add", str(second))
    assert code == 2 and not out
    # Which document would be replaced, and the two ways on.
    assert "文档编号 'tongzhi' 已被之前添加的《第一份通知》使用" in err and "tongzhi.md" in err and "原文件 通知.txt" in err
    assert "--replace" in err and "--id tongzhi-2" in err
    assert (small_home / "added" / "tongzhi.md").read_text(encoding="utf-8") == stored

    code, out, err = cli_run(capsys, "add", str(second), "--replace")
    assert code == 0 and "替换了之前添加的《第一份通知》" in out
    assert [p.name for p in (small_home / "added").iterdir()] == ["tongzhi.md"]
    code, out, _ = cli_run(capsys, "search", "注册人每季度报告", "--k", "1", "--json")
    assert json.loads(out)["hits"][0]["doc_title"] == "第二份通知"

    assert cli_run(capsys, "add", str(first), "--id", "tongzhi-2")[0] == 0  # or both kept, under another id
    assert {"tongzhi", "tongzhi-2"} <= set(indexed_documents(capsys))


@pytest.mark.parametrize("extra", [[], ["--replace"]])
def test_the_id_of_a_shipped_document_is_refused_and_nothing_is_left_behind(small_home, capsys, tmp_path, extra):
    path = tmp_path / "notice.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert cli_run(capsys, "ingest")[0] == 0
    code, _, err = cli_run(capsys, "add", str(path), "--id", "demo-rule", *extra)
    assert code == 2 and "文档编号 'demo-rule' 已被随附法规《示例办法》使用" in err and "--id demo-rule-2" in err
    assert not (small_home / "added").exists()
    # Later ingests and adds go on working.
    code, out, _ = cli_run(capsys, "ingest")
    assert code == 0 and "索引已是最新" in out
    assert cli_run(capsys, "add", str(path), "--id", "demo-rule-2")[0] == 0


def test_a_leftover_with_a_shipped_id_gets_the_right_advice(small_home, capsys, tmp_path):
    """An older regkb let `add --id <shipped id>` through and left the file in added/."""
    assert cli_run(capsys, "ingest")[0] == 0
    leftover = small_home / "added" / "demo-rule.md"
    leftover.parent.mkdir()
    leftover.write_text("---\nid: demo-rule\ntitle: 旧的添加\n---\n第一条 注册人应当报告。\n", encoding="utf-8")
    advice = f"添加的文档 {leftover} 与随附法规"
    code, _, err = cli_run(capsys, "ingest")
    assert code == 2 and advice in err and "请删除它" in err
    code, out, _ = cli_run(capsys, "doctor")
    assert code == 0 and "[警告] 语料：" in out and advice in out  # the index still answers
    leftover.unlink()
    assert cli_run(capsys, "ingest")[0] == 0


def test_a_failed_index_update_takes_the_added_file_back_out(small_home, capsys, tmp_path, monkeypatch):
    import bm25s

    first, second = tmp_path / "a" / "notice.txt", tmp_path / "b" / "notice.txt"
    for path, text in ((first, "第一份\n一、注册人应当报告。\n"), (second, "第二份\n一、注册人应当备案。\n")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    assert cli_run(capsys, "add", str(first))[0] == 0
    before = (small_home / "added" / "notice.md").read_text(encoding="utf-8")

    def fail(*args, **kwargs):
        raise InputError("模拟的索引失败")

    monkeypatch.setattr(bm25s.BM25, "save", fail)
    code, _, err = cli_run(capsys, "add", str(second), "--replace")
    assert code == 2 and "模拟的索引失败" in err
    assert (small_home / "added" / "notice.md").read_text(encoding="utf-8") == before  # put back
    code, _, _ = cli_run(capsys, "add", str(second), "--id", "notice-2")
    assert code == 2 and sorted(p.name for p in (small_home / "added").iterdir()) == ["notice.md"]  # taken out


@pytest.mark.parametrize("doc_id,phrase", [
    ("a" * 300, "文档编号长 300 个字符（300 字节），最多 100 个字符"),
    ("质" * 90, "文档编号长 90 个字符（270 字节），最多 100 个字符"),  # over 255 bytes in fewer characters
    ("质量协议", "只能由小写英文字母、数字和 - . _ 组成"),
])
def test_bad_ids_are_refused_with_a_message(small_home, capsys, tmp_path, doc_id, phrase):
    path = tmp_path / "notice.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, _, err = cli_run(capsys, "add", str(path), "--id", doc_id)
    assert code == 2 and phrase in err and "--id hubei-2023-notice" in err
    assert not small_home.exists()


def _docx(path, *paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path
