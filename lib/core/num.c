/* num.c - numbers without the locale: rv tools never call
 * setlocale(LC_NUMERIC), but lib/ must not depend on that, so parsing
 * and printing are done here by hand where it matters. */
#include "num.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
rv_num_parse(const char *p, size_t n, double *v)
{
	char tmp[64], *end;
	size_t i = 0, j;
	double d;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	while (n > i && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (i == n || n - i >= sizeof(tmp))
		return -1;
	/* Only digits, sign, '.', exponent: rejects "inf", "nan", "0x1p3",
	 * and locale decimal commas. */
	for (j = i; j < n; j++) {
		char c = p[j];
		if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
		    c == 'e' || c == 'E'))
			return -1;
	}
	memcpy(tmp, p + i, n - i);
	tmp[n - i] = '\0';
	d = strtod(tmp, &end);
	if (end != tmp + (n - i) || !isfinite(d))
		return -1;
	*v = d;
	return 0;
}

int
rv_num_parse_u64(const char *p, size_t n, unsigned long long *v)
{
	unsigned long long x = 0;
	size_t i;

	if (n == 0 || n > 19)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (unsigned long long)(p[i] - '0');
	}
	*v = x;
	return 0;
}

size_t
rv_num_fmt(char *out, double v, int prec)
{
	static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	char tmp[32];
	size_t len = 0, k;

	if (!isfinite(v)) {
		strcpy(out, isnan(v) ? "nan" : (v < 0 ? "-inf" : "inf"));
		return strlen(out);
	}
	if (prec < 0)
		prec = 0;
	/* The integer fast path needs |v| * 10^prec below 2^63. */
	if (prec > 9 || fabs(v) >= 1e15 || fabs(v) * pow10[prec] >= 9e18) {
		/* Rare: fall back to printf and repair a locale decimal comma.
		 * Huge magnitudes go to exponent form (1e+300 in %f is 301
		 * digits) and the decimals are capped so that the result
		 * always fits in 32 bytes. */
		int cap = fabs(v) < 1e15 ? 14 : 9;
		int n = fabs(v) >= 1e20 ? snprintf(out, 32, "%.15g", v) :
		    snprintf(out, 32, "%.*f", prec > cap ? cap : prec, v);
		if (n < 0)
			n = 0;
		if (n > 31)
			n = 31;
		for (int i = 0; i < n; i++)
			if (out[i] == ',')
				out[i] = '.';
		return (size_t)n;
	}
	double scaled = round(fabs(v) * pow10[prec]);
	uint64_t u = (uint64_t)scaled;
	if (v < 0 && u != 0)
		out[len++] = '-';
	k = 0;
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0 || k <= (size_t)prec);
	while (k > (size_t)prec)
		out[len++] = tmp[--k];
	if (prec > 0) {
		out[len++] = '.';
		while (k > 0)
			out[len++] = tmp[--k];
	}
	out[len] = '\0';
	return len;
}
