/* fuzz_classify.c - libFuzzer harness: rv-classify's default rules
 * (folding, the indexed PCRE2 scan, negation, exclusions, (?#neg) gating,
 * scoring) on arbitrary bytes, with each polarity hint. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "data.h"

static struct rv_rules *rs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int pol[] = {RV_POL_UNKNOWN, RV_POL_NOTNEG, RV_POL_NEG};
	struct rv_class c;

	if (rs == NULL) {
		size_t n;
		const char *d = rv_data_get("classify-rules.tsv", &n);
		struct rv_rules_err e;
		if (d == NULL || (rs = rv_rules_new()) == NULL ||
		    rv_rules_load(rs, d, n, "defaults", &e) < 0 || rv_rules_compile(rs, &e) < 0)
			abort();
	}
	if (size == 0)
		return 0;
	if (rv_rules_classify(rs, (const char *)data + 1, size - 1, pol[data[0] % 3], &c) < 0)
		abort();
	if (!(c.score >= 0 && c.score <= 1) || (c.category_len > 0) != (c.primary >= 0))
		abort();
	/* The primary comes first in the list of all categories. */
	if (c.category_len > 0 && (c.categories_len < c.category_len ||
	    memcmp(c.categories, c.category, c.category_len) != 0))
		abort();
	return 0;
}
