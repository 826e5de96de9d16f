/* fuzz_rootcause_merge.c - libFuzzer harness: rv-rootcause --merge,
 * reading --partial states (the header checks of setup_merge in
 * cmd/rv-rootcause.c, then each row through rv_rcio_row) and writing the
 * findings, the --pretty text and a new partial state. The first byte
 * chooses the depth and the minimum support; the rest is the partial
 * file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "rcio.h"
#include "rootcause.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cnt[4] = {"rv.n", "rv.hits", "rv.base_n", "rv.base_hits"};
	char path[] = "/tmp/rvfuzzrcXXXXXX";
	char *files[1] = {path};
	char *names[RV_RC_MAXDIMS];
	char err[256];
	struct rv_rc_opts ro;
	struct rv_rcio io;
	struct rv_rc *rc = NULL;
	struct rv_rc_result res;
	struct rv_in in;
	struct rv_out out;
	size_t i;
	int fd;

	if (size == 0)
		return 0;
	if ((fd = mkstemp(path)) < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	close(fd);
	if (rv_in_open(&in, files, 1, 0) < 0)
		abort();
	rv_rc_opts_default(&ro);
	ro.max_depth = 1 + (data[0] & 3);
	ro.min_support = (data[0] >> 2) & 1 ? 1 : 20;
	memset(&io, 0, sizeof(io));
	io.merge = 1;
	io.ocol = io.ccol = io.hcol = io.pcol = -1;
	for (i = 0; i < 4; i++)
		io.mcol[i] = in.nhdr > 0 ? rv_in_col(&in, cnt[i]) : -1;
	/* setup_merge's checks: dimensions first, then rv.n rv.hits, and
	 * both base columns or neither. */
	if (io.mcol[0] < 1 || io.mcol[1] != io.mcol[0] + 1 || (io.mcol[2] >= 0) != (io.mcol[3] >= 0) ||
	    io.mcol[0] > RV_RC_MAXDIMS)
		goto done;
	io.nd = (size_t)io.mcol[0];
	for (i = 0; i < io.nd; i++) {
		io.dcol[i] = (long)i;
		if ((names[i] = strndup(in.hdr[i].p, in.hdr[i].len)) == NULL)
			abort();
		io.names[i] = names[i];
	}
	io.hdr = in.hdrbuf.p;
	io.hdrlen = in.hdrbuf.len;
	ro.change = io.mcol[2] >= 0;
	if ((rc = rv_rc_new(io.nd, io.names, &ro)) == NULL)
		abort();
	while (rv_in_next(&in) == 1) {
		if (in.r.linelen == io.hdrlen && memcmp(in.r.line, io.hdr, io.hdrlen) == 0)
			continue;
		if (in.r.nf != in.nhdr)
			continue;	/* rv_cli_row_ok rejects it */
		if (rv_rcio_row(&io, &in.r, rc, err, sizeof(err)) < 0)
			abort();
	}
	if (rv_out_init(&out, -1) < 0)
		abort();
	if ((data[0] >> 3) & 1) {
		if (rv_rcio_partial(&out, &io, rc, ro.change) < 0)
			abort();
	} else {
		if (rv_rc_run(rc, &res) < 0)
			abort();
		rv_rcio_table(&out, &res, ro.change);
		rv_rcio_pretty(&out, &res, ro.change);
		rv_rc_result_free(&res);
	}
	free(out.buf);
	rv_rc_free(rc);
	for (i = 0; i < io.nd; i++)
		free(names[i]);
done:
	rv_in_close(&in);
	unlink(path);
	return 0;
}
