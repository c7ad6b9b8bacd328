"""The fitted choice of the rule an answer rests on.

``Planner.matches`` scores each rule of the top candidates by hand-set weights and a chain of overrides
then picks among close ones. This module describes each match by a few features the planner already
computes (:data:`FEATURES`) and orders them by a pairwise logistic model fitted on the labelled question
sets (weights in ``qa_app/data/rule_choice.json``; refit with ``python -m evals.rule_choice_study --write``).
"""

from __future__ import annotations

from functools import lru_cache

from qa_app.answer import fitted
from qa_app.answer.frame import REGIONS, Frame

WEIGHTS = fitted.DATA / "rule_choice.json"
# The matches the model weighs: the rules of the top clauses (as many as the study fitted it on).
TOP = 5
FEATURES = ("score", "score_gap", "fit", "whole_fit", "coverage", "rank", "actor_holds", "holders_objects",
            "liability", "modality_fits", "deadline", "unstated_case", "exception", "national", "region",
            "chain_pick", "sentence_bigrams", "clause_bigrams", "fused", "negative", "condition_met", "in_passing")


def _modality_fits(frame: Frame, record) -> float:
    """Whether the rule's modality is the kind of rule the slot asks for: a "must" question wants
    must / must not / need not, a "may" question may / must not, a "when" question a time limit, any other
    one a rule with holders."""
    if frame.slot == "whether_must":
        return float(record.modality in ("must", "must_not", "no_need"))
    if frame.slot == "whether_may":
        return float(record.modality in ("may", "must_not"))
    if frame.slot == "when":
        return float(bool(record.deadline))
    return float(bool(record.holders))


def read(slot: str, record) -> bool:
    """Whether the plan of the slot reads a rule at all: a whether plan no sanction, a when plan only a
    rule with a time limit (not 年度)."""
    from ingest.grammar import SANCTION

    if slot in ("whether_must", "whether_may"):
        return not SANCTION.search(record.sentence)
    if slot == "when":
        return bool(record.deadline) and record.deadline != "年度"
    return True


def _share(question: str, text: str) -> float:
    """The share of the question's character pairs a text has."""
    from qa_app.answer.plans import bigrams

    asked = bigrams(question)
    return len(asked & bigrams(text)) / len(asked) if asked else 0.0


def match_features(planner, frame: Frame, terms, ranked, found: list, at: int, chain_clause: str) -> list[float]:
    """The features of ``found[at]`` (a :class:`~qa_app.answer.plans.Match`) among the question's matches;
    ``chain_clause`` is the clause today's hand-set chain puts first."""
    from qa_app.answer.plans import LIABILITY, LIABLE_WORDS

    m = found[at]
    record, clause = m.record, m.clause
    ctx = planner.ctx
    region = next((r for r in REGIONS if r in frame.question), None)
    objects = set(frame.objects)
    return [m.score,
            m.score - found[0].score,
            m.fit,
            planner.fit(terms, record.sentence),
            ctx.coverage(terms, ctx._clause_terms[clause.id]) if clause.id in ctx._clause_terms else 0.0,
            float(m.rank),
            float(bool(set(frame.actor) & set(record.holders))),
            float(not frame.actor and bool(objects) and bool(record.holders) and set(record.holders) <= objects),
            float(bool(LIABLE_WORDS.search(frame.question)) and bool(LIABILITY.search(record.sentence))),
            _modality_fits(frame, record),
            float(bool(record.deadline)),
            float(bool(planner._unstated_case(frame, record))),
            float(bool(record.exception)),
            float(ctx.kb.documents[clause.doc_id].get("level") == "national"),
            float(ctx._in_region(region, clause)) - float(bool(region) and not ctx._in_region(region, clause)),
            float(clause.id == chain_clause),
            _share(frame.question, record.sentence),
            _share(frame.question, clause.text),
            ranked[m.rank].fused if m.rank < len(ranked) else 0.0,
            float(record.negative),
            float(bool(record.condition) and planner._meets(frame, record.condition)),
            ctx.in_passing(terms, record.sentence)]


@lru_cache(maxsize=1)
def model() -> dict | None:
    """The fitted weights, None where none were written (or they were fitted for other features)."""
    return fitted.load(WEIGHTS, FEATURES)


def order(planner, frame: Frame, terms, ranked, found: list, chain_clause: str) -> list:
    """``found`` by the fitted score, the earlier on a tie; as it is where no weights were written."""
    weights = model()
    if not weights or len(found) < 2:
        return found
    scores = []
    for at in range(len(found)):
        x = match_features(planner, frame, terms, ranked, found, at, chain_clause)
        scores.append(fitted.score(weights, x))
    return [found[i] for i in sorted(range(len(found)), key=lambda i: (-scores[i], i))]
