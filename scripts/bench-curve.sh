#!/bin/bash
# bench-curve.sh - rv-curve speed and breakpoint accuracy (run by make bench).
#  Speed: 1M journey rows; rv-curve vs Miller (the aggregation alone) and
#  pandas groupby + binary segmentation (the obvious script), side by side,
#  best of 3 wall seconds and peak RSS.
#  Accuracy: rv-sample journeys --realistic and chats --realistic, CASES
#  curves each (default 250; scenario mix: 20% flat, 30% one step, 20% two
#  or three steps, 15% a ramp, 15% a ramp and a step; customers with their
#  own level, 15-70% participation per stage, mild drift, 60-1,000
#  conversations of geometric length, short turns scored 0), seed SEED
#  (default 2026; development used seeds 1-13, never the reported one).
#  scripts/curve-eval.py scores rv-curve and two baselines side by side
#  (adjacent Welch t test with a Bonferroni bound; binary segmentation of
#  the position means with a BIC stop): breakpoint precision/recall/F1 per
#  family, false breakpoints on flat curves, ramps reported as trend.
#  Chats are read with --zero-blank: their short turns are scored 0 (no
#  sentiment cue), as a lexicon scorer does, and say nothing about mood.
#  The chats_rv_default_* rows score rv-curve with its default options
#  (--zero-blank=auto, which finds that spike of zeros by itself).
#  Results: stdout and build/bench/curve.tsv.
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
CASES=${CASES:-250}
SEED=${SEED:-2026}
echo "accuracy: rv-sample --realistic, $CASES journey and $CASES conversation curves, seed $SEED"
echo "  (20% flat, 30% one step, 20% 2-3 steps, 15% ramp, 15% ramp and step)"
for m in journeys chats; do
	bin/rv-sample $m --realistic --rows "$CASES" --seed "$SEED" > $B/$m.tsv || exit 1
	bin/rv-sample $m --realistic --rows "$CASES" --seed "$SEED" --truth > $B/$m.truth || exit 1
done
bin/rv-curve -b stage -o $ORDER -i customer -s case $B/journeys.tsv > $B/journeys.out || exit 1
bin/rv-curve -c conv -s case --max-turns 10 --zero-blank $B/chats.tsv > $B/chats.out || exit 1
for m in journeys chats; do
	$PY scripts/curve-eval.py $m $B/$m.tsv $B/$m.truth $B/$m.out >> "$res.acc" || exit 1
done
# The same chats with rv-curve's defaults (--zero-blank=auto), rv only:
# what a user gets without --zero-blank.
bin/rv-curve -c conv -s case --max-turns 10 $B/chats.tsv > $B/chats-default.out 2>/dev/null || exit 1
$PY scripts/curve-eval.py chats $B/chats.tsv $B/chats.truth $B/chats-default.out |
    awk -F'\t' '$1 ~ /^chats_rv_/ { sub(/^chats_rv_/, "chats_rv_default_", $1); print $1 "\t" $2 }' >> "$res.acc"
while IFS=$'\t' read -r k v; do put "$k" "$v"; done < "$res.acc"
rm -f "$res.acc" $B/out.tmp $B/time
$PY scripts/curve-eval.py --table "$res"
# An SVG of one curve, rendered when a converter is there, for people to look at.
head -7 $B/journeys.out | bin/rv-plot --band ci_low,ci_high --mark breakpoint --title "rv-curve: K0001" -o build/bench/curve.svg
if command -v rsvg-convert >/dev/null; then
	rsvg-convert build/bench/curve.svg -o build/bench/curve.png && echo "  rendered build/bench/curve.png"
elif command -v chromium >/dev/null; then
	chromium --headless --disable-gpu --screenshot=build/bench/curve.png --window-size=720,400 \
	    "file://$PWD/build/bench/curve.svg" >/dev/null 2>&1 && echo "  rendered build/bench/curve.png"
fi
echo "results: $res"
