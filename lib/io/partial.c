/* partial.c - helpers of --partial / --merge (see partial.h). */
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
