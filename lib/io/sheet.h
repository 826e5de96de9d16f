/* sheet.h - spreadsheet input for rv-import: .xlsx (xlsx.h), BIFF .xls
 * (xls.h) and HTML tables saved as ".xls" (htmltab.h), told apart by
 * their first bytes, read one row at a time through one interface.
 *
 * A row is a list of cells by column (A = 0); a cell the sheet does not
 * have (an empty cell, a skipped column r="C7") is an empty string in its
 * place. Each cell also has a type, so that rv-import can tell a title or
 * header row (all text) from data. */
#ifndef RV_SHEET_H
#define RV_SHEET_H

#include <stddef.h>

#include "buf.h"
#include "tsv.h"

/* What the first bytes of a file say it is. */
enum { RV_SHEET_NONE = 0, RV_SHEET_XLSX, RV_SHEET_XLS, RV_SHEET_HTML };

/* Cell types. RV_CELL_FILLED: empty in the sheet, filled with the value
 * of the merged range (or colspan/rowspan) it belongs to. */
enum { RV_CELL_EMPTY = 0, RV_CELL_TEXT, RV_CELL_NUM, RV_CELL_BOOL, RV_CELL_DATE, RV_CELL_ERROR,
	RV_CELL_FILLED };

/* The widest sheet Excel writes (column XFD); cells beyond are an error. */
enum { RV_SHEET_MAXCOL = 16384 };

/* One row. Cells are stored back to back in buf (a later value for the
 * same column is appended and wins); rv_srow_views() points f[] at them. */
struct rv_srow {
	unsigned long row;	/* 1-based row number in the sheet */
	size_t n;		/* cells 0..n) (the last may be empty) */
	size_t cap;
	size_t *off;		/* [cap]: cell i is buf.p[off[i]..off[i]+f[i].len) */
	unsigned char *type;	/* [cap]: RV_CELL_* */
	struct rv_field *f;	/* [cap]: views, valid after rv_srow_views() */
	struct rv_buf buf;
};

/* Start row number row (no cells). */
void rv_srow_reset(struct rv_srow *r, unsigned long row);
/* Set cell col (0-based) to p[0..n) of type type; columns before it that
 * have no cell become empty ones. Returns 0, or -1 on OOM. */
int rv_srow_set(struct rv_srow *r, size_t col, int type, const char *p, size_t n);
/* Point f[0..n) at the cell bytes. */
void rv_srow_views(struct rv_srow *r);
/* Number of cells up to the last non-empty one (0: a blank row). */
size_t rv_srow_width(const struct rv_srow *r);
void rv_srow_free(struct rv_srow *r);

/* "C7" for column 2, row 7; out >= 24 bytes. */
void rv_sheet_cellref(char *out, size_t col, unsigned long row);
/* Parse "C7" (also "$C$7"): column (0-based) and row (1-based, 0 when
 * there is no row part). Returns the bytes used, 0 when malformed. */
size_t rv_sheet_parse_ref(const char *p, size_t n, size_t *col, unsigned long *row);

/* Excel serial date (days since 1899-12-31 with the 1900 leap-year bug,
 * or since 1904-01-01) to "YYYY-MM-DD", "HH:MM:SS" or
 * "YYYY-MM-DD HH:MM:SS" (kind RV_XF_DATE/TIME/DATETIME of xlsx.h),
 * fractions of a second as ".fff" when not zero. out >= 32 bytes.
 * Returns the length, or 0 when the serial is out of range (negative,
 * after 9999-12-31, not a number). */
size_t rv_sheet_serial(char *out, double serial, int date1904, int kind);

/* What p[0..n), the start of a file, is (RV_SHEET_*): "PK\3\4" (a zip
 * file; opening it checks that it holds a workbook), the OLE2 signature
 * D0 CF 11 E0 A1 B1 1A E1, or markup: <html, <table or <!DOCTYPE html
 * first (after a UTF-8 BOM and white space), or '<' first and <html or
 * <table further on. */
int rv_sheet_sniff(const unsigned char *p, size_t n);
/* What the file at path (NULL: standard input) is, from its first bytes
 * (up to presz, read into pre). Only regular files and standard input
 * are looked at (anything else is RV_SHEET_NONE: the CSV reader says
 * what is wrong with it). *npre: the bytes of standard input read (no
 * longer in the descriptor), 0 for a file. Returns the kind, or -1 with
 * errno set when reading failed. */
int rv_sheet_sniff_file(const char *path, char *pre, size_t presz, size_t *npre);
/* pre[0..npre) and the rest of standard input into mem. Returns 0, or -1
 * with errno set (ENOMEM, a read error). */
int rv_sheet_read_stdin(struct rv_buf *mem, const char *pre, size_t npre);

struct rv_xlsx;
struct rv_xls;
struct rv_htmltab;

/* An open spreadsheet file and its selected sheet. */
struct rv_sheet {
	int kind;		/* RV_SHEET_* */
	const char *name;	/* file name for messages */
	size_t nsheets;
	char **sheets;		/* [nsheets] sheet names (owned by the reader) */
	unsigned char *hidden;	/* [nsheets] 1: hidden, 2: very hidden, 3: not a worksheet */
	size_t cur;		/* the selected sheet */
	struct rv_srow *row;	/* the current row (rv_sheet_next) */
	size_t width;		/* the sheet's declared width (dimension), 0 if unknown */
	/* After a failure: what went wrong, and where (cell may be ""). */
	char err[512];
	char cell[24];
	struct rv_xlsx *xlsx;
	struct rv_xls *xls;
	struct rv_htmltab *html;
	char *tmp;		/* a temporary copy of standard input (BIFF), removed once read */
};

/* Open path (NULL or "-": mem[0..n), standard input read by the caller)
 * as kind. Returns 0, or -1 with s->err set. */
int rv_sheet_open(struct rv_sheet *s, const char *path, const char *mem, size_t n, int kind);
/* The sheet named spec, else numbered spec (1-based); NULL spec: the
 * first visible worksheet. Returns its index or -1. */
long rv_sheet_find(const struct rv_sheet *s, const char *spec);
/* Read sheet i from its first row; fill_merged: merged cells (HTML
 * colspan/rowspan) repeat the value of their first cell. Returns 0 or -1. */
int rv_sheet_select(struct rv_sheet *s, size_t i, int fill_merged);
/* The next row in s->row, views set: 1, 0 at the end of the sheet, -1
 * on an error (s->err, s->cell). Rows with no cell at all are skipped. */
int rv_sheet_next(struct rv_sheet *s);
void rv_sheet_close(struct rv_sheet *s);

#endif
