/* feat.c - feature hashing. Each n-gram is hashed from its code points
 * and a kind tag, so "好" the character and "好" inside a bigram differ.
 * Features are binary: duplicates in a text are removed. */
#include "feat.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static inline uint32_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static inline int
push(struct rv_feat *f, uint32_t v)
{
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 256;
		uint32_t *p = realloc(f->idx, ncap * sizeof(*p));
		if (p == NULL)
			return -1;
		f->idx = p;
		f->cap = ncap;
	}
	f->idx[f->n++] = v;
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
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
	const char *p;
	size_t n, i = 0, j;
	uint32_t c, mask = bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
	uint32_t c1 = 0, c2 = 0;	/* previous CJK characters in the run */
	int run = 0;			/* length of the current CJK run */
	uint64_t wh = 0, prevw = 0;	/* current and previous word hashes */
	int inword = 0, haveprev = 0;
	uint32_t punct = 0;
	int npunct = 0;

	f->n = 0;
	rv_buf_clear(&f->norm);
	if (rv_utf8_fold_str(&f->norm, text, len) < 0)
		return -1;
	p = f->norm.p;
	n = f->norm.len;
	while (i <= n) {
		if (i < n)
			i += (size_t)rv_utf8_decode(p + i, n - i, &c);
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
	if (f->n > 1) {
		qsort(f->idx, f->n, sizeof(*f->idx), cmp_u32);
		for (i = 1, j = 1; i < f->n; i++)
			if (f->idx[i] != f->idx[j - 1])
				f->idx[j++] = f->idx[i];
		f->n = j;
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
