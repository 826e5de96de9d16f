/* textcap.c - see textcap.h. */
#include "textcap.h"

#include <stdlib.h>
#include <string.h>

size_t
rv_textcap(struct rv_textcap *c, const char *p, size_t n, const char *file, unsigned long line)
{
	size_t k;

	if (n <= RV_TEXT_MAX)
		return n;
	/* p[k] is the first byte left out: step back over continuation
	 * bytes (at most three for valid UTF-8; invalid text is cut anyway). */
	for (k = RV_TEXT_MAX; k > RV_TEXT_MAX - 3 && ((unsigned char)p[k] & 0xC0) == 0x80; k--)
		;
	if (c->n++ == 0) {
		c->file = file != NULL ? strdup(file) : NULL;
		c->line = line;
	}
	return k;
}

void
rv_textcap_free(struct rv_textcap *c)
{
	free(c->file);
	memset(c, 0, sizeof(*c));
}
