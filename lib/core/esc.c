/* esc.c - see esc.h. */
#include "esc.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

const char *
rv_esc(char *out, size_t outlen, const char *p, size_t n, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, cut = n;

	if (outlen == 0)
		return out;
	if (cut > max) {
		cut = max;
		while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
			cut--;
	}
	for (i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)p[i];
		char e[5];
		size_t el = 2;
		e[0] = '\\';
		switch (c) {
		case '\0': e[1] = '0'; break;
		case '\t': e[1] = 't'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\\': e[1] = '\\'; break;
		default:
			if (c < 0x20 || c == 0x7F) {
				e[1] = 'x';
				e[2] = hex[c >> 4];
				e[3] = hex[c & 15];
				el = 4;
			} else {
				e[0] = (char)c;
				el = 1;
			}
		}
		if (o + el + 4 > outlen)	/* room for "..." and the NUL */
			break;
		memcpy(out + o, e, el);
		o += el;
	}
	if (i < n && o + 4 <= outlen) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

int
rv_unesc(struct rv_buf *out, const char *p, size_t n)
{
	size_t i = 0, start = 0;

	if (rv_buf_reserve(out, n) < 0)
		return -1;
	while (i < n) {
		const char *bs = memchr(p + i, '\\', n - i);
		char ch;
		if (bs == NULL || (size_t)(bs - p) + 1 >= n)
			break;
		i = (size_t)(bs - p);
		switch (p[i + 1]) {
		case 't': ch = '\t'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case '\\': ch = '\\'; break;
		default:
			i++;
			continue;
		}
		memcpy(out->p + out->len, p + start, i - start);
		out->len += i - start;
		out->p[out->len++] = ch;
		i += 2;
		start = i;
	}
	memcpy(out->p + out->len, p + start, n - start);
	out->len += n - start;
	out->p[out->len] = '\0';
	return 0;
}
