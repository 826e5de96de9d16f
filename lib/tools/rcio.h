/* rcio.h - rv-rootcause's TSV side: turning input rows (plain rows with
 * an outcome, pre-aggregated counts, or --partial states) into
 * rv_rc_add() calls, and writing the findings table, the --pretty text
 * and the --partial state to an rv_out. Returns errors; never exits. */
#ifndef RV_RCIO_H
#define RV_RCIO_H

#include <stddef.h>

#include "rootcause.h"
#include "tsv.h"

enum { RV_RCIO_MAXVALS = 64 };

/* How to read one row. Columns are 0-based indexes; -1 is unused. The
 * caller resolves them from the header; strings are borrowed. */
struct rv_rcio {
	size_t nd;
	long dcol[RV_RC_MAXDIMS];
	const char *names[RV_RC_MAXDIMS];	/* dimension names for causes */
	long ocol;		/* outcome column (rows mode) */
	const char *oval;	/* outcome equals this; NULL: a boolean */
	long ccol, hcol;	/* --count / --hits columns */
	long pcol;		/* --period column (change mode) */
	struct rv_field base[RV_RCIO_MAXVALS], targ[RV_RCIO_MAXVALS];
	size_t nbase, ntarg;
	int merge;		/* rows are --partial states: */
	long mcol[4];		/* n, hits, base_n, base_hits (-1: rate mode) */
	char *opts;		/* --partial: the options line that starts the state */
	unsigned long ohits;	/* rows whose outcome equals oval */
	char oseen[8][41];	/* some other outcome values (cut to 40 bytes) */
	size_t noseen;
	int omore;		/* more than those */
	unsigned long rows;	/* rows used */
	unsigned long skipped;	/* rows of other periods */
	char pseen[8][41];	/* some of their period values (cut to 40 bytes) */
	size_t npseen;
	int pmore;		/* more than those */
};

/* Split a comma-separated list of period values into v (at most
 * RV_RCIO_MAXVALS; views into s). Returns the count, or -1 when too many
 * or an item is empty. */
long rv_rcio_split(const char *s, struct rv_field *v);
/* Parse the current row of r into rc. Returns 0 (used or skipped), 1 for
 * a malformed row with the reason in err, -1 on OOM. */
int rv_rcio_row(struct rv_rcio *io, const struct rv_tsv *r, struct rv_rc *rc, char *err, size_t errlen);

/* Findings as TSV with a header; change adds base_n, base_rate. */
void rv_rcio_table(struct rv_out *o, const struct rv_rc_result *res, int change);
/* Findings as sentences for people. */
void rv_rcio_pretty(struct rv_out *o, const struct rv_rc_result *res, int change);
/* The --partial state: io->opts, then a header of the dimension names and rv.n rv.hits
 * (rv.base_n rv.base_hits in change mode), then one row per distinct
 * tuple in byte order. Returns 0 or -1 on OOM. */
int rv_rcio_partial(struct rv_out *o, const struct rv_rcio *io, struct rv_rc *rc, int change);

#endif
