#!/bin/bash
# sentiment-en.sh - English complaints (issue 14 part 2): how many 1-2-star
# clothing reviews rv-sentiment calls neg, at what precision, title and
# text read as rv-sentiment -t title,text reads them (make model trains on
# them so: scripts/sentiment-corpus.sh).
#
# Two figures, never mixed:
#   cv   K-fold cross-validation on the clothing reviews of the 90% train
#        part of scripts/split.sh (fold k = rows k, k+K, ... in id order);
#        each fold's model is trained as make model trains the shipped one
#        (the other folds plus the Chinese train parts, English negatives
#        EN_NEG_WEIGHT times). This is the figure to develop on.
#   dev  the 10% dev split, model trained on the whole train part: the
#        figure to report, not to tune on.
# For each: recall and precision of neg at the default decision (polarity
# neg), accuracy and macro-F1 of neg/pos (a neu row counts by the sign of
# its score, as in bench-sentiment.sh), and the best recall at precision
# >= 0.85 over all thresholds on the score (what a better threshold could
# give). Also the accuracy of the Chinese dev sets for the dev model.
# Env: K (default 5), EN_NEG_WEIGHT (default 5, as make model), PARTS
# ("cv dev"), RV_OPTS (extra rv-sentiment options), RV_TRAIN_OPTS (extra
# rv-train options), RETRAIN=1 (retrain the
# models; by default they are reused when the training data is unchanged).
# Output in build/bench/sentiment-en/; misses in cv-misses.tsv.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8
data=../shared/data
[ -d "$data" ] || data=../../shared/data
K=${K:-5}
WT=${EN_NEG_WEIGHT:-5}
PARTS=${PARTS:-cv dev}
W=build/bench/sentiment-en
S=build/bench/split
mkdir -p "$W"
bash scripts/split.sh
[ -x bin/rv-train ] && [ -x bin/rv-sentiment ] || make -s bin/rv-train bin/rv-sentiment

# The corpus with each row's part: dev, or train fold (clothing: row
# number in id order mod K; other sets: -1). corpus.tsv has the title
# joined to the text as make model joins it (for training), corpus-t.tsv
# the two apart (for rv-sentiment -t title,text).
part() {
	awk -F'\t' -v OFS='\t' -v K="$K" '
	    FILENAME ~ /dev-all/ { if (FNR > 1) dev[$1]; next }
	    FNR == 1 { print "part", $0; next }
	    $1 in dev { print "dev", $0; next }
	    $2 == "clothing" { print "f" (n++ % K), $0; next }
	    { print "f-1", $0 }' "$S/dev-all.tsv" -
}
bash scripts/sentiment-corpus.sh "$data" | part >"$W/corpus.tsv"
bash scripts/sentiment-corpus.sh --title "$data" | part >"$W/corpus-t.tsv"

# train OUT PART: train on the rows not in PART (and not dev).
train() {
	local out=$1 part=$2
	awk -F'\t' -v OFS='\t' -v p="$part" -v w="$WT" 'NR == 1 { print $2, $4, $5; next }
	    $1 == "dev" || $1 == p { next }
	    { print $2, $4, $5; if ($3 == "clothing" && $4 == "neg") for (i = 1; i < w; i++) print $2, $4, $5 }' \
	    "$W/corpus.tsv" >"$W/train.tsv"
	# what the model depends on: the data, the options, rv-train
	key=$({ md5sum <"$W/train.tsv"; echo "${RV_TRAIN_OPTS:-}"; md5sum <bin/rv-train; } | md5sum)
	if [ "${RETRAIN:-0}" = 1 ] || [ ! -s "$out" ] || [ "$key" != "$(cat "$out.key" 2>/dev/null)" ]; then
		bin/rv-train --seed 1 ${RV_TRAIN_OPTS:-} --label label -t text -o "$out" "$W/train.tsv" >/dev/null
		echo "$key" >"$out.key"
	fi
}
# test MODEL PART SET: rv-sentiment on that part's rows of SET -> id label score polarity
test_part() {
	awk -F'\t' -v OFS='\t' -v p="$2" -v s="$3" 'NR == 1 { print $2, $4, $5, $6; next }
	    $1 == p && (s == "clothing" ? $3 == "clothing" : s == "waimai" ? $3 == "外卖" : $3 != "clothing" && $3 != "外卖") {
		print $2, $4, $5, $6 }' "$W/corpus-t.tsv" |
	bin/rv-sentiment --model "$1" -t title,text ${RV_OPTS:-} | awk -F'\t' -v OFS='\t' '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["id"], $c["label"], $c["sentiment"], $c["polarity"], $c["sentiment_cues"], $c["text"] }'
}
# metrics FILE (id label score polarity ...)
metrics() {
	sort -t"$(printf '\t')" -k3,3g "$1" | awk -F'\t' '
	{ n++; g = $2; s = $3 + 0; p = $4; if (p == "neu") p = s > 0 ? "pos" : s < 0 ? "neg" : "neu"
	  ng += g == "neg"; ok += p == g; tp += p == "neg" && g == "neg"; pn += p == "neg"
	  tpp += p == "pos" && g == "pos"; pp += p == "pos"
	  dn += $4 == "neg"; dtp += $4 == "neg" && g == "neg"
	  gs[n] = g }
	END {
		npos = n - ng
		f1n = 2 * tp / (ng + pn); f1p = 2 * tpp / (npos + pp)
		# best recall at precision >= 0.85: rows sorted by score, neg = the first i
		best = 0; bp = 0; t = 0
		for (i = 1; i <= n; i++) { t += gs[i] == "neg"; if (t / i >= 0.85 && t / ng > best) { best = t / ng; bp = t / i } }
		# and its mean over P >= 0.83 ... 0.88 (less noisy, for comparing)
		mr = 0
		for (q = 0.83; q < 0.885; q += 0.01) {
			b = 0; t = 0
			for (i = 1; i <= n; i++) { t += gs[i] == "neg"; if (t / i >= q && t / ng > b) b = t / ng }
			mr += b / 6
		}
		printf "n %d neg %d  default: recall %.3f precision %.3f  accuracy %.4f macro-F1 %.4f  best recall@P>=0.85 %.3f (P %.3f)  mean@P.83-.88 %.3f\n",
		    n, ng, dtp / ng, dn ? dtp / dn : 0, ok / n, (f1n + f1p) / 2, best, bp, mr
	}'
}

if [[ " $PARTS " == *" cv "* ]]; then
	: >"$W/cv.tsv"
	for k in $(seq 0 $((K - 1))); do
		train "$W/fold-$k.model" "f$k"
		test_part "$W/fold-$k.model" "f$k" clothing >>"$W/cv.tsv"
	done
	printf 'cv  clothing: %s\n' "$(metrics "$W/cv.tsv")"
	awk -F'\t' -v OFS='\t' '($2 == "neg") != ($4 == "neg")' "$W/cv.tsv" >"$W/cv-misses.tsv"
fi
if [[ " $PARTS " == *" dev "* ]]; then
	train "$W/dev.model" none
	for set in clothing shopping waimai; do
		test_part "$W/dev.model" dev $set >"$W/dev-$set.tsv"
		printf 'dev %-8s: %s\n' $set "$(metrics "$W/dev-$set.tsv")"
	done
fi
