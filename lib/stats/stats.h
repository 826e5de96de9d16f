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

#endif
