#include "bot/discord/discord_gateway.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/net/backoff.h"
#include "common/error.h"

#define SEND_RING_MAX 1024
#define HEARTBEAT_RESERVE 5   /* send slots only heartbeats may use */
#define QUEUE_MAX 64
#define HELLO_TIMEOUT_MS 30000 /* a connection without HELLO by then is dead */
#define ZOMBIE_GRACE_MAX_MS 5000

/* ---- the close code table: the one place codes are sorted ---- */

static const struct dgw_close_rule close_rules[] = {
	{ 4000, DGW_RESUME, "unknown error", NULL },
	{ 4001, DGW_RESUME, "unknown opcode", NULL },
	{ 4002, DGW_RESUME, "decode error", NULL },
	{ 4003, DGW_NEW_SESSION, "not authenticated", NULL },
	{ 4004, DGW_STOP, "authentication failed",
	  "Discord refused the bot token (close code 4004). Copy the token again from "
	  "https://discord.com/developers/applications -> your application -> Bot -> "
	  "Reset Token, and set it as token in [discord] or in DISCORD_TOKEN "
	  "(without the \"Bot \" prefix)." },
	{ 4005, DGW_RESUME, "already authenticated", NULL },
	{ 4007, DGW_NEW_SESSION, "invalid seq", NULL },
	{ 4008, DGW_RESUME, "rate limited", NULL },
	{ 4009, DGW_NEW_SESSION, "session timed out", NULL },
	{ 4010, DGW_STOP, "invalid shard",
	  "Discord refused the shard (close code 4010): shard_id must be below "
	  "shard_count in [discord]; set shard_count = auto unless you split shards "
	  "across processes." },
	{ 4011, DGW_STOP, "sharding required",
	  "Discord requires sharding for this bot (close code 4011): set shard_count "
	  "= auto in [discord], or a count at least as large as GET /gateway/bot "
	  "recommends." },
	{ 4012, DGW_STOP, "invalid API version",
	  "Discord refused gateway version 10 (close code 4012): check gateway_url "
	  "in [discord]." },
	{ 4013, DGW_STOP, "invalid intents",
	  "Discord refused the intents (close code 4013): this build of briefbot "
	  "asks for GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES and MESSAGE_CONTENT." },
	{ 4014, DGW_STOP, "disallowed intents",
	  "Discord refused the MESSAGE_CONTENT intent (close code 4014). Enable it: "
	  "https://discord.com/developers/applications -> your application -> Bot -> "
	  "Privileged Gateway Intents -> turn on MESSAGE CONTENT INTENT -> Save "
	  "(bots in 100 or more servers must be verified and approved for it)." },
};

static const struct dgw_close_rule other_close = { 0, DGW_RESUME, "connection lost", NULL };

const struct dgw_close_rule *dgw_close_rule(int code)
{
	for (size_t i = 0; i < sizeof close_rules / sizeof close_rules[0]; i++)
		if (close_rules[i].code == code)
			return &close_rules[i];
	return &other_close;
}

/* ---- the machine ---- */

struct dgw {
	const struct dgw_ops *ops;
	void *user;
	char *token;
	char *status_text;
	uint32_t intents;
	int shard_id, shard_count;
	uint64_t rng;
	struct backoff backoff;

	enum dgw_state state;
	char *session_id;
	char *resume_url;
	int64_t seq;

	int64_t hb_interval;   /* 0: no HELLO yet */
	int64_t hb_next;       /* when the next beat is due */
	bool ack_pending;      /* a beat was sent and not ACKed */
	int64_t beat_sent;     /* when the last beat went */
	int64_t latency;       /* beat to ACK of the last ACKed beat; -1: none yet */
	bool beat_wanted;      /* op 1 asked for a beat the budget delayed */
	bool rx_since_beat;    /* a payload arrived since the last beat left */
	bool zombie_suspect;   /* a beat came due with nothing received: grace */
	int64_t hello_by;      /* WAIT_HELLO: close if no HELLO by then */

	/* why we asked the caller to close, when we did */
	bool closing_planned;
	struct dgw_plan planned;

	/* the send budget: times of the last sends, oldest first in a ring */
	int send_limit;
	int64_t send_window;
	int64_t ring[SEND_RING_MAX];
	int ring_head, ring_len;
	char *queue[QUEUE_MAX];
	int q_head, q_len;

	struct dgw_stats stats;

	/* what scan_dispatch notes while checking a payload: op, s, t, d, then
	 * the members of d that ops->dispatch_scan wants; prepared once */
	struct jscan_field scan_want[JSCAN_MAX_FIELDS];
	struct jscan_fields scan;
};

static uint32_t rnd(struct dgw *g)
{
	return backoff_rand_u32(&g->rng);
}

static int set_str(char **dst, const char *src)
{
	char *copy = NULL;
	if (src) {
		copy = strdup(src);
		if (!copy)
			return BB_ENOMEM;
	}
	free(*dst);
	*dst = copy;
	return 0;
}

/* The fields scan_dispatch notes: op, s, t, d, then the members of d
 * dispatch_scan wants (their parents moved past the first four: -1, d
 * itself, is index 3).  A list that cannot be prepared leaves the set
 * empty: every payload then takes the cJSON path. */
static void prepare_scan(struct dgw *g)
{
	static const struct jscan_field envelope[4] = {
		{ "op", -1 }, { "s", -1 }, { "t", -1 }, { "d", -1 },
	};
	size_t n = g->ops->n_scan_fields <= DGW_MAX_SCAN_FIELDS ? g->ops->n_scan_fields : 0;
	memcpy(g->scan_want, envelope, sizeof envelope);
	for (size_t i = 0; i < n; i++) {
		int parent = g->ops->scan_fields[i].parent;
		g->scan_want[4 + i] = (struct jscan_field){ g->ops->scan_fields[i].name,
							    parent < 0 ? 3 : parent + 4 };
	}
	jscan_fields_prepare(&g->scan, g->scan_want, 4 + n);
}

struct dgw *dgw_new(const struct dgw_options *opts, const struct dgw_ops *ops, void *user)
{
	if (!opts || !ops || !opts->token || !ops->send || !ops->close)
		return NULL;
	struct dgw *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->ops = ops;
	g->user = user;
	g->latency = -1;
	g->intents = opts->intents ? opts->intents : DGW_INTENTS_DEFAULT;
	g->shard_id = opts->shard_id;
	g->shard_count = opts->shard_count;
	g->rng = opts->seed;
	backoff_init(&g->backoff, opts->backoff_base_ms ? opts->backoff_base_ms : 500,
		     opts->backoff_cap_ms ? opts->backoff_cap_ms : 60000);
	g->send_limit = opts->send_limit > 0 ? opts->send_limit : 120;
	if (g->send_limit > SEND_RING_MAX)
		g->send_limit = SEND_RING_MAX;
	g->send_window = opts->send_window_ms > 0 ? opts->send_window_ms : 60000;
	prepare_scan(g);
	if (set_str(&g->token, opts->token) < 0 ||
	    (opts->status_text && *opts->status_text &&
	     set_str(&g->status_text, opts->status_text) < 0)) {
		dgw_free(g);
		return NULL;
	}
	return g;
}

static void clear_queue(struct dgw *g)
{
	while (g->q_len > 0) {
		free(g->queue[g->q_head]);
		g->q_head = (g->q_head + 1) % QUEUE_MAX;
		g->q_len--;
	}
	g->q_head = 0;
}

void dgw_free(struct dgw *g)
{
	if (!g)
		return;
	clear_queue(g);
	free(g->token);
	free(g->status_text);
	free(g->session_id);
	free(g->resume_url);
	free(g);
}

int dgw_set_session(struct dgw *g, const char *session_id, const char *resume_url, int64_t seq)
{
	if (set_str(&g->session_id, session_id) < 0 || set_str(&g->resume_url, resume_url) < 0)
		return BB_ENOMEM;
	g->seq = seq;
	return 0;
}

const char *dgw_session_id(const struct dgw *g) { return g->session_id; }
const char *dgw_resume_url(const struct dgw *g) { return g->resume_url; }
int64_t dgw_seq(const struct dgw *g) { return g->seq; }
enum dgw_state dgw_state(const struct dgw *g) { return g->state; }
bool dgw_will_resume(const struct dgw *g) { return g->session_id != NULL; }
int64_t dgw_heartbeat_latency_ms(const struct dgw *g) { return g->latency; }

void dgw_stats(const struct dgw *g, struct dgw_stats *out)
{
	*out = g->stats;
}

static void forget_session(struct dgw *g)
{
	free(g->session_id);
	free(g->resume_url);
	g->session_id = g->resume_url = NULL;
	g->seq = 0;
	if (g->ops->session)
		g->ops->session(g->user, NULL, NULL, 0);
}

/* ---- the send budget ---- */

/* Frames sent within the window ending at now. */
static int sends_in_window(struct dgw *g, int64_t now)
{
	while (g->ring_len > 0 && g->ring[g->ring_head] <= now - g->send_window) {
		g->ring_head = (g->ring_head + 1) % SEND_RING_MAX;
		g->ring_len--;
	}
	return g->ring_len;
}

static bool may_send(struct dgw *g, int64_t now, bool heartbeat)
{
	int limit = g->send_limit - (heartbeat ? 0 : HEARTBEAT_RESERVE);
	if (limit < 1)
		limit = 1;
	return sends_in_window(g, now) < limit;
}

static void write_frame(struct dgw *g, const char *text, int64_t now)
{
	g->ring[(g->ring_head + g->ring_len) % SEND_RING_MAX] = now;
	g->ring_len++;
	g->stats.sent++;
	g->ops->send(g->user, text, strlen(text));
}

/* Sends text now if the budget allows, else queues it. Takes ownership. */
static void send_owned(struct dgw *g, char *text, int64_t now)
{
	if (!text)
		return;
	if (g->q_len == 0 && may_send(g, now, false)) {
		write_frame(g, text, now);
		free(text);
		return;
	}
	if (g->q_len == QUEUE_MAX) { /* never expected: drop the oldest */
		free(g->queue[g->q_head]);
		g->q_head = (g->q_head + 1) % QUEUE_MAX;
		g->q_len--;
	}
	g->queue[(g->q_head + g->q_len) % QUEUE_MAX] = text;
	g->q_len++;
	g->stats.queued++;
}

static void flush_queue(struct dgw *g, int64_t now)
{
	while (g->q_len > 0 && may_send(g, now, false)) {
		char *text = g->queue[g->q_head];
		g->q_head = (g->q_head + 1) % QUEUE_MAX;
		g->q_len--;
		write_frame(g, text, now);
		free(text);
	}
}

static char *payload(int op, cJSON *d)
{
	cJSON *root = cJSON_CreateObject();
	char *text = NULL;
	if (!root) {
		cJSON_Delete(d);
		return NULL;
	}
	cJSON_AddNumberToObject(root, "op", op);
	if (d)
		cJSON_AddItemToObject(root, "d", d);
	else
		cJSON_AddNullToObject(root, "d");
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

static void send_heartbeat(struct dgw *g, int64_t now)
{
	if (!may_send(g, now, true)) {
		g->beat_wanted = true;
		return;
	}
	char text[64];
	if (g->seq > 0)
		snprintf(text, sizeof text, "{\"op\":1,\"d\":%lld}", (long long)g->seq);
	else
		snprintf(text, sizeof text, "{\"op\":1,\"d\":null}");
	g->beat_wanted = false;
	g->ack_pending = true;
	g->beat_sent = now;
	g->rx_since_beat = false;
	g->zombie_suspect = false;
	g->stats.heartbeats++;
	write_frame(g, text, now);
}

/* ---- closing ---- */

static void plan_close(struct dgw *g, enum dgw_close_class what, uint32_t delay, int code,
		       const char *reason)
{
	g->closing_planned = true;
	g->planned = (struct dgw_plan){ .what = what, .delay_ms = delay, .code = code };
	g->state = DGW_CLOSING;
	g->hb_interval = 0;
	clear_queue(g);
	g->ops->close(g->user, code, reason);
}

static uint32_t next_backoff(struct dgw *g)
{
	return backoff_next_ms(&g->backoff, rnd(g));
}

void dgw_on_close(struct dgw *g, int code, int64_t now, struct dgw_plan *plan)
{
	(void)now;
	if (g->closing_planned) {
		*plan = g->planned;
	} else {
		const struct dgw_close_rule *rule = dgw_close_rule(code);
		*plan = (struct dgw_plan){ .what = rule->what, .code = code, .message = rule->fix };
		if (rule->what != DGW_STOP)
			plan->delay_ms = next_backoff(g);
	}
	if (plan->what == DGW_RESUME && !g->session_id)
		plan->what = DGW_NEW_SESSION;
	if (plan->what == DGW_NEW_SESSION && g->session_id)
		forget_session(g);
	g->closing_planned = false;
	g->state = DGW_DISCONNECTED;
	g->hb_interval = 0;
	g->ack_pending = false;
	g->beat_wanted = false;
	clear_queue(g);
}

/* ---- receiving ---- */

void dgw_on_open(struct dgw *g, int64_t now)
{
	g->state = DGW_WAIT_HELLO;
	g->hb_interval = 0;
	g->ack_pending = false;
	g->beat_wanted = false;
	g->rx_since_beat = false;
	g->zombie_suspect = false;
	g->closing_planned = false;
	g->hello_by = now + HELLO_TIMEOUT_MS;
}

static cJSON *identify_data(struct dgw *g)
{
	cJSON *d = cJSON_CreateObject();
	cJSON *props = cJSON_AddObjectToObject(d, "properties");
	cJSON_AddStringToObject(d, "token", g->token);
	cJSON_AddNumberToObject(d, "intents", g->intents);
	cJSON_AddStringToObject(props, "os", "linux");
	cJSON_AddStringToObject(props, "browser", "briefbot");
	cJSON_AddStringToObject(props, "device", "briefbot");
	cJSON_AddBoolToObject(d, "compress", false);
	cJSON_AddNumberToObject(d, "large_threshold", 50);
	if (g->shard_count > 0) {
		int shard[2] = { g->shard_id, g->shard_count };
		cJSON_AddItemToObject(d, "shard", cJSON_CreateIntArray(shard, 2));
	}
	if (g->status_text) {
		cJSON *presence = cJSON_AddObjectToObject(d, "presence");
		cJSON *acts = cJSON_AddArrayToObject(presence, "activities");
		cJSON *act = cJSON_CreateObject();
		cJSON_AddStringToObject(act, "name", "Custom Status");
		cJSON_AddNumberToObject(act, "type", 4);
		cJSON_AddStringToObject(act, "state", g->status_text);
		cJSON_AddItemToArray(acts, act);
		cJSON_AddStringToObject(presence, "status", "online");
		cJSON_AddNullToObject(presence, "since");
		cJSON_AddBoolToObject(presence, "afk", false);
	}
	return d;
}

int dgw_identify(struct dgw *g, int64_t now)
{
	if (g->state != DGW_WAIT_IDENTIFY)
		return BB_EINVAL;
	g->state = DGW_STARTING;
	g->stats.identifies++;
	send_owned(g, payload(DGW_OP_IDENTIFY, identify_data(g)), now);
	return 0;
}

static void send_resume(struct dgw *g, int64_t now)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "token", g->token);
	cJSON_AddStringToObject(d, "session_id", g->session_id);
	cJSON_AddNumberToObject(d, "seq", (double)g->seq);
	g->state = DGW_STARTING;
	g->stats.resumes++;
	send_owned(g, payload(DGW_OP_RESUME, d), now);
}

static void on_hello(struct dgw *g, const cJSON *d, int64_t now)
{
	const cJSON *iv = cJSON_GetObjectItemCaseSensitive(d, "heartbeat_interval");
	if (g->state != DGW_WAIT_HELLO || !cJSON_IsNumber(iv) || iv->valuedouble < 1)
		return;
	g->hb_interval = iv->valuedouble > 3600000 ? 3600000 : (int64_t)iv->valuedouble;
	/* the first beat after interval * jitter, jitter uniform in [0, 1) */
	g->hb_next = now + (int64_t)((double)g->hb_interval * (rnd(g) / 4294967296.0));
	g->ack_pending = false;
	if (g->session_id) {
		send_resume(g, now);
	} else {
		g->state = DGW_WAIT_IDENTIFY;
		if (g->ops->want_identify)
			g->ops->want_identify(g->user);
	}
}

/* READY or RESUMED: dispatches flow.  Only after HELLO, which started the
 * heartbeats: a server that skips HELLO gets no READY state without them
 * (and the HELLO timeout closes the connection). */
static void ready(struct dgw *g)
{
	if (g->state == DGW_WAIT_HELLO)
		return;
	g->state = DGW_READY;
	backoff_reset(&g->backoff);
}

static void on_dispatch(struct dgw *g, const cJSON *root, const cJSON *d)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "s");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "t");
	/* sequence numbers are integers well below 2^53 */
	if (cJSON_IsNumber(s) && s->valuedouble > (double)g->seq && s->valuedouble < 9e15)
		g->seq = (int64_t)s->valuedouble;
	if (!cJSON_IsString(t))
		return;
	g->stats.dispatches++;
	if (strcmp(t->valuestring, "READY") == 0) {
		const cJSON *sid = cJSON_GetObjectItemCaseSensitive(d, "session_id");
		const cJSON *url = cJSON_GetObjectItemCaseSensitive(d, "resume_gateway_url");
		if (cJSON_IsString(sid) &&
		    set_str(&g->session_id, sid->valuestring) == 0 &&
		    set_str(&g->resume_url, cJSON_IsString(url) ? url->valuestring : NULL) == 0 &&
		    g->ops->session)
			g->ops->session(g->user, g->session_id, g->resume_url, g->seq);
		ready(g);
	} else if (strcmp(t->valuestring, "RESUMED") == 0) {
		ready(g);
	}
	if (g->ops->dispatch)
		g->ops->dispatch(g->user, t->valuestring, d);
}

/* A dispatch read without building a tree of the whole payload: when the
 * envelope is plain (op 0; s an integer of at most 15 digits, null or
 * absent; not READY or RESUMED), does what on_dispatch does, offering d to
 * ops->dispatch_scan first and parsing only d when it declines.  Returns
 * false, having changed nothing, when the payload needs on_dispatch. */
static bool scan_dispatch(struct dgw *g, const char *json, size_t len)
{
	struct jscan root, f[JSCAN_MAX_FIELDS];
	int64_t op, seq = 0;
	char event[64];
	if (!g->ops->dispatch_scan || g->scan.n == 0 ||
	    jscan_check_prepared(json, len, &g->scan, f, &root) < 0)
		return false;
	const struct jscan s = f[1], t = f[2], d = f[3];
	if (jscan_int(f[0], &op) < 0 || op != DGW_OP_DISPATCH)
		return false;
	bool numbered = jscan_type(s) == JSCAN_NUMBER;
	if (numbered && jscan_int(s, &seq) < 0)
		return false;
	bool named = jscan_type(t) == JSCAN_STRING;
	if (named && (jscan_string(t, event, sizeof event) < 0 || strcmp(event, "READY") == 0 ||
		      strcmp(event, "RESUMED") == 0))
		return false;
	if (numbered && seq > g->seq)
		g->seq = seq;
	if (!named)
		return true;
	g->stats.dispatches++;
	if (g->ops->dispatch_scan(g->user, event, d, f + 4))
		return true;
	cJSON *tree = d.p ? cJSON_ParseWithLength(d.p, d.len) : NULL;
	if (g->ops->dispatch && (tree || !d.p))
		g->ops->dispatch(g->user, event, tree);
	cJSON_Delete(tree);
	return true;
}

int dgw_on_payload(struct dgw *g, const char *json, size_t len, int64_t now)
{
	if (g->state == DGW_DISCONNECTED || g->state == DGW_CLOSING)
		return 0;
	/* anything at all shows the connection is alive, even when the ACK
	 * itself still sits behind unread data */
	g->rx_since_beat = true;
	if (scan_dispatch(g, json, len))
		return 0;
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(root, "op");
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(op)) {
		cJSON_Delete(root);
		return BB_EPARSE;
	}
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "d");
	switch (op->valueint) {
	case DGW_OP_DISPATCH:
		on_dispatch(g, root, d);
		break;
	case DGW_OP_HEARTBEAT:
		send_heartbeat(g, now);
		break;
	case DGW_OP_HEARTBEAT_ACK:
		if (g->ack_pending)
			g->latency = now - g->beat_sent;
		g->ack_pending = false;
		g->stats.acks++;
		break;
	case DGW_OP_HELLO:
		on_hello(g, d, now);
		break;
	case DGW_OP_RECONNECT:
		plan_close(g, DGW_RESUME, next_backoff(g), DGW_CLOSE_FOR_RESUME, "reconnect requested");
		break;
	case DGW_OP_INVALID_SESSION:
		if (cJSON_IsTrue(d) && g->session_id) {
			plan_close(g, DGW_RESUME, next_backoff(g), DGW_CLOSE_FOR_RESUME,
				   "invalid session, resumable");
		} else {
			/* Discord: wait a random 1-5 s, then IDENTIFY afresh */
			uint32_t delay = 1000 + (uint32_t)(((uint64_t)rnd(g) * 4001) >> 32);
			plan_close(g, DGW_NEW_SESSION, delay, DGW_CLOSE_FOR_NEW, "invalid session");
		}
		break;
	default:
		break;
	}
	cJSON_Delete(root);
	return 0;
}

/* ---- time ---- */

void dgw_tick(struct dgw *g, int64_t now)
{
	if (g->state == DGW_DISCONNECTED || g->state == DGW_CLOSING)
		return;
	if (g->state == DGW_WAIT_HELLO && now >= g->hello_by) {
		plan_close(g, DGW_RESUME, next_backoff(g), DGW_CLOSE_FOR_RESUME, "no HELLO");
		return;
	}
	if (g->beat_wanted)
		send_heartbeat(g, now);
	if (g->hb_interval > 0 && now >= g->hb_next) {
		bool silent = g->ack_pending && !g->rx_since_beat;
		if (silent && g->zombie_suspect) {
			/* still nothing after the grace: a zombie connection */
			g->stats.zombies++;
			plan_close(g, DGW_RESUME, next_backoff(g), DGW_CLOSE_FOR_RESUME,
				   "heartbeat not acknowledged");
			return;
		}
		if (silent) {
			/* Nothing arrived since the beat, but this process may have
			 * been paused or starved and not read yet: give the loop
			 * time to read before judging. */
			g->zombie_suspect = true;
			g->hb_next = now + (g->hb_interval < ZOMBIE_GRACE_MAX_MS
						    ? g->hb_interval : ZOMBIE_GRACE_MAX_MS);
		} else {
			if (g->ack_pending)
				g->stats.late_acks++; /* alive: the ACK is behind data */
			g->hb_next = now + g->hb_interval;
			send_heartbeat(g, now);
		}
	}
	flush_queue(g, now);
}

int64_t dgw_next_deadline(const struct dgw *g)
{
	if (g->state == DGW_DISCONNECTED || g->state == DGW_CLOSING)
		return -1;
	if (g->state == DGW_WAIT_HELLO)
		return g->hello_by;
	int64_t next = g->hb_interval > 0 ? g->hb_next : -1;
	if ((g->q_len > 0 || g->beat_wanted) && g->ring_len > 0) {
		/* when the oldest send leaves the window */
		int64_t freed = g->ring[g->ring_head] + g->send_window;
		if (next < 0 || freed < next)
			next = freed;
	}
	return next;
}
