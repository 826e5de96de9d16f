# triage-confusion.awk - confusion matrix of rv-triage levels against a
# gold column. Input: TSV with a header holding "gold" and "level".
# Prints the matrix (rows gold, columns predicted), accuracy, and the
# urgent rows graded below urgent (the miss the policy must never make).
BEGIN { FS = "\t"; n = split("urgent important normal none", L, " ") }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	g = $c["gold"]; p = $c["level"]; m[g, p]++; tot++
	if (g == p) ok++
	if (g == "urgent" && p != "urgent") { miss++; missed = missed "  missed urgent: " $c["id"] " " p "\n" }
}
END {
	printf "gold\\pred"; for (j = 1; j <= n; j++) printf "\t%s", L[j]; printf "\n"
	for (i = 1; i <= n; i++) {
		printf "%s", L[i]; for (j = 1; j <= n; j++) printf "\t%d", m[L[i], L[j]]; printf "\n"
	}
	printf "accuracy\t%d/%d\t%.1f%%\n", ok, tot, tot ? 100 * ok / tot : 0
	printf "urgent_below_urgent\t%d\n", miss
	printf "%s", missed
}
