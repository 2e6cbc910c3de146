/* bot/matrix/mcrypto: canonical JSON, signing, Olm and Megolm round trips
 * with a second account made here, pickling with the right and a wrong
 * key. (Replays are refused one level up, by the index record in the
 * store: test_store and test_e2ee.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "bot/matrix/mcrypto.h"
#include "common/error.h"
#include "common/strbuf.h"

static const char KEY[] = "a pickle key";
static const char WRONG[] = "not the pickle key";

static void check_canon(const char *in, const char *want)
{
	cJSON *j = cJSON_Parse(in);
	assert_non_null(j);
	char *got = mcrypto_canonical_json(j);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	cJSON_Delete(j);
}

/* The examples of the Matrix spec's appendix on canonical JSON. */
static void test_canonical_json(void **state)
{
	(void)state;
	check_canon("{}", "{}");
	check_canon("{\"one\": 1, \"two\": \"Two\"}", "{\"one\":1,\"two\":\"Two\"}");
	check_canon("{\"b\": \"2\", \"a\": \"1\"}", "{\"a\":\"1\",\"b\":\"2\"}");
	check_canon("{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\","
		    " \"profile\": {\"display_name\": \"John Doe\", \"three_pids\": [{\"medium\":"
		    " \"email\", \"address\": \"john.doe@example.org\"}, {\"medium\": \"msisdn\","
		    " \"address\": \"123456789\"}]}}}",
		    "{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":"
		    "\"John Doe\",\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":"
		    "\"email\"},{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}");
	check_canon("{\"a\": \"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\"}",
		    "{\"a\":\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\"}");
	check_canon("{\"\xe6\x9c\xac\": 2, \"\xe6\x97\xa5\": 1}",
		    "{\"\xe6\x97\xa5\":1,\"\xe6\x9c\xac\":2}");
	check_canon("{\"a\": \"\\u65E5\"}", "{\"a\":\"\xe6\x97\xa5\"}");
	check_canon("{\"a\": null, \"b\": [1, -2, false], \"c\": \"q\\\"\\\\\\n\\u0001\"}",
		    "{\"a\":null,\"b\":[1,-2,false],\"c\":\"q\\\"\\\\\\n\\u0001\"}");
	/* no floats in canonical JSON */
	cJSON *f = cJSON_Parse("{\"a\": 1.5}");
	assert_null(mcrypto_canonical_json(f));
	cJSON_Delete(f);
}

static void test_sign_and_verify(void **state)
{
	struct mcrypto_lib *lib = *state;
	struct mcrypto_account *a = mcrypto_account_new(lib);
	assert_non_null(a);
	cJSON *obj = cJSON_Parse("{\"user_id\":\"@b:x\",\"keys\":{\"k\":\"v\"},"
				 "\"unsigned\":{\"n\":1}}");
	assert_int_equal(mcrypto_sign_json(a, obj, "@b:x", "DEV"), 0);
	assert_int_equal(mcrypto_verify_json(lib, obj, "@b:x", "ed25519:DEV",
					     mcrypto_account_ed25519(a)), 0);
	assert_int_equal(mcrypto_verify_json(lib, obj, "@b:x", "ed25519:OTHER",
					     mcrypto_account_ed25519(a)), BB_ENOTFOUND);
	/* "unsigned" is not signed: changing it keeps the signature good */
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(obj, "unsigned"), "n", cJSON_CreateNumber(2));
	assert_int_equal(mcrypto_verify_json(lib, obj, "@b:x", "ed25519:DEV",
					     mcrypto_account_ed25519(a)), 0);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(obj, "keys"), "k", cJSON_CreateString("w"));
	assert_int_equal(mcrypto_verify_json(lib, obj, "@b:x", "ed25519:DEV",
					     mcrypto_account_ed25519(a)), BB_EAUTH);
	cJSON_Delete(obj);
	mcrypto_account_free(a);
}

/* Takes one unpublished one-time key of `a`. */
static char *one_otk(struct mcrypto_account *a)
{
	cJSON *keys = NULL;
	assert_int_equal(mcrypto_account_unpublished(a, false, &keys), 0);
	assert_non_null(keys->child);
	char *k = strdup(keys->child->valuestring);
	cJSON_Delete(keys);
	return k;
}

/* Alice (the bot) opens a session to Bob from a claimed one-time key; Bob
 * answers the pre-key message from a session made from it; the reply
 * decrypts on Alice's side, and a third message flows on as a normal one. */
static void test_olm_round_trip(void **state)
{
	struct mcrypto_lib *lib = *state;
	struct mcrypto_account *alice = mcrypto_account_new(lib), *bob = mcrypto_account_new(lib);
	assert_non_null(alice);
	assert_non_null(bob);
	assert_string_not_equal(mcrypto_account_curve25519(alice), mcrypto_account_curve25519(bob));
	assert_true(mcrypto_account_max_otks(bob) >= 50);
	assert_int_equal(mcrypto_account_generate_otks(bob, 2), 0);
	char *otk = one_otk(bob);
	mcrypto_account_mark_published(bob);
	cJSON *none = NULL;
	assert_int_equal(mcrypto_account_unpublished(bob, false, &none), 0);
	assert_null(none->child);
	cJSON_Delete(none);

	struct mcrypto_olm *out = NULL, *in = NULL;
	assert_int_equal(mcrypto_olm_outbound(alice, mcrypto_account_curve25519(bob), otk, &out), 0);
	int type = -1;
	char *msg = NULL, *plain = NULL;
	assert_int_equal(mcrypto_olm_encrypt(out, "{\"hello\":1}", &type, &msg), 0);
	assert_int_equal(type, MCRYPTO_OLM_PREKEY);
	/* a made-up sender key does not open a session */
	assert_int_not_equal(mcrypto_olm_inbound(bob, mcrypto_account_curve25519(bob), msg, &in), 0);
	assert_null(in);
	assert_int_equal(mcrypto_olm_inbound(bob, mcrypto_account_curve25519(alice), msg, &in), 0);
	assert_string_equal(mcrypto_olm_id(in), mcrypto_olm_id(out));
	assert_true(mcrypto_olm_matches(in, mcrypto_account_curve25519(alice), msg));
	assert_int_equal(mcrypto_olm_decrypt(in, type, msg, &plain), 0);
	assert_string_equal(plain, "{\"hello\":1}");
	free(plain);
	free(msg);
	/* the reply */
	assert_int_equal(mcrypto_olm_encrypt(in, "reply", &type, &msg), 0);
	assert_int_equal(type, MCRYPTO_OLM_MESSAGE);
	assert_int_equal(mcrypto_olm_decrypt(out, type, msg, &plain), 0);
	assert_string_equal(plain, "reply");
	free(plain);
	/* tampering is caught */
	msg[strlen(msg) / 2] = msg[strlen(msg) / 2] == 'A' ? 'B' : 'A';
	assert_int_not_equal(mcrypto_olm_decrypt(out, type, msg, &plain), 0);
	assert_null(plain);
	free(msg);
	assert_int_equal(mcrypto_olm_decrypt(out, 7, "x", &plain), BB_EPARSE);
	/* the one-time key was used up: the same pre-key cannot start another */
	struct mcrypto_olm *again = NULL;
	assert_int_equal(mcrypto_olm_outbound(alice, mcrypto_account_curve25519(bob), otk, &again), 0);
	assert_int_equal(mcrypto_olm_encrypt(again, "x", &type, &msg), 0);
	struct mcrypto_olm *in2 = NULL;
	assert_int_equal(mcrypto_olm_inbound(bob, mcrypto_account_curve25519(alice), msg, &in2),
			 BB_EAUTH);
	free(msg);
	mcrypto_olm_free(again);

	/* sessions survive a pickle */
	char *pk = NULL;
	assert_int_equal(mcrypto_olm_pickle(in, KEY, strlen(KEY), &pk), 0);
	struct mcrypto_olm *back = NULL;
	assert_int_equal(mcrypto_olm_unpickle(lib, pk, WRONG, strlen(WRONG), &back), BB_EAUTH);
	assert_null(back);
	assert_int_equal(mcrypto_olm_unpickle(lib, pk, KEY, strlen(KEY), &back), 0);
	free(pk);
	assert_int_equal(mcrypto_olm_encrypt(out, "third", &type, &msg), 0);
	assert_int_equal(mcrypto_olm_decrypt(back, type, msg, &plain), 0);
	assert_string_equal(plain, "third");
	free(plain);
	free(msg);

	free(otk);
	mcrypto_olm_free(back);
	mcrypto_olm_free(in);
	mcrypto_olm_free(out);
	mcrypto_account_free(alice);
	mcrypto_account_free(bob);
}

/* A fallback key opens sessions and is not used up. */
static void test_fallback_key(void **state)
{
	struct mcrypto_lib *lib = *state;
	struct mcrypto_account *alice = mcrypto_account_new(lib), *bob = mcrypto_account_new(lib);
	assert_int_equal(mcrypto_account_generate_fallback(bob), 0);
	cJSON *fb = NULL;
	assert_int_equal(mcrypto_account_unpublished(bob, true, &fb), 0);
	assert_non_null(fb->child);
	char *key = strdup(fb->child->valuestring);
	cJSON_Delete(fb);
	for (int i = 0; i < 2; i++) {
		struct mcrypto_olm *out = NULL, *in = NULL;
		int type;
		char *msg = NULL, *plain = NULL;
		assert_int_equal(mcrypto_olm_outbound(alice, mcrypto_account_curve25519(bob), key,
						      &out), 0);
		assert_int_equal(mcrypto_olm_encrypt(out, "hi", &type, &msg), 0);
		assert_int_equal(mcrypto_olm_inbound(bob, mcrypto_account_curve25519(alice), msg,
						     &in), 0);
		assert_int_equal(mcrypto_olm_decrypt(in, type, msg, &plain), 0);
		assert_string_equal(plain, "hi");
		free(plain);
		free(msg);
		mcrypto_olm_free(in);
		mcrypto_olm_free(out);
	}
	mcrypto_account_mark_published(bob);
	assert_int_equal(mcrypto_account_unpublished(bob, true, &fb), 0);
	assert_null(fb->child);
	cJSON_Delete(fb);
	free(key);
	mcrypto_account_free(alice);
	mcrypto_account_free(bob);
}

static void test_account_pickle(void **state)
{
	struct mcrypto_lib *lib = *state;
	struct mcrypto_account *a = mcrypto_account_new(lib);
	assert_int_equal(mcrypto_account_generate_otks(a, 3), 0);
	char *pk = NULL;
	assert_int_equal(mcrypto_account_pickle(a, KEY, strlen(KEY), &pk), 0);
	assert_null(strstr(pk, mcrypto_account_curve25519(a))); /* encrypted */
	struct mcrypto_account *b = NULL;
	assert_int_equal(mcrypto_account_unpickle(lib, pk, WRONG, strlen(WRONG), &b), BB_EAUTH);
	assert_null(b);
	assert_int_equal(mcrypto_account_unpickle(lib, "garbage!", KEY, strlen(KEY), &b), BB_EAUTH);
	assert_int_equal(mcrypto_account_unpickle(lib, pk, KEY, 0, &b), BB_EINVAL);
	assert_int_equal(mcrypto_account_unpickle(lib, pk, KEY, strlen(KEY), &b), 0);
	assert_string_equal(mcrypto_account_curve25519(a), mcrypto_account_curve25519(b));
	assert_string_equal(mcrypto_account_ed25519(a), mcrypto_account_ed25519(b));
	cJSON *ka = NULL, *kb = NULL;
	assert_int_equal(mcrypto_account_unpublished(a, false, &ka), 0);
	assert_int_equal(mcrypto_account_unpublished(b, false, &kb), 0);
	assert_int_equal(cJSON_GetArraySize(kb), 3);
	assert_true(cJSON_Compare(ka, kb, true));
	cJSON_Delete(ka);
	cJSON_Delete(kb);
	free(pk);
	mcrypto_account_free(a);
	mcrypto_account_free(b);
}

/* Megolm: an outbound session's key opens an inbound one that decrypts
 * every message with its index; a pickled pair keeps going; a key taken
 * later cannot read earlier messages. */
static void test_megolm_round_trip(void **state)
{
	struct mcrypto_lib *lib = *state;
	struct mcrypto_megolm_out *out = mcrypto_megolm_out_new(lib);
	assert_non_null(out);
	assert_int_equal(mcrypto_megolm_out_index(out), 0);
	char *key = NULL;
	assert_int_equal(mcrypto_megolm_out_key(out, &key), 0);
	struct mcrypto_megolm_in *in = NULL;
	assert_int_equal(mcrypto_megolm_in_new(lib, key, &in), 0);
	free(key);
	assert_string_equal(mcrypto_megolm_in_id(in), mcrypto_megolm_out_id(out));
	assert_int_equal(mcrypto_megolm_in_first_index(in), 0);
	char *ct[3] = {0};
	for (int i = 0; i < 3; i++) {
		char text[16];
		snprintf(text, sizeof text, "message %d", i);
		assert_int_equal(mcrypto_megolm_out_encrypt(out, text, &ct[i]), 0);
	}
	assert_int_equal(mcrypto_megolm_out_index(out), 3);
	for (int i = 2; i >= 0; i--) { /* any order */
		char *plain = NULL, want[16];
		uint32_t idx = 99;
		assert_int_equal(mcrypto_megolm_in_decrypt(in, ct[i], &plain, &idx), 0);
		snprintf(want, sizeof want, "message %d", i);
		assert_string_equal(plain, want);
		assert_int_equal(idx, (uint32_t)i);
		free(plain);
	}
	/* the same ciphertext decrypts again with the same index: refusing it
	 * is the caller's job (store_megolm_index) */
	char *plain = NULL;
	uint32_t idx = 99;
	assert_int_equal(mcrypto_megolm_in_decrypt(in, ct[1], &plain, &idx), 0);
	assert_int_equal(idx, 1);
	free(plain);

	/* pickles, right and wrong key */
	char *po = NULL, *pi = NULL;
	assert_int_equal(mcrypto_megolm_out_pickle(out, KEY, strlen(KEY), &po), 0);
	assert_int_equal(mcrypto_megolm_in_pickle(in, KEY, strlen(KEY), &pi), 0);
	struct mcrypto_megolm_out *out2 = NULL;
	struct mcrypto_megolm_in *in2 = NULL;
	assert_int_equal(mcrypto_megolm_out_unpickle(lib, po, WRONG, strlen(WRONG), &out2), BB_EAUTH);
	assert_int_equal(mcrypto_megolm_in_unpickle(lib, pi, WRONG, strlen(WRONG), &in2), BB_EAUTH);
	assert_int_equal(mcrypto_megolm_out_unpickle(lib, po, KEY, strlen(KEY), &out2), 0);
	assert_int_equal(mcrypto_megolm_in_unpickle(lib, pi, KEY, strlen(KEY), &in2), 0);
	assert_int_equal(mcrypto_megolm_out_index(out2), 3);
	char *c4 = NULL;
	assert_int_equal(mcrypto_megolm_out_encrypt(out2, "four", &c4), 0);
	assert_int_equal(mcrypto_megolm_in_decrypt(in2, c4, &plain, &idx), 0);
	assert_string_equal(plain, "four");
	assert_int_equal(idx, 3);
	free(plain);

	/* a key shared at index 4 cannot read index 3 */
	assert_int_equal(mcrypto_megolm_out_key(out2, &key), 0);
	struct mcrypto_megolm_in *late = NULL;
	assert_int_equal(mcrypto_megolm_in_new(lib, key, &late), 0);
	free(key);
	assert_int_equal(mcrypto_megolm_in_first_index(late), 4);
	assert_int_equal(mcrypto_megolm_in_decrypt(late, c4, &plain, &idx), BB_ENOTFOUND);
	assert_int_equal(mcrypto_megolm_in_decrypt(late, "not base64 !", &plain, &idx), BB_EPARSE);
	struct mcrypto_megolm_in *bad = NULL;
	assert_int_not_equal(mcrypto_megolm_in_new(lib, "AAAA", &bad), 0);
	assert_null(bad);

	free(c4);
	free(po);
	free(pi);
	for (int i = 0; i < 3; i++)
		free(ct[i]);
	mcrypto_megolm_in_free(late);
	mcrypto_megolm_in_free(in2);
	mcrypto_megolm_out_free(out2);
	mcrypto_megolm_in_free(in);
	mcrypto_megolm_out_free(out);
}

/* The library, opened once for the group (the tests take it as state). */
static int open_lib(void **state)
{
	struct strbuf err = {0};
	*state = mcrypto_lib_open(&err);
	if (!*state)
		fprintf(stderr, "%s\n", strbuf_str(&err));
	strbuf_free(&err);
	return *state ? 0 : -1;
}

static int close_lib(void **state)
{
	mcrypto_lib_close(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_json),
		cmocka_unit_test(test_sign_and_verify),
		cmocka_unit_test(test_olm_round_trip),
		cmocka_unit_test(test_fallback_key),
		cmocka_unit_test(test_account_pickle),
		cmocka_unit_test(test_megolm_round_trip),
	};
	return cmocka_run_group_tests(tests, open_lib, close_lib);
}
