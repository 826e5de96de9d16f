/* cli.c - shared CLI behaviour. This module and err.c are the only lib/
 * code that prints or exits; tools' algorithms never do. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enc.h"
#include "err.h"
#include "num.h"
#include "partial.h"
#include "sheet.h"
#include "utf8.h"

static int watch_utf8(struct rv_cli *c, const struct rv_in *in);
static void flush_at_exit(void);

/* The output rv_cli_out started, until rv_cli_finish closes it: flushed at
 * exit, so that a run stopped by a bad row or a read error (rv_dieat ends in
 * exit) still writes, in order, every row made before it. */
static struct rv_out *exit_out;

/* A closed standard descriptor would be handed out by the next open():
 * output meant for stdout would go to --rejects or a model file, errors
 * into an output file. Hold each closed one with /dev/null opened the
 * wrong way round (gnulib stdopen), so that writing to a closed stdout
 * still fails, with EBADF, and is reported once. */
static void
std_open(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
			if (got >= 0 && got != fd)	/* cannot happen: fd is the lowest free */
				close(got);
		}
}

void
rv_cli_init(int argc, char **argv)
{
	std_open();
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
	case RV_OPT_PREFIX:
	case RV_OPT_SUFFIX:
		if (strpbrk(arg, "\t\r\n") != NULL)
			rv_usage_error("invalid --%s: a column name holds no TAB, CR or LF",
			    opt == RV_OPT_PREFIX ? "prefix" : "suffix");
		*(opt == RV_OPT_PREFIX ? &c->prefix : &c->suffix) = arg;
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

int
rv_cli_choice(const char *name, const char *arg, const char *const *names)
{
	char list[256];
	size_t len = 0;
	int i, n;

	for (n = 0; names[n] != NULL; n++)
		if (strcmp(arg, names[n]) == 0)
			return n;
	list[0] = '\0';
	for (i = 0; i < n && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
		    i == 0 ? "" : i == n - 1 ? " or " : ", ", names[i]);
	rv_usage_error("invalid %s '%s': expected %s", name, arg, list);
	return -1;
}

static void
die_input(const struct rv_in *in, int rc)
{
	if (rc == RV_IN_EHEADER) {
		char what[256];
		rv_dieat(RV_EXIT_DATA, in->r.name, in->r.lineno,
		    "header differs from the first file's header: %s", rv_partial_diff(what,
		    sizeof(what), in->r.line, in->r.linelen, in->hdrbuf.p, in->hdrbuf.len));
	}
	rv_dieat(RV_EXIT_DATA, in->r.name, 0, "%s", strerror(in->r.err));
}

void
rv_cli_not_input(const char *opt, const char *path, char **files, int nfiles)
{
	struct stat out, st;
	int i;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &out) < 0 || !S_ISREG(out.st_mode))
		return;
	for (i = 0; i < (nfiles > 0 ? nfiles : 1); i++) {
		int ok = nfiles > 0 && strcmp(files[i], "-") != 0 ? stat(files[i], &st) : fstat(0, &st);
		if (ok == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino)
			rv_usage_error("%s %s is also an input%s: it would be overwritten; "
			    "write to another file", opt, path, nfiles > 0 && strcmp(files[i], "-") != 0 ?
			    "" : " (standard input)");
	}
}

static void
open_rejects(struct rv_cli *c)
{
	c->rej = fopen(c->rejects, "w");
	if (c->rej == NULL)
		rv_die(RV_EXIT_DATA, "%s: %s", c->rejects, strerror(errno));
}

void
rv_cli_open_rejects(struct rv_cli *c, char **files, int nfiles)
{
	if (c->rejects == NULL)
		return;
	rv_cli_not_input("--rejects", c->rejects, files, nfiles);
	open_rejects(c);
}

void
rv_cli_open_input(struct rv_cli *c, struct rv_in *in, int argc, char **argv)
{
	int rc;

	if (c->rejects != NULL)
		rv_cli_not_input("--rejects", c->rejects, argv, argc);
	rc = rv_in_open(in, argv, argc, c->no_header);

	if (rc != RV_IN_OK)
		die_input(in, rc);
	if (c->rejects != NULL) {
		open_rejects(c);
		if (!c->no_header && in->hdrbuf.len > 0)
			rv_cli_rejects_header(c, in);
	}
}

int
rv_cli_next(struct rv_cli *c, struct rv_in *in)
{
	int rc = rv_in_next(in);

	if (rc < 0)
		die_input(in, rc);
	if (rc == 0 && in->nrepeat > 0 && !c->repeat_told && !c->repeat_quiet) {
		c->repeat_told = 1;
		rv_warn("skipped %lu repeated header line%s (the first at %s:%lu)", in->nrepeat,
		    in->nrepeat == 1 ? "" : "s", in->repeat_name, in->repeat_line);
	}
	return rc;
}

/* Column i was found for spec: die when spec is a name two columns have. */
static void
check_dup(const struct rv_in *in, long i, const char *spec, const char *what)
{
	long j = rv_in_col_dup(in, i);

	if (j < 0 || in->hdr[i].len != strlen(spec) || memcmp(in->hdr[i].p, spec, in->hdr[i].len) != 0)
		return;
	rv_dieat(RV_EXIT_DATA, in->r.name, 1, "%s%scolumn '%s' is in the header twice (columns %ld "
	    "and %ld): which one is meant is ambiguous; rename one (rv-import --rename)",
	    what ? what : "", what ? " " : "", spec, i + 1, j + 1);
}

/* A column name for a message: at most 60 bytes (cut at a character),
 * control bytes and bytes that are not UTF-8 as '?', so that a binary
 * file's first line stays short and harmless on a terminal. */
static void
show_name(struct rv_buf *b, const struct rv_field *f)
{
	size_t n = rv_utf8_cut(f->p, f->len, 60), k;

	for (k = 0; k < n;) {
		unsigned char c = (unsigned char)f->p[k];
		uint32_t cp;
		int len = c >= 0x80 ? rv_utf8_decode(f->p + k, n - k, &cp) : 1;
		if (len > 1)	/* a UTF-8 character (an invalid byte is 1 long) */
			rv_buf_append(b, f->p + k, (size_t)len);
		else
			rv_buf_putc(b, c < 0x20 || c >= 0x7F ? '?' : (char)c);
		k += (size_t)len;
	}
	if (n < f->len)
		rv_buf_puts(b, "...");
}

/* Why a header may lack every column the tool looks for: the input is
 * not TSV (a spreadsheet, UTF-16, CSV), which rv-import converts. The
 * header line's bytes are told apart as rv-import tells its inputs apart
 * (rv_sheet_sniff, rv_enc_detect). */
static const char *
not_tsv(const struct rv_in *in)
{
	const unsigned char *p = (const unsigned char *)in->hdrbuf.p;
	size_t n = in->hdrbuf.len;
	struct rv_enc_guess g;

	if (in->nhdr == 0)
		return "";
	switch (rv_sheet_sniff(p, n)) {
	case RV_SHEET_XLSX:
		return "; the input looks like a zip file (.xlsx?): convert it with rv-import";
	case RV_SHEET_XLS:
		return "; the input looks like an .xls file: convert it with rv-import";
	}
	rv_enc_detect(p, n, 1, &g);
	if (strncmp(g.name, "UTF-16", 6) == 0)
		return "; the input looks like UTF-16: convert it with rv-import";
	if (memchr(p, '\0', n) != NULL)
		return "; the input looks binary, not TSV text";
	if (in->nhdr == 1 && (memchr(p, ',', n) != NULL || memchr(p, ';', n) != NULL))
		return "; the header has no TAB but commas or semicolons: if the input is CSV, "
		    "convert it with rv-import";
	return "";
}

void
rv_cli_rejects_header(struct rv_cli *c, const struct rv_in *in)
{
	/* Verbatim as the rows: CRLF when the header had it. */
	fwrite(in->hdrbuf.p, 1, in->hdrbuf.len, c->rej);
	if (in->r.crlf)
		fputc('\r', c->rej);
	fputc('\n', c->rej);
}

long
rv_cli_col(const struct rv_in *in, const char *spec, const char *what)
{
	long i = rv_in_col(in, spec);
	struct rv_buf cols = {0};
	size_t k;

	if (i >= 0) {
		check_dup(in, i, spec, what);
		return i;
	}
	if (in->no_header)
		rv_usage_error("invalid %s '%s': with --no-header, give a 1-based column number",
		    what, spec);
	if (in->nhdr == 0)
		rv_dieat(RV_EXIT_DATA, in->r.name, 0, "empty input (not even a header line): no %s "
		    "column '%s'", what, spec);
	for (k = 0; k < in->nhdr && k < 20; k++) {
		if (k)
			rv_buf_puts(&cols, ", ");
		show_name(&cols, &in->hdr[k]);
	}
	if (in->nhdr > 20)
		rv_buf_puts(&cols, ", ...");
	rv_dieat(RV_EXIT_DATA, in->r.name, 1,
	    "no %s column '%s' in the header (columns: %s)%s%s", what, spec,
	    cols.p ? cols.p : "none", strcmp(what, "text") == 0 ? "; use -t to choose another" : "",
	    not_tsv(in));
}

long
rv_cli_col_opt(const struct rv_in *in, const char *spec)
{
	long i = rv_in_col(in, spec);

	if (i >= 0)
		check_dup(in, i, spec, NULL);
	return i;
}

long
rv_cli_col_need(const struct rv_in *in, const char *spec, const char *what, size_t *need)
{
	long i;

	if (spec == NULL)
		return -1;
	i = rv_cli_col(in, spec, what);
	if ((size_t)i + 1 > *need)
		*need = (size_t)i + 1;
	return i;
}

void
rv_cli_cols(const struct rv_cli *c, struct rv_cols *cols, const struct rv_in *in,
    const char *const *names, size_t n)
{
	size_t k;

	if (rv_cols_init(cols, in, names, n, c->prefix, c->suffix) < 0)
		rv_oom();
	for (k = 0; k < n; k++) {
		long i = cols->at[k], j = rv_in_col_dup(in, i);
		if (i < 0)
			continue;
		if (j >= 0)
			rv_dieat(RV_EXIT_DATA, in->r.name, 1, "column '%s' that %s writes is in the "
			    "header twice (columns %ld and %ld); rename one (rv-import --rename), "
			    "or name the output columns with --prefix or --suffix",
			    cols->names[k], rv_progname(), i + 1, j + 1);
		rv_warnat(in->r.name, 1, "input column '%s' (column %ld) is overwritten; "
		    "--prefix or --suffix keeps it", cols->names[k], i + 1);
	}
}

void
rv_cli_watch_utf8(struct rv_cli *c, long col)
{
	c->utf8_col = col + 1;
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
		return watch_utf8(c, in);
	}
	if (nf < need) {
		rv_cli_reject(c, in, "expected at least %zu fields, got %zu", need, nf);
		return 0;
	}
	return watch_utf8(c, in);
}

/* The row passed rv_cli_row_ok: count it, and whether its text is UTF-8. */
static int
watch_utf8(struct rv_cli *c, const struct rv_in *in)
{
	const struct rv_field *f;

	if (c->utf8_col == 0 || (size_t)c->utf8_col > in->r.nf)
		return 1;
	f = &in->r.f[c->utf8_col - 1];
	c->utf8_rows++;
	if (!c->utf8_self && rv_utf8_validate(f->p, f->len) < f->len)
		rv_cli_utf8_bad(c, in);
	return 1;
}

void
rv_cli_utf8_bad(struct rv_cli *c, const struct rv_in *in)
{
	if (c->utf8_bad++ == 0) {
		c->utf8_name = in->r.name;
		c->utf8_line = in->r.lineno;
	}
}

void
rv_cli_out(struct rv_cli *c, struct rv_out *o)
{
	static int registered;

	if (rv_out_init(o, 1) < 0)
		rv_oom();
	o->line_buffered = c->line_buffered;
	exit_out = o;
	/* After rv_close_stdout (rv_cli_init), so it runs before it. */
	if (!registered && atexit(flush_at_exit) == 0)
		registered = 1;
}

/* A write error here has nothing left to report to: the exit status is
 * already that of the error that ended the run. */
static void
flush_at_exit(void)
{
	if (exit_out != NULL && exit_out->buf != NULL)
		rv_out_flush(exit_out);
}

void
rv_cli_finish(struct rv_cli *c, struct rv_out *o)
{
	if (o != NULL && o == exit_out)
		exit_out = NULL;	/* o may live in main's frame, gone at exit */
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
	/* More than a few rows, and not just stray bytes in a big file. */
	if (c->utf8_bad > 2 && c->utf8_bad * 100 >= c->utf8_rows) {
		rv_warn("%lu of %lu rows have invalid UTF-8 in the text column (the first at %s:%lu): "
		    "if the input is GBK/GB18030 or UTF-16, convert it with rv-import, which detects "
		    "the encoding", c->utf8_bad, c->utf8_rows, c->utf8_name, c->utf8_line);
		c->utf8_bad = 0;
	}
}
