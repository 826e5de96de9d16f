/* cli.c - shared CLI behaviour. This module and err.c are the only lib/
 * code that prints or exits; tools' algorithms never do. */
#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"

void
rv_cli_init(int argc, char **argv)
{
	rv_err_init(argc > 0 ? argv[0] : "rv");
	setlocale(LC_CTYPE, "");
	signal(SIGPIPE, SIG_DFL);
	atexit(rv_close_stdout);
}

void
rv_cli_version(void)
{
	printf("%s (rv) %s\n", rv_progname(), RV_VERSION);
	exit(RV_EXIT_OK);
}

int
rv_cli_option(struct rv_cli *c, int opt, const char *arg, void (*usage)(int))
{
	switch (opt) {
	case 'h':
		usage(RV_EXIT_OK);
		return 1;
	case 'n':
		c->no_header = 1;
		return 1;
	case 't':
		c->text_field = arg;
		return 1;
	case RV_OPT_REJECTS:
		c->rejects = arg;
		return 1;
	case RV_OPT_LINE_BUFFERED:
		c->line_buffered = 1;
		return 1;
	case RV_OPT_VERSION:
		rv_cli_version();
		return 1;
	case '?':
	case ':':
		/* getopt already said what was wrong. */
		rv_try_help(RV_EXIT_USAGE);
	}
	return 0;
}

long
rv_cli_long(const char *name, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end != '\0' || v < min || v > max)
		rv_usage_error("invalid %s '%s': expected an integer from %ld to %ld",
		    name, arg, min, max);
	return v;
}

double
rv_cli_double(const char *name, const char *arg, double min, double max)
{
	double v;

	if (rv_num_parse(arg, strlen(arg), &v) < 0 || v < min || v > max)
		rv_usage_error("invalid %s '%s': expected a number from %g to %g",
		    name, arg, min, max);
	return v;
}

static void
die_input(const struct rv_in *in, int rc)
{
	if (rc == RV_IN_EHEADER)
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno,
		    "header differs from the first file's header");
	rv_dieat(RV_EXIT_DATA, in->r.name, 0, "%s", strerror(in->r.err));
}

void
rv_cli_open_input(struct rv_cli *c, struct rv_in *in, int argc, char **argv)
{
	int rc = rv_in_open(in, argv, argc, c->no_header);

	if (rc != RV_IN_OK)
		die_input(in, rc);
	if (c->rejects != NULL) {
		c->rej = fopen(c->rejects, "w");
		if (c->rej == NULL)
			rv_die(RV_EXIT_DATA, "%s: %s", c->rejects, strerror(errno));
		if (!c->no_header && in->hdrbuf.len > 0) {
			fwrite(in->hdrbuf.p, 1, in->hdrbuf.len, c->rej);
			fputc('\n', c->rej);
		}
	}
}

int
rv_cli_next(struct rv_cli *c, struct rv_in *in)
{
	int rc = rv_in_next(in);

	(void)c;
	if (rc < 0)
		die_input(in, rc);
	return rc;
}

long
rv_cli_col(const struct rv_in *in, const char *spec, const char *what)
{
	long i = rv_in_col(in, spec);
	struct rv_buf cols = {0};
	size_t k;

	if (i >= 0)
		return i;
	if (in->no_header)
		rv_usage_error("invalid %s '%s': with --no-header, give a 1-based column number",
		    what, spec);
	for (k = 0; k < in->nhdr && k < 20; k++) {
		if (k)
			rv_buf_puts(&cols, ", ");
		rv_buf_append(&cols, in->hdr[k].p, in->hdr[k].len);
	}
	if (in->nhdr > 20)
		rv_buf_puts(&cols, ", ...");
	rv_dieat(RV_EXIT_DATA, in->r.name, in->nhdr ? 1 : 0,
	    "no %s column '%s' in the header (columns: %s)%s", what, spec,
	    cols.p ? cols.p : "none", strcmp(what, "text") == 0 ? "; use -t to choose another" : "");
}

void
rv_cli_reject(struct rv_cli *c, const struct rv_in *in, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->rej != NULL) {
		fwrite(in->r.line, 1, in->r.linelen, c->rej);
		if (in->r.crlf)
			fputc('\r', c->rej);
		fputc('\n', c->rej);
		c->nrej++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno, "%s (use --rejects FILE to set bad rows aside)", msg);
}

int
rv_cli_row_ok(struct rv_cli *c, const struct rv_in *in, size_t need)
{
	size_t nf = in->r.nf;

	if (!in->no_header && in->nhdr > 0) {
		if (nf != in->nhdr) {
			rv_cli_reject(c, in, "expected %zu fields as in the header, got %zu",
			    in->nhdr, nf);
			return 0;
		}
		return 1;
	}
	if (nf < need) {
		rv_cli_reject(c, in, "expected at least %zu fields, got %zu", need, nf);
		return 0;
	}
	return 1;
}

void
rv_cli_out(struct rv_cli *c, struct rv_out *o)
{
	if (rv_out_init(o, 1) < 0)
		rv_oom();
	o->line_buffered = c->line_buffered;
}

void
rv_cli_finish(struct rv_cli *c, struct rv_out *o)
{
	if (o != NULL && rv_out_close(o) < 0)
		rv_die(RV_EXIT_DATA, "write error: %s", strerror(o->err));
	if (c->rej != NULL) {
		if (fclose(c->rej) != 0)
			rv_die(RV_EXIT_DATA, "%s: %s", c->rejects, strerror(errno));
		c->rej = NULL;
		if (c->nrej > 0)
			rv_warn("%lu malformed row%s written to %s", c->nrej,
			    c->nrej == 1 ? "" : "s", c->rejects);
	}
}
