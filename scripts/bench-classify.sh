#!/bin/bash
# bench-classify.sh - rv-classify quality by 5-fold cross-validation on
# ../shared/data/category-labels.tsv beside liblinear and fastText on the
# same folds (and the rules alone), a learning curve, and speed on ROWS
# (default 1M) negative reviews with the model and with --rules-only, side
# by side with the analyst's way: one `grep -cP` pass per category with
# the same patterns.
# Results: stdout and build/bench/classify.tsv.
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C.UTF-8
ROWS=${ROWS:-1000000}
shared=${SHARED:-../shared}/data
[ -d "$shared" ] || shared=../../shared/data	# from a worktree in /work/wt
[ -f "$shared/zh-shopping-train.tsv" ] || { echo "bench-classify: no $shared/zh-shopping-train.tsv" >&2; exit 1; }
out=build/bench/classify.tsv
tmp=build/bench/classify.tmp
mkdir -p build/bench "$tmp"
[ -x bin/rv-classify ] || { echo "bench-classify: build first (make)" >&2; exit 1; }

now() { date +%s.%N; }

# ---- quality: 5-fold cross-validation on category-labels.tsv ------------
# Folds by id (md5 mod 5), per language, figures on the pooled out-of-fold
# predictions (scripts/classify-cv.py). rv is trained as make model trains
# the default (the tests/data sets and 800 positive reviews as "none" are
# added to every training fold, never scored); the peers see the same folds
# and the labelled rows only. The rules alone are the floor.
labels=$shared/category-labels.tsv
extra=tests/data/category-train.tsv,tests/data/category-dev.tsv,tests/data/category-pos.tsv
cv() { python3 scripts/classify-cv.py "$@" "$labels"; }
echo "== 5-fold CV on $labels (primary_acc: complaint rows; none_flagged: no-complaint rows given a category)"
{
	cv --systems rv --extra "$extra" --none-pool 800 --rv-train-opts "--bits 18 --calibrate" --per-class rv
	cv --systems rules | tail -n +2
	peers=
	command -v liblinear-train >/dev/null && peers=liblinear-lr,liblinear-svm
	command -v fasttext >/dev/null && peers=${peers:+$peers,}fasttext
	[ -n "$peers" ] && cv --systems "$peers" | tail -n +2
	[ -z "$peers" ] && echo "# peers skipped: bash scripts/deps.sh bench installs liblinear-tools and fasttext" >&2
	# Learning curve: the same folds, training rows drawn at random (no
	# --calibrate, to keep it quick).
	for n in 1000 2000 4000; do
		cv --systems rv --limit $n --rv-train-opts "--bits 18" | tail -n +2
	done
} | tee "$tmp/quality.tsv" | column -t -s "$(printf '\t')"

# ---- speed data: real negative reviews + recombined sentences --------------
data=$tmp/rows.tsv
if [ ! -s "$data" ] || [ "$(wc -l <"$data")" -ne $((ROWS + 1)) ]; then
	{
		awk -F'\t' 'FNR>1 && $3==0 {print $4}' "$shared/zh-shopping-train.tsv"
		awk -F'\t' 'FNR>1 && $2==0 {print $3}' "$shared/zh-waimai-train.tsv"
		awk -F'\t' 'FNR>1 && $4<=2 {print $9 ". " $10}' "$shared/en-clothing-train.tsv"
	} >"$tmp/real.txt"
	[ -s "$tmp/real.txt" ] || { echo "bench-classify: no negative reviews read" >&2; exit 1; }
	# Every real row once per round, plus the same number of synthetic rows
	# made of 1-4 random clauses of real rows (deterministic seed).
	awk -v rows="$ROWS" 'BEGIN{srand(42)} {real[NR]=$0; n=split($0, c, /[，。！？!?,.]/);
		for(i=1;i<=n;i++) if(length(c[i])>2) cl[++nc]=c[i]}
		END{print "id\ttext"; k=0
		while(k<rows){ for(r=1;r<=NR && k<rows;r++){ print "r" k "\t" real[r]; k++
			if(k<rows){ m=1+int(rand()*4); s=cl[1+int(rand()*nc)];
			for(j=2;j<=m;j++) s=s "，" cl[1+int(rand()*nc)]; print "s" k "\t" s; k++ } } } }' \
		"$tmp/real.txt" >"$data"
fi
bytes=$(wc -c <"$data")
mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}')
echo "== speed: $ROWS rows, $mb MB, one core"

# ---- rv-classify: the model (default) and the rules alone -------------------
t0=$(now)
taskset -c 0 bin/rv-classify "$data" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
t1=$(now)
rv=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
t0=$(now)
taskset -c 0 bin/rv-classify --rules-only "$data" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
t1=$(now)
rvr=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
mem=$( { /usr/bin/time -f %M bin/rv-classify "$data" >/dev/null; } 2>&1 | tail -1)

# ---- grep -cP, one pass per category, same patterns -------------------------
bin/rv-classify --dump-defaults | awk -F'\t' '!/^#/ && NF>=3 && $1!="category" && $1 !~ /^-/' >"$tmp/rules"
gtotal=0
: >"$tmp/grep.tsv"
for cat in $(cut -f1 "$tmp/rules" | awk '!s[$0]++'); do
	pat=$(awk -F'\t' -v c="$cat" '$1==c {printf "%s(?:%s)", (n++ ? "|" : ""), $3}' "$tmp/rules")
	g0=$(now)
	cnt=$(taskset -c 0 grep -cP -- "$pat" "$data" 2>"$tmp/err") || [ "$cnt" = 0 ] ||
		{ echo "grep $cat failed: $(head -c 300 "$tmp/err")" >&2; continue; }
	g1=$(now)
	gs=$(awk -v a="$g0" -v b="$g1" 'BEGIN{printf "%.3f", b-a}')
	printf '%s\t%s\t%s\n' "$cat" "$cnt" "$gs" >>"$tmp/grep.tsv"
	gtotal=$(awk -v a="$gtotal" -v b="$gs" 'BEGIN{printf "%.3f", a+b}')
done
echo "per-category grep -cP passes (category, matching rows, seconds):"
column -t "$tmp/grep.tsv" | sed 's/^/  /'

awk -v rows="$ROWS" -v mb="$mb" -v rv="$rv" -v rvr="$rvr" -v g="$gtotal" -v bytes="$bytes" 'BEGIN{OFS="\t"
	print "tool", "rows", "MB", "bytes_per_row", "seconds", "rows_per_s", "MB_per_s", "speedup"
	printf "%s\t%d\t%s\t%.0f\t%.3f\t%.0f\t%.1f\t%.2f\n", "rv-classify", rows, mb, bytes/rows, rv, rows/rv, mb/rv, g/rv
	printf "%s\t%d\t%s\t%.0f\t%.3f\t%.0f\t%.1f\t%.2f\n", "rv-classify-rules-only", rows, mb, bytes/rows, rvr, rows/rvr, mb/rvr, g/rvr
	printf "%s\t%d\t%s\t%.0f\t%.3f\t%.0f\t%.1f\t%.2f\n", "grep-cP-x12", rows, mb, bytes/rows, g, rows/g, mb/g, 1}' >"$tmp/speed.tsv"
column -t -s "$(printf '\t')" "$tmp/speed.tsv"
echo "peak memory of rv-classify: $mem KB"
{
	echo "# rv-classify bench $(date -u +%Y-%m-%dT%H:%MZ)"
	cat "$tmp/quality.tsv"
	cat "$tmp/speed.tsv"
} >"$out"
echo "written to $out"
