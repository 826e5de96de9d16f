/* enc.h - input encodings for rv-import: detection from a byte prefix
 * and streaming conversion to UTF-8 (iconv for everything but UTF-8,
 * which is validated in place of converting). */
#ifndef RV_ENC_H
#define RV_ENC_H

#include <stddef.h>
#include <stdint.h>

struct rv_buf;

/* Bytes looked at by rv_enc_detect(): the UTF-8 test runs on this much. */
enum { RV_ENC_PREFIX = 1024 * 1024 };

/* What rv_enc_detect() found. name is an iconv name ("UTF-8",
 * "GB18030", "UTF-16LE", "UTF-16BE"); bom is the number of leading bytes
 * to skip; why says how it was decided, for --verbose and messages. */
struct rv_enc_guess {
	const char *name;
	size_t bom;
	const char *why;
	size_t bad_at;		/* "not UTF-8": offset of the first invalid byte */
};

/* Guess the encoding of p[0..n), the start of the input (eof: p is all
 * of it). In order: a BOM (UTF-8, UTF-16LE/BE, GB18030); NUL bytes at
 * even or odd offsets in the first 4 KiB (UTF-16 without a BOM); valid
 * UTF-8 throughout p (a sequence cut at the end of a non-final prefix
 * counts as valid); otherwise GB18030. */
void rv_enc_detect(const unsigned char *p, size_t n, int eof, struct rv_enc_guess *g);

/* Length of a BOM of encoding name at the start of p[0..n), else 0. */
size_t rv_enc_bom(const char *name, const unsigned char *p, size_t n);

/* Canonical iconv name for a user's --encoding value ("gbk" and "cp936"
 * become "GB18030", their superset; "utf8" becomes "UTF-8"); other names
 * are returned unchanged. */
const char *rv_enc_canon(const char *name);

/* Is name an encoding iconv can convert to UTF-8? */
int rv_enc_supported(const char *name);

/* An invalid byte sequence in the input, at an absolute offset of the
 * decoded (UTF-8) stream. byte is the first raw byte of the sequence. */
struct rv_enc_bad {
	uint64_t off;
	unsigned char byte;
};

/* A streaming decoder. Invalid input never stops it: for UTF-8 and
 * GB18030-like encodings the offending byte is copied through raw (so
 * the output is invalid UTF-8 exactly there), for UTF-16 it becomes
 * U+FFFD; either way its position is queued in bad[]. */
struct rv_dec {
	void *cd;		/* iconv_t, or NULL for UTF-8 input */
	int unit;		/* bytes skipped per invalid sequence: 2 for UTF-16 */
	uint64_t out_total;	/* bytes written to the output so far */
	struct rv_enc_bad *bad;	/* queue [bhead, nbad) of invalid sequences */
	size_t bhead, nbad, bcap;
};

/* Returns 0, or -1 (errno set: EINVAL for an unknown encoding). */
int rv_dec_open(struct rv_dec *d, const char *name);
/* The same converter the other way round, for output: UTF-8 in, the
 * encoding name out (e.g. "GB18030"). An invalid UTF-8 byte is copied
 * through raw and queued in bad[]. Returns 0 or -1 (errno EINVAL). */
int rv_dec_open_to(struct rv_dec *d, const char *name);
/* Convert in[0..n), appending UTF-8 (after rv_dec_open_to: the output
 * encoding) to out. Returns the number of input
 * bytes consumed: all of them, except an incomplete sequence at the end
 * when eof is 0, which the caller passes again with the next bytes.
 * Returns (size_t)-1 on OOM. */
size_t rv_dec_feed(struct rv_dec *d, const char *in, size_t n, int eof, struct rv_buf *out);
/* Copy the first queued invalid sequence at an output offset below end
 * to *first and drop all such; returns 1, or 0 when there is none. */
int rv_dec_bad_before(struct rv_dec *d, uint64_t end, struct rv_enc_bad *first);
void rv_dec_close(struct rv_dec *d);

/* Length of the valid UTF-8 prefix of p[0..n); *cut is set to 1 when
 * what follows it is a sequence truncated by the end of p (not invalid
 * yet), 0 when it is an invalid byte (or n was reached). */
size_t rv_enc_utf8_valid(const unsigned char *p, size_t n, int *cut);

#endif
