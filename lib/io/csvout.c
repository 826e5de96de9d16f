/* csvout.c - see csvout.h. */
#include "csvout.h"

#include <errno.h>
#include <string.h>

#include "esc.h"

int
rv_csvout_open(struct rv_csvout *w, struct rv_out *o, const char *encoding, char delim,
    int unescape)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	w->delim = delim;
	w->unescape = unescape;
	if (rv_dec_open_to(&w->enc, encoding) < 0)
		return -1;
	w->encode = w->enc.cd != NULL;
	if (!w->encode)
		rv_out_write(o, "\xEF\xBB\xBF", 3);
	return 0;
}

/* Append field p[0..n) to w->line, quoted when it holds the delimiter, a
 * quote or a line break, or starts or ends with a space (which Excel
 * would otherwise keep or not depending on the version). */
static int
put_field(struct rv_csvout *w, const char *p, size_t n)
{
	int quote = 0;

	for (size_t i = 0; i < n && !quote; i++)
		quote = p[i] == w->delim || p[i] == '"' || p[i] == '\n' || p[i] == '\r';
	if (n > 0 && (p[0] == ' ' || p[n - 1] == ' '))
		quote = 1;
	if (!quote)
		return rv_buf_append(&w->line, p, n);
	if (rv_buf_putc(&w->line, '"') < 0)
		return -1;
	for (const char *q; n > 0 && (q = memchr(p, '"', n)) != NULL; n -= (size_t)(q + 1 - p), p = q + 1)
		if (rv_buf_append(&w->line, p, (size_t)(q + 1 - p)) < 0 || rv_buf_putc(&w->line, '"') < 0)
			return -1;
	if (rv_buf_append(&w->line, p, n) < 0)
		return -1;
	return rv_buf_putc(&w->line, '"');
}

int
rv_csvout_row(struct rv_csvout *w, const struct rv_field *f, size_t nf, size_t width)
{
	struct rv_enc_bad bad;
	int rc = 0;

	rv_buf_clear(&w->line);
	for (size_t i = 0; i < nf || i < width; i++) {
		const char *p = i < nf ? f[i].p : "";
		size_t n = i < nf ? f[i].len : 0;
		if (i > 0 && rv_buf_putc(&w->line, w->delim) < 0)
			return -1;
		if (w->unescape && memchr(p, '\\', n) != NULL) {
			rv_buf_clear(&w->tmp);
			if (rv_unesc(&w->tmp, p, n) < 0)
				return -1;
			p = w->tmp.p;
			n = w->tmp.len;
		}
		if (put_field(w, p, n) < 0)
			return -1;
	}
	if (rv_buf_append(&w->line, "\r\n", 2) < 0)
		return -1;
	if (!w->encode) {
		rv_out_write(w->o, w->line.p, w->line.len);
		return 0;
	}
	rv_buf_clear(&w->conv);
	if (rv_dec_feed(&w->enc, w->line.p, w->line.len, 1, &w->conv) == (size_t)-1)
		return -1;
	if (rv_dec_bad_before(&w->enc, UINT64_MAX, &bad)) {
		w->nbad++;
		rc = 1;
	}
	rv_out_write(w->o, w->conv.p, w->conv.len);
	return rc;
}

void
rv_csvout_close(struct rv_csvout *w)
{
	rv_dec_close(&w->enc);
	rv_buf_free(&w->line);
	rv_buf_free(&w->conv);
	rv_buf_free(&w->tmp);
}
