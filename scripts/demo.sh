#!/bin/bash
# demo.sh - the main job end to end on built-in sample data (make demo):
# synthetic reviews -> categories, sentiment, triage -> root causes of
# negative reviews; a customer journey -> emotion curve and breakpoints.
# Everything is written under build/demo/; the readable parts are printed.
set -eu   # no pipefail: "| head" ends producers with SIGPIPE on purpose
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH" LC_ALL=C.UTF-8
d=build/demo
mkdir -p "$d"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. 5000 synthetic reviews (rv-sample reviews --seed 7)"
rv-sample reviews --rows 5000 --seed 7 > $d/reviews.tsv
cut -f1,4,7,9,13 $d/reviews.tsv | head -4

say "2. classify | sentiment | triage (one streaming pipeline)"
rv-classify < $d/reviews.tsv | rv-sentiment \
  | rv-triage --now 2026-11-09T09:00:00 > $d/scored.tsv
[ "${PIPESTATUS[*]}" = "0 0 0" ] || { echo "demo: pipeline failed" >&2; exit 1; }
echo "scored rows: $(($(wc -l < $d/scored.tsv) - 1))  -> $d/scored.tsv"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ pol[$c["polarity"]]++; if ($c["category"] != "") cat[$c["category"]]++ }
	END {
		printf "polarity:"; for (k in pol) printf "  %s %d", k, pol[k]; printf "\n"
		printf "complaint categories:"; for (k in cat) printf "  %s %d", k, cat[k]; printf "\n"
	}' $d/scored.tsv

say "3. the most urgent complaints, with owner, deadline and reply"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["level"] == "urgent" && n++ < 3 {
		printf "[%s] %s\n   category=%s emotion=%s intensity=%s due=%s owner=%s\n   remedy: %s\n   reply:  %s\n",
		    $c["level"], $c["text"], $c["category"], $c["emotion"], $c["intensity"],
		    $c["due"], $c["owner"], $c["remedy"], $c["reply"]
	}' $d/scored.tsv
rv-triage --summary --now 2026-11-09T09:00:00 < $d/scored.tsv | head -12

say "4. why are there bad reviews? (rv-rootcause on polarity=neg)"
rv-rootcause -d carrier,warehouse,province,brand --outcome polarity=neg --pretty < $d/scored.tsv | head -12

say "5. returns in 200k orders: planted causes vs found causes"
rv-sample orders --rows 200000 --seed 7 > $d/orders.tsv
echo "planted (rv-sample --truth):"
rv-sample orders --rows 200000 --seed 7 --truth | awk -F'\t' '$6 == "cause" || NR == 1' | cut -f1-5
echo "found (rv-rootcause):"
rv-rootcause -d line,sku,brand,carrier,warehouse,province,channel --outcome returned < $d/orders.tsv \
  | cut -f1-3,6-10 | head -8

say "6. the customer journey: emotion curve and breakpoints"
rv-sample journeys --rows 3000 --seed 7 | rv-sentiment \
  | rv-curve --by stage --order purchase,wait,delivery,unboxing,use,aftersales --id customer \
  | tee $d/curve.tsv | cut -f2-5,8-10,13
rv-plot --term --mark breakpoint < $d/curve.tsv
rv-plot -x position -y mean --band ci_low,ci_high --mark breakpoint --title '情绪曲线 journey emotion' \
  -o $d/curve.svg < $d/curve.tsv && echo "chart: $d/curve.svg"
# A PNG for people to look at, when a renderer is installed (none is required).
if command -v chromium >/dev/null 2>&1; then
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	  --no-first-run --screenshot="$PWD/$d/curve.png" --window-size=760,440 \
	  "file://$PWD/$d/curve.svg" >/dev/null 2>&1 && echo "picture: $d/curve.png"
elif command -v rsvg-convert >/dev/null 2>&1; then
	rsvg-convert -w 760 $d/curve.svg -o $d/curve.png && echo "picture: $d/curve.png"
fi
echo "planted (rv-sample journeys --truth):"
rv-sample journeys --rows 3000 --seed 7 --truth | cut -f1-6
