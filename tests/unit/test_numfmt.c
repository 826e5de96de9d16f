/* test_numfmt.c - Excel number formats rendered as Excel shows them:
 * fixed-decimal padding and date/time patterns (numfmt.h). */
#include <string.h>

#include "numfmt.h"
#include "testhelp.h"

static int
pad_is(const char *in, int dec, const char *want)
{
	char out[64];
	size_t n = rv_numfmt_pad(out, sizeof(out), in, strlen(in), dec);

	if (want == NULL)
		return n == 0;
	return n == strlen(want) && strcmp(out, want) == 0;
}

/* code rendered on serial gives want; want NULL: the code is not one
 * that is rendered; want "": the serial is not (out of range). */
static int
date_is(const char *code, double serial, int d1904, const char *want)
{
	char pat[RV_NUMFMT_PATSZ], out[RV_NUMFMT_PATSZ * 4 + 32];
	size_t n;

	if (!rv_numfmt_datepat(code, pat))
		return want == NULL;
	if (want == NULL)
		return 0;
	n = rv_numfmt_date(out, sizeof(out), serial, d1904, pat);
	return n == strlen(want) && (n == 0 || strcmp(out, want) == 0);
}

int
main(void)
{
	/* Which formats are plain fixed-decimal ones. */
	test_cond("0.00: 2", rv_numfmt_decimals("0.00") == 2);
	test_cond("0.000: 3", rv_numfmt_decimals("0.000") == 3);
	test_cond("#,##0.00: 2", rv_numfmt_decimals("#,##0.00") == 2);
	test_cond("[Red]0.0: 1", rv_numfmt_decimals("[Red]0.0") == 1);
	test_cond("[Color10]0.00: 2", rv_numfmt_decimals("[Color10]0.00") == 2);
	test_cond("0: 0", rv_numfmt_decimals("0") == 0);
	test_cond("#,##0: 0", rv_numfmt_decimals("#,##0") == 0);
	test_cond("#.00 (no leading digit): no", rv_numfmt_decimals("#.00") == -1);
	test_cond("0.0# (optional digit): no", rv_numfmt_decimals("0.0#") == -1);
	test_cond("0.00% : no", rv_numfmt_decimals("0.00%") == -1);
	test_cond("0.00E+00: no", rv_numfmt_decimals("0.00E+00") == -1);
	test_cond("two sections: no", rv_numfmt_decimals("0.00;-0.00") == -1);
	test_cond("[$-804]0.00: no", rv_numfmt_decimals("[$-804]0.00") == -1);
	test_cond("[>100]0.00: no", rv_numfmt_decimals("[>100]0.00") == -1);
	test_cond("General: no", rv_numfmt_decimals("General") == -1);
	test_cond("quoted text: no", rv_numfmt_decimals("0.00\" kg\"") == -1);
	test_cond("builtin 2: 2", rv_numfmt_builtin_decimals(2) == 2);
	test_cond("builtin 4: 2", rv_numfmt_builtin_decimals(4) == 2);
	test_cond("builtin 1: 0", rv_numfmt_builtin_decimals(1) == 0);
	test_cond("builtin 10 (0.00%): no", rv_numfmt_builtin_decimals(10) == -1);

	/* Padding: zeros added, stored digits never dropped. */
	test_cond("12.5 -> 12.50", pad_is("12.5", 2, "12.50"));
	test_cond("0.48 -> 0.480", pad_is("0.48", 3, "0.480"));
	test_cond("12 -> 12.00", pad_is("12", 2, "12.00"));
	test_cond("-0.5 -> -0.50", pad_is("-0.5", 2, "-0.50"));
	test_cond("12. -> 12.00", pad_is("12.", 2, "12.00"));
	test_cond("12.345 kept (not rounded)", pad_is("12.345", 2, NULL));
	test_cond("12.50 kept", pad_is("12.50", 2, NULL));
	test_cond("1.5E-3 kept", pad_is("1.5E-3", 2, NULL));
	test_cond("text kept", pad_is("abc", 2, NULL));
	test_cond("- kept", pad_is("-", 2, NULL));
	test_cond("0 decimals: kept", pad_is("12.5", 0, NULL));
	test_cond("too long for out: kept", pad_is("1234567890123456789012345678901234567890", 30, NULL));

	/* Date/time patterns. 46359.0875 is 2026-12-03 02:06:00. */
	test_cond("ISO with T and zone", date_is("yyyy-mm-dd\"T\"hh:mm:ss\"+08:00\"", 46359.0875, 0,
	    "2026-12-03T02:06:00+08:00"));
	test_cond("unquoted T and +0800", date_is("yyyy-mm-ddThh:mm:ss+0800", 46359.0875, 0,
	    "2026-12-03T02:06:00+0800"));
	test_cond("\\-escaped Z", date_is("yyyy-mm-dd hh:mm\\Z", 46359.0875, 0,
	    "2026-12-03 02:06Z"));
	test_cond("digits not after +: no", date_is("hh:mm\\+08\\:00", 0.5, 0, NULL));
	test_cond("yyyy-mm-dd hh:mm", date_is("yyyy-mm-dd hh:mm", 46359.0875, 0, "2026-12-03 02:06"));
	test_cond("m/d/yy h:mm", date_is("m/d/yy h:mm", 46359.0875, 0, "12/3/26 2:06"));
	test_cond("yyyy/m/d", date_is("yyyy/m/d", 45292, 0, "2024/1/1"));
	test_cond("upper case YYYY-MM-DD", date_is("YYYY-MM-DD", 45292, 0, "2024-01-01"));
	test_cond("mm:ss: minutes before seconds", date_is("mm:ss", 0.0208333333333333, 0, "30:00"));
	test_cond("h:mm: minutes after an hour", date_is("h:mm", 0.5104166667, 0, "12:15"));
	test_cond("hh\"h\"mm: a literal between", date_is("hh\"h\"mm", 0.5104166667, 0, "12h15"));
	test_cond("mm.dd: months", date_is("mm.dd", 45292, 0, "01.01"));
	test_cond("escaped and quoted CJK", date_is("yyyy\"年\"m\\月d\"日\"", 45292, 0, "2024年1月1日"));
	test_cond("rounded to the second", date_is("hh:mm:ss", 0.999994212962963, 0, "00:00:00"));
	test_cond("serial 60 is 1900-02-29", date_is("yyyy-mm-dd", 60, 0, "1900-02-29"));
	test_cond("serial 61 is 1900-03-01", date_is("yyyy-mm-dd", 61, 0, "1900-03-01"));
	test_cond("1904 system", date_is("yyyy-mm-dd", 45292, 1, "2028-01-02"));
	test_cond("day 0 with a date: not rendered", date_is("yyyy-mm-dd", 0.5, 0, ""));
	test_cond("day 0, time only", date_is("hh:mm", 0.5, 0, "12:00"));
	test_cond("negative: not rendered", date_is("yyyy-mm-dd", -1, 0, ""));
	test_cond("9999-12-31", date_is("yyyy-mm-dd", 2958465, 0, "9999-12-31"));
	test_cond("after 9999: not rendered", date_is("yyyy-mm-dd", 2958466, 0, ""));
	test_cond("AM/PM: no", date_is("h:mm AM/PM", 0.5, 0, NULL));
	test_cond("mmm month name: no", date_is("d-mmm-yy", 45292, 0, NULL));
	test_cond("dddd weekday: no", date_is("dddd yyyy", 45292, 0, NULL));
	test_cond("yyy: no", date_is("yyy-mm", 45292, 0, NULL));
	test_cond("[h] elapsed: no", date_is("[h]:mm:ss", 1.25, 0, NULL));
	test_cond("fractions of a second: no", date_is("hh:mm:ss.000", 0.5, 0, NULL));
	test_cond("[$-804] locale: no", date_is("[$-804]yyyy-mm-dd", 45292, 0, NULL));
	test_cond("two sections: no", date_is("yyyy-mm-dd;@", 45292, 0, NULL));
	test_cond("a comma: no", date_is("mm/dd, yyyy", 45292, 0, NULL));
	test_cond("a plus without digits then a letter: no", date_is("yyyy+a", 45292, 0, NULL));
	test_cond("unterminated quote: no", date_is("yyyy\"x", 45292, 0, NULL));
	test_cond("no token: no", date_is("\"T\"", 45292, 0, NULL));
	test_cond("General: no", date_is("General", 45292, 0, NULL));
	return test_report();
}
