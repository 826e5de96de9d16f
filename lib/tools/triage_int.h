/* triage_int.h - the policy representation shared by triage.c (grading,
 * replies) and triage_policy.c (loading the TSV tables). Private to
 * those files. */
#ifndef RV_TRIAGE_INT_H
#define RV_TRIAGE_INT_H

#include <stdint.h>

#include "acm.h"
#include "buf.h"
#include "hash.h"
#include "isotime.h"
#include "ruleset.h"
#include "triage.h"

enum { K_WORD, K_CATEGORY, K_EMOTION, K_POLARITY, K_INTENSITY, K_PATTERN };
enum { S_ANY, S_NEG, S_TEXT, S_ELSE, S_ALWAYS };
enum { SLOT_NAME, SLOT_ORDER, SLOT_PRODUCT, NSLOTS };
enum { TK_REPLY, TK_FOLLOWUP };

struct tr_rule {
	int level, kind, scope;
	char *name;		/* rule name for the reason column */
	char *value;		/* as written (reason column) */
	char *pat;		/* word: folded pattern, without a trailing '*';
				 * pattern: the PCRE2 pattern as written */
	size_t patlen;
	int prefix;		/* word ended in '*' */
	int category;		/* name is a taxonomy id: it sets the category */
	double num;		/* intensity threshold */
};

/* A list of template variants for one (kind, lang, category, level). */
struct tr_tmpl {
	char **v;
	size_t n, cap;
};

struct rv_triage {
	struct rv_arena mem;		/* all policy strings */
	/* rules */
	struct tr_rule *rules;
	size_t nrules, rcap;
	int have[RV_TRIAGE_NTABLES];
	/* sla: seconds, [level] */
	long long respond[RV_TRIAGE_NLEVELS], callback[RV_TRIAGE_NLEVELS];
	struct rv_hash owners;		/* "line\tcat" -> char *owner */
	struct rv_hash remedies;	/* "domain\tcat\tlevel\ttier" -> (intptr_t)rung */
	struct rv_hash ladder;		/* "domain\trung" -> char *[2] (en, zh) */
	struct rv_hash tmpl;		/* "domain\tkind\tlang\tcat\tlevel" -> struct tr_tmpl * */
	struct rv_hash domains;		/* line -> domain name */
	struct rv_hash domrows;		/* "table\tdomain" -> 1: the domain may have its own rows
				 * (a hint to skip look-ups; a stale entry only costs one) */
	const char *force_domain;
	int have_mild;			/* the remedies table has a level mild row */
	/* per-row caches: the last line's domain, the last domain's flags */
	struct rv_buf last_line;		/* (empty: none) */
	const char *last_dom, *flags_dom;
	int flags_rem, flags_tmpl;
	char *slot[2][NSLOTS][2];	/* [lang][slot][present=0/absent=1] */
	/* run time */
	struct rv_acm *acm;
	struct rv_ruleset *rs;		/* pattern rules */
	size_t npat;
	unsigned *stamp;		/* [nrules]: == gen when fired this row */
	size_t *fired;			/* [nrules]: rules fired this row, in order */
	size_t nfired;
	const char *capcat;		/* category of a rule capped on praise, this row */
	size_t *mstart, *mlen;		/* [nrules]: where a word rule matched */
	unsigned gen;
	int force_lang;
	struct rv_isotime tz;
	struct rv_buf key;		/* scratch for hash keys */
	uint16_t *bmp;			/* [0x10000]: rv_utf8_fold of each BMP code point */
	size_t cjk, latin;		/* script counts of the last folded text */
};

/* triage_policy.c */
void tr_policy_free(struct rv_triage *t);
/* triage.c: placeholder names, for validation */
int tr_placeholder(const char *p, size_t n);

#endif
