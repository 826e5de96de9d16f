/* fuzz_csvin.c - libFuzzer harness: rv-import's CSV reader (encoding and
 * delimiter detection, decoding, the fast path and libcsv, quoted line
 * breaks, malformed quoting) on arbitrary bytes. The first byte chooses
 * the encoding, delimiter and quote; the rest is the file. Each input is
 * read twice, with and without the fast path, which must give the same
 * records (csvin.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record of path, serialised into b: status, line, field count,
 * then each field's length and bytes. Returns the last rv_csvin_next()
 * result (0 at a clean end), or 2 when the file could not be opened. */
static int
read_all(const char *path, const struct rv_csvin_opts *o, struct rv_buf *b)
{
	struct rv_csvin c;
	struct rv_out out;
	size_t i;
	int rc;

	if (rv_csvin_open(&c, path, o) < 0)
		return 2;
	if (rv_out_init(&out, -1) < 0)
		abort();
	while ((rc = rv_csvin_next(&c)) == 1) {
		unsigned long hd[3] = {(unsigned long)c.status, c.line, (unsigned long)c.nf};
		if (c.nf == 0 || c.rec == NULL || c.line == 0)
			abort();
		if (rv_buf_append(b, hd, sizeof(hd)) < 0)
			abort();
		for (i = 0; i < c.nf; i++) {
			if (c.f[i].len > 0 && c.f[i].p == NULL)
				abort();
			if (rv_buf_append(b, &c.f[i].len, sizeof(c.f[i].len)) < 0 ||
			    rv_buf_append(b, c.f[i].p, c.f[i].len) < 0)
				abort();
			/* rv-import's writer, both ways. */
			rv_csvin_put(&out, c.f[i].p, c.f[i].len, " ", 1, (int)(i & 1));
		}
		out.len = 0;	/* never flushed: fd -1 */
		if (c.status == RV_CSV_EQUOTE)
			break;
	}
	free(out.buf);
	rv_csvin_close(&c);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const enc[] = {NULL, "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE",
	    "BIG5", "ISO-8859-1", "auto"};
	static const int delim[] = {0, ',', '\t', ';'};
	char path[] = "/tmp/rvfuzzcsvXXXXXX";
	struct rv_csvin_opts o = {0};
	struct rv_buf a = {0}, b = {0};
	int fd, ra, rb;

	if (size == 0)
		return 0;
	o.encoding = enc[data[0] & 7];
	o.delim = delim[(data[0] >> 3) & 3];
	o.quote = (data[0] & 0x20) ? -1 : '"';
	if ((fd = mkstemp(path)) < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	close(fd);
	ra = read_all(path, &o, &a);
	o.no_fast = 1;
	rb = read_all(path, &o, &b);
	unlink(path);
	if (ra != rb || a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
		abort();
	rv_buf_free(&a);
	rv_buf_free(&b);
	return 0;
}
