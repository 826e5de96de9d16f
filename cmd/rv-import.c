/* rv-import - CSV or TSV in any common encoding to clean UTF-8 TSV.
 * Reads each FILE (or stdin) with lib/csvin.c, which detects the
 * encoding and delimiter and assembles records; this file checks the
 * field count, selects and renames columns, and writes TSV. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "err.h"
#include "tsv.h"

enum { OPT_ESCAPE = RV_OPT_TOOL, OPT_NO_QUOTE, OPT_RENAME, OPT_REPLACE, OPT_TSV };

struct opts {
	struct rv_cli cli;
	struct rv_csvin_opts in;
	const char *columns;	/* -c: output columns, by name or number */
	const char *rename;	/* --rename old=new,... */
	const char *repl;	/* --replace: stands in for TAB/CR/LF/NUL */
	int escape;		/* --escape: \t \n \r \0 \\ instead */
	int verbose;		/* -v: say what was detected */
};

/* State shared across the input files. */
struct run {
	struct opts *o;
	struct rv_out out;
	int shaped;		/* the header (or first row with -n) was seen */
	size_t nexpect;		/* fields every record must have */
	long *sel;		/* output column k is input field sel[k] */
	size_t nsel;
	char **hdr;		/* the first file's header, to compare later ones */
	size_t *hdrlen;
	char **ren;		/* --rename: new name of column k, or NULL */
};

static void parse_args(struct opts *o, int argc, char **argv);
static void import_file(struct run *r, const char *path);
static void shape(struct run *r, struct rv_csvin *c);
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
	if (o.cli.rejects != NULL && (o.cli.rej = fopen(o.cli.rejects, "w")) == NULL)
		rv_die(RV_EXIT_DATA, "%s: %s", o.cli.rejects, strerror(errno));
	if (optind == argc)
		import_file(&r, "-");
	for (i = optind; i < argc; i++)
		import_file(&r, argv[i]);
	rv_cli_finish(&o.cli, &r.out);
	for (i = 0; r.hdr != NULL && (size_t)i < r.nexpect; i++) {
		free(r.hdr[i]);
		free(r.ren[i]);
	}
	free(r.hdr);
	free(r.ren);
	free(r.hdrlen);
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
		{"no-quote", no_argument, NULL, OPT_NO_QUOTE},
		{"rename", required_argument, NULL, OPT_RENAME},
		{"replace", required_argument, NULL, OPT_REPLACE},
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
		case OPT_TSV:
			o->in.delim = '\t';
			break;
		default:
			usage(RV_EXIT_USAGE);
		}
	}
	if (o->rename != NULL && o->cli.no_header)
		rv_usage_error("--rename needs a header: drop -n/--no-header");
}

/* A record that cannot be imported: to --rejects verbatim, or fatal. */
static void
reject(struct run *r, const struct rv_csvin *c, const char *msg)
{
	FILE *rej = r->o->cli.rej;

	if (rej == NULL)
		rv_dieat(RV_EXIT_DATA, c->name, c->line, "%s (use --rejects FILE to set bad records aside)",
		    msg);
	fwrite(c->rec, 1, c->reclen, rej);
	if (c->reclen == 0 || c->rec[c->reclen - 1] != '\n')
		fputc('\n', rej);
	r->o->cli.nrej++;
}

/* Why the current record is malformed, or NULL when it is fine. */
static const char *
problem(const struct run *r, const struct rv_csvin *c, char *msg, size_t size)
{
	if (c->status == RV_CSV_EQUOTE)
		return "quoted field not closed before the end of the input";
	if (c->status == RV_CSV_EENC) {
		snprintf(msg, size, "invalid byte 0x%02X for encoding %s%s%s%s", c->bad.byte, c->enc,
		    strcmp(c->enc_why, "given") ? " (guessed from " : "",
		    strcmp(c->enc_why, "given") ? c->enc_why : "",
		    strcmp(c->enc_why, "given") ? "; name the encoding with -e)" : "");
		return msg;
	}
	if (r->shaped && c->nf != r->nexpect) {
		snprintf(msg, size, "expected %zu fields as in the %s, got %zu", r->nexpect,
		    r->o->cli.no_header ? "first row" : "header", c->nf);
		return msg;
	}
	return NULL;
}

static void
import_file(struct run *r, const char *path)
{
	struct rv_csvin c;
	const char *why;
	char msg[256];
	int rc, first = 1;

	if (rv_csvin_open(&c, path, &r->o->in) < 0)
		rv_dieat(RV_EXIT_DATA, c.name, 0, "%s", strerror(c.err));
	if (r->o->verbose)
		rv_warnat(c.name, 0, "encoding %s (%s), delimiter %s (%s)", c.enc, c.enc_why,
		    c.delim == '\t' ? "TAB" : (char[]){'\'', (char)c.delim, '\'', 0}, c.delim_why);
	while ((rc = rv_csvin_next(&c)) == 1) {
		if (first && !r->o->cli.no_header) {
			first = 0;
			if ((why = problem(r, &c, msg, sizeof(msg))) != NULL)
				rv_dieat(RV_EXIT_DATA, c.name, c.line, "header: %s", why);
			shape(r, &c);
			continue;
		}
		if ((why = problem(r, &c, msg, sizeof(msg))) != NULL) {
			reject(r, &c, why);
			continue;
		}
		if (!r->shaped)
			shape(r, &c);
		for (size_t k = 0; k < r->nsel; k++) {
			const struct rv_field *f = &c.f[r->sel[k]];
			if (k)
				rv_out_tab(&r->out);
			rv_csvin_put(&r->out, f->p, f->len, r->o->repl, strlen(r->o->repl),
			    r->o->escape);
		}
		rv_out_eol(&r->out);
		if (r->out.err)
			rv_die(RV_EXIT_DATA, "write error: %s", strerror(r->out.err));
	}
	if (rc < 0)
		rv_dieat(RV_EXIT_DATA, c.name, 0, "%s", strerror(c.err));
	rv_csvin_close(&c);
}

/* Resolve one column spec (name, then 1-based number) or die. */
static long
column(const struct run *r, const struct rv_csvin *c, const char *spec, size_t n)
{
	struct rv_field *names = NULL;
	char tmp[256];
	long i;

	snprintf(tmp, sizeof(tmp), "%.*s", (int)n, spec);
	if (!r->o->cli.no_header) {
		names = malloc(r->nexpect * sizeof(*names));
		if (names == NULL)
			rv_oom();
		for (size_t k = 0; k < r->nexpect; k++)
			names[k] = (struct rv_field){r->hdr[k], r->hdrlen[k]};
	}
	i = rv_tsv_col(names, names ? r->nexpect : 0, tmp);
	free(names);
	if (i < 0 || (size_t)i >= r->nexpect)
		rv_dieat(RV_EXIT_DATA, c->name, c->line, "no column '%s' in the %s (%zu fields)", tmp,
		    r->o->cli.no_header ? "first row" : "header", r->nexpect);
	return i;
}

/* The first header (or, with -n, the first row) fixes the field count
 * and the output columns; a later file's header must equal it. */
static void
shape(struct run *r, struct rv_csvin *c)
{
	const char *s, *e, *eq, *list;
	const char *hdr = r->o->cli.no_header ? NULL : "";
	size_t k;

	if (r->shaped) {
		int same = c->nf == r->nexpect;
		for (k = 0; same && k < c->nf; k++)
			same = c->f[k].len == r->hdrlen[k] && memcmp(c->f[k].p, r->hdr[k], c->f[k].len) == 0;
		if (!same)
			rv_dieat(RV_EXIT_DATA, c->name, c->line, "header differs from the first file's header");
		return;
	}
	r->shaped = 1;
	r->nexpect = c->nf;
	if ((r->hdr = calloc(c->nf, sizeof(*r->hdr))) == NULL ||
	    (r->hdrlen = calloc(c->nf, sizeof(*r->hdrlen))) == NULL ||
	    (r->ren = calloc(c->nf, sizeof(*r->ren))) == NULL)
		rv_oom();
	for (k = 0; hdr && k < c->nf; k++) {
		if ((r->hdr[k] = malloc(c->f[k].len + 1)) == NULL)
			rv_oom();
		memcpy(r->hdr[k], c->f[k].p, c->f[k].len);
		r->hdr[k][c->f[k].len] = '\0';
		r->hdrlen[k] = c->f[k].len;
	}
	r->sel = malloc((c->nf + (r->o->columns ? strlen(r->o->columns) : 0) + 1) * sizeof(*r->sel));
	if (r->sel == NULL)
		rv_oom();
	list = r->o->columns;
	for (s = list; s != NULL; s = *e ? e + 1 : NULL) {
		e = s + strcspn(s, ",");
		r->sel[r->nsel++] = column(r, c, s, (size_t)(e - s));
	}
	for (k = 0; list == NULL && k < c->nf; k++)
		r->sel[r->nsel++] = (long)k;
	for (s = r->o->rename; s != NULL; s = *e ? e + 1 : NULL) {
		e = s + strcspn(s, ",");
		if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL || eq == s)
			rv_usage_error("invalid --rename '%.*s': expected old=new", (int)(e - s), s);
		long i = column(r, c, s, (size_t)(eq - s));
		free(r->ren[i]);
		if ((r->ren[i] = strndup(eq + 1, (size_t)(e - eq - 1))) == NULL)
			rv_oom();
	}
	if (hdr == NULL)
		return;
	for (k = 0; k < r->nsel; k++) {
		const char *name = r->ren[r->sel[k]] ? r->ren[r->sel[k]] : r->hdr[r->sel[k]];
		size_t len = r->ren[r->sel[k]] ? strlen(name) : r->hdrlen[r->sel[k]];
		if (k)
			rv_out_tab(&r->out);
		rv_csvin_put(&r->out, name, len, r->o->repl, strlen(r->o->repl), r->o->escape);
	}
	rv_out_eol(&r->out);
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK) {
		fprintf(stderr, "Try '%s --help' for more information.\n", rv_progname());
		exit(status);
	}
	printf("Usage: rv-import [-nv] [-c columns] [-d delim] [-e encoding] [--escape | --replace str]\n"
	    "                 [--no-quote] [--rejects file] [--rename old=new,...] [--tsv] [file ...]\n"
	    "Convert CSV (RFC 4180) or TSV in UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16\n"
	    "to clean UTF-8 TSV. Reads the files in turn, or standard input.\n"
	    "\n"
	    "  -c, --columns=LIST     output these columns (names or 1-based numbers, comma-separated)\n"
	    "  -d, --delimiter=C      field separator: one character or 'tab'\n"
	    "                         (default: TAB for *.tsv/*.tab, else the most frequent of\n"
	    "                         , TAB ; in the first line)\n"
	    "  -e, --encoding=ENC     input encoding: auto (default), utf-8, gbk, gb18030, utf-16le,\n"
	    "                         utf-16be, utf-16, or any iconv name\n"
	    "      --escape           write TAB, LF, CR, NUL, backslash in fields as \\t \\n \\r \\0 \\\\\n"
	    "  -h, --help             print this help and exit\n"
	    "      --line-buffered    flush every output line\n"
	    "  -n, --no-header        the input has no header line; columns are numbers\n"
	    "      --no-quote         quotes are ordinary characters (plain TSV)\n"
	    "      --rejects=FILE     write malformed records there verbatim and go on\n"
	    "      --rename=OLD=NEW,...  rename output columns (OLD: name or number)\n"
	    "      --replace=STR      stands in for TAB, LF, CR and NUL inside fields (default: space)\n"
	    "      --tsv              the input is tab-separated (same as -d tab)\n"
	    "  -v, --verbose          report the encoding and delimiter used for each file\n"
	    "      --version          print the version and exit\n"
	    "\n"
	    "Examples:\n"
	    "  rv-import export.csv > reviews.tsv\n"
	    "  rv-import -e gbk -c 评价内容,订单号 --rename 评价内容=text taobao.csv | rv-classify\n"
	    "  rv-import --rejects bad.csv *.csv > all.tsv\n"
	    "\n"
	    "Exit status: 0 ok, 1 malformed input or I/O error, 2 usage error.\n");
	exit(RV_EXIT_OK);
}
