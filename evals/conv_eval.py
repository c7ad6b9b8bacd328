"""Scores answers on a blind set of conversations, without showing its questions to the developers.

    python -m evals.conv_eval --set evals/blind_conv --tag after [--grades FILE]

Answers every turn with the earlier turns of its conversation as history (as the chat page and
``regkb ask --batch`` do) and writes them beside the set (answers-<tag>.jsonl) for a human grader.
The results (evals/results/conv-<tag>.json and CONV-<tag>.md) hold only ids, turn kinds and numbers:
Recall@5 of each turn's gold clauses, first turns apart from later ones, and with --grades (a YAML
list of {id, kind: first|followup|topic_change, grade, reading, reason}) the graded shares.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import yaml

from evals.machine import machine
from evals.qa_eval import mean, rank_metrics
from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from qa_app.answer import Answerer  # noqa: E402
from qa_app.kb import KnowledgeBase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("first", "followup", "topic_change")


def answer_all(answerer: Answerer, turns: list[dict]) -> list[dict]:
    history: dict[str, list] = {}
    out = []
    for turn in turns:
        earlier = history.setdefault(turn["conversation"], [])
        answer = answerer.ask(turn["question"], history=earlier)
        earlier.append((turn["question"], answer))
        out.append({"id": turn["id"], "conversation": turn["conversation"], **answer.to_dict()})
    return out


def summary(answers: list[dict], keys: dict, grades: dict | None) -> dict:
    later = {a["id"]: a["id"].rsplit("-", 1)[1] != "1" for a in answers}
    recall = {"first": [], "later": []}
    for a in answers:
        gold = set(keys[a["id"]].get("gold") or [])
        if gold:
            hit = rank_metrics([c["clause_id"] for c in a["citations"]], gold)["r5"]
            recall["later" if later[a["id"]] else "first"].append(hit)
    out = {"turns": len(answers), "recall@5": {k: mean(v) for k, v in recall.items()},
           "resolved_later_turns": sum(1 for a in answers if later[a["id"]] and a.get("resolved_question"))}
    if grades:
        by_kind: dict[str, Counter] = {k: Counter() for k in KINDS}
        reading = Counter()
        for g in grades.values():
            by_kind[g["kind"]][g["grade"]] += 1
            if g["kind"] == "followup":
                reading[g.get("reading", "none")] += 1
        out["grades"] = {k: dict(v) for k, v in by_kind.items()}
        out["followup_reading"] = dict(reading)
    return out


def markdown(tag: str, result: dict) -> str:
    lines = [f"# Blind conversations: run `{tag}`", "", f"Machine: {json.dumps(result['machine'], ensure_ascii=False)}", "",
             f"Turns: {result['turns']}; Recall@5 of the gold clauses: first turns {result['recall@5']['first']},"
             f" later turns {result['recall@5']['later']}; later turns read as follow-ups (a resolved question"
             f" shown): {result['resolved_later_turns']}.", ""]
    if "grades" in result:
        lines += ["Hand grades (a helper who did not see the code):", "",
                  "| turns | correct | partial | wrong |", "| --- | ---: | ---: | ---: |"]
        for kind, counts in result["grades"].items():
            lines.append(f"| {kind} | {counts.get('correct', 0)} | {counts.get('partial', 0)} | {counts.get('wrong', 0)} |")
        lines += ["", f"Follow-ups read right / wrong: {result['followup_reading'].get('right', 0)} / "
                  f"{result['followup_reading'].get('wrong', 0)}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default=str(ROOT / "evals" / "blind_conv"), help="folder with conversations.jsonl and keys.yaml")
    parser.add_argument("--tag", required=True)
    parser.add_argument("--grades", help="YAML list of hand grades for this run's answers")
    parser.add_argument("--out", default=str(ROOT / "evals" / "results"))
    args = parser.parse_args()
    folder, out = Path(args.set), Path(args.out)
    turns = [json.loads(line) for line in (folder / "conversations.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    keys = {k["id"]: k for k in yaml.safe_load((folder / "keys.yaml").read_text(encoding="utf-8"))}
    answers_file = folder / f"answers-{args.tag}.jsonl"
    made = answers_file.with_suffix(".machine.json")  # where and at which commit the answers were made
    if args.grades and answers_file.exists():
        answers = [json.loads(line) for line in answers_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        answers = answer_all(Answerer(KnowledgeBase.open(Settings())), turns)
        answers_file.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers), encoding="utf-8")
        made.write_text(json.dumps(machine(), ensure_ascii=False) + "\n", encoding="utf-8")
    grades = None
    if args.grades:
        grades = {g["id"]: g for g in yaml.safe_load(Path(args.grades).read_text(encoding="utf-8"))}
    result = {"machine": json.loads(made.read_text(encoding="utf-8")) if made.exists() else machine(),
              **summary(answers, keys, grades)}
    out.mkdir(parents=True, exist_ok=True)
    (out / f"conv-{args.tag}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / f"CONV-{args.tag}.md").write_text(markdown(args.tag, result), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
