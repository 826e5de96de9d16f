/* xmlscan.h - a streaming XML scanner for the parts of an .xlsx file.
 *
 * The document comes in blocks (rv_xs_feed); rv_xs_next returns one
 * event at a time: an element's start (name and attributes), its end,
 * or a run of character data. A token cut by the end of a block is kept
 * (copied to the room before the next block when it fits there, else
 * to a buffer of the scanner's own) and read whole once the next block
 * is fed, so elements, entities and UTF-8 sequences may span blocks.
 *
 * What it reports is what expat reports without namespace processing:
 * names with their prefixes (x:row), attribute values normalised (TAB,
 * CR, LF as spaces), the predefined entities and character references
 * decoded, CR LF and lone CR in character data as LF, CDATA sections as
 * character data; comments, processing instructions and the XML
 * declaration are skipped. The document must be well-formed UTF-8, or
 * it is an error, where expat would find one: mismatched, unclosed or
 * stray tags, bad names or attribute syntax, duplicate attributes,
 * undefined entities, characters XML does not allow, bad UTF-8, text or
 * a second element outside the root. A DOCTYPE is an error of its own
 * (RV_XS_EDOCTYPE). Not checked: which non-ASCII characters a name may
 * hold. Another encoding (a UTF-16 byte order mark, or an encoding other
 * than UTF-8 in the XML declaration) is RV_XS_EENCODING; rv_xs_utf8
 * tells from the first bytes.
 *
 * The scanner writes in the blocks it is fed (names and values are
 * terminated and decoded in place): they must be writable, and are the
 * scanner's until the next rv_xs_feed. */
#ifndef RV_XMLSCAN_H
#define RV_XMLSCAN_H

#include <stddef.h>

#include "buf.h"

/* Events of rv_xs_next. */
enum {
	RV_XS_ERROR = -1,
	RV_XS_MORE = 0,		/* feed the next block */
	RV_XS_START,		/* name, atts */
	RV_XS_END,		/* name */
	RV_XS_TEXT,		/* text[0..tlen) */
	RV_XS_EOF		/* the document is complete */
};

/* Errors (err), with expat's words for them (rv_xs_errstr). */
enum {
	RV_XS_OK = 0,
	RV_XS_EINVAL,		/* not well-formed (invalid token) */
	RV_XS_EUNCLOSED,	/* unclosed token */
	RV_XS_ENOELEM,		/* no element found */
	RV_XS_EMISMATCH,	/* mismatched tag */
	RV_XS_EJUNK,		/* junk after document element */
	RV_XS_EDUPATTR,		/* duplicate attribute */
	RV_XS_EENTITY,		/* undefined entity */
	RV_XS_ECHARREF,		/* reference to invalid character number */
	RV_XS_ECDATA,		/* unclosed CDATA section */
	RV_XS_EXMLDECL,		/* XML or text declaration not at start of entity */
	RV_XS_EENCODING,	/* not UTF-8 */
	RV_XS_EDOCTYPE,		/* a DOCTYPE declaration */
	RV_XS_ENOMEM
};

struct rv_xs {
	/* The event. */
	const char *name;	/* START, END: the element's name, with its prefix */
	const char **atts;	/* START: name, value, ..., NULL */
	const char *text;	/* TEXT */
	size_t tlen;
	int err;		/* RV_XS_E* after RV_XS_ERROR */
	unsigned long long erroff;	/* the byte of the document it is at */
	/* Internal. */
	char *p, *end, *w0;	/* the window [w0..end), next byte p */
	unsigned long long base;	/* document offset of w0 */
	unsigned long long declok;	/* where an XML declaration may be */
	size_t want;		/* a cut token waits for this many bytes */
	int final, state, root, pend, started, incarry;
	char ebuf[8];		/* a decoded reference */
	struct rv_buf carry;	/* a cut token that did not fit a block's room */
	struct rv_buf stack;	/* open elements' names, each NUL-terminated */
	size_t *top, ntop, topcap;	/* where each starts in stack */
	const char **av;
	size_t avcap;
	struct rv_xs_att {
		char *n, *ne, *v, *ve;	/* name, value and their ends */
		int sp;		/* the value has references, TAB, CR or LF */
	} *at;
	size_t atcap;
};

void rv_xs_init(struct rv_xs *s);
void rv_xs_free(struct rv_xs *s);
/* The next block p[0..n) of the document (final: the last one; n may be
 * 0), after rv_xs_next returned RV_XS_MORE. room: bytes before p that
 * the scanner may write (the rest of the previous block is moved there
 * when it fits). Returns 0, or -1 when out of memory. */
int rv_xs_feed(struct rv_xs *s, char *p, size_t n, size_t room, int final);
/* The next event (see above). */
int rv_xs_next(struct rv_xs *s);
/* 0 when p[0..n), the start of a document, says it is in another
 * encoding than UTF-8 (a UTF-16 byte order mark or pattern, or the
 * encoding of its XML declaration); else 1. */
int rv_xs_utf8(const char *p, size_t n);
/* What err means, in expat's words. */
const char *rv_xs_errstr(int err);

#endif
