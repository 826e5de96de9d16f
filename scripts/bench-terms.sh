#!/bin/bash
# bench-terms.sh - rv-terms accuracy and speed (run by make bench).
#  Recall: invented complaint phrases (absent from the data) are planted
#  into a few percent of one group's real reviews from ../shared/data, at a
#  random clause boundary; rv-terms must report each phrase whole (exactly
#  that string, not a part or an extension) in its top 10. Two settings:
#   new: one product line's reviews split at random into "this week" (the
#        group, with the plants) and "last week" (what --new is for);
#   line: one product line (with the plants) against all the others, where
#        the line's own vocabulary competes for the top 10.
#  Chinese: zh-shopping-train.tsv, 10 product lines; English:
#  en-clothing-train.tsv, by department. 3 phrases per case at 1%, 2% and
#  4% of the group's reviews, the 5 largest groups. Reported: recall@10,
#  recall at any rank, and how often
#  a part or an extension of a phrase was reported instead.
#  Word boundaries: when python3-jieba is installed (it is a peer here,
#  never a dependency, and not installed by this script), the words
#  rv-terms --words discovers in the 50k shopping reviews segment 1,000
#  of them by forward maximum matching; boundary precision/recall/F1
#  against jieba's segmentation, and the share of discovered words that are
#  in jieba's dictionary.
#  Speed: rv-sample reviews, 1M rows, -g rating=1: wall and CPU seconds,
#  rows/s, input bytes/row and MB/s, peak RSS.
#  Results: stdout and build/bench/terms.tsv.
set -u
cd "$(dirname "$0")/.." || exit 1
B=build/bench/terms
mkdir -p "$B"
res=build/bench/terms.tsv
printf 'metric\tvalue\n' > "$res"
put() { printf '%s\t%s\n' "$1" "$2" >> "$res"; printf '  %-58s %s\n' "$1" "$2"; }
T=bin/rv-terms
SAMPLE=bin/rv-sample
D=../shared/data
[ -x $T ] && [ -x $SAMPLE ] || { echo "bench-terms: build first (make)" >&2; exit 1; }
PY=python3
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jieba' 2>/dev/null && PY=/usr/bin/python3
[ -f $D/zh-shopping-train.tsv ] || { echo "bench-terms: $D missing" >&2; exit 1; }

# ---- recall of planted phrases ----
$PY - "$D" "$B" "$T" <<'PY' | while IFS=$'\t' read -r k v; do put "$k" "$v"; done
import random, subprocess, sys, re
D, B, T = sys.argv[1:4]
ZH = ["充电口松动", "拉链头断裂", "外壳掉漆", "贴膜起泡", "开机键失灵", "商家拒不退款",
      "客服已读不回", "发票拖着不开", "螺丝孔滑丝", "电源线发烫", "包装盒压扁", "说明书是英文"]
EN = ["zipper pull snapped", "dye bleeds", "seam ripped open", "tag was missing", "strap broke off",
      "lining came loose", "buttons keep popping", "pilling got worse"]
def load(path, gcol, tcol):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) > max(gcol, tcol) and c[tcol].strip():
                rows.append((c[gcol], c[tcol]))
    return rows
def plant(text, phrase, rnd, en):
    cuts = [0, len(text)] + [m.end() for m in re.finditer(r"[，。！？,.!?；;]", text)]
    at = rnd.choice(cuts)
    sep = " " if en else ""
    return (text[:at] + sep + phrase + (". " if en else "，") + text[at:]).strip()
def run(rows, flags, args):
    inp = "g\ttext\n" + "".join(f"{g}\t{t}\n" for g, t in rows)
    out = subprocess.run([T] + args, input=inp.encode(), capture_output=True, check=True).stdout
    return [l.split("\t")[0] for l in out.decode().splitlines()[1:]]
stats, ranks = {}, {}
for lang, path, gcol, tcol, phrases in (("zh", D + "/zh-shopping-train.tsv", 1, 3, ZH),
                                        ("en", D + "/en-clothing-train.tsv", 6, 9, EN)):
    rows = load(path, gcol, tcol)
    groups = sorted({g for g, _ in rows if g}, key=lambda g: (-sum(1 for x, _ in rows if x == g), g))[:5]
    for setting in ("new", "line"):
        for gi, grp in enumerate(groups):
            for rate in (0.01, 0.02, 0.04):
                rnd = random.Random(f"{lang}{setting}{grp}{rate}")
                ph = rnd.sample(phrases, 3)
                if setting == "new":
                    mine = [t for g, t in rows if g == grp]
                    rnd.shuffle(mine)
                    half = len(mine) // 2
                    g1, g0 = mine[:half], mine[half:]
                else:
                    g1 = [t for g, t in rows if g == grp]
                    g0 = [t for g, t in rows if g != grp]
                if len(g1) < 300:
                    continue
                g1 = list(g1)
                for p in ph:
                    for i in rnd.sample(range(len(g1)), max(5, int(rate * len(g1)))):
                        g1[i] = plant(g1[i], p, rnd, lang == "en")
                data = [("1", t) for t in g1] + [("0", t) for t in g0]
                args = ["-g", "g=1", "--top", "0"]
                if setting == "new":
                    args += ["--vs", "0"]
                terms = run(data, None, args)
                key = (lang, setting)
                s = stats.setdefault(key, [0, 0, 0, 0, 0])
                for p in ph:
                    pl = p.lower()
                    s[0] += 1
                    s[1] += pl in terms[:10]
                    s[2] += pl in terms
                    s[3] += pl not in terms and any(x != pl and (x in pl or pl in x) for x in terms[:10])
                s[4] += 1
for (lang, setting), (n, at10, anyr, part, cases) in sorted(stats.items()):
    name = f"{lang} {setting}: {cases} cases, {n} planted phrases"
    print(f"{name}: recall@10\t{at10 / n:.3f}")
    print(f"{name}: recall at any rank\t{anyr / n:.3f}")
    print(f"{name}: a part/extension instead, in top 10\t{part / n:.3f}")
PY

# ---- word boundaries against jieba (optional peer) ----
if $PY -c 'import jieba' 2>/dev/null; then
	cut -f4 $D/zh-shopping-train.tsv | sed 1s/.*/text/ > $B/shop.tsv
	$T --words $B/shop.tsv > $B/words.tsv
	$PY - $B/words.tsv $B/shop.tsv <<'PY' 2>/dev/null | while IFS=$'\t' read -r k v; do put "$k" "$v"; done
import sys, re, jieba
jieba.setLogLevel(60)
words = {l.split("\t")[0] for l in list(open(sys.argv[1], encoding="utf-8"))[1:]}
texts = [l.rstrip("\n") for l in list(open(sys.argv[2], encoding="utf-8"))[1:1001]]
maxlen = max(len(w) for w in words)
def fmm(run):
    i, cuts = 0, set()
    while i < len(run):
        for n in range(min(maxlen, len(run) - i), 0, -1):
            if n == 1 or run[i:i + n] in words:
                break
        i += n
        cuts.add(i)
    return cuts
tp = fp = fn = tpc = fpc = 0
for t in texts:
    for m in re.finditer(r"[\u4e00-\u9fff]+", t):
        run = m.group(0)
        ours = fmm(run) - {len(run)}
        ref, i = set(), 0
        for w in jieba.lcut(run, HMM=True):
            i += len(w)
            ref.add(i)
        ref -= {len(run)}
        single = set(range(1, len(run)))
        tp += len(ours & ref); fp += len(ours - ref); fn += len(ref - ours)
        tpc += len(single & ref); fpc += len(single - ref)
p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
print(f"jieba boundaries, 1000 reviews: precision\t{p:.3f}")
print(f"jieba boundaries, 1000 reviews: recall\t{r:.3f}")
print(f"jieba boundaries, 1000 reviews: F1\t{2 * p * r / max(1e-9, p + r):.3f}")
pc = tpc / max(1, tpc + fpc)
print(f"jieba boundaries, every character a word: precision/F1\t{pc:.3f}/{2 * pc / (pc + 1):.3f}")
print(f"discovered words ({len(words)}) in jieba's dictionary\t{sum(1 for w in words if jieba.dt.FREQ.get(w, 0) > 0) / len(words):.3f}")
PY
else
	echo "  jieba boundaries: skipped (python3-jieba is not installed; apt-get install python3-jieba)"
fi

# ---- speed ----
$SAMPLE reviews --rows 1000000 > $B/1m.tsv
bytes=$(stat -c %s $B/1m.tsv)
best=
for i in 1 2; do
	/usr/bin/time -f '%e %U %S %M' -o $B/time $T -g rating=1 $B/1m.tsv > $B/out.tsv || exit 1
	read -r w u s m < $B/time
	if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$w; cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }'); rss=$m; fi
done
put "1M reviews, -g rating=1: wall s (best of 2)" "$best"
put "1M reviews: CPU s" "$cpu"
put "1M reviews: rows/s (CPU)" "$(awk -v c="$cpu" 'BEGIN { printf "%.0f", 1e6 / c }')"
put "1M reviews: input bytes/row" "$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')"
put "1M reviews: MB/s (CPU)" "$(awk -v b="$bytes" -v c="$cpu" 'BEGIN { printf "%.1f", b / 1e6 / c }')"
put "1M reviews: peak RSS MB" "$(awk -v m="$rss" 'BEGIN { printf "%.0f", m / 1024 }')"
# the same in 2 parallel chunks, merged: wall seconds, state size, and
# whether the table equals one process's (it can differ when pruned)
if command -v parallel >/dev/null; then
	/usr/bin/time -f '%e' -o $B/time parallel --pipepart -a $B/1m.tsv --header : --block -1 -j 2 \
		--keep-order $T --partial -g rating=1 > $B/states.tsv || exit 1
	read -r w1 < $B/time
	/usr/bin/time -f '%e' -o $B/time $T --merge -g rating=1 $B/states.tsv > $B/merged.tsv || exit 1
	read -r w2 < $B/time
	put "1M reviews, 2 chunks (parallel --pipepart, --partial | --merge): wall s" \
	    "$(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.2f", a + b }')"
	put "1M reviews, 2 chunks: state MB" "$(awk -v b="$(stat -c %s $B/states.tsv)" 'BEGIN { printf "%.0f", b / 1e6 }')"
	put "1M reviews, 2 chunks: merged table = one process's" \
	    "$(cmp -s $B/out.tsv $B/merged.tsv && echo yes || echo "no, the table was pruned: $(diff $B/out.tsv $B/merged.tsv | grep -c '^>') of $(wc -l < $B/out.tsv) lines differ, $(diff <(cut -f1-5,7 $B/out.tsv) <(cut -f1-5,7 $B/merged.tsv) | grep -c '^>') apart from q")"
	rm -f $B/states.tsv
else
	echo "  2 chunks: skipped (GNU parallel is not installed)"
fi
rm -f $B/1m.tsv
