/* Unit tests: lib/core/rng.c, lib/sample*.c (determinism, distributions,
 * truth consistency, text coverage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rng.h"
#include "sample.h"
#include "sample_impl.h"
#include "testhelp.h"

/* Run the generator into memory; caller frees. */
static char *
gen(const struct rv_sample_opts *so, int truth, size_t *len)
{
	const char *err = NULL;
	struct rv_sample *s = rv_sample_new(so, &err);
	FILE *f = tmpfile();
	struct rv_out o;
	char *buf;
	long n;

	if (s == NULL || f == NULL || rv_out_init(&o, fileno(f)) < 0)
		abort();
	if ((truth ? rv_sample_write_truth(s, &o) : rv_sample_write(s, &o)) < 0 || rv_out_close(&o) < 0)
		abort();
	rv_sample_free(s);
	n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL)
		abort();
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static struct rv_sample_opts
opts(int kind, uint64_t rows, uint64_t seed)
{
	struct rv_sample_opts o;

	rv_sample_opts_init(&o);
	o.kind = kind;
	o.rows = rows;
	o.seed = seed;
	return o;
}

/* Field k (0-based) of a TSV line into out. */
static void
field(const char *line, int k, char *out, size_t size)
{
	const char *p = line, *e;
	size_t n;

	while (k-- > 0 && (p = strchr(p, '\t')) != NULL)
		p++;
	if (p == NULL) {
		out[0] = '\0';
		return;
	}
	for (e = p; *e && *e != '\t' && *e != '\n'; e++)
		;
	n = (size_t)(e - p) < size - 1 ? (size_t)(e - p) : size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_rng(void)
{
	struct rv_rng a, b;
	int i, same = 1, hist[10] = {0}, ok = 1;
	double cum[3] = {1, 3, 6};
	int pick[3] = {0};

	rv_rng_seed(&a, 42, 7);
	rv_rng_seed(&b, 42, 7);
	for (i = 0; i < 1000; i++)
		same &= rv_rng_next(&a) == rv_rng_next(&b);
	test_cond("rng: same seed and stream, same sequence", same);
	rv_rng_seed(&b, 42, 8);
	test_cond("rng: another stream differs", rv_rng_next(&a) != rv_rng_next(&b));
	for (i = 0; i < 100000; i++)
		hist[rv_rng_below(&a, 10)]++;
	for (i = 0; i < 10; i++)
		ok &= hist[i] > 9500 && hist[i] < 10500;
	test_cond("rng: below(10) is uniform", ok);
	for (i = 0; i < 60000; i++)
		pick[rv_rng_pick(&a, cum, 3)]++;
	test_cond("rng: pick follows weights 1:2:3",
	    pick[0] > 9000 && pick[0] < 11000 && pick[2] > 29000 && pick[2] < 31000);
}

static int
pools_complete(const struct rv_sample *s)
{
	int c, k, all = 1;

	for (c = 0; c < SMP_NCOMP; c++) {
		int zh = 0, en = 0;
		for (k = -1; k < s->ncat; k++) {
			const char *cn = k < 0 ? "any" : s->cat[k].name;
			zh |= smp_poolf(&s->phrases, "zh.c.%s.%s", smp_comp_names[c], cn) != NULL;
			en |= smp_poolf(&s->phrases, "en.c.%s.%s", smp_comp_names[c], cn) != NULL;
		}
		all &= zh && en;
	}
	return all;
}

static void
test_template(void)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_REVIEWS, 1, 1);
	const char *err;
	struct rv_sample *s = rv_sample_new(&so, &err);
	struct rv_rng r;
	struct smp_ctx cx;
	struct rv_buf b = {0};
	int i, seen_a = 0, seen_b = 0, ok = 1;

	test_cond("sample_new reviews", s != NULL);
	if (s == NULL)
		return;
	memset(&cx, 0, sizeof(cx));
	rv_rng_seed(&r, 1, 1);
	cx.r = &r;
	cx.pl = &s->phrases;
	cx.lang = "zh";
	cx.p = "手机";
	cx.c = "顺丰";
	cx.intensity = 3;
	for (i = 0; i < 200; i++) {
		b.len = 0;
		smp_expand(&b, &cx, "{a|b{c}}-{p}", 12);
		seen_a |= strcmp(b.p, "a-手机") == 0;
		seen_b |= strcmp(b.p, "b顺丰-手机") == 0;
		ok &= strcmp(b.p, "a-手机") == 0 || strcmp(b.p, "b顺丰-手机") == 0;
	}
	test_cond("template: alternatives and slots", ok && seen_a && seen_b);
	b.len = 0;
	smp_expand(&b, &cx, "{x", 2);
	test_cond("template: unbalanced brace copied", strcmp(b.p, "{x") == 0);
	b.len = 0;
	smp_expand(&b, &cx, "{d}", 3);
	test_cond("template: {d} uses the intensity pool",
	    b.len > 0 && strstr("太 特别 超级 极其 真的太 实在是太", b.p) != NULL);
	b.len = 0;
	smp_expand(&b, &cx, "{unknown}", 9);
	test_cond("template: unknown slot kept", strcmp(b.p, "{unknown}") == 0);
	test_cond("pools: every complaint category has zh and en phrases", pools_complete(s));
	rv_buf_free(&b);
	rv_sample_free(s);
}

static void
test_orders(void)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_ORDERS, 100000, 11);
	size_t n1, n2;
	char *a = gen(&so, 0, &n1), *b = gen(&so, 0, &n2), *p, *line;
	char f[64], prev[16] = "", sku[32];
	int rows = 0, gd = 0, home = 0, bad_sku = 0, sorted = 1, weekok = 1, ret = 0;
	const char *err;
	struct rv_sample *s = rv_sample_new(&so, &err);

	test_cond("orders: same seed, same bytes", n1 == n2 && memcmp(a, b, n1) == 0);
	free(b);
	so.seed = 12;
	b = gen(&so, 0, &n2);
	test_cond("orders: another seed, other bytes", n1 != n2 || memcmp(a, b, n1) != 0);
	free(b);
	{
		const char *h = "order_id\tdate\tweek\tline\tsku\tbrand\tcarrier\t"
		    "warehouse\tprovince\tchannel\tprice\treturned\n";
		test_cond("orders: header", strncmp(a, h, strlen(h)) == 0);
	}
	test_cond("orders: row count", count_lines(a) == 100001);
	line = strchr(a, '\n') + 1;
	for (; *line; line = p + 1) {
		char cat[32], wh[32], prov[32];
		p = strchr(line, '\n');
		rows++;
		field(line, 1, f, sizeof(f));
		if (strcmp(f, prev) < 0)
			sorted = 0;
		strcpy(prev, f);
		field(line, 2, f, sizeof(f));
		weekok &= strlen(f) == 8 && strncmp(f, "2026-W4", 7) == 0 && f[7] >= '2' && f[7] <= '5';
		field(line, 3, cat, sizeof(cat));
		field(line, 4, sku, sizeof(sku));
		field(line, 7, wh, sizeof(wh));
		field(line, 8, prov, sizeof(prov));
		/* sku code prefix names the category */
		{
			int k, okc = 0;
			for (k = 0; k < s->ncat; k++)
				if (strcmp(s->cat[k].name, cat) == 0)
					okc = strncmp(sku, s->cat[k].code, 2) == 0;
			bad_sku += !okc;
		}
		gd += strcmp(prov, "广东") == 0;
		if (strcmp(prov, "广东") == 0)
			home += strcmp(wh, "华南仓") == 0;
		field(line, 11, f, sizeof(f));
		ret += f[0] == '1';
	}
	test_cond("orders: dates sorted", sorted);
	test_cond("orders: ISO weeks 2026-W42..W45", weekok);
	test_cond("orders: sku consistent with category", bad_sku == 0);
	test_cond("orders: 广东 ~ its population share (8.9%)", gd > 7500 && gd < 10500);
	test_cond("orders: warehouse follows province (~80% home)", home > gd * 0.75 && home < gd * 0.85);
	test_cond("orders: return rate above base, below 3x", ret > 5000 && ret < 15000);
	free(a);
	rv_sample_free(s);
}

/* Truth rows equal the segment counts over rv_sample_order, and causes
 * are measurably elevated. */
static void
test_truth(int change, uint64_t seed)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_ORDERS, 200000, seed);
	const char *err;
	struct rv_sample *s;
	char *t, *line, *p, f[256], name[256];
	int i, ok = 1, elevated = 1, ncause = 0, kinds_ok = 1;
	uint64_t n;

	so.change = change;
	so.simpson = !change;
	s = rv_sample_new(&so, &err);
	t = gen(&so, 1, NULL);
	test_cond("truth: header", strncmp(t, "cause\tdepth\trows\trate\tbase_rate\tkind\n", 37) == 0);
	line = strchr(t, '\n') + 1;
	for (i = 0; *line; i++, line = p + 1) {
		uint64_t rows = 0, want;
		double rate, base;
		const char *kind = rv_sample_seg(s, i, name, sizeof(name));
		p = strchr(line, '\n');
		field(line, 0, f, sizeof(f));
		ok &= strcmp(f, name) == 0;
		field(line, 5, f, sizeof(f));
		kinds_ok &= strcmp(f, kind) == 0;
		field(line, 2, f, sizeof(f));
		want = strtoull(f, NULL, 10);
		field(line, 3, f, sizeof(f));
		rate = strtod(f, NULL);
		field(line, 4, f, sizeof(f));
		base = strtod(f, NULL);
		for (n = 0; n < so.rows; n++) {
			struct rv_sample_order o;
			rv_sample_order(s, n, &o);
			if (change && o.day < s->ndays - 7)
				continue;
			rows += (uint64_t)rv_sample_seg_match(s, i, &o);
		}
		ok &= rows == want;
		/* at least half the planted excess, where rows are enough */
		if (strcmp(kind, "cause") == 0) {
			ncause++;
			if (want >= 500)
				elevated &= rate > base * (1 + 0.5 * (s->seg[i].lift - 1));
		}
		if (strcmp(kind, "decoy") == 0 && want >= 500)
			elevated &= rate > base * (1 + 0.5 * 0.75 * (s->seg[s->seg[i].link].lift - 1));
	}
	test_cond("truth: one line per planted segment", i == rv_sample_nsegs(s));
	test_cond("truth: rows match the generated data", ok);
	test_cond("truth: kinds", kinds_ok);
	test_cond("truth: 2 causes by default", ncause == 2);
	test_cond("truth: causes and decoys elevated", elevated);
	free(t);
	rv_sample_free(s);
}

static void
test_causes_option(void)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_ORDERS, 10, 5);
	const char *err;
	struct rv_sample *s;
	int k;

	for (k = 0; k <= 3; k++) {
		int i, n = 0;
		so.causes = k;
		so.decoys = 0;
		s = rv_sample_new(&so, &err);
		for (i = 0; i < rv_sample_nsegs(s); i++) {
			char b[256];
			n += strcmp(rv_sample_seg(s, i, b, sizeof(b)), "cause") == 0;
		}
		test_cond("--causes K plants K causes", n == k);
		rv_sample_free(s);
	}
}

static void
test_reviews(void)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_REVIEWS, 2000, 3);
	char *t = gen(&so, 1, NULL), *d = gen(&so, 0, NULL), *line, *p, f[256];
	int seen[SMP_NCOMP] = {0}, pol[3] = {0}, lang[3] = {0}, all = 1, i, consistent = 1;
	const char *err;
	struct rv_sample *s = rv_sample_new(&so, &err);

	test_cond("reviews: truth header",
	    strncmp(t, "review_id\tcategory\tcategories\tpolarity\tintensity\temotion\n", 57) == 0);
	for (line = strchr(t, '\n') + 1; *line; line = p + 1) {
		char *c;
		p = strchr(line, '\n');
		field(line, 2, f, sizeof(f));
		for (c = strtok(f, ","); c; c = strtok(NULL, ","))
			if (smp_comp_index(c) >= 0)
				seen[smp_comp_index(c)]++;
		field(line, 3, f, sizeof(f));
		pol[strcmp(f, "neg") == 0 ? 0 : strcmp(f, "neu") == 0 ? 1 : 2]++;
		{
			char in[8];
			field(line, 4, in, sizeof(in));
			if (strcmp(f, "neg") == 0)
				consistent &= in[0] >= '1' && in[0] <= '3' && in[1] == '\0';
			else
				consistent &= strcmp(in, "0") == 0;
		}
	}
	for (i = 0; i < SMP_NCOMP; i++)
		all &= seen[i] > 0;
	test_cond("reviews: every taxonomy category in 2000 reviews", all);
	test_cond("reviews: negative intensity is 1..3", consistent);
	test_cond("reviews: mostly positive, some negative and neutral",
	    pol[2] > pol[0] && pol[0] > 150 && pol[1] > 100);
	/* dims and order_id agree with rv_sample_order of the same seed */
	consistent = 1;
	for (line = strchr(d, '\n') + 1, i = 0; *line && i < 200; line = p + 1, i++) {
		struct rv_sample_order o;
		p = strchr(line, '\n');
		field(line, 1, f, sizeof(f));
		rv_sample_order(s, strtoull(f + 1, NULL, 10) - 1, &o);
		field(line, 4, f, sizeof(f));
		consistent &= strcmp(f, rv_sample_value(s, RV_DIM_SKU, o.v[RV_DIM_SKU])) == 0;
		field(line, 6, f, sizeof(f));
		consistent &= strcmp(f, rv_sample_value(s, RV_DIM_CARRIER, o.v[RV_DIM_CARRIER])) == 0;
		field(line, 1, f, sizeof(f));
		consistent &= (strtoull(f + 1, NULL, 10) - 1) / 3 == (uint64_t)i;
	}
	test_cond("reviews: order_id and dims match the orders", consistent);
	for (line = strchr(d, '\n') + 1; *line; line = p + 1) {
		p = strchr(line, '\n');
		field(line, 10, f, sizeof(f));
		lang[strcmp(f, "zh") == 0 ? 0 : strcmp(f, "en") == 0 ? 1 : 2]++;
		field(line, 12, f, sizeof(f));
		all &= strlen(f) >= 6;
	}
	test_cond("reviews: ~75% zh, ~20% en, ~5% mixed",
	    lang[0] > 1350 && lang[0] < 1650 && lang[1] > 300 && lang[1] < 500 && lang[2] > 50 && lang[2] < 160);
	test_cond("reviews: every text non-trivial", all);
	free(t);
	free(d);
	rv_sample_free(s);
}

/* Reviews of orders in a cause raise the cause's complaint category. */
static void
test_review_causes(void)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_REVIEWS, 30000, 8);
	const char *err;
	struct rv_sample *s = rv_sample_new(&so, &err);
	char *t = gen(&so, 1, NULL), *d = gen(&so, 0, NULL), *tl, *dl, *tp, *dp, f[256];
	int comp = s->seg[0].comp;
	long in = 0, in_c = 0, out = 0, out_c = 0;

	for (tl = strchr(t, '\n') + 1, dl = strchr(d, '\n') + 1; *tl && *dl; tl = tp + 1, dl = dp + 1) {
		struct rv_sample_order o;
		int hit;
		tp = strchr(tl, '\n');
		dp = strchr(dl, '\n');
		field(dl, 1, f, sizeof(f));
		rv_sample_order(s, strtoull(f + 1, NULL, 10) - 1, &o);
		field(tl, 2, f, sizeof(f));
		hit = strstr(f, smp_comp_names[comp]) != NULL;
		if (o.causes & 1) {
			in++;
			in_c += hit;
		} else {
			out++;
			out_c += hit;
		}
	}
	test_cond("reviews: cause rows complain about the cause's category 2x+ as often",
	    in > 100 && out > 0 && (double)in_c / in > 2.0 * (double)out_c / out);
	free(t);
	free(d);
	rv_sample_free(s);
}

static void
test_kinds(void)
{
	int k;

	for (k = RV_SAMPLE_CHATS; k <= RV_SAMPLE_JOURNEYS; k++) {
		struct rv_sample_opts so = opts(k, 50, 4);
		size_t n1, n2;
		char *a = gen(&so, 0, &n1), *b = gen(&so, 0, &n2);
		test_cond("chats/journeys: deterministic", n1 == n2 && memcmp(a, b, n1) == 0);
		free(a);
		free(b);
	}
	test_cond("kind names", rv_sample_kind("orders") == RV_SAMPLE_ORDERS &&
	    rv_sample_kind("journeys") == RV_SAMPLE_JOURNEYS && rv_sample_kind("x") < 0);
}


static void
test_chats_journeys(void)
{
	struct rv_sample_opts so = opts(RV_SAMPLE_CHATS, 500, 6);
	char *d = gen(&so, 0, NULL), *t = gen(&so, 1, NULL), *line, *p, f[64], conv[16] = "";
	int turns = 0, okturns = 1, okseq = 1, nconv = 0, bp_ok = 1, prev = 0;

	for (line = strchr(d, '\n') + 1; *line; line = p + 1) {
		p = strchr(line, '\n');
		field(line, 0, f, sizeof(f));
		if (strcmp(f, conv) != 0) {
			if (nconv)
				okturns &= turns >= 4 && turns <= 16;
			strcpy(conv, f);
			nconv++;
			turns = 0;
			prev = 0;
		}
		turns++;
		field(line, 1, f, sizeof(f));
		okseq &= atoi(f) == prev + 1;
		prev = atoi(f);
		field(line, 2, f, sizeof(f));
		okseq &= strcmp(f, "customer") == 0 || strcmp(f, "agent") == 0;
		if (turns == 1)
			okseq &= strcmp(f, "customer") == 0;
	}
	okturns &= turns >= 4 && turns <= 16;
	test_cond("chats: one conversation per row requested", nconv == 500);
	test_cond("chats: 4-16 turns each", okturns);
	test_cond("chats: turns numbered, customer opens", okseq);
	for (line = strchr(t, '\n') + 1; *line; line = p + 1) {
		char kind[32];
		p = strchr(line, '\n');
		field(line, 1, kind, sizeof(kind));
		field(line, 2, f, sizeof(f));
		/* a breakpoint names a customer turn; none has turn 0 */
		bp_ok &= (strcmp(kind, "none") == 0) == (atoi(f) == 0);
	}
	test_cond("chats: truth breakpoint kind and turn agree", bp_ok);
	free(d);
	free(t);

	so = opts(RV_SAMPLE_JOURNEYS, 20000, 6);
	d = gen(&so, 0, NULL);
	t = gen(&so, 1, NULL);
	{
		static const char *const st[] = {"purchase", "wait", "delivery", "unboxing", "use", "aftersales"};
		int i = 0, ok = 1, rows = 0;
		for (line = strchr(d, '\n') + 1; *line; line = p + 1, i = (i + 1) % 6) {
			p = strchr(line, '\n');
			field(line, 1, f, sizeof(f));
			ok &= strcmp(f, st[i]) == 0;
			rows++;
		}
		test_cond("journeys: six stages per customer, in order", ok && rows == 6 * 20000);
	}
	{
		int n = 0, ok = 1;
		for (line = strchr(t, '\n') + 1; *line; line = p + 1, n++) {
			double fr, mood, mo, ch, cho;
			p = strchr(line, '\n');
			field(line, 3, f, sizeof(f)); fr = strtod(f, NULL);
			field(line, 4, f, sizeof(f)); mood = strtod(f, NULL);
			field(line, 5, f, sizeof(f)); mo = strtod(f, NULL);
			field(line, 6, f, sizeof(f)); ch = strtod(f, NULL);
			field(line, 7, f, sizeof(f)); cho = strtod(f, NULL);
			ok &= fr > 0.3 && fr < 0.8 && mood < mo - 0.5 && ch > 2 * cho;
		}
		test_cond("journeys: planted breakpoints fail, drop mood and churn", ok && n == 2);
	}
	free(d);
	free(t);
}

int
main(void)
{
	test_rng();
	test_template();
	test_orders();
	test_truth(0, 1);
	test_truth(0, 2);
	test_truth(1, 3);
	test_causes_option();
	test_reviews();
	test_review_causes();
	test_kinds();
	test_chats_journeys();
	return test_report();
}
