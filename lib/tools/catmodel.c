/* catmodel.c - category models for rv-classify; see catmodel.h. */
#include "catmodel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "data.h"

static int
setup(struct rv_catmodel *m, const struct rv_rules *rs, char *err, size_t errlen)
{
	unsigned i;

	m->ncat = rv_rules_ncat(rs);
	m->none = -1;
	m->cat = malloc(m->lm.k * sizeof(*m->cat));
	m->logit = malloc(m->lm.k * sizeof(*m->logit));
	m->prob = malloc((m->ncat + 1) * sizeof(*m->prob));
	if (m->cat == NULL || m->logit == NULL || m->prob == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((m->lm.flags & RV_LM_RULES) && rv_catmodel_senti(&m->senti, err, errlen) < 0)
		return -1;
	for (i = 0; i < m->lm.k; i++) {
		const char *l = m->lm.labels[i];
		m->cat[i] = rv_rules_category_find(rs, l, strlen(l));
		if (strcmp(l, "none") == 0)
			m->none = (int)i;
		else if (m->cat[i] < 0) {
			snprintf(err, errlen, "model label '%s' is not a category "
			    "(add it with --taxonomy FILE)", l);
			return -1;
		}
	}
	return 0;
}

int
rv_catmodel_load(struct rv_catmodel *m, const char *path, const struct rv_rules *rs,
    char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	if (rv_lm_load(&m->lm, path, err, errlen) < 0)
		return -1;
	return setup(m, rs, err, errlen);
}

int
rv_catmodel_default(struct rv_catmodel *m, const struct rv_rules *rs, char *err,
    size_t errlen)
{
	size_t len;
	const char *d = rv_data_get("classify.model", &len);

	memset(m, 0, sizeof(*m));
	if (d == NULL) {
		snprintf(err, errlen, "no embedded classify.model");
		return -1;
	}
	if (rv_lm_from_mem(&m->lm, d, len, err, errlen) < 0)
		return -1;
	return setup(m, rs, err, errlen);
}

/* Sentiment side feature: the embedded sentiment model's probability of
 * "pos" in ten buckets (no complaint reads positive). */
static uint64_t
senti_key(const struct rv_lm *senti, const uint32_t *idx, size_t n, double *ppos)
{
	uint32_t smask = (1u << senti->bits) - 1;
	int64_t a0 = 0, a1 = 0;	/* no overflow on a huge field */
	size_t i;
	double x = n ? 1.0 / sqrt((double)n) : 0;

	for (i = 0; i < n; i++) {
		const int8_t *w = senti->w + (size_t)(idx[i] & smask) * 2;
		if (i + 6 < n)
			__builtin_prefetch(senti->w + (size_t)(idx[i + 6] & smask) * 2);
		a0 += w[0];
		a1 += w[1];
	}
	double d = (senti->bias[1] + senti->scale[1] * (double)a1 * x) -
	    (senti->bias[0] + senti->scale[0] * (double)a0 * x);
	double p = 1 / (1 + exp(-d));
	*ppos = p;
	int b = (int)(p * 10);
	return 0x5E471000ULL + (uint64_t)(b > 9 ? 9 : b < 0 ? 0 : b);
}

int
rv_catmodel_feats(struct rv_feat *f, const struct rv_rules *rs, const struct rv_lm *senti,
    const char *text, size_t n, unsigned bits, size_t *ntext, double *ppos)
{
	uint64_t keys[RV_CATMODEL_MAXKEYS + 1];
	uint32_t mask = (1u << bits) - 1;
	size_t i, nk = 0;

	/* Hashed at full width, then masked per model; the rules have
	 * folded the text already. */
	unsigned fb = senti != NULL ? 32 : bits;
	size_t fn;
	const char *folded = rs != NULL ? rv_rules_folded(rs, &fn) : NULL;
	if ((folded != NULL ? rv_feat_folded(f, folded, fn, fb) : rv_feat_text(f, text, n, fb)) < 0)
		return -1;
	*ntext = f->n;
	if (rs == NULL)
		return 0;
	if (senti != NULL) {
		keys[nk++] = senti_key(senti, f->idx, f->n, ppos);
		for (i = 0; i < f->n; i++)
			f->idx[i] &= mask;
	}
	nk += rv_rules_keys(rs, keys + nk, RV_CATMODEL_MAXKEYS);
	uint32_t *p = rv_grow(f->idx, &f->cap, f->n + nk, sizeof(*p));
	if (p == NULL)
		return -1;
	f->idx = p;
	for (i = 0; i < nk; i++) {
		uint64_t k = keys[i] * 0x9E3779B97F4A7C15ULL;
		f->idx[f->n++] = (uint32_t)(k >> 32) & mask;
	}
	return 0;
}

int
rv_catmodel_senti(struct rv_lm *senti, char *err, size_t errlen)
{
	size_t len;
	const char *d = rv_data_get("sentiment.model", &len);

	if (d == NULL) {
		snprintf(err, errlen, "no embedded sentiment.model");
		return -1;
	}
	if (rv_lm_from_mem(senti, d, len, err, errlen) < 0)
		return -1;
	if (senti->k != 2 || strcmp(senti->labels[0], "neg") != 0 ||
	    strcmp(senti->labels[1], "pos") != 0) {
		snprintf(err, errlen, "embedded sentiment.model is not a neg/pos model");
		rv_lm_free(senti);
		return -1;
	}
	return 0;
}

int
rv_catmodel_probs(struct rv_catmodel *m, const struct rv_rules *rs, const char *text,
    size_t n)
{
	unsigned i;
	size_t nt;

	/* Prefetch only when the buckets are the model's (no sentiment pass). */
	m->feat.prefetch = (m->lm.flags & RV_LM_RULES) ? NULL : (const char *)m->lm.w;
	m->feat.stride = m->lm.k;
	int stacked = (m->lm.flags & RV_LM_RULES) != 0;
	m->ppos = -1;
	int rc = rv_catmodel_feats(&m->feat, stacked ? rs : NULL, stacked ? &m->senti : NULL,
	    text, n, m->lm.bits, &nt, &m->ppos);
	m->feat.prefetch = NULL;
	if (rc < 0)
		return -1;
	rv_lm_scores_side(&m->lm, m->feat.idx, nt, m->feat.n, m->logit);
	if (stacked)
		rv_lm_group_offsets(&m->lm, (unsigned)rv_rules_set(rs), m->logit);
	rv_lm_probs(&m->lm, m->logit);
	for (i = 0; i < m->ncat; i++)
		m->prob[i] = -1;
	m->pnone = 0;
	for (i = 0; i < m->lm.k; i++)
		if (m->cat[i] >= 0)
			m->prob[m->cat[i]] = m->logit[i];
		else
			m->pnone = m->logit[i];
	return 0;
}

/* Training rows of category c in group g (-1: all), as rv_lm_count;
 * 0 when the model has counts but no such label. */
static uint32_t
class_rows(const struct rv_catmodel *m, int g, size_t c)
{
	unsigned l;

	if (m->lm.cnt == NULL)
		return UINT32_MAX;
	for (l = 0; l < m->lm.k; l++)
		if (m->cat[l] == (int)c)
			return rv_lm_count(&m->lm, g, l);
	return 0;
}

/* Where c is in order[0..n), or n. */
static size_t
index_of(const int *order, size_t n, int c)
{
	size_t i;

	for (i = 0; i < n && order[i] != c; i++)
		;
	return i;
}

/* Put c at order[pos] when pos < i, the entries from pos on moving one
 * down over order[i]; else at order[i]. */
static void
raise_to(int *order, size_t i, size_t pos, int c)
{
	for (; i > pos; i--)
		order[i] = order[i - 1];
	order[i] = c;
}

int
rv_catmodel_decide(struct rv_catmodel *m, struct rv_rules *rs, int polarity,
    struct rv_class *out)
{
	int order[64], nord = 0, nuser = 0, multi = (m->lm.flags & RV_LM_MULTI) != 0;
	size_t c, i;
	double best = m->pnone, score = 0;
	int other = rv_rules_category_find(rs, "other", 5);
	const double *rscore = rv_rules_scores(rs);

	/* The user's own rules first, strongest first. */
	for (c = 0; c < m->ncat && nord < 64; c++) {
		if (!rv_rules_user_hit(rs, c))
			continue;
		for (i = (size_t)nord++; i > 0 && rscore[order[i - 1]] < rscore[c]; i--)
			order[i] = order[i - 1];
		order[i] = (int)c;
	}
	nuser = nord;
	/* Then the model's, most probable first. A one-label model's
	 * primary is the most probable label, "none" included; the others
	 * need RV_CATMODEL_SECONDARY. */
	for (c = 0; c < m->ncat; c++)
		if (m->prob[c] > best)
			best = m->prob[c];
	for (c = 0; c < m->ncat && nord < 64; c++) {
		double p = m->prob[c];
		if (p < 0 || (multi && p < 0.5) || (!multi && (m->pnone >= best ||
		    (p < best && p < RV_CATMODEL_SECONDARY))))
			continue;
		/* What an exclusion rule rules out in this row (包装完好,
		 * 物流比预计快) the model does not add back. */
		if (rv_rules_vetoed(rs, c))
			continue;
		/* Nor what the row negates right before the word (not itchy,
		 * 不起球, 一点也不扎人) or, in a row that reads positive,
		 * further back: a negated complaint word is praise. */
		if (rv_rules_negated(rs, c, m->ppos < RV_CATMODEL_RULES_POS))
			continue;
		if (index_of(order, (size_t)nuser, (int)c) < (size_t)nuser)
			continue;
		for (i = (size_t)nord++; i > (size_t)nuser && m->prob[order[i - 1]] < p; i--)
			order[i] = order[i - 1];
		order[i] = (int)c;
	}
	/* A primary that no rule match supports (no cue to show) needs
	 * RV_CATMODEL_NOCUE. */
	if (nord > nuser && !rv_rules_has_cue(rs, (size_t)order[nuser]) &&
	    m->prob[order[nuser]] < (m->ppos >= RV_CATMODEL_RULES_POS ?
	    RV_CATMODEL_NOCUE_POS : RV_CATMODEL_NOCUE))
		nord = nuser;
	/* Behind the model's categories, those a rule clause counted for
	 * (a cue to show) that the model gives RV_CATMODEL_RULESEC: "又贵又
	 * 难吃，送得还慢" is about the food, and the delivery too. */
	int nmodel = nord;
	for (c = 0; c < m->ncat && nord > nuser && nord < 64 && !multi; c++) {
		double p = m->prob[c];
		if ((int)c == other || rscore[c] < 1 || p < RV_CATMODEL_RULESEC ||
		    rv_rules_vetoed(rs, c))
			continue;
		if (index_of(order, (size_t)nord, (int)c) < (size_t)nord)
			continue;
		for (i = (size_t)nord++; i > (size_t)nmodel && m->prob[order[i - 1]] < p; i--)
			order[i] = order[i - 1];
		order[i] = (int)c;
	}
	/* "other" is a complaint none of the categories identifies
	 * (../shared/taxonomy.md): when a category a rule clause counted for
	 * is in the list ("I got a rash from this fabric": safety), it
	 * leads instead. */
	if (nord > nuser + 1 && order[nuser] == other) {
		for (i = (size_t)nuser + 1; i < (size_t)nord && rscore[order[i]] < 1; i++)
			;
		if (i < (size_t)nord)
			raise_to(order, i, (size_t)nuser, order[i]);
	}
	/* Where the model has nothing to say, the rules' primary stands when
	 * the row does not read positive: the labelled English reviews are
	 * all about clothes, and "the box was crushed" should still be
	 * damage. */
	int rp = out->primary;
	if (rp >= 0 && index_of(order, (size_t)nord, rp) < (size_t)nord)
		rp = -1;	/* already there (a shop's own rule) */
	if (nord == nuser && rp >= 0 && rp != other && m->ppos >= 0 &&
	    m->ppos < RV_CATMODEL_RULES_POS && rscore[rp] >= 1 && nord < 64) {
		order[nord++] = rp;
		m->prob[rp] = 1 - exp(-rscore[rp]);
	}
	/* A category the model has hardly seen in the row's language (fewer
	 * than RV_CATMODEL_FEWROWS training rows: English clothing reviews
	 * hardly tell of a parcel torn open or the wrong item sent) is one it
	 * cannot have learnt: where a rule clause counted for it (a cue, not
	 * ruled out or negated), the rules decide: it leads when it is the
	 * rules' primary, else it follows the model's categories. Mixed text
	 * counts the rows of every language. */
	int nrule = 0, g = rv_rules_set(rs);
	for (c = 0; c < m->ncat && nord < 64; c++) {
		if ((int)c == other || rscore[c] < 1 || class_rows(m, g == 0 ? -1 : g, c) >=
		    RV_CATMODEL_FEWROWS || !rv_rules_has_cue(rs, c) || rv_rules_vetoed(rs, c) ||
		    rv_rules_negated(rs, c, m->ppos < RV_CATMODEL_RULES_POS))
			continue;
		i = index_of(order, (size_t)nord, (int)c);
		if (i < (size_t)nuser)
			continue;	/* a shop's own rule gave it already */
		if (i == (size_t)nord)
			nord++;
		size_t pos = (int)c == out->primary && (nord == nuser + 1 ||
		    !rv_rules_has_cue(rs, (size_t)order[nuser])) ? (size_t)nuser : (size_t)nord - 1;
		raise_to(order, i, pos, (int)c);
		if (pos == (size_t)nuser)
			nrule = 1;
	}
	if (nord > 0)
		score = nuser > 0 || nrule > 0 ? 1 - exp(-rscore[order[0]]) : m->prob[order[0]];
	else if (polarity == RV_POL_NEG && other >= 0) {
		order[nord++] = other;
		score = m->prob[other] > 0 ? m->prob[other] : 0;
	}
	return rv_rules_emit(rs, order, nord, score, out);
}

void
rv_catmodel_free(struct rv_catmodel *m)
{
	rv_lm_free(&m->lm);
	rv_lm_free(&m->senti);
	rv_feat_free(&m->feat);
	free(m->cat);
	free(m->logit);
	free(m->prob);
	memset(m, 0, sizeof(*m));
}
