/* fuzz_curve_merge.c - libFuzzer harness: rv-curve --merge, reading
 * --partial states (header and rows, as rv-curve passes them) and
 * finishing the curve, the --each table and a new partial state. The
 * first byte chooses the mode (position or conversation, entities,
 * outcome, --order); the rest is the partial file. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "curve.h"
#include "input.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rv_field order[] = {{"a", 1}, {"b", 1}, {"0", 1}};
	char path[] = "/tmp/rvfuzzcurveXXXXXX";
	char *files[1] = {path};
	struct rv_curve_opts o = {0};
	struct rv_curve *c;
	struct rv_in in;
	struct rv_out out;
	int fd, rc = RV_CURVE_OK;

	if (size == 0)
		return 0;
	o.conv = data[0] & 1;
	o.outcome = (data[0] >> 1) & 1;
	o.entities = o.conv || o.outcome || ((data[0] >> 2) & 1);
	if (!o.conv && ((data[0] >> 3) & 1)) {
		o.order = order;
		o.norder = sizeof(order) / sizeof(order[0]);
	}
	o.max_turns = (data[0] >> 4) & 1 ? 2 : 10;
	o.alpha = 0.05;
	o.min_delta = o.pen = o.drop_by = NAN;
	if ((fd = mkstemp(path)) < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	close(fd);
	if ((c = rv_curve_new(&o)) == NULL)
		abort();
	if (rv_in_open(&in, files, 1, 0) < 0)
		abort();
	/* As rv-curve: the header is checked as a row; a malformed row is
	 * rejected and the next one read; other options or OOM stop. */
	if (in.nhdr > 0)
		rc = rv_curve_merge_row(c, in.hdr, in.nhdr);
	while (rc != RV_CURVE_EMODE && rc != RV_CURVE_ENOMEM && rv_in_next(&in) == 1)
		rc = rv_curve_merge_row(c, in.r.f, in.r.nf);
	rv_in_close(&in);
	unlink(path);
	if (rc == RV_CURVE_ENOMEM)
		abort();
	if (rc != RV_CURVE_EMODE) {
		if (rv_out_init(&out, -1) < 0)
			abort();
		rc = 0;
		if (data[0] & 0x40)
			rv_curve_write_partial(c, &out);
		else if (o.entities && (data[0] & 0x80))
			rc = rv_curve_write_each(c, &out);
		else
			rc = rv_curve_write(c, &out, (data[0] >> 5) & 1);
		if (rc < 0)
			abort();
		free(out.buf);
	}
	rv_curve_free(c);
	return 0;
}
