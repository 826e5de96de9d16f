/* test_stats.c - exact small cases for lib/stats/stats.c: binomial tails
 * against sums of exact binomial terms (computed with rational
 * arithmetic), normal tails against tabled values, BH by hand. */
#include <math.h>

#include "stats.h"
#include "testhelp.h"

/* Relative closeness: the tails matter down to tiny magnitudes. */
static int
close_rel(double got, double want, double tol)
{
	if (want == 0)
		return got == 0;
	return fabs(got - want) <= tol * fabs(want);
}

int
main(void)
{
	double q[6];

	/* P(X >= k), X ~ Bin(n, p). */
	test_cond("binom 3 of 5 at 1/2 = 16/32", close_rel(rv_stats_binom_sf(3, 5, 0.5), 0.5, 1e-12));
	test_cond("binom 5 of 5 at 1/2 = 1/32", close_rel(rv_stats_binom_sf(5, 5, 0.5), 1.0 / 32, 1e-12));
	test_cond("binom 1 of 10 at 0.1 = 1 - 0.9^10",
	    close_rel(rv_stats_binom_sf(1, 10, 0.1), 1 - pow(0.9, 10), 1e-12));
	test_cond("binom 2 of 10 at 0.1",
	    close_rel(rv_stats_binom_sf(2, 10, 0.1), 1 - pow(0.9, 10) - pow(0.9, 9), 1e-12));
	test_cond("binom 8 of 20 at 0.2", close_rel(rv_stats_binom_sf(8, 20, 0.2), 0.03214266308087517, 1e-10));
	test_cond("binom 30 of 1000 at 0.01",
	    close_rel(rv_stats_binom_sf(30, 1000, 0.01), 2.0599888509719576e-07, 1e-9));
	test_cond("binom 200 of 2000 at 0.05 (tiny tail, no cancellation)",
	    close_rel(rv_stats_binom_sf(200, 2000, 0.05), 6.42733709332756e-20, 1e-8));
	test_cond("binom k=0 is 1", rv_stats_binom_sf(0, 10, 0.3) == 1);
	test_cond("binom k>n is 0", rv_stats_binom_sf(11, 10, 0.3) == 0);
	test_cond("binom p=0, k>0 is 0", rv_stats_binom_sf(1, 10, 0) == 0);
	test_cond("binom cdf 10 of 50 at 0.3",
	    close_rel(rv_stats_binom_cdf(10, 50, 0.3), 0.07885062482305641, 1e-10));
	test_cond("binom cdf + sf = 1",
	    close_rel(rv_stats_binom_cdf(9, 20, 0.4) + rv_stats_binom_sf(10, 20, 0.4), 1, 1e-12));
	test_cond("ibeta symmetric I_.5(2,2) = .5", close_rel(rv_stats_ibeta(2, 2, 0.5), 0.5, 1e-12));
	test_cond("ibeta I_x(1,1) = x", close_rel(rv_stats_ibeta(1, 1, 0.3), 0.3, 1e-12));

	/* Normal tail. */
	test_cond("norm sf 0 = .5", close_rel(rv_stats_norm_sf(0), 0.5, 1e-15));
	test_cond("norm sf 1.96", close_rel(rv_stats_norm_sf(1.96), 0.024997895148220435, 1e-12));
	test_cond("norm sf 5", close_rel(rv_stats_norm_sf(5), 2.866515718791939e-07, 1e-10));
	test_cond("norm sf -1 = 1 - sf 1",
	    close_rel(rv_stats_norm_sf(-1), 1 - rv_stats_norm_sf(1), 1e-14));

	/* G statistics. */
	test_cond("g2 equal rates is 0", rv_stats_g2(10, 100, 20, 200) < 1e-12);
	/* 20/100 vs 10/100, computed with Python from the xlogx formula. */
	test_cond("g2 20/100 vs 10/100",
	    close_rel(rv_stats_g2(20, 100, 10, 100), 3.9865557364687447, 1e-12));
	test_cond("g1 k=np is 0", rv_stats_g1(5, 50, 0.1) < 1e-12);
	test_cond("g1 10 of 50 at 0.1",
	    close_rel(rv_stats_g1(10, 50, 0.1), 2 * (10 * log(2.0) + 40 * log(40.0 / 45)), 1e-12));

	/* Benjamini-Hochberg, by hand: sorted .005 .01 .03 .04, m = 4. */
	{
		double p[4] = {0.01, 0.04, 0.03, 0.005};
		rv_stats_bh(p, 4, 4, q);
		test_cond("bh q(.01) = .02", close_rel(q[0], 0.02, 1e-12));
		test_cond("bh q(.04) = .04", close_rel(q[1], 0.04, 1e-12));
		test_cond("bh q(.03) = .04", close_rel(q[2], 0.04, 1e-12));
		test_cond("bh q(.005) = .02", close_rel(q[3], 0.02, 1e-12));
		/* A family of 10 where only these 4 were computed. */
		rv_stats_bh(p, 4, 10, q);
		test_cond("bh m=10 q(.005) = .05", close_rel(q[3], 0.05, 1e-12));
		test_cond("bh m=10 q(.04) = .1", close_rel(q[1], 0.1, 1e-12));
	}
	{
		double p[3] = {0.5, 0.9, 0.8};
		rv_stats_bh(p, 3, 3, q);
		test_cond("bh capped at 1 and monotone", q[0] <= q[2] && q[2] <= q[1] && q[1] <= 1);
	}
	{
		double a[] = {5, 1, 4, 2, 3}, b[] = {4, 1, 3, 2}, c[] = {7, 7, 7, 1, 7, 7};
		test_cond("median odd", rv_stats_median(a, 5) == 3);
		test_cond("median even: mean of the middle two", rv_stats_median(b, 4) == 2.5);
		test_cond("median with ties", rv_stats_median(c, 6) == 7);
	}
	{
		/* 8 groups: log rates +-0.3 around 0 with sampling variance 0.01:
		 * the standardised values are +-0.3/sqrt(0.01 + t); their robust
		 * SD (1.4826 * MAD, MAD = 0.3/sqrt(.01+t)) is 1 at
		 * t = (1.4826 * 0.3)^2 - 0.01. */
		double y[8] = {0.3, -0.3, 0.3, -0.3, 0.3, -0.3, 0.3, -0.3}, v[8], w[8];
		double y0[8] = {0.05, -0.05, 0.05, -0.05, 0.05, -0.05, 0.05, -0.05};
		double yo[8] = {0.3, -0.3, 0.3, -0.3, 0.3, -0.3, 0.3, 5};	/* one cause */
		int i;
		for (i = 0; i < 8; i++)
			v[i] = 0.01;
		double want = 1.4826 * 0.3 * 1.4826 * 0.3 - 0.01;
		test_cond("tau2 recovers the spread beyond noise", close_rel(rv_stats_tau2(y, v, 8, w), want, 1e-6));
		test_cond("tau2 0 when the spread is within noise", rv_stats_tau2(y0, v, 8, w) == 0);
		test_cond("tau2 robust to one outlying group", close_rel(rv_stats_tau2(yo, v, 8, w), want, 1e-6));
		test_cond("tau2 0 for fewer than 4 groups", rv_stats_tau2(y, v, 3, w) == 0);
	}
	return test_report();
}
