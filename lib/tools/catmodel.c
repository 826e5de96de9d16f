/* catmodel.c - rv-train category models for rv-classify; see catmodel.h. */
#include "catmodel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

int
rv_catmodel_load(struct rv_catmodel *m, const char *path, const struct rv_rules *rs,
    char *err, size_t errlen)
{
	unsigned i;

	memset(m, 0, sizeof(*m));
	if (rv_lm_load(&m->lm, path, err, errlen) < 0)
		return -1;
	m->ncat = rv_rules_ncat(rs);
	m->cat = malloc(m->lm.k * sizeof(*m->cat));
	m->logit = malloc(m->lm.k * sizeof(*m->logit));
	m->prob = malloc((m->ncat + 1) * sizeof(*m->prob));
	if (m->cat == NULL || m->logit == NULL || m->prob == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < m->lm.k; i++) {
		const char *l = m->lm.labels[i];
		m->cat[i] = rv_rules_category_find(rs, l, strlen(l));
		if (m->cat[i] < 0 && strcmp(l, "none") != 0) {
			snprintf(err, errlen, "model label '%s' is not a category "
			    "(add it with --taxonomy FILE)", l);
			return -1;
		}
	}
	return 0;
}

int
rv_catmodel_probs(struct rv_catmodel *m, const char *text, size_t n)
{
	unsigned i;

	if (rv_feat_text(&m->feat, text, n, m->lm.bits) < 0)
		return -1;
	rv_lm_scores(&m->lm, m->feat.idx, m->feat.n, m->logit);
	if (m->lm.flags & RV_LM_MULTI)
		for (i = 0; i < m->lm.k; i++)
			m->logit[i] = 1 / (1 + exp(-m->logit[i]));
	else
		rv_lm_softmax(m->logit, m->lm.k);
	for (i = 0; i < m->ncat; i++)
		m->prob[i] = -1;
	for (i = 0; i < m->lm.k; i++)
		if (m->cat[i] >= 0)
			m->prob[m->cat[i]] = m->logit[i];
	return 0;
}

void
rv_catmodel_free(struct rv_catmodel *m)
{
	rv_lm_free(&m->lm);
	rv_feat_free(&m->feat);
	free(m->cat);
	free(m->logit);
	free(m->prob);
	memset(m, 0, sizeof(*m));
}
