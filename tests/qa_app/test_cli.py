"""The `regkb` command line, driven in-process on a small corpus."""

import json
import subprocess
import sys

import pytest

from qa_app.cli import main
from tests.conftest import REPO


@pytest.fixture
def env(monkeypatch, small_settings):
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    return small_settings


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_before_ingest_says_what_to_do(env, capsys):
    code, out, err = run(capsys, "search", "上市放行")
    assert code == 1 and "regkb ingest" in err and "Traceback" not in err


def test_ingest_search_show_stats(env, capsys):
    code, out, _ = run(capsys, "ingest")
    assert code == 0 and "2 new" in out
    code, out, _ = run(capsys, "ingest")
    assert code == 0 and "up to date" in out
    code, out, _ = run(capsys, "search", "谁负责上市放行", "--k", "2", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["hits"]) == 2
    top = data["hits"][0]
    assert top["clause_id"] == "demo-rule:art2" and top["ref"] == "《示例办法》第二条"
    assert set(top) >= {"clause_id", "doc_id", "doc_title", "ref", "text", "score"}
    code, out, _ = run(capsys, "show", "demo-rule:art2")
    assert code == 0 and "第二条 注册人应当负责产品上市放行" in out and "[obligation] 注册人/备案人" in out
    code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["documents"] == 2


def test_unknown_ids_are_refused_clearly(env, capsys):
    run(capsys, "ingest")
    code, _, err = run(capsys, "show", "demo-rule:art99")
    assert code == 2 and "No clause with id" in err
    code, _, err = run(capsys, "search", "放行", "--doc", "no-such-doc")
    assert code == 2 and "Unknown document id" in err


def test_contact_details_are_never_search_results(env, capsys):
    run(capsys, "ingest")
    _, out, _ = run(capsys, "search", "联系人 电话 张三", "--k", "10", "--json")
    assert all("张三" not in h["text"] and "13800000000" not in h["text"] for h in json.loads(out)["hits"])


def test_add_gbk_text_file_makes_it_searchable(env, capsys, tmp_path):
    path = tmp_path / "local-notice.txt"
    path.write_bytes("某省关于委托生产的通知\n一、受托生产企业应当每季度报告生产情况。\n".encode("gb18030"))
    code, out, err = run(capsys, "add", str(path), "--id", "local-notice")
    assert code == 0, err
    assert (env.home / "added" / "local-notice.md").exists()
    assert not (env.corpus / "local-notice.md").exists()  # corpus/ is never written
    _, out, _ = run(capsys, "search", "每季度报告生产情况", "--json")
    assert json.loads(out)["hits"][0]["doc_id"] == "local-notice"


def _pdf(path, text=None, encrypt=False):
    from pypdf import PdfWriter

    if text is None:
        writer = PdfWriter()
        writer.add_blank_page(200, 200)
        if encrypt:
            writer.encrypt("secret")
        with open(path, "wb") as handle:
            writer.write(handle)
        return path
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.save()
    if encrypt:
        from pypdf import PdfReader

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.encrypt("secret")
        with open(path, "wb") as handle:
            writer.write(handle)
    return path


@pytest.mark.parametrize("name,make,phrase", [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty"),
    ("sheet.xlsx", lambda p: p.write_bytes(b"PK\x03\x04"), "unsupported file type"),
    ("huge.txt", lambda p: open(p, "wb").truncate(11 * 1024 * 1024), "limit is 10 MB"),
    ("scan.pdf", lambda p: _pdf(p), "no text layer"),
    ("locked.pdf", lambda p: _pdf(p, "Quality agreement text " * 5, encrypt=True), "encrypted"),
    ("broken.docx", lambda p: p.write_bytes(b"not a zip at all"), "not a valid .docx"),
])
def test_add_refuses_bad_files_with_exit_code_2(env, capsys, tmp_path, name, make, phrase):
    path = tmp_path / name
    make(path)
    code, out, err = run(capsys, "add", str(path))
    assert code == 2
    assert phrase in err and "Traceback" not in err
    assert not (env.home / "added").exists() or not any((env.home / "added").iterdir())


def test_add_refuses_symlinks(env, capsys, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("一、注册人应当报告。", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(capsys, "add", str(link))
    assert code == 2 and "symbolic link" in err


def test_python_m_and_help_on_every_command():
    for argv in (["--help"], ["ingest", "--help"], ["add", "--help"], ["search", "--help"],
                 ["stats", "--help"], ["show", "--help"]):
        done = subprocess.run([sys.executable, "-m", "qa_app", *argv], capture_output=True, text=True, cwd=REPO)
        assert done.returncode == 0 and "usage: regkb" in done.stdout
