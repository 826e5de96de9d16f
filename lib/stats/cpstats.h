/* cpstats.h - the small statistics rv-curve needs: normal and Student t
 * distributions, Benjamini-Hochberg q-values, and the log interval of a
 * ratio of two proportions. Pure functions, no allocation. */
#ifndef RV_CPSTATS_H
#define RV_CPSTATS_H

#include <stddef.h>

/* Standard normal CDF and its inverse (Acklam's rational approximation
 * refined by one Halley step: |error| < 1e-12 for 0 < p < 1). */
double rv_cps_norm_cdf(double z);
double rv_cps_norm_quantile(double p);
/* Student t CDF with df > 0 degrees of freedom (regularized incomplete
 * beta by continued fraction); the normal CDF when df is huge. */
double rv_cps_t_cdf(double t, double df);
/* t quantile: bisection on rv_cps_t_cdf to 1e-10. */
double rv_cps_t_quantile(double p, double df);
/* Two-sided p-value of a t (or z when df <= 0) statistic. */
double rv_cps_p2(double t, double df);
/* Ratio of proportions (a/n1) / (c/n2) with a Katz log interval at level
 * 1 - alpha; 0.5 is added to each cell when one is zero. Returns -1 when
 * n1 or n2 is 0, else 0 with *lift, *lo, *hi set. */
int rv_cps_ratio_ci(double a, double n1, double c, double n2, double alpha,
    double *lift, double *lo, double *hi);

#endif
