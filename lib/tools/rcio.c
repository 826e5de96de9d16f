/* rcio.c - see rcio.h. */
#include "rcio.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "utf8.h"

long
rv_rcio_split(const char *s, struct rv_field *v)
{
	long n = 0;

	for (;;) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len == 0 || n == RV_RCIO_MAXVALS)
			return -1;
		v[n].p = s;
		v[n++].len = len;
		if (e == NULL)
			return n;
		s = e + 1;
	}
}

static int
eq(const struct rv_field *f, const char *s, size_t n)
{
	return f->len == n && memcmp(f->p, s, n) == 0;
}

static int
ieq(const struct rv_field *f, const char *s)
{
	return f->len == strlen(s) && strncasecmp(f->p, s, f->len) == 0;
}

/* A boolean outcome: 1, 0, or -1 when it is neither. */
static int
truth(const struct rv_field *f)
{
	static const char *const yes[] = {"1", "true", "yes", "y", "t"};
	static const char *const no[] = {"0", "false", "no", "n", "f"};
	size_t i;

	if (f->len == 0)
		return 0;
	for (i = 0; i < 5; i++) {
		if (ieq(f, yes[i]))
			return 1;
		if (ieq(f, no[i]))
			return 0;
	}
	return -1;
}

/* A count: a whole number from 0 to 2^53 (exact in a double). */
static int
count(const struct rv_field *f, double *v)
{
	if (rv_num_parse(f->p, f->len, v) < 0 || *v < 0 || *v != floor(*v) || *v > 9007199254740992.0)
		return -1;
	return 0;
}

static void
quote(char *err, size_t errlen, const char *what, const char *name, const struct rv_field *f)
{
	int n = (int)rv_utf8_cut(f->p, f->len, 40);

	snprintf(err, errlen, "%s column: expected %s, got \"%.*s%s\"",
	    name, strcmp(what, "outcome") == 0 ?
	    "1/0, true/false, yes/no or empty (or use --outcome FIELD=VALUE)" :
	    "a whole number >= 0", n, f->p, f->len > 40 ? "..." : "");
}

/* Remember a value (the first few distinct ones, for the warning when
 * none matches): an outcome other than --outcome's, or a period other
 * than --baseline's and --target's. */
static void
note(char seen[8][41], size_t *nseen, int *more, const struct rv_field *f)
{
	size_t i, n = rv_utf8_cut(f->p, f->len, 40);

	for (i = 0; i < *nseen; i++)
		if (strlen(seen[i]) == n && memcmp(seen[i], f->p, n) == 0)
			return;
	if (*nseen == 8) {
		*more = 1;
		return;
	}
	for (i = 0; i < n; i++)
		seen[*nseen][i] = (unsigned char)f->p[i] < 0x20 ? ' ' : f->p[i];
	seen[(*nseen)++][n] = '\0';
}

static void
note_value(struct rv_rcio *io, const struct rv_field *f)
{
	note(io->oseen, &io->noseen, &io->omore, f);
}

static int
merge_row(struct rv_rcio *io, const struct rv_tsv *r, struct rv_rc *rc, char *err, size_t errlen)
{
	static const char *const what[4] = {"rv.n", "rv.hits", "rv.base_n", "rv.base_hits"};
	double c[4] = {0, 0, 0, 0};
	int i, bad = 0;

	for (i = 0; i < 4; i++) {
		if (io->mcol[i] < 0)
			continue;
		if (count(&r->f[io->mcol[i]], &c[i]) < 0) {
			quote(err, errlen, "count", what[i], &r->f[io->mcol[i]]);
			return 1;
		}
	}
	if (c[1] > c[0] || c[3] > c[2]) {
		snprintf(err, errlen, "more hits than rows");
		return 1;
	}
	if (io->mcol[2] >= 0 && c[2] + c[3] > 0)
		bad |= rv_rc_add(rc, r->f, 0, c[2], c[3]);
	if (c[0] + c[1] > 0 || io->mcol[2] < 0)
		bad |= rv_rc_add(rc, r->f, 1, c[0], c[1]);
	io->rows++;
	return bad ? -1 : 0;
}

int
rv_rcio_row(struct rv_rcio *io, const struct rv_tsv *r, struct rv_rc *rc, char *err, size_t errlen)
{
	struct rv_field vals[RV_RC_MAXDIMS];
	double n = 1, h = 0;
	int target = 1;
	size_t i;

	if (io->merge)
		return merge_row(io, r, rc, err, errlen);
	if (io->pcol >= 0) {
		const struct rv_field *p = &r->f[io->pcol];
		for (i = 0; i < io->ntarg && !eq(p, io->targ[i].p, io->targ[i].len); i++)
			;
		if (i == io->ntarg) {
			for (i = 0; i < io->nbase && !eq(p, io->base[i].p, io->base[i].len); i++)
				;
			if (i == io->nbase) {
				io->skipped++;
				note(io->pseen, &io->npseen, &io->pmore, p);
				return 0;
			}
			target = 0;
		}
	}
	if (io->ccol >= 0) {
		if (count(&r->f[io->ccol], &n) < 0) {
			quote(err, errlen, "count", "--count", &r->f[io->ccol]);
			return 1;
		}
		if (count(&r->f[io->hcol], &h) < 0) {
			quote(err, errlen, "count", "--hits", &r->f[io->hcol]);
			return 1;
		}
		if (h > n) {
			snprintf(err, errlen, "--hits %.0f is more than --count %.0f", h, n);
			return 1;
		}
	} else if (io->oval != NULL) {
		h = eq(&r->f[io->ocol], io->oval, strlen(io->oval));
		if (h)
			io->ohits++;
		else if (io->ohits == 0)
			note_value(io, &r->f[io->ocol]);
	} else {
		int t = truth(&r->f[io->ocol]);
		if (t < 0) {
			quote(err, errlen, "outcome", "--outcome", &r->f[io->ocol]);
			return 1;
		}
		h = t;
	}
	for (i = 0; i < io->nd; i++)
		vals[i] = r->f[io->dcol[i]];
	io->rows++;
	return rv_rc_add(rc, vals, target, n, h) < 0 ? -1 : 0;
}

static const char *const role_name[] = {"cause", "bystander", "mixshift"};

/* A q-value in scientific notation: 1.23e-05 (LC_NUMERIC stays "C"). */
static void
qnum(struct rv_out *o, double q)
{
	char b[32];

	snprintf(b, sizeof(b), "%.2e", q);
	rv_out_puts(o, b);
}

void
rv_rcio_table(struct rv_out *o, const struct rv_rc_result *res, int change)
{
	size_t i;

	rv_out_puts(o, "rank\trole\tcause\tn\thits\trate\trest_rate\tlift\texcess\tshare\tq");
	if (change)
		rv_out_puts(o, "\tbase_n\tbase_rate");
	rv_out_puts(o, "\texplained_by\texpected\tbackground");
	rv_out_eol(o);
	for (i = 0; i < res->nf; i++) {
		const struct rv_rc_finding *f = &res->f[i];
		rv_out_num(o, (double)(i + 1), 0);
		rv_out_tab(o);
		rv_out_puts(o, role_name[f->role]);
		rv_out_tab(o);
		rv_out_field(o, f->cause, f->causelen);
		rv_out_tab(o);
		rv_out_num(o, f->n, 0);
		rv_out_tab(o);
		rv_out_num(o, f->hits, 0);
		rv_out_tab(o);
		rv_out_num(o, f->rate, 4);
		rv_out_tab(o);
		rv_out_num(o, f->rest_rate, 4);
		rv_out_tab(o);
		rv_out_num(o, f->lift, 2);
		rv_out_tab(o);
		rv_out_num(o, f->excess, 1);
		rv_out_tab(o);
		rv_out_num(o, f->share, 3);
		rv_out_tab(o);
		qnum(o, f->q);
		if (change) {
			rv_out_tab(o);
			rv_out_num(o, f->base_n, 0);
			rv_out_tab(o);
			rv_out_num(o, f->base_rate, 4);
		}
		rv_out_tab(o);
		if (f->explained_by >= 0) {
			const struct rv_rc_finding *e = &res->f[f->explained_by];
			rv_out_field(o, e->cause, e->causelen);
		} else {
			rv_out_puts(o, "-");
		}
		rv_out_tab(o);
		rv_out_num(o, f->expected, 6);
		rv_out_tab(o);
		rv_out_num(o, f->background, 4);
		rv_out_eol(o);
	}
}

/* The cause with " & " between conditions, for reading. */
static void
readable(struct rv_out *o, const char *c, size_t n)
{
	for (const char *e = c + n; c < e; c++) {
		if (*c == '&')
			rv_out_puts(o, " & ");
		else if (*c == '\t' || *c == '\n' || *c == '\r' || *c == '\0')
			rv_out_putc(o, ' ');
		else
			rv_out_putc(o, *c);
	}
}

static void
pct(struct rv_out *o, double v)
{
	rv_out_num(o, 100 * v, 1);
	rv_out_putc(o, '%');
}

void
rv_rcio_pretty(struct rv_out *o, const struct rv_rc_result *res, int change)
{
	double share;
	size_t i, ncause = rv_rc_ncauses(res, &share);
	if (change) {
		double was = res->base_n > 0 ? res->base_hits / res->base_n : 0;
		double now = res->n > 0 ? res->hits / res->n : 0;
		rv_out_printf(o, "Rate %s from ", now > was ? "rose" : now < was ? "fell" : "stayed the same");
		pct(o, was);
		rv_out_printf(o, " (%.0f rows) to ", res->base_n);
		pct(o, now);
		rv_out_printf(o, " (%.0f rows); ", res->n);
	} else {
		rv_out_printf(o, "Rate ");
		pct(o, res->n > 0 ? res->hits / res->n : 0);
		rv_out_printf(o, " over %.0f rows (%.0f hits); ", res->n, res->hits);
	}
	if (ncause == 0) {
		rv_out_puts(o, "no segment explains it significantly.");
		rv_out_eol(o);
	} else {
		rv_out_printf(o, "%zu cause%s explain%s ", ncause, ncause == 1 ? "" : "s",
		    ncause == 1 ? "s" : "");
		pct(o, share);
		rv_out_puts(o, " of the excess (");
		rv_out_num(o, res->total_excess, 1);
		rv_out_puts(o, change ? " hits above the baseline rate)." : " hits above the rate elsewhere, ");
		if (!change) {
			pct(o, res->base_rate_all);
			rv_out_puts(o, ").");
		}
		rv_out_eol(o);
	}
	for (i = 0; i < res->nf; i++) {
		const struct rv_rc_finding *f = &res->f[i];
		rv_out_printf(o, "%2zu. %-9s ", i + 1, role_name[f->role]);
		readable(o, f->cause, f->causelen);
		if (f->role == RV_RC_MIXSHIFT) {
			rv_out_puts(o, ": its share of rows grew (");
			rv_out_num(o, f->base_n, 0);
			rv_out_puts(o, " -> ");
			rv_out_num(o, f->n, 0);
			rv_out_puts(o, " rows) at a rate ");
			pct(o, f->base_rate);
			rv_out_puts(o, " -> ");
			pct(o, f->rate);
			rv_out_puts(o, " that did not rise: a mix shift, not a cause; ");
			pct(o, f->share);
			rv_out_puts(o, " of the rise");
		} else {
			rv_out_puts(o, ": ");
			rv_out_num(o, f->lift, 1);
			rv_out_puts(o, "x the expected rate (");
			pct(o, f->rate);
			rv_out_puts(o, " vs ");
			pct(o, f->expected);
			if (change) {
				rv_out_puts(o, ", was ");
				pct(o, f->base_rate);
			}
			rv_out_puts(o, "), ");
			pct(o, f->share);
			rv_out_puts(o, " of the excess, ");
			rv_out_num(o, f->hits, 0);
			rv_out_puts(o, " of ");
			rv_out_num(o, f->n, 0);
			rv_out_puts(o, " rows");
		}
		rv_out_puts(o, ", q=");
		qnum(o, f->q);
		if (f->explained_by >= 0) {
			rv_out_puts(o, "; explained by ");
			readable(o, res->f[f->explained_by].cause, res->f[f->explained_by].causelen);
		}
		rv_out_eol(o);
	}
}

int
rv_rcio_partial(struct rv_out *o, const struct rv_rcio *io, struct rv_rc *rc, int change)
{
	struct rv_field vals[RV_RC_MAXDIMS];
	size_t i, j, nt = rv_rc_ntuples(rc);
	double c[4];

	rv_out_puts(o, io->opts);
	for (i = 0; i < io->nd; i++) {
		rv_out_field(o, io->names[i], strlen(io->names[i]));
		rv_out_tab(o);
	}
	rv_out_puts(o, change ? "rv.n\trv.hits\trv.base_n\trv.base_hits" : "rv.n\trv.hits");
	rv_out_eol(o);
	if (rv_rc_sort_tuples(rc) < 0)
		return -1;
	for (i = 0; i < nt; i++) {
		rv_rc_tuple(rc, i, vals, c);
		for (j = 0; j < io->nd; j++) {
			rv_out_field(o, vals[j].p, vals[j].len);
			rv_out_tab(o);
		}
		for (j = 0; j < (change ? 4u : 2u); j++) {
			if (j)
				rv_out_tab(o);
			rv_out_num(o, c[j], 0);
		}
		rv_out_eol(o);
	}
	return 0;
}
