/* Splitting a command line into arguments, the way a chat user expects:
 * words separated by white space; "double", 'single' or “typographic”
 * quotes group words when they open a word (an apostrophe inside a word,
 * as in "what's", is just a letter); a backslash makes the next character
 * literal. */
#ifndef BB_ARGS_H
#define BB_ARGS_H

#include <stddef.h>

#include "common/strbuf.h"

/* Reads the next argument starting at *pos, appends its unquoted,
 * unescaped bytes plus a terminating NUL byte to `out`, and advances *pos
 * past it. Returns 1 if an argument was read, 0 at the end of the text
 * (only white space left), BB_EPARSE for an unterminated quote (*pos is
 * left unchanged) or BB_ENOMEM. */
int args_next(const char **pos, struct strbuf *out);

/* Returns the rest of the text at pos without leading and trailing white
 * space, as a pointer into pos and a length. */
const char *args_rest(const char *pos, size_t *len);

/* True if `c` is ASCII white space. */
int args_is_space(int c);

#endif
