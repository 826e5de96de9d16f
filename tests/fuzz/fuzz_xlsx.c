/* fuzz_xlsx.c - libFuzzer harness: the .xlsx reader (workbook, its
 * relationships, styles, shared strings, the sheet streamed row by row,
 * merged ranges) and rv-import's sheet layer (sheet choice, title rows,
 * widths). Deflated zip entries with CRCs are out of a fuzzer's reach,
 * so the input is the XML of the parts, separated by NUL bytes (sheet,
 * shared strings, styles, workbook, workbook relationships; an empty or
 * missing part gets a small valid default), packed here into a stored
 * zip. The first byte picks the options; with its top bit set the rest
 * is read as the zip file itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sheetin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
    "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
static const char *const dflt[] = {
	"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
	"<row><c t=\"inlineStr\"><is><t>x</t></is></c><c s=\"1\"><v>45292.5</v></c></row></sheetData>"
	"<mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>",
	"<sst><si><t>h</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si></sst>",
	"<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd h:mm\"/></numFmts>"
	"<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>",
	"<workbook><workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"T\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets></workbook>",
	"<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"x/styles\" Target=\"../xl/styles.xml\"/></Relationships>",
};

static uint32_t
crc32(const char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= (unsigned char)p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
	}
	return ~c;
}

static void
le(struct rv_buf *b, uint32_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (rv_buf_putc(b, (int)(v >> (8 * i) & 0xFF)) < 0)
			abort();
}

/* A zip file of stored entries. */
static void
zip(struct rv_buf *z, const char *const *body, const size_t *len, size_t n)
{
	struct rv_buf cd = {0};
	uint32_t off[8];
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t crc = crc32(body[i], len[i]), nl = (uint32_t)strlen(names[i]);
		off[i] = (uint32_t)z->len;
		le(z, 0x04034b50, 4), le(z, 20, 2), le(z, 0, 2), le(z, 0, 2), le(z, 0, 4);
		le(z, crc, 4), le(z, (uint32_t)len[i], 4), le(z, (uint32_t)len[i], 4), le(z, nl, 2), le(z, 0, 2);
		if (rv_buf_append(z, names[i], nl) < 0 || rv_buf_append(z, body[i], len[i]) < 0)
			abort();
		le(&cd, 0x02014b50, 4), le(&cd, 20, 2), le(&cd, 20, 2), le(&cd, 0, 2), le(&cd, 0, 2);
		le(&cd, 0, 4), le(&cd, crc, 4), le(&cd, (uint32_t)len[i], 4), le(&cd, (uint32_t)len[i], 4);
		le(&cd, nl, 2), le(&cd, 0, 2), le(&cd, 0, 2), le(&cd, 0, 2), le(&cd, 0, 2), le(&cd, 0, 4);
		le(&cd, off[i], 4);
		if (rv_buf_append(&cd, names[i], nl) < 0)
			abort();
	}
	uint32_t cdoff = (uint32_t)z->len;
	if (rv_buf_append(z, cd.p, cd.len) < 0)
		abort();
	le(z, 0x06054b50, 4), le(z, 0, 2), le(z, 0, 2), le(z, (uint32_t)n, 2), le(z, (uint32_t)n, 2);
	le(z, (uint32_t)cd.len, 4), le(z, cdoff, 4), le(z, 0, 2);
	rv_buf_free(&cd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sheets[] = {NULL, "S", "T", "2"};
	const char *body[5], *p, *end, *nul;
	size_t len[5], i;
	struct rv_buf z = {0};
	struct rv_sheetin in;
	struct rv_sheetin_opts o = {0};
	int rc;

	if (size == 0)
		return 0;
	o.fill_merged = data[0] & 1;
	o.no_header = (data[0] >> 1) & 1;
	o.header_row = o.no_header ? 0 : (data[0] >> 2) & 3;
	o.sheet = sheets[(data[0] >> 4) & 3];
	p = (const char *)data + 1;
	end = (const char *)data + size;
	if (data[0] & 0x80) {
		if (rv_buf_append(&z, p, (size_t)(end - p)) < 0)
			abort();
	} else {
		for (i = 0; i < 5; i++) {
			nul = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
			size_t n = p < end ? (size_t)((nul ? nul : end) - p) : 0;
			body[i] = n > 0 ? p : dflt[i];
			len[i] = n > 0 ? n : strlen(dflt[i]);
			p = nul ? nul + 1 : end;
		}
		zip(&z, body, len, 5);
	}
	rc = rv_sheetin_open(&in, "fuzz.xlsx", NULL, z.p, z.len, RV_SHEET_XLSX, &o);
	if (rc == 0) {
		while ((rc = rv_sheetin_next(&in)) == 1)
			for (i = 0; i < in.nf; i++)
				if (in.f[i].len > 0 && in.f[i].p == NULL)
					abort();
	}
	rv_sheetin_close(&in);
	rv_buf_free(&z);
	return 0;
}
