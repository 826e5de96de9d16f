/* Unit tests: lib/text/utf8.c, lib/text/textcap.c, lib/core/num.c, lib/core/hash.c,
 * lib/core/buf.c, lib/core/esc.c */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "hash.h"
#include "num.h"
#include "testhelp.h"
#include "textcap.h"
#include "utf8.h"

int
main(void)
{
	uint32_t cp;
	char enc[4];
	struct rv_buf b = {0};

	{
		size_t cap = 0;
		void *g = rv_grow(NULL, &cap, 0, sizeof(int));
		test_cond("rv_grow of nothing on an empty array is not NULL", g != NULL && cap > 0);
		free(g);
	}
	test_cond("decode ascii", rv_utf8_decode("A", 1, &cp) == 1 && cp == 'A');
	test_cond("decode 中", rv_utf8_decode("\xe4\xb8\xad", 3, &cp) == 3 && cp == 0x4E2D);
	test_cond("decode emoji", rv_utf8_decode("\xf0\x9f\x98\xa1", 4, &cp) == 4 && cp == 0x1F621);
	test_cond("decode truncated", rv_utf8_decode("\xe4\xb8", 2, &cp) == 1 && cp == 0xFFFD);
	test_cond("decode overlong", rv_utf8_decode("\xc0\xaf", 2, &cp) == 1 && cp == 0xFFFD);
	test_cond("decode surrogate", rv_utf8_decode("\xed\xa0\x80", 3, &cp) == 1 && cp == 0xFFFD);
	test_cond("encode roundtrip", rv_utf8_encode(0x4E2D, enc) == 3 && memcmp(enc, "\xe4\xb8\xad", 3) == 0);
	test_cond("validate ok", rv_utf8_validate("ab中", 5) == 5);
	test_cond("validate bad at 2", rv_utf8_validate("ab\xff" "c", 4) == 2);
	/* "中文" is 6 bytes: a cut at 4 backs off to the start of 文. */
	test_cond("cut inside a character", rv_utf8_cut("中文", 6, 4) == 3);
	test_cond("cut at a character", rv_utf8_cut("中文", 6, 3) == 3);
	test_cond("cut short text", rv_utf8_cut("ab", 2, 40) == 2);
	test_cond("cut ascii", rv_utf8_cut("abcdef", 6, 4) == 4);
	test_cond("cut before the first character", rv_utf8_cut("中", 3, 2) == 0);
	test_cond("cut at a bad byte", rv_utf8_cut("a\xff" "bc", 4, 2) == 2);
	/* The inline paths (8 ASCII bytes at a time, 3-byte sequences) agree
	 * with rv_utf8_decode on every lead and continuation byte class:
	 * overlong E0 80 80, surrogates ED A0 80, truncated sequences. */
	{
		static const unsigned char cls[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0,
			0xC2, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
		int bad = 0;
		size_t x1, x2, x3, pad, nc = sizeof(cls);
		for (pad = 0; pad < 10; pad += 9)
			for (x1 = 0; x1 < nc; x1++)
				for (x2 = 0; x2 < nc; x2++)
					for (x3 = 0; x3 < nc; x3++) {
						char buf[32];
						size_t n = 0, i = 0, want;
						uint32_t u;
						memset(buf, 'x', pad);
						n = pad;
						buf[n++] = (char)cls[x1];
						buf[n++] = (char)cls[x2];
						buf[n++] = (char)cls[x3];
						for (size_t m = 0; m <= n; m++) {
							/* reference: decode each sequence */
							for (i = 0, want = m; i < m;) {
								int l = rv_utf8_decode(buf + i, m - i, &u);
								if (u == 0xFFFD && l == 1) {
									want = i;
									break;
								}
								i += (size_t)l;
							}
							bad += rv_utf8_validate(buf, m) != want;
						}
					}
		test_cond("validate fast paths as rv_utf8_decode", bad == 0);
	}
	test_cond("cjk", rv_utf8_is_cjk(0x4E2D) && !rv_utf8_is_cjk('a') && !rv_utf8_is_cjk(0x3002));
	test_cond("emoji", rv_utf8_is_emoji(0x1F621) && !rv_utf8_is_emoji(0x4E2D));
	test_cond("fold fullwidth A", rv_utf8_fold(0xFF21) == 'a');
	test_cond("fold fullwidth !", rv_utf8_fold(0xFF01) == '!');
	test_cond("fold 質→质", rv_utf8_fold(0x8CEA) == 0x8D28);
	test_cond("fold 中 unchanged", rv_utf8_fold(0x4E2D) == 0x4E2D);
	test_cond("fold 個→个 (first of the table)", rv_utf8_fold(0x500B) == 0x4E2A);
	test_cond("fold 們→们", rv_utf8_fold(0x5011) == 0x4EEC);
	test_cond("fold 點→点 (was the last)", rv_utf8_fold(0x9EDE) == 0x70B9);
	test_cond("fold typographic apostrophe", rv_utf8_fold(0x2019) == '\'' && rv_utf8_fold(0x2018) == '\'');
	/* rv_utf8_fold_cps takes runs of 16 ASCII bytes as one vector: over
	 * random mixes of upper and lower case, CJK, traditional and
	 * full-width characters and invalid bytes, the text, code points and
	 * offsets are those of folding each code point on its own. */
	{
		static const char *const pc[] = {"A", "z", "Q", " ", "@", "[", "`", "{", "0", "中",
			"質", "Ａ", "，", "\xff", "😀", "\xE4\xB8", "ABCDEFGHIJKLMNOPQRSTUVWXYZ ",
			"the quick brown fox jumps ", "㐀", "𠀀", "豈", "ｚ"};
		uint64_t seed = 7;
		int bad = 0, bad2 = 0;
		struct rv_buf in = {0}, out = {0}, ref = {0};
		for (int t = 0; t < 400; t++) {
			rv_buf_clear(&in);
			int len = 1 + (int)((seed = seed * 6364136223846793005ULL + 1) >> 58);
			for (int k = 0; k < len; k++) {
				seed = seed * 6364136223846793005ULL + 1;
				rv_buf_puts(&in, pc[(seed >> 33) % (sizeof(pc) / sizeof(pc[0]))]);
			}
			uint32_t *cps = malloc((in.len + 1) * sizeof(*cps));
			size_t *off = malloc((in.len + 1) * sizeof(*off)), ncp = 0, j = 0, m = 0;
			rv_buf_clear(&out);
			rv_buf_clear(&ref);
			if (cps == NULL || off == NULL || rv_utf8_fold_cps(&out, in.p, in.len, cps, off, &ncp) < 0) {
				bad++;
				free(cps);
				free(off);
				continue;
			}
			while (j < in.len) {
				uint32_t c;
				char e[4];
				j += (size_t)rv_utf8_decode(in.p + j, in.len - j, &c);
				c = rv_utf8_fold(c);
				if (m >= ncp || cps[m] != c || off[m] != ref.len)
					bad++;
				rv_buf_append(&ref, e, (size_t)rv_utf8_encode(c, e));
				m++;
			}
			bad += m != ncp || off[ncp] != out.len || out.len != ref.len ||
			    memcmp(out.p, ref.p, ref.len) != 0;
			/* the counting variant: the same fold, and the ASCII
			 * letters and CJK characters among its code points */
			size_t nl = 0, nc = 0, nl2 = 99, nc2 = 99, ncp2 = 0;
			int inval = -1;
			for (m = 0; m < ncp; m++) {
				nl += cps[m] < 0x80 && ((cps[m] | 32) - 'a') < 26;
				nc += rv_utf8_is_cjk(cps[m]) != 0;
			}
			rv_buf_clear(&ref);
			uint32_t *cps2 = malloc((in.len + 1) * sizeof(*cps2));
			size_t *off2 = malloc((in.len + 1) * sizeof(*off2));
			if (cps2 == NULL || off2 == NULL ||
			    rv_utf8_fold_cps_count(&ref, in.p, in.len, cps2, off2, &ncp2, &nl2, &nc2, &inval) < 0)
				bad++;
			else
				bad2 += ncp2 != ncp || nl2 != nl || nc2 != nc || ref.len != out.len ||
				    inval != (rv_utf8_validate(in.p, in.len) < in.len) ||
				    memcmp(ref.p, out.p, out.len) != 0 ||
				    memcmp(cps2, cps, ncp * sizeof(*cps)) != 0 ||
				    memcmp(off2, off, (ncp + 1) * sizeof(*off)) != 0;
			free(cps2);
			free(off2);
			free(cps);
			free(off);
		}
		test_cond("fold_cps vector runs as code point by code point", bad == 0);
		test_cond("fold_cps_count: the same fold, its letters and CJK counted, validity as rv_utf8_validate", bad2 == 0);
		rv_buf_free(&in);
		rv_buf_free(&out);
		rv_buf_free(&ref);
	}
	{
		struct rv_buf fb = {0};
		test_cond("fold_str 們的東西 didn’t", rv_utf8_fold_str(&fb, "們的東西 didn’t", strlen("們的東西 didn’t")) == 0 &&
		    strcmp(fb.p, "们的东西 didn't") == 0);
		rv_buf_free(&fb);
	}
	rv_utf8_fold_str(&b, "ＡＢＣ，Good 質量差！", strlen("ＡＢＣ，Good 質量差！"));
	test_cond("fold_str", strcmp(b.p, "abc,good 质量差!") == 0);
	rv_buf_clear(&b);
	rv_utf8_fold_str(&b, "a\xff" "b", 3);
	test_cond("fold_str invalid → U+FFFD", strcmp(b.p, "a\xef\xbf\xbd" "b") == 0);
	size_t c1, l1;
	rv_utf8_script_count("很好 good", strlen("很好 good"), &c1, &l1);
	test_cond("script count", c1 == 2 && l1 == 4);

	double v;
	char out[40];
	test_cond("num 3.14", rv_num_parse("3.14", 4, &v) == 0 && v == 3.14);
	test_cond("num spaces", rv_num_parse(" -2 ", 4, &v) == 0 && v == -2);
	test_cond("num exp", rv_num_parse("1e3", 3, &v) == 0 && v == 1000);
	test_cond("num empty", rv_num_parse("", 0, &v) == -1);
	test_cond("num comma", rv_num_parse("3,14", 4, &v) == -1);
	test_cond("num inf", rv_num_parse("inf", 3, &v) == -1);
	test_cond("num junk", rv_num_parse("12abc", 5, &v) == -1);
	test_cond("fmt 3", rv_num_fmt(out, 0.12345, 3) == 5 && strcmp(out, "0.123") == 0);
	test_cond("fmt round", rv_num_fmt(out, 2.0005, 3) && strcmp(out, "2.001") == 0);
	test_cond("fmt neg zero", rv_num_fmt(out, -0.0001, 3) && strcmp(out, "0.000") == 0);
	test_cond("fmt neg", rv_num_fmt(out, -1.5, 1) && strcmp(out, "-1.5") == 0);
	test_cond("fmt int", rv_num_fmt(out, 42, 0) && strcmp(out, "42") == 0);
	test_cond("fmt big", rv_num_fmt(out, 1e16, 0) && strcmp(out, "10000000000000000") == 0);
	test_cond("fmt huge fits", rv_num_fmt(out, 1e300, 3) == 6 && strcmp(out, "1e+300") == 0);
	test_cond("fmt huge neg fits", rv_num_fmt(out, -1.5e200, 3) < 32 && strcmp(out, "-1.5e+200") == 0);
	test_cond("fmt many decimals fits", rv_num_fmt(out, -123456789012345.0, 20) < 32 &&
	    strncmp(out, "-123456789012345.", 17) == 0);
	test_cond("fmt 1e14 with 9 decimals", rv_num_fmt(out, 1e14, 9) > 0 &&
	    strcmp(out, "100000000000000.000000000") == 0);
	test_cond("fmt 1e19 fits", rv_num_fmt(out, 1e19, 12) < 32 && strncmp(out, "10000000000000000000.", 21) == 0);
	unsigned long long u;
	test_cond("u64", rv_num_parse_u64("123", 3, &u) == 0 && u == 123);
	test_cond("u64 bad", rv_num_parse_u64("1x", 2, &u) == -1);

	struct rv_hash h = {0};
	int isnew;
	char key[32];
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		struct rv_hash_ent *e = rv_hash_put(&h, key, (size_t)n, &isnew);
		e->val = (void *)(long)(i + 1);
	}
	test_cond("hash n", h.n == 1000);
	struct rv_hash_ent *e = rv_hash_get(&h, "k577", 4);
	test_cond("hash get", e && (long)e->val == 578);
	test_cond("hash miss", rv_hash_get(&h, "k1000", 5) == NULL);
	e = rv_hash_put(&h, "k3", 2, &isnew);
	test_cond("hash put existing", !isnew && (long)e->val == 4);
	size_t it = 0, cnt = 0;
	while (rv_hash_iter(&h, &it))
		cnt++;
	test_cond("hash iter", cnt == 1000);
	rv_hash_free(&h);

	{
		FILE *fp = fopen("/tmp/rv-test-read-file", "wb");
		struct rv_buf rb = {0};
		if (fp != NULL) {
			fputs("a\tb\n", fp);
			fclose(fp);
		}
		test_cond("read_file", rv_buf_read_file(&rb, "/tmp/rv-test-read-file") == 0 &&
		    rb.len == 4 && strcmp(rb.p, "a\tb\n") == 0);
		remove("/tmp/rv-test-read-file");
		test_cond("read_file missing", rv_buf_read_file(&rb, "/nonexistent/x") == -1 && errno == ENOENT);
		rv_buf_free(&rb);
	}
	rv_buf_clear(&b);
	rv_buf_printf(&b, "%d-%s", 7, "x");
	test_cond("buf printf", strcmp(b.p, "7-x") == 0 && b.len == 3);
	rv_buf_free(&b);
	struct rv_arena a = {0};
	char *s1 = rv_arena_strndup(&a, "hello", 5);
	void *bigp = rv_arena_alloc(&a, 200000);
	test_cond("arena", s1 && strcmp(s1, "hello") == 0 && bigp != NULL);
	rv_arena_reset(&a);
	test_cond("arena reuse", rv_arena_alloc(&a, 8) != NULL);
	rv_arena_free(&a);

	/* esc: control bytes visible in messages, cut at a character. */
	char eb[64];
	test_cond("esc NUL", strcmp(rv_esc(eb, sizeof(eb), "a\0b\x01\\", 5, 64), "a\\0b\\x01\\\\") == 0);
	test_cond("esc cut at a character", strcmp(rv_esc(eb, sizeof(eb), "ab中", 5, 3), "ab...") == 0);
	test_cond("esc small buffer", strlen(rv_esc(eb, 8, "abcdefghij", 10, 64)) <= 7);

	/* textcap: at most RV_TEXT_MAX bytes, never half a character. */
	struct rv_textcap tc = {0};
	char *big = malloc(RV_TEXT_MAX + 10);
	if (big != NULL) {
		memset(big, 'a', RV_TEXT_MAX + 10);
		test_cond("textcap short", rv_textcap(&tc, big, 100, "f", 1) == 100 && tc.n == 0);
		test_cond("textcap long", rv_textcap(&tc, big, RV_TEXT_MAX + 10, "f", 7) == RV_TEXT_MAX &&
		    tc.n == 1 && tc.line == 7 && strcmp(tc.file, "f") == 0);
		memcpy(big + RV_TEXT_MAX - 1, "中", 3);	/* spans the limit */
		test_cond("textcap at a character start",
		    rv_textcap(&tc, big, RV_TEXT_MAX + 10, "g", 9) == RV_TEXT_MAX - 1 &&
		    tc.n == 2 && tc.line == 7);
		free(big);
	}
	rv_textcap_free(&tc);
	return test_report();
}
