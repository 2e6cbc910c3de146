#include "commands/reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void reply_set_kind(struct reply *r, enum reply_kind kind)
{
	r->kind = kind;
}

void reply_set_title(struct reply *r, const char *title)
{
	char *copy = strdup(title);
	if (!copy) {
		r->failed = true;
		return;
	}
	free(r->title);
	r->title = copy;
}

/* Appends a copy of s to a growable array of strings. */
static void push_string(struct reply *r, char ***arr, size_t *n, const char *s)
{
	char *copy = strdup(s);
	char **grown = copy ? realloc(*arr, (*n + 1) * sizeof **arr) : NULL;
	if (!grown) {
		free(copy);
		r->failed = true;
		return;
	}
	grown[(*n)++] = copy;
	*arr = grown;
}

/* Formats into a fresh string and appends it like push_string(). */
static void push_vformat(struct reply *r, char ***arr, size_t *n, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void push_vformat(struct reply *r, char ***arr, size_t *n, const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0) {
		r->failed = true;
		return;
	}
	push_string(r, arr, n, s);
	free(s);
}

void reply_add_paragraph(struct reply *r, const char *text)
{
	push_string(r, &r->paragraphs, &r->n_paragraphs, text);
}

void reply_add_paragraphf(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push_vformat(r, &r->paragraphs, &r->n_paragraphs, fmt, ap);
	va_end(ap);
}

void reply_add_item(struct reply *r, const char *text)
{
	push_string(r, &r->items, &r->n_items, text);
}

void reply_add_itemf(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push_vformat(r, &r->items, &r->n_items, fmt, ap);
	va_end(ap);
}

void reply_add_citation(struct reply *r, const char *article, const char *label,
			int paragraph, int sentence, const char *text)
{
	for (size_t i = 0; i < r->n_citations; i++) {
		const struct reply_citation *c = &r->citations[i];
		if (c->paragraph == paragraph && c->sentence == sentence &&
		    strcmp(c->article, article) == 0)
			return;
	}
	struct reply_citation c = {
		.article = strdup(article),
		.label = strdup(label),
		.paragraph = paragraph,
		.sentence = sentence,
		.text = strdup(text),
	};
	struct reply_citation *grown = NULL;
	if (c.article && c.label && c.text)
		grown = realloc(r->citations, (r->n_citations + 1) * sizeof *grown);
	if (!grown) {
		free(c.article);
		free(c.label);
		free(c.text);
		r->failed = true;
		return;
	}
	grown[r->n_citations++] = c;
	r->citations = grown;
}

static void free_strings(char **arr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(arr[i]);
	free(arr);
}

void reply_free(struct reply *r)
{
	if (!r)
		return;
	free(r->title);
	free_strings(r->paragraphs, r->n_paragraphs);
	free_strings(r->items, r->n_items);
	for (size_t i = 0; i < r->n_citations; i++) {
		free(r->citations[i].article);
		free(r->citations[i].label);
		free(r->citations[i].text);
	}
	free(r->citations);
	*r = (struct reply){0};
}
