/* test_sheet.c - spreadsheet helpers: number formats, Excel serial
 * dates, cell references, _xHHHH_ escapes, numbers from BIFF, HTML
 * character references, format sniffing. */
#include <string.h>

#include "htmltab.h"
#include "sheet.h"
#include "testhelp.h"
#include "xls.h"
#include "xlsx.h"

static int
serial_is(double v, int d1904, int kind, const char *want)
{
	char out[32];
	size_t n = rv_sheet_serial(out, v, d1904, kind);

	if (want == NULL)
		return n == 0;
	return n == strlen(want) && memcmp(out, want, n) == 0;
}

static int
number_is(double v, const char *want)
{
	char out[32];
	size_t n = rv_xls_number(out, v);

	return n == strlen(want) && strcmp(out, want) == 0;
}

static int
unescape_is(const char *in, const char *want)
{
	struct rv_buf b = {0};
	int ok;

	rv_buf_puts(&b, in);
	rv_xlsx_unescape(&b, 0);
	ok = b.len == strlen(want) && strcmp(b.p, want) == 0;
	rv_buf_free(&b);
	return ok;
}

static int
entity_is(const char *in, size_t used, const char *want)
{
	char out[8];
	size_t n = 0, u = rv_htmltab_entity(in, strlen(in), out, &n);

	if (want == NULL)
		return u == 0;
	return u == used && n == strlen(want) && memcmp(out, want, n) == 0;
}

int
main(void)
{
	char ref[24];
	size_t col;
	unsigned long row;

	/* Format codes. */
	test_cond("yyyy-mm-dd is a date", rv_xlsx_fmt_kind("yyyy-mm-dd") == RV_XF_DATE);
	test_cond("m/d/yy h:mm is a date-time", rv_xlsx_fmt_kind("m/d/yy h:mm") == RV_XF_DATETIME);
	test_cond("h:mm:ss is a time", rv_xlsx_fmt_kind("h:mm:ss") == RV_XF_TIME);
	test_cond("mm:ss is a time", rv_xlsx_fmt_kind("mm:ss") == RV_XF_TIME);
	test_cond("[h]:mm is a time", rv_xlsx_fmt_kind("[h]:mm") == RV_XF_TIME);
	test_cond("0.00 is a number", rv_xlsx_fmt_kind("0.00") == RV_XF_NUMBER);
	test_cond("General is a number", rv_xlsx_fmt_kind("General") == RV_XF_NUMBER);
	test_cond("[Red]0.00 is a number", rv_xlsx_fmt_kind("[Red]0.00") == RV_XF_NUMBER);
	test_cond("quoted d is text", rv_xlsx_fmt_kind("0\" days\"") == RV_XF_NUMBER);
	test_cond("escaped d is text", rv_xlsx_fmt_kind("0\\d") == RV_XF_NUMBER);
	test_cond("_ and * skip a character", rv_xlsx_fmt_kind("#,##0_d;*s0") == RV_XF_NUMBER);
	test_cond("[$-804] locale, then a date", rv_xlsx_fmt_kind("[$-804]yyyy\"年\"m\"月\"") == RV_XF_DATE);
	test_cond("mmm alone is a date", rv_xlsx_fmt_kind("mmm") == RV_XF_DATE);
	test_cond("builtin 14 is a date", rv_xlsx_builtin_kind(14) == RV_XF_DATE);
	test_cond("builtin 22 is a date-time", rv_xlsx_builtin_kind(22) == RV_XF_DATETIME);
	test_cond("builtin 47 is a time", rv_xlsx_builtin_kind(47) == RV_XF_TIME);
	test_cond("builtin 2 is a number", rv_xlsx_builtin_kind(2) == RV_XF_NUMBER);
	test_cond("builtin 49 (text) is not a date", rv_xlsx_builtin_kind(49) == RV_XF_NUMBER);

	/* Serial dates, 1900 system with its leap-year bug, and 1904. */
	test_cond("serial 1", serial_is(1, 0, RV_XF_DATE, "1900-01-01"));
	test_cond("serial 59", serial_is(59, 0, RV_XF_DATE, "1900-02-28"));
	test_cond("serial 60 is the 1900-02-29 Excel counts", serial_is(60, 0, RV_XF_DATE, "1900-02-29"));
	test_cond("serial 61", serial_is(61, 0, RV_XF_DATE, "1900-03-01"));
	test_cond("serial 45292", serial_is(45292, 0, RV_XF_DATE, "2024-01-01"));
	test_cond("1904 serial 0", serial_is(0, 1, RV_XF_DATE, "1904-01-01"));
	test_cond("1904 serial 43830", serial_is(43830, 1, RV_XF_DATE, "2024-01-01"));
	test_cond("date-time", serial_is(45292.75, 0, RV_XF_DATETIME, "2024-01-01 18:00:00"));
	test_cond("time rounds to the millisecond",
	    serial_is(0.5104166666666666, 0, RV_XF_TIME, "12:15:00"));
	test_cond("milliseconds shown", serial_is(0.5 + 0.25 / 86400, 0, RV_XF_TIME, "12:00:00.250"));
	test_cond("23:59:59.9999 rounds into the next day",
	    serial_is(45292.99999999999, 0, RV_XF_DATETIME, "2024-01-02 00:00:00"));
	test_cond("a time alone in a date-time format", serial_is(0.25, 0, RV_XF_DATETIME, "06:00:00"));
	test_cond("9999-12-31", serial_is(2958465, 0, RV_XF_DATE, "9999-12-31"));
	test_cond("after 9999-12-31: none", serial_is(2958466, 0, RV_XF_DATE, NULL));
	test_cond("1904: after 9999-12-31: none", serial_is(2957004, 1, RV_XF_DATE, NULL));
	test_cond("negative: none", serial_is(-1, 0, RV_XF_DATE, NULL));
	test_cond("a number format: none", serial_is(1, 0, RV_XF_NUMBER, NULL));

	/* Cell references. */
	rv_sheet_cellref(ref, 0, 1);
	test_cond("A1", strcmp(ref, "A1") == 0);
	rv_sheet_cellref(ref, 25, 7);
	test_cond("Z7", strcmp(ref, "Z7") == 0);
	rv_sheet_cellref(ref, 26, 7);
	test_cond("AA7", strcmp(ref, "AA7") == 0);
	rv_sheet_cellref(ref, RV_SHEET_MAXCOL - 1, 1048576);
	test_cond("XFD1048576", strcmp(ref, "XFD1048576") == 0);
	test_cond("parse C7", rv_sheet_parse_ref("C7", 2, &col, &row) == 2 && col == 2 && row == 7);
	test_cond("parse $AB$12", rv_sheet_parse_ref("$AB$12", 6, &col, &row) == 6 && col == 27 &&
	    row == 12);
	test_cond("parse XFD1", rv_sheet_parse_ref("XFD1", 4, &col, &row) == 4 && col == 16383);
	test_cond("four letters: no", rv_sheet_parse_ref("ABCD1", 5, &col, &row) == 0);
	test_cond("no letters: no", rv_sheet_parse_ref("17", 2, &col, &row) == 0);
	test_cond("a huge row: no", rv_sheet_parse_ref("A99999999999", 12, &col, &row) == 0);

	/* _xHHHH_ escapes. */
	test_cond("_x000D_ is CR", unescape_is("a_x000D_b", "a\rb"));
	test_cond("_x005F_ is an underscore", unescape_is("_x005F_x0041_", "_x0041_"));
	test_cond("CJK", unescape_is("_x4E2D_", "中"));
	test_cond("a lone surrogate becomes U+FFFD", unescape_is("_xD800_", "\xEF\xBF\xBD"));
	test_cond("not hex: kept", unescape_is("_x00G0_ _x12_", "_x00G0_ _x12_"));

	/* Numbers from BIFF, as Excel shows them. */
	test_cond("0.1", number_is(0.1, "0.1"));
	test_cond("0.1+0.2 to 15 digits", number_is(0.1 + 0.2, "0.3"));
	test_cond("1/3", number_is(1.0 / 3, "0.333333333333333"));
	test_cond("integer", number_is(1234567, "1234567"));
	test_cond("negative", number_is(-2.5e-3, "-0.0025"));
	test_cond("1E+20", number_is(1e20, "1E+20"));
	test_cond("1.5E-10", number_is(1.5e-10, "1.5E-10"));
	test_cond("zero", number_is(0, "0"));

	/* HTML character references. */
	test_cond("&amp;", entity_is("&amp;x", 5, "&"));
	test_cond("&nbsp; is a space", entity_is("&nbsp;", 6, " "));
	test_cond("&#20013;", entity_is("&#20013;", 8, "中"));
	test_cond("&#x1F600;", entity_is("&#x1F600;", 9, "\xF0\x9F\x98\x80"));
	test_cond("&#0; is U+FFFD", entity_is("&#0;", 4, "\xEF\xBF\xBD"));
	test_cond("&#x110000; is U+FFFD", entity_is("&#x110000;", 10, "\xEF\xBF\xBD"));
	test_cond("unknown name: literal", entity_is("&bogus;", 0, NULL));
	test_cond("no semicolon: literal", entity_is("&amp x", 0, NULL));
	test_cond("&#; : literal", entity_is("&#;", 0, NULL));

	/* Sniffing. */
	test_cond("zip", rv_sheet_sniff((const unsigned char *)"PK\3\4....", 8) == RV_SHEET_XLSX);
	test_cond("OLE2", rv_sheet_sniff((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) ==
	    RV_SHEET_XLS);
	test_cond("<html", rv_sheet_sniff((const unsigned char *)"\xEF\xBB\xBF <HTML>", 10) ==
	    RV_SHEET_HTML);
	test_cond("<table", rv_sheet_sniff((const unsigned char *)"\n<table>", 8) == RV_SHEET_HTML);
	test_cond("<?xml then a table", rv_sheet_sniff((const unsigned char *)"<?xml?><table>", 14) ==
	    RV_SHEET_HTML);
	test_cond("CSV", rv_sheet_sniff((const unsigned char *)"a,b\n<table>", 11) == RV_SHEET_NONE);
	test_cond("empty", rv_sheet_sniff((const unsigned char *)"", 0) == RV_SHEET_NONE);
	return test_report();
}
