/* trend.c - see trend.h and rv-trend(1).
 *
 * Counts. The expected count of a window is mu = L * D[hour] * W[day]:
 * a level L and multiplicative hour-of-day and day-of-week factors, all
 * ratios of exponentially decayed sums (so sparse series work: a factor
 * is events seen in the slot over events the level predicted there, with
 * a pseudo-count pulling it to 1 while the slot has few events). The
 * daily factors apply after 2 days of history, the weekly ones after 2
 * weeks. The noise is negative binomial, Var = mu + k mu^2, with k
 * estimated from the residuals (decayed moments), plus the level's own
 * uncertainty mu^2 / (events behind the level). The score is the
 * difference on the variance-stabilising square-root scale,
 * 2 (sqrt(y + 3/8) - sqrt(mu + 3/8)) / sqrt(Var / mu), about N(0, 1) for
 * any count level, so one threshold means the same for a quiet night and
 * a busy noon; low and high are the counts where |score| = z.
 *
 * Robustness: the level learns a window winsorised to 3 units of score,
 * the seasonal factors and the dispersion learn only from windows that
 * did not alert. Causality: a window is judged before it is learned, and
 * nothing but earlier windows enters the model. Shifts: after
 * shift_after consecutive alerts of one sign the level is replaced by
 * the run's own level (the new normal). */
#include "trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "num.h"

#define PSEUDO 1.0	/* events pulling a seasonal factor towards 1 */
#define Z_LEARN 3.0	/* winsorising bound for learning the level, in score units ... */
#define Z_PROFILE 5.0	/* ... and the seasonal factors (wider: a wrong factor must heal) */
#define Z_RESID 3.0	/* the dispersion learns from residuals within Z_RESID sd ... */
#define Z_RESID_VAR 0.9733	/* ... whose variance is this share of a normal one */
#define K_PRIOR 0.01	/* dispersion before the data say otherwise ... */
#define K_WEIGHT 2.0	/* ... worth this many windows */
#define K_MAX 4.0
#define CUSUM_K 1.0	/* CUSUM allowance per window, in score units (a lasting shift of more than 1) ... */
#define CUSUM_H 10.0	/* ... its alarm level ... */
#define CUSUM_CLAMP 3.0	/* ... and the most one window adds (a spike alone is not a shift) */
#define MAX_WINDOWS 50000000LL	/* windows in one run (memory guard) */

_Static_assert(sizeof(struct rv_trend_model) == RV_TREND_NMODEL * sizeof(double),
    "the model is saved as RV_TREND_NMODEL doubles");

static long
clampl(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static long long
floordiv(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void
rv_trend_opts_default(struct rv_trend_opts *o)
{
	long day = o->every < 86400 ? (long)(86400 / o->every) : 1;

	if (o->z <= 0)
		o->z = 4;
	/* A week: slow next to the weekly cycle, so that the level does not
	 * absorb weekends (lasting changes are the CUSUM's and the shifts'). */
	if (o->span <= 0)
		o->span = o->every < 86400 ? clampl((long)(604800 / o->every), 14, 2016) : 14;
	/* Until the daily factors apply (2 days), or the weekly ones for
	 * daily windows (2 weeks), a cycle would look like anomalies. */
	if (o->warmup <= 0)
		o->warmup = o->every < 86400 ? clampl(2 * day, 7, 576) : o->every == 86400 ? 14 : 7;
	if (o->shift_after <= 0)
		o->shift_after = clampl((long)(7200 / o->every), 3, 24);
}

long long
rv_trend_every_parse(const char *s)
{
	unsigned long long v;
	const char *u = s + strspn(s, "0123456789");
	long long mul;

	if (u == s || u - s > 9 || rv_num_parse_u64(s, (size_t)(u - s), &v) < 0 || v == 0)
		return -1;
	switch (*u) {
	case 's': mul = 1; break;
	case 'm': mul = 60; break;
	case 'h': mul = 3600; break;
	case 'd': mul = 86400; break;
	case 'w': mul = 604800; break;
	default: return -1;
	}
	if (u[1] != '\0' || (long long)v > 100000000LL / mul)
		return -1;
	v *= (unsigned long long)mul;
	if (v < 86400 ? 86400 % v != 0 : v % 86400 != 0)
		return -1;
	return (long long)v;
}

/* ---- the model ---- */

static double
factor(double num, double den)
{
	return (num + PSEUDO) / (den + PSEUDO);
}

static double
season2(const struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow,
    double *df, double *wf)
{
	double age = m->t * (double)o->every;

	*df = *wf = 1;
	if (o->kind != RV_TREND_COUNT)
		return 1;
	if (hod >= 0 && age >= 2 * 86400.0)
		*df = factor(m->dnum[hod], m->dden[hod]);
	if (dow >= 0 && age >= 14 * 86400.0)
		*wf = factor(m->wnum[dow], m->wden[dow]);
	return *df * *wf;
}

double
rv_trend_season(const struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow)
{
	double d, w;

	return season2(m, o, hod, dow, &d, &w);
}

static double
dispersion(const struct rv_trend_model *m, double mu)
{
	double w = K_WEIGHT * mu * mu, k;

	if (w <= 0)
		return K_PRIOR;
	k = (m->vnum + K_PRIOR * w) / (m->vden + w);
	return k < 0 ? 0 : k > K_MAX ? K_MAX : k;
}

/* The variance factor phi = Var / mu of a count expected at mu. */
static double
count_phi(const struct rv_trend_model *m, double mu)
{
	double phi;

	if (mu <= 0)
		return 1;
	phi = 1 + mu * (dispersion(m, mu) + 1 / (m->lnum + 1));
	return phi < 1 ? 1 : phi;
}

/* What judging and then learning a count window share, computed once:
 * the seasonal factors and, at a level, the expected count mu, its
 * variance factor phi and the square roots of the bounds and the score. */
struct cwin {
	double df, wf, s;	/* daily and weekly factors, their product */
	double mu, phi, sphi, b;	/* mu, phi, sqrt(phi), sqrt(mu + 3/8) */
};

/* mu and what follows from it at level lev. */
static void
cwin_level(const struct rv_trend_model *m, double lev, struct cwin *c)
{
	c->mu = lev * c->s;
	c->phi = count_phi(m, c->mu);
	c->sphi = sqrt(c->phi);
	c->b = sqrt(c->mu + 0.375);
}

/* The factors of slot hod/dow and, when the model has a level, mu. */
static void
cwin_init(const struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow, struct cwin *c)
{
	c->s = season2(m, o, hod, dow, &c->df, &c->wf);
	c->mu = c->phi = c->sphi = c->b = 0;
	if (o->kind == RV_TREND_COUNT && m->lden > 0)
		cwin_level(m, m->lnum / m->lden, c);
}

/* The counts where the score reaches -z and z. */
static void
count_bounds(const struct cwin *c, double z, double *low, double *high)
{
	double b = c->b, h = z * c->sphi / 2;

	*high = (b + h) * (b + h) - 0.375;
	*low = b > h ? (b - h) * (b - h) - 0.375 : 0;
	if (*low < 0)
		*low = 0;
}

/* sqrt(n + 3/8) of the usual small counts, from a table. */
static double
sqrt_count(double n)
{
	enum { NSQ = 1024 };
	static double sq[NSQ];
	static int init;

	if (n >= 0 && n < NSQ && n == (double)(int)n) {
		if (!init) {
			int i;
			for (i = 0; i < NSQ; i++)
				sq[i] = sqrt(i + 0.375);
			init = 1;
		}
		return sq[(int)n];
	}
	return sqrt(n + 0.375);
}

/* Per-run constants of the options (rates of decay). */
struct kopt {
	double lam;	/* the level's and the dispersion's */
	double ld, lw;	/* the hour-of-day and day-of-week factors' */
};

static void
kopt_init(const struct rv_trend_opts *o, struct kopt *k)
{
	double upd = o->every < 3600 ? (double)(3600 / o->every) : 1;

	k->lam = 1 - 1.0 / (double)o->span;
	k->ld = 1 - 1 / (21 * upd);
	upd = o->every < 86400 ? (double)(86400 / o->every) : 1;
	k->lw = 1 - 1 / (8 * upd);
}

/* Mean/rate: the level, the sd of a window mean of n rows. */
static double
mr_sd(const struct rv_trend_model *m, const struct rv_trend_opts *o, double n, double *mean)
{
	double s2, tau2;

	*mean = m->lnum / m->lden;
	if (o->kind == RV_TREND_RATE) {
		double pp = (m->lnum + 0.5) / (m->lden + 1);
		s2 = pp * (1 - pp);
	} else {
		s2 = m->snum / m->lden;
	}
	if (s2 < 1e-12)
		s2 = 1e-12;
	tau2 = m->vden > 0 ? m->vnum / m->vden : 0;
	if (tau2 < 0)
		tau2 = 0;
	return sqrt(s2 / n + s2 / m->lden + tau2);
}

static void
no_verdict(struct rv_trend_point *p)
{
	p->warm = 1;
	p->expected = p->low = p->high = p->score = NAN;
	p->alert = RV_TREND_NONE;
}

static int
verdict(double score, double z)
{
	return score > z ? RV_TREND_SPIKE : score < -z ? RV_TREND_DROP : RV_TREND_NONE;
}

/* The verdict on x against the given level (counts: c, at that level). */
static void
judge_level(const struct rv_trend_model *m, const struct rv_trend_opts *o, double level,
    const struct cwin *c, const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	if (o->kind == RV_TREND_COUNT) {
		count_bounds(c, o->z, &p->low, &p->high);
		p->expected = c->mu;
		p->score = 2 * (sqrt_count(x->n) - c->b) / c->sphi;
	} else {
		double mean, sd = mr_sd(m, o, x->n, &mean);
		mean = level;
		p->expected = mean;
		p->low = mean - o->z * sd;
		p->high = mean + o->z * sd;
		if (o->kind == RV_TREND_RATE) {
			p->low = p->low < 0 ? 0 : p->low;
			p->high = p->high > 1 ? 1 : p->high;
		}
		p->score = (p->value - mean) / sd;
	}
	p->alert = verdict(p->score, o->z);
}

/* rv_trend_judge with c from cwin_init for counts. */
static void
judge(const struct rv_trend_model *m, const struct rv_trend_opts *o, const struct cwin *c,
    const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	p->n = x->n;
	p->warm = p->revert = 0;
	p->value = o->kind == RV_TREND_COUNT ? x->n : x->n > 0 ? x->sum / x->n : NAN;
	if (m->t < o->warmup || m->lden <= 0 || (o->kind != RV_TREND_COUNT && x->n <= 0)) {
		no_verdict(p);
		return;
	}
	judge_level(m, o, m->lnum / m->lden, c, x, p);
	/* The end of an incident: back at the level before a recent shift
	 * is normal, not a new alert. */
	if (p->alert != RV_TREND_NONE && m->olden > 0 &&
	    (p->alert == RV_TREND_SPIKE ? 1.0 : -1.0) == -m->osign) {
		struct rv_trend_point q = *p;
		struct cwin oc = *c;
		if (o->kind == RV_TREND_COUNT)
			cwin_level(m, m->olnum / m->olden, &oc);
		judge_level(m, o, m->olnum / m->olden, &oc, x, &q);
		if (q.alert == RV_TREND_NONE) {
			*p = q;
			p->revert = 1;
		}
	}
}

void
rv_trend_judge(const struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow,
    const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	struct cwin c;

	cwin_init(m, o, hod, dow, &c);
	judge(m, o, &c, x, p);
}

static void
reset_runs(struct rv_trend_model *m)
{
	m->run = m->rnum = m->rden = 0;
	m->cpos = m->cneg = m->cpnum = m->cpden = m->cnnum = m->cnden = 0;
}

/* Back to the level before the last shift. */
static void
revert(struct rv_trend_model *m, const struct rv_trend_opts *o)
{
	if (o->kind == RV_TREND_MEAN && m->lden > 0)
		m->snum *= m->olden / m->lden;
	m->lnum = m->olnum;
	m->lden = m->olden;
	m->olnum = m->olden = m->osign = m->osince = 0;
	reset_runs(m);
}

/* Windows after a shift in which a return to the old level is an end. */
static double
revert_windows(const struct rv_trend_opts *o)
{
	return o->every < 86400 ? (double)(86400 / o->every) : 3;
}

/* A new level num/den: a shift, or the end of the last one. Returns 1
 * for a shift, 0 for a silent return to the level before it. */
static int
adopt(struct rv_trend_model *m, const struct rv_trend_opts *o, double num, double den)
{
	double now = m->lden > 0 ? m->lnum / m->lden : 0, to = num / den;

	if (m->olden > 0 && (to > now ? 1.0 : -1.0) == -m->osign) {
		double old = m->olnum / m->olden;
		if (fabs(log((to + 1e-9) / (old + 1e-9))) < fabs(log((to + 1e-9) / (now + 1e-9)))) {
			revert(m, o);
			return 0;
		}
	}
	m->olnum = m->lnum;
	m->olden = m->lden;
	m->osign = to > now ? 1 : -1;
	m->osince = 0;
	if (o->kind == RV_TREND_MEAN && m->lden > 0)
		m->snum *= den / m->lden;
	m->lnum = num;
	m->lden = den;
	m->vnum *= 0.5;	/* the old dispersion is less sure at the new level */
	m->vden *= 0.5;
	reset_runs(m);
	return 1;
}

/* CUSUMs of the score: a lasting change too small for any single window
 * to alert adds up; at the alarm the segment's own level is adopted.
 * Returns 1 for a shift, 2 for a silent return, 0 otherwise. */
static int
cusum_step(struct rv_trend_model *m, const struct rv_trend_opts *o, const struct rv_trend_point *p,
    double y, double s)
{
	double u;

	if (p->warm || !isfinite(p->score))
		return 0;
	u = p->score > CUSUM_CLAMP ? CUSUM_CLAMP : p->score < -CUSUM_CLAMP ? -CUSUM_CLAMP : p->score;
	if (m->cpos <= 0)
		m->cpnum = m->cpden = 0;
	if (m->cneg <= 0)
		m->cnnum = m->cnden = 0;
	m->cpos = m->cpos + u - CUSUM_K > 0 ? m->cpos + u - CUSUM_K : 0;
	m->cneg = m->cneg - u - CUSUM_K > 0 ? m->cneg - u - CUSUM_K : 0;
	if (m->cpos > 0) {
		m->cpnum += y;
		m->cpden += s;
	}
	if (m->cneg > 0) {
		m->cnnum += y;
		m->cnden += s;
	}
	if (m->cpos > CUSUM_H && m->cpden > 0)
		return adopt(m, o, m->cpnum, m->cpden) ? 1 : 2;
	if (m->cneg > CUSUM_H && m->cnden > 0)
		return adopt(m, o, m->cnnum, m->cnden) ? 1 : 2;
	return 0;
}

/* The alert run; returns 1 when the run became a shift and was adopted,
 * 2 when it was a silent return to the level before the last shift. */
static int
run_step(struct rv_trend_model *m, const struct rv_trend_opts *o, const struct rv_trend_point *p,
    double y, double s)
{
	double sign;
	int cand = p->warm ? RV_TREND_NONE : p->alert;

	if (cand == RV_TREND_NONE) {
		/* A run survives windows on its side beyond half the bound
		 * (noise around a new level), without counting them. */
		if (m->run != 0 && !p->warm && p->score * m->run > o->z / 2) {
			m->rnum += y;
			m->rden += s;
		} else {
			m->run = m->rnum = m->rden = 0;
		}
		return 0;
	}
	sign = cand == RV_TREND_SPIKE ? 1 : -1;
	if (m->run * sign <= 0) {
		m->run = 0;
		m->rnum = m->rden = 0;
	}
	m->run += sign;
	m->rnum += y;
	m->rden += s;
	if (fabs(m->run) < (double)o->shift_after)
		return 0;
	/* The new normal: the level of the run, with the run's weight. */
	return adopt(m, o, m->rnum, m->rden) ? 1 : 2;
}

/* The history reaches age seconds with the next window. */
static int
crosses(const struct rv_trend_model *m, const struct rv_trend_opts *o, double age)
{
	return m->t * (double)o->every < age && (m->t + 1) * (double)o->every >= age;
}

/* c: cwin_init's for this window and the model before learning it. */
static void
learn_count(struct rv_trend_model *m, const struct rv_trend_opts *o, const struct kopt *ko,
    const struct cwin *c, int hod, int dow, const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	double y = x->n, yc = y, yp = y, df = c->df, wf = c->wf, s = c->s;
	double lam = ko->lam, mu = 0, lo, hi, var = 0, l;
	int cand = p->warm ? RV_TREND_NONE : p->alert, have = m->lden > 0 && m->t >= 2, k;
	double age = m->t * (double)o->every;

	if (have) {
		mu = c->mu;
		count_bounds(c, Z_PROFILE, &lo, &hi);
		yp = y < lo ? lo : y > hi ? hi : y;
		count_bounds(c, Z_LEARN, &lo, &hi);
		var = c->phi * mu;
		yc = y < lo ? lo : y > hi ? hi : y;
	}
	if (p->revert) {
		revert(m, o);
		m->t++;
		return;
	}
	/* No shifts until the weekly factors apply: adopting every weekend
	 * as a new level would keep them from ever being learned. */
	if (dow >= 0 && age < 14 * 86400.0)
		reset_runs(m);
	else if ((k = run_step(m, o, p, y, s)) != 0 || (k = cusum_step(m, o, p, y, s)) != 0) {
		p->alert = k == 1 ? RV_TREND_SHIFT : RV_TREND_NONE;
		m->t++;
		return;
	}
	m->lnum = m->lnum * lam + yc;
	m->lden = m->lden * lam + s;
	l = m->lnum / m->lden;
	/* When a seasonal component starts to apply, the residuals before it
	 * (the unmodelled cycle) no longer describe the noise. */
	if ((hod >= 0 && crosses(m, o, 2 * 86400.0)) || (dow >= 0 && crosses(m, o, 14 * 86400.0))) {
		m->vnum *= 0.1;
		m->vden *= 0.1;
	}
	/* The seasonal factors learn every window, winsorised: skipping the
	 * alerting ones would let a wrong factor keep itself wrong. They
	 * start once the level is an average over their cycle's shorter
	 * neighbour: hours after a day, weekdays after the daily factors
	 * apply (2 days; a week for day windows). */
	if (hod >= 0 && age >= 86400.0) {
		m->dnum[hod] = m->dnum[hod] * ko->ld + yp;
		m->dden[hod] = m->dden[hod] * ko->ld + l * wf;
	}
	if (dow >= 0 && age >= (o->every < 86400 ? 2 : 7) * 86400.0) {
		m->wnum[dow] = m->wnum[dow] * ko->lw + yp;
		m->wden[dow] = m->wden[dow] * ko->lw + l * df;
	}
	/* Truncated, not winsorised: a lasting deviation that does not alert
	 * yet must not widen the bounds until it never does. */
	if (cand == RV_TREND_NONE && have && fabs(y - mu) < Z_RESID * sqrt(var)) {
		m->vnum = m->vnum * lam + ((y - mu) * (y - mu) / Z_RESID_VAR - mu);
		m->vden = m->vden * lam + mu * mu;
	}
	m->t++;
}

static void
learn_mr(struct rv_trend_model *m, const struct rv_trend_opts *o, const struct kopt *ko,
    const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	double lam = ko->lam, ybar, yc, mean = 0, sd = 0, mref;
	int cand = p->warm ? RV_TREND_NONE : p->alert, have = m->lden > 0 && m->t >= 2, k;

	if (x->n <= 0)
		return;	/* an empty window says nothing about a mean */
	ybar = yc = x->sum / x->n;
	if (have) {
		sd = mr_sd(m, o, x->n, &mean);
		if (yc > mean + Z_LEARN * sd)
			yc = mean + Z_LEARN * sd;
		if (yc < mean - Z_LEARN * sd)
			yc = mean - Z_LEARN * sd;
	}
	if (p->revert) {
		revert(m, o);
		m->t++;
		return;
	}
	if ((k = run_step(m, o, p, x->sum, x->n)) != 0 || (k = cusum_step(m, o, p, x->sum, x->n)) != 0) {
		p->alert = k == 1 ? RV_TREND_SHIFT : RV_TREND_NONE;
		m->t++;
		return;
	}
	mref = m->lden > 0 ? m->lnum / m->lden : ybar;
	m->snum *= lam;
	if (cand == RV_TREND_NONE && o->kind == RV_TREND_MEAN) {
		double dev = x->sumsq - 2 * mref * x->sum + x->n * mref * mref;
		m->snum += dev > 0 ? dev : 0;
	}
	if (cand == RV_TREND_NONE && have) {
		double s2n = sd * sd - (m->vden > 0 && m->vnum > 0 ? m->vnum / m->vden : 0);
		m->vnum = m->vnum * lam + (ybar - mean) * (ybar - mean) - s2n;
		m->vden = m->vden * lam + 1;
	}
	m->lnum = m->lnum * lam + x->n * yc;
	m->lden = m->lden * lam + x->n;
	m->t++;
}

/* rv_trend_learn with c as judge's (the model is the one judged). */
static void
learn(struct rv_trend_model *m, const struct rv_trend_opts *o, const struct kopt *ko,
    const struct cwin *c, int hod, int dow, const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	if (m->olden > 0 && ++m->osince > revert_windows(o))
		m->olnum = m->olden = m->osign = m->osince = 0;
	if (o->kind == RV_TREND_COUNT)
		learn_count(m, o, ko, c, hod, dow, x, p);
	else
		learn_mr(m, o, ko, x, p);
}

void
rv_trend_learn(struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow,
    const struct rv_trend_obs *x, struct rv_trend_point *p)
{
	struct kopt ko;
	struct cwin c;

	kopt_init(o, &ko);
	cwin_init(m, o, hod, dow, &c);
	learn(m, o, &ko, &c, hod, dow, x, p);
}

/* ---- the calendar ---- */

static long long
local_days(struct rv_trend_cal *c, long long t)
{
	return floordiv(t + rv_isotime_offset(&c->tz, t), 86400);
}

long long
rv_trend_window(struct rv_trend_cal *c, long long t)
{
	long long days;

	if (c->every < 86400) {
		/* Rows in time order: mostly the window of the row before. */
		if (c->cevery != c->every || t < c->ct || t - c->ct >= c->every) {
			c->cw = floordiv(t, c->every);
			c->ct = c->cw * c->every;
			c->cevery = c->every;
		}
		return c->cw;
	}
	days = local_days(c, t);
	if (c->every % 604800 == 0)
		return floordiv(days + 3, c->every / 86400);	/* 1970-01-05 was a Monday */
	return floordiv(days, c->every / 86400);
}

static long long
first_day(const struct rv_trend_cal *c, long long w)
{
	return c->every % 604800 == 0 ? w * (c->every / 86400) - 3 : w * (c->every / 86400);
}

long long
rv_trend_start(struct rv_trend_cal *c, long long w)
{
	long long ls, off;

	if (c->every < 86400)
		return w * c->every;
	ls = first_day(c, w) * 86400;
	off = rv_isotime_offset(&c->tz, ls);
	return ls - rv_isotime_offset(&c->tz, ls - off);
}

void
rv_trend_slot(struct rv_trend_cal *c, long long w, int *hod, int *dow)
{
	*hod = *dow = -1;
	if (c->every < 86400) {
		long long s = w * c->every, ls = s + rv_isotime_offset(&c->tz, s);
		long long d = floordiv(ls, 86400);
		*hod = (int)((ls - d * 86400) / 3600);
		*dow = (int)(((d + 3) % 7 + 7) % 7);
	} else if (c->every == 86400) {
		*dow = (int)(((w + 3) % 7 + 7) % 7);
	}
}

size_t
rv_trend_label(struct rv_trend_cal *c, long long w, char *out)
{
	long long y;
	unsigned m, d;

	if (c->every < 86400)
		return rv_isotime_fmt(&c->tz, out, w * c->every);
	rv_isotime_civil(first_day(c, w), &y, &m, &d);
	return (size_t)snprintf(out, 32, "%04lld-%02u-%02u", y < 0 ? 0 : y > 9999 ? 9999 : y, m, d);
}

/* ---- segments ---- */

struct rv_trend *
rv_trend_new(const struct rv_trend_opts *o, int streaming)
{
	struct rv_trend *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->o = *o;
	rv_trend_opts_default(&t->o);
	t->cal.every = t->o.every;
	t->streaming = streaming;
	return t;
}

void
rv_trend_free(struct rv_trend *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nseg; i++) {
		free(t->seg[i]->key);
		free(t->seg[i]->cell);
		free(t->seg[i]->sums);
		free(t->seg[i]);
	}
	free(t->seg);
	free(t->g);
	free(t->gs);
	rv_hash_free(&t->h);
	free(t);
}

static int
is_key(const struct rv_trend_seg *s, const char *key, size_t klen)
{
	/* Keys of one field tend to differ at the end (s001, s002). */
	return s != NULL && s->klen == klen && (klen == 0 ||
	    (s->key[klen - 1] == key[klen - 1] && memcmp(s->key, key, klen) == 0));
}

/* The segment of key, made when new. Rows tend to repeat an order
 * (pre-aggregated exports list the segments in the same order every
 * window; events come in runs of one segment): the segment of the last
 * row, or the one that followed it last time, is tried before the hash
 * table. */
static struct rv_trend_seg *
get_seg(struct rv_trend *t, const char *key, size_t klen, long long w)
{
	struct rv_hash_ent *e;
	struct rv_trend_seg *s, **g;
	int isnew;

	if (t->last != NULL) {
		if (is_key(t->last, key, klen))
			return t->last;
		if (is_key(t->last->next, key, klen))
			return t->last = t->last->next;
	}
	if ((e = rv_hash_put(&t->h, key, klen, &isnew)) == NULL)
		return NULL;
	if (!isnew) {
		if (t->last != NULL)
			t->last->next = e->val;
		return t->last = e->val;
	}
	if (t->nseg == t->segcap) {
		if ((g = rv_grow(t->seg, &t->segcap, t->nseg + 1, sizeof(*g))) == NULL)
			return NULL;
		t->seg = g;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL || (s->key = malloc(klen + 1)) == NULL) {
		free(s);
		return NULL;
	}
	memcpy(s->key, key, klen);
	s->key[klen] = '\0';
	s->klen = klen;
	s->first = w;
	s->keep = 1;
	s->id = t->nseg;
	e->val = s;
	t->seg[t->nseg++] = s;
	t->sorted = 0;
	if (t->last != NULL)
		t->last->next = s;
	return t->last = s;
}

/* Add x at window w to the batch cells: to the last cell when it is the
 * same window (rows in time order), else a new cell (merged in order by
 * sort_cells). Memory grows with non-empty windows, not with the span. */
static int
add_cell(struct rv_trend_seg *s, long long w, const struct rv_trend_obs *x, int sums)
{
	struct rv_trend_cell *c;

	/* lastw, not the cell: the cell is out of the cache by the time
	 * rows of a thousand other segments have come. */
	if (s->len > 0 && s->lastw == w) {
		c = &s->cell[s->len - 1];
	} else {
		if (s->len == s->cap) {
			if ((c = rv_grow(s->cell, &s->cap, s->len + 1, sizeof(*c))) == NULL)
				return RV_TREND_ENOMEM;
			s->cell = c;
		}
		if (sums && s->len == s->scap) {
			struct rv_trend_sums *u = rv_grow(s->sums, &s->scap, s->len + 1, sizeof(*u));
			if (u == NULL)
				return RV_TREND_ENOMEM;
			s->sums = u;
		}
		c = &s->cell[s->len];
		c->w = s->lastw = w;
		c->n = 0;
		if (sums)
			s->sums[s->len].sum = s->sums[s->len].sumsq = 0;
		s->len++;
	}
	c->n += x->n;
	if (sums) {
		s->sums[c - s->cell].sum += x->sum;
		s->sums[c - s->cell].sumsq += x->sumsq;
	}
	return RV_TREND_OK;
}

/* Add x at window w of segment s to the batch cells in t->g: to the
 * segment's last cell when it is the same window, else a new cell at the
 * end (the order of additions is the one add_cell would make). */
static int
add_gcell(struct rv_trend *t, struct rv_trend_seg *s, long long w, const struct rv_trend_obs *x)
{
	int sums = t->o.kind != RV_TREND_COUNT;
	struct rv_trend_gcell *c;
	size_t k;

	if (s->len > 0 && s->lastw == w) {
		k = s->glast;
	} else {
		if (s->id > UINT32_MAX)
			return RV_TREND_ENOMEM;
		if (t->glen == t->gcap) {
			if ((c = rv_grow(t->g, &t->gcap, t->glen + 1, sizeof(*c))) == NULL)
				return RV_TREND_ENOMEM;
			t->g = c;
		}
		if (sums && t->glen == t->gscap) {
			struct rv_trend_sums *u = rv_grow(t->gs, &t->gscap, t->glen + 1, sizeof(*u));
			if (u == NULL)
				return RV_TREND_ENOMEM;
			t->gs = u;
		}
		if (t->glen == 0)
			t->gw0 = w;
		else if (w < t->gwlast)
			t->gback = 1;
		t->gwlast = w;
		k = t->glen++;
		/* All windows are within MAX_WINDOWS of each other. */
		t->g[k].dw = (int32_t)(w - t->gw0);
		t->g[k].seg = (uint32_t)s->id;
		t->g[k].n = 0;
		if (sums)
			t->gs[k].sum = t->gs[k].sumsq = 0;
		s->glast = k;
		s->lastw = w;
		s->len++;
	}
	t->g[k].n += x->n;
	if (sums) {
		t->gs[k].sum += x->sum;
		t->gs[k].sumsq += x->sumsq;
	}
	return RV_TREND_OK;
}

/* Deal the cells of t->g out to their segments, in order (the arrays
 * add_cell would have made). Returns 0 or RV_TREND_ENOMEM. */
static int
deal_cells(struct rv_trend *t)
{
	struct rv_trend_seg **byid;
	size_t i;

	if (t->dealt)
		return 0;
	if ((byid = malloc((t->nseg ? t->nseg : 1) * sizeof(*byid))) == NULL)
		return RV_TREND_ENOMEM;
	for (i = 0; i < t->nseg; i++) {
		struct rv_trend_seg *s = t->seg[i];
		byid[s->id] = s;
		if (s->len == 0)
			continue;
		if ((s->cell = malloc(s->len * sizeof(*s->cell))) == NULL ||
		    (t->o.kind != RV_TREND_COUNT && (s->sums = malloc(s->len * sizeof(*s->sums))) == NULL)) {
			free(byid);
			return RV_TREND_ENOMEM;
		}
		s->cap = s->len;
		s->scap = s->sums ? s->len : 0;
		s->len = 0;
	}
	for (i = 0; i < t->glen; i++) {
		struct rv_trend_seg *s = byid[t->g[i].seg];
		s->cell[s->len].w = s->lastw = t->gw0 + t->g[i].dw;
		s->cell[s->len].n = t->g[i].n;
		if (s->sums != NULL)
			s->sums[s->len] = t->gs[i];
		s->len++;
	}
	free(byid);
	free(t->g);
	free(t->gs);
	t->g = NULL;
	t->gs = NULL;
	t->glen = t->gcap = t->gscap = 0;
	t->dealt = 1;
	return 0;
}

/* The observation of cell k. */
static struct rv_trend_obs
cell_obs(const struct rv_trend_seg *s, size_t k)
{
	struct rv_trend_obs x = {s->cell[k].n, 0, 0};

	if (s->sums != NULL) {
		x.sum = s->sums[k].sum;
		x.sumsq = s->sums[k].sumsq;
	}
	return x;
}

/* A cell with its sums, for sorting. */
struct wide_cell {
	long long w;
	struct rv_trend_obs x;
};

static int
cmp_cell(const void *a, const void *b)
{
	const struct wide_cell *x = a, *y = b;

	return (x->w > y->w) - (x->w < y->w);
}

/* Sort a segment's cells by window (only when rows came out of order)
 * and merge cells of the same window. Counts stay exact; sums of values
 * may differ in the last bit from another row order. Returns 0 or
 * RV_TREND_ENOMEM. */
static int
sort_cells(struct rv_trend_seg *s)
{
	struct wide_cell *c;
	size_t i, k = 0;

	for (i = 1; i < s->len && s->cell[i - 1].w < s->cell[i].w; i++)
		;
	if (i < s->len) {
		if ((c = malloc(s->len * sizeof(*c))) == NULL)
			return RV_TREND_ENOMEM;
		for (i = 0; i < s->len; i++) {
			c[i].w = s->cell[i].w;
			c[i].x = cell_obs(s, i);
		}
		qsort(c, s->len, sizeof(*c), cmp_cell);
		for (i = 0; i < s->len; i++) {
			if (k > 0 && c[k - 1].w == c[i].w) {
				c[k - 1].x.n += c[i].x.n;
				c[k - 1].x.sum += c[i].x.sum;
				c[k - 1].x.sumsq += c[i].x.sumsq;
			} else {
				c[k++] = c[i];
			}
		}
		for (i = 0; i < k; i++) {
			s->cell[i].w = s->lastw = c[i].w;
			s->cell[i].n = c[i].x.n;
			if (s->sums != NULL) {
				s->sums[i].sum = c[i].x.sum;
				s->sums[i].sumsq = c[i].x.sumsq;
			}
		}
		free(c);
		s->len = k;
	}
	if (s->len > 0)
		s->first = s->cell[0].w;
	return 0;
}

int
rv_trend_add(struct rv_trend *t, const char *key, size_t klen, long long w, const struct rv_trend_obs *x)
{
	struct rv_trend_seg *s;
	int rc;

	if (t->streaming) {
		if (t->any && w < t->wopen)
			return RV_TREND_ELATE;
		if (!t->any)
			t->wopen = w;
		t->any = 1;
		if ((s = get_seg(t, key, klen, t->wopen)) == NULL)
			return RV_TREND_ENOMEM;
		s->open.n += x->n;
		s->open.sum += x->sum;
		s->open.sumsq += x->sumsq;
		s->total += x->n;
		s->keep = s->total >= t->min_count;
		return RV_TREND_OK;
	}
	if (t->any && ((w < t->wmin && t->wmax - w >= MAX_WINDOWS) || (w > t->wmax && w - t->wmin >= MAX_WINDOWS)))
		return RV_TREND_ERANGE;
	if ((s = get_seg(t, key, klen, w)) == NULL)
		return RV_TREND_ENOMEM;
	rc = t->dealt ? add_cell(s, w, x, t->o.kind != RV_TREND_COUNT) : add_gcell(t, s, w, x);
	if (rc != RV_TREND_OK)
		return rc;
	if (w < s->first)
		s->first = w;
	s->total += x->n;
	if (!t->any || w < t->wmin)
		t->wmin = w;
	if (!t->any || w > t->wmax)
		t->wmax = w;
	t->any = 1;
	return RV_TREND_OK;
}

static int
cmp_key(const void *a, const void *b)
{
	const struct rv_trend_seg *x = *(const struct rv_trend_seg *const *)a;
	const struct rv_trend_seg *y = *(const struct rv_trend_seg *const *)b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->key, y->key, n);

	return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

static int
cmp_total(const void *a, const void *b)
{
	const struct rv_trend_seg *x = *(const struct rv_trend_seg *const *)a;
	const struct rv_trend_seg *y = *(const struct rv_trend_seg *const *)b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return cmp_key(a, b);
}

static void
sort_segs(struct rv_trend *t)
{
	if (!t->sorted && t->nseg > 1)
		qsort(t->seg, t->nseg, sizeof(*t->seg), cmp_key);
	t->sorted = 1;
}

void
rv_trend_select(struct rv_trend *t, size_t top, double min_count)
{
	size_t i, k = 0;

	for (i = 0; i < t->nseg; i++)
		t->seg[i]->keep = t->seg[i]->total >= min_count;
	if (top > 0 && t->nseg > top) {
		qsort(t->seg, t->nseg, sizeof(*t->seg), cmp_total);
		for (i = 0; i < t->nseg; i++)
			if (t->seg[i]->keep && ++k > top)
				t->seg[i]->keep = 0;
		t->sorted = 0;
	}
	sort_segs(t);
}

/* Judge window w of segment s, learn it, and report it. */
static int
step(struct rv_trend *t, const struct kopt *ko, struct rv_trend_seg *s, long long w, int hod, int dow,
    const struct rv_trend_obs *x, rv_trend_fn fn, void *ctx)
{
	struct rv_trend_point p;
	struct cwin c;

	cwin_init(&s->m, &t->o, hod, dow, &c);
	judge(&s->m, &t->o, &c, x, &p);
	learn(&s->m, &t->o, ko, &c, hod, dow, x, &p);
	return s->keep ? fn(ctx, s, w, &p) : 0;
}

/* rv_trend_run on cells dealt to the segments and sorted there. */
static int
run_dealt(struct rv_trend *t, const struct kopt *ko, rv_trend_fn fn, void *ctx)
{
	long long w;
	size_t i, *cur;
	int hod, dow, rc = 0;

	if ((cur = calloc(t->nseg ? t->nseg : 1, sizeof(*cur))) == NULL)
		return RV_TREND_ENOMEM;
	for (i = 0; i < t->nseg; i++)
		if (sort_cells(t->seg[i]) < 0) {
			free(cur);
			return RV_TREND_ENOMEM;
		}
	for (w = t->wmin; w <= t->wmax && rc == 0; w++) {
		rv_trend_slot(&t->cal, w, &hod, &dow);
		for (i = 0; i < t->nseg && rc == 0; i++) {
			struct rv_trend_seg *s = t->seg[i];
			struct rv_trend_obs x = {0, 0, 0};
			if (!s->keep || w < s->first)
				continue;
			/* A thousand segments are a thousand streams of cells,
			 * too many for the hardware to see: fetch a line ahead. */
			if (cur[i] + 4 < s->len)
				__builtin_prefetch(&s->cell[cur[i] + 4]);
			if (cur[i] < s->len && s->cell[cur[i]].w == w)
				x = cell_obs(s, cur[i]++);
			rc = step(t, ko, s, w, hod, dow, &x, fn, ctx);
		}
	}
	free(cur);
	return rc;
}

/* rv_trend_run on t->g in window order (rows came in time order): each
 * window's cells are put by segment into a small table, and the
 * segments are run from it. */
static int
run_stream(struct rv_trend *t, const struct kopt *ko, rv_trend_fn fn, void *ctx)
{
	size_t n = t->nseg ? t->nseg : 1, i, k = 0;
	uint32_t *rank = malloc(n * sizeof(*rank));
	long long *at = malloc(n * sizeof(*at)), w;
	struct rv_trend_obs *x = malloc(n * sizeof(*x));
	static const struct rv_trend_obs zero = {0, 0, 0};
	int hod, dow, rc = 0;

	if (rank == NULL || at == NULL || x == NULL) {
		rc = RV_TREND_ENOMEM;
		goto out;
	}
	for (i = 0; i < t->nseg; i++) {
		rank[t->seg[i]->id] = (uint32_t)i;
		at[i] = t->wmin - 1;
	}
	for (w = t->wmin; w <= t->wmax && rc == 0; w++) {
		for (; k < t->glen && t->gw0 + t->g[k].dw == w; k++) {
			uint32_t r = rank[t->g[k].seg];
			at[r] = w;
			x[r].n = t->g[k].n;
			x[r].sum = t->gs ? t->gs[k].sum : 0;
			x[r].sumsq = t->gs ? t->gs[k].sumsq : 0;
		}
		rv_trend_slot(&t->cal, w, &hod, &dow);
		for (i = 0; i < t->nseg && rc == 0; i++) {
			struct rv_trend_seg *s = t->seg[i];
			if (s->keep && w >= s->first)
				rc = step(t, ko, s, w, hod, dow, at[i] == w ? &x[i] : &zero, fn, ctx);
		}
	}
out:
	free(rank);
	free(at);
	free(x);
	return rc;
}

int
rv_trend_run(struct rv_trend *t, rv_trend_fn fn, void *ctx)
{
	struct kopt ko;

	sort_segs(t);
	if (!t->any)
		return 0;
	kopt_init(&t->o, &ko);
	if (!t->dealt && !t->gback)
		return run_stream(t, &ko, fn, ctx);
	if (deal_cells(t) < 0)
		return RV_TREND_ENOMEM;
	return run_dealt(t, &ko, fn, ctx);
}

int
rv_trend_advance(struct rv_trend *t, long long w, rv_trend_fn fn, void *ctx)
{
	static const struct rv_trend_obs zero = {0, 0, 0};
	long long ww;
	size_t i;
	int hod, dow, rc;
	struct kopt ko;

	if (!t->any || w <= t->wopen)
		return 0;
	sort_segs(t);
	kopt_init(&t->o, &ko);
	/* A long gap: windows in which nothing happened (bounded). */
	if (w - t->wopen > MAX_WINDOWS)
		return RV_TREND_ERANGE;
	for (ww = t->wopen; ww < w; ww++) {
		rv_trend_slot(&t->cal, ww, &hod, &dow);
		for (i = 0; i < t->nseg; i++) {
			struct rv_trend_seg *s = t->seg[i];
			if (ww < s->first)
				continue;
			if ((rc = step(t, &ko, s, ww, hod, dow, ww == t->wopen ? &s->open : &zero, fn, ctx)) != 0)
				return rc;
			if (ww == t->wopen) {
				s->open = zero;
				s->early = 0;
			}
		}
	}
	t->wopen = w;
	return 0;
}

void
rv_trend_peek(struct rv_trend *t, const struct rv_trend_seg *s, struct rv_trend_point *p)
{
	int hod, dow;

	rv_trend_slot(&t->cal, t->wopen, &hod, &dow);
	rv_trend_judge(&s->m, &t->o, hod, dow, &s->open, p);
}

/* ---- output ---- */

const char *
rv_trend_alert_name(int alert)
{
	static const char *const name[] = {"", "spike", "drop", "shift"};

	return alert >= 0 && alert <= RV_TREND_SHIFT ? name[alert] : "";
}

void
rv_trend_header(struct rv_out *o, int kind)
{
	rv_out_puts(o, kind == RV_TREND_COUNT ? "segment\twindow\tn\texpected\tlow\thigh\tscore\talert" :
	    "segment\twindow\tn\tvalue\texpected\tlow\thigh\tscore\talert");
	rv_out_eol(o);
}

static void
num_or_blank(struct rv_out *o, double v, int prec)
{
	rv_out_tab(o);
	if (isfinite(v))
		rv_out_num(o, v, prec);
}

/* The label of window w, made once for all the segments of a window. */
static void
put_label(struct rv_out *o, struct rv_trend *t, long long w)
{
	if (t->lablen == 0 || t->labw != w) {
		t->lablen = rv_trend_label(&t->cal, w, t->lab);
		t->labw = w;
	}
	rv_out_write(o, t->lab, t->lablen);
}

void
rv_trend_row(struct rv_out *o, struct rv_trend *t, const struct rv_trend_seg *s, long long w,
    const struct rv_trend_point *p)
{
	int prec = t->o.kind == RV_TREND_COUNT ? 2 : 4;

	rv_out_field(o, s->key, s->klen);
	rv_out_tab(o);
	put_label(o, t, w);
	rv_out_tab(o);
	rv_out_num(o, p->n, p->n == floor(p->n) ? 0 : 2);
	if (t->o.kind != RV_TREND_COUNT)
		num_or_blank(o, p->value, 4);
	num_or_blank(o, p->expected, prec);
	num_or_blank(o, p->low, prec);
	num_or_blank(o, p->high, prec);
	num_or_blank(o, p->score, 2);
	rv_out_tab(o);
	rv_out_puts(o, rv_trend_alert_name(p->alert));
	rv_out_eol(o);
}

void
rv_trend_pretty(struct rv_out *o, struct rv_trend *t, const struct rv_trend_seg *s, long long w,
    const struct rv_trend_point *p)
{
	char lab[32], a[32], b[32], c[32], d[32];
	int prec = t->o.kind == RV_TREND_COUNT ? 1 : 3;

	rv_trend_label(&t->cal, w, lab);
	rv_num_fmt(a, t->o.kind == RV_TREND_COUNT ? p->n : p->value, t->o.kind == RV_TREND_COUNT ? 0 : 3);
	rv_num_fmt(b, p->expected, prec);
	rv_num_fmt(c, p->low, prec);
	rv_num_fmt(d, p->high, prec);
	rv_out_printf(o, "%-25s  %-6s %s: %s %s, expected %s (normal %s to %s), score ", lab,
	    rv_trend_alert_name(p->alert), s->key, a,
	    t->o.kind == RV_TREND_COUNT ? "events" : t->o.kind == RV_TREND_RATE ? "rate" : "mean", b, c, d);
	rv_out_num(o, p->score, 1);
	if (t->o.kind != RV_TREND_COUNT) {
		rv_out_puts(o, ", n ");
		rv_out_num(o, p->n, 0);
	}
	rv_out_eol(o);
}

static long long
next_window(const struct rv_trend *t)
{
	return t->streaming ? t->wopen : t->wmax + 1;
}

void
rv_trend_forecast(struct rv_out *o, struct rv_trend *t, long n)
{
	size_t i;
	long h;
	int prec = t->o.kind == RV_TREND_COUNT ? 2 : 4;

	sort_segs(t);
	rv_out_puts(o, "segment\twindow\texpected\tlow\thigh");
	rv_out_eol(o);
	if (!t->any)
		return;
	for (i = 0; i < t->nseg; i++) {
		struct rv_trend_seg *s = t->seg[i];
		/* Mean/rate: intervals for a window of the usual size. */
		struct rv_trend_obs x = {s->m.lden / (double)t->o.span, 0, 0};
		struct rv_trend_model m = s->m;
		if (!s->keep)
			continue;
		if (x.n < 1)
			x.n = 1;
		if (m.t < t->o.warmup)
			m.t = (double)t->o.warmup;	/* a forecast is always wanted */
		for (h = 0; h < n; h++) {
			long long w = next_window(t) + h;
			struct rv_trend_point p;
			char lab[32];
			int hod, dow;
			rv_trend_slot(&t->cal, w, &hod, &dow);
			rv_trend_judge(&m, &t->o, hod, dow, &x, &p);
			rv_out_field(o, s->key, s->klen);
			rv_out_tab(o);
			rv_out_write(o, lab, rv_trend_label(&t->cal, w, lab));
			num_or_blank(o, p.expected, prec);
			num_or_blank(o, p.low, prec);
			num_or_blank(o, p.high, prec);
			rv_out_eol(o);
		}
	}
}

void
rv_trend_profile(struct rv_out *o, struct rv_trend *t)
{
	static const char *const day[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	size_t i;
	int d, h, nh = t->o.every < 86400 ? 24 : 1, nd = t->o.every <= 86400 ? 7 : 1;

	sort_segs(t);
	rv_out_puts(o, "segment\tday\thour\texpected\tfactor");
	rv_out_eol(o);
	for (i = 0; i < t->nseg; i++) {
		struct rv_trend_seg *s = t->seg[i];
		double l = s->m.lden > 0 ? s->m.lnum / s->m.lden : 0, f;
		if (!s->keep)
			continue;
		for (d = 0; d < nd; d++)
			for (h = 0; h < nh; h++) {
				f = rv_trend_season(&s->m, &t->o, nh > 1 ? h : -1, nd > 1 ? d : -1);
				rv_out_field(o, s->key, s->klen);
				rv_out_tab(o);
				if (nd > 1)
					rv_out_puts(o, day[d]);
				rv_out_tab(o);
				if (nh > 1)
					rv_out_printf(o, "%02d", h);
				rv_out_tab(o);
				rv_out_num(o, l * f, 3);
				rv_out_tab(o);
				rv_out_num(o, f, 3);
				rv_out_eol(o);
			}
	}
}

/* ---- --state ---- */

static void
dbl(struct rv_out *o, double v)
{
	char b[40];

	rv_out_tab(o);
	rv_out_write(o, b, (size_t)snprintf(b, sizeof(b), "%.17g", v));
}

int
rv_trend_save(struct rv_trend *t, struct rv_out *o)
{
	size_t i;
	int k;

	sort_segs(t);
	rv_out_printf(o, "rv-trend-state\t1\t%lld\t%d\t%d\t%lld", t->o.every, t->o.kind, t->any,
	    t->any ? t->wopen : 0);
	rv_out_eol(o);
	for (i = 0; i < t->nseg; i++) {
		struct rv_trend_seg *s = t->seg[i];
		const double *m = &s->m.t;
		rv_out_field(o, s->key, s->klen);
		rv_out_printf(o, "\t%lld", s->first);
		dbl(o, s->total);
		dbl(o, s->open.n);
		dbl(o, s->open.sum);
		dbl(o, s->open.sumsq);
		dbl(o, s->early);
		for (k = 0; k < RV_TREND_NMODEL; k++)
			dbl(o, m[k]);
		rv_out_eol(o);
	}
	return o->err ? -1 : 0;
}

/* Split line [p, e) on tabs into at most max fields; returns the count. */
static size_t
split(const char *p, const char *e, struct rv_field *f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		const char *q = memchr(p, '\t', (size_t)(e - p));
		f[n].p = p;
		f[n++].len = (size_t)((q ? q : e) - p);
		if (q == NULL)
			break;
		p = q + 1;
	}
	return n;
}

static int
fnum(const struct rv_field *f, double *v)
{
	char b[64];
	char *end;

	if (f->len == 0 || f->len >= sizeof(b))
		return -1;
	memcpy(b, f->p, f->len);
	b[f->len] = '\0';
	*v = strtod(b, &end);
	return *end == '\0' && isfinite(*v) ? 0 : -1;
}

int
rv_trend_load(struct rv_trend *t, const char *text, size_t len, unsigned long *line)
{
	enum { NF = 7 + RV_TREND_NMODEL };
	struct rv_field f[NF + 1];
	const char *p = text, *e, *end = text + len;
	double v[NF];
	size_t nf, k;

	*line = 0;
	while (p < end) {
		struct rv_trend_seg *s;
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		++*line;
		nf = split(p, e, f, NF + 1);
		if (*line == 1) {
			if (nf != 6 || f[0].len != 14 || memcmp(f[0].p, "rv-trend-state", 14) != 0 ||
			    f[1].len != 1 || f[1].p[0] != '1')
				return RV_TREND_ERANGE;
			for (k = 2; k < 6; k++)
				if (fnum(&f[k], &v[k]) < 0 || fabs(v[k]) > 1e15 || v[k] != floor(v[k]))
					return RV_TREND_ERANGE;
			if ((long long)v[2] != t->o.every || (int)v[3] != t->o.kind)
				return RV_TREND_ERANGE;
			t->any = v[4] != 0;
			t->wopen = (long long)v[5];
		} else {
			if (nf != NF || f[0].len == 0)
				return RV_TREND_ERANGE;
			for (k = 1; k < NF; k++)
				if (fnum(&f[k], &v[k]) < 0)
					return RV_TREND_ERANGE;
			if (fabs(v[1]) > 1e15 || v[1] != floor(v[1]) || v[2] < 0 || v[3] < 0)
				return RV_TREND_ERANGE;
			if (rv_hash_get(&t->h, f[0].p, f[0].len) != NULL)
				return RV_TREND_ERANGE;
			if ((s = get_seg(t, f[0].p, f[0].len, (long long)v[1])) == NULL)
				return RV_TREND_ENOMEM;
			s->total = v[2];
			s->keep = s->total >= t->min_count;
			s->open.n = v[3];
			s->open.sum = v[4];
			s->open.sumsq = v[5];
			s->early = v[6] != 0;
			memcpy(&s->m.t, &v[7], sizeof(double) * RV_TREND_NMODEL);
		}
		p = e + 1;
	}
	if (*line == 0)
		return RV_TREND_ERANGE;
	return RV_TREND_OK;
}

/* ---- --partial / --merge ---- */

void
rv_trend_partial_header(struct rv_out *o, const struct rv_trend_opts *op)
{
	rv_out_printf(o, "segment\trv.window.%lld\trv.n", op->every);
	if (op->kind != RV_TREND_COUNT)
		rv_out_puts(o, "\trv.sum");
	if (op->kind == RV_TREND_MEAN)
		rv_out_puts(o, "\trv.sumsq");
	rv_out_eol(o);
}

int
rv_trend_partial(struct rv_trend *t, struct rv_out *o)
{
	size_t i, k;

	sort_segs(t);
	if (deal_cells(t) < 0)
		return -1;
	rv_trend_partial_header(o, &t->o);
	for (i = 0; i < t->nseg; i++) {
		struct rv_trend_seg *s = t->seg[i];
		if (sort_cells(s) < 0)
			return -1;
		for (k = 0; k < s->len; k++) {
			struct rv_trend_obs x = cell_obs(s, k);
			if (x.n == 0 && x.sum == 0)
				continue;
			rv_out_field(o, s->key, s->klen);
			rv_out_printf(o, "\t%lld", s->cell[k].w);
			dbl(o, x.n);
			if (t->o.kind != RV_TREND_COUNT)
				dbl(o, x.sum);
			if (t->o.kind == RV_TREND_MEAN)
				dbl(o, x.sumsq);
			rv_out_eol(o);
		}
	}
	return o->err ? -1 : 0;
}

int
rv_trend_partial_check(const struct rv_field *f, size_t nf, struct rv_trend_opts *op)
{
	unsigned long long ev;

	if (nf < 3 || nf > 5 || f[0].len != 7 || memcmp(f[0].p, "segment", 7) != 0 ||
	    f[1].len <= 10 || memcmp(f[1].p, "rv.window.", 10) != 0 ||
	    rv_num_parse_u64(f[1].p + 10, f[1].len - 10, &ev) < 0 || ev == 0 || ev > 100000000ULL ||
	    f[2].len != 4 || memcmp(f[2].p, "rv.n", 4) != 0 ||
	    (nf >= 4 && (f[3].len != 6 || memcmp(f[3].p, "rv.sum", 6) != 0)) ||
	    (nf == 5 && (f[4].len != 8 || memcmp(f[4].p, "rv.sumsq", 8) != 0)))
		return -1;
	op->every = (long long)ev;
	op->kind = nf == 3 ? RV_TREND_COUNT : nf == 4 ? RV_TREND_RATE : RV_TREND_MEAN;
	return 0;
}

int
rv_trend_merge_row(struct rv_trend *t, const struct rv_field *f, size_t nf)
{
	size_t want = t->o.kind == RV_TREND_COUNT ? 3 : t->o.kind == RV_TREND_RATE ? 4 : 5;
	struct rv_trend_obs x = {0, 0, 0};
	double w;

	if (nf != want || rv_num_parse(f[1].p, f[1].len, &w) < 0 || w != floor(w) || fabs(w) > 1e15 ||
	    fnum(&f[2], &x.n) < 0 || x.n < 0 || x.n > 1e15 ||
	    (nf >= 4 && (fnum(&f[3], &x.sum) < 0 || fabs(x.sum) > 1e300)) ||
	    (nf == 5 && (fnum(&f[4], &x.sumsq) < 0 || x.sumsq < 0 || x.sumsq > 1e300)))
		return RV_TREND_ERANGE;
	if (t->o.kind == RV_TREND_RATE && (x.sum < 0 || x.sum > x.n))
		return RV_TREND_ERANGE;
	return rv_trend_add(t, f[0].p, f[0].len, (long long)w, &x);
}
