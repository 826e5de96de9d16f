/* changepoint.h - steps and ramps in a curve of position means.
 *
 * The curve is k positions with n[i] observations and mean y[i]; sigma2
 * is the pooled within-position variance, so position i weighs
 * w[i] = n[i] / sigma2 and costs are in chi-square units. The curve is
 * cut into segments, each flat (one mean) or, when at least min_linear
 * positions long, linear in the position index (a ramp), by exact
 * optimal partitioning (the search PELT prunes; k is small, so it is
 * done in full, O(k^2)): minimise the weighted residual sum of squares
 * plus pen for every segment and pen_slope more for every ramp.
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
/* The unpaired test of the boundary that starts segment j (j >= 1):
 * jump = fit of segment j at its first position minus fit of segment
 * j-1 at its last; *se its standard error. */
void rv_cp_jump(const struct rv_cp_result *res, size_t j, double sigma2, double *jump, double *se);
/* Fill jump/p for every boundary with the unpaired test, unless p[i] is
 * already set (not NAN: e.g. a paired test by the caller), then q, brk
 * and trend. Returns 0 or -1 on OOM. */
int rv_cp_decide(size_t k, const struct rv_cp_opts *o, struct rv_cp_result *res);
/* Fitted value of segment s at position x. */
double rv_cp_fit(const struct rv_cp_seg *s, double x);

#endif
