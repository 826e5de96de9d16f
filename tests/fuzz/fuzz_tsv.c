/* fuzz_tsv.c - libFuzzer harness: the TSV reader (through a pipe, as
 * tools read stdin) and the field writer; every byte must come back
 * (line ends LF, CRLF or a lone CR; a leading BOM). The first byte sets
 * the read size (1 to 31 bytes, or the default), so that line ends, CRLF
 * and TABs fall at every offset of a read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/rvfuzzXXXXXX";
	int fd = mkstemp(path);
	struct rv_tsv r;
	size_t total = 0, i;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (rv_tsv_open(&r, path) < 0)
		abort();
	r.maxread = size > 0 ? data[0] % 32 : 0;
	/* A byte-order mark before the first line is not part of it. */
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		total = 3;
	while (rv_tsv_next(&r) == 1) {
		size_t len = r.f[r.nf - 1].p + r.f[r.nf - 1].len - r.line;
		if (len != r.linelen)
			abort();
		for (i = 0; i < r.nf; i++)
			if (memchr(r.f[i].p, '\t', r.f[i].len) != NULL)
				abort();
		total += r.linelen + 1 + (size_t)r.crlf;
	}
	if (total < size || total > size + 1)
		abort();
	rv_tsv_close(&r);
	unlink(path);
	return 0;
}
