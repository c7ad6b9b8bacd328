"""Read-on study: should an answer also quote the sentence right after the one it quotes?

    python -m evals.read_on_study [--refresh] [--write]

For every question with ``must_state`` facts in the spent sets (evals/questions.yaml,
questions_dev2..5, blind2..15) and every such turn of the spent conversations (blind_conv2..13,
conversations_dev2, asked with the turns before it), each file or folder one fold (the held-out
blind24 and blind_conv22 are never read), the answer is made as the product makes it, and each quote's candidate
is recorded where the answer is composed (:func:`qa_app.answer.readon.candidates`: the next sentence of
the quoted clause, or its next line where a list item ends first; a list item of its own clause is not
reached), and so is each sentence today's hand rule (``plans.sequel``) read on with.
Label: the candidate holds a must_state string the answer lacks (positive) or holds none (negative);
one holding only facts the answer already states teaches nothing and is left out of the fit.
Features: :data:`qa_app.answer.readon.FEATURES`. A logistic model (numpy, L2) is fitted leave-one-fold-out
with the threshold chosen on the training folds (most facts gained with at most one noise sentence per
three facts gained), and scored on the fold left out: facts gained (must_state strings the answer now
states) and noise sentences added (quotes that hold no must_state), against today (nothing added).
A second table asks whether one model deciding every read-on (the hand rule's sentences too, marked by
a feature) would beat the hand rule. Rows are cached in the temporary folder; --refresh rebuilds them.
--write fits on all folds and writes the weights to qa_app/data/read_on.json, only where the
LOSO verdict is to integrate.
Results: evals/results/READ-ON-STUDY.md (ids and numbers).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from evals.blind_eval import load_questions
from evals.followup_choice_study import fold_dirs
from evals.rank_study import fold_files, fold_name

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "regkb-read-on-study-rows.json"
RESULTS = ROOT / "evals/results/READ-ON-STUDY.md"
L2 = 0.01
NOISE_PER_FACT = 1 / 3


def items(answerer, before=lambda: None):
    """(fold, key, answer) for every question of the spent question sets and every turn of the spent
    conversations (asked with the turns before it as history, as the chat page does); a key holds the
    question's id, category, gold, parties and must_state. Failing answers are skipped; ``before`` is called
    before each question or turn is asked (a study's recorders start afresh there)."""
    import yaml
    for path in fold_files():
        for q in load_questions(path):
            if q.get("abstain"):
                continue
            before()
            try:
                yield fold_name(path), q, answerer.ask(q["question"].strip())
            except Exception:  # noqa: BLE001 - a study: one failing answer must not stop it
                continue
    for folder in fold_dirs():  # the spent conversation sets, as the follow-up choice study reads them
        keys = {str(k["id"]): k for k in yaml.safe_load((folder / "keys.yaml").read_text(encoding="utf-8"))}
        history: dict[str, list] = {}
        for line in (folder / "conversations.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            turn = json.loads(line)
            earlier = history.setdefault(turn["conversation"], [])
            before()
            try:
                answer = answerer.ask(turn["question"], history=earlier)
            except Exception:  # noqa: BLE001
                continue
            earlier.append((turn["question"], answer))
            key = keys.get(str(turn["id"]))
            if key and not key.get("abstain"):
                category = "two_party" if len(key.get("parties") or []) >= 2 else "turn"
                yield folder.name, {**key, "id": str(turn["id"]), "category": category}, answer


def collect() -> list[dict]:
    """One row per candidate: fold, question id, features, the must_state strings it would add, and
    whether it holds any must_state at all."""
    from ingest.settings import Settings, quiet_telemetry
    quiet_telemetry()
    from qa_app.answer import answerer as answering
    from qa_app.answer import readon
    from qa_app.kb import KnowledgeBase

    seen: list[tuple] = []

    def recorder(text, clauses, frame, terms, planner, model):
        seen.extend((c, readon.features(c, frame, terms, planner), False) for c in readon.candidates(text, clauses))
        seen.extend((c, readon.features(c, frame, terms, planner), True) for c in hand_candidates(text, clauses, hand))
        return text

    answering.read_on = recorder
    from qa_app.answer import plans
    hand: list[str] = []
    sequel = plans.sequel

    def hand_rule(rest, sentence):  # what today's hand rule reads on with, to weigh it by the same labels
        after = sequel(rest, sentence)
        if after:
            hand.append(after)
        return after

    plans.sequel = hand_rule
    kb = KnowledgeBase.open(Settings())
    answerer = answering.Answerer(kb)
    rows = []
    def afresh():
        seen.clear()
        hand.clear()

    for fold, q, answer in items(answerer, afresh):
        must = [s for s in q.get("must_state") or [] if s]
        # Only what the answer given was composed from (a follow-up may compose more than one).
        made = [(c, x, h) for c, x, h in seen if c.quoted in answer.answer]
        made_hand = [h for h in hand if h in answer.answer]
        if not must:
            continue
        lacking = [s for s in must if s not in answer.answer]
        for cand, x, by_hand in made:
            # A sentence the hand rule read on with gains what the answer states nowhere else.
            elsewhere = answer.answer.replace(cand.sentence, "") if by_hand else answer.answer
            rows.append({"fold": fold, "id": q["id"], "x": x, "n_must": len(must), "clause": cand.clause.id,
                         "tail": cand.quoted[-30:], "sentence": cand.sentence, "by_hand": by_hand,
                         "gains": [s for s in must if s in cand.sentence and s not in elsewhere],
                         "holds": any(s in cand.sentence for s in must)})
        read = set(made_hand)
        only = [h for h in read if any(s in h and s not in answer.answer.replace(h, "") for s in must)]
        rows.append({"fold": fold, "id": q["id"], "x": None, "n_must": len(must), "gains": [], "holds": False,
                     "lacking": len(lacking), "hand": len(read), "hand_only": len(only),
                     "hand_noise": sum(not any(s in h for s in must) for h in read)})
    return rows


def hand_candidates(text: str, clauses, hand: list[str]):
    """The sentences today's hand rule read on with, as candidates: the quote they close (or, where one
    opens the next paragraph, 「…」「sentence」, the quote before) and the clause it stands in."""
    from qa_app.answer.readon import QUOTE, Candidate
    out, quotes = [], list(QUOTE.finditer(text))
    for i, found in enumerate(quotes):
        quote = found.group(1)
        sentence = next((h for h in hand if quote.endswith(h)), None)
        if sentence is None:
            continue
        apart = quote == sentence
        quoted = quotes[i - 1].group(1) if apart and i else quote[:-len(sentence)]
        clause = next((c for c in clauses if quoted and quoted in c.text and sentence in c.text), None)
        if clause is not None:
            out.append(Candidate(found.end() - 1, clause, quoted, sentence, apart))
    return out


def fit(rows: list[dict], l2: float = L2, steps: int = 3000, lr: float = 0.5) -> dict:
    """Logistic regression on standardized features over the labelled candidates (gain vs no must_state)."""
    data = [r for r in rows if r["x"] is not None and (r["gains"] or not r["holds"])]
    x = np.array([r["x"] for r in data], float)
    y = np.array([1.0 if r["gains"] else 0.0 for r in data])
    mean, std = x.mean(axis=0), x.std(axis=0)
    std = np.where(std > 1e-9, std, 1.0)
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), float(np.log((y.mean() + 1e-6) / (1 - y.mean() + 1e-6)))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= lr * (z.T @ (p - y) / len(y) + l2 * w)
        b -= lr * float((p - y).mean())
    return {"mean": mean.tolist(), "std": std.tolist(), "w": w.tolist(), "b": b}


def probabilities(model: dict, rows: list[dict]) -> np.ndarray:
    x = np.array([r["x"] for r in rows], float)
    z = ((x - np.array(model["mean"])) / np.array(model["std"])) @ np.array(model["w"]) + model["b"]
    return 1.0 / (1.0 + np.exp(-z))


def outcome(rows: list[dict], p: np.ndarray, threshold: float) -> dict:
    """Facts gained (distinct must_state strings per question) and noise sentences added at ``threshold``."""
    gained: dict[str, set] = {}
    noise = added = 0
    for r, pr in zip(rows, p):
        if pr < threshold:
            continue
        added += 1
        gained.setdefault(r["id"], set()).update(r["gains"])
        noise += not r["holds"]
    return {"gained": sum(len(g) for g in gained.values()), "noise": noise, "added": added,
            "questions": sorted(i for i, g in gained.items() if g)}


def choose_threshold(rows: list[dict], model: dict, start: bool = False) -> float:
    """On the training rows: the threshold gaining most facts net of noise weighed 1/NOISE_PER_FACT
    (so at most one noise sentence per three facts gained), no reading on when none gains."""
    cands = [r for r in rows if r["x"] is not None]
    p = probabilities(model, cands)
    best, best_net = 1.01, (-np.inf if start else 0.0)
    for t in sorted(set(np.round(p, 3)), reverse=True):
        o = outcome(cands, p, t)
        net = o["gained"] - o["noise"] / NOISE_PER_FACT
        if net > best_net:
            best, best_net = float(t), net
    return best


def study(rows: list[dict]) -> dict:
    folds = list(dict.fromkeys(r["fold"] for r in rows))
    out = {}
    for fold in folds:
        train = [r for r in rows if r["fold"] != fold]
        test = [r for r in rows if r["fold"] == fold and r["x"] is not None]
        model = fit(train)
        t = choose_threshold(train, model)
        o = outcome(test, probabilities(model, test), t) if test else {"gained": 0, "noise": 0, "added": 0,
                                                                           "questions": []}
        qs = [r for r in rows if r["fold"] == fold and r["x"] is None]
        out[fold] = {**o, "threshold": t, "n_questions": len(qs), "candidates": len(test),
                     "positives": sum(bool(r["gains"]) for r in test),
                     "must": sum(r["n_must"] for r in qs), "lacking": sum(r["lacking"] for r in qs)}
    return out


def replacing(rows: list[dict]) -> list[str]:
    """Whether a model deciding every read-on (the hand rule's sentences too, marked by a feature) would
    beat today's rule: LOSO per fold, the facts it keeps or gains and the noise it keeps or adds, against
    today (every hand-rule sentence kept, nothing else added). Net = facts − 3 × noise."""
    rows = [dict(r, x=r["x"] + [float(r["by_hand"])]) if r["x"] is not None else r for r in rows]
    lines = ["| fold | today facts | today noise | model facts | model noise | must Δ | today net | model net |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    total = [0] * 6
    worse = 0
    folds = list(dict.fromkeys(r["fold"] for r in rows))
    for fold in folds:
        train = [r for r in rows if r["fold"] != fold]
        test = [r for r in rows if r["fold"] == fold and r["x"] is not None]
        model = fit(train)
        t = choose_threshold(train, model, start=True)
        p = probabilities(model, test) if test else []
        today_f = sum(len(r["gains"]) for r in test if r["by_hand"])
        today_n = sum(not r["holds"] for r in test if r["by_hand"])
        kept = [r for r, pr in zip(test, p) if pr >= t]
        model_f = sum(len(r["gains"]) for r in kept)
        model_n = sum(not r["holds"] for r in kept)
        nets = (today_f - 3 * today_n, model_f - 3 * model_n)
        worse += nets[1] < nets[0]
        lines.append(f"| {fold} | {today_f} | {today_n} | {model_f} | {model_n} | {model_f - today_f:+d} | "
                     f"{nets[0]} | {nets[1]} |")
        total = [a + b for a, b in zip(total, (today_f, today_n, model_f, model_n, *nets))]
    lines.append(f"| **all** | {total[0]} | {total[1]} | {total[2]} | {total[3]} | {total[2] - total[0]:+d} | "
                 f"{total[4]} | {total[5]} |")
    lines += ["", f"Folds where the model's net falls below today's: {worse} of {len(folds)}. The net counts every "
              "sentence without a must_state as noise; the keys list the facts an answer must state, not all it may, so "
              "by that count dropping read-ons wins even where it loses facts. Verdict: the hand rule stays (a model "
              f"replacing it loses {total[0] - total[2]} must_state facts LOSO)."]
    return lines


def loso_probabilities(rows: list[dict]) -> tuple[list[dict], np.ndarray]:
    """Every candidate with the probability the model fitted without its fold gives it."""
    cands, probs = [], []
    for fold in dict.fromkeys(r["fold"] for r in rows):
        test = [r for r in rows if r["fold"] == fold and r["x"] is not None]
        if test:
            cands += test
            probs += list(probabilities(fit([r for r in rows if r["fold"] != fold]), test))
    return cands, np.array(probs)


def auroc(p: np.ndarray, y: np.ndarray) -> float:
    pos, neg = p[y == 1], p[y == 0]
    return float(((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()))


def tradeoff(rows: list[dict]) -> list[str]:
    """LOSO probabilities pooled over folds: facts gained and noise added at a few fixed thresholds."""
    cands, p = loso_probabilities(rows)
    labelled = np.array([bool(r["gains"] or not r["holds"]) for r in cands])
    y = np.array([1.0 if r["gains"] else 0.0 for r in cands])
    lines = [f"LOSO AUROC (gain vs no must_state): {auroc(p[labelled], y[labelled]):.3f}", "",
             "| threshold | added | facts gained | noise |", "|---:|---:|---:|---:|"]
    for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        o = outcome(cands, p, t)
        lines.append(f"| {t:.2f} | {o['added']} | {o['gained']} | {o['noise']} |")
    return lines


def hand_rule_figures(rows: list[dict]) -> list[str]:
    qs = [r for r in rows if r["x"] is None and "hand" in r]
    n, only, noise = (sum(r[k] for r in qs) for k in ("hand", "hand_only", "hand_noise"))
    return [f"Sentences read on with in the answers: {n}; holding a must_state fact the answer states nowhere else: "
            f"{only}; holding no must_state: {noise}. (A model replacing the rule would have to keep those {only} "
            "facts to leave `must` where it is.)"]


def report(rows: list[dict], folds: dict, model: dict) -> str:
    from qa_app.answer.readon import FEATURES
    lines = ["# Read-on study: quoting the sentence after the quote, chosen by a fitted model",
             "", "`python -m evals.read_on_study` (ids and numbers only). Today = the answers as they are "
             "(nothing added). LOSO: fitted on all other folds, threshold chosen there, scored on the fold.",
             "Net = facts gained − 3 × noise (a fold falls when net < 0).", "",
             "| fold | questions | must facts | lacking today | candidates | positive | added | facts gained | noise | net |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    total = dict.fromkeys(("n_questions", "must", "lacking", "candidates", "positives", "added", "gained", "noise"), 0)
    fell = 0
    for fold, o in folds.items():
        net = o["gained"] - 3 * o["noise"]
        fell += net < 0
        lines.append(f"| {fold} | {o['n_questions']} | {o['must']} | {o['lacking']} | {o['candidates']} | "
                     f"{o['positives']} | {o['added']} | {o['gained']} | {o['noise']} | {net} |")
        for k in total:
            total[k] += o[k]
    lines.append(f"| **all** | {total['n_questions']} | {total['must']} | {total['lacking']} | {total['candidates']} | "
                 f"{total['positives']} | {total['added']} | {total['gained']} | {total['noise']} | "
                 f"{total['gained'] - 3 * total['noise']} |")
    verdict = ("integrate: LOSO gains facts at the allowed noise rate" if total["gained"] > 0 and fell <= len(folds) / 3
               else "not integrated: LOSO gains no fact at ≤ 1 noise sentence per 3 facts; answers unchanged, no model "
                    "file written (the in-sample threshold below is a tuning figure; `--write` is for a refit that clears "
                    "the bar)")
    lines += ["", f"Folds where net < 0: {fell} of {len(folds)}. Verdict: {verdict}.", "",
              "Questions gaining a fact (LOSO): " + ", ".join(q for o in folds.values() for q in o["questions"]), "",
              "## The trade-off the model offers (LOSO, pooled)", "", *tradeoff(rows), "",
              "## Today's hand rule by the same labels (`plans.sequel`, the sentences it reads on with)", "",
              *hand_rule_figures(rows), "",
              "## Weights fitted on all folds (standardized features)", "",
              f"threshold {model['threshold']:.3f}, intercept {model['b']:.2f}", "",
              "| feature | weight |", "|---|---:|"]
    lines += [f"| {f} | {w:+.2f} |" for f, w in sorted(zip(FEATURES, model["w"]), key=lambda fw: -abs(fw[1]))]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--write", action="store_true", help="write the model fitted on all folds")
    args = parser.parse_args()
    if args.refresh or not CACHE.exists():
        CACHE.write_text(json.dumps(collect(), ensure_ascii=False), encoding="utf-8")
    every = json.loads(CACHE.read_text(encoding="utf-8"))
    rows = [r for r in every if not r.get("by_hand")]
    folds = study(rows)
    model = fit(rows)
    model["threshold"] = choose_threshold(rows, model)
    text = report(rows, folds, model)
    text += "\n## Replacing the hand rule: one fitted model deciding every read-on (LOSO)\n\n"
    text += "\n".join(replacing(every)) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    if args.write and "Verdict: integrate" not in text:
        print("not written: the LOSO figure does not clear the bar (see the verdict)")
    elif args.write:
        from qa_app.answer.readon import FEATURES, MODEL_PATH
        MODEL_PATH.write_text(json.dumps({"features": list(FEATURES), **model}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
