/* changepoint.h - steps and ramps in a curve of position means.
 *
 * The curve is k positions with n[i] observations and mean y[i]; sigma2
 * is the pooled within-position variance, so position i weighs
 * w[i] = n[i] / sigma2 and costs are in chi-square units. The curve is
 * cut into segments, each flat (one mean) or, when at least min_linear
 * positions long, linear in the position index (a ramp), by exact
 * optimal partitioning (the search PELT prunes; k is small, so it is
 * done in full, O(k^2)): minimise the weighted residual sum of squares
 * plus pen for every segment and pen_slope more for every ramp. A ramp
 * may be hinged: fitted also on the previous segment's last position,
 * so that it bends away from the level before it without a jump (cost
 * hinge_pen); that is how a gradual change is told from a step.
 * A boundary is then a breakpoint when the jump between the fitted
 * values on its two sides is significant after Benjamini-Hochberg over
 * the k-1 gaps (q < alpha) and at least min_delta in size; a ramp is a
 * trend when its slope is significant and it changes by min_delta. */
#ifndef RV_CHANGEPOINT_H
#define RV_CHANGEPOINT_H

#include <stddef.h>

struct rv_cp_seg {
	size_t a, b;	/* positions [a, b) */
	int linear;	/* 1: ramp, fit = mean + slope * (x - xbar) */
	int hinged;	/* a ramp fitted on [a - 1, b): it starts from the
			 * previous segment's last position, a bend, not a jump */
	double mean, slope, xbar;
	double W, Sxx;	/* sum of weights; weighted sum of (x - xbar)^2 */
};

struct rv_cp_opts {
	double sigma2;		/* pooled within-position variance (> 0) */
	double df;		/* degrees of freedom of the tests (<= 0: normal) */
	double pen, pen_slope;	/* chi-square units */
	size_t min_linear;	/* shortest ramp (>= 3) */
	double alpha;		/* significance level */
	double min_delta;	/* smallest step or ramp change reported */
	const double *w;	/* [k] weights (1 / variance of each position's
				 * estimate), or NULL: n[i] / sigma2 */
	const double *cov;	/* [k * k] covariance of the position estimates
				 * (correlated when the same customers are seen
				 * at several positions), or NULL: diagonal 1/w */
	double hinge_pen;	/* penalty of a hinged ramp instead of pen + pen_slope
				 * (0: no hinged ramps) */
	double ramp_pen;	/* ramp or step: a step inside a ramp's positions
				 * that lowers the residuals by more than ramp_pen
				 * (by anything, when the ramp would be a trend)
				 * is cut and the search run again (0: off) */
	/* rv_cp_bayes: prior sd of a jump and of a slope per position, in
	 * units of sqrt(sigma2); prior cost (chi-square units) of each jump
	 * and each slope; a boundary is kept where the posterior
	 * probability of a jump exceeds bma_thr. */
	double bma_sj, bma_ss, bma_pj, bma_ps, bma_thr;
	const double *pstep;	/* [k] rv_cp_decide: with it, a breakpoint also
				 * needs pstep[i] > bma_thr */
	int thin_df;		/* with df <= 0 (normal tests): a jump is tested
				 * with Student t on the values of its thinner
				 * side minus 1 */
};

/* Per-position results (arrays of k, allocated by the caller). */
struct rv_cp_result {
	size_t nseg;
	struct rv_cp_seg *seg;	/* [k] capacity */
	double *jump;		/* [k] jump into position i at a boundary, else NAN */
	double *p;		/* [k] two-sided p of that jump, else NAN */
	double *q;		/* [k] BH q over the k-1 gaps, else NAN */
	int *brk;		/* [k] -1 drop, +1 rise, 0 none (first position at the new level) */
	int *trend;		/* [k] -1 down, +1 up, 0 none (positions inside a ramp) */
};

/* Cut the curve into segments (res->seg, res->nseg). Returns 0 or -1 on OOM. */
int rv_cp_segment(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    struct rv_cp_result *res);
/* The test of the boundary that starts segment j (j >= 1): jump = fit
 * of segment j at its first position minus fit of segment j-1 at its
 * last (a hinged ramp: both at the previous segment's last position, so
 * a bend is no jump); *se its standard error from o->cov or the weights.
 * Returns 0 or -1 on OOM. */
int rv_cp_jump(const double *n, size_t k, const struct rv_cp_opts *o,
    const struct rv_cp_result *res, size_t j, double *jump, double *se);
/* Fill jump/p for every boundary, unless p[i] is already set (not NAN),
 * then q, brk and trend (a ramp's slope tested the same way). Returns 0
 * or -1 on OOM. */
int rv_cp_decide(const double *n, size_t k, const struct rv_cp_opts *o, struct rv_cp_result *res);
/* Heterogeneity between positions beyond their sampling noise: the
 * DerSimonian-Laird moment estimate of an extra variance tau^2 of every
 * position's estimate, from the weighted residuals of the segments in res
 * (0 when they are no larger than the noise explains). */
double rv_cp_excess(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    const struct rv_cp_result *res);
/* Curves of at most this many positions are segmented by rv_cp_bayes. */
#define RV_CP_BMA_MAXK 10
/* Bayesian model averaging over every segmentation of the curve (the
 * segments and kinds dp() searches), for k <= RV_CP_BMA_MAXK (else
 * rv_cp_segment): the estimates are y ~ N(X beta, diag(1 / w)) with a
 * flat first level and every jump N(0, (bma_sj sd)^2), every slope
 * N(0, (bma_ss sd)^2) (sd = sqrt(sigma2)); each model weighs its marginal
 * likelihood times exp(-(bma_pj per jump + bma_ps per slope) / 2).
 * pstep[i] gets the posterior probability of a jump into position i
 * of at least min_delta in size (with min_delta 0, of any jump): in each
 * model the jump's posterior is normal, and the model adds its weight
 * times rv_cp_big() of that posterior; res->seg the most probable model
 * whose jumps are exactly the gaps with pstep > bma_thr (the median
 * probability model). Returns 0 or -1 on OOM. */
int rv_cp_bayes(const double *n, const double *y, size_t k, const struct rv_cp_opts *o,
    struct rv_cp_result *res, double *pstep);
/* P(|J| >= md) for J ~ N(mu, sd^2), sd > 0. */
double rv_cp_big(double mu, double sd, double md);
/* Fitted value of segment s at position x. */
double rv_cp_fit(const struct rv_cp_seg *s, double x);

#endif
