#!/usr/bin/env python3
"""rc-baseline.py - simple root-cause baselines for bench-rootcause.sh.

Reads one rv-rootcause --partial state (distinct tuples with their counts)
and prints what a plain method calls causes, as rv-rootcause's columns
rank, role, cause (role always "cause"), so the bench judges both alike.

  binom      the obvious analyst method: every combination of 1-3
             dimensions with at least 20 rows is tested against the rest
             of the rows (rate mode: its hits against Binomial(n, rest
             rate); change mode: its target rate against its own baseline
             rate), one-sided, likelihood-ratio statistic; Benjamini-Hochberg
             at 0.05 over all of them; lift at least 1.1; then the most
             significant first, skipping a segment when half of its rows
             lie in one already taken or it holds half of one's rows (a
             parent or child of it), at most 10.
  adtributor Adtributor (Bhagwan et al., NSDI 2014) on one dimension at a
             time: per value the surprise (Jensen-Shannon divergence of its
             expected and actual share of hits; expected: its share of rows
             in rate mode, of baseline hits in change mode) and the
             explanatory power (its share of the excess hits); values with
             explanatory power >= 0.1 in order of surprise until they
             explain 0.67; the dimension with the largest surprise wins;
             only when its values are significant (binom's test, BH).

Usage: rc-baseline.py PARTIAL BINOM_OUT ADTRIBUTOR_OUT
"""
import itertools
import math
import operator
import sys


def read_partial(path):
    with open(path, encoding="utf-8") as f:
        opts = f.readline().rstrip("\n").split("\t")
        change = any(o.startswith("period=") and o != "period=" for o in opts)
        head = f.readline().rstrip("\n").split("\t")
        nd = sum(1 for c in head if not c.startswith("rv."))
        rows = []
        for line in f:
            x = line.rstrip("\n").split("\t")
            c = [float(v) for v in x[nd:]] + [0.0, 0.0]
            rows.append((tuple(x[:nd]), c[0], c[1], c[2], c[3]))
    return rows, head[:nd], change


def pval(h, n, e):
    """One-sided p of h hits in n rows above rate e: the normal tail of the
    signed root of the likelihood-ratio statistic."""
    e = min(max(e, 1e-12), 1 - 1e-12)
    if n <= 0 or h <= n * e:
        return 1.0
    g = h * math.log(h / (n * e)) if h > 0 else 0.0
    g += (n - h) * math.log((n - h) / (n * (1 - e))) if n > h else 0.0
    return 0.5 * math.erfc(math.sqrt(max(2 * g, 0)) / math.sqrt(2))


def bh(p):
    m = len(p)
    o = sorted(range(m), key=lambda i: p[i])
    q = [0.0] * m
    run = 1.0
    for r in range(m - 1, -1, -1):
        i = o[r]
        run = min(run, p[i] * m / (r + 1))
        q[i] = run
    return q


def segments(rows, dims, change):
    """Every combination of 1-3 dimensions with >= 20 (target) rows:
    (seg, n, h, bn, bh, expected, lift, p, q)."""
    N = sum(r[1] for r in rows)
    H = sum(r[2] for r in rows)
    BN = sum(r[3] for r in rows)
    BH = sum(r[4] for r in rows)
    segs = []
    for k in (1, 2, 3):
        for c in itertools.combinations(range(len(dims)), k):
            acc = {}
            get = operator.itemgetter(*c)
            for i, (t, n, h, bn, bh_) in enumerate(rows):
                key = get(t)
                a = acc.get(key)
                if a is None:
                    acc[key] = [n, h, bn, bh_, [i]]
                else:
                    a[0] += n
                    a[1] += h
                    a[2] += bn
                    a[3] += bh_
                    a[4].append(i)
            for key, (n, h, bn, bh_, idx) in acc.items():
                key = key if k > 1 else (key,)
                if n < 20 or n >= N:
                    continue
                # change: its target rate against its own baseline rate
                e = (bh_ + 0.5) / (bn + 1) if change else (H - h + 0.5) / (N - n + 1)
                segs.append([tuple((dims[j], v) for j, v in zip(c, key)), n, h, bn, bh_, e,
                             (h / n) / e, pval(h, n, e), 1.0, idx])
    q = bh([s[7] for s in segs])
    for s, x in zip(segs, q):
        s[8] = x
    return segs, N, H, BN, BH


def name(seg, dims):
    order = {x: i for i, x in enumerate(dims)}
    return "&".join("%s=%s" % kv for kv in sorted(seg, key=lambda kv: order[kv[0]]))


def binom(rows, segs):
    cand = [s for s in segs if s[8] <= 0.05 and s[6] >= 1.1]
    cand.sort(key=lambda s: (s[7], -s[1], len(s[0]), s[0]))
    out, taken = [], []
    for s in cand:
        # not half inside a segment already taken, nor holding half of one
        mine = set(s[9])
        inside = False
        for o, orows, on in taken:
            both = sum(rows[i][1] for i in mine & orows)
            if both >= 0.5 * s[1] or both >= 0.5 * on:
                inside = True
                break
        if inside:
            continue
        out.append(s[0])
        taken.append((s[0], mine, s[1]))
        if len(out) == 10:
            break
    return out


def js(p, q):
    m = (p + q) / 2
    a = p * math.log(p / m) if p > 0 else 0.0
    b = q * math.log(q / m) if q > 0 else 0.0
    return 0.5 * (a + b)


def adtributor(segs, dims, change, N, H, BH):
    best, best_sur = [], 0.0
    for dim in dims:
        v = [s for s in segs if len(s[0]) == 1 and s[0][0][0] == dim]
        if not v:
            continue
        res = []
        for s in v:
            if change:
                p, exp_h = s[4] / max(BH, 1), s[4] * H / max(BH, 1)
            else:
                p, exp_h = s[1] / N, s[1] * H / N
            res.append((js(p, s[2] / max(H, 1)), s[2] - exp_h, s))
        tot = sum(x[1] for x in res if x[1] > 0)
        if tot <= 0:
            continue
        res.sort(key=lambda x: -x[0])
        chosen, cum, ssum = [], 0.0, 0.0
        for sur, ex, s in res:
            if ex / tot < 0.1:
                continue
            chosen.append(s)
            cum += ex / tot
            ssum += sur
            if cum > 0.67:
                break
        if cum > 0.67 and ssum > best_sur:
            best_sur = ssum
            best = [s[0] for s in chosen if s[8] <= 0.05]
    return best


def main():
    rows, dims, change = read_partial(sys.argv[1])
    segs, N, H, _, BH = segments(rows, dims, change) if rows else ([], 0, 0, 0, 0)
    for path, method in ((sys.argv[2], "binom"), (sys.argv[3], "adtributor")):
        with open(path, "w", encoding="utf-8") as f:
            f.write("rank\trole\tcause\n")
            if not rows:
                continue
            out = binom(rows, segs) if method == "binom" else adtributor(segs, dims, change, N, H, BH)
            for i, seg in enumerate(out, 1):
                f.write("%d\tcause\t%s\n" % (i, name(seg, dims)))


main()
