/* A reply as plain structure: handlers build it, platform renderers turn it
 * into Discord markdown, Matrix HTML or plain text. Text is stored
 * unescaped; escaping is the renderer's job. */
#ifndef BB_REPLY_H
#define BB_REPLY_H

#include <stdbool.h>
#include <stddef.h>

enum reply_kind {
	REPLY_ANSWER,  /* a normal answer */
	REPLY_NOTICE,  /* a short notice: "slow down", "unknown command" */
	REPLY_ERROR,   /* the request failed: bad arguments, permission */
};

/* What a question came to, for the bot's metrics. */
enum reply_answer {
	REPLY_NO_QUESTION, /* not a question (a command, a notice) */
	REPLY_FOUND,       /* answered from the article */
	REPLY_REFUSED,     /* the article does not say: refused */
};

struct reply_citation {
	char *article;   /* article id */
	char *label;     /* "Sochi meeting (TRT World, 2021-09-28)" */
	int paragraph;
	int sentence;
	char *text;      /* the cited sentence */
};

struct reply {
	enum reply_kind kind;
	char *title;                   /* may be NULL */
	char **paragraphs;
	size_t n_paragraphs;
	char **items;                  /* a bullet list after the paragraphs */
	size_t n_items;
	struct reply_citation *citations;
	size_t n_citations;
	bool failed;                   /* an allocation failed while building */
	/* Set by the router, read by metrics; never rendered. */
	const char *command;           /* the command that ran (its table name), or NULL */
	enum reply_answer answer;
};

/* Builders copy their arguments. On allocation failure they set r->failed
 * and do nothing else, so callers can build and check once at the end. */
void reply_set_kind(struct reply *r, enum reply_kind kind);
void reply_set_title(struct reply *r, const char *title);
void reply_add_paragraph(struct reply *r, const char *text);
void reply_add_paragraphf(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void reply_add_item(struct reply *r, const char *text);
void reply_add_itemf(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds a citation unless the same (article, paragraph, sentence) is there. */
void reply_add_citation(struct reply *r, const char *article, const char *label,
			int paragraph, int sentence, const char *text);
/* Frees everything and leaves an empty reply. NULL-safe. */
void reply_free(struct reply *r);

#endif
