#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bot/store.h"
#include "common/error.h"
#include "tests/unprivileged.h"

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/bot.db", fx->dir);
	char err[256];
	fx->st = store_new(fx->path, err, sizeof err);
	assert_non_null(fx->st);
	assert_string_equal(err, "");
	*state = fx;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	store_free(fx->st);
	/* the whole scratch folder, with whatever a failed test left in it */
	if (strncmp(fx->dir, "/tmp/test_store.", 16) == 0)
		nftw(fx->dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static void reopen(struct fx *fx)
{
	char err[256];
	store_free(fx->st);
	fx->st = store_new(fx->path, err, sizeof err);
	assert_non_null(fx->st);
}

static void test_settings_roundtrip_and_persist(void **state)
{
	struct fx *fx = *state;
	char *v = (char *)"junk";
	assert_int_equal(store_get(fx->st, "matrix", "since", &v), BB_ENOTFOUND);
	assert_null(v);
	assert_int_equal(store_set(fx->st, "matrix", "since", "s72594_4483_1934"), 0);
	assert_int_equal(store_set(fx->st, "matrix", "since", "s72595_4484_1934"), 0);
	assert_int_equal(store_set(fx->st, "room:!abc", "since", "other scope"), 0);
	reopen(fx);
	assert_int_equal(store_get(fx->st, "matrix", "since", &v), 0);
	assert_string_equal(v, "s72595_4484_1934");
	free(v);
	assert_int_equal(store_get(fx->st, "room:!abc", "since", &v), 0);
	assert_string_equal(v, "other scope");
	free(v);
	assert_int_equal(store_unset(fx->st, "matrix", "since"), 0);
	assert_int_equal(store_unset(fx->st, "matrix", "since"), BB_ENOTFOUND);
	assert_int_equal(store_get(fx->st, "matrix", "since", &v), BB_ENOTFOUND);
	assert_int_equal(store_set(fx->st, NULL, "k", "v"), BB_EINVAL);
	assert_int_equal(store_set(NULL, "s", "k", "v"), BB_EINVAL);
}

static void test_discord_session(void **state)
{
	struct fx *fx = *state;
	struct store_discord_session s;
	assert_int_equal(store_discord_session_get(fx->st, 0, &s), BB_ENOTFOUND);
	assert_null(s.session_id);
	assert_int_equal(store_discord_seq_set(fx->st, 0, 5), BB_ENOTFOUND);
	assert_int_equal(store_discord_session_set(fx->st, 0, "sess-a",
						   "wss://gateway-us-east1-b.discord.gg", 41), 0);
	assert_int_equal(store_discord_session_set(fx->st, 1, "sess-b", "wss://other", 7), 0);
	assert_int_equal(store_discord_seq_set(fx->st, 0, 42), 0);
	reopen(fx);
	assert_int_equal(store_discord_session_get(fx->st, 0, &s), 0);
	assert_string_equal(s.session_id, "sess-a");
	assert_string_equal(s.resume_url, "wss://gateway-us-east1-b.discord.gg");
	assert_int_equal(s.seq, 42);
	store_discord_session_clear(&s);
	assert_null(s.session_id);
	assert_int_equal(store_discord_session_delete(fx->st, 0), 0);
	assert_int_equal(store_discord_session_get(fx->st, 0, &s), BB_ENOTFOUND);
	assert_int_equal(store_discord_session_get(fx->st, 1, &s), 0);
	assert_string_equal(s.session_id, "sess-b");
	store_discord_session_clear(&s);
	store_discord_session_clear(NULL);
}

static struct store_sub make_sub(const char *platform, const char *room, const char *cron)
{
	struct store_sub sub = {
		.platform = (char *)platform, .room = (char *)room, .cron = (char *)cron,
		.tz = (char *)"Europe/Istanbul", .created_by = (char *)"user-1",
		.created_ms = 1632819600000,
	};
	return sub;
}

static void test_subscriptions(void **state)
{
	struct fx *fx = *state;
	int64_t a = 0, b = 0, c = 0;
	struct store_sub sub = make_sub("discord", "123", "0 9 * * *");
	assert_int_equal(store_sub_add(fx->st, &sub, &a), 0);
	assert_int_equal(store_sub_add(fx->st, &sub, NULL), BB_EEXIST);
	assert_non_null(strstr(store_errmsg(fx->st), "UNIQUE constraint failed"));
	sub = make_sub("discord", "123", "0 18 * * *");
	assert_int_equal(store_sub_add(fx->st, &sub, &b), 0);
	sub = make_sub("matrix", "!room:example.org", "0 9 * * 1-5");
	assert_int_equal(store_sub_add(fx->st, &sub, &c), 0);
	assert_true(a > 0 && b > a && c > b);
	sub.tz = NULL;
	assert_int_equal(store_sub_add(fx->st, &sub, NULL), BB_EINVAL);

	assert_int_equal(store_sub_mark_posted(fx->st, b, 1632848400000), 0);
	assert_int_equal(store_sub_mark_posted(fx->st, 9999, 1), BB_ENOTFOUND);
	reopen(fx);

	struct store_sub *list = NULL;
	size_t n = 0;
	assert_int_equal(store_sub_list(fx->st, NULL, NULL, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, a);
	assert_string_equal(list[2].room, "!room:example.org");
	assert_string_equal(list[2].tz, "Europe/Istanbul");
	assert_string_equal(list[2].created_by, "user-1");
	assert_int_equal(list[2].created_ms, 1632819600000);
	assert_int_equal(list[0].last_slot_ms, 0);
	assert_int_equal(list[1].last_slot_ms, 1632848400000);
	store_sub_list_free(list, n);

	assert_int_equal(store_sub_list(fx->st, "discord", "123", &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].cron, "0 18 * * *");
	store_sub_list_free(list, n);
	assert_int_equal(store_sub_list(fx->st, "matrix", NULL, &list, &n), 0);
	assert_int_equal(n, 1);
	store_sub_list_free(list, n);

	assert_int_equal(store_sub_remove(fx->st, a), 0);
	assert_int_equal(store_sub_remove(fx->st, a), BB_ENOTFOUND);
	assert_int_equal(store_sub_list(fx->st, "discord", NULL, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, b);
	store_sub_list_free(list, n);

	/* A removed id is never handed out again (its claims outlive it). */
	int64_t d = 0;
	sub = make_sub("discord", "123", "0 9 * * *");
	assert_int_equal(store_sub_add(fx->st, &sub, &d), 0);
	assert_true(d > c);
	assert_int_equal(store_sub_list(fx->st, "nobody", NULL, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_null(list);
}

static void test_claim_is_exactly_once(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(store_claimed(fx->st, "reply:msg-1"), BB_ENOTFOUND);
	assert_int_equal(store_claim(fx->st, "reply:msg-1", 1000), 0);
	assert_int_equal(store_claim(fx->st, "reply:msg-1", 2000), BB_EEXIST);
	assert_int_equal(store_claimed(fx->st, "reply:msg-1"), 0);
	assert_int_equal(store_claim(fx->st, "reply:msg-2", 3000), 0);
	reopen(fx);
	assert_int_equal(store_claim(fx->st, "reply:msg-1", 4000), BB_EEXIST);
	assert_int_equal(store_claim(fx->st, "reply:msg-2", 4000), BB_EEXIST);

	/* Pruning drops only records older than the limit, with the prefix. */
	assert_int_equal(store_claim(fx->st, "once:room-1", 1000), 0);
	size_t pruned = 99;
	assert_int_equal(store_claim_prune(fx->st, "reply:", 2000, &pruned), 0);
	assert_int_equal(pruned, 1);
	assert_int_equal(store_claim(fx->st, "once:room-1", 5000), BB_EEXIST);
	assert_int_equal(store_claim_prune(fx->st, "", 2000, &pruned), 0);
	assert_int_equal(pruned, 1);
	assert_int_equal(store_claim(fx->st, "once:room-1", 5000), 0);
	assert_int_equal(store_claim_prune(fx->st, NULL, 2000, &pruned), BB_EINVAL);
	assert_int_equal(store_claim(fx->st, "reply:msg-1", 5000), 0);
	assert_int_equal(store_claim(fx->st, "reply:msg-2", 5000), BB_EEXIST);
	assert_int_equal(store_claim(fx->st, NULL, 0), BB_EINVAL);
}

/* Two handles on one file (as after a crash-restart overlap): a key is
 * still claimed once. */
static void test_claim_once_across_handles(void **state)
{
	struct fx *fx = *state;
	char err[256];
	struct store *other = store_new(fx->path, err, sizeof err);
	assert_non_null(other);
	assert_int_equal(store_claim(fx->st, "k", 1), 0);
	assert_int_equal(store_claim(other, "k", 2), BB_EEXIST);
	assert_int_equal(store_claim(other, "k2", 2), 0);
	assert_int_equal(store_claim(fx->st, "k2", 3), BB_EEXIST);
	store_free(other);
}

struct tx_args {
	const char *key;
	int fail_with;
};

static int tx_set_and_claim(struct store *st, void *user)
{
	const struct tx_args *a = user;
	int err = store_set(st, "tx", a->key, "written");
	if (!err)
		err = store_claim(st, a->key, 1);
	return err ? err : a->fail_with;
}

static void test_tx_commits_or_rolls_back(void **state)
{
	struct fx *fx = *state;
	char *v = NULL;
	struct tx_args ok = { .key = "a" };
	assert_int_equal(store_tx(fx->st, tx_set_and_claim, &ok), 0);
	assert_int_equal(store_get(fx->st, "tx", "a", &v), 0);
	free(v);
	assert_int_equal(store_claimed(fx->st, "a"), 0);

	/* The function fails after both writes: neither remains. */
	struct tx_args bad = { .key = "b", .fail_with = BB_ENET };
	assert_int_equal(store_tx(fx->st, tx_set_and_claim, &bad), BB_ENET);
	assert_int_equal(store_get(fx->st, "tx", "b", &v), BB_ENOTFOUND);
	assert_int_equal(store_claimed(fx->st, "b"), BB_ENOTFOUND);

	/* A second claim of "a" fails inside: the set before it is undone. */
	assert_int_equal(store_set(fx->st, "tx", "a", "before"), 0);
	assert_int_equal(store_tx(fx->st, tx_set_and_claim, &ok), BB_EEXIST);
	assert_int_equal(store_get(fx->st, "tx", "a", &v), 0);
	assert_string_equal(v, "before");
	free(v);
	assert_int_equal(store_tx(fx->st, NULL, NULL), BB_EINVAL);
}

static int tx_nested(struct store *st, void *user)
{
	struct tx_args inner = { .key = "inner", .fail_with = BB_EIO };
	assert_int_equal(store_tx(st, tx_set_and_claim, &inner), BB_EIO);
	return store_set(st, "tx", "outer", "kept");
}

static void test_tx_nests(void **state)
{
	struct fx *fx = *state;
	char *v = NULL;
	assert_int_equal(store_tx(fx->st, tx_nested, NULL), 0);
	assert_int_equal(store_get(fx->st, "tx", "outer", &v), 0);
	free(v);
	assert_int_equal(store_get(fx->st, "tx", "inner", &v), BB_ENOTFOUND);
}

static void test_digest_pending_then_posted(void **state)
{
	struct fx *fx = *state;
	int64_t id = 0;
	struct store_sub sub = make_sub("discord", "123", "0 9 * * *");
	assert_int_equal(store_sub_add(fx->st, &sub, &id), 0);
	const int64_t slot1 = 1632819600000, slot2 = slot1 + 86400000;
	bool was = true;
	enum store_slot_state state_of;

	assert_int_equal(store_digest_slot(fx->st, id, slot1, &state_of), 0);
	assert_int_equal(state_of, STORE_SLOT_NONE);
	assert_int_equal(store_digest_pending(fx->st, id, slot1, "k1", 10, &was), 0);
	assert_false(was);
	/* A crash before the post was recorded: after a restart the slot is
	 * still ours, to send again with the same key, and the list shows it. */
	reopen(fx);
	assert_int_equal(store_digest_slot(fx->st, id, slot1, &state_of), 0);
	assert_int_equal(state_of, STORE_SLOT_PENDING);
	struct store_sub got;
	assert_int_equal(store_sub_get(fx->st, id, &got), 0);
	assert_int_equal(got.pending_slot_ms, slot1);
	assert_int_equal(got.last_slot_ms, 0);
	store_sub_clear(&got);
	assert_int_equal(store_digest_pending(fx->st, id, slot1, "k1", 11, &was), 0);
	assert_true(was);
	/* ... but not under another key. */
	assert_int_equal(store_digest_pending(fx->st, id, slot1, "other", 11, NULL), BB_EINVAL);

	assert_int_equal(store_sub_add_missed(fx->st, id, 2), 0);
	assert_int_equal(store_digest_posted(fx->st, id, slot1, "m-1", "sochi\nidlib", 12), 0);
	/* Posted is final: neither pending nor posted again. */
	assert_int_equal(store_digest_pending(fx->st, id, slot1, "k1", 13, NULL), BB_EEXIST);
	assert_int_equal(store_digest_posted(fx->st, id, slot1, "m-2", NULL, 13), BB_ENOTFOUND);
	/* An older slot after a newer one was posted is not sent either. */
	assert_int_equal(store_digest_pending(fx->st, id, slot1 - 86400000, "k0", 13, NULL),
			 BB_EEXIST);
	assert_int_equal(store_digest_pending(fx->st, 9999, slot2, "k9", 14, NULL), BB_ENOTFOUND);
	/* A slot never made pending cannot be marked posted. */
	assert_int_equal(store_digest_posted(fx->st, id, slot2, "m-3", NULL, 14), BB_ENOTFOUND);

	reopen(fx);
	assert_int_equal(store_sub_get(fx->st, id, &got), 0);
	assert_int_equal(got.last_slot_ms, slot1);
	assert_int_equal(got.pending_slot_ms, 0);
	assert_int_equal(got.missed, 0); /* the post told the room */
	assert_string_equal(got.source, "chat");
	store_sub_clear(&got);
	struct store_room_digest rd;
	assert_int_equal(store_room_digest_get(fx->st, "discord", "123", &rd), 0);
	assert_int_equal(rd.slot_ms, slot1);
	assert_int_equal(rd.posted_ms, 12);
	assert_string_equal(rd.articles, "sochi\nidlib");
	free(rd.articles);
	assert_int_equal(store_room_digest_get(fx->st, "discord", "999", &rd), BB_ENOTFOUND);
}

static void test_pause_and_missed(void **state)
{
	struct fx *fx = *state;
	int64_t id = 0;
	struct store_sub sub = make_sub("matrix", "!r:x", "daily 08:00 UTC");
	sub.source = "config";
	assert_int_equal(store_sub_add(fx->st, &sub, &id), 0);
	assert_int_equal(store_sub_pause(fx->st, id, "the channel is gone (404)"), 0);
	assert_int_equal(store_sub_add_missed(fx->st, id, 3), 0);
	reopen(fx);
	struct store_sub got;
	assert_int_equal(store_sub_get(fx->st, id, &got), 0);
	assert_string_equal(got.paused, "the channel is gone (404)");
	assert_int_equal(got.missed, 3);
	assert_string_equal(got.source, "config");
	store_sub_clear(&got);
	assert_int_equal(store_sub_pause(fx->st, id, NULL), 0);
	assert_int_equal(store_sub_get(fx->st, id, &got), 0);
	assert_string_equal(got.paused, "");
	store_sub_clear(&got);
	assert_int_equal(store_sub_pause(fx->st, 9999, "x"), BB_ENOTFOUND);
	assert_int_equal(store_sub_get(fx->st, 9999, &got), BB_ENOTFOUND);
}

/* A version 1 file (as the previous release wrote it) is upgraded in place:
 * its subscriptions keep their last posted slot, now a posted row. */
static void test_upgrade_from_v1(void **state)
{
	struct fx *fx = *state;
	store_free(fx->st);
	fx->st = NULL;
	unlink(fx->path);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE TABLE settings (scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
		" PRIMARY KEY (scope, key)) WITHOUT ROWID;"
		"CREATE TABLE discord_session (shard INTEGER PRIMARY KEY, session_id TEXT NOT NULL,"
		" resume_url TEXT NOT NULL, seq INTEGER NOT NULL);"
		"CREATE TABLE subscriptions (id INTEGER PRIMARY KEY AUTOINCREMENT,"
		" platform TEXT NOT NULL, room TEXT NOT NULL, cron TEXT NOT NULL,"
		" tz TEXT NOT NULL, created_by TEXT NOT NULL, created_ms INTEGER NOT NULL,"
		" last_slot_ms INTEGER NOT NULL DEFAULT 0, UNIQUE (platform, room, cron, tz));"
		"CREATE TABLE claims (key TEXT PRIMARY KEY, created_ms INTEGER NOT NULL) WITHOUT ROWID;"
		"CREATE INDEX claims_by_time ON claims (created_ms);"
		"INSERT INTO subscriptions (platform, room, cron, tz, created_by, created_ms,"
		" last_slot_ms) VALUES ('discord', '5', '0 9 * * *', 'UTC', 'u', 1, 1000);"
		"PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	reopen(fx);
	struct store_sub got;
	assert_int_equal(store_sub_get(fx->st, 1, &got), 0);
	assert_int_equal(got.last_slot_ms, 1000);
	assert_string_equal(got.paused, "");
	store_sub_clear(&got);
	enum store_slot_state st;
	assert_int_equal(store_digest_slot(fx->st, 1, 1000, &st), 0);
	assert_int_equal(st, STORE_SLOT_POSTED);
	assert_int_equal(store_digest_pending(fx->st, 1, 1000, "k", 5, NULL), BB_EEXIST);
	assert_int_equal(store_crypto_put(fx->st, "account", "a", "p", NULL, 1), 0); /* v3 */
}

static int count_row(void *user, const char *id, const char *pickle, const char *meta)
{
	char *seen = user;
	strncat(seen, id, 31 - strlen(seen));
	strncat(seen, pickle, 31 - strlen(seen));
	strncat(seen, meta, 31 - strlen(seen));
	return 0;
}

/* Crypto rows survive a reopen, a v2 file gains the tables, and a
 * Megolm index used by another event is refused while the same event
 * seen again is not. */
static void test_crypto_rows_and_megolm_index(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(store_crypto_put(fx->st, "olm", "K1|s1", "P1", "{}", 1), 0);
	assert_int_equal(store_crypto_put(fx->st, "olm", "K2|s2", "P2", NULL, 2), 0);
	assert_int_equal(store_crypto_put(fx->st, "account", "@b:x", "A", "", 3), 0);
	assert_int_equal(store_megolm_index(fx->st, "r|k|s", 0, "$a", 1), 0);
	reopen(fx);
	char *p = NULL, *m = NULL;
	assert_int_equal(store_crypto_get(fx->st, "olm", "K1|s1", &p, &m), 0);
	assert_string_equal(p, "P1");
	assert_string_equal(m, "{}");
	free(p);
	free(m);
	assert_int_equal(store_crypto_get(fx->st, "olm", "K3|s", &p, NULL), BB_ENOTFOUND);
	assert_null(p);
	char seen[32] = "";
	assert_int_equal(store_crypto_list(fx->st, "olm", "K1|", count_row, seen), 0);
	assert_string_equal(seen, "K1|s1P1{}");
	seen[0] = '\0';
	assert_int_equal(store_crypto_list(fx->st, "olm", NULL, count_row, seen), 0);
	assert_string_equal(seen, "K2|s2P2K1|s1P1{}"); /* newest first */
	assert_int_equal(store_crypto_delete(fx->st, "olm", "K2|s2"), 0);
	assert_int_equal(store_crypto_delete(fx->st, "olm", "K2|s2"), BB_ENOTFOUND);
	assert_int_equal(store_megolm_index(fx->st, "r|k|s", 0, "$a", 2), 0);
	assert_int_equal(store_megolm_index(fx->st, "r|k|s", 0, "$b", 2), BB_EEXIST);
	assert_int_equal(store_megolm_index(fx->st, "r|k|s", 1, "$b", 2), 0);
	assert_int_equal(store_megolm_index(fx->st, "r|k|t", 0, "$b", 2), 0);
	/* records made before time 2 go; the replay check forgets them */
	size_t n = 0;
	assert_int_equal(store_megolm_index_prune(fx->st, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_megolm_index(fx->st, "r|k|s", 0, "$b", 3), 0);
	assert_int_equal(store_megolm_index(fx->st, "r|k|s", 1, "$c", 3), BB_EEXIST);
}

static void test_bad_path_gives_clear_error(void **state)
{
	char err[256] = "untouched";
	struct store *st = store_new("/nonexistent-dir-briefbot/sub/bot.db", err, sizeof err);
	assert_null(st);
	assert_non_null(strstr(err, "/nonexistent-dir-briefbot/sub/bot.db"));
	assert_non_null(strstr(err, "cannot open"));
	assert_null(store_new(NULL, err, sizeof err));
	assert_non_null(strstr(err, "no database path"));
	assert_null(store_new("", NULL, 0));
	store_free(NULL);
}

/* A root-owned volume mounted where a non-root bot keeps its database:
 * SQLite alone says "unable to open database file"; the store says the
 * folder denies permission, and whose it is. */
static bool open_in_locked_folder(void *arg)
{
	const char *dir = arg;
	char path[256], err[512] = "";
	snprintf(path, sizeof path, "%s/bot.db", dir);
	struct store *st = store_new(path, err, sizeof err);
	store_free(st);
	bool ok = !st && strstr(err, "permission denied") && strstr(err, dir) &&
		  strstr(err, "create files in");
	if (!ok)
		fprintf(stderr, "store_new: %s\n", err);
	return ok;
}

/* The folder is writable but an existing database file is not. */
static bool open_read_only_file(void *arg)
{
	const char *path = arg;
	char err[512] = "";
	struct store *st = store_new(path, err, sizeof err);
	store_free(st);
	bool ok = !st && strstr(err, "permission denied") && strstr(err, "cannot write");
	if (!ok)
		fprintf(stderr, "store_new: %s\n", err);
	return ok;
}

static void test_permission_denied_is_named(void **state)
{
	struct fx *fx = *state;
	char locked[128];
	snprintf(locked, sizeof locked, "%s/locked", fx->dir);
	assert_int_equal(chmod(fx->dir, 0755), 0); /* mkdtemp's 0700: nobody may not enter */
	assert_int_equal(mkdir(locked, 0755), 0); /* root's (or ours, then 0555) */
	if (geteuid() != 0)
		assert_int_equal(chmod(locked, 0555), 0);
	assert_int_equal(unprivileged_run(open_in_locked_folder, locked), 1);
	assert_int_equal(rmdir(locked), 0);

	/* bot.db exists (setup made it); the folder is handed over, not the
	 * file, which is made read-only for its owner too. */
	store_free(fx->st);
	fx->st = NULL;
	assert_int_equal(unprivileged_chown(fx->dir), 0);
	assert_int_equal(chmod(fx->path, 0444), 0);
	assert_int_equal(unprivileged_run(open_read_only_file, fx->path), 1);
}

static void write_file(const char *path, const char *data, size_t len, off_t offset)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, data, len, offset), (ssize_t)len);
	close(fd);
}

static void test_not_a_database_gives_clear_error(void **state)
{
	struct fx *fx = *state;
	char path[160], err[256];
	snprintf(path, sizeof path, "%s/text.db", fx->dir);
	char text[4096];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 26);
	write_file(path, text, sizeof text, 0);
	struct store *st = store_new(path, err, sizeof err);
	assert_null(st);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "not a database"));
	unlink(path);
}

static void test_corrupted_database_gives_clear_error(void **state)
{
	struct fx *fx = *state;
	char err[256];
	/* Enough rows for several pages, then trash everything after the
	 * first page (the header stays valid). */
	char key[32];
	for (int i = 0; i < 500; i++) {
		snprintf(key, sizeof key, "key-%d-padding-padding-padding", i);
		assert_int_equal(store_claim(fx->st, key, i), 0);
	}
	store_free(fx->st);
	fx->st = NULL;
	struct stat sb;
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_true(sb.st_size > 4 * 4096);
	char junk[4096];
	memset(junk, 0xA5, sizeof junk);
	for (off_t off = 4096; off < sb.st_size; off += 4096)
		write_file(fx->path, junk, sizeof junk, off);

	struct store *st = store_new(fx->path, err, sizeof err);
	assert_null(st);
	assert_non_null(strstr(err, fx->path));
	assert_non_null(strstr(err, "corrupt"));
}

static void test_newer_schema_is_refused(void **state)
{
	struct fx *fx = *state;
	char err[256];
	/* Pretend a future briefbot wrote the file. */
	assert_int_equal(store_tx(fx->st, NULL, NULL), BB_EINVAL);
	store_free(fx->st);
	fx->st = NULL;
	char hdr[4];
	/* user_version is the 4-byte big-endian integer at offset 60. */
	hdr[0] = 0; hdr[1] = 0; hdr[2] = 0; hdr[3] = 99;
	write_file(fx->path, hdr, 4, 60);
	struct store *st = store_new(fx->path, err, sizeof err);
	assert_null(st);
	assert_non_null(strstr(err, "schema version 99 is newer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_settings_roundtrip_and_persist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discord_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscriptions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_is_exactly_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_once_across_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_commits_or_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_nests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_pending_then_posted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_and_missed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_from_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crypto_rows_and_megolm_index, setup, teardown),
		cmocka_unit_test(test_bad_path_gives_clear_error),
		cmocka_unit_test_setup_teardown(test_permission_denied_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database_gives_clear_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupted_database_gives_clear_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
