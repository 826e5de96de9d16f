/* Unit tests: the TSV reader's byte-at-a-time scanner (neither SSE2 nor
 * a little-endian GNU C), built here from lib/io/tsv.c, see tsvscan.h. */
#define RV_TSV_PORTABLE 1
#define RV_TSV_BYTES 1
#include "../../lib/io/tsv.c"
#include "tsvscan.h"

int
main(void)
{
	tsvscan_tests();
	return test_report();
}
