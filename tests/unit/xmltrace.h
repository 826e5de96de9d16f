/* xmltrace.h - the streaming XML scanner (xmlscan.h) and expat on the
 * same document, each as one string of events: "<name a=v>", "</name>",
 * character data joined, "!error@offset" last. Included by
 * tests/unit/test_xmlscan.c and tests/fuzz/fuzz_xmlscan.c. */
#ifndef XMLTRACE_H
#define XMLTRACE_H

#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmlscan.h"

/* Events as one string: "<name a=v>", "</name>", text, "!error@offset". */
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
	struct trace *t = data;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	rv_buf_printf(&t->b, "!%s@%ld", rv_xs_errstr(RV_XS_EDOCTYPE),
	    (long)XML_GetCurrentByteIndex(t->xp));
	XML_StopParser(t->xp, XML_FALSE);
}

static char *
expat(const char *doc, size_t n, int *ok)
{
	struct trace t = {{0}, XML_ParserCreate(NULL)};
	int rc;

	rv_buf_puts(&t.b, "");
	XML_SetUserData(t.xp, &t);
	XML_SetElementHandler(t.xp, x_start, x_end);
	XML_SetCharacterDataHandler(t.xp, x_text);
	XML_SetStartDoctypeDeclHandler(t.xp, x_doctype);
	rc = XML_Parse(t.xp, doc, (int)n, 1);
	if (ok != NULL)
		*ok = rc != XML_STATUS_ERROR;
	if (rc == XML_STATUS_ERROR && XML_GetErrorCode(t.xp) != XML_ERROR_ABORTED)
		rv_buf_printf(&t.b, "!%s@%ld", XML_ErrorString(XML_GetErrorCode(t.xp)),
		    (long)XML_GetCurrentByteIndex(t.xp));
	XML_ParserFree(t.xp);
	return t.b.p;
}

/* The scanner on doc cut into blocks at the offsets cuts[0..ncut) (or,
 * step > 0, every step bytes); room bytes before each block. */
static char *
scan(const char *doc, size_t n, const size_t *cuts, size_t ncut, size_t step, size_t room,
    int *last)
{
	struct rv_xs s;
	struct rv_buf b = {0};
	char *blk[2] = {malloc(room + n + 1), malloc(room + n + 1)};
	size_t at = 0, k = 0, i;
	int ev, cur = 0;

	rv_buf_puts(&b, "");
	rv_xs_init(&s);
	for (;;) {
		ev = rv_xs_next(&s);
		if (ev == RV_XS_MORE) {
			size_t to = step > 0 ? (at + step < n ? at + step : n) : k < ncut ? cuts[k++] : n;
			/* A fresh block each time, the old one overwritten. */
			cur ^= 1;
			memset(blk[cur], 'Z', room + n + 1);
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
			if (ev == RV_XS_ERROR)
				rv_buf_printf(&b, "!%s@%llu", rv_xs_errstr(s.err), s.erroff);
			break;
		}
	}
	if (last != NULL)
		*last = ev;
	rv_xs_free(&s);
	free(blk[0]);
	free(blk[1]);
	return b.p;
}

#endif
