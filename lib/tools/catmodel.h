/* catmodel.h - rv-classify's category models: a linear model from rv-train
 * (lib/text/linear.h) over the text's n-grams and, when the model is
 * stacked on the rules (RV_LM_RULES), the rule matches of the text as
 * side features (rv_rules_keys). The embedded default is such a model,
 * trained on labelled reviews (make model). */
#ifndef RV_CATMODEL_H
#define RV_CATMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "feat.h"
#include "linear.h"

struct rv_rules;
struct rv_class;

/* Rule keys per row used as features (the rest are ignored). */
#define RV_CATMODEL_MAXKEYS 256

struct rv_catmodel {
	struct rv_lm lm;
	int *cat;		/* [lm.k]: category index, -1 for "none" */
	int none;		/* label index of "none", or -1 */
	double *logit;		/* [lm.k] scratch */
	double *prob;		/* [ncat]: the last text's probabilities */
	double pnone;		/* and of "none" (0 when the model has no such label) */
	double ppos;		/* stacked: the sentiment model's probability of pos */
	size_t ncat;
	struct rv_lm senti;	/* stacked: the embedded sentiment model */
	struct rv_feat feat;
};

/* Load path and map its labels to the categories of rs ("none" is
 * allowed). Returns 0, or -1 with a message in err. */
int rv_catmodel_load(struct rv_catmodel *m, const char *path, const struct rv_rules *rs,
    char *err, size_t errlen);
/* The same for the embedded default model (lib/data/classify.model). */
int rv_catmodel_default(struct rv_catmodel *m, const struct rv_rules *rs, char *err,
    size_t errlen);
/* The features of text for a model of 2^bits buckets into f->idx: its
 * n-grams, then, when rs is not NULL (a stacked model), side features:
 * the bucketed probability of senti (the sentiment model, or NULL) and
 * the rule matches of the last rv_rules_classify of rs, which must have
 * been on the same text (its folded text is used; text is then unused). *ntext is set to the number of n-gram
 * features. Returns 0 or -1 (OOM). */
int rv_catmodel_feats(struct rv_feat *f, const struct rv_rules *rs, const struct rv_lm *senti,
    const char *text, size_t n, unsigned bits, size_t *ntext, double *ppos);
/* Load the embedded sentiment model (borrowed data). 0, or -1 with err. */
int rv_catmodel_senti(struct rv_lm *senti, char *err, size_t errlen);
/* Fill m->prob (and m->pnone) for text: softmax for a one-label model, a
 * sigmoid per label for a multi-label one, -1 for categories the model
 * lacks. A stacked model needs rv_rules_classify(rs, text) first.
 * Returns 0 or -1 (OOM). */
int rv_catmodel_probs(struct rv_catmodel *m, const struct rv_rules *rs, const char *text,
    size_t n);
/* Decide the categories of the last rv_catmodel_probs and write them into
 * *out (see rv-classify(1)): one-label model: the most probable label
 * is the primary ("none": no category), other categories need
 * RV_CATMODEL_SECONDARY, or RV_CATMODEL_RULESEC when a rule clause
 * counted for them; multi-label: categories need 0.5. A primary
 * with no rule match to show as a cue needs RV_CATMODEL_NOCUE. When the
 * model gives no category, the rules' primary (out, from
 * rv_rules_classify) stands if the sentiment model's probability of
 * pos is below RV_CATMODEL_RULES_POS. A category the model had fewer
 * than RV_CATMODEL_FEWROWS training rows of in the row's language
 * (RV_LM_COUNTS) leads where a rule clause counted for it. Categories of
 * the user's own rules (rv_rules_user_hit) are added and lead; a row
 * with polarity RV_POL_NEG and no category gets "other". Returns 0 or -1
 * (OOM). */
int rv_catmodel_decide(struct rv_catmodel *m, struct rv_rules *rs, int polarity,
    struct rv_class *out);
void rv_catmodel_free(struct rv_catmodel *m);

#define RV_CATMODEL_SECONDARY 0.25
#define RV_CATMODEL_NOCUE 0.35
#define RV_CATMODEL_NOCUE_POS 0.6
#define RV_CATMODEL_RULES_POS 0.5
#define RV_CATMODEL_RULESEC 0.05
/* A category with fewer training rows than this in the row's language
 * is decided by the rules (rv_catmodel_decide); the number of rows
 * below which calibration keeps a class's common offset too. */
#define RV_CATMODEL_FEWROWS RV_LM_MINCLASS

#endif
