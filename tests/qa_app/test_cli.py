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
    assert code == 0 and "新增 2 部" in out
    code, out, _ = run(capsys, "ingest")
    assert code == 0 and "索引已是最新" in out
    code, out, _ = run(capsys, "search", "谁负责上市放行", "--k", "2", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["hits"]) == 2
    top = data["hits"][0]
    assert top["clause_id"] == "demo-rule:art2" and top["ref"] == "《示例办法》第二条"
    assert set(top) >= {"clause_id", "doc_id", "doc_title", "ref", "text", "score"}
    code, out, _ = run(capsys, "show", "demo-rule:art2")
    assert code == 0 and "第二条 注册人应当负责产品上市放行" in out and "[应当] 注册人/备案人" in out
    code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["documents"] == 2
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "2 部文件，10 条条款" in out and "示例办法（现行有效）" in out and "  条：" in out


def test_unknown_ids_are_refused_clearly(env, capsys):
    run(capsys, "ingest")
    code, _, err = run(capsys, "show", "demo-rule:art99")
    assert code == 2 and "没有编号为 'demo-rule:art99' 的条款" in err
    code, _, err = run(capsys, "search", "放行", "--doc", "no-such-doc")
    assert code == 2 and "没有这些编号的文件：no-such-doc" in err


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
    ("empty.txt", lambda p: p.write_bytes(b""), "是空文件"),
    ("sheet.xlsx", lambda p: p.write_bytes(b"PK\x03\x04"), "的文件类型 .xlsx 不受支持"),
    ("huge.txt", lambda p: open(p, "wb").truncate(11 * 1024 * 1024), "超过 10 MB 的上限"),
    ("scan.pdf", lambda p: _pdf(p), "没有文字层"),
    ("locked.pdf", lambda p: _pdf(p, "Quality agreement text " * 5, encrypt=True), "已加密"),
    ("broken.docx", lambda p: p.write_bytes(b"not a zip at all"), "不是有效的 .docx 文件"),
])
def test_add_refuses_bad_files_with_exit_code_2(env, capsys, tmp_path, name, make, phrase):
    path = tmp_path / name
    make(path)
    code, out, err = run(capsys, "add", str(path))
    assert code == 2
    assert phrase in err and "Traceback" not in err
    assert not (env.home / "added").exists() or not any((env.home / "added").iterdir())


@pytest.mark.parametrize("doc_id", ["a" * 101, "x" * 256, "notice-" + "2024" * 80])
def test_add_refuses_an_overlong_id_with_a_message(env, capsys, tmp_path, doc_id):
    path = tmp_path / "notice.txt"
    path.write_text("一、注册人应当报告。", encoding="utf-8")
    code, out, err = run(capsys, "add", str(path), "--id", doc_id)
    assert code == 2 and "最多 100 个字符" in err and "Traceback" not in err
    assert not (env.home / "added").exists() or not any((env.home / "added").iterdir())


def test_add_refuses_symlinks(env, capsys, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("一、注册人应当报告。", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(capsys, "add", str(link))
    assert code == 2 and "符号链接" in err


def test_python_m_and_help_on_every_command():
    for argv in (["--help"], ["ingest", "--help"], ["add", "--help"], ["search", "--help"],
                 ["stats", "--help"], ["show", "--help"]):
        done = subprocess.run([sys.executable, "-m", "qa_app", *argv], capture_output=True, text=True, cwd=REPO)
        assert done.returncode == 0 and "用法：regkb" in done.stdout


BATCH = ['{"id": "q1", "question": "谁负责产品上市放行？"}', "",
         '{"id": 2, "question": "受托生产企业能不能再次委托生产？"}',
         '{"id": "q3", "question": "谁对受托生产企业开展日常监督检查？", "conversation": "c1"}']


def test_ask_batch_answers_every_line_in_order_like_single_ask(env, capsys, tmp_path):
    run(capsys, "ingest")
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(BATCH) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "ask", "--batch", str(path), "--json")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["q1", 2, "q3"]
    assert rows[2]["conversation"] == "c1" and "conversation" not in rows[0]
    for row, line in zip(rows, [BATCH[0], BATCH[2], BATCH[3]]):
        _, single, _ = run(capsys, "ask", json.loads(line)["question"], "--json")
        assert {k: v for k, v in row.items() if k not in ("id", "conversation")} == json.loads(single)


def test_ask_batch_reads_stdin_and_prints_id_tab_answer(env, capsys, monkeypatch):
    import io

    run(capsys, "ingest")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(BATCH)))
    code, out, err = run(capsys, "ask", "--batch", "-")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["q1", "2", "q3"]
    assert all(line.count("\t") == 1 and line.split("\t")[1] for line in lines)


@pytest.mark.parametrize("bad,phrase", [("not json", "第 2 行不是 JSON"),
                                        ('{"id": 2, "question": "  "}', '第 2 行没有非空的 "question"'),
                                        ('["谁负责放行？"]', "第 2 行没有非空的")])
def test_ask_batch_refuses_a_bad_line_before_answering(env, capsys, tmp_path, bad, phrase):
    run(capsys, "ingest")
    path = tmp_path / "questions.jsonl"
    path.write_text(BATCH[0] + "\n" + bad + "\n" + BATCH[2] + "\n", encoding="utf-8")
    code, out, err = run(capsys, "ask", "--batch", str(path), "--json")
    assert code == 2 and out == ""
    assert phrase in err and "请每行写一个 JSON 对象" in err and "Traceback" not in err


def test_ask_needs_a_question_or_a_batch(env, capsys):
    code, _, err = run(capsys, "ask")
    assert code == 2 and "--batch" in err


def test_ask_batch_passes_earlier_turns_of_a_conversation(env, capsys, tmp_path, monkeypatch):
    import qa_app.answer

    seen = []

    class Recording(qa_app.answer.Answerer):
        def ask(self, question, k=5, *, history=(), **options):
            seen.append((question, [q for q, _ in history]))
            return super().ask(question, k, **options)

    run(capsys, "ingest")
    monkeypatch.setattr(qa_app.answer, "Answerer", Recording)
    lines = [{"id": 1, "question": "谁负责上市放行？", "conversation": "a"},
             {"id": 2, "question": "谁负责生产放行？"},
             {"id": 3, "question": "那他能委托吗？", "conversation": "a"}]
    path = tmp_path / "turns.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    code, out, _ = run(capsys, "ask", "--batch", str(path))
    assert code == 0 and len(out.splitlines()) == 3
    assert seen == [("谁负责上市放行？", []), ("谁负责生产放行？", []), ("那他能委托吗？", ["谁负责上市放行？"])]


def test_ask_batch_reads_a_follow_up_in_its_conversation(env, capsys, tmp_path):
    run(capsys, "ingest")
    lines = [{"id": 1, "question": "谁负责产品上市放行？", "conversation": "a"},
             {"id": 2, "question": "那生产放行呢？", "conversation": "a"},
             {"id": 3, "question": "那生产放行呢？"}]
    path = tmp_path / "turns.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    code, out, err = run(capsys, "ask", "--batch", str(path), "--json")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[1]["resolved_question"] == "谁负责产品生产放行？" and rows[1]["question"] == "那生产放行呢？"
    assert rows[2]["resolved_question"] is None  # not in a conversation: asked alone


def test_ask_prints_what_the_chat_copies_with_clause_ids_and_how_sure(env, capsys):
    run(capsys, "ingest")
    code, out, _ = run(capsys, "ask", "谁负责产品上市放行？")
    assert code == 0
    answer, _, rest = out.partition("\n\n引用条文：\n")
    assert "[1]" in answer, "the answer marks the clause it quotes with its number"
    assert "[1] 《示例办法》第二条（demo-rule:art2）：" in rest
    assert "可信度：" in rest and "涉及主体：注册人/备案人" in rest
