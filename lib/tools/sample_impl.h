/* sample_impl.h - internals shared by sample.c (tables, orders, truth),
 * sample_text.c (phrase pools, templates), sample_review.c and
 * sample_conv.c (chats, journeys). Not part of the public API. */
#ifndef RV_SAMPLE_IMPL_H
#define RV_SAMPLE_IMPL_H

#include <stdint.h>

#include "buf.h"
#include "hash.h"
#include "rng.h"
#include "sample.h"

#define SMP_MAXCAT 16
#define SMP_MAXBRAND 64
#define SMP_MAXSKU 1024
#define SMP_MAXPROV 40
#define SMP_MAXWH 16
#define SMP_NCAR 6
#define SMP_NCHAN 4
#define SMP_NCOMP 12
#define SMP_MAXNOUN 8
#define SMP_MAXDAYS (52 * 7)
#define SMP_MAXSEG 20
#define SMP_POOL 20000	/* orders simulated to size the planted segments */

/* A parsed embedded TSV: '#' lines skipped, first line is the header. */
struct smp_table {
	char *buf;
	char **cell;	/* nrows * ncols, row-major; header not included */
	char **hdr;
	int nrows, ncols;
};

struct smp_cat {
	const char *name, *code, *en;
	double pmin, pmax;
	int b0, nb;			/* brands b0..b0+nb-1 */
	double brand_cum[SMP_MAXBRAND];
	double chan_cum[SMP_NCHAN];
	double carf[SMP_NCAR];		/* carrier multipliers */
	double comp_cum[SMP_NCOMP];	/* complaint category weights */
};

struct smp_brand {
	const char *name, *code;
	int cat, s0, ns;
	int nnoun;
	const char *noun[SMP_MAXNOUN], *noun_en[SMP_MAXNOUN];
};

struct smp_sku {
	char code[16];
	int brand, cat, noun;
	long price;	/* list price, cents */
};

struct smp_prov {
	const char *name;
	int wh;
	double wh_cum[SMP_MAXWH];
};

/* Planted segments. Causes raise the rate (in the target week in change
 * mode); masked causes too, but their rows are mostly of a lowbase line
 * (rate * lift) so that they look normal in aggregate; decoys, Simpson
 * traps and mix shifts only move rows; background pairs (--realistic)
 * are the 1.2-1.5x interactions nobody would call a cause; chronic
 * segments are high in both periods (not a cause of the change). */
enum { SEG_CAUSE, SEG_DECOY, SEG_SIMPSON, SEG_MIXSHIFT, SEG_BACKGROUND, SEG_LOWBASE,
	SEG_CHRONIC, SEG_MASKED };

/* A planted segment: a conjunction of dim=value conditions. */
struct smp_seg {
	int kind, n;
	int dim[3], val[3];
	double lift;	/* causes: multiplier on the return rate */
	double q;	/* decoy/simpson/mixshift: forcing probability */
	int link;	/* decoy/simpson: the cause it hides behind */
	int comp;	/* causes: complaint category reviews raise */
};

struct smp_pool {
	int n, cap;
	const char **s;
};

/* Phrase pools by name ("zh.c.logistics.any" -> templates). */
struct smp_pools {
	struct smp_table t;
	struct rv_hash h;
};

/* Slots a template may use: see lib/data/sample-phrases.tsv. */
struct smp_ctx {
	struct rv_rng *r;
	const struct smp_pools *pl;
	const char *lang;	/* "zh" or "en" */
	const char *p, *b, *c;	/* product noun, brand, carrier */
	int intensity;		/* picks {d} degree adverbs */
	int depth;		/* recursion guard for {@pool} */
	const char *used[16];	/* top-level templates used in this text */
	int nused;
};

struct rv_sample {
	struct rv_sample_opts o;
	struct smp_table tcat, tbrand, tprov, twh, tchan, tcomp;
	int ncat, nbrand, nsku, nprov, nwh;
	struct smp_cat cat[SMP_MAXCAT];
	double cat_cum[SMP_MAXCAT];
	struct smp_brand brand[SMP_MAXBRAND];
	struct smp_sku sku[SMP_MAXSKU];
	double sku_cum[SMP_MAXSKU];	/* cumulative within each brand */
	struct smp_prov prov[SMP_MAXPROV];
	double prov_cum[SMP_MAXPROV];
	const char *wh[SMP_MAXWH];
	double car_cum[SMP_MAXWH][SMP_MAXCAT][SMP_NCAR];
	const char *car[SMP_NCAR], *car_en[SMP_NCAR];
	const char *chan[SMP_NCHAN];
	const char *comp[SMP_NCOMP];

	int ndays;
	char date[SMP_MAXDAYS][11], week[SMP_MAXDAYS][12];
	uint64_t norders;	/* orders the dates are spread over */
	uint64_t day_start[SMP_MAXDAYS + 1];

	struct smp_seg seg[SMP_MAXSEG];
	int nseg, ncause;
	int masked, lowbase;		/* their seg indexes, or -1 */

	/* --realistic: per-value multipliers of the rate (all periods, and
	 * the target week's further drift in change mode) */
	double bg[RV_NDIM][SMP_MAXSKU], bgt[RV_NDIM][SMP_MAXSKU], drift;

	struct smp_pools phrases;	/* reviews, chats, journeys */
	int have_phrases;
};

extern const char *const smp_comp_names[SMP_NCOMP];

int smp_table_load(struct smp_table *t, const char *name);
void smp_table_free(struct smp_table *t);
const char *smp_cell(const struct smp_table *t, int row, int col);
int smp_table_col(const struct smp_table *t, const char *name);

int smp_pools_load(struct smp_pools *pl, const char *file);
void smp_pools_free(struct smp_pools *pl);
const struct smp_pool *smp_pool(const struct smp_pools *pl, const char *name);
const struct smp_pool *smp_poolf(const struct smp_pools *pl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Expand a random template of pool into b; returns 0 when the pool is
 * missing or empty, 1 otherwise. */
int smp_say(struct rv_buf *b, struct smp_ctx *cx, const struct smp_pool *pool);
void smp_expand(struct rv_buf *b, struct smp_ctx *cx, const char *tpl, size_t n);
int smp_comp_index(const char *name);

int smp_write_reviews(struct rv_sample *s, struct rv_out *o, int truth);
int smp_write_chats(struct rv_sample *s, struct rv_out *o, int truth);
int smp_write_journeys(struct rv_sample *s, struct rv_out *o, int truth);
/* --realistic journeys and chats: numeric curves, one per case. */
int smp_write_curves(struct rv_sample *s, struct rv_out *o, int truth);
int smp_write_scripts(struct rv_sample *s, struct rv_out *o, int truth);
void smp_put_u64(struct rv_out *o, uint64_t v, int width);

#endif
