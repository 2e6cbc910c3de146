/* The command handlers against the real, shipped knowledge base, driven
 * through the router API and the console adapter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bot/console.h"
#include "commands/digest.h"
#include "commands/render.h"
#include "commands/router.h"
#include "common/error.h"
#include "common/utf8.h"
#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/reldate.h"
#include "tests/kbdir.h"

/* The host: a knowledge base loaded from a directory, swapped on reload
 * only if the new one loads. */
struct host {
	const char *dir;
	struct kb *kb;
};

static const struct kb *host_kb(void *user)
{
	return ((struct host *)user)->kb;
}

static int host_reload(void *user, struct strbuf *err)
{
	struct host *h = user;
	struct kb *kb = kb_load(h->dir, err);
	if (!kb)
		return BB_ECHECK;
	kb_free(h->kb);
	h->kb = kb;
	return 0;
}

static const struct router_host host_ops = { .kb = host_kb, .reload = host_reload };

struct fx {
	struct host host;
	struct router *r;
	struct reply out;
	int64_t now;
};

static const char *const console_admins[] = { CONSOLE_AUTHOR };

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->host.dir = BRIEFBOT_SOURCE_KNOWLEDGE_DIR;
	struct strbuf err = {0};
	f->host.kb = kb_load(f->host.dir, &err);
	if (!f->host.kb)
		fprintf(stderr, "kb_load: %s\n", strbuf_str(&err));
	strbuf_free(&err);
	assert_non_null(f->host.kb);
	struct router_config cfg;
	router_config_init(&cfg);
	cfg.admin_ids[PLATFORM_CONSOLE] = console_admins;
	cfg.n_admin_ids[PLATFORM_CONSOLE] = 1;
	cfg.user_rate = (struct cooldown_rate){ 0, 0 };
	cfg.room_rate = (struct cooldown_rate){ 0, 0 };
	f->r = router_new(&cfg, &host_ops, &f->host);
	assert_non_null(f->r);
	f->now = 1000;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	reply_free(&f->out);
	router_free(f->r);
	kb_free(f->host.kb);
	free(f);
	return 0;
}

/* Sends text as the console operator; returns the router's result. */
static int run(struct fx *f, const char *text)
{
	reply_free(&f->out);
	struct bot_message m = {
		.platform = PLATFORM_CONSOLE, .room_id = "console",
		.author_id = CONSOLE_AUTHOR, .is_dm = true, .text = text,
	};
	f->now += 100000; /* past every cooldown */
	return router_handle(f->r, &m, f->now, &f->out);
}

static bool reply_has(const struct reply *r, const char *needle)
{
	if (r->title && strstr(r->title, needle))
		return true;
	for (size_t i = 0; i < r->n_paragraphs; i++)
		if (strstr(r->paragraphs[i], needle))
			return true;
	for (size_t i = 0; i < r->n_items; i++)
		if (strstr(r->items[i], needle))
			return true;
	return false;
}

static bool cited(const struct reply *r, const char *needle)
{
	for (size_t i = 0; i < r->n_citations; i++)
		if (strstr(r->citations[i].text, needle))
			return true;
	return false;
}

/* Every citation is a real sentence of the knowledge base at the place it
 * names, and every " [n]" mark points at a citation. */
static void assert_citations_real(const struct fx *f)
{
	const struct reply *r = &f->out;
	for (size_t i = 0; i < r->n_citations; i++) {
		const struct reply_citation *c = &r->citations[i];
		const struct kb_article *a = kb_article_find(f->host.kb, c->article);
		assert_non_null(a);
		assert_true(c->paragraph >= 1 && (size_t)c->paragraph <= a->n_paragraphs);
		const struct kb_paragraph *p = &a->paragraphs[c->paragraph - 1];
		assert_true(c->sentence >= 1 && (size_t)c->sentence <= p->n_sentences);
		/* as is, or (digest) with the dates its relative phrases mean */
		struct strbuf noted = {0};
		assert_true(reldate_annotate(p->sentences[c->sentence - 1].text, a->date, &noted) >= 0);
		if (strcmp(c->text, p->sentences[c->sentence - 1].text) != 0)
			assert_string_equal(c->text, strbuf_str(&noted));
		strbuf_free(&noted);
		assert_non_null(strstr(c->label, a->source));
	}
	for (size_t i = 0; i < r->n_items; i++) {
		const char *m = strrchr(r->items[i], '[');
		if (m && m[1] >= '1' && m[1] <= '9') {
			long n = strtol(m + 1, NULL, 10);
			assert_true(n >= 1 && (size_t)n <= r->n_citations);
		}
	}
}

static void assert_answer(struct fx *f, const char *text)
{
	assert_int_equal(run(f, text), 1);
	if (f->out.kind != REPLY_ANSWER)
		fprintf(stderr, "%s -> %s\n", text,
			f->out.n_paragraphs ? f->out.paragraphs[0] : "(nothing)");
	assert_int_equal(f->out.kind, REPLY_ANSWER);
	assert_citations_real(f);
}

static void test_ask_cites(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "ask who backs the YPG?");
	assert_true(f->out.n_citations >= 1);
	assert_true(cited(&f->out, "YPG"));
	/* The question form reaches ask too. */
	assert_answer(f, "when do Erdogan and Putin meet?");
	assert_true(f->out.n_citations >= 1);
	assert_true(cited(&f->out, "Wednesday"));
}

static void test_ask_refuses_plainly(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "ask what is the capital of Peru?");
	assert_int_equal(f->out.n_citations, 0);
	assert_string_equal(f->out.paragraphs[0], ANSWER_REFUSAL);
}

static void test_backs(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "backs");
	assert_string_equal(f->out.title, "Who backs whom");
	assert_true(f->out.n_items >= 3);
	assert_true(f->out.n_citations >= 2);
	assert_answer(f, "backs Russia");
	assert_string_equal(f->out.title, "Russia");
	assert_true(reply_has(&f->out, "Assad"));
	assert_answer(f, "backs Moscow"); /* an alias */
	assert_string_equal(f->out.title, "Russia");
	assert_answer(f, "backs YPG");
	assert_true(reply_has(&f->out, "United States") || reply_has(&f->out, "US"));
	assert_answer(f, "backs Narnia");
	assert_int_equal(f->out.n_citations, 0);
	assert_true(reply_has(&f->out, "doesn't mention"));
}

static void test_stakes(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "stakes");
	assert_string_equal(f->out.title, "What is at stake in Idlib");
	assert_true(f->out.n_items >= 1);
	assert_true(f->out.n_citations >= 1);
	assert_answer(f, "stakes Idlib");
	assert_true(f->out.n_items >= 1);
}

static void test_whois(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "whois Ankara");
	assert_string_equal(f->out.title, "Turkey");
	assert_true(f->out.n_items >= 1);
	assert_answer(f, "whois Kamal Alam");
	assert_true(reply_has(&f->out, "Atlantic Council"));
	assert_true(f->out.n_citations >= 1);
}

static void test_quotes(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "quotes");
	assert_true(f->out.n_items >= 3);
	assert_true(reply_has(&f->out, "Kamal Alam"));
	assert_true(reply_has(&f->out, "Yalinkilicli"));
	assert_answer(f, "quotes Alam");
	for (size_t i = 0; i < f->out.n_items; i++)
		assert_non_null(strstr(f->out.items[i], "Alam"));
	assert_true(cited(&f->out, "Alam"));
}

static void test_timeline(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "timeline");
	assert_true(f->out.n_items >= 2);
	assert_true(reply_has(&f->out, "Wednesday"));
	assert_true(f->out.n_citations >= 1);
}

static void test_sources_and_cite(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "sources");
	assert_true(reply_has(&f->out, "TRT World"));
	assert_true(reply_has(&f->out, "2021-09-28"));
	const struct kb_article *a = kb_article_at(f->host.kb, 0);
	char text[256];
	snprintf(text, sizeof text, "cite %s 2", a->id);
	assert_answer(f, text);
	assert_non_null(strstr(f->out.paragraphs[0], a->paragraphs[1].sentences[0].text));
	snprintf(text, sizeof text, "cite %s 999", a->id);
	assert_int_equal(run(f, text), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_int_equal(run(f, "cite no-such-article 1"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
}

static void test_digest(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "digest");
	assert_string_equal(f->out.title, "Briefing");
	assert_true(reply_has(&f->out, "TRT World"));
	assert_true(reply_has(&f->out, "At stake in"));
	assert_true(f->out.n_citations >= 3);
	struct render_output ro = {0};
	assert_int_equal(render_reply(&f->out, RENDER_DISCORD, 0, &ro), 0);
	for (size_t i = 0; i < ro.n_chunks; i++)
		assert_true(render_units(RENDER_DISCORD, ro.chunks[i].text,
					 strlen(ro.chunks[i].text)) <= RENDER_DISCORD_LIMIT);
	render_output_free(&ro);
	/* The builder alone, for the scheduler. */
	struct reply r = {0};
	struct digest_opts small = { 1, 1, 0 };
	assert_int_equal(digest_build(f->host.kb, &small, &r), 0);
	assert_int_equal(r.n_items, 2);
	reply_free(&r);
	assert_int_equal(digest_build(NULL, NULL, &r), BB_EINVAL);
}

static void test_bot_commands(void **state)
{
	struct fx *f = *state;
	assert_answer(f, "about");
	assert_answer(f, "ping");
	assert_string_equal(f->out.paragraphs[0], "pong");
	assert_answer(f, "status");
	assert_true(reply_has(&f->out, "Knowledge base: "));
	assert_true(reply_has(&f->out, "Version: " BRIEFBOT_VERSION));
	assert_true(reply_has(&f->out, "Connected: none"));
}

/* A host without add_url (the console) says how to add an article instead. */
static void test_add_unavailable(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "add https://news.example/a"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_true(reply_has(&f->out, "not available here"));
	assert_true(reply_has(&f->out, "articles/"));
}

static void test_reload(void **state)
{
	struct fx *f = *state;
	const struct kb *before = f->host.kb;
	assert_answer(f, "reload");
	assert_true(reply_has(&f->out, "Knowledge base reloaded"));
	assert_ptr_not_equal(f->host.kb, before);

	/* A directory whose facts cite a quote the article lacks (removed at
	 * exit even if an assertion below fails). */
	char *dir = kbdir_with("a", "Alpha backs Beta in the north.\n",
			       "{ \"article\": \"a\", \"entities\": [ {\"id\": \"alpha\", "
			       "\"name\": \"Alpha\", \"kind\": \"country\", \"description\": \"A.\", "
			       "\"quote\": \"Alpha is nowhere in the text\"} ] }\n");
	assert_non_null(dir);
	f->host.dir = dir;
	const struct kb *good = f->host.kb;
	assert_int_equal(run(f, "reload"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_true(reply_has(&f->out, "stays live"));
	assert_true(f->out.n_items >= 1); /* the reason */
	assert_true(reply_has(&f->out, "quote"));
	assert_ptr_equal(f->host.kb, good);
	assert_answer(f, "backs Russia"); /* still answering from the old one */
	assert_string_equal(f->out.title, "Russia");
	f->host.dir = BRIEFBOT_KNOWLEDGE_DIR;
	kbdir_free(dir);
}

/* Every command in the table answers something in console mode. */
static void test_every_command_in_console(void **state)
{
	struct fx *f = *state;
	const struct kb_article *a = kb_article_at(f->host.kb, 0);
	char in[4096];
	size_t n = (size_t)snprintf(in, sizeof in, "%s", "");
	for (size_t i = 0; i < router_command_count(f->r); i++) {
		const struct router_command *c = router_command_at(f->r, i);
		const char *args = "";
		if (strcmp(c->name, "cite") == 0)
			args = a->id;
		else if (c->min_args > 0)
			args = "Turkey";
		n += (size_t)snprintf(in + n, sizeof in - n, "%s %s%s\n", c->name, args,
				      strcmp(c->name, "cite") == 0 ? " 1" : "");
	}
	n += (size_t)snprintf(in + n, sizeof in - n, "\n!!!\nwho backs the YPG?\n");
	FILE *fin = fmemopen(in, n, "r");
	char *outbuf = NULL;
	size_t outlen = 0;
	FILE *fout = open_memstream(&outbuf, &outlen);
	assert_int_equal(console_run(f->r, fin, fout), 0);
	fclose(fin);
	fclose(fout);
	assert_true(utf8_valid(outbuf, outlen));
	assert_null(strstr(outbuf, "Unknown command"));
	assert_null(strstr(outbuf, "Usage:"));
	assert_null(strstr(outbuf, "Only admins"));
	assert_non_null(strstr(outbuf, "pong\n\n"));
	assert_non_null(strstr(outbuf, "briefbot — commands"));
	assert_non_null(strstr(outbuf, "Knowledge base reloaded"));
	assert_non_null(strstr(outbuf, "Briefing"));
	free(outbuf);

	/* /dev/null: nothing in, nothing out, no error. */
	fin = fopen("/dev/null", "r");
	fout = open_memstream(&outbuf, &outlen);
	assert_int_equal(console_run(f->r, fin, fout), 0);
	fclose(fin);
	fclose(fout);
	assert_int_equal(outlen, 0);
	free(outbuf);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_ask_cites),
		T(test_ask_refuses_plainly),
		T(test_backs),
		T(test_stakes),
		T(test_whois),
		T(test_quotes),
		T(test_timeline),
		T(test_sources_and_cite),
		T(test_digest),
		T(test_bot_commands),
		T(test_reload),
		T(test_add_unavailable),
		T(test_every_command_in_console),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
