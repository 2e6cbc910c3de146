#include "knowledge/lexicon.h"

#include <stddef.h>
#include <string.h>

#include "knowledge/text.h"

struct pair {
	const char *from, *to;
};

static const char *lookup(const struct pair *table, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].from, word) == 0)
			return table[i].to;
	return NULL;
}

#define LOOKUP(table, word) lookup(table, sizeof table / sizeof *table, word)

static const struct pair shorthand[] = {
	{ "ppl", "people" }, { "peeps", "people" }, { "whos", "who is" },
	{ "whose", "who is" }, { "wat", "what" }, { "wut", "what" }, { "wot", "what" },
	{ "wht", "what" }, { "whats", "what is" }, { "wheres", "where is" },
	{ "whens", "when is" }, { "hows", "how is" }, { "whys", "why is" },
	{ "u", "you" }, { "ur", "your" }, { "r", "are" }, { "y", "why" },
	{ "abt", "about" }, { "bc", "because" }, { "cuz", "because" }, { "coz", "because" },
	{ "b4", "before" }, { "w", "with" }, { "govt", "government" }, { "gov", "government" },
	{ "info", "information" }, { "thx", "" }, { "pls", "" }, { "plz", "" },
	{ "dont", "do not" }, { "doesnt", "does not" }, { "didnt", "did not" },
	{ "isnt", "is not" }, { "arent", "are not" }, { "wasnt", "was not" },
	{ "wont", "will not" }, { "cant", "can not" }, { "cannot", "can not" },
	{ "im", "i am" }, { "usa", "US" }, { "2day", "today" }, { "tmrw", "tomorrow" },
	{ "mil", "million" }, { "k", "thousand" }, { "pct", "percent" }, { "%", "percent" },
	{ "idk", "" }, { "tbh", "" }, { "btw", "" }, { "pres", "president" },
	{ "prez", "president" }, { "intl", "international" },
};

/* Question words mapped onto how news copy says it. Both sides are
 * stemmed by the caller. */
static const struct pair synonyms[] = {
	{ "worried", "concern" }, { "worry", "concern" }, { "worries", "concern" },
	{ "fear", "concern" }, { "fears", "concern" }, { "afraid", "concern" },
	{ "sponsor", "back" }, { "sponsors", "back" }, { "fund", "back" }, { "funds", "back" },
	{ "arm", "back" }, { "arms", "back" }, { "helping", "help" }, { "aid", "help" },
	{ "assist", "help" }, { "supporting", "support" },
	{ "alliance", "ally" }, { "allies", "ally" }, { "allied", "ally" },
	{ "partner", "ally" }, { "partners", "ally" }, { "friend", "ally" },
	{ "summit", "meeting" }, { "talks", "meeting" }, { "meet", "meeting" },
	{ "meets", "meeting" }, { "met", "meeting" }, { "sit", "meeting" },
	{ "biggest", "largest" }, { "most", "largest" }, { "greatest", "largest" },
	{ "population", "people" }, { "inhabitants", "people" }, { "residents", "people" },
	{ "live", "residing hosts" }, { "lives", "residing hosts" }, { "living", "residing hosts" },
	{ "reside", "residing" }, { "resides", "residing" },
	{ "deaths", "lives" }, { "killed", "lives" }, { "died", "lives" }, { "dead", "lives" },
	{ "attack", "bomb" }, { "attacks", "bomb" }, { "attacking", "bomb" },
	{ "bombing", "bomb" }, { "shelling", "bomb" }, { "strikes", "bomb" },
	{ "vote", "votes" }, { "ballot", "votes" }, { "share", "percent" },
	{ "percentage", "percent" }, { "pct", "percent" },
	{ "leave", "withdrawal" }, { "leaves", "withdrawal" }, { "leaving", "withdrawal" },
	{ "withdraw", "withdrawal" }, { "pull", "withdrawal" }, { "exit", "withdrawal" },
	{ "bought", "purchase" }, { "buy", "purchase" }, { "buying", "purchase" },
	{ "buys", "purchase" }, { "purchased", "purchase" },
	{ "belongs", "part" }, { "belong", "part" }, { "owns", "part" },
	{ "rule", "ruled" }, { "rules", "ruled" }, { "ruling", "ruled" }, { "governs", "ruled" },
	{ "fighting", "fight" }, { "fought", "fight" }, { "battle", "fight" },
	{ "operations", "operation" }, { "ops", "operation" },
	{ "shelter", "refuge" }, { "harbor", "refuge" }, { "harbour", "refuge" },
	{ "haven", "refuge" }, { "sanctuary", "refuge" },
	{ "label", "recognised" }, { "labels", "recognised" }, { "consider", "recognised" },
	{ "considers", "recognised" }, { "designate", "recognised" },
	{ "designates", "recognised" }, { "list", "recognised" }, { "lists", "recognised" },
	{ "listed", "recognised" }, { "deem", "recognised" }, { "call", "recognised" },
	{ "terrorists", "terrorist" }, { "terrorism", "terror" },
	{ "think", "thinks" }, { "told", "tells" }, { "tell", "tells" },
	{ "speak", "says tells" }, { "spoke", "says tells" }, { "speaks", "says tells" },
	{ "press", "demand" }, { "pressure", "demand" }, { "pressing", "demand" },
	{ "town", "city" }, { "wage", "launch" }, { "waging", "launch" }, { "big", "largest" },
	{ "migrants", "refugees" }, { "migrant", "refugee" },
	{ "problem", "concern" }, { "problems", "concern" }, { "issue", "issues" },
};

/* Pairs of words that contradict each other in a yes/no question. */
static const struct pair antonyms[] = {
	{ "fair", "rigged" }, { "free", "rigged" }, { "honest", "rigged" },
	{ "easy", "difficult" }, { "easy", "hard" }, { "clear", "unclear" },
	{ "support", "oppose" }, { "back", "oppose" }, { "ally", "oppose" },
	{ "win", "lose" }, { "won", "lost" }, { "peace", "war" },
	{ "same", "opposing" }, { "same", "different" }, { "agree", "disagree" },
	{ "increase", "diminish" }, { "grow", "diminish" }, { "true", "false" },
};

/* Cue stems the parser interprets itself. */
static const char *const cues[] = {
	"stake", "risk", "matter", "important", "significance", "happen", "ally", "allied",
	"back", "support", "oppos", "behind", "help", "terrorist", "terror", "recognis",
	"quote", "opinion", "view", "comment", "role", "job", "position", "who", "when",
	"where", "date", "day", "year", "month", "time", "many", "much", "number", "percent",
	"place", "location", "locat", "city", "country", "countri", "side", "group",
	"organisation", "organization", "organis", "thing", "information", "detail",
	"news", "today", "yes", "true", "fals", "right",
	"mention", "feel", "based", "operate", "located", "situated", "say", "sai", "tell", "talk", "want", "plan", "pretext",
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
		char x[TEXT_MAX_WORD + 1], y[TEXT_MAX_WORD + 1];
		text_stem(antonyms[i].from, x);
		text_stem(antonyms[i].to, y);
		if ((!strcmp(a, x) && !strcmp(b, y)) || (!strcmp(a, y) && !strcmp(b, x)))
			return true;
	}
	return false;
}

const char *lexicon_antonym(const char *stem, unsigned n)
{
	for (size_t i = 0; i < sizeof antonyms / sizeof *antonyms; i++) {
		char x[TEXT_MAX_WORD + 1], y[TEXT_MAX_WORD + 1];
		text_stem(antonyms[i].from, x);
		text_stem(antonyms[i].to, y);
		const char *other = !strcmp(stem, x) ? antonyms[i].to
				    : !strcmp(stem, y) ? antonyms[i].from : NULL;
		if (other && n-- == 0)
			return other;
	}
	return NULL;
}

bool lexicon_is_cue(const char *word, const char *stem)
{
	for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
		if (!strcmp(cues[i], word) || !strcmp(cues[i], stem))
			return true;
	return false;
}
