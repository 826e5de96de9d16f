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

/* Prefix sums of weights and weighted moments of positions 0..k-1 in
 * six runs of k + 1 doubles at all (whose first elements are 0). */
static void
sums_fill(struct sums *s, double *all, const double *w, const double *y, size_t k)
{
	size_t i;

	s->w = all, s->wx = all + (k + 1), s->wxx = all + 2 * (k + 1);
	s->wy = all + 3 * (k + 1), s->wxy = all + 4 * (k + 1), s->wyy = all + 5 * (k + 1);
	for (i = 0; i < k; i++) {
		double x = (double)i;
		s->w[i + 1] = s->w[i] + w[i];
		s->wx[i + 1] = s->wx[i] + w[i] * x;
		s->wxx[i + 1] = s->wxx[i] + w[i] * x * x;
		s->wy[i + 1] = s->wy[i] + w[i] * y[i];
		s->wxy[i + 1] = s->wxy[i] + w[i] * x * y[i];
		s->wyy[i + 1] = s->wyy[i] + w[i] * y[i] * y[i];
	}
}

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

/* Weights: o->w, or n / sigma2. Returns a malloc'd array or NULL. */
static double *
weights(const double *n, size_t k, const struct rv_cp_opts *o)
{
	double *w = malloc((k + 1) * sizeof(double));
	size_t i;

	for (i = 0; w != NULL && i < k; i++)
		w[i] = o->w ? o->w[i] : n[i] / o->sigma2;
	return w;
}

/* Optimal partitioning of the weighted curve; no segment spans a forced
 * cut (forced[i]: a segment starts at i, and not hinged). Two states per
 * end position: the last segment flat (0) or a ramp (1), since a plateau
 * may be hinged on a ramp's last position (the ramp levels off) but not
 * on a flat's. Segment kinds: 0 flat, 1 ramp, 2 hinged ramp, 3 hinged
 * plateau. */
enum { K_FLAT, K_RAMP, K_HRAMP, K_HFLAT };

static int
dp(const double *w, const double *y, size_t k, const struct rv_cp_opts *o,
    const unsigned char *forced, struct rv_cp_result *res)
{
	struct sums s;
	struct moments m;
	double *F[2], *all, base, c, lin, v, hflat;
	size_t *from[2], t, u, i, nseg, lastcut = 0;
	int *kind[2], *fst[2], bs, st, kd;
	size_t minlin = o->min_linear < 3 ? 3 : o->min_linear;

	all = calloc(8 * (k + 1), sizeof(double));
	from[0] = calloc(2 * (k + 1), sizeof(size_t));
	kind[0] = calloc(4 * (k + 1), sizeof(int));
	if (all == NULL || from[0] == NULL || kind[0] == NULL) {
		free(all), free(from[0]), free(kind[0]);
		return -1;
	}
	from[1] = from[0] + (k + 1);
	kind[1] = kind[0] + (k + 1), fst[0] = kind[0] + 2 * (k + 1), fst[1] = kind[0] + 3 * (k + 1);
	sums_fill(&s, all, w, y, k);
	F[0] = all + 6 * (k + 1), F[1] = all + 7 * (k + 1);
	F[0][0] = -o->pen;
	F[1][0] = INFINITY;
	for (t = 1; t <= k; t++) {
		F[0][t] = F[1][t] = INFINITY;
		if (forced[t - 1])
			lastcut = t - 1;
		for (u = lastcut; u < t; u++) {
			/* Strict '<' keeps the earliest cut and the flat fit on ties. */
#define TRY(S, V, KD, FS) do { v = (V); if (v < F[S][t] - 1e-9) \
	F[S][t] = v, from[S][t] = u, kind[S][t] = (KD), fst[S][t] = (FS); } while (0)
			bs = F[1][u] < F[0][u] - 1e-9;
			base = F[bs][u];
			range(&s, u, t, &m);
			c = cost(&m, t - u, minlin, &lin);
			TRY(0, base + c + o->pen, K_FLAT, bs);
			TRY(1, base + lin + o->pen + o->pen_slope, K_RAMP, bs);
			if (u == 0 || !(o->hinge_pen > 0) || forced[u])
				continue;
			/* Hinged: also fitted on the previous segment's last
			 * position, so the curve bends there without a jump. */
			range(&s, u - 1, t, &m);
			hflat = cost(&m, t - u + 1, 0, &lin);
			if (t - u >= minlin)
				TRY(1, base + lin + o->hinge_pen, K_HRAMP, bs);
			if (F[1][u] < INFINITY)
				TRY(0, F[1][u] + hflat + o->hinge_pen, K_HFLAT, 1);
#undef TRY
		}
	}
	st = F[1][k] < F[0][k] - 1e-9;
	nseg = 0;
	for (t = k, i = (size_t)st; t > 0;) {
		u = from[i][t];
		i = (size_t)fst[i][t];
		t = u;
		nseg++;
	}
	res->nseg = nseg;
	for (t = k, i = nseg; t > 0;) {
		u = from[st][t];
		kd = kind[st][t];
		i--;
		range(&s, u - (kd == K_HRAMP || kd == K_HFLAT), t, &m);
		fill_seg(&res->seg[i], &m, u, t, kd == K_RAMP || kd == K_HRAMP);
		res->seg[i].hinged = kd == K_HRAMP || kd == K_HFLAT;
		st = fst[st][t];
		t = u;
	}
	free(all), free(from[0]), free(kind[0]);
	return 0;
}

/* Weighted residual sum of squares of a flat fit of y[a..b). */
static double
flat_rss(const double *w, const double *y, size_t a, size_t b)
{
	double W = 0, S = 0, Q = 0;
	size_t i;

	for (i = a; i < b; i++)
		W += w[i], S += w[i] * y[i], Q += w[i] * y[i] * y[i];
	return W > 0 && Q - S * S / W > 0 ? Q - S * S / W : 0;
}

/* Add sign * the coefficients of segment g's fit at x (a linear function
 * of the position estimates it was fitted on) to c. */
static void
fit_coef(const struct rv_cp_seg *g, const double *w, double x, double sign, double *c)
{
	size_t i;

	if (g->W <= 0)
		return;
	for (i = g->a - (size_t)g->hinged; i < g->b; i++)
		c[i] += sign * w[i] * (1 / g->W + (g->linear && g->Sxx > 0 ?
		    ((double)i - g->xbar) * (x - g->xbar) / g->Sxx : 0));
}

/* Variance of sum c[i] y[i]: with the covariance, or the weights. */
static double
contrast_var(const double *c, const double *w, size_t k, const struct rv_cp_opts *o)
{
	double v = 0;
	size_t i, j;

	for (i = 0; i < k; i++) {
		if (c[i] == 0)
			continue;
		if (o->cov == NULL) {
			v += w[i] > 0 ? c[i] * c[i] / w[i] : 0;
			continue;
		}
		for (j = 0; j < k; j++)
			v += c[i] * c[j] * o->cov[i * k + j];
	}
	return v > 0 ? v : 0;
}

/* Is ramp g a trend: its slope significant (p < alpha) and its change
 * at least min_delta? c is scratch of k. */
static int
is_trend(const struct rv_cp_seg *g, const double *w, size_t k, const struct rv_cp_opts *o,
    double *c)
{
	size_t i, a = g->a - (size_t)g->hinged;
	double se, p;

	if (!g->linear || g->Sxx <= 0)
		return 0;
	/* The slope is the fit at x + 1 minus the fit at x. */
	for (i = 0; i < k; i++)
		c[i] = 0;
	fit_coef(g, w, g->xbar + 1, 1, c);
	fit_coef(g, w, g->xbar, -1, c);
	se = sqrt(contrast_var(c, w, k, o));
	p = se > 0 ? rv_cps_p2(g->slope / se, o->df) : (g->slope != 0 ? 0 : 1);
	return p < o->alpha && fabs(g->slope * (double)(g->b - 1 - a)) >= o->min_delta;
}

/* Ramp or step? Over each ramp's positions, the ramp (a level and a
 * slope) against the best step (two levels and where the step is). A
 * ramp that would be reported as a trend claims a gradual change, so it
 * is kept only when it fits better than every step: the step wins when
 * it leaves smaller weighted residuals (one change at one place is the
 * simpler claim). A ramp too weak to be a trend is cut only when the
 * step lowers the residuals by more than ramp_pen, a penalty for its
 * extra parameter, so that noise is not turned into a breakpoint.
 * Returns the position of the step with the largest margin (0: every
 * ramp is a ramp). c is scratch of k. */
static size_t
step_in_ramp(const double *w, const double *y, size_t k, const struct rv_cp_opts *o,
    const struct rv_cp_result *res, double *c)
{
	size_t j, i, at = 0, lo;
	double best = 0, rss, r, gain, pen;

	for (j = 0; j < res->nseg; j++) {
		const struct rv_cp_seg *g = &res->seg[j];
		if (!g->linear)
			continue;
		pen = is_trend(g, w, k, o, c) ? 0 : o->ramp_pen;
		lo = g->a - (size_t)g->hinged;
		for (rss = 0, i = lo; i < g->b; i++) {
			r = y[i] - rv_cp_fit(g, (double)i);
			rss += w[i] * r * r;
		}
		for (i = lo + 1; i < g->b; i++) {
			gain = rss - flat_rss(w, y, lo, i) - flat_rss(w, y, i, g->b) - pen;
			if (gain > best)
				best = gain, at = i;
		}
	}
	return at;
}

int
rv_cp_segment(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    struct rv_cp_result *res)
{
	unsigned char *forced;
	double *w, *c;
	size_t it, at;
	int rc = -1;

	res->nseg = 0;
	if (k == 0)
		return 0;
	w = weights(n, k, o);
	forced = calloc(k + 1, 1);
	c = calloc(k + 1, sizeof(double));
	if (w == NULL || forced == NULL || c == NULL)
		goto out;
	for (it = 0; it < k; it++) {
		if (dp(w, y, k, o, forced, res) < 0)
			goto out;
		if (!(o->ramp_pen > 0))
			break;
		/* A ramp that fits worse than a step: cut there, search again. */
		if ((at = step_in_ramp(w, y, k, o, res, c)) == 0 || forced[at])
			break;
		forced[at] = 1;
	}
	rc = 0;
out:
	free(w), free(forced), free(c);
	return rc;
}

double
rv_cp_fit(const struct rv_cp_seg *g, double x)
{
	return g->mean + (g->linear ? g->slope * (x - g->xbar) : 0);
}

static void
jump_of(const double *w, size_t k, const struct rv_cp_opts *o, const struct rv_cp_result *res,
    size_t j, double *c, double *jump, double *se)
{
	const struct rv_cp_seg *A = &res->seg[j - 1], *B = &res->seg[j];
	double xa = (double)(A->b - 1), xb = B->hinged ? xa : (double)B->a;
	size_t i;

	for (i = 0; i < k; i++)
		c[i] = 0;
	fit_coef(B, w, xb, 1, c);
	fit_coef(A, w, xa, -1, c);
	*jump = rv_cp_fit(B, xb) - rv_cp_fit(A, xa);
	*se = sqrt(contrast_var(c, w, k, o));
}

int
rv_cp_jump(const double *n, size_t k, const struct rv_cp_opts *o,
    const struct rv_cp_result *res, size_t j, double *jump, double *se)
{
	double *w = weights(n, k, o), *c = calloc(k + 1, sizeof(double));

	if (w == NULL || c == NULL) {
		free(w), free(c);
		return -1;
	}
	jump_of(w, k, o, res, j, c, jump, se);
	free(w), free(c);
	return 0;
}

/* Degrees of freedom of the test of the boundary that starts segment j:
 * o->df; with o->thin_df and a normal test (o->df <= 0, the variances
 * come from a fitted noise model), Student t on the values of the
 * thinner side minus 1: a level resting on a handful of values is not
 * trusted to be normal, whatever the model says. */
static double
jump_df(const double *n, const struct rv_cp_opts *o, const struct rv_cp_result *res, size_t j)
{
	const struct rv_cp_seg *A = &res->seg[j - 1], *B = &res->seg[j];
	double na = 0, nb = 0;
	size_t i;

	if (!o->thin_df || n == NULL || o->df > 0)
		return o->df;
	for (i = A->a; i < A->b; i++)
		na += n[i];
	for (i = B->a - (size_t)B->hinged; i < B->b; i++)
		nb += n[i];
	if (nb < na)
		na = nb;
	return na - 1 < 1 ? 1 : na - 1;
}

int
rv_cp_decide(const double *n, size_t k, const struct rv_cp_opts *o, struct rv_cp_result *res)
{
	double *gp = NULL, *gq = NULL, *w, *c, jump, se;
	size_t i, j;
	int rc = -1;

	w = weights(n, k, o);
	c = calloc(k + 1, sizeof(double));
	if (w == NULL || c == NULL)
		goto out;
	for (i = 0; i < k; i++) {
		res->q[i] = NAN;
		res->brk[i] = 0;
		res->trend[i] = 0;
		res->jump[i] = NAN;
	}
	for (j = 1; j < res->nseg; j++) {
		i = res->seg[j].a;
		jump_of(w, k, o, res, j, c, &jump, &se);
		res->jump[i] = jump;
		if (isnan(res->p[i]))
			res->p[i] = se > 0 ? rv_cps_p2(jump / se, jump_df(n, o, res, j)) :
			    (jump != 0 ? 0 : 1);
	}
	if (k < 2) {
		rc = 0;
		goto out;
	}
	gp = malloc((k - 1) * sizeof(double));
	gq = malloc((k - 1) * sizeof(double));
	if (gp == NULL || gq == NULL)
		goto out;
	/* Gaps without a boundary count as tests with p = 1: the family is
	 * every place a step could have been, as a scan statistic needs. */
	for (i = 1; i < k; i++)
		gp[i - 1] = isnan(res->p[i]) ? 1 : res->p[i];
	if (rv_stats_bh(gp, k - 1, k - 1, gq) < 0)
		goto out;
	for (j = 1; j < res->nseg; j++) {
		i = res->seg[j].a;
		res->q[i] = gq[i - 1];
		if (res->q[i] < o->alpha && fabs(res->jump[i]) >= o->min_delta &&
		    (o->pstep == NULL || o->pstep[i] > o->bma_thr))
			res->brk[i] = res->jump[i] < 0 ? -1 : 1;
	}
	for (j = 0; j < res->nseg; j++) {
		const struct rv_cp_seg *g = &res->seg[j];
		if (!is_trend(g, w, k, o, c))
			continue;
		for (i = g->a - (size_t)g->hinged; i < g->b; i++)
			res->trend[i] = g->slope < 0 ? -1 : 1;
	}
	rc = 0;
out:
	free(gp), free(gq), free(w), free(c);
	return rc;
}

double
rv_cp_excess(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    const struct rv_cp_result *res)
{
	double Q = 0, W = 0, W2 = 0, df = (double)k, *w = weights(n, k, o), r, tau2;
	size_t i, j;

	if (w == NULL)
		return 0;
	for (j = 0; j < res->nseg; j++) {
		const struct rv_cp_seg *g = &res->seg[j];
		df -= g->linear && !g->hinged ? 2 : 1;
		for (i = g->a; i < g->b; i++) {
			r = y[i] - rv_cp_fit(g, (double)i);
			Q += w[i] * r * r, W += w[i], W2 += w[i] * w[i];
		}
	}
	free(w);
	if (df < 1 || Q <= df || W <= 0 || W - W2 / W <= 0)
		return 0;
	tau2 = (Q - df) / (W - W2 / W);
	return tau2 > 0 ? tau2 : 0;
}

/* ---- Bayesian model averaging over every segmentation ---- */

double
rv_cp_big(double mu, double sd, double md)
{
	return 0.5 * (erfc((md - mu) / (sd * M_SQRT2)) + erfc((md + mu) / (sd * M_SQRT2)));
}

/* Parameter kinds of a model's design: the first level (flat prior),
 * a jump at a segment start, a ramp's slope. */
enum { P_LEVEL, P_JUMP, P_SLOPE };

struct bma {
	size_t k;
	const double *y, *w;	/* estimates and their weights (1 / variance) */
	double vj, vs, v0;	/* prior variances of a jump, a slope, the first level */
	double pj, ps;		/* prior cost of a jump, a slope (chi-square units) */
	double *coef;		/* [k][2k]: position x's fit as a combination of the parameters */
	int kind[2 * RV_CP_BMA_MAXK + 2];
	size_t ppos[2 * RV_CP_BMA_MAXK + 2];	/* the position a jump leads into */
	size_t np;
	double md;		/* smallest jump that counts (o->min_delta) */
	struct rv_cp_seg segs[RV_CP_BMA_MAXK];
	int skind[RV_CP_BMA_MAXK];
	size_t nseg;
	double M[(2 * RV_CP_BMA_MAXK + 2) * (2 * RV_CP_BMA_MAXK + 2)], b[2 * RV_CP_BMA_MAXK + 2];
	/* pass 1: the marginal probability of a jump at each gap */
	double cmin, Z, pj_sum[RV_CP_BMA_MAXK];
	/* pass 2: the best model with exactly the chosen jumps */
	unsigned want;
	double best;
	struct rv_cp_seg bsegs[RV_CP_BMA_MAXK];
	int bkind[RV_CP_BMA_MAXK];
	size_t bnseg;
	int pass;
};

/* -2 log of the marginal likelihood (up to a constant shared by every
 * model) plus the model's prior cost: y ~ N(X beta, diag(1/w)), beta ~
 * N(0, D); by Woodbury, y' C^-1 y + log det C = const - b' A^-1 b +
 * log det A + log det D with A = D^-1 + X' W X, b = X' W y. */
static double
bma_cost(struct bma *B)
{
	size_t p = B->np, i, j, x, P = 2 * RV_CP_BMA_MAXK + 2;
	double *A = B->M, *b = B->b, c = 0, s, ld = 0, d;

	for (i = 0; i < p; i++) {
		d = B->kind[i] == P_LEVEL ? B->v0 : B->kind[i] == P_JUMP ? B->vj : B->vs;
		ld += log(d);
		c += B->kind[i] == P_JUMP ? B->pj : B->kind[i] == P_SLOPE ? B->ps : 0;
		for (j = 0; j <= i; j++) {
			for (s = 0, x = 0; x < B->k; x++)
				s += B->w[x] * B->coef[x * P + i] * B->coef[x * P + j];
			A[i * P + j] = s + (i == j ? 1 / d : 0);
		}
		for (s = 0, x = 0; x < B->k; x++)
			s += B->w[x] * B->coef[x * P + i] * B->y[x];
		b[i] = s;
	}
	/* Cholesky A = L L' in the lower triangle, then L z = b. */
	for (j = 0; j < p; j++) {
		for (s = A[j * P + j], i = 0; i < j; i++)
			s -= A[j * P + i] * A[j * P + i];
		if (!(s > 0))
			return INFINITY;
		A[j * P + j] = sqrt(s);
		ld += 2 * log(A[j * P + j]);
		for (i = j + 1; i < p; i++) {
			for (s = A[i * P + j], x = 0; x < j; x++)
				s -= A[i * P + x] * A[j * P + x];
			A[i * P + j] = s / A[j * P + j];
		}
	}
	for (i = 0; i < p; i++) {
		for (s = b[i], j = 0; j < i; j++)
			s -= A[i * P + j] * b[j];
		b[i] = s / A[i * P + i];
		c -= b[i] * b[i];
	}
	return c + ld;
}

static unsigned
bma_jumps(const struct bma *B)
{
	unsigned m = 0;
	size_t j;

	for (j = 1; j < B->nseg; j++)
		if (B->skind[j] == K_FLAT || B->skind[j] == K_RAMP)
			m |= 1u << B->segs[j].a;
	return m;
}

/* Add f times the posterior probability, in the model just costed, that
 * each of its jumps is at least md in size to pj_sum at the jump's
 * position. bma_cost left the Cholesky factor L of the posterior
 * precision A in B->M and z = L^-1 b in B->b: the posterior mean of the
 * parameters is L'^-1 z, and the variance of parameter j the squared
 * norm of L^-1 e_j. */
static void
bma_big_jumps(struct bma *B, double f)
{
	size_t p = B->np, P = 2 * RV_CP_BMA_MAXK + 2, i, j, x;
	double mu[2 * RV_CP_BMA_MAXK + 2], v[2 * RV_CP_BMA_MAXK + 2], s, var, sd;

	for (i = p; i-- > 0;) {
		for (s = B->b[i], x = i + 1; x < p; x++)
			s -= B->M[x * P + i] * mu[x];
		mu[i] = s / B->M[i * P + i];
	}
	for (j = 0; j < p; j++) {
		if (B->kind[j] != P_JUMP)
			continue;
		for (var = 0, i = j; i < p; i++) {
			for (s = i == j, x = j; x < i; x++)
				s -= B->M[i * P + x] * v[x];
			v[i] = s / B->M[i * P + i];
			var += v[i] * v[i];
		}
		sd = sqrt(var);
		B->pj_sum[B->ppos[j]] += f * (sd > 0 ? rv_cp_big(mu[j], sd, B->md) :
		    fabs(mu[j]) >= B->md);
	}
}

static void
bma_leaf(struct bma *B)
{
	double c = bma_cost(B), f;
	unsigned m = bma_jumps(B);
	size_t i;

	if (!(c < INFINITY))
		return;
	if (B->pass == 2) {
		if (m == B->want && c < B->best - 1e-9) {
			B->best = c;
			B->bnseg = B->nseg;
			for (i = 0; i < B->nseg; i++)
				B->bsegs[i] = B->segs[i], B->bkind[i] = B->skind[i];
		}
		return;
	}
	/* Running sums scaled to the smallest cost so far. */
	if (c < B->cmin) {
		f = B->cmin < INFINITY ? exp(-0.5 * (B->cmin - c)) : 0;
		B->Z *= f;
		for (i = 0; i < B->k; i++)
			B->pj_sum[i] *= f;
		B->cmin = c;
	}
	f = exp(-0.5 * (c - B->cmin));
	B->Z += f;
	if (!(B->md > 0)) {
		for (i = 1; i < B->k; i++)
			if (m & (1u << i))
				B->pj_sum[i] += f;
		return;
	}
	bma_big_jumps(B, f);
}

/* Every segmentation of [a, k): each segment flat or a ramp (at least
 * three positions), hinged or not, as in dp(). */
static void
bma_rec(struct bma *B, size_t a)
{
	size_t P = 2 * RV_CP_BMA_MAXK + 2, b, x, np0 = B->np, s = B->nseg, i;
	int kd, prev = s ? B->skind[s - 1] : -1;

	if (a == B->k) {
		bma_leaf(B);
		return;
	}
	for (b = a + 1; b <= B->k; b++) {
		for (kd = K_FLAT; kd <= K_HFLAT; kd++) {
			size_t len = b - a, pj = 0, ps = 0;
			if ((kd == K_RAMP || kd == K_HRAMP) && len < 3)
				continue;
			if ((kd == K_HRAMP || kd == K_HFLAT) && s == 0)
				continue;
			if (kd == K_HFLAT && prev != K_RAMP && prev != K_HRAMP)
				continue;
			B->np = np0;
			if (s > 0 && (kd == K_FLAT || kd == K_RAMP)) {
				pj = B->np;
				B->ppos[B->np] = a;
				B->kind[B->np++] = P_JUMP;
			}
			if (kd == K_RAMP || kd == K_HRAMP) {
				ps = B->np;
				B->kind[B->np++] = P_SLOPE;
			}
			for (x = a; x < b; x++) {
				double *r = B->coef + x * P;
				for (i = 0; i < P; i++)
					r[i] = s == 0 ? (i == 0) : B->coef[(a - 1) * P + i];
				if (s > 0 && (kd == K_FLAT || kd == K_RAMP))
					r[pj] += 1;
				if (kd == K_RAMP)
					r[ps] += (double)(x - a);
				else if (kd == K_HRAMP)
					r[ps] += (double)(x - a + 1);
			}
			B->segs[s].a = a;
			B->segs[s].b = b;
			B->skind[s] = kd;
			B->nseg = s + 1;
			bma_rec(B, b);
			B->nseg = s;
		}
	}
	B->np = np0;
}

int
rv_cp_bayes(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    struct rv_cp_result *res, double *pstep)
{
	struct bma *B;
	struct sums s;
	struct moments m;
	double *w, *all;
	size_t i, j, P = 2 * RV_CP_BMA_MAXK + 2;
	int kd;

	res->nseg = 0;
	if (k == 0)
		return 0;
	if (k > RV_CP_BMA_MAXK)
		return rv_cp_segment(n, y, k, o, res);
	w = weights(n, k, o);
	B = calloc(1, sizeof(*B));
	all = calloc(6 * (k + 1), sizeof(double));
	if (w == NULL || B == NULL || all == NULL || (B->coef = calloc(k * P, sizeof(double))) == NULL) {
		free(w), free(all);
		if (B)
			free(B->coef);
		free(B);
		return -1;
	}
	B->k = k;
	B->y = y;
	B->w = w;
	B->vj = o->bma_sj * o->bma_sj * o->sigma2;
	B->vs = o->bma_ss * o->bma_ss * o->sigma2;
	B->v0 = 1e4 * o->sigma2;
	B->pj = o->bma_pj;
	B->ps = o->bma_ps;
	B->md = o->min_delta;
	B->kind[0] = P_LEVEL;
	B->np = 1;
	B->cmin = INFINITY;
	B->pass = 1;
	bma_rec(B, 0);
	B->want = 0;
	for (i = 0; i < k; i++) {
		pstep[i] = i > 0 && B->Z > 0 ? B->pj_sum[i] / B->Z : 0;
		if (pstep[i] > o->bma_thr)
			B->want |= 1u << i;
	}
	B->pass = 2;
	B->best = INFINITY;
	B->np = 1;
	B->nseg = 0;
	bma_rec(B, 0);
	/* The chosen model's segments, each fitted on its own positions
	 * (a hinged one also on the position before it), as dp() does. */
	sums_fill(&s, all, w, y, k);
	res->nseg = B->bnseg;
	for (j = 0; j < B->bnseg; j++) {
		kd = B->bkind[j];
		range(&s, B->bsegs[j].a - (kd == K_HRAMP || kd == K_HFLAT), B->bsegs[j].b, &m);
		fill_seg(&res->seg[j], &m, B->bsegs[j].a, B->bsegs[j].b, kd == K_RAMP || kd == K_HRAMP);
		res->seg[j].hinged = kd == K_HRAMP || kd == K_HFLAT;
	}
	free(w), free(all), free(B->coef), free(B);
	return 0;
}
