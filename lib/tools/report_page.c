/* report_page.c - rv-report's page: one HTML file with inline CSS and
 * inline SVG (lib/tools/plot.c), no scripts, no network references.
 * Each section is a heading, a one-sentence finding written from the
 * numbers, a chart and the table behind it; the numbers come from the
 * tools' library code (rv-trend, rv-rootcause, rv-terms, rv-triage's
 * queue summary, rv-curve) run on the aggregates of report.c. */
#include "report.h"
#include "report_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "num.h"
#include "plot.h"
#include "utf8.h"

#define ZH (r->zh_page)
#define L(zh, en) (r->zh_page ? (zh) : (en))

/* ---- small writers ---- */

static void
put(struct rv_out *o, const char *s)
{
	rv_out_puts(o, s);
}

static void
txt(struct rv_out *o, const char *p, size_t n)
{
	rv_report_html(o, p, n, 0);
}

static void
stxt(struct rv_out *o, const char *s)
{
	rv_report_html(o, s, strlen(s), 0);
}

static void
pct(struct rv_out *o, double v)
{
	rv_out_num(o, 100 * v, 1);
	rv_out_putc(o, '%');
}

static double
ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* v with one decimal and its sign. */
static void
signed_num(struct rv_out *o, double v)
{
	char b[32];

	rv_num_fmt(b, v, 1);
	if (b[0] != '-')
		rv_out_putc(o, '+');
	put(o, b);
}

/* A change in percentage points, signed. */
static void
pp(struct rv_report *r, struct rv_out *o, double d)
{
	signed_num(o, 100 * d);
	put(o, L(" 个百分点", " pp"));
}

static void
td_num(struct rv_out *o, double v, int prec)
{
	put(o, "<td class=\"n\">");
	rv_out_num(o, v, prec);
	put(o, "</td>");
}

static void
td_pct(struct rv_out *o, double v)
{
	put(o, "<td class=\"n\">");
	pct(o, v);
	put(o, "</td>");
}

static void
td_txt(struct rv_out *o, const char *p, size_t n)
{
	put(o, "<td>");
	txt(o, p, n);
	put(o, "</td>");
}

/* A header row from a list of labels (NULL-terminated). */
static void
thead(struct rv_out *o, const char *id, const char *const *h)
{
	rv_out_printf(o, "<div class=\"tw\"><table id=\"%s\"><thead><tr>", id);
	for (; *h; h++) {
		put(o, "<th>");
		stxt(o, *h);
		put(o, "</th>");
	}
	put(o, "</tr></thead><tbody>\n");
}

static void
tend(struct rv_out *o)
{
	put(o, "</tbody></table></div>\n");
}

/* Data text as a chart label: valid UTF-8, no control bytes. */
static const char *
clean(struct rv_buf *b, const char *p, size_t n)
{
	uint32_t cp;

	rv_buf_clear(b);
	for (size_t i = 0; i < n;) {
		int l = rv_utf8_decode(p + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			rv_buf_puts(b, "\uFFFD");
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			rv_buf_putc(b, ' ');
		else
			rv_buf_append(b, p + i, (size_t)l);
		i += (size_t)l;
	}
	rv_buf_puts(b, "");
	return b->p ? b->p : "";
}

/* ---- names ---- */

static const char *const cat_names[][2] = {
	{"quality", "产品质量"}, {"damage", "破损/包装"}, {"logistics", "物流配送"},
	{"service", "客服态度"}, {"mismatch", "描述不符"}, {"wrong_item", "错发漏发"},
	{"fit", "尺码"}, {"price", "价格"}, {"usability", "使用/安装"},
	{"aftersales", "退换货/售后"}, {"safety", "安全"}, {"other", "其他"},
	{"anger", "愤怒"}, {"disappointment", "失望"}, {"anxiety", "焦虑"},
	{"confusion", "困惑"}, {"satisfaction", "满意"}, {"neutral", "中性"},
	{"urgent", "紧急"}, {"important", "重要"}, {"normal", "一般"}, {"none", "无"},
	{"spike", "突增"}, {"drop", "骤降"}, {"shift", "水平变化"}, {NULL, NULL}
};

/* The page's name of a category, emotion or level key: the Chinese name
 * on a Chinese page (the key after it), else the key. */
static const char *
zh_name(const char *k, size_t n)
{
	for (size_t i = 0; cat_names[i][0]; i++)
		if (strlen(cat_names[i][0]) == n && memcmp(cat_names[i][0], k, n) == 0)
			return cat_names[i][1];
	return NULL;
}

/* In a sentence: the Chinese name alone. */
static void
plain(struct rv_report *r, struct rv_out *o, const char *k, size_t n)
{
	const char *z = ZH ? zh_name(k, n) : NULL;

	if (z != NULL)
		put(o, z);
	else
		txt(o, k, n);
}

static void
name(struct rv_report *r, struct rv_out *o, const char *k, size_t n)
{
	const char *z = ZH ? zh_name(k, n) : NULL;

	if (z != NULL) {
		put(o, z);
		put(o, " <span class=\"k\">");
		txt(o, k, n);
		put(o, "</span>");
	} else {
		txt(o, k, n);
	}
}

/* The same for a chart label. */
static const char *
chart_name(struct rv_report *r, struct rv_buf *b, const char *k, size_t n)
{
	const char *z = ZH ? zh_name(k, n) : NULL;

	return z ? z : clean(b, k, n);
}

/* ---- charts ---- */

static struct rv_plot *
chart(int bar, int w, int h, const char *ylabel)
{
	struct rv_plot_opts po = {0};

	po.bar = bar;
	po.width = w;
	po.height = h;
	po.ylabel = ylabel;
	po.inline_svg = 1;
	return rv_plot_new(&po);
}

static int
chart_end(struct rv_plot *p, struct rv_out *o)
{
	if (p == NULL)
		return -1;
	if (rv_plot_count(p) > 0) {
		put(o, "<figure>");
		rv_plot_svg(p, o);
		put(o, "</figure>\n");
	}
	rv_plot_free(p);
	return 0;
}

static int
padd(struct rv_plot *p, const char *series, const char *x, double y, double lo, double hi,
    const char *mark)
{
	return rv_plot_add(p, series, strlen(series), x, strlen(x), y, lo, hi, mark, strlen(mark));
}

static void
section(struct rv_out *o, const char *id, const char *title)
{
	rv_out_printf(o, "<section id=\"%s\">\n<h2>", id);
	stxt(o, title);
	put(o, "</h2>\n");
}

static void
note(struct rv_report *r, struct rv_out *o, const char *id, const char *title, const char *why)
{
	rv_out_printf(o, "<p class=\"note\" id=\"%s\">", id);
	stxt(o, title);
	put(o, L("：未包含（", ": left out ("));
	stxt(o, why);
	put(o, L("）。</p>\n", ").</p>\n"));
}

static void cause_text(struct rv_out *o, const char *c, size_t n);

/* ---- sorting ---- */

static int
by_cur(const void *a, const void *b)
{
	const struct kc *x = a, *y = b;

	if (x->cur != y->cur)
		return x->cur > y->cur ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
by_a(const void *a, const void *b)
{
	const struct kc *x = a, *y = b;

	if (x->a != y->a)
		return x->a > y->a ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
by_blamed(const void *a, const void *b)
{
	const struct kc *x = a, *y = b;

	if (x->b + x->a != y->b + y->a)
		return x->b + x->a > y->b + y->a ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* A sorted copy of a counter's entries; NULL on OOM (or when empty). */
static struct kc *
sorted(const struct rv_rpt_counter *c, int (*cmp)(const void *, const void *))
{
	struct kc *v;

	if (c->n == 0 || (v = malloc(c->n * sizeof(*v))) == NULL)
		return NULL;
	memcpy(v, c->v, c->n * sizeof(*v));
	qsort(v, c->n, sizeof(*v), cmp);
	return v;
}

/* ---- 1. volume ---- */

static int
trend_point(void *ctx, const struct rv_trend_seg *s, long long w, const struct rv_trend_point *p)
{
	struct rv_report *r = ctx;

	(void)s;
	if (w >= r->w0 && w < r->w0 + (long long)r->nwin) {
		r->win[w - r->w0].pt = *p;
		r->win[w - r->w0].have = 1;
	}
	return 0;
}

static const char *
mark_of(int alert)
{
	return alert == RV_TREND_SPIKE ? "rise" : alert == RV_TREND_DROP ? "drop" :
	    alert == RV_TREND_SHIFT ? "shift" : "";
}

static void
volume_finding(struct rv_report *r, struct rv_out *o, size_t nalert, int daily)
{
	double cs = ratio(r->comp[0], r->rows[0]), ps = ratio(r->comp[1], r->rows[1]);

	put(o, "<p class=\"finding\">");
	if (ZH) {
		rv_out_printf(o, "本期共 %lu 条评价，其中差评 %lu 条（占 ", r->rows[0], r->comp[0]);
		pct(o, cs);
		if (r->rows[1] > 0) {
			put(o, "，上期 ");
			pct(o, ps);
			put(o, "，");
			pp(r, o, cs - ps);
		}
		if (nalert == 0)
			rv_out_printf(o, "）；差评量每%s都在基线范围内。", daily ? "天" : "周");
		else
			rv_out_printf(o, "）；差评量有 %zu %s超出基线。", nalert, daily ? "天" : "周");
	} else {
		rv_out_printf(o, "%lu reviews, %lu of them complaints (", r->rows[0], r->comp[0]);
		pct(o, cs);
		if (r->rows[1] > 0) {
			put(o, "; previous period ");
			pct(o, ps);
			put(o, ", ");
			pp(r, o, cs - ps);
		}
		if (nalert == 0)
			rv_out_printf(o, "); complaints stayed within their baseline every %s.",
			    daily ? "day" : "week");
		else
			rv_out_printf(o, "); %zu %s outside the complaint baseline.", nalert,
			    daily ? (nalert == 1 ? "day" : "days") : (nalert == 1 ? "week" : "weeks"));
	}
	put(o, "</p>\n");
}

static void
volume_table(struct rv_report *r, struct rv_out *o)
{
	struct rv_trend_cal *cal = &r->trend->cal;
	char lab[40];
	size_t i;

	/* The band in one column: the table fits a phone. */
	thead(o, "t-volume", ZH ? (const char *const[]){"日期", "评价", "差评", "差评占比", "基线",
	    "正常范围", "告警", NULL} : (const char *const[]){"window", "reviews", "complaints",
	    "share", "expected", "normal range", "alert", NULL});
	for (i = 0; i < r->nwin; i++) {
		struct rv_rpt_win *w = &r->win[i];
		size_t n = rv_trend_label(cal, r->w0 + (long long)i, lab);
		put(o, w->have && w->pt.alert != RV_TREND_NONE ? "<tr class=\"alert\">" : "<tr>");
		td_txt(o, lab, n);
		td_num(o, w->n, 0);
		td_num(o, w->neg, 0);
		td_pct(o, ratio(w->neg, w->n));
		if (w->have && !w->pt.warm) {
			td_num(o, w->pt.expected, 1);
			put(o, "<td class=\"n\">");
			rv_out_num(o, w->pt.low, 1);
			put(o, "\u2013");
			rv_out_num(o, w->pt.high, 1);
			put(o, "</td>");
		} else {
			put(o, "<td></td><td></td>");
		}
		put(o, "<td>");
		if (w->have && w->pt.alert != RV_TREND_NONE)
			name(r, o, rv_trend_alert_name(w->pt.alert), strlen(rv_trend_alert_name(w->pt.alert)));
		put(o, "</td></tr>\n");
	}
	tend(o);
}

static int
sec_volume(struct rv_report *r, struct rv_out *o)
{
	struct rv_trend_cal *cal = &r->trend->cal;
	int month = r->o.label[7] == '\0', daily = cal->every == 86400;
	size_t i, nalert = 0;
	char lab[40], x[40];
	struct rv_plot *p;

	rv_trend_select(r->trend, 0, 0);
	if (rv_trend_run(r->trend, trend_point, r) < 0)
		return -1;
	for (i = 0; i < r->nwin; i++)
		nalert += r->win[i].have && r->win[i].pt.alert != RV_TREND_NONE;
	section(o, "volume", L("1. 评价量与差评", "1. Volume and complaints"));
	volume_finding(r, o, nalert, daily);
	if ((p = chart(0, 400, 260, L("条数", "rows"))) == NULL)
		return -1;
	for (i = 0; i < r->nwin; i++) {
		struct rv_rpt_win *w = &r->win[i];
		rv_trend_label(cal, r->w0 + (long long)i, lab);
		snprintf(x, sizeof(x), "%s", month && daily ? lab + 8 + (lab[8] == '0') : lab + 5);
		if (padd(p, L("评价", "reviews"), x, w->n, NAN, NAN, "") < 0 ||
		    padd(p, L("差评", "complaints"), x, w->neg, w->have ? w->pt.low : NAN,
		    w->have ? w->pt.high : NAN, w->have ? mark_of(w->pt.alert) : "") < 0) {
			rv_plot_free(p);
			return -1;
		}
	}
	if (chart_end(p, o) < 0)
		return -1;
	volume_table(r, o);
	put(o, "</section>\n");
	return 0;
}

/* ---- 2. categories ---- */

static int
sec_aspects(struct rv_report *r, struct rv_out *o, struct rv_buf *b)
{
	struct kc *v = sorted(&r->aspect, by_blamed);
	struct rv_plot *p;
	size_t i;

	if (v == NULL)
		return r->aspect.n ? -1 : 0;
	put(o, "<h3>");
	put(o, L("方面：好评与差评", "Aspects: praised and blamed"));
	put(o, "</h3>\n<p class=\"finding\">");
	struct kc *worst = &v[0];
	for (i = 1; i < r->aspect.n; i++)
		if (v[i].b > worst->b)
			worst = &v[i];
	put(o, L("被批评最多的方面是「", "The most blamed aspect is "));
	plain(r, o, worst->key, worst->len);
	rv_out_printf(o, ZH ? "」（%.0f 次批评，%.0f 次称赞）。" : " (%.0f blamed, %.0f praised).",
	    worst->b, worst->a);
	put(o, "</p>\n");
	if ((p = chart(1, 400, 280, L("次数", "mentions"))) == NULL) {
		free(v);
		return -1;
	}
	for (i = 0; i < r->aspect.n && i < 12; i++)
		if (padd(p, L("称赞", "praised"), chart_name(r, b, v[i].key, v[i].len), v[i].a, NAN, NAN, "") < 0 ||
		    padd(p, L("批评", "blamed"), chart_name(r, b, v[i].key, v[i].len), v[i].b, NAN, NAN, "") < 0)
			break;
	chart_end(p, o);
	thead(o, "t-aspects", ZH ? (const char *const[]){"方面", "称赞", "批评", NULL} :
	    (const char *const[]){"aspect", "praised", "blamed", NULL});
	for (i = 0; i < r->aspect.n; i++) {
		put(o, "<tr><td>");
		name(r, o, v[i].key, v[i].len);
		put(o, "</td>");
		td_num(o, v[i].a, 0);
		td_num(o, v[i].b, 0);
		put(o, "</tr>\n");
	}
	tend(o);
	free(v);
	return 0;
}

static void
categories_finding(struct rv_report *r, struct rv_out *o, const struct kc *v,
    const struct rv_rc_result *rc)
{
	double c0 = (double)r->catrows[0], c1 = (double)r->catrows[1];
	size_t i, up = 0;

	for (i = 1; i < r->cat.n; i++)	/* the largest rise in share */
		if (v[i].cur / c0 - ratio(v[i].prev, c1) > v[up].cur / c0 - ratio(v[up].prev, c1))
			up = i;
	put(o, "<p class=\"finding\">");
	if (c1 > 0 && v[up].cur / c0 - v[up].prev / c1 > 0) {
		if (ZH) {
			put(o, "「");
			plain(r, o, v[up].key, v[up].len);
			put(o, "」类投诉占比升至 ");
		} else {
			put(o, "Complaints about ");
			plain(r, o, v[up].key, v[up].len);
			put(o, " rose to ");
		}
		pct(o, v[up].cur / c0);
		put(o, L("（", " of the reviews with a category ("));
		pp(r, o, v[up].cur / c0 - v[up].prev / c1);
		put(o, L("）", ")"));
	} else {
		put(o, L("最多的类别是「", "The largest category is "));
		plain(r, o, v[0].key, v[0].len);
		put(o, L("」，占 ", ", "));
		pct(o, v[0].cur / c0);
		if (c1 == 0)
			put(o, L("（上期无数据）", " (no data in the previous period)"));
	}
	if (rc != NULL && rc->nf > 0 && rc->f[0].role == RV_RC_CAUSE) {
		put(o, L("；差评最集中在 ", "; complaints concentrate in "));
		cause_text(o, rc->f[0].cause, rc->f[0].causelen);
	}
	put(o, L("。</p>\n", ".</p>\n"));
}

static int
sec_categories(struct rv_report *r, struct rv_out *o, const struct rv_rc_result *rc, struct rv_buf *b)
{
	struct kc *v = sorted(&r->cat, by_cur);
	struct rv_plot *p;
	double c0 = (double)r->catrows[0], c1 = (double)r->catrows[1];
	size_t i;

	section(o, "categories", L("2. 投诉类别", "2. Complaint categories"));
	if (v == NULL) {
		put(o, L("<p class=\"finding\">本期没有带类别的评价。</p>\n",
		    "<p class=\"finding\">No review of the period has a category.</p>\n"));
		put(o, "</section>\n");
		return r->cat.n ? -1 : 0;
	}
	categories_finding(r, o, v, rc);
	if ((p = chart(1, 400, 300, L("占比 %", "share %"))) == NULL) {
		free(v);
		return -1;
	}
	for (i = 0; i < r->cat.n && i < 12; i++) {
		const char *x = chart_name(r, b, v[i].key, v[i].len);
		if (padd(p, L("本期", "this period"), x, 100 * v[i].cur / c0, NAN, NAN, "") < 0 ||
		    (c1 > 0 && padd(p, L("上期", "previous"), x, 100 * v[i].prev / c1, NAN, NAN, "") < 0))
			break;
	}
	chart_end(p, o);
	thead(o, "t-categories", ZH ? (const char *const[]){"类别", "本期", "占比", "上期", "上期占比",
	    "变化(百分点)", NULL} : (const char *const[]){"category", "count", "share", "before",
	    "share before", "change (pp)", NULL});
	for (i = 0; i < r->cat.n; i++) {
		put(o, "<tr><td>");
		name(r, o, v[i].key, v[i].len);
		put(o, "</td>");
		td_num(o, v[i].cur, 0);
		td_pct(o, ratio(v[i].cur, c0));
		td_num(o, v[i].prev, 0);
		td_pct(o, ratio(v[i].prev, c1));
		put(o, "<td class=\"n\">");
		if (c1 > 0)
			signed_num(o, 100 * (ratio(v[i].cur, c0) - ratio(v[i].prev, c1)));
		put(o, "</td></tr>\n");
	}
	tend(o);
	free(v);
	if (r->acol >= 0 && sec_aspects(r, o, b) < 0)
		return -1;
	put(o, "</section>\n");
	return 0;
}

/* ---- 3. intensity and emotion ---- */

static void
intense_table(struct rv_report *r, struct rv_out *o)
{
	size_t i;

	if (r->nex > 0) {
		put(o, "<h3>");
		put(o, L("最强烈的投诉", "The most intense complaints"));
		put(o, "</h3>\n");
		thead(o, "t-intense", ZH ? (const char *const[]){"编号", "强度", "情绪", "类别", "摘录",
		    NULL} : (const char *const[]){"id", "intensity", "emotion", "category", "excerpt", NULL});
		for (i = 0; i < r->nex; i++) {
			struct rv_rpt_ex *e = &r->ex[i];
			put(o, "<tr>");
			td_txt(o, e->id, strlen(e->id));
			rv_out_printf(o, "<td class=\"n\">%d</td><td>", e->intensity);
			name(r, o, e->emotion, strlen(e->emotion));
			put(o, "</td><td>");
			name(r, o, e->category, strlen(e->category));
			put(o, "</td><td class=\"ex\">");
			rv_report_html(o, e->text, e->tlen, 140);
			put(o, "</td></tr>\n");
		}
		tend(o);
	}
}

static void
emotion_finding(struct rv_report *r, struct rv_out *o, const struct kc *v)
{
	double strong0 = r->inten[0][3], strong1 = r->inten[1][3];

	put(o, "<p class=\"finding\">");
	if (v != NULL && v[0].a > 0) {
		put(o, L("差评中最多的情绪是「", "The commonest emotion in complaints is "));
		plain(r, o, v[0].key, v[0].len);
		put(o, L("」（", " ("));
		pct(o, ratio(v[0].a, (double)r->comp[0]));
		put(o, L("）；", "); "));
	}
	rv_out_printf(o, ZH ? "强烈情绪（强度 3）的差评 %.0f 条，占差评 " :
	    "%.0f complaints are of strong intensity (3), ", strong0);
	pct(o, ratio(strong0, (double)r->comp[0]));
	if (r->comp[1] > 0) {
		put(o, L("（上期 ", " (previous period "));
		pct(o, ratio(strong1, (double)r->comp[1]));
		put(o, L("）", ")"));
	}
	put(o, L("。</p>\n", ".</p>\n"));
}

static int
sec_emotion(struct rv_report *r, struct rv_out *o, struct rv_buf *b)
{
	struct kc *v = sorted(&r->emo, by_a);
	struct rv_plot *p;
	size_t i;

	section(o, "emotion", L("3. 情绪强度与情绪构成", "3. Intensity and emotion"));
	emotion_finding(r, o, v);
	if ((p = chart(1, 400, 280, L("差评条数", "complaints"))) == NULL) {
		free(v);
		return -1;
	}
	for (i = 0; v != NULL && i < r->emo.n; i++) {
		if (v[i].a == 0 && v[i].b == 0)
			continue;
		const char *x = chart_name(r, b, v[i].key, v[i].len);
		if (padd(p, L("本期", "this period"), x, v[i].a, NAN, NAN, "") < 0 ||
		    (r->comp[1] > 0 && padd(p, L("上期", "previous"), x, v[i].b, NAN, NAN, "") < 0))
			break;
	}
	chart_end(p, o);
	thead(o, "t-emotion", ZH ? (const char *const[]){"情绪", "差评", "差评占比", "上期差评",
	    "全部评价", NULL} : (const char *const[]){"emotion", "complaints", "share", "previous",
	    "all reviews", NULL});
	for (i = 0; v != NULL && i < r->emo.n; i++) {
		put(o, "<tr><td>");
		name(r, o, v[i].key, v[i].len);
		put(o, "</td>");
		td_num(o, v[i].a, 0);
		td_pct(o, ratio(v[i].a, (double)r->comp[0]));
		td_num(o, v[i].b, 0);
		td_num(o, v[i].cur, 0);
		put(o, "</tr>\n");
	}
	tend(o);
	thead(o, "t-intensity", ZH ? (const char *const[]){"强度", "差评", "占比", "上期", "上期占比",
	    NULL} : (const char *const[]){"intensity", "complaints", "share", "previous",
	    "previous share", NULL});
	for (i = 0; i < 4; i++) {
		rv_out_printf(o, "<tr><td>%zu</td>", i);
		td_num(o, r->inten[0][i], 0);
		td_pct(o, ratio(r->inten[0][i], (double)r->comp[0]));
		td_num(o, r->inten[1][i], 0);
		td_pct(o, ratio(r->inten[1][i], (double)r->comp[1]));
		put(o, "</tr>\n");
	}
	tend(o);
	free(v);
	intense_table(r, o);
	put(o, "</section>\n");
	return 0;
}

/* ---- 4. triage ---- */

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
by_rows(const void *a, const void *b)
{
	const struct rv_triage_sum_ent *x = a, *y = b;

	if (x->rows != y->rows)
		return x->rows > y->rows ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
triage_finding(struct rv_report *r, struct rv_out *o, const struct rv_triage_sum *s,
    const struct rv_triage_sum_ent *top)
{
	char now[40];

	rv_isotime_fmt(&r->tz, now, r->o.now);
	put(o, "<p class=\"finding\">");
	if (ZH)
		rv_out_printf(o, "紧急 %llu 条、重要 %llu 条、一般 %llu 条；截至 %s 已超过处理时限 %llu 条",
		    s->level[RV_TRIAGE_URGENT].rows, s->level[RV_TRIAGE_IMPORTANT].rows,
		    s->level[RV_TRIAGE_NORMAL].rows, now, s->total.past_due);
	else
		rv_out_printf(o, "%llu urgent, %llu important and %llu normal reviews; %llu past their "
		    "deadline at %s", s->level[RV_TRIAGE_URGENT].rows, s->level[RV_TRIAGE_IMPORTANT].rows,
		    s->level[RV_TRIAGE_NORMAL].rows, s->total.past_due, now);
	if (top != NULL) {
		put(o, L("；队列最长的是 ", "; the longest queue is "));
		stxt(o, top->key[0] ? top->key : "-");
		rv_out_printf(o, ZH ? "（%llu 条，超时 %llu 条）" : " (%llu, %llu past due)", top->rows,
		    top->past_due);
	}
	put(o, L("。</p>\n", ".</p>\n"));
}

static void
reply_cells(struct rv_report *r, struct rv_out *o, int lv)
{
	struct rv_rpt_reply *q = &r->reply[lv];

	if (r->rcol < 0)
		return;
	td_num(o, (double)q->n, 0);
	if (q->n == 0) {
		put(o, "<td></td><td></td>");
		return;
	}
	td_pct(o, q->ontime / (double)q->n);
	qsort(q->hours, q->n, sizeof(double), cmp_d);
	td_num(o, q->n % 2 ? q->hours[q->n / 2] : (q->hours[q->n / 2 - 1] + q->hours[q->n / 2]) / 2, 1);
}

static int
sec_triage(struct rv_report *r, struct rv_out *o)
{
	struct rv_triage_sum *s = &r->sum;
	struct rv_triage_sum_ent *own = NULL;
	struct rv_plot *p;
	int lv;
	size_t i;

	section(o, "triage", L("4. 分级与处理时限", "4. Triage and deadlines"));
	rv_triage_sum_sort(s);
	if (s->nowner > 0) {
		if ((own = malloc(s->nowner * sizeof(*own))) == NULL)
			return -1;
		memcpy(own, s->owner, s->nowner * sizeof(*own));
		qsort(own, s->nowner, sizeof(*own), by_rows);
	}
	triage_finding(r, o, s, own);
	if ((p = chart(1, 400, 260, L("条数", "rows"))) == NULL) {
		free(own);
		return -1;
	}
	for (lv = RV_TRIAGE_URGENT; lv > RV_TRIAGE_NONE; lv--) {
		const char *k = rv_triage_level_name(lv), *x = ZH ? zh_name(k, strlen(k)) : k;
		padd(p, L("条数", "rows"), x, (double)s->level[lv].rows, NAN, NAN, "");
		padd(p, L("超时", "past due"), x, (double)s->level[lv].past_due, NAN, NAN, "");
	}
	chart_end(p, o);
	int rep = r->rcol >= 0;
	thead(o, "t-levels", ZH ? (rep ? (const char *const[]){"级别", "条数", "超时", "已回复",
	    "按时回复", "回复用时中位数(小时)", NULL} : (const char *const[]){"级别", "条数", "超时", NULL}) :
	    (rep ? (const char *const[]){"level", "rows", "past due", "replied", "on time",
	    "median hours to reply", NULL} : (const char *const[]){"level", "rows", "past due", NULL}));
	for (lv = RV_TRIAGE_URGENT; lv >= RV_TRIAGE_NONE; lv--) {
		const char *k = rv_triage_level_name(lv);
		put(o, "<tr><td>");
		name(r, o, k, strlen(k));
		put(o, "</td>");
		td_num(o, (double)s->level[lv].rows, 0);
		td_num(o, (double)s->level[lv].past_due, 0);
		if (lv != RV_TRIAGE_NONE)
			reply_cells(r, o, lv);
		else if (rep)
			put(o, "<td></td><td></td><td></td>");
		put(o, "</tr>\n");
	}
	tend(o);
	if (s->nowner > 0) {
		thead(o, "t-owners", ZH ? (const char *const[]){"处理人", "条数", "超时", "最早到期", NULL} :
		    (const char *const[]){"owner", "rows", "past due", "oldest due", NULL});
		for (i = 0; i < s->nowner && i < 10; i++) {
			char due[40] = "";
			if (own[i].past_due > 0)
				rv_isotime_fmt(&r->tz, due, own[i].oldest_due);
			put(o, "<tr>");
			td_txt(o, own[i].key, strlen(own[i].key));
			td_num(o, (double)own[i].rows, 0);
			td_num(o, (double)own[i].past_due, 0);
			td_txt(o, due, strlen(due));
			put(o, "</tr>\n");
		}
		tend(o);
	}
	free(own);
	put(o, "</section>\n");
	return 0;
}

/* ---- 5. root causes ---- */

static void
cause_text(struct rv_out *o, const char *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (c[i] == '&')
			put(o, " &amp; ");
		else {
			size_t j = i;
			while (j < n && c[j] != '&')
				j++;
			txt(o, c + i, j - i);
			i = j - 1;
		}
	}
}

static void
causes_finding(struct rv_report *r, struct rv_out *o, const struct rv_rc_result *res)
{
	double share;
	size_t ncause = rv_rc_ncauses(res, &share);
	put(o, "<p class=\"finding\">");
	if (r->o.outcome == NULL) {
		put(o, L("差评率 ", "Complaint rate "));
	} else {
		put(o, L("结果 ", "Rate of "));
		stxt(o, r->o.outcome);
		put(o, L(" 的比率 ", " "));
	}
	pct(o, ratio(res->hits, res->n));
	rv_out_printf(o, ZH ? "（%.0f 条中 %.0f 条）；" : " (%.0f of %.0f rows); ", ZH ? res->n : res->hits,
	    ZH ? res->hits : res->n);
	if (ncause == 0) {
		put(o, L("没有维度组合能显著解释它。", "no segment explains it significantly."));
	} else {
		const struct rv_rc_finding *f = &res->f[0];
		if (ZH)
			rv_out_printf(o, "%zu 个原因解释了超额部分的 ", ncause);
		else
			rv_out_printf(o, "%zu cause%s explain%s ", ncause, ncause == 1 ? "" : "s",
			    ncause == 1 ? "s" : "");
		pct(o, share);
		put(o, L("，首要原因是 ", " of the excess; the first is "));
		cause_text(o, f->cause, f->causelen);
		put(o, L("（比率 ", " (rate "));
		pct(o, f->rate);
		put(o, L("，为预期的 ", ", "));
		rv_out_num(o, f->lift, 2);
		put(o, L(" 倍）", "x the expected)"));
		put(o, L("。", "."));
	}
	put(o, "</p>\n");
}

static int
sec_causes(struct rv_report *r, struct rv_out *o, const struct rv_rc_result *res, struct rv_buf *b)
{
	static const char *const role[][2] = {{"原因", "cause"}, {"旁观者", "bystander"},
	    {"结构变化", "mixshift"}};
	struct rv_plot *p;
	size_t i;

	section(o, "causes", L("5. 根因", "5. Root causes"));
	causes_finding(r, o, res);
	if ((p = chart(1, 400, 320, L("比率 %", "rate %"))) == NULL)
		return -1;
	for (i = 0; i < res->nf && i < 10; i++) {
		const struct rv_rc_finding *f = &res->f[i];
		if (f->role == RV_RC_MIXSHIFT)
			continue;
		rv_buf_clear(b);
		for (size_t j = 0; j < f->causelen; j++)
			rv_buf_append(b, f->cause[j] == '&' ? " & " : f->cause + j, f->cause[j] == '&' ? 3 : 1);
		struct rv_buf c = {0};
		clean(&c, b->p ? b->p : "", b->len);
		padd(p, L("比率", "rate"), c.p ? c.p : "", 100 * f->rate, NAN, NAN, "");
		padd(p, L("预期", "expected"), c.p ? c.p : "", 100 * f->expected, NAN, NAN, "");
		rv_buf_free(&c);
	}
	chart_end(p, o);
	thead(o, "t-causes", ZH ? (const char *const[]){"排名", "角色", "维度组合", "条数", "命中", "比率",
	    "提升", "超额占比", "由谁解释", NULL} : (const char *const[]){"rank", "role", "cause", "n",
	    "hits", "rate", "lift", "share", "explained by", NULL});
	for (i = 0; i < res->nf; i++) {
		const struct rv_rc_finding *f = &res->f[i];
		rv_out_printf(o, "<tr><td class=\"n\">%zu</td><td>", i + 1);
		if (ZH)
			rv_out_printf(o, "%s <span class=\"k\">%s</span>", role[f->role][0], role[f->role][1]);
		else
			put(o, role[f->role][1]);
		put(o, "</td><td class=\"c\">");
		cause_text(o, f->cause, f->causelen);
		put(o, "</td>");
		td_num(o, f->n, 0);
		td_num(o, f->hits, 0);
		td_pct(o, f->rate);
		td_num(o, f->lift, 2);
		td_pct(o, f->share);
		put(o, "<td class=\"c\">");
		if (f->explained_by >= 0)
			cause_text(o, res->f[f->explained_by].cause, res->f[f->explained_by].causelen);
		put(o, "</td></tr>\n");
	}
	tend(o);
	put(o, "</section>\n");
	return 0;
}

/* ---- 6. new terms ---- */

static int
sec_terms(struct rv_report *r, struct rv_out *o, struct rv_buf *b)
{
	struct rv_terms_result res;
	struct rv_plot *p;
	size_t i;

	if (rv_terms_run(r->terms, &res) < 0)
		return -1;
	if (res.docs_rest == 0) {
		note(r, o, "terms", L("6. 新出现的词", "6. New terms"),
		    L("输入中没有本期之前的差评可供比较", "no complaints before the period in the input to compare with"));
		rv_terms_result_free(&res);
		return 0;
	}
	section(o, "terms", L("6. 新出现的词", "6. New terms"));
	put(o, "<p class=\"finding\">");
	if (res.n == 0) {
		rv_out_printf(o, ZH ? "本期 %lu 条差评与之前的 %lu 条相比没有显著的新词。" :
		    "No significant new term in the period's %lu complaints against the %lu before.",
		    res.docs_group, res.docs_rest);
	} else {
		put(o, L("本期差评中新出现的词：", "New in this period's complaints: "));
		for (i = 0; i < res.n && i < 3; i++) {
			put(o, i ? L("、", ", ") : "");
			put(o, L("「", "\""));
			stxt(o, res.t[i].term);
			rv_out_printf(o, ZH ? "」（%lu 条）" : "\" (%lu)", res.t[i].n_group);
		}
		put(o, L("。", "."));
	}
	put(o, "</p>\n");
	if (res.n == 0) {
		put(o, "</section>\n");
		rv_terms_result_free(&res);
		return 0;
	}
	if ((p = chart(1, 400, 280, L("差评条数", "complaints"))) == NULL) {
		rv_terms_result_free(&res);
		return -1;
	}
	for (i = 0; i < res.n && i < 10; i++)
		padd(p, "", clean(b, res.t[i].term, strlen(res.t[i].term)), (double)res.t[i].n_group, NAN, NAN, "");
	chart_end(p, o);
	thead(o, "t-terms", ZH ? (const char *const[]){"词", "本期差评", "之前差评", "G2", "例句", NULL} :
	    (const char *const[]){"term", "period", "before", "G2", "example", NULL});
	for (i = 0; i < res.n; i++) {
		const struct rv_term *t = &res.t[i];
		put(o, "<tr>");
		td_txt(o, t->term, strlen(t->term));
		td_num(o, (double)t->n_group, 0);
		td_num(o, (double)t->n_rest, 0);
		td_num(o, t->g2, 1);
		put(o, "<td class=\"ex\">");
		if (t->ex[0] != NULL)
			rv_report_html(o, t->ex[0], strlen(t->ex[0]), 100);
		put(o, "</td></tr>\n");
	}
	tend(o);
	put(o, "</section>\n");
	rv_terms_result_free(&res);
	return 0;
}

/* ---- 7. emotion curve ---- */

/* rv_curve_write's table, read back: the curve as rv-curve prints it. */
static int
curve_table(struct rv_curve *c, struct rv_buf *t)
{
	struct rv_out mo;
	int fd = memfd_create("rv-report-curve", 0), rc = -1;
	char buf[65536];
	ssize_t n;

	if (fd < 0 || rv_out_init(&mo, fd) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (rv_curve_write(c, &mo, 0) == 0 && rv_out_close(&mo) == 0 && lseek(fd, 0, SEEK_SET) == 0) {
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (rv_buf_append(t, buf, (size_t)n) < 0)
				break;
		rc = n == 0 ? 0 : -1;
	}
	close(fd);
	return rc;
}

/* Field i of a TAB-separated line. */
static struct rv_field
fld(const char *line, size_t len, int i)
{
	struct rv_field f = {line, 0};
	const char *e = line + len;

	for (; i > 0 && f.p < e; i--) {
		const char *t = memchr(f.p, '\t', (size_t)(e - f.p));
		f.p = t ? t + 1 : e;
	}
	const char *t = memchr(f.p, '\t', (size_t)(e - f.p));
	f.len = (size_t)((t ? t : e) - f.p);
	return f;
}

static double
fnum(struct rv_field f)
{
	double v;

	return rv_num_parse(f.p, f.len, &v) == 0 ? v : NAN;
}

/* The rows of rv-curve's table (after its header line): the next line
 * from *at into line/len; 0 at the end. */
static int
next_line(const struct rv_buf *t, size_t *at, const char **line, size_t *len)
{
	const char *nl;

	if (t->p == NULL || *at >= t->len)
		return 0;
	*line = t->p + *at;
	nl = memchr(*line, '\n', t->len - *at);
	*len = (size_t)((nl ? nl : t->p + t->len) - *line);
	*at += *len + 1;
	return 1;
}

static void
curve_rows(struct rv_report *r, struct rv_out *o, const struct rv_buf *t, size_t at)
{
	static const int show[] = {2, 3, 4, 5, 6, 7, 8, 11};
	const char *line;
	size_t len;

	thead(o, "t-curve", ZH ? (const char *const[]){"位置", "条数", "均值", "下限", "上限", "变化",
	    "断点", "差评占比", NULL} : (const char *const[]){"position", "n", "mean", "ci low", "ci high",
	    "delta", "breakpoint", "negative share", NULL});
	while (next_line(t, &at, &line, &len)) {
		put(o, "<tr>");
		for (size_t k = 0; k < sizeof(show) / sizeof(show[0]); k++) {
			struct rv_field v = fld(line, len, show[k]);
			put(o, k == 0 || k == 6 ? "<td>" : "<td class=\"n\">");
			txt(o, v.p, v.len);
			put(o, "</td>");
		}
		put(o, "</tr>\n");
	}
	tend(o);
}

static int
sec_curve(struct rv_report *r, struct rv_out *o, struct rv_buf *b)
{
	struct rv_buf t = {0};
	struct rv_plot *p;
	const char *line;
	size_t len, at, first;
	struct rv_field low = {0}, brk = {0};
	double lowv = 0, brkd = 0;

	if (curve_table(r->curve, &t) < 0 || (p = chart(0, 400, 260, L("情绪均值", "mean sentiment"))) == NULL) {
		rv_buf_free(&t);
		return -1;
	}
	at = 0;
	next_line(&t, &at, &line, &len);	/* the header */
	first = at;
	while (next_line(&t, &at, &line, &len)) {
		struct rv_field pos = fld(line, len, 2), bp = fld(line, len, 8), lw = fld(line, len, 12);
		double mean = fnum(fld(line, len, 4)), delta = fnum(fld(line, len, 7));
		padd(p, "", clean(b, pos.p, pos.len), mean, fnum(fld(line, len, 5)), fnum(fld(line, len, 6)),
		    bp.len ? (bp.p[0] == 'd' ? "drop" : "rise") : "");
		if (lw.len > 0)
			low = pos, lowv = mean;
		if (bp.len > 0 && (brk.len == 0 || fabs(delta) > fabs(brkd)))
			brk = pos, brkd = delta;
	}
	section(o, "curve", L("7. 情绪曲线与断点", "7. Emotion curve and breakpoints"));
	put(o, "<p class=\"finding\">");
	if (low.len > 0) {
		put(o, L("情绪最低点在「", "The low point is at "));
		txt(o, low.p, low.len);
		put(o, L("」（均值 ", " (mean "));
		rv_out_num(o, lowv, 2);
		put(o, L("）", ")"));
	}
	if (brk.len > 0) {
		put(o, L("；最大的断点在「", "; the largest breakpoint is at "));
		txt(o, brk.p, brk.len);
		put(o, L("」（", " ("));
		rv_out_num(o, brkd, 2);
		put(o, L("）", ")"));
	} else {
		put(o, L("；没有显著的断点", "; no significant breakpoint"));
	}
	put(o, L("。</p>\n", ".</p>\n"));
	chart_end(p, o);
	curve_rows(r, o, &t, first);
	put(o, "</section>\n");
	rv_buf_free(&t);
	return 0;
}

/* ---- 8. representative reviews ---- */

static void
sec_examples(struct rv_report *r, struct rv_out *o)
{
	struct kc *v = sorted(&r->cat, by_cur);
	size_t i, j, shown = 0;

	section(o, "examples", L("8. 各主要类别的代表性评价", "8. Representative reviews of the top categories"));
	put(o, L("<p class=\"finding\">每个主要类别中最短而类别明确（置信度 ≥ 0.5）的差评，可直接引用。</p>\n",
	    "<p class=\"finding\">The shortest clear complaints (category score ≥ 0.5) of each top category, "
	    "ready to quote.</p>\n"));
	thead(o, "t-examples", ZH ? (const char *const[]){"类别", "编号", "评价", NULL} :
	    (const char *const[]){"category", "id", "review", NULL});
	for (i = 0; v != NULL && i < r->cat.n && shown < RV_RPT_NREPCAT; i++) {
		struct rv_hash_ent *e = rv_hash_get(&r->reps.h, v[i].key, v[i].len);
		if (e == NULL)
			continue;
		struct kc *k = &r->reps.v[(size_t)e->val - 1];
		shown++;
		for (j = 0; j < (size_t)k->cur; j++) {
			put(o, "<tr><td>");
			name(r, o, k->key, k->len);
			put(o, "</td>");
			td_txt(o, k->ex[j].id, strlen(k->ex[j].id));
			put(o, "<td class=\"ex\">");
			rv_report_html(o, k->ex[j].text, k->ex[j].tlen, 200);
			put(o, "</td></tr>\n");
		}
	}
	tend(o);
	put(o, "</section>\n");
	free(v);
}

/* ---- the page ---- */

static const char page_css[] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f4f4f1;color:#222;line-height:1.5;font-family:\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n"
    "main{max-width:960px;margin:0 auto;padding:16px}\n"
    "header h1{font-size:1.6em;margin:.2em 0}\n.meta{color:#555;margin:0}\n"
    "section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 18px;margin:16px 0}\n"
    "h2{font-size:1.25em;margin:.2em 0 .5em}\nh3{font-size:1.05em;margin:1em 0 .4em}\n"
    ".finding{background:#fff6e0;border-left:4px solid #E69F00;padding:6px 10px;font-weight:600}\n"
    ".note{color:#666;font-style:italic;margin:16px 4px}\n"
    "figure{margin:10px 0}\nsvg.chart{display:block;width:100%;max-width:560px;height:auto}\n"
    ".tw{overflow-x:auto}\ntable{border-collapse:collapse;font-size:.9em;margin:6px 0 10px}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid #e6e6e6;text-align:left;vertical-align:top}\n"
    "th{background:#f2f2ee;font-weight:600;white-space:nowrap}\ntd:first-child,td.c{white-space:nowrap}\n"
    "svg.chart text{font-size:13px}\nsvg.chart .marktext{font-size:12px}\ntd.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\ntd.ex{min-width:14em;max-width:40em}\n"
    "tr.alert td{background:#fdecea}\n.k{color:#888;font-size:.85em}\n"
    "footer{color:#777;font-size:.85em;margin:16px 4px}\n"
    "@media (max-width:600px){main{padding:8px}section{padding:8px 8px}table{font-size:.75em}"
    "th,td{padding:2px 4px}th{white-space:normal}header h1{font-size:1.3em}}\n"
    "@media print{@page{size:A4;margin:14mm}body{background:#fff}main{max-width:none;padding:0}"
    "section{border:none;padding:0;margin:0;break-before:page}header+section{break-before:auto}"
    ".tw{overflow:visible}tr,figure{break-inside:avoid}svg.chart{max-width:160mm}"
    ".finding{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void
head(struct rv_report *r, struct rv_out *o)
{
	rv_out_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	    ZH ? "zh-CN" : "en");
	put(o, L("投诉月报 ", "Complaint report "));
	stxt(o, r->o.label);
	put(o, "</title>\n<style>\n");
	put(o, page_css);
	put(o, rv_plot_css());
	put(o, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
	put(o, L("投诉月报 ", "Complaint report "));
	stxt(o, r->o.label);
	put(o, "</h1>\n<p class=\"meta\">");
	rv_out_printf(o, ZH ? "本期 %s（%lu 条评价）· 对比上期 %s（%lu 条）" :
	    "Period %s (%lu reviews) · compared with %s (%lu)", r->o.label, r->rows[0], r->o.plabel,
	    r->rows[1]);
	put(o, "</p>\n</header>\n");
}

int
rv_report_write(struct rv_report *r, struct rv_out *o)
{
	struct rv_rc_result rc = {0};
	struct rv_buf b = {0};
	int have_rc = 0, bad = 0;

	r->zh_page = r->o.lang == RV_REPORT_ZH || (r->o.lang == RV_REPORT_AUTO && r->zh >= r->en);
	if (r->rc != NULL) {
		if (rv_rc_run(r->rc, &rc) < 0)
			return -1;
		have_rc = 1;
	}
	head(r, o);
	bad |= sec_volume(r, o);
	bad |= sec_categories(r, o, have_rc ? &rc : NULL, &b);
	if (!bad)
		bad |= sec_emotion(r, o, &b);
	if (!bad && r->lcol >= 0)
		bad |= sec_triage(r, o);
	else
		note(r, o, "triage", L("4. 分级与处理时限", "4. Triage and deadlines"),
		    L("输入没有 rv-triage 的 level 列", "the input has no level column from rv-triage"));
	if (!bad && have_rc)
		bad |= sec_causes(r, o, &rc, &b);
	else if (r->rc == NULL)
		note(r, o, "causes", L("5. 根因", "5. Root causes"),
		    L("没有用 -d 给出维度列", "no dimension columns given with -d"));
	if (!bad && r->terms != NULL)
		bad |= sec_terms(r, o, &b);
	else
		note(r, o, "terms", L("6. 新出现的词", "6. New terms"),
		    L("输入没有 text 列", "the input has no text column"));
	if (!bad && r->curve != NULL && r->curve_rows > 0)
		bad |= sec_curve(r, o, &b);
	else
		note(r, o, "curve", L("7. 情绪曲线与断点", "7. Emotion curve and breakpoints"),
		    L("输入没有带情绪分值的 stage 列或 conv/turn 列",
		    "the input has no stage column, or conv and turn columns, with sentiment scores"));
	if (!bad && r->reps.n > 0)
		sec_examples(r, o);
	else
		note(r, o, "examples", L("8. 代表性评价", "8. Representative reviews"),
		    L("本期没有类别明确的差评", "no clear complaint with a category in the period"));
	put(o, "<footer>");
	put(o, L("由 rv-report 生成：数字来自 rv-trend、rv-rootcause、rv-terms、rv-triage、rv-curve 的同一库代码。",
	    "Made by rv-report: the figures come from the library code of rv-trend, rv-rootcause, "
	    "rv-terms, rv-triage and rv-curve."));
	put(o, "</footer>\n</main>\n</body>\n</html>\n");
	if (have_rc)
		rv_rc_result_free(&rc);
	rv_buf_free(&b);
	return bad ? -1 : 0;
}
