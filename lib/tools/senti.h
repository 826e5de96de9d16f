/* senti.h - sentiment of review text: a lexicon pass (negation, degree
 * adverbs, contrast, punctuation, emoji, sarcasm patterns) combined with a
 * hashed n-gram logistic model, giving score, polarity, intensity, emotion
 * and the cues behind them. */
#ifndef RV_SENTI_H
#define RV_SENTI_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "feat.h"
#include "lexicon.h"
#include "linear.h"

struct rv_senti_tok;

struct rv_senti {
	struct rv_lex lex;
	const struct rv_lm *model;	/* NULL: lexicon only */
	int cls_neg, cls_pos, cls_neu;	/* model classes, -1 when absent */
	double neutral;		/* |score| below this is neu (default 0.2) */
	double lex_weight;	/* weight of the lexicon sum in the logit */
	int max_cues;		/* cues listed per row (default 8) */
	double short_units;	/* model weight u^2/(u^2+U^2) for u content units: */
	double plain_units;	/* U with a sentiment term (8), without one (14) */
	double latin_offset;	/* added to the model logit of Latin-script text */
	size_t head;		/* set per text: its first head bytes are a heading
				 * (a title, -t title,text), which counts
				 * head_weight times (default 3) */
	int head_weight;
	size_t hcp;		/* code points of the last text's heading */
	uint32_t *hbuf;		/* the heading repeated, then the text */
	size_t hbufcap;
	/* scratch, reused per row */
	struct rv_buf norm, cues;
	uint32_t *cp;		/* the folded text's code points */
	size_t ncp;		/* how many */
	size_t *off;		/* and their byte offsets */
	size_t cpcap, offcap;
	struct rv_feat feat;
	struct rv_senti_tok *tok;
	size_t ntok, tokcap;
	double *cuev;		/* the cues' push of each clause */
	size_t cuevcap;
	/* Emotion and intensity model (NULL: rules). Its labels are emotion
	 * names and i0..i3; its input is the analysis as feature tokens. */
	const struct rv_lm *emodel;
	signed char elab[64];	/* per model label: emotion, 10 + intensity, or -1 */
	struct rv_buf etok;	/* the feature tokens of the last text */
	int want_etok;		/* build etok even without emodel */
	struct rv_feat efeat;
};

struct rv_senti_result {
	double score;		/* -1..1 */
	int polarity;		/* -1 neg, 0 neu, 1 pos */
	int intensity;		/* 0..3 */
	int emotion;		/* enum rv_emotion */
	double lex;		/* lexicon sum */
	double model;		/* model logit (pos vs neg), 0 without a model */
	size_t units;		/* content units (CJK characters, Latin words, emoji) */
	size_t covered;		/* of which inside lexicon terms */
	int nterms;		/* sentiment terms with a non-zero contribution */
	int quest;		/* question marks */
	const char *cues;	/* "term:sign,..." (borrowed until the next call) */
	size_t cueslen;
	int invalid_utf8;	/* the text is not valid UTF-8 (as rv_utf8_validate) */
};

/* Defaults: neutral 0.2, lexicon weight RV_SENTI_LEX_WEIGHT, 8 cues. */
#define RV_SENTI_LEX_WEIGHT 0.35
void rv_senti_init(struct rv_senti *s);
/* Use a model whose labels include neg and pos (also 0/1, negative/
 * positive; optional neu/neutral). Returns 0 or -1 when it lacks them. */
int rv_senti_set_model(struct rv_senti *s, const struct rv_lm *m);
/* Analyse p[0..n). Returns 0 or -1 on OOM. */
int rv_senti_text(struct rv_senti *s, const char *p, size_t n, struct rv_senti_result *r);
const char *rv_polarity_name(int polarity);
/* Decide emotion and intensity with model m (rv-train --multi-label on
 * labels such as "anger,i2" over the tokens of --emotion-tokens).
 * Returns 0, or -1 when m lacks emotion or intensity labels. */
int rv_senti_set_emotion_model(struct rv_senti *s, const struct rv_lm *m);
/* Aspects (--aspects): which taxonomy categories a text talks about and
 * the polarity of the clauses that mention each. */
#define RV_ASPECT_MAX 16
struct rv_aspects {
	struct rv_lex lex;	/* aspect terms; entry value = category index */
	struct rv_buf out;	/* "quality:+0.80,logistics:-0.70" */
	struct rv_buf cues;	/* "quality:质量,logistics:物流" */
	int *clause;		/* scratch: clause number per code point */
	double *csum;		/* scratch: sentiment sum per clause */
	size_t clausecap, csumcap;
};
extern const char *const rv_aspect_names[];	/* taxonomy ids, NULL-terminated */
void rv_aspects_init(struct rv_aspects *a);
/* Load aspect terms (TSV: term, category[, note]). Returns 0, -1 with err
 * (name:line: message) or -2 on OOM. */
int rv_aspects_load(struct rv_aspects *a, const char *name, const char *buf, size_t n,
    char *err, size_t errlen);
/* The aspects of the text last analysed by rv_senti_text (r its result)
 * into a->out and a->cues. Returns 0 or -1 on OOM. */
int rv_senti_aspects(struct rv_senti *s, struct rv_aspects *a, const struct rv_senti_result *r);
void rv_aspects_free(struct rv_aspects *a);
/* The emotion model's input tokens for the last text analysed (borrowed). */
const char *rv_senti_emotion_tokens(const struct rv_senti *s, size_t *len);
void rv_senti_free(struct rv_senti *s);

#endif

#ifndef RV_SENTI_DEFAULTS
#define RV_SENTI_DEFAULTS
/* The embedded lexicon files, in load order (later entries win). */
extern const char *const rv_senti_lexicons[];
/* The embedded default model's name in lib/data. */
#define RV_SENTI_MODEL "sentiment.model"
#define RV_SENTI_EMOTION_MODEL "emotion.model"
#define RV_SENTI_ASPECTS "aspects.tsv"
/* Load the embedded lexicons. Returns 0, or -1 with err (file:line: msg). */
int rv_senti_load_defaults(struct rv_senti *s, char *err, size_t errlen);
/* Load lexicon TSV text named name. Returns 0, -1 with err, -2 on OOM. */
int rv_senti_load_lexicon(struct rv_senti *s, const char *name, const char *buf, size_t n,
    char *err, size_t errlen);
#endif
