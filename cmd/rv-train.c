/* rv-train - train a linear text classifier (hashed character and word
 * n-grams, logistic regression) from labelled TSV, for rv-sentiment
 * --model and rv-classify --model. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catmodel.h"
#include "classify.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "feat.h"
#include "linear.h"
#include "metrics.h"
#include "num.h"
#include "textmodel.h"

struct opts {
	struct rv_cli cli;
	const char *label;	/* --label: the gold label column */
	const char *output;	/* -o: model file */
	const char *test;	/* --test: held-out file to score */
	const char *weight;	/* --weight: the row weight column, or NULL */
	struct rv_lm_train t;
	char sep;		/* multi-label separator */
	struct rv_rules *rules;	/* --rule-features: rv-classify's default rules */
	struct rv_lm senti;	/* and the embedded sentiment model */
};

enum { OPT_LABEL = RV_OPT_TOOL, OPT_TEST, OPT_SEED, OPT_EPOCHS, OPT_BITS, OPT_L2, OPT_LR, OPT_MULTI, OPT_RULEF, OPT_CALIB, OPT_BALANCE, OPT_WEIGHT };

static const struct option longopts[] = {
	RV_CLI_LONGOPTS,
	RV_CLI_TEXT_LONGOPT,
	{"balance", required_argument, NULL, OPT_BALANCE},
	{"bits", required_argument, NULL, OPT_BITS},
	{"calibrate", no_argument, NULL, OPT_CALIB},
	{"epochs", required_argument, NULL, OPT_EPOCHS},
	{"l2", required_argument, NULL, OPT_L2},
	{"label", required_argument, NULL, OPT_LABEL},
	{"lr", required_argument, NULL, OPT_LR},
	{"multi-label", no_argument, NULL, OPT_MULTI},
	{"output", required_argument, NULL, 'o'},
	{"rule-features", no_argument, NULL, OPT_RULEF},
	{"seed", required_argument, NULL, OPT_SEED},
	{"test", required_argument, NULL, OPT_TEST},
	{"weight", required_argument, NULL, OPT_WEIGHT},
	{NULL, 0, NULL, 0}
};

static void usage(int status);
static int row_weight(const struct rv_field *f, double *w);
static struct rv_rules *default_rules(void);
static void progress(unsigned epoch, double loss, void *arg);
static void report(const struct rv_lm *m, struct opts *o);
static void check_test(const struct opts *o);

int
main(int argc, char **argv)
{
	struct opts o = {.cli = {.text_field = "text"}, .sep = ','};
	struct rv_in in;
	struct rv_feat f = {0};
	long tcol, lcol, wcol = -1;
	int c;
	unsigned long skipped = 0;
	struct rv_class cls;
	int calibrate = 0;
	double offset[64];

	rv_cli_init(argc, argv);
	o.t.bits = 20;
	o.t.epochs = 5;
	o.t.lr = 0.2;
	o.t.l2 = 1e-6;
	while ((c = getopt_long(argc, argv, "hno:t:", longopts, NULL)) != -1) {
		if (rv_cli_option(&o.cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'o': o.output = optarg; break;
		case OPT_BALANCE: o.t.balance = rv_cli_double("--balance", optarg, 0, 1); break;
		case OPT_BITS: o.t.bits = (unsigned)rv_cli_long("--bits", optarg, 12, 24); break;
		case OPT_EPOCHS: o.t.epochs = (unsigned)rv_cli_long("--epochs", optarg, 1, 1000); break;
		case OPT_L2: o.t.l2 = rv_cli_double("--l2", optarg, 0, 1); break;
		case OPT_LABEL: o.label = optarg; break;
		case OPT_LR: o.t.lr = rv_cli_double("--lr", optarg, 1e-6, 100); break;
		case OPT_MULTI: o.t.flags |= RV_LM_MULTI; break;
		case OPT_RULEF: o.t.flags |= RV_LM_RULES; break;
		case OPT_CALIB: calibrate = 1; break;
		case OPT_SEED: o.t.seed = (uint64_t)rv_cli_long("--seed", optarg, 0, 0x7fffffffL); break;
		case OPT_TEST: o.test = optarg; break;
		case OPT_WEIGHT: o.weight = optarg; break;
		default: usage(RV_EXIT_USAGE);
		}
	}
	if (o.label == NULL)
		rv_usage_error("--label FIELD is required");
	if (o.output == NULL)
		rv_usage_error("-o MODEL is required");
	int to_stdout = strcmp(o.output, "-") == 0;
	if (to_stdout && o.test != NULL)
		rv_usage_error("-o - writes the model to standard output, where --test would print "
		    "its metrics too; give a file");
	if (to_stdout && isatty(1))
		rv_usage_error("-o -: standard output is a terminal; redirect it to a file");
	argc -= optind;
	argv += optind;
	rv_cli_not_input("-o", o.output, argv, argc);

	if (o.t.flags & RV_LM_RULES) {
		char err[256];
		o.rules = default_rules();
		if (rv_catmodel_senti(&o.senti, err, sizeof(err)) < 0)
			rv_die(RV_EXIT_DATA, "%s", err);
	}
	if (o.test != NULL && strcmp(o.test, "-") != 0)
		check_test(&o);
	rv_cli_open_input(&o.cli, &in, argc, argv);
	tcol = rv_cli_col(&in, o.cli.text_field, "text");
	lcol = rv_cli_col(&in, o.label, "label");
	if (o.weight != NULL)
		wcol = rv_cli_col(&in, o.weight, "weight");
	rv_cli_watch_utf8(&o.cli, tcol);
	while (rv_cli_next(&o.cli, &in)) {
		long top = tcol > lcol ? tcol : lcol;
		size_t need = (size_t)(top > wcol ? top : wcol) + 1;
		if (!rv_cli_row_ok(&o.cli, &in, need))
			continue;
		const struct rv_field *lab = &in.r.f[lcol], *txt = &in.r.f[tcol];
		uint64_t y;
		double wt = 1;
		if (wcol >= 0 && !row_weight(&in.r.f[wcol], &wt)) {
			rv_cli_reject(&o.cli, &in, "weight '%.*s' is not a number from 0.001 to 1000",
			    in.r.f[wcol].len > 40 ? 40 : (int)in.r.f[wcol].len, in.r.f[wcol].p);
			continue;
		}
		int rc = rv_textmodel_labels(&o.t, lab->p, lab->len,
		    (o.t.flags & RV_LM_MULTI) ? o.sep : 0, &y);
		if (rc == RV_LM_EFULL)
			rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno, "more than 64 distinct labels");
		/* A label is a C string of at most 65535 bytes in the model:
		 * reject the row rather than truncate it into another label. */
		if (rc == RV_LM_ENUL || rc == RV_LM_ELONG) {
			if (rc == RV_LM_ENUL)
				rv_cli_reject(&o.cli, &in, "label contains a NUL byte (at byte %zu of the field)",
				    (size_t)((const char *)memchr(lab->p, '\0', lab->len) - lab->p) + 1);
			else
				rv_cli_reject(&o.cli, &in, "label is longer than %d bytes", RV_LM_MAXLABEL);
			continue;
		}
		if (rc < 0)
			rv_oom();
		if (y == 0) {
			skipped++;
			continue;
		}
		size_t nt;
		double ppos;
		if (o.rules != NULL && rv_rules_classify(o.rules, txt->p, txt->len, RV_POL_UNKNOWN,
		    &cls) < 0)
			rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno,
			    "out of memory or regular expression limit while matching");
		if (rv_catmodel_feats(&f, o.rules, o.rules ? &o.senti : NULL, txt->p, txt->len, o.t.bits,
		    &nt, &ppos) < 0 || rv_lm_train_add_group(&o.t, f.idx, nt, f.n, y,
		    o.rules != NULL ? (unsigned)rv_rules_set(o.rules) : 0) < 0 ||
		    rv_lm_train_weight(&o.t, wt) < 0)
			rv_oom();
		rv_lm_train_script(&o.t, txt->p, txt->len);
	}
	rv_in_close(&in);
	rv_cli_finish(&o.cli, NULL);
	if (skipped)
		rv_warn("%lu row%s with an empty label not used", skipped, skipped == 1 ? "" : "s");
	if (o.t.nrows == 0)
		rv_die(RV_EXIT_DATA, "no labelled rows to train on");
	if (o.t.k < 2 && !(o.t.flags & RV_LM_MULTI))
		rv_die(RV_EXIT_DATA, "only one label value ('%s'): need at least two classes", o.t.labels[0]);
	if (calibrate && rv_lm_train_calibrate(&o.t, 5, offset) < 0)
		rv_oom();
	if (rv_lm_train_run(&o.t, isatty(2) ? progress : NULL, &o) < 0)
		rv_oom();
	for (unsigned i = 0; calibrate && i < o.t.k; i++)
		o.t.b[i] += (float)offset[i];

	size_t len;
	void *img = rv_lm_train_image(&o.t, &len);
	if (img == NULL)
		rv_oom();
	const char *name = to_stdout ? "stdout" : o.output;
	int fd = to_stdout ? 1 : open(o.output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", o.output, strerror(errno));
	for (size_t off = 0; off < len; ) {
		ssize_t w = write(fd, (const char *)img + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rv_die(RV_EXIT_DATA, "%s: write error: %s", name, strerror(w < 0 ? errno : EIO));
		off += (size_t)w;
	}
	if (!to_stdout && close(fd) < 0)
		rv_die(RV_EXIT_DATA, "%s: write error: %s", name, strerror(errno));
	fprintf(stderr, "%s: %zu rows, %u classes, %u-bit hash, %u epochs -> %s (%zu bytes)\n",
	    rv_progname(), o.t.nrows, o.t.k, o.t.bits, o.t.epochs, name, len);

	if (o.test != NULL) {
		struct rv_lm m;
		char err[256];
		if (rv_lm_load(&m, o.output, err, sizeof(err)) < 0)
			rv_die(RV_EXIT_DATA, "%s: %s", o.output, err);
		report(&m, &o);
		rv_lm_free(&m);
	}
	free(img);
	rv_feat_free(&f);
	rv_lm_train_free(&o.t);
	rv_rules_free(o.rules);
	rv_lm_free(&o.senti);
	return RV_EXIT_OK;
}

/* A --weight field: empty is 1; else a number (rv_num_parse) from
 * 0.001 to 1000. 0 when it is not. */
static int
row_weight(const struct rv_field *f, double *w)
{
	double v;

	*w = 1;
	if (f->len == 0)
		return 1;
	if (rv_num_parse(f->p, f->len, &v) < 0 || !(v >= 0.001 && v <= 1000))
		return 0;
	*w = v;
	return 1;
}

/* rv-classify's embedded rules, whose matches --rule-features adds. */
static struct rv_rules *
default_rules(void)
{
	struct rv_rules *rs = rv_rules_new();
	struct rv_rules_err e;
	size_t len;
	const char *d = rv_data_get("classify-rules.tsv", &len);

	if (rs == NULL)
		rv_oom();
	if (d == NULL || rv_rules_load(rs, d, len, "classify-rules.tsv", &e) < 0 ||
	    rv_rules_compile(rs, &e) < 0)
		rv_die(RV_EXIT_DATA, "embedded rules: %s", e.msg);
	return rs;
}

static void
progress(unsigned epoch, double loss, void *arg)
{
	const struct opts *o = arg;

	fprintf(stderr, "\r%s: epoch %u/%u  loss %.4f", rv_progname(), epoch, o->t.epochs, loss);
	if (epoch == o->t.epochs)
		fputc('\n', stderr);
}

/* A --test file that cannot be read, or lacks the text or label column,
 * fails before the training, not after it. */
static void
check_test(const struct opts *o)
{
	struct rv_in in;
	struct rv_cli cli = o->cli;
	char *files[1] = {(char *)o->test};

	cli.rejects = NULL;
	/* the model is written before the test file is read */
	rv_cli_not_input("-o", o->output, files, 1);
	rv_cli_open_input(&cli, &in, 1, files);
	(void)rv_cli_col(&in, o->cli.text_field, "text");
	(void)rv_cli_col(&in, o->label, "label");
	rv_in_close(&in);
}

/* Score the --test file with lib/metrics (as rv-eval does): per-class
 * P/R/F1 and support, accuracy and macro-F1 on stdout as TSV. A
 * multi-label model predicts the labels with probability >= 0.5 (or the
 * best one) and a row counts as correct when that set equals the gold set. */
static void
report(const struct rv_lm *m, struct opts *o)
{
	struct rv_in in;
	struct rv_feat f = {0};
	struct rv_cli cli = o->cli;
	struct rv_buf classes = {0}, pred = {0};
	struct rv_metrics *mt;
	struct rv_metrics_report *rep;
	size_t nrep;
	double prob[64];
	unsigned c;
	char *files[1] = {(char *)o->test};
	int multi = (m->flags & RV_LM_MULTI) != 0;
	unsigned long skipped = 0;

	mt = rv_metrics_new(multi ? RV_METRICS_MULTI : RV_METRICS_LABEL);
	for (c = 0; c < m->k; c++)
		if ((c && rv_buf_putc(&classes, ',') < 0) || rv_buf_puts(&classes, m->labels[c]) < 0)
			rv_oom();
	if (mt == NULL || rv_metrics_set_classes(mt, classes.p) < 0)
		rv_oom();
	cli.rejects = NULL;
	rv_cli_open_input(&cli, &in, 1, files);
	long tcol = rv_cli_col(&in, o->cli.text_field, "text");
	long lcol = rv_cli_col(&in, o->label, "label");
	while (rv_cli_next(&cli, &in)) {
		if (!rv_cli_row_ok(&cli, &in, (size_t)(tcol > lcol ? tcol : lcol) + 1))
			continue;
		const struct rv_field *txt = &in.r.f[tcol];
		struct rv_class cls;
		size_t nt;
		double ppos;
		if (o->rules != NULL && rv_rules_classify(o->rules, txt->p, txt->len, RV_POL_UNKNOWN,
		    &cls) < 0)
			rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno,
			    "out of memory or regular expression limit while matching");
		if (rv_catmodel_feats(&f, o->rules, o->rules ? &o->senti : NULL, txt->p, txt->len, m->bits,
		    &nt, &ppos) < 0)
			rv_oom();
		rv_lm_scores_side(m, f.idx, nt, f.n, prob);
		int best = (int)rv_lm_probs(m, prob);
		rv_buf_clear(&pred);
		if (rv_buf_puts(&pred, m->labels[best]) < 0)
			rv_oom();
		for (c = 0; multi && c < m->k; c++)
			if ((int)c != best && prob[c] >= 0.5 &&
			    (rv_buf_putc(&pred, ',') < 0 || rv_buf_puts(&pred, m->labels[c]) < 0))
				rv_oom();
		int rc = rv_metrics_add(mt, NULL, 0, in.r.f[lcol].p, in.r.f[lcol].len, pred.p, pred.len);
		if (rc == RV_METRICS_SKIPPED)
			skipped++;
		else if (rc < 0)
			rv_oom();
	}
	if (rv_metrics_report(mt, &rep, &nrep) < 0 || nrep == 0)
		rv_oom();
	if (skipped)
		rv_warn("%s: %lu row%s with an empty label not scored", o->test, skipped,
		    skipped == 1 ? "" : "s");
	/* No score is defined without a row (as rv-eval): not a row of zeros. */
	if (rep[0].n == 0)
		rv_die(RV_EXIT_DATA, "%s: no labelled rows to score the model on", o->test);
	printf("class\tprecision\trecall\tf1\tsupport\n");
	for (c = 0; c < rep[0].nclass; c++) {
		const struct rv_class_stat *k = &rep[0].cls[c];
		printf("%.*s\t%.4f\t%.4f\t%.4f\t%lu\n", (int)k->len, k->name, k->precision,
		    k->recall, k->f1, k->tp + k->fn);
	}
	printf("accuracy\t%.4f\t\t\t%lu\nmacro_f1\t%.4f\t\t\t%lu\n",
	    rep[0].accuracy, rep[0].n, rep[0].macro_f1, rep[0].n);
	rv_metrics_free(mt);
	rv_in_close(&in);
	rv_feat_free(&f);
	rv_buf_free(&classes);
	rv_buf_free(&pred);
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK)
		rv_usage_error("bad usage");
	printf("Usage: %s --label FIELD -o MODEL [-n] [-t FIELD] [--test FILE] [--seed N]\n"
	    "       [--epochs N] [--bits N] [--l2 X] [--lr X] [--multi-label] [--calibrate]\n"
	    "       [--rule-features] [--balance X] [--weight FIELD] [--rejects FILE] [FILE...]\n"
	    "Train a linear classifier on hashed character 1-3-grams (CJK) and word\n"
	    "1-2-grams (Latin) of the text column, to predict the label column.\n"
	    "Reads standard input when no FILE is given.\n\n"
	    "  -t, --text-field=FIELD  text column, name or number (default: text)\n"
	    "      --label=FIELD       label column (required); empty labels are not used\n"
	    "  -o, --output=MODEL      model file to write (required)\n"
	    "      --test=FILE         score the model on FILE (same columns) and print metrics\n"
	    "      --multi-label       labels are comma-separated sets (one-vs-rest)\n"
	    "      --calibrate         per-class bias offsets from 5-fold cross-validation\n"
	    "                          (macro-F1 + 2 x accuracy; F1 per class with\n"
	    "                          --multi-label, exact level for ge1..geN)\n"
	    "      --rule-features     add rv-classify's rule matches as features (a\n"
	    "                          category model stacked on the rules); with\n"
	    "                          --calibrate, offsets per language too\n"
	    "      --balance=X         weight a row by (rows of the most frequent label /\n"
	    "                          rows of its label)^X, at most 8, per language with\n"
	    "                          --rule-features (0-1, default 0: unweighted)\n"
	    "      --weight=FIELD      row weight column (0.001-1000, empty 1): a row's\n"
	    "                          gradient and its count in --calibrate and --balance\n"
	    "      --seed=N            shuffle seed (default 0): same data and seed, same model\n"
	    "      --epochs=N          passes over the data (default 5)\n"
	    "      --bits=N            feature hash size 2^N, 12-24 (default 20)\n"
	    "      --l2=X              L2 regularisation (default 1e-6)\n"
	    "      --lr=X              AdaGrad learning rate (default 0.2)\n"
	    "  -n, --no-header         input has no header; give fields by number\n"
	    "      --rejects=FILE      write malformed rows to FILE and go on\n"
	    "  -h, --help              show this help;  --version  show the version\n\n"
	    "Examples:\n"
	    "  rv-train --label label -o shop.model --test dev.tsv train.tsv\n"
	    "  rv-train --label categories --multi-label -o cat.model labelled.tsv\n"
	    "  rv-sentiment --model shop.model < reviews.tsv\n\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", rv_progname());
	exit(RV_EXIT_OK);
}
