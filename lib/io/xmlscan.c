/* xmlscan.c - streaming XML scanner (see xmlscan.h).
 *
 * rv_xs_next reads one token from the window p..end: a tag, a
 * reference, a run of text. A token the window cuts is read again from
 * its start once more input is there (want: at least twice the cut
 * part, so a token longer than a block costs linear time). Start tags
 * are read in two passes: the first finds the names and values and
 * checks them, leaving the bytes alone, so that a cut tag can be read
 * again; the second, once the whole tag was there, terminates the
 * names and decodes the values in place. */
#include "xmlscan.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Byte classes. */
enum {
	C_TEXT = 1,	/* ends a run of character data */
	C_ATT = 2,	/* needs a look in an attribute value */
	C_NAME = 4,	/* in a name */
	C_START = 8,	/* starts a name */
	C_WS = 16,
	C_CDATA = 32	/* ends a run in a CDATA section */
};

/* Internal results of the token readers. */
enum { GO = 100, NEED = 101 };

enum { S_CONTENT, S_CDATA };

static unsigned char cls[256];

static void
init_classes(void)
{
	int c;

	if (cls['a'] != 0)
		return;
	for (c = 0; c < 256; c++) {
		unsigned char k = 0;
		if (c < 0x20 || c >= 0x80)
			k |= C_TEXT | C_ATT | C_CDATA;
		if (c == '<' || c == '&' || c == ']' || c == '\r')
			k |= C_TEXT;
		if (c == '<' || c == '&' || c == '"' || c == '\'')
			k |= C_ATT;
		if (c == ']' || c == '\r')
			k |= C_CDATA;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80)
			k |= C_START | C_NAME;
		if ((c >= '0' && c <= '9') || c == '.' || c == '-')
			k |= C_NAME;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			k |= C_WS;
		cls[c] = k;
	}
	/* TAB and LF are plain text; in a value they become spaces. */
	cls['\t'] &= (unsigned char)~(C_TEXT | C_CDATA);
	cls['\n'] &= (unsigned char)~(C_TEXT | C_CDATA);
}

void
rv_xs_init(struct rv_xs *s)
{
	init_classes();
	memset(s, 0, sizeof(*s));
}

void
rv_xs_free(struct rv_xs *s)
{
	rv_buf_free(&s->carry);
	rv_buf_free(&s->stack);
	free(s->top);
	free(s->av);
	free(s->at);
	memset(s, 0, sizeof(*s));
}

const char *
rv_xs_errstr(int err)
{
	switch (err) {
	case RV_XS_EINVAL:
		return "not well-formed (invalid token)";
	case RV_XS_EUNCLOSED:
		return "unclosed token";
	case RV_XS_ENOELEM:
		return "no element found";
	case RV_XS_EMISMATCH:
		return "mismatched tag";
	case RV_XS_EJUNK:
		return "junk after document element";
	case RV_XS_EDUPATTR:
		return "duplicate attribute";
	case RV_XS_EENTITY:
		return "undefined entity";
	case RV_XS_ECHARREF:
		return "reference to invalid character number";
	case RV_XS_ECDATA:
		return "unclosed CDATA section";
	case RV_XS_EXMLDECL:
		return "XML or text declaration not at start of entity";
	case RV_XS_EENCODING:
		return "unknown encoding";
	case RV_XS_EDOCTYPE:
		return "a DOCTYPE declaration";
	case RV_XS_ENOMEM:
		return "out of memory";
	default:
		return "no error";
	}
}

int
rv_xs_feed(struct rv_xs *s, char *p, size_t n, size_t room, int final)
{
	size_t tail = (size_t)(s->end - s->p);
	unsigned long long off = s->base + (unsigned long long)(s->p - s->w0);

	s->final = final;
	if (tail <= room) {
		if (tail > 0)
			memmove(p - tail, s->p, tail);
		s->w0 = s->p = p - tail;
		s->end = p + n;
		s->incarry = 0;
	} else {
		if (s->incarry) {
			memmove(s->carry.p, s->p, tail);
			s->carry.len = tail;
		} else {
			s->carry.len = 0;
			if (rv_buf_append(&s->carry, s->p, tail) < 0)
				return -1;
		}
		if (rv_buf_append(&s->carry, p, n) < 0)
			return -1;
		s->w0 = s->p = s->carry.p;
		s->end = s->carry.p + s->carry.len;
		s->incarry = 1;
	}
	s->base = off;
	return 0;
}

static int
fail(struct rv_xs *s, int err, const char *at)
{
	s->err = err;
	s->erroff = s->base + (unsigned long long)(at - s->w0);
	return RV_XS_ERROR;
}

/* A token from t on is cut by the end of the window. */
static int
need(struct rv_xs *s, char *t)
{
	if (s->final)
		return fail(s, s->state == S_CDATA ? RV_XS_ECDATA : RV_XS_EUNCLOSED, t);
	s->p = t;
	s->want = 2 * (size_t)(s->end - t) + 1;
	return RV_XS_MORE;
}

/* The UTF-8 sequence at p (*p >= 0x80): its length, 0 when it is not
 * one XML allows (bad bytes, overlong, a surrogate, U+FFFE, U+FFFF,
 * beyond U+10FFFF), -1 when e cuts it. */
static int
u8len(const unsigned char *p, const unsigned char *e)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	int n, i;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < n; i++) {
		if (p + i >= e)
			return -1;
		if (p[i] < lo || p[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	if (c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
		return 0;
	return n;
}

/* The reference at p ('&'): decoded into out (at most 4 bytes), its
 * length to *olen and its end to *endp. Returns GO, NEED, or an error
 * RV_XS_E* with its place in *endp. */
static int
ref(const char *p, const char *e, char *out, size_t *olen, const char **endp)
{
	const unsigned char *q = (const unsigned char *)p + 1, *ue = (const unsigned char *)e;
	unsigned long v = 0;

	if (q == ue)
		return NEED;
	if (*q == '#') {
		int hex = 0, any = 0;
		if (++q == ue)
			return NEED;
		if (*q == 'x') {
			hex = 1;
			q++;
		}
		for (; q < ue; q++, any = 1) {
			int d;
			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (hex && *q >= 'a' && *q <= 'f')
				d = *q - 'a' + 10;
			else if (hex && *q >= 'A' && *q <= 'F')
				d = *q - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (unsigned long)d;
			if (v > 0x10FFFF)
				v = 0x110000;
		}
		if (q == ue)
			return NEED;
		if (!any || *q != ';') {
			*endp = (const char *)q;
			return RV_XS_EINVAL;
		}
		if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
		    (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF))) {
			*endp = p;
			return RV_XS_ECHARREF;
		}
		*olen = (size_t)rv_utf8_encode((uint32_t)v, out);
	} else {
		const char *n = (const char *)q;
		size_t len;
		if (!(cls[*q] & C_START)) {
			*endp = (const char *)q;
			return RV_XS_EINVAL;
		}
		while (q < ue && (cls[*q] & C_NAME))
			q++;
		if (q == ue)
			return NEED;
		if (*q != ';') {
			*endp = (const char *)q;
			return RV_XS_EINVAL;
		}
		len = (size_t)((const char *)q - n);
		*olen = 1;
		if (len == 3 && memcmp(n, "amp", 3) == 0)
			out[0] = '&';
		else if (len == 2 && memcmp(n, "lt", 2) == 0)
			out[0] = '<';
		else if (len == 2 && memcmp(n, "gt", 2) == 0)
			out[0] = '>';
		else if (len == 4 && memcmp(n, "quot", 4) == 0)
			out[0] = '"';
		else if (len == 4 && memcmp(n, "apos", 4) == 0)
			out[0] = '\'';
		else {
			*endp = p;
			return RV_XS_EENTITY;
		}
	}
	*endp = (const char *)q + 1;
	return GO;
}

/* Does lit start at p? 1, 0, or -1 when e cuts it before it can tell. */
static int
prefix(const char *p, const char *e, const char *lit)
{
	for (; *lit != '\0'; p++, lit++) {
		if (p == e)
			return -1;
		if (*p != *lit)
			return 0;
	}
	return 1;
}

/* The first byte of p..e that XML does not allow (control characters,
 * bad UTF-8), or NULL; *cut is set when e cuts a sequence. */
static const char *
bad_char(const char *p, const char *e, int *cut)
{
	const unsigned char *q = (const unsigned char *)p, *ue = (const unsigned char *)e;
	int k;

	*cut = 0;
	while (q < ue) {
		if (*q >= 0x20 && *q < 0x80) {
			q++;
			continue;
		}
		if (*q == '\t' || *q == '\n' || *q == '\r') {
			q++;
			continue;
		}
		if (*q < 0x20 || (k = u8len(q, ue)) == 0)
			return (const char *)q;
		if (k < 0) {
			*cut = 1;
			return (const char *)q;
		}
		q += k;
	}
	return NULL;
}

/* CR LF or a lone CR at p, as LF. */
static int
newline(struct rv_xs *s, char *p)
{
	if (p + 1 == s->end && !s->final)
		return need(s, p);
	s->text = "\n";
	s->tlen = 1;
	s->p = p + 1 + (p + 1 < s->end && p[1] == '\n');
	return RV_XS_TEXT;
}

/* The run of character data at p up to a byte of class stop (or a
 * UTF-8 sequence not complete or not valid): set as the text, 1; none
 * there, 0. */
static int
run(struct rv_xs *s, unsigned char *p, unsigned char *e, unsigned stop)
{
	unsigned char *q = p;
	int k;

	for (;;) {
		while (q < e && !(cls[*q] & stop))
			q++;
		if (q == e || *q < 0x80 || (k = u8len(q, e)) <= 0)
			break;
		q += k;
	}
	if (q == p)
		return 0;
	s->text = (char *)p;
	s->tlen = (size_t)(q - p);
	s->p = (char *)q;
	return 1;
}

/* The byte at p that ended a run of character data (run()) in text or,
 * when in_cdata, in a CDATA section: a CR, a ']' (alone it is text; "]]>"
 * ends a CDATA section and may not stand in text) or a byte that is not
 * allowed (or a UTF-8 sequence cut at the end of the block). */
static int
stop(struct rv_xs *s, unsigned char *p, unsigned char *e, int in_cdata)
{
	int k;

	switch (*p) {
	case '\r':
		return newline(s, (char *)p);
	case ']':
		if ((k = prefix((char *)p, (char *)e, "]]>")) < 0)
			return need(s, (char *)p);
		if (k > 0 && !in_cdata)
			return fail(s, RV_XS_EINVAL, (char *)p + 2);
		if (k > 0) {
			s->state = S_CONTENT;
			s->p = (char *)p + 3;
			return GO;
		}
		s->text = (char *)p;
		s->tlen = 1;
		s->p = (char *)p + 1;
		return RV_XS_TEXT;
	default:
		if (*p >= 0x80 && u8len(p, e) < 0)
			return need(s, (char *)p);
		return fail(s, RV_XS_EINVAL, (char *)p);
	}
}

/* Character data from s->p (not '<'). */
static int
text(struct rv_xs *s)
{
	unsigned char *p = (unsigned char *)s->p, *e = (unsigned char *)s->end, *q = p;
	const char *at;
	size_t n;
	int rc;

	if (s->root != 1) {
		/* Outside the root element: white space only. */
		while (q < e && (cls[*q] & C_WS))
			q++;
		if (q < e && *q != '<')
			return fail(s, s->root == 2 ? RV_XS_EJUNK : RV_XS_EINVAL, (char *)q);
		s->p = (char *)q;
		return GO;
	}
	if (run(s, p, e, C_TEXT))
		return RV_XS_TEXT;
	switch (*p) {
	case '&':
		rc = ref((char *)p, (char *)e, s->ebuf, &n, &at);
		if (rc == NEED)
			return need(s, (char *)p);
		if (rc != GO)
			return fail(s, rc, at);
		s->text = s->ebuf;
		s->tlen = n;
		s->p = (char *)at;
		return RV_XS_TEXT;
	default:
		return stop(s, p, e, 0);
	}
}

/* Inside a CDATA section. */
static int
cdata(struct rv_xs *s)
{
	unsigned char *p = (unsigned char *)s->p, *e = (unsigned char *)s->end;

	if (run(s, p, e, C_CDATA))
		return RV_XS_TEXT;
	return stop(s, p, e, 1);
}

/* A comment, CDATA section or DOCTYPE at p ("<!"). */
static int
bang(struct rv_xs *s, char *p)
{
	char *e = s->end, *d;
	const char *bad;
	int k, cut;

	if ((k = prefix(p, e, "<!--")) < 0)
		return need(s, p);
	if (k > 0) {
		d = memmem(p + 4, (size_t)(e - p - 4), "--", 2);
		if (d == NULL || d + 2 == e)
			return need(s, p);
		if (d[2] != '>')
			return fail(s, RV_XS_EINVAL, d + 2);
		if ((bad = bad_char(p + 4, d, &cut)) != NULL)
			return fail(s, RV_XS_EINVAL, bad);
		s->p = d + 3;
		return GO;
	}
	if ((k = prefix(p, e, "<![CDATA[")) < 0)
		return need(s, p);
	if (k > 0) {
		if (s->root != 1)
			return fail(s, RV_XS_EINVAL, p);
		s->state = S_CDATA;
		s->p = p + 9;
		return GO;
	}
	if ((k = prefix(p, e, "<!DOCTYPE")) < 0)
		return need(s, p);
	if (k > 0 && s->root == 0)
		return fail(s, RV_XS_EDOCTYPE, p);
	return fail(s, RV_XS_EINVAL, p + 2);
}

/* The encoding named in an XML declaration's text p..e: 1 when UTF-8 or
 * none, else 0. */
static int
decl_utf8(const char *p, const char *e)
{
	const char *q = memmem(p, (size_t)(e - p), "encoding", 8), *v;
	char quote;

	if (q == NULL)
		return 1;
	for (q += 8; q < e && (cls[(unsigned char)*q] & C_WS); q++)
		;
	if (q == e || *q++ != '=')
		return 1;
	while (q < e && (cls[(unsigned char)*q] & C_WS))
		q++;
	if (q == e || (*q != '"' && *q != '\''))
		return 1;
	quote = *q++;
	for (v = q; q < e && *q != quote; q++)
		;
	return (q - v == 5 && strncasecmp(v, "utf-8", 5) == 0) ||
	    (q - v == 4 && strncasecmp(v, "utf8", 4) == 0);
}

/* A processing instruction or the XML declaration at p ("<?"). */
static int
pi(struct rv_xs *s, char *p)
{
	char *e = s->end, *q = p + 2, *d;
	const char *bad;
	int cut;

	if (q == e)
		return need(s, p);
	if (!(cls[(unsigned char)*q] & C_START))
		return fail(s, RV_XS_EINVAL, q);
	while (q < e && (cls[(unsigned char)*q] & C_NAME))
		q++;
	if (q == e)
		return need(s, p);
	if (!(cls[(unsigned char)*q] & C_WS) && *q != '?')
		return fail(s, RV_XS_EINVAL, q);
	d = memmem(q, (size_t)(e - q), "?>", 2);
	if (d == NULL)
		return need(s, p);
	if ((bad = bad_char(q, d, &cut)) != NULL)
		return fail(s, RV_XS_EINVAL, bad);
	if (q - p == 5 && strncasecmp(p + 2, "xml", 3) == 0) {
		if (memcmp(p + 2, "xml", 3) != 0)
			return fail(s, RV_XS_EINVAL, q);
		if (s->base + (unsigned long long)(p - s->w0) != s->declok)
			return fail(s, RV_XS_EXMLDECL, p);
		if (!decl_utf8(q, d))
			return fail(s, RV_XS_EENCODING, p);
	}
	s->p = d + 2;
	return GO;
}

/* An end tag at p ("</"). */
static int
end_tag(struct rv_xs *s, char *p)
{
	char *e = s->end, *n = p + 2, *q = n, *top;
	size_t len;

	if (q == e)
		return need(s, p);
	if (!(cls[(unsigned char)*q] & C_START))
		return fail(s, RV_XS_EINVAL, q);
	while (q < e && (cls[(unsigned char)*q] & C_NAME))
		q++;
	len = (size_t)(q - n);
	while (q < e && (cls[(unsigned char)*q] & C_WS))
		q++;
	if (q == e)
		return need(s, p);
	if (*q != '>')
		return fail(s, RV_XS_EINVAL, q);
	if (s->ntop == 0)
		return fail(s, RV_XS_EINVAL, p + 1);
	top = s->stack.p + s->top[s->ntop - 1];
	if (s->stack.len - s->top[s->ntop - 1] - 1 != len ||
	    (len == 1 ? *top != *n : memcmp(top, n, len) != 0))
		return fail(s, RV_XS_EMISMATCH, n);
	s->stack.len = s->top[--s->ntop];
	if (s->ntop == 0)
		s->root = 2;
	s->name = top;
	s->p = q + 1;
	return RV_XS_END;
}

/* A value's bytes p..e (between the quotes, checked) decoded in place
 * and terminated. */
static void
decode_value(char *p, char *e)
{
	char *w = p, buf[4];
	const char *end;
	size_t n;

	while (p < e) {
		switch (*p) {
		case '&':
			ref(p, e, buf, &n, &end);
			memcpy(w, buf, n);
			w += n;
			p = (char *)end;
			break;
		case '\r':
			*w++ = ' ';
			p += 1 + (p + 1 < e && p[1] == '\n');
			break;
		case '\t':
		case '\n':
			*w++ = ' ';
			p++;
			break;
		default:
			*w++ = *p++;
		}
	}
	*w = '\0';
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct rv_xs_att *)a)->n, ((const struct rv_xs_att *)b)->n);
}

/* Terminate and decode the start tag at p whose name ends at ne and
 * whose natt attributes are in s->at; check for duplicates; push it. */
static int
commit(struct rv_xs *s, char *p, char *ne, size_t natt, int empty)
{
	size_t i, j, len = (size_t)(ne - p - 1);
	void *a;

	if (2 * natt + 1 > s->avcap) {
		if ((a = rv_grow(s->av, &s->avcap, 2 * natt + 1, sizeof(*s->av))) == NULL)
			return fail(s, RV_XS_ENOMEM, p);
		s->av = a;
	}
	*ne = '\0';
	for (i = 0; i < natt; i++) {
		struct rv_xs_att *t = &s->at[i];
		*t->ne = '\0';
		if (t->sp)
			decode_value(t->v, t->ve);
		else
			*t->ve = '\0';
	}
	if (natt > 1 && natt <= 16) {
		for (i = 1; i < natt; i++)
			for (j = 0; j < i; j++)
				if (strcmp(s->at[i].n, s->at[j].n) == 0)
					return fail(s, RV_XS_EDUPATTR, s->at[i].n);
	} else if (natt > 16) {
		struct rv_xs_att *c = malloc(natt * sizeof(*c));
		if (c == NULL)
			return fail(s, RV_XS_ENOMEM, p);
		memcpy(c, s->at, natt * sizeof(*c));
		qsort(c, natt, sizeof(*c), by_name);
		for (i = 1; i < natt; i++)
			if (strcmp(c[i].n, c[i - 1].n) == 0) {
				char *at = c[i].n > c[i - 1].n ? c[i].n : c[i - 1].n;
				free(c);
				return fail(s, RV_XS_EDUPATTR, at);
			}
		free(c);
	}
	for (i = 0; i < natt; i++) {
		s->av[2 * i] = s->at[i].n;
		s->av[2 * i + 1] = s->at[i].v;
	}
	s->av[2 * natt] = NULL;
	s->name = p + 1;
	s->atts = s->av;
	if (s->root == 0)
		s->root = 1;
	if (empty) {
		s->pend = 1;
		return RV_XS_START;
	}
	if (s->ntop == s->topcap) {
		if ((a = rv_grow(s->top, &s->topcap, s->ntop + 1, sizeof(*s->top))) == NULL)
			return fail(s, RV_XS_ENOMEM, p);
		s->top = a;
	}
	s->top[s->ntop++] = s->stack.len;
	if (s->stack.len + len + 2 > s->stack.cap && rv_buf_reserve(&s->stack, len + 2) < 0)
		return fail(s, RV_XS_ENOMEM, p);
	memcpy(s->stack.p + s->stack.len, p + 1, len + 1);
	s->stack.len += len + 1;
	return RV_XS_START;
}

/* A start tag at p ('<' and a name). */
static int
start_tag(struct rv_xs *s, char *p)
{
	unsigned char *e = (unsigned char *)s->end, *q = (unsigned char *)p + 1, *ne;
	size_t natt = 0;
	int empty, ws, rc, k;

	if (!(cls[*q] & C_START))
		return fail(s, RV_XS_EINVAL, (char *)q);
	if (s->root == 2)
		return fail(s, RV_XS_EJUNK, p);
	while (q < e && (cls[*q] & C_NAME))
		q++;
	ne = q;
	for (;;) {
		struct rv_xs_att *t;
		unsigned char quote;
		for (ws = 0; q < e && (cls[*q] & C_WS); q++)
			ws = 1;
		if (q == e)
			return need(s, p);
		if (*q == '>') {
			empty = 0;
			q++;
			break;
		}
		if (*q == '/') {
			if (q + 1 == e)
				return need(s, p);
			if (q[1] != '>')
				return fail(s, RV_XS_EINVAL, (char *)q + 1);
			empty = 1;
			q += 2;
			break;
		}
		if (!ws || !(cls[*q] & C_START))
			return fail(s, RV_XS_EINVAL, (char *)q);
		if (natt == s->atcap) {
			void *a = rv_grow(s->at, &s->atcap, natt + 1, sizeof(*s->at));
			if (a == NULL)
				return fail(s, RV_XS_ENOMEM, p);
			s->at = a;
		}
		t = &s->at[natt];
		t->n = (char *)q;
		while (q < e && (cls[*q] & C_NAME))
			q++;
		t->ne = (char *)q;
		while (q < e && (cls[*q] & C_WS))
			q++;
		if (q == e)
			return need(s, p);
		if (*q != '=')
			return fail(s, RV_XS_EINVAL, (char *)q);
		for (q++; q < e && (cls[*q] & C_WS); q++)
			;
		if (q == e)
			return need(s, p);
		if (*q != '"' && *q != '\'')
			return fail(s, RV_XS_EINVAL, (char *)q);
		quote = *q++;
		t->v = (char *)q;
		t->sp = 0;
		for (;;) {
			while (q < e && !(cls[*q] & C_ATT))
				q++;
			if (q == e)
				return need(s, p);
			if (*q == quote)
				break;
			if (*q == '"' || *q == '\'' || *q == '\t' || *q == '\n' || *q == '\r') {
				t->sp |= *q != '"' && *q != '\'';
				q++;
			} else if (*q == '&') {
				char buf[4];
				size_t n;
				const char *end;
				if ((rc = ref((char *)q, (char *)e, buf, &n, &end)) == NEED)
					return need(s, p);
				if (rc != GO)
					return fail(s, rc, end);
				t->sp = 1;
				q = (unsigned char *)end;
			} else if (*q >= 0x80 && (k = u8len(q, e)) != 0) {
				if (k < 0)
					return need(s, p);
				q += k;
			} else {
				return fail(s, RV_XS_EINVAL, (char *)q);
			}
		}
		t->ve = (char *)q++;
		natt++;
	}
	s->p = (char *)q;
	return commit(s, p, (char *)ne, natt, empty);
}

int
rv_xs_next(struct rv_xs *s)
{
	char *p;
	int rc;

	if (s->pend) {
		s->pend = 0;
		if (s->ntop == 0)
			s->root = 2;
		return RV_XS_END;
	}
	if (s->err)
		return RV_XS_ERROR;
	for (;;) {
		p = s->p;
		if (s->want > 0) {
			if ((size_t)(s->end - p) < s->want && !s->final)
				return RV_XS_MORE;
			s->want = 0;
		}
		if (!s->started) {
			if (s->end - p < 3 && !s->final)
				return RV_XS_MORE;
			if (s->end - p >= 2 && ((unsigned char)p[0] == 0xFE || (unsigned char)p[0] == 0xFF ||
			    p[0] == '\0' || p[1] == '\0'))
				return fail(s, RV_XS_EENCODING, p);
			if (prefix(p, s->end, "\xEF\xBB\xBF") > 0)
				s->p = p += 3;
			s->declok = s->base + (unsigned long long)(p - s->w0);
			s->started = 1;
		}
		if (p == s->end) {
			if (!s->final)
				return RV_XS_MORE;
			if (s->state == S_CDATA)
				return fail(s, RV_XS_ECDATA, p);
			if (s->root == 2)
				return RV_XS_EOF;
			return fail(s, RV_XS_ENOELEM, p);
		}
		if (s->state == S_CDATA)
			rc = cdata(s);
		else if (*p != '<')
			rc = text(s);
		else if (p + 1 == s->end)
			rc = need(s, p);
		else if (p[1] == '/')
			rc = end_tag(s, p);
		else if (p[1] == '!')
			rc = bang(s, p);
		else if (p[1] == '?')
			rc = pi(s, p);
		else
			rc = start_tag(s, p);
		if (rc != GO)
			return rc;
	}
}

int
rv_xs_utf8(const char *p, size_t n)
{
	const char *e = p + n, *d;

	init_classes();
	if (n >= 2 && ((unsigned char)p[0] == 0xFE || (unsigned char)p[0] == 0xFF || p[0] == '\0' ||
	    p[1] == '\0'))
		return 0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (e - p < 6 || memcmp(p, "<?xml", 5) != 0 || !(cls[(unsigned char)p[5]] & C_WS))
		return 1;
	if ((d = memmem(p, (size_t)(e - p), "?>", 2)) == NULL)
		return 1;
	return decl_utf8(p + 5, d);
}
