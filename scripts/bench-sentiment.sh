#!/bin/bash
# bench-sentiment.sh - sentiment accuracy and speed, rv against its peers,
# side by side in one run (issue 4, "Measured"). Run by `make bench`
# (BENCH=sentiment make bench runs only this one).
#
# Data: scripts/split.sh splits ../shared/data 90% train / 10% dev by
# md5(id) into build/bench/split/ with a common label column (neg/pos;
# clothing ratings 1-2 neg, 4-5 pos, 3 dropped). No tool sees dev rows
# when training. Scores come from rv-eval (--classes neg,pos).
#
# Tools (peers trained per dataset on its 90% train part):
#   fasttext        fasttext supervised -dim 10 -wordNgrams 2 -thread 1
#                   (defaults otherwise), training rows shuffled with a fixed
#                   seed; tokens are single characters for Chinese,
#                   lower-cased words for Latin text, punctuation alone
#   fasttext-tuned  fasttext -autotune-validation: trains on the train part
#                   minus a validation part (split.sh valid-*, ~10% of train,
#                   never dev), tunes for AUTOTUNE seconds per dataset
#                   (skipped with a note when it overruns by far)
#   liblinear       L2 logistic regression (liblinear-train -s 0, C=1, -B 1)
#                   on binary token 1-2-gram features (same tokens as
#                   fastText: character 1-2-grams for Chinese, word 1-2-grams
#                   for English); dictionary from the train part
#   fasttext-all, liblinear-all  one model on all three train parts (as
#                   rv's), scored on each dev part and used for the speed run
#   fasttext100-all  the same with -dim 100 -bucket 200000 (wordNgrams 2,
#                   character tokens for Chinese): the configuration that gives
#                   fastText its accuracy here, the fair peer for speed (issue
#                   14 part 6; dim 10 is faster but loses accuracy)
#   rv              rv-train --label label -t text on all three train parts
#                   (English negatives weighted as in make model),
#                   then rv-sentiment --model; skipped (with a note) until
#                   bin/rv-train and bin/rv-sentiment exist. polarity neu is
#                   mapped to the sign of the sentiment column (> 0 pos,
#                   < 0 neg); a neu with sentiment exactly 0 stays "neu" and
#                   counts as wrong.
# Speed: about 200k rows (the dev parts of all three sets repeated), one
# core (taskset -c 0), model load included, best of 3 runs by CPU time
# (user + system: on a shared machine the wall time mostly measures the
# other processes; both are reported); peak RSS from /usr/bin/time. The
# input's bytes per row are printed with the table. The peers read their pre-tokenised input (fastText tokens,
# liblinear feature vectors): their tokenising is not timed, rv's is.
#
# Output: the tables on stdout; build/bench/sentiment.tsv with columns
# tool, dataset, by, metric, value (metric accuracy, macro_f1, n, or for
# dataset "speed": rows, rows_per_s, peak_mb, model_mb; train_s per tool).
# Environment: PEERS=0 reuses the peers' figures of the last full run and
# runs only rv (a quick loop while working on rv-sentiment); AUTOTUNE (seconds per dataset, default 60; 0 skips
# fasttext-tuned), SPEED_ROWS (default 200000). Takes about 8 minutes on
# 2 cores, most of it fastText's autotune.
set -u
cd "$(dirname "$0")/.." || exit 1
B=build/bench
S=$B/split
W=$B/sentiment
OUT=$B/sentiment.tsv
AUTOTUNE=${AUTOTUNE:-60}
SPEED_ROWS=${SPEED_ROWS:-200000}
SETS="shopping waimai clothing"
mkdir -p "$W"
export LC_ALL=C.UTF-8

bash scripts/split.sh || { echo "bench-sentiment: split failed" >&2; exit 1; }
[ -x bin/rv-eval ] || make -s bin/rv-eval || exit 1
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

printf 'tool\tdataset\tby\tmetric\tvalue\n' >"$OUT"
res() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$OUT"; }

# The peers' tokens and features: scripts/sentiment-tok.py (shared with
# sentiment-cv.sh and sentiment-lodo.sh).
tok() { python3 scripts/sentiment-tok.py "$@"; }

# score TOOL SET PREDFILE: PREDFILE is the dev file plus a `pred` column.
score() {
	local tool=$1 set=$2 f=$3 by=
	[ "$set" = shopping ] && by="--by domain"
	bin/rv-eval -g label -p pred --classes neg,pos $by "$f" >"$f.eval" 2>/dev/null || {
		echo "bench-sentiment: rv-eval failed on $f" >&2; return 1; }
	awk -F'\t' -v tool="$tool" -v set="$set" '$2 == "summary" &&
	    ($5 == "accuracy" || $5 == "macro_f1" || $5 == "n") {
		printf "%s\t%s\t%s\t%s\t%s\n", tool, set, $1, $5, $6 }' "$f.eval" >>"$OUT"
}
# paste_pred DEV LABELS OUT: dev rows + pred column from one label a line.
paste_pred() {
	{ printf 'pred\n'; sed 's/^__label__//; s/^0$/neg/; s/^1$/pos/' "$2"; } | paste "$1" - >"$3"
}

# ---- peers ----
FT=0 LL=0
if [ "${PEERS:-1}" = 0 ] && [ -s "$OUT.last" ]; then
	# Reuse the peers' rows of the last full run (quick rv iterations).
	awk -F'\t' 'NR > 1 && $1 != "rv"' "$OUT.last" >>"$OUT"
	echo "bench-sentiment: PEERS=0: peers' figures from the last full run" >&2
else
	have fasttext && FT=1 || echo "bench-sentiment: fasttext missing (apt-get install fasttext): skipped" >&2
	have liblinear-train && LL=1 || echo "bench-sentiment: liblinear-tools missing: skipped" >&2
fi
ALLSETS="$SETS all"
for set in $ALLSETS; do
	if [ $FT = 1 ]; then
		for part in train fit; do tok ft - train <"$S/$part-$set.tsv" >"$W/$part-$set.ft"; done
		for part in dev valid; do tok ft - test <"$S/$part-$set.tsv" >"$W/$part-$set.ft"; done
	fi
	if [ $LL = 1 ]; then
		tok ll "$W/dict-$set" train <"$S/train-$set.tsv" >"$W/train-$set.ll"
		tok ll "$W/dict-$set" test <"$S/dev-$set.tsv" >"$W/dev-$set.ll"
	fi
done
ft_train_s=0 ll_train_s=0 tuned_train_s=0
for set in $ALLSETS; do
	name=; [ $set = all ] && name=-all
	if [ $FT = 1 ]; then
		t=$(now)
		fasttext supervised -input "$W/train-$set.ft" -output "$W/ft-$set" -dim 10 \
		    -wordNgrams 2 -thread 1 -verbose 0 || exit 1
		[ $set = all ] && res fasttext-all all "" train_s "$(secs "$t")" ||
		    ft_train_s=$(awk -v a=$ft_train_s -v b="$(secs "$t")" 'BEGIN { print a + b }')
		for d in $SETS; do
			[ $set != all ] && [ $d != $set ] && continue
			fasttext predict "$W/ft-$set.bin" "$W/dev-$d.ft" >"$W/ft$name-$d.lab"
			paste_pred "$S/dev-$d.tsv" "$W/ft$name-$d.lab" "$W/pred-fasttext$name-$d.tsv"
			score fasttext$name $d "$W/pred-fasttext$name-$d.tsv"
		done
		if [ $set != all ] && [ "$AUTOTUNE" -gt 0 ]; then
			t=$(now)
			# The search stops after AUTOTUNE s, but a trial with huge
			# parameters (dim 300, 10M buckets: GBs) or the final training
			# may run long under load: give up after a bound.
			if timeout $((AUTOTUNE + 120)) fasttext supervised -input "$W/fit-$set.ft" \
			    -output "$W/ftt-$set" -autotune-validation "$W/valid-$set.ft" \
			    -autotune-duration "$AUTOTUNE" -thread 2 -verbose 0 >/dev/null 2>&1; then
				tuned_train_s=$(awk -v a=$tuned_train_s -v b="$(secs "$t")" 'BEGIN { print a + b }')
				fasttext predict "$W/ftt-$set.bin" "$W/dev-$set.ft" >"$W/ftt-$set.lab"
				res fasttext-tuned $set "" model_mb "$(du -k "$W/ftt-$set.bin" | awk '{ printf "%.1f", $1 / 1024 }')"
				paste_pred "$S/dev-$set.tsv" "$W/ftt-$set.lab" "$W/pred-fasttext-tuned-$set.tsv"
				score fasttext-tuned $set "$W/pred-fasttext-tuned-$set.tsv"
			else
				echo "bench-sentiment: fasttext autotune on $set did not finish in time: skipped" >&2
			fi
			rm -f "$W/ftt-$set.bin" "$W/ftt-$set.vec"	# up to 800 MB each
		fi
		rm -f "$W/ft-$set.vec"
		if [ $set = all ]; then
			t=$(now)
			fasttext supervised -input "$W/train-all.ft" -output "$W/ft100-all" -dim 100 \
			    -wordNgrams 2 -bucket 200000 -thread 1 -verbose 0 || exit 1
			res fasttext100-all all "" train_s "$(secs "$t")"
			for d in $SETS; do
				fasttext predict "$W/ft100-all.bin" "$W/dev-$d.ft" >"$W/ft100-all-$d.lab"
				paste_pred "$S/dev-$d.tsv" "$W/ft100-all-$d.lab" "$W/pred-fasttext100-all-$d.tsv"
				score fasttext100-all $d "$W/pred-fasttext100-all-$d.tsv"
			done
			rm -f "$W/ft100-all.vec"
		fi
	fi
	if [ $LL = 1 ]; then
		t=$(now)
		liblinear-train -s 0 -B 1 -q "$W/train-$set.ll" "$W/ll-$set.model" >/dev/null || exit 1
		[ $set = all ] && res liblinear-all all "" train_s "$(secs "$t")" ||
		    ll_train_s=$(awk -v a=$ll_train_s -v b="$(secs "$t")" 'BEGIN { print a + b }')
		liblinear-predict "$W/dev-$set.ll" "$W/ll-$set.model" "$W/ll-$set.lab" >/dev/null
		if [ $set = all ]; then
			# dev-all is the three dev parts in order: cut it back apart.
			i=1
			for d in $SETS; do
				n=$(($(wc -l <"$S/dev-$d.tsv") - 1))
				sed -n "$i,$((i + n - 1))p" "$W/ll-all.lab" >"$W/ll-all-$d.lab"
				i=$((i + n))
				paste_pred "$S/dev-$d.tsv" "$W/ll-all-$d.lab" "$W/pred-liblinear-all-$d.tsv"
				score liblinear-all $d "$W/pred-liblinear-all-$d.tsv"
			done
		else
			paste_pred "$S/dev-$set.tsv" "$W/ll-$set.lab" "$W/pred-liblinear-$set.tsv"
			score liblinear $set "$W/pred-liblinear-$set.tsv"
		fi
	fi
done
[ $FT = 1 ] && res fasttext all "" train_s "$ft_train_s"
[ $FT = 1 ] && [ "$AUTOTUNE" -gt 0 ] && res fasttext-tuned all "" train_s "$tuned_train_s"
[ $LL = 1 ] && res liblinear all "" train_s "$ll_train_s"

# ---- rv ----
RV=0
if [ -x bin/rv-train ] && [ -x bin/rv-sentiment ]; then
	RV=1
	t=$(now)
	# As make model: each English negative (ids C...) counts EN_NEG_WEIGHT times.
	awk -F'\t' -v w="${EN_NEG_WEIGHT:-5}" '{ print } NR > 1 && $1 ~ /^C/ && $2 == "neg" {
	    for (i = 1; i < w; i++) print }' "$S/train-all.tsv" >"$W/train-all-rv.tsv"
	bin/rv-train --label label -t text -o "$B/rv.model" "$W/train-all-rv.tsv" || {
		echo "bench-sentiment: rv-train failed" >&2; RV=0; }
	res rv all "" train_s "$(secs "$t")"
fi
if [ $RV = 1 ]; then
	for d in $SETS; do
		bin/rv-sentiment --model "$B/rv.model" "$S/dev-$d.tsv" | awk -F'\t' -v OFS='\t' '
		    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print $0, "pred"; next }
		    { p = $c["polarity"]; s = $c["sentiment"] + 0
		      if (p == "neu") p = s > 0 ? "pos" : s < 0 ? "neg" : "neu"
		      print $0, p }' >"$W/pred-rv-$d.tsv"
		score rv $d "$W/pred-rv-$d.tsv"
	done
else
	echo "bench-sentiment: bin/rv-train or bin/rv-sentiment not built yet: rv rows skipped" >&2
fi

# ---- speed: ~SPEED_ROWS rows, one core, model load included ----
n=$(($(wc -l <"$S/dev-all.tsv") - 1))
reps=$(((SPEED_ROWS + n - 1) / n))
head -1 "$S/dev-all.tsv" >"$W/speed.tsv"
for _ in $(seq "$reps"); do tail -n +2 "$S/dev-all.tsv"; done | head -n "$SPEED_ROWS" >>"$W/speed.tsv"
rows=$(($(wc -l <"$W/speed.tsv") - 1))
[ $FT = 1 ] && tok ft - test <"$W/speed.tsv" >"$W/speed.ft"
[ $LL = 1 ] && tok ll "$W/dict-all" test <"$W/speed.tsv" >"$W/speed.ll"
# speed TOOL MODELFILE CMD...: the run of least CPU time (user + system) of
# 3: its CPU time, wall time and peak RSS.
speed() {
	local tool=$1 model=$2 best= bestw= bestm= k tm cpu
	shift 2
	for k in 1 2 3; do
		/usr/bin/time -o "$W/time.out" -f '%e %U %S %M' taskset -c 0 "$@" >/dev/null 2>&1
		tm=$(tail -1 "$W/time.out")
		cpu=$(echo "$tm" | awk '{ printf "%.2f", $2 + $3 }')
		if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$cpu bestw=${tm%% *} bestm=${tm##* }
		fi
	done
	res "$tool" speed "" rows "$rows"
	res "$tool" speed "" rows_per_s "$(awk -v r=$rows -v s=$best 'BEGIN { printf "%.0f", r / (s > 0 ? s : 0.01) }')"
	res "$tool" speed "" rows_per_wall_s "$(awk -v r=$rows -v s=$bestw 'BEGIN { printf "%.0f", r / (s > 0 ? s : 0.01) }')"
	res "$tool" speed "" cpu_s "$best"
	res "$tool" speed "" wall_s "$bestw"
	res "$tool" speed "" peak_mb "$(awk -v k=$bestm 'BEGIN { printf "%.1f", k / 1024 }')"
	res "$tool" speed "" model_mb "$(du -k "$model" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')"
}
[ $FT = 1 ] && speed fasttext-all "$W/ft-all.bin" fasttext predict "$W/ft-all.bin" "$W/speed.ft"
[ $FT = 1 ] && speed fasttext100-all "$W/ft100-all.bin" fasttext predict "$W/ft100-all.bin" "$W/speed.ft"
[ $LL = 1 ] && speed liblinear-all "$W/ll-all.model" liblinear-predict "$W/speed.ll" "$W/ll-all.model" /dev/stdout
[ $RV = 1 ] && speed rv "$B/rv.model" bin/rv-sentiment --model "$B/rv.model" "$W/speed.tsv"

[ $FT = 1 ] && [ $LL = 1 ] && cp "$OUT" "$OUT.last"

# ---- tables ----
awk -F'\t' -v sets="$SETS" '
NR == 1 { next }
$2 == "speed" { sp[$1, $4] = $5; if (!($1 in st)) { st[$1]; so[++ns] = $1 }; next }
$4 == "train_s" { tr[$1] = $5; next }
$3 == "(all)" && ($4 == "accuracy" || $4 == "macro_f1") {
	v[$1, $2, $4] = $5; if (!($1 in seen)) { seen[$1]; order[++nt] = $1 } }
$2 == "shopping" && $3 != "(all)" && $4 == "accuracy" {
	dv[$1, $3] = $5; if (!($3 in dseen)) { dseen[$3]; dorder[++nd] = $3 } }
END {
	k = split(sets, S, " ")
	printf "\n%-16s", "accuracy / F1"
	for (j = 1; j <= k; j++) printf "  %-15s", S[j]
	printf "  %8s\n", "train_s"
	for (i = 1; i <= nt; i++) {
		t = order[i]; printf "%-16s", t
		for (j = 1; j <= k; j++)
			if ((t, S[j], "accuracy") in v) printf "  %.4f %.4f  ", v[t, S[j], "accuracy"], v[t, S[j], "macro_f1"]
			else printf "  %-15s", "-"
		printf "  %8s\n", (t in tr) ? tr[t] : "-"
	}
	printf "\nshopping accuracy by domain\n%-10s", "domain"
	for (i = 1; i <= nt; i++) printf " %15s", order[i]
	printf "\n"
	for (d = 1; d <= nd; d++) {
		printf "%-10s", dorder[d]
		for (i = 1; i <= nt; i++) printf " %15s", ((order[i], dorder[d]) in dv) ? dv[order[i], dorder[d]] : "-"
		printf "\n"
	}
	if (ns == 0) exit
	base = sp["fasttext-all", "rows_per_s"]; base100 = sp["fasttext100-all", "rows_per_s"]
	printf "\nspeed (%s rows of %s bytes each on average, 1 core, model load included;\n", sp[so[1], "rows"], bpr
	printf "rows/s of CPU time (user + system), wall time alongside)\n"
	printf "%-16s %8s %8s %10s %10s %9s %9s %9s %12s\n", "tool", "cpu_s", "wall_s", "rows/s", "rows/wall_s",
	    "peak_MB", "model_MB", "vs ft10", "vs ft100"
	for (i = 1; i <= ns; i++) {
		t = so[i]
		printf "%-16s %8s %8s %10s %10s %9s %9s %8.2fx %11.2fx\n", t, sp[t, "cpu_s"], sp[t, "wall_s"],
		    sp[t, "rows_per_s"], sp[t, "rows_per_wall_s"], sp[t, "peak_mb"], sp[t, "model_mb"],
		    (base ? sp[t, "rows_per_s"] / base : 0), (base100 > 0 ? sp[t, "rows_per_s"] / base100 : 0)
	}
}' bpr="$(awk -v r="$rows" -v b="$(wc -c <"$W/speed.tsv")" 'BEGIN { printf "%.0f", b / r }')" "$OUT"
echo
echo "results: $OUT; predictions: $W/pred-*.tsv (rv-eval --pretty for details)"

# Intensity and emotion on the hand-labelled set (tests/data/emotion-dev.tsv).
# rv-sentiment's intensity/emotion rules were adjusted on the odd data rows
# only (file lines 2, 4, ...), so the even data rows (file lines 3, 5, ...)
# are the held-out figure; all rows are shown too.
if [ -x bin/rv-sentiment ] && [ -x bin/rv-eval ]; then
	E=tests/data/emotion-dev.tsv
	bin/rv-sentiment < "$E" > "$W/emotion-dev.tsv"
	awk -F'\t' 'NR == 1 || NR % 2 == 1' "$W/emotion-dev.tsv" > "$W/emotion-dev-held.tsv"
	echo
	echo "intensity and emotion vs tests/data/emotion-dev.tsv (held-out even rows | all rows)"
	for part in held all; do
		f="$W/emotion-dev-$part.tsv"; [ $part = all ] && f="$W/emotion-dev.tsv"
		for what in polarity intensity emotion; do
			bin/rv-eval -g gold_$what -p $what "$f" 2>/dev/null |
			awk -F'\t' -v w=$what -v p=$part '$1 == "(all)" && $2 == "summary" && ($5 == "accuracy" || $5 == "macro_f1") { m[$5] = $6 }
				END { printf "  %-4s %-10s accuracy %.3f  macro-F1 %.3f\n", p, w, m["accuracy"], m["macro_f1"] }'
		done
	done
	echo "emotion confusion, all rows (gold rows x predicted columns):"
	bin/rv-eval -g gold_emotion -p emotion --pretty "$W/emotion-dev.tsv" 2>/dev/null | sed -n '/onfusion/,$p' | head -12
	bin/rv-eval -g gold_intensity -p intensity --numeric "$W/emotion-dev.tsv" 2>/dev/null |
	awk -F'\t' '$1 == "(all)" && $5 == "mae" { printf "intensity MAE (all rows): %.3f\n", $6 }'
fi

# K-fold cross-validation on the train parts: the dev split above has ~1,000
# rows per set, so one point there is about one standard error.
if [ "${CV:-1}" != 0 ] && [ $RV = 1 ]; then
	echo
	echo "cross-validation (scripts/sentiment-cv.sh; CV=0 skips it)"
	bash scripts/sentiment-cv.sh
fi
if [ "${CV:-1}" != 0 ] && [ $RV = 1 ]; then
	echo
	echo "leave one product line out (scripts/sentiment-lodo.sh)"
	bash scripts/sentiment-lodo.sh
fi
