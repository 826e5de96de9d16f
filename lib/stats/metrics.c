/* metrics.c - scores of predictions against gold labels, overall and per
 * group. Labels are interned once (index into m->names); each group keeps
 * only counts, so memory grows with distinct labels and groups, not rows.
 * Single-label counts are kept as a sparse (gold, pred) -> n table, so a
 * column of free text given by mistake costs O(rows), not O(labels^2). */
#include "metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "num.h"

/* Label index of an empty prediction (no class). */
#define NONE UINT32_MAX

/* (gold, pred) -> count, open addressing; n == 0 marks a free slot. */
struct pair {
	uint64_t key;
	unsigned long n;
};

struct group {
	const char *key;	/* the key in m->gidx; NULL for the overall group */
	size_t keylen;
	unsigned long n, skipped, correct;
	/* LABEL */
	struct pair *pairs;
	size_t pcap, pn;
	/* MULTI: per-label counts, [ncnt] long (grown as labels appear) */
	unsigned long *tp, *fp, *fn;
	size_t ncnt;
	double jaccard;
	/* NUMERIC: running means and co-moments (Welford), error sums */
	double mg, mp, m2g, m2p, cgp, sabs, ssq, serr;
};

struct rv_metrics {
	enum rv_metrics_mode mode;
	int keep_empty;
	struct rv_hash labels;	/* label -> index + 1 */
	char **names;		/* index -> label (keys of labels) */
	size_t *lens;
	size_t nlab, labcap;
	uint32_t *classes;	/* --classes, in order; NULL: all seen */
	size_t nclasses;
	struct rv_hash map;	/* --map: old -> new (owned string) */
	struct rv_hash gidx;	/* group key -> index + 1 */
	struct group *groups;	/* [0] overall */
	size_t ngroup, gcap;
	uint32_t *gset, *pset;	/* MULTI: the row's sets */
	size_t gsetcap, psetcap;
	struct rv_metrics_report *reps;
	size_t nrep;
};

struct rv_metrics *
rv_metrics_new(enum rv_metrics_mode mode)
{
	struct rv_metrics *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->mode = mode;
	m->groups = calloc(8, sizeof(*m->groups));
	if (m->groups == NULL) {
		free(m);
		return NULL;
	}
	m->gcap = 8;
	m->ngroup = 1;
	return m;
}

static void
free_reports(struct rv_metrics *m)
{
	size_t i;

	for (i = 0; i < m->nrep; i++) {
		free(m->reps[i].cls);
		free(m->reps[i].cells);
	}
	free(m->reps);
	m->reps = NULL;
	m->nrep = 0;
}

void
rv_metrics_free(struct rv_metrics *m)
{
	size_t i;
	struct rv_hash_ent *e;

	if (m == NULL)
		return;
	free_reports(m);
	for (i = 0; i < m->ngroup; i++) {
		struct group *g = &m->groups[i];
		free(g->pairs);
		free(g->tp);
		free(g->fp);
		free(g->fn);
	}
	free(m->groups);
	i = 0;
	while ((e = rv_hash_iter(&m->map, &i)) != NULL)
		free(e->val);
	rv_hash_free(&m->map);
	rv_hash_free(&m->labels);
	rv_hash_free(&m->gidx);
	free(m->names);
	free(m->lens);
	free(m->classes);
	free(m->gset);
	free(m->pset);
	free(m);
}

void
rv_metrics_keep_empty(struct rv_metrics *m, int keep)
{
	m->keep_empty = keep;
}

/* Index of label p[0..n), interned when new; NONE on OOM. */
static uint32_t
intern(struct rv_metrics *m, const char *p, size_t n)
{
	int isnew;
	struct rv_hash_ent *e = rv_hash_put(&m->labels, p, n, &isnew);

	if (e == NULL)
		return NONE;
	if (!isnew)
		return (uint32_t)((uintptr_t)e->val - 1);
	if (m->nlab == m->labcap) {
		size_t nc = m->labcap ? m->labcap * 2 : 16;
		char **nn = realloc(m->names, nc * sizeof(*nn));
		size_t *nl;
		if (nn == NULL)
			return NONE;
		m->names = nn;
		if ((nl = realloc(m->lens, nc * sizeof(*nl))) == NULL)
			return NONE;
		m->lens = nl;
		m->labcap = nc;
	}
	m->names[m->nlab] = e->key;
	m->lens[m->nlab] = n;
	e->val = (void *)(uintptr_t)(m->nlab + 1);
	return (uint32_t)m->nlab++;
}

/* Calls fn(ctx, item, len) for each comma-separated item of p[0..n),
 * spaces around items trimmed, empty items skipped. Stops at fn's first
 * non-zero return and returns it. */
static int
each_item(const char *p, size_t n, int (*fn)(void *, const char *, size_t), void *ctx)
{
	size_t i = 0;

	while (i <= n) {
		const char *c = i < n ? memchr(p + i, ',', n - i) : NULL;
		size_t j = c ? (size_t)(c - p) : n, a = i, b = j;
		int rc;
		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		if (b > a && (rc = fn(ctx, p + a, b - a)) != 0)
			return rc;
		i = j + 1;
	}
	return 0;
}

static int
add_class(void *ctx, const char *p, size_t n)
{
	struct rv_metrics *m = ctx;
	uint32_t k = intern(m, p, n);
	size_t i;

	if (k == NONE)
		return -1;
	for (i = 0; i < m->nclasses; i++)
		if (m->classes[i] == k)
			return -2;
	m->classes[m->nclasses++] = k;
	return 0;
}

int
rv_metrics_set_classes(struct rv_metrics *m, const char *list)
{
	size_t n = strlen(list);
	int rc;

	free(m->classes);
	m->nclasses = 0;
	if ((m->classes = malloc((n / 2 + 2) * sizeof(*m->classes))) == NULL)
		return -1;
	rc = each_item(list, n, add_class, m);
	if (rc == 0 && m->nclasses == 0)
		return -2;
	return rc;
}

static int
add_map(void *ctx, const char *p, size_t n)
{
	struct rv_metrics *m = ctx;
	const char *eq = memchr(p, '=', n);
	struct rv_hash_ent *e;
	char *to;
	size_t tl;
	int isnew;

	if (eq == NULL || eq == p)
		return -2;
	tl = n - (size_t)(eq + 1 - p);
	if ((e = rv_hash_put(&m->map, p, (size_t)(eq - p), &isnew)) == NULL)
		return -1;
	if (!isnew)
		return -2;	/* 0=neg,0=pos: which one is meant? */
	if ((to = malloc(tl + 1)) == NULL)
		return -1;
	memcpy(to, eq + 1, tl);
	to[tl] = '\0';
	free(e->val);
	e->val = to;
	return 0;
}

int
rv_metrics_set_map(struct rv_metrics *m, const char *list)
{
	return each_item(list, strlen(list), add_map, m);
}

/* Apply --map to the value p[0..n). */
static void
remap(const struct rv_metrics *m, const char **p, size_t *n)
{
	struct rv_hash_ent *e;

	if (m->map.n == 0 || (e = rv_hash_get(&m->map, *p, *n)) == NULL)
		return;
	*p = e->val;
	*n = strlen(e->val);
}

static struct group *
get_group(struct rv_metrics *m, const char *key, size_t len)
{
	int isnew;
	struct rv_hash_ent *e = rv_hash_put(&m->gidx, key, len, &isnew);
	struct group *g;

	if (e == NULL)
		return NULL;
	if (!isnew)
		return &m->groups[(uintptr_t)e->val - 1];
	if (m->ngroup == m->gcap) {
		struct group *ng = realloc(m->groups, m->gcap * 2 * sizeof(*ng));
		if (ng == NULL)
			return NULL;
		m->groups = ng;
		m->gcap *= 2;
	}
	g = &m->groups[m->ngroup];
	memset(g, 0, sizeof(*g));
	g->key = e->key;	/* shared with the hash; freed there */
	g->keylen = len;
	e->val = (void *)(uintptr_t)(m->ngroup + 1);
	m->ngroup++;
	return g;
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 29);
}

static int
pair_add(struct group *g, uint32_t gold, uint32_t pred)
{
	uint64_t key = (uint64_t)gold << 32 | pred;
	size_t i, mask;

	if ((g->pn + 1) * 2 > g->pcap) {
		size_t nc = g->pcap ? g->pcap * 2 : 16, j;
		struct pair *np = calloc(nc, sizeof(*np));
		if (np == NULL)
			return -1;
		for (j = 0; j < g->pcap; j++) {
			if (g->pairs[j].n == 0)
				continue;
			for (i = mix(g->pairs[j].key) & (nc - 1); np[i].n; i = (i + 1) & (nc - 1))
				;
			np[i] = g->pairs[j];
		}
		free(g->pairs);
		g->pairs = np;
		g->pcap = nc;
	}
	mask = g->pcap - 1;
	for (i = mix(key) & mask; g->pairs[i].n && g->pairs[i].key != key; i = (i + 1) & mask)
		;
	if (g->pairs[i].n == 0) {
		g->pairs[i].key = key;
		g->pn++;
	}
	g->pairs[i].n++;
	return 0;
}

/* Make the MULTI counters of g cover every interned label. */
static int
grow_counts(struct group *g, size_t n)
{
	unsigned long **v[3] = {&g->tp, &g->fp, &g->fn};
	size_t k;

	if (g->ncnt >= n)
		return 0;
	for (k = 0; k < 3; k++) {
		unsigned long *p = realloc(*v[k], n * sizeof(*p));
		if (p == NULL)
			return -1;
		memset(p + g->ncnt, 0, (n - g->ncnt) * sizeof(*p));
		*v[k] = p;
	}
	g->ncnt = n;
	return 0;
}

struct setctx {
	struct rv_metrics *m;
	uint32_t **set;
	size_t *cap, n;
};

static int
add_item(void *ctx, const char *p, size_t n)
{
	struct setctx *s = ctx;
	uint32_t k;
	size_t i;

	remap(s->m, &p, &n);
	if (n == 0)
		return 0;	/* --map none= : the item is dropped, as an empty item is */
	if ((k = intern(s->m, p, n)) == NONE)
		return -1;
	for (i = 0; i < s->n; i++)
		if ((*s->set)[i] == k)
			return 0;
	if (s->n == *s->cap) {
		size_t nc = *s->cap ? *s->cap * 2 : 8;
		uint32_t *ns = realloc(*s->set, nc * sizeof(*ns));
		if (ns == NULL)
			return -1;
		*s->set = ns;
		*s->cap = nc;
	}
	(*s->set)[s->n++] = k;
	return 0;
}

static int
in_set(const uint32_t *set, size_t n, uint32_t k)
{
	while (n-- > 0)
		if (set[n] == k)
			return 1;
	return 0;
}

/* Score the sets of the current row (m->gset, m->pset) into g. */
static int
multi_add(struct rv_metrics *m, struct group *g, size_t ng, size_t np)
{
	size_t i, inter = 0;

	if (grow_counts(g, m->nlab) < 0)
		return -1;
	for (i = 0; i < ng; i++) {
		if (in_set(m->pset, np, m->gset[i])) {
			g->tp[m->gset[i]]++;
			inter++;
		} else
			g->fn[m->gset[i]]++;
	}
	for (i = 0; i < np; i++)
		if (!in_set(m->gset, ng, m->pset[i]))
			g->fp[m->pset[i]]++;
	if (inter == ng && inter == np)
		g->correct++;
	g->jaccard += ng + np == 0 ? 1.0 : (double)inter / (double)(ng + np - inter);
	return 0;
}

static void
num_add(struct group *g, double gv, double pv)
{
	/* g->n already counts this row. */
	double n = (double)g->n, dg = gv - g->mg, dp = pv - g->mp, e = pv - gv;

	g->mg += dg / n;
	g->mp += dp / n;
	g->m2g += dg * (gv - g->mg);
	g->m2p += dp * (pv - g->mp);
	g->cgp += dg * (pv - g->mp);
	g->sabs += fabs(e);
	g->ssq += e * e;
	g->serr += e;
}

int
rv_metrics_add(struct rv_metrics *m, const char *by, size_t bylen,
    const char *gold, size_t glen, const char *pred, size_t plen)
{
	struct group *gs[2];
	size_t ngs = 1, k, ng = 0, np = 0;
	uint32_t gi = NONE, pi = NONE;
	double gv = 0, pv = 0;

	gs[0] = &m->groups[0];
	if (by != NULL) {
		if ((gs[1] = get_group(m, by, bylen)) == NULL)
			return RV_METRICS_ENOMEM;
		gs[0] = &m->groups[0];	/* get_group may move groups */
		ngs = 2;
	}
	if (glen == 0 && !m->keep_empty) {
		for (k = 0; k < ngs; k++)
			gs[k]->skipped++;
		return RV_METRICS_SKIPPED;
	}
	switch (m->mode) {
	case RV_METRICS_LABEL:
		remap(m, &gold, &glen);
		remap(m, &pred, &plen);
		if ((gi = intern(m, gold, glen)) == NONE)
			return RV_METRICS_ENOMEM;
		if (plen > 0 && (pi = intern(m, pred, plen)) == NONE)
			return RV_METRICS_ENOMEM;
		break;
	case RV_METRICS_MULTI: {
		struct setctx s = {m, &m->gset, &m->gsetcap, 0};
		if (each_item(gold, glen, add_item, &s) != 0)
			return RV_METRICS_ENOMEM;
		ng = s.n;
		s.set = &m->pset;
		s.cap = &m->psetcap;
		s.n = 0;
		if (each_item(pred, plen, add_item, &s) != 0)
			return RV_METRICS_ENOMEM;
		np = s.n;
		break;
	}
	case RV_METRICS_NUMERIC:
		if (rv_num_parse(gold, glen, &gv) < 0)
			return RV_METRICS_EGOLD;
		if (rv_num_parse(pred, plen, &pv) < 0)
			return RV_METRICS_EPRED;
		break;
	}
	for (k = 0; k < ngs; k++) {
		struct group *g = gs[k];
		g->n++;
		if (m->mode == RV_METRICS_LABEL) {
			if (pair_add(g, gi, pi) < 0)
				return RV_METRICS_ENOMEM;
			g->correct += gi == pi;
		} else if (m->mode == RV_METRICS_MULTI) {
			if (multi_add(m, g, ng, np) < 0)
				return RV_METRICS_ENOMEM;
		} else
			num_add(g, gv, pv);
	}
	return RV_METRICS_OK;
}

/* Bytewise order of labels (shorter prefix first). */
static int
labcmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	if (c != 0)
		return c;
	return al < bl ? -1 : al > bl;
}

/* qsort context: qsort has none, and reports are built one at a time. */
static const struct rv_metrics *sort_m;

static int
cmp_idx(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return labcmp(sort_m->names[x], sort_m->lens[x], sort_m->names[y], sort_m->lens[y]);
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct rv_cell *x = a, *y = b;
	int c = labcmp(x->gold, x->glen, y->gold, y->glen);

	if (c != 0)
		return c;
	if (x->pred == NULL || y->pred == NULL)
		return (x->pred == NULL) - (y->pred == NULL);
	return labcmp(x->pred, x->plen, y->pred, y->plen);
}

static int
cmp_rep(const void *a, const void *b)
{
	const struct rv_metrics_report *x = a, *y = b;

	return labcmp(x->by, x->bylen, y->by, y->bylen);
}

static double
ratio(unsigned long a, unsigned long b)
{
	return b ? (double)a / (double)b : 0.0;
}

static void
score(struct rv_class_stat *c)
{
	c->precision = ratio(c->tp, c->tp + c->fp);
	c->recall = ratio(c->tp, c->tp + c->fn);
	c->f1 = c->precision + c->recall > 0 ?
	    2 * c->precision * c->recall / (c->precision + c->recall) : 0.0;
}

/* Fill r's classes from per-label counts tp/fp/fn[nlab]: the --classes
 * list, or every label with a count, sorted. */
static int
fill_classes(const struct rv_metrics *m, struct rv_metrics_report *r,
    const unsigned long *tp, const unsigned long *fp, const unsigned long *fn, size_t ncnt)
{
	uint32_t *idx;
	size_t i, n = 0;
	unsigned long sup = 0, stp = 0, sfp = 0, sfn = 0;
	double sp = 0, sr = 0, sf = 0, wf = 0;

	if ((idx = malloc((m->nlab + 1) * sizeof(*idx))) == NULL)
		return -1;
	if (m->classes != NULL) {
		/* A listed class with no gold and no prediction has no score:
		 * it is left out rather than averaged in as 0. */
		for (i = 0; i < m->nclasses; i++) {
			uint32_t k = m->classes[i];
			if (k < ncnt && (tp[k] || fp[k] || fn[k]))
				idx[n++] = k;
		}
	} else {
		for (i = 0; i < ncnt; i++)
			if (tp[i] || fp[i] || fn[i])
				idx[n++] = (uint32_t)i;
		sort_m = m;
		qsort(idx, n, sizeof(*idx), cmp_idx);
	}
	if ((r->cls = calloc(n + 1, sizeof(*r->cls))) == NULL) {
		free(idx);
		return -1;
	}
	r->nclass = n;
	for (i = 0; i < n; i++) {
		struct rv_class_stat *c = &r->cls[i];
		uint32_t k = idx[i];
		c->name = m->names[k];
		c->len = m->lens[k];
		if (k < ncnt) {
			c->tp = tp[k];
			c->fp = fp[k];
			c->fn = fn[k];
		}
		score(c);
		sp += c->precision;
		sr += c->recall;
		sf += c->f1;
		wf += c->f1 * (double)(c->tp + c->fn);
		sup += c->tp + c->fn;
		stp += c->tp;
		sfp += c->fp;
		sfn += c->fn;
	}
	free(idx);
	if (n > 0) {
		r->macro_p = sp / (double)n;
		r->macro_r = sr / (double)n;
		r->macro_f1 = sf / (double)n;
	}
	r->weighted_f1 = sup ? wf / (double)sup : 0.0;
	r->micro_p = ratio(stp, stp + sfp);
	r->micro_r = ratio(stp, stp + sfn);
	r->micro_f1 = r->micro_p + r->micro_r > 0 ?
	    2 * r->micro_p * r->micro_r / (r->micro_p + r->micro_r) : 0.0;
	return 0;
}

static int
report_label(const struct rv_metrics *m, const struct group *g, struct rv_metrics_report *r)
{
	unsigned long *cnt = calloc(3 * (m->nlab + 1), sizeof(*cnt));
	unsigned long *tp = cnt, *fp = cnt + m->nlab + 1, *fn = cnt + 2 * (m->nlab + 1);
	size_t i;
	int rc;

	if (cnt == NULL || (r->cells = calloc(g->pn + 1, sizeof(*r->cells))) == NULL) {
		free(cnt);
		return -1;
	}
	for (i = 0; i < g->pcap; i++) {
		const struct pair *p = &g->pairs[i];
		uint32_t gi = (uint32_t)(p->key >> 32), pi = (uint32_t)p->key;
		struct rv_cell *c;
		if (p->n == 0)
			continue;
		c = &r->cells[r->ncell++];
		c->gold = m->names[gi];
		c->glen = m->lens[gi];
		c->n = p->n;
		if (pi != NONE) {
			c->pred = m->names[pi];
			c->plen = m->lens[pi];
		}
		if (gi == pi) {
			tp[gi] += p->n;
			continue;
		}
		fn[gi] += p->n;
		if (pi != NONE)
			fp[pi] += p->n;
	}
	qsort(r->cells, r->ncell, sizeof(*r->cells), cmp_cell);
	rc = fill_classes(m, r, tp, fp, fn, m->nlab);
	free(cnt);
	return rc;
}

static void
report_numeric(const struct group *g, struct rv_metrics_report *r)
{
	double n = (double)g->n;

	r->mae = r->rmse = r->bias = 0;
	r->pearson = NAN;
	if (g->n == 0)
		return;
	r->mae = g->sabs / n;
	r->rmse = sqrt(g->ssq / n);
	r->bias = g->serr / n;
	if (g->n >= 2 && g->m2g > 0 && g->m2p > 0)
		r->pearson = g->cgp / sqrt(g->m2g * g->m2p);
}

int
rv_metrics_report(struct rv_metrics *m, struct rv_metrics_report **reps, size_t *nrep)
{
	size_t i;

	free_reports(m);
	if ((m->reps = calloc(m->ngroup, sizeof(*m->reps))) == NULL)
		return -1;
	m->nrep = m->ngroup;
	for (i = 0; i < m->ngroup; i++) {
		const struct group *g = &m->groups[i];
		struct rv_metrics_report *r = &m->reps[i];
		int rc = 0;
		r->by = g->key;
		r->bylen = g->keylen;
		r->n = g->n;
		r->skipped = g->skipped;
		r->accuracy = ratio(g->correct, g->n);
		if (m->mode == RV_METRICS_LABEL)
			rc = report_label(m, g, r);
		else if (m->mode == RV_METRICS_MULTI) {
			rc = fill_classes(m, r, g->tp, g->fp, g->fn, g->ncnt);
			r->jaccard = g->n ? g->jaccard / (double)g->n : 0.0;
		} else
			report_numeric(g, r);
		if (rc < 0)
			return -1;
	}
	if (m->nrep > 2)
		qsort(m->reps + 1, m->nrep - 1, sizeof(*m->reps), cmp_rep);
	*reps = m->reps;
	*nrep = m->nrep;
	return 0;
}
