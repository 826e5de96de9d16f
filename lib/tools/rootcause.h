/* rootcause.h - which dimension-value combinations explain a high
 * outcome rate (rate mode) or its rise between two periods (change mode).
 *
 * Rows are added one at a time (or as pre-aggregated counts); values are
 * interned per dimension and rows are first reduced to distinct tuples
 * of all dimensions (the mergeable state of --partial). rv_rc_run() then
 * counts every combination of 1..max_depth dimensions, tests each one,
 * and picks causes greedily, each time removing the chosen segment's rows
 * and re-testing the rest, so that segments which only look bad because
 * they overlap a cause come out as bystanders. The method is documented
 * in rv-rootcause(1). Nothing here prints. */
#ifndef RV_ROOTCAUSE_H
#define RV_ROOTCAUSE_H

#include <stddef.h>
#include <stdint.h>

#include "tsv.h"

enum { RV_RC_MAXDEPTH = 4, RV_RC_MAXDIMS = 64 };

struct rv_rc_opts {
	int max_depth;		/* 1..RV_RC_MAXDEPTH, clamped to ndims */
	double min_support;	/* rows a segment needs (target rows in change mode) */
	double min_lift;	/* a cause's rate / its expected rate, at least */
	double min_share;	/* a finding's share of the total excess, at least */
	double alpha;		/* false discovery rate (Benjamini-Hochberg) */
	int max_causes;		/* at most this many causes */
	int max_others;		/* at most this many bystander and mixshift rows */
	int change;		/* change mode: rows carry a baseline/target period */
};

/* Defaults: depth 3, support 20, lift 1.1, share 0.01, alpha 0.05,
 * 10 causes, 10 others, rate mode. */
void rv_rc_opts_default(struct rv_rc_opts *o);

enum rv_rc_role { RV_RC_CAUSE, RV_RC_BYSTANDER, RV_RC_MIXSHIFT };

/* One output row. Counts are of the target period in change mode. */
struct rv_rc_finding {
	enum rv_rc_role role;
	char *cause;		/* "dim=value&dim=value", dims in -d order; owned */
	size_t causelen;	/* its length (values may hold NUL bytes) */
	int depth;
	double n, hits, rate;
	double rest_rate;	/* rate of all rows outside the segment (target) */
	double expected;	/* rate the segment would have without an effect */
	double lift;		/* rate / expected */
	double excess;		/* hits - n * expected (mix effect for mixshift) */
	double share;		/* excess / total excess */
	double q;		/* multiplicity-adjusted p-value */
	double base_n, base_hits, base_rate;	/* change mode */
	int explained_by;	/* index of the explaining cause finding, or -1 */
	double background;	/* tau: SD of the background of its combination of dimensions */
	size_t combo;		/* internal: the combination it reports */
};

struct rv_rc_result {
	struct rv_rc_finding *f;
	size_t nf;
	double n, hits, base_n, base_hits;	/* totals */
	double total_excess;	/* the denominator of share */
	double base_rate_all;	/* rate outside all causes (rate mode) */
	size_t ntuples;		/* distinct tuples of all dimensions */
	size_t ncombos;		/* combinations with enough support: the family tested */
	size_t ndiscoveries;	/* combinations significant before explaining away */
	double *tau;		/* [ndims]: background SD of each dimension alone, or NULL */
};

/* The number of findings that are causes, and (in *share) the part of
 * the excess they explain together: the summary line of every view. */
size_t rv_rc_ncauses(const struct rv_rc_result *res, double *share);

struct rv_rc;

/* names: the ndims dimension names used in cause strings (copied). */
struct rv_rc *rv_rc_new(size_t ndims, const char *const *names, const struct rv_rc_opts *o);
/* Add n rows with hits positive outcomes whose dimension values are
 * vals[0..ndims) (copied). target: 1 for the target period (and always
 * in rate mode), 0 for the baseline. Returns 0, or -1 on OOM. */
int rv_rc_add(struct rv_rc *rc, const struct rv_field *vals, int target, double n, double hits);
/* Find the causes. Returns 0, or -1 on OOM. Free res with rv_rc_result_free. */
int rv_rc_run(struct rv_rc *rc, struct rv_rc_result *res);
void rv_rc_result_free(struct rv_rc_result *res);

/* The distinct tuples, for --partial: call rv_rc_sort_tuples() once, then
 * rv_rc_tuple() for i < rv_rc_ntuples(); vals[ndims] are borrowed and
 * cnt gets n, hits, base_n, base_hits. Order is by value bytes. */
size_t rv_rc_ntuples(const struct rv_rc *rc);
int rv_rc_sort_tuples(struct rv_rc *rc);
void rv_rc_tuple(const struct rv_rc *rc, size_t i, struct rv_field *vals, double cnt[4]);
void rv_rc_free(struct rv_rc *rc);

#endif
