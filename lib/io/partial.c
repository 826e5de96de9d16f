/* partial.c - helpers of --partial / --merge (see partial.h). */
#include <stdio.h>
#include <string.h>

#include "partial.h"

int
rv_partial_is_header(const struct rv_field *f, size_t nf, const char *magic)
{
	return nf > 0 && f[0].len == strlen(magic) && memcmp(f[0].p, magic, f[0].len) == 0;
}

const char *
rv_partial_shown(char *buf, size_t size, const char *p, size_t n)
{
	size_t i;

	if (size == 0)
		return buf;
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > size - 1)
		n = size - 1;
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)p[i] < 0x20 ? ' ' : p[i];
	buf[n] = '\0';
	return buf;
}

/* The length of the field that starts p[0..n). */
static size_t
field_len(const char *p, size_t n)
{
	const char *t = memchr(p, '\t', n);

	return t ? (size_t)(t - p) : n;
}

const char *
rv_partial_diff(char *buf, size_t size, const char *a, size_t an, const char *b, size_t bn)
{
	char x[101], y[101];
	size_t ai = 0, bi = 0;

	if (an > 0 && a[an - 1] == '\n')
		an--;
	if (bn > 0 && b[bn - 1] == '\n')
		bn--;
	for (;;) {
		size_t al = ai <= an ? field_len(a + ai, an - ai) : 0;
		size_t bl = bi <= bn ? field_len(b + bi, bn - bi) : 0;
		if (ai > an || bi > bn || al != bl || memcmp(a + ai, b + bi, al) != 0) {
			snprintf(buf, size, "%s%s%s where the first has %s%s%s",
			    ai > an ? "" : "'", ai > an ? "nothing" : rv_partial_shown(x, sizeof(x), a + ai, al),
			    ai > an ? "" : "'", bi > bn ? "" : "'",
			    bi > bn ? "nothing" : rv_partial_shown(y, sizeof(y), b + bi, bl), bi > bn ? "" : "'");
			return buf;
		}
		if (ai + al >= an && bi + bl >= bn) {	/* the same line */
			snprintf(buf, size, "nothing");
			return buf;
		}
		ai += al + 1;
		bi += bl + 1;
	}
}

int
rv_partial_field(const struct rv_field *f, const char *key, struct rv_field *val)
{
	size_t k = strlen(key);

	if (f->len <= k || memcmp(f->p, key, k) != 0 || f->p[k] != '=')
		return 0;
	val->p = f->p + k + 1;
	val->len = f->len - k - 1;
	return 1;
}

void
rv_partial_sig_clean(char *s)
{
	for (; *s; s++)
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
}
