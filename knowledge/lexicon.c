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
	{ "%", "percent" }, { "2day", "today" }, { "abotu", "about" },
	{ "abt", "about" }, { "actually", "" }, { "adn", "and" }, { "anyway", "" },
	{ "arent", "are not" }, { "b4", "before" }, { "bc", "because" },
	{ "btw", "" }, { "cannot", "can not" }, { "cant", "can not" },
	{ "coz", "because" }, { "cuz", "because" }, { "didnt", "did not" },
	{ "doesnt", "does not" }, { "dont", "do not" }, { "dunno", "do not know" },
	{ "folks", "" }, { "gonna", "going to" }, { "gov", "government" },
	{ "govt", "government" }, { "guys", "" }, { "hey", "" }, { "hmm", "" },
	{ "honestly", "" }, { "hows", "how is" }, { "hte", "the" }, { "hwo", "who" },
	{ "idk", "" }, { "im", "i am" }, { "info", "information" },
	{ "intl", "international" }, { "isnt", "is not" }, { "k", "thousand" },
	{ "kinda", "" }, { "lmao", "" }, { "lol", "" }, { "mil", "million" },
	{ "n", "and" }, { "ok", "" }, { "okay", "" }, { "pct", "percent" },
	{ "peeps", "people" }, { "pls", "" }, { "plz", "" },
	{ "pm", "prime minister" }, { "ppl", "people" }, { "pres", "president" },
	{ "prez", "president" }, { "q", "" }, { "quick", "" }, { "r", "are" }, { "rn", "" },
	{ "sorta", "" }, { "taht", "that" }, { "tbh", "" }, { "teh", "the" },
	{ "thier", "their" }, { "thx", "" }, { "tmrw", "tomorrow" }, { "u", "you" },
	{ "uh", "" }, { "um", "" }, { "ur", "your" }, { "usa", "US" },
	{ "w", "with" }, { "waht", "what" }, { "wait", "" }, { "wanna", "want to" },
	{ "wasnt", "was not" }, { "wat", "what" }, { "whats", "what is" },
	{ "whens", "when is" }, { "wher", "where" }, { "wheres", "where is" },
	{ "whn", "when" }, { "whos", "who is" }, { "whose", "who is" },
	{ "wht", "what" }, { "whta", "what" }, { "whys", "why is" },
	{ "wich", "which" }, { "wont", "will not" }, { "wot", "what" },
	{ "wut", "what" }, { "y", "why" }, { "ya", "" }, { "yo", "" },
};

/* Question words mapped onto how news copy says it. Both sides are
 * stemmed by the caller. */
static const struct pair synonyms[] = {
	{ "afraid", "concern" }, { "aid", "help" }, { "alliance", "ally" },
	{ "allied", "ally" }, { "allies", "ally" }, { "annex", "annexation" },
	{ "annexed", "annexation" }, { "arm", "back" },
	{ "armies", "soldiers forces military" }, { "armistice", "ceasefire" },
	{ "arms", "back" }, { "army", "soldiers forces military" },
	{ "ask", "demand" }, { "asking", "demand" }, { "asks", "demand" },
	{ "assault", "campaign operation attack" },
	{ "assaults", "campaign operation attack" }, { "assist", "help" },
	{ "attack", "bomb" }, { "attacking", "bomb" }, { "attacks", "bomb" },
	{ "ballot", "votes" }, { "battle", "fight" }, { "began", "start" },
	{ "begin", "start" }, { "begins", "start" }, { "belong", "part" },
	{ "belongs", "part" }, { "big", "largest" }, { "biggest", "largest" },
	{ "bodies", "organisation institution" },
	{ "body", "organisation institution" }, { "bombing", "bomb" },
	{ "boss", "president" }, { "bought", "purchase" },
	{ "broker", "negotiated deal" }, { "brokered", "negotiated deal" },
	{ "buy", "purchase" }, { "buying", "purchase" }, { "buys", "purchase" },
	{ "call", "recognised" }, { "care", "concern" }, { "cares", "concern" },
	{ "cause", "cost" }, { "caused", "cost" }, { "causes", "cost" },
	{ "chaired", "led lead chaired" }, { "comment", "says tells" },
	{ "comments", "says tells" }, { "consider", "recognised" },
	{ "considered", "recognised" }, { "considers", "recognised" },
	{ "danger", "risk" }, { "dangers", "risk" }, { "dead", "lives killed" },
	{ "deaths", "lives killed" }, { "deem", "recognised" },
	{ "designate", "recognised" }, { "designated", "recognised" },
	{ "designates", "recognised" }, { "died", "lives killed" },
	{ "discussing", "discuss" }, { "dispute", "conflict" },
	{ "exit", "withdrawal" }, { "fear", "concern" }, { "fears", "concern" },
	{ "feud", "conflict" }, { "fight", "conflict dispute" },
	{ "fighting", "fight" }, { "fought", "fight" }, { "friend", "ally" },
	{ "fund", "back" }, { "funds", "back" }, { "governed", "ruled" },
	{ "governs", "ruled" }, { "greatest", "largest" },
	{ "ground", "control areas territory" }, { "harbor", "refuge" },
	{ "harbour", "refuge" }, { "haven", "refuge" },
	{ "head", "president leaders" }, { "headed", "led lead chaired" },
	{ "heading", "led lead chaired" }, { "heads", "president leaders" },
	{ "helping", "help" }, { "home", "hosts residing" }, { "inflict", "losses" },
	{ "inflicted", "losses" }, { "inhabitants", "people" }, { "issue", "issues" },
	{ "killed", "lives" }, { "label", "recognised" }, { "labeled", "recognised" },
	{ "labelled", "recognised" }, { "labels", "recognised" },
	{ "lead", "president leaders" }, { "leading", "president leaders" },
	{ "leads", "president leaders" }, { "leave", "withdrawal" },
	{ "leaves", "withdrawal" }, { "leaving", "withdrawal" },
	{ "list", "recognised" }, { "listed", "recognised" },
	{ "lists", "recognised" }, { "live", "residing hosts" },
	{ "lives", "residing hosts" }, { "living", "residing hosts" },
	{ "look", "seeks" }, { "looking", "seeks" }, { "looks", "seeks" },
	{ "mediate", "brokered deal mediator" },
	{ "mediated", "brokered deal mediator" }, { "meet", "meeting" },
	{ "meets", "meeting" }, { "met", "meeting" }, { "migrant", "refugee" },
	{ "migrants", "refugees" }, { "monitor", "follow" }, { "most", "largest" },
	{ "negotiate", "brokered deal mediator" },
	{ "negotiated", "brokered deal mediator" },
	{ "negotiating", "brokered deal mediator" },
	{ "negotiation", "brokered deal mediator" }, { "northeast", "northeastern" },
	{ "northwest", "northwestern" }, { "object", "oppose" },
	{ "objected", "oppose" }, { "objects", "oppose" },
	{ "offensive", "campaign operation attack" },
	{ "offensives", "campaign operation attack" }, { "operations", "operation" },
	{ "ops", "operation" }, { "owns", "part" }, { "partner", "ally" },
	{ "partners", "ally" }, { "pct", "percent" }, { "percentage", "percent" },
	{ "population", "people" }, { "press", "demand" }, { "pressing", "demand" },
	{ "pressure", "demand" }, { "problem", "concern" }, { "problems", "concern" },
	{ "produce", "generate output" }, { "produced", "generate output" },
	{ "produces", "generate output" }, { "producing", "generate output" },
	{ "pull", "withdrawal" }, { "pulled", "withdrawal" },
	{ "pulls", "withdrawal" }, { "purchased", "purchase" },
	{ "push", "demand press pressure" }, { "pushed", "demand press pressure" },
	{ "pushes", "demand press pressure" }, { "pushing", "demand press pressure" },
	{ "quarrel", "conflict" }, { "question", "ask" },
	{ "recognition", "recognised" }, { "reduce", "diminish reduce" },
	{ "reduced", "diminish reduce" }, { "reducing", "diminish reduce" },
	{ "regard", "recognised" }, { "regarded", "recognised" },
	{ "regards", "recognised" }, { "relationship", "relations" },
	{ "remark", "says tells" }, { "remarks", "says tells" },
	{ "reside", "residing" }, { "residents", "people" },
	{ "resides", "residing" }, { "rule", "ruled" }, { "ruler", "ruled" },
	{ "rulers", "ruled" }, { "rules", "ruled" }, { "ruling", "ruled" },
	{ "sanctuary", "refuge" }, { "scale", "diminish reduce" },
	{ "scaled", "diminish reduce" }, { "scaling", "diminish reduce" },
	{ "seek", "seeks" }, { "seen", "believed" },
	{ "seize", "impound capture boarded" },
	{ "seized", "impound capture boarded" },
	{ "seizes", "impound capture boarded" },
	{ "seizing", "impound capture boarded" }, { "share", "percent" },
	{ "shelling", "bomb" }, { "shelter", "refuge" },
	{ "shrink", "diminish reduce" }, { "shrinking", "diminish reduce" },
	{ "sit", "meeting" }, { "soldiers", "withdrawal" },
	{ "southeast", "southeastern" }, { "southwest", "southwestern" },
	{ "speak", "says tells" }, { "speaks", "says tells" },
	{ "spoke", "says tells" }, { "sponsor", "back" }, { "sponsors", "back" },
	{ "start", "begin began" }, { "started", "begin began" },
	{ "starting", "begin began" }, { "starts", "begin began" },
	{ "strike", "reach" }, { "strikes", "bomb" }, { "summit", "meeting" },
	{ "supporting", "support" }, { "talk", "discuss says tells" },
	{ "talking", "discuss says tells" }, { "talks", "meeting" },
	{ "tell", "tells" }, { "terrorism", "terror" }, { "terrorists", "terrorist" },
	{ "think", "thinks" }, { "threat", "risk" }, { "threats", "risk" },
	{ "ties", "relations" }, { "told", "tells" }, { "toll", "lives killed" },
	{ "town", "city" }, { "treat", "recognised" }, { "treats", "recognised" }, { "troop", "soldiers forces military" },
	{ "troops", "soldiers forces military" }, { "truce", "ceasefire" },
	{ "truces", "ceasefire" }, { "urge", "demand press pressure" },
	{ "urged", "demand press pressure" }, { "urges", "demand press pressure" },
	{ "vote", "votes" }, { "wage", "launch" }, { "waging", "launch" },
	{ "war", "conflict" }, { "wars", "conflict" }, { "watch", "follow" },
	{ "watches", "follow" }, { "watching", "follow" }, { "win", "won" },
	{ "winning", "won" }, { "wins", "won" }, { "withdraw", "withdrawal" },
	{ "withdrawing", "withdrawal" }, { "withdrew", "withdrawal" },
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
	{ "honest", "honest", "rigged", "rig" }, { "easy", "easi", "difficult", "difficult" },
	{ "easy", "easi", "hard", "hard" }, { "clear", "clear", "unclear", "unclear" },
	{ "support", "support", "oppose", "oppos" }, { "back", "back", "oppose", "oppos" },
	{ "ally", "alli", "oppose", "oppos" }, { "win", "win", "lose", "lose" },
	{ "won", "won", "lost", "lost" }, { "peace", "peac", "war", "war" },
	{ "same", "same", "opposing", "oppos" }, { "same", "same", "different", "differ" },
	{ "agree", "agre", "disagree", "disagre" }, { "increase", "increas", "diminish", "diminish" },
	{ "grow", "grow", "diminish", "diminish" }, { "true", "true", "false", "fals" },
	{ "admit", "admit", "deny", "deni" }, { "admitted", "admit", "denies", "deni" },
};


/* Words the parser reads as asking for a relation or a kind of answer
 * ("ally", "terrorist", "say", "role"). They are never unknown; they are
 * required in search only where the article uses them. Sorted. */
static const char *const cues[] = {
	"allied", "ally", "back", "behind", "comment", "fals", "feel", "help",
	"important", "job", "matter", "mention", "opinion", "oppos", "plan",
	"position", "quote", "recognis", "right", "risk", "role", "sai", "say",
	"significance", "support", "talk", "tell", "terror", "terrorist", "true",
	"view", "want", "yes",
};

/* Words that only frame a question or name the kind of answer wanted
 * ("which outlet", "what year", "at stake"), and common verbs that do not
 * change what a question is about ("expect", "count as", "seen as"):
 * never unknown, never required. Topic words ("population", "budget",
 * "founded") are deliberately absent: a question about those is refused
 * when the article never uses them. Sorted. */
static const char *const frames[] = {
	"according", "accurate", "affiliated", "agency", "altogether", "answer", "article",
	"associated", "author", "based", "basically", "became", "become", "becomes",
	"bring", "broadcaster", "brought", "call", "called", "calls", "came",
	"center", "centre", "city", "come", "comes", "company", "connected", "core",
	"correct", "count", "counted", "countri", "country", "counts", "currently",
	"date", "day", "deal", "describe", "described", "detail", "ever", "exactly",
	"expect", "expectation", "expected", "expects", "face", "faced", "faces",
	"fact", "gave", "get", "gets", "give", "given", "gives", "go", "goes", "gone",
	"got", "group", "happen", "happened", "happening", "heart", "held", "hold",
	"holds", "hosted", "hosting", "identify", "information", "initially", "institute",
	"institution", "involve", "involved", "involves", "keep", "kept", "kind",
	"lie", "lies", "linked", "list", "locat", "located", "location", "long",
	"made", "make", "makes", "man", "many", "mean", "means", "meant", "month",
	"much", "name", "need", "needed", "needs", "new", "news", "newspaper", "number",
	"official", "operate", "organis", "organisation", "organization", "originally",
	"outlet", "overall",
	"part", "party", "percent", "person", "piece", "place", "play", "played",
	"plays", "previously", "publication", "put", "puts", "question", "really", "relate",
	"related", "relates", "remain", "remains", "represent", "represented",
	"represents", "role", "safe", "saw", "see", "seem", "seemed", "seems", "seen",
	"sees", "side", "situated", "sort", "stak", "stake", "stakes", "stand",
	"stands", "stay", "stays", "story", "stuff", "take", "taken", "takes",
	"thing", "things", "tied", "time", "today", "took", "total", "tried", "tries", "try",
	"use", "used", "uses", "using", "week", "weeks", "went", "when", "where",
	"who", "woman", "word", "words", "work", "worked", "works", "writer", "year",
};

const char *lexicon_expand(const char *word)
{
	return LOOKUP(shorthand, word);
}

const char *lexicon_synonym(const char *word)
{
	return LOOKUP(synonyms, word);
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

bool lexicon_check_tables(struct text_stemmer *st)
{
	for (size_t i = 0; i < sizeof antonyms / sizeof *antonyms; i++) {
		char a[TEXT_MAX_WORD + 1], b[TEXT_MAX_WORD + 1];
		text_stem(st, antonyms[i].a_word, a);
		text_stem(st, antonyms[i].b_word, b);
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
	for (size_t i = 1; i < sizeof frames / sizeof *frames; i++)
		if (strcmp(frames[i - 1], frames[i]) >= 0)
			return false;
	return true;
}

#define IN_SORTED(list, w) text_in_sorted(list, sizeof list / sizeof *list, w)

bool lexicon_is_frame(const char *word, const char *stem)
{
	return IN_SORTED(frames, word) || IN_SORTED(frames, stem);
}

bool lexicon_is_cue(const char *word, const char *stem)
{
	return IN_SORTED(cues, word) || IN_SORTED(cues, stem) || lexicon_is_frame(word, stem);
}
