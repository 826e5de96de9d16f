/* sample_review.c - rv-sample reviews: a review per order triple, composed
 * from the phrase pools in lib/data/sample-phrases.tsv.
 *
 * Review n is written about one of orders 3n..3n+2 (returned orders are
 * five times likelier to be reviewed), so order_id and the dimensions
 * match `rv-sample orders` with the same seed and options. What a review
 * expresses (polarity, intensity, emotion, complaint categories) is
 * decided first, then the text is composed to express exactly that; the
 * decision is what --truth prints. */
#include "sample_impl.h"

#include <stdio.h>
#include <string.h>

enum { SALT_REVIEWS = 0x7276 };
enum { LANG_ZH, LANG_EN, LANG_MIX };
enum { POL_NEG, POL_NEU, POL_POS };
enum { EMO_ANGER, EMO_DISAPPOINTMENT, EMO_ANXIETY, EMO_CONFUSION, EMO_SATISFACTION, EMO_NEUTRAL };

static const char *const emo_names[] = {
	"anger", "disappointment", "anxiety", "confusion", "satisfaction", "neutral"
};
static const char *const pol_names[] = {"neg", "neu", "pos"};
static const char *const lang_names[] = {"zh", "en", "mixed"};

/* What one review was composed to express. */
struct review {
	struct rv_sample_order ord;
	int lang, pol, intensity, emo, rating;
	int comp[2], ncomp;	/* complaint categories, primary first */
};

/* Clause joiner: remembers whether the text so far ends a sentence. */
struct text {
	struct rv_buf b;
	int lang;
	int nclause;
};

static int
has_comp(const struct rv_sample *s, int lang, int comp, int cat)
{
	const char *l = lang == LANG_EN ? "en" : "zh";

	return smp_poolf(&s->phrases, "%s.c.%s.%s", l, smp_comp_names[comp], s->cat[cat].name) ||
	    smp_poolf(&s->phrases, "%s.c.%s.any", l, smp_comp_names[comp]);
}

static int
natural_comp(const struct rv_sample *s, struct rv_rng *r, int cat, int lang, int not)
{
	int k, c;

	for (k = 0; k < 20; k++) {
		c = rv_rng_pick(r, s->cat[cat].comp_cum, SMP_NCOMP);
		if (c != not && has_comp(s, lang, c, cat))
			return c;
	}
	return 11;	/* other */
}

static int
pick_emotion(struct rv_rng *r, int comp, int intensity)
{
	double u = rv_rng_unif(r);

	if (intensity == 1) {	/* mild: no anger */
		if ((comp == 2 || comp == 9) && u < 0.4)
			return EMO_ANXIETY;
		if (comp == 8 && u < 0.6)
			return EMO_CONFUSION;
		return u < 0.9 ? EMO_DISAPPOINTMENT : EMO_CONFUSION;
	}
	if (intensity == 3) {
		if ((comp == 2 || comp == 9) && u < 0.15)
			return EMO_ANXIETY;
		return u < 0.75 ? EMO_ANGER : EMO_DISAPPOINTMENT;
	}
	switch (comp) {
	case 2:	/* logistics */
		return u < 0.5 ? EMO_ANXIETY : u < 0.8 ? EMO_DISAPPOINTMENT : EMO_ANGER;
	case 9:	/* aftersales */
		return u < 0.4 ? EMO_ANXIETY : u < 0.7 ? EMO_ANGER : EMO_DISAPPOINTMENT;
	case 8:	/* usability */
		return u < 0.6 ? EMO_CONFUSION : u < 0.9 ? EMO_DISAPPOINTMENT : EMO_ANGER;
	case 3:	/* service */
		return u < 0.6 ? EMO_ANGER : EMO_DISAPPOINTMENT;
	case 10: /* safety */
		return u < 0.5 ? EMO_ANGER : u < 0.8 ? EMO_ANXIETY : EMO_DISAPPOINTMENT;
	}
	return u < 0.75 ? EMO_DISAPPOINTMENT : EMO_ANGER;
}

static void
plan_review(const struct rv_sample *s, struct rv_rng *r, uint64_t n, struct review *rv)
{
	struct rv_sample_order cand[3];
	double w[3], acc = 0, u, pneg;
	int i, pick = 0, cause = -1, cat;

	for (i = 0; i < 3; i++) {
		rv_sample_order(s, 3 * n + (uint64_t)i, &cand[i]);
		acc += cand[i].returned ? 5 : 1;
		w[i] = acc;
	}
	u = rv_rng_unif(r) * acc;
	while (pick < 2 && u >= w[pick])
		pick++;
	rv->ord = cand[pick];
	cat = rv->ord.v[RV_DIM_CATEGORY];
	for (i = 0; i < s->nseg; i++)
		if (rv->ord.causes & (1u << i)) {
			cause = i;
			break;
		}
	u = rv_rng_unif(r);
	rv->lang = u < 0.75 ? LANG_ZH : u < 0.95 ? LANG_EN : LANG_MIX;
	pneg = rv->ord.returned ? 0.55 : 0.08;
	if (cause >= 0) {
		double extra = 0.06 * (s->seg[cause].lift - 1);
		pneg += (1 - pneg) * (extra > 0.6 ? 0.6 : extra);
	}
	u = rv_rng_unif(r);
	rv->ncomp = 0;
	rv->intensity = 0;
	if (u < pneg) {
		rv->pol = POL_NEG;
		if (cause >= 0 && rv_rng_unif(r) < 0.7 &&
		    has_comp(s, rv->lang, s->seg[cause].comp, cat))
			rv->comp[0] = s->seg[cause].comp;
		else
			rv->comp[0] = natural_comp(s, r, cat, rv->lang, -1);
		rv->ncomp = 1;
		if (rv_rng_unif(r) < 0.25) {
			rv->comp[1] = natural_comp(s, r, cat, rv->lang, rv->comp[0]);
			rv->ncomp = rv->comp[1] != rv->comp[0] ? 2 : 1;
		}
		u = rv_rng_unif(r);
		if (rv->ord.returned)
			rv->intensity = u < 0.2 ? 1 : u < 0.65 ? 2 : 3;
		else
			rv->intensity = u < 0.35 ? 1 : u < 0.8 ? 2 : 3;
		rv->emo = pick_emotion(r, rv->comp[0], rv->intensity);
		u = rv_rng_unif(r);
		rv->rating = rv->intensity == 3 ? 1 : rv->intensity == 2 ? (u < 0.5 ? 2 : 1) :
		    (u < 0.5 ? 3 : 2);
	} else if (u < pneg + 0.12) {
		rv->pol = POL_NEU;
		rv->emo = EMO_NEUTRAL;
		rv->rating = rv_rng_unif(r) < 0.7 ? 3 : 4;
	} else {
		rv->pol = POL_POS;
		rv->emo = EMO_SATISFACTION;
		rv->rating = rv_rng_unif(r) < 0.75 ? 5 : 4;
		if (rv_rng_unif(r) < 0.15) {	/* praise with a minor complaint */
			int c = natural_comp(s, r, cat, rv->lang, 11);
			/* refunds, hazards and missing items are never "minor" */
			if (c != 5 && c != 9 && c != 10) {
				rv->comp[0] = c;
				rv->ncomp = 1;
				rv->rating = 4;
			}
		}
	}
}

/* ---- composing ---------------------------------------------------------- */

static int
ends_sentence(const struct rv_buf *b)
{
	const unsigned char *p = (const unsigned char *)b->p;
	size_t n = b->len;

	if (n == 0)
		return 1;
	if (p[n - 1] == '!' || p[n - 1] == '?' || p[n - 1] == '.' || p[n - 1] == '~')
		return 1;
	if (n >= 3 && p[n - 3] == 0xef && p[n - 2] == 0xbc && (p[n - 1] == 0x81 || p[n - 1] == 0x9f))
		return 1;	/* ！ ？ */
	if (n >= 3 && p[n - 3] == 0xe3 && p[n - 2] == 0x80 && p[n - 1] == 0x82)
		return 1;	/* 。 */
	return 0;
}

/* Start a new clause: a separator unless the text ends a sentence, and
 * sentence-case for English. Returns the offset where the clause starts. */
static size_t
clause(struct text *t, struct rv_rng *r, int stop)
{
	if (t->b.len > 0 && !ends_sentence(&t->b)) {
		if (t->lang == LANG_EN)
			rv_buf_puts(&t->b, stop ? ". " : ", ");
		else
			rv_buf_puts(&t->b, stop ? "。" : "，");
	} else if (t->b.len > 0 && t->lang == LANG_EN) {
		rv_buf_putc(&t->b, ' ');
	}
	(void)r;
	t->nclause++;
	return t->b.len;
}

static void
capitalise(struct text *t, size_t at)
{
	const char *p = t->b.p;

	if (t->lang != LANG_EN || at >= t->b.len || p[at] < 'a' || p[at] > 'z')
		return;
	if (at == 0 || (at >= 2 && p[at - 1] == ' ' && strchr(".!?", p[at - 2]) != NULL))
		t->b.p[at] = (char)(p[at] - 'a' + 'A');
}

static void
expand(struct rv_buf *b, struct smp_ctx *cx, const char *tpl)
{
	smp_expand(b, cx, tpl, strlen(tpl));
}

/* Say one random template of the first pool that exists. */
static int
say(struct text *t, struct smp_ctx *cx, int stop, const struct smp_pool *a, const struct smp_pool *b)
{
	size_t at;

	if (a == NULL && b == NULL)
		return 0;
	at = clause(t, cx->r, stop);
	smp_say(&t->b, cx, a != NULL ? a : b);
	capitalise(t, at);
	return 1;
}

/* A pool for category cat with fallback to "any"; when both exist, the
 * specific one wins 60% of the time. */
static const struct smp_pool *
pool_cat(const struct rv_sample *s, struct rv_rng *r, const char *l, const char *what, int cat)
{
	const struct smp_pool *a = smp_poolf(&s->phrases, "%s.%s.%s", l, what, s->cat[cat].name);
	const struct smp_pool *b = smp_poolf(&s->phrases, "%s.%s.any", l, what);

	if (a != NULL && b != NULL)
		return rv_rng_unif(r) < 0.6 ? a : b;
	return a != NULL ? a : b;
}

/* Praise aspects, and which one each complaint category contradicts
 * (no "shipping was fast" next to a logistics complaint). */
static const char *const aspects[] = {"cat", "cat", "ship", "pack", "serv", "value", "any"};

static const char *
conflict(int comp)
{
	static const char *const c[SMP_NCOMP] = {
		"cat", "pack", "ship", "serv", "any", "any", "cat", "value", "cat", "serv", "cat", "cat"
	};
	return comp >= 0 && comp < SMP_NCOMP ? c[comp] : "";
}

static const struct smp_pool *
praise(const struct rv_sample *s, struct rv_rng *r, const char *l, int cat, int avoid1, int avoid2)
{
	int k;

	for (k = 0; k < 16; k++) {
		const char *a = aspects[rv_rng_below(r, 7)];
		if (strcmp(a, conflict(avoid1)) == 0 || strcmp(a, conflict(avoid2)) == 0)
			continue;
		if (strcmp(a, "cat") == 0)
			return smp_poolf(&s->phrases, "%s.pos.%s", l, s->cat[cat].name);
		return smp_poolf(&s->phrases, "%s.pos.%s", l, a);
	}
	return smp_poolf(&s->phrases, "%s.pos.any", l);
}

static void
say_complaint(struct text *t, struct smp_ctx *cx, const struct rv_sample *s,
    const struct review *rv, int comp, int stop, const char *prefix)
{
	const char *l = rv->lang == LANG_EN ? "en" : "zh";
	int cat = rv->ord.v[RV_DIM_CATEGORY];
	char what[32];
	const struct smp_pool *p = NULL;
	size_t at;

	snprintf(what, sizeof(what), "c.%s", smp_comp_names[comp]);
	if (rv->lang == LANG_MIX && rv_rng_unif(cx->r) < 0.7)
		p = pool_cat(s, cx->r, "mix", what, cat);
	if (p == NULL)
		p = pool_cat(s, cx->r, l, what, cat);
	if (p == NULL)
		return;
	at = clause(t, cx->r, stop);
	if (prefix != NULL) {
		expand(&t->b, cx, prefix);
		if (rv->lang == LANG_EN)
			rv_buf_putc(&t->b, ' ');
	}
	smp_say(&t->b, cx, p);
	capitalise(t, at);
}

static void
end_text(struct text *t, struct rv_rng *r, const char *zh, const char *en)
{
	if (!ends_sentence(&t->b))
		rv_buf_puts(&t->b, t->lang == LANG_EN ? en : zh);
	(void)r;
}

static void
compose_neg(struct text *t, struct smp_ctx *cx, const struct rv_sample *s, const struct review *rv)
{
	struct rv_rng *r = cx->r;
	const char *l = rv->lang == LANG_EN ? "en" : "zh";
	int cat = rv->ord.v[RV_DIM_CATEGORY], k = rv->intensity;
	static const char *const emoji[] = {"emoji.neg", "emoji.sad", "emoji.worry", "emoji.think"};

	if (rv_rng_unif(r) < (k == 3 ? 0.5 : 0.3))
		say(t, cx, 1, smp_poolf(&s->phrases, "%s.open.neg.%d", l, k), NULL);
	if (rv_rng_unif(r) < 0.25) {	/* contrast: praise first, then 但是 */
		say(t, cx, 0, praise(s, r, l, cat, rv->comp[0], rv->ncomp > 1 ? rv->comp[1] : -1), NULL);
		say_complaint(t, cx, s, rv, rv->comp[0], 0, "{@.but}");
	} else {
		say_complaint(t, cx, s, rv, rv->comp[0], 0, NULL);
	}
	if (rv->ncomp > 1)
		say_complaint(t, cx, s, rv, rv->comp[1], rv_rng_unif(r) < 0.4,
		    rv->lang == LANG_EN ? "{also|and|plus|on top of that}" : "{而且|还有|另外|}");
	if (k == 3 || rv_rng_unif(r) < 0.7) {
		const struct smp_pool *mp = NULL;
		if (rv->lang == LANG_MIX && rv_rng_unif(r) < 0.5)
			mp = smp_poolf(&s->phrases, "mix.emo.%s", emo_names[rv->emo]);
		say(t, cx, rv_rng_unif(r) < 0.5, mp, smp_poolf(&s->phrases, "%s.emo.%s", l, emo_names[rv->emo]));
	}
	if (k == 3 && rv_rng_unif(r) < 0.4)
		say(t, cx, 1, smp_poolf(&s->phrases, "%s.slang.neg", l), NULL);
	if (k == 3)
		end_text(t, r, rv_rng_unif(r) < 0.5 ? "！！！" : "！", rv_rng_unif(r) < 0.5 ? "!!!" : "!");
	else if (k == 2)
		end_text(t, r, rv_rng_unif(r) < 0.7 ? "。" : "！", rv_rng_unif(r) < 0.7 ? "." : "!");
	else
		end_text(t, r, rv_rng_unif(r) < 0.7 ? "。" : "", ".");
	if (rv->emo <= EMO_CONFUSION && rv_rng_unif(r) < (k == 3 ? 0.3 : 0.12))
		smp_say(&t->b, cx, smp_pool(&s->phrases, emoji[rv->emo == EMO_ANGER ? 0 :
		    rv->emo == EMO_DISAPPOINTMENT ? 1 : rv->emo == EMO_ANXIETY ? 2 : 3]));
}

static void
compose_pos(struct text *t, struct smp_ctx *cx, const struct rv_sample *s, const struct review *rv)
{
	struct rv_rng *r = cx->r;
	const char *l = rv->lang == LANG_EN ? "en" : "zh";
	int cat = rv->ord.v[RV_DIM_CATEGORY], n = 1 + (int)rv_rng_below(r, 3), i;

	if (rv_rng_unif(r) < 0.35)
		say(t, cx, rv_rng_unif(r) < 0.5, smp_poolf(&s->phrases, "%s.open.pos", l), NULL);
	for (i = 0; i < n; i++) {
		if (rv->lang == LANG_MIX && i == 0)
			say(t, cx, 0, smp_pool(&s->phrases, "mix.pos"), NULL);
		else
			say(t, cx, 0, i == 0 ? smp_poolf(&s->phrases, "%s.pos.%s", l, s->cat[cat].name) :
			    praise(s, r, l, cat, rv->ncomp ? rv->comp[0] : -1, -1), NULL);
	}
	if (rv->ncomp > 0) {	/* minor complaint, mild words */
		struct smp_ctx mild = *cx;
		mild.intensity = 1;
		say_complaint(t, &mild, s, rv, rv->comp[0], 0, "{@.minor}");
		if (rv_rng_unif(r) < 0.5) {
			size_t at = clause(t, r, 0);
			expand(&t->b, cx, rv->lang == LANG_EN ?
			    "{overall still happy|otherwise great|still recommend it}" :
			    "{总体|整体}{还是|}{满意|不错}{的|}");
			capitalise(t, at);
		}
	}
	if (rv_rng_unif(r) < 0.6)
		say(t, cx, rv_rng_unif(r) < 0.5, smp_poolf(&s->phrases, "%s.close.pos", l), NULL);
	if (rv_rng_unif(r) < 0.15)
		say(t, cx, 1, smp_poolf(&s->phrases, "%s.slang.pos", l), NULL);
	end_text(t, r, rv_rng_unif(r) < 0.4 ? "！" : rv_rng_unif(r) < 0.7 ? "。" : "~",
	    rv_rng_unif(r) < 0.5 ? "!" : ".");
	if (rv_rng_unif(r) < 0.2)
		smp_say(&t->b, cx, smp_pool(&s->phrases, "emoji.pos"));
}

static void
compose_neu(struct text *t, struct smp_ctx *cx, const struct rv_sample *s, const struct review *rv)
{
	struct rv_rng *r = cx->r;
	const char *l = rv->lang == LANG_EN ? "en" : "zh";
	int cat = rv->ord.v[RV_DIM_CATEGORY];

	if (rv_rng_unif(r) < 0.3)
		say(t, cx, 0, smp_poolf(&s->phrases, "%s.open.neu", l), NULL);
	say(t, cx, 0, smp_poolf(&s->phrases, "%s.neu.any", l), NULL);
	if (rv_rng_unif(r) < 0.3)
		say(t, cx, 0, praise(s, r, l, cat, -1, -1), NULL);
	if (rv_rng_unif(r) < 0.5)
		say(t, cx, 0, smp_poolf(&s->phrases, "%s.neu.any", l), NULL);
	if (rv_rng_unif(r) < 0.3)
		say(t, cx, 1, smp_poolf(&s->phrases, "%s.close.neu", l), NULL);
	end_text(t, r, rv_rng_unif(r) < 0.6 ? "。" : "", ".");
}

static void
compose(const struct rv_sample *s, struct rv_rng *r, const struct review *rv, struct text *t)
{
	const struct rv_sample_order *o = &rv->ord;
	const struct smp_sku *sk = &s->sku[o->v[RV_DIM_SKU]];
	const struct smp_brand *b = &s->brand[sk->brand];
	struct smp_ctx cx;

	memset(&cx, 0, sizeof(cx));
	cx.r = r;
	cx.pl = &s->phrases;
	cx.lang = rv->lang == LANG_EN ? "en" : "zh";
	cx.p = rv->lang == LANG_EN ? b->noun_en[sk->noun] : b->noun[sk->noun];
	cx.b = b->name;
	cx.c = rv->lang == LANG_EN ? s->car_en[o->v[RV_DIM_CARRIER]] : s->car[o->v[RV_DIM_CARRIER]];
	cx.intensity = rv->pol == POL_NEG ? rv->intensity : 2;
	t->lang = rv->lang == LANG_EN ? LANG_EN : LANG_ZH;
	t->b.len = 0;
	t->nclause = 0;
	if (rv->pol == POL_NEG)
		compose_neg(t, &cx, s, rv);
	else if (rv->pol == POL_POS)
		compose_pos(t, &cx, s, rv);
	else
		compose_neu(t, &cx, s, rv);
	if (t->b.p == NULL)
		rv_buf_puts(&t->b, "");
}

static void
put_comps(struct rv_out *o, const struct review *rv, int all)
{
	int i;

	if (rv->ncomp == 0) {
		rv_out_puts(o, "none");
		return;
	}
	for (i = 0; i < (all ? rv->ncomp : 1); i++) {
		if (i)
			rv_out_putc(o, ',');
		rv_out_puts(o, smp_comp_names[rv->comp[i]]);
	}
}

int
smp_write_reviews(struct rv_sample *s, struct rv_out *o, int truth)
{
	struct text t = {{0}, 0, 0};
	struct review rv;
	struct rv_rng r;
	uint64_t n;
	int d;

	rv_out_puts(o, truth ? "review_id\tcategory\tcategories\tpolarity\tintensity\temotion\n" :
	    "review_id\torder_id\tdate\tline\tsku\tbrand\tcarrier\twarehouse\tprovince\tchannel\tlang\trating\ttext\n");
	for (n = 0; n < s->o.rows && o->err == 0; n++) {
		rv_rng_seed(&r, s->o.seed ^ SALT_REVIEWS, n);
		plan_review(s, &r, n, &rv);
		compose(s, &r, &rv, &t);
		if (t.b.p == NULL)
			return -1;
		rv_out_putc(o, 'R');
		smp_put_u64(o, n + 1, 8);
		rv_out_tab(o);
		if (truth) {
			put_comps(o, &rv, 0);
			rv_out_tab(o);
			put_comps(o, &rv, 1);
			rv_out_tab(o);
			rv_out_puts(o, pol_names[rv.pol]);
			rv_out_tab(o);
			rv_out_putc(o, (char)('0' + rv.intensity));
			rv_out_tab(o);
			rv_out_puts(o, emo_names[rv.emo]);
			rv_out_eol(o);
			continue;
		}
		rv_out_putc(o, 'O');
		smp_put_u64(o, rv.ord.n + 1, 8);
		rv_out_tab(o);
		rv_out_write(o, s->date[rv.ord.day], 10);
		for (d = 0; d < RV_NDIM; d++) {	/* dims are in column order */
			rv_out_tab(o);
			rv_out_puts(o, rv_sample_value(s, d, rv.ord.v[d]));
		}
		rv_out_tab(o);
		rv_out_puts(o, lang_names[rv.lang]);
		rv_out_tab(o);
		rv_out_putc(o, (char)('0' + rv.rating));
		rv_out_tab(o);
		rv_out_field(o, t.b.p, t.b.len);
		rv_out_eol(o);
	}
	rv_buf_free(&t.b);
	return 0;
}
