/* feat.h - hashed text features for the linear models: character 1-3-grams
 * over runs of CJK characters, word 1-2-grams over Latin/digit words, emoji
 * and punctuation runs. Text is folded first (full-width, case,
 * traditional characters: utf8.h). */
#ifndef RV_FEAT_H
#define RV_FEAT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* A Latin word of the last text (struct rv_feat, want_words): its first
 * code point, its hash (what rv_feat_word_step gives over its code
 * points from RV_FEAT_WORD_SEED), and its length when it is all ASCII
 * letters and digits (else 0: a ' or a letter above ASCII in it). */
struct rv_feat_word {
	size_t start, len;
	uint64_t h;
};

/* The hash of a word: FNV-1a over its code points. The lexicon's word
 * table (lexicon.h) hashes its runs of letters and digits the same way,
 * so it can look up a word the features found without hashing it again. */
#define RV_FEAT_WORD_SEED 0xcbf29ce484222325ULL
static inline uint64_t
rv_feat_word_step(uint64_t h, uint32_t c)
{
	return (h ^ c) * 0x100000001b3ULL;
}

struct rv_feat {
	uint32_t *idx;		/* bucket numbers in text order; repeats kept */
	size_t n, cap;
	struct rv_buf norm;	/* scratch: the folded text */
	uint32_t *cp;		/* scratch: its code points */
	size_t cpcap;
	const char *prefetch;	/* optional: table to prefetch row v * stride of */
	size_t stride;
	/* Set want_words (and prefetch, stride 1: rv-sentiment) to have the
	 * words of the text kept in word[0..nword) too. */
	int want_words;
	struct rv_feat_word *word;
	size_t nword, wordcap;
};

/* Extract the features of p[0..n) into f->idx as numbers in
 * [0, 2^bits). Returns 0 or -1 on OOM. */
int rv_feat_text(struct rv_feat *f, const char *p, size_t n, unsigned bits);
/* The same for text already folded with rv_utf8_fold_str. */
int rv_feat_folded(struct rv_feat *f, const char *p, size_t n, unsigned bits);
/* The same for the code points cp[0..n) of folded text (what
 * rv_utf8_fold_cps gives). */
int rv_feat_cps(struct rv_feat *f, const uint32_t *cp, size_t n, unsigned bits);
void rv_feat_free(struct rv_feat *f);

#endif
