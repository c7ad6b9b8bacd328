"""Calibrates the answer's confidence on the development sets: labels every answer right or wrong
from its key, fits the logistic model the answerer ships and says how well it separates them.

    python -m evals.calibrate --sets evals/questions.yaml evals/questions_dev2.yaml \\
        evals/questions_dev3.yaml evals/questions_dev4.yaml evals/questions_dev5.yaml [--write]

An answer is *right* when it quotes a gold clause (among the clauses its text quotes) and, where
the key has them, gives the key's verdict, names exactly the key's parties and states every list
item; *wrong* when none of the gold clauses is among its first five citations, or its verdict or
its parties contradict the key (another verdict; parties none of which the key names, unless a
yes/no answer gives the key's verdict), or it abstains on an answerable question (answers an
out-of-scope one); anything else is *ambiguous* (a partial answer) and counts half. Where a reader
graded the same answer by hand (a blind set's ``grades-<phase>.yaml`` beside the ``answers…-<phase>.jsonl``
it graded) and today's answer has the same text, the reader's grade is the label instead (correct / partial /
wrong → right / ambiguous / wrong): the hand grades are what the confidence is judged by. Answers the
model does not score (an article looked up by its reference, an abstention) keep their fixed
confidence and are counted too. The fit (numpy gradient descent, L2) uses the signals the
answerer records with each answer (:class:`qa_app.answer.confidence.Signals`); the fit of the
quoted rule may only raise the confidence and an answer that cannot tell may only lower it.

Leave-one-set-out cross validation (fit on the other sets, score the one left out) gives the
figures: AUROC right vs wrong and the share of wrong answers with confidence >= 0.8, for the
confidence as fitted and for the hand-set weights used before. Writes evals/results/confidence.json
and CONFIDENCE.md (numbers and ids only, never a question); --write also ships the model fitted on
every set to qa_app/data/confidence.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import yaml

from evals.blind_eval import auroc, load_questions, score_one, sources_of, verdict_of
from evals.machine import machine
from evals.qa_eval import base
from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from qa_app.answer import Answerer  # noqa: E402
from qa_app.answer.answerer import HIGH, MEDIUM  # noqa: E402
from qa_app.answer.confidence import CALIBRATION, Calibration, Signals, confidence_of  # noqa: E402
from qa_app.kb import KnowledgeBase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELS = {"right": 1.0, "ambiguous": 0.5, "wrong": 0.0}
GRADES = {"correct": "right", "partial": "ambiguous", "wrong": "wrong"}  # a reader's grade as a label
CONFIDENT = 0.8  # the confidence from which a wrong answer counts as a confident mistake
# Signs the fit must keep: a rule that fits better, or an answer whose text says more of what was
# asked, never lowers the confidence; saying "cannot tell", or resting on a rule that names no
# holder, never raises it.
SIGNS = {"fit": 1.0, "answer_fit": 1.0, "cannot_tell": -1.0, "holderless": -1.0}
L2 = 0.01  # per answer, on the weights (not the intercept)


def label(q: dict, answer: dict, evidence: tuple[str, ...], row: dict) -> str:
    """right / wrong / ambiguous, from the key of question ``q`` and the scorer's ``row`` for it
    (:func:`evals.blind_eval.score_one`); ``evidence`` holds the clause ids the answer quotes."""
    if q.get("abstain"):
        return "right" if answer["abstained"] else "wrong"
    if answer["abstained"] or row.get("r5") == 0.0:
        return "wrong"
    if row.get("verdict_ok") is False and verdict_of(answer) is not None:
        return "wrong"
    # Other parties than the key's make an answer wrong, unless it is a yes/no answer with the key's verdict.
    if row.get("party_ok") is False and answer["parties"] and not set(answer["parties"]) & set(q["parties"]) \
            and not row.get("verdict_ok"):
        return "wrong"
    quoted = not q.get("gold") or bool({base(e) for e in evidence} & {base(g) for g in q["gold"]})
    if quoted and all(row.get(key, True) for key in ("verdict_ok", "party_ok", "all_items")):
        return "right"
    return "ambiguous"


def reader_grades(questions: Path) -> dict[tuple[str, str], str]:
    """The labels a reader gave by hand to a blind set's answers, by question id and answer text:
    each ``answers…-<phase>.jsonl`` kept in the set's folder with the ``grades-<phase>.yaml`` grading
    it (the after scoring's grade wins over the before one for the same text). Empty for a set
    that is not in a folder of its own."""
    if set_name(questions) == questions.stem:
        return {}
    labels = {}
    # "before" sorts after "after": read the after scoring last so that its grade wins.
    for answers in sorted(questions.parent.glob("answers*-*.jsonl"), key=lambda p: p.stem.endswith("after")):
        graded = questions.parent / f"grades-{answers.stem.rsplit('-', 1)[1]}.yaml"
        if not graded.exists():
            continue
        grades = {g["id"]: GRADES[g["grade"]] for g in yaml.safe_load(graded.read_text(encoding="utf-8")) or []}
        for line in answers.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["id"] in grades:
                labels[(row["id"], row["answer"]["answer"])] = grades[row["id"]]
    return labels


def hand_set(signals: Signals) -> float:
    """The confidence as the answerer computed it before this calibration (weights set by hand)."""
    value = (0.6 * min(1.0, signals.fit / 0.8) + 0.25 * min(1.0, signals.coverage / 0.6)
             + 0.15 * min(1.0, max(0.0, signals.margin) / 0.3))
    return round(min(1.0, value, 0.45 if signals.cannot_tell else 1.0), 3)


def collect(kb: KnowledgeBase, sets: list[Path]) -> list[dict]:
    """One row per question of every set: its label, the answer's confidence and signals."""
    answerer = Answerer(kb)
    sources = sources_of(kb)
    rows = []
    for path in sets:
        graded = reader_grades(path)
        for q in load_questions(path):
            answer = answerer.ask(q["question"], k=10)
            data = answer.to_dict()
            signals = answer.signals
            by_reader = graded.get((q["id"], data["answer"]))
            rows.append({"set": set_name(path), "id": q["id"], "category": q["category"],
                         "label": by_reader or label(q, data, answer.evidence, score_one(q, data, kb, sources)),
                         "labelled_by": "reader" if by_reader else "key",
                         "confidence": data["confidence"],
                         # Answers the model does not score (a reference looked up, an abstention)
                         # keep their fixed confidence.
                         "features": signals.features() if signals else None,
                         "hand_set": hand_set(signals) if signals else data["confidence"]})
    return rows


def set_name(path: Path) -> str:
    """A set's name in the report: its file's stem, or its folder for a set kept as
    questions.yaml in a folder of its own (evals/blind5/questions.yaml -> blind5)."""
    return path.parent.name if path.name == "questions.yaml" and path.parent.name != "evals" else path.stem


def fit(x: np.ndarray, y: np.ndarray, names: list[str], steps: int = 4000, rate: float = 0.5) -> Calibration:
    """Logistic regression by gradient descent on the cross-entropy (soft labels allowed), with
    the signs of SIGNS kept by clipping after every step."""
    w, b = np.zeros(x.shape[1]), 0.0
    signs = np.array([SIGNS.get(n, 0.0) for n in names])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) / len(y) + L2 * w)
        b -= rate * float(np.mean(p - y))
        w = np.where(signs * w < 0, 0.0, w)
    return Calibration(round(b, 4), {n: round(float(v), 4) for n, v in zip(names, w)})


def fit_rows(rows: list[dict]) -> Calibration:
    scored = [r for r in rows if r["features"] is not None]
    if not scored:
        return Calibration(0.0, {})  # nothing to learn from: even odds
    names = list(scored[0]["features"])
    x = np.array([[r["features"][n] for n in names] for r in scored], dtype=float)
    y = np.array([LABELS[r["label"]] for r in scored])
    return fit(x, y, names)


def scored_by(rows: list[dict], model: Calibration) -> list[float]:
    """Each row's confidence under ``model`` (fixed ones kept)."""
    return [r["confidence"] if r["features"] is None else confidence_of(r["features"], model) for r in rows]


def separation(rows: list[dict], scores: list[float]) -> dict:
    right = [s for r, s in zip(rows, scores) if r["label"] == "right"]
    wrong = [s for r, s in zip(rows, scores) if r["label"] == "wrong"]
    confident = sum(s >= CONFIDENT for s in wrong)
    return {"n": len(rows), "right": len(right), "wrong": len(wrong), "ambiguous": len(rows) - len(right) - len(wrong),
            "auroc": auroc(right, wrong), "wrong_with_confidence_0.8": confident,
            "share_of_wrong_with_confidence_0.8": round(confident / len(wrong), 4) if wrong else None,
            "share_of_answers_wrong_with_confidence_0.8": round(confident / len(rows), 4) if rows else None}


def bands(rows: list[dict], scores: list[float], high: float, medium: float) -> dict:
    """What each level (高 / 中 / 低) meant: how many answers, and how many of them were right."""
    out = {}
    for name, low, top in (("高", high, 2.0), ("中", medium, high), ("低", -1.0, medium)):
        inside = [r for r, s in zip(rows, scores) if low <= s < top]
        out[name] = {"n": len(inside), **{k: sum(r["label"] == k for r in inside) for k in LABELS}}
        out[name]["right_share"] = round(out[name]["right"] / len(inside), 4) if inside else None
    return out


def cross_validate(rows: list[dict]) -> list[float]:
    """Leave one set out: each set scored by the model fitted on the others."""
    scores = [0.0] * len(rows)
    for held in dict.fromkeys(r["set"] for r in rows):
        model = fit_rows([r for r in rows if r["set"] != held])
        at = [i for i, r in enumerate(rows) if r["set"] == held]
        for i, s in zip(at, scored_by([rows[i] for i in at], model)):
            scores[i] = s
    return scores


def report(rows: list[dict], cv: list[float], model: Calibration, high: float, medium: float) -> dict:
    before = [r["hand_set"] for r in rows]
    sets = list(dict.fromkeys(r["set"] for r in rows))
    pick = {s: [i for i, r in enumerate(rows) if r["set"] == s] for s in sets}
    return {
        "overall": {"before": separation(rows, before), "after": separation(rows, cv)},
        "by_set": {s: {"before": separation([rows[i] for i in at], [before[i] for i in at]),
                       "after": separation([rows[i] for i in at], [cv[i] for i in at])} for s, at in pick.items()},
        "levels": {"high": high, "medium": medium, "before": bands(rows, before, high, medium),
                   "after": bands(rows, cv, high, medium)},
        "model": {"intercept": model.intercept, "weights": model.weights},
        "labelled_by_reader": sum(r.get("labelled_by") == "reader" for r in rows),
        "rows": [{"set": r["set"], "id": r["id"], "category": r["category"], "label": r["label"],
                  "labelled_by": r.get("labelled_by", "key"), "before": b, "after_cv": c} for r, b, c in zip(rows, before, cv)],
    }


def markdown(result: dict, info: dict) -> str:
    def line(name, s):
        return (f"| {name} | {s['n']} | {s['right']} / {s['ambiguous']} / {s['wrong']} | "
                f"{s['before']['auroc']} → **{s['after']['auroc']}** | "
                f"{s['before']['share_of_wrong_with_confidence_0.8']} → "
                f"**{s['after']['share_of_wrong_with_confidence_0.8']}** | "
                f"{s['before']['wrong_with_confidence_0.8']} → {s['after']['wrong_with_confidence_0.8']} |")

    def flat(s):
        return {**s["after"], "before": s["before"], "after": s["after"]}

    levels = result["levels"]
    lines = ["# Answer confidence, calibrated (`python -m evals.calibrate`)", "",
             f"{info['date']}, {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, commit "
             f"{info['commit'] or '-'}. Before: the hand-set weights; after: the logistic model, each set scored by "
             "the model fitted on the other sets (leave-one-set-out). Labels right / ambiguous / wrong: a reader's "
             f"hand grade where the same answer text was graded ({result['labelled_by_reader']} of "
             f"{result['overall']['after']['n']} answers), else from the keys (see the module docstring).", "",
             "| set | answers | right / ambiguous / wrong | AUROC right vs wrong | share of wrong with confidence "
             "≥ 0.8 | wrong with ≥ 0.8 |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    lines += [line(s, flat(v)) for s, v in result["by_set"].items()]
    lines += [line("all", flat(result["overall"])), "",
              f"Levels: 高 ≥ {levels['high']}, 中 ≥ {levels['medium']}, else 低 (cross-validated scores).", "",
              "| level | answers before → after | right | ambiguous | wrong | share right |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name in ("高", "中", "低"):
        b, a = levels["before"][name], levels["after"][name]
        lines.append(f"| {name} | {b['n']} → {a['n']} | {b['right']} → {a['right']} | {b['ambiguous']} → "
                     f"{a['ambiguous']} | {b['wrong']} → {a['wrong']} | {b['right_share']} → {a['right_share']} |")
    weights = result["model"]["weights"]
    lines += ["", "Shipped model (fitted on every set): intercept "
              f"{result['model']['intercept']}; " + ", ".join(f"{k} {v}" for k, v in weights.items()) + "."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", required=True, help="development question sets (YAML), one fold each")
    parser.add_argument("--out", default=str(ROOT / "evals" / "results"), help="folder for the results")
    parser.add_argument("--rows", help="reuse (or, if missing, keep) the labelled answers in this JSON file")
    parser.add_argument("--write", action="store_true", help=f"ship the model fitted on every set to {CALIBRATION}")
    args = parser.parse_args(argv)
    cache = Path(args.rows) if args.rows else None
    if cache is not None and cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
    else:
        rows = collect(KnowledgeBase.open(Settings()), [Path(s) for s in args.sets])
        if cache is not None:
            cache.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    model = fit_rows(rows)
    result = report(rows, cross_validate(rows), model, HIGH, MEDIUM)
    info = machine()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "confidence.json").write_text(json.dumps({"machine": info, **result}, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    (out / "CONFIDENCE.md").write_text(markdown(result, info), encoding="utf-8")
    if args.write:
        CALIBRATION.write_text(json.dumps({"intercept": model.intercept, "weights": model.weights,
                                           "fitted_on": [set_name(Path(s)) for s in args.sets]},
                                          ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"overall": result["overall"], "levels": {k: v for k, v in result["levels"].items()}},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
