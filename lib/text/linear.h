/* linear.h - linear text classifiers over hashed features (feat.h):
 * multinomial logistic regression (one label per row) or one-vs-rest
 * logistic regression (multi-label), trained with AdaGrad SGD, stored
 * with int8 weights (one scale per class).
 *
 * Model file (little-endian):
 *   "RVLM" u32 version=1 u32 bits u32 k u32 flags(1=multi-label, 2=rules,
 *   4=groups) k x (u16 len, label bytes) ; k x f32 scale ; k x f32 bias
 *   [flag 4: u32 ngroups ; ngroups x k x f32 group offsets]
 *   [flag 8: u32 cjk_rows ; u32 latin_rows]
 *   [flag 16: u32 ncgroups ; ncgroups x k x u32 training rows per group
 *    and class]
 *   (1 << bits) x k x i8 weights, feature-major. */
#ifndef RV_LINEAR_H
#define RV_LINEAR_H

#include <stddef.h>
#include <stdint.h>

/* RV_LM_RULES: a category model stacked on rv-classify's rules; each
 * row's features end with side features (rule matches, lib/tools/
 * catmodel.h) that are not scaled by the text length but by
 * RV_LM_SIDE_X. */
/* RV_LM_GROUPS: the model holds per-group class offsets, added to the
 * logits of a row of that group (rv_lm_group_offsets): rv-classify's
 * groups are the languages its rules ran for (catmodel.h). */
/* RV_LM_SCRIPTS: the model records how many of its training rows were
 * mostly Chinese characters and how many mostly Latin letters
 * (rv_lm_script_cover): a model that never saw a script knows nothing
 * of text in it. */
/* RV_LM_COUNTS (16): the model holds how many training rows of each group
 * had each class (rv_lm_count): rv-classify lets a rule decide a class
 * the model has hardly seen in a language (catmodel.h). rv-train writes
 * them for a model stacked on the rules. */
enum { RV_LM_MULTI = 1, RV_LM_RULES = 2, RV_LM_GROUPS = 4, RV_LM_SCRIPTS = 8,
	RV_LM_COUNTS = 16 };
/* Below this many training rows of a script the model's word on text in
 * that script counts in proportion (rv_lm_script_cover). */
#define RV_LM_MINSCRIPT 100
#define RV_LM_MAXGROUPS 8
#define RV_LM_SIDE_X 0.5

struct rv_lm {
	unsigned bits, k, flags;
	char **labels;		/* k NUL-terminated labels, sorted */
	float *scale, *bias;
	unsigned ngroups;	/* RV_LM_GROUPS: goff[g * k + c] */
	float *goff;
	uint32_t script_rows[2];	/* RV_LM_SCRIPTS: training rows mostly CJK, mostly Latin */
	unsigned ncgroups;	/* RV_LM_COUNTS: cnt[g * k + c] */
	uint32_t *cnt;
	const int8_t *w;	/* borrowed from blob or from embedded data */
	/* A two-class model whose weights are w[2v + 1] == -w[2v] for every
	 * v (what rv-train --label writes for neg/pos): the w[2v] alone,
	 * owned. Half the bytes to stream through the cache (1 MB for 20
	 * bits); the other class's sum is the negated sum, so the scores are
	 * the same to the bit. NULL otherwise. */
	int8_t *w0;
	void *blob;		/* file contents when loaded from a file (owned) */
};

/* Parse a model image; p must outlive m (it is borrowed). Returns 0, or
 * -1 with a message in err. */
int rv_lm_from_mem(struct rv_lm *m, const void *p, size_t n, char *err, size_t errlen);
/* Read a model file (owned). Returns 0 or -1 with a message in err. */
int rv_lm_load(struct rv_lm *m, const char *path, char *err, size_t errlen);
/* Class scores (logits; for multi-label each is a sigmoid input) for the
 * features idx[0..n) into out[0..k). */
void rv_lm_scores(const struct rv_lm *m, const uint32_t *idx, size_t n, double *out);
/* The same when idx[ntext..n) are side features (see RV_LM_RULES). */
void rv_lm_scores_side(const struct rv_lm *m, const uint32_t *idx, size_t ntext, size_t n,
    double *out);
/* Add group g's offsets (RV_LM_GROUPS) to the logits out[0..k); no-op
 * for a model without them or a group it does not know. */
void rv_lm_group_offsets(const struct rv_lm *m, unsigned g, double *out);
/* Training rows of group g that had class c (RV_LM_COUNTS); g < 0:
 * of all groups. UINT32_MAX when the model does not say (no counts, or
 * a group it does not know). */
uint32_t rv_lm_count(const struct rv_lm *m, int g, unsigned c);
/* Softmax of k logits in place. */
void rv_lm_softmax(double *v, unsigned k);
/* The model's scores as probabilities in place (a sigmoid each for a
 * multi-label model, else the softmax); returns the most probable class. */
unsigned rv_lm_probs(const struct rv_lm *m, double *v);
/* How far the model speaks for a text whose letters are a share latin
 * (0..1) Latin and the rest Chinese characters: for each script
 * min(1, training rows of it / RV_LM_MINSCRIPT), weighted by the
 * shares. 1 for a model without RV_LM_SCRIPTS (made before rv-train
 * counted scripts). */
double rv_lm_script_cover(const struct rv_lm *m, double latin);
/* Index of label, or -1. */
int rv_lm_label(const struct rv_lm *m, const char *label);
void rv_lm_free(struct rv_lm *m);

/* Training. */
struct rv_lm_train {
	unsigned bits, epochs;
	unsigned flags;		/* RV_LM_MULTI */
	double lr, l2;
	uint64_t seed;
	/* Labels (sorted unique) and the rows: features and label bitmask. */
	char **labels;
	unsigned k;
	uint32_t *fidx;		/* all rows' features, concatenated */
	size_t nf, fcap;
	size_t *off;		/* row r has fidx[off[r] .. off[r+1]) */
	uint64_t *y;		/* row r's label set as a bitmask over labels */
	size_t *ntext;		/* row r's text features; the rest are side features */
	unsigned char *grp;	/* row r's group (rv_lm_train_add_group), or NULL: all 0 */
	float *rw;		/* row r's weight (rv_lm_train_weight), or NULL: all 1 */
	size_t wcap;
	size_t script_rows[2];	/* rows mostly CJK, mostly Latin (rv_lm_train_script) */
	size_t nrows, rcap, gcap;
	unsigned ngroups;	/* 1 + the largest group added */
	/* balance > 0: a one-label row's gradient is weighted by
	 * min(RV_LM_MAXW, (n_top / n_label)^balance), counts within its
	 * group (n_top: the group's most frequent label), so rare classes
	 * are not drowned out. */
	double balance;
	float *goff;		/* per-group offsets from calibration (or NULL) */
	float *w, *g, *b, *gb;	/* weights, AdaGrad sums, biases */
};

/* Zero-initialise, set bits/epochs/lr/l2/seed/flags (0 = defaults: 20
 * bits, 8 epochs, lr 0.2), then add labels and rows. */
/* rv_lm_train_label() errors. */
enum {
	RV_LM_ENOMEM = -1,
	RV_LM_EFULL = -2,	/* a 65th label */
	RV_LM_ENUL = -3,	/* the label holds a NUL byte */
	RV_LM_ELONG = -4	/* longer than RV_LM_MAXLABEL bytes */
};
enum { RV_LM_MAXLABEL = 65535 };
/* Index of a label, added when new (at most 64), or an RV_LM_E* error.
 * Labels are sorted, and the rows' bits remapped, when training starts. */
int rv_lm_train_label(struct rv_lm_train *t, const char *label, size_t len);
/* Add one row: features and label set (bit i = labels[i]). Returns 0 or -1 on OOM. */
int rv_lm_train_add(struct rv_lm_train *t, const uint32_t *idx, size_t n, uint64_t y);
/* The same when idx[ntext..n) are side features. */
int rv_lm_train_add_side(struct rv_lm_train *t, const uint32_t *idx, size_t ntext, size_t n,
    uint64_t y);
/* The same for a row of group g (< RV_LM_MAXGROUPS): calibration
 * sets offsets per group, and balance counts labels per group. */
int rv_lm_train_add_group(struct rv_lm_train *t, const uint32_t *idx, size_t ntext, size_t n,
    uint64_t y, unsigned g);
/* Weight the last row added by w (> 0; rows are 1 unless weighted): its
 * gradient is multiplied by w in training, and it counts w times in
 * the calibration's objective and in the balance's class counts
 * (rv-train --weight: pseudo-labelled rows at less than a label's
 * word). Returns 0 or -1 on OOM. */
int rv_lm_train_weight(struct rv_lm_train *t, double w);
/* Count a training row's text in script_rows (its letters mostly
 * Chinese characters or mostly Latin; neither counts for none). */
void rv_lm_train_script(struct rv_lm_train *t, const char *text, size_t n);
#define RV_LM_MAXW 8.0
/* A group needs this many rows for offsets of its own (calibration). */
#define RV_LM_MINGROUP 300
/* and a class this many of them to move its offset from the common one. */
#define RV_LM_MINCLASS 15
/* A group's offset stays within this of the common one (a few dozen
 * rows of a class should not make it the answer to everything else). */
#define RV_LM_GROUPSPAN 1.0
/* Train. progress(epoch, loss, arg) is called after each epoch when not NULL.
 * Returns 0 or -1 on OOM. */
int rv_lm_train_run(struct rv_lm_train *t, void (*progress)(unsigned, double, void *), void *arg);
/* Per-class offsets to add to the biases, from folds-fold
 * cross-validation on the rows added so far: for a one-label model
 * they maximise macro-F1 plus twice the accuracy of the most probable label; for
 * a multi-label model each class's offset maximises its F1 at p >= 0.5,
 * except classes ge1..geN (N >= 2, an ordinal level): their offsets
 * together maximise the rows read at their exact level, the level being
 * the number of leading geL with p >= 0.5 (rv-sentiment's intensity).
 * With rows of several groups (one-label), each group's offsets are then
 * refined on its own rows the same way, from the common ones, into
 * t->goff (group minus common; written with RV_LM_GROUPS).
 * Sorts the labels. Returns 0 or -1 (OOM). */
int rv_lm_train_calibrate(struct rv_lm_train *t, unsigned folds, double *offset);
/* Quantise into a model image (malloc'd; *len set). NULL on OOM. */
void *rv_lm_train_image(const struct rv_lm_train *t, size_t *len);
void rv_lm_train_free(struct rv_lm_train *t);

#endif
