/* curve.c - aggregation, partial state and the finished curve table for
 * rv-curve. The statistics of the breakpoints are in changepoint.c. */
#include "curve.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

#include "changepoint.h"
#include "cpstats.h"
#include "hash.h"
#include "num.h"

/* Exact sums: values in millionths fit int64 (|v| <= 1e9 -> 1e15), their
 * squares 1e30 and a billion of them still fit 127 bits. */
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define SCALE 1e6
#define VMAX 1e9
#define NMAX ((uint64_t)1 << 53)
#define NOVAL INT64_MIN	/* a message without a value: it still has its place */	/* values per position (exact as a double) */

struct pos {
	char *label;
	size_t len;
	double num;		/* label as a number, when isnum */
	int isnum;
	uint64_t n, neg;
	i128 sum, sumsq;
	/* --zero-blank=auto (position mode): values exactly 0, other whole
	 * numbers, the smallest non-zero magnitude (millionths, 0: none)
	 * and how many values have it */
	uint64_t nzero, nint, nmin;
	int64_t minabs;
};

struct obs {
	double key;		/* position id (position mode) or turn */
	int64_t v;		/* millionths, or NOVAL */
	uint32_t seq;		/* arrival order within the entity */
};

struct ent {
	char *id;
	size_t len;
	int outcome;		/* -1 unknown, else the max seen */
	struct obs *o;
	size_t n, cap;
};

struct seg {
	char *name;
	size_t len;
	struct rv_hash ph;	/* label -> pos index + 1 */
	struct pos *pos;
	size_t npos, pcap;
	struct rv_hash eh;	/* id -> ent index + 1 */
	struct ent *ent;
	size_t nent, ecap;
};

struct rv_curve {
	struct rv_curve_opts o;
	struct rv_hash sh;	/* name -> seg index + 1 */
	struct seg **seg;
	size_t nseg, scap;
	size_t last;		/* index + 1 of the last segment used: rows come in runs */
	int seen_hdr;		/* --merge: a partial header was read */
	int cues;		/* zeros told apart by a cue column */
	int zchecked, zblank;	/* rv_curve_zeros ran; its choice */
};

/* The finished curve of one segment. */
struct fin {
	size_t k;		/* positions */
	char **label;
	size_t *llen;
	double *n, *mean, *sd, *neg;
	size_t nent;
	size_t *eoff;		/* entity e has values [eoff[e], eoff[e+1]) */
	size_t *erank;
	double *eval;
	double *ecnt;		/* values averaged into eval */
	int *eout;
	char **eid;
	size_t *eidlen;
	double sigma2, df, min_delta, pen, drop_by;
	uint64_t N;
	int pooled;		/* conversation mode: last position pools a tail */
	char *tail_label;
	char *labbuf;		/* conversation mode: the labels "1", "2", ... */
};

static int
add_pos(struct seg *s, const char *label, size_t len, size_t *idx)
{
	struct rv_hash_ent *e;
	struct pos *p;
	int isnew;

	e = rv_hash_put(&s->ph, label, len, &isnew);
	if (e == NULL)
		return RV_CURVE_ENOMEM;
	if (!isnew) {
		*idx = (size_t)(uintptr_t)e->val - 1;
		return 0;
	}
	p = rv_grow(s->pos, &s->pcap, s->npos + 1, sizeof(*s->pos));
	if (p == NULL)
		return RV_CURVE_ENOMEM;
	s->pos = p;
	p = &s->pos[s->npos];
	memset(p, 0, sizeof(*p));
	p->label = rv_memdup(label, len);
	if (p->label == NULL)
		return RV_CURVE_ENOMEM;
	p->len = len;
	p->isnum = rv_num_parse(label, len, &p->num) == 0;
	e->val = (void *)(uintptr_t)(s->npos + 1);
	*idx = s->npos++;
	return 0;
}

static struct seg *
get_seg(struct rv_curve *c, const char *name, size_t len)
{
	struct rv_hash_ent *e;
	struct seg *s, **ss;
	size_t i, idx;
	int isnew;

	if (c->last && c->seg[c->last - 1]->len == len &&
	    memcmp(c->seg[c->last - 1]->name, name, len) == 0)
		return c->seg[c->last - 1];
	e = rv_hash_put(&c->sh, name, len, &isnew);
	if (e == NULL)
		return NULL;
	if (!isnew) {
		c->last = (size_t)(uintptr_t)e->val;
		return c->seg[c->last - 1];
	}
	ss = rv_grow(c->seg, &c->scap, c->nseg + 1, sizeof(*c->seg));
	if (ss == NULL)
		return NULL;
	c->seg = ss;
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->name = rv_memdup(name, len)) == NULL) {
		free(s);
		return NULL;
	}
	s->len = len;
	c->seg[c->nseg++] = s;
	e->val = (void *)(uintptr_t)c->nseg;
	c->last = c->nseg;
	/* --order fixes the positions and their order up front. */
	for (i = 0; i < c->o.norder; i++)
		if (add_pos(s, c->o.order[i].p, c->o.order[i].len, &idx) < 0)
			return NULL;
	return s;
}

static int
add_obs(struct seg *s, const char *id, size_t len, double key, int64_t v, int outcome)
{
	struct rv_hash_ent *h;
	struct ent *e;
	struct obs *o;
	int isnew;

	h = rv_hash_put(&s->eh, id, len, &isnew);
	if (h == NULL)
		return RV_CURVE_ENOMEM;
	if (isnew) {
		e = rv_grow(s->ent, &s->ecap, s->nent + 1, sizeof(*s->ent));
		if (e == NULL)
			return RV_CURVE_ENOMEM;
		s->ent = e;
		e = &s->ent[s->nent];
		memset(e, 0, sizeof(*e));
		e->outcome = -1;
		if ((e->id = rv_memdup(id, len)) == NULL)
			return RV_CURVE_ENOMEM;
		e->len = len;
		h->val = (void *)(uintptr_t)(++s->nent);
	}
	e = &s->ent[(size_t)(uintptr_t)h->val - 1];
	if (outcome > e->outcome)
		e->outcome = outcome;
	o = rv_grow(e->o, &e->cap, e->n + 1, sizeof(*e->o));
	if (o == NULL)
		return RV_CURVE_ENOMEM;
	e->o = o;
	e->o[e->n].key = key;
	e->o[e->n].v = v;
	e->o[e->n].seq = (uint32_t)e->n;
	e->n++;
	return 0;
}

/* Add one value v (n == 0) or a partial's totals. Returns 0, or
 * RV_CURVE_ERANGE when a total would overflow. */
static int
acc(struct pos *p, int64_t v, uint64_t n, i128 sum, i128 sumsq, uint64_t neg)
{
	i128 s2, q2;
	uint64_t n2, neg2;

	if (n == 0)
		n = 1, sum = v, sumsq = (i128)v * v, neg = v < 0;
	if (__builtin_add_overflow(p->n, n, &n2) || n2 > NMAX ||
	    __builtin_add_overflow(p->sum, sum, &s2) ||
	    __builtin_add_overflow(p->sumsq, sumsq, &q2) ||
	    __builtin_add_overflow(p->neg, neg, &neg2))
		return RV_CURVE_ERANGE;
	p->n = n2, p->sum = s2, p->sumsq = q2, p->neg = neg2;
	return 0;
}

/* Zero statistics of one value v, or of a partial's (nzero, nint, minabs,
 * nmin) when one is NULL. */
static void
zacc(struct pos *p, const int64_t *v, uint64_t nzero, uint64_t nint, int64_t minabs, uint64_t nmin)
{
	if (v != NULL) {
		int64_t a = *v < 0 ? -*v : *v;
		nzero = a == 0, nint = a != 0 && a % 1000000 == 0;
		minabs = a, nmin = a != 0;
	}
	p->nzero += nzero, p->nint += nint;
	if (nmin == 0)
		return;
	if (p->nmin == 0 || minabs < p->minabs)
		p->minabs = minabs, p->nmin = nmin;
	else if (minabs == p->minabs)
		p->nmin += nmin;
}

static int
scale(double value, int64_t *v)
{
	if (!(fabs(value) <= VMAX))
		return RV_CURVE_ERANGE;
	*v = (int64_t)llround(value * SCALE);
	return 0;
}

struct rv_curve *
rv_curve_new(const struct rv_curve_opts *o)
{
	struct rv_curve *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->o = *o;
	return c;
}

void
rv_curve_free(struct rv_curve *c)
{
	size_t i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->nseg; i++) {
		struct seg *s = c->seg[i];
		for (j = 0; j < s->npos; j++)
			free(s->pos[j].label);
		for (j = 0; j < s->nent; j++)
			free(s->ent[j].id), free(s->ent[j].o);
		free(s->pos), free(s->ent), free(s->name);
		rv_hash_free(&s->ph);
		rv_hash_free(&s->eh);
		free(s);
	}
	free(c->seg);
	rv_hash_free(&c->sh);
	free(c);
}

int
rv_curve_add(struct rv_curve *c, const char *seg, size_t seglen, const char *pos,
    size_t poslen, const char *id, size_t idlen, double value, int outcome)
{
	struct seg *s = get_seg(c, seg, seglen);
	struct rv_hash_ent *e;
	size_t idx;
	int64_t v;
	int rc;

	if (s == NULL)
		return RV_CURVE_ENOMEM;
	if ((rc = scale(value, &v)) < 0)
		return rc;
	if (c->o.norder) {
		e = rv_hash_get(&s->ph, pos, poslen);
		if (e == NULL)
			return RV_CURVE_EORDER;
		idx = (size_t)(uintptr_t)e->val - 1;
	} else if ((rc = add_pos(s, pos, poslen, &idx)) < 0)
		return rc;
	if ((rc = acc(&s->pos[idx], v, 0, 0, 0, 0)) < 0)
		return rc;
	zacc(&s->pos[idx], &v, 0, 0, 0, 0);
	if (c->o.entities && idlen > 0)
		return add_obs(s, id, idlen, (double)idx, v, outcome);
	return 0;
}

int
rv_curve_add_msg(struct rv_curve *c, const char *seg, size_t seglen, const char *conv,
    size_t convlen, double turn, double value, int outcome)
{
	struct seg *s = get_seg(c, seg, seglen);
	int64_t v;
	int rc;

	if (s == NULL)
		return RV_CURVE_ENOMEM;
	if (isnan(value))
		v = NOVAL;
	else if ((rc = scale(value, &v)) < 0)
		return rc;
	return add_obs(s, conv, convlen, turn, v, outcome);
}

int
rv_curve_cue_blank(double x, const char *cues, size_t n)
{
	if (x != 0)
		return 0;
	for (size_t i = 0; cues != NULL && i < n; i++)
		if (cues[i] != ' ')
			return 0;
	return 1;
}

int
rv_curve_outcome(const char *p, size_t n)
{
	static const char *yes[] = {"yes", "y", "true", "t"}, *no[] = {"no", "n", "false", "f"};
	double d;
	size_t i;

	while (n > 0 && p[0] == ' ')
		p++, n--;
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n == 0)
		return -1;
	for (i = 0; i < 4; i++) {
		if (strlen(yes[i]) == n && strncasecmp(p, yes[i], n) == 0)
			return 1;
		if (strlen(no[i]) == n && strncasecmp(p, no[i], n) == 0)
			return 0;
	}
	if (rv_num_parse(p, n, &d) == 0)
		return d != 0;
	return -2;
}

/* ---- partial state ---- */

static void
put_i128(struct rv_out *o, i128 v)
{
	char tmp[48];
	size_t k = 0;
	u128 u;

	if (v < 0) {
		rv_out_putc(o, '-');
		u = (u128)(-(v + 1)) + 1;
	} else
		u = (u128)v;
	do {
		tmp[k++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u > 0);
	while (k > 0)
		rv_out_putc(o, tmp[--k]);
}

static int
get_i128(const struct rv_field *f, i128 *v)
{
	size_t i = 0;
	int neg = 0;
	i128 x = 0;

	if (f->len > 0 && f->p[0] == '-')
		neg = 1, i = 1;
	if (i == f->len || f->len - i > 38)
		return -1;
	for (; i < f->len; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		x = x * 10 + (f->p[i] - '0');
	}
	*v = neg ? -x : x;
	return 0;
}

static const char *
mode_name(const struct rv_curve *c)
{
	return c->o.conv ? "conv" : "position";
}

size_t
rv_curve_partial_header(const struct rv_curve *c, char *buf, size_t n)
{
	int k = snprintf(buf, n, "rv-curve-partial\t4\t%s\t%d\t%d\t%s", mode_name(c), c->o.entities,
	    c->o.outcome != 0, c->o.sig ? c->o.sig : "");

	return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

void
rv_curve_write_partial(struct rv_curve *c, struct rv_out *o)
{
	size_t i, j, k;
	char num[40], hdr[1024];

	rv_curve_partial_header(c, hdr, sizeof(hdr));
	rv_out_puts(o, hdr);
	rv_out_eol(o);
	if (c->cues)
		rv_out_puts(o, "Z\tcues\n");
	for (i = 0; i < c->nseg; i++) {
		struct seg *s = c->seg[i];
		for (j = 0; j < s->npos && !c->o.conv; j++) {
			struct pos *p = &s->pos[j];
			if (p->n == 0)
				continue;
			rv_out_puts(o, "P\t");
			rv_out_field(o, s->name, s->len);
			rv_out_tab(o);
			rv_out_field(o, p->label, p->len);
			rv_out_printf(o, "\t%llu\t", (unsigned long long)p->n);
			put_i128(o, p->sum);
			rv_out_tab(o);
			put_i128(o, p->sumsq);
			rv_out_printf(o, "\t%llu\t%llu\t%llu\t%lld\t%llu", (unsigned long long)p->neg,
			    (unsigned long long)p->nzero, (unsigned long long)p->nint,
			    (long long)p->minabs, (unsigned long long)p->nmin);
			rv_out_eol(o);
		}
		for (j = 0; j < s->nent; j++) {
			struct ent *e = &s->ent[j];
			for (k = 0; k < e->n; k++) {
				rv_out_puts(o, "E\t");
				rv_out_field(o, s->name, s->len);
				rv_out_tab(o);
				rv_out_field(o, e->id, e->len);
				rv_out_printf(o, "\t%d\t", e->outcome);
				if (c->o.conv) {
					/* %.17g round-trips; only LC_CTYPE is ever set. */
					snprintf(num, sizeof(num), "%.17g", e->o[k].key);
					rv_out_puts(o, num);
				} else {
					struct pos *p = &s->pos[(size_t)e->o[k].key];
					rv_out_field(o, p->label, p->len);
				}
				if (e->o[k].v == NOVAL)
					rv_out_tab(o);	/* a blank: empty value */
				else
					rv_out_printf(o, "\t%lld", (long long)e->o[k].v);
				rv_out_eol(o);
			}
		}
	}
}

int
rv_curve_merge_row(struct rv_curve *c, const struct rv_field *f, size_t nf)
{
	struct seg *s;
	size_t idx;
	i128 sum, sumsq, v;
	unsigned long long n, neg;
	double key;
	int rc, out;
	char tmp[48];

	/* Header: version 4 names the options that decide what the values
	 * are (columns, role, --zero-blank) and counts the zeros; versions 1
	 * and 2 did not name the options and 3 has no zero counts, so they
	 * are refused. */
	if (nf >= 2 && f[0].len == 16 && memcmp(f[0].p, "rv-curve-partial", 16) == 0) {
		char want[1024];
		const char *w = want, *t;
		size_t i;
		if (f[1].len != 1 || f[1].p[0] != '4')
			return RV_CURVE_EOLD;
		rv_curve_partial_header(c, want, sizeof(want));
		for (i = 0; i < nf; i++, w = t + 1) {
			if ((t = strchr(w, '\t')) == NULL)
				t = w + strlen(w);
			if (f[i].len != (size_t)(t - w) || memcmp(f[i].p, w, f[i].len) != 0 ||
			    (*t == '\0') != (i + 1 == nf))
				return RV_CURVE_EMODE;
		}
		c->seen_hdr = 1;
		return 0;
	}
	if (!c->seen_hdr)
		return RV_CURVE_ENOHDR;
	if (nf == 2 && f[0].len == 1 && f[0].p[0] == 'Z' && f[1].len == 4 &&
	    memcmp(f[1].p, "cues", 4) == 0) {
		c->cues = 1;
		return 0;
	}
	if (nf == 11 && f[0].len == 1 && f[0].p[0] == 'P' && !c->o.conv) {
		long double ls, lq;
		unsigned long long nz, ni, nm;
		i128 ma;
		if (rv_num_parse_u64(f[3].p, f[3].len, &n) < 0 || get_i128(&f[4], &sum) < 0 ||
		    get_i128(&f[5], &sumsq) < 0 || rv_num_parse_u64(f[6].p, f[6].len, &neg) < 0 ||
		    rv_num_parse_u64(f[7].p, f[7].len, &nz) < 0 ||
		    rv_num_parse_u64(f[8].p, f[8].len, &ni) < 0 || get_i128(&f[9], &ma) < 0 ||
		    rv_num_parse_u64(f[10].p, f[10].len, &nm) < 0)
			return RV_CURVE_EPARTIAL;
		/* Zeros are neither negative nor whole non-zero numbers; the
		 * smallest magnitude is set exactly when some value has it. */
		if (nz > n || ni > n - nz || neg > n - nz || nm > n - nz || ma < 0 ||
		    ma > (i128)(VMAX * SCALE) || (ma == 0) != (nm == 0) || (nz == n && sumsq != 0))
			return RV_CURVE_EPARTIAL;
		/* What n values of at most VMAX (in millionths) can add up to;
		 * the sum of squares is at least sum^2 / n (Cauchy-Schwarz). */
		ls = (long double)sum, lq = (long double)sumsq;
		if (n == 0 || n > NMAX || neg > n || sumsq < 0 ||
		    fabsl(ls) > (long double)n * (VMAX * SCALE) ||
		    lq > (long double)n * (VMAX * SCALE) * (VMAX * SCALE) ||
		    ls * ls / (long double)n > lq * (1 + 1e-12L) + 1)
			return RV_CURVE_EPARTIAL;
		if ((s = get_seg(c, f[1].p, f[1].len)) == NULL)
			return RV_CURVE_ENOMEM;
		if (c->o.norder) {
			struct rv_hash_ent *e = rv_hash_get(&s->ph, f[2].p, f[2].len);
			if (e == NULL)
				return RV_CURVE_EORDER;
			idx = (size_t)(uintptr_t)e->val - 1;
		} else if ((rc = add_pos(s, f[2].p, f[2].len, &idx)) < 0)
			return rc;
		if ((rc = acc(&s->pos[idx], 0, n, sum, sumsq, neg)) < 0)
			return rc;
		zacc(&s->pos[idx], NULL, nz, ni, (int64_t)ma, nm);
		return 0;
	}
	if (nf == 6 && f[0].len == 1 && f[0].p[0] == 'E' && c->o.entities) {
		if (f[2].len == 0)
			return RV_CURVE_EPARTIAL;
		if (f[5].len == 0 && c->o.conv)
			v = NOVAL;	/* a blank message */
		else if (get_i128(&f[5], &v) < 0 || v > (i128)(VMAX * SCALE) ||
		    v < -(i128)(VMAX * SCALE))
			return RV_CURVE_EPARTIAL;
		if (f[3].len == 2 && memcmp(f[3].p, "-1", 2) == 0)
			out = -1;
		else if (f[3].len == 1 && (f[3].p[0] == '0' || f[3].p[0] == '1'))
			out = f[3].p[0] - '0';
		else
			return RV_CURVE_EPARTIAL;
		if ((s = get_seg(c, f[1].p, f[1].len)) == NULL)
			return RV_CURVE_ENOMEM;
		if (c->o.conv) {
			if (f[4].len >= sizeof(tmp) || rv_num_parse(f[4].p, f[4].len, &key) < 0)
				return RV_CURVE_EPARTIAL;
		} else {
			struct rv_hash_ent *e = rv_hash_get(&s->ph, f[4].p, f[4].len);
			if (e == NULL)
				return RV_CURVE_EPARTIAL;	/* P rows come first */
			key = (double)((size_t)(uintptr_t)e->val - 1);
		}
		return add_obs(s, f[2].p, f[2].len, key, (int64_t)v, out);
	}
	return RV_CURVE_EPARTIAL;
}

/* ---- finishing ---- */

/* qsort contexts (qsort has no user pointer). */
static const struct pos *sort_pos;

static int
cmp_num(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (sort_pos[i].num != sort_pos[j].num)
		return sort_pos[i].num < sort_pos[j].num ? -1 : 1;
	return i < j ? -1 : i > j;
}

static int
cmp_obs(const void *a, const void *b)
{
	const struct obs *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);

	return r ? r : (an < bn ? -1 : an > bn);
}

static int
cmp_seg(const void *a, const void *b)
{
	const struct seg *x = *(struct seg *const *)a, *y = *(struct seg *const *)b;

	return cmp_bytes(x->name, x->len, y->name, y->len);
}

static void
fin_free(struct fin *F)
{
	free(F->label), free(F->llen), free(F->n), free(F->mean), free(F->sd), free(F->neg);
	free(F->eoff), free(F->erank), free(F->eval), free(F->ecnt), free(F->eout), free(F->eid);
	free(F->eidlen), free(F->tail_label), free(F->labbuf);
	memset(F, 0, sizeof(*F));
}

static int
fin_alloc(struct fin *F, size_t k)
{
	F->k = k;
	F->label = calloc(k + 1, sizeof(char *));
	F->llen = calloc(k + 1, sizeof(size_t));
	F->n = calloc(k + 1, sizeof(double));
	F->mean = calloc(k + 1, sizeof(double));
	F->sd = calloc(k + 1, sizeof(double));
	F->neg = calloc(k + 1, sizeof(double));
	return F->label && F->llen && F->n && F->mean && F->sd && F->neg ? 0 : -1;
}

static void
fin_pos(struct fin *F, size_t r, uint64_t n, i128 sum, i128 sumsq, uint64_t neg)
{
	long double m, ss;

	F->n[r] = (double)n;
	if (n == 0) {
		F->mean[r] = F->sd[r] = F->neg[r] = NAN;
		return;
	}
	m = (long double)sum / (long double)n;
	ss = (long double)sumsq - (long double)sum * m;
	if (ss < 0)
		ss = 0;
	F->mean[r] = (double)(m / SCALE);
	F->sd[r] = n > 1 ? (double)(sqrtl(ss / (long double)(n - 1)) / SCALE) : NAN;
	F->neg[r] = (double)neg / (double)n;
}

void
rv_curve_zeros_known(struct rv_curve *c)
{
	c->cues = 1;
}

void
rv_curve_zeros(struct rv_curve *c, struct rv_curve_zeros *z)
{
	struct rv_curve_zeros t;
	struct pos p;
	size_t i, j, k;

	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	for (i = 0; i < c->nseg; i++) {
		struct seg *s = c->seg[i];
		if (!c->o.conv) {
			for (j = 0; j < s->npos; j++) {
				struct pos *q = &s->pos[j];
				p.n += q->n;
				zacc(&p, NULL, q->nzero, q->nint, q->minabs, q->nmin);
			}
			continue;
		}
		for (j = 0; j < s->nent; j++)
			for (k = 0; k < s->ent[j].n; k++)
				if (s->ent[j].o[k].v != NOVAL) {
					p.n++;
					zacc(&p, &s->ent[j].o[k].v, 0, 0, 0, 0);
				}
	}
	t.n = p.n, t.zero = p.nzero, t.nint = p.nint, t.nmin = p.nmin;
	t.minabs = (double)p.minabs / SCALE;
	t.cues = c->cues;
	if (!c->zchecked) {
		c->zblank = c->o.zero_auto && !c->cues && t.zero > 0 &&
		    (double)t.zero >= 0.02 * (double)t.n && t.n - t.zero - t.nint > t.nint &&
		    t.zero > 2 * t.nmin;
		c->zchecked = 1;
	}
	t.blank = c->zblank;
	if (z != NULL)
		*z = t;
}

/* Position mode: order the positions, and map entities' observations.
 * Zeros read as blanks are taken out here: they add nothing to a
 * position's sums, so only its count changes; a position left without
 * values is dropped unless --order names it, as an empty value never
 * makes one. */
static int
finish_positions(const struct rv_curve *c, struct seg *s, struct fin *F)
{
	size_t *ord, *rank, i, j, all_num = 1, np = 0;

	ord = malloc((s->npos + 1) * sizeof(size_t));
	rank = calloc(s->npos + 1, sizeof(size_t));
	if (ord == NULL || rank == NULL) {
		free(ord), free(rank);
		return -1;
	}
	for (i = 0; i < s->npos; i++) {
		if (c->zblank && !c->o.norder && s->pos[i].n == s->pos[i].nzero)
			continue;
		ord[np++] = i;
		all_num &= s->pos[i].isnum;
	}
	if (fin_alloc(F, np) < 0) {
		free(ord), free(rank);
		return -1;
	}
	if (!c->o.norder && all_num) {
		sort_pos = s->pos;
		qsort(ord, np, sizeof(size_t), cmp_num);
	}
	for (i = 0; i < np; i++) {
		struct pos *p = &s->pos[ord[i]];
		rank[ord[i]] = i;
		F->label[i] = p->label;
		F->llen[i] = p->len;
		fin_pos(F, i, p->n - (c->zblank ? p->nzero : 0), p->sum, p->sumsq, p->neg);
	}
	for (i = 0; i < s->nent; i++)
		for (j = 0; j < s->ent[i].n; j++) {
			struct obs *ob = &s->ent[i].o[j];
			if (c->zblank && ob->v == 0)
				ob->v = NOVAL;
			ob->key = (double)rank[(size_t)ob->key];
		}
	free(ord), free(rank);
	return 0;
}

/* Conversation mode: the n-th message of each conversation is position n. */
static int
finish_messages(const struct rv_curve *c, struct seg *s, struct fin *F)
{
	struct pos *acc_pos;
	size_t k = 0, i, j, r;
	char tmp[32];
	int rc = -1;

	for (i = 0; i < s->nent; i++) {
		qsort(s->ent[i].o, s->ent[i].n, sizeof(struct obs), cmp_obs);
		if (s->ent[i].n > k)
			k = s->ent[i].n;
		for (j = 0; c->zblank && j < s->ent[i].n; j++)
			if (s->ent[i].o[j].v == 0)
				s->ent[i].o[j].v = NOVAL;	/* a blank that keeps its place */
	}
	if (k > (size_t)c->o.max_turns) {
		k = (size_t)c->o.max_turns;
		F->pooled = 1;
	}
	acc_pos = calloc(k + 1, sizeof(*acc_pos));
	if (acc_pos == NULL || fin_alloc(F, k) < 0)
		goto out;
	for (i = 0; i < s->nent; i++)
		for (j = 0; j < s->ent[i].n; j++) {
			r = j < k ? j : k - 1;
			s->ent[i].o[j].key = (double)r;
			if (s->ent[i].o[j].v != NOVAL && acc(&acc_pos[r], s->ent[i].o[j].v, 0, 0, 0, 0) < 0)
				goto out;	/* cannot happen: values were counted when added */
		}
	if ((F->labbuf = malloc(24 * (k + 1))) == NULL)
		goto out;
	for (r = 0; r < k; r++) {
		fin_pos(F, r, acc_pos[r].n, acc_pos[r].sum, acc_pos[r].sumsq, acc_pos[r].neg);
		F->label[r] = F->labbuf + 24 * r;
		F->llen[r] = (size_t)snprintf(F->label[r], 24, "%zu", r + 1);
	}
	if (F->pooled) {
		snprintf(tmp, sizeof(tmp), "%zu+", k);
		if ((F->tail_label = strndup(tmp, strlen(tmp))) == NULL)
			goto out;
	}
	rc = 0;
out:
	free(acc_pos);
	return rc;
}

/* Entities' values per position (mean of repeats), sorted by position. */
static int
finish_entities(struct seg *s, struct fin *F)
{
	size_t i, j, m = 0, total = 0;

	for (i = 0; i < s->nent; i++)
		total += s->ent[i].n;
	F->nent = s->nent;
	F->eoff = calloc(s->nent + 1, sizeof(size_t));
	F->erank = calloc(total + 1, sizeof(size_t));
	F->eval = calloc(total + 1, sizeof(double));
	F->ecnt = calloc(total + 1, sizeof(double));
	F->eout = calloc(s->nent + 1, sizeof(int));
	F->eid = calloc(s->nent + 1, sizeof(char *));
	F->eidlen = calloc(s->nent + 1, sizeof(size_t));
	if (!F->eoff || !F->erank || !F->eval || !F->ecnt || !F->eout || !F->eid || !F->eidlen)
		return -1;
	for (i = 0; i < s->nent; i++) {
		struct ent *e = &s->ent[i];
		qsort(e->o, e->n, sizeof(struct obs), cmp_obs);
		F->eoff[i] = m;
		F->eout[i] = e->outcome;
		F->eid[i] = e->id;
		F->eidlen[i] = e->len;
		for (j = 0; j < e->n;) {
			size_t j0 = j, nv = 0;
			i128 sum = 0;
			for (; j < e->n && e->o[j].key == e->o[j0].key; j++)
				if (e->o[j].v != NOVAL)
					sum += e->o[j].v, nv++;
			if (nv == 0)
				continue;	/* only blanks at this position */
			F->erank[m] = (size_t)e->o[j0].key;
			F->ecnt[m] = (double)nv;
			F->eval[m++] = (double)((long double)sum / (long double)nv / SCALE);
		}
	}
	F->eoff[s->nent] = m;
	return 0;
}

/* Pooled variance, N and defaults. */
static void
finish_noise(const struct rv_curve *c, struct fin *F)
{
	double ss = 0, tot = 0, tot2 = 0, kk = 0;
	size_t r;

	F->N = 0;
	for (r = 0; r < F->k; r++) {
		if (F->n[r] == 0)
			continue;
		kk++;
		F->N += (uint64_t)F->n[r];
		if (F->n[r] > 1)
			ss += F->sd[r] * F->sd[r] * (F->n[r] - 1);
		tot += F->n[r] * F->mean[r];
	}
	F->df = (double)F->N - kk;
	if (F->df >= 1 && ss > 0) {
		F->sigma2 = ss / F->df;
	} else {
		/* One value per position: fall back to the spread of the means. */
		double m = F->N ? tot / (double)F->N : 0;
		for (r = 0; r < F->k; r++)
			if (F->n[r] > 0)
				tot2 += F->n[r] * (F->mean[r] - m) * (F->mean[r] - m);
		F->sigma2 = F->N > 1 ? tot2 / (double)(F->N - 1) : 0;
		F->df = F->N > 1 ? (double)F->N - 1 : 1;
	}
	if (!(F->sigma2 > 1e-12))
		F->sigma2 = 1e-12;
	F->min_delta = isnan(c->o.min_delta) ? 0.2 * sqrt(F->sigma2) : c->o.min_delta;
	F->drop_by = isnan(c->o.drop_by) ? sqrt(F->sigma2) : c->o.drop_by;
	F->pen = isnan(c->o.pen) ? (F->N > 3 ? log((double)F->N) : log(3.0)) : c->o.pen;
}

/* Invert the symmetric positive definite k x k matrix M in place
 * (Gauss-Jordan with partial pivoting). Returns -1 when singular. */
static int
invert(double *M, size_t k, double *tmp)
{
	size_t i, j, c, piv;
	double *A = tmp, t;

	for (i = 0; i < k; i++)
		for (j = 0; j < 2 * k; j++)
			A[i * 2 * k + j] = j < k ? M[i * k + j] : (j - k == i);
	for (c = 0; c < k; c++) {
		for (piv = c, i = c + 1; i < k; i++)
			if (fabs(A[i * 2 * k + c]) > fabs(A[piv * 2 * k + c]))
				piv = i;
		if (!(fabs(A[piv * 2 * k + c]) > 1e-300))
			return -1;
		if (piv != c)
			for (j = 0; j < 2 * k; j++)
				t = A[c * 2 * k + j], A[c * 2 * k + j] = A[piv * 2 * k + j],
				    A[piv * 2 * k + j] = t;
		t = A[c * 2 * k + c];
		for (j = 0; j < 2 * k; j++)
			A[c * 2 * k + j] /= t;
		for (i = 0; i < k; i++) {
			if (i == c || A[i * 2 * k + c] == 0)
				continue;
			t = A[i * 2 * k + c];
			for (j = 0; j < 2 * k; j++)
				A[i * 2 * k + j] -= t * A[c * 2 * k + j];
		}
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			M[i * k + j] = A[i * 2 * k + k + j];
	return 0;
}

/* The weight, in values, of entity value j in the random-effects fit: its
 * count, except in a pooled conversation tail (--max-turns), where a
 * conversation's messages come from different turns of one conversation
 * (they share its drift, not only its level) and count as one value. */
#define ECNT(j) (F->pooled && F->erank[j] + 1 == F->k ? 1.0 : F->ecnt[j])

/* Positions beyond which the random-effects fit (k x k) is not tried. */
#define GLS_MAXK 128

/* The position estimates and their noise. With entities seen at two or
 * more positions: the random-effects model y = mu[position] + b[entity]
 * + e, b ~ (0, sd_b^2), e ~ (0, sd_w^2); sd_w from the entities'
 * deviations from their own mean (after the position means), sd_b^2 the
 * pooled within-position variance minus sd_w^2; mu by generalised least
 * squares, so that an entity seen on both sides of a step counts as a
 * pair and one seen once as a mean. cy gets mu, w 1 / var(mu), *cov the
 * covariance (kc x kc, malloc'd). Without entities, or when too few
 * repeat: the position means, each with its own (Welch-type) variance
 * shrunk towards the pooled one, *cov NULL. Returns 0, or -1 on OOM. */
static int
estimates(const struct fin *F, const size_t *full, size_t kc, double *cy, double *w,
    double **cov, double *sdb, double *sdw)
{
	double ss = 0, dfw = 0, s2w, s2b, s2t = F->sigma2, *M = NULL, *rr = NULL, *tmp = NULL;
	double *en = NULL, *esum = NULL, v;
	size_t *cidx = NULL, e, j, l, r, i;
	const double nu0 = 4;	/* prior weight of the pooled variance, in values */
	int rc = -1;

	*cov = NULL;
	*sdb = *sdw = NAN;
	for (i = 0; i < kc; i++) {
		r = full[i];
		cy[i] = F->mean[r];
		v = F->n[r] > 1 ? ((F->n[r] - 1) * F->sd[r] * F->sd[r] + nu0 * s2t) /
		    (F->n[r] - 1 + nu0) : s2t;
		w[i] = F->n[r] / (v > 1e-12 ? v : 1e-12);
	}
	if (F->nent == 0 || kc < 2 || kc > GLS_MAXK)
		return 0;
	for (e = 0; e < F->nent; e++) {
		double sum = 0, sum2 = 0, p = 0, d;
		for (j = F->eoff[e]; j < F->eoff[e + 1]; j++) {
			d = F->eval[j] - F->mean[F->erank[j]];
			sum += d, sum2 += d * d, p++;
		}
		if (p >= 2)
			ss += sum2 - sum * sum / p, dfw += p - 1;
	}
	if (dfw < 10)
		return 0;
	s2w = ss / dfw;
	s2b = s2t - s2w;
	if (!(s2w > 1e-12))
		return 0;
	if (s2b < 0)
		s2b = 0;
	cidx = malloc((F->k + 1) * sizeof(size_t));
	M = calloc(kc * kc, sizeof(double));
	tmp = malloc(2 * kc * kc * sizeof(double));
	rr = calloc(kc, sizeof(double));
	en = calloc(kc, sizeof(double));
	esum = calloc(kc, sizeof(double));
	if (!cidx || !M || !tmp || !rr || !en || !esum)
		goto out;
	for (i = 0; i < kc; i++)
		cidx[full[i]] = i;
	for (e = 0; e < F->nent; e++) {
		double S = 0, Sy = 0, cf;
		size_t j0 = F->eoff[e], j1 = F->eoff[e + 1];
		for (j = j0; j < j1; j++) {
			double a = ECNT(j) / s2w;
			S += a, Sy += a * F->eval[j];
		}
		cf = s2b / (1 + s2b * S);
		for (j = j0; j < j1; j++) {
			double a = ECNT(j) / s2w;
			size_t cj = cidx[F->erank[j]];
			rr[cj] += a * F->eval[j] - cf * a * Sy;
			M[cj * kc + cj] += a;
			for (l = j0; l < j1; l++)
				M[cj * kc + cidx[F->erank[l]]] -= cf * a * ECNT(l) / s2w;
			en[cj] += F->ecnt[j];
			esum[cj] += F->ecnt[j] * F->eval[j];
		}
	}
	/* Values without an entity: each on its own. */
	for (i = 0; i < kc; i++) {
		double m0 = F->n[full[i]] - en[i];
		if (m0 > 0.5) {
			M[i * kc + i] += m0 / s2t;
			rr[i] += (F->n[full[i]] * F->mean[full[i]] - esum[i]) / s2t;
		}
	}
	if (invert(M, kc, tmp) < 0) {
		rc = 0;		/* keep the plain means */
		goto out;
	}
	for (i = 0; i < kc; i++) {
		cy[i] = 0;
		for (l = 0; l < kc; l++)
			cy[i] += M[i * kc + l] * rr[l];
		w[i] = M[i * kc + i] > 0 ? 1 / M[i * kc + i] : 0;
	}
	*cov = M;
	M = NULL;
	*sdb = sqrt(s2b);
	*sdw = sqrt(s2w);
	rc = 0;
out:
	free(cidx), free(M), free(tmp), free(rr), free(en), free(esum);
	return rc;
}

struct rows {
	double *delta, *q, *jump, *lo, *hi;
	int *brk, *trend, *low;
	/* outcome per position */
	double *risk, *drop, *rdrop, *rother, *lift, *llo, *lhi;
	struct rv_cp_seg *seg;
	size_t nseg;
	size_t *full;	/* compressed index -> full position index */
	size_t kc;
	double sdb, sdw;	/* random-effects fit, or NAN */
	double tau;		/* sd of the positions beyond their noise */
};

static void
rows_free(struct rows *R)
{
	free(R->delta), free(R->q), free(R->jump), free(R->lo), free(R->hi);
	free(R->brk), free(R->trend), free(R->low), free(R->risk), free(R->drop);
	free(R->rdrop), free(R->rother), free(R->lift), free(R->llo), free(R->lhi);
	free(R->seg), free(R->full);
	memset(R, 0, sizeof(*R));
}

/* Model averaging: the prior cost of a jump (a slope costs twice it). */
static double
bma_pj(const struct rv_curve *c)
{
	return isnan(c->o.pen) ? 4 : c->o.pen;
}

static int
analyse(const struct rv_curve *c, const struct fin *F, struct rows *R)
{
	size_t k = F->k, r, i, kc = 0;
	double *cn = NULL, *cy = NULL, *cw = NULL, *cov = NULL, t, lowv = INFINITY;
	double pstep[RV_CP_BMA_MAXK];
	int bma;
	struct rv_cp_opts o;
	struct rv_cp_result res;
	int rc = -1;

	memset(R, 0, sizeof(*R));
	memset(&res, 0, sizeof(res));
#define A(x, T) ((R->x = calloc(k + 1, sizeof(T))) == NULL)
	if (A(delta, double) || A(q, double) || A(jump, double) || A(lo, double) ||
	    A(hi, double) || A(brk, int) || A(trend, int) || A(low, int) || A(risk, double) ||
	    A(drop, double) || A(rdrop, double) || A(rother, double) || A(lift, double) ||
	    A(llo, double) || A(lhi, double) || A(seg, struct rv_cp_seg) || A(full, size_t))
		goto out;
#undef A
	cn = calloc(k + 1, sizeof(double));
	cy = calloc(k + 1, sizeof(double));
	cw = calloc(k + 1, sizeof(double));
	res.jump = calloc(k + 1, sizeof(double));
	res.p = calloc(k + 1, sizeof(double));
	res.q = calloc(k + 1, sizeof(double));
	res.brk = calloc(k + 1, sizeof(int));
	res.trend = calloc(k + 1, sizeof(int));
	res.seg = R->seg;
	if (!cn || !cy || !cw || !res.jump || !res.p || !res.q || !res.brk || !res.trend)
		goto out;
	for (r = 0; r < k; r++) {
		R->q[r] = R->jump[r] = R->delta[r] = R->lo[r] = R->hi[r] = NAN;
		R->risk[r] = R->drop[r] = 0;
		R->rdrop[r] = R->rother[r] = R->lift[r] = R->llo[r] = R->lhi[r] = NAN;
		if (F->n[r] == 0)
			continue;
		R->full[kc] = r;
		cn[kc] = F->n[r];
		cy[kc++] = F->mean[r];
		if (F->n[r] > 1) {
			t = rv_cps_t_quantile(1 - c->o.alpha / 2, F->n[r] - 1);
			R->lo[r] = F->mean[r] - t * F->sd[r] / sqrt(F->n[r]);
			R->hi[r] = F->mean[r] + t * F->sd[r] / sqrt(F->n[r]);
		}
		if (F->mean[r] < lowv)
			lowv = F->mean[r];
	}
	R->kc = kc;
	/* delta: change from the previous position that has data. */
	for (i = 1; i < kc; i++)
		R->delta[R->full[i]] = cy[i] - cy[i - 1];
	for (i = 0; i < kc; i++)
		if (cy[i] == lowv) {
			R->low[R->full[i]] = 1;
			break;
		}
	if (estimates(F, R->full, kc, cy, cw, &cov, &R->sdb, &R->sdw) < 0)
		goto out;
	memset(&o, 0, sizeof(o));
	o.sigma2 = F->sigma2;
	o.df = cov ? 0 : F->df;
	o.pen = F->pen;
	o.pen_slope = 0.75 * F->pen;
	o.hinge_pen = 0.75 * F->pen;
	o.ramp_pen = F->pen;
	o.thin_df = 1;
	o.min_linear = 3;
	o.alpha = c->o.alpha;
	o.min_delta = F->min_delta;
	o.w = cw;
	o.cov = cov;
	/* Short curves: Bayesian model averaging (changepoint.h). A jump's
	 * prior sd is 0.7 within-position sd, a slope's 0.5 (a ramp over
	 * three or four positions then changes by about as much as a step);
	 * each jump costs 4 (a weight of exp(-2), odds of about 1 in 7.4)
	 * and each slope twice that, or --penalty. Set on development seeds
	 * of rv-sample --realistic (scripts/bench-curve.sh): with a jump's
	 * prior sd of 1 sd and a cost of 3, flat journeys had a false
	 * breakpoint 2.8 times as often as under binary segmentation's BIC
	 * stop, mostly at the first or last stage, and one-step journeys
	 * lost to it. A gap's probability is that of a jump of at least
	 * min-delta (0.2 sd, where a "small" effect starts): the floor on
	 * the fitted jump alone, at 0.3 sd, cut real steps of 0.27 sd that
	 * the data left no doubt about, and at 0.2 sd it let through
	 * jumps of barely 0.2 sd that were likely noise. */
	o.bma_sj = 0.7;
	o.bma_ss = 0.5;
	o.bma_pj = bma_pj(c);
	o.bma_ps = 2 * o.bma_pj;
	o.bma_thr = 0.45;
	bma = kc <= RV_CP_BMA_MAXK;
	if ((bma ? rv_cp_bayes(cn, cy, kc, &o, &res, pstep) : rv_cp_segment(cn, cy, kc, &o, &res)) < 0)
		goto out;
	/* Positions that differ beyond their noise (drift, day effects):
	 * widen every position's variance by tau^2 and search again. */
	R->tau = sqrt(rv_cp_excess(cn, cy, kc, &o, &res));
	if (R->tau > 0) {
		for (i = 0; i < kc; i++) {
			cw[i] = cw[i] > 0 ? 1 / (1 / cw[i] + R->tau * R->tau) : 0;
			if (cov)
				cov[i * kc + i] += R->tau * R->tau;
		}
		if ((bma ? rv_cp_bayes(cn, cy, kc, &o, &res, pstep) :
		    rv_cp_segment(cn, cy, kc, &o, &res)) < 0)
			goto out;
	}
	if (bma)
		o.pstep = pstep;
	R->nseg = res.nseg;
	for (i = 0; i < kc; i++)
		res.p[i] = NAN;
	if (rv_cp_decide(cn, kc, &o, &res) < 0)
		goto out;
	for (i = 0; i < kc; i++) {
		r = R->full[i];
		R->q[r] = res.q[i];
		R->jump[r] = res.jump[i];
		R->brk[r] = res.brk[i];
		R->trend[r] = res.trend[i];
	}
	rc = 0;
out:
	free(cn), free(cy), free(cw), free(cov), free(res.jump), free(res.p), free(res.q),
	    free(res.brk), free(res.trend);
	return rc;
}

/* Entities whose value fell by min_delta since their previous position. */
static void
outcome_lift(const struct rv_curve *c, const struct fin *F, struct rows *R)
{
	double *a, *n1, *cc, *n2;
	size_t e, j, r;

	a = calloc(4 * (F->k + 1), sizeof(double));
	if (a == NULL)
		return;
	n1 = a + F->k + 1, cc = n1 + F->k + 1, n2 = cc + F->k + 1;
	for (e = 0; e < F->nent; e++) {
		if (F->eout[e] < 0)
			continue;
		for (j = F->eoff[e] + 1; j < F->eoff[e + 1]; j++) {
			r = F->erank[j];
			R->risk[r]++;
			if (F->eval[j] - F->eval[j - 1] <= -F->drop_by) {
				R->drop[r]++;
				n1[r]++, a[r] += F->eout[e];
			} else {
				n2[r]++, cc[r] += F->eout[e];
			}
		}
	}
	for (r = 0; r < F->k; r++) {
		if (n1[r] > 0)
			R->rdrop[r] = a[r] / n1[r];
		if (n2[r] > 0)
			R->rother[r] = cc[r] / n2[r];
		if (n1[r] > 0 && n2[r] > 0)
			rv_cps_ratio_ci(a[r], n1[r], cc[r], n2[r], c->o.alpha, &R->lift[r],
			    &R->llo[r], &R->lhi[r]);
	}
	free(a);
}

static int
finish_seg(struct rv_curve *c, struct seg *s, struct fin *F)
{
	if (!c->zchecked)
		rv_curve_zeros(c, NULL);
	memset(F, 0, sizeof(*F));
	if ((c->o.conv ? finish_messages(c, s, F) : finish_positions(c, s, F)) < 0)
		return -1;
	if (c->o.entities && finish_entities(s, F) < 0)
		return -1;
	if (F->pooled && F->k > 0) {
		F->label[F->k - 1] = F->tail_label;
		F->llen[F->k - 1] = strlen(F->tail_label);
	}
	finish_noise(c, F);
	return 0;
}

/* ---- output ---- */

/* A cell of the table: text gathered per row, aligned with --pretty. */
struct table {
	struct rv_out *o;
	int pretty;
	char **cell;
	size_t ncell, cap, ncol;
};

static void
cell(struct table *t, const char *p, size_t n)
{
	char **cc, *d;

	if (!t->pretty) {
		if (t->ncell++ % t->ncol)
			rv_out_tab(t->o);
		rv_out_field(t->o, p, n);
		if (t->ncell % t->ncol == 0)
			rv_out_eol(t->o);
		return;
	}
	cc = rv_grow(t->cell, &t->cap, t->ncell + 1, sizeof(char *));
	if (cc == NULL)
		return;
	t->cell = cc;
	d = rv_memdup(p, n);
	for (size_t i = 0; d != NULL && i < n; i++)
		if (d[i] == '\t' || d[i] == '\n' || d[i] == '\r' || d[i] == '\0')
			d[i] = ' ';
	t->cell[t->ncell++] = d;
}

static void
cells(struct table *t, const char *s)
{
	cell(t, s, strlen(s));
}

static void
cellnum(struct table *t, double v, int prec)
{
	char b[48];

	if (isnan(v))
		cell(t, "", 0);
	else
		cell(t, b, rv_num_fmt(b, v, prec));
}

/* Display width: CJK and full-width characters take two columns. */
static size_t
width(const char *s)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += (*p >= 0xE3 && *p <= 0xED) || *p == 0xEF ? 2 : 1;
	}
	return w;
}

static void
table_end(struct table *t)
{
	size_t *wd, i, c;

	if (!t->pretty)
		return;
	wd = calloc(t->ncol, sizeof(size_t));
	for (i = 0; wd != NULL && i < t->ncell; i++) {
		size_t w = t->cell[i] ? width(t->cell[i]) : 0;
		if (w > wd[i % t->ncol])
			wd[i % t->ncol] = w;
	}
	for (i = 0; wd != NULL && i < t->ncell; i++) {
		const char *s = t->cell[i] ? t->cell[i] : "";
		c = i % t->ncol;
		rv_out_puts(t->o, s);
		if (c + 1 == t->ncol) {
			rv_out_eol(t->o);
		} else {
			for (size_t w = width(s); w < wd[c] + 2; w++)
				rv_out_putc(t->o, ' ');
		}
	}
	for (i = 0; i < t->ncell; i++)
		free(t->cell[i]);
	free(t->cell), free(wd);
	t->cell = NULL;
	t->ncell = t->cap = 0;
}

static const char *const curve_cols[] = {"segment", "index", "position", "n", "mean",
    "ci_low", "ci_high", "delta", "breakpoint", "q", "trend", "neg_share", "low"};
static const char *const outcome_cols[] = {"at_risk", "dropped", "drop_rate",
    "other_rate", "lift", "lift_low", "lift_high"};

static const char *
effect(double d)
{
	d = fabs(d);
	return d < 0.2 ? "negligible" : d < 0.5 ? "small" : d < 0.8 ? "moderate" : "large";
}

static void
summary(const struct rv_curve *c, struct rv_out *o, const struct seg *s, const struct fin *F, const struct rows *R)
{
	char a[48], b[48], d[48], q[48];
	size_t r, lowr = 0, j;
	double sd = sqrt(F->sigma2);

	for (r = 0; r < F->k; r++)
		if (R->low[r])
			lowr = r;
	rv_out_puts(o, "# ");
	rv_out_field(o, s->name, s->len);
	if (R->kc == 0) {
		rv_out_puts(o, ": no values\n");
		return;
	}
	rv_num_fmt(a, F->mean[lowr], 3);
	rv_out_printf(o, ": lowest point ");
	rv_out_field(o, F->label[lowr], F->llen[lowr]);
	rv_out_printf(o, " (mean %s, n %.0f)\n", a, F->n[lowr]);
	for (r = 0; r < F->k; r++) {
		if (!R->brk[r])
			continue;
		/* The step: the fitted levels either side of the boundary. */
		for (j = 1; j < R->nseg; j++)
			if (R->full[R->seg[j].a] == r)
				break;
		rv_num_fmt(a, j < R->nseg ? rv_cp_fit(&R->seg[j - 1], (double)R->seg[j].a - 1) : 0, 3);
		rv_num_fmt(b, j < R->nseg ? rv_cp_fit(&R->seg[j], (double)R->seg[j].a -
		    (R->seg[j].hinged ? 1 : 0)) : 0, 3);
		rv_num_fmt(d, R->jump[r], 3);
		rv_num_fmt(q, R->q[r], 4);
		rv_out_printf(o, "# %s at ", R->brk[r] < 0 ? "drop" : "rise");
		rv_out_field(o, F->label[r], F->llen[r]);
		rv_out_printf(o, ": %s -> %s (step %s, q %s, %s effect)\n", a, b, d, q,
		    effect(R->jump[r] / sd));
	}
	for (j = 0; j < R->nseg; j++) {
		const struct rv_cp_seg *g = &R->seg[j];
		size_t a0 = g->a - (size_t)g->hinged, r0 = R->full[a0], r1 = R->full[g->b - 1];
		if (!g->linear || !R->trend[R->full[g->a]])
			continue;
		rv_num_fmt(d, g->slope * (double)(g->b - 1 - a0), 3);
		rv_out_printf(o, "# trend %s from ", R->trend[r0] < 0 ? "down" : "up");
		rv_out_field(o, F->label[r0], F->llen[r0]);
		rv_out_puts(o, " to ");
		rv_out_field(o, F->label[r1], F->llen[r1]);
		rv_out_printf(o, ": change %s\n", d);
	}
	rv_num_fmt(b, F->min_delta, 3);
	rv_num_fmt(d, sd, 3);
	rv_num_fmt(q, F->drop_by, 3);
	if (R->kc <= RV_CP_BMA_MAXK) {
		rv_num_fmt(a, bma_pj(c), 2);
		rv_out_printf(o, "# model averaging: cost %s per jump, ", a);
		rv_num_fmt(a, 2 * bma_pj(c), 2);
		rv_out_printf(o, "%s per slope (%s, N %llu), min-delta %s, drop-by %s, sd %s\n", a,
		    isnan(c->o.pen) ? "default" : "--penalty", (unsigned long long)F->N, b, q, d);
	} else {
		rv_num_fmt(a, F->pen, 2);
		rv_out_printf(o, "# penalty %s per segment (%s, N %llu), min-delta %s, drop-by %s, sd %s\n",
		    a, isnan(c->o.pen) ? "ln N" : "--penalty", (unsigned long long)F->N, b, q, d);
	}
	if (!isnan(R->sdb)) {
		rv_num_fmt(a, R->sdb, 3);
		rv_num_fmt(b, R->sdw, 3);
		rv_out_printf(o, "# noise: random-effects model, sd between entities %s, within %s", a, b);
	} else
		rv_out_printf(o, "# noise: each position's own variance%s",
		    F->nent ? " (too few entities seen twice for the random-effects model)" : "");
	if (R->tau > 0) {
		rv_num_fmt(q, R->tau, 3);
		rv_out_printf(o, "; positions vary beyond it by sd %s", q);
	}
	rv_out_eol(o);
}

static int
sorted_segs(struct rv_curve *c, struct seg ***out)
{
	struct seg **ss = malloc((c->nseg + 1) * sizeof(*ss));

	if (ss == NULL)
		return -1;
	if (c->nseg > 0) {	/* c->seg is NULL before the first segment */
		memcpy(ss, c->seg, c->nseg * sizeof(*ss));
		qsort(ss, c->nseg, sizeof(*ss), cmp_seg);
	}
	*out = ss;
	return 0;
}

int
rv_curve_write(struct rv_curve *c, struct rv_out *o, int pretty)
{
	struct table t = {o, pretty, NULL, 0, 0, 13 + (c->o.outcome ? 7 : 0)};
	struct seg **ss;
	struct fin F;
	struct rows R;
	size_t i, r;
	char idx[32];

	if (sorted_segs(c, &ss) < 0)
		return RV_CURVE_ENOMEM;
	for (i = 0; i < 13; i++)
		cells(&t, curve_cols[i]);
	for (i = 0; c->o.outcome && i < 7; i++)
		cells(&t, outcome_cols[i]);
	for (i = 0; i < c->nseg; i++) {
		if (finish_seg(c, ss[i], &F) < 0 || analyse(c, &F, &R) < 0) {
			fin_free(&F);
			free(ss);
			return RV_CURVE_ENOMEM;
		}
		if (c->o.outcome)
			outcome_lift(c, &F, &R);
		for (r = 0; r < F.k; r++) {
			cell(&t, ss[i]->name, ss[i]->len);
			snprintf(idx, sizeof(idx), "%zu", r + 1);
			cells(&t, idx);
			cell(&t, F.label[r], F.llen[r]);
			cellnum(&t, F.n[r], 0);
			cellnum(&t, F.mean[r], 4);
			cellnum(&t, R.lo[r], 4);
			cellnum(&t, R.hi[r], 4);
			cellnum(&t, R.delta[r], 4);
			cells(&t, R.brk[r] < 0 ? "drop" : R.brk[r] > 0 ? "rise" : "");
			cellnum(&t, R.q[r], 4);
			cells(&t, R.trend[r] < 0 ? "down" : R.trend[r] > 0 ? "up" : "");
			cellnum(&t, F.neg[r], 4);
			cells(&t, R.low[r] ? "low" : "");
			if (c->o.outcome) {
				cellnum(&t, R.risk[r], 0);
				cellnum(&t, R.drop[r], 0);
				cellnum(&t, R.rdrop[r], 4);
				cellnum(&t, R.rother[r], 4);
				cellnum(&t, R.lift[r], 4);
				cellnum(&t, R.llo[r], 4);
				cellnum(&t, R.lhi[r], 4);
			}
		}
		if (pretty) {
			table_end(&t);
			summary(c, o, ss[i], &F, &R);
		}
		rows_free(&R);
		fin_free(&F);
	}
	table_end(&t);
	free(ss);
	return 0;
}

/* qsort context: the finished entity table being sorted. */
static const struct fin *sort_fin;

static int
cmp_ent(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	return cmp_bytes(sort_fin->eid[i], sort_fin->eidlen[i], sort_fin->eid[j],
	    sort_fin->eidlen[j]);
}

static const char *const each_cols[] = {"segment", "id", "n", "low_index", "low_position",
    "low_value", "end_value", "peak_end", "drops", "recovered", "outcome"};

int
rv_curve_write_each(struct rv_curve *c, struct rv_out *o)
{
	struct table t = {o, 0, NULL, 0, 0, 10 + (c->o.outcome ? 1 : 0)};
	struct seg **ss;
	struct fin F;
	size_t i, e, j, *ord, lo;
	int drops;
	double end;
	char b[32];

	if (sorted_segs(c, &ss) < 0)
		return RV_CURVE_ENOMEM;
	for (i = 0; i < t.ncol; i++)
		cells(&t, each_cols[i]);
	for (i = 0; i < c->nseg; i++) {
		if (finish_seg(c, ss[i], &F) < 0 ||
		    (ord = malloc((F.nent + 1) * sizeof(size_t))) == NULL) {
			fin_free(&F);
			free(ss);
			return RV_CURVE_ENOMEM;
		}
		for (e = 0; e < F.nent; e++)
			ord[e] = e;
		sort_fin = &F;
		qsort(ord, F.nent, sizeof(size_t), cmp_ent);
		for (e = 0; e < F.nent; e++) {
			size_t x = ord[e], j0 = F.eoff[x], j1 = F.eoff[x + 1];
			if (j0 == j1)
				continue;
			lo = j0;
			drops = 0;
			for (j = j0 + 1; j < j1; j++) {
				if (F.eval[j] < F.eval[lo])
					lo = j;
				drops += F.eval[j] - F.eval[j - 1] <= -F.drop_by;
			}
			end = F.eval[j1 - 1];
			cell(&t, ss[i]->name, ss[i]->len);
			cell(&t, F.eid[x], F.eidlen[x]);
			snprintf(b, sizeof(b), "%zu", j1 - j0);
			cells(&t, b);
			snprintf(b, sizeof(b), "%zu", F.erank[lo] + 1);
			cells(&t, b);
			cell(&t, F.label[F.erank[lo]], F.llen[F.erank[lo]]);
			cellnum(&t, F.eval[lo], 4);
			cellnum(&t, end, 4);
			cellnum(&t, (F.eval[lo] + end) / 2, 4);
			snprintf(b, sizeof(b), "%d", drops);
			cells(&t, b);
			cells(&t, drops == 0 ? "" : end - F.eval[lo] >= F.drop_by ? "yes" : "no");
			if (c->o.outcome)
				cells(&t, F.eout[x] < 0 ? "" : F.eout[x] ? "1" : "0");
		}
		free(ord);
		fin_free(&F);
	}
	free(ss);
	return 0;
}
