#!/usr/bin/env python3
"""classify-metrics.py - score rv-classify output against the dev labels.

Reads TSV with gold columns (category, categories) and predictions
(pred, preds) on stdin; an empty prediction counts as "none", as in the
labels. Prints accuracy and macro-F1 of the primary category, per-class
P/R/F1, and multi-label scores (mean set Jaccard, micro-F1).
Usage: classify-metrics.py [--split tune|test|all] [--per-class] [--errors]"""
import sys
from collections import Counter

args = sys.argv[1:]
split = 'all'
if '--split' in args:
    split = args[args.index('--split') + 1]
rows = sys.stdin.read().split('\n')
hdr = rows[0].split('\t')
ix = {h: i for i, h in enumerate(hdr)}
G, P, GS, PS, T = [], [], [], [], []
for r in rows[1:]:
    if not r:
        continue
    f = r.split('\t')
    if split != 'all' and f[ix['split']] != split:
        continue
    g = f[ix['category']] or 'none'
    p = f[ix['pred']] or 'none'
    gs = set((f[ix['categories']] or 'none').split(','))
    ps = set((f[ix['preds']] or 'none').split(','))
    G.append(g); P.append(p); GS.append(gs); PS.append(ps)
    T.append((f[ix['id']], f[ix.get('cues', ix['preds'])] if 'cues' in ix else '', f[ix['text']][:90]))
n = len(G)
acc = sum(g == p for g, p in zip(G, P)) / n
labels = sorted(set(G) | set(P))
f1s = {}
lines = []
for c in labels:
    tp = sum(g == c and p == c for g, p in zip(G, P))
    fp = sum(g != c and p == c for g, p in zip(G, P))
    fn = sum(g == c and p != c for g, p in zip(G, P))
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    f1s[c] = f1
    lines.append('%s\t%.3f\t%.3f\t%.3f\t%d' % (c, pr, rc, f1, tp + fn))
macro = sum(f1s.values()) / len(f1s)
jac = sum(len(a & b) / len(a | b) for a, b in zip(GS, PS)) / n
tp = sum(len(a & b) for a, b in zip(GS, PS))
fp = sum(len(b - a) for a, b in zip(GS, PS))
fn = sum(len(a - b) for a, b in zip(GS, PS))
micro = 2 * tp / (2 * tp + fp + fn)
print('split\trows\taccuracy\tmacro_f1\tset_jaccard\tset_micro_f1')
print('%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f' % (split, n, acc, macro, jac, micro))
if '--per-class' in args:
    print('class\tprecision\trecall\tf1\tsupport')
    print('\n'.join(lines))
if '--confusion' in args:
    cm = Counter(zip(G, P))
    print('gold\\pred\t' + '\t'.join(l[:5] for l in labels))
    for g in labels:
        print(g[:9] + '\t' + '\t'.join(str(cm[(g, p)]) for p in labels))
if '--errors' in args:
    for g, p, gs, ps, t in zip(G, P, GS, PS, T):
        if g != p:
            print('ERR\t%s\t%s\t%s\t%s\t%s' % (t[0], g, p, ','.join(sorted(ps)), t[1][:80] + ' | ' + t[2]))
