#!/usr/bin/env python3
"""Validate blind_conv16 (plain Python + PyYAML). Prints errors; exit 1 if any."""
import csv
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"
CANON = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
         "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构",
         "经营企业", "使用单位", "中选企业", "生产企业"}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
VERDICTS = {"yes", "no", "depends", None}
EVERYDAY = ["代工", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA", "经销商", "医院", "受托厂", "工厂", "外包"]
REFER = ["那", "呢", "他们", "对方", "这", "上面", "要是", "如果", "依据", "哪条", "多久", "还", "那边", "派过去", "里面",
         "一类", "标签", "严重伤害"]
TOPIC_DOCS = {"hubei-entrusted-production-qms-guide", "shanxi-2021-61-vbp-quality-notice", "chongqing-banan-2021-work-plan"}


def lcs_run(a, b):
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
    err = errors.append
    csv.field_size_limit(10**9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        clauses = {r["clause_id"]: r for r in csv.DictReader(f, delimiter="\t")}

    turns = [json.loads(l) for l in open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") if l.strip()]
    keys = yaml.safe_load(open(os.path.join(HERE, "keys.yaml"), encoding="utf-8"))
    types = json.load(open(os.path.join(HERE, "turn_types.json"), encoding="utf-8"))

    # structure
    convs = {}
    for t in turns:
        if set(t) != {"id", "question", "conversation"}:
            err(f"{t.get('id')}: bad fields {sorted(t)}")
        convs.setdefault(t["conversation"], []).append(t)
    ids = [t["id"] for t in turns]
    if len(ids) != len(set(ids)):
        err("duplicate turn ids")
    expected = [f"cn{n:02d}" for n in range(1, 25)]
    if list(convs) != expected:
        err(f"conversation ids/order wrong: {list(convs)}")
    for cid, ts in convs.items():
        n = int(cid[2:])
        want = 2 if n <= 16 else 3
        if len(ts) != want:
            err(f"{cid}: {len(ts)} turns, want {want}")
        for i, t in enumerate(ts, 1):
            if t["id"] != f"{cid}-{i}":
                err(f"{t['id']}: out of order, want {cid}-{i}")
    n2 = sum(1 for ts in convs.values() if len(ts) == 2)
    n3 = sum(1 for ts in convs.values() if len(ts) == 3)

    kmap = {k["id"]: k for k in keys}
    if [k["id"] for k in keys] != ids:
        err("keys.yaml ids do not match conversations.jsonl order")
    if set(types) != set(ids):
        err("turn_types.json ids do not match")

    qmap = {t["id"]: t["question"] for t in turns}
    for tid in ids:
        k = kmap.get(tid)
        if not k:
            continue
        for field in ("id", "resolved", "gold", "parties", "verdict", "must_state", "note"):
            if field not in k:
                err(f"{tid}: missing {field}")
        if not k["gold"]:
            err(f"{tid}: empty gold")
        for g in k["gold"]:
            if g not in clauses:
                err(f"{tid}: gold id not found: {g}")
        for p in k["parties"]:
            if p not in CANON:
                err(f"{tid}: non-canonical party {p}")
        if k["verdict"] not in VERDICTS:
            err(f"{tid}: bad verdict {k['verdict']!r}")
        if not k["must_state"]:
            err(f"{tid}: empty must_state")
        texts = [clauses[g]["text"] for g in k["gold"] if g in clauses]
        for m in k["must_state"]:
            if not any(m in tx for tx in texts):
                err(f"{tid}: must_state not verbatim in gold: {m}")
        if not k["resolved"] or not k["note"]:
            err(f"{tid}: empty resolved/note")
        ty = types.get(tid)
        if ty not in TYPES:
            err(f"{tid}: bad type {ty}")
        first = tid.endswith("-1")
        if first != (ty == "first"):
            err(f"{tid}: type 'first' must be exactly the first turns (got {ty})")
        if first:
            for g in k["gold"]:
                if g in clauses:
                    run = lcs_run(qmap[tid], clauses[g]["text"])
                    if run > 12:
                        err(f"{tid}: first turn shares a run of {run} chars with {g}")
        elif ty != "topic_change":
            if not any(w in qmap[tid] for w in REFER):
                err(f"{tid}: follow-up has no referring/elliptical marker")
            if qmap[tid] == k["resolved"]:
                err(f"{tid}: follow-up identical to resolved")

    # topic changes
    tc = [tid for tid in ids if types.get(tid) == "topic_change"]
    if len(tc) != 5:
        err(f"{len(tc)} topic_change turns, want 5")
    for tid in tc:
        cid, n = tid.split("-")
        if n != "3" or len(convs[cid]) != 3:
            err(f"{tid}: topic change must be a third turn of a 3-turn conversation")
        earlier = set()
        for i in range(1, int(n)):
            earlier |= set(kmap[f"{cid}-{i}"]["gold"])
        if earlier & set(kmap[tid]["gold"]):
            err(f"{tid}: topic change shares gold with earlier turns")
        if any(w in qmap[tid] for w in ["他们", "对方", "上面", "这个", "那份", "那边"]):
            err(f"{tid}: topic change contains a referring word")

    # everyday wording
    everyday = [cid for cid, ts in convs.items() if any(w in t["question"] for t in ts for w in EVERYDAY)]
    if len(everyday) < 11:
        err(f"everyday wording in only {len(everyday)} conversations")

    docs = {g.split(":")[0] for k in keys for g in k["gold"]}
    for d in TOPIC_DOCS:
        if d not in docs:
            err(f"local document not covered: {d}")

    from collections import Counter
    print(f"conversations: {len(convs)} ({n2} two-turn, {n3} three-turn); turns: {len(ids)}")
    print(f"turn types: {dict(Counter(types.values()))}")
    print(f"verdicts: {dict(Counter(str(k['verdict']) for k in keys))}")
    print(f"everyday-wording conversations: {len(everyday)}; documents cited as gold: {len(docs)}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
