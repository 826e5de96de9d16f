/* sheet.c - spreadsheet rows (see sheet.h): the row type, cell
 * references, Excel serial dates, reading a file's first bytes to tell its
 * kind, and the dispatch to the .xlsx, .xls and HTML readers. */
#include "sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "htmltab.h"
#include "isotime.h"
#include "tmpfile.h"
#include "xls.h"
#include "xlsx.h"

void
rv_srow_reset(struct rv_srow *r, unsigned long row)
{
	r->row = row;
	r->n = 0;
	r->buf.len = 0;
}

int
rv_srow_set(struct rv_srow *r, size_t col, int type, const char *p, size_t n)
{
	size_t i;

	if (col >= r->cap) {
		size_t nc = r->cap ? r->cap : 16;
		void *a;
		while (nc <= col)
			nc *= 2;
		if ((a = realloc(r->off, nc * sizeof(*r->off))) == NULL)
			return -1;
		r->off = a;
		if ((a = realloc(r->type, nc)) == NULL)
			return -1;
		r->type = a;
		if ((a = realloc(r->f, nc * sizeof(*r->f))) == NULL)
			return -1;
		r->f = a;
		r->cap = nc;
	}
	for (i = r->n; i < col; i++) {
		r->off[i] = 0;
		r->f[i].len = 0;
		r->type[i] = RV_CELL_EMPTY;
	}
	if (col >= r->n)
		r->n = col + 1;
	if (rv_buf_reserve(&r->buf, n + 1) < 0)
		return -1;
	r->off[col] = r->buf.len;
	r->f[col].len = n;
	r->type[col] = (unsigned char)(n > 0 ? type : RV_CELL_EMPTY);
	if (n > 0)
		memcpy(r->buf.p + r->buf.len, p, n);
	r->buf.len += n;
	r->buf.p[r->buf.len] = '\0';
	return 0;
}

void
rv_srow_views(struct rv_srow *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		r->f[i].p = r->buf.p != NULL ? r->buf.p + r->off[i] : "";
}

size_t
rv_srow_width(const struct rv_srow *r)
{
	size_t n = r->n;

	while (n > 0 && r->f[n - 1].len == 0)
		n--;
	return n;
}

void
rv_srow_free(struct rv_srow *r)
{
	free(r->off);
	free(r->type);
	free(r->f);
	rv_buf_free(&r->buf);
	memset(r, 0, sizeof(*r));
}

void
rv_sheet_cellref(char *out, size_t col, unsigned long row)
{
	char letters[8];
	size_t k = sizeof(letters), c = col + 1;

	letters[--k] = '\0';
	while (c > 0 && k > 0) {
		letters[--k] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	snprintf(out, 24, "%s%lu", letters + k, row);
}

size_t
rv_sheet_parse_ref(const char *p, size_t n, size_t *col, unsigned long *row)
{
	size_t i = 0, c = 0, nl = 0;
	unsigned long r = 0;

	if (i < n && p[i] == '$')
		i++;
	for (; i < n && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')); i++) {
		if (++nl > 3)
			return 0;	/* XFD is the last column */
		c = c * 26 + (size_t)((p[i] | 0x20) - 'a' + 1);
	}
	if (nl == 0)
		return 0;
	if (i < n && p[i] == '$')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		if ((r = r * 10 + (unsigned long)(p[i] - '0')) > 100000000UL)
			return 0;
	*col = c - 1;
	*row = r;
	return i;
}

/* Two digits of v (< 100). */
static size_t
put2(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return 2;
}

size_t
rv_sheet_serial(char *out, double serial, int date1904, int kind)
{
	long long ms, days, z, y;
	unsigned m, d;
	size_t n = 0;
	int sec, frac;

	/* 2958465 (2957003 in the 1904 system) is 9999-12-31, the last day
	 * Excel shows. */
	if (!(serial >= 0) || serial >= (date1904 ? 2957004.0 : 2958466.0) || kind == 0)
		return 0;
	ms = llround(serial * 86400000.0);
	days = ms / 86400000;
	sec = (int)(ms % 86400000 / 1000);
	frac = (int)(ms % 1000);
	if (kind == 3 && days == 0 && !date1904)
		kind = 2;	/* a time of day alone, in a date-and-time format */
	if (kind != 2) {
		if (date1904) {
			z = rv_isotime_days(1904, 1, 1) + days;
		} else if (days == 60) {
			z = 0;	/* 1900-02-29, below */
		} else {
			z = rv_isotime_days(1899, 12, days < 60 ? 31 : 30) + days;
		}
		if (!date1904 && days == 60) {
			/* The day Lotus 1-2-3, and so Excel, counts in 1900. */
			y = 1900;
			m = 2;
			d = 29;
		} else {
			rv_isotime_civil(z, &y, &m, &d);
		}
		if (y > 9999)
			return 0;
		n = put2(out, (unsigned)(y / 100));
		n += put2(out + n, (unsigned)(y % 100));
		out[n++] = '-';
		n += put2(out + n, m);
		out[n++] = '-';
		n += put2(out + n, d);
		if (kind == 3)
			out[n++] = ' ';
	}
	if (kind != 1) {
		/* By hand: snprintf here was a tenth of reading a date column. */
		n += put2(out + n, (unsigned)(sec / 3600));
		out[n++] = ':';
		n += put2(out + n, (unsigned)(sec / 60 % 60));
		out[n++] = ':';
		n += put2(out + n, (unsigned)(sec % 60));
		if (frac != 0) {
			out[n++] = '.';
			out[n++] = (char)('0' + frac / 100);
			n += put2(out + n, (unsigned)(frac % 100));
		}
	}
	out[n] = '\0';
	return n;
}

int
rv_sheet_sniff_file(const char *path, char *pre, size_t presz, size_t *npre)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd = 0, kind, e;

	*npre = 0;
	if (path != NULL && ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode))) {
		if (fd >= 0)
			close(fd);
		return RV_SHEET_NONE;
	}
	while (got < presz && (n = read(fd, pre + got, presz - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			if (path != NULL)
				close(fd);
			errno = e;
			return -1;
		}
		got += (size_t)n;
	}
	kind = rv_sheet_sniff((const unsigned char *)pre, got);
	if (path != NULL)
		close(fd);
	*npre = path != NULL ? 0 : got;
	return kind;
}

int
rv_sheet_read_stdin(struct rv_buf *mem, const char *pre, size_t npre)
{
	ssize_t n;

	if (rv_buf_append(mem, pre, npre) < 0)
		return -1;
	for (;;) {
		if (rv_buf_reserve(mem, 1 << 16) < 0)
			return -1;
		if ((n = read(0, mem->p + mem->len, mem->cap - mem->len - 1)) == 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			mem->len += (size_t)n;
	}
}

/* Remove the spooled copy of standard input, if any. */
static void
drop_tmp(struct rv_sheet *s)
{
	if (s->tmp != NULL) {
		unlink(s->tmp);
		free(s->tmp);
		s->tmp = NULL;
	}
}

int
rv_sheet_open(struct rv_sheet *s, const char *path, const char *mem, size_t n, int kind)
{
	const char *name = s->name;

	memset(s, 0, sizeof(*s));
	s->name = name;
	s->kind = kind;
	switch (kind) {
	case RV_SHEET_XLSX:
		if ((s->xlsx = rv_xlsx_open(path, mem, n, s->err, sizeof(s->err))) == NULL)
			return -1;
		s->nsheets = rv_xlsx_nsheets(s->xlsx);
		s->sheets = rv_xlsx_names(s->xlsx);
		s->hidden = rv_xlsx_hidden(s->xlsx);
		break;
	case RV_SHEET_XLS:
		if (path == NULL) {
			/* libfreexl reads files only: spool standard input. */
			int fd;
			if ((fd = rv_mkstemp("rv-import", &s->tmp)) < 0) {
				snprintf(s->err, sizeof(s->err), "temporary file in %s (set TMPDIR to a "
				    "writable directory): %s", rv_tmpdir(), strerror(errno));
				return -1;
			}
			if (write(fd, mem, n) != (ssize_t)n) {
				snprintf(s->err, sizeof(s->err), "temporary file in %s: %s", rv_tmpdir(),
				    strerror(errno));
				close(fd);
				drop_tmp(s);
				return -1;
			}
			close(fd);
			path = s->tmp;
		}
		s->xls = rv_xls_open(path, s->err, sizeof(s->err));
		/* libfreexl has read it (or failed): no file left behind. */
		drop_tmp(s);
		if (s->xls == NULL)
			return -1;
		s->nsheets = rv_xls_nsheets(s->xls);
		s->sheets = rv_xls_names(s->xls);
		s->hidden = rv_xls_hidden(s->xls);
		break;
	case RV_SHEET_HTML:
		if ((s->html = rv_htmltab_open(mem, n, s->err, sizeof(s->err))) == NULL)
			return -1;
		s->nsheets = rv_htmltab_ntables(s->html);
		s->sheets = rv_htmltab_names(s->html);
		s->hidden = rv_htmltab_hidden(s->html);
		break;
	default:
		snprintf(s->err, sizeof(s->err), "not a spreadsheet");
		return -1;
	}
	return 0;
}

long
rv_sheet_find(const struct rv_sheet *s, const char *spec)
{
	size_t i;
	char *e;
	long k;

	if (spec == NULL) {
		for (i = 0; i < s->nsheets; i++)
			if (s->hidden[i] == 0)
				return (long)i;
		return -1;
	}
	for (i = 0; i < s->nsheets; i++)
		if (strcmp(s->sheets[i], spec) == 0)
			return (long)i;
	errno = 0;
	k = strtol(spec, &e, 10);
	if (e != spec && *e == '\0' && errno == 0 && k >= 1 && (size_t)k <= s->nsheets)
		return k - 1;
	return -1;
}

int
rv_sheet_select(struct rv_sheet *s, size_t i, int fill_merged)
{
	s->cur = i;
	s->cell[0] = '\0';
	s->width = 0;
	if (s->xlsx != NULL)
		return rv_xlsx_select(s->xlsx, i, fill_merged, s->err, sizeof(s->err), s->cell);
	if (s->xls != NULL)
		return rv_xls_select(s->xls, i, s->err, sizeof(s->err));
	return rv_htmltab_select(s->html, i, fill_merged);
}

int
rv_sheet_next(struct rv_sheet *s)
{
	int rc;

	do {
		if (s->xlsx != NULL) {
			rc = rv_xlsx_next(s->xlsx, &s->row, s->err, sizeof(s->err), s->cell);
			s->width = rv_xlsx_width(s->xlsx);
		} else if (s->xls != NULL) {
			rc = rv_xls_next(s->xls, &s->row, s->err, sizeof(s->err), s->cell);
			s->width = rv_xls_width(s->xls);
		} else {
			rc = rv_htmltab_next(s->html, &s->row, s->err, sizeof(s->err), s->cell);
		}
		if (rc == 1)
			rv_srow_views(s->row);
	} while (rc == 1 && rv_srow_width(s->row) == 0);
	return rc;
}

void
rv_sheet_close(struct rv_sheet *s)
{
	rv_xlsx_close(s->xlsx);
	rv_xls_close(s->xls);
	rv_htmltab_close(s->html);
	drop_tmp(s);
	s->xlsx = NULL;
	s->xls = NULL;
	s->html = NULL;
}
