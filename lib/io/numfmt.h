/* numfmt.h - the parts of Excel number formats that rv-import renders as
 * Excel shows them (rv-import(1), CELL FORMATS):
 *
 * - a plain fixed-decimal format (0.00, #,##0.000, [Red]0.00) pads a
 *   stored number with zeros to its number of decimals (12.5 -> 12.50;
 *   stored digits are never rounded away, thousands separators never
 *   written);
 * - a date/time format made only of the tokens yyyy yy mm m dd d hh h
 *   ss s (m and mm are minutes right after an hour or right before a
 *   second, as in Excel, else months) and literal text ("quoted",
 *   \-escaped, the separators - / : space T . and + with digits) is
 *   written as it reads: yyyy-mm-dd"T"hh:mm:ss"+08:00" gives
 *   2026-12-03T02:06:00+08:00.
 *
 * Anything else (AM/PM, month names, weekdays, [h], fractions of a second,
 * sections, colours on dates...) is left to the caller's default. No I/O. */
#ifndef RV_NUMFMT_H
#define RV_NUMFMT_H

#include <stddef.h>

/* Longest decimals count honoured, and the size of a compiled pattern. */
enum { RV_NUMFMT_MAXDEC = 30, RV_NUMFMT_PATSZ = 128 };

/* The number of decimals of a plain fixed-decimal format code (0 for
 * "0", "#,##0"), or -1 when code is anything else. */
int rv_numfmt_decimals(const char *code);
/* The decimals of built-in format id (1 "0": 0, 2 "0.00": 2, 3 "#,##0":
 * 0, 4 "#,##0.00": 2), or -1. */
int rv_numfmt_builtin_decimals(unsigned id);
/* The number p[0..n) (-?digits[.digits], as a sheet stores it) with at
 * least dec decimals, into out (size outsz). Returns the length, or 0
 * when nothing is to change (enough decimals already, an exponent, not
 * such a number, too long for out). */
size_t rv_numfmt_pad(char *out, size_t outsz, const char *p, size_t n, int dec);

/* Compile a date/time format code into pat (RV_NUMFMT_PATSZ bytes).
 * Returns 1, or 0 when code is not made only of the tokens and literal
 * text above (pat is then unspecified). */
int rv_numfmt_datepat(const char *code, char *pat);
/* Excel serial (1900 or 1904 system) as pattern pat says, rounded to the
 * second, into out (size outsz). Returns the length, or 0 when the
 * serial is out of range (negative, after 9999-12-31, day 0 of the 1900
 * system with a date token) or out is too small. */
size_t rv_numfmt_date(char *out, size_t outsz, double serial, int date1904, const char *pat);

#endif
