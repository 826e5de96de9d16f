/* input.h - rows from a list of TSV files read as one stream.
 * The first line of the first non-empty file is the header; each later
 * file's header must be identical and is skipped. Empty files are
 * skipped. A data line equal to the header (files or chunks that were
 * concatenated with their headers) is skipped and counted. */
#ifndef RV_INPUT_H
#define RV_INPUT_H

#include "buf.h"
#include "tsv.h"

enum { RV_IN_OK = 0, RV_IN_EIO = -1, RV_IN_EHEADER = -2 };

struct rv_in {
	char **files;		/* NULL-terminated-free list, nfiles long */
	int nfiles, idx;
	int no_header;
	struct rv_tsv r;	/* the current file; r.name, r.lineno for messages */
	struct rv_field *hdr;	/* header fields (owned copy); NULL with no_header */
	size_t nhdr;
	struct rv_buf hdrbuf;	/* the header line, verbatim */
	int open;
	unsigned long nrepeat;	/* data lines equal to the header, skipped */
	int other_headers;	/* set after rv_in_open: a later file's header that differs
				 * is a row (r.lineno 1), not RV_IN_EHEADER (--merge
				 * of states names what differs itself) */
	const char *repeat_name;	/* where the first of them was */
	unsigned long repeat_line;
};

/* Open the first file and read the header. files may be empty (stdin).
 * Returns RV_IN_OK or RV_IN_EIO (in->r.err, in->r.name). An empty input
 * (all files empty) gives nhdr 0 and no header. */
int rv_in_open(struct rv_in *in, char **files, int nfiles, int no_header);
/* Next data row in in->r.f / in->r.nf: 1, 0 at end, or RV_IN_EIO /
 * RV_IN_EHEADER (a later file's header differs). */
int rv_in_next(struct rv_in *in);
/* Column index of spec in the header (name or 1-based number), or -1. */
long rv_in_col(const struct rv_in *in, const char *spec);
void rv_in_close(struct rv_in *in);

/* Index of the next column after i with the same name as column i, or
 * -1 (also without a header). */
long rv_in_col_dup(const struct rv_in *in, long i);

/* Output columns a filter adds: each name (with a prefix and suffix)
 * overwrites the first input column of that name, or is appended after
 * the input columns. */
struct rv_cols {
	size_t n;		/* number of tool columns */
	size_t nin;		/* number of input columns (header) */
	char **names;		/* [n]: the output column names, owned */
	long *over;		/* [nin]: tool column k overwriting input i, or -1 */
	long *at;		/* [n]: input column that tool column k overwrites, or -1 */
	int *appended;		/* [n]: 1 when column k is appended */
};

/* prefix and suffix may be NULL. Returns 0 or -1 (out of memory). */
int rv_cols_init(struct rv_cols *c, const struct rv_in *in, const char *const *names, size_t n,
    const char *prefix, const char *suffix);
void rv_cols_header(struct rv_out *o, const struct rv_cols *c, const struct rv_in *in);
/* Write one row: the input fields with overwritten ones replaced, then the
 * appended ones. vals[k] is tool column k. */
void rv_cols_row(struct rv_out *o, const struct rv_cols *c, const struct rv_field *f,
    size_t nf, const struct rv_field *vals);
void rv_cols_free(struct rv_cols *c);

#endif
