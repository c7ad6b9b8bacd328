"""Hostile text for the fuzz tests: Hypothesis strategies and the guards that keep a
runaway example from hanging the suite.

The generated documents are built from the pieces the parsers care about (numbering of
every kind and depth, markdown headings and tables, paperwork lines, front matter) mixed
with arbitrary Unicode, control characters and every line break Python knows, so that
the interesting paths are reached far more often than random characters would reach them.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ingest.numerals import int_to_cn

# Moderate on purpose: the suite runs on two shared cores (REGKB_FUZZ_EXAMPLES=2000 for a
# long hunt). The explicit 1 MB examples are in the tests themselves, not generated.
FUZZ = settings(
    max_examples=int(os.environ.get("REGKB_FUZZ_EXAMPLES") or 60),
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
# Seconds one generated example may take before the wall-clock guard stops it.
EXAMPLE_SECONDS = 20

MB = 1 << 20

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Every line break str.splitlines() honours, plus blank lines.
LINE_BREAKS = ["\n", "\r\n", "\r", "\n\n", "\n \n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
               "\u2028", "\u2029"]
DOMAIN_WORDS = ["注册人", "受托生产企业", "应当", "不得", "可以", "负责", "由", "的", "。", "；", "，", "：",
                "上市放行", "生产放行", "质量协议", "省级药品监督管理部门", "第三十四条", "（八）", "1.1.5",
                "原则上", "鼓励", "《医疗器械监督管理条例》", "|", "#", " ", "\u3000", "\t"]


@contextmanager
def wall_clock(seconds: float = EXAMPLE_SECONDS):
    """Fail an example that runs longer than ``seconds`` instead of hanging the suite.

    SIGALRM interrupts Python code; a single C-level call (a regex) is only interrupted when
    it returns, which is why the 1 MB documents run under `run_bounded` instead."""

    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_pool = None


def run_bounded(fn: Callable, *args, seconds: float):
    """``fn(*args)`` in a worker process that is killed after ``seconds``: a guard that also
    stops a hang inside C code. ``fn`` must be a module-level function and its arguments
    and result picklable. The worker is spawned, not forked: a fork of a process that runs
    threads (chromadb, the encoder) can deadlock, and it is started once and reused."""
    global _pool
    if _pool is None:
        _pool = multiprocessing.get_context("spawn").Pool(1)
        atexit.register(_pool.terminate)
    try:
        return _pool.apply_async(fn, args).get(seconds)
    except multiprocessing.TimeoutError:
        _pool.terminate()
        _pool = None
        raise AssertionError(f"{fn.__name__} did not finish in {seconds} s") from None


# -- text -------------------------------------------------------------------------------------


def any_text(max_size: int = 30, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Arbitrary Unicode including control characters; lone surrogates only on request (a
    file decoded by the readers never holds one, a command-line argument can)."""
    categories = () if surrogates else ("Cs",)
    return st.text(st.characters(exclude_categories=categories), max_size=max_size)


def words(max_size: int = 8) -> st.SearchStrategy[str]:
    """Regulation words and punctuation mixed with arbitrary characters."""
    piece = st.one_of(st.sampled_from(DOMAIN_WORDS), any_text(6))
    return st.lists(piece, max_size=max_size).map("".join)


def cn_numeral() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(0, 200).map(lambda n: int_to_cn(n)),
                     st.text("零〇一二两三四五六七八九十百千", min_size=1, max_size=5))


def numbering() -> st.SearchStrategy[str]:
    """Every numbering the segmenter knows, in and out of sequence, at any depth."""
    small = st.integers(0, 120)
    decimal = st.lists(st.integers(0, 30), min_size=1, max_size=12).map(lambda ns: ".".join(map(str, ns)))
    return st.one_of(
        cn_numeral().map(lambda n: f"第{n}条"),
        cn_numeral().map(lambda n: f"第{n}条 "),
        cn_numeral().flatmap(lambda n: st.sampled_from([f"第{n}编", f"第{n}章", f"第{n}节"])),
        cn_numeral().map(lambda n: f"{n}、"),
        cn_numeral().flatmap(lambda n: st.sampled_from([f"（{n}）", f"({n})", f"（{n})"])),
        small.flatmap(lambda n: st.sampled_from([f"{n}.", f"{n}．", f"{n}、", f"（{n}）", f"({n})", f"{n} "])),
        st.sampled_from(_CIRCLED),
        decimal,
        decimal.map(lambda d: d + " "),
        decimal.map(lambda d: d + "%"),
    )


def line() -> st.SearchStrategy[str]:
    heading = st.tuples(st.integers(1, 7), words()).map(lambda t: "#" * t[0] + " " + t[1])
    row = st.lists(words(3), min_size=1, max_size=5).map(lambda cells: "|" + "|".join(cells) + "|")
    bare_row = st.lists(words(3), min_size=2, max_size=4).map("|".join)
    separator = st.sampled_from(["|---|---|", "|:-:|--|", "---|---", "-|-", "| - | : |", "||", "|-"])
    paperwork = st.sampled_from(["联系人：张三", "电话：010-12345678", "抄送：各省局", "2024年3月1日",
                                 "国家药品监督管理局", "（此件主动公开）", "附件：1.模板", "各有关单位：",
                                 "国家药监局综合司 2024年3月1日印发", "原文链接：http://x"])
    numbered = st.tuples(numbering(), words()).map("".join)
    indent = st.sampled_from(["", " ", "\t", "\u3000", "\u00a0", "  "])
    body = st.one_of(numbered, numbered, heading, row, bare_row, separator, paperwork, words(), any_text(),
                     st.just(""))
    return st.tuples(indent, body).map("".join)


def body_text(max_lines: int = 25) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(line(), st.sampled_from(LINE_BREAKS)), max_size=max_lines).map(
        lambda pairs: "".join(a + b for a, b in pairs))


# -- front matter -----------------------------------------------------------------------------

_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text(12),
                    st.sampled_from(["in_force", "superseded", "national", "district", "2024-06-01"]))
_YAMLISH = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(any_text(6), inner, max_size=3)),
                        max_leaves=8)
_KEYS = st.sampled_from(["id", "title", "cite_as", "aliases", "status", "level", "issuer", "region",
                         "party_terms", "doc_number", "superseded_by"])


def front_matter() -> st.SearchStrategy[str]:
    """None, a good one, one of wrong types (dumped by PyYAML), or raw text that may not be YAML."""
    import yaml

    good = st.just("---\nid: fuzz-doc\ntitle: 模糊测试文件\nstatus: in_force\nlevel: national\n---\n")
    typed = st.dictionaries(_KEYS, _YAMLISH, max_size=6).map(
        lambda meta: "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n")
    raw = any_text(60).map(lambda text: f"---\n{text}\n---\n")
    broken = st.sampled_from([
        "---\nid: [unclosed\n---\n", "---\n: : :\n---\n", "---\n- a list\n- not a mapping\n---\n",
        "---\nid: UPPER CASE\n---\n", "---\nid: ../../etc/passwd\n---\n", "---\n2024-01-01: x\n---\n",
        "---\naliases: 5\n---\n", "---\nparty_terms: 注册人\n---\n", "---\nparty_terms: {生产企业: [1, 2]}\n---\n",
        "---\ntitle: !!python/object:os.system ls\n---\n", "---\n---\n", "---\nid: x\n", "---\n\n---\n",
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n",
    ])
    return st.one_of(st.just(""), good, typed, raw, broken)


def nested(levels: int) -> str:
    """一、（一）1.（1）① ... nested ``levels`` deep, then 1 / 1.1 / 1.1.1 ... ``levels`` deep."""
    kinds = [lambda n: f"{int_to_cn(n)}、", lambda n: f"（{int_to_cn(n)}）", lambda n: f"{n}.",
             lambda n: f"（{n}）", lambda n: "①②③④⑤⑥⑦⑧⑨⑩"[n - 1]]
    lines = [kinds[i % len(kinds)](1) + "注册人应当负责产品上市放行。" for i in range(levels)]
    lines += [".".join(["1"] * depth) + " 受托生产企业应当负责生产放行。" for depth in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def document_source() -> st.SearchStrategy[str]:
    return st.tuples(front_matter(), body_text()).map("".join)
