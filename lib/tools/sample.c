/* sample.c - rv-sample core: the embedded dimension tables, order rows,
 * the planted segments and the truth table.
 *
 * Every order is a pure function of (seed, row number): row n seeds its
 * own PRNG stream, so orders can be regenerated at random (reviews reuse
 * orders 3n..3n+2, --truth recounts them) and the output never depends on
 * buffering or on how much was written before. */
#include "sample_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "isotime.h"
#include "num.h"

/* Salts keep the streams of different kinds apart for the same seed. */
enum { SALT_ORDERS = 0x6f72, SALT_PLAN = 0x706c, SALT_BG = 0x6267 };

/* Relative order volume Monday..Sunday: weekends sell more. */
static const double weekday_w[7] = {1.0, 0.97, 0.98, 1.02, 1.08, 1.3, 1.24};

const char *const smp_comp_names[SMP_NCOMP] = {
	"quality", "damage", "logistics", "service", "mismatch", "wrong_item",
	"fit", "price", "usability", "aftersales", "safety", "other"
};

static const char *const dim_names[RV_NDIM] = {
	"line", "sku", "brand", "carrier", "warehouse", "province", "channel"
};

/* Dimensions in one group are nested or strongly tied (sku -> brand ->
 * category; province -> warehouse): a segment uses one dim per group. */
static const int dim_group[RV_NDIM] = {0, 0, 0, 1, 2, 2, 3};

static int load_tables(struct rv_sample *s);
static int build_dims(struct rv_sample *s);
static void build_days(struct rv_sample *s);
static void plan(struct rv_sample *s);
static void build_background(struct rv_sample *s);
static int seg_has(const struct smp_seg *g, int d, int v);
static int seg_in_line(const struct rv_sample *s, const struct smp_seg *g, int c);
static void draw_row(const struct rv_sample *s, struct rv_rng *r, const int *forced, int *v);

void
rv_sample_opts_init(struct rv_sample_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = RV_SAMPLE_ORDERS;
	o->rows = 1000;
	o->seed = 1;
	o->causes = 2;
	o->decoys = -1;
	o->weeks = 4;
	o->base_rate = 0.05;
}

int
rv_sample_kind(const char *name)
{
	static const char *const kinds[] = {"orders", "reviews", "chats", "journeys", "scripts"};
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(name, kinds[i]) == 0)
			return i;
	return -1;
}

const char *
rv_sample_dim_name(int d)
{
	return d >= 0 && d < RV_NDIM ? dim_names[d] : "?";
}

struct rv_sample *
rv_sample_new(const struct rv_sample_opts *o, const char **err)
{
	struct rv_sample *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		*err = "out of memory";
		return NULL;
	}
	s->o = *o;
	if (s->o.decoys < 0)
		s->o.decoys = s->o.causes;
	if (s->o.weeks < 1)
		s->o.weeks = 1;
	if (s->o.weeks > 52)
		s->o.weeks = 52;
	if (load_tables(s) < 0 || build_dims(s) < 0) {
		*err = "embedded sample tables are missing or malformed";
		rv_sample_free(s);
		return NULL;
	}
	if (s->o.kind != RV_SAMPLE_ORDERS) {
		if (smp_pools_load(&s->phrases, s->o.kind == RV_SAMPLE_REVIEWS ? "sample-phrases.tsv" :
		    s->o.kind == RV_SAMPLE_CHATS || s->o.kind == RV_SAMPLE_SCRIPTS ? "sample-chats.tsv" :
		    "sample-journeys.tsv") < 0) {
			*err = "embedded phrase pools are missing or malformed";
			rv_sample_free(s);
			return NULL;
		}
		s->have_phrases = 1;
	}
	build_days(s);
	s->masked = s->lowbase = -1;
	if (s->o.realistic)
		build_background(s);
	plan(s);
	return s;
}

void
rv_sample_free(struct rv_sample *s)
{
	if (s == NULL)
		return;
	smp_table_free(&s->tcat);
	smp_table_free(&s->tbrand);
	smp_table_free(&s->tprov);
	smp_table_free(&s->twh);
	smp_table_free(&s->tchan);
	smp_table_free(&s->tcomp);
	if (s->have_phrases)
		smp_pools_free(&s->phrases);
	free(s);
}

/* ---- embedded tables ---------------------------------------------- */

int
smp_table_load(struct smp_table *t, const char *name)
{
	size_t len, i, ncell = 0, cap = 0;
	const char *d = rv_data_get(name, &len);
	char *p, *end, **cell = NULL;
	int cols = -1, rows = 0;

	memset(t, 0, sizeof(*t));
	if (d == NULL || (t->buf = malloc(len + 1)) == NULL)
		return -1;
	memcpy(t->buf, d, len + 1);
	for (p = t->buf, end = t->buf + len; p < end; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		int n = 1;

		if (nl == NULL)
			nl = end;
		*nl = '\0';
		if (*p == '#' || *p == '\0') {
			p = nl + 1;
			continue;
		}
		for (i = 0; p[i]; i++)
			n += p[i] == '\t';
		if (cols < 0)
			cols = n;
		if (n != cols)
			goto bad;
		if (ncell + (size_t)n > cap) {
			char **nc;
			cap = cap ? cap * 2 : 256;
			if (cap < ncell + (size_t)n)
				cap = ncell + (size_t)n;
			if ((nc = realloc(cell, cap * sizeof(*cell))) == NULL)
				goto bad;
			cell = nc;
		}
		cell[ncell++] = p;
		for (i = 0; p[i]; i++)
			if (p[i] == '\t') {
				p[i] = '\0';
				cell[ncell++] = p + i + 1;
			}
		rows++;
		p = nl + 1;
	}
	if (rows < 2)
		goto bad;
	t->cell = cell;
	t->hdr = cell;
	t->cell = cell + cols;
	t->ncols = cols;
	t->nrows = rows - 1;
	return 0;
bad:
	free(cell);
	free(t->buf);
	memset(t, 0, sizeof(*t));
	return -1;
}

void
smp_table_free(struct smp_table *t)
{
	free(t->hdr);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

const char *
smp_cell(const struct smp_table *t, int row, int col)
{
	return t->cell[(size_t)row * (size_t)t->ncols + (size_t)col];
}

int
smp_table_col(const struct smp_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->hdr[i], name) == 0)
			return i;
	return -1;
}

static int
load_tables(struct rv_sample *s)
{
	if (smp_table_load(&s->tcat, "sample-categories.tsv") < 0 ||
	    smp_table_load(&s->tbrand, "sample-brands.tsv") < 0 ||
	    smp_table_load(&s->tprov, "sample-provinces.tsv") < 0 ||
	    smp_table_load(&s->twh, "sample-warehouses.tsv") < 0 ||
	    smp_table_load(&s->tchan, "sample-channels.tsv") < 0 ||
	    smp_table_load(&s->tcomp, "sample-complaints.tsv") < 0)
		return -1;
	if (s->tcat.ncols < 6 || s->tbrand.ncols < 7 || s->tprov.ncols < 3 ||
	    s->twh.ncols != 2 + SMP_NCAR || s->tchan.ncols != 1 + SMP_NCHAN ||
	    s->tcomp.ncols != 1 + SMP_NCOMP)
		return -1;
	return 0;
}

static double
num(const char *p)
{
	double v;

	return rv_num_parse(p, strlen(p), &v) == 0 ? v : -1;
}

static int
find_name(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int
cat_index(const struct rv_sample *s, const char *name)
{
	int i;

	for (i = 0; i < s->ncat; i++)
		if (strcmp(s->cat[i].name, name) == 0)
			return i;
	return -1;
}

/* Split "a|b|c" in place into at most max pieces. */
static int
split_bar(char *p, const char **out, int max)
{
	int n = 0;

	while (n < max) {
		char *bar = strchr(p, '|');
		out[n++] = p;
		if (bar == NULL)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	return n;
}

/* A list price from the category's range, fixed per SKU (not per seed):
 * log-uniform, rounded the way shops price (1999, 59.9, 8.9). */
static long
list_price(double pmin, double pmax, int k)
{
	double u = (double)(rv_rng_mix((uint64_t)k * 7919 + 13) >> 11) * 0x1.0p-53;
	double p = pmin * pow(pmax / pmin, u);

	if (p >= 100)
		return (long)(floor(p / 100 + 0.5) * 100 - 1) * 100;
	if (p >= 10)
		return (long)floor(p) * 100 + 90;
	return (long)floor(p) * 100 + 90;
}

static int
build_products(struct rv_sample *s)
{
	int i, j, k, col[8];
	const char *cc[] = {"category", "code", "en", "weight", "price_min", "price_max"};
	const char *bc[] = {"brand", "code", "category", "weight", "skus", "products", "products_en"};
	double cum = 0;

	for (j = 0; j < 6; j++)
		if ((col[j] = smp_table_col(&s->tcat, cc[j])) < 0)
			return -1;
	if ((s->ncat = s->tcat.nrows) > SMP_MAXCAT)
		return -1;
	for (i = 0; i < s->ncat; i++) {
		struct smp_cat *c = &s->cat[i];
		c->name = smp_cell(&s->tcat, i, col[0]);
		c->code = smp_cell(&s->tcat, i, col[1]);
		c->en = smp_cell(&s->tcat, i, col[2]);
		c->pmin = num(smp_cell(&s->tcat, i, col[4]));
		c->pmax = num(smp_cell(&s->tcat, i, col[5]));
		if (c->pmin <= 0 || c->pmax < c->pmin || num(smp_cell(&s->tcat, i, col[3])) < 0)
			return -1;
		c->b0 = -1;
	}
	for (j = 0; j < 7; j++)
		if ((col[j] = smp_table_col(&s->tbrand, bc[j])) < 0)
			return -1;
	if ((s->nbrand = s->tbrand.nrows) > SMP_MAXBRAND)
		return -1;
	s->nsku = 0;
	for (i = 0; i < s->nbrand; i++) {
		struct smp_brand *b = &s->brand[i];
		struct smp_cat *c;
		int ns = (int)num(smp_cell(&s->tbrand, i, col[4]));
		double w = num(smp_cell(&s->tbrand, i, col[3])), scum = 0;

		b->name = smp_cell(&s->tbrand, i, col[0]);
		b->code = smp_cell(&s->tbrand, i, col[1]);
		b->cat = cat_index(s, smp_cell(&s->tbrand, i, col[2]));
		if (b->cat < 0 || ns < 1 || ns > 999 || w <= 0 || s->nsku + ns > SMP_MAXSKU)
			return -1;
		c = &s->cat[b->cat];
		if (c->b0 < 0)
			c->b0 = i;
		else if (c->b0 + c->nb != i)
			return -1;	/* a category's brands must be contiguous */
		c->brand_cum[c->nb] = (c->nb ? c->brand_cum[c->nb - 1] : 0) + w;
		c->nb++;
		b->nnoun = split_bar((char *)smp_cell(&s->tbrand, i, col[5]), b->noun, SMP_MAXNOUN);
		if (split_bar((char *)smp_cell(&s->tbrand, i, col[6]), b->noun_en, SMP_MAXNOUN) != b->nnoun)
			return -1;
		b->s0 = s->nsku;
		b->ns = ns;
		for (k = 0; k < ns; k++) {
			struct smp_sku *sk = &s->sku[s->nsku];
			snprintf(sk->code, sizeof(sk->code), "%s-%s-%03d", c->code, b->code, k + 1);
			sk->brand = i;
			sk->cat = b->cat;
			sk->noun = k % b->nnoun;
			sk->price = list_price(c->pmin, c->pmax, s->nsku);
			/* Zipf-like popularity: a few best sellers per brand. */
			scum += 1.0 / pow(k + 1.0, 0.9);
			s->sku_cum[s->nsku++] = scum;
		}
	}
	for (i = 0; i < s->ncat; i++) {
		if (s->cat[i].nb == 0)
			return -1;
		cum += num(smp_cell(&s->tcat, i, col[3]));
		s->cat_cum[i] = cum;
	}
	return 0;
}

static int
build_geo(struct rv_sample *s)
{
	int i, j, k, c;
	double cum = 0, spill[SMP_MAXWH];

	/* warehouses: rows until the "category" separator row */
	for (s->nwh = 0; s->nwh < s->twh.nrows; s->nwh++)
		if (strcmp(smp_cell(&s->twh, s->nwh, 0), "category") == 0)
			break;
	if (s->nwh == 0 || s->nwh > SMP_MAXWH)
		return -1;
	for (j = 0; j < SMP_NCAR; j++)
		s->car[j] = s->twh.hdr[2 + j];
	for (j = 0; j < SMP_NCAR; j++)
		s->car_en[j] = s->car[j];
	for (i = 0; i < s->nwh; i++) {
		s->wh[i] = smp_cell(&s->twh, i, 0);
		spill[i] = num(smp_cell(&s->twh, i, 1));
		if (spill[i] < 0)
			return -1;
	}
	/* carrier mix per (warehouse, category) */
	for (c = 0; c < s->ncat; c++) {
		double f[SMP_NCAR];
		int row = -1;
		for (k = s->nwh + 1; k < s->twh.nrows; k++)
			if (strcmp(smp_cell(&s->twh, k, 0), s->cat[c].name) == 0)
				row = k;
		for (j = 0; j < SMP_NCAR; j++)
			f[j] = row < 0 ? 1 : num(smp_cell(&s->twh, row, 2 + j));
		for (i = 0; i < s->nwh; i++) {
			double acc = 0;
			for (j = 0; j < SMP_NCAR; j++) {
				double w = num(smp_cell(&s->twh, i, 2 + j)) * f[j];
				if (w < 0)
					return -1;
				acc += w;
				s->car_cum[i][c][j] = acc;
			}
		}
	}
	for (k = s->nwh + 1; k < s->twh.nrows; k++)
		if (strcmp(smp_cell(&s->twh, k, 0), "en") == 0)
			for (j = 0; j < SMP_NCAR; j++)
				s->car_en[j] = smp_cell(&s->twh, k, 2 + j);
	/* provinces */
	if ((s->nprov = s->tprov.nrows) > SMP_MAXPROV)
		return -1;
	for (i = 0; i < s->nprov; i++) {
		struct smp_prov *p = &s->prov[i];
		double pop = num(smp_cell(&s->tprov, i, 1)), other = 0, acc = 0;

		p->name = smp_cell(&s->tprov, i, 0);
		p->wh = find_name(s->wh, s->nwh, smp_cell(&s->tprov, i, 2));
		if (pop <= 0 || p->wh < 0)
			return -1;
		cum += pop;
		s->prov_cum[i] = cum;
		for (j = 0; j < s->nwh; j++)
			if (j != p->wh)
				other += spill[j];
		for (j = 0; j < s->nwh; j++) {
			acc += j == p->wh ? 0.8 : (other > 0 ? 0.2 * spill[j] / other : 0);
			p->wh_cum[j] = acc;
		}
	}
	/* channels and complaint mixes per category */
	for (j = 0; j < SMP_NCHAN; j++)
		s->chan[j] = s->tchan.hdr[1 + j];
	for (j = 0; j < SMP_NCOMP; j++) {
		s->comp[j] = s->tcomp.hdr[1 + j];
		if (strcmp(s->comp[j], smp_comp_names[j]) != 0)
			return -1;
	}
	for (c = 0; c < s->ncat; c++) {
		int rc = -1, rp = -1;
		double acc = 0;
		for (k = 0; k < s->tchan.nrows; k++)
			if (strcmp(smp_cell(&s->tchan, k, 0), s->cat[c].name) == 0)
				rc = k;
		for (k = 0; k < s->tcomp.nrows; k++)
			if (strcmp(smp_cell(&s->tcomp, k, 0), s->cat[c].name) == 0)
				rp = k;
		if (rc < 0 || rp < 0)
			return -1;
		for (j = 0; j < SMP_NCHAN; j++) {
			double w = num(smp_cell(&s->tchan, rc, 1 + j));
			if (w < 0)
				return -1;
			acc += w;
			s->cat[c].chan_cum[j] = acc;
		}
		acc = 0;
		for (j = 0; j < SMP_NCOMP; j++) {
			double w = num(smp_cell(&s->tcomp, rp, 1 + j));
			if (w < 0)
				return -1;
			acc += w;
			s->cat[c].comp_cum[j] = acc;
		}
	}
	return 0;
}

static int
build_dims(struct rv_sample *s)
{
	if (build_products(s) < 0 || build_geo(s) < 0)
		return -1;
	return 0;
}

/* ---- dates ---------------------------------------------------------- */

/* Days since 1970-01-01 and back: isotime.c (proleptic Gregorian). */
static long
days_from_civil(long y, int m, int d)
{
	return (long)rv_isotime_days(y, (unsigned)m, (unsigned)d);
}

static void
civil_from_days(long z, long *y, int *m, int *d)
{
	long long yy;
	unsigned mm, dd;

	rv_isotime_civil(z, &yy, &mm, &dd);
	*y = (long)yy;
	*m = (int)mm;
	*d = (int)dd;
}

/* The period ends with ISO week 2026-W45 (Monday 2026-11-02). */
static void
build_days(struct rv_sample *s)
{
	long monday = days_from_civil(2026, 11, 2) - 7L * (s->o.weeks - 1);
	double cum[SMP_MAXDAYS], acc = 0;
	int i;

	s->ndays = 7 * s->o.weeks;
	for (i = 0; i < s->ndays; i++) {
		long z = monday + i, y, thu = monday + (i / 7) * 7 + 3, ty;
		int m, d, tm, td;

		civil_from_days(z, &y, &m, &d);
		snprintf(s->date[i], sizeof(s->date[i]), "%04ld-%02d-%02d", y, m, d);
		civil_from_days(thu, &ty, &tm, &td);
		snprintf(s->week[i], sizeof(s->week[i]), "%04d-W%02d", (int)(ty % 10000),
		    (int)((thu - days_from_civil(ty, 1, 1)) / 7 + 1) % 100);
		/* a gentle upward trend on top of the weekday pattern */
		acc += weekday_w[i % 7] * (1 + 0.004 * i);
		cum[i] = acc;
	}
	/* reviews are written about orders 3n..3n+2: date those as
	 * `rv-sample orders --rows 3N` does */
	s->norders = s->o.kind == RV_SAMPLE_REVIEWS ? 3 * s->o.rows : s->o.rows;
	s->day_start[0] = 0;
	for (i = 1; i < s->ndays; i++)
		s->day_start[i] = (uint64_t)((double)s->norders * (cum[i - 1] / acc));
	s->day_start[s->ndays] = s->norders;
}

static int
day_of(const struct rv_sample *s, uint64_t n)
{
	int lo = 0, hi = s->ndays - 1;

	/* the last day d with day_start[d] <= n */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (s->day_start[mid] <= n)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* ---- rows ------------------------------------------------------------ */

/* Draw all dimensions; forced[d] >= 0 fixes d and its dependants follow
 * (sku fixes brand and category; brand fixes category). */
static void
draw_row(const struct rv_sample *s, struct rv_rng *r, const int *forced, int *v)
{
	int c, b, k, p;

	if (forced[RV_DIM_SKU] >= 0) {
		k = forced[RV_DIM_SKU];
		b = s->sku[k].brand;
		c = s->sku[k].cat;
	} else {
		if (forced[RV_DIM_BRAND] >= 0) {
			b = forced[RV_DIM_BRAND];
			c = s->brand[b].cat;
		} else {
			c = forced[RV_DIM_CATEGORY] >= 0 ? forced[RV_DIM_CATEGORY] :
			    rv_rng_pick(r, s->cat_cum, s->ncat);
			b = s->cat[c].b0 + rv_rng_pick(r, s->cat[c].brand_cum, s->cat[c].nb);
		}
		k = s->brand[b].s0 + rv_rng_pick(r, s->sku_cum + s->brand[b].s0, s->brand[b].ns);
	}
	v[RV_DIM_CATEGORY] = c;
	v[RV_DIM_BRAND] = b;
	v[RV_DIM_SKU] = k;
	p = forced[RV_DIM_PROVINCE] >= 0 ? forced[RV_DIM_PROVINCE] : rv_rng_pick(r, s->prov_cum, s->nprov);
	v[RV_DIM_PROVINCE] = p;
	v[RV_DIM_WAREHOUSE] = forced[RV_DIM_WAREHOUSE] >= 0 ? forced[RV_DIM_WAREHOUSE] :
	    rv_rng_pick(r, s->prov[p].wh_cum, s->nwh);
	v[RV_DIM_CARRIER] = forced[RV_DIM_CARRIER] >= 0 ? forced[RV_DIM_CARRIER] :
	    rv_rng_pick(r, s->car_cum[v[RV_DIM_WAREHOUSE]][c], SMP_NCAR);
	v[RV_DIM_CHANNEL] = forced[RV_DIM_CHANNEL] >= 0 ? forced[RV_DIM_CHANNEL] :
	    rv_rng_pick(r, s->cat[c].chan_cum, SMP_NCHAN);
}

static int
seg_match_v(const struct smp_seg *g, const int *v)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (v[g->dim[i]] != g->val[i])
			return 0;
	return 1;
}

/* Force g's conditions (and, for decoys, their cause's) into forced. */
static void
force_seg(const struct smp_seg *g, int *forced)
{
	int i;

	for (i = 0; i < g->n; i++)
		forced[g->dim[i]] = g->val[i];
}

/* A masked cause's carrier ships mostly the lowbase line: most of that
 * line's orders are moved to it, most of its other orders elsewhere. */
static void
route_masked(const struct rv_sample *s, struct rv_rng *r, int *v)
{
	int forced[RV_NDIM], i, x = s->seg[s->masked].val[0], c = s->seg[s->lowbase].val[0];
	int d = s->seg[s->masked].dim[0];

	for (i = 0; i < RV_NDIM; i++)
		forced[i] = -1;
	if (v[RV_DIM_CATEGORY] == c && v[d] != x && rv_rng_unif(r) < 0.6) {
		forced[RV_DIM_CATEGORY] = c;
		forced[d] = x;
	} else if (v[d] == x && v[RV_DIM_CATEGORY] != c && rv_rng_unif(r) < 0.85) {
		for (i = 0; i < RV_NDIM; i++)
			forced[i] = v[i];
		forced[d] = (x + 1 + (int)rv_rng_below(r, SMP_NCAR - 1)) % SMP_NCAR;
	} else {
		return;
	}
	draw_row(s, r, forced, v);
}

void
rv_sample_order(const struct rv_sample *s, uint64_t n, struct rv_sample_order *o)
{
	struct rv_rng r;
	int forced[RV_NDIM], i, target, active;
	double p, u;

	rv_rng_seed(&r, s->o.seed ^ SALT_ORDERS, n);
	o->n = n;
	o->day = day_of(s, n);
	target = o->day >= s->ndays - 7;
	for (i = 0; i < RV_NDIM; i++)
		forced[i] = -1;
	draw_row(s, &r, forced, o->v);
	for (i = 0; i < s->nseg; i++) {
		const struct smp_seg *g = &s->seg[i];
		if (g->kind == SEG_MIXSHIFT && target && rv_rng_unif(&r) < g->q) {
			force_seg(g, forced);
			draw_row(s, &r, forced, o->v);
		} else if ((g->kind == SEG_DECOY || g->kind == SEG_SIMPSON) &&
		    seg_match_v(g, o->v) && rv_rng_unif(&r) < g->q) {
			force_seg(g, forced);
			force_seg(&s->seg[g->link], forced);
			draw_row(s, &r, forced, o->v);
		}
	}
	if (s->masked >= 0)
		route_masked(s, &r, o->v);
	/* discounts: most orders pay list price, some 10% or 20% off */
	o->price = s->sku[o->v[RV_DIM_SKU]].price;
	u = rv_rng_unif(&r);
	if (u >= 0.9)
		o->price = (o->price * 8 + 5) / 10;
	else if (u >= 0.7)
		o->price = (o->price * 9 + 5) / 10;
	p = s->o.base_rate;
	o->causes = 0;
	active = !s->o.change || target;
	if (s->o.realistic)
		for (i = 0; i < RV_NDIM; i++) {
			p *= s->bg[i][o->v[i]];
			if (s->o.change && target)
				p *= s->bgt[i][o->v[i]];
		}
	if (s->o.realistic && s->o.change && target)
		p *= s->drift;
	for (i = 0; i < s->nseg; i++) {
		const struct smp_seg *g = &s->seg[i];
		if (!seg_match_v(g, o->v))
			continue;
		if ((g->kind == SEG_CAUSE || g->kind == SEG_MASKED) && active) {
			p *= g->lift;
			o->causes |= 1u << i;
		} else if (g->kind == SEG_SIMPSON || g->kind == SEG_BACKGROUND ||
		    g->kind == SEG_LOWBASE || g->kind == SEG_CHRONIC || g->kind == SEG_MIXSHIFT) {
			p *= g->lift;
		}
	}
	if (p > 0.95)
		p = 0.95;
	o->returned = rv_rng_unif(&r) < p;
}

const char *
rv_sample_value(const struct rv_sample *s, int d, int v)
{
	switch (d) {
	case RV_DIM_CATEGORY: return s->cat[v].name;
	case RV_DIM_SKU: return s->sku[v].code;
	case RV_DIM_BRAND: return s->brand[v].name;
	case RV_DIM_CARRIER: return s->car[v];
	case RV_DIM_WAREHOUSE: return s->wh[v];
	case RV_DIM_PROVINCE: return s->prov[v].name;
	case RV_DIM_CHANNEL: return s->chan[v];
	}
	return "?";
}

int
rv_sample_nsegs(const struct rv_sample *s)
{
	return s->nseg;
}

const char *
rv_sample_seg(const struct rv_sample *s, int i, char *buf, size_t size)
{
	static const char *const kinds[] = {"cause", "decoy", "simpson", "mixshift",
		"background", "lowbase", "chronic", "masked"};
	const struct smp_seg *g = &s->seg[i];
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < g->n && len < size; k++) {
		int w = snprintf(buf + len, size - len, "%s%s=%s", k ? "&" : "",
		    dim_names[g->dim[k]], rv_sample_value(s, g->dim[k], g->val[k]));
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return kinds[g->kind];
}

int
rv_sample_seg_match(const struct rv_sample *s, int i, const struct rv_sample_order *o)
{
	return seg_match_v(&s->seg[i], o->v);
}

/* ---- planting --------------------------------------------------------- */

/* The simulated pool the planner measures coverage on. */
struct pool {
	int (*v)[RV_NDIM];
	int n;
};

static int
pool_count(const struct pool *pl, const struct smp_seg *g)
{
	int i, c = 0;

	for (i = 0; i < pl->n; i++)
		c += seg_match_v(g, pl->v[i]);
	return c;
}

static int
pool_overlap(const struct pool *pl, const struct smp_seg *a, const struct smp_seg *b)
{
	int i, c = 0;

	for (i = 0; i < pl->n; i++)
		c += seg_match_v(a, pl->v[i]) && seg_match_v(b, pl->v[i]);
	return c;
}

static void
sort_conds(struct smp_seg *g)
{
	int i, j;

	for (i = 1; i < g->n; i++)
		for (j = i; j > 0 && g->dim[j] < g->dim[j - 1]; j--) {
			int t = g->dim[j]; g->dim[j] = g->dim[j - 1]; g->dim[j - 1] = t;
			t = g->val[j]; g->val[j] = g->val[j - 1]; g->val[j - 1] = t;
		}
}

static int
same_seg(const struct smp_seg *a, const struct smp_seg *b)
{
	int i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->dim[i] != b->dim[i] || a->val[i] != b->val[i])
			return 0;
	return 1;
}

/* Is g acceptable next to the segments planted so far? */
static int
fits(const struct rv_sample *s, const struct pool *pl, const struct smp_seg *g, int cnt)
{
	int i;

	for (i = 0; i < s->nseg; i++) {
		const struct smp_seg *h = &s->seg[i];
		int hc;
		if (same_seg(g, h))
			return 0;
		if (h->kind != SEG_CAUSE && g->kind != SEG_CAUSE)
			continue;
		hc = pool_count(pl, h);
		/* causes must stay distinguishable: little natural overlap */
		if (pool_overlap(pl, g, h) * 8 > (cnt < hc ? cnt : hc))
			return 0;
	}
	return 1;
}

/* The complaint category reviews of a cause's orders raise. */
static int
cause_complaint(const struct rv_sample *s, struct rv_rng *r, const struct smp_seg *g)
{
	static const int by_cat[][3] = {
		{0, 4, 8},	/* 手机: quality mismatch usability */
		{6, 0, 4},	/* 服装: fit quality mismatch */
		{8, 1, 10},	/* 家电: usability damage safety */
		{0, 1, 10},	/* 食品: quality damage safety */
		{4, 10, 0},	/* 美妆: mismatch safety quality */
		{1, 0, 5},	/* 图书: damage quality wrong_item */
	};
	int i, c = -1;

	for (i = 0; i < g->n; i++) {
		switch (g->dim[i]) {
		case RV_DIM_CARRIER: return 2;			/* logistics */
		case RV_DIM_WAREHOUSE: return rv_rng_below(r, 2) ? 1 : 5;	/* damage / wrong_item */
		case RV_DIM_CATEGORY: c = g->val[i]; break;
		case RV_DIM_BRAND: c = s->brand[g->val[i]].cat; break;
		case RV_DIM_SKU: c = s->sku[g->val[i]].cat; break;
		}
	}
	if (c >= 0 && c < 6)
		return by_cat[c][rv_rng_below(r, 3)];
	for (i = 0; i < g->n; i++)
		if (g->dim[i] == RV_DIM_PROVINCE)
			return 2;
	return rv_rng_below(r, 2) ? 9 : 3;	/* channel: aftersales / service */
}

/* A segment of kind with depth conditions on different dimension groups,
 * its values taken from a random pool row. */
static void
draw_seg(const struct pool *pl, struct rv_rng *r, int kind, int depth, struct smp_seg *g)
{
	int row = (int)rv_rng_below(r, (uint32_t)pl->n), used = 0, i;
	int order[RV_NDIM];

	for (i = 0; i < RV_NDIM; i++)
		order[i] = i;
	for (i = RV_NDIM - 1; i > 0; i--) {
		int j = (int)rv_rng_below(r, (uint32_t)i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	for (i = 0; i < RV_NDIM && g->n < depth; i++) {
		int d = order[i];
		if (used & (1 << dim_group[d]))
			continue;
		used |= 1 << dim_group[d];
		g->dim[g->n] = d;
		g->val[g->n++] = pl->v[row][d];
	}
	sort_conds(g);
}

static int
plan_cause(struct rv_sample *s, const struct pool *pl, struct rv_rng *r)
{
	struct smp_seg g;
	int attempt;

	for (attempt = 0; attempt < 4000; attempt++) {
		double u = rv_rng_unif(r);
		int depth = attempt >= 3000 ? 1 : u < 0.4 ? 1 : u < 0.8 ? 2 : 3;
		int cnt;

		draw_seg(pl, r, SEG_CAUSE, depth, &g);
		cnt = pool_count(pl, &g);
		if (cnt < pl->n / 200 || cnt > pl->n * 15 / 100 || !fits(s, pl, &g, cnt))
			continue;
		/* realistic: a cause is a departure well beyond the background */
		g.lift = s->o.realistic ? floor((2 + 4 * rv_rng_unif(r)) * 10 + 0.5) / 10 :
		    floor((1.5 + 3.5 * rv_rng_unif(r)) * 10 + 0.5) / 10;
		g.comp = cause_complaint(s, r, &g);
		g.link = -1;
		s->seg[s->nseg++] = g;
		s->ncause++;
		return 0;
	}
	return -1;
}

/* Can a one-condition segment on dim d hide behind cause g? Not when it
 * shares g's dimension group (a SKU cannot be forced into another
 * category), except a province behind a warehouse. */
static int
side_ok(const struct smp_seg *g, int d)
{
	int i;

	for (i = 0; g != NULL && i < g->n; i++)
		if (dim_group[g->dim[i]] == dim_group[d] &&
		    !(g->dim[i] == RV_DIM_WAREHOUSE && d == RV_DIM_PROVINCE))
			return 0;
	return 1;
}

/* A one-condition segment compatible with cause link (any when link < 0),
 * with natural coverage in [lo, hi] of the pool and little natural
 * overlap with the causes. */
static int
plan_side(struct rv_sample *s, const struct pool *pl, struct rv_rng *r, int kind, int link,
    double lo, double hi, double q, double lift)
{
	const struct smp_seg *c = link >= 0 ? &s->seg[link] : NULL;
	int attempt, k, nrows = 0, *rows = malloc(sizeof(int) * (size_t)pl->n);

	if (rows == NULL)
		return -1;
	/* rows the segment's values are taken from: those in the cause */
	for (k = 0; k < pl->n; k++)
		if (c == NULL || seg_match_v(c, pl->v[k]))
			rows[nrows++] = k;
	for (attempt = 0; nrows > 0 && attempt < 3000; attempt++) {
		struct smp_seg g;
		int d = (int)rv_rng_below(r, RV_NDIM), row, cnt;

		if (!side_ok(c, d))
			continue;
		row = rows[rv_rng_below(r, (uint32_t)nrows)];
		memset(&g, 0, sizeof(g));
		g.kind = kind;
		g.n = 1;
		g.dim[0] = d;
		g.val[0] = pl->v[row][d];
		cnt = pool_count(pl, &g);
		if (cnt < lo * pl->n || cnt > hi * pl->n || !fits(s, pl, &g, cnt))
			continue;
		for (k = 0; k < s->ncause; k++)
			if (pool_overlap(pl, &g, &s->seg[k]) * 4 > cnt)
				break;
		if (k < s->ncause)
			continue;
		g.link = link;
		g.q = q;
		g.lift = lift;
		g.comp = -1;
		s->seg[s->nseg++] = g;
		free(rows);
		return 0;
	}
	free(rows);
	return -1;
}

/* A decoy or trap behind cause k, or behind the next causes when k's
 * dimensions leave no room. */
static void
plan_hidden(struct rv_sample *s, const struct pool *pl, struct rv_rng *r, int kind, int k,
    double lo, double himax, double q, double lift)
{
	int j;

	for (j = 0; j < s->ncause; j++) {
		int c = (k + j) % s->ncause;
		double hi = (double)pool_count(pl, &s->seg[c]) / pl->n * 0.5;
		if (hi < 0.006)
			hi = 0.006;
		if (hi > himax)
			hi = himax;
		if (plan_side(s, pl, r, kind, c, lo, hi, q, lift) == 0)
			return;
	}
}

/* A segment of kind with depth conditions (one per dimension group),
 * natural coverage in [lo, hi] of the pool and a lift in [l0, l1]. */
static int
plan_seg(struct rv_sample *s, const struct pool *pl, struct rv_rng *r, int kind, int depth,
    double lo, double hi, double l0, double l1)
{
	struct smp_seg g;
	int attempt;

	if (s->nseg >= SMP_MAXSEG)
		return -1;
	for (attempt = 0; attempt < 2000; attempt++) {
		int i, cnt;

		draw_seg(pl, r, kind, depth, &g);
		cnt = pool_count(pl, &g);
		if (cnt < lo * pl->n || cnt > hi * pl->n || !fits(s, pl, &g, cnt))
			continue;
		for (i = 0; i < s->nseg; i++)
			if ((s->seg[i].kind == SEG_CAUSE || s->seg[i].kind == SEG_MASKED) &&
			    pool_overlap(pl, &g, &s->seg[i]) * 4 > cnt)
				break;
		if (i < s->nseg)
			continue;
		g.lift = floor((l0 + (l1 - l0) * rv_rng_unif(r)) * 100 + 0.5) / 100;
		g.comp = kind == SEG_CHRONIC ? cause_complaint(s, r, &g) : -1;
		g.link = -1;
		s->seg[s->nseg++] = g;
		return 0;
	}
	return -1;
}

/* A cause on one carrier masked by a naturally low-return line: the line
 * returns at 0.3x, the carrier at 2.4-3x, and route_masked() gives
 * the carrier mostly that line's orders, so in aggregate the carrier looks
 * ordinary and only a comparison within lines shows it. */
static void
plan_masked(struct rv_sample *s, const struct pool *pl, struct rv_rng *r)
{
	int attempt;

	if (s->nseg + 2 > SMP_MAXSEG)
		return;
	for (attempt = 0; attempt < 500; attempt++) {
		struct smp_seg c, x;
		int cnt, i;

		memset(&c, 0, sizeof(c));
		c.kind = SEG_LOWBASE;
		c.n = 1;
		c.dim[0] = RV_DIM_CATEGORY;
		c.val[0] = (int)rv_rng_below(r, (uint32_t)s->ncat);
		cnt = pool_count(pl, &c);
		if (cnt < 0.08 * pl->n || cnt > 0.30 * pl->n)
			continue;
		memset(&x, 0, sizeof(x));
		x.kind = SEG_MASKED;
		x.n = 1;
		x.dim[0] = RV_DIM_CARRIER;
		x.val[0] = (int)rv_rng_below(r, SMP_NCAR);
		for (i = 0; i < s->nseg; i++) {
			const struct smp_seg *g = &s->seg[i];
			if (g->kind == SEG_BACKGROUND)
				continue;
			if (seg_has(g, RV_DIM_CARRIER, x.val[0]) || seg_has(g, RV_DIM_CATEGORY, c.val[0]) ||
			    seg_in_line(s, g, c.val[0]))
				break;
		}
		if (i < s->nseg)
			continue;
		c.lift = 0.3;
		c.link = x.link = -1;
		c.comp = -1;
		x.lift = floor((2.4 + 0.6 * rv_rng_unif(r)) * 10 + 0.5) / 10;
		x.comp = cause_complaint(s, r, &x);
		s->lowbase = s->nseg;
		s->seg[s->nseg++] = c;
		s->masked = s->nseg;
		s->seg[s->nseg++] = x;
		return;
	}
}

static int
seg_has(const struct smp_seg *g, int d, int v)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (g->dim[i] == d && g->val[i] == v)
			return 1;
	return 0;
}

/* Does g name a brand or SKU of line c? */
static int
seg_in_line(const struct rv_sample *s, const struct smp_seg *g, int c)
{
	int i;

	for (i = 0; i < g->n; i++)
		if ((g->dim[i] == RV_DIM_BRAND && s->brand[g->val[i]].cat == c) ||
		    (g->dim[i] == RV_DIM_SKU && s->sku[g->val[i]].cat == c))
			return 1;
	return 0;
}

/* A standard normal deviate (Box-Muller; one of the pair is dropped). */
static double
gauss(struct rv_rng *r)
{
	double u = rv_rng_unif(r), v = rv_rng_unif(r);

	return sqrt(-2 * log(1 - u)) * cos(6.283185307179586 * v);
}

static double
clipped(struct rv_rng *r, double sd, double lim)
{
	double z = sd * gauss(r);

	return exp(z > lim ? lim : z < -lim ? -lim : z);
}

/* --realistic: every value of every dimension differs from the average
 * by a factor exp(N(0, 0.09^2)) clipped to +-25%; in change mode the
 * target week moves the global rate by up to +-10% and every value by a
 * further exp(N(0, 0.04^2)) clipped to +-8%. */
static void
build_background(struct rv_sample *s)
{
	const int nval[RV_NDIM] = {s->ncat, s->nsku, s->nbrand, SMP_NCAR, s->nwh, s->nprov, SMP_NCHAN};
	struct rv_rng r;
	int d, v;

	rv_rng_seed(&r, s->o.seed ^ SALT_BG, 0);
	for (d = 0; d < RV_NDIM; d++)
		for (v = 0; v < nval[d] && v < SMP_MAXSKU; v++) {
			s->bg[d][v] = clipped(&r, 0.09, 0.25);
			s->bgt[d][v] = clipped(&r, 0.04, 0.08);
		}
	s->drift = exp(0.1 * (2 * rv_rng_unif(&r) - 1));
}

/* The rate of a mix shift over the rest's, in every week. */
#define MIX_LIFT 2.0

static void
plan(struct rv_sample *s)
{
	struct pool pl;
	struct rv_rng r;
	int forced[RV_NDIM], i, k;

	for (i = 0; i < RV_NDIM; i++)
		forced[i] = -1;
	pl.n = SMP_POOL;
	pl.v = malloc(sizeof(*pl.v) * (size_t)pl.n);
	if (pl.v == NULL)
		return;	/* no planted structure rather than a crash */
	rv_rng_seed(&r, s->o.seed ^ SALT_PLAN, 0);
	for (i = 0; i < pl.n; i++)
		draw_row(s, &r, forced, pl.v[i]);
	for (k = 0; k < s->o.causes && k < 3; k++)
		plan_cause(s, &pl, &r);
	for (k = 0; s->ncause > 0 && k < s->o.decoys && k < 3; k++)
		plan_hidden(s, &pl, &r, SEG_DECOY, k, 0.003, 0.03, 0.75, 1);
	if (s->o.simpson && s->ncause > 0) {
		/* The trap hides behind the strongest cause, made at least 3x so
		 * that the protective segment still looks bad overall. */
		int best = 0;
		for (k = 1; k < s->ncause; k++)
			if (s->seg[k].lift > s->seg[best].lift)
				best = k;
		if (s->seg[best].lift < 3)
			s->seg[best].lift = 3;
		plan_hidden(s, &pl, &r, SEG_SIMPSON, best, 0.004, 0.05, 0.85, 0.6);
	}
	/* A mix shift: a segment that returns twice as often as the rest in
	 * every week (so its growth raises the overall rate) and whose
	 * volume about doubles in the target week; its own rate does not
	 * change, so it is not a cause of the rise. */
	if (s->o.change && plan_side(s, &pl, &r, SEG_MIXSHIFT, -1, 0.03, 0.12, 0, MIX_LIFT) == 0) {
		/* forcing a share q of the target week's rows into the segment
		 * about doubles its volume */
		struct smp_seg *g = &s->seg[s->nseg - 1];
		g->q = (double)pool_count(&pl, g) / pl.n;
	}
	if (s->o.realistic) {
		/* value pairs 1.2-1.5x: background, not causes */
		for (k = 0; k < 3; k++)
			plan_seg(s, &pl, &r, SEG_BACKGROUND, 2, 0.005, 0.10, 1.2, 1.5);
		/* high in both periods: not a cause of the change */
		if (s->o.change)
			plan_seg(s, &pl, &r, SEG_CHRONIC, 1 + (int)rv_rng_below(&r, 2), 0.01, 0.10, 2, 3);
	}
	if (s->o.masked)
		plan_masked(s, &pl, &r);
	free(pl.v);
}

/* ---- output ------------------------------------------------------------ */

void
smp_put_u64(struct rv_out *o, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		rv_out_putc(o, tmp[--n]);
}

static void
put_price(struct rv_out *o, long cents)
{
	smp_put_u64(o, (uint64_t)(cents / 100), 1);
	rv_out_putc(o, '.');
	rv_out_putc(o, (char)('0' + cents / 10 % 10));
	rv_out_putc(o, (char)('0' + cents % 10));
}

static int
write_orders(struct rv_sample *s, struct rv_out *o)
{
	struct rv_sample_order r;
	uint64_t n;
	int d;

	rv_out_puts(o, "order_id\tdate\tweek\tline\tsku\tbrand\tcarrier\twarehouse\tprovince\tchannel\tprice\treturned\n");
	for (n = 0; n < s->o.rows && o->err == 0; n++) {
		rv_sample_order(s, n, &r);
		rv_out_putc(o, 'O');
		smp_put_u64(o, n + 1, 8);
		rv_out_tab(o);
		rv_out_write(o, s->date[r.day], 10);
		rv_out_tab(o);
		rv_out_write(o, s->week[r.day], 8);
		for (d = 0; d < RV_NDIM; d++) {
			rv_out_tab(o);
			rv_out_puts(o, rv_sample_value(s, d, r.v[d]));
		}
		rv_out_tab(o);
		put_price(o, r.price);
		rv_out_tab(o);
		rv_out_putc(o, (char)('0' + r.returned));
		rv_out_eol(o);
	}
	return 0;
}

static void
put_rate(struct rv_out *o, uint64_t k, uint64_t n)
{
	rv_out_num(o, n ? (double)k / (double)n : 0, 4);
}

/* cause depth rows rate base_rate kind, counted over the generated rows:
 * rows/rate over all rows and base_rate over rows in no cause; with
 * --change, rows/rate in the last week and base_rate the same segment's
 * rate in the earlier weeks. */
static int
write_orders_truth(struct rv_sample *s, struct rv_out *o)
{
	uint64_t n, rows[SMP_MAXSEG] = {0}, ret[SMP_MAXSEG] = {0};
	uint64_t brows[SMP_MAXSEG] = {0}, bret[SMP_MAXSEG] = {0}, nrows = 0, nret = 0;
	struct rv_sample_order r;
	char buf[256];
	int i;

	for (n = 0; n < s->o.rows; n++) {
		int in_cause = 0, target;
		rv_sample_order(s, n, &r);
		target = r.day >= s->ndays - 7;
		for (i = 0; i < s->nseg; i++) {
			if (!seg_match_v(&s->seg[i], r.v))
				continue;
			in_cause |= s->seg[i].kind == SEG_CAUSE || s->seg[i].kind == SEG_MASKED;
			if (!s->o.change || target) {
				rows[i]++;
				ret[i] += (uint64_t)r.returned;
			} else {
				brows[i]++;
				bret[i] += (uint64_t)r.returned;
			}
		}
		if (!in_cause) {
			nrows++;
			nret += (uint64_t)r.returned;
		}
	}
	rv_out_puts(o, "cause\tdepth\trows\trate\tbase_rate\tkind\n");
	for (i = 0; i < s->nseg && o->err == 0; i++) {
		const char *kind = rv_sample_seg(s, i, buf, sizeof(buf));
		rv_out_puts(o, buf);
		rv_out_tab(o);
		smp_put_u64(o, (uint64_t)s->seg[i].n, 1);
		rv_out_tab(o);
		smp_put_u64(o, rows[i], 1);
		rv_out_tab(o);
		put_rate(o, ret[i], rows[i]);
		rv_out_tab(o);
		if (s->o.change)
			put_rate(o, bret[i], brows[i]);
		else
			put_rate(o, nret, nrows);
		rv_out_tab(o);
		rv_out_puts(o, kind);
		rv_out_eol(o);
	}
	return 0;
}

int
rv_sample_write(struct rv_sample *s, struct rv_out *o)
{
	switch (s->o.kind) {
	case RV_SAMPLE_ORDERS: return write_orders(s, o);
	case RV_SAMPLE_REVIEWS: return smp_write_reviews(s, o, 0);
	case RV_SAMPLE_CHATS:
		return s->o.realistic ? smp_write_curves(s, o, 0) : smp_write_chats(s, o, 0);
	case RV_SAMPLE_JOURNEYS:
		return s->o.realistic ? smp_write_curves(s, o, 0) : smp_write_journeys(s, o, 0);
	case RV_SAMPLE_SCRIPTS: return smp_write_scripts(s, o, 0);
	}
	return -1;
}

int
rv_sample_write_truth(struct rv_sample *s, struct rv_out *o)
{
	switch (s->o.kind) {
	case RV_SAMPLE_ORDERS: return write_orders_truth(s, o);
	case RV_SAMPLE_REVIEWS: return smp_write_reviews(s, o, 1);
	case RV_SAMPLE_CHATS:
		return s->o.realistic ? smp_write_curves(s, o, 1) : smp_write_chats(s, o, 1);
	case RV_SAMPLE_JOURNEYS:
		return s->o.realistic ? smp_write_curves(s, o, 1) : smp_write_journeys(s, o, 1);
	case RV_SAMPLE_SCRIPTS: return smp_write_scripts(s, o, 1);
	}
	return -1;
}
