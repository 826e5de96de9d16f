/* Unit tests: lib/io/csvin.c (record assembly, fast path against libcsv,
 * line numbers, malformed records, chunk boundaries, field cleaning). */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvin.h"
#include "testhelp.h"
#include "tsv.h"

static char *
tmpfile_with(const char *data, size_t n, const char *suffix)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/rvcsvXXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

/* All records of data as "line:status:f1|f2|...\n". */
static void
dump(const char *data, size_t n, const struct rv_csvin_opts *o, struct rv_buf *out)
{
	char *path = tmpfile_with(data, n, ".csv");
	struct rv_csvin c;

	rv_buf_clear(out);
	if (rv_csvin_open(&c, path, o) < 0)
		abort();
	while (rv_csvin_next(&c) == 1) {
		rv_buf_printf(out, "%lu:%d:", c.line, c.status);
		for (size_t i = 0; i < c.nf; i++) {
			if (i)
				rv_buf_putc(out, '|');
			rv_buf_append(out, c.f[i].p, c.f[i].len);
		}
		rv_buf_putc(out, '\n');
	}
	rv_csvin_close(&c);
	unlink(path);
}

static int
same(const struct rv_buf *b, const char *want)
{
	if (b->len == strlen(want) && memcmp(b->p, want, b->len) == 0)
		return 1;
	printf("got:  %s\nwant: %s\n", b->p ? b->p : "", want);
	return 0;
}

static void
test_records(void)
{
	struct rv_csvin_opts o = {.quote = '"'};
	struct rv_buf b = {0};
	static const char csv[] =
	    "id,text,n\r\n"
	    "1,\"hello, \"\"world\"\"\",3\r\n"
	    "\r\n"
	    "2,\"two\nlines\",4\n"
	    "3, spaced ,\n"
	    "4,\"\",\"x\"";

	dump(csv, strlen(csv), &o, &b);
	test_cond("RFC 4180 records", same(&b,
	    "1:0:id|text|n\n"
	    "2:0:1|hello, \"world\"|3\n"
	    "4:0:2|two\nlines|4\n"
	    "6:0:3| spaced |\n"
	    "7:0:4||x\n"));
	dump("a;b\n1;\"x;y\"\n", 12, &o, &b);
	test_cond("semicolon detected", same(&b, "1:0:a|b\n2:0:1|x;y\n"));
	dump("a\tb\tc,d\n1\t2,3\t4\n", 16, &o, &b);
	test_cond("tab detected", same(&b, "1:0:a|b|c,d\n2:0:1|2,3|4\n"));
	dump("a\tb,c\n1\t2,3\n", 12, &o, &b);
	test_cond("tie goes to comma", same(&b, "1:0:a\tb|c\n2:0:1\t2|3\n"));
	dump("text\nx,y;z\n", 11, &o, &b);
	test_cond("first line decides; comma by default", same(&b, "1:0:text\n2:0:x|y;z\n"));
	o.delim = ';';
	dump("a,b;c\n", 6, &o, &b);
	test_cond("given delimiter wins", same(&b, "1:0:a,b|c\n"));
	o.delim = 0;
	o.quote = -1;
	dump("a\tb\n\"x\t\"y\n", 10, &o, &b);
	test_cond("no-quote mode", same(&b, "1:0:a|b\n2:0:\"x|\"y\n"));
	o.quote = '"';
	dump("a,b\n1,\"open\n2,x\n", 16, &o, &b);
	test_cond("unterminated quote", same(&b, "1:0:a|b\n2:2:1|open\n2,x\n\n"));
	dump("a,b\n\"abc\"x,5\" tall\n\"q\" ,\"\"\n", 27, &o, &b);
	test_cond("malformed quoting read as Python does", same(&b,
	    "1:0:a|b\n2:0:abcx|5\" tall\n3:0:q |\n"));
	dump("", 0, &o, &b);
	test_cond("empty input", b.len == 0);
	dump("\n\r\n\n", 4, &o, &b);
	test_cond("blank lines only", b.len == 0);
	dump("a,b\n1,\xff\n2,ok\n", 13, &o, &b);
	test_cond("declared-invalid bytes flagged on their record",
	    same(&b, "1:0:a|b\n2:1:1|\xff\n3:0:2|ok\n"));
	rv_buf_free(&b);
}

static void
test_status(void)
{
	struct rv_csvin_opts o = {.quote = '"', .encoding = "UTF-8"};
	static const char data[] = "a,b\n\"1\n\",\xff\n2,ok\n";
	char *path = tmpfile_with(data, strlen(data), ".csv");
	struct rv_csvin c;

	test_cond("open", rv_csvin_open(&c, path, &o) == 0);
	test_cond("header", rv_csvin_next(&c) == 1 && c.status == RV_CSV_OK && c.line == 1);
	test_cond("bad bytes: status, line, byte", rv_csvin_next(&c) == 1 && c.status == RV_CSV_EENC &&
	    c.line == 2 && c.bad.byte == 0xFF);
	test_cond("bad record text verbatim", c.reclen == 7 && memcmp(c.rec, "\"1\n\",\xff\n", 7) == 0);
	test_cond("next record clean", rv_csvin_next(&c) == 1 && c.status == RV_CSV_OK && c.line == 4);
	test_cond("end", rv_csvin_next(&c) == 0 && rv_csvin_next(&c) == 0);
	rv_csvin_close(&c);
	unlink(path);
	path = tmpfile_with("a\tb\n1\t2\n", 8, ".tsv");
	test_cond("tsv by name", rv_csvin_open(&c, path, &o) == 0 && c.delim == '\t');
	rv_csvin_close(&c);
	unlink(path);
}

/* The fast path must give exactly what libcsv gives. */
static void
test_fast_vs_libcsv(void)
{
	static const char *const tricky[] = {
		"a,b,c\n1,2,3\n",
		"a,b\n,\n,,\n\n \n",
		"x\r\ny\r\n\r\nz",
		"a,\"b\nc\",d\ne,f,g\n\"\"\"q\"\"\",h\n",
		"a,b\"c,d\ne\"f\n",
		"\"a\"x,b\n1 , 2 \n",
		"tab\there,x\n\t,\t\n",
		"lone\rcr,x\n",
		"\xe4\xb8\xad,\xe6\x96\x87\n\"\xe4\xb8\xad,\xe6\x96\x87\"\n",
		"last,no,newline",
		"\"open,forever\nx,y\n",
		"a,\"\"\n\"\",b\n,\"\"\n",
		"\"a\"\"b\",c\n\"x\",\n,\"y\"\n\"\"\"\"\n\"\"\"q\"\"\"\r\n",
		"\"a\" ,b\n\"a\"b\"c\",d\nx,\"y\nz\",w\n\"p, \"\"q\"\"\",\"r\rs\"\n",
		"a,b\"c,\"d\"\n5\" tall,\"\"\"\"\"\n\"\n\"\n",
	};
	struct rv_csvin_opts fast = {.quote = '"', .delim = ','}, slow = fast;
	struct rv_buf a = {0}, b = {0};
	char name[64];

	slow.no_fast = 1;
	for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		dump(tricky[i], strlen(tricky[i]), &fast, &a);
		dump(tricky[i], strlen(tricky[i]), &slow, &b);
		snprintf(name, sizeof(name), "fast path = libcsv, case %zu", i);
		test_cond(name, a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
		if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
			printf("fast: %s\nlibcsv: %s\n", a.p, b.p);
	}
	rv_buf_free(&a);
	rv_buf_free(&b);
}

/* Records and multibyte characters straddling the 1 MiB read chunks. */
static void
test_chunk_boundaries(void)
{
	struct rv_buf src = {0}, gb = {0}, got = {0}, want = {0};
	struct rv_csvin_opts o = {.quote = '"'};
	struct rv_csvin c;
	size_t rows = 0, k;
	iconv_t cd;

	rv_buf_puts(&src, "id,text\n");
	for (k = 0; src.len < 3 * 1024 * 1024 + 7; k++)
		rv_buf_printf(&src, "%zu,\"质量%s好，物流快😀, \"\"ok\"\"\"\n", k, k % 3 ? "很" : "\n");
	/* A 1 MB field crossing a chunk boundary. */
	rv_buf_puts(&src, "big,\"");
	for (k = 0; k < 1024 * 1024 / 3; k++)
		rv_buf_puts(&src, "长");
	rv_buf_puts(&src, "\"\n");
	cd = iconv_open("GB18030", "UTF-8");
	rv_buf_reserve(&gb, src.len * 2);
	char *ip = src.p, *op = gb.p;
	size_t il = src.len, ol = gb.cap - 1;
	test_cond("reference encode", iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	gb.len = (size_t)(op - gb.p);
	iconv_close(cd);
	char *path = tmpfile_with(gb.p, gb.len, ".csv");
	test_cond("open gb18030", rv_csvin_open(&c, path, &o) == 0 && strcmp(c.enc, "GB18030") == 0);
	/* Rebuild the CSV from the fields and compare with the source. */
	int ok = 1;
	while (rv_csvin_next(&c) == 1) {
		ok &= c.status == RV_CSV_OK && c.nf == 2;
		rows++;
		rv_buf_append(&got, c.f[0].p, c.f[0].len);
		rv_buf_putc(&got, '|');
		rv_buf_append(&got, c.f[1].p, c.f[1].len);
		rv_buf_putc(&got, '\n');
	}
	rv_csvin_close(&c);
	unlink(path);
	/* The same via UTF-8 input, libcsv only. */
	path = tmpfile_with(src.p, src.len, ".csv");
	o.no_fast = 1;
	test_cond("open utf-8", rv_csvin_open(&c, path, &o) == 0 && strcmp(c.enc, "UTF-8") == 0);
	while (rv_csvin_next(&c) == 1) {
		rv_buf_append(&want, c.f[0].p, c.f[0].len);
		rv_buf_putc(&want, '|');
		rv_buf_append(&want, c.f[1].p, c.f[1].len);
		rv_buf_putc(&want, '\n');
	}
	rv_csvin_close(&c);
	unlink(path);
	test_cond("all records clean", ok && rows > 30000);
	for (k = 0; k < got.len && k < want.len && got.p[k] == want.p[k]; k++)
		;
	if (k < got.len || k < want.len)
		printf("differ at %zu of %zu/%zu: got '%.40s' want '%.40s'\n", k, got.len, want.len,
		    got.p + k, want.p + k);
	test_cond("GB18030 in chunks = UTF-8 via libcsv", got.len == want.len && got.len > 3000000 &&
	    memcmp(got.p, want.p, got.len) == 0);
	rv_buf_free(&src);
	rv_buf_free(&gb);
	rv_buf_free(&got);
	rv_buf_free(&want);
}

static void
test_put(void)
{
	struct rv_out o;
	int fds[2];
	char buf[256];
	ssize_t n;
	static const char field[] = "a\tb\nc\rd\\e\0f 0123456789abcdef\t";

	if (pipe(fds) < 0)
		abort();
	rv_out_init(&o, fds[1]);
	rv_csvin_put(&o, field, sizeof(field) - 1, " ", 1, 0);
	rv_out_putc(&o, '|');
	rv_csvin_put(&o, field, sizeof(field) - 1, "", 0, 1);
	rv_out_putc(&o, '|');
	rv_csvin_put(&o, field, sizeof(field) - 1, "<>", 2, 0);
	rv_out_close(&o);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	buf[n > 0 ? n : 0] = '\0';
	test_cond("put: replace, escape, custom", strcmp(buf,
	    "a b c d\\e f 0123456789abcdef |"
	    "a\\tb\\nc\\rd\\\\e\\0f 0123456789abcdef\\t|"
	    "a<>b<>c<>d\\e<>f 0123456789abcdef<>") == 0);
}

int
main(void)
{
	test_records();
	test_status();
	test_fast_vs_libcsv();
	test_chunk_boundaries();
	test_put();
	return test_report();
}
