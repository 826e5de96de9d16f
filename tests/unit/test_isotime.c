/* test_isotime.c - lib/core/isotime.c's parser: Unix seconds read 8
 * digits at a time, the date of the last row validated once, ISO 8601
 * with zones and fractions; bad inputs fail as they did before. The
 * reference is the parser as it was (one digit at a time, every date
 * validated), run on explicit cases and on many mutated strings through
 * one shared cache, as rv-trend reads a column. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isotime.h"
#include "testhelp.h"

/* ---- the reference: the parser before the fast paths ---- */

static int
ref_digits(const char *p, size_t n, size_t at, size_t k, unsigned *v)
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

static int
ref_unix(const char *p, size_t n, long long *t)
{
	long long v = 0;
	size_t i;

	if (n == 0 || (n > 11 && n != 13))
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*t = n == 13 ? v / 1000 : v;
	return 0;
}

static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int
ref_offset(const char *p, size_t n, size_t i, long long *off)
{
	unsigned oh, om = 0;
	int sign;

	if (i == n)
		return 1;
	if (p[i] == 'Z' || p[i] == 'z') {
		*off = 0;
		return i + 1 == n ? 0 : -1;
	}
	if (p[i] != '+' && p[i] != '-')
		return -1;
	sign = p[i] == '-' ? -1 : 1;
	if (ref_digits(p, n, i + 1, 2, &oh) < 0)
		return -1;
	i += 3;
	if (i < n && p[i] == ':')
		i++;
	if (i < n && (ref_digits(p, n, i, 2, &om) < 0 || (i += 2) != n))
		return -1;
	if (oh > 23 || om > 59)
		return -1;
	*off = sign * (long long)(oh * 3600 + om * 60);
	return 0;
}

/* TZ=UTC only (local time is UTC). */
static int
ref_parse(const char *p, size_t n, long long *t)
{
	unsigned y, mo, d, h = 0, mi = 0, s = 0;
	long long off = 0;
	size_t i;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n < 10 || p[4] != '-')
		return ref_unix(p, n, t);
	if (ref_digits(p, n, 0, 4, &y) < 0 || ref_digits(p, n, 5, 2, &mo) < 0 || p[7] != '-' ||
	    ref_digits(p, n, 8, 2, &d) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return -1;
	i = 10;
	if (i < n && (p[i] == 'T' || p[i] == 't' || p[i] == ' ')) {
		if (ref_digits(p, n, i + 1, 2, &h) < 0 || i + 3 >= n || p[i + 3] != ':' ||
		    ref_digits(p, n, i + 4, 2, &mi) < 0)
			return -1;
		i += 6;
		if (i < n && p[i] == ':') {
			if (ref_digits(p, n, i + 1, 2, &s) < 0)
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
	if (ref_offset(p, n, i, &off) < 0)
		return -1;
	*t = rv_isotime_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - off;
	return 0;
}

/* ---- the cases ---- */

static long long
parse1(struct rv_isotime *c, const char *s)
{
	long long t = -12345;

	if (rv_isotime_parse(c, s, strlen(s), &t) < 0)
		return -1;
	return t;
}

static long long
parse(const char *s)
{
	struct rv_isotime c;

	memset(&c, 0, sizeof(c));
	return parse1(&c, s);
}

static void
test_unix(void)
{
	test_cond("10 digits", parse("1714550400") == 1714550400);
	test_cond("11 digits", parse("17145504001") == 17145504001LL);
	test_cond("13 digits are milliseconds", parse("1714550400999") == 1714550400);
	test_cond("8 digits", parse("12345678") == 12345678);
	test_cond("9 digits", parse("123456789") == 123456789);
	test_cond("1 digit", parse("7") == 7);
	test_cond("leading zeros", parse("0000000042") == 42);
	test_cond("spaces and tabs around", parse(" \t1714550400\t ") == 1714550400);
	test_cond("12 digits", parse("171455040012") == -1);
	test_cond("14 digits", parse("17145504001234") == -1);
	test_cond("empty", parse("") == -1 && parse("   ") == -1);
	/* Bytes next to the digits in ASCII, in each of the first 8 places
	 * (read as one word) and after them. */
	test_cond("'/' in the word", parse("17145/0400") == -1);
	test_cond("':' in the word", parse("1714550:00") == -1);
	test_cond("'*' in the word", parse("1*14550400") == -1);
	test_cond("'.' in the word", parse("1714.50400") == -1);
	test_cond("'?' in the word", parse("171455040?") == -1);
	test_cond("0xff in the word", parse("1714\xff" "50400") == -1);
	test_cond("0xfa in the word", parse("\xfa" "714550400") == -1);
	test_cond("'/' after the word", parse("17145504/0") == -1);
	test_cond("sign", parse("-1714550400") == -1 && parse("+1714550400") == -1);
	test_cond("decimal", parse("1714550400.5") == -1);
	test_cond("inner space", parse("17145 50400") == -1);
}

static void
test_iso(void)
{
	test_cond("Z", parse("2024-05-01T08:00:00Z") == 1714550400);
	test_cond("z and t", parse("2024-05-01t08:00:00z") == 1714550400);
	test_cond("+08:00", parse("2024-05-01T16:00:00+08:00") == 1714550400);
	test_cond("-05:30", parse("2024-05-01T02:30:00-05:30") == 1714550400);
	test_cond("+0800 without seconds", parse("2024-05-01T16:00+0800") == 1714550400);
	test_cond("+08", parse("2024-05-01 16:00:00+08") == 1714550400);
	test_cond("fraction", parse("2024-05-01T08:00:00.999Z") == 1714550400);
	test_cond("fraction with a comma", parse("2024-05-01T08:00:00,5+00:00") == 1714550400);
	test_cond("leap second", parse("2024-05-01T07:59:60Z") == 1714550400);
	test_cond("date only (UTC)", parse("2024-05-01") == 1714521600);
	test_cond("fraction without digits", parse("2024-05-01T08:00:00.Z") == -1);
	test_cond("fraction without seconds", parse("2024-05-01T08:00.5Z") == -1);
	test_cond("zone +24", parse("2024-05-01T08:00:00+24:00") == -1);
	test_cond("zone minutes 60", parse("2024-05-01T08:00:00+08:60") == -1);
	test_cond("zone with one digit", parse("2024-05-01T08:00:00+8") == -1);
	test_cond("trailing junk", parse("2024-05-01T08:00:00Zx") == -1);
	test_cond("bad separator", parse("2024-05-01X08:00:00Z") == -1);
	test_cond("bad month", parse("2024-13-01") == -1 && parse("2024-00-01") == -1);
	test_cond("bad day", parse("2024-04-31") == -1 && parse("2024-05-00") == -1);
	test_cond("not a leap year", parse("2023-02-29") == -1 && parse("1900-02-29") == -1);
	test_cond("leap years", parse("2024-02-29") > 0 && parse("2000-02-29") > 0);
	test_cond("bad hour and minute", parse("2024-05-01T24:00Z") == -1 && parse("2024-05-01T23:60Z") == -1);
	test_cond("bad year", parse("20x4-05-01") == -1);
}

/* One cache through a column, as rv-trend parses it: the date of the row
 * before is not trusted for anything but the same ten bytes. */
static void
test_date_cache(void)
{
	struct rv_isotime c;

	memset(&c, 0, sizeof(c));
	test_cond("cache: first", parse1(&c, "2024-02-29T10:00:00Z") == 1709200800);
	test_cond("cache: same date, bad hour", parse1(&c, "2024-02-29T25:00:00Z") == -1);
	test_cond("cache: same date, bad zone", parse1(&c, "2024-02-29T10:00:00+25") == -1);
	test_cond("cache: same date again", parse1(&c, "2024-02-29T11:00:00Z") == 1709204400);
	test_cond("cache: a bad date after a good one", parse1(&c, "2023-02-29T11:00:00Z") == -1);
	test_cond("cache: the good one after the bad one", parse1(&c, "2024-02-29 12:00Z") == 1709208000);
	test_cond("cache: next day", parse1(&c, "2024-03-01T00:00:00Z") == 1709251200);
	test_cond("cache: Unix seconds between", parse1(&c, "1709251200") == 1709251200);
	test_cond("cache: date only", parse1(&c, "2024-03-01") == 1709251200);
	test_cond("cache: a date differing in the year", parse1(&c, "2023-03-01") == 1677628800);
}

/* Many strings, mutated at random places with bytes around the digits,
 * against the reference, through one shared cache. */
static void
test_random(void)
{
	static const char *const base[] = {
		"1714550400", "17145504001", "1714550400123", "12345678", "123456789", "42",
		"2024-05-01T16:00:00+08:00", "2024-02-29T23:59:59.5Z", "2024-02-29", "2023-12-31 23:59",
		"2024-05-01T16:00+0800", "2024-05-01T16:00:00,250-03", " 2024-05-01T08:00:00Z\t",
	};
	static const char bytes[] = "0123456789/:*.?-+ TtZz,\t\xff\xfa\x80";
	struct rv_isotime c;
	char s[64];
	unsigned long seed = 12345;
	long i, bad = 0, ok = 0, same = 0;

	setenv("TZ", "UTC", 1);
	tzset();
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 200000; i++) {
		const char *b = base[i % (long)(sizeof(base) / sizeof(base[0]))];
		size_t n = strlen(b), k, m;
		long long t1 = 0, t2 = 0;
		int r1, r2;
		memcpy(s, b, n + 1);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		m = (seed >> 33) % 3;
		for (k = 0; k < m; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			s[(seed >> 20) % n] = bytes[(seed >> 40) % (sizeof(bytes) - 1)];
		}
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		if ((seed >> 50) % 8 == 0 && n > 1)
			n--;	/* cut the last byte too */
		r1 = rv_isotime_parse(&c, s, n, &t1);
		r2 = ref_parse(s, n, &t2);
		if (r1 != r2 || (r1 == 0 && t1 != t2)) {
			if (bad++ < 5)
				printf("differs on \"%.*s\": %d %lld, reference %d %lld\n", (int)n, s, r1, t1, r2, t2);
		} else {
			same++;
			ok += r1 == 0;
		}
	}
	test_cond("random strings: as the reference", bad == 0);
	test_cond("random strings: both good and bad ones", ok > 20000 && same - ok > 20000);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_unix();
	test_iso();
	test_date_cache();
	test_random();
	return test_report();
}
