/* fuzz_rules.c - libFuzzer harness: what --taxonomy, --rules and
 * --add-rules FILE read (the line splitter, category and weight checks,
 * PCRE2 compile and its checks, flags), then the rule index (branches,
 * literal prefixes) and a scan of fixed texts and of the input itself.
 * The first byte chooses the split: with bit 0 set the input is a
 * taxonomy, then (after the first NUL-free "\n---\n") rules. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const texts[] = {"快递太慢了，质量很差，不退货", "the size runs small, not good",
	    "", "價格不貴 物流快 ok"};
	static const int pol[] = {RV_POL_UNKNOWN, RV_POL_NOTNEG, RV_POL_NEG};
	const char *p, *rules;
	size_t n, rlen, i;
	struct rv_rules *rs;
	struct rv_rules_err e;
	struct rv_class c;

	if (size == 0)
		return 0;
	p = (const char *)data + 1;
	n = size - 1;
	rules = p;
	rlen = n;
	if ((rs = rv_rules_new()) == NULL)
		abort();
	if (data[0] & 1) {
		const char *sep = memmem(p, n, "\n---\n", 5);
		size_t tlen = sep ? (size_t)(sep - p) : n;
		rules = sep ? sep + 5 : p + n;
		rlen = n - (size_t)(rules - p);
		if (rv_rules_taxonomy(rs, p, tlen, "taxonomy", &e) < 0)
			goto done;
	}
	if (rv_rules_load(rs, rules, rlen, "rules", &e) < 0 || rv_rules_compile(rs, &e) < 0)
		goto done;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (rv_rules_classify(rs, texts[i], strlen(texts[i]), pol[i % 3], &c) < 0)
			abort();
	/* The input as a text too (rv-classify reads any bytes). */
	if (rv_rules_classify(rs, p, n, pol[data[0] % 3], &c) < 0 && n < 1000)
		abort();
	if (!(c.score >= 0 && c.score <= 1) || (c.category_len > 0) != (c.primary >= 0))
		abort();
done:
	rv_rules_free(rs);
	return 0;
}
