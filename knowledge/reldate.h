/* Relative dates in article text ("on Wednesday", "last year", "yesterday",
 * "next month", "earlier this year", "in December") resolved against the
 * article's own date, so a briefing read years later can say which day or
 * month the article meant. Pure: no clock, no locale, no allocation except
 * in reldate_annotate's output buffer.
 *
 * What is recognised (words matched ignoring case, except month names,
 * which must be capitalised: "may" is a verb):
 *   today, tonight                      the article's day
 *   yesterday, last night / tomorrow    the day before / after it
 *   N days|weeks|months|years ago       counted back (N: digits, a, an,
 *                                       one .. twelve)
 *   this|last|next week (also "earlier|later this week")
 *                                       the week, Monday to Sunday
 *   this|last|next month, earlier|later this month
 *   this|last|next year, earlier|later this year
 *   [on|this|last|next] WEEKDAY         a day (see the rule below); not when
 *                                       a day number or month name follows
 *                                       ("Wednesday, 29 September")
 *   in|for|since|until|by|... MONTH     a month, when no day number or year
 *                                       is next to it ("in December 2019"
 *                                       is left alone)
 * "the last year" and "the next month" (a stretch of time, not a calendar
 * unit) and "Wednesdays" (a habit) are left alone.
 *
 * The weekday and month rule: "last Wednesday" is the latest Wednesday
 * strictly before the article date and "next Wednesday" the first strictly
 * after it. A bare or "this" weekday depends on the tense of its clause:
 * news reports the past, so it means the latest such day on or before the
 * article date, unless the clause is about the future, in which case it
 * means the first such day on or after the article date. A clause is the
 * text between punctuation (, ; : ( ) dashes, sentence ends) and
 * clause-opening words (that, and, but, which, who, while, when, ...); the
 * tense is that of the tense word nearest the phrase in its clause, or, if
 * the clause has none, nearest in its sentence; with none at all, past.
 * Future words: will, shall, 'll, won't, upcoming, is, are (news puts what
 * is arranged in the present: "the vote is on Sunday"), and "going / due /
 * set / expected / scheduled / slated / planning / plans / poised to",
 * "scheduled / slated / planned / set for". Past words: was, were, had, did,
 * said, told, met, held and other common irregular past forms, and
 * lower-case words of four letters or more ending in "ed" (except those
 * future ones). "since"
 * just before the phrase makes it past. Month names follow the same rule
 * by month: "elections scheduled for December" in an article of
 * September 2021 is December 2021; "in March" in a past clause is the
 * latest March on or before the article's month. */
#ifndef BB_RELDATE_H
#define BB_RELDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"

struct reldate_date {
	int year;   /* 1 .. 9999 */
	int month;  /* 1 .. 12 */
	int day;    /* 1 .. 31 */
};

enum reldate_precision {
	RELDATE_DAY,   /* date is the day */
	RELDATE_WEEK,  /* date is the Monday of the week */
	RELDATE_MONTH, /* date is the 1st of the month */
	RELDATE_YEAR,  /* date is 1 January of the year */
};

struct reldate_match {
	size_t start, len;  /* the phrase in the text: "Wednesday", "last year" */
	enum reldate_precision precision;
	struct reldate_date date;
	bool future;        /* resolved as a future reference (weekday, month) */
};

/* Parses "YYYY-MM-DD" (exactly that, a real calendar day). Returns 0 or
 * BB_EINVAL. */
int reldate_parse_iso(const char *s, struct reldate_date *out);

/* Finds the relative dates in text[0..len) and resolves them against
 * `article` (a valid date). Stores up to `max` matches in `out`, in text
 * order, and returns how many it found in all (which may exceed max). */
size_t reldate_scan(const char *text, size_t len, const struct reldate_date *article,
		    struct reldate_match *out, size_t max);

/* Writes the resolved date of m as English words into buf (always
 * NUL-terminated when size > 0): "Wednesday 29 September 2021", "week of
 * 27 September 2021", "September 2021", "2020". Returns the length it
 * needed, as snprintf does. */
size_t reldate_format(const struct reldate_match *m, char *buf, size_t size);

/* Writes an ISO date of the knowledge base's facts ("2021-09-29",
 * "2021-12", "2020") as reldate_format would: "Wednesday 29 September
 * 2021", "December 2021", "2020". Returns the length needed, or 0 (buf
 * then "") if iso is none of those forms. */
size_t reldate_format_iso(const char *iso, char *buf, size_t size);

/* Appends `text` to out with the resolved date in brackets after each
 * relative phrase ("on Wednesday [Wednesday 29 September 2021] in Sochi");
 * the text itself is never changed. A phrase followed by a possessive gets
 * the note after it ("Wednesday's [...]"); a phrase already followed by a
 * bracket is left alone, so annotating twice changes nothing. If
 * `article_date` is not a valid "YYYY-MM-DD" (or NULL or ""), the text is
 * appended unchanged. Returns the number of notes added, or BB_ENOMEM
 * (out is then marked failed). */
int reldate_annotate(const char *text, const char *article_date, struct strbuf *out);

#endif
