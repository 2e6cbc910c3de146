/* The router through its API, over a tiny fake knowledge base defined
 * here (every kb_* and answer_* function the commands layer uses), so the
 * tests see exactly what the router passed on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "commands/render.h"
#include "commands/router.h"
#include "common/error.h"
#include "knowledge/answer.h"
#include "knowledge/kb.h"

/* ---- the fake knowledge base ---- */

struct kb {
	int unused;
};

static const struct kb_sentence sentences[] = {
	{ "Russia and its ally, the Assad regime, continues to bomb Idlib.", 1, 1 },
	{ "Idlib hosts more than four million people.", 2, 1 },
};
static const struct kb_paragraph paragraphs[] = {
	{ &sentences[0], 1, false },
	{ &sentences[1], 1, false },
};
static const struct kb_article article = {
	"sochi-2021", "Sochi meeting", "TRT World", "2021-09-28", "",
	paragraphs, 2, true,
};
static const struct kb_entity entities[] = {
	{ "russia", "Russia", KB_COUNTRY, "A country.", "", NULL, 0, { &article, &sentences[0] } },
	{ "assad", "Assad regime", KB_GROUP, "Syria's government.", "", NULL, 0, { &article, &sentences[0] } },
	{ "idlib", "Idlib", KB_PLACE, "A province.", "", NULL, 0, { &article, &sentences[1] } },
};
static const struct kb_relation relations[] = {
	{ &entities[0], KB_BACKS, &entities[1], false, "", false, { &article, &sentences[0] } },
};
static const struct kb_stake stakes[] = {
	{ &entities[2], "four million people", { &article, &sentences[1] } },
};

size_t kb_article_count(const struct kb *kb) { return 1; }
const struct kb_article *kb_article_at(const struct kb *kb, size_t i) { return i == 0 ? &article : NULL; }
const struct kb_article *kb_article_find(const struct kb *kb, const char *id)
{
	return strncmp(id, article.id, strlen(id)) == 0 ? &article : NULL;
}
size_t kb_sentence_count(const struct kb *kb) { return 2; }
size_t kb_entity_count(const struct kb *kb) { return 3; }
const struct kb_entity *kb_entity_find(const struct kb *kb, const char *name)
{
	for (size_t i = 0; i < 3; i++)
		if (strcasecmp(entities[i].name, name) == 0)
			return &entities[i];
	return NULL;
}
size_t kb_relation_count(const struct kb *kb) { return 1; }
const struct kb_relation *kb_relation_at(const struct kb *kb, size_t i) { return &relations[i]; }
size_t kb_stake_count(const struct kb *kb) { return 1; }
const struct kb_stake *kb_stake_at(const struct kb *kb, size_t i) { return &stakes[i]; }
size_t kb_quote_count(const struct kb *kb) { return 0; }
const struct kb_quote *kb_quote_at(const struct kb *kb, size_t i) { return NULL; }
size_t kb_event_count(const struct kb *kb) { return 0; }
const struct kb_event *kb_event_at(const struct kb *kb, size_t i) { return NULL; }
size_t kb_number_count(const struct kb *kb) { return 0; }
const struct kb_number *kb_number_at(const struct kb *kb, size_t i) { return NULL; }
const char *kb_predicate_phrase(enum kb_predicate p, bool negated) { return negated ? "does not back" : "backs"; }

/* Echoes the question, citing sentence 1. */
int answer_question(const struct kb *kb, const char *question, struct answer *out)
{
	*out = (struct answer){ .status = ANSWER_FOUND };
	if (asprintf(&out->text, "echo: %s", question) < 0)
		return BB_ENOMEM;
	out->cites[0] = (struct kb_cite){ &article, &sentences[0] };
	out->n_cites = 1;
	return 0;
}
void answer_free(struct answer *a) { free(a->text); free(a->detail); }

/* ---- the fake host ---- */

struct host {
	struct kb kb;
	bool have_kb;
	int reloads;
	int reload_result;
	const char *kb_error;
	char added[128];          /* the last URL add_url was given */
	char added_room[32];
};

static const struct kb *host_kb(void *user)
{
	struct host *h = user;
	return h->have_kb ? &h->kb : NULL;
}

static int host_reload(void *user, struct strbuf *err)
{
	struct host *h = user;
	h->reloads++;
	if (h->reload_result < 0)
		strbuf_puts(err, "facts/x.json: relation 3: quote not found in article x\n");
	return h->reload_result;
}

static void host_status(void *user, struct router_status *out)
{
	out->version = "9.9.9";
	out->uptime_s = 3725;
	out->connected[PLATFORM_DISCORD] = true;
	out->connected[PLATFORM_MATRIX] = true;
	out->kb_error = ((struct host *)user)->kb_error;
}

/* Accepts http(s) URLs, as the real host would after its checks. */
static int host_add_url(void *user, const struct bot_message *msg, const char *url,
			struct strbuf *err)
{
	struct host *h = user;
	if (strncmp(url, "http", 4) != 0) {
		strbuf_puts(err, "only http:// and https:// pages can be added\n");
		return BB_EINVAL;
	}
	snprintf(h->added, sizeof h->added, "%s", url);
	snprintf(h->added_room, sizeof h->added_room, "%s", msg->room_id);
	return 0;
}

/* The digest subcommands: the host echoes what it was handed. */
static int host_subscribe(void *user, const struct bot_message *m, const char *spec,
			  struct reply *out)
{
	reply_add_paragraphf(out, "subscribe [%s] in %s", spec, m->room_id);
	return 0;
}

static int host_list(void *user, const struct bot_message *m, struct reply *out)
{
	reply_add_paragraphf(out, "list %s", m->room_id);
	return 0;
}

static int host_unsubscribe(void *user, const struct bot_message *m, const char *id,
			    struct reply *out)
{
	reply_add_paragraphf(out, "unsubscribe %s", id);
	return 0;
}

static const struct router_host host_ops = {
	.kb = host_kb, .reload = host_reload, .status = host_status, .add_url = host_add_url,
	.digest_subscribe = host_subscribe, .digest_list = host_list,
	.digest_unsubscribe = host_unsubscribe,
};

/* ---- fixture ---- */

struct fx {
	struct host host;
	struct router_config cfg;
	struct router *r;
	struct reply out;
	int64_t now;
};

static const char *const console_admins[] = { "console" };
static const char *const discord_admins[] = { "1001" };
static const char *const admin_roles[] = { "77" };
static const char *const mentions[] = { "<@42>", "<@!42>", "briefbot" };

static struct router *make_router(struct fx *f)
{
	router_free(f->r);
	f->r = router_new(&f->cfg, &host_ops, &f->host);
	assert_non_null(f->r);
	return f->r;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->host.have_kb = true;
	router_config_init(&f->cfg);
	f->cfg.admin_ids[PLATFORM_CONSOLE] = console_admins;
	f->cfg.n_admin_ids[PLATFORM_CONSOLE] = 1;
	f->cfg.admin_ids[PLATFORM_DISCORD] = discord_admins;
	f->cfg.n_admin_ids[PLATFORM_DISCORD] = 1;
	f->cfg.admin_role_ids = admin_roles;
	f->cfg.n_admin_role_ids = 1;
	f->cfg.user_rate = (struct cooldown_rate){ 0, 0 }; /* off unless a test sets it */
	f->cfg.room_rate = (struct cooldown_rate){ 0, 0 };
	f->now = 1000000;
	make_router(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	reply_free(&f->out);
	router_free(f->r);
	free(f);
	return 0;
}

/* A message in Discord channel "c1" from user "u1". */
static struct bot_message chan(const char *text)
{
	return (struct bot_message){
		.platform = PLATFORM_DISCORD, .room_id = "c1", .guild_id = "g1",
		.author_id = "u1", .author_name = "User", .text = text,
		.self_mentions = mentions, .n_self_mentions = 3,
	};
}

static struct bot_message dm(const char *text)
{
	struct bot_message m = chan(text);
	m.is_dm = true;
	m.room_id = "dm1";
	return m;
}

/* Handles m and returns the router's result; the reply is in f->out. */
static int send_msg(struct fx *f, const struct bot_message *m)
{
	reply_free(&f->out);
	return router_handle(f->r, m, f->now, &f->out);
}

static int say(struct fx *f, const char *text)
{
	struct bot_message m = chan(text);
	return send_msg(f, &m);
}

static const char *first_para(const struct fx *f)
{
	return f->out.n_paragraphs ? f->out.paragraphs[0] : "";
}

static void assert_pong(struct fx *f, int rc)
{
	assert_int_equal(rc, 1);
	assert_int_equal(f->out.kind, REPLY_ANSWER);
	assert_string_equal(first_para(f), "pong");
}

/* ---- triggers ---- */

static void test_prefix_trigger(void **state)
{
	struct fx *f = *state;
	assert_pong(f, say(f, "!ping"));
	assert_pong(f, say(f, "  !PING  "));
	assert_int_equal(say(f, "ping"), 0);
	assert_int_equal(say(f, "hello there"), 0);
	assert_int_equal(say(f, "!!!"), 0);
	assert_int_equal(say(f, "!?"), 0);
	assert_int_equal(say(f, "! ping"), 0);
	assert_int_equal(say(f, "!"), 0);
	assert_int_equal(say(f, ""), 0);
}

static void test_configurable_prefix(void **state)
{
	struct fx *f = *state;
	f->cfg.prefix = "bb!";
	make_router(f);
	assert_pong(f, say(f, "bb!ping"));
	assert_int_equal(say(f, "!ping"), 0);
	say(f, "bb!help");
	assert_non_null(strstr(f->out.items[0], "bb!ask QUESTION"));
}

/* A configuration reloaded while running: the new prefix and admins take
 * effect on the same router; a refused one leaves the old settings. */
static void test_reconfigure_keeps_the_router(void **state)
{
	struct fx *f = *state;
	struct router *r = f->r;
	struct router_config c = f->cfg;
	c.prefix = "?";
	c.n_admin_ids[PLATFORM_CONSOLE] = 0;
	assert_int_equal(router_configure(r, &c), 0);
	assert_ptr_equal(f->r, r);
	assert_pong(f, say(f, "?ping"));
	assert_int_equal(say(f, "!ping"), 0);
	c.prefix = "this-prefix-is-far-too-long";
	assert_int_equal(router_configure(r, &c), BB_EINVAL);
	assert_pong(f, say(f, "?ping"));
	assert_int_equal(router_configure(NULL, &c), BB_EINVAL);
}

static void test_mention_trigger(void **state)
{
	struct fx *f = *state;
	assert_pong(f, say(f, "<@42> ping"));
	assert_pong(f, say(f, "<@!42>ping"));
	assert_pong(f, say(f, "briefbot: ping"));
	assert_pong(f, say(f, "BriefBot, ping"));
	assert_int_equal(say(f, "briefbots ping"), 0);
	assert_int_equal(say(f, "hey <@42> ping"), 0);
	/* A bare mention gets the help. */
	assert_int_equal(say(f, "<@42>"), 1);
	assert_string_equal(f->out.title, "briefbot — commands");
	/* A question goes to ask, the whole question. */
	assert_int_equal(say(f, "<@42> who backs the Assad regime?"), 1);
	assert_string_equal(first_para(f), "echo: who backs the Assad regime?");
	assert_int_equal(f->out.n_citations, 1);
	assert_string_equal(f->out.citations[0].article, "sochi-2021");
	assert_string_equal(f->out.citations[0].label, "Sochi meeting (TRT World, 2021-09-28)");
	assert_int_equal(f->out.citations[0].paragraph, 1);
	assert_int_equal(f->out.citations[0].sentence, 1);
	assert_string_equal(f->out.citations[0].text, sentences[0].text);
}

/* Sends text in a DM and checks that ask got `question`. */
static void assert_dm_asks(struct fx *f, const char *text, const char *question)
{
	struct bot_message m = dm(text);
	assert_int_equal(send_msg(f, &m), 1);
	assert_true(strncmp(first_para(f), "echo: ", 6) == 0);
	assert_string_equal(first_para(f) + 6, question);
}

static void test_dm_trigger(void **state)
{
	struct fx *f = *state;
	struct bot_message m = dm("ping");
	assert_pong(f, send_msg(f, &m));
	m = dm("!ping");
	assert_pong(f, send_msg(f, &m));
	assert_dm_asks(f, "what's at stake in Idlib?", "what's at stake in Idlib?");
	/* "ask" at the start of a question is the command, not the question. */
	assert_dm_asks(f, "ask who backs the Assad regime?", "who backs the Assad regime?");
	assert_dm_asks(f, "Q who backs the Assad regime?", "who backs the Assad regime?");
	/* Other command words do not swallow a question. */
	assert_dm_asks(f, "help me understand Idlib?", "help me understand Idlib?");
	m = dm("hello");
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
	assert_non_null(strstr(first_para(f), "try !help"));
	m = dm("   ");
	assert_int_equal(send_msg(f, &m), 0);
	/* Questions in a channel without a mention are chatter. */
	assert_int_equal(say(f, "who backs the Assad regime?"), 0);
}

static void test_slash_trigger(void **state)
{
	struct fx *f = *state;
	const char *cite_args[] = { "sochi-2021", "2" };
	struct bot_message m = chan("");
	m.slash_command = "cite";
	m.slash_args = cite_args;
	m.n_slash_args = 2;
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(first_para(f), "Idlib hosts more than four million people.");
	assert_string_equal(f->out.title, "Sochi meeting (TRT World, 2021-09-28), paragraph 2");

	const char *backs_args[] = { NULL };
	m.slash_command = "backs";
	m.slash_args = backs_args;
	m.n_slash_args = 1;
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(f->out.title, "Who backs whom");

	const char *ask_args[] = { "who backs \"whom\"? it's me" };
	m.slash_command = "ask";
	m.slash_args = ask_args;
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(first_para(f), "echo: who backs \"whom\"? it's me");

	const char *bad_args[] = { "sochi-2021", "two" };
	m.slash_command = "cite";
	m.slash_args = bad_args;
	m.n_slash_args = 2;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_non_null(strstr(first_para(f), "paragraph must be a number"));
}

/* ---- arguments ---- */

static void test_quoting_and_rest(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!whois \"Assad regime\""), 1);
	assert_string_equal(f->out.title, "Assad regime");
	assert_int_equal(say(f, "!whois   Assad   regime "), 1);
	assert_string_equal(f->out.title, "Assad regime");
	assert_int_equal(say(f, "!whois \xE2\x80\x9C" "Assad regime\xE2\x80\x9D"), 1);
	assert_string_equal(f->out.title, "Assad regime");
	assert_int_equal(say(f, "!ask what's at \"stake\"?"), 1);
	assert_string_equal(first_para(f), "echo: what's at \"stake\"?");
	assert_int_equal(say(f, "!cite \"sochi-2021\" 1"), 1);
	assert_string_equal(first_para(f), sentences[0].text);
	assert_int_equal(say(f, "!cite sochi \"1"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_non_null(strstr(first_para(f), "quote is not closed"));
}

static void test_aliases(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!q hello?"), 1);
	assert_string_equal(first_para(f), "echo: hello?");
	assert_int_equal(say(f, "!supports Russia"), 1);
	assert_string_equal(f->out.title, "Russia");
	assert_int_equal(f->out.n_items, 1);
	assert_string_equal(f->out.items[0], "Russia backs Assad regime [1]");
	assert_int_equal(say(f, "!H"), 1);
	assert_string_equal(f->out.title, "briefbot — commands");
	assert_int_equal(say(f, "!para sochi 2"), 1);
	assert_string_equal(first_para(f), sentences[1].text);
}

static void assert_usage(struct fx *f, const char *text, const char *why, const char *usage)
{
	assert_int_equal(say(f, text), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_non_null(strstr(first_para(f), why));
	assert_non_null(strstr(first_para(f), usage));
}

static void test_arity_and_types(void **state)
{
	struct fx *f = *state;
	assert_usage(f, "!cite sochi", "Missing arguments.", "Usage: !cite ARTICLE PARAGRAPH");
	assert_usage(f, "!cite sochi 1 2", "Too many arguments.", "see !help cite");
	assert_usage(f, "!cite sochi x", "paragraph must be a number", "!cite ARTICLE PARAGRAPH");
	assert_usage(f, "!cite sochi -3", "paragraph must be a number", "!cite");
	assert_usage(f, "!whois", "Missing arguments.", "Usage: !whois NAME");
	assert_usage(f, "!ask   ", "Missing arguments.", "Usage: !ask QUESTION");
	assert_usage(f, "!ping now", "Too many arguments.", "Usage: !ping —");
	assert_usage(f, "!help a b", "Too many arguments.", "!help [COMMAND]");
	/* In range for the router, out of range for the article. */
	assert_int_equal(say(f, "!cite sochi 9"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_string_equal(first_para(f), "sochi-2021 has paragraphs 1 to 2.");
}

/* ---- permissions and rooms ---- */

static void test_admin_only_commands(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!reload"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_string_equal(first_para(f), "Only admins may run !reload.");
	assert_int_equal(f->host.reloads, 0);

	struct bot_message m = chan("!reload");
	m.author_id = "1001";
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ANSWER);
	assert_int_equal(f->host.reloads, 1);
	assert_non_null(strstr(first_para(f), "Knowledge base reloaded: 1 article, 2 sentences"));

	/* The same id on another platform is not an admin. */
	m.platform = PLATFORM_MATRIX;
	f->now += 20000;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);

	/* A Discord role. */
	const char *roles[] = { "5", "77" };
	m = chan("!reload");
	m.role_ids = roles;
	m.n_roles = 2;
	f->now += 20000;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->host.reloads, 2);

	/* The console operator, by config. */
	m = (struct bot_message){ .platform = PLATFORM_CONSOLE, .room_id = "console",
				  .author_id = "console", .is_dm = true, .text = "reload" };
	f->now += 20000;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->host.reloads, 3);
}

static void test_reload_rejected_keeps_old(void **state)
{
	struct fx *f = *state;
	f->host.reload_result = BB_ECHECK;
	struct bot_message m = chan("!reload");
	m.author_id = "1001";
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_non_null(strstr(first_para(f), "the previous knowledge base stays live"));
	assert_int_equal(f->out.n_items, 1);
	assert_string_equal(f->out.items[0], "facts/x.json: relation 3: quote not found in article x");
}

static void test_room_lists_and_dms(void **state)
{
	struct fx *f = *state;
	const char *deny[] = { "c1" };
	const char *allow[] = { "c2" };
	f->cfg.deny_rooms = deny;
	f->cfg.n_deny_rooms = 1;
	make_router(f);
	assert_int_equal(say(f, "!ping"), 0);
	struct bot_message m = chan("!ping");
	m.room_id = "c9";
	assert_pong(f, send_msg(f, &m));

	f->cfg.n_deny_rooms = 0;
	f->cfg.allow_rooms = allow;
	f->cfg.n_allow_rooms = 1;
	make_router(f);
	assert_int_equal(say(f, "!ping"), 0);
	m.room_id = "c2";
	assert_pong(f, send_msg(f, &m));
	/* DMs are not rooms: governed by allow_dms only. */
	m = dm("ping");
	assert_pong(f, send_msg(f, &m));
	f->cfg.allow_dms = false;
	make_router(f);
	assert_int_equal(send_msg(f, &m), 0);
}

static void test_self_and_bots_ignored(void **state)
{
	struct fx *f = *state;
	struct bot_message m = chan("!ping");
	m.author_is_self = true;
	assert_int_equal(send_msg(f, &m), 0);
	m = chan("!ping");
	m.author_is_bot = true;
	assert_int_equal(send_msg(f, &m), 0);
	m = dm("ping");
	m.author_is_bot = true;
	assert_int_equal(send_msg(f, &m), 0);
	f->cfg.ignore_bots = false;
	make_router(f);
	m = chan("!ping");
	m.author_is_bot = true;
	assert_pong(f, send_msg(f, &m));
	m.author_is_self = true;
	assert_int_equal(send_msg(f, &m), 0);
}

/* ---- cooldowns ---- */

static void test_user_cooldown(void **state)
{
	struct fx *f = *state;
	f->cfg.user_rate = (struct cooldown_rate){ .burst = 2, .refill_ms = 10000 };
	make_router(f);
	assert_pong(f, say(f, "!ping"));
	assert_pong(f, say(f, "!ping"));
	assert_int_equal(say(f, "!ping"), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
	assert_string_equal(first_para(f), "Slow down — try again in 10 s.");
	/* One notice, then silence. */
	assert_int_equal(say(f, "!ping"), 0);
	assert_int_equal(say(f, "!help"), 0);
	/* Another user is not limited. */
	struct bot_message m = chan("!ping");
	m.author_id = "u2";
	assert_pong(f, send_msg(f, &m));
	/* The console is never limited. */
	for (int i = 0; i < 5; i++) {
		m = (struct bot_message){ .platform = PLATFORM_CONSOLE, .room_id = "console",
					  .author_id = "console", .is_dm = true, .text = "ping" };
		assert_pong(f, send_msg(f, &m));
	}
	/* Time heals. */
	f->now += 9999;
	assert_int_equal(say(f, "!ping"), 0);
	f->now += 1;
	assert_pong(f, say(f, "!ping"));
	assert_int_equal(say(f, "!ping"), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
}

static void test_room_cooldown(void **state)
{
	struct fx *f = *state;
	f->cfg.room_rate = (struct cooldown_rate){ .burst = 3, .refill_ms = 1000 };
	make_router(f);
	char id[8];
	struct bot_message m = chan("!ping");
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof id, "u%d", i);
		m.author_id = id;
		assert_pong(f, send_msg(f, &m));
	}
	m.author_id = "u9";
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
	m.author_id = "u8";
	assert_int_equal(send_msg(f, &m), 0);
	m.room_id = "c2";
	assert_pong(f, send_msg(f, &m));
}

static void test_command_cooldown(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!digest"), 1);
	assert_string_equal(f->out.title, "Briefing");
	assert_int_equal(say(f, "!digest"), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
	assert_string_equal(first_para(f), "Slow down — !digest can run again in 60 s.");
	assert_pong(f, say(f, "!ping"));
	struct bot_message m = chan("!digest");
	m.room_id = "c2";
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(f->out.title, "Briefing");
	f->now += 60000;
	assert_int_equal(say(f, "!digest"), 1);
	assert_string_equal(f->out.title, "Briefing");
}

/* digest subcommands: managing needs an admin or a room manager; the rest
 * of the line is the schedule; the bare command and `now` share one
 * cooldown; a slash command names its subcommand. */
static void test_digest_subcommands(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!digest subscribe daily 08:00 Europe/London"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_non_null(strstr(first_para(f), "Only admins and people who manage this room"));
	struct bot_message m = chan("!digest subscribe daily 08:00 Europe/London");
	m.can_manage_room = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(first_para(f), "subscribe [daily 08:00 Europe/London] in c1");
	m = chan("!digest SUBSCRIBE \"0 8 * * 1-5\"");
	m.author_id = "1001"; /* a configured admin */
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(first_para(f), "subscribe [0 8 * * 1-5] in c1"); /* one quoted word: unquoted */
	/* In a DM nobody manages a room. */
	m = chan("!digest subscribe");
	m.can_manage_room = true;
	m.is_dm = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_int_equal(say(f, "!digest list"), 1);
	assert_string_equal(first_para(f), "list c1");
	m = chan("!digest unsubscribe x");
	m.can_manage_room = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_non_null(strstr(first_para(f), "id must be a number"));
	m = chan("!digest unsubscribe 3");
	m.can_manage_room = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(first_para(f), "unsubscribe 3");
	assert_int_equal(say(f, "!digest sometime"), 1);
	assert_non_null(strstr(first_para(f), "Unknown !digest subcommand “sometime”"));
	assert_int_equal(say(f, "!digest now"), 1);
	assert_string_equal(f->out.title, "Briefing");
	assert_int_equal(say(f, "!digest"), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE); /* one cooldown for both */
	const char *args[] = { "weekly monday" };
	m = chan("");
	m.slash_command = "digest";
	m.slash_subcommand = "subscribe";
	m.slash_args = args;
	m.n_slash_args = 1;
	m.can_manage_room = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_string_equal(first_para(f), "subscribe [weekly monday] in c1");
}

/* bot_message.manages_room: counts its calls and answers *user. */
struct asked {
	bool answer;
	int calls;
};

static bool ask_manages(void *user, const struct bot_message *m)
{
	struct asked *a = user;
	(void)m;
	a->calls++;
	return a->answer;
}

/* An adapter's manages_room is asked instead of can_manage_room, and only
 * by a command that needs it: never for chatter or other commands, never
 * in a DM. */
static void test_manages_room_asked_lazily(void **state)
{
	struct fx *f = *state;
	struct asked a = { true, 0 };
	static const char *const lines[] = { "chatter about the article", "!help", "!digest list" };
	for (size_t i = 0; i < 3; i++) {
		struct bot_message m = chan(lines[i]);
		m.manages_room = ask_manages;
		m.manages_room_user = &a;
		send_msg(f, &m);
	}
	assert_int_equal(a.calls, 0);
	struct bot_message m = chan("!digest subscribe daily 08:00 Europe/London");
	m.manages_room = ask_manages;
	m.manages_room_user = &a;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(a.calls, 1);
	assert_string_equal(first_para(f), "subscribe [daily 08:00 Europe/London] in c1");
	/* its answer wins over can_manage_room */
	a.answer = false;
	m.can_manage_room = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(a.calls, 2);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	m.is_dm = true;
	a.answer = true;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(a.calls, 2);
	assert_int_equal(f->out.kind, REPLY_ERROR);
}

static void test_unknown_command_notice(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!frobnicate now"), 1);
	assert_int_equal(f->out.kind, REPLY_NOTICE);
	assert_string_equal(first_para(f), "Unknown command “frobnicate” — try !help.");
	assert_int_equal(say(f, "!other"), 0);
	f->now += 30000;
	/* A long name is cut on a character boundary. */
	assert_int_equal(say(f, "!aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xA9\xC3\xA9 x"), 1);
	assert_string_equal(first_para(f), "Unknown command “aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xA9” — try !help.");
	f->now += 30000;
	assert_int_equal(say(f, "!other"), 1);
	f->cfg.unknown_notice = false;
	make_router(f);
	assert_int_equal(say(f, "!frobnicate"), 0);
	assert_pong(f, say(f, "!ping"));
}

/* ---- the table and help ---- */

static void test_table_is_consistent(void **state)
{
	struct fx *f = *state;
	size_t n = router_command_count(f->r);
	assert_true(n >= 14);
	for (size_t i = 0; i < n; i++) {
		const struct router_command *c = router_command_at(f->r, i);
		size_t required = 0;
		for (size_t a = 0; a < c->max_args; a++) {
			required += c->args[a].required;
			assert_true(strlen(c->args[a].description) <= 100);
			assert_true(!c->args[a].rest || a + 1 == c->max_args);
		}
		assert_int_equal(required, c->min_args);
		assert_ptr_equal(router_command_find(f->r, c->name), c);
		for (const char *const *al = c->aliases; al && *al; al++)
			assert_ptr_equal(router_command_find(f->r, *al), c);
	}
	assert_null(router_command_at(f->r, n));
	assert_null(router_command_find(f->r, "nope"));
}

static void test_help_fits_and_covers_everything(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!help"), 1);
	size_t n = router_command_count(f->r);
	assert_int_equal(f->out.n_items, n);
	struct render_output out = {0};
	assert_int_equal(render_reply(&f->out, RENDER_DISCORD, 0, &out), 0);
	assert_int_equal(out.n_chunks, 1);
	render_output_free(&out);
	for (size_t i = 0; i < n; i++) {
		const struct router_command *c = router_command_at(f->r, i);
		char text[64];
		snprintf(text, sizeof text, "!help %s", c->name);
		assert_int_equal(say(f, text), 1);
		assert_int_equal(f->out.kind, REPLY_ANSWER);
		assert_true(strncmp(f->out.title + 1, c->name, strlen(c->name)) == 0);
		assert_true(f->out.n_paragraphs >= 2);
	}
	assert_int_equal(say(f, "!help !cite"), 1);
	assert_string_equal(f->out.title, "!cite ARTICLE PARAGRAPH");
	assert_int_equal(say(f, "!help nope"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
}

/* ---- handlers over the fake ---- */

static void test_handlers_say_when_nothing_known(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!whois Narnia"), 1);
	assert_non_null(strstr(first_para(f), "doesn't mention “Narnia”"));
	assert_int_equal(f->out.n_citations, 0);
	assert_int_equal(say(f, "!stakes"), 1);
	assert_string_equal(f->out.title, "What is at stake in Idlib");
	assert_string_equal(f->out.items[0], "four million people [1]");
	assert_int_equal(say(f, "!stakes Russia"), 1);
	assert_non_null(strstr(first_para(f), "says nothing about what is at stake in Russia"));
	assert_int_equal(say(f, "!quotes"), 1);
	assert_string_equal(first_para(f), "The article has no quotes from anyone.");
	assert_int_equal(say(f, "!timeline"), 1);
	assert_string_equal(first_para(f), "The article dates no events.");
	f->host.have_kb = false;
	assert_int_equal(say(f, "!backs"), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_non_null(strstr(first_para(f), "No knowledge base"));
}

static void test_status(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!status"), 1);
	assert_int_equal(f->out.n_items, 4);
	assert_string_equal(f->out.items[0], "Version: 9.9.9");
	assert_string_equal(f->out.items[1], "Uptime: 1 h 2 min 5 s");
	assert_string_equal(f->out.items[2], "Connected: discord, matrix");
	assert_non_null(strstr(f->out.items[3], "1 article, 2 sentences, 3 actors, 1 relations"));
	/* A refused reload is shown until one succeeds. */
	f->host.kb_error = "facts/x.json: quote not found in article x";
	assert_int_equal(say(f, "!status"), 1);
	assert_int_equal(f->out.n_items, 5);
	assert_string_equal(f->out.items[4], "Last reload refused (the knowledge base above stays): "
			    "facts/x.json: quote not found in article x");
}

/* add: admins only unless opened to everyone; the host starts the fetch
 * and the reply says so at once; a refused URL says why. */
static void test_add(void **state)
{
	struct fx *f = *state;
	assert_int_equal(say(f, "!add https://news.example/story"), 1);
	assert_string_equal(first_para(f), "Only admins may run !add.");
	assert_string_equal(f->host.added, "");

	struct bot_message m = chan("!add https://news.example/story");
	m.author_id = "1001";
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ANSWER);
	assert_string_equal(first_para(f), "Fetching https://news.example/story \u2026 I will post "
			    "the article here when it is in.");
	assert_string_equal(f->host.added, "https://news.example/story");
	assert_string_equal(f->host.added_room, "c1");

	m.text = "!add ftp://news.example/story";
	f->now += 20000;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);
	assert_string_equal(first_para(f), "Cannot add ftp://news.example/story: only http:// and "
			    "https:// pages can be added");

	m.text = "!add";
	f->now += 20000;
	assert_int_equal(send_msg(f, &m), 1);
	assert_int_equal(f->out.kind, REPLY_ERROR);

	static const char *const open[] = { "add" };
	f->cfg.open_commands = open;
	f->cfg.n_open_commands = 1;
	make_router(f);
	f->now += 20000;
	assert_int_equal(say(f, "!add http://news.example/two"), 1);
	assert_int_equal(f->out.kind, REPLY_ANSWER);
	assert_string_equal(f->host.added, "http://news.example/two");
	/* Opening add opens nothing else. */
	assert_int_equal(say(f, "!reload"), 1);
	assert_string_equal(first_para(f), "Only admins may run !reload.");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_prefix_trigger),
		T(test_configurable_prefix),
		T(test_reconfigure_keeps_the_router),
		T(test_mention_trigger),
		T(test_dm_trigger),
		T(test_slash_trigger),
		T(test_quoting_and_rest),
		T(test_aliases),
		T(test_arity_and_types),
		T(test_admin_only_commands),
		T(test_reload_rejected_keeps_old),
		T(test_room_lists_and_dms),
		T(test_self_and_bots_ignored),
		T(test_user_cooldown),
		T(test_room_cooldown),
		T(test_command_cooldown),
		T(test_digest_subcommands),
		T(test_manages_room_asked_lazily),
		T(test_unknown_command_notice),
		T(test_table_is_consistent),
		T(test_help_fits_and_covers_everything),
		T(test_handlers_say_when_nothing_known),
		T(test_status),
		T(test_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
