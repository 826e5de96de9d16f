/* classify.c - complaint categories by weighted PCRE2 rules; see
 * classify.h for the rule semantics. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "classify.h"

#include <math.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "data.h"
#include "esc.h"
#include "num.h"
#include "ruleset.h"
#include "utf8.h"


/* The default taxonomy, in priority order (ties between equal scores go
 * to the earlier one). "other" must stay in the list. */
static const char *const default_cats[] = {
	"quality", "damage", "logistics", "service", "mismatch", "wrong_item",
	"fit", "price", "usability", "aftersales", "safety", "other"
};

enum { LANG_BOTH = 0, LANG_ZH = 1, LANG_EN = 2, NSET = 3 };

/* Clause sums reach this to count for a category. */
#define THRESHOLD 1.0
/* See pick_primary. */
#define PRIMARY_SHARE 0.6
/* Cues written per row, and bytes of text per cue. */
#define MAX_CUES 8
#define MAX_CUE_BYTES 60

struct rule {
	int cat;		/* category index; -1 for a bare "-" exclusion */
	int excl;		/* exclusion rule */
	int noneg;		/* (?#noneg): no negation check */
	int needneg;		/* (?#neg): counts only in a row that reads negative */
	int lang;		/* LANG_* from the pattern's script */
	int ctx;		/* (?#ctx): context only, never a cue */
	int user;		/* loaded after rv_rules_user(rs, 1) */
	uint64_t key;		/* hash of category and pattern (rv_rules_keys) */
	double w;
	char *pat;
	unsigned long line;
	const char *file;
	unsigned stamp;		/* clause stamp: counted once per clause */
	unsigned row;		/* row stamp of last_start */
	size_t last_start;	/* start of this rule's last match in that row */
};

struct cat {
	char *id;
	char *name;
	int secondary;		/* primary only when no other category qualifies */
	uint64_t key;		/* fnv of id (rv_rules_keys), computed once */
};

struct hit {
	int rule;
	size_t s, e;
	unsigned clause;
	int counted;
	int drop;		/* negated or excluded */
	int contrast;		/* in a clause opened by a contrast word (但是, 就是, but) */
	int negd;		/* dropped as negated: 2 right after the negator (not
				 * itchy, 没有异味), 1 further (see negated) */
};

struct rv_rules {
	const char *text;	/* the folded text being scanned (on_match) */
	struct cat *cats;
	size_t ncat, capcat;
	int other;		/* index of "other" */
	struct rule *rules;
	size_t nrule, caprule;
	struct rv_ruleset *set;	/* all rules, tagged by language */
	enum rv_lang lang;
	int loading_user;	/* rv_rules_user */
	size_t nuser;		/* rules with user set */
	uint64_t *defkeys;	/* keys of the embedded default rules, sorted */
	size_t ndefkeys, capdefkeys;
	int defkeys_ok;
	/* per-row scratch, reused */
	struct rv_buf fold, cats_out, cues_out;
	struct hit *hits;
	size_t nhit, caphit;
	double *score, *clsum;
	unsigned char *veto;	/* per category: negated or excluded in this row */
	long *first;		/* first hit position per category, for order */
	int *touched;		/* per category: clause stamp of clsum */
	unsigned stamp;
	unsigned row;		/* row stamp for the rules' last_start */
	int lset;		/* the rule set (LANG_*) the last row ran */
	/* A bit per Han code point (U+4E00..U+9FFF) of neg_zh, block_zh
	 * or fill_zh: most characters before a match are in none, and one
	 * bit test spares negated() three list searches. */
	uint8_t zhmark[(0xA000 - 0x4E00) / 8];
};

static int add_cat(struct rv_rules *rs, const char *id, size_t idlen, const char *name,
    size_t namelen);
static int rule_lang(const char *p, size_t n);
static uint64_t fnv(uint64_t h, const char *p, size_t n);
static void zhmark_init(struct rv_rules *rs);
static int on_match(void *data, int id, size_t s, size_t e);

struct rv_rules *
rv_rules_new(void)
{
	struct rv_rules *rs = calloc(1, sizeof(*rs));
	size_t i;

	if (rs == NULL)
		return NULL;
	for (i = 0; i < sizeof(default_cats) / sizeof(default_cats[0]); i++)
		if (add_cat(rs, default_cats[i], strlen(default_cats[i]), default_cats[i],
		    strlen(default_cats[i])) < 0) {
			rv_rules_free(rs);
			return NULL;
		}
	rs->other = rv_rules_category_find(rs, "other", 5);
	zhmark_init(rs);
	/* Price comes up beside the real problem ("又贵又难吃" is about the
	 * food): it leads only when it stands alone. */
	rs->cats[rv_rules_category_find(rs, "price", 5)].secondary = 1;
	return rs;
}

void
rv_rules_free(struct rv_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->ncat; i++) {
		free(rs->cats[i].id);
		free(rs->cats[i].name);
	}
	free(rs->cats);
	for (i = 0; i < rs->nrule; i++)
		free(rs->rules[i].pat);
	free(rs->rules);
	free(rs->defkeys);
	rv_ruleset_free(rs->set);
	rv_buf_free(&rs->fold);
	rv_buf_free(&rs->cats_out);
	rv_buf_free(&rs->cues_out);
	free(rs->hits);
	free(rs->score);
	free(rs->clsum);
	free(rs->veto);
	free(rs->first);
	free(rs->touched);
	free(rs);
}

static int
add_cat(struct rv_rules *rs, const char *id, size_t idlen, const char *name, size_t namelen)
{
	struct cat *c = rv_grow(rs->cats, &rs->capcat, rs->ncat + 1, sizeof(*c));
	if (c == NULL)
		return -1;
	rs->cats = c;
	rs->cats[rs->ncat].id = strndup(id, idlen);
	rs->cats[rs->ncat].name = strndup(name, namelen);
	rs->cats[rs->ncat].secondary = 0;
	if (rs->cats[rs->ncat].id == NULL || rs->cats[rs->ncat].name == NULL) {
		free(rs->cats[rs->ncat].id);
		free(rs->cats[rs->ncat].name);
		return -1;
	}
	rs->cats[rs->ncat].key = fnv(0x84222325cbf29ce4ULL, id, idlen);
	rs->ncat++;
	return 0;
}

int
rv_rules_category_find(const struct rv_rules *rs, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < rs->ncat; i++)
		if (strlen(rs->cats[i].id) == len && memcmp(rs->cats[i].id, id, len) == 0)
			return (int)i;
	return -1;
}

size_t rv_rules_ncat(const struct rv_rules *rs) { return rs->ncat; }
size_t rv_rules_count(const struct rv_rules *rs) { return rs->nrule; }
const double *rv_rules_scores(const struct rv_rules *rs) { return rs->score; }
const char *rv_rules_category_id(const struct rv_rules *rs, size_t i) { return rs->cats[i].id; }
const char *rv_rules_category_name(const struct rv_rules *rs, size_t i) { return rs->cats[i].name; }
void rv_rules_set_lang(struct rv_rules *rs, enum rv_lang lang) { rs->lang = lang; }
void rv_rules_user(struct rv_rules *rs, int user) { rs->loading_user = user != 0; }

static int seterr(struct rv_rules_err *e, const char *file, unsigned long line, long off,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
seterr(struct rv_rules_err *e, const char *file, unsigned long line, long off,
    const char *fmt, ...)
{
	va_list ap;

	e->file = file;
	e->line = line;
	e->offset = off;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Split text into lines and each line into at most max TAB fields.
 * Calls fn for every line that is not blank or a '#' comment. */
struct tsvline {
	const char *f[8];
	size_t len[8];
	size_t nf;
	unsigned long line;
	int cr;			/* a CR inside the line: CR-only line ends */
};

static const char *
next_line(const char *p, const char *end, struct tsvline *l)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *le = nl ? nl : end;
	const char *q = p;

	if (le > p && le[-1] == '\r')
		le--;
	l->nf = 0;
	l->line++;
	l->cr = memchr(p, '\r', (size_t)(le - p)) != NULL;
	for (;;) {
		const char *tab = memchr(q, '\t', (size_t)(le - q));
		const char *fe = tab ? tab : le;
		if (l->nf < 8) {
			l->f[l->nf] = q;
			l->len[l->nf] = (size_t)(fe - q);
		}
		l->nf++;
		if (tab == NULL)
			break;
		q = tab + 1;
	}
	return nl ? nl + 1 : end;
}

/* Blank lines, '#' comments and a header line (before any data line). */
static int
skip_line(const struct tsvline *l, const char *header, int seen_data)
{
	size_t hl = strlen(header);

	if (l->nf == 1 && l->len[0] == 0)
		return 1;
	if (l->len[0] > 0 && l->f[0][0] == '#')
		return 1;
	return !seen_data && l->len[0] == hl && memcmp(l->f[0], header, hl) == 0;
}

typedef int (*line_fn)(struct rv_rules *, const struct tsvline *, const char *,
    struct rv_rules_err *);

/* Call fn on each data line of a rule or taxonomy file (blank lines,
 * comments and a leading "category" header skipped); stops at an error.
 * A file without a data line is an error too: an empty --rules file
 * would silently tag nothing. what names the entries ("rules"). */
static int
each_line(struct rv_rules *rs, const char *text, size_t len, const char *file,
    struct rv_rules_err *e, line_fn fn, const char *what)
{
	const char *p = text, *end = text + len;
	struct tsvline l = {0};
	int seen = 0;

	while (p < end) {
		p = next_line(p, end, &l);
		/* Old Mac line ends make the whole file one line (which
		 * could pass for a header or a comment). */
		if (l.cr)
			return seterr(e, file, l.line, -1, "%s",
			    "a CR inside a line: the file has CR-only line ends (convert them to LF)");
		if (skip_line(&l, "category", seen))
			continue;
		seen = 1;
		if (fn(rs, &l, file, e) < 0)
			return -1;
	}
	if (!seen)
		return seterr(e, file, 0, -1, "no %s: the file is empty or holds only blank lines, "
		    "comments and a header", what);
	return 0;
}

/* A NUL or another control byte: not for category ids and names, which
 * are written to TSV output. */
static int
has_ctl(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7F)
			return 1;
	return 0;
}

static int
load_cat(struct rv_rules *rs, const struct tsvline *l, const char *file, struct rv_rules_err *e)
{
	if (l->nf < 2 || l->nf > 3) {
		return seterr(e, file, l->line, -1,
		    "expected 2 or 3 TAB-separated fields (category, name, description), got %zu", l->nf);
	}
	if (l->len[0] == 0 || l->len[1] == 0 || memchr(l->f[0], ',', l->len[0]) ||
	    memchr(l->f[1], ',', l->len[1]) || memchr(l->f[1], ':', l->len[1]) || l->f[0][0] == '-' ||
	    has_ctl(l->f[0], l->len[0]) || has_ctl(l->f[1], l->len[1]))
		return seterr(e, file, l->line, -1, "%s",
		    "category id and name must be non-empty, without ',', ':' or control bytes "
		    "(such as NUL), and not start with '-'");
	int i = rv_rules_category_find(rs, l->f[0], l->len[0]);
	if (i >= 0) {
		char *nm = strndup(l->f[1], l->len[1]);
		if (nm == NULL)
			return seterr(e, file, l->line, -1, "%s", "out of memory");
		free(rs->cats[i].name);
		rs->cats[i].name = nm;
	} else if (add_cat(rs, l->f[0], l->len[0], l->f[1], l->len[1]) < 0)
		return seterr(e, file, l->line, -1, "%s", "out of memory");
	return 0;
}

int
rv_rules_taxonomy(struct rv_rules *rs, const char *text, size_t len, const char *file,
    struct rv_rules_err *e)
{
	return each_line(rs, text, len, file, e, load_cat, "categories");
}

/* LANG_ZH when the pattern holds non-ASCII text, LANG_EN when it holds
 * ASCII letters only, else LANG_BOTH. Escapes such as \d are skipped. */
static int
rule_lang(const char *p, size_t n)
{
	size_t i;
	int latin = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x80)
			return LANG_ZH;
		if (c == '\\') {
			i++;
			continue;
		}
		if (c == '(' && i + 2 < n && p[i + 1] == '?' && p[i + 2] == '#') {
			const char *q = memchr(p + i, ')', n - i);
			i = q ? (size_t)(q - p) : n;
			continue;
		}
		if ((c | 32) >= 'a' && (c | 32) <= 'z')
			latin = 1;
	}
	return latin ? LANG_EN : LANG_BOTH;
}

/* FNV-1a over p[0..n), continuing from h. */
static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

static int
add_defkey(struct rv_rules *rs, const struct tsvline *l, const char *file,
    struct rv_rules_err *e)
{
	(void)file;
	(void)e;
	if (l->nf < 3)
		return 0;
	uint64_t *k = rv_grow(rs->defkeys, &rs->capdefkeys, rs->ndefkeys + 1, sizeof(*k));
	if (k == NULL)
		return -1;
	rs->defkeys = k;
	k[rs->ndefkeys++] = fnv(fnv(0xcbf29ce484222325ULL, l->f[0], l->len[0]), l->f[2], l->len[2]);
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Is key one of the embedded default rules? (A user's rule file that
 * repeats a default rule, as --dump-defaults writes them, does not make
 * it the user's own.) */
static int
is_default(struct rv_rules *rs, uint64_t key)
{
	if (!rs->defkeys_ok) {
		size_t len;
		const char *d = rv_data_get("classify-rules.tsv", &len);
		struct rv_rules_err e;
		rs->defkeys_ok = 1;
		if (d != NULL && each_line(rs, d, len, "", &e, add_defkey, "rules") == 0 && rs->ndefkeys > 0)
			qsort(rs->defkeys, rs->ndefkeys, sizeof(*rs->defkeys), cmp_u64);
	}
	return rs->ndefkeys > 0 &&
	    bsearch(&key, rs->defkeys, rs->ndefkeys, sizeof(key), cmp_u64) != NULL;
}

static int
load_rule(struct rv_rules *rs, const struct tsvline *l, const char *file, struct rv_rules_err *e)
{
	struct rule r;
	char buf[256], esc[120];
	double w;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re;
	const char *c = l->f[0];
	size_t clen = l->len[0];

	memset(&r, 0, sizeof(r));
	r.line = l->line;
	r.file = file;
	if (l->nf < 3 || l->nf > 4) {
		return seterr(e, file, l->line, -1,
		    "expected 3 or 4 TAB-separated fields (category, weight, pattern, note), got %zu", l->nf);
	}
	if (clen > 0 && c[0] == '-') {
		r.excl = 1;
		c++;
		clen--;
	}
	r.cat = -1;
	if (clen > 0 || !r.excl) {
		r.cat = rv_rules_category_find(rs, c, clen);
		if (r.cat < 0) {
			return seterr(e, file, l->line, -1,
			    "unknown category '%s' (add it with --taxonomy FILE)",
			    rv_esc(esc, sizeof(esc), c, clen, 64));
		}
	}
	if (rv_num_parse(l->f[1], l->len[1], &w) < 0 || w < -10 || w > 10) {
		return seterr(e, file, l->line, -1,
		    "invalid weight '%s': expected a number from -10 to 10",
		    rv_esc(esc, sizeof(esc), l->f[1], l->len[1], 64));
	}
	r.w = w;
	if (l->len[2] == 0)
		return seterr(e, file, l->line, -1, "%s", "empty pattern");
	re = pcre2_compile((PCRE2_SPTR)l->f[2], l->len[2], PCRE2_UTF | PCRE2_DUPNAMES,
	    &errcode, &erroff, NULL);
	if (re == NULL) {
		pcre2_get_error_message(errcode, (PCRE2_UCHAR *)buf, sizeof(buf));
		return seterr(e, file, l->line, (long)erroff, "%s", buf);
	}
	uint32_t backref = 0;
	pcre2_pattern_info(re, PCRE2_INFO_BACKREFMAX, &backref);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int empty = md != NULL && pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, md, NULL) >= 0;
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	if (backref > 0)
		return seterr(e, file, l->line, -1, "%s",
		    "back references are not supported in rules (rules are combined into one pattern)");
	if (empty)
		return seterr(e, file, l->line, -1, "%s", "pattern matches the empty string");
	/* Leading flags, in either order: (?#noneg) and (?#neg). */
	for (size_t at = 0;;) {
		const char *q = l->f[2] + at;
		size_t left = l->len[2] - at;
		if (left >= 9 && memcmp(q, "(?#noneg)", 9) == 0)
			r.noneg = 1, at += 9;
		else if (left >= 7 && memcmp(q, "(?#neg)", 7) == 0)
			r.needneg = 1, at += 7;
		else if (left >= 7 && memcmp(q, "(?#ctx)", 7) == 0)
			r.ctx = 1, at += 7;
		else
			break;
	}
	r.lang = rule_lang(l->f[2], l->len[2]);
	r.key = fnv(fnv(0xcbf29ce484222325ULL, l->f[0], l->len[0]), l->f[2], l->len[2]);
	r.user = rs->loading_user && !is_default(rs, r.key);
	rs->nuser += r.user != 0;
	if ((r.pat = strndup(l->f[2], l->len[2])) == NULL)
		return seterr(e, file, l->line, -1, "%s", "out of memory");
	struct rule *nr = rv_grow(rs->rules, &rs->caprule, rs->nrule + 1, sizeof(*nr));
	if (nr == NULL) {
		free(r.pat);
		return seterr(e, file, l->line, -1, "%s", "out of memory");
	}
	rs->rules = nr;
	rs->rules[rs->nrule++] = r;
	return 0;
}

int
rv_rules_load(struct rv_rules *rs, const char *text, size_t len, const char *file,
    struct rv_rules_err *e)
{
	return each_line(rs, text, len, file, e, load_rule, "rules");
}

int
rv_rules_compile(struct rv_rules *rs, struct rv_rules_err *e)
{
	static const unsigned tags[] = {3, 1, 2};	/* LANG_BOTH, LANG_ZH, LANG_EN */
	size_t i, off;
	int rc;

	if ((rs->set = rv_ruleset_new()) == NULL)
		return seterr(e, "rules", 0, -1, "%s", "out of memory");
	for (i = 0; i < rs->nrule; i++) {
		const struct rule *r = &rs->rules[i];
		rc = rv_ruleset_add(rs->set, r->pat, strlen(r->pat), (int)i, tags[r->lang], &off);
		if (rc == -1)
			return seterr(e, "rules", 0, -1, "%s", "out of memory");
		if (rc != 0) {
			char msg[200];
			pcre2_get_error_message(rc, (PCRE2_UCHAR *)msg, sizeof(msg));
			return seterr(e, r->file, r->line, (long)off, "%s", msg);
		}
	}
	if (rv_ruleset_build(rs->set) < 0)
		return seterr(e, "rules", 0, -1, "%s", "out of memory");
	rs->score = calloc(rs->ncat + 1, sizeof(double));
	rs->clsum = calloc(rs->ncat + 1, sizeof(double));
	rs->veto = calloc(rs->ncat + 1, 1);
	rs->first = calloc(rs->ncat + 1, sizeof(long));
	rs->touched = calloc(rs->ncat + 1, sizeof(int));
	if (rs->score == NULL || rs->clsum == NULL || rs->veto == NULL || rs->first == NULL ||
	    rs->touched == NULL)
		return seterr(e, "rules", 0, -1, "%s", "out of memory");
	return 0;
}

/* Length of the clause separator at t[i] (0 when there is none).
 * Full-width ，！？；～ are ASCII after folding. */
static size_t
sep_len(const unsigned char *t, size_t i, size_t m)
{
	unsigned char c = t[i];

	if (c < 0x80) {
		if (strchr(",.!?;~()[]\n", c) != NULL && c != '\0')
			return 1;
		/* " but " starts a new clause, as a comma would. */
		if (c == ' ' && i + 4 < m && memcmp(t + i + 1, "but ", 4) == 0)
			return 4;
		/* A space between Han text works as a comma. */
		return c == ' ' && i > 0 && t[i - 1] >= 0x80 ? 1 : 0;
	}
	if (c == 0xE3 && i + 2 < m && t[i + 1] == 0x80 &&
	    (t[i + 2] == 0x81 || t[i + 2] == 0x82 || (t[i + 2] >= 0x8C && t[i + 2] <= 0x91)))
		return 3;	/* 、。「」『』【】 */
	if (c == 0xE2 && i + 2 < m && t[i + 1] == 0x80 && t[i + 2] == 0xA6)
		return 3;	/* … */
	/* Contrast words start a clause: 但(是), 可是, 不过. */
	if (i + 2 < m && memcmp(t + i, "\xE4\xBD\x86", 3) == 0)
		return 3;
	if (i + 5 < m && (memcmp(t + i, "\xE5\x8F\xAF\xE6\x98\xAF", 6) == 0 ||
	    memcmp(t + i, "\xE4\xB8\x8D\xE8\xBF\x87", 6) == 0))
		return 6;
	return 0;
}

/* The bytes sep_len can return non-zero at (most bytes are not): the
 * scan skips the others without calling it. */
static const unsigned char sep_lead[256] = {
	[','] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1, [';'] = 1, ['~'] = 1, ['('] = 1, [')'] = 1,
	['['] = 1, [']'] = 1, ['\n'] = 1, [' '] = 1, [0xE2] = 1, [0xE3] = 1, [0xE4] = 1, [0xE5] = 1
};

/* Decode the code point ending just before byte p; sets *start. */
static uint32_t
prev_cp(const char *t, size_t p, size_t *start)
{
	size_t q = p - 1;
	uint32_t cp;

	while (q > 0 && p - q < 4 && ((unsigned char)t[q] & 0xC0) == 0x80)
		q--;
	rv_utf8_decode(t + q, p - q, &cp);
	*start = q;
	return cp;
}

static int
in_set(uint32_t c, const uint32_t *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == c)
			return 1;
	return 0;
}

/* 没 无 不 未 非 别 */
static const uint32_t neg_zh[] = {0x6CA1, 0x65E0, 0x4E0D, 0x672A, 0x975E, 0x522B};
/* 就 才 便 却 但 了 久 到 后 又 而 还 过: the negation ends before these
 * (不到三天就坏了, 没过多久又漏了). */
static const uint32_t block_zh[] = {0x5C31, 0x624D, 0x4FBF, 0x5374, 0x4F46, 0x4E86, 0x4E45,
	0x5230, 0x540E, 0x53C8, 0x800C, 0x8FD8, 0x8FC7};
/* 有 任 何 一 点 也 都 并 发 现 什 么 太 很 是 会 再 被 看 出 见 怎 那 完 全: may
 * stand between a negator and the cue (没有任何破损, 并没发现漏液). */
static const uint32_t fill_zh[] = {0x6709, 0x4EFB, 0x4F55, 0x4E00, 0x70B9, 0x4E5F, 0x90FD,
	0x5E76, 0x53D1, 0x73B0, 0x4EC0, 0x4E48, 0x592A, 0x5F88, 0x662F, 0x4F1A, 0x518D,
	0x88AB, 0x770B, 0x51FA, 0x89C1, 0x600E, 0x90A3, 0x5B8C, 0x5168};

static int
word_is(const char *w, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, w, n) == 0)
			return 1;
	return 0;
}

static const char *const neg_en[] = {"not", "no", "never", "without", "nothing", "nor",
	"hardly", "didnt", "doesnt", "dont", "isnt", "wasnt", "werent", "arent", "cant",
	"couldnt", "wouldnt", "wont", "havent", "hasnt", "hadnt", "aint", "neither", NULL};
static const char *const block_en[] = {"but", "and", "though", "although", "because",
	"so", "which", "until", "then", "yet", "if", "whether", "when", "while", "since", NULL};
/* Words a negation reaches across without counting toward its three
 * words (articles, pronouns, look like, make): "doesn't look like a
 * tent", "doesn't make me look pregnant" are as near as "not a tent". */
static const char *const light_en[] = {"a", "an", "the", "me", "my", "it", "its", "this", "that",
	"them", "her", "look", "looks", "looked", "like", "make", "makes", "made", NULL};
/* "or" and "nor" carry a negation on (not itchy or scratchy, no holes nor
 * stains); they and the word before them do not count either. */
static const char *const or_en[] = {"or", "nor", NULL};

/* Words whose negator character does not negate what follows:
 * 特别 区别 差别 分别 级别 个别 告别 类别 识别 (X别), 除非 并非 莫非 (X非),
 * 非常, 别人 别的 别家 别处 别说, 不仅 不但 不光 不止 不管 不论 不断
 * 不停 不时 不得 不知 不少, 无论 无比 无语 无奈 无法 (无法 X: the
 * complaint itself), 不应 不该 (不应该少给: the complaint). Byte strings,
 * UTF-8. */
static const char *const neg_before[] = {"\xE7\x89\xB9", "\xE5\x8C\xBA", "\xE5\xB7\xAE",
	"\xE5\x88\x86", "\xE7\xBA\xA7", "\xE4\xB8\xAA", "\xE5\x91\x8A", "\xE7\xB1\xBB",
	"\xE8\xAF\x86", "\xE9\x99\xA4", "\xE5\xB9\xB6", "\xE8\x8E\xAB", NULL};
static const char *const neg_after[] = {"\xE5\xB8\xB8", "\xE4\xBA\xBA", "\xE7\x9A\x84",
	"\xE5\xAE\xB6", "\xE5\xA4\x84", "\xE8\xAF\xB4", "\xE4\xBB\x85", "\xE4\xBD\x86",
	"\xE5\x85\x89", "\xE6\xAD\xA2", "\xE7\xAE\xA1", "\xE8\xAE\xBA", "\xE6\x96\xAD",
	"\xE5\x81\x9C", "\xE6\x97\xB6", "\xE5\xBE\x97", "\xE7\x9F\xA5", "\xE5\xB0\x91",
	"\xE6\xAF\x94", "\xE8\xAF\xAD", "\xE5\xA5\x88", "\xE6\xB3\x95",
	"\xE5\xBA\x94", "\xE8\xAF\xA5", NULL};

static int
cjk_in(const char *t, size_t at, size_t end, const char *const *list)
{
	for (; *list != NULL; list++)
		if (at + 3 <= end && memcmp(t + at, *list, 3) == 0)
			return 1;
	return 0;
}

/* Is the negator character at t[q..p) part of a word that does not
 * negate (see neg_before, neg_after)? s is the match start. */
static void
zhmark_init(struct rv_rules *rs)
{
	static const struct {
		const uint32_t *v;
		size_t n;
	} lists[] = {
		{neg_zh, sizeof(neg_zh) / sizeof(neg_zh[0])},
		{block_zh, sizeof(block_zh) / sizeof(block_zh[0])},
		{fill_zh, sizeof(fill_zh) / sizeof(fill_zh[0])},
	};
	size_t i, k;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		for (k = 0; k < lists[i].n; k++) {
			uint32_t c = lists[i].v[k];
			if (c >= 0x4E00 && c < 0xA000)
				rs->zhmark[(c - 0x4E00) >> 3] |= (uint8_t)(1u << ((c - 0x4E00) & 7));
		}
}

/* May cp be in neg_zh, block_zh or fill_zh? 0 only when it is in none. */
static int
zh_marked(const struct rv_rules *rs, uint32_t cp)
{
	if (cp < 0x4E00 || cp >= 0xA000)
		return 1;
	cp -= 0x4E00;
	return rs->zhmark[cp >> 3] >> (cp & 7) & 1;
}

static int
false_neg(const char *t, size_t q, size_t p, size_t s)
{
	size_t b;

	/* 别 and 非 after their first character (特别, 并非). */
	if (q >= 3 && (memcmp(t + q, "\xE5\x88\xAB", 3) == 0 || memcmp(t + q, "\xE9\x9D\x9E", 3) == 0)) {
		prev_cp(t, q, &b);
		if (q - b == 3 && cjk_in(t, b, q, neg_before))
			return 1;
	}
	/* 是不是假货, 有没有问题: a question, not a negation. */
	if (q >= 3 && p + 3 <= s && memcmp(t + q - 3, t + p, 3) == 0)
		return 1;
	/* 不是一般的差: "no ordinary", it intensifies. */
	if (p + 9 <= s && memcmp(t + p, "\xE6\x98\xAF\xE4\xB8\x80\xE8\x88\xAC", 9) == 0)
		return 1;
	/* The negator's next character, when it is not the match itself. */
	return p < s && cjk_in(t, p, s, neg_after);
}

/* Is the match at s negated by a nearby negator in the same clause?
 * 0 no, 2 right before it (不起球, 一点也不扎人, not itchy, isn't too
 * small: only filler characters or one word between), 1 further back
 * (没活动都贵 may not negate 贵). In English the negator may be up to
 * three words back, not counting light words (a, the, me, it: "doesn't
 * look like a tent") nor "or"/"nor" and the word before them ("not itchy
 * or scratchy" is as near as "not itchy"). */
static int
negated(const struct rv_rules *rs, const char *t, size_t s)
{
	size_t p = s, q;
	int counted = 0, words = 0;
	uint32_t cp;

	while (p > 0 && (unsigned char)t[p - 1] >= 0x80) {
		cp = prev_cp(t, p, &q);
		if (sep_len((const unsigned char *)t, q, s))
			return 0;
		if (!zh_marked(rs, cp)) {	/* none of the lists: a plain character */
			if (++counted > 2)
				return 0;
			p = q;
			continue;
		}
		if (in_set(cp, block_zh, sizeof(block_zh) / sizeof(block_zh[0])))
			return 0;
		if (in_set(cp, neg_zh, sizeof(neg_zh) / sizeof(neg_zh[0])) && !false_neg(t, q, p, s))
			return counted == 0 ? 2 : 1;
		if (!in_set(cp, fill_zh, sizeof(fill_zh) / sizeof(fill_zh[0])) && ++counted > 2)
			return 0;
		p = q;
	}
	if (p != s)
		return 0;
	/* English: up to three words back. */
	int skip = 0;		/* the word before "or" does not count */
	while (p > 0 && words < 3) {
		char w[16];
		size_t wn = 0, e;
		while (p > 0 && t[p - 1] == ' ')
			p--;
		e = p;
		while (p > 0 && (((t[p - 1] | 32) >= 'a' && (t[p - 1] | 32) <= 'z') ||
		    t[p - 1] == '\''))
			p--;
		if (p == e)
			return 0;
		for (q = p; q < e && wn < sizeof(w); q++)
			if (t[q] != '\'')
				w[wn++] = t[q];
		if (wn >= sizeof(w))
			wn = 0;
		/* "not", "never", and any n't form (didn't, wasn't). */
		if (word_is(w, wn, neg_en) || (e - p > wn && wn > 2 && memcmp(w + wn - 2, "nt", 2) == 0))
			return words <= 1 ? 2 : 1;
		if (word_is(w, wn, block_en))
			return 0;
		if (word_is(w, wn, or_en))
			skip = 1;
		else if (skip)
			skip = 0;
		else if (!word_is(w, wn, light_en))
			words++;
	}
	return 0;
}

/* Does t[s..) open with a negator: an English negation word (not, no,
 * never, nothing, any n't form) or 没 无 不 未 非 别? An English exclusion
 * that does ("not damaged", "nothing was broken") states a complaint word
 * negated (see ruled_out). */
static int
opens_neg(const char *t, size_t s, size_t m)
{
	char w[16];
	size_t wn = 0, e = s;
	uint32_t cp;

	if (s >= m)
		return 0;
	if ((unsigned char)t[s] >= 0x80) {
		rv_utf8_decode(t + s, m - s, &cp);
		return in_set(cp, neg_zh, sizeof(neg_zh) / sizeof(neg_zh[0]));
	}
	while (e < m && (((t[e] | 32) >= 'a' && (t[e] | 32) <= 'z') || t[e] == '\''))
		e++;
	for (size_t q = s; q < e && wn < sizeof(w); q++)
		if (t[q] != '\'')
			w[wn++] = t[q];
	if (wn == 0 || wn >= sizeof(w))
		return 0;
	return word_is(w, wn, neg_en) || (e - s > wn && wn > 2 && memcmp(w + wn - 2, "nt", 2) == 0);
}

static int
ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Record one rule match (rv_ruleset callback). */
static int
on_match(void *data, int id, size_t s, size_t e)
{
	struct rv_rules *rs = data;
	struct rule *r = &rs->rules[id];

	/* One match per rule and start (several branches may match there);
	 * empty matches never count. */
	if (e <= s || (r->row == rs->row && r->last_start == s))
		return 0;
	/* Latin matches start at a word start: "tore" is not in "store",
	 * "rip" not in "trip". */
	if (s > 0 && ascii_alnum(rs->text[s]) && ascii_alnum(rs->text[s - 1]))
		return 0;
	r->row = rs->row;
	r->last_start = s;
	if (rs->nhit == rs->caphit) {
		struct hit *h = rv_grow(rs->hits, &rs->caphit, rs->nhit + 1, sizeof(*h));
		if (h == NULL)
			return -1;
		rs->hits = h;
	}
	rs->hits[rs->nhit++] = (struct hit){id, s, e, 0, 0, 0, 0, 0};
	return 0;
}

/* Does a contrast word start at t[i] (after spaces)? The complaint
 * inside praise follows one: 好评，就是物流慢了点; "love the colour,
 * but it runs small". */
static int
contrast_at(const char *t, size_t i, size_t m)
{
	static const char *const words[] = {"\xE4\xBD\x86" /* 但 */, "\xE5\x8F\xAF\xE6\x98\xAF" /* 可是 */,
		"\xE4\xB8\x8D\xE8\xBF\x87" /* 不过 */, "\xE5\xB0\xB1\xE6\x98\xAF" /* 就是 */,
		"\xE5\x8F\xAA\xE6\x98\xAF" /* 只是 */, "\xE5\x94\xAF\xE4\xB8\x80" /* 唯一 */,
		"\xE5\x8F\xAF\xE6\x83\x9C" /* 可惜 */, "\xE7\xBE\x8E\xE4\xB8\xAD\xE4\xB8\x8D\xE8\xB6\xB3" /* 美中不足 */,
		"\xE9\x81\x97\xE6\x86\xBE" /* 遗憾 */, "\xE7\x84\xB6\xE8\x80\x8C" /* 然而 */,
		"but ", "however", "though", "although", "unfortunately", "sadly", "except", "the only ",
		"my only ", NULL};
	const char *const *w;

	while (i < m && t[i] == ' ')
		i++;
	/* Most clauses start with none of the words' first bytes. */
	if (i >= m || strchr("bhtausem\xE4\xE5\xE7\xE9", t[i]) == NULL || t[i] == '\0')
		return 0;
	for (w = words; *w != NULL; w++)
		if ((*w)[0] == t[i]) {
			size_t l = strlen(*w);
			if (i + l <= m && memcmp(t + i, *w, l) == 0)
				return 1;
		}
	return 0;
}

/* Collect the rule matches of t[0..m) into rs->hits, in text order; drop
 * negated ones and those overlapping an exclusion; set clause numbers. */
static int
scan(struct rv_rules *rs, const char *t, size_t m, int set)
{
	static const unsigned masks[] = {3, 1, 2};	/* LANG_BOTH, LANG_ZH, LANG_EN */
	size_t i, k, cpos = 0, nexcl = 0;
	unsigned clause = 0;
	int contrast = 0;

	rs->nhit = 0;
	if (++rs->row == 0) {
		for (i = 0; i < rs->nrule; i++)
			rs->rules[i].row = 0;
		rs->row = 1;
	}
	rs->text = t;
	if (rv_ruleset_scan(rs->set, t, m, masks[set], on_match, rs) != 0)
		return -1;
	for (i = 0; i < rs->nhit; i++) {
		struct hit *h = &rs->hits[i];
		while (cpos < h->s) {
			if (!sep_lead[(unsigned char)t[cpos]]) {
				cpos++;
				continue;
			}
			size_t l = sep_len((const unsigned char *)t, cpos, m);
			if (l > 0) {
				clause++;
				contrast = contrast_at(t, cpos, m) || contrast_at(t, cpos + l, m);
			}
			cpos += l ? l : 1;
		}
		h->clause = clause;
		h->contrast = contrast;
		if (rs->rules[h->rule].excl)
			nexcl++;
	}
	/* Hits are in start order and no longer than maxlen, so the hits that
	 * can overlap or contain h start after h->s - maxlen: lo tracks the
	 * first of them, which keeps these loops linear on long texts. */
	size_t maxlen = 0, lo = 0;
	for (i = 0; i < rs->nhit; i++)
		if (rs->hits[i].e - rs->hits[i].s > maxlen)
			maxlen = rs->hits[i].e - rs->hits[i].s;
	for (i = 0; i < rs->nhit; i++) {
		struct hit *h = &rs->hits[i];
		const struct rule *r = &rs->rules[h->rule];
		while (rs->hits[lo].s + maxlen < h->s)
			lo++;
		if (r->excl) {
			/* An English "-CAT" opening with a negator: CAT negated
			 * (ruled_out). Not in Chinese: 不高 (价格不高) is also
			 * 质量不高, a complaint the model finds without a cue. */
			if (r->cat >= 0 && r->lang == LANG_EN && opens_neg(t, h->s, m))
				h->negd = 2;
			continue;
		}
		if (!r->noneg && (h->negd = negated(rs, t, h->s)) != 0) {
			h->drop = 1;
			continue;
		}
		/* Hits are in start order: only those starting before h ends
		 * can overlap it. */
		for (k = lo; nexcl > 0 && k < rs->nhit && rs->hits[k].s < h->e; k++) {
			const struct hit *x = &rs->hits[k];
			const struct rule *xr = &rs->rules[x->rule];
			if (xr->excl && (xr->cat < 0 || xr->cat == r->cat) && h->s < x->e) {
				h->drop = 1;
				break;
			}
		}
	}
	/* Categories this row negates or excludes (没有破损, 价格不贵): a
	 * model may not add them back (rv_rules_blend). */
	memset(rs->veto, 0, rs->ncat);
	for (i = 0; i < rs->nhit; i++) {
		const struct hit *h = &rs->hits[i];
		const struct rule *r = &rs->rules[h->rule];
		if (r->cat >= 0 && (r->excl || h->drop == 1))
			rs->veto[r->cat] = 1;
	}
	/* A match inside a longer match of the same category adds nothing:
	 * "慢" inside "送得太慢" is the same evidence, not more; nor does a
	 * match overlapping an earlier one of the same rule (太贵, 贵了). */
	lo = 0;
	for (i = 0; i < rs->nhit; i++) {
		struct hit *h = &rs->hits[i];
		int cat = rs->rules[h->rule].cat;
		while (rs->hits[lo].s + maxlen < h->s)
			lo++;
		if (h->drop || rs->rules[h->rule].excl)
			continue;
		for (k = lo; k < rs->nhit && rs->hits[k].s <= h->s; k++) {
			const struct hit *x = &rs->hits[k];
			if (k != i && !x->drop && rs->rules[x->rule].cat == cat && !rs->rules[x->rule].excl &&
			    ((h->e <= x->e && (x->e - x->s > h->e - h->s || k < i)) ||
			    (x->rule == h->rule && k < i && h->s < x->e))) {
				h->drop = 2;
				break;
			}
		}
	}
	return 0;
}

/* (?#neg) rules (a device part, 质量 on its own) are complaints only in a
 * row that reads negative: the polarity column says neg, or, without
 * one, a generic negativity cue ("other" rule) or a complaint rule of
 * full weight (失灵, 太慢) matched. In praise ("屏幕清晰，系统流畅") they
 * are dropped. */
static void
drop_needneg(struct rv_rules *rs, int polarity)
{
	size_t i;
	int neg = polarity == RV_POL_NEG;

	for (i = 0; i < rs->nhit && polarity == RV_POL_UNKNOWN && !neg; i++) {
		const struct rule *r = &rs->rules[rs->hits[i].rule];
		neg = !r->excl && !r->needneg && !rs->hits[i].drop &&
		    (r->cat == rs->other || r->w >= THRESHOLD);
	}
	if (neg)
		return;
	for (i = 0; i < rs->nhit; i++)
		if (rs->rules[rs->hits[i].rule].needneg && !rs->hits[i].drop)
			rs->hits[i].drop = 3;
}

/* Add up clause scores per category into rs->score and mark the hits
 * whose clause counted. */
static void
score_hits(struct rv_rules *rs)
{
	size_t i = 0, k, c;

	memset(rs->score, 0, rs->ncat * sizeof(double));
	for (c = 0; c < rs->ncat; c++)
		rs->first[c] = -1;
	while (i < rs->nhit) {
		unsigned clause = rs->hits[i].clause;
		size_t j = i;
		if (++rs->stamp == 0) {
			for (k = 0; k < rs->nrule; k++)
				rs->rules[k].stamp = 0;
			memset(rs->touched, 0, rs->ncat * sizeof(int));
			rs->stamp = 1;
		}
		for (; j < rs->nhit && rs->hits[j].clause == clause; j++) {
			struct rule *r = &rs->rules[rs->hits[j].rule];
			if (r->excl || rs->hits[j].drop)
				continue;
			if (r->stamp == rs->stamp)
				continue;
			r->stamp = rs->stamp;
			if (rs->touched[r->cat] != (int)rs->stamp) {
				rs->touched[r->cat] = (int)rs->stamp;
				rs->clsum[r->cat] = 0;
			}
			rs->clsum[r->cat] += r->w;
		}
		for (c = 0; c < rs->ncat; c++) {
			if (rs->touched[c] != (int)rs->stamp ||
			    rs->clsum[c] < THRESHOLD)
				continue;
			rs->score[c] += rs->clsum[c];
			for (k = i; k < j; k++)
				if (rs->rules[rs->hits[k].rule].cat == (int)c && !rs->hits[k].drop &&
				    (rs->first[c] < 0 || (long)rs->hits[k].s < rs->first[c]))
					rs->first[c] = (long)rs->hits[k].s;
			for (k = i; k < j; k++)
				if (rs->rules[rs->hits[k].rule].cat == (int)c &&
				    !rs->rules[rs->hits[k].rule].excl && !rs->hits[k].drop)
					rs->hits[k].counted = 1;
		}
		i = j;
	}
}

/* Append "name:text" cues of category c to cues_out. */
static int
cue_ok(const struct rv_rules *rs, const struct hit *x, int c, int loose)
{
	const struct rule *r = &rs->rules[x->rule];

	if (r->cat != c || r->excl || r->ctx)
		return 0;
	return x->counted || (loose && !x->drop);
}

/* Append "name:text" cues of category c to cues_out: the hits whose
 * clause counted, or with loose any hit that was not dropped (a model
 * decided). Context rules (?#ctx) are never cues. */
static int
add_cues(struct rv_rules *rs, const char *t, int c, int loose, int *ncue)
{
	size_t h, k, i;

	for (h = 0; h < rs->nhit && *ncue < MAX_CUES; h++) {
		const struct hit *x = &rs->hits[h];
		if (!cue_ok(rs, x, c, loose))
			continue;
		size_t len = x->e - x->s;
		for (k = 0; k < h; k++)
			if (cue_ok(rs, &rs->hits[k], c, loose) &&
			    rs->hits[k].e - rs->hits[k].s == len &&
			    memcmp(t + rs->hits[k].s, t + x->s, len) == 0)
				break;
		if (k < h)
			continue;
		len = rv_utf8_cut(t + x->s, len, MAX_CUE_BYTES);
		if ((*ncue)++ > 0 && rv_buf_putc(&rs->cues_out, ',') < 0)
			return -1;
		if (rv_buf_puts(&rs->cues_out, rs->cats[c].name) < 0 ||
		    rv_buf_putc(&rs->cues_out, ':') < 0)
			return -1;
		for (i = 0; i < len; i++) {
			char ch = t[x->s + i];
			if (ch == ',' || ch == ':' || ch == '\t' || ch == '\n' || ch == '\r')
				ch = ' ';
			if (rv_buf_putc(&rs->cues_out, ch) < 0)
				return -1;
		}
	}
	return 0;
}

/* The primary is the category mentioned first among those scoring at
 * least PRIMARY_SHARE of the best score: reviewers lead with what
 * matters most to them ("又贵又难吃" is about the food; the price comes
 * second). Moves it to order[0], keeping the rest in score order. */
static void
pick_primary(const struct rv_rules *rs, int *order, int nord)
{
	double best = rs->score[order[0]];
	int i, p = 0;
	double share = PRIMARY_SHARE;

	for (i = 1; i < nord; i++) {
		int c = order[i], q = order[p];
		if (rs->score[c] < share * best)
			continue;
		if ((rs->first[c] < rs->first[q] && rs->cats[c].secondary <= rs->cats[q].secondary) ||
		    rs->cats[c].secondary < rs->cats[q].secondary)
			p = i;
	}
	int keep = order[p];
	for (i = p; i > 0; i--)
		order[i] = order[i - 1];
	order[0] = keep;
}

static int
pick_set(const struct rv_rules *rs, const char *t, size_t m)
{
	size_t i;
	int han = 0, latin = 0;

	if (rs->lang == RV_LANG_ZH)
		return LANG_ZH;
	if (rs->lang == RV_LANG_EN)
		return LANG_EN;
	for (i = 0; i < m && !(han && latin); i++) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 0x80)
			han = 1;
		else if (c >= 'a' && c <= 'z')
			latin = 1;
	}
	return han && latin ? LANG_BOTH : han ? LANG_ZH : LANG_EN;
}

/* Write the categories order[0..nord) with their cues into *out. */
static int
emit(struct rv_rules *rs, const int *order, int nord, double score, int loose,
    struct rv_class *out)
{
	int i, ncue = 0;

	rs->cats_out.len = 0;
	rs->cues_out.len = 0;
	for (i = 0; i < nord; i++) {
		if ((i > 0 && rv_buf_putc(&rs->cats_out, ',') < 0) ||
		    rv_buf_puts(&rs->cats_out, rs->cats[order[i]].name) < 0 ||
		    add_cues(rs, rs->fold.p, order[i], loose, &ncue) < 0)
			return -1;
	}
	out->primary = nord > 0 ? order[0] : -1;
	out->score = score;
	out->category = out->categories = out->cues = "";
	out->category_len = out->categories_len = out->cues_len = 0;
	if (nord > 0) {
		out->category = rs->cats[order[0]].name;
		out->category_len = strlen(out->category);
		out->categories = rs->cats_out.p;
		out->categories_len = rs->cats_out.len;
		if (rs->cues_out.p != NULL) {
			out->cues = rs->cues_out.p;
			out->cues_len = rs->cues_out.len;
		}
	}
	return 0;
}

/* "other" when nothing specific fired: said by the polarity column, or
 * by the generic cues when there is none. Returns 1 and sets *score. */
static int
is_other(const struct rv_rules *rs, int polarity, double *score)
{
	if (rs->other < 0)
		return 0;
	if (polarity == RV_POL_NEG || (polarity == RV_POL_UNKNOWN && rs->score[rs->other] >= THRESHOLD)) {
		*score = rs->score[rs->other] >= THRESHOLD ?
		    0.5 * (1 - exp(-rs->score[rs->other])) : 0.2;
		return 1;
	}
	return 0;
}

int
rv_rules_classify(struct rv_rules *rs, const char *text, size_t n, int polarity,
    struct rv_class *out)
{
	int order[64], nord = 0;
	size_t c, i;
	double score = 0;
	const char *t;

	rs->fold.len = 0;
	memset(out, 0, sizeof(*out));
	if (rv_utf8_fold_str(&rs->fold, text, n) < 0)
		return -1;
	t = rs->fold.p;
	rs->lset = pick_set(rs, t, rs->fold.len);
	if (scan(rs, t, rs->fold.len, rs->lset) < 0)
		return -1;
	drop_needneg(rs, polarity);
	score_hits(rs);
	for (c = 0; c < rs->ncat && nord < 64; c++) {
		if ((int)c == rs->other || rs->score[c] < THRESHOLD)
			continue;
		/* Insertion sort: score descending, taxonomy order on ties. */
		for (i = (size_t)nord++; i > 0 && rs->score[order[i - 1]] < rs->score[c]; i--)
			order[i] = order[i - 1];
		order[i] = (int)c;
	}
	if (nord > 0) {
		pick_primary(rs, order, nord);
		double e1 = rs->score[order[0]], e2 = 0;
		for (i = 1; i < (size_t)nord; i++)
			if (rs->score[order[i]] > e2)
				e2 = rs->score[order[i]];
		score = (1 - exp(-e1)) * e1 / (e1 + e2);
	} else if (is_other(rs, polarity, &score))
		order[nord++] = rs->other;
	return emit(rs, order, nord, score, 0, out);
}

int
rv_rules_blend(struct rv_rules *rs, const double *prob, double w, int polarity,
    struct rv_class *out)
{
	int order[64], nord = 0;
	size_t c, i;
	double *s = rs->clsum, thr = w >= 1 ? 0.5 : 0.3, score = 0;

	for (c = 0; c < rs->ncat; c++) {
		double r = rs->score[c] >= THRESHOLD ? 1 - exp(-rs->score[c]) : 0;
		double p = prob[c] > 0 ? prob[c] : 0;
		s[c] = (1 - w) * r + w * p;
	}
	for (c = 0; c < rs->ncat && nord < 64; c++) {
		if ((int)c == rs->other || s[c] < (w >= 1 ? thr / 2 : thr) ||
		    (rs->veto[c] && rs->score[c] < THRESHOLD))
			continue;
		for (i = (size_t)nord++; i > 0 && s[order[i - 1]] < s[c]; i--)
			order[i] = order[i - 1];
		order[i] = (int)c;
	}
	/* With the model alone the best may stand below the threshold (a
	 * softmax spread over many classes); the others need to reach it. */
	for (i = 1; i < (size_t)nord && s[order[i]] >= thr; i++)
		;
	nord = nord > 0 ? (int)i : 0;
	if (nord > 0)
		score = s[order[0]];
	else if (rs->other >= 0 && prob[rs->other] >= 0.5) {
		order[nord++] = rs->other;
		score = prob[rs->other];
	} else if (is_other(rs, polarity, &score))
		order[nord++] = rs->other;
	return emit(rs, order, nord, score, 0, out);
}

int
rv_rules_emit(struct rv_rules *rs, const int *order, int nord, double score,
    struct rv_class *out)
{
	return emit(rs, order, nord, score, 1, out);
}

const char *
rv_rules_folded(const struct rv_rules *rs, size_t *len)
{
	*len = rs->fold.len;
	return rs->fold.p != NULL ? rs->fold.p : "";
}

/* Is the last row's evidence all ruled out: an exclusion of every
 * category matched and no other rule survived it (我的订单号是[数字x]:
 * an order number stated in a chat, no complaint), or, with negok > 0, a
 * complaint rule (not context) matched negated (negd >= negok), or an
 * English category exclusion that opens with a negator matched ("not
 * broken and not damaged": the complaint word negated), and no rule left
 * a cue ("Not itchy at all, soft and warm")? */
static int
ruled_out(const struct rv_rules *rs, int negok)
{
	size_t i;
	int neg = 0, excl = 0, left = 0;

	for (i = 0; i < rs->nhit; i++) {
		const struct hit *h = &rs->hits[i];
		const struct rule *r = &rs->rules[h->rule];
		if (r->excl) {
			excl |= r->cat < 0;
			if (negok > 0 && r->cat >= 0 && h->negd >= negok)
				neg = 1;
			continue;
		}
		left |= !h->drop;
		if (r->ctx)
			continue;
		if (cue_ok(rs, h, r->cat, 1))
			return 0;
		if (negok > 0 && h->negd >= negok && r->w >= THRESHOLD)
			neg = 1;
	}
	return neg || (excl && !left);
}

/* Did a complaint rule of cat (weight >= 1) match negated (negd >= min)
 * in the last row? */
static int
negated_word(const struct rv_rules *rs, size_t cat, int min)
{
	size_t i;

	for (i = 0; i < rs->nhit; i++) {
		const struct rule *r = &rs->rules[rs->hits[i].rule];
		if (rs->hits[i].negd >= min && r->cat == (int)cat && !r->ctx && r->w >= THRESHOLD)
			return 1;
	}
	return 0;
}

int
rv_rules_vetoed(const struct rv_rules *rs, size_t cat)
{
	size_t i;

	if (rs->score[cat] >= THRESHOLD)
		return 0;
	/* "other" negated (不差, 一点也不差) with nothing else to show. */
	if ((int)cat == rs->other && rs->veto[cat] && !rv_rules_has_cue(rs, cat))
		return 1;
	for (i = 0; i < rs->nhit; i++) {
		const struct rule *r = &rs->rules[rs->hits[i].rule];
		if (r->excl && r->cat == (int)cat)
			return 1;
	}
	/* A row where an exclusion of every category matched and nothing
	 * else (我的订单号是[数字x]) has no category. */
	return ruled_out(rs, 0);
}

int
rv_rules_negated(const struct rv_rules *rs, size_t cat, int near)
{
	int min = near ? 2 : 1;

	if (rs->score[cat] >= THRESHOLD || rv_rules_has_cue(rs, cat))
		return 0;
	return (!near && (int)cat == rs->other && rs->veto[cat]) ||
	    negated_word(rs, cat, min) || ruled_out(rs, min);
}

int
rv_rules_has_cue(const struct rv_rules *rs, size_t cat)
{
	size_t i;

	for (i = 0; i < rs->nhit; i++)
		if (cue_ok(rs, &rs->hits[i], (int)cat, 1))
			return 1;
	return 0;
}

int
rv_rules_user_hit(const struct rv_rules *rs, size_t cat)
{
	size_t i;

	if (rs->nuser == 0)	/* the usual case: no shop rules */
		return 0;
	for (i = 0; i < rs->nhit; i++) {
		const struct rule *r = &rs->rules[rs->hits[i].rule];
		if (r->user && r->cat == (int)cat && rs->hits[i].counted)
			return 1;
	}
	return 0;
}

static uint64_t
key_mix(uint64_t k, uint64_t state)
{
	k ^= state * 0x9E3779B97F4A7C15ULL;
	k ^= k >> 31;
	k *= 0xBF58476D1CE4E5B9ULL;
	return k ^ (k >> 29);
}

size_t
rv_rules_keys(const struct rv_rules *rs, uint64_t *keys, size_t max)
{
	size_t i, n = 0, c;
	int any = 0;

	for (i = 0; i < rs->nhit && n < max; i++) {
		const struct hit *h = &rs->hits[i];
		const struct rule *r = &rs->rules[h->rule];
		uint64_t state;
		if (r->excl)
			state = 3;
		else if (h->counted)
			state = 1;
		else if (h->drop == 1)
			state = 2;	/* negated or excluded */
		else if (h->drop == 3)
			state = 5;	/* (?#neg) in a row that does not read negative */
		else if (h->drop == 2)
			continue;	/* the same evidence as a longer match */
		else
			state = 4;	/* a context cue whose clause did not count */
		keys[n++] = key_mix(r->key, state);
	}
	for (c = 0; c < rs->ncat && n + 2 < max; c++) {
		uint64_t k = rs->cats[c].key;
		if (rs->score[c] >= THRESHOLD) {
			keys[n++] = key_mix(k, 11);
			any = 1;
		}
		if (rs->veto[c])
			keys[n++] = key_mix(k, 12);
	}
	if (!any && n < max)
		keys[n++] = key_mix(0x1234567, 13);
	/* Where the complaints are: the categories of the first clause that
	 * counted (a title, or what the review leads with) and those counted
	 * after a contrast word (好评，就是物流慢; "cute, but it runs small"). */
	unsigned lead = 0;
	int have_lead = 0;
	uint64_t l = 0, ct = 0;	/* category bits (at most 64 categories tracked) */
	for (i = 0; i < rs->nhit && !have_lead; i++)
		if (rs->hits[i].counted && rs->rules[rs->hits[i].rule].cat != rs->other) {
			lead = rs->hits[i].clause;
			have_lead = 1;
		}
	for (i = 0; i < rs->nhit && have_lead; i++) {
		const struct hit *h = &rs->hits[i];
		int cat = rs->rules[h->rule].cat;
		if (!h->counted || cat < 0 || cat >= 64)
			continue;
		if (h->clause == lead)
			l |= (uint64_t)1 << cat;
		if (h->contrast)
			ct |= (uint64_t)1 << cat;
	}
	for (c = 0; c < rs->ncat && c < 64 && (l | ct) != 0; c++) {
		if (!(((l | ct) >> c) & 1))
			continue;
		uint64_t k = rs->cats[c].key;
		if (((l >> c) & 1) && n < max)
			keys[n++] = key_mix(k, 14);
		if (((ct >> c) & 1) && n < max)
			keys[n++] = key_mix(k, 15);
	}
	return n;
}

int
rv_rules_set(const struct rv_rules *rs)
{
	return rs->lset;
}

size_t
rv_rules_branches(const struct rv_rules *rs, size_t *anywhere)
{
	*anywhere = 0;
	return rs->set != NULL ? rv_ruleset_branches(rs->set, anywhere) : 0;
}
