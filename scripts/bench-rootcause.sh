#!/bin/bash
# bench-rootcause.sh - rv-rootcause accuracy and speed (run by make bench).
#  Accuracy: CASES (default 200) rate-mode and CASES change-mode cases from
#  rv-sample orders --realistic (every value of every dimension +-25% by
#  background, value pairs 1.2-1.5x, period drift +-10% with every value a
#  further +-8%, chronic segments in change mode) with planted causes (1-3
#  per case, depth 1-3, 0.5-15% of rows, lift 1.5-5), correlated decoys,
#  Simpson traps on every other case, a cause masked by a low-return line
#  on every third rate-mode case, and 15% of cases with no cause.
#  CLEAN=1 uses rv-sample's clean world instead (no background).
#  A predicted cause counts only when its set of conditions equals a
#  planted cause (or masked cause): exact-match precision/recall/F1 per
#  mode, recall at 3, false alarms on no-cause cases, and how often
#  decoys, Simpson traps, background pairs and chronic segments are
#  reported as causes, and mix shifts found.
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
put() { printf '%s\t%s\n' "$1" "$2" >> "$res"; printf '  %-52s %s\n' "$1" "$2"; }
PY=python3
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pandas' 2>/dev/null && PY=/usr/bin/python3
CASES=${CASES:-200}
DIMS=line,sku,brand,carrier,warehouse,province,channel
RC=bin/rv-rootcause
SAMPLE=bin/rv-sample
REAL=--realistic
[ -n "${CLEAN:-}" ] && REAL=
[ -x $RC ] && [ -x $SAMPLE ] || { echo "bench-rootcause: build first (make)" >&2; exit 1; }

# ---- accuracy ----
# one case: id mode; writes one line of judged counts to cases.tsv
run_case() {
	local i=$1 mode=$2 nc rows opt per
	if [ $((i % 20)) -lt 3 ]; then nc=0; else nc=$((1 + i % 3)); fi
	rows=$((20000 + (i * 7919) % 180000))
	opt="--causes $nc --seed $i $REAL"
	[ $((i % 2)) -eq 0 ] && opt="$opt --simpson"
	per=
	if [ $mode = change ]; then
		opt="$opt --change"
		per="-p week --baseline 2026-W42,2026-W43,2026-W44 --target 2026-W45"
	elif [ $nc -gt 0 ] && [ $((i % 3)) -eq 1 ] && [ -n "$REAL" ]; then
		opt="$opt --masked"
	fi
	$SAMPLE orders --rows $rows $opt --truth > "$B/truth.$mode"
	$SAMPLE orders --rows $rows $opt | $RC -d $DIMS -o returned $per > "$B/pred.$mode" || return 1
	awk -F'\t' -v id=$i -v mode=$mode -v nc=$nc -v rows=$rows '
	FNR == 1 { next }
	FILENAME ~ /truth/ { kind[$1] = $6; if ($6 == "cause" || $6 == "masked") ntrue++; if ($6 == "masked") nmk++; next }
	$2 == "cause" { np++; k = ($3 in kind) ? kind[$3] : "none"
		if (k == "cause" || k == "masked") { tp++; if (np <= 3) top3++; if (k == "masked") mk++ }
		else if (k == "decoy") dec++; else if (k == "simpson") sim++; else if (k == "mixshift") mixc++
		else if (k == "background") bgr++; else if (k == "chronic") chr++ }
	$2 == "mixshift" && kind[$3] == "mixshift" { mix++ }
	END { for (c in kind) { if (kind[c] == "mixshift") nmix++; if (kind[c] == "background") nbg++; if (kind[c] == "chronic") nch++ }
		printf "%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", id, mode, nc, rows,
		    ntrue, np, tp, top3, dec, sim, mixc, mix, nmix, mk, nmk, bgr, nbg, chr, nch }' "$B/truth.$mode" "$B/pred.$mode" >> "$B/cases.tsv"
}
echo "accuracy: $CASES cases per mode (${REAL:-clean})"
: > "$B/cases.tsv"
for i in $(seq 1 "$CASES"); do
	run_case $i rate || exit 1
	run_case $i change || exit 1
done
awk -F'\t' '
function f1(tp, np, nt) { p = np ? tp / np : 0; r = nt ? tp / nt : 0; return p + r ? 2 * p * r / (p + r) : 0 }
{ m = $2; cases[m]++; ntrue[m] += $5; np[m] += $6; tp[m] += $7; top3[m] += $8; dec[m] += $9; sim[m] += $10
  mixc[m] += $11; mix[m] += $12; nmix[m] += $13; mk[m] += $14; nmk[m] += $15; bgr[m] += $16; nbg[m] += $17
  chr[m] += $18; nch[m] += $19
  if ($3 == 0) { nz[m]++; if ($6 > 0) fa[m]++ } }
END {
  for (k = 0; k < 2; k++) { m = k ? "change" : "rate"
    printf "%s: cases\t%d\n", m, cases[m]
    printf "%s: planted causes / predicted\t%d / %d\n", m, ntrue[m], np[m]
    printf "%s: exact-match precision\t%.3f\n", m, np[m] ? tp[m] / np[m] : 0
    printf "%s: exact-match recall\t%.3f\n", m, ntrue[m] ? tp[m] / ntrue[m] : 0
    printf "%s: exact-match F1 (target >= 0.85)\t%.3f\n", m, f1(tp[m], np[m], ntrue[m])
    printf "%s: recall at 3\t%.3f\n", m, ntrue[m] ? top3[m] / ntrue[m] : 0
    printf "%s: false alarms on no-cause cases (target <= 10%%)\t%d/%d = %.1f%%\n", m, fa[m], nz[m], nz[m] ? 100 * fa[m] / nz[m] : 0
    printf "%s: decoys / Simpson traps reported as causes\t%d / %d\n", m, dec[m], sim[m]
    printf "%s: background pairs reported as causes\t%d/%d\n", m, bgr[m], nbg[m]
    if (m == "rate") printf "%s: masked causes found\t%d/%d\n", m, mk[m], nmk[m]
    if (m == "change") {
      printf "%s: chronic segments reported as causes\t%d/%d\n", m, chr[m], nch[m]
      printf "%s: mix shifts reported as causes / found\t%d / %d/%d\n", m, mixc[m], mix[m], nmix[m] }
  }
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
