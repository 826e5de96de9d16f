/* script.h - rv-script: the effect of agents' wording (or of agents,
 * templates, reply types) on the customer's next message in chat logs.
 *
 * Messages are collected (rv_script_add, or rv_script_merge_row for
 * --partial states), sorted by conversation and turn, and turned into
 * observations: an agent block (the agent messages since the last
 * customer message with a mood) followed by a customer message with a
 * mood. Each observation has the response y (that mood), the customer's
 * previous mood, the conversation's opening mood and the block's
 * position, and the candidate keys it holds (phrases mined from the
 * blocks, given phrases, or --by values). rv_script_run fits a
 * ridge-stabilised least squares model with forward selection of keys,
 * cluster-robust intervals and BH q-values (the model: rv-script(1)).
 * Nothing here prints or exits. */
#ifndef RV_SCRIPT_H
#define RV_SCRIPT_H

#include <stddef.h>

#include "phrase.h"
#include "tsv.h"

struct rv_script_opts {
	int by;			/* keys are --by values, not phrases */
	int outcome;		/* an outcome per conversation is read */
	int naive;		/* the before/after difference instead of the model */
	double alpha;		/* FDR level and 1 - CI level (0.05) */
	double min_effect;	/* findings need |effect| >= this (0.1) */
	double lambda;		/* ridge added to each key's diagonal (1) */
	unsigned long min_support;	/* least observations of a key (20) */
	size_t max_keys;	/* candidate keys, most frequent first (1000) */
	struct rv_phrase_opts ph;
	const char *by_name;	/* the --by column, for --pretty */
	const char *sig;	/* options a --partial state records (no TAB/newline) */
};

enum {
	RV_SCRIPT_OK = 0,
	RV_SCRIPT_ENOMEM = -1,
	RV_SCRIPT_EPARTIAL = -2,	/* malformed partial-state row */
	RV_SCRIPT_EMODE = -3,		/* partial state made with other options */
	RV_SCRIPT_ENOHDR = -4		/* partial rows before any partial header */
};

struct rv_script_find {
	const char *key;	/* phrase (folded) or --by value */
	unsigned long n;	/* observations with the key */
	double effect, ci_low, ci_high, p, q;	/* p, q: of |effect| <= min_effect / 2 */
	double outcome_rate, outcome_lift;	/* NAN without --outcome */
	char *ex[2];		/* short excerpts of agent messages (or NULL) */
};

struct rv_script_result {
	struct rv_script_find *f;	/* the findings (q <= alpha), ranked */
	size_t n;
	size_t tested;		/* candidate keys (the BH family) */
	size_t untested;	/* keys under --min-support (given phrases, --by values) */
	unsigned long obs;	/* observations */
	unsigned long convs;	/* conversations with one */
	unsigned long msgs;	/* messages read */
	unsigned long no_prev;	/* agent blocks skipped: no customer mood before them */
};

struct rv_script;

void rv_script_opts_default(struct rv_script_opts *o);
struct rv_script *rv_script_new(const struct rv_script_opts *o);
void rv_script_free(struct rv_script *s);
/* A stop list for phrase mining (rv_phrases_stop). 0 or -1 (OOM). */
int rv_script_stop(struct rv_script *s, const char *text, size_t len);
/* Test this phrase instead of mining (--phrases). 0 or -1 (OOM). */
int rv_script_phrase(struct rv_script *s, const char *text, size_t len);
/* A --phrases file: the first column of each line is a phrase; '#'
 * lines, empty lines and a first line "phrase" or "key" (a header) are
 * skipped. Returns the number of phrases, or -1 (OOM). */
long rv_script_phrases(struct rv_script *s, const char *text, size_t len);
/* One message: agent 1 or customer 0; mood NAN when empty; by may be
 * NULL; outcome NAN when empty (a conversation's last one counts).
 * Returns 0 or RV_SCRIPT_ENOMEM. */
int rv_script_add(struct rv_script *s, const char *conv, size_t convlen, double turn, int agent,
    double mood, const char *text, size_t textlen, const char *by, size_t bylen, double outcome);
/* --partial: the header line, then one row per message. */
void rv_script_write_partial(const struct rv_script *s, struct rv_out *o);
/* One row of a partial state (its header line included). */
int rv_script_merge_row(struct rv_script *s, const struct rv_field *f, size_t nf);
/* The partial header this state writes and --merge expects (no newline);
 * returns its length (cut to n - 1). */
size_t rv_script_partial_header(const struct rv_script *s, char *buf, size_t n);
/* Build observations, mine or count keys, fit and rank. 0 or -1 (OOM). */
int rv_script_run(struct rv_script *s, struct rv_script_result *r);
/* The findings as TSV with a header, or as sentences (pretty). */
void rv_script_write(const struct rv_script *s, const struct rv_script_result *r, struct rv_out *o,
    int pretty);
void rv_script_result_free(struct rv_script_result *r);
/* Parse an outcome field: a number, or yes/no, true/false, y/n (1/0),
 * any case; blank is NAN. Returns 0, or -1 when it is none of these. */
int rv_script_outcome(const char *p, size_t n, double *v);

#endif
