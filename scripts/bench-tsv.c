/* bench-tsv - pass a TSV file through the librv reader and writer
 * (rv_tsv_next, then one rv_out call per field) and report throughput.
 *
 *   build/bench-tsv [--field] FILE > /dev/null
 *
 * Prints "bench-tsv: BYTES bytes ROWS rows W s wall C s cpu X GB/s-cpu Y GB/s"
 * on stderr: throughput per CPU second, then per wall-clock second (the
 * last field; lower when other processes compete for the CPU).
 * With --field each field goes through rv_out_field (which also scans
 * for TAB/CR/LF) instead of rv_out_write. Run by scripts/bench-import.sh. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tsv.h"

static double
now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct rv_tsv r;
	struct rv_out o;
	unsigned long rows = 0;
	unsigned long long bytes = 0;
	int field = argc > 2 && strcmp(argv[1], "--field") == 0;
	const char *path = argv[argc - 1];
	double t0, c0, dt, dc;
	size_t i;
	int rc;

	if (argc < 2 || rv_tsv_open(&r, path) < 0 || rv_out_init(&o, 1) < 0) {
		fprintf(stderr, "usage: bench-tsv [--field] FILE (a readable TSV file)\n");
		return 2;
	}
	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	while ((rc = rv_tsv_next(&r)) == 1) {
		for (i = 0; i < r.nf; i++) {
			if (i)
				rv_out_tab(&o);
			if (field)
				rv_out_field(&o, r.f[i].p, r.f[i].len);
			else
				rv_out_write(&o, r.f[i].p, r.f[i].len);
		}
		rv_out_eol(&o);
		bytes += r.linelen + 1 + (unsigned)r.crlf;
		rows++;
	}
	if (rv_out_close(&o) < 0 || rc < 0) {
		fprintf(stderr, "bench-tsv: %s: %s\n", path, strerror(rc < 0 ? r.err : o.err));
		return 1;
	}
	dt = now(CLOCK_MONOTONIC) - t0;
	dc = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	rv_tsv_close(&r);
	fprintf(stderr, "bench-tsv: %llu bytes %lu rows %.3f s wall %.3f s cpu %.2f GB/s-cpu %.2f GB/s\n",
	    bytes, rows, dt, dc, (double)bytes / dc / 1e9, (double)bytes / dt / 1e9);
	return 0;
}
