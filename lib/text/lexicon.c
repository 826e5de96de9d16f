/* lexicon.c - byte trie with open-addressing transitions. */
#include "lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "feat.h"
#include "num.h"
#include "utf8.h"

static const char *const kind_names[] = {"word", "emoji", "neg", "deg", "contrast", "sarcasm",
	"fact"};
static const char *const emo_names[] = {"-", "anger", "disappointment", "anxiety", "confusion",
	"satisfaction", "neutral"};

const char *
rv_lex_kind_name(int kind)
{
	return kind >= 0 && kind <= RV_LEX_FACT ? kind_names[kind] : "?";
}

const char *
rv_emotion_name(int emo)
{
	return emo >= 0 && emo < RV_EMO_COUNT ? emo_names[emo] : "?";
}

int
rv_emotion_parse(const char *p, size_t n)
{
	int i;

	if (n == 0)
		return RV_EMO_NONE;
	for (i = 0; i < RV_EMO_COUNT; i++)
		if (strlen(emo_names[i]) == n && memcmp(emo_names[i], p, n) == 0)
			return i;
	return -1;
}

void
rv_lex_init(struct rv_lex *lx)
{
	memset(lx, 0, sizeof(*lx));
}

static inline size_t
thash(uint64_t key, size_t mask)
{
	key *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(key >> 29) & mask;
}

/* Transitions are keyed by (node, code point): one probe per character.
 * Keys stay below 2^53 (node < 2^31, cp < 2^21); the bits above hold a
 * Bloom signature of the code points that continue from the child, so a
 * match stops at a leaf (most terms end at one) without probing the
 * table for a transition that is not there: each probe is a cache miss. */
#define KEY_MASK ((UINT64_C(1) << 53) - 1)

static inline uint64_t
tkey(int32_t node, uint32_t cp)
{
	return ((uint64_t)(uint32_t)node << 21 | cp) + 1;
}

static inline uint64_t
sigbit(uint32_t cp)
{
	return UINT64_C(1) << (53 + ((cp * 0x9E3779B1u) >> 29));
}

/* The slot of the transition from node by cp, or NULL. A transition
 * carries its child's entry, so a match reads one slot per character
 * (key, child and entry in one cache line: the table is larger than L1
 * and L2 and these probes were most of the lexicon's time). */
static inline const struct rv_lex_trans *
find(const struct rv_lex *lx, int32_t node, uint32_t cp)
{
	uint64_t key;
	size_t i, mask;

	if (lx->tcap == 0)
		return NULL;
	key = tkey(node, cp);
	mask = lx->tcap - 1;
	for (i = thash(key, mask);; i = (i + 1) & mask) {
		if ((lx->trans[i].key & KEY_MASK) == key)
			return &lx->trans[i];
		if (lx->trans[i].key == 0)
			return NULL;
	}
}

static int32_t
child(const struct rv_lex *lx, int32_t node, uint32_t cp)
{
	const struct rv_lex_trans *t = find(lx, node, cp);

	return t ? t->child : -1;
}

static void
tput(struct rv_lex_trans *tab, size_t cap, const struct rv_lex_trans *t)
{
	size_t i, mask = cap - 1;

	for (i = thash(t->key & KEY_MASK, mask); tab[i].key != 0; i = (i + 1) & mask)
		;
	tab[i] = *t;
}

static int
tgrow(struct rv_lex *lx)
{
	size_t nc = lx->tcap ? lx->tcap * 2 : 1024, i;
	struct rv_lex_trans *t = calloc(nc, sizeof(*t));

	if (t == NULL)
		return -1;
	for (i = 0; i < lx->tcap; i++)
		if (lx->trans[i].key)
			tput(t, nc, &lx->trans[i]);
	free(lx->trans);
	lx->trans = t;
	lx->tcap = nc;
	return 0;
}

static int32_t
new_node(struct rv_lex *lx)
{
	int32_t *p = rv_grow(lx->node_ent, &lx->nodecap, lx->nnodes + 1, sizeof(*p));

	if (p == NULL)
		return -1;
	lx->node_ent = p;
	lx->node_ent[lx->nnodes] = -1;
	return (int32_t)lx->nnodes++;
}

static int
is_alnum(unsigned char c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9');
}


int
rv_lex_add(struct rv_lex *lx, const char *term, size_t n, const struct rv_lex_entry *e)
{
	struct rv_buf f = {0};
	int32_t node = 0, nx, parent = 0;
	size_t i;
	uint32_t cp = 0, pcp = 0;

	if (rv_utf8_fold_str(&f, term, n) < 0)
		return -1;
	lx->frozen = 0;
	if (f.len == 0) {
		rv_buf_free(&f);
		return 0;
	}
	if (lx->nnodes == 0 && new_node(lx) < 0)	/* the root */
		goto oom;
	uint32_t c0 = 0;
	for (i = 0; i < f.len;) {
		i += (size_t)rv_utf8_next_valid(f.p + i, &cp);
		if (node == 0) {
			c0 = cp;
			if (cp < 0x10000)
				lx->first[cp >> 6] |= UINT64_C(1) << (cp & 63);
			if (i == f.len && cp < 0x10000)
				lx->single[cp >> 6] |= UINT64_C(1) << (cp & 63);
		} else if (node == child(lx, 0, c0) && !(c0 < 0x80 && is_alnum((unsigned char)c0))) {
			uint64_t x = rv_lex_pairhash(c0, cp);
			uint32_t h1 = rv_lex_pairbit1(x), h2 = rv_lex_pairbit2(x);
			lx->pair[h1 >> 3] |= (uint8_t)(1u << (h1 & 7));
			lx->pair[h2 >> 3] |= (uint8_t)(1u << (h2 & 7));
		}
		nx = child(lx, node, cp);
		if (nx < 0) {
			if ((nx = new_node(lx)) < 0)
				goto oom;
			if ((lx->ntrans + 1) * 2 > lx->tcap && tgrow(lx) < 0)
				goto oom;
			struct rv_lex_trans t = {tkey(node, cp), nx, -1};
			tput(lx->trans, lx->tcap, &t);
			lx->ntrans++;
			if (node != 0)
				((struct rv_lex_trans *)find(lx, parent, pcp))->key |= sigbit(cp);
		}
		parent = node;
		pcp = cp;
		node = nx;
	}
	if (lx->node_ent[node] < 0) {
		struct rv_lex_entry *p = rv_grow(lx->ent, &lx->entcap, lx->nent + 1, sizeof(*p));
		if (p == NULL)
			goto oom;
		lx->ent = p;
		lx->node_ent[node] = (int32_t)lx->nent++;
		/* The copy in the transition into node (f.len > 0: node is not the root). */
		((struct rv_lex_trans *)find(lx, parent, cp))->ent = lx->node_ent[node];
	}
	lx->ent[lx->node_ent[node]] = *e;
	lx->ent[lx->node_ent[node]].latin = is_alnum((unsigned char)f.p[0]) &&
	    is_alnum((unsigned char)f.p[f.len - 1]);
	rv_buf_free(&f);
	return 0;
oom:
	rv_buf_free(&f);
	return -1;
}

int
rv_lex_match(const struct rv_lex *lx, const char *p, size_t n, size_t *mlen)
{
	int32_t node = 0;
	int best = -1;
	size_t i = 0;
	uint32_t cp;

	if (n == 0 || lx->nnodes == 0)
		return -1;
	i = (size_t)rv_utf8_next_valid(p, &cp);
	if (cp < 0x10000 && !((lx->first[cp >> 6] >> (cp & 63)) & 1))
		return -1;
	for (;;) {
		const struct rv_lex_trans *t = find(lx, node, cp);
		if (t == NULL)
			break;
		node = t->child;
		int32_t e = t->ent;
		if (e >= 0 && (!lx->ent[e].latin || i == n || !is_alnum((unsigned char)p[i]))) {
			best = e;
			*mlen = i;
		}
		if (i == n)
			break;
		i += (size_t)rv_utf8_next_valid(p + i, &cp);
	}
	return best;
}

/* Set bits of x (no POPCNT instruction is assumed: the builtin would be a
 * libgcc call). */
static inline uint32_t
popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
}

/* The hash of a run of letters and digits, as rv_lex_match_cp computes
 * it: that of the features' words (feat.h), so that rv_lex_match_word
 * can take the hash of a word they found. */
static inline uint64_t
word_step(uint64_t h, uint32_t c)
{
	return rv_feat_word_step(h, c);
}
#define WORD_SEED RV_FEAT_WORD_SEED
#define WORD_MAX 64	/* longer runs take the walk */
#define WORD_LEAF 0x100	/* rv_lex_word.len: node is the entry, the walk ends */

/* ASCII letters and digits, as a bit mask per half of ASCII. */
static inline int
is_alnum_cp(uint32_t c)
{
	static const uint64_t m[2] = {0x03FF000000000000ULL, 0x07FFFFFE07FFFFFEULL};

	return c < 0x80 && (m[c >> 6] >> (c & 63)) & 1;
}

/* The Latin word table of the frozen trie (node and key built): a
 * depth-first walk over children by letters and digits from the root.
 * Returns 0 or -1 on OOM. */
static int
build_words(struct rv_lex *lx)
{
	struct {
		uint32_t v, next;	/* node, its next child to visit */
	} st[WORD_MAX + 1];
	char path[WORD_MAX];
	size_t n = 0, cap, i, pool = 0, poolcap = 256;
	struct rv_lex_word *w;
	char *wp = malloc(poolcap);
	int depth = 0;

	/* count first, to size the table */
	uint32_t *list = NULL;
	size_t nlist = 0, listcap = 0;
	if (wp == NULL)
		return -1;
	st[0].v = 0;
	st[0].next = lx->node[0].kids;
	while (depth >= 0) {
		uint32_t v = st[depth].v, c;
		if (st[depth].next >= lx->node[v + 1].kids || depth == WORD_MAX) {
			depth--;
			continue;
		}
		c = st[depth].next++;
		if (!is_alnum_cp(lx->key[c]))
			continue;
		path[depth] = (char)lx->key[c];
		/* c is reached by letters and digits: a word when it has an
		 * entry or a child that is not a letter or digit */
		int useful = lx->node[c].ent >= 0;
		for (i = lx->node[c].kids; !useful && i < lx->node[c + 1].kids; i++)
			useful = !is_alnum_cp(lx->key[i]);
		if (useful) {
			uint32_t *nl = rv_grow(list, &listcap, nlist + 3, sizeof(*list));
			char *np = pool + (size_t)depth + 1 > poolcap ? realloc(wp, poolcap *= 2) : wp;
			if (nl == NULL || np == NULL) {
				free(nl ? nl : list);
				free(np ? np : wp);
				return -1;
			}
			list = nl;
			wp = np;
			memcpy(wp + pool, path, (size_t)depth + 1);
			list[nlist++] = c;
			list[nlist++] = (uint32_t)pool;
			list[nlist++] = (uint32_t)depth + 1;
			pool += (size_t)depth + 1;
			n++;
		}
		depth++;
		st[depth].v = c;
		st[depth].next = lx->node[c].kids;
	}
	for (cap = 16; cap < 2 * n; cap *= 2)
		;
	size_t nbits = 8 * cap;	/* 16 to 32 bits per run */
	uint64_t *wb = calloc(nbits / 64, sizeof(*wb));
	if ((w = calloc(cap, sizeof(*w))) == NULL || wb == NULL) {
		free(w);
		free(wb);
		free(list);
		free(wp);
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint32_t at = list[3 * i + 1], len = list[3 * i + 2];
		uint64_t h = WORD_SEED;
		for (uint32_t k = 0; k < len; k++)
			h = word_step(h, (unsigned char)wp[at + k]);
		uint32_t top = (uint32_t)(h >> 32) | 1;
		size_t j, b = (size_t)(h >> 32) & (nbits - 1);
		wb[b >> 6] |= UINT64_C(1) << (b & 63);
		for (j = (size_t)h & (cap - 1); w[j].h != 0; j = (j + 1) & (cap - 1))
			;
		/* A run whose node has no child but letters and digits ends
		 * every walk there: the slot holds its entry instead. */
		uint32_t v = list[3 * i], leaf = 1;
		for (uint32_t x = lx->node[v].kids; leaf && x < lx->node[v + 1].kids; x++)
			leaf = is_alnum_cp(lx->key[x]);
		w[j].h = top;
		w[j].node = leaf ? (uint32_t)lx->node[v].ent : v;
		w[j].at = at;
		w[j].len = len | (leaf ? WORD_LEAF : 0);
	}
	free(list);
	free(lx->word);
	free(lx->wpool);
	free(lx->wbits);
	lx->word = w;
	lx->wmask = cap - 1;
	lx->wpool = wp;
	lx->wbits = wb;
	lx->wbmask = nbits - 1;
	return 0;
}

/* An edge of the hashed trie while freezing it. */
struct edge {
	uint32_t cp;
	int32_t child;
};

static int
cmp_edge(const void *a, const void *b)
{
	uint32_t x = ((const struct edge *)a)->cp, y = ((const struct edge *)b)->cp;

	return x < y ? -1 : x > y;
}

/* The pair table of the frozen trie (see struct rv_lex). Returns 0 or -1
 * on OOM. */
static inline size_t
pair_slot(uint32_t key, size_t mask)
{
	return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 40) & mask;
}

#define PAIR_LEAF 0x80000000u	/* rv_lex_pair2.node: the entry of a leaf */

static int
build_pairs(struct rv_lex *lx)
{
	size_t np = 0, cap = 16, v1, v2;
	const struct rv_lex_node *N = lx->node;

	for (v1 = N[0].kids; v1 < N[1].kids; v1++)
		if (lx->key[v1] < 0x10000 && !is_alnum_cp(lx->key[v1]))
			for (v2 = N[v1].kids; v2 < N[v1 + 1].kids; v2++)
				np += lx->key[v2] < 0x10000;
	while (cap < 2 * np)
		cap *= 2;
	struct rv_lex_pair2 *t = calloc(cap, sizeof(*t));
	if (t == NULL)
		return -1;
	for (v1 = N[0].kids; v1 < N[1].kids; v1++) {
		uint32_t c0 = lx->key[v1];
		if (c0 >= 0x10000 || is_alnum_cp(c0))
			continue;
		for (v2 = N[v1].kids; v2 < N[v1 + 1].kids; v2++) {
			if (lx->key[v2] >= 0x10000)
				continue;
			uint32_t k = c0 << 16 | lx->key[v2];
			size_t j = pair_slot(k, cap - 1);
			while (t[j].node != 0)
				j = (j + 1) & (cap - 1);
			t[j].key = k;
			/* a leaf (a term of two, no longer one): its entry
			 * (the term starts with no letter, so it is not a
			 * whole-word one), the walk ends there */
			t[j].node = N[v2].kids == N[v2 + 1].kids ? PAIR_LEAF | (uint32_t)N[v2].ent :
			    (uint32_t)v2;
		}
	}
	free(lx->p2);
	lx->p2 = t;
	lx->p2mask = cap - 1;
	return 0;
}

/* Build lx->node, lx->key and lx->rank from the hashed trie (see
 * lexicon.h). Returns 0 or -1 on OOM (matches then walk the hashed trie). */
static int
freeze(struct rv_lex *lx)
{
	size_t nn = lx->nnodes, i, q, next;
	size_t *start = calloc(nn + 1, sizeof(*start)), *pos = malloc((nn + 1) * sizeof(*pos));
	struct edge *ed = malloc((lx->ntrans + 1) * sizeof(*ed));
	int32_t *order = malloc(nn * sizeof(*order));
	struct rv_lex_node *node = malloc((nn + 1) * sizeof(*node));
	uint32_t *key = malloc(nn * sizeof(*key));
	int rc = -1;

	if (start == NULL || pos == NULL || ed == NULL || order == NULL || node == NULL ||
	    key == NULL)
		goto out;
	/* The children of each node, grouped by parent (a counting sort),
	 * each group sorted by code point. */
	for (i = 0; i < lx->tcap; i++)
		if (lx->trans[i].key)
			start[((lx->trans[i].key & KEY_MASK) - 1) >> 21]++;
	for (i = 0, next = 0; i <= nn; i++) {
		size_t c = start[i];
		start[i] = pos[i] = next;
		next += c;
	}
	for (i = 0; i < lx->tcap; i++) {
		uint64_t k = lx->trans[i].key & KEY_MASK;
		if (k == 0)
			continue;
		struct edge *e = &ed[pos[(k - 1) >> 21]++];
		e->cp = (uint32_t)((k - 1) & 0x1FFFFF);
		e->child = lx->trans[i].child;
	}
	for (i = 0; i < nn; i++) {
		size_t a = start[i], b = start[i + 1], x, y;
		if (b - a > 16) {
			qsort(ed + a, b - a, sizeof(*ed), cmp_edge);
			continue;
		}
		for (x = a + 1; x < b; x++) {
			struct edge t = ed[x];
			for (y = x; y > a && ed[y - 1].cp > t.cp; y--)
				ed[y] = ed[y - 1];
			ed[y] = t;
		}
	}
	/* Breadth-first numbering: the children of each node get the next
	 * consecutive numbers. */
	order[0] = 0;
	next = 1;
	for (q = 0; q < nn && q < next; q++) {
		size_t old = (size_t)order[q];
		node[q].kids = (uint32_t)next;
		node[q].ent = lx->node_ent[old];
		for (i = start[old]; i < start[old + 1] && next < nn; i++) {
			key[next] = ed[i].cp;
			order[next++] = ed[i].child;
		}
	}
	if (next != nn)	/* cannot happen: every node but the root has a parent */
		goto out;
	node[nn].kids = (uint32_t)nn;
	for (i = 0, next = 0; i < sizeof(lx->rank) / sizeof(lx->rank[0]); i++) {
		lx->rank[i] = (uint16_t)next;
		next += popcount64(lx->first[i]);
	}
	free(lx->node);
	free(lx->key);
	lx->node = node;
	lx->key = key;
	node = NULL;
	key = NULL;
	if (build_words(lx) < 0 || build_pairs(lx) < 0) {
		free(lx->node);
		free(lx->key);
		lx->node = NULL;
		lx->key = NULL;
		goto out;
	}
	lx->frozen = 1;
	rc = 0;
out:
	free(start);
	free(pos);
	free(ed);
	free(order);
	free(node);
	free(key);
	return rc;
}

/* The child of node v by code point c in the frozen trie, or 0. */
static inline uint32_t
kid(const struct rv_lex *lx, uint32_t v, uint32_t c)
{
	uint32_t a = lx->node[v].kids, b = lx->node[v + 1].kids;
	const uint32_t *k = lx->key;

	while (b - a > 8) {	/* binary search down to a short run */
		uint32_t m = a + (b - a) / 2;
		if (k[m] <= c)
			a = m;
		else
			b = m;
	}
	for (; a < b; a++)
		if (k[a] >= c)
			return k[a] == c ? a : 0;
	return 0;
}

/* May term e end after cp[0..i)? A Latin term ends at a word boundary:
 * no letter or digit (all ASCII) follows. */
static inline int
term_ends(const struct rv_lex *lx, int32_t e, const uint32_t *cp, size_t i, size_t n)
{
	return i == n || cp[i] >= 0x80 || !is_alnum((unsigned char)cp[i]) || !lx->ent[e].latin;
}

/* rv_lex_match_cp on the hashed trie (when freezing ran out of memory). */
static int
match_hashed(const struct rv_lex *lx, const uint32_t *cp, size_t n, size_t *mlen)
{
	int32_t node = 0;
	int best = -1;
	size_t i;

	for (i = 0; i < n;) {
		const struct rv_lex_trans *t = find(lx, node, cp[i++]);
		if (t == NULL)
			break;
		node = t->child;
		int32_t e = t->ent;
		if (e >= 0 && term_ends(lx, e, cp, i, n)) {
			best = e;
			*mlen = i;
		}
		if (i < n && !(t->key & sigbit(cp[i])))
			break;
	}
	return best;
}

/* The frozen trie from node v, i code points into cp already matched:
 * the longest term that ends here or further on (term_ends), or -1. */
static int
walk(const struct rv_lex *lx, uint32_t v, size_t i, const uint32_t *cp, size_t n, size_t *mlen)
{
	int best = -1;

	for (;; i++) {
		int32_t e = lx->node[v].ent;
		if (e >= 0 && term_ends(lx, e, cp, i, n)) {
			best = e;
			*mlen = i;
		}
		if (i == n || (v = kid(lx, v, cp[i])) == 0)
			break;
	}
	return best;
}

int
rv_lex_match_cp(const struct rv_lex *lx, const uint32_t *cp, size_t n, size_t *mlen)
{
	size_t run;

	return rv_lex_match_run(lx, cp, n, mlen, &run);
}

/* The longest term at cp[0], the start of a run of k (< WORD_MAX) ASCII
 * letters and digits whose hash is h, by the word table (frozen trie). */
static inline int
match_word(const struct rv_lex *lx, const uint32_t *cp, size_t n, uint64_t h, size_t k,
    size_t *mlen)
{
	uint32_t top = (uint32_t)(h >> 32) | 1;
	const struct rv_lex_word *w;
	size_t i, j = (size_t)(h >> 32) & lx->wbmask;

	if (!((lx->wbits[j >> 6] >> (j & 63)) & 1))
		return -1;	/* no term starts with this word */
	for (j = (size_t)h & lx->wmask;; j = (j + 1) & lx->wmask) {
		w = &lx->word[j];
		if (w->h == 0)
			return -1;	/* no term starts with this word */
		if (w->h == top && (w->len & 0xFF) == k) {
			const char *q = lx->wpool + w->at;
			for (i = 0; i < k && (unsigned char)q[i] == cp[i]; i++)
				;
			if (i == k)
				break;
		}
	}
	if (w->len & WORD_LEAF) {
		*mlen = k;
		return (int)w->node;
	}
	return walk(lx, w->node, k, cp, n, mlen);
}

/* The longest term at cp[0..n) (n >= 2, cp[0] and cp[1] in the BMP,
 * cp[0] no ASCII letter or digit; frozen trie) by the pair table: a
 * term of two or more starts here when the first two code points are in
 * it, else at most the one-character term cp[0] (single[]). inpair:
 * rv_lex_pairin of them; when not, the pair is not in the table (every
 * pair of the table has its Bloom bits), and cp[0] can only be a whole
 * term (rv_lex_may). */
static inline int
match_pair(const struct rv_lex *lx, const uint32_t *cp, size_t n, uint32_t inpair, size_t *mlen)
{
	uint32_t c = cp[0];
	int best;

	if (inpair) {
		uint32_t pk = c << 16 | cp[1];
		size_t j = pair_slot(pk, lx->p2mask);
		const struct rv_lex_pair2 *t;
		while ((t = &lx->p2[j])->node != 0 && t->key != pk)
			j = (j + 1) & lx->p2mask;
		if (t->node & PAIR_LEAF) {
			*mlen = 2;
			return (int)(t->node & ~PAIR_LEAF);
		}
		if (t->node != 0) {
			if ((best = walk(lx, t->node, 2, cp, n, mlen)) >= 0)
				return best;
		}
	}
	if (!((lx->single[c >> 6] >> (c & 63)) & 1))
		return -1;
	uint64_t w = lx->first[c >> 6], below = w & ((UINT64_C(1) << (c & 63)) - 1);
	int32_t e = lx->node[1 + lx->rank[c >> 6] + popcount64(below)].ent;
	if (e >= 0 && term_ends(lx, e, cp, 1, n)) {
		*mlen = 1;
		return e;
	}
	return -1;
}

int
rv_lex_match_bmp(const struct rv_lex *lx, const uint32_t *cp, size_t n, uint32_t inpair,
    size_t *mlen)
{
	size_t run;

	if (lx->frozen && n >= 2 && cp[0] < 0x10000 && cp[1] < 0x10000 && !is_alnum_cp(cp[0]))
		return match_pair(lx, cp, n, inpair, mlen);
	return rv_lex_match_run(lx, cp, n, mlen, &run);
}

int
rv_lex_match_word(const struct rv_lex *lx, const uint32_t *cp, size_t n, uint64_t h, size_t k,
    size_t *mlen)
{
	size_t run;

	if (lx->frozen && k < WORD_MAX && k > 0 && k <= n)
		return match_word(lx, cp, n, h, k, mlen);
	return rv_lex_match_run(lx, cp, n, mlen, &run);
}

int
rv_lex_match_run(const struct rv_lex *lx, const uint32_t *cp, size_t n, size_t *mlen,
    size_t *run)
{
	uint32_t v, c;

	*run = 0;
	if (n == 0 || lx->nnodes == 0)
		return -1;
	c = cp[0];
	if (is_alnum_cp(c) && lx->frozen) {
		uint64_t h = WORD_SEED;
		size_t k, lim = n < WORD_MAX ? n : WORD_MAX;
		for (k = 0; k < lim && is_alnum_cp(cp[k]); k++)
			h = word_step(h, cp[k]);
		*run = k;
		if (k < WORD_MAX)
			return match_word(lx, cp, n, h, k, mlen);
	}
	if (c < 0x10000 && lx->frozen && n >= 2 && cp[1] < 0x10000 && !is_alnum_cp(c))
		return match_pair(lx, cp, n, rv_lex_pairin(lx, c, cp[1]), mlen);
	if (c < 0x10000) {
		uint64_t w = lx->first[c >> 6], below = w & ((UINT64_C(1) << (c & 63)) - 1);
		if (!((w >> (c & 63)) & 1))
			return -1;
		/* The frozen trie is a cache of the hashed one: built here, on
		 * the first match after an add, so that it is built once. */
		if (!lx->frozen && freeze((struct rv_lex *)lx) < 0)
			return match_hashed(lx, cp, n, mlen);
		v = 1 + lx->rank[c >> 6] + popcount64(below);
	} else {
		if (!lx->frozen && freeze((struct rv_lex *)lx) < 0)
			return match_hashed(lx, cp, n, mlen);
		if ((v = kid(lx, 0, c)) == 0)
			return -1;
	}
	return walk(lx, v, 1, cp, n, mlen);
}

static int
parse_kind(const char *p, size_t n)
{
	int i;

	for (i = 0; i <= RV_LEX_FACT; i++)
		if (strlen(kind_names[i]) == n && memcmp(kind_names[i], p, n) == 0)
			return i;
	return -1;
}

int
rv_lex_load(struct rv_lex *lx, const char *buf, size_t n, unsigned long *errline, char *err,
    size_t errlen)
{
	const char *p = buf, *end = buf + n;
	unsigned long line = 0, nent = 0;
	char esc[120];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *f[5] = {0};
		size_t fl[5] = {0}, nf = 0;
		const char *q, *le = nl ? nl : end;
		line++;
		if (le > p && le[-1] == '\r')
			le--;
		for (q = p; nf < 5;) {
			const char *t = memchr(q, '\t', (size_t)(le - q));
			f[nf] = q;
			fl[nf++] = (size_t)((t ? t : le) - q);
			if (t == NULL)
				break;
			q = t + 1;
		}
		/* Old Mac line ends make the whole file one line (which
		 * could pass for the header or a comment). */
		if (memchr(f[0], '\r', (size_t)(le - f[0])) != NULL) {
			*errline = line;
			snprintf(err, errlen, "%s",
			    "a CR inside a line: the file has CR-only line ends (convert them to LF)");
			return -1;
		}
		p = nl ? nl + 1 : end;
		if (le == f[0] || f[0][0] == '#')
			continue;
		if (line == 1 && fl[0] == 4 && memcmp(f[0], "term", 4) == 0)
			continue;
		*errline = line;
		if (nf < 3) {
			snprintf(err, errlen, "expected at least 3 TAB-separated fields (term, kind, value), got %zu", nf);
			return -1;
		}
		struct rv_lex_entry e = {0};
		double v;
		int k = parse_kind(f[1], fl[1]);
		if (k < 0) {
			snprintf(err, errlen, "unknown kind '%s' (word, emoji, neg, deg, contrast, sarcasm, fact)",
			    rv_esc(esc, sizeof(esc), f[1], fl[1], 64));
			return -1;
		}
		if (rv_num_parse(f[2], fl[2], &v) < 0 || v < -10 || v > 10) {
			snprintf(err, errlen, "bad value '%s': expected a number from -10 to 10",
			    rv_esc(esc, sizeof(esc), f[2], fl[2], 64));
			return -1;
		}
		int emo = nf > 3 ? rv_emotion_parse(f[3], fl[3]) : RV_EMO_NONE;
		if (emo < 0) {
			snprintf(err, errlen, "unknown emotion '%s'", rv_esc(esc, sizeof(esc), f[3], fl[3], 64));
			return -1;
		}
		if (fl[0] == 0) {
			snprintf(err, errlen, "empty term");
			return -1;
		}
		/* Each character of a term is a trie node (~240 bytes): a 21 MB
		 * term took 1.7 GB and 19 s. Terms are words and phrases. */
		if (fl[0] > RV_LEX_MAXTERM) {
			snprintf(err, errlen, "term of %zu bytes: at most %d", fl[0], RV_LEX_MAXTERM);
			return -1;
		}
		e.kind = (uint8_t)k;
		e.value = (float)v;
		e.emotion = (uint8_t)emo;
		if (rv_lex_add(lx, f[0], fl[0], &e) < 0)
			return -2;
		nent++;
	}
	/* An empty --lexicon file would silently change nothing. */
	if (nent == 0) {
		*errline = 0;
		snprintf(err, errlen, "no entries: the file is empty or holds only blank lines, "
		    "comments and a header");
		return -1;
	}
	return 0;
}

void
rv_lex_free(struct rv_lex *lx)
{
	free(lx->ent);
	free(lx->node_ent);
	free(lx->trans);
	free(lx->node);
	free(lx->key);
	free(lx->word);
	free(lx->wpool);
	free(lx->wbits);
	free(lx->p2);
	rv_lex_init(lx);
}
