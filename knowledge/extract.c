#include "knowledge/extract.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "knowledge/kb_build.h"
#include "knowledge/text.h"

#define MAX_PHRASE_WORDS 8
#define MAX_LIST 12

/* One sentence being examined. */
struct scan {
	const struct kb_sentence *sentence;
	const char *text;
	struct tokens t;
	const struct extract_callbacks *cb;
	void *user;
	/* the last person named with a role, for a quotation the next
	 * sentences give to "he" or "she" */
	char last_person[128];
	size_t last_paragraph;
	bool person_here;     /* a person was named in this sentence */
	/* the people named so far, so that a sentence opening on one's
	 * last name ("Hale conceded defeat") makes them the last person */
	char people[16][128];
	size_t n_people;
};

static bool is(const struct scan *s, size_t i, const char *word)
{
	return i < s->t.n && strcmp(s->t.v[i].word, word) == 0;
}

static bool is_any(const struct scan *s, size_t i, const char *const *words)
{
	for (; *words; words++)
		if (is(s, i, *words))
			return true;
	return false;
}

/* Is there punctuation (or an opening quote) between tokens i-1 and i? */
static bool break_before(const struct scan *s, size_t i)
{
	if (i == 0 || i >= s->t.n)
		return true;
	for (size_t k = s->t.v[i - 1].end; k < s->t.v[i].start; k++) {
		char c = s->text[k];
		if (c == ',' || c == '.' || c == ';' || c == ':' || c == '(' || c == ')' ||
		    c == '"' || (unsigned char)c == 0xE2 /* curly quotes, dashes */)
			return true;
	}
	return false;
}

static bool cap(const struct scan *s, size_t i)
{
	return i < s->t.n && (s->t.v[i].capitalized || s->t.v[i].all_caps);
}

/* Does token i end in a possessive ("Ardessa's", "Ardessa’s")? */
static bool possessive(const struct scan *s, size_t i)
{
	if (i >= s->t.n)
		return false;
	const char *w = s->text + s->t.v[i].start;
	size_t len = s->t.v[i].end - s->t.v[i].start;
	return (len > 2 && strncmp(w + len - 2, "'s", 2) == 0) ||
	       (len > 4 && strncmp(w + len - 4, "\xE2\x80\x99s", 4) == 0);
}

/* Small words allowed inside a name: "Bank of England", "Bashar al Assad". */
static const char *const name_glue[] = { "of", "al", "el", "de", "bin", "van", "von", NULL };

/* A run of capitalised words ending right before token `end`. Returns its
 * first token, or `end` if there is none. Sentence-initial function words
 * ("The", "In") are not part of a name. */
static size_t cap_run_before(const struct scan *s, size_t end)
{
	size_t i = end;
	while (i > 0 && end - i < MAX_PHRASE_WORDS) {
		if (i < end && break_before(s, i))
			break;  /* a name does not run across punctuation */
		if (cap(s, i - 1))
			i--;
		else if (i < end && i >= 2 && is_any(s, i - 1, name_glue) && cap(s, i - 2))
			i--;
		else
			break;
	}
	while (i < end && text_is_stopword(s->t.v[i].word))
		i++;
	return i;
}

/* A run of capitalised words starting at `start`; returns the end. */
static size_t cap_run_after(const struct scan *s, size_t start)
{
	size_t i = start;
	while (i < s->t.n && i - start < MAX_PHRASE_WORDS) {
		if (i > start && break_before(s, i))
			break;
		if (cap(s, i) || (i > start && is_any(s, i, name_glue) && cap(s, i + 1)))
			i++;
		else
			break;
	}
	return i;
}

/* Words that end a noun phrase. */
static const char *const phrase_stops[] = {
	"has", "have", "had", "is", "are", "was", "were", "will", "would", "also",
	"which", "who", "that", "said", "says", "and", "but", "to", "by", "from",
	"with", "as", "for", "on", "at", "against", "continues", "continue", "since",
	"after", "before", "because", "while", "could", "can", "may", "might", NULL,
};

/* A noun phrase starting at `start` (after an optional article), up to
 * punctuation or a stop word; "in <Name>" may continue it. */
static size_t phrase_after(const struct scan *s, size_t start, size_t *first)
{
	size_t i = start;
	if (is(s, i, "the") || is(s, i, "a") || is(s, i, "an"))
		i++;
	*first = i;
	/* A name ("Brevia", "the Vessa League") ends where the capitals do. */
	if (cap(s, i))
		return cap_run_after(s, i);
	while (i < s->t.n && i - *first < MAX_PHRASE_WORDS) {
		if (i > *first && break_before(s, i))
			break;
		if (is(s, i, "in") && cap(s, i + 1) && i > *first) {
			i++;
			continue;
		}
		if (is_any(s, i, phrase_stops) || is(s, i, "in") || is(s, i, "of"))
			break;
		i++;
	}
	return i;
}

/* Copies the original text of tokens [a, b) into buf. */
static const char *span_text(const struct scan *s, size_t a, size_t b, char *buf, size_t cap_)
{
	if (a >= b || b > s->t.n)
		return NULL;
	size_t from = s->t.v[a].start, to = s->t.v[b - 1].end;
	/* A possessive is not part of the name ("Ardessa's main backer"). */
	if (possessive(s, b - 1))
		to -= s->text[to - 2] == '\'' ? 2 : 4;
	size_t len = to - from < cap_ - 1 ? to - from : cap_ - 1;
	memcpy(buf, s->text + from, len);
	buf[len] = '\0';
	return buf;
}

static void emit_relation(struct scan *s, size_t sa, size_t sb, enum kb_predicate p,
			  size_t oa, size_t ob, bool negated)
{
	char subj[256], obj[256];
	if (!span_text(s, sa, sb, subj, sizeof subj) || !span_text(s, oa, ob, obj, sizeof obj))
		return;
	if (strcmp(subj, obj) == 0)
		return;
	struct extract_relation r = { .subject = subj, .predicate = p, .object = obj,
				      .negated = negated, .sentence = s->sentence };
	if (s->cb->relation)
		s->cb->relation(s->user, &r);
}

/* Skips back over words such as "which is", "has long been". */
static size_t skip_back(const struct scan *s, size_t i)
{
	static const char *const fillers[] = {
		"is", "are", "was", "were", "has", "have", "had", "been", "long", "which",
		"who", "closely", "also", "now", "not", NULL,
	};
	while (i > 0 && is_any(s, i - 1, fillers))
		i--;
	return i;
}

static const char *const back_verbs[] = {
	"backed", "supported", "funded", "sponsored", "armed", NULL,
};
static const char *const backs_verbs[] = {
	"backs", "supports", "support", "back", "funds", "arms", "sponsors", NULL,
};

/* Who backs someone, named as a role ("its main backer"). */
static const char *const backer_nouns[] = {
	"backer", "backers", "sponsor", "sponsors", "patron", "patrons", "supporter",
	"supporters", NULL,
};
static const char *const backer_adjectives[] = {
	"main", "chief", "biggest", "key", "largest", "principal", "major", "closest", "only",
	"top", NULL,
};

/* After "Y is supported by X": further backers of Y [ya, yb) joined by
 * "and by" ("..., and by its ally Z", which is also an ally of Y). */
static void more_backers(struct scan *s, size_t from, size_t ya, size_t yb)
{
	for (size_t k = from; k + 1 < s->t.n && k < from + 16; k++) {
		if (!is(s, k, "and") || !is(s, k + 1, "by"))
			continue;
		size_t z = k + 2;
		bool ally = is(s, z, "its") && (is(s, z + 1, "ally") || is(s, z + 1, "allies"));
		if (ally)
			z += 2;
		size_t za, zb = phrase_after(s, z, &za);
		if (za < zb && cap(s, za)) {
			emit_relation(s, za, zb, KB_BACKS, ya, yb, false);
			if (ally)
				emit_relation(s, za, zb, KB_ALLIED_WITH, ya, yb, false);
		}
		return;
	}
}

static void scan_relations(struct scan *s)
{
	const size_t n = s->t.n;
	for (size_t i = 0; i < n; i++) {
		/* "X-backed Y" */
		if (is_any(s, i, back_verbs) && s->t.v[i].joined && i > 0 && cap(s, i - 1)) {
			size_t sa = i - 1;
			while (sa > 0 && s->t.v[sa].joined && cap(s, sa - 1))
				sa--;
			size_t oa, ob = phrase_after(s, i + 1, &oa);
			emit_relation(s, sa, i, KB_BACKS, oa, ob, false);
			continue;
		}
		/* "Y, backed by X", "Y is supported by X ... and by its ally Z" */
		if (is_any(s, i, back_verbs) && is(s, i + 1, "by") &&
		    (break_before(s, i) || skip_back(s, i) < i)) {
			size_t yb = break_before(s, i) ? i : skip_back(s, i);
			size_t ya = cap_run_before(s, yb);
			size_t xa, xb = phrase_after(s, i + 2, &xa);
			if (ya < yb && cap(s, xa))
				emit_relation(s, xa, xb, KB_BACKS, ya, yb, false);
			if (ya < yb)
				more_backers(s, xb, ya, yb);
			continue;
		}
		/* "X's main backer is Y", "Y is X's chief sponsor" */
		if (is_any(s, i, backer_nouns)) {
			size_t j = i;
			while (j > 0 && is_any(s, j - 1, backer_adjectives))
				j--;
			if (j == 0 || !possessive(s, j - 1) || !cap(s, j - 1))
				continue;
			size_t xa = cap_run_before(s, j);
			size_t ya, yb;
			if (is(s, i + 1, "is") || is(s, i + 1, "are") || is(s, i + 1, "was")) {
				yb = phrase_after(s, i + 2, &ya);
			} else if (xa >= 2 && (is(s, xa - 1, "is") || is(s, xa - 1, "was"))) {
				yb = skip_back(s, xa);
				ya = cap_run_before(s, yb);
			} else {
				continue;
			}
			if (xa < j && ya < yb && cap(s, ya))
				emit_relation(s, ya, yb, KB_BACKS, xa, j, false);
			continue;
		}
		/* "X backs Y", "X and Z support Y" */
		if (is_any(s, i, backs_verbs) && !s->t.v[i].joined && i > 0 && cap(s, i - 1) &&
		    !break_before(s, i)) {
			size_t oa, ob = phrase_after(s, i + 1, &oa);
			if (oa >= ob)
				continue;
			size_t xa = cap_run_before(s, i);
			/* a name after a preposition is not who backs ("not
			 * everyone IN Ostravia backs the complaint") */
			static const char *const prepositions[] = {
				"in", "of", "from", "at", "across", "outside", "inside", NULL,
			};
			if (xa > 0 && is_any(s, xa - 1, prepositions))
				continue;
			emit_relation(s, xa, i, KB_BACKS, oa, ob, false);
			if (xa >= 2 && is(s, xa - 1, "and")) {
				size_t za = cap_run_before(s, xa - 1);
				if (za < xa - 1)
					emit_relation(s, za, xa - 1, KB_BACKS, oa, ob, false);
			}
			continue;
		}
		/* "X and its ally(,) Y" */
		if ((is(s, i, "ally") || is(s, i, "allies")) && i >= 2 && is(s, i - 1, "its") &&
		    is(s, i - 2, "and")) {
			size_t xa = cap_run_before(s, i - 2);
			size_t ya, yb = phrase_after(s, i + 1, &ya);
			if (xa < i - 2 && ya < yb)
				emit_relation(s, xa, i - 2, KB_ALLIED_WITH, ya, yb, false);
			continue;
		}
		/* "X, an ally of Y", "X is an ally of Y" */
		if (is(s, i, "ally") && is(s, i + 1, "of")) {
			size_t b = i;
			while (b > 0 && (is(s, b - 1, "an") || is(s, b - 1, "a") || is(s, b - 1, "key") ||
					 is(s, b - 1, "close")))
				b--;
			b = skip_back(s, b);
			size_t xa = cap_run_before(s, b);
			size_t ya, yb = phrase_after(s, i + 2, &ya);
			if (xa < b && ya < yb)
				emit_relation(s, xa, b, KB_ALLIED_WITH, ya, yb, false);
			continue;
		}
		/* "X is an Armenian ally" */
		if (is(s, i, "ally") && i >= 3 && cap(s, i - 1) &&
		    (is(s, i - 2, "an") || is(s, i - 2, "a")) && is(s, i - 3, "is")) {
			size_t xa = cap_run_before(s, i - 3);
			if (xa < i - 3)
				emit_relation(s, xa, i - 3, KB_ALLIED_WITH, i - 1, i, false);
			continue;
		}
		/* "X is allied with Y", "Y, which is allied with X" */
		if (is(s, i, "allied") && is(s, i + 1, "with")) {
			size_t b = skip_back(s, i);
			size_t xa = cap_run_before(s, b);
			size_t ya, yb = phrase_after(s, i + 2, &ya);
			bool negated = false;
			for (size_t k = b; k < i; k++)
				negated |= is(s, k, "not");
			if (xa < b && ya < yb)
				emit_relation(s, xa, b, KB_ALLIED_WITH, ya, yb, negated);
			continue;
		}
		/* "S (is not) recognised as a terrorist organisation by A, B and C" */
		if ((is(s, i, "recognised") || is(s, i, "recognized") || is(s, i, "designated") ||
		     is(s, i, "listed") || is(s, i, "considered")) && is(s, i + 1, "as")) {
			size_t by = i + 2;
			bool terror = false;
			while (by < n && by < i + 8 && !is(s, by, "by")) {
				terror |= strncmp(s->t.v[by].word, "terror", 6) == 0;
				by++;
			}
			if (!terror || !is(s, by, "by"))
				continue;
			size_t b = skip_back(s, i);
			bool negated = false;
			for (size_t k = b; k < i; k++)
				negated |= is(s, k, "not");
			size_t sa = cap_run_before(s, b);
			if (sa >= b)
				continue;
			size_t k = by + 1;
			for (int count = 0; k < n && count < MAX_LIST; count++) {
				if (is(s, k, "and"))
					k++;
				if (is(s, k, "the"))
					k++;
				size_t e = cap_run_after(s, k);
				if (e == k)
					break;
				emit_relation(s, k, e, KB_LISTS_TERRORIST, sa, b, negated);
				k = e;
				/* The list goes on after "and" or a comma
				 * followed by another name. */
				bool more = is(s, k, "and") ||
					    (k < n && break_before(s, k) &&
					     (cap(s, k) || is(s, k, "the")));
				if (!more)
					break;
			}
		}
	}
}

/* Verbs of saying that introduce a speaker. */
static const char *const say_verbs[] = {
	"said", "says", "told", "tells", "adds", "added", "explained", "warned", NULL,
};

/* Words that end a role phrase. */
static const char *const role_stops[] = { "who", "after", "which", "when", "during", NULL };

/* The words inside the sentence's first pair of double quotes. */
static void quoted_words(const char *text, char *out, size_t cap_)
{
	out[0] = '\0';
	const char *open = strstr(text, "\xE2\x80\x9C");  /* “ */
	size_t skip = 3;
	if (!open) {
		open = strchr(text, '"');
		skip = 1;
	}
	if (!open)
		return;
	const char *body = open + skip;
	const char *close = skip == 3 ? strstr(body, "\xE2\x80\x9D") : strchr(body, '"');
	if (!close)
		return;
	size_t len = (size_t)(close - body);
	while (len > 0 && (body[len - 1] == ',' || body[len - 1] == ' '))
		len--;
	if (len >= cap_)
		len = cap_ - 1;
	memcpy(out, body, len);
	out[len] = '\0';
}

static void emit_person(struct scan *s, size_t na, size_t nb, size_t ra, size_t rb)
{
	char name[128], role[256], said[512];
	if (nb - na < 2 || nb - na > 4)
		return;  /* people have a first and a last name */
	if (!span_text(s, na, nb, name, sizeof name) || !span_text(s, ra, rb, role, sizeof role))
		return;
	quoted_words(s->text, said, sizeof said);
	struct extract_person p = { .name = name, .role = role,
				    .said = said[0] ? said : NULL, .sentence = s->sentence };
	if (s->cb->person)
		s->cb->person(s->user, &p);
	memcpy(s->last_person, name, strlen(name) + 1);
	s->last_paragraph = (size_t)s->sentence->paragraph;
	s->person_here = true;
	if (s->n_people < sizeof s->people / sizeof s->people[0])
		memcpy(s->people[s->n_people++], name, strlen(name) + 1);
}

/* A sentence that opens on the last name of someone named before
 * ("HALE conceded defeat ...", after "deputy mayor Victor Hale") is
 * about them: the quotation a "he said" gives next is theirs. */
static void note_subject(struct scan *s)
{
	/* (not a name inside a quotation that opens the sentence:
	 * "\"SOLIS can still govern,\" she said") */
	if (s->t.n < 2 || s->t.v[0].start != 0 || !s->t.v[0].capitalized)
		return;
	/* (a hyphenated last name is one word: "SOLBERG-KANE said") */
	size_t end = 0;
	while (end + 1 < s->t.n && s->t.v[end + 1].joined)
		end++;
	if (end + 1 < s->t.n && s->t.v[end + 1].capitalized)
		return;
	size_t len = s->t.v[end].end - s->t.v[0].start;
	const char *first = s->text + s->t.v[0].start;
	for (size_t i = s->n_people; i-- > 0;) {
		const char *last = strrchr(s->people[i], ' ');
		if (last && strlen(last + 1) == len && !strncmp(last + 1, first, len)) {
			memcpy(s->last_person, s->people[i], strlen(s->people[i]) + 1);
			s->last_paragraph = (size_t)s->sentence->paragraph;
			return;
		}
	}
}

/* "“We will rebuild,” he said.": a quotation given to "he" or "she",
 * in the paragraph of the last person named or the one after, is that
 * person's. */
static void scan_pronoun_quote(struct scan *s)
{
	static const char *const pronouns[] = { "he", "she", NULL };
	char said[512];
	if (s->person_here || !s->last_person[0] || !s->cb->person ||
	    (size_t)s->sentence->paragraph > s->last_paragraph + 1)
		return;
	bool told = false;
	for (size_t i = 0; i + 1 < s->t.n && !told; i++)
		told = is_any(s, i, pronouns) && is_any(s, i + 1, say_verbs);
	quoted_words(s->text, said, sizeof said);
	if (!told || !said[0])
		return;
	struct extract_person p = { .name = s->last_person, .role = "", .said = said,
				    .sentence = s->sentence };
	s->cb->person(s->user, &p);
}

/* The role phrase after "NAME," up to the next punctuation or stop word. */
static size_t role_after(const struct scan *s, size_t start)
{
	size_t i = start;
	while (i < s->t.n && i - start < 14) {
		if (i > start && break_before(s, i))
			break;
		if (is_any(s, i, role_stops))
			break;
		i++;
	}
	return i;
}

/* Words that make a capitalised run a group, not a person. */
static const char *const group_words[] = {
	"party", "union", "council", "alliance", "court", "commission", "ministry", "bank",
	"league", "front", "group", "trust", "federation", "association", "assembly",
	"parliament", "government", "act", "accord", "agreement", "club", "company",
	"city", "united", NULL,
};

/* Does `word` name a role: "presenter", "lawyer", "chairwoman",
 * "minister", "analyst", "judge"? */
static bool role_noun(const char *word)
{
	static const char *const roles[] = {
		"judge", "justice", "chief", "head", "mayor", "envoy", "general", "captain",
		"coach", "official", "candidate", "secretary", "president", "premier", NULL,
	};
	static const char *const endings[] = {
		"er", "or", "ist", "man", "woman", "person", "ent", "ant", NULL,
	};
	size_t len = strlen(word);
	for (size_t i = 0; roles[i]; i++)
		if (!strcmp(word, roles[i]))
			return true;
	for (size_t i = 0; endings[i]; i++) {
		size_t el = strlen(endings[i]);
		if (len > el + 2 && !strcmp(word + len - el, endings[i]))
			return true;
	}
	return false;
}

/* "led by former television presenter NAME", "according to commission
 * chairwoman NAME": the lowercase words right before a name of two to
 * four capitalised words (back to a small word or punctuation) are its
 * role. */
static void role_before_name(struct scan *s, size_t na)
{
	size_t nb = cap_run_after(s, na);
	/* "President Emmanuel Macron vowed": a title that opens the
	 * capitalised run (not after a verb of saying, where "said Judge
	 * Helena Marsh" is read whole) */
	if (nb - na >= 3 && nb - na <= 5 && role_noun(s->t.v[na].word) &&
	    !(na > 0 && (is_any(s, na - 1, say_verbs) || is(s, na - 1, "to")))) {
		bool plain = true;
		for (size_t k = na + 1; k < nb && plain; k++)
			plain = !is_any(s, k, group_words) && !is_any(s, k, name_glue) &&
				!role_noun(s->t.v[k].word);
		if (plain) {
			emit_person(s, na + 1, nb, na, na + 1);
			return;
		}
	}
	if (nb - na < 2 || nb - na > 4 || na == 0 || break_before(s, na))
		return;
	for (size_t k = na; k < nb; k++)
		if (is_any(s, k, group_words) || is_any(s, k, name_glue))
			return;
	if (!role_noun(s->t.v[na - 1].word))
		return;
	size_t ra = na;
	while (ra > 0 && na - ra < 4 && !cap(s, ra - 1) && !s->t.v[ra - 1].number &&
	       !text_is_stopword(s->t.v[ra - 1].word) && !is_any(s, ra - 1, say_verbs) &&
	       !is_any(s, ra - 1, phrase_stops) && (ra == na || !break_before(s, ra)))
		ra--;
	/* "CONSERVATIVE group leader NAME", "HARBOUR master NAME" opening
	 * the sentence: one capitalised word that opens the sentence, or
	 * stands after a lowercase one, still qualifies the role (not
	 * "Democratic Party leader": a name of its own) */
	if (ra < na && ra > 0 && cap(s, ra - 1) && !s->t.v[ra - 1].all_caps &&
	    !break_before(s, ra) && !is_any(s, ra - 1, group_words) &&
	    !text_is_stopword(s->t.v[ra - 1].word) &&
	    (ra == 1 || (!cap(s, ra - 2) && !break_before(s, ra - 1) &&
			 !s->t.v[ra - 2].number)))
		ra--;
	if (ra < na)
		emit_person(s, na, nb, ra, na);
}

static void scan_people(struct scan *s)
{
	const size_t n = s->t.n;
	for (size_t i = 0; i < n; i++) {
		if (cap(s, i) && (i == 0 || !cap(s, i - 1)))
			role_before_name(s, i);
		/* "said NAME, ROLE" and "according to NAME, ROLE" */
		size_t na = n;
		/* (the name after "told" is the listener's) */
		if (is_any(s, i, say_verbs) && !is(s, i, "told") && !is(s, i, "tells"))
			na = i + 1;
		else if (is(s, i, "according") && is(s, i + 1, "to"))
			na = i + 2;
		if (na < n) {
			size_t nb = cap_run_after(s, na);
			if (nb > na && nb < n && break_before(s, nb)) {
				size_t rb = role_after(s, nb);
				emit_person(s, na, nb, nb, rb);
				continue;
			}
		}
		/* "ROLE, NAME, said" and "NAME, a ROLE, said", and the same
		 * before "who" ("ROLE, NAME, who led ..."): look at the
		 * clause right before the verb. */
		if ((is_any(s, i, say_verbs) || is(s, i, "who")) && i >= 3 && break_before(s, i)) {
			size_t ca = i - 1;   /* the clause is [ca, i) */
			while (ca > 0 && !break_before(s, ca))
				ca--;
			if (ca == 0)
				continue;
			if (is(s, ca, "a") || is(s, ca, "an") || is(s, ca, "the")) {
				/* "NAME, a ROLE, said" */
				size_t na2 = cap_run_before(s, ca);
				if (na2 < ca)
					emit_person(s, na2, ca, ca, i);
			} else if (cap_run_after(s, ca) == i) {
				/* "ROLE, NAME, said": the role runs back to the
				 * clause before. */
				size_t ra = ca - 1;
				while (ra > 0 && !break_before(s, ra))
					ra--;
				emit_person(s, ca, i, ra, ca);
			}
		}
	}
}

int extract_article(const struct kb_article *art, const struct extract_callbacks *cb,
		    void *user)
{
	struct scan s = { .cb = cb, .user = user };
	int rc = 0;
	for (size_t p = 0; p < art->n_paragraphs && rc == 0; p++) {
		for (size_t k = 0; k < art->paragraphs[p].n_sentences; k++) {
			s.sentence = &art->paragraphs[p].sentences[k];
			s.text = s.sentence->text;
			if (text_tokenize(s.text, strlen(s.text), &s.t) < 0) {
				rc = BB_ENOMEM;
				break;
			}
			s.person_here = false;
			scan_relations(&s);
			scan_people(&s);
			if (!s.person_here)
				note_subject(&s);
			scan_pronoun_quote(&s);
		}
	}
	tokens_free(&s.t);
	return rc;
}

/* ---- into a knowledge base ----------------------------------------------- */

struct kb_sink {
	struct kb *kb;
	const struct kb_article *art;
	int rc;
};

/* "the Upper Vessa Water Board" -> "upper-vessa-water-board" */
static void slug(const char *name, char *out, size_t cap_)
{
	struct strbuf f = {0};
	text_fold(name, strlen(name), &f);
	const char *p = strbuf_str(&f);
	if (strncmp(p, "the ", 4) == 0)
		p += 4;
	size_t n = 0;
	bool dash = false;
	for (; *p && n + 1 < cap_; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			if (dash && n > 0)
				out[n++] = '-';
			if (n + 1 < cap_)
				out[n++] = *p;
			dash = false;
		} else if (*p != '\'') {
			dash = true;
		}
	}
	out[n] = '\0';
	strbuf_free(&f);
}

/* Finds the entity a phrase names: same slug, or a demonym of an existing
 * name ("Kestrian" for Kestria). Creates one if there is none. */
static const struct kb_entity *entity_for(struct kb_sink *k, const char *phrase,
					  enum kb_entity_kind kind, const char *role,
					  const struct kb_sentence *sentence)
{
	char id[128];
	slug(phrase, id, sizeof id);
	if (!id[0])
		return NULL;
	size_t idlen = strlen(id);
	for (size_t i = 0; i < kb_entity_count(k->kb); i++) {
		const struct kb_entity *e = kb_entity_at(k->kb, i);
		size_t el = strlen(e->id);
		if (strcmp(e->id, id) == 0)
			return e;
		/* demonyms: "kestrian" ~ "kestria", "armenian" ~ "armenia" */
		if (el >= 4 && idlen > el && idlen <= el + 2 && strncmp(e->id, id, el) == 0 &&
		    !strchr(id, '-'))
			return e;
	}
	const char *name = phrase;
	if (strncmp(name, "the ", 4) == 0 || strncmp(name, "The ", 4) == 0)
		name += 4;
	struct kb_cite cite = { .article = k->art, .sentence = sentence };
	const struct kb_entity *e = kb_add_entity(k->kb, id, name, kind, role ? role : "",
						  role, NULL, 0, cite);
	if (!e)
		k->rc = BB_ENOMEM;
	return e;
}

static void sink_relation(void *user, const struct extract_relation *r)
{
	struct kb_sink *k = user;
	const struct kb_entity *subj = entity_for(k, r->subject, KB_OTHER, NULL, r->sentence);
	const struct kb_entity *obj = entity_for(k, r->object, KB_OTHER, NULL, r->sentence);
	if (!subj || !obj)
		return;
	struct kb_relation rel = {
		.subject = subj, .predicate = r->predicate, .object = obj,
		.negated = r->negated, .extracted = true,
		.cite = { .article = k->art, .sentence = r->sentence },
	};
	if (kb_add_relation(k->kb, &rel) < 0)
		k->rc = BB_ENOMEM;
}

static void sink_person(void *user, const struct extract_person *p)
{
	struct kb_sink *k = user;
	const struct kb_entity *e = entity_for(k, p->name, KB_PERSON, p->role, p->sentence);
	if (!e)
		return;
	/* The last name alone also names the person ("Marrow said"). */
	const char *last = strrchr(p->name, ' ');
	if (last && e->n_aliases == 0 && kb_add_alias(k->kb, (struct kb_entity *)e, last + 1) < 0)
		k->rc = BB_ENOMEM;
	if (!p->said)
		return;
	struct kb_quote q = { .speaker = e, .text = p->said, .direct = true,
			      .cite = { .article = k->art, .sentence = p->sentence } };
	if (kb_add_quote(k->kb, &q) < 0)
		k->rc = BB_ENOMEM;
}

int extract_into_kb(struct kb *kb, const struct kb_article *art)
{
	struct kb_sink k = { .kb = kb, .art = art };
	const struct extract_callbacks cb = { .relation = sink_relation, .person = sink_person };
	int rc = extract_article(art, &cb, &k);
	return rc < 0 ? rc : k.rc;
}

/* ---- as a facts file ----------------------------------------------------- */

struct json_sink {
	cJSON *entities, *relations, *quotes;
	cJSON *seen;   /* entity ids already written */
};

static void json_entity(struct json_sink *j, const char *name, const char *kind,
			const char *role, const char *quote, char *id_out, size_t cap_)
{
	slug(name, id_out, cap_);
	if (cJSON_GetObjectItemCaseSensitive(j->seen, id_out))
		return;
	cJSON_AddTrueToObject(j->seen, id_out);
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "id", id_out);
	cJSON_AddStringToObject(e, "name", name);
	cJSON_AddStringToObject(e, "kind", kind);
	cJSON_AddItemToObject(e, "aliases", cJSON_CreateArray());
	cJSON_AddStringToObject(e, "description", role ? role : "");
	if (role)
		cJSON_AddStringToObject(e, "role", role);
	cJSON_AddStringToObject(e, "quote", quote);
	cJSON_AddItemToArray(j->entities, e);
}

static void json_relation(void *user, const struct extract_relation *r)
{
	struct json_sink *j = user;
	char sid[128], oid[128];
	json_entity(j, r->subject, "other", NULL, r->sentence->text, sid, sizeof sid);
	json_entity(j, r->object, "other", NULL, r->sentence->text, oid, sizeof oid);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "subject", sid);
	cJSON_AddStringToObject(o, "predicate", kb_predicate_name(r->predicate));
	cJSON_AddStringToObject(o, "object", oid);
	if (r->negated)
		cJSON_AddTrueToObject(o, "negated");
	cJSON_AddStringToObject(o, "quote", r->sentence->text);
	cJSON_AddItemToArray(j->relations, o);
}

static void json_person(void *user, const struct extract_person *p)
{
	struct json_sink *j = user;
	char id[128];
	json_entity(j, p->name, "person", p->role, p->sentence->text, id, sizeof id);
	if (!p->said)
		return;
	cJSON *q = cJSON_CreateObject();
	cJSON_AddStringToObject(q, "speaker", id);
	cJSON_AddStringToObject(q, "text", p->said);
	cJSON_AddStringToObject(q, "quote", p->sentence->text);
	cJSON_AddItemToArray(j->quotes, q);
}

int extract_print_json(const struct kb_article *art, FILE *out)
{
	int rc = BB_ENOMEM;
	cJSON *root = cJSON_CreateObject();
	struct json_sink j = { .seen = cJSON_CreateObject() };
	if (!root || !j.seen)
		goto out;
	cJSON_AddStringToObject(root, "article", art->id);
	j.entities = cJSON_AddArrayToObject(root, "entities");
	j.relations = cJSON_AddArrayToObject(root, "relations");
	j.quotes = cJSON_AddArrayToObject(root, "quotes");
	const struct extract_callbacks cb = { .relation = json_relation, .person = json_person };
	rc = extract_article(art, &cb, &j);
	if (rc == 0) {
		char *s = cJSON_Print(root);
		if (s)
			fprintf(out, "%s\n", s);
		else
			rc = BB_ENOMEM;
		free(s);
	}
out:
	cJSON_Delete(root);
	cJSON_Delete(j.seen);
	return rc;
}
