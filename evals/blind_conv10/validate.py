# plain-Python validator for blind_conv10
import json, csv, sys, yaml
from collections import Counter
csv.field_size_limit(10**9)
CL={r[0]:r[3] for r in csv.reader(open('/work/support/clauses.tsv',encoding='utf-8'),delimiter='\t')}
PARTIES={"注册人/备案人","受托生产企业","注册人所在地省级药监部门","受托生产企业所在地省级药监部门","省级药监部门","国家药监局",
 "市县级市场监管部门","药品监管部门","不良事件监测机构","检验机构","经营企业","使用单位","中选企业","生产企业"}
err=[]
conv=[json.loads(l) for l in open('conversations.jsonl',encoding='utf-8') if l.strip()]
keys=yaml.safe_load(open('keys.yaml',encoding='utf-8'))
ci=[c["id"] for c in conv]; ki=[k["id"] for k in keys]
if ci!=ki: err.append("id lists differ")
if len(set(ci))!=len(ci): err.append("duplicate ids")
def lcs_run(a,b):
    best=0; prev=[0]*(len(b)+1)
    for x in a:
        cur=[0]*(len(b)+1)
        for j,y in enumerate(b,1):
            if x==y:
                cur[j]=prev[j-1]+1; best=max(best,cur[j])
        prev=cur
    return best
byc={}
for c in conv:
    byc.setdefault(c["conversation"],[]).append(c)
    if not c["id"].startswith(c["conversation"]+"-"): err.append("conv mismatch "+c["id"])
for cid,ts in byc.items():
    if [t["id"] for t in ts]!=[f"{cid}-{i}" for i in range(1,len(ts)+1)]: err.append("turn order "+cid)
lens=Counter(len(v) for v in byc.values())
K={k["id"]:k for k in keys}
maxrun=0
for c in conv:
    k=K[c["id"]]
    for g in k["gold"]:
        if g not in CL: err.append(f"{c['id']}: unknown gold {g}")
    if not k["gold"]: err.append(f"{c['id']}: empty gold")
    for m in k["must_state"]:
        if not any(m in CL.get(g,"") for g in k["gold"]): err.append(f"{c['id']}: must_state not verbatim: {m}")
    for p in k["parties"]:
        if p not in PARTIES: err.append(f"{c['id']}: bad party {p}")
    if k["verdict"] not in ("yes","no","depends",None): err.append(f"{c['id']}: bad verdict")
    for f in ("resolved","note"):
        if not k.get(f): err.append(f"{c['id']}: missing {f}")
    if c["id"].endswith("-1"):
        r=max(lcs_run(c["question"],CL[g]) for g in k["gold"])
        maxrun=max(maxrun,r)
        if r>12: err.append(f"{c['id']}: first turn copies {r} chars")
TT=json.load(open("turn_types.json",encoding="utf-8"))
if set(TT)!=set(ci): err.append("turn_types ids differ")
types=Counter(TT.values())
print("conversations:",len(byc),"by length:",dict(lens),"turns:",len(conv))
print("turn types:",dict(types))
print("topic-change endings:",sum(1 for t in TT.values() if t=="topic_change"))
print("max common run first turn vs gold:",maxrun)
print("keys fields:",sorted(set().union(*[k.keys() for k in keys])))
print("errors:",len(err)); [print(" ",e) for e in err]
sys.exit(1 if err else 0)
