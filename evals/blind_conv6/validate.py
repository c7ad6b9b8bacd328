#!/usr/bin/env python3
"""Plain-Python check of blind_conv6: run from anywhere; prints errors and exits 1 if any."""
import csv, json, os, re, sys, collections
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLAUSES = '/work/support/clauses.tsv'
CANON = {'注册人/备案人', '受托生产企业', '注册人所在地省级药监部门', '受托生产企业所在地省级药监部门',
         '省级药监部门', '国家药监局', '市县级市场监管部门', '药品监管部门', '不良事件监测机构',
         '检验机构', '经营企业', '使用单位', '中选企业', '生产企业'}
MAX_RUN = 12

def longest_common_run(a, b):
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best

def main():
    errors = []
    csv.field_size_limit(10 ** 9)
    clauses = {}
    with open(CLAUSES, encoding='utf-8') as f:
        r = csv.reader(f, delimiter='\t')
        next(r)
        for row in r:
            clauses[row[0]] = (row[2] == 'True', row[3])
    turns = [json.loads(l) for l in open(os.path.join(HERE, 'conversations.jsonl'), encoding='utf-8') if l.strip()]
    keys = yaml.safe_load(open(os.path.join(HERE, 'keys.yaml'), encoding='utf-8'))
    tid = [t['id'] for t in turns]
    kid = [k['id'] for k in keys]
    if tid != kid:
        errors.append('ids differ between conversations.jsonl and keys.yaml')
    if len(set(tid)) != len(tid):
        errors.append('duplicate ids')
    convs = collections.OrderedDict()
    for t in turns:
        m = re.fullmatch(r'(n\d\d)-(\d)', t['id'])
        if not m or m.group(1) != t['conversation']:
            errors.append('bad id/conversation %s' % t['id'])
            continue
        convs.setdefault(t['conversation'], []).append(int(m.group(2)))
        if not t['question'].strip():
            errors.append('empty question %s' % t['id'])
    for c, ns in convs.items():
        if ns != list(range(1, len(ns) + 1)):
            errors.append('turns of %s not in order 1..n: %s' % (c, ns))
    sizes = collections.Counter(len(v) for v in convs.values())
    if len(convs) != 24 or sizes[2] != 16 or sizes[3] != 8:
        errors.append('conversation counts wrong: %d conversations, sizes %s' % (len(convs), dict(sizes)))
    q = {t['id']: t['question'] for t in turns}
    for k in keys:
        i = k['id']
        for field in ('resolved', 'gold', 'parties', 'verdict', 'must_state', 'note'):
            if field not in k:
                errors.append('%s: missing %s' % (i, field))
        if k.get('verdict') not in ('yes', 'no', 'depends', None):
            errors.append('%s: bad verdict %r' % (i, k.get('verdict')))
        for p in k.get('parties') or []:
            if p not in CANON:
                errors.append('%s: non-canonical party %s' % (i, p))
        gold = k.get('gold') or []
        if not gold:
            errors.append('%s: no gold' % i)
        texts = []
        for g in gold:
            if g not in clauses:
                errors.append('%s: gold id not in clauses.tsv: %s' % (i, g))
            else:
                if not clauses[g][0]:
                    errors.append('%s: gold clause is non-normative: %s' % (i, g))
                texts.append(clauses[g][1])
        if not k.get('must_state'):
            errors.append('%s: empty must_state' % i)
        for s in k.get('must_state') or []:
            if not any(s in t for t in texts):
                errors.append('%s: must_state not verbatim in a gold clause: %s' % (i, s))
        if i.endswith('-1') and i in q:
            for g, t in zip(gold, texts):
                run = longest_common_run(q[i], t)
                if run > MAX_RUN:
                    errors.append('%s: first turn shares a %d-character run with %s' % (i, run, g))
    for e in errors:
        print('ERROR', e)
    print('%d turns, %d conversations (%s), %d errors' % (len(turns), len(convs),
          ', '.join('%d of %d turns' % (sizes[n], n) for n in sorted(sizes)), len(errors)))
    return 1 if errors else 0

if __name__ == '__main__':
    sys.exit(main())
