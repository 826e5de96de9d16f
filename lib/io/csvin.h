/* csvin.h - CSV (RFC 4180) or delimited text in any encoding, read as
 * UTF-8 records: the reading half of rv-import.
 *
 * Bytes are read in 1 MiB chunks, decoded to UTF-8 (enc.h), cut into
 * physical lines, and assembled into records. A line that starts a
 * record and holds no quote character is split on the delimiter
 * directly (the fast path); any other line goes through libcsv, which
 * handles quoted fields, doubled quotes and quoted line breaks. Both
 * paths give the same fields: spaces are kept, a line ends at LF, CRLF
 * or a lone CR, blank lines are skipped. */
#ifndef RV_CSVIN_H
#define RV_CSVIN_H

#include <csv.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "enc.h"
#include "tsv.h"

struct rv_csvin_opts {
	const char *encoding;	/* NULL or "auto": detect; else an iconv name */
	int delim;		/* field separator; 0: detect (rv_csvin_open) */
	int quote;		/* quote character; -1: none, quotes are data */
	int no_fast;		/* give every line to libcsv (for tests) */
	const char *pre;	/* pre[0..npre): the first bytes of the input, */
	size_t npre;		/* already read from it (at most 1 MiB) */
};

/* What is wrong with the current record (it is still returned). */
enum {
	RV_CSV_OK = 0,
	RV_CSV_EENC,		/* invalid bytes for the encoding: bad holds the first */
	RV_CSV_EQUOTE		/* a quoted field still open at the end of the input */
};

struct rv_csvin {
	const char *name;	/* file name for messages; "<stdin>" */
	int fd, own_fd;
	/* How the input is read, and why (for --verbose and messages). */
	const char *enc;	/* iconv name of the encoding in use */
	const char *enc_why;	/* "given", "byte-order mark", ... */
	size_t bom;		/* bytes of byte-order mark skipped */
	size_t enc_bad_at;	/* detection: offset of the first non-UTF-8 byte */
	int delim;
	const char *delim_why;
	int quote;
	int no_fast;
	/* Raw bytes not decoded yet: raw[0..rawlen). */
	struct rv_dec dec;
	char *raw;
	size_t rawcap, rawlen;
	int raw_eof;
	/* Decoded text: text.p[pos..text.len) is unread; text.p[0] is at
	 * offset base of the decoded stream. */
	struct rv_buf text;
	size_t pos;
	uint64_t base;
	unsigned long lineno;	/* physical lines read */
	int any_cr;		/* a CR was decoded: lines may end in one */
	/* libcsv state and the fields it has delivered for this record. */
	struct csv_parser csv;
	int csv_done;		/* libcsv ended a record */
	struct rv_buf fbuf;	/* field bytes, back to back */
	size_t *fend;		/* end offset in fbuf of each field */
	size_t nfend, fendcap;
	/* The current record. Views are valid until the next call. */
	struct rv_field *f;
	size_t nf, fcap;
	unsigned long line;	/* physical line where it starts (1-based) */
	const char *rec;	/* its text as read (decoded), line ends included */
	size_t reclen;
	int status;		/* RV_CSV_OK, RV_CSV_EENC, RV_CSV_EQUOTE */
	struct rv_enc_bad bad;	/* the first invalid sequence (RV_CSV_EENC) */
	int err;		/* errno of a failure */
};

/* Open path ("-" or NULL: stdin), read up to RV_ENC_PREFIX bytes and
 * settle the encoding (detected unless given; a matching byte-order mark
 * is skipped either way) and the delimiter: when not given, TAB for a
 * name ending in .tsv or .tab, else the most frequent of ',' TAB ';'
 * outside quotes in the first line (',' on a tie or when there is none).
 * Returns 0, or -1 with c->err set (EINVAL: unknown encoding). */
int rv_csvin_open(struct rv_csvin *c, const char *path, const struct rv_csvin_opts *o);
/* The next record in c->f/c->nf, c->line, c->rec, c->status.
 * Returns 1, 0 at the end of the input, -1 on a read error or OOM
 * (c->err). A record with status RV_CSV_EQUOTE is the last one. */
int rv_csvin_next(struct rv_csvin *c);
void rv_csvin_close(struct rv_csvin *c);

/* Resolve list, comma-separated column specs (a header name, else a
 * 1-based number), against names[0..n) (names NULL: numbers up to n).
 * idx needs room for strlen(list) / 2 + 1 entries. Returns the count, or
 * -1 with *bad and *badlen set to the first spec that names no column. */
long rv_csvin_columns(const struct rv_field *names, size_t n, const char *list, long *idx,
    const char **bad, size_t *badlen);

/* Write field p[0..n) to o with TAB, LF, CR and NUL replaced by repl
 * (repln bytes), or, when escape is set, written as \t \n \r \0 with
 * backslash doubled. */
void rv_csvin_put(struct rv_out *o, const char *p, size_t n, const char *repl, size_t repln,
    int escape);

#endif
