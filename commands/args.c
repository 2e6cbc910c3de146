#include "commands/args.h"

#include <string.h>

#include "common/error.h"

#define LQUOTE "\xE2\x80\x9C" /* “ */
#define RQUOTE "\xE2\x80\x9D" /* ” */

int args_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static const char *skip_space(const char *p)
{
	while (args_is_space((unsigned char)*p))
		p++;
	return p;
}

/* Reads a quoted run starting after the opening quote; returns the position
 * after the closing quote or NULL if the quote is never closed. */
static const char *read_quoted(const char *p, const char *close, struct strbuf *out)
{
	size_t close_len = strlen(close);
	for (;;) {
		if (!*p)
			return NULL;
		if (strncmp(p, close, close_len) == 0)
			return p + close_len;
		if (*p == '\\' && p[1]) {
			strbuf_putc(out, p[1]);
			p += 2;
			continue;
		}
		strbuf_putc(out, *p++);
	}
}

int args_next(const char **pos, struct strbuf *out)
{
	const char *p = skip_space(*pos);
	if (!*p) {
		*pos = p;
		return 0;
	}
	size_t start_len = out->len;
	bool word_start = true;
	while (*p && !args_is_space((unsigned char)*p)) {
		const char *close = NULL;
		size_t open_len = 1;
		if (word_start && (*p == '"' || *p == '\''))
			close = *p == '"' ? "\"" : "'";
		else if (word_start && strncmp(p, LQUOTE, 3) == 0) {
			close = RQUOTE;
			open_len = 3;
		}
		word_start = false;
		if (close) {
			const char *after = read_quoted(p + open_len, close, out);
			if (!after) {
				strbuf_truncate(out, start_len);
				return BB_EPARSE;
			}
			p = after;
			continue;
		}
		if (*p == '\\' && p[1]) {
			strbuf_putc(out, p[1]);
			p += 2;
			continue;
		}
		strbuf_putc(out, *p++);
	}
	strbuf_append(out, "", 1);
	if (strbuf_failed(out))
		return BB_ENOMEM;
	*pos = p;
	return 1;
}

const char *args_rest(const char *pos, size_t *len)
{
	const char *p = skip_space(pos);
	size_t n = strlen(p);
	while (n > 0 && args_is_space((unsigned char)p[n - 1]))
		n--;
	*len = n;
	return p;
}
