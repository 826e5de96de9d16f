/* sheetin.h - the records rv-import takes from a spreadsheet: a sheet
 * chosen by name or number, title rows above the header skipped, and
 * every row as many fields as the header.
 *
 * The header is, unless given (header_row), the first row whose cells
 * are all text (empty ones aside) and more than half as many as the next
 * row is wide: a header names the columns of the table below it, a
 * title is one or two cells, or sits beside a date. When no row of the
 * first RV_SHEETIN_LOOK is one, the first row is the header, as in a CSV
 * file. Those rows are held until the header is found; after it, one row
 * at a time. A read error among them (a bad CRC, found at the end of the
 * sheet, or bad XML) comes after the rows read before it, as it does
 * later in the sheet: the header is then chosen among those rows. The header is as wide as its last cell, or as the row
 * below it when that is wider (merged cells at the end of the header).
 *
 * Every record has the header's width: shorter rows (Excel leaves out
 * empty cells at the end) get empty fields; a row with a value right of
 * the header's last column comes with more fields, and where names its
 * first such cell, for rv-import to reject. */
#ifndef RV_SHEETIN_H
#define RV_SHEETIN_H

#include <stddef.h>

#include "sheet.h"
#include "tsv.h"

enum { RV_SHEETIN_LOOK = 50 };

struct rv_sheetin_opts {
	const char *sheet;	/* a name or 1-based number; NULL: the first visible */
	unsigned long header_row;	/* the header's row number; 0: find it */
	int no_header;		/* every row is data; width: the widest of the first rows */
	int fill_merged;
};

struct rv_sheetin {
	struct rv_sheet s;
	struct rv_sheetin_opts o;
	/* The current record: f[0..nf), valid until the next call. */
	struct rv_field *f;
	size_t nf;
	unsigned long row;	/* its row number in the sheet */
	size_t width;		/* fields of every record (set with the first) */
	char where[600];	/* "SHEET!C7": the first cell right of width (or
				 * the first record's A cell) */
	char note[300];		/* which row is the header and why (for -v) */
	/* Rows read ahead while looking for the header. */
	struct rv_srow *q;
	size_t nq, qhead;
	int started;
	int header_done;	/* the first record was taken */
	/* A read error while looking ahead for the header: the rows read
	 * before it are records first (as after the header, where rows come
	 * one at a time), then rv_sheetin_next returns -1 with this where. */
	int failed;
	char failed_where[600];
};

/* Open path (NULL: mem[0..n), standard input) as kind (rv_sheet_sniff)
 * and select the sheet. name is the file name for messages. Returns 0,
 * or -1 with in->s.err (and in->where when a sheet is concerned) set;
 * -2 when the sheet asked for is not there. */
int rv_sheetin_open(struct rv_sheetin *in, const char *name, const char *path, const char *mem,
    size_t n, int kind, const struct rv_sheetin_opts *o);
/* The next record (the header first, unless no_header): 1, 0 at the end,
 * -1 with in->s.err and in->where set. */
int rv_sheetin_next(struct rv_sheetin *in);
/* The sheet's name. */
const char *rv_sheetin_sheet(const struct rv_sheetin *in);
void rv_sheetin_close(struct rv_sheetin *in);

#endif
