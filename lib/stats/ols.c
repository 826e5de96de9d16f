/* ols.c - sweep operator, ridge least squares and sandwich covariance
 * (see ols.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ols.h"

double
rv_ols_sweep(double *a, size_t p, size_t k)
{
	double d = a[k * p + k], *rk = a + k * p;
	size_t i, j;

	if (!(d > 0))
		return d;
	for (i = 0; i < p; i++) {
		double aik;
		if (i == k)
			continue;
		aik = a[i * p + k];
		if (aik == 0)
			continue;
		for (j = 0; j < p; j++)
			if (j != k)
				a[i * p + j] -= aik * rk[j] / d;
	}
	for (j = 0; j < p; j++) {
		if (j == k)
			continue;
		rk[j] /= d;
		a[j * p + k] /= d;
	}
	rk[k] = -1 / d;
	return d;
}

int
rv_ols_sandwich(const double *bread, const double *meat, size_t p, double g, double *out)
{
	size_t i, j, k;
	double *t = calloc(p ? p * p : 1, sizeof(*t)), f = g > 1 ? g / (g - 1) : 1;

	if (t == NULL)
		return -1;
	for (i = 0; i < p; i++)	/* t = B M */
		for (k = 0; k < p; k++) {
			double b = bread[i * p + k];
			if (b != 0)
				for (j = 0; j < p; j++)
					t[i * p + j] += b * meat[k * p + j];
		}
	for (i = 0; i < p; i++)	/* out = t B */
		for (j = 0; j < p; j++) {
			double s = 0;
			for (k = 0; k < p; k++)
				s += t[i * p + k] * bread[k * p + j];
			out[i * p + j] = s * f;
		}
	free(t);
	return 0;
}

/* Order of rows by cluster number (stable), for the meat. */
static const size_t *sort_cl;
static int
by_cluster(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_cl[x] != sort_cl[y])
		return sort_cl[x] < sort_cl[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

int
rv_ols_fit(const double *x, const double *y, size_t n, size_t p, const double *lambda,
    const size_t *cluster, double *beta, double *vcov)
{
	size_t q = p + 1, i, j, k, *ord = NULL;
	double *a = calloc(q * q, sizeof(*a)), *bread, *meat = NULL, *s = NULL, rss;
	int rc = 0;

	if (a == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const double *xi = x + i * p;
		for (j = 0; j < p; j++) {
			for (k = 0; k < p; k++)
				a[j * q + k] += xi[j] * xi[k];
			a[j * q + p] += xi[j] * y[i];
		}
		a[p * q + p] += y[i] * y[i];
	}
	for (j = 0; j < p; j++) {
		a[p * q + j] = a[j * q + p];
		if (lambda != NULL)
			a[j * q + j] += lambda[j];
	}
	for (j = 0; j < p; j++) {
		double orig = a[j * q + j];
		if (!(rv_ols_sweep(a, q, j) > 1e-12 * (orig > 0 ? orig : 1))) {
			free(a);
			return 1;
		}
	}
	for (j = 0; j < p; j++)
		beta[j] = a[j * q + p];
	rss = a[p * q + p];
	if (vcov == NULL)
		goto out;
	bread = a;	/* -(X'X + L)^-1 in the p x p corner, stride q */
	if (cluster == NULL) {
		double s2 = n > p ? rss / (double)(n - p) : NAN;
		for (j = 0; j < p; j++)
			for (k = 0; k < p; k++)
				vcov[j * p + k] = -bread[j * q + k] * s2;
		goto out;
	}
	meat = calloc(p * p, sizeof(*meat));
	s = calloc(2 * p + p * p, sizeof(*s));
	ord = malloc((n ? n : 1) * sizeof(*ord));
	if (meat == NULL || s == NULL || ord == NULL) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < n; i++)
		ord[i] = i;
	sort_cl = cluster;
	qsort(ord, n, sizeof(*ord), by_cluster);
	double g = 0, *b = s + 2 * p;
	for (i = 0; i < n;) {
		size_t c = cluster[ord[i]];
		memset(s, 0, p * sizeof(*s));
		for (; i < n && cluster[ord[i]] == c; i++) {
			const double *xi = x + ord[i] * p;
			double e = y[ord[i]];
			for (j = 0; j < p; j++)
				e -= xi[j] * beta[j];
			for (j = 0; j < p; j++)
				s[j] += xi[j] * e;
		}
		for (j = 0; j < p; j++)
			for (k = 0; k < p; k++)
				meat[j * p + k] += s[j] * s[k];
		g++;
	}
	for (j = 0; j < p; j++)
		for (k = 0; k < p; k++)
			b[j * p + k] = -bread[j * q + k];
	if (rv_ols_sandwich(b, meat, p, g, vcov) < 0)
		rc = -1;
out:
	free(ord);
	free(s);
	free(meat);
	free(a);
	return rc;
}
