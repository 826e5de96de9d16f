/* xlsxout.c - see xlsxout.h. */
#include "xlsxout.h"
#include "tmpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "esc.h"
#include "cellkind.h"
#include "utf8.h"

/* Fixed number formats "0", "0.0", ... up to this many decimals (a
 * number has at most 32 characters: sheet.c). */
enum { MAX_DECIMALS = 32 };

struct rv_xlsxw {
	struct rv_xlsxw_opts o;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	char *path;		/* the file libxlsxwriter writes */
	int to_stdout;		/* path is a temporary file to copy to stdout */
	int created;		/* path is a regular file made by rv_xlsxw_open */
	lxw_format *bold, *wrap, *fixed[MAX_DECIMALS + 1];
	struct datefmt {
		char code[64];
		lxw_format *f;
	} *dfmt;		/* date formats made so far (few: one per form and zone) */
	size_t ndfmt, dfcap;
	char **names;		/* every sheet name used, for unique names */
	size_t nnames, ncap;
	char base[128];		/* the name the current input asked for */
	char name[128], prev[128];
	unsigned long row;	/* rows written to the current sheet */
	struct rv_buf hdrbuf;	/* the header's bytes, for continuation sheets */
	size_t *hoff, *hlen;	/* header field k: hdrbuf.p[hoff[k]..+hlen[k]) */
	size_t nhdr;
	int has_hdr;
	double *width;		/* widest data cell per column, current sheet */
	double *hwidth;		/* header cell width per column */
	size_t ncols, wcap;
	unsigned char *text;	/* per column: always text (identifier columns) */
	size_t ntext;
	struct rv_buf cell, tmp;
	int flags;
	const char *err;
};

static int start_sheet(struct rv_xlsxw *x);
static void finish_sheet(struct rv_xlsxw *x);

/* libxlsxwriter prints its own "[ERROR]" lines on stderr; rv reports
 * the error in its own format, so stderr is pointed at /dev/null around
 * the calls that can fail that way. Returns the saved descriptor. */
static int
quiet_begin(void)
{
	int save = dup(2), null = open("/dev/null", O_WRONLY);

	if (null >= 0) {
		fflush(stderr);
		dup2(null, 2);
		close(null);
	}
	return save;
}

static void
quiet_end(int save)
{
	if (save >= 0) {
		dup2(save, 2);
		close(save);
	}
}

struct rv_xlsxw *
rv_xlsxw_open(const char *path, const struct rv_xlsxw_opts *o, int *err)
{
	struct rv_xlsxw *x = calloc(1, sizeof(*x));
	lxw_workbook_options wo = {0};
	lxw_doc_properties props = {0};
	struct stat st;
	int fd;

	if (x == NULL) {
		*err = ENOMEM;
		return NULL;
	}
	x->o = *o;
	if (path == NULL) {
		x->to_stdout = 1;
		fd = rv_mkstemp("rv-export", &x->path);
	} else {
		if ((x->path = strdup(path)) == NULL)
			goto oom;
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			x->created = 1;
	}
	if (fd < 0) {
		*err = errno;
		free(x->path);
		free(x);
		return NULL;
	}
	close(fd);
	wo.constant_memory = LXW_TRUE;
	x->wb = workbook_new_opt(x->path, &wo);
	if (x->wb == NULL)
		goto oom;
	/* A fixed creation time: the same input gives the same bytes (it also
	 * sets the zip entries' times). */
	props.created = 315532800;	/* 1980-01-01, the earliest zip time */
	workbook_set_properties(x->wb, &props);
	x->bold = workbook_add_format(x->wb);
	x->wrap = workbook_add_format(x->wb);
	if (!x->bold || !x->wrap)
		goto oom;
	format_set_bold(x->bold);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	return x;
oom:
	rv_xlsxw_abort(x);
	*err = ENOMEM;
	return NULL;
}

static int
name_taken(const char *name, void *arg)
{
	const struct rv_xlsxw *x = arg;

	for (size_t i = 0; i < x->nnames; i++)
		if (rv_sheet_name_eq(x->names[i], name))
			return 1;
	return 0;
}

/* Grow the per-column arrays to hold column col. */
static int
need_cols(struct rv_xlsxw *x, size_t ncol)
{
	if (ncol > x->wcap) {
		size_t cap = x->wcap ? x->wcap : 16;
		double *w, *h;
		unsigned char *t;
		while (cap < ncol)
			cap *= 2;
		if ((w = realloc(x->width, cap * sizeof(*w))) == NULL)
			return -1;
		x->width = w;
		if ((h = realloc(x->hwidth, cap * sizeof(*h))) == NULL)
			return -1;
		x->hwidth = h;
		if ((t = realloc(x->text, cap)) == NULL)
			return -1;
		x->text = t;
		memset(w + x->wcap, 0, (cap - x->wcap) * sizeof(*w));
		memset(h + x->wcap, 0, (cap - x->wcap) * sizeof(*h));
		memset(t + x->wcap, 0, cap - x->wcap);
		x->wcap = cap;
	}
	if (ncol > x->ncols)
		x->ncols = ncol;
	return 0;
}

static int
lxw_fail(struct rv_xlsxw *x, lxw_error e)
{
	x->err = lxw_strerror(e);
	return -1;
}

/* Is "_xHHHH_" at p[0..n)? Excel reads it as an escaped character, so a
 * literal one needs its underscore escaped as "_x005F_". */
static int
ooxml_escape_at(const char *p, size_t n)
{
	if (n < 7 || p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return 0;
	for (int i = 2; i < 6; i++) {
		char c = p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

/* Text for a cell in x->cell (NUL-terminated): valid UTF-8 without NUL
 * (else U+FFFD), literal "_xHHHH_" escaped, cut at Excel's length limit
 * (UTF-16 units). Sets RV_XLSX_BADUTF8 and RV_XLSXW_CUT in x->flags. */
static int
prep_text(struct rv_xlsxw *x, const char *p, size_t n)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	size_t i = 0, units = 0;

	rv_buf_clear(&x->cell);
	if (rv_buf_reserve(&x->cell, n + 16) < 0)
		return -1;
	while (i < n) {
		unsigned char b = (unsigned char)p[i];
		uint32_t c;
		int k;
		if (b != 0 && b < 0x80 && b != '_') {
			if (units + 1 > RV_XLSXW_CELL_MAX)
				goto cut;
			if (rv_buf_putc(&x->cell, b) < 0)
				return -1;
			units++;
			i++;
			continue;
		}
		if (b == '_') {
			int esc = ooxml_escape_at(p + i, n - i);
			if (units + (esc ? 7 : 1) > RV_XLSXW_CELL_MAX)
				goto cut;
			if (rv_buf_append(&x->cell, esc ? "_x005F_" : "_", esc ? 7 : 1) < 0)
				return -1;
			units += esc ? 7 : 1;
			i++;
			continue;
		}
		k = b == 0 ? 1 : rv_utf8_decode(p + i, n - i, &c);
		if (b == 0 || (c == 0xFFFD && k == 1) || c == 0xFFFE || c == 0xFFFF) {
			x->flags |= RV_XLSX_BADUTF8;
			if (units + 1 > RV_XLSXW_CELL_MAX)
				goto cut;
			if (rv_buf_append(&x->cell, fffd, 3) < 0)
				return -1;
			units++;
			i += (size_t)k;
			continue;
		}
		if (units + (c >= 0x10000 ? 2 : 1) > RV_XLSXW_CELL_MAX)
			goto cut;
		if (rv_buf_append(&x->cell, p + i, (size_t)k) < 0)
			return -1;
		units += c >= 0x10000 ? 2 : 1;
		i += (size_t)k;
	}
	x->cell.p[x->cell.len] = '\0';	/* also for an empty field */
	return 0;
cut:
	x->flags |= RV_XLSXW_CUT;
	x->cell.p[x->cell.len] = '\0';
	return 0;
}

/* A text cell (or header) p[0..n): unescaped when the input is rv TSV
 * (*p, *n then point into x->tmp), then prepared in x->cell. */
static int
text_cell(struct rv_xlsxw *x, const char **p, size_t *n)
{
	if (x->o.unescape && memchr(*p, '\\', *n) != NULL) {
		rv_buf_clear(&x->tmp);
		if (rv_unesc(&x->tmp, *p, *n) < 0)
			return -1;
		*p = x->tmp.p;
		*n = x->tmp.len;
	}
	return prep_text(x, *p, *n);
}

static lxw_format *
fixed_format(struct rv_xlsxw *x, int decimals)
{
	char fmt[MAX_DECIMALS + 4] = "0";

	if (decimals > MAX_DECIMALS)
		decimals = MAX_DECIMALS;
	if (x->fixed[decimals] == NULL) {
		if ((x->fixed[decimals] = workbook_add_format(x->wb)) == NULL)
			return NULL;
		if (decimals > 0) {
			fmt[1] = '.';
			memset(fmt + 2, '0', (size_t)decimals);
			fmt[2 + decimals] = '\0';
		}
		format_set_num_format(x->fixed[decimals], fmt);
	}
	return x->fixed[decimals];
}

/* The format that shows a date cell classified from p as written. */
static lxw_format *
date_format(struct rv_xlsxw *x, const char *p, const struct rv_cell *c)
{
	char code[64];
	struct datefmt *d;

	rv_cell_datefmt(code, p, c);
	for (size_t i = 0; i < x->ndfmt; i++)
		if (strcmp(x->dfmt[i].code, code) == 0)
			return x->dfmt[i].f;
	if ((d = rv_grow(x->dfmt, &x->dfcap, x->ndfmt + 1, sizeof(*d))) == NULL)
		return NULL;
	x->dfmt = d;
	d += x->ndfmt;
	memcpy(d->code, code, sizeof(code));
	if ((d->f = workbook_add_format(x->wb)) == NULL)
		return NULL;
	format_set_num_format(d->f, d->code);
	x->ndfmt++;
	return d->f;
}

static void
widen(double *w, size_t width)
{
	if ((double)width > *w)
		*w = (double)width;
}

/* Write one data field at (x->row, col). */
static int
put_field(struct rv_xlsxw *x, lxw_col_t col, const char *p, size_t n)
{
	struct rv_cell c;
	lxw_error e;
	size_t w;

	if (n == 0)
		return 0;
	if (!x->text[col])
		rv_cell_classify(p, n, &c);
	else
		c.kind = RV_KIND_TEXT;
	if (c.kind == RV_KIND_NUMBER && x->o.numbers) {
		lxw_format *f = NULL;
		if (c.decimals >= 0 && (f = fixed_format(x, c.decimals)) == NULL)
			return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		widen(&x->width[col], n);
		e = worksheet_write_number(x->ws, x->row, col, c.v, f);
		return e ? lxw_fail(x, e) : 0;
	}
	if ((c.kind == RV_KIND_DATE || c.kind == RV_KIND_DATETIME) && x->o.dates) {
		lxw_format *f = date_format(x, p, &c);
		if (f == NULL)
			return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		widen(&x->width[col], n);
		e = worksheet_write_number(x->ws, x->row, col, c.v, f);
		return e ? lxw_fail(x, e) : 0;
	}
	if (text_cell(x, &p, &n) < 0)
		return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	w = rv_cell_width(p, n);
	widen(&x->width[col], w);
	e = worksheet_write_string(x->ws, x->row, col, x->cell.p,
	    (double)w > x->o.max_width || memchr(p, '\n', n) != NULL ? x->wrap : NULL);
	return e ? lxw_fail(x, e) : 0;
}

static int
write_header(struct rv_xlsxw *x)
{
	for (size_t i = 0; i < x->nhdr; i++) {
		const char *p = x->hdrbuf.p + x->hoff[i];
		size_t n = x->hlen[i];
		lxw_error e;
		if (text_cell(x, &p, &n) < 0)
			return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		widen(&x->hwidth[i], rv_cell_width(p, n));
		e = worksheet_write_string(x->ws, 0, (lxw_col_t)i, x->cell.p, x->bold);
		if (e)
			return lxw_fail(x, e);
	}
	x->row = 1;
	return 0;
}

/* Add the worksheet x->name, with the header row when there is one. */
static int
start_sheet(struct rv_xlsxw *x)
{
	char **nn;
	char *dup;
	int q;

	if (x->nnames == x->ncap) {
		size_t cap = x->ncap ? x->ncap * 2 : 8;
		if ((nn = realloc(x->names, cap * sizeof(*nn))) == NULL)
			return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		x->names = nn;
		x->ncap = cap;
	}
	if ((dup = strdup(x->name)) == NULL)
		return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	x->names[x->nnames++] = dup;
	q = quiet_begin();
	x->ws = workbook_add_worksheet(x->wb, x->name);
	quiet_end(q);
	if (x->ws == NULL) {
		x->err = "cannot add a worksheet (out of memory or temporary files)";
		return -1;
	}
	for (size_t i = 0; i < x->ncols; i++)
		x->width[i] = x->hwidth[i] = 0;
	x->row = 0;
	if (!x->has_hdr)
		return 0;
	worksheet_freeze_panes(x->ws, 1, 0);
	return write_header(x);
}

/* Column widths and the auto-filter of the sheet being written: both go
 * into the sheet's XML when the workbook is closed, so constant-memory
 * mode allows setting them now that all its rows are known. */
static void
finish_sheet(struct rv_xlsxw *x)
{
	if (x->ws == NULL)
		return;
	for (size_t i = 0; i < x->ncols; i++) {
		/* A cell needs a character of padding; a header cell room for
		 * the filter button too. */
		double w = x->width[i] > 0 ? x->width[i] + 1 : 0, h = x->hwidth[i] + 3;
		if (!x->has_hdr)
			h = 0;
		if (h > w)
			w = h;
		if (w > x->o.max_width)
			w = x->o.max_width;
		if (w < 2)
			w = 2;
		if (x->width[i] > 0 || x->hwidth[i] > 0)
			worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
	}
	if (x->has_hdr && x->nhdr > 0)
		worksheet_autofilter(x->ws, 0, 0, x->row > 0 ? x->row - 1 : 0,
		    (lxw_col_t)(x->nhdr - 1));
	x->ws = NULL;
}

const char *
rv_xlsxw_sheet(struct rv_xlsxw *x, const char *name, const struct rv_field *hdr, size_t nhdr)
{
	finish_sheet(x);
	snprintf(x->base, sizeof(x->base), "%s", name);
	rv_sheet_name_unique(x->name, x->base, name_taken, x);
	x->prev[0] = '\0';
	x->has_hdr = hdr != NULL;
	x->nhdr = 0;
	x->ncols = 0;
	rv_buf_clear(&x->hdrbuf);
	if (x->has_hdr && nhdr > RV_XLSXW_COLS) {
		x->err = "the header has more than 16384 columns (Excel's limit)";
		return NULL;
	}
	if (need_cols(x, nhdr > 0 ? nhdr : 1) < 0)
		goto oom;
	memset(x->text, 0, x->wcap);
	if (x->has_hdr) {
		size_t *ho = realloc(x->hoff, (nhdr > 0 ? nhdr : 1) * sizeof(*ho)), *hl;
		if (ho == NULL)
			goto oom;
		x->hoff = ho;
		if ((hl = realloc(x->hlen, (nhdr > 0 ? nhdr : 1) * sizeof(*hl))) == NULL)
			goto oom;
		x->hlen = hl;
		for (size_t i = 0; i < nhdr; i++) {
			ho[i] = x->hdrbuf.len;
			hl[i] = hdr[i].len;
			if (rv_buf_append(&x->hdrbuf, hdr[i].p, hdr[i].len) < 0)
				goto oom;
			if (x->o.id_columns && rv_cell_idname(hdr[i].p, hdr[i].len))
				x->text[i] = 1;
		}
		x->nhdr = nhdr;
	}
	if (start_sheet(x) < 0)
		return NULL;
	return x->name;
oom:
	x->err = lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED);
	return NULL;
}

int
rv_xlsxw_row(struct rv_xlsxw *x, const struct rv_field *f, size_t nf)
{
	x->flags = 0;
	if (nf > RV_XLSXW_COLS) {
		x->err = "the row has more than 16384 fields (Excel's column limit)";
		return -1;
	}
	if (x->row >= x->o.max_rows) {
		finish_sheet(x);
		snprintf(x->prev, sizeof(x->prev), "%s", x->name);
		rv_sheet_name_unique(x->name, x->base, name_taken, x);
		if (start_sheet(x) < 0)
			return -1;
		x->flags |= RV_XLSXW_NEWSHEET;
	}
	if (need_cols(x, nf) < 0)
		return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	for (size_t i = 0; i < nf; i++)
		if (put_field(x, (lxw_col_t)i, f[i].p, f[i].len) < 0)
			return -1;
	x->row++;
	return 0;
}

int
rv_xlsxw_flags(const struct rv_xlsxw *x)
{
	return x->flags;
}

const char *
rv_xlsxw_sheet_name(const struct rv_xlsxw *x)
{
	return x->name;
}

const char *
rv_xlsxw_prev_name(const struct rv_xlsxw *x)
{
	return x->prev;
}

const char *
rv_xlsxw_error(const struct rv_xlsxw *x)
{
	return x->err != NULL ? x->err : "unknown error";
}

/* Copy the finished temporary file to standard output. */
static int
copy_out(const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		char *p = buf;
		while (n > 0) {
			ssize_t w = write(1, p, (size_t)n);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				int e = errno;
				close(fd);
				errno = e;
				return -1;
			}
			p += w;
			n -= w;
		}
	}
	int e = errno;
	close(fd);
	errno = e;
	return n < 0 ? -1 : 0;
}

static void
free_x(struct rv_xlsxw *x)
{
	for (size_t i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	free(x->dfmt);
	free(x->path);
	free(x->hoff);
	free(x->hlen);
	free(x->width);
	free(x->hwidth);
	free(x->text);
	rv_buf_free(&x->hdrbuf);
	rv_buf_free(&x->cell);
	rv_buf_free(&x->tmp);
	free(x);
}

int
rv_xlsxw_close(struct rv_xlsxw *x, const char **msg)
{
	lxw_error e;
	int q, rc = 0, err;

	if (x->nnames == 0) {
		/* A workbook needs a sheet: an empty input gives an empty one. */
		snprintf(x->name, sizeof(x->name), "Sheet1");
		x->has_hdr = 0;
		if (start_sheet(x) < 0) {
			*msg = x->err;
			rv_xlsxw_abort(x);
			return -1;
		}
	}
	finish_sheet(x);
	errno = 0;
	q = quiet_begin();
	e = workbook_close(x->wb);
	err = errno;
	quiet_end(q);
	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		*msg = err != 0 && (e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_ZIP_FILE_OPERATION ||
		    e == LXW_ERROR_ZIP_CLOSE || e == LXW_ERROR_ZIP_FILE_ADD ||
		    e == LXW_ERROR_CREATING_TMPFILE) ? strerror(err) : lxw_strerror(e);
		rc = -1;
	} else if (x->to_stdout && copy_out(x->path) < 0) {
		*msg = strerror(errno);
		rc = -1;
	}
	if (x->to_stdout || (rc < 0 && x->created))
		unlink(x->path);
	free_x(x);
	return rc;
}

void
rv_xlsxw_abort(struct rv_xlsxw *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL) {
		/* libxlsxwriter has no way to drop a workbook: close it into
		 * /dev/null (its temporary files go with it), so that nothing
		 * partial reaches a pipe or device given as the output. */
		char *devnull = strdup("/dev/null");
		int q;
		if (devnull != NULL) {
			free(x->wb->filename);
			x->wb->filename = devnull;
		}
		q = quiet_begin();
		workbook_close(x->wb);
		quiet_end(q);
	}
	if (x->path != NULL && (x->to_stdout || x->created))
		unlink(x->path);
	free_x(x);
}
