/* sample_text.c - phrase pools and the template language rv-sample
 * composes texts with.
 *
 * A pool is every line of an embedded TSV (columns pool, text) with the
 * same pool name. A template is text with braces:
 *   {a|b|c}    one alternative at random (may be empty: {了|}; may nest)
 *   {@name}    a random template of pool "name" ({@.x} = "<lang>.x")
 *   {p} {b} {c} the product noun, brand and carrier of the row
 *   {n}        a small number (2..9), {N} a larger one (10..30)
 *   {d}        a degree adverb for the current intensity (pool <lang>.deg.N)
 * Anything else in braces is copied as is. */
#include "sample_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
smp_pools_load(struct smp_pools *pl, const char *file)
{
	int i;

	memset(pl, 0, sizeof(*pl));
	if (smp_table_load(&pl->t, file) < 0 || pl->t.ncols != 2)
		return -1;
	for (i = 0; i < pl->t.nrows; i++) {
		const char *name = smp_cell(&pl->t, i, 0);
		struct rv_hash_ent *e;
		struct smp_pool *p;
		int isnew;

		if ((e = rv_hash_put(&pl->h, name, strlen(name), &isnew)) == NULL)
			return -1;
		if (isnew && (e->val = calloc(1, sizeof(struct smp_pool))) == NULL)
			return -1;
		p = e->val;
		if (p->n == p->cap) {
			const char **ns;
			p->cap = p->cap ? p->cap * 2 : 8;
			if ((ns = realloc(p->s, sizeof(*ns) * (size_t)p->cap)) == NULL)
				return -1;
			p->s = ns;
		}
		p->s[p->n++] = smp_cell(&pl->t, i, 1);
	}
	return 0;
}

void
smp_pools_free(struct smp_pools *pl)
{
	size_t it = 0;
	struct rv_hash_ent *e;

	while ((e = rv_hash_iter(&pl->h, &it)) != NULL) {
		struct smp_pool *p = e->val;
		if (p != NULL)
			free(p->s);
		free(p);
	}
	rv_hash_free(&pl->h);
	smp_table_free(&pl->t);
}

const struct smp_pool *
smp_pool(const struct smp_pools *pl, const char *name)
{
	struct rv_hash_ent *e = rv_hash_get(&pl->h, name, strlen(name));

	return e != NULL ? e->val : NULL;
}

const struct smp_pool *
smp_poolf(const struct smp_pools *pl, const char *fmt, ...)
{
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return smp_pool(pl, name);
}

int
smp_comp_index(const char *name)
{
	int i;

	for (i = 0; i < SMP_NCOMP; i++)
		if (strcmp(smp_comp_names[i], name) == 0)
			return i;
	return -1;
}

int
smp_say(struct rv_buf *b, struct smp_ctx *cx, const struct smp_pool *pool)
{
	const char *t;

	int tries, i;

	if (pool == NULL || pool->n == 0)
		return 0;
	/* At the top level, avoid saying the same template twice in a text. */
	for (tries = 0; ; tries++) {
		t = pool->s[rv_rng_below(cx->r, (uint32_t)pool->n)];
		if (cx->depth > 0 || tries >= 4)
			break;
		for (i = 0; i < cx->nused && cx->used[i] != t; i++)
			;
		if (i == cx->nused)
			break;
	}
	if (cx->depth == 0 && cx->nused < 16)
		cx->used[cx->nused++] = t;
	smp_expand(b, cx, t, strlen(t));
	return 1;
}

/* Index of the '}' closing the '{' at t[0], or n when unbalanced. */
static size_t
closing(const char *t, size_t n)
{
	size_t i;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (t[i] == '{')
			depth++;
		else if (t[i] == '}' && --depth == 0)
			return i;
	}
	return n;
}

static void
slot(struct rv_buf *b, struct smp_ctx *cx, const char *s, size_t n)
{
	char num[16];

	if (n == 1 && *s == 'p') {
		rv_buf_puts(b, cx->p ? cx->p : "");
	} else if (n == 1 && *s == 'b') {
		rv_buf_puts(b, cx->b ? cx->b : "");
	} else if (n == 1 && *s == 'c') {
		rv_buf_puts(b, cx->c ? cx->c : "");
	} else if (n == 1 && *s == 'n') {
		snprintf(num, sizeof(num), "%u", 2 + rv_rng_below(cx->r, 8));
		rv_buf_puts(b, num);
	} else if (n == 1 && *s == 'N') {
		snprintf(num, sizeof(num), "%u", 10 + rv_rng_below(cx->r, 21));
		rv_buf_puts(b, num);
	} else if (n == 1 && *s == 'd') {
		int k = cx->intensity < 1 ? 2 : cx->intensity > 3 ? 3 : cx->intensity;
		smp_say(b, cx, smp_poolf(cx->pl, "%s.deg.%d", cx->lang, k));
	} else if (n > 1 && *s == '@' && cx->depth < 8) {
		char name[128];
		if (s[1] == '.')
			snprintf(name, sizeof(name), "%s%.*s", cx->lang, (int)(n - 1), s + 1);
		else
			snprintf(name, sizeof(name), "%.*s", (int)(n - 1), s + 1);
		cx->depth++;
		smp_say(b, cx, smp_pool(cx->pl, name));
		cx->depth--;
	} else {
		rv_buf_putc(b, '{');
		rv_buf_append(b, s, n);
		rv_buf_putc(b, '}');
	}
}

void
smp_expand(struct rv_buf *b, struct smp_ctx *cx, const char *t, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *open = memchr(t + i, '{', n - i);
		size_t j, end, alts = 1, depth = 0, k, start;
		uint32_t pick;

		if (open == NULL) {
			rv_buf_append(b, t + i, n - i);
			return;
		}
		j = (size_t)(open - t);
		rv_buf_append(b, t + i, j - i);
		end = j + closing(t + j, n - j);
		if (end >= n) {	/* unbalanced: copy the rest verbatim */
			rv_buf_append(b, t + j, n - j);
			return;
		}
		for (k = j + 1; k < end; k++) {
			if (t[k] == '{')
				depth++;
			else if (t[k] == '}')
				depth--;
			else if (t[k] == '|' && depth == 0)
				alts++;
		}
		if (alts == 1) {
			slot(b, cx, t + j + 1, end - j - 1);
		} else {
			pick = rv_rng_below(cx->r, (uint32_t)alts);
			start = j + 1;
			depth = 0;
			for (k = j + 1; k <= end; k++) {
				if (k < end && t[k] == '{')
					depth++;
				else if (k < end && t[k] == '}')
					depth--;
				else if (k == end || (t[k] == '|' && depth == 0)) {
					if (pick == 0) {
						cx->depth++;
						if (cx->depth < 16)
							smp_expand(b, cx, t + start, k - start);
						cx->depth--;
						break;
					}
					pick--;
					start = k + 1;
				}
			}
		}
		i = end + 1;
	}
}
