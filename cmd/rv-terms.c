/* rv-terms - the words and phrases that set a group of texts apart from
 * the rest (or from another group): discovered Chinese words and English
 * words and phrases, ranked by G2 keyness with FDR control. The method
 * is in lib/text/terms.c and rv-terms(1). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "hash.h"
#include "num.h"
#include "partial.h"
#include "terms.h"
#include "utf8.h"

enum {
	OPT_VS = RV_OPT_TOOL, OPT_TOP, OPT_MIN_COUNT, OPT_NEW, OPT_NEW_MAX, OPT_PRETTY,
	OPT_DUMP, OPT_STOP, OPT_ADD_STOP, OPT_WORDS, OPT_PARTIAL, OPT_MERGE
};

#define PARTIAL_MAGIC "rv-terms-partial"
#define PARTIAL_VERSION "1"

enum { MAXSEEN = 20 };

static uint64_t stophash;	/* of the stop lists read, in order */

struct opts {
	struct rv_cli cli;
	char *field;		/* -g FIELD */
	const char *value;	/* =VALUE or NULL (0/1, true/false) */
	const char *vs;		/* --vs VALUE */
	char *vs_own;		/* --merge: the state's --vs */
	int text_given;		/* -t was given */
	const char *stop;	/* --stop FILE */
	const char *add[16];	/* --add-stop FILEs */
	int nadd, pretty, verbose, words, partial, merge;
	struct rv_terms_opts t;
};

/* The distinct values of the group column, for the warning when the
 * asked-for value never occurs. */
struct seen {
	char *v[MAXSEEN];
	size_t n;
	int more;
};

static void parse_args(struct opts *o, int argc, char **argv);
static void load_stop(struct rv_terms *t, const struct opts *o);
static int group_of(const struct opts *o, const struct rv_field *f, int *g);
static void see(struct seen *s, const struct rv_field *f);
static void warn_unseen(const struct opts *o, const struct seen *s, const char *value);
static void table(struct rv_out *out, const struct rv_terms_result *r);
static void words(struct rv_out *out, const struct rv_terms_result *r);
static void pretty(struct rv_out *out, const struct opts *o, const struct rv_terms_result *r);
static void partial_header(struct rv_buf *b, const struct opts *o);
static void read_merge(struct opts *o, struct rv_terms *t, struct rv_in *in);
static void usage(int status);

int
main(int argc, char **argv)
{
	struct opts o;
	struct rv_terms *t;
	struct rv_terms_result res;
	struct rv_in in;
	struct rv_out out;
	struct seen seen = {0};
	long tcol, gcol;
	unsigned long ng = 0, nvs = 0;
	size_t i;

	rv_cli_init(argc, argv);
	parse_args(&o, argc, argv);
	if ((t = rv_terms_new(&o.t)) == NULL)
		rv_oom();
	load_stop(t, &o);	/* a bad stop list stops the run before any row */
	if (o.merge) {
		o.cli.no_header = 0;	/* a partial state always has its header */
		o.cli.repeat_quiet = 1;	/* one per state */
	}
	rv_cli_open_input(&o.cli, &in, argc - optind, argv + optind);
	if (o.merge)
		in.other_headers = 1;	/* a state file of other options: read_merge says so */
	rv_cli_out(&o.cli, &out);
	if (o.merge && in.nhdr > 0) {
		read_merge(&o, t, &in);
		goto finish;
	}
	if (o.partial && in.nhdr == 0 && !in.no_header)
		goto finish;	/* an empty chunk: a state of no texts */
	if (in.nhdr == 0 && !in.no_header) {	/* empty input: the header only */
		if (o.words)
			words(&out, &(struct rv_terms_result){0});
		else if (!o.pretty)
			table(&out, &(struct rv_terms_result){0});
		rv_cli_finish(&o.cli, &out);
		rv_terms_free(t);
		rv_in_close(&in);
		free(o.field);
		return RV_EXIT_OK;
	}
	tcol = rv_cli_col(&in, o.cli.text_field, "text");
	gcol = o.field != NULL ? rv_cli_col(&in, o.field, "group") : -1;
	rv_cli_watch_utf8(&o.cli, tcol);
	while (rv_cli_next(&o.cli, &in)) {
		const struct rv_field *f = in.r.f;
		int g;
		if (!rv_cli_row_ok(&o.cli, &in, (size_t)(tcol > gcol ? tcol : gcol) + 1))
			continue;
		if (gcol < 0) {	/* --words alone: all texts alike */
			if (rv_terms_add(t, 0, f[tcol].p, f[tcol].len) < 0)
				rv_oom();
			continue;
		}
		if (o.value != NULL)
			see(&seen, &f[gcol]);
		if (group_of(&o, &f[gcol], &g) < 0) {
			rv_cli_reject(&o.cli, &in, "group column: expected 0/1 or true/false, got \"%.*s\"",
			    (int)rv_utf8_cut(f[gcol].p, f[gcol].len, 40), f[gcol].p);
			continue;
		}
		if (g < 0)
			continue;	/* neither the group nor --vs */
		if (g)
			ng++;
		else if (o.vs != NULL)
			nvs++;
		if (rv_terms_add(t, g, f[tcol].p, f[tcol].len) < 0)
			rv_oom();
	}
	/* a chunk may well lack a value: --merge says so for the whole */
	if (!o.partial && o.value != NULL && ng == 0)
		warn_unseen(&o, &seen, o.value);
	if (!o.partial && o.vs != NULL && nvs == 0)
		warn_unseen(&o, &seen, o.vs);
finish:
	if (o.partial) {
		struct rv_buf h = {0};
		partial_header(&h, &o);
		rv_out_puts(&out, h.p);
		rv_out_eol(&out);
		rv_buf_free(&h);
		if (rv_terms_write_partial(t, &out) < 0)
			rv_oom();
		rv_cli_finish(&o.cli, &out);
		rv_terms_free(t);
		rv_in_close(&in);
		for (i = 0; i < seen.n; i++)
			free(seen.v[i]);
		free(o.field);
		return RV_EXIT_OK;
	}
	if ((o.words ? rv_terms_vocab(t, &res) : rv_terms_run(t, &res)) < 0)
		rv_oom();
	if (o.verbose) {
		rv_warn("%lu texts in the group, %lu in the baseline; %zu candidate terms tested",
		    res.docs_group, res.docs_rest, res.tested);
		if (res.undercount > 0)
			rv_warn("the n-gram table was pruned: counts may be low by up to %lu",
			    res.undercount);
	}
	if (o.words)
		words(&out, &res);
	else if (o.pretty)
		pretty(&out, &o, &res);
	else
		table(&out, &res);
	rv_cli_finish(&o.cli, &out);
	rv_terms_result_free(&res);
	rv_terms_free(t);
	rv_in_close(&in);
	for (i = 0; i < seen.n; i++)
		free(seen.v[i]);
	free(o.field);
	free(o.vs_own);
	return RV_EXIT_OK;
}

static int
eq(const struct rv_field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

static int
ieq(const struct rv_field *f, const char *s)
{
	return f->len == strlen(s) && strncasecmp(f->p, s, f->len) == 0;
}

/* *g = 1 (group), 0 (baseline) or -1 (neither); -1 when a 0/1 field
 * holds something else. */
static int
group_of(const struct opts *o, const struct rv_field *f, int *g)
{
	if (o->value != NULL) {
		if (eq(f, o->value))
			*g = 1;
		else
			*g = o->vs == NULL || eq(f, o->vs) ? 0 : -1;
		return 0;
	}
	if (eq(f, "1") || ieq(f, "true"))
		*g = 1;
	else if (eq(f, "0") || ieq(f, "false"))
		*g = 0;
	else
		return -1;
	return 0;
}

static void
see(struct seen *s, const struct rv_field *f)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (eq(f, s->v[i]))
			return;
	if (s->n == MAXSEEN) {
		s->more = 1;
		return;
	}
	if ((s->v[s->n] = strndup(f->p, f->len)) == NULL)
		rv_oom();
	s->n++;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
warn_unseen(const struct opts *o, const struct seen *s, const char *value)
{
	struct rv_buf b = {0};
	char *v[MAXSEEN];
	size_t i;

	memcpy(v, s->v, s->n * sizeof(*v));
	qsort(v, s->n, sizeof(*v), strp_cmp);
	for (i = 0; i < s->n; i++)
		if (rv_buf_printf(&b, "%s%s", i ? ", " : "", v[i]) < 0)
			rv_oom();
	if (s->more && rv_buf_puts(&b, ", ...") < 0)
		rv_oom();
	rv_warn("no row has %s=%s (values seen: %s)", o->field, value, s->n ? b.p : "none");
	rv_buf_free(&b);
}

static void
table(struct rv_out *out, const struct rv_terms_result *r)
{
	size_t i;
	char q[32];

	rv_out_puts(out, "term\tn_group\tn_rest\tratio\tg2\tq\texamples");
	rv_out_eol(out);
	for (i = 0; i < r->n; i++) {
		const struct rv_term *t = &r->t[i];
		rv_out_puts(out, t->term);
		rv_out_tab(out);
		rv_out_num(out, (double)t->n_group, 0);
		rv_out_tab(out);
		rv_out_num(out, (double)t->n_rest, 0);
		rv_out_tab(out);
		rv_out_num(out, t->ratio, 2);
		rv_out_tab(out);
		rv_out_num(out, t->g2, 1);
		rv_out_tab(out);
		snprintf(q, sizeof(q), "%.2e", t->q);
		rv_out_puts(out, q);
		rv_out_tab(out);
		if (t->ex[0] != NULL)
			rv_out_puts(out, t->ex[0]);
		if (t->ex[1] != NULL) {
			rv_out_puts(out, " | ");
			rv_out_puts(out, t->ex[1]);
		}
		rv_out_eol(out);
	}
}

/* --words: the discovered Chinese words and the evidence for each. */
static void
words(struct rv_out *out, const struct rv_terms_result *r)
{
	size_t i;

	rv_out_puts(out, "term\tcount\ttexts\tpmi\th_left\th_right");
	rv_out_eol(out);
	for (i = 0; i < r->n; i++) {
		const struct rv_term *t = &r->t[i];
		rv_out_puts(out, t->term);
		rv_out_tab(out);
		rv_out_num(out, (double)t->count, 0);
		rv_out_tab(out);
		rv_out_num(out, (double)(t->n_group + t->n_rest), 0);
		rv_out_tab(out);
		rv_out_num(out, t->pmi, 2);
		rv_out_tab(out);
		rv_out_num(out, t->hl, 2);
		rv_out_tab(out);
		rv_out_num(out, t->hr, 2);
		rv_out_eol(out);
	}
}

static void
pretty(struct rv_out *out, const struct opts *o, const struct rv_terms_result *r)
{
	size_t i, j;
	double n1 = (double)r->docs_group, n2 = (double)r->docs_rest;

	rv_out_printf(out, "%s of %s%s%s (%lu texts) against %s%s (%lu texts), q <= %g:\n",
	    o->t.new_only ? "New terms" : "Terms", o->field, o->value ? "=" : "",
	    o->value ? o->value : "", r->docs_group, o->vs ? "" : "the rest",
	    o->vs ? o->vs : "", r->docs_rest, o->t.alpha);
	if (r->n == 0)
		rv_out_puts(out, "  (none)\n");
	for (i = 0; i < r->n; i++) {
		const struct rv_term *t = &r->t[i];
		rv_out_printf(out, "%3zu. %s: %lu texts (%.1f%%) vs %lu (%.1f%%), %.1fx, G2 %.1f, q %.1e\n",
		    i + 1, t->term, t->n_group, n1 > 0 ? 100.0 * (double)t->n_group / n1 : 0.0,
		    t->n_rest, n2 > 0 ? 100.0 * (double)t->n_rest / n2 : 0.0, exp2(t->ratio), t->g2, t->q);
		for (j = 0; j < 2; j++)
			if (t->ex[j] != NULL)
				rv_out_printf(out, "       \"%s\"\n", t->ex[j]);
	}
}

static void
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		RV_CLI_LONGOPTS, RV_CLI_TEXT_LONGOPT,
		{"group", required_argument, NULL, 'g'},
		{"fdr", required_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"vs", required_argument, NULL, OPT_VS},
		{"top", required_argument, NULL, OPT_TOP},
		{"min-count", required_argument, NULL, OPT_MIN_COUNT},
		{"new", no_argument, NULL, OPT_NEW},
		{"new-max", required_argument, NULL, OPT_NEW_MAX},
		{"pretty", no_argument, NULL, OPT_PRETTY},
		{"dump-defaults", no_argument, NULL, OPT_DUMP},
		{"stop", required_argument, NULL, OPT_STOP},
		{"add-stop", required_argument, NULL, OPT_ADD_STOP},
		{"words", no_argument, NULL, OPT_WORDS},
		{"partial", no_argument, NULL, OPT_PARTIAL},
		{"merge", no_argument, NULL, OPT_MERGE},
		{NULL, 0, NULL, 0}
	};
	const char *g = NULL;
	char *eqs;
	int c;

	memset(o, 0, sizeof(*o));
	rv_terms_opts_default(&o->t);
	while ((c = getopt_long(argc, argv, "g:hnq:t:v", longopts, NULL)) != -1) {
		if (rv_cli_option(&o->cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'g': g = optarg; break;
		case 'q': o->t.alpha = rv_cli_double("--fdr", optarg, 1e-300, 1); break;
		case 'v': o->verbose = 1; break;
		case OPT_VS: o->vs = optarg; break;
		case OPT_TOP: o->t.top = (size_t)rv_cli_long("--top", optarg, 0, 1000000); break;
		case OPT_MIN_COUNT:
			o->t.min_count = (unsigned long)rv_cli_long("--min-count", optarg, 1, 1000000000);
			break;
		case OPT_NEW: o->t.new_only = 1; break;
		case OPT_NEW_MAX: o->t.new_max = rv_cli_double("--new-max", optarg, 0, 1); break;
		case OPT_PRETTY: o->pretty = 1; break;
		case OPT_WORDS: o->words = 1; break;
		case OPT_PARTIAL: o->partial = 1; break;
		case OPT_MERGE: o->merge = 1; break;
		case OPT_STOP: o->stop = optarg; break;
		case OPT_ADD_STOP:
			if (o->nadd == (int)(sizeof(o->add) / sizeof(o->add[0])))
				rv_usage_error("too many --add-stop files (at most 16)");
			o->add[o->nadd++] = optarg;
			break;
		case OPT_DUMP: {
			size_t len;
			const char *d = rv_data_get("terms-stop-zh.tsv", &len);
			fwrite(d, 1, len, stdout);
			d = rv_data_get("terms-stop-en.tsv", &len);
			fwrite(d, 1, len, stdout);
			exit(RV_EXIT_OK);
		}
		default:
			usage(RV_EXIT_USAGE);
		}
	}
	/* A state's header writes no --vs as "vs=": an empty value would read
	 * back as none (and is most often an unset shell variable). */
	if (o->vs != NULL && o->vs[0] == '\0')
		rv_usage_error("invalid --vs '': give a value (leave --vs out to compare with all "
		    "other rows)");
	o->text_given = o->cli.text_field != NULL;
	if (!o->text_given)
		o->cli.text_field = "text";
	if (o->partial && (o->merge || o->pretty))
		rv_usage_error("--partial cannot be combined with --merge or --pretty");
	if (g == NULL && o->vs != NULL && !o->merge)
		rv_usage_error("--vs VALUE needs -g FIELD=VALUE");
	/* --merge: the group, --vs and -t are the state's (merge_options) */
	if (g == NULL && (o->words || o->merge))
		return;
	if (g == NULL)
		rv_usage_error("give the group with -g FIELD=VALUE (or -g FIELD for a 0/1 column)");
	if ((o->field = strdup(g)) == NULL)
		rv_oom();
	if ((eqs = strchr(o->field, '=')) != NULL) {
		*eqs = '\0';
		o->value = eqs + 1;
	}
	if (o->field[0] == '\0')
		rv_usage_error("invalid -g '%s': empty field name", g);
	if (o->vs != NULL && o->value == NULL)
		rv_usage_error("--vs VALUE needs -g FIELD=VALUE");
	if (o->vs != NULL && strcmp(o->vs, o->value) == 0)
		rv_usage_error("--vs '%s' is the group itself", o->vs);
}

static void
stop_text(struct rv_terms *t, const char *text, size_t len, const char *name)
{
	char err[256];
	long rc = rv_terms_stop(t, text, len, err, sizeof(err));

	stophash = rv_hash_bytes(text, len, stophash + 1);

	if (rc < 0)
		rv_oom();
	if (rc > 0)
		rv_dieat(RV_EXIT_USAGE, name, (unsigned long)rc, "%s", err);
}

static void
stop_file(struct rv_terms *t, const char *path)
{
	struct rv_buf b = {0};

	if (rv_buf_read_file(&b, path) < 0)
		rv_die(RV_EXIT_USAGE, "%s: %s", path, strerror(errno));
	stop_text(t, b.p, b.len, path);
	rv_buf_free(&b);
}

static void
load_stop(struct rv_terms *t, const struct opts *o)
{
	int i;

	if (o->stop != NULL)
		stop_file(t, o->stop);
	else {
		static const char *const emb[] = {"terms-stop-zh.tsv", "terms-stop-en.tsv"};
		for (i = 0; i < 2; i++) {
			size_t len;
			const char *d = rv_data_get(emb[i], &len);
			if (d == NULL)
				rv_die(RV_EXIT_DATA, "%s: not embedded", emb[i]);
			stop_text(t, d, len, emb[i]);
		}
	}
	for (i = 0; i < o->nadd; i++)
		stop_file(t, o->add[i]);
}

/* The line that starts a --partial state: what decides the counts (the
 * group, the baseline, the text column, the stop lists, which decide the
 * English n-grams), so that --merge refuses states of other options.
 * Output options (-q, --top, --min-count, --new, --pretty, --words) are
 * --merge's own. */
static void
partial_header(struct rv_buf *b, const struct opts *o)
{
	const char *k[3] = {"\tgroup=", "\tvs=", "\ttext="};
	const char *v[3] = {o->field ? o->field : "", o->vs ? o->vs : "", o->cli.text_field};
	size_t i, from;

	if (rv_buf_puts(b, PARTIAL_MAGIC "\t" PARTIAL_VERSION) < 0)
		rv_oom();
	for (i = 0; i < 3; i++) {
		if (rv_buf_puts(b, k[i]) < 0)
			rv_oom();
		from = b->len;
		if (rv_buf_puts(b, v[i]) < 0 || (i == 0 && o->value != NULL &&
		    rv_buf_printf(b, "=%s", o->value) < 0))
			rv_oom();
		for (; from < b->len; from++)	/* a value cannot split the line */
			if (b->p[from] == '\t' || b->p[from] == '\n' || b->p[from] == '\r')
				b->p[from] = ' ';
	}
	if (rv_buf_printf(b, "\tstop=%016" PRIx64, stophash) < 0)
		rv_oom();
}

/* A later state with another header than the first: the states of one
 * command only. */
static void
other_state(const struct rv_in *in)
{
	char have[301], first[301];

	rv_partial_shown(have, sizeof(have), in->r.line, in->r.linelen);
	rv_partial_shown(first, sizeof(first), in->hdrbuf.p, in->hdrbuf.len);
	rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "a partial state made with other options: "
	    "its header is '%s', the first state's is '%s'; merge only the states of one rv-terms "
	    "--partial command (the same -g, --vs, -t, --stop and --add-stop)", have, first);
}

/* A header value as a string for a message ("none" when empty). */
static const char *
shown_value(char *buf, size_t size, const struct rv_field *v)
{
	return v->len == 0 ? "none" : rv_partial_shown(buf, size, v->p, v->len);
}

/* Is the header value v the option s (cleaned as partial_header does)? */
static int
same_value(const struct rv_field *v, const char *s)
{
	size_t i, n = strlen(s);

	if (v->len != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
		if (v->p[i] != c)
			return 0;
	}
	return 1;
}

/* --merge takes -g, --vs and -t from the first state's header; options
 * given must be the same, and the stop lists read must be the ones the
 * state was made with (their words decide the Chinese terms at the
 * merge, and the header only holds their hash). */
static void
merge_options(struct opts *o, const struct rv_in *in)
{
	static const char *const key[4] = {"group", "vs", "text", "stop"};
	struct rv_field v[4];
	char a[301], b[301], stop[17];
	size_t i;

	if (!rv_partial_is_header(in->hdr, in->nhdr, PARTIAL_MAGIC))
		rv_dieat(RV_EXIT_DATA, in->r.name, 1, "not an rv-terms --partial state: the first "
		    "line must be its header (%s\t%s\t...)", PARTIAL_MAGIC, PARTIAL_VERSION);
	if (in->nhdr < 2 || !eq(&in->hdr[1], PARTIAL_VERSION))
		rv_dieat(RV_EXIT_DATA, in->r.name, 1, "a partial state of another rv-terms version "
		    "(%.*s, not %s): make it again with this rv-terms --partial",
		    in->nhdr < 2 ? 0 : (int)(in->hdr[1].len > 20 ? 20 : in->hdr[1].len),
		    in->nhdr < 2 ? "" : in->hdr[1].p, PARTIAL_VERSION);
	for (i = 0; i < 4; i++)
		if (in->nhdr != 6 || !rv_partial_field(&in->hdr[2 + i], key[i], &v[i]))
			rv_dieat(RV_EXIT_DATA, in->r.name, 1, "not an rv-terms --partial state: its "
			    "header is '%s', not %s TAB %s TAB group=... TAB vs=... TAB text=... TAB "
			    "stop=...", rv_partial_shown(a, sizeof(a), in->hdrbuf.p, in->hdrbuf.len),
			    PARTIAL_MAGIC, PARTIAL_VERSION);
	if (o->field != NULL) {
		struct rv_buf g = {0};
		if (rv_buf_puts(&g, o->field) < 0 || (o->value != NULL && rv_buf_printf(&g, "=%s", o->value) < 0))
			rv_oom();
		if (!same_value(&v[0], g.p))
			rv_usage_error("-g %s is not the group of the --partial state (%s): give --merge "
			    "the same -g or none", g.p, shown_value(a, sizeof(a), &v[0]));
		rv_buf_free(&g);
	}
	if (o->vs != NULL && !same_value(&v[1], o->vs))
		rv_usage_error("--vs %s is not the baseline of the --partial state (%s): give --merge "
		    "the same --vs or none", o->vs, shown_value(a, sizeof(a), &v[1]));
	if (o->text_given && !same_value(&v[2], o->cli.text_field))
		rv_usage_error("-t %s is not the text column of the --partial state (%s): give --merge "
		    "the same -t or none", o->cli.text_field, shown_value(a, sizeof(a), &v[2]));
	snprintf(stop, sizeof(stop), "%016" PRIx64, stophash);
	if (!same_value(&v[3], stop))
		rv_usage_error("the stop lists are not the ones of the --partial state (stop=%s, these "
		    "are stop=%s): give --merge the same --stop and --add-stop as --partial",
		    rv_partial_shown(b, sizeof(b), v[3].p, v[3].len), stop);
	if (o->field == NULL && v[0].len > 0) {
		char *eqs;
		if ((o->field = strndup(v[0].p, v[0].len)) == NULL)
			rv_oom();
		if ((eqs = strchr(o->field, '=')) != NULL) {
			*eqs = '\0';
			o->value = eqs + 1;
		}
	}
	if (o->vs == NULL && v[1].len > 0) {
		if ((o->vs_own = strndup(v[1].p, v[1].len)) == NULL)
			rv_oom();
		o->vs = o->vs_own;
	}
	if (o->field == NULL && !o->words)
		rv_usage_error("the --partial state has no group (it was made with --words alone): "
		    "give --merge --words");
}

/* --merge: concatenated --partial states (or files of them), in input
 * order; a later state's header equal to the first is skipped by the
 * reader, another is refused. */
static void
read_merge(struct opts *o, struct rv_terms *t, struct rv_in *in)
{
	merge_options(o, in);
	while (rv_cli_next(&o->cli, in)) {
		const struct rv_field *f = in->r.f;
		size_t nf = in->r.nf;
		if (rv_partial_is_header(f, nf, PARTIAL_MAGIC))
			other_state(in);
		if (in->idx > 0 && in->r.lineno == 1)	/* a later file's first line */
			rv_dieat(RV_EXIT_DATA, in->r.name, 1, "not an rv-terms --partial state: the "
			    "first line must be its header (%s\t%s\t...)", PARTIAL_MAGIC, PARTIAL_VERSION);
		switch (rv_terms_merge_row(t, f, nf)) {
		case 0:
			break;
		case RV_TERMS_ENOMEM:
			rv_oom();
		case RV_TERMS_ERANGE:
			rv_cli_reject(&o->cli, in, "the counts of this row and the states before it "
			    "overflow (at most 2^32 - 1 texts or occurrences)");
			break;
		case RV_TERMS_ENODOCS:
			rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "not an rv-terms --partial "
			    "state: a state starts with its header and a docs row");
		default:
			rv_cli_reject(&o->cli, in, "not a valid rv-terms --partial row (docs, z, e or x "
			    "with the wrong fields, a field that is not a count, or counts no texts can "
			    "give)");
		}
	}
	if (o->value != NULL && rv_terms_docs(t, 1) == 0)
		rv_warn("no row of the merged states has %s=%s", o->field, o->value);
	if (o->vs != NULL && rv_terms_docs(t, 0) == 0)
		rv_warn("no row of the merged states has %s=%s", o->field, o->vs);
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK)
		rv_try_help(status);
	printf("Usage: rv-terms -g FIELD[=VALUE] [-hnv] [-q fdr] [-t field] [--vs value]\n"
	    "       [--top n] [--min-count n] [--new] [--new-max share] [--pretty]\n"
	    "       [--stop file] [--add-stop file] [--dump-defaults] [--rejects file]\n"
	    "       [--partial] [file ...]\n"
	    "       rv-terms --merge [output options] [file ...]\n"
	    "       rv-terms --words [-t field] [--min-count n] [file ...]\n"
	    "The words and phrases that set a group of texts apart from the rest: Chinese\n"
	    "words found without a segmenter, English words and 2-3-word phrases, ranked\n"
	    "by log-likelihood (G2) keyness on document counts, with FDR control.\n"
	    "Prints term, n_group, n_rest, ratio (log2), g2, q, examples.\n\n"
	    "  -g, --group=F[=V]       the group: rows whose column F is V (without =V,\n"
	    "                          F holds 0/1 or true/false)\n"
	    "      --vs=V              compare with the rows whose F is V (default: the rest)\n"
	    "  -t, --text-field=F      text column (default: text)\n"
	    "  -q, --fdr=Q             Benjamini-Hochberg FDR level (default 0.05)\n"
	    "      --top=N             at most N terms (default 30; 0: all)\n"
	    "      --min-count=N       terms in at least N group texts (default 5)\n"
	    "      --new               only terms (almost) absent from the baseline, by\n"
	    "                          group count: new problems\n"
	    "      --new-max=S         --new: baseline rate at most S times the group's\n"
	    "                          (default 0.1)\n"
	    "      --pretty            a readable list instead of TSV\n"
	    "      --stop=FILE         stop list (term TAB edge|term) replacing the defaults\n"
	    "      --add-stop=FILE     stop entries added to the defaults (or to --stop)\n"
	    "      --dump-defaults     print the embedded stop lists in --stop format\n"
	    "      --words             print the discovered Chinese words (term, count,\n"
	    "                          texts, pmi, h_left, h_right) instead; -g optional\n"
	    "      --partial           write a mergeable state (parallel chunks) instead\n"
	    "      --merge             read --partial states, in input order, and print the\n"
	    "                          table (the same bytes as one process unless pruned);\n"
	    "                          -g, --vs and -t are the states' (given: the same)\n"
	    "  -v, --verbose           group sizes and the number of terms tested on stderr\n"
	    "  -n, --no-header         no header line; give -t and -g as column numbers\n"
	    "      --rejects=FILE      write malformed rows there instead of stopping\n"
	    "  -h, --help              this help\n"
	    "      --version           print the version\n\n"
	    "Examples:\n"
	    "  rv-sentiment reviews.tsv | rv-terms -g polarity=neg --pretty\n"
	    "  rv-terms -g week=2026-W45 --vs 2026-W44 --new complaints.tsv\n"
	    "  parallel --pipepart -a complaints.tsv --header : --block -1 --keep-order \\\n"
	    "    rv-terms --partial -g week=2026-W45 | rv-terms --merge --new\n\n"
	    "Exit status: 0 ok, 1 data or I/O error, 2 usage error.\n");
	exit(RV_EXIT_OK);
}
