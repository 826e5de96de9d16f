/* fuzz_xmlscan.c - libFuzzer harness: the streaming XML scanner against
 * expat. The first byte picks how the rest, the document, is cut into
 * blocks (two blocks at an offset, or blocks of 1-16 bytes) and whether
 * the blocks have room before them. A document expat reads must give
 * the same elements, attributes and text (joined) from the scanner; one
 * expat rejects must be an error for the scanner too, except where the
 * scanner is documented to be lenient (which non-ASCII characters a
 * name may hold; the syntax of the XML declaration). Documents in other
 * encodings (rv_xs_utf8) are expat's and not compared. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/xmltrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *doc;
	char *x, *g;
	size_t n, cut, step, room, i;
	int ev, xok, sok, lenient = 0;

	if (size == 0)
		return 0;
	doc = (const char *)data + 1;
	n = size - 1;
	if (!rv_xs_utf8(doc, n))
		return 0;
	cut = n > 0 ? (size_t)data[0] * 131 % (n + 1) : 0;
	step = data[0] & 1 ? (size_t)(data[0] >> 1 & 15) + 1 : 0;
	room = data[0] & 0x40 ? 8 : 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)doc[i] >= 0x80)
			lenient = 1;
	if (memmem(doc, n, "<?xml", 5) != NULL)
		lenient = 1;

	x = expat(doc, n, &xok);
	g = scan(doc, n, &cut, 1, step, room, &ev);
	sok = ev == RV_XS_EOF;
	if (xok && (!sok || strcmp(g, x) != 0))
		abort();	/* expat read it: the scanner must read it the same */
	if (!xok && sok && !lenient)
		abort();	/* expat rejected it: so must the scanner */
	free(x);
	free(g);
	return 0;
}
