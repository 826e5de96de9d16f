/* fuzz_lexicon.c - libFuzzer harness: the lexicon TSV parser (what
 * --lexicon FILE reads) and longest-match lookups on the input itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lexicon.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_lex lx;
	struct rv_buf f = {0};
	unsigned long line;
	char err[256];
	size_t i, ml;

	rv_lex_init(&lx);
	(void)rv_lex_load(&lx, (const char *)data, size, &line, err, sizeof(err));
	/* Lookups run on folded text, as in rv-sentiment. */
	if (rv_utf8_fold_str(&f, (const char *)data, size) < 0)
		abort();
	for (i = 0; i < f.len; i++)
		if (rv_lex_match(&lx, f.p + i, f.len - i, &ml) >= 0 && (ml == 0 || ml > f.len - i))
			abort();
	rv_buf_free(&f);
	rv_lex_free(&lx);
	return 0;
}
