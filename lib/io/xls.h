/* xls.h - BIFF .xls (Excel 97-2003 and older) through libfreexl.
 *
 * libfreexl reads the whole workbook when it opens it (BIFF cells are
 * not stored in row order, so a row needs all of them); rows are then
 * read cell by cell. Values: integers and numbers (shortest form that
 * reads back to the same double, at most 15 significant digits as Excel
 * shows), text (converted to UTF-8 by libfreexl from the workbook's code
 * page), and dates, times and date-times as libfreexl gives them
 * (YYYY-MM-DD, HH:MM:SS, YYYY-MM-DD HH:MM:SS). libfreexl does not tell
 * merged ranges or hidden sheets, and gives formula cells no value. */
#ifndef RV_XLS_H
#define RV_XLS_H

#include <stddef.h>

#include "sheet.h"

/* Returns the reader, or NULL with err set. */
struct rv_xls *rv_xls_open(const char *path, char *err, size_t errsz);
size_t rv_xls_nsheets(const struct rv_xls *x);
char **rv_xls_names(const struct rv_xls *x);
unsigned char *rv_xls_hidden(const struct rv_xls *x);
/* Start reading sheet i: 0, or -1 with err set. */
int rv_xls_select(struct rv_xls *x, size_t i, char *err, size_t errsz);
/* The sheet's column count, as the file declares it. */
size_t rv_xls_width(const struct rv_xls *x);
/* The next row (possibly blank): 1, 0 at the end, -1 with err and cell
 * (char[24]) set. */
int rv_xls_next(struct rv_xls *x, struct rv_srow **row, char *err, size_t errsz, char *cell);
void rv_xls_close(struct rv_xls *x);

/* A double as Excel shows it in a General cell: at most 15 significant
 * digits, no trailing zeros, no exponent below 1e15 ("0.1", "12345",
 * "1.5E+20"). out >= 32 bytes; returns the length. */
size_t rv_xls_number(char *out, double v);

#endif
