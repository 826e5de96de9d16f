/* hash.c - open-addressing hash table with linear probing, load <= 1/2. */
#include "hash.h"

#include <stdlib.h>
#include <string.h>

uint64_t
rv_hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	/* splitmix64 finaliser: FNV's low bits are weak for short keys. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

static struct rv_hash_ent *
probe(const struct rv_hash *h, const char *key, size_t klen, uint64_t hv)
{
	size_t mask = h->cap - 1, i = (size_t)hv & mask;

	for (;;) {
		struct rv_hash_ent *e = &h->tab[i];
		if (e->key == NULL)
			return e;
		if (e->h == hv && e->klen == klen && memcmp(e->key, key, klen) == 0)
			return e;
		i = (i + 1) & mask;
	}
}

struct rv_hash_ent *
rv_hash_get(const struct rv_hash *h, const char *key, size_t klen)
{
	struct rv_hash_ent *e;

	if (h->cap == 0)
		return NULL;
	e = probe(h, key, klen, rv_hash_bytes(key, klen, 0));
	return e->key ? e : NULL;
}

static int
grow(struct rv_hash *h)
{
	size_t ncap = h->cap ? h->cap * 2 : 64, i;
	struct rv_hash old = *h;

	h->tab = calloc(ncap, sizeof(*h->tab));
	if (h->tab == NULL) {
		*h = old;
		return -1;
	}
	h->cap = ncap;
	for (i = 0; i < old.cap; i++)
		if (old.tab[i].key)
			*probe(h, old.tab[i].key, old.tab[i].klen, old.tab[i].h) = old.tab[i];
	free(old.tab);
	return 0;
}

struct rv_hash_ent *
rv_hash_put(struct rv_hash *h, const char *key, size_t klen, int *isnew)
{
	struct rv_hash_ent *e;
	uint64_t hv = rv_hash_bytes(key, klen, 0);

	if ((h->n + 1) * 2 > h->cap && grow(h) < 0)
		return NULL;
	e = probe(h, key, klen, hv);
	if (e->key) {
		if (isnew)
			*isnew = 0;
		return e;
	}
	if ((e->key = malloc(klen + 1)) == NULL)
		return NULL;
	memcpy(e->key, key, klen);
	e->key[klen] = '\0';
	e->klen = klen;
	e->h = hv;
	e->val = NULL;
	h->n++;
	if (isnew)
		*isnew = 1;
	return e;
}

struct rv_hash_ent *
rv_hash_iter(const struct rv_hash *h, size_t *i)
{
	while (*i < h->cap) {
		struct rv_hash_ent *e = &h->tab[(*i)++];
		if (e->key)
			return e;
	}
	return NULL;
}

void
rv_hash_free(struct rv_hash *h)
{
	size_t i;

	for (i = 0; i < h->cap; i++)
		free(h->tab[i].key);
	free(h->tab);
	h->tab = NULL;
	h->cap = h->n = 0;
}
