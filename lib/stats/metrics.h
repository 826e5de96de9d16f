/* metrics.h - classification and regression metrics for rv-eval:
 * accuracy, per-class precision/recall/F1, macro and weighted averages and
 * the confusion matrix of single-label predictions; micro/macro scores,
 * exact-set accuracy and Jaccard of multi-label sets; MAE, RMSE, bias and
 * Pearson r of numeric predictions. Rows may be grouped by a key; the
 * overall report is always computed. Nothing here prints. */
#ifndef RV_METRICS_H
#define RV_METRICS_H

#include <stddef.h>

enum rv_metrics_mode {
	RV_METRICS_LABEL,	/* one label per field */
	RV_METRICS_MULTI,	/* comma-separated label sets */
	RV_METRICS_NUMERIC	/* numbers */
};

/* rv_metrics_add() results. */
enum {
	RV_METRICS_OK = 0,
	RV_METRICS_SKIPPED = 1,	/* empty gold: counted as skipped */
	RV_METRICS_ENOMEM = -1,
	RV_METRICS_EGOLD = -2,	/* numeric mode: gold is not a number */
	RV_METRICS_EPRED = -3	/* numeric mode: pred is not a number */
};

struct rv_metrics;

/* A class's counts and scores. Precision, recall and F1 are 0 when their
 * denominator is 0 (as scikit-learn's zero_division=0). */
struct rv_class_stat {
	const char *name;	/* owned by the rv_metrics */
	size_t len;
	unsigned long tp, fp, fn;	/* support = tp + fn, predicted = tp + fp */
	double precision, recall, f1;
};

/* A non-zero confusion-matrix cell. pred is NULL for rows whose
 * prediction was empty. */
struct rv_cell {
	const char *gold, *pred;
	size_t glen, plen;
	unsigned long n;
};

struct rv_metrics_report {
	const char *by;		/* group key; NULL for the overall report */
	size_t bylen;
	unsigned long n;	/* rows scored */
	unsigned long skipped;	/* rows with an empty gold */
	/* LABEL: accuracy = correct / n. MULTI: exact-set accuracy. */
	double accuracy;
	/* Unweighted means over the classes listed in cls; weighted_f1
	 * weighs each class's F1 by its support. */
	double macro_p, macro_r, macro_f1, weighted_f1;
	/* MULTI: micro averages over the listed classes; mean Jaccard
	 * |G & P| / |G | P| per row (1 when both sets are empty). */
	double micro_p, micro_r, micro_f1, jaccard;
	/* NUMERIC: mean |pred - gold|, root mean square error, mean
	 * (pred - gold), Pearson r (NaN when undefined: n < 2 or constant). */
	double mae, rmse, bias, pearson;
	size_t nclass;		/* classes, sorted bytewise, or in --classes order */
	struct rv_class_stat *cls;
	size_t ncell;		/* LABEL: non-zero cells by gold, then pred (empty last) */
	struct rv_cell *cells;
};

/* Returns NULL on OOM. */
struct rv_metrics *rv_metrics_new(enum rv_metrics_mode mode);
void rv_metrics_free(struct rv_metrics *m);

/* Count an empty gold as a value (LABEL: the empty label; MULTI: the
 * empty set) instead of skipping the row. */
void rv_metrics_keep_empty(struct rv_metrics *m, int keep);
/* Fix the classes that are reported and averaged: a comma-separated list,
 * kept in its order; a listed class with no gold and no prediction in a
 * report is left out of it (and of its macro averages). Without it, every label seen in gold or pred is a
 * class (as scikit-learn's labels=None). Returns 0, -1 on OOM, -2 when
 * the list is empty or names a class twice. */
int rv_metrics_set_classes(struct rv_metrics *m, const char *list);
/* Rename values before scoring: "OLD=NEW,OLD=NEW". Applies to gold and
 * pred (and to each item of a set). Returns 0, -1 on OOM, -2 on a
 * malformed list (an item without '=' or an empty OLD). */
int rv_metrics_set_map(struct rv_metrics *m, const char *list);

/* Score one row. by may be NULL (no grouping). Fields are copied as
 * needed. Returns an RV_METRICS_* value. */
int rv_metrics_add(struct rv_metrics *m, const char *by, size_t bylen,
    const char *gold, size_t glen, const char *pred, size_t plen);

/* Compute the reports: [0] overall, then one per group key in bytewise
 * order. Returns 0 or -1 on OOM. The reports stay valid until
 * rv_metrics_free(); computing them again replaces them. */
int rv_metrics_report(struct rv_metrics *m, struct rv_metrics_report **reps, size_t *nrep);

#endif
