/* Test helper for the readings answer_question consults before its
 * search (knowledge/unanimity.h, claimant.h, startdate.h): each takes a
 * question's tokens and answers or declines with 1. */
#ifndef BB_TESTS_READING_H
#define BB_TESTS_READING_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

typedef int (*reading_fn)(const struct kb *kb, const struct tokens *q, struct answer *out);

/* Asks `q` of `read`. With want NULL, asserts it declines; else that it
 * answers with text that opens with `want` (the whole text, unless
 * `prefix`), citing one sentence, which holds `cite` unless that is
 * NULL. */
void expect_reading(reading_fn read, const struct kb *kb, const char *q, const char *want,
		    bool prefix, const char *cite);

#endif
