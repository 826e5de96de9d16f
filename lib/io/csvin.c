/* csvin.c - CSV/delimited input decoded to UTF-8 records.
 *
 * libcsv is configured for RFC 4180 as written: strict mode (see feed()
 * for how malformed quoting is then read), no space trimming
 * (csv_set_space_func) and LF as the only record terminator
 * (csv_set_term_func); physical lines (ended by LF, CRLF or a lone CR,
 * as in old Mac and Excel files) are fed to it with their line end
 * replaced by one LF, so a record can only end at the end of a physical
 * line (and a line break in a quoted field reads as LF). That
 * is what makes the fast path possible: when libcsv is between records
 * (pstate 0, ROW_NOT_BEGUN) and a line holds no quote character, libcsv
 * would split it exactly at each delimiter, so memchr does that instead
 * and no byte is copied. */
#include "csvin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Raw read size; the decoded buffer grows to the longest record. */
enum { CHUNK = 1024 * 1024 };
/* libcsv grows its field buffer by this much (its default, 128, makes a
 * 1 MB field cost 8000 reallocs). */
enum { CSV_BLOCK = 64 * 1024 };

static int
no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static int
lf_only(unsigned char ch)
{
	return ch == '\n';
}

static void
on_field(void *s, size_t len, void *data)
{
	struct rv_csvin *c = data;

	if (c->err)
		return;
	if (rv_buf_append(&c->fbuf, s, len) < 0) {
		c->err = ENOMEM;
		return;
	}
	if (c->nfend == c->fendcap) {
		size_t ncap = c->fendcap ? c->fendcap * 2 : 32;
		size_t *p = realloc(c->fend, ncap * sizeof(*p));
		if (p == NULL) {
			c->err = ENOMEM;
			return;
		}
		c->fend = p;
		c->fendcap = ncap;
	}
	c->fend[c->nfend++] = c->fbuf.len;
}

static void
on_record(int ch, void *data)
{
	(void)ch;
	((struct rv_csvin *)data)->csv_done = 1;
}

/* libcsv parser states (libcsv.c; not in csv.h). */
enum { ROW_NOT_BEGUN = 0, FIELD_BEGUN = 2, FIELD_MIGHT_HAVE_ENDED = 3 };

/* Feed p[0..n) to libcsv. It runs in strict mode so that it stops at
 * malformed quoting instead of guessing; we then go on the way Python's
 * csv module does (tests/cli/rv-import/vs-python*): a quote inside an
 * unquoted field is data, and text after a closing quote continues the
 * field unquoted (without reopening the quote, which in libcsv's lenient
 * mode would swallow the rest of the file into one field). */
static int
feed(struct rv_csvin *c, const char *p, size_t n)
{
	struct csv_parser *q = &c->csv;
	size_t used;

	while (n > 0) {
		used = csv_parse(q, p, n, on_field, on_record, c);
		if (used == n)
			break;
		if (csv_error(q) != CSV_EPARSE)
			return -1;
		q->status = 0;
		p += used;
		n -= used;
		if (q->pstate == FIELD_MIGHT_HAVE_ENDED) {
			/* "abc"x: drop the closing quote libcsv stored, then
			 * give it x again as part of an unquoted field. */
			q->entry_pos--;
			q->quoted = 0;
			q->pstate = FIELD_BEGUN;
		} else {
			/* ab"c: the one quote as data, in lenient mode. */
			csv_set_opts(q, 0);
			used = csv_parse(q, p, 1, on_field, on_record, c);
			csv_set_opts(q, CSV_STRICT);
			if (used != 1)
				return -1;
			p++;
			n--;
		}
	}
	return c->err ? -1 : 0;
}

static int
grow_fields(struct rv_csvin *c)
{
	size_t ncap = c->fcap ? c->fcap * 2 : 32;
	struct rv_field *f = realloc(c->f, ncap * sizeof(*f));

	if (f == NULL) {
		c->err = ENOMEM;
		return -1;
	}
	c->f = f;
	c->fcap = ncap;
	return 0;
}

/* Read raw bytes until the buffer is full or the input ends. */
static int
read_raw(struct rv_csvin *c, int fill_up)
{
	do {
		ssize_t n = read(c->fd, c->raw + c->rawlen, c->rawcap - c->rawlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			c->err = errno;
			return -1;
		}
		if (n == 0) {
			c->raw_eof = 1;
			break;
		}
		c->rawlen += (size_t)n;
	} while (fill_up && c->rawlen < c->rawcap);
	return 0;
}

/* Decode raw bytes, keeping an incomplete trailing sequence. */
static int
decode(struct rv_csvin *c)
{
	size_t before = c->text.len;
	size_t used = rv_dec_feed(&c->dec, c->raw, c->rawlen, c->raw_eof, &c->text);

	if (used == (size_t)-1) {
		c->err = ENOMEM;
		return -1;
	}
	/* One look per chunk spares text without CR a second memchr per line. */
	if (!c->any_cr && c->text.len > before &&
	    memchr(c->text.p + before, '\r', c->text.len - before) != NULL)
		c->any_cr = 1;
	memmove(c->raw, c->raw + used, c->rawlen - used);
	c->rawlen -= used;
	return 0;
}

/* Drop text before keep, then decode more. Returns the number of new
 * text bytes (0 only at the end of the input), or -1. */
static long
fill(struct rv_csvin *c, size_t keep)
{
	size_t before;

	if (keep > 0) {
		memmove(c->text.p, c->text.p + keep, c->text.len - keep);
		c->text.len -= keep;
		c->pos -= keep;
		c->base += keep;
	}
	before = c->text.len;
	while (c->text.len == before) {
		if (c->raw_eof && c->rawlen == 0)
			return 0;
		if (!c->raw_eof && read_raw(c, 0) < 0)
			return -1;
		if (decode(c) < 0)
			return -1;
		if (c->raw_eof && c->rawlen == 0)
			break;
	}
	return (long)(c->text.len - before);
}

/* Delimiter for the first non-blank line of text: the most frequent of
 * , TAB ; outside quotes, ',' on a tie. */
static int
guess_delim(const struct rv_csvin *c)
{
	static const char cand[] = {',', '\t', ';'};
	size_t count[3] = {0, 0, 0}, i, k;
	int inq = 0, best = 0, seen = 0;

	for (i = c->pos; i < c->text.len; i++) {
		int ch = (unsigned char)c->text.p[i];
		if (ch == '\r' && i + 1 < c->text.len && c->text.p[i + 1] != '\n')
			ch = '\n';	/* a lone CR ends a line */
		if (ch == '\n' && !inq) {
			if (seen)
				break;
			continue;
		}
		if (ch != '\r')
			seen = 1;
		if (ch == c->quote)
			inq = !inq;
		else if (!inq)
			for (k = 0; k < 3; k++)
				count[k] += ch == cand[k];
	}
	for (k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = (int)k;
	return cand[best];
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int
choose_encoding(struct rv_csvin *c, const char *given)
{
	const unsigned char *p = (const unsigned char *)c->raw;
	struct rv_enc_guess g;

	if (given == NULL || strcasecmp(given, "auto") == 0) {
		rv_enc_detect(p, c->rawlen, c->raw_eof, &g);
		c->enc = g.name;
		c->enc_why = g.why;
		c->bom = g.bom;
		c->enc_bad_at = g.bad_at;
	} else {
		c->enc = rv_enc_canon(given);
		c->enc_why = "given";
		if (strcasecmp(c->enc, "UTF-16") == 0) {
			/* Byte order from the BOM or the NUL pattern; else LE,
			 * which is what Windows writes. */
			rv_enc_detect(p, c->rawlen, c->raw_eof, &g);
			c->enc = strcmp(g.name, "UTF-16BE") == 0 ? "UTF-16BE" : "UTF-16LE";
		}
		c->bom = rv_enc_bom(c->enc, p, c->rawlen);
	}
	memmove(c->raw, c->raw + c->bom, c->rawlen - c->bom);
	c->rawlen -= c->bom;
	if (rv_dec_open(&c->dec, c->enc) < 0) {
		c->err = EINVAL;
		return -1;
	}
	return 0;
}

int
rv_csvin_open(struct rv_csvin *c, const char *path, const struct rv_csvin_opts *o)
{
	memset(c, 0, sizeof(*c));
	if (path == NULL || strcmp(path, "-") == 0) {
		c->fd = 0;
		c->name = "<stdin>";
	} else {
		c->name = path;
		if ((c->fd = open(path, O_RDONLY)) < 0) {
			c->err = errno;
			return -1;
		}
		c->own_fd = 1;
	}
	c->quote = o->quote;
	c->no_fast = o->no_fast;
	csv_init(&c->csv, CSV_STRICT);
	csv_set_space_func(&c->csv, no_space);
	csv_set_term_func(&c->csv, lf_only);
	csv_set_blk_size(&c->csv, CSV_BLOCK);
	c->rawcap = (size_t)RV_ENC_PREFIX > (size_t)CHUNK ? (size_t)RV_ENC_PREFIX : (size_t)CHUNK;
	if ((c->raw = malloc(c->rawcap)) == NULL || rv_buf_reserve(&c->fbuf, 64) < 0 ||
	    rv_buf_reserve(&c->text, CHUNK) < 0) {
		c->err = ENOMEM;
		return -1;
	}
	if (o->npre > 0) {
		/* Bytes the caller read to tell a spreadsheet from text. */
		memcpy(c->raw, o->pre, o->npre < c->rawcap ? o->npre : c->rawcap);
		c->rawlen = o->npre < c->rawcap ? o->npre : c->rawcap;
	}
	if (read_raw(c, 1) < 0 || choose_encoding(c, o->encoding) < 0 || decode(c) < 0)
		return -1;
	if (o->delim) {
		c->delim = o->delim;
		c->delim_why = "given";
	} else if (ends_with(c->name, ".tsv") || ends_with(c->name, ".tab")) {
		c->delim = '\t';
		c->delim_why = "file name";
	} else {
		c->delim = guess_delim(c);
		c->delim_why = "most frequent in the first line";
	}
	if (c->quote >= 0)
		csv_set_quote(&c->csv, (unsigned char)c->quote);
	csv_set_delim(&c->csv, (unsigned char)c->delim);
	return 0;
}

/* Split a quote-free line at the delimiter into views. */
static int
split(struct rv_csvin *c, const char *p, size_t len)
{
	const char *end = p + len, *d;

	c->nf = 0;
	for (;;) {
		if (c->nf == c->fcap && grow_fields(c) < 0)
			return -1;
		d = memchr(p, c->delim, (size_t)(end - p));
		c->f[c->nf].p = p;
		if (d == NULL) {
			c->f[c->nf++].len = (size_t)(end - p);
			return 0;
		}
		c->f[c->nf++].len = (size_t)(d - p);
		p = d + 1;
	}
}

static int
put(struct rv_csvin *c, const char *p, size_t n)
{
	if (rv_buf_append(&c->fbuf, p, n) < 0) {
		c->err = ENOMEM;
		return -1;
	}
	return 0;
}

/* The second fast path: a record on one line whose quoted fields are
 * well formed (each closes on this line and is followed by a delimiter
 * or the line end). Fields are unquoted into fbuf, as libcsv would
 * deliver them. Returns 1 done, 0 for libcsv to do it, -1 on OOM. */
static int csv_fields(struct rv_csvin *c);
static int
split_quoted(struct rv_csvin *c, const char *p, size_t len)
{
	const char *end = p + len, *q;
	char quote = (char)c->quote;

	c->fbuf.len = 0;
	c->nfend = 0;
	for (;;) {
		if (p < end && *p == quote) {
			for (p++;; p = q + 2) {
				if ((q = memchr(p, quote, (size_t)(end - p))) == NULL)
					return 0;	/* continues on the next line */
				if (put(c, p, (size_t)(q - p)) < 0)
					return -1;
				if (q + 1 == end || q[1] != quote)
					break;
				if (put(c, &quote, 1) < 0)	/* "" */
					return -1;
			}
			p = q + 1;
			if (p < end && *p != c->delim)
				return 0;	/* text after the closing quote */
		} else {
			/* Unquoted; a quote in it is data, as in feed(). */
			if ((q = memchr(p, c->delim, (size_t)(end - p))) == NULL)
				q = end;
			if (put(c, p, (size_t)(q - p)) < 0)
				return -1;
			p = q;
		}
		on_field(c->fbuf.p, 0, c);	/* records the end offset */
		if (c->err)
			return -1;
		if (p == end)
			break;
		p++;
	}
	return csv_fields(c) < 0 ? -1 : 1;
}

/* Views on the fields libcsv delivered. */
static int
csv_fields(struct rv_csvin *c)
{
	size_t i, start = 0;

	c->nf = 0;
	for (i = 0; i < c->nfend; i++) {
		if (c->nf == c->fcap && grow_fields(c) < 0)
			return -1;
		c->f[c->nf].p = c->fbuf.p + start;
		c->f[c->nf++].len = c->fend[i] - start;
		start = c->fend[i];
	}
	c->nfend = 0;
	return 0;
}

/* Fill in rec/status for the record text[start..pos). */
static void
finish(struct rv_csvin *c, size_t start)
{
	c->rec = c->text.p + start;
	c->reclen = c->pos - start;
	if (c->status == RV_CSV_OK &&
	    rv_dec_bad_before(&c->dec, c->base + c->pos, &c->bad))
		c->status = RV_CSV_EENC;
}

int
rv_csvin_next(struct rv_csvin *c)
{
	size_t start = c->pos, scanned = 0, len, term;
	const char *line;
	int idle;

	c->status = RV_CSV_OK;
	c->nf = 0;
	c->fbuf.len = 0;
	for (;;) {
		idle = c->csv.pstate == ROW_NOT_BEGUN;
		if (idle)
			start = c->pos;
		/* Physical lines end at LF, CRLF or a lone CR (old Mac, Excel). */
		len = rv_tsv_eol(c->text.p + c->pos, c->text.len - c->pos, scanned, 0, c->any_cr, &term);
		if (term == 0) {
			scanned = len;
			long n = fill(c, start);
			if (n < 0)
				return -1;
			start = 0;
			if (n > 0)
				continue;
			if (c->pos == c->text.len) {
				if (idle)
					return 0;
				/* A quoted field never closed: the record is the
				 * rest of the input. */
				csv_fini(&c->csv, on_field, on_record, c);
				if (c->err || csv_fields(c) < 0)
					return -1;
				c->status = RV_CSV_EQUOTE;
				finish(c, start);
				return 1;
			}
			/* The last line: ends in a lone CR or in nothing. */
			len = rv_tsv_eol(c->text.p + c->pos, c->text.len - c->pos, scanned, 1, c->any_cr, &term);
		}
		line = c->text.p + c->pos;
		c->pos += len + term;
		scanned = 0;
		c->lineno++;
		if (idle)
			c->line = c->lineno;
		if (idle && (c->quote < 0 || !c->no_fast)) {
			if (c->quote < 0 || memchr(line, c->quote, len) == NULL) {
				if (len == 0)
					continue;	/* blank line */
				if (split(c, line, len) < 0)
					return -1;
				finish(c, start);
				return 1;
			}
			int rc = split_quoted(c, line, len);
			if (rc < 0)
				return -1;
			if (rc > 0) {
				finish(c, start);
				return 1;
			}
			c->fbuf.len = 0;	/* libcsv starts over */
			c->nfend = 0;
		}
		c->csv_done = 0;
		if (feed(c, line, len) < 0 || feed(c, "\n", 1) < 0) {
			if (!c->err)
				c->err = ENOMEM;
			return -1;
		}
		if (c->csv_done) {
			if (csv_fields(c) < 0)
				return -1;
			finish(c, start);
			return 1;
		}
	}
}

void
rv_csvin_close(struct rv_csvin *c)
{
	if (c->own_fd)
		close(c->fd);
	c->own_fd = 0;
	csv_free(&c->csv);
	rv_dec_close(&c->dec);
	rv_buf_free(&c->text);
	rv_buf_free(&c->fbuf);
	free(c->raw);
	free(c->fend);
	free(c->f);
	c->raw = NULL;
	c->fend = NULL;
	c->f = NULL;
}

long
rv_csvin_columns(const struct rv_field *names, size_t n, const char *list, long *idx,
    const char **bad, size_t *badlen)
{
	const char *s, *e;
	char spec[256];
	long count = 0, i;

	for (s = list; s != NULL; s = *e ? e + 1 : NULL) {
		e = s + strcspn(s, ",");
		snprintf(spec, sizeof(spec), "%.*s", (int)(e - s), s);
		i = (size_t)(e - s) < sizeof(spec) ? rv_tsv_col(names, names ? n : 0, spec) : -1;
		if (i < 0 || (size_t)i >= n) {
			*bad = s;
			*badlen = (size_t)(e - s);
			return -1;
		}
		idx[count++] = i;
	}
	return count;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Nonzero when some byte of w is below n (n <= 128). */
static inline uint64_t
has_below(uint64_t w, unsigned n)
{
	return (w - ONES * n) & ~w & HIGHS;
}

void
rv_csvin_put(struct rv_out *o, const char *p, size_t n, const char *repl, size_t repln,
    int escape)
{
	size_t i = 0, start = 0, k, stop;

	while (i < n) {
		/* Skip eight bytes at a time while none is a control byte
		 * (or a backslash, in escape mode). */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (has_below(w, 0x20) || (escape && has_below(w ^ (ONES * '\\'), 1)))
				break;
			i += 8;
		}
		stop = i + 8 < n ? i + 8 : n;
		for (k = i; k < stop; k++) {
			const char *r;
			char ch = p[k];
			if (ch == '\t')
				r = "\\t";
			else if (ch == '\n')
				r = "\\n";
			else if (ch == '\r')
				r = "\\r";
			else if (ch == '\0')
				r = "\\0";
			else if (ch == '\\' && escape)
				r = "\\\\";
			else
				continue;
			rv_out_write(o, p + start, k - start);
			if (escape)
				rv_out_write(o, r, 2);
			else
				rv_out_write(o, repl, repln);
			start = k + 1;
		}
		i = stop;
	}
	rv_out_write(o, p + start, n - start);
}
