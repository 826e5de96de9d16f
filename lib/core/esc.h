/* esc.h - bytes of a data field made visible for a message: a NUL or
 * another control byte in "unknown category 'a\0b'" must not end or
 * garble the message. */
#ifndef RV_ESC_H
#define RV_ESC_H

#include <stddef.h>

struct rv_buf;

/* Write p[0..n) into out (outlen bytes, NUL-terminated) with \0 \t \n \r
 * \\ for those bytes and \xHH for other bytes below 0x20 and 0x7F. At most
 * max bytes of p are shown (cut at a UTF-8 character start), then "...".
 * Returns out. */
const char *rv_esc(char *out, size_t outlen, const char *p, size_t n, size_t max);

/* Undo the escapes "rv-import --escape" writes, appending p[0..n) to out:
 * \t \n \r and \\ become TAB, LF, CR and one backslash. "\0" and a
 * backslash before any other byte (or at the end) are kept as they are:
 * a spreadsheet cell cannot hold NUL, and "C:\data" stays a path.
 * Returns 0, or -1 on OOM. */
int rv_unesc(struct rv_buf *out, const char *p, size_t n);

#endif
