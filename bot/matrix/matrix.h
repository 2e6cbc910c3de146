/* The Matrix adapter: one account on one homeserver, client-server API v3.
 *
 * Start: GET /versions, then a password login (m.login.password, reusing
 * the device id kept in the store) or the configured access token, then
 * GET /account/whoami; the /sync filter is uploaded once and its id kept in
 * the store. Then /sync long-polls forever:
 *
 *   * messages go to the router; replies are m.text with an HTML
 *     formatted_body, m.relates_to.m.in_reply_to and an empty m.mentions,
 *     sent with PUT .../send/m.room.message/{txnId} where txnId is derived
 *     from the event answered and the chunk index (matrix_client_txn_id),
 *     and each one is claimed in the store once posted -- so neither a retry
 *     nor a restart posts twice;
 *   * the since token is saved only once every reply of its batch is
 *     posted (or failed for good); a fresh store's first sync answers
 *     nothing, and a newly joined room's history is not answered either;
 *   * event ids already handled are remembered (bounded), so a limited or
 *     repeated timeline answers nothing twice;
 *   * invites from allowed inviters are joined (others are declined),
 *     rooms we are kicked or banned from are forgotten;
 *   * a room with exactly two joined members is a direct conversation;
 *   * encrypted rooms (bot/matrix/e2ee.h, with matrix.encryption and a pickle
 *     key): the device's keys are uploaded and topped up, room keys arrive
 *     as to-device events, messages are decrypted and answered (one whose
 *     key does not come within decrypt_wait_ms gets one "could not
 *     decrypt" reply), replies go out encrypted through a per-room queue
 *     (members, /keys/query, /keys/claim, sendToDevice, then the event);
 *     with the access token kept in the store, a restart is the same
 *     session and device;
 *   * with encryption off, in an encrypted room the bot posts one plain
 *     notice, once per room, that encrypted rooms are not supported.
 *
 * Errors: 429, 5xx and network errors are retried (bot/matrix/matrix_client.h);
 * a refused token or login stops the bot through env->fatal. */
#ifndef BB_MATRIX_H
#define BB_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "bot/adapter.h"

extern const struct adapter_ops matrix_adapter;

/* Is `mxid` allowed to invite the bot? `allowed` lists full user ids
 * ("@alice:example.org") and server suffixes (":example.org", which match
 * every user of that server, and no other). */
bool matrix_inviter_allowed(const char *const *allowed, size_t n, const char *mxid);

struct cJSON;

/* Does `user_id` manage the room whose m.room.power_levels content is
 * `power` (NULL: unknown, false)? True when the user's level (users, else
 * users_default, else 0) is at least state_default (else 50): enough to
 * change the room's settings, so enough to manage its digests. */
bool matrix_can_manage(const struct cJSON *power, const char *user_id);

/* The /sync filter the adapter uploads (a JSON object, static). */
const char *matrix_filter_json(void);

#endif
