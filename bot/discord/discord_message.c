#include "bot/discord/discord_message.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "common/error.h"

/* ---- from a tree ---- */

static const char *jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void discord_message_from_json(const cJSON *m, struct discord_message *out)
{
	*out = (struct discord_message){0};
	const cJSON *author = cJSON_GetObjectItemCaseSensitive(m, "author");
	out->id = jstr(m, "id");
	out->channel_id = jstr(m, "channel_id");
	out->guild_id = jstr(m, "guild_id");
	out->content = jstr(m, "content");
	out->author_id = jstr(author, "id");
	out->author_global_name = jstr(author, "global_name");
	out->author_username = jstr(author, "username");
	out->author_bot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(author, "bot"));
	const cJSON *member = cJSON_GetObjectItemCaseSensitive(m, "member");
	const cJSON *role;
	cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(member, "roles")) {
		if (cJSON_IsString(role) && out->n_roles < DISCORD_MESSAGE_MAX_ROLES)
			out->roles[out->n_roles++] = role->valuestring;
	}
}

/* ---- from the text ---- */

struct scratch {
	char *buf;
	size_t size, used;
	int err;
};

/* The decoded string v in the scratch buffer; NULL if v is no string. */
static const char *put(struct scratch *s, struct jscan v)
{
	if (jscan_type(v) != JSCAN_STRING)
		return NULL;
	int n = jscan_string(v, s->buf + s->used, s->size - s->used);
	if (n < 0) {
		s->err = n;
		return NULL;
	}
	const char *str = s->buf + s->used;
	s->used += (size_t)n + 1;
	return str;
}

enum { F_ID, F_CHANNEL, F_GUILD, F_CONTENT, F_AUTHOR, F_MEMBER, N_FIELDS };
static const char *const fields[N_FIELDS] = {
	"id", "channel_id", "guild_id", "content", "author", "member",
};
enum { A_ID, A_GLOBAL_NAME, A_USERNAME, A_BOT, N_AUTHOR };
static const char *const author_fields[N_AUTHOR] = { "id", "global_name", "username", "bot" };

int discord_message_scan(struct jscan m, char *scratch, size_t size,
			 struct discord_message *out)
{
	struct scratch s = { scratch, size, 0, 0 };
	struct jscan f[N_FIELDS], a[N_AUTHOR], roles, role;
	*out = (struct discord_message){0};
	if (size < m.len + 1)
		return BB_ETOOBIG;
	jscan_members(m, fields, N_FIELDS, f);
	jscan_members(f[F_AUTHOR], author_fields, N_AUTHOR, a);
	out->id = put(&s, f[F_ID]);
	out->channel_id = put(&s, f[F_CHANNEL]);
	out->guild_id = put(&s, f[F_GUILD]);
	out->content = put(&s, f[F_CONTENT]);
	out->author_id = put(&s, a[A_ID]);
	out->author_global_name = put(&s, a[A_GLOBAL_NAME]);
	out->author_username = put(&s, a[A_USERNAME]);
	out->author_bot = jscan_type(a[A_BOT]) == JSCAN_TRUE;
	/* cJSON_ArrayForEach walks an object's values as well as an array's */
	jscan_get(f[F_MEMBER], "roles", &roles);
	struct jscan_iter it;
	jscan_iter_init(roles, &it);
	while (out->n_roles < DISCORD_MESSAGE_MAX_ROLES && jscan_iter_next(&it, NULL, &role)) {
		const char *r = put(&s, role);
		if (r)
			out->roles[out->n_roles++] = r;
	}
	return s.err;
}
