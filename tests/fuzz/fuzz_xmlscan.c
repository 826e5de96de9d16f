/* fuzz_xmlscan.c - libFuzzer harness: the streaming XML scanner against
 * expat. The first byte picks how the rest, the document, is cut into
 * blocks (two blocks at an offset, or blocks of 1-16 bytes) and whether
 * the blocks have room before them. A document expat reads must give
 * the same elements, attributes and text (joined) from the scanner; one
 * expat rejects must be an error for the scanner too, except where the
 * scanner is documented to be lenient (which non-ASCII characters a
 * name may hold; the syntax of the XML declaration). Documents in other
 * encodings (rv_xs_utf8) are expat's and not compared. */
#include <expat.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmlscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct trace {
	struct rv_buf b;
	XML_Parser xp;
};

static void
x_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct trace *t = data;

	rv_buf_printf(&t->b, "<%s", name);
	for (; atts[0] != NULL; atts += 2)
		rv_buf_printf(&t->b, " %s=%s", atts[0], atts[1]);
	rv_buf_puts(&t->b, ">");
}

static void
x_end(void *data, const XML_Char *name)
{
	rv_buf_printf(&((struct trace *)data)->b, "</%s>", name);
}

static void
x_text(void *data, const XML_Char *s, int len)
{
	rv_buf_append(&((struct trace *)data)->b, s, (size_t)len);
}

static void
x_doctype(void *data, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
    int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	XML_StopParser(((struct trace *)data)->xp, XML_FALSE);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t = {{0}, NULL};
	struct rv_buf b = {0};
	struct rv_xs s;
	const char *doc;
	char *blk[2];
	size_t n, at = 0, cut, step, room, i;
	int ev, cur = 0, xok, sok, lenient = 0;

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

	t.xp = XML_ParserCreate(NULL);
	rv_buf_puts(&t.b, "");
	XML_SetUserData(t.xp, &t);
	XML_SetElementHandler(t.xp, x_start, x_end);
	XML_SetCharacterDataHandler(t.xp, x_text);
	XML_SetStartDoctypeDeclHandler(t.xp, x_doctype);
	xok = XML_Parse(t.xp, doc, (int)n, 1) != XML_STATUS_ERROR;
	XML_ParserFree(t.xp);

	blk[0] = malloc(room + n + 1);
	blk[1] = malloc(room + n + 1);
	rv_buf_puts(&b, "");
	rv_xs_init(&s);
	for (;;) {
		ev = rv_xs_next(&s);
		if (ev == RV_XS_MORE) {
			size_t to = step > 0 ? (at + step < n ? at + step : n) : at < cut ? cut : n;
			cur ^= 1;
			memcpy(blk[cur] + room, doc + at, to - at);
			if (rv_xs_feed(&s, blk[cur] + room, to - at, room, to == n) < 0)
				abort();
			memset(blk[cur ^ 1], 'Y', room + n + 1);
			at = to;
		} else if (ev == RV_XS_START) {
			rv_buf_printf(&b, "<%s", s.name);
			for (i = 0; s.atts[i] != NULL; i += 2)
				rv_buf_printf(&b, " %s=%s", s.atts[i], s.atts[i + 1]);
			rv_buf_puts(&b, ">");
		} else if (ev == RV_XS_END) {
			rv_buf_printf(&b, "</%s>", s.name);
		} else if (ev == RV_XS_TEXT) {
			rv_buf_append(&b, s.text, s.tlen);
		} else {
			break;
		}
	}
	sok = ev == RV_XS_EOF;
	if (xok && (!sok || strcmp(b.p, t.b.p) != 0))
		abort();	/* expat read it: the scanner must read it the same */
	if (!xok && sok && !lenient)
		abort();	/* expat rejected it: so must the scanner */
	rv_xs_free(&s);
	free(blk[0]);
	free(blk[1]);
	rv_buf_free(&b);
	rv_buf_free(&t.b);
	return 0;
}
