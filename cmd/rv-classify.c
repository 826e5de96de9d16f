/* rv-classify - tag each row with complaint categories (quality, damage,
 * logistics, ...): a category model stacked on weighted PCRE2 rules (or
 * the rules alone), with the rules' matches as the evidence. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "textcap.h"
#include "catmodel.h"
#include "num.h"
#include "textcols.h"

enum {
	OPT_ADD_RULES = RV_OPT_TOOL,
	OPT_COMBINE,
	OPT_DUMP,
	OPT_LANG,
	OPT_MODEL,
	OPT_RULES_ONLY,
	OPT_TAXONOMY
};

struct opts {
	struct rv_cli cli;
	const char *rules;		/* --rules: replaces the defaults */
	const char *add[16];		/* --add-rules, in order */
	int nadd;
	const char *taxonomy;		/* --taxonomy */
	const char *polarity;		/* -p: polarity column, NULL = use "polarity" if present */
	const char *model;		/* --model */
	int combine;			/* --combine */
	int rules_only;			/* --rules-only */
	enum rv_lang lang;
};

static void parse_args(struct opts *o, int argc, char **argv);

static struct rv_rules *load_rules(const struct opts *o);
static void usage(int status);

static const char *const colnames[] = {"category", "categories", "category_score", "category_cues"};

int
main(int argc, char **argv)
{
	struct opts o;
	struct rv_rules *rs;
	struct rv_in in;
	struct rv_out out;
	struct rv_cols cols;
	struct rv_class res;
	struct rv_field vals[4];
	struct rv_textcols tc;
	long pcol = -1;
	char num[32];
	struct rv_catmodel m;
	struct rv_textcap cap = {0};
	char err[256];

	rv_cli_init(argc, argv);
	parse_args(&o, argc, argv);
	/* Rules first: a bad rule file stops the run before any row. */
	rs = load_rules(&o);
	if (o.model != NULL && rv_catmodel_load(&m, o.model, rs, err, sizeof(err)) < 0)
		rv_die(RV_EXIT_USAGE, "%s: %s", o.model, err);
	if (o.model == NULL && !o.rules_only && rv_catmodel_default(&m, rs, err, sizeof(err)) < 0)
		rv_die(RV_EXIT_USAGE, "embedded model: %s", err);
	int model = !o.rules_only || o.model != NULL;
	rv_cli_open_input(&o.cli, &in, argc - optind, argv + optind);
	rv_cli_out(&o.cli, &out);
	if (in.nhdr == 0 && !in.no_header) {	/* empty input: empty output */
		rv_cli_finish(&o.cli, &out);
		rv_rules_free(rs);
		rv_in_close(&in);
		if (model)
			rv_catmodel_free(&m);
		return 0;
	}
	rv_textcols_init(&tc, &in, o.cli.text_field);
	if (o.polarity != NULL)
		pcol = rv_cli_col(&in, o.polarity, "polarity");
	else if (!in.no_header)
		pcol = rv_cli_col_opt(&in, "polarity");
	rv_cli_watch_utf8(&o.cli, tc.col[0]);
	rv_cli_cols(&o.cli, &cols, &in, colnames, 4);
	if (!in.no_header)
		rv_cols_header(&out, &cols, &in);
	while (rv_cli_next(&o.cli, &in)) {
		const struct rv_field *f = in.r.f;
		int pol = RV_POL_UNKNOWN;
		if (!rv_cli_row_ok(&o.cli, &in, (size_t)(tc.max > pcol ? tc.max : pcol) + 1))
			continue;
		struct rv_field text = rv_textcols_get(&tc, f);
		if (pcol >= 0) {
			const struct rv_field *p = &f[pcol];
			if (p->len == 3 && memcmp(p->p, "neg", 3) == 0)
				pol = RV_POL_NEG;
			else if (p->len == 3 && (memcmp(p->p, "pos", 3) == 0 || memcmp(p->p, "neu", 3) == 0))
				pol = RV_POL_NOTNEG;
		}
		size_t tlen = rv_textcap(&cap, text.p, text.len, in.r.name, in.r.lineno);
		/* With a model the rules see no polarity hint: their matches are
		 * the model's features, as in training. */
		if (rv_rules_classify(rs, text.p, tlen, model && !o.combine ?
		    RV_POL_UNKNOWN : pol, &res) < 0)
			rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno,
			    "out of memory or regular expression limit while matching");
		if (model && rv_catmodel_probs(&m, rs, text.p, tlen) < 0)
			rv_oom();
		if (model && (o.combine ? rv_rules_blend(rs, m.prob, 0.5, pol, &res) :
		    rv_catmodel_decide(&m, rs, pol, &res)) < 0)
			rv_oom();
		vals[0] = (struct rv_field){res.category, res.category_len};
		vals[1] = (struct rv_field){res.categories, res.categories_len};
		vals[2] = (struct rv_field){num, res.category_len ? rv_num_fmt(num, res.score, 3) : 0};
		vals[3] = (struct rv_field){res.cues, res.cues_len};
		rv_cols_row(&out, &cols, f, in.r.nf, vals);
	}
	if (cap.n > 0)
		rv_warnat(cap.file ? cap.file : in.r.name, cap.line,
		    "%lu text field%s longer than %d bytes (the first here): only the first %d "
		    "bytes of each analysed", cap.n, cap.n == 1 ? "" : "s", RV_TEXT_MAX, RV_TEXT_MAX);
	rv_textcap_free(&cap);
	rv_cli_finish(&o.cli, &out);
	rv_cols_free(&cols);
	rv_textcols_free(&tc);
	rv_in_close(&in);
	rv_rules_free(rs);
	if (model)
		rv_catmodel_free(&m);
	return 0;
}

static void
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		RV_CLI_LONGOPTS, RV_CLI_TEXT_LONGOPT, RV_CLI_LINEBUF_LONGOPT, RV_CLI_COLS_LONGOPTS,
		{"add-rules", required_argument, NULL, OPT_ADD_RULES},
		{"combine", no_argument, NULL, OPT_COMBINE},
		{"dump-defaults", no_argument, NULL, OPT_DUMP},
		{"lang", required_argument, NULL, OPT_LANG},
		{"model", required_argument, NULL, OPT_MODEL},
		{"polarity-field", required_argument, NULL, 'p'},
		{"rules", required_argument, NULL, 'r'},
		{"rules-only", no_argument, NULL, OPT_RULES_ONLY},
		{"taxonomy", required_argument, NULL, OPT_TAXONOMY},
		{NULL, 0, NULL, 0}
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->cli.text_field = "text";
	while ((c = getopt_long(argc, argv, "hnp:r:t:", longopts, NULL)) != -1) {
		if (rv_cli_option(&o->cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'p':
			o->polarity = optarg;
			break;
		case 'r':
			o->rules = optarg;
			break;
		case OPT_ADD_RULES:
			if (o->nadd == (int)(sizeof(o->add) / sizeof(o->add[0])))
				rv_usage_error("too many --add-rules files (at most 16)");
			o->add[o->nadd++] = optarg;
			break;
		case OPT_COMBINE:
			o->combine = 1;
			break;
		case OPT_DUMP: {
			size_t len;
			const char *d = rv_data_get("classify-rules.tsv", &len);
			fwrite(d, 1, len, stdout);
			exit(RV_EXIT_OK);
		}
		case OPT_LANG:
		{
			static const char *const langs[] = {"auto", "zh", "en", NULL};
			static const int code[] = {RV_LANG_AUTO, RV_LANG_ZH, RV_LANG_EN};
			o->lang = code[rv_cli_choice("--lang", optarg, langs)];
			break;
		}
		case OPT_MODEL:
			o->model = optarg;
			break;
		case OPT_RULES_ONLY:
			o->rules_only = 1;
			break;
		case OPT_TAXONOMY:
			o->taxonomy = optarg;
			break;
		default:
			usage(RV_EXIT_USAGE);
		}
	}
	if (o->combine && o->model == NULL)
		rv_usage_error("--combine needs --model FILE");
	if (o->rules_only && o->model != NULL)
		rv_usage_error("--rules-only and --model exclude each other");
}

/* Read a whole (small) file named by an option; exit 2 when unreadable. */
static char *
slurp(const char *path, size_t *len)
{
	struct rv_buf b = {0};

	if (rv_buf_read_file(&b, path) < 0)
		rv_die(RV_EXIT_USAGE, "%s: %s", path, strerror(errno));
	*len = b.len;
	return b.p;
}

static void
rule_error(const struct rv_rules_err *e)
{
	if (e->offset >= 0)
		rv_dieat(RV_EXIT_USAGE, e->file, e->line, "%s at offset %ld", e->msg, e->offset);
	rv_dieat(RV_EXIT_USAGE, e->file, e->line, "%s", e->msg);
}

static void
load_file(struct rv_rules *rs, const char *path, int taxonomy)
{
	struct rv_rules_err e;
	size_t len;
	char *text = slurp(path, &len);
	int rc = taxonomy ? rv_rules_taxonomy(rs, text, len, path, &e) :
	    rv_rules_load(rs, text, len, path, &e);

	free(text);
	if (rc < 0)
		rule_error(&e);
}

static struct rv_rules *
load_rules(const struct opts *o)
{
	struct rv_rules *rs = rv_rules_new();
	struct rv_rules_err e;
	int i;

	if (rs == NULL)
		rv_oom();
	if (o->taxonomy != NULL)
		load_file(rs, o->taxonomy, 1);
	rv_rules_user(rs, 1);
	if (o->rules != NULL)
		load_file(rs, o->rules, 0);
	else {
		size_t len;
		const char *d = rv_data_get("classify-rules.tsv", &len);
		rv_rules_user(rs, 0);
		if (d == NULL || rv_rules_load(rs, d, len, "classify-rules.tsv (embedded)", &e) < 0)
			rule_error(&e);
		rv_rules_user(rs, 1);
	}
	for (i = 0; i < o->nadd; i++)
		load_file(rs, o->add[i], 0);
	if (rv_rules_compile(rs, &e) < 0)
		rule_error(&e);
	rv_rules_set_lang(rs, o->lang);
	return rs;
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK) {
		rv_try_help(status);
	}
	printf("Usage: rv-classify [-hn] [-p field] [-r file] [-t field] [--add-rules file]\n"
	    "       [--combine] [--dump-defaults] [--lang lang] [--line-buffered]\n"
	    "       [--model file] [--prefix str] [--rejects file] [--rules-only] [--suffix str]\n"
	    "       [--taxonomy file] [file ...]\n"
	    "Tag each row with complaint categories: a model trained on labelled reviews\n"
	    "with the matches of weighted PCRE2 rules as features decides (no complaint:\n"
	    "no category); appends or overwrites category, categories, category_score\n"
	    "and category_cues (the rule matches behind the decision).\n"
	    "Reads TSV with a header from the files or standard input.\n\n"
	    "  -t, --text-field=F      text column, or columns read as one text\n"
	    "                          (-t title,text; default: text)\n"
	    "  -p, --polarity-field=F  polarity column (default: polarity, when present);\n"
	    "                          neg rows with no category become 'other'\n"
	    "  -r, --rules=FILE        rules TSV (category, weight, pattern, note) replacing\n"
	    "                          the defaults\n"
	    "      --add-rules=FILE    rules added to the defaults (or to --rules)\n"
	    "      --dump-defaults     print the embedded rules in --rules format\n"
	    "      --taxonomy=FILE     rename or add categories (id, name, description)\n"
	    "      --lang=L            auto (per row, default), zh or en: which rules run\n"
	    "      --model=FILE        a category model from rv-train (labels are category\n"
	    "                          ids and none) instead of the embedded one\n"
	    "      --combine           with --model: average the model and the rules\n"
	    "      --rules-only        no model: the rules alone decide\n"
	    "  -n, --no-header         no header line; give -t as a column number\n"
	    "      --rejects=FILE      write malformed rows there instead of stopping\n"
	    "      --line-buffered     flush every row\n"
	    "      --prefix=STR, --suffix=STR  name the columns written STRcategory, ...\n"
	    "                          or categorySTR, ... (keeps input columns of those names)\n"
	    "  -h, --help              this help\n"
	    "      --version           print the version\n\n"
	    "Examples:\n"
	    "  rv-classify reviews.tsv | cut -f1,5- | head\n"
	    "  rv-sentiment reviews.tsv | rv-classify | awk -F'\\t' 'NR>1{print $NF}'\n"
	    "  rv-classify --dump-defaults > my.tsv; rv-classify -r my.tsv reviews.tsv\n\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error (including bad rule files).\n");
	exit(RV_EXIT_OK);
}
