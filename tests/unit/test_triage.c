/* test_triage.c - unit tests for lib/tools/triage.c, triage_policy.c, acm.c and
 * isotime.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acm.h"
#include "isotime.h"
#include "testhelp.h"
#include "triage.h"

static int hits[8];

static int
count_hit(void *ctx, int id, size_t start, size_t end)
{
	(void)ctx;
	(void)start;
	(void)end;
	hits[id]++;
	return 0;
}

static void
test_acm(void)
{
	struct rv_acm *a = rv_acm_new();
	size_t n;

	rv_acm_add(a, "he", 2, 0);
	rv_acm_add(a, "she", 3, 1);
	rv_acm_add(a, "his", 3, 2);
	rv_acm_add(a, "hers", 4, 3);
	rv_acm_add(a, "起火", 6, 4);
	test_cond("acm build", rv_acm_build(a) == 0);
	n = rv_acm_scan(a, "ushers 起火了起火", strlen("ushers 起火了起火"), count_hit, NULL);
	test_cond("acm finds overlapping matches", hits[0] == 1 && hits[1] == 1 && hits[3] == 1 && hits[2] == 0);
	test_cond("acm finds UTF-8 patterns twice", hits[4] == 2 && n == 5);
	test_cond("acm add after build fails", rv_acm_add(a, "x", 1, 5) < 0);
	rv_acm_free(a);
}

static long long
parse(const char *s)
{
	struct rv_isotime c = {0};
	long long t = -12345;

	if (rv_isotime_parse(&c, s, strlen(s), &t) < 0)
		return -1;
	return t;
}

static const char *
fmt(long long t)
{
	static char buf[32];
	struct rv_isotime c = {0};

	rv_isotime_fmt(&c, buf, t);
	return buf;
}

static void
test_time(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	test_cond("unix seconds", parse("1714550400") == 1714550400);
	test_cond("unix milliseconds", parse("1714550400123") == 1714550400);
	test_cond("ISO Z", parse("2024-05-01T08:00:00Z") == 1714550400);
	test_cond("ISO +08:00", parse("2024-05-01T16:00:00+08:00") == 1714550400);
	test_cond("ISO +0800", parse("2024-05-01T16:00+0800") == 1714550400);
	test_cond("ISO local (Shanghai)", parse("2024-05-01 16:00:00") == 1714550400);
	test_cond("ISO fraction", parse("2024-05-01T16:00:00.250+08") == 1714550400);
	test_cond("date only is local midnight", parse("2024-05-01") == 1714492800);
	test_cond("bad month", parse("2024-13-01") == -1);
	test_cond("bad day", parse("2023-02-29") == -1);
	test_cond("leap day", parse("2024-02-29") > 0);
	test_cond("bad hour", parse("2024-05-01T24:00") == -1);
	test_cond("garbage", parse("yesterday") == -1 && parse("") == -1 && parse("12.5") == -1);
	test_cond("trailing junk", parse("2024-05-01T16:00:00+08:00x") == -1);
	test_cond("format Shanghai", strcmp(fmt(1714550400), "2024-05-01T16:00:00+08:00") == 0);
	test_cond("format across midnight", strcmp(fmt(1714550400 + 9 * 3600), "2024-05-02T01:00:00+08:00") == 0);
	setenv("TZ", "America/New_York", 1);
	tzset();
	test_cond("format New York (DST)", strcmp(fmt(1714550400), "2024-05-01T04:00:00-04:00") == 0);
	test_cond("format New York (winter)", strcmp(fmt(1704067200), "2023-12-31T19:00:00-05:00") == 0);
	test_cond("local New York", parse("2024-01-01T00:00") == 1704085200);
	setenv("TZ", "UTC", 1);
	tzset();
	test_cond("format UTC", strcmp(fmt(0), "1970-01-01T00:00:00+00:00") == 0);
	test_cond("days", rv_isotime_days(2000, 3, 1) == 11017);
}

static struct rv_triage *
policy(void)
{
	struct rv_triage *t = rv_triage_new();
	struct rv_triage_err e;
	int k;

	for (k = 0; k < RV_TRIAGE_NTABLES; k++) {
		size_t len;
		const char *name, *tx = rv_triage_default(k, &len, &name);

		if (rv_triage_load(t, k, name, tx, len, &e) < 0) {
			printf("load %s: %s:%lu: %s\n", name, e.file, e.line, e.msg);
			return NULL;
		}
	}
	if (rv_triage_ready(t, &e) < 0)
		return NULL;
	return t;
}

static struct rv_field
F(const char *s)
{
	struct rv_field f = {s, s ? strlen(s) : 0};

	return f;
}

static struct rv_triage_res res;

/* Grade text with a polarity (NULL: no column) and return the level. */
static int
grade(struct rv_triage *t, const char *text, const char *pol)
{
	struct rv_triage_row r;

	memset(&r, 0, sizeof(r));
	r.text = F(text);
	r.polarity = F(pol);
	r.time = 1714550400;
	if (rv_triage_row(t, &r, &res) < 0)
		return -1;
	return res.level;
}

static void
test_levels(struct rv_triage *t)
{
	test_cond("zh safety urgent", grade(t, "充电时起火了", "neg") == RV_TRIAGE_URGENT);
	test_cond("reason names the word", strstr(res.reason.p, "safety:起火") != NULL);
	test_cond("zh safety even when neutral", grade(t, "用了两天漏电", "neu") == RV_TRIAGE_URGENT);
	test_cond("zh negated safety", grade(t, "用了很久没有漏电，放心", "pos") == RV_TRIAGE_NONE);
	test_cond("zh negated safety, neg row is normal", grade(t, "没有漏电但是很慢", "neg") == RV_TRIAGE_NORMAL);
	test_cond("en safety", grade(t, "The charger CAUGHT FIRE on day two", "neg") == RV_TRIAGE_URGENT);
	test_cond("en negated safety", grade(t, "no rash at all, love it", "pos") == RV_TRIAGE_NONE);
	test_cond("en n't negation", grade(t, "it didn't cause a rash", NULL) == RV_TRIAGE_NONE);
	test_cond("en whole words only", grade(t, "the issue with the suede", NULL) == RV_TRIAGE_NONE);
	test_cond("en prefix word", grade(t, "the bottle exploded", NULL) == RV_TRIAGE_URGENT);
	test_cond("full-width folded", grade(t, "ＣＡＵＧＨＴ ＦＩＲＥ", NULL) == RV_TRIAGE_URGENT);
	test_cond("traditional folded", grade(t, "充電時漏電", NULL) == RV_TRIAGE_URGENT);
	test_cond("zh threat important", grade(t, "再不处理我就去12315", "neg") == RV_TRIAGE_IMPORTANT);
	test_cond("zh threat 投诉", grade(t, "我要投诉你们", NULL) == RV_TRIAGE_IMPORTANT);
	test_cond("en threat", grade(t, "I will contact my lawyer", "neg") == RV_TRIAGE_IMPORTANT);
	test_cond("315 inside a number is no threat", grade(t, "电池3150毫安", "pos") == RV_TRIAGE_NONE);
	test_cond("plain negative normal", grade(t, "物流有点慢", "neg") == RV_TRIAGE_NORMAL);
	test_cond("positive none", grade(t, "很好用", "pos") == RV_TRIAGE_NONE);
	test_cond("none reason", strcmp(res.reason.p, "polarity=pos") == 0);
	test_cond("none has no reply", res.reply.len == 0 && res.due_s.len == 0);
	test_cond("text fallback anger", grade(t, "垃圾东西，气死我了", NULL) == RV_TRIAGE_IMPORTANT);
	test_cond("anger words on negative rows", grade(t, "垃圾东西", "neg") == RV_TRIAGE_IMPORTANT);
	test_cond("anger words not on positive rows", grade(t, "垃圾分类做得好", "pos") == RV_TRIAGE_NONE);
	test_cond("text fallback ignored with polarity", grade(t, "质量很差", "neu") == RV_TRIAGE_NONE);
	test_cond("非常 is not a negation", grade(t, "非常愤怒", "neg") == RV_TRIAGE_IMPORTANT);
	test_cond("怕 negates", grade(t, "凉的，怕拉肚子没吃", "neg") == RV_TRIAGE_NORMAL);
	test_cond("text fallback negative", grade(t, "质量很差", NULL) == RV_TRIAGE_NORMAL);
	test_cond("text fallback nothing", grade(t, "收到了", NULL) == RV_TRIAGE_NONE);
	test_cond("text fallback not bad", grade(t, "not bad", NULL) == RV_TRIAGE_NONE);
	test_cond("no-cue reason", strcmp(res.reason.p, "no negative cue") == 0);
}

static void
test_columns(struct rv_triage *t)
{
	struct rv_triage_row r;

	memset(&r, 0, sizeof(r));
	r.text = F("衣服一般");
	r.polarity = F("neg");
	r.intensity = F("3");
	r.time = 1714550400;
	test_cond("strong intensity is important by default", rv_triage_row(t, &r, &res) == 0 && res.level == RV_TRIAGE_IMPORTANT);
	r.intensity = F("2");
	r.emotion = F("anger");
	test_cond("emotion rule off by default", rv_triage_row(t, &r, &res) == 0 && res.level == RV_TRIAGE_NORMAL);
	{
		struct rv_triage *u = rv_triage_new();
		struct rv_triage_err e;
		const char *rules = "level\trule\tkind\tvalue\tscope\n"
		    "important\tstrong\tintensity\t3\tneg\nimportant\tanger\temotion\tanger\tneg\n"
		    "normal\tnegative\tpolarity\tneg\tany\n";
		int k, ok = 1;

		for (k = 0; k < RV_TRIAGE_NTABLES; k++) {
			size_t len;
			const char *name, *tx = rv_triage_default(k, &len, &name);

			if (k == RV_TRIAGE_RULES)
				tx = rules, len = strlen(rules);
			ok &= rv_triage_load(u, k, name, tx, len, &e) == 0;
		}
		ok &= rv_triage_ready(u, &e) == 0;
		test_cond("custom rules load", ok);
		test_cond("anger important", rv_triage_row(u, &r, &res) == 0 && res.level == RV_TRIAGE_IMPORTANT);
		test_cond("reason emotion", strstr(res.reason.p, "anger:emotion=anger") != NULL);
		r.emotion = F("neutral");
		r.intensity = F("3");
		test_cond("intensity 3 important", rv_triage_row(u, &r, &res) == 0 && res.level == RV_TRIAGE_IMPORTANT);
		r.polarity = F("pos");
		test_cond("neg scope skips positive rows", rv_triage_row(u, &r, &res) == 0 && res.level == RV_TRIAGE_NONE);
		r.polarity = F("neg");
		r.intensity = F("2.5");
		test_cond("intensity below threshold", rv_triage_row(u, &r, &res) == 0 && res.level == RV_TRIAGE_NORMAL);
		rv_triage_free(u);
	}
	r.emotion = F("disappointment");
	r.categories = F("quality, safety");
	test_cond("safety category urgent", rv_triage_row(t, &r, &res) == 0 && res.level == RV_TRIAGE_URGENT);
	test_cond("safety routes to qa-safety", strcmp(res.owner.p, "qa-safety") == 0);
	test_cond("safety remedy 6", res.rung == 6);
	test_cond("urgent due 30 min", res.due == 1714550400 + 1800);
	r.categories = F("logistics,service");
	test_cond("normal", rv_triage_row(t, &r, &res) == 0 && res.level == RV_TRIAGE_NORMAL);
	test_cond("first of categories routes", strcmp(res.owner.p, "logistics-team") == 0);
	test_cond("logistics remedy 2", res.rung == 2 && strcmp(res.remedy.p, "2 运费补偿") == 0);
	r.tier = F("vip");
	test_cond("vip logistics remedy 3", rv_triage_row(t, &r, &res) == 0 && res.rung == 3);
	r.category = F("quality");
	test_cond("category column wins", rv_triage_row(t, &r, &res) == 0 && strcmp(res.owner.p, "qa-team") == 0);
	test_cond("quality vip 5", res.rung == 5);
	r.category = F("nosuch");
	r.tier = F("gold");
	test_cond("unknown category falls back", rv_triage_row(t, &r, &res) == 0 &&
	    strcmp(res.owner.p, "cs-team") == 0 && res.rung == 1);
	r.intensity = F("lots");
	test_cond("bad intensity is an error", rv_triage_row(t, &r, &res) < 0 && strstr(res.reason.p, "lots"));
}

static void
test_replies(struct rv_triage *t)
{
	struct rv_triage_row r;
	char first[1024];
	int i, differ = 0;

	memset(&r, 0, sizeof(r));
	r.text = F("质量太差了");
	r.polarity = F("neg");
	r.category = F("quality");
	r.time = 1714550400;
	rv_triage_row(t, &r, &res);
	test_cond("zh reply", res.lang == RV_TRIAGE_ZH && strstr(res.reply.p, "亲") != NULL);
	test_cond("no placeholder left (absent)", strchr(res.reply.p, '{') == NULL);
	test_cond("remedy in reply", strstr(res.reply.p, "无条件退换货") != NULL);
	test_cond("followup date", strstr(res.followup.p, "2024-05-0") != NULL);
	snprintf(first, sizeof(first), "%s", res.reply.p);
	rv_triage_row(t, &r, &res);
	test_cond("same text same variant", strcmp(first, res.reply.p) == 0);
	r.name = F("王女士");
	r.order = F("A1001");
	r.product = F("热水器");
	rv_triage_row(t, &r, &res);
	test_cond("slots filled", strstr(res.reply.p, "王女士") != NULL && strchr(res.reply.p, '{') == NULL);
	for (i = 0; i < 20; i++) {
		char txt[64];

		snprintf(txt, sizeof(txt), "质量太差了%d", i);
		r.text = F(txt);
		rv_triage_row(t, &r, &res);
		differ |= strcmp(first, res.reply.p) != 0 && strstr(res.reply.p, "王女士") != NULL;
	}
	test_cond("variants differ across rows", differ);
	r.text = F("The fabric is thin and it ripped");
	r.name = F("Ann");
	rv_triage_row(t, &r, &res);
	test_cond("en reply", res.lang == RV_TRIAGE_EN && strncmp(res.reply.p, "Hi Ann", 6) == 0);
	test_cond("en remedy", strcmp(res.remedy.p, "4 a free return or exchange") == 0);
	r.lang = F("zh");
	rv_triage_row(t, &r, &res);
	test_cond("lang column wins", res.lang == RV_TRIAGE_ZH);
	rv_triage_set_lang(t, RV_TRIAGE_EN);
	r.text = F("质量太差了");
	rv_triage_row(t, &r, &res);
	test_cond("forced lang", res.lang == RV_TRIAGE_EN);
	rv_triage_set_lang(t, RV_TRIAGE_AUTO);
}

static int
load_err(int table, const char *text, unsigned long line, const char *want)
{
	struct rv_triage *t = rv_triage_new();
	struct rv_triage_err e;
	int ok = rv_triage_load(t, table, "f.tsv", text, strlen(text), &e) < 0 && e.line == line &&
	    strstr(e.msg, want) != NULL;

	if (!ok)
		printf("  got %s:%lu: %s\n", e.file, e.line, e.msg);
	rv_triage_free(t);
	return ok;
}

static void
test_policy_errors(void)
{
	test_cond("rules bad header", load_err(RV_TRIAGE_RULES, "# c\nlevel\trule\n", 2, "expected the header"));
	test_cond("rules bad level", load_err(RV_TRIAGE_RULES,
	    "level\trule\tkind\tvalue\tscope\nhigh\tx\tword\ty\tany\n", 2, "level 'high'"));
	test_cond("rules bad kind", load_err(RV_TRIAGE_RULES,
	    "level\trule\tkind\tvalue\tscope\nurgent\tx\tregex\ty\tany\n", 2, "kind 'regex'"));
	test_cond("rules bad intensity", load_err(RV_TRIAGE_RULES,
	    "level\trule\tkind\tvalue\tscope\n\nurgent\tx\tintensity\t9\tany\n", 3, "intensity '9'"));
	test_cond("rules field count", load_err(RV_TRIAGE_RULES,
	    "level\trule\tkind\tvalue\tscope\nurgent\tx\tword\n", 2, "expected 5"));
	test_cond("empty table", load_err(RV_TRIAGE_SLA, "# nothing\n", 0, "empty sla table"));
	test_cond("sla bad duration", load_err(RV_TRIAGE_SLA,
	    "level\trespond\tcallback\nurgent\t30\t7d\n", 2, "respond '30'"));
	test_cond("sla missing level", load_err(RV_TRIAGE_SLA,
	    "level\trespond\tcallback\r\nurgent\t30m\t7d\r\n", 0, "no row for level 'normal'"));
	test_cond("sla duplicate", load_err(RV_TRIAGE_SLA,
	    "level\trespond\tcallback\nurgent\t30m\t7d\nurgent\t1h\t7d\n", 3, "given twice"));
	test_cond("owners no fallback", load_err(RV_TRIAGE_OWNERS,
	    "\xEF\xBB\xBFline\tcategory\towner\n手机\t*\tbob\n", 0, "no fallback"));
	test_cond("owners duplicate", load_err(RV_TRIAGE_OWNERS,
	    "line\tcategory\towner\n*\t*\ta\n *\t* \tb\n", 3, "duplicate"));
	test_cond("remedy bad rung", load_err(RV_TRIAGE_REMEDIES,
	    "category\tlevel\ttier\trung\n*\t*\t*\t7\n", 2, "rung '7'"));
	test_cond("ladder missing rung", load_err(RV_TRIAGE_LADDER,
	    "rung\ten\tzh\n1\ta\tb\n", 0, "rung 2"));
	test_cond("template unknown placeholder", load_err(RV_TRIAGE_TEMPLATES,
	    "kind\tlang\tcategory\tlevel\ttext\nreply\tzh\t*\t*\t您好{nmae}\n", 2, "unknown placeholder '{nmae}'"));
	test_cond("template unclosed brace", load_err(RV_TRIAGE_TEMPLATES,
	    "kind\tlang\tcategory\tlevel\ttext\nreply\ten\t*\t*\tHi {name\n", 2, "without '}'"));
	test_cond("template slot with other placeholder", load_err(RV_TRIAGE_TEMPLATES,
	    "kind\tlang\tcategory\tlevel\ttext\nslot\ten\tname\tpresent\t{order}\n", 2, "not allowed"));
	test_cond("template missing fallback", load_err(RV_TRIAGE_TEMPLATES,
	    "kind\tlang\tcategory\tlevel\ttext\nreply\ten\tquality\t*\tHi\n", 0, "no fallback reply"));
}

int
main(void)
{
	struct rv_triage *t;

	test_acm();
	test_time();
	t = policy();
	test_cond("default policy loads", t != NULL);
	if (t != NULL) {
		test_levels(t);
		test_columns(t);
		test_replies(t);
	}
	test_policy_errors();
	rv_triage_res_free(&res);
	rv_triage_free(t);
	return test_report();
}
