"""A study of the rule an answer rests on: among the rules the planner already weighs for a question
(``Planner.matches`` over the top candidates), would a ranker fitted on labelled data pick a gold clause
more often than today's hand-weighted score and its chain of overrides?

    python -m evals.rule_choice_study [--refresh] [--write]

For every question with gold clause ids in the spent question sets (the folds of :mod:`evals.rank_study`:
each file one fold; held-out sets are never read) the answerer runs as it runs (same frame, action terms and
candidates as ``Answerer._answer``), and every Match of ``Planner.matches`` over the top ``TOP`` candidates is
described by features the code already computes (:data:`FEATURES`). A match is gold when its clause is; the
stronger label also wants its sentence to hold a ``must_state`` string where the key has one. The rows are
cached in the temporary folder (regkb-rule-choice-rows.json; --refresh rebuilds them).

Scored per fold, leave-one-fold-out: *evidence@1* (the clause today's answer quotes first is gold),
*matches@1* (today's best match by score alone is gold), and *fitted@1* (the match a pairwise logistic ranker
puts first is gold). The fitted choice can only change the answers whose first quote is one of the matches
(the whether and when plans); elsewhere today's first quote stands. Each override of today's chain is measured
by dropping the feature that says "the chain picks it" and by the share of questions where it moved the pick.

--write fits on every fold and writes the weights (qa_app/data/rule_choice.json) for the planner to read.
Writes evals/results/RULE-CHOICE-STUDY.md (numbers and ids only, never a question).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from evals.blind_eval import load_questions
from evals.qa_eval import base
from evals.rank_study import fold_files, fold_name

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "regkb-rule-choice-rows.json"
WEIGHTS = ROOT / "qa_app/data/rule_choice.json"
TOP = 5
L2 = 0.05
# The plans whose answer rests on the best match: the fitted choice can change only these.
CHOSEN_SLOTS = ("whether_must", "whether_may", "when")
# The label the written model is fitted on: a gold clause whose text holds a must_state string of the key
# (where it has one); "gold" is the clause alone.
LABEL = "strong"
# The features dropped together in the ablation.
GROUPS = {"today's chain": ("chain_pick",), "today's score": ("score", "score_gap", "fit", "whole_fit", "rank"),
          "retrieval": ("coverage", "fused"), "shared characters": ("sentence_bigrams", "clause_bigrams"),
          "cases": ("unstated_case", "condition_met", "exception"), "modality": ("modality_fits", "negative", "deadline"),
          "parties": ("actor_holds", "holders_objects", "liability"), "place": ("national", "region", "in_passing")}


def collect() -> list[dict]:
    from ingest.settings import Settings, quiet_telemetry
    quiet_telemetry()
    from qa_app.answer import Answerer
    from qa_app.answer import answerer as answering
    from qa_app.answer.rule_choice import match_features, read
    from qa_app.kb import KnowledgeBase

    kb = KnowledgeBase.open(Settings())
    answerer = Answerer(kb)
    planner = answerer.planner
    planner.fitted_choice = False  # the hand-set choice, which the model is told of and learns to overrule
    rows = []
    for path in fold_files():
        fold = fold_name(path)
        for q in load_questions(path):
            gold = {base(g) for g in q.get("gold") or []}
            if not gold:
                continue
            question = q["question"].strip()
            try:
                answer = answerer.ask(question)
                evidence = list(answer.evidence)
            except Exception as err:  # noqa: BLE001 - a study: one failing answer must not stop it
                evidence = [f"error:{type(err).__name__}"]
            frame = answerer.frame(question)
            action = answerer.action_terms(question)
            pool = answerer._rank(frame, action, None, True, None) or answerer._rank(frame, action, None, False, None)
            ranked = pool[:answering.PLAN_CANDIDATES]
            found = [m for m in planner.matches(frame, ranked, action, top=TOP) if read(frame.slot, m.record)]
            first = base(evidence[0]) if evidence else ""
            states = [s for s in q.get("must_state") or [] if s]
            rows.append({
                "fold": fold, "id": q["id"], "slot": frame.slot, "several": bool(frame.several),
                "evidence0": first, "evidence0_gold": first in gold,
                "matches": [{"clause": m.clause.id, "gold": base(m.clause.id) in gold,
                             "strong": base(m.clause.id) in gold and (not states or any(
                                 s in m.record.sentence or s in m.clause.text for s in states)),
                             "x": match_features(planner, frame, action, ranked, found, i, first)}
                            for i, m in enumerate(found)]})
    return rows


# -- fitting --------------------------------------------------------------------------------

def _arrays(row: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A row's features and labels as arrays, built once."""
    if "_x" not in row:
        row["_x"] = np.array([m["x"] for m in row["matches"]], float).reshape(len(row["matches"]), -1)
        row["_gold"] = np.array([m["gold"] for m in row["matches"]], bool)
        row["_strong"] = np.array([m["strong"] for m in row["matches"]], bool)
    return row["_x"], row["_gold"], row["_strong"]


def fit_pairwise(rows: list[dict], keep: list[int], label: str = "gold", l2: float = L2, steps: int = 1500,
                 lr: float = 0.5) -> dict:
    """A pairwise logistic ranker over the features ``keep``: in every question, every (gold, not gold) pair
    of matches should score above zero in the difference of their standardized features; each question's
    pairs weigh as one question. Returns ``{"mean", "std", "w"}``."""
    every = np.vstack([_arrays(r)[0][:, keep] for r in rows if r["matches"]])
    mean, std = every.mean(axis=0), every.std(axis=0)
    std = np.where(std > 1e-9, std, 1.0)
    diffs, ws = [], []
    for row in rows:
        if not row["matches"]:
            continue
        x, gold, strong = _arrays(row)
        good = strong if label == "strong" else gold
        z = (x[:, keep] - mean) / std
        if good.any() and (~good).any():
            pairs = (z[good][:, None, :] - z[~good][None, :, :]).reshape(-1, len(keep))
            diffs.append(pairs)
            ws.append(np.full(len(pairs), 1.0 / len(pairs)))
    d, sw = np.vstack(diffs), np.concatenate(ws)
    w = np.zeros(len(keep))
    total = sw.sum()
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(d @ w)))
        w -= lr * (-(d.T @ (sw * (1.0 - p))) / total + l2 * w)
    return {"mean": mean.tolist(), "std": std.tolist(), "w": w.tolist()}


def pick(model: dict, keep: list[int], row: dict) -> int:
    """The index of the match the model scores best, the earlier on a tie."""
    x = _arrays(row)[0][:, keep]
    s = ((x - np.array(model["mean"])) / np.array(model["std"])) @ np.array(model["w"])
    return int(np.argmax(s))


def in_scope(row: dict) -> bool:
    """Whether today's answer rests on one of the matches (a whether / when plan quoting one of them first)."""
    return (row["slot"] in CHOSEN_SLOTS and not row["several"]
            and any(base(m["clause"]) == row["evidence0"] for m in row["matches"]))


def loso(rows: list[dict], keep: list[int], label: str = "gold") -> dict:
    """Per fold: n, evidence@1, matches@1 (score alone, in scope), fitted@1 (the fitted pick where in scope,
    today's first quote elsewhere), won / lost questions."""
    folds = list(dict.fromkeys(r["fold"] for r in rows))
    out = {}
    for fold in folds:
        test = [r for r in rows if r["fold"] == fold]
        model = fit_pairwise([r for r in rows if r["fold"] != fold and in_scope(r)], keep, label)
        f = {"n": len(test), "scope": 0, "evidence": 0, "matches": 0, "fitted": 0, "won": [], "lost": []}
        for r in test:
            today = r["evidence0_gold"]
            f["evidence"] += today
            if not in_scope(r):
                f["matches"] += today
                f["fitted"] += today
                continue
            f["scope"] += 1
            f["matches"] += r["matches"][0]["gold"]
            chosen = r["matches"][pick(model, keep, r)]["gold"]
            f["fitted"] += chosen
            if chosen and not today:
                f["won"].append(r["id"])
            if today and not chosen:
                f["lost"].append(r["id"])
        out[fold] = f
    return out


def totals(result: dict) -> dict:
    keys = ("n", "scope", "evidence", "matches", "fitted")
    return {k: sum(f[k] for f in result.values()) for k in keys} | {
        "folds_up": sum(f["fitted"] > f["evidence"] for f in result.values()),
        "folds_down": sum(f["fitted"] < f["evidence"] for f in result.values())}


def report(rows: list[dict], names: tuple[str, ...], ablate: bool = True) -> str:
    every = list(range(len(names)))
    main = loso(rows, every, LABEL)
    t = totals(main)
    lines = ["# Rule choice study: a fitted choice of the rule an answer rests on", "",
             "Generated by `python -m evals.rule_choice_study`. Per question with gold clauses (spent sets only, each "
             f"file one fold): the matches of `Planner.matches` over the top {TOP} candidates. *evidence@1* = the clause "
             "today's answer quotes first is gold; *matches@1* = today's best match by score alone is gold (in scope; "
             "today's first quote elsewhere); *fitted@1* = the match a pairwise logistic ranker (numpy, L2) fitted "
             "leave-one-fold-out puts first is gold (in scope; today's first quote elsewhere). *In scope*: a whether / "
             "when answer whose first quote is one of the matches. Counts, not shares.", "",
             "| fold | n | in scope | evidence@1 | matches@1 | fitted@1 | won | lost |", "|---|---|---|---|---|---|---|---|"]
    for fold, f in main.items():
        lines.append(f"| {fold} | {f['n']} | {f['scope']} | {f['evidence']} | {f['matches']} | {f['fitted']} | "
                     f"{' '.join(f['won']) or '-'} | {' '.join(f['lost']) or '-'} |")
    lines.append(f"| **overall** | {t['n']} | {t['scope']} | {t['evidence']} | {t['matches']} | {t['fitted']} | "
                 f"{sum(len(f['won']) for f in main.values())} | {sum(len(f['lost']) for f in main.values())} |")
    lines += ["", f"Folds where fitted@1 beats evidence@1: {t['folds_up']}; where it falls: {t['folds_down']} "
              f"(of {len(main)}).", ""]
    other = totals(loso(rows, every, "gold"))
    lines += [f"Fitted on the label `{LABEL}` (a gold clause whose text holds a `must_state` string of the key where it "
              f"has one); fitted on the clause alone (`gold`) instead: fitted@1 {other['fitted']} (folds up "
              f"{other['folds_up']}, down {other['folds_down']}). Scored on the clause either way.", ""]
    lines += ["Each group of features dropped in turn (LOSO fitted@1 overall; `chain_pick` stands for today's chain of "
              "overrides as a whole: the rows hold its pick, not each override's):", "",
              "| without | fitted@1 | folds up | folds down |", "|---|---|---|---|"]
    for group, members in (GROUPS.items() if ablate else ()):
        d = totals(loso(rows, [k for k in every if names[k] not in members], LABEL))
        lines.append(f"| {group} ({', '.join(members)}) | {d['fitted']} | {d['folds_up']} | {d['folds_down']} |")
    model = fit_pairwise([r for r in rows if in_scope(r)], every, LABEL)
    lines += ["", "Standardized weights fitted on every fold:", "", "| feature | weight |", "|---|---|"]
    lines += [f"| {n} | {w:+.2f} |" for n, w in sorted(zip(names, model["w"]), key=lambda nw: -abs(nw[1]))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from qa_app.answer.rule_choice import FEATURES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--write", action="store_true", help=f"fit on every fold and write {WEIGHTS.name}")
    parser.add_argument("--quick", action="store_true", help="leave out the feature-by-feature ablation")
    parser.add_argument("--out", default=str(ROOT / "evals/results/RULE-CHOICE-STUDY.md"))
    args = parser.parse_args(argv)
    if args.refresh or not CACHE.exists():
        rows = collect()
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    rows = json.loads(CACHE.read_text(encoding="utf-8"))
    text = report(rows, FEATURES, not args.quick)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    if args.write:
        model = fit_pairwise([r for r in rows if in_scope(r)], list(range(len(FEATURES))), LABEL)
        WEIGHTS.write_text(json.dumps({"features": list(FEATURES), **model}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
