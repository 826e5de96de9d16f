/* Unit tests: the TSV reader's portable scanner (8 bytes a step), built
 * here from lib/io/tsv.c with RV_TSV_PORTABLE, see tsvscan.h. */
#define RV_TSV_PORTABLE 1
#include "../../lib/io/tsv.c"
#include "tsvscan.h"

int
main(void)
{
	tsvscan_tests();
	return test_report();
}
