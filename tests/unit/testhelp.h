/* testhelp.h - a ten-line unit-test harness (after SDS testhelp.h).
 * test_cond(name, cond) records one check; test_report() prints the
 * "#units P F" line that scripts/check.sh adds up, and returns the exit code. */
#ifndef RV_TESTHELP_H
#define RV_TESTHELP_H
#include <stdio.h>
static int test_passed, test_failed;
#define test_cond(name, cond) do { \
	if (cond) test_passed++; \
	else { test_failed++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, name); } \
} while (0)
#define test_report() (printf("#units %d %d\n", test_passed, test_failed), test_failed != 0)
#endif
