/* script.c - the effect of agents' wording on the customer's next
 * message (see script.h; the model is described in rv-script(1)).
 *
 * Model: y = base + sum_c d_c z_c + sum_j c_j x_j + e over the
 * observations (agent block, then a customer mood); base: 1, prev, open,
 * mean so far, log(1 + pos) and hinges of prev and open; z_c = 1 when the
 * customer's previous message holds control phrase c; x_j = 1 when the
 * block holds key j. The Gram matrix of [base x z y] is built once (keys
 * and controls are sparse); the base and control columns are swept, then
 * keys are swept in one at a time (forward selection: the key with the
 * largest |t| given the model so far, while its p-value passes the
 * step-up bound alpha (k + 1) / m). Every key's effect is then its
 * coefficient in that model (selected keys) or its coefficient when
 * added to it (the others), with a cluster-robust (by conversation)
 * standard error, and the q-values are BH over all m keys. */
#include <math.h>
#include <stdint.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cpstats.h"
#include "hash.h"
#include "num.h"
#include "ols.h"
#include "script.h"
#include "stats.h"
#include "utf8.h"

/* Base columns: 1, prev, open, mean, log(1 + pos), then hinges
 * max(0, prev - k) at NKP quantiles of prev and max(0, open - k) at NKO
 * quantiles of open (a piecewise-linear fit: mood scores are not linear
 * in the customer's state). */
enum { NKP = 4, NKO = 2, NBASE = 5 + NKP + NKO, MAXSEL = 200, EX_CPS = 40 };

struct msg {
	double turn, mood;
	uint32_t conv, seq;
	int32_t by;		/* key index, or -1 */
	int agent;
	size_t toff, tlen;	/* agent text in s->text */
};

struct conv {
	char *key;
	size_t len;
	double outcome;		/* the non-empty outcome of the latest turn */
	double oturn;		/* its turn */
	uint32_t omsg;		/* its message */
};

struct obs {
	double y, prev, open, mean, lpos;	/* mean: of the customer's moods so far */
	uint32_t conv;
	uint32_t first, nmsg;	/* the block: sorted messages [first, first + nmsg) */
	uint32_t prevk;		/* the customer message of prev: sorted message prevk */
	size_t koff, nk;	/* keys in s->keys */
};

struct rv_script {
	struct rv_script_opts o;
	struct msg *m;
	size_t nm, capm;
	struct rv_buf text;	/* agent texts */
	struct rv_hash convh;	/* conversation -> index + 1 */
	struct conv *c;
	size_t nc, capc;
	struct rv_hash byh;	/* --by value -> index + 1 */
	char **byname;
	size_t nby, capby;
	struct rv_phrases *ph;
	struct rv_buf stop;	/* the stop lists, for the controls' phrases too */
	int seen_hdr;
	/* run */
	uint32_t *ord;		/* messages sorted */
	struct obs *obs;
	size_t nobs, capobs;
	uint32_t *keys;		/* candidate ids per observation */
	size_t nkeys, capkeys;
};

void
rv_script_opts_default(struct rv_script_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->alpha = 0.05;
	o->lambda = 1;
	o->min_effect = 0.1;
	o->min_support = 20;
	o->max_keys = 1000;
	rv_phrases_opts_default(&o->ph);
}

struct rv_script *
rv_script_new(const struct rv_script_opts *o)
{
	struct rv_script *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->o = *o;
	s->o.ph.min_support = o->min_support;
	s->o.ph.max_phrases = o->max_keys;
	if ((s->ph = rv_phrases_new(&s->o.ph)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
rv_script_free(struct rv_script *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nc; i++)
		free(s->c[i].key);
	for (i = 0; i < s->nby; i++)
		free(s->byname[i]);
	free(s->c);
	free(s->byname);
	free(s->m);
	free(s->ord);
	free(s->obs);
	free(s->keys);
	rv_buf_free(&s->text);
	rv_buf_free(&s->stop);
	rv_hash_free(&s->convh);
	rv_hash_free(&s->byh);
	rv_phrases_free(s->ph);
	free(s);
}

int
rv_script_stop(struct rv_script *s, const char *text, size_t len)
{
	if (rv_buf_append(&s->stop, text, len) < 0 || rv_buf_putc(&s->stop, '\n') < 0)
		return -1;
	return rv_phrases_stop(s->ph, text, len);
}

int
rv_script_phrase(struct rv_script *s, const char *text, size_t len)
{
	return rv_phrases_fixed(s->ph, text, len);
}

long
rv_script_phrases(struct rv_script *s, const char *text, size_t len)
{
	const char *l, *nl, *e = text + len, *tab;
	unsigned long line = 0;
	long n = 0;

	for (l = text; l < e; l = nl + 1) {
		size_t k;
		if ((nl = memchr(l, '\n', (size_t)(e - l))) == NULL)
			nl = e;
		line++;
		if ((tab = memchr(l, '\t', (size_t)(nl - l))) == NULL)
			tab = nl;
		k = (size_t)(tab - l);
		if (k > 0 && l[k - 1] == '\r')
			k--;
		if (k == 0 || *l == '#' || (line == 1 && ((k == 6 && memcmp(l, "phrase", 6) == 0) ||
		    (k == 3 && memcmp(l, "key", 3) == 0))))
			continue;
		if (rv_script_phrase(s, l, k) < 0)
			return -1;
		n++;
	}
	return n;
}

/* Index of key in h (names kept in *names), added when new; -1 on OOM. */
static long
intern(struct rv_hash *h, const char *k, size_t len, size_t *n, void *names, size_t *cap,
    size_t size, int conv)
{
	int isnew;
	struct rv_hash_ent *e = rv_hash_put(h, k, len, &isnew);
	void **arr = names;

	if (e == NULL)
		return -1;
	if (isnew) {
		void *a = rv_grow(*arr, cap, *n + 1, size);
		char *copy = rv_memdup(k, len);
		if (a == NULL || copy == NULL) {
			free(copy);
			if (a != NULL)
				*arr = a;
			e->val = NULL;
			return -1;
		}
		*arr = a;
		if (conv) {
			struct conv *c = (struct conv *)a + *n;
			c->key = copy, c->len = len, c->outcome = NAN, c->oturn = NAN, c->omsg = 0;
		} else
			((char **)a)[*n] = copy;
		e->val = (void *)(uintptr_t)++*n;
	}
	return (long)(uintptr_t)e->val - 1;
}

int
rv_script_add(struct rv_script *s, const char *conv, size_t convlen, double turn, int agent,
    double mood, const char *text, size_t textlen, const char *by, size_t bylen, double outcome)
{
	struct msg *m;
	long ci, bi = -1;

	if ((ci = intern(&s->convh, conv, convlen, &s->nc, &s->c, &s->capc, sizeof(*s->c), 1)) < 0)
		return RV_SCRIPT_ENOMEM;
	if (agent && by != NULL && s->o.by &&
	    (bi = intern(&s->byh, by, bylen, &s->nby, &s->byname, &s->capby, sizeof(char *), 0)) < 0)
		return RV_SCRIPT_ENOMEM;
	if (s->nm == s->capm) {
		struct msg *a = rv_grow(s->m, &s->capm, s->nm + 1, sizeof(*s->m));
		if (a == NULL)
			return RV_SCRIPT_ENOMEM;
		s->m = a;
	}
	if (s->nm >= UINT32_MAX - 1)
		return RV_SCRIPT_ENOMEM;
	m = &s->m[s->nm];
	m->turn = turn, m->mood = agent ? NAN : mood;
	m->conv = (uint32_t)ci, m->seq = (uint32_t)s->nm, m->by = (int32_t)bi, m->agent = agent;
	m->toff = s->text.len, m->tlen = 0;
	if (textlen > 0) {
		if (rv_buf_append(&s->text, text, textlen) < 0)
			return RV_SCRIPT_ENOMEM;
		m->tlen = textlen;
	}
	/* The last non-empty outcome in turn order, whatever the row order
	 * (rows of one turn: the later row). */
	if (!isnan(outcome) && (isnan(s->c[ci].oturn) || turn >= s->c[ci].oturn)) {
		s->c[ci].outcome = outcome;
		s->c[ci].oturn = turn;
		s->c[ci].omsg = (uint32_t)s->nm;
	}
	s->nm++;
	return RV_SCRIPT_OK;
}

/* ---- partial state ---- */

size_t
rv_script_partial_header(const struct rv_script *s, char *buf, size_t n)
{
	int k = snprintf(buf, n, "rv-script-partial\t1\t%s", s->o.sig ? s->o.sig : "");

	return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

static void
put_num(struct rv_out *o, double v)
{
	char num[40];

	if (isnan(v))
		return;
	snprintf(num, sizeof(num), "%.17g", v);	/* round-trips; LC_NUMERIC is never set */
	rv_out_puts(o, num);
}

void
rv_script_write_partial(const struct rv_script *s, struct rv_out *o)
{
	char hdr[1200];
	size_t i;

	rv_script_partial_header(s, hdr, sizeof(hdr));
	rv_out_puts(o, hdr);
	rv_out_eol(o);
	for (i = 0; i < s->nm && o->err == 0; i++) {
		const struct msg *m = &s->m[i];
		const struct conv *c = &s->c[m->conv];
		rv_out_puts(o, "m\t");
		rv_out_field(o, c->key, c->len);
		rv_out_tab(o);
		put_num(o, m->turn);
		rv_out_puts(o, m->agent ? "\ta\t" : "\tc\t");
		put_num(o, m->mood);
		rv_out_tab(o);
		if (m->by >= 0)
			rv_out_puts(o, s->byname[m->by]);
		rv_out_tab(o);
		/* on the message it came from only, so that --merge picks it by
		 * its turn against the other parts' */
		if (!isnan(c->outcome) && c->omsg == i)
			put_num(o, c->outcome);
		rv_out_tab(o);
		rv_out_field(o, s->text.p + m->toff, m->tlen);
		rv_out_eol(o);
	}
}

static int
get_num(const struct rv_field *f, double *v, int empty_ok)
{
	if (f->len == 0 && empty_ok) {
		*v = NAN;
		return 0;
	}
	return rv_num_parse(f->p, f->len, v) < 0 || isnan(*v) || isinf(*v) ? -1 : 0;
}

int
rv_script_merge_row(struct rv_script *s, const struct rv_field *f, size_t nf)
{
	double turn, mood, out;
	int agent;

	if (nf >= 2 && f[0].len == 17 && memcmp(f[0].p, "rv-script-partial", 17) == 0) {
		char want[1200];
		size_t wl = rv_script_partial_header(s, want, sizeof(want)), i, at = 0;
		for (i = 0; i < nf; i++) {	/* fields joined by TAB equal want */
			if (at + f[i].len > wl || memcmp(want + at, f[i].p, f[i].len) != 0)
				return RV_SCRIPT_EMODE;
			at += f[i].len;
			if (i + 1 < nf && (at >= wl || want[at++] != '\t'))
				return RV_SCRIPT_EMODE;
		}
		if (at != wl)
			return RV_SCRIPT_EMODE;
		s->seen_hdr = 1;
		return 0;
	}
	if (!s->seen_hdr)
		return RV_SCRIPT_ENOHDR;
	if (nf != 8 || f[0].len != 1 || f[0].p[0] != 'm' || f[1].len == 0 || f[3].len != 1 ||
	    (f[3].p[0] != 'a' && f[3].p[0] != 'c'))
		return RV_SCRIPT_EPARTIAL;
	agent = f[3].p[0] == 'a';
	if (get_num(&f[2], &turn, 0) < 0 || get_num(&f[4], &mood, 1) < 0 || get_num(&f[6], &out, 1) < 0 ||
	    (agent && !isnan(mood)))
		return RV_SCRIPT_EPARTIAL;
	return rv_script_add(s, f[1].p, f[1].len, turn, agent, mood, f[7].p, f[7].len,
	    agent && f[5].len ? f[5].p : NULL, f[5].len, out);
}

/* ---- observations ---- */

static int
by_conv_turn(const void *a, const void *b, void *arg)
{
	const struct rv_script *s = arg;
	const struct msg *x = &s->m[*(const uint32_t *)a], *y = &s->m[*(const uint32_t *)b];
	const struct conv *cx = &s->c[x->conv], *cy = &s->c[y->conv];
	int c;

	if (x->conv != y->conv) {
		c = memcmp(cx->key, cy->key, cx->len < cy->len ? cx->len : cy->len);
		if (c != 0)
			return c;
		return cx->len < cy->len ? -1 : 1;
	}
	if (x->turn != y->turn)
		return x->turn < y->turn ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
add_obs(struct rv_script *s, const struct obs *o)
{
	if (s->nobs == s->capobs) {
		struct obs *a = rv_grow(s->obs, &s->capobs, s->nobs + 1, sizeof(*a));
		if (a == NULL)
			return -1;
		s->obs = a;
	}
	s->obs[s->nobs++] = *o;
	return 0;
}

/* The observations, in conversation order (so a conversation's are
 * adjacent). */
static int
build_obs(struct rv_script *s, struct rv_script_result *r)
{
	size_t k = 0, i;

	if ((s->ord = malloc((s->nm ? s->nm : 1) * sizeof(*s->ord))) == NULL)
		return -1;
	for (i = 0; i < s->nm; i++)
		s->ord[i] = (uint32_t)i;
	qsort_r(s->ord, s->nm, sizeof(*s->ord), by_conv_turn, s);
	while (k < s->nm) {
		uint32_t cv = s->m[s->ord[k]].conv;
		double open = NAN, prev = NAN, sum = 0, nval = 0;
		size_t pos = 0, bfirst = 0, bn = 0, nobs0 = s->nobs, lastk = 0;
		for (; k < s->nm && s->m[s->ord[k]].conv == cv; k++) {
			const struct msg *m = &s->m[s->ord[k]];
			if (m->agent) {
				if (bn == 0)
					bfirst = k;
				bn = k - bfirst + 1;
				continue;
			}
			if (isnan(m->mood))
				continue;
			if (bn > 0 && isnan(prev))
				r->no_prev++;
			else if (bn > 0) {
				struct obs o = {m->mood, prev, open, sum / nval, log1p((double)pos), cv,
				    (uint32_t)bfirst, (uint32_t)bn, (uint32_t)lastk, 0, 0};
				if (add_obs(s, &o) < 0)
					return -1;
				pos++;
			}
			bn = 0;
			if (isnan(open))
				open = m->mood;
			prev = m->mood;
			lastk = k;
			sum += m->mood, nval++;
		}
		r->convs += s->nobs > nobs0;
	}
	r->obs = s->nobs;
	r->msgs = s->nm;
	return 0;
}

static int
push_key(struct rv_script *s, uint32_t id)
{
	if (s->nkeys == s->capkeys) {
		uint32_t *a = rv_grow(s->keys, &s->capkeys, s->nkeys + 1, sizeof(*a));
		if (a == NULL)
			return -1;
		s->keys = a;
	}
	s->keys[s->nkeys++] = id;
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Each observation's keys through map (-1: dropped), ascending, each key
 * once (keys merged under one name fall together). */
static void
remap_keys(struct rv_script *s, const int32_t *map)
{
	size_t i, j;

	for (i = 0; i < s->nobs; i++) {
		struct obs *o = &s->obs[i];
		size_t w = 0;
		for (j = 0; j < o->nk; j++)
			if (map[s->keys[o->koff + j]] >= 0)
				s->keys[o->koff + w++] = (uint32_t)map[s->keys[o->koff + j]];
		qsort(s->keys + o->koff, w, sizeof(*s->keys), cmp_u32);
		for (j = 0, o->nk = 0; j < w; j++)
			if (j == 0 || s->keys[o->koff + j] != s->keys[o->koff + j - 1])
				s->keys[o->koff + o->nk++] = s->keys[o->koff + j];
	}
}

/* Candidate keys: names[m] (borrowed) and each observation's ids. */
struct cands {
	const char **name;
	unsigned long *n;
	size_t m;
	size_t untested;	/* under the minimum support */
};

struct bycount {
	uint32_t idx;
	unsigned long n;
	const char *name;
};

static int
by_count(const void *a, const void *b)
{
	const struct bycount *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
keys_by(struct rv_script *s, struct cands *c)
{
	struct bycount *bc = calloc(s->nby ? s->nby : 1, sizeof(*bc));
	int32_t *map = malloc((s->nby ? s->nby : 1) * sizeof(*map));
	size_t i, j, m = 0;
	uint32_t tmp[64];

	if (bc == NULL || map == NULL)
		goto oom;
	for (i = 0; i < s->nby; i++)
		bc[i].idx = (uint32_t)i, bc[i].name = s->byname[i];
	for (i = 0; i < s->nobs; i++) {	/* distinct values of the block */
		struct obs *o = &s->obs[i];
		size_t n = 0;
		for (j = o->first; j < o->first + o->nmsg; j++) {
			const struct msg *ms = &s->m[s->ord[j]];
			if (ms->agent && ms->by >= 0 && n < 64)
				tmp[n++] = (uint32_t)ms->by;
		}
		qsort(tmp, n, sizeof(*tmp), cmp_u32);
		o->koff = s->nkeys;
		for (j = 0; j < n; j++)
			if ((j == 0 || tmp[j] != tmp[j - 1])) {
				if (push_key(s, tmp[j]) < 0)
					goto oom;
				bc[tmp[j]].n++;
			}
		o->nk = s->nkeys - o->koff;
	}
	qsort(bc, s->nby, sizeof(*bc), by_count);
	for (i = 0; i < s->nby; i++)
		map[i] = -1;
	for (i = 0; i < s->nby && bc[i].n >= s->o.min_support && (!s->o.max_keys || m < s->o.max_keys); i++)
		map[bc[i].idx] = (int32_t)m++;
	for (; i < s->nby; i++)
		c->untested += bc[i].n < s->o.min_support;
	c->m = m;
	c->name = calloc(m ? m : 1, sizeof(*c->name));
	c->n = calloc(m ? m : 1, sizeof(*c->n));
	if (c->name == NULL || c->n == NULL)
		goto oom;
	for (i = 0; i < m; i++)
		c->name[i] = bc[i].name, c->n[i] = bc[i].n;
	/* keep the candidates, renumbered, ascending */
	remap_keys(s, map);
	free(bc);
	free(map);
	return 0;
oom:
	free(bc);
	free(map);
	return -1;
}

/* Drop the candidates under the minimum support (given phrases) and
 * those held by exactly the same observations as a longer one (parts of
 * one template: they cannot be told apart), keeping the order. */
static int
compact(struct rv_script *s, struct cands *c)
{
	int32_t *map = malloc((c->m ? c->m : 1) * sizeof(*map));
	uint64_t *h = calloc(c->m ? c->m : 1, sizeof(*h));
	struct rv_hash seen = {0};
	size_t i, j, m = 0;

	if (map == NULL || h == NULL)
		goto oom;
	for (i = 0; i < s->nobs; i++)	/* a fingerprint of each key's observations */
		for (j = 0; j < s->obs[i].nk; j++) {
			uint32_t k = s->keys[s->obs[i].koff + j];
			h[k] = rv_hash_bytes(&i, sizeof(i), h[k] ^ 0x9e3779b97f4a7c15ULL);
		}
	for (i = 0; i < c->m; i++) {
		char fp[24];
		struct rv_hash_ent *e;
		int isnew;
		map[i] = -1;
		if (c->n[i] < s->o.min_support) {
			c->untested++;
			continue;
		}
		memcpy(fp, &h[i], 8);
		memcpy(fp + 8, &c->n[i], sizeof(c->n[i]) < 16 ? sizeof(c->n[i]) : 16);
		if ((e = rv_hash_put(&seen, fp, 8 + (sizeof(c->n[i]) < 16 ? sizeof(c->n[i]) : 16), &isnew)) == NULL)
			goto oom;
		if (!isnew) {	/* the same observations: keep the longer name */
			size_t k = (size_t)(uintptr_t)e->val - 1;
			if (strlen(c->name[i]) > strlen(c->name[k]))
				c->name[k] = c->name[i];
			map[i] = (int32_t)k;
			continue;
		}
		e->val = (void *)(uintptr_t)(m + 1);
		map[i] = (int32_t)m;
		c->name[m] = c->name[i], c->n[m++] = c->n[i];
	}
	c->m = m;
	remap_keys(s, map);
	free(map);
	free(h);
	rv_hash_free(&seen);
	return 0;
oom:
	free(map);
	free(h);
	rv_hash_free(&seen);
	return -1;
}

static int
keys_phrases(struct rv_script *s, struct cands *c)
{
	struct rv_buf doc = {0};
	size_t i, j;
	long m;
	uint32_t *ids = NULL;
	size_t cap = 0;

	for (i = 0; i < s->nobs; i++) {
		const struct obs *o = &s->obs[i];
		rv_buf_clear(&doc);
		for (j = o->first; j < o->first + o->nmsg; j++) {
			const struct msg *ms = &s->m[s->ord[j]];
			if (!ms->agent)
				continue;
			if ((doc.len && rv_buf_putc(&doc, '\n') < 0) ||
			    rv_buf_append(&doc, s->text.p + ms->toff, ms->tlen) < 0)
				goto oom;
		}
		if (rv_phrases_add(s->ph, doc.p ? doc.p : "", doc.len) < 0)
			goto oom;
	}
	if ((m = rv_phrases_mine(s->ph)) < 0)
		goto oom;
	c->m = (size_t)m;
	c->name = calloc(c->m ? c->m : 1, sizeof(*c->name));
	c->n = calloc(c->m ? c->m : 1, sizeof(*c->n));
	if (c->name == NULL || c->n == NULL)
		goto oom;
	for (i = 0; i < c->m; i++)
		c->name[i] = rv_phrases_text(s->ph, i);
	for (i = 0; i < s->nobs; i++) {
		struct obs *o = &s->obs[i];
		size_t n = rv_phrases_in(s->ph, i, ids, cap);
		if (n > cap) {
			uint32_t *a = realloc(ids, n * sizeof(*ids));
			if (a == NULL)
				goto oom;
			ids = a, cap = n;
			n = rv_phrases_in(s->ph, i, ids, cap);
		}
		o->koff = s->nkeys;
		for (j = 0; j < n; j++) {
			if (push_key(s, ids[j]) < 0)
				goto oom;
			c->n[ids[j]]++;
		}
		o->nk = n;
	}
	free(ids);
	rv_buf_free(&doc);
	return compact(s, c);
oom:
	free(ids);
	rv_buf_free(&doc);
	return -1;
}

/* Controls: the phrases of the customer's previous message (what the
 * agent read), mined like the keys; each observation's control ids
 * (m + i) follow its keys. They stand for how the customer put it,
 * which a mood score only summarises: an apology sent after messages
 * angrier than their score is not credited with what followed. */
static int
controls(struct rv_script *s, const struct cands *c, size_t *mc)
{
	struct rv_phrase_opts o = s->o.ph;
	struct rv_phrases *pc;
	uint32_t *keys = NULL, ids[256];
	size_t nk = 0, cap = 0, i, j, n;
	long k;
	int rc = -1;

	*mc = 0;
	o.max_phrases = 100;
	if ((pc = rv_phrases_new(&o)) == NULL)
		return -1;
	if (s->stop.len > 0 && rv_phrases_stop(pc, s->stop.p, s->stop.len) < 0)
		goto out;
	for (i = 0; i < s->nobs; i++) {
		const struct msg *m = &s->m[s->ord[s->obs[i].prevk]];
		if (rv_phrases_add(pc, s->text.p + m->toff, m->tlen) < 0)
			goto out;
	}
	if ((k = rv_phrases_mine(pc)) < 0)
		goto out;
	*mc = (size_t)k;
	for (i = 0; i < s->nobs; i++) {
		struct obs *ob = &s->obs[i];
		n = rv_phrases_in(pc, i, ids, 256);
		if (n > 256)	/* a customer message with more frequent phrases: the first 256 */
			n = 256;
		if (nk + ob->nk + n > cap) {
			uint32_t *a = rv_grow(keys, &cap, nk + ob->nk + n, sizeof(*keys));
			if (a == NULL)
				goto out;
			keys = a;
		}
		memcpy(keys + nk, s->keys + ob->koff, ob->nk * sizeof(*keys));
		ob->koff = nk;
		nk += ob->nk;
		for (j = 0; j < n; j++)
			keys[nk++] = (uint32_t)(c->m + ids[j]);
		ob->nk = nk - ob->koff;
	}
	free(s->keys);
	s->keys = keys, s->nkeys = nk, s->capkeys = cap;
	keys = NULL;
	rc = 0;
out:
	free(keys);
	rv_phrases_free(pc);
	return rc;
}

/* ---- the model ---- */

struct fit {
	size_t m, P, y;		/* keys; matrix order; the y column */
	double *a, *orig;	/* [1 prev open mean lpos keys y] Gram, swept; its diagonal */
	unsigned char *swept;
	double knot[NKP + NKO];	/* NAN: the column is unused (all zero) */
	size_t mc;		/* control columns after the m keys */
	size_t nsel;
	double *beta, *se, *p;	/* [m] */
};

static void
base_row(const struct fit *f, const struct obs *o, double *x)
{
	int i;

	x[0] = 1, x[1] = o->prev, x[2] = o->open, x[3] = o->mean, x[4] = o->lpos;
	for (i = 0; i < NKP + NKO; i++) {
		double v = i < NKP ? o->prev : o->open;
		x[5 + i] = isnan(f->knot[i]) || v <= f->knot[i] ? 0 : v - f->knot[i];
	}
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Knots at inner quantiles of prev and open; a knot equal to the one
 * before it or at the maximum gives nothing and is NAN. */
static int
knots(const struct rv_script *s, struct fit *f)
{
	double *v = malloc((s->nobs ? s->nobs : 1) * sizeof(*v));
	size_t i, w, n = s->nobs;

	if (v == NULL)
		return -1;
	for (w = 0; w < 2; w++) {
		int nk = w ? NKO : NKP, off = w ? NKP : 0, k;
		for (i = 0; i < n; i++)
			v[i] = w ? s->obs[i].open : s->obs[i].prev;
		qsort(v, n, sizeof(*v), cmp_dbl);
		for (k = 0; k < nk; k++) {
			double q = v[(size_t)((double)(n - 1) * (k + 1) / (nk + 1))];
			f->knot[off + k] = q >= v[n - 1] || (k > 0 && q == f->knot[off + k - 1]) ? NAN : q;
		}
	}
	free(v);
	return 0;
}

static int
gram(const struct rv_script *s, struct fit *f)
{
	size_t i, j, k, P = f->P, Y = f->y;
	double *a = f->a, x[NBASE];

	for (i = 0; i < s->nobs; i++) {
		const struct obs *o = &s->obs[i];
		const uint32_t *J = s->keys + o->koff;
		base_row(f, o, x);
		for (j = 0; j < NBASE; j++) {
			for (k = 0; k < NBASE; k++)
				a[j * P + k] += x[j] * x[k];
			for (k = 0; k < o->nk; k++)
				a[j * P + NBASE + J[k]] += x[j];
			a[j * P + Y] += x[j] * o->y;
		}
		for (j = 0; j < o->nk; j++) {
			double *row = a + (NBASE + J[j]) * P;
			for (k = 0; k < o->nk; k++)
				row[NBASE + J[k]] += 1;
			row[Y] += o->y;
		}
		a[Y * P + Y] += o->y * o->y;
	}
	for (j = 0; j < P; j++)	/* the lower triangle of the mixed blocks */
		for (k = 0; k < j; k++)
			if (j >= NBASE && k < NBASE)
				a[j * P + k] = a[k * P + j];
			else if (j == Y)
				a[j * P + k] = a[k * P + j];
	for (j = NBASE; j < Y; j++)
		a[j * P + j] += s->o.lambda;
	for (j = 0; j < P; j++)
		f->orig[j] = a[j * P + j];
	return 0;
}

static int
sweep_ok(struct fit *f, size_t j)
{
	double d = f->a[j * f->P + j];

	if (!(d > 1e-9 * f->orig[j]) || !(f->orig[j] > 0))
		return 0;
	rv_ols_sweep(f->a, f->P, j);
	f->swept[j] = 1;
	return 1;
}

/* Forward selection of keys (classical t on the swept Gram matrix). */
static void
select_keys(const struct rv_script *s, struct fit *f)
{
	size_t j, nsw = 0, P = f->P, Y = f->y;

	for (j = 0; j < NBASE; j++)
		nsw += sweep_ok(f, j);
	for (j = NBASE + f->m; j < Y; j++)	/* the controls are always in */
		nsw += sweep_ok(f, j);
	while (f->nsel < f->m && f->nsel < MAXSEL) {
		double best = 0, df = (double)s->nobs - (double)nsw - 1, pv;
		size_t bj = 0;
		if (df < 1)
			break;
		for (j = NBASE; j < NBASE + f->m; j++) {
			double v = f->a[j * P + j], c, b, rss, t;
			if (f->swept[j] || !(v > 1e-9 * f->orig[j]))
				continue;
			c = f->a[j * P + Y], b = c / v;
			rss = f->a[Y * P + Y] - c * c / v;
			t = rss > 0 ? fabs(b) / sqrt(rss / df / v) : INFINITY;
			if (t > best)
				best = t, bj = j;
		}
		pv = 2 * rv_stats_norm_sf(best);
		if (best == 0 || pv > s->o.alpha * (double)(f->nsel + 1) / (double)f->m)
			break;
		if (!sweep_ok(f, bj))
			break;
		nsw++;
		f->nsel++;
	}
}

/* Effects and cluster-robust standard errors of all keys given the
 * selected model (see the comment at the top). */
static int
robust(const struct rv_script *s, struct fit *f)
{
	size_t P = f->P, Y = f->y, m = f->m, nA = 0, i, j, k, g0;
	size_t *A = malloc(P * sizeof(*A));
	long *pos = malloc(P * sizeof(*pos));
	double *M = NULL, *sg = NULL, *T2 = NULL, *TS = NULL, *tg = NULL, *B = NULL, *V = NULL, ng = 0;
	uint32_t *touched = NULL;
	double *stamp = NULL;	/* group number + 1 that last touched a key */
	int rc = -1;

	if (A == NULL || pos == NULL)
		goto out;
	for (j = 0; j < Y; j++) {
		pos[j] = f->swept[j] ? (long)nA : -1;
		if (f->swept[j])
			A[nA++] = j;
	}
	M = calloc(nA * nA + 1, sizeof(*M));
	sg = calloc(nA + 1, sizeof(*sg));
	T2 = calloc(m + 1, sizeof(*T2));
	TS = calloc(m * nA + 1, sizeof(*TS));
	tg = calloc(m + 1, sizeof(*tg));
	touched = calloc(m + 1, sizeof(*touched));
	stamp = calloc(m + 1, sizeof(*stamp));
	B = calloc(nA * nA + 1, sizeof(*B));
	V = calloc(nA * nA + 1, sizeof(*V));
	if (!M || !sg || !T2 || !TS || !tg || !touched || !stamp || !B || !V)
		goto out;
	for (i = 0; i < s->nobs; i = g0) {
		size_t nt = 0;
		memset(sg, 0, nA * sizeof(*sg));
		for (g0 = i; g0 < s->nobs && s->obs[g0].conv == s->obs[i].conv; g0++) {
			const struct obs *o = &s->obs[g0];
			const uint32_t *J = s->keys + o->koff;
			double x[NBASE], e = o->y;
			base_row(f, o, x);
			for (j = 0; j < NBASE; j++)
				if (f->swept[j])
					e -= x[j] * f->a[j * P + Y];
			for (k = 0; k < o->nk; k++)
				if (f->swept[NBASE + J[k]])
					e -= f->a[(NBASE + J[k]) * P + Y];
			for (j = 0; j < NBASE; j++)
				if (f->swept[j])
					sg[pos[j]] += x[j] * e;
			for (k = 0; k < o->nk; k++) {
				size_t c = NBASE + J[k];
				if (f->swept[c])
					sg[pos[c]] += e;
				else if (J[k] < m) {
					if (stamp[J[k]] != ng + 1) {
						stamp[J[k]] = ng + 1;
						touched[nt++] = J[k];
					}
					tg[J[k]] += e;
				}
			}
		}
		for (j = 0; j < nA; j++)
			for (k = 0; k < nA; k++)
				M[j * nA + k] += sg[j] * sg[k];
		for (k = 0; k < nt; k++) {
			size_t c = touched[k];
			double t = tg[c];
			T2[c] += t * t;
			for (j = 0; j < nA; j++)
				TS[c * nA + j] += t * sg[j];
			tg[c] = 0;
		}
		ng++;
	}
	for (j = 0; j < nA; j++)
		for (k = 0; k < nA; k++)
			B[j * nA + k] = -f->a[A[j] * P + A[k]];
	if (rv_ols_sandwich(B, M, nA, ng, V) < 0)
		goto out;
	for (j = 0; j < m; j++) {
		size_t c = NBASE + j;
		double v = f->a[c * P + c], var;
		if (f->swept[c]) {
			f->beta[j] = f->a[c * P + Y];
			var = V[pos[c] * nA + pos[c]];
		} else if (!(v > 1e-9 * f->orig[c])) {
			f->beta[j] = 0, f->se[j] = INFINITY, f->p[j] = 1;
			continue;
		} else {
			double wTS = 0, wMw = 0;
			f->beta[j] = f->a[c * P + Y] / v;
			for (k = 0; k < nA; k++) {
				double wk = f->a[A[k] * P + c];
				wTS += wk * TS[j * nA + k];
				for (i = 0; i < nA; i++)
					wMw += wk * M[k * nA + i] * f->a[A[i] * P + c];
			}
			var = (T2[j] - 2 * wTS + wMw) / (v * v) * (ng > 1 ? ng / (ng - 1) : 1);
		}
		f->se[j] = var > 0 ? sqrt(var) : 0;
		f->p[j] = f->se[j] > 0 ? 2 * rv_stats_norm_sf(fabs(f->beta[j]) / f->se[j]) :
		    f->beta[j] != 0 ? 0 : 1;
	}
	rc = 0;
out:
	free(A), free(pos), free(M), free(sg), free(T2), free(TS), free(tg), free(touched), free(stamp), free(B), free(V);
	return rc;
}

/* --naive: mean change (y - prev) with the key minus without (Welch). */
static void
naive(const struct rv_script *s, struct fit *f)
{
	double S = 0, SS = 0, N = (double)s->nobs;
	double *sw = calloc(2 * f->m + 1, sizeof(*sw)), *nw = calloc(f->m + 1, sizeof(*nw));
	size_t i, j;

	if (sw == NULL || nw == NULL) {
		free(sw), free(nw);
		for (j = 0; j < f->m; j++)
			f->beta[j] = 0, f->se[j] = INFINITY, f->p[j] = 1;
		return;
	}
	for (i = 0; i < s->nobs; i++) {
		const struct obs *o = &s->obs[i];
		double d = o->y - o->prev;
		S += d, SS += d * d;
		for (j = 0; j < o->nk; j++) {
			uint32_t k = s->keys[o->koff + j];
			if (k >= f->m)
				continue;
			sw[2 * k] += d, sw[2 * k + 1] += d * d, nw[k]++;
		}
	}
	for (j = 0; j < f->m; j++) {
		double n1 = nw[j], n0 = N - n1, m1, m0, v1, v0;
		if (n1 < 2 || n0 < 2) {
			f->beta[j] = 0, f->se[j] = INFINITY, f->p[j] = 1;
			continue;
		}
		m1 = sw[2 * j] / n1, m0 = (S - sw[2 * j]) / n0;
		v1 = (sw[2 * j + 1] - n1 * m1 * m1) / (n1 - 1);
		v0 = (SS - sw[2 * j + 1] - n0 * m0 * m0) / (n0 - 1);
		f->beta[j] = m1 - m0;
		f->se[j] = sqrt(fmax(v1, 0) / n1 + fmax(v0, 0) / n0);
		f->p[j] = f->se[j] > 0 ? 2 * rv_stats_norm_sf(fabs(f->beta[j]) / f->se[j]) : 1;
	}
	free(sw), free(nw);
}

/* ---- findings ---- */

/* A short excerpt of message text t (original bytes) around the folded
 * key (NULL: its start): EX_CPS characters, "…" where cut. */
static char *
excerpt(const char *t, size_t n, const char *key)
{
	struct rv_buf f = {0}, b = {0};
	uint32_t *cp = malloc((n + 1) * sizeof(*cp));
	size_t *off = malloc((n + 2) * sizeof(*off)), *oo = malloc((n + 2) * sizeof(*oo));
	size_t ncp = 0, i, at = 0, st, en;
	char *r = NULL;

	if (cp == NULL || off == NULL || oo == NULL || rv_utf8_fold_cps(&f, t, n, cp, off, &ncp) < 0)
		goto out;
	for (i = 0, oo[0] = 0; i < ncp; i++) {	/* original offsets: one character each */
		uint32_t c;
		oo[i + 1] = oo[i] + (size_t)(oo[i] < n ? rv_utf8_decode(t + oo[i], n - oo[i], &c) : 0);
	}
	if (key != NULL && f.p != NULL) {
		const char *h = memmem(f.p, f.len, key, strlen(key));
		if (h != NULL)
			while (at < ncp && off[at] < (size_t)(h - f.p))
				at++;
	}
	st = at > 10 ? at - 10 : 0;
	en = st + EX_CPS < ncp ? st + EX_CPS : ncp;
	if (en == ncp && en - st < EX_CPS)
		st = en > EX_CPS ? en - EX_CPS : 0;
	if ((st > 0 && rv_buf_puts(&b, "…") < 0) || rv_buf_append(&b, t + oo[st], oo[en] - oo[st]) < 0 ||
	    (en < ncp && rv_buf_puts(&b, "…") < 0) || rv_buf_puts(&b, "") < 0)
		goto out;
	for (i = 0; i < b.len; i++)
		if (b.p[i] == '\t' || b.p[i] == '\n' || b.p[i] == '\r')
			b.p[i] = ' ';
	r = b.p;
	b.p = NULL;
out:
	free(cp), free(off), free(oo);
	rv_buf_free(&f);
	rv_buf_free(&b);
	return r;
}

static int
has_key(const struct rv_script *s, const struct obs *o, uint32_t j)
{
	return bsearch(&j, s->keys + o->koff, o->nk, sizeof(j), cmp_u32) != NULL;
}

static int
examples(const struct rv_script *s, uint32_t j, const char *name, struct rv_script_find *fd)
{
	size_t i, k, nex = 0;
	size_t klen = strlen(name);

	for (i = 0; i < s->nobs && nex < 2; i++) {
		const struct obs *o = &s->obs[i];
		if (!has_key(s, o, j))
			continue;
		for (k = o->first; k < o->first + o->nmsg; k++) {
			const struct msg *m = &s->m[s->ord[k]];
			char *e;
			if (!m->agent || m->tlen == 0)
				continue;
			if (s->o.by ? (m->by < 0 || strcmp(s->byname[m->by], name) != 0) : 0)
				continue;
			if (!s->o.by) {	/* the message of the block that holds it */
				struct rv_buf f = {0};
				int in;
				if (rv_utf8_fold_str(&f, s->text.p + m->toff, m->tlen) < 0)
					return -1;
				in = f.p != NULL && memmem(f.p, f.len, name, klen) != NULL;
				rv_buf_free(&f);
				if (!in)
					continue;
			}
			if ((e = excerpt(s->text.p + m->toff, m->tlen, s->o.by ? NULL : name)) == NULL)
				return -1;
			if (nex == 1 && strcmp(e, fd->ex[0]) == 0) {
				free(e);
				break;
			}
			fd->ex[nex++] = e;
			break;
		}
	}
	return 0;
}

/* Outcome rate of the conversations with key j and its difference from
 * the rate of those without (among conversations with observations and
 * a known outcome). */
static void
outcome(const struct rv_script *s, uint32_t j, struct rv_script_find *fd)
{
	double sw = 0, nw = 0, sa = 0, na = 0;
	size_t i = 0, g;

	while (i < s->nobs) {
		uint32_t cv = s->obs[i].conv;
		int with = 0;
		for (g = i; g < s->nobs && s->obs[g].conv == cv; g++)
			with |= has_key(s, &s->obs[g], j);
		i = g;
		if (isnan(s->c[cv].outcome))
			continue;
		sa += s->c[cv].outcome, na++;
		if (with)
			sw += s->c[cv].outcome, nw++;
	}
	fd->outcome_rate = nw > 0 ? sw / nw : NAN;
	fd->outcome_lift = nw > 0 && na > nw ? sw / nw - (sa - sw) / (na - nw) : NAN;
}

static int
by_rank(const void *a, const void *b)
{
	const struct rv_script_find *x = a, *y = b;

	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	if (fabs(x->effect) != fabs(y->effect))
		return fabs(x->effect) > fabs(y->effect) ? -1 : 1;
	return strcmp(x->key, y->key);
}

int
rv_script_run(struct rv_script *s, struct rv_script_result *r)
{
	struct cands c = {0};
	struct fit f = {0};
	double *q = NULL, z = rv_cps_norm_quantile(1 - s->o.alpha / 2);
	size_t j;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (build_obs(s, r) < 0 || (s->o.by ? keys_by(s, &c) : keys_phrases(s, &c)) < 0)
		goto out;
	r->tested = f.m = c.m;
	r->untested = c.untested;
	if (c.m == 0 || s->nobs == 0) {
		rc = 0;
		goto out;
	}
	if (!s->o.naive && controls(s, &c, &f.mc) < 0)
		goto out;
	f.P = NBASE + c.m + f.mc + 1, f.y = NBASE + c.m + f.mc;
	f.a = calloc(f.P * f.P, sizeof(*f.a));
	f.orig = calloc(f.P, sizeof(*f.orig));
	f.swept = calloc(f.P, 1);
	f.beta = calloc(c.m, sizeof(*f.beta));
	f.se = calloc(c.m, sizeof(*f.se));
	f.p = calloc(c.m, sizeof(*f.p));
	q = calloc(c.m, sizeof(*q));
	if (!f.a || !f.orig || !f.swept || !f.beta || !f.se || !f.p || !q)
		goto out;
	if (s->o.naive)
		naive(s, &f);
	else {
		if (knots(s, &f) < 0)
			goto out;
		gram(s, &f);
		select_keys(s, &f);
		if (robust(s, &f) < 0)
			goto out;
	}
	/* The null is "no effect worth reporting": |effect| <= min_effect / 2
	 * (an interval null; 0 with --min-effect 0), so that a small
	 * rarely used key is not a finding on its point estimate alone. */
	for (j = 0; j < c.m; j++) {
		double d = fabs(f.beta[j]) - s->o.min_effect / 2;
		if (f.se[j] > 0 && isfinite(f.se[j]))
			f.p[j] = d > 0 ? fmin(1, 2 * rv_stats_norm_sf(d / f.se[j])) : 1;
	}
	if (rv_stats_bh(f.p, c.m, c.m, q) < 0)
		goto out;
	if ((r->f = calloc(c.m, sizeof(*r->f))) == NULL)
		goto out;
	for (j = 0; j < c.m; j++) {
		struct rv_script_find *fd;
		if (!(q[j] <= s->o.alpha) || !(fabs(f.beta[j]) >= s->o.min_effect))
			continue;
		fd = &r->f[r->n++];
		fd->key = c.name[j], fd->n = c.n[j];
		fd->effect = f.beta[j], fd->p = f.p[j], fd->q = q[j];
		fd->ci_low = f.beta[j] - z * f.se[j], fd->ci_high = f.beta[j] + z * f.se[j];
		fd->outcome_rate = fd->outcome_lift = NAN;
		if (s->o.outcome)
			outcome(s, (uint32_t)j, fd);
		if (examples(s, (uint32_t)j, c.name[j], fd) < 0)
			goto out;
	}
	qsort(r->f, r->n, sizeof(*r->f), by_rank);
	rc = 0;
out:
	free(c.name), free(c.n), free(q);
	free(f.a), free(f.orig), free(f.swept), free(f.beta), free(f.se), free(f.p);
	return rc;
}

void
rv_script_result_free(struct rv_script_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->f[i].ex[0]), free(r->f[i].ex[1]);
	free(r->f);
	memset(r, 0, sizeof(*r));
}

/* A number with a sign, for the pretty lines. */
static void
signed_num(struct rv_out *o, double v)
{
	if (v >= 0)
		rv_out_putc(o, '+');
	rv_out_num(o, v, 2);
}

void
rv_script_write(const struct rv_script *s, const struct rv_script_result *r, struct rv_out *o, int pretty)
{
	size_t i;
	char q[32];

	if (pretty) {
		rv_out_printf(o, "%lu agent turns followed by a customer mood, in %lu conversations; "
		    "%zu candidate %s tested; %zu with an effect (q <= %g)%s",
		    r->obs, r->convs, r->tested, s->o.by ? "values" : "phrases", r->n, s->o.alpha,
		    s->o.naive ? " [naive before/after difference]" : "");
		rv_out_eol(o);
		for (i = 0; i < r->n; i++) {
			const struct rv_script_find *f = &r->f[i];
			snprintf(q, sizeof(q), "%.1e", f->q);
			if (s->o.by)
				rv_out_printf(o, "%s '%s': ", s->o.by_name ? s->o.by_name : "by", f->key);
			else
				rv_out_printf(o, "'%s': ", f->key);
			rv_out_puts(o, "next customer message ");
			signed_num(o, f->effect);
			rv_out_puts(o, " (");
			signed_num(o, f->ci_low);
			rv_out_puts(o, " to ");
			signed_num(o, f->ci_high);
			rv_out_printf(o, ") vs. what the customer would have said; n=%lu, q=%s", f->n, q);
			if (s->o.outcome && !isnan(f->outcome_rate)) {
				rv_out_puts(o, "; outcome ");
				rv_out_num(o, f->outcome_rate, 2);
				if (!isnan(f->outcome_lift)) {
					rv_out_puts(o, " (");
					signed_num(o, f->outcome_lift);
					rv_out_puts(o, " vs. without)");
				}
			}
			rv_out_eol(o);
			if (f->ex[0] != NULL) {
				rv_out_puts(o, "    e.g. ");
				rv_out_puts(o, f->ex[0]);
				rv_out_eol(o);
			}
		}
		return;
	}
	rv_out_puts(o, s->o.outcome ? "key\tn\teffect\tci_low\tci_high\tq\toutcome_rate\toutcome_lift\texamples" :
	    "key\tn\teffect\tci_low\tci_high\tq\texamples");
	rv_out_eol(o);
	for (i = 0; i < r->n; i++) {
		const struct rv_script_find *f = &r->f[i];
		rv_out_field(o, f->key, strlen(f->key));
		rv_out_tab(o);
		rv_out_num(o, (double)f->n, 0);
		rv_out_tab(o);
		rv_out_num(o, f->effect, 3);
		rv_out_tab(o);
		rv_out_num(o, f->ci_low, 3);
		rv_out_tab(o);
		rv_out_num(o, f->ci_high, 3);
		rv_out_tab(o);
		snprintf(q, sizeof(q), "%.2e", f->q);
		rv_out_puts(o, q);
		if (s->o.outcome) {
			rv_out_tab(o);
			if (!isnan(f->outcome_rate))
				rv_out_num(o, f->outcome_rate, 3);
			rv_out_tab(o);
			if (!isnan(f->outcome_lift))
				rv_out_num(o, f->outcome_lift, 3);
		}
		rv_out_tab(o);
		if (f->ex[0] != NULL)
			rv_out_puts(o, f->ex[0]);
		if (f->ex[1] != NULL) {
			rv_out_puts(o, " | ");
			rv_out_puts(o, f->ex[1]);
		}
		rv_out_eol(o);
	}
}

int
rv_script_outcome(const char *p, size_t n, double *v)
{
	static const char *const yes[] = {"yes", "true", "y"}, *const no[] = {"no", "false", "n"};
	size_t i;

	while (n > 0 && (*p == ' ' || p[n - 1] == ' ')) {
		if (*p == ' ')
			p++, n--;
		else
			n--;
	}
	if (n == 0) {
		*v = NAN;
		return 0;
	}
	for (i = 0; i < 3; i++) {
		if (strlen(yes[i]) == n && strncasecmp(p, yes[i], n) == 0)
			return *v = 1, 0;
		if (strlen(no[i]) == n && strncasecmp(p, no[i], n) == 0)
			return *v = 0, 0;
	}
	return rv_num_parse(p, n, v);
}
