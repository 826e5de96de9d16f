/* trend.h - rv-trend's model: one series per segment of counts (or means,
 * or rates) per time window, a causal robust baseline (level times daily
 * and weekly seasonal factors), count noise with an estimated dispersion,
 * and spike/drop/shift alerts. The model is in trend.c and rv-trend(1).
 * Nothing here prints or exits; I/O goes through rv_out and returns. */
#ifndef RV_TREND_H
#define RV_TREND_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "isotime.h"
#include "tsv.h"

enum rv_trend_kind { RV_TREND_COUNT, RV_TREND_MEAN, RV_TREND_RATE };
enum rv_trend_alert { RV_TREND_NONE, RV_TREND_SPIKE, RV_TREND_DROP, RV_TREND_SHIFT };
enum { RV_TREND_OK = 0, RV_TREND_ENOMEM = -1, RV_TREND_ELATE = -2, RV_TREND_ERANGE = -3 };

struct rv_trend_opts {
	long long every;	/* window length in seconds (divides a day, or whole days/weeks) */
	int kind;		/* enum rv_trend_kind */
	double z;		/* alert bound on |score| (default 4) */
	long warmup;		/* windows without alerts at a series' start */
	long shift_after;	/* consecutive same-sign alerts that make a shift */
	long span;		/* level memory in windows (exponential weighting) */
};

/* Fill the defaults that depend on every (fields left 0 or 0.0). */
void rv_trend_opts_default(struct rv_trend_opts *o);
/* "5m", "30m", "1h", "1d", "1w", "90s"...: seconds, or -1 when the unit is
 * unknown or the length neither divides a day nor is whole days/weeks. */
long long rv_trend_every_parse(const char *s);

/* One window's observation: COUNT: n events; MEAN: n rows with values
 * summing to sum, squares to sumsq; RATE: n rows, sum of them hits. */
struct rv_trend_obs {
	double n, sum, sumsq;
};

/* The verdict on one window. */
struct rv_trend_point {
	double n, value;	/* rows/events; value: the count, mean or rate */
	double expected, low, high, score;
	int warm;		/* warm-up (or no data for a mean/rate): no verdict */
	int alert;		/* enum rv_trend_alert */
	int revert;		/* back at the level before a recent shift: judged by it */
};

/* The state of one series. Plain numbers: saved and restored verbatim. */
struct rv_trend_model {
	double t;		/* windows seen (non-empty ones for mean/rate) */
	double lnum, lden;	/* level: decayed sums of y and of the seasonal factor */
	double dnum[24], dden[24];	/* hour-of-day factors: decayed y and baseline */
	double wnum[7], wden[7];	/* day-of-week factors */
	double vnum, vden;	/* dispersion (count) / between-window variance (mean, rate) */
	double snum;		/* mean: decayed sum of squared deviations of single values */
	double run;		/* consecutive alerts: > 0 spikes, < 0 drops */
	double rnum, rden;	/* the run's sums of y and of the seasonal factor / n */
	double cpos, cneg;	/* CUSUMs of the score, upwards and downwards */
	double cpnum, cpden, cnnum, cnden;	/* their segments' sums of y and factor / n */
	double olnum, olden;	/* the level before the last shift (olden 0: none) ... */
	double osign, osince;	/* ... the shift's direction and windows since it */
};
enum { RV_TREND_NMODEL = 3 + 48 + 14 + 3 + 3 + 6 + 4 };	/* doubles in a model */

/* Judge window obs x (hod: local hour 0-23 or -1; dow: Monday 0 .. Sunday
 * 6, or -1) against the model's past; m is not changed. */
void rv_trend_judge(const struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow,
    const struct rv_trend_obs *x, struct rv_trend_point *p);
/* Learn window x after judging it into p: robust updates, the alert run
 * and shift adoption (p->alert becomes RV_TREND_SHIFT when adopted). */
void rv_trend_learn(struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow,
    const struct rv_trend_obs *x, struct rv_trend_point *p);
/* The seasonal factor in effect for a slot (1 while not learned). */
double rv_trend_season(const struct rv_trend_model *m, const struct rv_trend_opts *o, int hod, int dow);

/* Windows on the calendar: sub-day windows on the UTC grid, day and
 * week windows on local dates (weeks start on Monday). */
struct rv_trend_cal {
	long long every;
	struct rv_isotime tz;
	long long cw, ct, cevery;	/* sub-day windows: the last window, its start and every */
};
long long rv_trend_window(struct rv_trend_cal *c, long long t);
/* Unix time of the start of window w. */
long long rv_trend_start(struct rv_trend_cal *c, long long w);
void rv_trend_slot(struct rv_trend_cal *c, long long w, int *hod, int *dow);
/* The window's label: "2024-05-01T14:00:00+08:00", or "2024-05-01" for
 * day and week windows; out >= 32 bytes; returns the length. */
size_t rv_trend_label(struct rv_trend_cal *c, long long w, char *out);

/* Batch: one non-empty window of a segment, its window and n; the sums
 * of a mean or rate are in a parallel array (none for counts, so a count
 * cell is 16 bytes: 1,000 segments x a year of hours is 140 MB). */
struct rv_trend_cell {
	long long w;
	double n;
};
struct rv_trend_sums {
	double sum, sumsq;
};
/* Batch cells in the order rows made them (one stream in memory, not one
 * per segment): window w0 + dw of segment number seg. */
struct rv_trend_gcell {
	int32_t dw;
	uint32_t seg;
	double n;
};

/* All segments. */
struct rv_trend_seg {
	char *key;
	size_t klen;
	long long first;	/* first window */
	long long lastw;	/* batch: the window of the last cell (len > 0) */
	size_t id;		/* the number of the segment, in the order of arrival */
	size_t glast;		/* batch: its last cell in rv_trend.g */
	double total;		/* events (count) or rows (mean, rate) */
	struct rv_trend_cell *cell;	/* batch: non-empty windows, once dealt from rv_trend.g */
	struct rv_trend_sums *sums;	/* ... their sums (mean, rate; NULL for counts) */
	size_t cap, scap, len;	/* len: the cells, in g or in cell */
	struct rv_trend_seg *next;	/* the segment of the row after this one's last row */
	struct rv_trend_obs open;	/* streaming: the open window */
	struct rv_trend_model m;
	int keep;		/* reported (--top, --min-count) */
	int early;		/* streaming: an early spike was printed for the open window */
};

struct rv_trend {
	struct rv_trend_opts o;
	struct rv_trend_cal cal;
	struct rv_hash h;
	struct rv_trend_seg **seg;	/* sorted by key when sorted is set */
	size_t nseg, segcap;
	int sorted;
	int any;
	long long wmin, wmax;	/* batch: windows seen */
	struct rv_trend_gcell *g;	/* batch: the cells while not dealt to the segments */
	struct rv_trend_sums *gs;	/* ... their sums (mean, rate) */
	size_t glen, gcap, gscap;
	long long gw0, gwlast;	/* the first cell's window and the last one's */
	int gback;		/* a cell's window came before the previous cell's */
	int dealt;		/* the cells are in the segments (sorted by window) */
	long long wopen;	/* streaming: the open window (any set) */
	int streaming;
	double min_count;	/* streaming: report a segment from this total on */
	struct rv_trend_seg *last;	/* the segment of the last row added */
	long long labw;		/* the window whose label is in lab (lablen 0: none) */
	char lab[32];
	size_t lablen;
};

struct rv_trend *rv_trend_new(const struct rv_trend_opts *o, int streaming);
void rv_trend_free(struct rv_trend *t);
/* Add an observation of segment key at window w. Batch: kept per window.
 * Streaming: added to the open window; a later w closes the open one
 * (the caller calls rv_trend_advance first); an earlier one is
 * RV_TREND_ELATE. Returns RV_TREND_OK or an error. */
int rv_trend_add(struct rv_trend *t, const char *key, size_t klen, long long w,
    const struct rv_trend_obs *x);
/* Batch: keep the top segments by total (0: all) with at least min_count. */
void rv_trend_select(struct rv_trend *t, size_t top, double min_count);

/* Called for every window of every kept segment, in window order and
 * segment key order within a window. */
typedef int (*rv_trend_fn)(void *ctx, const struct rv_trend_seg *s, long long w,
    const struct rv_trend_point *p);
/* Batch: run all windows from wmin to wmax. */
int rv_trend_run(struct rv_trend *t, rv_trend_fn fn, void *ctx);
/* Streaming: close the open window and the empty ones before w (w is
 * the new open window). */
int rv_trend_advance(struct rv_trend *t, long long w, rv_trend_fn fn, void *ctx);
/* Streaming: judge segment s's open window as it stands (early spikes). */
void rv_trend_peek(struct rv_trend *t, const struct rv_trend_seg *s, struct rv_trend_point *p);

/* Output. Columns: segment window n [value] expected low high score alert. */
void rv_trend_header(struct rv_out *o, int kind);
void rv_trend_row(struct rv_out *o, struct rv_trend *t, const struct rv_trend_seg *s, long long w,
    const struct rv_trend_point *p);
void rv_trend_pretty(struct rv_out *o, struct rv_trend *t, const struct rv_trend_seg *s, long long w,
    const struct rv_trend_point *p);
const char *rv_trend_alert_name(int alert);
/* --forecast: the next n windows after the last one per kept segment. */
void rv_trend_forecast(struct rv_out *o, struct rv_trend *t, long n);
/* --profile: per kept segment the seasonal factors (day-of-week x hour). */
void rv_trend_profile(struct rv_out *o, struct rv_trend *t);

/* --state: save (text) and load. load returns 0, RV_TREND_ENOMEM, or
 * RV_TREND_ERANGE for a malformed or mismatched state (line in *line). */
int rv_trend_save(struct rv_trend *t, struct rv_out *o);
int rv_trend_load(struct rv_trend *t, const char *text, size_t len, unsigned long *line);
/* --partial: per segment and non-empty window; --merge reads it back. */
void rv_trend_partial_header(struct rv_out *o, const struct rv_trend_opts *op);
int rv_trend_partial(struct rv_trend *t, struct rv_out *o);
/* Parse a partial header (fields f, nf): sets every and kind. 0 or -1. */
int rv_trend_partial_check(const struct rv_field *f, size_t nf, struct rv_trend_opts *op);
/* One partial row into t; 0, RV_TREND_ENOMEM or RV_TREND_ERANGE. */
int rv_trend_merge_row(struct rv_trend *t, const struct rv_field *f, size_t nf);

#endif
