/* rv-trend - volume monitoring: counts (or means, or rates) per segment
 * and time window against a causal seasonal baseline, with spike, drop
 * and shift alerts; streaming (--follow), saved state (--state),
 * forecasts, seasonal profiles and --partial/--merge. The model is in
 * lib/tools/trend.c and rv-trend(1). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "curve.h"
#include "err.h"
#include "num.h"
#include "trend.h"
#include "utf8.h"

enum {
	OPT_TOP = RV_OPT_TOOL, OPT_MIN_COUNT, OPT_WARMUP, OPT_SHIFT_AFTER, OPT_SPAN, OPT_PRETTY,
	OPT_STATE, OPT_FORECAST, OPT_PROFILE, OPT_PARTIAL, OPT_MERGE
};

struct opts {
	const char *time, *segment, *count, *value, *outcome, *state, *every_s;
	size_t top;
	double min_count;
	long forecast;
	int alerts, pretty, follow, profile, partial, merge;
	struct rv_trend_opts t;
};

enum { MAXSEG = 16 };

/* Column indexes of one run (-1: not used). */
struct colidx {
	long time, count, value, outcome, seg[MAXSEG];
	const char *oval;	/* --outcome FIELD=V: the value */
	size_t nseg, need;
};

/* What the per-window callback prints. */
struct printer {
	struct rv_out *out;
	struct rv_trend *t;
	int alerts, pretty, quiet;
	unsigned long nalerts, nrows;
};

static void parse_args(struct opts *, struct rv_cli *, int, char **);
static void resolve(const struct opts *, const struct rv_in *, struct colidx *);
static void read_rows(struct rv_cli *, struct rv_in *, const struct opts *, const struct colidx *,
    struct rv_trend *, struct printer *);
static void read_merge(struct rv_cli *, struct rv_in *, struct opts *, struct rv_trend **);
static void load_state(struct rv_trend *, const char *);
static void save_state(struct rv_trend *, const char *);
static int print_point(void *, const struct rv_trend_seg *, long long, const struct rv_trend_point *);
static void left_out(const struct rv_trend *);
static void follow_wait(struct rv_in *, struct rv_trend *, struct printer *);
static void usage(int);

int
main(int argc, char **argv)
{
	struct opts op;
	struct rv_cli cli = {0};
	struct rv_in in;
	struct rv_out out;
	struct rv_trend *t = NULL;
	struct printer pr = {0};
	struct colidx ci;
	int streaming, table, rows;

	rv_cli_init(argc, argv);
	parse_args(&op, &cli, argc, argv);
	if (op.merge)
		cli.no_header = 0;	/* a partial state always has its header */
	if (op.follow)
		cli.line_buffered = 1;
	streaming = op.follow || op.state != NULL;
	table = !op.partial && op.forecast == 0 && !op.profile;
	rv_cli_open_input(&cli, &in, argc - optind, argv + optind);
	rv_cli_out(&cli, &out);
	pr.out = &out;
	pr.alerts = op.alerts;
	pr.pretty = op.pretty;
	pr.quiet = !table;
	if (op.merge) {
		read_merge(&cli, &in, &op, &t);
	} else {
		if ((t = rv_trend_new(&op.t, streaming)) == NULL)
			rv_oom();
		t->min_count = op.min_count;
		if (op.state != NULL)
			load_state(t, op.state);
	}
	pr.t = t;
	/* Columns first: a missing one is an error before any output. */
	rows = !op.merge && (in.nhdr > 0 || cli.no_header);
	if (rows)
		resolve(&op, &in, &ci);
	if (table && !op.pretty)
		rv_trend_header(&out, t->o.kind);
	if (rows)
		read_rows(&cli, &in, &op, &ci, t, &pr);
	if (!streaming) {
		rv_trend_select(t, op.top, op.min_count);
		left_out(t);
		if (op.partial) {
			if (rv_trend_partial(t, &out) < 0)
				rv_oom();
		} else if (rv_trend_run(t, print_point, &pr) < 0) {
			rv_die(RV_EXIT_DATA, "out of memory or time span too long");
		}
	} else if (op.state == NULL && t->any) {
		/* The stream ended: its last window is complete. */
		if (rv_trend_advance(t, t->wopen + 1, print_point, &pr) < 0)
			rv_die(RV_EXIT_DATA, "time span too long for --every");
	}
	if (op.forecast > 0)
		rv_trend_forecast(&out, t, op.forecast);
	if (op.profile)
		rv_trend_profile(&out, t);
	if (op.pretty)
		rv_out_printf(&out, "%lu alert%s in %lu segment-windows\n", pr.nalerts,
		    pr.nalerts == 1 ? "" : "s", pr.nrows);
	rv_cli_finish(&cli, &out);
	if (op.state != NULL)
		save_state(t, op.state);
	rv_trend_free(t);
	rv_in_close(&in);
	return RV_EXIT_OK;
}

static void
parse_args(struct opts *op, struct rv_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"alerts", no_argument, NULL, 'a'},
		{"count", required_argument, NULL, 'c'},
		{"every", required_argument, NULL, 'e'},
		{"follow", no_argument, NULL, 'f'},
		{"outcome", required_argument, NULL, 'o'},
		{"segment", required_argument, NULL, 's'},
		{"time", required_argument, NULL, 't'},
		{"value", required_argument, NULL, 'v'},
		{"threshold", required_argument, NULL, 'z'},
		{"top", required_argument, NULL, OPT_TOP},
		{"min-count", required_argument, NULL, OPT_MIN_COUNT},
		{"warmup", required_argument, NULL, OPT_WARMUP},
		{"shift-after", required_argument, NULL, OPT_SHIFT_AFTER},
		{"span", required_argument, NULL, OPT_SPAN},
		{"pretty", no_argument, NULL, OPT_PRETTY},
		{"state", required_argument, NULL, OPT_STATE},
		{"forecast", required_argument, NULL, OPT_FORECAST},
		{"profile", no_argument, NULL, OPT_PROFILE},
		{"partial", no_argument, NULL, OPT_PARTIAL},
		{"merge", no_argument, NULL, OPT_MERGE},
		RV_CLI_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	int ch;

	memset(op, 0, sizeof(*op));
	op->time = "time";
	op->every_s = "1h";
	while ((ch = getopt_long(argc, argv, "ac:e:fho:ns:t:v:z:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': op->alerts = 1; break;
		case 'c': op->count = optarg; break;
		case 'e': op->every_s = optarg; break;
		case 'f': op->follow = 1; break;
		case 'o': op->outcome = optarg; break;
		case 's': op->segment = optarg; break;
		case 't': op->time = optarg; break;
		case 'v': op->value = optarg; break;
		case 'z': op->t.z = rv_cli_double("--threshold", optarg, 0.5, 100); break;
		case OPT_TOP: op->top = (size_t)rv_cli_long("--top", optarg, 1, 100000000); break;
		case OPT_MIN_COUNT: op->min_count = rv_cli_double("--min-count", optarg, 0, 1e15); break;
		case OPT_WARMUP: op->t.warmup = rv_cli_long("--warmup", optarg, 1, 1000000); break;
		case OPT_SHIFT_AFTER: op->t.shift_after = rv_cli_long("--shift-after", optarg, 1, 1000000); break;
		case OPT_SPAN: op->t.span = rv_cli_long("--span", optarg, 2, 1000000); break;
		case OPT_PRETTY: op->pretty = 1; break;
		case OPT_STATE: op->state = optarg; break;
		case OPT_FORECAST: op->forecast = rv_cli_long("--forecast", optarg, 1, 100000); break;
		case OPT_PROFILE: op->profile = 1; break;
		case OPT_PARTIAL: op->partial = 1; break;
		case OPT_MERGE: op->merge = 1; break;
		default:
			if (ch == 'n' || ch == 'h' || ch == RV_OPT_REJECTS || ch == RV_OPT_VERSION)
				rv_cli_option(cli, ch, optarg, usage);
			else
				usage(RV_EXIT_USAGE);
		}
	}
	if ((op->t.every = rv_trend_every_parse(op->every_s)) < 0)
		rv_usage_error("invalid --every '%s': give N with s, m, h, d or w (5m, 30m, 1h, 1d, 1w); "
		    "a window divides a day or is whole days or weeks", op->every_s);
	if ((op->value != NULL) + (op->outcome != NULL) + (op->count != NULL) > 1)
		rv_usage_error("--count, --value and --outcome choose different series: give one of them");
	op->t.kind = op->value ? RV_TREND_MEAN : op->outcome ? RV_TREND_RATE : RV_TREND_COUNT;
	if (op->partial + op->merge + op->follow + (op->state != NULL) > 1 &&
	    !(op->follow && op->state != NULL))
		rv_usage_error("--partial, --merge and --follow/--state exclude each other");
	if ((op->follow || op->state) && op->top)
		rv_usage_error("--top needs the whole input; with --follow or --state use --min-count");
	if (op->partial && (op->top || op->min_count > 0 || op->alerts || op->pretty || op->forecast || op->profile))
		rv_usage_error("--partial writes window counts only; give --top, --min-count and the "
		    "output options to --merge");
	if (op->profile && op->t.kind != RV_TREND_COUNT)
		rv_usage_error("--profile is the seasonal profile of counts; drop --value/--outcome");
	if ((op->forecast || op->profile) && (op->alerts || op->pretty))
		rv_usage_error("--forecast and --profile print their own table; drop --alerts/--pretty");
	if (op->pretty)
		op->alerts = 1;
}

static void
resolve(const struct opts *op, const struct rv_in *in, struct colidx *ci)
{
	const char *p = op->segment;

	memset(ci, 0, sizeof(*ci));
	ci->need = 1;
	ci->time = rv_cli_col_need(in, op->time, "time", &ci->need);
	ci->count = rv_cli_col_need(in, op->count, "count", &ci->need);
	ci->value = rv_cli_col_need(in, op->value, "value", &ci->need);
	ci->outcome = -1;
	if (op->outcome != NULL) {
		const char *eqs = strchr(op->outcome, '=');
		if (rv_in_col(in, op->outcome) >= 0 || eqs == NULL) {
			ci->outcome = rv_cli_col_need(in, op->outcome, "outcome", &ci->need);
		} else {
			char *f = strndup(op->outcome, (size_t)(eqs - op->outcome));
			if (f == NULL)
				rv_oom();
			ci->outcome = rv_cli_col_need(in, f, "outcome", &ci->need);
			ci->oval = eqs + 1;
			free(f);
		}
	}
	while (p != NULL) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *spec = strndup(p, len);
		if (spec == NULL)
			rv_oom();
		if (len == 0)
			rv_usage_error("invalid -s '%s': empty field name", op->segment);
		if (ci->nseg == MAXSEG)
			rv_usage_error("-s: at most %d fields", MAXSEG);
		ci->seg[ci->nseg++] = rv_cli_col_need(in, spec, "segment", &ci->need);
		free(spec);
		p = e ? e + 1 : NULL;
	}
}

#define FLD(i) (in->r.f[i])
#define SHOW(f) (int)rv_utf8_cut((f).p, (f).len, 40), (f).p

/* A count: a whole number from 0 to 1e15 (digits fast, "1e3" too). */
static int
count_field(struct rv_field f, double *n)
{
	unsigned long long u;

	if (f.len > 0 && f.len <= 15 && rv_num_parse_u64(f.p, f.len, &u) == 0) {
		*n = (double)u;
		return 0;
	}
	if (rv_num_parse(f.p, f.len, n) < 0 || *n < 0 || *n > 1e15 || *n != (double)(long long)*n)
		return -1;
	return 0;
}

static void
late_row(struct rv_in *in, unsigned long *late)
{
	if ((*late)++ == 0)
		rv_warnat(in->r.name, in->r.lineno, "row of an already closed window skipped (rows must "
		    "come in time order with --follow/--state; the count is reported at the end)");
}

/* --follow on a live feed: while no input is waiting, close the open
 * window by the clock once it has ended (plus a grace of a tenth of a
 * window, at most a minute, for rows on their way), so a window is
 * reported on time and a feed that goes silent shows as a drop. Only
 * when the data are live: the open window is at most 2 windows behind
 * the clock (a replayed file is closed by its own times). */
static void
follow_wait(struct rv_in *in, struct rv_trend *t, struct printer *pr)
{
	long long grace = t->o.every / 10 < 60 ? t->o.every / 10 : 60;

	for (;;) {
		struct pollfd pfd;
		long long now = (long long)time(NULL), nw, end;
		if (!t->any || in->r.pos < in->r.end || in->r.eof)
			return;
		nw = rv_trend_window(&t->cal, now - grace);
		if (nw < t->wopen || nw - t->wopen > 2)
			return;
		if (nw > t->wopen) {
			if (rv_trend_advance(t, nw, print_point, pr) < 0)
				return;
			rv_out_flush(pr->out);
			continue;
		}
		end = rv_trend_start(&t->cal, t->wopen + 1) + grace;
		pfd.fd = in->r.fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)((end - now) * 1000 > 0 ? (end - now) * 1000 : 0) + 10) != 0)
			return;	/* input (or an error, which the read reports) */
	}
}

static void
read_rows(struct rv_cli *cli, struct rv_in *in, const struct opts *op, const struct colidx *cip,
    struct rv_trend *t, struct printer *pr)
{
	struct colidx ci = *cip;
	struct rv_buf key = {0};
	unsigned long late = 0, empty = 0;
	int rc;

	for (;;) {
		if (op->follow)
			follow_wait(in, t, pr);
		if (!rv_cli_next(cli, in))
			break;
		struct rv_trend_obs x = {1, 0, 0};
		long long ts, w;
		const char *kp;
		size_t i, klen;
		if (!rv_cli_row_ok(cli, in, ci.need))
			continue;
		if (rv_isotime_parse(&t->cal.tz, FLD(ci.time).p, FLD(ci.time).len, &ts) < 0) {
			rv_cli_reject(cli, in, "field %ld (%s): expected an ISO 8601 time or Unix seconds, got \"%.*s\"",
			    ci.time + 1, op->time, SHOW(FLD(ci.time)));
			continue;
		}
		if (ci.count >= 0 && count_field(FLD(ci.count), &x.n) < 0) {
			rv_cli_reject(cli, in, "field %ld (%s): expected a count (a whole number >= 0), got \"%.*s\"",
			    ci.count + 1, op->count, SHOW(FLD(ci.count)));
			continue;
		}
		if (ci.value >= 0) {
			struct rv_field v = FLD(ci.value);
			if (rv_num_parse(v.p, v.len, &x.sum) < 0 || x.sum > 1e15 || x.sum < -1e15) {
				if (strspn(v.p, " ") >= v.len) {
					empty++;	/* no value: not part of the mean */
					continue;
				}
				rv_cli_reject(cli, in, "field %ld (%s): expected a number, got \"%.*s\"",
				    ci.value + 1, op->value, SHOW(v));
				continue;
			}
			x.sumsq = x.sum * x.sum;
		}
		if (ci.outcome >= 0) {
			struct rv_field v = FLD(ci.outcome);
			int b;
			if (ci.oval != NULL)
				b = v.len == strlen(ci.oval) && memcmp(v.p, ci.oval, v.len) == 0;
			else if ((b = rv_curve_outcome(v.p, v.len)) == -2) {
				rv_cli_reject(cli, in, "field %ld (%s): expected 1/0, yes/no, true/false or empty "
				    "(or use --outcome FIELD=VALUE), got \"%.*s\"", ci.outcome + 1, op->outcome, SHOW(v));
				continue;
			}
			x.sum = b > 0;
		}
		if (ci.nseg == 1) {
			kp = FLD(ci.seg[0]).p;	/* the field itself: no copy */
			klen = FLD(ci.seg[0]).len;
		} else {
			rv_buf_clear(&key);
			for (i = 0; i < ci.nseg; i++) {
				if (i > 0 && rv_buf_putc(&key, '/') < 0)
					rv_oom();
				if (rv_buf_append(&key, FLD(ci.seg[i]).p, FLD(ci.seg[i]).len) < 0)
					rv_oom();
			}
			if (ci.nseg == 0 && rv_buf_puts(&key, "all") < 0)
				rv_oom();
			kp = key.p;
			klen = key.len;
		}
		w = rv_trend_window(&t->cal, ts);
		if (t->streaming && t->any && w > t->wopen &&
		    (rc = rv_trend_advance(t, w, print_point, pr)) < 0)
			rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "time span too long for --every");
		rc = rv_trend_add(t, kp, klen, w, &x);
		if (rc == RV_TREND_ELATE) {
			late_row(in, &late);
			continue;
		}
		if (rc == RV_TREND_ENOMEM)
			rv_oom();
		if (rc == RV_TREND_ERANGE)
			rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "time span too long for --every %s "
			    "(more than 50 million windows); check the times or use a longer --every", op->every_s);
		if (op->follow && op->alerts) {
			/* A spike is known before its window closes. */
			struct rv_hash_ent *e = rv_hash_get(&t->h, kp, klen);
			struct rv_trend_seg *s = e->val;
			struct rv_trend_point p;
			if (!s->early && s->keep) {
				rv_trend_peek(t, s, &p);
				if (!p.warm && p.alert == RV_TREND_SPIKE) {
					print_point(pr, s, t->wopen, &p);
					s->early = 1;
				}
			}
		}
	}
	if (late)
		rv_warn("%lu row%s of already closed windows skipped", late, late == 1 ? "" : "s");
	if (empty)
		rv_warn("%lu row%s with an empty %s skipped", empty, empty == 1 ? "" : "s", op->value);
	rv_buf_free(&key);
}

static void
read_merge(struct rv_cli *cli, struct rv_in *in, struct opts *op, struct rv_trend **tp)
{
	struct rv_trend_opts o = op->t;
	struct rv_trend *t;
	int rc;

	if (in->nhdr > 0 && rv_trend_partial_check(in->hdr, in->nhdr, &o) < 0)
		rv_dieat(RV_EXIT_DATA, in->r.name, 1, "not an rv-trend --partial header "
		    "(segment, rv.window.EVERY, rv.n [rv.sum [rv.sumsq]])");
	if (in->nhdr > 0 && (o.every != op->t.every || o.kind != op->t.kind))
		rv_dieat(RV_EXIT_DATA, in->r.name, 1, "partial state made with other options; give --merge "
		    "the same --every and --count/--value/--outcome as --partial");
	if ((t = rv_trend_new(&o, 0)) == NULL)
		rv_oom();
	*tp = t;
	while (rv_cli_next(cli, in)) {
		if (in->r.linelen == in->hdrbuf.len && memcmp(in->r.line, in->hdrbuf.p, in->hdrbuf.len) == 0)
			continue;	/* the header of a later partial */
		rc = rv_trend_merge_row(t, in->r.f, in->r.nf);
		if (rc == RV_TREND_ENOMEM)
			rv_oom();
		if (rc == RV_TREND_ERANGE)
			rv_cli_reject(cli, in, "not an rv-trend --partial row of this kind");
	}
}

static void
load_state(struct rv_trend *t, const char *path)
{
	struct rv_buf b = {0};
	unsigned long line;
	int rc;

	if (rv_buf_read_file(&b, path) < 0) {
		if (errno == ENOENT) {
			rv_buf_free(&b);
			return;	/* the first run starts afresh */
		}
		rv_die(RV_EXIT_DATA, "%s: %s", path, strerror(errno));
	}
	if (b.len > 0 && (rc = rv_trend_load(t, b.p, b.len, &line)) != RV_TREND_OK) {
		if (rc == RV_TREND_ENOMEM)
			rv_oom();
		rv_dieat(RV_EXIT_DATA, path, line, "not an rv-trend state of these options (--every and "
		    "--count/--value/--outcome must stay the same; delete the file to start afresh)");
	}
	rv_buf_free(&b);
}

/* Write the state to PATH.tmp and rename it, so a failed run keeps the old one. */
static void
save_state(struct rv_trend *t, const char *path)
{
	struct rv_out o;
	char *tmp;
	int fd;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		rv_oom();
	/* The messages name the --state file, which the user gave, and the
	 * temporary file beside it, which the user may not know of. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0)
		rv_die(RV_EXIT_DATA, "--state %s: cannot write the new state (to %s): %s", path,
		    tmp, strerror(errno));
	if (rv_out_init(&o, fd) < 0)
		rv_oom();
	if (rv_trend_save(t, &o) < 0 || rv_out_close(&o) < 0)
		rv_die(RV_EXIT_DATA, "--state %s: write error (to %s): %s; the old state is kept",
		    path, tmp, strerror(o.err));
	if (close(fd) < 0 || rename(tmp, path) < 0)
		rv_die(RV_EXIT_DATA, "--state %s: %s", path, strerror(errno));
	free(tmp);
}

/* Say what --top/--min-count left out: nothing is dropped silently. */
static void
left_out(const struct rv_trend *t)
{
	double ev = 0;
	size_t i, n = 0;

	for (i = 0; i < t->nseg; i++)
		if (!t->seg[i]->keep) {
			n++;
			ev += t->seg[i]->total;
		}
	if (n > 0)
		rv_warn("%zu of %zu segments left out by --top/--min-count (%.0f %s)", n, t->nseg, ev,
		    t->o.kind == RV_TREND_COUNT ? "events" : "rows");
}

static int
print_point(void *ctx, const struct rv_trend_seg *s, long long w, const struct rv_trend_point *p)
{
	struct printer *pr = ctx;

	pr->nrows++;
	if (p->alert != RV_TREND_NONE)
		pr->nalerts++;
	if (pr->quiet || (pr->alerts && p->alert == RV_TREND_NONE))
		return 0;
	/* An early spike was printed while its window was open. */
	if (pr->alerts && s->early && p->alert == RV_TREND_SPIKE)
		return 0;
	if (pr->pretty)
		rv_trend_pretty(pr->out, pr->t, s, w, p);
	else
		rv_trend_row(pr->out, pr->t, s, w, p);
	return 0;
}

static void
usage(int status)
{
	if (status)
		rv_try_help(status);
	fputs("Usage: rv-trend [-t field] [-s field[,field...]] [-e every] [-c field | -v field |\n"
	    "                -o field[=value]] [-z score] [--top n] [--min-count n] [-a] [--pretty]\n"
	    "                [-f] [--state file] [--forecast n] [--profile] [--partial | --merge]\n"
	    "                [--warmup n] [--shift-after n] [--span n] [-n] [--rejects file] [file ...]\n"
	    "Volume monitoring: events (or a mean, or a rate) per segment and time window\n"
	    "against a seasonal baseline learned from the past, with spike, drop and shift\n"
	    "alerts. Reads TSV from the files or standard input.\n"
	    "\n"
	    "  -t, --time=FIELD       time column: ISO 8601 or Unix seconds (default: time)\n"
	    "  -s, --segment=LIST     one series per value of these fields (joined with /)\n"
	    "  -e, --every=LEN        window: 5m, 30m, 1h (default), 1d, 1w, ...\n"
	    "  -c, --count=FIELD      pre-aggregated rows: FIELD events each\n"
	    "  -v, --value=FIELD      track the mean of FIELD (empty values are skipped)\n"
	    "  -o, --outcome=F[=V]    track the rate of F being 1/yes/true (or equal to V)\n"
	    "  -z, --threshold=Z      alert when |score| > Z (default: 4)\n"
	    "      --top=N            only the N segments with most events\n"
	    "      --min-count=N      only segments with at least N events\n"
	    "  -a, --alerts           print alert rows only\n"
	    "      --pretty           alerts as readable lines and a count\n"
	    "  -f, --follow           streaming: print each window as it closes, spikes at once\n"
	    "      --state=FILE       restore the model from FILE and save it back (cron)\n"
	    "      --forecast=N       the next N windows per segment with intervals\n"
	    "      --profile          the day-of-week x hour-of-day profile per segment\n"
	    "      --partial          write mergeable window counts; --merge finishes them\n"
	    "      --warmup=N         windows without alerts at a series' start\n"
	    "      --shift-after=N    consecutive alerts that make a shift (a new level)\n"
	    "      --span=N           level memory in windows\n"
	    "  -n, --no-header        no header line; fields by number\n"
	    "      --rejects=FILE     write bad rows there and go on\n"
	    "  -h, --help             this help;  --version  the version\n"
	    "\n"
	    "Output: segment window n [value] expected low high score alert; alert is\n"
	    "spike, drop, shift or empty; expected is blank while the series warms up.\n"
	    "\n"
	    "Examples:\n"
	    "  rv-trend -s category -e 1h --alerts reviews.tsv\n"
	    "  rv-trend -s province -e 5m --state trend.state --alerts < new-rows.tsv\n"
	    "  rv-trend -e 1d -o polarity=neg --forecast 7 reviews.tsv\n"
	    "\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n", stdout);
	exit(RV_EXIT_OK);
}
