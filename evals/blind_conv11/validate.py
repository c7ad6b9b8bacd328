# plain-Python validation for blind_conv11
import json, csv, os, yaml, collections
D=os.path.dirname(os.path.abspath(__file__))
csv.field_size_limit(10**9)
cl={r['clause_id']:r['text'] for r in csv.DictReader(open('/work/support/clauses.tsv'),delimiter='\t')}
CANON={'注册人/备案人','受托生产企业','注册人所在地省级药监部门','受托生产企业所在地省级药监部门','省级药监部门','国家药监局',
 '市县级市场监管部门','药品监管部门','不良事件监测机构','检验机构','经营企业','使用单位','中选企业','生产企业'}
err=[]
rows=[json.loads(l) for l in open(os.path.join(D,'conversations.jsonl'),encoding='utf-8') if l.strip()]
keys=yaml.safe_load(open(os.path.join(D,'keys.yaml'),encoding='utf-8'))
ri=[r['id'] for r in rows]; ki=[k['id'] for k in keys]
if ri!=ki: err.append('ids differ between jsonl and yaml')
if len(set(ri))!=len(ri): err.append('duplicate ids')
conv=collections.OrderedDict()
for r in rows:
    if not r['id'].startswith(r['conversation']+'-'): err.append('conv mismatch '+r['id'])
    conv.setdefault(r['conversation'],[]).append(r['id'])
for c,ids in conv.items():
    if ids!=[f'{c}-{i+1}' for i in range(len(ids))]: err.append('turn order '+c)
lens=collections.Counter(len(v) for v in conv.values())
if len(conv)!=24 or lens[2]!=16 or lens[3]!=8: err.append(f'conversation counts {len(conv)} {dict(lens)}')
def lcs(a,b):
    best=0; prev=[0]*(len(b)+1)
    for x in a:
        cur=[0]*(len(b)+1)
        for j,y in enumerate(b):
            if x==y: cur[j+1]=prev[j]+1; best=max(best,cur[j+1])
        prev=cur
    return best
qs={r['id']:r['question'] for r in rows}
maxrun=0
for k in keys:
    for f in ('id','resolved','gold','parties','verdict','must_state','note'):
        if f not in k: err.append(f'{k["id"]} missing {f}')
    if k['verdict'] not in ('yes','no','depends',None): err.append(k['id']+' bad verdict')
    for p in k['parties']:
        if p not in CANON: err.append(k['id']+' non-canonical party '+p)
    if not k['gold']: err.append(k['id']+' empty gold')
    for g in k['gold']:
        if g not in cl: err.append(k['id']+' unknown clause '+g)
    for m in k['must_state']:
        if not any(g in cl and m in cl[g].replace('⏎','\n') or (g in cl and m in cl[g]) for g in k['gold']):
            err.append(k['id']+' must_state not verbatim: '+m)
    if k['id'].endswith('-1'):
        run=max(lcs(qs[k['id']],cl[g]) for g in k['gold'] if g in cl)
        maxrun=max(maxrun,run)
        if run>12: err.append(f"{k['id']} first turn copies {run} chars")
tt=collections.Counter(k.get('turn_type') for k in keys)
print('conversations',len(conv),dict(lens),'turns',len(rows),'turn_types',dict(tt),'max first-turn common run',maxrun)
print('errors',len(err)); [print(' ',e) for e in err]
