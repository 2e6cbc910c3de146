/* The fields of a gateway MESSAGE_CREATE that the adapter hands to the
 * router, read either from a cJSON tree or straight from the JSON text
 * (common/jscan: no tree, no allocation) with the same result.  Pure. */
#ifndef BB_DISCORD_MESSAGE_H
#define BB_DISCORD_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/jscan.h"

struct cJSON;

#define DISCORD_MESSAGE_MAX_ROLES 64

/* Each string is NULL when the field is missing or not a string. */
struct discord_message {
	const char *id, *channel_id, *guild_id, *content;
	const char *author_id, *author_global_name, *author_username;
	bool author_bot;               /* author.bot is true */
	const char *roles[DISCORD_MESSAGE_MAX_ROLES]; /* member.roles' strings */
	size_t n_roles;
};

/* Fills *out from the message object `m` (any cJSON value or NULL); the
 * strings point into m. */
void discord_message_from_json(const struct cJSON *m, struct discord_message *out);

/* Whether a and b hold the same fields (strings compared by content). */
bool discord_message_equal(const struct discord_message *a, const struct discord_message *b);

/* The members of a message object that discord_message_from_fields reads,
 * for jscan_check_fields (parent -1: the message object itself). */
#define DISCORD_MESSAGE_N_FIELDS 11
extern const struct jscan_field discord_message_fields[DISCORD_MESSAGE_N_FIELDS];

/* Fills *out from the message object `m` whose discord_message_fields
 * were noted into f[0..DISCORD_MESSAGE_N_FIELDS) while its text was
 * checked (one pass over the text).  Strings as discord_message_scan. */
int discord_message_from_fields(struct jscan m, const struct jscan *f, char *scratch,
				size_t size, struct discord_message *out);

/* Fills *out from `m`, a value of a text jscan_check() accepted.  Strings
 * are decoded into scratch[0..size), which must hold m.len + 1 bytes, and
 * point there.  Returns 0, or BB_ETOOBIG if scratch is short. */
int discord_message_scan(struct jscan m, char *scratch, size_t size,
			 struct discord_message *out);

#endif
