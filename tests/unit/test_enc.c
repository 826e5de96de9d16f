/* Unit tests: lib/io/enc.c (encoding detection, chunked conversion). */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "enc.h"
#include "testhelp.h"

static const char *
detect(const char *p, size_t n, int eof, size_t *bom)
{
	struct rv_enc_guess g;

	rv_enc_detect((const unsigned char *)p, n, eof, &g);
	if (bom != NULL)
		*bom = g.bom;
	return g.name;
}

/* Encode UTF-8 s into enc with iconv (the reference). */
static size_t
encode(const char *enc, const char *s, char *out, size_t cap)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	char *ip = (char *)s, *op = out;
	size_t il = strlen(s), ol = cap;

	if (cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		abort();
	iconv_close(cd);
	return (size_t)(op - out);
}

/* Decode in[0..n) feeding it in pieces of at most step bytes, the way
 * csvin does: unconsumed bytes are passed again with the next piece. */
static int
decode_chunked(const char *enc, const char *in, size_t n, size_t step, struct rv_buf *out,
    struct rv_dec *d)
{
	char pend[64];
	size_t npend = 0, i = 0;

	if (rv_dec_open(d, enc) < 0)
		return -1;
	while (i < n || npend > 0) {
		size_t take = n - i < step ? n - i : step;
		char tmp[128];
		memcpy(tmp, pend, npend);
		memcpy(tmp + npend, in + i, take);
		i += take;
		size_t all = npend + take;
		size_t used = rv_dec_feed(d, tmp, all, i == n, out);
		if (used == (size_t)-1)
			return -1;
		npend = all - used;
		if (npend >= sizeof(pend))
			return -1;
		memcpy(pend, tmp + used, npend);
		if (i == n && npend > 0)
			return -1;
	}
	return 0;
}

static void
test_detect(void)
{
	size_t bom;
	static const char gbk[] = "\xd6\xca\xc1\xbf\xba\xdc\xba\xc3,\xce\xef\xc1\xf7\n";	/* 质量很好,物流 */
	static const char u8[] = "质量很好,物流快\n";
	char le[64], be[64];
	size_t nle = encode("UTF-16LE", "id,text\n1,好\n", le, sizeof(le));
	size_t nbe = encode("UTF-16BE", "id,text\n1,好\n", be, sizeof(be));

	test_cond("BOM UTF-8", strcmp(detect("\xEF\xBB\xBFid\n", 6, 1, &bom), "UTF-8") == 0 && bom == 3);
	test_cond("BOM UTF-16LE", strcmp(detect("\xFF\xFEi\0", 4, 1, &bom), "UTF-16LE") == 0 && bom == 2);
	test_cond("BOM UTF-16BE", strcmp(detect("\xFE\xFF\0i", 4, 1, &bom), "UTF-16BE") == 0 && bom == 2);
	test_cond("BOM UTF-32LE", strcmp(detect("\xFF\xFE\0\0i\0\0\0", 8, 1, &bom), "UTF-32LE") == 0 && bom == 4);
	test_cond("BOM GB18030", strcmp(detect("\x84\x31\x95\x33" "a", 5, 1, &bom), "GB18030") == 0 && bom == 4);
	test_cond("UTF-16LE by NULs", strcmp(detect(le, nle, 1, &bom), "UTF-16LE") == 0 && bom == 0);
	test_cond("UTF-16BE by NULs", strcmp(detect(be, nbe, 1, NULL), "UTF-16BE") == 0);
	test_cond("ASCII is UTF-8", strcmp(detect("a,b\n1,2\n", 8, 1, NULL), "UTF-8") == 0);
	test_cond("empty is UTF-8", strcmp(detect("", 0, 1, NULL), "UTF-8") == 0);
	test_cond("Chinese UTF-8", strcmp(detect(u8, strlen(u8), 1, NULL), "UTF-8") == 0);
	test_cond("GBK is GB18030", strcmp(detect(gbk, strlen(gbk), 1, NULL), "GB18030") == 0);
	test_cond("stray NUL stays UTF-8", strcmp(detect("a,b\n1,\0x\n2,y\n", 13, 1, NULL), "UTF-8") == 0);
	/* "质" cut after two of its three bytes. */
	test_cond("cut sequence, more to come", strcmp(detect(u8, 2, 0, NULL), "UTF-8") == 0);
	test_cond("cut sequence at EOF", strcmp(detect(u8, 2, 1, NULL), "GB18030") == 0);
	test_cond("canon gbk", strcmp(rv_enc_canon("GBK"), "GB18030") == 0);
	test_cond("canon utf8", strcmp(rv_enc_canon("utf8"), "UTF-8") == 0);
	test_cond("canon other", strcmp(rv_enc_canon("BIG5"), "BIG5") == 0);
	test_cond("supported", rv_enc_supported("GB18030") && !rv_enc_supported("NO-SUCH-ENC"));
	test_cond("bom for name", rv_enc_bom("UTF-16LE", (const unsigned char *)"\xFF\xFEx", 3) == 2 &&
	    rv_enc_bom("UTF-8", (const unsigned char *)"\xFF\xFEx", 3) == 0);
}

static void
test_utf8(void)
{
	int cut;

	test_cond("valid 4-byte", rv_enc_utf8_valid((const unsigned char *)"a\xF0\x9F\x98\x80", 5, &cut) == 5);
	test_cond("overlong", rv_enc_utf8_valid((const unsigned char *)"ab\xC0\x80", 4, &cut) == 2 && !cut);
	test_cond("surrogate", rv_enc_utf8_valid((const unsigned char *)"\xED\xA0\x80", 3, &cut) == 0 && !cut);
	test_cond("E0 overlong", rv_enc_utf8_valid((const unsigned char *)"\xE0\x80\x80", 3, &cut) == 0);
	test_cond("above U+10FFFF", rv_enc_utf8_valid((const unsigned char *)"\xF4\x90\x80\x80", 4, &cut) == 0);
	test_cond("cut", rv_enc_utf8_valid((const unsigned char *)"abcdefghi\xE5\xA5", 11, &cut) == 9 && cut);
	test_cond("lone continuation", rv_enc_utf8_valid((const unsigned char *)"abcdefgh\x80", 9, &cut) == 8 && !cut);
}

static void
test_chunks(void)
{
	/* CJK (3 bytes in UTF-8, 2 in GBK), GB18030 4-byte characters (emoji,
	 * U+20000, é), quotes and line ends. */
	static const char sample[] = "id,\"评论, \"\"好\"\"\"\n1,质量很好😀𠀀é\r\n2,物流慢\n";
	static const char *const encs[] = {"UTF-8", "GB18030", "UTF-16LE", "UTF-16BE"};
	char enc[256], name[96];

	for (size_t e = 0; e < sizeof(encs) / sizeof(encs[0]); e++) {
		size_t n = strcmp(encs[e], "UTF-8") == 0 ? strlen(sample) :
		    encode(encs[e], sample, enc, sizeof(enc));
		if (strcmp(encs[e], "UTF-8") == 0)
			memcpy(enc, sample, n);
		int ok = 1;
		for (size_t step = 1; step <= n; step++) {
			struct rv_buf out = {0};
			struct rv_dec d;
			int rc = decode_chunked(encs[e], enc, n, step, &out, &d);
			ok &= rc == 0 && out.len == strlen(sample) && memcmp(out.p, sample, out.len) == 0 &&
			    d.out_total == out.len && d.nbad == 0;
			rv_buf_free(&out);
			rv_dec_close(&d);
		}
		snprintf(name, sizeof(name), "%s: every chunk size decodes the same", encs[e]);
		test_cond(name, ok);
	}
}

static void
test_bad(void)
{
	struct rv_buf out = {0};
	struct rv_dec d;
	struct rv_enc_bad b;
	/* GBK 好 (BA C3), a stray 0x80, then 好 again. */
	static const char gb[] = "a\xBA\xC3\x80,\xBA\xC3\n";
	/* UTF-16LE "a", lone high surrogate D800, "b". */
	static const char u16[] = "a\0\x00\xD8" "b\0";

	test_cond("gb open", rv_dec_open(&d, "GB18030") == 0);
	test_cond("gb feed all", rv_dec_feed(&d, gb, sizeof(gb) - 1, 1, &out) == sizeof(gb) - 1);
	test_cond("gb raw byte kept", out.len == 10 && memcmp(out.p, "a好\x80,好\n", 10) == 0);
	test_cond("gb bad queued", rv_dec_bad_before(&d, 100, &b) == 1 && b.off == 4 && b.byte == 0x80);
	test_cond("gb queue drained", rv_dec_bad_before(&d, 100, &b) == 0);
	rv_dec_close(&d);
	rv_buf_clear(&out);

	test_cond("utf8 open", rv_dec_open(&d, "UTF-8") == 0);
	test_cond("utf8 feed", rv_dec_feed(&d, "ok\xB2x\n", 5, 1, &out) == 5 && out.len == 5);
	test_cond("utf8 not before start", rv_dec_bad_before(&d, 2, &b) == 0);
	test_cond("utf8 bad at 2", rv_dec_bad_before(&d, 3, &b) == 1 && b.off == 2 && b.byte == 0xB2);
	test_cond("utf8 truncated tail kept back",
	    rv_dec_feed(&d, "x\xE5\xA5", 3, 0, &out) == 1 && d.nbad == d.bhead);
	test_cond("utf8 truncated tail at EOF is bad",
	    rv_dec_feed(&d, "\xE5\xA5", 2, 1, &out) == 2 && rv_dec_bad_before(&d, 1000, &b) && b.byte == 0xE5);
	rv_dec_close(&d);
	rv_buf_clear(&out);

	test_cond("utf16 open", rv_dec_open(&d, "UTF-16LE") == 0);
	test_cond("utf16 feed", rv_dec_feed(&d, u16, 6, 1, &out) == 6);
	test_cond("utf16 lone surrogate is U+FFFD", out.len == 5 && memcmp(out.p, "a\xEF\xBF\xBD" "b", 5) == 0);
	test_cond("utf16 bad queued", rv_dec_bad_before(&d, 5, &b) == 1 && b.off == 1);
	test_cond("utf16 odd byte at EOF", rv_dec_feed(&d, "c", 1, 1, &out) == 1 && d.bhead < d.nbad);
	rv_dec_close(&d);
	rv_buf_free(&out);
	test_cond("unknown encoding", rv_dec_open(&d, "NO-SUCH-ENC") < 0);
}

int
main(void)
{
	test_detect();
	test_utf8();
	test_chunks();
	test_bad();
	return test_report();
}
