/* test_script.c - exact small cases for lib/stats/ols.c (least squares,
 * ridge, sweep, cluster sandwich on a 4-row problem worked by hand),
 * BH q-values, lib/text/phrase.c (natural length, placeholders,
 * punctuation) and rv_script_outcome. */
#include <math.h>
#include <string.h>

#include "data.h"
#include "ols.h"
#include "phrase.h"
#include "script.h"
#include "stats.h"
#include "testhelp.h"

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-12;
}

static void
test_ols(void)
{
	/* y = 1 3 2 5 on x = 0 1 2 3 with an intercept: X'X = [4 6; 6 14],
	 * X'y = [11 22], beta = (1.1, 1.1), residuals -0.1 0.8 -1.3 0.6,
	 * RSS 2.7, sigma^2 1.35, (X'X)^-1 = [0.7 -0.3; -0.3 0.2]. */
	const double x[8] = {1, 0, 1, 1, 1, 2, 1, 3}, y[4] = {1, 3, 2, 5};
	const double lam[2] = {0, 1};
	const size_t cl[4] = {7, 7, 3, 3};
	double b[2], v[4], a[9] = {4, 6, 11, 6, 14, 22, 11, 22, 39}, a0[9];

	test_cond("ols fit", rv_ols_fit(x, y, 4, 2, NULL, NULL, b, v) == 0 && near(b[0], 1.1) && near(b[1], 1.1));
	test_cond("ols classical variance of the slope 1.35 * 0.2", near(v[3], 0.27) && near(v[1], -1.35 * 0.3));
	/* two clusters: scores (0.7, 0.8) and (-0.7, -0.8); meat [0.98 1.12;
	 * 1.12 1.28]; B M B = [0.125 .; . 0.005], times g/(g-1) = 2 */
	test_cond("ols cluster sandwich", rv_ols_fit(x, y, 4, 2, NULL, cl, b, v) == 0 &&
	    near(v[0], 0.25) && near(v[3], 0.01) && near(v[1], v[2]));
	/* ridge 1 on the slope: [4 6; 6 15] beta = [11 22] */
	test_cond("ols ridge", rv_ols_fit(x, y, 4, 2, lam, NULL, b, NULL) == 0 &&
	    near(b[0], 33.0 / 24) && near(b[1], 22.0 / 24));
	test_cond("ols singular", rv_ols_fit((const double[]){1, 2, 1, 2}, y, 2, 2, NULL, NULL, b, NULL) == 1);
	/* sweep: coefficients in the y column, RSS in the corner; twice undoes */
	memcpy(a0, a, sizeof(a));
	rv_ols_sweep(a, 3, 0);
	rv_ols_sweep(a, 3, 1);
	test_cond("sweep coefficients and RSS", near(a[2], 1.1) && near(a[5], 1.1) && near(a[8], 2.7));
	test_cond("sweep inverse", near(a[0], -0.7) && near(a[1], 0.3) && near(a[4], -0.2));
	/* x_1 given the intercept: residual sum of squares 14 - 36/4 = 5 */
	memcpy(a, a0, sizeof(a));
	rv_ols_sweep(a, 3, 0);
	test_cond("sweep partial residual", near(a[4], 5) && near(a[5], 22 - 6 * 11 / 4.0));
	memcpy(a, a0, sizeof(a));
	a[0] = 0;
	test_cond("sweep refuses a zero pivot", rv_ols_sweep(a, 3, 0) == 0 && a[4] == 14 && a[1] == 6);
}

static void
test_bh(void)
{
	/* sorted .01 .03 .04 .5: raw .04 .06 .0533 .5, monotone from the top */
	const double p[4] = {0.01, 0.04, 0.03, 0.5};
	double q[4];

	test_cond("bh", rv_stats_bh(p, 4, 4, q) == 0 && near(q[0], 0.04) && near(q[1], 0.04 * 4 / 3) &&
	    near(q[2], 0.04 * 4 / 3) && near(q[3], 0.5));
	test_cond("bh family larger than tested", rv_stats_bh(p, 1, 10, q) == 0 && near(q[0], 0.1));
}

static int
has(const struct rv_phrases *p, long n, const char *s)
{
	for (long i = 0; i < n; i++)
		if (strcmp(rv_phrases_text(p, (size_t)i), s) == 0)
			return 1;
	return 0;
}

static void
test_phrases(void)
{
	static const char *const docs[] = {
		"好的，我马上为您处理。", "亲，马上为您处理，请稍等", "这个问题我马上为您处理哦",
		"马上为您处理！订单号[数字x]", "已登记，马上为您处理", "您好[姓名x]，请提供订单号",
		"请提供订单号[ORDERID_123]", "麻烦请提供订单号", "We will refund your order today.",
		"OK, we will refund your order.", "Sorry! We will refund your order soon",
	};
	struct rv_phrase_opts o;
	struct rv_phrases *p;
	uint32_t ids[64];
	long n;
	size_t i, k;
	size_t len;
	const char *d;

	rv_phrases_opts_default(&o);
	o.min_support = 3;
	p = rv_phrases_new(&o);
	d = rv_data_get("terms-stop-en.tsv", &len);
	test_cond("phrase stop list", d != NULL && rv_phrases_stop(p, d, len) == 0);
	d = rv_data_get("terms-stop-zh.tsv", &len);
	test_cond("phrase stop list zh", d != NULL && rv_phrases_stop(p, d, len) == 0);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		rv_phrases_add(p, docs[i], strlen(docs[i]));
	n = rv_phrases_mine(p);
	test_cond("phrase at its natural length", has(p, n, "马上为您处理"));
	test_cond("no parts of it", !has(p, n, "马上为您处") && !has(p, n, "上为您处理") && !has(p, n, "为您"));
	test_cond("support of it", rv_phrases_support(p, 0) == 5 && strcmp(rv_phrases_text(p, 0), "马上为您处理") == 0);
	test_cond("请提供订单号", has(p, n, "请提供订单号"));
	test_cond("English: folded, stop words trimmed", has(p, n, "refund your order"));
	for (k = 0; k < (size_t)n; k++) {
		const char *t = rv_phrases_text(p, k);
		test_cond("no placeholder or punctuation in a phrase", strchr(t, '[') == NULL &&
		    strstr(t, "数字") == NULL && strstr(t, "orderid") == NULL && strstr(t, "，") == NULL);
	}
	k = rv_phrases_in(p, 3, ids, 64);	/* 马上为您处理, 订单号 (4 documents) */
	test_cond("phrases in a document", k == 2 && strcmp(rv_phrases_text(p, ids[0]), "马上为您处理") == 0 &&
	    strcmp(rv_phrases_text(p, ids[1]), "订单号") == 0);
	rv_phrases_free(p);

	p = rv_phrases_new(&o);	/* given phrases: folded substrings */
	rv_phrases_fixed(p, "ＷＥ WILL", 10);
	rv_phrases_fixed(p, "马上", strlen("马上"));
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		rv_phrases_add(p, docs[i], strlen(docs[i]));
	n = rv_phrases_mine(p);
	test_cond("fixed phrases", n == 2 && rv_phrases_support(p, 0) == 3 && rv_phrases_support(p, 1) == 5);
	rv_phrases_free(p);
}

static void
test_outcome(void)
{
	double v;

	test_cond("outcome yes", rv_script_outcome("Yes", 3, &v) == 0 && v == 1);
	test_cond("outcome n", rv_script_outcome(" n ", 3, &v) == 0 && v == 0);
	test_cond("outcome number", rv_script_outcome("4.5", 3, &v) == 0 && v == 4.5);
	test_cond("outcome blank", rv_script_outcome("  ", 2, &v) == 0 && isnan(v));
	test_cond("outcome bad", rv_script_outcome("maybe", 5, &v) < 0);
}

int
main(void)
{
	test_ols();
	test_bh();
	test_phrases();
	test_outcome();
	return test_report();
}
