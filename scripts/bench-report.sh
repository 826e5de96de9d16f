#!/bin/bash
# bench-report.sh - rv-report figures asked for by its issue (18):
#   1. time of the report of N (1M) scored rows (target < 5 s), from a file
#      and from a pipe (the pipe is copied to a temporary file first, the
#      period being found from the data), best of 3, wall and CPU seconds;
#   2. the page's size (target < 2 MB);
#   3. side by side, the obvious alternative: the same figures by running
#      the tools one after another on the month's rows (awk to cut the
#      month, rv-rootcause, rv-terms --new, rv-triage --summary, rv-trend),
#      which gives tables, not a page.
# Input: rv-sample reviews scored by rv-classify | rv-sentiment |
# rv-triage, made once (build/bench/report-in.tsv; a few minutes).
# Results: stdout and build/bench/report.tsv (metric, value).
set -u
cd "$(dirname "$0")/.." || exit 1
out=build/bench/report.tsv
mkdir -p build/bench
N=${N:-1000000}
in=build/bench/report-in.tsv
printf 'metric\tvalue\n' >"$out"
rec() { printf '%s\t%s\n' "$1" "$2" >>"$out"; }
if [ ! -s "$in" ] || [ "$(($(wc -l <"$in") - 1))" -ne "$N" ]; then
	echo "making $N scored rows (rv-sample | rv-classify | rv-sentiment | rv-triage)..."
	bin/rv-sample reviews -r "$N" --weeks 10 --seed 5 | bin/rv-classify | bin/rv-sentiment \
	    | bin/rv-triage --field time=date >"$in" || exit 1
fi
mb=$(($(wc -c <"$in") / 1048576))
. scripts/bench-common.sh	# best
echo "rv-report on $N rows ($mb MB), -d carrier,province,warehouse:"
set -- $(best bin/rv-report -t date -d carrier,province,warehouse -o build/bench/report.html "$in")
printf '  %-34s wall %6.2f s  cpu %6.2f s  (target < 5 s)\n' "from the file" "$1" "$2"
rec report_file_wall_seconds "$1"
rec report_file_cpu_seconds "$2"
set -- $(best bash -c "bin/rv-report -t date -d carrier,province,warehouse < $in")
printf '  %-34s wall %6.2f s  cpu %6.2f s\n' "from a pipe (copied, read twice)" "$1" "$2"
rec report_pipe_wall_seconds "$1"
rec report_pipe_cpu_seconds "$2"
kb=$(($(wc -c <build/bench/report.html) / 1024))
printf '  %-34s %d KB (target < 2048 KB)\n' "page size" "$kb"
rec report_page_kb "$kb"
month=$(grep -o '<h1>[^<]*' build/bench/report.html | awk '{ print $NF }')
alt() {
	awk -F'\t' -v m="$month" 'NR == 1 || substr($3, 1, 7) == m' "$in" >build/bench/report-month.tsv
	bin/rv-rootcause -d carrier,province,warehouse --outcome polarity=neg build/bench/report-month.tsv
	awk -F'\t' -v m="$month" 'NR == 1 { print $0 "\tgrp"; next } $19 == "neg" && substr($3, 1, 7) <= m { print $0 "\t" (substr($3, 1, 7) == m) }' "$in" \
	    | bin/rv-terms -g grp=1 --new --top 15
	bin/rv-triage --summary --now "$(date -d "$month-01 +1 month" +%Y-%m-%dT00:00:00Z 2>/dev/null || echo 2026-11-01T00:00:00Z)" build/bench/report-month.tsv
	awk -F'\t' -v m="$month" 'NR == 1 || ($19 == "neg" && substr($3, 1, 7) <= m)' "$in" | bin/rv-trend -t date -e 1d
}
set -- $(best bash -c "$(declare -f alt); in=$in month=$month; alt")
printf '  %-34s wall %6.2f s  cpu %6.2f s  (tables only, no page)\n' "the tools one by one (awk + 4 tools)" "$1" "$2"
rec tools_one_by_one_wall_seconds "$1"
rec tools_one_by_one_cpu_seconds "$2"
