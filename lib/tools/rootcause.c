/* rootcause.c - see rootcause.h; the method is described in
 * man/rv-rootcause.1 (DESCRIPTION, "Method").
 *
 * Data layout, chosen for 1M rows x 6 dimensions at depth 3 in well under
 * two seconds: dimension values are interned to small integers; rows are
 * reduced to distinct tuples (ids of all dimensions + counts); the cube of
 * all 1..k-dimension subsets is then built one subset at a time from the
 * tuples with a small open-addressing table keyed by the packed ids (two
 * 64-bit words), and only combinations with enough support are kept, each
 * subset's survivors sorted by key so later lookups are a binary search.
 * Memory is the tuples plus the surviving combinations. */
#include "rootcause.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "stats.h"

/* Interned values of one dimension. */
struct dim {
	char *name;
	uint32_t *slot;		/* open addressing: value id + 1, 0 empty */
	size_t cap;
	struct rv_field *val;	/* id -> bytes (in the arena) */
	uint64_t *hv;		/* id -> hash */
	size_t n, vcap;
	double *fac;		/* rate mode: id -> main-effect factor (fit_model) */
};

/* Counts of one tuple or combination: target n, hits; baseline n, hits. */
struct cnt {
	double n, h, bn, bh;
	double m;	/* rate mode: hits the main-effects model expects */
};

/* A subset of dimensions, and its range in the combination array. */
struct subset {
	int k;
	int d[RV_RC_MAXDEPTH];
	uint64_t mask;
	size_t start, end;
	uint64_t xmask;		/* rate mode: dims whose factors its expectation leaves out */
	double tau2;		/* background variance of log rates (log ratios) */
	size_t ncell;		/* combinations it was estimated from */
};

enum {
	C_SIG0 = 1,		/* significant before explaining away */
	C_CAUSE = 2,
	C_TRIED = 4,		/* failed the exact test in this round */
	C_DROPPED = 8,		/* a cause dropped by --min-share */
};

/* One combination with enough support. */
struct combo {
	uint64_t w0, w1;	/* packed value ids, in subset order */
	uint32_t sub;
	uint32_t flags;
	struct cnt c;		/* residual counts: rows outside chosen causes */
	struct cnt c0;		/* all rows */
	double ex0;		/* marginal excess before explaining away */
	double q0;		/* BH q before explaining away */
	double prev_ex;		/* residual excess before the latest cause */
	double drop;		/* largest excess drop caused by one cause */
	int expl;		/* that cause (index into causes), or -1 */
};

struct rv_rc {
	struct rv_rc_opts o;
	size_t nd;
	struct dim *dim;
	struct rv_arena arena;
	/* distinct tuples */
	uint32_t *tid;		/* [T * nd] */
	struct cnt *tc;		/* [T] */
	size_t nt, tcap;
	uint32_t *tslot;	/* open addressing: tuple index + 1 */
	size_t tscap;
	size_t *order;		/* sorted tuple order for --partial */
	/* cube */
	struct subset *sub;
	size_t nsub;
	struct combo *cb;
	size_t ncb, cbcap;
	double logm[RV_RC_MAXDEPTH + 1];	/* log of combinations of depth <= k */
	unsigned char *covered;	/* [T]: tuple lies in a chosen cause */
	struct cnt tot;		/* all rows */
	struct cnt res;		/* residual rows */
	uint64_t tied[RV_RC_MAXDIMS];	/* rate mode: dims nested with dim d */
	int refit;		/* the model was refitted to the rows outside the causes */
};

static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x7fb5d329728ea185ULL;
	h ^= h >> 27;
	h *= 0x81dadef4bc2dd44dULL;
	h ^= h >> 33;
	return h;
}

void
rv_rc_opts_default(struct rv_rc_opts *o)
{
	o->max_depth = 3;
	o->min_support = 20;
	o->min_lift = 1.1;
	o->min_share = 0.01;
	o->alpha = 0.05;
	o->max_causes = 10;
	o->max_others = 10;
	o->change = 0;
}

struct rv_rc *
rv_rc_new(size_t ndims, const char *const *names, const struct rv_rc_opts *o)
{
	struct rv_rc *rc;
	size_t i;

	if (ndims == 0 || ndims > RV_RC_MAXDIMS)
		return NULL;
	rc = calloc(1, sizeof(*rc));
	if (rc == NULL)
		return NULL;
	rc->o = *o;
	if (rc->o.max_depth > (int)ndims)
		rc->o.max_depth = (int)ndims;
	if (rc->o.max_depth < 1)
		rc->o.max_depth = 1;
	if (rc->o.max_depth > RV_RC_MAXDEPTH)
		rc->o.max_depth = RV_RC_MAXDEPTH;
	rc->nd = ndims;
	rc->dim = calloc(ndims, sizeof(*rc->dim));
	if (rc->dim == NULL)
		goto oom;
	for (i = 0; i < ndims; i++) {
		rc->dim[i].name = strdup(names[i]);
		if (rc->dim[i].name == NULL)
			goto oom;
	}
	return rc;
oom:
	rv_rc_free(rc);
	return NULL;
}

/* Double an open-addressing table of 1-based ids 1..n (0: empty), first
 * cap when empty; hash(arg, i) is the hash of id i + 1. 0 or -1 (OOM). */
static int
slots_grow(uint32_t **slot, size_t *cap, size_t first, size_t n,
    uint64_t (*hash)(const void *, size_t), const void *arg)
{
	size_t ncap = *cap ? *cap * 2 : first, i;
	uint32_t *ns = calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		size_t j = hash(arg, i) & (ncap - 1);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = (uint32_t)i + 1;
	}
	free(*slot);
	*slot = ns;
	*cap = ncap;
	return 0;
}

static uint64_t
dim_hash(const void *arg, size_t i)
{
	return ((const struct dim *)arg)->hv[i];
}

/* Id of value p[0..len) in dimension d, added when new; -1 on OOM. */
static long
intern(struct rv_rc *rc, struct dim *d, const char *p, size_t len)
{
	uint64_t h = rv_hash_bytes(p, len, 0);
	size_t j;
	char *copy;

	if ((d->n + 1) * 2 > d->cap && slots_grow(&d->slot, &d->cap, 256, d->n, dim_hash, d) < 0)
		return -1;
	for (j = h & (d->cap - 1); d->slot[j]; j = (j + 1) & (d->cap - 1)) {
		uint32_t id = d->slot[j] - 1;
		if (d->hv[id] == h && d->val[id].len == len && memcmp(d->val[id].p, p, len) == 0)
			return id;
	}
	if (d->n == d->vcap) {
		size_t nc = d->vcap ? d->vcap * 2 : 256;
		struct rv_field *nv = realloc(d->val, nc * sizeof(*nv));
		if (nv == NULL)
			return -1;
		d->val = nv;
		uint64_t *nh = realloc(d->hv, nc * sizeof(*nh));
		if (nh == NULL)
			return -1;
		d->hv = nh;
		d->vcap = nc;
	}
	copy = rv_arena_strndup(&rc->arena, p, len);
	if (copy == NULL)
		return -1;
	d->val[d->n].p = copy;
	d->val[d->n].len = len;
	d->hv[d->n] = h;
	d->slot[j] = (uint32_t)d->n + 1;
	return (long)d->n++;
}

static uint64_t
tuple_hash(const uint32_t *ids, size_t nd)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < nd; i++)
		h = mix64(h ^ ids[i]) + i;
	return h;
}

static uint64_t
tuple_hash_of(const void *arg, size_t i)
{
	const struct rv_rc *rc = arg;

	return tuple_hash(rc->tid + i * rc->nd, rc->nd);
}

int
rv_rc_add(struct rv_rc *rc, const struct rv_field *vals, int target, double n, double hits)
{
	uint32_t ids[RV_RC_MAXDIMS];
	size_t i, j, nd = rc->nd;
	struct cnt *c;

	for (i = 0; i < nd; i++) {
		long id = intern(rc, &rc->dim[i], vals[i].p, vals[i].len);
		if (id < 0)
			return -1;
		ids[i] = (uint32_t)id;
	}
	if ((rc->nt + 1) * 2 > rc->tscap &&
	    slots_grow(&rc->tslot, &rc->tscap, 1024, rc->nt, tuple_hash_of, rc) < 0)
		return -1;
	for (j = tuple_hash(ids, nd) & (rc->tscap - 1); rc->tslot[j]; j = (j + 1) & (rc->tscap - 1)) {
		const uint32_t *x = rc->tid + (size_t)(rc->tslot[j] - 1) * nd;
		for (i = 0; i < nd && x[i] == ids[i]; i++)
			;
		if (i == nd)
			break;
	}
	if (rc->tslot[j] == 0) {
		if (rc->nt == rc->tcap) {
			size_t nc = rc->tcap ? rc->tcap * 2 : 1024;
			uint32_t *nid = realloc(rc->tid, nc * nd * sizeof(*nid));
			if (nid == NULL)
				return -1;
			rc->tid = nid;
			struct cnt *ncn = realloc(rc->tc, nc * sizeof(*ncn));
			if (ncn == NULL)
				return -1;
			rc->tc = ncn;
			rc->tcap = nc;
		}
		memcpy(rc->tid + rc->nt * nd, ids, nd * sizeof(*ids));
		memset(&rc->tc[rc->nt], 0, sizeof(rc->tc[rc->nt]));
		rc->tslot[j] = (uint32_t)++rc->nt;
	}
	c = &rc->tc[rc->tslot[j] - 1];
	if (target) {
		c->n += n;
		c->h += hits;
	} else {
		c->bn += n;
		c->bh += hits;
	}
	return 0;
}

size_t
rv_rc_ntuples(const struct rv_rc *rc)
{
	return rc->nt;
}

/* Compare two values of one dimension by bytes, then length. */
static int
cmp_val(const struct rv_field *a, const struct rv_field *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->p, b->p, n);

	if (r)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* qsort has no context argument; the sort is not reentrant. */
static const struct rv_rc *sort_rc;

static int
cmp_tuple(const void *a, const void *b)
{
	const struct rv_rc *rc = sort_rc;
	const uint32_t *x = rc->tid + *(const size_t *)a * rc->nd;
	const uint32_t *y = rc->tid + *(const size_t *)b * rc->nd;
	size_t i;

	for (i = 0; i < rc->nd; i++) {
		int r = cmp_val(&rc->dim[i].val[x[i]], &rc->dim[i].val[y[i]]);
		if (r)
			return r;
	}
	return 0;
}

int
rv_rc_sort_tuples(struct rv_rc *rc)
{
	size_t i;

	free(rc->order);
	rc->order = malloc((rc->nt ? rc->nt : 1) * sizeof(*rc->order));
	if (rc->order == NULL)
		return -1;
	for (i = 0; i < rc->nt; i++)
		rc->order[i] = i;
	sort_rc = rc;
	qsort(rc->order, rc->nt, sizeof(*rc->order), cmp_tuple);
	return 0;
}

void
rv_rc_tuple(const struct rv_rc *rc, size_t i, struct rv_field *vals, double cnt[4])
{
	size_t t = rc->order ? rc->order[i] : i, d;
	const struct cnt *c = &rc->tc[t];

	for (d = 0; d < rc->nd; d++)
		vals[d] = rc->dim[d].val[rc->tid[t * rc->nd + d]];
	cnt[0] = c->n;
	cnt[1] = c->h;
	cnt[2] = c->bn;
	cnt[3] = c->bh;
}

/* ---- the cube ---- */

static uint32_t
cid(const struct combo *c, int j)
{
	uint64_t w = j < 2 ? c->w0 : c->w1;

	return (uint32_t)(j & 1 ? w >> 32 : w);
}

static void
pack(const struct rv_rc *rc, size_t t, const struct subset *s, uint64_t *w0, uint64_t *w1)
{
	const uint32_t *ids = rc->tid + t * rc->nd;
	uint64_t a[RV_RC_MAXDEPTH] = {0};
	int j;

	for (j = 0; j < s->k; j++)
		a[j] = ids[s->d[j]];
	*w0 = a[0] | a[1] << 32;
	*w1 = a[2] | a[3] << 32;
}

static int
make_subsets(struct rv_rc *rc)
{
	int k, nd = (int)rc->nd, idx[RV_RC_MAXDEPTH];
	size_t cap = 0;

	for (k = 1; k <= rc->o.max_depth; k++) {
		int j;
		for (j = 0; j < k; j++)
			idx[j] = j;
		for (;;) {
			struct subset *s;
			if (rc->nsub == cap) {
				cap = cap ? cap * 2 : 64;
				s = realloc(rc->sub, cap * sizeof(*s));
				if (s == NULL)
					return -1;
				rc->sub = s;
			}
			s = &rc->sub[rc->nsub++];
			memset(s, 0, sizeof(*s));
			s->k = k;
			for (j = 0; j < k; j++) {
				s->d[j] = idx[j];
				s->mask |= 1ULL << idx[j];
				s->xmask |= 1ULL << idx[j] | rc->tied[idx[j]];
			}
			/* next k-combination in lexicographic order */
			for (j = k - 1; j >= 0 && idx[j] == nd - k + j; j--)
				;
			if (j < 0)
				break;
			idx[j]++;
			for (j++; j < k; j++)
				idx[j] = idx[j - 1] + 1;
		}
	}
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	const struct combo *x = a, *y = b;

	if (x->w0 != y->w0)
		return x->w0 < y->w0 ? -1 : 1;
	return x->w1 < y->w1 ? -1 : x->w1 > y->w1;
}

/* A build-table entry: the key and its counts, stored in the table
 * itself (one cache miss per row instead of two). */
struct ent {
	uint64_t w0, w1;
	struct cnt c;
};

/* Keep a counted combination when it has the support. */
static int
keep(struct rv_rc *rc, size_t si, uint64_t w0, uint64_t w1, const struct cnt *cn)
{
	struct combo *c;

	if (cn->n < rc->o.min_support || cn->n >= rc->tot.n)
		return 0;
	if (rc->ncb == rc->cbcap) {
		size_t nc = rc->cbcap ? rc->cbcap * 2 : 1024;
		c = realloc(rc->cb, nc * sizeof(*c));
		if (c == NULL)
			return -1;
		rc->cb = c;
		rc->cbcap = nc;
	}
	c = &rc->cb[rc->ncb++];
	memset(c, 0, sizeof(*c));
	c->w0 = w0;
	c->w1 = w1;
	c->sub = (uint32_t)si;
	c->c = c->c0 = *cn;
	c->q0 = 1;
	c->expl = -1;
	return 0;
}

static void
addc(struct cnt *a, const struct cnt *b)
{
	a->n += b->n;
	a->h += b->h;
	a->bn += b->bn;
	a->bh += b->bh;
	a->m += b->m;
}

static void
subc(struct cnt *a, const struct cnt *b)
{
	a->n -= b->n;
	a->h -= b->h;
	a->bn -= b->bn;
	a->bh -= b->bh;
	a->m -= b->m;
}

/* Tuple t's counts as seen by subset s: in rate mode, m leaves out the
 * factors of s's own dimensions and of those tied to them (tied()). */
static struct cnt
tcount(const struct rv_rc *rc, size_t t, const struct subset *s)
{
	struct cnt c = rc->tc[t];
	const uint32_t *ids = rc->tid + t * rc->nd;
	uint64_t x;

	if (!rc->o.change)
		for (x = s->xmask; x; x &= x - 1) {
			int d = __builtin_ctzll(x);
			c.m /= rc->dim[d].fac[ids[d]];
		}
	return c;
}

/* Small subsets (all cells fit in a few MB): a dense array indexed by
 * the mixed-radix value of the ids; no hashing and no key compares. */
static int
build_dense(struct rv_rc *rc, size_t si, size_t ncell, struct cnt *cell)
{
	const struct subset *s = &rc->sub[si];
	size_t t, i, stride[RV_RC_MAXDEPTH];
	int j;

	for (j = s->k - 1, i = 1; j >= 0; j--) {
		stride[j] = i;
		i *= rc->dim[s->d[j]].n;
	}
	memset(cell, 0, ncell * sizeof(*cell));
	for (t = 0; t < rc->nt; t++) {
		const uint32_t *ids = rc->tid + t * rc->nd;
		size_t x = 0;
		for (j = 0; j < s->k; j++)
			x += ids[s->d[j]] * stride[j];
		struct cnt tc = tcount(rc, t, s);
		addc(&cell[x], &tc);
	}
	for (i = 0; i < ncell; i++) {
		uint64_t a[RV_RC_MAXDEPTH] = {0};
		if (cell[i].n < rc->o.min_support)
			continue;
		for (j = 0; j < s->k; j++)
			a[j] = (i / stride[j]) % rc->dim[s->d[j]].n;
		if (keep(rc, si, a[0] | a[1] << 32, a[2] | a[3] << 32, &cell[i]) < 0)
			return -1;
	}
	return 0;
}

/* Large subsets: open addressing on the packed key. */
static int
build_hashed(struct rv_rc *rc, size_t si, size_t cap, struct ent *tab)
{
	const struct subset *s = &rc->sub[si];
	size_t t, i;

	for (i = 0; i < cap; i++)
		tab[i].c.n = -1;	/* empty */
	for (t = 0; t < rc->nt; t++) {
		uint64_t w0, w1, h;
		struct ent *e;
		struct cnt tc = tcount(rc, t, s);
		pack(rc, t, s, &w0, &w1);
		h = mix64(w0 * 0x9e3779b97f4a7c15ULL ^ w1);
		for (i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
			e = &tab[i];
			if (e->c.n < 0) {
				e->w0 = w0;
				e->w1 = w1;
				e->c = tc;
				break;
			}
			if (e->w0 == w0 && e->w1 == w1) {
				addc(&e->c, &tc);
				break;
			}
		}
	}
	for (i = 0; i < cap; i++)
		if (tab[i].c.n >= 0 && keep(rc, si, tab[i].w0, tab[i].w1, &tab[i].c) < 0)
			return -1;
	return 0;
}

/* Count subset si over all tuples and keep combinations with support;
 * the subset's survivors end up sorted by key. */
static int
build_subset(struct rv_rc *rc, size_t si, void *mem, size_t memsize)
{
	struct subset *s = &rc->sub[si];
	double prod = 1;
	size_t cap = 16;
	int j, r;

	for (j = 0; j < s->k; j++)
		prod *= (double)rc->dim[s->d[j]].n;
	s->start = rc->ncb;
	if (prod * sizeof(struct cnt) <= memsize && prod <= 4.0 * (double)rc->nt + 65536) {
		r = build_dense(rc, si, (size_t)prod, mem);
	} else {
		/* load factor at most 0.7 */
		while ((double)cap * 0.7 < (prod < (double)rc->nt ? prod : (double)rc->nt))
			cap *= 2;
		r = build_hashed(rc, si, cap, mem);
	}
	if (r < 0)
		return -1;
	s->end = rc->ncb;
	if (s->end - s->start > 1)
		qsort(rc->cb + s->start, s->end - s->start, sizeof(*rc->cb), cmp_key);
	return 0;
}

static int
build_cube(struct rv_rc *rc)
{
	size_t cap = 16, i, count[RV_RC_MAXDEPTH + 1] = {0}, memsize;
	void *mem;
	int rcode = 0;

	if (make_subsets(rc) < 0)
		return -1;
	while ((double)cap * 0.7 < (double)rc->nt)
		cap *= 2;
	/* One scratch area serves every subset: the hash table for the
	 * largest, or a dense array of at least 4 MB. */
	memsize = cap * sizeof(struct ent);
	if (memsize < ((size_t)4 << 20))
		memsize = (size_t)4 << 20;
	mem = malloc(memsize);
	if (mem == NULL)
		return -1;
	for (i = 0; rcode == 0 && i < rc->nsub; i++) {
		rcode = build_subset(rc, i, mem, memsize);
		count[rc->sub[i].k] += rc->sub[i].end - rc->sub[i].start;
	}
	free(mem);
	/* The cost of naming one combination of depth k among all of depth
	 * <= k: monotone in k, so a deeper segment must earn its extra
	 * condition. */
	for (i = 1; i <= RV_RC_MAXDEPTH; i++) {
		count[i] += count[i - 1];
		rc->logm[i] = log(count[i] > 1 ? (double)count[i] : 1.0);
	}
	return rcode;
}

static struct combo *
find_combo(struct rv_rc *rc, const struct subset *s, uint64_t w0, uint64_t w1)
{
	size_t lo = s->start, hi = s->end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct combo *c = &rc->cb[mid];
		if (c->w0 < w0 || (c->w0 == w0 && c->w1 < w1))
			lo = mid + 1;
		else if (c->w0 == w0 && c->w1 == w1)
			return c;
		else
			hi = mid;
	}
	return NULL;
}

/* Canonical order of combinations, independent of input order: subset
 * (by depth, then dimension numbers), then the values' bytes. */
static int
cmp_canon(const struct rv_rc *rc, const struct combo *a, const struct combo *b)
{
	const struct subset *s;
	int j;

	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	s = &rc->sub[a->sub];
	for (j = 0; j < s->k; j++) {
		const struct dim *d = &rc->dim[s->d[j]];
		int r = cmp_val(&d->val[cid(a, j)], &d->val[cid(b, j)]);
		if (r)
			return r;
	}
	return 0;
}

/* Does a hold every condition of b (a is b or a descendant of b)? */
static int
within(const struct rv_rc *rc, const struct combo *a, const struct combo *b)
{
	const struct subset *sa = &rc->sub[a->sub], *sb = &rc->sub[b->sub];
	int i, j;

	if ((sa->mask & sb->mask) != sb->mask)
		return 0;
	for (j = 0; j < sb->k; j++) {
		for (i = 0; sa->d[i] != sb->d[j]; i++)
			;
		if (cid(a, i) != cid(b, j))
			return 0;
	}
	return 1;
}

static int
tuple_in(const struct rv_rc *rc, size_t t, const struct combo *c)
{
	const struct subset *s = &rc->sub[c->sub];
	const uint32_t *ids = rc->tid + t * rc->nd;
	int j;

	for (j = 0; j < s->k; j++)
		if (ids[s->d[j]] != cid(c, j))
			return 0;
	return 1;
}

/* Do a and b hold exactly the same rows (e.g. a SKU and the SKU with its
 * category)? Cheap unless their counts agree; then the tuples decide. */
static int
same_rows(const struct rv_rc *rc, const struct combo *a, const struct combo *b)
{
	double n = 0;
	size_t t;

	if (a->c0.n != b->c0.n || a->c0.h != b->c0.h || a->c0.bn != b->c0.bn || a->c0.bh != b->c0.bh)
		return 0;
	for (t = 0; t < rc->nt; t++)
		if (tuple_in(rc, t, a) && tuple_in(rc, t, b))
			n += rc->tc[t].n + rc->tc[t].bn;
	return n == a->c0.n + a->c0.bn;
}

/* ---- tests ---- */

/* Rate mode: the prior, in hits, that shrinks the model's factors (and a
 * parent's lift in interaction_lift()) toward 1. */
#define FAC_PRIOR 5.0

/* The test of one segment against the rest of the (residual) data. */
struct st {
	int ok;			/* testable and elevated */
	double expected;	/* rate without an effect */
	double lift, excess, g;
	double g_raw;		/* g without the background variance */
	double pi;		/* change mode: P(a hit is in the target) under no effect */
};

/* Change mode: the weight, in hits, of the prior that shrinks a
 * segment's baseline rate toward the rest's. 10 keeps a segment with a
 * few hundred baseline rows mostly its own, and stops a segment with a
 * handful of rows from looking like it rose from nothing. */
#define PRIOR_HITS 10.0

/* Smoothed rate: half a hit in one extra row keeps 0/0 and 0/n usable. */
static double
srate(double h, double n)
{
	return (h + 0.5) / (n + 1);
}

/* The variance of a segment's hits under the background model over that
 * of the binomial: values differ from the average by a log-scale
 * variance tau2 (estimate_background()), which adds (n e)^2 tau2 to
 * n e (1 - e). */
static double
inflation(double n, double e, double tau2)
{
	return e < 1 ? 1 + n * e * tau2 / (1 - e) : 1;
}

/* Rate mode: the rate the main-effects model of the other dimensions
 * expects for c's rows, smoothed like srate(). */
static double
model_rate(const struct cnt *c)
{
	double e = (c->m + 0.5) / (c->n + 1);

	return e < 1 ? e : 1 - 1e-9;
}

/* Rate mode: the segment's hits against Binomial(n, rest rate).
 * Change mode: the segment's target hits against its (shrunk) baseline
 * rate moved by the rest's change, with the baseline's own uncertainty in
 * the variance; g is then the squared z. */
static void
stat(const struct rv_rc *rc, const struct cnt *c, const struct cnt *tot, double tau2,
    struct st *st)
{
	double nr = tot->n - c->n, hr = tot->h - c->h;

	memset(st, 0, sizeof(*st));
	if (c->n <= 0 || nr <= 0)
		return;
	if (!rc->o.change) {
		double e = model_rate(c);
		st->expected = e;
		st->lift = (c->h / c->n) / e;
		st->excess = c->h - c->n * e;
		if (c->h / c->n > e) {
			st->g_raw = rv_stats_g1(c->h, c->n, e);
			st->g = st->g_raw / inflation(c->n, e, tau2);
			st->ok = 1;
		}
		return;
	}
	double rrb = srate(tot->bh - c->bh, tot->bn - c->bn), k = srate(hr, nr) / rrb;
	/* The segment's baseline rate, shrunk toward the rest's with a prior
	 * worth PRIOR_HITS hits: a small segment's own baseline is noisy. */
	double a = PRIOR_HITS / rrb, rb = (c->bh + a * rrb) / (c->bn + a), e = rb * k, v;
	st->pi = c->n * k / (c->n * k + c->bn);
	if (e >= 1)
		e = 1 - 1e-9;
	st->expected = e;
	st->lift = (c->h / c->n) / e;
	st->excess = c->h - c->n * e;
	if (c->h / c->n > e) {
		/* binomial variance of the target plus that of the baseline estimate */
		v = c->n * e * (1 - e) + (c->n * k) * (c->n * k) * rb * (1 - rb) / (c->bn + a);
		st->g_raw = st->excess * st->excess / v;
		/* plus the background: a log-scale variance tau2 of the expected count */
		v += c->n * e * c->n * e * tau2;
		st->g = st->excess * st->excess / v;
		st->ok = 1;
	}
}

/* One-sided p-value of the test in stat(): the larger of the exact
 * binomial tail (the expected rate taken as known: right for small counts)
 * and the normal tail of the likelihood-ratio or z statistic (which knows
 * the expected rate is estimated: right for large segments). */
static double
pvalue(const struct cnt *c, const struct st *st)
{
	double p;

	if (!st->ok)
		return 1;
	/* Change mode: the exact conditional test of two Poisson rates
	 * (given the segment's hits in both periods, its target hits are
	 * Binomial(hits + base hits, pi)) knows the baseline is estimated
	 * too; the binomial tail at the expected rate would take it as known. */
	p = st->pi > 0 ? rv_stats_binom_sf(c->h, c->h + c->bh, st->pi) :
	    rv_stats_binom_sf(c->h, c->n, st->expected);
	double pz = rv_stats_norm_sf(sqrt(st->g));
	return p > pz ? p : pz;
}

/* Rates as printed: the plain ratio, smoothed only when it would be 0/0
 * or 0 (so lift stays finite). */
static double
prate(double h, double n)
{
	return n > 0 && h > 0 ? h / n : srate(h, n);
}

/* The printed figures of segment c against the rest of all rows. */
/* Rate mode: the expected hits of cb's rows under the model as it is now
 * (refit()): summed over its tuples, its own and tied factors left out. */
static double
report_m(const struct rv_rc *rc, const struct combo *cb)
{
	size_t t;
	double m = 0;

	if (!rc->refit)
		return cb->c0.m;
	for (t = 0; t < rc->nt; t++)
		if (tuple_in(rc, t, cb))
			m += tcount(rc, t, &rc->sub[cb->sub]).m;
	return m;
}

static void
report_stat(const struct rv_rc *rc, const struct combo *cb, struct rv_rc_finding *f)
{
	const struct cnt *c = &cb->c0;
	const struct cnt *t = &rc->tot;
	double nr = t->n - c->n, hr = t->h - c->h;

	f->n = c->n;
	f->hits = c->h;
	f->rate = c->n > 0 ? c->h / c->n : 0;
	f->rest_rate = nr > 0 ? hr / nr : 0;
	f->base_n = c->bn;
	f->base_hits = c->bh;
	f->base_rate = c->bn > 0 ? c->bh / c->bn : 0;
	f->expected = rc->o.change ? prate(hr, nr) : report_m(rc, cb) / c->n;
	if (rc->o.change && c->bn > 0 && t->bn - c->bn > 0)
		f->expected = prate(c->bh, c->bn) * prate(hr, nr) / prate(t->bh - c->bh, t->bn - c->bn);
	f->lift = f->expected > 0 ? f->rate / f->expected : 0;
	f->excess = c->h - c->n * f->expected;
}

/* Rate mode: the lift of a segment of two or more dimensions over what
 * its parents predict. Real tables have pairs of values 1.2-1.5x above
 * what their main effects predict for no particular reason; a cause's
 * combination is well beyond that. For each way of splitting the
 * segment's conditions into parents (carrier=A & channel=B into carrier=A
 * and channel=B; a depth-3 segment also into one of its pairs and the
 * remaining value), the prediction is the model of the other dimensions
 * times each parent's own lift on its rows outside the segment (residual
 * rows, its own and tied factors left out like the segment's, shrunk
 * toward 1 with a prior worth FAC_PRIOR hits; a parent whose dimensions
 * are all tied to those of parents already counted adds nothing). The
 * largest prediction (the parents that explain it best), times
 * PAIR_BACKGROUND, is the null: interaction_p() is the one-sided binomial
 * p-value of the segment's residual hits against it, and a segment is a
 * candidate cause only when it is at most PAIR_LEVEL. Without such
 * evidence a pair is background, or the parents' effect seen through a
 * child. */
#define PAIR_BACKGROUND 1.5
#define PAIR_LEVEL 0.01

/* Does subset mask um (bits = positions in s) hold only dimensions tied
 * to (or equal to) those of mask used? */
static int
part_tied(const struct rv_rc *rc, const struct subset *s, unsigned um, unsigned used)
{
	uint64_t cover = 0;
	int j;

	for (j = 0; j < s->k; j++)
		if (used & 1u << j)
			cover |= 1ULL << s->d[j] | rc->tied[s->d[j]];
	for (j = 0; j < s->k; j++)
		if ((um & 1u << j) && !(cover & 1ULL << s->d[j]))
			return 0;
	return 1;
}

/* The largest prediction over the set partitions of the positions left
 * (mask left), parts taken in order of their lowest position. */
static double
best_split(const struct rv_rc *rc, const struct subset *s, const double *rho, unsigned left,
    unsigned used, unsigned full)
{
	unsigned low, rest, u;
	double best = 0;

	if (left == 0)
		return 1;
	low = left & -left;
	rest = left & ~low;
	/* every part containing the lowest position left */
	for (u = rest;; u = (u - 1) & rest) {
		unsigned part = low | u;
		if (part != full) {
			double r = part_tied(rc, s, part, used) ? 1 : rho[part];
			double x = r * best_split(rc, s, rho, left & ~part, used | part, full);
			if (x > best)
				best = x;
		}
		if (u == 0)
			break;
	}
	return best;
}

static double
interaction_p(const struct rv_rc *rc, const struct combo *cb)
{
	const struct subset *s = &rc->sub[cb->sub];
	unsigned full = (1u << s->k) - 1, u;
	double h = 0, m = 0, n = 0, ph[1 << RV_RC_MAXDEPTH] = {0}, pm[1 << RV_RC_MAXDEPTH] = {0};
	double rho[1 << RV_RC_MAXDEPTH], e;
	const struct subset *ps[1 << RV_RC_MAXDEPTH] = {0};
	size_t t, i;
	int j;

	/* the subset of each part */
	for (u = 1; u < full; u++) {
		uint64_t mask = 0;
		for (j = 0; j < s->k; j++)
			if (u & 1u << j)
				mask |= 1ULL << s->d[j];
		for (i = 0; i < rc->nsub && rc->sub[i].mask != mask; i++)
			;
		if (i == rc->nsub)
			return 0;
		ps[u] = &rc->sub[i];
	}
	for (t = 0; t < rc->nt; t++) {
		const uint32_t *ids = rc->tid + t * rc->nd;
		unsigned in = 0;
		if (rc->covered[t])
			continue;
		for (j = 0; j < s->k; j++)
			if (ids[s->d[j]] == cid(cb, j))
				in |= 1u << j;
		if (in == full) {
			n += rc->tc[t].n;
			h += rc->tc[t].h;
			m += tcount(rc, t, s).m;
			continue;
		}
		/* every part whose values the tuple holds */
		for (u = in; u; u = (u - 1) & in) {
			ph[u] += rc->tc[t].h;
			pm[u] += tcount(rc, t, ps[u]).m;
		}
	}
	if (m <= 0)
		return 1;
	for (u = 1; u < full; u++)
		rho[u] = (ph[u] + FAC_PRIOR) / (pm[u] + FAC_PRIOR);
	e = m * best_split(rc, s, rho, full, 0, full);
	/* one-sided: are the hits above PAIR_BACKGROUND x the prediction? */
	e *= PAIR_BACKGROUND;
	if (n <= 0 || e >= n)
		return 1;
	return rv_stats_binom_sf(h, n, e / n);
}

/* Does the tuple ids have the combination's values in every dimension
 * of s but its jn-th? */
static int
others_match(const uint32_t *ids, const struct subset *s, const struct combo *cb, int jn)
{
	int j;

	for (j = 0; j < s->k; j++)
		if (j != jn && ids[s->d[j]] != cid(cb, j))
			return 0;
	return 1;
}

/* Rate mode: a segment on a dimension nested in a coarser one (a SKU in
 * its brand, a brand in its line) must also be well beyond the other
 * values of its parent: its hits against PAIR_BACKGROUND x what the
 * parent's rows outside it predict (the segment with the parent's value
 * instead of its own, residual rows, its lift over the model shrunk like
 * a factor), one-sided binomial p-value; 0 when no condition is nested. */
static double
nested_p(const struct rv_rc *rc, const struct combo *cb)
{
	const struct subset *s = &rc->sub[cb->sub], *ps = NULL;
	double h = 0, m = 0, n = 0, ph = 0, pm = 0, e;
	uint32_t pv = UINT32_MAX;
	size_t t, i;
	int j, jn = -1, par = -1;

	for (j = 0; j < s->k && jn < 0; j++) {
		int d = s->d[j], b;
		for (b = 0; b < (int)rc->nd; b++)
			if ((rc->tied[d] & 1ULL << b) && !(s->mask & 1ULL << b) && rc->dim[b].n < rc->dim[d].n &&
			    (par < 0 || rc->dim[b].n > rc->dim[par].n))
				par = b;
		if (par >= 0)
			jn = j;
	}
	if (jn < 0)
		return 0;
	for (i = 0; i < rc->nsub; i++)
		if (rc->sub[i].mask == ((s->mask & ~(1ULL << s->d[jn])) | 1ULL << par))
			ps = &rc->sub[i];
	if (ps == NULL)
		return 0;
	for (t = 0; t < rc->nt; t++) {
		const uint32_t *ids = rc->tid + t * rc->nd;
		if (rc->covered[t] || !others_match(ids, s, cb, jn))
			continue;
		if (ids[s->d[jn]] == cid(cb, jn)) {
			pv = ids[par];
			n += rc->tc[t].n;
			h += rc->tc[t].h;
			m += tcount(rc, t, s).m;
		}
	}
	if (m <= 0 || n <= 0 || pv == UINT32_MAX)
		return 1;
	for (t = 0; t < rc->nt; t++) {
		const uint32_t *ids = rc->tid + t * rc->nd;
		if (rc->covered[t] || ids[par] != pv || ids[s->d[jn]] == cid(cb, jn) ||
		    !others_match(ids, s, cb, jn))
			continue;
		ph += rc->tc[t].h;
		pm += tcount(rc, t, ps).m;
	}
	e = PAIR_BACKGROUND * m * (ph + FAC_PRIOR) / (pm + FAC_PRIOR);
	if (e >= n)
		return 1;
	return rv_stats_binom_sf(h, n, e / n);
}

struct cand {
	double score, p, q, lift;
	size_t i;
};

static const struct rv_rc *cand_rc;

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return cmp_canon(cand_rc, &cand_rc->cb[x->i], &cand_rc->cb[y->i]);
}

/* One round: test every combination against the residual rows, track
 * how much each combination's excess the previous cause took away, and
 * return the best significant candidate (-1 when none; -2 on OOM).
 * Round 0 tests the raw data and marks the initial discoveries. */
static long
select_round(struct rv_rc *rc, int round, double *qsel, size_t *ndisc)
{
	struct cand *cd = NULL;
	double *pv = NULL, *qv = NULL;
	size_t nc = 0, nel = 0, i, best = (size_t)-1;
	long ret = -1;

	cd = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*cd));
	if (cd == NULL)
		return -2;
	for (i = 0; i < rc->ncb; i++) {
		struct combo *cb = &rc->cb[i];
		struct st st;
		if (cb->flags & C_CAUSE)
			continue;
		stat(rc, &cb->c, &rc->res, rc->sub[cb->sub].tau2, &st);
		if (round == 0) {
			cb->ex0 = st.excess;
		} else if (cb->prev_ex - st.excess > cb->drop) {
			cb->drop = cb->prev_ex - st.excess;
			cb->expl = round - 1;
		}
		cb->prev_ex = st.excess;
		if (!st.ok || cb->c.n < rc->o.min_support)
			continue;
		/* Cheap pre-filter: no BH threshold exceeds alpha. */
		if (rv_stats_norm_sf(sqrt(st.g)) > 2 * rc->o.alpha)
			continue;
		cd[nc].lift = st.lift;
		cd[nc].i = i;
		cd[nc].p = pvalue(&cb->c, &st);
		/* Significance is judged against binomial noise plus the
		 * background (p, q); the order of choice by the evidence against
		 * binomial noise alone (-ln p; G/2 once p underflows) minus the cost of naming
		 * the segment: with the background in the variance, evidence
		 * stops growing with size, and a cause's parts would score as
		 * well as the cause. */
		{
			struct st raw = st;
			raw.g = st.g_raw;
			double pr = pvalue(&cb->c, &raw);
			cd[nc].score = (pr > 1e-300 ? -log(pr) : st.g_raw / 2) -
			    rc->logm[rc->sub[cb->sub].k];
		}
		nc++;
	}
	pv = malloc((nc ? nc : 1) * sizeof(*pv));
	qv = malloc((nc ? nc : 1) * sizeof(*qv));
	if (pv == NULL || qv == NULL)
		goto oom;
	for (i = 0; i < nc; i++)
		pv[i] = cd[i].p;
	if (rv_stats_bh(pv, nc, rc->ncb, qv) < 0)
		goto oom;
	*ndisc = 0;
	for (i = 0; i < nc; i++) {
		cd[i].q = qv[i];
		if (qv[i] > rc->o.alpha)
			continue;
		++*ndisc;
		if (cd[i].lift < rc->o.min_lift)
			continue;
		if (round == 0) {
			rc->cb[cd[i].i].flags |= C_SIG0;
			rc->cb[cd[i].i].q0 = qv[i];
		}
		cd[nel++] = cd[i];	/* eligible ones move to the front */
	}
	/* The best eligible candidate; in rate mode one of several
	 * dimensions must also be well above what its parents predict, and
	 * one on a nested dimension well above its parent's other values. */
	cand_rc = rc;
	qsort(cd, nel, sizeof(*cd), cmp_cand);
	for (i = 0; i < nel; i++) {
		const struct combo *cb = &rc->cb[cd[i].i];
		if (!rc->o.change && rc->sub[cb->sub].k > 1 && interaction_p(rc, cb) > PAIR_LEVEL)
			continue;
		if (!rc->o.change && nested_p(rc, cb) > PAIR_LEVEL)
			continue;
		best = i;
		break;
	}
	if (best != (size_t)-1) {
		ret = (long)cd[best].i;
		*qsel = cd[best].q;
	}
	free(cd);
	free(pv);
	free(qv);
	return ret;
oom:
	free(cd);
	free(pv);
	free(qv);
	return -2;
}

/* Take the rows of cause cb out of the residual counts. */
static void
remove_cause(struct rv_rc *rc, const struct combo *cause)
{
	size_t t, s;

	for (t = 0; t < rc->nt; t++) {
		const struct cnt *tc = &rc->tc[t];
		if (rc->covered[t] || !tuple_in(rc, t, cause))
			continue;
		rc->covered[t] = 1;
		subc(&rc->res, tc);
		for (s = 0; s < rc->nsub; s++) {
			uint64_t w0, w1;
			struct combo *c;
			pack(rc, t, &rc->sub[s], &w0, &w1);
			c = find_combo(rc, &rc->sub[s], w0, w1);
			if (c == NULL)
				continue;
			struct cnt x = tcount(rc, t, &rc->sub[s]);
			subc(&c->c, &x);
		}
	}
}

/* ---- findings ---- */

static char *
cause_string(const struct rv_rc *rc, const struct combo *c, size_t *len)
{
	const struct subset *s = &rc->sub[c->sub];
	struct rv_buf b = {0};
	int j, bad = 0;

	for (j = 0; j < s->k; j++) {
		const struct dim *d = &rc->dim[s->d[j]];
		const struct rv_field *v = &d->val[cid(c, j)];
		if (j)
			bad |= rv_buf_putc(&b, '&');
		bad |= rv_buf_puts(&b, d->name);
		bad |= rv_buf_putc(&b, '=');
		bad |= rv_buf_append(&b, v->p, v->len);
	}
	if (bad || b.p == NULL) {
		rv_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

/* The total excess that shares are parts of. Rate mode: hits above the
 * rate of the rows outside every cause. Change mode: hits above the
 * baseline rate (the whole rise); when the overall rate did not rise, the
 * causes' own excess. */
static double
total_excess(struct rv_rc *rc, const size_t *cause, const double *cex, size_t nc, double *rbase)
{
	const struct cnt *t = &rc->tot;
	double on = 0, oh = 0, e, sum = 0;
	size_t i, j;

	for (i = 0; i < rc->nt; i++) {
		for (j = 0; j < nc; j++)
			if (tuple_in(rc, i, &rc->cb[cause[j]]))
				break;
		if (j == nc) {
			on += rc->tc[i].n;
			oh += rc->tc[i].h;
		}
	}
	*rbase = on > 0 ? oh / on : 0;
	for (j = 0; j < nc; j++)
		if (cex[j] > 0)
			sum += cex[j];
	if (rc->o.change)
		e = t->h - t->n * (t->bn > 0 ? t->bh / t->bn : 0);
	else
		e = t->h - t->n * *rbase;
	if (e < sum)
		e = sum;
	return e > 0 ? e : 1;
}

static int
add_finding(struct rv_rc *rc, struct rv_rc_result *res, size_t *cap, const struct combo *c,
    enum rv_rc_role role)
{
	struct rv_rc_finding *f;

	if (res->nf == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		f = realloc(res->f, ncap * sizeof(*f));
		if (f == NULL)
			return -1;
		res->f = f;
		*cap = ncap;
	}
	f = &res->f[res->nf];
	memset(f, 0, sizeof(*f));
	f->role = role;
	f->depth = rc->sub[c->sub].k;
	f->explained_by = -1;
	f->cause = cause_string(rc, c, &f->causelen);
	if (f->cause == NULL)
		return -1;
	report_stat(rc, c, f);
	f->background = sqrt(rc->sub[c->sub].tau2);
	f->combo = (size_t)(c - rc->cb);
	res->nf++;
	return 0;
}

/* Rate mode: the p-value of h hits in n rows expected at rate e with
 * background variance tau2, as rv-rootcause(1) documents it: the larger
 * of the exact binomial tail P(X >= h), X ~ Binomial(n, e), and the
 * normal tail of sqrt(G / (1 + n e tau2 / (1 - e))). */
static double
printed_p(double h, double n, double e, double tau2)
{
	double p, g;

	if (n <= 0 || !(h / n > e) || e <= 0 || e >= 1)
		return 1;
	g = rv_stats_g1(h, n, e) / inflation(n, e, tau2);
	p = rv_stats_binom_sf(h, n, e);
	g = rv_stats_norm_sf(sqrt(g));
	return p > g ? p : g;
}

/* Rate mode: the printed q of every finding from its printed figures.
 * Every kept combination's p-value is its first-round test (all rows,
 * the model fitted to all rows); a finding's is printed_p() of its
 * printed n, hits, expected rate and background; Benjamini-Hochberg over
 * the whole family. The selection rounds test residual rows; this is the
 * test the printed table can be checked against. */
static int
final_q(struct rv_rc *rc, struct rv_rc_result *res)
{
	double *pv, *qv;
	size_t i;

	pv = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*pv));
	qv = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*qv));
	if (pv == NULL || qv == NULL) {
		free(pv);
		free(qv);
		return -1;
	}
	for (i = 0; i < rc->ncb; i++) {
		struct st st;
		stat(rc, &rc->cb[i].c0, &rc->tot, rc->sub[rc->cb[i].sub].tau2, &st);
		/* exact tails only where they can matter */
		pv[i] = st.ok && rv_stats_norm_sf(sqrt(st.g)) < 0.5 ? pvalue(&rc->cb[i].c0, &st) :
		    st.ok ? rv_stats_norm_sf(sqrt(st.g)) : 1;
	}
	for (i = 0; i < res->nf; i++) {
		const struct rv_rc_finding *f = &res->f[i];
		pv[f->combo] = printed_p(f->hits, f->n, f->expected, f->background * f->background);
	}
	if (rv_stats_bh(pv, rc->ncb, rc->ncb, qv) < 0) {
		free(pv);
		free(qv);
		return -1;
	}
	for (i = 0; i < res->nf; i++)
		res->f[i].q = qv[res->f[i].combo];
	free(pv);
	free(qv);
	return 0;
}

/* Mix effect of segment c in change mode, in hits: how much its change
 * of volume share moved the target hits given its baseline rate gap. */
static double
mix_effect(const struct rv_rc *rc, const struct cnt *c)
{
	const struct cnt *t = &rc->tot;
	double rb, rbr, dw;

	if (t->bn - c->bn <= 0 || t->n <= 0 || t->bn <= 0)
		return 0;
	rb = c->bn > 0 ? c->bh / c->bn : c->h / c->n;
	rbr = (t->bh - c->bh) / (t->bn - c->bn);
	dw = c->n / t->n - c->bn / t->bn;
	return dw * (rb - rbr) * t->n;
}

/* One-sided p-value that c's volume share grew and that its baseline
 * rate is above the rest's (the larger of the two). */
static double
mix_pvalue(const struct rv_rc *rc, const struct cnt *c)
{
	const struct cnt *t = &rc->tot;
	double pv, pg, bnr = t->bn - c->bn, bhr = t->bh - c->bh;

	pv = rv_stats_binom_sf(c->n, c->n + c->bn, t->n / (t->n + t->bn));
	if (c->bn > 0)
		pg = rv_stats_binom_sf(c->bh, c->bn, srate(bhr, bnr));
	else
		pg = rv_stats_binom_sf(c->h, c->n, srate(t->h - c->h, t->n - c->n));
	return pv > pg ? pv : pg;
}

static const struct rv_rc *ex_rc;

/* Order (index into cb) by excess, larger first, then canonically. */
static int
cmp_ex0(const void *a, const void *b)
{
	const struct combo *x = &ex_rc->cb[*(const size_t *)a], *y = &ex_rc->cb[*(const size_t *)b];

	if (x->ex0 != y->ex0)
		return x->ex0 > y->ex0 ? -1 : 1;
	return cmp_canon(ex_rc, x, y);
}

/* Causes by excess, larger first, then canonically. */
static void
sort_causes(struct rv_rc *rc, size_t *cause, double *cq, double *cex, int *round_of, size_t nc)
{
	size_t i, j;

	/* Insertion sort: at most max_causes entries. */
	for (i = 1; i < nc; i++)
		for (j = i; j > 0; j--) {
			const struct combo *a = &rc->cb[cause[j - 1]], *b = &rc->cb[cause[j]];
			if (cex[j - 1] > cex[j] || (cex[j - 1] == cex[j] && cmp_canon(rc, a, b) < 0))
				break;
			size_t ts = cause[j];
			double tq = cq[j], te = cex[j];
			int tr = round_of[j];
			cause[j] = cause[j - 1], cq[j] = cq[j - 1], cex[j] = cex[j - 1];
			round_of[j] = round_of[j - 1];
			cause[j - 1] = ts, cq[j - 1] = tq, cex[j - 1] = te, round_of[j - 1] = tr;
		}
}

/* Greedy selection; returns the number of causes or -1 on OOM. */
static long
find_causes(struct rv_rc *rc, size_t *cause, double *cq, size_t *ndisc)
{
	size_t nc = 0, nd;
	int round;

	for (round = 0;; round++) {
		double q = 1;
		long r = select_round(rc, round, &q, &nd);
		if (r == -2)
			return -1;
		if (round == 0)
			*ndisc = nd;
		if (round == rc->o.max_causes || r < 0)
			break;
		rc->cb[r].flags |= C_CAUSE;
		cause[nc] = (size_t)r;
		cq[nc++] = q;
		remove_cause(rc, &rc->cb[r]);
	}
	return (long)nc;
}

/* Drop causes below --min-share of the total excess, recomputing the
 * total until no more drop; returns the number kept. */
/* Rate mode, for the printed figures: the model again, fitted to the
 * rows outside the causes only (a cause's own rows pull the factors of
 * the dimensions it spans), so that a cause's expected rate is what the
 * other rows predict for it. report_stat() then sums each finding's
 * expected hits over its tuples. */
static int fit_model(struct rv_rc *rc, const unsigned char *skip);

static int
refit(struct rv_rc *rc, const size_t *cause, size_t nc)
{
	size_t t, j;

	for (t = 0; t < rc->nt; t++) {
		for (j = 0; j < nc; j++)
			if (tuple_in(rc, t, &rc->cb[cause[j]]))
				break;
		rc->covered[t] = j < nc;
	}
	rc->refit = 1;
	return fit_model(rc, rc->covered);
}

static size_t
share_filter(struct rv_rc *rc, struct rv_rc_result *res, size_t *cause, double *cq,
    double *cex, int *round_of, size_t nc)
{
	for (;;) {
		struct rv_rc_finding f;
		size_t i, k = 0;
		double e;
		if (!rc->o.change && refit(rc, cause, nc) < 0)
			return (size_t)-1;
		for (i = 0; i < nc; i++) {
			report_stat(rc, &rc->cb[cause[i]], &f);
			cex[i] = f.excess;
		}
		e = total_excess(rc, cause, cex, nc, &res->base_rate_all);
		res->total_excess = e;
		for (i = 0; i < nc; i++) {
			if (cex[i] / e < rc->o.min_share) {
				rc->cb[cause[i]].flags |= C_DROPPED;
				continue;
			}
			cause[k] = cause[i], cq[k] = cq[i], cex[k] = cex[i], round_of[k] = round_of[i];
			k++;
		}
		if (k == nc)
			return nc;
		nc = k;
	}
}

/* Bystanders: significant at first, explained away by a kept cause. */
static int
add_bystanders(struct rv_rc *rc, struct rv_rc_result *res, size_t *cap, const size_t *cause,
    const int *round_of, size_t nc)
{
	size_t *idx, n = 0, i, j, listed = 0;

	idx = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*idx));
	if (idx == NULL)
		return -1;
	for (i = 0; i < rc->ncb; i++) {
		const struct combo *c = &rc->cb[i];
		if (!(c->flags & C_SIG0) || (c->flags & C_CAUSE) || c->expl < 0 || c->drop < 0.5 * c->ex0)
			continue;
		for (j = 0; j < nc && round_of[j] != c->expl; j++)
			;
		if (j == nc)
			continue;
		for (j = 0; j < nc && !within(rc, c, &rc->cb[cause[j]]); j++)
			;
		if (j < nc)
			continue;
		idx[n++] = i;
	}
	ex_rc = rc;
	qsort(idx, n, sizeof(*idx), cmp_ex0);
	for (i = 0; i < n && listed < (size_t)rc->o.max_others; i++) {
		const struct combo *c = &rc->cb[idx[i]];
		struct rv_rc_finding *f;
		/* A descendant of a listed bystander adds nothing; a segment
		 * with the same rows as a cause or bystander is a duplicate. */
		for (j = 0; j < listed; j++)
			if (within(rc, c, &rc->cb[idx[j]]) || same_rows(rc, c, &rc->cb[idx[j]]))
				break;
		if (j < listed)
			continue;
		for (j = 0; j < nc; j++)
			if (same_rows(rc, c, &rc->cb[cause[j]]))
				break;
		if (j < nc)
			continue;
		if (add_finding(rc, res, cap, c, RV_RC_BYSTANDER) < 0) {
			free(idx);
			return -1;
		}
		f = &res->f[res->nf - 1];
		f->share = f->excess / res->total_excess;
		f->q = c->q0;
		for (j = 0; j < nc && round_of[j] != c->expl; j++)
			;
		f->explained_by = (int)j;
		if (f->share < rc->o.min_share) {
			free(f->cause);
			res->nf--;
			continue;
		}
		idx[listed++] = idx[i];	/* listed ones move to the front */
	}
	free(idx);
	return 0;
}

/* Mix shifts (change mode): segments that raised the overall rate by
 * growing in volume while already having a high rate, and are neither a
 * cause nor inside or above one. */
static int
add_mixshifts(struct rv_rc *rc, struct rv_rc_result *res, size_t *cap, const size_t *cause,
    size_t nc)
{
	size_t *idx, n = 0, i, j, listed = 0;
	double *pv, *qv;
	int rcode = 0;

	idx = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*idx));
	pv = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*pv));
	qv = malloc((rc->ncb ? rc->ncb : 1) * sizeof(*qv));
	if (idx == NULL || pv == NULL || qv == NULL) {
		rcode = -1;
		goto out;
	}
	for (i = 0; i < rc->ncb; i++) {
		struct combo *c = &rc->cb[i];
		struct st st;
		double mix;
		if (c->flags & C_CAUSE)
			continue;
		for (j = 0; j < nc; j++)
			if (within(rc, c, &rc->cb[cause[j]]) || within(rc, &rc->cb[cause[j]], c))
				break;
		if (j < nc)
			continue;
		mix = mix_effect(rc, &c->c0);
		if (mix <= 0 || mix / res->total_excess < rc->o.min_share)
			continue;
		/* Its own rate rose like a cause's: not a pure mix shift. */
		stat(rc, &c->c0, &rc->tot, rc->sub[c->sub].tau2, &st);
		if (st.ok && st.lift >= rc->o.min_lift && pvalue(&c->c0, &st) <= rc->o.alpha)
			continue;
		c->ex0 = mix;
		pv[n] = mix_pvalue(rc, &c->c0);
		idx[n++] = i;
	}
	if (rv_stats_bh(pv, n, rc->ncb, qv) < 0) {
		rcode = -1;
		goto out;
	}
	for (i = j = 0; i < n; i++)
		if (qv[i] <= rc->o.alpha) {
			rc->cb[idx[i]].q0 = qv[i];
			idx[j++] = idx[i];
		}
	n = j;
	ex_rc = rc;
	qsort(idx, n, sizeof(*idx), cmp_ex0);
	for (i = 0; i < n && listed < (size_t)rc->o.max_others; i++) {
		const struct combo *c = &rc->cb[idx[i]];
		struct rv_rc_finding *f;
		for (j = 0; j < listed; j++)
			if (within(rc, c, &rc->cb[idx[j]]) || within(rc, &rc->cb[idx[j]], c))
				break;
		if (j < listed)
			continue;
		if (add_finding(rc, res, cap, c, RV_RC_MIXSHIFT) < 0) {
			rcode = -1;
			goto out;
		}
		f = &res->f[res->nf - 1];
		f->excess = c->ex0;
		f->share = c->ex0 / res->total_excess;
		f->q = c->q0;
		idx[listed++] = idx[i];
	}
out:
	free(idx);
	free(pv);
	free(qv);
	return rcode;
}

/* The background of each subset of dimensions: how much its values'
 * log rates (change mode: log ratios of target to baseline rate) vary
 * beyond sampling noise, estimated robustly from all of its combinations
 * with at least 5 expected hits (rv_stats_tau2: a few real causes do not
 * move it). In real tables every carrier, province or SKU differs from the
 * average by 10-25% for reasons nobody would call a cause; with tens of
 * thousands of rows a binomial test calls all of them significant, so
 * stat() tests departures against binomial noise plus this variance. */
#define TAU_PRIOR 10.0

/* Rate mode: a main-effects model of the rate, rate(t) = r0 * prod_d
 * fac_d[value of t in d], fitted to the tuples by iterative proportional
 * fitting, each factor shrunk toward 1 with a prior worth FAC_PRIOR hits.
 * A segment is then judged against what the other dimensions predict
 * for its rows (its own factors left out, and those of dimensions tied to
 * its own, tcount()): a carrier that ships
 * mostly a low-return line is compared with that line, and a SKU that
 * only rides on a bad carrier is expected to be bad. tc[t].m gets the
 * model's expected hits of tuple t. */
#define FIT_SWEEPS 12

/* Dimension a determines b when all but 1% of the rows of each a value
 * share one b value (sku -> brand -> line). Nested dimensions split one
 * effect between their factors in no meaningful way, so a segment's
 * expectation leaves out the factors of every dimension nested with its
 * own, in either direction: brand=X is compared with what carrier,
 * province and channel predict, not with a line factor that absorbed
 * part of X's own effect. */
static int
find_tied(struct rv_rc *rc)
{
	size_t a, b, t, nd = rc->nd, max = 1;
	uint32_t *first;

	for (a = 0; a < nd; a++)
		if (rc->dim[a].n > max)
			max = rc->dim[a].n;
	if ((first = malloc(max * sizeof(*first))) == NULL)
		return -1;
	memset(rc->tied, 0, sizeof(rc->tied));
	for (a = 0; a < nd; a++)
		for (b = 0; b < nd; b++) {
			double off = 0;
			if (a == b)
				continue;
			for (t = 0; t < rc->dim[a].n; t++)
				first[t] = UINT32_MAX;
			for (t = 0; t < rc->nt; t++) {
				uint32_t x = rc->tid[t * nd + a], y = rc->tid[t * nd + b];
				if (first[x] == UINT32_MAX)
					first[x] = y;
				else if (first[x] != y)
					off += rc->tc[t].n;
			}
			if (off <= 0.01 * rc->tot.n) {
				rc->tied[a] |= 1ULL << b;
				rc->tied[b] |= 1ULL << a;
			}
		}
	free(first);
	return 0;
}

static const double *sort_fac;

static int
cmp_fac(const void *a, const void *b)
{
	double x = sort_fac[*(const size_t *)a], y = sort_fac[*(const size_t *)b];

	if (x != y)
		return x < y ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int
fit_model(struct rv_rc *rc, const unsigned char *skip)
{
	size_t t, d, v, max = 1;
	double *num, *den, r0, sum, fn = 0, fh = 0;
	int sweep;

	for (t = 0; t < rc->nt; t++)
		if (skip == NULL || !skip[t]) {
			fn += rc->tc[t].n;
			fh += rc->tc[t].h;
		}
	r0 = fn > 0 ? fh / fn : 0;
	for (d = 0; d < rc->nd; d++) {
		free(rc->dim[d].fac);
		if ((rc->dim[d].fac = malloc((rc->dim[d].n ? rc->dim[d].n : 1) * sizeof(double))) == NULL)
			return -1;
		for (v = 0; v < rc->dim[d].n; v++)
			rc->dim[d].fac[v] = 1;
		if (rc->dim[d].n > max)
			max = rc->dim[d].n;
	}
	num = malloc(max * sizeof(*num));
	den = malloc(max * sizeof(*den));
	if (num == NULL || den == NULL) {
		free(num);
		free(den);
		return -1;
	}
	for (t = 0; t < rc->nt; t++)
		rc->tc[t].m = rc->tc[t].n * r0;
	for (sweep = 0; sweep < FIT_SWEEPS && fh > 0; sweep++) {
		for (d = 0; d < rc->nd; d++) {
			double *fac = rc->dim[d].fac;
			memset(num, 0, rc->dim[d].n * sizeof(*num));
			memset(den, 0, rc->dim[d].n * sizeof(*den));
			for (t = 0; t < rc->nt; t++) {
				uint32_t id = rc->tid[t * rc->nd + d];
				if (skip && skip[t])
					continue;
				num[id] += rc->tc[t].h;
				den[id] += rc->tc[t].m / fac[id];
			}
			for (v = 0; v < rc->dim[d].n; v++) {
				double f = (num[v] + FAC_PRIOR) / (den[v] + FAC_PRIOR);
				num[v] = f / fac[v];	/* the update of tuples' m */
				fac[v] = f;
			}
			for (t = 0; t < rc->nt; t++)
				rc->tc[t].m *= num[rc->tid[t * rc->nd + d]];
		}
		/* keep the total: the prior pulls a little */
		for (sum = 0, t = 0; t < rc->nt; t++)
			if (skip == NULL || !skip[t])
				sum += rc->tc[t].m;
		if (sum > 0)
			for (t = 0; t < rc->nt; t++)
				rc->tc[t].m *= fh / sum;
	}
	/* Each dimension's typical value (the row-weighted median factor) is
	 * its neutral level: leaving a segment's factor out then means "as if
	 * it were a typical carrier", not "an average carrier", which a big
	 * cause would pull up for everyone else. The tuples' m stay. */
	for (d = 0; d < rc->nd; d++) {
		double *fac = rc->dim[d].fac, half, acc = 0, med = 1;
		size_t *ord;
		memset(num, 0, rc->dim[d].n * sizeof(*num));
		for (t = 0; t < rc->nt; t++)
			if (skip == NULL || !skip[t])
				num[rc->tid[t * rc->nd + d]] += rc->tc[t].n;
		if ((ord = malloc((rc->dim[d].n ? rc->dim[d].n : 1) * sizeof(*ord))) == NULL) {
			free(num);
			free(den);
			return -1;
		}
		for (v = 0; v < rc->dim[d].n; v++)
			ord[v] = v;
		sort_fac = fac;
		qsort(ord, rc->dim[d].n, sizeof(*ord), cmp_fac);
		for (half = fn / 2, v = 0; v < rc->dim[d].n; v++) {
			acc += num[ord[v]];
			if (acc >= half) {
				med = fac[ord[v]];
				break;
			}
		}
		free(ord);
		if (med > 0)
			for (v = 0; v < rc->dim[d].n; v++)
				fac[v] /= med;
	}
	if (skip == NULL)
		rc->tot.m = rc->res.m = rc->tot.h;
	free(num);
	free(den);
	return 0;
}

static int
estimate_background(struct rv_rc *rc)
{
	size_t i, j, n, max = 0;
	int k;
	double *y, *v, *w, r0 = rc->tot.h / rc->tot.n;
	double rb0 = rc->tot.bn > 0 ? rc->tot.bh / rc->tot.bn : 0;

	for (i = 0; i < rc->nsub; i++)
		if (rc->sub[i].end - rc->sub[i].start > max)
			max = rc->sub[i].end - rc->sub[i].start;
	if (max < rc->nsub)
		max = rc->nsub;
	y = malloc((max ? max : 1) * sizeof(*y));
	v = malloc((max ? max : 1) * sizeof(*v));
	w = malloc((max ? max : 1) * sizeof(*w));
	if (y == NULL || v == NULL || w == NULL) {
		free(y);
		free(v);
		free(w);
		return -1;
	}
	for (i = 0; i < rc->nsub; i++) {
		struct subset *s = &rc->sub[i];
		for (n = 0, j = s->start; j < s->end; j++) {
			const struct cnt *c = &rc->cb[j].c0;
			if (c->n * r0 < 5 || (rc->o.change && c->bn * rb0 < 5))
				continue;
			y[n] = log(srate(c->h, c->n));
			v[n] = 1 / (c->h + 0.5) - 1 / (c->n + 1);
			if (!rc->o.change)
				y[n] -= log(model_rate(c));
			if (rc->o.change) {
				y[n] -= log(srate(c->bh, c->bn));
				v[n] += 1 / (c->bh + 0.5) - 1 / (c->bn + 1);
			}
			n++;
		}
		s->tau2 = rv_stats_tau2(y, v, n, w);
		s->ncell = n;
	}
	/* A dimension with a handful of values (4 channels, one of them
	 * holding a cause) says little about its own background: shrink each
	 * estimate toward the median of the well-measured subsets (>= 8
	 * cells) of the same depth, with the weight of TAU_PRIOR cells. */
	for (k = 1; k <= rc->o.max_depth; k++) {
		double pool;
		for (n = 0, i = 0; i < rc->nsub; i++)
			if (rc->sub[i].k == k && rc->sub[i].ncell >= 8)
				y[n++] = rc->sub[i].tau2;
		pool = n ? rv_stats_median(y, n) : 0;
		for (i = 0; i < rc->nsub; i++)
			if (rc->sub[i].k == k)
				rc->sub[i].tau2 = (rc->sub[i].ncell * rc->sub[i].tau2 + TAU_PRIOR * pool) /
				    (rc->sub[i].ncell + TAU_PRIOR);
	}
	/* A combination's values vary at least as much as those of any of
	 * its sub-combinations (subsets come in order of size): small cells
	 * hide the background in noise. */
	for (i = 0; i < rc->nsub; i++)
		for (j = 0; j < i; j++)
			if ((rc->sub[j].mask & ~rc->sub[i].mask) == 0 && rc->sub[j].tau2 > rc->sub[i].tau2)
				rc->sub[i].tau2 = rc->sub[j].tau2;
	free(y);
	free(v);
	free(w);
	return 0;
}

/* Put the tuples in byte order of their values, so that every sum over
 * tuples (the model's expected hits are not integers) and hence every
 * printed figure is the same whatever order the rows came in. */
static int
canonical_order(struct rv_rc *rc)
{
	uint32_t *tid;
	struct cnt *tc;
	size_t i;

	if (rc->nt < 2)
		return 0;
	if (rv_rc_sort_tuples(rc) < 0)
		return -1;
	tid = malloc(rc->nt * rc->nd * sizeof(*tid));
	tc = malloc(rc->nt * sizeof(*tc));
	if (tid == NULL || tc == NULL) {
		free(tid);
		free(tc);
		return -1;
	}
	for (i = 0; i < rc->nt; i++) {
		memcpy(tid + i * rc->nd, rc->tid + rc->order[i] * rc->nd, rc->nd * sizeof(*tid));
		tc[i] = rc->tc[rc->order[i]];
	}
	free(rc->tid);
	free(rc->tc);
	free(rc->order);
	rc->order = NULL;
	rc->tid = tid;
	rc->tc = tc;
	rc->tcap = rc->nt;
	/* the tuple index moved: rehash at the same size */
	rc->tscap /= 2;
	return slots_grow(&rc->tslot, &rc->tscap, 1024, rc->nt, tuple_hash_of, rc);
}

int
rv_rc_run(struct rv_rc *rc, struct rv_rc_result *res)
{
	size_t t, i, nc = 0, cap = 0, maxc = (size_t)(rc->o.max_causes > 0 ? rc->o.max_causes : 0) + 1;
	size_t *cause = NULL;
	double *cq = NULL, *cex = NULL;
	int *round_of = NULL;
	long r;

	memset(res, 0, sizeof(*res));
	if (canonical_order(rc) < 0)
		return -1;
	memset(&rc->tot, 0, sizeof(rc->tot));
	for (t = 0; t < rc->nt; t++) {
		rc->tot.n += rc->tc[t].n;
		rc->tot.h += rc->tc[t].h;
		rc->tot.bn += rc->tc[t].bn;
		rc->tot.bh += rc->tc[t].bh;
	}
	rc->res = rc->tot;
	res->n = rc->tot.n;
	res->hits = rc->tot.h;
	res->base_n = rc->tot.bn;
	res->base_hits = rc->tot.bh;
	res->ntuples = rc->nt;
	res->total_excess = 1;
	if (rc->tot.n <= 0 || (rc->o.change && rc->tot.bn <= 0))
		return 0;
	if ((!rc->o.change && (find_tied(rc) < 0 || fit_model(rc, NULL) < 0)) || build_cube(rc) < 0 ||
	    estimate_background(rc) < 0)
		return -1;
	res->ncombos = rc->ncb;
	if ((res->tau = calloc(rc->nd, sizeof(*res->tau))) == NULL)
		return -1;
	for (i = 0; i < rc->nsub; i++)
		if (rc->sub[i].k == 1)
			res->tau[rc->sub[i].d[0]] = sqrt(rc->sub[i].tau2);
	rc->covered = calloc(rc->nt ? rc->nt : 1, 1);
	cause = malloc(maxc * sizeof(*cause));
	cq = malloc(maxc * sizeof(*cq));
	cex = malloc(maxc * sizeof(*cex));
	round_of = malloc(maxc * sizeof(*round_of));
	if (rc->covered == NULL || cause == NULL || cq == NULL || cex == NULL || round_of == NULL)
		goto oom;
	r = find_causes(rc, cause, cq, &res->ndiscoveries);
	if (r < 0)
		goto oom;
	nc = (size_t)r;
	for (i = 0; i < nc; i++)
		round_of[i] = (int)i;
	nc = share_filter(rc, res, cause, cq, cex, round_of, nc);
	if (nc == (size_t)-1)
		goto oom;
	sort_causes(rc, cause, cq, cex, round_of, nc);
	for (i = 0; i < nc; i++) {
		struct rv_rc_finding *f;
		if (add_finding(rc, res, &cap, &rc->cb[cause[i]], RV_RC_CAUSE) < 0)
			goto oom;
		f = &res->f[res->nf - 1];
		f->share = f->excess / res->total_excess;
		f->q = cq[i];
	}
	if (add_bystanders(rc, res, &cap, cause, round_of, nc) < 0)
		goto oom;
	if (rc->o.change && add_mixshifts(rc, res, &cap, cause, nc) < 0)
		goto oom;
	if (!rc->o.change && final_q(rc, res) < 0)
		goto oom;
	free(cause);
	free(cq);
	free(cex);
	free(round_of);
	return 0;
oom:
	free(cause);
	free(cq);
	free(cex);
	free(round_of);
	return -1;
}

void
rv_rc_result_free(struct rv_rc_result *res)
{
	size_t i;

	for (i = 0; i < res->nf; i++)
		free(res->f[i].cause);
	free(res->f);
	free(res->tau);
	memset(res, 0, sizeof(*res));
}

void
rv_rc_free(struct rv_rc *rc)
{
	size_t i;

	if (rc == NULL)
		return;
	for (i = 0; rc->dim && i < rc->nd; i++) {
		free(rc->dim[i].name);
		free(rc->dim[i].slot);
		free(rc->dim[i].val);
		free(rc->dim[i].hv);
		free(rc->dim[i].fac);
	}
	free(rc->dim);
	rv_arena_free(&rc->arena);
	free(rc->tid);
	free(rc->tc);
	free(rc->tslot);
	free(rc->order);
	free(rc->sub);
	free(rc->cb);
	free(rc->covered);
	free(rc);
}

size_t
rv_rc_ncauses(const struct rv_rc_result *res, double *share)
{
	size_t i, n = 0;

	*share = 0;
	for (i = 0; i < res->nf; i++)
		if (res->f[i].role == RV_RC_CAUSE) {
			n++;
			*share += res->f[i].share;
		}
	return n;
}
