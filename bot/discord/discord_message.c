#include "bot/discord/discord_message.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "common/cjson_str.h"
#include "common/error.h"

/* ---- from a tree ---- */

void discord_message_from_json(const cJSON *m, struct discord_message *out)
{
	*out = (struct discord_message){0};
	const cJSON *author = cJSON_GetObjectItemCaseSensitive(m, "author");
	out->id = cjson_str(m, "id");
	out->channel_id = cjson_str(m, "channel_id");
	out->guild_id = cjson_str(m, "guild_id");
	out->content = cjson_str(m, "content");
	out->author_id = cjson_str(author, "id");
	out->author_global_name = cjson_str(author, "global_name");
	out->author_username = cjson_str(author, "username");
	out->author_bot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(author, "bot"));
	const cJSON *member = cJSON_GetObjectItemCaseSensitive(m, "member");
	const cJSON *role;
	cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(member, "roles")) {
		if (cJSON_IsString(role) && out->n_roles < DISCORD_MESSAGE_MAX_ROLES)
			out->roles[out->n_roles++] = role->valuestring;
	}
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool discord_message_equal(const struct discord_message *a, const struct discord_message *b)
{
	if (!same_str(a->id, b->id) || !same_str(a->channel_id, b->channel_id) ||
	    !same_str(a->guild_id, b->guild_id) || !same_str(a->content, b->content) ||
	    !same_str(a->author_id, b->author_id) ||
	    !same_str(a->author_global_name, b->author_global_name) ||
	    !same_str(a->author_username, b->author_username) || a->author_bot != b->author_bot ||
	    a->n_roles != b->n_roles)
		return false;
	for (size_t i = 0; i < a->n_roles; i++)
		if (!same_str(a->roles[i], b->roles[i]))
			return false;
	return true;
}

/* ---- from the text ---- */

struct scratch {
	char *buf;
	size_t size, used;
	int err;
};

/* The decoded string v in the scratch buffer; NULL if v is no string (in
 * a checked text, jscan_string's only BB_EINVAL). */
static const char *put(struct scratch *s, struct jscan v)
{
	int n = jscan_string(v, s->buf + s->used, s->size - s->used);
	if (n == BB_EINVAL)
		return NULL;
	if (n < 0) {
		s->err = n;
		return NULL;
	}
	const char *str = s->buf + s->used;
	s->used += (size_t)n + 1;
	return str;
}

enum { F_ID, F_CHANNEL, F_GUILD, F_CONTENT, F_AUTHOR, F_MEMBER,
       A_ID, A_GLOBAL_NAME, A_USERNAME, A_BOT, M_ROLES, N_FIELDS };
_Static_assert(N_FIELDS == DISCORD_MESSAGE_N_FIELDS, "the field table's size");

const struct jscan_field discord_message_fields[DISCORD_MESSAGE_N_FIELDS] = {
	[F_ID] = { "id", -1 },
	[F_CHANNEL] = { "channel_id", -1 },
	[F_GUILD] = { "guild_id", -1 },
	[F_CONTENT] = { "content", -1 },
	[F_AUTHOR] = { "author", -1 },
	[F_MEMBER] = { "member", -1 },
	[A_ID] = { "id", F_AUTHOR },
	[A_GLOBAL_NAME] = { "global_name", F_AUTHOR },
	[A_USERNAME] = { "username", F_AUTHOR },
	[A_BOT] = { "bot", F_AUTHOR },
	[M_ROLES] = { "roles", F_MEMBER },
};

int discord_message_from_fields(struct jscan m, const struct jscan *f, char *scratch,
				size_t size, struct discord_message *out)
{
	struct scratch s = { scratch, size, 0, 0 };
	struct jscan role;
	*out = (struct discord_message){0};
	if (size < m.len + 1)
		return BB_ETOOBIG;
	out->id = put(&s, f[F_ID]);
	out->channel_id = put(&s, f[F_CHANNEL]);
	out->guild_id = put(&s, f[F_GUILD]);
	out->content = put(&s, f[F_CONTENT]);
	out->author_id = put(&s, f[A_ID]);
	out->author_global_name = put(&s, f[A_GLOBAL_NAME]);
	out->author_username = put(&s, f[A_USERNAME]);
	out->author_bot = jscan_type(f[A_BOT]) == JSCAN_TRUE;
	/* cJSON_ArrayForEach walks an object's values as well as an array's */
	struct jscan_iter it;
	jscan_iter_init(f[M_ROLES], &it);
	while (out->n_roles < DISCORD_MESSAGE_MAX_ROLES && jscan_iter_next(&it, NULL, &role)) {
		const char *r = put(&s, role);
		if (r)
			out->roles[out->n_roles++] = r;
	}
	return s.err;
}

int discord_message_scan(struct jscan m, char *scratch, size_t size,
			 struct discord_message *out)
{
	struct jscan f[N_FIELDS];
	/* m is checked already; checking it again is the simplest way to its
	 * fields (on failure, for no object, every f[i] is zeroed) */
	jscan_check_fields(m.p, m.len, discord_message_fields, N_FIELDS, f, NULL);
	return discord_message_from_fields(m, f, scratch, size, out);
}
