/* tsv.h - fast TSV reading (buffered read(2), one-pass splitting) and
 * buffered writing with error detection. */
#ifndef RV_TSV_H
#define RV_TSV_H

#include <stddef.h>
#include <string.h>

/* A borrowed view of a field: valid until the next rv_tsv_next(). */
struct rv_field {
	const char *p;
	size_t len;
};

struct rv_tsv {
	const char *name;	/* file name for messages; "<stdin>" for stdin */
	int fd, own_fd;
	char *buf;		/* read buffer: [pos, end) unconsumed */
	size_t cap, pos, end;
	int eof;
	size_t maxread;		/* bytes per read(2) at most; 0: as many as fit
				 * (tests set it to end reads anywhere) */
	unsigned long lineno;	/* 1-based number of the current line */
	const char *line;	/* current line, without its line end (and BOM) */
	size_t linelen;
	int crlf;		/* current line ended in "\r\n" */
	struct rv_field *f;	/* current fields */
	size_t nf, fcap;
	int err;		/* errno of the last failure */
};

/* Open path ("-" or NULL for stdin). Returns 0, or -1 with r->err set. */
int rv_tsv_open(struct rv_tsv *r, const char *path);
/* Read the next line and split it on TAB.
 * Returns 1 for a row, 0 at end of input, -1 on a read error or OOM
 * (r->err holds errno). A line ends at "\n", "\r\n" or a lone "\r" (old
 * Mac and Excel files); a last line without one is a row. A UTF-8
 * byte-order mark at the start of the input is skipped. */
int rv_tsv_next(struct rv_tsv *r);
/* Read the next line without splitting it into fields (r->nf is 0). */
int rv_tsv_next_line(struct rv_tsv *r);
void rv_tsv_close(struct rv_tsv *r);
/* The end of the line that starts at p, searching p[from..n) (from: bytes
 * already known to hold no line end): returns its offset and sets *term to
 * the length of the line end, 1 ("\n" or a lone "\r") or 2 ("\r\n"); or 0
 * when p[0..n) holds none yet, then the return value is where to search
 * again once more bytes are there. A "\r" as the last byte ends the line
 * only when final is set (no more bytes will come). any_cr 0 says p holds
 * no CR (the caller checked whole reads at once), so only LF is looked for. */
size_t rv_tsv_eol(const char *p, size_t n, size_t from, int final, int any_cr, size_t *term);

/* Column lookup: spec is a header name or a 1-based number.
 * Names are matched first, then numbers. Returns the 0-based index,
 * or -1 when not found. names may be NULL (no header). */
long rv_tsv_col(const struct rv_field *names, size_t nnames, const char *spec);

/* Buffered output on a file descriptor. Write errors are sticky: the
 * first errno is kept in err and later writes are dropped. */
struct rv_out {
	int fd;
	char *buf;
	size_t len, cap;
	int err;
	int line_buffered;	/* flush at every rv_out_eol() */
};

/* Initialise with a 256 KiB buffer. Returns 0 or -1 (OOM). */
int rv_out_init(struct rv_out *o, int fd);
/* rv_out_write when p does not fit in the buffer's room. */
void rv_out_write_slow(struct rv_out *o, const void *p, size_t n);
void rv_out_puts(struct rv_out *o, const char *s);
/* v with prec decimals, locale-free (rv_num_fmt). */
void rv_out_num(struct rv_out *o, double v, int prec);
/* Write a field, replacing TAB, CR and LF by spaces so the TSV stays valid. */
void rv_out_field(struct rv_out *o, const char *p, size_t n);
void rv_out_eol(struct rv_out *o);
void rv_out_printf(struct rv_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns 0, or -1 when any write failed (o->err holds errno). */
int rv_out_flush(struct rv_out *o);
/* Flush and free the buffer. Returns as rv_out_flush. */
int rv_out_close(struct rv_out *o);

static inline void
rv_out_putc(struct rv_out *o, char c)
{
	if (o->len == o->cap)
		rv_out_flush(o);
	o->buf[o->len++] = c;
}

/* Inline: tools call these once per field. */
static inline void
rv_out_write(struct rv_out *o, const void *p, size_t n)
{
	if (n <= o->cap - o->len) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
	} else
		rv_out_write_slow(o, p, n);
}

static inline void
rv_out_tab(struct rv_out *o)
{
	rv_out_putc(o, '\t');
}

#endif
