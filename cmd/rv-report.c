/* rv-report - the monthly complaint report as one self-contained HTML
 * page: volume with rv-trend's alerts, categories, intensity and
 * emotion, triage and deadlines, root causes, new terms, the emotion
 * curve and representative reviews, each with a finding, a chart and
 * its table. The page is built in lib/tools/report.c; see rv-report(1). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "isotime.h"
#include "report.h"
#include "tmpfile.h"

enum { OPT_FROM = RV_OPT_TOOL, OPT_TO, OPT_OUTCOME, OPT_LANG, OPT_ID, OPT_REPLY, OPT_NOW, OPT_TEXT };

struct opts {
	const char *period, *from, *to, *out, *now;
	struct rv_report_opts r;
};

static void parse_args(int argc, char **argv, struct rv_cli *cli, struct opts *o);
static void set_period(struct opts *o, struct rv_cli *cli, int nfiles, char **files);
static struct rv_report *report_new(const struct rv_report_opts *ro, const struct rv_in *in, int no_header);
static char *spool_stdin(void);
static void usage(int status);

/* The copy of standard input read twice when the period is found from
 * the data (removed at exit). */
static char *spooled;

static void
unspool(void)
{
	if (spooled != NULL)
		unlink(spooled);
	free(spooled);
}

int
main(int argc, char **argv)
{
	struct rv_cli cli = {0};
	struct opts o = {0};
	struct rv_in in;
	struct rv_out out;
	struct rv_report *r;
	char err[256], *one[1];
	char **files = argv + optind;
	int nfiles, fd = 1;

	rv_cli_init(argc, argv);
	parse_args(argc, argv, &cli, &o);
	files = argv + optind;
	nfiles = argc - optind;
	rv_cli_not_input("-o", o.out, files, nfiles);
	if (o.period == NULL && o.from == NULL && (nfiles == 0 || (nfiles == 1 && strcmp(files[0], "-") == 0))) {
		atexit(unspool);
		one[0] = spooled = spool_stdin();
		files = one;
		nfiles = 1;
	}
	set_period(&o, &cli, nfiles, files);
	rv_cli_open_input(&cli, &in, nfiles, files);
	if (spooled != NULL)
		in.r.name = "<stdin>";
	if (in.nhdr == 0 && !cli.no_header)
		rv_die(RV_EXIT_DATA, "%s: empty input (not even a header line): nothing to report", in.r.name);
	r = report_new(&o.r, &in, cli.no_header);
	while (rv_cli_next(&cli, &in)) {
		if (!rv_cli_row_ok(&cli, &in, rv_report_need(r)))
			continue;
		switch (rv_report_add(r, in.r.f, in.r.nf, err, sizeof(err))) {
		case -1: rv_oom();
		case 1: rv_cli_reject(&cli, &in, "%s", err); break;
		}
	}
	if (rv_report_rows(r, 0) == 0)
		rv_die(RV_EXIT_DATA, "no rows in the period %s (column %s); choose another with --period "
		    "or --from/--to", o.r.label, o.r.time);
	if (rv_report_outcome_unseen(r))
		rv_warn("--outcome %s: no row of the period %s has that value; the root causes "
		    "explain a rate of 0", o.r.outcome, o.r.label);
	/* -o FILE is opened only now, after the whole input was read: bad
	 * input leaves last month's page alone. */
	if (o.out && (fd = open(o.out, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", o.out, strerror(errno));
	if (rv_out_init(&out, fd) < 0 || rv_report_write(r, &out) < 0)
		rv_oom();
	if (rv_out_close(&out) < 0)
		rv_die(RV_EXIT_DATA, "%s: write error: %s", o.out ? o.out : "stdout", strerror(out.err));
	if (fd != 1 && close(fd) < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", o.out, strerror(errno));
	rv_cli_finish(&cli, NULL);
	rv_report_free(r);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

/* The report's columns resolved from the header, or die: a bad option
 * value is a usage error, a column the header lacks FILE:1 as in the
 * other tools. */
static struct rv_report *
report_new(const struct rv_report_opts *ro, const struct rv_in *in, int no_header)
{
	struct rv_report *r;
	char err[256];
	int usage_err;

	if ((r = rv_report_new(ro, in->hdr, in->nhdr, &usage_err, err, sizeof(err))) == NULL) {
		if (err[0] == '\0')
			rv_oom();
		if (usage_err)
			rv_usage_error("%s", err);
		rv_dieat(RV_EXIT_DATA, in->r.name, no_header ? 0 : 1, "%s", err);
	}
	return r;
}

static void
parse_args(int argc, char **argv, struct rv_cli *cli, struct opts *o)
{
	static const struct option longopts[] = {
		{"dims", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"period", required_argument, NULL, 'p'},
		{"time", required_argument, NULL, 't'},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"outcome", required_argument, NULL, OPT_OUTCOME},
		{"lang", required_argument, NULL, OPT_LANG},
		{"id", required_argument, NULL, OPT_ID},
		{"reply", required_argument, NULL, OPT_REPLY},
		{"now", required_argument, NULL, OPT_NOW},
		{"text", required_argument, NULL, OPT_TEXT},
		RV_CLI_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	int c;

	o->r.time = "time";
	o->r.lang = RV_REPORT_AUTO;
	while ((c = getopt_long(argc, argv, "d:hno:p:t:", longopts, NULL)) != -1) {
		if (c != 't' && rv_cli_option(cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'd': o->r.dims = optarg; break;
		case 'o': o->out = optarg; break;
		case 'p': o->period = optarg; break;
		case 't': o->r.time = optarg; break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_TO: o->to = optarg; break;
		case OPT_OUTCOME: o->r.outcome = optarg; break;
		case OPT_LANG:
		{
			static const char *const langs[] = {"auto", "zh", "en", NULL};
			static const int code[] = {RV_REPORT_AUTO, RV_REPORT_ZH, RV_REPORT_EN};
			o->r.lang = code[rv_cli_choice("--lang", optarg, langs)];
			break;
		}
		case OPT_ID: o->r.id = optarg; break;
		case OPT_REPLY: o->r.reply = optarg; break;
		case OPT_NOW: o->now = optarg; break;
		case OPT_TEXT: o->r.text = optarg; break;
		default: usage(RV_EXIT_USAGE);
		}
	}
	if (o->period != NULL && (o->from != NULL || o->to != NULL))
		rv_usage_error("--period and --from/--to exclude each other");
	if ((o->from == NULL) != (o->to == NULL))
		rv_usage_error("--from and --to go together");
	if (o->r.time[0] == '\0')
		rv_usage_error("invalid -t '': empty column name");
	if (o->r.dims != NULL && (o->r.dims[0] == '\0' || o->r.dims[0] == ',' || strstr(o->r.dims, ",,") ||
	    o->r.dims[strlen(o->r.dims) - 1] == ','))
		rv_usage_error("invalid -d '%s': empty dimension name", o->r.dims);
}

/* The period: --period, --from/--to, or the last full month of the data
 * (a first pass over the input for its latest time). */
static void
set_period(struct opts *o, struct rv_cli *cli, int nfiles, char **files)
{
	struct rv_isotime tz = {0};
	char month[8];
	long long t, tmax = 0;
	int any = 0;

	if (o->now != NULL && rv_isotime_parse(&tz, o->now, strlen(o->now), &o->r.now) < 0)
		rv_usage_error("invalid --now '%s': expected ISO 8601 (2026-12-01T09:00:00+08:00) or Unix seconds",
		    o->now);
	if (o->from != NULL) {
		if (rv_report_day(&tz, o->from, 0, &o->r.from) < 0)
			rv_usage_error("invalid --from '%s': expected a date YYYY-MM-DD", o->from);
		if (rv_report_day(&tz, o->to, 1, &o->r.to) < 0)
			rv_usage_error("invalid --to '%s': expected a date YYYY-MM-DD", o->to);
		if (o->r.to <= o->r.from)
			rv_usage_error("--to %s is before --from %s", o->to, o->from);
		rv_report_prev(&tz, &o->r, 0);
		return;
	}
	if (o->period == NULL) {
		/* The rows the second pass takes, judged as it judges them: a
		 * malformed row stops the run here, at its line, or (with
		 * --rejects) is left to the second pass to set aside; it
		 * never chooses the month. */
		struct rv_cli first = {0};
		struct rv_report_opts probe = o->r;
		struct rv_report *r;
		struct rv_in in;
		char err[256];
		size_t need;
		if (rv_in_open(&in, files, nfiles, cli->no_header) != RV_IN_OK)
			rv_die(RV_EXIT_DATA, "%s: %s", in.r.name, strerror(in.r.err));
		if (spooled != NULL)
			in.r.name = "<stdin>";
		if (in.nhdr == 0 && !cli->no_header)
			rv_die(RV_EXIT_DATA, "%s: empty input (not even a header line): nothing to report",
			    in.r.name);
		probe.from = 0;
		probe.to = 86400;	/* any period: only the columns matter */
		r = report_new(&probe, &in, cli->no_header);
		need = rv_report_need(r);
		first.no_header = cli->no_header;
		first.repeat_quiet = 1;	/* the second pass tells */
		while (rv_cli_next(&first, &in)) {
			int ok = cli->no_header ? in.r.nf >= need : in.r.nf == in.nhdr;
			if (!ok && cli->rejects == NULL)
				rv_cli_row_ok(&first, &in, need);	/* dies: FILE:LINE */
			if (!ok || rv_report_check(r, in.r.f, in.r.nf, &t, err, sizeof(err)) != 0) {
				if (cli->rejects == NULL)
					rv_cli_reject(&first, &in, "%s", err);	/* dies */
				continue;
			}
			if (!any || t > tmax)
				tmax = t, any = 1;
		}
		rv_report_free(r);
		rv_in_close(&in);
		if (!any)
			rv_die(RV_EXIT_DATA, "%s: no row with a valid time in column '%s': nothing to report",
			    spooled ? "<stdin>" : files[0], o->r.time);
		rv_report_last_month(&tz, tmax, month);
		/* Times before February 1970 (or past 9999) have no month to
		 * report: most likely -t names a column of small numbers,
		 * read as Unix seconds. A data error, not a bad --period. */
		if (rv_report_month(&tz, month, &o->r.from, &o->r.to) < 0) {
			char when[32];
			rv_isotime_fmt(&tz, when, tmax);
			rv_die(RV_EXIT_DATA, "%s: the latest time in column '%s' is %s: its last full "
			    "month, %s, is out of range (1970-01 to 9999-11; is '%s' the time column? "
			    "choose it with -t, or the month with -p)", spooled ? "<stdin>" : files[0],
			    o->r.time, when, month, o->r.time);
		}
		o->period = month;
	}
	if (rv_report_month(&tz, o->period, &o->r.from, &o->r.to) < 0)
		rv_usage_error("invalid --period '%s': expected a month YYYY-MM", o->period);
	rv_report_prev(&tz, &o->r, 1);
	o->period = NULL;	/* month[] goes out of scope; the label holds it */
}

/* Copy standard input to a temporary file (the input is read twice). */
static char *
spool_stdin(void)
{
	char *path, buf[65536];
	ssize_t n;
	int fd;

	if ((fd = rv_mkstemp("rv-report", &path)) < 0)
		rv_die(RV_EXIT_DATA, "temporary file in %s (standard input is read twice; set TMPDIR to a "
		    "writable directory, or give the month with -p): %s", rv_tmpdir(), strerror(errno));
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rv_die(RV_EXIT_DATA, "<stdin>: %s", strerror(errno));
		}
		for (ssize_t w = 0, k; w < n; w += k)
			if ((k = write(fd, buf + w, (size_t)(n - w))) < 0)
				rv_die(RV_EXIT_DATA, "%s: %s", path, strerror(errno));
	}
	if (close(fd) < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", path, strerror(errno));
	return path;
}

static void
usage(int status)
{
	if (status)
		rv_try_help(status);
	fputs("Usage: rv-report [-t field] [-p month | --from date --to date] [-d field[,field...]]\n"
	    "                 [--outcome field[=value]] [--lang zh|en|auto] [--id field]\n"
	    "                 [--reply field] [--now time] [--text field] [-o file] [-n]\n"
	    "                 [--rejects file] [file ...]\n"
	    "Write the monthly complaint report of a scored table (rv-classify | rv-sentiment |\n"
	    "rv-triage) as one self-contained HTML page: volume and alerts, categories,\n"
	    "intensity and emotion, triage, root causes, new terms, the emotion curve and\n"
	    "representative reviews, each with a finding, a chart and its table.\n"
	    "Reads TSV from the files or standard input.\n"
	    "\n"
	    "  -t, --time=FIELD       time column: ISO 8601 or Unix seconds (default: time)\n"
	    "  -p, --period=YYYY-MM   the month reported (default: the last full month)\n"
	    "      --from=DATE, --to=DATE  the days reported instead (YYYY-MM-DD, inclusive)\n"
	    "  -d, --dims=LIST        dimension columns for the root causes (sku,carrier,...)\n"
	    "      --outcome=F[=V]    the rate the root causes explain (default: polarity=neg)\n"
	    "      --lang=L           labels in zh or en (default auto: from the texts)\n"
	    "      --id=FIELD         review id column (default: id, else the first *_id)\n"
	    "      --reply=FIELD      reply time column (default: replied, when present)\n"
	    "      --now=TIME         the time past-due counts are taken at (default: period end)\n"
	    "      --text=FIELD       text column (default: text)\n"
	    "  -o, --output=FILE      write the page to FILE (written only when all went well)\n"
	    "  -n, --no-header        no header line; fields by number\n"
	    "      --rejects=FILE     write bad rows there and go on\n"
	    "  -h, --help             this help;  --version  the version\n"
	    "\n"
	    "Examples:\n"
	    "  rv-classify reviews.tsv | rv-sentiment | rv-triage | rv-report -o report.html\n"
	    "  rv-report -t date -p 2026-10 -d carrier,province scored.tsv > 2026-10.html\n"
	    "  rv-report -t date --from 2026-10-01 --to 2026-10-14 --lang en scored.tsv -o r.html\n"
	    "\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", stdout);
	exit(RV_EXIT_OK);
}
