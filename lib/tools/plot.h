/* plot.h - a small chart writer: line charts with interval bands and
 * marked points, or grouped bars, as a standalone SVG or as Unicode
 * block bars for a terminal. Deterministic: same points, same bytes. */
#ifndef RV_PLOT_H
#define RV_PLOT_H

#include <stddef.h>

#include "tsv.h"

struct rv_plot_opts {
	const char *title;	/* NULL: none */
	const char *xlabel, *ylabel;
	int bar;		/* grouped bars instead of lines */
	int width, height;	/* SVG pixels; terminal: width in columns */
	int inline_svg;		/* an <svg> for an HTML page: no XML declaration, no
				 * namespace, no <style> (the page styles its classes:
				 * rv_plot_css), scales with the page, legend on top */
};

struct rv_plot;

struct rv_plot *rv_plot_new(const struct rv_plot_opts *o);
void rv_plot_free(struct rv_plot *p);
/* One point of series (empty name: the only series) at category x.
 * lo/hi: NAN when there is no band; mark: "" for none ("drop" and
 * "rise" get triangles, anything else a diamond with the text).
 * Returns 0 or -1 on OOM. */
int rv_plot_add(struct rv_plot *p, const char *series, size_t slen, const char *x, size_t xlen,
    double y, double lo, double hi, const char *mark, size_t mlen);
/* Number of points added. */
size_t rv_plot_count(const struct rv_plot *p);
void rv_plot_svg(const struct rv_plot *p, struct rv_out *o);
/* The CSS of the chart classes, for a page holding inline charts. */
const char *rv_plot_css(void);
void rv_plot_term(const struct rv_plot *p, struct rv_out *o);

#endif
