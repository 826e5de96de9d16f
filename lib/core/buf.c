/* buf.c - growable buffers (doubling) and a bump arena. */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
rv_buf_reserve(struct rv_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
rv_buf_append(struct rv_buf *b, const void *p, size_t n)
{
	if (rv_buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
rv_buf_puts(struct rv_buf *b, const char *s)
{
	return rv_buf_append(b, s, strlen(s));
}

int
rv_buf_putc(struct rv_buf *b, int c)
{
	char ch = (char)c;

	return rv_buf_append(b, &ch, 1);
}

int
rv_buf_printf(struct rv_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || rv_buf_reserve(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
rv_buf_read_file(struct rv_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int err;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (rv_buf_append(b, chunk, n) < 0) {
			fclose(f);
			errno = ENOMEM;
			return -1;
		}
	err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		errno = err;
		return -1;
	}
	if (rv_buf_reserve(b, 0) < 0) {
		errno = ENOMEM;
		return -1;
	}
	b->p[b->len] = '\0';
	return 0;
}

void
rv_buf_clear(struct rv_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->p[0] = '\0';
}

void
rv_buf_free(struct rv_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void *
rv_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t nc;
	void *q;

	/* need 0 on an empty array still allocates, so that NULL always
	 * means out of memory to the caller. */
	if (need <= *cap && p != NULL)
		return p;
	nc = *cap ? *cap * 2 : 16;
	while (nc < need)
		nc *= 2;
	if (size && nc > SIZE_MAX / size)
		return NULL;
	q = realloc(p, nc * size);
	if (q != NULL)
		*cap = nc;
	return q;
}

struct rv_arena_block {
	struct rv_arena_block *next;
	size_t cap;
	max_align_t data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void *
rv_arena_alloc(struct rv_arena *a, size_t n)
{
	struct rv_arena_block *blk;
	size_t cap;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (a->head == NULL || a->used + n > a->head->cap) {
		cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		blk = malloc(sizeof(*blk) + cap);
		if (blk == NULL)
			return NULL;
		blk->cap = cap;
		blk->next = a->head;
		a->head = blk;
		a->used = 0;
	}
	p = (char *)a->head->data + a->used;
	a->used += n;
	return p;
}

char *
rv_memdup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
rv_arena_strndup(struct rv_arena *a, const char *s, size_t n)
{
	char *p = rv_arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
rv_arena_reset(struct rv_arena *a)
{
	struct rv_arena_block *b, *next;

	if (a->head == NULL)
		return;
	/* Keep the oldest block (the tail), free the others. */
	for (b = a->head; b->next != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = b;
	a->used = 0;
}

void
rv_arena_free(struct rv_arena *a)
{
	struct rv_arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->used = 0;
}
