/* phrase.h - recurring phrases of short messages (agent replies), mined
 * without a segmenter: Chinese character n-grams and English word
 * n-grams counted level by level (an n-gram is counted only when both
 * of its (n-1)-grams are frequent), reported at their natural length:
 * an n-gram is dropped when a one unit longer phrase that contains it
 * has almost its support ("马上为您处理", not "马上为您处" and "上为您处理").
 * Punctuation, spaces between Chinese characters, digits, emoji and
 * placeholders ([数字x], [姓名x], 【...】, words with digits or '_' such
 * as ORDERID_...) break phrases and are never part of one. Text is
 * folded first (rv_utf8_fold: full width, case, traditional).
 *
 * Fixed phrases (rv_phrases_fixed) are matched instead as folded
 * substrings. Support is counted in documents (a phrase twice in one
 * message counts once). */
#ifndef RV_PHRASE_H
#define RV_PHRASE_H

#include <stddef.h>
#include <stdint.h>

struct rv_phrase_opts {
	unsigned long min_support;	/* least documents containing a phrase (20) */
	double closed;		/* drop a phrase when a longer one has this share of its support (0.9) */
	unsigned zh_min, zh_max;	/* Chinese phrase length in characters (2, 12) */
	unsigned en_min, en_max;	/* English phrase length in words (1, 5) */
	size_t max_phrases;	/* at most this many, most supported first (400); 0: all */
};

struct rv_phrases;

void rv_phrases_opts_default(struct rv_phrase_opts *o);
struct rv_phrases *rv_phrases_new(const struct rv_phrase_opts *o);
void rv_phrases_free(struct rv_phrases *p);
/* Stop list lines "term TAB kind [TAB note]" (the rv-terms format): a
 * word of kind "edge" never begins or ends a phrase, a Chinese character
 * of kind "edge" with the note "particle" never begins one (的, 了, 吗:
 * they may end one, 查不了); any listed term is never a phrase by itself. '#' lines and
 * empty lines are skipped. Returns 0 or -1 (OOM). */
int rv_phrases_stop(struct rv_phrases *p, const char *text, size_t len);
/* Add one document; returns its number (0, 1, ...) or -1 (OOM). */
long rv_phrases_add(struct rv_phrases *p, const char *text, size_t len);
/* Use this phrase instead of mining (call before rv_phrases_mine, once
 * per phrase); empty after folding is ignored. Returns 0 or -1 (OOM). */
int rv_phrases_fixed(struct rv_phrases *p, const char *text, size_t len);
/* Mine (or, with fixed phrases, count them). Returns the number of
 * phrases, or -1 (OOM). Phrases are numbered by support, highest first,
 * then by bytes. */
long rv_phrases_mine(struct rv_phrases *p);
/* Phrase i: folded UTF-8 text (English words joined by one space) and
 * its support. */
const char *rv_phrases_text(const struct rv_phrases *p, size_t i);
unsigned long rv_phrases_support(const struct rv_phrases *p, size_t i);
/* The phrases in document d, ascending, each once: at most cap written
 * to ids; returns how many there are (may exceed cap). Uses scratch
 * memory of p (not reentrant); on OOM it returns the phrases found so
 * far. */
size_t rv_phrases_in(const struct rv_phrases *p, size_t d, uint32_t *ids, size_t cap);
/* The folded text of document d (valid until the next add). */
const char *rv_phrases_doc(const struct rv_phrases *p, size_t d, size_t *len);

#endif
