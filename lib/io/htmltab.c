/* htmltab.c - HTML tables as sheets (see htmltab.h).
 *
 * A small tokenizer, not an HTML parser: it knows tags, comments,
 * <!...> and <?...> declarations, the raw text of <script> and <style>,
 * and character references; that is all a table export needs. Cells and
 * rows close implicitly, as HTML allows (a <td> closes the open cell, a
 * <tr> the open row). Tables inside a cell add their text to the cell. */
#include "htmltab.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enc.h"

struct span {
	unsigned long left;	/* rows below still covered */
	char *val;		/* the spanning cell's text */
	size_t len;
};

struct rv_htmltab {
	struct rv_buf text;	/* the file in UTF-8 */
	size_t ntables;
	size_t *start;		/* [ntables] offset of each top-level <table> */
	char **names;
	unsigned char *hidden;
	/* Reading the selected table. */
	size_t pos;
	int depth;		/* table nesting; 1 inside the selected table */
	int fill;
	int done;
	int row_open, cell_open;
	unsigned long rownum;
	size_t col, cs, nextcol;
	unsigned long rs;
	struct rv_buf cell;	/* text of the open cell */
	int space;		/* white space seen since the last character */
	struct span *span;	/* [nspan] per column */
	unsigned char *occ;	/* [nspan] column taken in the current row */
	size_t nspan;
	struct rv_srow row;
	int ready;		/* row holds a finished row */
	int pending_tr;		/* a <tr> ended it: start the next row first */
	char *err;
	size_t errsz;
	char *cellref;
};

struct tag {
	const char *name;	/* NULL: a comment or declaration */
	size_t nlen;
	int close;		/* </name> */
	const char *attrs;
	size_t alen;
};

static int
is_name(const struct tag *t, const char *name)
{
	return t->name != NULL && t->nlen == strlen(name) && strncasecmp(t->name, name, t->nlen) == 0;
}

static const char *
find_ci(const char *p, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (strncasecmp(p + i, needle, m) == 0)
			return p + i;
	return NULL;
}

/* p[pos] is '<'. Returns the offset after the tag, comment or
 * declaration, or pos when the '<' starts none (it is text then). */
static size_t
scan_tag(const char *p, size_t n, size_t pos, struct tag *t)
{
	size_t i = pos + 1;
	const char *e;
	char q = 0;

	memset(t, 0, sizeof(*t));
	if (n - pos >= 4 && memcmp(p + pos, "<!--", 4) == 0) {
		e = memmem(p + pos + 4, n - pos - 4, "-->", 3);
		return e != NULL ? (size_t)(e - p) + 3 : n;
	}
	if (i < n && (p[i] == '!' || p[i] == '?')) {
		e = memchr(p + i, '>', n - i);
		return e != NULL ? (size_t)(e - p) + 1 : n;
	}
	if (i < n && p[i] == '/') {
		t->close = 1;
		i++;
	}
	if (i >= n || !isalpha((unsigned char)p[i]))
		return pos;
	t->name = p + i;
	while (i < n && (isalnum((unsigned char)p[i]) || p[i] == ':' || p[i] == '-'))
		i++;
	t->nlen = (size_t)(p + i - t->name);
	t->attrs = p + i;
	for (; i < n; i++) {
		if (q != 0) {
			if (p[i] == q)
				q = 0;
		} else if (p[i] == '"' || p[i] == '\'') {
			q = p[i];
		} else if (p[i] == '>') {
			break;
		}
	}
	t->alen = (size_t)(p + i - t->attrs);
	return i < n ? i + 1 : n;
}

/* A numeric attribute (colspan, rowspan) between 1 and max; 1 if absent. */
static unsigned long
num_attr(const struct tag *t, const char *name, unsigned long max)
{
	const char *a = t->attrs, *end = t->attrs + t->alen, *h;
	size_t m = strlen(name);
	unsigned long v = 0;

	for (h = find_ci(a, t->alen, name); h != NULL; h = find_ci(h + 1, (size_t)(end - h - 1), name)) {
		const char *s = h + m;
		if (h > a && (isalnum((unsigned char)h[-1]) || h[-1] == '-'))
			continue;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s >= end || *s != '=')
			continue;
		for (s++; s < end && (isspace((unsigned char)*s) || *s == '"' || *s == '\''); s++)
			;
		for (; s < end && *s >= '0' && *s <= '9' && v <= max; s++)
			v = v * 10 + (unsigned long)(*s - '0');
		break;
	}
	return v < 1 ? 1 : v > max ? max : v;
}

static size_t
put_utf8(char *o, unsigned long u)
{
	if (u == 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
		u = 0xFFFD;
	return (size_t)rv_utf8_encode((uint32_t)u, o);
}

size_t
rv_htmltab_entity(const char *p, size_t n, char *out, size_t *outlen)
{
	static const struct {
		const char *name;
		unsigned long u;
	} names[] = {
		{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
		{"nbsp", ' '}, {"ensp", ' '}, {"emsp", ' '}, {"thinsp", ' '},
		{"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"deg", 0xB0},
		{"plusmn", 0xB1}, {"times", 0xD7}, {"divide", 0xF7}, {"middot", 0xB7},
		{"yen", 0xA5}, {"euro", 0x20AC}, {"pound", 0xA3}, {"cent", 0xA2},
		{"laquo", 0xAB}, {"raquo", 0xBB}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
		{"ldquo", 0x201C}, {"rdquo", 0x201D}, {"ndash", 0x2013}, {"mdash", 0x2014},
		{"hellip", 0x2026}, {"bull", 0x2022}, {"sect", 0xA7}, {"para", 0xB6},
	};
	size_t i = 1, k;
	unsigned long u = 0;
	const char *semi;

	semi = memchr(p, ';', n < 12 ? n : 12);
	if (semi == NULL || semi == p + 1)
		return 0;
	if (p[1] == '#') {
		int hex = semi - p > 2 && (p[2] == 'x' || p[2] == 'X');
		for (i = hex ? 3 : 2; p + i < semi; i++) {
			int c = (unsigned char)p[i], d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				return 0;
			if ((u = u * (hex ? 16 : 10) + (unsigned long)d) > 0x10FFFF)
				u = 0x110000;
		}
		if (i == (size_t)(hex ? 3 : 2))
			return 0;
		*outlen = put_utf8(out, u);
		return (size_t)(semi - p) + 1;
	}
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if ((size_t)(semi - p - 1) == strlen(names[k].name) &&
		    memcmp(p + 1, names[k].name, (size_t)(semi - p - 1)) == 0) {
			*outlen = put_utf8(out, names[k].u);
			return (size_t)(semi - p) + 1;
		}
	return 0;
}

/* The charset a <meta> tag near the start names, in name (size n). */
static int
meta_charset(const char *p, size_t n, char *name, size_t size)
{
	const char *c = find_ci(p, n < 4096 ? n : 4096, "charset=");
	size_t k = 0;

	if (c == NULL)
		return 0;
	for (c += 8; c < p + n && (*c == '"' || *c == '\''); c++)
		;
	while (c < p + n && k + 1 < size && (isalnum((unsigned char)*c) || *c == '-' || *c == '_'))
		name[k++] = *c++;
	name[k] = '\0';
	return k > 0;
}

static int
to_utf8(struct rv_htmltab *h, const char *p, size_t n)
{
	struct rv_enc_guess g;
	struct rv_enc_bad bad;
	struct rv_dec dec;
	char cs[40];
	const char *enc;
	int cut;

	rv_enc_detect((const unsigned char *)p, n, 1, &g);
	enc = g.name;
	if (g.bom == 0 && meta_charset(p, n, cs, sizeof(cs))) {
		enc = rv_enc_canon(cs);
		if (strcasecmp(enc, "UTF-8") == 0 &&
		    rv_enc_utf8_valid((const unsigned char *)p, n, &cut) != n)
			enc = g.name;	/* says UTF-8, is not: trust the bytes */
	}
	p += g.bom;
	n -= g.bom;
	if (rv_dec_open(&dec, enc) < 0) {
		snprintf(h->err, h->errsz, "unknown charset '%s' in a <meta> tag", enc);
		return -1;
	}
	if (rv_dec_feed(&dec, p, n, 1, &h->text) == (size_t)-1 || rv_buf_reserve(&h->text, 1) < 0) {
		rv_dec_close(&dec);
		snprintf(h->err, h->errsz, "%s", strerror(ENOMEM));
		return -1;
	}
	if (rv_dec_bad_before(&dec, UINT64_MAX, &bad)) {
		snprintf(h->err, h->errsz, "invalid byte 0x%02X for encoding %s", bad.byte, enc);
		rv_dec_close(&dec);
		return -1;
	}
	rv_dec_close(&dec);
	return 0;
}

/* Skip the raw text of <script> or <style> after its start tag. */
static size_t
skip_raw(const char *p, size_t n, size_t pos, const struct tag *t)
{
	char end[16];
	const char *e;

	snprintf(end, sizeof(end), "</%.*s", (int)t->nlen, t->name);
	e = find_ci(p + pos, n - pos, end);
	return e != NULL ? (size_t)(e - p) : n;
}

static int
find_tables(struct rv_htmltab *h)
{
	const char *p = h->text.p;
	size_t n = h->text.len, pos = 0, next;
	int depth = 0;
	struct tag t;
	char name[32];

	while (pos < n) {
		const char *lt = memchr(p + pos, '<', n - pos);
		if (lt == NULL)
			break;
		pos = (size_t)(lt - p);
		if ((next = scan_tag(p, n, pos, &t)) == pos) {
			pos++;
			continue;
		}
		if (is_name(&t, "table") && !t.close && depth++ == 0) {
			void *a;
			size_t cap = h->ntables + 1;
			if ((a = realloc(h->start, cap * sizeof(*h->start))) == NULL)
				return -1;
			h->start = a;
			if ((a = realloc(h->names, cap * sizeof(*h->names))) == NULL)
				return -1;
			h->names = a;
			if ((a = realloc(h->hidden, cap)) == NULL)
				return -1;
			h->hidden = a;
			snprintf(name, sizeof(name), "table%zu", h->ntables + 1);
			h->start[h->ntables] = pos;
			h->hidden[h->ntables] = 0;
			if ((h->names[h->ntables] = strdup(name)) == NULL)
				return -1;
			h->ntables++;
		} else if (is_name(&t, "table") && t.close && depth > 0) {
			depth--;
		} else if (!t.close && (is_name(&t, "script") || is_name(&t, "style"))) {
			next = skip_raw(p, n, next, &t);
		}
		pos = next;
	}
	return 0;
}

struct rv_htmltab *
rv_htmltab_open(const char *p, size_t n, char *err, size_t errsz)
{
	struct rv_htmltab *h = calloc(1, sizeof(*h));

	if (h == NULL) {
		snprintf(err, errsz, "%s", strerror(ENOMEM));
		return NULL;
	}
	h->err = err;
	h->errsz = errsz;
	if (to_utf8(h, p, n) < 0) {
		rv_htmltab_close(h);
		return NULL;
	}
	if (find_tables(h) < 0) {
		snprintf(err, errsz, "%s", strerror(ENOMEM));
		rv_htmltab_close(h);
		return NULL;
	}
	if (h->ntables == 0) {
		snprintf(err, errsz, "HTML without a <table>");
		rv_htmltab_close(h);
		return NULL;
	}
	return h;
}

size_t
rv_htmltab_ntables(const struct rv_htmltab *h)
{
	return h->ntables;
}

char **
rv_htmltab_names(const struct rv_htmltab *h)
{
	return h->names;
}

unsigned char *
rv_htmltab_hidden(const struct rv_htmltab *h)
{
	return h->hidden;
}

static void
clear_spans(struct rv_htmltab *h)
{
	size_t i;

	for (i = 0; i < h->nspan; i++) {
		free(h->span[i].val);
		h->span[i].val = NULL;
		h->span[i].left = 0;
		h->occ[i] = 0;
	}
}

int
rv_htmltab_select(struct rv_htmltab *h, size_t i, int fill_merged)
{
	h->pos = h->start[i];
	h->depth = 0;
	h->fill = fill_merged;
	h->done = h->row_open = h->cell_open = h->ready = h->pending_tr = 0;
	h->rownum = 0;
	clear_spans(h);
	return 0;
}

/* Make the span and occupancy arrays cover column col. */
static int
cover(struct rv_htmltab *h, size_t col)
{
	size_t nc = h->nspan ? h->nspan : 16, i;
	void *a;

	if (col < h->nspan)
		return 0;
	while (nc <= col)
		nc *= 2;
	if ((a = realloc(h->span, nc * sizeof(*h->span))) == NULL)
		return -1;
	h->span = a;
	if ((a = realloc(h->occ, nc)) == NULL)
		return -1;
	h->occ = a;
	for (i = h->nspan; i < nc; i++) {
		h->span[i] = (struct span){0, NULL, 0};
		h->occ[i] = 0;
	}
	h->nspan = nc;
	return 0;
}

static int
start_row(struct rv_htmltab *h)
{
	size_t c;

	h->row_open = 1;
	h->nextcol = 0;
	rv_srow_reset(&h->row, ++h->rownum);
	for (c = 0; c < h->nspan; c++) {
		h->occ[c] = 0;
		if (h->span[c].left == 0)
			continue;
		h->occ[c] = 1;
		if (h->fill && rv_srow_set(&h->row, c, RV_CELL_FILLED, h->span[c].val, h->span[c].len) < 0)
			return -1;
		if (--h->span[c].left == 0) {
			free(h->span[c].val);
			h->span[c].val = NULL;
		}
	}
	return 0;
}

/* Text for the open cell: white space collapses; a line break drops the
 * spaces around it. */
static int
add_text(struct rv_htmltab *h, const char *p, size_t n)
{
	struct rv_buf *b = &h->cell;
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = p[i];
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f') {
			h->space = 1;
			continue;
		}
		if (h->space && b->len > 0 && b->p[b->len - 1] != '\n' && rv_buf_putc(b, ' ') < 0)
			return -1;
		h->space = 0;
		if (rv_buf_putc(b, ch) < 0)
			return -1;
	}
	return 0;
}

static int
add_break(struct rv_htmltab *h)
{
	struct rv_buf *b = &h->cell;

	h->space = 0;
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
	if (b->len > 0 && b->p[b->len - 1] != '\n')
		return rv_buf_putc(b, '\n');
	return 0;
}

/* Character data of p[0..n) with references decoded. */
static int
add_chars(struct rv_htmltab *h, const char *p, size_t n)
{
	const char *amp;
	char u[8];
	size_t used, ulen;

	while ((amp = memchr(p, '&', n)) != NULL) {
		if (add_text(h, p, (size_t)(amp - p)) < 0)
			return -1;
		n -= (size_t)(amp - p);
		p = amp;
		if ((used = rv_htmltab_entity(p, n, u, &ulen)) == 0) {
			used = 1;
			u[0] = '&';
			ulen = 1;
		}
		if (add_text(h, u, ulen) < 0)
			return -1;
		p += used;
		n -= used;
	}
	return add_text(h, p, n);
}

static int
open_cell(struct rv_htmltab *h, const struct tag *t)
{
	size_t c = h->nextcol, k;

	while (c < h->nspan && h->occ[c])
		c++;
	if (c >= RV_SHEET_MAXCOL) {
		rv_sheet_cellref(h->cellref, RV_SHEET_MAXCOL - 1, h->rownum);
		snprintf(h->err, h->errsz, "more columns than Excel's last, XFD");
		return -2;
	}
	h->col = c;
	h->cs = num_attr(t, "colspan", RV_SHEET_MAXCOL - c);
	h->rs = num_attr(t, "rowspan", 65534);
	if (cover(h, c + h->cs) < 0)
		return -1;
	for (k = 0; k < h->cs; k++)
		h->occ[c + k] = 1;
	h->nextcol = c + h->cs;
	h->cell.len = 0;
	h->space = 0;
	h->cell_open = 1;
	return 0;
}

static int
is_number(const char *p, size_t n)
{
	char *e;

	if (n == 0 || n > 40 || isspace((unsigned char)p[0]))
		return 0;
	strtod(p, &e);
	return e == p + n;
}

static int
close_cell(struct rv_htmltab *h)
{
	struct rv_buf *b = &h->cell;
	const char *p;
	size_t n, k;
	int type;

	h->cell_open = 0;
	while (b->len > 0 && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\n'))
		b->len--;
	if (rv_buf_reserve(b, 1) < 0)
		return -1;
	b->p[b->len] = '\0';
	p = b->p;
	n = b->len;
	while (n > 0 && *p == '\n')
		p++, n--;
	type = is_number(p, n) ? RV_CELL_NUM : RV_CELL_TEXT;
	if (rv_srow_set(&h->row, h->col, type, p, n) < 0)
		return -1;
	for (k = 1; h->fill && n > 0 && k < h->cs; k++)
		if (rv_srow_set(&h->row, h->col + k, RV_CELL_FILLED, p, n) < 0)
			return -1;
	for (k = 0; h->rs > 1 && k < h->cs; k++) {
		struct span *s = &h->span[h->col + k];
		free(s->val);
		if ((s->val = rv_memdup(p, n)) == NULL)
			return -1;
		s->len = n;
		s->left = h->rs - 1;
	}
	return 0;
}

static int
end_row(struct rv_htmltab *h)
{
	if (h->cell_open && close_cell(h) < 0)
		return -1;
	h->row_open = 0;
	h->ready = 1;
	return 0;
}

/* One tag of the selected table: 0, -1 out of memory, -2 bad data. */
static int
on_tag(struct rv_htmltab *h, const struct tag *t)
{
	if (is_name(t, "table")) {
		if (!t->close) {
			h->depth++;
		} else if (--h->depth == 0) {
			h->done = 1;
			if (h->row_open)
				return end_row(h);
		} else if (h->cell_open) {
			h->space = 1;
		}
		return 0;
	}
	if (h->depth != 1) {
		if (h->cell_open && (is_name(t, "td") || is_name(t, "th") || is_name(t, "br")))
			h->space = 1;	/* a nested table's cells, apart */
		return 0;
	}
	if (is_name(t, "tr")) {
		if (h->row_open && end_row(h) < 0)
			return -1;
		if (t->close)
			return 0;
		if (!h->ready)
			return start_row(h);
		h->pending_tr = 1;	/* once the finished row is taken */
		return 0;
	}
	if (is_name(t, "td") || is_name(t, "th")) {
		if (h->cell_open && close_cell(h) < 0)
			return -1;
		if (t->close)
			return 0;
		if (!h->row_open && start_row(h) < 0)
			return -1;
		return open_cell(h, t);
	}
	if (h->cell_open && (is_name(t, "br") || (t->close && (is_name(t, "p") || is_name(t, "div")))))
		return add_break(h);
	return 0;
}

int
rv_htmltab_next(struct rv_htmltab *h, struct rv_srow **row, char *err, size_t errsz, char *cell)
{
	const char *p = h->text.p, *lt;
	size_t n = h->text.len, next;
	struct tag t;
	int rc = 0;

	h->err = err;
	h->errsz = errsz;
	h->cellref = cell;
	h->ready = 0;
	if (h->pending_tr) {
		h->pending_tr = 0;
		if (start_row(h) < 0)
			goto nomem;
	}
	while (!h->done && !h->ready && h->pos < n) {
		if ((lt = memchr(p + h->pos, '<', n - h->pos)) == NULL)
			lt = p + n;
		if (h->cell_open && h->depth >= 1 && add_chars(h, p + h->pos, (size_t)(lt - p - h->pos)) < 0)
			goto nomem;
		h->pos = (size_t)(lt - p);
		if (h->pos >= n)
			break;
		if ((next = scan_tag(p, n, h->pos, &t)) == h->pos) {
			if (h->cell_open && add_text(h, "<", 1) < 0)
				goto nomem;
			h->pos++;
			continue;
		}
		h->pos = next;
		if (t.name == NULL)
			continue;
		if (!t.close && (is_name(&t, "script") || is_name(&t, "style"))) {
			h->pos = skip_raw(p, n, h->pos, &t);
			continue;
		}
		if ((rc = on_tag(h, &t)) < 0)
			break;
	}
	if (rc == -2)
		return -1;	/* err and cell say why */
	if (rc < 0)
		goto nomem;
	if (!h->ready && h->row_open && (h->done || h->pos >= n)) {
		/* The file ends inside the table: the open row is the last. */
		if (end_row(h) < 0)
			goto nomem;
	}
	if (!h->ready) {
		h->done = 1;
		return 0;
	}
	*row = &h->row;
	return 1;
nomem:
	snprintf(err, errsz, "%s", strerror(ENOMEM));
	return -1;
}

void
rv_htmltab_close(struct rv_htmltab *h)
{
	size_t i;

	if (h == NULL)
		return;
	clear_spans(h);
	free(h->span);
	free(h->occ);
	for (i = 0; i < h->ntables; i++)
		free(h->names[i]);
	free(h->names);
	free(h->hidden);
	free(h->start);
	rv_buf_free(&h->text);
	rv_buf_free(&h->cell);
	rv_srow_free(&h->row);
	free(h);
}
