#!/bin/bash
# sentiment-corpus.sh DATADIR - the labelled sentiment corpus as TSV
# "id domain label text" (label neg/pos) from ../shared/data: shopping and
# food-delivery label 1 pos, 0 neg; clothing rating 1-2 neg, 4-5 pos
# (3 is mixed and left out), title and text joined with ". ".
set -eu
data=$1
awk -F'\t' -v OFS='\t' '
BEGIN { print "id", "domain", "label", "text" }
FNR == 1 { next }
FILENAME ~ /zh-shopping/ { print $1, $2, ($3 == 1 ? "pos" : "neg"), $4; next }
FILENAME ~ /zh-waimai/   { print $1, "外卖", ($2 == 1 ? "pos" : "neg"), $3; next }
FILENAME ~ /en-clothing/ {
	if ($4 == 3) next
	t = ($9 != "") ? $9 ". " $10 : $10
	print $1, "clothing", ($4 >= 4 ? "pos" : "neg"), t
}' "$data/zh-shopping-train.tsv" "$data/zh-waimai-train.tsv" "$data/en-clothing-train.tsv"
