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

/* Open files[idx] (stdin when there are none). */
static int
open_file(struct rv_in *in)
{
	if (rv_tsv_open(&in->r, in->nfiles > 0 ? in->files[in->idx] : NULL) < 0)
		return RV_IN_EIO;
	in->open = 1;
	return RV_IN_OK;
}

/* Close the current file and open the next. Returns 1, 0 when there is
 * none, or RV_IN_EIO. */
static int
next_file(struct rv_in *in)
{
	if (in->idx + 1 >= in->nfiles)
		return 0;
	rv_tsv_close(&in->r);
	in->open = 0;
	in->idx++;
	return open_file(in) < 0 ? RV_IN_EIO : 1;
}

int
rv_in_open(struct rv_in *in, char **files, int nfiles, int no_header)
{
	int rc;

	memset(in, 0, sizeof(*in));
	in->files = files;
	in->nfiles = nfiles;
	in->no_header = no_header;
	if (open_file(in) < 0)
		return RV_IN_EIO;
	if (no_header)
		return RV_IN_OK;
	/* The header is the first line of the first file that has one: an
	 * empty file (an empty chunk, a failed export) is no reason to
	 * ignore the files after it. */
	while ((rc = rv_tsv_next(&in->r)) == 0)
		if ((rc = next_file(in)) <= 0)
			return rc < 0 ? RV_IN_EIO : RV_IN_OK;
	if (rc < 0)
		return RV_IN_EIO;
	return save_header(in);
}

/* Is the current line the header again (parallel --pipe --header, cat of
 * files or chunks with headers)? A BOM before it does not matter. */
static int
is_header(const struct rv_in *in)
{
	const char *p = in->r.line;
	size_t n = in->r.linelen;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 && n - 3 == in->hdrbuf.len) {
		p += 3;
		n -= 3;
	}
	return n == in->hdrbuf.len && memcmp(p, in->hdrbuf.p, n) == 0;
}

int
rv_in_next(struct rv_in *in)
{
	int rc;

	for (;;) {
		rc = rv_tsv_next(&in->r);
		if (rc < 0)
			return RV_IN_EIO;
		if (rc > 0) {
			if (in->hdr == NULL || in->hdrbuf.len == 0 || !is_header(in))
				return 1;
			if (in->nrepeat++ == 0) {
				in->repeat_name = in->r.name;
				in->repeat_line = in->r.lineno;
			}
			continue;
		}
		if ((rc = next_file(in)) <= 0)
			return rc < 0 ? RV_IN_EIO : 0;
		if (in->no_header)
			continue;
		rc = rv_tsv_next(&in->r);
		if (rc < 0)
			return RV_IN_EIO;
		if (rc == 0)
			continue;
		if (in->hdr == NULL) {
			if (save_header(in) < 0)
				return RV_IN_EIO;
		} else if (in->r.linelen != in->hdrbuf.len ||
		    memcmp(in->r.line, in->hdrbuf.p, in->hdrbuf.len) != 0)
			return in->other_headers ? 1 : RV_IN_EHEADER;
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

long
rv_in_col_dup(const struct rv_in *in, long i)
{
	size_t j;

	if (in->no_header || in->hdr == NULL || i < 0 || (size_t)i >= in->nhdr)
		return -1;
	for (j = (size_t)i + 1; j < in->nhdr; j++)
		if (in->hdr[j].len == in->hdr[i].len &&
		    memcmp(in->hdr[j].p, in->hdr[i].p, in->hdr[i].len) == 0)
			return (long)j;
	return -1;
}

static char *
join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	if (s != NULL) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb);
		memcpy(s + la + lb, c, lc + 1);
	}
	return s;
}

int
rv_cols_init(struct rv_cols *c, const struct rv_in *in, const char *const *names, size_t n,
    const char *prefix, const char *suffix)
{
	size_t i, k;

	memset(c, 0, sizeof(*c));
	c->n = n;
	c->nin = in->no_header ? 0 : in->nhdr;
	c->over = malloc((c->nin + 1) * sizeof(*c->over));
	c->at = malloc((n + 1) * sizeof(*c->at));
	c->appended = malloc((n + 1) * sizeof(*c->appended));
	c->names = calloc(n + 1, sizeof(*c->names));
	if (c->over == NULL || c->at == NULL || c->appended == NULL || c->names == NULL)
		return -1;
	for (i = 0; i < c->nin; i++)
		c->over[i] = -1;
	for (k = 0; k < n; k++) {
		size_t len;
		if ((c->names[k] = join3(prefix ? prefix : "", names[k], suffix ? suffix : "")) == NULL)
			return -1;
		len = strlen(c->names[k]);
		c->appended[k] = 1;
		c->at[k] = -1;
		for (i = 0; i < c->nin; i++)
			if (in->hdr[i].len == len && memcmp(in->hdr[i].p, c->names[k], len) == 0) {
				c->over[i] = (long)k;
				c->at[k] = (long)i;
				c->appended[k] = 0;
				break;
			}
	}
	return 0;
}

void
rv_cols_header(struct rv_out *o, const struct rv_cols *c, const struct rv_in *in)
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
		rv_out_puts(o, c->names[k]);
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
	size_t k;

	for (k = 0; c->names != NULL && k < c->n; k++)
		free(c->names[k]);
	free(c->names);
	free(c->over);
	free(c->at);
	free(c->appended);
	c->names = NULL;
	c->over = c->at = NULL;
	c->appended = NULL;
}
