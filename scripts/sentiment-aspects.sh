#!/bin/bash
# sentiment-aspects.sh [FILE] - score rv-sentiment --aspects against
# hand-labelled aspects (default tests/data/aspect-dev.tsv: columns id,
# gold_aspects "quality:+,logistics:-", text). Prints the share of gold
# aspects found, the polarity accuracy of the found ones (sign; 0 counts
# as wrong), and the aspects output that no gold names (extra).
set -eu
cd "$(dirname "$0")/.."
f=${1:-tests/data/aspect-dev.tsv}
bin/rv-sentiment --aspects "$f" | awk -F'\t' '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	delete pred
	n = split($c["aspects"], a, ",")
	for (i = 1; i <= n; i++) { split(a[i], kv, ":"); pred[kv[1]] = kv[2] + 0 }
	m = split($c["gold_aspects"], g, ",")
	delete gold
	for (i = 1; i <= m; i++) {
		split(g[i], kv, ":"); gold[kv[1]] = 1; ng++
		if (kv[1] in pred) {
			found++
			v = pred[kv[1]]
			if ((kv[2] == "+" && v > 0) || (kv[2] == "-" && v < 0)) ok++
		}
	}
	for (k in pred) { np++; if (!(k in gold)) extra++ }
}
END {
	printf "gold aspects %d: found %.3f, polarity right %.3f of found (%.3f of all); output aspects %d, not in gold %d\n",
	    ng, found / ng, ok / found, ok / ng, np, extra
}'
