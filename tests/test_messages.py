"""A Chinese office user never meets English: the pages, the CLI and the library's error messages.

Two kinds of check. The source is read (AST) for every message a user can see: the text of the
Streamlit calls in qa_app/ui, the library errors (``RegkbError`` and its kinds) raised anywhere,
what qa_app/cli.py prints and the catalogue qa_app/messages.py. And the CLI is run: its help, each
command's help and a few bad invocations must read as Chinese (technical tokens such as ``--json``,
file names, ids and format names may stay).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from qa_app import messages
from qa_app.cli import build_parser, main
from tests.conftest import REPO

CJK = re.compile(r"[\u4e00-\u9fff]")

# Technical tokens a Chinese text may carry: code in backticks, options, {json}, quoted keys,
# paths, ids and URLs (anything with - _ . / : $ or a digit in it), format and product names.
_TOKENS = re.compile(r"`[^`]*`|\{[^{}]*\}|\"[^\"]*\"|'[^']*'|--?[\w-]+|\S*[-_./:$=<>\d]\S*|"
                     r"\b(?:JSON|Lines|Word|Excel|Markdown|Moodle|GIFT|XML|Anki|OpenAI|HTTP|API|OA|OCR|YAML|"
                     r"UTF|GBK|BM25|Bearer|Authorization|Enter|PDF|DOCX|CSV|USE|AES)\b")
# Three English words in a row: a sentence, not a token.
_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;]+[A-Za-z]{2,}){2,}")


def english_in(text: str) -> list[str]:
    """The English sentences left in ``text`` once technical tokens are taken out."""
    return _SENTENCE.findall(_TOKENS.sub(" ", text))


def is_english(text: str) -> bool:
    """A message with words but not a Chinese character in it (``Excel`` or a bare option is fine)."""
    return not CJK.search(text) and bool(english_in(text) or re.fullmatch(r"\s*[A-Z][a-z]+(?: [a-z]+)+[.!]?\s*", text))


def test_the_detector():
    assert english_in("No index under /tmp/home. Build it with `regkb ingest`.")
    assert english_in("用法：regkb ask [-h] [--batch 文件] [--k 数量] [问题]") == []
    assert english_in("输出 JSON：question、answer、parties") == []
    assert is_english("Build the index now") and is_english("Wrote 3 questions to out.json.")
    assert not is_english("立即建立索引") and not is_english("Excel") and not is_english("{rank}. {ref}")


# -- the source ---------------------------------------------------------------------------------


def literal_text(node: ast.AST) -> str | None:
    """The fixed text of a string or f-string argument (placeholders as {}), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal_text(node.left), literal_text(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    return None


LOGGERS = {"log", "logger", "logging"}


def calls(folder: str):
    for path in sorted((REPO / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                receiver = getattr(getattr(node.func, "value", None), "id", "")
                if receiver in LOGGERS:  # the server log is for whoever runs it, not for users
                    continue
                yield path.relative_to(REPO).as_posix(), node, name


# Streamlit calls whose first argument (and these keywords) a user reads.
SHOWN = {"error", "warning", "info", "success", "toast", "caption", "title", "header", "subheader", "button",
         "download_button", "form_submit_button", "link_button", "text_input", "text_area", "number_input",
         "selectbox", "multiselect", "radio", "checkbox", "toggle", "slider", "select_slider", "file_uploader",
         "chat_input", "expander", "spinner", "tabs", "metric", "status", "page_link"}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "show_spinner", "caption"}


def test_every_message_on_the_pages_is_chinese():
    english = []
    for path, node, name in calls("qa_app/ui"):
        arguments = [*node.args[:1], *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)] \
            if name in SHOWN else [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for argument in arguments:
            items = argument.elts if isinstance(argument, (ast.List, ast.Tuple)) else [argument]
            english += [f"{path}:{node.lineno}: {text}" for item in items
                        if (text := literal_text(item)) is not None and is_english(text)]
    assert english == []


ERRORS = {"RegkbError", "InputError", "IndexMissingError", "IndexFormatError", "UnknownIdError", "StorageError",
          "LibraryError"}
# Files other engineers are turning Chinese in their own branches (issue 15); remove a line when it is done.
NOT_YET_CHINESE: set[str] = set()


def test_every_library_error_is_chinese():
    english = {}
    for folder in ("ingest", "qa_app"):
        for path, node, name in calls(folder):
            if name in ERRORS and node.args and (text := literal_text(node.args[0])) is not None \
                    and is_english(text):
                english.setdefault(path, []).append(f"{node.lineno}: {text}")
    assert set(english) <= NOT_YET_CHINESE, {p: e for p, e in english.items() if p not in NOT_YET_CHINESE}


def test_everything_the_cli_prints_is_chinese():
    english = [f"qa_app/cli.py:{node.lineno}: {text}" for _, node, name in calls("qa_app/cli.py")
               if name == "print" and node.args and (text := literal_text(node.args[0])) is not None
               and is_english(text)]
    assert english == []


def test_the_catalogue_is_chinese():
    for name, value in vars(messages).items():
        if name.isupper() and isinstance(value, str):
            assert not is_english(value) and not english_in(value), name
        elif name.isupper() and isinstance(value, dict):
            for key, text in value.items():
                assert CJK.search(text) and not english_in(text), (name, key)


def test_argparse_has_a_chinese_word_for_everything_it_says(monkeypatch):
    """Every gettext message id argparse uses (on this Python) is in the catalogue, so no
    argparse sentence reaches a user in English; internal errors for programmers excepted."""
    import argparse

    source = ast.parse(open(argparse.__file__, encoding="utf-8").read())
    used = {literal_text(node.args[0]) for node in ast.walk(source)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext") and node.args}
    for_programmers = {m for m in used if m and any(w in m for w in (
        "conflicting", "cannot merge", "dest=", "invalid option string", "invalid conflict_resolution",
        "mutually exclusive", "is not callable", "'required'", "cannot have multiple", ".__call__()",
        "with mode", "subcommands", "invalid nargs", "length of metavar", "subparsers"))}
    missing = {m for m in used - for_programmers if m and m not in messages.ARGPARSE}
    assert missing == set()


# -- the CLI, run --------------------------------------------------------------------------------

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse: --help and usage errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("argv", [["--help"], *([c, "--help"] for c in COMMANDS)], ids=" ".join)
def test_help_is_chinese(capsys, argv):
    code, text = run(capsys, *argv)
    assert code == 0
    assert text.startswith("用法：regkb") and "选项" in text and "显示此帮助并退出" in text
    assert english_in(text) == [], text


@pytest.mark.parametrize("argv, says", [
    ([], "缺少必需的参数：命令"),
    (["search"], "缺少必需的参数：检索词"),
    (["frobnicate"], "无效的选项 'frobnicate'"),
    (["search", "放行", "--k", "many"], "'many' 不是有效的值"),
    (["search", "放行", "--k", "0"], "--k 至少为 1"),
    (["search", "放行", "--bogus"], "无法识别的参数：--bogus"),
    (["matrix", "--json", "--md"], "不能与参数 --json 同时使用"),
    (["quiz", "--format", "pdf"], "无效的选项 'pdf'"),
    (["ask"], "请给出一个问题"),
    (["ask", "--batch", "/no/such/questions.jsonl"], "无法读取 /no/such/questions.jsonl：文件或目录不存在"),
    (["matrix", "--xlsx"], "请用 --out 给出文件名"),
])
def test_bad_invocations_say_in_chinese_what_to_do(capsys, tmp_path, monkeypatch, argv, says):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path))
    code, text = run(capsys, *argv)
    assert code == 2
    assert says in text and "Traceback" not in text
    assert english_in(text) == [], text


def test_no_index_is_said_in_chinese(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path))
    code, text = run(capsys, "search", "上市放行")
    assert code == 1 and "还没有索引" in text and "regkb ingest" in text
    assert english_in(text) == [], text


def test_the_installed_entry_point_speaks_chinese():
    done = subprocess.run([sys.executable, "-m", "qa_app", "ask", "--help"], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0 and done.stdout.startswith("用法：regkb ask")
    assert english_in(done.stdout) == []
