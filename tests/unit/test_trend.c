/* test_trend.c - lib/tools/trend.c on small exact series: window lengths,
 * the calendar in two zones, a flat series learned exactly, a daily cycle
 * learned without false alerts, spikes and drops on the right side, a
 * single outlier not moving the baseline, a lasting change adopted as a
 * shift, over-dispersion widening the bounds, means and rates, causality,
 * and the saved state giving the same verdicts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "trend.h"
#include "testhelp.h"

static struct rv_trend_opts
opts(long long every, int kind)
{
	struct rv_trend_opts o;

	memset(&o, 0, sizeof(o));
	o.every = every;
	o.kind = kind;
	rv_trend_opts_default(&o);
	return o;
}

/* Feed one count window; returns the verdict. */
static struct rv_trend_point
feed(struct rv_trend_model *m, const struct rv_trend_opts *o, long long w, double y)
{
	struct rv_trend_obs x = {y, 0, 0};
	struct rv_trend_point p;
	int hod = -1, dow = -1;

	if (o->every == 3600) {
		hod = (int)(w % 24);
		dow = (int)((w / 24 + 3) % 7);
	}
	rv_trend_judge(m, o, hod, dow, &x, &p);
	rv_trend_learn(m, o, hod, dow, &x, &p);
	return p;
}

static void
test_every(void)
{
	test_cond("every 5m", rv_trend_every_parse("5m") == 300);
	test_cond("every 30m", rv_trend_every_parse("30m") == 1800);
	test_cond("every 1h", rv_trend_every_parse("1h") == 3600);
	test_cond("every 1d", rv_trend_every_parse("1d") == 86400);
	test_cond("every 1w", rv_trend_every_parse("1w") == 604800);
	test_cond("every 2d", rv_trend_every_parse("2d") == 172800);
	test_cond("every 7m does not divide a day", rv_trend_every_parse("7m") == -1);
	test_cond("every 0h", rv_trend_every_parse("0h") == -1);
	test_cond("every no unit", rv_trend_every_parse("60") == -1);
	test_cond("every bad unit", rv_trend_every_parse("1y") == -1);
	test_cond("every trailing", rv_trend_every_parse("1hh") == -1);
}

static void
test_calendar(void)
{
	struct rv_trend_cal c;
	char lab[32];
	long long t = 1714571100;	/* 2024-05-01T13:45:00Z, a Wednesday */
	long long w;
	int hod, dow;

	setenv("TZ", "UTC", 1);
	tzset();
	memset(&c, 0, sizeof(c));
	c.every = 3600;
	w = rv_trend_window(&c, t);
	rv_trend_slot(&c, w, &hod, &dow);
	rv_trend_label(&c, w, lab);
	test_cond("1h window UTC", w == t / 3600 && hod == 13 && dow == 2);
	test_cond("1h label UTC", strcmp(lab, "2024-05-01T13:00:00+00:00") == 0);

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	memset(&c, 0, sizeof(c));
	c.every = 3600;
	w = rv_trend_window(&c, t);
	rv_trend_slot(&c, w, &hod, &dow);
	rv_trend_label(&c, w, lab);
	test_cond("1h slot in +08", hod == 21 && dow == 2);
	test_cond("1h label +08", strcmp(lab, "2024-05-01T21:00:00+08:00") == 0);
	c.every = 86400;
	w = rv_trend_window(&c, t + 3 * 3600);	/* 2024-05-02T00:45+08 */
	rv_trend_slot(&c, w, &hod, &dow);
	rv_trend_label(&c, w, lab);
	test_cond("1d local date", strcmp(lab, "2024-05-02") == 0 && dow == 3 && hod == -1);
	test_cond("1d start at local midnight", rv_trend_start(&c, w) == 1714579200);
	/* the window of the row before is reused only for the same every */
	c.every = 300;
	test_cond("5m after 1d", rv_trend_window(&c, t) == t / 300);
	test_cond("5m back in time", rv_trend_window(&c, t - 301) == t / 300 - 2);
	c.every = 3600;
	test_cond("1h after 5m", rv_trend_window(&c, t) == t / 3600);
	test_cond("1h before 1970", rv_trend_window(&c, -1) == -1 && rv_trend_window(&c, -3600) == -1 &&
	    rv_trend_window(&c, -3601) == -2 && rv_trend_window(&c, 0) == 0);
	c.every = 604800;
	w = rv_trend_window(&c, t);
	rv_trend_label(&c, w, lab);
	test_cond("1w starts on Monday", strcmp(lab, "2024-04-29") == 0);
	test_cond("1w next", rv_trend_window(&c, t + 5 * 86400) == w + 1);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_flat(void)
{
	struct rv_trend_opts o = opts(3600, RV_TREND_COUNT);
	struct rv_trend_model m;
	struct rv_trend_point p;
	long long w;
	int warm = 0, alerts = 0;

	memset(&m, 0, sizeof(m));
	for (w = 0; w < 24 * 21; w++) {
		p = feed(&m, &o, w, 10);
		warm += p.warm;
		alerts += !p.warm && p.alert != RV_TREND_NONE;
	}
	test_cond("flat: warm-up windows", warm == o.warmup);
	test_cond("flat: no alerts", alerts == 0);
	p = feed(&m, &o, w++, 10);
	test_cond("flat: expected exactly 10", fabs(p.expected - 10) < 1e-9 && fabs(p.score) < 1e-9);
	test_cond("flat: bounds around 10", p.low < 10 && p.high > 10 && p.low > 0);
	p = feed(&m, &o, w++, 40);
	test_cond("flat: spike", p.alert == RV_TREND_SPIKE && p.score > o.z);
	test_cond("flat: spike scored on the sqrt scale",
	    p.score > 2 * (sqrt(40.375) - sqrt(10.375)) / 1.2 && p.score <= 2 * (sqrt(40.375) - sqrt(10.375)));
	p = feed(&m, &o, w++, 10);
	test_cond("flat: after one spike (winsorised: +10% at most)", p.alert == RV_TREND_NONE && fabs(p.expected - 10) < 1);
	p = feed(&m, &o, w++, 0);
	test_cond("flat: drop to zero", p.alert == RV_TREND_DROP && p.score < -o.z);
	p = feed(&m, &o, w++, 10000);
	p = feed(&m, &o, w++, 10);
	test_cond("flat: an outlier of 10000 barely moves the level", p.expected < 11 && p.alert == RV_TREND_NONE);
}

static void
test_daily(void)
{
	struct rv_trend_opts o = opts(3600, RV_TREND_COUNT);
	struct rv_trend_model m;
	struct rv_trend_point p;
	long long w;
	int alerts = 0;

	memset(&m, 0, sizeof(m));
	for (w = 0; w < 24 * 28; w++) {
		p = feed(&m, &o, w, w % 24 < 8 ? 4 : 40);
		alerts += !p.warm && p.alert != RV_TREND_NONE;
	}
	test_cond("daily: no false alerts on a clean cycle", alerts == 0);
	p = feed(&m, &o, w + 3, 4);
	test_cond("daily: night expected", fabs(p.expected - 4) < 1);
	p = feed(&m, &o, w + 12, 40);
	test_cond("daily: noon expected", fabs(p.expected - 40) < 4);
	/* 20 at night is a spike; 20 at noon a drop. */
	p = feed(&m, &o, 24 * 40 + 3, 20);
	test_cond("daily: 20 at night is a spike", p.alert == RV_TREND_SPIKE);
	p = feed(&m, &o, 24 * 41 + 12, 10);
	test_cond("daily: 10 at noon is a drop", p.alert == RV_TREND_DROP);
}

static void
test_shift(void)
{
	struct rv_trend_opts o = opts(86400, RV_TREND_COUNT);
	struct rv_trend_model m;
	struct rv_trend_point p;
	long long w;
	int spikes = 0, shift = -1, after = 0;

	memset(&m, 0, sizeof(m));
	for (w = 0; w < 60; w++)
		feed(&m, &o, w, 50);
	for (; w < 90; w++) {
		p = feed(&m, &o, w, 150);
		if (shift < 0 && p.alert == RV_TREND_SPIKE)
			spikes++;
		if (shift < 0 && p.alert == RV_TREND_SHIFT)
			shift = (int)(w - 60);
		else if (shift >= 0 && p.alert != RV_TREND_NONE)
			after++;
	}
	test_cond("shift: spikes first", spikes == o.shift_after - 1);
	test_cond("shift: adopted after shift_after alerts", shift == o.shift_after - 1);
	test_cond("shift: the new normal raises no alerts", after == 0);
	test_cond("shift: expected at the new level", fabs(p.expected - 150) < 1);
}

/* A lasting change too small for any window to alert: the CUSUM finds it
 * and adopts it as a shift; the return to the old level within a day is
 * the end of the incident, adopted without an alert. */
static void
test_cusum(void)
{
	struct rv_trend_opts o = opts(3600, RV_TREND_COUNT);
	struct rv_trend_model m;
	struct rv_trend_point p = {0};
	long long w;
	int single = 0, shift = -1, after = 0;

	memset(&m, 0, sizeof(m));
	for (w = 0; w < 24 * 21; w++)
		feed(&m, &o, w, 100);
	for (; w < 24 * 21 + 20; w++) {
		p = feed(&m, &o, w, 125);
		single += p.alert == RV_TREND_SPIKE;
		if (p.alert == RV_TREND_SHIFT && shift < 0)
			shift = (int)(w - 24 * 21);
	}
	test_cond("cusum: no window alone alerts", single == 0);
	test_cond("cusum: a shift within 12 windows", shift >= 3 && shift < 12);
	test_cond("cusum: new level", fabs(p.expected - 125) < 5);
	for (; w < 24 * 21 + 50; w++) {
		p = feed(&m, &o, w, 100);
		after += p.alert != RV_TREND_NONE;
	}
	test_cond("cusum: the return is silent", after == 0);
	test_cond("cusum: heading back to the old level", p.expected < 110);
}

static void
test_dispersion(void)
{
	struct rv_trend_opts o = opts(86400, RV_TREND_COUNT);
	struct rv_trend_model a, b;
	struct rv_trend_point pa, pb;
	long long w;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (w = 0; w < 200; w++) {
		feed(&a, &o, w, 100);
		feed(&b, &o, w, w % 2 ? 60 : 140);	/* sd 40 where Poisson has 10 */
	}
	pa = feed(&a, &o, w, 160);
	pb = feed(&b, &o, w, 160);
	test_cond("dispersion: same level", fabs(pa.expected - 100) < 1 && fabs(pb.expected - 100) < 5);
	test_cond("dispersion: wider bounds", pb.high > pa.high + 40);
	test_cond("dispersion: 160 surprising only without it",
	    pa.alert == RV_TREND_SPIKE && pb.alert == RV_TREND_NONE);
}

static void
test_mean_rate(void)
{
	struct rv_trend_opts o = opts(86400, RV_TREND_MEAN), r = opts(86400, RV_TREND_RATE);
	struct rv_trend_model m, q;
	struct rv_trend_point p;
	struct rv_trend_obs x = {10, 30, 100}, e = {0, 0, 0};	/* 2 and 4 five times each */
	long long w;

	memset(&m, 0, sizeof(m));
	memset(&q, 0, sizeof(q));
	for (w = 0; w < 40; w++) {
		rv_trend_judge(&m, &o, -1, -1, &x, &p);
		rv_trend_learn(&m, &o, -1, -1, &x, &p);
	}
	test_cond("mean: value", fabs(p.value - 3) < 1e-12 && fabs(p.expected - 3) < 1e-9);
	test_cond("mean: interval from the values' sd", p.high - 3 > 4 * sqrt(0.1) && p.high - 3 < 4 * sqrt(0.2));
	x.sum = 50;
	x.sumsq = 250;
	rv_trend_judge(&m, &o, -1, -1, &x, &p);
	test_cond("mean: spike", p.alert == RV_TREND_SPIKE);
	rv_trend_judge(&m, &o, -1, -1, &e, &p);
	test_cond("mean: empty window has no verdict", p.warm && isnan(p.value) && p.alert == RV_TREND_NONE);

	x.n = 100;
	x.sum = 10;
	for (w = 0; w < 40; w++) {
		rv_trend_judge(&q, &r, -1, -1, &x, &p);
		rv_trend_learn(&q, &r, -1, -1, &x, &p);
	}
	test_cond("rate: expected", fabs(p.expected - 0.1) < 1e-9);
	x.sum = 30;
	rv_trend_judge(&q, &r, -1, -1, &x, &p);
	test_cond("rate: spike", p.alert == RV_TREND_SPIKE && p.value == 0.3);
	x.sum = 12;
	rv_trend_judge(&q, &r, -1, -1, &x, &p);
	test_cond("rate: 12% is normal", p.alert == RV_TREND_NONE);
}

static int
collect(void *ctx, const struct rv_trend_seg *s, long long w, const struct rv_trend_point *p)
{
	struct rv_buf *b = ctx;

	(void)s;
	return rv_buf_printf(b, "%lld %s %.6f %d\n", w, s->key, p->score, p->alert);
}

/* Batch and streaming see the same windows; appended windows do not
 * change earlier verdicts; a saved state continues exactly. */
static void
test_set(void)
{
	struct rv_trend_opts o = opts(3600, RV_TREND_COUNT);
	struct rv_trend *a = rv_trend_new(&o, 0), *b = rv_trend_new(&o, 1), *c = rv_trend_new(&o, 1), *d;
	struct rv_buf ba = {0}, bb = {0}, bc = {0}, st = {0};
	struct rv_trend_obs one = {1, 0, 0};
	struct rv_out out;
	unsigned long line;
	long long w, k;
	char tmp[] = "/tmp/rv-trend-testXXXXXX";
	int fd;

	for (w = 1000; w < 1000 + 24 * 10; w++)
		for (k = 0; k < (w % 24 < 8 ? 2 : 9) + (w == 1200) * 30; k++) {
			if (w % 3)	/* segment y only in some windows */
				rv_trend_add(a, "y", 1, w, &one);
			rv_trend_add(a, "x", 1, w, &one);
		}
	rv_trend_select(a, 0, 0);
	rv_trend_run(a, collect, &ba);
	for (w = 1000; w < 1000 + 24 * 10; w++) {
		rv_trend_advance(b, w, collect, &bb);
		rv_trend_advance(c, w, collect, &bc);
		if (w == 1100) {
			/* save c, load it into a fresh set d and go on with d */
			fd = mkstemp(tmp);
			rv_out_init(&out, fd);
			rv_trend_save(c, &out);
			rv_out_close(&out);
			close(fd);
			rv_buf_read_file(&st, tmp);
			unlink(tmp);
			d = rv_trend_new(&o, 1);
			test_cond("state: loads", rv_trend_load(d, st.p, st.len, &line) == RV_TREND_OK);
			rv_trend_free(c);
			c = d;
		}
		for (k = 0; k < (w % 24 < 8 ? 2 : 9) + (w == 1200) * 30; k++) {
			if (w % 3) {
				rv_trend_add(b, "y", 1, w, &one);
				rv_trend_add(c, "y", 1, w, &one);
			}
			rv_trend_add(b, "x", 1, w, &one);
			rv_trend_add(c, "x", 1, w, &one);
		}
	}
	rv_trend_advance(b, w, collect, &bb);
	rv_trend_advance(c, w, collect, &bc);
	test_cond("set: batch = streaming", ba.len > 0 && ba.len == bb.len && memcmp(ba.p, bb.p, ba.len) == 0);
	test_cond("set: state continues exactly", bc.len == bb.len && memcmp(bc.p, bb.p, bb.len) == 0);
	test_cond("set: the planted spike", strstr(ba.p, "1200 x") != NULL &&
	    strstr(ba.p, "1200 x")[strcspn(strstr(ba.p, "1200 x"), "\n") - 1] == '1');
	test_cond("state: rejects other options", (o.every = 60, d = rv_trend_new(&o, 1),
	    rv_trend_load(d, st.p, st.len, &line) == RV_TREND_ERANGE && line == 1));
	rv_trend_free(d);
	rv_trend_free(a);
	rv_trend_free(b);
	rv_trend_free(c);
	rv_buf_free(&ba);
	rv_buf_free(&bb);
	rv_buf_free(&bc);
	rv_buf_free(&st);
}

/* Batch cells: rows of a window interleaved across segments (x y x z x),
 * a late row (cells dealt to the segments and sorted) and the same counts
 * summed beforehand give the same verdicts, windows and segments. */
static void
test_cells(void)
{
	static const char *const seq[5] = {"x", "y", "x", "z", "x"};
	struct rv_trend_opts o = opts(3600, RV_TREND_COUNT);
	struct rv_trend *a = rv_trend_new(&o, 0), *b = rv_trend_new(&o, 0);
	struct rv_trend *c = rv_trend_new(&o, 0), *d = rv_trend_new(&o, 0);
	struct rv_buf ba = {0}, bb = {0}, bc = {0}, bd = {0};
	struct rv_trend_obs one = {1, 0, 0};
	long long w, k;
	int i;

	for (w = 500; w < 500 + 24 * 8; w++) {
		long long nrow = (w % 24 < 8 ? 1 : 4) + (w == 600) * 20;
		struct rv_trend_obs xs = {(double)(3 * nrow), 0, 0}, ys = {(double)nrow, 0, 0};
		for (k = 0; k < nrow; k++)
			for (i = 0; i < 5; i++) {
				rv_trend_add(a, seq[i], 1, w, &one);
				rv_trend_add(c, seq[i], 1, w, &one);
			}
		/* summed: one row per segment and window, other segment order */
		rv_trend_add(b, "z", 1, w, &ys);
		rv_trend_add(b, "x", 1, w, &xs);
		rv_trend_add(b, "y", 1, w, &ys);
		rv_trend_add(d, "z", 1, w, &ys);
		rv_trend_add(d, "x", 1, w, &xs);
		rv_trend_add(d, "y", 1, w, &ys);
	}
	/* late rows: into c one by one, into d as more of window 550 */
	for (k = 0; k < 30; k++)
		rv_trend_add(c, "y", 1, 550, &one);
	rv_trend_add(d, "y", 1, 550, &(struct rv_trend_obs){30, 0, 0});
	rv_trend_select(a, 0, 0);
	rv_trend_select(b, 0, 0);
	rv_trend_select(c, 0, 0);
	rv_trend_select(d, 0, 0);
	rv_trend_run(a, collect, &ba);
	rv_trend_run(b, collect, &bb);
	rv_trend_run(c, collect, &bc);
	rv_trend_run(d, collect, &bd);
	test_cond("cells: one stream in time order", !a->dealt && !b->dealt);
	test_cond("cells: a late row deals them", c->dealt && d->dealt);
	test_cond("cells: interleaved rows = summed rows", ba.len > 0 && ba.len == bb.len &&
	    memcmp(ba.p, bb.p, ba.len) == 0);
	test_cond("cells: late rows = summed rows", bc.len > 0 && bc.len == bd.len &&
	    memcmp(bc.p, bd.p, bc.len) == 0);
	test_cond("cells: the late rows count", bc.len != ba.len || memcmp(bc.p, ba.p, ba.len) != 0);
	test_cond("cells: every segment and window", ba.len > 0 &&
	    strstr(ba.p, "500 x ") != NULL && strstr(ba.p, "691 z ") != NULL);
	rv_trend_free(a);
	rv_trend_free(b);
	rv_trend_free(c);
	rv_trend_free(d);
	rv_buf_free(&ba);
	rv_buf_free(&bb);
	rv_buf_free(&bc);
	rv_buf_free(&bd);
}

int
main(void)
{
	test_every();
	test_calendar();
	test_flat();
	test_daily();
	test_shift();
	test_cusum();
	test_dispersion();
	test_mean_rate();
	test_set();
	test_cells();
	return test_report();
}
