/* xlsx.c - streaming .xlsx reader (libzip, xmlscan.h; see xlsx.h).
 *
 * Every zip entry is parsed with the same callbacks; mode says which
 * part is being read. A part in UTF-8 (all that Excel and the others
 * write) is read by the scanner of xmlscan.h (on the 200k-row sheet of
 * scripts/bench-import.sh expat took 0.54 s of CPU, the scanner 0.10 s);
 * a part in another encoding (UTF-16, or one its XML declaration names)
 * by expat. Element and attribute names are
 * compared without their namespace prefix (x:row and row alike), which
 * is how other readers treat the prefixed files some generators write.
 * A DOCTYPE ends the parse (an xlsx never has one; it is how entity
 * expansion attacks start). */
#include "xlsx.h"
#include "utf8.h"

#include <errno.h>
#include <expat.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "numfmt.h"
#include "xmlscan.h"

/* Bytes inflated per block; the parser keeps an unfinished token (in
 * the PAD bytes before the next block, or a buffer of its own), so
 * memory stays near NBLK of these plus one row. A second thread
 * inflates the entry into a ring of NBLK blocks while the parser works
 * through the oldest one: on two cores inflating then costs no wall
 * time. */
enum { CHUNK = 256 * 1024, NBLK = 3, PAD = 4096 };

/* The inflating thread and the ring it fills. Block (head + i) % NBLK,
 * i < count, holds len[] bytes of the entry (from blk[] + PAD), in
 * order; a block of 0 bytes is the end. The parser holds the first
 * `held' of them: expat one until it is done with it (a row can
 * suspend the parse mid-block), the scanner also the next one while it
 * moves the cut token of the first one there. */
struct inflater {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	zip_file_t *zf;
	char *blk[NBLK];
	size_t len[NBLK];
	unsigned head, count;
	int stop;		/* the parser wants no more */
	int error;		/* zip_fread failed: msg says why */
	int running;
	char msg[256];
};

/* Which part is being parsed. */
enum { P_ROOTRELS, P_RELS, P_WORKBOOK, P_STYLES, P_SST, P_MERGES, P_SHEET };

/* Who parses it: not known before its first block, the scanner, expat. */
enum { E_NONE, E_SCAN, E_EXPAT };

struct merge {
	unsigned long r1, r2;
	size_t c1, c2;
	char *val;		/* the top-left cell's value, once its row is read */
	size_t len;
	int type;
};

struct rel {
	char *id, *type, *target;
};

struct rv_xlsx {
	zip_t *zip;
	char wbpath[512];	/* the workbook part, normally xl/workbook.xml */
	/* Sheets, in workbook order. */
	size_t nsheets, sheetcap;
	char **names, **rids, **paths;
	unsigned char *hidden;
	int date1904;
	struct rel *rels;
	size_t nrels, relcap;
	/* Shared strings: string i is sst.p[sstoff[i]..sstoff[i + 1]). */
	struct rv_buf sst;
	size_t *sstoff, nsst, sstcap;
	/* Cell styles: for each cellXfs entry, the RV_XF_* kind of its
	 * number format, its decimals (numfmt.h; -1: not a fixed-decimal
	 * format) and its compiled date pattern (NULL: ISO 8601). */
	struct xf {
		unsigned char kind;
		signed char dec;
		const char *pat;
	} *xf;
	size_t nxf, xfcap;
	struct {
		unsigned id;
		unsigned char kind;
		signed char dec;
		char *pat;	/* owned */
	} *fmts;
	size_t nfmts, fmtcap;
	/* Parse state. */
	int mode;
	int engine;		/* E_*: who reads the part */
	XML_Parser xp;
	struct rv_xs xs;
	zip_file_t *zf;
	zip_int64_t idx;	/* the part's index in the zip file */
	struct inflater inf;
	const char *entry;	/* the part being parsed, for messages */
	unsigned held;		/* blocks from inf.head on being parsed */
	int final, suspended, failed, data_end, row_open, row_done, done;
	struct rv_buf text;	/* character data being collected */
	int collect, in_si, in_rph, in_is, in_xfs, in_data;
	char *err, *cellref;
	size_t errsz;
	/* The sheet being read. */
	const char *sheetname;
	struct rv_srow row;
	unsigned long rownum;
	size_t col, nextcol, width;
	int ctype;		/* 's', 'b', 'e', 'S' (str, inlineStr), 'd', 'n' */
	unsigned cstyle;
	int has_value;
	struct merge *m;
	size_t nm, mcap, mnext;
	size_t *act, nact;	/* merged ranges that cover the current row */
	int fill;
};

static void fail(struct rv_xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct rv_xlsx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->failed)
		return;
	x->failed = 1;
	va_start(ap, fmt);
	vsnprintf(x->err, x->errsz, fmt, ap);
	va_end(ap);
	/* Where in the sheet: the cell being read (made only now: a
	 * snprintf per cell costs a tenth of the run); none once the rows
	 * are done. */
	if (x->mode == P_SHEET && x->cellref != NULL && x->rownum > 0 && !x->data_end)
		rv_sheet_cellref(x->cellref, x->col, x->rownum);
	if (x->xp != NULL)
		XML_StopParser(x->xp, XML_FALSE);
}

static void
oom(struct rv_xlsx *x)
{
	fail(x, "%s", strerror(ENOMEM));
}

/* The name without a namespace prefix. */
static const char *
local(const char *name)
{
	const char *p, *l = name;

	if (name[0] != '\0' && name[1] == '\0')
		return name;	/* c, v, t, r, s: the most of a sheet */
	for (p = name; *p != '\0'; p++)
		if (*p == ':')
			l = p + 1;
	return l;
}

static const char *
attr(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

/* A decimal number (spaces around allowed); -1 when there is none. */
static long long
number(const char *s)
{
	long long v = 0;
	int any = 0;

	if (s == NULL)
		return -1;
	while (*s == ' ')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, any = 1)
		if ((v = v * 10 + (*s - '0')) > 0x7fffffffLL)
			return -1;
	while (*s == ' ')
		s++;
	return any && *s == '\0' ? v : -1;
}

static char *
xstrdup(struct rv_xlsx *x, const char *s)
{
	char *d = strdup(s != NULL ? s : "");

	if (d == NULL)
		oom(x);
	return d;
}

int
rv_xlsx_builtin_kind(unsigned id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58))
		return RV_XF_DATE;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47))
		return RV_XF_TIME;
	if (id == 22)
		return RV_XF_DATETIME;
	return RV_XF_NUMBER;
}

int
rv_xlsx_fmt_kind(const char *code)
{
	int date = 0, time = 0, month = 0;
	const char *p;

	for (p = code; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			while (p[1] != '\0' && p[1] != '"')
				p++;
			if (p[1] == '"')
				p++;
			break;
		case '[': {
			/* [h], [mm], [ss]: elapsed time; else a colour, a
			 * condition or a locale. */
			const char *q = p + 1;
			while (*q == 'h' || *q == 'H' || *q == 'm' || *q == 'M' || *q == 's' || *q == 'S')
				q++;
			if (q > p + 1 && *q == ']')
				time = 1;
			while (p[1] != '\0' && p[1] != ']')
				p++;
			if (p[1] == ']')
				p++;
			break;
		}
		case '\\':
		case '_':
		case '*':
			if (p[1] != '\0')
				p++;
			break;
		case 'y':
		case 'Y':
		case 'd':
		case 'D':
		case 'e':	/* East Asian era year */
			date = 1;
			break;
		case 'h':
		case 'H':
		case 's':
		case 'S':
			time = 1;
			break;
		case 'm':
		case 'M':
			month = 1;
			break;
		default:
			break;
		}
	}
	if (month && !time)
		date = 1;
	/* "General" holds an e: the word is no format of dates. */
	if (strstr(code, "General") != NULL || strstr(code, "general") != NULL)
		return time ? RV_XF_TIME : RV_XF_NUMBER;
	return date && time ? RV_XF_DATETIME : date ? RV_XF_DATE : time ? RV_XF_TIME : RV_XF_NUMBER;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void
rv_xlsx_unescape(struct rv_buf *b, size_t start)
{
	size_t i, o;
	char *p = b->p;

	if (p == NULL || memmem(p + start, b->len - start, "_x", 2) == NULL)
		return;
	for (i = o = start; i < b->len;) {
		if (p[i] == '_' && i + 6 < b->len && p[i + 1] == 'x' && p[i + 6] == '_' &&
		    hexval(p[i + 2]) >= 0 && hexval(p[i + 3]) >= 0 && hexval(p[i + 4]) >= 0 &&
		    hexval(p[i + 5]) >= 0) {
			unsigned u = (unsigned)(hexval(p[i + 2]) << 12 | hexval(p[i + 3]) << 8 |
			    hexval(p[i + 4]) << 4 | hexval(p[i + 5]));
			/* A lone surrogate half cannot be written as UTF-8. */
			if (u >= 0xD800 && u <= 0xDFFF)
				u = 0xFFFD;
			o += (size_t)rv_utf8_encode(u, p + o);	/* at most 3 bytes for 7 read */
			i += 7;
		} else {
			p[o++] = p[i++];
		}
	}
	b->len = o;
	p[o] = '\0';
}

/* Character data: kept only inside the elements whose text is a value. */
static void
on_text(void *data, const XML_Char *s, int len)
{
	struct rv_xlsx *x = data;

	if (x->collect && !x->failed && rv_buf_append(&x->text, s, (size_t)len) < 0)
		oom(x);
}

static void
on_doctype(void *data, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
    int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	fail(data, "%s: a DOCTYPE declaration (not allowed in xlsx)", ((struct rv_xlsx *)data)->entry);
}

static void
add_rel(struct rv_xlsx *x, const char **atts)
{
	struct rel *r;
	const char *mode = attr(atts, "TargetMode");

	if (mode != NULL && strcmp(mode, "External") == 0)
		return;
	if ((r = rv_grow(x->rels, &x->relcap, x->nrels + 1, sizeof(*r))) == NULL) {
		oom(x);
		return;
	}
	x->rels = r;
	r += x->nrels++;
	r->id = xstrdup(x, attr(atts, "Id"));
	r->type = xstrdup(x, attr(atts, "Type"));
	r->target = xstrdup(x, attr(atts, "Target"));
}

static void
add_sheet(struct rv_xlsx *x, const char **atts)
{
	const char *state = attr(atts, "state");

	if (x->nsheets == x->sheetcap) {
		size_t nc = x->sheetcap ? 2 * x->sheetcap : 8;
		char **a;
		unsigned char *h;
		if ((a = realloc(x->names, nc * sizeof(*a))) == NULL)
			goto nomem;
		x->names = a;
		if ((a = realloc(x->rids, nc * sizeof(*a))) == NULL)
			goto nomem;
		x->rids = a;
		if ((a = realloc(x->paths, nc * sizeof(*a))) == NULL)
			goto nomem;
		x->paths = a;
		if ((h = realloc(x->hidden, nc)) == NULL)
			goto nomem;
		x->hidden = h;
		x->sheetcap = nc;
	}
	x->names[x->nsheets] = xstrdup(x, attr(atts, "name"));
	x->rids[x->nsheets] = xstrdup(x, attr(atts, "id"));
	x->paths[x->nsheets] = NULL;
	x->hidden[x->nsheets] = state == NULL ? 0 : strcmp(state, "hidden") == 0 ? 1 :
	    strcmp(state, "veryHidden") == 0 ? 2 : 0;
	x->nsheets++;
	return;
nomem:
	oom(x);
}

static void
add_fmt(struct rv_xlsx *x, const char **atts)
{
	long long id = number(attr(atts, "numFmtId"));
	const char *code = attr(atts, "formatCode");
	char pat[RV_NUMFMT_PATSZ];
	void *p;
	__typeof__(x->fmts) f;

	if (id < 0 || code == NULL)
		return;
	if ((p = rv_grow(x->fmts, &x->fmtcap, x->nfmts + 1, sizeof(*x->fmts))) == NULL) {
		oom(x);
		return;
	}
	x->fmts = p;
	f = &x->fmts[x->nfmts];
	f->id = (unsigned)id;
	f->kind = (unsigned char)rv_xlsx_fmt_kind(code);
	f->dec = (signed char)(f->kind == RV_XF_NUMBER ? rv_numfmt_decimals(code) : -1);
	f->pat = NULL;
	if (f->kind != RV_XF_NUMBER && rv_numfmt_datepat(code, pat) &&
	    (f->pat = rv_memdup(pat, strlen(pat) + 1)) == NULL) {
		oom(x);
		return;
	}
	x->nfmts++;
}

static void
add_xf(struct rv_xlsx *x, const char **atts)
{
	long long id = number(attr(atts, "numFmtId"));
	struct xf e = {RV_XF_NUMBER, -1, NULL};
	size_t i;
	void *p;

	if (id >= 0) {
		e.kind = (unsigned char)rv_xlsx_builtin_kind((unsigned)id);
		e.dec = (signed char)rv_numfmt_builtin_decimals((unsigned)id);
		/* A format the file defines wins over the built-in one. */
		for (i = x->nfmts; i-- > 0;)
			if (x->fmts[i].id == (unsigned)id) {
				e.kind = x->fmts[i].kind;
				e.dec = x->fmts[i].dec;
				e.pat = x->fmts[i].pat;
				break;
			}
	}
	if ((p = rv_grow(x->xf, &x->xfcap, x->nxf + 1, sizeof(*x->xf))) == NULL) {
		oom(x);
		return;
	}
	x->xf = p;
	x->xf[x->nxf++] = e;
}

static void
add_merge(struct rv_xlsx *x, const char *ref)
{
	size_t c1, c2, k;
	unsigned long r1, r2;
	struct merge *m;

	if (ref == NULL || (k = rv_sheet_parse_ref(ref, strlen(ref), &c1, &r1)) == 0 ||
	    ref[k] != ':' || rv_sheet_parse_ref(ref + k + 1, strlen(ref + k + 1), &c2, &r2) == 0 ||
	    r1 == 0 || r2 < r1 || c2 < c1) {
		fail(x, "%s: bad merged range '%s'", x->entry, ref ? ref : "");
		return;
	}
	if ((m = rv_grow(x->m, &x->mcap, x->nm + 1, sizeof(*m))) == NULL) {
		oom(x);
		return;
	}
	x->m = m;
	x->m[x->nm++] = (struct merge){r1, r2, c1, c2, NULL, 0, 0};
}

static void sheet_start(struct rv_xlsx *x, const char *el, const char **atts);
static void sheet_end(struct rv_xlsx *x, const char *el);

static void
on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct rv_xlsx *x = data;
	const char *el = local(name), *v;

	if (x->failed)
		return;
	switch (x->mode) {
	case P_ROOTRELS:
		if (strcmp(el, "Relationship") == 0 && (v = attr(atts, "Type")) != NULL &&
		    strlen(v) >= 15 && strcmp(v + strlen(v) - 15, "/officeDocument") == 0 &&
		    (v = attr(atts, "Target")) != NULL && *v != '\0' && strlen(v) < sizeof(x->wbpath))
			snprintf(x->wbpath, sizeof(x->wbpath), "%s", v + (*v == '/'));
		break;
	case P_RELS:
		if (strcmp(el, "Relationship") == 0)
			add_rel(x, atts);
		break;
	case P_WORKBOOK:
		if (strcmp(el, "workbookPr") == 0 && (v = attr(atts, "date1904")) != NULL)
			x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
		else if (strcmp(el, "sheet") == 0)
			add_sheet(x, atts);
		break;
	case P_STYLES:
		if (strcmp(el, "numFmt") == 0)
			add_fmt(x, atts);
		else if (strcmp(el, "cellXfs") == 0)
			x->in_xfs = 1;
		else if (strcmp(el, "xf") == 0 && x->in_xfs)
			add_xf(x, atts);
		break;
	case P_SST:
		if (strcmp(el, "si") == 0) {
			x->in_si = 1;
			x->text.len = 0;
		} else if (strcmp(el, "rPh") == 0) {
			x->in_rph++;
		} else if (strcmp(el, "t") == 0 && x->in_si && !x->in_rph) {
			x->collect = 1;
		}
		break;
	case P_MERGES:
		if (strcmp(el, "mergeCell") == 0)
			add_merge(x, attr(atts, "ref"));
		break;
	case P_SHEET:
		sheet_start(x, el, atts);
		break;
	}
}

static void
add_string(struct rv_xlsx *x)
{
	size_t *p;

	rv_xlsx_unescape(&x->text, 0);
	if (x->nsst + 2 > x->sstcap) {
		if ((p = rv_grow(x->sstoff, &x->sstcap, x->nsst + 2, sizeof(*p))) == NULL) {
			oom(x);
			return;
		}
		x->sstoff = p;
	}
	if (rv_buf_append(&x->sst, x->text.p ? x->text.p : "", x->text.len) < 0) {
		oom(x);
		return;
	}
	x->sstoff[0] = 0;
	x->sstoff[++x->nsst] = x->sst.len;
}

static void
on_end(void *data, const XML_Char *name)
{
	struct rv_xlsx *x = data;
	const char *el = local(name);

	if (x->failed)
		return;
	switch (x->mode) {
	case P_STYLES:
		if (strcmp(el, "cellXfs") == 0)
			x->in_xfs = 0;
		break;
	case P_SST:
		if (strcmp(el, "t") == 0)
			x->collect = 0;
		else if (strcmp(el, "rPh") == 0 && x->in_rph > 0)
			x->in_rph--;
		else if (strcmp(el, "si") == 0 && x->in_si) {
			x->in_si = 0;
			add_string(x);
		}
		break;
	case P_SHEET:
		sheet_end(x, el);
		break;
	default:
		break;
	}
}

/* The inflating thread: fill free blocks of the ring until the entry
 * ends, zip_fread fails or the parser stops it. */
static void *
inflate_main(void *arg)
{
	struct inflater *f = arg;
	unsigned slot;
	zip_int64_t n;

	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (f->count == NBLK && !f->stop)
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->stop) {
			pthread_mutex_unlock(&f->mu);
			return NULL;
		}
		slot = (f->head + f->count) % NBLK;
		pthread_mutex_unlock(&f->mu);
		n = zip_fread(f->zf, f->blk[slot] + PAD, CHUNK);
		pthread_mutex_lock(&f->mu);
		if (n < 0) {
			snprintf(f->msg, sizeof(f->msg), "%s", zip_file_strerror(f->zf));
			f->error = 1;
		} else {
			f->len[slot] = (size_t)n;
			f->count++;
		}
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		if (n <= 0)
			return NULL;
	}
}

/* The next block of the entry, in order (PAD writable bytes before
 * it): 0, or -1 when inflating it failed (after every block before the
 * failure). */
static int
take(struct rv_xlsx *x, char **p, size_t *n)
{
	struct inflater *f = &x->inf;
	unsigned slot;

	pthread_mutex_lock(&f->mu);
	while (f->count <= x->held && !f->error)
		pthread_cond_wait(&f->cv, &f->mu);
	if (f->count <= x->held) {
		pthread_mutex_unlock(&f->mu);
		fail(x, "%s: %s", x->entry, f->msg);
		return -1;
	}
	slot = (f->head + x->held) % NBLK;
	*p = f->blk[slot] + PAD;
	*n = f->len[slot];
	pthread_mutex_unlock(&f->mu);
	x->held++;
	return 0;
}

/* The parser is done with the oldest block it holds: hand it back to be
 * refilled. */
static void
give_back(struct rv_xlsx *x)
{
	struct inflater *f = &x->inf;

	pthread_mutex_lock(&f->mu);
	f->head = (f->head + 1) % NBLK;
	f->count--;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	x->held--;
}

/* Open entry name for parsing in mode. Returns 0, 1 when there is no
 * such entry, -1 on an error. */
static int
open_entry(struct rv_xlsx *x, const char *name, int mode)
{
	zip_int64_t idx = zip_name_locate(x->zip, name, 0);
	int e;

	if (idx < 0)
		idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return 1;
	if ((x->zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)) == NULL) {
		fail(x, "%s: %s", name, zip_strerror(x->zip));
		return -1;
	}
	x->idx = idx;
	x->engine = E_NONE;
	x->mode = mode;
	x->entry = name;
	x->final = x->suspended = x->data_end = x->row_done = x->done = 0;
	x->held = 0;
	x->collect = x->in_si = x->in_rph = x->in_is = x->in_xfs = x->in_data = 0;
	x->text.len = 0;
	x->inf.zf = x->zf;
	x->inf.head = x->inf.count = 0;
	x->inf.stop = x->inf.error = 0;
	if ((e = pthread_create(&x->inf.th, NULL, inflate_main, &x->inf)) != 0) {
		fail(x, "%s: cannot start the inflating thread: %s", name, strerror(e));
		return -1;
	}
	x->inf.running = 1;
	return 0;
}

/* Stop the inflating thread and wait for it (a read under way ends
 * first). */
static void
stop_inflater(struct rv_xlsx *x)
{
	if (!x->inf.running)
		return;
	pthread_mutex_lock(&x->inf.mu);
	x->inf.stop = 1;
	pthread_cond_broadcast(&x->inf.cv);
	pthread_mutex_unlock(&x->inf.mu);
	pthread_join(x->inf.th, NULL);
	x->inf.running = 0;
}

static void
close_entry(struct rv_xlsx *x)
{
	stop_inflater(x);
	if (x->xp != NULL)
		XML_ParserFree(x->xp);
	rv_xs_free(&x->xs);
	if (x->zf != NULL)
		zip_fclose(x->zf);
	x->xp = NULL;
	x->zf = NULL;
	x->held = 0;
	x->engine = E_NONE;
}

static int step_on(struct rv_xlsx *x);

/* Parse on until a row is complete (1), the part ends (0) or it fails
 * (-1). At the end or on an error no thread is left running: a caller
 * that exits on an error leaves none behind. */
static int
step(struct rv_xlsx *x)
{
	int rc = step_on(x);

	if (rc <= 0)
		stop_inflater(x);
	return rc;
}

/* The rows are read: read the rest of the part without parsing it, so
 * that libzip checks its CRC (it does at the end of the entry). */
static int
drain(struct rv_xlsx *x)
{
	char *p;
	size_t n;

	while (x->held > 0)
		give_back(x);
	while (!x->final) {
		if (take(x, &p, &n) < 0)
			return -1;
		x->final = n == 0;
		give_back(x);
	}
	x->done = 1;
	return 0;
}

/* Line (1-based) and column (0-based, in characters) of byte off of the
 * part, as expat counts them: the part read again from its start. */
static void
position(struct rv_xlsx *x, unsigned long long off, unsigned long *line, unsigned long *col)
{
	zip_file_t *zf;
	char buf[16384];
	zip_int64_t n, i;
	unsigned long long at = 0;
	int cr = 0;

	*line = 1;
	*col = 0;
	stop_inflater(x);	/* libzip is not to be used from two threads */
	if ((zf = zip_fopen_index(x->zip, (zip_uint64_t)x->idx, 0)) == NULL)
		return;
	while (at < off && (n = zip_fread(zf, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n && at < off; i++, at++) {
			unsigned char c = (unsigned char)buf[i];
			if (c == '\n' && cr) {
				cr = 0;
				continue;
			}
			cr = c == '\r';
			if (c == '\n' || c == '\r') {
				++*line;
				*col = 0;
			} else if ((c & 0xC0) != 0x80 && !(at < 3 && (c == 0xEF || c == 0xBB || c == 0xBF))) {
				++*col;
			}
		}
	}
	zip_fclose(zf);
}

/* The scanner: events to the callbacks until a row is complete (1), the
 * part ends (0) or it fails (-1). */
static int
step_scan(struct rv_xlsx *x)
{
	struct rv_xs *s = &x->xs;
	unsigned long line, col;
	char *p;
	size_t n;

	for (;;) {
		switch (rv_xs_next(s)) {
		case RV_XS_START:
			on_start(x, s->name, s->atts);
			break;
		case RV_XS_END:
			on_end(x, s->name);
			break;
		case RV_XS_TEXT:
			if (x->collect && !x->failed && rv_buf_append(&x->text, s->text, s->tlen) < 0)
				oom(x);
			break;
		case RV_XS_MORE:
			if (take(x, &p, &n) < 0)
				return -1;
			x->final = n == 0;
			if (rv_xs_feed(s, p, n, PAD, x->final) < 0)
				return oom(x), -1;
			if (x->held > 1)
				give_back(x);
			break;
		case RV_XS_EOF:
			x->done = 1;
			return 0;
		default:
			if (s->err == RV_XS_EDOCTYPE)
				fail(x, "%s: a DOCTYPE declaration (not allowed in xlsx)", x->entry);
			else if (s->err == RV_XS_ENOMEM)
				oom(x);
			else {
				position(x, s->erroff, &line, &col);
				fail(x, "%s: bad XML at line %lu, column %lu: %s", x->entry, line, col + 1,
				    rv_xs_errstr(s->err));
			}
			return -1;
		}
		if (x->failed)
			return -1;
		if (x->row_done) {
			x->row_done = 0;
			return 1;
		}
		if (x->data_end)
			return drain(x);
	}
}

/* Expat, for a part in another encoding than UTF-8. */
static int
step_expat(struct rv_xlsx *x)
{
	enum XML_Status st;
	char *p;
	size_t n;

	for (;;) {
		if (x->suspended) {
			x->suspended = 0;
			st = XML_ResumeParser(x->xp);
		} else {
			if (x->final)
				return 0;
			if (take(x, &p, &n) < 0)
				return -1;
			x->final = n == 0;
			st = XML_Parse(x->xp, p, (int)n, x->final);
		}
		if (st == XML_STATUS_SUSPENDED) {
			x->suspended = 1;
			x->row_done = 0;
			return 1;
		}
		if (x->held > 0)
			give_back(x);
		if (st == XML_STATUS_ERROR) {
			if (x->failed)
				return -1;
			if (XML_GetErrorCode(x->xp) == XML_ERROR_ABORTED && x->data_end)
				return drain(x);
			fail(x, "%s: bad XML at line %lu, column %lu: %s", x->entry,
			    (unsigned long)XML_GetCurrentLineNumber(x->xp),
			    (unsigned long)XML_GetCurrentColumnNumber(x->xp) + 1,
			    XML_ErrorString(XML_GetErrorCode(x->xp)));
			return -1;
		}
	}
}

static int
step_on(struct rv_xlsx *x)
{
	char *p;
	size_t n;

	if (x->done)
		return 0;
	if (x->engine == E_NONE) {
		/* A look at the first block (given back to the engine). */
		if (take(x, &p, &n) < 0)
			return -1;
		x->held--;
		if (rv_xs_utf8(p, n)) {
			x->engine = E_SCAN;
			rv_xs_init(&x->xs);
		} else {
			if ((x->xp = XML_ParserCreate(NULL)) == NULL)
				return oom(x), -1;
			XML_SetUserData(x->xp, x);
			XML_SetElementHandler(x->xp, on_start, on_end);
			XML_SetCharacterDataHandler(x->xp, on_text);
			XML_SetStartDoctypeDeclHandler(x->xp, on_doctype);
			x->engine = E_EXPAT;
		}
	}
	return x->engine == E_SCAN ? step_scan(x) : step_expat(x);
}

/* Parse all of entry name in mode. Returns 0, 1 when missing, -1. */
static int
parse_entry(struct rv_xlsx *x, const char *name, int mode)
{
	int rc = open_entry(x, name, mode);

	if (rc == 0) {
		while ((rc = step(x)) == 1)
			;
		if (x->failed)
			rc = -1;
	}
	close_entry(x);
	return rc;
}

/* Resolve a relationship target against the directory of base. */
static char *
resolve(const char *base, const char *target)
{
	struct rv_buf b = {0};
	const char *slash = strrchr(base, '/');
	char *seg, *save, *copy;

	if (*target == '/') {
		target++;
	} else if (slash != NULL && rv_buf_append(&b, base, (size_t)(slash - base)) < 0) {
		return NULL;
	}
	if ((copy = strdup(target)) == NULL) {
		rv_buf_free(&b);
		return NULL;
	}
	for (seg = strtok_r(copy, "/", &save); seg != NULL; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			char *s = b.p != NULL ? strrchr(b.p, '/') : NULL;
			b.len = s != NULL ? (size_t)(s - b.p) : 0;
			if (b.p != NULL)
				b.p[b.len] = '\0';
			continue;
		}
		if ((b.len > 0 && rv_buf_putc(&b, '/') < 0) || rv_buf_puts(&b, seg) < 0) {
			free(copy);
			rv_buf_free(&b);
			return NULL;
		}
	}
	free(copy);
	if (b.p == NULL && rv_buf_reserve(&b, 1) < 0)
		return NULL;
	return b.p;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The workbook's relationship of type suffix: a resolved path, or the
 * default. */
static char *
rel_path(struct rv_xlsx *x, const char *suffix, const char *dflt)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (ends_with(x->rels[i].type, suffix))
			return resolve(x->wbpath, x->rels[i].target);
	return strdup(dflt);
}

static int
load(struct rv_xlsx *x)
{
	char rels[600], *sst, *styles;
	const char *slash;
	size_t i, j;
	int rc;

	snprintf(x->wbpath, sizeof(x->wbpath), "xl/workbook.xml");
	if (parse_entry(x, "_rels/.rels", P_ROOTRELS) < 0)
		return -1;
	slash = strrchr(x->wbpath, '/');
	snprintf(rels, sizeof(rels), "%.*s_rels/%s.rels", slash ? (int)(slash - x->wbpath + 1) : 0,
	    x->wbpath, slash ? slash + 1 : x->wbpath);
	if ((rc = parse_entry(x, x->wbpath, P_WORKBOOK)) != 0) {
		if (rc > 0)
			fail(x, "no %s in the zip file: not an xlsx workbook", x->wbpath);
		return -1;
	}
	if (parse_entry(x, rels, P_RELS) < 0)
		return -1;
	for (i = 0; i < x->nsheets; i++) {
		for (j = 0; j < x->nrels; j++)
			if (strcmp(x->rels[j].id, x->rids[i]) == 0)
				break;
		if (j == x->nrels) {
			x->hidden[i] = 3;	/* no part: nothing to read */
			continue;
		}
		if (!ends_with(x->rels[j].type, "/worksheet"))
			x->hidden[i] = 3;	/* a chart sheet, a dialog sheet... */
		if ((x->paths[i] = resolve(x->wbpath, x->rels[j].target)) == NULL)
			return oom(x), -1;
	}
	styles = rel_path(x, "/styles", "xl/styles.xml");
	sst = rel_path(x, "/sharedStrings", "xl/sharedStrings.xml");
	if (styles == NULL || sst == NULL) {
		free(styles);
		free(sst);
		return oom(x), -1;
	}
	rc = parse_entry(x, styles, P_STYLES) < 0 || parse_entry(x, sst, P_SST) < 0 ? -1 : 0;
	free(styles);
	free(sst);
	return rc;
}

struct rv_xlsx *
rv_xlsx_open(const char *path, const char *mem, size_t n, char *err, size_t errsz)
{
	struct rv_xlsx *x = calloc(1, sizeof(*x));
	size_t i;
	zip_error_t ze;
	zip_source_t *src;
	int zerr = 0;

	if (x == NULL) {
		snprintf(err, errsz, "%s", strerror(ENOMEM));
		return NULL;
	}
	x->err = err;
	x->errsz = errsz;
	pthread_mutex_init(&x->inf.mu, NULL);
	pthread_cond_init(&x->inf.cv, NULL);
	for (i = 0; i < NBLK; i++)
		if ((x->inf.blk[i] = malloc(PAD + CHUNK)) == NULL) {
			oom(x);
			rv_xlsx_close(x);
			return NULL;
		}
	if (path != NULL) {
		x->zip = zip_open(path, ZIP_RDONLY, &zerr);
		zip_error_init_with_code(&ze, zerr);
	} else {
		zip_error_init(&ze);
		if ((src = zip_source_buffer_create(mem, n, 0, &ze)) != NULL &&
		    (x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL)
			zip_source_free(src);
	}
	if (x->zip == NULL) {
		fail(x, "not a readable .xlsx (zip) file, truncated or damaged: %s",
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		rv_xlsx_close(x);
		return NULL;
	}
	zip_error_fini(&ze);
	if (load(x) < 0) {
		rv_xlsx_close(x);
		return NULL;
	}
	return x;
}

size_t
rv_xlsx_nsheets(const struct rv_xlsx *x)
{
	return x->nsheets;
}

char **
rv_xlsx_names(const struct rv_xlsx *x)
{
	return x->names;
}

unsigned char *
rv_xlsx_hidden(const struct rv_xlsx *x)
{
	return x->hidden;
}

static int
by_row(const void *a, const void *b)
{
	const struct merge *p = a, *q = b;

	if (p->r1 != q->r1)
		return p->r1 < q->r1 ? -1 : 1;
	return p->c1 < q->c1 ? -1 : p->c1 > q->c1;
}

static void
free_merges(struct rv_xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nm; i++)
		free(x->m[i].val);
	x->nm = x->mnext = x->nact = 0;
}

int
rv_xlsx_select(struct rv_xlsx *x, size_t i, int fill_merged, char *err, size_t errsz,
    char *cell)
{
	x->err = err;
	x->errsz = errsz;
	x->cellref = cell;
	x->failed = 0;
	cell[0] = '\0';
	close_entry(x);
	free_merges(x);
	x->sheetname = x->names[i];
	x->width = 0;
	x->fill = fill_merged;
	x->rownum = 0;
	x->row_open = 0;
	if (x->paths[i] == NULL) {
		fail(x, "no worksheet part for this sheet");
		return -1;
	}
	if (x->hidden[i] == 3) {
		fail(x, "not a worksheet (a chart or dialog sheet)");
		return -1;
	}
	if (fill_merged) {
		if (parse_entry(x, x->paths[i], P_MERGES) != 0) {
			if (!x->failed)
				fail(x, "no %s in the zip file", x->paths[i]);
			return -1;
		}
		qsort(x->m, x->nm, sizeof(*x->m), by_row);
		free(x->act);
		if ((x->act = malloc((x->nm + 1) * sizeof(*x->act))) == NULL)
			return oom(x), -1;
	}
	if (open_entry(x, x->paths[i], P_SHEET) != 0) {
		if (!x->failed)
			fail(x, "no %s in the zip file", x->paths[i]);
		return -1;
	}
	return 0;
}

static void
sheet_start(struct rv_xlsx *x, const char *el, const char **atts)
{
	const char *v;
	long long n;
	size_t col;
	unsigned long row;

	if (el[0] == 'c' && el[1] == '\0' && x->row_open) {
		/* The hot path: one pass over r, t and s. */
		const char *r = NULL, *t = NULL, *st = NULL;
		for (; atts[0] != NULL; atts += 2) {
			const char *a = local(atts[0]);
			if (a[1] != '\0')
				continue;
			if (a[0] == 'r')
				r = atts[1];
			else if (a[0] == 't')
				t = atts[1];
			else if (a[0] == 's')
				st = atts[1];
		}
		if (r != NULL && *r != '\0') {
			size_t len = strlen(r);
			if (rv_sheet_parse_ref(r, len, &col, &row) != len) {
				fail(x, "bad cell reference '%s'", r);
				return;
			}
			x->col = col;
		} else {
			x->col = x->nextcol;
		}
		if (x->col >= RV_SHEET_MAXCOL) {
			fail(x, "column beyond XFD, the last Excel has");
			return;
		}
		x->nextcol = x->col + 1;
		x->ctype = t == NULL || strcmp(t, "n") == 0 ? 'n' : strcmp(t, "s") == 0 ? 's' :
		    strcmp(t, "b") == 0 ? 'b' : strcmp(t, "e") == 0 ? 'e' : strcmp(t, "d") == 0 ? 'd' : 'S';
		n = number(st);
		x->cstyle = n < 0 ? 0 : (unsigned)n;
		x->text.len = 0;
		x->has_value = 0;
		x->in_is = x->in_rph = 0;
	} else if (strcmp(el, "v") == 0 && x->row_open) {
		x->collect = 1;
		x->has_value = 1;
		x->text.len = 0;	/* a value after an inline string wins */
	} else if (strcmp(el, "is") == 0 && x->row_open) {
		x->in_is = 1;
		x->has_value = 1;
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph++;
	} else if (strcmp(el, "t") == 0 && x->in_is && !x->in_rph) {
		x->collect = 1;
	} else if (strcmp(el, "row") == 0 && x->in_data) {
		n = number(attr(atts, "r"));
		x->rownum = n > 0 ? (unsigned long)n : x->rownum + 1;
		rv_srow_reset(&x->row, x->rownum);
		x->nextcol = x->col = 0;
		x->row_open = 1;
	} else if (strcmp(el, "sheetData") == 0) {
		x->in_data = 1;
	} else if (strcmp(el, "dimension") == 0 && (v = attr(atts, "ref")) != NULL) {
		size_t c1, c2 = 0;
		unsigned long r;
		size_t k = rv_sheet_parse_ref(v, strlen(v), &c1, &r);
		if (k > 0 && v[k] == ':' && rv_sheet_parse_ref(v + k + 1, strlen(v + k + 1), &c2, &r) > 0)
			x->width = c2 + 1 <= RV_SHEET_MAXCOL ? c2 + 1 : 0;
		else if (k > 0 && v[k] == '\0')
			x->width = c1 + 1;
	}
}

/* p, a decimal number as a sheet writes a date serial (45292.5), to *v
 * as strtod would: with at most 15 digits the digits are an exact
 * double, and so is the power of ten they are divided by, and one
 * division rounds correctly. Returns 0, or -1 (other forms, more
 * digits: strtod's). */
static int
decimal(const char *p, double *v)
{
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15};
	unsigned long long m = 0;
	int neg = *p == '-', nd = 0, nf = -1;

	for (p += neg; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			m = m * 10 + (unsigned long long)(*p - '0');
			if (++nd > 15)
				return -1;
			if (nf >= 0)
				nf++;
		} else if (*p == '.' && nf < 0) {
			nf = 0;
		} else {
			return -1;
		}
	}
	if (nd == 0)
		return -1;
	*v = (double)m / p10[nf > 0 ? nf : 0];
	if (neg)
		*v = -*v;
	return 0;
}

/* The value of the cell just read, into the row. */
static void
end_cell(struct rv_xlsx *x)
{
	/* A date pattern's literals expand to themselves, a token to at most
	 * 4 bytes; padded numbers fit too (rv_numfmt_pad checks). */
	char iso[RV_NUMFMT_PATSZ * 4 + 32];
	const char *p;
	size_t n;
	long long k;
	int type = RV_CELL_TEXT;

	x->collect = 0;
	if (!x->has_value)
		return;
	p = x->text.p != NULL ? x->text.p : "";
	n = x->text.len;
	switch (x->ctype) {
	case 's':
		if ((k = number(p)) < 0 && n == 0)
			return;
		if (k < 0) {
			fail(x, "bad shared string index '%.40s'", p);
			return;
		}
		if ((size_t)k >= x->nsst) {
			fail(x, "shared string %lld out of range (the workbook has %zu)", k, x->nsst);
			return;
		}
		p = x->sst.p + x->sstoff[k];
		n = x->sstoff[k + 1] - x->sstoff[k];
		break;
	case 'b':
		type = RV_CELL_BOOL;
		if (strcmp(p, "1") == 0 || strcmp(p, "true") == 0)
			p = "TRUE", n = 4;
		else if (strcmp(p, "0") == 0 || strcmp(p, "false") == 0)
			p = "FALSE", n = 5;
		break;
	case 'e':
		type = RV_CELL_ERROR;
		break;
	case 'd':
		type = RV_CELL_DATE;
		if (n >= 19 && p[10] == 'T') {
			x->text.p[10] = ' ';
			if (p[n - 1] == 'Z')
				n--;
		}
		break;
	case 'S':
		rv_xlsx_unescape(&x->text, 0);
		p = x->text.p;
		n = x->text.len;
		break;
	default:
		if (n == 0)
			return;
		type = RV_CELL_NUM;
		if (x->cstyle < x->nxf && x->xf[x->cstyle].kind != RV_XF_NUMBER) {
			const struct xf *f = &x->xf[x->cstyle];
			char *e = (char *)p + n;
			double v;
			size_t m = 0;
			if (decimal(p, &v) < 0)
				v = strtod(p, &e);
			/* As the format reads when it can be rendered, else ISO 8601. */
			if (e != p && *e == '\0' && ((f->pat != NULL &&
			    (m = rv_numfmt_date(iso, sizeof(iso), v, x->date1904, f->pat)) > 0) ||
			    (m = rv_sheet_serial(iso, v, x->date1904, f->kind)) > 0)) {
				p = iso;
				n = m;
				type = RV_CELL_DATE;
			}
		} else if (x->cstyle < x->nxf && x->xf[x->cstyle].dec > 0) {
			/* 12.5 in a 0.00 format: 12.50, as Excel shows it. */
			size_t m = rv_numfmt_pad(iso, sizeof(iso), p, n, x->xf[x->cstyle].dec);
			if (m > 0) {
				p = iso;
				n = m;
			}
		}
		break;
	}
	if (n == 0)
		return;
	if (rv_srow_set(&x->row, x->col, type, p, n) < 0)
		oom(x);
}

/* Merged ranges: take the value of each one's first cell when its row
 * passes, and put it in the range's other empty cells. */
static void
fill_merges(struct rv_xlsx *x)
{
	struct rv_srow *r = &x->row;
	size_t i, k, c;

	while (x->mnext < x->nm && x->m[x->mnext].r1 <= r->row)
		x->act[x->nact++] = x->mnext++;
	for (i = k = 0; i < x->nact; i++) {
		struct merge *m = &x->m[x->act[i]];
		if (m->r2 < r->row)
			continue;	/* done: drop it */
		x->act[k++] = x->act[i];
		if (m->r1 == r->row && m->c1 < r->n && r->type[m->c1] != RV_CELL_EMPTY) {
			free(m->val);
			if ((m->val = rv_memdup(r->buf.p + r->off[m->c1], r->f[m->c1].len)) == NULL) {
				oom(x);
				return;
			}
			m->len = r->f[m->c1].len;
			m->type = r->type[m->c1];
		}
		if (m->val == NULL)
			continue;
		for (c = m->c1; c <= m->c2 && c < RV_SHEET_MAXCOL; c++)
			if ((c >= r->n || r->type[c] == RV_CELL_EMPTY) &&
			    rv_srow_set(r, c, RV_CELL_FILLED, m->val, m->len) < 0) {
				oom(x);
				return;
			}
	}
	x->nact = k;
}

static void
sheet_end(struct rv_xlsx *x, const char *el)
{
	if (strcmp(el, "c") == 0 && x->row_open) {
		end_cell(x);
	} else if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0) {
		x->collect = 0;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(el, "rPh") == 0 && x->in_rph > 0) {
		x->in_rph--;
	} else if (strcmp(el, "row") == 0 && x->row_open) {
		x->row_open = 0;
		if (x->fill && x->nm > 0)
			fill_merges(x);
		x->row_done = 1;
		if (!x->failed && x->xp != NULL)
			XML_StopParser(x->xp, XML_TRUE);
	} else if (strcmp(el, "sheetData") == 0) {
		/* The rest (merged ranges, print settings) is not parsed. */
		x->in_data = 0;
		x->data_end = 1;
		if (x->xp != NULL)
			XML_StopParser(x->xp, XML_FALSE);
	}
}

int
rv_xlsx_next(struct rv_xlsx *x, struct rv_srow **row, char *err, size_t errsz, char *cell)
{
	int rc;

	x->err = err;
	x->errsz = errsz;
	x->cellref = cell;
	if (x->zf == NULL)
		return 0;
	if ((rc = step(x)) == 1)
		*row = &x->row;
	return rc;
}

size_t
rv_xlsx_width(const struct rv_xlsx *x)
{
	return x->width;
}

void
rv_xlsx_close(struct rv_xlsx *x)
{
	size_t i;

	if (x == NULL)
		return;
	close_entry(x);
	free_merges(x);
	free(x->m);
	free(x->act);
	if (x->zip != NULL)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->names[i]);
		free(x->rids[i]);
		free(x->paths[i]);
	}
	free(x->names);
	free(x->rids);
	free(x->paths);
	free(x->hidden);
	for (i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	free(x->rels);
	rv_buf_free(&x->sst);
	free(x->sstoff);
	free(x->xf);
	for (i = 0; i < x->nfmts; i++)
		free(x->fmts[i].pat);
	free(x->fmts);
	for (i = 0; i < NBLK; i++)
		free(x->inf.blk[i]);
	pthread_mutex_destroy(&x->inf.mu);
	pthread_cond_destroy(&x->inf.cv);
	rv_buf_free(&x->text);
	rv_srow_free(&x->row);
	free(x);
}
