/* test_metrics.c - lib/stats/metrics.c on small cases whose confusion matrices
 * and scores are worked out by hand in the comments. */
#include <math.h>
#include <string.h>

#include "metrics.h"
#include "testhelp.h"

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static int
add(struct rv_metrics *m, const char *by, const char *g, const char *p)
{
	return rv_metrics_add(m, by, by ? strlen(by) : 0, g, strlen(g), p, strlen(p));
}

static int
is(const char *p, size_t n, const char *s)
{
	return p != NULL && n == strlen(s) && memcmp(p, s, n) == 0;
}

static const struct rv_class_stat *
cls(const struct rv_metrics_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nclass; i++)
		if (is(r->cls[i].name, r->cls[i].len, name))
			return &r->cls[i];
	return NULL;
}

/* gold\pred  a  b  c  (none)
 *   a        2  1  .  .
 *   b        1  1  .  .
 *   c        .  .  1  1        plus one row with an empty gold (skipped)
 * a: tp 2 fp 1 fn 1 -> P 2/3 R 2/3 F1 2/3
 * b: tp 1 fp 1 fn 1 -> P 1/2 R 1/2 F1 1/2
 * c: tp 1 fp 0 fn 1 -> P 1   R 1/2 F1 2/3
 * accuracy 4/7; macro F1 (2/3 + 1/2 + 2/3) / 3; weighted (3*2/3 + 2/2 + 2*2/3) / 7 */
static void
test_label(void)
{
	struct rv_metrics *m = rv_metrics_new(RV_METRICS_LABEL);
	struct rv_metrics_report *r;
	size_t n;
	const struct rv_class_stat *a, *b, *c;

	test_cond("label: add", add(m, "x", "a", "a") == RV_METRICS_OK);
	add(m, "x", "a", "a");
	add(m, "y", "a", "b");
	add(m, "y", "b", "b");
	add(m, "x", "b", "a");
	add(m, "y", "c", "c");
	test_cond("label: empty pred scored", add(m, "x", "c", "") == RV_METRICS_OK);
	test_cond("label: empty gold skipped", add(m, "y", "", "a") == RV_METRICS_SKIPPED);
	test_cond("label: report", rv_metrics_report(m, &r, &n) == 0 && n == 3);
	test_cond("label: overall first", r[0].by == NULL && r[0].n == 7 && r[0].skipped == 1);
	test_cond("label: accuracy 4/7", near(r[0].accuracy, 4.0 / 7));
	test_cond("label: three classes", r[0].nclass == 3);
	a = cls(&r[0], "a"), b = cls(&r[0], "b"), c = cls(&r[0], "c");
	test_cond("label: sorted", r[0].cls[0].name[0] == 'a' && r[0].cls[2].name[0] == 'c');
	test_cond("label: a counts", a && a->tp == 2 && a->fp == 1 && a->fn == 1);
	test_cond("label: a scores", a && near(a->precision, 2.0 / 3) && near(a->recall, 2.0 / 3) &&
	    near(a->f1, 2.0 / 3));
	test_cond("label: b scores", b && near(b->precision, 0.5) && near(b->recall, 0.5) && near(b->f1, 0.5));
	test_cond("label: c scores", c && c->fp == 0 && c->fn == 1 && near(c->precision, 1) &&
	    near(c->recall, 0.5) && near(c->f1, 2.0 / 3));
	test_cond("label: macro P", near(r[0].macro_p, (2.0 / 3 + 0.5 + 1) / 3));
	test_cond("label: macro R", near(r[0].macro_r, (2.0 / 3 + 0.5 + 0.5) / 3));
	test_cond("label: macro F1", near(r[0].macro_f1, (2.0 / 3 + 0.5 + 2.0 / 3) / 3));
	test_cond("label: weighted F1", near(r[0].weighted_f1, (2.0 + 1.0 + 4.0 / 3) / 7));
	test_cond("label: six cells", r[0].ncell == 6);
	test_cond("label: cell order", is(r[0].cells[0].gold, r[0].cells[0].glen, "a") &&
	    is(r[0].cells[0].pred, r[0].cells[0].plen, "a") && r[0].cells[0].n == 2 &&
	    is(r[0].cells[1].pred, r[0].cells[1].plen, "b") && r[0].cells[1].n == 1 &&
	    is(r[0].cells[2].gold, r[0].cells[2].glen, "b") &&
	    is(r[0].cells[2].pred, r[0].cells[2].plen, "a"));
	test_cond("label: empty pred cell last", r[0].cells[5].pred == NULL &&
	    is(r[0].cells[5].gold, r[0].cells[5].glen, "c") && r[0].cells[5].n == 1 &&
	    is(r[0].cells[4].pred, r[0].cells[4].plen, "c"));
	/* group x: a->a a->a b->a c->(none): a tp 2 fp 1; b fn 1; c fn 1. */
	test_cond("label: group x", is(r[1].by, r[1].bylen, "x") && r[1].n == 4 && r[1].skipped == 0 &&
	    near(r[1].accuracy, 0.5) && r[1].nclass == 3);
	a = cls(&r[1], "a");
	test_cond("label: group x a", a && near(a->precision, 2.0 / 3) && near(a->recall, 1));
	/* group y: a->b b->b c->c, skipped 1. */
	test_cond("label: group y", is(r[2].by, r[2].bylen, "y") && r[2].n == 3 && r[2].skipped == 1 &&
	    near(r[2].accuracy, 2.0 / 3));
	test_cond("label: group y cells", r[2].ncell == 3);
	rv_metrics_free(m);
}

/* --classes a,b averages over a and b only; x (predicted, not listed)
 * still counts as wrong. --map renames before scoring. */
static void
test_classes_map(void)
{
	struct rv_metrics *m = rv_metrics_new(RV_METRICS_LABEL);
	struct rv_metrics_report *r;
	size_t n;

	test_cond("classes: set", rv_metrics_set_classes(m, "b, a") == 0);
	test_cond("map: set", rv_metrics_set_map(m, "0=a,1=b") == 0);
	add(m, NULL, "0", "a");	/* a a */
	add(m, NULL, "1", "1");		/* b b */
	add(m, NULL, "1", "x");		/* b x */
	add(m, NULL, "0", "b");		/* a b */
	rv_metrics_report(m, &r, &n);
	test_cond("classes: one report", n == 1);
	test_cond("classes: in given order", r[0].nclass == 2 && r[0].cls[0].name[0] == 'b' &&
	    r[0].cls[1].name[0] == 'a');
	/* a: tp 1 fn 1 fp 0 -> P 1 R .5 F 2/3; b: tp 1 fn 1 fp 1 -> .5 .5 .5 */
	test_cond("classes: accuracy", near(r[0].accuracy, 0.5));
	test_cond("classes: macro F1", near(r[0].macro_f1, (2.0 / 3 + 0.5) / 2));
	test_cond("classes: x in confusion", r[0].ncell == 4);
	test_cond("classes: duplicate", rv_metrics_set_classes(m, "a,a") == -2);
	test_cond("classes: empty", rv_metrics_set_classes(m, " , ") == -2);
	test_cond("map: malformed", rv_metrics_set_map(m, "a") == -2 && rv_metrics_set_map(m, "=b") == -2);
	test_cond("map: OLD twice", rv_metrics_set_map(m, "7=neg,7=pos") == -2);
	rv_metrics_free(m);

	/* A listed class with no gold and no prediction is left out: it
	 * does not lower the macro mean (issue 12: 0.61 at accuracy 0.907). */
	m = rv_metrics_new(RV_METRICS_LABEL);
	rv_metrics_set_classes(m, "a,z");
	add(m, NULL, "a", "a");
	rv_metrics_report(m, &r, &n);
	test_cond("classes: unseen class left out", r[0].nclass == 1 && near(r[0].macro_f1, 1.0) &&
	    r[0].cls[0].name[0] == 'a');
	rv_metrics_free(m);
	/* Only predicted (or only gold) is still a class: it scores 0. */
	m = rv_metrics_new(RV_METRICS_LABEL);
	rv_metrics_set_classes(m, "a,z");
	add(m, NULL, "a", "a");
	add(m, NULL, "a", "z");
	rv_metrics_report(m, &r, &n);
	test_cond("classes: predicted-only class kept", r[0].nclass == 2 &&
	    near(r[0].macro_f1, (2.0 / 3 + 0) / 2));
	rv_metrics_free(m);
	m = rv_metrics_new(RV_METRICS_MULTI);
	rv_metrics_set_classes(m, "a,z");
	add(m, NULL, "a", "a");
	rv_metrics_report(m, &r, &n);
	test_cond("classes: multi unseen class left out", r[0].nclass == 1 &&
	    near(r[0].macro_f1, 1.0));
	rv_metrics_free(m);

	/* keep_empty: the empty gold is a class of its own. */
	m = rv_metrics_new(RV_METRICS_LABEL);
	rv_metrics_keep_empty(m, 1);
	test_cond("keep empty: scored", add(m, NULL, "", "a") == RV_METRICS_OK);
	add(m, NULL, "a", "a");
	rv_metrics_report(m, &r, &n);
	test_cond("keep empty: counted", r[0].n == 2 && r[0].skipped == 0 && r[0].nclass == 2 &&
	    r[0].cls[0].len == 0 && r[0].cls[0].fn == 1);
	rv_metrics_free(m);
}

/* rows (gold | pred):  a,b | a     a | a, b     c | c     b,a | a,b,a
 * a: tp 3; b: tp 1 fp 1 fn 1; c: tp 1. exact 2/4; Jaccard (1/2+1/2+1+1)/4.
 * micro: tp 5 fp 1 fn 1 -> 5/6. macro F1 (1 + 1/2 + 1) / 3. */
static void
test_multi(void)
{
	struct rv_metrics *m = rv_metrics_new(RV_METRICS_MULTI);
	struct rv_metrics_report *r;
	size_t n;
	const struct rv_class_stat *b;

	add(m, NULL, "a,b", "a");
	add(m, NULL, "a", "a, b");
	add(m, NULL, "c", "c");
	add(m, NULL, "b,a", "a,b,a");
	test_cond("multi: empty gold skipped", add(m, NULL, "", "a") == RV_METRICS_SKIPPED);
	rv_metrics_report(m, &r, &n);
	test_cond("multi: n", r[0].n == 4 && r[0].skipped == 1);
	test_cond("multi: exact", near(r[0].accuracy, 0.5));
	test_cond("multi: jaccard", near(r[0].jaccard, 0.75));
	test_cond("multi: micro", near(r[0].micro_p, 5.0 / 6) && near(r[0].micro_r, 5.0 / 6) &&
	    near(r[0].micro_f1, 5.0 / 6));
	test_cond("multi: macro F1", near(r[0].macro_f1, 2.5 / 3));
	b = cls(&r[0], "b");
	test_cond("multi: b", b && b->tp == 1 && b->fp == 1 && b->fn == 1 && near(b->f1, 0.5));
	test_cond("multi: a", cls(&r[0], "a") && cls(&r[0], "a")->tp == 3 && cls(&r[0], "a")->fp == 0);
	test_cond("multi: no cells", r[0].ncell == 0);
	/* an empty prediction is the empty set: all fn. */
	add(m, NULL, "c", "");
	rv_metrics_report(m, &r, &n);
	test_cond("multi: empty pred", r[0].n == 5 && cls(&r[0], "c")->fn == 1 &&
	    near(r[0].jaccard, 3.0 / 5));
	rv_metrics_free(m);

	/* keep_empty: both empty sets match exactly, Jaccard 1. */
	m = rv_metrics_new(RV_METRICS_MULTI);
	rv_metrics_keep_empty(m, 1);
	add(m, NULL, "", "");
	add(m, NULL, "", "a");
	rv_metrics_report(m, &r, &n);
	test_cond("multi keep empty", r[0].n == 2 && near(r[0].accuracy, 0.5) && near(r[0].jaccard, 0.5) &&
	    r[0].nclass == 1 && r[0].cls[0].fp == 1 && near(r[0].micro_p, 0));
	rv_metrics_free(m);
}

/* gold 1 2 3, pred 2 2 4: errors 1 0 1 -> MAE 2/3, RMSE sqrt(2/3), bias 2/3;
 * r = cov / sd sd = 2 / sqrt(2 * 24/9). */
static void
test_numeric(void)
{
	struct rv_metrics *m = rv_metrics_new(RV_METRICS_NUMERIC);
	struct rv_metrics_report *r;
	size_t n;

	add(m, "g", "1", "2");
	add(m, "g", "2", "2");
	add(m, "h", "3", "4");
	test_cond("numeric: bad gold", add(m, NULL, "x", "1") == RV_METRICS_EGOLD);
	test_cond("numeric: bad pred", add(m, NULL, "1", "") == RV_METRICS_EPRED);
	rv_metrics_report(m, &r, &n);
	test_cond("numeric: n", n == 3 && r[0].n == 3);
	test_cond("numeric: mae", near(r[0].mae, 2.0 / 3));
	test_cond("numeric: rmse", near(r[0].rmse, sqrt(2.0 / 3)));
	test_cond("numeric: bias", near(r[0].bias, 2.0 / 3));
	test_cond("numeric: pearson", near(r[0].pearson, 2.0 / sqrt(2 * 24.0 / 9)));
	test_cond("numeric: group h undefined r", r[2].n == 1 && isnan(r[2].pearson) && near(r[2].mae, 1));
	rv_metrics_free(m);
}

/* Many groups and labels: tables grow without losing counts. */
static void
test_grow(void)
{
	struct rv_metrics *m = rv_metrics_new(RV_METRICS_LABEL);
	struct rv_metrics_report *r;
	size_t n, i;
	char g[16], p[16], by[16];
	unsigned long sum = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(g, sizeof(g), "%zu", i % 97);
		snprintf(p, sizeof(p), "%zu", i % 89);
		snprintf(by, sizeof(by), "%zu", i % 31);
		add(m, by, g, p);
	}
	rv_metrics_report(m, &r, &n);
	test_cond("grow: groups", n == 32 && r[0].n == 5000);
	for (i = 0; i < r[0].ncell; i++)
		sum += r[0].cells[i].n;
	test_cond("grow: cells sum to n", sum == 5000);
	test_cond("grow: groups sorted", is(r[1].by, r[1].bylen, "0") && is(r[2].by, r[2].bylen, "1") &&
	    is(r[3].by, r[3].bylen, "10"));
	rv_metrics_free(m);
}

int
main(void)
{
	test_label();
	test_classes_map();
	test_multi();
	test_numeric();
	test_grow();
	return test_report();
}
