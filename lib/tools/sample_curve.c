/* sample_curve.c - rv-sample journeys --realistic and chats --realistic:
 * many numeric emotion curves (one per `case`) with planted steps and
 * ramps, built to look like real data rather than like the model rv-curve
 * fits (issue 15):
 *
 *  - each customer (conversation) has their own level, N(0, sdb) with sdb
 *    0.16-0.24 per table, on top of the within noise N(0, sdw), sdw
 *    0.2-0.4;
 *  - journeys: customers take part in a subset of the stages (each stage
 *    its own participation, 15-70%), so adjacent stages share only some
 *    customers; 100-1,000 customers per table;
 *  - chats: 60-1,000 conversations per table, the customer's messages a
 *    geometric number (mean 2.5-6) interleaved with agent replies, and
 *    15-35% of the customer's messages short ("ok", "嗯") and scored 0
 *    whatever the mood; changes are planted at positions 2 to 8 that at
 *    least 40 conversations are expected to reach;
 *  - the curve drifts mildly (a slope of up to 0.008 per position and a
 *    jitter of sd 0.01 per position: not planted changes);
 *  - families: flat, one step, two or three steps, a ramp (a change of
 *    0.25-0.7 spread over 3-8 positions), a ramp and a step; steps are
 *    0.12-0.7 (log-uniform, 60% drops).
 *
 * Every case is a pure function of (seed, case number); --truth
 * regenerates it to count the values per position. */
#include "sample_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SALT_CURVE = 0x6375 };
enum { FAM_FLAT, FAM_STEP, FAM_STEPS, FAM_RAMP, FAM_RAMPSTEP, NFAM };
enum { KMAX = 12 };	/* planted levels; later chat positions keep the last */

static const char *const fam_names[NFAM] = {"flat", "step", "steps", "ramp", "ramp_step"};
static const double fam_cum[NFAM] = {0.2, 0.5, 0.7, 0.85, 1.0};
static const char *const stage_names[6] = {"purchase", "wait", "delivery", "unboxing", "use",
    "aftersales"};

struct feat {
	int ramp;		/* 0 step, 1 ramp */
	int from, to;		/* 1-based: step: first position at the new level;
				 * ramp: last position at the old level, first at the new */
	double change;
};

struct curve {
	int fam, k, nf;		/* k: positions planted (6 stages, 10 turns) */
	struct feat f[4];
	double level[KMAX];
	double sdb, sdw, part[KMAX], meanlen, shortp;
	uint32_t units;		/* customers or conversations */
};

static double
gauss(struct rv_rng *r)
{
	double u = rv_rng_unif(r), v = rv_rng_unif(r);

	return sqrt(-2 * log(1 - u)) * cos(6.283185307179586 * v);
}

static double
unif(struct rv_rng *r, double a, double b)
{
	return a + (b - a) * rv_rng_unif(r);
}

/* Is position p (a step) clear of the features planted so far? Steps are
 * two positions apart; a step is not inside a ramp or next to its ends. */
static int
clear(const struct curve *c, int p)
{
	int i;

	for (i = 0; i < c->nf; i++) {
		const struct feat *f = &c->f[i];
		if (!f->ramp && (p > f->from - 2 && p < f->from + 2))
			return 0;
		if (f->ramp && p >= f->from && p <= f->to + 1)
			return 0;
	}
	return 1;
}

static void
add_step(struct curve *c, struct rv_rng *r, int last)
{
	int tries, p;
	struct feat *f;

	for (tries = 0; tries < 40; tries++) {
		p = 2 + (int)rv_rng_below(r, (uint32_t)(last - 1));
		if (!clear(c, p))
			continue;
		f = &c->f[c->nf++];
		f->ramp = 0;
		f->from = f->to = p;
		f->change = exp(unif(r, log(0.12), log(0.7)));
		if (rv_rng_unif(r) < 0.6)
			f->change = -f->change;
		return;
	}
}

static void
add_ramp(struct curve *c, struct rv_rng *r, int lmax, int last)
{
	struct feat *f = &c->f[c->nf++];
	int len = 3 + (int)rv_rng_below(r, (uint32_t)(lmax - 2));

	if (len > last - 1)
		len = last - 1;
	f->ramp = 1;
	f->from = 1 + (int)rv_rng_below(r, (uint32_t)(last - len));
	f->to = f->from + len;
	f->change = unif(r, 0.25, 0.7) * (rv_rng_unif(r) < 0.5 ? -1 : 1);
}

static int
cmp_feat(const void *a, const void *b)
{
	return ((const struct feat *)a)->from - ((const struct feat *)b)->from;
}

static void
plan_curve(const struct rv_sample *s, struct rv_rng *r, struct curve *c)
{
	int chats = s->o.kind == RV_SAMPLE_CHATS, i, j, last, tries;
	double u = rv_rng_unif(r), base, slope, lv;

	memset(c, 0, sizeof(*c));
	for (c->fam = 0; c->fam < NFAM - 1 && u >= fam_cum[c->fam]; c->fam++)
		;
	c->sdb = unif(r, 0.16, 0.24);
	c->sdw = unif(r, 0.2, 0.4);
	for (i = 0; i < KMAX; i++)
		c->part[i] = unif(r, 0.15, 0.7);
	c->units = (uint32_t)exp(chats ? unif(r, log(60), log(1000)) : unif(r, log(100), log(1000)));
	c->meanlen = unif(r, 2.5, 6);
	c->shortp = unif(r, 0.15, 0.35);
	if (!chats)
		c->shortp = 0;
	c->k = chats ? 10 : 6;
	last = 6;
	if (chats) {
		/* Changes are planted where at least 40 conversations are
		 * expected to reach (positions 3 to 8). */
		for (last = 3; last < 8 && c->units * pow(1 - 1 / c->meanlen, last) >= 40; last++)
			;
	}
	switch (c->fam) {
	case FAM_STEP:
		add_step(c, r, last);
		break;
	case FAM_STEPS:
		add_step(c, r, last);
		add_step(c, r, last);
		if (chats && rv_rng_unif(r) < 0.5)
			add_step(c, r, last);
		break;
	case FAM_RAMP:
		add_ramp(c, r, chats ? 8 : 5, chats ? last + 1 : 6);
		break;
	case FAM_RAMPSTEP:
		for (tries = 0; tries < 20 && c->nf < 2; tries++) {
			c->nf = 0;
			add_ramp(c, r, chats ? 5 : 3, chats ? last + 1 : 6);
			add_step(c, r, last);
		}
		break;
	}
	qsort(c->f, (size_t)c->nf, sizeof(c->f[0]), cmp_feat);
	/* Levels: base, drift and jitter, then the features; a change that
	 * would leave [-0.75, 0.75] is turned the other way. */
	base = unif(r, -0.15, 0.35);
	slope = unif(r, -0.008, 0.008);
	for (i = 0; i < KMAX; i++)
		c->level[i] = base + slope * i + 0.01 * gauss(r);
	lv = base;
	for (j = 0; j < c->nf; j++) {
		struct feat *f = &c->f[j];
		if (lv + f->change > 0.75 || lv + f->change < -0.75)
			f->change = -f->change;
		lv += f->change;
		for (i = 0; i < KMAX; i++) {
			double x = i + 1;	/* 1-based position */
			if (!f->ramp)
				c->level[i] += x >= f->from ? f->change : 0;
			else
				c->level[i] += x <= f->from ? 0 : x >= f->to ? f->change :
				    f->change * (x - f->from) / (f->to - f->from);
		}
	}
}

static double
value(const struct curve *c, struct rv_rng *r, int pos, double b)
{
	double v = c->level[pos < KMAX ? pos : KMAX - 1] + b + c->sdw * gauss(r);

	v = v > 1 ? 1 : v < -1 ? -1 : v;
	return floor(v * 1000 + 0.5) / 1000;
}

static void
put_case(struct rv_out *o, uint64_t n)
{
	rv_out_putc(o, 'K');
	smp_put_u64(o, n + 1, 4);
}

/* Generate case n; with o, write its rows, else count values per position. */
static void
gen_case(const struct rv_sample *s, uint64_t n, struct curve *c, struct rv_out *o, double *cnt)
{
	int chats = s->o.kind == RV_SAMPLE_CHATS, i, len, t;
	struct rv_rng r;
	uint32_t u;
	double b;

	rv_rng_seed(&r, s->o.seed ^ SALT_CURVE, n);
	plan_curve(s, &r, c);
	for (u = 0; u < c->units && (o == NULL || o->err == 0); u++) {
		b = c->sdb * gauss(&r);
		if (!chats) {
			for (i = 0; i < 6; i++) {
				double v;
				if (rv_rng_unif(&r) >= c->part[i])
					continue;
				v = value(c, &r, i, b);
				if (cnt)
					cnt[i]++;
				if (o == NULL)
					continue;
				put_case(o, n);
				rv_out_puts(o, "\tU");
				smp_put_u64(o, (uint64_t)u + 1, 5);
				rv_out_tab(o);
				rv_out_puts(o, stage_names[i]);
				rv_out_tab(o);
				rv_out_num(o, v, 3);
				rv_out_eol(o);
			}
			continue;
		}
		/* Customer messages: 1 + geometric, mean meanlen. */
		for (len = 1; len < 40 && rv_rng_unif(&r) < 1 - 1 / c->meanlen; len++)
			;
		for (i = 0, t = 1; i < len; i++) {
			double v = rv_rng_unif(&r) < c->shortp ? 0 : value(c, &r, i, b);
			if (cnt)
				cnt[i < KMAX ? i : KMAX - 1]++;
			if (o == NULL)
				continue;
			put_case(o, n);
			rv_out_puts(o, "\tV");
			smp_put_u64(o, (uint64_t)u + 1, 5);
			rv_out_printf(o, "\t%d\tcustomer\t", t++);
			rv_out_num(o, v, 3);
			rv_out_eol(o);
			if (i + 1 < len || rv_rng_unif(&r) < 0.5) {
				put_case(o, n);
				rv_out_puts(o, "\tV");
				smp_put_u64(o, (uint64_t)u + 1, 5);
				rv_out_printf(o, "\t%d\tagent\t", t++);
				rv_out_eol(o);
			}
		}
	}
}

/* z of a planted change: its effect on the position means over the
 * standard error of the difference of the two positions either side. */
static double
zof(const struct curve *c, const struct feat *f, const double *cnt)
{
	int a = f->ramp ? f->from - 1 : f->from - 2, b = f->to - 1;
	double keep = 1 - c->shortp, v = keep * (c->sdb * c->sdb + c->sdw * c->sdw);

	if (cnt[a] < 1 || cnt[b] < 1)
		return 0;
	return fabs(f->change) * keep / sqrt(v / cnt[a] + v / cnt[b]);
}

int
smp_write_curves(struct rv_sample *s, struct rv_out *o, int truth)
{
	int chats = s->o.kind == RV_SAMPLE_CHATS, j;
	double cnt[KMAX];
	struct curve c;
	uint64_t n;

	if (truth)
		rv_out_puts(o, "case\tfamily\tfeature\tfrom\tto\tchange\tz\n");
	else
		rv_out_puts(o, chats ? "case\tconv\tturn\trole\tsentiment\n" :
		    "case\tcustomer\tstage\tsentiment\n");
	for (n = 0; n < s->o.rows && o->err == 0; n++) {
		if (!truth) {
			gen_case(s, n, &c, o, NULL);
			continue;
		}
		memset(cnt, 0, sizeof(cnt));
		gen_case(s, n, &c, NULL, cnt);
		if (c.nf == 0) {
			put_case(o, n);
			rv_out_printf(o, "\t%s\tnone\t\t\t0\t\n", fam_names[c.fam]);
		}
		for (j = 0; j < c.nf; j++) {
			const struct feat *f = &c.f[j];
			put_case(o, n);
			rv_out_printf(o, "\t%s\t%s\t%d\t%d\t", fam_names[c.fam],
			    f->ramp ? "ramp" : "step", f->from, f->to);
			rv_out_num(o, f->change, 3);
			rv_out_tab(o);
			rv_out_num(o, zof(&c, f, cnt), 2);
			rv_out_eol(o);
		}
	}
	return 0;
}
