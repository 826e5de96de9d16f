#!/bin/bash
# readme-examples.sh - run every shell example of README.md verbatim, in the
# order they appear, in a scratch folder that holds the files they name
# (export.csv, export.xlsx, reviews.tsv, orders.tsv, journeys.tsv, chats.tsv, owners.tsv,
# labelled.tsv, train.tsv, dev.tsv, new.tsv, complaints.tsv), made from rv-sample.
#
# The files come from example-files.sh (shared with man-examples.sh).
# An example is an indented block line (4+ spaces) that starts with an rv-
# tool, tail, parallel or a pipeline of them; lines ending in "\" continue.
# Each must exit 0 under "set -o pipefail" and write something (the crontab
# lines are not run: they need logtail, ifne and mail); a few have
# stronger checks (the tail -F alert must arrive while the pipeline still
# runs; the parallel recipe must give the same bytes as one process).
# Last line: "N passed, N failed". Usage: readme-examples.sh [BINDIR]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "${1:-$top/bin}" && pwd)
export PATH="$bin:$PATH" LC_ALL=C.UTF-8
w=$(mktemp -d "${TMPDIR:-/tmp}/rv-readme.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$w"' EXIT
cd "$w" || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL readme: $1"; [ -s err ] && sed 's/^/    /' err | head -5; }

# --- the files the examples name ------------------------------------------
. "$top/scripts/example-files.sh"
example_files || exit 1

# --- the examples -----------------------------------------------------------
awk '/^    / { sub(/^ +/, ""); if (c != "") { c = c "\n" $0 } else if ($0 ~ /^(rv-|tail |parallel |\(head |\{ head )/) c = $0
		if (c != "" && $0 !~ /\\$/) { gsub(/\n/, "\001", c); print c; c = "" }
		next }
	{ c = "" }' "$top/README.md" > examples
n=0
while IFS= read -r ex; do
	ex=$(printf '%s' "$ex" | tr '\001' '\n')
	n=$((n + 1)); name="#$n $(printf '%s' "$ex" | head -1 | cut -c1-60)"
	case $ex in
	*'tail -n 0 -F events.tsv'*)
		# a live rv-trend: it must run, read new rows and complain of nothing
		( exec timeout 3 bash -c "$ex" > out 2> err ) &
		sleep 1
		for k in 1 2 3 4 5; do printf '2026-11-04T00:0%d:00+08:00\t广东\tlogistics\n' $k >> events.tsv; done
		wait
		if [ -s err ]; then bad "$name: stderr"; else ok; fi
		continue ;;
	*'tail '*-F*)
		# the real-time recipe: start it, then append an urgent complaint;
		# its row must come out while the pipeline is still running
		: > out
		( exec timeout 20 bash -c "$ex" > out 2> err ) &
		sleep 1
		printf '吃了以后上吐下泻，去医院了，孩子也住院了\tO9\tFD-X\t顺丰\t华南仓\t广东\n' >> reviews.tsv
		got=0
		for _ in $(seq 1 100); do
			grep -q '上吐下泻' out && { got=1; break; }
			sleep 0.1
		done
		kill %1 2>/dev/null; wait 2>/dev/null
		if [ $got = 1 ] && [ "$(grep -c . out)" = 1 ]; then ok; else bad "$name: no single alert within 10 s ($(grep -c . out) lines)"; fi
		continue ;;
	esac
	timeout 120 bash -o pipefail -c "$ex" > out 2> err
	rc=$?
	[ $rc = 0 ] || { bad "$name: exit status $rc"; continue; }
	# examples that write to a file show it on stdout only through tee
	case $ex in
	*'> reviews.tsv'*) f=reviews.tsv ;;
	*'> scored.tsv'*) f=scored.tsv ;;
	*'-o curve.svg'*) f=curve.svg ;;
	*'-o returns-weekly.svg'*) f=returns-weekly.svg ;;
	*'-o triage.xlsx'*) f=triage.xlsx ;;
	*'-o scored.csv'*) f=scored.csv ;;
	*'-o report.html'*) f=report.html ;;
	*) f=out ;;
	esac
	[ -s "$f" ] || { bad "$name: no output"; continue; }
	case $ex in
	*'> reviews.tsv'*)
		# every record imported, the text column renamed
		[ "$(($(wc -l < reviews.tsv) - 1))" = "$(($(wc -l < sample.tsv) - 1))" ] \
			&& head -1 reviews.tsv | grep -q '^text	' \
			|| { bad "$name: $(wc -l < reviews.tsv) lines, header $(head -1 reviews.tsv)"; continue; } ;;
	*'-o triage.xlsx'*)
		# a workbook whose sheet holds every row (the header is row 1)
		rows=$(python3 -c 'import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1]); s = z.read("xl/worksheets/sheet1.xml").decode()
print(len(re.findall("<row ", s)))' triage.xlsx 2>&1)
		[ "$rows" = "$(wc -l < sample.tsv)" ] || { bad "$name: $rows rows in the sheet"; continue; } ;;
	*'-o report.html'*)
		# a whole page, self-contained
		grep -q '<section id="volume">' report.html && ! grep -qi '<script\|http' report.html \
			|| { bad "$name: report.html lacks its sections or has external references"; continue; } ;;
	parallel\ *-k\ *)
		# a filter split in parts: the same bytes as one process
		one=$(printf '%s' "$ex" | sed 's/^parallel --pipepart -a \([^ ]*\) .* -k \([^|]*\)|\(.*\) > \([^ ]*\)$/\2< \1 |\3/')
		bash -c "$one" > out1 2>/dev/null
		cmp -s "$f" out1 || { bad "$name: differs from one process ($one)"; continue; } ;;
	parallel\ *)
		# the same bytes as one process (the recipe's own options, no parallel)
		one=$(printf '%s' "$ex" | sed -n 's/.*| *\(rv-[a-z]* --merge.*\)$/\1/p')
		part=$(printf '%s' "$ex" | tr '\n' ' ' | sed -n 's/.* \(rv-[a-z]* --partial[^|\\]*\).*/\1/p')
		file=$(printf '%s' "$ex" | sed -n 's/^parallel .*-a \([^ ]*\) .*/\1/p')
		bash -c "${part/--partial /} < $file" > out1 2>/dev/null
		cmp -s out out1 || { bad "$name: differs from one process"; continue; } ;;
	esac
	ok
done < examples
[ "$n" -ge 10 ] || bad "only $n examples found in README.md"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
