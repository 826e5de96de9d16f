/* isotime.c - time stamps without per-row mktime/localtime: civil dates
 * are computed arithmetically (H. Hinnant's days_from_civil) and the
 * zone offset comes from a one-entry cache per direction. */
#include "isotime.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

long long
rv_isotime_days(long long y, unsigned m, unsigned d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
rv_isotime_civil(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static long long
floordiv(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* UTC offset in effect at local wall-clock seconds ls (seconds since the
 * epoch as if the wall clock were UTC). */
static long long
local_offset(struct rv_isotime *c, long long ls)
{
	long long key = floordiv(ls, 900);
	long long y, b;
	unsigned m, d;
	struct tm tm;
	time_t t;

	if (c->in_ok && c->in_key == key)
		return c->in_off;
	b = key * 900;
	rv_isotime_civil(floordiv(b, 86400), &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	b -= floordiv(b, 86400) * 86400;
	tm.tm_hour = (int)(b / 3600);
	tm.tm_min = (int)(b / 60 % 60);
	tm.tm_isdst = -1;
	t = mktime(&tm);
	c->in_off = (t == (time_t)-1) ? 0 : tm.tm_gmtoff;
	c->in_key = key;
	c->in_ok = 1;
	return c->in_off;
}

static long long
utc_offset(struct rv_isotime *c, long long t)
{
	long long key = floordiv(t, 900);
	time_t tt;
	struct tm tm;

	if (c->out_ok && c->out_key == key)
		return c->out_off;
	tt = (time_t)(key * 900);
	c->out_off = localtime_r(&tt, &tm) != NULL ? tm.tm_gmtoff : 0;
	c->out_key = key;
	c->out_ok = 1;
	return c->out_off;
}

static int
digits(const char *p, size_t n, size_t at, size_t k, unsigned *v)
{
	size_t i;

	if (at + k > n)
		return -1;
	*v = 0;
	for (i = 0; i < k; i++) {
		if (p[at + i] < '0' || p[at + i] > '9')
			return -1;
		*v = *v * 10 + (unsigned)(p[at + i] - '0');
	}
	return 0;
}

/* 8 ASCII digits at p to their value, or -1 when one is not a digit. */
static long long
digits8(const char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x;

	memcpy(&x, p, 8);
	/* Every byte 0x30-0x3F, and 0x2A-0x39 (+ 6 carries into no other
	 * byte unless that byte already failed the first test). */
	if ((x & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
	    ((x + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL)
		return -1;
	x -= 0x3030303030303030ULL;	/* p[0] is the low byte */
	x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFULL;
	x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFULL;
	x = (x * 10000 + (x >> 32)) & 0xFFFFFFFFULL;
	return (long long)x;
#else
	long long v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned dg = (unsigned)(unsigned char)p[i] - '0';
		if (dg > 9)
			return -1;
		v = v * 10 + dg;
	}
	return v;
#endif
}

static int
parse_unix(const char *p, size_t n, long long *t)
{
	long long v = 0;
	size_t i = 0;

	if (n == 0 || (n > 11 && n != 13))
		return -1;
	if (n >= 8) {
		if ((v = digits8(p)) < 0)
			return -1;
		i = 8;
	}
	for (; i < n; i++) {
		unsigned dg = (unsigned)(unsigned char)p[i] - '0';
		if (dg > 9)
			return -1;
		v = v * 10 + dg;
	}
	*t = n == 13 ? v / 1000 : v;
	return 0;
}

static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int
parse_offset(const char *p, size_t n, size_t i, long long *off)
{
	unsigned oh, om = 0;
	int sign;

	if (i == n)
		return 1;		/* none: local time */
	if (p[i] == 'Z' || p[i] == 'z') {
		*off = 0;
		return i + 1 == n ? 0 : -1;
	}
	if (p[i] != '+' && p[i] != '-')
		return -1;
	sign = p[i] == '-' ? -1 : 1;
	if (digits(p, n, i + 1, 2, &oh) < 0)
		return -1;
	i += 3;
	if (i < n && p[i] == ':')
		i++;
	if (i < n && (digits(p, n, i, 2, &om) < 0 || (i += 2) != n))
		return -1;
	if (oh > 23 || om > 59)
		return -1;
	*off = sign * (long long)(oh * 3600 + om * 60);
	return 0;
}

/* p[0..n), n >= 10, p[4] '-': an ISO 8601 date and time (out of line:
 * Unix seconds do not pay for its registers). */
static __attribute__((noinline)) int
parse_iso(struct rv_isotime *c, const char *p, size_t n, long long *t)
{
	unsigned y, mo, d, h = 0, mi = 0, s = 0;
	long long ls, off = 0;
	size_t i;
	int rc;

	/* Rows of a day share its date: validated and counted once. */
	if (!c->date_ok || memcmp(p, c->date, 10) != 0) {
		if (digits(p, n, 0, 4, &y) < 0 || digits(p, n, 5, 2, &mo) < 0 || p[7] != '-' ||
		    digits(p, n, 8, 2, &d) < 0)
			return -1;
		if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
		    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
			return -1;
		memcpy(c->date, p, 10);
		c->days = rv_isotime_days(y, mo, d);
		c->date_ok = 1;
	}
	i = 10;
	if (i < n && (p[i] == 'T' || p[i] == 't' || p[i] == ' ')) {
		if (digits(p, n, i + 1, 2, &h) < 0 || i + 3 >= n || p[i + 3] != ':' ||
		    digits(p, n, i + 4, 2, &mi) < 0)
			return -1;
		i += 6;
		if (i < n && p[i] == ':') {
			if (digits(p, n, i + 1, 2, &s) < 0)
				return -1;
			i += 3;
			if (i < n && (p[i] == '.' || p[i] == ',')) {
				i++;
				if (i == n || p[i] < '0' || p[i] > '9')
					return -1;
				while (i < n && p[i] >= '0' && p[i] <= '9')
					i++;
			}
		}
		if (h > 23 || mi > 59 || s > 60)
			return -1;
	}
	rc = parse_offset(p, n, i, &off);
	if (rc < 0)
		return -1;
	ls = c->days * 86400 + h * 3600 + mi * 60 + s;
	if (rc == 1)
		off = local_offset(c, ls);
	*t = ls - off;
	return 0;
}

int
rv_isotime_parse(struct rv_isotime *c, const char *p, size_t n, long long *t)
{
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n < 10 || p[4] != '-')
		return parse_unix(p, n, t);
	return parse_iso(c, p, n, t);
}

static size_t
fmt_local(struct rv_isotime *c, char *out, long long t, int with_time)
{
	long long off = utc_offset(c, t), ls = t + off, days = floordiv(ls, 86400), sec, y;
	unsigned m, d;
	long long ao = off < 0 ? -off : off;
	char *o = out;

	rv_isotime_civil(days, &y, &m, &d);
	/* Four-digit years only: a time past the end of year 9999 (or before
	 * year 0) prints as the last (first) second of that range, date and
	 * clock both, not just the year (which was up to a year off). */
	if (y < 0 || y > 9999) {
		y = y < 0 ? 0 : 9999;
		m = y ? 12 : 1;
		d = y ? 31 : 1;
		days = rv_isotime_days(y, m, d);
		ls = days * 86400 + (y ? 86399 : 0);
	}
	o[0] = (char)('0' + y / 1000);
	o[1] = (char)('0' + y / 100 % 10);
	o[2] = (char)('0' + y / 10 % 10);
	o[3] = (char)('0' + y % 10);
	o[4] = '-';
	o[5] = (char)('0' + m / 10);
	o[6] = (char)('0' + m % 10);
	o[7] = '-';
	o[8] = (char)('0' + d / 10);
	o[9] = (char)('0' + d % 10);
	if (!with_time) {
		o[10] = '\0';
		return 10;
	}
	sec = ls - days * 86400;
	o[10] = 'T';
	o[11] = (char)('0' + sec / 36000);
	o[12] = (char)('0' + sec / 3600 % 10);
	o[13] = ':';
	o[14] = (char)('0' + sec / 60 % 60 / 10);
	o[15] = (char)('0' + sec / 60 % 10);
	o[16] = ':';
	o[17] = (char)('0' + sec % 60 / 10);
	o[18] = (char)('0' + sec % 10);
	o[19] = off < 0 ? '-' : '+';
	o[20] = (char)('0' + ao / 36000);
	o[21] = (char)('0' + ao / 3600 % 10);
	o[22] = ':';
	o[23] = (char)('0' + ao / 60 % 60 / 10);
	o[24] = (char)('0' + ao / 60 % 10);
	o[25] = '\0';
	return 25;
}

size_t
rv_isotime_fmt(struct rv_isotime *c, char *out, long long t)
{
	return fmt_local(c, out, t, 1);
}

size_t
rv_isotime_fmt_date(struct rv_isotime *c, char *out, long long t)
{
	return fmt_local(c, out, t, 0);
}

long long
rv_isotime_offset(struct rv_isotime *c, long long t)
{
	return utc_offset(c, t);
}
