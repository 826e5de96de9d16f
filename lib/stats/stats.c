/* stats.c - see stats.h. The incomplete beta is the continued fraction
 * of Numerical Recipes (betacf, modified Lentz), evaluated on the side of
 * the mode where it converges fast, so a tiny upper tail is computed
 * directly and never as 1 - (something close to 1). */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CF_TINY 1e-300

/* One modified-Lentz step with coefficient aa: updates c and d and
 * returns the factor for the running product. */
static double
lentz(double aa, double *c, double *d)
{
	*d = 1 + aa * *d;
	if (fabs(*d) < CF_TINY)
		*d = CF_TINY;
	*c = 1 + aa / *c;
	if (fabs(*c) < CF_TINY)
		*c = CF_TINY;
	*d = 1 / *d;
	return *d * *c;
}

/* Continued fraction for I_x(a, b); converges for x < (a+1)/(a+b+2). */
static double
betacf(double a, double b, double x)
{
	const double eps = 1e-15;
	double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d, h;
	int m;

	d = 1 - qab * x / qap;
	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 100000; m++) {
		double m2 = 2.0 * m, del;

		h *= lentz(m * (b - m) * x / ((qam + m2) * (a + m2)), &c, &d);
		del = lentz(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), &c, &d);
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

/* log of x^a (1-x)^b / (a B(a, b)), the factor in front of betacf. */
static double
front(double a, double b, double x)
{
	return lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x) - log(a);
}

double
rv_stats_ibeta(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if (x < (a + 1) / (a + b + 2))
		return exp(front(a, b, x)) * betacf(a, b, x);
	return 1 - exp(front(b, a, 1 - x)) * betacf(b, a, 1 - x);
}

double
rv_stats_binom_sf(double k, double n, double p)
{
	k = ceil(k);
	if (k <= 0)
		return 1;
	if (k > n)
		return 0;
	if (p <= 0)
		return 0;
	if (p >= 1)
		return 1;
	return rv_stats_ibeta(k, n - k + 1, p);
}

double
rv_stats_binom_cdf(double k, double n, double p)
{
	k = floor(k);
	if (k < 0)
		return 0;
	if (k >= n)
		return 1;
	if (p <= 0)
		return 1;
	if (p >= 1)
		return 0;
	return rv_stats_ibeta(n - k, k + 1, 1 - p);
}

double
rv_stats_norm_sf(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

double
rv_stats_xlogx(double x)
{
	return x > 0 ? x * log(x) : 0;
}

/* Maximised binomial log-likelihood of k of n, without the constant. */
static double
ll(double k, double n)
{
	return rv_stats_xlogx(k) + rv_stats_xlogx(n - k) - rv_stats_xlogx(n);
}

double
rv_stats_g2(double k1, double n1, double k2, double n2)
{
	double g;

	if (n1 <= 0 || n2 <= 0)
		return 0;
	g = 2 * (ll(k1, n1) + ll(k2, n2) - ll(k1 + k2, n1 + n2));
	return g > 0 ? g : 0;
}

double
rv_stats_g1(double k, double n, double p)
{
	double g = 0;

	if (n <= 0)
		return 0;
	if (k > 0)
		g += k * log(k / (n * p));
	if (n - k > 0)
		g += (n - k) * log((n - k) / (n * (1 - p)));
	g *= 2;
	return g > 0 ? g : 0;
}

/* Sort key for BH: the p-value, then the index (a total order). */
struct pidx {
	double p;
	size_t i;
};

static int
cmp_pidx(const void *a, const void *b)
{
	const struct pidx *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int
rv_stats_bh(const double *p, size_t n, size_t m, double *q)
{
	struct pidx *s;
	double run = 1;
	size_t r;

	if (n == 0)
		return 0;
	if (m < n)
		m = n;
	s = malloc(n * sizeof(*s));
	if (s == NULL)
		return -1;
	for (r = 0; r < n; r++) {
		s[r].p = p[r];
		s[r].i = r;
	}
	qsort(s, n, sizeof(*s), cmp_pidx);
	/* Step up from the largest p: q_(r) = min over r' >= r of p_(r') m / r'. */
	for (r = n; r-- > 0;) {
		double v = s[r].p * (double)m / (double)(r + 1);
		if (v < run)
			run = v;
		q[s[r].i] = run;
	}
	free(s);
	return 0;
}

/* The k-th smallest of a[0..n) (Hoare's selection); reorders a. */
static double
select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			double t = a[i];
			a[i] = a[j];
			a[j] = t;
			i++;
			j--;
		}
		if (k <= j)
			hi = j;
		else
			lo = j + 1;
	}
	return a[k];
}

double
rv_stats_median(double *w, size_t n)
{
	double hi = select_kth(w, n, n / 2), lo;
	size_t i;

	if (n % 2)
		return hi;
	/* the largest of the lower half, which selection left below n / 2 */
	for (lo = w[0], i = 1; i < n / 2; i++)
		if (w[i] > lo)
			lo = w[i];
	return (lo + hi) / 2;
}

/* 1.4826 * MAD of (y - mu) / sqrt(v + t) around its median: 1 when t is
 * the between-group variance. */
static double
robust_sd(const double *y, const double *v, size_t n, double t, double *work)
{
	double med;
	size_t i;

	for (i = 0; i < n; i++)
		work[i] = y[i] / sqrt(v[i] + t);
	med = rv_stats_median(work, n);
	for (i = 0; i < n; i++)
		work[i] = fabs(work[i] - med);
	return 1.4826 * rv_stats_median(work, n);
}

double
rv_stats_tau2(const double *y, const double *v, size_t n, double *work)
{
	double lo = 0, hi = 1;
	int it;

	if (n < 4 || robust_sd(y, v, n, 0, work) <= 1)
		return 0;
	while (robust_sd(y, v, n, hi, work) > 1 && hi < 1e6)
		hi *= 4;
	for (it = 0; it < 40; it++) {
		double mid = (lo + hi) / 2;
		if (robust_sd(y, v, n, mid, work) > 1)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}
