/* Who manages a Discord channel, for prefix commands: MESSAGE_CREATE
 * carries the author's role ids but not their permissions, so they are
 * computed as Discord does from what the gateway told us -- the guild's
 * owner and roles (GUILD_CREATE, GUILD_UPDATE, GUILD_ROLE_CREATE /
 * _UPDATE / _DELETE) and each channel's permission_overwrites
 * (GUILD_CREATE, CHANNEL_CREATE / _UPDATE / _DELETE). Interactions need
 * none of this: they carry member.permissions already computed.
 *
 * Pure: no I/O, no clock. Ids are snowflakes kept as 64-bit numbers in
 * sorted arrays (a guild costs its roles, a channel its overwrites). A
 * channel never seen (a thread, a channel created while disconnected and
 * not yet updated) manages nobody: the refusal says so, an admin can act. */
#ifndef BB_DISCORD_PERMS_H
#define BB_DISCORD_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct discord_perms;

#define DISCORD_PERM_ADMINISTRATOR (1ull << 3)
#define DISCORD_PERM_MANAGE_CHANNELS (1ull << 4)

/* Returns an empty cache, or NULL when out of memory. */
struct discord_perms *discord_perms_new(void);
/* NULL-safe. */
void discord_perms_free(struct discord_perms *p);

/* Feeds one gateway dispatch (event name and its "d"); events that do not
 * concern permissions are ignored. Returns 0, or BB_ENOMEM (the cache then
 * misses what this event said). */
int discord_perms_event(struct discord_perms *p, const char *event, const struct cJSON *data);

/* The permissions of a member with `role_ids` in channel `channel_id`,
 * overwrites applied, as Discord computes them; 0 for an unknown channel
 * or guild. The owner and ADMINISTRATOR get every bit. */
uint64_t discord_perms_compute(const struct discord_perms *p, const char *channel_id,
			       const char *user_id, const char *const *role_ids, size_t n_roles);

/* MANAGE_CHANNELS (or ADMINISTRATOR) in that channel? */
bool discord_perms_can_manage(const struct discord_perms *p, const char *channel_id,
			      const char *user_id, const char *const *role_ids, size_t n_roles);

#endif
