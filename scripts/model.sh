#!/bin/bash
# model.sh - rebuild the embedded models from ../shared/data (make model).
# The sentiment model is trained on every labelled row: shopping and
# food-delivery reviews (label 1 pos, 0 neg) and English clothing reviews
# (rating 1-2 neg, 4-5 pos; 3 is mixed and left out), title and text joined.
# The category model (rv-classify's default) is stacked on the rules and
# the sentiment model: trained on category-labels.tsv, the hand-labelled
# sets in tests/data and 800 reviews rated positive as "none"
# (scripts/category-corpus.py), with rv-classify's default rule matches and
# the sentiment as side features (rv-train --rule-features) and per-class
# bias offsets from 5-fold cross-validation (--calibrate). Retrain it after
# the sentiment model and after any change to the default rules.
# Deterministic: same data, same bytes (rv-train --seed 1).
set -eu
cd "$(dirname "$0")/.."
data=${SHARED:-../shared}/data
[ -d "$data" ] || { echo "model.sh: $data not found" >&2; exit 1; }
mkdir -p build
bash scripts/sentiment-corpus.sh "$data" > build/sentiment-all.tsv
bin/rv-train --seed 1 --label label -t text -o lib/data/sentiment.model build/sentiment-all.tsv
ls -l lib/data/sentiment.model
make -j2 >/dev/null	# rv-train with this sentiment model embedded
python3 scripts/category-corpus.py "$data" > build/category-all.tsv
bin/rv-train --seed 1 --rule-features --calibrate --label primary --bits 18 \
	-o lib/data/classify.model \
	build/category-all.tsv
ls -l lib/data/classify.model
