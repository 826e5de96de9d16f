/* input.c - multi-file TSV input with one header, and output column
 * mapping for filters. */
#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int
save_header(struct rv_in *in)
{
	size_t i;
	const char *base;

	rv_buf_clear(&in->hdrbuf);
	if (rv_buf_append(&in->hdrbuf, in->r.line, in->r.linelen) < 0)
		goto oom;
	free(in->hdr);
	in->nhdr = in->r.nf;
	in->hdr = malloc(in->nhdr * sizeof(*in->hdr));
	if (in->hdr == NULL)
		goto oom;
	base = in->hdrbuf.p;
	for (i = 0; i < in->nhdr; i++) {
		in->hdr[i].p = base + (in->r.f[i].p - in->r.line);
		in->hdr[i].len = in->r.f[i].len;
	}
	return RV_IN_OK;
oom:
	in->r.err = ENOMEM;
	return RV_IN_EIO;
}

int
rv_in_open(struct rv_in *in, char **files, int nfiles, int no_header)
{
	int rc;

	memset(in, 0, sizeof(*in));
	in->files = files;
	in->nfiles = nfiles;
	in->no_header = no_header;
	if (rv_tsv_open(&in->r, nfiles > 0 ? files[0] : NULL) < 0)
		return RV_IN_EIO;
	in->open = 1;
	if (no_header)
		return RV_IN_OK;
	rc = rv_tsv_next(&in->r);
	if (rc < 0)
		return RV_IN_EIO;
	if (rc == 0)
		return RV_IN_OK;
	return save_header(in);
}

int
rv_in_next(struct rv_in *in)
{
	int rc;

	for (;;) {
		rc = rv_tsv_next(&in->r);
		if (rc != 0)
			return rc < 0 ? RV_IN_EIO : 1;
		if (in->idx + 1 >= in->nfiles)
			return 0;
		rv_tsv_close(&in->r);
		in->open = 0;
		in->idx++;
		if (rv_tsv_open(&in->r, in->files[in->idx]) < 0)
			return RV_IN_EIO;
		in->open = 1;
		if (in->no_header)
			continue;
		rc = rv_tsv_next(&in->r);
		if (rc < 0)
			return RV_IN_EIO;
		if (rc == 0)
			continue;
		if (in->hdr == NULL)
			save_header(in);
		else if (in->r.linelen != in->hdrbuf.len ||
		    memcmp(in->r.line, in->hdrbuf.p, in->hdrbuf.len) != 0)
			return RV_IN_EHEADER;
	}
}

long
rv_in_col(const struct rv_in *in, const char *spec)
{
	return rv_tsv_col(in->hdr, in->no_header ? 0 : in->nhdr, spec);
}

void
rv_in_close(struct rv_in *in)
{
	if (in->open)
		rv_tsv_close(&in->r);
	in->open = 0;
	free(in->hdr);
	in->hdr = NULL;
	rv_buf_free(&in->hdrbuf);
}

int
rv_cols_init(struct rv_cols *c, const struct rv_in *in, const char *const *names, size_t n)
{
	size_t i, k;

	memset(c, 0, sizeof(*c));
	c->n = n;
	c->nin = in->no_header ? 0 : in->nhdr;
	c->over = malloc((c->nin + 1) * sizeof(*c->over));
	c->appended = malloc((n + 1) * sizeof(*c->appended));
	if (c->over == NULL || c->appended == NULL)
		return -1;
	for (i = 0; i < c->nin; i++)
		c->over[i] = -1;
	for (k = 0; k < n; k++) {
		size_t len = strlen(names[k]);
		c->appended[k] = 1;
		for (i = 0; i < c->nin; i++)
			if (in->hdr[i].len == len && memcmp(in->hdr[i].p, names[k], len) == 0) {
				c->over[i] = (long)k;
				c->appended[k] = 0;
				break;
			}
	}
	return 0;
}

void
rv_cols_header(struct rv_out *o, const struct rv_cols *c, const struct rv_in *in,
    const char *const *names)
{
	size_t k;
	int first = 1;

	if (in->hdrbuf.len > 0 || c->nin > 0) {
		rv_out_write(o, in->hdrbuf.p, in->hdrbuf.len);
		first = 0;
	}
	for (k = 0; k < c->n; k++) {
		if (!c->appended[k])
			continue;
		if (!first)
			rv_out_tab(o);
		rv_out_puts(o, names[k]);
		first = 0;
	}
	rv_out_eol(o);
}

void
rv_cols_row(struct rv_out *o, const struct rv_cols *c, const struct rv_field *f,
    size_t nf, const struct rv_field *vals)
{
	size_t i, k;

	for (i = 0; i < nf; i++) {
		if (i > 0)
			rv_out_tab(o);
		if (i < c->nin && c->over[i] >= 0) {
			const struct rv_field *v = &vals[c->over[i]];
			rv_out_field(o, v->p, v->len);
		} else
			rv_out_write(o, f[i].p, f[i].len);
	}
	for (k = 0; k < c->n; k++) {
		if (!c->appended[k])
			continue;
		if (nf > 0 || k > 0)
			rv_out_tab(o);
		rv_out_field(o, vals[k].p, vals[k].len);
	}
	rv_out_eol(o);
}

void
rv_cols_free(struct rv_cols *c)
{
	free(c->over);
	free(c->appended);
	c->over = NULL;
	c->appended = NULL;
}
