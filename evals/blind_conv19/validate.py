#!/usr/bin/env python3
"""Validate blind_conv19. Plain Python + PyYAML. Prints errors; exit 1 if any."""
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
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
VERDICTS = {"yes", "no", "depends", None}
EVERYDAY = ["代工厂", "甲方", "乙方", "品牌方", "药监局", "老板", "厂家", "质量部", "QA", "工厂", "厂里", "我们厂"]
ALLOWED_FILES = {"conversations.jsonl", "keys.yaml", "turn_types.json", "build.py", "validate.py", "README.md"}
MAX_LCS = 12

errors = []


def err(msg):
    errors.append(msg)


def lcs_len(a, b):
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


def main():
    csv.field_size_limit(10 ** 9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        clauses = {r["clause_id"]: r["text"] for r in csv.DictReader(f, delimiter="\t")}

    # folder contents
    extra = set(os.listdir(HERE)) - ALLOWED_FILES - {"__pycache__"}
    if extra:
        err(f"unexpected files in folder: {sorted(extra)}")
    for fn in ALLOWED_FILES:
        if not os.path.exists(os.path.join(HERE, fn)):
            err(f"missing file {fn}")

    # conversations
    turns = []
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except Exception as e:  # noqa
                err(f"conversations.jsonl line {n}: bad json {e}")
                continue
            if set(o) != {"id", "question", "conversation"}:
                err(f"line {n}: keys {sorted(o)}")
            turns.append(o)
    ids = [t["id"] for t in turns]
    if len(set(ids)) != len(ids):
        err("duplicate turn ids")
    convs = {}
    for t in turns:
        m = re.fullmatch(r"(cq\d\d)-(\d)", t["id"])
        if not m or m.group(1) != t["conversation"]:
            err(f"bad id/conversation {t['id']} / {t['conversation']}")
            continue
        convs.setdefault(m.group(1), []).append(int(m.group(2)))
        if not t["question"].strip():
            err(f"{t['id']}: empty question")
    exp = {f"cq{i:02d}": (2 if i <= 16 else 3) for i in range(1, 25)}
    if set(convs) != set(exp):
        err(f"conversation set mismatch: {sorted(set(convs) ^ set(exp))}")
    for c, n in exp.items():
        if convs.get(c) != list(range(1, n + 1)):
            err(f"{c}: turns {convs.get(c)} expected 1..{n} in order")
    order = [t["conversation"] for t in turns]
    if order != sorted(order):
        err("conversations not in order")

    # keys
    with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
        keys = yaml.safe_load(f)
    kid = [k.get("id") for k in keys]
    if kid != ids:
        err("keys.yaml ids do not match conversations.jsonl ids/order")
    kmap = {k["id"]: k for k in keys}
    for k in keys:
        tid = k.get("id")
        for fld in ("id", "resolved", "gold", "parties", "verdict", "must_state", "note"):
            if fld not in k:
                err(f"{tid}: missing field {fld}")
        if not k.get("resolved") or not k.get("note"):
            err(f"{tid}: empty resolved/note")
        gold = k.get("gold") or []
        if not gold:
            err(f"{tid}: no gold")
        for g in gold:
            if g not in clauses:
                err(f"{tid}: gold id not found: {g}")
        if len(set(gold)) != len(gold):
            err(f"{tid}: duplicate gold")
        for p in k.get("parties") or []:
            if p not in CANON:
                err(f"{tid}: non-canonical party {p}")
        if k.get("verdict") not in VERDICTS:
            err(f"{tid}: bad verdict {k.get('verdict')!r}")
        ms = k.get("must_state") or []
        if not ms:
            err(f"{tid}: no must_state")
        for s in ms:
            if not any(s in clauses.get(g, "") for g in gold):
                err(f"{tid}: must_state not verbatim in gold: {s}")

    # turn types
    with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
        types = json.load(f)
    if set(types) != set(ids):
        err("turn_types.json ids mismatch")
    topic = []
    for tid, ty in types.items():
        if ty not in TYPES:
            err(f"{tid}: unknown type {ty}")
        n = int(tid.split("-")[1])
        if (n == 1) != (ty == "first"):
            err(f"{tid}: type {ty} inconsistent with turn position")
        if ty == "topic_change":
            topic.append(tid)
            if n != 3:
                err(f"{tid}: topic_change must be a third turn")
    if len(topic) != 5:
        err(f"expected 5 topic_change third turns, got {len(topic)}")

    # first turn paraphrase check
    qmap = {t["id"]: t["question"] for t in turns}
    for tid, q in qmap.items():
        if tid.endswith("-1") and tid in kmap:
            for g in kmap[tid]["gold"]:
                L = lcs_len(q, clauses.get(g, ""))
                if L > MAX_LCS:
                    err(f"{tid}: first turn shares {L} chars with {g}")

    # everyday wording
    every = {c for c in convs if any(w in qmap[f"{c}-{i}"] for i in convs[c] for w in EVERYDAY)}
    if len(every) < 11:
        err(f"everyday wording in only {len(every)} conversations")

    # README
    rp = os.path.join(HERE, "README.md")
    if os.path.exists(rp):
        txt = open(rp, encoding="utf-8").read()
        for needle in ("2026-12-07", "correct", "partial", "wrong", "blind"):
            if needle.lower() not in txt.lower():
                err(f"README.md missing '{needle}'")

    n2 = sum(1 for c in convs if len(convs[c]) == 2)
    n3 = sum(1 for c in convs if len(convs[c]) == 3)
    print(f"conversations={len(convs)} (2-turn={n2}, 3-turn={n3}) turns={len(turns)} "
          f"topic_change={len(topic)} everyday_convs={len(every)} "
          f"gold_ids={len({g for k in keys for g in k['gold']})} "
          f"docs={len({g.split(':')[0] for k in keys for g in k['gold']})}")
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
