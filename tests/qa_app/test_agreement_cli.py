"""`regkb check FILE [--json] [--report out.docx|out.md]`, driven in-process.

Bad input is refused before the index is opened (fast tests); the checks themselves run
against a copy of the full-corpus index (slow: the library cites the real regulations).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import docx
import pytest

from qa_app.cli import main
from tests.conftest import CORPUS, REPO

AGREEMENTS = REPO / "evals" / "agreements"
MARKER = "保密标记Q7K2"
SECRET = f"""医疗器械委托生产质量协议
甲方（委托方）：{MARKER}医疗科技有限公司
乙方（受托方）：某某医疗器械有限公司
第一条 本协议适用于{MARKER}牌一次性使用无菌注射器，规格型号：5ml，注册证编号：国械注准20213140456。
第二条 乙方负责产品的生产放行和上市放行。
第三条 因本协议产生的争议，双方协商解决；协商不成的，提交仲裁委员会仲裁。
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(CORPUS))
    return tmp_path / "home"


@pytest.fixture
def home(full_home):
    return full_home


def files_under(root):
    return {p.relative_to(root) for p in root.rglob("*")}


def mentions_marker(root) -> list[str]:
    needles = [MARKER.encode(enc) for enc in ("utf-8", "gb18030", "utf-16-le")]
    return [str(p) for p in root.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)]


@pytest.mark.parametrize("name,content,phrase", [
    ("empty.txt", b"", "是空文件"),
    ("sheet.xlsx", b"PK\x03\x04", "的文件类型 .xlsx 不受支持"),
    ("broken.docx", b"not a zip at all", "不是有效的 .docx 文件"),
])
def test_bad_files_are_refused_with_exit_code_2(empty_home, capsys, tmp_path, name, content, phrase):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, "check", path)
    assert code == 2 and phrase in err and "Traceback" not in err
    assert not empty_home.exists()  # refused before the index was even looked for


@pytest.mark.parametrize("target", ["secret.txt", "../outside.txt", "agreement.md"])
def test_a_symbolic_link_is_refused_not_followed(empty_home, capsys, tmp_path, target):
    """The README says symlinks are refused: `check` must not read what a link points at."""
    real = (tmp_path / target).resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    real.write_text("甲方应当负责上市放行。MARKER-SECRET", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    code, out, err = run(capsys, "check", link)
    assert code == 2 and "是符号链接" in err and "MARKER-SECRET" not in out + err


def test_bad_report_name_is_refused_before_checking(empty_home, capsys):
    code, _, err = run(capsys, "check", AGREEMENTS / "complete.md", "--report", "out.pdf")
    assert code == 2 and "须以 .docx 或 .md 结尾" in err


@pytest.mark.parametrize("source,target", [("complete.md", "out.docx"), ("adverse-events-to-manufacturer.docx", "out.md")])
def test_redline_needs_word_in_and_out(empty_home, capsys, tmp_path, source, target):
    code, _, err = run(capsys, "check", AGREEMENTS / source, "--redline", tmp_path / target)
    assert code == 2 and "必须是 Word (.docx)" in err and not (tmp_path / target).exists()


@pytest.mark.slow
def test_redline_writes_the_marked_up_copy(home, capsys, tmp_path):
    from tests.qa_app.test_agreement_parties import comments_by_paragraph

    code, out, _ = run(capsys, "check", AGREEMENTS / "adverse-events-to-manufacturer.docx",
                       "--redline", tmp_path / "批注.docx")
    assert code == 1 and "批注版已写入" in out
    marked = comments_by_paragraph((tmp_path / "批注.docx").read_bytes())
    flagged = [text for text, notes in marked.items() if any(n.startswith("【违规】") for n in notes)]
    assert flagged and "不良事件监测" in flagged[0]


def test_help():
    done = subprocess.run([sys.executable, "-m", "qa_app", "check", "--help"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0 and "用法：regkb check" in done.stdout and "--report" in done.stdout
    help_text = " ".join(done.stdout.split())
    assert "1 = 至少一处错误级违规" in help_text and "2 = 输入有误" in help_text


@pytest.mark.slow
def test_exit_code_gates_a_workflow(home, capsys, tmp_path):
    """0 for an agreement without error-level violations, 1 with one, 2 for bad input."""
    clean, _, _ = run(capsys, "check", AGREEMENTS / "complete.md")
    shifted, out, _ = run(capsys, "check", AGREEMENTS / "adverse-events-to-manufacturer.docx")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad, _, err = run(capsys, "check", empty)
    assert (clean, shifted, bad) == (0, 1, 2)
    assert out.startswith("质量协议审查") and "协议双方：" in out and "委托方（注册人）" in out


@pytest.mark.slow
def test_json_contract_and_findings(home, capsys):
    code, out, _ = run(capsys, "check", AGREEMENTS / "market-release-to-manufacturer.md", "--json")
    assert code == 1  # an error-level violation
    data = json.loads(out)
    assert set(data) == {"document", "parties", "requirements", "violations", "summary"}
    assert data["document"] == "market-release-to-manufacturer.md"
    assert [v["rule_id"] for v in data["violations"]] == ["market-release-to-manufacturer"]
    violation = data["violations"][0]
    assert violation["evidence"]["location"] == "九（二）" and "上市放行" in violation["evidence"]["text"]
    assert violation["basis"][0]["ref"] == "《医疗器械生产监督管理办法》第三十四条"
    statuses = {r["id"]: r["status"] for r in data["requirements"]}
    assert statuses["release"] == "partial" and statuses["kpi"] == "missing" and statuses["audit"] == "covered"
    assert data["summary"]["violations"] == 1


@pytest.mark.slow
def test_text_output_and_reports(home, capsys, tmp_path):
    code, out, _ = run(capsys, "check", AGREEMENTS / "ten-year-term.pdf", "--report", tmp_path / "r.docx")
    assert code == 1  # the term beyond the certificates is an error
    assert "违规条款：" in out and "协议期限超过注册证或生产许可证有效期" in out and "（第2页）" in out
    assert f"报告已写入 {tmp_path / 'r.docx'}" in out
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "本协议自2025年3月1日起生效，有效期十年。" in text
    code, out, err = run(capsys, "check", AGREEMENTS / "complete.md", "--json", "--report", tmp_path / "r.md")
    assert code == 0 and json.loads(out)["summary"]["missing"] == 0 and "报告已写入" in err
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# 医疗器械委托生产质量协议审查报告")


@pytest.mark.slow
def test_pasted_text_on_standard_input(home, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SECRET.encode("utf-8")), encoding="utf-8"))
    code, out, _ = run(capsys, "check", "-", "--json")
    data = json.loads(out)
    assert code == 1 and data["document"] == "标准输入"
    assert [v["rule_id"] for v in data["violations"]] == ["market-release-to-manufacturer"]


@pytest.mark.slow
def test_nothing_of_the_agreement_remains_under_regkb_home(home, capsys, tmp_path):
    upload = tmp_path / "secret-agreement.docx"
    document = docx.Document()
    for line in SECRET.splitlines():
        document.add_paragraph(line)
    document.save(str(upload))
    before = files_under(home)
    code, out, _ = run(capsys, "check", upload, "--json")
    assert code == 1 and MARKER in out  # the user sees their agreement ...
    assert files_under(home) == before  # ... but nothing new is stored
    assert mentions_marker(home) == []
