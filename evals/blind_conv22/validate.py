#!/usr/bin/env python3
"""Validate blind_conv22. Plain Python + PyYAML.

Reads /work/support/clauses.tsv (clause_id, doc_id, citation label, clause text; header row),
or the table given with --clauses PATH. Exit status 1 when there is any error.
"""
import csv, json, os, sys
import yaml

H = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TSV = '/work/support/clauses.tsv'
csv.field_size_limit(10**9)

PARTIES = {'注册人/备案人', '受托生产企业', '注册人所在地省级药监部门', '受托生产企业所在地省级药监部门', '省级药监部门',
           '国家药监局', '市县级市场监管部门', '药品监管部门', '不良事件监测机构', '检验机构', '经营企业', '使用单位',
           '中选企业', '生产企业'}
VERDICTS = {'yes', 'no', 'depends', None}
TYPES = {'first', 'party_swap', 'activity_swap', 'follow_scenario', 'yes_no', 'time_limit', 'basis', 'exception',
         'follow_detail', 'pronoun', 'topic_change'}
EVERYDAY = ['代工厂', '甲方', '乙方', '品牌方', '药监局', '老板', '厂家', 'QA', '质量部', '受托厂', '公司', '医院', '经销商', '飞检']
COVER = {  # coverage area -> doc ids that count for it
    'release': ['nmpa-2024-38-entrusted-production-notice:s1/i8'],
    'self-inspection report': ['samr-order-53-production-supervision:art45', 'nmpa-2022-13-annual-self-inspection-report-guide'],
    'adverse events': ['samr-order-1-adverse-event-monitoring'],
    'recall': ['nmpa-order-29-recall'],
    'two provincial bureaus': ['samr-order-53-production-supervision:art56', 'nmpa-2022-cross-region-opinion'],
    'entrustment catalogue': ['nmpa-2022-17-prohibited-entrustment-catalog'],
    'implant on-site staff': ['nmpa-2024-38-entrusted-production-notice:s1/i3'],
    'quality agreement': ['nmpa-2024-38-entrusted-production-notice:s1/i4', 'nmpa-2022-20-quality-agreement-guide'],
    'change of plant/conditions': ['nmpa-2024-38-entrusted-production-notice:s3/i16', 'samr-order-53-production-supervision:art44'],
    'labelling': ['nmpa-order-6-ifu-labeling'],
    'supplier audit': ['nmpa-2015-1-supplier-audit-guide'],
    'distribution': ['samr-order-54-distribution-supervision'],
    'flight inspection': ['nmpa-order-14-flight-inspection'],
    'Hubei': ['hubei-entrusted-production-qms-guide'],
    'Shanxi': ['shanxi-2021-61-vbp-quality-notice'],
    'Chongqing Banan': ['chongqing-banan-2021-work-plan'],
}

def load_clauses(path):
    rows = {}
    with open(path, encoding='utf-8', newline='') as f:
        r = csv.reader(f, delimiter='\t'); next(r)
        for row in r:
            rows[row[0]] = (row[1], row[2], row[3])
    return rows

def lcs_run(a, b):
    best = 0; prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best: best = cur[j]
        prev = cur
    return best

def main(argv):
    errors, warns = [], []
    tsv = DEFAULT_TSV
    if '--clauses' in argv: tsv = argv[argv.index('--clauses') + 1]
    if not os.path.exists(tsv):
        print(f'ERROR: clause table {tsv} not found'); print('1 errors'); return 1
    C = load_clauses(tsv); src = tsv
    conv = [json.loads(l) for l in open(os.path.join(H, 'conversations.jsonl'), encoding='utf-8') if l.strip()]
    keys = yaml.safe_load(open(os.path.join(H, 'keys.yaml'), encoding='utf-8'))
    types = json.load(open(os.path.join(H, 'turn_types.json'), encoding='utf-8'))

    # structure
    byc = {}
    for r in conv:
        if set(r) != {'id', 'question', 'conversation'}: errors.append(f'{r.get("id")}: bad fields {sorted(r)}')
        byc.setdefault(r['conversation'], []).append(r)
        if not r['question'].strip(): errors.append(f'{r["id"]}: empty question')
    want = {f'ct{i:02d}': (2 if i <= 16 else 3) for i in range(1, 25)}
    if set(byc) != set(want): errors.append(f'conversation ids {sorted(byc)}')
    for c, n in want.items():
        turns = byc.get(c, [])
        if [t['id'] for t in turns] != [f'{c}-{k}' for k in range(1, n + 1)]:
            errors.append(f'{c}: turns {[t["id"] for t in turns]} expected {n} in order')
    order = [r['id'] for r in conv]
    if len(order) != len(set(order)): errors.append('duplicate turn ids')
    kid = [k['id'] for k in keys]
    if kid != order: errors.append('keys.yaml ids differ from conversations.jsonl ids/order')
    if list(types) != order: errors.append('turn_types.json ids differ from conversations.jsonl ids/order')
    Q = {r['id']: r['question'] for r in conv}
    K = {k['id']: k for k in keys}

    # keys
    for k in keys:
        i = k['id']
        for f in ('id', 'resolved', 'gold', 'parties', 'verdict', 'must_state', 'note'):
            if f not in k: errors.append(f'{i}: missing {f}')
        if not k.get('resolved') or not k.get('note'): errors.append(f'{i}: empty resolved/note')
        if not k.get('gold'): errors.append(f'{i}: no gold')
        if len(set(k['gold'])) != len(k['gold']): errors.append(f'{i}: duplicate gold')
        for gid in k['gold']:
            if gid not in C: errors.append(f'{i}: gold {gid} not in clause table')
        for p in k['parties']:
            if p not in PARTIES: errors.append(f'{i}: party {p} not canonical')
        if k['verdict'] not in VERDICTS: errors.append(f'{i}: verdict {k["verdict"]!r}')
        if not k['must_state']: errors.append(f'{i}: no must_state')
        for m in k['must_state']:
            if not any(gid in C and m in C[gid][2] for gid in k['gold']):
                errors.append(f'{i}: must_state not verbatim in gold: {m}')
        t = types.get(i)
        if t not in TYPES: errors.append(f'{i}: type {t!r}')

    # turn roles
    topic = []
    for c, turns in byc.items():
        for n, t in enumerate(turns):
            ty = types.get(t['id'])
            if n == 0 and ty != 'first': errors.append(f'{t["id"]}: first turn must be type first')
            if n > 0 and ty == 'first': errors.append(f'{t["id"]}: follow-up typed first')
            if ty == 'topic_change':
                topic.append(t['id'])
                if n != 2: errors.append(f'{t["id"]}: topic_change only on third turns')
                prev = set(g for u in turns[:n] for g in K[u['id']]['gold'])
                if prev & set(K[t['id']]['gold']): errors.append(f'{t["id"]}: topic change shares gold with earlier turns')
            if n > 0 and ty != 'topic_change' and len(t['question']) >= len(turns[0]['question']):
                warns.append(f'{t["id"]}: follow-up not shorter than first turn')
    if len(topic) != 5: errors.append(f'{len(topic)} topic_change turns, want 5')

    # first turns paraphrased
    for c, turns in byc.items():
        for t in turns:
            if types.get(t['id']) not in ('first', 'topic_change'): continue
            for gid in K[t['id']]['gold']:
                if gid in C:
                    n = lcs_run(t['question'], C[gid][2])
                    if n > 12: errors.append(f'{t["id"]}: longest common run {n} > 12 with {gid}')

    # everyday wording
    ev = [c for c, turns in byc.items() if any(w in t['question'] for t in turns for w in EVERYDAY)]
    if len(ev) < 11: errors.append(f'everyday wording in {len(ev)} conversations, want >= 11')

    # coverage
    allg = [g for k in keys for g in k['gold']]
    for area, pats in COVER.items():
        if not any(g.startswith(p) for g in allg for p in pats): errors.append(f'coverage: {area} missing')

    for w in warns: print('WARNING:', w)
    for e in errors: print('ERROR:', e)
    print(f'clause table: {src} ({len(C)} clauses)')
    print(f'{len(byc)} conversations, {len(conv)} turns, {len(topic)} topic changes, '
          f'everyday wording in {len(ev)} conversations, {len(set(allg))} distinct gold clauses '
          f'from {len(set(g.split(":")[0] for g in allg))} documents')
    print(f'{len(errors)} errors')
    return 1 if errors else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
