/* What must survive a restart, in one SQLite file.
 *
 * Holds: key/value settings per scope (the Matrix `since` token, per-room
 * settings), the Discord session per shard (for RESUME), digest
 * subscriptions with the last slot each was posted for, and idempotency
 * records (keys claimed once, ever: "this digest slot / this reply was
 * posted"). The file is opened in WAL mode; its schema version lives in
 * PRAGMA user_version and is created or upgraded on open.
 *
 * Every call is synchronous and short (a few small statements on a local
 * file); the loop is never held for long. One process owns a file: each
 * Discord shard range has its own (see DESIGN.md, "Scale").
 *
 * Errors: functions return 0 or a negative bb_err (BB_ENOTFOUND for a
 * missing row, BB_EEXIST for a duplicate, BB_EIO for a database failure);
 * store_errmsg() then says what SQLite reported.
 *
 * Atomic steps: store_tx() runs a function inside a transaction, so
 * several writes either all happen or none does. A digest slot is recorded
 * in two such steps around the send: store_digest_pending() before (with
 * the idempotency key the send carries) and store_digest_posted() after
 * (with the platform's message id). A restart that finds a slot pending
 * sends it again with the same key, and the platform drops the duplicate.
 *
 * Times are milliseconds since the Unix epoch, passed in by the caller.
 */
#ifndef BB_STORE_H
#define BB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* The schema version this code writes. */
#define STORE_SCHEMA_VERSION 3

/* Opens the database at `path`, creating the file and its tables if needed.
 * Returns NULL on failure and writes a one-line reason naming the path into
 * `errbuf` (if not NULL): a folder that does not exist, a file that is not
 * a database or is corrupted, a schema newer than this program. */
struct store *store_new(const char *path, char *errbuf, size_t errlen);

/* Closes the database. NULL-safe. */
void store_free(struct store *st);

/* Returns SQLite's message for the last failed call, "" if none. Valid
 * until the next call on `st`. */
const char *store_errmsg(const struct store *st);

/* ---- settings: (scope, key) -> value ------------------------------------ */

/* Stores *value_out = a malloc'ed copy of the value (caller frees).
 * Returns 0, or BB_ENOTFOUND when unset (then *value_out is NULL). */
int store_get(struct store *st, const char *scope, const char *key, char **value_out);

/* Sets (inserts or replaces) a value. Returns 0 or a bb_err. */
int store_set(struct store *st, const char *scope, const char *key, const char *value);

/* Removes a value. Returns 0, or BB_ENOTFOUND when it was not set. */
int store_unset(struct store *st, const char *scope, const char *key);

/* ---- Discord session ---------------------------------------------------- */

struct store_discord_session {
	char *session_id;     /* malloc'ed; store_discord_session_clear() frees */
	char *resume_url;     /* resume_gateway_url from READY */
	int64_t seq;          /* last dispatch sequence number */
};

/* Fills `out` with the saved session of `shard`. Returns 0, or
 * BB_ENOTFOUND when there is none (out is zeroed). */
int store_discord_session_get(struct store *st, int shard, struct store_discord_session *out);

/* Saves (replaces) the session of `shard`. Returns 0 or a bb_err. */
int store_discord_session_set(struct store *st, int shard, const char *session_id,
			      const char *resume_url, int64_t seq);

/* Updates only the sequence number (cheap enough to call per dispatch,
 * but batching is kinder). Returns 0, or BB_ENOTFOUND with no session. */
int store_discord_seq_set(struct store *st, int shard, int64_t seq);

/* Forgets the session of `shard` (after INVALID_SESSION d=false). Returns 0
 * whether or not there was one. */
int store_discord_session_delete(struct store *st, int shard);

/* Frees the strings of `s` and zeroes it. NULL-safe. */
void store_discord_session_clear(struct store_discord_session *s);

/* ---- digest subscriptions ----------------------------------------------- */

struct store_sub {
	int64_t id;           /* assigned by store_sub_add() */
	char *platform;       /* "discord", "matrix", ... */
	char *room;           /* channel or room id */
	char *cron;           /* schedule, e.g. "0 9 * * 1-5" */
	char *tz;             /* IANA time zone, e.g. "Europe/Istanbul" */
	char *created_by;     /* user id of who subscribed */
	int64_t created_ms;
	int64_t last_slot_ms; /* start of the last slot posted; 0: never */
	char *paused;         /* why it is paused, "" when it is not */
	int64_t missed;       /* slots skipped since the last post */
	char *source;         /* "chat" or "config": where it was declared */
	int64_t pending_slot_ms; /* latest slot recorded pending, not posted; 0: none */
};

/* Adds a subscription (platform, room, cron, tz, created_by, created_ms
 * and source (NULL: "chat") of `sub` are used; the strings are copied) and stores its new id in
 * *id_out (if not NULL). Returns 0, BB_EEXIST when the same platform, room,
 * cron and tz are already subscribed, BB_EINVAL for a missing field. */
int store_sub_add(struct store *st, const struct store_sub *sub, int64_t *id_out);

/* Removes subscription `id`. Returns 0 or BB_ENOTFOUND. */
int store_sub_remove(struct store *st, int64_t id);

/* Fills *out with a malloc'ed array of the subscriptions matching
 * `platform` and `room` (NULL matches any), ordered by id, and *n_out with
 * its length. Free with store_sub_list_free(). Returns 0 (maybe with none)
 * or a bb_err (then *out is NULL). */
int store_sub_list(struct store *st, const char *platform, const char *room,
		   struct store_sub **out, size_t *n_out);

/* Frees an array from store_sub_list(). NULL-safe. */
void store_sub_list_free(struct store_sub *subs, size_t n);

/* Fills *out with subscription `id` (free with store_sub_clear()).
 * Returns 0, BB_ENOTFOUND or a bb_err. */
int store_sub_get(struct store *st, int64_t id, struct store_sub *out);

/* Frees the strings of one subscription and zeroes it. NULL-safe. */
void store_sub_clear(struct store_sub *sub);

/* Records that subscription `id` was posted for the slot starting at
 * `slot_ms`. Returns 0 or BB_ENOTFOUND. */
int store_sub_mark_posted(struct store *st, int64_t id, int64_t slot_ms);

/* Pauses subscription `id` with the reason `why` (shown by `digest list`),
 * or resumes it when why is NULL or "". Returns 0 or BB_ENOTFOUND. */
int store_sub_pause(struct store *st, int64_t id, const char *why);

/* Adds n to the count of slots skipped since the last post. Returns 0 or
 * BB_ENOTFOUND. */
int store_sub_add_missed(struct store *st, int64_t id, int64_t n);

/* ---- idempotency -------------------------------------------------------- */

/* Atomically records `key` (any string, e.g. "digest:12:1632819600000").
 * Returns 0 if it was new (the caller goes ahead), BB_EEXIST if it had
 * been claimed before (the caller must not do it again), or a bb_err. */
int store_claim(struct store *st, const char *key, int64_t now_ms);

/* Returns 0 if `key` has been claimed, BB_ENOTFOUND if not. */
int store_claimed(struct store *st, const char *key);

/* Drops the records whose key starts with `prefix` ("" for all) claimed
 * before `before_ms` (housekeeping; keep them longer than any retry or
 * replay can last). Stores how many went in *n_out if not NULL. */
int store_claim_prune(struct store *st, const char *prefix, int64_t before_ms, size_t *n_out);

/* ---- transactions ------------------------------------------------------- */

typedef int (*store_tx_fn)(struct store *st, void *user);

/* Runs fn(st, user) in one transaction: committed if fn returns 0, rolled
 * back otherwise (nothing it wrote remains). Returns fn's result, or a
 * bb_err if the transaction itself failed. May nest (inner ones are
 * savepoints). */
int store_tx(struct store *st, store_tx_fn fn, void *user);

/* ---- digest slots ------------------------------------------------------ */

enum store_slot_state { STORE_SLOT_NONE, STORE_SLOT_PENDING, STORE_SLOT_POSTED };

/* Before sending: records slot `slot_ms` of subscription `id` as pending
 * with `idem_key`, the idempotency key the send will carry. Returns 0 when
 * the slot is ours to send: newly pending, or already pending with the
 * same key (a send a crash interrupted; *was_pending, if not NULL, tells
 * which). Returns BB_EEXIST when the slot was posted or an equal or later
 * slot was, BB_ENOTFOUND for an unknown subscription, BB_EINVAL when it is
 * pending under another key. */
int store_digest_pending(struct store *st, int64_t id, int64_t slot_ms, const char *idem_key,
			 int64_t now_ms, bool *was_pending);

/* After the platform accepted the send: in one transaction marks the slot
 * posted with `message_id`, moves the subscription's last slot to it,
 * resets its count of skipped slots and, when `articles` is not NULL,
 * records for the subscription's room that its last digest (this slot)
 * covered `articles` (one article id per line). Returns 0, or BB_ENOTFOUND
 * when the slot is not pending. */
int store_digest_posted(struct store *st, int64_t id, int64_t slot_ms, const char *message_id,
			const char *articles, int64_t now_ms);

/* Stores the state of one slot in *out (STORE_SLOT_NONE when never
 * recorded). Returns 0 or a bb_err. */
int store_digest_slot(struct store *st, int64_t id, int64_t slot_ms, enum store_slot_state *out);

/* What a room's last digest covered. */
struct store_room_digest {
	int64_t slot_ms;      /* the slot it was posted for */
	int64_t posted_ms;    /* when it was recorded posted */
	char *articles;       /* article ids, one per line; malloc'ed, caller frees */
};

/* Fills *out for `platform` and `room`. Returns 0, or BB_ENOTFOUND when
 * no digest was posted there yet. */
int store_room_digest_get(struct store *st, const char *platform, const char *room,
			  struct store_room_digest *out);

/* ---- Matrix E2E crypto state ------------------------------------------- */

/* Pickled crypto objects (bot/matrix/mcrypto.h), already encrypted by the
 * caller with its pickle key, by `kind` and `id`, with `meta`: text the
 * caller reads back as is ("" when NULL). Inserts or replaces. Returns 0
 * or a bb_err. */
int store_crypto_put(struct store *st, const char *kind, const char *id, const char *pickle,
		     const char *meta, int64_t now_ms);

/* Stores malloc'ed copies of the pickle and (if meta_out is not NULL) the
 * meta of (kind, id). Returns 0, BB_ENOTFOUND, or a bb_err. */
int store_crypto_get(struct store *st, const char *kind, const char *id, char **pickle_out,
		     char **meta_out);

/* Removes (kind, id). Returns 0 or BB_ENOTFOUND. */
int store_crypto_delete(struct store *st, const char *kind, const char *id);

/* Called per row; the strings are valid during the call only. A nonzero
 * return stops the listing and is returned by store_crypto_list(). */
typedef int (*store_crypto_fn)(void *user, const char *id, const char *pickle,
			       const char *meta);

/* Calls fn for every object of `kind` whose id starts with `prefix` (NULL
 * or "": all), the most recently written first. Do not write to the store
 * from fn. Returns 0, fn's nonzero result, or a bb_err. */
int store_crypto_list(struct store *st, const char *kind, const char *prefix,
		      store_crypto_fn fn, void *user);

/* Records that message `index` of inbound Megolm session `session` (any
 * string naming it uniquely, e.g. room, sender key and session id) was
 * event `event_id`. Returns 0 when the index is new or was the same event
 * (the same event seen again, as after a restart), BB_EEXIST when another
 * event used it: a replay, to refuse. */
int store_megolm_index(struct store *st, const char *session, uint32_t index,
		       const char *event_id, int64_t now_ms);

/* Forgets the index records made before `before_ms` (the table grows by one
 * row per encrypted message read). Stores how many went in *n_out if not
 * NULL. Returns 0 or a bb_err. */
int store_megolm_index_prune(struct store *st, int64_t before_ms, size_t *n_out);

#endif
