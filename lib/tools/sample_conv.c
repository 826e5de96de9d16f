/* sample_conv.c - rv-sample chats (customer-service conversations) and
 * journeys (one customer's voice along the purchase stages).
 *
 * Chats: the customer's mood (-3..2) is a state the agent's scripts move:
 * apology + concrete solution + time promise lifts it most; template-only
 * replies, shirking (推诿), blaming the customer and refusals sink it; so do
 * unanswered messages (slow first response). Each customer line is drawn
 * from the pool of its current mood. The breakpoint in --truth is the first
 * customer turn whose mood fell by 2 or more, or first reached -3, and
 * what caused it.
 *
 * Journeys: stages purchase..aftersales per customer; planted breakpoints
 * make a share of one segment (a product line, or a carrier at the wait
 * stage) fail at one stage, after which their mood stays low and they
 * churn far more often. */
#include "sample_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

enum { SALT_CHATS = 0x6368, SALT_JOURNEYS = 0x6a6f, SALT_JPLAN = 0x6a70 };

/* ---- chats ------------------------------------------------------------- */

enum {
	S_APS,		/* apology + solution + promise */
	S_AS,		/* apology + solution */
	S_SOL,		/* solution only */
	S_PROBE,	/* ask for order number / photos */
	S_APOLOGY,	/* apology only */
	S_TEMPLATE,	/* template-only reply */
	S_SHIRK,	/* 推诿 */
	S_BLAME,	/* blame the customer */
	S_REFUSE,	/* refusal */
	S_NKIND
};

static const char *const script_names[S_NKIND] = {
	"apology+solution+promise", "apology+solution", "solution", "probe", "apology",
	"template", "shirk", "blame", "refuse"
};
/* Mood change each script causes. */
static const int script_effect[S_NKIND] = {2, 1, 1, 0, 0, -1, -2, -2, -3};

/* Agent profiles: script weights for good, mixed and bad agents. */
static const double profile_w[3][S_NKIND] = {
	{45, 25, 12, 10, 5, 3, 0, 0, 0},
	{15, 18, 14, 10, 13, 20, 5, 3, 2},
	{4, 6, 8, 8, 12, 32, 18, 7, 5},
};
static const char *const profile_names[3] = {"good", "mixed", "bad"};

static const char *const issues[] = {
	"logistics", "damage", "wrong_item", "quality", "aftersales", "fit", "usability"
};

struct chat {
	struct rv_buf line[16];
	int role[16];		/* 0 customer, 1 agent */
	int n;
	struct rv_buf scripts;	/* agent script ids, comma-separated */
	int bp_turn;		/* 1-based, 0 when none */
	const char *bp_kind;
	const char *outcome;
	int profile;
};

static int
pick_issue(const struct rv_sample *s, struct rv_rng *r, int cat)
{
	const char *cn = s->cat[cat].name;

	for (;;) {
		int i = (int)rv_rng_below(r, 7);
		if (i == 5 && strcmp(cn, "服装") != 0)
			continue;
		if (i == 6 && strcmp(cn, "家电") != 0 && strcmp(cn, "手机") != 0)
			continue;
		return i;
	}
}

/* Say a random template of pool, appending "kind:index" to the ids. */
static void
say_id(struct rv_buf *b, struct smp_ctx *cx, const struct smp_pool *p, struct rv_buf *ids, const char *tag)
{
	uint32_t i;

	if (p == NULL || p->n == 0)
		return;
	i = rv_rng_below(cx->r, (uint32_t)p->n);
	smp_expand(b, cx, p->s[i], strlen(p->s[i]));
	if (ids != NULL)
		rv_buf_printf(ids, "%s%s%u", ids->len && ids->p[ids->len - 1] != ':' ? "." : "", tag, i);
}

static void
agent_says(const struct rv_sample *s, struct smp_ctx *cx, struct chat *c, int kind, int issue, int late)
{
	const struct smp_pools *pl = &s->phrases;
	struct rv_buf *b = &c->line[c->n];
	struct rv_buf *ids = &c->scripts;

	if (ids->len)
		rv_buf_putc(ids, ',');
	rv_buf_printf(ids, "%s:", script_names[kind]);
	if (late) {
		say_id(b, cx, smp_pool(pl, "agent.late"), NULL, "");
		rv_buf_puts(b, "，");
	}
	switch (kind) {
	case S_APS:
	case S_AS:
	case S_APOLOGY:
		say_id(b, cx, smp_pool(pl, "agent.apology"), ids, "a");
		if (kind == S_APOLOGY)
			break;
		rv_buf_puts(b, "，");
		/* fall through */
	case S_SOL:
		say_id(b, cx, smp_poolf(pl, "agent.solution.%s", issues[issue]), ids, "s");
		if (kind == S_APS) {
			rv_buf_puts(b, "，");
			say_id(b, cx, smp_pool(pl, "agent.promise"), ids, "p");
		}
		break;
	default:
		say_id(b, cx, smp_poolf(pl, "agent.%s", script_names[kind]), ids, "");
		break;
	}
	if (kind != S_PROBE && kind != S_TEMPLATE)
		rv_buf_puts(b, "。");
	c->role[c->n++] = 1;
}

static void
customer_says(const struct rv_sample *s, struct smp_ctx *cx, struct chat *c, const char *pool)
{
	smp_say(&c->line[c->n], cx, smp_pool(&s->phrases, pool));
	c->role[c->n++] = 0;
}

/* Record the mood a customer line expresses; note the first collapse. */
static void
mood_to(struct chat *c, int *mood, int next, const char *why)
{
	if (next > 2)
		next = 2;
	if (next < -3)
		next = -3;
	if (c->bp_turn == 0 && (next <= *mood - 2 || (next == -3 && *mood > -3))) {
		c->bp_turn = c->n + 1;	/* the customer line about to be added */
		c->bp_kind = why;
	}
	*mood = next;
}

static void
run_chat(const struct rv_sample *s, struct rv_rng *r, uint64_t n, struct chat *c)
{
	struct rv_sample_order o;
	const struct smp_brand *b;
	const struct smp_sku *sk;
	struct smp_ctx cx;
	double cum[S_NKIND], acc = 0;
	int issue, mood, i, slow, planted, agent_turns = 0, lows = 0;
	double u;
	char pool[32];

	rv_sample_order(s, n, &o);
	sk = &s->sku[o.v[RV_DIM_SKU]];
	b = &s->brand[sk->brand];
	memset(&cx, 0, sizeof(cx));
	cx.r = r;
	cx.pl = &s->phrases;
	cx.lang = "zh";
	cx.p = b->noun[sk->noun];
	cx.b = b->name;
	cx.c = s->car[o.v[RV_DIM_CARRIER]];
	cx.intensity = 2;
	issue = pick_issue(s, r, o.v[RV_DIM_CATEGORY]);
	u = rv_rng_unif(r);
	c->profile = u < 0.45 ? 0 : u < 0.8 ? 1 : 2;
	for (i = 0; i < S_NKIND; i++) {
		acc += profile_w[c->profile][i];
		cum[i] = acc;
	}
	/* planted breakpoints: slow first response, or a refusal, shirking
	 * or blame at the 1st-2nd agent reply after the opening */
	u = rv_rng_unif(r);
	slow = u < 0.2;
	planted = u < 0.2 ? -1 : u < 0.32 ? S_REFUSE : u < 0.42 ? S_SHIRK : u < 0.5 ? S_BLAME : -1;
	c->bp_turn = 0;
	c->bp_kind = "none";
	c->outcome = "unresolved";
	mood = rv_rng_unif(r) < 0.3 ? -2 : -1;
	snprintf(pool, sizeof(pool), "cust.open.%s", issues[issue]);
	customer_says(s, &cx, c, pool);
	if (slow) {
		int k, waits = 2 + (int)rv_rng_below(r, 2);
		for (k = 1; k <= waits && c->n < 4; k++) {
			mood_to(c, &mood, mood - 1, "slow_first_response");
			snprintf(pool, sizeof(pool), "cust.wait.%d", k);
			customer_says(s, &cx, c, pool);
		}
	}
	while (c->n <= 13) {
		int kind, first = agent_turns == 0;
		if (first && (planted >= 0 || rv_rng_unif(r) < 0.55))
			kind = S_PROBE;	/* planted scripts follow a first probe */
		else if (planted >= 0 && agent_turns == 1)
			kind = planted;
		else
			kind = rv_rng_pick(r, cum, S_NKIND);
		agent_says(s, &cx, c, kind, issue, first && slow);
		agent_turns++;
		if (kind == S_PROBE) {
			customer_says(s, &cx, c, "cust.detail");
			continue;
		}
		mood_to(c, &mood, mood + script_effect[kind], script_names[kind]);
		if (mood >= 1 && kind <= S_SOL) {
			snprintf(pool, sizeof(pool), "cust.mood.%d", mood);
			customer_says(s, &cx, c, pool);
			c->outcome = "resolved";
			break;
		}
		lows += mood <= -3;
		if (lows >= 2 || (mood <= -3 && c->n >= 10)) {
			customer_says(s, &cx, c, "cust.end.bad");
			c->outcome = "escalated";
			break;
		}
		snprintf(pool, sizeof(pool), "cust.mood.%d", mood);
		customer_says(s, &cx, c, pool);
	}
	/* closing agent line */
	if (c->n < 16) {
		struct rv_buf *bl = &c->line[c->n];
		say_id(bl, &cx, smp_pool(&s->phrases, strcmp(c->outcome, "resolved") == 0 ?
		    "agent.close.good" : "agent.close.bad"), NULL, "");
		c->role[c->n++] = 1;
	}
}

int
smp_write_chats(struct rv_sample *s, struct rv_out *o, int truth)
{
	struct chat c;
	struct rv_rng r;
	uint64_t n;
	int i;

	memset(&c, 0, sizeof(c));
	rv_out_puts(o, truth ? "conv\tbreakpoint\tturn\tscripts\toutcome\tagent\n" :
	    "conv\tturn\trole\ttext\n");
	for (n = 0; n < s->o.rows && o->err == 0; n++) {
		for (i = 0; i < 16; i++)
			rv_buf_clear(&c.line[i]);
		rv_buf_clear(&c.scripts);
		c.n = 0;
		rv_rng_seed(&r, s->o.seed ^ SALT_CHATS, n);
		run_chat(s, &r, n, &c);
		if (truth) {
			rv_out_putc(o, 'C');
			smp_put_u64(o, n + 1, 8);
			rv_out_tab(o);
			rv_out_puts(o, c.bp_kind);
			rv_out_tab(o);
			smp_put_u64(o, (uint64_t)c.bp_turn, 1);
			rv_out_tab(o);
			rv_out_field(o, c.scripts.p ? c.scripts.p : "", c.scripts.len);
			rv_out_tab(o);
			rv_out_puts(o, c.outcome);
			rv_out_tab(o);
			rv_out_puts(o, profile_names[c.profile]);
			rv_out_eol(o);
			continue;
		}
		for (i = 0; i < c.n; i++) {
			rv_out_putc(o, 'C');
			smp_put_u64(o, n + 1, 8);
			rv_out_tab(o);
			smp_put_u64(o, (uint64_t)i + 1, 1);
			rv_out_tab(o);
			rv_out_puts(o, c.role[i] ? "agent" : "customer");
			rv_out_tab(o);
			rv_out_field(o, c.line[i].p ? c.line[i].p : "", c.line[i].len);
			rv_out_eol(o);
		}
	}
	for (i = 0; i < 16; i++)
		rv_buf_free(&c.line[i]);
	rv_buf_free(&c.scripts);
	return 0;
}

/* ---- journeys ------------------------------------------------------------- */

static const char *const stages[] = {"purchase", "wait", "delivery", "unboxing", "use", "aftersales"};
enum { NSTAGE = 6, ST_WAIT = 1, ST_DELIVERY = 2, ST_UNBOXING = 3, ST_USE = 4 };

/* A planted journey breakpoint: customers in the segment fail at stage
 * with probability rate. */
struct jbp {
	int dim, val, stage;
	double rate;
};

/* Where each product line plausibly breaks (background/001: 60% of smart
 * home buyers failed at installation). */
static int
cat_stage(const char *cat)
{
	if (strcmp(cat, "服装") == 0 || strcmp(cat, "图书") == 0)
		return ST_UNBOXING;
	if (strcmp(cat, "食品") == 0)
		return ST_DELIVERY;
	return ST_USE;
}

static int
plan_journeys(const struct rv_sample *s, struct jbp *bp)
{
	struct rv_rng r;
	int n = 0, k, tries;

	rv_rng_seed(&r, s->o.seed ^ SALT_JPLAN, 0);
	for (k = 0; k < s->o.causes && k < 3; k++) {
		for (tries = 0; tries < 50; tries++) {
			struct jbp b;
			int j, dup = 0;
			if (k == 1) {	/* a carrier that stalls parcels */
				b.dim = RV_DIM_CARRIER;
				b.val = (int)rv_rng_below(&r, SMP_NCAR);
				b.stage = ST_WAIT;
			} else {
				b.dim = RV_DIM_CATEGORY;
				b.val = (int)rv_rng_below(&r, (uint32_t)s->ncat);
				b.stage = cat_stage(s->cat[b.val].name);
			}
			b.rate = floor((0.4 + 0.3 * rv_rng_unif(&r)) * 100 + 0.5) / 100;
			for (j = 0; j < n; j++)
				dup |= bp[j].dim == b.dim && bp[j].val == b.val;
			if (!dup) {
				bp[n++] = b;
				break;
			}
		}
	}
	return n;
}

enum { M_BAD = -2, M_NEG = -1, M_NEU = 0, M_POS = 1 };

struct journey {
	struct rv_sample_order o;
	int mood[NSTAGE];
	int failed;	/* stage, or -1 */
	int churned;
	unsigned segs;	/* bit j: in breakpoint j's segment */
};

static void
run_journey(const struct rv_sample *s, const struct jbp *bp, int nbp, uint64_t n, struct rv_rng *r,
    struct journey *j)
{
	int st, k, nneg = 0;
	double u, pchurn;

	rv_sample_order(s, n, &j->o);
	j->failed = -1;
	j->segs = 0;
	for (k = 0; k < nbp; k++) {
		if (j->o.v[bp[k].dim] != bp[k].val)
			continue;
		j->segs |= 1u << k;
		if (rv_rng_unif(r) < bp[k].rate && (j->failed < 0 || bp[k].stage < j->failed))
			j->failed = bp[k].stage;
	}
	for (st = 0; st < NSTAGE; st++) {
		u = rv_rng_unif(r);
		if (j->failed >= 0 && st == j->failed)
			j->mood[st] = M_BAD;
		else if (j->failed >= 0 && st > j->failed)
			j->mood[st] = st == NSTAGE - 1 ? (u < 0.6 ? M_BAD : M_NEG) : (u < 0.7 ? M_NEG : M_NEU);
		else if (st == ST_WAIT)
			j->mood[st] = u < 0.45 ? M_POS : u < 0.85 ? M_NEU : M_NEG;
		else
			j->mood[st] = u < 0.65 ? M_POS : u < 0.9 ? M_NEU : M_NEG;
		nneg += j->mood[st] < 0;
	}
	pchurn = j->failed >= 0 ? 0.6 : 0.06 + 0.08 * nneg;
	j->churned = rv_rng_unif(r) < pchurn;
}

static void
journey_text(const struct rv_sample *s, struct smp_ctx *cx, const struct journey *j, int st,
    struct rv_buf *b)
{
	static const char *const lv[] = {"bad", "neg", "neu", "pos"};
	const char *l = lv[j->mood[st] + 2];
	const struct smp_pool *p = smp_poolf(&s->phrases, "%s.%s.%s", stages[st], l,
	    s->cat[j->o.v[RV_DIM_CATEGORY]].name);

	if (p == NULL)
		p = smp_poolf(&s->phrases, "%s.%s.any", stages[st], l);
	if (p == NULL)
		p = smp_poolf(&s->phrases, "%s.%s", stages[st], l);
	b->len = 0;
	cx->nused = 0;
	smp_say(b, cx, p);
	if (b->p == NULL)
		rv_buf_puts(b, "");
}

static void
journeys_truth(struct rv_sample *s, struct rv_out *o, const struct jbp *bp, int nbp)
{
	uint64_t n, cust[3] = {0}, fail[3] = {0}, churn[3] = {0}, other = 0, ochurn = 0;
	double mood[3] = {0}, omood[3] = {0};
	uint64_t ocount[3] = {0};
	struct journey j;
	struct rv_rng r;
	int k;

	for (n = 0; n < s->o.rows; n++) {
		rv_rng_seed(&r, s->o.seed ^ SALT_JOURNEYS, n);
		run_journey(s, bp, nbp, n, &r, &j);
		for (k = 0; k < nbp; k++) {
			if (j.segs & (1u << k)) {
				cust[k]++;
				fail[k] += j.failed == bp[k].stage;
				churn[k] += (uint64_t)j.churned;
				mood[k] += j.mood[bp[k].stage];
			} else {
				ocount[k]++;
				omood[k] += j.mood[bp[k].stage];
			}
		}
		if (j.segs == 0) {
			other++;
			ochurn += (uint64_t)j.churned;
		}
	}
	rv_out_puts(o, "stage\tsegment\tcustomers\tfail_rate\tmood\tmood_others\tchurn\tchurn_others\n");
	for (k = 0; k < nbp; k++) {
		rv_out_puts(o, stages[bp[k].stage]);
		rv_out_tab(o);
		rv_out_puts(o, rv_sample_dim_name(bp[k].dim));
		rv_out_putc(o, '=');
		rv_out_puts(o, rv_sample_value(s, bp[k].dim, bp[k].val));
		rv_out_tab(o);
		smp_put_u64(o, cust[k], 1);
		rv_out_tab(o);
		rv_out_num(o, cust[k] ? (double)fail[k] / (double)cust[k] : 0, 4);
		rv_out_tab(o);
		rv_out_num(o, cust[k] ? mood[k] / (double)cust[k] : 0, 4);
		rv_out_tab(o);
		rv_out_num(o, ocount[k] ? omood[k] / (double)ocount[k] : 0, 4);
		rv_out_tab(o);
		rv_out_num(o, cust[k] ? (double)churn[k] / (double)cust[k] : 0, 4);
		rv_out_tab(o);
		rv_out_num(o, other ? (double)ochurn / (double)other : 0, 4);
		rv_out_eol(o);
	}
}

int
smp_write_journeys(struct rv_sample *s, struct rv_out *o, int truth)
{
	struct jbp bp[3];
	int nbp = plan_journeys(s, bp), st;
	struct rv_buf b = {0};
	struct journey j;
	struct smp_ctx cx;
	struct rv_rng r;
	uint64_t n;

	if (truth) {
		journeys_truth(s, o, bp, nbp);
		return 0;
	}
	rv_out_puts(o, "customer\tstage\ttext\tchurned\tline\n");
	for (n = 0; n < s->o.rows && o->err == 0; n++) {
		const struct smp_sku *sk;
		rv_rng_seed(&r, s->o.seed ^ SALT_JOURNEYS, n);
		run_journey(s, bp, nbp, n, &r, &j);
		sk = &s->sku[j.o.v[RV_DIM_SKU]];
		memset(&cx, 0, sizeof(cx));
		cx.r = &r;
		cx.pl = &s->phrases;
		cx.lang = "zh";
		cx.p = s->brand[sk->brand].noun[sk->noun];
		cx.b = s->brand[sk->brand].name;
		cx.c = s->car[j.o.v[RV_DIM_CARRIER]];
		cx.intensity = 2;
		for (st = 0; st < NSTAGE; st++) {
			journey_text(s, &cx, &j, st, &b);
			rv_out_putc(o, 'U');
			smp_put_u64(o, n + 1, 8);
			rv_out_tab(o);
			rv_out_puts(o, stages[st]);
			rv_out_tab(o);
			rv_out_field(o, b.p, b.len);
			rv_out_tab(o);
			rv_out_putc(o, (char)('0' + j.churned));
			rv_out_tab(o);
			rv_out_puts(o, s->cat[j.o.v[RV_DIM_CATEGORY]].name);
			rv_out_eol(o);
		}
	}
	rv_buf_free(&b);
	return 0;
}
