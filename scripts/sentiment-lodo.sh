#!/bin/bash
# sentiment-lodo.sh - leave-one-domain-out: how rv-sentiment does on a
# product line its model never saw (a stand-in for a shop's new category
# or another source). For each held-out line of the shopping data the
# model is trained on everything else (other lines, food delivery,
# clothing; train parts only) and scored on that line's train part, with
# the model alone (--lexicon-weight 0), the default fusion, a heavier
# lexicon, and the lexicon alone (--no-model).
# Results: stdout and build/bench/sentiment-lodo.tsv.
# Env: LODO_LINES (default "酒店 蒙牛 计算机 书籍 热水器").
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C.UTF-8
S=build/bench/split
W=build/bench/sentiment-lodo
OUT=build/bench/sentiment-lodo.tsv
LINES=${LODO_LINES:-酒店 蒙牛 计算机 书籍 热水器}
[ -x bin/rv-train ] && [ -x bin/rv-sentiment ] || { echo "sentiment-lodo: build first (make)" >&2; exit 1; }
[ -s "$S/train-shopping.tsv" ] || { echo "sentiment-lodo: run scripts/bench-sentiment.sh first (it makes the splits)" >&2; exit 1; }
mkdir -p "$W"

acc() { awk -F'\t' -f scripts/polarity-acc.awk; }

printf 'line\trows\tmodel_only\tdefault\tlexicon_0.7\tlexicon_only\n' >"$OUT"
for d in $LINES; do
	awk -F'\t' -v d="$d" -v OFS='\t' 'NR == 1 { print "id", "label", "text"; next }
	    $2 != d { print $1, $3, $4 }' "$S/train-shopping.tsv" >"$W/train.tsv"
	awk -F'\t' -v OFS='\t' 'NR > 1 { print $1, $2, $3 }' "$S/train-waimai.tsv" >>"$W/train.tsv"
	awk -F'\t' -v OFS='\t' 'NR > 1 { print $1, $3, $4 }' "$S/train-clothing.tsv" >>"$W/train.tsv"
	awk -F'\t' -v d="$d" -v OFS='\t' 'NR == 1 { print "id", "label", "text"; next }
	    $2 == d { print $1, $3, $4 }' "$S/train-shopping.tsv" >"$W/test.tsv"
	bin/rv-train --label label --seed 1 -o "$W/m.model" "$W/train.tsv" 2>/dev/null || exit 1
	a=$(bin/rv-sentiment --model "$W/m.model" --lexicon-weight 0 "$W/test.tsv" | acc)
	b=$(bin/rv-sentiment --model "$W/m.model" "$W/test.tsv" | acc)
	c=$(bin/rv-sentiment --model "$W/m.model" --lexicon-weight 0.7 "$W/test.tsv" | acc)
	e=$(bin/rv-sentiment --no-model "$W/test.tsv" | acc)
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$(($(wc -l <"$W/test.tsv") - 1))" "$a" "$b" "$c" "$e" >>"$OUT"
done
column -t -s "$(printf '\t')" "$OUT"
echo "(accuracy on a product line left out of training; default = model + lexicon, weight 0.35)"
