/* ruleset.h - many PCRE2 patterns matched together in one pass over a
 * text, reporting every match of every pattern.
 *
 * Each pattern is split at its top-level '|' into branches; each branch
 * is compiled (anchored, JIT) on its own and indexed by the literal
 * prefixes it can start with (one or two code points, worked out from
 * the pattern). The scan walks the text once and, at each position,
 * runs only the branches whose prefix is there (plus the few that can
 * start anywhere). A big alternation in PCRE2 tries every branch at
 * every position; this index is what makes hundreds of rules cheap.
 * A branch with a mandatory atom past its prefix whose first code points
 * are known ("(不|没)(太|很)?(慢|晚|久)": 慢 晚 久) runs only in a text
 * that holds one of them (a bit set of the text's code points, built
 * once per scan); inline options such as (?i) switch this off. */
#ifndef RV_RULESET_H
#define RV_RULESET_H

#include <stddef.h>

struct rv_ruleset;

struct rv_ruleset *rv_ruleset_new(void);
void rv_ruleset_free(struct rv_ruleset *rs);
/* Add pattern pat[0..len) (PCRE2, UTF) as rule id with tag bits (the
 * scan mask selects rules by tag). Returns 0, -1 on OOM, or a PCRE2
 * error code (< -1 is never used; PCRE2 compile codes are > 100) with
 * *erroff set. */
int rv_ruleset_add(struct rv_ruleset *rs, const char *pat, size_t len, int id,
    unsigned tag, size_t *erroff);
/* Build the prefix index after the last add. Returns 0 or -1 (OOM). */
int rv_ruleset_build(struct rv_ruleset *rs);
/* Called for every match, in order of start; a non-zero return stops
 * the scan and is returned by rv_ruleset_scan. The same rule may be
 * reported more than once at one start (one per matching branch). */
typedef int (*rv_ruleset_fn)(void *arg, int id, size_t start, size_t end);
/* Scan t[0..m), which must be valid UTF-8. Returns 0, the callback's
 * non-zero value, or -1 on a PCRE2 matching error. */
int rv_ruleset_scan(struct rv_ruleset *rs, const char *t, size_t m, unsigned mask,
    rv_ruleset_fn fn, void *arg);
/* Number of compiled branches and of branches that can start anywhere
 * (for tests and tuning). */
size_t rv_ruleset_branches(const struct rv_ruleset *rs, size_t *anywhere);

#endif
