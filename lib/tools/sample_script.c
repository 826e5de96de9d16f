/* sample_script.c - rv-sample scripts: chats with the customer's mood as
 * a number (the sentiment column) and planted effects of agent phrases
 * and of agents on the customer's next message, for rv-script.
 *
 * Each conversation has a customer baseline b (hard chats are low); the
 * customer's mood drifts back towards it (m' = m + 0.45 (b - m): an angry
 * message tends to be followed by a calmer one whatever the agent says),
 * plus the effects of the planted phrases in the agent's message and of
 * the agent, plus noise, clipped to -1..1. Agent lines are built from the
 * sample-chats.tsv pools (no effect) and the planted phrases. Traps, all
 * without an effect: an apology sent mostly after angry messages
 * (regression to the mean makes it look good), a phrase that rides along
 * with the strongest positive one, and senior agents who get the hard
 * chats, those that open angry (a mean per agent makes them look bad). --truth lists them. */
#include "sample_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { SALT_SCRIPTS = 0x7363, SALT_SPLAN = 0x7370, NAGENT = 16, NPLANT = 6, NCAND = 12 };

/* Candidate planted phrases: the first half helps, the second hurts. */
static const char *const cand[NCAND] = {
	"我马上为您处理", "这边给您优先安排", "给您申请了额外补偿", "今天之内一定给您答复",
	"我亲自帮您跟进", "已经为您升级处理",
	"请您自行联系快递", "系统就是这样规定的", "这个真的查不了", "您再耐心等等吧",
	"这不是我们的责任", "您看清楚再下单"
};
static const char *const trap_apology = "真的非常抱歉";
static const char *const trap_rider = "感谢您的耐心等待";
static const char *const base_pools[] = {"agent.probe", "agent.template", "agent.promise", "agent.greet"};
static const char *const issues[] = {
	"logistics", "damage", "wrong_item", "quality", "aftersales", "fit", "usability"
};

struct plan {
	int ph[NPLANT];		/* cand indexes */
	double eff[NPLANT];
	double agent_eff[NAGENT];
	int senior[NAGENT];
};

static double
normal(struct rv_rng *r)
{
	double u = rv_rng_unif(r), v = rv_rng_unif(r);

	return sqrt(-2 * log(u > 0 ? u : 1e-300)) * cos(2 * M_PI * v);
}

static double
clip(double x)
{
	return x < -1 ? -1 : x > 1 ? 1 : x;
}

/* The planted truth of this seed: 3 helping and 3 hurting phrases, 2 good
 * and 2 bad agents and 2 seniors, effects 0.15..0.35. */
static void
plan(const struct rv_sample *s, struct plan *p)
{
	struct rv_rng r;
	int perm[NAGENT], i, j, half = NCAND / 2;

	memset(p, 0, sizeof(*p));
	rv_rng_seed(&r, s->o.seed ^ SALT_SPLAN, 0);
	for (i = 0; i < NPLANT; i++) {
		int base = i < NPLANT / 2 ? 0 : half, k;
		do {
			k = base + (int)rv_rng_below(&r, (uint32_t)half);
			for (j = 0; j < i && p->ph[j] != k; j++)
				;
		} while (j < i);
		p->ph[i] = k;
		p->eff[i] = (0.15 + 0.2 * rv_rng_unif(&r)) * (i < NPLANT / 2 ? 1 : -1);
	}
	/* the strongest helping phrase first: the rider rides along with it */
	for (i = 1; i < NPLANT / 2; i++)
		if (p->eff[i] > p->eff[0]) {
			double e = p->eff[0];
			int k = p->ph[0];
			p->eff[0] = p->eff[i], p->ph[0] = p->ph[i];
			p->eff[i] = e, p->ph[i] = k;
		}
	for (i = 0; i < NAGENT; i++)
		perm[i] = i;
	for (i = NAGENT - 1; i > 0; i--) {
		int k = (int)rv_rng_below(&r, (uint32_t)i + 1), t = perm[i];
		perm[i] = perm[k], perm[k] = t;
	}
	for (i = 0; i < 4; i++)
		p->agent_eff[perm[i]] = (0.15 + 0.2 * rv_rng_unif(&r)) * (i < 2 ? 1 : -1);
	p->senior[perm[4]] = p->senior[perm[5]] = 1;
}

/* The customer line pool of mood m (-3..2). */
static int
level(double m)
{
	return m < -0.6 ? -3 : m < -0.3 ? -2 : m < 0 ? -1 : m < 0.3 ? 0 : m < 0.6 ? 1 : 2;
}

static void
put_mood(struct rv_out *o, double m)
{
	rv_out_num(o, m, 3);
}

/* Does b end a sentence already (or is it empty)? */
static int
ends_sentence(const struct rv_buf *b)
{
	static const char *const stop[] = {"？", "~", "！", "。"};
	int j;

	if (b->len == 0)
		return 1;
	for (j = 0; j < 4; j++)
		if (b->len >= strlen(stop[j]) &&
		    memcmp(b->p + b->len - strlen(stop[j]), stop[j], strlen(stop[j])) == 0)
			return 1;
	return 0;
}

/* One agent message: a pool line and the phrases drawn for it; returns
 * the summed effect of its phrases. */
static double
agent_line(const struct rv_sample *s, struct smp_ctx *cx, const struct plan *p, int issue,
    double prev, struct rv_buf *b)
{
	struct rv_rng *r = cx->r;
	const char *parts[NPLANT + 3];
	int n = 0, i, has0 = 0;
	double eff = 0;
	uint32_t k = rv_rng_below(r, 5);

	rv_buf_clear(b);
	if (prev < -0.3 ? rv_rng_unif(r) < 0.7 : rv_rng_unif(r) < 0.1)
		parts[n++] = trap_apology;
	for (i = 0; i < NPLANT; i++)
		if (rv_rng_unif(r) < 0.1) {
			parts[n++] = cand[p->ph[i]];
			eff += p->eff[i];
			has0 |= i == 0;
		}
	if (has0 ? rv_rng_unif(r) < 0.85 : rv_rng_unif(r) < 0.03)
		parts[n++] = trap_rider;
	if (k < 4)
		smp_say(b, cx, smp_pool(&s->phrases, base_pools[k]));
	else
		smp_say(b, cx, smp_poolf(&s->phrases, "agent.solution.%s", issues[issue]));
	for (i = 0; i <= n; i++) {	/* "，" between parts, "。" at the end */
		if (!ends_sentence(b))
			rv_buf_puts(b, i < n ? "，" : "。");
		if (i < n)
			rv_buf_puts(b, parts[i]);
	}
	return eff;
}

static void
row(struct rv_out *o, uint64_t conv, int turn, const char *role, int agent, const struct rv_buf *t,
    double mood, int resolved)
{
	rv_out_putc(o, 'S');
	smp_put_u64(o, conv, 7);
	rv_out_tab(o);
	smp_put_u64(o, (uint64_t)turn, 1);
	rv_out_tab(o);
	rv_out_puts(o, role);
	rv_out_tab(o);
	rv_out_printf(o, "A%02d\t", agent + 1);
	rv_out_field(o, t->p ? t->p : "", t->len);
	rv_out_tab(o);
	if (!isnan(mood))
		put_mood(o, mood);
	rv_out_printf(o, "\t%d", resolved);
	rv_out_eol(o);
}

int
smp_write_scripts(struct rv_sample *s, struct rv_out *o, int truth)
{
	struct plan p;
	struct rv_rng r;
	struct rv_buf text[16] = {{0}};
	double mood[16];
	int role[16];
	uint64_t n;
	int i;

	plan(s, &p);
	if (truth) {
		rv_out_puts(o, "key\tkind\teffect\n");
		for (i = 0; i < NPLANT; i++) {
			rv_out_printf(o, "%s\tphrase\t", cand[p.ph[i]]);
			rv_out_num(o, p.eff[i], 3);
			rv_out_eol(o);
		}
		for (i = 0; i < NAGENT; i++)
			if (p.agent_eff[i] != 0) {
				rv_out_printf(o, "A%02d\tagent\t", i + 1);
				rv_out_num(o, p.agent_eff[i], 3);
				rv_out_eol(o);
			} else if (p.senior[i])
				rv_out_printf(o, "A%02d\ttrap_senior\t0.000\n", i + 1);
		rv_out_printf(o, "%s\ttrap_apology\t0.000\n%s\ttrap_rider\t0.000\n", trap_apology, trap_rider);
		return 0;
	}
	rv_out_puts(o, "conv\tturn\trole\tagent\ttext\tsentiment\tresolved\n");
	for (n = 0; n < s->o.rows && o->err == 0; n++) {
		struct rv_sample_order ord;
		const struct smp_brand *b;
		const struct smp_sku *sk;
		struct smp_ctx cx;
		double base, m, u;
		int agent, nm = 0, turns, issue, k;
		char pool[32];

		rv_rng_seed(&r, s->o.seed ^ SALT_SCRIPTS, n);
		rv_sample_order(s, n, &ord);
		sk = &s->sku[ord.v[RV_DIM_SKU]];
		b = &s->brand[sk->brand];
		memset(&cx, 0, sizeof(cx));
		cx.r = &r, cx.pl = &s->phrases, cx.lang = "zh";
		cx.p = b->noun[sk->noun], cx.b = b->name, cx.c = s->car[ord.v[RV_DIM_CARRIER]];
		cx.intensity = 2;
		issue = (int)rv_rng_below(&r, 5);
		base = -0.2 + 0.35 * normal(&r);
		m = clip(base + 0.2 * normal(&r));
		/* hard chats go to the seniors: the router sees the opening
		 * message (an angry one); with --realistic it knows more (the
		 * customer's history), so the chats are hard beyond what the
		 * opening mood shows */
		u = rv_rng_unif(&r);
		do
			agent = (int)rv_rng_below(&r, NAGENT);
		while ((s->o.realistic ? base < -0.45 : m < -0.5) && u < 0.7 ? !p.senior[agent] :
		    p.senior[agent] && u < 0.9);
		snprintf(pool, sizeof(pool), "cust.open.%s", issues[issue]);
		rv_buf_clear(&text[nm]);
		smp_say(&text[nm], &cx, smp_pool(&s->phrases, pool));
		if (m < 0) {	/* the opening shows the mood too */
			snprintf(pool, sizeof(pool), "cust.mood.%d", level(m));
			if (!ends_sentence(&text[nm]))
				rv_buf_puts(&text[nm], "，");
			smp_say(&text[nm], &cx, smp_pool(&s->phrases, pool));
		}
		mood[nm] = m, role[nm++] = 0;
		turns = 3 + (int)rv_rng_below(&r, 4);
		for (k = 0; k < turns && nm + 2 <= 16; k++) {
			double eff = agent_line(s, &cx, &p, issue, m, &text[nm]);
			mood[nm] = NAN, role[nm++] = 1;
			m = clip(m + 0.45 * (base - m) + eff + p.agent_eff[agent] + 0.18 * normal(&r));
			snprintf(pool, sizeof(pool), "cust.mood.%d", level(m));
			rv_buf_clear(&text[nm]);
			if (rv_rng_unif(&r) < 0.04) {	/* a sticker: no mood */
				rv_buf_puts(&text[nm], "[表情]");
				mood[nm] = NAN;
			} else {
				smp_say(&text[nm], &cx, smp_pool(&s->phrases, pool));
				mood[nm] = m;
			}
			role[nm++] = 0;
		}
		for (i = 0; i < nm; i++)
			row(o, n + 1, i + 1, role[i] ? "agent" : "customer", agent, &text[i], mood[i], m > 0);
	}
	for (i = 0; i < 16; i++)
		rv_buf_free(&text[i]);
	return 0;
}
