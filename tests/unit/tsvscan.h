/* tsvscan.h - the TSV reader's scanner against a byte-at-a-time model,
 * with reads cut at every size (rv_tsv.maxread): TABs at every offset
 * modulo 8 and 16, line ends and CRLF split across reads, NUL and other
 * control bytes, bytes >= 0x80, a BOM, a line longer than the buffer.
 * Included by test_tsvscan*.c, which build the scanner's SSE2, word and
 * byte paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testhelp.h"
#include "tsv.h"

/* The reader's contract, one byte at a time: the line at *pos, its line
 * end in *term (0: none, the last line), fields split at each TAB. */
static size_t
model_line(const char *d, size_t n, size_t *pos, size_t *term)
{
	size_t i = *pos, start = *pos;

	while (i < n && d[i] != '\n' && d[i] != '\r')
		i++;
	if (i == n)
		*term = 0;
	else if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')
		*term = 2;
	else
		*term = 1;
	*pos = i + *term;
	return i - start;
}

static char scan_path[64];

static void
scan_write(const char *d, size_t n)
{
	int fd;

	strcpy(scan_path, "/tmp/rvscanXXXXXX");
	fd = mkstemp(scan_path);
	if (fd < 0 || write(fd, d, n) != (ssize_t)n)
		abort();
	close(fd);
}

/* Read d (n bytes) with reads of maxread bytes (0: the default), split or
 * not, and compare every row with the model. Returns 1 when all agree. */
static int
scan_same(const char *d, size_t n, size_t maxread, int split, const char *what)
{
	struct rv_tsv r;
	size_t pos = 0, len, term, k;
	unsigned long line = 0;
	int rc, ok = 1;

	scan_write(d, n);
	if (rv_tsv_open(&r, scan_path) < 0)
		abort();
	r.maxread = maxread;
	while (pos < n && ok) {
		const char *p = d + pos;
		len = model_line(d, n, &pos, &term);
		if (line == 0 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			len -= 3;
		}
		line++;
		rc = split ? rv_tsv_next(&r) : rv_tsv_next_line(&r);
		if (rc != 1 || r.lineno != line || r.linelen != len || memcmp(r.line, p, len) != 0 ||
		    r.crlf != (term == 2)) {
			ok = 0;
			break;
		}
		if (!split) {
			ok = r.nf == 0;
			continue;
		}
		/* Fields: split p[0..len) at each TAB. */
		size_t f = 0, s = 0;
		for (k = 0; k <= len && ok; k++)
			if (k == len || p[k] == '\t') {
				ok = f < r.nf && r.f[f].p == r.line + s && r.f[f].len == k - s;
				f++;
				s = k + 1;
			}
		ok = ok && f == r.nf;
	}
	if (ok)
		ok = rv_tsv_next(&r) == 0 && rv_tsv_next(&r) == 0;
	if (!ok)
		printf("scan: %s: %s, maxread %zu: line %lu differs\n", what, split ? "fields" : "lines",
		    maxread, line);
	rv_tsv_close(&r);
	unlink(scan_path);
	return ok;
}

static const size_t scan_reads[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100 };

static void
scan_all(const char *d, size_t n, const char *what)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(scan_reads) / sizeof(scan_reads[0]); i++)
		ok &= scan_same(d, n, scan_reads[i], 1, what) & scan_same(d, n, scan_reads[i], 0, what);
	test_cond(what, ok);
}

/* A string literal, without its NUL. */
#define SCAN_LIT(s, what) scan_all(s, sizeof(s) - 1, what)

static void
tsvscan_tests(void)
{
	static const char *const ends[] = { "\n", "\r\n", "\r" };
	static const char alpha[] = { 'a', '\t', '\n', '\r', '\0', '\x0b', '\x0c', '\x0e', '\x08',
	    '\x89', '\x8a', '\x8d', '\xef', '\xbb', '\xbf', '\xff', ' ' };
	static const char ctl[] = "a\0b\t\x0b\x0c\x0e\x08\x89\x8a\x8d\t\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\t\0\n\0\t\x89\x8a\x8d\x89\x8a\x8d\x89\x8a\x8d\x89\x8a\x8d\x89\x8a\x8d\x89\x8a\x8d\t\r\n";
	char *d = malloc(1 << 20), *big;
	size_t n = 0, len, k, i, e = 0;
	unsigned long seed = 12345;

	if (d == NULL)
		abort();
	/* A TAB at every offset of lines of 0 to 40 bytes, a second one at
	 * the mirror offset; every line end; the lines packed back to back
	 * so that line ends fall at every offset of a 16-byte step too. */
	for (len = 0; len <= 40; len++)
		for (k = 0; k <= len; k++) {
			for (i = 0; i < len; i++)
				d[n + i] = (char)('a' + i % 26);
			if (k < len) {
				d[n + k] = '\t';
				d[n + len - 1 - k] = '\t';
			}
			n += len;
			memcpy(d + n, ends[e], strlen(ends[e]));
			n += strlen(ends[e]);
			e = (e + 1) % 3;
		}
	scan_all(d, n, "tabs at every offset, every line end");
	/* The same with the last line end left off. */
	scan_all(d, n - 1, "no line end at the end");
	/* Runs of TABs: empty fields at every offset, more than one step of
	 * fields in one step of bytes, more fields than the first array. */
	for (n = 0, len = 1; len <= 70; len++) {
		memset(d + n, '\t', len);
		n += len;
		d[n++] = len % 2 ? '\n' : '\r';
	}
	scan_all(d, n, "runs of TABs");
	/* Control bytes that are not TAB, LF or CR (NUL, VT, FF...), bytes
	 * >= 0x80 whose low bits are a TAB, LF or CR: data, not separators. */
	scan_all(ctl, sizeof(ctl) - 1, "NUL and other bytes");
	/* A BOM: stripped from the first line only, also before a TAB, and
	 * not when the first line is shorter. */
	SCAN_LIT("\xEF\xBB\xBF\ta\tb\r\n\xEF\xBB\xBF\tc\n", "BOM then TAB");
	SCAN_LIT("\xEF\xBB\xBF", "BOM alone");
	SCAN_LIT("\xEF\xBB\r\n", "half a BOM");
	/* CR as the last byte, CR CR LF, LF CR, CR LF at every read size. */
	SCAN_LIT("a\tb\r", "CR last");
	SCAN_LIT("a\r\r\nb\n\rc\r\n\r\n\t\r", "CR runs");
	/* Random lines over those bytes. */
	for (i = 0; i < 300; i++) {
		char what[32];
		n = 0;
		len = (size_t)(seed >> 16) % 200;
		for (k = 0; k < len; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			/* mostly letters, so that lines are long enough for steps */
			d[n++] = (seed >> 33) % 4 ? 'a' + (char)((seed >> 40) % 26) :
			    alpha[(seed >> 40) % sizeof(alpha)];
		}
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		snprintf(what, sizeof(what), "random %zu", i);
		scan_all(d, n, what);
	}
	/* A line longer than the 1 MiB buffer, with TABs all along it: the
	 * fields found before each read stay right after the buffer moves
	 * and grows. */
	n = 2500000 + 7;
	if ((big = malloc(n)) == NULL)
		abort();
	for (i = 0; i < n; i++)
		big[i] = i % 997 == 5 ? '\t' : (char)('a' + i % 26);
	big[n - 3] = '\r';
	big[n - 2] = '\n';
	big[n - 1] = 'z';
	test_cond("line longer than the buffer, default reads", scan_same(big, n, 0, 1, "long line"));
	test_cond("line longer than the buffer, 65537-byte reads", scan_same(big, n, 65537, 1, "long line"));
	test_cond("line longer than the buffer, lines", scan_same(big, n, 65537, 0, "long line"));
	free(big);
	free(d);
}
