/* SQLite persistence; see store.h.
 *
 * Schema changes are rows in `migrations`: entry i takes the file from
 * user_version i to i + 1, inside one transaction. Never edit a shipped
 * entry; append a new one and bump STORE_SCHEMA_VERSION.
 *
 * All statements are prepared once at open (a typo in SQL fails the open,
 * not a later call) and reset after each use.
 */
#include "bot/store.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/fsaccess.h"

static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE settings ("
	"  scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
	"  PRIMARY KEY (scope, key)) WITHOUT ROWID;"
	"CREATE TABLE discord_session ("
	"  shard INTEGER PRIMARY KEY, session_id TEXT NOT NULL,"
	"  resume_url TEXT NOT NULL, seq INTEGER NOT NULL);"
	/* AUTOINCREMENT: ids are never reused, because idempotency keys
	 * ("digest:<id>:<slot>") outlive a deleted subscription. */
	"CREATE TABLE subscriptions ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  platform TEXT NOT NULL, room TEXT NOT NULL, cron TEXT NOT NULL,"
	"  tz TEXT NOT NULL, created_by TEXT NOT NULL, created_ms INTEGER NOT NULL,"
	"  last_slot_ms INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (platform, room, cron, tz));"
	"CREATE TABLE claims ("
	"  key TEXT PRIMARY KEY, created_ms INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX claims_by_time ON claims (created_ms);",
	/* 1 -> 2: a digest slot is recorded twice, "pending" before the send
	 * and "posted" (with the platform's message id) after, so a restart
	 * between the two re-sends with the same idempotency key. A
	 * subscription can be paused (why, or ''), counts the slots skipped
	 * since its last post, and says where it was declared ('chat' or
	 * 'config'). room_digest: what the last digest of each room covered. */
	"ALTER TABLE subscriptions ADD COLUMN paused TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE subscriptions ADD COLUMN missed INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE subscriptions ADD COLUMN source TEXT NOT NULL DEFAULT 'chat';"
	"CREATE TABLE digest_slots ("
	"  sub_id INTEGER NOT NULL, slot_ms INTEGER NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending', 'posted')),"
	"  idem_key TEXT NOT NULL, message_id TEXT NOT NULL DEFAULT '',"
	"  pending_ms INTEGER NOT NULL, posted_ms INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (sub_id, slot_ms)) WITHOUT ROWID;"
	"INSERT INTO digest_slots (sub_id, slot_ms, state, idem_key, pending_ms, posted_ms)"
	"  SELECT id, last_slot_ms, 'posted', '', created_ms, created_ms FROM subscriptions"
	"  WHERE last_slot_ms > 0;"
	"CREATE TABLE room_digest ("
	"  platform TEXT NOT NULL, room TEXT NOT NULL, slot_ms INTEGER NOT NULL,"
	"  posted_ms INTEGER NOT NULL, articles TEXT NOT NULL,"
	"  PRIMARY KEY (platform, room)) WITHOUT ROWID;",
	/* 2 -> 3: Matrix end-to-end encryption. crypto: pickled objects
	 * (encrypted with the pickle key, which is never stored) by kind
	 * ('account', 'olm', 'megolm_in', 'megolm_out') and id, with a JSON
	 * `meta` in the clear (public keys, counters). megolm_index: which
	 * event used each message index of an inbound Megolm session, so a
	 * replayed index is refused. */
	"CREATE TABLE crypto ("
	"  kind TEXT NOT NULL, id TEXT NOT NULL, pickle TEXT NOT NULL,"
	"  meta TEXT NOT NULL DEFAULT '', updated_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, id)) WITHOUT ROWID;"
	"CREATE TABLE megolm_index ("
	"  session TEXT NOT NULL, idx INTEGER NOT NULL, event_id TEXT NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (session, idx)) WITHOUT ROWID;",
};
_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
	       "one migration per schema version");

enum stmt_id {
	S_GET, S_SET, S_UNSET,
	S_DS_GET, S_DS_SET, S_DS_SEQ, S_DS_DEL,
	S_SUB_ADD, S_SUB_REMOVE, S_SUB_LIST, S_SUB_GET, S_SUB_MARK, S_SUB_LAST,
	S_SUB_PAUSE, S_SUB_MISSED, S_SUB_POSTED,
	S_SLOT_GET, S_SLOT_PENDING, S_SLOT_POSTED, S_ROOM_SET, S_ROOM_GET,
	S_CLAIM, S_CLAIMED, S_PRUNE,
	S_CR_PUT, S_CR_GET, S_CR_DEL, S_CR_LIST, S_MI_ADD, S_MI_GET, S_MI_PRUNE,
	N_STMT
};

/* The columns sub_read() reads, in its order. */
#define SUB_COLUMNS "id, platform, room, cron, tz, created_by, created_ms, last_slot_ms," \
	" paused, missed, source," \
	" (SELECT MAX(slot_ms) FROM digest_slots WHERE sub_id = id AND state = 'pending')"

static const char *const stmt_sql[N_STMT] = {
	[S_GET] = "SELECT value FROM settings WHERE scope = ?1 AND key = ?2",
	[S_SET] = "INSERT INTO settings (scope, key, value) VALUES (?1, ?2, ?3)"
		  " ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
	[S_UNSET] = "DELETE FROM settings WHERE scope = ?1 AND key = ?2",
	[S_DS_GET] = "SELECT session_id, resume_url, seq FROM discord_session WHERE shard = ?1",
	[S_DS_SET] = "INSERT OR REPLACE INTO discord_session (shard, session_id, resume_url, seq)"
		     " VALUES (?1, ?2, ?3, ?4)",
	[S_DS_SEQ] = "UPDATE discord_session SET seq = ?2 WHERE shard = ?1",
	[S_DS_DEL] = "DELETE FROM discord_session WHERE shard = ?1",
	[S_SUB_ADD] = "INSERT INTO subscriptions (platform, room, cron, tz, created_by, created_ms,"
		      " source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_SUB_REMOVE] = "DELETE FROM subscriptions WHERE id = ?1",
	[S_SUB_LIST] = "SELECT " SUB_COLUMNS " FROM subscriptions"
		       " WHERE (?1 IS NULL OR platform = ?1) AND (?2 IS NULL OR room = ?2)"
		       " ORDER BY id",
	[S_SUB_GET] = "SELECT " SUB_COLUMNS " FROM subscriptions WHERE id = ?1",
	[S_SUB_MARK] = "UPDATE subscriptions SET last_slot_ms = ?2 WHERE id = ?1",
	[S_SUB_LAST] = "SELECT last_slot_ms FROM subscriptions WHERE id = ?1",
	[S_SUB_PAUSE] = "UPDATE subscriptions SET paused = ?2 WHERE id = ?1",
	[S_SUB_MISSED] = "UPDATE subscriptions SET missed = missed + ?2 WHERE id = ?1",
	[S_SUB_POSTED] = "UPDATE subscriptions SET last_slot_ms = MAX(last_slot_ms, ?2), missed = 0"
			 " WHERE id = ?1",
	[S_SLOT_GET] = "SELECT state, idem_key FROM digest_slots WHERE sub_id = ?1 AND slot_ms = ?2",
	[S_SLOT_PENDING] = "INSERT INTO digest_slots (sub_id, slot_ms, state, idem_key, pending_ms)"
			   " VALUES (?1, ?2, 'pending', ?3, ?4)",
	[S_SLOT_POSTED] = "UPDATE digest_slots SET state = 'posted', message_id = ?3, posted_ms = ?4"
			  " WHERE sub_id = ?1 AND slot_ms = ?2 AND state = 'pending'",
	[S_ROOM_SET] = "INSERT OR REPLACE INTO room_digest (platform, room, slot_ms, posted_ms, articles)"
		       " SELECT platform, room, ?2, ?3, ?4 FROM subscriptions WHERE id = ?1",
	[S_ROOM_GET] = "SELECT slot_ms, posted_ms, articles FROM room_digest"
		       " WHERE platform = ?1 AND room = ?2",
	[S_CLAIM] = "INSERT INTO claims (key, created_ms) VALUES (?1, ?2)"
		    " ON CONFLICT (key) DO NOTHING",
	[S_CLAIMED] = "SELECT 1 FROM claims WHERE key = ?1",
	[S_PRUNE] = "DELETE FROM claims WHERE created_ms < ?1 AND substr(key, 1, length(?2)) = ?2",
	[S_CR_PUT] = "INSERT OR REPLACE INTO crypto (kind, id, pickle, meta, updated_ms)"
		     " VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_CR_GET] = "SELECT pickle, meta FROM crypto WHERE kind = ?1 AND id = ?2",
	[S_CR_DEL] = "DELETE FROM crypto WHERE kind = ?1 AND id = ?2",
	[S_CR_LIST] = "SELECT id, pickle, meta FROM crypto WHERE kind = ?1"
		      " AND substr(id, 1, length(?2)) = ?2 ORDER BY updated_ms DESC, id",
	[S_MI_ADD] = "INSERT INTO megolm_index (session, idx, event_id, created_ms)"
		     " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (session, idx) DO NOTHING",
	[S_MI_GET] = "SELECT event_id FROM megolm_index WHERE session = ?1 AND idx = ?2",
	[S_MI_PRUNE] = "DELETE FROM megolm_index WHERE created_ms < ?1",
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmts[N_STMT];
	char errmsg[256];
};

/* ---- errors and statement helpers --------------------------------------- */

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_CONSTRAINT:
		return BB_EEXIST;
	case SQLITE_NOMEM:
		return BB_ENOMEM;
	case SQLITE_TOOBIG:
		return BB_ETOOBIG;
	default:
		return BB_EIO;
	}
}

/* Records SQLite's message for `rc` and returns the matching bb_err. */
static int fail(struct store *st, int rc)
{
	snprintf(st->errmsg, sizeof st->errmsg, "%s", sqlite3_errmsg(st->db));
	return map_rc(rc);
}

/* Returns the prepared statement `id`, ready for binding. */
static sqlite3_stmt *stmt(struct store *st, enum stmt_id id)
{
	st->errmsg[0] = '\0';
	return st->stmts[id];
}

/* Binds a string, or NULL, by position. SQLITE_STATIC: every statement is
 * run and reset before the caller's strings can go away. */
static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void finish(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Steps a statement that returns no rows, then resets it. Returns 0 or a
 * bb_err. */
static int run(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	int err = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail(st, rc);
	finish(s);
	return err;
}

/* Steps a statement expected to return at most one row. Returns 0 with the
 * row ready to read (call finish() after), BB_ENOTFOUND (already
 * finished), or a bb_err (already finished). */
static int step_row(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 0;
	int err = rc == SQLITE_DONE ? BB_ENOTFOUND : fail(st, rc);
	finish(s);
	return err;
}

/* Returns a malloc'ed copy of text column `i` ("" for NULL), or NULL. */
static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);
	return strdup(v ? (const char *)v : "");
}

static int exec(struct store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(st, rc);
}

/* ---- open and close ----------------------------------------------------- */

static void set_err(char *errbuf, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!errbuf || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
}

/* SQLite could not open or first use the file: its own words hide a
 * permission problem ("unable to open database file: No such file or
 * directory" for a folder we may not write to), so the file's and its
 * folder's access are checked and named first when they are the cause. */
static void open_failed(const char *path, const char *sqlite_msg, const char *sys_msg,
			char *errbuf, size_t errlen)
{
	char why[512];
	if (fsaccess_writable(path, why, sizeof why) < 0)
		set_err(errbuf, errlen, "%s: cannot open database: %s", path, why);
	else
		set_err(errbuf, errlen, "%s: cannot open database: %s%s%s", path, sqlite_msg,
			sys_msg ? ": " : "", sys_msg ? sys_msg : "");
}

/* Runs a query whose single result is text, into out. Returns 0 or a
 * bb_err (message in st->errmsg). */
static int query_text(struct store *st, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc);
	rc = sqlite3_step(s);
	int err = 0;
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(s, 0);
		snprintf(out, outlen, "%s", v ? (const char *)v : "");
	} else if (rc == SQLITE_DONE) {
		snprintf(out, outlen, "%s", "");
	} else {
		err = fail(st, rc);
	}
	sqlite3_finalize(s);
	return err;
}

/* Brings the schema up to STORE_SCHEMA_VERSION. Returns 0 or a bb_err. */
static int migrate(struct store *st, char *errbuf, size_t errlen, const char *path)
{
	char text[64];
	int err = query_text(st, "PRAGMA user_version", text, sizeof text);
	if (err)
		return err;
	char *end = NULL;
	long version = strtol(text, &end, 10);
	if (end == text || version < 0) {
		snprintf(st->errmsg, sizeof st->errmsg, "bad user_version \"%s\"", text);
		return BB_EPARSE;
	}
	if (version > STORE_SCHEMA_VERSION) {
		set_err(errbuf, errlen,
			"%s: database schema version %ld is newer than this briefbot's (%d)",
			path, version, STORE_SCHEMA_VERSION);
		return BB_EINVAL;
	}
	for (long v = version; v < STORE_SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %ld", v + 1);
		err = exec(st, "BEGIN IMMEDIATE");
		if (!err)
			err = exec(st, migrations[v]);
		if (!err)
			err = exec(st, bump);
		if (!err)
			err = exec(st, "COMMIT");
		if (err) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return err;
		}
	}
	return 0;
}

struct store *store_new(const char *path, char *errbuf, size_t errlen)
{
	struct store *st = NULL;
	char text[256];
	int rc;
	int err;

	set_err(errbuf, errlen, "%s", "");
	if (!path || !*path) {
		set_err(errbuf, errlen, "store: no database path given");
		return NULL;
	}
	st = calloc(1, sizeof *st);
	if (!st) {
		set_err(errbuf, errlen, "%s: out of memory", path);
		return NULL;
	}
	rc = sqlite3_open_v2(path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		int sys = st->db ? sqlite3_system_errno(st->db) : 0;
		open_failed(path, st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc),
			    sys ? strerror(sys) : NULL, errbuf, errlen);
		goto fail;
	}
	/* SQLite falls back to read-only when the file is not writable; the
	 * bot could then not save anything. */
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		open_failed(path, "the file is read-only", NULL, errbuf, errlen);
		goto fail;
	}
	/* A writer of another process holding the lock: wait a little, not
	 * forever (only one process should use a file anyway). */
	sqlite3_busy_timeout(st->db, 200);

	/* The first statement that reads the file: "not a database" shows here. */
	err = query_text(st, "PRAGMA journal_mode = WAL", text, sizeof text);
	if (err) {
		open_failed(path, st->errmsg, NULL, errbuf, errlen);
		goto fail;
	}
	err = exec(st, "PRAGMA synchronous = NORMAL");
	/* SQLite caches up to 2 MB of pages by default, filled as the file
	 * grows: a bot running for days grew by it. The rows it reads at a
	 * time (a session, a claim, a slot) are few; the kernel caches the
	 * file anyway. */
	if (!err)
		err = exec(st, "PRAGMA cache_size = -128");
	if (!err)
		err = query_text(st, "PRAGMA quick_check", text, sizeof text);
	if (err || strcmp(text, "ok") != 0) {
		set_err(errbuf, errlen, "%s: database is corrupted: %s", path,
			err ? st->errmsg : text);
		goto fail;
	}
	err = migrate(st, errbuf, errlen, path);
	if (err) {
		if (errbuf && errlen && !errbuf[0])
			set_err(errbuf, errlen, "%s: cannot create tables: %s", path, st->errmsg);
		goto fail;
	}
	for (int i = 0; i < N_STMT; i++) {
		rc = sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					&st->stmts[i], NULL);
		if (rc != SQLITE_OK) {
			set_err(errbuf, errlen, "%s: cannot prepare statement %d: %s", path, i,
				sqlite3_errmsg(st->db));
			goto fail;
		}
	}
	return st;

fail:
	store_free(st);
	return NULL;
}

void store_free(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < N_STMT; i++)
		sqlite3_finalize(st->stmts[i]);
	sqlite3_close(st->db);
	free(st);
}

const char *store_errmsg(const struct store *st)
{
	return st ? st->errmsg : "";
}

/* ---- settings ----------------------------------------------------------- */

int store_get(struct store *st, const char *scope, const char *key, char **value_out)
{
	if (value_out)
		*value_out = NULL;
	if (!st || !scope || !key || !value_out)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_GET);
	bind_str(s, 1, scope);
	bind_str(s, 2, key);
	int err = step_row(st, s);
	if (err)
		return err;
	*value_out = col_dup(s, 0);
	finish(s);
	return *value_out ? 0 : BB_ENOMEM;
}

int store_set(struct store *st, const char *scope, const char *key, const char *value)
{
	if (!st || !scope || !key || !value)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SET);
	bind_str(s, 1, scope);
	bind_str(s, 2, key);
	bind_str(s, 3, value);
	return run(st, s);
}

/* Runs a DELETE/UPDATE statement and turns "no row changed" into
 * BB_ENOTFOUND. */
static int run_changed(struct store *st, sqlite3_stmt *s)
{
	int err = run(st, s);
	if (!err && sqlite3_changes(st->db) == 0)
		err = BB_ENOTFOUND;
	return err;
}

/* Runs UPDATE statement `id` with ?1 = key, ?2 = value. Returns 0, or
 * BB_ENOTFOUND when no row has that key. */
static int update_row(struct store *st, enum stmt_id id, int64_t key, int64_t value)
{
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, id);
	sqlite3_bind_int64(s, 1, key);
	sqlite3_bind_int64(s, 2, value);
	return run_changed(st, s);
}

int store_unset(struct store *st, const char *scope, const char *key)
{
	if (!st || !scope || !key)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_UNSET);
	bind_str(s, 1, scope);
	bind_str(s, 2, key);
	return run_changed(st, s);
}

/* ---- Discord session ---------------------------------------------------- */

void store_discord_session_clear(struct store_discord_session *s)
{
	if (!s)
		return;
	free(s->session_id);
	free(s->resume_url);
	memset(s, 0, sizeof *s);
}

int store_discord_session_get(struct store *st, int shard, struct store_discord_session *out)
{
	if (!out)
		return BB_EINVAL;
	memset(out, 0, sizeof *out);
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_DS_GET);
	sqlite3_bind_int(s, 1, shard);
	int err = step_row(st, s);
	if (err)
		return err;
	out->session_id = col_dup(s, 0);
	out->resume_url = col_dup(s, 1);
	out->seq = sqlite3_column_int64(s, 2);
	finish(s);
	if (!out->session_id || !out->resume_url) {
		store_discord_session_clear(out);
		return BB_ENOMEM;
	}
	return 0;
}

int store_discord_session_set(struct store *st, int shard, const char *session_id,
			      const char *resume_url, int64_t seq)
{
	if (!st || !session_id || !resume_url)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_DS_SET);
	sqlite3_bind_int(s, 1, shard);
	bind_str(s, 2, session_id);
	bind_str(s, 3, resume_url);
	sqlite3_bind_int64(s, 4, seq);
	return run(st, s);
}

int store_discord_seq_set(struct store *st, int shard, int64_t seq)
{
	return update_row(st, S_DS_SEQ, shard, seq);
}

int store_discord_session_delete(struct store *st, int shard)
{
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_DS_DEL);
	sqlite3_bind_int(s, 1, shard);
	return run(st, s);
}

/* ---- subscriptions ------------------------------------------------------ */

int store_sub_add(struct store *st, const struct store_sub *sub, int64_t *id_out)
{
	if (!st || !sub || !sub->platform || !sub->room || !sub->cron || !sub->tz ||
	    !sub->created_by)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SUB_ADD);
	bind_str(s, 1, sub->platform);
	bind_str(s, 2, sub->room);
	bind_str(s, 3, sub->cron);
	bind_str(s, 4, sub->tz);
	bind_str(s, 5, sub->created_by);
	sqlite3_bind_int64(s, 6, sub->created_ms);
	bind_str(s, 7, sub->source && *sub->source ? sub->source : "chat");
	int err = run(st, s);
	if (!err && id_out)
		*id_out = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_sub_remove(struct store *st, int64_t id)
{
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SUB_REMOVE);
	sqlite3_bind_int64(s, 1, id);
	return run_changed(st, s);
}

static void sub_clear(struct store_sub *sub)
{
	free(sub->platform);
	free(sub->room);
	free(sub->cron);
	free(sub->tz);
	free(sub->created_by);
	free(sub->paused);
	free(sub->source);
}

void store_sub_list_free(struct store_sub *subs, size_t n)
{
	if (!subs)
		return;
	for (size_t i = 0; i < n; i++)
		sub_clear(&subs[i]);
	free(subs);
}

/* Reads the current row of S_SUB_LIST into *sub. Returns 0 or BB_ENOMEM
 * (then *sub holds nothing to free). */
static int sub_read(sqlite3_stmt *s, struct store_sub *sub)
{
	memset(sub, 0, sizeof *sub);
	sub->id = sqlite3_column_int64(s, 0);
	sub->platform = col_dup(s, 1);
	sub->room = col_dup(s, 2);
	sub->cron = col_dup(s, 3);
	sub->tz = col_dup(s, 4);
	sub->created_by = col_dup(s, 5);
	sub->created_ms = sqlite3_column_int64(s, 6);
	sub->last_slot_ms = sqlite3_column_int64(s, 7);
	sub->paused = col_dup(s, 8);
	sub->missed = sqlite3_column_int64(s, 9);
	sub->source = col_dup(s, 10);
	sub->pending_slot_ms = sqlite3_column_int64(s, 11); /* NULL reads as 0 */
	if (sub->platform && sub->room && sub->cron && sub->tz && sub->created_by &&
	    sub->paused && sub->source)
		return 0;
	sub_clear(sub);
	return BB_ENOMEM;
}

int store_sub_list(struct store *st, const char *platform, const char *room,
		   struct store_sub **out, size_t *n_out)
{
	struct store_sub *subs = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	int rc;

	if (out)
		*out = NULL;
	if (n_out)
		*n_out = 0;
	if (!st || !out || !n_out)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SUB_LIST);
	bind_str(s, 1, platform);
	bind_str(s, 2, room);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct store_sub *grown = realloc(subs, ncap * sizeof *grown);
			if (!grown) {
				err = BB_ENOMEM;
				goto out;
			}
			subs = grown;
			cap = ncap;
		}
		err = sub_read(s, &subs[n]);
		if (err)
			goto out;
		n++;
	}
	if (rc != SQLITE_DONE)
		err = fail(st, rc);
out:
	finish(s);
	if (err) {
		store_sub_list_free(subs, n);
		return err;
	}
	*out = subs;
	*n_out = n;
	return 0;
}

int store_sub_mark_posted(struct store *st, int64_t id, int64_t slot_ms)
{
	return update_row(st, S_SUB_MARK, id, slot_ms);
}

/* ---- idempotency -------------------------------------------------------- */

int store_claim(struct store *st, const char *key, int64_t now_ms)
{
	if (!st || !key)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_CLAIM);
	bind_str(s, 1, key);
	sqlite3_bind_int64(s, 2, now_ms);
	/* ON CONFLICT DO NOTHING: one statement both checks and records, so
	 * there is no window between the two. */
	int err = run(st, s);
	if (!err && sqlite3_changes(st->db) == 0)
		err = BB_EEXIST;
	return err;
}

int store_claimed(struct store *st, const char *key)
{
	if (!st || !key)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_CLAIMED);
	bind_str(s, 1, key);
	int err = step_row(st, s);
	if (!err)
		finish(s);
	return err;
}

int store_claim_prune(struct store *st, const char *prefix, int64_t before_ms, size_t *n_out)
{
	if (n_out)
		*n_out = 0;
	if (!st || !prefix)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_PRUNE);
	sqlite3_bind_int64(s, 1, before_ms);
	bind_str(s, 2, prefix);
	int err = run(st, s);
	if (!err && n_out)
		*n_out = (size_t)sqlite3_changes(st->db);
	return err;
}

/* ---- transactions ------------------------------------------------------- */

int store_tx(struct store *st, store_tx_fn fn, void *user)
{
	if (!st || !fn)
		return BB_EINVAL;
	int err = exec(st, "SAVEPOINT store_tx");
	if (err)
		return err;
	int ret = fn(st, user);
	if (ret == 0) {
		ret = exec(st, "RELEASE store_tx");
		if (ret == 0)
			return 0;
	}
	/* Keep the caller's (or the commit's) error message. */
	char msg[sizeof st->errmsg];
	memcpy(msg, st->errmsg, sizeof msg);
	sqlite3_exec(st->db, "ROLLBACK TO store_tx", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE store_tx", NULL, NULL, NULL);
	memcpy(st->errmsg, msg, sizeof msg);
	return ret;
}

int store_sub_get(struct store *st, int64_t id, struct store_sub *out)
{
	if (!out)
		return BB_EINVAL;
	memset(out, 0, sizeof *out);
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SUB_GET);
	sqlite3_bind_int64(s, 1, id);
	int err = step_row(st, s);
	if (err)
		return err;
	err = sub_read(s, out);
	finish(s);
	return err;
}

void store_sub_clear(struct store_sub *sub)
{
	if (!sub)
		return;
	sub_clear(sub);
	memset(sub, 0, sizeof *sub);
}

int store_sub_pause(struct store *st, int64_t id, const char *why)
{
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SUB_PAUSE);
	sqlite3_bind_int64(s, 1, id);
	bind_str(s, 2, why ? why : "");
	return run_changed(st, s);
}

int store_sub_add_missed(struct store *st, int64_t id, int64_t n)
{
	return update_row(st, S_SUB_MISSED, id, n);
}

/* ---- digest slots ------------------------------------------------------- */

struct slot_step {
	int64_t id;
	int64_t slot_ms;
	const char *idem_key;
	const char *message_id;
	const char *articles;
	int64_t now_ms;
	bool was_pending;
};

static int slot_pending_tx(struct store *st, void *user)
{
	struct slot_step *ss = user;
	sqlite3_stmt *s = stmt(st, S_SUB_LAST);
	sqlite3_bind_int64(s, 1, ss->id);
	int err = step_row(st, s);
	if (err)
		return err;
	int64_t last = sqlite3_column_int64(s, 0);
	finish(s);
	s = stmt(st, S_SLOT_GET);
	sqlite3_bind_int64(s, 1, ss->id);
	sqlite3_bind_int64(s, 2, ss->slot_ms);
	err = step_row(st, s);
	if (err == 0) {
		bool pending = strcmp((const char *)sqlite3_column_text(s, 0), "pending") == 0;
		bool same_key = strcmp((const char *)sqlite3_column_text(s, 1), ss->idem_key) == 0;
		finish(s);
		if (!pending)
			return BB_EEXIST;
		if (!same_key) {
			snprintf(st->errmsg, sizeof st->errmsg,
				 "slot pending with another idempotency key");
			return BB_EINVAL;
		}
		ss->was_pending = true;
		return 0;
	}
	if (err != BB_ENOTFOUND)
		return err;
	if (last >= ss->slot_ms)
		return BB_EEXIST;
	s = stmt(st, S_SLOT_PENDING);
	sqlite3_bind_int64(s, 1, ss->id);
	sqlite3_bind_int64(s, 2, ss->slot_ms);
	bind_str(s, 3, ss->idem_key);
	sqlite3_bind_int64(s, 4, ss->now_ms);
	return run(st, s);
}

int store_digest_pending(struct store *st, int64_t id, int64_t slot_ms, const char *idem_key,
			 int64_t now_ms, bool *was_pending)
{
	if (was_pending)
		*was_pending = false;
	if (!idem_key || !*idem_key)
		return BB_EINVAL;
	struct slot_step ss = { .id = id, .slot_ms = slot_ms, .idem_key = idem_key,
				.now_ms = now_ms };
	int err = store_tx(st, slot_pending_tx, &ss);
	if (!err && was_pending)
		*was_pending = ss.was_pending;
	return err;
}

static int slot_posted_tx(struct store *st, void *user)
{
	const struct slot_step *ss = user;
	sqlite3_stmt *s = stmt(st, S_SLOT_POSTED);
	sqlite3_bind_int64(s, 1, ss->id);
	sqlite3_bind_int64(s, 2, ss->slot_ms);
	bind_str(s, 3, ss->message_id ? ss->message_id : "");
	sqlite3_bind_int64(s, 4, ss->now_ms);
	int err = run_changed(st, s);
	if (err)
		return err;
	/* The subscription moves on to this slot and its count of skipped
	 * slots starts again: this digest told the room about them. */
	err = update_row(st, S_SUB_POSTED, ss->id, ss->slot_ms);
	if (err || !ss->articles)
		return err;
	s = stmt(st, S_ROOM_SET);
	sqlite3_bind_int64(s, 1, ss->id);
	sqlite3_bind_int64(s, 2, ss->slot_ms);
	sqlite3_bind_int64(s, 3, ss->now_ms);
	bind_str(s, 4, ss->articles);
	return run(st, s);
}

int store_digest_posted(struct store *st, int64_t id, int64_t slot_ms, const char *message_id,
			const char *articles, int64_t now_ms)
{
	struct slot_step ss = { .id = id, .slot_ms = slot_ms, .message_id = message_id,
				.articles = articles, .now_ms = now_ms };
	return store_tx(st, slot_posted_tx, &ss);
}

int store_digest_slot(struct store *st, int64_t id, int64_t slot_ms, enum store_slot_state *out)
{
	if (!out)
		return BB_EINVAL;
	*out = STORE_SLOT_NONE;
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_SLOT_GET);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, slot_ms);
	int err = step_row(st, s);
	if (err)
		return err == BB_ENOTFOUND ? 0 : err;
	*out = strcmp((const char *)sqlite3_column_text(s, 0), "posted") == 0 ? STORE_SLOT_POSTED
									       : STORE_SLOT_PENDING;
	finish(s);
	return 0;
}

int store_room_digest_get(struct store *st, const char *platform, const char *room,
			  struct store_room_digest *out)
{
	if (!out)
		return BB_EINVAL;
	memset(out, 0, sizeof *out);
	if (!st || !platform || !room)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_ROOM_GET);
	bind_str(s, 1, platform);
	bind_str(s, 2, room);
	int err = step_row(st, s);
	if (err)
		return err;
	out->slot_ms = sqlite3_column_int64(s, 0);
	out->posted_ms = sqlite3_column_int64(s, 1);
	out->articles = col_dup(s, 2);
	finish(s);
	return out->articles ? 0 : BB_ENOMEM;
}

/* ---- Matrix E2E crypto state --------------------------------------------- */

int store_crypto_put(struct store *st, const char *kind, const char *id, const char *pickle,
		     const char *meta, int64_t now_ms)
{
	if (!st || !kind || !id || !pickle)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_CR_PUT);
	bind_str(s, 1, kind);
	bind_str(s, 2, id);
	bind_str(s, 3, pickle);
	bind_str(s, 4, meta ? meta : "");
	sqlite3_bind_int64(s, 5, now_ms);
	return run(st, s);
}

int store_crypto_get(struct store *st, const char *kind, const char *id, char **pickle_out,
		     char **meta_out)
{
	if (pickle_out)
		*pickle_out = NULL;
	if (meta_out)
		*meta_out = NULL;
	if (!st || !kind || !id || !pickle_out)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_CR_GET);
	bind_str(s, 1, kind);
	bind_str(s, 2, id);
	int err = step_row(st, s);
	if (err)
		return err;
	*pickle_out = col_dup(s, 0);
	if (meta_out)
		*meta_out = col_dup(s, 1);
	finish(s);
	if (!*pickle_out || (meta_out && !*meta_out)) {
		free(*pickle_out);
		*pickle_out = NULL;
		if (meta_out) {
			free(*meta_out);
			*meta_out = NULL;
		}
		return BB_ENOMEM;
	}
	return 0;
}

int store_crypto_delete(struct store *st, const char *kind, const char *id)
{
	if (!st || !kind || !id)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_CR_DEL);
	bind_str(s, 1, kind);
	bind_str(s, 2, id);
	return run_changed(st, s);
}

int store_crypto_list(struct store *st, const char *kind, const char *prefix,
		      store_crypto_fn fn, void *user)
{
	if (!st || !kind || !fn)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_CR_LIST);
	bind_str(s, 1, kind);
	bind_str(s, 2, prefix ? prefix : "");
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(user, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1),
			  (const char *)sqlite3_column_text(s, 2));
	int err = stop ? stop : (rc == SQLITE_DONE ? 0 : fail(st, rc));
	finish(s);
	return err;
}

int store_megolm_index_prune(struct store *st, int64_t before_ms, size_t *n_out)
{
	if (n_out)
		*n_out = 0;
	if (!st)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_MI_PRUNE);
	sqlite3_bind_int64(s, 1, before_ms);
	int err = run(st, s);
	if (!err && n_out)
		*n_out = (size_t)sqlite3_changes(st->db);
	return err;
}

int store_megolm_index(struct store *st, const char *session, uint32_t index,
		       const char *event_id, int64_t now_ms)
{
	if (!st || !session || !event_id)
		return BB_EINVAL;
	sqlite3_stmt *s = stmt(st, S_MI_ADD);
	bind_str(s, 1, session);
	sqlite3_bind_int64(s, 2, index);
	bind_str(s, 3, event_id);
	sqlite3_bind_int64(s, 4, now_ms);
	int err = run(st, s);
	if (err || sqlite3_changes(st->db) == 1)
		return err;
	s = stmt(st, S_MI_GET);
	bind_str(s, 1, session);
	sqlite3_bind_int64(s, 2, index);
	err = step_row(st, s);
	if (err)
		return err;
	const unsigned char *had = sqlite3_column_text(s, 0);
	err = had && strcmp((const char *)had, event_id) == 0 ? 0 : BB_EEXIST;
	finish(s);
	return err;
}
