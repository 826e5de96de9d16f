#!/bin/bash
# report-check.sh - look at rv-report's page in a real browser (make
# report-check; not part of make check). Installs Debian's chromium and a
# CJK font (fonts-wqy-microhei) when missing and root. For a Chinese and an
# English page made from rv-sample data it
#   1. loads the page headless and fails on any console message or failed
#      load (the page has no scripts and must fetch nothing);
#   2. takes screenshots at 1280 px and 390 px (phone) wide, the top
#      (x2000) and the whole page (x9000), to look at;
#   3. prints it to PDF (A4) and counts the pages.
# Output: build/report-check/{zh,en}{.html,-1280.png,-390.png,-1280-full.png,
# -390-full.png,.pdf}.
set -u
cd "$(dirname "$0")/.." || exit 1
d=build/report-check
mkdir -p "$d"
need=
command -v chromium >/dev/null || need="$need chromium"
fc-list 2>/dev/null | grep -qi 'wqy\|noto sans cjk\|source han' || need="$need fonts-wqy-microhei"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "report-check: installing$need"
		apt-get install -y $need >/dev/null || { apt-get update >/dev/null && apt-get install -y $need >/dev/null; } || exit 1
	else
		echo "report-check: missing$need (sudo apt-get install$need)" >&2
		exit 1
	fi
fi
bin/rv-sample reviews --rows 20000 --weeks 10 --seed 7 | bin/rv-classify | bin/rv-sentiment \
    | bin/rv-triage --field time=date >"$d/scored.tsv" || exit 1
bin/rv-report -t date -d carrier,province -o "$d/zh.html" "$d/scored.tsv" || exit 1
awk -F'\t' 'NR == 1 || $11 == "en"' "$d/scored.tsv" | bin/rv-report -t date -d carrier,province -o "$d/en.html" || exit 1
chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --no-first-run --hide-scrollbars "$@"; }
rc=0
for p in zh en; do
	url="file://$PWD/$d/$p.html"
	# Console messages and failed loads are logged at level 0 and up.
	chrome --enable-logging=stderr --v=0 --dump-dom "$url" >"$d/$p.dom" 2>"$d/$p.log"
	if grep -E 'CONSOLE|Failed to load|net::ERR' "$d/$p.log"; then
		echo "report-check: $p.html: console errors (above)"; rc=1
	fi
	grep -q '</html>' "$d/$p.dom" || { echo "report-check: $p.html did not load"; rc=1; }
	for w in 1280 390; do
		chrome --screenshot="$d/$p-$w.png" --window-size=$w,2000 "$url" 2>/dev/null
		chrome --screenshot="$d/$p-$w-full.png" --window-size=$w,9000 "$url" 2>/dev/null
	done
	chrome --no-pdf-header-footer --print-to-pdf="$d/$p.pdf" "$url" 2>/dev/null
	pages=$(grep -ao '/Type */Pages*' "$d/$p.pdf" | grep -vc 'Pages')
	printf 'report-check: %s.html %d KB, console clean, %s\n' "$p" $(($(wc -c <"$d/$p.html") / 1024)) \
	    "screenshots $d/$p-{1280,390}{,-full}.png, $d/$p.pdf $pages A4 pages"
done
exit $rc
