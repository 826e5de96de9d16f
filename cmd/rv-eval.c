/* rv-eval - score predicted labels against gold labels: accuracy,
 * macro-F1, per-class precision, recall, F1 and support and the confusion
 * matrix (or multi-label and numeric scores), overall and per value of a
 * column, as TSV or as readable tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "metrics.h"
#include "metricsfmt.h"
#include "utf8.h"

struct opts {
	const char *gold, *pred, *by;	/* column specs */
	const char *classes, *map;	/* --classes, --map lists */
	enum rv_metrics_mode mode;
	int pretty;
	int keep_empty;
};

enum {
	OPT_CLASSES = RV_OPT_TOOL,
	OPT_KEEP_EMPTY,
	OPT_MAP,
	OPT_NUMERIC,
	OPT_PRETTY
};

static const struct option longopts[] = {
	{"by", required_argument, NULL, 'b'},
	{"classes", required_argument, NULL, OPT_CLASSES},
	{"gold", required_argument, NULL, 'g'},
	{"keep-empty", no_argument, NULL, OPT_KEEP_EMPTY},
	{"map", required_argument, NULL, OPT_MAP},
	{"multi", no_argument, NULL, 'm'},
	{"numeric", no_argument, NULL, OPT_NUMERIC},
	{"pred", required_argument, NULL, 'p'},
	{"pretty", no_argument, NULL, OPT_PRETTY},
	RV_CLI_LONGOPTS,
	{NULL, 0, NULL, 0}
};

static void usage(int status);
static void warn_disjoint(const struct rv_metrics_report *r);
static void warn_absent(const char *classes, const struct rv_metrics_report *r);
static int parse_args(int argc, char **argv, struct opts *op, struct rv_cli *cli);
static struct rv_metrics *setup(const struct opts *op);
static size_t resolve(const struct opts *op, const struct rv_in *in, long *gc, long *pc,
    long *bc);

int
main(int argc, char **argv)
{
	struct opts op = {0};
	struct rv_cli cli = {0};
	struct rv_in in;
	struct rv_out out;
	struct rv_metrics *m;
	struct rv_metrics_report *reps;
	size_t nrep, need = 0;
	long gc = -1, pc = -1, bc = -1;
	unsigned long skipped = 0;
	int first;

	rv_cli_init(argc, argv);
	first = parse_args(argc, argv, &op, &cli);
	m = setup(&op);
	rv_cli_open_input(&cli, &in, argc - first, argv + first);
	if (in.no_header || in.nhdr > 0)
		need = resolve(&op, &in, &gc, &pc, &bc);
	while (rv_cli_next(&cli, &in) > 0) {
		const struct rv_field *f = in.r.f;
		int rc;
		/* Resolved at the first row: the header may come from a later
		 * file when the first ones are empty. */
		if (gc < 0)
			need = resolve(&op, &in, &gc, &pc, &bc);
		if (!rv_cli_row_ok(&cli, &in, need))
			continue;
		rc = rv_metrics_add(m, bc >= 0 ? f[bc].p : NULL, bc >= 0 ? f[bc].len : 0,
		    f[gc].p, f[gc].len, f[pc].p, f[pc].len);
		if (rc == RV_METRICS_ENOMEM)
			rv_oom();
		else if (rc == RV_METRICS_SKIPPED)
			skipped++;
		else if (rc == RV_METRICS_EGOLD || rc == RV_METRICS_EPRED) {
			const struct rv_field *bad = &f[rc == RV_METRICS_EGOLD ? gc : pc];
			rv_cli_reject(&cli, &in, "%s: expected a number, got \"%.*s\"",
			    rc == RV_METRICS_EGOLD ? "gold" : "pred",
			    (int)rv_utf8_cut(bad->p, bad->len, 40), bad->p);
		}
	}
	if (rv_metrics_report(m, &reps, &nrep) < 0)
		rv_oom();
	if (skipped > 0)
		rv_warn("%lu row%s with an empty gold label skipped (--keep-empty scores them)",
		    skipped, skipped == 1 ? "" : "s");
	/* No score is defined without a row: the report holds the counts
	 * alone (n 0), as for a group whose rows were all skipped, and exit
	 * 0 as the aggregators do on an empty input. */
	if (reps[0].n == 0)
		rv_warn("%s: no rows to score: the report has the counts only (n 0), no scores",
		    in.r.name);
	else if (op.mode != RV_METRICS_NUMERIC) {
		warn_disjoint(&reps[0]);
		if (op.classes != NULL)
			warn_absent(op.classes, &reps[0]);
	}
	rv_cli_out(&cli, &out);
	if (op.pretty) {
		if (rv_metricsfmt_pretty(&out, op.mode, reps, nrep, op.by) < 0)
			rv_oom();
	} else
		rv_metricsfmt_tsv(&out, op.mode, reps, nrep, 1);
	rv_cli_finish(&cli, &out);
	rv_metrics_free(m);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

/* Returns the index of the first file argument. */
static int
parse_args(int argc, char **argv, struct opts *op, struct rv_cli *cli)
{
	int c, modes = 0;

	op->mode = RV_METRICS_LABEL;
	while ((c = getopt_long(argc, argv, "b:g:hmnp:", longopts, NULL)) != -1) {
		if (rv_cli_option(cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'b':
			op->by = optarg;
			break;
		case 'g':
			op->gold = optarg;
			break;
		case 'm':
			op->mode = RV_METRICS_MULTI;
			modes++;
			break;
		case 'p':
			op->pred = optarg;
			break;
		case OPT_CLASSES:
			op->classes = optarg;
			break;
		case OPT_KEEP_EMPTY:
			op->keep_empty = 1;
			break;
		case OPT_MAP:
			op->map = optarg;
			break;
		case OPT_NUMERIC:
			op->mode = RV_METRICS_NUMERIC;
			modes++;
			break;
		case OPT_PRETTY:
			op->pretty = 1;
			break;
		default:
			usage(RV_EXIT_USAGE);
		}
	}
	if (op->gold == NULL || op->pred == NULL)
		rv_usage_error("--gold FIELD and --pred FIELD are required");
	if (modes > 1)
		rv_usage_error("--multi and --numeric exclude each other");
	if (op->classes != NULL && op->mode == RV_METRICS_NUMERIC)
		rv_usage_error("--classes does not apply to --numeric");
	return optind;
}

static struct rv_metrics *
setup(const struct opts *op)
{
	struct rv_metrics *m = rv_metrics_new(op->mode);
	int rc;

	if (m == NULL)
		rv_oom();
	rv_metrics_keep_empty(m, op->keep_empty);
	if (op->classes != NULL && (rc = rv_metrics_set_classes(m, op->classes)) != 0) {
		if (rc == -1)
			rv_oom();
		rv_usage_error("invalid --classes '%s': expected distinct labels separated by commas",
		    op->classes);
	}
	if (op->map != NULL && (rc = rv_metrics_set_map(m, op->map)) != 0) {
		if (rc == -1)
			rv_oom();
		rv_usage_error("invalid --map '%s': expected OLD=NEW pairs separated by commas, "
		    "each OLD once",
		    op->map);
	}
	return m;
}

/* Find the columns (or die); returns the number of fields a row needs. */
static size_t
resolve(const struct opts *op, const struct rv_in *in, long *gc, long *pc, long *bc)
{
	long mx;

	*gc = rv_cli_col(in, op->gold, "gold");
	*pc = rv_cli_col(in, op->pred, "pred");
	if (op->by != NULL)
		*bc = rv_cli_col(in, op->by, "by");
	mx = *gc > *pc ? *gc : *pc;
	if (*bc > mx)
		mx = *bc;
	return (size_t)mx + 1;
}

/* 0/1 gold against neg/pos predictions scores 0 without a word: say so
 * when no class is both a gold label and a prediction. */
static void
warn_disjoint(const struct rv_metrics_report *r)
{
	char gold[200] = "", pred[200] = "";
	size_t i, gl = 0, pl = 0;

	for (i = 0; i < r->nclass; i++) {
		const struct rv_class_stat *c = &r->cls[i];
		int g = c->tp + c->fn > 0, p = c->tp + c->fp > 0;
		if (g && p)
			return;
		char *b = g ? gold : pred;
		size_t *l = g ? &gl : &pl;
		if ((g || p) && *l < sizeof(gold) - 48) {
			/* At most 40 bytes of a name, cut at a character start. */
			size_t cl = rv_utf8_cut(c->name, c->len, 40);
			int n = snprintf(b + *l, sizeof(gold) - *l, "%s%.*s%s", *l ? ", " : "",
			    (int)cl, c->name, cl < c->len ? "..." : "");
			if (n > 0)
				*l += (size_t)n;
		} else if (g || p) {
			if (*l + 6 <= sizeof(gold) && *l >= 3 && strcmp(b + *l - 3, "...") != 0)
				memcpy(b + *l, ", ...", 6), *l += 5;
		}
	}
	if (gl > 0 && pl > 0)
		rv_warn("no gold label is ever predicted (gold: %s; predicted: %s): "
		    "rename values with --map OLD=NEW,...", gold, pred);
}

/* A --classes class with no gold and no prediction is left out of the
 * report (its scores are undefined, and a 0 would lower the macro
 * averages): say which. */
static void
warn_absent(const char *classes, const struct rv_metrics_report *r)
{
	const char *p = classes;

	while (*p != '\0') {
		size_t len = strcspn(p, ","), skip = len, i;
		while (len > 0 && *p == ' ')
			p++, len--, skip--;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		for (i = 0; i < r->nclass; i++)
			if (r->cls[i].len == len && memcmp(r->cls[i].name, p, len) == 0)
				break;
		if (len > 0 && i == r->nclass)
			rv_warn("class '%.*s' of --classes never occurs in gold or pred: "
			    "left out of the report and the macro averages",
			    (int)rv_utf8_cut(p, len, 40), p);
		p += skip;
		if (*p == ',')
			p++;
	}
}

static void
usage(int status)
{
	FILE *f = status == RV_EXIT_OK ? stdout : stderr;

	if (status != RV_EXIT_OK) {
		rv_try_help(status);
	}
	fputs(
"Usage: rv-eval -g FIELD -p FIELD [-mn] [-b FIELD] [--classes LIST] [--keep-empty]\n"
"               [--map LIST] [--numeric] [--pretty] [--rejects FILE] [FILE ...]\n"
"Score predicted labels against gold labels: accuracy, macro-F1, per-class\n"
"precision, recall, F1, support and the confusion matrix, overall and per value\n"
"of a column. Reads TSV files (or standard input) with a header; writes TSV\n"
"(by, section, class, pred, metric, value) or, with --pretty, aligned tables.\n"
"Rows with an empty gold are skipped and counted on standard error.\n"
"\n"
"  -g, --gold=FIELD      gold (true) label column\n"
"  -p, --pred=FIELD      predicted label column\n"
"  -b, --by=FIELD        also score each value of FIELD (e.g. domain)\n"
"  -m, --multi           labels are comma-separated sets (e.g. categories):\n"
"                        exact-set accuracy, Jaccard, micro and macro P/R/F1\n"
"      --numeric         labels are numbers (e.g. intensity): MAE, RMSE, bias, r\n"
"      --classes=LIST    report and average over these classes, in this order\n"
"                        (default: every label seen in gold or pred)\n"
"      --map=LIST        rename values first: OLD=NEW,... (e.g. 0=neg,1=pos)\n"
"      --keep-empty      score an empty gold as a label (or the empty set)\n"
"      --pretty          aligned tables for reading instead of TSV\n"
"  -n, --no-header       input has no header; fields are 1-based numbers\n"
"      --rejects=FILE    write malformed rows to FILE and go on\n"
"  -h, --help            show this help and exit\n"
"      --version         show the version and exit\n"
"\n"
"Examples:\n"
"  rv-sentiment reviews.tsv | rv-eval -g label -p polarity --map 0=neg,1=pos --pretty\n"
"  rv-eval -g label -p polarity -b domain scored.tsv | awk -F'\\t' '$5==\"macro_f1\"'\n"
"  rv-classify labelled.tsv | rv-eval --multi -g gold_categories -p categories\n"
"\n"
"Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", f);
	exit(RV_EXIT_OK);
}
