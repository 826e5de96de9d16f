/* fuzz_trend.c - libFuzzer harness: rv-trend's --state loader and --merge
 * rows on arbitrary bytes (the first byte picks the kind), then a run of
 * what was accepted; nothing may crash, leak or take unbounded time. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
none(void *ctx, const struct rv_trend_seg *s, long long w, const struct rv_trend_point *p)
{
	(void)ctx, (void)s, (void)w, (void)p;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_trend_opts o;
	struct rv_trend *t;
	struct rv_field f[8];
	unsigned long line;
	const char *p, *end, *e;
	size_t nf;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.every = 3600;
	o.kind = data[0] % 3;
	/* --state */
	if ((t = rv_trend_new(&o, 1)) == NULL)
		abort();
	if (rv_trend_load(t, (const char *)data + 1, size - 1, &line) == RV_TREND_OK && t->any &&
	    t->wopen < 1000000000LL && t->wopen > -1000000000LL)
		rv_trend_advance(t, t->wopen + 2, none, NULL);
	rv_trend_free(t);
	/* --merge rows (windows bounded so a run stays short) */
	if ((t = rv_trend_new(&o, 0)) == NULL)
		abort();
	for (p = (const char *)data + 1, end = (const char *)data + size; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		for (nf = 0; nf < 8;) {
			const char *q = memchr(p, '\t', (size_t)(e - p));
			f[nf].p = p;
			f[nf++].len = (size_t)((q ? q : e) - p);
			if (q == NULL)
				break;
			p = q + 1;
		}
		if (nf >= 2 && f[1].len > 6)
			continue;
		rv_trend_merge_row(t, f, nf);
	}
	rv_trend_select(t, 0, 0);
	rv_trend_run(t, none, NULL);
	rv_trend_free(t);
	return 0;
}
