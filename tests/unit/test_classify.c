/* test_classify.c - the rule engine (lib/classify) and the prefix-indexed
 * rule set (lib/ruleset). */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "classify.h"
#include "data.h"
#include "ruleset.h"
#include "testhelp.h"

struct seen {
	int id[64];
	size_t s[64], e[64];
	int n;
};

static int
record(void *arg, int id, size_t s, size_t e)
{
	struct seen *x = arg;

	if (x->n < 64) {
		x->id[x->n] = id;
		x->s[x->n] = s;
		x->e[x->n] = e;
		x->n++;
	}
	return 0;
}

static int
has(const struct seen *x, int id, size_t s, size_t e)
{
	int i;

	for (i = 0; i < x->n; i++)
		if (x->id[i] == id && x->s[i] == s && x->e[i] == e)
			return 1;
	return 0;
}

static void
test_ruleset(void)
{
	struct rv_ruleset *rs = rv_ruleset_new();
	struct seen x = {0};
	size_t off = 0, any = 0;
	const char *t = "快递太慢了, runs small; 质量差";

	test_cond("ruleset: new", rs != NULL);
	test_cond("ruleset: literal", rv_ruleset_add(rs, "太慢", 6, 1, 1, &off) == 0);
	test_cond("ruleset: group + gap",
	    rv_ruleset_add(rs, "(快递|物流)[^,]{0,3}慢", strlen("(快递|物流)[^,]{0,3}慢"), 2, 1, &off) == 0);
	test_cond("ruleset: english", rv_ruleset_add(rs, "runs?\\s+small", 13, 3, 2, &off) == 0);
	test_cond("ruleset: anywhere", rv_ruleset_add(rs, ".差", 4, 4, 1, &off) == 0);
	test_cond("ruleset: alternation", rv_ruleset_add(rs, "质量|品质", strlen("质量|品质"), 5, 1, &off) == 0);
	test_cond("ruleset: bad pattern fails with offset",
	    rv_ruleset_add(rs, "a(b", 3, 6, 1, &off) > 0 && off == 3);
	test_cond("ruleset: build", rv_ruleset_build(rs) == 0);
	test_cond("ruleset: branches counted", rv_ruleset_branches(rs, &any) == 6 && any == 1);
	test_cond("ruleset: scan", rv_ruleset_scan(rs, t, strlen(t), 3, record, &x) == 0);
	test_cond("ruleset: literal found", has(&x, 1, 6, 12));
	test_cond("ruleset: overlapping rule found too", has(&x, 2, 0, 12));
	test_cond("ruleset: english found", has(&x, 3, 17, 27));
	test_cond("ruleset: any-start rule found", has(&x, 4, 32, 38));
	test_cond("ruleset: alternation branch found", has(&x, 5, 29, 35));
	x.n = 0;
	rv_ruleset_scan(rs, t, strlen(t), 1, record, &x);
	test_cond("ruleset: tag mask skips english", !has(&x, 3, 17, 27) && has(&x, 1, 6, 12));
	rv_ruleset_free(rs);
}

/* The required-code-point filter (a branch's regex runs only when the row
 * holds one of the first code points of a mandatory atom) must never skip
 * a branch that matches: required literals only inside an alternation,
 * inline case-insensitivity, optional or empty alternatives, lookarounds,
 * repeats, escapes and classes. */
static void
test_ruleset_required(void)
{
	static const struct {
		const char *pat, *text;
		size_t s, e;	/* the match expected; e == 0: none */
	} c[] = {
		{"(不|没)(太|很)?(慢|晚|久)", "等了没很久", 6, 15},
		{"(不|没)(太|很)?(慢|晚|久)", "不太快", 0, 0},
		{"([0-9]+)(个)?(天|周)(都)?(没|没有|未)(到|发货)", "下单3周都没有发货", 6, 25},
		{"(?i)runs\\s+SMALL", "it runs small", 3, 13},
		{"z(?i:A)", "za", 0, 2},
		{"q(r|)s", "qs", 0, 2},
		{"m((n)?o)p", "mop", 0, 3},
		{"k(?!x)l", "kl", 0, 2},
		{"a(b|c)+d", "acbd", 0, 4},
		{"x\\.(y|z)", "x.z", 0, 3},
		{"go\\s+(away|off)", "go  off", 0, 7},
		{"z[a-c]", "zb", 0, 2},
		{"w[^,]{0,3}(坏|破)", "w,坏", 0, 0},
		{"(?:i|we)\\s+(?:ordered|bought)\\s+(?:the\\s+)?wrong", "we bought the wrong", 0, 19},
		{"质量(很|非常)?(差|烂)", "质量非常差", 0, 15},
		{"(?<x>a)b\\k<x>", "aba", 0, 3},
		{"ab\\cA", "ab\x01", 0, 3},
		{"(a)b\\1", "aba", 0, 3},
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct rv_ruleset *rs = rv_ruleset_new();
		struct seen x = {0};
		size_t off = 0;
		char name[160];
		int ok = rs != NULL && rv_ruleset_add(rs, c[i].pat, strlen(c[i].pat), 1, 1, &off) == 0 &&
		    rv_ruleset_build(rs) == 0 &&
		    rv_ruleset_scan(rs, c[i].text, strlen(c[i].text), 1, record, &x) == 0;
		snprintf(name, sizeof(name), "ruleset required set: /%s/ on \"%s\"", c[i].pat, c[i].text);
		test_cond(name, ok && (c[i].e == 0 ? x.n == 0 : x.n == 1 && has(&x, 1, c[i].s, c[i].e)));
		rv_ruleset_free(rs);
	}
}

static struct rv_rules *
rules(const char *text)
{
	struct rv_rules *rs = rv_rules_new();
	struct rv_rules_err e;

	if (rs == NULL || rv_rules_load(rs, text, strlen(text), "t", &e) < 0 ||
	    rv_rules_compile(rs, &e) < 0) {
		printf("rules failed: %s\n", e.msg);
		rv_rules_free(rs);
		return NULL;
	}
	return rs;
}

static int
classify(struct rv_rules *rs, const char *text, int pol, const char *cat, const char *cats)
{
	struct rv_class c;

	if (rv_rules_classify(rs, text, strlen(text), pol, &c) < 0)
		return 0;
	if (c.category_len != strlen(cat) || memcmp(c.category, cat, c.category_len) != 0 ||
	    c.categories_len != strlen(cats) || memcmp(c.categories, cats, c.categories_len) != 0) {
		printf("  got '%.*s' '%.*s' for %s\n", (int)c.category_len, c.category,
		    (int)c.categories_len, c.categories, text);
		return 0;
	}
	return 1;
}

static void
test_flags(void)
{
	struct rv_rules *a = rules("quality\t1\t(?#neg)(?#noneg)坏\nother\t1\t差\n");
	struct rv_rules *b = rules("quality\t1\t(?#noneg)(?#neg)坏\nother\t1\t差\n");
	struct rv_rules *c = rules("quality\t1\t(?#neg)坏\nother\t1\t差\n");

	test_cond("flags: (?#neg)(?#noneg) both apply", a != NULL &&
	    classify(a, "不坏，差", -1, "quality", "quality") && classify(a, "不坏", -1, "", ""));
	test_cond("flags: (?#noneg)(?#neg) both apply", b != NULL &&
	    classify(b, "不坏，差", -1, "quality", "quality") && classify(b, "不坏", -1, "", ""));
	test_cond("flags: (?#neg) alone keeps the negation check", c != NULL &&
	    classify(c, "不坏，差", -1, "other", "other") && classify(c, "坏了，差", -1, "quality", "quality"));
	test_cond("flags: (?#neg) follows the polarity column", c != NULL &&
	    classify(c, "坏了", RV_POL_NEG, "quality", "quality") && classify(c, "坏了", RV_POL_NOTNEG, "", "") &&
	    classify(c, "坏了", -1, "", ""));
	rv_rules_free(a);
	rv_rules_free(b);
	rv_rules_free(c);
}

static void
test_engine(void)
{
	struct rv_rules *rs = rules(
	    "category\tweight\tpattern\tnote\n"
	    "# comment\n"
	    "logistics\t1\t(快递|物流)[^,]{0,4}慢\n"
	    "logistics\t0.5\t快递\tcue\n"
	    "logistics\t0.6\t慢\tcue\n"
	    "damage\t1.5\t破损\n"
	    "-damage\t0\t包装完好\n"
	    "quality\t1\t坏了\n"
	    "price\t1\t贵\n"
	    "other\t1\t垃圾\n"
	    "fit\t1\truns small\n");
	struct rv_class c;

	test_cond("engine: rules loaded", rs != NULL && rv_rules_count(rs) == 9);
	if (rs == NULL)
		return;
	test_cond("engine: strong rule", classify(rs, "快递太慢", -1, "logistics", "logistics"));
	test_cond("engine: 快 alone is nothing", classify(rs, "快递很快", -1, "", ""));
	test_cond("engine: cue alone below threshold", classify(rs, "有点慢", -1, "", ""));
	test_cond("engine: two cues in a clause add up", classify(rs, "快递呢慢呢", -1, "logistics", "logistics"));
	test_cond("engine: cues in different clauses do not", classify(rs, "快递呢，慢呢", -1, "", ""));
	test_cond("engine: negation 没有破损", classify(rs, "没有破损", -1, "", ""));
	test_cond("engine: negation with filler", classify(rs, "没有任何破损", -1, "", ""));
	test_cond("engine: negation stops at 就", classify(rs, "不到三天就坏了", -1, "quality", "quality"));
	test_cond("engine: English negation", classify(rs, "it doesn't runs small", -1, "", ""));
	test_cond("engine: 特别 does not negate", classify(rs, "特别贵", -1, "price", "price"));
	test_cond("engine: 非常 does not negate", classify(rs, "非常贵", -1, "price", "price"));
	test_cond("engine: 别人 does not negate", classify(rs, "比别人贵", -1, "price", "price"));
	test_cond("engine: 不仅 does not negate", classify(rs, "不仅贵", -1, "price", "price"));
	test_cond("engine: 别 still negates", classify(rs, "别贵", -1, "", ""));
	test_cond("engine: 不 still negates", classify(rs, "不贵", -1, "", ""));
	test_cond("engine: exclusion span", classify(rs, "包装完好", -1, "", ""));
	test_cond("engine: two categories", classify(rs, "坏了，还贵", -1, "quality", "quality,price"));
	test_cond("engine: price is secondary", classify(rs, "贵，坏了", -1, "quality", "quality,price"));
	test_cond("engine: traditional folds", classify(rs, "太貴", -1, "price", "price"));
	test_cond("engine: full-width folds", classify(rs, "ＲＵＮＳ ＳＭＡＬＬ", -1, "fit", "fit"));
	test_cond("engine: other by cue", classify(rs, "垃圾", -1, "other", "other"));
	test_cond("engine: other by polarity", classify(rs, "唉", 1, "other", "other"));
	test_cond("engine: no other when polarity is not negative", classify(rs, "垃圾", 0, "", ""));
	test_cond("engine: specific wins over other", classify(rs, "垃圾，坏了", -1, "quality", "quality"));
	rv_rules_classify(rs, "快递太慢，还破损", 9, -1, &c);
	rv_rules_classify(rs, "快递太慢，还破损", strlen("快递太慢，还破损"), -1, &c);
	test_cond("engine: cues", c.cues_len > 0 && strstr(c.cues, "logistics:快递太慢") != NULL &&
	    strstr(c.cues, "damage:破损") != NULL);
	test_cond("engine: cue inside a longer one is not repeated", strstr(c.cues, "logistics:慢") == NULL);
	test_cond("engine: score in 0..1", c.score > 0 && c.score <= 1);
	test_cond("engine: invalid UTF-8 is not an error",
	    rv_rules_classify(rs, "\xff\xfe贵", 5, -1, &c) == 0 && c.category_len == 5);
	rv_rules_free(rs);
}

static void
test_errors(void)
{
	struct rv_rules *rs = rv_rules_new();
	struct rv_rules_err e;

	test_cond("errors: bad regex offset",
	    rv_rules_load(rs, "quality\t1\tab(c\n", 14, "f", &e) < 0 && e.line == 1 && e.offset == 4);
	test_cond("errors: line number counts comments",
	    rv_rules_load(rs, "# x\n\nprice\t1\t[\n", 15, "f", &e) < 0 && e.line == 3 && e.offset == 1);
	test_cond("errors: field count",
	    rv_rules_load(rs, "price\t1\n", 8, "f", &e) < 0 && strstr(e.msg, "got 2") != NULL);
	test_cond("errors: unknown category",
	    rv_rules_load(rs, "prize\t1\tx\n", 10, "f", &e) < 0 && strstr(e.msg, "'prize'") != NULL);
	test_cond("errors: weight range",
	    rv_rules_load(rs, "price\t11\tx\n", 11, "f", &e) < 0 && strstr(e.msg, "weight") != NULL);
	test_cond("errors: empty match",
	    rv_rules_load(rs, "price\t1\tx?\n", 11, "f", &e) < 0 && strstr(e.msg, "empty") != NULL);
	test_cond("errors: taxonomy adds a category",
	    rv_rules_taxonomy(rs, "prize\t奖品\n", strlen("prize\t奖品\n"), "t", &e) == 0 &&
	    rv_rules_category_find(rs, "prize", 5) >= 0);
	test_cond("errors: then rules may use it", rv_rules_load(rs, "prize\t1\tx\n", 10, "f", &e) == 0);
	rv_rules_free(rs);
}

static void
test_defaults(void)
{
	size_t len;
	const char *d = rv_data_get("classify-rules.tsv", &len);
	struct rv_rules *rs = d ? rules(d) : NULL;
	struct rv_buf b = {0};

	test_cond("defaults: embedded rules compile", rs != NULL && rv_rules_count(rs) > 50);
	if (rs != NULL) {
		size_t any = 0, nb = rv_rules_branches(rs, &any);
		test_cond("defaults: every branch has an indexable prefix", nb > 500 && any == 0);
	}
	if (rs != NULL) {
		test_cond("defaults: 没有破损 is not damage", classify(rs, "没有破损，东西不错", -1, "", ""));
		test_cond("defaults: 快 alone is not logistics", classify(rs, "快递很快", -1, "", ""));
		test_cond("defaults: not broken", classify(rs, "the box was not damaged", -1, "", ""));
		test_cond("defaults: 又贵又难吃 is about the food",
		    classify(rs, "又贵又难吃", -1, "quality", "quality,price"));
	}
	rv_utf8_fold_str(&b, "質量ＡＢＣ’", strlen("質量ＡＢＣ’"));
	test_cond("fold: traditional, full-width, apostrophe", strcmp(b.p, "质量abc'") == 0);
	rv_buf_free(&b);
	rv_rules_free(rs);
}

/* --combine: a model may not add back what the rules negated. */
static void
test_blend_veto(void)
{
	struct rv_rules *rs = rules("price\t1\t贵\nquality\t1\t质量差\n");
	struct rv_class c;
	double prob[64] = {0};
	int price, quality;

	if (rs == NULL) {
		test_cond("veto: rules load", 0);
		return;
	}
	price = rv_rules_category_find(rs, "price", 5);
	quality = rv_rules_category_find(rs, "quality", 7);
	prob[price] = 0.95;	/* a model that sees 贵 */
	prob[quality] = 0.9;
	rv_rules_classify(rs, "价格不贵", strlen("价格不贵"), RV_POL_UNKNOWN, &c);
	rv_rules_blend(rs, prob, 0.5, RV_POL_UNKNOWN, &c);
	test_cond("veto: negated price not added back by the model",
	    memmem(c.categories, c.categories_len, "price", 5) == NULL);
	test_cond("veto: other model categories still added",
	    memmem(c.categories, c.categories_len, "quality", 7) != NULL);
	rv_rules_classify(rs, "太贵了", strlen("太贵了"), RV_POL_UNKNOWN, &c);
	rv_rules_blend(rs, prob, 0.5, RV_POL_UNKNOWN, &c);
	test_cond("veto: un-negated price kept", c.category_len == 5 && memcmp(c.category, "price", 5) == 0);
	rv_rules_free(rs);
}

int
main(void)
{
	test_blend_veto();
	test_ruleset();
	test_ruleset_required();
	test_engine();
	test_errors();
	test_flags();
	test_defaults();
	return test_report();
}
