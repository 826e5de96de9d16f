/* partial.h - helpers of the aggregators' --partial / --merge: a state
 * starts with a header line whose first field names the tool's format
 * (rv-rootcause-partial, rv-terms-partial ...), and --merge refuses, with
 * both lines in its message, the states that do not match. */
#ifndef RV_PARTIAL_H
#define RV_PARTIAL_H

#include <stddef.h>

#include "tsv.h"

/* Is f[0] the format name magic (the first field of a state's header)? */
int rv_partial_is_header(const struct rv_field *f, size_t nf, const char *magic);
/* A line p[0..n) for a message, in buf (size bytes, NUL-terminated): at
 * most size - 1 bytes, TAB and other control bytes as spaces, without a
 * trailing newline. Returns buf. */
const char *rv_partial_shown(char *buf, size_t size, const char *p, size_t n);
/* What differs between the lines a (a later state's) and b (the first
 * state's), for a message, in buf as rv_partial_shown: the first
 * TAB-separated field they differ in, "'x' where the first has 'y'"
 * (a missing field shows as nothing). Returns buf. */
const char *rv_partial_diff(char *buf, size_t size, const char *a, size_t an, const char *b,
    size_t bn);
/* Make s, the options a state's header echoes, fit in one header field:
 * TAB, CR and LF become spaces. */
void rv_partial_sig_clean(char *s);
/* Is f a header field "key=value"? Then *val is the value. */
int rv_partial_field(const struct rv_field *f, const char *key, struct rv_field *val);

#endif
