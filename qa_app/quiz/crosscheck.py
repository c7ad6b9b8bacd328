"""An independent check of quiz keys: the question-answering path is asked each item's
question in the regulations' own terms (its ``probe``), within the cited document, and its
answer is compared with the key.

The generator reads obligation records; the answerer retrieves clauses and reads their
sentences with its own frame and plans. Where the two disagree, one of them is wrong, and a
trainer should look: the item gets a note (shown on the quiz page, carried in every
export). Agreement is not proof either - the answerer is right more often than not, not
always - which is why a hand review (evals/results/quiz-review-2.md) comes on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa_app.quiz.facts import LABEL_PARTY, overlaps
from qa_app.quiz.items import BLANK, QuizItem

AGREES, DISAGREES, UNCHECKED = "agrees", "disagrees", "unchecked"
_FRAME = re.compile(r"^根据(《[^》]+》|医疗器械相关法规、规章和规范性文件)，(.+)$")
_DEADLINE = re.compile(r"^(?:\d+|[一二三四五六七八九十两]+)(?:个)?(?:工作日|日|天|个月|小时|年)内$")
_REFUSAL = re.compile(r"^(?:不可以|不符合|不能|不得)")


@dataclass(frozen=True)
class CrossCheck:
    item_id: str
    status: str  # agrees | disagrees | unchecked
    asked: str = ""
    said: str = ""  # the answer's own words, before the quoted clause
    note: str = ""  # what the trainer reads (empty when the check agrees)


def probe_of(item: QuizItem) -> str:
    """The question the answerer is asked: a scenario's own probe; for a "who" item, its
    statement with the blank read as 谁."""
    if item.probe:
        return item.probe
    if item.type == "single":
        frame = _FRAME.match(item.stem)
        core = frame.group(2) if frame else item.stem
        return core.replace(BLANK, "谁").rstrip("。") + "？"
    return ""


def key_parties(item: QuizItem) -> set[str]:
    """The canonical parties the key stands for (a case's names, or a party label)."""
    if item.type == "single":
        return {LABEL_PARTY[item.answer]} if item.answer in LABEL_PARTY else set()
    return {party for label, party in item.case if label == item.answer}


def check(item: QuizItem, answerer) -> CrossCheck:
    """Ask the answerer the item's question within the cited document and compare."""
    asked = probe_of(item)
    if not asked or item.type not in ("single", "scenario"):
        return CrossCheck(item.id, UNCHECKED)
    doc_id = item.citation.clause_id.split(":", 1)[0]
    answer = answerer.ask(asked, doc_ids=[doc_id])
    said = answer.answer.split("「", 1)[0].strip()
    quoted = answer.answer.split("「", 1)[1].split("」", 1)[0] if "「" in answer.answer else ""
    key = str(item.answer)
    parties = key_parties(item)
    if answer.abstained:
        agrees = False
    elif key.split("，", 1)[0] in dict(item.case) and "，" in key:  # who and by when: both halves
        who, when = key.split("，", 1)
        named = {party for label, party in item.case if label == who}
        agrees = when in said and any(overlaps(p, q) for p in named for q in answer.parties)
    elif parties:
        agrees = any(overlaps(p, q) for p in parties for q in answer.parties) or (
            bool(re.search("向(?:哪个|谁|何)", asked)) and any(_named_after_to(answerer, quoted, p) for p in parties))
    elif _DEADLINE.match(key):
        agrees = key in said
    elif _REFUSAL.match(key):
        agrees = answer.verdict == "no" or said.startswith("禁止")
    else:
        return CrossCheck(item.id, UNCHECKED, asked, said)
    if agrees:
        return CrossCheck(item.id, AGREES, asked, said)
    note = (f"独立核对未通过：问答系统对“{asked}”的回答是“{said or '无法回答'}”，与本题答案“{key}”不一致。"
            "请对照出处条款人工复核，确认后再使用本题。")
    return CrossCheck(item.id, DISAGREES, asked, said, note)


def _named_after_to(answerer, sentence: str, party: str) -> bool:
    """The quoted sentence reports to ``party`` (…向注册人所在地省级药品监督管理部门报告)."""
    for mention in answerer.lexicon.mentions(sentence):
        if sentence[max(0, mention.start - 3):mention.start].endswith("向") and any(
                overlaps(party, p) for p in mention.parties):
            return True
    return False


def annotate(items: list[QuizItem], answerer) -> tuple[list[QuizItem], list[CrossCheck]]:
    """The items with the check's note on each one it disagrees with, and every result."""
    results = [check(item, answerer) for item in items]
    out = [replace(item, notes=r.note) if r.status == DISAGREES else item for item, r in zip(items, results)]
    return out, results
