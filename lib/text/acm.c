/* acm.c - Aho-Corasick. Patterns go into a trie with sparse edges; build()
 * turns it into a dense DFA over byte classes (bytes that occur in no
 * pattern share class 0), with each state's output list flattened
 * (its own patterns, then those of its failure chain). */
#include "acm.h"


#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct edge {
	int to, next;		/* target node; next edge of the same node */
	unsigned char c;
};

struct pat {
	int id;
	size_t len;
	int node;
};

struct rv_acm {
	/* trie (build time) */
	int *first;		/* [nnodes] first edge or -1 */
	struct edge *e;
	int nnodes, nedges;
	size_t ncap, ecap;
	struct pat *pats;
	int npats;
	size_t pcap;
	/* DFA */
	unsigned char cls[256];
	int ncls;
	int32_t *delta;		/* [nnodes * ncls] */
	int *outstart;		/* [nnodes + 1] into outs */
	int *outs;		/* pattern indexes */
	int built;
};

/* Room for need elements in *p (rv_grow's doubling; 0 or -1 on OOM). */
static int
grow(void **p, size_t *cap, int need, size_t sz)
{
	void *q = rv_grow(*p, cap, (size_t)need, sz);

	if (q == NULL)
		return -1;
	*p = q;
	return 0;
}

static int
new_node(struct rv_acm *a)
{
	if (grow((void **)&a->first, &a->ncap, a->nnodes + 1, sizeof(int)) < 0)
		return -1;
	a->first[a->nnodes] = -1;
	return a->nnodes++;
}

struct rv_acm *
rv_acm_new(void)
{
	struct rv_acm *a = calloc(1, sizeof(*a));

	if (a == NULL || new_node(a) < 0) {
		rv_acm_free(a);
		return NULL;
	}
	return a;
}

static int
child(const struct rv_acm *a, int node, unsigned char c)
{
	int k;

	for (k = a->first[node]; k >= 0; k = a->e[k].next)
		if (a->e[k].c == c)
			return a->e[k].to;
	return -1;
}

int
rv_acm_add(struct rv_acm *a, const char *p, size_t n, int id)
{
	int node = 0, nx;
	size_t i;

	if (a->built || n == 0 || id < 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		nx = child(a, node, c);
		if (nx < 0) {
			nx = new_node(a);
			if (nx < 0 || grow((void **)&a->e, &a->ecap, a->nedges + 1, sizeof(*a->e)) < 0)
				return -1;
			a->e[a->nedges].to = nx;
			a->e[a->nedges].c = c;
			a->e[a->nedges].next = a->first[node];
			a->first[node] = a->nedges++;
		}
		node = nx;
	}
	if (grow((void **)&a->pats, &a->pcap, a->npats + 1, sizeof(*a->pats)) < 0)
		return -1;
	a->pats[a->npats].id = id;
	a->pats[a->npats].len = n;
	a->pats[a->npats].node = node;
	a->npats++;
	return 0;
}

int
rv_acm_build(struct rv_acm *a)
{
	int *fail = NULL, *queue = NULL, *cnt = NULL, head = 0, tail = 0, i, k, c, rc = -1;
	size_t total = 0;

	memset(a->cls, 0, sizeof(a->cls));
	a->ncls = 1;
	for (k = 0; k < a->nedges; k++)
		if (a->cls[a->e[k].c] == 0)
			a->cls[a->e[k].c] = (unsigned char)a->ncls++;
	/* 256 distinct bytes would overflow unsigned char: class 0 is then
	 * shared by the last byte, which still works because class 0 is
	 * never given an edge of its own below. Guard anyway. */
	if (a->ncls > 255)
		return -1;
	a->delta = calloc((size_t)a->nnodes * (size_t)a->ncls, sizeof(*a->delta));
	fail = calloc((size_t)a->nnodes, sizeof(*fail));
	queue = malloc((size_t)a->nnodes * sizeof(*queue));
	cnt = calloc((size_t)a->nnodes + 1, sizeof(*cnt));
	a->outstart = calloc((size_t)a->nnodes + 1, sizeof(*a->outstart));
	if (a->delta == NULL || fail == NULL || queue == NULL || cnt == NULL || a->outstart == NULL)
		goto out;
	/* BFS: the DFA row of a node is its failure node's row with its own
	 * edges laid over it. */
	for (k = a->first[0]; k >= 0; k = a->e[k].next) {
		a->delta[a->cls[a->e[k].c]] = a->e[k].to;
		fail[a->e[k].to] = 0;
		queue[tail++] = a->e[k].to;
	}
	while (head < tail) {
		int u = queue[head++];

		memcpy(&a->delta[(size_t)u * a->ncls], &a->delta[(size_t)fail[u] * a->ncls],
		    (size_t)a->ncls * sizeof(*a->delta));
		for (k = a->first[u]; k >= 0; k = a->e[k].next) {
			int v = a->e[k].to;

			c = a->cls[a->e[k].c];
			fail[v] = a->delta[(size_t)fail[u] * a->ncls + c];
			a->delta[(size_t)u * a->ncls + c] = v;
			queue[tail++] = v;
		}
	}
	/* Outputs: count own patterns, then add the failure chain's in BFS
	 * order (a node's failure node is always earlier in the queue). */
	for (i = 0; i < a->npats; i++)
		cnt[a->pats[i].node]++;
	{
		int *own = cnt, *tot = calloc((size_t)a->nnodes, sizeof(int));

		if (tot == NULL)
			goto out;
		tot[0] = own[0];
		for (i = 0; i < tail; i++)
			tot[queue[i]] = own[queue[i]] + tot[fail[queue[i]]];
		for (i = 0; i < a->nnodes; i++) {
			a->outstart[i] = (int)total;
			total += (size_t)tot[i];
		}
		a->outstart[a->nnodes] = (int)total;
		free(tot);
	}
	a->outs = malloc((total + 1) * sizeof(*a->outs));
	if (a->outs == NULL)
		goto out;
	{
		/* Fill in BFS order: own patterns first (in insertion order),
		 * then a copy of the failure node's list. */
		int *fill = cnt;

		memset(fill, 0, ((size_t)a->nnodes + 1) * sizeof(*fill));
		for (i = 0; i < a->npats; i++) {
			int nd = a->pats[i].node;

			a->outs[a->outstart[nd] + fill[nd]++] = i;
		}
		for (i = 0; i < tail; i++) {
			int u = queue[i], f = fail[u];
			int nf = a->outstart[f + 1] - a->outstart[f];

			memcpy(&a->outs[a->outstart[u] + fill[u]], &a->outs[a->outstart[f]],
			    (size_t)nf * sizeof(int));
		}
	}
	a->built = 1;
	rc = 0;
out:
	free(fail);
	free(queue);
	free(cnt);
	return rc;
}

size_t
rv_acm_scan(const struct rv_acm *a, const char *text, size_t n, rv_acm_fn fn, void *ctx)
{
	const int32_t *delta = a->delta;
	const unsigned char *cls = a->cls, *s = (const unsigned char *)text;
	size_t i, calls = 0;
	int st = 0, ncls = a->ncls;

	if (!a->built || a->npats == 0)
		return 0;
	for (i = 0; i < n; i++) {
		int k, e;

		st = delta[(size_t)st * ncls + cls[s[i]]];
		e = a->outstart[st + 1];
		for (k = a->outstart[st]; k < e; k++) {
			const struct pat *p = &a->pats[a->outs[k]];

			calls++;
			if (fn(ctx, p->id, i + 1 - p->len, i + 1))
				return calls;
		}
	}
	return calls;
}

void
rv_acm_free(struct rv_acm *a)
{
	if (a == NULL)
		return;
	free(a->first);
	free(a->e);
	free(a->pats);
	free(a->delta);
	free(a->outstart);
	free(a->outs);
	free(a);
}
