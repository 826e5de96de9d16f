/* classify.h - complaint categories by weighted PCRE2 rules.
 *
 * A rule set is a taxonomy (category ids, output names, priority order)
 * plus rules "category TAB weight TAB pattern [TAB note]". All rules are
 * compiled into one JIT-compiled alternation, one alternative per rule,
 * each ending in a (*MARK) that names it, so a row is scanned once.
 * Matching runs on the folded text (lib/utf8.h: half-width, lower case,
 * simplified Han).
 *
 * Scoring: the text is cut into clauses at punctuation. Within a clause
 * the weights of the distinct rules that matched add up per category; a
 * clause counts for a category when its sum reaches 1. A category's
 * score is the sum of its counting clauses. Rules of weight < 1 are
 * therefore context cues that need another cue in the same clause.
 * A match just after a negator (没有/不/无/未/not/no/never/n't, within a
 * few characters of the same clause) is dropped, unless the pattern
 * starts with the comment (?#noneg).
 * Exclusion rules (category "-" or "-CAT") are tried first at every
 * position and consume their span, so no rule matches inside it; "-CAT"
 * also cancels CAT in the same clause.
 * Rules of category "other" are generic negativity cues: they never
 * compete with the specific categories and only decide between "other"
 * and no category when nothing specific matched. */
#ifndef RV_CLASSIFY_H
#define RV_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

struct rv_buf;
struct rv_rules;

/* Where a rule or taxonomy file failed: file name, 1-based line, message
 * and, for a pattern, PCRE2's offset (-1 otherwise). */
struct rv_rules_err {
	const char *file;
	unsigned long line;
	long offset;
	char msg[256];
};

enum rv_lang { RV_LANG_AUTO = 0, RV_LANG_ZH, RV_LANG_EN };

/* A new rule set holding the default taxonomy (no rules), or NULL (OOM). */
struct rv_rules *rv_rules_new(void);
void rv_rules_free(struct rv_rules *rs);
/* Rename or add categories from taxonomy TSV text (id TAB name [TAB
 * description]; '#' comments and a "category" header line skipped).
 * Returns 0, or -1 with *e set (also when the text has no category
 * line). Must precede rv_rules_load. */
int rv_rules_taxonomy(struct rv_rules *rs, const char *text, size_t len,
    const char *file, struct rv_rules_err *e);
/* Append the rules of TSV text (see above). Each pattern is compiled on
 * its own to report its error offset. Returns 0, or -1 with *e set (also
 * when the text has no rule: blank lines, comments and a header only). */
int rv_rules_load(struct rv_rules *rs, const char *text, size_t len,
    const char *file, struct rv_rules_err *e);
/* Build the matchers after loading. Returns 0, or -1 with *e set. */
int rv_rules_compile(struct rv_rules *rs, struct rv_rules_err *e);
/* Number of rules loaded. */
size_t rv_rules_count(const struct rv_rules *rs);
void rv_rules_set_lang(struct rv_rules *rs, enum rv_lang lang);

/* The result for one text. Strings are owned by the rule set and valid
 * until the next rv_rules_classify call. */
struct rv_class {
	const char *category;	/* primary (output name), "" when none */
	size_t category_len;
	const char *categories;	/* all, best first, comma-separated */
	size_t categories_len;
	double score;		/* confidence of the primary, 0..1 */
	const char *cues;	/* "cat:text,cat:text" */
	size_t cues_len;
	int primary;		/* category index, -1 when none */
};

/* Polarity hint for "other" versus no category. */
enum { RV_POL_UNKNOWN = -1, RV_POL_NOTNEG = 0, RV_POL_NEG = 1 };

/* Classify text[0..n). polarity is RV_POL_*. Returns 0, or -1 on OOM or
 * a PCRE2 matching failure (JIT stack, match limit). */
int rv_rules_classify(struct rv_rules *rs, const char *text, size_t n, int polarity,
    struct rv_class *out);

/* Blend a model's per-category probabilities into the last
 * classification: prob[i] for category i (negative when the model has
 * no such label), w the model's share (1: the model alone; 0.5: the
 * mean of the model and the rules' confidence 1 - exp(-score)).
 * Categories need a blended score of 0.5 (w = 1; the best one 0.25)
 * or 0.3. Cues stay the rules'. Rebuilds *out; 0 or -1 (OOM). */
int rv_rules_blend(struct rv_rules *rs, const double *prob, double w, int polarity,
    struct rv_class *out);

/* Per-category scores of the last classification (raw, unnormalised),
 * indexed like rv_rules_category_name. */
const double *rv_rules_scores(const struct rv_rules *rs);
size_t rv_rules_ncat(const struct rv_rules *rs);
/* Category id (as in rule files) and output name of index i. */
const char *rv_rules_category_id(const struct rv_rules *rs, size_t i);
const char *rv_rules_category_name(const struct rv_rules *rs, size_t i);
/* Index of category id, or -1. */
int rv_rules_category_find(const struct rv_rules *rs, const char *id, size_t len);

/* Rules loaded after rv_rules_user(rs, 1) are the user's own (--rules,
 * --add-rules): with a model they still decide where they match
 * (rv_rules_user_hit). */
void rv_rules_user(struct rv_rules *rs, int user);
/* 1 when a user rule of category cat counted in the last classification. */
int rv_rules_user_hit(const struct rv_rules *rs, size_t cat);
/* The folded text of the last classification (lib/text/utf8.h). */
const char *rv_rules_folded(const struct rv_rules *rs, size_t *len);
/* 1 when an exclusion rule of category cat ("-cat": 包装完好, 价格不贵,
 * 物流比预计快) matched in the last classification, or "other" was
 * negated (不差) with no cue, or an exclusion of every category matched
 * and no other rule survived (我的订单号是[数字x]), and no clause of cat
 * counted. */
int rv_rules_vetoed(const struct rv_rules *rs, size_t cat);
/* 1 when the only evidence for category cat in the last classification
 * was ruled out: a complaint word of cat negated (not itchy, 没有异味),
 * "other" negated (不差), or every complaint word of the row negated
 * ("Not itchy at all, soft and warm"), with no cue of cat left. With
 * near, only negators right before the word count (不起球, not itchy;
 * not 没活动都贵). A model does not add such a category (near: to any
 * row; otherwise to a row that reads positive). */
int rv_rules_negated(const struct rv_rules *rs, size_t cat, int near);
/* 1 when the last classification has a cue for category cat (a match
 * that was not dropped, of a rule that is not (?#ctx)). */
int rv_rules_has_cue(const struct rv_rules *rs, size_t cat);
/* Features of the last classification for a model stacked on the rules:
 * up to max 64-bit keys, one per rule match (the rule's category and
 * pattern with its state: counted, negated, gated, context only,
 * exclusion) and per category (scored, vetoed), into keys. Returns the
 * count. The keys depend on the rule text, not its position. */
size_t rv_rules_keys(const struct rv_rules *rs, uint64_t *keys, size_t max);
/* The rules the last classification ran: 0 both (mixed text), 1 the
 * Chinese ones, 2 the English ones (the category model's group). */
int rv_rules_set(const struct rv_rules *rs);
/* Rebuild *out from categories order[0..nord) decided elsewhere (a
 * model), primary first, with confidence score. The cues are the rule
 * matches of those categories that were not dropped, counted or not;
 * (?#ctx) rules are never cues. Returns 0 or -1 (OOM). */
int rv_rules_emit(struct rv_rules *rs, const int *order, int nord, double score,
    struct rv_class *out);

/* Compiled rule branches, and in *anywhere those with no literal prefix
 * to index (tried at every position: each costs a PCRE2 call per
 * character, so the defaults keep this at 0). */
size_t rv_rules_branches(const struct rv_rules *rs, size_t *anywhere);

#endif
