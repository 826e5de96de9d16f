/* enc.c - encoding detection and streaming conversion to UTF-8.
 *
 * Detection order (documented in rv-import(1)): BOM, then NUL-byte
 * pattern (UTF-16 without BOM), then a strict UTF-8 test over the
 * prefix, else GB18030 (the superset of GBK and GB2312 that Chinese
 * Excel exports use). ASCII-only input is UTF-8, which it also is in
 * GB18030, so the guess cannot be wrong for it. */
#include "enc.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

/* Bytes examined for the UTF-16 NUL pattern. */
enum { NUL_WINDOW = 4096 };

static const struct {
	const char *name;
	unsigned char bytes[4];
	size_t len;
} boms[] = {
	/* 4-byte BOMs first: FF FE 00 00 is UTF-32LE, not UTF-16LE + U+0000. */
	{"UTF-32LE", {0xFF, 0xFE, 0x00, 0x00}, 4},
	{"UTF-32BE", {0x00, 0x00, 0xFE, 0xFF}, 4},
	{"GB18030", {0x84, 0x31, 0x95, 0x33}, 4},
	{"UTF-8", {0xEF, 0xBB, 0xBF, 0}, 3},
	{"UTF-16LE", {0xFF, 0xFE, 0, 0}, 2},
	{"UTF-16BE", {0xFE, 0xFF, 0, 0}, 2},
};

/* Bytes of w in memory order, low byte first. */
static inline uint32_t
le32(uint32_t w)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(w);
#else
	return w;
#endif
}

size_t
rv_enc_utf8_valid(const unsigned char *p, size_t n, int *cut)
{
	size_t i = 0;

	*cut = 0;
	while (i < n) {
		/* ASCII runs eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		/* Mixed text: single ASCII bytes and the common CJK case, a
		 * 3-byte sequence led by E1-EC or EE-EF (E0 and ED restrict
		 * the second byte: general path below). */
		while (i + 4 <= n) {
			uint32_t w;
			memcpy(&w, p + i, 4);
			w = le32(w);
			if ((w & 0x80u) == 0)
				i++;
			else if ((w & 0xC0C0F0u) == 0x8080E0u && (w & 0x0Fu) != 0 && (w & 0x0Fu) != 0x0D)
				i += 3;
			else
				break;
		}
		if (i >= n)
			break;
		unsigned c = p[i];
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;	/* allowed range of the 2nd byte */
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;	/* no surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return i;
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				*cut = 1;
				return i;
			}
			unsigned b = p[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
				return i;
		}
		i += len;
	}
	return n;
}

size_t
rv_enc_bom(const char *name, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(boms) / sizeof(boms[0]); i++)
		if (n >= boms[i].len && memcmp(p, boms[i].bytes, boms[i].len) == 0)
			return strcasecmp(name, boms[i].name) == 0 ? boms[i].len : 0;
	return 0;
}

void
rv_enc_detect(const unsigned char *p, size_t n, int eof, struct rv_enc_guess *g)
{
	size_t i, m, even = 0, odd = 0, v;
	int cut;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < sizeof(boms) / sizeof(boms[0]); i++)
		if (n >= boms[i].len && memcmp(p, boms[i].bytes, boms[i].len) == 0) {
			g->name = boms[i].name;
			g->bom = boms[i].len;
			g->why = "byte-order mark";
			return;
		}
	/* UTF-16 text with ASCII in it (delimiters, digits, line ends) has a
	 * zero high byte in many units; UTF-8 and GB18030 text has NUL only
	 * as a rare stray byte. */
	m = n < NUL_WINDOW ? n : NUL_WINDOW;
	for (i = 0; i + 1 < m; i += 2) {
		even += p[i] == 0;
		odd += p[i + 1] == 0;
	}
	if (odd * 4 > m / 2 && even * 8 <= odd) {
		g->name = "UTF-16LE";
		g->why = "NUL bytes at odd offsets (UTF-16LE without a byte-order mark)";
		return;
	}
	if (even * 4 > m / 2 && odd * 8 <= even) {
		g->name = "UTF-16BE";
		g->why = "NUL bytes at even offsets (UTF-16BE without a byte-order mark)";
		return;
	}
	v = rv_enc_utf8_valid(p, n, &cut);
	if (v == n || (cut && !eof)) {
		g->name = "UTF-8";
		g->why = "valid UTF-8 throughout the prefix";
		return;
	}
	g->name = "GB18030";
	g->why = "not valid UTF-8";
	g->bad_at = v;
}

const char *
rv_enc_canon(const char *name)
{
	static const char *const gb[] = {"gbk", "gb2312", "cp936", "gb18030", "euc-cn",
	    "windows-936", "ms936"};
	static const char *const u8[] = {"utf-8", "utf8", "utf-8-sig"};

	for (size_t i = 0; i < sizeof(gb) / sizeof(gb[0]); i++)
		if (strcasecmp(name, gb[i]) == 0)
			return "GB18030";
	for (size_t i = 0; i < sizeof(u8) / sizeof(u8[0]); i++)
		if (strcasecmp(name, u8[i]) == 0)
			return "UTF-8";
	if (strcasecmp(name, "utf-16le") == 0 || strcasecmp(name, "utf16le") == 0)
		return "UTF-16LE";
	if (strcasecmp(name, "utf-16be") == 0 || strcasecmp(name, "utf16be") == 0)
		return "UTF-16BE";
	if (strcasecmp(name, "utf-16") == 0 || strcasecmp(name, "utf16") == 0 ||
	    strcasecmp(name, "ucs-2") == 0 || strcasecmp(name, "unicode") == 0)
		return "UTF-16";
	return name;
}

int
rv_enc_supported(const char *name)
{
	iconv_t cd;

	if (strcasecmp(name, "UTF-8") == 0)
		return 1;
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

int
rv_dec_open(struct rv_dec *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	d->unit = 1;
	if (strcasecmp(name, "UTF-8") == 0)
		return 0;
	d->cd = iconv_open("UTF-8", name);
	if (d->cd == (iconv_t)-1) {
		d->cd = NULL;
		errno = EINVAL;
		return -1;
	}
	if (strncasecmp(name, "UTF-16", 6) == 0 || strncasecmp(name, "UCS-2", 5) == 0)
		d->unit = 2;
	else if (strncasecmp(name, "UTF-32", 6) == 0 || strncasecmp(name, "UCS-4", 5) == 0)
		d->unit = 4;
	return 0;
}

int
rv_dec_open_to(struct rv_dec *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	d->unit = 1;
	if (strcasecmp(name, "UTF-8") == 0)
		return 0;
	d->cd = iconv_open(name, "UTF-8");
	if (d->cd == (iconv_t)-1) {
		d->cd = NULL;
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void
rv_dec_close(struct rv_dec *d)
{
	if (d->cd != NULL)
		iconv_close((iconv_t)d->cd);
	free(d->bad);
	memset(d, 0, sizeof(*d));
}

/* Queue an invalid sequence starting with byte at the current output
 * offset and write its stand-in. Returns -1 on OOM. */
static int
bad_seq(struct rv_dec *d, unsigned char byte, struct rv_buf *out)
{
	static const char fffd[] = "\xEF\xBF\xBD";

	if (d->bhead > 0 && d->bhead == d->nbad)
		d->bhead = d->nbad = 0;
	if (d->nbad == d->bcap) {
		size_t ncap = d->bcap ? d->bcap * 2 : 16;
		struct rv_enc_bad *b;
		if (d->bhead > 0) {
			memmove(d->bad, d->bad + d->bhead, (d->nbad - d->bhead) * sizeof(*b));
			d->nbad -= d->bhead;
			d->bhead = 0;
		} else {
			if ((b = realloc(d->bad, ncap * sizeof(*b))) == NULL)
				return -1;
			d->bad = b;
			d->bcap = ncap;
		}
	}
	d->bad[d->nbad].off = d->out_total;
	d->bad[d->nbad++].byte = byte;
	if (d->unit > 1) {
		if (rv_buf_append(out, fffd, 3) < 0)
			return -1;
		d->out_total += 3;
	} else {
		if (rv_buf_append(out, &byte, 1) < 0)
			return -1;
		d->out_total++;
	}
	return 0;
}

static size_t
feed_utf8(struct rv_dec *d, const char *in, size_t n, int eof, struct rv_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, v;
	int cut;

	if (rv_buf_reserve(out, n) < 0)
		return (size_t)-1;
	while (i < n) {
		v = rv_enc_utf8_valid(p + i, n - i, &cut);
		memcpy(out->p + out->len, p + i, v);
		out->len += v;
		d->out_total += v;
		i += v;
		if (i == n || (cut && !eof))
			break;
		if (bad_seq(d, p[i], out) < 0)
			return (size_t)-1;
		i++;
	}
	out->p[out->len] = '\0';
	return i;
}

size_t
rv_dec_feed(struct rv_dec *d, const char *in, size_t n, int eof, struct rv_buf *out)
{
	size_t i = 0;

	if (d->cd == NULL)
		return feed_utf8(d, in, n, eof, out);
	while (i < n) {
		if (rv_buf_reserve(out, (n - i) * 2 + 16) < 0)
			return (size_t)-1;
		char *ip = (char *)in + i, *op = out->p + out->len;
		size_t il = n - i, ol = out->cap - out->len - 1;
		size_t r = iconv((iconv_t)d->cd, &ip, &il, &op, &ol);
		int e = errno;
		size_t made = (size_t)(op - (out->p + out->len));
		out->len += made;
		d->out_total += made;
		i = (size_t)(ip - in);
		if (r != (size_t)-1)
			break;
		if (e == E2BIG)
			continue;
		if (e == EINVAL && !eof)
			break;
		if (e != EINVAL && e != EILSEQ)
			return (size_t)-1;
		if (bad_seq(d, (unsigned char)in[i], out) < 0)
			return (size_t)-1;
		i += (size_t)d->unit < n - i ? (size_t)d->unit : n - i;
	}
	if (out->p != NULL)
		out->p[out->len] = '\0';
	return i;
}

int
rv_dec_bad_before(struct rv_dec *d, uint64_t end, struct rv_enc_bad *first)
{
	if (d->bhead == d->nbad || d->bad[d->bhead].off >= end)
		return 0;
	*first = d->bad[d->bhead];
	while (d->bhead < d->nbad && d->bad[d->bhead].off < end)
		d->bhead++;
	return 1;
}
