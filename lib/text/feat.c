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
#define GOLD 0x9E3779B97F4A7C15ULL

static inline uint32_t
mix(uint64_t h)
{
	h *= GOLD;
	return (uint32_t)((h ^ (h >> 29)) >> 32);
}

/* mix() of a key whose product with GOLD (mod 2^64) is already known. */
static inline uint32_t
mix_prod(uint64_t h)
{
	return (uint32_t)((h ^ (h >> 29)) >> 32);
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

/* a-z, 0-9, ' (a bit mask over ASCII) and Latin-1 to Latin Extended-B. */
static inline int
is_word(uint32_t c)
{
	static const uint64_t m[2] = {0x03FF008000000000ULL, 0x07FFFFFE00000000ULL};

	if (c < 0x80)
		return (m[c >> 6] >> (c & 63)) & 1;
	return c >= 0xC0 && c <= 0x24F;
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
	size_t i = 0, m = 0;

	/* Decode once into code points: the extractor proper works on those. */
	uint32_t *cp = rv_grow(f->cp, &f->cpcap, n + 1, sizeof(*cp));
	if (cp == NULL)
		return -1;
	f->cp = cp;
	while (i < n)
		i += (size_t)rv_utf8_next_valid(p + i, &cp[m++]);
	return rv_feat_cps(f, cp, m, bits);
}

/* One cache line that the prefetches aim at when there is no table. */
static const char nowhere[64];

/* The extractor proper, inlined by rv_feat_cps: for a table of a byte
 * per row (stride 1, the sentiment model: no multiplication per
 * feature) and for any other; with wr (not NULL) also the words into
 * wr[0..*nwr). */
static inline __attribute__((always_inline)) size_t
feat_loop(uint32_t *o, const uint32_t *cp, size_t n, uint32_t mask, const char *pf, size_t stride,
    struct rv_feat_word *wr, size_t *nwr)
{
	uint32_t *o0 = o;
	uint32_t c;
	uint64_t prevw = 0;		/* the previous word's hash */
	int haveprev = 0;
	uint32_t punct = 0;
	int npunct = 0;
	size_t j, nw = 0;

#define PUSHV(v) do {							\
		uint32_t v_ = (v) & mask;				\
		__builtin_prefetch(pf + (size_t)v_ * stride);		\
		*o++ = v_;						\
	} while (0)
#define PUSH(h) PUSHV(mix(h))
	for (j = 0; j < n; j++) {
		c = cp[j];
		/* Close a punctuation run of ! or ?. */
		if (npunct && c != punct) {
			PUSH(((uint64_t)punct << 8 | (npunct > 3 ? 3 : npunct)) + K_PUNCT);
			npunct = 0;
		}
		if (c == ' ')
			continue;	/* a blank ends a word and nothing else */
		if (rv_utf8_is_cjk(c)) {
			/* A run of CJK characters, in a loop of its own: each
			 * character's 1-gram, with the one before its 2-gram,
			 * with the two before its 3-gram. The keys are
			 * c << 4 | K_C1, (c1 << 24 ^ c) << 4 | K_C2 and (c2 <<
			 * 42 ^ c1 << 21 ^ c) << 4 | K_C3 (c < 2^18: the parts
			 * do not overlap, so ^ is +); mix() multiplies them by
			 * GOLD, which is the sum of the parts' products mod
			 * 2^64: one product per character, a[i] = c * 16 *
			 * GOLD, shifted for the older ones. The same numbers. */
			uint64_t a0 = (uint64_t)c * (16 * GOLD), a1, a2;
			size_t e = j + 1;
			PUSHV(mix_prod(a0 + K_C1 * GOLD));
			if (e < n && rv_utf8_is_cjk(cp[e])) {
				a1 = a0;
				a0 = (uint64_t)cp[e] * (16 * GOLD);
				PUSHV(mix_prod(a0 + K_C1 * GOLD));
				PUSHV(mix_prod((a1 << 24) + a0 + K_C2 * GOLD));
				for (e++; e < n && rv_utf8_is_cjk(cp[e]); e++) {
					a2 = a1;
					a1 = a0;
					a0 = (uint64_t)cp[e] * (16 * GOLD);
					PUSHV(mix_prod(a0 + K_C1 * GOLD));
					PUSHV(mix_prod((a1 << 24) + a0 + K_C2 * GOLD));
					PUSHV(mix_prod((a2 << 42) + (a1 << 21) + a0 + K_C3 * GOLD));
				}
			}
			haveprev = 0;
			j = e - 1;	/* the loop's j++ goes on at cp[e] */
			continue;
		}
		if (is_word(c)) {
			/* A Latin word, in a loop of its own (no punctuation
			 * run is open in it), closed where it ends: its 1-gram,
			 * with the word before its 2-gram. */
			uint64_t wh = RV_FEAT_WORD_SEED;
			uint32_t odd = 0;	/* bits 7 up: a ' or a letter >= 0x80 */
			size_t e = j;
			do {
				wh = rv_feat_word_step(wh, cp[e]);
				if (wr != NULL)
					odd |= cp[e] - 0x30;	/* [0-9a-z] give 0..0x4A */
			} while (++e < n && (cp[e] - 'a' < 26 || is_word(cp[e])));
			PUSH(wh * 31 + K_W1);
			if (haveprev)
				PUSH(prevw * 0x9E3779B97F4A7C15ULL + wh + K_W2);
			prevw = wh;
			haveprev = 1;
			if (wr != NULL) {
				wr[nw].start = j;
				wr[nw].len = (odd & ~0x7Fu) ? 0 : e - j;
				wr[nw].h = wh;
				nw++;
			}
			j = e - 1;	/* the loop's j++ goes on at cp[e] */
			continue;
		}
		if (c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F) {
			punct = c == 0xFF01 ? '!' : c == 0xFF1F ? '?' : c;
			npunct++;
			continue;
		}
		if (rv_utf8_is_emoji(c)) {
			PUSH((uint64_t)c << 4 | K_EMO);
			continue;
		}
		/* Sentence punctuation ends word bigrams; spaces do not. */
		if (c != ' ')
			haveprev = 0;
	}
	/* The end of the text closes a punctuation run as a space would. */
	if (npunct)
		PUSH(((uint64_t)punct << 8 | (npunct > 3 ? 3 : npunct)) + K_PUNCT);
#undef PUSH
#undef PUSHV
	if (wr != NULL)
		*nwr = nw;
	return (size_t)(o - o0);
}

int
rv_feat_cps(struct rv_feat *f, const uint32_t *cp, size_t n, unsigned bits)
{
	uint32_t mask = bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);

	f->n = 0;
	f->nword = 0;
	/* Each code point ends at most 3 features (a CJK character: 3
	 * n-grams; a word end and a CJK character: 3; a punctuation run end
	 * and a character: 2), plus the final flush (2). */
	if (n > ((size_t)-1) / 16 || reserve(f, 3 * n + 8) < 0)
		return -1;
	/* Locals, not f->..., so the hot loop keeps them in registers. The
	 * prefetch starts loading the model's row while the next n-grams are
	 * hashed (the table is larger than the L2 cache); without a table it
	 * aims at one harmless line instead of testing a flag per feature. */
	uint32_t *o = f->idx;
	const char *pf = f->prefetch ? f->prefetch : nowhere;
	size_t stride = f->prefetch ? f->stride : 0;
	if (f->want_words && stride == 1) {
		/* a word is at least a code point and one ends it */
		struct rv_feat_word *w = rv_grow(f->word, &f->wordcap, n / 2 + 1, sizeof(*w));
		if (w == NULL)
			return -1;
		f->word = w;
		f->n = feat_loop(o, cp, n, mask, pf, 1, w, &f->nword);
	} else
		f->n = stride == 1 ? feat_loop(o, cp, n, mask, pf, 1, NULL, NULL) :
		    feat_loop(o, cp, n, mask, pf, stride, NULL, NULL);
	return 0;
}

void
rv_feat_free(struct rv_feat *f)
{
	free(f->idx);
	free(f->cp);
	free(f->word);
	f->idx = NULL;
	f->cp = NULL;
	f->word = NULL;
	f->n = f->cap = f->cpcap = f->nword = f->wordcap = 0;
	rv_buf_free(&f->norm);
}
