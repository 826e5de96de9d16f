/* xlsx.h - streaming .xlsx (Office Open XML) reader.
 *
 * Zip entries are inflated through libzip (zip_fread, 256 KiB at a time,
 * in a second thread) and parsed as they come by the scanner of
 * xmlscan.h (UTF-8 parts) or expat (others); no DOM is built. What is
 * held in memory is what a cell may refer to: the shared strings, the
 * number format of each cell style, and the merged ranges (with
 * fill_merged); a sheet's rows are parsed one at a time (the parse stops
 * at each </row>). The sheet is read to the end of its entry, after
 * </sheetData>, for libzip to check its CRC-32.
 *
 * Values: shared and inline strings (rich-text runs joined, phonetic runs
 * left out, _xHHHH_ escapes decoded), numbers exactly as written in the
 * XML, booleans as TRUE/FALSE, error values (#N/A), formulas by their
 * cached value, and numbers whose format is a date or time format as
 * ISO 8601 (sheet.h rv_sheet_serial). */
#ifndef RV_XLSX_H
#define RV_XLSX_H

#include <stddef.h>

#include "sheet.h"

/* What a number format shows. */
enum { RV_XF_NUMBER = 0, RV_XF_DATE, RV_XF_TIME, RV_XF_DATETIME };

/* The kind of a format code: y, d (and m without h or s) make a date,
 * h and s a time, as do the elapsed [h], [mm], [ss]; text in quotes,
 * in other [brackets] (colours, conditions, locales), after a
 * backslash, _ or * does not count. */
int rv_xlsx_fmt_kind(const char *code);
/* The kind of built-in format id (14-22 and 45-47, and the East Asian
 * date and time formats 27-36 and 50-58). */
int rv_xlsx_builtin_kind(unsigned id);

/* Decode _xHHHH_ escapes in b[start..len) in place. */
void rv_xlsx_unescape(struct rv_buf *b, size_t start);

/* Open path (or mem[0..n) when path is NULL) and read the workbook, its
 * relationships, the styles and the shared strings. Returns the reader,
 * or NULL with err (size errsz) set. The sheet list goes to nsheets,
 * names, hidden (see struct rv_sheet). */
struct rv_xlsx *rv_xlsx_open(const char *path, const char *mem, size_t n, char *err,
    size_t errsz);
size_t rv_xlsx_nsheets(const struct rv_xlsx *x);
char **rv_xlsx_names(const struct rv_xlsx *x);
unsigned char *rv_xlsx_hidden(const struct rv_xlsx *x);
/* Start reading sheet i. fill_merged: first read the sheet's mergeCells
 * (a first pass over the entry, which stores them at its end). Returns
 * 0, or -1 with err/cell set (cell: char[24]). */
int rv_xlsx_select(struct rv_xlsx *x, size_t i, int fill_merged, char *err, size_t errsz,
    char *cell);
/* The sheet's width from its dimension element (read before the first
 * row), or 0. */
size_t rv_xlsx_width(const struct rv_xlsx *x);
/* The next row (possibly blank): 1, 0 at the end, -1 with err/cell set. */
int rv_xlsx_next(struct rv_xlsx *x, struct rv_srow **row, char *err, size_t errsz, char *cell);
void rv_xlsx_close(struct rv_xlsx *x);

#endif
