#!/bin/bash
# bench-triage.sh - rv-triage figures asked for by its issue:
#   1. rows/s of the full triage on 1M rows, one core (target >= 200k), side
#      by side with the obvious alternative: an awk script doing only the
#      keyword grading (no routing, remedy, reply or deadline);
#   2. latency of one row through rv-classify | rv-sentiment | rv-triage
#      --line-buffered (target < 50 ms); a missing stage is replaced by cat
#      and said so;
#   3. level accuracy on the hand-labelled set (tests/cli/rv-triage/
#      labelled-set), text only and, when bin/rv-sentiment exists, behind it.
# Results: stdout and build/bench/triage.tsv (metric, value).
set -u
cd "$(dirname "$0")/.." || exit 1
out=build/bench/triage.tsv
mkdir -p build/bench
shared=
for d in "${SHARED:-}" ../shared ../../shared; do
	[ -n "$d" ] && [ -f "$d/data/zh-shopping-train.tsv" ] && { shared=$d; break; }
done
[ -z "$shared" ] && { echo "bench-triage: ../shared/data not found (set SHARED)" >&2; exit 1; }
N=${N:-1000000}
lab=tests/cli/rv-triage/labelled-set
printf 'metric\tvalue\n' >"$out"
rec() { printf '%s\t%s\n' "$1" "$2" >>"$out"; }

# 1. Throughput. Input: real reviews (zh shopping + en clothing, avg ~250
# bytes) with the columns rv-classify/rv-sentiment would add, repeated to N.
in=build/bench/triage-in.tsv
if [ ! -s "$in" ] || [ "$(($(wc -l <"$in") - 1))" -ne "$N" ]; then
	awk -F'\t' 'BEGIN { OFS = "\t"; print "id", "line", "tier", "time", "text", "category", "polarity", "intensity", "emotion"
		split("quality,logistics,service,damage,fit,other,safety,mismatch", C, ",")
		split("anger,disappointment,anxiety,neutral", E, ",") }
	FNR > 1 && FILENAME ~ /shopping/ { n++; print $1, $2, (n % 9 ? "" : "vip"), 1714550400 + n * 37, $4, C[n % 8 + 1], ($3 == 0 ? "neg" : "pos"), n % 4, E[n % 4 + 1] }
	FNR > 1 && FILENAME ~ /clothing/ { n++; print $1, $7, (n % 9 ? "" : "vip"), 1714550400 + n * 37, $10, C[n % 8 + 1], ($4 <= 2 ? "neg" : "pos"), n % 4, E[n % 4 + 1] }' \
	    "$shared/data/zh-shopping-train.tsv" "$shared/data/en-clothing-train.tsv" >build/bench/triage-base.tsv
	awk -v n="$N" 'NR == 1 { print; next } { r[++k] = $0 }
	    END { for (i = 0; i < n; i++) print r[i % k + 1] }' build/bench/triage-base.tsv >"$in"
fi
mb=$(($(wc -c <"$in") / 1048576))
# The alternative: grade by keyword in awk (what one writes without rv).
cat >build/bench/triage-grade.awk <<'AWK'
BEGIN { FS = OFS = "\t"; ns = split("起火 着火 冒烟 爆炸 漏电 触电 过敏 中毒 受伤 异物 拉肚子 变质 发霉 caught fire electric shock rash allergic exploded injur poison", S, " ")
	nt = split("投诉 12315 曝光 起诉 律师 媒体 lawyer sue chargeback", T, " ") }
NR == 1 { print $0, "level"; next }
{ t = tolower($5); lv = $7 == "neg" ? "normal" : "none"
  if ($8 >= 3 || $9 == "anger") if ($7 == "neg") lv = "important"
  for (i = 1; i <= nt; i++) if (index(t, T[i])) { lv = "important"; break }
  for (i = 1; i <= ns; i++) if (index(t, S[i])) { lv = "urgent"; break }
  print $0, lv }
AWK
. scripts/bench-common.sh	# best
echo "throughput: $N rows, $mb MB, one process each"
set -- $(best taskset -c 0 bin/rv-triage --now 2024-05-01T12:00:00+08:00 "$in"); tr_w=$1 tr_c=$2
rate() { awk -v n="$N" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
printf '  %-40s wall %6.2f s  cpu %6.2f s  %8s rows/s (cpu)\n' "rv-triage (grade, route, remedy, reply)" "$tr_w" "$tr_c" "$(rate "$tr_c")"
rec triage_wall_seconds "$tr_w"
rec triage_cpu_seconds "$tr_c"
rec triage_rows_per_cpu_s "$(rate "$tr_c")"
for aw in mawk gawk; do
	command -v $aw >/dev/null || { echo "  $aw: not installed, skipped"; continue; }
	set -- $(best taskset -c 0 $aw -f build/bench/triage-grade.awk "$in"); a_w=$1 a_c=$2
	printf '  %-40s wall %6.2f s  cpu %6.2f s  %8s rows/s (cpu)  rv-triage is %.1fx faster\n' \
	    "$aw, keyword grading only" "$a_w" "$a_c" "$(rate "$a_c")" "$(awk -v a="$a_c" -v b="$tr_c" 'BEGIN { print a / b }')"
	rec "${aw}_cpu_seconds" "$a_c"
	rec "${aw}_rows_per_cpu_s" "$(rate "$a_c")"
done

# 2. Latency of one row through the tail -F pipeline.
stages=
for s in rv-classify rv-sentiment; do
	if [ -x bin/$s ]; then
		lb=; bin/$s --help 2>/dev/null | grep -q -- --line-buffered && lb=--line-buffered
		stages="$stages bin/$s $lb |"
	else
		echo "latency: bin/$s not built here; cat stands in for it"
		stages="$stages cat |"
	fi
done
pipeline="$stages bin/rv-triage --line-buffered --now 2024-05-01"
python3 - "$pipeline" "$out" <<'PY'
import os, subprocess, sys, time, select
cmd, out = sys.argv[1], sys.argv[2]
p = subprocess.Popen(["bash", "-c", cmd], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
pending = b""
def readline():
    global pending
    while b"\n" not in pending:
        r, _, _ = select.select([p.stdout], [], [], 5)
        if not r:
            raise SystemExit("latency: no output within 5 s: is every stage line-buffered?")
        got = os.read(p.stdout.fileno(), 65536)
        if not got:
            raise SystemExit("latency: the pipeline ended early")
        pending += got
    line, pending = pending.split(b"\n", 1)
    return line
def row(text):
    t0 = time.perf_counter()
    p.stdin.write((text + "\n").encode())
    line = readline()
    return (time.perf_counter() - t0) * 1000, line
t0 = time.perf_counter()
p.stdin.write(b"text\n")
readline()                      # the header comes back first
first = (time.perf_counter() - t0) * 1000
ms, line = row("热水器漏电了，手被电到")
if b"urgent" not in line:
    raise SystemExit("latency: unexpected output: %r" % line[:200])
lat = []
for i in range(50):
    ms, line = row("充电宝鼓包冒烟，太危险了 %d" % i if i % 2 else "The charger caught fire, I want a refund %d" % i)
    lat.append(ms)
p.stdin.close(); p.wait()
lat.sort()
med, p95, mx = lat[len(lat) // 2], lat[int(len(lat) * .95)], lat[-1]
print("latency: %s" % cmd.replace("bin/", ""))
print("  header back (start-up) %.1f ms; then 50 rows one at a time: median %.2f ms, p95 %.2f ms, max %.2f ms (target < 50 ms)" % (first, med, p95, mx))
with open(out, "a") as f:
    f.write("latency_first_ms\t%.1f\nlatency_median_ms\t%.2f\nlatency_p95_ms\t%.2f\nlatency_max_ms\t%.2f\n" % (first, med, p95, mx))
PY

# 3. Accuracy on the labelled set.
echo "accuracy on $lab/labelled.tsv ($(($(wc -l <$lab/labelled.tsv) - 1)) rows), text only (no sentiment columns):"
bin/rv-triage --now 2024-05-01 $lab/labelled.tsv | awk -f $lab/confusion.awk | tee build/bench/triage-confusion-text.tsv | sed 's/^/  /'
rec accuracy_text_only "$(awk -F'\t' '$1 == "accuracy" { print $3 }' build/bench/triage-confusion-text.tsv)"
rec urgent_missed_text_only "$(awk -F'\t' '$1 == "urgent_below_urgent" { print $2 }' build/bench/triage-confusion-text.tsv)"
if [ -x bin/rv-sentiment ]; then
	echo "accuracy behind rv-sentiment (its polarity, intensity, emotion):"
	bin/rv-sentiment $lab/labelled.tsv | bin/rv-triage --now 2024-05-01 | awk -f $lab/confusion.awk |
	    tee build/bench/triage-confusion-sentiment.tsv | sed 's/^/  /'
	rec accuracy_with_sentiment "$(awk -F'\t' '$1 == "accuracy" { print $3 }' build/bench/triage-confusion-sentiment.tsv)"
	rec urgent_missed_with_sentiment "$(awk -F'\t' '$1 == "urgent_below_urgent" { print $2 }' build/bench/triage-confusion-sentiment.tsv)"
fi
echo "results: $out"
