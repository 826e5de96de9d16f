# example-files.sh - sourced by readme-examples.sh and man-examples.sh: make,
# in the current folder, the files that the README's and the man pages'
# examples name, from rv-sample (rv-* on PATH). Every file is small and made
# with a fixed seed, so the examples run in seconds and the same each time.
#
#   sample.tsv export.csv export.xlsx jd-export.xlsx returns.xlsx orders.tsv journeys.tsv chats.tsv owners.tsv
#   labelled.tsv train.tsv dev.tsv new.tsv events.tsv complaints.tsv
#   reviews.tsv (when not made by an example: reviews with the text first)
#   templates.tsv tickets.tsv zh-shopping.tsv checked.tsv agg.tsv taobao.csv daily-*.csv
#   reviews.txt (UTF-16LE), scored.tsv, causes.tsv, and stand-ins for mail,
#   notify and ssh in ./stand-ins (they write what they read to received.txt)
example_files() {
rv-sample reviews --rows 3000 --seed 11 > sample.tsv || return 1
# a platform export: Chinese header, GB18030, RFC 4180 quoting
awk -F'\t' 'function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
	NR == 1 { print "订单号,SKU,carrier,warehouse,province,评分,评价内容"; next }
	{ print q($2) "," q($5) "," q($7) "," q($8) "," q($9) "," $12 "," q($13) }' sample.tsv \
	| iconv -f UTF-8 -t GB18030 > export.csv
# the same export as a platform's xlsx: a title row, an export date, then the table
# (inline strings, numbers; tests/xlsx/mkxlsx.py writes the test fixtures the same way)
python3 - export.xlsx <<'PY' || return 1
import subprocess, sys, zipfile
from xml.sax.saxutils import escape
rows = [l.split('\t') for l in subprocess.run(['rv-import', 'export.csv'], capture_output=True,
        text=True, check=True).stdout.splitlines()]
def c(v):
    return '<c><v>%s</v></c>' % v if v.isdigit() else '<c t="inlineStr"><is><t>%s</t></is></c>' % escape(v)
x = '<row><c t="inlineStr"><is><t>评价导出</t></is></c></row>'
x += '<row><c t="inlineStr"><is><t>导出时间</t></is></c><c s="1"><v>46332</v></c></row>'
x += ''.join('<row>%s</row>' % ''.join(c(v) for v in r) for r in rows)
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', '<workbook %s xmlns:r="%s"><sheets><sheet name="评价" sheetId="1" r:id="rId1"/>'
               '</sheets></workbook>' % (ns, rel))
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="%s/worksheet" '
               'Target="worksheets/sheet1.xml"/></Relationships>' % rel)
    z.writestr('xl/styles.xml', '<styleSheet %s><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
               '</styleSheet>' % ns)
    z.writestr('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (ns, x))
PY
cp export.xlsx jd-export.xlsx
# a returns workbook: a notes sheet, then items under merged order cells
python3 "$top/tests/xlsx/mkxlsx.py" returns returns.xlsx || return 1
rv-sample orders --rows 60000 --seed 11 > orders.tsv
rv-sample journeys --rows 600 --seed 11 > journeys.tsv
rv-sample scripts --rows 300 --seed 11 > chats.tsv	# chats with agent ids and a resolved flag
rv-triage --dump-defaults=owners > owners.tsv
# a shop's reply templates (rv-script --phrases)
printf 'phrase\n我马上为您处理\n这边给您优先安排\n请您自行联系快递\n非常抱歉\n' > templates.tsv
# labelled reviews: star ratings as 0/1 labels, the product line as domain
for s in 21 22 23; do rv-sample reviews --rows 2000 --seed $s; done \
	| awk -F'\t' -v OFS='\t' '$1 == "review_id" { if (!h++) print "label", "domain", "text"; next }
	$12 <= 2 { print 0, $4, $13 } $12 >= 4 { print 1, $4, $13 }' > all-labelled.tsv
head -1 all-labelled.tsv > labelled.tsv; cp labelled.tsv train.tsv; cp labelled.tsv dev.tsv
awk 'NR > 1 && NR % 5 == 0' all-labelled.tsv >> dev.tsv
awk 'NR > 1 && NR % 5 != 0' all-labelled.tsv >> train.tsv
awk 'NR > 1 && NR % 7 == 0' all-labelled.tsv >> labelled.tsv
cut -f2,3 dev.tsv > new.tsv
cp dev.tsv zh-shopping.tsv
# the labelled set also has complaint categories (primary first), as a shop
# that checked rv-classify's would have them
rv-classify labelled.tsv | awk -F'\t' -v OFS='\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "label", "domain", "text", "primary", "categories"; next }
	{ k = $c["categories"]; if (k == "") k = "none"; p = k; sub(/,.*/, "", p)
	  print $c["label"], $c["domain"], $c["text"], p, k }' > labelled-cat.tsv && mv labelled-cat.tsv labelled.tsv
# events for rv-trend: three days of 5-minute complaint events
awk 'BEGIN { OFS = "\t"; print "time", "province", "category"
	split("广东 浙江 江苏 北京", P, " "); split("logistics quality service", C, " ")
	for (m = 0; m < 3 * 1440; m += 5) for (k = 0; k < 1 + (m * 7) % 4; k++)
		printf "2026-11-%02dT%02d:%02d:00+08:00\t%s\t%s\n", 1 + int(m / 1440), int(m % 1440 / 60), m % 60,
		    P[1 + (m + k) % 4], C[1 + (m * 3 + k) % 3] }' > events.tsv
# two weeks of complaints with a week column (rv-terms --new)
rv-sample reviews --rows 4000 --seed 12 --weeks 2 | awk -F'\t' -v OFS='\t' 'NR == 1 { print "week", "text"; next }
	{ print ($3 >= "2026-11-02" ? "2026-W45" : "2026-W44"), $13 }' > complaints.tsv
# reviews.tsv as rv-import would write it, with a week column and the
# dimensions (a README example makes its own)
rv-sample reviews --rows 3000 --seed 13 --weeks 2 | awk -F'\t' -v OFS='\t' '
	NR == 1 { print "text", "title", "review_id", "time", "week", "sku", "carrier", "warehouse", "province", "line", "rating"; next }
	{ print $13, "", $1, $3 "T" sprintf("%02d:%02d:00+08:00", NR % 24, NR % 60), ($3 >= "2026-11-02" ? "2026-W46" : "2026-W45"),
	    $5, $7, $8, $9, $4, $12 }' > reviews.tsv
# labelled tickets: the categories rv-classify gives, as a shop would have
# corrected them, with a time of arrival
rv-classify sample.tsv | awk -F'\t' -v OFS='\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "time", "primary", "categories", "text"; next }
	{ p = $c["categories"]; sub(/,.*/, "", p); if (p == "") p = "none"
	  printf "2026-11-%02dT%02d:%02d:00+08:00\t%s\t%s\t%s\n", 1 + NR % 28, NR % 24, NR % 60, p,
	      ($c["categories"] == "" ? "none" : $c["categories"]), $c["text"] }' > tickets.tsv
# hand-checked intensity and categories next to rv's (a gold column)
rv-sentiment sample.tsv | awk -F'\t' -v OFS='\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print $0, "gold_intensity"; next }
	{ g = $c["intensity"]; if (NR % 9 == 0 && g > 0) g--; print $0, g }' > checked.tsv
awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "gold"; next }
	{ print $0, ($12 <= 2 ? ($12 == 1 ? "quality" : "logistics") : "none") }' sample.tsv > sample-gold.tsv
mv sample-gold.tsv sample.tsv
# pre-aggregated counts
awk 'BEGIN { OFS = "\t"; print "cdn", "isp", "device", "cnt", "failed"
	split("A B C", D, " "); split("ct cu cm", I, " "); split("ios android web", V, " ")
	for (a = 1; a <= 3; a++) for (b = 1; b <= 3; b++) for (e = 1; e <= 3; e++) {
		n = 1000 + 100 * a * b; f = int(n * 0.02); if (D[a] == "B" && I[b] == "cu") f = int(n * 0.2)
		print D[a], I[b], V[e], n, f } }' > agg.tsv
# a taobao export (UTF-8 CSV), daily files, and Excel's "Unicode text"
awk -F'\t' 'function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
	NR == 1 { print "订单号,评价内容,评分"; next } NR <= 200 { print q($2) "," q($13) "," $12 }' sample.tsv > taobao.csv
for d in 01 02 03; do
	awk -F'\t' -v d=$d 'function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
		NR == 1 { print "date,order,text"; next } NR % 3 == d % 3 && NR < 300 { print "2026-11-" d "," q($2) "," q($13) }' sample.tsv > daily-$d.csv
done
printf '"bad, "row\n' >> daily-02.csv
head -50 sample.tsv | cut -f1,12,13 | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16LE > reviews.txt
# scored reviews and the causes of their negative rate
rv-classify reviews.tsv | rv-sentiment > scored.tsv
rv-rootcause -d carrier,warehouse,province,sku -o returned orders.tsv > causes.tsv
# mail, notify and ssh (a copy to a share) keep what they are given
mkdir -p stand-ins
for c in mail notify ssh; do printf '#!/bin/sh\ncat > received.txt\n' > stand-ins/$c; chmod +x stand-ins/$c; done
}
