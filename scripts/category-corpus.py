#!/usr/bin/env python3
"""category-corpus.py DATA - the training rows of rv-classify's default
model as TSV (id, primary, categories, text) on stdout:
  - DATA/category-labels.tsv (9,875 reviews labelled by reading);
  - the hand-labelled sets in tests/data: category-train, category-dev
    (labeller A) and category-pos (an empty category is none);
  - NONE_POOL (default 800) reviews customers rated positive (shopping and
    food delivery label 1, clothing 5 stars, title and text joined) that
    are in none of the above, as "none": about nine positive reviews in
    ten raise no complaint, and the labelled file has few English ones.
    Chosen by the md5 of the id, so the corpus is reproducible.
Each id once, the first file that has it wins."""
import hashlib, os, sys

data = sys.argv[1]
npool = int(os.environ.get('NONE_POOL', '800'))
seen = set()
out = sys.stdout
out.write('id\tprimary\tcategories\ttext\n')

def labelled(path):
    with open(path, encoding='utf-8') as fh:
        h = fh.readline().rstrip('\n').split('\t')
        ix = {k: i for i, k in enumerate(h)}
        pc = ix['primary'] if 'primary' in ix else ix['category']
        for line in fh:
            f = line.rstrip('\n').split('\t')
            if f[0] in seen:
                continue
            seen.add(f[0])
            out.write('%s\t%s\t%s\t%s\n' % (f[0], f[pc] or 'none', f[ix['categories']] or 'none',
                                            f[ix['text']]))

labelled(os.path.join(data, 'category-labels.tsv'))
for t in ('category-train', 'category-dev', 'category-pos'):
    labelled(os.path.join('tests', 'data', t + '.tsv'))
pool = []
for fn, lab, val, tx in (('zh-shopping-train.tsv', 2, '1', [3]), ('zh-waimai-train.tsv', 1, '1', [2]),
                         ('en-clothing-train.tsv', 3, '5', [8, 9])):
    with open(os.path.join(data, fn), encoding='utf-8') as fh:
        fh.readline()
        for line in fh:
            f = line.rstrip('\n').split('\t')
            if f[lab] == val and f[0] not in seen:
                pool.append((hashlib.md5(f[0].encode()).hexdigest(), f[0],
                             '. '.join(f[i] for i in tx if f[i])))
pool.sort()
for _, i, t in pool[:npool]:
    out.write('%s\tnone\tnone\t%s\n' % (i, t))
