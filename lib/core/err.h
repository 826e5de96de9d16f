/* err.h - diagnostics and exit policy for rv tools (only cmd/ calls these). */
#ifndef RV_ERR_H
#define RV_ERR_H

#include <stdnoreturn.h>

enum { RV_EXIT_OK = 0, RV_EXIT_DATA = 1, RV_EXIT_USAGE = 2 };

/* Set the program name (basename of argv0) used as message prefix. */
void rv_err_init(const char *argv0);
const char *rv_progname(void);

/* "prog: msg" to stderr. */
void rv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file:line: msg" to stderr; line 0 omits the line. */
void rv_warnat(const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* As rv_warn, then exit(code). */
noreturn void rv_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
noreturn void rv_dieat(int code, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "prog: msg" + "Try 'prog --help' for more information." then exit 2. */
noreturn void rv_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Try 'PROG --help' for more information." on stderr, then exit(status). */
noreturn void rv_try_help(int status);
/* Out of memory: message and exit 1. */
noreturn void rv_oom(void);
/* Flush and close stdout; on failure print "write error" and _exit(1).
 * Registered with atexit() by rv_cli_init(). */
void rv_close_stdout(void);

#endif
