#!/bin/bash
# emotion-model.sh - train rv-sentiment's emotion/intensity model from
# ../shared/data/category-labels.tsv (emotion, intensity labelled by reading)
# and report 5-fold cross-validation (folds by md5(id) % 5) before/after.
# Run by make model (after the sentiment model) or alone; CV=0 skips the CV.
#
# The model's input is rv-sentiment --emotion-tokens (the analysis as
# tokens: polarity, binned score, model logit, lexicon sums, emotion votes,
# ! and ?, length, script, the sentiment terms, then the folded text, whose
# character and word n-grams carry most of the intensity). Those tokens are computed
# with a sentiment model trained without the labelled reviews, so that
# they look as they do on new text (the shipped sentiment model has seen
# these reviews). Labels: "EMOTION,ge1,...,geINTENSITY", rv-train
# --multi-label; rv-sentiment takes the best emotion and the most probable
# intensity.
set -eu
cd "$(dirname "$0")/.."
data=${SHARED:-../shared}/data
[ -d "$data" ] || data=../../shared/data
W=build/emotion
mkdir -p "$W"
export LC_ALL=C.UTF-8
BITS=${BITS:-18}
# --calibrate: each intensity level's threshold (and each emotion's offset)
# from 5-fold CV inside the training rows, so nested within the CV below
# (issue 14: intensity exact 0.740 -> 0.750 with the escalation tokens and
# the chat rows; the levels read as the count of leading ge >= 0.5).
TRAIN_OPTS=${TRAIN_OPTS:---epochs 20 --l2 1e-5 --lr 0.1 --calibrate}
# Intensity as cumulative labels ge1..ge3 (a row of intensity 2 has
# ge1,ge2), one binary model each, read as ordinal by rv-sentiment
# (5-fold CV: exact 0.735 -> 0.740, within one 0.983 -> 0.987); ORDINAL=0
# for one label i0..i3 instead.
ORDINAL=${ORDINAL:-1}

# Gold columns renamed (rv-sentiment would overwrite emotion/intensity).
awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) {
	if ($i == "emotion") $i = "gold_emotion"; if ($i == "intensity") $i = "gold_intensity" } } 1' \
    "$data/category-labels.tsv" >"$W/labels.tsv"
# Sentiment model without the labelled reviews.
bash scripts/sentiment-corpus.sh "$data" | awk -F'\t' 'NR == FNR { if (FNR > 1) cl[$1]; next }
    FNR == 1 || !($1 in cl)' "$W/labels.tsv" - >"$W/corpus-nocl.tsv"
bin/rv-train --seed 1 --label label -t text -o "$W/senti-nocl.model" "$W/corpus-nocl.tsv" >/dev/null
# Tokens, label and fold per labelled review.
bin/rv-sentiment --model "$W/senti-nocl.model" --emotion rules --emotion-tokens "$W/labels.tsv" |
python3 -c '
import sys, hashlib
ordinal = sys.argv[1] == "1"
hdr = sys.stdin.readline().rstrip("\n").split("\t")
c = {h: i for i, h in enumerate(hdr)}
print("id\tfold\tlang\tgold_emotion\tgold_intensity\tlabel\ttext")
for l in sys.stdin:
    f = l.rstrip("\n").split("\t")
    fold = int(hashlib.md5(f[c["id"]].encode()).hexdigest()[:8], 16) % 5
    ge, gi = f[c["gold_emotion"]], f[c["gold_intensity"]]
    if ordinal:
        lab = ",".join([ge] + ["ge%d" % k for k in range(1, int(gi) + 1)])
    else:
        lab = ge + ",i" + gi
    print("\t".join([f[c["id"]], str(fold), f[c["lang"]], ge, gi, lab, f[c["emotion_tokens"]]]))
' "$ORDINAL" >"$W/tokens.tsv"
# Short evaluation-free chat turns, which the reviews lack: the customer
# messages of tests/data/chat-dev.tsv labelled neu (as neutral, intensity
# 0) and pos (satisfaction, 0), fold -1 (trained on, never scored; the
# neg ones have no emotion or intensity label). Before, rv-sentiment gave
# every short term-free turn that was not negative the rules' answer
# (neutral, 0), which cost 0.6 points of intensity on the reviews; with
# these rows the model gives held-out chat-test.tsv's neu turns intensity
# 0 as often (122 of 150 against 121).
bin/rv-sentiment --model "$W/senti-nocl.model" --emotion rules --emotion-tokens tests/data/chat-dev.tsv |
awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["gold_polarity"] != "neg" { e = $c["gold_polarity"] == "pos" ? "satisfaction" : "neutral"
	print $c["id"], -1, $c["lang"], e, 0, e, $c["emotion_tokens"] }' >>"$W/tokens.tsv"

# score FILE: emotion accuracy, intensity exact and within one level.
score() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ n++; e += $c["gold_emotion"] == $c["emotion"]; d = $c["gold_intensity"] - $c["intensity"]
	  x += d == 0; w += d <= 1 && d >= -1 }
	END { printf "emotion %.4f  intensity exact %.4f  within one %.4f  (n %d)\n", e / n, x / n, w / n, n }' "$1"
}
if [ "${CV:-1}" != 0 ]; then
	: >"$W/cv-rules.tsv"; : >"$W/cv-model.tsv"
	for k in 0 1 2 3 4; do
		awk -F'\t' -v k=$k 'NR == 1 || $2 != k' "$W/tokens.tsv" >"$W/train-$k.tsv"
		bin/rv-train --seed 1 --multi-label --bits "$BITS" $TRAIN_OPTS --label label -t text \
		    -o "$W/fold-$k.model" "$W/train-$k.tsv" >/dev/null
		awk -F'\t' -v k=$k 'NR == FNR { if ($2 == k) f[$1]; next } FNR == 1 || ($1 in f)' \
		    "$W/tokens.tsv" "$W/labels.tsv" >"$W/test-$k.tsv"
		bin/rv-sentiment --model "$W/senti-nocl.model" --emotion rules "$W/test-$k.tsv" >"$W/rules-$k.out"
		bin/rv-sentiment --model "$W/senti-nocl.model" --emotion-model "$W/fold-$k.model" \
		    "$W/test-$k.tsv" >"$W/model-$k.out"
		printf 'fold %s  rules: %s' $k "$(score "$W/rules-$k.out")"
		printf '   model: %s\n' "$(score "$W/model-$k.out")"
		for v in rules model; do
			if [ $k = 0 ]; then cat "$W/$v-$k.out"; else tail -n +2 "$W/$v-$k.out"; fi >>"$W/cv-$v.tsv"
		done
	done
	echo "5-fold CV, all rows: rules: $(score "$W/cv-rules.tsv")"
	echo "                     model: $(score "$W/cv-model.tsv")"
fi
bin/rv-train --seed 1 --multi-label --bits "$BITS" $TRAIN_OPTS --label label -t text \
    -o lib/data/emotion.model "$W/tokens.tsv" >/dev/null
ls -l lib/data/emotion.model
