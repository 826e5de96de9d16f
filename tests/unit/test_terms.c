/* test_terms.c - small exact cases for lib/text/terms.c: the G2 keyness,
 * q-value and smoothed log ratio of one English word against a 2x2 table
 * worked by hand; document (not occurrence) counts; a planted Chinese
 * phrase discovered whole among random word sequences while its parts and
 * the chance neighbours 的是 are rejected; nested parts give way; --new;
 * the partial states of two halves merge to one run's words, entropies,
 * counts and examples, bit for bit. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "partial.h"
#include "rng.h"
#include "terms.h"
#include "testhelp.h"
#include "tsv.h"

static int
close_rel(double got, double want, double tol)
{
	return fabs(got - want) <= tol * fabs(want);
}

static const struct rv_term *
find_term(const struct rv_terms_result *r, const char *s)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->t[i].term, s) == 0)
			return &r->t[i];
	return NULL;
}

/* "zipper" in 10 of 100 group texts and 10 of 400 others; "ok" in all.
 * Table 10 90 / 10 390, expected 4 96 / 16 384:
 * G2 = 2 (10 ln 10/4 + 90 ln 90/96 + 10 ln 10/16 + 390 ln 390/384). */
static void
test_g2(void)
{
	struct rv_terms_opts o;
	struct rv_terms *t;
	struct rv_terms_result r;
	const struct rv_term *z;
	double g2 = 2 * (10 * log(10.0 / 4) + 90 * log(90.0 / 96) + 10 * log(10.0 / 16) +
	    390 * log(390.0 / 384));
	int i;

	rv_terms_opts_default(&o);
	t = rv_terms_new(&o);
	for (i = 0; i < 500; i++) {
		int g = i < 100;
		int hit = g ? i < 10 : i < 110;
		/* the word twice in one text still counts one text */
		const char *s = hit ? "Zipper. Zipper! Ok." : "Ok.";
		rv_terms_add(t, g, s, strlen(s));
	}
	test_cond("run", rv_terms_run(t, &r) == 0);
	test_cond("hand G2 is 9.402", fabs(g2 - 9.402073745858477) < 1e-12);
	z = find_term(&r, "zipper");
	test_cond("zipper reported", z != NULL);
	if (z != NULL) {
		test_cond("zipper document counts", z->n_group == 10 && z->n_rest == 10);
		test_cond("zipper G2 by hand", close_rel(z->g2, g2, 1e-9));
		test_cond("p = chi2(1) tail", close_rel(z->p, erfc(sqrt(g2) / sqrt(2)), 1e-9));
		/* family: zipper and ok; one of them over-represented */
		test_cond("family of two", r.tested == 2);
		test_cond("BH q", close_rel(z->q, z->p * 2, 1e-9));
		test_cond("smoothed log2 ratio",
		    close_rel(z->ratio, log2((10.5 / 101) / (10.5 / 401)), 1e-12));
		test_cond("example kept", z->ex[0] != NULL && strcmp(z->ex[0], "Zipper. Zipper! Ok.") == 0);
	}
	test_cond("ok not over-represented", find_term(&r, "ok") == NULL);
	test_cond("no phrase across punctuation", find_term(&r, "zipper ok") == NULL);
	test_cond("exact counts", r.undercount == 0 && r.docs_group == 100 && r.docs_rest == 400);
	rv_terms_result_free(&r);
	rv_terms_free(t);
}

static const char *const words[] = {
	"的", "的", "的", "是", "是", "是", "质量", "快递", "客服", "价格", "包装", "发货",
	"很好", "不错", "一般", "颜色", "尺码", "手机", "电池", "声音", "速度", "物流",
	"卖家", "宝贝", "收到", "喜欢", "满意", "推荐", "朋友", "衣服", "鞋子", "电脑"
};

/* Random sequences of common words; 屏幕闪烁 and 不退款 planted in 10% of
 * the group texts, each in a random place. */
static void
test_discovery(void)
{
	struct rv_terms_opts o;
	struct rv_terms *t;
	struct rv_terms_result r;
	struct rv_rng g;
	struct rv_buf b = {0};
	double pmi, hl, hr;
	int i, k;

	rv_terms_opts_default(&o);
	t = rv_terms_new(&o);
	rv_rng_seed(&g, 42, 0);
	for (i = 0; i < 4000; i++) {
		int grp = i % 2, n = 4 + (int)(rv_rng_next(&g) % 6), at = (int)(rv_rng_next(&g) % (uint64_t)n);
		int plant = grp && rv_rng_next(&g) % 10 == 0;
		rv_buf_clear(&b);
		for (k = 0; k < n; k++) {
			if (plant && k == at)
				rv_buf_puts(&b, i % 4 == 1 ? "屏幕闪烁" : "不退款");
			rv_buf_puts(&b, words[rv_rng_next(&g) % (sizeof(words) / sizeof(words[0]))]);
		}
		rv_terms_add(t, grp, b.p, b.len);
	}
	test_cond("run", rv_terms_run(t, &r) == 0);
	test_cond("屏幕闪烁 a word", rv_terms_word(t, "屏幕闪烁", &pmi, &hl, &hr) == 1);
	test_cond("不退款 a word", rv_terms_word(t, "不退款", &pmi, &hl, &hr) == 1);
	test_cond("屏幕闪 not a word (no right freedom)", rv_terms_word(t, "屏幕闪", &pmi, &hl, &hr) == 0 && hr < 0.1);
	test_cond("幕闪烁 not a word (no left freedom)", rv_terms_word(t, "幕闪烁", &pmi, &hl, &hr) == 0 && hl < 0.1);
	test_cond("屏幕 nested in 屏幕闪烁", rv_terms_word(t, "屏幕", &pmi, &hl, &hr) != 1);
	test_cond("的是 is a candidate but not a word",
	    rv_terms_word(t, "的是", &pmi, &hl, &hr) == 0 && pmi < log(2.0));
	test_cond("质量 a word", rv_terms_word(t, "质量", &pmi, &hl, &hr) == 1);
	test_cond("two terms found", r.n == 2);
	test_cond("屏幕闪烁 reported whole", find_term(&r, "屏幕闪烁") != NULL);
	test_cond("不退款 reported whole", find_term(&r, "不退款") != NULL);
	test_cond("no part reported", find_term(&r, "退款") == NULL && find_term(&r, "闪烁") == NULL);
	rv_terms_result_free(&r);
	rv_terms_free(t);
	rv_buf_free(&b);
}

/* --new: "leak" is 20x more common in the group, "stain" only 3x. */
static void
test_new(void)
{
	struct rv_terms_opts o;
	struct rv_terms *t;
	struct rv_terms_result r;
	int i;

	rv_terms_opts_default(&o);
	o.new_only = 1;
	t = rv_terms_new(&o);
	for (i = 0; i < 1000; i++) {
		int g = i < 500, j = g ? i : i - 500;
		const char *s = j < (g ? 60 : 3) ? "leak." : j < (g ? 160 : 193) ? "stain." : "fine.";
		rv_terms_add(t, g, s, strlen(s));
	}
	test_cond("run", rv_terms_run(t, &r) == 0);
	test_cond("only leak is new", r.n == 1 && strcmp(r.t[0].term, "leak") == 0);
	rv_terms_result_free(&r);
	rv_terms_free(t);
}

/* English stop words: not terms, not at phrase edges. */
static void
test_stop(void)
{
	struct rv_terms_opts o;
	struct rv_terms *t;
	struct rv_terms_result r;
	char err[128];
	const char *stop = "# c\nthe\tedge\nit\tedge\n不\tterm\nbad\tkind\n";
	int i;

	rv_terms_opts_default(&o);
	t = rv_terms_new(&o);
	test_cond("bad kind on line 5", rv_terms_stop(t, stop, strlen(stop), err, sizeof(err)) == 5);
	for (i = 0; i < 200; i++) {
		const char *s = i < 100 && i % 5 == 0 ? "the zipper broke it" : "the day";
		rv_terms_add(t, i < 100, s, strlen(s));
	}
	rv_terms_run(t, &r);
	test_cond("zipper broke, no stop word at an edge",
	    r.n == 1 && strcmp(r.t[0].term, "zipper broke") == 0);
	rv_terms_result_free(&r);
	rv_terms_free(t);
}

/* A part whose excess is all inside a longer reported phrase is left
 * out; one with an excess of its own outside it stays. */
static void
test_explain(void)
{
	struct rv_terms_opts o;
	struct rv_terms *t;
	struct rv_terms_result r;
	int i;

	rv_terms_opts_default(&o);
	t = rv_terms_new(&o);
	/* pull: 300 + 480 of 3000 group texts against 600 of 3000 (G2 about
	 * 31, significant); outside the phrase 480 of 2700, below the rest */
	for (i = 0; i < 6000; i++) {
		int g = i < 3000;
		const char *s = g && i < 300 ? "the zipper pull snapped." : g && i < 600 ? "zipper stuck." :
		    i % 5 == 0 ? "pull it." : "fine.";
		rv_terms_add(t, g, s, strlen(s));
	}
	rv_terms_run(t, &r);
	test_cond("phrase reported", find_term(&r, "zipper pull snapped") != NULL);
	test_cond("zipper has its own excess", find_term(&r, "zipper") != NULL);
	test_cond("pull explained by the phrase", find_term(&r, "pull") == NULL);
	test_cond("snapped nested", find_term(&r, "snapped") == NULL);
	rv_terms_result_free(&r);
	rv_terms_free(t);
}

/* A table of 1024 keys: thousands of distinct rare words force pruning;
 * the planted word keeps counts within the reported undercount. */
static void
test_prune(void)
{
	struct rv_terms_opts o;
	struct rv_terms *t;
	struct rv_terms_result r;
	const struct rv_term *z;
	char s[64];
	int i;

	rv_terms_opts_default(&o);
	o.max_entries = 1024;
	t = rv_terms_new(&o);
	for (i = 0; i < 4000; i++) {
		int g = i % 2;
		snprintf(s, sizeof(s), "w%dx%c. %s", i, 'a' + i % 26, g && i % 10 == 1 ? "leak." : "ok.");
		rv_terms_add(t, g, s, strlen(s));
	}
	test_cond("run", rv_terms_run(t, &r) == 0);
	test_cond("pruned", r.undercount > 0);
	z = find_term(&r, "leak");
	test_cond("leak found", z != NULL);
	if (z != NULL)
		test_cond("counts within the undercount",
		    z->n_group <= 400 && z->n_group + r.undercount >= 400 && z->n_rest == 0);
	rv_terms_result_free(&r);
	rv_terms_free(t);
}

/* The state of t (rv_terms_write_partial) added to m row by row. */
static int
merge_state(struct rv_terms *t, struct rv_terms *m)
{
	FILE *f = tmpfile();
	struct rv_out out;
	struct rv_field fld[8];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int bad = 0;

	if (f == NULL || rv_out_init(&out, fileno(f)) < 0)
		return -1;
	bad |= rv_terms_write_partial(t, &out) != 0;
	bad |= rv_out_close(&out) != 0;
	rewind(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		size_t nf = 0;
		char *p = line, *tab;
		line[len - 1] = '\0';
		while (nf < 8) {
			tab = strchr(p, '\t');
			fld[nf].p = p;
			fld[nf++].len = tab ? (size_t)(tab - p) : strlen(p);
			if (tab == NULL)
				break;
			p = tab + 1;
		}
		bad |= rv_terms_merge_row(m, fld, nf) != 0;
	}
	free(line);
	fclose(f);
	return bad ? -1 : 0;
}

static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void
test_merge(void)
{
	struct rv_terms_opts o;
	struct rv_terms *one, *half[2], *m;
	struct rv_terms_result r1, r2;
	struct rv_rng g;
	struct rv_buf b = {0};
	size_t j;
	int i, k, pass, same;

	rv_terms_opts_default(&o);
	o.max_examples = 300;	/* fewer than the group texts: the sample matters */
	for (pass = 0; pass < 2; pass++) {
		one = rv_terms_new(&o);
		half[0] = rv_terms_new(&o);
		half[1] = rv_terms_new(&o);
		m = rv_terms_new(&o);
		rv_rng_seed(&g, 7, 0);
		for (i = 0; i < 3000; i++) {
			int grp = i % 2, n = 3 + (int)(rv_rng_next(&g) % 6);
			rv_buf_clear(&b);
			for (k = 0; k < n; k++) {
				if (grp && rv_rng_next(&g) % 12 == 0)
					rv_buf_puts(&b, i % 3 ? "屏幕闪烁" : "the zipper broke, ");
				rv_buf_puts(&b, words[rv_rng_next(&g) % (sizeof(words) / sizeof(words[0]))]);
			}
			rv_terms_add(one, grp, b.p, b.len);
			rv_terms_add(half[i >= 1234], grp, b.p, b.len);
		}
		test_cond("merge the halves in order",
		    merge_state(half[0], m) == 0 && merge_state(half[1], m) == 0);
		test_cond("merged docs", rv_terms_docs(m, 1) == 1500 && rv_terms_docs(m, 0) == 1500);
		test_cond("results", (pass ? rv_terms_vocab(one, &r1) : rv_terms_run(one, &r1)) == 0 &&
		    (pass ? rv_terms_vocab(m, &r2) : rv_terms_run(m, &r2)) == 0);
		same = r1.n == r2.n && r1.n > 0 && r1.tested == r2.tested;
		for (j = 0; same && j < r1.n; j++) {
			const struct rv_term *x = &r1.t[j], *y = &r2.t[j];
			same = strcmp(x->term, y->term) == 0 && x->count == y->count &&
			    x->n_group == y->n_group && x->n_rest == y->n_rest && x->g2 == y->g2 &&
			    x->q == y->q && x->pmi == y->pmi && x->hl == y->hl && x->hr == y->hr &&
			    same_str(x->ex[0], y->ex[0]) && same_str(x->ex[1], y->ex[1]);
		}
		test_cond(pass ? "merged words = one run's, bit for bit" :
		    "merged terms and examples = one run's, bit for bit", same);
		rv_terms_result_free(&r1);
		rv_terms_result_free(&r2);
		rv_terms_free(one);
		rv_terms_free(half[0]);
		rv_terms_free(half[1]);
		rv_terms_free(m);
	}
	rv_buf_free(&b);
}

/* Pruned halves: the merged counts are within the reported undercount,
 * the parts' undercounts and the merge's own. */
static void
test_merge_pruned(void)
{
	struct rv_terms_opts o;
	struct rv_terms *half[2], *m;
	struct rv_terms_result r[3];
	const struct rv_term *z;
	char s[64];
	int i, k;

	rv_terms_opts_default(&o);
	o.max_entries = 1024;
	half[0] = rv_terms_new(&o);
	half[1] = rv_terms_new(&o);
	m = rv_terms_new(&o);
	for (i = 0; i < 4000; i++) {
		int g = i % 2;
		snprintf(s, sizeof(s), "w%dx%c. %s", i, 'a' + i % 26, g && i % 10 == 1 ? "leak." : "ok.");
		rv_terms_add(half[i >= 2000], g, s, strlen(s));
	}
	test_cond("merge pruned halves", merge_state(half[0], m) == 0 && merge_state(half[1], m) == 0);
	for (k = 0; k < 2; k++)
		rv_terms_run(half[k], &r[k]);
	test_cond("merged run", rv_terms_run(m, &r[2]) == 0);
	test_cond("undercount: the parts' and more",
	    r[0].undercount > 0 && r[2].undercount >= r[0].undercount + r[1].undercount);
	z = find_term(&r[2], "leak");
	test_cond("leak counts within the undercount", z != NULL && z->n_group <= 400 &&
	    z->n_group + r[2].undercount >= 400 && z->n_rest == 0);
	for (k = 0; k < 3; k++)
		rv_terms_result_free(&r[k]);
	rv_terms_free(half[0]);
	rv_terms_free(half[1]);
	rv_terms_free(m);
}

/* The line of a state for --merge's messages. */
static void
test_partial_helpers(void)
{
	struct rv_field f[2] = {{"rv-terms-partial", 16}, {"1", 1}};
	char buf[8];

	test_cond("a state's header", rv_partial_is_header(f, 2, "rv-terms-partial"));
	test_cond("not another's", !rv_partial_is_header(f, 2, "rv-curve-partial") &&
	    !rv_partial_is_header(f, 0, "rv-terms-partial"));
	test_cond("shown: TAB as space, cut", strcmp(rv_partial_shown(buf, sizeof(buf), "a\tb\x01" "cdefgh", 9),
	    "a b cde") == 0);
	test_cond("shown: no newline", strcmp(rv_partial_shown(buf, sizeof(buf), "ab\n", 3), "ab") == 0);
	{
		char d[128];
		test_cond("diff: the first field that differs", strcmp(rv_partial_diff(d, sizeof(d),
		    "m\t2\to=a\tp=", 10, "m\t2\to=b\tp=\n", 11), "'o=a' where the first has 'o=b'") == 0);
		test_cond("diff: a field fewer", strcmp(rv_partial_diff(d, sizeof(d), "m\tx", 3,
		    "m\tx\t", 4), "nothing where the first has ''") == 0);
		test_cond("diff: a field more", strcmp(rv_partial_diff(d, sizeof(d), "m\tx\ty", 5,
		    "m\tx", 3), "'y' where the first has nothing") == 0);
		test_cond("diff: none", strcmp(rv_partial_diff(d, sizeof(d), "m\tx", 3, "m\tx\n", 4),
		    "nothing") == 0);
	}
}

int
main(void)
{
	test_merge();
	test_merge_pruned();
	test_partial_helpers();
	test_prune();
	test_explain();
	test_g2();
	test_discovery();
	test_new();
	test_stop();
	return test_report();
}
