/* bot/digest/scheduler on a real libuv loop with a clock the test moves,
 * a store in a scratch folder and a fake adapter post that records what it
 * was asked and answers when the test says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "bot/config.h"
#include "bot/digest/scheduler.h"
#include "bot/store.h"
#include "common/error.h"
#include "knowledge/kb.h"

#define MAX_POSTS 16
#define DAY_MS 86400000LL
/* 2026-01-01 00:00:00 UTC */
#define JAN1 1767225600000LL
#define AT_0800 (JAN1 + 8 * 3600000LL)

struct post {
	enum platform platform;
	char room[64];
	char key[32];
	char text[4096];
	adapter_post_done done;
	void *user;
};

struct fx {
	char dir[64];
	char db[128];
	uv_loop_t loop;
	struct store *st;
	struct config *cfg;
	struct kb *kb;
	struct scheduler *s;
	int64_t now;
	struct post posts[MAX_POSTS];
	size_t n_posts;
	int post_rc;
};

static int64_t fx_now(void *app)
{
	return ((struct fx *)app)->now;
}

static const struct kb *fx_kb(void *app)
{
	return ((struct fx *)app)->kb;
}

static int fx_post(void *app, enum platform platform, const char *room, const struct reply *r,
		   const char *key, adapter_post_done done, void *user)
{
	struct fx *f = app;
	if (f->post_rc < 0)
		return f->post_rc;
	assert_true(f->n_posts < MAX_POSTS);
	struct post *p = &f->posts[f->n_posts++];
	p->platform = platform;
	snprintf(p->room, sizeof p->room, "%s", room);
	snprintf(p->key, sizeof p->key, "%s", key);
	size_t len = 0;
	for (size_t i = 0; i < r->n_paragraphs && len < sizeof p->text; i++)
		len += (size_t)snprintf(p->text + len, sizeof p->text - len, "%s\n", r->paragraphs[i]);
	p->done = done;
	p->user = user;
	return 0;
}

static void spin(struct fx *f)
{
	for (int i = 0; i < 3; i++)
		uv_run(&f->loop, UV_RUN_NOWAIT);
}

static void start_scheduler(struct fx *f, bool up)
{
	struct scheduler_env env = {
		.loop = &f->loop, .store = f->st, .cfg = f->cfg, .log = NULL,
		.now_ms = fx_now, .kb = fx_kb, .post = fx_post, .app = f,
	};
	env.enabled[PLATFORM_DISCORD] = env.enabled[PLATFORM_MATRIX] = true;
	struct strbuf err = {0};
	f->s = scheduler_new(&env, &err);
	assert_non_null(f->s);
	strbuf_free(&err);
	assert_int_equal(scheduler_start(f->s), 0);
	if (up) {
		scheduler_platform_up(f->s, PLATFORM_DISCORD, true);
		scheduler_platform_up(f->s, PLATFORM_MATRIX, true);
	}
	spin(f);
}

static void stop_scheduler(struct fx *f)
{
	scheduler_stop(f->s);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	scheduler_free(f->s);
	f->s = NULL;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_scheduler.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/bot.db", f->dir);
	f->st = store_new(f->db, NULL, 0);
	assert_non_null(f->st);
	f->cfg = config_new_defaults();
	assert_non_null(f->cfg);
	struct strbuf err = {0};
	f->kb = kb_load(BRIEFBOT_SOURCE_ROOT "/knowledge", &err);
	strbuf_free(&err);
	assert_non_null(f->kb);
	assert_int_equal(uv_loop_init(&f->loop), 0);
	f->now = JAN1 + 7 * 3600000LL; /* 07:00 UTC */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->s)
		stop_scheduler(f);
	uv_loop_close(&f->loop);
	store_free(f->st);
	config_free(f->cfg);
	kb_free(f->kb);
	const char *suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", f->db, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct bot_message room_msg(const char *room)
{
	return (struct bot_message){ .platform = PLATFORM_DISCORD, .room_id = room,
				     .author_id = "u1", .text = "" };
}

static const char *subscribe(struct fx *f, const char *room, const char *spec,
			     struct reply *out)
{
	struct bot_message m = room_msg(room);
	reply_free(out);
	assert_int_equal(scheduler_subscribe(f->s, &m, spec, out), 0);
	return out->n_paragraphs ? out->paragraphs[0] : "";
}

static void advance_to(struct fx *f, int64_t t)
{
	f->now = t;
	scheduler_clock_changed(f->s);
	spin(f);
}

static enum store_slot_state slot_state(struct fx *f, int64_t id, int64_t slot)
{
	enum store_slot_state st;
	assert_int_equal(store_digest_slot(f->st, id, slot, &st), 0);
	return st;
}

static void test_idem_key(void **state)
{
	(void)state;
	char key[32];
	assert_int_equal(scheduler_idem_key(1, AT_0800, key, sizeof key), 0);
	assert_string_equal(key, "1.hjb1c"); /* minute 29454240 in base 36 */
	assert_int_equal(scheduler_idem_key(4738381338321616895LL, AT_0800, key, sizeof key), 0);
	assert_int_equal(strlen(key), 18);   /* 36^12 - 1: the largest id that fits ... */
	assert_int_equal(scheduler_idem_key(4738381338321616895LL, 253402300799000LL, key,
					    sizeof key), 0);
	assert_int_equal(strlen(key), 20);   /* ... even in the year 9999 */
	assert_int_equal(scheduler_idem_key(INT64_MAX, 253402300799000LL, key, sizeof key),
			 BB_EINVAL);
	assert_int_equal(scheduler_idem_key(-1, 0, key, sizeof key), BB_EINVAL);
	assert_int_equal(scheduler_idem_key(1, 0, key, 8), BB_EINVAL);
}

/* Subscribe, reach the slot: one post with the slot's key, pending until
 * the adapter answers, posted after; the next comes a day later. */
static void test_one_post_per_slot(void **state)
{
	struct fx *f = *state;
	struct reply out = {0};
	start_scheduler(f, true);
	assert_non_null(strstr(subscribe(f, "c1", "daily 08:00 UTC", &out), "Subscription 1"));
	assert_non_null(strstr(subscribe(f, "c1", "daily 08:00 Mars/Olympus", &out), "time zone"));
	assert_non_null(strstr(subscribe(f, "c1", "daily 08:00 UTC", &out), "already"));
	advance_to(f, AT_0800 - 1000);
	assert_int_equal(f->n_posts, 0);
	advance_to(f, AT_0800 + 30000);
	assert_int_equal(f->n_posts, 1);
	char key[32];
	scheduler_idem_key(1, AT_0800, key, sizeof key);
	assert_string_equal(f->posts[0].key, key);
	assert_string_equal(f->posts[0].room, "c1");
	assert_int_equal(slot_state(f, 1, AT_0800), STORE_SLOT_PENDING);
	advance_to(f, AT_0800 + 60000); /* no second post while one is out */
	assert_int_equal(f->n_posts, 1);
	f->posts[0].done(f->posts[0].user, 0, "m-1");
	spin(f);
	assert_int_equal(slot_state(f, 1, AT_0800), STORE_SLOT_POSTED);
	struct store_room_digest rd;
	assert_int_equal(store_room_digest_get(f->st, "discord", "c1", &rd), 0);
	assert_int_equal(rd.slot_ms, AT_0800);
	assert_true(strlen(rd.articles) > 0);
	free(rd.articles);
	advance_to(f, AT_0800 + DAY_MS - 1000);
	assert_int_equal(f->n_posts, 1);
	advance_to(f, AT_0800 + DAY_MS);
	assert_int_equal(f->n_posts, 2);
	/* list shows it with the next slot; unsubscribe drops it */
	struct bot_message m = room_msg("c1");
	reply_free(&out);
	assert_int_equal(scheduler_list(f->s, &m, &out), 0);
	assert_int_equal(out.n_items, 1);
	assert_non_null(strstr(out.items[0], "1: daily 08:00 UTC"));
	reply_free(&out);
	assert_int_equal(scheduler_unsubscribe(f->s, &m, "1", &out), 0);
	assert_non_null(strstr(out.paragraphs[0], "removed"));
	f->posts[1].done(f->posts[1].user, 0, "m-2"); /* answer after removal: no harm */
	reply_free(&out);
}

/* A transient failure keeps the slot pending and retries it later with the
 * same key; BB_EGONE pauses the subscription. */
static void test_retry_then_pause(void **state)
{
	struct fx *f = *state;
	struct reply out = {0};
	start_scheduler(f, true);
	subscribe(f, "c1", "daily 08:00 UTC", &out);
	advance_to(f, AT_0800);
	assert_int_equal(f->n_posts, 1);
	f->posts[0].done(f->posts[0].user, BB_ENET, NULL);
	spin(f);
	assert_int_equal(slot_state(f, 1, AT_0800), STORE_SLOT_PENDING);
	assert_int_equal(f->n_posts, 1);
	advance_to(f, AT_0800 + 11 * 60000); /* past the longest retry delay */
	assert_int_equal(f->n_posts, 2);
	assert_string_equal(f->posts[1].key, f->posts[0].key);
	f->posts[1].done(f->posts[1].user, BB_EGONE, NULL);
	spin(f);
	struct store_sub sub;
	assert_int_equal(store_sub_get(f->st, 1, &sub), 0);
	assert_true(sub.paused[0] != '\0');
	store_sub_clear(&sub);
	advance_to(f, AT_0800 + 3 * DAY_MS);
	assert_int_equal(f->n_posts, 2); /* paused: nothing more */
	struct bot_message m = room_msg("c1");
	reply_free(&out);
	scheduler_list(f->s, &m, &out);
	assert_non_null(strstr(out.items[0], "paused"));
	reply_free(&out);
}

/* Down at three slots, back an hour after the last: one catch-up post that
 * says two were skipped. Back more than catch_up later: none. */
static void test_catch_up_after_downtime(void **state)
{
	struct fx *f = *state;
	struct reply out = {0};
	start_scheduler(f, true);
	subscribe(f, "c1", "daily 08:00 UTC", &out);
	subscribe(f, "c2", "daily 09:00 UTC", &out);
	reply_free(&out);
	stop_scheduler(f);
	f->now = AT_0800 + 2 * DAY_MS + 3600000LL; /* day 3, 09:00 */
	start_scheduler(f, true);
	assert_int_equal(f->n_posts, 2);
	for (size_t i = 0; i < 2; i++)
		f->posts[i].done(f->posts[i].user, 0, "m");
	spin(f);
	const struct post *p1 = strcmp(f->posts[0].room, "c1") == 0 ? &f->posts[0] : &f->posts[1];
	assert_non_null(strstr(p1->text, "2 scheduled digests were missed"));
	assert_int_equal(slot_state(f, 1, AT_0800 + 2 * DAY_MS), STORE_SLOT_POSTED);
	stop_scheduler(f);
	f->now = AT_0800 + 5 * DAY_MS + 7 * 3600000LL; /* 15:00: 7 h after 08:00 */
	start_scheduler(f, true);
	assert_int_equal(f->n_posts, 3); /* c2's 09:00 slot is 6 h old: caught up */
	assert_string_equal(f->posts[2].room, "c2");
	struct store_sub sub;
	assert_int_equal(store_sub_get(f->st, 1, &sub), 0);
	assert_int_equal(sub.missed, 3); /* c1: skipped, and the next digest will say so */
	store_sub_clear(&sub);
}

/* A slot left pending by a crash goes out at start with the same key, but
 * only once the platform is connected. */
static void test_pending_resent_when_up(void **state)
{
	struct fx *f = *state;
	struct reply out = {0};
	start_scheduler(f, true);
	subscribe(f, "c1", "daily 08:00 UTC", &out);
	reply_free(&out);
	advance_to(f, AT_0800);
	assert_int_equal(f->n_posts, 1);
	stop_scheduler(f); /* the crash: no answer, the slot stays pending */
	f->now = AT_0800 + 120000;
	start_scheduler(f, false);
	assert_int_equal(f->n_posts, 1); /* Discord not connected yet */
	scheduler_platform_up(f->s, PLATFORM_DISCORD, true);
	spin(f);
	assert_int_equal(f->n_posts, 2);
	assert_string_equal(f->posts[1].key, f->posts[0].key);
	f->posts[1].done(f->posts[1].user, 0, "m");
	spin(f);
	assert_int_equal(slot_state(f, 1, AT_0800), STORE_SLOT_POSTED);
}

/* max_per_room and config-declared subscriptions. */
static void test_limits_and_config(void **state)
{
	struct fx *f = *state;
	struct strbuf err = {0};
	const char text[] = "[digest]\nmax_per_room = 1\n"
			    "subscription = matrix:!r:x daily 10:00 UTC\n"
			    "subscription = discord:55 weekly monday 10:00 Europe/London\n";
	assert_int_equal(config_load_buffer(f->cfg, "t.conf", text, sizeof text - 1, &err), 0);
	assert_int_equal(config_validate(f->cfg, &err), 0);
	strbuf_free(&err);
	struct reply out = {0};
	start_scheduler(f, true);
	struct store_sub *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_sub_list(f->st, NULL, NULL, &rows, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].source, "config");
	assert_string_equal(rows[0].room, "!r:x");
	store_sub_list_free(rows, n);
	assert_non_null(strstr(subscribe(f, "c1", "", &out), "Subscription"));
	assert_non_null(strstr(subscribe(f, "c1", "weekdays", &out), "max_per_room = 1"));
	struct bot_message m = { .platform = PLATFORM_MATRIX, .room_id = "!r:x" };
	reply_free(&out);
	scheduler_unsubscribe(f->s, &m, "1", &out);
	assert_non_null(strstr(out.paragraphs[0], "config file"));
	reply_free(&out);
	scheduler_unsubscribe(f->s, &m, "2", &out); /* another room's */
	assert_non_null(strstr(out.paragraphs[0], "no subscription 2"));
	reply_free(&out);
	stop_scheduler(f);
	/* A line removed from the config removes its subscription. */
	config_free(f->cfg);
	f->cfg = config_new_defaults();
	start_scheduler(f, true);
	assert_int_equal(store_sub_list(f->st, NULL, NULL, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].source, "chat");
	store_sub_list_free(rows, n);
}

/* [digest] enabled = false: subscriptions are kept, nothing is posted. */
static void test_disabled(void **state)
{
	struct fx *f = *state;
	struct strbuf err = {0};
	const char text[] = "[digest]\nenabled = false\n";
	assert_int_equal(config_load_buffer(f->cfg, "t.conf", text, sizeof text - 1, &err), 0);
	strbuf_free(&err);
	struct reply out = {0};
	start_scheduler(f, true);
	assert_non_null(strstr(subscribe(f, "c1", "daily 08:00 UTC", &out), "Subscription 1"));
	reply_free(&out);
	advance_to(f, AT_0800 + 60000);
	assert_int_equal(f->n_posts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idem_key),
		cmocka_unit_test_setup_teardown(test_one_post_per_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_then_pause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catch_up_after_downtime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_resent_when_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
