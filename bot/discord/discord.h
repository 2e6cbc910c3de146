/* The Discord adapter: REST (bot/discord/discord_rest.h) for the bot's identity,
 * the gateway address and every send; one gateway connection per shard
 * (bot/net/ws.h, zlib-stream via bot/net/zstream.h, the protocol in
 * bot/discord/discord_gateway.h) on the app's libuv loop. MESSAGE_CREATE and
 * INTERACTION_CREATE become struct bot_message for the router; replies are
 * rendered as Discord markdown in chunks of at most 2000 characters, the
 * first sent as a reply, each with a nonce derived from (message id, chunk
 * index) so a redelivered event never posts twice. The session of each
 * shard is kept in the store so a restart resumes it. */
#ifndef BB_DISCORD_H
#define BB_DISCORD_H

#include "bot/adapter.h"

/* The adapter's ops table for the app's adapters[]. */
extern const struct adapter_ops discord_adapter;

/* Writes the nonce of chunk `index` of the reply to message `message_id`
 * into out (at most 25 characters, Discord's limit, plus the NUL; `size`
 * should be at least 26): the same inputs always give the same nonce.
 * Returns 0, or BB_EINVAL when it does not fit. */
int discord_reply_nonce(const char *message_id, unsigned index, char *out, size_t size);

#endif
