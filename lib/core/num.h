/* num.h - locale-independent number parsing and printing. */
#ifndef RV_NUM_H
#define RV_NUM_H

#include <stddef.h>

/* Parse p[0..n) as a decimal number ("-1.5", "3e2", " 7 " with spaces
 * around). '.' is the decimal point in every locale. Returns 0 and sets
 * *v, or -1 when the field is empty, not a number, or inf/nan. */
int rv_num_parse(const char *p, size_t n, double *v);
/* Parse a non-negative integer (digits only). Returns 0 or -1. */
int rv_num_parse_u64(const char *p, size_t n, unsigned long long *v);
/* Format v with prec decimals into out (>= 32 bytes); "-0.000" prints as
 * "0.000"; returns the length. Independent of the locale. */
size_t rv_num_fmt(char *out, double v, int prec);

#endif
