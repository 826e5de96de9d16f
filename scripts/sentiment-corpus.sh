#!/bin/bash
# sentiment-corpus.sh [--title] DATADIR - the labelled sentiment corpus as
# TSV "id domain label text" (label neg/pos) from ../shared/data: shopping
# and food-delivery label 1 pos, 0 neg; clothing rating 1-2 neg, 4-5 pos
# (3 is mixed and left out).
# The clothing title is joined to the text as rv-sentiment -t title,text
# reads it: by ". " (by " " after a title ending in . ! ? ;), and written
# HEAD_WEIGHT times (default 3, rv-sentiment's heading weight), so that the
# model learns from the text it will be given (a title counts three times).
# With --title: columns "id domain label title text" instead, unjoined
# (for rv-sentiment -t title,text).
set -eu
split=0
[ "${1:-}" = --title ] && { split=1; shift; }
data=$1
awk -F'\t' -v OFS='\t' -v sp=$split -v hw="${HEAD_WEIGHT:-3}" '
BEGIN { if (sp) print "id", "domain", "label", "title", "text"; else print "id", "domain", "label", "text" }
FNR == 1 { next }
FILENAME ~ /zh-shopping/ { print $1, $2, ($3 == 1 ? "pos" : "neg"), (sp ? "\t" : "") $4; next }
FILENAME ~ /zh-waimai/   { print $1, "外卖", ($2 == 1 ? "pos" : "neg"), (sp ? "\t" : "") $3; next }
FILENAME ~ /en-clothing/ {
	if ($4 == 3) next
	if (sp) { print $1, "clothing", ($4 >= 4 ? "pos" : "neg"), $9, $10; next }
	t = $10
	if ($9 != "" && $10 != "") {
		sep = ($9 ~ /([.!?;]|。|！|？)$/) ? " " : ". "
		t = ""
		for (i = 0; i < hw; i++) t = t $9 sep
		t = t $10
	} else if ($9 != "")
		t = $9
	print $1, "clothing", ($4 >= 4 ? "pos" : "neg"), t
}' "$data/zh-shopping-train.tsv" "$data/zh-waimai-train.tsv" "$data/en-clothing-train.tsv"
