/* Unit tests: lib/text/feat.c, lib/text/linear.c, lib/text/textmodel.c, lib/text/lexicon.c */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "lexicon.h"
#include "linear.h"
#include "testhelp.h"
#include "textmodel.h"
#include "utf8.h"

static int
has(const struct rv_feat *f, uint32_t v)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->idx[i] == v)
			return 1;
	return 0;
}

/* rv_lex_match_cp walks a breadth-first copy of the hashed trie that
 * rv_lex_match walks: the two must agree on every start of random texts
 * over random terms (CJK, Latin words and blanks, BMP and other planes'
 * code points, terms that are prefixes of others), also after terms are
 * added between matches (the copy is rebuilt). Terms starting with a
 * blank, '-', '!' or a CJK character take the pair table (a pair found
 * whose longer terms fail falls back to the one-character term; a pair
 * not found, to single[]): dropping either fallback fails this test. */
static void
test_lex_frozen(void)
{
	static const char *const sym[] = {"a", "b", " ", "-", "不", "错", "好", "\xF0\x9F\x98\x80",
		"\xF0\xA0\x80\x80", "!", "z"};
	enum { NSYM = sizeof(sym) / sizeof(sym[0]) };
	struct rv_lex lx;
	uint64_t seed = 42;
	int bad = 0, matched = 0, round, words = 0;

	rv_lex_init(&lx);
	for (round = 0; round < 4; round++) {
		int t, k;
		for (t = 0; t < 60; t++) {
			char term[64];
			size_t tl = 0;
			int len = 1 + (int)((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 60) % 5;
			for (k = 0; k < len; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				const char *y = sym[(seed >> 33) % NSYM];
				memcpy(term + tl, y, strlen(y));
				tl += strlen(y);
			}
			struct rv_lex_entry e = {(float)t, RV_LEX_WORD, 0, 0};
			rv_lex_add(&lx, term, tl, &e);
		}
		for (t = 0; t < 300; t++) {
			char text[256];
			uint32_t cp[64];
			size_t off[65], tl = 0, n = 0, j;
			int len = 1 + (int)((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 58) % 40;
			for (k = 0; k < len; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				const char *y = sym[(seed >> 33) % NSYM];
				memcpy(text + tl, y, strlen(y));
				tl += strlen(y);
			}
			for (j = 0; j < tl; n++) {
				off[n] = j;
				j += (size_t)rv_utf8_decode(text + j, tl - j, &cp[n]);
			}
			off[n] = tl;
			for (j = 0; j < n; j++) {
				size_t mb = 0, mc = 0;
				int eb = rv_lex_match(&lx, text + off[j], tl - off[j], &mb);
				int ec = rv_lex_match_cp(&lx, cp + j, n - j, &mc);
				if (eb != ec || (eb >= 0 && off[j + mc] - off[j] != mb))
					bad++;
				matched += ec >= 0;
				/* The pre-checks never turn a match away, and the
				 * Latin run measured is the run of letters. */
				size_t mr = 0, run, r = 0;
				int er = rv_lex_match_run(&lx, cp + j, n - j, &mr, &run);
				while (j + r < n && cp[j + r] < 0x80 &&
				    (((cp[j + r] | 32) >= 'a' && (cp[j + r] | 32) <= 'z') ||
				    (cp[j + r] >= '0' && cp[j + r] <= '9')))
					r++;
				if (er != ec || (er >= 0 && mr != mc) || (run != 0 && run != r))
					bad++;
				/* Elsewhere in the BMP, with the pair's Bloom test
				 * done by the caller: the same match. */
				if (r == 0 && cp[j] < 0x10000) {
					size_t mp = 0;
					uint32_t nx = j + 1 < n ? cp[j + 1] : 0;
					int ep = rv_lex_match_bmp(&lx, cp + j, n - j, rv_lex_pairin(&lx, cp[j], nx), &mp);
					if (ep != er || (ep >= 0 && mp != mr))
						bad++;
				}
				/* At a run of letters, by its hash as the features
				 * give it: the same match. */
				if (r > 0 && (j == 0 || !(cp[j - 1] < 0x80 && isalnum((int)cp[j - 1])))) {
					uint64_t h = RV_FEAT_WORD_SEED;
					size_t mw = 0;
					for (size_t q = 0; q < r; q++)
						h = rv_feat_word_step(h, cp[j + q]);
					int ew = rv_lex_match_word(&lx, cp + j, n - j, h, r, &mw);
					if (ew != er || (ew >= 0 && mw != mr))
						bad++;
					words++;
				}
				if (ec >= 0 && r == 0 && !rv_lex_may(&lx, cp[j], j + 1 < n ? cp[j + 1] : 0))
					bad++;
			}
		}
	}
	test_cond("frozen trie matches as the hashed one", bad == 0 && matched > 1000 && words > 300);
	/* A run of letters longer than the word table's runs takes the walk. */
	{
		struct rv_lex_entry e = {1, RV_LEX_WORD, 0, 0};
		char longw[80];
		uint32_t lcp[81];
		size_t mb = 0, mc = 0;
		memset(longw, 'q', sizeof(longw));
		rv_lex_add(&lx, longw, 70, &e);
		for (size_t j = 0; j < 80; j++)
			lcp[j] = 'q';
		lcp[70] = ' ';
		int eb = rv_lex_match(&lx, longw, 70, &mb);
		int ec = rv_lex_match_cp(&lx, lcp, 80, &mc);
		test_cond("long Latin run", eb >= 0 && eb == ec && mb == 70 && mc == 70 &&
		    rv_lex_match_cp(&lx, lcp, 69, &mc) < 0);
	}
	rv_lex_free(&lx);
}

/* The feature extractor as it was before its CJK runs and Latin words
 * got loops of their own (issue 14 part 6): every n-gram's key mixed
 * from scratch, a flag test per code point. rv_feat_cps must give the
 * same buckets in the same order. */
static uint32_t
ref_mix(uint64_t h)
{
	h *= 0x9E3779B97F4A7C15ULL;
	return (uint32_t)((h ^ (h >> 29)) >> 32);
}

static int
ref_is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
	return c >= 0xC0 && c <= 0x24F;
}

static size_t
ref_feat(uint32_t *o, const uint32_t *cp, size_t n, uint32_t mask)
{
	uint32_t *o0 = o, c, c1 = 0, c2 = 0, punct = 0;
	uint64_t wh = 0, prevw = 0;
	int run = 0, inword = 0, haveprev = 0, npunct = 0;
	size_t j;

#define RPUSH(h) (*o++ = ref_mix(h) & mask)
	for (j = 0; j < n; j++) {
		c = cp[j];
		if (inword && ref_is_word(c)) {
			wh = (wh ^ c) * 0x100000001b3ULL;
			continue;
		}
		if (inword) {
			RPUSH(wh * 31 + 4);
			if (haveprev)
				RPUSH(prevw * 0x9E3779B97F4A7C15ULL + wh + 5);
			prevw = wh;
			haveprev = 1;
			inword = 0;
		}
		if (npunct && c != punct) {
			RPUSH(((uint64_t)punct << 8 | (npunct > 3 ? 3 : npunct)) + 7);
			npunct = 0;
		}
		if (rv_utf8_is_cjk(c)) {
			uint64_t h = c;
			RPUSH(h << 4 | 1);
			if (run >= 1) {
				RPUSH(((uint64_t)c1 << 24 ^ h) << 4 | 2);
				if (run >= 2)
					RPUSH((((uint64_t)c2 << 42) ^ ((uint64_t)c1 << 21) ^ h) << 4 | 3);
			}
			c2 = c1;
			c1 = c;
			run++;
			haveprev = 0;
			continue;
		}
		run = 0;
		if (ref_is_word(c)) {
			if (!inword) {
				wh = 0xcbf29ce484222325ULL;
				inword = 1;
			}
			wh = (wh ^ c) * 0x100000001b3ULL;
			continue;
		}
		if (c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F) {
			punct = c == 0xFF01 ? '!' : c == 0xFF1F ? '?' : c;
			npunct++;
			continue;
		}
		if (rv_utf8_is_emoji(c)) {
			RPUSH((uint64_t)c << 4 | 6);
			continue;
		}
		if (c != ' ')
			haveprev = 0;
	}
	if (inword) {
		RPUSH(wh * 31 + 4);
		if (haveprev)
			RPUSH(prevw * 0x9E3779B97F4A7C15ULL + wh + 5);
	}
	if (npunct)
		RPUSH(((uint64_t)punct << 8 | (npunct > 3 ? 3 : npunct)) + 7);
#undef RPUSH
	return (size_t)(o - o0);
}

/* rv_feat_cps against ref_feat on random texts of CJK characters (of
 * the four ranges, the last one the largest code points), Latin words
 * with ' and accented letters, ! ? runs, emoji and punctuation; with
 * want_words and a byte table, also the words kept (start, hash, and
 * the length of those all letters and digits). */
/* The image of a model trained on six short texts, two classes, with row
 * weights by wmode: 0 none, 1 the first row weighted 2 then set back to 1
 * (rows after it 1), 2 every row 3. */
static void *
small_image(struct rv_feat *f, const char **text, int wmode, size_t *len)
{
	struct rv_lm_train u = {0};
	uint64_t y;
	void *img;

	u.bits = 12;
	u.seed = 7;
	for (int r = 0; r < 6; r++) {
		rv_textmodel_labels(&u, r % 2 ? "a" : "b", 1, 0, &y);
		rv_feat_text(f, text[r], strlen(text[r]), u.bits);
		rv_lm_train_add(&u, f->idx, f->n, y);
		if (wmode == 1 && r == 0)
			rv_lm_train_weight(&u, 2), rv_lm_train_weight(&u, 1);
		if (wmode == 2)
			rv_lm_train_weight(&u, 3);
	}
	if (wmode != 0)
		test_cond("weights kept per row", u.rw != NULL && u.rw[5] == (wmode == 2 ? 3 : 1));
	rv_lm_train_run(&u, NULL, NULL);
	img = rv_lm_train_image(&u, len);
	rv_lm_train_free(&u);
	return img;
}

static void
test_feat_same(void)
{
	static const uint32_t sym[] = {0x4E0D, 0x9519, 0x597D, 0x9FA5, 0x3400, 0xF900, 0x2A6DF, 0x20000,
		'a', 'z', '0', '9', '\'', 0xE9, ' ', ' ', '!', '?', 0xFF01, 0xFF1F, ',', '.', 0x1F600,
		0x2600, 0x3002, '-'};
	enum { NSYM = sizeof(sym) / sizeof(sym[0]) };
	static char table[1 << 12];
	uint64_t seed = 7;
	int bad = 0, badw = 0, nw = 0;
	struct rv_feat f = {0};

	f.want_words = 1;
	for (int t = 0; t < 2000; t++) {
		uint32_t cp[80], want[3 * 80 + 8];
		size_t n = 1 + (size_t)((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 58);
		for (size_t k = 0; k < n; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			cp[k] = sym[(seed >> 33) % NSYM];
		}
		size_t nr = ref_feat(want, cp, n, (1u << 12) - 1);
		f.prefetch = t % 2 ? table : NULL;	/* the words are kept with the byte table */
		f.stride = 1;
		if (rv_feat_cps(&f, cp, n, 12) < 0 || f.n != nr || memcmp(f.idx, want, nr * 4) != 0)
			bad++;
		if (!(t % 2))
			continue;
		/* the words: maximal runs of a-z 0-9 ' and U+00C0..024F */
		size_t w = 0;
		for (size_t j = 0; j < n; j++) {
			if (!ref_is_word(cp[j]) || (j > 0 && ref_is_word(cp[j - 1])))
				continue;
			size_t e = j, plain = 1;
			uint64_t h = RV_FEAT_WORD_SEED;
			for (; e < n && ref_is_word(cp[e]); e++) {
				h = rv_feat_word_step(h, cp[e]);
				plain &= cp[e] != '\'' && cp[e] < 0x80;
			}
			if (w >= f.nword || f.word[w].start != j || f.word[w].h != h ||
			    f.word[w].len != (plain ? e - j : 0))
				badw++;
			w++;
			nw++;
		}
		badw += w != f.nword;
	}
	test_cond("features as before the run loops", bad == 0);
	test_cond("the words kept", badw == 0 && nw > 1000);
	rv_feat_free(&f);
}

int
main(void)
{
	struct rv_feat f = {0}, g = {0};

	/* Word characters at the edges of the bit masks: a-z 0-9 ' and
	 * U+00C0..024F are, @ [ ` { / : & ( and U+0250 are not. */
	rv_feat_text(&f, "a'z 09 \xC3\xA0\xC9\x8F", strlen("a'z 09 \xC3\xA0\xC9\x8F"), 20);
	test_cond("word characters", f.n == 5);
	rv_feat_text(&f, "a[b`c{d/e:f&g(h@i\xC9\x90j\xC2\xBFk", strlen("a[b`c{d/e:f&g(h@i\xC9\x90j\xC2\xBFk"), 20);
	test_cond("not word characters", f.n == 11);
	/* 3 CJK chars: 3 unigrams + 2 bigrams + 1 trigram. */
	rv_feat_text(&f, "质量差", strlen("质量差"), 20);
	test_cond("cjk 1-3 grams", f.n == 6);
	/* Two words: 2 unigrams + 1 bigram; case and full width fold. */
	rv_feat_text(&f, "Not bad", 7, 20);
	rv_feat_text(&g, "ｎｏｔ BAD", strlen("ｎｏｔ BAD"), 20);
	test_cond("word 1-2 grams", f.n == 3);
	test_cond("folding gives the same features", g.n == 3 && memcmp(f.idx, g.idx, 12) == 0);
	rv_feat_text(&f, "好好好", strlen("好好好"), 20);
	test_cond("repeated n-grams counted", f.n == 6 && f.idx[0] == f.idx[1] && f.idx[1] == f.idx[3] && f.idx[2] == f.idx[4]);
	rv_feat_text(&f, "", 0, 20);
	test_cond("empty text", f.n == 0);
	rv_feat_text(&f, "bad!!!", 6, 20);
	rv_feat_text(&g, "bad", 3, 20);
	test_cond("punctuation run is a feature", f.n == g.n + 1 && has(&f, g.idx[0]));
	rv_feat_text(&g, "bad!", 4, 20);
	test_cond("!!! differs from !", f.idx[1] != g.idx[1]);
	for (size_t i = 0; i < f.n; i++)
		test_cond("bucket in range", f.idx[i] < (1u << 20));

	/* Train on a tiny separable set and predict. */
	struct rv_lm_train t = {0};
	const char *pos[] = {"很好", "非常满意", "good quality", "love it", "物超所值", "推荐"};
	const char *neg[] = {"很差", "垃圾", "bad quality", "hate it", "质量太差", "退货"};
	t.bits = 16;
	t.epochs = 30;
	t.seed = 1;
	for (int r = 0; r < 6; r++) {
		uint64_t y;
		rv_textmodel_labels(&t, "pos", 3, 0, &y);
		rv_feat_text(&f, pos[r], strlen(pos[r]), t.bits);
		rv_lm_train_add(&t, f.idx, f.n, y);
		rv_textmodel_labels(&t, "neg", 3, 0, &y);
		rv_feat_text(&f, neg[r], strlen(neg[r]), t.bits);
		rv_lm_train_add(&t, f.idx, f.n, y);
		rv_lm_train_script(&t, pos[r], strlen(pos[r]));
		rv_lm_train_script(&t, neg[r], strlen(neg[r]));
	}
	test_cond("labels", t.k == 2 && t.nrows == 12);
	test_cond("train", rv_lm_train_run(&t, NULL, NULL) == 0);
	test_cond("labels sorted", strcmp(t.labels[0], "neg") == 0 && strcmp(t.labels[1], "pos") == 0);
	size_t len;
	void *img = rv_lm_train_image(&t, &len);
	struct rv_lm m;
	char err[128];
	test_cond("image size", len == 20 + 2 * (2 + 3) + 16 + 8 + (size_t)(1 << 16) * 2);
	test_cond("load image", rv_lm_from_mem(&m, img, len, err, sizeof(err)) == 0 && m.k == 2);
	/* Script rows: 8 Chinese texts, 4 English ones, kept in the image;
	 * the cover is rows / RV_LM_MINSCRIPT per script, by the shares. */
	rv_lm_train_script(&t, "12345 !!", 8);
	test_cond("script rows counted", t.script_rows[0] == 8 && t.script_rows[1] == 4);
	test_cond("script rows in the image", (m.flags & RV_LM_SCRIPTS) && m.script_rows[0] == 8 &&
	    m.script_rows[1] == 4);
	test_cond("script cover: Chinese text", fabs(rv_lm_script_cover(&m, 0) - 0.08) < 1e-12);
	test_cond("script cover: English text", fabs(rv_lm_script_cover(&m, 1) - 0.04) < 1e-12);
	test_cond("script cover: half and half", fabs(rv_lm_script_cover(&m, 0.5) - 0.06) < 1e-12);
	m.script_rows[0] = 5000;
	test_cond("script cover: full from RV_LM_MINSCRIPT rows", rv_lm_script_cover(&m, 0) == 1 &&
	    fabs(rv_lm_script_cover(&m, 0.25) - (0.75 + 0.25 * 0.04)) < 1e-12);
	m.flags &= ~(unsigned)RV_LM_SCRIPTS;
	test_cond("script cover: 1 for a model without script rows", rv_lm_script_cover(&m, 1) == 1);
	m.flags |= RV_LM_SCRIPTS;
	m.script_rows[0] = 8;
	double prob[2];
	int ok = 1;
	for (int r = 0; r < 6; r++) {
		ok &= rv_textmodel_predict(&m, &g, pos[r], strlen(pos[r]), prob) == 1;
		ok &= rv_textmodel_predict(&m, &g, neg[r], strlen(neg[r]), prob) == 0;
	}
	test_cond("fits training set", ok);
	test_cond("probabilities sum to 1", fabs(prob[0] + prob[1] - 1) < 1e-9);
	test_cond("label lookup", rv_lm_label(&m, "pos") == 1 && rv_lm_label(&m, "x") == -1);
	/* A two-class model trained on neg/pos has pairs (x, -x): it reads
	 * the compact table of the first weights, and scores exactly as
	 * from the pairs (the same struct without it). */
	{
		struct rv_lm pm = m;
		uint32_t idx[40];
		uint64_t sd = 7;
		int same = 1;
		pm.w0 = NULL;
		for (int r = 0; r < 200; r++) {
			double s1[2], s2[2];
			size_t k, nf = (size_t)r % 40;
			for (k = 0; k < nf; k++) {
				sd = sd * 6364136223846793005ULL + 1442695040888963407ULL;
				idx[k] = (uint32_t)(sd >> 40) & ((1u << 16) - 1);
			}
			rv_lm_scores(&m, idx, nf, s1);
			rv_lm_scores(&pm, idx, nf, s2);
			same &= memcmp(s1, s2, sizeof(s1)) == 0;
		}
		test_cond("compact table of a (x, -x) model", m.w0 != NULL && same);
		/* One pair that is not (x, -x): the pairs are read. */
		struct rv_lm bm;
		unsigned char *bimg = malloc(len);
		memcpy(bimg, img, len);
		size_t at = len - 2 * (size_t)(1 << 16) + 2 * 123;
		bimg[at] = 5;
		bimg[at + 1] = 5;
		test_cond("no compact table otherwise", rv_lm_from_mem(&bm, bimg, len, err, sizeof(err)) == 0 &&
		    bm.w0 == NULL);
		rv_lm_free(&bm);
		free(bimg);
	}
	rv_lm_free(&m);
	test_cond("truncated image rejected", rv_lm_from_mem(&m, img, len - 1, err, sizeof(err)) == -1);
	test_cond("bad magic rejected", rv_lm_from_mem(&m, "XXXX", 4, err, sizeof(err)) == -1);
	free(img);
	rv_lm_train_free(&t);

	/* Determinism: same seed, same image. */
	size_t la = 0, lb = 1;
	void *a = small_image(&f, pos, 0, &la), *b = small_image(&f, pos, 0, &lb);
	test_cond("deterministic training", la == lb && memcmp(a, b, la) == 0);
	free(b);

	/* Row weights (rv_lm_train_weight): rows weighted 1 (the array
	 * allocated by a first weight, then set back, rows added later at 1)
	 * train the same model as no weights; rows weighted 3 another. */
	for (int k = 1; k <= 2; k++) {
		void *w = small_image(&f, pos, k, &lb);
		test_cond(k == 2 ? "weighted rows train another model" : "weight 1 is no weight",
		    lb == la && (memcmp(w, a, la) == 0) == (k == 1));
		free(w);
	}
	free(a);

	/* Multi-label label parsing. */
	struct rv_lm_train u = {0};
	uint64_t y;
	test_cond("multi labels", rv_textmodel_labels(&u, "fit, quality", 12, ',', &y) == 0 && y == 3 && u.k == 2);
	test_cond("empty label", rv_textmodel_labels(&u, "", 0, ',', &y) == 0 && y == 0);
	/* A NUL would cut the label short (a new class per row before). */
	test_cond("NUL in a label", rv_textmodel_labels(&u, "fit,a\0b", 7, ',', &y) == RV_LM_ENUL &&
	    u.k == 2);
	char *longl = malloc(RV_LM_MAXLABEL + 1);
	if (longl != NULL) {
		memset(longl, 'x', RV_LM_MAXLABEL + 1);
		test_cond("label too long", rv_lm_train_label(&u, longl, RV_LM_MAXLABEL + 1) == RV_LM_ELONG &&
		    rv_lm_train_label(&u, longl, RV_LM_MAXLABEL) == 2);
		free(longl);
	}
	rv_lm_train_free(&u);

	/* Lexicon: longest match, word boundaries, folding, load errors. */
	struct rv_lex lx;
	struct rv_lex_entry e1 = {-2, RV_LEX_WORD, RV_EMO_NONE, 0}, e2 = {1.8f, RV_LEX_WORD, 0, 0};
	struct rv_lex_entry e3 = {-2.5f, RV_LEX_WORD, 0, 0};
	size_t ml;
	rv_lex_init(&lx);
	rv_lex_add(&lx, "错", strlen("错"), &e1);
	rv_lex_add(&lx, "不错", strlen("不错"), &e2);
	rv_lex_add(&lx, "Bad", 3, &e3);
	int i1 = rv_lex_match(&lx, "不错啊", strlen("不错啊"), &ml);
	test_cond("longest match", i1 >= 0 && lx.ent[i1].value > 1 && ml == 6);
	test_cond("no match", rv_lex_match(&lx, "好", 3, &ml) == -1);
	test_cond("latin folded and whole word", rv_lex_match(&lx, "bad.", 4, &ml) >= 0 && ml == 3);
	test_cond("latin prefix is not a word", rv_lex_match(&lx, "badly", 5, &ml) == -1);
	unsigned long line;
	char msg[128];
	const char *good = "term\tkind\tvalue\temotion\tnote\n垃圾\tword\t-3\tanger\tx\n很\tdeg\t1.3\t-\t\n";
	test_cond("load ok", rv_lex_load(&lx, good, strlen(good), &line, msg, sizeof(msg)) == 0);
	test_cond("loaded entry", (i1 = rv_lex_match(&lx, "垃圾", 6, &ml)) >= 0 &&
	    lx.ent[i1].emotion == RV_EMO_ANGER && lx.ent[i1].kind == RV_LEX_WORD);
	const char *bad = "x\tword\t1\n好\tnoun\t1\n";
	test_cond("bad kind line 2", rv_lex_load(&lx, bad, strlen(bad), &line, msg, sizeof(msg)) == -1 && line == 2);
	const char *bad2 = "好\tword\tabc\n";
	test_cond("bad value", rv_lex_load(&lx, bad2, strlen(bad2), &line, msg, sizeof(msg)) == -1 && line == 1);
	test_cond("no entry", rv_lex_load(&lx, "# x\n\n", 5, &line, msg, sizeof(msg)) == -1 && line == 0);
	test_cond("empty file", rv_lex_load(&lx, "", 0, &line, msg, sizeof(msg)) == -1 && line == 0);
	const char *crs = "term\tkind\tvalue\r好\tword\t1\r";
	test_cond("CR-only line ends", rv_lex_load(&lx, crs, strlen(crs), &line, msg, sizeof(msg)) == -1 &&
	    line == 1 && strstr(msg, "CR") != NULL);
	const char *nulk = "好\tw\0rd\t1\n";
	test_cond("NUL in a message escaped", rv_lex_load(&lx, nulk, 12, &line, msg, sizeof(msg)) == -1 &&
	    strstr(msg, "'w\\0rd'") != NULL);
	test_cond("emotion names", rv_emotion_parse("anxiety", 7) == RV_EMO_ANXIETY && rv_emotion_parse("joy", 3) == -1);
	rv_lex_free(&lx);
	test_lex_frozen();
	test_feat_same();
	rv_feat_free(&f);
	rv_feat_free(&g);
	/* Side features (RV_LM_RULES): the vector sum over 13 classes equals
	 * the plain sum, last table rows included, and side features are
	 * scaled by RV_LM_SIDE_X, not by the text length. */
	{
		struct rv_lm_train st = {0};
		struct rv_lm sm;
		char serr[128];
		size_t slen, i;
		uint32_t idx[300];
		uint64_t sy;
		st.bits = 8;
		st.epochs = 2;
		st.flags = RV_LM_RULES;
		st.seed = 1;
		for (i = 0; i < 13; i++) {
			char l[8];
			snprintf(l, sizeof(l), "c%02zu", i);
			rv_lm_train_label(&st, l, strlen(l));
		}
		for (i = 0; i < 300; i++)
			idx[i] = (uint32_t)((i * 37) % 256);
		for (i = 0; i < 40; i++) {
			sy = (uint64_t)1 << (i % 13);
			rv_lm_train_add_side(&st, idx + i, 20, 23, sy);
		}
		int sok = rv_lm_train_run(&st, NULL, NULL) == 0;
		void *simg = sok ? rv_lm_train_image(&st, &slen) : NULL;
		sok = simg != NULL && rv_lm_from_mem(&sm, simg, slen, serr, sizeof(serr)) == 0;
		test_cond("side: model with flag 2 loads", sok && (sm.flags & ~(unsigned)(RV_LM_COUNTS | RV_LM_SCRIPTS)) == RV_LM_RULES &&
		    (sm.flags & RV_LM_SCRIPTS) &&
		    sm.k == 13);
		/* A model stacked on the rules says how many training rows had
		 * each class (RV_LM_COUNTS): c00 is the label of rows 0, 13, 26
		 * and 39, c01 of rows 1, 14, 27. */
		test_cond("side: training rows per class", sok && (sm.flags & RV_LM_COUNTS) &&
		    rv_lm_count(&sm, 0, 0) == 4 && rv_lm_count(&sm, 0, 1) == 3 &&
		    rv_lm_count(&sm, -1, 12) == 3 && rv_lm_count(&sm, 1, 0) == UINT32_MAX &&
		    rv_lm_count(&sm, 0, 13) == UINT32_MAX);
		if (sok) {
			double out[13], ref[13];
			uint32_t q[260];
			size_t nt = 250, n = 260;
			for (i = 0; i < n; i++)
				q[i] = i < 5 ? 255 : (uint32_t)((i * 97) % 256);	/* the last row too */
			rv_lm_scores_side(&sm, q, nt, n, out);
			int same = 1;
			for (unsigned c = 0; c < 13; c++) {
				long sa = 0, sb = 0;
				for (i = 0; i < nt; i++)
					sa += sm.w[(size_t)q[i] * 13 + c];
				for (; i < n; i++)
					sb += sm.w[(size_t)q[i] * 13 + c];
				ref[c] = sm.bias[c] + sm.scale[c] * ((double)sa / sqrt((double)nt) + (double)sb * RV_LM_SIDE_X);
				same &= fabs(ref[c] - out[c]) < 1e-9;
			}
			test_cond("side: vector sum equals the plain sum", same);
			rv_lm_free(&sm);
		}
		free(simg);
		rv_lm_train_free(&st);
		/* Per-group offsets (RV_LM_GROUPS): calibration on rows of two
		 * groups, the second with enough rows to get its own, written
		 * and read back, and added to the logits of that group only. */
		{
			struct rv_lm_train gt = {0};
			struct rv_lm gm;
			double goff[64];
			size_t glen;
			gt.bits = 8;
			gt.epochs = 2;
			gt.seed = 1;
			gt.balance = 0.5;
			rv_lm_train_label(&gt, "a", 1);
			rv_lm_train_label(&gt, "b", 1);
			for (i = 0; i < 2 * RV_LM_MINGROUP; i++) {
				uint32_t gi[2] = {(uint32_t)(i % 7), (uint32_t)(100 + i % 3)};
				/* group 1: mostly "a" whatever the features say */
				unsigned grp = i % 2;
				uint64_t gy = grp ? (i % 10 == 1 ? 2 : 1) : (uint64_t)1 << (i % 7 < 3);
				rv_lm_train_add_group(&gt, gi, 2, 2, gy, grp);
			}
			int gok = rv_lm_train_calibrate(&gt, 3, goff) == 0 && gt.goff != NULL &&
			    gt.ngroups == 2 && rv_lm_train_run(&gt, NULL, NULL) == 0;
			void *gimg = gok ? rv_lm_train_image(&gt, &glen) : NULL;
			gok = gimg != NULL && rv_lm_from_mem(&gm, gimg, glen, serr, sizeof(serr)) == 0;
			test_cond("groups: the model has offsets per group", gok &&
			    (gm.flags & RV_LM_GROUPS) && gm.ngroups == 2 && gm.goff[2] == gt.goff[2] &&
			    gm.goff[3] == gt.goff[3]);
			test_cond("groups: no row counts in a model not stacked on rules", gok &&
			    !(gm.flags & RV_LM_COUNTS) && rv_lm_count(&gm, 0, 0) == UINT32_MAX);
			if (gok) {
				double z[2] = {0, 0}, z0[2] = {0, 0};
				rv_lm_group_offsets(&gm, 1, z);
				rv_lm_group_offsets(&gm, 0, z0);
				rv_lm_group_offsets(&gm, 7, z0);	/* unknown group: nothing */
				test_cond("groups: offsets added for their group only",
				    z[0] == gm.goff[2] && z[1] == gm.goff[3] && z0[0] == gm.goff[0] &&
				    z0[1] == gm.goff[1]);
				test_cond("groups: truncated offsets refused",
				    rv_lm_from_mem(&sm, gimg, 20 + 2 * 3 + 16 + 6, serr, sizeof(serr)) < 0);
				rv_lm_free(&gm);
			}
			free(gimg);
			rv_lm_train_free(&gt);
		}
		/* Ordinal levels ge1, ge2 (rv-sentiment's intensity): calibrated
		 * together for the exact level, not per class for F1. Rows of
		 * pattern A are level 0/1/2 in 25/30/45 of 100, of B 10/60/30:
		 * the exact level is 2 for A and 1 for B, so ge2's threshold
		 * falls between P(>= 2) of A (0.45) and of B (0.30); F1 of ge2
		 * alone would take both (0.545 against 0.514 for A alone). */
		{
			struct rv_lm_train ot = {0};
			struct rv_lm om;
			double ooff[64];
			size_t olen;
			ot.bits = 8;
			ot.epochs = 30;
			ot.seed = 1;
			ot.flags = RV_LM_MULTI;
			int cx = rv_lm_train_label(&ot, "x", 1), c1 = rv_lm_train_label(&ot, "ge1", 3),
			    c2 = rv_lm_train_label(&ot, "ge2", 3);
			for (i = 0; i < 400; i++) {
				size_t j = i / 2 % 100;
				int lv = i % 2 == 0 ? (j < 25 ? 0 : j < 55 ? 1 : 2) : (j < 10 ? 0 : j < 70 ? 1 : 2);
				uint32_t oi[1] = {i % 2 == 0 ? 11u : 22u};
				uint64_t oy = (uint64_t)1 << cx;
				if (lv >= 1)
					oy |= (uint64_t)1 << c1;
				if (lv >= 2)
					oy |= (uint64_t)1 << c2;
				rv_lm_train_add(&ot, oi, 1, oy);
			}
			int ook = rv_lm_train_calibrate(&ot, 5, ooff) == 0 &&
			    rv_lm_train_run(&ot, NULL, NULL) == 0;
			for (unsigned c = 0; ook && c < ot.k; c++)
				ot.b[c] += (float)ooff[c];
			void *oimg = ook ? rv_lm_train_image(&ot, &olen) : NULL;
			ook = oimg != NULL && rv_lm_from_mem(&om, oimg, olen, serr, sizeof(serr)) == 0;
			if (ook) {
				uint32_t fa[1] = {11}, fb[1] = {22};
				double za[8], zb[8];
				int g1 = rv_lm_label(&om, "ge1"), g2 = rv_lm_label(&om, "ge2");
				rv_lm_scores(&om, fa, 1, za);
				rv_lm_scores(&om, fb, 1, zb);
				test_cond("ordinal calibration: level 2 for A, 1 for B",
				    g1 >= 0 && g2 >= 0 && za[g1] > 0 && za[g2] > 0 && zb[g1] > 0 && zb[g2] < 0);
				rv_lm_free(&om);
			} else
				test_cond("ordinal calibration: trained", 0);
			free(oimg);
			rv_lm_train_free(&ot);
		}
		/* An unknown flag is refused. */
		unsigned char sbad[20] = {'R', 'V', 'L', 'M', 1, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 32, 0, 0, 0};
		test_cond("unknown model flag refused", rv_lm_from_mem(&sm, sbad, sizeof(sbad), serr, sizeof(serr)) < 0 &&
		    strstr(serr, "flags") != NULL);
	}
	return test_report();
}
