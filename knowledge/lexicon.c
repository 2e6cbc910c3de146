#include "knowledge/lexicon.h"

#include <stddef.h>
#include <stdio.h>
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

/* Chat shorthand, each entry marked with its kind: WordNet has no
 * abbreviations of chat, typos, fillers or apostrophe-less contractions. */
static const struct pair shorthand[] = {
	/* abbreviation */
	{ "%", "percent" }, { "2day", "today" },
	/* typo */
	{ "abotu", "about" },
	/* abbreviation */
	{ "abt", "about" },
	/* filler: asks nothing */
	{ "actually", "" },
	/* typo */
	{ "adn", "and" },
	/* filler: asks nothing */
	{ "anyway", "" },
	/* contraction without its apostrophe */
	{ "arent", "are not" },
	/* abbreviation */
	{ "b4", "before" }, { "bc", "because" },
	/* filler: asks nothing */
	{ "btw", "" },
	/* contraction without its apostrophe */
	{ "cannot", "can not" }, { "cant", "can not" },
	/* abbreviation */
	{ "ceo", "chief executive" },
	/* contraction without its apostrophe */
	{ "couldnt", "could not" },
	/* abbreviation */
	{ "coz", "because" }, { "cuz", "because" },
	/* contraction without its apostrophe */
	{ "didnt", "did not" }, { "doesnt", "does not" }, { "dont", "do not" },
	{ "dunno", "do not know" },
	/* abbreviation (WordNet's "EXEC" is only the White House office) */
	{ "exec", "executive" },
	/* filler: asks nothing */
	{ "folks", "" },
	/* contraction without its apostrophe */
	{ "gonna", "going to" },
	/* abbreviation */
	{ "gov", "government" }, { "govt", "government" },
	/* filler: asks nothing */
	{ "guys", "" },
	/* unit abbreviation WordNet lacks (it has "kW-hr", not "GWh") */
	{ "gwh", "gigawatt hour" },
	/* contraction without its apostrophe */
	{ "hadnt", "had not" }, { "hasnt", "has not" }, { "havent", "have not" },
	/* filler: asks nothing */
	{ "hey", "" }, { "hmm", "" }, { "honestly", "" },
	/* contraction without its apostrophe */
	{ "hows", "how is" },
	/* typo */
	{ "hte", "the" }, { "hwo", "who" },
	/* filler: asks nothing */
	{ "idk", "" },
	/* contraction without its apostrophe */
	{ "im", "i am" },
	/* abbreviation */
	{ "info", "information" }, { "intl", "international" },
	/* contraction without its apostrophe */
	{ "isnt", "is not" }, { "itll", "it will" },
	/* abbreviation */
	{ "k", "thousand" },
	/* filler: asks nothing */
	{ "kinda", "" },
	/* unit abbreviation WordNet lacks */
	{ "kwh", "kilowatt hour" },
	/* filler: asks nothing */
	{ "lmao", "" }, { "lol", "" },
	/* abbreviation */
	{ "max", "maximum" }, { "mil", "million" },
	/* unit abbreviation WordNet lacks */
	{ "mwh", "megawatt hour" },
	/* abbreviation */
	{ "n", "and" }, { "nz", "New Zealand" },
	/* filler: asks nothing */
	{ "ok", "" }, { "okay", "" },
	/* abbreviation */
	{ "pct", "percent" }, { "peeps", "people" },
	/* filler: asks nothing */
	{ "pls", "" }, { "plz", "" },
	/* abbreviation */
	{ "pm", "prime minister" }, { "ppl", "people" }, { "pres", "president" },
	{ "prez", "president" },
	/* filler: asks nothing */
	{ "q", "" }, { "quick", "" },
	/* abbreviation */
	{ "r", "are" }, { "rep", "representative" },
	/* filler: asks nothing */
	{ "rn", "" },
	/* contraction without its apostrophe */
	{ "shouldnt", "should not" },
	/* filler: asks nothing */
	{ "sorta", "" },
	/* typo */
	{ "taht", "that" },
	/* filler: asks nothing */
	{ "tbh", "" },
	/* typo */
	{ "teh", "the" },
	/* contraction without its apostrophe */
	{ "theyll", "they will" },
	/* typo */
	{ "thier", "their" },
	/* abbreviation */
	{ "thru", "through" },
	/* filler: asks nothing */
	{ "thx", "" },
	/* abbreviation */
	{ "tmrw", "tomorrow" }, { "u", "you" },
	/* filler: asks nothing */
	{ "uh", "" }, { "um", "" },
	/* abbreviation */
	{ "uni", "university" }, { "ur", "your" }, { "usa", "US" }, { "w", "with" },
	/* typo */
	{ "waht", "what" },
	/* filler: asks nothing */
	{ "wait", "" },
	/* contraction without its apostrophe */
	{ "wanna", "want to" }, { "wasnt", "was not" },
	/* typo */
	{ "wat", "what" },
	/* contraction without its apostrophe */
	{ "werent", "were not" }, { "whats", "what is" }, { "whens", "when is" },
	/* typo */
	{ "wher", "where" },
	/* contraction without its apostrophe */
	{ "wheres", "where is" },
	/* typo */
	{ "whn", "when" },
	/* contraction without its apostrophe */
	{ "whos", "who is" }, { "whose", "who is" },
	/* typo */
	{ "wht", "what" }, { "whta", "what" },
	/* contraction without its apostrophe */
	{ "whys", "why is" },
	/* typo */
	{ "wich", "which" },
	/* contraction without its apostrophe */
	{ "wont", "will not" },
	/* typo */
	{ "wot", "what" },
	/* contraction without its apostrophe */
	{ "wouldnt", "would not" },
	/* typo */
	{ "wut", "what" },
	/* abbreviation */
	{ "y", "why" },
	/* filler: asks nothing */
	{ "ya", "" }, { "yo", "" },
};

/* Question words mapped onto how news copy says it. Both sides are
 * stemmed by the caller. */
static const struct pair synonyms[] = {
	/* people aboard are ones a craft was "carrying"; WordNet has "aboard" only as an
	 * adverb of place */
	{ "aboard", "carrying" },
	/* news says "concern" for worry/fear; WordNet puts them in other synsets */
	{ "afraid", "concern" },
	/* friend/partner/alliance written "ally"; WordNet links by derivation only for allied */
	{ "alliance", "ally" },
	/* political support written "back"; WordNet has "back" only as a later sense of
	 * fund/arm/sponsor */
	{ "arm", "back" },
	/* army/troops written as soldiers or forces; WordNet has only part-of/member links */
	{ "armies", "soldiers forces military" },
	/* truce/armistice written "ceasefire"; WordNet spells it "cease-fire", matched only
	 * when the article lacks the word */
	{ "armistice", "ceasefire" },
	/* political support written "back"; WordNet has "back" only as a later sense of
	 * fund/arm/sponsor */
	{ "arms", "back" },
	/* army/troops written as soldiers or forces; WordNet has only part-of/member links */
	{ "army", "soldiers forces military" },
	/* asking/pressing written as demand; WordNet relates them only in later senses */
	{ "ask", "demand" }, { "asking", "demand" }, { "asks", "demand" },
	/* a military offensive written as campaign/operation/attack; WordNet links only by
	 * hypernym */
	{ "assault", "campaign operation attack" }, { "assaults", "campaign operation attack" },
	/* attacks/shelling written "bomb(ing)"; WordNet puts them apart */
	{ "attack", "bomb" }, { "attacking", "bomb" }, { "attacks", "bomb" },
	/* ballots are counted as "votes"; WordNet first senses differ */
	{ "ballot", "votes" },
	/* what belongs to or is owned by X is written "part of X"; not a WordNet relation */
	{ "belong", "part" }, { "belongs", "part" },
	/* superlatives (big/most) asked, "largest" written; WordNet has no adjective link */
	{ "big", "largest" }, { "biggest", "largest" },
	/* a body (organisation) is written organisation/institution; WordNet first sense of
	 * body is the human body */
	{ "bodies", "organisation institution" }, { "body", "organisation institution" },
	/* a boss written as president; WordNet first senses differ */
	{ "boss", "president" },
	/* a brokered deal is written negotiated/deal; not a WordNet relation */
	{ "broker", "negotiated deal" }, { "brokered", "negotiated deal" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "call", "recognised" },
	/* news says "concern" for worry/fear; WordNet puts them in other synsets */
	{ "care", "concern" }, { "cares", "concern" },
	/* what a conflict causes is written as its "cost"; news usage */
	{ "cause", "cost" }, { "caused", "cost" }, { "causes", "cost" },
	/* a body headed/chaired by X is written "led by"; WordNet first senses differ */
	{ "chaired", "led lead chaired" },
	/* a verb of speaking asked, "says/tells" written; WordNet has no synonym link */
	{ "comment", "says tells" }, { "comments", "says tells" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "consider", "recognised" }, { "considered", "recognised" },
	{ "considers", "recognised" },
	/* threat/danger written "risk"; not synonyms in WordNet first senses */
	{ "danger", "risk" }, { "dangers", "risk" },
	/* a death toll is written "lives" or "killed"; WordNet links die/kill only by cause */
	{ "dead", "lives killed" }, { "deaths", "lives killed" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "deem", "recognised" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "designate", "recognised" }, { "designated", "recognised" },
	{ "designates", "recognised" },
	/* a death toll is written "lives" or "killed"; WordNet links die/kill only by cause */
	{ "died", "lives killed" },
	/* verb asked, noun written ("pull out" -> "withdrawal"); WordNet links leave/pull only
	 * via other senses */
	{ "exit", "withdrawal" },
	/* news says "concern" for worry/fear; WordNet puts them in other synsets */
	{ "fear", "concern" }, { "fears", "concern" },
	/* a feud/war/quarrel written "conflict"; WordNet has it only as a hypernym */
	{ "feud", "conflict" },
	/* a fight written "conflict/dispute"; WordNet has it only as a hypernym */
	{ "fight", "conflict dispute" },
	/* friend/partner/alliance written "ally"; WordNet links by derivation only for allied */
	{ "friend", "ally" },
	/* political support written "back"; WordNet has "back" only as a later sense of
	 * fund/arm/sponsor */
	{ "fund", "back" }, { "funds", "back" },
	/* a governor/ruler of a place is written "ruled"; WordNet links by derivation in later
	 * senses */
	{ "governed", "ruled" }, { "governs", "ruled" },
	/* superlatives (big/most) asked, "largest" written; WordNet has no adjective link */
	{ "greatest", "largest" },
	/* ground held is written as control/areas/territory; WordNet first senses differ */
	{ "ground", "control areas territory" },
	/* shelter/haven written "refuge"; WordNet first senses differ */
	{ "harbor", "refuge" }, { "harbour", "refuge" },
	/* shelter/haven written "refuge"; WordNet first senses differ */
	{ "haven", "refuge" },
	/* who heads/leads an organisation is written as its president or leaders; not a WordNet
	 * relation */
	{ "head", "president leaders" },
	/* a body headed/chaired by X is written "led by"; WordNet first senses differ */
	{ "headed", "led lead chaired" }, { "heading", "led lead chaired" },
	/* a company's seat is written "based in" or "X-based"; WordNet has no verb
	 * "headquarter" */
	{ "headquartered", "based" },
	/* who heads/leads an organisation is written as its president or leaders; not a WordNet
	 * relation */
	{ "heads", "president leaders" },
	/* where refugees live is written "residing" or a country "hosts" them; news usage */
	{ "home", "hosts residing" },
	/* what a side inflicts is written as "losses"; news usage */
	{ "inflict", "losses" }, { "inflicted", "losses" },
	/* population/residents/inhabitants are counted as "people"; WordNet links only by
	 * hypernym */
	{ "inhabitants", "people" },
	/* a death toll is written "lives"; news usage */
	{ "killed", "lives" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "label", "recognised" }, { "labeled", "recognised" }, { "labelled", "recognised" },
	{ "labels", "recognised" },
	/* who heads/leads an organisation is written as its president or leaders; not a WordNet
	 * relation */
	{ "lead", "president leaders" }, { "leading", "president leaders" },
	{ "leads", "president leaders" },
	/* verb asked, noun written ("pull out" -> "withdrawal"); WordNet links leave/pull only
	 * via other senses */
	{ "leave", "withdrawal" }, { "leaves", "withdrawal" }, { "leaving", "withdrawal" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "list", "recognised" }, { "listed", "recognised" }, { "lists", "recognised" },
	/* where refugees live is written "residing" or a country "hosts" them; news usage */
	{ "live", "residing hosts" }, { "lives", "residing hosts" },
	{ "living", "residing hosts" },
	/* look (for) written "seeks"; WordNet relates them only in later senses */
	{ "look", "seeks" }, { "looking", "seeks" }, { "looks", "seeks" },
	/* news says a deal was "brokered" for a negotiation; not a WordNet relation */
	{ "mediate", "brokered deal mediator" }, { "mediated", "brokered deal mediator" },
	/* migrants written as refugees; WordNet keeps them apart */
	{ "migrant", "refugee" },
	/* migrants written as refugees; WordNet keeps them apart */
	{ "migrants", "refugees" },
	/* to monitor/watch news is to "follow" it; a later WordNet sense */
	{ "monitor", "follow" },
	/* superlatives (big/most) asked, "largest" written; WordNet has no adjective link */
	{ "most", "largest" },
	/* news says a deal was "brokered" for a negotiation; not a WordNet relation */
	{ "negotiate", "brokered deal mediator" }, { "negotiated", "brokered deal mediator" },
	{ "negotiating", "brokered deal mediator" }, { "negotiation", "brokered deal mediator" },
	/* a compass direction asked, its adjective written; WordNet derives it only when the
	 * article lacks the word */
	{ "northeast", "northeastern" },
	/* a compass direction asked, its adjective written; WordNet derives it only when the
	 * article lacks the word */
	{ "northwest", "northwestern" },
	/* object (to) written "oppose"; WordNet relates them only in a later sense */
	{ "object", "oppose" }, { "objected", "oppose" }, { "objects", "oppose" },
	/* a military offensive written as campaign/operation/attack; WordNet links only by
	 * hypernym */
	{ "offensive", "campaign operation attack" },
	{ "offensives", "campaign operation attack" },
	/* "ops" is news shorthand for operations; WordNet lacks it */
	{ "ops", "operation" },
	/* what belongs to or is owned by X is written "part of X"; not a WordNet relation */
	{ "owns", "part" },
	/* friend/partner/alliance written "ally"; WordNet links by derivation only for allied */
	{ "partner", "ally" }, { "partners", "ally" },
	/* population/residents/inhabitants are counted as "people"; WordNet links only by
	 * hypernym */
	{ "population", "people" },
	/* asking/pressing written as demand; WordNet relates them only in later senses */
	{ "press", "demand" }, { "pressing", "demand" }, { "pressure", "demand" },
	/* news says "concern" for worry/fear; WordNet puts them in other synsets */
	{ "problem", "concern" }, { "problems", "concern" },
	/* production written as generate/output; WordNet first senses differ */
	{ "produce", "generate output" }, { "produced", "generate output" },
	{ "produces", "generate output" }, { "producing", "generate output" },
	/* verb asked, noun written ("pull out" -> "withdrawal"); WordNet links leave/pull only
	 * via other senses */
	{ "pull", "withdrawal" }, { "pulled", "withdrawal" }, { "pulls", "withdrawal" },
	/* urging/pushing written as demand/press; WordNet relates them only in later senses */
	{ "push", "demand press pressure" }, { "pushed", "demand press pressure" },
	{ "pushes", "demand press pressure" }, { "pushing", "demand press pressure" },
	/* a feud/war/quarrel written "conflict"; WordNet has it only as a hypernym */
	{ "quarrel", "conflict" },
	/* to question someone is to "ask"; WordNet first senses differ */
	{ "question", "ask" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "recognition", "recognised" },
	/* "scale back/shrink" written as diminish/reduce; WordNet relates them only beyond the
	 * first sense */
	{ "reduce", "diminish reduce" }, { "reduced", "diminish reduce" },
	{ "reducing", "diminish reduce" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "regard", "recognised" }, { "regarded", "recognised" }, { "regards", "recognised" },
	/* a verb of speaking asked, "says/tells" written; WordNet has no synonym link */
	{ "remark", "says tells" }, { "remarks", "says tells" },
	/* population/residents/inhabitants are counted as "people"; WordNet links only by
	 * hypernym */
	{ "residents", "people" },
	/* shelter/haven written "refuge"; WordNet first senses differ */
	{ "sanctuary", "refuge" },
	/* "scale back/shrink" written as diminish/reduce; WordNet relates them only beyond the
	 * first sense */
	{ "scale", "diminish reduce" }, { "scaled", "diminish reduce" },
	{ "scaling", "diminish reduce" },
	/* "seen as" written "believed"; WordNet first senses differ */
	{ "seen", "believed" },
	/* a seized ship is written impounded/captured/boarded; WordNet first senses differ */
	{ "seize", "impound capture boarded" }, { "seized", "impound capture boarded" },
	{ "seizes", "impound capture boarded" }, { "seizing", "impound capture boarded" },
	/* a share/percentage written "percent"; not a WordNet synonym */
	{ "share", "percent" },
	/* attacks/shelling written "bomb(ing)"; WordNet puts them apart */
	{ "shelling", "bomb" },
	/* shelter/haven written "refuge"; WordNet first senses differ */
	{ "shelter", "refuge" },
	/* "scale back/shrink" written as diminish/reduce; WordNet relates them only beyond the
	 * first sense */
	{ "shrink", "diminish reduce" }, { "shrinking", "diminish reduce" },
	/* talks/summit/sit down written "meeting"; WordNet links only by hypernym */
	{ "sit", "meeting" },
	/* verb asked, noun written ("pull out" -> "withdrawal"); WordNet links leave/pull only
	 * via other senses */
	{ "soldiers", "withdrawal" },
	/* a compass direction asked, its adjective written; WordNet derives it only when the
	 * article lacks the word */
	{ "southeast", "southeastern" },
	/* a compass direction asked, its adjective written; WordNet derives it only when the
	 * article lacks the word */
	{ "southwest", "southwestern" },
	/* a verb of speaking asked, "says/tells" written; WordNet has no synonym link */
	{ "speak", "says tells" }, { "speaks", "says tells" },
	/* a verb of speaking asked, "says/tells" written; WordNet has no synonym link */
	{ "spoke", "says tells" },
	/* political support written "back"; WordNet has "back" only as a later sense of
	 * fund/arm/sponsor */
	{ "sponsor", "back" }, { "sponsors", "back" },
	/* start asked, begin written; WordNet has it for the verb only, and only when the
	 * article lacks "start" */
	{ "start", "begin began" }, { "started", "begin began" }, { "starting", "begin began" },
	{ "starts", "begin began" },
	/* to strike a deal is to "reach" it; a later WordNet sense */
	{ "strike", "reach" },
	/* attacks/shelling written "bomb(ing)"; WordNet puts them apart */
	{ "strikes", "bomb" },
	/* talks/summit/sit down written "meeting"; WordNet links only by hypernym */
	{ "summit", "meeting" },
	/* talking written as discuss/says/tells; WordNet first sense of talk differs */
	{ "talk", "discuss says tells" }, { "talking", "discuss says tells" },
	/* talks/summit/sit down written "meeting"; WordNet links only by hypernym */
	{ "talks", "meeting" },
	/* threat/danger written "risk"; not synonyms in WordNet first senses */
	{ "threat", "risk" }, { "threats", "risk" },
	/* ties/relationship between states written "relations"; WordNet first senses differ */
	{ "ties", "relations" },
	/* a death toll is written "lives" or "killed"; WordNet links die/kill only by cause */
	{ "toll", "lives killed" },
	/* a town written "city" in news copy; WordNet keeps them apart */
	{ "town", "city" },
	/* news: a state "designates/labels/treats" a group as terrorist = "recognises"; WordNet
	 * has no such sense link */
	{ "treat", "recognised" }, { "treats", "recognised" },
	/* army/troops written as soldiers or forces; WordNet has only part-of/member links */
	{ "troop", "soldiers forces military" }, { "troops", "soldiers forces military" },
	/* truce/armistice written "ceasefire"; WordNet spells it "cease-fire", matched only
	 * when the article lacks the word */
	{ "truce", "ceasefire" }, { "truces", "ceasefire" },
	/* urging/pushing written as demand/press; WordNet relates them only in later senses */
	{ "urge", "demand press pressure" }, { "urged", "demand press pressure" },
	{ "urges", "demand press pressure" },
	/* to wage war is to "launch" it; WordNet relates them only in later senses */
	{ "wage", "launch" }, { "waging", "launch" },
	/* a feud/war/quarrel written "conflict"; WordNet has it only as a hypernym */
	{ "war", "conflict" }, { "wars", "conflict" },
	/* to monitor/watch news is to "follow" it; a later WordNet sense */
	{ "watch", "follow" }, { "watches", "follow" }, { "watching", "follow" },
	/* win asked in the present, "won" written; Snowball does not stem "won" to "win" */
	{ "win", "won" }, { "winning", "won" }, { "wins", "won" },
	/* news says "concern" for worry/fear; WordNet puts them in other synsets */
	{ "worried", "concern" }, { "worries", "concern" }, { "worry", "concern" },
};

/* Pairs of words that contradict each other in a yes/no question, as
 * stems (text_stem of the word; test_lexicon checks that they are). The
 * words are kept for lexicon_antonym(). */
struct antonym {
	const char *a_word, *a_stem, *b_word, *b_stem;
};

/* Kept whole: WordNet lacks most of these as antonyms ("fair"/"rigged",
 * "back"/"oppose", "increase"/"diminish"); the few it has (easy/difficult,
 * agree/disagree, true/false, admit/deny) were tried through WordNet's
 * antonym pointers for every word, which contradicted claims the articles
 * make (tested on every question set), so the engine asks only this
 * table. */
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
 * required in search only where the article uses them. Sorted. This and
 * the frames below are roles in the parser, not meanings: WordNet cannot
 * supply them. */
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
 * when the article never uses them. "guy" is chat for a person ("the
 * consumer group GUY"), which WordNet reads first as a man and a rope.
 * Sorted. */
static const char *const frames[] = {
	"according", "accurate", "affiliated", "agency", "altogether", "answer", "article",
	"associated", "author", "based", "basically", "became", "become", "becomes",
	"bring", "broadcaster", "brought", "call", "called", "calls", "came",
	"center", "centre", "city", "come", "comes", "company", "connected", "core",
	"correct", "count", "counted", "countri", "country", "counts", "currently",
	"date", "day", "deal", "describe", "described", "detail", "ever", "exactly",
	"expect", "expectation", "expected", "expects", "face", "faced", "faces",
	"fact", "gave", "get", "gets", "give", "given", "gives", "go", "goes", "gone",
	"got", "group", "guy", "guys", "happen", "happened", "happening", "heart", "held", "hold",
	"holds", "hosted", "hosting", "identify", "information", "initially", "institute",
	"institution", "involve", "involved", "involves", "keep", "kept", "kind",
	"lie", "lies", "linked", "list", "locat", "located", "location", "long",
	"made", "make", "makes", "man", "many", "mean", "means", "meant", "month",
	"much", "name", "need", "needed", "needs", "new", "news", "newspaper", "number",
	"official", "operate", "organisation", "organisations", "organization",
	"organizations", "originally",
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

/* Phrasal verbs of chat that news copy writes otherwise: a rule "kicks
 * in" where the article says it "takes effect", a strike "kicks off"
 * where it starts, a chief "says sorry" where he apologises. WordNet
 * reads "kick in" as "set in" or "chip in", and has no "kick off" = start
 * nor "say sorry". Sorted. */
static const struct pair phrasal[] = {
	{ "kick in", "take effect" }, { "kick off", "start" }, { "kicked in", "took effect" },
	{ "kicked off", "started" }, { "kicking in", "taking effect" },
	{ "kicking off", "starting" }, { "kicks in", "takes effect" }, { "kicks off", "starts" },
	{ "said sorry", "apologised" }, { "say sorry", "apologise" },
	{ "saying sorry", "apologising" }, { "says sorry", "apologises" },
};

const char *lexicon_expand(const char *word)
{
	return LOOKUP(shorthand, word);
}

const char *lexicon_phrasal(const char *verb, const char *particle)
{
	char key[64];
	if ((size_t)snprintf(key, sizeof key, "%s %s", verb, particle) >= sizeof key)
		return NULL;
	return LOOKUP(phrasal, key);
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

/* Figures of news copy that WordNet knows only in other senses: an
 * election's "turnout" is a share of voters, to WordNet a gathering; a
 * match's "score" a count of points, to WordNet first a grade or a piece
 * of music. Sorted. */
static const char *const figures[] = { "score", "turnout", };

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
	for (size_t i = 1; i < sizeof phrasal / sizeof *phrasal; i++)
		if (strcmp(phrasal[i - 1].from, phrasal[i].from) >= 0)
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
	for (size_t i = 1; i < sizeof figures / sizeof *figures; i++)
		if (strcmp(figures[i - 1], figures[i]) >= 0)
			return false;
	return true;
}

#define IN_SORTED(list, w) text_in_sorted(list, sizeof list / sizeof *list, w)

bool lexicon_is_frame(const char *word, const char *stem)
{
	return IN_SORTED(frames, word) || IN_SORTED(frames, stem);
}

bool lexicon_is_figure(const char *word)
{
	return IN_SORTED(figures, word);
}

bool lexicon_is_cue(const char *word, const char *stem)
{
	return IN_SORTED(cues, word) || IN_SORTED(cues, stem) || lexicon_is_frame(word, stem);
}
