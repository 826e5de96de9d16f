/* utf8.h - UTF-8 decoding, validation, script detection and the
 * normalisation used for matching (full-width to half-width, ASCII
 * lower case, common traditional to simplified characters). */
#ifndef RV_UTF8_H
#define RV_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct rv_buf;

/* Decode one code point from p[0..n). Returns its length (1-4) and sets
 * *cp; an invalid or truncated sequence returns 1 with *cp = 0xFFFD.
 * n must be > 0. */
int rv_utf8_decode(const char *p, size_t n, uint32_t *cp);
/* Inline fast path of rv_utf8_decode for ASCII and valid 3-byte
 * sequences (all of CJK), which is most of review text. */
static inline int
rv_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (n >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		uint32_t c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return rv_utf8_decode(s, n, cp);
}

/* Decode one code point of text known to be valid UTF-8 (the output of
 * rv_utf8_fold_str): no checks, for the hot loops that run on folded text. */
static inline int
rv_utf8_next_valid(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xE0) {
		*cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] < 0xF0) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	return 4;
}

/* Encode cp into out (>= 4 bytes); returns the length. */
int rv_utf8_encode(uint32_t cp, char *out);
/* Returns the offset of the first invalid byte, or n when p is valid. */
size_t rv_utf8_validate(const char *p, size_t n);
/* The length of p[0..n) cut to at most max bytes at the start of a
 * character, so that a value quoted in a message is not cut inside one
 * (n when n <= max). */
size_t rv_utf8_cut(const char *p, size_t n, size_t max);
/* CJK ideographs (URO U+4E00..9FFF, extensions A U+3400..4DBF and B
 * U+20000..2A6DF, compatibility U+F900..FAFF). The common ideographs
 * take one test, and ASCII, punctuation and Latin text two (both run in
 * the lexicon scan and the feature loop for every code point). */
static inline int
rv_utf8_is_cjk(uint32_t c)
{
	return c - 0x4E00 < 0x5200 || (c >= 0x3400 && (c - 0x3400 < 0x19C0 ||
	    c - 0xF900 < 0x200 || c - 0x20000 < 0xA6E0));
}
/* An ASCII letter, either case (a code point >= 0x80 never is). */
static inline int
rv_utf8_is_ascii_letter(uint32_t c)
{
	return (c | 32) - 'a' < 26u;
}
/* Emoji and pictographic symbols (U+2600..27BF, U+1F000..1FAFF). */
static inline int
rv_utf8_is_emoji(uint32_t c)
{
	return c >= 0x2600 && (c - 0x2600 < 0x1C0 || c - 0x1F000 < 0xB00);
}
/* Full-width ASCII (U+FF01..FF5E) and ideographic space to ASCII;
 * ASCII upper to lower; traditional Han (U+4E00..9FFF, lib/data/t2s.tsv from
 * OpenCC) to simplified; typographic apostrophes to an ASCII one. */
uint32_t rv_utf8_fold(uint32_t cp);
/* Append the folded form of p[0..n) to out. Invalid bytes become U+FFFD.
 * Returns 0 or -1 on OOM. */
int rv_utf8_fold_str(struct rv_buf *out, const char *p, size_t n);
/* The same, also storing the folded code points in cp[0..*ncp) (what
 * decoding the folded text gives, without decoding it again) and their
 * byte offsets in out in off[0..*ncp], off[*ncp] being out->len. cp and
 * off need room for n and n + 1 entries. Returns 0 or -1 on OOM. */
int rv_utf8_fold_cps(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off,
    size_t *ncp);
/* The same, also counting the code points that are ASCII letters into
 * *nlatin and those that are CJK (rv_utf8_is_cjk) into *ncjk, and setting
 * *invalid to whether p[0..n) is not valid UTF-8 (what
 * rv_utf8_validate(p, n) < n says, without a pass of its own). */
int rv_utf8_fold_cps_count(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off,
    size_t *ncp, size_t *nlatin, size_t *ncjk, int *invalid);
/* Count CJK and Latin letters in p[0..n). */
void rv_utf8_script_count(const char *p, size_t n, size_t *cjk, size_t *latin);

#endif
