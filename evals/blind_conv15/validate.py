"""Validate blind_conv15. Plain Python + PyYAML. Usage: python validate.py [clauses.tsv]"""
import csv
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = sys.argv[1] if len(sys.argv) > 1 else "/work/support/clauses.tsv"
PARTIES = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
           "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构",
           "经营企业", "使用单位", "中选企业", "生产企业"}
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA", "受托厂", "医院", "经销商"]
FIELDS = ["id", "resolved", "gold", "parties", "verdict", "must_state", "note"]

errors = []


def err(msg):
    errors.append(msg)


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


csv.field_size_limit(10 ** 9)
with open(CLAUSES, encoding="utf-8", newline="") as f:
    clauses = {r["clause_id"]: r["text"] for r in csv.DictReader(f, delimiter="\t")}

turns = []
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        d = json.loads(line)
        if set(d) != {"id", "question", "conversation"}:
            err(f"conversations.jsonl line {n}: keys {sorted(d)}")
        turns.append(d)
with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
    keys = yaml.safe_load(f)
with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
    ttypes = json.load(f)

# conversation structure
convs = {}
for t in turns:
    m = re.fullmatch(r"(cm\d\d)-(\d)", t["id"])
    if not m or m.group(1) != t["conversation"]:
        err(f"bad id/conversation {t['id']} / {t['conversation']}")
        continue
    convs.setdefault(m.group(1), []).append(int(m.group(2)))
expected = {f"cm{i:02d}": (2 if i <= 16 else 3) for i in range(1, 25)}
if set(convs) != set(expected):
    err(f"conversation ids {sorted(convs)}")
for c, n in expected.items():
    if convs.get(c) != list(range(1, n + 1)):
        err(f"{c}: turns {convs.get(c)} (want 1..{n} in order)")
order = [t["id"] for t in turns]
if len(set(order)) != len(order):
    err("duplicate turn ids")

# keys
if [k.get("id") for k in keys] != order:
    err("keys.yaml ids differ from conversations.jsonl order")
for k in keys:
    tid = k.get("id")
    if list(k) != FIELDS:
        err(f"{tid}: fields {list(k)}")
    if not k.get("resolved") or not k.get("note"):
        err(f"{tid}: empty resolved/note")
    gold = k.get("gold") or []
    if not gold:
        err(f"{tid}: no gold")
    for g in gold:
        if g not in clauses:
            err(f"{tid}: unknown gold {g}")
    if len(set(gold)) != len(gold):
        err(f"{tid}: duplicate gold")
    for p in k.get("parties") or []:
        if p not in PARTIES:
            err(f"{tid}: non-canonical party {p}")
    if k.get("verdict") not in VERDICTS:
        err(f"{tid}: verdict {k.get('verdict')!r}")
    ms = k.get("must_state") or []
    if not ms:
        err(f"{tid}: no must_state")
    for s in ms:
        if not any(s in clauses.get(g, "") for g in gold):
            err(f"{tid}: must_state not verbatim in gold: {s}")

# turn types
if list(ttypes) != order:
    err("turn_types.json ids differ from conversations.jsonl order")
topic = 0
for tid, ty in ttypes.items():
    if ty not in TYPES:
        err(f"{tid}: unknown type {ty}")
    n = int(tid.split("-")[1])
    if (n == 1) != (ty == "first"):
        err(f"{tid}: type {ty} on turn {n}")
    if ty == "topic_change":
        topic += 1
        if n != 3:
            err(f"{tid}: topic_change not on a third turn")
if topic != 5:
    err(f"topic_change count {topic} (want 5)")

# first turns paraphrased
kmap = {k["id"]: k for k in keys}
qmap = {t["id"]: t["question"] for t in turns}
for tid in order:
    if tid.endswith("-1") or ttypes.get(tid) == "topic_change":
        for g in kmap[tid]["gold"]:
            run = lcs_run(qmap[tid], clauses.get(g, ""))
            if run > 12:
                err(f"{tid}: common run {run} > 12 with {g}")

# everyday wording
every = {c for c in convs if any(w in qmap[f"{c}-{i}"] for i in convs[c] for w in EVERYDAY)}
if len(every) < 11:
    err(f"everyday wording in {len(every)} conversations (want >= 11)")

print(f"conversations: {len(convs)} (two-turn {sum(1 for v in convs.values() if len(v) == 2)}, "
      f"three-turn {sum(1 for v in convs.values() if len(v) == 3)}); turns: {len(order)}; "
      f"topic changes: {topic}; everyday wording: {len(every)} conversations")
for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
