/* triage.h - grade, route and answer negative reviews (rv-triage).
 *
 * A policy is six readable TSV tables (embedded defaults in lib/data/
 * triage-*.tsv, each replaceable by a file): level rules, SLA, owners,
 * remedies, the remedy ladder and reply templates. rv_triage_row() turns
 * one review (text plus the columns rv-classify / rv-sentiment add) into
 * level, reason, due, owner, remedy, reply and followup strings. */
#ifndef RV_TRIAGE_H
#define RV_TRIAGE_H

#include <stddef.h>

#include "buf.h"
#include "tsv.h"

enum rv_triage_level {
	RV_TRIAGE_NONE,
	RV_TRIAGE_NORMAL,
	RV_TRIAGE_IMPORTANT,
	RV_TRIAGE_URGENT,
	RV_TRIAGE_NLEVELS
};

/* The policy tables, in --dump-defaults order. */
enum rv_triage_table {
	RV_TRIAGE_RULES,
	RV_TRIAGE_SLA,
	RV_TRIAGE_OWNERS,
	RV_TRIAGE_REMEDIES,
	RV_TRIAGE_LADDER,
	RV_TRIAGE_TEMPLATES,
	RV_TRIAGE_DOMAINS,
	RV_TRIAGE_NTABLES
};

enum rv_triage_lang { RV_TRIAGE_AUTO = -1, RV_TRIAGE_ZH = 0, RV_TRIAGE_EN = 1 };

/* A load or validation error: "file:line: msg" (line 0: the whole file). */
struct rv_triage_err {
	char file[256];
	unsigned long line;
	char msg[256];
};

/* One review. A field with p == NULL is a column the input lacks; an
 * empty field is a column with no value on this row. */
struct rv_triage_row {
	struct rv_field text, category, categories, polarity, emotion, intensity;
	struct rv_field line, tier, lang;
	struct rv_field domain;		/* goods, food, hotel, ... or a line name */
	struct rv_field name, order, product;
	long long time;		/* Unix seconds the review arrived */
};

/* What rv_triage_row() produces; the buffers are reused row to row. */
struct rv_triage_res {
	int level;			/* enum rv_triage_level */
	int lang;			/* RV_TRIAGE_ZH or RV_TRIAGE_EN */
	int rung;			/* 1..6, 0 for level none */
	const char *domain;		/* the product domain used (goods, food, hotel...) */
	long long due;			/* Unix seconds, valid unless level none */
	struct rv_buf reason, due_s, owner, remedy, reply, followup;
	struct rv_buf fold;		/* scratch: the folded text */
};

struct rv_triage;

/* Name of a level ("urgent"...) and of a table ("rules"...). */
const char *rv_triage_level_name(int level);
const char *rv_triage_table_name(int table);
/* Table by name (rules, sla, owners, remedies, ladder, templates, domains) or -1. */
int rv_triage_table_find(const char *name);
/* The embedded default of a table (TSV text) and its file name. */
const char *rv_triage_default(int table, size_t *len, const char **fname);

/* New policy with nothing loaded; NULL on OOM. */
struct rv_triage *rv_triage_new(void);
/* Load (replace) one table from text[0..len); name is used in errors.
 * Returns 0, or -1 with *e filled. */
int rv_triage_load(struct rv_triage *t, int table, const char *name, const char *text,
    size_t len, struct rv_triage_err *e);
/* Load (replace) one table from the file at path. Returns 0, or -1 with
 * *e filled (an unreadable file is reported with line 0). */
int rv_triage_load_file(struct rv_triage *t, int table, const char *path,
    struct rv_triage_err *e);
/* Check the tables fit together (every level has an SLA, a fallback
 * owner and remedy, a reply for each language...) and build the word
 * matcher. Call once after the loads. Returns 0 or -1 with *e. */
int rv_triage_ready(struct rv_triage *t, struct rv_triage_err *e);
/* Force the reply language (RV_TRIAGE_AUTO: follow each row's text). */
void rv_triage_set_lang(struct rv_triage *t, int lang);
/* Force the product domain of every row (NULL: from the domain or line
 * column through the domains table). The string must outlive t. */
void rv_triage_set_domain(struct rv_triage *t, const char *domain);
/* Grade one row. Returns 0, or -1 on OOM or when the intensity field is
 * not a number (res->reason then holds the message). */
int rv_triage_row(struct rv_triage *t, const struct rv_triage_row *row, struct rv_triage_res *res);
void rv_triage_res_free(struct rv_triage_res *res);
void rv_triage_free(struct rv_triage *t);

/* The --summary queue: rows and rows past due per level and per owner. */
struct rv_triage_sum_ent {
	char *key;
	unsigned long long rows, past_due;
	long long oldest_due;		/* earliest due among past-due rows */
};

struct rv_triage_sum {
	struct rv_triage_sum_ent level[RV_TRIAGE_NLEVELS];
	struct rv_triage_sum_ent *owner;	/* sorted by rv_triage_sum_sort */
	size_t nowner, owncap;
	struct rv_triage_sum_ent total;
	long long now;
};

/* Zero *s and set now. */
void rv_triage_sum_init(struct rv_triage_sum *s, long long now);
/* Count one graded row. Returns 0 or -1 on OOM. */
int rv_triage_sum_add(struct rv_triage_sum *s, const struct rv_triage_res *r);
/* Sort owners by name (byte order) for output. */
void rv_triage_sum_sort(struct rv_triage_sum *s);
void rv_triage_sum_free(struct rv_triage_sum *s);

#endif
