/* plot.c - SVG and terminal charts for rv-plot. The x axis is
 * categorical in first-seen order, or linear when every x is a number. */
#include "plot.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#include "hash.h"
#include "num.h"

struct pt {
	size_t x;		/* category index */
	double y, lo, hi;
	char *mark;
};

struct series {
	char *name;
	size_t nlen;		/* name length (the name may hold NUL bytes) */
	struct pt *pt;
	size_t n, cap;
};

struct rv_plot {
	struct rv_plot_opts o;
	struct rv_hash xh;	/* x label -> index + 1 */
	char **xl;		/* labels, first-seen order */
	double *xv;		/* labels as numbers */
	size_t nx, xcap;
	int xnum;		/* every label is a number */
	struct series *s;
	size_t ns, scap;
	size_t npts;
};

/* A label or mark for display: n bytes, NUL bytes as spaces (strings are
 * written up to their first NUL). */
static char *
dup_text(const char *s, size_t n)
{
	char *d = rv_memdup(s, n);

	for (size_t i = 0; d != NULL && i < n; i++)
		if (d[i] == '\0')
			d[i] = ' ';
	return d;
}

/* Whether display text d (from dup_text) came from the n bytes s. */
static int
same_text(const char *d, size_t dlen, const char *s, size_t n)
{
	if (dlen != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (d[i] != (s[i] ? s[i] : ' '))
			return 0;
	return 1;
}

#define LABEL_MAX 28	/* columns of a turned x label */
#define COL_PX 7.0	/* pixels per column of a 12px label, roughly */

/* Colour-blind-safe palette (Okabe-Ito). */
static const char *const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
    "#E69F00", "#56B4E9", "#000000", "#F0E442"};

struct rv_plot *
rv_plot_new(const struct rv_plot_opts *o)
{
	struct rv_plot *p = calloc(1, sizeof(*p));

	if (p != NULL) {
		p->o = *o;
		p->xnum = 1;
		if (p->o.width <= 0)
			p->o.width = 720;
		if (p->o.height <= 0)
			p->o.height = 400;
	}
	return p;
}

void
rv_plot_free(struct rv_plot *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	for (i = 0; i < p->nx; i++)
		free(p->xl[i]);
	for (i = 0; i < p->ns; i++) {
		for (j = 0; j < p->s[i].n; j++)
			free(p->s[i].pt[j].mark);
		free(p->s[i].pt), free(p->s[i].name);
	}
	free(p->xl), free(p->xv), free(p->s);
	rv_hash_free(&p->xh);
	free(p);
}

size_t
rv_plot_count(const struct rv_plot *p)
{
	return p->npts;
}

int
rv_plot_add(struct rv_plot *p, const char *series, size_t slen, const char *x, size_t xlen,
    double y, double lo, double hi, const char *mark, size_t mlen)
{
	struct rv_hash_ent *e;
	struct series *s = NULL;
	struct pt *pt;
	size_t i, xi;
	int isnew;
	double v;

	e = rv_hash_put(&p->xh, x, xlen, &isnew);
	if (e == NULL)
		return -1;
	if (isnew) {
		char **xl = rv_grow(p->xl, &p->xcap, p->nx + 1, sizeof(char *));
		double *xv;
		if (xl == NULL)
			return -1;
		p->xl = xl;
		/* xv follows xl's capacity. */
		xv = realloc(p->xv, (p->xcap + 1) * sizeof(double));
		if (xv == NULL)
			return -1;
		p->xv = xv;
		if ((p->xl[p->nx] = dup_text(x, xlen)) == NULL)
			return -1;
		if (rv_num_parse(x, xlen, &v) == 0)
			p->xv[p->nx] = v;
		else
			p->xnum = 0, p->xv[p->nx] = NAN;
		e->val = (void *)(uintptr_t)(++p->nx);
	}
	xi = (size_t)(uintptr_t)e->val - 1;
	for (i = 0; i < p->ns; i++)
		if (same_text(p->s[i].name, p->s[i].nlen, series, slen))
			s = &p->s[i];
	if (s == NULL) {
		struct series *ss = rv_grow(p->s, &p->scap, p->ns + 1, sizeof(*p->s));
		if (ss == NULL)
			return -1;
		p->s = ss;
		s = &p->s[p->ns];
		memset(s, 0, sizeof(*s));
		if ((s->name = dup_text(series, slen)) == NULL)
			return -1;
		s->nlen = slen;
		p->ns++;
	}
	pt = rv_grow(s->pt, &s->cap, s->n + 1, sizeof(*s->pt));
	if (pt == NULL)
		return -1;
	s->pt = pt;
	pt = &s->pt[s->n];
	pt->x = xi, pt->y = y, pt->lo = lo, pt->hi = hi;
	if ((pt->mark = dup_text(mark, mlen)) == NULL)
		return -1;
	s->n++;
	p->npts++;
	return 0;
}

/* ---- scales ---- */

struct scale {
	double lo, hi, step;	/* nice range and tick step */
	int prec;		/* decimals of the tick labels */
};

/* (v - lo) / (hi - lo) without overflow for any finite values (halves:
 * 1e308 - -1e308 is inf); 0.5 when the range is empty. */
static double
frac(double v, double lo, double hi)
{
	double d = hi / 2 - lo / 2;

	return d > 0 ? (v / 2 - lo / 2) / d : 0.5;
}

/* A range that ticks can step through: finite, and wider than a
 * billionth of its magnitude (a constant 1e16 widened by 1 is still
 * 1e16, and a step below the spacing of doubles never advances). */
static void
widen(double *lo, double *hi)
{
	double mag, min;

	if (!isfinite(*lo) || !isfinite(*hi) || *lo > *hi)
		*lo = 0, *hi = 1;
	mag = fabs(*lo) > fabs(*hi) ? fabs(*lo) : fabs(*hi);
	min = mag * 1e-9 > 1e-300 ? mag * 1e-9 : 1e-300;
	if (*hi / 2 - *lo / 2 < min / 2) {
		double w = mag > 0 ? mag * 0.1 : 1, mid = *lo / 2 + *hi / 2;
		*lo = mid - w > -DBL_MAX ? mid - w : -DBL_MAX;
		*hi = mid + w < DBL_MAX ? mid + w : DBL_MAX;
	}
}

static void
nice(double lo, double hi, struct scale *s)
{
	double span5, mag, f;

	widen(&lo, &hi);
	span5 = (hi / 2 - lo / 2) / 2.5;	/* span / 5, without overflow */
	mag = pow(10, floor(log10(span5)));
	f = span5 / mag;
	s->step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
	s->lo = floor(lo / s->step + 1e-9) * s->step;
	s->hi = ceil(hi / s->step - 1e-9) * s->step;
	if (!isfinite(s->step) || !(s->step > 0))
		s->step = hi / 2 - lo / 2;
	if (!isfinite(s->lo) || s->lo > lo)
		s->lo = lo;
	if (!isfinite(s->hi) || s->hi < hi)
		s->hi = hi;
	s->prec = s->step >= 1 ? 0 : (int)ceil(-log10(s->step) - 1e-9);
	if (s->prec > 6)
		s->prec = 6;
	if (s->prec < 0)
		s->prec = 0;
}

static void
yrange(const struct rv_plot *p, double *lo, double *hi)
{
	size_t i, j;

	*lo = INFINITY, *hi = -INFINITY;
	for (i = 0; i < p->ns; i++)
		for (j = 0; j < p->s[i].n; j++) {
			const struct pt *t = &p->s[i].pt[j];
			double v[3] = {t->y, t->lo, t->hi};
			for (int k = 0; k < 3; k++)
				if (!isnan(v[k])) {
					if (v[k] < *lo)
						*lo = v[k];
					if (v[k] > *hi)
						*hi = v[k];
				}
		}
	if (p->o.bar) {
		if (*lo > 0)
			*lo = 0;
		if (*hi < 0)
			*hi = 0;
	}
	if (*lo > *hi)
		*lo = 0, *hi = 1;
}

/* ---- SVG ---- */

/* The style of the chart classes: in the SVG, or once in a page. */
static const char css[] =
    "text{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif;font-size:12px;fill:#222}\n"
    ".title{font-size:15px;font-weight:bold}.label{font-size:12px;fill:#444}\n"
    ".tick{fill:#555}.grid{stroke:#e4e4e4;stroke-width:1}\n"
    ".axis{fill:none;stroke:#333;stroke-width:1}.line{fill:none;stroke-width:2}\n"
    ".band{fill-opacity:0.18;stroke:none}.err{stroke:#333;stroke-width:1.2}\n"
    ".drop{fill:#C0392B}.rise{fill:#1E8449}.mark{fill:#7D3C98}"
    ".marktext{font-size:11px;fill:#7D3C98}\n";

const char *
rv_plot_css(void)
{
	return css;
}

static void
esc(struct rv_out *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': rv_out_puts(o, "&amp;"); break;
		case '<': rv_out_puts(o, "&lt;"); break;
		case '>': rv_out_puts(o, "&gt;"); break;
		case '"': rv_out_puts(o, "&quot;"); break;
		default:
			/* Control characters are not allowed in XML 1.0. */
			rv_out_putc(o, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	}
}

/* Display columns of a UTF-8 character starting with byte c: CJK and
 * full-width forms take two. */
static size_t
cols(unsigned char c)
{
	return (c >= 0xE3 && c <= 0xED) || c == 0xEF ? 2 : 1;
}

/* esc() of at most max display columns of s, with an ellipsis when cut. */
static void
esc_cut(struct rv_out *o, const char *s, size_t max)
{
	size_t w = 0, n = 0;
	const unsigned char *u = (const unsigned char *)s;

	for (; u[n]; n++) {
		if ((u[n] & 0xC0) == 0x80)
			continue;
		if (w + cols(u[n]) > max - 1)
			break;
		w += cols(u[n]);
	}
	if (u[n] == '\0') {
		esc(o, s);
		return;
	}
	char *c = rv_memdup(s, n);
	if (c != NULL) {
		esc(o, c);
		free(c);
	}
	rv_out_puts(o, "\u2026");
}

static size_t
label_cols(const char *s)
{
	size_t w = 0;

	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if ((*u & 0xC0) != 0x80)
			w += cols(*u);
	return w;
}

static void
num(struct rv_out *o, double v)
{
	rv_out_num(o, v, 1);
}

struct frame {
	double x0, x1, y0, y1;	/* plot area in pixels */
	int rotate;		/* x labels turned 45 degrees (too long to fit) */
	size_t every;		/* every k-th x label is written */
	struct scale ys;
	double xmin, xmax;	/* numeric x */
	const double *xv;	/* numeric x values (NULL: categories) */
};

/* A line on a numeric x axis is drawn in the order of x, not of the rows
 * (a table written from an awk hash, ages 48 34 61 ...); equal x keep
 * their row order. */
struct ord {
	double x;
	size_t j;
};

static int
cmp_ord(const void *a, const void *b)
{
	const struct ord *u = a, *v = b;

	if (u->x != v->x)
		return u->x < v->x ? -1 : 1;
	return u->j < v->j ? -1 : u->j > v->j;
}

/* The drawing order of series s: idx[k] is its k-th point. NULL when the
 * rows' order is kept (categorical x, or out of memory). */
static size_t *
point_order(const struct frame *f, const struct series *s)
{
	struct ord *o;
	size_t *idx, j;

	if (f->xv == NULL || s->n < 2)
		return NULL;
	o = malloc(s->n * sizeof(*o));
	idx = malloc(s->n * sizeof(*idx));
	if (o == NULL || idx == NULL) {
		free(o);
		free(idx);
		return NULL;
	}
	for (j = 0; j < s->n; j++)
		o[j].x = f->xv[s->pt[j].x], o[j].j = j;
	qsort(o, s->n, sizeof(*o), cmp_ord);
	for (j = 0; j < s->n; j++)
		idx[j] = o[j].j;
	free(o);
	return idx;
}

static double
px(const struct rv_plot *p, const struct frame *f, size_t xi)
{
	if (p->xnum && !p->o.bar)
		return f->x0 + frac(p->xv[xi], f->xmin, f->xmax) * (f->x1 - f->x0);
	return f->x0 + ((double)xi + 0.5) * (f->x1 - f->x0) / (double)p->nx;
}

static double
py(const struct frame *f, double y)
{
	return f->y1 - frac(y, f->ys.lo, f->ys.hi) * (f->y1 - f->y0);
}

/* The labels of a numeric x axis, each at its value, in the order of x:
 * a label that would overlap the one before it (ages 48 49 50) is left
 * out. */
static void
numeric_x_labels(const struct rv_plot *p, struct rv_out *o, const struct frame *f)
{
	struct ord *ox = malloc((p->nx ? p->nx : 1) * sizeof(*ox));
	double right = -INFINITY;
	size_t k;

	if (ox == NULL)
		return;	/* out of memory: no labels rather than wrong ones */
	for (k = 0; k < p->nx; k++)
		ox[k].x = p->xv[k], ox[k].j = k;
	qsort(ox, p->nx, sizeof(*ox), cmp_ord);
	for (k = 0; k < p->nx; k++) {
		size_t i = ox[k].j;
		double x = px(p, f, i), w = (double)label_cols(p->xl[i]) * COL_PX;

		if (x - w / 2 < right + 6)
			continue;
		right = x + w / 2;
		rv_out_puts(o, "<text class=\"tick\" text-anchor=\"middle\" x=\"");
		num(o, x);
		rv_out_puts(o, "\" y=\"");
		num(o, f->y1 + 18);
		rv_out_puts(o, "\">");
		esc(o, p->xl[i]);
		rv_out_puts(o, "</text>\n");
	}
	free(ox);
}

static void
svg_axes(const struct rv_plot *p, struct rv_out *o, const struct frame *f)
{
	char b[48];
	double y, nt, k;
	size_t i, every;

	/* Ticks by count, not by adding up the step (which need not
	 * advance a huge y): at most 40. */
	nt = frac(f->ys.hi, f->ys.lo, f->ys.hi) > 0 ? (f->ys.hi / 2 - f->ys.lo / 2) / (f->ys.step / 2) : 0;
	nt = nt >= 0 && nt < 40 ? floor(nt + 0.5) : 40;
	for (k = 0; k <= nt; k++) {
		y = k == nt ? f->ys.hi : f->ys.lo + (double)k * f->ys.step;
		double yy = py(f, y);
		rv_out_puts(o, "<line class=\"grid\" x1=\"");
		num(o, f->x0);
		rv_out_puts(o, "\" x2=\"");
		num(o, f->x1);
		rv_out_puts(o, "\" y1=\"");
		num(o, yy);
		rv_out_puts(o, "\" y2=\"");
		num(o, yy);
		rv_out_puts(o, "\"/>\n<text class=\"tick\" text-anchor=\"end\" x=\"");
		num(o, f->x0 - 6);
		rv_out_puts(o, "\" y=\"");
		num(o, yy + 4);
		rv_out_puts(o, "\">");
		rv_num_fmt(b, fabs(y) < f->ys.step / 1e6 ? 0 : y, f->ys.prec);
		rv_out_puts(o, b);
		rv_out_puts(o, "</text>\n");
	}
	if (f->xv != NULL) {
		numeric_x_labels(p, o, f);
		goto axis;
	}
	every = f->every;
	for (i = 0; i < p->nx; i += every) {
		if (f->rotate) {
			/* Turned 45 degrees, ending under its tick; cut at
			 * LABEL_MAX columns, the whole label in a tooltip. */
			rv_out_puts(o, "<text class=\"tick\" text-anchor=\"end\" transform=\"translate(");
			num(o, px(p, f, i) + 4);
			rv_out_putc(o, ' ');
			num(o, f->y1 + 12);
			rv_out_puts(o, ") rotate(-45)\"><title>");
			esc(o, p->xl[i]);
			rv_out_puts(o, "</title>");
			esc_cut(o, p->xl[i], LABEL_MAX);
			rv_out_puts(o, "</text>\n");
			continue;
		}
		rv_out_puts(o, "<text class=\"tick\" text-anchor=\"middle\" x=\"");
		num(o, px(p, f, i));
		rv_out_puts(o, "\" y=\"");
		num(o, f->y1 + 18);
		rv_out_puts(o, "\">");
		esc(o, p->xl[i]);
		rv_out_puts(o, "</text>\n");
	}
axis:
	rv_out_puts(o, "<path class=\"axis\" d=\"M");
	num(o, f->x0);
	rv_out_putc(o, ' ');
	num(o, f->y0);
	rv_out_puts(o, " V");
	num(o, f->y1);
	rv_out_puts(o, " H");
	num(o, f->x1);
	rv_out_puts(o, "\"/>\n");
	if (p->o.xlabel) {
		rv_out_puts(o, "<text class=\"label\" text-anchor=\"middle\" x=\"");
		num(o, (f->x0 + f->x1) / 2);
		rv_out_puts(o, "\" y=\"");
		num(o, f->rotate ? p->o.height - 10 : f->y1 + 40);
		rv_out_puts(o, "\">");
		esc(o, p->o.xlabel);
		rv_out_puts(o, "</text>\n");
	}
	if (p->o.ylabel) {
		rv_out_puts(o, "<text class=\"label\" text-anchor=\"middle\" transform=\"translate(16 ");
		num(o, (f->y0 + f->y1) / 2);
		rv_out_puts(o, ") rotate(-90)\">");
		esc(o, p->o.ylabel);
		rv_out_puts(o, "</text>\n");
	}
}

static void
svg_mark(struct rv_out *o, double x, double y, const char *m)
{
	if (strcmp(m, "drop") == 0 || strcmp(m, "rise") == 0) {
		int up = m[0] == 'r';
		double d = up ? -1 : 1;	/* the triangle points along the change */
		rv_out_printf(o, "<path class=\"%s\" d=\"M", m);
		num(o, x - 7);
		rv_out_putc(o, ' ');
		num(o, y - 14 * d - 7 * d);
		rv_out_puts(o, " H");
		num(o, x + 7);
		rv_out_puts(o, " L");
		num(o, x);
		rv_out_putc(o, ' ');
		num(o, y - 7 * d);
		rv_out_puts(o, " Z\"><title>");
		esc(o, m);
		rv_out_puts(o, "</title></path>\n");
		return;
	}
	rv_out_puts(o, "<path class=\"mark\" d=\"M");
	num(o, x);
	rv_out_putc(o, ' ');
	num(o, y - 7);
	rv_out_puts(o, " l6 6 l-6 6 l-6 -6 Z\"/>\n<text class=\"marktext\" text-anchor=\"middle\" x=\"");
	num(o, x);
	rv_out_puts(o, "\" y=\"");
	num(o, y - 12);
	rv_out_puts(o, "\">");
	esc(o, m);
	rv_out_puts(o, "</text>\n");
}

static void
svg_series(const struct rv_plot *p, struct rv_out *o, const struct frame *f, size_t si)
{
	const struct series *s = &p->s[si];
	const char *col = colours[si % 8];
	double bw = (f->x1 - f->x0) / (double)(p->nx ? p->nx : 1) * 0.8 / (double)p->ns;
	size_t j;
	int any = 0, pen;

	if (p->o.bar) {
		for (j = 0; j < s->n; j++) {
			const struct pt *t = &s->pt[j];
			double x = px(p, f, t->x) - bw * (double)p->ns / 2 + bw * (double)si;
			double y0 = py(f, 0), y1 = py(f, t->y);
			if (isnan(t->y))
				continue;
			rv_out_printf(o, "<rect fill=\"%s\" x=\"", col);
			num(o, x);
			rv_out_puts(o, "\" y=\"");
			num(o, y1 < y0 ? y1 : y0);
			rv_out_puts(o, "\" width=\"");
			num(o, bw * 0.9);
			rv_out_puts(o, "\" height=\"");
			num(o, fabs(y0 - y1));
			rv_out_puts(o, "\"/>\n");
			if (!isnan(t->lo) && !isnan(t->hi)) {
				rv_out_puts(o, "<path class=\"err\" d=\"M");
				num(o, x + bw * 0.45);
				rv_out_putc(o, ' ');
				num(o, py(f, t->lo));
				rv_out_puts(o, " V");
				num(o, py(f, t->hi));
				rv_out_puts(o, "\"/>\n");
			}
		}
		return;
	}
	size_t *ord = point_order(f, s);
#define PT(k) (&s->pt[ord ? ord[k] : (k)])
	/* Band: the hi edge forward, then the lo edge back. */
	for (j = 0; j < s->n; j++)
		any |= !isnan(s->pt[j].lo) && !isnan(s->pt[j].hi);
	if (any) {
		rv_out_printf(o, "<path class=\"band\" fill=\"%s\" d=\"", col);
		for (pen = 0, j = 0; j < s->n; j++) {
			if (isnan(PT(j)->hi) || isnan(PT(j)->lo))
				continue;
			rv_out_puts(o, pen++ ? " L" : "M");
			num(o, px(p, f, PT(j)->x));
			rv_out_putc(o, ' ');
			num(o, py(f, PT(j)->hi));
		}
		for (j = s->n; j-- > 0;) {
			if (isnan(PT(j)->hi) || isnan(PT(j)->lo))
				continue;
			rv_out_puts(o, " L");
			num(o, px(p, f, PT(j)->x));
			rv_out_putc(o, ' ');
			num(o, py(f, PT(j)->lo));
		}
		rv_out_puts(o, " Z\"/>\n");
	}
	rv_out_printf(o, "<path class=\"line\" stroke=\"%s\" d=\"", col);
	for (pen = 0, j = 0; j < s->n; j++) {
		if (isnan(PT(j)->y)) {
			pen = 0;	/* a gap: no value there */
			continue;
		}
		rv_out_puts(o, pen++ ? " L" : (j ? " M" : "M"));
		num(o, px(p, f, PT(j)->x));
		rv_out_putc(o, ' ');
		num(o, py(f, PT(j)->y));
	}
	rv_out_puts(o, "\"/>\n");
#undef PT
	free(ord);
	for (j = 0; j < s->n; j++) {
		if (isnan(s->pt[j].y))
			continue;
		rv_out_printf(o, "<circle fill=\"%s\" r=\"3.5\" cx=\"", col);
		num(o, px(p, f, s->pt[j].x));
		rv_out_puts(o, "\" cy=\"");
		num(o, py(f, s->pt[j].y));
		rv_out_puts(o, "\"/>\n");
	}
	for (j = 0; j < s->n; j++)
		if (s->pt[j].mark[0] && !isnan(s->pt[j].y))
			svg_mark(o, px(p, f, s->pt[j].x), py(f, s->pt[j].y), s->pt[j].mark);
}

/* The legend as one row above the plot area (inline charts). */
static void
svg_legend_top(const struct rv_plot *p, struct rv_out *o, const struct frame *f)
{
	double x = f->x0, y = f->y0 - 14;

	for (size_t i = 0; i < p->ns; i++) {
		rv_out_printf(o, "<rect fill=\"%s\" x=\"", colours[i % 8]);
		num(o, x);
		rv_out_puts(o, "\" y=\"");
		num(o, y - 10);
		rv_out_puts(o, "\" width=\"12\" height=\"12\"/>\n<text x=\"");
		num(o, x + 17);
		rv_out_puts(o, "\" y=\"");
		num(o, y);
		rv_out_puts(o, "\">");
		esc(o, p->s[i].name);
		rv_out_puts(o, "</text>\n");
		x += 17 + (double)label_cols(p->s[i].name) * COL_PX + 18;
	}
}

void
rv_plot_svg(const struct rv_plot *p, struct rv_out *o)
{
	struct frame f;
	double lo, hi;
	size_t i;
	int legend = p->ns > 1 || (p->ns == 1 && p->s[0].name[0]);

	yrange(p, &lo, &hi);
	nice(lo, hi, &f.ys);
	f.x0 = 70;
	/* Inline (a page's chart, often narrow): the legend goes in a row
	 * above the plot, which keeps the whole width. */
	f.x1 = p->o.width - (legend && !p->o.inline_svg ? 150 : 24);
	f.y0 = (p->o.title ? 44 : 20) + (legend && p->o.inline_svg ? 22 : 0);
	f.y1 = p->o.height - (p->o.xlabel ? 56 : 40);
	/* Categorical x labels that do not fit their slot (long causes) are
	 * turned 45 degrees, and the plot area gives them room below. */
	f.every = p->nx > 24 ? (p->nx + 23) / 24 : 1;
	f.rotate = 0;
	if (!p->xnum || p->o.bar) {
		size_t wmax = 0;
		for (i = 0; i < p->nx; i += f.every)
			if (label_cols(p->xl[i]) > wmax)
				wmax = label_cols(p->xl[i]);
		if ((double)wmax * COL_PX > (f.x1 - f.x0) / (double)(p->nx ? p->nx : 1) * (double)f.every * 0.9) {
			double room = (double)(wmax < LABEL_MAX ? wmax : LABEL_MAX) * COL_PX * 0.71 + 8;
			if (room > (f.y1 - f.y0) / 2)
				room = (f.y1 - f.y0) / 2;
			f.rotate = 1;
			f.y1 -= room;
			/* The first label reaches left of its tick. */
			double w0 = (double)(label_cols(p->xl[0]) < LABEL_MAX ? label_cols(p->xl[0]) : LABEL_MAX);
			double need = w0 * COL_PX * 0.71 + 10 - (f.x1 - f.x0) / (double)p->nx / 2;
			if (need > f.x0 && need < (f.x1 - f.x0) / 3)
				f.x0 = need;
		}
	}
	f.xv = p->xnum && !p->o.bar ? p->xv : NULL;
	f.xmin = INFINITY, f.xmax = -INFINITY;
	for (i = 0; p->xnum && i < p->nx; i++) {
		if (p->xv[i] < f.xmin)
			f.xmin = p->xv[i];
		if (p->xv[i] > f.xmax)
			f.xmax = p->xv[i];
	}
	if (p->o.inline_svg)
		rv_out_printf(o, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		    p->o.width, p->o.height);
	else
		rv_out_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		    "viewBox=\"0 0 %d %d\">\n", p->o.width, p->o.height, p->o.width, p->o.height);
	if (!p->o.inline_svg)
		rv_out_printf(o, "<style>\n%s</style>\n", css);
	rv_out_puts(o, "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
	if (p->o.title) {
		rv_out_puts(o, "<text class=\"title\" x=\"");
		num(o, f.x0);
		rv_out_puts(o, "\" y=\"24\">");
		esc(o, p->o.title);
		rv_out_puts(o, "</text>\n");
	}
	svg_axes(p, o, &f);
	if (p->o.bar && f.ys.lo < 0 && f.ys.hi > 0) {
		rv_out_puts(o, "<path class=\"axis\" d=\"M");
		num(o, f.x0);
		rv_out_putc(o, ' ');
		num(o, py(&f, 0));
		rv_out_puts(o, " H");
		num(o, f.x1);
		rv_out_puts(o, "\"/>\n");
	}
	for (i = 0; i < p->ns; i++)
		svg_series(p, o, &f, i);
	if (legend && p->o.inline_svg)
		svg_legend_top(p, o, &f);
	for (i = 0; legend && !p->o.inline_svg && i < p->ns; i++) {
		double y = f.y0 + 10 + 20 * (double)i;
		rv_out_printf(o, "<rect fill=\"%s\" x=\"", colours[i % 8]);
		num(o, f.x1 + 16);
		rv_out_puts(o, "\" y=\"");
		num(o, y - 9);
		rv_out_puts(o, "\" width=\"12\" height=\"12\"/>\n<text x=\"");
		num(o, f.x1 + 34);
		rv_out_puts(o, "\" y=\"");
		num(o, y + 2);
		rv_out_puts(o, "\">");
		esc(o, p->s[i].name);
		rv_out_puts(o, "</text>\n");
	}
	rv_out_puts(o, "</svg>\n");
}

/* ---- terminal ---- */

static size_t
dwidth(const char *s)
{
	size_t w = 0;
	const unsigned char *u = (const unsigned char *)s;

	for (; *u; u++)
		if ((*u & 0xC0) != 0x80)
			w += (*u >= 0xE3 && *u <= 0xED) || *u == 0xEF ? 2 : 1;
	return w;
}

void
rv_plot_term(const struct rv_plot *p, struct rv_out *o)
{
	/* Left-aligned eighth blocks, 1/8 to 8/8. */
	static const char *const eighth[] = {"", "\u258F", "\u258E", "\u258D", "\u258C",
	    "\u258B", "\u258A", "\u2589", "\u2588"};
	double lo, hi, half;
	size_t i, j, lw = 1, W, zero, c;

	yrange(p, &lo, &hi);
	if (lo > 0)
		lo = 0;
	if (hi < 0)
		hi = 0;
	half = hi / 2 - lo / 2 > 0 ? hi / 2 - lo / 2 : 0.5;	/* half the span: no overflow */
	W = p->o.width > 0 && p->o.width < 400 ? (size_t)p->o.width : 40;
	zero = (size_t)llround(-lo / 2 / half * (double)W);
	for (i = 0; i < p->nx; i++)
		if (dwidth(p->xl[i]) > lw)
			lw = dwidth(p->xl[i]);
	if (p->o.title) {
		rv_out_puts(o, p->o.title);
		rv_out_eol(o);
	}
	for (i = 0; i < p->ns; i++) {
		const struct series *s = &p->s[i];
		if (p->ns > 1 || s->name[0]) {
			rv_out_puts(o, "[");
			rv_out_puts(o, s->name);
			rv_out_puts(o, "]\n");
		}
		for (j = 0; j < s->n; j++) {
			const struct pt *t = &s->pt[j];
			rv_out_puts(o, p->xl[t->x]);
			for (c = dwidth(p->xl[t->x]); c < lw + 1; c++)
				rv_out_putc(o, ' ');
			if (isnan(t->y)) {
				rv_out_eol(o);
				continue;
			}
			/* Length in eighths of a column from the zero column. */
			long len = lround(fabs(t->y) / 2 / half * (double)W * 8);
			size_t full = (size_t)(len / 8), part = (size_t)(len % 8);
			if (t->y < 0) {
				size_t left = full + (part >= 4);
				for (c = 0; c + left < zero; c++)
					rv_out_putc(o, ' ');
				if (part >= 4 && left > full)
					rv_out_puts(o, "\u2590");
				for (c = 0; c < full && c < zero; c++)
					rv_out_puts(o, "\u2588");
				rv_out_puts(o, "\u2502");
			} else {
				for (c = 0; c < zero; c++)
					rv_out_putc(o, ' ');
				rv_out_puts(o, "\u2502");
				for (c = 0; c < full; c++)
					rv_out_puts(o, "\u2588");
				rv_out_puts(o, eighth[part]);
			}
			rv_out_putc(o, ' ');
			rv_out_num(o, t->y, 3);
			if (!isnan(t->lo) && !isnan(t->hi)) {
				rv_out_puts(o, " [");
				rv_out_num(o, t->lo, 3);
				rv_out_puts(o, ", ");
				rv_out_num(o, t->hi, 3);
				rv_out_puts(o, "]");
			}
			if (t->mark[0]) {
				rv_out_puts(o, strcmp(t->mark, "drop") == 0 ? "  \u25BC " :
				    strcmp(t->mark, "rise") == 0 ? "  \u25B2 " : "  \u25C6 ");
				rv_out_puts(o, t->mark);
			}
			rv_out_eol(o);
		}
	}
}
