/* triage.c - grade one review and fill in its reply.
 *
 * Level: every rule that fires and whose scope applies votes for its
 * level; the highest wins. Word rules are found in one Aho-Corasick pass
 * over the folded text; a match is dropped when it is not a whole ASCII
 * word or when a negation comes just before it (没有漏电, "no rash").
 * Owner, remedy and reply are table look-ups from most to least specific. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "triage_int.h"
#include "utf8.h"

static const char *const placeholders[] = {
	"name", "order", "product", "remedy", "owner", "due", "callback", NULL
};
enum { PH_NAME, PH_ORDER, PH_PRODUCT, PH_REMEDY, PH_OWNER, PH_DUE, PH_CALLBACK };

int
tr_placeholder(const char *p, size_t n)
{
	int i;

	for (i = 0; placeholders[i]; i++)
		if (strlen(placeholders[i]) == n && memcmp(placeholders[i], p, n) == 0)
			return i;
	return -1;
}

struct rv_triage *
rv_triage_new(void)
{
	struct rv_triage *t = calloc(1, sizeof(*t));

	if (t != NULL)
		t->force_lang = RV_TRIAGE_AUTO;
	return t;
}

void
rv_triage_set_lang(struct rv_triage *t, int lang)
{
	t->force_lang = lang;
}

void
rv_triage_set_domain(struct rv_triage *t, const char *domain)
{
	t->force_domain = domain;
}

int
rv_triage_ready(struct rv_triage *t, struct rv_triage_err *e)
{
	size_t i;
	int k;

	for (k = 0; k < RV_TRIAGE_NTABLES; k++)
		if (!t->have[k]) {
			snprintf(e->file, sizeof(e->file), "%s", rv_triage_table_name(k));
			e->line = 0;
			snprintf(e->msg, sizeof(e->msg), "table not loaded");
			return -1;
		}
	rv_acm_free(t->acm);
	free(t->stamp);
	free(t->fired);
	t->acm = rv_acm_new();
	t->stamp = calloc(t->nrules + 1, sizeof(*t->stamp));
	t->fired = calloc(t->nrules + 1, sizeof(*t->fired));
	free(t->mstart);
	t->mstart = calloc(2 * (t->nrules + 1), sizeof(*t->mstart));
	t->mlen = t->mstart ? t->mstart + t->nrules + 1 : NULL;
	if (t->acm == NULL || t->stamp == NULL || t->fired == NULL || t->mstart == NULL)
		goto oom;
	rv_ruleset_free(t->rs);
	t->rs = NULL;
	t->npat = 0;
	for (i = 0; i < t->nrules; i++) {
		size_t off;

		if (t->rules[i].kind == K_WORD &&
		    rv_acm_add(t->acm, t->rules[i].pat, t->rules[i].patlen, (int)i) < 0)
			goto oom;
		if (t->rules[i].kind == K_PATTERN) {
			/* the rule set only when there are patterns (an empty one is
			 * never built or scanned) */
			if (t->rs == NULL && (t->rs = rv_ruleset_new()) == NULL)
				goto oom;
			if (rv_ruleset_add(t->rs, t->rules[i].pat, t->rules[i].patlen, (int)i, 1u, &off) != 0)
				goto oom;	/* it compiled at load: only OOM is left */
			t->npat++;
		}
	}
	if (t->rs != NULL && rv_ruleset_build(t->rs) < 0)
		goto oom;
	if (rv_acm_build(t->acm) < 0)
		goto oom;
	if (t->bmp == NULL) {
		uint32_t cp;

		if ((t->bmp = malloc(0x10000 * sizeof(*t->bmp))) == NULL)
			goto oom;
		for (cp = 0; cp < 0x10000; cp++) {
			uint32_t f = rv_utf8_fold(cp);

			t->bmp[cp] = (uint16_t)(f < 0x10000 ? f : cp);
		}
	}
	return 0;
oom:
	snprintf(e->file, sizeof(e->file), "rules");
	e->line = 0;
	snprintf(e->msg, sizeof(e->msg), "out of memory");
	return -1;
}

static int
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Start of the code point that ends just before s[i]. */
static size_t
back1(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

static int
cjk_negator(uint32_t cp)
{
	return cp == 0x4E0D || cp == 0x6CA1 || cp == 0x65E0 || cp == 0x672A || cp == 0x522B ||
	    cp == 0x9632 || cp == 0x52FF || cp == 0x6B62 || cp == 0x6015;	/* 不没无未别防勿止怕 (not 非: 非常 is "very") */
}

/* A Chinese word is negated by one of the two characters before it,
 * within the same clause. */
static int
negated_cjk(const char *s, size_t start)
{
	size_t i = start;
	int k;

	for (k = 0; k < 2 && i > 0; k++) {
		uint32_t cp;

		i = back1(s, i);
		rv_utf8_decode(s + i, start - i, &cp);
		if (cjk_negator(cp))
			return 1;
		if (cp < 0x80 ? !alnum((unsigned char)cp) && cp != ' ' : (cp >= 0x3000 && cp <= 0x303F) ||
		    (cp >= 0xFF00 && cp <= 0xFF0F))
			return 0;
	}
	return 0;
}

/* An English word is negated by no/not/never/without/nor/cannot or a
 * "n't" word among the three words before it, within the same clause. */
static int
negated_en(const char *s, size_t start)
{
	static const char *const neg[] = {"no", "not", "never", "without", "nor", "cannot", NULL};
	size_t i = start;
	int w, k;

	for (w = 0; w < 3; w++) {
		size_t end;

		while (i > 0 && s[i - 1] == ' ')
			i--;
		end = i;
		while (i > 0 && (alnum((unsigned char)s[i - 1]) || s[i - 1] == '\''))
			i--;
		if (i == end)
			return 0;	/* punctuation or non-ASCII: clause ends */
		for (k = 0; neg[k]; k++)
			if (strlen(neg[k]) == end - i && memcmp(neg[k], s + i, end - i) == 0)
				return 1;
		if (end - i >= 3 && memcmp(s + end - 3, "n't", 3) == 0)
			return 1;
	}
	return 0;
}

/* A pattern spans a clause: 饭里没有发现头发, "no hair in my soup" deny
 * the hazard from inside the match, as do 头皮不会痒 (won't itch), 不再
 * (no longer), and a product's purpose: 止痒 (stops itching), 防脱
 * (against hair loss). (Not 不 alone: 不明物 and 不舒服 are the hazard.) */
static int
negated_inside(const char *s, size_t n)
{
	static const char *const neg[] = {"没有", "没发现", "没吃出", "没喝出", "并没", "无", "不会",
		"不再", "止痒", "防脱", "never ", "not ", "no ", "n't ", NULL};
	int k;

	for (k = 0; neg[k]; k++)
		if (memmem(s, n, neg[k], strlen(neg[k])) != NULL)
			return 1;
	return 0;
}

/* A hazard reading told of another product or of the past: 以前用海飞丝洗后痒,
 * 原来经常头皮痒 (现在好了), 洗别的发水头皮就痒. The marker is in the clause
 * of the harm, the end of the match: back from it to a stop, comma, space
 * or 、 (the folded text has ASCII , . ! ? ; : for the full-width ones), at
 * most 24 characters. 没以前的滑 还痒 is still a harm: the itch has its own
 * clause. */
static int
elsewhere_cjk(const char *s, size_t end)
{
	static const char *const mark[] = {"以前", "之前", "原来", "以往", "别的", "别家", "其他",
		"其它", NULL};
	size_t i = end, k;
	int n;

	for (n = 0; n < 24 && i > 0; n++) {
		size_t j = back1(s, i);
		unsigned char c = (unsigned char)s[j];

		if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == ' ' ||
		    (i - j == 3 && memcmp(s + j, "、", 3) == 0))
			break;
		i = j;
	}
	for (k = 0; mark[k]; k++)
		if (memmem(s + i, end - i, mark[k], strlen(mark[k])) != NULL)
			return 1;
	return 0;
}

static int
is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* rv_utf8_fold_str with a table instead of a search per character (the
 * fold was 40% of the run time), counting CJK and Latin letters on the
 * way for the reply language. Invalid bytes become U+FFFD. */
static int
fold_text(struct rv_triage *t, struct rv_buf *out, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, cjk = 0, latin = 0;
	char *o;

	rv_buf_clear(out);
	if (rv_buf_reserve(out, n * 2 + 8) < 0)	/* U+FFFD for a byte: 3x, rare */
		return -1;
	o = out->p;
	while (i < n) {
		unsigned char c = s[i];
		uint32_t cp;
		int l;

		if ((size_t)(o - out->p) + 8 > out->cap) {
			out->len = (size_t)(o - out->p);
			if (rv_buf_reserve(out, n - i + 8) < 0)
				return -1;
			o = out->p + out->len;
		}
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				c += 32;
			latin += c >= 'a' && c <= 'z';
			*o++ = (char)c;
			i++;
			continue;
		}
		if (c >= 0xE0 && c < 0xF0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
			if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
				i += 3;
				cjk += is_cjk(cp);
				cp = t->bmp[cp];
				o += rv_utf8_encode(cp, o);
				continue;
			}
		}
		l = rv_utf8_decode(p + i, n - i, &cp);
		i += (size_t)l;
		cjk += is_cjk(cp);
		o += rv_utf8_encode(cp < 0x10000 ? t->bmp[cp] : cp, o);
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	t->cjk = cjk;
	t->latin = latin;
	return 0;
}

struct scan {
	struct rv_triage *t;
	const char *s;
	size_t n;
	size_t *mstart, *mlen;	/* per rule: where its first match is */
};

static int
on_match(void *ctx, int id, size_t start, size_t end)
{
	struct scan *sc = ctx;
	struct rv_triage *t = sc->t;
	const struct tr_rule *ru = &t->rules[id];
	const unsigned char *s = (const unsigned char *)sc->s;

	if (t->stamp[id] == t->gen)
		return 0;
	if (ru->kind == K_PATTERN) {
		if (end == start || (alnum(s[start]) && start > 0 && alnum(s[start - 1])) ||
		    (s[start] < 0x80 ? negated_en(sc->s, start) : negated_cjk(sc->s, start)) ||
		    negated_inside(sc->s + start, end - start) ||
		    (s[start] >= 0x80 && elsewhere_cjk(sc->s, end)))
			return 0;
		goto fired;
	}
	if (alnum((unsigned char)ru->pat[0]) && start > 0 && alnum(s[start - 1]))
		return 0;
	if (!ru->prefix && alnum((unsigned char)ru->pat[ru->patlen - 1]) && end < sc->n && alnum(s[end]))
		return 0;
	if (ru->prefix)
		while (end < sc->n && alnum(s[end]))
			end++;
	if ((unsigned char)ru->pat[0] < 0x80 ? negated_en(sc->s, start) : negated_cjk(sc->s, start))
		return 0;
fired:
	t->stamp[id] = t->gen;
	t->fired[t->nfired++] = (size_t)id;
	sc->mstart[id] = start;
	sc->mlen[id] = end - start;
	return 0;
}

static int
field_eq(const struct rv_field *f, const char *s)
{
	size_t n = strlen(s);

	return f->p != NULL && f->len == n && memcmp(f->p, s, n) == 0;
}

/* The polarity a field names: 'n', 'u' or 'p' for neg, neu, pos (or
 * negative, neutral, positive, in any case, as other tools write them),
 * 0 when empty or absent, -1 for anything else. */
static int
polarity_of(const char *p, size_t n)
{
	static const char *const names[6] = {"neg", "negative", "neu", "neutral", "pos", "positive"};

	if (p == NULL || n == 0)
		return 0;
	for (int i = 0; i < 6; i++)
		if (strlen(names[i]) == n && strncasecmp(p, names[i], n) == 0)
			return "nnuupp"[i];
	return -1;
}

static int
row_polarity(const struct rv_triage_row *row)
{
	return polarity_of(row->polarity.p, row->polarity.len);
}

/* Does the comma-separated list f hold s? */
static int
list_has(const struct rv_field *f, const char *s)
{
	size_t n = strlen(s), i = 0;

	if (f->p == NULL)
		return 0;
	while (i <= f->len) {
		const char *c = memchr(f->p + i, ',', f->len - i);
		size_t e = c ? (size_t)(c - f->p) : f->len, a = i, b = e;

		while (a < b && f->p[a] == ' ')
			a++;
		while (b > a && f->p[b - 1] == ' ')
			b--;
		if (b - a == n && memcmp(f->p + a, s, n) == 0)
			return 1;
		i = e + 1;
	}
	return 0;
}

/* The row's complaint category: the category column, else the first of
 * categories, when it is a category at all (not empty, not "none", not
 * "other" on a positive row).
 * Sets *len. NULL when the row names no complaint. */
static const char *
complaint_cat(const struct rv_triage_row *row, size_t *len)
{
	const struct rv_field *f = &row->category;
	size_t n;

	if (f->p == NULL || f->len == 0)
		f = &row->categories;
	if (f->p == NULL || f->len == 0)
		return NULL;
	n = f->len;
	if (f == &row->categories) {
		const char *c = memchr(f->p, ',', f->len);

		n = c ? (size_t)(c - f->p) : f->len;
	}
	while (n > 0 && f->p[n - 1] == ' ')
		n--;
	if (n == 0 || (n == 4 && memcmp(f->p, "none", 4) == 0))
		return NULL;
	/* other is "negative, nothing specific": a positive polarity says
	 * there is no complaint to name */
	if (n == 5 && memcmp(f->p, "other", 5) == 0 && row_polarity(row) == 'p')
		return NULL;
	if (len != NULL)
		*len = n;
	return f->p;
}

static int
nonword_fires(const struct tr_rule *ru, const struct rv_triage_row *row, double inten, int has_inten)
{
	switch (ru->kind) {
	case K_CATEGORY:
		if (strcmp(ru->value, "*") == 0)
			return complaint_cat(row, NULL) != NULL;
		return field_eq(&row->category, ru->value) || list_has(&row->categories, ru->value);
	case K_EMOTION:
		return field_eq(&row->emotion, ru->value);
	case K_POLARITY: {
		int want = polarity_of(ru->value, strlen(ru->value));
		return want > 0 ? row_polarity(row) == want : field_eq(&row->polarity, ru->value);
	}
	case K_INTENSITY:
		return has_inten && inten >= ru->num;
	}
	return 0;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* What decides whether a fired rule votes, and how high. */
struct vote {
	int known, neg;		/* a polarity value is given; it is negative */
	int praise;		/* it is positive: no vote above normal */
	int alone;		/* no rule of another scope applies: else rules vote */
	int capped;		/* a vote was lowered to normal (praise) */
};

static int
applies(const struct tr_rule *ru, const struct vote *v)
{
	switch (ru->scope) {
	case S_ANY: return 1;
	case S_NEG: return !v->known || v->neg;
	case S_TEXT: return !v->known;
	case S_ALWAYS: return 1;
	default: return v->alone;	/* S_ELSE */
	}
}

/* Praise is at most normal: a review the polarity column calls positive
 * is not escalated by a word (a plot that mentions 住院, a railing that is
 * 有点危险); the rule still shows in the reason, so a human sees it. Only
 * rules of scope always (hazard readings: 孩子手被划伤流血了) outrank the
 * polarity, which a model can get wrong. */
static int
vote_level(const struct tr_rule *ru, const struct vote *v)
{
	return v->praise && ru->level > RV_TRIAGE_NORMAL && ru->scope != S_ALWAYS ? RV_TRIAGE_NORMAL :
	    ru->level;
}

static int
best_vote(struct rv_triage *t, const struct vote *v)
{
	int best = RV_TRIAGE_NONE;
	size_t i;

	for (i = 0; i < t->nfired; i++) {
		const struct tr_rule *ru = &t->rules[t->fired[i]];

		if (applies(ru, v) && vote_level(ru, v) > best)
			best = vote_level(ru, v);
	}
	return best;
}

/* Grade: fill res->level and res->reason; return the category decided by
 * a taxonomy-named rule, or NULL. */
static const char *
grade(struct rv_triage *t, const struct rv_triage_row *row, struct rv_triage_res *res,
    double inten, int has_inten)
{
	size_t *mstart = t->mstart, *mlen = t->mlen, i;
	int pol = row_polarity(row);
	int known = pol != 0;
	int neg = pol == 'n';
	int lv, best;
	const char *cat = NULL;
	struct scan sc;
	struct vote v;

	v.known = known;
	v.neg = neg;
	v.praise = pol == 'p';
	v.alone = 0;
	v.capped = 0;
	t->capcat = NULL;
	if (++t->gen == 0) {
		memset(t->stamp, 0, t->nrules * sizeof(*t->stamp));
		t->gen = 1;
	}
	t->nfired = 0;
	sc.t = t;
	sc.s = res->fold.p;
	sc.n = res->fold.len;
	sc.mstart = mstart;
	sc.mlen = mlen;
	if (res->fold.len > 0) {
		rv_acm_scan(t->acm, res->fold.p, res->fold.len, on_match, &sc);
		/* a PCRE2 error (the match limit, on adversarial text) ends
		 * the pattern scan; the word rules have run */
		if (t->npat > 0)
			(void)rv_ruleset_scan(t->rs, res->fold.p, res->fold.len, 1u, on_match, &sc);
	}
	for (i = 0; i < t->nrules; i++)
		if (t->rules[i].kind != K_WORD && t->rules[i].kind != K_PATTERN &&
		    nonword_fires(&t->rules[i], row, inten, has_inten)) {
			t->stamp[i] = t->gen;
			t->fired[t->nfired++] = i;
		}
	qsort(t->fired, t->nfired, sizeof(*t->fired), cmp_size);
	if ((best = best_vote(t, &v)) == RV_TRIAGE_NONE) {
		v.alone = 1;
		best = best_vote(t, &v);
	}
	res->level = best;
	rv_buf_clear(&res->reason);
	for (lv = best; lv > RV_TRIAGE_NONE; lv--)
		for (i = 0; i < t->nfired; i++) {
			const struct tr_rule *ru = &t->rules[t->fired[i]];
			size_t j, id = t->fired[i];
			int seen = 0;

			if (vote_level(ru, &v) != lv || !applies(ru, &v))
				continue;
			if (ru->level != lv) {
				v.capped = 1;
				if (ru->category && t->capcat == NULL)
					t->capcat = ru->name;
			}
			else if (lv == best && ru->category && cat == NULL)
				cat = ru->name;
			for (j = 0; j < i && !seen; j++) {
				const struct tr_rule *o = &t->rules[t->fired[j]];

				seen = vote_level(o, &v) == lv && applies(o, &v) && strcmp(o->name, ru->name) == 0;
			}
			/* a rule name seen at a higher level is also skipped */
			for (j = 0; j < t->nfired && !seen; j++) {
				const struct tr_rule *o = &t->rules[t->fired[j]];

				seen = vote_level(o, &v) > lv && applies(o, &v) && strcmp(o->name, ru->name) == 0;
			}
			if (seen)
				continue;
			if (res->reason.len)
				rv_buf_putc(&res->reason, ',');
			rv_buf_puts(&res->reason, ru->name);
			rv_buf_putc(&res->reason, ':');
			if (ru->kind == K_WORD || ru->kind == K_PATTERN)
				rv_buf_append(&res->reason, res->fold.p + mstart[id], mlen[id]);
			else if (ru->kind == K_CATEGORY && strcmp(ru->value, "*") == 0) {
				size_t n = 0;
				const char *c = complaint_cat(row, &n);

				rv_buf_puts(&res->reason, "category=");
				rv_buf_append(&res->reason, c, n);
			} else
				rv_buf_printf(&res->reason, "%s%s%s", ru->kind == K_CATEGORY ? "category" :
				    ru->kind == K_EMOTION ? "emotion" : ru->kind == K_POLARITY ? "polarity" :
				    "intensity", ru->kind == K_INTENSITY ? ">=" : "=", ru->value);
		}
	if (v.capped && best == RV_TRIAGE_NORMAL)	/* the cap lowered the level */
		rv_buf_puts(&res->reason, ",praise:polarity=pos");
	if (best == RV_TRIAGE_NONE) {
		if (!known)
			rv_buf_puts(&res->reason, "no negative cue");
		else if (!neg) {
			rv_buf_puts(&res->reason, "polarity=");
			rv_buf_append(&res->reason, row->polarity.p, row->polarity.len);
		} else
			rv_buf_puts(&res->reason, "no rule fired");
	}
	return cat;
}

static int
detect_lang(const struct rv_triage *t, const struct rv_triage_row *row)
{
	size_t cjk = t->cjk, latin = t->latin;

	if (t->force_lang != RV_TRIAGE_AUTO)
		return t->force_lang;
	if (row->lang.p != NULL && row->lang.len >= 2) {
		if (memcmp(row->lang.p, "zh", 2) == 0)
			return RV_TRIAGE_ZH;
		if (memcmp(row->lang.p, "en", 2) == 0)
			return RV_TRIAGE_EN;
	}
	if (cjk > 0 && cjk * 4 >= latin)
		return RV_TRIAGE_ZH;
	return latin > 0 ? RV_TRIAGE_EN : RV_TRIAGE_ZH;
}

/* Look key parts up in h; NULL parts are skipped (not present). */
static struct rv_hash_ent *
lookup(struct rv_triage *t, const struct rv_hash *h, const char *const *parts, const size_t *lens,
    size_t n)
{
	size_t i;

	rv_buf_clear(&t->key);
	for (i = 0; i < n; i++) {
		if (i)
			rv_buf_putc(&t->key, '\t');
		rv_buf_append(&t->key, parts[i], lens[i]);
	}
	if (t->key.p == NULL)
		return NULL;
	return rv_hash_get(h, t->key.p, t->key.len);
}

static const char *
find_owner(struct rv_triage *t, const struct rv_field *line, const char *cat, size_t catlen)
{
	int haveline = line->p != NULL && line->len > 0, m;
	struct rv_hash_ent *en;

	for (m = 3; m >= 0; m--) {
		const char *parts[2];
		size_t lens[2];

		if ((m & 2) && !haveline)
			continue;
		parts[0] = (m & 2) ? line->p : "*";
		lens[0] = (m & 2) ? line->len : 1;
		parts[1] = (m & 1) ? cat : "*";
		lens[1] = (m & 1) ? catlen : 1;
		if ((en = lookup(t, &t->owners, parts, lens, 2)) != NULL)
			return en->val;
	}
	return "";
}

/* Has the domain rows of its own in table? (Saves the look-ups; cached
 * for the last domain, which is a policy string or --domain.) */
static int
dom_rows(struct rv_triage *t, int table, const char *dom)
{
	if (t->flags_dom != dom) {
		int k;

		for (k = 0; k < 2; k++) {
			int tb = k ? RV_TRIAGE_TEMPLATES : RV_TRIAGE_REMEDIES, f;

			rv_buf_clear(&t->key);
			rv_buf_printf(&t->key, "%d\t%s", tb, dom);
			f = t->key.p != NULL && rv_hash_get(&t->domrows, t->key.p, t->key.len) != NULL;
			if (k)
				t->flags_tmpl = f;
			else
				t->flags_rem = f;
		}
		t->flags_dom = dom;
	}
	return table == RV_TRIAGE_TEMPLATES ? t->flags_tmpl : t->flags_rem;
}

/* The remedy rung: the most specific row, domain weighing most, then
 * category, level (a mild complaint, level normal with intensity below
 * 2, looks for level mild first), then tier. */
static int
find_rung(struct rv_triage *t, const char *dom, const char *cat, size_t catlen, int level, int mild,
    const struct rv_field *tier)
{
	int havetier = tier->p != NULL && tier->len > 0, d, c, l, ti;
	const char *lv[3];
	struct rv_hash_ent *en;

	lv[0] = mild && t->have_mild ? "mild" : NULL;
	lv[1] = rv_triage_level_name(level);
	lv[2] = "*";
	for (d = 0; d < 2; d++) {
		if (d == 0 && (strcmp(dom, "*") == 0 || !dom_rows(t, RV_TRIAGE_REMEDIES, dom)))
			continue;
		for (c = 0; c < 2; c++)
			for (l = 0; l < 3; l++)
				for (ti = 0; ti < 2; ti++) {
					const char *parts[4];
					size_t lens[4];

					if (lv[l] == NULL || (ti == 0 && !havetier))
						continue;
					parts[0] = d == 0 ? dom : "*";
					lens[0] = strlen(parts[0]);
					parts[1] = c == 0 ? cat : "*";
					lens[1] = c == 0 ? catlen : 1;
					parts[2] = lv[l];
					lens[2] = strlen(lv[l]);
					parts[3] = ti == 0 ? tier->p : "*";
					lens[3] = ti == 0 ? tier->len : 1;
					if ((en = lookup(t, &t->remedies, parts, lens, 4)) != NULL)
						return (int)(intptr_t)en->val;
				}
	}
	return 1;
}

/* The name of a rung in a language: the domain's own, else the one for
 * every domain (always there: checked at load). */
static const char *
rung_name(struct rv_triage *t, const char *dom, int rung, int lang)
{
	struct rv_hash_ent *en;
	char k[3] = {'*', '\t', (char)('0' + rung)};

	if (strcmp(dom, "*") != 0) {
		rv_buf_clear(&t->key);
		rv_buf_puts(&t->key, dom);
		rv_buf_putc(&t->key, '\t');
		rv_buf_putc(&t->key, (char)('0' + rung));
		if (t->key.p != NULL && (en = rv_hash_get(&t->ladder, t->key.p, t->key.len)) != NULL)
			return ((char **)en->val)[lang];
	}
	en = rv_hash_get(&t->ladder, k, 3);
	return en ? ((char **)en->val)[lang] : "";
}

/* The product domain of a row: --domain, else the domain column when it
 * names a domain the policy knows (or any value: then it is looked up
 * like a line), else the line through the domains table, else the
 * table's fallback row. */
static const char *
find_domain(struct rv_triage *t, const struct rv_triage_row *row)
{
	struct rv_hash_ent *en;

	if (t->force_domain != NULL)
		return t->force_domain;
	if (row->domain.p != NULL && row->domain.len > 0) {
		size_t i = 0;

		if ((en = rv_hash_get(&t->domains, row->domain.p, row->domain.len)) != NULL)
			return en->val;
		while ((en = rv_hash_iter(&t->domains, &i)) != NULL)
			if (strlen(en->val) == row->domain.len &&
			    memcmp(en->val, row->domain.p, row->domain.len) == 0)
				return en->val;
	}
	if (row->line.p != NULL && row->line.len > 0) {
		/* lines repeat: the last one's domain is kept */
		if (t->last_line.len > 0 && t->last_line.len == row->line.len &&
		    memcmp(t->last_line.p, row->line.p, row->line.len) == 0)
			return t->last_dom;
		if ((en = rv_hash_get(&t->domains, row->line.p, row->line.len)) == NULL)
			en = rv_hash_get(&t->domains, "*", 1);
		t->last_dom = en ? en->val : "*";
		rv_buf_clear(&t->last_line);
		if (rv_buf_append(&t->last_line, row->line.p, row->line.len) < 0)
			rv_buf_clear(&t->last_line);	/* no cache, still right */
		return t->last_dom;
	}
	en = rv_hash_get(&t->domains, "*", 1);
	return en ? en->val : "*";
}

static const struct tr_tmpl *
find_tmpl(struct rv_triage *t, const char *dom, const char *kind, int lang, const char *cat,
    size_t catlen, int level)
{
	const char *ln = rv_triage_level_name(level);
	struct rv_hash_ent *en;
	int m;

	int own = strcmp(dom, "*") != 0 && dom_rows(t, RV_TRIAGE_TEMPLATES, dom);

	/* the domain weighs most: its own rows, then those for every domain */
	for (m = 7; m >= 0; m--) {
		const char *parts[5];
		size_t lens[5];

		if ((m & 4) && !own)
			continue;
		parts[0] = (m & 4) ? dom : "*";
		lens[0] = strlen(parts[0]);
		parts[1] = kind;
		lens[1] = strlen(kind);
		parts[2] = lang == RV_TRIAGE_ZH ? "zh" : "en";
		lens[2] = 2;
		parts[3] = (m & 2) ? cat : "*";
		lens[3] = (m & 2) ? catlen : 1;
		parts[4] = (m & 1) ? ln : "*";
		lens[4] = (m & 1) ? strlen(ln) : 1;
		if ((en = lookup(t, &t->tmpl, parts, lens, 5)) != NULL)
			return en->val;
	}
	return NULL;
}

/* The values of the placeholders for one row. */
struct fillctx {
	struct rv_triage *t;
	int lang;
	const struct rv_field *slotval[NSLOTS];
	const char *remedy, *owner, *due, *callback;
};

static void
put_slot(struct rv_buf *out, const struct fillctx *fc, int s)
{
	const struct rv_field *v = fc->slotval[s];
	const char *tx;

	if (v == NULL || v->p == NULL || v->len == 0) {
		rv_buf_puts(out, fc->t->slot[fc->lang][s][1]);
		return;
	}
	/* the present form holds only its own placeholder (checked at load) */
	for (tx = fc->t->slot[fc->lang][s][0]; *tx; ) {
		const char *o = strchr(tx, '{');

		if (o == NULL) {
			rv_buf_puts(out, tx);
			break;
		}
		rv_buf_append(out, tx, (size_t)(o - tx));
		rv_buf_append(out, v->p, v->len);
		tx = strchr(o, '}') + 1;
	}
}

static void
fill(struct rv_buf *out, const char *tx, const struct fillctx *fc)
{
	rv_buf_clear(out);
	while (*tx) {
		const char *o = strchr(tx, '{'), *c;
		int ph;

		if (o == NULL) {
			rv_buf_puts(out, tx);
			return;
		}
		rv_buf_append(out, tx, (size_t)(o - tx));
		c = strchr(o, '}');
		ph = tr_placeholder(o + 1, (size_t)(c - o - 1));	/* known: checked at load */
		switch (ph) {
		case PH_NAME: case PH_ORDER: case PH_PRODUCT: put_slot(out, fc, ph); break;
		case PH_REMEDY: rv_buf_puts(out, fc->remedy); break;
		case PH_OWNER: rv_buf_puts(out, fc->owner); break;
		case PH_DUE: rv_buf_puts(out, fc->due); break;
		default: rv_buf_puts(out, fc->callback); break;
		}
		tx = c + 1;
	}
}

static void
clear_outputs(struct rv_triage_res *res)
{
	rv_buf_clear(&res->due_s);
	rv_buf_clear(&res->owner);
	rv_buf_clear(&res->remedy);
	rv_buf_clear(&res->reply);
	rv_buf_clear(&res->followup);
	/* keep p non-NULL so callers can always use it */
	rv_buf_puts(&res->due_s, "");
	rv_buf_puts(&res->owner, "");
	rv_buf_puts(&res->remedy, "");
	rv_buf_puts(&res->reply, "");
	rv_buf_puts(&res->followup, "");
}

/* The category column, else the first of categories; a category whose
 * rule was capped on praise (safety on a glowing review) is passed over,
 * so the praise does not get that category's owner, remedy and reply. */
static const char *
pick_cat(const struct rv_triage *t, const struct rv_triage_row *row, size_t *len)
{
	size_t skip = t->capcat ? strlen(t->capcat) : 0, i = 0;
	const struct rv_field *f = &row->categories;

	if (row->category.p != NULL && row->category.len > 0 &&
	    !(skip && row->category.len == skip && memcmp(row->category.p, t->capcat, skip) == 0)) {
		*len = row->category.len;
		return row->category.p;
	}
	while (f->p != NULL && i < f->len) {
		const char *c = memchr(f->p + i, ',', f->len - i);
		size_t e = c ? (size_t)(c - f->p) : f->len;

		if (e > i && !(skip && e - i == skip && memcmp(f->p + i, t->capcat, skip) == 0)) {
			*len = e - i;
			return f->p + i;
		}
		i = e + 1;
	}
	return NULL;
}

int
rv_triage_row(struct rv_triage *t, const struct rv_triage_row *row, struct rv_triage_res *res)
{
	double inten = 0;
	int has_inten = 0;
	const char *cat, *owner;
	size_t catlen;
	char due[32], cb[16];
	const struct tr_tmpl *tl;
	struct fillctx fc;
	uint64_t h;

	clear_outputs(res);
	rv_buf_clear(&res->reason);
	res->rung = 0;
	res->due = 0;
	res->domain = "";
	if (row->intensity.p != NULL && row->intensity.len > 0) {
		if (rv_num_parse(row->intensity.p, row->intensity.len, &inten) < 0 || inten < 0 ||
		    inten > 3) {
			rv_buf_printf(&res->reason, "intensity '%.*s': expected a number from 0 to 3",
			    (int)rv_utf8_cut(row->intensity.p, row->intensity.len, 40), row->intensity.p);
			return -1;
		}
		has_inten = 1;
	}
	/* NEG or Negative is negative; a value that is no polarity (a 0/1
	 * label, a score) is a malformed row, not a row read as praise or
	 * as having no negative cue. */
	if (row_polarity(row) < 0) {
		rv_buf_printf(&res->reason, "polarity '%.*s': expected neg, neu or pos "
		    "(or negative, neutral, positive)",
		    (int)rv_utf8_cut(row->polarity.p, row->polarity.len, 40), row->polarity.p);
		return -1;
	}
	if (fold_text(t, &res->fold, row->text.p ? row->text.p : "", row->text.p ? row->text.len : 0) < 0)
		return -1;
	cat = grade(t, row, res, inten, has_inten);
	res->lang = detect_lang(t, row);
	if (res->level == RV_TRIAGE_NONE)
		return res->reason.p == NULL ? -1 : 0;
	if (cat != NULL)
		catlen = strlen(cat);
	else if ((cat = pick_cat(t, row, &catlen)) == NULL) {
		cat = "other";
		catlen = 5;
	}
	owner = find_owner(t, &row->line, cat, catlen);
	res->domain = find_domain(t, row);
	res->rung = find_rung(t, res->domain, cat, catlen, res->level,
	    res->level == RV_TRIAGE_NORMAL && has_inten && inten < 2, &row->tier);
	res->due = row->time + t->respond[res->level];
	rv_isotime_fmt(&t->tz, due, res->due);
	rv_isotime_fmt_date(&t->tz, cb, res->due + t->callback[res->level]);
	rv_buf_puts(&res->due_s, due);
	rv_buf_puts(&res->owner, owner);
	fc.remedy = rung_name(t, res->domain, res->rung, res->lang);
	rv_buf_printf(&res->remedy, "%d %s", res->rung, fc.remedy);
	fc.t = t;
	fc.lang = res->lang;
	fc.slotval[SLOT_NAME] = &row->name;
	fc.slotval[SLOT_ORDER] = &row->order;
	fc.slotval[SLOT_PRODUCT] = row->product.p != NULL && row->product.len > 0 ? &row->product :
	    &row->line;
	fc.owner = owner;
	fc.due = due;
	fc.callback = cb;
	h = rv_hash_bytes(row->text.p ? row->text.p : "", row->text.p ? row->text.len : 0, 0x7472);
	if ((tl = find_tmpl(t, res->domain, "reply", res->lang, cat, catlen, res->level)) != NULL)
		fill(&res->reply, tl->v[h % tl->n], &fc);
	if ((tl = find_tmpl(t, res->domain, "followup", res->lang, cat, catlen, res->level)) != NULL)
		fill(&res->followup, tl->v[(h >> 32) % tl->n], &fc);
	if (res->reason.p == NULL || res->reply.p == NULL || res->followup.p == NULL ||
	    res->remedy.p == NULL || res->due_s.p == NULL || res->owner.p == NULL)
		return -1;
	return 0;
}

void
rv_triage_res_free(struct rv_triage_res *res)
{
	rv_buf_free(&res->reason);
	rv_buf_free(&res->due_s);
	rv_buf_free(&res->owner);
	rv_buf_free(&res->remedy);
	rv_buf_free(&res->reply);
	rv_buf_free(&res->followup);
	rv_buf_free(&res->fold);
}

void
rv_triage_free(struct rv_triage *t)
{
	if (t == NULL)
		return;
	tr_policy_free(t);
	rv_acm_free(t->acm);
	rv_ruleset_free(t->rs);
	free(t->stamp);
	free(t->fired);
	free(t->mstart);
	free(t->bmp);
	rv_buf_free(&t->key);
	rv_buf_free(&t->last_line);
	free(t);
}

/* --summary */

void
rv_triage_sum_init(struct rv_triage_sum *s, long long now)
{
	memset(s, 0, sizeof(*s));
	s->now = now;
}

static void
count(struct rv_triage_sum_ent *e, const struct rv_triage_res *r, long long now)
{
	e->rows++;
	if (r->level != RV_TRIAGE_NONE && r->due < now) {
		if (e->past_due == 0 || r->due < e->oldest_due)
			e->oldest_due = r->due;
		e->past_due++;
	}
}

int
rv_triage_sum_add(struct rv_triage_sum *s, const struct rv_triage_res *r)
{
	size_t i;

	count(&s->level[r->level], r, s->now);
	count(&s->total, r, s->now);
	if (r->level == RV_TRIAGE_NONE)
		return 0;
	for (i = 0; i < s->nowner; i++)
		if (strcmp(s->owner[i].key, r->owner.p) == 0)
			break;
	if (i == s->nowner) {
		if (s->nowner == s->owncap) {
			size_t nc = s->owncap ? s->owncap * 2 : 16;
			void *q = realloc(s->owner, nc * sizeof(*s->owner));

			if (q == NULL)
				return -1;
			s->owner = q;
			s->owncap = nc;
		}
		memset(&s->owner[i], 0, sizeof(s->owner[i]));
		if ((s->owner[i].key = strdup(r->owner.p)) == NULL)
			return -1;
		s->nowner++;
	}
	count(&s->owner[i], r, s->now);
	return 0;
}

static int
cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct rv_triage_sum_ent *)a)->key, ((const struct rv_triage_sum_ent *)b)->key);
}

void
rv_triage_sum_sort(struct rv_triage_sum *s)
{
	if (s->nowner > 1)
		qsort(s->owner, s->nowner, sizeof(*s->owner), cmp_ent);
}

void
rv_triage_sum_free(struct rv_triage_sum *s)
{
	size_t i;

	for (i = 0; i < s->nowner; i++)
		free(s->owner[i].key);
	free(s->owner);
	s->owner = NULL;
	s->nowner = 0;
}
