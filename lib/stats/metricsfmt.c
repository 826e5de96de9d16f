/* metricsfmt.c - write metrics reports as TSV or as aligned tables. */
#include "metricsfmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "num.h"
#include "utf8.h"

/* Label mode matrices wider than this are left to the TSV output. */
#define MAX_MATRIX 24

static void
fmt_num(char *out, double v)
{
	rv_num_fmt(out, v, 4);
}

/* One TSV row; cls/pred may be NULL (empty field). */
static void
tsv_row(struct rv_out *o, const struct rv_metrics_report *r, const char *section,
    const char *cls, size_t clen, const char *pred, size_t plen, const char *metric,
    const char *value)
{
	if (r->by != NULL)
		rv_out_field(o, r->by, r->bylen);
	else
		rv_out_puts(o, RV_METRICS_ALL);
	rv_out_tab(o);
	rv_out_puts(o, section);
	rv_out_tab(o);
	if (cls != NULL)
		rv_out_field(o, cls, clen);
	rv_out_tab(o);
	if (pred != NULL)
		rv_out_field(o, pred, plen);
	rv_out_tab(o);
	rv_out_puts(o, metric);
	rv_out_tab(o);
	rv_out_puts(o, value);
	rv_out_eol(o);
}

/* The summary metrics of a mode, in output order. */
struct summ {
	const char *name;
	int count;		/* 1: an integer count */
	double v;
};

static size_t
summary(enum rv_metrics_mode mode, const struct rv_metrics_report *r, struct summ *s)
{
	size_t n = 0;

	s[n++] = (struct summ){"n", 1, (double)r->n};
	s[n++] = (struct summ){"skipped", 1, (double)r->skipped};
	if (r->n == 0)
		return n;	/* no row scored (a group of empty golds): no score */
	switch (mode) {
	case RV_METRICS_LABEL:
		s[n++] = (struct summ){"accuracy", 0, r->accuracy};
		s[n++] = (struct summ){"macro_precision", 0, r->macro_p};
		s[n++] = (struct summ){"macro_recall", 0, r->macro_r};
		s[n++] = (struct summ){"macro_f1", 0, r->macro_f1};
		s[n++] = (struct summ){"weighted_f1", 0, r->weighted_f1};
		break;
	case RV_METRICS_MULTI:
		s[n++] = (struct summ){"exact_match", 0, r->accuracy};
		s[n++] = (struct summ){"jaccard", 0, r->jaccard};
		s[n++] = (struct summ){"micro_precision", 0, r->micro_p};
		s[n++] = (struct summ){"micro_recall", 0, r->micro_r};
		s[n++] = (struct summ){"micro_f1", 0, r->micro_f1};
		s[n++] = (struct summ){"macro_precision", 0, r->macro_p};
		s[n++] = (struct summ){"macro_recall", 0, r->macro_r};
		s[n++] = (struct summ){"macro_f1", 0, r->macro_f1};
		break;
	case RV_METRICS_NUMERIC:
		s[n++] = (struct summ){"mae", 0, r->mae};
		s[n++] = (struct summ){"rmse", 0, r->rmse};
		s[n++] = (struct summ){"bias", 0, r->bias};
		s[n++] = (struct summ){"pearson", 0, r->pearson};
		break;
	}
	return n;
}

static void
fmt_summ(char *out, const struct summ *s)
{
	if (s->count)
		snprintf(out, 32, "%lu", (unsigned long)s->v);
	else
		fmt_num(out, s->v);
}

/* The per-class metrics, in output order. */
static const char *const class_metrics[] = {"precision", "recall", "f1", "support", "predicted"};

static void
fmt_class(char *out, const struct rv_class_stat *c, size_t k)
{
	switch (k) {
	case 0: fmt_num(out, c->precision); break;
	case 1: fmt_num(out, c->recall); break;
	case 2: fmt_num(out, c->f1); break;
	case 3: snprintf(out, 32, "%lu", c->tp + c->fn); break;
	default: snprintf(out, 32, "%lu", c->tp + c->fp); break;
	}
}

void
rv_metricsfmt_tsv(struct rv_out *o, enum rv_metrics_mode mode,
    const struct rv_metrics_report *reps, size_t nrep, int header)
{
	struct summ s[16];
	char v[32];
	size_t i, j, k, ns;

	if (header)
		rv_out_puts(o, "by\tsection\tclass\tpred\tmetric\tvalue\n");
	for (i = 0; i < nrep; i++) {
		const struct rv_metrics_report *r = &reps[i];
		ns = summary(mode, r, s);
		for (j = 0; j < ns; j++) {
			fmt_summ(v, &s[j]);
			tsv_row(o, r, "summary", NULL, 0, NULL, 0, s[j].name, v);
		}
		for (j = 0; j < r->nclass; j++)
			for (k = 0; k < 5; k++) {
				fmt_class(v, &r->cls[j], k);
				tsv_row(o, r, "class", r->cls[j].name, r->cls[j].len, NULL, 0,
				    class_metrics[k], v);
			}
		for (j = 0; j < r->ncell; j++) {
			const struct rv_cell *c = &r->cells[j];
			snprintf(v, sizeof(v), "%lu", c->n);
			tsv_row(o, r, "confusion", c->gold, c->glen, c->pred, c->plen, "count", v);
		}
	}
}

/* ---- aligned tables ---- */

/* Cells are added row by row; column 0 is left-aligned, the others
 * right-aligned (numbers) unless left is set. */
struct table {
	size_t ncol;
	char **cell;		/* ncell owned strings */
	size_t ncell, cap;
	int left;		/* all columns left-aligned */
	int oom;
};

static int
wide(uint32_t cp)
{
	return rv_utf8_is_cjk(cp) || (cp >= 0x1100 && cp <= 0x115F) ||
	    (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Terminal columns of s; an invalid byte counts one. */
static size_t
width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0;
	uint32_t cp;

	while (i < n) {
		i += (size_t)rv_utf8_decode(s + i, n - i, &cp);
		w += wide(cp) ? 2 : 1;
	}
	return w;
}

static void
t_addn(struct table *t, const char *p, size_t n)
{
	char *s;
	size_t i;

	if (t->oom)
		return;
	if (t->ncell == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		char **c = realloc(t->cell, nc * sizeof(*c));
		if (c == NULL) {
			t->oom = 1;
			return;
		}
		t->cell = c;
		t->cap = nc;
	}
	if ((s = malloc(n + 1)) == NULL) {
		t->oom = 1;
		return;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	for (i = 0; i < n; i++)
		if (s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
			s[i] = ' ';
	t->cell[t->ncell++] = s;
}

static void
t_add(struct table *t, const char *s)
{
	t_addn(t, s, strlen(s));
}

/* Write the table indented by two spaces and free it. Returns -1 on OOM. */
static int
t_flush(struct rv_out *o, struct table *t)
{
	size_t *w = calloc(t->ncol, sizeof(*w)), i, j, k;
	int rc = t->oom || w == NULL ? -1 : 0;

	for (i = 0; rc == 0 && i < t->ncell; i++) {
		size_t cw = width(t->cell[i]);
		if (cw > w[i % t->ncol])
			w[i % t->ncol] = cw;
	}
	for (i = 0; rc == 0 && i + t->ncol <= t->ncell; i += t->ncol) {
		rv_out_puts(o, "  ");
		for (j = 0; j < t->ncol; j++) {
			const char *c = t->cell[i + j];
			size_t pad = w[j] - width(c);
			int right = j > 0 && !t->left;
			if (j > 0)
				rv_out_puts(o, "  ");
			for (k = 0; right && k < pad; k++)
				rv_out_putc(o, ' ');
			rv_out_puts(o, c);
			for (k = 0; !right && j + 1 < t->ncol && k < pad; k++)
				rv_out_putc(o, ' ');
		}
		rv_out_eol(o);
	}
	for (i = 0; i < t->ncell; i++)
		free(t->cell[i]);
	free(t->cell);
	free(w);
	memset(t, 0, sizeof(*t));
	return rc;
}

/* The group's name: "(all)" or the value ("(empty)" when empty). */
static void
t_by(struct table *t, const struct rv_metrics_report *r)
{
	if (r->by == NULL)
		t_add(t, RV_METRICS_ALL);
	else if (r->bylen == 0)
		t_add(t, "(empty)");
	else
		t_addn(t, r->by, r->bylen);
}

static void
label_name(struct table *t, const char *p, size_t n)
{
	if (p == NULL)
		t_add(t, "(none)");
	else if (n == 0)
		t_add(t, "(empty)");
	else
		t_addn(t, p, n);
}

/* Overview of all groups: one row each with the summary metrics. */
static int
overview(struct rv_out *o, enum rv_metrics_mode mode, const struct rv_metrics_report *r,
    size_t n, const char *byname)
{
	struct table t = {0};
	struct summ s[16];
	char v[32];
	size_t i, j, ns = summary(mode, &r[0], s);

	t.ncol = ns + 1;
	t_add(&t, byname);
	for (j = 0; j < ns; j++)
		t_add(&t, s[j].name);
	for (i = 0; i < n; i++) {
		size_t nsi = summary(mode, &r[i], s);
		t_by(&t, &r[i]);
		for (j = 0; j < ns; j++) {
			if (j < nsi)
				fmt_summ(v, &s[j]);
			else
				strcpy(v, "-");	/* a group with no row scored */
			t_add(&t, v);
		}
	}
	return t_flush(o, &t);
}

static int
pos_of(const char *const *names, const size_t *lens, size_t n, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lens[i] == len && memcmp(names[i], p, len) == 0)
			return (int)i;
	return -1;
}

/* Labels of the matrix: every gold and pred label of the cells, sorted;
 * an empty prediction is the last column. */
static int
matrix(struct rv_out *o, const struct rv_metrics_report *r)
{
	const char *names[MAX_MATRIX + 1];
	size_t lens[MAX_MATRIX + 1], nl = 0, i, j;
	unsigned long *m;
	int none = 0, rc;
	struct table t = {0};
	char v[32];

	for (i = 0; i < r->ncell; i++) {
		const struct rv_cell *c = &r->cells[i];
		const char *ps[2] = {c->gold, c->pred};
		size_t ls[2] = {c->glen, c->plen};
		for (j = 0; j < 2; j++) {
			if (ps[j] == NULL) {
				none = 1;
				continue;
			}
			if (pos_of(names, lens, nl, ps[j], ls[j]) >= 0)
				continue;
			if (nl == MAX_MATRIX) {
				rv_out_printf(o, "  (more than %d labels: see the TSV output)\n", MAX_MATRIX);
				return 0;
			}
			/* insertion sort, bytewise */
			size_t k = nl++;
			while (k > 0) {
				size_t a = lens[k - 1] < ls[j] ? lens[k - 1] : ls[j];
				int cmp = memcmp(names[k - 1], ps[j], a);
				if (cmp < 0 || (cmp == 0 && lens[k - 1] <= ls[j]))
					break;
				names[k] = names[k - 1];
				lens[k] = lens[k - 1];
				k--;
			}
			names[k] = ps[j];
			lens[k] = ls[j];
		}
	}
	if ((m = calloc(nl * (nl + 1) + 1, sizeof(*m))) == NULL)
		return -1;
	for (i = 0; i < r->ncell; i++) {
		const struct rv_cell *c = &r->cells[i];
		int g = pos_of(names, lens, nl, c->gold, c->glen);
		int p = c->pred ? pos_of(names, lens, nl, c->pred, c->plen) : (int)nl;
		m[(size_t)g * (nl + 1) + (size_t)p] += c->n;
	}
	t.ncol = nl + 1 + (size_t)none;
	t_add(&t, "gold\\pred");
	for (j = 0; j < nl; j++)
		label_name(&t, names[j], lens[j]);
	if (none)
		t_add(&t, "(none)");
	for (i = 0; i < nl; i++) {
		label_name(&t, names[i], lens[i]);
		for (j = 0; j < nl + (size_t)none; j++) {
			snprintf(v, sizeof(v), "%lu", m[i * (nl + 1) + j]);
			t_add(&t, v);
		}
	}
	free(m);
	rc = t_flush(o, &t);
	return rc;
}

static int
detail(struct rv_out *o, enum rv_metrics_mode mode, const struct rv_metrics_report *r,
    const char *byname)
{
	struct table t = {0};
	struct summ s[16];
	char v[32];
	size_t j, k, ns = summary(mode, r, s);

	if (r->by == NULL)
		rv_out_puts(o, "== all rows");
	else {
		rv_out_printf(o, "== %s = ", byname);
		if (r->bylen == 0)
			rv_out_puts(o, "(empty)");
		else
			rv_out_field(o, r->by, r->bylen);
	}
	rv_out_printf(o, ": %lu scored, %lu skipped (empty gold)\n", r->n, r->skipped);
	t.ncol = 2;
	t.left = 1;
	for (j = 2; j < ns; j++) {
		t_add(&t, s[j].name);
		fmt_summ(v, &s[j]);
		t_add(&t, v);
	}
	if (t_flush(o, &t) < 0)
		return -1;
	if (r->nclass > 0) {
		rv_out_eol(o);
		t.ncol = 6;
		t_add(&t, "class");
		for (k = 0; k < 5; k++)
			t_add(&t, class_metrics[k]);
		for (j = 0; j < r->nclass; j++) {
			label_name(&t, r->cls[j].name, r->cls[j].len);
			for (k = 0; k < 5; k++) {
				fmt_class(v, &r->cls[j], k);
				t_add(&t, v);
			}
		}
		if (t_flush(o, &t) < 0)
			return -1;
	}
	if (mode == RV_METRICS_LABEL && r->ncell > 0) {
		rv_out_puts(o, "\n  confusion: rows gold, columns predicted\n");
		if (matrix(o, r) < 0)
			return -1;
	}
	return 0;
}

int
rv_metricsfmt_pretty(struct rv_out *o, enum rv_metrics_mode mode,
    const struct rv_metrics_report *r, size_t n, const char *byname)
{
	size_t i;

	if (byname != NULL) {
		rv_out_puts(o, "== summary by ");
		rv_out_puts(o, byname);
		rv_out_eol(o);
		if (overview(o, mode, r, n, byname) < 0)
			return -1;
		rv_out_eol(o);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			rv_out_eol(o);
		if (detail(o, mode, &r[i], byname) < 0)
			return -1;
	}
	return 0;
}
