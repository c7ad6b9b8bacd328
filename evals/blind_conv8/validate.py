"""Validate blind_conv8: plain Python (+ PyYAML). Run: python3 validate.py"""
import csv, json, os, sys, collections
import yaml
HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = "/work/support/clauses.tsv"
CANON = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
         "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构",
         "经营企业", "使用单位", "中选企业", "生产企业"}
csv.field_size_limit(10**9)
text = {r["clause_id"]: r["text"].replace("⏎", "\n")
        for r in csv.DictReader(open(CLAUSES, encoding="utf-8"), delimiter="\t")}
errors = []
turns = [json.loads(l) for l in open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") if l.strip()]
keys = yaml.safe_load(open(os.path.join(HERE, "keys.yaml"), encoding="utf-8"))

def lcs(a, b):
    best = 0; prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1; best = max(best, cur[j])
        prev = cur
    return best

# structure
conv = collections.OrderedDict()
for t in turns:
    if set(t) != {"id", "question", "conversation"}: errors.append(f"{t.get('id')}: bad jsonl keys")
    if not t["id"].startswith(t["conversation"] + "-"): errors.append(f"{t['id']}: id/conversation mismatch")
    conv.setdefault(t["conversation"], []).append(t["id"])
for c, ids in conv.items():
    if ids != [f"{c}-{i}" for i in range(1, len(ids) + 1)]: errors.append(f"{c}: turns out of order {ids}")
sizes = collections.Counter(len(v) for v in conv.values())
if len(conv) != 24 or sizes != collections.Counter({2: 16, 3: 8}):
    errors.append(f"conversation sizes {dict(sizes)} (want 16x2 + 8x3)")
# ids match
jid = [t["id"] for t in turns]; kid = [k["id"] for k in keys]
if jid != kid: errors.append("ids differ between conversations.jsonl and keys.yaml")
if len(set(jid)) != len(jid): errors.append("duplicate ids")
q = {t["id"]: t["question"] for t in turns}
worst_first = 0
for k in keys:
    i = k["id"]
    if set(k) != {"id", "resolved", "gold", "parties", "verdict", "must_state", "note"}: errors.append(f"{i}: bad key fields {sorted(k)}")
    if not k["gold"]: errors.append(f"{i}: empty gold")
    for g in k["gold"]:
        if g not in text: errors.append(f"{i}: unknown clause {g}")
    for p in k["parties"]:
        if p not in CANON: errors.append(f"{i}: non-canonical party {p}")
    if k["verdict"] not in ("yes", "no", "depends", None): errors.append(f"{i}: bad verdict {k['verdict']}")
    if not k["must_state"]: errors.append(f"{i}: empty must_state")
    for m in k["must_state"]:
        if not any(m in text.get(g, "") for g in k["gold"]): errors.append(f"{i}: must_state not verbatim in a gold clause: {m}")
    if not k["resolved"] or not k["note"]: errors.append(f"{i}: empty resolved/note")
    if i.endswith("-1"):
        m = max(lcs(q[i], text.get(g, "")) for g in k["gold"])
        worst_first = max(worst_first, m)
        if m > 12: errors.append(f"{i}: first turn shares {m} chars with gold clause (limit 12)")
print(f"turns={len(turns)} conversations={len(conv)} sizes={dict(sizes)} max_first_turn_overlap={worst_first}")
for e in errors: print("ERROR", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
