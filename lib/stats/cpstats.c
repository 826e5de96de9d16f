/* cpstats.c - distributions and multiplicity control for rv-curve.
 * Formulas: Acklam (2003) for the normal quantile; the incomplete beta
 * and Benjamini-Hochberg come from stats.c (shared with rv-rootcause). */
#include "cpstats.h"

#include "stats.h"

#include <math.h>
#include <stdlib.h>

double
rv_cps_norm_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

double
rv_cps_norm_quantile(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
	    -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
	    2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
	    -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
	    -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
	    2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
	    2.445134137142996e+00, 3.754408661907416e+00};
	double q, r, x, e, u;

	if (p <= 0)
		return -INFINITY;
	if (p >= 1)
		return INFINITY;
	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p > 1 - 0.02425) {
		q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	/* One Halley step brings the 1e-9 approximation to full precision. */
	e = rv_cps_norm_cdf(x) - p;
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

double
rv_cps_t_cdf(double t, double df)
{
	double tail;

	if (df <= 0 || df > 1e7)
		return rv_cps_norm_cdf(t);
	tail = 0.5 * rv_stats_ibeta(df / 2, 0.5, df / (df + t * t));
	return t > 0 ? 1 - tail : tail;
}

double
rv_cps_t_quantile(double p, double df)
{
	double lo = -1e3, hi = 1e3, mid;
	int i;

	if (df <= 0 || df > 1e7)
		return rv_cps_norm_quantile(p);
	if (p <= 0)
		return -INFINITY;
	if (p >= 1)
		return INFINITY;
	for (i = 0; i < 200 && hi - lo > 1e-10; i++) {
		mid = (lo + hi) / 2;
		if (rv_cps_t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double
rv_cps_p2(double t, double df)
{
	double p;

	if (isnan(t))
		return 1;
	p = 2 * rv_cps_t_cdf(-fabs(t), df);
	return p > 1 ? 1 : p;
}

int
rv_cps_ratio_ci(double a, double n1, double c, double n2, double alpha,
    double *lift, double *lo, double *hi)
{
	double z, se;

	if (n1 <= 0 || n2 <= 0)
		return -1;
	if (a == 0 || c == 0 || a == n1 || c == n2) {
		a += 0.5, c += 0.5, n1 += 1, n2 += 1;
	}
	*lift = (a / n1) / (c / n2);
	se = sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
	z = rv_cps_norm_quantile(1 - alpha / 2);
	*lo = *lift * exp(-z * se);
	*hi = *lift * exp(z * se);
	return 0;
}
