/* Matrix end-to-end encryption, the protocol side: the bot's device
 * (account, key uploads), the devices of the people it talks to, Olm
 * to-device messages, room keys in and out, Megolm room events in and out.
 *
 * Crypto itself is bot/matrix/mcrypto.h; state lives in the store
 * (bot/store.h: crypto objects pickled with the pickle key, which is never
 * stored, and the Megolm index records that refuse replays). No network:
 * the caller (the adapter) sends the request bodies this module builds and
 * hands back the answers. Times are passed in.
 *
 * Sending to a room, per message: e2ee_query_body() for members whose
 * devices are unknown, e2ee_claim_body() for devices without an Olm
 * session, e2ee_share_body() for devices that lack the room's current
 * Megolm session (rotating it first when it is too old or used too often),
 * then e2ee_encrypt(). Each step returns NULL when there is nothing to do.
 *
 * Trust: with verified_only, keys are shared only with devices their owner
 * cross-signed (device signed by the owner's self-signing key, itself
 * signed by the owner's master key as first seen); otherwise with every
 * device of every member whose self-signature is good (trust on first use).
 */
#ifndef BB_E2EE_H
#define BB_E2EE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/log.h"

struct cJSON;
struct store;
struct e2ee;

struct e2ee_options {
	struct store *store;
	const char *user_id;
	const char *device_id;
	const char *pickle_key;   /* non-empty */
	bool verified_only;       /* share keys with cross-signed devices only */
	const struct logger *log; /* NULL: silent */
};

/* Opens the crypto library (mcrypto_lib_open) and the device's crypto
 * state: the stored account of (user, device), or a new one when the store
 * has none for that device. Returns 0; BB_ENOTFOUND when the library
 * cannot be loaded, BB_EAUTH when the pickle key does not open the stored
 * account (either way a message naming the fix goes to why[0..whylen)); or
 * a bb_err. */
int e2ee_open(const struct e2ee_options *o, int64_t now_ms, struct e2ee **out, char *why,
	      size_t whylen);

/* NULL-safe. */
void e2ee_free(struct e2ee *e);

const char *e2ee_curve25519(const struct e2ee *e);
const char *e2ee_ed25519(const struct e2ee *e);

/* ---- our keys ---- */

/* The body of POST /keys/upload that brings the server up to date: the
 * signed device keys until they were uploaded once, one-time keys to top
 * the server's count (`server_count`, -1 unknown: 0) up to half of what the
 * account holds, a new fallback key when `fallback_missing` or none was
 * ever published. NULL when nothing is needed (or out of memory). */
char *e2ee_upload_body(struct e2ee *e, long server_count, bool fallback_missing);

/* Have the device keys been uploaded once? */
bool e2ee_published(const struct e2ee *e);

/* After the upload's 2xx: marks the keys published and saves the account. */
int e2ee_uploaded(struct e2ee *e, int64_t now_ms);

/* ---- devices ---- */

/* device_lists of a /sync: the devices of `changed` users are fetched
 * again before the next send, `left` users are forgotten. */
void e2ee_device_lists(struct e2ee *e, const struct cJSON *device_lists);

/* The body of POST /keys/query for those of users[0..n) whose devices are
 * unknown or stale, or NULL. */
char *e2ee_query_body(struct e2ee *e, const char *const *users, size_t n);

/* The /keys/query answer: keeps every device whose keys are signed by
 * itself, with its cross-signing status. Returns how many devices it
 * kept, or a bb_err. */
int e2ee_on_query(struct e2ee *e, const struct cJSON *resp);

/* ---- receiving ---- */

/* One to-device event. An Olm-encrypted m.room_key for us stores the
 * inbound Megolm session it carries: returns 1 and writes the session id
 * to sid[0..cap). Returns 0 for anything else (ignored), or a bb_err for
 * an Olm message that does not decrypt (logged). */
int e2ee_to_device(struct e2ee *e, const struct cJSON *ev, int64_t now_ms, char *sid,
		   size_t cap);

/* Decrypts the m.room.encrypted `content` of event `event_id` sent by
 * `sender` in `room_id`: *plain_out gets the decrypted event ({type,
 * content, room_id}). Returns 0; BB_ENOTFOUND when the room key has not
 * arrived (the session id is in sid[0..cap)); BB_EEXIST for a replay (the
 * message index was used by another event); BB_EPARSE / BB_EAUTH for a
 * broken or forged message, one lifted from another room, or one whose
 * session belongs to another user than `sender` (a relabelled event). */
int e2ee_decrypt(struct e2ee *e, const char *room_id, const char *sender, const char *event_id,
		 const struct cJSON *content, int64_t now_ms, struct cJSON **plain_out,
		 char *sid, size_t cap);

/* After e2ee_decrypt() succeeded on `content` from `sender` in `room_id`:
 * may the bot answer it? Returns 1 (always without verified_only; with it,
 * when the device that sent the room key is cross-signed by `sender`), 0
 * (not cross-signed, or not a device of `sender`), or BB_ENOTFOUND when
 * the sender's devices are not known yet (ask e2ee_query_body). */
int e2ee_sender_trusted(struct e2ee *e, const char *sender, const char *room_id,
			const struct cJSON *content);

/* ---- sending ---- */

/* Forgets the room's outbound session (a member left): the next message
 * goes out under a new one. */
void e2ee_rotate(struct e2ee *e, const char *room_id);

/* The body of POST /keys/claim for the devices of users[0..n) (trusted,
 * and lacking the room's current session) with no Olm session, or NULL. */
char *e2ee_claim_body(struct e2ee *e, const char *room_id, const char *const *users, size_t n);

/* The /keys/claim answer: opens an Olm session with every device whose
 * one-time key is signed by it. Returns how many, or a bb_err. */
int e2ee_on_claim(struct e2ee *e, const struct cJSON *resp, int64_t now_ms);

/* Rotation: the outbound session is replaced once `rotation_ms` old or
 * `rotation_msgs` messages used (0: the spec's defaults, a week and 100). */
struct e2ee_rotation {
	int64_t ms;
	long msgs;
};

/* The body of PUT /sendToDevice/m.room.encrypted/{txn} carrying the room's
 * current Megolm session (made or rotated first) to every trusted device
 * of users[0..n) that lacks it and has an Olm session, which are recorded
 * as having it. NULL when nobody needs it. *session_out (if not NULL) gets
 * the session id (valid until the next call). */
char *e2ee_share_body(struct e2ee *e, const char *room_id, const char *const *users, size_t n,
		      const struct e2ee_rotation *rot, int64_t now_ms, const char **session_out);

/* The m.room.encrypted content for an event of `type` with `content` in
 * `room_id`, under the room's current session; m.relates_to stays in the
 * clear. Returns NULL when the room has no session yet (call
 * e2ee_share_body first) or out of memory. */
char *e2ee_encrypt(struct e2ee *e, const char *room_id, const char *type,
		   const struct cJSON *content, int64_t now_ms);

#endif
