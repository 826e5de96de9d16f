/* lexicon.h - term lexicons with longest-match lookup (a byte trie with
 * hashed transitions), used by rv-sentiment. Terms are folded (utf8.h)
 * when added, so lookups run on folded text.
 *
 * TSV format (--lexicon, --dump-defaults): header "term kind value emotion
 * note"; kind is word, emoji, neg, deg, contrast, sarcasm or fact; value a
 * number; emotion anger, disappointment, anxiety, confusion, satisfaction
 * or "-". */
#ifndef RV_LEXICON_H
#define RV_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* RV_LEX_FACT: an information slot (订单号, 收货地址, phone number):
 * no value of its own; a short text with one and no sentiment term
 * states or asks for a fact, and rv-sentiment scores it 0. */
enum rv_lex_kind {
	RV_LEX_WORD, RV_LEX_EMOJI, RV_LEX_NEG, RV_LEX_DEG, RV_LEX_CONTRAST, RV_LEX_SARCASM, RV_LEX_FACT
};
enum rv_emotion {
	RV_EMO_NONE, RV_EMO_ANGER, RV_EMO_DISAPPOINTMENT, RV_EMO_ANXIETY, RV_EMO_CONFUSION,
	RV_EMO_SATISFACTION, RV_EMO_NEUTRAL, RV_EMO_COUNT
};

struct rv_lex_entry {
	float value;
	uint8_t kind;		/* enum rv_lex_kind */
	uint8_t emotion;	/* enum rv_emotion */
	uint8_t latin;		/* term starts and ends with a Latin letter or digit: whole words only */
};

/* A trie transition: key (node << 21 | code point) + 1 in bits 0-52 (0
 * for an empty slot), a Bloom signature of the child's transitions above;
 * the child node and its entry (a copy of node_ent[child]). */
struct rv_lex_trans {
	uint64_t key;
	int32_t child, ent;
};

/* A node of the matching trie (see struct rv_lex): its children are the
 * nodes kids .. (this + 1)->kids - 1, its entry ent or -1. */
struct rv_lex_node {
	uint32_t kids;
	int32_t ent;
};

/* A slot of the Latin word table (see struct rv_lex): the run's hash
 * (its top 32 bits; 0 for an empty slot), its trie node, its letters at
 * wpool + at, len of them. When the node has no child but letters and
 * digits (no longer term goes on past the run), len has bit 0x100 set
 * and node is the node's entry instead: the match ends there without
 * touching the trie. */
struct rv_lex_word {
	uint32_t h, node, at, len;
};

struct rv_lex {
	struct rv_lex_entry *ent;
	size_t nent, entcap;
	int32_t *node_ent;	/* per trie node: entry index or -1 */
	size_t nnodes, nodecap;
	struct rv_lex_trans *trans;	/* hashed transitions */
	size_t tcap, ntrans;
	/* The trie that rv_lex_match_cp walks, built from the hashed one on
	 * the first match after an add: nodes in breadth-first order, each
	 * one's children consecutive and sorted by code point, so a node is
	 * 8 bytes, the edge into it 4 (key) and the nodes of one script's
	 * terms lie together. The root's children are nodes 1..: those of a
	 * BMP code point c is 1 + the number of first[] bits below c. */
	struct rv_lex_node *node;	/* nnodes + 1 (the last: kids only) */
	uint32_t *key;			/* per node: the code point into it */
	int frozen;			/* node/key match the hashed trie */
	/* Latin words: a match at a letter or digit ends at the end of its
	 * run of letters and digits or goes on past it (a term that ended
	 * inside the run would be followed by a letter). So the run is
	 * looked up whole, by hash, among the runs that reach a node with an
	 * entry or a child other than a letter or digit; the walk goes on
	 * from there. */
	struct rv_lex_word *word;	/* wmask + 1 slots, open addressing */
	size_t wmask;
	/* A bit per value of the runs' hashes' top bits (wbmask + 1 bits,
	 * about 16 per run): most words of a text start no term, and this
	 * small table says so without touching the large one above. */
	uint64_t *wbits;
	size_t wbmask;
	char *wpool;			/* the runs' letters */
	/* The first two code points of every term that starts with a BMP
	 * code point other than a letter or digit (CJK terms, mostly) ->
	 * the trie node they lead to (a leaf, a term of two code points
	 * and no longer one: its entry | 1 << 31, so the match ends
	 * there): key c0 << 16 | c1, node 0 for an empty slot (open
	 * addressing, p2mask + 1 slots, at most half full: 1118 pairs in
	 * 32 KB for the embedded lexicons). One probe replaces the walk's
	 * first two steps (first[], rank[], the root child and a binary
	 * search of its children). */
	struct rv_lex_pair2 {
		uint32_t key, node;
	} *p2;
	size_t p2mask;
	uint16_t rank[0x10000 / 64];	/* first[] bits below each 64-bit word */
	uint64_t first[0x10000 / 64];	/* BMP code points that start a term */
	uint64_t single[0x10000 / 64];	/* BMP code points that are a whole term */
	/* Bloom bits of (first, second) code points of the terms that do
	 * not start with an ASCII letter or digit (those are looked up
	 * whole in the word table): about 1100 pairs in 2^15 bits, two
	 * bits each (4 KB, small enough to stay in the L1 cache beside the
	 * model's rows; 0.5% false positives, 3% with one bit). */
	uint8_t pair[1 << 12];
};

const char *rv_lex_kind_name(int kind);
const char *rv_emotion_name(int emo);
/* Parse an emotion name ("-" or "" is RV_EMO_NONE); -1 when unknown. */
int rv_emotion_parse(const char *p, size_t n);

void rv_lex_init(struct rv_lex *lx);
/* Add (or replace) a term. Returns 0, -1 on OOM. */
int rv_lex_add(struct rv_lex *lx, const char *term, size_t n, const struct rv_lex_entry *e);
/* The longest term rv_lex_load accepts, in bytes. */
enum { RV_LEX_MAXTERM = 256 };
/* Load TSV lexicon text (see above). On a bad line returns -1 with
 * *errline and a message in err (also when there is no entry: *errline
 * 0); -2 on OOM (*errline: the line being added). */
int rv_lex_load(struct rv_lex *lx, const char *buf, size_t n, unsigned long *errline,
    char *err, size_t errlen);
/* Longest term starting at p[0..n), which must be folded text
 * (rv_utf8_fold_str: valid UTF-8, complete sequences). Returns the entry index
 * and sets *mlen, or -1. Terms starting and ending with a letter or digit
 * must end at a word boundary; the caller checks the start boundary. */
int rv_lex_match(const struct rv_lex *lx, const char *p, size_t n, size_t *mlen);
/* The same over code points: cp[0..n) of folded text (rv_utf8_fold_cps);
 * *mlen counts code points. */
int rv_lex_match_cp(const struct rv_lex *lx, const uint32_t *cp, size_t n, size_t *mlen);
/* The same, also setting *run to the length of the run of ASCII letters
 * and digits at cp[0] when it was measured (the match of a Latin word
 * measures it; 0 when not), so a caller skipping words need not walk it
 * again. */
int rv_lex_match_run(const struct rv_lex *lx, const uint32_t *cp, size_t n, size_t *mlen,
    size_t *run);
/* rv_lex_match_run at the start of a run of k ASCII letters and digits
 * (cp[0..k), the whole run) whose hash h (RV_FEAT_WORD_SEED and
 * rv_feat_word_step over them, feat.h) the caller has, as the features'
 * words give it: the run is not hashed again. */
int rv_lex_match_word(const struct rv_lex *lx, const uint32_t *cp, size_t n, uint64_t h, size_t k,
    size_t *mlen);
/* rv_lex_match_cp at a code point other than an ASCII letter or digit,
 * inpair being rv_lex_pairin(lx, cp[0], cp[1]) (with cp[1] 0 when n is
 * 1), which the caller has worked out (rv_lex_may): not again. */
int rv_lex_match_bmp(const struct rv_lex *lx, const uint32_t *cp, size_t n, uint32_t inpair,
    size_t *mlen);
void rv_lex_free(struct rv_lex *lx);

/* The two Bloom bits of the pair (a, b) in pair[]: bits 7-21 and 22-36
 * of one product. */
static inline uint64_t
rv_lex_pairhash(uint32_t a, uint32_t b)
{
	return (uint64_t)a * 0x9E3779B1u ^ (uint64_t)b * 0x85EBCA77u;
}

static inline uint32_t
rv_lex_pairbit1(uint64_t x)
{
	return (uint32_t)(x >> 7) & ((1u << 15) - 1);
}

static inline uint32_t
rv_lex_pairbit2(uint64_t x)
{
	return (uint32_t)(x >> 22) & ((1u << 15) - 1);
}

/* Whether pair[] may hold (a, b): both its bits set. */
static inline uint32_t
rv_lex_pairin(const struct rv_lex *lx, uint32_t a, uint32_t b)
{
	uint64_t x = rv_lex_pairhash(a, b);
	uint32_t h1 = rv_lex_pairbit1(x), h2 = rv_lex_pairbit2(x);

	return (uint32_t)(lx->pair[h1 >> 3] >> (h1 & 7)) & (uint32_t)(lx->pair[h2 >> 3] >> (h2 & 7)) & 1;
}

/* Whether some term may start with cp followed by next, in one go
 * (false positives only): cp is a whole term, or (cp, next) begins a
 * longer one. For cp other than an ASCII letter or digit (a Latin word
 * is looked up whole instead: its pairs are not kept). Branch-free, so that it costs no mispredicted jump on
 * text where the answer changes from character to character. */
static inline int
rv_lex_may(const struct rv_lex *lx, uint32_t cp, uint32_t next)
{
	if (cp >= 0x10000)
		return 1;
	return (int)(((uint32_t)(lx->single[cp >> 6] >> (cp & 63)) | rv_lex_pairin(lx, cp, next)) & 1);
}

#endif
