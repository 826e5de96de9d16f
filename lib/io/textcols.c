/* textcols.c - one text from one or several columns; see textcols.h. */
#include "textcols.h"

#include <string.h>

#include "cli.h"
#include "err.h"

void
rv_textcols_init(struct rv_textcols *tc, const struct rv_in *in, const char *spec)
{
	const char *p = spec;

	memset(tc, 0, sizeof(*tc));
	tc->max = -1;
	if (strchr(spec, ',') == NULL || rv_in_col(in, spec) >= 0) {
		tc->col[tc->n++] = tc->max = rv_cli_col(in, spec, "text");
		return;
	}
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char name[256];
		if (len == 0 || len >= sizeof(name))
			rv_usage_error("invalid text field list '%s': expected column names or "
			    "numbers separated by commas", spec);
		if (tc->n == RV_TEXTCOLS_MAX)
			rv_usage_error("too many text fields in '%s' (at most %d)", spec,
			    RV_TEXTCOLS_MAX);
		memcpy(name, p, len);
		name[len] = '\0';
		tc->col[tc->n] = rv_cli_col(in, name, "text");
		if (tc->col[tc->n] > tc->max)
			tc->max = tc->col[tc->n];
		tc->n++;
		if (e == NULL)
			break;
		p = e + 1;
	}
}

/* Does the text end in . ! ? ; or 。！？ */
static int
ends_sentence(const struct rv_buf *b)
{
	static const char *const full[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"};
	size_t i;

	if (strchr(".!?;", b->p[b->len - 1]) != NULL)
		return 1;
	for (i = 0; b->len >= 3 && i < 3; i++)
		if (memcmp(b->p + b->len - 3, full[i], 3) == 0)
			return 1;
	return 0;
}

struct rv_field
rv_textcols_get(struct rv_textcols *tc, const struct rv_field *f)
{
	size_t i;

	tc->head = 0;
	if (tc->n == 1)
		return f[tc->col[0]];
	rv_buf_clear(&tc->buf);
	for (i = 0; i < tc->n; i++) {
		const struct rv_field *x = &f[tc->col[i]];
		if (x->len == 0)
			continue;
		if (tc->buf.len > 0 && rv_buf_puts(&tc->buf, ends_sentence(&tc->buf) ? " " : ". ") < 0)
			rv_oom();
		tc->head = tc->buf.len;
		if (rv_buf_append(&tc->buf, x->p, x->len) < 0)
			rv_oom();
	}
	return (struct rv_field){tc->buf.p ? tc->buf.p : "", tc->buf.len};
}

void
rv_textcols_free(struct rv_textcols *tc)
{
	rv_buf_free(&tc->buf);
}
