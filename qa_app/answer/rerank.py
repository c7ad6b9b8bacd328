"""A fitted re-rank of the candidate clauses: a pairwise logistic model over a few things the
answerer already knows about each candidate (its fused and engine ranks, how much of the question
it covers, whether its rules bind the asked party, ...), fitted on the spent question sets by
``python -m evals.pool_rerank_study --write`` and read from data/rerank.json.

Two uses, each switched in the data file. ``use``: the citations after the clauses an answer quotes
(``relevance``) follow the model; off as shipped (the follow-up readers look for the next answer among
the turn before's citations, and the fitted order moved a clause they need). ``pool_below`` (N, or
null for off): the candidates the plans read (``score`` order) keep today's first N, and the next ones,
down to rank ``POOL_DEPTH``, follow the model -- lists, several-party answers and strength questions
read those ranks. Where neither is on, the hand-set order stays; the features are recorded either way.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from qa_app.answer import fitted

WEIGHTS = fitted.DATA / "rerank.json"
POOL_DEPTH = 30  # the plans' candidates re-ordered by ``pool_below`` go down to this rank (as in the study)

FEATURES = ("fused", "cited", "bm25", "dense", "coverage", "own_coverage", "title", "fit", "actor_holds",
            "parties_hold", "modality", "deadline", "listing", "national", "region", "named", "preamble",
            "length", "depth", "passing", "score_gap", "relevance_gap", "score_rank", "relevance_rank")


def modality_fits(slot: str, clause) -> float:
    """Whether a rule of the clause has the modality the slot asks about: a yes/no question wants a
    must / must_not / may rule; any other slot a must rule (who holds the duty)."""
    modalities = {r.modality for r in clause.obligations}
    if slot == "whether_may":
        return float(bool(modalities & {"may", "must_not", "no_need"}))
    if slot == "whether_must":
        return float(bool(modalities & {"must", "must_not", "no_need"}))
    return float(bool(modalities & {"must", "must_not"}))


def features(*, fused: float, cited: float, engines: tuple[float, float], coverage: float, own_coverage: float,
             title: float, fit: float, actor_holds: bool, parties_hold: bool, modality: float, deadline: bool,
             listing: bool, level: str, region: bool | None, named: bool, preamble: bool, length: int, depth: int,
             passing: float) -> tuple[float, ...]:
    """The clause's own features, in the order of ``FEATURES`` (the four that compare it with the other
    candidates are added by :func:`with_ranks` once every candidate is scored)."""
    return (fused, cited, engines[0], engines[1], coverage, own_coverage, title, fit, float(actor_holds),
            float(parties_hold), modality, float(deadline), float(listing), float(level == "national"),
            0.0 if region is None else 1.0 if region else -1.0, float(named), float(preamble),
            math.log1p(length), float(depth), passing)


def with_ranks(candidates) -> None:
    """Adds to each candidate's features its gap to the best ``score`` and ``relevance`` of the pool and
    its place in either order (1/(1+rank))."""
    if not candidates:
        return
    top_score = max(c.score for c in candidates)
    top_relevance = max(c.relevance for c in candidates)
    by_score = {id(c): i for i, c in enumerate(sorted(candidates, key=lambda c: (-c.score, c.clause.id)))}
    by_relevance = {id(c): i for i, c in enumerate(sorted(candidates, key=lambda c: (-c.relevance, c.clause.id)))}
    for c in candidates:
        c.features = c.features[:len(FEATURES) - 4] + (c.score - top_score, c.relevance - top_relevance,
                                                       1.0 / (1 + by_score[id(c)]), 1.0 / (1 + by_relevance[id(c)]))


@cache
def _weights(path: Path) -> dict | None:
    return fitted.load(path, FEATURES)


def model(path: Path = WEIGHTS) -> dict | None:
    """The fitted weights for the citations' order, or None where there are none to use."""
    data = _weights(path)
    return data if data and data.get("use") else None


def pool_model(path: Path = WEIGHTS) -> dict | None:
    """The fitted weights for the plans' order below today's first ``pool_below``, or None where that is off."""
    data = _weights(path)
    below = data.get("pool_below") if data else None
    return data if isinstance(below, int) and not isinstance(below, bool) and below >= 0 else None


def reorder_pool(data: dict, candidates: list) -> list:
    """The plans' candidates with today's first ``pool_below`` kept and the rest down to ``POOL_DEPTH``
    in the fitted order (ties keep today's); ``score`` and ``relevance`` are left as they are."""
    keep = data["pool_below"]
    tail = sorted(candidates[keep:POOL_DEPTH], key=lambda c: -score(data, c.features))
    return candidates[:keep] + tail + candidates[POOL_DEPTH:]


score = fitted.score  # the model's score of one candidate (standardized features, a dot product)
