#!/usr/bin/env python3
"""Validate blind_conv12 data files against /work/support/clauses.tsv.

Plain Python + PyYAML. Prints each problem and a final "N errors" line; exit code 1 if any error.
"""
import csv
import json
import os
import re
import sys
from collections import OrderedDict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"

PARTIES = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
           "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构",
           "经营企业", "使用单位", "中选企业", "生产企业"}
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA", "经销商", "医院",
            "局里", "公司"]
KEY_FIELDS = ["id", "resolved", "gold", "parties", "verdict", "must_state", "note"]
MAX_FIRST_RUN = 12

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR:", msg)


def longest_common_run(a, b):
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


def main():
    csv.field_size_limit(10 ** 9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    if rows[0][:4] != ["clause_id", "doc_id", "citation", "text"]:
        err(f"unexpected clauses.tsv header {rows[0]}")
    clauses = {r[0]: r[3] for r in rows[1:] if len(r) >= 4}

    # files
    expected = {"conversations.jsonl", "keys.yaml", "turn_types.json", "build.py", "validate.py", "README.md"}
    present = {n for n in os.listdir(HERE) if n != "__pycache__"}
    for n in expected - present:
        err(f"missing file {n}")
    for n in present - expected:
        err(f"unexpected file {n}")

    # conversations
    turns = []
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                err(f"conversations.jsonl line {ln} blank")
                continue
            obj = json.loads(line)
            if set(obj) != {"id", "question", "conversation"}:
                err(f"line {ln}: keys {sorted(obj)}")
            turns.append(obj)
    convs = OrderedDict()
    for t in turns:
        m = re.fullmatch(r"(r\d\d)-(\d)", t["id"])
        if not m:
            err(f"bad id {t['id']}")
            continue
        if m.group(1) != t["conversation"]:
            err(f"{t['id']}: conversation field {t['conversation']}")
        convs.setdefault(t["conversation"], []).append(t)
        if not t["question"].strip():
            err(f"{t['id']}: empty question")
    ids = [t["id"] for t in turns]
    if len(ids) != len(set(ids)):
        err("duplicate turn ids")
    if len({t['question'] for t in turns}) != len(turns):
        err("duplicate questions")
    if list(convs) != [f"r{i:02d}" for i in range(1, 25)]:
        err(f"conversation ids/order wrong: {list(convs)}")
    for cid, ts in convs.items():
        n = int(cid[1:])
        want = 2 if n <= 16 else 3
        if [t["id"] for t in ts] != [f"{cid}-{k}" for k in range(1, want + 1)]:
            err(f"{cid}: turns {[t['id'] for t in ts]} (want {want} in order)")
    n2 = sum(1 for ts in convs.values() if len(ts) == 2)
    n3 = sum(1 for ts in convs.values() if len(ts) == 3)
    if (n2, n3) != (16, 8):
        err(f"conversation lengths: {n2} two-turn, {n3} three-turn (want 16, 8)")

    # keys
    with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
        keys = yaml.safe_load(f)
    kmap = {}
    for k in keys:
        if list(k) != KEY_FIELDS:
            err(f"{k.get('id')}: key fields {list(k)}")
        kmap[k["id"]] = k
    if [k["id"] for k in keys] != ids:
        err("keys.yaml ids do not match conversations.jsonl ids in order")

    # turn types
    with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
        types = json.load(f)
    if list(types) != ids:
        err("turn_types.json ids do not match conversations.jsonl ids in order")

    qmap = {t["id"]: t["question"] for t in turns}
    for tid in ids:
        k = kmap.get(tid)
        if not k:
            err(f"{tid}: no key")
            continue
        if not str(k["resolved"]).strip() or not str(k["note"]).strip():
            err(f"{tid}: empty resolved/note")
        if not k["gold"]:
            err(f"{tid}: empty gold")
        if len(set(k["gold"])) != len(k["gold"]):
            err(f"{tid}: duplicate gold")
        for g in k["gold"]:
            if g not in clauses:
                err(f"{tid}: gold {g} not in clauses.tsv")
        if k["verdict"] not in VERDICTS:
            err(f"{tid}: verdict {k['verdict']!r}")
        if not isinstance(k["parties"], list):
            err(f"{tid}: parties not a list")
        for p in k["parties"]:
            if p not in PARTIES:
                err(f"{tid}: non-canonical party {p}")
        if not k["must_state"]:
            err(f"{tid}: empty must_state")
        for s in k["must_state"]:
            if not any(s in clauses.get(g, "") for g in k["gold"]):
                err(f"{tid}: must_state not verbatim in gold: {s}")
        ty = types.get(tid)
        if ty not in TYPES:
            err(f"{tid}: type {ty!r}")
        is_first = tid.endswith("-1")
        if is_first != (ty == "first"):
            err(f"{tid}: type {ty} inconsistent with position")
        if is_first:
            run = max(longest_common_run(qmap[tid], clauses[g]) for g in k["gold"] if g in clauses)
            if run > MAX_FIRST_RUN:
                err(f"{tid}: first turn shares a {run}-char run with its gold clauses")

    # topic changes: exactly 5, all third turns, gold disjoint from earlier turns
    tc = [tid for tid in ids if types.get(tid) == "topic_change"]
    if len(tc) != 5:
        err(f"{len(tc)} topic_change turns (want 5)")
    for tid in tc:
        if not tid.endswith("-3"):
            err(f"{tid}: topic_change not a third turn")
        cid = tid.split("-")[0]
        earlier = set()
        for t in convs[cid]:
            if t["id"] == tid:
                break
            earlier |= set(kmap[t["id"]]["gold"])
        if earlier & set(kmap[tid]["gold"]):
            err(f"{tid}: topic_change shares gold with earlier turns")
    # follow-ups that are not topic changes should differ from their resolved form (elliptical)
    for tid in ids:
        if not tid.endswith("-1") and types.get(tid) != "topic_change":
            if qmap[tid] == kmap[tid]["resolved"]:
                err(f"{tid}: follow-up question identical to resolved")

    # everyday wording
    everyday = [cid for cid, ts in convs.items() if any(w in t["question"] for t in ts for w in EVERYDAY)]
    if len(everyday) < 11:
        err(f"everyday wording in only {len(everyday)} conversations (want >= 11)")

    # summary
    docs = sorted({g.split(":")[0] for k in keys for g in k["gold"]})
    tcount = {}
    for ty in types.values():
        tcount[ty] = tcount.get(ty, 0) + 1
    vcount = {}
    for k in keys:
        vcount[str(k["verdict"])] = vcount.get(str(k["verdict"]), 0) + 1
    print(f"conversations: {len(convs)} ({n2} two-turn, {n3} three-turn); turns: {len(ids)}")
    print(f"turn types: {dict(sorted(tcount.items()))}")
    print(f"verdicts: {dict(sorted(vcount.items()))}")
    print(f"everyday wording: {len(everyday)} conversations; gold docs: {len(docs)}")
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
