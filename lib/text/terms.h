/* terms.h - the words and phrases that set a group of texts apart from
 * the rest: Chinese words discovered without a segmenter (character
 * n-grams kept by cohesion and boundary freedom), English words and
 * 2-3-word phrases, ranked by G2 keyness on document frequencies with
 * Benjamini-Hochberg FDR control. Memory is bounded: n-grams are counted
 * in one hash table that is pruned of its rarest entries when full
 * (lossy counting). The method is described in rv-terms(1). */
#ifndef RV_TERMS_H
#define RV_TERMS_H

#include <stddef.h>

struct rv_terms_opts {
	unsigned long min_count;	/* least group documents of a term (5) */
	double alpha;		/* FDR level of the q-values reported (0.05) */
	size_t top;		/* at most this many terms (30); 0: all */
	int new_only;		/* --new: terms (almost) absent from the rest */
	double new_max;		/* --new: rest rate at most this share of the group's (0.1) */
	double min_pmi;		/* cohesion: PMI of the weakest split, nats (ln 8) */
	double min_entropy;	/* boundary freedom: left and right entropy, nats (1.0) */
	double nest;		/* a part is dropped when this share of it is inside a longer term (0.8) */
	size_t max_entries;	/* n-gram table bound before pruning (1.5M) */
	size_t max_examples;	/* group texts kept for examples (least hash, 20000) */
};

struct rv_terms;
struct rv_out;
struct rv_field;

/* rv_terms_merge_row() errors */
enum {
	RV_TERMS_ENOMEM = -1,
	RV_TERMS_EPARTIAL = -2,	/* not a valid partial-state row */
	RV_TERMS_ERANGE = -3,	/* counts that overflow (2^32 - 1) when added */
	RV_TERMS_ENODOCS = -4	/* an n-gram or example before any docs row */
};

struct rv_term {
	char *term;		/* folded (lower case, simplified) UTF-8 */
	unsigned long n_group, n_rest;	/* documents containing it */
	unsigned long count;	/* occurrences in all texts */
	double ratio;		/* log2 of the smoothed ratio of document rates */
	double g2, p, q;
	char *ex[2];		/* up to two short example excerpts (or NULL) */
	double pmi, hl, hr;	/* Chinese: cohesion and boundary entropies; 0 otherwise */
};

struct rv_terms_result {
	struct rv_term *t;
	size_t n;
	unsigned long docs_group, docs_rest;
	size_t tested;		/* the BH family: candidate terms in enough documents */
	unsigned long undercount;	/* counts may be low by at most this (pruning); 0: exact */
};

void rv_terms_opts_default(struct rv_terms_opts *o);
struct rv_terms *rv_terms_new(const struct rv_terms_opts *o);
/* Add a stop list: lines "term TAB kind [TAB note]", kind "edge" (never a
 * term, and no term begins or ends with it) or "term" (never a term by
 * itself); '#' lines and empty lines are skipped. Returns 0, -1 on OOM,
 * or the 1-based number of a malformed line (err says why). */
long rv_terms_stop(struct rv_terms *t, const char *text, size_t len, char *err, size_t errlen);
/* Add one text: group 1 (the group) or 0 (the rest). Returns 0 or -1 (OOM). */
int rv_terms_add(struct rv_terms *t, int group, const char *text, size_t len);
/* Discover, test and rank. Returns 0 or -1 (OOM). */
int rv_terms_run(struct rv_terms *t, struct rv_terms_result *r);
/* Instead of rv_terms_run: all discovered Chinese words (not nested in a
 * longer one), by count, then bytes; only term, count, n_group, n_rest,
 * pmi, hl and hr are set. Returns 0 or -1 (OOM). */
int rv_terms_vocab(struct rv_terms *t, struct rv_terms_result *r);
/* After rv_terms_run: is the Chinese string s a discovered word (1), a
 * candidate that failed (0; *pmi, *hl, *hr say why), or unseen (-1)?
 * Nested parts dropped in favour of a longer term give 2. */
int rv_terms_word(struct rv_terms *t, const char *s, double *pmi, double *hl, double *hr);
/* --partial: the state after the texts added (the rows, not the header
 * line, which the caller writes): a docs row (group texts, baseline texts,
 * Chinese characters, undercount), one row per n-gram (z: characters, e:
 * words; occurrences, group texts, baseline texts), then the example
 * sample (x, text number, text with \\ \t \n \r \0 escaped). 0 or -1 (OOM). */
int rv_terms_write_partial(struct rv_terms *t, struct rv_out *o);
/* --merge: add one row of a state written by rv_terms_write_partial();
 * states are added in input order (text numbers continue). Returns 0 or
 * an RV_TERMS_E* error. Call rv_terms_run() or rv_terms_vocab() after. */
int rv_terms_merge_row(struct rv_terms *t, const struct rv_field *f, size_t nf);
/* The texts added (or merged) so far of the group (1) or the rest (0). */
unsigned long rv_terms_docs(const struct rv_terms *t, int group);
void rv_terms_result_free(struct rv_terms_result *r);
void rv_terms_free(struct rv_terms *t);

#endif
