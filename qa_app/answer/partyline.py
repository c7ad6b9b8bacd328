"""The second party's line: for a question about two parties (it names both as acting, or asks 双方 /
各自 / 分别) whose answer gives one of them no line, that party's own rule about the asked act, looked
for in the whole candidate pool (not only the clauses the plans read), added as a line of its own
(受托生产企业：…——「…」（ref）) where a small logistic model fitted on the spent sets says it is a rule
the answer needs (label: its clause is gold or its sentence states a must-state fact the answer lacks).
``python -m evals.party_line_study --write`` refits it; the weights are data, ``qa_app/data/party_line.json``
beside this module; no model file, no line added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from qa_app.answer import fitted
from qa_app.answer.frame import BOTH, EACH

MODEL_PATH = fitted.DATA / "party_line.json"
# How deep in the pool a party's rule is looked for.
DEPTH = 30
FEATURES = ("fit", "sentence_fit", "rank", "coverage", "quoted_clause", "quoted_doc", "must", "each_word",
            "yes_no", "who", "asked_actor")
SHORT = {"注册人/备案人": "注册人"}


@dataclass(frozen=True)
class Line:
    """A party's best rule in the pool: ``rank`` is its clause's place there."""
    party: str
    clause: object
    record: object
    rank: int
    coverage: float
    fit: float


def asked_sides(planner, frame) -> list[str]:
    """The parties a question asks about side by side, [] when it asks about one."""
    acting = [p for p in frame.parties if p not in frame.objects]
    if len(acting) < 2 and not BOTH.search(frame.question) and not EACH.search(frame.question):
        return []
    return planner.sides(frame)


def has_line(party: str, text: str, parties) -> bool:
    return party in parties or f"{SHORT.get(party, party)}：" in text


def candidates(planner, frame, terms, pool, text: str, parties, evidence) -> list[Line]:
    """For each asked party the answer gives no line, its rules in the first :data:`DEPTH` candidates of
    ``pool`` (rules it holds whose sentence names it and gives the duty to no one else): the first of them
    in the pool, and the one whose act fits the asked act best, where that is another. The model weighs
    them; at most one line per party is added."""
    if not terms:
        return []
    out = []
    for party in asked_sides(planner, frame):
        if has_line(party, text, parties):
            continue
        held = [Line(party, cand.clause, record, rank, cand.coverage,
                     planner.fit(terms, f"{record.action} {' '.join(record.items)}"))
                for rank, cand in enumerate(pool[:DEPTH]) for record in cand.clause.obligations
                if party in record.holders and record.action and record.modality != "none"
                and party in planner.parties_in(record.sentence) and planner.names(record, party)]
        if not held:
            continue
        first = max((h for h in held if h.rank == held[0].rank), key=lambda h: h.fit)
        fitting = max(held, key=lambda h: (h.fit, -h.rank))
        out += [first] if fitting is first else [first, fitting]
    return out


def features(line: Line, frame, terms, planner, evidence) -> list[float]:
    """The model's inputs for one line, in :data:`FEATURES` order."""
    docs = {e.split(":", 1)[0] for e in evidence}
    return [line.fit,
            planner.fit(terms, line.record.sentence),
            math.log(1 + line.rank),
            line.coverage,
            float(line.clause.id in evidence),
            float(line.clause.doc_id in docs),
            float(line.record.modality in ("must", "must_not")),
            float(bool(BOTH.search(frame.question) or EACH.search(frame.question))),
            float(frame.slot in ("whether_must", "whether_may")),
            float(frame.slot in ("who", "department", "liable")),
            float(line.party in frame.actor)]


def load_model(path: Path = MODEL_PATH) -> dict | None:
    return fitted.load(path, FEATURES)


probability = fitted.probability


def second_party(planner, frame, terms, pool, text: str, parties, evidence, model: dict | None):
    """(text, parties, evidence) with a line added for each asked party the answer left without one,
    where the model's probability for its best rule reaches the threshold."""
    if not model:
        return text, parties, evidence
    from qa_app.answer.plans import party_line
    best: dict[str, tuple[float, Line]] = {}
    for line in candidates(planner, frame, terms, pool, text, parties, evidence):
        p = probability(model, features(line, frame, terms, planner, evidence))
        if p >= model["threshold"] and p > best.get(line.party, (0.0, None))[0]:
            best[line.party] = (p, line)
    for _, line in best.values():
        text = f"{text.rstrip()}\n{party_line(line.party, line.record, line.clause)}"
        parties = (*parties, line.party)
        evidence = [*evidence, line.clause.id]
    return text, parties, evidence
