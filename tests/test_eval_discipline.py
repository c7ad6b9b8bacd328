"""No evaluation question is quoted in code, comments, data or tests.

A rule written or tested with an evaluation question in front of it makes that question's score
say nothing about new questions. So the texts of every question set (the development sets and
the blind sets) must not turn up under qa_app/, ingest/ or tests/; rule tests use wordings written
for the test (see tests/qa_app/test_answer.py).

Texts are compared after dropping whitespace and punctuation. A file fails when it contains a
whole question of at least MIN_QUESTION characters, or any WINDOW-character stretch of one. The
questions are written in the regulations' own words, so a stretch that also occurs in the corpus,
or inside a run of canonical party names, is vocabulary rather than a quotation and is not counted.

On failure only question ids and file:line are reported: the texts of the blind set must not be
printed where a developer would read them.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
QUESTION_SETS = ("evals/questions*.yaml", "evals/blind*/questions.yaml", "evals/blind*/conversations.jsonl")
SCANNED = ("qa_app", "ingest", "tests")
MIN_QUESTION = 10
WINDOW = 14

# Being rewritten now; their quotations are listed for the rewrite. Empty this when it lands.
PENDING_REWRITE: tuple[str, ...] = ()

# (file, question id) pairs that share wording because both restate the same regulation
# sentence, not because one quotes the other. Each needs a reason a reviewer can check.
SHARED_WORDING = {
    ("qa_app/agreement/requirements.yaml", "evals/questions.yaml:q054"):
        "the condition-change requirement restates 条例第三十六条 without 医疗器械, as the question does",
    ("tests/data/conversations_dev.yaml", "evals/blind_conv22/conversations.jsonl:ct18-1"):
        "the held-out set's writer saw only the corpus; the test conversation was written sessions before it; "
        "neither text was read by the developer to write this entry (the first turn of ct18 is counted as seen)",
}

_NOT_TEXT = re.compile(r"[\W_]+")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def normalise(text: str) -> str:
    return _NOT_TEXT.sub("", text).casefold()


def questions() -> dict[str, str]:
    """Question id -> normalised text, over every set that exists."""
    out = {}
    for pattern in QUESTION_SETS:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            data = ([json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl"
                    else yaml.load(text, Loader=_Loader) or [])
            if isinstance(data, dict):
                data = data.get("questions") or []
            for item in data:
                if isinstance(item, dict) and isinstance(item.get("question"), str):
                    out[f"{path.relative_to(ROOT).as_posix()}:{item.get('id')}"] = normalise(item["question"])
    return out


def vocabulary() -> list[str]:
    """Normalised texts whose wording any question, comment or test may share."""
    texts = [normalise(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus").glob("*.md"))]
    parties = yaml.load((ROOT / "ingest" / "data" / "parties.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    names = [normalise(name) for name in parties["parties"]]
    texts += [a + b for a in names for b in names]  # party lists: 受托生产企业、受托生产企业所在地…
    return texts


def windows(qs: dict[str, str]) -> dict[str, set[str]]:
    """WINDOW-character stretch -> the questions it comes from, vocabulary left out."""
    out: dict[str, set[str]] = {}
    for qid, text in qs.items():
        if len(text) >= MIN_QUESTION:
            for i in range(len(text) - WINDOW + 1):
                out.setdefault(text[i:i + WINDOW], set()).add(qid)
    for text in vocabulary():
        for i in range(len(text) - WINDOW + 1):
            out.pop(text[i:i + WINDOW], None)
    return out


def scanned_files():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if not path.is_file() or "__pycache__" in path.parts or rel.startswith(PENDING_REWRITE):
                continue
            try:
                yield rel, path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # binary fixtures hold no question text


def quotations() -> list[tuple[str, int, str]]:
    """(file, line, question id) for every quotation found."""
    qs = questions()
    stretches = windows(qs)
    whole = {qid: text for qid, text in qs.items() if len(text) >= MIN_QUESTION}
    found = set()
    for rel, text in scanned_files():
        starts, parts, offset = [], [], 0
        for line in text.splitlines():
            starts.append(offset)
            part = normalise(line)
            parts.append(part)
            offset += len(part)
        flat = "".join(parts)

        def line_of(index: int) -> int:
            return bisect.bisect_right(starts, index)

        for qid, q in whole.items():
            at = flat.find(q)
            if at >= 0:
                found.add((rel, line_of(at), qid))
        for i in range(len(flat) - WINDOW + 1):
            for qid in stretches.get(flat[i:i + WINDOW], ()):
                found.add((rel, line_of(i), qid))
    return sorted((rel, line, qid) for rel, line, qid in found
                  if (rel, qid) not in SHARED_WORDING)


def test_no_evaluation_question_is_quoted_in_code_data_or_tests():
    leaks = quotations()
    if leaks:
        first = {}
        for rel, line, qid in leaks:
            first.setdefault((rel, qid), line)
        report = "\n".join(f"  {qid} quoted at {rel}:{line}" for (rel, qid), line in sorted(first.items()))
        pytest.fail(f"{len(first)} evaluation question(s) quoted; rewrite with wording of your own:\n{report}",
                    pytrace=False)


def test_the_detector_finds_a_quotation_but_not_shared_vocabulary():
    stretches = windows({"x:1": normalise("受托生产企业所在地省级药监部门收到外省企业的委托备案，要先看哪些材料？")})

    def hit(text):
        text = normalise(text)
        return any(text[i:i + WINDOW] in stretches for i in range(len(text) - WINDOW + 1))

    assert hit("# e.g. 收到外省企业的委托备案，要先看哪些材料")
    assert not hit("parties: [注册人/备案人, 受托生产企业, 受托生产企业所在地省级药监部门]")
