#!/bin/bash
# bench-sample.sh - rv-sample generation speed (target: 1M orders rows in
# under 2 s), side by side with plain `cat` of the same bytes (the write
# ceiling) and a naive Python generator of the same columns as a peer.
# Writes build/bench/sample.tsv.
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p build/bench
out=build/bench/sample.tsv
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
rows=${SAMPLE_ROWS:-1000000}
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
bin/rv-sample orders --rows "$rows" --seed 1 >"$tmp/orders.tsv"
t_orders=$(secs bin/rv-sample orders --rows "$rows" --seed 1)
t_cat=$(secs cat "$tmp/orders.tsv")
t_rev=$(secs bin/rv-sample reviews --rows $((rows / 5)) --seed 1)
t_chat=$(secs bin/rv-sample chats --rows $((rows / 20)) --seed 1)
t_py=
if command -v python3 >/dev/null; then
	cat >"$tmp/gen.py" <<'PY'
import random, sys
random.seed(1)
cats = ["手机", "服装", "家电", "食品", "美妆", "图书"]
out = sys.stdout
out.write("order_id\tdate\tcategory\tprice\treturned\n")
for i in range(int(sys.argv[1])):
    out.write("O%08d\t2026-11-02\t%s\t%.2f\t%d\n" % (i + 1, random.choice(cats),
              random.uniform(10, 1000), random.random() < 0.05))
PY
	t_py=$(secs python3 "$tmp/gen.py" "$rows")
fi
mb=$(du -m "$tmp/orders.tsv" | cut -f1)
{
	printf 'what\trows\tseconds\trows_per_s\tspeed_vs_rv (x faster)\n'
	printf 'rv-sample orders\t%s\t%.3f\t%.0f\t1.00\n' "$rows" "$t_orders" "$(echo "$rows / $t_orders" | bc -l)"
	printf 'cat (ceiling, %s MB)\t%s\t%.3f\t%.0f\t%.2f\n' "$mb" "$rows" "$t_cat" "$(echo "$rows / $t_cat" | bc -l)" "$(echo "$t_orders / $t_cat" | bc -l)"
	[ -n "$t_py" ] && printf 'python3 naive generator (5 columns)\t%s\t%.3f\t%.0f\t%.2f\n' "$rows" "$t_py" "$(echo "$rows / $t_py" | bc -l)" "$(echo "$t_orders / $t_py" | bc -l)"
	printf 'rv-sample reviews\t%s\t%.3f\t%.0f\t-\n' $((rows / 5)) "$t_rev" "$(echo "$rows / 5 / $t_rev" | bc -l)"
	printf 'rv-sample chats (conversations)\t%s\t%.3f\t%.0f\t-\n' $((rows / 20)) "$t_chat" "$(echo "$rows / 20 / $t_chat" | bc -l)"
} | tee "$out" | column -t -s "$(printf '\t')"
ok=$(echo "$t_orders < 2" | bc -l)
[ "$ok" = 1 ] && echo "target met: $rows orders rows in ${t_orders}s (< 2 s)" || echo "target MISSED: $rows orders rows took ${t_orders}s (target < 2 s)"
