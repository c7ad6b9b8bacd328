"""python evals/dev/devsum.py TAG [TAG...] (runs made by evals/dev/devrun.sh): metrics per set for dev runs made by devrun.sh.
For sets with hand grades (blind5..12, conv3..10) it also estimates grades: an answer whose text equals a
hand-graded answer's text (the set's after-run, else before-run) takes that grade; 'new' counts answers
whose text matches neither (their grade is unknown)."""
import json, sys, glob, os
from pathlib import Path
import yaml
MAIN = Path(__file__).resolve().parents[1]  # evals/
M = ["recall@5", "mrr@10", "party_accuracy", "verdict_accuracy", "list_all_items", "two_party_named", "must_state_recall"]
SHORT = ["R@5", "MRR", "party", "verdict", "listall", "2party", "must"]

def graded_texts(s):
    out = {}
    if s.startswith("b"):
        n = s[1:]
        for when in ("before", "after"):  # after overrides before
            a = MAIN / f"blind{n}/answers-{n}-{when}.jsonl"; g = MAIN / f"blind{n}/grades-{when}.yaml"
            if a.exists() and g.exists():
                grades = {str(x["id"]): x["grade"] for x in yaml.safe_load(g.read_text())}
                for line in a.read_text().splitlines():
                    r = json.loads(line)
                    if r["id"] in grades:
                        out.setdefault(r["id"], {})[r["answer"]["answer"]] = grades[r["id"]]
    elif s.startswith("c") and s[1:].isdigit():
        n = s[1:]
        for when in ("before", "after"):
            a = MAIN / f"blind_conv{n}/answers-{n}-{when}.jsonl"; g = MAIN / f"blind_conv{n}/grades-{n}-{when}.yaml"
            if a.exists() and g.exists():
                grades = {str(x["id"]): (x["grade"], x.get("kind")) for x in yaml.safe_load(g.read_text())}
                for line in a.read_text().splitlines():
                    r = json.loads(line)
                    if r["id"] in grades:
                        out.setdefault(r["id"], {})[r["answer"]] = grades[r["id"]]
    return out

def est(s, D):
    texts = graded_texts(s)
    if not texts:
        return ""
    from collections import Counter
    c = Counter()
    if s.startswith("b"):
        for line in open(f"{D}/{s}/answers-{s}.jsonl"):
            r = json.loads(line)
            g = texts.get(r["id"], {}).get(r["answer"]["answer"])
            c[g or "new"] += 1
        return f" est c/p/w/new {c['correct']}/{c['partial']}/{c['wrong']}/{c['new']}"
    for line in open(f"{D}/{s}/answers-{s}.jsonl"):
        r = json.loads(line)
        g = texts.get(r["id"], {}).get(r["answer"])
        if r["id"].rsplit("-", 1)[1] == "1":
            continue
        c[(g[0] if g else "new")] += 1
    return f" later-turn est c/p/w/new {c['correct']}/{c['partial']}/{c['wrong']}/{c['new']}"


def main(tags):
    for tag in tags:
        D = f"{os.environ.get('DEVRUN_OUT', '/tmp/regkb-dev')}/{tag}"
        print(f"== {tag}")
        for f in sorted(glob.glob(f"{D}/results/blind-*.json")):
            s = Path(f).stem[6:]
            r = json.load(open(f))["overall"]
            vals = " ".join(f"{k} {r[m]['value'] if r[m]['value'] is not None else '-'}" for k, m in zip(SHORT, M))
            print(f"{s:6} {vals}{est(s, D)}")
        for f in sorted(glob.glob(f"{D}/results/conv-*.json")):
            s = Path(f).stem[5:]
            r = json.load(open(f))
            print(f"{s:6} R@5 first {r['recall@5']['first']} later {r['recall@5']['later']} resolved {r['resolved_later_turns']}{est(s, D)}")


if __name__ == "__main__":
    main(sys.argv[1:])
