/* rv-curve - the emotion curve along journey stages or conversation
 * turns, with its breakpoints, low point and outcome lift: reads TSV
 * rows, writes one row per position (or per entity with --each). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "partial.h"
#include "curve.h"
#include "err.h"
#include "num.h"
#include "utf8.h"

enum {
	OPT_TURN = RV_OPT_TOOL, OPT_ROLE, OPT_WHO, OPT_MAX_TURNS, OPT_OUTCOME, OPT_EACH,
	OPT_PARTIAL, OPT_MERGE, OPT_PRETTY, OPT_ALPHA, OPT_MIN_DELTA, OPT_PENALTY, OPT_DROP_BY,
	OPT_ZERO_BLANK
};

struct opts {
	const char *by, *order, *id, *conv, *turn, *role, *who, *value, *segment, *outcome;
	int each, partial, merge, pretty, zero_blank;
	struct rv_curve_opts c;
	char sig[1024];		/* the options a partial state records */
};

/* --who: rows of the role column seen, and some of its values for the
 * warning when none matched. */
static struct {
	unsigned long rows, matched;
	char seen[8][41];
	size_t nseen;
	int more;
} who;

/* --zero-blank: what a value of exactly 0 is. */
enum { ZB_NO, ZB_YES, ZB_AUTO };

/* --zero-blank=auto with a cue column: values read, and zeros without
 * cues read as blanks. */
static struct {
	unsigned long values, blanks;
} cue;

/* Column indexes of one run (-1: not used). */
struct colidx {
	long by, id, conv, turn, role, value, segment, outcome;
	long cues;	/* sentiment_cues, read under --zero-blank=auto */
	size_t need;
};

static void parse_args(struct opts *, struct rv_cli *, int, char **);
static void resolve(const struct opts *, const struct rv_in *, struct colidx *);
static void add_row(struct rv_cli *, const struct rv_in *, const struct opts *,
    const struct colidx *, struct rv_curve *);
static void check(struct rv_cli *, const struct rv_in *, int);
static void note_role(const struct rv_field *);
static void merge_check(struct rv_cli *, const struct rv_in *, int);
static void who_warning(const struct opts *);
static void zero_note(const struct opts *, struct rv_curve *);
static void usage(int);

static struct rv_field order_f[256];	/* --order, split on commas */
static struct rv_curve *cur;		/* for check()'s messages */

int
main(int argc, char **argv)
{
	struct opts op;
	struct rv_cli cli = {0};
	struct rv_in in;
	struct rv_out out;
	struct colidx ci;
	struct rv_curve *c;
	int rc;

	rv_cli_init(argc, argv);
	parse_args(&op, &cli, argc, argv);
	if (op.merge) {
		cli.no_header = 0;	/* a partial state always has its header */
		cli.repeat_quiet = 1;	/* one per partial */
	}
	if ((c = cur = rv_curve_new(&op.c)) == NULL)
		rv_oom();
	rv_cli_open_input(&cli, &in, argc - optind, argv + optind);
	if (op.merge) {
		if (in.nhdr > 0)
			merge_check(&cli, &in, rv_curve_merge_row(c, in.hdr, in.nhdr));
		while (rv_cli_next(&cli, &in))
			merge_check(&cli, &in, rv_curve_merge_row(c, in.r.f, in.r.nf));
	} else if (in.nhdr > 0 || cli.no_header) {
		resolve(&op, &in, &ci);
		if (ci.cues >= 0)
			rv_curve_zeros_known(c);
		while (rv_cli_next(&cli, &in))
			if (rv_cli_row_ok(&cli, &in, ci.need))
				add_row(&cli, &in, &op, &ci, c);
	}
	who_warning(&op);
	if (!op.partial)
		zero_note(&op, c);
	rv_cli_out(&cli, &out);
	if (op.partial) {
		rv_curve_write_partial(c, &out);
		rc = 0;
	} else if (op.each)
		rc = rv_curve_write_each(c, &out);
	else
		rc = rv_curve_write(c, &out, op.pretty);
	if (rc < 0)
		rv_oom();
	rv_cli_finish(&cli, &out);
	rv_curve_free(c);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

static void
parse_args(struct opts *op, struct rv_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"by", required_argument, NULL, 'b'},
		{"conv", required_argument, NULL, 'c'},
		{"id", required_argument, NULL, 'i'},
		{"order", required_argument, NULL, 'o'},
		{"segment", required_argument, NULL, 's'},
		{"value", required_argument, NULL, 'v'},
		{"turn", required_argument, NULL, OPT_TURN},
		{"role", required_argument, NULL, OPT_ROLE},
		{"who", required_argument, NULL, OPT_WHO},
		{"max-turns", required_argument, NULL, OPT_MAX_TURNS},
		{"outcome", required_argument, NULL, OPT_OUTCOME},
		{"each", no_argument, NULL, OPT_EACH},
		{"partial", no_argument, NULL, OPT_PARTIAL},
		{"merge", no_argument, NULL, OPT_MERGE},
		{"pretty", no_argument, NULL, OPT_PRETTY},
		{"alpha", required_argument, NULL, OPT_ALPHA},
		{"min-delta", required_argument, NULL, OPT_MIN_DELTA},
		{"penalty", required_argument, NULL, OPT_PENALTY},
		{"drop-by", required_argument, NULL, OPT_DROP_BY},
		{"zero-blank", optional_argument, NULL, OPT_ZERO_BLANK},
		RV_CLI_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	const char *p, *q;
	int ch;

	memset(op, 0, sizeof(*op));
	op->turn = "turn", op->role = "role", op->who = "customer", op->value = "sentiment";
	op->c.max_turns = 10;
	op->c.alpha = 0.05;
	op->c.min_delta = NAN;
	op->c.pen = NAN;
	op->c.drop_by = NAN;
	op->zero_blank = ZB_AUTO;
	while ((ch = getopt_long(argc, argv, "b:c:hi:no:s:v:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b': op->by = optarg; break;
		case 'c': op->conv = optarg; break;
		case 'i': op->id = optarg; break;
		case 'o': op->order = optarg; break;
		case 's': op->segment = optarg; break;
		case 'v': op->value = optarg; break;
		case OPT_TURN: op->turn = optarg; break;
		case OPT_ROLE: op->role = optarg; break;
		case OPT_WHO: op->who = optarg; break;
		case OPT_MAX_TURNS: op->c.max_turns = rv_cli_long("--max-turns", optarg, 1, 100000); break;
		case OPT_OUTCOME: op->outcome = optarg; break;
		case OPT_EACH: op->each = 1; break;
		case OPT_PARTIAL: op->partial = 1; break;
		case OPT_MERGE: op->merge = 1; break;
		case OPT_PRETTY: op->pretty = 1; break;
		case OPT_ZERO_BLANK:
		{
			static const char *const zb[] = {"yes", "no", "auto", NULL};
			static const int code[] = {ZB_YES, ZB_NO, ZB_AUTO};
			op->zero_blank = optarg == NULL ? ZB_YES :
			    code[rv_cli_choice("--zero-blank", optarg, zb)];
			break;
		}
		case OPT_ALPHA: op->c.alpha = rv_cli_double("--alpha", optarg, 1e-9, 0.5); break;
		case OPT_MIN_DELTA: op->c.min_delta = rv_cli_double("--min-delta", optarg, 0, 1e9); break;
		case OPT_DROP_BY: op->c.drop_by = rv_cli_double("--drop-by", optarg, 0, 1e9); break;
		case OPT_PENALTY: op->c.pen = rv_cli_double("--penalty", optarg, 0, 1e9); break;
		default:
			rv_cli_option(cli, ch, optarg, usage);
		}
	}
	if (op->by && op->conv)
		rv_usage_error("--by and --conv choose different modes: give one of them");
	if (!op->conv && !op->by)
		op->by = "stage";
	if (op->order && op->conv)
		rv_usage_error("--order is for --by positions; turns are ordered by --turn");
	if (op->partial && (op->merge || op->pretty))
		rv_usage_error("--partial cannot be combined with --merge or --pretty");
	if (op->each && op->pretty)
		rv_usage_error("--pretty is for the curve table, not --each");
	if (op->each && !op->conv && !op->id)
		rv_usage_error("--each needs --id (or --conv) to know the entities");
	if (op->outcome && !op->conv && !op->id)
		rv_usage_error("--outcome needs --id (or --conv) to know the entities");
	op->c.conv = op->conv != NULL;
	op->c.entities = op->conv || op->id || op->each || op->outcome;
	op->c.outcome = op->outcome != NULL;
	for (p = op->order; p != NULL && *p; p = *q ? q + 1 : q) {
		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		if (q == p)
			rv_usage_error("--order '%s': empty position name", op->order);
		if (op->c.norder == sizeof(order_f) / sizeof(order_f[0]))
			rv_usage_error("--order: at most 256 positions");
		order_f[op->c.norder].p = p;
		order_f[op->c.norder++].len = (size_t)(q - p);
	}
	op->c.order = order_f;
	/* What a partial state's values are: --merge must be given the same. */
	if (op->conv)
		snprintf(op->sig, sizeof(op->sig), "conv=%s turn=%s role=%s who=%s value=%s segment=%s outcome=%s",
		    op->conv, op->turn, op->role, op->who, op->value, op->segment ? op->segment : "",
		    op->outcome ? op->outcome : "");
	else
		snprintf(op->sig, sizeof(op->sig), "by=%s id=%s value=%s segment=%s outcome=%s",
		    op->by, op->id ? op->id : "", op->value, op->segment ? op->segment : "",
		    op->outcome ? op->outcome : "");
	strncat(op->sig, op->zero_blank == ZB_YES ? " zero-blank=yes" : op->zero_blank == ZB_NO ?
	    " zero-blank=no" : " zero-blank=auto", sizeof(op->sig) - strlen(op->sig) - 1);
	op->c.zero_auto = op->zero_blank == ZB_AUTO;
	rv_partial_sig_clean(op->sig);
	op->c.sig = op->sig;
}

static void
resolve(const struct opts *op, const struct rv_in *in, struct colidx *ci)
{
	ci->need = 1;
	ci->value = rv_cli_col_need(in, op->value, "value", &ci->need);
	ci->by = rv_cli_col_need(in, op->by, "position", &ci->need);
	ci->id = rv_cli_col_need(in, op->id, "id", &ci->need);
	ci->conv = rv_cli_col_need(in, op->conv, "conversation", &ci->need);
	ci->turn = op->conv ? rv_cli_col_need(in, op->turn, "turn", &ci->need) : -1;
	ci->role = op->conv && *op->who ? rv_cli_col_need(in, op->role, "role", &ci->need) : -1;
	ci->segment = rv_cli_col_need(in, op->segment, "segment", &ci->need);
	ci->outcome = rv_cli_col_need(in, op->outcome, "outcome", &ci->need);
	/* rv-sentiment's cues tell a 0 without any cue (no mood evidence)
	 * from one whose cues cancel out. */
	ci->cues = op->zero_blank == ZB_AUTO && strcmp(op->value, "sentiment") == 0 &&
	    in->hdr != NULL ? rv_cli_col_opt(in, "sentiment_cues") : -1;
}

#define FLD(i) (in->r.f[i])

static void
add_row(struct rv_cli *cli, const struct rv_in *in, const struct opts *op,
    const struct colidx *ci, struct rv_curve *c)
{
	struct rv_field v = FLD(ci->value), seg = {"all", 3}, none = {"", 0};
	double x, turn;
	int out = -1, rc, bad, nocue;

	if (ci->role >= 0) {
		const struct rv_field *r = &FLD(ci->role);
		who.rows++;
		if (r->len != strlen(op->who) || memcmp(r->p, op->who, r->len)) {
			note_role(r);
			return;
		}
		who.matched++;
	}
	bad = rv_num_parse(v.p, v.len, &x) < 0;
	nocue = 0;
	if (!bad && ci->cues >= 0) {
		cue.values++;
		const struct rv_field *cf = (size_t)ci->cues < in->r.nf ? &FLD(ci->cues) : NULL;
		if (rv_curve_cue_blank(x, cf ? cf->p : NULL, cf ? cf->len : 0))
			cue.blanks++, nocue = 1;
	}
	if (bad || (op->zero_blank == ZB_YES && x == 0) || nocue) {
		size_t k = 0;
		while (k < v.len && v.p[k] == ' ')
			k++;
		if (bad && k < v.len) {
			rv_cli_reject(cli, in, "field %ld (%s): expected a number, got \"%.*s\"",
			    ci->value + 1, op->value, (int)rv_utf8_cut(v.p, v.len, 40), v.p);
			return;
		}
		/* Empty value (stickers, agent rows), or 0 with --zero-blank
		 * (or without sentiment cues): skipped, but in a conversation
		 * the message keeps its place. */
		if (ci->conv < 0)
			return;
		x = NAN;
	}
	if (ci->segment >= 0)
		seg = FLD(ci->segment);
	if (ci->outcome >= 0 && (out = rv_curve_outcome(FLD(ci->outcome).p, FLD(ci->outcome).len)) == -2) {
		rv_cli_reject(cli, in, "field %ld (%s): expected 1/0 or yes/no, got \"%.*s\"",
		    ci->outcome + 1, op->outcome, (int)rv_utf8_cut(FLD(ci->outcome).p, FLD(ci->outcome).len, 40),
		    FLD(ci->outcome).p);
		return;
	}
	if (ci->conv >= 0) {
		if (FLD(ci->conv).len == 0) {
			rv_cli_reject(cli, in, "empty conversation id in field %ld", ci->conv + 1);
			return;
		}
		if (rv_num_parse(FLD(ci->turn).p, FLD(ci->turn).len, &turn) < 0) {
			rv_cli_reject(cli, in, "field %ld (%s): expected a turn number, got \"%.*s\"",
			    ci->turn + 1, op->turn, (int)rv_utf8_cut(FLD(ci->turn).p, FLD(ci->turn).len, 40),
			    FLD(ci->turn).p);
			return;
		}
		check(cli, in, rv_curve_add_msg(c, seg.p, seg.len, FLD(ci->conv).p, FLD(ci->conv).len,
		    turn, x, out));
		return;
	}
	if (FLD(ci->by).len == 0) {
		rv_cli_reject(cli, in, "empty position in field %ld (%s)", ci->by + 1, op->by);
		return;
	}
	if (ci->id >= 0)
		none = FLD(ci->id);
	rc = rv_curve_add(c, seg.p, seg.len, FLD(ci->by).p, FLD(ci->by).len, none.p, none.len, x, out);
	if (rc != RV_CURVE_EORDER)
		check(cli, in, rc);
	else
		rv_cli_reject(cli, in, "position \"%.*s\" is not in --order; add it there",
		    (int)rv_utf8_cut(FLD(ci->by).p, FLD(ci->by).len, 40), FLD(ci->by).p);
}

/* Remember a role value that is not --who (the first few distinct ones). */
static void
note_role(const struct rv_field *r)
{
	size_t i, n = r->len > 40 ? 40 : r->len;

	for (i = 0; i < who.nseen; i++)
		if (strlen(who.seen[i]) == n && memcmp(who.seen[i], r->p, n) == 0)
			return;
	if (who.nseen == sizeof(who.seen) / sizeof(who.seen[0])) {
		who.more = 1;
		return;
	}
	memcpy(who.seen[who.nseen], r->p, n);
	who.seen[who.nseen][n] = '\0';
	for (i = 0; i < n; i++)	/* printable in the message */
		if ((unsigned char)who.seen[who.nseen][i] < 0x20)
			who.seen[who.nseen][i] = ' ';
	who.nseen++;
}

/* Warn when --who matched none of the rows: the table is empty. */
static void
who_warning(const struct opts *op)
{
	char list[8 * 44 + 8] = "";
	size_t i;

	if (who.rows == 0 || who.matched > 0)
		return;
	for (i = 0; i < who.nseen; i++) {
		if (i)
			strcat(list, ", ");
		strcat(list, who.seen[i]);
	}
	if (who.more)
		strcat(list, ", ...");
	rv_warn("--who '%s' matches none of the %lu rows of the role column '%s' (values seen: %s)",
	    op->who, who.rows, op->role, list);
}

/* --zero-blank=auto: say once which zeros were read as blanks. */
static void
zero_note(const struct opts *op, struct rv_curve *c)
{
	struct rv_curve_zeros z;

	if (op->zero_blank != ZB_AUTO)
		return;
	if (cue.blanks > 0)
		rv_warn("note: %lu of %lu values (%.1f%%) are 0 with an empty sentiment_cues: read as "
		    "blanks, no mood evidence (--zero-blank=no counts them as values)", cue.blanks,
		    cue.values, 100.0 * (double)cue.blanks / (double)cue.values);
	rv_curve_zeros(c, &z);
	if (z.blank)
		rv_warn("note: %llu of %llu values (%.1f%%) are exactly 0 in a column of non-integer "
		    "values, far more than at the smallest other magnitude (%llu at %g): read as "
		    "blanks, no mood evidence (--zero-blank=no counts them as values)",
		    (unsigned long long)z.zero, (unsigned long long)z.n,
		    100.0 * (double)z.zero / (double)z.n, (unsigned long long)z.nmin, z.minabs);
}

/* check() for partial-state rows: a range error is an overflow there. */
static void
merge_check(struct rv_cli *cli, const struct rv_in *in, int rc)
{
	if (rc == RV_CURVE_ERANGE)
		rv_cli_reject(cli, in, "the counts or sums of this row and the rows before it "
		    "overflow (at most 2^53 values per position)");
	else
		check(cli, in, rc);
}

/* Turn a library status into a row error (or exit on OOM). */
static void
check(struct rv_cli *cli, const struct rv_in *in, int rc)
{
	switch (rc) {
	case RV_CURVE_OK:
		return;
	case RV_CURVE_ENOMEM:
		rv_oom();
	case RV_CURVE_EORDER:
		rv_cli_reject(cli, in, "position is not in --order; add it there");
		return;
	case RV_CURVE_ERANGE:
		rv_cli_reject(cli, in, "value out of range (at most 1e9 in size)");
		return;
	case RV_CURVE_EMODE: {
		char want[1024], have[301];
		size_t n = in->r.linelen < 300 ? in->r.linelen : 300;
		rv_curve_partial_header(cur, want, sizeof(want));
		memcpy(have, in->r.line, n);
		have[n] = '\0';
		for (char *t = want; *t; t++)
			if (*t == '\t')
				*t = ' ';
		for (char *t = have; t < have + n; t++)
			if (*t == '\t' || *t == '\0')
				*t = ' ';
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno,
		    "partial state made with other options: its header is '%s', these options "
		    "expect '%s'; give --merge the same -b/-c, -i, -v, -s, --turn, --role, --who, "
		    "--each and --outcome as --partial", have, want);
	}
	case RV_CURVE_EOLD:
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno,
		    "partial state of an older rv-curve, without the options it was made with "
		    "or without its zero counts: make it again with this rv-curve --partial");
	case RV_CURVE_ENOHDR:
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno,
		    "not an rv-curve --partial state: the first line must be its header "
		    "(rv-curve-partial ...)");
	default:
		rv_cli_reject(cli, in, "not a valid rv-curve --partial row (the wrong fields, a "
		    "field that is not a number, or numbers no values can give: a count of 0 or over "
		    "2^53, more negative values than values, a sum or sum of squares that many values "
		    "of at most 1e9 cannot have)");
	}
}

static void
usage(int status)
{
	FILE *f = status ? stderr : stdout;

	if (status) {
		rv_try_help(status);
	}
	fputs("Usage: rv-curve [-b field] [-c field] [-i field] [-o list] [-s field] [-v field]\n"
	    "                [--turn field] [--role field] [--who role] [--max-turns n]\n"
	    "                [--outcome field] [--each] [--partial | --merge] [--pretty]\n"
	    "                [--alpha a] [--min-delta d] [--penalty p] [--drop-by d]\n"
	    "                [--zero-blank[=yes|no|auto]] [-n] [--rejects file] [file ...]\n"
	    "The emotion curve along journey stages or conversation turns: mean, CI and\n"
	    "negative share per position, breakpoints (significant steps), ramps (trend)\n"
	    "and the low point. Reads TSV from the files or standard input.\n"
	    "\n"
	    "  -b, --by=FIELD       position column (default: stage)\n"
	    "  -o, --order=LIST     positions in journey order, comma-separated\n"
	    "  -i, --id=FIELD       customer id: random-effects model, --each, --outcome\n"
	    "  -c, --conv=FIELD     conversation mode: position = n-th message of --who\n"
	    "      --turn=FIELD     turn order in a conversation (default: turn)\n"
	    "      --role=FIELD     speaker column (default: role)\n"
	    "      --who=ROLE       whose messages (default: customer; '' for all)\n"
	    "      --max-turns=N    pool messages from the N-th on (default: 10)\n"
	    "  -v, --value=FIELD    numeric value (default: sentiment); empty is skipped\n"
	    "      --zero-blank[=WHEN]  is a value of exactly 0 a blank (a sentiment score\n"
	    "                       without cues: 'ok', 'thanks')? yes, no, or auto (the\n"
	    "                       default): yes when 0 has no sentiment_cues, or when\n"
	    "                       zeros are a spike in a non-integer column. A blank\n"
	    "                       keeps its place in a conversation\n"
	    "  -s, --segment=FIELD  one curve per value of FIELD\n"
	    "      --outcome=FIELD  1/0 outcome per entity: its rate after a drop vs not\n"
	    "      --each           one row per entity: low point, end, peak-end, drops\n"
	    "      --partial        write mergeable state; --merge combines states\n"
	    "      --pretty         aligned table and summary lines for people\n"
	    "      --alpha=A        test and interval level (default: 0.05)\n"
	    "      --min-delta=D    smallest step reported (default: 0.2 pooled sd)\n"
	    "      --penalty=P      prior cost of a jump, up to 10 positions (default: 4);\n"
	    "                       segmentation penalty beyond (default: ln N)\n"
	    "      --drop-by=D      an entity's drop, for --each/--outcome (default: 1 sd)\n"
	    "  -n, --no-header      no header line; fields by number\n"
	    "      --rejects=FILE   write bad rows there and go on\n"
	    "  -h, --help           this help;  --version  the version\n"
	    "\n"
	    "Examples:\n"
	    "  rv-sentiment < journeys.tsv | rv-curve -b stage -o purchase,wait,delivery,unboxing,use,aftersales\n"
	    "  rv-sentiment < chats.tsv | rv-curve -c conv --who customer | rv-plot -x position -y mean --band ci_low,ci_high\n"
	    "  rv-sentiment < journeys.tsv | rv-curve -b stage -i customer --outcome churned --pretty\n"
	    "\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", f);
	exit(RV_EXIT_OK);
}
