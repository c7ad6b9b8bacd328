"""Validate blind_conv7: plain Python + PyYAML. Run: python3 validate.py [path/to/clauses.tsv]"""
import csv, json, re, sys, collections
from pathlib import Path
import yaml

HERE = Path(__file__).resolve().parent
TSV = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/support/clauses.tsv")
CANON = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
         "省级药监部门", "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构",
         "检验机构", "经营企业", "使用单位", "中选企业", "生产企业"}
errors = []

def lcs_len(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, ch2 in enumerate(b, 1):
            if ch == ch2:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best

csv.field_size_limit(10**9)
clauses = {}
with open(TSV, encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        clauses[row["clause_id"]] = row["text"].replace("⏎", "\n")

turns = [json.loads(l) for l in (HERE / "conversations.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
keys = yaml.safe_load((HERE / "keys.yaml").read_text(encoding="utf-8"))

conv = collections.OrderedDict()
for t in turns:
    if set(t) != {"id", "question", "conversation"}:
        errors.append(f"{t.get('id')}: bad fields {sorted(t)}")
    m = re.fullmatch(r"(q\d\d)-(\d)", t["id"])
    if not m or m.group(1) != t["conversation"]:
        errors.append(f"{t['id']}: id/conversation mismatch")
        continue
    conv.setdefault(m.group(1), []).append(int(m.group(2)))
for c, ns in conv.items():
    if ns != list(range(1, len(ns) + 1)):
        errors.append(f"{c}: turns out of order {ns}")
lengths = collections.Counter(len(ns) for ns in conv.values())

tids = [t["id"] for t in turns]
kids = [k["id"] for k in keys]
if len(set(tids)) != len(tids):
    errors.append("duplicate ids in conversations.jsonl")
if tids != kids:
    errors.append(f"ids differ between files: only jsonl {sorted(set(tids)-set(kids))}, only keys {sorted(set(kids)-set(tids))}")

qtext = {t["id"]: t["question"] for t in turns}
max_lcs = 0
for k in keys:
    i = k["id"]
    for fld in ("resolved", "gold", "parties", "verdict", "must_state", "note"):
        if fld not in k:
            errors.append(f"{i}: missing {fld}")
    if k["verdict"] not in ("yes", "no", "depends", None):
        errors.append(f"{i}: bad verdict {k['verdict']!r}")
    if not k["gold"]:
        errors.append(f"{i}: empty gold")
    for g in k["gold"]:
        if g not in clauses:
            errors.append(f"{i}: gold id not in clauses.tsv: {g}")
    for p in k["parties"]:
        if p not in CANON:
            errors.append(f"{i}: non-canonical party {p}")
    if not k["must_state"]:
        errors.append(f"{i}: empty must_state")
    for s in k["must_state"]:
        if not any(s in clauses.get(g, "") for g in k["gold"]):
            errors.append(f"{i}: must_state not verbatim in any gold clause: {s}")
    if i.endswith("-1"):
        for g in k["gold"]:
            n = lcs_len(qtext[i], clauses.get(g, ""))
            max_lcs = max(max_lcs, n)
            if n > 12:
                errors.append(f"{i}: first turn shares {n} chars with {g}")

print(f"conversations: {len(conv)}  turns: {len(turns)}  by length: {dict(sorted(lengths.items()))}")
print(f"keys: {len(keys)}  gold refs: {sum(len(k['gold']) for k in keys)}  must_state: {sum(len(k['must_state']) for k in keys)}")
print(f"verdicts: {dict(collections.Counter(str(k['verdict']) for k in keys))}")
print(f"max first-turn common run with a gold clause: {max_lcs}")
if lengths != collections.Counter({2: 16, 3: 8}):
    errors.append(f"expected 16 two-turn and 8 three-turn conversations, got {dict(lengths)}")
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
