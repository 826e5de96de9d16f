/* rv-plot - draw any rv table: a line chart with interval bands and
 * marked points, or grouped bars, as SVG or as Unicode bars in a
 * terminal. Reads TSV; writes the chart to stdout or -o FILE. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "num.h"
#include "plot.h"
#include "utf8.h"

enum { OPT_BAND = RV_OPT_TOOL, OPT_MARK, OPT_SERIES, OPT_BAR, OPT_TERM, OPT_TITLE,
	OPT_WIDTH, OPT_HEIGHT };

struct opts {
	const char *x, *y, *band, *mark, *series, *out;
	int term;
	struct rv_plot_opts p;
	char lo[256], hi[256];	/* --band split at the comma */
};

static void parse_args(struct opts *, struct rv_cli *, int, char **);
static int number(struct rv_cli *, const struct rv_in *, long, const char *, double *);
static void usage(int);

int
main(int argc, char **argv)
{
	struct opts op;
	struct rv_cli cli = {0};
	struct rv_in in;
	struct rv_out out;
	struct rv_plot *p;
	long cx, cy, clo = -1, chi = -1, cm = -1, cs = -1, crole = -1;
	unsigned long others = 0;
	size_t need;
	int fd = 1;

	rv_cli_init(argc, argv);
	parse_args(&op, &cli, argc, argv);
	rv_cli_not_input("-o", op.out, argv + optind, argc - optind);
	rv_cli_open_input(&cli, &in, argc - optind, argv + optind);
	if ((p = rv_plot_new(&op.p)) == NULL)
		rv_oom();
	if (in.nhdr > 0 || cli.no_header) {
		cx = rv_cli_col(&in, op.x, "x");
		cy = rv_cli_col(&in, op.y, "y");
		if (op.band)
			clo = rv_cli_col(&in, op.lo, "band"), chi = rv_cli_col(&in, op.hi, "band");
		if (op.mark)
			cm = rv_cli_col(&in, op.mark, "mark");
		if (op.series)
			cs = rv_cli_col(&in, op.series, "series");
		need = (size_t)(cx > cy ? cx : cy) + 1;
		if ((size_t)clo + 1 > need && clo >= 0) need = (size_t)clo + 1;
		if ((size_t)chi + 1 > need && chi >= 0) need = (size_t)chi + 1;
		if ((size_t)cm + 1 > need && cm >= 0) need = (size_t)cm + 1;
		if ((size_t)cs + 1 > need && cs >= 0) need = (size_t)cs + 1;
		/* Bars of an rv-rootcause table: the causes only. A bystander
		 * overlaps a cause (its share can exceed 1) and a mix shift is
		 * another kind of share: drawn beside the causes, the bars would
		 * add up to more than the whole. --series role draws them. */
		if (op.p.bar && !op.series && !cli.no_header && (crole = rv_in_col(&in, "role")) >= 0 &&
		    (size_t)crole + 1 > need)
			need = (size_t)crole + 1;
		while (rv_cli_next(&cli, &in)) {
			const struct rv_field *f = in.r.f;
			double y, lo = NAN, hi = NAN;
			if (!rv_cli_row_ok(&cli, &in, need))
				continue;
			if (crole >= 0 && (f[crole].len != 5 || memcmp(f[crole].p, "cause", 5) != 0)) {
				others++;
				continue;
			}
			if (!number(&cli, &in, cy, op.y, &y) ||
			    (clo >= 0 && !number(&cli, &in, clo, op.lo, &lo)) ||
			    (chi >= 0 && !number(&cli, &in, chi, op.hi, &hi)))
				continue;
			if (rv_plot_add(p, cs >= 0 ? f[cs].p : "", cs >= 0 ? f[cs].len : 0, f[cx].p,
			    f[cx].len, y, lo, hi, cm >= 0 ? f[cm].p : "", cm >= 0 ? f[cm].len : 0) < 0)
				rv_oom();
		}
	}
	/* No header at all is nearly always a failed command upstream:
	 * fail too, and leave an existing chart alone. */
	if (in.nhdr == 0 && !cli.no_header)
		rv_die(RV_EXIT_DATA, "%s: empty input (not even a header line): nothing to plot",
		    in.r.name ? in.r.name : "stdin");
	if (others > 0)
		rv_warn("%lu row%s whose role is not 'cause' (bystanders, mix shifts) not drawn: their "
		    "shares overlap the causes' and would add up to more than 1; --series role draws them",
		    others, others == 1 ? "" : "s");
	if (rv_plot_count(p) == 0)
		rv_warn("no rows to plot: the chart is empty");
	/* -o FILE is opened only now, after the whole input was read: bad
	 * input or a failed command upstream leaves an existing chart alone. */
	if (op.out && (fd = open(op.out, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", op.out, strerror(errno));
	if (rv_out_init(&out, fd) < 0)
		rv_oom();
	if (op.term)
		rv_plot_term(p, &out);
	else
		rv_plot_svg(p, &out);
	if (rv_out_close(&out) < 0)
		rv_die(RV_EXIT_DATA, "%s: write error: %s", op.out ? op.out : "stdout", strerror(out.err));
	if (fd != 1 && close(fd) < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", op.out, strerror(errno));
	rv_cli_finish(&cli, NULL);
	rv_plot_free(p);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

static void
parse_args(struct opts *op, struct rv_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"x", required_argument, NULL, 'x'},
		{"y", required_argument, NULL, 'y'},
		{"band", required_argument, NULL, OPT_BAND},
		{"mark", required_argument, NULL, OPT_MARK},
		{"series", required_argument, NULL, OPT_SERIES},
		{"bar", no_argument, NULL, OPT_BAR},
		{"term", no_argument, NULL, OPT_TERM},
		{"title", required_argument, NULL, OPT_TITLE},
		{"width", required_argument, NULL, OPT_WIDTH},
		{"height", required_argument, NULL, OPT_HEIGHT},
		RV_CLI_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	const char *comma;
	int ch;

	memset(op, 0, sizeof(*op));
	op->x = "position", op->y = "mean";
	while ((ch = getopt_long(argc, argv, "hno:x:y:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': op->out = optarg; break;
		case 'x': op->x = optarg; break;
		case 'y': op->y = optarg; break;
		case OPT_BAND: op->band = optarg; break;
		case OPT_MARK: op->mark = optarg; break;
		case OPT_SERIES: op->series = optarg; break;
		case OPT_BAR: op->p.bar = 1; break;
		case OPT_TERM: op->term = 1; break;
		case OPT_TITLE: op->p.title = optarg; break;
		case OPT_WIDTH: op->p.width = (int)rv_cli_long("--width", optarg, 10, 10000); break;
		case OPT_HEIGHT: op->p.height = (int)rv_cli_long("--height", optarg, 100, 10000); break;
		default:
			rv_cli_option(cli, ch, optarg, usage);
		}
	}
	if (op->band) {
		comma = strchr(op->band, ',');
		if (comma == NULL || comma == op->band || comma[1] == '\0' ||
		    strchr(comma + 1, ',') || strlen(op->band) >= sizeof(op->lo))
			rv_usage_error("--band '%s': give two columns, LOW,HIGH", op->band);
		memcpy(op->lo, op->band, (size_t)(comma - op->band));
		strcpy(op->hi, comma + 1);
	}
	if (op->term && op->p.width > 400)
		rv_usage_error("--width with --term is in columns: at most 400");
	if (op->term && op->p.width == 0)
		op->p.width = 40;
	if (op->term && op->p.height)
		rv_usage_error("--height is for SVG charts, not --term");
	op->p.xlabel = op->x;
	op->p.ylabel = op->y;
}

/* Parse a numeric field; empty is NAN (a gap). Returns 0 when rejected. */
static int
number(struct rv_cli *cli, const struct rv_in *in, long col, const char *name, double *v)
{
	const struct rv_field *f = &in->r.f[col];
	size_t k = 0;

	while (k < f->len && f->p[k] == ' ')
		k++;
	if (k == f->len) {
		*v = NAN;
		return 1;
	}
	if (rv_num_parse(f->p, f->len, v) == 0)
		return 1;
	rv_cli_reject(cli, in, "field %ld (%s): expected a number, got \"%.*s\"", col + 1, name,
	    (int)rv_utf8_cut(f->p, f->len, 40), f->p);
	return 0;
}

static void
usage(int status)
{
	if (status) {
		rv_try_help(status);
	}
	fputs("Usage: rv-plot [-x field] [-y field] [--band low,high] [--mark field]\n"
	    "               [--series field] [--bar] [--term] [--title text]\n"
	    "               [--width n] [--height n] [-o file] [-n] [--rejects file] [file ...]\n"
	    "Draw an rv table as a standalone SVG chart (line with CI band and marked\n"
	    "breakpoints, or bars), or with --term as Unicode bars in the terminal.\n"
	    "Reads TSV from the files or standard input.\n"
	    "\n"
	    "  -x, --x=FIELD        category or number on the x axis (default: position)\n"
	    "  -y, --y=FIELD        value on the y axis (default: mean); empty is a gap\n"
	    "      --band=LOW,HIGH  interval columns drawn as a band (error bars with --bar)\n"
	    "      --mark=FIELD     mark points where FIELD is not empty (drop, rise, ...)\n"
	    "      --series=FIELD   one line (or bar colour) per value of FIELD\n"
	    "      --bar            grouped bars instead of lines\n"
	    "      --term           Unicode bars for a terminal instead of SVG\n"
	    "      --title=TEXT     chart title\n"
	    "      --width=N        SVG width in pixels (720), or --term columns (40)\n"
	    "      --height=N       SVG height in pixels (400)\n"
	    "  -o, --output=FILE    write the chart to FILE instead of stdout\n"
	    "  -n, --no-header      no header line; fields by number\n"
	    "      --rejects=FILE   write bad rows there and go on\n"
	    "  -h, --help           this help;  --version  the version\n"
	    "\n"
	    "Examples:\n"
	    "  rv-sentiment < journeys.tsv | rv-curve -b stage -o purchase,wait,delivery,unboxing,use,aftersales |\n"
	    "    rv-plot --band ci_low,ci_high --mark breakpoint -o curve.svg\n"
	    "  rv-sentiment < chats.tsv | rv-curve -c conv | rv-plot --term --mark breakpoint\n"
	    "  rv-plot -x cause -y share --bar causes.tsv > causes.svg\n"
	    "\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", stdout);
	exit(RV_EXIT_OK);
}
