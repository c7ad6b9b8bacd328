"""python evals/dev/wrongs.py TAG SET [SET...] (a run made by evals/dev/devrun.sh): the answers of spent sets that are
still wrong today — the answer's text equals one a reader graded wrong (the set's after-run, else before-run) — each
with the reader's reason, to find the families of questions that fail. Spent sets only: never a held-out one."""
import json
import os
import sys
from pathlib import Path

import yaml

from devsum import MAIN, graded_texts


def reasons(s: str) -> dict:
    """The reader's reason for each (id, grade) of a spent set, the after-run's over the before-run's."""
    n = s[1:]
    files = ([MAIN / f"blind{n}/grades-{w}.yaml" for w in ("before", "after")] if s.startswith("b") else
             [MAIN / f"blind_conv{n}/grades-{n}-{w}.yaml" for w in ("before", "after")])
    out = {}
    for f in (f for f in files if f.exists()):
        out.update({(str(x["id"]), x["grade"]): x["reason"] for x in yaml.safe_load(f.read_text())})
    return out


def main(tag: str, sets: list[str]) -> None:
    run = Path(os.environ.get("DEVRUN_OUT", "/tmp/regkb-dev")) / tag
    for s in sets:
        texts, why = graded_texts(s), reasons(s)
        for line in (run / s / f"answers-{s}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            text = r["answer"]["answer"] if s.startswith("b") else r["answer"]
            grade = texts.get(r["id"], {}).get(text)
            if (grade[0] if isinstance(grade, tuple) else grade) == "wrong":
                print(f"{s} {r['id']} | {why.get((r['id'], 'wrong'), '')}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
