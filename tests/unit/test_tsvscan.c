/* Unit tests: the TSV reader's scanner as built (SSE2 on x86-64), see
 * tsvscan.h. */
#include "tsvscan.h"

int
main(void)
{
	tsvscan_tests();
	return test_report();
}
