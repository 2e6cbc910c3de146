#include "knowledge/startdate.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/pick.h"

/* What starts: a rule applying, or a person in office. */
enum start { START_NONE, START_APPLYING, START_OFFICE };

static const char *const taking[] = { "take", "takes", "took", "taken", "taking", NULL };

/* The kind of start the phrase at token i says, and its length in *len:
 * "take effect", "came into force", "start (applying)", "began"; "take
 * office", "take over", "sworn in", "inaugurated". */
static enum start start_at(const struct tokens *t, size_t i, size_t *len)
{
	static const char *const coming[] = {
		"come", "comes", "came", "coming", "go", "goes", "went", "going", "enter",
		"enters", "entered", "entering", NULL,
	};
	static const char *const starting[] = {
		"start", "starts", "started", "begin", "begins", "began", "begun", NULL,
	};
	static const char *const applying[] = { "applying", "apply", NULL };
	static const char *const assuming[] = { "assume", "assumes", "assumed", NULL };
	static const char *const swearing[] = { "sworn", "swear", "swears", NULL };
	static const char *const inaugurating[] = {
		"inauguration", "inaugurated", "inaugurate", NULL,
	};
	const char *w = t->v[i].word;
	const char *next = i + 1 < t->n ? t->v[i + 1].word : "";
	const char *then = i + 2 < t->n ? t->v[i + 2].word : "";
	*len = 2;
	if (text_in_list(w, taking) && !strcmp(next, "effect"))
		return START_APPLYING;
	if (text_in_list(w, coming) && !strcmp(next, "into") &&
	    (!strcmp(then, "force") || !strcmp(then, "effect"))) {
		*len = 3;
		return START_APPLYING;
	}
	if (text_in_list(w, starting)) {
		*len = text_in_list(next, applying) ? 2 : 1;
		return START_APPLYING;
	}
	if ((text_in_list(w, taking) || text_in_list(w, assuming)) && !strcmp(next, "office"))
		return START_OFFICE;
	if (text_in_list(w, swearing) && !strcmp(next, "in"))
		return START_OFFICE;
	*len = 1;
	return text_in_list(w, inaugurating) ? START_OFFICE : START_NONE;
}

/* Words of the question that only frame it. */
static bool framing(const char *word)
{
	static const char *const frames[] = {
		"when", "actually", "exactly", "officially", "finally", "new", "over", NULL,
	};
	return text_is_stopword(word) || text_in_list(word, frames);
}

/* A date at tokens [*first, *last] from token k: "October 1", "1
 * October 2026", "Dec. 2", a weekday ("on Saturday"). */
static bool date_at(const struct tokens *t, size_t k, size_t *first, size_t *last)
{
	*first = *last = k;
	if (text_month_at(t, k)) {
		if (k + 1 < t->n && t->v[k + 1].number)
			*last = k + 1;
		else if (k > 0 && t->v[k - 1].number)
			*first = k - 1;
		if (*last + 1 < t->n && t->v[*last + 1].number && strlen(t->v[*last + 1].word) == 4)
			(*last)++;
		return *last > *first || (*last + 1 < t->n && t->v[*last + 1].number);
	}
	return text_date_word(t->v[k].word);
}

/* Is the date at token `first` one a start is set on: after "from",
 * "starting" or "effective" ("a levy FROM May 1"), for a rule; or after
 * a phrase of the kind of start asked, a few words back ("TOOK EFFECT
 * on October 1", "will be SWORN IN on Dec. 2")? */
static bool start_date(const struct tokens *t, size_t first, enum start asked)
{
	static const char *const from[] = { "from", "starting", "effective", NULL };
	for (size_t k = first; k-- > 0 && k + 4 > first;)
		if (asked == START_APPLYING && text_in_list(t->v[k].word, from))
			return true;
	for (size_t k = first; k-- > 0 && k + 8 > first;) {
		size_t len;
		if (start_at(t, k, &len) == asked)
			return true;
	}
	return false;
}

/* Are dates a and b written alike? */
static bool same_date(const char *a, size_t la, const char *b, size_t lb)
{
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* Does sentence t say question word q->v[i]? */
static bool says(const struct tokens *t, const struct token *w)
{
	for (size_t k = 0; k < t->n; k++)
		if (!strcmp(t->v[k].stem, w->stem))
			return true;
	return false;
}

/* (what a sentence that sets a start of each kind holds: see pick.h) */
static const char *const applying_starts[] = {
	"effect", "force", "start", "began", "begin", "from ", NULL,
};
static const char *const office_starts[] = { "sworn", "office", "inaugurat", NULL };

struct walk {
	const struct kb *kb;
	const struct tokens *q;
	enum start asked;
	const bool *in_phrase;  /* the question's words of its start phrase */
	struct pick best;
	bool nomem;
};

static void offer(void *user, size_t doc, const char *s, const struct tokens *t)
{
	struct walk *w = user;
	const struct tokens *q = w->q;
	(void)s;
	/* every other word of the question, here or just before (that one
	 * read only when needed) */
	bool follows = kb_follows_in_paragraph(w->kb, doc), all = true;
	struct tokens before = {0};
	bool read_before = false;
	int score = 0;
	for (size_t i = 1; i < q->n && all; i++) {
		if (w->in_phrase[i] || framing(q->v[i].word))
			continue;
		bool here = says(t, &q->v[i]);
		score += here;
		if (!here && follows && !read_before) {
			read_before = true;
			if (kb_tokenize(w->kb, kb_sentence_at(w->kb, doc - 1, NULL)->text, &before) <
			    0) {
				w->nomem = true;
				break;
			}
		}
		all = here || (follows && says(&before, &q->v[i]));
	}
	tokens_free(&before);
	for (size_t k = 0; k < t->n && all && !w->nomem; k++) {
		size_t first, last;
		if (!date_at(t, k, &first, &last) || !start_date(t, first, w->asked))
			continue;
		pick_offer(&w->best, w->kb, doc, t->v[first].start,
			   t->v[last].end - t->v[first].start, score, same_date);
		k = last;
	}
}

int startdate_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	if (q->n < 2 || strcmp(q->v[0].word, "when"))
		return 1;
	enum start asked = START_NONE;
	bool in_phrase[64] = { false }, bare = false;
	for (size_t i = 1; i < q->n && i < 64; i++) {
		size_t len;
		enum start s = start_at(q, i, &len);
		if (s == START_NONE || asked != START_NONE)
			continue;
		asked = s;
		bare = s == START_APPLYING && len == 1;
		for (size_t k = i; k < i + len && k < 64; k++)
			in_phrase[k] = true;
	}
	if (asked == START_NONE || q->n > 64)
		return 1;
	/* (a bare "start" says too little of what starts: "when did it
	 * start" may be an outage as well as a rule) */
	size_t words = 0;
	for (size_t i = 1; i < q->n; i++)
		words += !in_phrase[i] && !framing(q->v[i].word);
	if (bare && words == 0)
		return 1;
	struct walk w = { .kb = kb, .q = q, .asked = asked, .in_phrase = in_phrase,
			  .best = PICK_NONE };
	if (pick_each_sentence(kb, asked == START_OFFICE ? office_starts : applying_starts,
			       offer, &w) < 0 || w.nomem)
		return BB_ENOMEM;
	return pick_answer(&w.best, kb, out);
}
