"""Plain-Python check of the blind_conv4 set. Run: python validate.py  (exit code 1 on errors)."""
import csv, json, sys, os
from collections import Counter, defaultdict
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = '/work/support/clauses.tsv'
CANON = {'注册人/备案人', '受托生产企业', '注册人所在地省级药监部门', '受托生产企业所在地省级药监部门', '省级药监部门',
         '国家药监局', '市县级市场监管部门', '药品监管部门', '不良事件监测机构', '检验机构', '经营企业', '使用单位',
         '中选企业', '生产企业'}
FIELDS = ['id', 'resolved', 'gold', 'parties', 'verdict', 'must_state', 'note']
errors = []

def lcs_substring(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best

csv.field_size_limit(10 ** 9)
with open(TSV, encoding='utf-8') as f:
    clauses = {r['clause_id']: r['text'] for r in csv.DictReader(f, delimiter='\t')}

rows = []
with open(os.path.join(HERE, 'conversations.jsonl'), encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        try:
            r = json.loads(line)
        except Exception as e:
            errors.append(f'jsonl line {n}: {e}'); continue
        if set(r) != {'id', 'question', 'conversation'}:
            errors.append(f'jsonl line {n}: keys {sorted(r)}')
        rows.append(r)
with open(os.path.join(HERE, 'keys.yaml'), encoding='utf-8') as f:
    keys = yaml.safe_load(f)

ids_j = [r['id'] for r in rows]
ids_k = [k['id'] for k in keys]
if ids_j != ids_k:
    errors.append('ids differ between conversations.jsonl and keys.yaml (or order differs)')
if len(set(ids_j)) != len(ids_j):
    errors.append('duplicate ids in jsonl')

# conversation structure: ids fNN-1..k in order, conversation field matches
turns = defaultdict(list)
for r in rows:
    conv, _, num = r['id'].rpartition('-')
    if conv != r['conversation']:
        errors.append(f"{r['id']}: conversation field {r['conversation']}")
    turns[conv].append(int(num))
for conv, nums in turns.items():
    if nums != list(range(1, len(nums) + 1)):
        errors.append(f'{conv}: turn numbers {nums}')
sizes = Counter(len(v) for v in turns.values())
if len(turns) != 24 or sizes != Counter({2: 16, 3: 8}):
    errors.append(f'conversation sizes {dict(sizes)} over {len(turns)} conversations')

q = {r['id']: r['question'] for r in rows}
for k in keys:
    for fld in FIELDS:
        if fld not in k:
            errors.append(f"{k.get('id')}: missing {fld}")
    if k.get('verdict') not in ('yes', 'no', 'depends', None):
        errors.append(f"{k['id']}: verdict {k.get('verdict')}")
    for p in k.get('parties') or []:
        if p not in CANON:
            errors.append(f"{k['id']}: party {p} not canonical")
    gold = k.get('gold') or []
    if not gold:
        errors.append(f"{k['id']}: empty gold")
    for g in gold:
        if g not in clauses:
            errors.append(f"{k['id']}: gold {g} not in clauses.tsv")
    texts = [clauses[g] for g in gold if g in clauses]
    for m in k.get('must_state') or []:
        if not any(m in t for t in texts):
            errors.append(f"{k['id']}: must_state not verbatim in a gold clause: {m}")
    if not k.get('must_state'):
        errors.append(f"{k['id']}: empty must_state")
    if k['id'].endswith('-1') and k['id'] in q:
        for g in gold:
            if g in clauses:
                n = lcs_substring(q[k['id']], clauses[g].replace('⏎', '\n'))
                if n > 12:
                    errors.append(f"{k['id']}: first turn shares {n} chars with {g}")

tc = sum(1 for k in keys if k.get('turn_type') == 'topic_change')
last_tc = {k['id'].rpartition('-')[0] for k in keys if k.get('turn_type') == 'topic_change'
           and int(k['id'].rpartition('-')[2]) == len(turns[k['id'].rpartition('-')[0]])}
if len(last_tc) < 5:
    errors.append(f'only {len(last_tc)} conversations end with a topic change')

print(f'turns={len(rows)} conversations={len(turns)} sizes={dict(sizes)} topic_change_endings={len(last_tc)}')
print('turn types:', dict(Counter(k.get('turn_type') for k in keys)))
max_lcs = max(lcs_substring(q[k['id']], clauses[g].replace('⏎', '\n')) for k in keys if k['id'].endswith('-1') for g in k['gold'] if g in clauses)
print('max first-turn common run with a gold clause:', max_lcs)
print(f'errors: {len(errors)}')
for e in errors:
    print(' -', e)
sys.exit(1 if errors else 0)
