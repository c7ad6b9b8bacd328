"""Plain-Python checks for conversations_dev2 (run from anywhere: python3 validate.py)."""
import json, os, sys, collections
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = '/work/support/clauses.tsv'
CANON = {'注册人/备案人', '受托生产企业', '注册人所在地省级药监部门', '受托生产企业所在地省级药监部门', '省级药监部门',
         '国家药监局', '市县级市场监管部门', '药品监管部门', '不良事件监测机构', '检验机构', '经营企业', '使用单位',
         '中选企业', '生产企业'}
errors = []
def err(m): errors.append(m)

def lcs_len(a, b):
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

clauses = {}
with open(CLAUSES, encoding='utf-8') as f:
    next(f)
    for line in f:
        p = line.rstrip('\n').split('\t')
        if len(p) >= 4:
            clauses[p[0]] = p[3].replace('⏎', '\n')

rows = [json.loads(l) for l in open(os.path.join(HERE, 'conversations.jsonl'), encoding='utf-8') if l.strip()]
keys = yaml.safe_load(open(os.path.join(HERE, 'keys.yaml'), encoding='utf-8'))

ids_r = [r['id'] for r in rows]; ids_k = [k['id'] for k in keys]
if ids_r != ids_k: err('ids in jsonl and keys.yaml differ or are out of order')
if len(set(ids_r)) != len(ids_r): err('duplicate ids')
for r in rows:
    if set(r) != {'id', 'question', 'conversation'}: err(f"{r.get('id')}: bad jsonl fields {sorted(r)}")
    if not r['id'].startswith(r['conversation'] + '-'): err(f"{r['id']}: conversation mismatch")
conv = collections.OrderedDict()
for r in rows: conv.setdefault(r['conversation'], []).append(r['id'])
for c, ids in conv.items():
    if ids != [f'{c}-{i}' for i in range(1, len(ids) + 1)]: err(f'{c}: turns not numbered 1..n in order')
lens = collections.Counter(len(v) for v in conv.values())
if len(conv) != 36 or lens[2] != 22 or lens[3] != 14: err(f'conversation counts wrong: {len(conv)} {dict(lens)}')

q = {r['id']: r['question'] for r in rows}
kinds = collections.Counter(); tc_last = 0
for k in keys:
    i = k['id']; c, n = i.rsplit('-', 1); n = int(n)
    for fld in ('id', 'kind', 'resolved', 'gold', 'parties', 'verdict', 'must_state', 'note'):
        if fld not in k: err(f'{i}: missing {fld}')
    kinds[k['kind']] += 1
    if (n == 1) != (k['kind'] == 'first'): err(f'{i}: kind {k["kind"]} at turn {n}')
    if k['kind'] == 'topic_change':
        if n != len(conv[c]): err(f'{i}: topic_change not last turn')
        else: tc_last += 1
    if k['verdict'] not in ('yes', 'no', 'depends', None): err(f'{i}: bad verdict')
    for p in k['parties']:
        if p not in CANON: err(f'{i}: non-canonical party {p}')
    if not k['gold']: err(f'{i}: empty gold')
    for g in k['gold']:
        if g not in clauses: err(f'{i}: gold id not in clauses.tsv: {g}')
    if not k['must_state']: err(f'{i}: empty must_state')
    for s in k['must_state']:
        if not any(s in clauses.get(g, '') for g in k['gold']): err(f'{i}: must_state not verbatim in a gold clause: {s}')
    if n == 1:
        m = max(lcs_len(q[i], clauses.get(g, '')) for g in k['gold'])
        if m > 12: err(f'{i}: first turn shares a run of {m} chars with a gold clause')
if tc_last < 8: err(f'only {tc_last} topic_change last turns')

print('conversations', len(conv), 'two-turn', lens[2], 'three-turn', lens[3], 'turns', len(rows))
print('kinds', dict(kinds))
for e in errors: print('ERROR', e)
print(len(errors), 'errors')
sys.exit(1 if errors else 0)
