/* textcols.h - the text a text tool reads from a row: one column, or
 * several (-t title,text) read as one text, in the order given. */
#ifndef RV_TEXTCOLS_H
#define RV_TEXTCOLS_H

#include <stddef.h>

#include "buf.h"
#include "input.h"
#include "tsv.h"

#define RV_TEXTCOLS_MAX 16

struct rv_textcols {
	long col[RV_TEXTCOLS_MAX];	/* column indexes, in the order given */
	size_t n;
	long max;			/* the largest index */
	struct rv_buf buf;		/* the joined text of several columns */
	size_t head;			/* bytes of it before the last non-empty
					 * field (a title and its separator) */
};

/* Resolve spec: a column name or number, or a comma-separated list of
 * them (a header name holding a comma is taken whole first). Dies as
 * rv_cli_col does when a column is missing, and with a usage error on
 * an empty item or more than RV_TEXTCOLS_MAX columns. */
void rv_textcols_init(struct rv_textcols *tc, const struct rv_in *in, const char *spec);
/* The row's text: with one column the field itself; with several the
 * non-empty fields joined by ". " (by " " after a field that ends in
 * sentence punctuation), so a title reads as a sentence of its own.
 * tc->head is set to the bytes before the last non-empty field (0 when
 * there is at most one): the headings, for rv-sentiment. Valid until the
 * next call. Exits on OOM. */
struct rv_field rv_textcols_get(struct rv_textcols *tc, const struct rv_field *f);
void rv_textcols_free(struct rv_textcols *tc);

#endif
