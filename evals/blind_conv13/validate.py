#!/usr/bin/env python3
"""Validate blind_conv13 against /work/support/clauses.tsv. Plain Python + PyYAML. Exit 1 on errors."""
import csv
import json
import os
import sys
from collections import OrderedDict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"
PARTIES = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门", "省级药监部门",
           "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构", "经营企业", "使用单位",
           "中选企业", "生产企业"}
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis", "exception",
         "follow_detail", "pronoun", "topic_change"}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA"]


def longest_common_run(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def main():
    errors = []
    csv.field_size_limit(10 ** 9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    text = {r[0]: r[3] for r in rows[1:]}

    convs = OrderedDict()
    turns = []
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if set(d) != {"id", "question", "conversation"}:
                errors.append(f"line {n}: bad fields {sorted(d)}")
            if not d["id"].startswith(d["conversation"] + "-"):
                errors.append(f"{d['id']}: conversation mismatch")
            convs.setdefault(d["conversation"], []).append(d)
            turns.append(d)
    keys = yaml.safe_load(open(os.path.join(HERE, "keys.yaml"), encoding="utf-8"))
    types = json.load(open(os.path.join(HERE, "turn_types.json"), encoding="utf-8"))
    kmap = {k["id"]: k for k in keys}

    ids = [t["id"] for t in turns]
    if len(set(ids)) != len(ids):
        errors.append("duplicate turn ids")
    if [k["id"] for k in keys] != ids:
        errors.append("keys.yaml ids differ from conversations.jsonl order")
    if set(types) != set(ids):
        errors.append("turn_types.json ids differ")

    # structure
    names = list(convs)
    expected = [f"o{i:02d}" for i in range(1, 25)]
    if names != expected:
        errors.append(f"conversation ids {names} != o01..o24")
    for cid, ts in convs.items():
        want = 2 if int(cid[1:]) <= 16 else 3
        if len(ts) != want:
            errors.append(f"{cid}: {len(ts)} turns, expected {want}")
        for i, t in enumerate(ts, 1):
            if t["id"] != f"{cid}-{i}":
                errors.append(f"{t['id']}: out of order")
    topic_third = [c for c, ts in convs.items() if len(ts) == 3 and types.get(ts[2]["id"]) == "topic_change"]
    if len(topic_third) != 5:
        errors.append(f"{len(topic_third)} topic-change third turns, expected 5")
    everyday = [c for c, ts in convs.items() if any(w in t["question"] for t in ts for w in EVERYDAY)]
    if len(everyday) < 11:
        errors.append(f"everyday wording in only {len(everyday)} conversations")

    for t in turns:
        tid = t["id"]
        k = kmap.get(tid)
        if k is None:
            errors.append(f"{tid}: no key")
            continue
        for field in ("id", "resolved", "gold", "parties", "verdict", "must_state", "note"):
            if field not in k:
                errors.append(f"{tid}: missing {field}")
        ty = types.get(tid)
        if ty not in TYPES:
            errors.append(f"{tid}: bad type {ty}")
        if (tid.endswith("-1")) != (ty == "first"):
            errors.append(f"{tid}: 'first' type must be exactly the first turn")
        if not k["gold"]:
            errors.append(f"{tid}: empty gold")
        for g in k["gold"]:
            if g not in text:
                errors.append(f"{tid}: unknown gold id {g}")
        for p in k["parties"]:
            if p not in PARTIES:
                errors.append(f"{tid}: non-canonical party {p}")
        if k["verdict"] not in VERDICTS:
            errors.append(f"{tid}: bad verdict {k['verdict']}")
        if not k["must_state"]:
            errors.append(f"{tid}: empty must_state")
        for m in k["must_state"]:
            if not any(m in text.get(g, "") for g in k["gold"]):
                errors.append(f"{tid}: must_state not verbatim in gold: {m}")
        if ty == "first":
            run = max(longest_common_run(t["question"], text.get(g, "")) for g in k["gold"])
            if run > 12:
                errors.append(f"{tid}: first turn shares a {run}-char run with a gold clause")

    n2 = sum(1 for ts in convs.values() if len(ts) == 2)
    n3 = sum(1 for ts in convs.values() if len(ts) == 3)
    print(f"conversations={len(convs)} (two-turn={n2}, three-turn={n3}) turns={len(turns)} "
          f"topic_change_third={len(topic_third)} everyday_convs={len(everyday)}")
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
