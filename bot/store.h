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
 * "claim the idempotency key" and "mark the slot posted" either both happen
 * or neither does. store_digest_claim() is that step for digests.
 *
 * Times are milliseconds since the Unix epoch, passed in by the caller.
 */
#ifndef BB_STORE_H
#define BB_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* The schema version this code writes. */
#define STORE_SCHEMA_VERSION 1

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
};

/* Adds a subscription (platform, room, cron, tz, created_by and created_ms
 * of `sub` are used; the strings are copied) and stores its new id in
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

/* Records that subscription `id` was posted for the slot starting at
 * `slot_ms`. Returns 0 or BB_ENOTFOUND. */
int store_sub_mark_posted(struct store *st, int64_t id, int64_t slot_ms);

/* ---- idempotency -------------------------------------------------------- */

/* Atomically records `key` (any string, e.g. "digest:12:1632819600000").
 * Returns 0 if it was new (the caller goes ahead), BB_EEXIST if it had
 * been claimed before (the caller must not do it again), or a bb_err. */
int store_claim(struct store *st, const char *key, int64_t now_ms);

/* Returns 0 if `key` has been claimed, BB_ENOTFOUND if not. */
int store_claimed(struct store *st, const char *key);

/* Drops records claimed before `before_ms` (housekeeping; keep them longer
 * than any retry can last). Stores how many went in *n_out if not NULL. */
int store_claim_prune(struct store *st, int64_t before_ms, size_t *n_out);

/* ---- transactions ------------------------------------------------------- */

typedef int (*store_tx_fn)(struct store *st, void *user);

/* Runs fn(st, user) in one transaction: committed if fn returns 0, rolled
 * back otherwise (nothing it wrote remains). Returns fn's result, or a
 * bb_err if the transaction itself failed. May nest (inner ones are
 * savepoints). */
int store_tx(struct store *st, store_tx_fn fn, void *user);

/* The digest step: in one transaction, claims the key
 * "digest:<id>:<slot_ms>" and marks subscription `id` posted for `slot_ms`.
 * Returns 0 if this slot is ours to post, BB_EEXIST if it was claimed
 * before or an equal or later slot was already posted, BB_ENOTFOUND for an
 * unknown subscription. */
int store_digest_claim(struct store *st, int64_t id, int64_t slot_ms, int64_t now_ms);

#endif
