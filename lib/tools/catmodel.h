/* catmodel.h - a category model from rv-train (lib/text/linear.h) applied to
 * rv-classify's taxonomy: per-category probabilities of a text. */
#ifndef RV_CATMODEL_H
#define RV_CATMODEL_H

#include <stddef.h>

#include "feat.h"
#include "linear.h"

struct rv_rules;

struct rv_catmodel {
	struct rv_lm lm;
	int *cat;		/* [lm.k]: category index, -1 for "none" */
	double *logit;		/* [lm.k] scratch */
	double *prob;		/* [ncat]: the last text's probabilities */
	size_t ncat;
	struct rv_feat feat;
};

/* Load path and map its labels to the categories of rs ("none" is
 * allowed and ignored). Returns 0, or -1 with a message in err. */
int rv_catmodel_load(struct rv_catmodel *m, const char *path, const struct rv_rules *rs,
    char *err, size_t errlen);
/* Fill m->prob for text: softmax for a one-label model, a sigmoid per
 * label for a multi-label one, -1 for categories the model lacks.
 * Returns 0 or -1 (OOM). */
int rv_catmodel_probs(struct rv_catmodel *m, const char *text, size_t n);
void rv_catmodel_free(struct rv_catmodel *m);

#endif
