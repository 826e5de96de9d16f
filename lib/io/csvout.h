/* csvout.h - TSV rows as CSV that Excel opens as it is: UTF-8 with a
 * byte-order mark (or another encoding through iconv, without one),
 * CRLF line ends, RFC 4180 quotes where a field needs them. */
#ifndef RV_CSVOUT_H
#define RV_CSVOUT_H

#include <stddef.h>

#include "buf.h"
#include "enc.h"
#include "tsv.h"

struct rv_csvout {
	struct rv_out *o;
	char delim;
	int unescape;		/* undo \t \n \r \\ escapes (rv_unesc) */
	int encode;		/* convert from UTF-8 through enc */
	struct rv_dec enc;
	struct rv_buf line, conv, tmp;
	unsigned long nbad;	/* rows with bytes the encoding could not take */
};

/* encoding: "UTF-8" (a BOM is written first) or an iconv name such as
 * "GB18030". Returns 0, or -1 (errno: EINVAL unknown encoding, ENOMEM). */
int rv_csvout_open(struct rv_csvout *w, struct rv_out *o, const char *encoding, char delim,
    int unescape);
/* Write f[0..nf) and then empty fields up to width fields. Returns 0,
 * 1 when an invalid UTF-8 byte could not be converted (it is written
 * through raw; counted in nbad), or -1 on OOM. */
int rv_csvout_row(struct rv_csvout *w, const struct rv_field *f, size_t nf, size_t width);
void rv_csvout_close(struct rv_csvout *w);

#endif
