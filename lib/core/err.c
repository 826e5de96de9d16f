/* err.c - the one lib module that writes to stderr. */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Program name for messages; "rv" until rv_err_init() runs. */
static const char *progname = "rv";

void
rv_err_init(const char *argv0)
{
	const char *s;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	s = strrchr(argv0, '/');
	progname = s ? s + 1 : argv0;
}

const char *
rv_progname(void)
{
	return progname;
}

static void vwarnat(const char *file, unsigned long line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
vwarnat(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	if (file != NULL) {
		if (line > 0)
			fprintf(stderr, "%s:%lu: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
rv_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(NULL, 0, fmt, ap);
	va_end(ap);
}

void
rv_warnat(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(file, line, fmt, ap);
	va_end(ap);
}

void
rv_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(NULL, 0, fmt, ap);
	va_end(ap);
	exit(code);
}

void
rv_dieat(int code, const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(file, line, fmt, ap);
	va_end(ap);
	exit(code);
}

void
rv_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnat(NULL, 0, fmt, ap);
	va_end(ap);
	rv_try_help(RV_EXIT_USAGE);
}

void
rv_try_help(int status)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	exit(status);
}

void
rv_oom(void)
{
	rv_die(RV_EXIT_DATA, "out of memory");
}

/* POSIX says atexit handlers should not call exit(); use _exit (gnulib closeout.c).
 * As gnulib's close_stream, EBADF from a stdout that had nothing left to
 * write is not an error: the tool wrote its output through its own buffer
 * (struct rv_out, which reports its write errors itself) or wrote nothing,
 * and one failed write is reported once. */
void
rv_close_stdout(void)
{
	int pending = __fpending(stdout) != 0;
	int bad = ferror(stdout);

	if ((fclose(stdout) != 0 && (pending || errno != EBADF)) || bad) {
		int e = errno;
		fprintf(stderr, "%s: write error%s%s\n", progname,
		    e ? ": " : "", e ? strerror(e) : "");
		_exit(RV_EXIT_DATA);
	}
	/* stderr stays open: sanitizers and later atexit handlers report there. */
	if (fflush(stderr) != 0 || ferror(stderr))
		_exit(RV_EXIT_DATA);
}
