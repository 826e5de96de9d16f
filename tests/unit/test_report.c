/* test_report.c - rv-report's periods and HTML text (lib/tools/report.c). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "testhelp.h"

/* rv_report_html(p, n, max) into buf through a pipe. */
static const char *
html(const char *p, size_t n, size_t max)
{
	static char buf[512];
	struct rv_out o;
	int fds[2];
	ssize_t k;

	if (pipe(fds) < 0 || rv_out_init(&o, fds[1]) < 0)
		abort();
	rv_report_html(&o, p, n, max);
	rv_out_close(&o);
	close(fds[1]);
	k = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	buf[k > 0 ? k : 0] = '\0';
	return buf;
}

static const char *
last(long long t)
{
	static char m[8];
	struct rv_isotime tz = {0};

	rv_report_last_month(&tz, t, m);
	return m;
}

int
main(void)
{
	struct rv_isotime tz = {0};
	struct rv_report_opts o = {0};
	long long a, b;

	setenv("TZ", "UTC", 1);
	test_cond("month 2026-10", rv_report_month(&tz, "2026-10", &a, &b) == 0 &&
	    a == 1790812800LL && b == 1790812800LL + 31 * 86400LL);
	test_cond("month 2026-12 ends in the next year", rv_report_month(&tz, "2026-12", &a, &b) == 0 &&
	    b == 1798761600LL);
	test_cond("month 2026-13 is bad", rv_report_month(&tz, "2026-13", &a, &b) < 0);
	test_cond("month 2026-1 is bad", rv_report_month(&tz, "2026-1", &a, &b) < 0);
	test_cond("month 2026-10x is bad", rv_report_month(&tz, "2026-10x", &a, &b) < 0);
	test_cond("day 2026-10-01", rv_report_day(&tz, "2026-10-01", 0, &a) == 0 && a == 1790812800LL);
	test_cond("day end is the next midnight", rv_report_day(&tz, "2026-10-31", 1, &b) == 0 &&
	    b == 1790812800LL + 31 * 86400LL);
	test_cond("day 2026-02-30 is bad", rv_report_day(&tz, "2026-02-30", 0, &a) < 0);
	test_cond("day 2026-10-1 is bad", rv_report_day(&tz, "2026-10-1", 0, &a) < 0);
	/* The last full month: the month of the latest time when it is the
	 * month's last day, else the month before. */
	test_cond("last 2026-11-08 -> 2026-10", strcmp(last(1794096000LL + 7 * 86400LL), "2026-10") == 0);
	test_cond("last 2026-10-31 12:00 -> 2026-10", strcmp(last(1793448000LL), "2026-10") == 0);
	test_cond("last 2026-01-05 -> 2025-12", strcmp(last(1767571200LL), "2025-12") == 0);
	/* Comparison periods. */
	rv_report_month(&tz, "2026-01", &o.from, &o.to);
	rv_report_prev(&tz, &o, 1);
	test_cond("prev of 2026-01 is 2025-12", strcmp(o.label, "2026-01") == 0 &&
	    strcmp(o.plabel, "2025-12") == 0 && o.pto == o.from && o.pfrom == o.from - 31 * 86400LL);
	rv_report_day(&tz, "2026-10-01", 0, &o.from);
	rv_report_day(&tz, "2026-10-15", 1, &o.to);
	rv_report_prev(&tz, &o, 0);
	test_cond("prev of 15 days is the 15 days before",
	    strcmp(o.label, "2026-10-01..2026-10-15") == 0 &&
	    strcmp(o.plabel, "2026-09-16..2026-09-30") == 0 && o.pfrom == o.from - 15 * 86400LL);
	/* HTML text. */
	test_cond("html escapes", strcmp(html("<a href=\"x\">&'", 14, 0),
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;") == 0);
	test_cond("html control bytes are spaces", strcmp(html("a\tb\001c\x7f", 6, 0), "a b c ") == 0);
	test_cond("html invalid UTF-8 is U+FFFD", strcmp(html("a\xff" "b", 3, 0), "a\xef\xbf\xbd" "b") == 0);
	test_cond("html keeps CJK", strcmp(html("差评", 6, 0), "差评") == 0);
	test_cond("html cuts at max characters", strcmp(html("差评很多", 12, 2), "差评\u2026") == 0);
	test_cond("html no cut at exactly max", strcmp(html("abc", 3, 3), "abc") == 0);
	test_cond("html NUL is a space", strcmp(html("a\0b", 3, 0), "a b") == 0);
	return test_report();
}
