/* report.h - rv-report: the monthly complaint report as one
 * self-contained HTML page (inline CSS and SVG, no scripts, no network
 * references). Rows of the scored pipeline (rv-classify | rv-sentiment |
 * rv-triage) are added one at a time; the report keeps aggregates only
 * (counts per window, category, emotion, owner; the root-cause tuples;
 * the term counts; a few excerpts), then writes the page through the
 * tools' own library code: rv-trend's baseline, rv-rootcause, rv-terms,
 * rv-triage's queue summary and rv-curve. Nothing here prints or exits. */
#ifndef RV_REPORT_H
#define RV_REPORT_H

#include <stddef.h>

#include "isotime.h"
#include "tsv.h"

enum { RV_REPORT_AUTO = -1, RV_REPORT_ZH = 0, RV_REPORT_EN = 1 };

struct rv_report_opts {
	const char *time;	/* time column (required) */
	const char *text;	/* text column */
	const char *dims;	/* comma-separated dimension columns, or NULL */
	const char *outcome;	/* FIELD[=VALUE] for the root causes (default polarity=neg) */
	const char *id;		/* id column, or NULL: "id", else the first "*_id" column */
	const char *reply;	/* reply time column, or NULL: "replied" when present */
	int lang;		/* RV_REPORT_ZH, _EN or _AUTO (from the texts) */
	long long from, to;	/* the period [from, to), Unix seconds */
	long long pfrom, pto;	/* the comparison period */
	char label[48], plabel[48];	/* "2026-10" or "2026-10-01..2026-10-15" */
	long long now;		/* the queue's "now" for past-due counts (default: to) */
};

/* "YYYY-MM" -> [from, to) of that month in local time. 0 or -1. */
int rv_report_month(struct rv_isotime *tz, const char *s, long long *from, long long *to);
/* "YYYY-MM-DD" -> local midnight; end: the next midnight. 0 or -1. */
int rv_report_day(struct rv_isotime *tz, const char *s, int end, long long *t);
/* The last full month of data whose latest time is tmax: the month of
 * tmax when tmax falls on its last day, else the month before. Writes
 * "YYYY-MM" into out (>= 8 bytes). */
void rv_report_last_month(struct rv_isotime *tz, long long tmax, char *out);
/* Fill the comparison period and both labels from from/to: a calendar
 * month (month set) is compared with the month before, any other span
 * with the same number of days just before it. */
void rv_report_prev(struct rv_isotime *tz, struct rv_report_opts *o, int month);

/* Write p[0..n) as HTML text: & < > " ' escaped, control bytes as
 * spaces, invalid UTF-8 as U+FFFD, at most max characters (0: all),
 * then an ellipsis. */
void rv_report_html(struct rv_out *o, const char *p, size_t n, size_t max);

struct rv_report;

/* Resolve the columns from the header. Returns NULL with the reason in
 * err (a missing column, with *usage 0; a bad option value, with *usage
 * 1), or on OOM with err empty. */
struct rv_report *rv_report_new(const struct rv_report_opts *o, const struct rv_field *hdr,
    size_t nhdr, int *usage, char *err, size_t errlen);
/* Fields a row must have. */
size_t rv_report_need(const struct rv_report *r);
/* Check one row (at least rv_report_need fields) as rv_report_add does:
 * its time (set in *t) and polarity. Returns 0, or 1 for a malformed row
 * (err says why). */
int rv_report_check(struct rv_report *r, const struct rv_field *f, size_t nf, long long *t, char *err,
    size_t errlen);
/* Add one row. Returns 0, 1 for a malformed row (err says why), -1 on OOM. */
int rv_report_add(struct rv_report *r, const struct rv_field *f, size_t nf, char *err, size_t errlen);
/* Rows of the period and of the comparison period added so far. */
unsigned long rv_report_rows(const struct rv_report *r, int prev);
/* 1 when --outcome FIELD=VALUE was given, the root causes are on (-d),
 * and no row of the period has that value (a misspelt value: the root
 * causes section explains a rate of 0). */
int rv_report_outcome_unseen(const struct rv_report *r);
/* Write the page. Returns 0 or -1 (OOM). */
int rv_report_write(struct rv_report *r, struct rv_out *o);
void rv_report_free(struct rv_report *r);

#endif
