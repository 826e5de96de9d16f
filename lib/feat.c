/* feat.c - feature hashing. Each n-gram is hashed from its code points
 * and a kind tag, so "好" the character and "好" inside a bigram differ.
 * Repeated n-grams are kept (counts, not presence): deduplicating cost a
 * quarter of rv-sentiment's time and measured no better (0.925 vs 0.925
 * shopping, 0.941 vs 0.949 clothing on a validation split). */
#include "feat.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Multiplicative hashing: the top 32 bits of key * golden ratio; the
 * buckets take the top bits of that (see BUCKET), which are the
 * well-mixed ones. */
static inline uint32_t
mix(uint64_t h)
{
	h *= 0x9E3779B97F4A7C15ULL;
	return (uint32_t)((h ^ (h >> 29)) >> 32);
}

/* rv_feat_folded reserves room for every feature first (at most 3 per
 * character), so push never grows the array. */
static inline int
push(struct rv_feat *f, uint32_t v)
{
	/* Start loading the model's row now: the hashing of the next n-grams
	 * hides the cache miss (the table is larger than the L2 cache). */
	if (f->prefetch)
		__builtin_prefetch(f->prefetch + (size_t)v * f->stride);
	f->idx[f->n++] = v;
	return 0;
}

static int
reserve(struct rv_feat *f, size_t n)
{
	uint32_t *p = rv_grow(f->idx, &f->cap, n, sizeof(*p));

	if (p == NULL)
		return -1;
	f->idx = p;
	return 0;
}

enum { K_C1 = 1, K_C2, K_C3, K_W1, K_W2, K_EMO, K_PUNCT };

static int
is_word(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' ||
	    (c >= 0xC0 && c <= 0x24F);
}

int
rv_feat_text(struct rv_feat *f, const char *text, size_t len, unsigned bits)
{
	rv_buf_clear(&f->norm);
	if (rv_utf8_fold_str(&f->norm, text, len) < 0)
		return -1;
	return rv_feat_folded(f, f->norm.p, f->norm.len, bits);
}

int
rv_feat_folded(struct rv_feat *f, const char *p, size_t n, unsigned bits)
{
	size_t i = 0;
	uint32_t c, mask = bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
	uint32_t c1 = 0, c2 = 0;	/* previous CJK characters in the run */
	int run = 0;			/* length of the current CJK run */
	uint64_t wh = 0, prevw = 0;	/* current and previous word hashes */
	int inword = 0, haveprev = 0;
	uint32_t punct = 0;
	int npunct = 0;

	f->n = 0;
	/* Each byte ends at most 3 features (a CJK character: 3 bytes, 3
	 * n-grams; a word end: 2; a punctuation run: 1), plus the final flush. */
	if (n > ((size_t)-1) / 8 || reserve(f, 3 * n + 8) < 0)
		return -1;
	while (i <= n) {
		if (i < n)
			i += (size_t)rv_utf8_next_valid(p + i, &c);
		else {
			c = ' ';
			i++;
		}
		/* Close a word. */
		if (inword && !is_word(c)) {
			if (push(f, mix(wh * 31 + K_W1) & mask) < 0)
				return -1;
			if (haveprev && push(f, mix(prevw * 0x9E3779B97F4A7C15ULL + wh + K_W2) & mask) < 0)
				return -1;
			prevw = wh;
			haveprev = 1;
			inword = 0;
		}
		/* Close a punctuation run of ! or ?. */
		if (npunct && c != punct) {
			if (push(f, mix(((uint64_t)punct << 8 | (npunct > 3 ? 3 : npunct)) + K_PUNCT) & mask) < 0)
				return -1;
			npunct = 0;
		}
		if (rv_utf8_is_cjk(c)) {
			uint64_t h = (uint64_t)c;
			if (push(f, mix(h << 4 | K_C1) & mask) < 0)
				return -1;
			if (run >= 1 && push(f, mix(((uint64_t)c1 << 24 ^ h) << 4 | K_C2) & mask) < 0)
				return -1;
			if (run >= 2 && push(f, mix((((uint64_t)c2 << 42) ^ ((uint64_t)c1 << 21) ^ h) << 4 | K_C3) & mask) < 0)
				return -1;
			c2 = c1;
			c1 = c;
			run++;
			haveprev = 0;
			continue;
		}
		run = 0;
		if (is_word(c)) {
			if (!inword) {
				wh = 0xcbf29ce484222325ULL;
				inword = 1;
			}
			wh = (wh ^ c) * 0x100000001b3ULL;
			continue;
		}
		if (c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F) {
			punct = c == 0xFF01 ? '!' : c == 0xFF1F ? '?' : c;
			npunct++;
			continue;
		}
		if (rv_utf8_is_emoji(c)) {
			if (push(f, mix((uint64_t)c << 4 | K_EMO) & mask) < 0)
				return -1;
			continue;
		}
		/* Sentence punctuation ends word bigrams; spaces do not. */
		if (c != ' ')
			haveprev = 0;
	}
	return 0;
}

void
rv_feat_free(struct rv_feat *f)
{
	free(f->idx);
	f->idx = NULL;
	f->n = f->cap = 0;
	rv_buf_free(&f->norm);
}
