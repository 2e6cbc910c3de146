/* libFuzzer target for bot/matrix/e2ee: what a homeserver or another
 * device sends the bot's crypto code. The input is one JSON object whose
 * parts go where the adapter would send them:
 *   "to_device": [events]          -> e2ee_to_device (Olm, m.room_key)
 *   "room": [m.room.encrypted contents] -> e2ee_decrypt (Megolm)
 *   "query": {/keys/query answer}  -> e2ee_on_query
 *   "claim": {/keys/claim answer}  -> e2ee_on_claim
 *   "device_lists": {changed, left} -> e2ee_device_lists
 * then a share and an encrypt for the room, so the devices the input
 * planted are used. Nothing may crash, leak or read out of bounds; every
 * result must be one of the documented ones. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/matrix/e2ee.h"
#include "bot/store.h"
#include "common/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static struct e2ee *open_bot(void)
{
	if (!st) {
		char dir[] = "/tmp/fuzz_e2ee.XXXXXX", path[64], err[256];
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/bot.db", dir);
		st = store_new(path, err, sizeof err);
		if (!st)
			abort();
	}
	struct e2ee_options o = { .store = st, .user_id = "@bot:x", .device_id = "BOT",
				  .pickle_key = "fuzz" };
	struct e2ee *e = NULL;
	char why[256];
	if (e2ee_open(&o, 1, &e, why, sizeof why) != 0)
		abort();
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *in = cJSON_ParseWithLength((const char *)data, size);
	if (!cJSON_IsObject(in)) {
		cJSON_Delete(in);
		return 0;
	}
	struct e2ee *e = open_bot();
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(in, "to_device")) {
		char sid[128];
		int rc = e2ee_to_device(e, it, 2, sid, sizeof sid);
		if (rc > 1 || (rc == 1 && !sid[0]))
			abort();
	}
	int n = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(in, "room")) {
		cJSON *plain = NULL;
		char sid[128], eid[32];
		snprintf(eid, sizeof eid, "$e%d", n++);
		int rc = e2ee_decrypt(e, "!r:x", "@alice:x", eid, it, 3, &plain, sid, sizeof sid);
		if ((rc == 0) != (plain != NULL) || rc > 0)
			abort();
		if (rc == 0 && e2ee_sender_trusted(e, "@alice:x", "!r:x", it) != 1)
			abort(); /* trust = all answers every device */
		cJSON_Delete(plain);
	}
	e2ee_device_lists(e, cJSON_GetObjectItem(in, "device_lists"));
	if (e2ee_on_query(e, cJSON_GetObjectItem(in, "query")) > 1000000)
		abort();
	const char *users[] = { "@alice:x", "@bot:x" };
	free(e2ee_claim_body(e, "!r:x", users, 2));
	e2ee_on_claim(e, cJSON_GetObjectItem(in, "claim"), 4);
	const char *sid = NULL;
	free(e2ee_share_body(e, "!r:x", users, 2, NULL, 5, &sid));
	cJSON *content = cJSON_CreateObject();
	char *enc = e2ee_encrypt(e, "!r:x", "m.room.message", content, 6);
	if (!enc)
		abort(); /* share_body made the session */
	free(enc);
	cJSON_Delete(content);
	e2ee_free(e);
	cJSON_Delete(in);
	return 0;
}
