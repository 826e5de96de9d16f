# sentiment-tok.py - the peers' input for the sentiment benchmarks
# (bench-sentiment.sh, sentiment-cv.sh, sentiment-lodo.sh): one tokeniser
# and one feature dictionary for fastText and liblinear.
#
# Usage: python3 sentiment-tok.py ft|ll DICT train|test < TSV
# TSV has a header with columns `label` (neg/pos) and `text`. Tokens are
# lower-cased runs of [a-z0-9'] (Latin words, numbers) and every other
# non-space character alone (so Chinese is one token per character).
#   ft  fastText lines "__label__L tokens"; with train the rows are
#       shuffled (random.Random(1)): the data files are sorted by domain,
#       and fastText's SGD needs them mixed. DICT is unused (give -).
#   ll  liblinear lines "1|0 i:1 ..." (pos = 1): binary features for the
#       tokens and the pairs of adjacent tokens (1-2-grams); with train the
#       dictionary is built from the rows and written to DICT (one feature a
#       line, index = line number), with test it is read from DICT and
#       features not in it are dropped.
import random, re, sys
TOK = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")
fmt, dictf, mode = sys.argv[1], sys.argv[2], sys.argv[3]
hdr = sys.stdin.readline().rstrip("\n").split("\t")
li, ti = hdr.index("label"), hdr.index("text")
out = sys.stdout
lines = []
d = {}
if fmt == "ll" and mode == "test":
    with open(dictf, encoding="utf-8") as f:
        for i, l in enumerate(f, 1):
            d[l.rstrip("\n")] = i
for line in sys.stdin:
    f = line.rstrip("\n").split("\t")
    t = TOK.findall(f[ti].lower())
    if fmt == "ft":
        lines.append("__label__" + f[li] + " " + " ".join(t) + "\n")
        continue
    ids = []
    for x in set(t) | {a + " " + b for a, b in zip(t, t[1:])}:
        i = d.get(x)
        if i is None and mode == "train":
            i = d[x] = len(d) + 1
        if i is not None:
            ids.append(i)
    ids.sort()
    out.write(("1" if f[li] == "pos" else "0") + "".join(" %d:1" % i for i in ids) + "\n")
if fmt == "ft":
    if mode == "train":
        random.Random(1).shuffle(lines)
    out.writelines(lines)
if fmt == "ll" and mode == "train":
    with open(dictf, "w", encoding="utf-8") as f:
        for k in d:
            f.write(k + "\n")
