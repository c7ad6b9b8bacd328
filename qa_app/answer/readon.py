"""Reading on past a quote: whether an answer should also quote the sentence of the clause that comes
right after the one it quotes (the 但… exception, the next step, the deadline, the condition).

The hand rule :func:`qa_app.answer.plans.sequel` adds a next sentence that plainly reads on from the rule.
This module makes the same choice for the next sentence that rule left out, with a small logistic model
fitted on the spent question sets (label: the next sentence holds a fact the key says an answer must
state, and the answer lacks it), ``python -m evals.read_on_study --write`` refits it. The weights are data,
:data:`MODEL_PATH` (``qa_app/data/read_on.json``); no model file, no reading on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.grammar import MODAL, RECIPIENT, deadline
from qa_app.answer import fitted
from qa_app.answer.frame import TO_WHOM, WHEN

MODEL_PATH = fitted.DATA / "read_on.json"
# A next sentence longer than this is left to its own citation (the answer stays short).
LONGEST = 160

QUOTE = re.compile(r"「([^「」]+)」")
# What a sentence that carries the rule on opens with: a part of it (an exception, an addition opening
# with 但 / 并 / 同时 is taken by the hand rule or is part of the quoted sentence already).
PART = re.compile(r"^(?:其中|包括)")
# A sentence that points back at the paragraph or items before it.
EARLIER = re.compile(r"前款|上述|前述|前项")
# A case that opens the sentence (…的，), its first phrase ending in 的.
CASE = re.compile(r"^[^，,。；;]{2,40}的[，,]")
ITEM_HEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[一二三四五六七八九十]+、)")

FEATURES = ("part", "case", "earlier_paragraph", "modal", "deadline", "asked_actor", "new_party", "fit", "new_terms",
            "time_asked", "recipient_asked", "next_paragraph", "last", "clause_len", "length", "yes_no", "who", "items")


@dataclass(frozen=True)
class Candidate:
    """The sentence of ``clause`` right after a quoted one: ``end`` is where that quote closes in the
    answer text (the 」), ``quoted`` the quote, ``sentence`` the next sentence verbatim."""
    end: int
    clause: object
    quoted: str
    sentence: str
    next_paragraph: bool


def next_sentence(rest: str) -> tuple[str, bool]:
    """The first sentence of ``rest`` (clause text after a quote) through its 。, or its first line when a
    line ends first (a list item closed by ；); whether it opens a new paragraph."""
    body = rest.lstrip()
    if not body:
        return "", False
    gap = rest[:len(rest) - len(body)]
    line = body.split("\n", 1)[0]
    end = line.find("。")
    sentence = line[:end + 1] if end >= 0 else line.rstrip()
    return sentence, "\n" in gap


def candidates(text: str, clauses) -> list[Candidate]:
    """One candidate per quote of ``text`` that stands verbatim in one of ``clauses`` (the answer's
    evidence, in order) and is followed there by a sentence the answer does not already quote."""
    out = []
    seen = set()
    for found in QUOTE.finditer(text):
        quoted = found.group(1)
        clause = next((c for c in clauses if quoted in c.text), None)
        if clause is None:
            continue
        start = clause.text.find(quoted)
        sentence, next_paragraph = next_sentence(clause.text[start + len(quoted):])
        if not sentence or len(sentence) > LONGEST or sentence in text or (clause.id, sentence) in seen:
            continue
        seen.add((clause.id, sentence))
        out.append(Candidate(found.end() - 1, clause, quoted, sentence, next_paragraph))
    return out


def features(candidate: Candidate, frame, terms, planner) -> list[float]:
    """The model's inputs for one candidate, in :data:`FEATURES` order."""
    s = candidate.sentence
    body = ITEM_HEAD.sub("", s)
    named = planner.parties_in(s)
    actor = set(frame.actor) or set(frame.parties) - set(frame.objects)
    fit = planner.fit(terms, s) if terms else 0.0
    # The asked terms the quote lacks and the next sentence has: what reading on would add.
    lacking = [t for t in terms if not planner.fit([t], candidate.quoted)]
    total = sum(w for _, w in terms) or 1.0
    new_terms = sum(w for t in lacking for w in [t[1]] if planner.fit([t], s)) / total
    question = frame.question
    text = candidate.clause.text
    after = text[text.find(candidate.quoted) + len(candidate.quoted):]
    return [float(bool(PART.search(body))),
            float(bool(CASE.search(body))),
            float(bool(EARLIER.search(s))),
            float(bool(MODAL.search(s))),
            float(bool(deadline(s))),
            float(bool(actor & named)),
            float(bool(named - planner.parties_in(candidate.quoted))),
            fit,
            new_terms,
            float(bool(WHEN.search(question)) and bool(deadline(s))),
            float(bool(TO_WHOM.search(question)) and bool(RECIPIENT.search(s) or "提交至" in s)),
            float(candidate.next_paragraph),
            float(not after[after.find(s) + len(s):].strip()),
            math.log(1 + len(text)),
            math.log(1 + len(s)),
            float(frame.slot in ("whether_must", "whether_may")),
            float(frame.slot in ("who", "department", "liable")),
            float(frame.slot == "items")]


def load_model(path: Path = MODEL_PATH) -> dict | None:
    return fitted.load(path, FEATURES)


probability = fitted.probability


def read_on(text: str, clauses, frame, terms, planner, model: dict | None) -> str:
    """``text`` with the next sentence of each quote added where the model's probability reaches its
    threshold: inside the quote when it follows in the same paragraph (「…。下一句。」), as a quote of its
    own after it when it opens the next one (「…」「下一句」). Verbatim from the clause either way."""
    if not model:
        return text
    chosen = [c for c in candidates(text, clauses)
              if probability(model, features(c, frame, terms, planner)) >= model["threshold"]]
    for c in reversed(chosen):  # from the end, so the earlier positions stay right
        clause_text = c.clause.text
        after = clause_text[clause_text.find(c.quoted) + len(c.quoted):]
        joined = c.quoted + after[:after.find(c.sentence) + len(c.sentence)]
        if c.next_paragraph or "\n" in joined:
            text = f"{text[:c.end]}」「{c.sentence}{text[c.end:]}"
        else:
            text = f"{text[:c.end - len(c.quoted)]}{joined}{text[c.end:]}"
    return text
