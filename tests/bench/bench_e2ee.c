/* Benchmark: the crypto half of an encrypted room's /sync, in one process:
 * a peer device shares a Megolm session with the bot over Olm (through the
 * bodies bot/matrix/e2ee builds), encrypts N room messages, and the bot
 * decrypts them the way the adapter does for each m.room.encrypted event
 * (session lookup in SQLite, unpickle, decrypt, replay record). Then the
 * bot encrypts N replies. Prints events/s for both and the peak RSS; it
 * measures with CLOCK_MONOTONIC and asserts nothing.
 * Usage: bench_e2ee [EVENTS] */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bot/matrix/e2ee.h"
#include "bot/store.h"

#define ROOM "!bench:x"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct e2ee *open_side(const char *dir, const char *user, const char *dev,
			      struct store **st)
{
	char path[256], err[256];
	snprintf(path, sizeof path, "%s/%s.db", dir, dev);
	*st = store_new(path, err, sizeof err);
	struct e2ee_options o = { .store = *st, .user_id = user, .device_id = dev,
				  .pickle_key = "bench pickle key" };
	struct e2ee *e = NULL;
	if (!*st || e2ee_open(&o, 1, &e, err, sizeof err) != 0) {
		fprintf(stderr, "bench_e2ee: cannot open %s: %s\n", path, err);
		exit(1);
	}
	return e;
}

/* Uploads `e`'s keys (as the homeserver would keep them) and returns the
 * upload body. */
static cJSON *upload(struct e2ee *e)
{
	char *body = e2ee_upload_body(e, -1, false);
	cJSON *j = cJSON_Parse(body);
	free(body);
	e2ee_uploaded(e, 1);
	return j;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
	char dir[] = "/tmp/bench_e2ee.XXXXXX";
	if (n <= 0 || !mkdtemp(dir))
		return 1;
	struct store *bst, *pst;
	struct e2ee *bot = open_side(dir, "@bot:x", "BOT", &bst);
	struct e2ee *peer = open_side(dir, "@alice:x", "ALICE", &pst);
	cJSON *bu = upload(bot);
	cJSON_Delete(upload(peer));

	/* the peer learns the bot's device and claims a one-time key */
	cJSON *q = cJSON_CreateObject();
	cJSON_AddItemToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(q, "device_keys"),
						      "@bot:x"), "BOT",
			      cJSON_DetachItemFromObject(bu, "device_keys"));
	e2ee_on_query(peer, q);
	cJSON *c = cJSON_CreateObject();
	cJSON *otk = cJSON_GetObjectItem(bu, "one_time_keys")->child;
	cJSON_AddItemToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(
		cJSON_AddObjectToObject(c, "one_time_keys"), "@bot:x"), "BOT"), otk->string,
		cJSON_Duplicate(otk, true));
	e2ee_on_claim(peer, c, 2);
	const char *users[] = { "@bot:x" };
	const struct e2ee_rotation rot = { .ms = 0, .msgs = 1000000 };
	char *share = e2ee_share_body(peer, ROOM, users, 1, &rot, 3, NULL);
	cJSON *sj = cJSON_Parse(share);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "type", "m.room.encrypted");
	cJSON_AddStringToObject(ev, "sender", "@alice:x");
	cJSON_AddItemToObject(ev, "content", cJSON_Duplicate(cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(sj, "messages"), "@bot:x"), "BOT"), true));
	char sid[128];
	if (e2ee_to_device(bot, ev, 4, sid, sizeof sid) != 1) {
		fprintf(stderr, "bench_e2ee: the room key did not arrive\n");
		return 1;
	}

	cJSON **msgs = calloc((size_t)n, sizeof *msgs);
	cJSON *content = cJSON_CreateObject();
	cJSON_AddStringToObject(content, "msgtype", "m.text");
	cJSON_AddStringToObject(content, "body", "chatter message, about as long as most of them");
	for (long i = 0; i < n; i++) {
		char *enc = e2ee_encrypt(peer, ROOM, "m.room.message", content, 5);
		msgs[i] = cJSON_Parse(enc);
		free(enc);
	}
	double t0 = now_s();
	long ok = 0;
	for (long i = 0; i < n; i++) {
		char eid[32];
		snprintf(eid, sizeof eid, "$e%ld", i);
		cJSON *plain = NULL;
		ok += e2ee_decrypt(bot, ROOM, "@alice:x", eid, msgs[i], 6, &plain, sid,
				   sizeof sid) == 0;
		cJSON_Delete(plain);
	}
	double dec = now_s() - t0;
	/* the bot's replies: the session is made and shared once, then used */
	const char *peers[] = { "@alice:x" };
	free(e2ee_share_body(bot, ROOM, peers, 1, &rot, 7, NULL));
	t0 = now_s();
	for (long i = 0; i < n; i++)
		free(e2ee_encrypt(bot, ROOM, "m.room.message", content, 8));
	double enc = now_s() - t0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("bench_e2ee: %ld Megolm events decrypted (%ld ok) in %.2f s: %.0f events/s "
	       "(%.1f us each)\n", n, ok, dec, (double)n / dec, dec * 1e6 / (double)n);
	printf("bench_e2ee: %ld replies encrypted in %.2f s: %.0f events/s (%.1f us each)\n", n,
	       enc, (double)n / enc, enc * 1e6 / (double)n);
	printf("bench_e2ee: peak RSS %.1f MiB (both devices and SQLite)\n",
	       (double)ru.ru_maxrss / 1024.0);

	for (long i = 0; i < n; i++)
		cJSON_Delete(msgs[i]);
	free(msgs);
	cJSON_Delete(content);
	cJSON_Delete(ev);
	cJSON_Delete(sj);
	free(share);
	cJSON_Delete(c);
	cJSON_Delete(q);
	cJSON_Delete(bu);
	e2ee_free(bot);
	e2ee_free(peer);
	store_free(bst);
	store_free(pst);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
