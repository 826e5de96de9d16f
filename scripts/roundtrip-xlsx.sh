#!/bin/bash
# roundtrip-xlsx.sh - TSV -> rv-export -> rv-import -> TSV must give the
# same bytes, on a large mixed-script table: ROWS (default 100000)
# rv-sample reviews (Chinese and English text, ids, dates, ratings) scored
# by rv-classify and rv-sentiment (decimals such as 0.450, cue lists),
# plus columns of edge cases: escaped line breaks, TABs and backslashes in
# text (as "rv-import --escape" writes them, which is how it is read
# back), prices with trailing zeros, leading-zero codes, long order
# numbers, phone numbers, date-times with and without a zone.
# Both sides exist: a workbook rv-import cannot read back is an error
# (exit 1), never a skip. make check runs this with ROWS=2000.
# On a difference, prints per column how many rows differ and the first
# example, and exits 1.
#   ROWS=5000 bash scripts/roundtrip-xlsx.sh    (a quick look)
set -u
cd "$(dirname "$0")/.." || exit 1
ROWS=${ROWS:-100000}
[ -x bin/rv-export ] && [ -x bin/rv-import ] || { echo "roundtrip-xlsx: build first (make)" >&2; exit 1; }
w=$(mktemp -d "${TMPDIR:-/tmp}/rv-roundtrip.XXXXXX") || exit 1
trap 'rm -rf "$w"' EXIT

# A first look on a tiny table, to fail with a short message.
printf 'a\tb\nx\t1\n' > "$w/probe.tsv"
bin/rv-export -o "$w/probe.xlsx" "$w/probe.tsv" || exit 1
if ! bin/rv-import --escape "$w/probe.xlsx" > "$w/probe.out" ||
	! cmp -s "$w/probe.tsv" "$w/probe.out"; then
	echo "roundtrip-xlsx: rv-import does not read rv-export's workbook back" >&2
	exit 1
fi

bin/rv-sample reviews --rows "$ROWS" --seed 23 | bin/rv-classify | bin/rv-sentiment \
	| awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "note", "price", "code", "order_no", "phone", "shipped", "due"; next }
	{ k = NR % 6
	  note = k == 0 ? "第一行\\n第二行" : k == 1 ? "tab\\there" : k == 2 ? "C:\\\\data\\\\x" : k == 3 ? "ok" : k == 4 ? "" : "Mixed 中文 and English\\r\\nCRLF"
	  price = sprintf("%d.%02d", NR % 500, (NR * 10) % 100)
	  code = sprintf("%05d", NR % 1000)
	  order = sprintf("%d%012d", 2026, NR)
	  phone = sprintf("1%010d", 3800000000 + NR)
	  shipped = sprintf("2026-11-%02d %02d:%02d:%02d", 1 + NR % 28, NR % 24, NR % 60, (NR * 7) % 60)
	  due = sprintf("2026-12-%02dT%02d:%02d:00+08:00", 1 + NR % 28, NR % 24, (NR * 3) % 60)
	  print $0, note, price, code, order, phone, shipped, due }' > "$w/in.tsv"
bin/rv-export -o "$w/t.xlsx" "$w/in.tsv" || exit 1
bin/rv-import --escape "$w/t.xlsx" > "$w/back.tsv" || exit 1
rows=$(($(wc -l < "$w/in.tsv") - 1))
if cmp -s "$w/in.tsv" "$w/back.tsv"; then
	echo "roundtrip-xlsx: $rows rows x $(head -1 "$w/in.tsv" | awk -F'\t' '{ print NF }') columns: identical"
	exit 0
fi
echo "roundtrip-xlsx: $rows rows: the table read back differs" >&2
awk -F'\t' 'NR == FNR { a[FNR] = $0; next }
	FNR == 1 { n = split(a[1], h, "\t") }
	{ m = split(a[FNR], x, "\t"); k = split($0, y, "\t")
	  if (k != m) { rag++; if (!rex) rex = FNR; next }
	  for (i = 1; i <= m; i++) if ((x[i] "") != (y[i] "")) { d[i]++; if (!(i in ex)) ex[i] = "line " FNR ": \"" x[i] "\" -> \"" y[i] "\"" } }
	END { if (FNR != length(a)) print "  lines: " length(a) " in, " FNR " back"
	      if (rag) print "  " rag " rows with another number of fields (the first at line " rex ")"
	      for (i = 1; i <= n; i++) if (d[i]) print "  " h[i] ": " d[i] " rows, e.g. " substr(ex[i], 1, 160) }' \
	"$w/in.tsv" "$w/back.tsv" >&2
exit 1
