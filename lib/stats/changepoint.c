/* changepoint.c - optimal partitioning of a weighted curve into flat
 * segments and ramps, and the tests that turn boundaries into
 * breakpoints. See changepoint.h for the model. */
#include "changepoint.h"

#include <math.h>
#include <stdlib.h>

#include "cpstats.h"
#include "stats.h"

/* Prefix sums of w, w*x, w*x^2, w*y, w*x*y, w*y^2 (x = position index). */
struct sums {
	double *w, *wx, *wxx, *wy, *wxy, *wyy;
};

struct moments {
	double W, Sx, Sxx, Sy, Sxy, Syy;
};

static void
range(const struct sums *s, size_t a, size_t b, struct moments *m)
{
	m->W = s->w[b] - s->w[a];
	m->Sx = s->wx[b] - s->wx[a];
	m->Sxx = s->wxx[b] - s->wxx[a];
	m->Sy = s->wy[b] - s->wy[a];
	m->Sxy = s->wxy[b] - s->wxy[a];
	m->Syy = s->wyy[b] - s->wyy[a];
}

/* Residual cost of the flat fit; *lin gets the ramp's (or INFINITY). */
static double
cost(const struct moments *m, size_t len, size_t min_linear, double *lin)
{
	double flat, cxx, cxy;

	*lin = INFINITY;
	if (m->W <= 0)
		return 0;
	flat = m->Syy - m->Sy * m->Sy / m->W;
	if (flat < 0)
		flat = 0;
	if (len >= min_linear) {
		cxx = m->Sxx - m->Sx * m->Sx / m->W;
		cxy = m->Sxy - m->Sx * m->Sy / m->W;
		if (cxx > 1e-12) {
			*lin = flat - cxy * cxy / cxx;
			if (*lin < 0)
				*lin = 0;
		}
	}
	return flat;
}

static void
fill_seg(struct rv_cp_seg *g, const struct moments *m, size_t a, size_t b, int linear)
{
	g->a = a;
	g->b = b;
	g->linear = linear;
	g->W = m->W;
	g->mean = m->W > 0 ? m->Sy / m->W : 0;
	g->xbar = m->W > 0 ? m->Sx / m->W : 0;
	g->Sxx = m->W > 0 ? m->Sxx - m->Sx * m->Sx / m->W : 0;
	g->slope = 0;
	if (linear && g->Sxx > 0)
		g->slope = (m->Sxy - m->Sx * m->Sy / m->W) / g->Sxx;
}

int
rv_cp_segment(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    struct rv_cp_result *res)
{
	struct sums s;
	struct moments m;
	double *F, *all, best, c, lin, v;
	size_t *from, t, u, i, nseg;
	int *kind, bk;
	size_t minlin = o->min_linear < 3 ? 3 : o->min_linear;

	res->nseg = 0;
	if (k == 0)
		return 0;
	all = calloc(6 * (k + 1) + (k + 1), sizeof(double));
	from = calloc(k + 1, sizeof(size_t));
	kind = calloc(k + 1, sizeof(int));
	if (all == NULL || from == NULL || kind == NULL) {
		free(all), free(from), free(kind);
		return -1;
	}
	s.w = all, s.wx = all + (k + 1), s.wxx = all + 2 * (k + 1);
	s.wy = all + 3 * (k + 1), s.wxy = all + 4 * (k + 1), s.wyy = all + 5 * (k + 1);
	F = all + 6 * (k + 1);
	for (i = 0; i < k; i++) {
		double w = n[i] / o->sigma2, x = (double)i;
		s.w[i + 1] = s.w[i] + w;
		s.wx[i + 1] = s.wx[i] + w * x;
		s.wxx[i + 1] = s.wxx[i] + w * x * x;
		s.wy[i + 1] = s.wy[i] + w * y[i];
		s.wxy[i + 1] = s.wxy[i] + w * x * y[i];
		s.wyy[i + 1] = s.wyy[i] + w * y[i] * y[i];
	}
	F[0] = -o->pen;
	for (t = 1; t <= k; t++) {
		best = INFINITY;
		bk = 0;
		for (u = 0; u < t; u++) {
			range(&s, u, t, &m);
			c = cost(&m, t - u, minlin, &lin);
			v = F[u] + c + o->pen;
			/* Strict '<' keeps the earliest cut and the flat fit on ties. */
			if (v < best - 1e-9)
				best = v, from[t] = u, bk = 0;
			v = F[u] + lin + o->pen + o->pen_slope;
			if (v < best - 1e-9)
				best = v, from[t] = u, bk = 1;
		}
		F[t] = best;
		kind[t] = bk;
	}
	nseg = 0;
	for (t = k; t > 0; t = from[t])
		nseg++;
	res->nseg = nseg;
	for (t = k, i = nseg; t > 0; t = from[t]) {
		i--;
		range(&s, from[t], t, &m);
		fill_seg(&res->seg[i], &m, from[t], t, kind[t]);
	}
	free(all), free(from), free(kind);
	return 0;
}

double
rv_cp_fit(const struct rv_cp_seg *g, double x)
{
	return g->mean + (g->linear ? g->slope * (x - g->xbar) : 0);
}

/* Variance of the fitted value at x (weights already include 1/sigma2). */
static double
fit_var(const struct rv_cp_seg *g, double x)
{
	double v = g->W > 0 ? 1 / g->W : INFINITY;

	if (g->linear && g->Sxx > 0)
		v += (x - g->xbar) * (x - g->xbar) / g->Sxx;
	return v;
}

void
rv_cp_jump(const struct rv_cp_result *res, size_t j, double sigma2, double *jump, double *se)
{
	const struct rv_cp_seg *A = &res->seg[j - 1], *B = &res->seg[j];
	double xa = (double)(A->b - 1), xb = (double)B->a;

	(void)sigma2;
	*jump = rv_cp_fit(B, xb) - rv_cp_fit(A, xa);
	*se = sqrt(fit_var(A, xa) + fit_var(B, xb));
}

int
rv_cp_decide(size_t k, const struct rv_cp_opts *o, struct rv_cp_result *res)
{
	double *gp, *gq, jump, se, slope_p, change;
	size_t i, j;

	for (i = 0; i < k; i++) {
		res->q[i] = NAN;
		res->brk[i] = 0;
		res->trend[i] = 0;
		res->jump[i] = NAN;
	}
	for (j = 1; j < res->nseg; j++) {
		i = res->seg[j].a;
		rv_cp_jump(res, j, o->sigma2, &jump, &se);
		res->jump[i] = jump;
		if (isnan(res->p[i]))
			res->p[i] = se > 0 ? rv_cps_p2(jump / se, o->df) : (jump != 0 ? 0 : 1);
	}
	if (k < 2)
		return 0;
	gp = malloc((k - 1) * sizeof(double));
	gq = malloc((k - 1) * sizeof(double));
	if (gp == NULL || gq == NULL) {
		free(gp), free(gq);
		return -1;
	}
	/* Gaps without a boundary count as tests with p = 1: the family is
	 * every place a step could have been, as a scan statistic needs. */
	for (i = 1; i < k; i++)
		gp[i - 1] = isnan(res->p[i]) ? 1 : res->p[i];
	if (rv_stats_bh(gp, k - 1, k - 1, gq) < 0) {
		free(gp), free(gq);
		return -1;
	}
	for (j = 1; j < res->nseg; j++) {
		i = res->seg[j].a;
		res->q[i] = gq[i - 1];
		if (res->q[i] < o->alpha && fabs(res->jump[i]) >= o->min_delta)
			res->brk[i] = res->jump[i] < 0 ? -1 : 1;
	}
	for (j = 0; j < res->nseg; j++) {
		const struct rv_cp_seg *g = &res->seg[j];
		if (!g->linear || g->Sxx <= 0)
			continue;
		slope_p = rv_cps_p2(g->slope * sqrt(g->Sxx), o->df);
		change = g->slope * (double)(g->b - 1 - g->a);
		if (slope_p < o->alpha && fabs(change) >= o->min_delta)
			for (i = g->a; i < g->b; i++)
				res->trend[i] = change < 0 ? -1 : 1;
	}
	free(gp), free(gq);
	return 0;
}
