"""A study: would choosing among a follow-up's candidate readings with a fitted model answer it right more
often than today's one reading by rules?

    python -m evals.followup_choice_study [--refresh] [--write]

For every later turn (not a conversation's first) with gold clauses in the spent conversation sets
(blind_conv2..12 and conversations_dev2, each folder one fold; the held-out sets are never read), the turns
before it are answered as the product answers them (today's code, the answers kept as history), and then:
today's answer to the turn; each candidate reading of it (``followup.readings``: the turn alone, the rules'
reading, a swap, the previous question with the turn appended, the turn with the previous matter) answered
as ``Answerer.followup_readings`` answers it. A reading is *good* when its answer's first clause is gold. Turns the
product answers about the previous answer itself (asks_basis, challenged) keep today's answer. The rows are
cached in the temporary folder (regkb-followup-choice-rows.json; --refresh rebuilds them).

The chooser is a conditional (softmax) logistic model over a turn's readings (numpy, L2) on the features
``followup.FEATURES``, fitted leave-one-fold-out. Per fold: gold@1 of today's answer, of the chosen
reading, of the best reading (oracle), and gold in the top 5 citations. --write fits on every fold and
writes the weights to qa_app/data/followup_choice.json (the answerer then chooses; delete it to go back).
Writes evals/results/FOLLOWUP-CHOICE-STUDY.md (numbers and ids only, never a question).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from evals.qa_eval import base

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "regkb-followup-choice-rows.json"
L2 = 0.05
HELD_OUT = ("blind_conv13", "blind_conv14")  # not folds until they have had their scorings


def fold_dirs() -> list[Path]:
    dirs = [ROOT / f"evals/blind_conv{i}" for i in range(2, 13)] + [ROOT / "evals/conversations_dev2"]
    return [d for d in dirs if d.name not in HELD_OUT and (d / "keys.yaml").exists()]


# -- collecting the rows ------------------------------------------------------------------

def _row(answerer, question: str, history: list, gold: set[str], today) -> dict:
    from qa_app.answer import followup
    from qa_app.answer.answerer import BASIS_ASKED

    asked, answered = history[-1]
    previous = (answered.resolved_question or asked).split(BASIS_ASKED)[0]
    first = followup._first_clause

    def good(answer) -> dict:
        return {"gold1": base(first(answer)) in gold if first(answer) else False,
                "gold5": any(base(c.clause_id) in gold for c in answer.citations[:5])}

    row = {"today": good(today), "today_resolved": today.resolved_question, "special": False, "readings": []}
    basis = followup.asks_basis(question) and not answered.abstained and answered.citations
    doubted = followup.challenged(question, previous, answerer.question_lexicon) and not answered.abstained
    if basis or doubted and today.resolved_question and BASIS_ASKED in today.resolved_question:
        row["special"] = True  # answered about the previous answer itself: no reading to choose
        return row
    for reading, made, answer in answerer.followup_readings(question, previous, history,
                                                           generators=followup.GENERATORS):
        own = followup.features(question, previous, answered, made, answer, answerer.kb.tokenizer.tokens, ())
        row["readings"].append({"made": sorted(made), "own": own, **good(answer)})
    return row


def collect() -> list[dict]:
    from ingest.settings import Settings, quiet_telemetry
    quiet_telemetry()
    from qa_app.answer import Answerer
    from qa_app.kb import KnowledgeBase

    answerer = Answerer(KnowledgeBase.open(Settings()))
    answerer._choice = None  # today's reading by rules, whatever weights were written
    rows = []
    for folder in fold_dirs():
        turns = [json.loads(line) for line in (folder / "conversations.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        keys = {k["id"]: k for k in yaml.safe_load((folder / "keys.yaml").read_text(encoding="utf-8"))}
        histories: dict[str, list] = {}
        for turn in turns:
            earlier = histories.setdefault(turn["conversation"], [])
            today = answerer.ask(turn["question"], history=earlier)
            gold = {base(g) for g in keys.get(turn["id"], {}).get("gold") or []}
            if earlier and gold:
                row = _row(answerer, turn["question"], list(earlier), gold, today)
                rows.append({"fold": folder.name, "id": turn["id"], **row})
            earlier.append((turn["question"], today))
    return rows


# -- fitting --------------------------------------------------------------------------------

def variant(rows: list[dict], generators: tuple[str, ...]) -> list[dict]:
    """The rows as the answerer would see them answering only the readings of ``generators``: a reading made
    by none of them dropped, each with its features (:data:`followup.FEATURES` for those generators)."""
    out = []
    for row in rows:
        readings = []
        for c in row["readings"]:
            made = [g for g in c["made"] if g in generators]
            if made:
                readings.append({**c, "made": made, "x": [float(g in made) for g in generators] + c["own"]})
        out.append({**row, "readings": readings})
    return out


def _choices(rows: list[dict]) -> list[dict]:
    return [r for r in rows if not r["special"] and r["readings"]]


def fit(rows: list[dict], generators: tuple[str, ...], l2: float = L2, steps: int = 2000, lr: float = 0.5) -> dict:
    """A conditional logistic choice over each turn's readings: the softmax of their scores should put its
    mass on the good ones (each turn weighs as one; a turn whose readings are all good or all bad teaches
    nothing). Returns ``{"features", "mean", "std", "w"}`` on standardized features."""
    from qa_app.answer.followup import OWN_FEATURES

    usable = _choices(rows)
    every = np.array([r_["x"] for r in usable for r_ in r["readings"]], float)
    mean, std = every.mean(axis=0), every.std(axis=0)
    std = np.where(std > 1e-9, std, 1.0)
    groups = []
    for r in usable:
        y = np.array([c["gold1"] for c in r["readings"]], float)
        if 0 < y.sum() < len(y):
            groups.append(((np.array([c["x"] for c in r["readings"]], float) - mean) / std, y / y.sum()))
    w = np.zeros(every.shape[1])
    for _ in range(steps):
        grad = np.zeros_like(w)
        for z, target in groups:
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += z.T @ (p - target)
        w -= lr * (grad / max(len(groups), 1) + l2 * w)
    return {"features": [*(f"made_{g}" for g in generators), *OWN_FEATURES], "mean": mean.tolist(),
            "std": std.tolist(), "w": w.tolist()}


def left_alone(row: dict) -> bool:
    """Whether the rules left the turn standing alone (their reading is the turn itself): where the answerer
    lets the chooser decide."""
    return any({"rules", "alone"} <= set(c["made"]) for c in row["readings"])


def chosen(model: dict, row: dict, everywhere: bool = False) -> dict:
    if row["special"] or not row["readings"] or not (everywhere or left_alone(row)):
        return row["today"]
    from qa_app.answer.followup import PLAINER

    x = np.array([c["x"] for c in row["readings"]], float)
    s = ((x - np.array(model["mean"])) / np.array(model["std"])) @ np.array(model["w"])
    best = max(range(len(s)), key=lambda i: (s[i], -i))  # ties to the earlier reading, as followup.choose
    # The first reading (the turn as asked) unless another leads it by more than PLAINER, as followup.choose.
    return row["readings"][0 if s[best] - s[0] <= PLAINER else best]


def study(rows: list[dict], generators: tuple[str, ...], everywhere: bool = False) -> dict:
    rows = variant(rows, generators)
    folds = list(dict.fromkeys(r["fold"] for r in rows))
    out: dict = {"folds": {}}
    keys = ("n", "chooses", "today1", "chosen1", "oracle1", "today5", "chosen5", "rules1", "alone1")
    every = dict.fromkeys(keys, 0)
    wins: Counter = Counter()
    for fold in folds:
        test = [r for r in rows if r["fold"] == fold]
        model = fit([r for r in rows if r["fold"] != fold], generators)
        f = dict.fromkeys(keys, 0)
        for r in test:
            pick = chosen(model, r, everywhere)
            f["n"] += 1
            f["today1"] += r["today"]["gold1"]
            f["today5"] += r["today"]["gold5"]
            f["chosen1"] += pick["gold1"]
            f["chosen5"] += pick["gold5"]
            f["oracle1"] += r["today"]["gold1"] if r["special"] else any(c["gold1"] for c in r["readings"])
            by = {g: c for c in r["readings"] for g in c["made"]}
            f["rules1"] += by["rules"]["gold1"] if "rules" in by else r["today"]["gold1"]
            f["alone1"] += by["alone"]["gold1"] if "alone" in by else r["today"]["gold1"]
            f["chooses"] += not r["special"] and bool(r["readings"]) and (everywhere or left_alone(r))
            if not r["special"] and r["readings"] and pick["gold1"] and (everywhere or left_alone(r)):
                wins.update(pick["made"])
        for k in keys:
            every[k] += f[k]
        out["folds"][fold] = f
    out["overall"] = every
    out["wins"] = dict(wins)
    out["good_by_generator"] = dict(Counter(g for r in _choices(rows) for c in r["readings"] if c["gold1"]
                                            for g in c["made"]))
    final = fit(rows, generators)
    out["weights"] = dict(zip(final["features"], final["w"]))
    out["special"] = sum(r["special"] for r in rows)
    return out


def table(result: dict, title: str) -> list[str]:
    lines = [f"## {title}", "",
             "| fold | n | chooser decides | today@1 | chosen@1 | Δ | oracle@1 | rules@1 | alone@1 | today@5 | chosen@5 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, f in [*result["folds"].items(), ("**overall**", result["overall"])]:
        lines.append(f"| {name} | {f['n']} | {f['chooses']} | {f['today1']} | {f['chosen1']} | {f['chosen1'] - f['today1']:+d} | "
                     f"{f['oracle1']} | {f['rules1']} | {f['alone1']} | {f['today5']} | {f['chosen5']} |")
    fell = sum(f["chosen1"] < f["today1"] for f in result["folds"].values())
    lines += ["", f"Folds where the chooser falls below today: {fell} of {len(result['folds'])}.", "",
              "Generators of the chosen reading where it was right (a reading made by several counts for each): "
              + ", ".join(f"{g} {n}" for g, n in sorted(result["wins"].items(), key=lambda kv: -kv[1])) + ".",
              "Readings with a gold first clause, by generator: "
              + ", ".join(f"{g} {n}" for g, n in sorted(result["good_by_generator"].items(), key=lambda kv: -kv[1]))
              + ".", "", "Standardized weights fitted on every fold:", "", "| feature | weight |", "|---|---|"]
    lines += [f"| {k} | {v:+.2f} |" for k, v in sorted(result["weights"].items(), key=lambda kv: -abs(kv[1]))]
    return lines + [""]


def report(answered: dict, three: dict, every: dict) -> str:
    from qa_app.answer.followup import ANSWERED, GENERATORS

    lines = ["# Follow-up choice study: choosing among candidate readings with a fitted model", "",
             "Generated by `python -m evals.followup_choice_study` on the spent conversation sets (each folder one "
             "fold). Per later turn with gold clauses: *today@1* = today's answer's first clause is gold; *chosen@1* "
             "= the reading a softmax logistic chooser (fitted leave-one-fold-out) picks has a gold first clause; "
             "*oracle@1* = some reading has; *rules@1* / *alone@1* = the rules' reading / the turn alone, answered "
             "as a reading; @5 = a gold clause among the first five citations. Turns answered about the previous "
             f"answer itself (asks_basis, challenged; {answered['special']} turns) keep today's answer.", ""]
    lines += table(answered, f"As integrated: the chooser decides where the rules leave the turn alone, among the "
                   f"readings of {', '.join(ANSWERED)} (the figure that decides)")
    lines += table(three, f"The chooser on every turn, readings of {', '.join(ANSWERED)} (not integrated: it overrules "
                   "readings of the rules that tests pin as right: the consequence of not doing it, what the authority "
                   "reported to does, a party asked in spoken words in the setting before)")
    lines += table(every, f"The chooser on every turn, all five generators ({', '.join(GENERATORS)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--write", action="store_true", help="fit on every fold and write the answerer's weights")
    parser.add_argument("--out", default=str(ROOT / "evals/results/FOLLOWUP-CHOICE-STUDY.md"))
    args = parser.parse_args(argv)
    if args.refresh or not CACHE.exists():
        rows = collect()
        CACHE.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    rows = json.loads(CACHE.read_text(encoding="utf-8"))
    from qa_app.answer.followup import ANSWERED, CHOICE, GENERATORS

    text = report(study(rows, ANSWERED), study(rows, ANSWERED, everywhere=True),
                  study(rows, GENERATORS, everywhere=True))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    if args.write:
        CHOICE.write_text(json.dumps(fit(variant(rows, ANSWERED), ANSWERED), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CHOICE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
