"""Validate the blind_conv3 set. Plain Python + PyYAML. Usage: python validate.py [path/to/clauses.tsv]"""
import csv, json, re, sys
from collections import Counter, defaultdict
from pathlib import Path
import yaml

HERE = Path(__file__).resolve().parent
TSV = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/support/clauses.tsv")
PARTIES = {"注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门", "省级药监部门",
           "国家药监局", "市县级市场监管部门", "药品监管部门", "不良事件监测机构", "检验机构", "经营企业", "使用单位",
           "中选企业", "生产企业"}
TOPIC_CHANGE = {"e17-3", "e19-3", "e21-3", "e22-3", "e23-3"}   # final turns that must NOT inherit context
FIRST_TURN_LCS_MAX = 12
errors = []
def err(m): errors.append(m)

def lcs(a, b):
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best

csv.field_size_limit(10**8)
clauses = {}
with open(TSV, encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        clauses[row["clause_id"]] = row["text"].replace("⏎", "\n")

turns = [json.loads(l) for l in open(HERE / "conversations.jsonl", encoding="utf-8") if l.strip()]
keys = yaml.safe_load(open(HERE / "keys.yaml", encoding="utf-8"))

# jsonl shape and ids
convs = defaultdict(list)
for t in turns:
    if set(t) != {"id", "question", "conversation"}: err(f"{t.get('id')}: bad jsonl keys {sorted(t)}")
    m = re.fullmatch(r"(e\d\d)-(\d)", t["id"])
    if not m or m.group(1) != t["conversation"]: err(f"{t['id']}: id/conversation mismatch")
    convs[t["conversation"]].append(int(m.group(2)))
for c, ns in convs.items():
    if ns != list(range(1, len(ns) + 1)): err(f"{c}: turns not in order 1..n: {ns}")
sizes = Counter(len(ns) for ns in convs.values())
if len(convs) != 24 or sizes[2] != 16 or sizes[3] != 8: err(f"conversation sizes {dict(sizes)} (want 16x2 + 8x3)")

# ids match between files
jids = [t["id"] for t in turns]; kids = [k["id"] for k in keys]
if jids != kids: err(f"id lists differ: only jsonl {set(jids)-set(kids)}, only keys {set(kids)-set(jids)}, or order")
if len(set(kids)) != len(kids): err("duplicate ids in keys.yaml")

q = {t["id"]: t["question"] for t in turns}
gold_of = {}
max_first = 0
for k in keys:
    i = k["id"]
    if set(k) != {"id", "resolved", "gold", "parties", "verdict", "must_state", "note"}: err(f"{i}: bad key fields {sorted(k)}")
    if not k["gold"]: err(f"{i}: empty gold")
    for g in k["gold"]:
        if g not in clauses: err(f"{i}: gold {g} not in clauses.tsv")
    for p in k["parties"]:
        if p not in PARTIES: err(f"{i}: non-canonical party {p}")
    if k["verdict"] not in ("yes", "no", "depends", None): err(f"{i}: bad verdict {k['verdict']}")
    if not k["must_state"]: err(f"{i}: empty must_state")
    for s in k["must_state"]:
        if not any(s in clauses.get(g, "") for g in k["gold"]): err(f"{i}: must_state not verbatim in a gold clause: {s}")
    if not k["resolved"] or not k["note"]: err(f"{i}: empty resolved/note")
    gold_of[i] = set(k["gold"])
    if i.endswith("-1"):
        for g in k["gold"]:
            n = lcs(q[i], clauses.get(g, ""))
            max_first = max(max_first, n)
            if n > FIRST_TURN_LCS_MAX: err(f"{i}: first turn shares {n} chars with {g}")

# topic changes: at least 5, final turns, gold disjoint from the earlier turns of the conversation
if len(TOPIC_CHANGE) < 5: err("fewer than 5 topic-change endings")
for i in TOPIC_CHANGE:
    c, n = i.split("-")
    if int(n) != len(convs[c]): err(f"{i}: topic change is not the final turn")
    earlier = set().union(*(gold_of[f"{c}-{m}"] for m in range(1, int(n))))
    if gold_of[i] & earlier: err(f"{i}: topic-change gold overlaps earlier turns")

print(f"turns={len(turns)} conversations={len(convs)} sizes={dict(sorted(sizes.items()))} "
      f"topic_changes={len(TOPIC_CHANGE)} clauses={len(clauses)} max_first_turn_lcs={max_first}")
for e in errors: print("ERROR", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
