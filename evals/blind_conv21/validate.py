#!/usr/bin/env python3
"""Validate blind_conv21 against /work/support/clauses.tsv. Prints errors; exit 1 if any."""
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
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA", "工厂", "代工"]
MAX_RUN = 12
errors = []


def err(msg):
    errors.append(msg)


def lcs_run(a, b):
    """Longest common substring length."""
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


csv.field_size_limit(10**9)
with open(CLAUSES, encoding="utf-8", newline="") as f:
    clauses = {r["clause_id"]: r["text"] for r in csv.DictReader(f, delimiter="\t")}

turns = []
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            err(f"conversations.jsonl line {n}: bad json {e}")
            continue
        if set(obj) != {"id", "question", "conversation"}:
            err(f"line {n}: keys {sorted(obj)}")
        turns.append(obj)

with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
    keys = yaml.safe_load(f)
with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
    types = json.load(f)

# structure
convs = {}
for t in turns:
    m = re.fullmatch(r"(cs\d\d)-(\d)", t["id"])
    if not m or m.group(1) != t["conversation"]:
        err(f"bad id/conversation {t['id']} {t['conversation']}")
        continue
    convs.setdefault(m.group(1), []).append(int(m.group(2)))
for cid, nums in convs.items():
    if nums != list(range(1, len(nums) + 1)):
        err(f"{cid}: turns out of order {nums}")
expected = {f"cs{i:02d}": (2 if i <= 16 else 3) for i in range(1, 25)}
if set(convs) != set(expected):
    err(f"conversation set mismatch: {sorted(set(convs) ^ set(expected))}")
for cid, n in expected.items():
    if len(convs.get(cid, [])) != n:
        err(f"{cid}: expected {n} turns, got {len(convs.get(cid, []))}")
order = [t["id"] for t in turns]
if [c for c in order] != sorted(order):
    err("conversations.jsonl not in order")

# keys
kids = [k.get("id") for k in keys]
if kids != order:
    err("keys.yaml ids differ from conversations.jsonl ids/order")
if set(types) != set(order):
    err("turn_types.json ids differ from conversations.jsonl ids")
qmap = {t["id"]: t["question"] for t in turns}
for k in keys:
    tid = k.get("id")
    for fld in ("id", "resolved", "gold", "parties", "verdict", "must_state", "note"):
        if fld not in k:
            err(f"{tid}: missing {fld}")
    gold = k.get("gold") or []
    if not gold:
        err(f"{tid}: empty gold")
    for g in gold:
        if g not in clauses:
            err(f"{tid}: unknown gold id {g}")
    if len(set(gold)) != len(gold):
        err(f"{tid}: duplicate gold ids")
    for p in k.get("parties") or []:
        if p not in CANON:
            err(f"{tid}: non-canonical party {p}")
    if k.get("verdict") not in VERDICTS:
        err(f"{tid}: bad verdict {k.get('verdict')!r}")
    ms = k.get("must_state") or []
    if not ms:
        err(f"{tid}: empty must_state")
    for s in ms:
        if not any(s in clauses.get(g, "") for g in gold):
            err(f"{tid}: must_state not verbatim in gold: {s}")
    if not (k.get("resolved") or "").strip() or not (k.get("note") or "").strip():
        err(f"{tid}: empty resolved/note")
    # first-turn paraphrase check
    if tid.endswith("-1"):
        for g in gold:
            run = lcs_run(qmap[tid], clauses.get(g, ""))
            if run > MAX_RUN:
                err(f"{tid}: common run {run} > {MAX_RUN} with {g}")

# turn types
topic = 0
for tid, ty in types.items():
    if tid.endswith("-1") and ty != "first":
        err(f"{tid}: first turn typed {ty}")
    if not tid.endswith("-1") and ty == "first":
        err(f"{tid}: follow-up typed first")
    if ty == "topic_change":
        topic += 1
        if not tid.endswith("-3"):
            err(f"{tid}: topic_change not a third turn")
if topic != 5:
    err(f"expected 5 topic_change turns, got {topic}")

# everyday wording
everyday = {t["conversation"] for t in turns if any(w in t["question"] for w in EVERYDAY)}
if len(everyday) < 11:
    err(f"everyday wording in only {len(everyday)} conversations")

# folder content
allowed = {"conversations.jsonl", "keys.yaml", "turn_types.json", "build.py", "validate.py", "README.md", "__pycache__"}
extra = set(os.listdir(HERE)) - allowed
if extra:
    err(f"unexpected files: {sorted(extra)}")

for e in errors:
    print("ERROR:", e)
n2 = sum(1 for c in convs.values() if len(c) == 2)
n3 = sum(1 for c in convs.values() if len(c) == 3)
print(f"{len(convs)} conversations ({n2} two-turn, {n3} three-turn), {len(turns)} turns, "
      f"{topic} topic changes, everyday wording in {len(everyday)} conversations, "
      f"{len(set(g for k in keys for g in k['gold']))} distinct gold clauses, "
      f"{len(set(g.split(':')[0] for k in keys for g in k['gold']))} documents")
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
