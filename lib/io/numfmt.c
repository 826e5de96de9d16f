/* numfmt.c - fixed-decimal and date/time number formats rendered as Excel
 * shows them (numfmt.h). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "isotime.h"
#include "numfmt.h"

/* Tokens of a compiled date pattern: bytes below 0x10, which literal text
 * may not hold (a quoted control character rejects the format). */
enum {
	T_YYYY = 1, T_YY, T_MON2, T_MON1, T_DAY2, T_DAY1, T_HOUR2, T_HOUR1, T_MIN2, T_MIN1,
	T_SEC2, T_SEC1, T_LAST = 0x0f
};

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* A colour in brackets ([Red], [Color10]): p at '['; the bytes it takes,
 * or 0. */
static size_t
colour(const char *p)
{
	static const char *const names[] = {"Black", "Blue", "Cyan", "Green", "Magenta", "Red",
	    "White", "Yellow"};
	const char *e = strchr(p, ']');
	size_t n, i;

	if (e == NULL)
		return 0;
	n = (size_t)(e - p - 1);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i]) && strncasecmp(p + 1, names[i], n) == 0)
			return n + 2;
	if (n > 5 && strncasecmp(p + 1, "Color", 5) == 0) {
		for (i = 6; i <= n; i++)
			if (!isdig(p[i]))
				return 0;
		return n + 2;
	}
	return 0;
}

int
rv_numfmt_decimals(const char *code)
{
	const char *p = code;
	int zero = 0, dec = 0;
	size_t k;

	if (*p == '[') {
		if ((k = colour(p)) == 0)
			return -1;
		p += k;
	}
	/* The integer part: #, 0 and thousands commas, with a 0 (#.00 shows
	 * .50, no leading digit). */
	for (; *p == '#' || *p == '0' || *p == ','; p++)
		if (*p == '0')
			zero = 1;
	if (!zero)
		return -1;
	if (*p == '\0')
		return 0;
	if (*p++ != '.')
		return -1;
	for (; *p == '0'; p++)
		dec++;
	return *p == '\0' && dec > 0 && dec <= RV_NUMFMT_MAXDEC ? dec : -1;
}

int
rv_numfmt_builtin_decimals(unsigned id)
{
	return id == 1 || id == 3 ? 0 : id == 2 || id == 4 ? 2 : -1;
}

size_t
rv_numfmt_pad(char *out, size_t outsz, const char *p, size_t n, int dec)
{
	size_t i = 0, have = 0, len;

	if (n == 0 || dec <= 0)
		return 0;
	if (p[0] == '-')
		i++;
	if (i == n || !isdig(p[i]))
		return 0;
	while (i < n && isdig(p[i]))
		i++;
	if (i < n) {
		if (p[i] != '.')
			return 0;
		for (i++; i < n && isdig(p[i]); i++)
			have++;
		if (i < n)
			return 0;	/* 1.5E-3, text */
	}
	if (have >= (size_t)dec)
		return 0;
	len = n + (have == 0 && p[n - 1] != '.') + ((size_t)dec - have);
	if (len >= outsz)
		return 0;
	memcpy(out, p, n);
	if (have == 0 && p[n - 1] != '.')
		out[n++] = '.';
	memset(out + n, '0', (size_t)dec - have);
	out[len] = '\0';
	return len;
}

/* Append byte c to the pattern; 0 when it is full. */
static int
put(char *pat, size_t *n, int c)
{
	if (*n + 1 >= RV_NUMFMT_PATSZ)
		return 0;
	pat[(*n)++] = (char)c;
	return 1;
}

/* Copy a UTF-8 character starting at *p (a literal); 0 on a control
 * character or a full pattern. */
static int
literal(char *pat, size_t *n, const char **p)
{
	unsigned char c = (unsigned char)**p;

	if (c < 0x20 || c == 0x7f)
		return 0;
	do {
		if (!put(pat, n, **p))
			return 0;
		(*p)++;
	} while (((unsigned char)**p & 0xC0) == 0x80);
	return 1;
}

/* Months become minutes right after an hour or right before a second,
 * literals between not counting. */
static void
minutes(char *pat, size_t n)
{
	size_t i, j;
	int prev = 0, next;

	for (i = 0; i < n; i++) {
		int t = (unsigned char)pat[i];
		if (t > T_LAST)
			continue;
		if (t == T_MON2 || t == T_MON1) {
			for (next = 0, j = i + 1; j < n && next == 0; j++)
				if ((unsigned char)pat[j] <= T_LAST)
					next = pat[j];
			if (prev == T_HOUR2 || prev == T_HOUR1 || next == T_SEC2 || next == T_SEC1)
				pat[i] = (char)(t == T_MON2 ? T_MIN2 : T_MIN1);
		}
		prev = t;
	}
}

int
rv_numfmt_datepat(const char *code, char *pat)
{
	const char *p = code;
	size_t n = 0, run;
	int tokens = 0, c;

	while (*p != '\0') {
		c = *p | 0x20;	/* tokens are case-blind */
		if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's') {
			for (run = 1; (p[run] | 0x20) == c; run++)
				;
			p += run;
			if (c == 'y') {
				if (run != 2 && run != 4)
					return 0;
				c = run == 4 ? T_YYYY : T_YY;
			} else if (run > 2) {
				return 0;	/* mmm month names, ddd weekdays */
			} else {
				c = c == 'm' ? T_MON2 : c == 'd' ? T_DAY2 : c == 'h' ? T_HOUR2 : T_SEC2;
				c += (int)(2 - run);
			}
			if (!put(pat, &n, c))
				return 0;
			tokens++;
		} else if (*p == '"') {
			for (p++; *p != '"'; )
				if (*p == '\0' || !literal(pat, &n, &p))
					return 0;
			p++;
		} else if (*p == '\\') {
			p++;
			if (*p == '\0' || !literal(pat, &n, &p))
				return 0;
		} else if (*p == '+') {
			if (!literal(pat, &n, &p))
				return 0;
			while (isdig(*p))
				if (!literal(pat, &n, &p))
					return 0;
		} else if (strchr("-/: T.", *p) != NULL) {
			if (!literal(pat, &n, &p))
				return 0;
		} else {
			return 0;
		}
	}
	if (tokens == 0)
		return 0;
	pat[n] = '\0';
	minutes(pat, n);
	return 1;
}

static size_t
num(char *o, long long v, int width)
{
	char tmp[24];
	size_t n = 0, k = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while ((int)n < width)
		tmp[n++] = '0';
	while (n > 0)
		o[k++] = tmp[--n];
	return k;
}

size_t
rv_numfmt_date(char *out, size_t outsz, double serial, int date1904, const char *pat)
{
	long long s, days, y = 0;
	unsigned m = 0, d = 0;
	int sec, has_date = 0;
	const char *p;
	size_t n = 0;

	if (!(serial >= 0) || serial >= (date1904 ? 2957004.0 : 2958466.0))
		return 0;
	s = llround(serial * 86400.0);
	days = s / 86400;
	sec = (int)(s % 86400);
	for (p = pat; *p != '\0'; p++)
		if ((unsigned char)*p <= T_DAY1)
			has_date = 1;
	if (has_date) {
		if (date1904)
			rv_isotime_civil(rv_isotime_days(1904, 1, 1) + days, &y, &m, &d);
		else if (days == 0)
			return 0;	/* Excel's 1900-01-00 */
		else if (days == 60)
			y = 1900, m = 2, d = 29;	/* Lotus 1-2-3's leap day */
		else
			rv_isotime_civil(rv_isotime_days(1899, 12, days < 60 ? 31 : 30) + days, &y,
			    &m, &d);
		if (y > 9999)
			return 0;
	}
	for (p = pat; *p != '\0'; p++) {
		int t = (unsigned char)*p;
		if (n + 24 >= outsz)
			return 0;
		switch (t) {
		case T_YYYY: n += num(out + n, y, 4); break;
		case T_YY: n += num(out + n, y % 100, 2); break;
		case T_MON2: n += num(out + n, m, 2); break;
		case T_MON1: n += num(out + n, m, 1); break;
		case T_DAY2: n += num(out + n, d, 2); break;
		case T_DAY1: n += num(out + n, d, 1); break;
		case T_HOUR2: n += num(out + n, sec / 3600, 2); break;
		case T_HOUR1: n += num(out + n, sec / 3600, 1); break;
		case T_MIN2: n += num(out + n, sec / 60 % 60, 2); break;
		case T_MIN1: n += num(out + n, sec / 60 % 60, 1); break;
		case T_SEC2: n += num(out + n, sec % 60, 2); break;
		case T_SEC1: n += num(out + n, sec % 60, 1); break;
		default: out[n++] = (char)t; break;
		}
	}
	out[n] = '\0';
	return n;
}
