#!/bin/bash
# split.sh [DATADIR [OUTDIR]] - deterministic 90% train / 10% dev split of
# ../shared/data for benchmarks, by a hash of the id.
#
# A row is dev when int(first 8 hex digits of md5(id)) % 10 == 0, train
# otherwise; the same test by hand: printf %s S000001 | md5sum.
# Train rows whose bucket is 1 (about 11% of train, never dev) are also
# written to valid-*.tsv and the rest to fit-*.tsv, for tools that tune on a
# validation set carved from train (fastText -autotune-validation).
#
# Every output file has a common `label` column (neg/pos):
#   shopping  id domain label text   label 0 -> neg, 1 -> pos
#   waimai    id label text          label 0 -> neg, 1 -> pos
#   clothing  id rating label text   rating 1-2 -> neg, 4-5 -> pos, 3 dropped
#   all       id label text          the three concatenated (rv-train input)
# Output: OUTDIR/{train,dev,fit,valid}-{shopping,waimai,clothing,all}.tsv
# (default OUTDIR build/bench/split). Reruns are skipped when the outputs
# are newer than the inputs.
set -eu
cd "$(dirname "$0")/.."
# ../shared beside the project; from a worktree in /work/wt/NAME it is ../../shared.
data=${1:-}
if [ -z "$data" ]; then
	data=../shared/data
	[ -d "$data" ] || data=../../shared/data
fi
out=${2:-build/bench/split}
mkdir -p "$out"
if [ -s "$out/dev-all.tsv" ] && [ -z "$(find "$data" "$0" -newer "$out/dev-all.tsv" -name '*.*' 2>/dev/null)" ]; then
	exit 0
fi
/usr/bin/env python3 - "$data" "$out" <<'EOF'
import hashlib, sys
data, out = sys.argv[1], sys.argv[2]

def bucket(i):
    return int(hashlib.md5(i.encode()).hexdigest()[:8], 16) % 10

def rows(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        hdr = f.readline().rstrip("\n").rstrip("\r").split("\t")
        for line in f:
            yield dict(zip(hdr, line.rstrip("\n").rstrip("\r").split("\t")))

sets = {
    "shopping": ("zh-shopping-train.tsv", ["id", "domain", "label", "text"],
                 lambda r: {"0": "neg", "1": "pos"}.get(r["label"])),
    "waimai": ("zh-waimai-train.tsv", ["id", "label", "text"],
               lambda r: {"0": "neg", "1": "pos"}.get(r["label"])),
    "clothing": ("en-clothing-train.tsv", ["id", "rating", "label", "text"],
                 lambda r: {"1": "neg", "2": "neg", "4": "pos", "5": "pos"}.get(r["rating"])),
}
parts = ("train", "dev", "fit", "valid")
alls = {p: [] for p in parts}
for name, (fn, cols, lab) in sets.items():
    files = {p: open(f"{out}/{p}-{name}.tsv", "w", encoding="utf-8", newline="\n") for p in parts}
    for f in files.values():
        f.write("\t".join(cols) + "\n")
    for r in rows(f"{data}/{fn}"):
        l = lab(r)
        if l is None or r.get("text", "") == "":
            continue
        r["label"] = l
        line = "\t".join(r[c] for c in cols) + "\n"
        short = f"{r['id']}\t{l}\t{r['text']}\n"
        b = bucket(r["id"])
        ps = ("dev",) if b == 0 else ("train", "valid" if b == 1 else "fit")
        for p in ps:
            files[p].write(line)
            alls[p].append(short)
    for f in files.values():
        f.close()
for p in parts:
    with open(f"{out}/{p}-all.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("id\tlabel\ttext\n")
        f.writelines(alls[p])
EOF
