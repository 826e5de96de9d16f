/* phrase.c - recurring phrases of short messages (see phrase.h).
 *
 * Every document is folded and turned into units: a Chinese character
 * is its code point, an English word W_BASE + its id, and BRK marks
 * where phrases break (between documents too). All units sit in one
 * array; an n-gram is a window of it. Level L counts the windows of L
 * units whose two (L-1)-windows were frequent (ok[] marks those), in
 * one open-addressing table keyed by a 64-bit hash of the units (the
 * units are compared too). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "phrase.h"
#include "utf8.h"

enum { BRK = 0, W_BASE = 0x200000, MAXLEN = 16 };

struct ent {
	uint64_t h;
	uint32_t pos;		/* first window with these units */
	uint32_t df, last;	/* documents; the last one counted + 1 */
	int32_t id;		/* phrase number, or -1 */
	uint8_t len, absorbed;
};

struct rv_phrases {
	struct rv_phrase_opts o;
	uint32_t *u;		/* units */
	size_t nu, capu;
	size_t *dstart;		/* document d: units [dstart[d], dstart[d + 1]) */
	size_t nd, capd;
	struct rv_buf fold;	/* folded documents, one after the other */
	size_t *doff;		/* document d: fold.p + doff[d], up to doff[d + 1] */
	struct rv_hash vocab;	/* English word -> id + 1 */
	char **words;
	size_t nwords, capw;
	struct rv_hash stop;	/* folded stop term -> 1 edge, 2 term */
	struct ent *tab;
	size_t cap, n;
	/* the phrases */
	char **text;
	unsigned long *sup;
	size_t nph;
	int fixed;		/* phrases given, matched as substrings */
	size_t nfixed, capfixed;
	/* scratch for folding, and rv_phrases_in's occurrences */
	uint32_t *scr;
	size_t capscr;
	uint32_t *cp;
	size_t *off, capcp;
};

void
rv_phrases_opts_default(struct rv_phrase_opts *o)
{
	o->min_support = 20;
	o->closed = 0.9;
	o->zh_min = 2, o->zh_max = 12;
	o->en_min = 1, o->en_max = 5;
	o->max_phrases = 400;
}

struct rv_phrases *
rv_phrases_new(const struct rv_phrase_opts *o)
{
	struct rv_phrases *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->o = *o;
	if (p->o.zh_max > MAXLEN)
		p->o.zh_max = MAXLEN;
	if (p->o.en_max > MAXLEN)
		p->o.en_max = MAXLEN;
	if (p->o.min_support < 1)
		p->o.min_support = 1;
	return p;
}

void
rv_phrases_free(struct rv_phrases *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nph; i++)
		free(p->text[i]);
	for (i = 0; i < p->nwords; i++)
		free(p->words[i]);
	free(p->text);
	free(p->sup);
	free(p->words);
	free(p->u);
	free(p->dstart);
	free(p->doff);
	free(p->tab);
	free(p->cp);
	free(p->scr);
	free(p->off);
	rv_buf_free(&p->fold);
	rv_hash_free(&p->vocab);
	rv_hash_free(&p->stop);
	free(p);
}

int
rv_phrases_stop(struct rv_phrases *p, const char *text, size_t len)
{
	const char *e = text + len, *l, *nl, *tab;
	struct rv_buf f = {0};

	for (l = text; l < e; l = nl + 1) {
		struct rv_hash_ent *h;
		int isnew;
		if ((nl = memchr(l, '\n', (size_t)(e - l))) == NULL)
			nl = e;
		if (l == nl || *l == '#')
			continue;
		if ((tab = memchr(l, '\t', (size_t)(nl - l))) == NULL)
			tab = nl;
		rv_buf_clear(&f);
		if (rv_utf8_fold_str(&f, l, (size_t)(tab - l)) < 0 || f.len == 0)
			continue;
		if ((h = rv_hash_put(&p->stop, f.p, f.len, &isnew)) == NULL) {
			rv_buf_free(&f);
			return -1;
		}
		/* A Chinese edge character must be a particle: agents'
		 * phrases begin and end with 给, 我, 这 ("给您补发"). */
		int edge = tab + 5 <= nl && memcmp(tab, "\tedge", 5) == 0 &&
		    ((unsigned char)*l < 0x80 || (tab + 14 <= nl && memcmp(tab + 5, "\tparticle", 9) == 0));
		h->val = (void *)(uintptr_t)(edge ? 1 : 2);
	}
	rv_buf_free(&f);
	return 0;
}

static int
push(struct rv_phrases *p, uint32_t u)
{
	if (u == BRK && p->nu > 0 && p->u[p->nu - 1] == BRK)
		return 0;
	if (p->nu == p->capu) {
		uint32_t *n = rv_grow(p->u, &p->capu, p->nu + 1, sizeof(*p->u));
		if (n == NULL)
			return -1;
		p->u = n;
	}
	p->u[p->nu++] = u;
	return 0;
}

static int
word_unit(struct rv_phrases *p, const char *w, size_t n, uint32_t *u)
{
	int isnew;
	struct rv_hash_ent *h = rv_hash_put(&p->vocab, w, n, &isnew);

	if (h == NULL)
		return -1;
	if (isnew) {
		char **nw = rv_grow(p->words, &p->capw, p->nwords + 1, sizeof(*p->words));
		if (nw == NULL)
			return -1;
		p->words = nw;
		if ((p->words[p->nwords] = rv_memdup(w, n)) == NULL)
			return -1;
		h->val = (void *)(uintptr_t)++p->nwords;
	}
	*u = W_BASE + (uint32_t)((uintptr_t)h->val - 1);
	return 0;
}

static int
is_wordch(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c == '_';
}

/* The units of the folded code points cp[0..n) (bytes s, offsets off). */
static int
tokenize(struct rv_phrases *p, const char *s, const uint32_t *cp, const size_t *off, size_t n)
{
	size_t i = 0, j, k;
	int prev = 0;		/* 1 after a Chinese character, 2 after a word */

	while (i < n) {
		uint32_t c = cp[i];
		if (c == '[' || c == 0x3010) {	/* placeholder [数字x], 【...】 */
			uint32_t close = c == '[' ? ']' : 0x3011;
			for (j = i + 1; j < n && j < i + 32 && cp[j] != close; j++)
				;
			i = j < n && cp[j] == close ? j + 1 : i + 1;
			if (push(p, BRK) < 0)
				return -1;
			prev = 0;
		} else if (rv_utf8_is_cjk(c)) {
			if ((prev == 2 && push(p, BRK) < 0) || push(p, c) < 0)
				return -1;
			prev = 1, i++;
		} else if (is_wordch(c)) {
			int bad = 0;
			uint32_t u;
			for (j = i; j < n && is_wordch(cp[j]); j++)
				bad |= cp[j] == '_' || (cp[j] >= '0' && cp[j] <= '9');
			while (j > i + 1 && cp[j - 1] == '\'')
				j--;
			if (bad || cp[i] == '\'') {
				if (push(p, BRK) < 0)
					return -1;
				prev = 0, i = j;
				continue;
			}
			if ((prev == 1 && push(p, BRK) < 0) || word_unit(p, s + off[i], off[j] - off[i], &u) < 0 ||
			    push(p, u) < 0)
				return -1;
			prev = 2, i = j;
			/* one space between two words keeps the phrase going */
			if (i + 1 < n && cp[i] == ' ' && cp[i + 1] >= 'a' && cp[i + 1] <= 'z')
				i++;
		} else {
			k = i + 1;
			if (push(p, BRK) < 0)
				return -1;
			prev = 0, i = k;
		}
	}
	return 0;
}

long
rv_phrases_add(struct rv_phrases *p, const char *text, size_t len)
{
	size_t ncp;

	if (p->nd + 2 > p->capd) {
		size_t c = p->capd;
		size_t *a = rv_grow(p->dstart, &c, p->nd + 2, sizeof(*a));
		if (a == NULL)
			return -1;
		p->dstart = a;
		c = p->capd;
		if ((a = rv_grow(p->doff, &c, p->nd + 2, sizeof(*a))) == NULL)
			return -1;
		p->doff = a;
		p->capd = c;
	}
	if (len + 1 > p->capcp) {
		size_t c = len + 1;
		uint32_t *a = realloc(p->cp, c * sizeof(*a));
		size_t *b;
		if (a == NULL)
			return -1;
		p->cp = a;
		if ((b = realloc(p->off, (c + 1) * sizeof(*b))) == NULL)
			return -1;
		p->off = b;
		p->capcp = c;
	}
	if (p->nd == 0 && (push(p, BRK) < 0))
		return -1;
	p->doff[p->nd] = p->fold.len;
	if (rv_utf8_fold_cps(&p->fold, text, len, p->cp, p->off, &ncp) < 0)
		return -1;
	p->dstart[p->nd] = p->nu;
	if (tokenize(p, p->fold.p, p->cp, p->off, ncp) < 0 || push(p, BRK) < 0)
		return -1;
	p->nd++;
	p->dstart[p->nd] = p->nu;
	p->doff[p->nd] = p->fold.len;
	return (long)p->nd - 1;
}

const char *
rv_phrases_doc(const struct rv_phrases *p, size_t d, size_t *len)
{
	*len = p->doff[d + 1] - p->doff[d];
	return p->fold.p + p->doff[d];
}

int
rv_phrases_fixed(struct rv_phrases *p, const char *text, size_t len)
{
	struct rv_buf f = {0};
	size_t i;

	if (rv_utf8_fold_str(&f, text, len) < 0)
		return -1;
	if (f.len == 0) {
		rv_buf_free(&f);
		return 0;
	}
	p->fixed = 1;
	for (i = 0; i < p->nph; i++)	/* the same phrase twice: once */
		if (strcmp(p->text[i], f.p) == 0) {
			rv_buf_free(&f);
			return 0;
		}
	if (p->nph == p->capfixed) {
		size_t c = p->capfixed;
		char **t = rv_grow(p->text, &c, p->nph + 1, sizeof(*t));
		if (t == NULL) {
			rv_buf_free(&f);
			return -1;
		}
		p->text = t;
		p->capfixed = c;
	}
	p->text[p->nph++] = f.p;
	return 0;
}

/* ---- the n-gram table ---- */

/* The hash of a window, one unit at a time (multiply and xor-shift: the
 * keys are compared too, so it only has to spread them). */
static inline uint64_t
hext(uint64_t h, uint32_t u)
{
	h = (h ^ u) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 29);
}

enum { HSEED = 0x5bd1e995 };

static uint64_t
whash(const uint32_t *u, size_t len)
{
	uint64_t h = HSEED;

	while (len-- > 0)
		h = hext(h, *u++);
	return h;
}

static struct ent *
find(struct rv_phrases *p, size_t pos, size_t len, uint64_t h, int add)
{
	size_t i;

	for (i = h & (p->cap - 1);; i = (i + 1) & (p->cap - 1)) {
		struct ent *e = &p->tab[i];
		if (e->len == 0) {
			if (!add)
				return NULL;
			e->h = h, e->pos = (uint32_t)pos, e->len = (uint8_t)len, e->id = -1;
			p->n++;
			return e;
		}
		if (e->h == h && e->len == len && memcmp(p->u + e->pos, p->u + pos, len * sizeof(*p->u)) == 0)
			return e;
	}
}

static int
grow_tab(struct rv_phrases *p)
{
	size_t cap = p->cap ? p->cap * 2 : 1 << 16, i, j;
	struct ent *t = calloc(cap, sizeof(*t));

	if (t == NULL)
		return -1;
	for (i = 0; i < p->cap; i++) {
		if (p->tab[i].len == 0)
			continue;
		for (j = p->tab[i].h & (cap - 1); t[j].len; j = (j + 1) & (cap - 1))
			;
		t[j] = p->tab[i];
	}
	free(p->tab);
	p->tab = t;
	p->cap = cap;
	return 0;
}

static struct ent *
lookup(const struct rv_phrases *p, size_t pos, size_t len)
{
	return p->cap ? find((struct rv_phrases *)p, pos, len, whash(p->u + pos, len), 0) : NULL;
}

static size_t
maxlen(const struct rv_phrases *p, uint32_t u)
{
	return u >= W_BASE ? p->o.en_max : p->o.zh_max;
}

/* ---- mining ---- */

/* The text of the window (pos, len) into a new string. */
static char *
wtext(const struct rv_phrases *p, size_t pos, size_t len)
{
	struct rv_buf b = {0};
	size_t i;

	for (i = 0; i < len; i++) {
		uint32_t u = p->u[pos + i];
		char tmp[4];
		if (u >= W_BASE) {
			if ((i && rv_buf_putc(&b, ' ') < 0) || rv_buf_puts(&b, p->words[u - W_BASE]) < 0)
				goto oom;
		} else if (rv_buf_append(&b, tmp, (size_t)rv_utf8_encode(u, tmp)) < 0)
			goto oom;
	}
	if (b.p == NULL && rv_buf_puts(&b, "") < 0)
		goto oom;
	return b.p;
oom:
	rv_buf_free(&b);
	return NULL;
}

static int
stop_kind(const struct rv_phrases *p, size_t pos, size_t len)
{
	char *s = wtext(p, pos, len);
	struct rv_hash_ent *h;
	int k;

	if (s == NULL)
		return -1;
	h = rv_hash_get(&p->stop, s, strlen(s));
	k = h ? (int)(uintptr_t)h->val : 0;
	free(s);
	return k;
}

/* Trim edge stop units off the window (pos, *len); is the rest a phrase
 * by itself (length, stop terms)? 1 yes, 0 no, -1 on OOM. */
static int
trim(const struct rv_phrases *p, size_t *pos, size_t *len)
{
	int k, en = p->u[*pos] >= W_BASE;

	while (*len > 0 && (k = stop_kind(p, *pos, 1)) == 1)
		(*pos)++, (*len)--;
	if (*len > 0 && k < 0)
		return -1;
	/* Chinese particles end phrases naturally (查不了, 好吗); English
	 * stop words do not ("refund to"). */
	while (en && *len > 0 && (k = stop_kind(p, *pos + *len - 1, 1)) == 1)
		(*len)--;
	if (*len > 0 && k < 0)
		return -1;
	if (*len < (en ? p->o.en_min : p->o.zh_min) || *len > (en ? p->o.en_max : p->o.zh_max))
		return 0;
	if ((k = stop_kind(p, *pos, *len)) != 0)
		return k < 0 ? -1 : 0;
	return 1;
}

struct order {
	size_t ent;
	unsigned long df;
	char *text;
};

static int
by_support(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Count level len; marks ok[i] for the frequent windows. Returns the
 * number of frequent windows of this length, -1 on OOM. */
static long
level(struct rv_phrases *p, size_t len, unsigned char *ok, uint64_t *h)
{
	size_t d, i;
	long nfreq = 0;

	for (i = 0; i + len <= p->nu; i++)	/* h[i]: the hash of (i, len) */
		h[i] = hext(len == 1 ? HSEED : h[i], p->u[i + len - 1]);
	for (d = 0; d < p->nd; d++)
		for (i = p->dstart[d]; i + len <= p->dstart[d + 1]; i++) {
			struct ent *e;
			if (len == 1 ? p->u[i] == BRK : !(ok[i] && ok[i + 1]))
				continue;
			if (len > maxlen(p, p->u[i]))
				continue;
			if (p->n * 2 >= p->cap && grow_tab(p) < 0)
				return -1;
			e = find(p, i, len, h[i], 1);
			if (e->last != d + 1)
				e->df++, e->last = (uint32_t)d + 1;
		}
	for (i = 0; i + len <= p->nu; i++) {
		struct ent *e;
		if (len == 1 ? p->u[i] == BRK : !(ok[i] && ok[i + 1])) {
			ok[i] = 0;
			continue;
		}
		e = p->cap ? find(p, i, len, h[i], 0) : NULL;
		ok[i] = e != NULL && e->df >= p->o.min_support;
		nfreq += ok[i];
	}
	for (; i < p->nu; i++)
		ok[i] = 0;
	return nfreq;
}

static long
mine_fixed(struct rv_phrases *p)
{
	size_t i, d, len;

	if ((p->sup = calloc(p->nph ? p->nph : 1, sizeof(*p->sup))) == NULL)
		return -1;
	for (d = 0; d < p->nd; d++) {
		const char *t = rv_phrases_doc(p, d, &len);
		for (i = 0; i < p->nph; i++)
			if (memmem(t, len, p->text[i], strlen(p->text[i])) != NULL)
				p->sup[i]++;
	}
	return (long)p->nph;
}

long
rv_phrases_mine(struct rv_phrases *p)
{
	unsigned char *ok;
	uint64_t *h = NULL;
	struct order *ord = NULL;
	size_t len, i, no = 0, cap = 0;
	long rc = -1;

	if (p->fixed)
		return mine_fixed(p);
	if ((ok = calloc(p->nu + 1, 1)) == NULL || (h = malloc((p->nu + 1) * sizeof(*h))) == NULL) {
		free(ok);
		return -1;
	}
	for (len = 1; len <= MAXLEN; len++) {
		long k = level(p, len, ok, h);
		if (k < 0)
			goto out;
		if (k == 0)
			break;
	}
	/* Natural length: an n-gram absorbs its two one-unit-shorter parts
	 * when it has almost all of their support. What is left, with
	 * edge stop units trimmed off, are the phrases. */
	for (i = 0; i < p->cap; i++) {
		struct ent *e = &p->tab[i], *s;
		if (e->len < 2 || e->df < p->o.min_support)
			continue;
		if ((s = lookup(p, e->pos, e->len - 1u)) != NULL && e->df >= p->o.closed * s->df)
			s->absorbed = 1;
		if ((s = lookup(p, e->pos + 1, e->len - 1u)) != NULL && e->df >= p->o.closed * s->df)
			s->absorbed = 1;
	}
	for (i = 0; i < p->cap; i++) {
		struct ent *e = &p->tab[i], *t;
		size_t tp = e->pos, tl = e->len;
		int v;
		if (e->len == 0 || e->df < p->o.min_support || e->absorbed)
			continue;
		if ((v = trim(p, &tp, &tl)) < 0)
			goto out;
		if (v == 0 || (t = lookup(p, tp, tl)) == NULL || t->id == -2)
			continue;
		t->id = -2;	/* listed */
		if (no == cap) {
			struct order *n = rv_grow(ord, &cap, no + 1, sizeof(*ord));
			if (n == NULL)
				goto out;
			ord = n;
		}
		ord[no].ent = (size_t)(t - p->tab), ord[no].df = t->df;
		if ((ord[no++].text = wtext(p, t->pos, t->len)) == NULL)
			goto out;
	}
	if (no > 0)
		qsort(ord, no, sizeof(*ord), by_support);
	p->nph = p->o.max_phrases && no > p->o.max_phrases ? p->o.max_phrases : no;
	if ((p->text = calloc(p->nph ? p->nph : 1, sizeof(*p->text))) == NULL ||
	    (p->sup = calloc(p->nph ? p->nph : 1, sizeof(*p->sup))) == NULL) {
		p->nph = 0;
		goto out;
	}
	for (i = 0; i < no; i++) {
		if (i < p->nph) {
			p->text[i] = ord[i].text;
			p->sup[i] = ord[i].df;
			p->tab[ord[i].ent].id = (int32_t)i;
		} else {
			p->tab[ord[i].ent].id = -1;
			free(ord[i].text);
		}
		ord[i].text = NULL;
	}
	rc = (long)p->nph;
out:
	for (i = 0; i < no; i++)
		free(ord[i].text);
	free(ord);
	free(ok);
	free(h);
	return rc;
}

const char *
rv_phrases_text(const struct rv_phrases *p, size_t i)
{
	return p->text[i];
}

unsigned long
rv_phrases_support(const struct rv_phrases *p, size_t i)
{
	return p->sup[i];
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

size_t
rv_phrases_in(const struct rv_phrases *p, size_t d, uint32_t *ids, size_t cap)
{
	struct rv_phrases *w = (struct rv_phrases *)p;	/* its scratch only */
	uint32_t *tmp;
	size_t n = 0, i, len, k, out = 0;

	if (p->fixed) {
		const char *t = rv_phrases_doc(p, d, &len);
		for (i = 0; i < p->nph; i++)
			if (memmem(t, len, p->text[i], strlen(p->text[i])) != NULL) {
				if (out < cap)
					ids[out] = (uint32_t)i;
				out++;
			}
		return out;
	}
	for (i = p->dstart[d]; i < p->dstart[d + 1]; i++) {
		uint64_t hw = HSEED;
		for (len = 1; i + len <= p->dstart[d + 1] && len <= MAXLEN; len++) {
			struct ent *e;
			hw = hext(hw, p->u[i + len - 1]);
			e = p->u[i + len - 1] == BRK || p->cap == 0 ? NULL : find((struct rv_phrases *)p, i, len, hw, 0);
			if (e == NULL || e->df < p->o.min_support)
				break;
			if (e->id < 0)
				continue;
			if (n == w->capscr) {
				uint32_t *a = rv_grow(w->scr, &w->capscr, n + 1, sizeof(*a));
				if (a == NULL)	/* out of memory: the phrases found so far */
					goto done;
				w->scr = a;
			}
			w->scr[n++] = (uint32_t)e->id;
		}
	}
done:
	tmp = w->scr;
	if (n > 0)
		qsort(tmp, n, sizeof(*tmp), cmp_u32);
	for (k = 0; k < n; k++) {
		if (k > 0 && tmp[k] == tmp[k - 1])
			continue;
		if (out < cap)
			ids[out] = tmp[k];
		out++;
	}
	return out;
}
