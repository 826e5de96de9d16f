/* report_int.h - the state rv-report keeps between report.c (rows) and
 * report_page.c (the page). Internal to those two files. */
#ifndef RV_REPORT_INT_H
#define RV_REPORT_INT_H

#include <stddef.h>

#include "curve.h"
#include "hash.h"
#include "report.h"
#include "rootcause.h"
#include "terms.h"
#include "trend.h"
#include "triage.h"

enum {
	RV_RPT_NEX = 5,		/* most intense complaints shown */
	RV_RPT_NREP = 2,	/* representative reviews per category */
	RV_RPT_NREPCAT = 5	/* categories with representatives */
};

/* A kept review: an excerpt or a representative. */
struct rv_rpt_ex {
	char *id, *text;	/* owned once kept */
	size_t tlen, chars;
	unsigned long row;	/* input order: ties */
	int intensity;
	double score;
	char emotion[32], category[32];
};

/* A count per key for the period (cur) and the one before (prev); a and
 * b are a second pair (complaints; praised/blamed aspects). */
struct kc {
	const char *key;	/* the hash table's copy */
	size_t len;
	double cur, prev, a, b;
	struct rv_rpt_ex *ex;	/* representatives (reps only) */
};

struct rv_rpt_counter {
	struct rv_hash h;	/* key -> index + 1 */
	struct kc *v;
	size_t n, cap;
};

/* Find or add key k. NULL on OOM. */
struct kc *rv_rpt_count(struct rv_rpt_counter *c, const char *k, size_t n);

/* One window of the period: rows and complaints, and rv-trend's verdict
 * on the complaints. */
struct rv_rpt_win {
	double n, neg;
	struct rv_trend_point pt;
	int have;
};

/* Replies of one level: hours from the review to the reply. */
struct rv_rpt_reply {
	double *hours;
	size_t n, cap;
	double ontime;
};

struct rv_report {
	struct rv_report_opts o;
	struct rv_isotime tz;
	long tcol, xcol, ccol, cscol, scol, pcol, icol, ecol, lcol, dcol, owcol, acol;
	long stcol, cvcol, tucol, rolecol, idcol, rcol, ocol;
	long cuecol;	/* sentiment_cues: a 0 without cues is no mood evidence (curve) */
	const char *oval;	/* --outcome FIELD=VALUE: the value */
	long dim[RV_RC_MAXDIMS];
	char *dimname[RV_RC_MAXDIMS];
	size_t nd, need;
	unsigned long seq;	/* rows added */
	unsigned long rows[2], comp[2], catrows[2];	/* period, comparison */
	double inten[2][4];	/* complaints by intensity */
	double hits;		/* outcome hits in the period */
	unsigned long zh, en;	/* period texts with CJK / only Latin letters */
	struct rv_trend *trend;	/* complaints per window, all history */
	long long w0;		/* the period's first window */
	struct rv_rpt_win *win;
	size_t nwin;
	struct rv_rpt_counter cat, emo, aspect, reps;
	struct rv_rpt_ex ex[RV_RPT_NEX];
	size_t nex;
	struct rv_triage_sum sum;
	struct rv_triage_res tres;	/* scratch for rv_triage_sum_add */
	struct rv_rpt_reply reply[RV_TRIAGE_NLEVELS];
	struct rv_rc *rc;
	struct rv_terms *terms;
	struct rv_curve *curve;
	unsigned long curve_rows;
	int zh_page;		/* the page's language is Chinese */
};

#endif
