/* rv-triage - grade every negative review (urgent / important / normal /
 * none), give it a response deadline, an owner, a remedy rung, a filled-in
 * reply and a follow-up date. A filter: one row out per row in, columns
 * level reason due owner remedy reply followup appended (or overwritten). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "err.h"
#include "isotime.h"
#include "textcols.h"
#include "triage.h"
#include "utf8.h"

enum {
	OPT_DUMP = RV_OPT_TOOL, OPT_DOMAIN, OPT_DOMAINS, OPT_FIELD, OPT_LADDER, OPT_LANG, OPT_LINE,
	OPT_NOW, OPT_OWNERS, OPT_REMEDIES, OPT_RULES, OPT_SLA, OPT_SUMMARY, OPT_TEMPLATES, OPT_TIER
};

/* Input columns the tool reads, in struct rv_triage_row order after text. */
static const char *const in_names[] = {
	"category", "categories", "polarity", "emotion", "intensity",
	"line", "tier", "lang", "name", "order", "product", "time", "domain"
};
#define NIN (sizeof(in_names) / sizeof(in_names[0]))

static const char *const out_names[] = {
	"level", "reason", "due", "owner", "remedy", "reply", "followup"
};

struct opts {
	struct rv_cli cli;
	const char *field[NIN];		/* column spec per input name; NULL: the default */
	const char *policy[RV_TRIAGE_NTABLES];	/* policy files */
	const char *now, *domain;
	int lang, summary;
};

static void usage(int status);
static void parse_args(struct opts *o, int argc, char **argv);
static void load_policy(struct rv_triage *t, const struct opts *o);
static void dump_defaults(const char *table);
static void print_summary(struct rv_out *out, struct rv_triage_sum *s);
static int time_field(struct rv_cli *cli, struct rv_in *in, struct rv_isotime *tz, const char *what,
    const struct rv_field *f, long long *t);

int
main(int argc, char **argv)
{
	struct opts o;
	struct rv_triage *t;
	struct rv_triage_res res = {0};
	struct rv_triage_sum sum;
	struct rv_isotime tz = {0};
	struct rv_in in = {0};
	struct rv_cols cols = {0};
	struct rv_textcols tc = {.max = 0};
	struct rv_out out;
	struct rv_triage_row row;
	long col[NIN + 1], need = 0, due_col = -1;
	long long now;
	size_t k;

	rv_cli_init(argc, argv);
	parse_args(&o, argc, argv);
	now = (long long)time(NULL);
	if (o.now != NULL && rv_isotime_parse(&tz, o.now, strlen(o.now), &now) < 0)
		rv_usage_error("invalid --now '%s': expected ISO 8601 (2024-05-01T13:45:00+08:00) "
		    "or Unix seconds", o.now);
	if ((t = rv_triage_new()) == NULL)
		rv_oom();
	load_policy(t, &o);
	rv_triage_set_lang(t, o.lang);
	rv_triage_set_domain(t, o.domain);
	rv_cli_open_input(&o.cli, &in, argc - optind, argv + optind);
	rv_cli_out(&o.cli, &out);
	rv_triage_sum_init(&sum, now);
	if (in.nhdr == 0 && !in.no_header) {	/* empty input */
		if (o.summary)
			print_summary(&out, &sum);
		goto done;
	}
	rv_textcols_init(&tc, &in, o.cli.text_field ? o.cli.text_field : "text");
	col[NIN] = tc.max;
	for (k = 0; k < NIN; k++) {
		col[k] = o.field[k] ? rv_cli_col(&in, o.field[k], in_names[k]) :
		    in.no_header ? -1 : rv_cli_col_opt(&in, in_names[k]);
		if (col[k] + 1 > need)
			need = col[k] + 1;
	}
	if (col[NIN] + 1 > need)
		need = col[NIN] + 1;
	/* --summary over a queue written by rv-triage: its deadlines stand
	 * (they were set from the time each row was graded), unless the
	 * time column is named with --field time=COL: then they are worked
	 * out again from that column. */
	if (o.summary && !in.no_header && o.field[11] == NULL &&
	    (due_col = rv_cli_col_opt(&in, "due")) + 1 > need)
		need = due_col + 1;
	rv_cli_watch_utf8(&o.cli, col[NIN]);
	if (!o.summary)
		rv_cli_cols(&o.cli, &cols, &in, out_names, 7);
	if (!o.summary && !in.no_header)
		rv_cols_header(&out, &cols, &in);
	while (rv_cli_next(&o.cli, &in)) {
		struct rv_field *f = in.r.f, vals[7], *dst[NIN];
		struct rv_field none = {NULL, 0};

		if (!rv_cli_row_ok(&o.cli, &in, (size_t)need))
			continue;
		dst[0] = &row.category; dst[1] = &row.categories; dst[2] = &row.polarity;
		dst[3] = &row.emotion; dst[4] = &row.intensity; dst[5] = &row.line;
		dst[6] = &row.tier; dst[7] = &row.lang; dst[8] = &row.name;
		dst[9] = &row.order; dst[10] = &row.product; dst[11] = &none; dst[12] = &row.domain;
		for (k = 0; k < NIN; k++)
			*dst[k] = col[k] >= 0 ? f[col[k]] : none;
		row.text = rv_textcols_get(&tc, f);
		row.time = now;
		if (col[11] >= 0 && !time_field(&o.cli, &in, &tz, "time", &f[col[11]], &row.time))
			continue;
		if (rv_triage_row(t, &row, &res) < 0) {
			if (res.reason.p == NULL || res.reason.len == 0)
				rv_oom();
			rv_cli_reject(&o.cli, &in, "%s", res.reason.p);
			continue;
		}
		if (o.summary) {
			if (due_col >= 0 && res.level != RV_TRIAGE_NONE &&
			    !time_field(&o.cli, &in, &tz, "due", &f[due_col], &res.due))
				continue;
			if (rv_triage_sum_add(&sum, &res) < 0)
				rv_oom();
			continue;
		}
		vals[0].p = rv_triage_level_name(res.level);
		vals[0].len = strlen(vals[0].p);
		vals[1].p = res.reason.p; vals[1].len = res.reason.len;
		vals[2].p = res.due_s.p; vals[2].len = res.due_s.len;
		vals[3].p = res.owner.p; vals[3].len = res.owner.len;
		vals[4].p = res.remedy.p; vals[4].len = res.remedy.len;
		vals[5].p = res.reply.p; vals[5].len = res.reply.len;
		vals[6].p = res.followup.p; vals[6].len = res.followup.len;
		rv_cols_row(&out, &cols, f, in.r.nf, vals);
		if (out.err)
			break;
	}
	if (o.summary)
		print_summary(&out, &sum);
	rv_cols_free(&cols);
done:
	rv_cli_finish(&o.cli, &out);
	rv_textcols_free(&tc);
	rv_in_close(&in);
	rv_triage_sum_free(&sum);
	rv_triage_res_free(&res);
	rv_triage_free(t);
	return RV_EXIT_OK;
}

static void
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		RV_CLI_LONGOPTS, RV_CLI_TEXT_LONGOPT, RV_CLI_LINEBUF_LONGOPT, RV_CLI_COLS_LONGOPTS,
		{"domain", required_argument, NULL, OPT_DOMAIN},
		{"domains", required_argument, NULL, OPT_DOMAINS},
		{"dump-defaults", optional_argument, NULL, OPT_DUMP},
		{"field", required_argument, NULL, OPT_FIELD},
		{"ladder", required_argument, NULL, OPT_LADDER},
		{"kind", required_argument, NULL, OPT_DOMAIN},
		{"lang", required_argument, NULL, OPT_LANG},
		{"line", required_argument, NULL, OPT_LINE},
		{"now", required_argument, NULL, OPT_NOW},
		{"owners", required_argument, NULL, OPT_OWNERS},
		{"remedies", required_argument, NULL, OPT_REMEDIES},
		{"rules", required_argument, NULL, OPT_RULES},
		{"sla", required_argument, NULL, OPT_SLA},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"templates", required_argument, NULL, OPT_TEMPLATES},
		{"tier", required_argument, NULL, OPT_TIER},
		{NULL, 0, NULL, 0}
	};
	int c;
	size_t k;

	memset(o, 0, sizeof(*o));
	o->lang = RV_TRIAGE_AUTO;
	while ((c = getopt_long(argc, argv, "hnt:", longopts, NULL)) != -1) {
		if (rv_cli_option(&o->cli, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_DOMAIN:
			if (optarg[0] == '\0' || strchr(optarg, '\t') != NULL)
				rv_usage_error("invalid --domain '%s': expected a domain such as goods, food or "
				    "hotel", optarg);
			o->domain = optarg;
			break;
		case OPT_DOMAINS: o->policy[RV_TRIAGE_DOMAINS] = optarg; break;
		case OPT_DUMP: dump_defaults(optarg); break;
		case OPT_FIELD: {
			const char *eq = strchr(optarg, '=');

			for (k = 0; eq && k < NIN; k++)
				if (strlen(in_names[k]) == (size_t)(eq - optarg) &&
				    memcmp(in_names[k], optarg, (size_t)(eq - optarg)) == 0)
					break;
			if (eq == NULL || k == NIN || eq[1] == '\0')
				rv_usage_error("invalid --field '%s': expected NAME=COLUMN, NAME one of category "
				    "categories polarity emotion intensity line tier lang name order product time domain",
				    optarg);
			o->field[k] = eq + 1;
			break;
		}
		case OPT_LADDER: o->policy[RV_TRIAGE_LADDER] = optarg; break;
		case OPT_LANG:
		{
			static const char *const langs[] = {"auto", "zh", "en", NULL};
			static const int code[] = {RV_TRIAGE_AUTO, RV_TRIAGE_ZH, RV_TRIAGE_EN};
			o->lang = code[rv_cli_choice("--lang", optarg, langs)];
			break;
		}
		case OPT_LINE: o->field[5] = optarg; break;
		case OPT_NOW: o->now = optarg; break;
		case OPT_OWNERS: o->policy[RV_TRIAGE_OWNERS] = optarg; break;
		case OPT_REMEDIES: o->policy[RV_TRIAGE_REMEDIES] = optarg; break;
		case OPT_RULES: o->policy[RV_TRIAGE_RULES] = optarg; break;
		case OPT_SLA: o->policy[RV_TRIAGE_SLA] = optarg; break;
		case OPT_SUMMARY: o->summary = 1; break;
		case OPT_TEMPLATES: o->policy[RV_TRIAGE_TEMPLATES] = optarg; break;
		case OPT_TIER: o->field[6] = optarg; break;
		default: usage(RV_EXIT_USAGE);
		}
	}
}

/* Every table from its file or the embedded default; any problem is a
 * usage error (exit 2) reported before the first row is read. */
static void
load_policy(struct rv_triage *t, const struct opts *o)
{
	struct rv_triage_err e;
	int k;

	for (k = 0; k < RV_TRIAGE_NTABLES; k++) {
		const char *text, *name;
		size_t len;

		if (o->policy[k] != NULL) {
			if (rv_triage_load_file(t, k, o->policy[k], &e) < 0)
				rv_dieat(RV_EXIT_USAGE, e.file, e.line, "%s", e.msg);
			continue;
		}
		if ((text = rv_triage_default(k, &len, &name)) == NULL)
			rv_die(RV_EXIT_DATA, "embedded %s table missing (broken build)", rv_triage_table_name(k));
		if (rv_triage_load(t, k, name, text, len, &e) < 0)
			rv_dieat(RV_EXIT_USAGE, e.file, e.line, "%s", e.msg);
	}
	if (rv_triage_ready(t, &e) < 0)
		rv_dieat(RV_EXIT_USAGE, e.file, e.line, "%s", e.msg);
}

static void
dump_defaults(const char *table)
{
	int k, only = -1;

	if (table != NULL && (only = rv_triage_table_find(table)) < 0)
		rv_usage_error("invalid --dump-defaults '%s': expected rules, sla, owners, remedies, "
		    "ladder, templates or domains", table);
	for (k = 0; k < RV_TRIAGE_NTABLES; k++) {
		const char *name, *text;
		size_t len;

		if (only >= 0 && k != only)
			continue;
		text = rv_triage_default(k, &len, &name);
		if (only < 0)
			printf("%s# ==> %s (--%s FILE) <==\n", k ? "\n" : "", name,
			    k == RV_TRIAGE_RULES ? "rules" : rv_triage_table_name(k));
		fwrite(text, 1, len, stdout);
	}
	exit(RV_EXIT_OK);
}

static void
sum_line(struct rv_out *out, const char *group, const char *key, const struct rv_triage_sum_ent *e)
{
	struct rv_isotime tz = {0};
	char due[32] = "";

	if (e->past_due > 0)
		rv_isotime_fmt(&tz, due, e->oldest_due);
	rv_out_printf(out, "%s\t%s\t%llu\t%llu\t%s", group, key, e->rows, e->past_due, due);
	rv_out_eol(out);
}

static void
print_summary(struct rv_out *out, struct rv_triage_sum *s)
{
	int lv;
	size_t i;

	rv_triage_sum_sort(s);
	rv_out_puts(out, "group\tkey\trows\tpast_due\toldest_due");
	rv_out_eol(out);
	for (lv = RV_TRIAGE_URGENT; lv >= RV_TRIAGE_NONE; lv--)
		sum_line(out, "level", rv_triage_level_name(lv), &s->level[lv]);
	for (i = 0; i < s->nowner; i++)
		sum_line(out, "owner", s->owner[i].key, &s->owner[i]);
	sum_line(out, "total", "all", &s->total);
}

/* Parse a non-empty time field into *t (left alone when empty); on a bad
 * value reject the row and return 0. */
static int
time_field(struct rv_cli *cli, struct rv_in *in, struct rv_isotime *tz, const char *what,
    const struct rv_field *f, long long *t)
{
	if (f->len == 0 || rv_isotime_parse(tz, f->p, f->len, t) == 0)
		return 1;
	rv_cli_reject(cli, in, "%s '%.*s': expected ISO 8601 (2024-05-01T13:45:00+08:00) "
	    "or Unix seconds", what, (int)rv_utf8_cut(f->p, f->len, 40), f->p);
	return 0;
}

static void
usage(int status)
{
	FILE *f = status == RV_EXIT_OK ? stdout : stderr;

	if (status != RV_EXIT_OK) {
		rv_try_help(status);
	}
	fputs("Usage: rv-triage [-hn] [-t field] [--field name=column] [--line field] [--tier field]\n"
	    "       [--now time] [--lang zh|en|auto] [--domain goods|food|hotel] [--rules file]\n"
	    "       [--sla file] [--owners file] [--remedies file] [--ladder file]\n"
	    "       [--templates file] [--domains file] [--summary] [--line-buffered]\n"
	    "       [--prefix str] [--suffix str] [--rejects file] [--dump-defaults[=table]] [file ...]\n"
	    "Grade each review (urgent, important, normal, none), set its response deadline,\n"
	    "owner, remedy rung, reply text and follow-up date. Reads stdin when no file is given.\n"
	    "Reads text and, when present, category, categories, polarity, emotion, intensity\n"
	    "(rv-classify, rv-sentiment), time, line, domain, tier, lang, name, order, product;\n"
	    "appends\n"
	    "level, reason, due, owner, remedy, reply, followup.\n\n"
	    "  -t, --text-field=F     text column (default: text)\n"
	    "  -n, --no-header        no header line; give columns by number\n"
	    "      --field=NAME=COL   read input NAME (category, time, order, ...) from column COL\n"
	    "      --line=F           product-line column for routing (default: line)\n"
	    "      --tier=F           customer-tier column for the remedy (default: tier)\n"
	    "      --now=TIME         the time of rows without a time column, and --summary's\n"
	    "                         now (ISO 8601 or Unix seconds; default: the clock)\n"
	    "      --lang=L           reply language zh, en, or auto (follow the text; default)\n"
	    "      --domain=D, --kind=D  product domain of every row: goods, food (delivery) or\n"
	    "                         hotel (default: the domain column, else the line column\n"
	    "                         through the domains table)\n"
	    "      --rules=FILE       level rules      --sla=FILE        response deadlines\n"
	    "      --owners=FILE      routing table    --remedies=FILE   remedy rung table\n"
	    "      --ladder=FILE      remedy names     --templates=FILE  reply templates\n"
	    "      --domains=FILE     product line -> domain\n"
	    "      --summary          print the queue (rows and past-due rows per level and\n"
	    "                         owner) instead of the rows\n"
	    "      --line-buffered    flush every row (for tail -F pipelines)\n"
	    "      --prefix=STR, --suffix=STR  name the columns written STRlevel, ... or\n"
	    "                         levelSTR, ... (keeps input columns of those names)\n"
	    "      --rejects=FILE     set malformed rows aside instead of stopping\n"
	    "      --dump-defaults[=T] print the embedded policy (or table T) and exit\n"
	    "  -h, --help             this help      --version  print the version\n\n"
	    "Examples:\n"
	    "  rv-classify reviews.tsv | rv-sentiment | rv-triage --owners owners.tsv > queue.tsv\n"
	    "  tail -F reviews.tsv | rv-classify --line-buffered | rv-sentiment --line-buffered \\\n"
	    "    | rv-triage --line-buffered | grep --line-buffered -P '\\turgent\\t' | notify\n"
	    "  rv-triage --summary --now 2024-05-02T09:00 scored.tsv\n"
	    "  rv-triage --dump-defaults=owners > owners.tsv\n\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error (bad option or policy file).\n",
	    f);
	exit(status);
}
