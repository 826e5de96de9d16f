/* rv-rootcause - which dimension values and combinations explain a high
 * outcome rate, or its rise from a baseline to a target period. Reads
 * rows (or pre-aggregated counts, or --partial states), prints a ranked
 * table of causes, bystanders and mix shifts. The method is in
 * lib/tools/rootcause.c and rv-rootcause(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "err.h"
#include "num.h"
#include "partial.h"
#include "rootcause.h"
#include "rcio.h"

enum {
	OPT_HITS = RV_OPT_TOOL, OPT_BASELINE, OPT_TARGET, OPT_MIN_LIFT, OPT_MIN_SHARE,
	OPT_MAX_CAUSES, OPT_MAX_OTHERS, OPT_PARTIAL, OPT_MERGE, OPT_PRETTY
};

/* Options: what to read and how to judge it. */
struct opts {
	const char *dims, *outcome, *count, *hits, *period, *baseline, *target;
	int partial, merge, pretty, verbose;
	struct rv_rc_opts rc;
};

static void setup_rows(struct rv_rcio *io, struct rv_in *in, struct opts *o);
static struct rv_rc *merge_input(struct rv_cli *cli, struct rv_in *in, struct rv_rcio *io,
    struct opts *o);
static char *options_line(const struct opts *o);
static const char *field_name(const struct rv_field *f);
static size_t fields_needed(const struct rv_rcio *io);
static void verbose(const struct rv_rcio *io, const struct rv_rc_result *res);
static void empty_period(const struct rv_rcio *io, const struct opts *o, const struct rv_in *in,
    int target);
static void usage(int status);

#define PARTIAL_MAGIC "rv-rootcause-partial"

static const struct option longopts[] = {
	{"count", required_argument, NULL, 'c'},
	{"dims", required_argument, NULL, 'd'},
	{"max-depth", required_argument, NULL, 'k'},
	{"outcome", required_argument, NULL, 'o'},
	{"period", required_argument, NULL, 'p'},
	{"fdr", required_argument, NULL, 'q'},
	{"min-support", required_argument, NULL, 's'},
	{"verbose", no_argument, NULL, 'v'},
	{"hits", required_argument, NULL, OPT_HITS},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"target", required_argument, NULL, OPT_TARGET},
	{"min-lift", required_argument, NULL, OPT_MIN_LIFT},
	{"min-share", required_argument, NULL, OPT_MIN_SHARE},
	{"max-causes", required_argument, NULL, OPT_MAX_CAUSES},
	{"max-others", required_argument, NULL, OPT_MAX_OTHERS},
	{"partial", no_argument, NULL, OPT_PARTIAL},
	{"merge", no_argument, NULL, OPT_MERGE},
	{"pretty", no_argument, NULL, OPT_PRETTY},
	RV_CLI_LONGOPTS,
	{NULL, 0, NULL, 0}
};

static void
parse_args(int argc, char **argv, struct rv_cli *cli, struct opts *o)
{
	int c;

	rv_rc_opts_default(&o->rc);
	while ((c = getopt_long(argc, argv, "c:d:hk:no:p:q:s:v", longopts, NULL)) != -1) {
		if (rv_cli_option(cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'c': o->count = optarg; break;
		case 'd': o->dims = optarg; break;
		case 'k': o->rc.max_depth = (int)rv_cli_long("--max-depth", optarg, 1, RV_RC_MAXDEPTH); break;
		case 'o': o->outcome = optarg; break;
		case 'p': o->period = optarg; break;
		case 'q': o->rc.alpha = rv_cli_double("--fdr", optarg, 1e-300, 1); break;
		case 's': o->rc.min_support = rv_cli_double("--min-support", optarg, 1, 1e15); break;
		case 'v': o->verbose = 1; break;
		case OPT_HITS: o->hits = optarg; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_TARGET: o->target = optarg; break;
		case OPT_MIN_LIFT: o->rc.min_lift = rv_cli_double("--min-lift", optarg, 0, 1e9); break;
		case OPT_MIN_SHARE: o->rc.min_share = rv_cli_double("--min-share", optarg, 0, 1); break;
		case OPT_MAX_CAUSES: o->rc.max_causes = (int)rv_cli_long("--max-causes", optarg, 0, 1000); break;
		case OPT_MAX_OTHERS: o->rc.max_others = (int)rv_cli_long("--max-others", optarg, 0, 1000); break;
		case OPT_PARTIAL: o->partial = 1; break;
		case OPT_MERGE: o->merge = 1; break;
		case OPT_PRETTY: o->pretty = 1; break;
		default: usage(RV_EXIT_USAGE);
		}
	}
	if (o->partial && o->merge)
		rv_usage_error("--partial and --merge exclude each other");
	if (o->merge) {
		cli->repeat_quiet = 1;	/* one header per partial */
		/* Dimensions, outcome and periods come from the partial header
		 * (-d is checked against it in setup_merge). */
		if (o->outcome || o->count || o->hits || o->period || o->baseline || o->target)
			rv_warn("--merge takes the outcome and the periods from the --partial "
			    "state; -o, -c, --hits, -p, --baseline and --target are ignored");
		return;
	}
	if (o->dims == NULL)
		rv_usage_error("give the dimensions with -d FIELD[,FIELD...]");
	if ((o->count == NULL) != (o->hits == NULL))
		rv_usage_error("--count and --hits go together");
	if ((o->outcome == NULL) == (o->count == NULL))
		rv_usage_error("give either --outcome FIELD[=VALUE] or --count FIELD --hits FIELD");
	if ((o->period != NULL) != (o->baseline != NULL) || (o->period != NULL) != (o->target != NULL))
		rv_usage_error("--period, --baseline and --target go together");
	o->rc.change = o->period != NULL;
}

int
main(int argc, char **argv)
{
	struct rv_cli cli = {0};
	struct opts o = {0};
	struct rv_rcio io;
	struct rv_in in;
	struct rv_out out;
	struct rv_rc *rc;
	struct rv_rc_result res;
	char err[256];
	size_t need;

	rv_cli_init(argc, argv);
	parse_args(argc, argv, &cli, &o);
	rv_cli_open_input(&cli, &in, argc - optind, argv + optind);
	if (o.merge)
		in.other_headers = 1;	/* a state file of other options: merge_input says so */
	rv_cli_out(&cli, &out);
	if (o.merge) {
		rc = merge_input(&cli, &in, &io, &o);
	} else {
		setup_rows(&io, &in, &o);
		rc = NULL;
		if (io.nd > 0 && (rc = rv_rc_new(io.nd, io.names, &o.rc)) == NULL)
			rv_oom();
		need = fields_needed(&io);
		while (rc != NULL && rv_cli_next(&cli, &in) > 0) {
			if (!rv_cli_row_ok(&cli, &in, need))
				continue;
			switch (rv_rcio_row(&io, &in.r, rc, err, sizeof(err))) {
			case -1: rv_oom();
			case 1: rv_cli_reject(&cli, &in, "%s", err); break;
			}
		}
	}
	if (!o.partial && io.oval != NULL && io.rows > 0 && io.ohits == 0) {
		/* -o polarity=negative where the values are neg/neu/pos: every
		 * row is a miss and the answer is empty; say why. */
		char seen[8 * 44 + 8] = "";
		for (size_t i = 0; i < io.noseen; i++) {
			if (i)
				strcat(seen, ", ");
			strcat(seen, io.oseen[i]);
		}
		if (io.omore)
			strcat(seen, ", ...");
		rv_warn("--outcome %s: no row has the value '%s' (values seen: %s)", o.outcome, io.oval,
		    seen);
	}
	if (rc == NULL) {
		/* Empty input: no findings; a --partial state that merges as
		 * nothing (its options line, no dimensions). */
		if (o.partial)
			rv_out_puts(&out, io.opts);
		else
			rv_rcio_table(&out, &(struct rv_rc_result){0}, o.rc.change);
		rv_cli_finish(&cli, &out);
		free(io.opts);
		rv_in_close(&in);
		return RV_EXIT_OK;
	}
	if (o.partial) {
		if (rv_rcio_partial(&out, &io, rc, o.rc.change) < 0)
			rv_oom();
	} else {
		if (rv_rc_run(rc, &res) < 0)
			rv_oom();
		if (o.rc.change && (res.n == 0 || res.base_n == 0))
			empty_period(&io, &o, &in, res.n == 0);
		if (o.verbose)
			verbose(&io, &res);
		if (o.pretty)
			rv_rcio_pretty(&out, &res, o.rc.change);
		else
			rv_rcio_table(&out, &res, o.rc.change);
		rv_rc_result_free(&res);
	}
	rv_cli_finish(&cli, &out);
	rv_rc_free(rc);
	for (size_t i = 0; i < io.nd; i++)
		free((char *)io.names[i]);
	free(io.opts);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

/* Fields a row must have: one past the largest column used (without a
 * header, a short row would otherwise be read past its end). */
static size_t
fields_needed(const struct rv_rcio *io)
{
	long m = 0;
	size_t i;

	for (i = 0; i < io->nd; i++)
		if (io->dcol[i] > m)
			m = io->dcol[i];
	for (i = 0; i < 4; i++)
		if (io->merge && io->mcol[i] > m)
			m = io->mcol[i];
	if (io->ocol > m)
		m = io->ocol;
	if (io->ccol > m)
		m = io->ccol;
	if (io->hcol > m)
		m = io->hcol;
	if (io->pcol > m)
		m = io->pcol;
	return (size_t)m + 1;
}

/* Resolve the dimension, outcome, count and period columns. */
static void
setup_rows(struct rv_rcio *io, struct rv_in *in, struct opts *o)
{
	const char *p = o->dims;
	long n;

	memset(io, 0, sizeof(*io));
	io->ocol = io->ccol = io->hcol = io->pcol = -1;
	io->opts = options_line(o);
	if (in->nhdr == 0 && !in->no_header)
		return;	/* empty input: header only out */
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *spec = strndup(p, len);
		if (spec == NULL)
			rv_oom();
		if (len == 0)
			rv_usage_error("invalid -d '%s': empty dimension name", o->dims);
		if (io->nd == RV_RC_MAXDIMS)
			rv_usage_error("too many dimensions (at most %d)", RV_RC_MAXDIMS);
		io->dcol[io->nd] = rv_cli_col(in, spec, "dimension");
		if (!in->no_header) {
			free(spec);
			spec = (char *)field_name(&in->hdr[io->dcol[io->nd]]);
		}
		io->names[io->nd++] = spec;
		if (e == NULL)
			break;
		p = e + 1;
	}
	if (o->count != NULL) {
		io->ccol = rv_cli_col(in, o->count, "count");
		io->hcol = rv_cli_col(in, o->hits, "hits");
	} else if (rv_in_col(in, o->outcome) >= 0 || strchr(o->outcome, '=') == NULL) {
		io->ocol = rv_cli_col(in, o->outcome, "outcome");
	} else {
		const char *eqs = strchr(o->outcome, '=');
		char *f = strndup(o->outcome, (size_t)(eqs - o->outcome));
		if (f == NULL)
			rv_oom();
		io->ocol = rv_cli_col(in, f, "outcome");
		io->oval = eqs + 1;
		free(f);
	}
	if (o->period != NULL) {
		io->pcol = rv_cli_col(in, o->period, "period");
		if ((n = rv_rcio_split(o->baseline, io->base)) < 0)
			rv_usage_error("invalid --baseline '%s': empty value or more than %d", o->baseline, RV_RCIO_MAXVALS);
		io->nbase = (size_t)n;
		if ((n = rv_rcio_split(o->target, io->targ)) < 0)
			rv_usage_error("invalid --target '%s': empty value or more than %d", o->target, RV_RCIO_MAXVALS);
		io->ntarg = (size_t)n;
		for (size_t i = 0; i < io->nbase; i++)
			for (size_t j = 0; j < io->ntarg; j++)
				if (io->base[i].len == io->targ[j].len &&
				    memcmp(io->base[i].p, io->targ[j].p, io->base[i].len) == 0)
					rv_usage_error("'%.*s' is both --baseline and --target",
					    (int)io->base[i].len, io->base[i].p);
	}
}

/* The line that starts a --partial state: the options that decide what
 * the counts mean (the outcome, the periods), so that states made with
 * other options are not merged into one answer. Ends in a newline. */
static char *
options_line(const struct opts *o)
{
	struct rv_buf b = {0};
	const char *v[5] = {o->outcome, o->count, o->hits, o->period, o->baseline};
	const char *k[5] = {"outcome=", "count=", "hits=", "period=", "baseline="};
	int i, bad = rv_buf_puts(&b, PARTIAL_MAGIC "\t2");

	for (i = 0; i < 5; i++) {
		bad |= rv_buf_putc(&b, '\t') | rv_buf_puts(&b, k[i]);
		bad |= rv_buf_puts(&b, v[i] ? v[i] : "");
	}
	bad |= rv_buf_puts(&b, "\ttarget=") | rv_buf_puts(&b, o->target ? o->target : "");
	if (bad)
		rv_oom();
	for (size_t j = 0; j < b.len; j++)	/* an option value cannot hold a line break */
		if (b.p[j] == '\n' || b.p[j] == '\r')
			b.p[j] = ' ';
	if (rv_buf_putc(&b, '\n') < 0)
		rv_oom();
	return b.p;
}

/* Column of name among the header fields, or -1. */
static long
find_col(const struct rv_field *f, size_t nf, const char *name)
{
	for (size_t i = 0; i < nf; i++)
		if (f[i].len == strlen(name) && memcmp(f[i].p, name, f[i].len) == 0)
			return (long)i;
	return -1;
}

/* A --partial header: dimensions, then rv.n rv.hits [rv.base_n rv.base_hits]. */
static void
setup_merge(struct rv_rcio *io, const struct rv_tsv *r, int change, struct opts *o)
{
	static const char *const cnt[4] = {"rv.n", "rv.hits", "rv.base_n", "rv.base_hits"};
	int i;

	for (i = 0; i < 4; i++)
		io->mcol[i] = find_col(r->f, r->nf, cnt[i]);
	if (io->mcol[0] < 1 || io->mcol[1] != io->mcol[0] + 1 || (io->mcol[2] >= 0) != (io->mcol[3] >= 0) ||
	    (size_t)(io->mcol[io->mcol[2] >= 0 ? 3 : 1] + 1) != r->nf)
		rv_dieat(RV_EXIT_DATA, r->name, r->lineno,
		    "not a --partial header: expected dimensions, then rv.n and rv.hits");
	if ((io->mcol[2] >= 0) != change)
		rv_dieat(RV_EXIT_DATA, r->name, r->lineno, "not a --partial header: %s",
		    change ? "the options line has --period but the header lacks rv.base_n and rv.base_hits" :
		    "rv.base_n and rv.base_hits without --period in the options line");
	io->nd = (size_t)io->mcol[0];
	if (io->nd > RV_RC_MAXDIMS)
		rv_dieat(RV_EXIT_DATA, r->name, r->lineno, "too many dimensions (at most %d)", RV_RC_MAXDIMS);
	for (i = 0; i < (int)io->nd; i++) {
		io->dcol[i] = i;
		io->names[i] = field_name(&r->f[i]);
	}
	/* -d by name must list the partial state's dimensions; by number it
	 * named columns of the original input, which the state no longer
	 * has, so it cannot be checked. */
	int named = o->dims != NULL && o->dims[strspn(o->dims, "0123456789,")] != '\0';
	if (o->dims != NULL && (o->dims[0] == '\0' || o->dims[0] == ',' || strstr(o->dims, ",,") ||
	    o->dims[strlen(o->dims) - 1] == ','))
		rv_usage_error("invalid -d '%s': empty dimension name", o->dims);
	if (named) {
		const char *d = o->dims;
		for (i = 0; i < (int)io->nd; i++) {
			size_t l = strlen(io->names[i]);
			if (strncmp(d, io->names[i], l) != 0 || (d[l] != ',' && d[l] != '\0'))
				break;
			d += l + (d[l] == ',');
		}
		if (i < (int)io->nd || *d != '\0') {
			char have[512];
			size_t hl = 0;
			for (i = 0; i < (int)io->nd && hl < sizeof(have) - 1; i++) {
				int n = snprintf(have + hl, sizeof(have) - hl, "%s%s", i ? "," : "", io->names[i]);
				if (n < 0)
					break;
				hl += (size_t)n;
			}
			rv_usage_error("-d %s differs from the dimensions of the --partial state (%s); "
			    "drop -d with --merge or give the same list", o->dims, have);
		}
	}
	o->rc.change = change;
}

static char *
copy_line(const char *p, size_t n)
{
	char *s = rv_memdup(p, n);

	if (s == NULL)
		rv_oom();
	return s;
}

/* Read concatenated --partial states (or several files of them): each is
 * an options line, then (unless the state is empty) its header and rows.
 * Every state must have the first one's options and dimensions. Returns
 * NULL when no state has a dimensions header (empty states only). */
static struct rv_rc *
merge_input(struct rv_cli *cli, struct rv_in *in, struct rv_rcio *io, struct opts *o)
{
	/* static: still reachable when a bad state ends the run (LeakSanitizer) */
	static char *hdr;
	static struct rv_rc *rc;
	char err[256], what[256];
	size_t hdrlen = 0, optlen, nf = 0;
	int want_hdr = 1, change;
	const char *first = in->r.name, *hdr_name = NULL;	/* where the first state is */
	unsigned long hdr_line = 0;

	memset(io, 0, sizeof(*io));
	io->merge = 1;
	io->ocol = io->ccol = io->hcol = io->pcol = -1;
	if (in->nhdr == 0) {
		io->opts = options_line(o);
		return NULL;	/* empty input */
	}
	if (in->no_header)
		rv_usage_error("--merge reads the header that --partial writes; drop -n");
	if (!rv_partial_is_header(in->hdr, in->nhdr, PARTIAL_MAGIC) || in->nhdr != 8 ||
	    in->hdr[1].len != 1 || in->hdr[1].p[0] != '2')
		rv_dieat(RV_EXIT_DATA, in->r.name, 1, "not an rv-rootcause --partial state: it starts "
		    "with a line '%s\t2\toutcome=...' (a state of an older rv-rootcause, or one that "
		    "lost its first lines, cannot be checked: make it again)", PARTIAL_MAGIC);
	io->opts = copy_line(in->hdrbuf.p, in->hdrbuf.len);
	optlen = in->hdrbuf.len;
	change = in->hdr[5].len > strlen("period=");
	while (rv_cli_next(cli, in) > 0) {
		const struct rv_tsv *r = &in->r;
		if (rv_partial_is_header(r->f, r->nf, PARTIAL_MAGIC)) {
			if (r->linelen != optlen || memcmp(r->line, io->opts, optlen) != 0)
				rv_dieat(RV_EXIT_DATA, r->name, r->lineno, "a --partial state made with "
				    "other options than the first (%s:1): %s; merge only states of the "
				    "same command", first, rv_partial_diff(what, sizeof(what), r->line,
				    r->linelen, io->opts, optlen));
			want_hdr = 1;
			continue;
		}
		/* A later file's first line that is not the first file's (the
		 * reader skips that one): not a state's options line. */
		if (r->lineno == 1)
			rv_dieat(RV_EXIT_DATA, r->name, 1, "not an rv-rootcause --partial state: it "
			    "starts with a line '%s\t2\toutcome=...' as %s does", PARTIAL_MAGIC, first);
		if (hdr != NULL && r->linelen == hdrlen && memcmp(r->line, hdr, hdrlen) == 0) {
			want_hdr = 0;	/* the header of a later state */
			continue;
		}
		/* Another state's header: after its options line, or (when the
		 * reader skipped that line as a repeat of the first) known by
		 * its rv.n rv.hits columns. */
		if (hdr != NULL && (want_hdr || (r->nf >= 3 && (find_col(r->f, r->nf, "rv.n") >= 0 ||
		    find_col(r->f, r->nf, "rv.hits") >= 0)))) {
			char a[201], b[201];
			rv_dieat(RV_EXIT_DATA, r->name, r->lineno, "a --partial state with other "
			    "dimensions (%s) than the first (%s, at %s:%lu): merge only states of the "
			    "same command", rv_partial_shown(a, sizeof(a), r->line, r->linelen),
			    rv_partial_shown(b, sizeof(b), hdr, hdrlen), hdr_name, hdr_line);
		}
		if (want_hdr) {
			hdr_name = r->name;
			hdr_line = r->lineno;
			setup_merge(io, r, change, o);
			hdr = copy_line(r->line, r->linelen);
			hdrlen = r->linelen;
			nf = r->nf;
			if ((rc = rv_rc_new(io->nd, io->names, &o->rc)) == NULL)
				rv_oom();
			want_hdr = 0;
			continue;
		}
		if (r->nf != nf) {
			rv_cli_reject(cli, in, "expected %zu fields as in the --partial header, got %zu",
			    nf, r->nf);
			continue;
		}
		switch (rv_rcio_row(io, r, rc, err, sizeof(err))) {
		case -1: rv_oom();
		case 1: rv_cli_reject(cli, in, "%s", err); break;
		}
	}
	free(hdr);
	hdr = NULL;
	return rc;
}

/* A header field as a NUL-terminated string; the caller frees it. */
static const char *
field_name(const struct rv_field *f)
{
	char *s = rv_memdup(f->p, f->len);

	if (s == NULL)
		rv_oom();
	return s;
}

/* Change mode with no row in the target (or baseline) periods: a typo in
 * --target, or a week not loaded yet; the rates and findings would mean
 * nothing ("rose from 6.6% to 0.0%"). */
static void
empty_period(const struct rv_rcio *io, const struct opts *o, const struct rv_in *in, int target)
{
	char seen[8 * 44 + 8] = "";

	if (o->merge)
		rv_die(RV_EXIT_DATA, "the merged --partial states have no row in the %s periods",
		    target ? "--target" : "--baseline");
	for (size_t i = 0; i < io->npseen; i++) {
		if (i)
			strcat(seen, ", ");
		strcat(seen, io->pseen[i]);
	}
	if (io->pmore)
		strcat(seen, ", ...");
	rv_dieat(RV_EXIT_DATA, in->r.name, 0, "no row has the --%s period%s '%s' in column '%s'%s%s%s",
	    target ? "target" : "baseline", strchr(target ? o->target : o->baseline, ',') ? "s" : "",
	    target ? o->target : o->baseline, o->period, io->npseen ? " (other values seen: " : "",
	    seen, io->npseen ? ")" : "");
}

static void
verbose(const struct rv_rcio *io, const struct rv_rc_result *res)
{
	size_t i, nc = 0;

	for (i = 0; i < res->nf; i++)
		nc += res->f[i].role == RV_RC_CAUSE;
	rv_warn("%lu rows used, %lu of other periods skipped; %zu distinct tuples, %zu combinations "
	    "with enough support tested, %zu significant before explaining away",
	    io->rows, io->skipped, res->ntuples, res->ncombos, res->ndiscoveries);
	if (res->tau != NULL) {
		char buf[1024];
		size_t len = 0;
		for (i = 0; i < io->nd && len < sizeof(buf); i++) {
			int w = snprintf(buf + len, sizeof(buf) - len, "%s%s %.3f", i ? ", " : "",
			    io->names[i], res->tau[i]);
			if (w < 0)
				break;
			len += (size_t)w;
		}
		rv_warn("background SD of the log rate (ratio) by dimension: %s", buf);
	}
	if (nc == 0 && res->ndiscoveries == 0)
		rv_warn("no significant cause: no segment's rate is above what the other dimensions "
		    "predict beyond chance and the background (try a lower --min-support, or more data)");
	else if (nc == 0)
		rv_warn("no cause kept: the significant segments fail --min-lift, --min-share or --max-causes");
	else
		rv_warn("%zu cause%s; total excess %.1f hits", nc, nc == 1 ? "" : "s", res->total_excess);
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK) {
		rv_try_help(status);
	}
	printf("Usage: rv-rootcause -d FIELD[,FIELD...] {-o FIELD[=VALUE] | -c FIELD --hits FIELD}\n"
	    "       [-p FIELD --baseline V[,V...] --target V[,V...]] [-k DEPTH] [-s N] [-q ALPHA]\n"
	    "       [--min-lift X] [--min-share X] [--max-causes N] [--max-others N]\n"
	    "       [--partial | --merge] [--pretty] [-nv] [--rejects FILE] [FILE ...]\n"
	    "Find which dimension values and combinations explain a high outcome rate\n"
	    "(or its rise from --baseline to --target), and which only look bad.\n"
	    "Reads TSV with a header from the FILEs or standard input.\n\n"
	    "  -d, --dims=LIST        dimension columns, by name or number\n"
	    "  -o, --outcome=F[=V]    outcome: F is 1/true/yes (0/false/no/empty), or F equals V\n"
	    "  -c, --count=F          pre-aggregated rows: F rows each ...\n"
	    "      --hits=F           ... of which F had the outcome\n"
	    "  -p, --period=F         change mode: the period column ...\n"
	    "      --baseline=LIST    ... the baseline period value(s) ...\n"
	    "      --target=LIST      ... and the target period value(s); other rows are skipped\n"
	    "  -k, --max-depth=N      combinations of up to N dimensions (1-4; default 3)\n"
	    "  -s, --min-support=N    a segment needs N rows (target rows; default 20)\n"
	    "  -q, --fdr=ALPHA        false discovery rate (Benjamini-Hochberg; default 0.05)\n"
	    "      --min-lift=X       a cause's rate is at least X times expected (default 1.1)\n"
	    "      --min-share=X      a finding explains at least X of the excess (default 0.01)\n"
	    "      --max-causes=N     at most N causes (default 10)\n"
	    "      --max-others=N     at most N bystander and N mixshift rows (default 10)\n"
	    "      --partial          print mergeable counts instead of findings\n"
	    "      --merge            read --partial outputs (repeated headers skipped) and finish\n"
	    "      --pretty           readable sentences instead of TSV\n"
	    "  -v, --verbose          counts and the reason for an empty answer on stderr\n"
	    "  -n, --no-header        no header line: fields by number\n"
	    "      --rejects=FILE     write malformed rows to FILE and go on\n"
	    "  -h, --help             this help;  --version  the version\n\n"
	    "Output: rank role cause n hits rate rest_rate lift excess share q\n"
	    "[base_n base_rate] explained_by; role is cause, bystander or mixshift.\n\n"
	    "Examples:\n"
	    "  rv-rootcause -d carrier,warehouse,province,sku -o returned orders.tsv\n"
	    "  rv-rootcause -d sku,carrier -o polarity=neg -p week --baseline 2026-W45 --target 2026-W46\n"
	    "  rv-rootcause -d cdn,isp,device -c cnt --hits failed agg.tsv\n\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n");
	exit(RV_EXIT_OK);
}
