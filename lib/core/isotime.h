/* isotime.h - ISO 8601 / Unix-seconds time stamps: parse and print in the
 * local time zone (TZ), with a small cache so per-row conversion stays cheap. */
#ifndef RV_ISOTIME_H
#define RV_ISOTIME_H

#include <stddef.h>

/* Conversion cache: zero-initialise, one per stream. Local offsets are
 * looked up once per 15-minute bucket (every real zone changes offset on
 * a quarter hour). */
struct rv_isotime {
	long long in_key, in_off;	/* local-seconds bucket -> UTC offset */
	long long out_key, out_off;	/* UTC-seconds bucket -> UTC offset */
	int in_ok, out_ok;
	char date[10];		/* the last valid "YYYY-MM-DD" parsed ... */
	long long days;		/* ... and its days since 1970-01-01 */
	int date_ok;
};

/* Parse p[0..n) (spaces around are ignored):
 *   Unix seconds   "1714550400" (1-11 digits; exactly 13 digits are milliseconds)
 *   ISO 8601       "2024-05-01", "2024-05-01T13:45", "2024-05-01 13:45:30",
 *                  optional ".fff", then "Z", "+08:00", "+0800" or "+08";
 *                  no offset means local time (TZ).
 * Returns 0 and sets *t (Unix seconds), or -1 when malformed or out of range. */
int rv_isotime_parse(struct rv_isotime *c, const char *p, size_t n, long long *t);
/* "2024-05-01T14:15:00+08:00" in local time; out >= 32 bytes; returns length. */
size_t rv_isotime_fmt(struct rv_isotime *c, char *out, long long t);
/* "2024-05-01" in local time; out >= 16 bytes; returns length. */
size_t rv_isotime_fmt_date(struct rv_isotime *c, char *out, long long t);
/* UTC offset in seconds (local minus UTC) in effect at Unix time t. */
long long rv_isotime_offset(struct rv_isotime *c, long long t);
/* Days since 1970-01-01 of a proleptic Gregorian date (exposed for tests). */
long long rv_isotime_days(long long y, unsigned m, unsigned d);
/* The inverse: days since 1970-01-01 to year, month, day. */
void rv_isotime_civil(long long z, long long *y, unsigned *m, unsigned *d);

#endif
