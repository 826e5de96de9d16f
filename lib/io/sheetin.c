/* sheetin.c - spreadsheet records for rv-import (see sheetin.h). */
#include "sheetin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
set_where(struct rv_sheetin *in, size_t col, unsigned long row)
{
	char ref[24];

	rv_sheet_cellref(ref, col, row);
	snprintf(in->where, sizeof(in->where), "%s!%s", rv_sheetin_sheet(in), ref);
}

static int
nomem(struct rv_sheetin *in)
{
	snprintf(in->s.err, sizeof(in->s.err), "%s", strerror(ENOMEM));
	in->where[0] = '\0';
	return -1;
}

const char *
rv_sheetin_sheet(const struct rv_sheetin *in)
{
	return in->s.nsheets > 0 ? in->s.sheets[in->s.cur] : "";
}

int
rv_sheetin_open(struct rv_sheetin *in, const char *name, const char *path, const char *mem,
    size_t n, int kind, const struct rv_sheetin_opts *o)
{
	long i;

	memset(in, 0, sizeof(*in));
	in->o = *o;
	in->s.name = name;
	if (rv_sheet_open(&in->s, path, mem, n, kind) < 0)
		return -1;
	if ((i = rv_sheet_find(&in->s, o->sheet)) < 0) {
		if (o->sheet == NULL)
			snprintf(in->s.err, sizeof(in->s.err), "no visible worksheet in the workbook");
		else
			snprintf(in->s.err, sizeof(in->s.err), "no sheet '%s' (there are %zu; see --list-sheets)",
			    o->sheet, in->s.nsheets);
		return -2;
	}
	if (rv_sheet_select(&in->s, (size_t)i, o->fill_merged) < 0) {
		snprintf(in->where, sizeof(in->where), "%s%s%s", rv_sheetin_sheet(in),
		    in->s.cell[0] ? "!" : "", in->s.cell);
		return -1;
	}
	return 0;
}

/* Read the next row of the sheet: 1, 0, or -1 with where set. */
static int
read_row(struct rv_sheetin *in)
{
	int rc = rv_sheet_next(&in->s);

	if (rc < 0)
		snprintf(in->where, sizeof(in->where), "%s%s%s", rv_sheetin_sheet(in),
		    in->s.cell[0] ? "!" : "", in->s.cell);
	return rc;
}

static int
push(struct rv_sheetin *in, const struct rv_srow *r)
{
	struct rv_srow *c;
	size_t i;

	if (in->nq == RV_SHEETIN_LOOK + 1)
		return 0;
	if (in->q == NULL && (in->q = calloc(RV_SHEETIN_LOOK + 1, sizeof(*in->q))) == NULL)
		return -1;
	c = &in->q[in->nq++];
	rv_srow_reset(c, r->row);
	for (i = 0; i < r->n; i++)
		if (rv_srow_set(c, i, r->type[i], r->f[i].p, r->f[i].len) < 0)
			return -1;
	rv_srow_views(c);
	return 0;
}

/* Could row i of the queue be the header? Its cells are text (or
 * empty, or filled from a merged range), and its text cells are more
 * than half as many as the next row is wide: a header names (nearly)
 * every column of the table below it, where a title is one or two
 * cells, and merged header cells leave gaps. */
static int
header_like(const struct rv_sheetin *in, size_t i)
{
	const struct rv_srow *r = &in->q[i];
	size_t w = rv_srow_width(r), k, ntext = 0;

	for (k = 0; k < w; k++) {
		if (r->type[k] == RV_CELL_TEXT)
			ntext++;
		else if (r->type[k] != RV_CELL_EMPTY && r->type[k] != RV_CELL_FILLED)
			return 0;
	}
	return ntext > 0 && (i + 1 == in->nq || 2 * ntext > rv_srow_width(&in->q[i + 1]));
}

/* Fill the queue and choose the header; rows above it are dropped. */
static int
start(struct rv_sheetin *in)
{
	size_t i, h = 0, w = 0;
	int rc = 1;

	in->started = 1;
	while (in->nq < (in->o.header_row ? 1 : RV_SHEETIN_LOOK + 1)) {
		if ((rc = read_row(in)) <= 0)
			break;
		if (in->o.header_row && in->s.row->row < in->o.header_row)
			continue;
		if (push(in, in->s.row) < 0)
			return nomem(in);
	}
	if (rc < 0 && in->nq == 0)
		return -1;
	if (rc < 0) {
		/* Kept for after the rows read before it (rv_sheetin_next). */
		in->failed = 1;
		memcpy(in->failed_where, in->where, sizeof(in->where));
	}
	if (in->nq == 0) {
		if (in->o.header_row) {
			snprintf(in->s.err, sizeof(in->s.err), "--header-row %lu: the sheet has no row there",
			    in->o.header_row);
			snprintf(in->where, sizeof(in->where), "%s", rv_sheetin_sheet(in));
			return -1;
		}
		return 0;
	}
	if (in->o.no_header) {
		for (i = 0; i < in->nq; i++)
			if (rv_srow_width(&in->q[i]) > w)
				w = rv_srow_width(&in->q[i]);
		in->width = w;
		snprintf(in->note, sizeof(in->note), "no header; %zu columns (the widest of the first %zu rows)",
		    w, in->nq);
		return 1;
	}
	if (in->o.header_row) {
		if (in->q[0].row != in->o.header_row) {
			snprintf(in->s.err, sizeof(in->s.err), "--header-row %lu: row %lu is blank",
			    in->o.header_row, in->o.header_row);
			snprintf(in->where, sizeof(in->where), "%s", rv_sheetin_sheet(in));
			return -1;
		}
		snprintf(in->note, sizeof(in->note), "header: row %lu (given)", in->q[0].row);
	} else {
		/* With a full queue, the last row is there only to look at. */
		size_t ncand = in->nq > RV_SHEETIN_LOOK ? RV_SHEETIN_LOOK : in->nq;
		for (h = 0; h < ncand && !header_like(in, h); h++)
			;
		if (h == ncand)
			h = 0;
		if (h > 0)
			snprintf(in->note, sizeof(in->note),
			    "header: row %lu (the first all-text row that spans the table below it; %zu row%s above skipped)",
			    in->q[h].row, h, h == 1 ? "" : "s");
		else if (header_like(in, 0))
			snprintf(in->note, sizeof(in->note), "header: row %lu (the first)", in->q[0].row);
		else
			snprintf(in->note, sizeof(in->note),
			    "header: row %lu (the first; no all-text row that spans the table below it in the first %d)",
			    in->q[0].row, RV_SHEETIN_LOOK);
	}
	in->qhead = h;
	in->width = rv_srow_width(&in->q[h]);
	/* Merged header cells at the end leave the header narrower than
	 * the row below it: the columns past it have empty names. */
	if (!in->o.header_row && h + 1 < in->nq && rv_srow_width(&in->q[h + 1]) > in->width)
		in->width = rv_srow_width(&in->q[h + 1]);
	return 1;
}

/* Make r the current record. */
static int
take(struct rv_sheetin *in, struct rv_srow *r)
{
	size_t w = rv_srow_width(r);

	if (r->n < in->width && rv_srow_set(r, in->width - 1, RV_CELL_EMPTY, "", 0) < 0)
		return nomem(in);
	rv_srow_views(r);
	in->f = r->f;
	in->nf = w > in->width ? w : in->width;
	in->row = r->row;
	if (w > in->width) {
		size_t c = in->width;
		while (c < w && r->f[c].len == 0)
			c++;
		set_where(in, c, r->row);
	} else if (!in->header_done) {
		set_where(in, 0, r->row);
	}
	in->header_done = 1;
	return 1;
}

int
rv_sheetin_next(struct rv_sheetin *in)
{
	int rc;

	if (!in->started && (rc = start(in)) <= 0)
		return rc;
	if (in->qhead < in->nq)
		return take(in, &in->q[in->qhead++]);
	if (in->failed) {
		memcpy(in->where, in->failed_where, sizeof(in->where));
		return -1;
	}
	if ((rc = read_row(in)) <= 0)
		return rc;
	return take(in, in->s.row);
}

void
rv_sheetin_close(struct rv_sheetin *in)
{
	size_t i;

	for (i = 0; in->q != NULL && i < RV_SHEETIN_LOOK + 1; i++)
		rv_srow_free(&in->q[i]);
	free(in->q);
	in->q = NULL;
	rv_sheet_close(&in->s);
}
