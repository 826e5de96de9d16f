/* test_xmlscan.c - the streaming XML scanner, against expat: every
 * document is fed in two blocks cut at every byte offset (and in blocks
 * of one byte), with and without room before a block; the events
 * (elements, attributes, character data joined) must be expat's, and a
 * malformed document an error with expat's words and byte offset. */
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "xmltrace.h"

/* doc scanned every way must give what expat gives (or want, when the
 * scanner is meant to differ). */
static int
same(const char *doc, const char *want)
{
	size_t n = strlen(doc), c, room;
	char *e = want ? strdup(want) : expat(doc, n, NULL), *g;
	int ok = 1;

	for (room = 0; room <= 8 && ok; room += 8) {
		for (c = 0; c <= n && ok; c++) {
			g = scan(doc, n, &c, 1, 0, room, NULL);
			if (strcmp(g, e) != 0) {
				printf("  doc %s\n  cut at %zu room %zu:\n  scanner %s\n  expat   %s\n", doc, c,
				    room, g, e);
				ok = 0;
			}
			free(g);
		}
		g = scan(doc, n, NULL, 0, 1, room, NULL);
		if (ok && strcmp(g, e) != 0) {
			printf("  doc %s\n  byte by byte, room %zu:\n  scanner %s\n  expat   %s\n", doc, room,
			    g, e);
			ok = 0;
		}
		free(g);
	}
	free(e);
	return ok;
}

int
main(void)
{
	static const char *const docs[] = {
		/* what sheets hold */
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"u\">"
		"<dimension ref=\"A1:B2\"/><sheetData><row r=\"1\" spans=\"1:2\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		"<c r=\"B1\" s=\"3\"><f>A1+1</f><v>2.5</v></c></row></sheetData>"
		"<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
		/* prefixes, self-closing cells, inline rich text, xml:space */
		"<x:worksheet xmlns:x=\"u\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\"/><x:c r=\"B1\" t=\"inlineStr\">"
		"<x:is><x:r><x:t xml:space=\"preserve\"> a </x:t></x:r><x:r><x:t>b</x:t></x:r></x:is></x:c>"
		"</x:row></x:sheetData></x:worksheet>",
		/* entities and references, split anywhere */
		"<a b='&amp;&lt;&gt;&quot;&apos;' c=\"&#65;&#x42;&#x4e2d;&#x1F600;\">&amp;&lt;x&gt;&quot;&apos;"
		"&#10;&#13;&#x9;&#x10FFFF;&#0000065;</a>",
		/* attribute quotes, order, white space and normalisation */
		"<a  z = \"1\"\ty='\"2\"'\nx=\"it's\" w=\"a\tb\nc\r\nd\re&#10;f&#13;\" ></a >",
		/* CR LF and lone CR in text, CDATA, comments, PIs */
		"<?xml version='1.0'?><!-- head --><?pi stuff?><a>x\r\ny\rz\r<![CDATA[<b>&amp;\r\n]]]]>"
		"<!-- c -- >? --><?p q?>]</a><!-- tail -->\n<?end?>\n",
		"\xEF\xBB\xBF<a>\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 caf\xC3\xA9 \x7F</a>",
		"<a:b:c d:e=\"1\"/>",
		"<a>]]x]></a>",
		/* malformed */
		"<a><b>1</a>",
		"<a>\xE4\xB8\xAD<b>1</a>",
		"<sheetData><row><c r=\"A2\"><v>1</c></row></sheetData>",
		"<a>x",
		"<a",
		"  ",
		"<a/>x",
		"<a/><b/>",
		"<a>&nbsp;</a>",
		"<a>&#1;</a>",
		"<a>&#xD800;</a>",
		"<a>&#x110000;</a>",
		"<a>&#;</a>",
		"<a>&#X41;</a>",
		"<a>&amp</a>",
		"<a>& b</a>",
		"<a b=\"1\"c=\"2\"/>",
		"<a b=\"1\" b=\"2\"/>",
		"<a b=\"<\"/>",
		"<a b=1/>",
		"<a b=\"\x01\"/>",
		"<a>]]></a>",
		"<a>\x01</a>",
		"<a>\xFF</a>",
		"<a>\xC0\x80</a>",
		"<a>\xED\xA0\x80</a>",
		"<a>\xEF\xBF\xBE</a>",
		"<a>x\xE4\xB8</a>",
		"<a><!-- x -- y --></a>",
		"<a><!-- x ---></a>",
		"<a><?xml version=\"1.0\"?></a>",
		"<a><![CDATA[x</a>",
		"<1a/>",
		"</a>",
		"<a></ a>",
		"<a></b>",
		"<a/ >",
		"<a>\n\n  <b>\n</c></a>",
		"<a><b></b></a><!-- c --> ",
	};
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		test_cond(docs[i], same(docs[i], NULL));
	/* A tag longer than a block: read whole in the scanner's own buffer. */
	{
		struct rv_buf d = {0};
		rv_buf_puts(&d, "<a v=\"");
		for (i = 0; i < 3000; i++)
			rv_buf_puts(&d, "0123456789");
		rv_buf_puts(&d, "\">t</a>");
		char *e = expat(d.p, d.len, NULL), *g = scan(d.p, d.len, NULL, 0, 7, 16, NULL);
		test_cond("long tag", strcmp(e, g) == 0);
		free(e);
		free(g);
		rv_buf_free(&d);
	}
	/* Encodings: UTF-8 (declared or not) is the scanner's; others not. */
	test_cond("utf8 none", rv_xs_utf8("<a/>", 4) == 1);
	test_cond("utf8 decl", rv_xs_utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>", 41) == 1);
	test_cond("latin1 decl", rv_xs_utf8("<?xml version=\"1.0\" encoding='ISO-8859-1'?><a/>", 46) == 0);
	test_cond("utf16 bom", rv_xs_utf8("\xFF\xFE<\0a\0", 6) == 0);
	test_cond("utf16 no bom", rv_xs_utf8("<\0a\0", 4) == 0);
	/* Where the scanner puts an error that expat puts elsewhere: the
	 * end of an empty document (expat: -1), the stray text (expat: the
	 * byte after it), the undefined entity in a value (expat: the tag),
	 * the DOCTYPE (expat: after its name). */
	test_cond("empty", same("", "!no element found@0"));
	test_cond("text before root", same("x<a/>", "!not well-formed (invalid token)@0"));
	test_cond("entity in value", same("<a b=\"&bogus;\"/>", "!undefined entity@6"));
	test_cond("doctype", same("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "!a DOCTYPE declaration@0"));
	test_cond("latin1 in scanner",
	    same("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "!unknown encoding@0"));
	return test_report();
}
