#!/bin/bash
# bench-export.sh - rv-export checked and timed against Python's openpyxl
# (Debian python3-openpyxl, installed here when root; skipped otherwise):
#   correctness  a mixed table (rv-sample reviews through the pipeline,
#                plus number, date, identifier and escape edge cases) is
#                written by rv-export and read back by openpyxl: every cell
#                must have the type and value rv-export(1) documents
#                (numbers as numbers, dates as datetimes, the rest as the
#                unescaped text), the header bold and frozen, the
#                auto-filter over the table, each column given a width;
#                and a --max-rows split must hold every row once, in order
#   speed        ROWS (default 200000) rows of rv-sample reviews written by
#                rv-export and by openpyxl's write-only (streaming) mode,
#                best of RUNS (default 3); peak memory of rv-export at
#                ROWS/10 and ROWS rows (constant-memory mode: the same)
# Prints a table; writes it to build/bench/export.tsv.
#   ROWS=20000 RUNS=1 bash scripts/bench-export.sh    (a quick look)
set -u
cd "$(dirname "$0")/.." || exit 1
ROWS=${ROWS:-200000}
RUNS=${RUNS:-3}
dir=build/bench
mkdir -p "$dir"
[ -x bin/rv-export ] || { echo "bench-export: build first (make)" >&2; exit 1; }
# Debian's python3 (a python3 earlier in PATH may not see Debian's packages).
py=/usr/bin/python3
if ! $py -c 'import openpyxl' 2>/dev/null; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		echo "bench-export: installing python3-openpyxl" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-openpyxl \
			>/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			python3-openpyxl >/dev/null 2>&1; }
	fi
	$py -c 'import openpyxl' 2>/dev/null ||
		{ echo "bench-export: python3-openpyxl missing (sudo apt-get install python3-openpyxl); skipped" >&2; exit 0; }
fi
w=$(mktemp -d "${TMPDIR:-/tmp}/rv-bench-export.XXXXXX") || exit 1
trap 'rm -rf "$w"' EXIT
best() {	# best wall-clock seconds of RUNS runs of "$@"
	local b= t
	for _ in $(seq 1 "$RUNS"); do
		/usr/bin/time -f %e -o "$w/time" "$@" >/dev/null 2>&1
		t=$(tail -1 "$w/time")
		b=$(awk -v a="$b" -v t="$t" 'BEGIN { print (a == "" || t < a) ? t : a }')
	done
	echo "$b"
}

# --- correctness -------------------------------------------------------------
bin/rv-sample reviews --rows 5000 --seed 19 | bin/rv-classify | bin/rv-sentiment | bin/rv-triage \
	| awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "amount", "phone", "shipped", "note"; next }
	{ a = sprintf("%d.%02d", NR % 300, (NR * 7) % 100)
	  t = sprintf("2026-11-%02d %02d:%02d:%02d", 1 + NR % 28, NR % 24, NR % 60, (NR * 13) % 60)
	  n = (NR % 5 == 0) ? "line one\\nline two" : (NR % 5 == 1) ? "00" NR : (NR % 5 == 2) ? "1e" NR % 9 : (NR % 5 == 3) ? "C:\\data\\tab" : "-" NR ".50"
	  print $0, a, "138" sprintf("%08d", NR), t, n }' > "$w/mixed.tsv"
bin/rv-export -o "$w/mixed.xlsx" "$w/mixed.tsv" 2>"$w/err" || { cat "$w/err" >&2; exit 1; }
bin/rv-export --max-rows 1000 -o "$w/split.xlsx" "$w/mixed.tsv" 2>/dev/null || exit 1
check=$($py - "$w/mixed.tsv" "$w/mixed.xlsx" "$w/split.xlsx" <<'PY'
import datetime, re, sys
import openpyxl
tsv, xlsx, split = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(tsv, encoding="utf-8")]
hdr = rows[0]
NUM = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?\Z")
DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d(?::?\d\d)?)?)?\Z")
IDWORDS = {"id", "ids", "uid", "uuid", "guid", "no", "nr", "num", "number", "code", "sku", "spu",
           "phone", "tel", "telephone", "mobile", "cell", "zip", "zipcode", "postcode", "postal",
           "sn", "serial", "order", "conv", "account", "barcode", "ean", "upc", "isbn", "imei",
           "tracking", "waybill", "card", "iban"}
def is_id(name):
    m = re.search(r"([A-Za-z0-9]+)\W*\Z", name)
    if m:
        w = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", m.group(1))
        return bool(w) and w[-1].lower() in IDWORDS
    return name.rstrip(" .").endswith(("号", "码", "电话", "手机", "邮编", "编码", "单号"))
def unesc(s):
    return re.sub(r"\\([tnr\\])", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[m.group(1)], s)
def expect(col, s):
    if s == "":
        return None
    if not is_id(hdr[col]):
        m = DATE.match(s)
        if m and (int(m.group(1)), int(m.group(2))) >= (1900, 3):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            try:
                return datetime.datetime(y, mo, d, int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0))
            except ValueError:
                pass
        if NUM.match(s) and not re.match(r"-0+(\.0*)?\Z", s):
            canon = s.rstrip("0").rstrip(".") if "." in s else s
            sig = re.sub(r"^-?[0.]*", "", canon.replace(".", "")) if canon not in ("0", "-0") else ""
            if len(sig) <= 15 and "%.16G" % float(canon) == canon:
                return float(s)
    return unesc(s)
wb = openpyxl.load_workbook(xlsx)
ws = wb.worksheets[0]
cells = bad = 0
for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=1):
    want_row = rows[r]
    for c, want_s in enumerate(want_row):
        got = row[c] if c < len(row) else None
        want = expect(c, want_s)
        cells += 1
        ok = got == want or (isinstance(want, datetime.datetime) and isinstance(got, datetime.datetime)
                             and abs((got - want).total_seconds()) < 0.001)
        if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
            ok = float(got) == want
        if not ok:
            bad += 1
            if bad <= 5:
                print("mismatch row %d col %s: %r -> %r (want %r)" % (r + 1, hdr[c], want_s, got, want), file=sys.stderr)
hdr_ok = [c.value for c in ws[1]] == hdr and all(c.font.b for c in ws[1])
frozen = ws.freeze_panes == "A2"
filt = ws.auto_filter.ref == "A1:%s%d" % (openpyxl.utils.get_column_letter(len(hdr)), len(rows))
widths = all(ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(hdr)))
sp = openpyxl.load_workbook(split, read_only=True)
back = []
for s in sp.worksheets:
    it = s.iter_rows(values_only=True)
    assert [str(v) for v in next(it)] == hdr
    back.extend(r[0] for r in it)
split_ok = back == [r[0] for r in rows[1:]] and len(sp.worksheets) == (len(rows) - 1 + 998) // 999
print("%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d" % (cells, bad, hdr_ok, frozen, filt, widths, split_ok, len(sp.worksheets)))
PY
) || { echo "bench-export: the openpyxl check failed to run" >&2; exit 1; }
IFS=$'\t' read -r cells bad hdr_ok frozen filt widths split_ok nsheets <<<"$check"

# --- speed and memory ----------------------------------------------------------
big=$w/big.tsv
bin/rv-sample reviews --rows "$ROWS" --seed 3 > "$big"
bin/rv-sample reviews --rows $((ROWS / 10)) --seed 3 > "$w/small.tsv"
t_rv=$(best bin/rv-export -o "$w/rv.xlsx" "$big")
cat > "$w/peer.py" <<'PY'
import sys
import openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        ws.append(line.rstrip("\n").split("\t"))
wb.save(sys.argv[2])
PY
t_py=$(best $py "$w/peer.py" "$big" "$w/py.xlsx")
/usr/bin/time -f %M -o "$w/mem" bin/rv-export -o "$w/s.xlsx" "$w/small.tsv" >/dev/null 2>&1
m_small=$(tail -1 "$w/mem")
/usr/bin/time -f %M -o "$w/mem" bin/rv-export -o "$w/b.xlsx" "$big" >/dev/null 2>&1
m_big=$(tail -1 "$w/mem")
size=$(stat -c %s "$w/rv.xlsx")

{
	printf 'measure\tvalue\n'
	printf 'cells read back by openpyxl\t%s\n' "$cells"
	printf 'cells with a wrong type or value\t%s\n' "$bad"
	printf 'header bold / frozen / auto-filter / widths\t%s / %s / %s / %s\n' "$hdr_ok" "$frozen" "$filt" "$widths"
	printf 'split at 1000 rows: all rows once, in order\t%s (%s sheets)\n' "$split_ok" "$nsheets"
	printf 'rv-export %s rows x 13 columns (s)\t%s\n' "$ROWS" "$t_rv"
	printf 'openpyxl write-only, text cells (s)\t%s\n' "$t_py"
	printf 'speed-up\t%s\n' "$(awk -v a="$t_rv" -v b="$t_py" 'BEGIN { printf "%.1fx", b / a }')"
	printf 'xlsx size (MB)\t%s\n' "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')"
	printf 'peak memory %s / %s rows (MB)\t%s / %s\n' $((ROWS / 10)) "$ROWS" \
		"$(awk -v k="$m_small" 'BEGIN { printf "%.1f", k / 1024 }')" "$(awk -v k="$m_big" 'BEGIN { printf "%.1f", k / 1024 }')"
} | tee "$dir/export.tsv" | column -t -s $'\t'
[ "$bad" = 0 ] && [ "$hdr_ok" = True ] && [ "$frozen" = True ] && [ "$filt" = True ] && [ "$widths" = True ] && [ "$split_ok" = True ]
