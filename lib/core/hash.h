/* hash.h - string-keyed hash table (open addressing, linear probing). */
#ifndef RV_HASH_H
#define RV_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit hash of p[0..n) (FNV-1a with a final mix); seed 0 is fine. */
uint64_t rv_hash_bytes(const void *p, size_t n, uint64_t seed);

struct rv_hash_ent {
	char *key;	/* owned copy, NUL-terminated */
	size_t klen;
	uint64_t h;
	void *val;	/* caller's */
};

/* Keys are copied; values are the caller's. Zero-initialise to use. */
struct rv_hash {
	struct rv_hash_ent *tab;
	size_t cap, n;
};

/* Find key; NULL when absent. */
struct rv_hash_ent *rv_hash_get(const struct rv_hash *h, const char *key, size_t klen);
/* Find or insert key (val NULL when new); *isnew tells which.
 * Returns NULL on OOM. Entry pointers are invalidated by later inserts. */
struct rv_hash_ent *rv_hash_put(struct rv_hash *h, const char *key, size_t klen, int *isnew);
/* Iterate: start with *i = 0; returns NULL when done. Order is the table's. */
struct rv_hash_ent *rv_hash_iter(const struct rv_hash *h, size_t *i);
/* Free keys and the table (not the values). */
void rv_hash_free(struct rv_hash *h);

#endif
