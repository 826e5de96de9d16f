/* rv-classify - tag each row with complaint categories (quality, damage,
 * logistics, ...) found by weighted PCRE2 rules, with the evidence. */
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

enum {
	OPT_ADD_RULES = RV_OPT_TOOL,
	OPT_COMBINE,
	OPT_DUMP,
	OPT_LANG,
	OPT_MODEL,
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
	long tcol, pcol = -1;
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
	rv_cli_open_input(&o.cli, &in, argc - optind, argv + optind);
	rv_cli_out(&o.cli, &out);
	if (in.nhdr == 0 && !in.no_header) {	/* empty input: empty output */
		rv_cli_finish(&o.cli, &out);
		rv_rules_free(rs);
		rv_in_close(&in);
		return 0;
	}
	tcol = rv_cli_col(&in, o.cli.text_field, "text");
	if (o.polarity != NULL)
		pcol = rv_cli_col(&in, o.polarity, "polarity");
	else if (!in.no_header)
		pcol = rv_cli_col_opt(&in, "polarity");
	rv_cli_watch_utf8(&o.cli, tcol);
	rv_cli_cols(&o.cli, &cols, &in, colnames, 4);
	if (!in.no_header)
		rv_cols_header(&out, &cols, &in);
	while (rv_cli_next(&o.cli, &in)) {
		const struct rv_field *f = in.r.f;
		int pol = RV_POL_UNKNOWN;
		if (!rv_cli_row_ok(&o.cli, &in, (size_t)(tcol > pcol ? tcol : pcol) + 1))
			continue;
		if (pcol >= 0) {
			const struct rv_field *p = &f[pcol];
			if (p->len == 3 && memcmp(p->p, "neg", 3) == 0)
				pol = RV_POL_NEG;
			else if (p->len == 3 && (memcmp(p->p, "pos", 3) == 0 || memcmp(p->p, "neu", 3) == 0))
				pol = RV_POL_NOTNEG;
		}
		size_t tlen = rv_textcap(&cap, f[tcol].p, f[tcol].len, in.r.name, in.r.lineno);
		if (rv_rules_classify(rs, f[tcol].p, tlen, pol, &res) < 0)
			rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno,
			    "out of memory or regular expression limit while matching");
		if (o.model != NULL) {
			if (rv_catmodel_probs(&m, f[tcol].p, tlen) < 0 ||
			    rv_rules_blend(rs, m.prob, o.combine ? 0.5 : 1.0, pol, &res) < 0)
				rv_oom();
		}
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
	rv_in_close(&in);
	rv_rules_free(rs);
	if (o.model != NULL)
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
			if (strcmp(optarg, "auto") == 0)
				o->lang = RV_LANG_AUTO;
			else if (strcmp(optarg, "zh") == 0)
				o->lang = RV_LANG_ZH;
			else if (strcmp(optarg, "en") == 0)
				o->lang = RV_LANG_EN;
			else
				rv_usage_error("invalid --lang '%s': expected auto, zh or en", optarg);
			break;
		case OPT_MODEL:
			o->model = optarg;
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
	if (o->rules != NULL)
		load_file(rs, o->rules, 0);
	else {
		size_t len;
		const char *d = rv_data_get("classify-rules.tsv", &len);
		if (d == NULL || rv_rules_load(rs, d, len, "classify-rules.tsv (embedded)", &e) < 0)
			rule_error(&e);
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
	    "       [--model file] [--prefix str] [--rejects file] [--suffix str]\n"
	    "       [--taxonomy file] [file ...]\n"
	    "Tag each row with complaint categories found by weighted PCRE2 rules: appends\n"
	    "or overwrites category, categories, category_score and category_cues.\n"
	    "Reads TSV with a header from the files or standard input.\n\n"
	    "  -t, --text-field=F      text column (default: text)\n"
	    "  -p, --polarity-field=F  polarity column (default: polarity, when present);\n"
	    "                          neg rows with no specific category become 'other'\n"
	    "  -r, --rules=FILE        rules TSV (category, weight, pattern, note) replacing\n"
	    "                          the defaults\n"
	    "      --add-rules=FILE    rules added to the defaults (or to --rules)\n"
	    "      --dump-defaults     print the embedded rules in --rules format\n"
	    "      --taxonomy=FILE     rename or add categories (id, name, description)\n"
	    "      --lang=L            auto (per row, default), zh or en: which rules run\n"
	    "      --model=FILE        use a category model from rv-train (labels are\n"
	    "                          category ids) instead of the rules\n"
	    "      --combine           with --model: average the model and the rules\n"
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
