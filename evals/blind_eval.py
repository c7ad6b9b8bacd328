"""Scores answers on a blind question set, without showing its questions to the developers.

    python -m evals.blind_eval --questions evals/blind/questions.yaml --tag before [--grades FILE]

Writes the answers for a human grader beside the questions (answers-<tag>.jsonl) and the automatic
metrics, overall and per category, to evals/results/blind-<tag>.json and BLIND-<tag>.md. With
--grades (a YAML list of {id, grade: correct|partial|wrong, reason}) it adds the graded shares and how
well the answer's confidence separates correct answers from the rest. The results files and stdout hold
only ids, categories and numbers: never a question, a gold clause or a gold party.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import yaml

from evals.machine import machine
from evals.qa_eval import mean, pct, rank_metrics
from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from qa_app.answer import Answerer  # noqa: E402
from qa_app.kb import KnowledgeBase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Leftmost match wins, so 不可以 is read as no before its 可以 can be read as yes.
VERDICT_WORDS = re.compile("(不可以|不得|不需要|无需|不是强制|鼓励但不强制)|(视情况|取决于|分情况)|(可以|应当|需要|必须)")
# The everyday names an answer may use for a party (naming a two-party answer's parties).
ALIASES = {"注册人/备案人": ("注册人", "备案人"), "受托生产企业": ("受托生产企业", "受托方", "受托企业"),
           "注册人所在地省级药监部门": ("注册人所在地省级药监部门", "注册人所在地省局", "注册人所在地省级药品监督管理部门"),
           "受托生产企业所在地省级药监部门": ("受托生产企业所在地省级药监部门", "受托生产企业所在地省局",
                                        "受托生产企业所在地省级药品监督管理部门"),
           "国家药监局": ("国家药监局", "国家药品监督管理局")}
GRADES = ("correct", "partial", "wrong")


def verdict_of(answer: dict) -> str | None:
    """The answer's own verdict if it gives one, else the verdict its first sentence states."""
    if "verdict" in answer:
        return answer["verdict"]
    first = next((s for s in re.split(r"[。！？!?\n]", answer["answer"]) if s.strip()), "")
    found = VERDICT_WORDS.search(first)
    return None if found is None else ("no", "depends", "yes")[found.lastindex - 1]


def names(text: str, party: str) -> bool:
    return any(alias in text for alias in ALIASES.get(party, (party,)))


def auroc(positive: list[float], negative: list[float]) -> float | None:
    """Chance that a random positive has the higher confidence (ties count half)."""
    if not positive or not negative:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return round(wins / (len(positive) * len(negative)), 4)


def load_questions(path: Path) -> list[dict]:
    """A question set as the scorers read it, whichever set's conventions it follows."""
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in questions:
        q["id"] = str(q["id"])
        # The first two development sets name the kind of question `type`; the later sets `category`.
        q.setdefault("category", q.get("type") or "responsibility")
        if isinstance(q.get("verdict"), bool):  # YAML 1.1 reads an unquoted yes/no as a boolean
            q["verdict"] = "yes" if q["verdict"] else "no"
    return questions


def sources_of(kb: KnowledgeBase) -> dict[str, str]:
    """Every document's source text, by id: what a citation's text is checked against."""
    return {d: Path(e["path"]).read_text(encoding="utf-8") for d, e in kb.manifest["documents"].items()}


def score_one(q: dict, answer: dict, kb: KnowledgeBase, sources: dict[str, str]) -> dict:
    """Numbers only: what the results files may show about one question."""
    text, abstained = answer["answer"], answer["abstained"]
    row = {"id": q["id"], "category": q["category"], "abstain": bool(q.get("abstain")), "abstained": abstained,
           "confidence": answer["confidence"]}
    row["invalid"] = sum(  # the same check as evals.qa_eval: verbatim text at the clause's span, right ref
        1 for c in answer["citations"]
        if (clause := kb.clauses.get(c["clause_id"])) is None or clause.ref != c["ref"]
        or sources[c["doc_id"]][clause.span[0]:clause.span[1]] != c["text"])
    if q.get("abstain"):
        return row
    if q.get("gold"):
        row.update(rank_metrics([] if abstained else [c["clause_id"] for c in answer["citations"]], set(q["gold"])))
    if q.get("parties"):
        row["party_ok"] = not abstained and set(answer["parties"]) == set(q["parties"])
    if q.get("verdict"):
        row["verdict_ok"] = verdict_of(answer) == q["verdict"]
    if q.get("items"):
        found = [item in text for item in q["items"]]
        row["item_recall"], row["all_items"] = mean(found), all(found)
    if q.get("parties") and (q["category"] == "two_party" or "two_party" in (q.get("tags") or ())):
        row["names_parties"] = all(names(text, p) for p in q["parties"])
    if q.get("must_state"):
        row["must_state_recall"] = mean(s in text for s in q["must_state"])
    return row


def summarise(rows: list[dict]) -> dict:
    def share(key):
        values = [r[key] for r in rows if key in r]
        return {"n": len(values), "value": mean(values) if values else None}

    abstain = [r for r in rows if r["abstain"]]
    answerable = [r for r in rows if not r["abstain"]]
    confidence = [r["confidence"] for r in rows]
    bins = [0] * 5
    for c in confidence:
        bins[min(int(c * 5), 4)] += 1
    return {
        "n": len(rows), "recall@5": share("r5"), "mrr@10": share("mrr"), "party_accuracy": share("party_ok"),
        "verdict_accuracy": share("verdict_ok"), "list_item_recall": share("item_recall"),
        "list_all_items": share("all_items"), "two_party_named": share("names_parties"),
        "must_state_recall": share("must_state_recall"),
        "abstention_recall": {"n": len(abstain), "value": mean(r["abstained"] for r in abstain) if abstain else None},
        "false_abstention_rate": {"n": len(answerable),
                                  "value": mean(r["abstained"] for r in answerable) if answerable else None},
        "invalid_citations": sum(r["invalid"] for r in rows),
        "confidence": {"mean": mean(confidence), "p50": pct(confidence, 50),
                       "bins": {f"{i / 5:.1f}-{(i + 1) / 5:.1f}": n for i, n in enumerate(bins)}},
    }


def graded(rows: list[dict], grades: dict[str, str]) -> dict:
    rows = [r for r in rows if r["id"] in grades]
    by = {g: [r["confidence"] for r in rows if grades[r["id"]] == g] for g in GRADES}
    out = {"graded": len(rows), **{g: round(len(by[g]) / len(rows), 4) if rows else None for g in GRADES},
           "mean_confidence": {g: mean(by[g]) if by[g] else None for g in GRADES},
           "auroc_correct_vs_rest": auroc(by["correct"], by["partial"] + by["wrong"]),
           "auroc_correct_vs_wrong": auroc(by["correct"], by["wrong"]),
           "wrong_with_confidence_0.8": sum(c >= 0.8 for c in by["wrong"])}
    out["share_of_wrong_with_confidence_0.8"] = round(out["wrong_with_confidence_0.8"] / len(by["wrong"]), 4) \
        if by["wrong"] else None
    return out


def evaluate(kb: KnowledgeBase, questions: list[dict], answers_path: Path, grades: dict | None) -> dict:
    answerer = Answerer(kb)
    answerer.ask("预热")
    sources = sources_of(kb)
    rows, latencies = [], []
    with answers_path.open("w", encoding="utf-8") as out:
        for q in questions:
            started = time.perf_counter()
            answer = answerer.ask(q["question"], k=10).to_dict()
            latencies.append((time.perf_counter() - started) * 1000)
            out.write(json.dumps({"id": q["id"], "question": q["question"], "category": q["category"],
                                  "tags": q.get("tags") or [], "answer": answer,
                                  "latency_ms": round(latencies[-1], 1)}, ensure_ascii=False) + "\n")
            rows.append({**score_one(q, answer, kb, sources), "latency_ms": round(latencies[-1], 1)})
    categories = sorted({r["category"] for r in rows})
    result = {"questions": len(rows), "overall": summarise(rows),
              "latency_ms_p50": pct(latencies, 50), "latency_ms_p95": pct(latencies, 95),
              "by_category": {c: summarise([r for r in rows if r["category"] == c]) for c in categories}}
    if grades is not None:
        result["grades"] = {"overall": graded(rows, grades),
                            "by_category": {c: graded([r for r in rows if r["category"] == c], grades)
                                            for c in categories}}
    result["invalid_citation_ids"] = [r["id"] for r in rows if r["invalid"]]
    result["rows"] = [{**r, "grade": (grades or {}).get(r["id"])} for r in rows]
    return result


METRICS = ("recall@5", "mrr@10", "party_accuracy", "verdict_accuracy", "list_item_recall", "list_all_items",
           "two_party_named", "must_state_recall", "abstention_recall", "false_abstention_rate")


def markdown(result: dict, info: dict, tag: str) -> str:
    columns = ["overall", *result["by_category"]]
    summaries = [result["overall"], *result["by_category"].values()]

    def cell(metric):
        return "–" if metric["value"] is None else f"{metric['value']} ({metric['n']})"

    def show(value):
        return "–" if value is None else str(value)

    lines = [f"# Blind question set, `{tag}` (`python -m evals.blind_eval`)", "",
             f"{result['questions']} questions; {info['date']}, {info['cpus']} CPUs ({info['cpu']}), "
             f"Python {info['python']}, commit {info['commit'] or '-'}. Cells are value (questions scored); "
             f"latency p50 {result['latency_ms_p50']} ms, p95 {result['latency_ms_p95']} ms.", "",
             "| metric | " + " | ".join(columns) + " |", "| --- |" + " ---: |" * len(columns)]
    lines += [f"| {m} | " + " | ".join(cell(s[m]) for s in summaries) + " |" for m in METRICS]
    lines += ["| invalid citations | " + " | ".join(str(s["invalid_citations"]) for s in summaries) + " |",
              "| mean confidence | " + " | ".join(str(s["confidence"]["mean"]) for s in summaries) + " |",
              "", "Confidence distribution: " + ", ".join(f"{k}: {v}" for k, v in
                                                          result["overall"]["confidence"]["bins"].items()),
              "", "Answers cite 10 clauses (for MRR@10). A verdict is the answer's own `verdict`, else read from its "
              "first sentence (不可以/不得/不需要/无需 no, 视情况/取决于 depends, 可以/应当/需要/必须 yes; leftmost wins); "
              "list items, must-state phrases and two-party names are substrings of the answer text."]
    if "grades" in result:
        g = [result["grades"]["overall"], *result["grades"]["by_category"].values()]
        lines += ["", "## Hand grades", "", "| | " + " | ".join(columns) + " |", "| --- |" + " ---: |" * len(columns)]
        for key in ("graded", *GRADES, "auroc_correct_vs_rest", "auroc_correct_vs_wrong",
                    "wrong_with_confidence_0.8", "share_of_wrong_with_confidence_0.8"):
            lines.append(f"| {key} | " + " | ".join(show(x[key]) for x in g) + " |")
        lines.append("| mean confidence (correct / partial / wrong) | " + " | ".join(
            " / ".join(show(x["mean_confidence"][k]) for k in GRADES) for x in g) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", required=True, help="the blind question set (YAML list)")
    parser.add_argument("--tag", required=True, help="names the run: answers-<tag>.jsonl, blind-<tag>.json")
    parser.add_argument("--grades", help="YAML list of {id, grade: correct|partial|wrong, reason}")
    parser.add_argument("--out", default=str(ROOT / "evals" / "results"), help="folder for the results")
    parser.add_argument("--regrade", action="store_true",
                        help="add --grades to the committed blind-<tag>.json without asking again (the answers graded "
                             "are the ones that run wrote)")
    args = parser.parse_args(argv)
    questions_path = Path(args.questions)
    questions = load_questions(questions_path)
    grades = None
    if args.grades:
        grades = {str(g["id"]): g["grade"] for g in yaml.safe_load(Path(args.grades).read_text(encoding="utf-8"))}
        bad = sorted(k for k, v in grades.items() if v not in GRADES)
        if bad:
            parser.error(f"{args.grades}: grade must be correct, partial or wrong (ids {', '.join(bad)})")
    out = Path(args.out)
    if args.regrade:
        if grades is None:
            parser.error("--regrade needs --grades")
        saved = json.loads((out / f"blind-{args.tag}.json").read_text(encoding="utf-8"))
        info = saved.pop("machine")
        saved.pop("tag")
        rows = saved["rows"]
        saved["grades"] = {"overall": graded(rows, grades),
                           "by_category": {c: graded([r for r in rows if r["category"] == c], grades)
                                           for c in sorted({r["category"] for r in rows})}}
        saved["rows"] = [{**r, "grade": grades.get(r["id"])} for r in rows]
        result = saved
    else:
        result = evaluate(KnowledgeBase.open(Settings()), questions,
                          questions_path.parent / f"answers-{args.tag}.jsonl", grades)
        info = machine()
    out.mkdir(parents=True, exist_ok=True)
    (out / f"blind-{args.tag}.json").write_text(json.dumps({"tag": args.tag, "machine": info, **result},
                                                           ensure_ascii=False, indent=1), encoding="utf-8")
    (out / f"BLIND-{args.tag}.md").write_text(markdown(result, info, args.tag), encoding="utf-8")
    print(json.dumps({"overall": result["overall"], "latency_ms_p50": result["latency_ms_p50"],
                      "latency_ms_p95": result["latency_ms_p95"], **({"grades": result["grades"]["overall"]}
                                                                     if grades is not None else {})},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
