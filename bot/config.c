#include "bot/config.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bot/digest/schedule.h"
#include "common/error.h"
#include "common/strdist.h"
#include "common/utf8.h"

#ifndef BRIEFBOT_KNOWLEDGE_DIR
#define BRIEFBOT_KNOWLEDGE_DIR "/usr/share/briefbot/knowledge"
#endif

#define MAX_LINE 8192             /* bytes in one line, without the newline */
#define MAX_FILE (1024 * 1024)    /* bytes in one file */
#define SHOWN_VALUE 40            /* bytes of a bad value quoted in a message */

/* ---- value checks named in config_keys.def ------------------------------ */

/* A check returns NULL when `v` (never empty) is acceptable, otherwise a
 * static message that never quotes `v` (it may be a secret). */
struct check {
	const char *what; /* valid values, for the example */
	const char *(*fn)(const char *v);
};

static bool is_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool has_control(const char *v)
{
	return utf8_has_control(v, strlen(v));
}

static bool has_space(const char *v)
{
	for (const char *p = v; *p; p++)
		if (isspace((unsigned char)*p))
			return true;
	return false;
}

static const char *fn_printable(const char *v)
{
	return has_control(v) ? "must not contain control characters" : NULL;
}

static const char *fn_no_space(const char *v)
{
	if (has_space(v))
		return "must not contain whitespace";
	return fn_printable(v);
}

/* Discord's tokens are three base64url parts joined by dots (about 70
 * characters); Spacebar and other compatible servers issue JWTs of 300
 * and more: any length up to the key's maximum, in token characters. */
static const char *fn_discord_token(const char *v)
{
	if (strncasecmp(v, "Bot ", 4) == 0)
		return "leave out the \"Bot \" prefix";
	const char *err = fn_no_space(v);
	if (err)
		return err;
	if (v[strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-+/=")])
		return "must be made of token characters (letters, digits and . _ - + / =)";
	return NULL;
}

static const char *fn_snowflake(const char *v)
{
	size_t n = strlen(v);
	/* 2^64 has 20 digits; ids are unsigned 64-bit. */
	if (!is_digits(v, n) || n > 20 || (n == 20 && strcmp(v, "18446744073709551615") > 0))
		return "must be a Discord id (digits only)";
	return NULL;
}

static const char *fn_mxid(const char *v)
{
	const char *colon = strchr(v, ':');
	if (v[0] != '@' || !colon || colon == v + 1 || colon[1] == '\0' || has_space(v) ||
	    has_control(v))
		return "must be a Matrix user id like @name:server.org";
	return NULL;
}

static const char *fn_room(const char *v)
{
	if (fn_snowflake(v) == NULL)
		return NULL;
	const char *colon = strchr(v, ':');
	if (v[0] == '!' && colon && colon > v + 1 && colon[1] != '\0' && !has_space(v) &&
	    !has_control(v))
		return NULL;
	return "must be a Discord channel id (digits) or a Matrix room id like !id:server.org";
}

static const char *fn_inviter(const char *v)
{
	if (v[0] == ':' && v[1] != '\0' && !has_space(v) && !has_control(v))
		return NULL;
	if (fn_mxid(v) == NULL)
		return NULL;
	return "must be a Matrix user id (@name:server.org) or a server suffix (:server.org)";
}

static const char *url_error(const char *v, const char *const schemes[2], const char *msg)
{
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(schemes[i]);
		if (strncmp(v, schemes[i], n) != 0)
			continue;
		if (v[n] == '\0' || v[n] == '/' || has_space(v) || has_control(v))
			return msg;
		if (v[strlen(v) - 1] == '/')
			return "must not end with '/'";
		return NULL;
	}
	return msg;
}

static const char *fn_http_url(const char *v)
{
	static const char *const schemes[2] = { "https://", "http://" };
	return url_error(v, schemes, "must be an http:// or https:// URL");
}

static const char *fn_ws_url(const char *v)
{
	static const char *const schemes[2] = { "wss://", "ws://" };
	return url_error(v, schemes, "must be a wss:// or ws:// URL");
}

bool config_parse_listen(const char *v, char *host, size_t host_size, int *port)
{
	const char *colon = strrchr(v, ':');
	if (!colon || colon == v || !colon[1] || !is_digits(colon + 1, strlen(colon + 1)) ||
	    strlen(colon + 1) > 5)
		return false;
	long p = strtol(colon + 1, NULL, 10);
	const char *h = v;
	size_t n = (size_t)(colon - v);
	if (h[0] == '[') { /* [v6]:port */
		if (n < 3 || h[n - 1] != ']')
			return false;
		h++;
		n -= 2;
	} else if (memchr(h, ':', n)) {
		return false; /* a bare IPv6 address needs brackets */
	}
	if (p > 65535 || n == 0 || n >= host_size)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)h[i]) && h[i] != '.' && h[i] != ':')
			return false;
	memcpy(host, h, n);
	host[n] = '\0';
	*port = (int)p;
	return true;
}

static const char *fn_listen(const char *v)
{
	char host[64];
	int port;
	return config_parse_listen(v, host, sizeof host, &port)
		       ? NULL
		       : "must be IP:PORT, as in 127.0.0.1:9464 or [::1]:9464";
}

/* Parses "N" or "N-M" (decimal, N <= M <= 16383) into first/last. */
static bool parse_shard_range(const char *v, long *first, long *last)
{
	const char *dash = strchr(v, '-');
	size_t n1 = dash ? (size_t)(dash - v) : strlen(v);
	if (!is_digits(v, n1) || n1 > 5)
		return false;
	*first = strtol(v, NULL, 10);
	*last = *first;
	if (dash) {
		size_t n2 = strlen(dash + 1);
		if (!is_digits(dash + 1, n2) || n2 > 5)
			return false;
		*last = strtol(dash + 1, NULL, 10);
	}
	return *first <= *last && *last <= 16383;
}

static const char *fn_shard_range(const char *v)
{
	long a, b;
	return parse_shard_range(v, &a, &b) ? NULL
					    : "must be a shard number or a range first-last, "
					      "like 0-3";
}

static const char *fn_commands_scope(const char *v)
{
	if (strcmp(v, "global") == 0 || fn_snowflake(v) == NULL)
		return NULL;
	return "must be global or a guild id (digits)";
}

static const char *fn_timezone(const char *v)
{
	if (v[0] == '/' || strstr(v, "..") || strstr(v, "//"))
		return "must be an IANA time zone name like UTC or Europe/Istanbul";
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return "must be an IANA time zone name like UTC or Europe/Istanbul";
	return NULL;
}

static const char *fn_clock_time(const char *v)
{
	if (strlen(v) != 5 || !is_digits(v, 2) || v[2] != ':' || !is_digits(v + 3, 2) ||
	    (v[0] - '0') * 10 + (v[1] - '0') > 23 || v[3] > '5')
		return "must be a time of day HH:MM, like 09:00";
	return NULL;
}

static const struct check check_none = { "text", NULL };
static const struct check check_printable = { "text", fn_printable };
static const struct check check_no_space = { "text without whitespace", fn_no_space };
static const struct check check_discord_token = { "token (letters, digits, . _ - + / =)",
						  fn_discord_token };
static const struct check check_snowflake = { "Discord id (digits)", fn_snowflake };
static const struct check check_mxid = { "Matrix user id (@name:server)", fn_mxid };
static const struct check check_room = {
	"Discord channel id or Matrix room id (!id:server)", fn_room
};
static const struct check check_inviter = { "Matrix user id or :server suffix", fn_inviter };
static const struct check check_http_url = { "http(s) URL", fn_http_url };
static const struct check check_ws_url = { "ws(s) URL", fn_ws_url };
static const struct check check_shard_range = { "shard number or range first-last",
						fn_shard_range };
static const struct check check_commands_scope = { "global or a guild id",
						   fn_commands_scope };
static const struct check check_timezone = { "IANA time zone name", fn_timezone };
static const struct check check_clock_time = { "time of day HH:MM", fn_clock_time };
static const struct check check_listen = { "address IP:PORT", fn_listen };

/* ---- the table ------------------------------------------------------------ */

struct key_def {
	const char *section;
	const char *name;
	enum config_type type;
	const char *def;
	long min, max;
	const char *allowed;
	const struct check *check;
	unsigned flags;
	const char *env;
	const char *example;
	const char *doc;
};

static const struct key_def keys[CONFIG_KEY_COUNT] = {
#define CONFIG_SECTION(name, doc)
#define CONFIG_KEY(id, sec, nm, ty, def, mn, mx, al, ck, fl, env, ex, doc) \
	[CONFIG_##id] = { sec, nm, CONFIG_T_##ty, def, mn, mx, al, &ck, fl, env, ex, doc },
#include "bot/config_keys.def"
#undef CONFIG_KEY
#undef CONFIG_SECTION
};

struct section_def {
	const char *name;
	const char *doc;
};

static const struct section_def sections[] = {
#define CONFIG_SECTION(name, doc) { name, doc },
#define CONFIG_KEY(...)
#include "bot/config_keys.def"
#undef CONFIG_KEY
#undef CONFIG_SECTION
};

#define N_SECTIONS (sizeof sections / sizeof sections[0])

/* ---- values --------------------------------------------------------------- */

struct value {
	char *s;       /* STR, ENUM */
	long i;        /* INT */
	bool b;        /* BOOL */
	char **items;  /* LIST */
	size_t n;
	int *item_lines; /* CONFIG_F_REPEAT: the line of each item, or NULL */
	enum config_origin origin;
	char *file;    /* CONFIG_FROM_FILE: the file's name */
	int line;      /* CONFIG_FROM_FILE: the line */
};

struct config {
	struct value v[CONFIG_KEY_COUNT];
	/* the last loaded file that holds a secret and that group or others
	 * may read (NULL: none): its name, mode and the first such key */
	char *loose_file;
	unsigned loose_mode;
	int loose_key;
};

static void value_clear(struct value *v)
{
	free(v->s);
	for (size_t i = 0; i < v->n; i++)
		free(v->items[i]);
	free(v->items);
	free(v->item_lines);
	free(v->file);
	memset(v, 0, sizeof *v);
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		value_clear(&cfg->v[k]);
	free(cfg->loose_file);
	free(cfg);
}

/* Appends `v` to msg quoted and shortened, or nothing for a secret key. */
static void show_value(struct strbuf *msg, const struct key_def *k, const char *v)
{
	if (k->flags & CONFIG_F_SECRET)
		return;
	size_t n = utf8_cut(v, strlen(v), SHOWN_VALUE);
	strbuf_putc(msg, '\'');
	for (size_t i = 0; i < n; i++)
		strbuf_putc(msg, (unsigned char)v[i] < 0x20 ? '?' : v[i]);
	strbuf_puts(msg, v[n] ? "...' " : "' ");
}

static size_t char_count(const char *s)
{
	return utf8_count(s, strlen(s));
}

/* Checks one string (or list item) against the key's length and check.
 * Returns 0, or BB_EINVAL with the reason appended to msg. */
static int check_text(const struct key_def *k, const char *v, struct strbuf *msg)
{
	size_t n = char_count(v);
	const char *why = NULL;
	if (n > 0 && k->check->fn)
		why = k->check->fn(v);
	if (!why && ((long)n < k->min || (k->max > 0 && (long)n > k->max))) {
		if (k->min == k->max)
			strbuf_printf(msg, "must be %ld characters long", k->min);
		else if (k->max > 0)
			strbuf_printf(msg, "must be %ld to %ld characters long", k->min, k->max);
		else
			strbuf_printf(msg, "must be at least %ld characters long", k->min);
		return BB_EINVAL;
	}
	if (why) {
		strbuf_puts(msg, why);
		return BB_EINVAL;
	}
	return 0;
}

static void trim(char **s, char **end)
{
	while (*s < *end && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*end > *s && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
		(*end)--;
}

static int parse_list(const struct key_def *k, const char *text, struct value *out,
		      struct strbuf *msg)
{
	if (k->flags & CONFIG_F_REPEAT) {
		/* One item per line; an empty value is an empty list. */
		if (!*text)
			return 0;
		show_value(msg, k, text);
		if (check_text(k, text, msg) < 0)
			return BB_EINVAL;
		out->items = calloc(1, sizeof *out->items);
		if (!out->items || !(out->items[0] = strdup(text)))
			return BB_ENOMEM;
		out->n = 1;
		return 0;
	}
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == ',';
	int rc = 0;
	size_t n = 0;
	char *copy = strdup(text);
	char **items = calloc(cap, sizeof *items);
	if (!copy || !items) {
		rc = BB_ENOMEM;
		goto out;
	}
	char *s = copy, *all_end = copy + strlen(copy);
	trim(&s, &all_end);
	*all_end = '\0';
	while (*s) {
		char *comma = strchr(s, ',');
		char *b = s, *end = comma ? comma : s + strlen(s);
		trim(&b, &end);
		*end = '\0';
		size_t mark = msg->len;
		strbuf_printf(msg, "item %zu ", n + 1);
		if (*b == '\0') {
			strbuf_puts(msg, "is empty (a stray comma?)");
			rc = BB_EINVAL;
			goto out;
		}
		show_value(msg, k, b);
		if (check_text(k, b, msg) < 0) {
			rc = BB_EINVAL;
			goto out;
		}
		strbuf_truncate(msg, mark);
		items[n] = strdup(b);
		if (!items[n]) {
			rc = BB_ENOMEM;
			goto out;
		}
		n++;
		if (!comma)
			break;
		s = comma + 1;
		if (*s == '\0') {
			strbuf_printf(msg, "item %zu is empty (a stray comma?)", n + 1);
			rc = BB_EINVAL;
			goto out;
		}
	}
	out->items = items;
	out->n = n;
	items = NULL;
out:
	if (items) {
		for (size_t i = 0; i < n; i++)
			free(items[i]);
		free(items);
	}
	free(copy);
	return rc;
}

static const char *const true_words[] = { "true", "yes", "on" };
static const char *const false_words[] = { "false", "no", "off" };

/* Parses `text` as key k's type into *out (zeroed by the caller). Returns 0,
 * BB_EINVAL with a reason in msg, or BB_ENOMEM. */
static int parse_value(const struct key_def *k, const char *text, struct value *out,
		       struct strbuf *msg)
{
	switch (k->type) {
	case CONFIG_T_STR:
		if (*text)
			show_value(msg, k, text);
		if (check_text(k, text, msg) < 0)
			return BB_EINVAL;
		out->s = strdup(text);
		return out->s ? 0 : BB_ENOMEM;
	case CONFIG_T_ENUM: {
		size_t n = strlen(text);
		for (const char *a = k->allowed; *a;) {
			size_t len = strcspn(a, "|");
			if (len == n && strncasecmp(a, text, n) == 0) {
				out->s = strndup(a, len);
				return out->s ? 0 : BB_ENOMEM;
			}
			a += len + (a[len] == '|');
		}
		show_value(msg, k, text);
		strbuf_puts(msg, "must be one of ");
		for (const char *a = k->allowed; *a; a++) {
			if (*a == '|')
				strbuf_puts(msg, ", ");
			else
				strbuf_putc(msg, *a);
		}
		return BB_EINVAL;
	}
	case CONFIG_T_INT: {
		if ((k->flags & CONFIG_F_AUTO) && strcasecmp(text, "auto") == 0) {
			out->i = 0;
			return 0;
		}
		char *end = NULL;
		errno = 0;
		long v = strtol(text, &end, 10);
		if (end == text || *end != '\0' || isspace((unsigned char)text[0])) {
			show_value(msg, k, text);
			strbuf_puts(msg, (k->flags & CONFIG_F_AUTO) ? "is not an integer or auto"
								    : "is not an integer");
			return BB_EINVAL;
		}
		if (errno == ERANGE || v < k->min || v > k->max) {
			show_value(msg, k, text);
			strbuf_printf(msg, "is out of range (%ld to %ld)", k->min, k->max);
			return BB_EINVAL;
		}
		out->i = v;
		return 0;
	}
	case CONFIG_T_BOOL:
		for (size_t i = 0; i < 3; i++) {
			if (strcasecmp(text, true_words[i]) == 0 ||
			    strcasecmp(text, false_words[i]) == 0) {
				out->b = strcasecmp(text, true_words[i]) == 0;
				return 0;
			}
		}
		show_value(msg, k, text);
		strbuf_puts(msg, "is not a boolean (true/false, yes/no, on/off)");
		return BB_EINVAL;
	case CONFIG_T_LIST:
		return parse_list(k, text, out, msg);
	}
	return BB_EINVAL;
}

/* Sets key `key` from `text`. Returns 0, BB_EINVAL with a reason in msg (the old
 * value stays), or BB_ENOMEM. */
static int set_value(struct config *cfg, int key, const char *text, enum config_origin origin,
		     const char *file, int line, struct strbuf *msg)
{
	struct value nv = { 0 };
	int rc = parse_value(&keys[key], text, &nv, msg);
	if (rc == 0 && file) {
		nv.file = strdup(file);
		if (!nv.file)
			rc = BB_ENOMEM;
	}
	if (rc != 0) {
		value_clear(&nv);
		return rc;
	}
	nv.origin = origin;
	nv.line = line;
	value_clear(&cfg->v[key]);
	cfg->v[key] = nv;
	return 0;
}

struct config *config_new_defaults(void)
{
	struct config *cfg = calloc(1, sizeof *cfg);
	if (!cfg)
		return NULL;
	struct strbuf msg = { 0 };
	for (int k = 0; k < CONFIG_KEY_COUNT; k++) {
		/* A default that fails its own key's rules is a bug in the
		 * table; test_config catches it. */
		if (set_value(cfg, k, keys[k].def, CONFIG_FROM_DEFAULT, NULL, 0, &msg) != 0) {
			config_free(cfg);
			cfg = NULL;
			break;
		}
	}
	strbuf_free(&msg);
	return cfg;
}

/* ---- lookup and suggestions ---------------------------------------------- */

static int find_section(const char *name)
{
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (strcmp(sections[i].name, name) == 0)
			return (int)i;
	return -1;
}

int config_find_key(const char *section, const char *name)
{
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		if (strcmp(keys[k].section, section) == 0 && strcmp(keys[k].name, name) == 0)
			return k;
	return -1;
}

/* The most distance a suggestion may have from a name of length n. */
static int close_enough(size_t n)
{
	return n <= 4 ? 1 : n <= 10 ? 2 : 3;
}

static const char *suggest_section(const char *name)
{
	const char *best = NULL;
	int bestd = close_enough(strlen(name)) + 1;
	for (size_t i = 0; i < N_SECTIONS; i++) {
		int d = strdist(name, sections[i].name);
		if (d < bestd) {
			bestd = d;
			best = sections[i].name;
		}
	}
	return best;
}

static const char *suggest_key(const char *section, const char *name)
{
	const char *best = NULL;
	int bestd = close_enough(strlen(name)) + 1;
	for (int k = 0; k < CONFIG_KEY_COUNT; k++) {
		if (strcmp(keys[k].section, section) != 0)
			continue;
		int d = strdist(name, keys[k].name);
		if (d < bestd) {
			bestd = d;
			best = keys[k].name;
		}
	}
	return best;
}

/* ---- parsing -------------------------------------------------------------- */

struct load {
	struct config *cfg;
	const char *name;
	struct strbuf *errors;
	int count;
	int first_line[CONFIG_KEY_COUNT]; /* where each key was set in this file */
};

static void report(struct load *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct load *ld, int line, const char *fmt, ...)
{
	ld->count++;
	if (!ld->errors)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	strbuf_printf(ld->errors, "%s:%d: %s\n", ld->name, line, msg);
}

/* True if the rest of the line, from p, is blank or a comment. */
static bool only_comment(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '\0' || *p == '#';
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

/* Parses "[name]". Returns the section index, -1 for an unknown section,
 * -2 for a malformed header (reported). */
static int parse_section(struct load *ld, int line, char *s)
{
	char *close = strchr(s, ']');
	if (!close) {
		report(ld, line, "missing ']' in section header");
		return -2;
	}
	if (!only_comment(close + 1)) {
		report(ld, line, "unexpected text after section header");
		return -2;
	}
	char *name = s + 1;
	trim(&name, &close);
	*close = '\0';
	if (!valid_name(name)) {
		report(ld, line, "malformed section name");
		return -2;
	}
	int sec = find_section(name);
	if (sec < 0) {
		const char *hint = suggest_section(name);
		if (hint)
			report(ld, line, "unknown section [%s] (did you mean [%s]?)", name, hint);
		else
			report(ld, line, "unknown section [%s]", name);
	}
	return sec;
}

/* Reads the value after '=' into a fresh string: unquotes "..." and drops a
 * trailing comment. Returns NULL after reporting a problem (or on ENOMEM,
 * setting *nomem). */
static char *parse_raw_value(struct load *ld, int line, char *s, bool *nomem)
{
	while (*s == ' ' || *s == '\t')
		s++;
	struct strbuf out = { 0 };
	if (*s == '"') {
		char *p = s + 1;
		for (; *p && *p != '"'; p++) {
			if (*p == '\\') {
				p++;
				if (*p == '\0') {
					report(ld, line, "unterminated quoted value");
					goto fail;
				}
				if (*p != '"' && *p != '\\') {
					report(ld, line, "unknown escape '\\%c' in quoted value "
							 "(only \\\" and \\\\)",
					       isprint((unsigned char)*p) ? *p : '?');
					goto fail;
				}
			}
			strbuf_putc(&out, *p);
		}
		if (*p != '"') {
			report(ld, line, "unterminated quoted value");
			goto fail;
		}
		if (!only_comment(p + 1)) {
			report(ld, line, "unexpected text after the closing quote");
			goto fail;
		}
	} else {
		char *end = s;
		while (*end && !(*end == '#' && (end == s || end[-1] == ' ' || end[-1] == '\t')))
			end++;
		trim(&s, &end);
		strbuf_append(&out, s, (size_t)(end - s));
	}
	char *v = strbuf_steal(&out);
	if (!v)
		*nomem = true;
	return v;
fail:
	strbuf_free(&out);
	return NULL;
}

/* A repeated key's first line: every item so far came from it. */
static int note_item_lines(struct value *v, int line)
{
	if (v->n == 0)
		return 0;
	v->item_lines = calloc(v->n, sizeof *v->item_lines);
	if (!v->item_lines)
		return BB_ENOMEM;
	for (size_t i = 0; i < v->n; i++)
		v->item_lines[i] = line;
	return 0;
}

/* One more line of a repeated key: its item joins the list. Returns 0,
 * BB_EINVAL with a reason in msg, or BB_ENOMEM. */
static int append_item(struct config *cfg, int key, const char *text, int line,
		       struct strbuf *msg)
{
	struct value nv = { 0 };
	int rc = parse_value(&keys[key], text, &nv, msg);
	if (rc != 0 || nv.n == 0) {
		value_clear(&nv);
		return rc;
	}
	struct value *v = &cfg->v[key];
	char **items = realloc(v->items, (v->n + 1) * sizeof *items);
	if (items)
		v->items = items;
	int *lines = items ? realloc(v->item_lines, (v->n + 1) * sizeof *lines) : NULL;
	if (!lines) {
		value_clear(&nv);
		return BB_ENOMEM;
	}
	v->item_lines = lines;
	v->items[v->n] = nv.items[0];
	v->item_lines[v->n] = line;
	v->n++;
	nv.items[0] = NULL;
	nv.n = 0;
	value_clear(&nv);
	return 0;
}

/* Handles one "key = value" line inside section `sec`. Returns 0 or
 * BB_ENOMEM. */
static int parse_assignment(struct load *ld, int line, char *s, int sec)
{
	char *eq = strchr(s, '=');
	if (!eq) {
		report(ld, line, "expected 'key = value' (no '=' found)");
		return 0;
	}
	char *name = s, *name_end = eq;
	trim(&name, &name_end);
	*name_end = '\0';
	if (!*name) {
		report(ld, line, "missing key name before '='");
		return 0;
	}
	if (!valid_name(name)) {
		report(ld, line, "malformed key name (letters, digits, _ - . only)");
		return 0;
	}
	if (sec == -3) {
		report(ld, line, "key '%s' comes before any [section]", name);
		return 0;
	}
	if (sec < 0)
		return 0; /* inside an unknown or broken section: reported once */
	const char *section = sections[sec].name;
	int key = config_find_key(section, name);
	if (key < 0) {
		const char *hint = suggest_key(section, name);
		int elsewhere = -1;
		for (size_t i = 0; i < N_SECTIONS && elsewhere < 0 && !hint; i++)
			if (config_find_key(sections[i].name, name) >= 0)
				elsewhere = (int)i;
		if (hint)
			report(ld, line, "unknown key '%s' in [%s] (did you mean '%s'?)", name,
			       section, hint);
		else if (elsewhere >= 0)
			report(ld, line, "unknown key '%s' in [%s] (it belongs in [%s])", name,
			       section, sections[elsewhere].name);
		else
			report(ld, line, "unknown key '%s' in [%s]", name, section);
		return 0;
	}
	bool append = ld->first_line[key] && (keys[key].flags & CONFIG_F_REPEAT);
	if (ld->first_line[key] && !append) {
		report(ld, line, "duplicate key '%s' in [%s] (first set on line %d)", name,
		       section, ld->first_line[key]);
		return 0;
	}
	if (!append)
		ld->first_line[key] = line;
	bool nomem = false;
	char *raw = parse_raw_value(ld, line, eq + 1, &nomem);
	if (!raw)
		return nomem ? BB_ENOMEM : 0;
	struct strbuf msg = { 0 };
	int rc = append ? append_item(ld->cfg, key, raw, line, &msg)
			: set_value(ld->cfg, key, raw, CONFIG_FROM_FILE, ld->name, line, &msg);
	if (rc == 0 && (keys[key].flags & CONFIG_F_REPEAT) && !append)
		rc = note_item_lines(&ld->cfg->v[key], line);
	if (rc == BB_EINVAL) {
		report(ld, line, "[%s] %s: %s", section, name, strbuf_str(&msg));
		rc = 0;
	}
	strbuf_free(&msg);
	free(raw);
	return rc;
}

static int load_buffer(struct config *cfg, const char *name, const char *data, size_t len,
		       struct strbuf *errors, int *count)
{
	struct load *ld = calloc(1, sizeof *ld);
	char *buf = malloc(MAX_LINE + 1);
	int rc = 0;
	if (!ld || !buf) {
		rc = BB_ENOMEM;
		goto out;
	}
	ld->cfg = cfg;
	ld->name = name;
	ld->errors = errors;
	int sec = -3; /* -3: none yet, -2: broken header, -1: unknown */
	int line = 0;
	size_t pos = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3; /* a UTF-8 byte order mark */
	while (pos < len && rc == 0) {
		line++;
		const char *start = data + pos;
		const char *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;
		pos += n + (nl != NULL);
		if (n > 0 && start[n - 1] == '\r')
			n--;
		if (n > MAX_LINE) {
			report(ld, line, "line is longer than %d bytes", MAX_LINE);
			continue;
		}
		if (memchr(start, '\0', n)) {
			report(ld, line, "line contains a NUL byte");
			continue;
		}
		if (!utf8_valid(start, n)) {
			report(ld, line, "line is not valid UTF-8");
			continue;
		}
		memcpy(buf, start, n);
		buf[n] = '\0';
		char *s = buf;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[')
			sec = parse_section(ld, line, s);
		else
			rc = parse_assignment(ld, line, s, sec);
	}
	if (rc == 0 && ld->count > 0)
		rc = BB_EPARSE;
out:
	if (count)
		*count = ld ? ld->count : 0;
	free(buf);
	free(ld);
	return rc;
}

int config_load_buffer(struct config *cfg, const char *name, const char *data, size_t len,
		       struct strbuf *errors)
{
	return load_buffer(cfg, name, data, len, errors, NULL);
}

/* Remembers `path` (open as fd) when a secret key came from it and group
 * or others may read it. */
static void note_loose_secret(struct config *cfg, const char *path, int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !(st.st_mode & (S_IRWXG | S_IRWXO)))
		return;
	for (int k = 0; k < CONFIG_KEY_COUNT; k++) {
		const struct value *v = &cfg->v[k];
		if (!(keys[k].flags & CONFIG_F_SECRET) || v->origin != CONFIG_FROM_FILE ||
		    !v->s || !*v->s || !v->file || strcmp(v->file, path) != 0)
			continue;
		char *copy = strdup(path);
		if (!copy)
			return;
		free(cfg->loose_file);
		cfg->loose_file = copy;
		cfg->loose_mode = (unsigned)(st.st_mode & 07777);
		cfg->loose_key = k;
		return;
	}
}

void config_warnings(const struct config *cfg, struct strbuf *out)
{
	if (!cfg || !cfg->loose_file)
		return;
	strbuf_printf(out,
		      "%s: warning: the file holds a secret ([%s] %s) and group or others may "
		      "read it (mode %04o); make it private: chmod 600 %s\n",
		      cfg->loose_file, keys[cfg->loose_key].section, keys[cfg->loose_key].name,
		      cfg->loose_mode, cfg->loose_file);
}

static int load_file(struct config *cfg, const char *path, struct strbuf *errors, int *count)
{
	int rc = 0;
	char *data = NULL;
	FILE *f = fopen(path, "rb");
	if (count)
		*count = 1;
	if (!f) {
		if (errors)
			strbuf_printf(errors, "%s: cannot read: %s\n", path, strerror(errno));
		rc = BB_EIO;
		goto out;
	}
	data = malloc(MAX_FILE + 1);
	if (!data) {
		rc = BB_ENOMEM;
		goto out;
	}
	size_t len = fread(data, 1, MAX_FILE + 1, f);
	if (ferror(f)) {
		if (errors)
			strbuf_printf(errors, "%s: cannot read: %s\n", path, strerror(errno));
		rc = BB_EIO;
		goto out;
	}
	if (len > MAX_FILE) {
		if (errors)
			strbuf_printf(errors, "%s: file is larger than %d bytes\n", path,
				      MAX_FILE);
		rc = BB_ETOOBIG;
		goto out;
	}
	rc = load_buffer(cfg, path, data, len, errors, count);
	note_loose_secret(cfg, path, fileno(f));
out:
	free(data);
	if (f)
		fclose(f);
	return rc;
}

int config_load_file(struct config *cfg, const char *path, struct strbuf *errors)
{
	return load_file(cfg, path, errors, NULL);
}

/* ---- environment ------------------------------------------------------------ */

const char *config_envp_lookup(void *user, const char *name)
{
	char *const *envp = user;
	size_t n = strlen(name);
	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

static int apply_env(struct config *cfg, config_lookup_fn lookup, void *user,
		     struct strbuf *errors, int *count)
{
	int rc = 0;
	for (int k = 0; k < CONFIG_KEY_COUNT; k++) {
		if (!keys[k].env)
			continue;
		const char *v = lookup(user, keys[k].env);
		if (!v || !*v)
			continue;
		struct strbuf msg = { 0 };
		int r = set_value(cfg, k, v, CONFIG_FROM_ENV, NULL, 0, &msg);
		if (r == BB_EINVAL && errors)
			strbuf_printf(errors, "environment %s: [%s] %s: %s\n", keys[k].env,
				      keys[k].section, keys[k].name, strbuf_str(&msg));
		strbuf_free(&msg);
		if (r == BB_ENOMEM)
			return BB_ENOMEM;
		if (r != 0) {
			(*count)++;
			rc = BB_EPARSE;
		}
	}
	return rc;
}

int config_apply_env(struct config *cfg, config_lookup_fn lookup, void *user,
		     struct strbuf *errors)
{
	int count = 0;
	return apply_env(cfg, lookup, user, errors, &count);
}

/* ---- getters ------------------------------------------------------------------ */

static const struct value *get(const struct config *cfg, enum config_key key,
			       enum config_type t1, enum config_type t2)
{
	bool ok = cfg && key >= 0 && key < CONFIG_KEY_COUNT &&
		  (keys[key].type == t1 || keys[key].type == t2);
	assert(ok && "config getter used on a key of another type");
	if (!ok)
		abort();
	return &cfg->v[key];
}

const char *config_str(const struct config *cfg, enum config_key key)
{
	return get(cfg, key, CONFIG_T_STR, CONFIG_T_ENUM)->s;
}

long config_int(const struct config *cfg, enum config_key key)
{
	return get(cfg, key, CONFIG_T_INT, CONFIG_T_INT)->i;
}

bool config_bool(const struct config *cfg, enum config_key key)
{
	return get(cfg, key, CONFIG_T_BOOL, CONFIG_T_BOOL)->b;
}

size_t config_list(const struct config *cfg, enum config_key key, const char *const **items)
{
	const struct value *v = get(cfg, key, CONFIG_T_LIST, CONFIG_T_LIST);
	if (items)
		*items = (const char *const *)v->items;
	return v->n;
}

bool config_list_has(const struct config *cfg, enum config_key key, const char *item)
{
	const char *const *items;
	size_t n = config_list(cfg, key, &items);
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i], item) == 0)
			return true;
	return false;
}

bool config_equal(const struct config *a, const struct config *b, enum config_key key)
{
	const struct value *x = &a->v[key], *y = &b->v[key];
	switch (keys[key].type) {
	case CONFIG_T_STR:
	case CONFIG_T_ENUM:
		return strcmp(x->s, y->s) == 0;
	case CONFIG_T_INT:
		return x->i == y->i;
	case CONFIG_T_BOOL:
		return x->b == y->b;
	case CONFIG_T_LIST:
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++)
			if (strcmp(x->items[i], y->items[i]) != 0)
				return false;
		return true;
	}
	return false;
}

enum config_origin config_origin(const struct config *cfg, enum config_key key)
{
	return cfg->v[key].origin;
}

const char *config_key_section(enum config_key key)
{
	return keys[key].section;
}

const char *config_key_name(enum config_key key)
{
	return keys[key].name;
}

enum config_type config_key_type(enum config_key key)
{
	return keys[key].type;
}

unsigned config_key_flags(enum config_key key)
{
	return keys[key].flags;
}

int config_discord_shards(const struct config *cfg, long *first, long *last)
{
	long count = config_int(cfg, CONFIG_DISCORD_SHARD_COUNT);
	if (count == 0) {
		*first = 0;
		*last = 0;
		return 1;
	}
	const char *range = config_str(cfg, CONFIG_DISCORD_SHARDS);
	if (!*range || !parse_shard_range(range, first, last)) {
		*first = config_int(cfg, CONFIG_DISCORD_SHARD_ID);
		*last = *first;
	}
	return 0;
}

/* ---- validation ------------------------------------------------------------------ */

/* Appends one problem caused by `key`, prefixed with where it was set. */
static void problem(const struct config *cfg, struct strbuf *errors, int *count,
		    enum config_key key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void problem(const struct config *cfg, struct strbuf *errors, int *count,
		    enum config_key key, const char *fmt, ...)
{
	(*count)++;
	if (!errors)
		return;
	const struct value *v = &cfg->v[key];
	if (v->origin == CONFIG_FROM_FILE)
		strbuf_printf(errors, "%s:%d: ", v->file, v->line);
	else if (v->origin == CONFIG_FROM_ENV)
		strbuf_printf(errors, "environment %s: ", keys[key].env);
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	strbuf_printf(errors, "%s\n", msg);
}

int config_subscription_split(const char *line, struct config_subscription *out,
			      struct strbuf *err)
{
	static const char *const platforms[] = { "discord", "matrix", "console" };
	const char *colon = strchr(line, ':');
	size_t word = strcspn(line, " \t");
	if (!colon || (size_t)(colon - line) > word) {
		strbuf_puts(err, "must start with PLATFORM:ROOM, like "
			    "discord:123456789012345678 daily 08:00 Europe/London");
		return BB_EINVAL;
	}
	size_t plen = (size_t)(colon - line);
	bool known = false;
	for (size_t i = 0; i < 3; i++)
		known = known || (strlen(platforms[i]) == plen && strncmp(line, platforms[i], plen) == 0);
	if (!known) {
		strbuf_puts(err, "the platform must be discord:, matrix: or console:");
		return BB_EINVAL;
	}
	const char *room = colon + 1;
	size_t rlen = (size_t)(line + word - room);
	if (rlen == 0) {
		strbuf_puts(err, "names no room after the platform (discord:CHANNEL_ID or "
			    "matrix:!room:server)");
		return BB_EINVAL;
	}
	const char *spec = line + word;
	while (*spec == ' ' || *spec == '\t')
		spec++;
	*out = (struct config_subscription){ line, plen, room, rlen, spec };
	return 0;
}

/* Checks every [digest] subscription line: platform, room and schedule. */
static void validate_subscriptions(const struct config *cfg, struct strbuf *errors, int *n)
{
	const struct value *v = &cfg->v[CONFIG_DIGEST_SUBSCRIPTION];
	const struct schedule_defaults d = {
		.when = "daily",
		.time = config_str(cfg, CONFIG_DIGEST_DEFAULT_TIME),
		.tz = config_str(cfg, CONFIG_DIGEST_DEFAULT_TIMEZONE),
	};
	struct tz_cache *zones = tz_cache_new(config_str(cfg, CONFIG_DIGEST_ZONEINFO_DIR));
	for (size_t i = 0; i < v->n; i++) {
		struct strbuf err = { 0 };
		struct config_subscription cs;
		struct schedule *sc = NULL;
		if (config_subscription_split(v->items[i], &cs, &err) == 0 &&
		    schedule_parse_cached(cs.spec, &d, zones, &sc, &err) == 0) {
			schedule_free(sc);
			strbuf_free(&err);
			continue;
		}
		(*n)++;
		if (v->origin == CONFIG_FROM_FILE && v->item_lines)
			strbuf_printf(errors, "%s:%d: ", v->file, v->item_lines[i]);
		strbuf_printf(errors, "[digest] subscription '%s': %s\n", v->items[i],
			      strbuf_str(&err));
		strbuf_free(&err);
	}
	tz_cache_free(zones);
}

static int validate(const struct config *cfg, struct strbuf *errors)
{
	int n = 0;
	if (config_bool(cfg, CONFIG_DISCORD_ENABLED)) {
		if (!*config_str(cfg, CONFIG_DISCORD_TOKEN))
			problem(cfg, errors, &n, CONFIG_DISCORD_ENABLED,
				"[discord] is enabled but has no token "
				"(set [discord] token or DISCORD_TOKEN)");
	}
	if (config_bool(cfg, CONFIG_MATRIX_ENABLED)) {
		if (!*config_str(cfg, CONFIG_MATRIX_HOMESERVER))
			problem(cfg, errors, &n, CONFIG_MATRIX_ENABLED,
				"[matrix] is enabled but has no homeserver");
		if (!*config_str(cfg, CONFIG_MATRIX_USER_ID))
			problem(cfg, errors, &n, CONFIG_MATRIX_ENABLED,
				"[matrix] is enabled but has no user_id");
		if (!*config_str(cfg, CONFIG_MATRIX_PASSWORD) &&
		    !*config_str(cfg, CONFIG_MATRIX_ACCESS_TOKEN))
			problem(cfg, errors, &n, CONFIG_MATRIX_ENABLED,
				"[matrix] is enabled but has neither password nor access_token "
				"(or MATRIX_PASSWORD / MATRIX_ACCESS_TOKEN)");
		/* Without a key the bot could neither read encrypted rooms nor say
		 * so honestly; the "cannot read" notice is for encryption = false. */
		if (config_bool(cfg, CONFIG_MATRIX_ENCRYPTION) &&
		    !*config_str(cfg, CONFIG_MATRIX_PICKLE_KEY))
			problem(cfg, errors, &n,
				config_origin(cfg, CONFIG_MATRIX_ENCRYPTION) == CONFIG_FROM_DEFAULT
					? CONFIG_MATRIX_ENABLED : CONFIG_MATRIX_ENCRYPTION,
				"[matrix] encryption is on but no pickle_key is set: set "
				"[matrix] pickle_key or MATRIX_PICKLE_KEY to a random secret "
				"(e.g. head -c 32 /dev/urandom | base64), or set encryption = "
				"false to post a notice in encrypted rooms instead");
	}
	long count = config_int(cfg, CONFIG_DISCORD_SHARD_COUNT);
	long id = config_int(cfg, CONFIG_DISCORD_SHARD_ID);
	const char *range = config_str(cfg, CONFIG_DISCORD_SHARDS);
	long first = 0, last = 0;
	bool has_range = *range && parse_shard_range(range, &first, &last);
	bool id_set = config_origin(cfg, CONFIG_DISCORD_SHARD_ID) != CONFIG_FROM_DEFAULT;
	if (count == 0 && (id != 0 || has_range))
		problem(cfg, errors, &n, has_range ? CONFIG_DISCORD_SHARDS : CONFIG_DISCORD_SHARD_ID,
			"[discord] %s needs a fixed shard_count (auto runs every shard in "
			"this process)",
			has_range ? "shards" : "shard_id");
	if (has_range && id_set)
		problem(cfg, errors, &n, CONFIG_DISCORD_SHARDS,
			"[discord] set shard_id or shards, not both");
	if (count > 0 && !has_range && id >= count)
		problem(cfg, errors, &n, CONFIG_DISCORD_SHARD_ID,
			"[discord] shard_id %ld must be below shard_count %ld", id, count);
	if (count > 0 && has_range && last >= count)
		problem(cfg, errors, &n, CONFIG_DISCORD_SHARDS,
			"[discord] shards %s must be below shard_count %ld", range, count);
	const char *const *deny;
	size_t ndeny = config_list(cfg, CONFIG_PERMISSIONS_DENY_ROOMS, &deny);
	for (size_t i = 0; i < ndeny; i++)
		if (config_list_has(cfg, CONFIG_PERMISSIONS_ALLOW_ROOMS, deny[i]))
			problem(cfg, errors, &n, CONFIG_PERMISSIONS_DENY_ROOMS,
				"[permissions] room %s is in both allow_rooms and deny_rooms",
				deny[i]);
	validate_subscriptions(cfg, errors, &n);
	return n;
}

int config_validate(const struct config *cfg, struct strbuf *errors)
{
	return validate(cfg, errors) ? BB_EINVAL : 0;
}

int config_check_file(const char *path, config_lookup_fn lookup, void *user, FILE *out)
{
	struct strbuf errors = { 0 };
	int count = 0, rc = 0;
	struct config *cfg = config_new_defaults();
	if (!cfg) {
		fprintf(out, "%s: %s\n", path, bb_strerror(BB_ENOMEM));
		count = 1;
		goto out;
	}
	rc = load_file(cfg, path, &errors, &count);
	if (rc == BB_ENOMEM || rc == BB_EIO || rc == BB_ETOOBIG)
		goto print;
	if (lookup && apply_env(cfg, lookup, user, &errors, &count) == BB_ENOMEM)
		rc = BB_ENOMEM;
	/* Cross-field checks only make sense once every line parsed. */
	if (count == 0)
		count = validate(cfg, &errors);
print:
	config_warnings(cfg, &errors); /* warnings are not problems: not counted */
	fputs(strbuf_str(&errors), out);
	if (strbuf_failed(&errors) || rc == BB_ENOMEM) {
		fprintf(out, "%s: %s\n", path, bb_strerror(BB_ENOMEM));
		count = count ? count : 1;
	}
out:
	strbuf_free(&errors);
	config_free(cfg);
	return count;
}

/* ---- writing ----------------------------------------------------------------- */

/* Writes v as a value the parser reads back as v: quoted when it has to be. */
static void put_value(FILE *out, const char *v)
{
	bool quote = *v && (v[0] == ' ' || v[0] == '"' || v[0] == '#' ||
			    v[strlen(v) - 1] == ' ' || strstr(v, " #") || strstr(v, "\t#"));
	if (!quote) {
		fputs(v, out);
		return;
	}
	fputc('"', out);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

static void put_type(FILE *out, const struct key_def *k)
{
	switch (k->type) {
	case CONFIG_T_STR:
		fputs(k->check->what, out);
		if (k->min == k->max)
			fprintf(out, ", %ld characters", k->min);
		else if (k->min > 0 && k->max > 0 && k->max <= 64)
			fprintf(out, ", %ld to %ld characters", k->min, k->max);
		else if (k->min > 0)
			fputs(", not empty", out);
		break;
	case CONFIG_T_INT:
		fprintf(out, "integer, %ld to %ld", k->min, k->max);
		if (k->flags & CONFIG_F_AUTO)
			fputs(", or auto", out);
		break;
	case CONFIG_T_BOOL:
		fputs("boolean", out);
		break;
	case CONFIG_T_ENUM:
		fputs("one of ", out);
		for (const char *a = k->allowed; *a; a++) {
			if (*a == '|')
				fputs(", ", out);
			else
				fputc(*a, out);
		}
		break;
	case CONFIG_T_LIST:
		if (k->flags & CONFIG_F_REPEAT)
			fprintf(out, "repeat the key, one %s per line", k->check->what);
		else
			fprintf(out, "comma-separated list, each a %s", k->check->what);
		break;
	}
}

int config_write_example(FILE *out)
{
	fputs("# briefbot configuration example.\n"
	      "#\n"
	      "# Generated from bot/config_keys.def by config_write_example(); do not edit\n"
	      "# by hand, run `ninja -C build update-config-example` instead.\n"
	      "#\n"
	      "# Format: [section] headers, `key = value` lines and # comments. A value may\n"
	      "# be \"quoted\" (with \\\" and \\\\ escapes), which it must be to hold \" #\".\n"
	      "# Booleans are true/false, yes/no or on/off; lists are comma-separated.\n"
	      "# Every key is shown commented out, with its default or an example value.\n"
	      "# Secrets can come from the environment variable named after \"env:\".\n"
	      "# Check a file with `briefbot check-config FILE`.\n",
	      out);
	for (size_t s = 0; s < N_SECTIONS; s++) {
		fprintf(out, "\n[%s]\n# %s\n", sections[s].name, sections[s].doc);
		for (int i = 0; i < CONFIG_KEY_COUNT; i++) {
			const struct key_def *k = &keys[i];
			if (strcmp(k->section, sections[s].name) != 0)
				continue;
			fprintf(out, "\n# %s\n# type: ", k->doc);
			put_type(out, k);
			fputs("; default: ", out);
			if (k->flags & CONFIG_F_BUILT_IN)
				fputs("set at build time", out);
			else if (!*k->def)
				fputs(k->type == CONFIG_T_LIST ? "empty list" : "empty", out);
			else
				fputs(k->def, out);
			if (k->env)
				fprintf(out, "; env: %s", k->env);
			if (k->flags & CONFIG_F_SECRET)
				fputs("; secret", out);
			if (k->flags & CONFIG_F_LIVE)
				fputs("; reloads on SIGHUP", out);
			/* A build-time default would differ between machines. */
			const char *shown = k->def;
			if (k->example)
				shown = k->example;
			else if (k->flags & CONFIG_F_BUILT_IN)
				shown = "";
			fprintf(out, "\n#%s =%s", k->name, *shown ? " " : "");
			put_value(out, shown);
			fputc('\n', out);
		}
	}
	return ferror(out) ? BB_EIO : 0;
}

static const char *const origin_names[] = { "default", "file", "environment" };

int config_dump(const struct config *cfg, FILE *out)
{
	const char *section = NULL;
	for (int i = 0; i < CONFIG_KEY_COUNT; i++) {
		const struct key_def *k = &keys[i];
		const struct value *v = &cfg->v[i];
		if (!section || strcmp(section, k->section) != 0) {
			section = k->section;
			fprintf(out, "%s[%s]\n", i ? "\n" : "", section);
		}
		if (k->flags & CONFIG_F_SECRET) {
			fprintf(out, "# %s = (secret, %s", k->name, *v->s ? "set" : "not set");
			if (*v->s)
				fprintf(out, " from %s", origin_names[v->origin]);
			fputs(")\n", out);
			continue;
		}
		fprintf(out, "%s =%s", k->name,
			(k->type == CONFIG_T_STR && !*v->s) || (k->type == CONFIG_T_LIST && !v->n) ? ""
												   : " ");
		switch (k->type) {
		case CONFIG_T_STR:
		case CONFIG_T_ENUM:
			put_value(out, v->s);
			break;
		case CONFIG_T_INT:
			if ((k->flags & CONFIG_F_AUTO) && v->i == 0)
				fputs("auto", out);
			else
				fprintf(out, "%ld", v->i);
			break;
		case CONFIG_T_BOOL:
			fputs(v->b ? "true" : "false", out);
			break;
		case CONFIG_T_LIST:
			for (size_t j = 0; j < v->n; j++) {
				if (j && (k->flags & CONFIG_F_REPEAT))
					fprintf(out, "\n%s = ", k->name);
				else if (j)
					fputs(", ", out);
				if (k->flags & CONFIG_F_REPEAT)
					put_value(out, v->items[j]);
				else
					fputs(v->items[j], out);
			}
			break;
		}
		fputc('\n', out);
	}
	return ferror(out) ? BB_EIO : 0;
}
