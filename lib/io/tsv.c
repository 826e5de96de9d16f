/* tsv.c - TSV reader and writer.
 *
 * The reader keeps one buffer of at least 1 MiB and finds line ends and
 * field separators with memchr, which glibc vectorises; a line longer than
 * the buffer grows it (lines are not length-limited). */
#include "tsv.h"
#include "num.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1 MiB reads: measured faster than 64-256 KiB on pipes and files here. */
enum { READ_CHUNK = 1024 * 1024, OUT_BUF = 256 * 1024 };

int
rv_tsv_open(struct rv_tsv *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	if (path == NULL || strcmp(path, "-") == 0) {
		r->fd = 0;
		r->name = "<stdin>";
	} else {
		r->name = path;	/* also for the message when open fails */
		r->fd = open(path, O_RDONLY);
		if (r->fd < 0) {
			r->err = errno;
			return -1;
		}
		r->own_fd = 1;
	}
	r->cap = READ_CHUNK;
	r->buf = malloc(r->cap);
	if (r->buf == NULL) {
		if (r->own_fd)
			close(r->fd);
		r->err = ENOMEM;
		return -1;
	}
	return 0;
}

/* Read more input; returns bytes read, 0 at EOF, -1 on error. */
static ssize_t
fill(struct rv_tsv *r)
{
	ssize_t n;

	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->end < READ_CHUNK / 2) {
		size_t ncap = r->cap * 2;
		char *p = realloc(r->buf, ncap);
		if (p == NULL) {
			r->err = ENOMEM;
			return -1;
		}
		r->buf = p;
		r->cap = ncap;
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->err = errno;
		return -1;
	}
	/* One look per read spares input without CR a second memchr per line. */
	if (!r->any_cr && memchr(r->buf + r->end, '\r', (size_t)n) != NULL)
		r->any_cr = 1;
	r->end += (size_t)n;
	return n;
}

size_t
rv_tsv_eol(const char *p, size_t n, size_t from, int final, int any_cr, size_t *term)
{
	const char *lf = memchr(p + from, '\n', n - from);
	size_t lim = lf != NULL ? (size_t)(lf - p) : n;
	const char *cr = any_cr ? memchr(p + from, '\r', lim - from) : NULL;

	if (cr != NULL) {
		size_t i = (size_t)(cr - p);
		if (i + 1 < n) {
			*term = p[i + 1] == '\n' ? 2 : 1;
			return i;
		}
		/* A CR as the last byte: a LF may come with the next read. */
		*term = final ? 1 : 0;
		return i;
	}
	*term = lf != NULL;
	return lim;
}

int
rv_tsv_next_line(struct rv_tsv *r)
{
	size_t scanned = 0, len, term;

	r->nf = 0;
	for (;;) {
		len = rv_tsv_eol(r->buf + r->pos, r->end - r->pos, scanned, r->eof, r->any_cr, &term);
		if (term > 0)
			break;
		if (r->eof) {
			if (r->pos == r->end)
				return 0;
			break;	/* last line without a line end */
		}
		scanned = len;
		ssize_t n = fill(r);
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
	}
	r->line = r->buf + r->pos;
	r->linelen = len;
	r->pos += len + term;
	r->crlf = term == 2;
	/* A UTF-8 byte-order mark (Excel, Notepad) is not part of the first line. */
	if (r->lineno == 0 && len >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
		r->line += 3;
		r->linelen -= 3;
	}
	r->lineno++;
	return 1;
}

int
rv_tsv_next(struct rv_tsv *r)
{
	const char *p, *end, *tab;
	int rc;

	if ((rc = rv_tsv_next_line(r)) <= 0)
		return rc;
	p = r->line;
	end = p + r->linelen;
	for (;;) {
		if (r->nf == r->fcap) {
			size_t ncap = r->fcap ? r->fcap * 2 : 32;
			struct rv_field *f = realloc(r->f, ncap * sizeof(*f));
			if (f == NULL) {
				r->err = ENOMEM;
				return -1;
			}
			r->f = f;
			r->fcap = ncap;
		}
		tab = memchr(p, '\t', (size_t)(end - p));
		r->f[r->nf].p = p;
		if (tab == NULL) {
			r->f[r->nf++].len = (size_t)(end - p);
			break;
		}
		r->f[r->nf++].len = (size_t)(tab - p);
		p = tab + 1;
	}
	return 1;
}

void
rv_tsv_close(struct rv_tsv *r)
{
	if (r->own_fd)
		close(r->fd);
	free(r->buf);
	free(r->f);
	r->buf = NULL;
	r->f = NULL;
	r->own_fd = 0;
}

long
rv_tsv_col(const struct rv_field *names, size_t nnames, const char *spec)
{
	size_t i, n = strlen(spec);
	unsigned long v = 0;

	if (names != NULL)
		for (i = 0; i < nnames; i++)
			if (names[i].len == n && memcmp(names[i].p, spec, n) == 0)
				return (long)i;
	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (spec[i] < '0' || spec[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(spec[i] - '0');
	}
	if (v == 0 || (names != NULL && v > nnames))
		return -1;
	return (long)v - 1;
}

int
rv_out_init(struct rv_out *o, int fd)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->cap = OUT_BUF;
	o->buf = malloc(o->cap);
	return o->buf ? 0 : -1;
}

static void
out_raw(struct rv_out *o, const char *p, size_t n)
{
	while (n > 0 && !o->err) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->err = errno;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

int
rv_out_flush(struct rv_out *o)
{
	if (o->len > 0) {
		out_raw(o, o->buf, o->len);
		o->len = 0;
	}
	return o->err ? -1 : 0;
}

void
rv_out_write(struct rv_out *o, const void *p, size_t n)
{
	if (n <= o->cap - o->len) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		return;
	}
	rv_out_flush(o);
	if (n >= o->cap) {
		out_raw(o, p, n);
		return;
	}
	memcpy(o->buf, p, n);
	o->len = n;
}

void
rv_out_puts(struct rv_out *o, const char *s)
{
	rv_out_write(o, s, strlen(s));
}

/* True when one of the 8 bytes in x is below 14 (TAB, LF and CR are 9,
 * 10, 13): the classic "has less than" word trick. A false positive (a
 * byte of 14 or more after one below) only sends us to the byte loop. */
static inline int
has_ctl(uint64_t x)
{
	return ((x - 0x0E0E0E0E0E0E0E0EULL) & ~x & 0x8080808080808080ULL) != 0;
}

void
rv_out_field(struct rv_out *o, const char *p, size_t n)
{
	size_t i = 0, start = 0;

	/* A short field (a score, a label) is one padded word to test. */
	if (n < 8) {
		uint64_t x = 0x2020202020202020ULL;
		memcpy(&x, p, n);
		if (!has_ctl(x)) {
			rv_out_write(o, p, n);
			return;
		}
	}
	while (i < n) {
		uint64_t x;
		if (n - i >= 8) {
			memcpy(&x, p + i, 8);
			if (!has_ctl(x)) {
				i += 8;
				continue;
			}
		}
		size_t end = n - i >= 8 ? i + 8 : n;
		for (; i < end; i++)
			if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
				rv_out_write(o, p + start, i - start);
				rv_out_putc(o, ' ');
				start = i + 1;
			}
	}
	rv_out_write(o, p + start, n - start);
}

void
rv_out_tab(struct rv_out *o)
{
	rv_out_putc(o, '\t');
}

void
rv_out_eol(struct rv_out *o)
{
	rv_out_putc(o, '\n');
	if (o->line_buffered)
		rv_out_flush(o);
}

void
rv_out_printf(struct rv_out *o, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		rv_out_write(o, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (big == NULL) {
		o->err = ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rv_out_write(o, big, (size_t)n);
	free(big);
}

int
rv_out_close(struct rv_out *o)
{
	int rc = rv_out_flush(o);

	free(o->buf);
	o->buf = NULL;
	o->cap = 0;
	return rc;
}

void
rv_out_num(struct rv_out *o, double v, int prec)
{
	char b[32];

	rv_out_write(o, b, rv_num_fmt(b, v, prec));
}
