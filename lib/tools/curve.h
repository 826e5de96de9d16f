/* curve.h - the emotion curve along journey positions or conversation
 * turns: mergeable aggregation, then breakpoints (lib/stats/changepoint.h),
 * low point, outcome lift per position and per-entity summaries.
 *
 * Values are accumulated as exact integers in millionths, so partial
 * states merge to the same bytes as one run whatever the split.
 * Memory: one record per (segment, position); with entities (conversation
 * mode, --id, --each, --outcome) also 24 bytes per observation plus the
 * entity's key. */
#ifndef RV_CURVE_H
#define RV_CURVE_H

#include <stddef.h>
#include <stdint.h>

#include "tsv.h"

struct rv_curve_opts {
	int conv;		/* conversation mode: position = n-th message */
	int entities;		/* keep per-entity observations */
	int outcome;		/* an outcome column is read */
	const struct rv_field *order;	/* --order positions, or NULL */
	size_t norder;
	long max_turns;		/* conversation mode: later messages pooled */
	double alpha;		/* tests and intervals (0.05) */
	double min_delta;	/* NAN: 0.3 pooled standard deviations */
	double pen;		/* NAN: ln N */
	double drop_by;		/* an entity's drop (--each, --outcome); NAN: 1 sd */
	int zero_auto;		/* --zero-blank=auto: exact zeros are blanks when
				 * they are a spike in a column of non-integers
				 * (rv_curve_zeros) */
	const char *sig;	/* the options that decide what the state means
				 * (columns, role): written in the partial
				 * header, equal at --merge; no TAB or newline */
};

enum {
	RV_CURVE_OK = 0,
	RV_CURVE_ENOMEM = -1,
	RV_CURVE_EORDER = -2,	/* position not in --order */
	RV_CURVE_ERANGE = -3,	/* |value| > 1e9 */
	RV_CURVE_EPARTIAL = -4,	/* malformed partial-state row */
	RV_CURVE_EMODE = -5,	/* partial state made with other options */
	RV_CURVE_EOLD = -6,	/* partial state of an older format */
	RV_CURVE_ENOHDR = -7	/* partial rows before any partial header */
};

struct rv_curve;

struct rv_curve *rv_curve_new(const struct rv_curve_opts *o);
void rv_curve_free(struct rv_curve *c);
/* Position mode: one value of entity id (may be empty) at position pos.
 * outcome is -1 (unknown), 0 or 1. Returns RV_CURVE_OK or an error. */
int rv_curve_add(struct rv_curve *c, const char *seg, size_t seglen, const char *pos,
    size_t poslen, const char *id, size_t idlen, double value, int outcome);
/* Conversation mode: one message of the chosen role at turn; value NAN
 * for a message without a value (it keeps its place: the n-th message is
 * position n whether or not the ones before had values). */
int rv_curve_add_msg(struct rv_curve *c, const char *seg, size_t seglen, const char *conv,
    size_t convlen, double turn, double value, int outcome);
/* Mergeable state: the header line, then rows (see rv-curve(1)). */
void rv_curve_write_partial(struct rv_curve *c, struct rv_out *o);
/* Add one row of a partial state (its header lines are checked too; the
 * first row must be one). Every number is checked: a count of 0 or over
 * 2^53, more negative values than values, a sum or sum of squares that
 * values of at most 1e9 cannot give, or totals that would overflow are
 * RV_CURVE_EPARTIAL / RV_CURVE_ERANGE. */
int rv_curve_merge_row(struct rv_curve *c, const struct rv_field *f, size_t nf);
/* The partial header line this state writes and --merge expects, without
 * the newline. Returns its length (cut to n - 1 bytes). */
size_t rv_curve_partial_header(const struct rv_curve *c, char *buf, size_t n);
/* --zero-blank=auto: the counts behind the choice and the choice. */
struct rv_curve_zeros {
	uint64_t n;		/* values */
	uint64_t zero;		/* values exactly 0 */
	uint64_t nint;		/* other whole numbers */
	uint64_t nmin;		/* values at the smallest non-zero magnitude */
	double minabs;		/* that magnitude (0: none) */
	int cues;		/* zeros already told apart by a cue column */
	int blank;		/* 1: the zeros are read as blanks */
};
/* Decide, once, whether exact zeros are blanks (opts.zero_auto): they are
 * when no cue column told them apart (rv_curve_zeros_known), at least 2%
 * of the values are 0, most non-zero values are not whole numbers, and
 * there are more than twice as many zeros as values at the smallest
 * non-zero magnitude (a continuous column has about as many at 0 as at
 * each of +-that step). The write functions call it when the caller has
 * not; z may be NULL. */
void rv_curve_zeros(struct rv_curve *c, struct rv_curve_zeros *z);
/* The input's zeros were already sorted by a cue column (a zero without
 * cues was read as a blank): the zeros left are values. A partial state
 * records it. */
void rv_curve_zeros_known(struct rv_curve *c);
/* Is a value x with rv-sentiment's cues cues[0..n) no mood evidence, a
 * blank under --zero-blank=auto: 0 with no cue (cues empty or spaces;
 * cues NULL when the row has no cue field)? */
int rv_curve_cue_blank(double x, const char *cues, size_t n);
/* Finish and write the curve table; pretty aligns it for people and adds
 * summary lines. Returns 0 or RV_CURVE_ENOMEM. */
int rv_curve_write(struct rv_curve *c, struct rv_out *o, int pretty);
/* Finish and write one row per entity (--each). */
int rv_curve_write_each(struct rv_curve *c, struct rv_out *o);
/* Parse an outcome field: 1/0, yes/no, true/false, y/n, or a number (not
 * 0 is 1); empty is -1. Returns -2 when it is none of these. */
int rv_curve_outcome(const char *p, size_t n);

#endif
