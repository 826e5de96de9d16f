/* senti.c - lexicon rules plus linear model.
 *
 * The lexicon pass finds the longest lexicon term at each position of the
 * folded text (Latin terms only at word starts), then scores each
 * sentiment term: degree adverbs and negators in a short window before it
 * scale it (a negator multiplies by its value, about -0.7, so 不好 and
 * "not bad" flip and soften), a contrast word (但是, but) halves what came
 * before it and weights what follows, a concessive (虽然, although)
 * weakens its own clause, and ! ? runs amplify the sum (after VADER). The
 * sum is added to the model's logit with weight lex_weight. */
#include "senti.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "textmodel.h"
#include "utf8.h"

struct rv_senti_tok {
	size_t start, end;	/* in the folded text; start includes modifiers */
	size_t tstart;		/* where the term itself starts */
	int ent;		/* lexicon entry */
	int clause;
	double v;		/* final contribution */
	int negated;
};

void
rv_senti_init(struct rv_senti *s)
{
	memset(s, 0, sizeof(*s));
	rv_lex_init(&s->lex);
	s->neutral = 0.2;
	s->lex_weight = RV_SENTI_LEX_WEIGHT;
	s->max_cues = 8;
	s->cls_neg = s->cls_pos = s->cls_neu = -1;
}

const char *
rv_polarity_name(int polarity)
{
	return polarity < 0 ? "neg" : polarity > 0 ? "pos" : "neu";
}

int
rv_senti_set_model(struct rv_senti *s, const struct rv_lm *m)
{
	static const char *const neg[] = {"neg", "negative", "0"};
	static const char *const pos[] = {"pos", "positive", "1"};
	static const char *const neu[] = {"neu", "neutral"};
	size_t i;

	s->cls_neg = s->cls_pos = s->cls_neu = -1;
	for (i = 0; i < 3; i++) {
		if (s->cls_neg < 0)
			s->cls_neg = rv_lm_label(m, neg[i]);
		if (s->cls_pos < 0)
			s->cls_pos = rv_lm_label(m, pos[i]);
	}
	for (i = 0; i < 2; i++)
		if (s->cls_neu < 0)
			s->cls_neu = rv_lm_label(m, neu[i]);
	if (s->cls_neg < 0 || s->cls_pos < 0 || (m->flags & RV_LM_MULTI))
		return -1;
	s->model = m;
	return 0;
}

static int
push_tok(struct rv_senti *s, const struct rv_senti_tok *t)
{
	struct rv_senti_tok *p = rv_grow(s->tok, &s->tokcap, s->ntok + 1, sizeof(*p));

	if (p == NULL)
		return -1;
	s->tok = p;
	s->tok[s->ntok++] = *t;
	return 0;
}

static int
is_latin(unsigned char c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9');
}

/* Clause-ending punctuation (after folding). */
static int
is_clause_end(uint32_t c)
{
	return c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == '~' ||
	    c == '\n' || c == 0x3002 || c == 0xFF0C || c == 0x3001 || c == 0xFF1B ||
	    c == 0x2026 || c == 0xFF5E;
}

/* A letter or digit, the code points of Latin words. */
static inline int
is_latin_cp(uint32_t c)
{
	return c < 0x80 && is_latin((unsigned char)c);
}

/* Content units in cp[a..b): one per CJK character, one per Latin or
 * digit word. Coverage (units inside lexicon terms / all units) decides
 * how far the lexicon is trusted over the model. */
static size_t
units(const uint32_t *cp, size_t a, size_t b)
{
	size_t u = 0;
	int inword = 0;

	for (; a < b; a++) {
		uint32_t c = cp[a];
		int w = is_latin_cp(c);
		if (w && !inword)
			u++;
		inword = w;
		if (rv_utf8_is_cjk(c) || rv_utf8_is_emoji(c))
			u++;
	}
	return u;
}

/* Tokenise: lexicon terms with their clause numbers (byte offsets in the
 * folded text); counts ! and ?. Works on the code points cp[0..n) at
 * byte offsets off[0..n]. */
static int
scan(struct rv_senti *s, const uint32_t *cp, const size_t *off, size_t n, int *excl,
    int *quest, size_t *total, size_t *covered)
{
	size_t j = 0, mlen;
	int clause = 0, prev_latin = 0;
	uint32_t c;

	s->ntok = 0;
	*excl = *quest = 0;
	*total = *covered = 0;
	while (j < n) {
		c = cp[j];
		int may = (prev_latin && is_latin_cp(c)) ? 0 : rv_lex_may_start(&s->lex, c);
		if (may == 2)
			may = rv_lex_may_pair(&s->lex, c, j + 1 < n ? cp[j + 1] : 0);
		if (may) {
			int e = rv_lex_match_cp(&s->lex, cp + j, n - j, &mlen);
			if (e >= 0) {
				size_t i = off[j];
				struct rv_senti_tok t = {i, off[j + mlen], i, e, clause, 0, 0};
				if (push_tok(s, &t) < 0)
					return -1;
				size_t u = units(cp, j, j + mlen);
				if (u == 0)
					u = 1;	/* an emoticon such as :-) */
				*covered += u;
				*total += u;
				prev_latin = is_latin_cp(cp[j + mlen - 1]);
				j += mlen;
				continue;
			}
		}
		j++;
		int lat = is_latin_cp(c);
		*total += (lat && !prev_latin) || rv_utf8_is_cjk(c) || rv_utf8_is_emoji(c);
		prev_latin = lat;
		if (c == '!')
			(*excl)++;
		else if (c == '?')
			(*quest)++;
		if (is_clause_end(c))
			clause++;
	}
	return 0;
}

/* Score the tokens; returns the lexicon sum. */
static double
score_tokens(struct rv_senti *s, const char *p)
{
	size_t i, j;
	double sum = 0;
	const struct rv_lex_entry *E = s->lex.ent;

	for (i = 0; i < s->ntok; i++) {
		struct rv_senti_tok *t = &s->tok[i];
		const struct rv_lex_entry *e = &E[t->ent];
		if (e->kind != RV_LEX_WORD && e->kind != RV_LEX_EMOJI && e->kind != RV_LEX_SARCASM)
			continue;
		double v = e->value;
		size_t left = t->start;
		/* Modifiers: up to 3 NEG/DEG tokens right before, same clause,
		 * each at most 6 bytes (two CJK characters or a short word) apart. */
		for (j = i; j > 0 && i - j < 3; j--) {
			const struct rv_senti_tok *m = &s->tok[j - 1];
			const struct rv_lex_entry *me = &E[m->ent];
			if (m->clause != t->clause || left - m->end > 6)
				break;
			if (me->kind == RV_LEX_DEG)
				v *= me->value;
			else if (me->kind == RV_LEX_NEG) {
				v *= me->value;
				t->negated = !t->negated;
			} else
				break;
			left = m->start;
		}
		(void)p;
		t->start = left;
		t->v = v;
	}
	/* Contrast and concession, in one pass (linear in the number of
	 * terms even for pathological texts). A contrast word (value >= 1)
	 * halves what came before it and weights what follows by its value;
	 * the effects of the two nearest contrasts on each side compound
	 * (what a review with one or two of them needs), further ones do not,
	 * so nothing overflows. A concessive (value < 1) weakens the rest of
	 * its clause, down to a quarter at most. */
	size_t later = 0;
	double w1 = 1, w2 = 1, conc = 1;
	int clause = -1;
	for (i = 0; i < s->ntok; i++)
		later += E[s->tok[i].ent].kind == RV_LEX_CONTRAST && E[s->tok[i].ent].value >= 1;
	for (i = 0; i < s->ntok; i++) {
		struct rv_senti_tok *t = &s->tok[i];
		const struct rv_lex_entry *e = &E[t->ent];
		if (t->clause != clause) {
			clause = t->clause;
			conc = 1;
		}
		if (e->kind == RV_LEX_CONTRAST) {
			if (e->value >= 1) {
				later--;
				w2 = w1;
				w1 = e->value;
			} else if ((conc *= e->value) < 0.25)
				conc = 0.25;
			continue;
		}
		t->v *= (later >= 2 ? 0.25 : later == 1 ? 0.5 : 1) * w1 * w2 * conc;
	}
	for (i = 0; i < s->ntok; i++)
		sum += s->tok[i].v;
	return sum;
}

static void
add_cue(struct rv_senti *s, const char *p, size_t a, size_t b, char sign, int *ncue)
{
	size_t k;

	if (*ncue >= s->max_cues)
		return;
	if (*ncue > 0)
		rv_buf_putc(&s->cues, ',');
	size_t at = s->cues.len;
	rv_buf_append(&s->cues, p + a, b - a);
	for (k = at; k < s->cues.len; k++)
		if (s->cues.p[k] == ',' || s->cues.p[k] == ':' || s->cues.p[k] == '\t')
			s->cues.p[k] = ' ';
	rv_buf_putc(&s->cues, ':');
	rv_buf_putc(&s->cues, sign);
	(*ncue)++;
}

int
rv_senti_text(struct rv_senti *s, const char *text, size_t n, struct rv_senti_result *r)
{
	int excl, quest, ncue = 0;
	size_t i;
	double emo[RV_EMO_COUNT] = {0}, strong = 0, negmass = 0, z, neu_p = 0;
	const char *p;

	memset(r, 0, sizeof(*r));
	rv_buf_clear(&s->norm);
	rv_buf_clear(&s->cues);
	/* Fold once, keeping the code points: the lexicon scan and the
	 * features both walk those instead of decoding the text again. */
	size_t ncp;
	uint32_t *cp = rv_grow(s->cp, &s->cpcap, n + 1, sizeof(*cp));
	if (cp == NULL)
		return -1;
	s->cp = cp;
	size_t *off = rv_grow(s->off, &s->offcap, n + 1, sizeof(*off));
	if (off == NULL)
		return -1;
	s->off = off;
	if (rv_utf8_fold_cps(&s->norm, text, n, cp, off, &ncp) < 0 ||
	    rv_buf_reserve(&s->cues, 64) < 0)
		return -1;
	p = s->norm.p;
	size_t total, covered;
	if (scan(s, cp, off, ncp, &excl, &quest, &total, &covered) < 0)
		return -1;
	double lex = score_tokens(s, p);
	double cov = total ? (double)covered / (double)total : 0;
	/* Only coverage above one half counts: long reviews (coverage about
	 * 0.1-0.4) stay with the model, which is the more accurate there. */
	cov = cov <= 0.5 ? 0 : cov >= 1 ? 1 : (cov - 0.5) / 0.5;
	if (lex != 0) {
		/* ! and ? emphasis, as VADER: up to 4 ! add 0.292 each, ? up to 3. */
		double amp = 0.292 * (excl > 4 ? 4 : excl);
		if (quest > 1)
			amp += 0.18 * (quest > 3 ? 3 : quest);
		lex += lex > 0 ? amp : -amp;
	}
	r->lex = lex;

	/* Model logit, pos vs neg. */
	z = 0;
	if (total == 0) {
		/* No word, character or emoji at all (empty, blanks, "。。。"):
		 * nothing to go on, and the model's bias is not an opinion. */
	} else if (s->model != NULL) {
		double prob[64];
		if (rv_textmodel_predict_cps(s->model, &s->feat, cp, ncp, prob) < 0)
			return -1;
		double pp = prob[s->cls_pos] + 1e-9, pn = prob[s->cls_neg] + 1e-9;
		z = log(pp / pn);
		if (s->cls_neu >= 0)
			neu_p = prob[s->cls_neu];
		r->model = z;
		/* Short texts that the lexicon covers (质量好, not bad) are
		 * decided by the lexicon: the model has little to go on there.
		 * Measured on a validation split: no loss on the long reviews. */
		z = (1 - cov) * z + (s->lex_weight + 1.5 * cov) * lex;
	} else
		z = lex / sqrt(lex * lex / 4 + 1) * 2 * 1.5;	/* bounded, VADER-like */
	r->score = tanh(z / 2);
	if (neu_p > 0.5)
		r->score *= 0.5;
	r->polarity = r->score <= -s->neutral ? -1 : r->score >= s->neutral ? 1 : 0;

	/* Cues, emotions and strength from the tokens. */
	for (i = 0; i < s->ntok; i++) {
		const struct rv_senti_tok *t = &s->tok[i];
		const struct rv_lex_entry *e = &s->lex.ent[t->ent];
		if (e->kind == RV_LEX_CONTRAST) {
			add_cue(s, p, t->tstart, t->end, '|', &ncue);
			continue;
		}
		if (t->v == 0)
			continue;
		add_cue(s, p, t->start, t->end, t->v > 0 ? '+' : '-', &ncue);
		if (t->v < 0) {
			int em = e->emotion;
			negmass += -t->v;
			if (t->negated || em == RV_EMO_SATISFACTION || em == RV_EMO_NONE)
				em = RV_EMO_DISAPPOINTMENT;
			emo[em] += -t->v;
			if (e->value <= -2.8 && !t->negated)
				strong += 1;
			if (e->kind == RV_LEX_SARCASM)
				emo[RV_EMO_ANGER] += 1;
		}
	}
	if (s->cues.len == 0)
		rv_buf_reserve(&s->cues, 1);
	r->cues = s->cues.p;
	r->cueslen = s->cues.len;

	/* Intensity of the negative emotion, from the lexicon's negative mass
	 * (the model says whether a text is negative, not how much). */
	if (r->polarity < 0) {
		int in = negmass >= 2.5 ? 2 : 1;
		if ((strong >= 1 && (negmass >= 5 || excl >= 2)) ||
		    (excl >= 3 && negmass >= 2))
			in = 3;
		r->intensity = in;
	} else if (r->polarity == 0 && negmass >= 1.5)
		r->intensity = 1;
	else
		r->intensity = 0;

	/* Emotion. */
	if (r->polarity > 0)
		r->emotion = RV_EMO_SATISFACTION;
	else if (r->polarity == 0)
		r->emotion = RV_EMO_NEUTRAL;
	else {
		int best = RV_EMO_DISAPPOINTMENT, k;
		if (quest > 0)
			emo[RV_EMO_CONFUSION] += 0.5 * (quest > 3 ? 3 : quest);
		if (excl >= 3 || r->intensity == 3)
			emo[RV_EMO_ANGER] += 1.0;
		/* Anger outweighs a like amount of disappointment: an insult in
		 * a list of defects sets the tone. */
		emo[RV_EMO_ANGER] *= 1.5;
		emo[RV_EMO_DISAPPOINTMENT] += 0.5;	/* the default for complaints */
		for (k = RV_EMO_ANGER; k <= RV_EMO_CONFUSION; k++)
			if (emo[k] > emo[best])
				best = k;
		r->emotion = best;
	}
	return 0;
}

void
rv_senti_free(struct rv_senti *s)
{
	rv_lex_free(&s->lex);
	rv_buf_free(&s->norm);
	rv_buf_free(&s->cues);
	rv_feat_free(&s->feat);
	free(s->tok);
	free(s->cp);
	free(s->off);
	s->tok = NULL;
	s->cp = NULL;
	s->off = NULL;
}

const char *const rv_senti_lexicons[] = {
	"sentiment-en.tsv", "sentiment-en-extra.tsv", "sentiment-zh.tsv", NULL
};

int
rv_senti_load_lexicon(struct rv_senti *s, const char *name, const char *buf, size_t n,
    char *err, size_t errlen)
{
	unsigned long line = 0;
	char msg[200];
	int rc = rv_lex_load(&s->lex, buf, n, &line, msg, sizeof(msg));

	if (rc == -1 && line == 0)
		snprintf(err, errlen, "%s: %s", name, msg);
	else if (rc == -1)
		snprintf(err, errlen, "%s:%lu: %s", name, line, msg);
	else if (rc == -2)
		snprintf(err, errlen, "%s:%lu: out of memory", name, line);
	return rc;
}

int
rv_senti_load_defaults(struct rv_senti *s, char *err, size_t errlen)
{
	size_t i, n;
	const char *buf;

	for (i = 0; rv_senti_lexicons[i] != NULL; i++) {
		if ((buf = rv_data_get(rv_senti_lexicons[i], &n)) == NULL)
			continue;
		if (rv_senti_load_lexicon(s, rv_senti_lexicons[i], buf, n, err, errlen) != 0)
			return -1;
	}
	return 0;
}
