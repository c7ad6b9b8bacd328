# Plain-Python validation of blind_conv5 (conversations.jsonl + keys.yaml against /work/support/clauses.tsv).
import json, yaml, csv, sys, collections, os
D = os.path.dirname(os.path.abspath(__file__))
errs = []
conv = [json.loads(l) for l in open(os.path.join(D, "conversations.jsonl"), encoding="utf-8") if l.strip()]
keys = yaml.safe_load(open(os.path.join(D, "keys.yaml"), encoding="utf-8"))
clauses = {}
with open("/work/support/clauses.tsv", encoding="utf-8") as f:
    for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row and row[0] != "clause_id": clauses[row[0]] = row[3]
cid = [c["id"] for c in conv]; kid = [k["id"] for k in keys]
if cid != kid: errs.append("id lists differ between conversations.jsonl and keys.yaml")
if len(set(cid)) != len(cid): errs.append("duplicate ids")
for c in conv:
    if set(c) != {"id", "question", "conversation"}: errs.append(f"{c['id']}: bad fields")
    if not c["id"].startswith(c["conversation"] + "-"): errs.append(f"{c['id']}: conversation mismatch")
by = collections.OrderedDict()
for c in conv: by.setdefault(c["conversation"], []).append(c)
for k, turns in by.items():
    if [t["id"] for t in turns] != [f"{k}-{i}" for i in range(1, len(turns) + 1)]: errs.append(f"{k}: turn order")
lens = collections.Counter(len(t) for t in by.values())
if len(by) != 24 or lens[2] != 16 or lens[3] != 8: errs.append(f"conversation counts {len(by)} {dict(lens)}")
PARTIES = {"注册人/备案人","受托生产企业","注册人所在地省级药监部门","受托生产企业所在地省级药监部门","省级药监部门",
  "国家药监局","市县级市场监管部门","药品监管部门","不良事件监测机构","检验机构","经营企业","使用单位","中选企业","生产企业"}
def lcs(a, b):
    best = 0; prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i-1] == b[j-1]: cur[j] = prev[j-1] + 1; best = max(best, cur[j])
        prev = cur
    return best
q = {c["id"]: c["question"] for c in conv}
maxlcs = 0
for k in keys:
    for f in ("id","resolved","gold","parties","verdict","must_state","note"):
        if f not in k: errs.append(f"{k['id']}: missing {f}")
    if k["verdict"] not in ("yes","no","depends",None): errs.append(f"{k['id']}: verdict {k['verdict']}")
    if not k["gold"]: errs.append(f"{k['id']}: empty gold")
    for g in k["gold"]:
        if g not in clauses: errs.append(f"{k['id']}: unknown gold {g}")
    for p in k["parties"]:
        if p not in PARTIES: errs.append(f"{k['id']}: non-canonical party {p}")
    texts = [clauses.get(g, "") for g in k["gold"]]
    for m in k["must_state"]:
        if not any(m in t for t in texts): errs.append(f"{k['id']}: must_state not verbatim in gold: {m}")
    if k["id"].endswith("-1"):
        n = max(lcs(q[k["id"]], t) for t in texts); maxlcs = max(maxlcs, n)
        if n > 12: errs.append(f"{k['id']}: first turn shares {n} chars with gold")
tt = collections.Counter(k.get("turn_type") for k in keys)
last_topic = sum(1 for t in by.values() if next(x for x in keys if x["id"] == t[-1]["id"]).get("turn_type") == "topic_change")
if last_topic < 5: errs.append(f"only {last_topic} conversations end with a topic change")
print("turns", len(conv), "conversations", len(by), dict(lens), "turn types", dict(tt),
      "ending with topic change", last_topic, "max first-turn LCS", maxlcs)
print("errors:", len(errs)); [print(" ", e) for e in errs]
sys.exit(1 if errs else 0)
