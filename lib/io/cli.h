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
	RV_OPT_PREFIX,
	RV_OPT_SUFFIX,
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
/* --prefix/--suffix: for filters, around the names of the columns they write. */
#define RV_CLI_COLS_LONGOPTS \
	{"prefix", required_argument, NULL, RV_OPT_PREFIX}, \
	{"suffix", required_argument, NULL, RV_OPT_SUFFIX}

struct rv_cli {
	int no_header;		/* -n: no header line; fields by number */
	const char *text_field;	/* -t: the text column (tool default) */
	const char *rejects;	/* --rejects FILE */
	int line_buffered;	/* --line-buffered */
	const char *prefix;	/* --prefix: before the names of the columns written */
	const char *suffix;	/* --suffix: after them */
	FILE *rej;		/* open rejects file */
	unsigned long nrej;	/* rows written to it */
	/* rv_cli_watch_utf8: rows whose text column is not valid UTF-8. */
	long utf8_col;		/* the column + 1; 0: not watched */
	int utf8_self;		/* the tool checks that column itself and
				 * calls rv_cli_utf8_bad (rv-sentiment: its
				 * fold of the text tells) */
	unsigned long utf8_rows, utf8_bad, utf8_line;
	const char *utf8_name;	/* file and line of the first bad one */
	int repeat_told;	/* repeated header lines reported */
	int repeat_quiet;	/* they are expected (--merge of concatenated partials) */
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
/* The index of arg in names (a NULL-terminated list of the words an option
 * takes): usage error "invalid NAME 'ARG': expected A, B or C" (exit 2)
 * when it is none of them. */
int rv_cli_choice(const char *name, const char *arg, const char *const *names);

/* A usage error when path, a file the tool is about to create or
 * truncate (option opt), is one of the input files, or standard input
 * when files is empty: the input would be emptied before it is read, or
 * overwritten by the tool's output (rv-train's model, rv-plot's page).
 * "-", a path that does not exist and non-regular files pass. */
void rv_cli_not_input(const char *opt, const char *path, char **files, int nfiles);
/* Open --rejects (when given) for writing, refusing one of files: for a
 * tool that reads its inputs itself (rv-import). */
void rv_cli_open_rejects(struct rv_cli *c, char **files, int nfiles);
/* Open stdin/the files, read the header, open --rejects (refused when it
 * is an input file); dies with exit 1 on an I/O error. */
void rv_cli_open_input(struct rv_cli *c, struct rv_in *in, int argc, char **argv);
/* Next row or 0 at end; dies on read errors and header mismatches. At the
 * end, says how many repeated header lines were skipped, if any. */
int rv_cli_next(struct rv_cli *c, struct rv_in *in);
/* Resolve a column spec or die (exit 1: the data lacks it):
 * "FILE: no column 'x' in the header (columns: a, b, c)". A name that
 * two columns of the header have is an error too. */
long rv_cli_col(const struct rv_in *in, const char *spec, const char *what);
/* As rv_cli_col for a column the tool reads when it is there: -1 when
 * absent; dies when its name is in the header twice. */
long rv_cli_col_opt(const struct rv_in *in, const char *spec);
/* For a tool's column options: -1 when spec is NULL (the option not
 * given), else rv_cli_col, and *need raised to the fields a row must
 * have to hold the column. */
long rv_cli_col_need(const struct rv_in *in, const char *spec, const char *what, size_t *need);
/* The columns a filter writes, named with --prefix/--suffix, resolved
 * against the header (rv_cols_init). Dies when one of them is in the
 * header twice; says once per column which input columns it overwrites. */
void rv_cli_cols(const struct rv_cli *c, struct rv_cols *cols, const struct rv_in *in,
    const char *const *names, size_t n);
/* Check that column col (the text) of each row rv_cli_row_ok accepts is
 * UTF-8; rv_cli_finish warns when many rows are not (the input is likely
 * GBK or UTF-16, which rv-import converts). */
void rv_cli_watch_utf8(struct rv_cli *c, long col);
/* With c->utf8_self set: the row's watched column is not valid UTF-8. */
void rv_cli_utf8_bad(struct rv_cli *c, const struct rv_in *in);
/* Write in's header line to the open --rejects file as the rows are
 * written (rv_cli_open_input does it for the first input; a tool that
 * opens more inputs into one rejects file calls it for a new header). */
void rv_cli_rejects_header(struct rv_cli *c, const struct rv_in *in);
/* A malformed row: with --rejects, copy it there verbatim and return;
 * otherwise print "FILE:LINE: msg" and exit 1. */
void rv_cli_reject(struct rv_cli *c, const struct rv_in *in, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Check the field count against the header (or at least need fields
 * without one). Returns 1 when fine, 0 when rejected. */
int rv_cli_row_ok(struct rv_cli *c, const struct rv_in *in, size_t need);
/* Flush o (dies with "write error" on failure), close --rejects and
 * report how many rows went there, and the invalid UTF-8 rows. */
void rv_cli_finish(struct rv_cli *c, struct rv_out *o);
/* Start buffered output on stdout (line-buffered with --line-buffered).
 * Until rv_cli_finish, o is flushed at exit: a run that dies on a bad row
 * still writes every row before it, in order. */
void rv_cli_out(struct rv_cli *c, struct rv_out *o);

#endif
