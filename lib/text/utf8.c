/* utf8.c - UTF-8 helpers. */
#include "utf8.h"

#include "data.h"

#include <string.h>

#include "buf.h"

int
rv_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[0], min;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto bad;
	if ((size_t)len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

int
rv_utf8_encode(uint32_t c, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

size_t
rv_utf8_cut(const char *p, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)p[max] & 0xC0) == 0x80)
		max--;
	return max;
}

size_t
rv_utf8_validate(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		/* Runs of ASCII 8 bytes at a time, then the 3-byte sequences
		 * of CJK text inline: lead E1..EC or EE..EF takes any two
		 * continuation bytes (E0 and ED, whose second byte is limited,
		 * go to rv_utf8_decode). */
		if (n - i >= 8) {
			uint64_t x;
			memcpy(&x, u + i, 8);
			if (!(x & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* a run of 3-byte sequences: lead 1110xxxx (not E0 or ED,
		 * whose second byte is limited) and two 10xxxxxx, read as one
		 * word */
		while (n - i >= 4) {
			uint32_t w;
			memcpy(&w, u + i, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			w = __builtin_bswap32(w);
#endif
			if ((w & 0xC0C0F0) != 0x8080E0 || u[i] == 0xE0 || u[i] == 0xED)
				break;
			i += 3;
		}
		if (i >= n || u[i] < 0x80)
			continue;
		if (n - i == 3 && u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xED &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		int l = rv_utf8_decode(p + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			return i;
		i += (size_t)l;
	}
	return n;
}

/* Traditional -> simplified, U+4E00..U+9FFF: lib/data/t2s.tsv (3,554 pairs
 * from OpenCC, scripts/gen-t2s.sh), loaded into a direct map on first use.
 * t2s_bits marks the traditional characters for the fold fast path. */
#define T2S_LO 0x4E00
#define T2S_N (0xA000 - 0x4E00)
static uint16_t t2s_map[T2S_N];
static uint8_t t2s_bits[T2S_N / 8];
static int t2s_ready;

static void
t2s_init(void)
{
	size_t n = 0, i = 0;
	const char *d = rv_data_get("t2s.tsv", &n);
	uint32_t t, s;

	t2s_ready = 1;
	while (d != NULL && i < n) {
		const char *e = memchr(d + i, '\n', n - i);
		size_t end = e ? (size_t)(e - d) : n;
		if (d[i] != '#') {
			int a = rv_utf8_decode(d + i, end - i, &t);
			if (a > 0 && i + (size_t)a < end && d[i + (size_t)a] == '\t' &&
			    rv_utf8_decode(d + i + (size_t)a + 1, end - i - (size_t)a - 1, &s) > 0 &&
			    t >= T2S_LO && t - T2S_LO < T2S_N && s < 0x10000) {
				t2s_map[t - T2S_LO] = (uint16_t)s;
				t2s_bits[(t - T2S_LO) >> 3] |= (uint8_t)(1u << ((t - T2S_LO) & 7));
			}
		}
		i = end + 1;
	}
}

uint32_t
rv_utf8_fold(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (c >= 0xFF01 && c <= 0xFF5E) {
		c -= 0xFEE0;
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	}
	if (c == 0x3000)
		return ' ';
	if (c == 0x2018 || c == 0x2019)
		return '\'';	/* typographic apostrophes: didn’t */
	if (c >= T2S_LO && c - T2S_LO < T2S_N) {
		if (!t2s_ready)
			t2s_init();
		if (t2s_map[c - T2S_LO] != 0)
			return t2s_map[c - T2S_LO];
	}
	return c;
}

typedef unsigned char v16u8 __attribute__((vector_size(16)));
typedef uint32_t v16u32 __attribute__((vector_size(64)));
typedef size_t v16sz __attribute__((vector_size(16 * sizeof(size_t))));

/* Fold the 16-byte blocks of ASCII at u[0..n) into o (and their code
 * points into cp and offsets, from at, into off, unless NULL): lower case
 * as one vector. Returns the bytes done, a multiple of 16 (0 when the
 * first block holds a byte >= 0x80). */
static size_t
ascii16(const unsigned char *u, size_t n, char *o, uint32_t *cp, size_t *off, size_t at,
    size_t *letters)
{
	static const v16sz step = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
	size_t i;

	for (i = 0; n - i >= 16; i += 16) {
		v16u8 x;
		uint64_t h[2];
		memcpy(&x, u + i, 16);
		memcpy(h, &x, 16);
		if ((h[0] | h[1]) & 0x8080808080808080ULL)
			break;
		x += (v16u8)((x >= 'A') & (x <= 'Z')) & 32;
		memcpy(o + i, &x, 16);
		if (letters != NULL) {
			/* 1 per lower-case letter, summed over each half */
			v16u8 l = (v16u8)((x >= 'a') & (x <= 'z')) & 1;
			uint64_t b[2];
			memcpy(b, &l, 16);
			*letters += (size_t)(((b[0] + b[1]) * 0x0101010101010101ULL) >> 56);
		}
		if (cp != NULL) {
			v16u32 w = __builtin_convertvector(x, v16u32);
			v16sz a = step + (at + i);
			memcpy(cp + i, &w, sizeof(w));
			memcpy(off + i, &a, sizeof(a));
		}
	}
	return i;
}

/* The loop of rv_utf8_fold_str and rv_utf8_fold_cps (keep: store cp and
 * off); inlined into each, so neither tests keep per character. */
static inline __attribute__((always_inline)) int
fold_loop(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off, size_t *ncp,
    const int keep, size_t *nlatin, size_t *ncjk, int *invalid)
{
	size_t i = 0, vec_from = 0, nl = 0, nc = 0;
	uint32_t c, *cp0 = cp;

	/* Folding never lengthens UTF-8 by more than U+FFFD for one invalid
	 * byte (3 bytes for 1), so 3n bounds the output. */
	if (n > ((size_t)-1 - 8) / 3 || rv_buf_reserve(out, 3 * n + 1) < 0)
		return -1;
	if (!t2s_ready)
		t2s_init();
	char *o = out->p + out->len, *o0 = out->p;
	const unsigned char *u = (const unsigned char *)p;
	while (i < n) {
		unsigned char ch = u[i];
		/* Runs of ASCII (Latin text) 16 bytes at a time. */
		if (ch < 0x80 && i >= vec_from && n - i >= 16) {
			size_t k = ascii16(u + i, n - i, o, keep ? cp : NULL, keep ? off : NULL,
			    (size_t)(o - o0), nlatin != NULL ? &nl : NULL);
			if (k > 0) {
				o += k;
				i += k;
				if (keep) {
					cp += k;
					off += k;
				}
				continue;
			}
			vec_from = i + 16;	/* not within this block again */
		}
		if (keep)
			*off++ = (size_t)(o - o0);
		if (ch < 0x80) {
			ch = (unsigned char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			if (nlatin != NULL)
				nl += (unsigned)(ch - 'a') < 26;
			*o++ = (char)ch;
			if (keep)
				*cp++ = ch;
			i++;
			continue;
		}
		/* Most of the text: valid 3-byte sequences in U+4000..9FFF that
		 * are not traditional characters, copied as they are, a run of
		 * them in this loop (the offset of the character at i is
		 * stored when it is tried). */
		if (ch >= 0xE4 && ch <= 0xE9 && n - i >= 3) {
			for (;;) {
				unsigned char b1 = u[i + 1], b2 = u[i + 2];
				c = (uint32_t)(ch & 0x0F) << 12 | (uint32_t)(b1 & 0x3F) << 6 | (b2 & 0x3F);
				uint32_t d = c - 0x4E00;
				if (!(((b1 ^ 0x80) | (b2 ^ 0x80)) < 0x40 && d < 0xA000 - 0x4E00 &&
				    !((t2s_bits[d >> 3] >> (d & 7)) & 1)))
					break;	/* the general case below */
				o[0] = (char)ch;
				o[1] = (char)b1;
				o[2] = (char)b2;
				o += 3;
				nc++;	/* U+4E00..9FFF: CJK */
				if (keep)
					*cp++ = c;
				i += 3;
				if (n - i < 3 || (ch = u[i]) < 0xE4 || ch > 0xE9)
					goto next;
				if (keep)
					*off++ = (size_t)(o - o0);
			}
		}
		int l = rv_utf8_next(p + i, n - i, &c);
		uint32_t fc;
		if (invalid != NULL && c == 0xFFFD && l == 1)
			*invalid = 1;	/* a byte that starts no UTF-8 sequence */
		if (c >= 0x4E00 && c <= 0x9FFF &&
		    !(t2s_bits[(c - 0x4E00) >> 3] & (1u << ((c - 0x4E00) & 7))))
			fc = c;	/* the common case: a simplified CJK character */
		else
			fc = rv_utf8_fold(c);
		if (keep)
			*cp++ = fc;
		if (nlatin != NULL) {
			nl += rv_utf8_is_ascii_letter(fc);
			nc += rv_utf8_is_cjk(fc) != 0;
		}
		if (fc == c && c != 0xFFFD) {
			/* unchanged: copy the bytes (l is 2-4; no libc call) */
			o[0] = p[i];
			o[1] = p[i + 1];
			if (l > 2)
				o[2] = p[i + 2];
			if (l > 3)
				o[3] = p[i + 3];
			o += l;
		} else
			o += rv_utf8_encode(fc, o);
		i += (size_t)l;
next:;
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	if (keep) {
		*off = out->len;
		*ncp = (size_t)(cp - cp0);
	}
	if (nlatin != NULL) {
		*nlatin = nl;
		*ncjk = nc;
	}
	return 0;
}

int
rv_utf8_fold_str(struct rv_buf *out, const char *p, size_t n)
{
	return fold_loop(out, p, n, NULL, NULL, NULL, 0, NULL, NULL, NULL);
}

int
rv_utf8_fold_cps(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off,
    size_t *ncp)
{
	return fold_loop(out, p, n, cp, off, ncp, 1, NULL, NULL, NULL);
}

int
rv_utf8_fold_cps_count(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off,
    size_t *ncp, size_t *nlatin, size_t *ncjk, int *invalid)
{
	*invalid = 0;
	return fold_loop(out, p, n, cp, off, ncp, 1, nlatin, ncjk, invalid);
}

void
rv_utf8_script_count(const char *p, size_t n, size_t *cjk, size_t *latin)
{
	size_t i = 0;
	uint32_t cp;

	*cjk = *latin = 0;
	while (i < n) {
		unsigned char ch = (unsigned char)p[i];
		if (ch < 0x80) {
			*latin += rv_utf8_is_ascii_letter(ch);
			i++;
			continue;
		}
		i += (size_t)rv_utf8_decode(p + i, n - i, &cp);
		if (rv_utf8_is_cjk(cp))
			(*cjk)++;
	}
}
