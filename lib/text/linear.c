/* linear.c - hashed-feature logistic regression. Inputs are binary
 * features scaled by 1/sqrt(n), so logits do not grow with text length. */
#include "linear.h"

#include "buf.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t
rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float
rdf(const unsigned char *p)
{
	uint32_t u = rd32(p);
	float f;

	memcpy(&f, &u, 4);
	return f;
}

/* The first weights of the n pairs at w when every pair is (x, -x); NULL
 * when one is not or when out of memory (the caller then reads w). */
static int8_t *
antisymmetric(const int8_t *w, size_t n)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++)
		bad |= w[2 * i] + w[2 * i + 1];
	int8_t *h = bad ? NULL : malloc(n);
	if (h != NULL)
		for (i = 0; i < n; i++)
			h[i] = w[2 * i];
	return h;
}

/* The head of a per-group table (RV_LM_GROUPS, RV_LM_COUNTS): a u32
 * number of groups (1..RV_LM_MAXGROUPS) into *ng, then ng x k 32-bit
 * entries, which must fit before end. Moves *pp past the count. Returns
 * 0, -1 when truncated, -2 for a bad count (message in err). */
static int
group_table(const unsigned char **pp, const unsigned char *end, unsigned k, unsigned *ng,
    const char *what, char *err, size_t errlen)
{
	const unsigned char *p = *pp;

	if (end - p < 4)
		return -1;
	*ng = rd32(p);
	*pp = p += 4;
	if (*ng < 1 || *ng > RV_LM_MAXGROUPS) {
		snprintf(err, errlen, "bad model header (%u %s)", *ng, what);
		return -2;
	}
	return (size_t)(end - p) < 4 * (size_t)*ng * k ? -1 : 0;
}

int
rv_lm_from_mem(struct rv_lm *m, const void *data, size_t n, char *err, size_t errlen)
{
	const unsigned char *p = data, *end = p + n;
	unsigned i;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (n < 20 || memcmp(p, "RVLM", 4) != 0 || rd32(p + 4) != 1) {
		snprintf(err, errlen, "not an rv model (bad magic or version)");
		return -1;
	}
	m->bits = rd32(p + 8);
	m->k = rd32(p + 12);
	m->flags = rd32(p + 16);
	p += 20;
	if (m->flags & ~(unsigned)(RV_LM_MULTI | RV_LM_RULES | RV_LM_GROUPS | RV_LM_SCRIPTS |
	    RV_LM_COUNTS)) {
		snprintf(err, errlen, "unknown model flags %#x (made by a newer rv-train?)", m->flags);
		return -1;
	}
	if (m->bits < 8 || m->bits > 26 || m->k < 1 || m->k > 64) {
		snprintf(err, errlen, "bad model header (bits %u, classes %u)", m->bits, m->k);
		return -1;
	}
	m->labels = calloc(m->k, sizeof(*m->labels));
	m->scale = calloc(m->k, sizeof(float));
	m->bias = calloc(m->k, sizeof(float));
	if (!m->labels || !m->scale || !m->bias)
		goto oom;
	for (i = 0; i < m->k; i++) {
		if (end - p < 2)
			goto trunc;
		size_t l = (size_t)p[0] | (size_t)p[1] << 8;
		p += 2;
		if ((size_t)(end - p) < l)
			goto trunc;
		if ((m->labels[i] = malloc(l + 1)) == NULL)
			goto oom;
		if (memchr(p, '\0', l) != NULL) {
			snprintf(err, errlen, "bad model: label %u contains a NUL byte", i + 1);
			goto fail;
		}
		memcpy(m->labels[i], p, l);
		m->labels[i][l] = '\0';
		p += l;
	}
	if ((size_t)(end - p) < 8 * (size_t)m->k)
		goto trunc;
	for (i = 0; i < m->k; i++, p += 4)
		m->scale[i] = rdf(p);
	for (i = 0; i < m->k; i++, p += 4)
		m->bias[i] = rdf(p);
	/* A NaN or infinite scale or bias makes every score NaN (or every
	 * row the same class): a damaged file, not a model. */
	for (i = 0; i < m->k; i++)
		if (!isfinite(m->scale[i]) || !isfinite(m->bias[i])) {
			snprintf(err, errlen, "bad model: the %s of class '%.40s' is %s, not a finite number",
			    isfinite(m->scale[i]) ? "bias" : "scale", m->labels[i],
			    isnan(isfinite(m->scale[i]) ? m->bias[i] : m->scale[i]) ? "NaN" : "infinite");
			goto fail;
		}
	if (m->flags & RV_LM_GROUPS) {
		if ((rc = group_table(&p, end, m->k, &m->ngroups, "groups", err, errlen)) < 0)
			goto fail_or_trunc;
		if ((m->goff = calloc((size_t)m->ngroups * m->k, sizeof(float))) == NULL)
			goto oom;
		for (i = 0; i < m->ngroups * m->k; i++, p += 4)
			if (!isfinite(m->goff[i] = rdf(p))) {
				snprintf(err, errlen, "bad model: a group offset of class '%.40s' is not a "
				    "finite number", m->labels[i % m->k]);
				goto fail;
			}
	}
	if (m->flags & RV_LM_SCRIPTS) {
		if (end - p < 8)
			goto trunc;
		m->script_rows[0] = rd32(p);
		m->script_rows[1] = rd32(p + 4);
		p += 8;
	}
	if (m->flags & RV_LM_COUNTS) {
		if ((rc = group_table(&p, end, m->k, &m->ncgroups, "count groups", err, errlen)) < 0)
			goto fail_or_trunc;
		if ((m->cnt = calloc((size_t)m->ncgroups * m->k, sizeof(*m->cnt))) == NULL)
			goto oom;
		for (i = 0; i < m->ncgroups * m->k; i++, p += 4)
			m->cnt[i] = rd32(p);
	}
	if ((size_t)(end - p) != ((size_t)1 << m->bits) * m->k)
		goto trunc;
	m->w = (const int8_t *)p;
	if (m->k == 2)
		m->w0 = antisymmetric(m->w, (size_t)1 << m->bits);
	return 0;
fail_or_trunc:
	if (rc == -2)
		goto fail;
trunc:
	snprintf(err, errlen, "model file is truncated or has trailing bytes");
fail:
	rv_lm_free(m);
	return -1;
oom:
	snprintf(err, errlen, "out of memory");
	rv_lm_free(m);
	return -1;
}

int
rv_lm_load(struct rv_lm *m, const char *path, char *err, size_t errlen)
{
	struct rv_buf b = {0};

	if (rv_buf_read_file(&b, path) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		rv_buf_free(&b);
		return -1;
	}
	if (rv_lm_from_mem(m, b.p, b.len, err, errlen) < 0) {
		rv_buf_free(&b);
		return -1;
	}
	m->blob = b.p;
	return 0;
}

void
rv_lm_scores(const struct rv_lm *m, const uint32_t *idx, size_t n, double *out)
{
	rv_lm_scores_side(m, idx, n, n, out);
}

void
rv_lm_scores_side(const struct rv_lm *m, const uint32_t *idx, size_t ntext, size_t n,
    double *out)
{
	unsigned k = m->k, c;
	size_t i;
	double x = ntext ? 1.0 / sqrt((double)ntext) : 0;

	if (k == 2 && n == ntext && m->w0 != NULL) {
		/* sentiment: the hot case, one table of a byte per feature */
		const int8_t *w0 = m->w0;
		int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
		for (i = 0; i + 4 <= n; i += 4) {	/* four loads in flight */
			a0 += w0[idx[i]];
			a1 += w0[idx[i + 1]];
			a2 += w0[idx[i + 2]];
			a3 += w0[idx[i + 3]];
		}
		for (; i < n; i++)
			a0 += w0[idx[i]];
		a0 += a1 + a2 + a3;
		out[0] = m->bias[0] + m->scale[0] * (double)a0 * x;
		out[1] = m->bias[1] + m->scale[1] * (double)-a0 * x;
		return;
	}
	if (k == 2 && n == ntext) {	/* two sums in registers */
		int32_t a0 = 0, a1 = 0;
		for (i = 0; i < n; i++) {
			const int8_t *w = m->w + (size_t)idx[i] * 2;
			a0 += w[0];
			a1 += w[1];
		}
		out[0] = m->bias[0] + m->scale[0] * (double)a0 * x;
		out[1] = m->bias[1] + m->scale[1] * (double)a1 * x;
		return;
	}
	int64_t acc[64], side[64];	/* no overflow on a huge field */
	for (c = 0; c < k; c++)
		acc[c] = side[c] = 0;
	if (k <= 16) {
		/* The category models: up to 16 classes summed as one vector of
		 * 16-bit lanes (no overflow below 258 features per chunk), with
		 * the row of a feature a few ahead prefetched. */
		typedef int8_t v16b __attribute__((vector_size(16)));
		typedef int16_t v16s __attribute__((vector_size(32)));
		size_t last = ((size_t)1 << m->bits) * k;	/* bytes in the table */
		for (int part = 0; part < 2; part++) {
			size_t a = part ? ntext : 0, e = part ? n : ntext;
			int64_t *dst = part ? side : acc;
			while (a < e) {
				v16s sum = {0};
				size_t stop = e - a > 250 ? a + 250 : e;
				for (i = a; i < stop; i++) {
					size_t off = (size_t)idx[i] * k;
					if (i + 6 < n)
						__builtin_prefetch(m->w + (size_t)idx[i + 6] * k);
					if (off + 16 <= last) {
						v16b w;
						memcpy(&w, m->w + off, 16);
						sum += __builtin_convertvector(w, v16s);
					} else {
						for (c = 0; c < k; c++)
							sum[c] += m->w[off + c];
					}
				}
				for (c = 0; c < k; c++)
					dst[c] += sum[c];
				a = stop;
			}
		}
	} else {
		for (i = 0; i < ntext; i++) {
			const int8_t *w = m->w + (size_t)idx[i] * k;
			for (c = 0; c < k; c++)
				acc[c] += w[c];
		}
		for (; i < n; i++) {
			const int8_t *w = m->w + (size_t)idx[i] * k;
			for (c = 0; c < k; c++)
				side[c] += w[c];
		}
	}
	for (c = 0; c < k; c++)
		out[c] = m->bias[c] + m->scale[c] * ((double)acc[c] * x + (double)side[c] * RV_LM_SIDE_X);
}

void
rv_lm_group_offsets(const struct rv_lm *m, unsigned g, double *out)
{
	unsigned c;

	if (m->goff == NULL || g >= m->ngroups)
		return;
	for (c = 0; c < m->k; c++)
		out[c] += m->goff[(size_t)g * m->k + c];
}

unsigned
rv_lm_probs(const struct rv_lm *m, double *v)
{
	unsigned c, best = 0;

	if (m->flags & RV_LM_MULTI)
		for (c = 0; c < m->k; c++)
			v[c] = 1 / (1 + exp(-v[c]));
	else
		rv_lm_softmax(v, m->k);
	for (c = 1; c < m->k; c++)
		if (v[c] > v[best])
			best = c;
	return best;
}

void
rv_lm_softmax(double *v, unsigned k)
{
	double mx = v[0], s = 0;
	unsigned i;

	for (i = 1; i < k; i++)
		if (v[i] > mx)
			mx = v[i];
	for (i = 0; i < k; i++)
		s += (v[i] = exp(v[i] - mx));
	for (i = 0; i < k; i++)
		v[i] /= s;
}

double
rv_lm_script_cover(const struct rv_lm *m, double latin)
{
	double cover[2];

	if (!(m->flags & RV_LM_SCRIPTS))
		return 1;
	for (int i = 0; i < 2; i++)	/* CJK, Latin */
		cover[i] = m->script_rows[i] >= RV_LM_MINSCRIPT ? 1 :
		    m->script_rows[i] / (double)RV_LM_MINSCRIPT;
	return (1 - latin) * cover[0] + latin * cover[1];
}

void
rv_lm_train_script(struct rv_lm_train *t, const char *text, size_t n)
{
	size_t cjk, latin;

	rv_utf8_script_count(text, n, &cjk, &latin);
	if (cjk + latin > 0)
		t->script_rows[latin > cjk]++;
}

int
rv_lm_label(const struct rv_lm *m, const char *label)
{
	unsigned i;

	for (i = 0; i < m->k; i++)
		if (strcmp(m->labels[i], label) == 0)
			return (int)i;
	return -1;
}

uint32_t
rv_lm_count(const struct rv_lm *m, int g, unsigned c)
{
	uint64_t n = 0;

	if (m->cnt == NULL || c >= m->k || g >= (int)m->ncgroups)
		return UINT32_MAX;
	if (g >= 0)
		return m->cnt[(size_t)g * m->k + c];
	for (unsigned i = 0; i < m->ncgroups; i++)
		n += m->cnt[(size_t)i * m->k + c];
	return n < UINT32_MAX ? (uint32_t)n : UINT32_MAX - 1;
}

void
rv_lm_free(struct rv_lm *m)
{
	unsigned i;

	if (m->labels)
		for (i = 0; i < m->k; i++)
			free(m->labels[i]);
	free(m->labels);
	free(m->scale);
	free(m->bias);
	free(m->goff);
	free(m->cnt);
	free(m->w0);
	free(m->blob);
	memset(m, 0, sizeof(*m));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the labels and remap the rows' label bits to the sorted order, so
 * the model does not depend on the order labels were first seen. */
static void
sort_labels(struct rv_lm_train *t)
{
	char *old[64];
	unsigned perm[64], i, j;
	size_t r;

	memcpy(old, t->labels, t->k * sizeof(*old));
	qsort(t->labels, t->k, sizeof(*t->labels), cmp_str);
	for (i = 0; i < t->k; i++)
		for (j = 0; j < t->k; j++)
			if (old[i] == t->labels[j])
				perm[i] = j;
	for (r = 0; r < t->nrows; r++) {
		uint64_t y = 0;
		for (i = 0; i < t->k; i++)
			if ((t->y[r] >> i) & 1)
				y |= (uint64_t)1 << perm[i];
		t->y[r] = y;
	}
}

int
rv_lm_train_label(struct rv_lm_train *t, const char *label, size_t len)
{
	unsigned i;
	char **nl;

	/* Labels are C strings in a model (and the file stores their
	 * length in 16 bits). */
	if (memchr(label, '\0', len) != NULL)
		return RV_LM_ENUL;
	if (len > RV_LM_MAXLABEL)
		return RV_LM_ELONG;
	for (i = 0; i < t->k; i++)
		if (strlen(t->labels[i]) == len && memcmp(t->labels[i], label, len) == 0)
			return (int)i;
	if (t->k == 64)
		return RV_LM_EFULL;
	if ((nl = realloc(t->labels, (t->k + 1) * sizeof(*nl))) == NULL)
		return RV_LM_ENOMEM;
	t->labels = nl;
	if ((nl[t->k] = strndup(label, len)) == NULL)
		return RV_LM_ENOMEM;
	return (int)t->k++;
}

int
rv_lm_train_add(struct rv_lm_train *t, const uint32_t *idx, size_t n, uint64_t y)
{
	return rv_lm_train_add_side(t, idx, n, n, y);
}

static int add_row(struct rv_lm_train *t, const uint32_t *idx, size_t ntext, size_t n,
    uint64_t y);

int
rv_lm_train_add_group(struct rv_lm_train *t, const uint32_t *idx, size_t ntext, size_t n,
    uint64_t y, unsigned g)
{
	if (g >= RV_LM_MAXGROUPS)
		g = RV_LM_MAXGROUPS - 1;
	if (add_row(t, idx, ntext, n, y) < 0)
		return -1;
	t->grp[t->nrows - 1] = (unsigned char)g;
	if (g + 1 > t->ngroups)
		t->ngroups = g + 1;
	return 0;
}

static unsigned
row_group(const struct rv_lm_train *t, size_t r)
{
	return t->grp != NULL ? t->grp[r] : 0;
}

static double
row_weight(const struct rv_lm_train *t, size_t r)
{
	return t->rw != NULL ? t->rw[r] : 1;
}

/* Row weights cover every row added so far; new slots weigh 1. */
static int
grow_weights(struct rv_lm_train *t)
{
	size_t old = t->rw != NULL ? t->wcap : 0, i;
	float *q = rv_grow(t->rw, &t->wcap, t->nrows, sizeof(*q));

	if (q == NULL)
		return -1;
	t->rw = q;
	for (i = old; i < t->wcap; i++)
		q[i] = 1;
	return 0;
}

int
rv_lm_train_weight(struct rv_lm_train *t, double w)
{
	if (t->nrows == 0)
		return 0;
	if (t->rw == NULL && w == 1)
		return 0;
	if (grow_weights(t) < 0)
		return -1;
	t->rw[t->nrows - 1] = (float)w;
	return 0;
}

int
rv_lm_train_add_side(struct rv_lm_train *t, const uint32_t *idx, size_t ntext, size_t n,
    uint64_t y)
{
	return rv_lm_train_add_group(t, idx, ntext, n, y, 0);
}

/* One row; its group is 0 until the caller sets it. */
static int
add_row(struct rv_lm_train *t, const uint32_t *idx, size_t ntext, size_t n,
    uint64_t y)
{
	size_t old = t->grp != NULL ? t->gcap : 0;
	unsigned char *q = rv_grow(t->grp, &t->gcap, t->nrows + 1, 1);
	if (q == NULL)
		return -1;
	memset(q + old, 0, t->gcap - old);
	t->grp = q;
	t->grp[t->nrows] = 0;
	/* off, y and ntext grow in step: all from rcap by rv_grow's doubling. */
	size_t ycap = t->rcap, ncap = t->rcap;
	size_t *off = rv_grow(t->off, &t->rcap, t->nrows + 2, sizeof(*off));
	if (off == NULL)
		return -1;
	t->off = off;
	uint64_t *yy = rv_grow(t->y, &ycap, t->nrows + 2, sizeof(*yy));
	if (yy == NULL)
		return -1;
	t->y = yy;
	size_t *nt = rv_grow(t->ntext, &ncap, t->nrows + 2, sizeof(*nt));
	if (nt == NULL)
		return -1;
	t->ntext = nt;
	uint32_t *f = rv_grow(t->fidx, &t->fcap, t->nf + n, sizeof(*f));
	if (f == NULL)
		return -1;
	t->fidx = f;
	if (t->nrows == 0)
		t->off[0] = 0;
	memcpy(t->fidx + t->nf, idx, n * sizeof(*idx));
	t->nf += n;
	t->y[t->nrows] = y;
	t->ntext[t->nrows] = ntext;
	t->off[++t->nrows] = t->nf;
	/* Weighted rows before: this one weighs 1. */
	return t->rw != NULL ? grow_weights(t) : 0;
}

/* xorshift64* for the shuffle: deterministic for a seed. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

int
rv_lm_train_run(struct rv_lm_train *t, void (*progress)(unsigned, double, void *), void *arg)
{
	size_t nw, r, i, *order;
	unsigned k, c, ep;
	uint64_t s = t->seed * 0x9E3779B97F4A7C15ULL + 88172645463325252ULL;
	int multi = (t->flags & RV_LM_MULTI) != 0;
	double p[64], gr[64];

	if (t->k == 0)
		return -1;
	if (t->bits == 0)
		t->bits = 20;
	if (t->epochs == 0)
		t->epochs = 8;
	if (t->lr == 0)
		t->lr = 0.2;
	k = t->k;
	nw = ((size_t)1 << t->bits) * k;
	sort_labels(t);
	t->w = calloc(nw, sizeof(float));
	t->g = calloc(nw, sizeof(float));
	t->b = calloc(k, sizeof(float));
	t->gb = calloc(k, sizeof(float));
	order = malloc((t->nrows + 1) * sizeof(*order));
	if (!t->w || !t->g || !t->b || !t->gb || !order) {
		free(order);
		return -1;
	}
	for (r = 0; r < t->nrows; r++)
		order[r] = r;
	/* Class weights per group (balance): n_top / n_label, to a power. */
	double cw[RV_LM_MAXGROUPS][64];
	for (unsigned g = 0; g < RV_LM_MAXGROUPS; g++)
		for (c = 0; c < 64; c++)
			cw[g][c] = 1;
	if (t->balance > 0 && !multi) {
		double cnt[RV_LM_MAXGROUPS][64] = {{0}};
		for (r = 0; r < t->nrows; r++)
			for (c = 0; c < k; c++)
				if ((t->y[r] >> c) & 1) {
					cnt[row_group(t, r)][c] += row_weight(t, r);
					break;
				}
		for (unsigned g = 0; g < RV_LM_MAXGROUPS; g++) {
			double top = 0;
			for (c = 0; c < k; c++)
				if (cnt[g][c] > top)
					top = cnt[g][c];
			for (c = 0; c < k; c++)
				if (cnt[g][c] > 0) {
					cw[g][c] = pow(top / cnt[g][c], t->balance);
					if (cw[g][c] > RV_LM_MAXW)
						cw[g][c] = RV_LM_MAXW;
				}
		}
	}
	for (ep = 0; ep < t->epochs; ep++) {
		double loss = 0;
		for (r = t->nrows; r > 1; r--) {
			size_t j = (size_t)(rnd(&s) % r), tmp = order[r - 1];
			order[r - 1] = order[j];
			order[j] = tmp;
		}
		for (r = 0; r < t->nrows; r++) {
			size_t row = order[r], a = t->off[row], e = t->off[row + 1];
			size_t et = a + t->ntext[row];	/* side features from et on */
			double x = et > a ? 1.0 / sqrt((double)(et - a)) : 0;
			for (c = 0; c < k; c++) {
				double z = 0, zs = 0;
				for (i = a; i < et; i++)
					z += t->w[(size_t)t->fidx[i] * k + c];
				for (; i < e; i++)
					zs += t->w[(size_t)t->fidx[i] * k + c];
				p[c] = t->b[c] + z * x + zs * RV_LM_SIDE_X;
			}
			double ww = row_weight(t, row);
			if (multi) {
				for (c = 0; c < k; c++) {
					double q = 1 / (1 + exp(-p[c]));
					int yc = (t->y[row] >> c) & 1;
					gr[c] = (q - yc) * ww;
					loss -= ww * log(yc ? q + 1e-12 : 1 - q + 1e-12);
				}
			} else {
				double rw = ww;
				rv_lm_softmax(p, k);
				for (c = 0; c < k; c++)
					if ((t->y[row] >> c) & 1) {
						rw *= cw[row_group(t, row)][c];
						break;
					}
				for (c = 0; c < k; c++) {
					int yc = (t->y[row] >> c) & 1;
					gr[c] = (p[c] - yc) * rw;
					if (yc)
						loss -= rw * log(p[c] + 1e-12);
				}
			}
			/* AdaGrad step on the row's features and the biases; L2 is
			 * applied to the touched weights only (lazy regularisation). */
			for (c = 0; c < k; c++) {
				for (i = a; i < e; i++) {
					size_t wi = (size_t)t->fidx[i] * k + c;
					double gw = gr[c] * (i < et ? x : RV_LM_SIDE_X) + t->l2 * t->w[wi];
					t->g[wi] += (float)(gw * gw);
					t->w[wi] -= (float)(t->lr * gw / sqrt(t->g[wi] + 1e-8));
				}
				t->gb[c] += (float)(gr[c] * gr[c]);
				t->b[c] -= (float)(t->lr * gr[c] / sqrt(t->gb[c] + 1e-8));
			}
		}
		if (progress)
			progress(ep + 1, loss / (t->nrows ? (double)t->nrows : 1), arg);
	}
	free(order);
	return 0;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

void *
rv_lm_train_image(const struct rv_lm_train *t, size_t *len)
{
	size_t nfeat = (size_t)1 << t->bits, n = 20, i;
	unsigned c, k = t->k;
	unsigned char *img, *p;
	float sc[64];

	unsigned ng = t->goff != NULL ? t->ngroups : 0;
	/* A model stacked on the rules says how many rows of each group
	 * had each class (RV_LM_COUNTS). */
	unsigned nc = (t->flags & RV_LM_RULES) ? (t->ngroups ? t->ngroups : 1) : 0;
	for (c = 0; c < k; c++)
		n += 2 + strlen(t->labels[c]) + 8;
	if (ng)
		n += 4 + (size_t)ng * k * 4;
	n += 8;		/* RV_LM_SCRIPTS */
	if (nc)
		n += 4 + (size_t)nc * k * 4;
	n += nfeat * k;
	if ((img = malloc(n)) == NULL)
		return NULL;
	memcpy(img, "RVLM", 4);
	put32(img + 4, 1);
	put32(img + 8, t->bits);
	put32(img + 12, k);
	put32(img + 16, t->flags | (ng ? RV_LM_GROUPS : 0) | RV_LM_SCRIPTS | (nc ? RV_LM_COUNTS : 0));
	p = img + 20;
	for (c = 0; c < k; c++) {
		size_t l = strlen(t->labels[c]);
		p[0] = (unsigned char)l;
		p[1] = (unsigned char)(l >> 8);
		memcpy(p + 2, t->labels[c], l);
		p += 2 + l;
	}
	for (c = 0; c < k; c++) {
		float mx = 0;
		for (i = 0; i < nfeat; i++)
			if (fabsf(t->w[i * k + c]) > mx)
				mx = fabsf(t->w[i * k + c]);
		sc[c] = mx > 0 ? mx / 127 : 1;
		uint32_t u;
		memcpy(&u, &sc[c], 4);
		put32(p, u);
		p += 4;
	}
	for (c = 0; c < k; c++) {
		uint32_t u;
		memcpy(&u, &t->b[c], 4);
		put32(p, u);
		p += 4;
	}
	if (ng) {
		put32(p, ng);
		p += 4;
		for (i = 0; i < (size_t)ng * k; i++) {
			uint32_t u;
			memcpy(&u, &t->goff[i], 4);
			put32(p, u);
			p += 4;
		}
	}
	for (i = 0; i < 2; i++, p += 4)
		put32(p, t->script_rows[i] > UINT32_MAX ? UINT32_MAX : (uint32_t)t->script_rows[i]);
	if (nc) {
		put32(p, nc);
		p += 4;
		memset(p, 0, (size_t)nc * k * 4);
		for (i = 0; i < t->nrows; i++) {
			unsigned g = row_group(t, i);
			for (c = 0; c < k; c++)
				if ((t->y[i] >> c) & 1) {
					unsigned char *q = p + ((size_t)g * k + c) * 4;
					put32(q, rd32(q) + 1);
				}
		}
		p += (size_t)nc * k * 4;
	}
	for (i = 0; i < nfeat; i++)
		for (c = 0; c < k; c++) {
			long q = lrintf(t->w[i * k + c] / sc[c]);
			*p++ = (unsigned char)(int8_t)(q > 127 ? 127 : q < -127 ? -127 : q);
		}
	*len = n;
	return img;
}

void
rv_lm_train_free(struct rv_lm_train *t)
{
	unsigned i;

	if (t->labels)
		for (i = 0; i < t->k; i++)
			free(t->labels[i]);
	free(t->labels);
	free(t->fidx);
	free(t->off);
	free(t->y);
	free(t->ntext);
	free(t->grp);
	free(t->rw);
	free(t->goff);
	free(t->w);
	free(t->g);
	free(t->b);
	free(t->gb);
	memset(t, 0, sizeof(*t));
}

/* Logits of row r under the float weights of t (training scale). */
static void
row_logits(const struct rv_lm_train *t, const struct rv_lm_train *src, size_t r, double *z)
{
	size_t a = src->off[r], e = src->off[r + 1], et = a + src->ntext[r], i;
	double x = et > a ? 1.0 / sqrt((double)(et - a)) : 0;
	unsigned c, k = t->k;

	for (c = 0; c < k; c++) {
		double s = 0, ss = 0;
		for (i = a; i < et; i++)
			s += t->w[(size_t)src->fidx[i] * k + c];
		for (; i < e; i++)
			ss += t->w[(size_t)src->fidx[i] * k + c];
		z[c] = t->b[c] + s * x + ss * RV_LM_SIDE_X;
	}
}

/* Macro-F1 plus twice the accuracy of argmax(z + d) against the rows'
 * labels (the lowest label bit for a one-label row). Twice: with equal
 * weights the offsets bought macro-F1 with accuracy (5-fold CV on the
 * category labels: 0.719 / 0.648 zh; twice: 0.723 / 0.650; four times:
 * 0.723 / 0.645). */
static double
objective(const double *z, const uint64_t *y, size_t n, unsigned k, const double *d,
    const unsigned char *grp, int g, const float *rw)
{
	double tp[64] = {0}, fp[64] = {0}, fn[64] = {0}, right = 0, used = 0;
	size_t r;
	unsigned c;
	double f1 = 0;
	int classes = 0;

	for (r = 0; r < n; r++) {
		unsigned best = 0, l = 0;
		double w = rw != NULL ? rw[r] : 1;
		if (g >= 0 && (grp == NULL ? 0 : grp[r]) != g)
			continue;
		used += w;
		for (c = 1; c < k; c++)
			if (z[r * k + c] + d[c] > z[r * k + best] + d[best])
				best = c;
		while (l < 63 && !((y[r] >> l) & 1))
			l++;
		if (best == l)
			tp[l] += w, right += w;
		else
			fp[best] += w, fn[l] += w;
	}
	for (c = 0; c < k; c++)
		if (tp[c] + fp[c] + fn[c] > 0) {
			f1 += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
			classes++;
		}
	return (classes ? f1 / classes : 0) + 2 * right / (used > 0 ? used : 1);
}

/* F1 of class c when predicted at z + d > 0 (multi-label). */
static double
f1_at(const double *z, const uint64_t *y, size_t n, unsigned k, unsigned c, double d)
{
	unsigned long tp = 0, fp = 0, fn = 0;
	size_t r;

	for (r = 0; r < n; r++) {
		int p = z[r * k + c] + d > 0, g = (y[r] >> c) & 1;
		tp += p && g;
		fp += p && !g;
		fn += !p && g;
	}
	return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

/* The ordinal level N of a class named "geN" (N 1-9: "level at least
 * N", as the intensity labels ge1..ge3 of rv-sentiment's emotion model),
 * else 0. */
static int
ge_level(const char *l)
{
	return l[0] == 'g' && l[1] == 'e' && l[2] >= '1' && l[2] <= '9' && l[3] == '\0' ?
	    l[2] - '0' : 0;
}

/* Rows whose ordinal level, read as the number of leading levels with
 * z + d > 0 (levels ge[1..nl]), is the row's own (the number of its ge
 * labels: they are cumulative). */
static size_t
ord_right(const double *z, const uint64_t *y, size_t n, unsigned k, const int *ge, int nl,
    const double *d)
{
	size_t r, right = 0;

	for (r = 0; r < n; r++) {
		int p = 0, g = 0, l;
		for (l = 1; l <= nl; l++)
			g += (int)((y[r] >> ge[l]) & 1);
		while (p < nl && z[r * k + (unsigned)ge[p + 1]] + d[ge[p + 1]] > 0)
			p++;
		right += p == g;
	}
	return right;
}

/* Offsets of the ordinal levels ge[1..nl]: coordinate ascent of the
 * rows read at their exact level, in steps of 0.1 within [-3, 3]. One
 * threshold per level, chosen together: F1 per level (the multi-label
 * default) would not ask which level a row ends at, and argmax of the
 * level probabilities P(>= N) - P(>= N+1) leaves the rare top level
 * under-predicted (5-fold CV on category-labels.tsv: intensity 3
 * predicted for 801 of 1,314 rows). */
static void
ord_ascend(const double *z, const uint64_t *y, size_t n, unsigned k, const int *ge, int nl,
    double *d)
{
	size_t best = ord_right(z, y, n, k, ge, nl, d);
	int pass, moved = 1, l;

	for (pass = 0; pass < 4 && moved; pass++) {
		moved = 0;
		for (l = 1; l <= nl; l++) {
			double bd = d[ge[l]], x;
			for (x = -3; x <= 3.001; x += 0.1) {
				d[ge[l]] = x;
				size_t v = ord_right(z, y, n, k, ge, nl, d);
				if (v > best) {
					best = v;
					bd = x;
					moved = 1;
				}
			}
			d[ge[l]] = bd;
		}
	}
}

/* Coordinate ascent of objective() over the offsets d[0..k) in steps of
 * 0.1 within [-3, 3] and within span of where it starts, on the rows of
 * group g (all when g < 0); only the classes with tune[c] set move. */
static void
ascend(const double *z, const uint64_t *y, size_t n, unsigned k, double *d,
    const unsigned char *grp, int g, const float *rw, const unsigned char *tune, double span)
{
	double lo[64], hi[64];
	double best = objective(z, y, n, k, d, grp, g, rw);
	int pass, moved = 1;
	unsigned c;

	for (c = 0; c < k; c++) {
		lo[c] = d[c] - span < -3 ? -3 : d[c] - span;
		hi[c] = d[c] + span > 3 ? 3 : d[c] + span;
	}
	for (pass = 0; pass < 4 && moved; pass++) {
		moved = 0;
		for (c = 0; c < k; c++) {
			double bd = d[c], x;
			if (!tune[c])
				continue;
			for (x = -3; x <= 3.001; x += 0.1) {
				if (x < lo[c] - 1e-9 || x > hi[c] + 1e-9)
					continue;
				d[c] = x;
				double v = objective(z, y, n, k, d, grp, g, rw);
				if (v > best + 1e-9) {
					best = v;
					bd = x;
					moved = 1;
				}
			}
			d[c] = bd;
		}
	}
}

int
rv_lm_train_calibrate(struct rv_lm_train *t, unsigned folds, double *offset)
{
	size_t n = t->nrows, r;
	unsigned k = t->k, f, c;
	double *z = malloc((n ? n : 1) * k * sizeof(*z));
	int multi = (t->flags & RV_LM_MULTI) != 0;

	if (z == NULL)
		return -1;
	if (t->bits == 0)
		t->bits = 20;
	sort_labels(t);
	for (f = 0; f < folds; f++) {
		struct rv_lm_train s = {0};
		s.bits = t->bits;
		s.epochs = t->epochs;
		s.flags = t->flags;
		s.lr = t->lr;
		s.l2 = t->l2;
		s.balance = t->balance;
		s.seed = t->seed + f + 1;
		for (c = 0; c < k; c++)
			if (rv_lm_train_label(&s, t->labels[c], strlen(t->labels[c])) != (int)c)
				goto oom;
		for (r = 0; r < n; r++)
			if ((r * 2654435761u >> 7) % folds != f &&
			    (rv_lm_train_add_group(&s, t->fidx + t->off[r], t->ntext[r],
			    t->off[r + 1] - t->off[r], t->y[r], row_group(t, r)) < 0 ||
			    rv_lm_train_weight(&s, row_weight(t, r)) < 0))
				goto oom;
		if (rv_lm_train_run(&s, NULL, NULL) < 0)
			goto oom;
		for (r = 0; r < n; r++)
			if ((r * 2654435761u >> 7) % folds == f)
				row_logits(&s, t, r, z + r * k);
		rv_lm_train_free(&s);
		continue;
oom:
		rv_lm_train_free(&s);
		free(z);
		return -1;
	}
	for (c = 0; c < k; c++)
		offset[c] = 0;
	if (multi) {
		/* Classes ge1..geN (all of them, N >= 2) are an ordinal
		 * level: tuned together for the exact level (ord_ascend). */
		int ge[10], nl = 0, ord;
		for (int l = 0; l < 10; l++)
			ge[l] = -1;
		for (c = 0; c < k; c++) {
			int l = ge_level(t->labels[c]);
			if (l > 0) {
				ge[l] = (int)c;
				if (l > nl)
					nl = l;
			}
		}
		ord = nl >= 2;
		for (int l = 1; l <= nl; l++)
			ord = ord && ge[l] >= 0;
		if (ord)
			ord_ascend(z, t->y, n, k, ge, nl, offset);
		for (c = 0; c < k; c++) {
			if (ord && ge_level(t->labels[c]) > 0)
				continue;
			double best = f1_at(z, t->y, n, k, c, 0), d;
			for (d = -3; d <= 3.001; d += 0.1)
				if (f1_at(z, t->y, n, k, c, d) > best + 1e-9) {
					best = f1_at(z, t->y, n, k, c, d);
					offset[c] = d;
				}
		}
	} else {
		unsigned char tune[64];
		memset(tune, 1, sizeof(tune));
		ascend(z, t->y, n, k, offset, t->grp, -1, t->rw, tune, 6);
		/* Then each group's own, from the common offsets, on its rows
		 * (the English reviews are a fifth of the rows: their rare
		 * classes barely move the common macro-F1). */
		if (t->ngroups > 1) {
			free(t->goff);
			if ((t->goff = calloc((size_t)t->ngroups * k, sizeof(float))) == NULL) {
				free(z);
				return -1;
			}
			for (unsigned g = 0; g < t->ngroups; g++) {
				double d[64];
				size_t rows = 0, cnt[64] = {0};
				for (r = 0; r < n; r++)
					if (row_group(t, r) == g) {
						rows++;
						for (c = 0; c < k; c++)
							if ((t->y[r] >> c) & 1) {
								cnt[c]++;
								break;
							}
					}
				if (rows < RV_LM_MINGROUP)
					continue;	/* too few to tune on: the common ones */
				/* A class the group hardly has keeps the common
				 * offset: English reviews of clothes never told of
				 * late parcels, which still are logistics. */
				for (c = 0; c < k; c++)
					tune[c] = cnt[c] >= RV_LM_MINCLASS;
				memcpy(d, offset, k * sizeof(*d));
				ascend(z, t->y, n, k, d, t->grp, (int)g, t->rw, tune, RV_LM_GROUPSPAN);
				for (c = 0; c < k; c++)
					t->goff[(size_t)g * k + c] = (float)(d[c] - offset[c]);
			}
		}
	}
	free(z);
	return 0;
}
