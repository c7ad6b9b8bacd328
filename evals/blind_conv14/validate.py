#!/usr/bin/env python3
"""Validate blind_conv14. Plain Python + PyYAML. Reads /work/support/clauses.tsv.

Run: python3 validate.py        exit code 0 and "0 errors" when everything holds.
"""
import csv
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"

PARTIES = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
           "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构",
           "经营企业", "使用单位", "中选企业", "生产企业"}
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA", "经销商", "厂子"]
REQUIRED_DOCS = ["hubei-entrusted-production-qms-guide", "shanxi-2021-61-vbp-quality-notice",
                 "chongqing-banan-2021-work-plan", "nmpa-2022-17-prohibited-entrustment-catalog",
                 "nmpa-order-29-recall", "nmpa-order-14-flight-inspection", "nmpa-order-6-ifu-labeling",
                 "nmpa-2015-1-supplier-audit-guide", "samr-order-54-distribution-supervision",
                 "nmpa-2022-cross-region-opinion", "nmpa-2024-38-entrusted-production-notice",
                 "samr-order-1-adverse-event-monitoring", "nmpa-2022-13-annual-self-inspection-report-guide"]
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

    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        turns = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
        keys = yaml.safe_load(f)
    with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
        types = json.load(f)

    # --- conversation structure ---
    convs = {}
    for t in turns:
        if set(t) != {"id", "question", "conversation"}:
            err(f"{t.get('id')}: bad fields {sorted(t)}")
        m = re.fullmatch(r"(cl\d\d)-(\d)", t["id"])
        if not m or m.group(1) != t["conversation"]:
            err(f"{t['id']}: id/conversation mismatch")
            continue
        convs.setdefault(t["conversation"], []).append(int(m.group(2)))
        if not t["question"].strip():
            err(f"{t['id']}: empty question")
    if len(turns) != len({t["id"] for t in turns}):
        err("duplicate turn ids")
    expected = {f"cl{i:02d}": (2 if i <= 16 else 3) for i in range(1, 25)}
    if set(convs) != set(expected):
        err(f"conversation set wrong: {sorted(convs)}")
    for cid, n in expected.items():
        if convs.get(cid) != list(range(1, n + 1)):
            err(f"{cid}: turns {convs.get(cid)} expected 1..{n} in order")
    order = [t["conversation"] for t in turns]
    if order != sorted(order):
        err("conversations not in order")

    # --- keys ---
    ids = [t["id"] for t in turns]
    if [k.get("id") for k in keys] != ids:
        err("keys.yaml ids differ from conversations.jsonl ids / order")
    kmap = {k["id"]: k for k in keys}
    qmap = {t["id"]: t["question"] for t in turns}
    need = {"id", "resolved", "gold", "parties", "verdict", "must_state", "note"}
    cited_docs = set()
    for k in keys:
        tid = k.get("id")
        if set(k) != need:
            err(f"{tid}: key fields {sorted(k)}")
            continue
        for fld in ("resolved", "note"):
            if not isinstance(k[fld], str) or not k[fld].strip():
                err(f"{tid}: empty {fld}")
        if not k["gold"]:
            err(f"{tid}: no gold")
        for g in k["gold"]:
            if g not in clauses:
                err(f"{tid}: gold id not found: {g}")
            else:
                cited_docs.add(g.split(":")[0])
        if len(set(k["gold"])) != len(k["gold"]):
            err(f"{tid}: duplicate gold ids")
        if not isinstance(k["parties"], list):
            err(f"{tid}: parties not a list")
        for p in k["parties"]:
            if p not in PARTIES:
                err(f"{tid}: non-canonical party {p!r}")
        if k["verdict"] not in VERDICTS:
            err(f"{tid}: bad verdict {k['verdict']!r}")
        if not k["must_state"]:
            err(f"{tid}: empty must_state")
        for s in k["must_state"]:
            if not any(s in clauses.get(g, "") for g in k["gold"]):
                err(f"{tid}: must_state not verbatim in gold: {s!r}")

    # --- turn types ---
    if set(types) != set(ids):
        err("turn_types.json ids differ from turns")
    topic_changes = []
    for tid in ids:
        ty = types.get(tid)
        if ty not in TYPES:
            err(f"{tid}: unknown type {ty!r}")
        n = int(tid.split("-")[1])
        if (n == 1) != (ty == "first"):
            err(f"{tid}: 'first' must be exactly the first turns (got {ty})")
        if ty == "topic_change":
            topic_changes.append(tid)
            if n != 3:
                err(f"{tid}: topic_change must be a third turn")
    if len(topic_changes) != 5:
        err(f"expected 5 topic_change third turns, got {len(topic_changes)}")
    # topic changes must not reuse the earlier turns' gold documents' clauses
    for tid in topic_changes:
        cid = tid.split("-")[0]
        earlier = set(kmap[f"{cid}-1"]["gold"]) | set(kmap[f"{cid}-2"]["gold"])
        if earlier & set(kmap[tid]["gold"]):
            err(f"{tid}: topic change shares gold clauses with earlier turns")

    # --- first-turn paraphrase ---
    for tid in ids:
        if not tid.endswith("-1"):
            continue
        q = qmap[tid]
        for g in kmap[tid]["gold"]:
            run = lcs_run(q, clauses.get(g, ""))
            if run > MAX_RUN:
                err(f"{tid}: first turn shares a {run}-char run with {g} (max {MAX_RUN})")

    # --- follow-ups are not self-contained copies of the resolved question ---
    for tid in ids:
        if tid.endswith("-1") or types.get(tid) == "topic_change":
            continue
        if qmap[tid].strip() == kmap[tid]["resolved"].strip():
            err(f"{tid}: follow-up question equals its resolved form")

    # --- everyday wording ---
    everyday = {t["conversation"] for t in turns if any(w in t["question"] for w in EVERYDAY)}
    if len(everyday) < 11:
        err(f"everyday wording in only {len(everyday)} conversations (need >= 11)")

    # --- coverage ---
    for d in REQUIRED_DOCS:
        if d not in cited_docs:
            err(f"coverage: no gold clause from {d}")

    n2 = sum(1 for c in expected.values() if c == 2)
    n3 = sum(1 for c in expected.values() if c == 3)
    print(f"conversations={len(convs)} (two-turn={n2}, three-turn={n3}) turns={len(turns)} "
          f"topic_change={len(topic_changes)} everyday_convs={len(everyday)} docs_cited={len(cited_docs)}")
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
