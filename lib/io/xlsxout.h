/* xlsxout.h - TSV rows to an .xlsx workbook through libxlsxwriter in its
 * constant-memory mode (each row goes to a temporary file as it is
 * written, so memory does not grow with the rows). Each sheet gets a
 * bold, frozen header row with an auto-filter and column widths fitted
 * to the content; fields become numbers, dates or text by the rules of
 * sheet.h. A sheet that reaches the row limit continues on a new sheet
 * (NAME_2, NAME_3, ...) that repeats the header. */
#ifndef RV_XLSXOUT_H
#define RV_XLSXOUT_H

#include <stddef.h>

#include "tsv.h"

/* Excel's limits: rows and columns of a sheet, characters of a cell. */
enum { RV_XLSXW_ROWS = 1048576, RV_XLSXW_COLS = 16384, RV_XLSXW_CELL_MAX = 32767 };

struct rv_xlsxw_opts {
	unsigned long max_rows;	/* rows per sheet, header included: 2..RV_XLSXW_ROWS */
	double max_width;	/* column width cap in characters; wider text wraps */
	int unescape;		/* undo \t \n \r \\ escapes in text (rv_unesc) */
	int numbers;		/* numbers become numbers (else text) */
	int dates;		/* dates and date-times become Excel dates (else text) */
	int id_columns;		/* identifier columns by header name stay text */
};

/* What rv_xlsxw_row did besides writing the row (bits of x->flags). */
enum {
	RV_XLSXW_NEWSHEET = 1,	/* the sheet was full: the row starts a new one */
	RV_XLSXW_CUT = 2,	/* a cell was cut to RV_XLSXW_CELL_MAX characters */
	RV_XLSX_BADUTF8 = 4	/* invalid UTF-8 or NUL bytes became U+FFFD */
};

struct rv_xlsxw;

/* Start a workbook written to path at rv_xlsxw_close (NULL: written to
 * standard output then, through a temporary file, since a zip file
 * cannot be written to a pipe). The file is created now, so that a bad
 * path fails before any input is read. Returns NULL with *err set to an
 * errno value (ENOMEM, or the error creating the file). */
struct rv_xlsxw *rv_xlsxw_open(const char *path, const struct rv_xlsxw_opts *o, int *err);
/* Start a sheet named name (valid: rv_sheet_name_bad; "_2" is appended
 * when a sheet of that name exists). hdr[0..nhdr) is the header row, or
 * hdr NULL for none. Returns the sheet's name (valid until the next
 * sheet starts), or NULL (rv_xlsxw_error). */
const char *rv_xlsxw_sheet(struct rv_xlsxw *x, const char *name, const struct rv_field *hdr,
    size_t nhdr);
/* Write one data row. Returns 0 (x's flags say what else happened), or
 * -1 (rv_xlsxw_error: too many columns, out of memory). */
int rv_xlsxw_row(struct rv_xlsxw *x, const struct rv_field *f, size_t nf);
/* RV_XLSXW_* bits for the last rv_xlsxw_row call. */
int rv_xlsxw_flags(const struct rv_xlsxw *x);
/* The name of the sheet being written, and of the sheet before it. */
const char *rv_xlsxw_sheet_name(const struct rv_xlsxw *x);
const char *rv_xlsxw_prev_name(const struct rv_xlsxw *x);
/* Finish and write the file, then free x. Returns 0, or -1 with *msg set
 * to a static description of the failure (and a partial regular output
 * file removed). */
int rv_xlsxw_close(struct rv_xlsxw *x, const char **msg);
/* Free x without writing anything (after an error). */
void rv_xlsxw_abort(struct rv_xlsxw *x);
/* Why the last call failed. */
const char *rv_xlsxw_error(const struct rv_xlsxw *x);

#endif
