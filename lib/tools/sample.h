/* sample.h - deterministic synthetic data for rv-sample: orders, reviews,
 * chats and journeys with planted, printable truth. Same options and seed
 * give the same bytes on every machine. The generator writes TSV through
 * an rv_out; it never prints to stdio or exits. */
#ifndef RV_SAMPLE_H
#define RV_SAMPLE_H

#include <stdint.h>

#include "tsv.h"

enum rv_sample_kind {
	RV_SAMPLE_ORDERS,
	RV_SAMPLE_REVIEWS,
	RV_SAMPLE_CHATS,
	RV_SAMPLE_JOURNEYS,
	RV_SAMPLE_SCRIPTS	/* chats with a mood number and planted script effects */
};

/* Dimensions of orders and reviews, in output column order. */
enum rv_sample_dim {
	RV_DIM_CATEGORY,
	RV_DIM_SKU,
	RV_DIM_BRAND,
	RV_DIM_CARRIER,
	RV_DIM_WAREHOUSE,
	RV_DIM_PROVINCE,
	RV_DIM_CHANNEL,
	RV_NDIM
};

struct rv_sample_opts {
	int kind;		/* enum rv_sample_kind */
	uint64_t rows;		/* orders/reviews rows; conversations; customers */
	uint64_t seed;
	int causes;		/* planted causes, 0..3 (default 2) */
	int decoys;		/* correlated decoys, 0..3 (default: = causes) */
	int simpson;		/* plant a Simpson-style trap */
	int change;		/* causes act in the last week only; add a mix shift */
	int weeks;		/* weeks of dates, 1..52 (default 4; last is 2026-W45) */
	double base_rate;	/* return rate outside the causes (default 0.05) */
	int realistic;		/* background heterogeneity, pair effects, drift, chronic segments */
	int masked;		/* plant a cause masked by a low-return line */
};

/* One generated order (values are indexes into the generator's tables). */
struct rv_sample_order {
	uint64_t n;		/* 0-based row number */
	int day;		/* 0-based day in the period */
	int v[RV_NDIM];
	long price;		/* cents */
	int returned;
	unsigned causes;	/* bit i: matches active cause i */
};

struct rv_sample;

void rv_sample_opts_init(struct rv_sample_opts *o);
/* "orders" -> RV_SAMPLE_ORDERS...; -1 when unknown. */
int rv_sample_kind(const char *name);
/* Load the embedded tables and plant the truth. Returns NULL with *err set
 * to a static message on failure (bad embedded data, OOM). Free with
 * rv_sample_free. */
struct rv_sample *rv_sample_new(const struct rv_sample_opts *o, const char **err);
void rv_sample_free(struct rv_sample *s);

/* Write the header and all rows; stops early once o->err is set.
 * Returns 0, or -1 on OOM. */
int rv_sample_write(struct rv_sample *s, struct rv_out *o);
/* Write the planted truth table instead of the data (see rv-sample(1)). */
int rv_sample_write_truth(struct rv_sample *s, struct rv_out *o);

/* Order n of this seed (random access; reviews use orders 3n..3n+2). */
void rv_sample_order(const struct rv_sample *s, uint64_t n, struct rv_sample_order *o);
/* Name of value v of dimension d (UTF-8). */
const char *rv_sample_value(const struct rv_sample *s, int d, int v);
const char *rv_sample_dim_name(int d);
/* Planted segments: number, and the returned rate each one was given
 * (cause: base_rate * lift; other kinds: base_rate). */
int rv_sample_nsegs(const struct rv_sample *s);
/* Describe segment i as "dim=value&dim=value" into buf; returns its kind
 * ("cause", "decoy", "simpson", "mixshift"). */
const char *rv_sample_seg(const struct rv_sample *s, int i, char *buf, size_t size);
/* Does order o fall in segment i? */
int rv_sample_seg_match(const struct rv_sample *s, int i, const struct rv_sample_order *o);

#endif
