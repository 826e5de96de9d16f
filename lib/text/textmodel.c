/* textmodel.c - labels and prediction for hashed-feature text models. */
#include "textmodel.h"

#include <math.h>

int
rv_textmodel_labels(struct rv_lm_train *t, const char *p, size_t n, char sep, uint64_t *y)
{
	size_t i = 0, j;

	*y = 0;
	while (i < n) {
		j = i;
		if (sep)
			while (j < n && p[j] != sep)
				j++;
		else
			j = n;
		size_t a = i, b = j;
		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		if (b > a) {
			int li = rv_lm_train_label(t, p + a, b - a);
			if (li < 0)
				return li;
			*y |= (uint64_t)1 << li;
		}
		i = j + 1;
	}
	return 0;
}

/* Point f's prefetch at m's weight rows: the byte table of a two-class
 * (x, -x) model (a row is a byte), else the pairs (a row is k bytes). */
static void
aim(const struct rv_lm *m, struct rv_feat *f)
{
	f->prefetch = m->w0 ? (const char *)m->w0 : (const char *)m->w;
	f->stride = m->w0 ? 1 : m->k;
}

int
rv_textmodel_predict_features(const struct rv_lm *m, const struct rv_feat *f, double *prob)
{
	rv_lm_scores(m, f->idx, f->n, prob);
	return (int)rv_lm_probs(m, prob);
}

int
rv_textmodel_predict(const struct rv_lm *m, struct rv_feat *f, const char *text, size_t n,
    double *prob)
{
	aim(m, f);
	int rc = rv_feat_text(f, text, n, m->bits);
	f->prefetch = NULL;
	return rc < 0 ? -1 : rv_textmodel_predict_features(m, f, prob);
}

int
rv_textmodel_predict_folded(const struct rv_lm *m, struct rv_feat *f, const char *text,
    size_t n, double *prob)
{
	aim(m, f);
	int rc = rv_feat_folded(f, text, n, m->bits);
	f->prefetch = NULL;
	return rc < 0 ? -1 : rv_textmodel_predict_features(m, f, prob);
}

int
rv_textmodel_features_cps(const struct rv_lm *m, struct rv_feat *f, const uint32_t *cp, size_t n)
{
	aim(m, f);
	int rc = rv_feat_cps(f, cp, n, m->bits);
	f->prefetch = NULL;
	return rc;
}

int
rv_textmodel_predict_cps(const struct rv_lm *m, struct rv_feat *f, const uint32_t *cp,
    size_t n, double *prob)
{
	if (rv_textmodel_features_cps(m, f, cp, n) < 0)
		return -1;
	return rv_textmodel_predict_features(m, f, prob);
}
