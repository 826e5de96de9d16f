/* rv-script - the effect of agents' wording (or of agents, templates,
 * reply types) on the customer's next message in chat logs: reads one
 * message per row, writes one row per phrase (or --by value) that
 * changes the customer's next mood, against what the customer would
 * have said anyway. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "partial.h"
#include "data.h"
#include "err.h"
#include "isotime.h"
#include "num.h"
#include "script.h"
#include "utf8.h"

enum {
	OPT_TURN = RV_OPT_TOOL, OPT_ROLE, OPT_AGENT_ROLE, OPT_CUSTOMER_ROLE, OPT_OUTCOME,
	OPT_PHRASES, OPT_MIN_SUPPORT, OPT_MIN_EFFECT, OPT_MAX_KEYS, OPT_ALPHA, OPT_NAIVE, OPT_PRETTY,
	OPT_PARTIAL, OPT_MERGE
};

struct opts {
	const char *conv, *turn, *role, *agent, *customer, *value, *text, *by, *outcome, *phrases;
	int pretty, partial, merge;
	struct rv_script_opts s;
	char sig[1024];		/* the options a partial state records */
};

struct colidx {
	long conv, turn, role, value, text, by, outcome;
	size_t need;
};

/* Rows whose role is neither --agent-role nor --customer-role: not used,
 * counted and told. */
static unsigned long other_roles;
static char other_seen[41];

static void parse_args(struct opts *, struct rv_cli *, int, char **);
static void resolve(const struct opts *, const struct rv_in *, struct colidx *);
static void add_row(struct rv_cli *, const struct rv_in *, const struct opts *,
    const struct colidx *, struct rv_script *);
static void load_phrases(struct rv_script *, const char *);
static void merge_check(struct rv_cli *, const struct rv_in *, struct rv_script *, int);
static void usage(int);

int
main(int argc, char **argv)
{
	struct opts op;
	struct rv_cli cli = {0};
	struct rv_in in;
	struct rv_out out;
	struct colidx ci;
	struct rv_script *s;
	struct rv_script_result res;
	static const char *const stop[] = {"terms-stop-zh.tsv", "terms-stop-en.tsv"};
	size_t i, len;

	rv_cli_init(argc, argv);
	parse_args(&op, &cli, argc, argv);
	if (op.merge) {
		cli.no_header = 0;	/* a partial state always has its header */
		cli.repeat_quiet = 1;	/* one per partial */
	}
	if ((s = rv_script_new(&op.s)) == NULL)
		rv_oom();
	for (i = 0; i < 2; i++) {
		const char *d = rv_data_get(stop[i], &len);
		if (d != NULL && rv_script_stop(s, d, len) < 0)
			rv_oom();
	}
	if (op.phrases != NULL)
		load_phrases(s, op.phrases);
	rv_cli_open_input(&cli, &in, argc - optind, argv + optind);
	if (op.merge) {
		if (in.nhdr > 0)
			merge_check(&cli, &in, s, rv_script_merge_row(s, in.hdr, in.nhdr));
		while (rv_cli_next(&cli, &in))
			merge_check(&cli, &in, s, rv_script_merge_row(s, in.r.f, in.r.nf));
	} else if (in.nhdr > 0 || cli.no_header) {
		resolve(&op, &in, &ci);
		while (rv_cli_next(&cli, &in))
			if (rv_cli_row_ok(&cli, &in, ci.need))
				add_row(&cli, &in, &op, &ci, s);
	}
	if (other_roles > 0)
		rv_warn("%lu row%s with a role other than '%s' or '%s' (such as '%s') not used; "
		    "set --agent-role and --customer-role if they name them", other_roles,
		    other_roles == 1 ? "" : "s", op.agent, op.customer, other_seen);
	rv_cli_out(&cli, &out);
	if (op.partial)
		rv_script_write_partial(s, &out);
	else {
		if (rv_script_run(s, &res) < 0)
			rv_oom();
		if (op.phrases != NULL && res.untested > 0)
			rv_warn("%zu of the phrases of %s occur in fewer than %lu agent turns with a customer "
			    "reply (--min-support) and were not tested", res.untested, op.phrases, op.s.min_support);
		if (res.msgs > 0 && res.obs == 0)
			rv_warn("no agent message is followed by a customer message with a mood (column '%s'): "
			    "nothing to measure", op.value);
		rv_script_write(s, &res, &out, op.pretty);
		rv_script_result_free(&res);
	}
	rv_cli_finish(&cli, &out);
	rv_script_free(s);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

static void
parse_args(struct opts *op, struct rv_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"by", required_argument, NULL, 'b'},
		{"conv", required_argument, NULL, 'c'},
		{"text", required_argument, NULL, 't'},
		{"value", required_argument, NULL, 'v'},
		{"turn", required_argument, NULL, OPT_TURN},
		{"role", required_argument, NULL, OPT_ROLE},
		{"agent-role", required_argument, NULL, OPT_AGENT_ROLE},
		{"customer-role", required_argument, NULL, OPT_CUSTOMER_ROLE},
		{"outcome", required_argument, NULL, OPT_OUTCOME},
		{"phrases", required_argument, NULL, OPT_PHRASES},
		{"min-support", required_argument, NULL, OPT_MIN_SUPPORT},
		{"min-effect", required_argument, NULL, OPT_MIN_EFFECT},
		{"max-keys", required_argument, NULL, OPT_MAX_KEYS},
		{"alpha", required_argument, NULL, OPT_ALPHA},
		{"naive", no_argument, NULL, OPT_NAIVE},
		{"pretty", no_argument, NULL, OPT_PRETTY},
		{"partial", no_argument, NULL, OPT_PARTIAL},
		{"merge", no_argument, NULL, OPT_MERGE},
		RV_CLI_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	int ch;

	memset(op, 0, sizeof(*op));
	rv_script_opts_default(&op->s);
	op->conv = "conv", op->turn = "turn", op->role = "role", op->agent = "agent";
	op->customer = "customer", op->value = "sentiment", op->text = "text";
	while ((ch = getopt_long(argc, argv, "b:c:hnt:v:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b': op->by = optarg; break;
		case 'c': op->conv = optarg; break;
		case 't': op->text = optarg; break;
		case 'v': op->value = optarg; break;
		case OPT_TURN: op->turn = optarg; break;
		case OPT_ROLE: op->role = optarg; break;
		case OPT_AGENT_ROLE: op->agent = optarg; break;
		case OPT_CUSTOMER_ROLE: op->customer = optarg; break;
		case OPT_OUTCOME: op->outcome = optarg; break;
		case OPT_PHRASES: op->phrases = optarg; break;
		case OPT_MIN_SUPPORT:
			op->s.min_support = (unsigned long)rv_cli_long("--min-support", optarg, 2, 1000000000);
			break;
		case OPT_MIN_EFFECT: op->s.min_effect = rv_cli_double("--min-effect", optarg, 0, 1e9); break;
		case OPT_MAX_KEYS: op->s.max_keys = (size_t)rv_cli_long("--max-keys", optarg, 1, 5000); break;
		case OPT_ALPHA: op->s.alpha = rv_cli_double("--alpha", optarg, 1e-9, 0.5); break;
		case OPT_NAIVE: op->s.naive = 1; break;
		case OPT_PRETTY: op->pretty = 1; break;
		case OPT_PARTIAL: op->partial = 1; break;
		case OPT_MERGE: op->merge = 1; break;
		default:
			rv_cli_option(cli, ch, optarg, usage);
		}
	}
	if (op->partial && (op->merge || op->pretty))
		rv_usage_error("--partial cannot be combined with --merge or --pretty");
	if (op->by && op->phrases)
		rv_usage_error("--by and --phrases choose different keys: give one of them");
	if (strcmp(op->agent, op->customer) == 0)
		rv_usage_error("--agent-role and --customer-role are both '%s'", op->agent);
	op->s.by = op->by != NULL;
	op->s.by_name = op->by;
	op->s.outcome = op->outcome != NULL;
	/* What a partial state's rows are: --merge must be given the same. */
	snprintf(op->sig, sizeof(op->sig), "conv=%s turn=%s role=%s agent=%s customer=%s value=%s "
	    "text=%s by=%s outcome=%s", op->conv, op->turn, op->role, op->agent, op->customer, op->value,
	    op->text, op->by ? op->by : "", op->outcome ? op->outcome : "");
	rv_partial_sig_clean(op->sig);
	op->s.sig = op->sig;
}

static void
resolve(const struct opts *op, const struct rv_in *in, struct colidx *ci)
{
	ci->need = 1;
	ci->conv = rv_cli_col_need(in, op->conv, "conversation", &ci->need);
	ci->turn = rv_cli_col_need(in, op->turn, "turn", &ci->need);
	ci->role = rv_cli_col_need(in, op->role, "role", &ci->need);
	ci->value = rv_cli_col_need(in, op->value, "mood value", &ci->need);
	ci->by = rv_cli_col_need(in, op->by, "--by", &ci->need);
	ci->outcome = rv_cli_col_need(in, op->outcome, "outcome", &ci->need);
	if (op->by == NULL)
		ci->text = rv_cli_col_need(in, op->text, "agent text", &ci->need);
	else if ((ci->text = rv_cli_col_opt(in, op->text)) >= 0 && (size_t)ci->text + 1 > ci->need)
		ci->need = (size_t)ci->text + 1;	/* for the examples */
}

#define FLD(i) (in->r.f[i])
#define SHOW(f) (int)rv_utf8_cut((f).p, (f).len, 40), (f).p

static int
is(const struct rv_field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

static void
add_row(struct rv_cli *cli, const struct rv_in *in, const struct opts *op,
    const struct colidx *ci, struct rv_script *s)
{
	const struct rv_field *r = &FLD(ci->role), *v = &FLD(ci->value);
	struct rv_field t = {"", 0};
	double turn, mood = NAN, out = NAN;
	int agent;
	size_t k;

	if (is(r, op->agent))
		agent = 1;
	else if (is(r, op->customer))
		agent = 0;
	else {
		if (other_roles++ == 0)
			snprintf(other_seen, sizeof(other_seen), "%.*s", SHOW(*r));
		return;
	}
	if (FLD(ci->conv).len == 0) {
		rv_cli_reject(cli, in, "empty conversation id in field %ld", ci->conv + 1);
		return;
	}
	/* A turn number, or the message's time (chat logs carry timestamps):
	 * only the order within a conversation is used. */
	if (rv_num_parse(FLD(ci->turn).p, FLD(ci->turn).len, &turn) < 0) {
		static struct rv_isotime tz;
		long long ts;
		if (rv_isotime_parse(&tz, FLD(ci->turn).p, FLD(ci->turn).len, &ts) < 0) {
			rv_cli_reject(cli, in, "field %ld (%s): expected a turn number or an ISO 8601 "
			    "time, got \"%.*s\"", ci->turn + 1, op->turn, SHOW(FLD(ci->turn)));
			return;
		}
		turn = (double)ts;
	}
	if (!agent && rv_num_parse(v->p, v->len, &mood) < 0) {
		for (k = 0; k < v->len && v->p[k] == ' '; k++)
			;
		if (k < v->len) {
			rv_cli_reject(cli, in, "field %ld (%s): expected a number, got \"%.*s\"",
			    ci->value + 1, op->value, SHOW(*v));
			return;
		}
		mood = NAN;	/* empty: the message has no mood (a sticker) */
	}
	if (ci->outcome >= 0 && rv_script_outcome(FLD(ci->outcome).p, FLD(ci->outcome).len, &out) < 0) {
		rv_cli_reject(cli, in, "field %ld (%s): expected a number or yes/no, got \"%.*s\"",
		    ci->outcome + 1, op->outcome, SHOW(FLD(ci->outcome)));
		return;
	}
	if (ci->text >= 0)
		t = FLD(ci->text);
	if (rv_script_add(s, FLD(ci->conv).p, FLD(ci->conv).len, turn, agent, mood, t.p, t.len,
	    ci->by >= 0 && FLD(ci->by).len ? FLD(ci->by).p : NULL, ci->by >= 0 ? FLD(ci->by).len : 0,
	    out) < 0)
		rv_oom();
}

/* --phrases FILE (rv_script_phrases reads it). */
static void
load_phrases(struct rv_script *s, const char *path)
{
	struct rv_buf b = {0};
	long n;

	if (rv_buf_read_file(&b, path) < 0)
		rv_die(RV_EXIT_DATA, "%s: %s", path, strerror(errno));
	if ((n = rv_script_phrases(s, b.p, b.len)) < 0)
		rv_oom();
	if (n == 0)
		rv_die(RV_EXIT_DATA, "%s: no phrases (one per line, in the first column)", path);
	rv_buf_free(&b);
}

/* A library status for a partial-state row. */
static void
merge_check(struct rv_cli *cli, const struct rv_in *in, struct rv_script *s, int rc)
{
	char want[1200];

	switch (rc) {
	case RV_SCRIPT_OK:
		return;
	case RV_SCRIPT_ENOMEM:
		rv_oom();
	case RV_SCRIPT_EMODE:
		rv_script_partial_header(s, want, sizeof(want));
		for (char *t = want; *t; t++)
			if (*t == '\t')
				*t = ' ';
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "partial state made with other options: "
		    "these options expect '%s'; give --merge the same -c, --turn, --role, --agent-role, "
		    "--customer-role, -v, -t, -b and --outcome as --partial", want);
	case RV_SCRIPT_ENOHDR:
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "not an rv-script --partial state: the "
		    "first line must be its header (rv-script-partial ...)");
	default:
		rv_cli_reject(cli, in, "not a valid rv-script --partial row (m, conversation, turn, a or c, "
		    "mood, by, outcome, text)");
	}
}

static void
usage(int status)
{
	if (status)
		rv_try_help(status);
	fputs("Usage: rv-script [-b field] [-c field] [-t field] [-v field] [--turn field]\n"
	    "                 [--role field] [--agent-role value] [--customer-role value]\n"
	    "                 [--outcome field] [--phrases file] [--min-support n]\n"
	    "                 [--min-effect d] [--max-keys n] [--alpha a] [--naive]\n"
	    "                 [--partial | --merge] [--pretty] [-n] [--rejects file]\n"
	    "                 [file ...]\n"
	    "Which agent phrases (or agents, templates: --by) change the customer's next\n"
	    "message, against what that customer would have said anyway (their previous\n"
	    "and opening mood, the position): effect, CI and FDR q per key, ranked.\n"
	    "Reads chat logs as TSV, one message per row, from the files or standard input.\n"
	    "\n"
	    "  -c, --conv=FIELD          conversation id (default: conv)\n"
	    "      --turn=FIELD          turn order (default: turn)\n"
	    "      --role=FIELD          speaker (default: role)\n"
	    "      --agent-role=VALUE    the agent's role value (default: agent)\n"
	    "      --customer-role=VALUE the customer's role value (default: customer)\n"
	    "  -v, --value=FIELD         customer's mood (default: sentiment); empty is skipped\n"
	    "  -t, --text=FIELD          agent's text (default: text)\n"
	    "  -b, --by=FIELD            test the values of FIELD on agent rows, not phrases\n"
	    "      --outcome=FIELD       per-conversation 0/1 or number: its rate per key\n"
	    "      --phrases=FILE        test these phrases (first column) instead of mining\n"
	    "      --min-support=N       least agent turns with a key (default: 20)\n"
	    "      --min-effect=D        smallest |effect| reported (default: 0.1)\n"
	    "      --max-keys=N          most frequent keys tested (default: 1000)\n"
	    "      --alpha=A             FDR level and 1 - CI level (default: 0.05)\n"
	    "      --naive               before/after difference instead (biased; to compare)\n"
	    "      --partial             write mergeable state; --merge combines states\n"
	    "      --pretty              sentences for people\n"
	    "  -n, --no-header           no header line; fields by number\n"
	    "      --rejects=FILE        write bad rows there and go on\n"
	    "  -h, --help                this help;  --version  the version\n"
	    "\n"
	    "Examples:\n"
	    "  rv-sentiment < chats.tsv | rv-script --pretty\n"
	    "  rv-sentiment < chats.tsv | rv-script -b agent --outcome resolved\n"
	    "  rv-sentiment < chats.tsv | rv-script --phrases templates.tsv\n"
	    "\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", stdout);
	exit(RV_EXIT_OK);
}
