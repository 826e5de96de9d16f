/* cli.h - the command-line layer every rv tool shares: common options,
 * start-up (locale, stdout closing), range-checked option values,
 * input errors and --rejects. */
#ifndef RV_CLI_H
#define RV_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "input.h"
#include "tsv.h"

#ifndef RV_VERSION
#define RV_VERSION "0.1.0"
#endif

/* Long-only option values shared by all tools; tools number theirs from
 * RV_OPT_TOOL. */
enum {
	RV_OPT_REJECTS = 0x100,
	RV_OPT_VERSION,
	RV_OPT_LINE_BUFFERED,
	RV_OPT_TOOL = 0x140
};

/* Common long options: -h/--help, -n/--no-header, --rejects, --version. */
#define RV_CLI_LONGOPTS \
	{"help", no_argument, NULL, 'h'}, \
	{"no-header", no_argument, NULL, 'n'}, \
	{"rejects", required_argument, NULL, RV_OPT_REJECTS}, \
	{"version", no_argument, NULL, RV_OPT_VERSION}
#define RV_CLI_TEXT_LONGOPT {"text-field", required_argument, NULL, 't'}
#define RV_CLI_LINEBUF_LONGOPT {"line-buffered", no_argument, NULL, RV_OPT_LINE_BUFFERED}

struct rv_cli {
	int no_header;		/* -n: no header line; fields by number */
	const char *text_field;	/* -t: the text column (tool default) */
	const char *rejects;	/* --rejects FILE */
	int line_buffered;	/* --line-buffered */
	FILE *rej;		/* open rejects file */
	unsigned long nrej;	/* rows written to it */
};

/* Program name, LC_CTYPE from the environment (never LC_NUMERIC), stdout
 * closed and checked at exit, SIGPIPE at its default so "| head" is quiet. */
void rv_cli_init(int argc, char **argv);
/* Handle a common option. usage(status) prints help and exits.
 * Returns 1 when opt was handled, 0 when it is the tool's. */
int rv_cli_option(struct rv_cli *c, int opt, const char *arg, void (*usage)(int));
/* Print "prog (rv) VERSION" and exit 0. */
void rv_cli_version(void);
/* Range-checked numeric option values: usage error (exit 2) when bad. */
long rv_cli_long(const char *name, const char *arg, long min, long max);
double rv_cli_double(const char *name, const char *arg, double min, double max);

/* Open stdin/the files, read the header, open --rejects; dies with
 * exit 1 on an I/O error. */
void rv_cli_open_input(struct rv_cli *c, struct rv_in *in, int argc, char **argv);
/* Next row or 0 at end; dies on read errors and header mismatches. */
int rv_cli_next(struct rv_cli *c, struct rv_in *in);
/* Resolve a column spec or die (exit 1: the data lacks it):
 * "FILE: no column 'x' in the header (columns: a, b, c)". */
long rv_cli_col(const struct rv_in *in, const char *spec, const char *what);
/* A malformed row: with --rejects, copy it there verbatim and return;
 * otherwise print "FILE:LINE: msg" and exit 1. */
void rv_cli_reject(struct rv_cli *c, const struct rv_in *in, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Check the field count against the header (or at least need fields
 * without one). Returns 1 when fine, 0 when rejected. */
int rv_cli_row_ok(struct rv_cli *c, const struct rv_in *in, size_t need);
/* Flush o (dies with "write error" on failure), close --rejects and
 * report how many rows went there. */
void rv_cli_finish(struct rv_cli *c, struct rv_out *o);
/* Start buffered output on stdout (line-buffered with --line-buffered). */
void rv_cli_out(struct rv_cli *c, struct rv_out *o);

#endif
