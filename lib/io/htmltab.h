/* htmltab.h - HTML tables read as sheets: the ".xls" files that older
 * back ends and Excel's "Web page" export write are HTML.
 *
 * The file is held in memory, converted to UTF-8 (the charset of a
 * <meta> tag, else UTF-8 when it is valid, else GB18030). Each top-level
 * <table> is a sheet, named table1, table2, ...; each <tr> a row; each
 * <td> or <th> a cell, whose text is the text between its tags with
 * entities decoded (&nbsp; as a space), runs of white space as one space,
 * <br> and the ends of <p> and <div> as a line break, spaces around
 * those and at both ends trimmed. Tags, comments, <script> and <style>
 * are left out. colspan and rowspan take the columns and rows they span
 * (filled with the cell's text with fill_merged, else empty). */
#ifndef RV_HTMLTAB_H
#define RV_HTMLTAB_H

#include <stddef.h>

#include "sheet.h"

/* Read p[0..n). Returns the reader, or NULL with err set. */
struct rv_htmltab *rv_htmltab_open(const char *p, size_t n, char *err, size_t errsz);
size_t rv_htmltab_ntables(const struct rv_htmltab *h);
char **rv_htmltab_names(const struct rv_htmltab *h);
unsigned char *rv_htmltab_hidden(const struct rv_htmltab *h);
/* Start reading table i. Returns 0. */
int rv_htmltab_select(struct rv_htmltab *h, size_t i, int fill_merged);
/* The next row (possibly blank): 1, 0 at the end of the table, -1 with
 * err and cell (char[24]) set. */
int rv_htmltab_next(struct rv_htmltab *h, struct rv_srow **row, char *err, size_t errsz,
    char *cell);
void rv_htmltab_close(struct rv_htmltab *h);

/* Decode the character reference at p[0..n) (p[0] is '&') into out
 * (>= 8 bytes): returns the bytes of p used and sets *outlen, or 0 when
 * it is not one (the '&' is then literal). */
size_t rv_htmltab_entity(const char *p, size_t n, char *out, size_t *outlen);

#endif
