"""A study, not a change to any answer: if the clause an answer rests on were chosen by a ranker
fitted on labelled data instead of the hand-set rules, how often would a gold clause come first?

    python -m evals.rank_study [--refresh]

For every question with gold clause ids in the development sets and the blind sets blind2..15
(each file one fold; out-of-scope questions without gold are skipped) the answerer's candidate pool
is built as ``Answerer._answer`` builds it (same frame, same action terms, ``Answerer._rank``), cut to
the top ``TOP`` candidates, and each candidate described by a few features the code already computes.
The rows are cached in the temporary folder (regkb-rank-study-rows.json; --refresh rebuilds them).
Only spent sets are folds: a held-out set joins the list once it has had its two scorings.

Baselines per fold: a gold clause at rank 1 of the pool (today's ranking), and the clause the current
answer quotes first (``Answer.evidence[0]``) being gold. The fitted ranker is a pointwise logistic
model (numpy gradient descent, L2), fitted leave-one-fold-out; reported: share of questions with a
gold clause first, and MRR over the ``TOP`` candidates (0 where no gold clause is among them).
Writes evals/results/RANK-STUDY.md (numbers and ids only, never a question).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from evals.blind_eval import load_questions
from evals.qa_eval import base
from qa_app.answer.rerank import modality_fits

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "regkb-rank-study-rows.json"
TOP = 15
L2 = 0.01
FEATURES = ("inv_rank", "score_gap", "relevance_gap", "coverage", "clause_fit", "rule_fit", "actor_holds",
            "modality_fits", "national", "region_match", "preamble")


def fold_files() -> list[Path]:
    files = [ROOT / "evals/questions.yaml"] + [ROOT / f"evals/questions_dev{i}.yaml" for i in range(2, 6)]
    files += [ROOT / f"evals/blind{i}/questions.yaml" for i in range(2, 24)]  # blind24 on: held out
    return [f for f in files if f.exists()]


def fold_name(path: Path) -> str:
    return path.parent.name if path.parent.name.startswith("blind") else path.stem


# -- collecting the rows ------------------------------------------------------------------

def features(answerer, frame, action, pool, rank: int) -> list[float]:
    from qa_app.answer import frame as frames

    cand = pool[rank]
    clause = cand.clause
    meta = answerer.kb.documents[clause.doc_id]
    planner = answerer.planner
    region = next((r for r in frames.REGIONS if r in frame.question), None)
    rule_fit = max((planner.fit(action, r.sentence) for r in clause.obligations), default=0.0)
    actor = set(frame.actor) or set(frame.parties) - set(frame.objects)
    holders = {p for r in clause.obligations for p in r.holders}
    return [1.0 / (1 + rank),
            cand.score - pool[0].score,
            cand.relevance - max(c.relevance for c in pool),
            cand.coverage,
            planner.fit(action, clause.text),
            rule_fit,
            float(bool(actor & holders)),
            modality_fits(frame.slot, clause),
            float(meta.get("level") == "national"),
            float(bool(region) and answerer._in_region(region, clause)) - float(bool(region)
                                                                              and not answerer._in_region(region, clause)),
            float(clause.kind == "preamble")]


def collect() -> list[dict]:
    from ingest.settings import Settings, quiet_telemetry
    quiet_telemetry()
    from qa_app.answer import Answerer
    from qa_app.kb import KnowledgeBase

    kb = KnowledgeBase.open(Settings())
    answerer = Answerer(kb)
    rows = []
    for path in fold_files():
        fold = fold_name(path)
        for q in load_questions(path):
            gold = {base(g) for g in q.get("gold") or []}
            if not gold:
                continue
            question = q["question"].strip()
            frame = answerer.frame(question)
            action = answerer.action_terms(question)
            pool = answerer._rank(frame, action, None, True, None) or answerer._rank(frame, action, None, False, None)
            pool = pool[:TOP]
            try:
                evidence = list(answerer.ask(question).evidence)
            except Exception as err:  # noqa: BLE001 - a study: one failing answer must not stop it
                evidence = [f"error:{type(err).__name__}"]
            rows.append({"fold": fold, "id": q["id"],
                         "evidence0": base(evidence[0]) if evidence else "",
                         "evidence0_gold": bool(evidence) and base(evidence[0]) in gold,
                         "candidates": [{"id": c.clause.id, "gold": base(c.clause.id) in gold,
                                         "x": features(answerer, frame, action, pool, i)}
                                        for i, c in enumerate(pool)]})
    return rows


# -- fitting --------------------------------------------------------------------------------

def standardize(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, std = x.mean(axis=0), x.std(axis=0)
    return mean, np.where(std > 1e-9, std, 1.0)


def fit(rows: list[dict], l2: float = L2, steps: int = 3000, lr: float = 0.5) -> dict:
    """A pointwise logistic ranker over the candidates of ``rows`` (gold or not), each question's
    candidates weighed together as much as one question (so long pools do not dominate).
    Returns ``{"mean", "std", "w", "b"}`` on standardized features."""
    xs, ys, ws = [], [], []
    for row in rows:
        cands = row["candidates"]
        if not cands or not any(c["gold"] for c in cands):
            continue  # nothing to learn from a pool with no gold clause
        for c in cands:
            xs.append(c["x"])
            ys.append(1.0 if c["gold"] else 0.0)
            ws.append(1.0 / len(cands))
    x, y, sw = np.array(xs, float), np.array(ys, float), np.array(ws, float)
    mean, std = standardize(x)
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    total = sw.sum()
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        g = sw * (p - y)
        w -= lr * (z.T @ g / total + l2 * w)
        b -= lr * g.sum() / total
    return {"mean": mean.tolist(), "std": std.tolist(), "w": w.tolist(), "b": float(b)}


def fit_pairwise(rows: list[dict], l2: float = L2, steps: int = 3000, lr: float = 0.5) -> dict:
    """A pairwise logistic ranker: for every question, every (gold, not gold) pair of its candidates, the
    difference of their standardized features should score above zero; each question's pairs weigh as one
    question. No intercept (it cancels in a difference). Same return as :func:`fit` (``b`` = 0)."""
    every = np.array([c["x"] for r in rows for c in r["candidates"]], float)
    mean, std = standardize(every)
    diffs, ws = [], []
    for row in rows:
        z = [((np.array(c["x"], float) - mean) / std, c["gold"]) for c in row["candidates"]]
        pairs = [g - o for g, gold in z if gold for o, other in z if not other]
        if not pairs:
            continue  # no gold among the candidates, or nothing but gold
        diffs += pairs
        ws += [1.0 / len(pairs)] * len(pairs)
    d, sw = np.array(diffs, float), np.array(ws, float)
    w = np.zeros(every.shape[1])
    total = sw.sum()
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(d @ w)))
        w -= lr * (-(d.T @ (sw * (1.0 - p))) / total + l2 * w)
    return {"mean": mean.tolist(), "std": std.tolist(), "w": w.tolist(), "b": 0.0}


def scores(model: dict, cands: list[dict]) -> np.ndarray:
    x = np.array([c["x"] for c in cands], float)
    return ((x - np.array(model["mean"])) / np.array(model["std"])) @ np.array(model["w"]) + model["b"]


def reorder(model: dict, cands: list[dict]) -> list[dict]:
    """The candidates by the model's score, ties kept in the pool's order."""
    if not cands:
        return []
    s = scores(model, cands)
    return [cands[i] for i in sorted(range(len(cands)), key=lambda i: (-s[i], i))]


def reciprocal_rank(cands: list[dict]) -> float:
    return next((1.0 / (i + 1) for i, c in enumerate(cands) if c["gold"]), 0.0)


def study(rows: list[dict]) -> dict:
    folds = list(dict.fromkeys(r["fold"] for r in rows))
    out = {"folds": {}, "weights": None}
    every = {"n": 0, "pool_top1": 0, "pool_rr": 0.0, "evidence_top1": 0, "fitted_top1": 0, "fitted_rr": 0.0,
             "pair_top1": 0, "pair_rr": 0.0, "gold_in_pool": 0, "only_pairwise": 0, "only_evidence": 0}
    for fold in folds:
        test = [r for r in rows if r["fold"] == fold]
        train = [r for r in rows if r["fold"] != fold]
        model, pairwise = fit(train), fit_pairwise(train)
        f = {"n": len(test),
             "gold_in_pool": sum(any(c["gold"] for c in r["candidates"]) for r in test),
             "pool_top1": sum(bool(r["candidates"]) and r["candidates"][0]["gold"] for r in test),
             "pool_rr": sum(reciprocal_rank(r["candidates"]) for r in test),
             "evidence_top1": sum(r["evidence0_gold"] for r in test),
             "fitted_top1": 0, "fitted_rr": 0.0, "pair_top1": 0, "pair_rr": 0.0,
             "only_pairwise": 0, "only_evidence": 0}
        for r in test:
            ordered = reorder(model, r["candidates"])
            f["fitted_top1"] += bool(ordered) and ordered[0]["gold"]
            f["fitted_rr"] += reciprocal_rank(ordered)
            ordered = reorder(pairwise, r["candidates"])
            f["pair_top1"] += bool(ordered) and ordered[0]["gold"]
            f["pair_rr"] += reciprocal_rank(ordered)
            pair_right = bool(ordered) and ordered[0]["gold"]
            f["only_pairwise"] += pair_right and not r["evidence0_gold"]
            f["only_evidence"] += r["evidence0_gold"] and not pair_right
        for key in every:
            every[key] += f[key]
        out["folds"][fold] = f
    out["overall"] = every
    out["weights"] = dict(zip(FEATURES, fit(rows)["w"]))
    out["pair_weights"] = dict(zip(FEATURES, fit_pairwise(rows)["w"]))
    return out


def report(result: dict) -> str:
    def line(name, f):
        n = f["n"] or 1
        return (f"| {name} | {f['n']} | {f['gold_in_pool'] / n:.2f} | {f['pool_top1'] / n:.2f} | "
                f"{f['evidence_top1'] / n:.2f} | {f['fitted_top1'] / n:.2f} | {f['pair_top1'] / n:.2f} | "
                f"{f['pool_rr'] / n:.3f} | {f['fitted_rr'] / n:.3f} | {f['pair_rr'] / n:.3f} |")

    lines = ["# Rank study: a fitted choice of the clause an answer rests on", "",
             "Generated by `python -m evals.rank_study` (a study: no answer code changed). Per question with gold "
             f"clauses: the answerer's pool (`Answerer._rank`, top {TOP}); *pool@1* = gold clause at rank 1 of "
             "today's ranking; *evidence@1* = the clause today's answer quotes first is gold; *pointwise@1* / *pairwise@1* = gold "
             "first after a pointwise / pairwise logistic ranker (numpy, L2) fitted leave-one-fold-out (each file one fold); MRR over "
             f"the {TOP} (0 if no gold among them); *in pool* = share with a gold clause among the {TOP}.", "",
             "| fold | n | in pool | pool@1 | evidence@1 | pointwise@1 | pairwise@1 | MRR pool | MRR pointwise | "
             "MRR pairwise |", "|---|---|---|---|---|---|---|---|---|---|"]
    lines += [line(name, f) for name, f in result["folds"].items()]
    lines.append(line("**overall**", result["overall"]))
    every = result["overall"]
    lines += ["", f"Overall, the pairwise ranker puts a gold clause first where today's answer does not quote one first "
              f"in {every['only_pairwise']} questions, and the other way round in {every['only_evidence']} "
              f"(of {every['n']}). Today's answer is chosen by the planner's rule match (`Planner.matches`) over the top "
              "candidates, not by the pool's order alone: a ranker over the pool competes with pool@1, and "
              "evidence@1 is the figure a change would have to beat."]
    lines += ["", "Standardized weights of the models fitted on every fold (features in "
              "`evals/rank_study.py: features`):", "", "| feature | pointwise | pairwise |", "|---|---|---|"]
    lines += [f"| {k} | {v:+.2f} | {result['pair_weights'][k]:+.2f} |"
              for k, v in sorted(result["weights"].items(), key=lambda kv: -abs(result["pair_weights"][kv[0]]))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--out", default=str(ROOT / "evals/results/RANK-STUDY.md"))
    args = parser.parse_args(argv)
    if args.refresh or not CACHE.exists():
        rows = collect()
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    rows = json.loads(CACHE.read_text(encoding="utf-8"))
    result = study(rows)
    Path(args.out).write_text(report(result), encoding="utf-8")
    print(report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
