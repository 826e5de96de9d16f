/* tsv.c - TSV reader and writer.
 *
 * The reader keeps one buffer of at least 1 MiB and finds a line's field
 * separators and its end in one pass (scan(): 16 bytes a step with SSE2,
 * 8 with a portable word-at-a-time test); a line longer than the buffer
 * grows it (lines are not length-limited). */
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

/* Read more input; returns bytes read, 0 at EOF, -1 on error. Offsets
 * from r->pos stay valid; pointers into the buffer do not. */
static ssize_t
fill(struct rv_tsv *r)
{
	ssize_t n;
	size_t want;

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
	want = r->cap - r->end;
	if (r->maxread > 0 && want > r->maxread)
		want = r->maxread;
	do
		n = read(r->fd, r->buf + r->end, want);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->err = errno;
		return -1;
	}
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

/* The scanner: one pass over the line finds its TABs and its end, and
 * each TAB ends a field in r->f. SSE2 (the x86-64 baseline) looks at 16
 * bytes a step; elsewhere an exact word-at-a-time test looks at 8; the
 * bytes left at the end of the buffer go one at a time. */
#if defined(__SSE2__) && !defined(RV_TSV_PORTABLE)
#include <emmintrin.h>
#define SCAN_SSE2 1
#define SCAN_STEP 16
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    !defined(RV_TSV_BYTES)
#define SCAN_SWAR 1
#define SCAN_STEP 8
#else
#define SCAN_STEP 1
#endif

#define SCAN_OOM ((size_t)-1)

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Room for at least need more fields. */
static int
grow_fields(struct rv_tsv *r, size_t need)
{
	size_t ncap = r->fcap ? r->fcap : 32;
	struct rv_field *f;

	while (ncap - r->nf < need)
		ncap *= 2;
	if ((f = realloc(r->f, ncap * sizeof(*f))) == NULL) {
		r->err = ENOMEM;
		return -1;
	}
	r->f = f;
	r->fcap = ncap;
	return 0;
}

#ifdef SCAN_SWAR
/* The high bit of each zero byte of y, exactly (no false positives, so
 * the lowest set bit is the first such byte on a little-endian load). */
static inline uint64_t
zero_bytes(uint64_t y)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((y & lo7) + lo7) | y | lo7);
}
#endif

/* A TAB at q ends the field that starts at fs (locals of scan()). */
#define PUSH_TAB(q) do { \
	const char *q_ = (q); \
	fp->p = fs; \
	fp->len = (size_t)(q_ - fs); \
	fs = q_ + 1; \
	fp++; \
} while (0)

/* Room for need more fields at fp (locals of scan()). */
#define ROOM(need) do { \
	if ((size_t)(fend - fp) < (need)) { \
		r->nf = (size_t)(fp - r->f); \
		if (grow_fields(r, (need)) < 0) \
			return SCAN_OOM; \
		fp = r->f + r->nf; \
		fend = r->f + r->fcap; \
	} \
} while (0)

/* Scan the line p from offset i to n. With split, each TAB ends a field
 * (*startp: where the current field starts). Returns the offset of the
 * first LF or CR, n when there is none, or SCAN_OOM. */
static ALWAYS_INLINE size_t
scan(struct rv_tsv *r, const char *p, size_t i, size_t n, size_t *startp, int split)
{
	struct rv_field *fp = r->f + r->nf, *fend = r->f + r->fcap;
	const char *fs = p + *startp;	/* the current field */

#if defined(SCAN_SSE2) || defined(SCAN_SWAR)
	for (; n - i >= SCAN_STEP; i += SCAN_STEP) {
#if defined(SCAN_SSE2)
		const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned t = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
		unsigned e = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
#define BYTE_AT(m) ((unsigned)__builtin_ctz(m))
#else
		uint64_t x, t, e;
		memcpy(&x, p + i, 8);
		t = zero_bytes(x ^ 0x0909090909090909ULL);
		e = zero_bytes(x ^ 0x0A0A0A0A0A0A0A0AULL) | zero_bytes(x ^ 0x0D0D0D0D0D0D0D0DULL);
#define BYTE_AT(m) ((unsigned)__builtin_ctzll(m) / 8)
#endif
		if (e != 0)
			t &= (e & -e) - 1;	/* the TABs before the line end */
		if (split && t != 0) {
			const char *b = p + i;
			ROOM(SCAN_STEP);
			do
				PUSH_TAB(b + BYTE_AT(t));
			while ((t &= t - 1) != 0);
		}
		if (e != 0) {
			i += BYTE_AT(e);
			goto out;
		}
#undef BYTE_AT
	}
#endif
	for (; i < n; i++) {
		if (p[i] == '\t') {
			if (!split)
				continue;
			ROOM(1);
			PUSH_TAB(p + i);
		} else if (p[i] == '\n' || p[i] == '\r')
			break;
	}
	goto out;	/* (so that out: has a use without SSE2 and SWAR too) */
out:
	r->nf = (size_t)(fp - r->f);
	*startp = (size_t)(fs - p);
	return i;
}

/* Read the next line; with split, also its fields but the last (the one
 * that starts at *startp). Returns 1, 0 at the end, or -1. */
static ALWAYS_INLINE int
next_line(struct rv_tsv *r, size_t *startp, int split)
{
	size_t scanned = 0, len, term, k;

	r->nf = 0;
	*startp = 0;
	for (;;) {
		const char *p = r->buf + r->pos;
		size_t n = r->end - r->pos;

		len = scan(r, p, scanned, n, startp, split);
		if (len == SCAN_OOM)
			return -1;
		if (len < n) {
			if (p[len] == '\n') {
				term = 1;
				break;
			}
			if (len + 1 < n) {
				term = p[len + 1] == '\n' ? 2 : 1;
				break;
			}
			/* A CR as the last byte: a LF may come with the next
			 * read, and the next scan starts at the CR. */
			if (r->eof) {
				term = 1;
				break;
			}
			scanned = len;
		} else {
			if (r->eof) {
				if (n == 0)
					return 0;
				term = 0;	/* last line without a line end */
				break;
			}
			scanned = n;
		}
		ssize_t got = fill(r);
		if (got < 0)
			return -1;
		if (got == 0)
			r->eof = 1;
		/* The fields so far are back to back (one TAB between two)
		 * from the start of the line, which the read may have moved. */
		if (split) {
			const char *q = r->buf + r->pos;
			for (k = 0; k < r->nf; k++) {
				r->f[k].p = q;
				q += r->f[k].len + 1;
			}
		}
	}
	r->line = r->buf + r->pos;
	r->linelen = len;
	r->pos += len + term;
	r->crlf = term == 2;
	r->lineno++;
	return 1;
}

/* Skip a UTF-8 byte-order mark (Excel, Notepad) at the start of the input:
 * it is not part of the first line. Returns 3 or 0. */
static int
skip_bom(struct rv_tsv *r)
{
	if (r->lineno == 1 && r->linelen >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
		r->line += 3;
		r->linelen -= 3;
		return 3;
	}
	return 0;
}

int
rv_tsv_next_line(struct rv_tsv *r)
{
	size_t start;
	int rc = next_line(r, &start, 0);

	if (rc > 0)
		skip_bom(r);
	return rc;
}

int
rv_tsv_next(struct rv_tsv *r)
{
	size_t start, nf;
	int rc;

	if ((rc = next_line(r, &start, 1)) <= 0)
		return rc;
	if (r->nf == r->fcap && grow_fields(r, 1) < 0)
		return -1;
	nf = r->nf;
	r->f[nf].p = r->line + start;
	r->f[nf].len = r->linelen - start;
	r->nf = nf + 1;
	/* The BOM (no TAB in it) is not part of the first field. */
	if (r->lineno == 1 && skip_bom(r)) {
		r->f[0].p += 3;
		r->f[0].len -= 3;
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
rv_out_write_slow(struct rv_out *o, const void *p, size_t n)
{
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
