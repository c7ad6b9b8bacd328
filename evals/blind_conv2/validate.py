"""Plain-Python validation of blind_conv2 (conversations.jsonl + keys.yaml).
Run: python3 validate.py   (prints errors, then a summary; exit 1 on any error)"""
import csv, json, re, sys, collections, os
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = '/work/support/clauses.tsv'
PARTIES = {'注册人/备案人', '受托生产企业', '注册人所在地省级药监部门', '受托生产企业所在地省级药监部门',
           '省级药监部门', '国家药监局', '市县级市场监管部门', '药品监管部门', '不良事件监测机构',
           '检验机构', '经营企业', '使用单位', '中选企业', '生产企业'}
FIELDS = {'id', 'resolved', 'gold', 'parties', 'verdict', 'must_state', 'note'}
errors = []
def err(m): errors.append(m)

def lcs_run(a, b):
    """longest common substring length"""
    best = 0; prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i-1] == b[j-1]:
                cur[j] = prev[j-1] + 1
                if cur[j] > best: best = cur[j]
        prev = cur
    return best

csv.field_size_limit(10**9)
clauses = {r['clause_id']: r['text'] for r in csv.DictReader(open(CLAUSES, encoding='utf-8'), delimiter='\t')}

rows = []
for n, line in enumerate(open(os.path.join(HERE, 'conversations.jsonl'), encoding='utf-8'), 1):
    if not line.strip(): continue
    try: rows.append(json.loads(line))
    except Exception as e: err(f'jsonl line {n}: {e}')
keys = yaml.safe_load(open(os.path.join(HERE, 'keys.yaml'), encoding='utf-8'))
if not isinstance(keys, list): err('keys.yaml is not a list'); keys = []

ids_j = [r.get('id') for r in rows]; ids_k = [k.get('id') for k in keys]
if ids_j != ids_k: err(f'id lists differ: {set(ids_j) ^ set(ids_k)} or order differs')
if len(set(ids_j)) != len(ids_j): err('duplicate ids in jsonl')

convs = collections.OrderedDict()
for r in rows:
    if set(r) != {'id', 'question', 'conversation'}: err(f"{r.get('id')}: jsonl fields {sorted(r)}")
    m = re.fullmatch(r'(d\d\d)-(\d)', r['id'] or '')
    if not m or m.group(1) != r['conversation']: err(f"{r['id']}: bad id/conversation"); continue
    convs.setdefault(r['conversation'], []).append(int(m.group(2)))
for c, turns in convs.items():
    if turns != list(range(1, len(turns) + 1)): err(f'{c}: turns out of order {turns}')
lens = collections.Counter(len(t) for t in convs.values())
if len(convs) != 24 or lens[2] != 16 or lens[3] != 8: err(f'conversation counts {len(convs)} {dict(lens)}')

qmap = {r['id']: r['question'] for r in rows}
for k in keys:
    kid = k.get('id')
    if set(k) != FIELDS: err(f'{kid}: key fields {sorted(k)}')
    if not k.get('resolved'): err(f'{kid}: empty resolved')
    gold = k.get('gold') or []
    if not gold: err(f'{kid}: empty gold')
    for g in gold:
        if g not in clauses: err(f'{kid}: gold id not in clauses.tsv: {g}')
    for p in k.get('parties') or []:
        if p not in PARTIES: err(f'{kid}: non-canonical party {p}')
    if k.get('verdict') not in ('yes', 'no', 'depends', None): err(f'{kid}: bad verdict {k.get("verdict")}')
    ms = k.get('must_state') or []
    if not ms: err(f'{kid}: empty must_state')
    for s in ms:
        if not any(s in clauses.get(g, '') for g in gold): err(f'{kid}: must_state not verbatim in a gold clause: {s}')
    if not k.get('note'): err(f'{kid}: empty note')
    if kid and kid.endswith('-1'):
        q = qmap.get(kid, '')
        for g in gold:
            n = lcs_run(q, clauses.get(g, ''))
            if n > 12: err(f'{kid}: first turn shares a {n}-char run with {g}')

print('\n'.join(errors))
print(f'turns={len(rows)} keys={len(keys)} conversations={len(convs)} two-turn={lens[2]} three-turn={lens[3]} errors={len(errors)}')
sys.exit(1 if errors else 0)
