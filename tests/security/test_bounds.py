"""No agreement upload can exhaust the server (issue 16 item 1).

Every stage of the agreement check is bounded: a clause longer than MAX_PIECE_CHARS is
checked in pieces, reading who holds a duty has a budget linear in its sentence, and an
agreement over MAX_CHARS characters (or MAX_CLAUSES clauses) is refused with a message
that says what to do. The inputs that took the check down before (a 3 MB line with and
without punctuation, .docx files with one 100,000- and one 1,000,000-character paragraph,
a 10 MB agreement) and the worst inputs still accepted (just under the cap) are HOSTILE;
test_hostile_inputs.py runs them, with the other hostile uploads, as `python -m qa_app
check` in a subprocess whose time and peak RSS are measured (``run_check``), on the upload
page and through the HTTP API.

Time is asserted as the CPU time the check used, and as wall time only while the
machine is otherwise idle: on a shared machine wall time measures the neighbours. The
subprocess runs under a 4 GiB address-space limit, so a regression fails this test
instead of exhausting the machine.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from ingest.duties import DutyAnnotator
from ingest.errors import InputError
from ingest.numerals import int_to_cn
from ingest.readers import MAX_BYTES
from ingest.structure import MAX_PIECE_CHARS
from qa_app.agreement import AgreementChecker, agreement_from_text, load_library
from qa_app.agreement.document import MAX_CHARS, MAX_CLAUSES, agreement_from_bytes
from tests.conftest import CORPUS, REPO, HashEmbedder
from tests.fuzz.strategies import wall_clock
from tests.qa_app.test_agreement_requirements import corpus_clauses  # noqa: F401 (fixture)

MB = 1 << 20
GIB = 1 << 30
REFUSED = "超过一次审查的上限"
CHECKED = "质量协议审查："
COMPLETE = (REPO / "evals" / "agreements" / "complete.md").read_text(encoding="utf-8")
HEAD = COMPLETE.split("第一章")[0]  # the title and the two parties
# The 40 articles of a realistic, complete agreement, without their numbers.
CLAUSES = re.findall(r"^第[一二三四五六七八九十]+条 (.+)$", COMPLETE, re.M)
PROSE = "".join(CLAUSES)


# -- the inputs ---------------------------------------------------------------------------------


def _fill(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def _cut(text: str, size: int) -> str:
    """The first ``size`` bytes of ``text`` in UTF-8."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def one_line(size: int, punctuation: bool = True) -> str:
    """The agreement's clauses run together on one line of ``size`` bytes (a file whose line
    breaks were lost), or the same without a single punctuation mark."""
    return _cut(_fill(PROSE if punctuation else re.sub(r"[\W_]+", "", PROSE), size), size)


def ordinary(chars: int) -> str:
    """An ordinary agreement of ``chars`` characters: the parties, then articles 第一条,
    第二条 ... of thirty paragraphs each, made of the real clauses, as many as it takes."""
    articles, total, n = [HEAD], len(HEAD), 0
    while total < chars:
        n += 1
        lines = [CLAUSES[(n * 30 + k) % len(CLAUSES)] for k in range(30)]
        article = f"第{int_to_cn(n)}条 " + "\n".join(lines) + "\n\n"
        articles.append(article)
        total += len(article)
    return "".join(articles)[:chars]


def one_paragraph_docx(text: str) -> bytes:
    """A Word file with a title and ``text`` as one paragraph."""
    document = docx.Document()
    document.add_paragraph("医疗器械委托生产质量协议")
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def padded() -> str:
    """The complete agreement with 9 MB of spaces inside one of its lines."""
    lines = COMPLETE.split("\n")
    lines[20] = lines[20][:30] + " " * (9 * MB) + lines[20][30:]
    return "\n".join(lines)


def numbered(count: int) -> str:
    return HEAD + "".join(f"{n}. {CLAUSES[n % len(CLAUSES)][:12]}。\n" for n in range(1, count + 1))


# A sentence that names a duty in every comma-separated segment, each with a party that is
# not its subject: reading who holds each duty walked back over every segment before it.
EVERY_SEGMENT = "对受托方的上市放行，"
UNDER_CAP = MAX_CHARS - 1000


# -- running the check --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    code: int
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak: int  # bytes, peak resident set size
    out: str
    err: str


# The check run by a small wrapper that caps its address space and, at exit, reports the peak
# RSS of its own image (VmHWM). The kernel's ru_maxrss of a child counts the pages it shared
# with the parent before exec, so under a large pytest process it would report the parent's size.
_WRAPPER = (
    "import atexit, re, resource, runpy, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))\n"
    "def peak():\n"
    "    found = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
    "    sys.stderr.write(f'\\n{PEAK}{found.group(1)}\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['regkb', 'check', sys.argv[1]]\n"
    "runpy.run_module('qa_app', run_name='__main__', alter_sys=True)\n"
)
PEAK = "@@peak-kb "


def run_check(path: Path, home: Path, timeout: float = 120) -> Run:
    """`regkb check PATH` in a subprocess, with its CPU time (wait4) and its own peak RSS."""
    env = {**os.environ, "REGKB_HOME": str(home), "REGKB_CORPUS": str(CORPUS), "PYTHONPATH": str(REPO)}
    env.pop("REGKB_EMBED_MODEL", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", _WRAPPER.replace("{PEAK}", PEAK), str(path)],
                                   stdout=out, stderr=err, env=env, cwd=REPO)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        wall = time.monotonic() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        found = re.search(rf"\n?{PEAK}(\d+)\n?", text)
        peak = int(found.group(1)) * 1024 if found else 1 << 62  # killed before it could say: over any bound
        return Run(code, wall, usage.ru_utime + usage.ru_stime, peak,
                   out.read().decode("utf-8", "replace"), text.replace(found.group(0), "") if found else text)


def wall_allowance() -> float:
    """How many times its bound a run's wall time may take while other work shares the
    cores (1 on an idle machine; the CPU time is held to the bound itself)."""
    return max(1.0, 1.5 * os.getloadavg()[0] / (os.cpu_count() or 1))


@dataclass(frozen=True)
class Hostile:
    name: str
    suffix: str
    content: Callable[[], str | bytes]
    code: int
    phrase: str  # Chinese, on stderr for a refusal and on stdout for a report
    seconds: float
    checked: bool = False  # reaches the knowledge base (needs the index; slow)


HOSTILE = [
    Hostile("3 MB on one line", ".txt", lambda: one_line(3 * MB), 2, REFUSED, 10),
    Hostile("3 MB on one line without punctuation", ".txt", lambda: one_line(3 * MB, punctuation=False),
            2, REFUSED, 10),
    Hostile(".docx, one paragraph of 100,000 characters", ".docx",
            lambda: one_paragraph_docx(_fill(PROSE, 100_000)), 2, REFUSED, 10),
    Hostile(".docx, one paragraph of 1,000,000 characters", ".docx",
            lambda: one_paragraph_docx(_fill(PROSE, 1_000_000)), 2, REFUSED, 10),
    Hostile("10 MB ordinary agreement", ".md", lambda: _cut(ordinary(MAX_BYTES // 2), MAX_BYTES - 200 * 1024), 2,
            REFUSED, 20),
    Hostile("more clauses than the limit", ".md", lambda: numbered(MAX_CLAUSES + 1), 2,
            f"上限 {MAX_CLAUSES:,} 个", 10),
    Hostile("a line without punctuation just under the cap", ".txt",
            lambda: HEAD + _fill(re.sub(r"[\W_]+", "", PROSE), UNDER_CAP - len(HEAD)), 0, CHECKED, 10, True),
    Hostile(".docx, a duty in every segment of one paragraph, just under the cap", ".docx",
            lambda: one_paragraph_docx(_fill(EVERY_SEGMENT, UNDER_CAP)), 0, CHECKED, 10, True),
    Hostile("ordinary agreement just under the cap", ".md", lambda: ordinary(UNDER_CAP), 0, CHECKED, 10, True),
    Hostile("9 MB of spaces inside a line", ".md", padded, 0, CHECKED, 10, True),
]


def test_the_refusal_says_what_is_wrong_and_what_to_do():
    with pytest.raises(InputError) as refused:
        agreement_from_bytes(one_line(3 * MB).encode("utf-8"), "长协议.txt")
    message = str(refused.value)
    assert "“长协议.txt”" in message and f"上限 {MAX_CHARS:,} 个字符" in message
    assert "拆分" in message and "分别审查" in message


def test_white_space_does_not_count_towards_the_cap():
    """A file padded with spaces is checked for what it says, not refused for its size."""
    text = padded()
    assert len(text) > 100 * MAX_CHARS
    with wall_clock(30):
        agreement = agreement_from_text(text)
    assert max(len(c.text) for c in agreement.clauses) <= 2 * MAX_PIECE_CHARS
    plain = agreement_from_text(COMPLETE)
    assert list(dict.fromkeys(c.location for c in agreement.clauses)) == [c.location for c in plain.clauses]


# -- what the checker does with a long clause ------------------------------------------------------


@pytest.fixture(scope="module")
def checker(corpus_clauses, tokenizer):  # noqa: F811
    return AgreementChecker(load_library(corpus_clauses), corpus_clauses, HashEmbedder(), tokenizer)


def test_a_long_paragraph_is_checked_in_pieces_that_keep_its_location(checker):
    body = _fill(PROSE, 20 * MAX_PIECE_CHARS)
    agreement = agreement_from_text(f"第一条 总则。\n第二条 {body}\n第三条 其他。\n第四条 乙方负责上市放行。")
    pieces = [c for c in agreement.clauses if c.location == "第二条"]
    assert len(pieces) >= 20 and [c.part for c in pieces] == list(range(1, len(pieces) + 1))
    assert all(len(c.text) <= MAX_PIECE_CHARS for c in pieces)
    assert re.sub(r"\s", "", "".join(c.text for c in pieces)) == re.sub(r"\s", "", f"第二条 {body}")  # nothing lost
    report = checker.check(agreement)
    assert report.finding("documents-records").status != "missing"
    assert all(len(e.text) <= MAX_PIECE_CHARS for f in report.findings for e in f.evidence)
    assert {v.evidence.location for v in report.violations} == {"第四条"}


def test_a_long_responsibility_matrix_is_read_with_its_header(checker):
    """The party columns of a table split into pieces hold in every piece: a duty given
    to the manufacturer in row 60 is still a violation."""
    rows = "".join(f"| 第{n}项质量活动的记录和审核 | 负责 | 参与 |\n" for n in range(1, 60))
    table = "| 事项 | 甲方 | 乙方 |\n| --- | --- | --- |\n" + rows + "| 上市放行 | — | 负责 |\n"
    agreement = agreement_from_text("一、范围\n本协议适用于医用口罩。\n二、职责分工\n" + table)
    assert len([c for c in agreement.clauses if "|" in c.text]) > 1
    report = checker.check(agreement)
    assert [v.rule.id for v in report.violations] == ["market-release-to-manufacturer"]
    assert report.violations[0].evidence.text == "| 上市放行 | — | 负责 |"


class CountingAnnotator(DutyAnnotator):
    def __init__(self):
        super().__init__()
        self.characters = 0

    def annotate_sentence(self, sentence, *args, **kwargs):
        self.characters += len(sentence)
        return super().annotate_sentence(sentence, *args, **kwargs)


@pytest.mark.parametrize("unit", [EVERY_SEGMENT, "上市放行，", "上市放行", "乙方负责上市放行，"])
def test_reading_who_holds_a_duty_is_linear(corpus_clauses, tokenizer, unit):  # noqa: F811
    """Reading who holds each duty used to annotate every region of the sentence before it
    (10,000 characters of 上市放行， took 100 s); now the text annotated grows in
    proportion to the agreement, and an ordinary agreement is read exactly as before."""
    annotator = CountingAnnotator()
    checker = AgreementChecker(load_library(corpus_clauses), corpus_clauses, HashEmbedder(), tokenizer, annotator)

    def annotated(chars: int) -> int:
        annotator.characters = 0
        with wall_clock(60):
            checker.check(agreement_from_text(_fill(unit, chars)))
        return annotator.characters

    small, large = annotated(4 * MAX_PIECE_CHARS), annotated(16 * MAX_PIECE_CHARS)
    assert large <= 4.5 * small
    assert large <= 10 * 16 * MAX_PIECE_CHARS
