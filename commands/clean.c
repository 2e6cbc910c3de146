#include "commands/clean.h"

#include <stdbool.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
	       c == '-' || c == '.' || c == '=' || c == '/';
}

/* Length of the run of digits at p. */
static size_t digits(const char *p)
{
	size_t n = 0;
	while (is_digit(p[n]))
		n++;
	return n;
}

/* Length of Discord markup at p ("<@123>", "<@!123>", "<@&123>", "<#123>",
 * "<:name:123>", "<a:name:123>", "<t:123>", "<t:123:R>"), or 0. */
static size_t discord_markup(const char *p)
{
	if (p[0] != '<')
		return 0;
	size_t i = 1;
	if (p[i] == '@') {
		i++;
		if (p[i] == '!' || p[i] == '&')
			i++;
	} else if (p[i] == '#') {
		i++;
	} else if (p[i] == ':' || (p[i] == 'a' && p[i + 1] == ':')) {
		i += p[i] == 'a' ? 2 : 1;
		size_t name = 0;
		while (is_name_char(p[i + name]) && p[i + name] != '.')
			name++;
		if (name == 0 || p[i + name] != ':')
			return 0;
		i += name + 1;
	} else if (p[i] == 't' && p[i + 1] == ':') {
		i += 2;
		size_t d = digits(p + i);
		if (d == 0)
			return 0;
		i += d;
		if (p[i] == ':' && p[i + 1] && p[i + 2] == '>')
			i += 2;
		return p[i] == '>' ? i + 1 : 0;
	} else {
		return 0;
	}
	size_t d = digits(p + i);
	return d > 0 && p[i + d] == '>' ? i + d + 1 : 0;
}

/* Length of a Matrix ID or alias at p ("@alice:example.org",
 * "#room:example.org:8448"), of "@everyone"/"@here", or 0. */
static size_t matrix_or_everyone(const char *p)
{
	if (p[0] != '@' && p[0] != '#')
		return 0;
	if (p[0] == '@' && (strncmp(p, "@everyone", 9) == 0 || strncmp(p, "@here", 5) == 0)) {
		size_t n = p[1] == 'e' ? 9 : 5;
		return is_name_char(p[n]) ? 0 : n;
	}
	size_t i = 1;
	while (is_name_char(p[i]))
		i++;
	if (i == 1 || p[i] != ':')
		return 0;
	size_t host = i + 1;
	while (is_name_char(p[host]) || p[host] == ':')
		host++;
	/* a server name has a dot ("example.org") or is "localhost" */
	bool dotted = memchr(p + i + 1, '.', host - i - 1) != NULL ||
		      strncmp(p + i + 1, "localhost", 9) == 0;
	while (host > i + 1 && (p[host - 1] == '.' || p[host - 1] == ':'))
		host--;  /* "@bob:example.org." ends a sentence */
	return dotted ? host : 0;
}

/* Length of a URL at p (to the next space or '>'), or 0. */
static size_t url(const char *p)
{
	size_t start = p[0] == '<' ? 1 : 0;
	if (strncmp(p + start, "http://", 7) != 0 && strncmp(p + start, "https://", 8) != 0 &&
	    strncmp(p + start, "www.", 4) != 0)
		return 0;
	size_t n = start;
	while (p[n] && !is_space(p[n]) && p[n] != '>')
		n++;
	return p[n] == '>' && start ? n + 1 : n;
}

void clean_question(const char *text, struct strbuf *out)
{
	size_t base = out->len;
	bool space = false;
	strbuf_append(out, "", 0);
	for (const char *p = text; *p;) {
		/* markup only where a word may start */
		bool at_start = p == text || is_space(p[-1]) || p[-1] == '(';
		size_t skip = discord_markup(p);
		if (!skip && at_start)
			skip = matrix_or_everyone(p);
		if (!skip && at_start)
			skip = url(p);
		if (skip) {
			p += skip;
			space = true;
			continue;
		}
		if (is_space(*p)) {
			space = true;
			p++;
			continue;
		}
		if (space && out->len > base)
			strbuf_putc(out, ' ');
		space = false;
		strbuf_putc(out, *p++);
	}
}
