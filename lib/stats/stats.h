/* stats.h - tail probabilities and multiple-testing control used by the
 * aggregators: exact binomial tails (regularised incomplete beta),
 * normal tails, likelihood-ratio statistics and Benjamini-Hochberg. */
#ifndef RV_STATS_H
#define RV_STATS_H

#include <stddef.h>

/* Regularised incomplete beta I_x(a, b) for a, b > 0, 0 <= x <= 1. */
double rv_stats_ibeta(double a, double b, double x);
/* P(X >= k) for X ~ Binomial(n, p): the one-sided upper p-value of
 * seeing k or more successes. Exact (via I_p(k, n-k+1)); 1 for k <= 0,
 * 0 for k > n. Accurate down to about 1e-300 (no cancellation). */
double rv_stats_binom_sf(double k, double n, double p);
/* P(X <= k) for X ~ Binomial(n, p). */
double rv_stats_binom_cdf(double k, double n, double p);
/* P(Z >= z) for a standard normal Z. */
double rv_stats_norm_sf(double z);

/* x log x with 0 log 0 = 0. */
double rv_stats_xlogx(double x);
/* Likelihood-ratio (G) statistic of two binomial samples (k1 of n1,
 * k2 of n2) against one common rate; 0 when either sample is empty.
 * Asymptotically chi-square with 1 degree of freedom. */
double rv_stats_g2(double k1, double n1, double k2, double n2);
/* G statistic of k of n against a known rate p (2 * KL * n). */
double rv_stats_g1(double k, double n, double p);

/* Benjamini-Hochberg: q[i] = adjusted p-value of p[i], for n p-values
 * out of a family of m >= n tests (the m - n untested ones count as
 * p = 1). q may equal p. Returns 0, or -1 on OOM. */
int rv_stats_bh(const double *p, size_t n, size_t m, double *q);

/* Median of a[0..n), n > 0 (the mean of the middle two when n is even);
 * reorders a. */
double rv_stats_median(double *a, size_t n);
/* Between-group variance t of n estimates y[i] with sampling variances
 * v[i], robust to a few outlying groups (the effects being looked for):
 * the t at which the standardised values y[i] / sqrt(v[i] + t) have a
 * robust SD (1.4826 * MAD) of 1; 0 when they already have at most 1, or
 * n < 4. Uses work[0..n) (caller's, n doubles). */
double rv_stats_tau2(const double *y, const double *v, size_t n, double *work);

#endif
