#!/bin/bash
# man-examples.sh - run the commands of every man page's EXAMPLES section as
# a reader sees them: the page is rendered (mandoc -Tutf8, 78 columns), and
# each indented display line is a command ("$ " prompt removed; a line ending
# in "\" or "|", or one starting with "|", continues the command). So a
# display that wraps on the screen, or an escape that renders wrongly
# (\t in a literal display), fails here as it would fail for the reader.
#
# Each page runs in its own copy of the files of example-files.sh, its
# examples in order. A command must exit 0 under "set -o pipefail" and write
# something: to standard output, to the file it redirects to, to an -o FILE,
# or to the mail/notify/ssh stand-ins. Not run: crontab lines and "make model"
# (retrains from ../shared/data); a "tail -F" follower runs for 3 s and must
# say nothing on standard error.
# Last line: "N passed, N failed". Usage: man-examples.sh [BINDIR]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "${1:-$top/bin}" && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/rv-man.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$w"' EXIT
export PATH="$bin:$w/base/stand-ins:$PATH" LC_ALL=C.UTF-8
command -v mandoc >/dev/null || { echo "man-examples: mandoc is missing"; echo "0 passed, 1 failed"; exit 1; }
pass=0 fail=0 n=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL man: $1"; [ -s err ] && sed 's/^/    /' err | head -5; }

mkdir -p "$w/base" && cd "$w/base" || exit 1
. "$top/scripts/example-files.sh"
example_files || { echo "0 passed, 1 failed"; exit 1; }

for page in "$top"/man/*.1; do
	name=$(basename "$page" .1)
	cd "$w" && rm -rf "$name" && cp -a base "$name" && cd "$name" || exit 1
	# scored.tsv is what each page's text says it is
	case $name in
	rv-curve) rv-sentiment < journeys.tsv > scored.tsv ;;
	rv-eval) rv-sentiment zh-shopping.tsv > scored.tsv ;;
	rv-report) rv-sample reviews --rows 5000 --weeks 10 | rv-classify | rv-sentiment |
		rv-triage --field time=date > scored.tsv ;;
	esac
	mandoc -Tutf8 "$page" | sed "s/.\x08//g" | awk '
		/^EXAMPLES/ { f = 1; next } /^[^ \t]/ { f = 0 }
		!f { next }
		/^(\t|        )/ { sub(/^[ \t]+/, ""); sub(/^\$ /, "")
			if (c != "" && (c ~ /[\\|]$/ || $0 ~ /^\|/ || gsub(/\047/, "&", c) % 2)) c = c "\n" $0
			else { if (c != "") print c; c = $0 }
			gsub(/\n/, "\001", c); next }
		{ if (c != "") print c; c = "" }
		END { if (c != "") print c }' > examples
	while IFS= read -r ex; do
		ex=$(printf '%s' "$ex" | tr '\001' '\n')
		# crontab entries (five time fields first) and make model are not run
		printf '%s' "$ex" | head -1 | grep -qE '^[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ ' && continue
		case $ex in
		'make '*) continue ;;
		esac
		n=$((n + 1)); label="$name: $(printf '%s' "$ex" | head -1 | cut -c1-60)"
		rm -f received.txt
		case $ex in
		*'tail '*-F*)
			timeout 3 bash -o pipefail -c "$ex" < /dev/null > out 2> err
			rc=$?
			if [ $rc = 124 ] && [ ! -s err ]; then ok; else bad "$label: exit status $rc (a follower should run until stopped, quietly)"; fi
			continue ;;
		esac
		timeout 120 bash -o pipefail -c "$ex" < /dev/null > out 2> err
		rc=$?
		# "| head" ends the writer with SIGPIPE, as it ends cat or grep
		case $rc$ex in 141*'| head'*) rc=0 ;; esac
		[ $rc = 0 ] || { bad "$label: exit status $rc"; continue; }
		f=out
		[ -s out ] || f=$(printf '%s' "$ex" | tr '\n' ' ' | sed 's/ #[^\047"]*$//' | sed -n 's/.*>>* *\([^ |;&]*\)[ ]*$/\1/p')
		[ -n "$f" ] && [ -s "$f" ] || f=$(printf '%s' "$ex" | tr '\n' ' ' | sed -n 's/.* -o \([^ |;&]*\).*/\1/p')
		[ -n "$f" ] && [ -s "$f" ] || f=received.txt
		[ -s "$f" ] || { bad "$label: no output"; continue; }
		ok
	done < examples
done
[ "$n" -ge 40 ] || bad "only $n examples found in the man pages"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
