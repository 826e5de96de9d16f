# polarity-acc.awk - accuracy of rv-sentiment output against a label
# column (neg/pos): a neu polarity counts by the sign of the score.
# Usage: rv-sentiment FILE | awk -F'\t' -f scripts/polarity-acc.awk
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	p = $c["polarity"]; s = $c["sentiment"] + 0
	if (p == "neu") p = s > 0 ? "pos" : s < 0 ? "neg" : "neu"
	n++; if (p == $c["label"]) k++
}
END { printf "%.4f", n ? k / n : 0 }
