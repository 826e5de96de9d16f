#!/bin/bash
# bench-rootcause.sh - rv-rootcause accuracy and speed (run by make bench).
#  Accuracy: CASES (default 120) rv-sample orders cases with planted causes
#  (1-3 per case, depth 1-3, down to 0.5% of rows), correlated decoys,
#  Simpson traps on every other case, change mode (causes in the last week
#  plus a mix shift) on every fourth, and 15% of cases with no cause.
#  A predicted cause counts only when its set of conditions equals a
#  planted one: exact-match precision/recall/F1 over all cases, recall at
#  3, false alarms on no-cause cases, decoys and Simpson traps reported as
#  causes, mix shifts found.
#  Speed: 1M rows x 6 dimensions, depth 3: rv-rootcause vs a pandas
#  groupby over all 41 1-3-dimension combinations (read_csv included, as
#  an analyst would write it), best of 3 wall seconds, CPU and peak RSS.
#  Results: stdout and build/bench/rootcause.tsv.
set -u
cd "$(dirname "$0")/.." || exit 1
B=build/bench/rootcause
mkdir -p "$B"
res=build/bench/rootcause.tsv
printf 'metric\tvalue\n' > "$res"
put() { printf '%s\t%s\n' "$1" "$2" >> "$res"; printf '  %-46s %s\n' "$1" "$2"; }
PY=python3
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pandas' 2>/dev/null && PY=/usr/bin/python3
CASES=${CASES:-120}
DIMS=line,sku,brand,carrier,warehouse,province,channel
RC=bin/rv-rootcause
SAMPLE=bin/rv-sample
[ -x $RC ] && [ -x $SAMPLE ] || { echo "bench-rootcause: build first (make)" >&2; exit 1; }

# ---- accuracy ----
echo "accuracy: $CASES cases"
: > "$B/cases.tsv"
for i in $(seq 1 "$CASES"); do
	if [ $((i % 20)) -lt 3 ]; then nc=0; else nc=$((1 + i % 3)); fi
	rows=$((20000 + (i * 7919) % 180000))
	opt="--causes $nc --seed $i"
	[ $((i % 2)) -eq 0 ] && opt="$opt --simpson"
	mode=rate
	[ $((i % 4)) -eq 3 ] && { opt="$opt --change"; mode=change; }
	$SAMPLE orders --rows $rows $opt --truth > "$B/truth"
	if [ $mode = change ]; then
		per="-p week --baseline 2026-W42,2026-W43,2026-W44 --target 2026-W45"
	else
		per=
	fi
	$SAMPLE orders --rows $rows $opt | $RC -d $DIMS -o returned $per > "$B/pred" || exit 1
	# one line per case: id mode causes rows, then the judged findings
	awk -F'\t' -v id=$i -v mode=$mode -v nc=$nc -v rows=$rows '
	FNR == 1 { next }
	FILENAME ~ /truth$/ { kind[$1] = $6; if ($6 == "cause") ntrue++; next }
	$2 == "cause" { np++; k = ($3 in kind) ? kind[$3] : "none"
		if (k == "cause") { tp++; if (np <= 3) top3++ } else if (k == "decoy") dec++; else if (k == "simpson") sim++; else if (k == "mixshift") mixc++ }
	$2 == "mixshift" && kind[$3] == "mixshift" { mix++ }
	END { for (c in kind) if (kind[c] == "mixshift") nmix++
		printf "%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", id, mode, nc, rows,
		    ntrue, np, tp, top3, dec, sim, mixc, mix, nmix }' "$B/truth" "$B/pred" >> "$B/cases.tsv"
done
awk -F'\t' '
{ ntrue += $5; np += $6; tp += $7; top3 += $8; dec += $9; sim += $10; mixc += $11; mix += $12; nmix += $13
  if ($3 == 0) { nz++; if ($6 > 0) fa++ }
  if ($2 == "change") { cn += $5; ctp += $7 } else { rn += $5; rtp += $7 } }
END {
  p = np ? tp / np : 0; r = ntrue ? tp / ntrue : 0; f = p + r ? 2 * p * r / (p + r) : 0
  printf "cases\t%d\n", NR
  printf "planted causes\t%d\n", ntrue
  printf "predicted causes\t%d\n", np
  printf "exact-match precision\t%.3f\n", p
  printf "exact-match recall\t%.3f\n", r
  printf "exact-match F1 (target >= 0.85)\t%.3f\n", f
  printf "recall at 3\t%.3f\n", ntrue ? top3 / ntrue : 0
  printf "recall, rate-mode cases\t%.3f\n", rn ? rtp / rn : 0
  printf "recall, change-mode cases\t%.3f\n", cn ? ctp / cn : 0
  printf "false alarms on no-cause cases (target <= 10%%)\t%d/%d = %.1f%%\n", fa, nz, nz ? 100 * fa / nz : 0
  printf "decoys reported as causes\t%d\n", dec
  printf "Simpson traps reported as causes\t%d\n", sim
  printf "mix shifts reported as causes\t%d\n", mixc
  printf "mix shifts found (change mode)\t%d/%d\n", mix, nmix
}' "$B/cases.tsv" | while IFS=$'\t' read -r k v; do put "$k" "$v"; done

# ---- speed ----
[ -n "${SKIP_SPEED:-}" ] && exit 0
echo "speed: 1M rows x 6 dimensions, depth 3"
[ -s "$B/big.tsv" ] || $SAMPLE orders --rows 1000000 --seed 7 --causes 3 > "$B/big.tsv"
D6=line,sku,brand,carrier,warehouse,province
best() {	# best of 3: wall seconds, user+sys seconds, max RSS KB
	local b=999999 bc=0 bm=0 i out
	for i in 1 2 3; do
		out=$( { /usr/bin/time -f '%e %U %S %M' "$@" > /dev/null; } 2>&1 | tail -1)
		set -- "$@"
		read -r w u s m <<< "$out"
		if awk -v w="$w" -v b="$b" 'BEGIN { exit !(w < b) }'; then b=$w; bc=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }'); bm=$m; fi
	done
	echo "$b $bc $bm"
}
read -r rw rc_cpu rm <<< "$(best $RC -d $D6 -o returned "$B/big.tsv")"
put "rv-rootcause wall s (target < 2)" "$rw"
put "rv-rootcause cpu s" "$rc_cpu"
put "rv-rootcause max RSS MB" "$((rm / 1024))"
if $PY -c 'import pandas' 2>/dev/null; then
	cat > "$B/peer.py" <<'EOF'
# What an analyst writes: every 1-3-dimension combination, its rows, hits
# and rate against the rest, significant ones by a z-test.
import sys, itertools, math
import pandas as pd
dims = ["line", "sku", "brand", "carrier", "warehouse", "province"]
d = pd.read_csv(sys.argv[1], sep="\t", usecols=dims + ["returned"], dtype=str)
d["returned"] = d["returned"].astype(int)
N, H = len(d), d["returned"].sum()
out = []
for k in (1, 2, 3):
    for c in itertools.combinations(dims, k):
        g = d.groupby(list(c), sort=False)["returned"].agg(["size", "sum"])
        g = g[g["size"] >= 20]
        rest = (H - g["sum"]) / (N - g["size"])
        z = (g["sum"] / g["size"] - rest) / ((rest * (1 - rest) / g["size"]) ** 0.5)
        out.append(g[z > 4])
print(sum(len(x) for x in out))
EOF
	read -r pw pc pm <<< "$(best $PY "$B/peer.py" "$B/big.tsv")"
	put "pandas groupby (41 combinations) wall s" "$pw"
	put "pandas cpu s" "$pc"
	put "pandas max RSS MB" "$((pm / 1024))"
	put "speed-up vs pandas (target >= 10x)" "$(awk -v a="$pw" -v b="$rw" 'BEGIN { printf "%.1fx", a / b }')"
	put "cpu speed-up vs pandas" "$(awk -v a="$pc" -v b="$rc_cpu" 'BEGIN { printf "%.1fx", a / b }')"
else
	echo "  pandas missing: apt-get install python3-pandas (peer skipped)"
fi
