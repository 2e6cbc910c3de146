/* Tests of bot/matrix/matrix_sync: /sync responses shaped like Synapse's (and
 * tests/doubles/fake_matrix.py's) turned into events and room facts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "bot/matrix/matrix_sync.h"

#define SELF "@bot:localhost"
#define ROOM "!r1:localhost"

static struct matrix_sync *parse(const char *json)
{
	return matrix_sync_parse(json, strlen(json), SELF);
}

#define MSG(id, sender, body) \
	"{\"type\":\"m.room.message\",\"event_id\":\"" id "\",\"sender\":\"" sender "\"," \
	"\"origin_server_ts\":1000,\"content\":{\"msgtype\":\"m.text\",\"body\":\"" body "\"}}"
#define JOIN(prev) \
	"{\"type\":\"m.room.member\",\"event_id\":\"$join\",\"sender\":\"" SELF "\"," \
	"\"state_key\":\"" SELF "\",\"content\":{\"membership\":\"join\",\"displayname\":\"Brief\"}" \
	prev "}"

static void test_refuses_garbage(void **state)
{
	(void)state;
	assert_null(parse(""));
	assert_null(parse("[]"));
	assert_null(parse("{\"rooms\":{}}"));
	assert_null(parse("{\"next_batch\":5}"));
	assert_null(parse("{\"next_batch\":\"s1\""));
	assert_null(matrix_sync_parse(NULL, 0, SELF));
}

static void test_empty_sections_omitted(void **state)
{
	(void)state;
	struct matrix_sync *s = parse("{\"next_batch\":\"s7\",\"device_one_time_keys_count\":{}}");
	assert_non_null(s);
	assert_string_equal(s->next_batch, "s7");
	assert_int_equal(s->n_rooms, 0);
	assert_int_equal(s->n_events, 0);
	matrix_sync_free(s);
	matrix_sync_free(NULL);
}

static void test_history_before_join_is_backlog(void **state)
{
	(void)state;
	struct matrix_sync *s = parse(
		"{\"next_batch\":\"s9\",\"rooms\":{\"join\":{\"" ROOM "\":{"
		"\"summary\":{\"m.joined_member_count\":2},"
		"\"state\":{\"events\":[]},"
		"\"timeline\":{\"limited\":false,\"prev_batch\":\"s3\",\"events\":["
		MSG("$old", "@alice:localhost", "!ping") "," JOIN("") ","
		MSG("$new", "@alice:localhost", "!ping now") "]}}}}}");
	assert_non_null(s);
	assert_int_equal(s->n_rooms, 1);
	assert_string_equal(s->rooms[0].room_id, ROOM);
	assert_int_equal(s->rooms[0].joined_members, 2);
	assert_true(s->rooms[0].joined_now);
	assert_false(s->rooms[0].limited);
	assert_string_equal(s->rooms[0].self_displayname, "Brief");
	assert_int_equal(s->n_events, 2);
	assert_int_equal(s->events[0].kind, MATRIX_EV_MESSAGE);
	assert_string_equal(s->events[0].event_id, "$old");
	assert_true(s->events[0].backlog);
	assert_string_equal(s->events[1].event_id, "$new");
	assert_string_equal(s->events[1].room_id, ROOM);
	assert_string_equal(s->events[1].sender, "@alice:localhost");
	assert_string_equal(s->events[1].body, "!ping now");
	assert_string_equal(s->events[1].msgtype, "m.text");
	assert_int_equal(s->events[1].origin_ts, 1000);
	assert_false(s->events[1].backlog);
	matrix_sync_free(s);
}

static void test_profile_change_is_not_a_join(void **state)
{
	(void)state;
	struct matrix_sync *s = parse(
		"{\"next_batch\":\"s9\",\"rooms\":{\"join\":{\"" ROOM "\":{\"timeline\":{"
		"\"limited\":true,\"prev_batch\":\"s4\",\"events\":["
		MSG("$a", "@alice:localhost", "hi") ","
		JOIN(",\"unsigned\":{\"prev_content\":{\"membership\":\"join\"}}") "]}}}}}");
	assert_non_null(s);
	assert_false(s->rooms[0].joined_now);
	assert_true(s->rooms[0].limited);
	assert_string_equal(s->rooms[0].prev_batch, "s4");
	assert_int_equal(s->rooms[0].joined_members, -1);
	assert_int_equal(s->n_events, 1);
	assert_false(s->events[0].backlog);
	matrix_sync_free(s);
}

static void test_own_echo_and_bad_events(void **state)
{
	(void)state;
	struct matrix_sync *s = parse(
		"{\"next_batch\":\"s2\",\"rooms\":{\"join\":{\"" ROOM "\":{\"timeline\":{\"events\":["
		"{\"type\":\"m.room.message\",\"event_id\":\"$e\",\"sender\":\"" SELF "\","
		"\"content\":{\"msgtype\":\"m.text\",\"body\":\"pong\"},"
		"\"unsigned\":{\"transaction_id\":\"bb1-x-0\"}},"
		"{\"type\":\"m.room.message\",\"event_id\":\"$redacted\",\"sender\":\"@a:x\",\"content\":{}},"
		"{\"type\":\"m.room.message\",\"sender\":\"@a:x\",\"content\":{\"msgtype\":\"m.text\",\"body\":\"no id\"}},"
		"{\"type\":7,\"event_id\":\"$n\",\"sender\":\"@a:x\"},"
		"42, \"text\", null]}}, \"!bad\": 5}}}");
	assert_non_null(s);
	assert_int_equal(s->n_events, 1);
	assert_string_equal(s->events[0].txn_id, "bb1-x-0");
	assert_string_equal(s->events[0].sender, SELF);
	matrix_sync_free(s);
}

static void test_encrypted_room(void **state)
{
	(void)state;
	struct matrix_sync *s = parse(
		"{\"next_batch\":\"s5\",\"rooms\":{\"join\":{\"" ROOM "\":{"
		"\"state\":{\"events\":[{\"type\":\"m.room.encryption\",\"state_key\":\"\","
		"\"sender\":\"@a:x\",\"event_id\":\"$s\",\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\"}}]},"
		"\"timeline\":{\"events\":[{\"type\":\"m.room.encrypted\",\"event_id\":\"$c\","
		"\"sender\":\"@alice:localhost\",\"content\":{\"ciphertext\":\"xx\"}}]}},"
		"\"!plain:x\":{\"timeline\":{\"events\":[" MSG("$p", "@a:x", "hi") "]}}}}}");
	assert_non_null(s);
	assert_int_equal(s->n_rooms, 2);
	assert_true(s->rooms[0].encrypted);
	assert_false(s->rooms[1].encrypted);
	assert_int_equal(s->n_events, 2);
	assert_int_equal(s->events[0].kind, MATRIX_EV_ENCRYPTED);
	assert_null(s->events[0].body);
	assert_int_equal(s->events[1].kind, MATRIX_EV_MESSAGE);
	assert_string_equal(s->events[1].room_id, "!plain:x");
	/* what decryption needs: the content, the room's settings */
	assert_string_equal(cJSON_GetObjectItem(s->events[0].content, "ciphertext")->valuestring,
			    "xx");
	assert_null(s->events[1].content);
	assert_string_equal(cJSON_GetObjectItem(s->rooms[0].encryption, "algorithm")->valuestring,
			    "m.megolm.v1.aes-sha2");
	assert_null(s->rooms[1].encryption);
	/* no E2E sections: none reported */
	assert_null(s->to_device);
	assert_null(s->device_lists);
	assert_int_equal(s->otk_count, -1);
	assert_false(s->fallback_missing);
	matrix_sync_free(s);
}

/* The end-to-end sections of a /sync, and other members coming and going. */
static void test_e2ee_sections_and_member_changes(void **state)
{
	(void)state;
	struct matrix_sync *s = parse(
		"{\"next_batch\":\"s6\",\"to_device\":{\"events\":[{\"type\":\"m.room.encrypted\","
		"\"sender\":\"@a:x\",\"content\":{}}]},"
		"\"device_lists\":{\"changed\":[\"@a:x\"],\"left\":[]},"
		"\"device_one_time_keys_count\":{\"signed_curve25519\":7},"
		"\"device_unused_fallback_key_types\":[],"
		"\"rooms\":{\"join\":{\"" ROOM "\":{\"timeline\":{\"events\":["
		"{\"type\":\"m.room.member\",\"state_key\":\"@b:x\",\"sender\":\"@b:x\","
		"\"event_id\":\"$m1\",\"content\":{\"membership\":\"join\"}}]}},"
		"\"!two:x\":{\"timeline\":{\"events\":["
		"{\"type\":\"m.room.member\",\"state_key\":\"@b:x\",\"sender\":\"@a:x\","
		"\"event_id\":\"$m2\",\"content\":{\"membership\":\"ban\"}}]}},"
		"\"!three:x\":{\"timeline\":{\"events\":["
		"{\"type\":\"m.room.member\",\"state_key\":\"" SELF "\",\"sender\":\"" SELF "\","
		"\"event_id\":\"$m3\",\"content\":{\"membership\":\"join\"}}]}}}}}");
	assert_non_null(s);
	assert_int_equal(cJSON_GetArraySize(s->to_device), 1);
	assert_non_null(cJSON_GetObjectItem(s->device_lists, "changed"));
	assert_int_equal(s->otk_count, 7);
	assert_true(s->fallback_missing);
	assert_int_equal(s->n_rooms, 3);
	assert_true(s->rooms[0].members_changed);
	assert_false(s->rooms[0].member_left);
	assert_true(s->rooms[1].members_changed);
	assert_true(s->rooms[1].member_left);
	assert_false(s->rooms[2].members_changed); /* our own join */
	matrix_sync_free(s);
	s = parse("{\"next_batch\":\"s7\",\"device_unused_fallback_key_types\":"
		  "[\"signed_curve25519\"],\"to_device\":{\"events\":{}}}");
	assert_false(s->fallback_missing);
	assert_null(s->to_device);
	matrix_sync_free(s);
}

static void test_invites_and_leaves_in_order(void **state)
{
	(void)state;
	struct matrix_sync *s = parse(
		"{\"next_batch\":\"s6\",\"rooms\":{"
		"\"leave\":{\"!kicked:x\":{\"timeline\":{\"events\":[{\"type\":\"m.room.member\","
		"\"event_id\":\"$k\",\"sender\":\"@admin:x\",\"state_key\":\"" SELF "\","
		"\"content\":{\"membership\":\"leave\"}}]}},"
		"\"!banned:x\":{\"state\":{\"events\":[{\"type\":\"m.room.member\","
		"\"event_id\":\"$b\",\"sender\":\"@admin:x\",\"state_key\":\"" SELF "\","
		"\"content\":{\"membership\":\"ban\"}}]},\"timeline\":{\"events\":[]}}},"
		"\"invite\":{\"!inv:x\":{\"invite_state\":{\"events\":["
		"{\"type\":\"m.room.encryption\",\"state_key\":\"\",\"sender\":\"@alice:x\",\"content\":{}},"
		"{\"type\":\"m.room.member\",\"state_key\":\"@alice:x\",\"sender\":\"@alice:x\",\"content\":{\"membership\":\"join\"}},"
		"{\"type\":\"m.room.member\",\"state_key\":\"" SELF "\",\"sender\":\"@alice:x\","
		"\"event_id\":\"$i\",\"content\":{\"membership\":\"invite\",\"is_direct\":true}}]}},"
		"\"!other:x\":{\"invite_state\":{\"events\":[{\"type\":\"m.room.member\","
		"\"state_key\":\"@someone:x\",\"sender\":\"@alice:x\",\"content\":{\"membership\":\"invite\"}}]}}},"
		"\"join\":{\"" ROOM "\":{\"timeline\":{\"events\":[" MSG("$m", "@a:x", "x") "]}}}}}");
	assert_non_null(s);
	assert_int_equal(s->n_events, 4);
	assert_int_equal(s->events[0].kind, MATRIX_EV_MESSAGE);
	assert_int_equal(s->events[1].kind, MATRIX_EV_INVITE);
	assert_string_equal(s->events[1].room_id, "!inv:x");
	assert_string_equal(s->events[1].sender, "@alice:x");
	assert_true(s->events[1].is_direct);
	assert_true(s->events[1].room_encrypted);
	assert_int_equal(s->events[2].kind, MATRIX_EV_LEAVE);
	assert_string_equal(s->events[2].room_id, "!kicked:x");
	assert_string_equal(s->events[2].membership, "leave");
	assert_string_equal(s->events[2].sender, "@admin:x");
	assert_int_equal(s->events[3].kind, MATRIX_EV_LEAVE);
	assert_string_equal(s->events[3].membership, "ban");
	matrix_sync_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refuses_garbage),
		cmocka_unit_test(test_empty_sections_omitted),
		cmocka_unit_test(test_history_before_join_is_backlog),
		cmocka_unit_test(test_profile_change_is_not_a_join),
		cmocka_unit_test(test_own_echo_and_bad_events),
		cmocka_unit_test(test_encrypted_room),
		cmocka_unit_test(test_e2ee_sections_and_member_changes),
		cmocka_unit_test(test_invites_and_leaves_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
