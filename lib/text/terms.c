/* terms.c - keyness of discovered words and phrases (see terms.h).
 *
 * Every text is folded (rv_utf8_fold_cps) and cut into runs: runs of
 * CJK ideographs give character n-grams of 1..7 characters; runs of
 * English words separated by single spaces give word n-grams of 1..3
 * words (no stop word at either edge). An n-gram is a 16-byte key; one
 * open-addressing table counts, per key, its occurrences (tf, for word
 * discovery) and the group and rest documents that contain it (for
 * keyness). When the table holds max_entries keys, the rarest are
 * dropped (all with tf <= e, e rising as needed): a key's counts are
 * then low by at most e (lossy counting), which the result reports. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "buf.h"
#include "hash.h"
#include "num.h"
#include "rng.h"
#include "tsv.h"
#include "stats.h"
#include "terms.h"
#include "utf8.h"

enum { K_ZH = 1, K_EN = 2 };
enum { ZH_MAX = 6, EN_MAX = 3 };
enum { S_EDGE = 1, S_TERM = 2 };	/* stop kinds */
enum { C_CAND = 1, C_WORD = 2, C_NESTED = 4 };	/* candidate status */
enum { EX_MAXBYTES = 4000 };
#define XQ 1048576.0	/* fixed point of the neighbour sums: 2^20 */

struct tkey {
	uint16_t k[8];	/* k[0] = kind << 8 | n; zh: k[1..n] chars; en: ids as pairs */
};

struct ent {
	struct tkey key;
	uint32_t tf, dg, dr;
	uint32_t last;		/* the last document counted (stamp) */
};

struct cand {
	size_t ent;
	double rs, ls;		/* neighbour sums: counts (exact integers) */
	long long rxq, lxq;	/* and sums of x log x in 2^-20 units, so that
				 * the sums do not depend on the order of the
				 * table (a merged state has another order) */
	double pmi, hl, hr;
	int status;
};

struct example {
	char *text;
	size_t len;
	unsigned long docno;	/* the group text's number (from 0), input order */
	uint64_t h;		/* hash of the stored bytes: the sample key */
};

struct rv_terms {
	struct rv_terms_opts o;
	struct ent *tab;
	size_t cap, n;
	uint32_t err;		/* lossy counting: counts are low by at most this */
	uint32_t merr;		/* --merge: and by the merged states' undercounts */
	double nchars;		/* CJK characters seen */
	unsigned long docs[2];
	/* English vocabulary: word -> id + 1; flags per id */
	struct rv_hash vocab;
	char **words;
	unsigned char *wflag;
	size_t nwords, capwords;
	struct rv_hash zhstop;	/* folded Chinese stop entries -> kind */
	/* per-document scratch */
	struct rv_buf fold;
	uint32_t *cp;
	size_t *off;
	size_t capcp;
	uint32_t stamp;		/* the current document's stamp (never 0) */
	int group;		/* the current document's group */
	uint32_t *cmap;		/* after run: entry -> candidate index + 1, or 0 */
	uint32_t *ids;
	size_t nids, capids;
	/* examples: the group texts of least (hash, docno), a max-heap */
	struct example *ex;
	size_t nex;
	/* --merge: the group texts of the states before the current one */
	unsigned long mbase;
	int mdocs;		/* a docs row of the current state was read */
	/* after run */
	struct cand *c;
	size_t nc;
};

void
rv_terms_opts_default(struct rv_terms_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->min_count = 5;
	o->alpha = 0.05;
	o->top = 30;
	o->new_max = 0.1;
	o->min_pmi = log(8.0);
	o->min_entropy = 1.0;
	o->nest = 0.8;
	o->max_entries = 1500000;
	o->max_examples = 20000;
}

struct rv_terms *
rv_terms_new(const struct rv_terms_opts *o)
{
	struct rv_terms *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->o = *o;
	if (t->o.max_entries < 1024)
		t->o.max_entries = 1024;
	t->cap = 1024;
	t->tab = calloc(t->cap, sizeof(*t->tab));
	if (t->tab == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

static uint64_t
khash(const struct tkey *k)
{
	uint64_t a, b;

	memcpy(&a, k->k, 8);
	memcpy(&b, k->k + 4, 8);
	return rv_rng_mix(a ^ rv_rng_mix(b + 0x9E3779B97F4A7C15ULL));
}

static int
keyn(const struct tkey *k)
{
	return k->k[0] & 0xFF;
}

static int
keykind(const struct tkey *k)
{
	return k->k[0] >> 8;
}

static uint32_t
enid(const struct tkey *k, int i)
{
	return (uint32_t)k->k[1 + 2 * i] << 16 | k->k[2 + 2 * i];
}

static inline int
keyeq(const struct tkey *a, const struct tkey *b)
{
	uint64_t a0, a1, b0, b1;

	memcpy(&a0, a->k, 8);
	memcpy(&a1, a->k + 4, 8);
	memcpy(&b0, b->k, 8);
	memcpy(&b1, b->k + 4, 8);
	return a0 == b0 && a1 == b1;
}

static size_t
slot(const struct ent *tab, size_t cap, const struct tkey *k)
{
	size_t i = (size_t)khash(k) & (cap - 1);

	while (tab[i].key.k[0] != 0 && !keyeq(&tab[i].key, k))
		i = (i + 1) & (cap - 1);
	return i;
}

/* Index of k or (size_t)-1. */
static size_t
find(const struct rv_terms *t, const struct tkey *k)
{
	size_t i = slot(t->tab, t->cap, k);

	return t->tab[i].key.k[0] != 0 ? i : (size_t)-1;
}

static int
rehash(struct rv_terms *t, size_t cap)
{
	struct ent *nt = calloc(cap, sizeof(*nt));
	size_t i;

	if (nt == NULL)
		return -1;
	for (i = 0; i < t->cap; i++)
		if (t->tab[i].key.k[0] != 0)
			nt[slot(nt, cap, &t->tab[i].key)] = t->tab[i];
	free(t->tab);
	t->tab = nt;
	t->cap = cap;
	return 0;
}

/* Drop the rarest keys until at most half of max_entries are left. */
static int
prune(struct rv_terms *t)
{
	uint32_t e = t->err;
	size_t i;

	while (t->n > t->o.max_entries / 2) {
		e++;
		for (i = 0; i < t->cap; i++)
			if (t->tab[i].key.k[0] != 0 && t->tab[i].tf <= e) {
				t->tab[i].key.k[0] = 0;
				t->n--;
			}
	}
	t->err = e;
	return rehash(t, t->cap);
}

/* Count one occurrence of k in the current document (t->stamp, t->group):
 * tf always, the document count once per document. */
static int
push_key(struct rv_terms *t, const struct tkey *k)
{
	size_t i;
	struct ent *e;

	if ((t->n + 1) * 4 > t->cap * 3 && rehash(t, t->cap * 2) < 0)
		return -1;
	i = slot(t->tab, t->cap, k);
	e = &t->tab[i];
	if (e->key.k[0] == 0) {
		e->key = *k;
		t->n++;
	}
	e->tf++;
	if (e->last != t->stamp) {
		e->last = t->stamp;
		if (t->group)
			e->dg++;
		else
			e->dr++;
	}
	return 0;
}

static int
zh_run(struct rv_terms *t, const uint32_t *c, size_t len)
{
	size_t i;
	int n, j;

	t->nchars += (double)len;
	for (i = 0; i < len; i++)
		for (n = 1; n <= ZH_MAX + 1 && i + (size_t)n <= len; n++) {
			struct tkey k;
			memset(&k, 0, sizeof(k));
			k.k[0] = (uint16_t)(K_ZH << 8 | n);
			for (j = 0; j < n; j++)
				k.k[1 + j] = (uint16_t)c[i + (size_t)j];
			if (push_key(t, &k) < 0)
				return -1;
		}
	return 0;
}

static int
en_phrase(struct rv_terms *t)
{
	size_t i;
	int n, j;

	for (i = 0; i < t->nids; i++)
		for (n = 1; n <= EN_MAX && i + (size_t)n <= t->nids; n++) {
			struct tkey k;
			if (n == 1 ? t->wflag[t->ids[i]] != 0 :
			    (t->wflag[t->ids[i]] & S_EDGE) || (t->wflag[t->ids[i + (size_t)n - 1]] & S_EDGE))
				continue;
			memset(&k, 0, sizeof(k));
			k.k[0] = (uint16_t)(K_EN << 8 | n);
			for (j = 0; j < n; j++) {
				k.k[1 + 2 * j] = (uint16_t)(t->ids[i + (size_t)j] >> 16);
				k.k[2 + 2 * j] = (uint16_t)(t->ids[i + (size_t)j] & 0xFFFF);
			}
			if (push_key(t, &k) < 0)
				return -1;
		}
	t->nids = 0;
	return 0;
}

/* Id of an English word (added when new). */
static long
word_id(struct rv_terms *t, const char *w, size_t len)
{
	int isnew;
	struct rv_hash_ent *e = rv_hash_put(&t->vocab, w, len, &isnew);

	if (e == NULL)
		return -1;
	if (!isnew)
		return (long)((uintptr_t)e->val - 1);
	if (t->nwords == t->capwords) {
		size_t cap = t->capwords;
		void *p = rv_grow(t->words, &cap, t->nwords + 1, sizeof(*t->words));
		void *q;
		if (p == NULL)
			return -1;
		t->words = p;
		q = realloc(t->wflag, cap);
		if (q == NULL)
			return -1;
		t->wflag = q;
		t->capwords = cap;
	}
	t->words[t->nwords] = e->key;
	t->wflag[t->nwords] = 0;
	e->val = (void *)(uintptr_t)(t->nwords + 1);
	return (long)t->nwords++;
}

static int
push_id(struct rv_terms *t, uint32_t id)
{
	if (t->nids == t->capids) {
		void *p = rv_grow(t->ids, &t->capids, t->nids + 1, sizeof(*t->ids));
		if (p == NULL)
			return -1;
		t->ids = p;
	}
	t->ids[t->nids++] = id;
	return 0;
}

static int
is_enchar(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' ||
	    (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* Cut the folded text in t->fold / t->cp into keys (t->keys). */
static int
cut(struct rv_terms *t, size_t ncp)
{
	size_t i, zs = 0, ws = 0;
	int inzh = 0, inw = 0;

	t->nids = 0;
	for (i = 0; i <= ncp; i++) {
		uint32_t c = i < ncp ? t->cp[i] : 0;
		int zh = c <= 0xFFFF && rv_utf8_is_cjk(c);
		if (inzh && !zh) {
			if (zh_run(t, t->cp + zs, i - zs) < 0)
				return -1;
			inzh = 0;
		} else if (!inzh && zh) {
			zs = i;
			inzh = 1;
		}
		if (inw && !is_enchar(c)) {
			/* a word ends: strip apostrophes, skip numbers */
			size_t b = t->off[ws], e = t->off[i], k;
			int alpha = 0;
			while (b < e && t->fold.p[b] == '\'')
				b++;
			while (e > b && t->fold.p[e - 1] == '\'')
				e--;
			for (k = b; k < e; k++)
				if (!(t->fold.p[k] >= '0' && t->fold.p[k] <= '9'))
					alpha = 1;
			inw = 0;
			if (alpha) {
				long id = word_id(t, t->fold.p + b, e - b);
				if (id < 0 || push_id(t, (uint32_t)id) < 0)
					return -1;
			} else if (en_phrase(t) < 0)
				return -1;
		} else if (!inw && is_enchar(c)) {
			ws = i;
			inw = 1;
		}
		if (!is_enchar(c) && c != ' ' && t->nids > 0 && en_phrase(t) < 0)
			return -1;
	}
	return en_phrase(t);
}

/* The example sample is the max_examples group texts of least (hash of
 * the stored bytes, text number): a uniform-looking sample that does not
 * depend on how the input was split, so the union of the samples of
 * --partial states, cut to the least again, is one process's sample. */
static int
ex_less(const struct example *a, const struct example *b)
{
	return a->h != b->h ? a->h < b->h : a->docno < b->docno;
}

/* Order of two texts that does not depend on where they were in the
 * input: hash, then bytes (the same bytes are the same example). */
static int
ex_text_cmp(const struct example *a, const struct example *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	if ((c = memcmp(a->text, b->text, n)) != 0)
		return c < 0 ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

static void
ex_down(struct example *ex, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct example tmp;
		if (l < n && ex_less(&ex[m], &ex[l]))
			m = l;
		if (l + 1 < n && ex_less(&ex[m], &ex[l + 1]))
			m = l + 1;
		if (m == i)
			return;
		tmp = ex[i];
		ex[i] = ex[m];
		ex[m] = tmp;
		i = m;
	}
}

/* Offer text (at most EX_MAXBYTES, copied) as example number docno. */
static int
offer_example(struct rv_terms *t, const char *text, size_t len, unsigned long docno)
{
	struct example x;
	size_t i;

	if (t->o.max_examples == 0)
		return 0;
	if (len > EX_MAXBYTES)
		len = EX_MAXBYTES;
	x.h = rv_hash_bytes(text, len, 0x7465726d73ULL);
	x.docno = docno;
	x.len = len;
	if (t->nex == t->o.max_examples && !ex_less(&x, &t->ex[0]))
		return 0;
	if ((x.text = malloc(len + 1)) == NULL)
		return -1;
	memcpy(x.text, text, len);
	x.text[len] = '\0';
	if (t->nex == t->o.max_examples) {	/* replace the greatest */
		free(t->ex[0].text);
		t->ex[0] = x;
		ex_down(t->ex, t->nex, 0);
		return 0;
	}
	if (t->ex == NULL && (t->ex = calloc(t->o.max_examples, sizeof(*t->ex))) == NULL) {
		free(x.text);
		return -1;
	}
	for (i = t->nex++; i > 0 && ex_less(&t->ex[(i - 1) / 2], &x); i = (i - 1) / 2)
		t->ex[i] = t->ex[(i - 1) / 2];
	t->ex[i] = x;
	return 0;
}

/* Fold p[0..n) into t->fold, t->cp, t->off; *ncp code points. */
static int
fold(struct rv_terms *t, const char *p, size_t n, size_t *ncp)
{
	if (n + 1 > t->capcp) {
		size_t cap = t->capcp;
		void *a = rv_grow(t->cp, &cap, n + 1, sizeof(*t->cp));
		void *b;
		if (a == NULL)
			return -1;
		t->cp = a;
		b = realloc(t->off, cap * sizeof(*t->off));
		if (b == NULL)
			return -1;
		t->off = b;
		t->capcp = cap;
	}
	rv_buf_clear(&t->fold);
	return rv_utf8_fold_cps(&t->fold, p, n, t->cp, t->off, ncp);
}

int
rv_terms_add(struct rv_terms *t, int group, const char *text, size_t len)
{
	size_t ncp, i;

	group = group != 0;
	if (group && offer_example(t, text, len, t->docs[1]) < 0)
		return -1;
	t->docs[group]++;
	if (++t->stamp == 0) {	/* wrapped: forget the old stamps */
		for (i = 0; i < t->cap; i++)
			t->tab[i].last = 0;
		t->stamp = 1;
	}
	t->group = group;
	if (fold(t, text, len, &ncp) < 0 || cut(t, ncp) < 0)
		return -1;
	if (t->n > t->o.max_entries && prune(t) < 0)
		return -1;
	return 0;
}

long
rv_terms_stop(struct rv_terms *t, const char *text, size_t len, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	long line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *tab, *kind, *kend;
		int k;
		size_t ncp;
		line++;
		if (e > p && e[-1] == '\r')
			e--;
		if (e == p || *p == '#') {
			p = nl ? nl + 1 : end;
			continue;
		}
		tab = memchr(p, '\t', (size_t)(e - p));
		if (tab == NULL || tab == p) {
			snprintf(err, errlen, "expected a term, a TAB and its kind (edge or term)");
			return line;
		}
		kind = tab + 1;
		kend = memchr(kind, '\t', (size_t)(e - kind));
		if (kend == NULL)
			kend = e;
		if ((size_t)(kend - kind) == 4 && memcmp(kind, "edge", 4) == 0)
			k = S_EDGE;
		else if ((size_t)(kend - kind) == 4 && memcmp(kind, "term", 4) == 0)
			k = S_TERM;
		else {
			snprintf(err, errlen, "unknown kind '%.*s': expected edge or term",
			    (int)(kend - kind), kind);
			return line;
		}
		if (fold(t, p, (size_t)(tab - p), &ncp) < 0)
			return -1;
		if (ncp > 0 && rv_utf8_is_cjk(t->cp[0])) {
			int isnew;
			struct rv_hash_ent *h = rv_hash_put(&t->zhstop, t->fold.p, t->fold.len, &isnew);
			if (h == NULL)
				return -1;
			h->val = (void *)(uintptr_t)((uintptr_t)h->val | (uintptr_t)k);
		} else {
			long id;
			if (memchr(t->fold.p, ' ', t->fold.len) != NULL) {
				snprintf(err, errlen, "an English stop entry is one word");
				return line;
			}
			id = word_id(t, t->fold.p, t->fold.len);
			if (id < 0)
				return -1;
			t->wflag[id] |= (unsigned char)k;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* The UTF-8 string of a key into b. */
static int
key_str(const struct rv_terms *t, const struct tkey *k, struct rv_buf *b)
{
	int i, n = keyn(k);
	char u[4];

	rv_buf_clear(b);
	if (keykind(k) == K_ZH) {
		for (i = 0; i < n; i++)
			if (rv_buf_append(b, u, (size_t)rv_utf8_encode(k->k[1 + i], u)) < 0)
				return -1;
		return 0;
	}
	for (i = 0; i < n; i++)
		if ((i > 0 && rv_buf_putc(b, ' ') < 0) || rv_buf_puts(b, t->words[enid(k, i)]) < 0)
			return -1;
	return 0;
}

static int
zh_stop(struct rv_terms *t, const struct tkey *k)
{
	int n = keyn(k), i, j;
	char s[32];
	size_t len;
	struct rv_hash_ent *e;

	if (t->zhstop.n == 0)
		return 0;
	/* prefixes and suffixes of 1..n characters */
	for (i = 1; i <= n; i++) {
		len = 0;
		for (j = 0; j < i; j++)
			len += (size_t)rv_utf8_encode(k->k[1 + j], s + len);
		e = rv_hash_get(&t->zhstop, s, len);
		if (e != NULL && (i == n || ((uintptr_t)e->val & S_EDGE)))
			return 1;
		len = 0;
		for (j = n - i; j < n; j++)
			len += (size_t)rv_utf8_encode(k->k[1 + j], s + len);
		e = rv_hash_get(&t->zhstop, s, len);
		if (e != NULL && i < n && ((uintptr_t)e->val & S_EDGE))
			return 1;
	}
	return 0;
}

/* The key of chars/words [from, from + n) of k. */
static struct tkey
subkey(const struct tkey *k, int from, int n)
{
	struct tkey s;
	int j;

	memset(&s, 0, sizeof(s));
	s.k[0] = (uint16_t)(keykind(k) << 8 | n);
	if (keykind(k) == K_ZH)
		for (j = 0; j < n; j++)
			s.k[1 + j] = k->k[1 + from + j];
	else
		for (j = 0; j < 2 * n; j++)
			s.k[1 + j] = k->k[1 + 2 * from + j];
	return s;
}

static double
tf_of(const struct rv_terms *t, const struct tkey *k, double dflt)
{
	size_t i = find(t, k);

	return i == (size_t)-1 ? dflt : (double)t->tab[i].tf;
}

/* Collect candidates, entropies, cohesion; mark words and nested parts. */
static int
discover(struct rv_terms *t)
{
	size_t i, ci;
	double lim = (double)t->o.min_count;

	free(t->c);
	t->c = NULL;
	t->nc = 0;
	for (i = 0; i < t->cap; i++) {
		struct ent *e = &t->tab[i];
		int n = keyn(&e->key);
		if (e->key.k[0] == 0 || (double)e->tf < lim)
			continue;
		if (keykind(&e->key) == K_ZH ? n >= 2 && n <= ZH_MAX : 1)
			t->nc++;
	}
	t->c = calloc(t->nc + 1, sizeof(*t->c));
	free(t->cmap);
	t->cmap = calloc(t->cap, sizeof(*t->cmap));
	if (t->c == NULL || t->cmap == NULL)
		return -1;
	ci = 0;
	for (i = 0; i < t->cap; i++) {
		struct ent *e = &t->tab[i];
		int n = keyn(&e->key);
		if (e->key.k[0] == 0 || (double)e->tf < lim)
			continue;
		if (keykind(&e->key) == K_ZH ? n >= 2 && n <= ZH_MAX : 1) {
			t->c[ci].ent = i;
			t->c[ci].status = C_CAND;
			t->cmap[i] = (uint32_t)++ci;
		}
	}
	/* neighbour counts: each n-gram is a right neighbour of its prefix
	 * and a left neighbour of its suffix */
	for (i = 0; i < t->cap; i++) {
		struct ent *e = &t->tab[i];
		int n = keyn(&e->key);
		struct tkey s;
		size_t j;
		double x = (double)e->tf;
		long long xq;
		if (e->key.k[0] == 0 || keykind(&e->key) != K_ZH || n < 3)
			continue;
		xq = llround(rv_stats_xlogx(x) * XQ);
		s = subkey(&e->key, 0, n - 1);
		if ((j = find(t, &s)) != (size_t)-1 && t->cmap[j]) {
			struct cand *c = &t->c[t->cmap[j] - 1];
			c->rs += x;
			c->rxq += xq;
		}
		s = subkey(&e->key, 1, n - 1);
		if ((j = find(t, &s)) != (size_t)-1 && t->cmap[j]) {
			struct cand *c = &t->c[t->cmap[j] - 1];
			c->ls += x;
			c->lxq += xq;
		}
	}
	for (ci = 0; ci < t->nc; ci++) {
		struct cand *c = &t->c[ci];
		struct ent *e = &t->tab[c->ent];
		int n = keyn(&e->key), k;
		double f = (double)e->tf, s;
		if (keykind(&e->key) != K_ZH) {
			c->status |= C_WORD;
			continue;
		}
		/* the occurrences without a known neighbour (run edges, pruned
		 * n-grams) count as distinct neighbours */
		s = f > c->rs ? f : c->rs;
		c->hr = log(s) - (double)c->rxq / XQ / s;
		s = f > c->ls ? f : c->ls;
		c->hl = log(s) - (double)c->lxq / XQ / s;
		c->pmi = HUGE_VAL;
		for (k = 1; k < n; k++) {
			struct tkey a = subkey(&e->key, 0, k), b = subkey(&e->key, k, n - k);
			double pmi = log(f * t->nchars / (tf_of(t, &a, f) * tf_of(t, &b, f)));
			if (pmi < c->pmi)
				c->pmi = pmi;
		}
		if (c->pmi >= t->o.min_pmi && c->hl >= t->o.min_entropy && c->hr >= t->o.min_entropy &&
		    !zh_stop(t, &e->key))
			c->status |= C_WORD;
	}
	/* nested parts: a word mostly seen inside a longer word gives way */
	for (ci = 0; ci < t->nc; ci++) {
		struct cand *c = &t->c[ci];
		struct ent *e = &t->tab[c->ent];
		int n = keyn(&e->key), from, len;
		int minlen = keykind(&e->key) == K_ZH ? 2 : 1;
		if (!(c->status & C_WORD) || n <= minlen)
			continue;
		for (len = minlen; len < n; len++)
			for (from = 0; from + len <= n; from++) {
				struct tkey s = subkey(&e->key, from, len);
				size_t j = find(t, &s);
				if (j == (size_t)-1 || !t->cmap[j])
					continue;
				if ((double)e->tf >= t->o.nest * (double)t->tab[j].tf)
					t->c[t->cmap[j] - 1].status |= C_NESTED;
			}
	}
	return 0;
}

/* Decode text into code points (as fold counts them). */
static size_t
decode_all(const char *p, size_t n, size_t *off)
{
	size_t i = 0, k = 0;
	uint32_t c;

	while (i < n) {
		off[k++] = i;
		i += (size_t)rv_utf8_decode(p + i, n - i, &c);
	}
	off[k] = n;
	return k;
}

/* A stored text containing the term: its length in code points and
 * where the term starts. */
struct excand {
	const struct example *x;
	size_t ncp, at;
};

/* Shorter first; on ties the least by (hash, bytes), as the sample
 * itself: the same texts in any order, split or merged, give the same
 * examples. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct excand *x = a, *y = b;

	if (x->ncp != y->ncp)
		return x->ncp < y->ncp ? -1 : 1;
	return ex_text_cmp(x->x, y->x);
}

/* The excerpt of x shown for a term of tn code points at code point at:
 * the whole text up to 60 code points, else 24 either side with
 * ellipses; TAB and line ends as spaces. NULL on OOM. */
static char *
excerpt(const struct example *x, size_t at, size_t tn)
{
	struct rv_buf b = {0};
	size_t *ooff = malloc((x->len + 1) * sizeof(*ooff));
	size_t ncp, from, to, k;

	if (ooff == NULL)
		return NULL;
	ncp = decode_all(x->text, x->len, ooff);
	from = 0;
	to = ncp;
	if (ncp > 60) {
		from = at > 24 ? at - 24 : 0;
		to = at + tn + 24 < ncp ? at + tn + 24 : ncp;
	}
	if (from > 0 && rv_buf_puts(&b, "\xE2\x80\xA6") < 0)
		goto oom;
	for (k = ooff[from]; k < ooff[to]; k++)	/* no TAB or newline in a field */
		if (rv_buf_putc(&b, x->text[k] == '\t' || x->text[k] == '\n' ||
		    x->text[k] == '\r' ? ' ' : x->text[k]) < 0)
			goto oom;
	if (to < ncp && rv_buf_puts(&b, "\xE2\x80\xA6") < 0)
		goto oom;
	free(ooff);
	return b.p != NULL ? b.p : strdup("");
oom:
	free(ooff);
	rv_buf_free(&b);
	return NULL;
}

/* Up to two short excerpts of stored group texts containing term, and
 * two different ones: a text stored twice (the same review posted
 * again, or merged states that share texts) or two texts whose
 * excerpts read the same give one example. */
static int
examples(struct rv_terms *t, struct rv_term *r, int en)
{
	uint32_t tc[64];
	size_t tn = 0, i, nc = 0, cap = 0;
	const char *p = r->term;
	struct excand *c = NULL;
	int j = 0;

	while (*p && tn < 64)
		p += rv_utf8_decode(p, strlen(p), &tc[tn++]);
	for (i = 0; i < t->nex; i++) {
		size_t ncp, pos;
		if (fold(t, t->ex[i].text, t->ex[i].len, &ncp) < 0)
			goto oom;
		for (pos = 0; pos + tn <= ncp; pos++) {
			if (memcmp(t->cp + pos, tc, tn * sizeof(*tc)) != 0)
				continue;
			if (en && ((pos > 0 && is_enchar(t->cp[pos - 1])) ||
			    (pos + tn < ncp && is_enchar(t->cp[pos + tn]))))
				continue;
			break;
		}
		if (pos + tn > ncp)
			continue;
		if (nc == cap) {
			void *g = rv_grow(c, &cap, nc + 1, sizeof(*c));
			if (g == NULL)
				goto oom;
			c = g;
		}
		c[nc++] = (struct excand){&t->ex[i], ncp, pos};
	}
	if (nc > 1)
		qsort(c, nc, sizeof(*c), cand_cmp);
	for (i = 0; i < nc && j < 2; i++) {
		char *e;
		if (i > 0 && c[i].x->len == c[i - 1].x->len &&
		    memcmp(c[i].x->text, c[i - 1].x->text, c[i].x->len) == 0)
			continue;	/* the same text again (sorted together) */
		if ((e = excerpt(c[i].x, c[i].at, tn)) == NULL)
			goto oom;
		if (j == 1 && strcmp(e, r->ex[0]) == 0) {
			free(e);
			continue;
		}
		r->ex[j++] = e;
	}
	free(c);
	return 0;
oom:
	free(c);
	return -1;
}

struct scored {
	size_t ci;
	double g2, p, q, ratio, share;
	char *s;
	unsigned long ng;
};

static int new_order;

/* Texts that contain a longer reported term w contain each of its parts
 * s too, so the part's counts outside w are exact: dg(s) - dg(w) of the
 * N1 - dg(w) group texts without w, and likewise in the baseline. A part
 * that is not significantly over-represented there (at the unadjusted
 * level alpha) owes its excess to w and is not reported. */
static int
explain_away(struct rv_terms *t, struct scored *s, size_t *ns)
{
	double n1 = (double)t->docs[1], n2 = (double)t->docs[0];
	size_t *sidx = malloc((t->nc + 1) * sizeof(*sidx));
	unsigned char *drop = calloc(*ns + 1, 1);
	size_t i, k;

	if (sidx == NULL || drop == NULL) {
		free(sidx);
		free(drop);
		return -1;
	}
	for (i = 0; i < t->nc; i++)
		sidx[i] = (size_t)-1;
	for (i = 0; i < *ns; i++)
		sidx[s[i].ci] = i;
	for (i = 0; i < *ns; i++) {
		const struct ent *w = &t->tab[t->c[s[i].ci].ent];
		int n = keyn(&w->key), len, from;
		for (len = 1; len < n; len++)
			for (from = 0; from + len <= n; from++) {
				struct tkey sk = subkey(&w->key, from, len);
				size_t j = find(t, &sk);
				const struct ent *p;
				double a, b, m1, m2, g;
				if (j == (size_t)-1 || t->cmap[j] == 0 || (k = sidx[t->cmap[j] - 1]) == (size_t)-1)
					continue;
				p = &t->tab[j];
				a = (double)p->dg - (double)w->dg;
				b = (double)p->dr - (double)w->dr;
				m1 = n1 - (double)w->dg;
				m2 = n2 - (double)w->dr;
				if (a < 0)
					a = 0;
				if (b < 0)
					b = 0;
				g = rv_stats_g2(a, m1, b, m2);
				if (a < (double)t->o.min_count || a * m2 <= b * m1 ||
				    2 * rv_stats_norm_sf(sqrt(g)) > t->o.alpha)
					drop[k] = 1;
			}
	}
	for (i = k = 0; i < *ns; i++) {
		if (drop[i]) {
			free(s[i].s);
			continue;
		}
		s[k++] = s[i];
	}
	*ns = k;
	free(sidx);
	free(drop);
	return 0;
}

static int
scored_cmp(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (new_order && x->ng != y->ng)
		return x->ng > y->ng ? -1 : 1;
	if (x->g2 != y->g2)
		return x->g2 > y->g2 ? -1 : 1;
	return strcmp(x->s, y->s);
}

/* Both results start alike: the document counts, and the Chinese words
 * discovered from the counts. */
static int
start_result(struct rv_terms *t, struct rv_terms_result *r)
{
	memset(r, 0, sizeof(*r));
	r->docs_group = t->docs[1];
	r->docs_rest = t->docs[0];
	r->undercount = (unsigned long)t->err + t->merr;
	return discover(t);
}

int
rv_terms_run(struct rv_terms *t, struct rv_terms_result *r)
{
	double n1 = (double)t->docs[1], n2 = (double)t->docs[0];
	struct scored *s = NULL;
	double *pv = NULL;
	size_t ns = 0, ci, i, m = 0;
	struct rv_buf b = {0};

	if (start_result(t, r) < 0)
		return -1;
	s = calloc(t->nc + 1, sizeof(*s));
	pv = calloc(t->nc + 1, sizeof(*pv));
	if (s == NULL || pv == NULL)
		goto oom;
	for (ci = 0; ci < t->nc; ci++) {
		const struct cand *c = &t->c[ci];
		const struct ent *e = &t->tab[c->ent];
		double a = e->dg, bb = e->dr;
		if (!(c->status & C_WORD) || (c->status & C_NESTED))
			continue;
		if (e->dg + e->dr < t->o.min_count)
			continue;
		m++;
		if (e->dg < t->o.min_count || n1 <= 0 || a * n2 <= bb * n1)
			continue;
		if (t->o.new_only && bb * n1 > t->o.new_max * a * n2)
			continue;
		s[ns].ci = ci;
		s[ns].g2 = rv_stats_g2(a, n1, bb, n2);
		s[ns].p = 2 * rv_stats_norm_sf(sqrt(s[ns].g2));
		if (s[ns].p > 1)
			s[ns].p = 1;
		s[ns].ratio = log2(((a + 0.5) / (n1 + 1)) / ((bb + 0.5) / (n2 + 1)));
		s[ns].ng = e->dg;
		ns++;
	}
	for (i = 0; i < ns; i++)
		pv[i] = s[i].p;
	if (ns > 0 && rv_stats_bh(pv, ns, m, pv) < 0)
		goto oom;
	r->tested = m;
	/* keep the significant ones, name them, order them */
	{
		size_t k = 0;
		for (i = 0; i < ns; i++) {
			if (pv[i] > t->o.alpha)
				continue;
			s[k] = s[i];
			s[k].q = pv[i];
			if (key_str(t, &t->tab[t->c[s[k].ci].ent].key, &b) < 0 ||
			    (s[k].s = strdup(b.p)) == NULL)
				goto oom;
			k++;
		}
		ns = k;
	}
	if (explain_away(t, s, &ns) < 0)
		goto oom;
	new_order = t->o.new_only;
	qsort(s, ns, sizeof(*s), scored_cmp);
	if (t->o.top > 0 && ns > t->o.top) {
		for (i = t->o.top; i < ns; i++)
			free(s[i].s);
		ns = t->o.top;
	}
	r->t = calloc(ns + 1, sizeof(*r->t));
	if (r->t == NULL)
		goto oom;
	for (i = 0; i < ns; i++) {
		struct rv_term *o = &r->t[i];
		const struct cand *c = &t->c[s[i].ci];
		const struct ent *e = &t->tab[c->ent];
		o->term = s[i].s;
		s[i].s = NULL;
		r->n = i + 1;
		o->count = e->tf;
		o->n_group = e->dg;
		o->n_rest = e->dr;
		o->ratio = s[i].ratio;
		o->g2 = s[i].g2;
		o->p = s[i].p;
		o->q = s[i].q;
		o->pmi = c->pmi;
		o->hl = c->hl;
		o->hr = c->hr;
		if (examples(t, o, keykind(&e->key) == K_EN) < 0)
			goto oom;
	}
	free(s);
	free(pv);
	rv_buf_free(&b);
	return 0;
oom:
	for (i = 0; s != NULL && i < ns; i++)
		free(s[i].s);
	free(s);
	free(pv);
	rv_buf_free(&b);
	rv_terms_result_free(r);
	return -1;
}

static int
vocab_cmp(const void *a, const void *b)
{
	const struct rv_term *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->term, y->term);
}

int
rv_terms_vocab(struct rv_terms *t, struct rv_terms_result *r)
{
	struct rv_buf b = {0};
	size_t ci;

	if (start_result(t, r) < 0)
		return -1;
	r->t = calloc(t->nc + 1, sizeof(*r->t));
	if (r->t == NULL)
		return -1;
	for (ci = 0; ci < t->nc; ci++) {
		const struct cand *c = &t->c[ci];
		const struct ent *e = &t->tab[c->ent];
		struct rv_term *o = &r->t[r->n];
		if (keykind(&e->key) != K_ZH || !(c->status & C_WORD) || (c->status & C_NESTED))
			continue;
		if (key_str(t, &e->key, &b) < 0 || (o->term = strdup(b.p)) == NULL) {
			rv_buf_free(&b);
			rv_terms_result_free(r);
			return -1;
		}
		o->count = e->tf;
		o->n_group = e->dg;
		o->n_rest = e->dr;
		o->pmi = c->pmi;
		o->hl = c->hl;
		o->hr = c->hr;
		r->n++;
	}
	rv_buf_free(&b);
	qsort(r->t, r->n, sizeof(*r->t), vocab_cmp);
	return 0;
}

int
rv_terms_word(struct rv_terms *t, const char *s, double *pmi, double *hl, double *hr)
{
	struct tkey k;
	size_t n = 0, len = strlen(s), i = 0;
	const struct cand *c;
	uint32_t cp;

	memset(&k, 0, sizeof(k));
	while (i < len && n < 7) {
		i += (size_t)rv_utf8_decode(s + i, len - i, &cp);
		k.k[1 + n++] = (uint16_t)rv_utf8_fold(cp);
	}
	k.k[0] = (uint16_t)(K_ZH << 8 | n);
	if ((i = find(t, &k)) == (size_t)-1 || t->cmap[i] == 0)
		return -1;
	c = &t->c[t->cmap[i] - 1];
	*pmi = c->pmi;
	*hl = c->hl;
	*hr = c->hr;
	if (!(c->status & C_WORD))
		return 0;
	return c->status & C_NESTED ? 2 : 1;
}

/* ---- partial state (rv-terms --partial / --merge) ---- */

static int
ex_docno_cmp(const void *a, const void *b)
{
	const struct example *x = a, *y = b;

	return x->docno < y->docno ? -1 : x->docno > y->docno;
}

int
rv_terms_write_partial(struct rv_terms *t, struct rv_out *o)
{
	struct rv_buf b = {0};
	struct example *ex;
	size_t i, k;

	rv_out_printf(o, "docs\t%lu\t%lu\t%.0f\t%lu\n", t->docs[1], t->docs[0], t->nchars,
	    (unsigned long)t->err + t->merr);
	for (i = 0; i < t->cap; i++) {
		const struct ent *e = &t->tab[i];
		if (e->key.k[0] == 0)
			continue;
		if (key_str(t, &e->key, &b) < 0) {
			rv_buf_free(&b);
			return -1;
		}
		rv_out_printf(o, "%c\t%s\t%lu\t%lu\t%lu\n", keykind(&e->key) == K_ZH ? 'z' : 'e', b.p,
		    (unsigned long)e->tf, (unsigned long)e->dg, (unsigned long)e->dr);
	}
	rv_buf_free(&b);
	/* the sample in input order, so that a state reads like its input */
	if (t->nex > 0) {
		if ((ex = malloc(t->nex * sizeof(*ex))) == NULL)
			return -1;
		memcpy(ex, t->ex, t->nex * sizeof(*ex));
		qsort(ex, t->nex, sizeof(*ex), ex_docno_cmp);
		for (i = 0; i < t->nex; i++) {
			size_t from = 0;
			rv_out_printf(o, "x\t%lu\t", ex[i].docno);
			for (k = 0; k < ex[i].len; k++) {
				char c = ex[i].text[k];
				const char *esc = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" :
				    c == '\r' ? "\\r" : c == '\0' ? "\\0" : NULL;
				if (esc == NULL)
					continue;
				rv_out_write(o, ex[i].text + from, k - from);
				rv_out_puts(o, esc);
				from = k + 1;
			}
			rv_out_write(o, ex[i].text + from, ex[i].len - from);
			rv_out_eol(o);
		}
		free(ex);
	}
	return 0;
}

/* A whole field as an unsigned number at most max; 0 or -1. */
static int
fnum(const struct rv_field *f, unsigned long long max, unsigned long long *v)
{
	return f->len > 0 && f->p[0] != '+' && rv_num_parse_u64(f->p, f->len, v) == 0 && *v <= max ?
	    0 : -1;
}

/* The key of a 'z' (Chinese characters) or 'e' (English words) field. */
static int
parse_key(struct rv_terms *t, int kind, const struct rv_field *f, struct tkey *k)
{
	size_t i = 0;
	int n = 0;

	memset(k, 0, sizeof(*k));
	if (kind == 'z') {
		while (i < f->len) {
			uint32_t c;
			int m = rv_utf8_decode(f->p + i, f->len - i, &c);
			if (m <= 0 || n == ZH_MAX + 1 || c > 0xFFFF || !rv_utf8_is_cjk(c))
				return RV_TERMS_EPARTIAL;
			k->k[1 + n++] = (uint16_t)c;
			i += (size_t)m;
		}
		if (n == 0)
			return RV_TERMS_EPARTIAL;
		k->k[0] = (uint16_t)(K_ZH << 8 | n);
		return 0;
	}
	while (i <= f->len) {
		const char *sp = memchr(f->p + i, ' ', f->len - i);
		size_t e = sp != NULL ? (size_t)(sp - f->p) : f->len;
		long id;
		if (e == i || n == EN_MAX)
			return RV_TERMS_EPARTIAL;
		if ((id = word_id(t, f->p + i, e - i)) < 0)
			return RV_TERMS_ENOMEM;
		if ((unsigned long)id > 0xFFFFFFFFUL)
			return RV_TERMS_ERANGE;
		k->k[1 + 2 * n] = (uint16_t)((uint32_t)id >> 16);
		k->k[2 + 2 * n] = (uint16_t)((uint32_t)id & 0xFFFF);
		n++;
		i = e + 1;
	}
	k->k[0] = (uint16_t)(K_EN << 8 | n);
	return 0;
}

static int
unescape(const struct rv_field *f, struct rv_buf *b)
{
	size_t i;

	rv_buf_clear(b);
	for (i = 0; i < f->len; i++) {
		char c = f->p[i];
		if (c == '\\') {
			if (++i == f->len)
				return RV_TERMS_EPARTIAL;
			switch (f->p[i]) {
			case '\\': c = '\\'; break;
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case '0': c = '\0'; break;
			default: return RV_TERMS_EPARTIAL;
			}
		}
		if (rv_buf_putc(b, c) < 0)
			return RV_TERMS_ENOMEM;
	}
	return 0;
}

int
rv_terms_merge_row(struct rv_terms *t, const struct rv_field *f, size_t nf)
{
	unsigned long long v[4];
	size_t i;
	int rc;

	if (nf == 0 || f[0].len != (f[0].len == 4 ? 4u : 1u))
		return RV_TERMS_EPARTIAL;
	if (f[0].len == 4) {	/* docs: the start of a state */
		if (memcmp(f[0].p, "docs", 4) != 0 || nf != 5)
			return RV_TERMS_EPARTIAL;
		for (i = 0; i < 4; i++)
			if (fnum(&f[1 + i], i == 2 ? 1ULL << 53 : 0xFFFFFFFFULL, &v[i]) < 0)
				return RV_TERMS_EPARTIAL;
		if (v[0] + t->docs[1] > 0xFFFFFFFFULL || v[1] + t->docs[0] > 0xFFFFFFFFULL ||
		    (double)v[2] + t->nchars > 9007199254740992.0 ||
		    v[3] + t->merr + t->err > 0xFFFFFFFFULL)
			return RV_TERMS_ERANGE;
		t->mbase = t->docs[1];
		t->docs[1] += (unsigned long)v[0];
		t->docs[0] += (unsigned long)v[1];
		t->nchars += (double)v[2];
		t->merr += (uint32_t)v[3];	/* not the pruning level of this table */
		t->mdocs = 1;
		return 0;
	}
	if (!t->mdocs)
		return RV_TERMS_ENODOCS;
	if (f[0].p[0] == 'x') {	/* an example text */
		struct rv_buf b = {0};
		if (nf != 3 || fnum(&f[1], 0xFFFFFFFFULL, &v[0]) < 0 ||
		    v[0] + t->mbase >= t->docs[1] || f[2].len > 2 * EX_MAXBYTES)
			return RV_TERMS_EPARTIAL;
		if ((rc = unescape(&f[2], &b)) == 0 && b.len > EX_MAXBYTES)
			rc = RV_TERMS_EPARTIAL;
		if (rc == 0 && offer_example(t, b.p != NULL ? b.p : "", b.len,
		    t->mbase + (unsigned long)v[0]) < 0)
			rc = RV_TERMS_ENOMEM;
		rv_buf_free(&b);
		return rc;
	}
	if (f[0].p[0] == 'z' || f[0].p[0] == 'e') {	/* an n-gram */
		struct tkey k;
		struct ent *e;
		if (nf != 5)
			return RV_TERMS_EPARTIAL;
		for (i = 0; i < 3; i++)
			if (fnum(&f[2 + i], 0xFFFFFFFFULL, &v[i]) < 0)
				return RV_TERMS_EPARTIAL;
		if (v[0] == 0 || v[1] + v[2] > v[0])
			return RV_TERMS_EPARTIAL;
		if ((rc = parse_key(t, f[0].p[0], &f[1], &k)) != 0)
			return rc;
		if ((t->n + 1) * 4 > t->cap * 3 && rehash(t, t->cap * 2) < 0)
			return RV_TERMS_ENOMEM;
		e = &t->tab[slot(t->tab, t->cap, &k)];
		if (e->key.k[0] != 0 && (e->tf + v[0] > 0xFFFFFFFFULL || e->dg + v[1] > 0xFFFFFFFFULL ||
		    e->dr + v[2] > 0xFFFFFFFFULL))
			return RV_TERMS_ERANGE;
		if (e->key.k[0] == 0) {
			e->key = k;
			t->n++;
		}
		e->tf += (uint32_t)v[0];
		e->dg += (uint32_t)v[1];
		e->dr += (uint32_t)v[2];
		if (t->n > t->o.max_entries && prune(t) < 0)
			return RV_TERMS_ENOMEM;
		return 0;
	}
	return RV_TERMS_EPARTIAL;
}

unsigned long
rv_terms_docs(const struct rv_terms *t, int group)
{
	return t->docs[group != 0];
}

void
rv_terms_result_free(struct rv_terms_result *r)
{
	size_t i;

	for (i = 0; r->t != NULL && i < r->n; i++) {
		free(r->t[i].term);
		free(r->t[i].ex[0]);
		free(r->t[i].ex[1]);
	}
	free(r->t);
	r->t = NULL;
	r->n = 0;
}

void
rv_terms_free(struct rv_terms *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->tab);
	rv_hash_free(&t->vocab);
	rv_hash_free(&t->zhstop);
	free(t->words);
	free(t->wflag);
	rv_buf_free(&t->fold);
	free(t->cp);
	free(t->off);
	free(t->cmap);
	free(t->ids);
	for (i = 0; i < t->nex; i++)
		free(t->ex[i].text);
	free(t->ex);
	free(t->c);
	free(t);
}
