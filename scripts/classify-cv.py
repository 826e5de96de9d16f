#!/usr/bin/env python3
"""classify-cv.py - 5-fold cross-validation of rv-classify on the
category-labelled reviews, side by side with peers on the same folds.

Folds by id (md5 of the id mod 5). Each system is trained on four folds
(both languages together) and predicts the fifth; figures are per
language on the pooled out-of-fold predictions, with the spread of the
per-fold primary accuracy.
  primary_acc  primary category right, on complaint rows (gold not none)
  macro_f1     macro-F1 of the primary over the classes (none included)
               that occur in the gold or the predictions
  jaccard      mean set Jaccard of the category sets (none = empty set)
  none_flagged share of no-complaint rows given a category
Usage: classify-cv.py [--systems a,b,...] [--limit N] [--folds K]
                      [--per-class SYSTEM] LABELS.tsv
  --per-class SYSTEM  per class of SYSTEM: F1, precision, recall, gold rows
Systems: rules, rv (the default, stacked), rv-multi, liblinear-lr,
liblinear-svm, fasttext (the peers need liblinear-tools / fasttext)."""
import hashlib, os, random, shutil, statistics, subprocess, sys, tempfile
from collections import Counter, defaultdict

BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bin')
args = sys.argv[1:]
def opt(name, default):
    if name in args:
        i = args.index(name); v = args[i + 1]; del args[i:i + 2]; return v
    return default
systems = opt('--systems', 'rules,rv,liblinear-lr,liblinear-svm').split(',')
limit = int(opt('--limit', '0'))
K = int(opt('--folds', '5'))
per_class = opt('--per-class', '')
dump = opt('--dump', '')	# write id, lang, gold, predicted, text of every row
extra = opt('--rv-train-opts', '')
# --extra FILE,...: more labelled rows (id, category, categories, text
# columns; an empty category is none) added to every training fold, never
# scored (tests/data/category-*.tsv).
extras = [x for x in opt('--extra', '').split(',') if x]
npool = int(opt('--none-pool', '0'))
# --relabel FILE: rows of LABELS given another primary and categories (id,
# old_primary, old_categories, primary, categories; tests/data/
# category-relabel.tsv), in training and in scoring alike.
relabel_path = opt('--relabel', '')
# --pseudo "OPTS": self-training (rv, rv-multi): in each fold the model
# trained on the fold's training part labels the unlabelled Chinese
# negative reviews (and some positive ones) beside LABELS (scripts/
# category-pseudo.py, with OPTS: --min-score X --agree 0|1 --cap N
# --weight W --pos N, its defaults those of `make model` when ""; not one of
# them in LABELS, an --extra file or the --none-pool, by id or text), and
# the model is trained again with the rows it kept, weighted (rv-train
# --weight). As `make model` does.
pseudo_opts = opt('--pseudo', None)
# --pseudo-rounds N: label, retrain, N times (default 1), each round's
# model labelling the next round's rows.
pseudo_rounds = int(opt('--pseudo-rounds', '1'))
path = args[0]

rows = []
with open(path, encoding='utf-8') as fh:
    hdr = fh.readline().rstrip('\n').split('\t')
    ix = {h: i for i, h in enumerate(hdr)}
    for line in fh:
        f = line.rstrip('\n').split('\t')
        cats = [c for c in f[ix['categories']].split(',') if c and c != 'none']
        rows.append(dict(id=f[ix['id']], lang=f[ix['lang']], primary=f[ix['primary']],
                         cats=cats, text=f[ix['text']]))
if relabel_path:
    with open(relabel_path, encoding='utf-8') as fh:
        rl = {f[0]: f for f in (l.rstrip('\n').split('\t') for l in fh if l[0] != '#') if f[0] != 'id'}
    for r in rows:
        if r['id'] in rl:
            r['primary'] = rl[r['id']][3]
            r['cats'] = [c for c in rl[r['id']][4].split(',') if c and c != 'none']
ids = set(r['id'] for r in rows)
extra_rows = []
for x in extras:
    with open(x, encoding='utf-8') as fh:
        h = fh.readline().rstrip('\n').split('\t'); jx = {k: i for i, k in enumerate(h)}
        for line in fh:
            f = line.rstrip('\n').split('\t')
            if f[jx['id']] in ids:
                continue
            t = f[jx['text']]
            cats = [c for c in f[jx['categories']].split(',') if c and c != 'none']
            extra_rows.append(dict(id=f[jx['id']], primary=f[jx['category']] or 'none', cats=cats, text=t,
                                   lang='zh' if any('\u4e00' <= ch <= '\u9fff' for ch in t) else 'en'))
# --none-pool N: N reviews rated positive (shopping and food delivery label
# 1, clothing 5 stars) that are neither in the labelled file nor in an
# --extra file (as in scripts/category-corpus.py: each id once, its label
# wins), as "none" rows in every training fold (about nine in ten positive
# reviews raise no complaint).
if npool:
    d = os.path.dirname(path); pool = []
    seen = ids | set(r['id'] for r in extra_rows)
    for fn, lab, val, tx in (('zh-shopping-train.tsv', 2, '1', [3]), ('zh-waimai-train.tsv', 1, '1', [2]),
                             ('en-clothing-train.tsv', 3, '5', [8, 9])):
        with open(os.path.join(d, fn), encoding='utf-8') as fh:
            fh.readline()
            for line in fh:
                f = line.rstrip('\n').split('\t')
                if f[lab] == val and f[0] not in seen:
                    t = '. '.join(f[i] for i in tx if f[i])
                    pool.append(dict(id=f[0], primary='none', cats=[], text=t, lang='en' if fn[0] == 'e' else 'zh'))
    pool.sort(key=lambda r: hashlib.md5(r['id'].encode()).hexdigest())
    extra_rows += pool[:npool]
pseudo_pool = []
if pseudo_opts is not None:
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'category_pseudo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'category-pseudo.py'))
    cp = importlib.util.module_from_spec(spec); spec.loader.exec_module(cp)
    po = pseudo_opts.split()
    pkw = dict(cp.DEFAULTS)
    for a, v in zip(po[::2], po[1::2]):
        key = a.lstrip('-').replace('-', '_')
        pkw[key] = type(pkw[key])(int(v)) if key == 'agree' else type(pkw[key])(v)
    pseudo_pool = cp.pool(os.path.dirname(path), [path] + extras, pkw.pop('pos'),
                          set(r['id'] for r in extra_rows))
def fold_of(i):
    return int(hashlib.md5(i.encode()).hexdigest(), 16) % K
for r in rows:
    r['fold'] = fold_of(r['id'])
tmp = tempfile.mkdtemp(prefix='rvcv')

def write_tsv(name, rr, label=None):
    p = os.path.join(tmp, name)
    with open(p, 'w', encoding='utf-8') as fh:
        fh.write('id\tprimary\tcategories\ttext\tweight\n')
        for r in rr:
            fh.write('%s\t%s\t%s\t%s\t%s\n' % (r['id'], r['primary'], ','.join(r['cats']) or 'none', r['text'],
                                             r.get('weight', '')))
    return p

def run(cmd, inp=None):
    return subprocess.run(cmd, input=inp, capture_output=True, check=True).stdout

def rv_classify(test_path, model=None, rules_only=False):
    cmd = [os.path.join(BIN, 'rv-classify')]
    if model:
        cmd += ['--model', model]
    if rules_only:
        cmd += ['--rules-only']
    out = run(cmd + [test_path]).decode('utf-8').split('\n')
    h = out[0].split('\t'); c1, c2 = h.index('category'), h.index('categories')
    c3, c4 = h.index('category_score'), h.index('category_cues')
    res = []
    for line in out[1:]:
        if not line:
            continue
        f = line.split('\t')
        res.append((f[c1] or 'none', [c for c in f[c2].split(',') if c], f[c3], f[c4]))
    return res

# Peers: character 1-3-grams of Han runs, word 1-2-grams of Latin words.
def grams(t):
    t = t.lower()
    out, words, run_ = [], [], []
    def flush_run():
        s = ''.join(run_)
        for n in (1, 2, 3):
            for i in range(len(s) - n + 1):
                out.append('c' + s[i:i + n])
        run_.clear()
    w = ''
    for ch in t + ' ':
        if '\u4e00' <= ch <= '\u9fff':
            if w: words.append(w); w = ''
            run_.append(ch)
            continue
        if run_: flush_run()
        if ch.isalnum() or ch == "'":
            w += ch
        else:
            if w: words.append(w); w = ''
            if ch in '!?！？':
                out.append('p' + ch)
            if ch not in " '":
                words.append(None)
    prev = None
    for x in words:
        if x is None:
            prev = None; continue
        out.append('w' + x)
        if prev: out.append('b' + prev + ' ' + x)
        prev = x
    return out

def liblinear(train, test, solver):
    vocab, labs = {}, {}
    def vec(t, grow):
        cnt = Counter()
        for g in grams(t):
            j = vocab.get(g)
            if j is None and grow:
                j = vocab[g] = len(vocab) + 1
            if j: cnt[j] += 1
        n = sum(cnt.values()) or 1
        return ' '.join('%d:%.6f' % (j, (v / n) ** 0.5) for j, v in sorted(cnt.items()))
    ptr, pte = os.path.join(tmp, 'll.tr'), os.path.join(tmp, 'll.te')
    with open(ptr, 'w') as fh:
        for r in train:
            l = labs.setdefault(r['primary'], len(labs))
            fh.write('%d %s\n' % (l, vec(r['text'], True)))
    with open(pte, 'w') as fh:
        for r in test:
            fh.write('0 %s\n' % vec(r['text'], False))
    m, o = os.path.join(tmp, 'll.m'), os.path.join(tmp, 'll.out')
    run(['liblinear-train', '-q', '-s', solver, '-c', '4' if solver == '0' else '0.5', ptr, m])
    run(['liblinear-predict', pte, m, o])
    inv = {v: k for k, v in labs.items()}
    return [(inv[int(x)], [] if inv[int(x)] == 'none' else [inv[int(x)]])
            for x in open(o).read().split()]

def fasttext(train, test):
    ptr = os.path.join(tmp, 'ft.tr')
    def prep(t):
        return ' '.join(g[1:] for g in grams(t) if g[0] in 'cw')
    with open(ptr, 'w') as fh:
        for r in train:
            fh.write('__label__%s %s\n' % (r['primary'], prep(r['text'])))
    pte = os.path.join(tmp, 'ft.te')
    with open(pte, 'w') as fh:
        for r in test:
            fh.write(prep(r['text']) + '\n')
    m = os.path.join(tmp, 'ft')
    run(['fasttext', 'supervised', '-input', ptr, '-output', m, '-epoch', '25', '-lr', '0.5',
         '-wordNgrams', '1', '-dim', '50', '-thread', '1', '-seed', '1', '-verbose', '0'])
    out = run(['fasttext', 'predict', m + '.bin', pte]).decode().split('\n')
    res = []
    for x in out[:len(test)]:
        l = x.replace('__label__', '').strip() or 'none'
        res.append((l, [] if l == 'none' else [l]))
    return res

def predict(system, train, test):
    pte = write_tsv('test.tsv', test)
    if system == 'rules':
        return rv_classify(pte, rules_only=True)
    if system in ('rv', 'rv-multi', 'rv-plain', 'rv-multi-plain'):
        ptr = write_tsv('train.tsv', train)
        m = os.path.join(tmp, 'cat.model')
        cmd = [os.path.join(BIN, 'rv-train'), '--seed', '1', '-o', m]
        if system in ('rv', 'rv-multi'):
            cmd += ['--rule-features']
        if system in ('rv-multi', 'rv-multi-plain'):
            cmd += ['--multi-label', '--label', 'categories']
        else:
            cmd += ['--label', 'primary']
        cmd += extra.split() if extra else []
        subprocess.run(cmd + [ptr], capture_output=True, check=True)
        for _ in range(pseudo_rounds if pseudo_opts is not None else 0):
            kept = cp.label(pseudo_pool, m, **pkw)
            ptr = write_tsv('train.tsv', train + [dict(id=i, primary=c, cats=cs.split(','), text=t, weight=w)
                                                  for i, c, cs, t, w in kept])
            subprocess.run(cmd + ['--weight', 'weight', ptr], capture_output=True, check=True)
            print('# fold: %d pseudo-labelled rows' % len(kept), file=sys.stderr)
        return rv_classify(pte, model=m)
    if system == 'liblinear-lr':
        return liblinear(train, test, '0')
    if system == 'liblinear-svm':
        return liblinear(train, test, '2')
    if system == 'fasttext':
        return fasttext(train, test)
    raise SystemExit('unknown system ' + system)

def scores(pairs):
    """None for no rows (a language absent from the data or a fold);
    nan for a figure without rows to average (no complaint rows)."""
    if not pairs:
        return None
    comp = [(r, p) for r, p in pairs if r['primary'] != 'none']
    acc = sum(r['primary'] == p[0] for r, p in comp) / len(comp) if comp else float('nan')
    G = [r['primary'] for r, _ in pairs]; P = [p[0] for _, p in pairs]
    f1s = {}
    for c in set(G) | set(P):
        tp = sum(g == c and q == c for g, q in zip(G, P))
        fp = sum(g != c and q == c for g, q in zip(G, P))
        fn = sum(g == c and q != c for g, q in zip(G, P))
        f1s[c] = (2 * tp / (2 * tp + fp + fn) if tp else 0.0, tp / (tp + fp) if tp + fp else 0.0,
                  tp / (tp + fn) if tp + fn else 0.0, tp + fn)
    jac = 0.0
    for r, p in pairs:
        a, b = set(r['cats']), set(p[1])
        jac += 1.0 if not a and not b else len(a & b) / len(a | b)
    nn = [(r, p) for r, p in pairs if r['primary'] == 'none']
    flag = sum(1 for r, p in nn if p[0] != 'none') / len(nn) if nn else float('nan')
    return acc, sum(v[0] for v in f1s.values()) / len(f1s), jac / len(pairs), flag, len(comp), len(nn), f1s

# The languages of the data, zh and en first: data of one language (only
# zh rows) reports that one, without dividing by the other's zero rows.
langs = sorted(set(r['lang'] for r in rows), key=lambda l: (l != 'zh', l != 'en', l))
print('system\tlang\tprimary_acc\tacc_sd\tmacro_f1\tjaccard\tnone_flagged\tcomplaints\tnone_rows')
for system in systems:
    pooled = defaultdict(list); perfold = defaultdict(list)
    for k in range(K):
        train = [r for r in rows if r['fold'] != k] + extra_rows
        test = [r for r in rows if r['fold'] == k]
        if limit:
            random.Random(k).shuffle(train); train = train[:limit]
        pred = predict(system, train, test)
        assert len(pred) == len(test), (system, len(pred), len(test))
        for lang in langs:
            pp = [(r, p) for r, p in zip(test, pred) if r['lang'] == lang]
            pooled[lang] += pp
            s = scores(pp)
            if s is not None and s[4] > 0:	# a fold with complaint rows of lang
                perfold[lang].append(s[0])
    if dump:
        with open(dump, 'w', encoding='utf-8') as fh:
            for lang in langs:
                for r, p in pooled[lang]:	# rv's score and cues too
                    fh.write('%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' % (r['id'], lang, r['primary'], ','.join(r['cats']),
                             p[0], ','.join(p[1]), p[2] if len(p) > 2 else '', p[3] if len(p) > 3 else '', r['text']))
    for lang in langs:
        acc, mf, jac, flag, nc, nn, f1s = scores(pooled[lang])
        sd = statistics.pstdev(perfold[lang]) if perfold[lang] else float('nan')
        print('%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d' % (system + ('@%d' % limit if limit else ''),
              lang, acc, sd, mf, jac, flag, nc, nn), flush=True)
        if system == per_class:	# class, F1, precision, recall, gold rows
            for c in sorted(f1s):
                print('  %s\t%s\tF1 %.3f\tP %.3f\tR %.3f\tn %d' % ((lang, c) + f1s[c]))
shutil.rmtree(tmp)
