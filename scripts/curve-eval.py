#!/usr/bin/env python3
"""curve-eval.py - score rv-curve and two baselines on rv-sample --realistic
curves (used by bench-curve.sh).

usage: curve-eval.py MODE DATA TRUTH RVOUT
       curve-eval.py --table RESULTS   (the per-family summary of bench-curve.sh)
  MODE   journeys (stage positions, exact match) or chats (n-th customer
         message, pooled from --max-turns 10, a breakpoint within +-1)
  DATA   rv-sample journeys|chats --realistic output
  TRUTH  the same with --truth
  RVOUT  rv-curve's table of DATA (-s case)

Baselines, from the raw values (no customer ids, no ramps):
  welch   adjacent positions, Welch t test, Bonferroni over the gaps (alpha 0.05)
  binseg  binary segmentation of the position means weighted by n / s^2
          (s^2 the pooled within-position variance), a split kept while
          it lowers the weighted RSS by more than the BIC penalty 2 ln N
          (a location and a mean per change)

Scoring: a planted step is found by a breakpoint at its position (chats:
+-1, each breakpoint matches one step); any other breakpoint is false,
including one inside a ramp. Per family and overall: precision, recall,
F1; cases with a false breakpoint (the rate on flat curves is the false
alarm rate); ramps reported as trend (rv only: trend on at least half of
the ramp's positions and no breakpoint inside it). Prints metric<TAB>value.
"""
import math
import sys
from collections import defaultdict

STAGES = ["purchase", "wait", "delivery", "unboxing", "use", "aftersales"]
MAXT = 10
ALPHA = 0.05


def betacf(a, b, x):
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > 1e-300 else 1e-300)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1 + aa / c if abs(1 + aa / c) > 1e-300 else 1e-300
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1 + aa / c if abs(1 + aa / c) > 1e-300 else 1e-300
        de = d * c
        h *= de
        if abs(de - 1) < 1e-12:
            break
    return h


def ibeta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    bt = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) +
                  a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return bt * betacf(a, b, x) / a
    return 1 - bt * betacf(b, a, 1 - x) / b


def t_p2(t, df):
    if df > 1e6:
        return math.erfc(abs(t) / math.sqrt(2))
    return ibeta(df / 2, 0.5, df / (df + t * t))


def load(mode, data):
    """case -> list of per-position value lists."""
    cur = defaultdict(lambda: [[] for _ in range(6 if mode == "journeys" else MAXT)])
    lines = open(data).read().splitlines()
    h = lines[0].split("\t")
    ic, iv = h.index("case"), h.index("sentiment")
    if mode == "journeys":
        ist = h.index("stage")
        for ln in lines[1:]:
            f = ln.split("\t")
            cur[f[ic]][STAGES.index(f[ist])].append(float(f[iv]))
    else:
        iconv, irole = h.index("conv"), h.index("role")
        seen = defaultdict(int)
        for ln in lines[1:]:
            f = ln.split("\t")
            if f[irole] != "customer":
                continue
            k = (f[ic], f[iconv])
            n = seen[k]
            seen[k] = n + 1
            if f[iv] != "":
                cur[f[ic]][min(n, MAXT - 1)].append(float(f[iv]))
    return cur


def stats(vals):
    out = []
    for v in vals:
        n = len(v)
        m = sum(v) / n if n else float("nan")
        var = sum((x - m) ** 2 for x in v) / (n - 1) if n > 1 else float("nan")
        out.append((n, m, var))
    return out


def welch(st):
    idx = [i for i, s in enumerate(st) if s[0] >= 2]
    gaps = len(idx) - 1
    out = []
    for a, b in zip(idx, idx[1:]):
        (na, ma, va), (nb, mb, vb) = st[a], st[b]
        se2 = va / na + vb / nb
        if se2 <= 0:
            continue
        t = (mb - ma) / math.sqrt(se2)
        df = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
        if t_p2(t, df) * gaps < ALPHA:
            out.append((b + 1, 1 if t > 0 else -1))
    return out


def binseg(st):
    idx = [i for i, s in enumerate(st) if s[0] >= 1]
    n = [st[i][0] for i in idx]
    y = [st[i][1] for i in idx]
    N = sum(n)
    ss = sum((s[0] - 1) * s[2] for s in st if s[0] > 1)
    df = sum(s[0] - 1 for s in st if s[0] > 1)
    s2 = ss / df if df > 0 and ss > 0 else 1e-12
    pen = 2 * math.log(N) if N > 1 else 1

    def cost(a, b):
        W = sum(n[a:b])
        m = sum(n[i] * y[i] for i in range(a, b)) / W
        return sum(n[i] * (y[i] - m) ** 2 for i in range(a, b)) / s2

    def mean(a, b):
        return sum(n[i] * y[i] for i in range(a, b)) / sum(n[a:b])

    cuts = []

    def rec(a, b):
        best, at = 0, None
        for t in range(a + 1, b):
            g = cost(a, b) - cost(a, t) - cost(t, b)
            if g > best:
                best, at = g, t
        if at is not None and best > pen:
            cuts.append(at)
            rec(a, at)
            rec(at, b)
    rec(0, len(y))
    cuts.sort()
    out = []
    bounds = [0] + cuts + [len(y)]
    for j, c in enumerate(cuts):
        d = mean(c, bounds[j + 2]) - mean(bounds[j], c)
        out.append((idx[c] + 1, 1 if d > 0 else -1))
    return out


def read_rv(path):
    pred, trend = defaultdict(list), defaultdict(set)
    lines = open(path).read().splitlines()
    h = lines[0].split("\t")
    for ln in lines[1:]:
        r = dict(zip(h, ln.split("\t")))
        i = int(r["index"])
        if r["breakpoint"]:
            pred[r["segment"]].append((i, 1 if r["breakpoint"] == "rise" else -1))
        if r["trend"]:
            trend[r["segment"]].add(i)
    return pred, trend


def table(path):
    """The per-family summary of a results file (metric<TAB>value)."""
    d = {}
    for ln in open(path):
        k, _, v = ln.rstrip("\n").partition("\t")
        d[k] = v
    for mode in ("journeys", "chats"):
        print("%s: F1 of breakpoints (flat: share of curves with a false breakpoint;"
              " ramp: ramps with a breakpoint / reported as trend)" % mode)
        print("  %-10s %-18s %-14s %-14s" % ("family", "rv", "welch", "binseg"))
        for fam in ("flat", "step", "steps", "ramp", "ramp_step", "all"):
            cells = []
            for m in ("rv", "welch", "binseg"):
                p = "%s_%s_%s_" % (mode, m, fam)
                if fam == "flat":
                    c = "FA %s" % d.get(p + "cases_with_false_breakpoint", "-")
                elif fam == "ramp":
                    c = "bp %s" % d.get(p + "ramps_with_breakpoint", "-")
                    if m == "rv":
                        c += " tr %s" % d.get(p + "ramps_as_trend", "-")
                else:
                    c = d.get(p + "f1", "-")
                cells.append(c)
            print("  %-10s %-18s %-14s %-14s" % (fam, cells[0], cells[1], cells[2]))


def main():
    if sys.argv[1] == "--table":
        table(sys.argv[2])
        return
    mode, data, truthf, rvout = sys.argv[1:5]
    tol = 0 if mode == "journeys" else 1
    fam, steps, ramps = {}, defaultdict(list), defaultdict(list)
    for ln in open(truthf).read().splitlines()[1:]:
        case, family, feat, a, b, ch, z = ln.split("\t")
        fam[case] = family
        if feat == "step":
            steps[case].append((int(a), 1 if float(ch) > 0 else -1, float(z)))
        elif feat == "ramp":
            ramps[case].append((int(a), int(b)))
    st = {c: stats(v) for c, v in load(mode, data).items()}
    rvp, rvt = read_rv(rvout)
    methods = [("rv", rvp), ("welch", {c: welch(s) for c, s in st.items()}),
               ("binseg", {c: binseg(s) for c, s in st.items()})]
    fams = ["flat", "step", "steps", "ramp", "ramp_step"]
    for name, pred in methods:
        agg = defaultdict(lambda: defaultdict(float))
        for case, family in fam.items():
            p = sorted(pred.get(case, []))
            t = steps[case]
            used, tp, sign = set(), 0, 0
            for pi, ps in p:
                for j, (ti, ts, _) in enumerate(t):
                    if j not in used and abs(pi - ti) <= tol:
                        used.add(j)
                        tp += 1
                        sign += ps == ts
                        break
            fp = len(p) - tp
            for key in (family, "all"):
                a = agg[key]
                a["cases"] += 1
                a["tp"] += tp
                a["fp"] += fp
                a["fn"] += len(t) - tp
                a["sign"] += sign
                a["false_case"] += fp > 0
                for j, (ti, ts, z) in enumerate(t):
                    band = "z_lt3" if z < 3 else "z_3to6" if z < 6 else "z_ge6"
                    a[band + "_n"] += 1
                    a[band + "_tp"] += j in used
                for (ra, rb) in ramps[case]:
                    a["ramps"] += 1
                    inside = any(ra < pi <= rb for pi, _ in p)
                    a["ramp_bp"] += inside
                    if name == "rv":
                        marked = sum(1 for i in range(ra, rb + 1) if i in rvt.get(case, ()))
                        a["ramp_trend"] += marked * 2 >= rb - ra + 1 and not inside
        for key in fams + ["all"]:
            a = agg[key]
            if not a["cases"]:
                continue
            tp, fp, fn = a["tp"], a["fp"], a["fn"]
            pre = tp / (tp + fp) if tp + fp else 1.0
            rec = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * pre * rec / (pre + rec) if pre + rec else 0.0
            pfx = "%s_%s_%s" % (mode, name, key)
            print("%s_cases\t%d" % (pfx, a["cases"]))
            if key in ("step", "steps", "ramp_step", "all"):
                print("%s_precision\t%.3f" % (pfx, pre))
                print("%s_recall\t%.3f" % (pfx, rec))
                print("%s_f1\t%.3f" % (pfx, f1))
            print("%s_false_breakpoints\t%d" % (pfx, fp))
            print("%s_cases_with_false_breakpoint\t%.3f" % (pfx, a["false_case"] / a["cases"]))
            if a["ramps"]:
                print("%s_ramps_with_breakpoint\t%.3f" % (pfx, a["ramp_bp"] / a["ramps"]))
                if name == "rv":
                    print("%s_ramps_as_trend\t%.3f" % (pfx, a["ramp_trend"] / a["ramps"]))
            if key == "all":
                for band in ("z_lt3", "z_3to6", "z_ge6"):
                    if a[band + "_n"]:
                        print("%s_recall_%s\t%.3f" % (pfx, band, a[band + "_tp"] / a[band + "_n"]))


main()
