/* ruleset.c - PCRE2 patterns matched together through a literal-prefix
 * index; see ruleset.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "ruleset.h"


#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#include "utf8.h"

/* Prefix sets grow by cross products; past this many we stop extending. */
#define MAX_PFX 512
/* Code points of prefix indexed: three make English keys ("too", "run")
 * selective; two already are for Han. */
#define PFX 3
/* Most code points in a branch's required set (struct req). */
#define REQ_MAX 16
/* Bits of the per-row set of code points (cp mod ROWBITS). */
#define ROWBITS 4096

/* The required set of a branch: the first code points of one of its
 * mandatory atoms past the first (the prefix index checks that one):
 * a match contains one of them, so a row with none of them in it
 * cannot match and the regex is not run. "(不|没)(太|很)?(慢|晚|久)"
 * needs 慢, 晚 or 久; "(没|没有|未)" inside a longer sequence needs
 * 没 or 未. Atoms that are optional, zero-width, classes that are not
 * short lists, or alternations with an empty or unknown start give no
 * set; inline options (?i) disable the set for the pattern. */
struct req {
	uint32_t cp[REQ_MAX];
	int n;
	int atoms;		/* mandatory atoms seen so far */
};

struct branch {
	pcre2_code *re;		/* NULL for a plain literal */
	char *lit;		/* the literal (no metacharacters): memcmp is enough */
	size_t litlen;
	int id;
	unsigned tag;
	int jit;
	/* Code points one of which every match contains (see struct req);
	 * nreq == 0: no such set known, always run the regex. */
	uint32_t req[REQ_MAX];
	int nreq;
};

/* A possible start of a branch: up to PFX code points. open: the
 * prefix is exactly what the pattern matched so far (can be extended). */
struct pfx {
	uint32_t cp[3];
	int len, open;
};

struct pset {
	struct pfx *v;
	size_t n, cap;
	int failed;		/* OOM */
};

/* Open-addressing table from key to a run [off, off+cnt) of ids[]. */
struct slot {
	uint64_t key;		/* 0 = empty */
	uint32_t off, cnt;
};

struct table {
	struct slot *s;
	size_t cap;		/* power of two */
};

struct pair {
	uint64_t key;
	uint32_t br;
	int tab;		/* prefix length - 1 */
	uint32_t cp0;		/* the prefix's first code point */
};

struct rv_ruleset {
	struct branch *br;
	size_t nbr, capbr;
	struct pair *pairs;	/* (key, branch) before build */
	size_t npair, cappair;
	uint32_t *any;		/* branches that can start anywhere */
	size_t nany, capany;
	uint32_t *ids;		/* branch lists of the tables */
	struct table tab[PFX];	/* by prefix length - 1 */
	/* Bloom bits over the keys of each table: most positions have no
	 * entry, and a bit test is cheaper than a probe. */
	uint8_t bits[PFX][8192];
	/* Bit per first code point (low 16 bits) of any key: at most
	 * positions none starts, and one test skips the PFX probes. */
	uint8_t first[8192];
	pcre2_match_data *md;
	pcre2_jit_stack *js;
	pcre2_match_context *mc;
	uint64_t rowcp[ROWBITS / 64];	/* code points of the row scanned */
};

struct rv_ruleset *
rv_ruleset_new(void)
{
	struct rv_ruleset *rs = calloc(1, sizeof(*rs));

	if (rs == NULL)
		return NULL;
	rs->md = pcre2_match_data_create(1, NULL);
	rs->mc = pcre2_match_context_create(NULL);
	rs->js = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (rs->md == NULL || rs->mc == NULL || rs->js == NULL) {
		rv_ruleset_free(rs);
		return NULL;
	}
	pcre2_jit_stack_assign(rs->mc, NULL, rs->js);
	/* Bound the work of one branch at one position (adversarial text). */
	pcre2_set_match_limit(rs->mc, 100000);
	return rs;
}

void
rv_ruleset_free(struct rv_ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nbr; i++) {
		pcre2_code_free(rs->br[i].re);
		free(rs->br[i].lit);
	}
	free(rs->br);
	free(rs->pairs);
	free(rs->any);
	free(rs->ids);
	for (i = 0; i < PFX; i++)
		free(rs->tab[i].s);
	pcre2_match_data_free(rs->md);
	pcre2_jit_stack_free(rs->js);
	pcre2_match_context_free(rs->mc);
	free(rs);
}

/* Room for element n of *p (rv_grow's doubling; 0 or -1 on OOM). */
static int
grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q = rv_grow(*p, cap, n + 1, size);

	if (q == NULL)
		return -1;
	*p = q;
	return 0;
}

/* ---- prefix analysis ------------------------------------------------ */

static void
pset_add(struct pset *s, const struct pfx *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len == x->len && s->v[i].open == x->open &&
		    memcmp(s->v[i].cp, x->cp, sizeof(x->cp)) == 0)
			return;
	if (grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)) < 0) {
		s->failed = 1;
		return;
	}
	s->v[s->n++] = *x;
}

static void
pset_close(struct pset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		s->v[i].open = 0;
}

static int
pset_open(const struct pset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].open)
			return 1;
	return 0;
}

/* Extend the open prefixes of *cur by the alternatives of atom a. */
static void
pset_cross(struct pset *cur, const struct pset *a)
{
	struct pset out = {0};
	size_t i, j;

	if (cur->n * (a->n ? a->n : 1) > MAX_PFX) {
		pset_close(cur);
		return;
	}
	for (i = 0; i < cur->n; i++) {
		const struct pfx *c = &cur->v[i];
		if (!c->open) {
			pset_add(&out, c);
			continue;
		}
		for (j = 0; j < a->n; j++) {
			struct pfx x = *c;
			const struct pfx *y = &a->v[j];
			int k;
			for (k = 0; k < y->len && x.len < PFX; k++)
				x.cp[x.len++] = y->cp[k];
			x.open = y->open && k == y->len && x.len < PFX;
			pset_add(&out, &x);
		}
	}
	free(cur->v);
	*cur = out;
}

static size_t parse_alt(const char *p, size_t n, size_t i, struct pset *out, int *opts);

/* Skip a character class starting at p[i] == '['; fills *cls with its
 * members when it is a short plain list, else leaves cls->n == 0. */
static size_t
parse_class(const char *p, size_t n, size_t i, struct pset *cls)
{
	size_t j = i + 1;
	int plain = 1;
	uint32_t prev = 0;

	if (j < n && p[j] == '^') {
		plain = 0;
		j++;
	}
	if (j < n && p[j] == ']')
		j++, plain = 0;
	while (j < n && p[j] != ']') {
		uint32_t cp;
		if (p[j] == '\\') {
			plain = 0;
			j += 2;
			continue;
		}
		if (p[j] == '[' && j + 1 < n && p[j + 1] == ':') {
			const char *e = strstr(p + j, ":]");
			plain = 0;
			j = e ? (size_t)(e - p) + 2 : n;
			continue;
		}
		if (p[j] == '-' && prev && j + 1 < n && p[j + 1] != ']') {
			uint32_t hi;
			j++;
			j += (size_t)rv_utf8_decode(p + j, n - j, &hi);
			if (hi < prev || hi - prev > 64)
				plain = 0;
			else if (plain)
				for (uint32_t c = prev + 1; c <= hi; c++)
					pset_add(cls, &(struct pfx){{c, 0, 0}, 1, 1});
			prev = 0;
			continue;
		}
		j += (size_t)rv_utf8_decode(p + j, n - j, &cp);
		if (plain)
			pset_add(cls, &(struct pfx){{cp, 0, 0}, 1, 1});
		prev = cp;
	}
	if (!plain || cls->n > 128)
		cls->n = 0;
	return j < n ? j + 1 : n;
}

/* Parse one sequence (up to '|' or ')') and return its prefix set. */
static size_t
parse_seq(const char *p, size_t n, size_t i, struct pset *cur, int *opts, struct req *req)
{
	pset_add(cur, &(struct pfx){{0, 0, 0}, 0, 1});
	while (i < n && p[i] != '|' && p[i] != ')') {
		struct pset a = {0};
		int anychar = 0, zero = 0;
		uint32_t cp;
		char c = p[i];

		if (c == '(') {
			if (i + 2 < n && p[i + 1] == '?' && p[i + 2] == '#') {
				const char *e = memchr(p + i, ')', n - i);
				i = e ? (size_t)(e - p) + 1 : n;
				continue;
			}
			int look = i + 2 < n && p[i + 1] == '?' &&
			    (p[i + 2] == '=' || p[i + 2] == '!' ||
			    (p[i + 2] == '<' && i + 3 < n && (p[i + 3] == '=' || p[i + 3] == '!')));
			size_t j = i + 1;
			if (j < n && p[j] == '?') {
				j++;
				if (j < n && (p[j] == ':' || p[j] == '>' || p[j] == '|'))
					j++;
				else if (j < n && (p[j] == '<' || p[j] == 'P' || p[j] == '\'') && !look) {
					while (j < n && p[j] != '>' && p[j] != '\'')
						j++;
					j++;
				} else if (look)
					j += p[j] == '<' ? 2 : 1;
				else {
					/* Option settings and other constructs: give up. */
					*opts = 1;
					while (j < n && p[j] != ')' && p[j] != ':')
						j++;
					j++;
				}
			}
			i = parse_alt(p, n, j, &a, opts);
			if (i < n && p[i] == ')')
				i++;
			if (look)
				zero = 1;
		} else if (c == '[') {
			i = parse_class(p, n, i, &a);
			anychar = a.n == 0;
		} else if (c == '\\') {
			char e = i + 1 < n ? p[i + 1] : 0;
			i += 2;
			if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
				zero = e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G';
				anychar = !zero;
				if (e == 's' || e == 'd') {
					/* Small classes: enumerate them. */
					const char *set = e == 's' ? " \t\n\r\f\v" : "0123456789";
					for (; *set; set++)
						pset_add(&a, &(struct pfx){{(uint32_t)(unsigned char)*set, 0, 0}, 1, 1});
					anychar = 0;
				}
				if (e == 'x' || e == 'p' || e == 'P' || e == 'o' || e == 'N') {
					if (i < n && p[i] == '{') {
						const char *q = memchr(p + i, '}', n - i);
						i = q ? (size_t)(q - p) + 1 : n;
					} else if (e == 'x')
						i += 2;
					else if (e != 'N')
						i++;
				}
			} else
				pset_add(&a, &(struct pfx){{(uint32_t)(unsigned char)e, 0, 0}, 1, 1});
		} else if (c == '.') {
			anychar = 1;
			i++;
		} else if (c == '^' || c == '$') {
			zero = 1;
			i++;
		} else {
			i += (size_t)rv_utf8_decode(p + i, n - i, &cp);
			pset_add(&a, &(struct pfx){{cp, 0, 0}, 1, 1});
		}
		/* Quantifier? */
		int optional = 0, repeat = 0;
		if (i < n && (p[i] == '?' || p[i] == '*'))
			optional = 1;
		else if (i < n && p[i] == '+')
			repeat = 1;
		else if (i < n && p[i] == '{' && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9') {
			optional = p[i + 1] == '0';
			repeat = 1;
		}
		if (optional || repeat) {
			if (p[i] == '{') {
				const char *q = memchr(p + i, '}', n - i);
				i = q ? (size_t)(q - p) + 1 : n;
			} else
				i++;
			if (i < n && (p[i] == '?' || p[i] == '+'))
				i++;
		}
		if (req != NULL && !zero && !optional && !anychar && a.n > 0 && req->atoms++ > 0) {
			uint32_t v[REQ_MAX];
			int nv = 0, ok = 1;
			for (size_t q = 0; q < a.n && ok; q++) {
				int r;
				if (a.v[q].len == 0) {
					ok = 0;
					break;
				}
				for (r = 0; r < nv && v[r] != a.v[q].cp[0]; r++)
					;
				if (r == nv) {
					if (nv == REQ_MAX)
						ok = 0;
					else
						v[nv++] = a.v[q].cp[0];
				}
			}
			/* The smallest set, the later atom on ties. */
			if (ok && nv > 0 && (req->n == 0 || nv <= req->n)) {
				memcpy(req->cp, v, (size_t)nv * sizeof(v[0]));
				req->n = nv;
			}
		}
		if (zero || optional || anychar || a.n == 0)
			pset_close(cur);
		else if (pset_open(cur)) {
			pset_cross(cur, &a);
			if (repeat)
				pset_close(cur);
		}
		cur->failed |= a.failed;
		free(a.v);
	}
	return i;
}

static size_t
parse_alt(const char *p, size_t n, size_t i, struct pset *out, int *opts)
{
	for (;;) {
		struct pset s = {0};
		size_t k;
		i = parse_seq(p, n, i, &s, opts, NULL);
		for (k = 0; k < s.n; k++)
			pset_add(out, &s.v[k]);
		out->failed |= s.failed;
		free(s.v);
		if (i >= n || p[i] != '|')
			return i;
		i++;
	}
}

/* ---- building ---------------------------------------------------------- */

/* Table key of a prefix of n code points (21 bits each); 0 means empty. */
static uint64_t
key(const uint32_t *cp, int n)
{
	uint64_t k = 0;
	int i;

	for (i = 0; i < n; i++)
		k = k << 21 | cp[i];
	return k + 1;
}

/* Is the pattern plain enough for a required set? Escapes that take an
 * argument or quote text (\k<name>, \g1, \cA, \Q...\E, \x41, \10) and
 * verbs such as (*UCP) would be read by parse_seq as literals they are
 * not, so any escape of a letter or digit outside this list, or a verb,
 * turns the set off. */
static int
req_safe(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] == '(' && p[i + 1] == '*')
			return 0;
		if (p[i] != '\\')
			continue;
		i++;
		if (((p[i] | 32) >= 'a' && (p[i] | 32) <= 'z') || (p[i] >= '0' && p[i] <= '9'))
			if (strchr("swbBdDSWhHvVRXAzZGntrfea", p[i]) == NULL)
				return 0;
	}
	return 1;
}

static int
add_branch(struct rv_ruleset *rs, const char *pat, size_t len, int id, unsigned tag,
    size_t *erroff)
{
	struct pset s = {0};
	struct branch b = {0};
	int err, opts = 0;
	PCRE2_SIZE off;
	size_t k;
	uint32_t bi = (uint32_t)rs->nbr;

	b.re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF | PCRE2_ANCHORED | PCRE2_DUPNAMES,
	    &err, &off, NULL);
	if (b.re == NULL) {
		*erroff = off;
		return err;
	}
	if (strcspn(pat, "\\^$.|?*+()[]{}") >= len && len > 0 && (b.lit = malloc(len)) != NULL) {
		/* A plain literal: matched with memcmp, no PCRE2 call needed. */
		memcpy(b.lit, pat, len);
		b.litlen = len;
		pcre2_code_free(b.re);
		b.re = NULL;
	} else {
		struct pset tmp = {0};
		struct req rq = {{0}, 0, 0};
		int o2 = 0;
		size_t end;
		b.jit = pcre2_jit_compile(b.re, PCRE2_JIT_COMPLETE) == 0;
		/* A branch is one sequence (no top-level '|'); inline options
		 * may change what a literal matches: no set then. */
		end = parse_seq(pat, len, 0, &tmp, &o2, &rq);
		if (!o2 && req_safe(pat, len) && !tmp.failed && end == len && rq.n > 0) {
			memcpy(b.req, rq.cp, (size_t)rq.n * sizeof(rq.cp[0]));
			b.nreq = rq.n;
		}
		free(tmp.v);
	}
	b.id = id;
	b.tag = tag;
	if (grow((void **)&rs->br, &rs->capbr, rs->nbr, sizeof(b)) < 0) {
		pcre2_code_free(b.re);
		return -1;
	}
	rs->br[rs->nbr++] = b;
	parse_alt(pat, len, 0, &s, &opts);
	for (k = 0; k < s.n && !opts && !s.failed; k++)
		if (s.v[k].len == 0)
			break;
	if (opts || s.failed || s.n == 0 || k < s.n) {
		free(s.v);
		if (grow((void **)&rs->any, &rs->capany, rs->nany, sizeof(*rs->any)) < 0)
			return -1;
		rs->any[rs->nany++] = bi;
		return 0;
	}
	for (k = 0; k < s.n; k++) {
		if (grow((void **)&rs->pairs, &rs->cappair, rs->npair, sizeof(*rs->pairs)) < 0) {
			free(s.v);
			return -1;
		}
		rs->pairs[rs->npair++] = (struct pair){key(s.v[k].cp, s.v[k].len), bi, s.v[k].len - 1,
		    s.v[k].cp[0]};
	}
	free(s.v);
	return 0;
}

/* Split at top-level '|' unless the pattern sets options inline (those
 * carry across branches). */
int
rv_ruleset_add(struct rv_ruleset *rs, const char *pat, size_t len, int id, unsigned tag,
    size_t *erroff)
{
	size_t i = 0, start = 0;
	int depth = 0, rc;

	for (i = 0; i + 1 < len; i++)
		if (pat[i] == '(' && pat[i + 1] == '?' && i + 2 < len &&
		    strchr(":#=!<>|P'", pat[i + 2]) == NULL)
			return add_branch(rs, pat, len, id, tag, erroff);
	for (i = 0; i <= len; i++) {
		if (i < len && pat[i] == '\\') {
			i++;
			continue;
		}
		if (i < len && pat[i] == '[') {
			struct pset dummy = {0};
			i = parse_class(pat, len, i, &dummy) - 1;
			free(dummy.v);
			continue;
		}
		if (i < len && pat[i] == '(')
			depth++;
		else if (i < len && pat[i] == ')')
			depth--;
		else if (i == len || (pat[i] == '|' && depth == 0)) {
			if ((rc = add_branch(rs, pat + start, i - start, id, tag, erroff)) != 0) {
				*erroff += start;
				return rc;
			}
			start = i + 1;
		}
	}
	return 0;
}

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->tab != y->tab)
		return x->tab < y->tab ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->br < y->br ? -1 : x->br > y->br;
}

static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static int
table_put(struct table *t, uint64_t key, uint32_t off, uint32_t cnt)
{
	size_t i = mix(key) & (t->cap - 1);

	while (t->s[i].key != 0)
		i = (i + 1) & (t->cap - 1);
	t->s[i] = (struct slot){key, off, cnt};
	return 0;
}

static const struct slot *
table_get(const struct table *t, uint64_t key)
{
	size_t i;

	if (t->cap == 0)
		return NULL;
	i = mix(key) & (t->cap - 1);
	while (t->s[i].key != 0) {
		if (t->s[i].key == key)
			return &t->s[i];
		i = (i + 1) & (t->cap - 1);
	}
	return NULL;
}

int
rv_ruleset_build(struct rv_ruleset *rs)
{
	size_t i, j, nkeys[PFX] = {0};

	if (rs->npair > 1)	/* pairs is NULL when there is none */
		qsort(rs->pairs, rs->npair, sizeof(*rs->pairs), cmp_pair);
	rs->ids = malloc((rs->npair + 1) * sizeof(*rs->ids));
	if (rs->ids == NULL)
		return -1;
	for (i = 0; i < rs->npair; i++) {
		rs->ids[i] = rs->pairs[i].br;
		if (i == 0 || rs->pairs[i].key != rs->pairs[i - 1].key ||
		    rs->pairs[i].tab != rs->pairs[i - 1].tab)
			nkeys[rs->pairs[i].tab]++;
	}
	for (j = 0; j < PFX; j++) {
		struct table *t = &rs->tab[j];
		t->cap = 16;
		while (t->cap < nkeys[j] * 2)
			t->cap *= 2;
		if ((t->s = calloc(t->cap, sizeof(*t->s))) == NULL)
			return -1;
	}
	for (i = 0; i < rs->npair; i = j) {
		const struct pair *p = &rs->pairs[i];
		for (j = i; j < rs->npair && rs->pairs[j].key == p->key && rs->pairs[j].tab == p->tab; j++)
			;
		uint32_t h = (uint32_t)mix(p->key) & 0xFFFF;
		table_put(&rs->tab[p->tab], p->key, (uint32_t)i, (uint32_t)(j - i));
		rs->bits[p->tab][h >> 3] |= (uint8_t)(1u << (h & 7));
		rs->first[(p->cp0 & 0xFFFF) >> 3] |= (uint8_t)(1u << (p->cp0 & 7));
	}
	free(rs->pairs);
	rs->pairs = NULL;
	rs->npair = rs->cappair = 0;
	return 0;
}

size_t
rv_ruleset_branches(const struct rv_ruleset *rs, size_t *anywhere)
{
	if (anywhere != NULL)
		*anywhere = rs->nany;
	return rs->nbr;
}

/* ---- scanning ---------------------------------------------------------- */

/* Decode valid UTF-8 (the scan's precondition), fast paths first. */
static inline uint32_t
decode(const unsigned char *t, size_t m, size_t i, int *len)
{
	unsigned char c = t[i];

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if ((c & 0xF0) == 0xE0 && i + 2 < m) {
		*len = 3;
		return (uint32_t)(c & 0x0F) << 12 | (uint32_t)(t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
	}
	uint32_t cp;
	*len = rv_utf8_decode((const char *)t + i, m - i, &cp);
	return cp;
}

static int
try_branch(struct rv_ruleset *rs, const struct branch *b, const char *t, size_t m, size_t i,
    rv_ruleset_fn fn, void *arg)
{
	int rc;

	if (b->lit != NULL) {
		if (m - i < b->litlen || memcmp(t + i, b->lit, b->litlen) != 0)
			return 0;
		return fn(arg, b->id, i, i + b->litlen);
	}
	if (b->nreq > 0) {
		int k;
		for (k = 0; k < b->nreq; k++) {
			uint32_t c = b->req[k] % ROWBITS;
			if (rs->rowcp[c >> 6] >> (c & 63) & 1)
				break;
		}
		if (k == b->nreq)	/* none of them in the row */
			return 0;
	}
	rc = b->jit ? pcre2_jit_match(b->re, (PCRE2_SPTR)t, m, i, 0, rs->md, rs->mc) :
	    pcre2_match(b->re, (PCRE2_SPTR)t, m, i, PCRE2_NO_UTF_CHECK, rs->md, rs->mc);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	return fn(arg, b->id, i, pcre2_get_ovector_pointer(rs->md)[1]);
}

static int
try_list(struct rv_ruleset *rs, const uint32_t *ids, size_t n, unsigned mask, const char *t,
    size_t m, size_t i, rv_ruleset_fn fn, void *arg)
{
	size_t k;
	int rc;

	for (k = 0; k < n; k++) {
		const struct branch *b = &rs->br[ids[k]];
		if ((b->tag & mask) && (rc = try_branch(rs, b, t, m, i, fn, arg)) != 0)
			return rc;
	}
	return 0;
}

int
rv_ruleset_scan(struct rv_ruleset *rs, const char *t, size_t m, unsigned mask,
    rv_ruleset_fn fn, void *arg)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t i = 0, j;
	int len[PFX], n = 0, k, rc;
	uint32_t cp[PFX];

	/* The row's code points, for the branches' required sets. */
	memset(rs->rowcp, 0, sizeof(rs->rowcp));
	for (j = 0; j < m;) {
		int l;
		uint32_t c = decode(u, m, j, &l) % ROWBITS;
		rs->rowcp[c >> 6] |= (uint64_t)1 << (c & 63);
		j += l > 0 ? (size_t)l : 1;
	}
	/* A window of the next PFX code points, slid one at a time. */
	for (j = 0; n < PFX && j < m; n++) {
		cp[n] = decode(u, m, j, &len[n]);
		j += (size_t)len[n];
	}
	while (i < m) {
		/* Longest prefixes first: of two branches of one rule matching at
		 * one place, the caller keeps the first, usually the longer. */
		for (k = (rs->first[(cp[0] & 0xFFFF) >> 3] >> (cp[0] & 7) & 1) ? n - 1 : -1; k >= 0; k--) {
			uint64_t kk = key(cp, k + 1);
			uint32_t h = (uint32_t)mix(kk) & 0xFFFF;
			const struct slot *s;
			if ((rs->bits[k][h >> 3] >> (h & 7) & 1) && (s = table_get(&rs->tab[k], kk)) != NULL &&
			    (rc = try_list(rs, rs->ids + s->off, s->cnt, mask, t, m, i, fn, arg)) != 0)
				return rc;
		}
		if (rs->nany && (rc = try_list(rs, rs->any, rs->nany, mask, t, m, i, fn, arg)) != 0)
			return rc;
		i += (size_t)len[0];
		for (k = 1; k < n; k++) {
			cp[k - 1] = cp[k];
			len[k - 1] = len[k];
		}
		n--;
		if (j < m) {
			cp[n] = decode(u, m, j, &len[n]);
			j += (size_t)len[n];
			n++;
		}
	}
	return 0;
}
