/* bot/ingest: `add URL` end to end on a real loop against a local news
 * site (tests/doubles/page_server.py on 127.0.0.1): the story is extracted
 * without its clutter, written as an article and loaded; charsets are
 * honoured; oversize, non-HTML, file:// redirects, redirect loops, errors
 * and private addresses are refused with a clear reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "bot/ingest.h"
#include "common/error.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

extern char **environ;

/* ---- the news site ---- */

struct site {
	pid_t pid;
	int port;
};

static int site_setup(void **state)
{
	static struct site site;
	char script[1024];
	const char *dir = getenv("BB_TESTS_DIR");
	snprintf(script, sizeof script, "%s/doubles/page_server.py", dir ? dir : "tests");
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	char *argv[] = { "/usr/bin/python3", script, NULL };
	int rc = posix_spawn(&site.pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0)
		return -1;
	FILE *f = fdopen(fds[0], "r");
	char line[128] = "";
	if (!f || !fgets(line, sizeof line, f) || sscanf(line, "{\"port\": %d}", &site.port) != 1) {
		fprintf(stderr, "page_server.py did not start: %s\n", line);
		return -1;
	}
	fclose(f);
	*state = &site;
	return 0;
}

static int site_teardown(void **state)
{
	struct site *site = *state;
	kill(site->pid, SIGTERM);
	waitpid(site->pid, NULL, 0);
	return 0;
}

/* ---- the fixture: a knowledge base, a loop, an ingest ---- */

struct fx {
	int port;
	uv_loop_t loop;
	uv_timer_t guard;
	char *dir;
	struct kb_holder kbh;
	struct ingest *in;
	int posts;
	enum platform platform;
	char room[32], key[32];
	struct reply got;           /* a copy of the last reply posted (no citations) */
	size_t got_citations;
};

static const char seed[] = "title: Seed\n---\nKestria backs the Red Hand in the north.\n";

static void on_post(void *user, enum platform platform, const char *room_id,
		    const struct reply *r, const char *key)
{
	struct fx *fx = user;
	fx->posts++;
	fx->platform = platform;
	snprintf(fx->room, sizeof fx->room, "%s", room_id);
	snprintf(fx->key, sizeof fx->key, "%s", key);
	reply_free(&fx->got);
	reply_set_kind(&fx->got, r->kind);
	if (r->title)
		reply_set_title(&fx->got, r->title);
	for (size_t i = 0; i < r->n_paragraphs; i++)
		reply_add_paragraph(&fx->got, r->paragraphs[i]);
	for (size_t i = 0; i < r->n_items; i++)
		reply_add_item(&fx->got, r->items[i]);
	fx->got_citations = r->n_citations;
	uv_stop(&fx->loop);
}

static void on_guard(uv_timer_t *t)
{
	fail_msg("nothing was posted");
}

static struct fx *fx_new(void **state, bool allow_private)
{
	struct site *site = *state;
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	fx->port = site->port;
	assert_int_equal(uv_loop_init(&fx->loop), 0);
	uv_timer_init(&fx->loop, &fx->guard);
	fx->dir = kbdir_with("seed", seed, NULL);
	assert_non_null(fx->dir);
	assert_int_equal(kb_holder_load(&fx->kbh, fx->dir, NULL), 0);
	const struct ingest_options opt = { .allow_private = allow_private };
	fx->in = ingest_new(&fx->loop, &fx->kbh, &opt, on_post, fx);
	assert_non_null(fx->in);
	return fx;
}

static void fx_free(struct fx *fx)
{
	ingest_free(fx->in);
	uv_close((uv_handle_t *)&fx->guard, NULL);
	uv_run(&fx->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&fx->loop), 0);
	kb_free(fx->kbh.kb);
	reply_free(&fx->got);
	kbdir_free(fx->dir);
	free(fx);
}

/* Adds http://HOST:PORT/PATH as message "m-<path>" in Matrix room "!r"
 * and runs the loop until the outcome is posted. */
static void add_and_wait(struct fx *fx, const char *host, const char *path)
{
	char url[256], id[128];
	snprintf(url, sizeof url, "http://%s:%d%s", host, fx->port, path);
	snprintf(id, sizeof id, "m-%s", path);
	struct bot_message m = { .platform = PLATFORM_MATRIX, .room_id = "!r", .author_id = "@a",
				 .message_id = id, .text = url };
	struct strbuf err = {0};
	int posts = fx->posts;
	assert_int_equal(ingest_add(fx->in, &m, url, &err), 0);
	assert_int_equal(fx->posts, posts); /* never from inside ingest_add */
	strbuf_free(&err);
	uv_timer_start(&fx->guard, on_guard, 30000, 0);
	uv_run(&fx->loop, UV_RUN_DEFAULT);
	uv_timer_stop(&fx->guard);
	assert_int_equal(fx->posts, posts + 1);
	assert_int_equal(fx->platform, PLATFORM_MATRIX);
	assert_string_equal(fx->room, "!r");
}

static char *article_file(struct fx *fx, const char *id)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/%s.txt", fx->dir, id);
	return kbdir_slurp(path, NULL);
}

/* A refusal: an error reply whose one paragraph contains `says`; no new
 * article. */
static void assert_refused(struct fx *fx, const char *says)
{
	assert_int_equal(fx->got.kind, REPLY_ERROR);
	assert_int_equal(fx->got.n_paragraphs, 1);
	if (!strstr(fx->got.paragraphs[0], says))
		fprintf(stderr, "reply: %s\n", fx->got.paragraphs[0]);
	assert_non_null(strstr(fx->got.paragraphs[0], says));
	assert_int_equal(kb_article_count(fx->kbh.kb), 1);
}

/* ---- tests ---- */

static void test_story_is_added_and_loaded(void **state)
{
	struct fx *fx = fx_new(state, true);
	add_and_wait(fx, "127.0.0.1", "/story");
	const struct reply *r = &fx->got;
	assert_int_equal(r->kind, REPLY_ANSWER);
	assert_string_equal(r->title, "Valdoria and Mirenta sign river accord at Port Esk");
	static const char id[] = "valdoria-and-mirenta-sign-river-accord-at-port";
	char want[256];
	snprintf(want, sizeof want, "Added as article %s: 5 sentences (Daily Meridian, "
		 "2026-11-03).", id);
	assert_string_equal(r->paragraphs[0], want);
	assert_string_equal(r->paragraphs[1], "The first facts I found in it:");
	assert_int_equal(r->n_items, 3);
	assert_string_equal(r->items[0], "Mirenta backs Kessel Authority [1]");
	assert_true(fx->got_citations >= 2);
	assert_non_null(strstr(fx->key, "add:"));
	assert_int_equal(strlen(fx->key), 20);

	/* The file, front matter first; the live base has it. */
	char *text = article_file(fx, id);
	assert_non_null(text);
	char head[256];
	snprintf(head, sizeof head, "title: Valdoria and Mirenta sign river accord at Port Esk\n"
		 "source: Daily Meridian\ndate: 2026-11-03\nurl: http://127.0.0.1:%d/story\n---\n"
		 "Valdoria and Mirenta signed", fx->port);
	assert_true(strncmp(text, head, strlen(head)) == 0);
	assert_null(strstr(text, "Advertisement"));
	assert_null(strstr(text, "Great article"));
	free(text);
	assert_int_equal(kb_article_count(fx->kbh.kb), 2);
	assert_non_null(kb_entity_find(fx->kbh.kb, "Kessel Authority"));

	/* The same page again (through a redirect) gets a new id. */
	add_and_wait(fx, "127.0.0.1", "/moved");
	assert_int_equal(fx->got.kind, REPLY_ANSWER);
	assert_non_null(strstr(fx->got.paragraphs[0], "Added as article "
					"valdoria-and-mirenta-sign-river-accord-at-port-2:"));
	assert_int_equal(kb_article_count(fx->kbh.kb), 3);
	fx_free(fx);
}

static void test_charsets(void **state)
{
	struct fx *fx = fx_new(state, true);
	add_and_wait(fx, "127.0.0.1", "/latin1-header");
	assert_int_equal(fx->got.kind, REPLY_ANSWER);
	assert_string_equal(fx->got.title, "Caf\u00e9 Z\u00fcrich reopens");
	char *text = article_file(fx, "cafe-zurich-reopens");
	assert_non_null(text);
	assert_non_null(strstr(text, "\u201cWe never closed in our hearts,\u201d D\u00fcrr"));
	free(text);

	add_and_wait(fx, "127.0.0.1", "/latin1-meta");
	assert_int_equal(fx->got.kind, REPLY_ANSWER);
	text = article_file(fx, "cafe-zurich-reopens-2");
	assert_non_null(text);
	assert_non_null(strstr(text, "its owner Mar\u00e9 D\u00fcrr said."));
	free(text);
	fx_free(fx);
}

static void test_refusals(void **state)
{
	struct fx *fx = fx_new(state, true);
	add_and_wait(fx, "127.0.0.1", "/big");
	assert_refused(fx, "the page is larger than 5242880 bytes");
	add_and_wait(fx, "127.0.0.1", "/report.pdf");
	assert_refused(fx, "not an HTML page (Content-Type: application/pdf)");
	add_and_wait(fx, "127.0.0.1", "/photo");
	assert_refused(fx, "not an HTML page (Content-Type: image/png)");
	add_and_wait(fx, "127.0.0.1", "/to-file");
	assert_refused(fx, "only http and https pages, redirects included");
	add_and_wait(fx, "127.0.0.1", "/loop/0");
	assert_refused(fx, "more than 5 redirects");
	add_and_wait(fx, "127.0.0.1", "/gone");
	assert_refused(fx, "the server answered HTTP 404");
	add_and_wait(fx, "127.0.0.1", "/empty");
	assert_refused(fx, "no article text found in the page");
	assert_string_equal(fx->kbh.kb_error, "");
	fx_free(fx);
}

/* Without allow_private, the test site itself is out of reach: by address
 * and by a name that resolves to loopback. */
static void test_private_addresses_refused(void **state)
{
	struct fx *fx = fx_new(state, false);
	add_and_wait(fx, "127.0.0.1", "/story");
	assert_refused(fx, "refused to connect to 127.0.0.1: a loopback address");
	assert_non_null(strstr(fx->got.paragraphs[0], "[ingest] allow_private"));
	add_and_wait(fx, "localhost", "/story");
	assert_refused(fx, "a loopback address");
	fx_free(fx);
}

/* A page the knowledge base as a whole refuses (here: another file is
 * broken) is not kept, and the reason is given. */
static void test_refused_by_the_knowledge_base(void **state)
{
	struct fx *fx = fx_new(state, true);
	assert_int_equal(kbdir_write(fx->dir, "facts/seed.json",
				     "{\"entities\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": "
				     "\"other\", \"description\": \"d\", \"quote\": \"nowhere\"}]}"),
			 0);
	add_and_wait(fx, "127.0.0.1", "/story");
	assert_refused(fx, "the knowledge base refused it (facts/seed.json");
	assert_non_null(strstr(fx->got.paragraphs[0], "it was not kept"));
	char *text = article_file(fx, "valdoria-and-mirenta-sign-river-accord-at-port");
	assert_null(text);
	fx_free(fx);
}

static void test_urls_checked_at_once(void **state)
{
	struct fx *fx = fx_new(state, true);
	struct bot_message m = { .platform = PLATFORM_CONSOLE, .room_id = "console" };
	static const struct {
		const char *url, *says;
	} bad[] = {
		{ "ftp://news.example/a", "only http:// and https://" },
		{ "file:///etc/passwd", "only http:// and https://" },
		{ "news.example/a", "only http:// and https://" },
		{ "http://", "not a valid URL" },
		{ "http://news.example/a b", "no spaces" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct strbuf err = {0};
		assert_int_equal(ingest_add(fx->in, &m, bad[i].url, &err), BB_EINVAL);
		assert_non_null(strstr(strbuf_str(&err), bad[i].says));
		strbuf_free(&err);
	}
	/* Four fetches at once; a fifth waits for none of them: refused. */
	struct strbuf err = {0};
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/story", fx->port);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ingest_add(fx->in, &m, url, &err), 0);
	assert_int_equal(ingest_add(fx->in, &m, url, &err), BB_ELIMIT);
	assert_non_null(strstr(strbuf_str(&err), "already fetching 4 pages"));
	strbuf_free(&err);
	assert_int_equal(fx->posts, 0);
	fx_free(fx); /* frees the four under way: nothing is posted */
	(void)state;
}

static void test_idem_key(void **state)
{
	struct bot_message a = { .message_id = "$event1", .room_id = "!r" };
	struct bot_message b = { .message_id = "$event2", .room_id = "!r" };
	struct bot_message c = { .room_id = "console" };
	char ka[24], ka2[24], kb[24], kc[24], kc2[24];
	ingest_idem_key(&a, "http://x/", ka);
	ingest_idem_key(&a, "http://y/", ka2);
	ingest_idem_key(&b, "http://x/", kb);
	ingest_idem_key(&c, "http://x/", kc);
	ingest_idem_key(&c, "http://y/", kc2);
	assert_string_equal(ka, ka2);          /* the message decides */
	assert_string_not_equal(ka, kb);
	assert_string_not_equal(kc, kc2);      /* no message id: room and URL */
	assert_int_equal(strlen(ka), 20);
	assert_true(strncmp(ka, "add:", 4) == 0);
	assert_int_equal(strspn(ka + 4, "0123456789abcdef"), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_story_is_added_and_loaded),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_private_addresses_refused),
		cmocka_unit_test(test_refused_by_the_knowledge_base),
		cmocka_unit_test(test_urls_checked_at_once),
		cmocka_unit_test(test_idem_key),
	};
	return cmocka_run_group_tests(tests, site_setup, site_teardown);
}
