/* fuzz_htmlxls.c - libFuzzer harness: HTML tables read as sheets (the
 * tokenizer, character references, colspan/rowspan, charset detection)
 * and rv-import's sheet layer. The first byte picks the options and the
 * table; the rest is the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sheetin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tables[] = {NULL, "1", "2", "table3"};
	struct rv_sheetin in;
	struct rv_sheetin_opts o = {0};
	size_t i, n = 0;
	int rc;

	if (size == 0)
		return 0;
	o.fill_merged = data[0] & 1;
	o.no_header = (data[0] >> 1) & 1;
	o.header_row = o.no_header ? 0 : (data[0] >> 2) & 3;
	o.sheet = tables[(data[0] >> 4) & 3];
	rc = rv_sheetin_open(&in, "fuzz.xls", NULL, (const char *)data + 1, size - 1, RV_SHEET_HTML, &o);
	if (rc == 0) {
		while ((rc = rv_sheetin_next(&in)) == 1) {
			for (i = 0; i < in.nf; i++)
				if (in.f[i].len > 0 && in.f[i].p == NULL)
					abort();
			/* A record is as wide as the header, or wider (rejected). */
			if (n++ > 0 && in.nf < in.width)
				abort();
		}
	}
	rv_sheetin_close(&in);
	return 0;
}
