#!/usr/bin/env python3
"""Validate blind_conv17. Plain Python + yaml. Prints errors and exits 1 if any."""
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
VERDICTS = {"yes", "no", "depends", None}
TYPES = {"first", "party_swap", "activity_swap", "follow_scenario", "yes_no", "time_limit", "basis",
         "exception", "follow_detail", "pronoun", "topic_change"}
KEY_FIELDS = ["id", "resolved", "gold", "parties", "verdict", "must_state", "note"]
# markers that make a follow-up depend on earlier turns
REFER = ["那", "这", "它", "他们", "对方", "上面", "要是", "如果", "为什么", "依据", "多久", "还有", "呢",
         "那边", "甲方", "乙方", "其他", "也", "一样", "除了"]
# referring words a topic-change turn must not use
NO_CARRY = ["那", "这个", "这种情况", "它", "他们", "对方", "上面", "刚才", "甲方", "乙方", "呢？", "那边", "还有"]
EVERYDAY = ["代工", "品牌方", "甲方", "乙方", "药监局", "老板", "厂家", "厂子", "质量部", "QA", "受托厂",
            "辐照厂", "经销商", "厂里"]
ALLOWED_FILES = {"conversations.jsonl", "keys.yaml", "turn_types.json", "build.py", "validate.py", "README.md"}

errors = []


def err(msg):
    errors.append(msg)


def lcs_len(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ch == cb:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


def main():
    csv.field_size_limit(10**9)
    with open(CLAUSES, encoding="utf-8", newline="") as f:
        clauses = {r["clause_id"]: r["text"] for r in csv.DictReader(f, delimiter="\t")}

    extra = set(os.listdir(HERE)) - ALLOWED_FILES - {"__pycache__"}
    if extra:
        err(f"unexpected files in folder: {sorted(extra)}")
    for fn in ALLOWED_FILES:
        if not os.path.exists(os.path.join(HERE, fn)):
            err(f"missing file {fn}")
    if errors:
        return

    turns = []
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"jsonl line {n}: {e}")
                continue
            if set(o) != {"id", "question", "conversation"}:
                err(f"jsonl line {n}: bad keys {sorted(o)}")
            turns.append(o)
    with open(os.path.join(HERE, "keys.yaml"), encoding="utf-8") as f:
        keys = yaml.safe_load(f)
    with open(os.path.join(HERE, "turn_types.json"), encoding="utf-8") as f:
        ttypes = json.load(f)

    # conversation structure
    convs = {}
    for t in turns:
        cid = t["conversation"]
        convs.setdefault(cid, []).append(t)
        if not t["id"].startswith(cid + "-"):
            err(f"{t['id']}: id does not match conversation {cid}")
    expected = [f"co{i:02d}" for i in range(1, 25)]
    if list(convs) != expected:
        err(f"conversation ids/order wrong: {list(convs)}")
    for cid, ts in convs.items():
        n = int(cid[2:])
        want = 2 if n <= 16 else 3
        if len(ts) != want:
            err(f"{cid}: {len(ts)} turns, expected {want}")
        for i, t in enumerate(ts, 1):
            if t["id"] != f"{cid}-{i}":
                err(f"{cid}: turn {i} has id {t['id']} (out of order)")
    ids = [t["id"] for t in turns]
    if len(set(ids)) != len(ids):
        err("duplicate turn ids")

    # keys
    if not isinstance(keys, list):
        err("keys.yaml must be a list")
        return
    kid = [k.get("id") for k in keys]
    if kid != ids:
        err("keys.yaml ids do not match conversations.jsonl ids in order")
    kmap = {k.get("id"): k for k in keys}
    for k in keys:
        i = k.get("id")
        if list(k) != KEY_FIELDS:
            err(f"{i}: key fields {list(k)} != {KEY_FIELDS}")
        if not k.get("resolved") or not k.get("note"):
            err(f"{i}: empty resolved/note")
        gold = k.get("gold") or []
        if not gold:
            err(f"{i}: no gold")
        for g in gold:
            if g not in clauses:
                err(f"{i}: gold id not in clauses.tsv: {g}")
        if len(set(gold)) != len(gold):
            err(f"{i}: duplicate gold ids")
        for p in k.get("parties") or []:
            if p not in CANON:
                err(f"{i}: non-canonical party {p}")
        if k.get("verdict") not in VERDICTS:
            err(f"{i}: bad verdict {k.get('verdict')!r}")
        ms = k.get("must_state") or []
        if not ms:
            err(f"{i}: empty must_state")
        for s in ms:
            if not any(s in clauses.get(g, "") for g in gold):
                err(f"{i}: must_state not verbatim in any gold clause: {s}")

    # turn types
    if set(ttypes) != set(ids):
        err("turn_types.json ids differ from conversations ids")
    topic_changes = 0
    qmap = {t["id"]: t["question"] for t in turns}
    for i, typ in ttypes.items():
        if typ not in TYPES:
            err(f"{i}: unknown turn type {typ}")
        turn_no = int(i.split("-")[1])
        if (turn_no == 1) != (typ == "first"):
            err(f"{i}: type 'first' must be used exactly on first turns (got {typ})")
        q = qmap.get(i, "")
        if typ == "topic_change":
            topic_changes += 1
            if turn_no != 3:
                err(f"{i}: topic_change should be a third turn")
            for w in NO_CARRY:
                if w in q:
                    err(f"{i}: topic-change turn uses referring word {w!r}")
        elif turn_no > 1:
            if not any(w in q for w in REFER):
                err(f"{i}: follow-up has no referring/elliptical marker")
    if topic_changes != 5:
        err(f"expected 5 topic_change turns, found {topic_changes}")

    # first-turn paraphrase: longest common run with each gold clause <= 12
    for t in turns:
        if t["id"].endswith("-1"):
            for g in kmap.get(t["id"], {}).get("gold", []):
                n = lcs_len(t["question"], clauses.get(g, ""))
                if n > 12:
                    err(f"{t['id']}: first turn shares a {n}-char run with {g}")

    # everyday wording in >= 11 conversations
    everyday = {cid for cid, ts in convs.items() if any(w in t["question"] for t in ts for w in EVERYDAY)}
    if len(everyday) < 11:
        err(f"everyday wording in only {len(everyday)} conversations (<11)")

    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    if "2026-12-07" not in readme:
        err("README.md lacks date 2026-12-07")

    print(f"conversations: {len(convs)}  turns: {len(turns)}  two-turn: "
          f"{sum(1 for v in convs.values() if len(v) == 2)}  three-turn: "
          f"{sum(1 for v in convs.values() if len(v) == 3)}  topic_change: {topic_changes}  "
          f"everyday-wording conversations: {len(everyday)}")


if __name__ == "__main__":
    main()
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors")
    sys.exit(1 if errors else 0)
