/* bot/matrix/e2ee: two devices, each with its own store, talk the whole
 * protocol through the bodies this module builds (the homeserver's part
 * played here): key upload, /keys/query, /keys/claim, a room key over Olm,
 * a Megolm message, a replay refused, a restart with the right and the
 * wrong pickle key, rotation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "bot/matrix/e2ee.h"
#include "bot/matrix/mcrypto.h"
#include "bot/store.h"
#include "common/error.h"
#include "common/strbuf.h"

#define ROOM "!r:x"

struct side {
	char path[64];
	struct store *st;
	struct e2ee *e;
	const char *user, *device;
	cJSON *device_keys;   /* as uploaded */
	cJSON *otks;          /* as uploaded */
};

static void side_open(struct side *s, const char *user, const char *device, const char *key,
		      int want)
{
	char err[256];
	if (!s->st)
		s->st = store_new(s->path, err, sizeof err);
	assert_non_null(s->st);
	s->user = user;
	s->device = device;
	struct e2ee_options o = { .store = s->st, .user_id = user, .device_id = device,
				  .pickle_key = key };
	char why[300];
	assert_int_equal(e2ee_open(&o, 1000, &s->e, why, sizeof why), want);
	if (want == BB_EAUTH)
		assert_non_null(strstr(why, "pickle key"));
}

static void side_upload(struct side *s, long server_count)
{
	char *body = e2ee_upload_body(s->e, server_count, false);
	assert_non_null(body);
	cJSON *j = cJSON_Parse(body);
	free(body);
	cJSON *dk = cJSON_DetachItemFromObject(j, "device_keys");
	if (dk) {
		cJSON_Delete(s->device_keys);
		s->device_keys = dk;
	}
	cJSON_Delete(s->otks);
	s->otks = cJSON_DetachItemFromObject(j, "one_time_keys");
	assert_non_null(cJSON_GetObjectItem(j, "fallback_keys"));
	cJSON_Delete(j);
	assert_int_equal(e2ee_uploaded(s->e, 1000), 0);
}

static void side_close(struct side *s)
{
	e2ee_free(s->e);
	s->e = NULL;
}

static void side_free(struct side *s)
{
	side_close(s);
	store_free(s->st);
	cJSON_Delete(s->device_keys);
	cJSON_Delete(s->otks);
	unlink(s->path);
	char more[80];
	snprintf(more, sizeof more, "%s-wal", s->path);
	unlink(more);
	snprintf(more, sizeof more, "%s-shm", s->path);
	unlink(more);
}

/* The /keys/query answer about `s`'s device. */
static cJSON *query_answer(struct side *s)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *u = cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "device_keys"), s->user);
	cJSON_AddItemToObject(u, s->device, cJSON_Duplicate(s->device_keys, true));
	return r;
}

/* The /keys/claim answer: one of `s`'s uploaded one-time keys. */
static cJSON *claim_answer(struct side *s)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *d = cJSON_AddObjectToObject(cJSON_AddObjectToObject(
		cJSON_AddObjectToObject(r, "one_time_keys"), s->user), s->device);
	cJSON *first = s->otks->child;
	cJSON_AddItemToObject(d, first->string, cJSON_Duplicate(first, true));
	return r;
}

/* Bot sends one message to the room where `human` is; returns the
 * m.room.encrypted content, and delivers any to-device message to human. */
static cJSON *bot_says(struct side *bot, struct side *human, const char *text, int64_t now,
		       const struct e2ee_rotation *rot, char *session, size_t cap)
{
	const char *users[] = { bot->user, human->user };
	/* `bot` is whoever speaks, `human` whoever reads */
	char *q = e2ee_query_body(bot->e, users, 2);
	if (q) {
		cJSON *a = query_answer(human);
		assert_int_equal(e2ee_on_query(bot->e, a), 1);
		cJSON_Delete(a);
		free(q);
	}
	char *c = e2ee_claim_body(bot->e, ROOM, users, 2);
	if (c) {
		cJSON *a = claim_answer(human);
		assert_int_equal(e2ee_on_claim(bot->e, a, now), 1);
		cJSON_Delete(a);
		free(c);
	}
	const char *sid = NULL;
	char *share = e2ee_share_body(bot->e, ROOM, users, 2, rot, now, &sid);
	assert_non_null(sid);
	snprintf(session, cap, "%s", sid);
	if (share) {
		cJSON *j = cJSON_Parse(share);
		free(share);
		cJSON *msg = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j,
			"messages"), human->user), human->device);
		assert_non_null(msg);
		cJSON *ev = cJSON_CreateObject();
		cJSON_AddStringToObject(ev, "type", "m.room.encrypted");
		cJSON_AddStringToObject(ev, "sender", bot->user);
		cJSON_AddItemToObject(ev, "content", cJSON_Duplicate(msg, true));
		char got[128];
		assert_int_equal(e2ee_to_device(human->e, ev, now, got, sizeof got), 1);
		assert_string_equal(got, session);
		cJSON_Delete(ev);
		cJSON_Delete(j);
	}
	cJSON *content = cJSON_CreateObject();
	cJSON_AddStringToObject(content, "msgtype", "m.text");
	cJSON_AddStringToObject(content, "body", text);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(content,
		"m.relates_to"), "m.in_reply_to"), "event_id", "$asked");
	char *enc = e2ee_encrypt(bot->e, ROOM, "m.room.message", content, now);
	cJSON_Delete(content);
	assert_non_null(enc);
	cJSON *out = cJSON_Parse(enc);
	free(enc);
	return out;
}

static const char *body_of(cJSON *plain)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(plain, "content"), "body")->valuestring;
}

static void test_round_trip_replay_restart(void **state)
{
	(void)state;
	struct side bot = {0}, human = {0};
	snprintf(bot.path, sizeof bot.path, "/tmp/test_e2ee.%d.bot.db", (int)getpid());
	snprintf(human.path, sizeof human.path, "/tmp/test_e2ee.%d.human.db", (int)getpid());
	side_open(&bot, "@bot:x", "BOTDEV", "bot key", 0);
	side_open(&human, "@alice:x", "ALICEDEV", "alice key", 0);
	side_upload(&bot, -1);
	side_upload(&human, -1);
	assert_true(cJSON_GetArraySize(human.otks) >= 25);
	/* the server has them all: nothing more to upload */
	assert_null(e2ee_upload_body(human.e, cJSON_GetArraySize(human.otks), false));

	char sid[128], sid2[128];
	cJSON *enc = bot_says(&bot, &human, "hello", 2000, NULL, sid, sizeof sid);
	/* m.relates_to stays in the clear, the text does not */
	assert_non_null(cJSON_GetObjectItem(enc, "m.relates_to"));
	char *text = cJSON_PrintUnformatted(enc);
	assert_null(strstr(text, "hello"));
	free(text);
	cJSON *plain = NULL;
	char got[128];
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e1", enc, 2000, &plain, got, sizeof got), 0);
	assert_string_equal(body_of(plain), "hello");
	assert_string_equal(got, sid);
	cJSON_Delete(plain);
	/* the same event again is fine (a sync repeated); under another id it is a replay */
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e1", enc, 2000, &plain, got, sizeof got), 0);
	cJSON_Delete(plain);
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e2", enc, 2000, &plain, got, sizeof got),
			 BB_EEXIST);
	assert_null(plain);
	/* relabelled as sent by someone else: refused */
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@mallory:x", "$e8", enc, 2000, &plain, got,
				      sizeof got), BB_EAUTH);
	/* lifted into another room: refused */
	assert_int_equal(e2ee_decrypt(human.e, "!other:x", "@bot:x", "$e3", enc, 2000, &plain, got, sizeof got),
			 BB_ENOTFOUND);
	cJSON_Delete(enc);

	/* a restart: a wrong key is refused, the right one reopens the same
	 * device, which still holds its sessions */
	const char *curve = e2ee_curve25519(bot.e);
	char was[64];
	snprintf(was, sizeof was, "%s", curve);
	side_close(&bot);
	side_open(&bot, "@bot:x", "BOTDEV", "wrong key", BB_EAUTH);
	side_open(&bot, "@bot:x", "BOTDEV", "bot key", 0);
	assert_string_equal(e2ee_curve25519(bot.e), was);
	enc = bot_says(&bot, &human, "again", 3000, NULL, sid2, sizeof sid2);
	assert_string_equal(sid2, sid); /* no new session, nothing re-shared */
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e4", enc, 3000, &plain, got, sizeof got), 0);
	assert_string_equal(body_of(plain), "again");
	cJSON_Delete(plain);
	cJSON_Delete(enc);

	/* rotation by message count, then by a member leaving */
	struct e2ee_rotation rot = { .ms = 0, .msgs = 2 };
	enc = bot_says(&bot, &human, "rotated", 4000, &rot, sid2, sizeof sid2);
	assert_string_not_equal(sid2, sid);
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e5", enc, 4000, &plain, got, sizeof got), 0);
	assert_string_equal(body_of(plain), "rotated");
	cJSON_Delete(plain);
	cJSON_Delete(enc);
	snprintf(sid, sizeof sid, "%s", sid2);
	e2ee_rotate(bot.e, ROOM);
	enc = bot_says(&bot, &human, "after leave", 5000, NULL, sid2, sizeof sid2);
	assert_string_not_equal(sid2, sid);
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e6", enc, 5000, &plain, got, sizeof got), 0);
	cJSON_Delete(plain);
	cJSON_Delete(enc);

	/* a message whose key never came */
	cJSON *orphan = cJSON_Parse("{\"algorithm\":\"m.megolm.v1.aes-sha2\",\"ciphertext\":\"AAAA\","
				    "\"session_id\":\"nosuch\",\"sender_key\":\"k\"}");
	assert_int_equal(e2ee_decrypt(human.e, ROOM, "@bot:x", "$e7", orphan, 5000, &plain, got, sizeof got),
			 BB_ENOTFOUND);
	assert_string_equal(got, "nosuch");
	cJSON_Delete(orphan);
	side_free(&bot);
	side_free(&human);
}

/* With verified_only, a device its owner did not cross-sign gets no key. */
static void test_verified_only_skips_unsigned_devices(void **state)
{
	(void)state;
	struct side bot = {0}, human = {0};
	snprintf(bot.path, sizeof bot.path, "/tmp/test_e2ee.%d.vbot.db", (int)getpid());
	snprintf(human.path, sizeof human.path, "/tmp/test_e2ee.%d.vhuman.db", (int)getpid());
	char err[256];
	bot.st = store_new(bot.path, err, sizeof err);
	struct e2ee_options o = { .store = bot.st, .user_id = "@bot:x", .device_id = "B",
				  .pickle_key = "k", .verified_only = true };
	assert_int_equal(e2ee_open(&o, 1, &bot.e, err, sizeof err), 0);
	side_open(&human, "@alice:x", "A", "k2", 0);
	side_upload(&human, -1);
	cJSON *a = query_answer(&human);
	assert_int_equal(e2ee_on_query(bot.e, a), 1);
	cJSON_Delete(a);
	const char *users[] = { "@alice:x" };
	assert_null(e2ee_claim_body(bot.e, ROOM, users, 1));
	const char *sid = NULL;
	assert_null(e2ee_share_body(bot.e, ROOM, users, 1, NULL, 1, &sid));
	assert_non_null(sid);
	/* a device whose keys are tampered with is dropped even in TOFU mode */
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(human.device_keys, "keys"), "curve25519:A",
				  cJSON_CreateString("forged"));
	a = query_answer(&human);
	assert_int_equal(e2ee_on_query(bot.e, a), 0);
	cJSON_Delete(a);
	side_free(&bot);
	side_free(&human);
}

/* A cross-signing key object of `user` for key `signer` (its public key is
 * the key id), signed by `by` (NULL: unsigned). */
static cJSON *xkey(const char *user, const char *usage, struct mcrypto_account *key,
		   struct mcrypto_account *by)
{
	cJSON *k = cJSON_CreateObject();
	cJSON_AddStringToObject(k, "user_id", user);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(k, "usage"), cJSON_CreateString(usage));
	char id[100];
	snprintf(id, sizeof id, "ed25519:%s", mcrypto_account_ed25519(key));
	cJSON_AddStringToObject(cJSON_AddObjectToObject(k, "keys"), id,
				mcrypto_account_ed25519(key));
	if (by)
		assert_int_equal(mcrypto_sign_json(by, k, user, mcrypto_account_ed25519(by)), 0);
	return k;
}

/* With verified_only, a device its owner cross-signed (device <- self-signing
 * key <- master key) gets the room key; after the master key changes, none
 * of that user's devices does. */
static void test_verified_only_shares_with_cross_signed(void **state)
{
	(void)state;
	struct side bot = {0}, human = {0};
	snprintf(bot.path, sizeof bot.path, "/tmp/test_e2ee.%d.xbot.db", (int)getpid());
	snprintf(human.path, sizeof human.path, "/tmp/test_e2ee.%d.xhuman.db", (int)getpid());
	char err[256];
	bot.st = store_new(bot.path, err, sizeof err);
	struct e2ee_options o = { .store = bot.st, .user_id = "@bot:x", .device_id = "B",
				  .pickle_key = "k", .verified_only = true };
	assert_int_equal(e2ee_open(&o, 1, &bot.e, err, sizeof err), 0);
	bot.user = "@bot:x";
	bot.device = "B";
	side_upload(&bot, -1);
	side_open(&human, "@alice:x", "A", "k2", 0);
	side_upload(&human, -1);
	/* alice writes to the bot before the bot knows her devices */
	char sid[128], got[128];
	cJSON *from_alice = bot_says(&human, &bot, "!ping", 1, NULL, sid, sizeof sid);
	cJSON *plain = NULL;
	assert_int_equal(e2ee_decrypt(bot.e, ROOM, "@alice:x", "$a1", from_alice, 1, &plain, got,
				      sizeof got), 0);
	cJSON_Delete(plain);
	assert_int_equal(e2ee_sender_trusted(bot.e, "@alice:x", ROOM, from_alice), BB_ENOTFOUND);
	/* alice's cross-signing keys: accounts of a library opened here */
	struct strbuf lib_err = {0};
	struct mcrypto_lib *lib = mcrypto_lib_open(&lib_err);
	assert_non_null(lib);
	strbuf_free(&lib_err);
	struct mcrypto_account *master = mcrypto_account_new(lib), *ssk = mcrypto_account_new(lib);
	struct mcrypto_account *other = mcrypto_account_new(lib);
	assert_int_equal(mcrypto_sign_json(ssk, human.device_keys, "@alice:x",
					   mcrypto_account_ed25519(ssk)), 0);
	cJSON *a = query_answer(&human);
	cJSON_AddItemToObject(cJSON_AddObjectToObject(a, "master_keys"), "@alice:x",
			      xkey("@alice:x", "master", master, NULL));
	cJSON_AddItemToObject(cJSON_AddObjectToObject(a, "self_signing_keys"), "@alice:x",
			      xkey("@alice:x", "self_signing", ssk, master));
	assert_int_equal(e2ee_on_query(bot.e, a), 1);
	cJSON_Delete(a);
	const char *users[] = { "@alice:x" };
	/* alice's pre-key message left an Olm session: nothing to claim, and
	 * her cross-signed device gets the bot's room key */
	assert_null(e2ee_claim_body(bot.e, ROOM, users, 1));
	const char *out_sid = NULL;
	char *share = e2ee_share_body(bot.e, ROOM, users, 1, NULL, 1, &out_sid);
	assert_non_null(share);
	assert_non_null(strstr(share, "\"@alice:x\":{\"A\":"));
	free(share);
	assert_int_equal(e2ee_sender_trusted(bot.e, "@alice:x", ROOM, from_alice), 1);
	/* without sender_key (optional since v1.3) the stored session says it */
	cJSON_DeleteItemFromObject(from_alice, "sender_key");
	assert_int_equal(e2ee_sender_trusted(bot.e, "@alice:x", ROOM, from_alice), 1);
	/* another user's event cannot borrow alice's trust */
	assert_int_equal(e2ee_sender_trusted(bot.e, "@mallory:x", ROOM, from_alice), BB_ENOTFOUND);

	/* the same device, now under another master key: not trusted */
	cJSON *d2 = query_answer(&human);
	cJSON_AddItemToObject(cJSON_AddObjectToObject(d2, "master_keys"), "@alice:x",
			      xkey("@alice:x", "master", other, NULL));
	cJSON_AddItemToObject(cJSON_AddObjectToObject(d2, "self_signing_keys"), "@alice:x",
			      xkey("@alice:x", "self_signing", ssk, other));
	cJSON *changed = cJSON_Parse("{\"changed\":[\"@alice:x\"]}");
	e2ee_device_lists(bot.e, changed);
	cJSON_Delete(changed);
	char *q = e2ee_query_body(bot.e, users, 1);
	assert_non_null(q); /* stale: asked again */
	free(q);
	assert_int_equal(e2ee_on_query(bot.e, d2), 1);
	cJSON_Delete(d2);
	assert_null(e2ee_query_body(bot.e, users, 1));
	assert_null(e2ee_share_body(bot.e, "!r2:x", users, 1, NULL, 1, &out_sid));
	assert_int_equal(e2ee_sender_trusted(bot.e, "@alice:x", ROOM, from_alice), 0);
	cJSON_Delete(from_alice);
	mcrypto_account_free(master);
	mcrypto_account_free(ssk);
	mcrypto_account_free(other);
	mcrypto_lib_close(lib);
	side_free(&bot);
	side_free(&human);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_replay_restart),
		cmocka_unit_test(test_verified_only_skips_unsigned_devices),
		cmocka_unit_test(test_verified_only_shares_with_cross_signed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
