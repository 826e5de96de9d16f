/* rv-import - CSV, TSV or a spreadsheet (.xlsx, .xls, HTML ".xls") to
 * clean UTF-8 TSV. Each FILE (or stdin) is told apart by its first bytes
 * (sheet.h) and read with lib/io/csvin.c, which detects the encoding and
 * delimiter and assembles records, or lib/io/sheetin.c, which picks the
 * sheet and its header row; this file checks the field count, selects
 * and renames columns, and writes TSV. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdnoreturn.h>

#include "cli.h"
#include "csvin.h"
#include "err.h"
#include "sheetin.h"
#include "tsv.h"

enum { OPT_ESCAPE = RV_OPT_TOOL, OPT_FILL_MERGED, OPT_HEADER_ROW, OPT_LIST_SHEETS, OPT_NO_QUOTE,
	OPT_RENAME, OPT_REPLACE, OPT_SHEET, OPT_TSV };

/* Bytes read to tell a spreadsheet from text. */
enum { SNIFF = 4096 };

struct opts {
	struct rv_cli cli;
	struct rv_csvin_opts in;
	const char *columns;	/* -c: output columns, by name or number */
	const char *rename;	/* --rename old=new,... */
	const char *repl;	/* --replace: stands in for TAB/CR/LF/NUL */
	int escape;		/* --escape: \t \n \r \0 \\ instead */
	int verbose;		/* -v: say what was detected */
	struct rv_sheetin_opts sheet;	/* --sheet, --header-row, --fill-merged */
	int list_sheets;	/* --list-sheets */
};

/* One record, from a CSV file or a sheet. */
struct rec {
	const char *name;	/* the file, for messages */
	unsigned long line;	/* CSV: its first line */
	const char *where;	/* sheets: "SHEET!C7", else NULL */
	const struct rv_field *f;
	size_t nf;
	const char *rec;	/* CSV: its text as read; NULL: write f as TSV */
	size_t reclen;
	const struct rv_csvin *csv;	/* CSV: status, encoding */
};

/* State shared across the input files. */
struct run {
	struct opts *o;
	struct rv_out out;
	int shaped;		/* the header (or first row with -n) was seen */
	size_t nexpect;		/* fields every record must have */
	long *sel;		/* output column k is input field sel[k] */
	size_t nsel;
	struct rv_buf hdrbuf;	/* the first header's fields, back to back */
	struct rv_field *hdr;	/* views into hdrbuf (NULL with -n) */
	int nsheets;		/* spreadsheets read (--sheet and co. apply to them) */
	char **ren;		/* --rename: new name of column k, or NULL */
	unsigned long nrepeat;	/* records equal to the header, skipped */
	const char *repeat_name;	/* where the first was */
	unsigned long repeat_line;
};

static void parse_args(struct opts *o, int argc, char **argv);
static void import_file(struct run *r, const char *path);
static void import_sheet(struct run *r, const char *path, struct rv_buf *mem, int kind);
static void take(struct run *r, const struct rec *c, const char *why, int first);
static void shape(struct run *r, const struct rec *c);
static int is_header(const struct run *r, const struct rec *c);
static void put_row(struct run *r, const struct rec *c);
static void usage(int status);

int
main(int argc, char **argv)
{
	struct opts o = {.in = {.quote = '"'}, .repl = " "};
	struct run r = {.o = &o};
	int i;

	rv_cli_init(argc, argv);
	parse_args(&o, argc, argv);
	rv_cli_out(&o.cli, &r.out);
	rv_cli_open_rejects(&o.cli, argv + optind, argc - optind);
	if (optind == argc)
		import_file(&r, "-");
	for (i = optind; i < argc; i++)
		import_file(&r, argv[i]);
	rv_cli_finish(&o.cli, &r.out);
	if (r.nsheets == 0 && (o.sheet.sheet != NULL || o.sheet.header_row || o.sheet.fill_merged))
		rv_warn("%s applies to spreadsheets, and no input was one: it was ignored",
		    o.sheet.sheet != NULL ? "--sheet" : o.sheet.header_row ? "--header-row" :
		    "--fill-merged");
	if (r.nrepeat > 0)
		rv_warn("skipped %lu repeated header line%s (the first at %s:%lu)", r.nrepeat,
		    r.nrepeat == 1 ? "" : "s", r.repeat_name, r.repeat_line);
	for (i = 0; r.ren != NULL && (size_t)i < r.nexpect; i++)
		free(r.ren[i]);
	free(r.ren);
	free(r.hdr);
	rv_buf_free(&r.hdrbuf);
	free(r.sel);
	return RV_EXIT_OK;
}

static void
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		RV_CLI_LONGOPTS, RV_CLI_LINEBUF_LONGOPT,
		{"columns", required_argument, NULL, 'c'},
		{"delimiter", required_argument, NULL, 'd'},
		{"encoding", required_argument, NULL, 'e'},
		{"escape", no_argument, NULL, OPT_ESCAPE},
		{"fill-merged", no_argument, NULL, OPT_FILL_MERGED},
		{"header-row", required_argument, NULL, OPT_HEADER_ROW},
		{"list-sheets", no_argument, NULL, OPT_LIST_SHEETS},
		{"no-quote", no_argument, NULL, OPT_NO_QUOTE},
		{"rename", required_argument, NULL, OPT_RENAME},
		{"replace", required_argument, NULL, OPT_REPLACE},
		{"sheet", required_argument, NULL, OPT_SHEET},
		{"tsv", no_argument, NULL, OPT_TSV},
		{"verbose", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0}
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:d:e:hnv", longopts, NULL)) != -1) {
		if (rv_cli_option(&o->cli, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'c':
			o->columns = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
				o->in.delim = '\t';
			else if (strlen(optarg) == 1 && strchr("\"\r\n", optarg[0]) == NULL)
				o->in.delim = (unsigned char)optarg[0];
			else
				rv_usage_error("invalid delimiter '%s': give one character or 'tab'", optarg);
			break;
		case 'e':
			if (strcmp(optarg, "auto") != 0 && !rv_enc_supported(rv_enc_canon(optarg)))
				rv_usage_error("unknown encoding '%s' (see iconv -l)", optarg);
			o->in.encoding = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case OPT_ESCAPE:
			o->escape = 1;
			break;
		case OPT_FILL_MERGED:
			o->sheet.fill_merged = 1;
			break;
		case OPT_HEADER_ROW:
			o->sheet.header_row = (unsigned long)rv_cli_long("--header-row", optarg, 1, 1048576);
			break;
		case OPT_LIST_SHEETS:
			o->list_sheets = 1;
			break;
		case OPT_NO_QUOTE:
			o->in.quote = -1;
			break;
		case OPT_RENAME:
			o->rename = optarg;
			break;
		case OPT_REPLACE:
			if (strpbrk(optarg, "\t\r\n") != NULL)
				rv_usage_error("--replace string must not hold TAB, CR or LF");
			o->repl = optarg;
			break;
		case OPT_SHEET:
			o->sheet.sheet = optarg;
			break;
		case OPT_TSV:
			o->in.delim = '\t';
			break;
		default:
			usage(RV_EXIT_USAGE);
		}
	}
	if (o->rename != NULL && o->cli.no_header)
		rv_usage_error("--rename needs a header: drop -n/--no-header");
	if (o->sheet.header_row && o->cli.no_header)
		rv_usage_error("--header-row names the header: drop -n/--no-header");
	o->sheet.no_header = o->cli.no_header;
}

/* Die with the record's place: FILE:LINE for CSV, FILE: SHEET!C7 for a
 * sheet. */
static noreturn void die_rec(const struct rec *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static noreturn void
die_rec(const struct rec *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->where != NULL)
		rv_die(RV_EXIT_DATA, "%s: %s: %s", c->name, c->where, msg);
	rv_dieat(RV_EXIT_DATA, c->name, c->line, "%s", msg);
}

/* The record as read to f: CSV text verbatim, sheet rows as TSV. */
static void
write_rec(FILE *f, const struct rec *c)
{
	size_t k, i;

	if (c->rec != NULL) {
		fwrite(c->rec, 1, c->reclen, f);
		if (c->reclen == 0 || c->rec[c->reclen - 1] != '\n')
			fputc('\n', f);
		return;
	}
	for (k = 0; k < c->nf; k++) {
		if (k)
			fputc('\t', f);
		for (i = 0; i < c->f[k].len; i++) {
			char ch = c->f[k].p[i];
			fputc(ch == '\t' || ch == '\n' || ch == '\r' || ch == '\0' ? ' ' : ch, f);
		}
	}
	fputc('\n', f);
}

/* A record that cannot be imported: to --rejects verbatim, or fatal. */
static void
reject(struct run *r, const struct rec *c, const char *msg)
{
	FILE *rej = r->o->cli.rej;

	if (rej == NULL)
		die_rec(c, "%s (use --rejects FILE to set bad records aside)", msg);
	write_rec(rej, c);
	r->o->cli.nrej++;
}

/* Why the current record is malformed, or NULL when it is fine. */
static const char *
problem(const struct run *r, const struct rec *c, char *msg, size_t size)
{
	const struct rv_csvin *v = c->csv;

	if (v != NULL && v->status == RV_CSV_EQUOTE)
		return "quoted field not closed before the end of the input";
	if (v != NULL && v->status == RV_CSV_EENC) {
		snprintf(msg, size, "invalid byte 0x%02X for encoding %s%s%s%s", v->bad.byte, v->enc,
		    strcmp(v->enc_why, "given") ? " (guessed from " : "",
		    strcmp(v->enc_why, "given") ? v->enc_why : "",
		    strcmp(v->enc_why, "given") ? "; name the encoding with -e)" : "");
		return msg;
	}
	if (r->shaped && c->nf != r->nexpect) {
		if (c->where != NULL && c->nf > r->nexpect)
			snprintf(msg, size, "a value right of the %s's last column (%zu columns)",
			    r->o->cli.no_header ? "first rows" : "header", r->nexpect);
		else
			snprintf(msg, size, "expected %zu fields as in the %s, got %zu", r->nexpect,
			    r->o->cli.no_header ? "first row" : "header", c->nf);
		return msg;
	}
	return NULL;
}

/* One record of a file: the header when first, a repeated header, a
 * bad record, or a row. why: what is wrong with the header, if anything. */
static void
take(struct run *r, const struct rec *c, const char *why, int first)
{
	char msg[256];

	if (first && !r->o->cli.no_header) {
		if (why != NULL)
			die_rec(c, "header: %s", why);
		shape(r, c);
		return;
	}
	if (r->hdr != NULL && is_header(r, c)) {
		/* Files or chunks concatenated with their headers. */
		if (r->nrepeat++ == 0) {
			r->repeat_name = c->name;
			r->repeat_line = c->line;
		}
		return;
	}
	if ((why = problem(r, c, msg, sizeof(msg))) != NULL) {
		reject(r, c, why);
		return;
	}
	if (!r->shaped)
		shape(r, c);
	put_row(r, c);
}

static void
import_file(struct run *r, const char *path)
{
	struct rv_csvin_opts in = r->o->in;
	struct rv_csvin c;
	struct rec rc1 = {0};
	struct rv_buf mem = {0};
	const char *why;
	char msg[256], pre[SNIFF];
	int rc, kind, first = 1;

	/* The first bytes say what it is (stdin's are kept in pre for the
	 * CSV reader). */
	if ((kind = rv_sheet_sniff_file(strcmp(path, "-") ? path : NULL, pre, SNIFF, &in.npre)) < 0)
		rv_dieat(RV_EXIT_DATA, strcmp(path, "-") ? path : "<stdin>", 0, "%s", strerror(errno));
	if (kind != RV_SHEET_NONE) {
		if (!strcmp(path, "-") && rv_sheet_read_stdin(&mem, pre, in.npre) < 0) {
			if (errno == ENOMEM)
				rv_oom();
			rv_dieat(RV_EXIT_DATA, "<stdin>", 0, "%s", strerror(errno));
		}
		r->nsheets++;
		import_sheet(r, strcmp(path, "-") ? path : NULL, &mem, kind);
		rv_buf_free(&mem);
		return;
	}
	if (r->o->list_sheets)
		rv_dieat(RV_EXIT_DATA, strcmp(path, "-") ? path : "<stdin>", 0,
		    "not a spreadsheet (.xlsx, .xls or HTML table): no sheets to list");
	in.pre = pre;
	if (rv_csvin_open(&c, path, &in) < 0)
		rv_dieat(RV_EXIT_DATA, c.name, 0, "%s", strerror(c.err));
	if (r->o->verbose)
		rv_warnat(c.name, 0, "encoding %s (%s), delimiter %s (%s)", c.enc, c.enc_why,
		    c.delim == '\t' ? "TAB" : (char[]){'\'', (char)c.delim, '\'', 0}, c.delim_why);
	rc1.csv = &c;
	rc1.name = c.name;
	while ((rc = rv_csvin_next(&c)) == 1) {
		rc1.line = c.line;
		rc1.f = c.f;
		rc1.nf = c.nf;
		rc1.rec = c.rec;
		rc1.reclen = c.reclen;
		why = first && c.status != RV_CSV_OK ? problem(r, &rc1, msg, sizeof(msg)) : NULL;
		take(r, &rc1, why, first);
		first = 0;
	}
	if (rc < 0)
		rv_dieat(RV_EXIT_DATA, c.name, 0, "%s", strerror(c.err));
	rv_csvin_close(&c);
}

static void
list_sheets(struct run *r, const char *name, const struct rv_sheet *s)
{
	static const char *const state[] = {"visible", "hidden", "very hidden", "not a worksheet"};
	size_t i;

	if (!r->shaped) {
		r->shaped = 1;
		rv_out_write(&r->out, "file\tsheet\tname\tstate", 21);
		rv_out_eol(&r->out);
	}
	for (i = 0; i < s->nsheets; i++) {
		size_t nrepl = strlen(r->o->repl);
		rv_csvin_put(&r->out, name, strlen(name), r->o->repl, nrepl, r->o->escape);
		rv_out_printf(&r->out, "\t%zu\t", i + 1);
		rv_csvin_put(&r->out, s->sheets[i], strlen(s->sheets[i]), r->o->repl, nrepl, r->o->escape);
		rv_out_printf(&r->out, "\t%s", state[s->hidden[i] & 3]);
		rv_out_eol(&r->out);
	}
}

/* A spreadsheet: path (NULL: standard input, read into mem). */
static void
import_sheet(struct run *r, const char *path, struct rv_buf *mem, int kind)
{
	static const char *const kinds[] = {"", "xlsx", "xls (BIFF)", "HTML table"};
	const char *name = path != NULL ? path : "<stdin>";
	struct rv_sheetin in;
	struct rec c = {0};
	int rc, first = 1;

	if (kind == RV_SHEET_HTML && path != NULL && rv_buf_read_file(mem, path) < 0)
		rv_dieat(RV_EXIT_DATA, name, 0, "%s", strerror(errno));
	rc = rv_sheetin_open(&in, name, path, kind == RV_SHEET_HTML || path == NULL ? mem->p : NULL,
	    mem->len, kind, &r->o->sheet);
	if (rc == -1 && in.where[0] != '\0')
		rv_die(RV_EXIT_DATA, "%s: %s: %s", name, in.where, in.s.err);
	if (rc < 0)
		rv_dieat(RV_EXIT_DATA, name, 0, "%s", in.s.err);
	if (r->o->list_sheets) {
		list_sheets(r, name, &in.s);
		rv_sheetin_close(&in);
		return;
	}
	c.name = name;
	c.where = in.where;
	while ((rc = rv_sheetin_next(&in)) == 1) {
		if (first && r->o->verbose)
			rv_warnat(name, 0, "%s, sheet '%s' (%zu of %zu), %s", kinds[kind],
			    rv_sheetin_sheet(&in), in.s.cur + 1, in.s.nsheets, in.note);
		c.f = in.f;
		c.nf = in.nf;
		c.line = in.row;	/* for the repeated-header count */
		take(r, &c, NULL, first);
		first = 0;
	}
	if (rc < 0)
		rv_die(RV_EXIT_DATA, "%s: %s: %s", name, in.where, in.s.err);
	rv_sheetin_close(&in);
}

static void
put_row(struct run *r, const struct rec *c)
{
	size_t k, nrepl = strlen(r->o->repl);

	for (k = 0; k < r->nsel; k++) {
		const struct rv_field *f = &c->f[r->sel[k]];
		if (k)
			rv_out_tab(&r->out);
		rv_csvin_put(&r->out, f->p, f->len, r->o->repl, nrepl, r->o->escape);
	}
	rv_out_eol(&r->out);
	if (r->out.err)
		rv_die(RV_EXIT_DATA, "write error: %s", strerror(r->out.err));
}

/* Resolve a column list or die: the data lacks the column (exit 1). */
static size_t
columns(struct run *r, const struct rec *c, const char *list, long *idx)
{
	struct rv_buf cols = {0};
	const char *bad;
	size_t badlen, k;
	long n = rv_csvin_columns(r->hdr, r->nexpect, list, idx, &bad, &badlen);

	if (n >= 0)
		return (size_t)n;
	if (r->hdr == NULL)
		die_rec(c, "no column '%.*s': the first row has %zu fields",
		    (int)badlen, bad, r->nexpect);
	for (k = 0; k < r->nexpect && k < 20; k++)
		rv_buf_printf(&cols, "%s%.*s", k ? ", " : "", (int)r->hdr[k].len, r->hdr[k].p);
	die_rec(c, "no column '%.*s' in the header (columns: %s%s)",
	    (int)badlen, bad, cols.p ? cols.p : "", r->nexpect > 20 ? ", ..." : "");
}

/* The first header (or, with -n, the first row) fixes the field count
 * and the output columns; a later file's header must equal it. */
static void
shape(struct run *r, const struct rec *c)
{
	const char *list = r->o->columns, *s, *e, *eq;
	size_t k, off = 0;
	long i;

	if (r->shaped) {
		if (!is_header(r, c))
			die_rec(c, "header differs from the first file's header");
		return;
	}
	r->shaped = 1;
	r->nexpect = c->nf;
	r->sel = malloc((c->nf + (list ? strlen(list) : 0) + 1) * sizeof(*r->sel));
	r->ren = calloc(c->nf, sizeof(*r->ren));
	if (r->sel == NULL || r->ren == NULL)
		rv_oom();
	if (!r->o->cli.no_header) {
		if ((r->hdr = malloc(c->nf * sizeof(*r->hdr))) == NULL ||
		    rv_buf_reserve(&r->hdrbuf, 1) < 0)
			rv_oom();
		for (k = 0; k < c->nf; k++)
			if (rv_buf_append(&r->hdrbuf, c->f[k].p, c->f[k].len) < 0)
				rv_oom();
		for (k = 0; k < c->nf; off += c->f[k++].len)
			r->hdr[k] = (struct rv_field){r->hdrbuf.p + off, c->f[k].len};
		if (r->o->cli.rej != NULL)	/* so the rejects file is importable */
			write_rec(r->o->cli.rej, c);
	}
	if (list != NULL)
		r->nsel = columns(r, c, list, r->sel);
	for (k = 0; list == NULL && k < c->nf; k++)
		r->sel[r->nsel++] = (long)k;
	for (s = r->o->rename; s != NULL; s = *e ? e + 1 : NULL) {
		e = s + strcspn(s, ",");
		if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL || eq == s)
			rv_usage_error("invalid --rename '%.*s': expected old=new", (int)(e - s), s);
		char old[256];
		snprintf(old, sizeof(old), "%.*s", (int)(eq - s), s);
		columns(r, c, old, &i);
		free(r->ren[i]);
		if ((r->ren[i] = strndup(eq + 1, (size_t)(e - eq - 1))) == NULL)
			rv_oom();
	}
	for (k = 0; r->hdr != NULL && k < r->nsel; k++) {
		i = r->sel[k];
		if (k)
			rv_out_tab(&r->out);
		rv_csvin_put(&r->out, r->ren[i] ? r->ren[i] : r->hdr[i].p,
		    r->ren[i] ? strlen(r->ren[i]) : r->hdr[i].len, r->o->repl, strlen(r->o->repl),
		    r->o->escape);
	}
	if (r->hdr != NULL)
		rv_out_eol(&r->out);
}

/* Is the record the (first file's) header? A BOM before it does not matter. */
static int
is_header(const struct run *r, const struct rec *c)
{
	size_t k;

	if (c->nf != r->nexpect)
		return 0;
	for (k = 0; k < c->nf; k++) {
		const char *p = c->f[k].p;
		size_t n = c->f[k].len;
		if (k == 0 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 && n - 3 == r->hdr[0].len) {
			p += 3;
			n -= 3;
		}
		if (n != r->hdr[k].len || memcmp(p, r->hdr[k].p, n) != 0)
			return 0;
	}
	return 1;
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK) {
		rv_try_help(status);
	}
	printf("Usage: rv-import [-nv] [-c columns] [-d delim] [-e encoding] [--escape | --replace str]\n"
	    "                 [--fill-merged] [--header-row n] [--list-sheets] [--no-quote]\n"
	    "                 [--rejects file] [--rename old=new,...] [--sheet name | n] [--tsv]\n"
	    "                 [file ...]\n"
	    "Convert CSV (RFC 4180) or TSV in UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16, or a\n"
	    "spreadsheet (.xlsx, .xls, an HTML table saved as .xls: told by content), to clean\n"
	    "UTF-8 TSV. Reads the files in turn, or standard input.\n"
	    "\n"
	    "  -c, --columns=LIST     output these columns (names or 1-based numbers, comma-separated)\n"
	    "  -d, --delimiter=C      field separator: one character or 'tab'\n"
	    "                         (default: TAB for *.tsv/*.tab, else the most frequent of\n"
	    "                         , TAB ; in the first line)\n"
	    "  -e, --encoding=ENC     input encoding: auto (default), utf-8, gbk, gb18030, utf-16le,\n"
	    "                         utf-16be, utf-16, or any iconv name\n"
	    "      --escape           write TAB, LF, CR, NUL, backslash in fields as \\t \\n \\r \\0 \\\\\n"
	    "      --fill-merged      spreadsheets: repeat a merged cell's value in all its cells\n"
	    "  -h, --help             print this help and exit\n"
	    "      --header-row=N     spreadsheets: row N is the header (default: the first all-text\n"
	    "                         row that spans the table below it; title rows are skipped)\n"
	    "      --line-buffered    flush every output line\n"
	    "      --list-sheets      list the sheets of each spreadsheet instead (file, number, name,\n"
	    "                         state)\n"
	    "  -n, --no-header        the input has no header line; columns are numbers\n"
	    "      --no-quote         quotes are ordinary characters (plain TSV)\n"
	    "      --rejects=FILE     write malformed records there verbatim and go on\n"
	    "      --rename=OLD=NEW,...  rename output columns (OLD: name or number)\n"
	    "      --replace=STR      stands in for TAB, LF, CR and NUL inside fields (default: space)\n"
	    "      --sheet=NAME|N     spreadsheets: the sheet to read (default: the first visible)\n"
	    "      --tsv              the input is tab-separated (same as -d tab)\n"
	    "  -v, --verbose          report the encoding and delimiter (spreadsheets: the sheet and\n"
	    "                         header row) used for each file\n"
	    "      --version          print the version and exit\n"
	    "\n"
	    "Examples:\n"
	    "  rv-import export.csv > reviews.tsv\n"
	    "  rv-import -e gbk -c 评价内容,订单号 --rename 评价内容=text taobao.csv | rv-classify\n"
	    "  rv-import -v --sheet 评价 jd-export.xlsx | rv-classify | rv-sentiment > scored.tsv\n"
	    "  rv-import --rejects bad.csv *.csv > all.tsv\n"
	    "\n"
	    "Exit status: 0 ok, 1 malformed input or I/O error, 2 usage error.\n");
	exit(RV_EXIT_OK);
}
