/* report.c - rv-report's intake: columns, periods and the aggregates
 * every section needs, kept in one pass over the rows. The page itself
 * is written by report_page.c. */
#include "report.h"
#include "report_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data.h"
#include "num.h"
#include "utf8.h"

/* ---- periods ---- */

int
rv_report_month(struct rv_isotime *tz, const char *s, long long *from, long long *to)
{
	char b[24];
	unsigned y, m;
	int n = 0;

	if (strlen(s) != 7 || sscanf(s, "%4u-%2u%n", &y, &m, &n) != 2 || n != 7 || m < 1 || m > 12 ||
	    y < 1970 || s[4] != '-')
		return -1;
	snprintf(b, sizeof(b), "%04u-%02u-01", y, m);
	if (rv_isotime_parse(tz, b, strlen(b), from) < 0)
		return -1;
	snprintf(b, sizeof(b), "%04u-%02u-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	return rv_isotime_parse(tz, b, strlen(b), to);
}

int
rv_report_day(struct rv_isotime *tz, const char *s, int end, long long *t)
{
	long long y, days;
	unsigned m, d, y2, m2, d2;
	int n = 0;
	char b[24];

	if (strlen(s) != 10 || sscanf(s, "%4lld-%2u-%2u%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31 || y < 1970)
		return -1;
	days = rv_isotime_days(y, m, d);
	rv_isotime_civil(days, &y, &m2, &d2);
	if (m2 != m || d2 != d)
		return -1;	/* 2026-02-30 */
	rv_isotime_civil(days + (end ? 1 : 0), &y, &m2, &d2);
	y2 = (unsigned)y;
	snprintf(b, sizeof(b), "%04u-%02u-%02u", y2, m2, d2);
	return rv_isotime_parse(tz, b, strlen(b), t);
}

/* Local calendar date of t. */
static void
civil(struct rv_isotime *tz, long long t, long long *y, unsigned *m, unsigned *d)
{
	long long loc = t + rv_isotime_offset(tz, t);
	long long days = loc >= 0 ? loc / 86400 : -((-loc + 86399) / 86400);

	rv_isotime_civil(days, y, m, d);
}

void
rv_report_last_month(struct rv_isotime *tz, long long tmax, char *out)
{
	long long y, y2;
	unsigned m, d, m2, d2;

	civil(tz, tmax, &y, &m, &d);
	rv_isotime_civil(rv_isotime_days(y, m, d) + 1, &y2, &m2, &d2);
	if (m2 == m) {	/* not the month's last day: the month before */
		if (--m == 0)
			m = 12, y--;
	}
	snprintf(out, 8, "%04u-%02u", (unsigned)(y % 10000), m);
}

static void
day_label(struct rv_isotime *tz, long long t, char *out)
{
	rv_isotime_fmt_date(tz, out, t);
}

void
rv_report_prev(struct rv_isotime *tz, struct rv_report_opts *o, int month)
{
	char a[16], b[16];
	long long y;
	unsigned m, d;

	if (month) {
		civil(tz, o->from, &y, &m, &d);
		snprintf(o->label, sizeof(o->label), "%04u-%02u", (unsigned)(y % 10000), m);
		if (--m == 0)
			m = 12, y--;
		snprintf(o->plabel, sizeof(o->plabel), "%04u-%02u", (unsigned)(y % 10000), m);
		if (rv_report_month(tz, o->plabel, &o->pfrom, &o->pto) < 0)
			o->pfrom = o->pto = o->from;
		return;
	}
	/* Same number of local days just before. */
	long long days = llround((double)(o->to - o->from) / 86400.0);
	civil(tz, o->from, &y, &m, &d);
	long long d0 = rv_isotime_days(y, m, d);
	snprintf(a, sizeof(a), "%04lld-%02u-%02u", y, m, d);
	rv_isotime_civil(d0 - days, &y, &m, &d);
	snprintf(b, sizeof(b), "%04lld-%02u-%02u", y, m, d);
	o->pto = o->from;
	if (rv_report_day(tz, b, 0, &o->pfrom) < 0)
		o->pfrom = o->from;
	day_label(tz, o->to - 1, b);
	snprintf(o->label, sizeof(o->label), "%s..%s", a, b);
	day_label(tz, o->pfrom, a);
	day_label(tz, o->pto - 1, b);
	snprintf(o->plabel, sizeof(o->plabel), "%s..%s", a, b);
}

/* ---- HTML text ---- */

void
rv_report_html(struct rv_out *o, const char *p, size_t n, size_t max)
{
	size_t i = 0, nc = 0;
	uint32_t cp;

	while (i < n) {
		if (max > 0 && nc == max) {
			rv_out_puts(o, "\u2026");
			return;
		}
		unsigned char c = (unsigned char)p[i];
		nc++;
		if (c < 0x80) {
			i++;
			switch (c) {
			case '&': rv_out_puts(o, "&amp;"); break;
			case '<': rv_out_puts(o, "&lt;"); break;
			case '>': rv_out_puts(o, "&gt;"); break;
			case '"': rv_out_puts(o, "&quot;"); break;
			case '\'': rv_out_puts(o, "&#39;"); break;
			default: rv_out_putc(o, c < 0x20 || c == 0x7F ? ' ' : (char)c);
			}
			continue;
		}
		int l = rv_utf8_decode(p + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			rv_out_puts(o, "\uFFFD");
		else if (cp >= 0x80 && cp < 0xA0)
			rv_out_putc(o, ' ');	/* C1 controls */
		else
			rv_out_write(o, p + i, (size_t)l);
		i += (size_t)l;
	}
}

/* ---- counters ---- */

struct kc *
rv_rpt_count(struct rv_rpt_counter *c, const char *k, size_t n)
{
	struct rv_hash_ent *e;
	int isnew;

	if ((e = rv_hash_put(&c->h, k, n, &isnew)) == NULL)
		return NULL;
	if (isnew) {
		struct kc *v = rv_grow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
		if (v == NULL)
			return NULL;
		c->v = v;
		memset(&c->v[c->n], 0, sizeof(c->v[0]));
		c->v[c->n].key = e->key;
		c->v[c->n].len = n;
		e->val = (void *)(c->n + 1);
		c->n++;
	}
	return &c->v[(size_t)e->val - 1];
}

static void
counter_free(struct rv_rpt_counter *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].ex);
	free(c->v);
	rv_hash_free(&c->h);
}

/* ---- columns ---- */

static long
col(const struct rv_field *hdr, size_t nhdr, const char *name)
{
	return name != NULL ? rv_tsv_col(hdr, nhdr, name) : -1;
}

static int
resolve_dims(struct rv_report *r, const struct rv_field *hdr, size_t nhdr, int *usage, char *err,
    size_t errlen)
{
	const char *p = r->o.dims;

	if (p == NULL)
		return 0;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *name = rv_memdup(p, len);
		if (name == NULL)
			return -1;
		if (len == 0 || r->nd == RV_RC_MAXDIMS) {
			free(name);
			*usage = 1;
			snprintf(err, errlen, "invalid -d '%s': %s", r->o.dims,
			    len == 0 ? "empty dimension name" : "too many dimensions");
			return -1;
		}
		r->dim[r->nd] = rv_tsv_col(hdr, nhdr, name);
		r->dimname[r->nd++] = name;
		if (r->dim[r->nd - 1] < 0) {
			snprintf(err, errlen, "no dimension column '%s' in the header", name);
			return -1;
		}
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

/* The id column: -i, else "id", else the first column named *_id. */
static long
id_col(const struct rv_report_opts *o, const struct rv_field *hdr, size_t nhdr)
{
	long c = col(hdr, nhdr, o->id ? o->id : "id");

	for (size_t i = 0; c < 0 && o->id == NULL && i < nhdr; i++)
		if (hdr[i].len > 3 && memcmp(hdr[i].p + hdr[i].len - 3, "_id", 3) == 0)
			c = (long)i;
	return c;
}

static int
setup_outcome(struct rv_report *r, const struct rv_field *hdr, size_t nhdr, char *err, size_t errlen)
{
	const char *spec = r->o.outcome ? r->o.outcome : "polarity=neg";
	const char *eq = strchr(spec, '=');

	r->ocol = rv_tsv_col(hdr, nhdr, spec);
	if (r->ocol < 0 && eq != NULL) {
		char *f = rv_memdup(spec, (size_t)(eq - spec));
		if (f == NULL)
			return -1;
		r->ocol = rv_tsv_col(hdr, nhdr, f);
		free(f);
		r->oval = eq + 1;
	}
	if (r->ocol < 0 && r->o.outcome != NULL) {
		snprintf(err, errlen, "no outcome column for --outcome '%s' in the header", spec);
		return -1;
	}
	return 0;
}

static int
setup_tools(struct rv_report *r)
{
	struct rv_trend_opts to = {0};
	struct rv_terms_opts te;
	static const char *const stop[] = {"terms-stop-zh.tsv", "terms-stop-en.tsv"};
	char err[128];

	to.every = (r->o.to - r->o.from) > 92 * 86400LL ? 7 * 86400LL : 86400;
	to.kind = RV_TREND_COUNT;
	rv_trend_opts_default(&to);
	if ((r->trend = rv_trend_new(&to, 0)) == NULL)
		return -1;
	r->w0 = rv_trend_window(&r->trend->cal, r->o.from);
	r->nwin = (size_t)(rv_trend_window(&r->trend->cal, r->o.to - 1) - r->w0 + 1);
	if ((r->win = calloc(r->nwin, sizeof(*r->win))) == NULL)
		return -1;
	if (r->nd > 0) {
		struct rv_rc_opts ro;
		rv_rc_opts_default(&ro);
		if ((r->rc = rv_rc_new(r->nd, (const char *const *)r->dimname, &ro)) == NULL)
			return -1;
	}
	if (r->xcol >= 0) {
		rv_terms_opts_default(&te);
		te.new_only = 1;
		te.top = 15;
		if ((r->terms = rv_terms_new(&te)) == NULL)
			return -1;
		for (int i = 0; i < 2; i++) {
			size_t len;
			const char *d = rv_data_get(stop[i], &len);
			if (d == NULL || rv_terms_stop(r->terms, d, len, err, sizeof(err)) != 0)
				return -1;
		}
	}
	if (r->stcol >= 0 || (r->cvcol >= 0 && r->tucol >= 0)) {
		struct rv_curve_opts co = {0};
		co.conv = r->stcol < 0;
		co.max_turns = 20;
		co.alpha = 0.05;
		co.min_delta = co.pen = co.drop_by = NAN;
		co.sig = "";
		co.zero_auto = 1;	/* rv-curve's default --zero-blank=auto */
		if ((r->curve = rv_curve_new(&co)) == NULL)
			return -1;
		if (r->cuecol >= 0)
			rv_curve_zeros_known(r->curve);
	}
	return 0;
}

struct rv_report *
rv_report_new(const struct rv_report_opts *o, const struct rv_field *hdr, size_t nhdr, int *usage,
    char *err, size_t errlen)
{
	struct rv_report *r = calloc(1, sizeof(*r));

	*usage = 0;
	err[0] = '\0';
	if (r == NULL)
		return NULL;
	r->o = *o;
	if (r->o.now == 0)
		r->o.now = o->to;
	rv_triage_sum_init(&r->sum, r->o.now);
	if ((r->tcol = col(hdr, nhdr, o->time)) < 0) {
		snprintf(err, errlen, hdr != NULL ? "no time column '%s' in the header (give it with -t)" :
		    "no time column '%s' (without a header, give its number with -t)", o->time);
		goto fail;
	}
	r->xcol = col(hdr, nhdr, o->text ? o->text : "text");
	if (o->text != NULL && r->xcol < 0) {
		snprintf(err, errlen, "no text column '%s' in the header", o->text);
		goto fail;
	}
	r->ccol = col(hdr, nhdr, "category");
	r->cscol = col(hdr, nhdr, "category_score");
	r->scol = col(hdr, nhdr, "sentiment");
	r->pcol = col(hdr, nhdr, "polarity");
	r->icol = col(hdr, nhdr, "intensity");
	r->ecol = col(hdr, nhdr, "emotion");
	r->lcol = col(hdr, nhdr, "level");
	r->dcol = col(hdr, nhdr, "due");
	r->owcol = col(hdr, nhdr, "owner");
	r->acol = col(hdr, nhdr, "aspects");
	r->stcol = col(hdr, nhdr, "stage");
	r->cvcol = col(hdr, nhdr, "conv");
	r->tucol = col(hdr, nhdr, "turn");
	r->rolecol = col(hdr, nhdr, "role");
	r->cuecol = col(hdr, nhdr, "sentiment_cues");
	r->idcol = id_col(o, hdr, nhdr);
	if (o->id != NULL && r->idcol < 0) {
		snprintf(err, errlen, "no id column '%s' in the header", o->id);
		goto fail;
	}
	r->rcol = col(hdr, nhdr, o->reply ? o->reply : "replied");
	if (o->reply != NULL && r->rcol < 0) {
		snprintf(err, errlen, "no reply time column '%s' in the header", o->reply);
		goto fail;
	}
	if (resolve_dims(r, hdr, nhdr, usage, err, errlen) < 0 ||
	    setup_outcome(r, hdr, nhdr, err, errlen) < 0 || setup_tools(r) < 0)
		goto fail;
	long cols[] = {r->tcol, r->xcol, r->ccol, r->cscol, r->scol, r->pcol, r->icol, r->ecol,
	    r->lcol, r->dcol, r->owcol, r->acol, r->stcol, r->cvcol, r->tucol, r->rolecol, r->idcol,
	    r->rcol, r->ocol};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (cols[i] + 1 > (long)r->need)
			r->need = (size_t)cols[i] + 1;
	for (size_t i = 0; i < r->nd; i++)
		if (r->dim[i] + 1 > (long)r->need)
			r->need = (size_t)r->dim[i] + 1;
	return r;
fail:
	rv_report_free(r);
	return NULL;
}

size_t
rv_report_need(const struct rv_report *r)
{
	return r->need;
}

unsigned long
rv_report_rows(const struct rv_report *r, int prev)
{
	return r->rows[prev ? 1 : 0];
}

int
rv_report_outcome_unseen(const struct rv_report *r)
{
	return r->o.outcome != NULL && r->oval != NULL && r->rc != NULL && r->rows[0] > 0 && r->hits == 0;
}

/* ---- rows ---- */

static int
feq(const struct rv_field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

#define F(c) (f[(c)])
#define HAS(c) ((c) >= 0 && (size_t)(c) < nf)

/* A complaint: polarity neg; without a polarity column, a row with a
 * category; without either, every row. */
static int
complaint(const struct rv_report *r, const struct rv_field *f, size_t nf)
{
	if (HAS(r->pcol))
		return feq(&F(r->pcol), "neg");
	if (HAS(r->ccol))
		return F(r->ccol).len > 0;
	return 1;
}

static int
bad(char *err, size_t errlen, const char *what, const struct rv_field *v, const char *want)
{
	snprintf(err, errlen, "%s column: expected %s, got \"%.*s%s\"", what, want,
	    (int)rv_utf8_cut(v->p, v->len, 40), v->p, v->len > 40 ? "..." : "");
	return 1;
}

/* Keep e among the n best of arr[0..cap) (better: returns < 0 when a
 * should come first), unless its text is kept already. The copies are
 * owned by arr. */
static int
keep(struct rv_rpt_ex *arr, size_t *n, size_t cap, const struct rv_rpt_ex *e,
    int (*better)(const struct rv_rpt_ex *, const struct rv_rpt_ex *))
{
	size_t i = *n;
	struct rv_rpt_ex c = *e;

	for (size_t j = 0; j < *n; j++)	/* the same text once (copies, templates) */
		if (arr[j].tlen == e->tlen && memcmp(arr[j].text, e->text, e->tlen) == 0)
			return 0;
	if (*n == cap) {
		if (better(e, &arr[cap - 1]) >= 0)
			return 0;
		free(arr[cap - 1].id);
		free(arr[cap - 1].text);
		i = cap - 1;
	} else {
		(*n)++;
	}
	c.id = rv_memdup(e->id, strlen(e->id));
	c.text = rv_memdup(e->text, e->tlen);
	if (c.id == NULL || c.text == NULL) {
		free(c.id), free(c.text);
		(*n)--;
		return -1;
	}
	while (i > 0 && better(&c, &arr[i - 1]) < 0) {
		arr[i] = arr[i - 1];
		i--;
	}
	arr[i] = c;
	return 0;
}

/* Most intense first, then most negative score, then earlier row. */
static int
more_intense(const struct rv_rpt_ex *a, const struct rv_rpt_ex *b)
{
	if (a->intensity != b->intensity)
		return a->intensity > b->intensity ? -1 : 1;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->row < b->row ? -1 : 1;
}

/* Shorter first, then earlier row. */
static int
shorter(const struct rv_rpt_ex *a, const struct rv_rpt_ex *b)
{
	if (a->chars != b->chars)
		return a->chars < b->chars ? -1 : 1;
	return a->row < b->row ? -1 : 1;
}

static size_t
nchars(const char *p, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xC0) != 0x80;
	return c;
}

/* Intensity, emotion, the excerpts and the representatives. */
static int
add_texts(struct rv_report *r, const struct rv_field *f, size_t nf, int comp, char *err, size_t errlen)
{
	struct rv_rpt_ex e = {0};
	char idb[64];
	double v;

	e.row = r->seq;
	e.intensity = 0;
	if (HAS(r->icol) && F(r->icol).len > 0) {
		if (rv_num_parse(F(r->icol).p, F(r->icol).len, &v) < 0 || v < 0 || v > 3)
			return bad(err, errlen, "intensity", &F(r->icol), "0, 1, 2 or 3");
		e.intensity = (int)v;
	}
	e.score = 0;
	if (HAS(r->scol) && F(r->scol).len > 0 && rv_num_parse(F(r->scol).p, F(r->scol).len, &e.score) < 0)
		return bad(err, errlen, "sentiment", &F(r->scol), "a number");
	if (!comp || !HAS(r->xcol) || F(r->xcol).len == 0)
		return 0;
	snprintf(idb, sizeof(idb), "%.*s", HAS(r->idcol) ? (int)rv_utf8_cut(F(r->idcol).p, F(r->idcol).len, 60) : 0,
	    HAS(r->idcol) ? F(r->idcol).p : "");
	e.id = idb;
	e.text = (char *)F(r->xcol).p;	/* borrowed: keep() copies it */
	e.tlen = F(r->xcol).len;
	e.chars = nchars(e.text, e.tlen);
	if (HAS(r->ecol))
		snprintf(e.emotion, sizeof(e.emotion), "%.*s", (int)rv_utf8_cut(F(r->ecol).p, F(r->ecol).len, 31),
		    F(r->ecol).p);
	if (HAS(r->ccol))
		snprintf(e.category, sizeof(e.category), "%.*s",
		    (int)rv_utf8_cut(F(r->ccol).p, F(r->ccol).len, 31), F(r->ccol).p);
	if (keep(r->ex, &r->nex, RV_RPT_NEX, &e, more_intense) < 0)
		return -1;
	/* Representatives: the shortest clear ones (category_score >= 0.5,
	 * at least 6 characters) of each category. */
	if (HAS(r->ccol) && F(r->ccol).len > 0 && e.chars >= 6) {
		if (HAS(r->cscol) && (rv_num_parse(F(r->cscol).p, F(r->cscol).len, &v) < 0 || v < 0.5))
			return 0;
		struct kc *k = rv_rpt_count(&r->reps, F(r->ccol).p, F(r->ccol).len);
		if (k == NULL)
			return -1;
		if (k->ex == NULL && (k->ex = calloc(RV_RPT_NREP, sizeof(*k->ex))) == NULL)
			return -1;
		size_t n = (size_t)k->cur;
		if (keep(k->ex, &n, RV_RPT_NREP, &e, shorter) < 0)
			return -1;
		k->cur = (double)n;
	}
	return 0;
}

static int
add_triage(struct rv_report *r, const struct rv_field *f, size_t nf, long long t, char *err,
    size_t errlen)
{
	int lv;
	long long rep;

	for (lv = 0; lv < RV_TRIAGE_NLEVELS; lv++)
		if (feq(&F(r->lcol), rv_triage_level_name(lv)))
			break;
	if (lv == RV_TRIAGE_NLEVELS) {
		if (F(r->lcol).len == 0)
			lv = RV_TRIAGE_NONE;
		else
			return bad(err, errlen, "level", &F(r->lcol), "urgent, important, normal or none");
	}
	r->tres.level = lv;
	r->tres.due = 0;
	rv_buf_clear(&r->tres.owner);
	if (HAS(r->owcol) && rv_buf_append(&r->tres.owner, F(r->owcol).p, F(r->owcol).len) < 0)
		return -1;
	if (rv_buf_puts(&r->tres.owner, "") < 0)
		return -1;
	if (lv != RV_TRIAGE_NONE && HAS(r->dcol)) {
		if (F(r->dcol).len == 0)
			r->tres.due = LLONG_MAX;	/* no deadline: never past due */
		else if (rv_isotime_parse(&r->tz, F(r->dcol).p, F(r->dcol).len, &r->tres.due) < 0)
			return bad(err, errlen, "due", &F(r->dcol), "an ISO 8601 time or Unix seconds");
	} else if (lv != RV_TRIAGE_NONE) {
		r->tres.due = LLONG_MAX;
	}
	if (rv_triage_sum_add(&r->sum, &r->tres) < 0)
		return -1;
	if (lv == RV_TRIAGE_NONE || !HAS(r->rcol) || F(r->rcol).len == 0)
		return 0;
	if (rv_isotime_parse(&r->tz, F(r->rcol).p, F(r->rcol).len, &rep) < 0)
		return bad(err, errlen, "reply time", &F(r->rcol), "an ISO 8601 time or Unix seconds");
	struct rv_rpt_reply *q = &r->reply[lv];
	double *d = rv_grow(q->hours, &q->cap, q->n + 1, sizeof(double));
	if (d == NULL)
		return -1;
	q->hours = d;
	q->hours[q->n++] = (double)(rep - t) / 3600.0;
	q->ontime += r->tres.due != LLONG_MAX && rep <= r->tres.due;
	return 0;
}

static int
add_cause(struct rv_report *r, const struct rv_field *f, size_t nf, char *err, size_t errlen)
{
	struct rv_field vals[RV_RC_MAXDIMS];
	double h = 0;

	if (r->rc == NULL || !HAS(r->ocol))
		return 0;
	if (r->oval != NULL) {
		h = feq(&F(r->ocol), r->oval);
	} else {
		const struct rv_field *v = &F(r->ocol);
		static const char *const yes[] = {"1", "true", "yes", "y", "t"};
		static const char *const no[] = {"0", "false", "no", "n", "f", ""};
		int t = -1;
		for (int i = 0; i < 6 && t < 0; i++) {
			if (i < 5 && v->len == strlen(yes[i]) && strncasecmp(v->p, yes[i], v->len) == 0)
				t = 1;
			else if (v->len == strlen(no[i]) && strncasecmp(v->p, no[i], v->len) == 0)
				t = 0;
		}
		if (t < 0)
			return bad(err, errlen, "outcome", v,
			    "1/0, true/false, yes/no or empty (or use --outcome FIELD=VALUE)");
		h = t;
	}
	r->hits += h;
	for (size_t i = 0; i < r->nd; i++)
		vals[i] = F(r->dim[i]);
	return rv_rc_add(r->rc, vals, 1, 1, h);
}

static int
add_curve(struct rv_report *r, const struct rv_field *f, size_t nf, char *err, size_t errlen)
{
	double v, turn;
	int rc;

	if (r->curve == NULL || !HAS(r->scol) || F(r->scol).len == 0)
		return 0;
	if (rv_num_parse(F(r->scol).p, F(r->scol).len, &v) < 0)
		return 0;	/* reported by add_texts */
	/* As rv-curve: a 0 without sentiment cues is a blank. */
	if (r->cuecol >= 0 && rv_curve_cue_blank(v, HAS(r->cuecol) ? F(r->cuecol).p : NULL,
	    HAS(r->cuecol) ? F(r->cuecol).len : 0))
		v = NAN;
	if (r->stcol >= 0) {
		if (isnan(v))
			return 0;
		if (F(r->stcol).len == 0)
			return 0;
		rc = rv_curve_add(r->curve, "all", 3, F(r->stcol).p, F(r->stcol).len, "", 0, v, -1);
	} else {
		if (HAS(r->rolecol) && !feq(&F(r->rolecol), "customer"))
			return 0;
		if (rv_num_parse(F(r->tucol).p, F(r->tucol).len, &turn) < 0)
			return bad(err, errlen, "turn", &F(r->tucol), "a number");
		rc = rv_curve_add_msg(r->curve, "all", 3, F(r->cvcol).p, F(r->cvcol).len, turn, v, -1);
	}
	if (rc == RV_CURVE_ENOMEM)
		return -1;
	r->curve_rows += rc == RV_CURVE_OK;
	return 0;
}

/* The period's rows: everything but the volume history. */
static int
add_period(struct rv_report *r, const struct rv_field *f, size_t nf, long long t, int comp,
    char *err, size_t errlen)
{
	struct kc *k;
	int rc;

	if (HAS(r->xcol)) {
		size_t cjk = 0, latin = 0;
		rv_utf8_script_count(F(r->xcol).p, F(r->xcol).len > 300 ? 300 : F(r->xcol).len, &cjk, &latin);
		if (cjk > 0)
			r->zh++;
		else if (latin > 0)
			r->en++;
	}
	if ((rc = add_texts(r, f, nf, comp, err, errlen)) != 0)
		return rc;
	if (HAS(r->lcol) && (rc = add_triage(r, f, nf, t, err, errlen)) != 0)
		return rc;
	if ((rc = add_cause(r, f, nf, err, errlen)) != 0)
		return rc < 0 ? -1 : rc;
	if ((rc = add_curve(r, f, nf, err, errlen)) != 0)
		return rc;
	if (HAS(r->acol) && F(r->acol).len > 0) {
		/* "fit:+0.57,service:-0.34": praised above 0, blamed below. */
		const char *p = F(r->acol).p, *e = p + F(r->acol).len;
		while (p < e) {
			const char *c = memchr(p, ',', (size_t)(e - p)), *end = c ? c : e;
			const char *colon = memchr(p, ':', (size_t)(end - p));
			double v;
			if (colon != NULL && rv_num_parse(colon + 1, (size_t)(end - colon - 1), &v) == 0) {
				if ((k = rv_rpt_count(&r->aspect, p, (size_t)(colon - p))) == NULL)
					return -1;
				k->a += v > 0;
				k->b += v < 0;
			}
			p = end + 1;
		}
	}
	if (comp && r->terms != NULL && HAS(r->xcol) && rv_terms_add(r->terms, 1, F(r->xcol).p, F(r->xcol).len) < 0)
		return -1;
	return 0;
}

int
rv_report_check(struct rv_report *r, const struct rv_field *f, size_t nf, long long *t, char *err,
    size_t errlen)
{
	if (F(r->tcol).len == 0 || rv_isotime_parse(&r->tz, F(r->tcol).p, F(r->tcol).len, t) < 0)
		return bad(err, errlen, "time", &F(r->tcol), "an ISO 8601 time or Unix seconds");
	if (HAS(r->pcol) && F(r->pcol).len > 0 && !feq(&F(r->pcol), "neg") && !feq(&F(r->pcol), "neu") &&
	    !feq(&F(r->pcol), "pos"))
		return bad(err, errlen, "polarity", &F(r->pcol), "neg, neu or pos");
	return 0;
}

int
rv_report_add(struct rv_report *r, const struct rv_field *f, size_t nf, char *err, size_t errlen)
{
	long long t;
	int cur, prev, comp, rc;
	struct kc *k;

	r->seq++;
	if ((rc = rv_report_check(r, f, nf, &t, err, errlen)) != 0)
		return rc;
	if (t >= r->o.to)
		return 0;	/* after the period: not part of this report */
	cur = t >= r->o.from;
	prev = !cur && t >= r->o.pfrom && t < r->o.pto;
	comp = complaint(r, f, nf);
	if (comp) {
		/* rv-trend's baseline is learned from all the history before. */
		struct rv_trend_obs x = {1, 0, 0};
		long long w = rv_trend_window(&r->trend->cal, t);
		rc = rv_trend_add(r->trend, "all", 3, w, &x);
		if (rc == RV_TREND_ENOMEM)
			return -1;
		if (rc == RV_TREND_ERANGE) {
			snprintf(err, errlen, "time column: more than 50 million days before the period");
			return 1;
		}
	}
	if (!cur && comp && r->terms != NULL && HAS(r->xcol) &&
	    rv_terms_add(r->terms, 0, F(r->xcol).p, F(r->xcol).len) < 0)
		return -1;
	if (!cur && !prev)
		return 0;
	r->rows[prev]++;
	r->comp[prev] += comp;
	if (cur) {
		struct rv_rpt_win *w = &r->win[rv_trend_window(&r->trend->cal, t) - r->w0];
		w->n++;
		w->neg += comp;
	}
	if (HAS(r->ccol) && F(r->ccol).len > 0) {
		if ((k = rv_rpt_count(&r->cat, F(r->ccol).p, F(r->ccol).len)) == NULL)
			return -1;
		*(prev ? &k->prev : &k->cur) += 1;
		r->catrows[prev]++;
	}
	if (HAS(r->ecol) && F(r->ecol).len > 0) {
		if ((k = rv_rpt_count(&r->emo, F(r->ecol).p, F(r->ecol).len)) == NULL)
			return -1;
		*(prev ? &k->prev : &k->cur) += 1;
		if (comp)
			*(prev ? &k->b : &k->a) += 1;
	}
	if (HAS(r->icol) && F(r->icol).len > 0 && comp) {
		double v;
		if (rv_num_parse(F(r->icol).p, F(r->icol).len, &v) < 0 || v < 0 || v > 3)
			return bad(err, errlen, "intensity", &F(r->icol), "0, 1, 2 or 3");
		r->inten[prev][(int)v]++;
	}
	return cur ? add_period(r, f, nf, t, comp, err, errlen) : 0;
}

void
rv_report_free(struct rv_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nd; i++)
		free(r->dimname[i]);
	for (size_t i = 0; i < r->nex; i++)
		free(r->ex[i].id), free(r->ex[i].text);
	for (size_t i = 0; i < r->reps.n; i++)
		for (size_t j = 0; j < (size_t)r->reps.v[i].cur; j++)
			free(r->reps.v[i].ex[j].id), free(r->reps.v[i].ex[j].text);
	for (int i = 0; i < RV_TRIAGE_NLEVELS; i++)
		free(r->reply[i].hours);
	counter_free(&r->cat);
	counter_free(&r->emo);
	counter_free(&r->aspect);
	counter_free(&r->reps);
	rv_trend_free(r->trend);
	rv_rc_free(r->rc);
	rv_terms_free(r->terms);
	rv_curve_free(r->curve);
	rv_triage_sum_free(&r->sum);
	rv_triage_res_free(&r->tres);
	free(r->win);
	free(r);
}
