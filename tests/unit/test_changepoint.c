/* Unit tests: lib/stats/cpstats.c, lib/stats/changepoint.c, lib/tools/curve.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "cpstats.h"
#include "stats.h"
#include "curve.h"
#include "testhelp.h"

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* Run segmentation + decision on a curve with n obs per position. */
static struct rv_cp_result
run(const double *y, const double *n, size_t k, double sigma2)
{
	static struct rv_cp_seg seg[64];
	static double jump[64], p[64], q[64];
	static int brk[64], trend[64];
	struct rv_cp_result r = {0, seg, jump, p, q, brk, trend};
	struct rv_cp_opts o = {.sigma2 = sigma2, .df = 1000, .pen = 0, .pen_slope = 0, .min_linear = 3,
	    .alpha = 0.05, .min_delta = 0.1};
	double N = 0;
	size_t i;

	for (i = 0; i < k; i++)
		N += n[i];
	o.pen = o.pen_slope = log(N);
	rv_cp_segment(n, y, k, &o, &r);
	for (i = 0; i < k; i++)
		p[i] = NAN;
	rv_cp_decide(n, k, &o, &r);
	return r;
}

/* As run, with the options rv-curve uses: hinged ramps and plateaus,
 * the ramp-or-step check. */
static struct rv_cp_result
run_hinged(const double *y, const double *n, size_t k, double sigma2)
{
	static struct rv_cp_seg seg[64];
	static double jump[64], p[64], q[64];
	static int brk[64], trend[64];
	struct rv_cp_result r = {0, seg, jump, p, q, brk, trend};
	struct rv_cp_opts o = {.sigma2 = sigma2, .df = 1000, .min_linear = 3, .alpha = 0.05, .min_delta = 0.1};
	double N = 0;
	size_t i;

	for (i = 0; i < k; i++)
		N += n[i];
	o.pen = log(N);
	o.pen_slope = o.hinge_pen = 0.75 * o.pen;
	o.ramp_pen = o.pen;
	rv_cp_segment(n, y, k, &o, &r);
	for (i = 0; i < k; i++)
		p[i] = NAN;
	rv_cp_decide(n, k, &o, &r);
	return r;
}

static void
test_hinged(void)
{
	/* Flat, a ramp over 4 positions, flat again: bends, not jumps. */
	const double bend[10] = {0.3, 0.3, 0.3, 0.2, 0.1, 0.0, -0.1, -0.1, -0.1, -0.1};
	/* Two steps two positions apart: a staircase, not a ramp. */
	const double stairs[8] = {0.3, 0.3, 0.0, 0.0, 0.0, -0.3, -0.3, -0.3};
	const double n10[10] = {400, 400, 400, 400, 400, 400, 400, 400, 400, 400};
	struct rv_cp_result r;
	size_t i;
	int nb, nt;

	r = run_hinged(bend, n10, 10, 0.16);
	for (nb = nt = 0, i = 0; i < 10; i++)
		nb += r.brk[i] != 0, nt += r.trend[i] != 0;
	test_cond("bend: no breakpoint", nb == 0);
	test_cond("bend: trend down on the ramp", r.trend[3] == -1 && r.trend[5] == -1 && nt <= 6);
	test_cond("bend: flat after", r.trend[8] == 0 && r.trend[0] == 0);
	r = run_hinged(stairs, n10, 8, 0.16);
	test_cond("stairs: two drops", r.brk[2] == -1 && r.brk[5] == -1);
	for (nt = 0, i = 0; i < 8; i++)
		nt += r.trend[i] != 0;
	test_cond("stairs: no trend", nt == 0);
}

static void
test_stats(void)
{
	double q[5], lift, lo, hi;
	const double p[5] = {0.01, 0.04, 0.03, 0.5, 0.01};

	test_cond("norm cdf 0", near(rv_cps_norm_cdf(0), 0.5, 1e-15));
	test_cond("norm cdf 1.96", near(rv_cps_norm_cdf(1.959963984540054), 0.975, 1e-12));
	test_cond("norm quantile 0.975", near(rv_cps_norm_quantile(0.975), 1.959963984540054, 1e-9));
	test_cond("norm quantile 1e-6", near(rv_cps_norm_quantile(1e-6), -4.753424308822899, 1e-8));
	/* t(1) is Cauchy: CDF(1) = 3/4; t(10) 97.5% = 2.228139. */
	test_cond("t cdf df1", near(rv_cps_t_cdf(1, 1), 0.75, 1e-10));
	test_cond("t cdf df2", near(rv_cps_t_cdf(2, 2), 0.5 + 1 / sqrt(6.0) * 1, 1e-10));
	test_cond("t quantile df10", near(rv_cps_t_quantile(0.975, 10), 2.228138851986, 1e-8));
	test_cond("p2 symmetric", near(rv_cps_p2(-2, 5), rv_cps_p2(2, 5), 1e-15));
	test_cond("p2 of 0 is 1", rv_cps_p2(0, 5) == 1);
	/* BH by hand: sorted 0.01,0.01,0.03,0.04,0.5 -> 0.025,0.025,0.05,0.05,0.5 */
	rv_stats_bh(p, 5, 5, q);
	test_cond("bh q1", near(q[0], 0.025, 1e-15) && near(q[4], 0.025, 1e-15));
	test_cond("bh q mono", near(q[2], 0.05, 1e-15) && near(q[1], 0.05, 1e-15));
	test_cond("bh q last", near(q[3], 0.5, 1e-15));
	/* 20/100 vs 10/100: lift 2, Katz se = sqrt(1/20-1/100+1/10-1/100) */
	test_cond("ratio ci", rv_cps_ratio_ci(20, 100, 10, 100, 0.05, &lift, &lo, &hi) == 0 &&
	    near(lift, 2, 1e-12) &&
	    near(lo, 2 * exp(-1.959963984540054 * sqrt(0.13)), 1e-9) &&
	    near(hi, 2 * exp(1.959963984540054 * sqrt(0.13)), 1e-9));
	test_cond("ratio ci empty", rv_cps_ratio_ci(0, 0, 1, 10, 0.05, &lift, &lo, &hi) == -1);
}

static void
test_segments(void)
{
	/* A step down at position index 3 (0-based), exact. */
	const double step[6] = {0.4, 0.4, 0.4, 0.0, 0.0, 0.0};
	const double ramp[8] = {0.4, 0.3, 0.2, 0.1, 0.0, -0.1, -0.2, -0.3};
	const double flat[6] = {0.1, 0.11, 0.09, 0.1, 0.12, 0.1};
	const double weak[8] = {0.2, 0.2, 0.2, 0.2, 0.14, 0.14, 0.14, 0.14};
	const double n6[6] = {100, 100, 100, 100, 100, 100};
	const double n8[8] = {100, 100, 100, 100, 100, 100, 100, 100};
	const double big6[6] = {1e4, 1e4, 1e4, 1e4, 1e4, 1e4};
	struct rv_cp_result r;
	size_t i;
	int nb;

	r = run(step, n6, 6, 0.16);
	test_cond("step: two flat segments", r.nseg == 2 && !r.seg[0].linear && !r.seg[1].linear);
	test_cond("step: cut at index 3", r.seg[1].a == 3);
	test_cond("step: drop marked at 3 only", r.brk[3] == -1 && r.brk[0] == 0 && r.brk[1] == 0 &&
	    r.brk[2] == 0 && r.brk[4] == 0 && r.brk[5] == 0);
	test_cond("step: jump -0.4", near(r.jump[3], -0.4, 1e-12));
	/* z = 0.4 / sqrt(0.16/300 * 2) = 12.2: q tiny */
	test_cond("step: q small", r.q[3] < 1e-10 && isnan(r.q[2]));
	test_cond("step: no trend", r.trend[0] == 0 && r.trend[5] == 0);

	r = run(ramp, n8, 8, 0.16);
	test_cond("ramp: one linear segment", r.nseg == 1 && r.seg[0].linear);
	test_cond("ramp: slope -0.1", near(r.seg[0].slope, -0.1, 1e-12));
	for (nb = 0, i = 0; i < 8; i++)
		nb += r.brk[i] != 0;
	test_cond("ramp: no breakpoint", nb == 0);
	test_cond("ramp: trend down everywhere", r.trend[0] == -1 && r.trend[7] == -1);

	r = run(flat, n6, 6, 0.16);
	test_cond("noise: one flat segment", r.nseg == 1 && !r.seg[0].linear);
	for (nb = 0, i = 0; i < 6; i++)
		nb += r.brk[i] != 0 || r.trend[i] != 0;
	test_cond("noise: nothing marked", nb == 0);

	/* A weak step (0.06 with sd 0.4, 100 per position): adjacent
	 * positions differ by z = 1.06, the pooled sides by z = 2.1... */
	r = run(weak, n8, 8, 0.16);
	test_cond("weak step: below the penalty, not cut", r.nseg == 1);
	/* ...and with 100x the data it is found at the right place. */
	{
		const double nbig[8] = {1e4, 1e4, 1e4, 1e4, 1e4, 1e4, 1e4, 1e4};
		r = run(weak, nbig, 8, 0.16);
		test_cond("weak step, big n: cut at 4", r.nseg == 2 && r.seg[1].a == 4 && r.q[4] < 1e-6 && near(r.jump[4], -0.06, 1e-12));
	}
	/* Big n: a real but tiny step is cut, yet below min-delta (0.1). */
	{
		const double tiny[6] = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05};
		r = run(tiny, big6, 6, 0.16);
		test_cond("tiny step: boundary found", r.nseg == 2 && r.seg[1].a == 3);
		test_cond("tiny step: q significant", r.q[3] < 0.05);
		test_cond("tiny step: below min-delta, no breakpoint", r.brk[3] == 0);
	}
	/* A rise: the mark is on the first position at the new level. */
	{
		const double rise[5] = {-0.3, -0.3, 0.2, 0.2, 0.2};
		r = run(rise, n6, 5, 0.16);
		test_cond("rise at index 2", r.brk[2] == 1 && r.brk[1] == 0 && r.brk[3] == 0);
	}
}

/* A jump onto a handful of values under a normal test (df <= 0): with
 * thin_df, Student t on the thinner side's values minus 1. */
static void
test_thin(void)
{
	static struct rv_cp_seg seg[4];
	static double jump[4], p[4], q[4];
	static int brk[4], trend[4];
	struct rv_cp_result r = {0, seg, jump, p, q, brk, trend};
	struct rv_cp_opts o = {.sigma2 = 0.16, .df = 0, .pen = 1, .min_linear = 3,
	    .alpha = 0.05, .min_delta = 0.1};
	const double y[2] = {0, 0.5}, n[2] = {400, 3};
	double z = 0.5 / sqrt(0.16 / 400 + 0.16 / 3);

	rv_cp_segment(n, y, 2, &o, &r);
	test_cond("thin: cut", r.nseg == 2);
	p[0] = p[1] = NAN;
	rv_cp_decide(n, 2, &o, &r);
	test_cond("thin off: normal p", near(p[1], rv_cps_p2(z, 0), 1e-12) && brk[1] == 1);
	o.thin_df = 1;
	p[0] = p[1] = NAN;
	rv_cp_decide(n, 2, &o, &r);
	test_cond("thin on: t with 2 df", near(p[1], rv_cps_p2(z, 2), 1e-12) && p[1] > 0.1 &&
	    brk[1] == 0);
	o.df = 50;
	p[0] = p[1] = NAN;
	rv_cp_decide(n, 2, &o, &r);
	test_cond("thin with a t test: its own df", near(p[1], rv_cps_p2(z, 50), 1e-12));
}

static void
test_curve(void)
{
	struct rv_curve_opts o = {.conv = 0, .entities = 1, .outcome = 0, .order = NULL, .norder = 0,
	    .max_turns = 10, .alpha = 0.05, .min_delta = NAN, .pen = NAN, .drop_by = NAN, .sig = NULL};
	struct rv_curve *c = rv_curve_new(&o);
	static const char *st[3] = {"a", "b", "c"};
	int rc;

	test_cond("outcome yes", rv_curve_outcome("Yes", 3) == 1);
	test_cond("outcome 0", rv_curve_outcome("0", 1) == 0);
	test_cond("outcome 2.5", rv_curve_outcome("2.5", 3) == 1);
	test_cond("outcome empty", rv_curve_outcome(" ", 1) == -1);
	test_cond("outcome bad", rv_curve_outcome("maybe", 5) == -2);
	rc = rv_curve_add(c, "all", 3, st[0], 1, "x", 1, 2e9, -1);
	test_cond("value out of range", rc == RV_CURVE_ERANGE);
	rv_curve_free(c);
	{
		struct rv_field ord[2] = {{"a", 1}, {"b", 1}};
		o.order = ord, o.norder = 2;
		c = rv_curve_new(&o);
		test_cond("in order", rv_curve_add(c, "s", 1, "b", 1, "", 0, 0.5, -1) == 0);
		test_cond("not in order", rv_curve_add(c, "s", 1, "z", 1, "", 0, 0.5, -1) ==
		    RV_CURVE_EORDER);
		rv_curve_free(c);
	}
}

/* Bayesian model averaging (rv_cp_bayes) with rv-curve's settings. */
static struct rv_cp_result
run_bayes(const double *y, const double *n, size_t k, double sigma2, double *pstep)
{
	static struct rv_cp_seg seg[64];
	static double jump[64], p[64], q[64];
	static int brk[64], trend[64];
	struct rv_cp_result r = {0, seg, jump, p, q, brk, trend};
	struct rv_cp_opts o = {.sigma2 = sigma2, .df = 1000, .min_linear = 3, .alpha = 0.05,
	    .min_delta = 0.05, .bma_sj = 1, .bma_ss = 0.5, .bma_pj = 3, .bma_ps = 6, .bma_thr = 0.45};
	size_t i;

	test_cond("bayes: runs", rv_cp_bayes(n, y, k, &o, &r, pstep) == 0);
	for (i = 0; i < k; i++)
		p[i] = NAN;
	o.pstep = pstep;
	rv_cp_decide(n, k, &o, &r);
	return r;
}

static void
test_bayes(void)
{
	/* Two steps two positions apart, then a ramp and a flat end. */
	const double stairs[6] = {0.1, 0.1, 0.1, 0.3, 0.3, 0.0};
	const double ramp[6] = {0.0, 0.0, 0.1, 0.2, 0.3, 0.3};
	const double n6[6] = {200, 200, 200, 200, 200, 200};
	double ps[6];
	struct rv_cp_result r;
	size_t i;
	int nb, nt;

	r = run_bayes(stairs, n6, 6, 0.09, ps);
	test_cond("bayes stairs: jumps at 3 and 5", ps[3] > 0.9 && ps[5] > 0.9);
	test_cond("bayes stairs: none elsewhere", ps[0] == 0 && ps[1] < 0.2 && ps[2] < 0.2 && ps[4] < 0.2);
	test_cond("bayes stairs: rise and drop", r.brk[3] == 1 && r.brk[5] == -1);
	for (nt = 0, i = 0; i < 6; i++)
		nt += r.trend[i] != 0;
	test_cond("bayes stairs: no trend", nt == 0 && r.nseg == 3);
	r = run_bayes(ramp, n6, 6, 0.09, ps);
	for (nb = nt = 0, i = 0; i < 6; i++)
		nb += r.brk[i] != 0, nt += r.trend[i] != 0;
	test_cond("bayes ramp: no breakpoint", nb == 0);
	test_cond("bayes ramp: a trend up", r.trend[2] == 1 && r.trend[3] == 1 && nt >= 3);
}

/* The probability of a jump of at least min-delta (rv_cp_big) and its
 * use in model averaging: a jump the data leave no doubt about, but
 * smaller than min-delta, is not a breakpoint; one just above it counts
 * with about even odds. */
static void
test_big_jump(void)
{
	static struct rv_cp_seg seg[8];
	static double jump[8], p[8], q[8];
	static int brk[8], trend[8];
	struct rv_cp_result r = {0, seg, jump, p, q, brk, trend};
	const double y[6] = {0.10, 0.10, 0.10, 0.16, 0.16, 0.16};
	const double n[6] = {4000, 4000, 4000, 4000, 4000, 4000};
	struct rv_cp_opts o = {.sigma2 = 0.09, .df = 0, .min_linear = 3, .alpha = 0.05,
	    .bma_sj = 0.7, .bma_ss = 0.5, .bma_pj = 4, .bma_ps = 8, .bma_thr = 0.45};
	double ps[6];
	size_t i, hinged = 0;

	test_cond("big: no floor", fabs(rv_cp_big(0.2, 0.05, 0) - 1) < 1e-12);
	test_cond("big: at the floor, one half", fabs(rv_cp_big(0.1, 0.05, 0.1) - 0.5) < 1e-3);
	/* P(J >= 0.1) + P(J <= -0.1) for J ~ N(-0.05, 0.1^2): 0.0668 + 0.3085 */
	test_cond("big: both tails", fabs(rv_cp_big(-0.05, 0.1, 0.1) - 0.37534) < 1e-4);
	test_cond("big: symmetric", rv_cp_big(0.07, 0.02, 0.05) == rv_cp_big(-0.07, 0.02, 0.05));
	/* A jump of 0.06 at a standard error of about 0.0067 (z 9). */
	o.min_delta = 0;
	test_cond("big: bayes runs", rv_cp_bayes(n, y, 6, &o, &r, ps) == 0);
	test_cond("big: any jump, certain", ps[3] > 0.99);
	o.min_delta = 0.03;
	rv_cp_bayes(n, y, 6, &o, &r, ps);
	test_cond("big: over a floor of 0.03, certain", ps[3] > 0.99);
	o.min_delta = 0.06;
	rv_cp_bayes(n, y, 6, &o, &r, ps);
	test_cond("big: at a floor of 0.06, about even", ps[3] > 0.3 && ps[3] < 0.7);
	o.min_delta = 0.1;
	rv_cp_bayes(n, y, 6, &o, &r, ps);
	test_cond("big: under a floor of 0.1, none", ps[3] < 0.01);
	for (i = 1; i < r.nseg; i++)
		hinged += r.seg[i].hinged;
	test_cond("big: under a floor of 0.1, no jump in the model", hinged + 1 == r.nseg);
}

int
main(void)
{
	test_stats();
	test_segments();
	test_hinged();
	test_thin();
	test_bayes();
	test_big_jump();
	test_curve();
	return test_report();
}
