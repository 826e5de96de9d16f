/* acm.h - Aho-Corasick multi-pattern matching over bytes: one pass over
 * the text finds every occurrence of every pattern (a DFA over byte
 * classes, so the cost per byte is one table load). */
#ifndef RV_ACM_H
#define RV_ACM_H

#include <stddef.h>

struct rv_acm;

/* Called for each occurrence text[start..end) of pattern id, in order of
 * end offset. Return nonzero to stop the scan. */
typedef int (*rv_acm_fn)(void *ctx, int id, size_t start, size_t end);

/* New empty automaton; NULL on OOM. Free with rv_acm_free. */
struct rv_acm *rv_acm_new(void);
/* Add a non-empty pattern with a caller id (>= 0). Returns 0 or -1 (OOM,
 * empty, or after rv_acm_build). A pattern added twice reports both ids. */
int rv_acm_add(struct rv_acm *a, const char *p, size_t n, int id);
/* Freeze: build failure links and the DFA. Returns 0 or -1 (OOM). */
int rv_acm_build(struct rv_acm *a);
/* Scan text; returns the number of callbacks made. */
size_t rv_acm_scan(const struct rv_acm *a, const char *text, size_t n, rv_acm_fn fn, void *ctx);
void rv_acm_free(struct rv_acm *a);

#endif
