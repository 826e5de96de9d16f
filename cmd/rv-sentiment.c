/* rv-sentiment - score the sentiment of review text: score, polarity,
 * intensity, emotion and the cues behind them, one row out per row in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data.h"
#include "err.h"
#include "num.h"
#include "senti.h"
#include "textcap.h"
#include "textcols.h"
#include "utf8.h"

enum { OPT_MODEL = RV_OPT_TOOL, OPT_NO_MODEL, OPT_LEXICON, OPT_ADD_LEXICON, OPT_DUMP,
	OPT_NEUTRAL, OPT_LEXW, OPT_CUES, OPT_EMODEL, OPT_EMOTION, OPT_ETOK, OPT_ASPECTS };

static const struct option longopts[] = {
	RV_CLI_LONGOPTS,
	RV_CLI_TEXT_LONGOPT,
	RV_CLI_LINEBUF_LONGOPT,
	RV_CLI_COLS_LONGOPTS,
	{"add-lexicon", required_argument, NULL, OPT_ADD_LEXICON},
	{"aspects", no_argument, NULL, OPT_ASPECTS},
	{"cues", required_argument, NULL, OPT_CUES},
	{"dump-defaults", no_argument, NULL, OPT_DUMP},
	{"emotion", required_argument, NULL, OPT_EMOTION},
	{"emotion-model", required_argument, NULL, OPT_EMODEL},
	{"emotion-tokens", no_argument, NULL, OPT_ETOK},
	{"lexicon", required_argument, NULL, OPT_LEXICON},
	{"lexicon-weight", required_argument, NULL, OPT_LEXW},
	{"model", required_argument, NULL, OPT_MODEL},
	{"neutral", required_argument, NULL, OPT_NEUTRAL},
	{"no-model", no_argument, NULL, OPT_NO_MODEL},
	{NULL, 0, NULL, 0}
};

static const char *colnames[8] = {"sentiment", "polarity", "intensity", "emotion", "sentiment_cues"};

static void usage(int status);
static void dump_defaults(void);
static void load_lexicon_file(struct rv_senti *s, const char *path);

int
main(int argc, char **argv)
{
	struct rv_cli cli = {.text_field = "text"};
	struct rv_senti s;
	struct rv_lm model, emodel;
	struct rv_in in;
	struct rv_cols cols;
	struct rv_out out;
	const char *model_path = NULL, *emodel_path = NULL, *lexicons[16];
	struct rv_textcap cap = {0};
	int c, nlex = 0, replace_lex = 0, no_model = 0, use_emodel = 0, have_emodel = 0;
	size_t ncols = 5;
	int etok_col = -1, asp_col = -1;
	struct rv_aspects asp;
	char err[512];

	rv_cli_init(argc, argv);
	rv_senti_init(&s);
	while ((c = getopt_long(argc, argv, "hnt:", longopts, NULL)) != -1) {
		if (rv_cli_option(&cli, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_ADD_LEXICON:
		case OPT_LEXICON:
			if (nlex == 16)
				rv_usage_error("at most 16 lexicon files");
			lexicons[nlex++] = optarg;
			if (c == OPT_LEXICON)
				replace_lex = 1;
			break;
		case OPT_CUES: s.max_cues = (int)rv_cli_long("--cues", optarg, 0, 100); break;
		case OPT_DUMP: dump_defaults(); return RV_EXIT_OK;
		case OPT_LEXW: s.lex_weight = rv_cli_double("--lexicon-weight", optarg, 0, 100); break;
		case OPT_MODEL: model_path = optarg; break;
		case OPT_EMODEL: emodel_path = optarg; break;
		case OPT_EMOTION:
		{
			static const char *const how[] = {"rules", "model", NULL};
			use_emodel = rv_cli_choice("--emotion", optarg, how);
			break;
		}
		case OPT_ETOK: s.want_etok = 1; break;
		case OPT_ASPECTS: asp_col = 0; break;
		case OPT_NEUTRAL: s.neutral = rv_cli_double("--neutral", optarg, 0, 1); break;
		case OPT_NO_MODEL: no_model = 1; break;
		default: usage(RV_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (no_model && model_path)
		rv_usage_error("--model and --no-model exclude each other");

	/* Lexicons and model before any row is read: bad files are usage errors. */
	if (!replace_lex && rv_senti_load_defaults(&s, err, sizeof(err)) < 0)
		rv_die(RV_EXIT_USAGE, "embedded lexicon: %s", err);
	for (int i = 0; i < nlex; i++)
		load_lexicon_file(&s, lexicons[i]);
	if (!no_model) {
		if (model_path != NULL) {
			if (rv_lm_load(&model, model_path, err, sizeof(err)) < 0)
				rv_die(RV_EXIT_USAGE, "%s: %s", model_path, err);
		} else {
			size_t n;
			const char *img = rv_data_get(RV_SENTI_MODEL, &n);
			if (img == NULL || rv_lm_from_mem(&model, img, n, err, sizeof(err)) < 0)
				rv_die(RV_EXIT_DATA, "embedded model: %s", img ? err : "missing");
		}
		if (rv_senti_set_model(&s, &model) < 0)
			rv_die(RV_EXIT_USAGE, "%s: the model needs labels neg and pos (or 0 and 1), "
			    "one per row; train it with rv-train --label", model_path ? model_path : "model");
	}

	/* The emotion model reads the analysis, not the text: it is used with
	 * or without the sentiment model (with the rules when absent). */
	if (emodel_path != NULL) {
		if (rv_lm_load(&emodel, emodel_path, err, sizeof(err)) < 0)
			rv_die(RV_EXIT_USAGE, "%s: %s", emodel_path, err);
		have_emodel = 1;
	} else if (use_emodel) {
		size_t n;
		const char *img = rv_data_get(RV_SENTI_EMOTION_MODEL, &n);
		if (img == NULL || rv_lm_from_mem(&emodel, img, n, err, sizeof(err)) < 0)
			rv_die(RV_EXIT_DATA, "embedded emotion model: %s", img ? err : "missing");
		have_emodel = 1;
	}
	if (have_emodel && rv_senti_set_emotion_model(&s, &emodel) < 0)
		rv_die(RV_EXIT_USAGE, "%s: the emotion model needs emotion labels and intensity "
		    "labels (i0..i3, or ordinal ge1..ge3); train it with rv-train --multi-label on --emotion-tokens",
		    emodel_path ? emodel_path : "emotion model");

	if (s.want_etok) {
		etok_col = (int)ncols;
		colnames[ncols++] = "emotion_tokens";
	}
	if (asp_col == 0) {
		size_t n;
		const char *buf = rv_data_get(RV_SENTI_ASPECTS, &n);
		rv_aspects_init(&asp);
		if (buf == NULL)
			rv_die(RV_EXIT_DATA, "embedded aspect terms: missing");
		int rc = rv_aspects_load(&asp, RV_SENTI_ASPECTS, buf, n, err, sizeof(err));
		if (rc == -2)
			rv_oom();
		if (rc < 0)
			rv_die(RV_EXIT_DATA, "embedded aspect terms: %s", err);
		asp_col = (int)ncols;
		colnames[ncols++] = "aspects";
		colnames[ncols++] = "aspect_cues";
	}

	rv_cli_open_input(&cli, &in, argc, argv);
	rv_cli_out(&cli, &out);
	/* Empty input (not even a header): empty output. */
	int empty = !cli.no_header && in.nhdr == 0 && in.hdrbuf.len == 0;
	struct rv_textcols tc = {.max = 0};
	if (!empty)
		rv_textcols_init(&tc, &in, cli.text_field);
	rv_cli_watch_utf8(&cli, empty ? 0 : tc.col[0]);
	/* One text column: folding the text checks it (the rest of a capped
	 * text is checked below), no pass of its own per row. */
	cli.utf8_self = tc.n == 1;
	rv_cli_cols(&cli, &cols, &in, colnames, ncols);
	if (!cli.no_header && !empty)
		rv_cols_header(&out, &cols, &in);
	while (!empty && rv_cli_next(&cli, &in)) {
		struct rv_senti_result r;
		struct rv_field v[8];
		char score[32], inten[4];
		if (!rv_cli_row_ok(&cli, &in, (size_t)tc.max + 1))
			continue;
		struct rv_field text = rv_textcols_get(&tc, in.r.f);
		s.head = tc.head;	/* a title counts s.head_weight times */
		size_t tl = rv_textcap(&cap, text.p, text.len, in.r.name, in.r.lineno);
		if (rv_senti_text(&s, text.p, tl, &r) < 0)
			rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno,
			    "out of memory analysing a text of %zu bytes", text.len);
		/* the cut is before a lead byte: the rest decodes on its own */
		if (cli.utf8_self && (r.invalid_utf8 ||
		    rv_utf8_validate(text.p + tl, text.len - tl) < text.len - tl))
			rv_cli_utf8_bad(&cli, &in);
		v[0].len = rv_num_fmt(score, r.score, 3);
		v[0].p = score;
		v[1].p = rv_polarity_name(r.polarity);
		v[1].len = 3;
		inten[0] = (char)('0' + r.intensity);
		v[2].p = inten;
		v[2].len = 1;
		v[3].p = rv_emotion_name(r.emotion);
		v[3].len = strlen(v[3].p);
		v[4].p = r.cues;
		v[4].len = r.cueslen;
		if (etok_col >= 0) {
			v[etok_col].p = rv_senti_emotion_tokens(&s, &v[etok_col].len);
			if (v[etok_col].len > 0)
				v[etok_col].len--;	/* the trailing blank */
		}
		if (asp_col >= 0) {
			if (rv_senti_aspects(&s, &asp, &r) < 0)
				rv_dieat(RV_EXIT_DATA, in.r.name, in.r.lineno,
				    "out of memory finding the aspects of a text of %zu bytes", text.len);
			v[asp_col].p = asp.out.p;
			v[asp_col].len = asp.out.len;
			v[asp_col + 1].p = asp.cues.p;
			v[asp_col + 1].len = asp.cues.len;
		}
		rv_cols_row(&out, &cols, in.r.f, in.r.nf, v);
		if (out.err)
			break;
	}
	if (cap.n > 0)
		rv_warnat(cap.file ? cap.file : in.r.name, cap.line,
		    "%lu text field%s longer than %d bytes (the first here): only the first %d "
		    "bytes of each analysed", cap.n, cap.n == 1 ? "" : "s", RV_TEXT_MAX, RV_TEXT_MAX);
	rv_textcap_free(&cap);
	rv_cli_finish(&cli, &out);
	rv_in_close(&in);
	rv_cols_free(&cols);
	rv_textcols_free(&tc);
	rv_senti_free(&s);
	if (!no_model)
		rv_lm_free(&model);
	if (have_emodel)
		rv_lm_free(&emodel);
	if (asp_col >= 0)
		rv_aspects_free(&asp);
	return RV_EXIT_OK;
}

static void
load_lexicon_file(struct rv_senti *s, const char *path)
{
	struct rv_buf b = {0};
	char err[512];

	if (rv_buf_read_file(&b, path) < 0)
		rv_die(RV_EXIT_USAGE, "%s: cannot open lexicon: %s", path, strerror(errno));
	if (rv_senti_load_lexicon(s, path, b.p, b.len, err, sizeof(err)) != 0)
		rv_die(RV_EXIT_USAGE, "%s", err);
	rv_buf_free(&b);
}

static void
dump_defaults(void)
{
	size_t i, n;
	const char *buf;

	printf("term\tkind\tvalue\temotion\tnote\n");
	for (i = 0; rv_senti_lexicons[i] != NULL; i++) {
		if ((buf = rv_data_get(rv_senti_lexicons[i], &n)) == NULL)
			continue;
		printf("# %s\n", rv_senti_lexicons[i]);
		/* Skip each file's own header line. */
		const char *body = memchr(buf, '\n', n);
		body = body ? body + 1 : buf + n;
		fwrite(body, 1, n - (size_t)(body - buf), stdout);
	}
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK)
		rv_usage_error("bad usage");
	printf("Usage: %s [-n] [-t FIELD] [--model FILE | --no-model] [--lexicon FILE]\n"
	    "       [--add-lexicon FILE] [--neutral X] [--lexicon-weight X] [--cues N]\n"
	    "       [--emotion rules|model] [--emotion-model FILE] [--emotion-tokens] [--aspects]\n"
	    "       [--line-buffered] [--prefix STR] [--suffix STR] [--rejects FILE]\n"
	    "       [--dump-defaults] [FILE...]\n"
	    "Score the sentiment of the text column of TSV rows and append (or overwrite)\n"
	    "sentiment (-1..1), polarity (neg/neu/pos), intensity (0-3), emotion and\n"
	    "sentiment_cues. Reads standard input when no FILE is given.\n\n"
	    "  -t, --text-field=FIELD  text column, name or number (default: text)\n"
	    "      --model=FILE        model from rv-train (labels neg/pos) instead of the embedded one\n"
	    "      --no-model          lexicon rules only\n"
	    "      --emotion=HOW       emotion and intensity by the lexicon rules (default)\n"
	    "                          or by the embedded model trained on labelled reviews\n"
	    "      --emotion-model=FILE  that model from a file (rv-train --multi-label)\n"
	    "      --emotion-tokens    add column emotion_tokens (the emotion model's input)\n"
	    "      --aspects           add columns aspects (quality:+0.80,logistics:-0.70)\n"
	    "                          and aspect_cues (the aspect terms found)\n"
	    "      --lexicon=FILE      use FILE instead of the embedded lexicons (repeatable)\n"
	    "      --add-lexicon=FILE  add FILE's entries to the embedded lexicons (repeatable)\n"
	    "      --dump-defaults     print the embedded lexicons in --lexicon format\n"
	    "      --neutral=X         |sentiment| below X is neu (default 0.2)\n"
	    "      --lexicon-weight=X  weight of the lexicon sum against the model (default %.2f)\n"
	    "      --cues=N            list at most N cues per row (default 8)\n"
	    "      --line-buffered     flush every row (for tail -f pipelines)\n"
	    "      --prefix=STR, --suffix=STR  name the columns written STRsentiment, ...\n"
	    "                          or sentimentSTR, ... (keeps input columns of those names)\n"
	    "  -n, --no-header         input has no header; give fields by number\n"
	    "      --rejects=FILE      write malformed rows to FILE and go on\n"
	    "  -h, --help              show this help;  --version  show the version\n\n"
	    "Examples:\n"
	    "  rv-sentiment < reviews.tsv | awk -F'\\t' '$NF != \"\"' \n"
	    "  rv-import export.csv | rv-sentiment -t comment | rv-triage\n"
	    "  rv-sentiment --dump-defaults > my.lex; rv-sentiment --lexicon my.lex < r.tsv\n\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", rv_progname(), RV_SENTI_LEX_WEIGHT);
	exit(RV_EXIT_OK);
}
