/* briefbot's configuration file: an INI-like file whose every section and
 * key is declared once, in bot/config_keys.def (type, default, range, doc,
 * secrecy, environment override). Parsing, the typed getters, validation,
 * config.example and the dump all read that one table.
 *
 * File format:
 *   # a comment (also after a value, when the '#' follows whitespace)
 *   [section]
 *   key = value
 * Values are strings (optionally "quoted", with \" and \\ escapes),
 * integers, booleans (true/false, yes/no, on/off) or comma-separated lists.
 *
 * Secret keys (tokens, passwords) are never printed: not in errors, not in
 * config_dump(), not in the example. */
#ifndef BB_CONFIG_H
#define BB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/strbuf.h"

/* CONFIG_GENERAL_PREFIX, CONFIG_DISCORD_TOKEN, ...: one per table row. */
enum config_key {
#define CONFIG_SECTION(name, doc)
#define CONFIG_KEY(id, section, name, ...) CONFIG_##id,
#include "bot/config_keys.def"
#undef CONFIG_KEY
#undef CONFIG_SECTION
	CONFIG_KEY_COUNT
};

enum config_type { CONFIG_T_STR, CONFIG_T_INT, CONFIG_T_BOOL, CONFIG_T_ENUM, CONFIG_T_LIST };

/* Where a key's current value came from. */
enum config_origin { CONFIG_FROM_DEFAULT, CONFIG_FROM_FILE, CONFIG_FROM_ENV };

#define CONFIG_F_SECRET 1u /* never printed */
#define CONFIG_F_AUTO 2u   /* INT that also accepts "auto" (read back as 0) */
#define CONFIG_F_BUILT_IN 4u /* default chosen at build time */
#define CONFIG_F_REPEAT 8u   /* LIST set by repeating the key, one item per line
			      * (commas are part of the item) */
#define CONFIG_F_LIVE 16u    /* applied by a running bot on SIGHUP */

struct config;

/* Returns a configuration holding every key's default, or NULL when out of
 * memory. Free it with config_free(). */
struct config *config_new_defaults(void);

/* Frees cfg and every string the getters returned. NULL is a no-op. */
void config_free(struct config *cfg);

/* Parses data[0..len) as a config file called `name` (used in messages) into
 * cfg. Every problem is appended to `errors` (may be NULL) as one line
 * "NAME:LINE: message\n"; parsing goes on past errors, and keys with bad
 * values keep their previous value. Returns 0, BB_EPARSE if anything was
 * reported, or BB_ENOMEM. */
int config_load_buffer(struct config *cfg, const char *name, const char *data, size_t len,
		       struct strbuf *errors);

/* config_load_buffer() on the contents of the file at `path`. Returns
 * BB_EIO (with "PATH: cannot read: reason" in errors) if it cannot be read,
 * BB_ETOOBIG if it is over 1 MiB, otherwise as config_load_buffer(). */
int config_load_file(struct config *cfg, const char *path, struct strbuf *errors);

/* Appends one line per warning about how cfg was loaded: today, a config
 * file holding a secret (token, password, access token) that group or
 * others may read ("PATH: warning: ... chmod 600 PATH\n"). Nothing when
 * there is none. The secret itself is never written. */
void config_warnings(const struct config *cfg, struct strbuf *out);

/* An environment: returns the value of variable `name`, or NULL if unset.
 * The string must stay valid until config_apply_env() returns. */
typedef const char *(*config_lookup_fn)(void *user, const char *name);

/* A config_lookup_fn over a NULL-terminated "NAME=value" array such as
 * `environ`; pass the array as `user`. */
const char *config_envp_lookup(void *user, const char *name);

/* Overrides every key that declares an environment variable (DISCORD_TOKEN,
 * MATRIX_PASSWORD, MATRIX_ACCESS_TOKEN) with lookup(user, VAR) when that is
 * set and not empty. Bad values are reported to `errors` as
 * "environment VAR: message\n". Returns 0, BB_EPARSE or BB_ENOMEM. */
int config_apply_env(struct config *cfg, config_lookup_fn lookup, void *user,
		     struct strbuf *errors);

/* Cross-field checks to run after loading and applying the environment
 * (an enabled platform has its credentials, shard numbers fit together,
 * no room is both allowed and denied, ...). Each problem is one line in
 * `errors`, prefixed with "FILE:LINE: " of the key that caused it when it
 * came from a file. Returns 0 or BB_EINVAL. */
int config_validate(const struct config *cfg, struct strbuf *errors);

/* Loads `path` over the defaults, applies the environment when lookup is
 * not NULL, validates, and prints every problem to `out`, one per line.
 * Returns the number of problems (0: the file is good). For
 * `briefbot check-config FILE`. */
int config_check_file(const char *path, config_lookup_fn lookup, void *user, FILE *out);

/* Typed getters. The key must have the matching type (a mismatch is a bug
 * and aborts). Returned pointers belong to cfg: valid until the key is set
 * again or cfg is freed. */
const char *config_str(const struct config *cfg, enum config_key key); /* STR, ENUM */
long config_int(const struct config *cfg, enum config_key key);        /* INT; 0 = auto */
bool config_bool(const struct config *cfg, enum config_key key);
/* LIST: stores the items in *items (may be NULL) and returns their count. */
size_t config_list(const struct config *cfg, enum config_key key, const char *const **items);
/* LIST: true if `item` is one of the items (exact match). */
bool config_list_has(const struct config *cfg, enum config_key key, const char *item);

enum config_origin config_origin(const struct config *cfg, enum config_key key);

/* True when `key` holds the same value in a and b. */
bool config_equal(const struct config *a, const struct config *b, enum config_key key);

/* Which Discord shards this process runs. Returns 0 and [*first, *last]
 * when shard_count is fixed, or 1 when shard_count is auto (run every shard
 * of the count GET /gateway/bot recommends). Call after config_validate(). */
int config_discord_shards(const struct config *cfg, long *first, long *last);

/* One [digest] subscription line, "PLATFORM:ROOM [SCHEDULE]", split; the
 * spans point into the line. */
struct config_subscription {
	const char *platform;  /* "discord", "matrix" or "console" */
	size_t platform_len;
	const char *room;      /* a Matrix room id holds ':' itself */
	size_t room_len;
	const char *spec;      /* the schedule text (may be ""), to the end */
};

/* Splits `line` into *out. Returns 0, or BB_EINVAL with what to type
 * instead in err. (config_validate also checks the schedule itself.) */
int config_subscription_split(const char *line, struct config_subscription *out,
			      struct strbuf *err);

/* Parses a listen address "IPv4:PORT" or "[IPv6]:PORT" (the [metrics]
 * listen syntax; the address is a literal, not a name) into host (without
 * brackets) and port. Returns false when it is not one. */
bool config_parse_listen(const char *v, char *host, size_t host_size, int *port);

/* Table metadata, for messages and tools. */
const char *config_key_section(enum config_key key);
const char *config_key_name(enum config_key key);
enum config_type config_key_type(enum config_key key);
unsigned config_key_flags(enum config_key key);
/* Returns the key for `section` and `name`, or -1 if there is none. */
int config_find_key(const char *section, const char *name);

/* Writes the documented example configuration, generated from the table:
 * every section and key with its type, range, default and meaning, the key
 * lines commented out. Returns 0 or BB_EIO. */
int config_write_example(FILE *out);

/* Writes the effective configuration as a config file with every key set,
 * each secret replaced by a comment saying whether it is set and where
 * from. Returns 0 or BB_EIO. */
int config_dump(const struct config *cfg, FILE *out);

#endif
