# plain-Python validation of blind_conv9 (needs PyYAML only)
import json, csv, collections, yaml, sys
csv.field_size_limit(10**9)
CL={r['clause_id']:r['text'] for r in csv.DictReader(open('/work/support/clauses.tsv',encoding='utf-8'),delimiter='\t')}
conv=[json.loads(l) for l in open('conversations.jsonl',encoding='utf-8') if l.strip()]
keys=yaml.safe_load(open('keys.yaml',encoding='utf-8'))
err=[]
def lcs(a,b):
    best=0; prev=[0]*(len(b)+1)
    for i in range(1,len(a)+1):
        cur=[0]*(len(b)+1)
        for j in range(1,len(b)+1):
            if a[i-1]==b[j-1]:
                cur[j]=prev[j-1]+1; best=max(best,cur[j])
        prev=cur
    return best
ci=[c['id'] for c in conv]; ki=[k['id'] for k in keys]
if ci!=ki: err.append('ids differ between files')
if len(set(ci))!=len(ci): err.append('duplicate ids')
by=collections.OrderedDict()
for c in conv:
    v,n=c['id'].split('-')
    if c['conversation']!=v: err.append(c['id']+': conversation field')
    by.setdefault(v,[]).append(int(n))
for v,ns in by.items():
    if ns!=list(range(1,len(ns)+1)): err.append(v+': turns not 1..n in order')
lens=collections.Counter(len(ns) for ns in by.values())
if len(by)!=24 or lens[2]!=16 or lens[3]!=8: err.append('counts %s %s'%(len(by),dict(lens)))
PARTIES={'注册人/备案人','受托生产企业','注册人所在地省级药监部门','受托生产企业所在地省级药监部门','省级药监部门','国家药监局','市县级市场监管部门','药品监管部门','不良事件监测机构','检验机构','经营企业','使用单位','中选企业','生产企业'}
maxl={}
for c,k in zip(conv,keys):
    for f in ('resolved','gold','parties','verdict','must_state','note'):
        if f not in k: err.append(k['id']+': missing '+f)
    if k['verdict'] not in ('yes','no','depends',None): err.append(k['id']+': verdict')
    for p in k['parties']:
        if p not in PARTIES: err.append(k['id']+': party '+p)
    for g in k['gold']:
        if g not in CL: err.append(k['id']+': unknown clause '+g)
    texts=[CL.get(g,'') for g in k['gold']]
    for m in k['must_state']:
        if not any(m in t for t in texts): err.append(k['id']+': must_state not verbatim in gold: '+m)
    if c['id'].endswith('-1'):
        l=max(lcs(c['question'],t) for t in texts); maxl[c['id']]=l
        if l>12: err.append(c['id']+': first turn copies %d chars'%l)
print('conversations',len(by),'turn-length counts',dict(lens),'turns',len(conv))
print('max common run, first turns:',max(maxl.values()))
print('errors',len(err)); [print(' ',e) for e in err]
sys.exit(1 if err else 0)
