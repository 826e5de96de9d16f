/* buf.h - growable byte buffers and a bump arena. */
#ifndef RV_BUF_H
#define RV_BUF_H

#include <stddef.h>

/* A growable byte string. p is NUL-terminated after every successful call
 * (when cap > 0). Zero-initialise; free with rv_buf_free. */
struct rv_buf {
	char *p;
	size_t len, cap;
};

/* Make room for n more bytes. Returns 0, or -1 on OOM (buffer unchanged). */
int rv_buf_reserve(struct rv_buf *b, size_t n);
int rv_buf_append(struct rv_buf *b, const void *p, size_t n);
int rv_buf_puts(struct rv_buf *b, const char *s);
int rv_buf_putc(struct rv_buf *b, int c);
int rv_buf_printf(struct rv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append the whole file at path to b (NUL-terminated, also when empty).
 * Returns 0, or -1 with errno set (open or read error, ENOMEM); b keeps
 * what was read. */
int rv_buf_read_file(struct rv_buf *b, const char *path);
void rv_buf_clear(struct rv_buf *b);
void rv_buf_free(struct rv_buf *b);

/* Grow an array of elements of size bytes to hold at least need of them,
 * doubling *cap. Returns the (possibly moved) array, or NULL on OOM with
 * p still valid and *cap unchanged. */
void *rv_grow(void *p, size_t *cap, size_t need, size_t size);

/* Copy exactly n bytes (NUL bytes included, unlike strndup) and add a
 * NUL: callers that keep n as the length never read past the copy.
 * NULL on OOM. free() it. */
char *rv_memdup(const char *s, size_t n);

/* A bump allocator: many small allocations, freed together. Blocks are
 * chained; rv_arena_reset keeps the first block for reuse. */
struct rv_arena_block;
struct rv_arena {
	struct rv_arena_block *head;
	size_t used;
};

/* Returns 8-byte-aligned memory or NULL on OOM. */
void *rv_arena_alloc(struct rv_arena *a, size_t n);
/* Copy n bytes and add a NUL; NULL on OOM. */
char *rv_arena_strndup(struct rv_arena *a, const char *s, size_t n);
void rv_arena_reset(struct rv_arena *a);
void rv_arena_free(struct rv_arena *a);

#endif
