/* test_sheet.c - cell typing, display widths, identifier column names,
 * sheet names (lib/io/sheet.c) and unescaping (lib/core/esc.c), as
 * rv-export(1) documents them. */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "cellkind.h"
#include "testhelp.h"

static enum rv_cell_kind
kind(const char *s)
{
	struct rv_cell c;

	return rv_cell_classify(s, strlen(s), &c);
}

static struct rv_cell
cell(const char *s)
{
	struct rv_cell c;

	rv_cell_classify(s, strlen(s), &c);
	return c;
}

static int
taken_ab(const char *name, void *arg)
{
	(void)arg;
	return rv_sheet_name_eq(name, "a") || rv_sheet_name_eq(name, "A_2");
}

static int
unesc_is(const char *in, const char *want, size_t wantlen)
{
	struct rv_buf b = {0};
	int ok = rv_unesc(&b, in, strlen(in)) == 0 && b.len == wantlen && memcmp(b.p, want, wantlen) == 0;

	rv_buf_free(&b);
	return ok;
}

int
main(void)
{
	char out[128];
	struct rv_cell c;

	/* Numbers: only what prints back as written. */
	c = cell("0.1");
	test_cond("0.1 is a number", c.kind == RV_KIND_NUMBER && c.v == 0.1 && c.decimals == -1);
	test_cond("-3 is a number", kind("-3") == RV_KIND_NUMBER && cell("-3").v == -3);
	test_cond("0 is a number", kind("0") == RV_KIND_NUMBER && cell("0").v == 0);
	test_cond("00123 is text", kind("00123") == RV_KIND_TEXT);
	test_cond("+5 is text", kind("+5") == RV_KIND_TEXT);
	test_cond("1e5 is text", kind("1e5") == RV_KIND_TEXT);
	test_cond(".5 is text", kind(".5") == RV_KIND_TEXT);
	test_cond("5. is text", kind("5.") == RV_KIND_TEXT);
	test_cond("-0 is text", kind("-0") == RV_KIND_TEXT);
	test_cond("1,000 is text", kind("1,000") == RV_KIND_TEXT);
	test_cond("' 7' is text", kind(" 7") == RV_KIND_TEXT);
	test_cond("15 digits is a number", kind("123456789012345") == RV_KIND_NUMBER);
	test_cond("16 digits is text", kind("1234567890123456") == RV_KIND_TEXT);
	test_cond("0.0000001 is text (would print 1E-07)", kind("0.0000001") == RV_KIND_TEXT);
	test_cond("1e17 written out is text", kind("100000000000000000") == RV_KIND_TEXT);
	c = cell("12.50");
	test_cond("12.50: number shown with 2 decimals", c.kind == RV_KIND_NUMBER && c.v == 12.5 &&
	    c.decimals == 2);
	c = cell("0.00");
	test_cond("0.00: zero with 2 decimals", c.kind == RV_KIND_NUMBER && c.v == 0 && c.decimals == 2);
	c = cell("123456789012");
	test_cond("12 digits: fixed format (General would show 1.23457E+11)",
	    c.kind == RV_KIND_NUMBER && c.decimals == 0);
	c = cell("12345678901");
	test_cond("11 digits: General", c.kind == RV_KIND_NUMBER && c.decimals == -1);
	test_cond("-0.450 keeps 3 decimals", cell("-0.450").decimals == 3 && cell("-0.450").v == -0.45);

	/* Dates: Excel serials of the 1900 system, wall-clock time kept. */
	c = cell("2026-11-03");
	test_cond("2026-11-03 is a date", c.kind == RV_KIND_DATE && c.v == 46329);
	c = cell("1900-03-01");
	test_cond("1900-03-01 is serial 61", c.kind == RV_KIND_DATE && c.v == 61);
	test_cond("1900-02-28 is text (Excel's 1900 leap bug)", kind("1900-02-28") == RV_KIND_TEXT);
	test_cond("2026-02-30 is text", kind("2026-02-30") == RV_KIND_TEXT);
	test_cond("2023-02-29 is text", kind("2023-02-29") == RV_KIND_TEXT);
	test_cond("2024-02-29 is a date", kind("2024-02-29") == RV_KIND_DATE);
	c = cell("2026-11-03T10:00:00+08:00");
	test_cond("+08:00 dropped: 10:00 wall clock", c.kind == RV_KIND_DATETIME && c.seconds &&
	    fabs(c.v - (46329 + 10.0 / 24)) < 1e-9);
	c = cell("2026-11-03 10:00");
	test_cond("date and minutes", c.kind == RV_KIND_DATETIME && !c.seconds &&
	    fabs(c.v - (46329 + 10.0 / 24)) < 1e-9);
	test_cond("Z zone", kind("2026-11-03T10:00:00Z") == RV_KIND_DATETIME);
	{
		const char *s = "2026-11-03T10:00:00+08:00", *s2 = "2026-11-03 10:00", *s3 = "2026-11-03";
		char f[64];
		c = cell(s);
		test_cond("format shows T, seconds and zone",
		    strcmp(rv_cell_datefmt(f, s, &c), "yyyy-mm-dd\"T\"hh:mm:ss\"+08:00\"") == 0);
		c = cell(s2);
		test_cond("format with a space, no seconds",
		    strcmp(rv_cell_datefmt(f, s2, &c), "yyyy-mm-dd hh:mm") == 0);
		c = cell(s3);
		test_cond("date format", strcmp(rv_cell_datefmt(f, s3, &c), "yyyy-mm-dd") == 0);
	}
	test_cond("+0800 zone", kind("2026-11-03T10:00+0800") == RV_KIND_DATETIME);
	test_cond("fractional seconds are text", kind("2026-11-03T10:00:00.5") == RV_KIND_TEXT);
	test_cond("25:00 is text", kind("2026-11-03T25:00") == RV_KIND_TEXT);
	test_cond("a date with trailing text is text", kind("2026-11-03 发货") == RV_KIND_TEXT);
	test_cond("2026/11/03 is text", kind("2026/11/03") == RV_KIND_TEXT);

	/* Widths. */
	test_cond("width abc", rv_cell_width("abc", 3) == 3);
	test_cond("width 中文 = 4", rv_cell_width("中文", strlen("中文")) == 4);
	test_cond("width full-width ＡＢ = 4", rv_cell_width("ＡＢ", strlen("ＡＢ")) == 4);
	test_cond("width of the widest line", rv_cell_width("ab\ncdef\ng", 9) == 4);
	test_cond("combining mark is 0", rv_cell_width("e\xCC\x81", 3) == 1);
	test_cond("emoji is 2", rv_cell_width("\xF0\x9F\x98\x80", 4) == 2);
	test_cond("한글 is 4", rv_cell_width("한글", strlen("한글")) == 4);
	test_cond("invalid byte is 1", rv_cell_width("a\xFF", 2) == 2);

	/* Identifier columns. */
	test_cond("order_id", rv_cell_idname("order_id", 8));
	test_cond("orderId", rv_cell_idname("orderId", 7));
	test_cond("OrderNo", rv_cell_idname("OrderNo", 7));
	test_cond("SKUNo", rv_cell_idname("SKUNo", 5));
	test_cond("phone", rv_cell_idname("phone", 5));
	test_cond("conv", rv_cell_idname("conv", 4));
	test_cond("商品ID", rv_cell_idname("商品ID", strlen("商品ID")));
	test_cond("订单号", rv_cell_idname("订单号", strlen("订单号")));
	test_cond("手机号码", rv_cell_idname("手机号码", strlen("手机号码")));
	test_cond("联系电话", rv_cell_idname("联系电话", strlen("联系电话")));
	test_cond("amount is not", !rv_cell_idname("amount", 6));
	test_cond("order_amount is not", !rv_cell_idname("order_amount", 12));
	test_cond("rating is not", !rv_cell_idname("rating", 6));
	test_cond("valid is not (ends in id, one word)", !rv_cell_idname("valid", 5));
	test_cond("金额 is not", !rv_cell_idname("金额", strlen("金额")));

	/* Sheet names. */
	test_cond("ok name", rv_sheet_name_bad("评价") == NULL);
	test_cond("slash", rv_sheet_name_bad("a/b") != NULL);
	test_cond("empty", rv_sheet_name_bad("") != NULL);
	test_cond("32 chars", rv_sheet_name_bad("abcdefghijklmnopqrstuvwxyz012345") != NULL);
	test_cond("31 chars", rv_sheet_name_bad("abcdefghijklmnopqrstuvwxyz01234") == NULL);
	test_cond("apostrophe first", rv_sheet_name_bad("'a") != NULL);
	test_cond("History reserved", rv_sheet_name_bad("history") != NULL);
	test_cond("from path", strcmp(rv_sheet_name_from(out, "dir/scored.tsv"), "scored") == 0);
	test_cond("from [x]:y?.tsv", strcmp(rv_sheet_name_from(out, "[x]:y?.tsv"), "_x__y_") == 0);
	test_cond("from long name cut to 31",
	    strcmp(rv_sheet_name_from(out, "abcdefghijklmnopqrstuvwxyz0123456789.tsv"),
	    "abcdefghijklmnopqrstuvwxyz01234") == 0);
	test_cond("from .tsv", strcmp(rv_sheet_name_from(out, ".tsv"), ".tsv") == 0);
	test_cond("from ''", strcmp(rv_sheet_name_from(out, "'''.tsv"), "Sheet") == 0);
	test_cond("unique a -> a_3", strcmp(rv_sheet_name_unique(out, "a", taken_ab, NULL), "a_3") == 0);
	test_cond("unique b -> b", strcmp(rv_sheet_name_unique(out, "b", taken_ab, NULL), "b") == 0);
	test_cond("eq ignores ASCII case", rv_sheet_name_eq("Data", "dATA"));
	{
		char names[4][128];
		char *paths[] = {"x.tsv", "dir/a.tsv", "a.tsv", "-"};
		char *expl[] = {"A"};
		rv_sheet_names(names, paths, 4, expl, 1);
		test_cond("sheet names: explicit first, defaults unique",
		    strcmp(names[0], "A") == 0 && strcmp(names[1], "a_2") == 0 &&
		    strcmp(names[2], "a_3") == 0 && strcmp(names[3], "Sheet1") == 0);
	}

	/* Unescaping. */
	test_cond("\\t \\n \\r \\\\", unesc_is("a\\tb\\nc\\rd\\\\e", "a\tb\nc\rd\\e", 9));
	test_cond("\\0 kept", unesc_is("a\\0b", "a\\0b", 4));
	test_cond("C:\\data kept", unesc_is("C:\\data", "C:\\data", 7));
	test_cond("trailing backslash kept", unesc_is("a\\", "a\\", 2));
	test_cond("\\\\n is a backslash and n", unesc_is("\\\\n", "\\n", 2));
	return test_report();
}
