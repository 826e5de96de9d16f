/* metricsfmt.h - rv-eval's two output layouts for metrics reports.
 *
 * TSV (stable, one value per row; documented in rv-eval(1)):
 *   by  section  class  pred  metric  value
 * by is the group value, "(all)" for the overall report; section is
 * summary, class or confusion; class is the class (confusion: the gold
 * label); pred is the predicted label of a confusion cell (empty for an
 * empty prediction, and in other sections); value is an integer count or
 * a number with 4 decimals ("nan" when undefined).
 *
 * Pretty: aligned tables for reading; CJK counts two columns wide. */
#ifndef RV_METRICSFMT_H
#define RV_METRICSFMT_H

#include <stddef.h>

#include "metrics.h"
#include "tsv.h"

/* The by value of the overall report. */
#define RV_METRICS_ALL "(all)"

void rv_metricsfmt_tsv(struct rv_out *o, enum rv_metrics_mode mode,
    const struct rv_metrics_report *r, size_t n, int header);
/* byname: the --by column's name, or NULL without --by. Returns 0 or -1
 * on OOM. */
int rv_metricsfmt_pretty(struct rv_out *o, enum rv_metrics_mode mode,
    const struct rv_metrics_report *r, size_t n, const char *byname);

#endif
