#!/usr/bin/env python3
"""Validate blind_conv18 against /work/support/clauses.tsv. Plain Python + PyYAML.

Run: python validate.py   (exit status 1 if any error)
"""
import csv
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"
CANON = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
         "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构",
         "检验机构", "经营企业", "使用单位", "中选企业", "生产企业"}
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change", "object_swap"}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA"]
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


def main():
    csv.field_size_limit(10 ** 9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        clauses = {r["clause_id"]: r["text"] for r in csv.DictReader(f, delimiter="\t")}

    for name in ["conversations.jsonl", "keys.yaml", "turn_types.json", "build.py", "README.md"]:
        if not os.path.exists(os.path.join(HERE, name)):
            err(f"missing file {name}")
    if errors:
        return

    turns = []
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                d = json.loads(line)
            except ValueError as e:
                err(f"conversations.jsonl line {n}: bad json {e}")
                continue
            if set(d) != {"id", "question", "conversation"}:
                err(f"conversations.jsonl line {n}: keys {sorted(d)}")
            if not str(d.get("question", "")).strip():
                err(f"{d.get('id')}: empty question")
            turns.append(d)
    with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
        keys = yaml.safe_load(f)
    with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
        types = json.load(f)

    # structure and order
    convs = {}
    order = []
    for d in turns:
        m = re.fullmatch(r"(cp\d\d)-(\d)", d["id"])
        if not m or m.group(1) != d["conversation"]:
            err(f"bad id/conversation {d['id']} / {d['conversation']}")
            continue
        cid, k = m.group(1), int(m.group(2))
        if cid not in convs:
            convs[cid] = []
            order.append(cid)
        if k != len(convs[cid]) + 1:
            err(f"{d['id']}: turn out of order")
        convs[cid].append(d)
    exp_two = [f"cp{i:02d}" for i in range(1, 17)]
    exp_three = [f"cp{i:02d}" for i in range(17, 25)]
    if order != exp_two + exp_three:
        err(f"conversation ids/order: {order}")
    for cid in exp_two:
        if len(convs.get(cid, [])) != 2:
            err(f"{cid}: expected 2 turns, got {len(convs.get(cid, []))}")
    for cid in exp_three:
        if len(convs.get(cid, [])) != 3:
            err(f"{cid}: expected 3 turns, got {len(convs.get(cid, []))}")

    ids = [d["id"] for d in turns]
    if not isinstance(keys, list):
        err("keys.yaml is not a list")
        return
    if [k.get("id") for k in keys] != ids:
        err("keys.yaml ids differ from conversations.jsonl ids (or order)")
    if set(types) != set(ids):
        err("turn_types.json ids differ from conversations.jsonl ids")
    qmap = {d["id"]: d["question"] for d in turns}

    for k in keys:
        tid = k.get("id")
        want = {"id", "resolved", "gold", "parties", "verdict", "must_state", "note"}
        if set(k) != want:
            err(f"{tid}: keys fields {sorted(k)}")
            continue
        if not str(k["resolved"]).strip() or not str(k["note"]).strip():
            err(f"{tid}: empty resolved/note")
        gold = k["gold"]
        if not isinstance(gold, list) or not gold:
            err(f"{tid}: gold must be a non-empty list")
            gold = []
        if len(set(gold)) != len(gold):
            err(f"{tid}: duplicate gold ids")
        for g in gold:
            if g not in clauses:
                err(f"{tid}: gold id not in clauses.tsv: {g}")
        if not isinstance(k["parties"], list):
            err(f"{tid}: parties must be a list")
        else:
            for p in k["parties"]:
                if p not in CANON:
                    err(f"{tid}: non-canonical party {p}")
        if k["verdict"] not in VERDICTS:
            err(f"{tid}: bad verdict {k['verdict']!r}")
        ms = k["must_state"]
        if not isinstance(ms, list) or not ms:
            err(f"{tid}: must_state must be a non-empty list")
            ms = []
        for s in ms:
            if not any(s in clauses.get(g, "") for g in gold):
                err(f"{tid}: must_state not verbatim in any gold clause: {s}")
        # paraphrase rule for first turns
        if tid and tid.endswith("-1"):
            for g in gold:
                run = lcs_run(qmap.get(tid, ""), clauses.get(g, ""))
                if run > MAX_RUN:
                    err(f"{tid}: first turn shares a {run}-char run with {g} (max {MAX_RUN})")

    # turn types
    topic = []
    for tid in ids:
        ty = types.get(tid)
        if ty not in TYPES:
            err(f"{tid}: unknown turn type {ty!r}")
        if tid.endswith("-1") and ty != "first":
            err(f"{tid}: first turn must be typed first")
        if not tid.endswith("-1") and ty == "first":
            err(f"{tid}: follow-up typed first")
        if ty == "topic_change":
            topic.append(tid)
    if len(topic) != 5 or not all(t.endswith("-3") for t in topic):
        err(f"topic changes must be exactly 5 third turns, got {topic}")
    # topic-change turns share no gold with earlier turns of their conversation
    kmap = {k["id"]: k for k in keys if isinstance(k, dict) and "id" in k}
    for tid in topic:
        cid = tid[:4]
        earlier = set()
        for d in convs.get(cid, []):
            if d["id"] != tid:
                earlier |= set(kmap.get(d["id"], {}).get("gold", []))
        if earlier & set(kmap.get(tid, {}).get("gold", [])):
            err(f"{tid}: topic change shares gold with earlier turns")

    # everyday wording
    every = [cid for cid in order if any(w in d["question"] for d in convs[cid] for w in EVERYDAY)]
    if len(every) < 11:
        err(f"everyday wording in only {len(every)} conversations (need >= 11)")

    # summary
    n_two = sum(1 for c in order if len(convs[c]) == 2)
    n_three = sum(1 for c in order if len(convs[c]) == 3)
    docs = sorted({g.split(":")[0] for k in keys for g in k.get("gold", [])})
    from collections import Counter
    print(f"conversations: {len(order)} ({n_two} two-turn, {n_three} three-turn); turns: {len(ids)}")
    print(f"turn types: {dict(Counter(types.values()))}")
    print(f"topic changes: {topic}")
    print(f"everyday wording in {len(every)} conversations")
    print(f"verdicts: {dict(Counter(str(k.get('verdict')) for k in keys))}")
    print(f"gold documents: {len(docs)}: {', '.join(docs)}")


if __name__ == "__main__":
    main()
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors")
    sys.exit(1 if errors else 0)
