#!/bin/bash
# model.sh - rebuild the embedded models from ../shared/data (make model).
# The sentiment model is trained on every labelled row: shopping and
# food-delivery reviews (label 1 pos, 0 neg) and English clothing reviews
# (rating 1-2 neg, 4-5 pos; 3 is mixed and left out), title and text joined,
# English negatives weighted (below).
# Then the emotion/intensity model (scripts/emotion-model.sh, CV=0).
# Deterministic: same data, same bytes (rv-train --seed 1).
set -eu
cd "$(dirname "$0")/.."
data=${SHARED:-../shared}/data
[ -d "$data" ] || { echo "model.sh: $data not found" >&2; exit 1; }
mkdir -p build
# English complaints are 10% of the English rows and 2% of the corpus: each
# negative English row is given EN_NEG_WEIGHT (default 5) copies, so the
# model learns the English negative vocabulary (issue 14: validation split
# of the clothing reviews, recall of 1-2 stars 0.611 -> 0.703 at precision
# 0.863 -> 0.861, Chinese sets unchanged).
bash scripts/sentiment-corpus.sh "$data" | awk -F'\t' -v w="${EN_NEG_WEIGHT:-5}" '
    { print } NR > 1 && $2 == "clothing" && $3 == "neg" { for (i = 1; i < w; i++) print }' \
    > build/sentiment-all.tsv
bin/rv-train --seed 1 --label label -t text -o lib/data/sentiment.model build/sentiment-all.tsv
ls -l lib/data/sentiment.model

CV=0 bash scripts/emotion-model.sh
