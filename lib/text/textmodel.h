/* textmodel.h - glue between text, features and linear models, shared by
 * rv-train, rv-sentiment and rv-classify. */
#ifndef RV_TEXTMODEL_H
#define RV_TEXTMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "feat.h"
#include "linear.h"

/* Parse a label field: one label, or with sep != 0 a sep-separated set
 * (spaces around items ignored). Adds new labels to t and sets *y to the
 * label bits (0 for an empty field). Returns 0 or an RV_LM_E* error of
 * rv_lm_train_label (OOM, more than 64 labels, a NUL byte, too long). */
int rv_textmodel_labels(struct rv_lm_train *t, const char *p, size_t n, char sep, uint64_t *y);
/* Class probabilities of text into prob[0..m->k) (softmax, or per-class
 * sigmoid for multi-label models); returns the most probable class, or
 * -1 on OOM. f is scratch space reused between calls. */
int rv_textmodel_predict(const struct rv_lm *m, struct rv_feat *f, const char *text, size_t n,
    double *prob);
/* The same for text already folded (rv_utf8_fold_str). */
int rv_textmodel_predict_folded(const struct rv_lm *m, struct rv_feat *f, const char *text,
    size_t n, double *prob);
/* The same for the code points of folded text (rv_utf8_fold_cps). */
int rv_textmodel_predict_cps(const struct rv_lm *m, struct rv_feat *f, const uint32_t *cp,
    size_t n, double *prob);
/* rv_textmodel_predict_cps in two steps, so that other work can run while
 * the model's rows load: the features of cp[0..n) into f, each row
 * prefetched (returns 0 or -1 on OOM); then the probabilities from f
 * (returns the most probable class). */
int rv_textmodel_features_cps(const struct rv_lm *m, struct rv_feat *f, const uint32_t *cp,
    size_t n);
int rv_textmodel_predict_features(const struct rv_lm *m, const struct rv_feat *f, double *prob);

#endif
