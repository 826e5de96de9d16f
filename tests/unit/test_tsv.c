/* Unit tests: lib/io/tsv.c, lib/io/input.c */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "testhelp.h"
#include "tsv.h"

static char *
tmpfile_with(const char *data, size_t n)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/rvtestXXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

static int
feq(const struct rv_field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

int
main(void)
{
	struct rv_tsv r;
	const char *data = "a\tb\tc\r\n1\t\t3\n\nlast\tx";
	char *path = tmpfile_with(data, strlen(data));

	test_cond("open", rv_tsv_open(&r, path) == 0);
	test_cond("row 1", rv_tsv_next(&r) == 1 && r.nf == 3 && feq(&r.f[2], "c") && r.crlf);
	test_cond("row 2 empty field", rv_tsv_next(&r) == 1 && r.nf == 3 && feq(&r.f[1], "") &&
	    feq(&r.f[2], "3") && r.lineno == 2);
	test_cond("empty line is one empty field", rv_tsv_next(&r) == 1 && r.nf == 1 && r.f[0].len == 0);
	test_cond("last line without newline", rv_tsv_next(&r) == 1 && r.nf == 2 && feq(&r.f[1], "x"));
	test_cond("eof", rv_tsv_next(&r) == 0 && rv_tsv_next(&r) == 0);
	rv_tsv_close(&r);
	unlink(path);

	/* A line much longer than the read buffer. */
	size_t big = 3 * 1024 * 1024 + 17;
	char *s = malloc(big + 8);
	memset(s, 'x', big);
	memcpy(s + big, "\tz\nq\n", 5);
	path = tmpfile_with(s, big + 5);
	test_cond("open big", rv_tsv_open(&r, path) == 0);
	test_cond("3 MB field", rv_tsv_next(&r) == 1 && r.nf == 2 && r.f[0].len == big && feq(&r.f[1], "z"));
	test_cond("after big", rv_tsv_next(&r) == 1 && feq(&r.f[0], "q") && rv_tsv_next(&r) == 0);
	rv_tsv_close(&r);
	unlink(path);
	free(s);

	/* Line ends: LF, CRLF, a lone CR; a CR as the last byte waits for more. */
	size_t term;
	test_cond("eol lf", rv_tsv_eol("ab\ncd", 5, 0, 0, 1, &term) == 2 && term == 1);
	test_cond("eol crlf", rv_tsv_eol("ab\r\ncd", 6, 0, 0, 1, &term) == 2 && term == 2);
	test_cond("eol lone cr", rv_tsv_eol("ab\rcd\n", 6, 0, 0, 1, &term) == 2 && term == 1);
	test_cond("eol cr last, more may come", rv_tsv_eol("ab\r", 3, 0, 0, 1, &term) == 2 && term == 0);
	test_cond("eol cr last at the end", rv_tsv_eol("ab\r", 3, 0, 1, 1, &term) == 2 && term == 1);
	test_cond("eol none yet", rv_tsv_eol("abc", 3, 1, 0, 1, &term) == 3 && term == 0);
	test_cond("eol without cr lookup", rv_tsv_eol("a\rb\n", 4, 0, 0, 0, &term) == 3 && term == 1);

	/* CR-only line ends and a BOM; a CRLF split across two reads. */
	path = tmpfile_with("\xEF\xBB\xBFh1\th2\rA\tB\r\rC\tD", 17);
	test_cond("open cr", rv_tsv_open(&r, path) == 0);
	test_cond("cr: BOM stripped", rv_tsv_next(&r) == 1 && r.nf == 2 && feq(&r.f[0], "h1") && !r.crlf);
	test_cond("cr: row", rv_tsv_next(&r) == 1 && feq(&r.f[1], "B") && r.lineno == 2);
	test_cond("cr: empty line", rv_tsv_next(&r) == 1 && r.nf == 1 && r.f[0].len == 0);
	test_cond("cr: last", rv_tsv_next(&r) == 1 && feq(&r.f[1], "D") && rv_tsv_next(&r) == 0);
	rv_tsv_close(&r);
	unlink(path);
	big = 1024 * 1024 - 1;	/* the CR is the last byte of the first read */
	s = malloc(big + 8);
	memset(s, 'y', big);
	memcpy(s + big, "\r\nq\r\n", 5);
	path = tmpfile_with(s, big + 5);
	test_cond("open split crlf", rv_tsv_open(&r, path) == 0);
	test_cond("crlf across reads is one line end", rv_tsv_next(&r) == 1 && r.f[0].len == big &&
	    r.crlf && rv_tsv_next(&r) == 1 && feq(&r.f[0], "q") && rv_tsv_next(&r) == 0);
	rv_tsv_close(&r);
	unlink(path);
	free(s);

	/* Column lookup by name, then number. */
	struct rv_field names[] = {{"id", 2}, {"text", 4}, {"2", 1}};
	test_cond("col by name", rv_tsv_col(names, 3, "text") == 1);
	test_cond("col name wins over number", rv_tsv_col(names, 3, "2") == 2);
	test_cond("col by number", rv_tsv_col(names, 3, "1") == 0);
	test_cond("col number out of range", rv_tsv_col(names, 3, "4") == -1);
	test_cond("col zero", rv_tsv_col(names, 3, "0") == -1);
	test_cond("col unknown", rv_tsv_col(names, 3, "nope") == -1);
	test_cond("col no header", rv_tsv_col(NULL, 0, "7") == 6);

	/* Multi-file input: the second header is skipped. */
	char p1[64], p2[64];
	strcpy(p1, tmpfile_with("h1\th2\nA\tB\n", 10));
	strcpy(p2, tmpfile_with("h1\th2\nC\tD\n", 10));
	char *files[] = {p1, p2};
	struct rv_in in;
	test_cond("in open", rv_in_open(&in, files, 2, 0) == RV_IN_OK && in.nhdr == 2);
	test_cond("in row 1", rv_in_next(&in) == 1 && feq(&in.r.f[0], "A"));
	test_cond("in row 2 from file 2", rv_in_next(&in) == 1 && feq(&in.r.f[1], "D") && in.r.lineno == 2);
	test_cond("in eof", rv_in_next(&in) == 0);

	/* Column mapping: overwrite "h2", append "new". */
	struct rv_cols c;
	const char *names2[] = {"new", "h2"};
	test_cond("cols init", rv_cols_init(&c, &in, names2, 2, NULL, NULL) == 0 && c.over[1] == 1 && c.appended[0]);
	rv_cols_free(&c);
	rv_in_close(&in);
	unlink(p2);
	strcpy(p2, tmpfile_with("h1\tXX\nC\tD\n", 10));
	files[1] = p2;
	rv_in_open(&in, files, 2, 0);
	rv_in_next(&in);
	test_cond("header mismatch", rv_in_next(&in) == RV_IN_EHEADER);
	rv_in_close(&in);
	unlink(p1);
	unlink(p2);

	/* Empty first files are skipped; repeated headers (with a BOM too)
	 * are skipped and counted. */
	char p3[64];
	strcpy(p1, tmpfile_with("", 0));
	strcpy(p2, tmpfile_with("h\n1\nh\n2\n\xEF\xBB\xBFh\n3\n", 15));
	strcpy(p3, tmpfile_with("h\nh\n4\n", 6));
	char *files3[] = {p1, p1, p2, p1, p3};
	test_cond("empty first files", rv_in_open(&in, files3, 5, 0) == RV_IN_OK && in.nhdr == 1 &&
	    feq(&in.hdr[0], "h"));
	int rows = 0, okrows = 1;
	while (rv_in_next(&in) == 1)
		okrows &= feq(&in.r.f[0], (char[]){(char)('1' + rows++), 0});
	test_cond("rows after repeated headers", rows == 4 && okrows);
	test_cond("repeated headers counted", in.nrepeat == 3 && in.repeat_line == 3);
	rv_in_close(&in);
	test_cond("all empty", rv_in_open(&in, files3, 2, 0) == RV_IN_OK && in.nhdr == 0 &&
	    rv_in_next(&in) == 0);
	rv_in_close(&in);
	/* With -n, nothing is a header. */
	rv_in_open(&in, files3 + 2, 1, 1);
	rows = 0;
	while (rv_in_next(&in) == 1)
		rows++;
	test_cond("no header: every line a row", rows == 6 && in.nrepeat == 0);
	rv_in_close(&in);

	/* Output names with a prefix and suffix; duplicates found. */
	strcpy(p3, tmpfile_with("a\tx_new_y\ta\n", 12));
	char *files4[] = {p3};
	rv_in_open(&in, files4, 1, 0);
	const char *names3[] = {"new", "old"};
	test_cond("cols prefix suffix", rv_cols_init(&c, &in, names3, 2, "x_", "_y") == 0 &&
	    strcmp(c.names[0], "x_new_y") == 0 && c.at[0] == 1 && !c.appended[0] &&
	    strcmp(c.names[1], "x_old_y") == 0 && c.at[1] == -1 && c.appended[1]);
	test_cond("dup column", rv_in_col_dup(&in, 0) == 2 && rv_in_col_dup(&in, 1) == -1);
	rv_cols_free(&c);
	rv_in_close(&in);
	unlink(p1);
	unlink(p2);
	unlink(p3);

	/* Writer: field cleaning and write errors. */
	struct rv_out o;
	int fds[2];
	char got[64] = {0};
	if (pipe(fds) < 0)
		abort();
	rv_out_init(&o, fds[1]);
	rv_out_field(&o, "a\tb\nc\rd", 7);
	rv_out_eol(&o);
	test_cond("flush ok", rv_out_close(&o) == 0);
	close(fds[1]);
	test_cond("field cleaned", read(fds[0], got, sizeof(got)) == 8 && strcmp(got, "a b c d\n") == 0);
	close(fds[0]);
	/* Short fields (one padded word): every length 0-7, a control at
	 * every offset, and none (0x01 and high bytes are kept). */
	int shortok = 1;
	for (int len = 0; len < 8; len++)
		for (int pos = -1; pos < len; pos++) {
			char src[8], want[9], buf2[16];
			for (int k = 0; k < len; k++)
				src[k] = k % 2 ? (char)0xE4 : (char)1;
			if (pos >= 0)
				src[pos] = "\t\n\r"[pos % 3];
			memcpy(want, src, (size_t)len);
			if (pos >= 0)
				want[pos] = ' ';
			want[len] = '\n';
			if (pipe(fds) < 0)
				abort();
			rv_out_init(&o, fds[1]);
			rv_out_field(&o, src, (size_t)len);
			rv_out_eol(&o);
			rv_out_close(&o);
			close(fds[1]);
			shortok &= read(fds[0], buf2, sizeof(buf2)) == len + 1 && memcmp(buf2, want, (size_t)len + 1) == 0;
			close(fds[0]);
		}
	test_cond("short fields cleaned", shortok);
	/* Word-at-a-time scan: controls at every offset of long fields. */
	int allok = 1;
	for (int pos = 0; pos < 40; pos++) {
		char src[41], want[41], buf2[64];
		memset(src, 0xE4, 40);	/* high bytes must not count as controls */
		src[40] = 0;
		src[pos] = (char)(pos % 3 == 0 ? '\t' : pos % 3 == 1 ? '\n' : '\r');
		memcpy(want, src, 41);
		want[pos] = ' ';
		if (pipe(fds) < 0)
			abort();
		rv_out_init(&o, fds[1]);
		rv_out_field(&o, src, 40);
		rv_out_close(&o);
		close(fds[1]);
		allok &= read(fds[0], buf2, sizeof(buf2)) == 40 && memcmp(buf2, want, 40) == 0;
		close(fds[0]);
	}
	test_cond("field cleaned at every offset", allok);
	/* Writes that fit the buffer's room (inline), that do not (flush
	 * first) and that are larger than the buffer (written through), in
	 * order, with TABs between. */
	{
		char wpath[] = "/tmp/rvtestXXXXXX";
		int wfd = mkstemp(wpath);
		size_t sizes[] = { 1, 100000, 200000, 300000, 7, 0, 262144, 262143, 3 }, total = 0, k, j;
		char *src = malloc(300000), *back = malloc(2000000);
		int same = 1;
		if (wfd < 0 || src == NULL || back == NULL)
			abort();
		for (j = 0; j < 300000; j++)
			src[j] = (char)('a' + j % 23);
		rv_out_init(&o, wfd);
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			rv_out_write(&o, src, sizes[k]);
			rv_out_tab(&o);
		}
		test_cond("writer: big and small writes flushed", rv_out_close(&o) == 0);
		close(wfd);
		wfd = open(wpath, O_RDONLY);
		ssize_t got_n = read(wfd, back, 2000000);
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]) && same; k++) {
			same = memcmp(back + total, src, sizes[k]) == 0 && back[total + sizes[k]] == '\t';
			total += sizes[k] + 1;
		}
		test_cond("writer: bytes in order", same && got_n == (ssize_t)total);
		close(wfd);
		unlink(wpath);
		free(src);
		free(back);
	}
	FILE *full = fopen("/dev/full", "w");
	if (full != NULL) {
		rv_out_init(&o, fileno(full));
		rv_out_puts(&o, "x");
		test_cond("/dev/full write error detected", rv_out_close(&o) == -1 && o.err != 0);
		fclose(full);
	}
	return test_report();
}
