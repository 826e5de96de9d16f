/* cellkind.h - what a TSV field becomes in a spreadsheet: a number, a date,
 * a date-time or text (the rules rv-export(1) documents), the width a
 * column needs to show it, which header names hold identifiers, and
 * Excel's rules for sheet names. No I/O: shared by the xlsx writer and
 * its tests. */
#ifndef RV_CELLKIND_H
#define RV_CELLKIND_H

#include <stddef.h>

enum rv_cell_kind { RV_KIND_TEXT, RV_KIND_NUMBER, RV_KIND_DATE, RV_KIND_DATETIME };

struct rv_cell {
	enum rv_cell_kind kind;
	double v;		/* NUMBER: the value; DATE/DATETIME: the Excel serial (1900 system) */
	int decimals;		/* NUMBER: digits after the point to show with a fixed
				 * format, or -1 for Excel's General format */
	int seconds;		/* DATETIME: the text had seconds */
	char sep;		/* DATETIME: 'T' or ' ' between date and time */
	size_t zone, zonelen;	/* DATETIME: the zone suffix at p[zone..+zonelen), or 0 */
};

/* Classify p[0..n). A number is [-](0|[1-9][0-9]*)[.[0-9]+] with at most
 * 15 significant digits whose value prints back as the same digits
 * (trailing zeros after the point aside, which a fixed format keeps):
 * "0.1", "-3", "12.50"; not "00123", "+5", "1e5", ".5", "-0", "1,000",
 * nor 16 or more significant digits. Dates are "YYYY-MM-DD"; date-times
 * add "THH:MM" or " HH:MM", optionally ":SS", optionally a zone ("Z",
 * "+08:00", "+0800", "+08"). Excel has no time zones: the value is the
 * wall-clock time as written, and the zone is for the number format to
 * show (rv_cell_datefmt). Dates before
 * 1900-03-01 (where Excel's 1900 calendar is wrong) and fractional
 * seconds stay text. Returns c->kind. */
enum rv_cell_kind rv_cell_classify(const char *p, size_t n, struct rv_cell *c);
/* The Excel number format that shows a DATE or DATETIME cell classified
 * from p exactly as written: "yyyy-mm-dd", "yyyy-mm-dd hh:mm",
 * "yyyy-mm-dd\"T\"hh:mm:ss\"+08:00\"", ... out holds >= 64 bytes.
 * Returns out. */
char *rv_cell_datefmt(char *out, const char *p, const struct rv_cell *c);

/* Display width of p[0..n) in character cells: East Asian wide and
 * full-width characters (CJK, kana, Hangul, most emoji) count 2,
 * combining marks and zero-width characters 0, others 1. With line
 * breaks, the widest line. Invalid bytes count 1. */
size_t rv_cell_width(const char *p, size_t n);

/* Does the header name p[0..n) name an identifier column (order number,
 * phone, id, SKU, ...)? Its last word decides: "order_id", "OrderNo",
 * "phone", "sku", "conv", "商品ID", "订单号", "手机号码", "联系电话".
 * Such columns stay text: 13812345678 is a phone number, not a quantity. */
int rv_cell_idname(const char *p, size_t n);

/* Excel's limit on sheet name length, in UTF-16 code units. */
enum { RV_SHEET_NAME_MAX = 31 };

/* Why name cannot be a sheet name (empty, too long, a character of
 * []:*?/\ or a control character, an apostrophe at either end, the
 * reserved "History"), or NULL when it can. */
const char *rv_sheet_name_bad(const char *name);
/* A valid sheet name made from a file name: its base name without the
 * extension, forbidden characters as "_", cut to the length limit at a
 * character boundary; "Sheet" when nothing is left. out holds >= 128
 * bytes. Returns out. */
char *rv_sheet_name_from(char *out, const char *path);
/* Are two sheet names the same to Excel (ASCII case ignored)? */
int rv_sheet_name_eq(const char *a, const char *b);
/* base, or base with "_K" appended (K = 2, 3, ...; base cut to keep the
 * length limit) when taken(name, arg) says base is in use. out holds
 * >= 128 bytes; base must be valid. Returns out. */
char *rv_sheet_name_unique(char *out, const char *base, int (*taken)(const char *, void *),
    void *arg);
/* Names for the sheets of n inputs: explicit[k] (valid and distinct) for
 * k < nexplicit, the others made from paths[k] (rv_sheet_name_from;
 * "Sheet1" for "-", or when paths is NULL), each unique against all the
 * names. names[k] holds 128 bytes. */
void rv_sheet_names(char (*names)[128], char *const *paths, int n, char *const *explicit,
    int nexplicit);

#endif
