"""python evals/dev/changed.py OLD_TAG NEW_TAG OUT.jsonl [SETS...]: every answer of two dev runs
(evals/dev/devrun.sh) whose text differs, one JSON line each — {"set", "id", "old", "new",
"old_citations", "new_citations"} — for a grader who reads the keys itself (no key fields here).
SETS default to the hand-graded ones: b5..b22 and c3..c20 (held-out sets are never named here)."""
import json
import os
import sys
from collections import Counter
from pathlib import Path

GRADED = [f"b{i}" for i in range(5, 24)] + [f"c{i}" for i in range(3, 22)]


def answers(tag: str, s: str) -> dict:
    path = Path(os.environ.get("DEVRUN_OUT", "/tmp/regkb-dev")) / tag / s / f"answers-{s}.jsonl"
    out = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        a = r["answer"]  # a question set: the Answer; a conversation: the text, citations beside it
        text, cites = (a["answer"], a.get("citations", [])) if isinstance(a, dict) else (a, r.get("citations", []))
        out[r["id"]] = (text, [c["clause_id"] for c in cites])
    return out


def main(old: str, new: str, out: str, sets: list[str]) -> None:
    counts, rows = Counter(), []
    for s in sets:
        before, after = answers(old, s), answers(new, s)
        if not before or not after:
            print(f"{s}: missing in one run")
            continue
        for qid, (text, cites) in before.items():
            if qid in after and after[qid][0] != text:
                counts[s] += 1
                rows.append({"set": s, "id": qid, "old": text, "new": after[qid][0],
                             "old_citations": cites, "new_citations": after[qid][1]})
    Path(out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    for s in sets:
        print(f"{s}: {counts[s]} changed")
    print(f"total: {len(rows)} changed -> {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:] or GRADED)
