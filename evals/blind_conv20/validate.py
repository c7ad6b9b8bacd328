#!/usr/bin/env python3
"""Validate blind_conv20 against /work/support/clauses.tsv. Prints errors; exit 1 if any."""
import csv
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"
CANON = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
         "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构",
         "经营企业", "使用单位", "中选企业", "生产企业"}
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA"]
ALLOWED_FILES = {"conversations.jsonl", "keys.yaml", "turn_types.json", "build.py", "validate.py", "README.md"}
MAX_RUN = 12

errors = []


def err(msg):
    errors.append(msg)


def lcs_run(a, b):
    """Length of the longest common substring of a and b."""
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            if ai == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


def norm(s):
    return re.sub(r"\s+", "", s)


def main():
    csv.field_size_limit(10 ** 9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t")
        header = next(r)
        if header[:4] != ["clause_id", "doc_id", "citation", "text"]:
            err(f"unexpected clauses.tsv header {header}")
        clause = {row[0]: row[3] for row in r if row}

    extra = set(os.listdir(HERE)) - ALLOWED_FILES - {"__pycache__"}
    if extra:
        err(f"unexpected files in folder: {sorted(extra)}")

    turns = []
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if set(d) != {"id", "question", "conversation"}:
                err(f"line {n}: keys {sorted(d)}")
            turns.append(d)
    keys = yaml.safe_load(open(os.path.join(HERE, "keys.yaml"), encoding="utf-8"))
    types = json.load(open(os.path.join(HERE, "turn_types.json"), encoding="utf-8"))

    # structure
    convs = {}
    for t in turns:
        convs.setdefault(t["conversation"], []).append(t)
        m = re.fullmatch(r"(cr\d\d)-(\d)", t["id"])
        if not m or m.group(1) != t["conversation"]:
            err(f"bad id {t['id']}")
    exp = {f"cr{i:02d}": (2 if i <= 16 else 3) for i in range(1, 25)}
    if set(convs) != set(exp):
        err(f"conversation ids {sorted(convs)}")
    for cid, n in exp.items():
        ts = convs.get(cid, [])
        if [t["id"] for t in ts] != [f"{cid}-{k}" for k in range(1, n + 1)]:
            err(f"{cid}: turns {[t['id'] for t in ts]} expected {n} in order")
    order = [t["conversation"] for t in turns]
    if order != sorted(order):
        err("conversations not contiguous/in order")

    ids = [t["id"] for t in turns]
    kid = [k["id"] for k in keys]
    if kid != ids:
        err("keys.yaml ids do not match conversations.jsonl order")
    if list(types) != ids:
        err("turn_types.json ids do not match conversations.jsonl order")
    qmap = {t["id"]: t["question"] for t in turns}

    topic_changes = 0
    for k in keys:
        tid = k["id"]
        need = {"id", "resolved", "gold", "parties", "verdict", "must_state", "note"}
        if set(k) != need:
            err(f"{tid}: key fields {sorted(k)}")
            continue
        for fld in ("resolved", "note"):
            if not isinstance(k[fld], str) or not k[fld].strip():
                err(f"{tid}: empty {fld}")
        if not k["gold"]:
            err(f"{tid}: no gold")
        for g in k["gold"]:
            if g not in clause:
                err(f"{tid}: gold id not found: {g}")
        if len(set(k["gold"])) != len(k["gold"]):
            err(f"{tid}: duplicate gold")
        for p in k["parties"]:
            if p not in CANON:
                err(f"{tid}: non-canonical party {p}")
        if k["verdict"] not in VERDICTS:
            err(f"{tid}: bad verdict {k['verdict']!r}")
        if not k["must_state"]:
            err(f"{tid}: no must_state")
        gold_text = [clause.get(g, "") for g in k["gold"]]
        for s in k["must_state"]:
            if not any(s in gt or norm(s) in norm(gt) for gt in gold_text):
                err(f"{tid}: must_state not verbatim in a gold clause: {s}")
        ty = types.get(tid)
        if ty not in TYPES:
            err(f"{tid}: bad turn type {ty}")
        turn_no = int(tid.split("-")[1])
        if (turn_no == 1) != (ty == "first"):
            err(f"{tid}: 'first' type must be exactly the first turns")
        if ty == "topic_change":
            topic_changes += 1
            if turn_no != 3:
                err(f"{tid}: topic_change only expected on third turns")
        if turn_no == 1:
            q = qmap[tid]
            for g, gt in zip(k["gold"], gold_text):
                run = lcs_run(q, gt)
                if run > MAX_RUN:
                    err(f"{tid}: first turn shares a {run}-char run with {g}")
    if topic_changes != 5:
        err(f"expected 5 topic_change turns, found {topic_changes}")

    everyday = [cid for cid, ts in convs.items()
                if any(w in t["question"] for t in ts for w in EVERYDAY)]
    if len(everyday) < 11:
        err(f"everyday wording in only {len(everyday)} conversations")

    for e in errors:
        print("ERROR:", e)
    n2 = sum(1 for c in convs.values() if len(c) == 2)
    n3 = sum(1 for c in convs.values() if len(c) == 3)
    print(f"{len(convs)} conversations ({n2} two-turn, {n3} three-turn), {len(turns)} turns, "
          f"{topic_changes} topic changes, everyday wording in {len(everyday)} conversations, "
          f"{len({g for k in keys for g in k['gold']})} distinct gold clauses from "
          f"{len({g.split(':')[0] for k in keys for g in k['gold']})} documents")
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
