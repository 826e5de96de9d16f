#!/bin/bash
# bench-import.sh - rv-import throughput against its peers, in one run:
#   rv-import FILE                    (this project)
#   mlr --icsv --otsv cat FILE        (Miller, Debian "miller")
#   python3 csv.reader -> TAB join    (Python's csv module)
#   cat FILE                          (the ceiling: reading the bytes)
# on a generated CSV of ROWS (default 1000000) realistic mixed
# Chinese/English review rows: quoted fields with commas, doubled quotes
# and embedded newlines. Also rv-import on the same data in GB18030 and
# UTF-16LE (the iconv path), and build/bench-tsv (the librv TSV
# reader+writer pass-through) on rv-import's output.
# Each timing is the best of RUNS (default 3) wall-clock runs (PEER_RUNS,
# default 1, for mlr and Python), output to /dev/null. Prints a table with MB/s, rows/s and ratios; writes it to
# build/bench/import.tsv.
#   ROWS=100000 RUNS=1 bash scripts/bench-import.sh    (a quick look)
#   XLSX_ONLY=1 bash scripts/bench-import.sh           (the spreadsheet part only)
set -u
cd "$(dirname "$0")/.." || exit 1
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
PEER_RUNS=${PEER_RUNS:-1}	# mlr and Python take tens of seconds per run
dir=build/bench
mkdir -p "$dir"
csv=$dir/import-$ROWS.csv
[ -x bin/rv-import ] || { echo "bench-import: build first (make)" >&2; exit 1; }
[ -x build/bench-tsv ] || make -s build/bench-tsv || exit 1

# best N CMD...: "WALL CPU", the best wall-clock and the best CPU
# (user + system) seconds of N runs. CPU time is what the tool costs;
# wall time also counts waiting for a busy machine (2 shared cores), and
# for mlr, which runs on several threads, it is less than its CPU time.
TIME=/usr/bin/time
[ -x $TIME ] || TIME=
best() {
	local bw= bc= t0 t1 w c i n=$1
	shift
	for ((i = 0; i < n; i++)); do
		t0=$(date +%s%N)
		if [ -n "$TIME" ]; then
			$TIME -f '%U %S' -o "$dir/import.time" "$@" >/dev/null 2>"$dir/import.err"
		else
			"$@" >/dev/null 2>"$dir/import.err"
		fi || { echo "bench-import: failed: $*" >&2; cat "$dir/import.err" >&2; echo "NA NA"; return; }
		t1=$(date +%s%N)
		w=$(( (t1 - t0) / 1000 ))
		c=NA
		[ -n "$TIME" ] && c=$(awk '{ printf "%d", ($1 + $2) * 1e6 }' "$dir/import.time")
		[ -z "$bw" ] || [ "$w" -lt "$bw" ] && bw=$w
		[ "$c" = NA ] || [ -z "$bc" ] || [ "$c" -lt "$bc" ] && bc=$c
	done
	awk -v w="$bw" -v c="${bc:-NA}" 'BEGIN { printf "%.3f %s", w / 1e6, (c == "NA" ? "NA" : sprintf("%.3f", c / 1e6)) }'
}

if [ -z "${XLSX_ONLY:-}" ]; then
if [ ! -s "$csv" ]; then
	echo "generating $csv ($ROWS rows)..." >&2
	python3 - "$ROWS" "$csv" <<'PY' || exit 1
import csv, random, sys
rows, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20240618)
cats = ['连衣裙', '运动鞋', '手机壳', '蓝牙耳机', '保温杯', '婴儿湿巾', '电饭煲', '羽绒服', 'T恤', '面霜']
provs = ['广东', '浙江', '江苏', '北京', '上海', '四川', '湖北', '山东', '河南', '福建']
zh_open = ['收到了，', '第二次买了，', '说实话，', '等了五天才到，', '客服态度很好，', '包装有点简陋，', '']
zh_body = ['质量很好，做工精细', '尺码偏小，建议拍大一码', '颜色和图片有色差', '物流太慢了，催了好几次',
           '盒子压坏了，里面还好', '发错货了，我要的是黑色', '用了两天就坏了，很失望', '性价比很高，推荐购买',
           '味道有点大，放了几天才散', '安装说明看不懂', '客服一直不回复，体验很差', '和描述的一样，满意']
zh_end = ['。', '！', '！！', '，下次还会再来。', '，差评。', '，已申请退货。', '～']
en = ['Fast shipping, but the box was damaged.', 'The "XL" size runs small, order one size up.',
      'Great value for money, works as described.', 'Stopped working after a week; asking for a refund.',
      'Color is different from the photo, a bit disappointed.', 'Customer service said "we will call you", nobody did.',
      'Good quality, my kids love it!', 'Arrived late, packaging torn, product OK.']
reply = ['', '', '', '亲，非常抱歉给您带来不好的体验，已为您安排补发。', '感谢您的支持，期待再次光临！',
         'Sorry for the trouble, a replacement is on its way.']
with open(path, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['order_id', 'sku', 'category', 'province', 'time', 'rating', 'review', 'reply'])
    for i in range(rows):
        r = rnd.random()
        if r < 0.55:
            text = rnd.choice(zh_open) + rnd.choice(zh_body) + rnd.choice(zh_end)
        elif r < 0.75:
            text = rnd.choice(en)
        elif r < 0.97:
            text = rnd.choice(zh_body) + ', ' + rnd.choice(en)
        else:
            text = rnd.choice(zh_body) + '\n追评：' + rnd.choice(zh_body) + rnd.choice(zh_end)
        w.writerow(['TB%012d' % (rnd.randrange(10**12)), 'SKU-%05d' % rnd.randrange(20000),
                    rnd.choice(cats), rnd.choice(provs),
                    '2024-%02d-%02d %02d:%02d:%02d' % (rnd.randint(1, 12), rnd.randint(1, 28),
                                                      rnd.randrange(24), rnd.randrange(60), rnd.randrange(60)),
                    rnd.randint(1, 5), text, rnd.choice(reply)])
PY
fi
[ -s "$dir/import-$ROWS.gb18030.csv" ] || iconv -f UTF-8 -t GB18030 "$csv" > "$dir/import-$ROWS.gb18030.csv"
[ -s "$dir/import-$ROWS.utf16.csv" ] || { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$csv"; } > "$dir/import-$ROWS.utf16.csv"

bytes=$(stat -c %s "$csv")
pycsv='import csv, io, sys
inp = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
t = str.maketrans("\t\r\n", "   ")
out.writelines("\t".join(f.translate(t) for f in r) + "\n" for r in csv.reader(inp))
out.flush()'


# Correctness first: rv-import and Python's csv module must agree byte for byte.
bin/rv-import "$csv" > "$dir/import.rv.tsv" || exit 1
python3 -c "$pycsv" < "$csv" > "$dir/import.py.tsv" || exit 1
if cmp -s "$dir/import.rv.tsv" "$dir/import.py.tsv"; then same=identical; else same=DIFFERENT; fi
for e in gb18030 utf16; do
	bin/rv-import "$dir/import-$ROWS.$e.csv" | cmp -s - "$dir/import.rv.tsv" || same="$same; $e output DIFFERENT"
done

declare -A secs
secs[rv-import]=$(best $RUNS bin/rv-import "$csv")
secs[rv-import GB18030]=$(best $RUNS bin/rv-import "$dir/import-$ROWS.gb18030.csv")
secs[rv-import UTF-16LE]=$(best $RUNS bin/rv-import "$dir/import-$ROWS.utf16.csv")
if command -v mlr >/dev/null; then secs[mlr]=$(best $PEER_RUNS mlr --icsv --otsv cat "$csv"); else secs[mlr]=NA; fi
secs[cat]=$(best $RUNS cat "$csv")
# Python reads stdin: time it through a wrapper so the redirect is inside.
secs[python csv]=$(best $PEER_RUNS bash -c 'python3 -c "$1" < "$2"' _ "$pycsv" "$csv")

{
	printf 'tool\twall_s\tcpu_s\tMB_per_s\trows_per_s\tx_mlr_wall\tx_mlr_cpu\tpct_of_cat\n'
	for t in "rv-import" "rv-import GB18030" "rv-import UTF-16LE" "mlr" "python csv" "cat"; do
		awk -v t="$t" -v s="${secs[$t]}" -v m="${secs[mlr]}" -v c="${secs[cat]}" -v b="$bytes" -v n="$ROWS" 'BEGIN {
			split(s, S, " "); split(m, M, " "); split(c, C, " ")
			if (S[1] == "NA" || S[1] == 0) { printf "%s\tNA\tNA\tNA\tNA\tNA\tNA\tNA\n", t; exit }
			xw = (M[1] == "NA" ? "NA" : sprintf("%.2f", M[1] / S[1]))
			xc = (M[2] == "NA" || S[2] == "NA" || S[2] == 0 ? "NA" : sprintf("%.2f", M[2] / S[2]))
			printf "%s\t%.3f\t%s\t%.1f\t%.0f\t%s\t%s\t%.1f%%\n", t, S[1], S[2], b / S[1] / 1e6, n / S[1],
			    xw, xc, 100 * C[1] / S[1] }'
	done
} > "$dir/import.tsv"

# The TSV reader+writer pass-through on rv-import's output: best of RUNS,
# GB/s per CPU second and per wall-clock second.
tsv=$dir/import.rv.tsv
tsvres=
for mode in write field; do
	bc= bw=
	for ((i = 0; i < RUNS; i++)); do
		if [ $mode = field ]; then r=$(build/bench-tsv --field "$tsv" 2>&1 >/dev/null); else r=$(build/bench-tsv "$tsv" 2>&1 >/dev/null); fi
		c=$(echo "$r" | awk '{ print $(NF-3) }')
		w=$(echo "$r" | awk '{ print $(NF-1) }')
		[ -z "$bc" ] || awk -v g="$c" -v b="$bc" 'BEGIN { exit !(g > b) }' && bc=$c
		[ -z "$bw" ] || awk -v g="$w" -v b="$bw" 'BEGIN { exit !(g > b) }' && bw=$w
	done
	tsvres="$tsvres	bench-tsv (rv_tsv_next + rv_out_$mode per field): $bc GB/s per CPU second, $bw GB/s wall (target >= 1 GB/s)"
	printf 'bench-tsv rv_out_%s\tNA\tNA\t%.0f\tNA\tNA\tNA\tNA\n' "$mode" "$(awk -v g="$bw" 'BEGIN { print g * 1000 }')" >> "$dir/import.tsv"
done

echo "rv-import bench: $ROWS rows, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }') CSV, best of $RUNS ($PEER_RUNS for mlr, python); load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) CPUs"
echo "rv-import output vs Python csv (and GB18030, UTF-16LE inputs vs UTF-8): $same"
column -t -s "$(printf '\t')" "$dir/import.tsv"
echo "$tsvres" | tr '\t' '\n' | sed '/^$/d'
awk -F'\t' '$1 == "rv-import" { w = $6; c = $7 } END {
	if (w != "NA" && w != "") printf "target >= 5x Miller: %s (%sx wall, %sx CPU time)\n", (w >= 5 ? "met" : "MISSED"), w, c }' "$dir/import.tsv"
fi # XLSX_ONLY

# --- spreadsheets -------------------------------------------------------------
# A XLSX_ROWS-row (default 200000) x 10-column xlsx written the way Excel
# writes one (every string in the shared strings, r= on each cell, a date
# style on the time column), read by rv-import and by its Debian peers
# xlsx2csv and csvkit's in2csv (both Python: xlsx2csv streams with a SAX
# parser, in2csv loads the workbook through openpyxl). rv-import must agree
# with the generator's own TSV byte for byte, run >= 10x faster than the
# faster peer, and keep its memory flat: peak RSS at XLSX_ROWS/4 rows and at
# XLSX_ROWS rows. Then correctness on files other programs wrote: openpyxl
# (python3-openpyxl) and LibreOffice (libreoffice-calc --headless
# --convert-to xlsx), when installed (scripts/deps.sh bench installs them).
XLSX_ROWS=${XLSX_ROWS:-200000}
PY=/usr/bin/python3	# Debian's, which has the python3-* packages
[ -x $PY ] || PY=python3
mkxlsx() {	# ROWS OUT.xlsx OUT.tsv
	$PY - "$@" <<'PY'
import random, sys, zipfile
rows, path, tsv = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(20241207)
cats = ['连衣裙', '运动鞋', '手机壳', '蓝牙耳机', '保温杯', '婴儿湿巾', '电饭煲', '羽绒服', 'T恤', '面霜']
provs = ['广东', '浙江', '江苏', '北京', '上海', '四川', '湖北', '山东', '河南', '福建']
body = ['质量很好，做工精细', '尺码偏小，建议拍大一码', '颜色和图片有色差', '物流太慢了，催了好几次',
        '盒子压坏了，里面还好', '发错货了，我要的是黑色', 'Great value for money & works as described.',
        'The "XL" size runs small <order one size up>', '用了两天就坏了，很失望', '性价比很高，推荐购买']
reply = ['亲，非常抱歉给您带来不好的体验，已为您安排补发。', '感谢您的支持，期待再次光临！', '']
sst, idx = [], {}
def s(v):
    if v not in idx:
        idx[v] = len(sst); sst.append(v)
    return idx[v]
def esc(v):
    return v.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
hdr = ['order_id', 'sku', 'category', 'province', 'time', 'rating', 'price', 'quantity', 'review', 'reply']
cols = 'ABCDEFGHIJ'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z, open(tsv, 'w', encoding='utf-8') as t:
    t.write('\t'.join(hdr) + '\n')
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as w:
        w.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s>'
                 '<dimension ref="A1:J%d"/><sheetData>' % (NS, rows + 1)).encode())
        w.write(('<row r="1">%s</row>' % ''.join('<c r="%s1" t="s"><v>%d</v></c>' % (c, s(h))
                                                  for c, h in zip(cols, hdr))).encode())
        buf = []
        for i in range(2, rows + 2):
            d, sec = rnd.randrange(45292, 45657), rnd.randrange(86400)
            price = '%d.%02d' % (rnd.randrange(1, 2000), rnd.randrange(100))
            v = ['TB%012d' % rnd.randrange(10**12), 'SKU-%05d' % rnd.randrange(20000), rnd.choice(cats),
                 rnd.choice(provs), None, str(rnd.randint(1, 5)), price.rstrip('0').rstrip('.'),
                 str(rnd.randint(1, 9)), rnd.choice(body), rnd.choice(reply)]
            cells = []
            for k, x in enumerate(v):
                ref = '%s%d' % (cols[k], i)
                if k == 4:
                    cells.append('<c r="%s" s="1"><v>%d.%s</v></c>' % (ref, d, ('%.10f' % (sec / 86400))[2:]))
                elif k in (5, 6, 7):
                    cells.append('<c r="%s"><v>%s</v></c>' % (ref, x))
                elif x:
                    cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, s(x)))
            buf.append('<row r="%d">%s</row>' % (i, ''.join(cells)))
            import datetime
            ts = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=d, seconds=sec)
            v[4] = ts.strftime('%Y-%m-%d %H:%M:%S')
            t.write('\t'.join(v) + '\n')
            if len(buf) == 1000:
                w.write(''.join(buf).encode()); buf = []
        w.write((''.join(buf) + '</sheetData></worksheet>').encode())
    z.writestr('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="%d" uniqueCount="%d">%s</sst>'
               % (NS, len(sst), len(sst), ''.join('<si><t>%s</t></si>' % esc(x) for x in sst)))
    z.writestr('xl/styles.xml', '<styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>'
               '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>' % NS)
    z.writestr('xl/workbook.xml', '<workbook %s xmlns:r="%s"><sheets><sheet name="评价" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, R))
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
               '<Relationship Id="rId3" Type="%s/styles" Target="styles.xml"/></Relationships>' % (R, R, R))
    z.writestr('_rels/.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % R)
    ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml.'
    z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="%ssheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="%sworksheet+xml"/>'
               '<Override PartName="/xl/sharedStrings.xml" ContentType="%ssharedStrings+xml"/>'
               '<Override PartName="/xl/styles.xml" ContentType="%sstyles+xml"/></Types>' % (ct, ct, ct, ct))
PY
}
quarter=$((XLSX_ROWS / 4))
for n in $XLSX_ROWS $quarter; do
	[ -s "$dir/sheet-$n.xlsx" ] || { echo "generating $dir/sheet-$n.xlsx ($n rows)..." >&2; mkxlsx $n "$dir/sheet-$n.xlsx" "$dir/sheet-$n.want.tsv" || exit 1; }
done
xlsx=$dir/sheet-$XLSX_ROWS.xlsx
bin/rv-import "$xlsx" > "$dir/sheet.rv.tsv" || exit 1
if cmp -s "$dir/sheet.rv.tsv" "$dir/sheet-$XLSX_ROWS.want.tsv"; then xsame=identical; else xsame=DIFFERENT; fi
# peak RSS (KiB) of one run
rss() { /usr/bin/time -f %M -o "$dir/import.rss" "$@" >/dev/null 2>&1 && cat "$dir/import.rss" || echo NA; }
declare -A xs
xs[rv-import]=$(best $RUNS bin/rv-import "$xlsx")
if command -v xlsx2csv >/dev/null; then xs[xlsx2csv]=$(best $PEER_RUNS xlsx2csv "$xlsx"); else xs[xlsx2csv]=NA; fi
if command -v in2csv >/dev/null; then xs[in2csv]=$(best $PEER_RUNS in2csv "$xlsx"); else xs[in2csv]=NA; fi
{
	printf 'tool\twall_s\tcpu_s\trows_per_s\tpeak_rss_kib_%s_rows\tpeak_rss_kib_%s_rows\n' "$quarter" "$XLSX_ROWS"
	for t in rv-import xlsx2csv in2csv; do
		case $t in
		rv-import) cmd="bin/rv-import" ;;
		*) cmd=$t ;;
		esac
		r1=NA r2=NA
		if [ "${xs[$t]}" != NA ] && [ -x /usr/bin/time ]; then
			r1=$(rss $cmd "$dir/sheet-$quarter.xlsx"); r2=$(rss $cmd "$xlsx")
		fi
		awk -v t="$t" -v s="${xs[$t]}" -v n="$XLSX_ROWS" -v r1="$r1" -v r2="$r2" 'BEGIN {
			split(s, S, " ")
			if (S[1] == "NA" || S[1] == 0) { printf "%s\tNA\tNA\tNA\tNA\tNA\n", t; exit }
			printf "%s\t%.3f\t%s\t%.0f\t%s\t%s\n", t, S[1], S[2], n / S[1], r1, r2 }'
	done
} > "$dir/import-xlsx.tsv"
echo
echo "rv-import xlsx bench: $XLSX_ROWS rows x 10 columns, $(stat -c %s "$xlsx" | awk '{ printf "%.1f MB", $1 / 1e6 }') xlsx; output vs the generator's TSV: $xsame"
column -t -s "$(printf '\t')" "$dir/import-xlsx.tsv"
awk -F'\t' 'NR > 1 { w[$1] = $2; c[$1] = $3; r1[$1] = $5; r2[$1] = $6 } END {
	p = "NA"; for (t in w) if (t != "rv-import" && w[t] != "NA" && (p == "NA" || w[t] + 0 < p + 0)) { p = w[t]; pt = t }
	if (p != "NA" && w["rv-import"] != "NA")
		printf "target >= 10x the faster peer (%s): %s (%.1fx wall, %sx CPU time)\n", pt,
		    (p / w["rv-import"] >= 10 ? "met" : "MISSED"), p / w["rv-import"],
		    (c[pt] != "NA" && c["rv-import"] + 0 > 0 ? sprintf("%.1f", c[pt] / c["rv-import"]) : "NA")
	if (r1["rv-import"] != "NA")
		printf "rv-import peak RSS: %s KiB at %d rows, %s KiB at %d rows (memory independent of row count: %s)\n",
		    r1["rv-import"], '"$quarter"', r2["rv-import"], '"$XLSX_ROWS"',
		    (r2["rv-import"] < 1.25 * r1["rv-import"] + 2048 ? "yes" : "NO") }' "$dir/import-xlsx.tsv"

# Files other programs wrote: openpyxl, and LibreOffice re-saving it (its
# own shared strings, styles and date formats, and the formula computed).
if $PY -c 'import openpyxl' 2>/dev/null; then
	$PY - "$dir/openpyxl.xlsx" "$dir/openpyxl.want.tsv" <<'PY' || exit 1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '评价'
ws['A1'] = '2024年11月 评价导出'
ws.merge_cells('A1:H1')
ws['A2'] = '导出时间'
ws['B2'] = datetime.datetime(2024, 12, 1, 8, 30)
hdr = ['订单号', '评价内容', '评分', '价格', '有图', '下单日期', '下单时间', '金额']
ws.append([])
ws.append(hdr)
rows = [
    ['TB001', '质量很好，做工精细 good', 5, 0.1, True, datetime.date(2024, 1, 1), datetime.datetime(2024, 5, 1, 13, 45, 30)],
    ['TB002', '物流太慢\n催了好几次\t差评', 1, 1234567.25, False, datetime.date(2000, 2, 29), datetime.datetime(1999, 12, 31, 23, 59, 59)],
    ['TB002', 'second item of the same order', 3, -0.0025, True, datetime.date(1900, 3, 1), datetime.time(6, 0)],
]
for i, r in enumerate(rows, 5):
    ws.append(r + ['=C%d*D%d' % (i, i)])
ws.merge_cells('A6:A7')
wb.save(sys.argv[1])
want = ['\t'.join(hdr)]
for i, r in enumerate(rows, 5):
    def fmt(v):
        if isinstance(v, bool):
            return 'TRUE' if v else 'FALSE'
        if isinstance(v, datetime.datetime):
            return v.strftime('%Y-%m-%d %H:%M:%S')
        if isinstance(v, (datetime.date, datetime.time)):
            return v.isoformat()
        return str(v).replace('\n', ' ').replace('\t', ' ')
    want.append('\t'.join(fmt(v) for v in r) + '\t')	# formula: no cached value
open(sys.argv[2], 'w').write('\n'.join(want) + '\n')
PY
	bin/rv-import --fill-merged "$dir/openpyxl.xlsx" > "$dir/openpyxl.rv.tsv" 2>&1
	if cmp -s "$dir/openpyxl.rv.tsv" "$dir/openpyxl.want.tsv"; then echo "openpyxl-written xlsx: rv-import output as expected";
	else echo "openpyxl-written xlsx: DIFFERENT"; diff "$dir/openpyxl.want.tsv" "$dir/openpyxl.rv.tsv" | head -10; fi
	if command -v soffice >/dev/null; then
		rm -rf "$dir/lo" && mkdir -p "$dir/lo"
		HOME="$PWD/$dir/lo" timeout 300 soffice --headless --calc --convert-to xlsx --outdir "$dir/lo" "$dir/openpyxl.xlsx" >/dev/null 2>&1
		# LibreOffice computes the formula (rating x price) that openpyxl left
		# uncomputed, and writes the time of day with the format h:mm:ss,
		# which rv-import renders as Excel shows it (6:00:00).
		awk -F'\t' -v OFS='\t' 'NR > 1 { $8 = sprintf("%.15g", $3 * $4) } 1' "$dir/openpyxl.want.tsv" > "$dir/lo.iso.want.tsv"
		awk -F'\t' -v OFS='\t' 'NR > 1 { sub(/^0/, "", $7) } 1' "$dir/lo.iso.want.tsv" > "$dir/lo.want.tsv"
		# libfreexl reads neither formula results (LibreOffice writes its
		# booleans as TRUE() formulas too) nor merged ranges of BIFF files:
		# those cells are empty (rv-import(1), CAVEATS).
		awk -F'\t' -v OFS='\t' 'NR > 1 { $5 = ""; $8 = "" } NR == 4 { $1 = "" } 1' "$dir/lo.iso.want.tsv" > "$dir/lo.xls.want.tsv"
		if [ -s "$dir/lo/openpyxl.xlsx" ] && bin/rv-import --fill-merged "$dir/lo/openpyxl.xlsx" > "$dir/lo.rv.tsv" 2>&1 &&
		    cmp -s "$dir/lo.rv.tsv" "$dir/lo.want.tsv"; then
			echo "LibreOffice-written xlsx: rv-import output as expected"
		else
			echo "LibreOffice-written xlsx: DIFFERENT"; diff "$dir/lo.want.tsv" "$dir/lo.rv.tsv" | head -10
		fi
		rm -f "$dir/lo/openpyxl.xls"
		HOME="$PWD/$dir/lo" timeout 300 soffice --headless --calc --convert-to xls --outdir "$dir/lo" "$dir/openpyxl.xlsx" >/dev/null 2>&1
		if [ -s "$dir/lo/openpyxl.xls" ] && bin/rv-import --fill-merged "$dir/lo/openpyxl.xls" > "$dir/lo.xls.tsv" 2>&1 &&
		    cmp -s "$dir/lo.xls.tsv" "$dir/lo.xls.want.tsv"; then
			echo "LibreOffice-written BIFF .xls: rv-import output as expected (formula results, merged cells empty: libfreexl)"
		else
			echo "LibreOffice-written BIFF .xls: DIFFERENT"; diff "$dir/lo.xls.want.tsv" "$dir/lo.xls.tsv" | head -10
		fi
	else
		echo "LibreOffice-written xlsx: skipped (no soffice; scripts/deps.sh bench installs libreoffice-calc)"
	fi
else
	echo "openpyxl/LibreOffice-written xlsx: skipped (no python3-openpyxl; scripts/deps.sh bench)"
fi
