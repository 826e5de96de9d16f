/* rv-export - TSV back to the people who open Excel: an .xlsx workbook
 * (one sheet per input, bold frozen header, auto-filter, fitted column
 * widths, numbers and dates typed) or a CSV that Excel opens as it is
 * (UTF-8 with BOM and CRLF, or GB18030 for older Excel). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "csvout.h"
#include "enc.h"
#include "err.h"
#include "cellkind.h"
#include "tmpfile.h"
#include "xlsxout.h"

enum {
	OPT_MAX_ROWS = RV_OPT_TOOL,
	OPT_MAX_WIDTH,
	OPT_NO_DATES,
	OPT_NO_ID_COLUMNS,
	OPT_NO_NUMBERS,
	OPT_RAW
};

static const struct option longopts[] = {
	{"delimiter", required_argument, NULL, 'd'},
	{"encoding", required_argument, NULL, 'e'},
	{"format", required_argument, NULL, 'f'},
	{"help", no_argument, NULL, 'h'},
	{"no-header", no_argument, NULL, 'n'},
	{"output", required_argument, NULL, 'o'},
	{"sheet", required_argument, NULL, 's'},
	{"max-rows", required_argument, NULL, OPT_MAX_ROWS},
	{"max-width", required_argument, NULL, OPT_MAX_WIDTH},
	{"no-dates", no_argument, NULL, OPT_NO_DATES},
	{"no-id-columns", no_argument, NULL, OPT_NO_ID_COLUMNS},
	{"no-numbers", no_argument, NULL, OPT_NO_NUMBERS},
	{"raw", no_argument, NULL, OPT_RAW},
	{"rejects", required_argument, NULL, RV_OPT_REJECTS},
	{"version", no_argument, NULL, RV_OPT_VERSION},
	{NULL, 0, NULL, 0}
};

struct opts {
	const char *output;	/* -o; "-" is stdout */
	int xlsx;		/* the format: 1 xlsx, 0 csv */
	const char *encoding;	/* csv: iconv name */
	char delim;
	char **sheets;		/* --sheet names, in order */
	int nsheets;
	struct rv_xlsxw_opts xo;
};

/* The output being written, removed by cleanup() when the run dies. */
static struct rv_xlsxw *pending_xlsx;
static const char *pending_csv;

static void parse_args(struct opts *o, struct rv_cli *cli, int argc, char **argv);
static void export_xlsx(const struct opts *o, struct rv_cli *cli, char **files, int nfiles);
static void export_csv(const struct opts *o, struct rv_cli *cli, char **files, int nfiles);
static void usage(int status);

int
main(int argc, char **argv)
{
	struct opts o;
	struct rv_cli cli = {0};

	rv_cli_init(argc, argv);
	parse_args(&o, &cli, argc, argv);
	if (o.xlsx)
		export_xlsx(&o, &cli, argv + optind, argc - optind);
	else
		export_csv(&o, &cli, argv + optind, argc - optind);
	free(o.sheets);
	return RV_EXIT_OK;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && strcasecmp(s + n - k, suf) == 0;
}

static void
parse_args(struct opts *o, struct rv_cli *cli, int argc, char **argv)
{
	const char *format = NULL, *why;
	int c, ninputs;

	memset(o, 0, sizeof(*o));
	o->encoding = "UTF-8";
	o->delim = ',';
	o->xo = (struct rv_xlsxw_opts){RV_XLSXW_ROWS, 60, 1, 1, 1, 1};
	if ((o->sheets = calloc((size_t)argc + 1, sizeof(*o->sheets))) == NULL)
		rv_oom();
	while ((c = getopt_long(argc, argv, "d:e:f:hno:s:", longopts, NULL)) != -1) {
		if (rv_cli_option(cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'd':
			if (strcmp(optarg, "tab") == 0)
				optarg = "\t";
			if (strlen(optarg) != 1 || strchr("\"\r\n", optarg[0]) != NULL)
				rv_usage_error("invalid delimiter '%s': give one character or 'tab'", optarg);
			o->delim = optarg[0];
			break;
		case 'e':
			o->encoding = rv_enc_canon(optarg);
			if (strcmp(o->encoding, "UTF-8") != 0 && strcmp(o->encoding, "GB18030") != 0)
				rv_usage_error("invalid encoding '%s': utf-8 or gb18030", optarg);
			break;
		case 'f':
			format = optarg;
			if (strcasecmp(format, "xlsx") != 0 && strcasecmp(format, "csv") != 0)
				rv_usage_error("invalid format '%s': xlsx or csv", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case 's':
			if ((why = rv_sheet_name_bad(optarg)) != NULL)
				rv_usage_error("invalid sheet name '%s': %s", optarg, why);
			for (int i = 0; i < o->nsheets; i++)
				if (rv_sheet_name_eq(o->sheets[i], optarg))
					rv_usage_error("sheet name '%s' given twice", optarg);
			o->sheets[o->nsheets++] = optarg;
			break;
		case OPT_MAX_ROWS:
			o->xo.max_rows = (unsigned long)rv_cli_long("--max-rows", optarg, 2, RV_XLSXW_ROWS);
			break;
		case OPT_MAX_WIDTH:
			o->xo.max_width = rv_cli_double("--max-width", optarg, 5, 255);
			break;
		case OPT_NO_DATES:
			o->xo.dates = 0;
			break;
		case OPT_NO_ID_COLUMNS:
			o->xo.id_columns = 0;
			break;
		case OPT_NO_NUMBERS:
			o->xo.numbers = 0;
			break;
		case OPT_RAW:
			o->xo.unescape = 0;
			break;
		default:
			rv_try_help(RV_EXIT_USAGE);
		}
	}
	if (format != NULL)
		o->xlsx = strcasecmp(format, "xlsx") == 0;
	else if (o->output != NULL && ends_with(o->output, ".xlsx"))
		o->xlsx = 1;
	else if (o->output != NULL && ends_with(o->output, ".csv"))
		o->xlsx = 0;
	else if (o->output == NULL)
		rv_usage_error("no output: give -o FILE.xlsx or -o FILE.csv (or --format csv for stdout)");
	else
		rv_usage_error("cannot tell the format of '%s' from its name: give --format xlsx or csv",
		    o->output);
	if (o->xlsx && o->output == NULL)
		rv_usage_error("xlsx output needs -o FILE.xlsx (or -o - for a pipe)");
	if (o->output != NULL && strcmp(o->output, "-") == 0)
		o->output = NULL;
	if (o->xlsx && o->output == NULL && isatty(1))
		rv_usage_error("refusing to write an xlsx file to a terminal: give -o FILE.xlsx");
	if (o->xlsx && (strcmp(o->encoding, "UTF-8") != 0 || o->delim != ','))
		rv_usage_error("--encoding and --delimiter are for csv output");
	ninputs = argc - optind > 0 ? argc - optind : 1;
	if (!o->xlsx && o->nsheets > 0)
		rv_usage_error("--sheet is for xlsx output (csv has one table)");
	if (o->nsheets > ninputs)
		rv_usage_error("%d --sheet names for %d input%s", o->nsheets, ninputs,
		    ninputs == 1 ? "" : "s");
}

static void
cleanup(void)
{
	if (pending_xlsx != NULL)
		rv_xlsxw_abort(pending_xlsx);
	pending_xlsx = NULL;
	if (pending_csv != NULL)
		unlink(pending_csv);
	pending_csv = NULL;
}

/* Input k of an xlsx workbook: the rejects file is opened once, for the
 * first, and holds the header of each later input whose header differs
 * from the one written before it, then that input's rejected rows. */
static void
open_sheet_input(struct rv_cli *cli, struct rv_in *in, char **files, int nfiles, int k, struct rv_buf *hdr)
{
	const char *rejects = cli->rejects;

	if (k > 0)
		cli->rejects = NULL;	/* keeps cli->rej open and as it is */
	rv_cli_open_input(cli, in, nfiles > 0 ? 1 : 0, files + k);
	cli->rejects = rejects;
	if (cli->rej == NULL || cli->no_header)
		return;
	if (k > 0 && (hdr->len != in->hdrbuf.len || memcmp(hdr->p, in->hdrbuf.p, hdr->len) != 0))
		rv_cli_rejects_header(cli, in);
	rv_buf_clear(hdr);
	if (rv_buf_append(hdr, in->hdrbuf.p, in->hdrbuf.len) < 0)
		rv_oom();
}

static void
export_xlsx(const struct opts *o, struct rv_cli *cli, char **files, int nfiles)
{
	char (*names)[128] = calloc((size_t)(nfiles > 0 ? nfiles : 1), sizeof(*names));
	unsigned long ncut = 0, nbad = 0;
	struct rv_buf hdr = {0};
	const char *msg;
	struct rv_in in;
	int err, rc;

	if (names == NULL)
		rv_oom();
	rv_sheet_names(names, files, nfiles > 0 ? nfiles : 1, o->sheets, o->nsheets);
	rv_cli_not_input("-o", o->output, files, nfiles);
	if (cli->rejects != NULL)
		rv_cli_not_input("--rejects", cli->rejects, files, nfiles);
	pending_xlsx = rv_xlsxw_open(o->output, &o->xo, &err);
	if (pending_xlsx == NULL)
		rv_die(RV_EXIT_DATA, o->output ? "%s: %s" : "temporary file in %s (set TMPDIR to a writable "
		    "directory): %s", o->output ? o->output : rv_tmpdir(), strerror(err));
	atexit(cleanup);
	for (int k = 0; k < (nfiles > 0 ? nfiles : 1); k++) {
		open_sheet_input(cli, &in, files, nfiles, k, &hdr);
		if (rv_xlsxw_sheet(pending_xlsx, names[k], cli->no_header || in.nhdr == 0 ? NULL : in.hdr,
		    in.nhdr) == NULL)
			rv_dieat(RV_EXIT_DATA, in.r.name, 1, "%s", rv_xlsxw_error(pending_xlsx));
		while ((rc = rv_cli_next(cli, &in)) > 0) {
			int fl;
			if (!rv_cli_row_ok(cli, &in, 0))
				continue;
			if (rv_xlsxw_row(pending_xlsx, in.r.f, in.r.nf) < 0)
				rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno, "%s",
				    rv_xlsxw_error(pending_xlsx));
			fl = rv_xlsxw_flags(pending_xlsx);
			if (fl & RV_XLSXW_NEWSHEET)
				rv_warnat(in.r.name, in.r.lineno, "sheet '%s' is full (%lu rows): continuing "
				    "on sheet '%s'", rv_xlsxw_prev_name(pending_xlsx), o->xo.max_rows,
				    rv_xlsxw_sheet_name(pending_xlsx));
			if ((fl & RV_XLSXW_CUT) && ncut++ == 0)
				rv_warnat(in.r.name, in.r.lineno, "a field longer than %d characters (Excel's "
				    "cell limit) was cut", RV_XLSXW_CELL_MAX);
			if ((fl & RV_XLSX_BADUTF8) && nbad++ == 0)
				rv_warnat(in.r.name, in.r.lineno, "invalid UTF-8 or NUL bytes written as "
				    "U+FFFD (convert the input with rv-import)");
		}
		rv_in_close(&in);
	}
	if (ncut > 1)
		rv_warn("%lu rows had fields cut to %d characters", ncut, RV_XLSXW_CELL_MAX);
	if (nbad > 1)
		rv_warn("%lu rows had invalid UTF-8 or NUL bytes", nbad);
	rc = rv_xlsxw_close(pending_xlsx, &msg);
	pending_xlsx = NULL;
	free(names);
	rv_buf_free(&hdr);
	if (rc < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", o->output ? o->output : "write error", msg);
	rv_cli_finish(cli, NULL);
}

static void
export_csv(const struct opts *o, struct rv_cli *cli, char **files, int nfiles)
{
	struct rv_csvout w;
	struct rv_out out;
	struct rv_in in;
	int fd = 1, rc;

	if (o->output != NULL) {
		struct stat st;
		rv_cli_not_input("-o", o->output, files, nfiles);
		fd = open(o->output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0)
			rv_die(RV_EXIT_DATA, "%s: %s", o->output, strerror(errno));
		/* Only a regular file is removed when the run fails. */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			pending_csv = o->output;
		atexit(cleanup);
	}
	rv_cli_open_input(cli, &in, nfiles, files);
	/* Standard output as a filter's: the rows before an error are written
	 * (a file -o names is removed instead, see cleanup). */
	if (fd == 1)
		rv_cli_out(cli, &out);
	else if (rv_out_init(&out, fd) < 0)
		rv_oom();
	if (rv_csvout_open(&w, &out, o->encoding, o->delim, o->xo.unescape) < 0)
		rv_oom();
	if (!cli->no_header && in.nhdr > 0 && rv_csvout_row(&w, in.hdr, in.nhdr, 0) < 0)
		rv_oom();
	while ((rc = rv_cli_next(cli, &in)) > 0) {
		if (!rv_cli_row_ok(cli, &in, 0))
			continue;
		rc = rv_csvout_row(&w, in.r.f, in.r.nf, cli->no_header ? 0 : in.nhdr);
		if (rc < 0)
			rv_oom();
		if (rc > 0 && w.nbad == 1)
			rv_warnat(in.r.name, in.r.lineno, "invalid UTF-8 has no %s form: bytes written "
			    "as they are", o->encoding);
	}
	if (w.nbad > 1)
		rv_warn("%lu rows had invalid UTF-8", w.nbad);
	rv_csvout_close(&w);
	rv_in_close(&in);
	if (fd == 1) {
		rv_cli_finish(cli, &out);
		return;
	}
	if (rv_out_close(&out) < 0 || close(fd) < 0) {
		int e = out.err ? out.err : errno;
		rv_die(RV_EXIT_DATA, "%s: %s", o->output, strerror(e));
	}
	pending_csv = NULL;
	rv_cli_finish(cli, NULL);
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK)
		rv_try_help(status);
	printf("Usage: rv-export -o file.xlsx|file.csv [-n] [-f xlsx|csv] [-s name]\n"
	    "                 [-e encoding] [-d delim] [--max-rows N] [--max-width W]\n"
	    "                 [--no-dates] [--no-numbers] [--no-id-columns] [--raw]\n"
	    "                 [--rejects file] [file ...]\n"
	    "Write TSV as an Excel workbook (one sheet per input file) or as a CSV file\n"
	    "Excel opens as it is. With no file, or when file is -, read standard input.\n"
	    "\n"
	    "  -o, --output=FILE     the file to write; - for standard output (not a terminal)\n"
	    "  -f, --format=F        xlsx or csv (default: from the extension of FILE)\n"
	    "  -s, --sheet=NAME      name of the sheet of the next input (repeat it; default:\n"
	    "                        the file name, or Sheet1 for standard input)\n"
	    "  -n, --no-header       the input has no header row\n"
	    "  -e, --encoding=E      csv: utf-8 (default, with a BOM) or gb18030 (older Excel)\n"
	    "  -d, --delimiter=C     csv: field separator (default ','; ';' for some locales)\n"
	    "      --max-rows=N      rows per sheet, header included; a full sheet continues\n"
	    "                        on NAME_2 (default and maximum 1048576)\n"
	    "      --max-width=W     column width cap in characters; wider text wraps (default 60)\n"
	    "      --no-dates        keep ISO dates and times as text\n"
	    "      --no-numbers      keep numbers as text\n"
	    "      --no-id-columns   type identifier columns (order_id, phone, 订单号) too\n"
	    "      --raw             keep \\t \\n \\r \\\\ in fields as written (default: unescape)\n"
	    "      --rejects=FILE    write rows whose field count differs from the header's\n"
	    "                        there and go on (default: stop with an error)\n"
	    "  -h, --help            show this help\n"
	    "      --version         show the version\n"
	    "\n"
	    "Examples:\n"
	    "  rv-import export.csv | rv-classify | rv-sentiment | rv-triage | rv-export -o triage.xlsx\n"
	    "  rv-export -o report.xlsx -s 评价 scored.tsv -s 根因 causes.tsv\n"
	    "  rv-export -e gb18030 -o for-excel-2010.csv scored.tsv\n"
	    "\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n");
	exit(RV_EXIT_OK);
}
