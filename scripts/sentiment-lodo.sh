#!/bin/bash
# sentiment-lodo.sh - leave-one-domain-out (issue 14 part 3): how
# rv-sentiment and its peers do on a product line none of them saw (a
# stand-in for a shop's new category or another source).
#
# Held-out "domains": every product line of the shopping data, then food
# delivery (waimai) and English clothing as whole sets. For each one, one
# training file: the train parts of everything else (the other shopping
# lines, food delivery, clothing), English negatives given EN_NEG_WEIGHT
# copies (default 5) as in make model and bench-sentiment.sh. All tools
# train on exactly that file and are scored on the held-out domain's train
# part (never in any training file here):
#   rv default     rv-train --label label -t text --seed 1, then
#                  rv-sentiment --model (model + lexicon, the default fusion)
#   rv model only  the same model, --lexicon-weight 0
#   liblinear      L2 logistic regression, liblinear-train -s 0 -B 1 (C=1),
#                  binary token 1-2-grams, dictionary from the training file
#   fastText d10   fasttext supervised -dim 10 -wordNgrams 2 -thread 1
#                  (bench-sentiment's fasttext-all)
#   fastText d100  the same with -dim 100 -bucket 200000
#                  (bench-sentiment's fasttext100-all)
#   lexicon only   rv-sentiment --no-model (no training; for reference)
# The peers' tokens and features are scripts/sentiment-tok.py's, as in
# bench-sentiment.sh. rv's neu counts by the sign of its score
# (scripts/polarity-acc.awk); a peer always says neg or pos.
# The last column, rv default minus the best peer, comes with the standard
# error of that paired difference (sd of the per-row differences of
# correctness / sqrt(rows)); "pooled" is all shopping lines' rows together.
# Clothing held out is a change of language: the peers have no English
# tokens to go on there, rv has its English lexicon.
#
# Results: stdout, build/bench/sentiment-lodo.tsv (one row per domain) and
# build/bench/sentiment-lodo/pred-DOMAIN.tsv (id, label, each tool's
# prediction, text: for reading the misses).
# Env: LODO_LINES (the domains, default all; the names of the shopping
# lines, waimai, clothing), EN_NEG_WEIGHT. Missing peers are skipped (their
# columns "-"). CPU-heavy: about 35 s of CPU per domain (7 minutes in all), one
# process at a time. Run at the end of bench-sentiment.sh (make bench).
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C.UTF-8
S=build/bench/split
W=build/bench/sentiment-lodo
OUT=build/bench/sentiment-lodo.tsv
TOK=scripts/sentiment-tok.py
[ -x bin/rv-train ] && [ -x bin/rv-sentiment ] || { echo "sentiment-lodo: build first (make)" >&2; exit 1; }
bash scripts/split.sh || { echo "sentiment-lodo: split failed" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
LL=0 FT=0
have liblinear-train && LL=1 || echo "sentiment-lodo: liblinear-tools missing: skipped" >&2
have fasttext && FT=1 || echo "sentiment-lodo: fasttext missing: skipped" >&2
# Default: the shopping lines in order of first appearance, then the two sets.
LINES=${LODO_LINES:-$(awk -F'\t' 'NR > 1 && !($2 in s) { s[$2]; printf "%s ", $2 }' "$S/train-shopping.tsv") waimai clothing}
mkdir -p "$W"

# Three columns id, label, text from split files (any of their layouts).
idlt() { awk -F'\t' -v OFS='\t' 'FNR == 1 { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["id"], $c["label"], $c["text"] }' "$@"; }
# One label (neg/pos/neu) a line from rv-sentiment's output, neu by the sign.
rv_pred() { bin/rv-sentiment "$@" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ p = $c["polarity"]; s = $c["sentiment"] + 0
	  if (p == "neu") p = s > 0 ? "pos" : s < 0 ? "neg" : "neu"; print p }'; }
# fastText labels -> neg/pos, one a line.
ft_pred() { fasttext predict "$@" | sed 's/^__label__//'; }

printf 'domain\trows\trv\trv_model\tliblinear\tfasttext10\tfasttext100\tlexicon\trv_minus_best\tse\tbest_peer\n' >"$OUT"
for d in $LINES; do
	echo "sentiment-lodo: $d" >&2
	{
		printf 'id\tlabel\ttext\n'
		awk -F'\t' -v d="$d" -v OFS='\t' 'NR > 1 && $2 != d { print $1, $3, $4 }' "$S/train-shopping.tsv"
		[ "$d" = waimai ] || idlt "$S/train-waimai.tsv"
		[ "$d" = clothing ] || idlt "$S/train-clothing.tsv" |
		    awk -F'\t' -v w="${EN_NEG_WEIGHT:-5}" '{ print } $2 == "neg" { for (i = 1; i < w; i++) print }'
	} >"$W/train.tsv"
	case $d in
	waimai | clothing) idlt "$S/train-$d.tsv" | sed '1i id\tlabel\ttext' ;;
	*) awk -F'\t' -v d="$d" -v OFS='\t' 'NR == 1 { print "id", "label", "text" }
	    NR > 1 && $2 == d { print $1, $3, $4 }' "$S/train-shopping.tsv" ;;
	esac >"$W/test.tsv"
	n=$(($(wc -l <"$W/test.tsv") - 1))
	[ "$n" -gt 0 ] || { echo "sentiment-lodo: no rows for domain $d: skipped" >&2; continue; }
	cut -f2 "$W/test.tsv" | tail -n +2 >"$W/p-gold"

	bin/rv-train --label label -t text --seed 1 -o "$W/m.model" "$W/train.tsv" 2>/dev/null || exit 1
	rv_pred --model "$W/m.model" "$W/test.tsv" >"$W/p-rv"
	rv_pred --model "$W/m.model" --lexicon-weight 0 "$W/test.tsv" >"$W/p-rvm"
	rv_pred --no-model "$W/test.tsv" >"$W/p-lex"
	for t in ll ft10 ft100; do yes - | head -n "$n" >"$W/p-$t"; done
	if [ $LL = 1 ]; then
		python3 "$TOK" ll "$W/dict" train <"$W/train.tsv" >"$W/train.ll"
		python3 "$TOK" ll "$W/dict" test <"$W/test.tsv" >"$W/test.ll"
		liblinear-train -s 0 -B 1 -q "$W/train.ll" "$W/ll.model" >/dev/null || exit 1
		liblinear-predict "$W/test.ll" "$W/ll.model" "$W/ll.out" >/dev/null || exit 1
		sed 's/^0$/neg/; s/^1$/pos/' "$W/ll.out" >"$W/p-ll"
		rm -f "$W/train.ll" "$W/ll.model"
	fi
	if [ $FT = 1 ]; then
		python3 "$TOK" ft - train <"$W/train.tsv" >"$W/train.ft"
		python3 "$TOK" ft - test <"$W/test.tsv" >"$W/test.ft"
		fasttext supervised -input "$W/train.ft" -output "$W/ft10" -dim 10 \
		    -wordNgrams 2 -thread 1 -verbose 0 >/dev/null || exit 1
		ft_pred "$W/ft10.bin" "$W/test.ft" >"$W/p-ft10"
		fasttext supervised -input "$W/train.ft" -output "$W/ft100" -dim 100 \
		    -wordNgrams 2 -bucket 200000 -thread 1 -verbose 0 >/dev/null || exit 1
		ft_pred "$W/ft100.bin" "$W/test.ft" >"$W/p-ft100"
		rm -f "$W"/ft10.* "$W"/ft100.* "$W/train.ft"
	fi
	{
		printf 'id\tlabel\trv\trv_model\tliblinear\tfasttext10\tfasttext100\tlexicon\ttext\n'
		paste "$W/p-rv" "$W/p-rvm" "$W/p-ll" "$W/p-ft10" "$W/p-ft100" "$W/p-lex" |
		    paste <(tail -n +2 "$W/test.tsv" | cut -f1,2) - <(tail -n +2 "$W/test.tsv" | cut -f3)
	} >"$W/pred-$d.tsv"
	# Accuracies, and rv minus the best peer with the paired standard error.
	awk -F'\t' -v d="$d" 'NR == 1 { next }
	{ n++; for (j = 3; j <= 8; j++) { ok[j] += ($j == $2); tot[j] += ($j != "-") }
	  for (j = 5; j <= 7; j++) { x = ($3 == $2) - ($j == $2); s1[j] += x; s2[j] += x * x } }
	END {
		best = 0
		for (j = 5; j <= 7; j++) if (tot[j] && (!best || ok[j] > ok[best])) best = j
		printf "%s\t%d", d, n
		for (j = 3; j <= 8; j++) printf "\t%s", tot[j] ? sprintf("%.4f", ok[j] / n) : "-"
		if (!best) { printf "\t-\t-\t-\n"; exit }
		m = s1[best] / n; v = n > 1 ? (s2[best] - n * m * m) / (n - 1) : 0
		split("rv rv_model liblinear fasttext10 fasttext100", name, " ")
		printf "\t%+.4f\t%.4f\t%s\n", m, sqrt(v / n), name[best - 2]
	}' "$W/pred-$d.tsv" >>"$OUT"
	rm -f "$W"/p-* "$W/test.ll" "$W/test.ft" "$W/ll.out" "$W/m.model"
done

# The table, and the shopping lines pooled (every row once). Names are
# padded by display width (a CJK character takes two columns, three bytes).
FMT='function name(s,   t, k) { t = s; k = gsub(/[\200-\377]/, "", t)
	w = length(s) - k / 3; while (w++ < 10) s = s " "; return s }'
awk -F'\t' "$FMT"'
NR == 1 { printf "%s %6s %7s %8s %9s %8s %8s %17s %-11s %7s\n", name("held out"), "rows", "rv", "rv_model",
	"liblinear", "ft_d10", "ft_d100", "rv-best (se)", "best peer", "lexicon"; next }
$9 == "-" { printf "%s %6d %7s %8s %9s %8s %8s %17s %-11s %7s\n", name($1), $2, $3, $4, $5, $6, $7, "-", "-", $8; next }
{ printf "%s %6d %7s %8s %9s %8s %8s %+8.4f (%.4f) %-11s %7s\n", name($1), $2, $3, $4, $5, $6, $7, $9, $10, $11, $8 }' "$OUT"
k=0
for d in $LINES; do
	case $d in waimai | clothing) continue ;; esac
	[ -s "$W/pred-$d.tsv" ] && tail -n +2 "$W/pred-$d.tsv" && k=$((k + 1))
done >"$W/pooled.tsv"
[ $k -gt 1 ] && awk -F'\t' "$FMT"'{ n++; for (j = 3; j <= 8; j++) ok[j] += ($j == $2)
	for (j = 5; j <= 7; j++) { x = ($3 == $2) - ($j == $2); s1[j] += x; s2[j] += x * x } }
END {
	if (n < 2) exit
	best = 5; for (j = 6; j <= 7; j++) if (ok[j] > ok[best]) best = j
	m = s1[best] / n; v = (s2[best] - n * m * m) / (n - 1)
	split("rv rv_model liblinear fasttext10 fasttext100", nm, " ")
	printf "%s %6d %7.4f %8.4f %9.4f %8.4f %8.4f %+8.4f (%.4f) %-11s %7.4f\n", name("pooled"), n, ok[3] / n, ok[4] / n,
	    ok[5] / n, ok[6] / n, ok[7] / n, m, sqrt(v / n), nm[best - 2], ok[8] / n }' "$W/pooled.tsv"
rm -f "$W/pooled.tsv"
echo "(accuracy on a domain left out of training; every tool trained on the same rows; rv = model + lexicon,"
echo " rv_model = --lexicon-weight 0, lexicon = --no-model; se of the paired difference rv - best peer)"
