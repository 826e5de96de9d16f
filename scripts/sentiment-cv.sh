#!/bin/bash
# sentiment-cv.sh - K-fold cross-validation of rv's sentiment model
# against the two peers, on the 90% train part of each data set (the dev
# part stays untouched), so that the comparison does not hang on one dev
# split of ~1,000 rows (one standard error there is about one point).
#
# For each set and fold: rv is one model trained on the other folds plus
# the other data sets' train parts (as the shipped model is), scored through
# rv-sentiment (lexicon fusion included); liblinear (-s 0 -B 1, binary
# character/word 1-2-grams) and fastText (dim 10, wordNgrams 2) are trained
# on the other folds of that set alone, as in bench-sentiment.sh.
# Prints per-fold accuracies, the means, and the mean paired difference
# rv - peer with its standard error. Results: build/bench/sentiment-cv.tsv.
# Env: K (folds, default 5), CV_SETS (default "waimai shopping clothing").
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C.UTF-8
K=${K:-5}
SETS=${CV_SETS:-waimai shopping clothing}
S=build/bench/split
W=build/bench/sentiment-cv
OUT=build/bench/sentiment-cv.tsv
TOK=scripts/sentiment-tok.py
[ -x bin/rv-train ] && [ -x bin/rv-sentiment ] || { echo "sentiment-cv: build first (make)" >&2; exit 1; }
[ -s "$S/train-waimai.tsv" ] || {
	echo "sentiment-cv: run scripts/bench-sentiment.sh first (it makes the splits)" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
LL=0 FT=0
have liblinear-train && LL=1
have fasttext && FT=1
mkdir -p "$W"
printf 'set\tfold\trows\trv\tliblinear\tfasttext\n' >"$OUT"

# Accuracy of rv-sentiment with MODEL on FILE (scripts/polarity-acc.awk).
acc_rv() { bin/rv-sentiment --model "$1" "$2" | awk -F'\t' -f scripts/polarity-acc.awk; }
# Three columns id, label, text from any split file.
idlt() { awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	{ print $c["id"], $c["label"], $c["text"] }' "$@"; }

for set in $SETS; do
	idlt "$S/train-$set.tsv" >"$W/set.tsv"
	: >"$W/others.tsv"
	for o in waimai shopping clothing; do
		[ "$o" = "$set" ] || idlt "$S/train-$o.tsv" | tail -n +2 >>"$W/others.tsv"
	done
	# Fold k = data rows k, k+K, ... (the files are in id order).
	for k in $(seq 0 $((K - 1))); do
		awk -F'\t' -v K="$K" -v k="$k" -v W="$W" 'NR == 1 { print > (W "/test.tsv"); print > (W "/fit.tsv"); next }
		    { if ((NR - 2) % K == k) print > (W "/test.tsv"); else print > (W "/fit.tsv") }' "$W/set.tsv"
		cat "$W/fit.tsv" "$W/others.tsv" >"$W/rvtrain.tsv"
		bin/rv-train --label label --seed 1 -o "$W/rv.model" "$W/rvtrain.tsv" 2>/dev/null || exit 1
		a=$(acc_rv "$W/rv.model" "$W/test.tsv")
		b=- c=-
		if [ $LL = 1 ]; then
			python3 "$TOK" ll "$W/dict" train <"$W/fit.tsv" >"$W/fit.ll"
			python3 "$TOK" ll "$W/dict" test <"$W/test.tsv" >"$W/test.ll"
			liblinear-train -s 0 -B 1 -q "$W/fit.ll" "$W/ll.model" >/dev/null
			b=$(liblinear-predict "$W/test.ll" "$W/ll.model" /dev/null |
			    sed -n 's/.*= \([0-9.]*\)%.*/\1/p' | awk '{ printf "%.4f", $1 / 100 }')
		fi
		if [ $FT = 1 ]; then
			python3 "$TOK" ft - train <"$W/fit.tsv" >"$W/fit.ft"
			python3 "$TOK" ft - test <"$W/test.tsv" >"$W/test.ft"
			fasttext supervised -input "$W/fit.ft" -output "$W/ft" -dim 10 -wordNgrams 2 \
			    -thread 1 -verbose 0 >/dev/null 2>&1
			c=$(fasttext test "$W/ft.bin" "$W/test.ft" 2>/dev/null | awk '$1 == "P@1" { printf "%.4f", $2 }')
			rm -f "$W/ft.bin" "$W/ft.vec"
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$k" "$(($(wc -l <"$W/test.tsv") - 1))" "$a" "$b" "$c" >>"$OUT"
	done
done

awk -F'\t' 'NR == 1 { next }
{ n[$1]++; rows[$1] += $3; rv[$1] += $4; if (!($1 in seen)) { seen[$1]; order[++ns] = $1 }
  if ($5 != "-") { ll[$1] += $5; d = $4 - $5; dl[$1] += d; dl2[$1] += d * d }
  if ($6 != "-") { ft[$1] += $6; d = $4 - $6; df[$1] += d; df2[$1] += d * d } }
function se(s, s2, m) { return m > 1 ? sqrt((s2 / m - (s / m) ^ 2) / (m - 1)) : 0 }
END {
	printf "%-9s %6s %8s %10s %9s %17s %17s\n", "set", "rows", "rv", "liblinear", "fastText",
	    "rv-liblinear (se)", "rv-fastText (se)"
	for (i = 1; i <= ns; i++) {
		s = order[i]; m = n[s]
		printf "%-9s %6d %8.4f %10.4f %9.4f %+9.4f (%.4f) %+9.4f (%.4f)\n", s, rows[s], rv[s] / m,
		    ll[s] / m, ft[s] / m, dl[s] / m, se(dl[s], dl2[s], m), df[s] / m, se(df[s], df2[s], m)
	}
}' "$OUT"
echo "($K-fold CV on the train parts; per-fold figures in $OUT)"
