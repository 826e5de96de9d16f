/* textcap.h - how much of a text field rv-sentiment and rv-classify
 * analyse. Their working memory is a multiple of the text (code points,
 * offsets, features, matches): a 20 MB field cost ~300 MB. A review is
 * never near 1 MiB (the longest in ../shared/data is 26 KB), so a field
 * is analysed up to its first RV_TEXT_MAX bytes and the tools say when
 * one was cut; the row itself is passed on whole. */
#ifndef RV_TEXTCAP_H
#define RV_TEXTCAP_H

#include <stddef.h>

enum { RV_TEXT_MAX = 1 << 20 };

/* Fields cut so far: how many, and where the first one was. */
struct rv_textcap {
	unsigned long n;
	char *file;		/* owned copy */
	unsigned long line;
};

/* The length of p[0..n) to analyse: n, or when n > RV_TEXT_MAX the
 * longest prefix of at most RV_TEXT_MAX bytes ending before a UTF-8 lead
 * byte (so no character is split); a cut is counted in c with file and
 * line (the first one's are kept). */
size_t rv_textcap(struct rv_textcap *c, const char *p, size_t n, const char *file,
    unsigned long line);
void rv_textcap_free(struct rv_textcap *c);

#endif
