#include "bot/discord/discord_perms.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "common/idset.h"
#include "common/error.h"

struct role {
	uint64_t id;
	uint64_t perms;
};

struct overwrite {
	uint64_t id;
	int type;              /* 0 role, 1 member */
	uint64_t allow, deny;
};

struct guild {
	uint64_t id;
	uint64_t owner;
	struct role *roles;    /* sorted by id */
	size_t n_roles;
};

struct channel {
	uint64_t id;
	uint64_t guild;
	struct overwrite *ow;
	size_t n_ow;
};

struct discord_perms {
	struct guild *guilds;  /* sorted by id */
	size_t n_guilds;
	struct channel *channels; /* sorted by id */
	size_t n_channels;
};

/* ---- ids ---- */

/* Ids and permission sets are decimal strings, read with idset_parse (its
 * digit loop costs a fraction of strtoull's, and a command's channel,
 * author and roles are all looked up). */
static uint64_t jid(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? idset_parse(v->valuestring) : 0;
}

/* Binary search in an array of structs whose first member is the id:
 * returns the index of `id`, or the insertion point with *found false. */
static size_t find(const void *base, size_t n, size_t size, uint64_t id, bool *found)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t v;
		memcpy(&v, (const char *)base + mid * size, sizeof v);
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	uint64_t at = 0;
	if (lo < n)
		memcpy(&at, (const char *)base + lo * size, sizeof at);
	*found = lo < n && at == id;
	return lo;
}

/* Makes room for one element at index i of *base (n elements). */
static int insert_at(void **base, size_t *n, size_t size, size_t i)
{
	char *grown = realloc(*base, (*n + 1) * size);
	if (!grown)
		return BB_ENOMEM;
	memmove(grown + (i + 1) * size, grown + i * size, (*n - i) * size);
	memset(grown + i * size, 0, size);
	*base = grown;
	(*n)++;
	return 0;
}

static void remove_at(void *base, size_t *n, size_t size, size_t i)
{
	memmove((char *)base + i * size, (char *)base + (i + 1) * size, (*n - i - 1) * size);
	(*n)--;
}

/* ---- guilds, roles, channels ---- */

static struct guild *guild_get(struct discord_perms *p, uint64_t id, bool create)
{
	bool found;
	size_t i = find(p->guilds, p->n_guilds, sizeof *p->guilds, id, &found);
	if (!found) {
		if (!create || insert_at((void **)&p->guilds, &p->n_guilds, sizeof *p->guilds, i) < 0)
			return NULL;
		p->guilds[i].id = id;
	}
	return &p->guilds[i];
}

static const struct guild *guild_find(const struct discord_perms *p, uint64_t id)
{
	bool found;
	size_t i = find(p->guilds, p->n_guilds, sizeof *p->guilds, id, &found);
	return found ? &p->guilds[i] : NULL;
}

static int role_set(struct guild *g, const cJSON *role)
{
	uint64_t id = jid(role, "id");
	if (!id)
		return 0;
	bool found;
	size_t i = find(g->roles, g->n_roles, sizeof *g->roles, id, &found);
	if (!found && insert_at((void **)&g->roles, &g->n_roles, sizeof *g->roles, i) < 0)
		return BB_ENOMEM;
	g->roles[i].id = id;
	g->roles[i].perms = jid(role, "permissions");
	return 0;
}

static uint64_t role_perms(const struct guild *g, uint64_t id, bool *found)
{
	size_t i = find(g->roles, g->n_roles, sizeof *g->roles, id, found);
	return *found ? g->roles[i].perms : 0;
}

static void channel_drop(struct discord_perms *p, uint64_t id)
{
	bool found;
	size_t i = find(p->channels, p->n_channels, sizeof *p->channels, id, &found);
	if (!found)
		return;
	free(p->channels[i].ow);
	remove_at(p->channels, &p->n_channels, sizeof *p->channels, i);
}

static int channel_set(struct discord_perms *p, const cJSON *ch, uint64_t guild)
{
	uint64_t id = jid(ch, "id");
	if (!id)
		return 0;
	if (!guild)
		guild = jid(ch, "guild_id");
	if (!guild)
		return 0; /* a DM: nobody manages it */
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(ch, "permission_overwrites");
	size_t n = (size_t)cJSON_GetArraySize(list);
	struct overwrite *ow = n ? calloc(n, sizeof *ow) : NULL;
	if (n && !ow)
		return BB_ENOMEM;
	size_t k = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, list) {
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
		ow[k] = (struct overwrite){ .id = jid(o, "id"),
					    .type = cJSON_IsNumber(type) ? type->valueint : 0,
					    .allow = jid(o, "allow"), .deny = jid(o, "deny") };
		if (ow[k].id)
			k++;
	}
	bool found;
	size_t i = find(p->channels, p->n_channels, sizeof *p->channels, id, &found);
	if (!found && insert_at((void **)&p->channels, &p->n_channels, sizeof *p->channels, i) < 0) {
		free(ow);
		return BB_ENOMEM;
	}
	free(p->channels[i].ow);
	p->channels[i] = (struct channel){ .id = id, .guild = guild, .ow = ow, .n_ow = k };
	return 0;
}

static void guild_drop(struct discord_perms *p, uint64_t id)
{
	bool found;
	size_t i = find(p->guilds, p->n_guilds, sizeof *p->guilds, id, &found);
	if (!found)
		return;
	free(p->guilds[i].roles);
	remove_at(p->guilds, &p->n_guilds, sizeof *p->guilds, i);
	for (size_t c = p->n_channels; c-- > 0;)
		if (p->channels[c].guild == id)
			channel_drop(p, p->channels[c].id);
}

static int guild_set(struct discord_perms *p, const cJSON *data, bool with_channels)
{
	uint64_t id = jid(data, "id");
	if (!id || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(data, "unavailable")))
		return 0;
	struct guild *g = guild_get(p, id, true);
	if (!g)
		return BB_ENOMEM;
	g->owner = jid(data, "owner_id");
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(data, "roles");
	if (cJSON_IsArray(roles)) {
		g->n_roles = 0; /* the whole list: roles deleted meanwhile go */
		const cJSON *r;
		cJSON_ArrayForEach(r, roles)
			if (role_set(g, r) < 0)
				return BB_ENOMEM;
	}
	if (!with_channels)
		return 0;
	const cJSON *ch;
	cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(data, "channels"))
		if (channel_set(p, ch, id) < 0)
			return BB_ENOMEM;
	return 0;
}

int discord_perms_event(struct discord_perms *p, const char *event, const cJSON *data)
{
	if (!p || !event || !data)
		return 0;
	if (strcmp(event, "GUILD_CREATE") == 0)
		return guild_set(p, data, true);
	if (strcmp(event, "GUILD_UPDATE") == 0)
		return guild_set(p, data, false);
	if (strcmp(event, "GUILD_DELETE") == 0) {
		guild_drop(p, jid(data, "id"));
		return 0;
	}
	if (strcmp(event, "GUILD_ROLE_CREATE") == 0 || strcmp(event, "GUILD_ROLE_UPDATE") == 0) {
		struct guild *g = guild_get(p, jid(data, "guild_id"), false);
		return g ? role_set(g, cJSON_GetObjectItemCaseSensitive(data, "role")) : 0;
	}
	if (strcmp(event, "GUILD_ROLE_DELETE") == 0) {
		struct guild *g = guild_get(p, jid(data, "guild_id"), false);
		bool found = false;
		size_t i = g ? find(g->roles, g->n_roles, sizeof *g->roles, jid(data, "role_id"),
				    &found) : 0;
		if (found)
			remove_at(g->roles, &g->n_roles, sizeof *g->roles, i);
		return 0;
	}
	if (strcmp(event, "CHANNEL_CREATE") == 0 || strcmp(event, "CHANNEL_UPDATE") == 0)
		return channel_set(p, data, 0);
	if (strcmp(event, "CHANNEL_DELETE") == 0)
		channel_drop(p, jid(data, "id"));
	return 0;
}

/* ---- the computation (Discord's "Permission Overwrites" order) ---- */

uint64_t discord_perms_compute(const struct discord_perms *p, const char *channel_id,
			       const char *user_id, const char *const *role_ids, size_t n_roles)
{
	if (!p)
		return 0;
	bool found;
	size_t ci = find(p->channels, p->n_channels, sizeof *p->channels, idset_parse(channel_id),
			 &found);
	if (!found)
		return 0;
	const struct channel *ch = &p->channels[ci];
	const struct guild *g = guild_find(p, ch->guild);
	if (!g)
		return 0;
	uint64_t user = idset_parse(user_id);
	if (user && user == g->owner)
		return ~0ull;
	uint64_t perms = role_perms(g, g->id, &found); /* @everyone has the guild's id */
	for (size_t i = 0; i < n_roles; i++)
		perms |= role_perms(g, idset_parse(role_ids[i]), &found);
	if (perms & DISCORD_PERM_ADMINISTRATOR)
		return ~0ull;
	uint64_t allow = 0, deny = 0;
	for (size_t i = 0; i < ch->n_ow; i++) {
		if (ch->ow[i].type == 0 && ch->ow[i].id == g->id)
			perms = (perms & ~ch->ow[i].deny) | ch->ow[i].allow;
	}
	for (size_t i = 0; i < ch->n_ow; i++) {
		if (ch->ow[i].type != 0 || ch->ow[i].id == g->id)
			continue;
		for (size_t r = 0; r < n_roles; r++) {
			if (idset_parse(role_ids[r]) == ch->ow[i].id) {
				allow |= ch->ow[i].allow;
				deny |= ch->ow[i].deny;
			}
		}
	}
	perms = (perms & ~deny) | allow;
	for (size_t i = 0; i < ch->n_ow; i++)
		if (ch->ow[i].type == 1 && ch->ow[i].id == user)
			perms = (perms & ~ch->ow[i].deny) | ch->ow[i].allow;
	return perms;
}

bool discord_perms_can_manage(const struct discord_perms *p, const char *channel_id,
			      const char *user_id, const char *const *role_ids, size_t n_roles)
{
	uint64_t perms = discord_perms_compute(p, channel_id, user_id, role_ids, n_roles);
	return (perms & (DISCORD_PERM_MANAGE_CHANNELS | DISCORD_PERM_ADMINISTRATOR)) != 0;
}

/* ---- life cycle ---- */

struct discord_perms *discord_perms_new(void)
{
	return calloc(1, sizeof(struct discord_perms));
}

void discord_perms_free(struct discord_perms *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_guilds; i++)
		free(p->guilds[i].roles);
	for (size_t i = 0; i < p->n_channels; i++)
		free(p->channels[i].ow);
	free(p->guilds);
	free(p->channels);
	free(p);
}
