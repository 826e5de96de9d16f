/* triage_policy.c - load and check the rv-triage policy tables. Each table
 * is TSV with a fixed header; '#' lines and blank lines are comments; a
 * BOM, CRLF line ends and spaces around fields are tolerated. Every
 * problem is reported as file:line. */
#include <errno.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "num.h"
#include "triage_int.h"
#include "utf8.h"

static const char *const table_names[RV_TRIAGE_NTABLES] = {
	"rules", "sla", "owners", "remedies", "ladder", "templates", "domains"
};

static const char *const headers[RV_TRIAGE_NTABLES] = {
	"level\trule\tkind\tvalue\tscope",
	"level\trespond\tcallback",
	"line\tcategory\towner",
	"category\tlevel\ttier\trung",
	"rung\ten\tzh",
	"kind\tlang\tcategory\tlevel\ttext",
	"line\tdomain",
};

static const size_t ncols[RV_TRIAGE_NTABLES] = {5, 3, 3, 4, 3, 5, 2};

/* Remedies, ladder and templates may start with a domain column (the
 * header then starts with "domain"): rows for one product domain (goods,
 * food, hotel...), * for all. Without it every row is for all domains. */
static int
has_domain_form(int table)
{
	return table == RV_TRIAGE_REMEDIES || table == RV_TRIAGE_LADDER || table == RV_TRIAGE_TEMPLATES;
}

static const char *const level_names[RV_TRIAGE_NLEVELS] = {
	"none", "normal", "important", "urgent"
};

/* Taxonomy ids (../shared/taxonomy.md): a rule named after one of them
 * sets the review's category when it decides the level. */
static const char *const taxonomy[] = {
	"quality", "damage", "logistics", "service", "mismatch", "wrong_item",
	"fit", "price", "usability", "aftersales", "safety", "other", NULL
};

static const char *const slot_names[NSLOTS] = {"name", "order", "product"};

const char *
rv_triage_level_name(int level)
{
	return level >= 0 && level < RV_TRIAGE_NLEVELS ? level_names[level] : "?";
}

const char *
rv_triage_table_name(int table)
{
	return table >= 0 && table < RV_TRIAGE_NTABLES ? table_names[table] : "?";
}

int
rv_triage_table_find(const char *name)
{
	int i;

	for (i = 0; i < RV_TRIAGE_NTABLES; i++)
		if (strcmp(name, table_names[i]) == 0)
			return i;
	return -1;
}

const char *
rv_triage_default(int table, size_t *len, const char **fname)
{
	static const char *const files[RV_TRIAGE_NTABLES] = {
		"triage-rules.tsv", "triage-sla.tsv", "triage-owners.tsv",
		"triage-remedies.tsv", "triage-ladder.tsv", "triage-templates.tsv",
		"triage-domains.tsv"
	};

	if (table < 0 || table >= RV_TRIAGE_NTABLES)
		return NULL;
	if (fname != NULL)
		*fname = files[table];
	return rv_data_get(files[table], len);
}

/* Reading state for one table. */
struct rd {
	struct rv_triage *t;
	struct rv_triage_err *e;
	const char *name;
	unsigned long line;
	struct rv_field f[8];
	size_t nf;
	int withdom;		/* the table has the domain column */
	struct rv_field dom;	/* this row's domain ("*" without the column) */
};

__attribute__((format(printf, 3, 4))) static int
fail(struct rd *r, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	snprintf(r->e->file, sizeof(r->e->file), "%s", r->name);
	r->e->line = line;
	va_start(ap, fmt);
	vsnprintf(r->e->msg, sizeof(r->e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int
oom(struct rd *r)
{
	return fail(r, r->line, "out of memory");
}

static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static int
feq(const struct rv_field *f, const char *s)
{
	size_t n = strlen(s);

	return f->len == n && memcmp(f->p, s, n) == 0;
}

static char *
dup(struct rd *r, const struct rv_field *f)
{
	return rv_arena_strndup(&r->t->mem, f->p, f->len);
}

/* Split a line on TAB into r->f (at most 8 fields kept, r->nf counts all). */
static void
split(struct rd *r, const char *p, size_t n)
{
	size_t i = 0;

	r->nf = 0;
	for (;;) {
		const char *tab = memchr(p + i, '\t', n - i);
		size_t end = tab ? (size_t)(tab - p) : n;

		if (r->nf < 8) {
			r->f[r->nf].p = p + i;
			r->f[r->nf].len = end - i;
			trim(&r->f[r->nf].p, &r->f[r->nf].len);
		}
		r->nf++;
		if (tab == NULL)
			break;
		i = end + 1;
	}
}

static int
parse_level(const struct rv_field *f, int star)
{
	int i;

	if (star && feq(f, "*"))
		return RV_TRIAGE_NLEVELS;
	for (i = RV_TRIAGE_NORMAL; i < RV_TRIAGE_NLEVELS; i++)
		if (feq(f, level_names[i]))
			return i;
	return -1;
}

static const char *
quote(const struct rv_field *f)
{
	static char buf[80];

	snprintf(buf, sizeof(buf), "'%.*s'", (int)rv_utf8_cut(f->p, f->len, 60), f->p);
	return buf;
}

static int
load_rule(struct rd *r)
{
	static const char *const kinds[] = {"word", "category", "emotion", "polarity", "intensity",
		"pattern", NULL};
	static const char *const scopes[] = {"any", "neg", "text", "else", "always", NULL};
	struct rv_triage *t = r->t;
	struct tr_rule *ru;
	struct rv_buf fb = {0};
	int i, lv = parse_level(&r->f[0], 0);

	if (lv < 0)
		return fail(r, r->line, "level %s: expected urgent, important or normal", quote(&r->f[0]));
	if (r->f[1].len == 0)
		return fail(r, r->line, "empty rule name");
	if (t->nrules == t->rcap) {
		size_t nc = t->rcap ? t->rcap * 2 : 64;
		void *q = realloc(t->rules, nc * sizeof(*t->rules));

		if (q == NULL)
			return oom(r);
		t->rules = q;
		t->rcap = nc;
	}
	ru = &t->rules[t->nrules];
	memset(ru, 0, sizeof(*ru));
	ru->level = lv;
	for (i = 0; kinds[i] && !feq(&r->f[2], kinds[i]); i++)
		;
	if (kinds[i] == NULL)
		return fail(r, r->line, "kind %s: expected word, pattern, category, emotion, polarity or "
		    "intensity",
		    quote(&r->f[2]));
	ru->kind = i;
	for (i = 0; scopes[i] && !feq(&r->f[4], scopes[i]); i++)
		;
	if (scopes[i] == NULL)
		return fail(r, r->line, "scope %s: expected any, neg, text, else or always", quote(&r->f[4]));
	ru->scope = i;
	if (r->f[3].len == 0)
		return fail(r, r->line, "empty value");
	if (ru->kind == K_INTENSITY &&
	    (rv_num_parse(r->f[3].p, r->f[3].len, &ru->num) < 0 || ru->num < 0 || ru->num > 3))
		return fail(r, r->line, "intensity %s: expected a number from 0 to 3", quote(&r->f[3]));
	ru->name = dup(r, &r->f[1]);
	ru->value = dup(r, &r->f[3]);
	if (ru->name == NULL || ru->value == NULL)
		return oom(r);
	for (i = 0; taxonomy[i]; i++)
		if (strcmp(ru->name, taxonomy[i]) == 0)
			ru->category = 1;
	if (ru->kind == K_PATTERN) {
		int errcode;
		PCRE2_SIZE erroff;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)r->f[3].p, r->f[3].len, PCRE2_UTF, &errcode,
		    &erroff, NULL);

		if (re == NULL) {
			PCRE2_UCHAR msg[120];

			pcre2_get_error_message(errcode, msg, sizeof(msg));
			return fail(r, r->line, "pattern %s: %s at offset %zu", quote(&r->f[3]),
			    (const char *)msg, (size_t)erroff);
		}
		pcre2_code_free(re);
		ru->pat = ru->value;
		ru->patlen = r->f[3].len;
	}
	if (ru->kind == K_WORD) {
		size_t n = r->f[3].len;

		if (r->f[3].p[n - 1] == '*') {
			ru->prefix = 1;
			n--;
		}
		if (n == 0)
			return fail(r, r->line, "word '*' matches nothing: give at least one character");
		if (rv_utf8_fold_str(&fb, r->f[3].p, n) < 0)
			return oom(r);
		ru->pat = rv_arena_strndup(&t->mem, fb.p, fb.len);
		ru->patlen = fb.len;
		rv_buf_free(&fb);
		if (ru->pat == NULL)
			return oom(r);
	}
	t->nrules++;
	return 0;
}

/* "30m", "2h", "7d" -> seconds. */
static int
parse_dur(const struct rv_field *f, long long *sec)
{
	unsigned long long v;
	char u;

	if (f->len < 2 || rv_num_parse_u64(f->p, f->len - 1, &v) < 0 || v > 100000)
		return -1;
	u = f->p[f->len - 1];
	*sec = (long long)v * (u == 'm' ? 60 : u == 'h' ? 3600 : u == 'd' ? 86400 : 0);
	return u == 'm' || u == 'h' || u == 'd' ? 0 : -1;
}

static int
load_sla(struct rd *r, int *seen)
{
	int lv = parse_level(&r->f[0], 0);

	if (lv < 0)
		return fail(r, r->line, "level %s: expected urgent, important or normal", quote(&r->f[0]));
	if (seen[lv])
		return fail(r, r->line, "level '%s' given twice (first on line %d)", level_names[lv], seen[lv]);
	seen[lv] = (int)r->line;
	if (parse_dur(&r->f[1], &r->t->respond[lv]) < 0)
		return fail(r, r->line, "respond %s: expected a duration such as 30m, 2h or 1d",
		    quote(&r->f[1]));
	if (parse_dur(&r->f[2], &r->t->callback[lv]) < 0)
		return fail(r, r->line, "callback %s: expected a duration such as 7d", quote(&r->f[2]));
	return 0;
}

/* Build "a\tb[\tc[\td]]" in t->key. */
static int
mkkey(struct rv_triage *t, const struct rv_field *k, size_t n)
{
	size_t i;

	rv_buf_clear(&t->key);
	for (i = 0; i < n; i++)
		if ((i && rv_buf_putc(&t->key, '\t') < 0) || rv_buf_append(&t->key, k[i].p, k[i].len) < 0)
			return -1;
	return 0;
}

static int
put_unique(struct rd *r, struct rv_hash *h, const struct rv_field *k, size_t n, void *val)
{
	struct rv_hash_ent *en;
	int isnew;

	if (mkkey(r->t, k, n) < 0 || (en = rv_hash_put(h, r->t->key.p, r->t->key.len, &isnew)) == NULL)
		return oom(r);
	if (!isnew)
		return fail(r, r->line, "duplicate row for this %s", n == 2 ? "line and category" :
		    n == 1 ? "line" : "domain, category, level and tier");
	en->val = val;
	return 0;
}

static int
load_owner(struct rd *r)
{
	char *o;

	if (r->f[0].len == 0 || r->f[1].len == 0 || r->f[2].len == 0)
		return fail(r, r->line, "empty field: write * to match any line or category");
	if ((o = dup(r, &r->f[2])) == NULL)
		return oom(r);
	return put_unique(r, &r->t->owners, r->f, 2, o);
}

static int
load_remedy(struct rd *r)
{
	unsigned long long rung;
	struct rv_field k[4];

	if (r->f[0].len == 0 || r->f[2].len == 0)
		return fail(r, r->line, "empty field: write * to match any category or tier");
	if (parse_level(&r->f[1], 1) < 0 && !feq(&r->f[1], "mild"))
		return fail(r, r->line, "level %s: expected urgent, important, normal, mild or *",
		    quote(&r->f[1]));
	if (rv_num_parse_u64(r->f[3].p, r->f[3].len, &rung) < 0 || rung < 1 || rung > 6)
		return fail(r, r->line, "rung %s: expected 1 to 6", quote(&r->f[3]));
	if (feq(&r->f[1], "mild"))
		r->t->have_mild = 1;
	k[0] = r->dom;
	k[1] = r->f[0];
	k[2] = r->f[1];
	k[3] = r->f[2];
	return put_unique(r, &r->t->remedies, k, 4, (void *)(intptr_t)rung);
}

static int
load_ladder(struct rd *r)
{
	unsigned long long rung;

	struct rv_hash_ent *en;
	char **names;
	int isnew;

	if (rv_num_parse_u64(r->f[0].p, r->f[0].len, &rung) < 0 || rung < 1 || rung > 6)
		return fail(r, r->line, "rung %s: expected 1 to 6", quote(&r->f[0]));
	if (r->f[1].len == 0 || r->f[2].len == 0)
		return fail(r, r->line, "empty remedy name");
	if (r->dom.len == 0)
		return fail(r, r->line, "empty domain: write * for every domain");
	rv_buf_clear(&r->t->key);
	if (rv_buf_append(&r->t->key, r->dom.p, r->dom.len) < 0 ||
	    rv_buf_printf(&r->t->key, "\t%llu", rung) < 0 ||
	    (en = rv_hash_put(&r->t->ladder, r->t->key.p, r->t->key.len, &isnew)) == NULL)
		return oom(r);
	if (!isnew)
		return fail(r, r->line, "rung %llu given twice", rung);
	if ((names = rv_arena_alloc(&r->t->mem, 2 * sizeof(*names))) == NULL)
		return oom(r);
	en->val = names;
	names[RV_TRIAGE_EN] = dup(r, &r->f[1]);
	names[RV_TRIAGE_ZH] = dup(r, &r->f[2]);
	if (names[0] == NULL || names[1] == NULL)
		return oom(r);
	return 0;
}

static int
load_domain(struct rd *r)
{
	char *d;

	if (r->f[0].len == 0 || r->f[1].len == 0)
		return fail(r, r->line, "empty field: write * for the fallback line");
	if ((d = dup(r, &r->f[1])) == NULL)
		return oom(r);
	return put_unique(r, &r->t->domains, r->f, 1, d);
}

/* Check the placeholders of a template: each '{' opens a known one.
 * only >= 0: the only placeholder allowed (slot rows); -2: none allowed. */
static int
check_text(struct rd *r, const struct rv_field *f, int only)
{
	size_t i;

	for (i = 0; i < f->len; i++) {
		const char *close;
		int ph;

		if (f->p[i] != '{')
			continue;
		close = memchr(f->p + i, '}', f->len - i);
		if (close == NULL)
			return fail(r, r->line, "'{' without '}' at byte %zu of the text", i + 1);
		ph = tr_placeholder(f->p + i + 1, (size_t)(close - f->p - i - 1));
		if (ph < 0)
			return fail(r, r->line, "unknown placeholder '%.*s' (known: {name} {order} "
			    "{product} {remedy} {owner} {due} {callback})",
			    (int)rv_utf8_cut(f->p + i, (size_t)(close - f->p - i + 1), 40), f->p + i);
		if (only == -2 || (only >= 0 && ph != only))
			return fail(r, r->line, "placeholder '%.*s' not allowed here",
			    (int)(close - f->p - i + 1), f->p + i);
		i = (size_t)(close - f->p);
	}
	return 0;
}

static int
load_template(struct rd *r)
{
	struct rv_triage *t = r->t;
	int lang, kind, s;
	struct rv_hash_ent *en;
	struct tr_tmpl *tl;
	char *text;
	int isnew;

	if (feq(&r->f[1], "zh"))
		lang = RV_TRIAGE_ZH;
	else if (feq(&r->f[1], "en"))
		lang = RV_TRIAGE_EN;
	else
		return fail(r, r->line, "lang %s: expected zh or en", quote(&r->f[1]));
	if (r->f[4].len == 0)
		return fail(r, r->line, "empty text");
	if (feq(&r->f[0], "slot")) {
		int absent;

		if (!feq(&r->dom, "*"))
			return fail(r, r->line, "slot rows are for every domain: write * as the domain");
		for (s = 0; s < NSLOTS && !feq(&r->f[2], slot_names[s]); s++)
			;
		if (s == NSLOTS)
			return fail(r, r->line, "slot %s: expected name, order or product", quote(&r->f[2]));
		if (!feq(&r->f[3], "present") && !feq(&r->f[3], "absent"))
			return fail(r, r->line, "slot level %s: expected present or absent", quote(&r->f[3]));
		absent = feq(&r->f[3], "absent");
		if (check_text(r, &r->f[4], absent ? -2 : tr_placeholder(slot_names[s],
		    strlen(slot_names[s]))) < 0)
			return -1;
		if (t->slot[lang][s][absent] != NULL)
			return fail(r, r->line, "slot %s %s %s given twice", lang ? "en" : "zh",
			    slot_names[s], absent ? "absent" : "present");
		if ((t->slot[lang][s][absent] = dup(r, &r->f[4])) == NULL)
			return oom(r);
		return 0;
	}
	if (feq(&r->f[0], "reply"))
		kind = TK_REPLY;
	else if (feq(&r->f[0], "followup"))
		kind = TK_FOLLOWUP;
	else
		return fail(r, r->line, "kind %s: expected reply, followup or slot", quote(&r->f[0]));
	if (r->f[2].len == 0)
		return fail(r, r->line, "empty category: write * to match any");
	if (parse_level(&r->f[3], 1) < 0)
		return fail(r, r->line, "level %s: expected urgent, important, normal or *",
		    quote(&r->f[3]));
	if (check_text(r, &r->f[4], -1) < 0)
		return -1;
	{
		struct rv_field k[5];

		if (r->dom.len == 0)
			return fail(r, r->line, "empty domain: write * for every domain");
		k[0] = r->dom;
		memcpy(k + 1, r->f, 4 * sizeof(*k));
		if (mkkey(t, k, 5) < 0 || (en = rv_hash_put(&t->tmpl, t->key.p, t->key.len, &isnew)) == NULL)
			return oom(r);
	}
	(void)kind;
	if (isnew) {
		if ((tl = rv_arena_alloc(&t->mem, sizeof(*tl))) == NULL)
			return oom(r);
		memset(tl, 0, sizeof(*tl));
		en->val = tl;
	}
	tl = en->val;
	if (tl->n == tl->cap) {
		size_t nc = tl->cap ? tl->cap * 2 : 4;
		void *q = realloc(tl->v, nc * sizeof(*tl->v));

		if (q == NULL)
			return oom(r);
		tl->v = q;
		tl->cap = nc;
	}
	if ((text = dup(r, &r->f[4])) == NULL)
		return oom(r);
	tl->v[tl->n++] = text;
	return 0;
}

static void
free_tmpl(struct rv_triage *t)
{
	struct rv_hash_ent *en;
	size_t i = 0;

	while ((en = rv_hash_iter(&t->tmpl, &i)) != NULL) {
		struct tr_tmpl *tl = en->val;

		free(tl->v);
	}
	rv_hash_free(&t->tmpl);
}

/* Forget the current contents of a table before loading a new one. */
static void
reset(struct rv_triage *t, int table)
{
	switch (table) {
	case RV_TRIAGE_RULES:
		t->nrules = 0;
		break;
	case RV_TRIAGE_SLA:
		memset(t->respond, 0, sizeof(t->respond));
		memset(t->callback, 0, sizeof(t->callback));
		break;
	case RV_TRIAGE_OWNERS:
		rv_hash_free(&t->owners);
		break;
	case RV_TRIAGE_REMEDIES:
		rv_hash_free(&t->remedies);
		t->have_mild = 0;
		break;
	case RV_TRIAGE_LADDER:
		rv_hash_free(&t->ladder);
		break;
	case RV_TRIAGE_DOMAINS:
		rv_hash_free(&t->domains);
		break;
	case RV_TRIAGE_TEMPLATES:
		free_tmpl(t);
		memset(t->slot, 0, sizeof(t->slot));
		break;
	}
}

static int
has_key(const struct rv_hash *h, const char *key)
{
	return rv_hash_get(h, key, strlen(key)) != NULL;
}

/* Whole-table checks once every row is read. */
static int
check_table(struct rd *r, int table, const int *seen)
{
	struct rv_triage *t = r->t;
	int i, l, s;

	switch (table) {
	case RV_TRIAGE_SLA:
		for (i = RV_TRIAGE_NORMAL; i < RV_TRIAGE_NLEVELS; i++)
			if (!seen[i])
				return fail(r, 0, "no row for level '%s'", level_names[i]);
		break;
	case RV_TRIAGE_OWNERS:
		if (!has_key(&t->owners, "*\t*"))
			return fail(r, 0, "no fallback row '*<TAB>*<TAB>OWNER': every review needs an owner");
		break;
	case RV_TRIAGE_REMEDIES:
		if (!has_key(&t->remedies, "*\t*\t*\t*"))
			return fail(r, 0, "no fallback row '*<TAB>*<TAB>*<TAB>RUNG' (for every domain)");
		break;
	case RV_TRIAGE_LADDER:
		for (i = 1; i <= 6; i++) {
			char k[16];

			snprintf(k, sizeof(k), "*\t%d", i);
			if (!has_key(&t->ladder, k))
				return fail(r, 0, "no row for rung %d (the ladder has rungs 1 to 6, for every "
				    "domain)", i);
		}
		break;
	case RV_TRIAGE_DOMAINS:
		if (!has_key(&t->domains, "*"))
			return fail(r, 0, "no fallback row '*<TAB>DOMAIN': every line needs a domain");
		break;
	case RV_TRIAGE_TEMPLATES:
		for (l = 0; l < 2; l++) {
			const char *ln = l == RV_TRIAGE_ZH ? "zh" : "en";
			char k[64];

			snprintf(k, sizeof(k), "*\treply\t%s\t*\t*", ln);
			if (!has_key(&t->tmpl, k))
				return fail(r, 0, "no fallback reply 'reply<TAB>%s<TAB>*<TAB>*<TAB>TEXT'", ln);
			snprintf(k, sizeof(k), "*\tfollowup\t%s\t*\t*", ln);
			if (!has_key(&t->tmpl, k))
				return fail(r, 0, "no row 'followup<TAB>%s<TAB>*<TAB>*<TAB>TEXT'", ln);
			for (s = 0; s < NSLOTS; s++)
				for (i = 0; i < 2; i++)
					if (t->slot[l][s][i] == NULL)
						return fail(r, 0, "no row 'slot<TAB>%s<TAB>%s<TAB>%s<TAB>TEXT'",
						    ln, slot_names[s], i ? "absent" : "present");
		}
		break;
	}
	return 0;
}

int
rv_triage_load(struct rv_triage *t, int table, const char *name, const char *text, size_t len,
    struct rv_triage_err *e)
{
	struct rd r = {t, e, name, 0, {{0}}, 0, 0, {"*", 1}};
	size_t pos = 0;
	int header = 0, seen[RV_TRIAGE_NLEVELS] = {0}, rc;

	if (table < 0 || table >= RV_TRIAGE_NTABLES)
		return fail(&r, 0, "no such table");
	reset(t, table);
	t->have[table] = 0;
	rv_buf_clear(&t->last_line);	/* caches */
	t->flags_dom = NULL;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *p = text + pos, *nl = memchr(p, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - p) : len - pos;
		const char *q = p;
		size_t m;

		pos += n + (nl != NULL);
		r.line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		m = n;
		trim(&q, &m);
		if (m == 0 || q[0] == '#')
			continue;
		split(&r, p, n);
		if (!header) {
			struct rv_field h[8];
			size_t i;

			for (i = 0; i < r.nf && i < 8; i++)
				h[i] = r.f[i];
			if (mkkey(t, h, r.nf < 8 ? r.nf : 8) < 0)
				return oom(&r);
			if (has_domain_form(table) && strncmp(t->key.p, "domain\t", 7) == 0 &&
			    strcmp(t->key.p + 7, headers[table]) == 0)
				r.withdom = 1;
			else if (strcmp(t->key.p, headers[table]) != 0)
				return fail(&r, r.line, "expected the header '%s%s' (TAB-separated) for the %s table",
				    has_domain_form(table) ? "[domain<TAB>]" : "", headers[table], table_names[table]);
			header = 1;
			continue;
		}
		if (r.nf != ncols[table] + (size_t)r.withdom)
			return fail(&r, r.line, "expected %zu TAB-separated fields, got %zu",
			    ncols[table] + (size_t)r.withdom, r.nf);
		if (r.withdom) {
			struct rv_hash_ent *en;
			int isnew;

			r.dom = r.f[0];
			memmove(r.f, r.f + 1, 7 * sizeof(r.f[0]));
			r.nf--;
			rv_buf_clear(&t->key);
			if (rv_buf_printf(&t->key, "%d\t", table) < 0 ||
			    rv_buf_append(&t->key, r.dom.p, r.dom.len) < 0 ||
			    (en = rv_hash_put(&t->domrows, t->key.p, t->key.len, &isnew)) == NULL)
				return oom(&r);
			en->val = (void *)1;
		}
		switch (table) {
		case RV_TRIAGE_RULES: rc = load_rule(&r); break;
		case RV_TRIAGE_SLA: rc = load_sla(&r, seen); break;
		case RV_TRIAGE_OWNERS: rc = load_owner(&r); break;
		case RV_TRIAGE_REMEDIES: rc = load_remedy(&r); break;
		case RV_TRIAGE_LADDER: rc = load_ladder(&r); break;
		case RV_TRIAGE_DOMAINS: rc = load_domain(&r); break;
		default: rc = load_template(&r); break;
		}
		if (rc < 0)
			return -1;
	}
	if (!header)
		return fail(&r, 0, "empty %s table: expected the header '%s'", table_names[table],
		    headers[table]);
	if (check_table(&r, table, seen) < 0)
		return -1;
	t->have[table] = 1;
	return 0;
}

int
rv_triage_load_file(struct rv_triage *t, int table, const char *path, struct rv_triage_err *e)
{
	struct rv_buf b = {0};
	int rc;

	if (rv_buf_read_file(&b, path) < 0) {
		int err = errno;
		rv_buf_free(&b);
		errno = err;
		goto fail;
	}
	rc = rv_triage_load(t, table, path, b.p, b.len, e);
	rv_buf_free(&b);
	return rc;
fail:
	snprintf(e->file, sizeof(e->file), "%s", path);
	e->line = 0;
	snprintf(e->msg, sizeof(e->msg), "%s", strerror(errno));
	return -1;
}

void
tr_policy_free(struct rv_triage *t)
{
	free(t->rules);
	rv_hash_free(&t->owners);
	rv_hash_free(&t->remedies);
	rv_hash_free(&t->ladder);
	rv_hash_free(&t->domains);
	rv_hash_free(&t->domrows);
	free_tmpl(t);
	rv_arena_free(&t->mem);
}
