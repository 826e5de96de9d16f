/* fuzz_rootcause_merge.c - libFuzzer harness: rv-rootcause --merge,
 * reading --partial states: a header of dimensions then rv.n rv.hits
 * [rv.base_n rv.base_hits] (after an "rv-rootcause-partial" options line
 * when there is one), checked as the tool does, then each row through
 * rv_rcio_row, and the findings table and --pretty text. Repeated
 * headers and options lines are skipped, rows with another field count
 * rejected. The first byte chooses the depth and the minimum support; the
 * rest is the partial file. Uses only rv_rcio fields that every version
 * of the state format has. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rcio.h"
#include "rootcause.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
is_opts(const struct rv_tsv *r)
{
	return r->nf > 0 && r->f[0].len == 20 && memcmp(r->f[0].p, "rv-rootcause-partial", 20) == 0;
}

static long
col(const struct rv_field *h, size_t nh, const char *name)
{
	size_t i;

	for (i = 0; i < nh; i++)
		if (h[i].len == strlen(name) && memcmp(h[i].p, name, h[i].len) == 0)
			return (long)i;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cnt[4] = {"rv.n", "rv.hits", "rv.base_n", "rv.base_hits"};
	char path[] = "/tmp/rvfuzzrcXXXXXX";
	char *names[RV_RC_MAXDIMS], *hdr = NULL, err[256];
	struct rv_field h[RV_RC_MAXDIMS + 4];
	struct rv_rc_opts ro;
	struct rv_rcio io;
	struct rv_rc *rc = NULL;
	struct rv_rc_result res;
	struct rv_tsv r;
	struct rv_out out;
	size_t i, nh = 0, hdrlen = 0;
	int fd, got;

	if (size == 0)
		return 0;
	if ((fd = mkstemp(path)) < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	close(fd);
	if (rv_tsv_open(&r, path) < 0)
		abort();
	rv_rc_opts_default(&ro);
	ro.max_depth = 1 + (data[0] & 3);
	ro.min_support = (data[0] >> 2) & 1 ? 1 : 20;
	memset(&io, 0, sizeof(io));
	io.merge = 1;
	io.ocol = io.ccol = io.hcol = io.pcol = -1;
	while ((got = rv_tsv_next(&r)) == 1 && is_opts(&r))
		;
	if (got != 1 || r.nf > RV_RC_MAXDIMS + 4)
		goto done;
	/* The header: dimensions first, then rv.n rv.hits, and both base
	 * columns or neither. */
	if ((hdr = malloc(r.linelen + 1)) == NULL)
		abort();
	memcpy(hdr, r.line, r.linelen);
	hdrlen = r.linelen;
	nh = r.nf;
	for (i = 0; i < nh; i++)
		h[i] = (struct rv_field){hdr + (r.f[i].p - r.line), r.f[i].len};
	for (i = 0; i < 4; i++)
		io.mcol[i] = col(h, nh, cnt[i]);
	if (io.mcol[0] < 1 || io.mcol[1] != io.mcol[0] + 1 || (io.mcol[2] >= 0) != (io.mcol[3] >= 0) ||
	    io.mcol[0] > RV_RC_MAXDIMS)
		goto done;
	io.nd = (size_t)io.mcol[0];
	for (i = 0; i < io.nd; i++) {
		io.dcol[i] = (long)i;
		if ((names[i] = strndup(h[i].p, h[i].len)) == NULL)
			abort();
		io.names[i] = names[i];
	}
	ro.change = io.mcol[2] >= 0;
	if ((rc = rv_rc_new(io.nd, io.names, &ro)) == NULL)
		abort();
	while (rv_tsv_next(&r) == 1) {
		if (is_opts(&r) || (r.linelen == hdrlen && memcmp(r.line, hdr, hdrlen) == 0))
			continue;
		if (r.nf != nh)
			continue;	/* rejected */
		if (rv_rcio_row(&io, &r, rc, err, sizeof(err)) < 0)
			abort();
	}
	if (rv_out_init(&out, -1) < 0)
		abort();
	if (rv_rc_run(rc, &res) < 0)
		abort();
	rv_rcio_table(&out, &res, ro.change);
	rv_rcio_pretty(&out, &res, ro.change);
	rv_rc_result_free(&res);
	free(out.buf);
	rv_rc_free(rc);
	for (i = 0; i < io.nd; i++)
		free(names[i]);
done:
	free(hdr);
	rv_tsv_close(&r);
	unlink(path);
	return 0;
}
