#!/bin/bash
# bench-trend.sh - rv-trend accuracy, speed and --follow latency (run by make bench).
#  Accuracy: generated 5-minute count series as hard as real mention
#  volumes: levels from 0.5 to 500 per window, daily cycles of varying
#  shape, weekends, slow drifts, bursty (negative-binomial) noise, an
#  unlabelled holiday, and planted spikes and drops lasting from one
#  window to a day plus level shifts, all after 2 weeks of history.
#  Scored per event: alerts less than an hour apart are one alert event;
#  an anomaly is detected when an alert falls in it (for a shift, in its
#  first day) or within an hour after; an alert event touching no anomaly
#  is a false positive. Side by side: a rolling z-score (mean and sd of
#  the previous day) and a seasonal median with MAD (the same time on the
#  previous 7 days), at thresholds 3-6; rv-trend at its default (4) and
#  the same thresholds.
#  Speed: 10M event rows (Unix seconds, 10 segments, 5m windows) and
#  1,000 segments x 1 year of hourly windows (8.76M --count rows), CPU
#  seconds (user+sys; the machine is shared) and wall seconds.
#  Latency: --follow --alerts, from a spike row written to its alert read.
#  Results: stdout and build/bench/trend.tsv.
set -u
cd "$(dirname "$0")/.." || exit 1
B=build/bench/trend
mkdir -p "$B"
res=build/bench/trend.tsv
printf 'metric\tvalue\n' > "$res"
put() { printf '%s\t%s\n' "$1" "$2" >> "$res"; printf '  %-52s %s\n' "$1" "$2"; }
export TZ=UTC LC_ALL=C.UTF-8
SERIES=${TREND_SERIES:-40}
WEEKS=${TREND_WEEKS:-6}

# ---- accuracy data ----
python3 - "$B" "$SERIES" "$WEEKS" <<'EOF'
import math, random, sys
B, S, WK = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(20261207)
W = WK * 7 * 288
t0 = 1793491200  # 2026-11-01T00:00Z, a Sunday
def poisson(lam):
    if lam < 30:
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= random.random()
            if p <= L:
                return k
            k += 1
    return max(0, int(round(random.gauss(lam, math.sqrt(lam)))))
with open(B + "/counts.tsv", "w") as f, open(B + "/truth.tsv", "w") as tr:
    f.write("time\tseries\tn\n")
    tr.write("series\tkind\tstart\tend\n")
    for s in range(S):
        name = "s%02d" % s
        level = math.exp(random.uniform(math.log(0.5), math.log(500)))
        amp = random.uniform(0.4, 0.9)
        peak = random.uniform(10, 21)
        amp2 = random.uniform(0, 0.3)
        weekend = random.uniform(0.6, 1.3)
        drift = random.uniform(-0.3, 0.3)
        k = random.uniform(0.01, 0.1)          # burstiness (NB dispersion)
        holiday = random.randrange(15, WK * 7) # an unlabelled quiet day
        mult = [1.0] * W
        events = []
        # 2-4 spikes/drops lasting 1 window .. 1 day, after 2 weeks
        for _ in range(random.randint(2, 4)):
            dur = int(math.exp(random.uniform(0, math.log(288))))
            st = random.randrange(14 * 288, W - dur - 12)
            if any(not (st > e + 288 or st + dur < a - 288) for _, a, e in events):
                continue
            kind = random.choice(["spike", "spike", "drop"])
            # visible: the excess is >= 6 sd of the (bursty) noise over the anomaly
            mu = level * dur
            need = 6 * math.sqrt(mu * (1 + k * level)) / mu if mu > 0 else 10
            if kind == "spike":
                r = 1 + max(random.uniform(0.5, 4), need * 1.2)
            else:
                if need > 0.8:
                    continue                   # a drop below a few events is invisible
                r = min(random.uniform(0.0, 0.5), 1 - need * 1.2)
            for i in range(st, st + dur):
                mult[i] *= r
            events.append((kind, st, st + dur - 1))
        if random.random() < 0.5:
            st = random.randrange(16 * 288, W - 2 * 288)
            if all(st > e + 288 or st + 288 < a - 288 for _, a, e in events):
                r = random.choice([random.uniform(1.8, 3), random.uniform(0.25, 0.5)])
                if level * r >= 2 or r > 1:
                    for i in range(st, W):
                        mult[i] *= r
                    events.append(("shift", st, st + 287))
        for kind, a, e in events:
            tr.write("%s\t%s\t%d\t%d\n" % (name, kind, a, e))
        for i in range(W):
            h = (i % 288) / 12.0
            day = i // 288
            dow = (day + 6) % 7                    # 0 = Monday (t0 is a Sunday)
            cyc = 1 + amp * math.cos(2 * math.pi * (h - peak) / 24) + amp2 * math.cos(4 * math.pi * (h - peak) / 24)
            m = level * max(cyc, 0.05) * (weekend if dow >= 5 else 1) * math.exp(drift * i / W) * mult[i]
            if day == holiday:
                m *= 0.7
            lam = random.gammavariate(1 / k, m * k) if m > 0 else 0
            n = poisson(lam)
            if n:
                f.write("%d\t%s\t%d\n" % (t0 + i * 300 + random.randrange(300), name, n))
EOF
[ -s "$B/counts.tsv" ] || { echo "bench-trend: generator failed" >&2; exit 1; }

# ---- detectors -> alerts (series, window index) ----
T0=1793491200
for z in 3 4 5 6; do
	bin/rv-trend -s series -c n -e 5m -z $z --alerts "$B/counts.tsv" > "$B/rv-$z.tsv"
done
python3 - "$B" $T0 <<'EOF'
import sys, datetime
B, t0 = sys.argv[1], int(sys.argv[2])
for z in (3, 4, 5, 6):
    with open(B + "/rv-%d.tsv" % z) as f, open(B + "/alerts-rv-%d.tsv" % z, "w") as o:
        next(f)
        for line in f:
            s, w = line.split("\t")[:2]
            t = datetime.datetime.fromisoformat(w).timestamp()
            o.write("%s\t%d\n" % (s, (int(t) - t0) // 300))
EOF
python3 - "$B" "$WEEKS" <<'EOF'
import math, sys, collections
B, WK = sys.argv[1], int(sys.argv[2])
W = WK * 7 * 288
t0 = 1793491200
ser = collections.defaultdict(lambda: [0] * W)
with open(B + "/counts.tsv") as f:
    next(f)
    for line in f:
        t, s, n = line.rstrip("\n").split("\t")
        ser[s][(int(t) - t0) // 300] += int(n)
for z in (3, 4, 5, 6):
    with open(B + "/alerts-z-%d.tsv" % z, "w") as za, open(B + "/alerts-med-%d.tsv" % z, "w") as ma:
        for s, y in sorted(ser.items()):
            s1 = s2 = 0.0
            for i in range(W):
                if i >= 288:
                    mean = s1 / 288
                    sd = math.sqrt(max(s2 / 288 - mean * mean, 0))
                    if abs(y[i] - mean) > z * max(sd, 0.5):
                        za.write("%s\t%d\n" % (s, i))
                    s1 -= y[i - 288]
                    s2 -= y[i - 288] ** 2
                s1 += y[i]
                s2 += y[i] ** 2
                if i >= 7 * 288:
                    past = sorted(y[i - 288 * d] for d in range(1, 8))
                    med = past[3]
                    mad = sorted(abs(v - med) for v in past)[3]
                    if abs(y[i] - med) > z * max(1.4826 * mad, math.sqrt(med), 1):
                        ma.write("%s\t%d\n" % (s, i))
EOF

# ---- scoring ----
score() {
	python3 - "$B/truth.tsv" "$1" "$WEEKS" "$SERIES" <<'EOF'
import sys, collections
truth, alerts, WK, S = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ev = collections.defaultdict(list)
with open(truth) as f:
    next(f)
    for line in f:
        s, k, a, e = line.split("\t")
        ev[s].append((int(a), int(e)))
al = collections.defaultdict(list)
early = [0]
with open(alerts) as f:
    for line in f:
        s, i = line.split("\t")
        if int(i) >= 14 * 288:    # the scored period: anomalies start after 2 weeks
            al[s].append(int(i))
        else:
            early[0] += 1
tp = fp = det = nev = 0
for s in set(ev) | set(al):
    hit = [False] * len(ev[s])
    idx = sorted(al[s])
    clusters = []
    for i in idx:
        if clusters and i - clusters[-1][-1] < 12:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    for c in clusters:
        good = False
        for j, (a, e) in enumerate(ev[s]):
            if any(a <= i <= e + 12 for i in c):
                hit[j] = True
                good = True
        tp += good
        fp += not good
    det += sum(hit)
    nev += len(ev[s])
p = tp / (tp + fp) if tp + fp else 0
r = det / nev if nev else 0
f1 = 2 * p * r / (p + r) if p + r else 0
weeks = S * (WK - 2)
print("%.3f\t%.3f\t%.3f\t%.2f\t%d/%d\t%d" % (f1, p, r, fp / weeks, det, nev, early[0]))
EOF
}
echo "rv-trend accuracy: $SERIES series x $WEEKS weeks of 5-minute counts, $(($(wc -l < "$B/truth.tsv") - 1)) planted anomalies"
echo "  (scored from day 14, where the anomalies start; 'early' = alert windows before it)"
printf '  %-32s %-6s %-6s %-6s %-14s %-9s %s\n' detector F1 prec recall 'FP/series-week' detected early
for m in rv z med; do
	case $m in rv) name=rv-trend ;; z) name="rolling z-score (1 day)" ;; med) name="seasonal median+MAD (7 d)" ;; esac
	for z in 3 4 5 6; do
		r=$(score "$B/alerts-$m-$z.tsv")
		printf '  %-32s %s\n' "$name z=$z" "$(echo "$r" | tr '\t' ' ' | awk '{printf "%-6s %-6s %-6s %-14s %-9s %s", $1, $2, $3, $4, $5, $6}')"
		printf 'accuracy %s z=%s (f1 prec recall fp/week detected early)\t%s\n' "$m" "$z" "$(echo "$r" | tr '\t' ' ')" >> "$res"
	done
done

# ---- speed ----
cpu() {	# cpu seconds (user+sys) and wall seconds of a command line
	local t0 t1
	t0=$(date +%s.%N)
	local c
	c=$( { /usr/bin/env time -f '%U %S' bash -c "$1" > /dev/null; } 2>&1 | tail -1)
	t1=$(date +%s.%N)
	echo "$c" | awk -v w="$(echo "$t1 - $t0" | bc)" '{ printf "%.2f cpu, %.2f wall", $1 + $2, w }'
}
if ! command -v time >/dev/null && [ ! -x /usr/bin/time ]; then
	echo "  (GNU time missing: speed skipped)"
else
	awk 'BEGIN { srand(7); print "time\tcategory"; t = 1714521600
		for (i = 0; i < 10000000; i++) { t += int(rand() * 0.52) + (i % 2); printf "%d\tc%d\n", t, i % 10 } }' > "$B/ev10m.tsv"
	r=$(cpu "bin/rv-trend -s category -e 5m --alerts $B/ev10m.tsv")
	put "speed 10M events, 10 segments, 5m (target < 3 s)" "$r"
	awk 'BEGIN { print "time\tseg\tn"; t0 = 1704067200
		for (h = 0; h < 8760; h++) for (s = 0; s < 1000; s++) printf "%d\ts%03d\t%d\n", t0 + h * 3600, s, (h * 7 + s) % 13 }' > "$B/seg1000.tsv"
	r=$(cpu "bin/rv-trend -s seg -c n -e 1h --alerts $B/seg1000.tsv")
	put "speed 1000 segments x 1 year hourly, --alerts (< 2 s)" "$r"
	r=$(cpu "bin/rv-trend -s seg -c n -e 1h $B/seg1000.tsv")
	put "speed the same, every row printed (8.76M rows)" "$r"
	rm -f "$B/ev10m.tsv" "$B/seg1000.tsv"
fi

# ---- --follow latency ----
python3 - <<'EOF' | while IFS= read -r l; do put "${l%%	*}" "${l#*	}"; done
import subprocess, time, select
p = subprocess.Popen(["bin/rv-trend", "-f", "-a", "-c", "n", "-e", "5m"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, bufsize=0)
t0 = 1714521600
p.stdin.write(b"time\tn\n")
for i in range(700):
    p.stdin.write(b"%d\t10\n" % (t0 + i * 300))
p.stdout.readline()                      # header
lat = []
for k in range(20):
    w = 700 + k * 3
    p.stdin.write(b"%d\t10\n" % (t0 + w * 300))
    time.sleep(0.02)
    a = time.perf_counter()
    p.stdin.write(b"%d\t200\n" % (t0 + w * 300 + 60))
    line = p.stdout.readline()
    lat.append(time.perf_counter() - a)
p.stdin.close()
p.wait()
lat.sort()
print("follow latency median / max ms (target < 50)\t%.2f / %.2f" % (lat[len(lat) // 2] * 1000, lat[-1] * 1000))
EOF
echo "results in $res"
