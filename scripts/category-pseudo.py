#!/usr/bin/env python3
"""category-pseudo.py [options] DATA MODEL EXCLUDE.tsv... - pseudo-labelled
training rows for rv-classify's model (self-training), as TSV (id, primary,
categories, text, weight) on stdout.

The pool is the Chinese reviews customers rated negative (DATA/
zh-shopping-train.tsv and zh-waimai-train.tsv, label 0) and --pos N
(default 4000) of those rated positive (label 1; the first N by the md5
of the id), that no EXCLUDE file holds, by id or by text (whitespace
removed): in cross-validation the whole labelled file, test folds
included, so no scored text is ever trained on. Each text once (the first
id). MODEL (a file, or "-" for the embedded default) labels them with the
rules (bin/rv-classify --model). Kept:
  - a positive review the model gives no category, as none (praise);
  - a review it gives a category at category_score >= --min-score
    (default 0.5), as that category (a negative review it reads as no
    complaint is left out: 98% of the labelled negatives are complaints);
    with --agree 1 (default 0) only when a rule cue names the primary.
At most --cap rows of a category (default 0: no cap), the most confident
first. Kept rows carry --weight (default 0.5) for rv-train --weight.
--ids: print the pool's ids only (no MODEL is run; give "-"), for a
benchmark that must not score rows the model was trained on.
Deterministic: same data and model, same rows, in pool order."""
import hashlib, os, subprocess, sys, tempfile

BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bin')


def norm(t):
    return ''.join(t.split())


def pool(data, exclude, pos=0, skip=()):
    ids, texts = set(skip), set()
    for x in exclude:
        with open(x, encoding='utf-8') as fh:
            h = fh.readline().rstrip('\n').split('\t')
            ix = {k: i for i, k in enumerate(h)}
            for line in fh:
                f = line.rstrip('\n').split('\t')
                ids.add(f[ix['id']])
                texts.add(norm(f[ix['text']]))
    out, good = [], []
    for fn, lab, tx in (('zh-shopping-train.tsv', 2, 3), ('zh-waimai-train.tsv', 1, 2)):
        with open(os.path.join(data, fn), encoding='utf-8') as fh:
            fh.readline()
            for line in fh:
                f = line.rstrip('\n').split('\t')
                if f[lab] not in '01' or f[0] in ids:
                    continue
                t = f[tx].strip()
                k = norm(t)
                if not k or k in texts:
                    continue
                texts.add(k)
                if f[lab] == '0':
                    out.append((f[0], t, 0))
                else:
                    good.append((hashlib.md5(f[0].encode()).hexdigest(), f[0], t))
    good.sort()
    return out + [(i, t, 1) for _, i, t in good[:pos]]


DEFAULTS = dict(min_score=0.5, agree=False, cap=0, weight=0.5, pos=4000)


def label(rows, model, min_score=0.5, agree=False, cap=0, weight=0.5):
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', suffix='.tsv', delete=False) as fh:
        fh.write('id\ttext\n')
        for i, t, _ in rows:
            fh.write('%s\t%s\n' % (i, t))
        path = fh.name
    try:
        cmd = [os.path.join(BIN, 'rv-classify')] + (['--model', model] if model != '-' else [])
        out = subprocess.run(cmd + [path], capture_output=True, check=True).stdout.decode('utf-8')
    finally:
        os.unlink(path)
    lines = out.split('\n')
    h = lines[0].split('\t')
    ci, cs, sc, cu = (h.index(x) for x in ('category', 'categories', 'category_score', 'category_cues'))
    keep = []
    for (i, t, good), line in zip(rows, lines[1:]):
        f = line.split('\t')
        c = f[ci]
        if not c and good:	# praise the model reads as no complaint
            keep.append((1.0, i, 'none', 'none', t))
            continue
        if not c or float(f[sc] or 0) < min_score:
            continue
        if agree and not any(x.split(':', 1)[0] == c for x in f[cu].split(',') if x):
            continue
        keep.append((float(f[sc]), i, c, f[cs], t))
    if cap:
        by = {}
        for k in sorted(keep, key=lambda k: (-k[0], k[1])):
            by.setdefault(k[2], []).append(k)
        chosen = set(k[1] for v in by.values() for k in v[:cap])
        keep = [k for k in keep if k[1] in chosen]
    return [(i, c, cs, t, weight) for _, i, c, cs, t in keep]


def main():
    args = sys.argv[1:]
    def opt(name, default):
        if name in args:
            j = args.index(name); v = args[j + 1]; del args[j:j + 2]; return v
        return default
    ids_only = '--ids' in args
    if ids_only:
        args.remove('--ids')
    d = DEFAULTS
    min_score = float(opt('--min-score', d['min_score']))
    agree = opt('--agree', '1' if d['agree'] else '0') == '1'
    cap = int(opt('--cap', d['cap']))
    weight = float(opt('--weight', d['weight']))
    pos = int(opt('--pos', d['pos']))
    if len(args) < 2:
        sys.exit(__doc__)
    rows = pool(args[0], args[2:], pos)
    out = sys.stdout
    if ids_only:
        for i, _, _ in rows:
            out.write(i + '\n')
        return
    out.write('id\tprimary\tcategories\ttext\tweight\n')
    kept = label(rows, args[1], min_score, agree, cap, weight)
    for r in kept:
        out.write('%s\t%s\t%s\t%s\t%g\n' % r)
    print('category-pseudo.py: %d of %d unlabelled reviews kept' % (len(kept), len(rows)),
          file=sys.stderr)


if __name__ == '__main__':
    main()
