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
