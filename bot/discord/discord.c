#include "bot/discord/discord.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/metrics.h"
#include "bot/net/backoff.h"
#include "bot/config.h"
#include "bot/discord/discord_commands.h"
#include "bot/discord/discord_gateway.h"
#include "bot/discord/discord_message.h"
#include "bot/discord/discord_perms.h"
#include "bot/discord/discord_rest.h"
#include "common/idset.h"
#include "bot/store.h"
#include "bot/net/ws.h"
#include "bot/net/zstream.h"
#include "commands/render.h"
#include "commands/router.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/cjson_str.h"

#define COMPONENT "discord"
#define SEEN_IDS 8192            /* handled message / interaction ids kept */
#define IDENTIFY_SPACING_MS 5000 /* max_concurrency IDENTIFYs per 5 s */
#define MAX_CONCURRENCY 64
#define SEQ_FLUSH_MS 1000
#define SLOW_ANSWER_MS 1000      /* defer an interaction answered slower */
#define MAX_SLASH_ARGS 8
#define ID_LEN 24
#define CONNECT_TIMEOUT_MS 15000 /* a connection not open by then is abandoned
				  * (before lws' own 20 s handshake timeout) */

struct discord;
struct answer;
struct post;

struct shard {
	struct discord *d;
	int id;
	struct dgw *gw;
	struct ws *ws;
	struct zstream *z;
	uv_timer_t beat;        /* dgw deadlines */
	int64_t beat_at;        /* the deadline beat is armed for, while active */
	uv_timer_t retry;       /* the delayed reconnect */
	int64_t latency_shown;  /* the heartbeat latency last put in the metrics */
	bool busy;              /* between ws_connect and on_close */
	bool opened;            /* the current connection reached on_open */
	bool stopped;           /* the gateway refused us for good (DGW_STOP) */
	int64_t connect_at;     /* when the current connection attempt began */
	int64_t abandon_at;     /* when a stuck attempt was told to close; 0: not */
	bool want_identify;
	bool ready;
	int64_t saved_seq;
};

enum start_step { STEP_ME, STEP_GATEWAY, STEP_RUNNING };

struct discord {
	struct adapter_env env;
	const struct config *cfg;
	struct discord_rest *rest;
	struct ws_hub *ws_hub;   /* one lws context for every shard */
	char user_agent[512];
	char bot_id[ID_LEN];
	char app_id[ID_LEN];
	char mention[2][ID_LEN + 4];
	const char *mentions[2];
	char *gateway_url;
	bool compress;

	enum start_step step;
	struct backoff start_backoff;
	uint64_t rng;
	uv_timer_t start_timer;
	uv_timer_t identify_timer;
	uv_timer_t seq_timer;
	bool timers_ready;

	long shard_first, shard_count;
	struct shard *shards;
	size_t n_shards;
	struct ws **retired;      /* shut down after a wedged attempt; freed at the end */
	size_t n_retired;

	/* IDENTIFY budget: session_start_limit and max_concurrency */
	long max_concurrency;
	long identify_remaining;
	int64_t identify_reset_at;
	int64_t last_identify[MAX_CONCURRENCY];

	struct idset *seen;
	struct discord_perms *perms; /* guild roles and channel overwrites */
	char *scratch;            /* strings of the MESSAGE_CREATE being handled */
	size_t scratch_size;
	struct answer *answers;   /* interactions being answered in steps */
	struct post *posts;       /* adapter posts in flight */
	bool commands_sent;
	bool stopping;
	bool up;
};

static int64_t now_ms(const struct discord *d)
{
	return (int64_t)uv_now(d->env.loop);
}

/* ---- nonces ---- */

int discord_reply_nonce(const char *message_id, unsigned index, char *out, size_t size)
{
	int n = snprintf(out, size, "%s-%u", message_id ? message_id : "", index);
	if (n < 0 || (size_t)n >= size || n > 25 || !message_id || !*message_id)
		return BB_EINVAL;
	return 0;
}

/* ---- little JSON helpers ---- */

static void copy_id(char dst[ID_LEN], const char *src)
{
	snprintf(dst, ID_LEN, "%s", src ? src : "");
}

/* ---- sending replies ---- */

static void on_sent(void *user, const struct discord_rest_result *res)
{
	struct discord *d = user;
	if (res->err < 0)
		log_msg(d->env.log, LOG_WARN, COMPONENT, "a reply was not posted: %s (%ld %d %s)",
			bb_strerror(res->err), res->status, res->discord_code,
			res->discord_message);
	else
		metrics_inc(d->env.metrics, METRIC_REPLIES_SENT, "discord");
}

/* Posts the rendered chunks to the channel; the first replies to msg_id. */
static void post_chunks(struct discord *d, const char *channel_id, const char *msg_id,
			const struct render_output *out)
{
	for (size_t i = 0; i < out->n_chunks; i++) {
		char nonce[32];
		const char *n = discord_reply_nonce(msg_id, (unsigned)i, nonce, sizeof nonce) == 0
					? nonce : NULL;
		/* on_sent reads only the outcome: the echoed message is not parsed */
		int rc = discord_rest_post_message(d->rest, channel_id, out->chunks[i].text,
						   i == 0 ? msg_id : NULL, n, on_sent, d);
		if (rc < 0)
			log_msg(d->env.log, LOG_WARN, COMPONENT, "cannot send to %s: %s",
				channel_id, bb_strerror(rc));
	}
}

/* ---- MESSAGE_CREATE ---- */

/* bot_message.manages_room: Manage Channels in a guild channel, from the
 * permissions the gateway told us about. */
static bool message_manages_room(void *user, const struct bot_message *m)
{
	struct discord *d = user;
	return m->guild_id && discord_perms_can_manage(d->perms, m->room_id, m->author_id,
						       m->role_ids, m->n_roles);
}

static void on_message_create(struct discord *d, const struct discord_message *m)
{
	if (!m->author_id || !m->id || !m->channel_id)
		return;
	if (d->bot_id[0] && strcmp(m->author_id, d->bot_id) == 0)
		return; /* our own message */
	if (!idset_add(d->seen, idset_parse(m->id)))
		return; /* a replay of a message already handled */
	const char *id = m->id, *channel = m->channel_id;
	struct bot_message msg = {
		.platform = PLATFORM_DISCORD,
		.room_id = channel,
		.guild_id = m->guild_id,
		.author_id = m->author_id,
		.author_name = m->author_global_name ? m->author_global_name : m->author_username,
		.author_is_bot = m->author_bot,
		.author_is_self = false,
		.is_dm = m->guild_id == NULL,
		.text = m->content ? m->content : "",
		.message_id = id,
		.role_ids = m->roles,
		.n_roles = m->n_roles,
		.manages_room = message_manages_room,
		.manages_room_user = d,
		.self_mentions = d->mentions,
		.n_self_mentions = d->bot_id[0] ? 2 : 0,
	};
	struct reply reply = {0};
	int rc = adapter_route(&d->env, &msg, &reply);
	if (rc == 1) {
		struct render_output out = {0};
		if (render_reply(&reply, RENDER_DISCORD, RENDER_DISCORD_LIMIT, &out) == 0)
			post_chunks(d, channel, id, &out);
		render_output_free(&out);
	} else if (rc < 0) {
		log_msg(d->env.log, LOG_WARN, COMPONENT, "router: %s", bb_strerror(rc));
	}
	reply_free(&reply);
}

/* ---- INTERACTION_CREATE ---- */

/* An interaction answered in several steps: deferred, then the original
 * response edited, then follow-ups, one after the other. */
struct answer {
	struct discord *d;
	struct answer *prev, *next_answer; /* d->answers: freed if still pending at the end */
	char *token;
	struct render_output out;
	size_t next;  /* the chunk to send next */
};

static void answer_free(struct answer *a)
{
	if (a->prev)
		a->prev->next_answer = a->next_answer;
	else if (a->d->answers == a)
		a->d->answers = a->next_answer;
	if (a->next_answer)
		a->next_answer->prev = a->prev;
	render_output_free(&a->out);
	free(a->token);
	free(a);
}

/* Adds content, an empty allowed_mentions.parse and flags (if any) to obj. */
static void add_message(cJSON *obj, const char *content, int flags)
{
	cJSON_AddStringToObject(obj, "content", content);
	cJSON *am = cJSON_AddObjectToObject(obj, "allowed_mentions");
	cJSON_AddArrayToObject(am, "parse");
	if (flags)
		cJSON_AddNumberToObject(obj, "flags", flags);
}

static char *print_free(cJSON *o)
{
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

static char *message_body(const char *content, int flags)
{
	cJSON *o = cJSON_CreateObject();
	add_message(o, content, flags);
	return print_free(o);
}

/* An interaction callback: type 4 with the message, or 5 (content NULL). */
static char *callback_body(int type, const char *content, int flags)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "type", type);
	if (content)
		add_message(cJSON_AddObjectToObject(o, "data"), content, flags);
	return print_free(o);
}

static void answer_step(void *user, const struct discord_rest_result *res)
{
	struct answer *a = user;
	struct discord *d = a->d;
	if (res->err < 0) {
		log_msg(d->env.log, LOG_WARN, COMPONENT, "interaction answer failed: %s (%d %s)",
			bb_strerror(res->err), res->discord_code, res->discord_message);
		answer_free(a);
		return;
	}
	if (a->next >= a->out.n_chunks) {
		answer_free(a);
		return;
	}
	struct strbuf path = {0};
	const char *method;
	strbuf_printf(&path, "/webhooks/%s/%s", d->app_id, a->token);
	if (a->next == 0) {
		method = "PATCH";
		strbuf_puts(&path, "/messages/@original");
	} else {
		method = "POST";
	}
	char *body = message_body(a->out.chunks[a->next].text, 0);
	a->next++;
	int rc = body && !strbuf_failed(&path)
			 ? discord_rest_request(d->rest, method, strbuf_str(&path), body, NULL,
						answer_step, a)
			 : BB_ENOMEM;
	free(body);
	strbuf_free(&path);
	if (rc < 0) {
		log_msg(d->env.log, LOG_WARN, COMPONENT, "interaction follow-up: %s",
			bb_strerror(rc));
		answer_free(a);
	}
}

static void answer_interaction(struct discord *d, const char *iid, const char *token,
			       struct render_output *out, bool slow)
{
	struct strbuf path = {0};
	strbuf_printf(&path, "/interactions/%s/%s/callback", iid, token);
	if (strbuf_failed(&path)) {
		log_msg(d->env.log, LOG_WARN, COMPONENT, "interaction: %s", bb_strerror(BB_ENOMEM));
		return;
	}
	if (out->n_chunks <= 1 && !slow) {
		/* type 4: the answer right in the callback */
		const char *text = out->n_chunks ? out->chunks[0].text
						 : "Not now: try again in a moment.";
		char *body = callback_body(4, text, out->n_chunks ? 0 : 64);
		int rc = body ? discord_rest_request(d->rest, "POST", strbuf_str(&path), body, NULL,
						     on_sent, d)
			      : BB_ENOMEM;
		free(body);
		if (rc < 0)
			log_msg(d->env.log, LOG_WARN, COMPONENT, "interaction: %s", bb_strerror(rc));
		strbuf_free(&path);
		return;
	}
	/* type 5: deferred; then the original response and follow-ups */
	struct answer *a = calloc(1, sizeof *a);
	char *body = callback_body(5, NULL, 0);
	int rc = BB_ENOMEM;
	if (a && body && d->app_id[0] && (a->token = strdup(token))) {
		a->d = d;
		a->next_answer = d->answers;
		if (d->answers)
			d->answers->prev = a;
		d->answers = a;
		a->out = *out;
		*out = (struct render_output){0};
		rc = discord_rest_request(d->rest, "POST", strbuf_str(&path), body, NULL,
					  answer_step, a);
	}
	free(body);
	strbuf_free(&path);
	if (rc < 0) {
		log_msg(d->env.log, LOG_WARN, COMPONENT, "interaction: %s", bb_strerror(rc));
		if (a && a->d) {
			answer_free(a);
		} else if (a) {
			free(a->token);
			free(a);
		}
	}
}

/* Interaction tokens go into URL paths. Discord's are a few hundred
 * base64url characters and compatible servers' may be longer, so the check
 * is on the characters (nothing that could change the path) and a generous
 * bound, not on a length seen once. */
#define INTERACTION_TOKEN_MAX 4096

static bool interaction_token_ok(const char *token)
{
	size_t n = strlen(token);
	return n > 0 && n <= INTERACTION_TOKEN_MAX &&
	       token[strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789._-")] == '\0';
}

static void on_interaction(struct discord *d, const cJSON *it)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(it, "type");
	const char *iid = cjson_str(it, "id");
	const char *token = cjson_str(it, "token");
	const char *channel = cjson_str(it, "channel_id");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(it, "data");
	const char *name = cjson_str(data, "name");
	if (!cJSON_IsNumber(type) || type->valueint != 2 || !iid || !token || !name || !channel)
		return;
	if (!interaction_token_ok(token)) {
		/* the token itself is a credential: not logged */
		log_msg(d->env.log, LOG_WARN, COMPONENT,
			"interaction %s ignored: its token (%zu characters) is not base64url",
			iid, strlen(token));
		return;
	}
	if (!idset_add(d->seen, idset_parse(iid)))
		return;
	const char *guild = cjson_str(it, "guild_id");
	const cJSON *member = cJSON_GetObjectItemCaseSensitive(it, "member");
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(member, "user");
	if (!user)
		user = cJSON_GetObjectItemCaseSensitive(it, "user");
	const char *roles[64];
	size_t n_roles = 0;
	const cJSON *role;
	cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(member, "roles")) {
		if (cJSON_IsString(role) && n_roles < sizeof roles / sizeof roles[0])
			roles[n_roles++] = role->valuestring;
	}
	char *args[MAX_SLASH_ARGS] = {0};
	int n_args = 0;
	const struct router_command *cmd = router_command_find(d->env.router, name);
	const cJSON *options = cJSON_GetObjectItemCaseSensitive(data, "options");
	const char *sub_name = NULL;
	if (cmd && cmd->n_subs) {
		const struct router_command *sub = discord_commands_sub(cmd, options, &options);
		cmd = sub;
		sub_name = sub ? sub->name : NULL;
	}
	if (cmd) {
		n_args = discord_commands_args(cmd, options, args, MAX_SLASH_ARGS);
		if (n_args < 0)
			return;
	}
	const char *gname = cjson_str(user, "global_name");
	struct bot_message msg = {
		.platform = PLATFORM_DISCORD,
		.room_id = channel,
		.guild_id = guild,
		.author_id = cjson_str(user, "id") ? cjson_str(user, "id") : "0",
		.author_name = gname ? gname : cjson_str(user, "username"),
		.author_is_bot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(user, "bot")),
		.is_dm = guild == NULL,
		.text = "",
		.message_id = NULL,
		.role_ids = roles,
		.n_roles = n_roles,
		.self_mentions = d->mentions,
		.n_self_mentions = d->bot_id[0] ? 2 : 0,
		.can_manage_room = discord_can_manage_channel(cjson_str(member, "permissions")),
		.slash_command = name,
		.slash_subcommand = sub_name,
		.slash_args = (const char *const *)args,
		.n_slash_args = (size_t)n_args,
	};
	uint64_t t0 = uv_hrtime();
	struct reply reply = {0};
	int rc = adapter_route(&d->env, &msg, &reply);
	bool slow = (uv_hrtime() - t0) / 1000000 > SLOW_ANSWER_MS;
	struct render_output out = {0};
	if (rc == 1 && render_reply(&reply, RENDER_DISCORD, RENDER_DISCORD_LIMIT, &out) < 0)
		out = (struct render_output){0};
	answer_interaction(d, iid, token, &out, slow);
	render_output_free(&out);
	reply_free(&reply);
	discord_commands_args_free(args, (size_t)n_args);
}

/* ---- slash command registration ---- */

static void on_commands_put(void *user, const struct discord_rest_result *res)
{
	struct discord *d = user;
	if (res->err < 0)
		log_msg(d->env.log, LOG_WARN, COMPONENT,
			"registering slash commands failed: %s (%ld %d %s)",
			bb_strerror(res->err), res->status, res->discord_code, res->discord_message);
	else
		log_msg(d->env.log, LOG_INFO, COMPONENT, "slash commands registered");
}

static void register_commands(struct discord *d)
{
	if (d->commands_sent || !d->app_id[0])
		return;
	d->commands_sent = true;
	const char *scope = config_str(d->cfg, CONFIG_DISCORD_COMMANDS_SCOPE);
	char path[256];
	if (strcmp(scope, "global") == 0)
		snprintf(path, sizeof path, "/applications/%s/commands", d->app_id);
	else
		snprintf(path, sizeof path, "/applications/%s/guilds/%s/commands", d->app_id, scope);
	char *body = discord_commands_json(d->env.router);
	int rc = body ? discord_rest_request(d->rest, "PUT", path, body, NULL, on_commands_put, d)
		      : BB_ENOMEM;
	free(body);
	if (rc < 0)
		log_msg(d->env.log, LOG_WARN, COMPONENT, "slash commands: %s", bb_strerror(rc));
}

/* ---- the gateway's callbacks ---- */

static void set_up(struct discord *d)
{
	bool up = false;
	for (size_t i = 0; i < d->n_shards; i++)
		up = up || d->shards[i].ready;
	if (up != d->up && d->env.connected)
		d->env.connected(d->env.app, PLATFORM_DISCORD, up);
	d->up = up;
}

static void gw_dispatch(void *user, const char *event, const cJSON *data)
{
	struct shard *s = user;
	struct discord *d = s->d;
	if (discord_perms_event(d->perms, event, data) < 0)
		log_msg(d->env.log, LOG_WARN, COMPONENT, "%s: out of memory: permissions may be "
			"stale", event);
	if (strcmp(event, "MESSAGE_CREATE") == 0) {
		struct discord_message m;
		discord_message_from_json(data, &m);
		on_message_create(d, &m);
	} else if (strcmp(event, "INTERACTION_CREATE") == 0) {
		on_interaction(d, data);
	} else if (strcmp(event, "READY") == 0 || strcmp(event, "RESUMED") == 0) {
		log_msg(d->env.log, LOG_INFO, COMPONENT, "shard %d %s", s->id,
			event[0] == 'R' && event[1] == 'E' && event[2] == 'A' ? "ready" : "resumed");
		if (event[2] == 'A') {
			const cJSON *app = cJSON_GetObjectItemCaseSensitive(data, "application");
			if (!d->app_id[0] && cjson_str(app, "id"))
				copy_id(d->app_id, cjson_str(app, "id"));
			register_commands(d);
		}
		s->ready = true;
		set_up(d);
	}
}

/* MESSAGE_CREATE, the bulk of the traffic, is read without a tree. */
static bool gw_dispatch_scan(void *user, const char *event, struct jscan data,
			     const struct jscan *fields)
{
	struct shard *s = user;
	struct discord *d = s->d;
	if (strcmp(event, "MESSAGE_CREATE") != 0)
		return false;
	if (data.len + 1 > d->scratch_size) {
		char *bigger = realloc(d->scratch, data.len + 1);
		if (!bigger)
			return false;
		d->scratch = bigger;
		d->scratch_size = data.len + 1;
	}
	struct discord_message m;
	if (discord_message_from_fields(data, fields, d->scratch, d->scratch_size, &m) < 0)
		return false;
	on_message_create(d, &m);
	return true;
}

static void gw_send(void *user, const char *text, size_t len)
{
	struct shard *s = user;
	int rc = ws_send_text(s->ws, text, len);
	if (rc < 0)
		log_msg(s->d->env.log, LOG_WARN, COMPONENT, "shard %d: send: %s", s->id,
			bb_strerror(rc));
}

static void schedule_identify(struct discord *d);

static void gw_want_identify(void *user)
{
	struct shard *s = user;
	s->want_identify = true;
	schedule_identify(s->d);
}

static void ws_on_close(void *user, int code, const char *reason, bool clean);

static void gw_close(void *user, int code, const char *reason)
{
	struct shard *s = user;
	log_msg(s->d->env.log, LOG_INFO, COMPONENT, "shard %d: closing (%s)", s->id, reason);
	s->want_identify = false;
	if (ws_close(s->ws, code, reason) < 0)
		ws_on_close(s, code, "", false); /* nothing open: it is closed now */
}

static void gw_session(void *user, const char *session_id, const char *resume_url, int64_t seq)
{
	struct shard *s = user;
	struct store *st = s->d->env.store;
	if (!st)
		return;
	if (session_id)
		store_discord_session_set(st, s->id, session_id, resume_url, seq);
	else
		store_discord_session_delete(st, s->id);
	s->saved_seq = seq;
}

static const struct dgw_ops gw_ops = {
	.send = gw_send,
	.dispatch = gw_dispatch,
	.dispatch_scan = gw_dispatch_scan,
	.scan_fields = discord_message_fields,
	.n_scan_fields = DISCORD_MESSAGE_N_FIELDS,
	.want_identify = gw_want_identify,
	.close = gw_close,
	.session = gw_session,
};

/* ---- timers ---- */

static void arm_beat(struct shard *s);

static void on_beat(uv_timer_t *t)
{
	struct shard *s = t->data;
	if (s->d->stopping)
		return;
	dgw_tick(s->gw, now_ms(s->d));
	arm_beat(s);
}

static void arm_beat(struct shard *s)
{
	if (s->d->stopping)
		return;
	int64_t deadline = dgw_next_deadline(s->gw);
	if (deadline < 0) {
		uv_timer_stop(&s->beat);
		return;
	}
	/* most payloads leave the deadline where it was: then the timer is
	 * left alone, not taken out of libuv's heap and put back per event */
	if (deadline == s->beat_at && uv_is_active((const uv_handle_t *)&s->beat))
		return;
	int64_t wait = deadline - now_ms(s->d);
	s->beat_at = deadline;
	uv_timer_start(&s->beat, on_beat, wait > 0 ? (uint64_t)wait : 0, 0);
}

static void flush_seq(struct discord *d)
{
	if (!d->env.store)
		return;
	for (size_t i = 0; i < d->n_shards; i++) {
		struct shard *s = &d->shards[i];
		int64_t seq = s->gw ? dgw_seq(s->gw) : 0;
		if (seq > s->saved_seq && dgw_session_id(s->gw)) {
			store_discord_seq_set(d->env.store, s->id, seq);
			s->saved_seq = seq;
		}
	}
}

static void watch_shards(struct discord *d);

static void on_seq_timer(uv_timer_t *t)
{
	flush_seq(t->data);
	watch_shards(t->data);
}

/* IDENTIFYs: shards in the same max_concurrency bucket (id % max) at least
 * 5 s apart, and none while session_start_limit is spent. */
static void on_identify_timer(uv_timer_t *t)
{
	schedule_identify(t->data);
}

static void schedule_identify(struct discord *d)
{
	if (d->stopping)
		return;
	int64_t now = now_ms(d);
	int64_t next = -1;
	for (size_t i = 0; i < d->n_shards; i++) {
		struct shard *s = &d->shards[i];
		if (!s->want_identify)
			continue;
		if (dgw_state(s->gw) != DGW_WAIT_IDENTIFY) {
			s->want_identify = false;
			continue;
		}
		int64_t at = now;
		if (d->identify_remaining <= 0 && d->identify_reset_at > now)
			at = d->identify_reset_at;
		long bucket = s->id % d->max_concurrency;
		int64_t last = d->last_identify[bucket];
		if (last && last + IDENTIFY_SPACING_MS > at)
			at = last + IDENTIFY_SPACING_MS;
		if (at <= now) {
			s->want_identify = false;
			d->last_identify[bucket] = now ? now : 1;
			if (d->identify_remaining > 0)
				d->identify_remaining--;
			log_msg(d->env.log, LOG_INFO, COMPONENT, "shard %d: identify", s->id);
			dgw_identify(s->gw, now);
			arm_beat(s);
		} else if (next < 0 || at < next) {
			next = at;
		}
	}
	if (next >= 0)
		uv_timer_start(&d->identify_timer, on_identify_timer, (uint64_t)(next - now), 0);
}

/* ---- connections ---- */

static void shard_connect(struct shard *s);

static void on_retry(uv_timer_t *t)
{
	shard_connect(t->data);
}

static void ws_on_open(void *user)
{
	struct shard *s = user;
	s->opened = true;
	zstream_reset(s->z);
	dgw_on_open(s->gw, now_ms(s->d));
}

static void ws_on_message(void *user, const char *data, size_t len, bool binary)
{
	struct shard *s = user;
	struct discord *d = s->d;
	if (d->stopping)
		return;
	if (binary) {
		const char *out;
		size_t out_len;
		int rc = zstream_feed(s->z, data, len, &out, &out_len);
		if (rc < 0) {
			log_msg(d->env.log, LOG_WARN, COMPONENT, "shard %d: zlib-stream: %s", s->id,
				bb_strerror(rc));
			ws_close(s->ws, DGW_CLOSE_FOR_RESUME, "bad compressed data");
			return;
		}
		if (rc == 0)
			return;
		data = out;
		len = out_len;
	}
	if (dgw_on_payload(s->gw, data, len, now_ms(d)) < 0)
		log_msg(d->env.log, LOG_DEBUG, COMPONENT, "shard %d: ignored a bad payload", s->id);
	int64_t latency = dgw_heartbeat_latency_ms(s->gw);
	if (latency >= 0 && latency != s->latency_shown) {
		s->latency_shown = latency;
		char shard[16];
		snprintf(shard, sizeof shard, "%d", s->id);
		metrics_set(d->env.metrics, METRIC_HEARTBEAT_LATENCY, shard, (double)latency / 1000);
	}
	arm_beat(s);
}

static void ws_on_close(void *user, int code, const char *reason, bool clean)
{
	struct shard *s = user;
	struct discord *d = s->d;
	s->busy = false;
	s->ready = false;
	s->want_identify = false;
	if (d->stopping) {
		ws_shutdown(s->ws);
		return;
	}
	uv_timer_stop(&s->beat);
	set_up(d);
	struct dgw_plan plan;
	dgw_on_close(s->gw, code, now_ms(d), &plan);
	log_msg(d->env.log, LOG_INFO, COMPONENT,
		"shard %d: connection closed (%d%s%s); %s in %u ms", s->id, code,
		*reason ? " " : "", reason,
		plan.what == DGW_RESUME ? "resume" : plan.what == DGW_NEW_SESSION ? "new session"
										   : "stop",
		plan.delay_ms);
	if (plan.what == DGW_STOP) {
		s->stopped = true;
		d->env.fatal(d->env.app, "discord", plan.message ? plan.message
								   : "the gateway refused the bot");
		return;
	}
	metrics_inc(d->env.metrics, METRIC_RECONNECTS, "discord");
	uv_timer_start(&s->retry, on_retry, plan.delay_ms, 0);
}

static const struct ws_callbacks ws_cb = {
	.on_open = ws_on_open,
	.on_message = ws_on_message,
	.on_close = ws_on_close,
};

static void shard_connect(struct shard *s)
{
	struct discord *d = s->d;
	if (d->stopping || s->busy)
		return;
	const char *base = dgw_will_resume(s->gw) && dgw_resume_url(s->gw)
				   ? dgw_resume_url(s->gw) : d->gateway_url;
	/* wss://gateway.discord.gg -> wss://gateway.discord.gg/?v=10... */
	const char *scheme_end = strstr(base, "://");
	bool has_path = scheme_end && strchr(scheme_end + 3, '/');
	char url[1024];
	snprintf(url, sizeof url, "%s%s?v=10&encoding=json%s", base, has_path ? "" : "/",
		 d->compress ? "&compress=zlib-stream" : "");
	log_msg(d->env.log, LOG_INFO, COMPONENT, "shard %d: connecting (%s)", s->id,
		dgw_will_resume(s->gw) ? "to resume" : "new session");
	int rc = ws_connect(s->ws, url, &ws_cb, s);
	if (rc < 0) {
		log_msg(d->env.log, LOG_WARN, COMPONENT, "shard %d: cannot connect: %s", s->id,
			bb_strerror(rc));
		uv_timer_start(&s->retry, on_retry,
			       backoff_next_ms(&d->start_backoff, backoff_rand_u32(&d->rng)), 0);
		return;
	}
	s->busy = true;
	s->opened = false;
	s->connect_at = now_ms(d);
	s->abandon_at = 0;
}

/* Gives up the shard's websocket for a fresh one: the old one is shut down
 * (no more callbacks) and freed with the adapter; the shard then goes on
 * as after a dropped connection. */
static void replace_ws(struct shard *s)
{
	struct discord *d = s->d;
	struct ws **more = realloc(d->retired, (d->n_retired + 1) * sizeof *more);
	struct ws *fresh = more ? ws_new(d->ws_hub) : NULL;
	if (more)
		d->retired = more;
	if (!fresh) {
		d->env.fatal(d->env.app, "discord", "out of memory");
		return;
	}
	ws_shutdown(s->ws);
	d->retired[d->n_retired++] = s->ws;
	s->ws = fresh;
	ws_on_close(s, WS_CLOSE_ABNORMAL, "connection attempt wedged", false);
}

/* Every shard has a connection (being made or open) or an armed timer that
 * will make one: checked every second.  A shard found with neither is a
 * bug: it is logged as "invariant broken" (the tests look for that line)
 * and reconnected.  A connection attempt not open after CONNECT_TIMEOUT_MS
 * is abandoned (on_close follows); one that does not end even then gets a
 * fresh websocket.  Once open, the gateway's own deadlines (HELLO timeout,
 * heartbeats) take over. */
static void watch_shards(struct discord *d)
{
	int64_t now = now_ms(d);
	for (size_t i = 0; i < d->n_shards && !d->stopping; i++) {
		struct shard *s = &d->shards[i];
		if (s->stopped)
			continue;
		if (!s->busy) {
			if (!uv_is_active((uv_handle_t *)&s->retry)) {
				log_msg(d->env.log, LOG_ERROR, COMPONENT,
					"shard %d: invariant broken: no connection and no reconnect "
					"timer (%s); reconnecting", s->id,
					dgw_will_resume(s->gw) ? "session kept" : "no session");
				shard_connect(s);
			}
			continue;
		}
		if (s->opened || now - s->connect_at < CONNECT_TIMEOUT_MS)
			continue;
		if (!s->abandon_at) {
			log_msg(d->env.log, LOG_WARN, COMPONENT,
				"shard %d: not connected after %d s: abandoning the attempt", s->id,
				CONNECT_TIMEOUT_MS / 1000);
			s->abandon_at = now;
			if (ws_close(s->ws, DGW_CLOSE_FOR_RESUME, "connect timeout") < 0)
				replace_ws(s);
		} else if (now - s->abandon_at >= CONNECT_TIMEOUT_MS) {
			log_msg(d->env.log, LOG_ERROR, COMPONENT,
				"shard %d: invariant broken: an abandoned connection attempt never "
				"ended; starting over with a new websocket", s->id);
			replace_ws(s);
		}
	}
}

/* ---- start: who am I, where is the gateway ---- */

static void start_step(struct discord *d);

static void on_start_timer(uv_timer_t *t)
{
	start_step(t->data);
}

static void start_failed(struct discord *d, const struct discord_rest_result *res,
			 const char *what)
{
	if (res->err == BB_EAUTH) {
		d->env.fatal(d->env.app, "discord",
			     "Discord refused the bot token (401 Unauthorized). Copy the token "
			     "again from https://discord.com/developers/applications -> your "
			     "application -> Bot -> Reset Token, and set it as token in "
			     "[discord] or in DISCORD_TOKEN (without the \"Bot \" prefix).");
		return;
	}
	uint32_t delay = backoff_next_ms(&d->start_backoff, backoff_rand_u32(&d->rng));
	log_msg(d->env.log, LOG_WARN, COMPONENT, "%s failed: %s (%ld); retrying in %u ms", what,
		bb_strerror(res->err), res->status, delay);
	uv_timer_start(&d->start_timer, on_start_timer, delay, 0);
}

static int create_shards(struct discord *d, long count_from_discord)
{
	long first, last;
	if (config_discord_shards(d->cfg, &first, &last) == 1) {
		first = 0;
		last = count_from_discord > 0 ? count_from_discord - 1 : 0;
		d->shard_count = last + 1;
	} else {
		d->shard_count = config_int(d->cfg, CONFIG_DISCORD_SHARD_COUNT);
	}
	d->shard_first = first;
	size_t n = (size_t)(last - first + 1);
	d->shards = calloc(n, sizeof *d->shards);
	if (!d->shards)
		return BB_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct shard *s = &d->shards[i];
		d->n_shards = i + 1;
		s->d = d;
		uv_timer_init(d->env.loop, &s->beat);
		uv_timer_init(d->env.loop, &s->retry);
		s->beat.data = s->retry.data = s;
		s->id = (int)(first + (long)i);
		s->latency_shown = -1;
		struct dgw_options go = {
			.token = config_str(d->cfg, CONFIG_DISCORD_TOKEN),
			.shard_id = s->id,
			.shard_count = (int)d->shard_count,
			.status_text = config_str(d->cfg, CONFIG_DISCORD_STATUS_TEXT),
			.seed = d->rng ^ ((uint64_t)i << 32),
			.backoff_cap_ms = (uint32_t)config_int(d->cfg, CONFIG_GENERAL_RECONNECT_MAX_MS),
		};
		s->gw = dgw_new(&go, &gw_ops, s);
		s->ws = ws_new(d->ws_hub);
		s->z = zstream_new(0);
		if (!s->gw || !s->ws || !s->z)
			return BB_ENOMEM;
		struct store_discord_session saved;
		if (d->env.store && store_discord_session_get(d->env.store, s->id, &saved) == 0) {
			log_msg(d->env.log, LOG_INFO, COMPONENT,
				"shard %d: resuming the saved session at seq %lld", s->id,
				(long long)saved.seq);
			dgw_set_session(s->gw, saved.session_id, saved.resume_url, saved.seq);
			s->saved_seq = saved.seq;
			store_discord_session_clear(&saved);
		}
	}
	return 0;
}

static void on_gateway_bot(void *user, const struct discord_rest_result *res)
{
	struct discord *d = user;
	if (d->stopping)
		return;
	if (res->err < 0) {
		start_failed(d, res, "GET /gateway/bot");
		return;
	}
	const char *url = cjson_str(res->json, "url");
	const char *configured = config_str(d->cfg, CONFIG_DISCORD_GATEWAY_URL);
	free(d->gateway_url);
	d->gateway_url = strdup(*configured ? configured : url ? url : "wss://gateway.discord.gg");
	const cJSON *shards = cJSON_GetObjectItemCaseSensitive(res->json, "shards");
	const cJSON *limit = cJSON_GetObjectItemCaseSensitive(res->json, "session_start_limit");
	const cJSON *rem = cJSON_GetObjectItemCaseSensitive(limit, "remaining");
	const cJSON *reset = cJSON_GetObjectItemCaseSensitive(limit, "reset_after");
	const cJSON *conc = cJSON_GetObjectItemCaseSensitive(limit, "max_concurrency");
	d->identify_remaining = cJSON_IsNumber(rem) && rem->valuedouble >= 0 &&
					rem->valuedouble < 1e9 ? (long)rem->valuedouble : 1000;
	d->identify_reset_at = now_ms(d) + (cJSON_IsNumber(reset) && reset->valuedouble > 0 &&
					    reset->valuedouble < 1e12 ? (int64_t)reset->valuedouble : 0);
	d->max_concurrency = cJSON_IsNumber(conc) && conc->valueint >= 1 ? conc->valueint : 1;
	if (d->max_concurrency > MAX_CONCURRENCY)
		d->max_concurrency = MAX_CONCURRENCY;
	long count = cJSON_IsNumber(shards) && shards->valueint >= 1 ? shards->valueint : 1;
	if (!d->gateway_url || create_shards(d, count) < 0) {
		d->env.fatal(d->env.app, "discord", "out of memory");
		return;
	}
	log_msg(d->env.log, LOG_INFO, COMPONENT,
		"gateway %s: shards %ld-%ld of %ld, %ld session starts left, concurrency %ld",
		d->gateway_url, d->shard_first, d->shard_first + (long)d->n_shards - 1,
		d->shard_count, d->identify_remaining, d->max_concurrency);
	backoff_reset(&d->start_backoff);
	d->step = STEP_RUNNING;
	for (size_t i = 0; i < d->n_shards; i++)
		shard_connect(&d->shards[i]);
}

static void on_me(void *user, const struct discord_rest_result *res)
{
	struct discord *d = user;
	if (d->stopping)
		return;
	const char *id = res->err == 0 ? cjson_str(res->json, "id") : NULL;
	if (!id) {
		start_failed(d, res, "GET /users/@me");
		return;
	}
	copy_id(d->bot_id, id);
	snprintf(d->mention[0], sizeof d->mention[0], "<@%s>", d->bot_id);
	snprintf(d->mention[1], sizeof d->mention[1], "<@!%s>", d->bot_id);
	log_msg(d->env.log, LOG_INFO, COMPONENT, "logged in as %s (%s)",
		cjson_str(res->json, "username") ? cjson_str(res->json, "username") : "?", d->bot_id);
	backoff_reset(&d->start_backoff);
	d->step = STEP_GATEWAY;
	start_step(d);
}

static void start_step(struct discord *d)
{
	if (d->stopping)
		return;
	int rc = 0;
	if (d->step == STEP_ME)
		rc = discord_rest_request(d->rest, "GET", "/users/@me", NULL, NULL, on_me, d);
	else if (d->step == STEP_GATEWAY)
		rc = discord_rest_request(d->rest, "GET", "/gateway/bot", NULL, NULL,
					  on_gateway_bot, d);
	if (rc < 0) {
		log_msg(d->env.log, LOG_ERROR, COMPONENT, "REST: %s", bb_strerror(rc));
		uv_timer_start(&d->start_timer, on_start_timer, 1000, 0);
	}
}

/* ---- posts nobody asked for (adapter_ops.post) ---- */

/* One post: its chunks sent one after the other, each with the nonce
 * "KEY" (the first) or "KEY-i", so a re-send after a crash posts none of
 * them twice while Discord remembers the nonces. */
struct post {
	struct discord *d;
	struct post *prev, *next;
	char channel[ID_LEN];
	char key[24];
	char first_id[ID_LEN];
	struct render_output out;
	size_t next_chunk;
	adapter_post_done done;
	void *user;
};

static void post_free(struct post *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else if (p->d->posts == p)
		p->d->posts = p->next;
	if (p->next)
		p->next->prev = p->prev;
	render_output_free(&p->out);
	free(p);
}

/* 403 (missing access or permissions) and 404 (unknown channel): this
 * channel will not take our messages until someone changes something. */
static int post_outcome(const struct discord_rest_result *res)
{
	if (res->err == BB_EPERM || res->err == BB_ENOTFOUND)
		return BB_EGONE;
	return res->err;
}

static void post_finish(struct post *p, int rc)
{
	adapter_post_done done = p->done;
	void *user = p->user;
	char id[ID_LEN];
	memcpy(id, p->first_id, sizeof id);
	post_free(p);
	done(user, rc, rc == 0 ? id : NULL);
}

static int post_send_next(struct post *p);

static void on_post_sent(void *user, const struct discord_rest_result *res)
{
	struct post *p = user;
	if (res->err < 0) {
		log_msg(p->d->env.log, LOG_WARN, COMPONENT, "post %s to %s: %s (%ld %d %s)", p->key,
			p->channel, bb_strerror(res->err), res->status, res->discord_code,
			res->discord_message);
		post_finish(p, post_outcome(res));
		return;
	}
	if (p->next_chunk == 1)
		copy_id(p->first_id, cjson_str(res->json, "id"));
	if (p->next_chunk >= p->out.n_chunks) {
		post_finish(p, 0);
		return;
	}
	int rc = post_send_next(p);
	if (rc < 0)
		post_finish(p, rc);
}

static int post_send_next(struct post *p)
{
	char nonce[64];
	size_t i = p->next_chunk++;
	int n = i == 0 ? snprintf(nonce, sizeof nonce, "%s", p->key)
		       : snprintf(nonce, sizeof nonce, "%s-%zu", p->key, i);
	if (!p->d->rest || n < 0 || n > 25) /* Discord's nonce limit */
		return BB_EINVAL;
	/* The first chunk's answer is parsed for the message id; the rest
	 * only need the outcome. */
	if (i == 0)
		return discord_rest_create_message(p->d->rest, p->channel, p->out.chunks[i].text,
						   NULL, nonce, on_post_sent, p);
	return discord_rest_post_message(p->d->rest, p->channel, p->out.chunks[i].text, NULL,
					 nonce, on_post_sent, p);
}

static int discord_post(void *self, const char *room_id, const struct reply *r,
			const char *idem_key, adapter_post_done done, void *user)
{
	struct discord *d = self;
	if (!d || d->stopping || !d->rest || !room_id || !r || !idem_key || !done ||
	    strlen(idem_key) > 20 || !*idem_key || strlen(room_id) >= ID_LEN)
		return BB_EINVAL;
	struct post *p = calloc(1, sizeof *p);
	if (!p)
		return BB_ENOMEM;
	p->d = d;
	p->done = done;
	p->user = user;
	copy_id(p->channel, room_id);
	snprintf(p->key, sizeof p->key, "%s", idem_key);
	int rc = render_reply(r, RENDER_DISCORD, RENDER_DISCORD_LIMIT, &p->out);
	if (rc == 0 && p->out.n_chunks == 0)
		rc = BB_EINVAL;
	if (rc == 0) {
		p->next = d->posts;
		if (d->posts)
			d->posts->prev = p;
		d->posts = p;
		rc = post_send_next(p);
		if (rc < 0)
			post_free(p);
		return rc;
	}
	render_output_free(&p->out);
	free(p);
	return rc;
}

/* ---- the adapter ---- */

static bool discord_enabled(const struct config *cfg)
{
	return config_bool(cfg, CONFIG_DISCORD_ENABLED);
}

static void discord_destroy(void *self);

static void *discord_create(const struct adapter_env *env, struct strbuf *err)
{
	struct discord *d = calloc(1, sizeof *d);
	if (!d) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	d->env = *env;
	d->cfg = env->cfg;
	d->compress = config_bool(env->cfg, CONFIG_DISCORD_COMPRESS);
	d->mentions[0] = d->mention[0];
	d->mentions[1] = d->mention[1];
	d->max_concurrency = 1;
	d->identify_remaining = 1000;
	copy_id(d->app_id, config_str(env->cfg, CONFIG_DISCORD_APPLICATION_ID));
	d->rng = uv_hrtime() ^ ((uint64_t)(uintptr_t)d << 16);
	backoff_init(&d->start_backoff, 1000,
		     (uint32_t)config_int(env->cfg, CONFIG_GENERAL_RECONNECT_MAX_MS));
	snprintf(d->user_agent, sizeof d->user_agent, "DiscordBot (%s, %s)",
		 config_str(env->cfg, CONFIG_DISCORD_USER_AGENT_URL), BRIEFBOT_VERSION);
	const struct ws_options wo = { .user_agent = d->user_agent, .log = env->log };
	d->ws_hub = ws_hub_new(env->loop, &wo);
	const struct discord_rest_options ro = {
		.api_base = config_str(env->cfg, CONFIG_DISCORD_API_BASE),
		.token = config_str(env->cfg, CONFIG_DISCORD_TOKEN),
		.user_agent_url = config_str(env->cfg, CONFIG_DISCORD_USER_AGENT_URL),
		.user_agent_version = BRIEFBOT_VERSION,
		.log = env->log,
		.timeout_ms = config_int(env->cfg, CONFIG_GENERAL_HTTP_TIMEOUT_MS),
		/* Discord allows 50 per second; our window is measured when a
		 * request leaves, Discord's when it arrives, so the default 45
		 * keeps headroom for latency between the two. */
		.max_global_per_s = (unsigned)config_int(env->cfg, CONFIG_DISCORD_REST_MAX_PER_S),
		.metrics = env->metrics,
	};
	d->rest = discord_rest_new(env->loop, &ro);
	d->seen = idset_new(SEEN_IDS);
	d->perms = discord_perms_new();
	if (!d->rest || !d->seen || !d->perms) {
		strbuf_puts(err, "discord: cannot create the REST client (is the token set?)\n");
		discord_destroy(d);
		return NULL;
	}
	if (!d->ws_hub) {
		strbuf_puts(err, "discord: cannot set up the websocket library (libwebsockets)\n");
		discord_destroy(d);
		return NULL;
	}
	uv_timer_init(env->loop, &d->start_timer);
	uv_timer_init(env->loop, &d->identify_timer);
	uv_timer_init(env->loop, &d->seq_timer);
	d->start_timer.data = d->identify_timer.data = d->seq_timer.data = d;
	d->timers_ready = true;
	return d;
}

static int discord_start(void *self)
{
	struct discord *d = self;
	uv_timer_start(&d->seq_timer, on_seq_timer, SEQ_FLUSH_MS, SEQ_FLUSH_MS);
	start_step(d);
	return 0;
}

static void discord_stop(void *self)
{
	struct discord *d = self;
	if (d->stopping)
		return;
	flush_seq(d);
	d->stopping = true;
	for (size_t i = 0; i < d->n_shards; i++) {
		struct shard *s = &d->shards[i];
		uv_timer_stop(&s->beat);
		uv_timer_stop(&s->retry);
		uv_close((uv_handle_t *)&s->beat, NULL);
		uv_close((uv_handle_t *)&s->retry, NULL);
		/* not 1000/1001: the session stays resumable for the next start */
		if (!s->busy || ws_close(s->ws, DGW_CLOSE_FOR_RESUME, "restarting") < 0)
			ws_shutdown(s->ws);
	}
	ws_hub_shutdown(d->ws_hub); /* goes once every shard has shut down */
	if (d->timers_ready) {
		uv_close((uv_handle_t *)&d->start_timer, NULL);
		uv_close((uv_handle_t *)&d->identify_timer, NULL);
		uv_close((uv_handle_t *)&d->seq_timer, NULL);
	}
	discord_rest_free(d->rest);
	d->rest = NULL;
}

static void discord_destroy(void *self)
{
	struct discord *d = self;
	if (!d)
		return;
	for (size_t i = 0; i < d->n_shards; i++) {
		ws_free(d->shards[i].ws);
		zstream_free(d->shards[i].z);
		dgw_free(d->shards[i].gw);
	}
	free(d->shards);
	for (size_t i = 0; i < d->n_retired; i++)
		ws_free(d->retired[i]);
	free(d->retired);
	ws_hub_free(d->ws_hub);
	discord_rest_free(d->rest);
	while (d->answers)
		answer_free(d->answers);
	while (d->posts)
		post_free(d->posts);
	idset_free(d->seen);
	discord_perms_free(d->perms);
	free(d->scratch);
	free(d->gateway_url);
	free(d);
}

const struct adapter_ops discord_adapter = {
	.platform = PLATFORM_DISCORD,
	.enabled = discord_enabled,
	.create = discord_create,
	.start = discord_start,
	.stop = discord_stop,
	.destroy = discord_destroy,
	.post = discord_post,
};
