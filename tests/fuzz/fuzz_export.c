/* fuzz_export.c - libFuzzer harness: rv-export's parts on arbitrary
 * bytes. Cell typing (a number holds only sign, digits and a point; a date
 * is 10 bytes long, a date-time longer), display width, unescaping (never
 * longer than its input), sheet names made from any file name (always
 * valid by Excel's rules: checked), and whole rows through the xlsx writer
 * (a 3-row sheet limit, so continuation sheets too) and the GB18030 CSV
 * writer, both into /dev/null. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvout.h"
#include "esc.h"
#include "cellkind.h"
#include "tsv.h"
#include "xlsxout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Split p[0..n) at TAB into f (at most max fields). */
static size_t
split(const char *p, size_t n, struct rv_field *f, size_t max)
{
	size_t nf = 0, start = 0;

	for (size_t i = 0; i <= n && nf < max; i++)
		if (i == n || p[i] == '\t') {
			f[nf].p = p + start;
			f[nf++].len = i - start;
			start = i + 1;
		}
	return nf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct rv_cell c;
	struct rv_buf b = {0};
	char name[128], *z;

	if (size > 4096)
		return 0;
	switch (rv_cell_classify(p, size, &c)) {
	case RV_KIND_NUMBER:
		for (size_t i = 0; i < size; i++)
			if (strchr("-.0123456789", p[i]) == NULL || p[i] == '\0')
				abort();
		break;
	case RV_KIND_DATE:
		if (size != 10)
			abort();
		break;
	case RV_KIND_DATETIME:
		if (size < 16 || rv_cell_datefmt(name, p, &c) == NULL)
			abort();
		break;
	case RV_KIND_TEXT:
		break;
	}
	(void)rv_cell_width(p, size);
	(void)rv_cell_idname(p, size);
	if (rv_unesc(&b, p, size) < 0 || b.len > size)
		abort();
	rv_buf_free(&b);
	if ((z = rv_memdup(p, size)) == NULL)
		abort();
	if (rv_sheet_name_bad(rv_sheet_name_from(name, z)) != NULL)
		abort();
	free(z);

	/* Rows: lines of TAB-separated fields, the first the header. */
	struct rv_xlsxw_opts o = {3, 20, 1, 1, 1, 1};
	struct rv_field f[64];
	struct rv_out out;
	struct rv_csvout w;
	const char *msg;
	int err, fd = open("/dev/null", O_WRONLY);
	struct rv_xlsxw *x = rv_xlsxw_open("/dev/null", &o, &err);
	if (x == NULL || fd < 0 || rv_out_init(&out, fd) < 0 ||
	    rv_csvout_open(&w, &out, "GB18030", ',', 1) < 0)
		abort();
	size_t start = 0, line = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && p[i] != '\n')
			continue;
		size_t nf = split(p + start, i - start, f, 64);
		if (line++ == 0) {
			if (rv_xlsxw_sheet(x, "Sheet1", f, nf) == NULL)
				abort();
		} else if (rv_xlsxw_row(x, f, nf) < 0)
			abort();
		if (rv_csvout_row(&w, f, nf, 0) < 0)
			abort();
		start = i + 1;
	}
	if (rv_xlsxw_close(x, &msg) < 0)
		abort();
	rv_csvout_close(&w);
	rv_out_close(&out);
	close(fd);
	return 0;
}
