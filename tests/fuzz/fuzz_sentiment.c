/* fuzz_sentiment.c - libFuzzer harness: rv-sentiment's whole analysis
 * (folding, lexicon scan, features, embedded model) on arbitrary bytes,
 * including invalid UTF-8, NULs and truncated sequences. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "data.h"
#include "linear.h"
#include "senti.h"

static struct rv_senti s;
static struct rv_lm m;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_senti_result r;
	char err[256];

	if (!ready) {
		size_t n;
		const char *img = rv_data_get(RV_SENTI_MODEL, &n);
		rv_senti_init(&s);
		if (rv_senti_load_defaults(&s, err, sizeof(err)) < 0 || img == NULL ||
		    rv_lm_from_mem(&m, img, n, err, sizeof(err)) < 0 || rv_senti_set_model(&s, &m) < 0)
			abort();
		ready = 1;
	}
	if (rv_senti_text(&s, (const char *)data, size, &r) < 0)
		abort();
	if (!(r.score >= -1 && r.score <= 1) || r.intensity < 0 || r.intensity > 3)
		abort();
	return 0;
}
