#!/bin/bash
# bench-rootcause.sh - rv-rootcause accuracy and speed (run by make bench).
#  Accuracy: CASES (default 200) rate-mode and CASES change-mode cases from
#  rv-sample orders --realistic (every value of every dimension +-25% by
#  background, value pairs 1.2-1.5x, period drift +-10% with every value a
#  further +-8%, chronic segments and a mix shift in change mode) with
#  planted causes (1-3 per case, depth 1-3, 0.5-15% of rows, lift 2-6),
#  correlated decoys, Simpson traps on every other case, a cause masked by
#  a low-return line on every third rate-mode case, and 15% of cases with
#  no cause. Case i uses seed SEED0 + i (SEED0 default 0: develop on
#  another SEED0, report this one). CLEAN=1 uses rv-sample's clean world
#  instead (no background).
#  A predicted cause counts only when its set of conditions equals a
#  planted cause (or masked cause): exact-match precision/recall/F1 per
#  mode, recall at 3, false alarms on no-cause cases, and how often
#  decoys, Simpson traps, background pairs, chronic segments and mix shifts
#  are reported as causes (and mix shifts as mix shifts).
#  F1 by family, for rv and two plain baselines on the same rows
#  (scripts/rc-baseline.py: per-segment binomial test with
#  Benjamini-Hochberg and a min lift, and Adtributor; pure Python, so on
#  the first BASE_CASES cases only, default 40, where rv-same is rv on the
#  same cases; SKIP_BASELINE=1 skips them): 2 TP / (2 TP + FN + FP) with TP and FN the found and missed
#  planted causes of the family and FP the false causes predicted in the
#  cases holding one: depth1-3; small (under 1% of the rows, of the target
#  week in change mode); subtle (rate under 2.5x the base); masked (the
#  masked cause); decoys, simpson, siblings (cases with a decoy, a Simpson
#  trap, two causes on one dimension: all their causes); all. FA: no-cause
#  cases with any cause reported.
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
# judge TRUTH PRED MODE ROWS: the counts of one method on one case,
#  ntrue np tp top3 dec sim mixc mix nmix mk nmk bgr nbg chr nch fams...
# fams: family:tp:fn:fp, the found and missed planted causes of the
# family and the false predictions of the case (see the header)
judge() {
	awk -F'\t' -v mode=$3 -v rows=$4 '
	FNR == 1 { next }
	FILENAME == ARGV[1] { kind[$1] = $6; depth[$1] = $2; srows[$1] = $3
		lift[$1] = $5 > 0 ? $4 / $5 : 99
		if ($6 == "cause" || $6 == "masked") { ntrue++; tc[ntrue] = $1 }
		if ($6 == "masked") nmk++; next }
	$2 == "cause" { np++; k = ($3 in kind) ? kind[$3] : "none"
		if (k == "cause" || k == "masked") { tp++; hit[$3] = 1; if (np <= 3) top3++; if (k == "masked") mk++ }
		else { nfp++
			if (k == "decoy") dec++; else if (k == "simpson") sim++; else if (k == "mixshift") mixc++
			else if (k == "background") bgr++; else if (k == "chronic") chr++ } }
	$2 == "mixshift" && kind[$3] == "mixshift" { mix++ }
	function fam(f, isc, i) {	# families: planted causes in f (isc[i]), false predictions of the case
		t = fn = 0
		for (i = 1; i <= ntrue; i++) if (isc[i]) { if (tc[i] in hit) t++; else fn++ }
		printf "\t%s:%d:%d:%d", f, t, fn, nfp }
	END {
		for (c in kind) { if (kind[c] == "mixshift") nmix++; if (kind[c] == "background") nbg++; if (kind[c] == "chronic") nch++
			if (kind[c] == "decoy") hasdec = 1; if (kind[c] == "simpson") hassim = 1 }
		printf "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d",
		    ntrue, np, tp, top3, dec, sim, mixc, mix, nmix, mk, nmk, bgr, nbg, chr, nch
		sib = 0
		for (i = 1; i <= ntrue; i++) for (j = i + 1; j <= ntrue; j++) {
			split(tc[i], a, "&"); split(tc[j], b, "&")
			for (x in a) for (y in b) { sub(/=.*/, "", a[x]); sub(/=.*/, "", b[y]); if (a[x] == b[y]) sib = 1 } }
		any = 0; for (i = 1; i <= ntrue; i++) { all[i] = 1; any = 1 }
		if (nmk) { for (i = 1; i <= ntrue; i++) one[i] = kind[tc[i]] == "masked"; fam("masked", one); delete one }
		if (hasdec) fam("decoys", all)
		if (hassim) fam("simpson", all)
		if (sib) fam("siblings", all)
		for (d = 1; d <= 3; d++) { f = 0; for (i = 1; i <= ntrue; i++) { one[i] = depth[tc[i]] == d; f += one[i] }
			if (f) fam("depth" d, one); delete one }
		f = 0; for (i = 1; i <= ntrue; i++) { one[i] = srows[tc[i]] < 0.01 * (mode == "change" ? rows / 4 : rows); f += one[i] }
		if (f) fam("small", one); delete one
		f = 0; for (i = 1; i <= ntrue; i++) { one[i] = lift[tc[i]] < 2.5; f += one[i] }
		if (f) fam("subtle", one); delete one
		if (any) fam("all", all)
		printf "\n" }' "$1" "$2"
}

# one case: id mode; appends one line per method to cases.tsv
run_case() {
	local i=$1 mode=$2 nc rows opt per m
	if [ $((i % 20)) -lt 3 ]; then nc=0; else nc=$((1 + i % 3)); fi
	rows=$((20000 + (i * 7919) % 180000))
	opt="--causes $nc --seed $((SEED0 + i)) $REAL"
	[ $((i % 2)) -eq 0 ] && opt="$opt --simpson"
	per=
	if [ $mode = change ]; then
		opt="$opt --change"
		per="-p week --baseline 2026-W42,2026-W43,2026-W44 --target 2026-W45"
	elif [ $nc -gt 0 ] && [ $((i % 3)) -eq 1 ] && [ -n "$REAL" ]; then
		opt="$opt --masked"
	fi
	$SAMPLE orders --rows $rows $opt --truth > "$B/truth.$mode"
	$SAMPLE orders --rows $rows $opt | $RC --partial -d $DIMS -o returned $per > "$B/part.$mode" || return 1
	$RC --merge "$B/part.$mode" > "$B/pred.$mode.rv" || return 1
	judge "$B/truth.$mode" "$B/pred.$mode.rv" $mode $rows | sed "s/^/$i\t$mode\trv\t$nc\t$rows\t/" >> "$B/cases.tsv"
	if [ -n "$BASE" ] && [ $i -le $BASE_CASES ]; then
		# rv again on the cases the baselines see, for a fair comparison
		judge "$B/truth.$mode" "$B/pred.$mode.rv" $mode $rows | sed "s/^/$i\t$mode\trv-same\t$nc\t$rows\t/" >> "$B/cases.tsv"
		$PY scripts/rc-baseline.py "$B/part.$mode" "$B/pred.$mode.binom" "$B/pred.$mode.adtributor" || return 1
		for m in binom adtributor; do
			judge "$B/truth.$mode" "$B/pred.$mode.$m" $mode $rows | sed "s/^/$i\t$mode\t$m\t$nc\t$rows\t/" >> "$B/cases.tsv"
		done
	fi
}
SEED0=${SEED0:-0}
BASE=1
[ -n "${SKIP_BASELINE:-}" ] && BASE=
BASE_CASES=${BASE_CASES:-40}
echo "accuracy: $CASES cases per mode (${REAL:-clean}), seeds $((SEED0 + 1))-$((SEED0 + CASES))${BASE:+; baselines binom and adtributor on the first $BASE_CASES (rv-same: rv on those)}"
: > "$B/cases.tsv"
for i in $(seq 1 "$CASES"); do
	run_case $i rate || exit 1
	run_case $i change || exit 1
done
awk -F'\t' '
function f1(tp, np, nt) { p = np ? tp / np : 0; r = nt ? tp / nt : 0; return p + r ? 2 * p * r / (p + r) : 0 }
{ k = $2 SUBSEP $3; cases[k]++; ntrue[k] += $6; np[k] += $7; tp[k] += $8; top3[k] += $9; dec[k] += $10; sim[k] += $11
  mixc[k] += $12; mix[k] += $13; nmix[k] += $14; mk[k] += $15; nmk[k] += $16; bgr[k] += $17; nbg[k] += $18
  chr[k] += $19; nch[k] += $20; meths[$3] = 1
  if ($4 == 0) { nz[k]++; if ($7 > 0) fa[k]++ }
  for (i = 21; i <= NF; i++) { split($i, a, ":"); ft[k, a[1]] += a[2]; ffn[k, a[1]] += a[3]; ffp[k, a[1]] += a[4]; fams[a[1]] = 1 } }
END {
  nm = split("rv rv-same binom adtributor", ml, " ")
  nf = split("all depth1 depth2 depth3 small subtle masked decoys simpson siblings", fl, " ")
  for (x = 0; x < 2; x++) { m = x ? "change" : "rate"; k = m SUBSEP "rv"
    printf "%s: cases\t%d\n", m, cases[k]
    printf "%s: planted causes / predicted\t%d / %d\n", m, ntrue[k], np[k]
    printf "%s: exact-match precision\t%.3f\n", m, np[k] ? tp[k] / np[k] : 0
    printf "%s: exact-match recall\t%.3f\n", m, ntrue[k] ? tp[k] / ntrue[k] : 0
    printf "%s: exact-match F1 (target >= 0.85)\t%.3f\n", m, f1(tp[k], np[k], ntrue[k])
    printf "%s: recall at 3\t%.3f\n", m, ntrue[k] ? top3[k] / ntrue[k] : 0
    printf "%s: false alarms on no-cause cases (target <= 10%%)\t%d/%d = %.1f%%\n", m, fa[k], nz[k], nz[k] ? 100 * fa[k] / nz[k] : 0
    printf "%s: decoys / Simpson traps reported as causes\t%d / %d\n", m, dec[k], sim[k]
    printf "%s: background pairs reported as causes\t%d/%d\n", m, bgr[k], nbg[k]
    if (m == "rate") printf "%s: masked causes found\t%d/%d\n", m, mk[k], nmk[k]
    if (m == "change") {
      printf "%s: chronic segments reported as causes\t%d/%d\n", m, chr[k], nch[k]
      printf "%s: mix shifts reported as causes / as mix shifts\t%d / %d/%d\n", m, mixc[k], mix[k], nmix[k] }
    # F1 per family, rv and the baselines side by side
    for (j = 1; j <= nm; j++) { k = m SUBSEP ml[j]; if (!cases[k]) continue
      line = sprintf("FA %d/%d", fa[k], nz[k])
      for (i = 1; i <= nf; i++) { f = fl[i]; if (!((k, f) in ft)) continue
        t = ft[k, f]; line = line sprintf(" %s %.2f", f, t ? 2 * t / (2 * t + ffn[k, f] + ffp[k, f]) : 0) }
      printf "%s: F1 by family, %s\t%s\n", m, ml[j], line }
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
