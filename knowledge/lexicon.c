#include "knowledge/lexicon.h"

#include <stddef.h>
#include <string.h>

#include "knowledge/text.h"

struct pair {
	const char *from, *to;
};

/* The tables below are sorted by their first column (test_lexicon checks
 * it), so lookups are binary searches. */
static const char *lookup(const struct pair *table, size_t n, const char *word)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(table[mid].from, word);
		if (c == 0)
			return table[mid].to;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

#define LOOKUP(table, word) lookup(table, sizeof table / sizeof *table, word)

static const struct pair shorthand[] = {
	{ "%", "percent" }, { "2day", "today" }, { "abt", "about" },
	{ "arent", "are not" }, { "b4", "before" }, { "bc", "because" },
	{ "btw", "" }, { "cannot", "can not" }, { "cant", "can not" },
	{ "coz", "because" }, { "cuz", "because" }, { "didnt", "did not" },
	{ "doesnt", "does not" }, { "dont", "do not" }, { "gov", "government" },
	{ "govt", "government" }, { "hows", "how is" }, { "idk", "" },
	{ "im", "i am" }, { "info", "information" }, { "intl", "international" },
	{ "isnt", "is not" }, { "k", "thousand" }, { "mil", "million" },
	{ "pct", "percent" }, { "peeps", "people" }, { "pls", "" }, { "plz", "" },
	{ "ppl", "people" }, { "pres", "president" }, { "prez", "president" },
	{ "r", "are" }, { "tbh", "" }, { "thx", "" }, { "tmrw", "tomorrow" },
	{ "u", "you" }, { "ur", "your" }, { "usa", "US" }, { "w", "with" },
	{ "wasnt", "was not" }, { "wat", "what" }, { "whats", "what is" },
	{ "whens", "when is" }, { "wheres", "where is" }, { "whos", "who is" },
	{ "whose", "who is" }, { "wht", "what" }, { "whys", "why is" },
	{ "wont", "will not" }, { "wot", "what" }, { "wut", "what" }, { "y", "why" },
};

/* Question words mapped onto how news copy says it. Both sides are
 * stemmed by the caller. */
static const struct pair synonyms[] = {
	{ "afraid", "concern" }, { "aid", "help" }, { "alliance", "ally" },
	{ "allied", "ally" }, { "allies", "ally" }, { "arm", "back" },
	{ "arms", "back" }, { "assist", "help" }, { "attack", "bomb" },
	{ "attacking", "bomb" }, { "attacks", "bomb" }, { "ballot", "votes" },
	{ "battle", "fight" }, { "belong", "part" }, { "belongs", "part" },
	{ "big", "largest" }, { "biggest", "largest" }, { "bombing", "bomb" },
	{ "bought", "purchase" }, { "buy", "purchase" }, { "buying", "purchase" },
	{ "buys", "purchase" }, { "call", "recognised" },
	{ "consider", "recognised" }, { "considers", "recognised" },
	{ "dead", "lives" }, { "deaths", "lives" }, { "deem", "recognised" },
	{ "designate", "recognised" }, { "designates", "recognised" },
	{ "died", "lives" }, { "exit", "withdrawal" }, { "fear", "concern" },
	{ "fears", "concern" }, { "fighting", "fight" }, { "fought", "fight" },
	{ "friend", "ally" }, { "fund", "back" }, { "funds", "back" },
	{ "governs", "ruled" }, { "greatest", "largest" }, { "harbor", "refuge" },
	{ "harbour", "refuge" }, { "haven", "refuge" }, { "helping", "help" },
	{ "inhabitants", "people" }, { "issue", "issues" }, { "killed", "lives" },
	{ "label", "recognised" }, { "labels", "recognised" },
	{ "leave", "withdrawal" }, { "leaves", "withdrawal" },
	{ "leaving", "withdrawal" }, { "list", "recognised" },
	{ "listed", "recognised" }, { "lists", "recognised" },
	{ "live", "residing hosts" }, { "lives", "residing hosts" },
	{ "living", "residing hosts" }, { "meet", "meeting" }, { "meets", "meeting" },
	{ "met", "meeting" }, { "migrant", "refugee" }, { "migrants", "refugees" },
	{ "most", "largest" }, { "operations", "operation" }, { "ops", "operation" },
	{ "owns", "part" }, { "partner", "ally" }, { "partners", "ally" },
	{ "pct", "percent" }, { "percentage", "percent" }, { "population", "people" },
	{ "press", "demand" }, { "pressing", "demand" }, { "pressure", "demand" },
	{ "problem", "concern" }, { "problems", "concern" }, { "pull", "withdrawal" },
	{ "purchased", "purchase" }, { "reside", "residing" },
	{ "residents", "people" }, { "resides", "residing" }, { "rule", "ruled" },
	{ "rules", "ruled" }, { "ruling", "ruled" }, { "sanctuary", "refuge" },
	{ "share", "percent" }, { "shelling", "bomb" }, { "shelter", "refuge" },
	{ "sit", "meeting" }, { "speak", "says tells" }, { "speaks", "says tells" },
	{ "spoke", "says tells" }, { "sponsor", "back" }, { "sponsors", "back" },
	{ "strikes", "bomb" }, { "summit", "meeting" }, { "supporting", "support" },
	{ "talks", "meeting" }, { "tell", "tells" }, { "terrorism", "terror" },
	{ "terrorists", "terrorist" }, { "think", "thinks" }, { "told", "tells" },
	{ "town", "city" }, { "vote", "votes" }, { "wage", "launch" },
	{ "waging", "launch" }, { "withdraw", "withdrawal" },
	{ "worried", "concern" }, { "worries", "concern" }, { "worry", "concern" },
};

/* Pairs of words that contradict each other in a yes/no question, as
 * stems (text_stem of the word; test_lexicon checks that they are). The
 * words are kept for lexicon_antonym(). */
struct antonym {
	const char *a_word, *a_stem, *b_word, *b_stem;
};

static const struct antonym antonyms[] = {
	{ "fair", "fair", "rigged", "rig" }, { "free", "free", "rigged", "rig" },
	{ "honest", "honest", "rigged", "rig" }, { "easy", "easy", "difficult", "difficult" },
	{ "easy", "easy", "hard", "hard" }, { "clear", "clear", "unclear", "unclear" },
	{ "support", "support", "oppose", "oppos" }, { "back", "back", "oppose", "oppos" },
	{ "ally", "ally", "oppose", "oppos" }, { "win", "win", "lose", "lose" },
	{ "won", "won", "lost", "lost" }, { "peace", "peac", "war", "war" },
	{ "same", "same", "opposing", "oppos" }, { "same", "same", "different", "different" },
	{ "agree", "agre", "disagree", "disagre" }, { "increase", "increas", "diminish", "diminish" },
	{ "grow", "grow", "diminish", "diminish" }, { "true", "true", "false", "fals" },
};


/* Cue words the parser interprets itself, including nouns that name the
 * kind of answer wanted ("which outlet ..."). Sorted. */
static const char *const cues[] = {
	"agency", "allied", "ally", "back", "based", "behind", "broadcaster",
	"city", "comment", "company", "countri", "country", "date", "day", "detail",
	"fals", "feel", "group", "happen", "help", "important", "information",
	"institute", "institution", "job", "locat", "located", "location", "man",
	"many", "matter", "media", "mention", "month", "much", "news", "newspaper",
	"number", "official", "operate", "opinion", "oppos", "organis",
	"organisation", "organization", "outlet", "party", "percent", "person",
	"place", "plan", "position", "pretext", "publication", "quote", "recognis",
	"right", "risk", "role", "sai", "say", "side", "significance", "situated",
	"stake", "support", "talk", "tell", "terror", "terrorist", "thing", "time",
	"today", "true", "view", "want", "when", "where", "which outlet ...", "who",
	"woman", "year", "yes",
};

const char *lexicon_expand(const char *word)
{
	return LOOKUP(shorthand, word);
}

const char *lexicon_synonym(const char *word)
{
	return LOOKUP(synonyms, word);
}

bool lexicon_antonyms(const char *a, const char *b)
{
	for (size_t i = 0; i < sizeof antonyms / sizeof *antonyms; i++) {
		const struct antonym *p = &antonyms[i];
		if ((!strcmp(a, p->a_stem) && !strcmp(b, p->b_stem)) ||
		    (!strcmp(a, p->b_stem) && !strcmp(b, p->a_stem)))
			return true;
	}
	return false;
}

const char *lexicon_antonym(const char *stem, unsigned n)
{
	for (size_t i = 0; i < sizeof antonyms / sizeof *antonyms; i++) {
		const struct antonym *p = &antonyms[i];
		const char *other = !strcmp(stem, p->a_stem) ? p->b_word
				    : !strcmp(stem, p->b_stem) ? p->a_word : NULL;
		if (other && n-- == 0)
			return other;
	}
	return NULL;
}

bool lexicon_check_tables(void)
{
	for (size_t i = 0; i < sizeof antonyms / sizeof *antonyms; i++) {
		char a[TEXT_MAX_WORD + 1], b[TEXT_MAX_WORD + 1];
		text_stem(antonyms[i].a_word, a);
		text_stem(antonyms[i].b_word, b);
		if (strcmp(a, antonyms[i].a_stem) || strcmp(b, antonyms[i].b_stem))
			return false;
	}
	for (size_t i = 1; i < sizeof shorthand / sizeof *shorthand; i++)
		if (strcmp(shorthand[i - 1].from, shorthand[i].from) >= 0)
			return false;
	for (size_t i = 1; i < sizeof synonyms / sizeof *synonyms; i++)
		if (strcmp(synonyms[i - 1].from, synonyms[i].from) >= 0)
			return false;
	for (size_t i = 1; i < sizeof cues / sizeof *cues; i++)
		if (strcmp(cues[i - 1], cues[i]) >= 0)
			return false;
	return true;
}

static bool is_cue(const char *w)
{
	size_t lo = 0, hi = sizeof cues / sizeof *cues;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(cues[mid], w);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool lexicon_is_cue(const char *word, const char *stem)
{
	return is_cue(word) || is_cue(stem);
}
