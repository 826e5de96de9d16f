#!/bin/bash
# bench-curve.sh - rv-curve speed and breakpoint accuracy (run by make bench).
#  Speed: 1M journey rows; rv-curve vs Miller (the aggregation alone) and
#  pandas groupby + binary segmentation (the obvious script), side by side,
#  best of 3 wall seconds and peak RSS.
#  Accuracy: >= 100 generated curves with planted steps, ramps and no change
#  (journey stages: exact position; conversations: +-1 turn); breakpoint
#  precision/recall/F1, sign accuracy, false alarms on flat and on ramp
#  curves; the same for a naive adjacent-positions test as the baseline.
#  Results: stdout and build/bench/curve.tsv. Data is generated here with a
#  fixed seed (rv-sample journeys/chats may replace it once they land).
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p build/bench
B=build/bench/curve
mkdir -p "$B"
PY=python3
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pandas' 2>/dev/null && PY=/usr/bin/python3
have_pandas=0
$PY -c 'import pandas' 2>/dev/null && have_pandas=1
res=build/bench/curve.tsv
printf 'metric\tvalue\n' > "$res"
put() { printf '%s\t%s\n' "$1" "$2" >> "$res"; printf '  %-44s %s\n' "$1" "$2"; }
ORDER=purchase,wait,delivery,unboxing,use,aftersales

# ---- data ----
$PY - "$B" <<'EOF'
import random, sys, math
B = sys.argv[1]
random.seed(20240601)
st = ["purchase", "wait", "delivery", "unboxing", "use", "aftersales"]
lv = [0.45, 0.35, -0.1, -0.15, 0.0, -0.2]
with open(B + "/big.tsv", "w") as f:
    f.write("customer\tstage\ttext\tsentiment\n")
    g = random.gauss
    for i in range(1000000):
        s = i % 6
        f.write("c%d\t%s\tmsg\t%.3f\n" % (i // 6 % 200000, st[s], lv[s] + g(0, 0.4)))

# Accuracy cases: kind, planted steps (1-based index of the first
# position at the new level, sign).
def levels(K, kind):
    base = random.uniform(-0.2, 0.4)
    y = [base] * K
    steps = []
    if kind == "step":
        m = random.randint(1, 3 if K > 6 else 2)
        cand = list(range(2, K + 1))
        random.shuffle(cand)
        pos = sorted(cand[:m])
        # keep steps apart: at least 2 positions between them
        pos2 = []
        for p in pos:
            if not pos2 or p - pos2[-1] >= 2:
                pos2.append(p)
        for p in pos2:
            d = random.choice([-1, 1]) * random.uniform(0.15, 0.5)
            for j in range(p - 1, K):
                y[j] += d
            steps.append((p, 1 if d > 0 else -1))
    elif kind == "ramp":
        tot = random.choice([-1, 1]) * random.uniform(0.3, 0.6)
        y = [base + tot * j / (K - 1) for j in range(K)]
    return y, steps

truth = open(B + "/truth.tsv", "w")
truth.write("mode\tcase\tkind\tindex\tsign\n")
with open(B + "/stages.tsv", "w") as f:
    f.write("case\tcustomer\tstage\tsentiment\n")
    for c in range(120):
        kind = ["flat", "flat", "ramp", "step", "step"][c % 5]
        y, steps = levels(6, kind)
        truth.write("stage\ts%03d\t%s\t\t\n" % (c, kind))
        for p, sg in steps:
            truth.write("stage\ts%03d\t%s\t%d\t%d\n" % (c, kind, p, sg))
        for j in range(6):
            for i in range(random.randint(30, 300)):
                f.write("s%03d\tu%d\t%s\t%.3f\n" % (c, i, st[j], y[j] + random.gauss(0, 0.4)))
with open(B + "/chats.tsv", "w") as f:
    f.write("case\tconv\tturn\trole\tsentiment\n")
    for c in range(120):
        kind = ["flat", "flat", "ramp", "step", "step"][c % 5]
        y, steps = levels(10, kind)
        truth.write("conv\tk%03d\t%s\t\t\n" % (c, kind))
        for p, sg in steps:
            truth.write("conv\tk%03d\t%s\t%d\t%d\n" % (c, kind, p, sg))
        for v in range(random.randint(60, 200)):
            n = random.randint(3, 14)
            t = 0
            for j in range(n):
                t += 1
                f.write("k%03d\tv%d\t%d\tagent\t\n" % (c, v, t))
                t += 1
                lvl = y[min(j, 9)]
                f.write("k%03d\tv%d\t%d\tcustomer\t%.3f\n" % (c, v, t, lvl + random.gauss(0, 0.4)))
truth.close()
EOF

# ---- speed ----
echo "speed: 1M rows ($(du -h $B/big.tsv | cut -f1)), best of 3"
best() { # best wall seconds and its RSS of a command, 3 runs
	local b=999 m=0 t
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o $B/time bash -c "$1" > $B/out.tmp 2>/dev/null || { echo "fail fail"; return; }
		read -r t mm < $B/time
		if awk "BEGIN{exit !($t < $b)}"; then b=$t; m=$mm; fi
	done
	echo "$b $m"
}
read -r t_rv m_rv <<< "$(best "bin/rv-curve -b stage -o $ORDER $B/big.tsv")"
put "speed_rv_curve_s" "$t_rv"
put "rss_rv_curve_kb" "$m_rv"
read -r t_rvp m_rvp <<< "$(best "bin/rv-curve -b stage -o $ORDER -i customer $B/big.tsv")"
put "speed_rv_curve_paired_200k_customers_s" "$t_rvp"
put "rss_rv_curve_paired_kb" "$m_rvp"
if command -v mlr >/dev/null; then
	read -r t_mlr m_mlr <<< "$(best "mlr --tsv stats1 -a count,mean,stddev -f sentiment -g stage $B/big.tsv")"
	put "speed_mlr_stats1_s" "$t_mlr"
	put "ratio_mlr_over_rv" "$(awk "BEGIN{printf \"%.1f\", $t_mlr / $t_rv}")"
fi
if [ $have_pandas = 1 ]; then
	cat > $B/pandas_curve.py <<'EOF'
import sys, math, pandas as pd
d = pd.read_csv(sys.argv[1], sep="\t", usecols=["stage", "sentiment"])
order = sys.argv[2].split(",")
g = d.groupby("stage")["sentiment"].agg(["count", "mean", "std"]).reindex(order)
n, y = g["count"].tolist(), g["mean"].tolist()
s2 = float((g["std"] ** 2 * (g["count"] - 1)).sum() / (g["count"].sum() - len(g)))
pen = math.log(sum(n))
def cost(a, b):
    W = sum(n[a:b]); m = sum(n[i] * y[i] for i in range(a, b)) / W
    return sum(n[i] * (y[i] - m) ** 2 for i in range(a, b)) / s2
def binseg(a, b, out):
    best, at = 0, None
    for t in range(a + 1, b):
        gain = cost(a, b) - cost(a, t) - cost(t, b)
        if gain > best: best, at = gain, t
    if at is not None and best > pen:
        out.append(at); binseg(a, at, out); binseg(at, b, out)
bk = []; binseg(0, len(y), bk)
g["breakpoint"] = ["bk" if i in bk else "" for i in range(len(y))]
g.to_csv(sys.stdout, sep="\t")
EOF
	read -r t_pd m_pd <<< "$(best "$PY $B/pandas_curve.py $B/big.tsv $ORDER")"
	put "speed_pandas_groupby_binseg_s" "$t_pd"
	put "rss_pandas_kb" "$m_pd"
	put "ratio_pandas_over_rv" "$(awk "BEGIN{printf \"%.1f\", $t_pd / $t_rv}")"
else
	echo "  pandas not installed: its column is skipped"
fi

# ---- accuracy ----
echo "accuracy: 120 stage curves, 120 conversation curves (40% flat, 20% ramp, 40% 1-3 steps)"
bin/rv-curve -b stage -o $ORDER -s case $B/stages.tsv > $B/stages.out || exit 1
bin/rv-curve -c conv -s case --max-turns 10 $B/chats.tsv > $B/chats.out || exit 1
$PY - "$B" >> "$res.acc" <<'EOF'
import sys, math
from collections import defaultdict
B = sys.argv[1]
truth = defaultdict(list); kind = {}
for ln in open(B + "/truth.tsv").read().splitlines()[1:]:
    mode, case, k, idx, sg = ln.split("\t")
    kind[(mode, case)] = k
    if idx:
        truth[(mode, case)].append((int(idx), int(sg)))
def read(path, mode):
    pred = defaultdict(list); rows = defaultdict(list)
    lines = open(path).read().splitlines()
    h = lines[0].split("\t")
    for ln in lines[1:]:
        r = dict(zip(h, ln.split("\t")))
        rows[(mode, r["segment"])].append(r)
        if r["breakpoint"]:
            pred[(mode, r["segment"])].append((int(r["index"]), 1 if r["breakpoint"] == "rise" else -1))
    return pred, rows
def naive(rows):
    # the obvious alternative: Welch z between adjacent positions,
    # Bonferroni over the gaps, no minimum effect
    out = []
    m = len(rows) - 1
    for i in range(1, len(rows)):
        a, b = rows[i - 1], rows[i]
        def se(r):
            n = float(r["n"]); lo, hi = float(r["ci_low"]), float(r["ci_high"])
            return (hi - lo) / 2 / 1.96
        z = (float(b["mean"]) - float(a["mean"])) / math.hypot(se(a), se(b))
        p = math.erfc(abs(z) / math.sqrt(2))
        if p * m < 0.05:
            out.append((i + 1, 1 if z > 0 else -1))
    return out
def score(mode, pred, tol):
    tp = fp = fn = sign_ok = 0; flat_fa = flat_n = ramp_fa = ramp_n = 0
    for key, k in kind.items():
        if key[0] != mode: continue
        t = list(truth[key]); p = list(pred.get(key, []))
        if k == "flat":
            flat_n += 1; flat_fa += len(p) > 0
        if k == "ramp":
            ramp_n += 1; ramp_fa += len(p) > 0
        used = set()
        for (pi, ps) in p:
            hit = None
            for j, (ti, ts) in enumerate(t):
                if j not in used and abs(pi - ti) <= tol:
                    hit = j; break
            if hit is None: fp += 1
            else:
                used.add(hit); tp += 1; sign_ok += ps == t[hit][1]
        fn += len(t) - len(used)
    pr = tp / (tp + fp) if tp + fp else 1.0; rc = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return dict(precision=pr, recall=rc, f1=f1, sign_accuracy=sign_ok / tp if tp else 1.0,
                flat_false_alarm_rate=flat_fa / flat_n, ramp_cases_with_breakpoint=ramp_fa / ramp_n,
                planted=tp + fn)
for mode, path, tol in (("stage", "/stages.out", 0), ("conv", "/chats.out", 1)):
    pred, rows = read(B + path, mode)
    for who, pr in (("rv_curve", pred), ("naive_adjacent", {k: naive(v) for k, v in rows.items()})):
        for m, v in score(mode, pr, tol).items():
            print("acc_%s_%s_%s\t%s" % (mode, who, m, v if isinstance(v, int) else "%.3f" % v))
EOF
while IFS=$'\t' read -r k v; do put "$k" "$v"; done < "$res.acc"
rm -f "$res.acc" $B/out.tmp $B/time
# An SVG of one curve, rendered when a converter is there, for people to look at.
head -7 $B/stages.out | bin/rv-plot --band ci_low,ci_high --mark breakpoint --title "rv-curve: s000" -o build/bench/curve.svg
if command -v rsvg-convert >/dev/null; then
	rsvg-convert build/bench/curve.svg -o build/bench/curve.png && echo "  rendered build/bench/curve.png"
elif command -v chromium >/dev/null; then
	chromium --headless --disable-gpu --screenshot=build/bench/curve.png --window-size=720,400 \
	    "file://$PWD/build/bench/curve.svg" >/dev/null 2>&1 && echo "  rendered build/bench/curve.png"
fi
echo "results: $res"
