"""Second-party study: for a question about two parties whose answer gives one of them no line, would
that party's best rule in the whole candidate pool be a line the answer needs?

    python -m evals.party_line_study [--refresh] [--write]

For every question of the spent sets (evals/questions.yaml, questions_dev2..5, blind2..15) and every turn of
the spent conversations (blind_conv2..18, conversations_dev2), each file or folder one fold (the held-out
blind24 and blind_conv22 are never read), the answer is made as the product makes it, and where it is composed the
candidate lines are recorded (:func:`qa_app.answer.partyline.candidates`: for each asked side the answer
leaves without a line, that party's first rule in the first 30 candidates and the one fitting the asked
act best; at most one line per party is added, the likeliest).
Label: the line's party is one the key holds responsible (when the key names parties), and its clause is
gold or its text states a must_state string (useful); else noise. A logistic model over
:data:`qa_app.answer.partyline.FEATURES` is fitted leave-one-fold-out, its threshold chosen on the
training folds (most useful lines net of three per noise line), and scored on the fold left out: useful
and noise lines added, must_state facts gained, key parties named (the `2party` metric of two-party
questions) and party accuracy, against today (no line added).
Two more sections: why two-party answers miss a key party today (whether the one-line-per-party plan was
asked, and where the missing party's first rule stands in the pool), and whether a fitted trigger asking
that plan where today's reading does not would help (question sets only; LOSO party and must_state change).
Rows are cached in the temporary folder; --refresh rebuilds them. --write fits on all folds and writes
qa_app/data/party_line.json, only where the LOSO verdict is to integrate.
Results: evals/results/PARTY-LINE-STUDY.md (ids and numbers only).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from evals.blind_eval import names
from evals.qa_eval import base
from evals.read_on_study import auroc, fit, items, probabilities

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "regkb-party-line-study-rows.json"
RESULTS = ROOT / "evals/results/PARTY-LINE-STUDY.md"
NOISE_WEIGHT = 3


def collect() -> list[dict]:
    """One row per candidate line (fold, id, features, useful, facts it adds, whether its party is a key
    party), and one row per question (``x`` None) with today's party figures."""
    from ingest.settings import Settings, quiet_telemetry
    quiet_telemetry()
    from qa_app.answer import answerer as answering
    from qa_app.answer import partyline
    from qa_app.answer.plans import party_line
    from qa_app.kb import KnowledgeBase

    seen: list[tuple] = []

    def recorder(planner, frame, terms, pool, text, parties, evidence, model):
        for rank, cand in enumerate(pool[:partyline.DEPTH]):  # where each party's first rule stands in the pool
            for record in cand.clause.obligations:
                for party in record.holders:
                    if record.action and party in planner.parties_in(record.sentence):
                        first.setdefault(party, rank)
        for line in partyline.candidates(planner, frame, terms, pool, text, parties, evidence):
            seen.append((line, partyline.features(line, frame, terms, planner, evidence),
                         party_line(line.party, line.record, line.clause)))
        return text, parties, evidence

    answering.second_party = recorder
    from qa_app.answer.plans import Planner
    several = Planner.several
    first: dict[str, int] = {}
    looked: list = []

    def several_recorder(self, frame, ranked, terms):
        plan = several(self, frame, ranked, terms)
        looked.append(plan is not None)
        return plan

    Planner.several = several_recorder
    kb = KnowledgeBase.open(Settings())
    answerer = answering.Answerer(kb)
    def afresh():
        seen.clear()
        first.clear()
        looked.clear()

    rows = []
    for fold, q, answer in items(answerer, afresh):
        gold = {base(g) for g in q.get("gold") or []}
        must = [s for s in q.get("must_state") or [] if s]
        lacking = [s for s in must if s not in answer.answer]
        key = list(q.get("parties") or [])
        two = bool(key) and (q["category"] == "two_party" or "two_party" in (q.get("tags") or ()))
        for line, x, text in seen:
            gains = [s for s in lacking if s in text]
            # A line for a party the key does not hold responsible is no help, whatever it quotes.
            rows.append({"fold": fold, "id": q["id"], "x": x, "party": line.party, "clause": line.clause.id,
                         "gold": base(line.clause.id) in gold, "gains": gains,
                         "useful": (not key or line.party in key)
                         and (base(line.clause.id) in gold or any(s in text for s in must))})
        if key and "question" in q and answer.frame is not None and not answer.frame.several:
            trigger = asked_anyway(answerer, q["question"].strip(), answer, key, must)
            if trigger is not None:
                rows.append({"fold": fold, "id": q["id"], "x": None, "trigger": trigger})
        rows.append({"fold": fold, "id": q["id"], "x": None, "key": key, "two": two,
                     "parties": list(answer.parties), "text_names": [p for p in key if names(answer.answer, p)],
                     "must": len(must), "lacking": len(lacking), "looked": looked[-1] if looked else None,
                     "first": {p: first.get(p) for p in key}})
    return rows


def asked_anyway(answerer, question: str, answer, key: list[str], must: list[str]) -> dict | None:
    """For a question the one-line-per-party plan is not asked for: what that plan would answer if it were
    (None where it makes no plan), a few features of the question's reading, and the change in party
    accuracy and must_state facts against today's answer."""
    import re
    from dataclasses import replace

    from qa_app.answer import frame as frames
    frame = answerer.frame(question)
    terms = answerer.action_terms(question)
    ranked = answerer._rank(frame, terms, None, True, None)[:5]
    plan = answerer.planner.several(replace(frame, several=True), ranked, terms) if ranked else None
    if plan is None:
        return None
    acting = [p for p in frame.parties if p not in frame.objects]
    x = [len(acting), len(frame.parties), len(frame.objects), float(bool(frames.SEVERAL.search(question))),
         float(bool(frames.WHO.search(question))), float(frame.yes_no), float(frame.slot == "who"),
         float(frame.slot == "department"), float(frame.slot == "how"), float(frame.slot in ("what", "items")),
         float(bool(re.search(r"和|与|及", question))), len(plan.parties), plan.match, float(len(answer.parties) >= 2)]
    return {"x": x, "d_party": int(set(plan.parties) == set(key)) - int(set(answer.parties) == set(key)),
            "d_must": sum(s in plan.lines[0] for s in must) - sum(s in answer.answer for s in must)}


TRIGGER_FEATURES = ("acting parties", "parties", "objects", "several word", "who word", "yes/no", "slot who",
                    "slot department", "slot how", "slot what/items", "和/与/及", "plan parties", "plan match",
                    "answer names two")


def trigger_study(rows: list[dict]) -> list[str]:
    """Would a fitted trigger asking the one-line-per-party plan where today's reading does not help?
    Label: the plan's answer is better (party accuracy + must_state facts) than today's, or worse (ties left
    out). LOSO; the threshold is chosen on the training folds (largest summed gain)."""
    data = [dict(r["trigger"], fold=r["fold"], id=r["id"]) for r in rows if "trigger" in r]
    for r in data:
        net = r["d_party"] + r["d_must"]
        r["gains"], r["holds"] = (["x"] if net > 0 else []), net >= 0
    lines = ["| fold | questions the plan could answer | triggered | party Δ | must Δ |", "|---|---:|---:|---:|---:|"]
    total, fell, probs, ys = [0, 0, 0, 0], 0, [], []
    folds = list(dict.fromkeys(r["fold"] for r in data))
    for fold in folds:
        train = [r for r in data if r["fold"] != fold]
        test = [r for r in data if r["fold"] == fold]
        model = fit(train)
        pt = probabilities(model, train)
        best, threshold = 0, 1.01
        for t in sorted(set(np.round(pt, 3))):
            gain = sum(r["d_party"] + r["d_must"] for r, p in zip(train, pt) if p >= t)
            if gain > best:
                best, threshold = gain, float(t)
        p = probabilities(model, test)
        chosen = [r for r, pr in zip(test, p) if pr >= threshold]
        dp, dm = sum(r["d_party"] for r in chosen), sum(r["d_must"] for r in chosen)
        fell += dp + dm < 0
        lines.append(f"| {fold} | {len(test)} | {len(chosen)} | {dp:+d} | {dm:+d} |")
        total = [a + b for a, b in zip(total, (len(test), len(chosen), dp, dm))]
        probs += list(p)
        ys += [1.0 if r["d_party"] + r["d_must"] > 0 else 0.0 for r in test]
    lines.append(f"| **all** | {total[0]} | {total[1]} | {total[2]:+d} | {total[3]:+d} |")
    y, p = np.array(ys), np.array(probs)
    lines += ["", f"Folds that fall: {fell} of {len(folds)}. LOSO AUROC (better vs not): {auroc(p, y):.3f}. Features: "
              + ", ".join(TRIGGER_FEATURES) + ". Verdict (trigger): "
              + ("integrate." if total[2] + total[3] > 0 and fell <= len(folds) / 3 else
                 "not integrated; the hand-set reading (`frame.several`) stays.")]
    return lines


def _labelled(rows):
    return [dict(r, gains=["x"] if r.get("useful") else [], holds=bool(r.get("useful"))) for r in rows]


def outcome(rows: list[dict], questions: list[dict], p: np.ndarray, threshold: float) -> dict:
    added, best = {}, {}
    for r, pr in zip(rows, p):  # at most one line per party of a question, the likeliest
        if pr >= threshold and pr > best.get((r["id"], r["party"]), (0.0, None))[0]:
            best[(r["id"], r["party"])] = (pr, r)
    for (qid, _), (_, r) in best.items():
        added.setdefault(qid, []).append(r)
    out = {"added": sum(map(len, added.values())), "useful": 0, "noise": 0, "facts": 0,
           "two": 0, "named_before": 0, "named_after": 0, "party_before": 0, "party_after": 0}
    for q in questions:
        lines = added.get(q["id"], [])
        out["useful"] += sum(r["useful"] for r in lines)
        out["noise"] += sum(not r["useful"] for r in lines)
        out["facts"] += len({s for r in lines for s in r["gains"]})
        if q["key"]:
            after = set(q["parties"]) | {r["party"] for r in lines}
            out["party_before"] += set(q["parties"]) == set(q["key"])
            out["party_after"] += after == set(q["key"])
        if q["two"]:
            out["two"] += 1
            named = set(q["text_names"]) | {r["party"] for r in lines if r["party"] in q["key"]}
            out["named_before"] += len(q["text_names"]) == len(q["key"])
            out["named_after"] += len(named) == len(q["key"])
    return out


def _one_per_party(rows: list[dict], p, threshold: float) -> list[dict]:
    """The lines added at ``threshold``: for each party of a question, its likeliest line if it reaches it."""
    best = {}
    for r, pr in zip(rows, p):
        key = (r["fold"], r["id"], r["party"])
        if pr >= threshold and pr > best.get(key, (-1.0, None))[0]:
            best[key] = (pr, r)
    return [r for _, r in best.values()]


def choose_threshold(rows: list[dict], model: dict) -> float:
    cands = [r for r in rows if r["x"] is not None]
    if not cands:
        return 1.01
    p = probabilities(model, cands)
    best, best_net = 1.01, 0.0
    for t in sorted(set(np.round(p, 3)), reverse=True):
        chosen = _one_per_party(cands, p, t)
        net = sum(r["useful"] for r in chosen) - NOISE_WEIGHT * sum(not r["useful"] for r in chosen)
        if net > best_net:
            best, best_net = float(t), net
    return best


def study(rows: list[dict]) -> tuple[dict, list, np.ndarray]:
    folds, pooled, probs = {}, [], []
    for fold in dict.fromkeys(r["fold"] for r in rows):
        train = [r for r in rows if r["fold"] != fold]
        test = [r for r in rows if r["fold"] == fold and r["x"] is not None]
        questions = [r for r in rows if r["fold"] == fold and r["x"] is None and "trigger" not in r]
        model = fit(_labelled(train))
        t = choose_threshold(train, model)
        p = probabilities(model, test) if test else np.array([])
        folds[fold] = {**outcome(test, questions, p, t), "threshold": t, "candidates": len(test),
                       "positive": sum(r["useful"] for r in test), "questions": len(questions)}
        pooled += test
        probs += list(p)
    return folds, pooled, np.array(probs)


def causes(rows: list[dict]) -> list[str]:
    """Why two-party answers name fewer parties than the key: whether the one-line-per-party plan ran, and
    where the missing party's first rule (one naming it) stands in the pool."""
    missed = [r for r in rows if "two" in r and r["two"] and len(r["text_names"]) < len(r["key"])]
    counts: dict[tuple, list] = {}
    for r in missed:
        ranks = [r["first"].get(p) for p in r["key"] if p not in r["text_names"]]
        depth = "no rule in the first 30" if all(k is None for k in ranks) else (
            "a rule in the top 5" if any(k is not None and k < 5 for k in ranks) else "a rule at 6-30 only")
        plan = {None: "plan not asked (no 双方/各自 reading)", True: "plan made", False: "plan gave up (< 2 lines)"}[r["looked"]]
        counts.setdefault((plan, depth), []).append(r["id"])
    lines = [f"Two-party questions (conversation turns: a key with two or more parties) naming fewer parties than "
             f"the key: {len(missed)}.", "",
             "| one-line-per-party plan | missing party's first rule | n | ids |", "|---|---|---:|---|"]
    lines += [f"| {plan} | {depth} | {len(ids)} | {', '.join(ids)} |" for (plan, depth), ids in sorted(counts.items())]
    return lines


def report(rows: list[dict], folds: dict, pooled: list, probs: np.ndarray, model: dict) -> str:
    from qa_app.answer.partyline import FEATURES
    lines = ["# Second-party study: the other side's line from the whole pool, chosen by a fitted model", "",
             "`python -m evals.party_line_study` (ids and numbers only). Today = the answers as they are (no line "
             "added). LOSO: fitted on all other folds, threshold chosen there, scored on the fold. Net = useful − 3 × "
             "noise lines (a fold falls when net < 0). 2party = two-party questions naming every key party; party = "
             "answer's parties equal the key's.", "",
             "| fold | questions | candidates | useful there | added | useful | noise | facts gained | net | "
             "2party before → after (of n) | party before → after |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    keys = ("questions", "candidates", "positive", "added", "useful", "noise", "facts", "two", "named_before",
            "named_after", "party_before", "party_after")
    total = dict.fromkeys(keys, 0)
    fell = 0
    for fold, o in folds.items():
        net = o["useful"] - NOISE_WEIGHT * o["noise"]
        fell += net < 0
        lines.append(f"| {fold} | {o['questions']} | {o['candidates']} | {o['positive']} | {o['added']} | "
                     f"{o['useful']} | {o['noise']} | {o['facts']} | {net} | {o['named_before']} → "
                     f"{o['named_after']} ({o['two']}) | {o['party_before']} → {o['party_after']} |")
        for k in keys:
            total[k] += o[k]
    t = total
    lines.append(f"| **all** | {t['questions']} | {t['candidates']} | {t['positive']} | {t['added']} | {t['useful']} | "
                 f"{t['noise']} | {t['facts']} | {t['useful'] - NOISE_WEIGHT * t['noise']} | {t['named_before']} → "
                 f"{t['named_after']} ({t['two']}) | {t['party_before']} → {t['party_after']} |")
    at = np.array([folds[r["fold"]]["threshold"] for r in pooled])
    chosen = [r for r, p, t in zip(pooled, probs, at) if p >= t and r in _one_per_party(pooled, probs, 0.0)]
    gained = [r["id"] for r in chosen if r["useful"]]
    noisy = [r["id"] for r in chosen if not r["useful"]]
    y = np.array([1.0 if r["useful"] else 0.0 for r in pooled])
    verdict = ("integrate" if t["useful"] - NOISE_WEIGHT * t["noise"] > 0 and fell <= len(folds) / 3 else
               "not integrated: LOSO adds no useful line at the allowed noise; answers unchanged, no model file written")
    lines += ["", f"Folds where net < 0: {fell} of {len(folds)}. Verdict: {verdict}.",
              f"Useful lines added (LOSO): {', '.join(gained) or '-'}; noise lines: {', '.join(noisy) or '-'}.", "",
              f"LOSO AUROC (useful vs noise): {auroc(probs, y):.3f}" if len(set(y)) == 2 else "", "",
              "| threshold | added | useful | noise |", "|---:|---:|---:|---:|"]
    for th in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        chosen = _one_per_party(pooled, probs, th)
        lines.append(f"| {th:.1f} | {len(chosen)} | {sum(r['useful'] for r in chosen)} | "
                     f"{sum(not r['useful'] for r in chosen)} |")
    lines += ["", "## Why the key's second party is missing today", "", *causes(rows)]
    lines += ["", "## Asking the one-line-per-party plan by a fitted trigger (question sets only, LOSO)", "",
              *trigger_study(rows)]
    lines += ["", "## Weights fitted on all folds (standardized features)", "",
              f"threshold {model['threshold']:.3f}, intercept {model['b']:.2f}", "", "| feature | weight |", "|---|---:|"]
    lines += [f"| {f} | {w:+.2f} |" for f, w in sorted(zip(FEATURES, model["w"]), key=lambda fw: -abs(fw[1]))]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--write", action="store_true", help="write the model fitted on all folds")
    args = parser.parse_args()
    if args.refresh or not CACHE.exists():
        CACHE.write_text(json.dumps(collect(), ensure_ascii=False), encoding="utf-8")
    rows = json.loads(CACHE.read_text(encoding="utf-8"))
    folds, pooled, probs = study(rows)
    model = fit(_labelled(rows))
    model["threshold"] = choose_threshold(rows, model)
    text = report(rows, folds, pooled, probs, model)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    if args.write and "Verdict: integrate" not in text:
        print("not written: the LOSO figure does not clear the bar (see the verdict)")
    elif args.write:
        from qa_app.answer.partyline import FEATURES, MODEL_PATH
        MODEL_PATH.write_text(json.dumps({"features": list(FEATURES), **model}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
