#include "bot/matrix/matrix.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/net/backoff.h"
#include "bot/config.h"
#include "bot/matrix/e2ee.h"
#include "bot/matrix/matrix_client.h"
#include "bot/matrix/matrix_sync.h"
#include "bot/metrics.h"
#include "bot/store.h"
#include "commands/render.h"
#include "commands/router.h"
#include "common/cjson_str.h"
#include "common/error.h"
#include "common/idset.h"

#define CS "/_matrix/client/v3"
/* Event ids remembered in memory so a /sync batch fetched again (a retry
 * with the same since token) is not handled twice: the latest
 * SEEN_CAPACITY, as 64-bit hashes in a set whose size is fixed at start
 * (copies of the ids made the bot grow for its first hours). It only saves
 * work: what keeps a reply from being posted twice is its transaction id,
 * claimed in the store once sent. 2,048 covers twenty busy rooms at the
 * filter's 100 events per room, in 48 KiB. */
#define SEEN_CAPACITY 2048
#define E2E_NOTICE "Encrypted rooms are not supported yet: I cannot read messages here. " \
	"Talk to me in an unencrypted room or a direct chat without encryption."
/* Said once, in reply, to a message whose room key never came. */
#define UNDECRYPTABLE "I could not decrypt that message."
/* Said once, in reply, with trust = verified, to a message from a device its
 * owner has not cross-signed. */
#define UNTRUSTED "I only answer messages from devices their owner has verified " \
	"(cross-signed); this one is not."

static const char filter_json[] =
	"{\"room\":{"
	"\"timeline\":{\"types\":[\"m.room.message\",\"m.room.encrypted\",\"m.room.member\","
	"\"m.room.encryption\",\"m.room.power_levels\"],\"limit\":100},"
	"\"state\":{\"types\":[\"m.room.member\",\"m.room.encryption\",\"m.room.power_levels\"],"
	"\"lazy_load_members\":true},"
	"\"ephemeral\":{\"types\":[]},\"account_data\":{\"types\":[]},\"include_leave\":false},"
	"\"presence\":{\"types\":[]},\"account_data\":{\"types\":[]}}";

const char *matrix_filter_json(void)
{
	return filter_json;
}

bool matrix_inviter_allowed(const char *const *allowed, size_t n, const char *mxid)
{
	if (!mxid || mxid[0] != '@')
		return false;
	const char *server = strchr(mxid, ':');
	for (size_t i = 0; i < n; i++) {
		const char *a = allowed[i];
		if (!a || !*a)
			continue;
		if (a[0] == ':' ? server && strcmp(server, a) == 0 : strcmp(mxid, a) == 0)
			return true;
	}
	return false;
}

/* ---- state ---- */

/* A sync batch whose token is saved once nothing it started is pending. */
struct batch {
	char *next_batch;
	int pending;
	struct batch *next;
};

struct mpost;

/* A message waiting to go out encrypted, in its room's queue. */
struct esend {
	int kind;             /* OP_SEND or OP_POST */
	struct batch *batch;  /* held until it is handed to the client */
	char *txn, *key;      /* transaction id; the claim (OP_SEND) or NULL */
	cJSON *content;       /* the m.room.message content */
	struct mpost *post;   /* OP_POST: its post */
	struct esend *next;
};

struct room {
	char *id;
	long members;       /* joined members, -1 unknown */
	bool notice_busy;   /* the encrypted-room notice is being sent */
	cJSON *power;       /* m.room.power_levels content, or NULL (kept in the store) */
	/* End-to-end encryption (kept in the store: "encryption:ROOM"). */
	cJSON *encryption;  /* m.room.encryption content, or NULL: not encrypted */
	char **joined;      /* joined members, for key sharing */
	size_t n_joined;
	bool joined_known;  /* joined[] is current */
	struct esend *q, *q_tail; /* encrypted sends, one at a time */
	int step;           /* how far the head of q got (room_pump) */
	bool reshared;      /* the head's room key went out again after a failure */
	bool busy;          /* a request for the head of q is in flight */
	struct room *next;
};

/* An encrypted event whose room key has not arrived yet. */
struct pend {
	char *room, *event_id, *sender, *session;
	cJSON *content;
	uint64_t due;         /* uv_now() after which it is given up */
	struct batch *batch;
	struct pend *next;
};

enum op_kind { OP_VERSIONS, OP_LOGIN, OP_WHOAMI, OP_FILTER, OP_SYNC, OP_SEND, OP_JOIN,
	       OP_DECLINE, OP_FORGET, OP_POST, OP_KEYS_UPLOAD, OP_MEMBERS, OP_KEYS_QUERY,
	       OP_KEYS_CLAIM, OP_TO_DEVICE };

/* One request in flight: what it was for and what it holds. */
struct op {
	struct matrix *mx;
	enum op_kind kind;
	struct batch *batch;  /* released when done, or NULL */
	char *key;            /* claimed in the store on success, or NULL */
	char *room;           /* SEND of the encrypted notice: the room; else NULL */
	struct mpost *post;   /* OP_POST: the post this chunk belongs to */
	char *eroom;          /* OP_MEMBERS ... OP_TO_DEVICE: the room it serves */
	struct op *prev, *next;
};

struct matrix {
	struct adapter_env env;
	const struct config *cfg;
	struct matrix_client *client;
	uv_timer_t resync;          /* waits before a /sync after a bad response */
	bool started, stopping;
	struct backoff sync_bo;
	uint64_t seed;
	char *user_id, *device_id, *localpart, *displayname;
	char scope[300];            /* store scope: "matrix:" + user id */
	const char *mentions[3];
	size_t n_mentions;
	char *filter_id;
	bool filter_retried;
	char *since;                /* token of the next /sync; NULL: first sync */
	bool fresh;                 /* this sync has no since: answer nothing */
	struct batch *head, *tail;
	struct idset *seen;         /* idset_hash of recent event ids */
	struct room *rooms;
	struct op *ops;
	const char *const *inviters;
	size_t n_inviters;
	struct mpost *posts;        /* adapter posts in flight */
	struct e2ee *e2ee;          /* NULL: encrypted rooms get E2E_NOTICE */
	bool keys_busy;             /* a /keys/upload is in flight */
	bool query_busy;            /* a /keys/query for a sender is in flight */
	bool token_stored;          /* the access token came from the store */
	uv_timer_t undec;           /* fires when a waiting encrypted event is due */
	struct pend *pend;
	uint64_t td_seq;            /* to-device transaction ids */
	int64_t claims_pruned_ms;   /* when old send records were last dropped */
};

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fatal(struct matrix *mx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fatal(struct matrix *mx, const char *fmt, ...)
{
	if (mx->stopping)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	mx->env.fatal(mx->env.app, "matrix", msg);
}

static void set_str(char **dst, const char *src)
{
	char *copy = src ? strdup(src) : NULL;
	free(*dst);
	*dst = copy;
}

/* ---- requests ---- */

static void on_done(void *user, const struct matrix_result *res);

static void op_free(struct op *op)
{
	struct matrix *mx = op->mx;
	if (op->prev)
		op->prev->next = op->next;
	else
		mx->ops = op->next;
	if (op->next)
		op->next->prev = op->prev;
	free(op->key);
	free(op->room);
	free(op->eroom);
	free(op);
}

static int call(struct matrix *mx, enum op_kind kind, struct batch *b, const char *method,
		const char *path, const char *body, long timeout_ms, unsigned flags,
		const char *key)
{
	if (mx->stopping || !mx->client)
		return BB_EINVAL;
	struct op *op = calloc(1, sizeof *op);
	if (!op)
		return BB_ENOMEM;
	op->mx = mx;
	op->kind = kind;
	op->key = key ? strdup(key) : NULL;
	op->next = mx->ops;
	if (mx->ops)
		mx->ops->prev = op;
	mx->ops = op;
	struct matrix_call_spec spec = { .method = method, .path = path, .body = body,
					 .timeout_ms = timeout_ms, .flags = flags };
	int err = (key && !op->key) ? BB_ENOMEM
				    : matrix_client_call(mx->client, &spec, on_done, op, NULL);
	if (err) {
		log_msg(mx->env.log, LOG_ERROR, "matrix", "cannot start %s %s: %s", method, path,
			bb_strerror(err));
		op_free(op);
		return err;
	}
	op->batch = b;
	if (b)
		b->pending++;
	return 0;
}

/* ---- since tokens and batches ---- */

static void commit_batches(struct matrix *mx)
{
	while (mx->head && mx->head->pending == 0) {
		struct batch *b = mx->head;
		int err = store_set(mx->env.store, mx->scope, "since", b->next_batch);
		if (err)
			log_msg(mx->env.log, LOG_ERROR, "matrix", "cannot save the sync token: %s",
				store_errmsg(mx->env.store));
		mx->head = b->next;
		if (!mx->head)
			mx->tail = NULL;
		free(b->next_batch);
		free(b);
	}
}

static void batch_release(struct matrix *mx, struct batch *b)
{
	if (b && --b->pending == 0 && b == mx->head)
		commit_batches(mx);
}

/* ---- rooms ---- */

static struct room *room_get(struct matrix *mx, const char *id, bool create)
{
	for (struct room *r = mx->rooms; r; r = r->next)
		if (strcmp(r->id, id) == 0)
			return r;
	if (!create)
		return NULL;
	struct room *r = calloc(1, sizeof *r);
	if (!r || !(r->id = strdup(id))) {
		free(r);
		return NULL;
	}
	r->members = -1;
	char *v = NULL;
	char key[320];
	snprintf(key, sizeof key, "members:%s", id);
	if (store_get(mx->env.store, mx->scope, key, &v) == 0 && v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (end != v && *end == '\0' && n >= 0)
			r->members = n;
		free(v);
		v = NULL;
	}
	snprintf(key, sizeof key, "power:%s", id);
	if (store_get(mx->env.store, mx->scope, key, &v) == 0 && v)
		r->power = cJSON_Parse(v);
	free(v);
	v = NULL;
	snprintf(key, sizeof key, "encryption:%s", id);
	if (store_get(mx->env.store, mx->scope, key, &v) == 0 && v)
		r->encryption = cJSON_Parse(v);
	free(v);
	r->next = mx->rooms;
	mx->rooms = r;
	return r;
}

/* A power level from a power_levels content: a number, or a numeric
 * string as older rooms have them; `def` when absent or malformed. */
static long level_of(const cJSON *obj, const char *key, long def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (cJSON_IsNumber(v))
		return (long)v->valuedouble;
	if (cJSON_IsString(v)) {
		char *end;
		long n = strtol(v->valuestring, &end, 10);
		if (end != v->valuestring && *end == '\0')
			return n;
	}
	return def;
}

bool matrix_can_manage(const struct cJSON *power, const char *user_id)
{
	/* No power_levels event: the spec gives the creator 100 and others 0,
	 * with state_default 50 -- but we do not know the creator, so none. */
	if (!power || !user_id)
		return false;
	long user = level_of(cJSON_GetObjectItemCaseSensitive(power, "users"), user_id,
			     level_of(power, "users_default", 0));
	return user >= level_of(power, "state_default", 50);
}

static void batch_release(struct matrix *mx, struct batch *b);
static void mpost_finish(struct mpost *p, int rc);

static void joined_clear(struct room *r)
{
	for (size_t i = 0; i < r->n_joined; i++)
		free(r->joined[i]);
	free(r->joined);
	r->joined = NULL;
	r->n_joined = 0;
}

/* Drops the head of the room's encrypted queue; a post is told `rc`. */
static void esend_pop(struct matrix *mx, struct room *r, int rc)
{
	struct esend *q = r->q;
	r->q = q->next;
	if (!r->q)
		r->q_tail = NULL;
	r->step = 0;
	r->reshared = false;
	if (q->post && rc && !mx->stopping)
		mpost_finish(q->post, rc);
	if (!mx->stopping)
		batch_release(mx, q->batch);
	cJSON_Delete(q->content);
	free(q->txn);
	free(q->key);
	free(q);
}

static void room_drop(struct matrix *mx, const char *id)
{
	for (struct room **p = &mx->rooms; *p; p = &(*p)->next) {
		if (strcmp((*p)->id, id) != 0)
			continue;
		struct room *r = *p;
		*p = r->next;
		while (r->q)
			esend_pop(mx, r, BB_EGONE);
		joined_clear(r);
		cJSON_Delete(r->encryption);
		cJSON_Delete(r->power);
		free(r->id);
		free(r);
		return;
	}
}

/* Replaces *dst with a copy of `src`, kept in the store as PREFIX:ROOM. */
static void keep_json(struct matrix *mx, cJSON **dst, const char *prefix, const char *room,
		      const struct cJSON *src)
{
	cJSON_Delete(*dst);
	*dst = cJSON_Duplicate((const cJSON *)src, true);
	char *text = *dst ? cJSON_PrintUnformatted(*dst) : NULL;
	char key[320];
	snprintf(key, sizeof key, "%s:%s", prefix, room);
	if (text)
		store_set(mx->env.store, mx->scope, key, text);
	free(text);
}

static void room_update(struct matrix *mx, const struct matrix_room *mr)
{
	struct room *r = room_get(mx, mr->room_id, true);
	if (r && mr->joined_members >= 0 && mr->joined_members != r->members) {
		r->members = mr->joined_members;
		char key[320], val[32];
		snprintf(key, sizeof key, "members:%s", mr->room_id);
		snprintf(val, sizeof val, "%ld", r->members);
		store_set(mx->env.store, mx->scope, key, val);
	}
	if (r && mr->power_levels)
		keep_json(mx, &r->power, "power", mr->room_id, mr->power_levels);
	if (mr->self_displayname && (!mx->displayname ||
				     strcmp(mx->displayname, mr->self_displayname) != 0)) {
		set_str(&mx->displayname, mr->self_displayname);
		mx->n_mentions = 2;
		if (mx->displayname && strcmp(mx->displayname, mx->localpart) != 0)
			mx->mentions[mx->n_mentions++] = mx->displayname;
	}
	if (r && mr->encryption)
		keep_json(mx, &r->encryption, "encryption", mr->room_id, mr->encryption);
	else if (r && mr->encrypted && !r->encryption) {
		r->encryption = cJSON_CreateObject(); /* seen encrypted events only */
	}
	if (r && mr->members_changed)
		r->joined_known = false;
	if (r && mr->member_left && mx->e2ee) {
		log_msg(mx->env.log, LOG_INFO, "matrix", "%s: a member left: new outbound session",
			mr->room_id);
		e2ee_rotate(mx->e2ee, mr->room_id);
	}
	if (mr->limited)
		log_msg(mx->env.log, LOG_INFO, "matrix", "%s: limited timeline (a gap before %s)",
			mr->room_id, mr->prev_batch ? mr->prev_batch : "?");
}

/* ---- sends ---- */

static void path_room(struct strbuf *sb, const char *fmt_head, const char *room,
		      const char *tail)
{
	strbuf_puts(sb, fmt_head);
	matrix_client_escape(sb, room);
	strbuf_puts(sb, tail);
}

/* PUT /rooms/ROOM/send/TYPE/TXN with `body`, as op `kind` (OP_SEND with
 * its claim `key`, OP_POST with its post); *op_out gets the op. */
static int put_room_event(struct matrix *mx, enum op_kind kind, struct batch *b, const char *room,
			  const char *type, const char *txn, const char *body, const char *key,
			  struct mpost *post, struct op **op_out)
{
	struct strbuf path = {0};
	path_room(&path, CS "/rooms/", room, "/send/");
	strbuf_puts(&path, type);
	strbuf_putc(&path, '/');
	matrix_client_escape(&path, txn);
	int err = body && !strbuf_failed(&path)
			  ? call(mx, kind, b, "PUT", strbuf_str(&path), body, 0, 0, key)
			  : BB_ENOMEM;
	if (!err) {
		mx->ops->post = post; /* call() put the new op first */
		if (op_out)
			*op_out = mx->ops;
	}
	strbuf_free(&path);
	return err;
}

static void room_pump(struct matrix *mx, struct room *r);

/* Sends m.room.message `content` to `room`: in the clear, or in an
 * encrypted room through the room's queue (room_pump). */
static int put_message(struct matrix *mx, enum op_kind kind, struct batch *b, const char *room,
		       const char *txn, const cJSON *content, const char *key, struct mpost *post,
		       struct op **op_out)
{
	struct room *r = mx->e2ee ? room_get(mx, room, true) : NULL;
	if (!r || !r->encryption) {
		char *body = cJSON_PrintUnformatted(content);
		int err = put_room_event(mx, kind, b, room, "m.room.message", txn, body, key, post,
					 op_out);
		free(body);
		return err;
	}
	struct esend *q = calloc(1, sizeof *q);
	if (!q || !(q->txn = strdup(txn)) || (key && !(q->key = strdup(key))) ||
	    !(q->content = cJSON_Duplicate(content, true))) {
		if (q)
			free(q->txn), free(q->key);
		free(q);
		return BB_ENOMEM;
	}
	q->kind = kind;
	q->post = post;
	q->batch = b;
	if (b)
		b->pending++;
	if (r->q_tail)
		r->q_tail->next = q;
	else
		r->q = q;
	r->q_tail = q;
	room_pump(mx, r);
	return 0;
}

#define SEND_CLAIM_PREFIX "matrix:txn:"

/* Sends one message; `key` (the claim) is both the idempotency record and,
 * after SEND_CLAIM_PREFIX, the transaction id. Skips it if already posted. */
static int send_message(struct matrix *mx, struct batch *b, const char *room, const char *txn,
			cJSON *content, struct op **op_out)
{
	char key[1100];
	snprintf(key, sizeof key, SEND_CLAIM_PREFIX "%s", txn);
	if (store_claimed(mx->env.store, key) == 0)
		return 0; /* posted before a restart */
	return put_message(mx, OP_SEND, b, room, txn, content, key, NULL, op_out);
}

/* A request of the encrypted pipeline for room r. */
static int ecall(struct matrix *mx, struct room *r, enum op_kind kind, const char *method,
		 const char *path, const char *body)
{
	int err = call(mx, kind, NULL, method, path, body, 0, 0, NULL);
	if (!err && !(mx->ops->eroom = strdup(r->id)))
		err = BB_ENOMEM; /* the op's answer then finds no room: the queue stalls */
	if (!err)
		r->busy = true;
	return err;
}

static void rotation_of(const struct room *r, struct e2ee_rotation *rot)
{
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(r->encryption, "rotation_period_ms");
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(r->encryption, "rotation_period_msgs");
	rot->ms = cJSON_IsNumber(ms) ? (int64_t)ms->valuedouble : 0;
	rot->msgs = cJSON_IsNumber(n) ? (long)n->valuedouble : 0;
}

/* Moves the head of the room's encrypted queue on, one request at a time:
 * the joined members, their devices (/keys/query), one-time keys for
 * devices without an Olm session (/keys/claim), the room key to devices
 * that lack it (sendToDevice), then the encrypted event itself. Each step
 * is skipped when there is nothing to do. */
static void room_pump(struct matrix *mx, struct room *r)
{
	while (r->q && !r->busy && !mx->stopping) {
		const char *const *users = (const char *const *)r->joined;
		struct strbuf path = {0};
		char *body = NULL;
		int err = 0;
		switch (r->step++) {
		case 0:
			if (r->joined_known)
				break;
			path_room(&path, CS "/rooms/", r->id, "/joined_members");
			err = ecall(mx, r, OP_MEMBERS, "GET", strbuf_str(&path), NULL);
			break;
		case 1:
			body = e2ee_query_body(mx->e2ee, users, r->n_joined);
			if (body)
				err = ecall(mx, r, OP_KEYS_QUERY, "POST", CS "/keys/query", body);
			break;
		case 2:
			body = e2ee_claim_body(mx->e2ee, r->id, users, r->n_joined);
			if (body)
				err = ecall(mx, r, OP_KEYS_CLAIM, "POST", CS "/keys/claim", body);
			break;
		case 3: {
			struct e2ee_rotation rot;
			rotation_of(r, &rot);
			const char *sid = NULL;
			body = e2ee_share_body(mx->e2ee, r->id, users, r->n_joined, &rot, wall_ms(),
					       &sid);
			if (!body)
				break;
			strbuf_printf(&path, CS "/sendToDevice/m.room.encrypted/bb.%llx.%llu.",
				      (unsigned long long)mx->seed, (unsigned long long)++mx->td_seq);
			matrix_client_escape(&path, sid ? sid : "");
			err = ecall(mx, r, OP_TO_DEVICE, "PUT", strbuf_str(&path), body);
			break;
		}
		default: {
			struct esend *q = r->q;
			body = e2ee_encrypt(mx->e2ee, r->id, "m.room.message", q->content, wall_ms());
			/* NULL: no room session (its sharing failed twice) or no memory */
			int rc = body ? put_room_event(mx, q->kind, q->batch, r->id,
						       "m.room.encrypted", q->txn, body, q->key,
						       q->post, NULL)
				      : BB_ENOTFOUND;
			if (rc)
				log_msg(mx->env.log, LOG_ERROR, "matrix", "%s: %s not sent: cannot "
					"encrypt it (%s)", r->id, q->txn, bb_strerror(rc));
			esend_pop(mx, r, rc);
			break;
		}
		}
		free(body);
		strbuf_free(&path);
		if (err) /* the step is skipped: the message goes on without it */
			log_msg(mx->env.log, LOG_ERROR, "matrix", "%s: encryption step %d not "
				"started: %s", r->id, r->step - 1, bb_strerror(err));
	}
}

static void send_reply(struct matrix *mx, struct batch *b, const struct matrix_event *ev,
		       const struct reply *reply)
{
	struct render_output ro = {0};
	if (render_reply(reply, RENDER_MATRIX, 0, &ro) < 0) {
		log_msg(mx->env.log, LOG_ERROR, "matrix", "cannot render a reply: out of memory");
		return;
	}
	for (size_t i = 0; i < ro.n_chunks; i++) {
		char txn[1024];
		if (matrix_client_txn_id(ev->event_id, (unsigned)i, txn, sizeof txn) < 0)
			break;
		cJSON *c = cJSON_CreateObject();
		cJSON *rel = cJSON_AddObjectToObject(c, "m.relates_to");
		cJSON *irt = cJSON_AddObjectToObject(rel, "m.in_reply_to");
		cJSON_AddStringToObject(c, "msgtype", "m.text");
		cJSON_AddStringToObject(c, "body", ro.chunks[i].text);
		cJSON_AddStringToObject(c, "format", "org.matrix.custom.html");
		cJSON_AddStringToObject(c, "formatted_body",
					ro.chunks[i].html ? ro.chunks[i].html : "");
		cJSON_AddStringToObject(irt, "event_id", ev->event_id);
		cJSON_AddObjectToObject(c, "m.mentions");
		send_message(mx, b, ev->room_id, txn, c, NULL);
		cJSON_Delete(c);
	}
	render_output_free(&ro);
}

static void send_e2e_notice(struct matrix *mx, struct batch *b, const char *room_id)
{
	struct room *r = room_get(mx, room_id, true);
	char claim[400];
	snprintf(claim, sizeof claim, "matrix:e2e:%s", room_id);
	if (!r || r->notice_busy || store_claimed(mx->env.store, claim) == 0)
		return;
	char seed[320], txn[1024];
	snprintf(seed, sizeof seed, "e2e:%s", room_id);
	if (matrix_client_txn_id(seed, 0, txn, sizeof txn) < 0)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "msgtype", "m.notice");
	cJSON_AddStringToObject(c, "body", E2E_NOTICE);
	cJSON_AddObjectToObject(c, "m.mentions");
	struct op *op = NULL;
	if (send_message(mx, b, room_id, txn, c, &op) == 0 && op) {
		op->room = strdup(room_id);
		r->notice_busy = true;
	}
	cJSON_Delete(c);
}

/* ---- posts nobody asked for (adapter_ops.post) ---- */

/* One post: its chunks PUT one after the other with the transaction ids
 * "KEY" (the first) and "KEY.i": a re-send after a crash reuses them, and
 * the homeserver answers with the first event instead of a new one. */
struct mpost {
	struct matrix *mx;
	struct mpost *prev, *next;
	char *room;
	char key[32];
	char *first_id;
	struct render_output out;
	size_t next_chunk;
	adapter_post_done done;
	void *user;
};

static void mpost_free(struct mpost *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else if (p->mx->posts == p)
		p->mx->posts = p->next;
	if (p->next)
		p->next->prev = p->prev;
	render_output_free(&p->out);
	free(p->room);
	free(p->first_id);
	free(p);
}

static void mpost_finish(struct mpost *p, int rc)
{
	adapter_post_done done = p->done;
	void *user = p->user;
	char *id = p->first_id;
	p->first_id = NULL;
	mpost_free(p);
	done(user, rc, rc == 0 ? (id ? id : "") : NULL);
	free(id);
}

static int mpost_send_next(struct mpost *p)
{
	struct matrix *mx = p->mx;
	size_t i = p->next_chunk++;
	char txn[64];
	if (i == 0)
		snprintf(txn, sizeof txn, "%s", p->key);
	else
		snprintf(txn, sizeof txn, "%s.%zu", p->key, i);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "msgtype", "m.text");
	cJSON_AddStringToObject(c, "body", p->out.chunks[i].text);
	cJSON_AddStringToObject(c, "format", "org.matrix.custom.html");
	cJSON_AddStringToObject(c, "formatted_body",
				p->out.chunks[i].html ? p->out.chunks[i].html : "");
	cJSON_AddObjectToObject(c, "m.mentions");
	int err = put_message(mx, OP_POST, NULL, p->room, txn, c, NULL, p, NULL);
	cJSON_Delete(c);
	return err;
}

/* A chunk's answer. The client retries 429s, 5xx and network errors by
 * itself, so what reaches here is final: M_FORBIDDEN (not in the room, not
 * allowed to post) and M_NOT_FOUND (no such room) mean the room will not
 * take our messages. */
static void mpost_sent(struct mpost *p, const struct matrix_result *res)
{
	if (res->err) {
		bool gone = res->status == 403 || res->status == 404;
		log_msg(p->mx->env.log, LOG_WARN, "matrix", "post %s to %s: HTTP %ld %s %s", p->key,
			p->room, res->status, res->errcode, res->error);
		mpost_finish(p, gone ? BB_EGONE : res->err);
		return;
	}
	if (p->next_chunk == 1) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive((const cJSON *)res->json,
								  "event_id");
		p->first_id = strdup(cJSON_IsString(v) ? v->valuestring : "");
	}
	int rc = p->next_chunk < p->out.n_chunks ? mpost_send_next(p) : 1;
	if (rc != 0)
		mpost_finish(p, rc > 0 ? 0 : rc);
}

static int mx_post(void *self, const char *room_id, const struct reply *r, const char *idem_key,
		   adapter_post_done done, void *user)
{
	struct matrix *mx = self;
	if (!mx || mx->stopping || !mx->client || !room_id || !*room_id || !r || !idem_key ||
	    !*idem_key || strlen(idem_key) > 20 || !done)
		return BB_EINVAL;
	struct mpost *p = calloc(1, sizeof *p);
	if (!p)
		return BB_ENOMEM;
	p->mx = mx;
	p->done = done;
	p->user = user;
	snprintf(p->key, sizeof p->key, "%s", idem_key);
	p->room = strdup(room_id);
	int rc = p->room ? render_reply(r, RENDER_MATRIX, 0, &p->out) : BB_ENOMEM;
	if (rc == 0 && p->out.n_chunks == 0)
		rc = BB_EINVAL;
	if (rc < 0) {
		render_output_free(&p->out);
		free(p->room);
		free(p);
		return rc;
	}
	p->next = mx->posts;
	if (mx->posts)
		mx->posts->prev = p;
	mx->posts = p;
	rc = mpost_send_next(p);
	if (rc < 0)
		mpost_free(p);
	return rc;
}

/* ---- one sync batch ---- */

static void handle_message(struct matrix *mx, struct batch *b, const struct matrix_event *ev)
{
	struct room *r = room_get(mx, ev->room_id, true);
	bool notice = strcmp(ev->msgtype, "m.notice") == 0;
	if (!notice && strcmp(ev->msgtype, "m.text") != 0)
		return; /* images, emotes, files: not for us */
	struct bot_message m = {
		.platform = PLATFORM_MATRIX,
		.room_id = ev->room_id,
		.author_id = ev->sender,
		.author_name = ev->sender,
		.author_is_bot = notice, /* bots speak in m.notice by convention */
		.is_dm = r && r->members == 2,
		.can_manage_room = r && matrix_can_manage(r->power, ev->sender),
		.text = ev->body,
		.message_id = ev->event_id,
		.self_mentions = mx->mentions,
		.n_self_mentions = mx->n_mentions,
	};
	struct reply reply = {0};
	int rc = adapter_route(&mx->env, &m, &reply);
	if (rc == 1)
		send_reply(mx, b, ev, &reply);
	else if (rc < 0)
		log_msg(mx->env.log, LOG_ERROR, "matrix", "router: %s", bb_strerror(rc));
	reply_free(&reply);
}

static void handle_invite(struct matrix *mx, struct batch *b, const struct matrix_event *ev)
{
	struct strbuf path = {0};
	bool ok = config_bool(mx->cfg, CONFIG_MATRIX_AUTO_JOIN) &&
		  matrix_inviter_allowed(mx->inviters, mx->n_inviters, ev->sender);
	log_msg(mx->env.log, LOG_INFO, "matrix", "invited to %s by %s%s: %s", ev->room_id,
		ev->sender, ev->is_direct ? " (direct)" : "", ok ? "joining" : "declining");
	if (ok) {
		path_room(&path, CS "/join/", ev->room_id, "");
		call(mx, OP_JOIN, b, "POST", strbuf_str(&path), "{}", 0, 0, NULL);
	} else if (config_bool(mx->cfg, CONFIG_MATRIX_AUTO_JOIN)) {
		path_room(&path, CS "/rooms/", ev->room_id, "/leave");
		call(mx, OP_DECLINE, b, "POST", strbuf_str(&path), "{}", 0, 0, NULL);
	}
	strbuf_free(&path);
}

static void pend_free(struct matrix *mx, struct pend *p);

static void handle_leave(struct matrix *mx, struct batch *b, const struct matrix_event *ev)
{
	for (struct pend **pp = &mx->pend; *pp;) {
		struct pend *p = *pp;
		if (strcmp(p->room, ev->room_id) != 0) {
			pp = &p->next;
			continue;
		}
		*pp = p->next; /* no room left to say we could not read it */
		pend_free(mx, p);
	}
	log_msg(mx->env.log, LOG_INFO, "matrix", "%s from %s by %s: forgetting the room",
		strcmp(ev->membership, "ban") == 0 ? "banned" : "removed", ev->room_id,
		ev->sender ? ev->sender : "?");
	room_drop(mx, ev->room_id);
	struct strbuf path = {0};
	path_room(&path, CS "/rooms/", ev->room_id, "/forget");
	call(mx, OP_FORGET, b, "POST", strbuf_str(&path), "{}", 0, 0, NULL);
	strbuf_free(&path);
}

/* ---- encrypted events ---- */

/* Answers `ev` (m.room.encrypted) from its decrypted form `plain`. */
static void handle_decrypted(struct matrix *mx, struct batch *b, const struct matrix_event *ev,
			     const cJSON *plain)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(plain, "type");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(plain, "content");
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(c, "body");
	const cJSON *msgtype = cJSON_GetObjectItemCaseSensitive(c, "msgtype");
	if (!cJSON_IsString(type) || strcmp(type->valuestring, "m.room.message") != 0 ||
	    !cJSON_IsString(body) || !cJSON_IsString(msgtype))
		return; /* a reaction, a redacted message: nothing to answer */
	struct matrix_event m = *ev;
	m.kind = MATRIX_EV_MESSAGE;
	m.msgtype = msgtype->valuestring;
	m.body = body->valuestring;
	handle_message(mx, b, &m);
}

/* Says `text` once in reply to `event_id` (UNDECRYPTABLE, UNTRUSTED): with
 * the transaction id (and claim) its own answer would have had, so never
 * both, never twice. */
static void send_refusal(struct matrix *mx, struct batch *b, const char *room,
			 const char *event_id, const char *text)
{
	char txn[1024];
	if (matrix_client_txn_id(event_id, 0, txn, sizeof txn) < 0)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "msgtype", "m.notice");
	cJSON_AddStringToObject(c, "body", text);
	cJSON *rel = cJSON_AddObjectToObject(c, "m.relates_to");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(rel, "m.in_reply_to"), "event_id", event_id);
	cJSON_AddObjectToObject(c, "m.mentions");
	send_message(mx, b, room, txn, c, NULL);
	cJSON_Delete(c);
}

static void pend_free(struct matrix *mx, struct pend *p)
{
	if (!mx->stopping)
		batch_release(mx, p->batch);
	cJSON_Delete(p->content);
	free(p->room), free(p->event_id), free(p->sender), free(p->session);
	free(p);
}

/* With trust = verified: asks for the devices of `user` (one query at a
 * time; the waiting events are tried again when it is answered). */
static void query_sender(struct matrix *mx, const char *user)
{
	if (mx->query_busy)
		return;
	char *body = e2ee_query_body(mx->e2ee, &user, 1);
	if (body && call(mx, OP_KEYS_QUERY, NULL, "POST", CS "/keys/query", body, 0, 0, NULL) == 0)
		mx->query_busy = true;
	free(body);
}

/* Decrypts and answers encrypted event `ev` (its content included), or
 * says once why not. Returns true when it must wait: for its room key
 * (sid[0..cap) names the session) or, with trust = verified, for its
 * sender's devices; `due`: no more waiting. */
static bool try_encrypted(struct matrix *mx, struct batch *b, const struct matrix_event *ev,
			  bool due, char *sid, size_t cap)
{
	cJSON *plain = NULL;
	int rc = e2ee_decrypt(mx->e2ee, ev->room_id, ev->sender, ev->event_id, ev->content,
			      wall_ms(), &plain, sid, cap);
	int trusted = rc == 0 ? e2ee_sender_trusted(mx->e2ee, ev->sender, ev->room_id,
						    ev->content) : 0;
	bool wait = !due && (rc == BB_ENOTFOUND || (rc == 0 && trusted == BB_ENOTFOUND));
	if (wait && rc == 0)
		query_sender(mx, ev->sender);
	if (wait) {
	} else if (rc == 0 && trusted == 1) {
		handle_decrypted(mx, b, ev, plain);
	} else if (rc == 0) {
		log_msg(mx->env.log, LOG_WARN, "matrix", "%s in %s from %s: the device that sent "
			"it is not cross-signed by its owner (trust = verified): not answered",
			ev->event_id, ev->room_id, ev->sender);
		send_refusal(mx, b, ev->room_id, ev->event_id, UNTRUSTED);
	} else if (rc == BB_ENOTFOUND) {
		log_msg(mx->env.log, LOG_WARN, "matrix", "%s in %s from %s: no room key for session "
			"%s arrived: answering that it cannot be read", ev->event_id, ev->room_id,
			ev->sender, sid);
		send_refusal(mx, b, ev->room_id, ev->event_id, UNDECRYPTABLE);
	} else if (rc != BB_EEXIST) {
		log_msg(mx->env.log, LOG_WARN, "matrix", "%s in %s from %s (session %s): cannot be "
			"decrypted: %s", ev->event_id, ev->room_id, ev->sender, sid, bb_strerror(rc));
		send_refusal(mx, b, ev->room_id, ev->event_id, UNDECRYPTABLE);
	}
	cJSON_Delete(plain);
	return wait;
}

static void on_undec_timer(uv_timer_t *t);

static void undec_arm(struct matrix *mx)
{
	uint64_t first = UINT64_MAX, now = uv_now(mx->env.loop);
	for (struct pend *p = mx->pend; p; p = p->next)
		if (p->due < first)
			first = p->due;
	if (first != UINT64_MAX && !mx->stopping)
		uv_timer_start(&mx->undec, on_undec_timer, first > now ? first - now : 0, 0);
}

/* Tries the waiting events: of session `session` (NULL: every one), and
 * gives up on those due. */
static void pend_retry(struct matrix *mx, const char *session)
{
	uint64_t now = uv_now(mx->env.loop);
	for (struct pend **pp = &mx->pend; *pp && !mx->stopping;) {
		struct pend *p = *pp;
		bool due = p->due <= now;
		struct matrix_event ev = { .kind = MATRIX_EV_ENCRYPTED, .room_id = p->room,
					   .event_id = p->event_id, .sender = p->sender,
					   .content = p->content };
		char sid[128];
		if ((!due && session && strcmp(session, p->session) != 0) ||
		    try_encrypted(mx, p->batch, &ev, due, sid, sizeof sid)) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		pend_free(mx, p);
	}
	undec_arm(mx);
}

static void on_undec_timer(uv_timer_t *t)
{
	pend_retry(t->data, NULL);
}

static void handle_encrypted(struct matrix *mx, struct batch *b, const struct matrix_event *ev)
{
	char sid[128];
	if (!try_encrypted(mx, b, ev, false, sid, sizeof sid))
		return;
	struct pend *p = calloc(1, sizeof *p);
	if (!p || !(p->room = strdup(ev->room_id)) || !(p->event_id = strdup(ev->event_id)) ||
	    !(p->sender = strdup(ev->sender)) || !(p->session = strdup(sid)) ||
	    !(p->content = cJSON_Duplicate(ev->content, true))) {
		if (p) {
			cJSON_Delete(p->content);
			free(p->room), free(p->event_id), free(p->sender), free(p->session);
		}
		free(p);
		return;
	}
	p->due = uv_now(mx->env.loop) + (uint64_t)config_int(mx->cfg, CONFIG_MATRIX_DECRYPT_WAIT_MS);
	p->batch = b;
	b->pending++;
	p->next = mx->pend;
	mx->pend = p;
	undec_arm(mx);
}

/* Uploads what keys the server lacks, one upload at a time. */
static void upload_keys(struct matrix *mx, long server_count, bool fallback_missing)
{
	if (!mx->e2ee || mx->keys_busy)
		return;
	char *body = e2ee_upload_body(mx->e2ee, server_count, fallback_missing);
	if (body && call(mx, OP_KEYS_UPLOAD, NULL, "POST", CS "/keys/upload", body, 0, 0, NULL) == 0)
		mx->keys_busy = true;
	free(body);
}

/* The encryption part of a /sync: device list changes, one-time key
 * counts, and the to-device events (room keys) before the room events. */
static void handle_crypto(struct matrix *mx, const struct matrix_sync *s)
{
	if (!mx->e2ee)
		return;
	if (s->device_lists)
		e2ee_device_lists(mx->e2ee, s->device_lists);
	if (s->otk_count >= 0 || s->fallback_missing)
		upload_keys(mx, s->otk_count, s->fallback_missing);
	const cJSON *ev;
	cJSON_ArrayForEach(ev, s->to_device) {
		char sid[128];
		if (e2ee_to_device(mx->e2ee, ev, wall_ms(), sid, sizeof sid) == 1)
			pend_retry(mx, sid);
	}
}

static void handle_batch(struct matrix *mx, struct matrix_sync *s)
{
	struct batch *b = calloc(1, sizeof *b);
	if (!b || !(b->next_batch = strdup(s->next_batch))) {
		free(b);
		return; /* the token is not saved: the batch comes again after a restart */
	}
	b->pending = 1; /* held while the batch is handled */
	if (mx->tail)
		mx->tail->next = b;
	else
		mx->head = b;
	mx->tail = b;

	for (size_t i = 0; i < s->n_rooms; i++)
		room_update(mx, &s->rooms[i]);
	handle_crypto(mx, s);
	for (size_t i = 0; i < s->n_events && !mx->stopping; i++) {
		const struct matrix_event *ev = &s->events[i];
		if (ev->kind == MATRIX_EV_INVITE) {
			handle_invite(mx, b, ev);
			continue;
		}
		if (ev->kind == MATRIX_EV_LEAVE) {
			handle_leave(mx, b, ev);
			continue;
		}
		/* Messages: each answered once, and only live ones. */
		if (!ev->event_id || !idset_add(mx->seen, idset_hash(ev->event_id)))
			continue;
		if (mx->fresh || ev->backlog || strcmp(ev->sender, mx->user_id) == 0)
			continue;
		if (ev->kind == MATRIX_EV_MESSAGE)
			handle_message(mx, b, ev);
		else if (mx->e2ee && ev->content)
			handle_encrypted(mx, b, ev);
		else
			send_e2e_notice(mx, b, ev->room_id);
	}
	batch_release(mx, b);
}

/* ---- the sync loop ---- */

static void start_sync(struct matrix *mx)
{
	long timeout = mx->since ? config_int(mx->cfg, CONFIG_MATRIX_SYNC_TIMEOUT_MS) : 0;
	struct strbuf path = {0};
	strbuf_puts(&path, CS "/sync?filter=");
	matrix_client_escape(&path, mx->filter_id);
	strbuf_printf(&path, "&timeout=%ld", timeout);
	if (mx->since) {
		strbuf_puts(&path, "&since=");
		matrix_client_escape(&path, mx->since);
	}
	/* A stalled long poll is cut after its timeout plus one request time. */
	long limit = timeout + config_int(mx->cfg, CONFIG_GENERAL_HTTP_TIMEOUT_MS);
	mx->fresh = !mx->since;
	call(mx, OP_SYNC, NULL, "GET", strbuf_str(&path), NULL, limit, MATRIX_CALL_RAW, NULL);
	strbuf_free(&path);
}

static void on_resync(uv_timer_t *t)
{
	start_sync(t->data);
}

static void upload_filter(struct matrix *mx)
{
	struct strbuf path = {0};
	path_room(&path, CS "/user/", mx->user_id, "/filter");
	call(mx, OP_FILTER, NULL, "POST", strbuf_str(&path), filter_json, 0, 0, NULL);
	strbuf_free(&path);
}

/* "HASH:" of the filter text (FNV-1a), the prefix of the stored value:
 * a build with another filter uploads its own. */
static void filter_tag(char *out, size_t cap)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = filter_json; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	snprintf(out, cap, "%016llx:", (unsigned long long)h);
}

/* The stored filter id, if it was made for this very filter. */
static void load_filter(struct matrix *mx)
{
	char *v = NULL;
	char want[32];
	filter_tag(want, sizeof want);
	if (store_get(mx->env.store, mx->scope, "filter", &v) == 0 &&
	    strncmp(v, want, strlen(want)) == 0 && v[strlen(want)])
		set_str(&mx->filter_id, v + strlen(want));
	free(v);
}

static void save_filter(struct matrix *mx, const char *id)
{
	char tag[32], val[300];
	filter_tag(tag, sizeof tag);
	snprintf(val, sizeof val, "%s%s", tag, id);
	store_set(mx->env.store, mx->scope, "filter", val);
	set_str(&mx->filter_id, id);
}

/* Every reply leaves a "posted" record (send_message); a record only has to
 * outlive the retries of its send and a replay of its /sync batch after a
 * restart, so records older than a week go, checked every few hours, and
 * the table stays the size of a week's replies instead of growing forever. */
#define SEND_CLAIM_KEEP_MS (7LL * 24 * 3600 * 1000)
#define SEND_CLAIM_PRUNE_EVERY_MS (6LL * 3600 * 1000)

static void prune_send_claims(struct matrix *mx)
{
	int64_t now = wall_ms();
	if (mx->claims_pruned_ms && now - mx->claims_pruned_ms < SEND_CLAIM_PRUNE_EVERY_MS)
		return;
	mx->claims_pruned_ms = now;
	size_t n = 0;
	if (store_claim_prune(mx->env.store, SEND_CLAIM_PREFIX, now - SEND_CLAIM_KEEP_MS, &n) == 0
	    && n)
		log_msg(mx->env.log, LOG_INFO, "matrix", "forgot %zu send records older than "
			"a week", n);
}

static void on_sync(struct matrix *mx, const struct matrix_result *res)
{
	if (res->err) {
		if (!mx->filter_retried && res->status == 400) {
			/* An unknown filter id (a reset server): make a new one. */
			log_msg(mx->env.log, LOG_WARN, "matrix", "/sync refused (%s %s): new filter",
				res->errcode, res->error);
			mx->filter_retried = true;
			upload_filter(mx);
		} else if (res->status == 400 && mx->since) {
			log_msg(mx->env.log, LOG_WARN, "matrix", "/sync refused the since token "
				"(%s %s): starting afresh, history is not answered", res->errcode,
				res->error);
			set_str(&mx->since, NULL);
			start_sync(mx);
		} else {
			fatal(mx, "/sync failed: HTTP %ld %s %s", res->status, res->errcode, res->error);
		}
		return;
	}
	struct matrix_sync *s = matrix_sync_parse(res->body, res->body_len, mx->user_id);
	if (!s) {
		uint32_t wait = backoff_next_ms(&mx->sync_bo, backoff_rand_u32(&mx->seed));
		metrics_inc(mx->env.metrics, METRIC_RECONNECTS, "matrix");
		log_msg(mx->env.log, LOG_WARN, "matrix", "unreadable /sync response; retry in %u ms",
			wait);
		uv_timer_start(&mx->resync, on_resync, wait, 0);
		return;
	}
	backoff_reset(&mx->sync_bo);
	mx->filter_retried = false;
	if (mx->fresh) {
		size_t n = 0;
		for (size_t i = 0; i < s->n_events; i++)
			n += s->events[i].kind == MATRIX_EV_MESSAGE;
		log_msg(mx->env.log, LOG_INFO, "matrix", "first sync: %zu messages of history "
			"not answered", n);
	}
	mx->env.connected(mx->env.app, PLATFORM_MATRIX, true);
	handle_batch(mx, s);
	/* after the batch: a batch replayed after a long stop still finds
	 * the records of what it answered before the stop */
	prune_send_claims(mx);
	set_str(&mx->since, s->next_batch);
	matrix_sync_free(s);
	start_sync(mx);
}

/* ---- start-up: versions, login, whoami, filter ---- */

/* With encryption, the session outlives a restart: the access token a
 * password login got is kept in the store (the device's keys belong to
 * it), and a restart logs in again only if the homeserver refuses it. */
static bool keep_token(const struct matrix *mx)
{
	return config_bool(mx->cfg, CONFIG_MATRIX_ENCRYPTION) &&
	       *config_str(mx->cfg, CONFIG_MATRIX_PICKLE_KEY);
}

static void login(struct matrix *mx)
{
	char *token = NULL;
	if (keep_token(mx) && store_get(mx->env.store, mx->scope, "access_token", &token) == 0 &&
	    *token) {
		mx->token_stored = true;
		matrix_client_set_token(mx->client, token);
		free(token);
		call(mx, OP_WHOAMI, NULL, "GET", CS "/account/whoami", NULL, 0, 0, NULL);
		return;
	}
	free(token);
	char *device = NULL;
	store_get(mx->env.store, mx->scope, "device_id", &device);
	cJSON *b = cJSON_CreateObject();
	cJSON *id = cJSON_AddObjectToObject(b, "identifier");
	cJSON_AddStringToObject(b, "type", "m.login.password");
	cJSON_AddStringToObject(id, "type", "m.id.user");
	cJSON_AddStringToObject(id, "user", mx->user_id);
	cJSON_AddStringToObject(b, "password", config_str(mx->cfg, CONFIG_MATRIX_PASSWORD));
	if (device)
		cJSON_AddStringToObject(b, "device_id", device);
	cJSON_AddStringToObject(b, "initial_device_display_name",
				config_str(mx->cfg, CONFIG_MATRIX_DEVICE_NAME));
	char *body = cJSON_PrintUnformatted(b);
	if (body)
		call(mx, OP_LOGIN, NULL, "POST", CS "/login", body, 0, MATRIX_CALL_NO_AUTH, NULL);
	free(body);
	free(device);
	cJSON_Delete(b);
}

static const char *jstr(const struct matrix_result *res, const char *key)
{
	return cjson_str((const cJSON *)res->json, key);
}

static void set_identity(struct matrix *mx, const char *user_id)
{
	set_str(&mx->user_id, user_id);
	const char *colon = strchr(user_id, ':');
	size_t n = colon ? (size_t)(colon - user_id - 1) : strlen(user_id + 1);
	free(mx->localpart);
	mx->localpart = strndup(user_id + 1, n);
	snprintf(mx->scope, sizeof mx->scope, "matrix:%s", user_id);
	mx->mentions[0] = mx->user_id;
	mx->mentions[1] = mx->localpart;
	mx->n_mentions = 2;
}

/* Opens the device's crypto state once the device is known. Returns false
 * (after a fatal error) when the stored keys cannot be opened. */
static bool setup_e2ee(struct matrix *mx)
{
	if (!config_bool(mx->cfg, CONFIG_MATRIX_ENCRYPTION) || mx->e2ee)
		return true;
	/* config_validate refuses encryption without a pickle key. */
	const char *pk = config_str(mx->cfg, CONFIG_MATRIX_PICKLE_KEY);
	if (!mx->device_id) {
		fatal(mx, "end-to-end encryption needs a device, but the homeserver named none "
			  "for this session: log in with a password, or set matrix.encryption = "
			  "false to post a notice in encrypted rooms instead");
		return false;
	}
	struct e2ee_options o = {
		.store = mx->env.store,
		.user_id = mx->user_id,
		.device_id = mx->device_id,
		.pickle_key = pk,
		.verified_only = strcmp(config_str(mx->cfg, CONFIG_MATRIX_TRUST), "verified") == 0,
		.log = mx->env.log,
	};
	char why[512];
	int err = e2ee_open(&o, wall_ms(), &mx->e2ee, why, sizeof why);
	if (err) {
		fatal(mx, "end-to-end encryption: %s", *why ? why : bb_strerror(err));
		return false;
	}
	log_msg(mx->env.log, LOG_INFO, "matrix", "end-to-end encryption on: device %s, curve25519 "
		"%s, keys shared with %s devices", mx->device_id, e2ee_curve25519(mx->e2ee),
		o.verified_only ? "cross-signed" : "all");
	/* First start: everything; later ones: what /sync says is missing. */
	upload_keys(mx, e2ee_published(mx->e2ee) ? LONG_MAX / 2 : -1, false);
	return true;
}

static void after_whoami(struct matrix *mx, const struct matrix_result *res)
{
	const char *uid = jstr(res, "user_id");
	const char *dev = jstr(res, "device_id");
	if (!uid || uid[0] != '@') {
		fatal(mx, "whoami answered no user id");
		return;
	}
	const char *want = config_str(mx->cfg, CONFIG_MATRIX_USER_ID);
	if (*want && strcmp(want, uid) != 0)
		log_msg(mx->env.log, LOG_WARN, "matrix", "the token belongs to %s, not to %s", uid,
			want);
	set_identity(mx, uid);
	if (dev)
		set_str(&mx->device_id, dev);
	log_msg(mx->env.log, LOG_INFO, "matrix", "logged in as %s (device %s)", mx->user_id,
		mx->device_id ? mx->device_id : "?");
	if (!setup_e2ee(mx))
		return;
	char *since = NULL;
	if (store_get(mx->env.store, mx->scope, "since", &since) == 0)
		set_str(&mx->since, since);
	free(since);
	load_filter(mx);
	if (mx->filter_id)
		start_sync(mx);
	else
		upload_filter(mx);
}

/* The answer to a request of room_pump(): its result is taken in, and
 * the room's queue moves on. */
static void on_crypto_step(struct matrix *mx, struct op *op, const struct matrix_result *res)
{
	if (!op->eroom && op->kind == OP_KEYS_QUERY && mx->e2ee) {
		/* a sender's devices (trust = verified): try the waiting events */
		mx->query_busy = false;
		if (!res->err) {
			e2ee_on_query(mx->e2ee, res->json);
			pend_retry(mx, NULL);
		}
		return;
	}
	struct room *r = op->eroom ? room_get(mx, op->eroom, false) : NULL;
	if (!r || !mx->e2ee)
		return;
	r->busy = false;
	if (res->err) {
		log_msg(mx->env.log, LOG_WARN, "matrix", "%s: %s failed: HTTP %ld %s %s", r->id,
			op->kind == OP_MEMBERS ? "joined_members" : op->kind == OP_KEYS_QUERY
			? "keys/query" : op->kind == OP_KEYS_CLAIM ? "keys/claim" : "sendToDevice",
			res->status, res->errcode, res->error);
		if (op->kind == OP_TO_DEVICE) {
			/* Who got the key is unknown: a new session, shared once more. */
			e2ee_rotate(mx->e2ee, r->id);
			if (!r->reshared) {
				r->reshared = true;
				r->step = 3;
			}
		}
	} else if (op->kind == OP_MEMBERS) {
		const cJSON *joined = cJSON_GetObjectItemCaseSensitive((const cJSON *)res->json,
								       "joined");
		joined_clear(r);
		size_t n = (size_t)cJSON_GetArraySize(joined);
		r->joined = calloc(n ? n : 1, sizeof *r->joined);
		const cJSON *u;
		cJSON_ArrayForEach(u, joined)
			if (r->joined && u->string && (r->joined[r->n_joined] = strdup(u->string)))
				r->n_joined++;
		r->joined_known = true;
	} else if (op->kind == OP_KEYS_QUERY) {
		e2ee_on_query(mx->e2ee, res->json);
	} else if (op->kind == OP_KEYS_CLAIM) {
		e2ee_on_claim(mx->e2ee, res->json, wall_ms());
	}
	room_pump(mx, r);
}

static void on_done(void *user, const struct matrix_result *res)
{
	struct op *op = user;
	struct matrix *mx = op->mx;
	enum op_kind kind = op->kind;
	struct batch *b = op->batch;
	if (res->err == BB_EAUTH && kind == OP_WHOAMI && mx->token_stored) {
		op_free(op);
		log_msg(mx->env.log, LOG_INFO, "matrix", "the stored access token was refused (%s): "
			"logging in again with the same device", res->errcode);
		mx->token_stored = false;
		store_unset(mx->env.store, mx->scope, "access_token");
		login(mx);
		return;
	}
	if (res->err == BB_EAUTH) {
		op_free(op);
		fatal(mx, "the homeserver refused the access token (%s: %s); log in again: set "
			  "matrix.password or a new matrix.access_token / MATRIX_ACCESS_TOKEN",
		      res->errcode, res->error);
		return;
	}
	switch (kind) {
	case OP_VERSIONS:
		if (res->err)
			log_msg(mx->env.log, LOG_WARN, "matrix", "GET /versions: HTTP %ld",
				res->status);
		if (*config_str(mx->cfg, CONFIG_MATRIX_ACCESS_TOKEN)) {
			matrix_client_set_token(mx->client,
						config_str(mx->cfg, CONFIG_MATRIX_ACCESS_TOKEN));
			call(mx, OP_WHOAMI, NULL, "GET", CS "/account/whoami", NULL, 0, 0, NULL);
		} else {
			login(mx);
		}
		break;
	case OP_LOGIN:
		if (res->err || !jstr(res, "access_token")) {
			fatal(mx, "login as %s failed: HTTP %ld %s %s (check matrix.password / "
				  "MATRIX_PASSWORD)", mx->user_id, res->status, res->errcode,
			      res->error);
			break;
		}
		if (jstr(res, "device_id"))
			store_set(mx->env.store, mx->scope, "device_id", jstr(res, "device_id"));
		if (keep_token(mx))
			store_set(mx->env.store, mx->scope, "access_token", jstr(res, "access_token"));
		matrix_client_set_token(mx->client, jstr(res, "access_token"));
		call(mx, OP_WHOAMI, NULL, "GET", CS "/account/whoami", NULL, 0, 0, NULL);
		break;
	case OP_WHOAMI:
		if (res->err)
			fatal(mx, "whoami failed: HTTP %ld %s %s", res->status, res->errcode,
			      res->error);
		else
			after_whoami(mx, res);
		break;
	case OP_FILTER:
		if (res->err || !jstr(res, "filter_id")) {
			fatal(mx, "cannot upload the sync filter: HTTP %ld %s %s", res->status,
			      res->errcode, res->error);
			break;
		}
		save_filter(mx, jstr(res, "filter_id"));
		start_sync(mx);
		break;
	case OP_SYNC:
		on_sync(mx, res);
		break;
	case OP_SEND:
		if (op->room) {
			struct room *r = room_get(mx, op->room, false);
			if (r)
				r->notice_busy = false;
			if (!res->err) {
				char claim[400];
				snprintf(claim, sizeof claim, "matrix:e2e:%s", op->room);
				store_claim(mx->env.store, claim, wall_ms());
			}
		}
		if (!res->err) {
			store_claim(mx->env.store, op->key, wall_ms());
			metrics_inc(mx->env.metrics, METRIC_REPLIES_SENT, "matrix");
		} else
			log_msg(mx->env.log, LOG_WARN, "matrix", "send %s failed for good: HTTP %ld "
				"%s %s", op->key, res->status, res->errcode, res->error);
		break;
	case OP_POST:
		if (op->post) {
			struct mpost *p = op->post;
			op_free(op);
			mpost_sent(p, res);
			return;
		}
		break;
	case OP_KEYS_UPLOAD:
		mx->keys_busy = false;
		if (res->err)
			log_msg(mx->env.log, LOG_WARN, "matrix", "key upload failed: HTTP %ld %s %s",
				res->status, res->errcode, res->error);
		else if (mx->e2ee)
			e2ee_uploaded(mx->e2ee, wall_ms());
		break;
	case OP_MEMBERS:
	case OP_KEYS_QUERY:
	case OP_KEYS_CLAIM:
	case OP_TO_DEVICE:
		on_crypto_step(mx, op, res);
		break;
	case OP_JOIN:
	case OP_DECLINE:
	case OP_FORGET:
		if (res->err)
			log_msg(mx->env.log, LOG_WARN, "matrix", "%s failed: HTTP %ld %s %s",
				kind == OP_JOIN ? "join" : kind == OP_FORGET ? "forget" : "decline",
				res->status, res->errcode, res->error);
		break;
	}
	op_free(op);
	if (!mx->stopping)
		batch_release(mx, b);
}

/* ---- the adapter ---- */

/* A /sync that fails (not one told to wait) means the homeserver is out of
 * reach: not connected until a /sync succeeds again. */
static void on_retrying(void *call_user, bool rate_limited)
{
	struct op *op = call_user;
	if (op->kind == OP_SYNC && !rate_limited)
		op->mx->env.connected(op->mx->env.app, PLATFORM_MATRIX, false);
}

static bool mx_enabled(const struct config *cfg)
{
	return config_bool(cfg, CONFIG_MATRIX_ENABLED);
}

static void mx_destroy(void *self);

static void *mx_create(const struct adapter_env *env, struct strbuf *err)
{
	struct matrix *mx = calloc(1, sizeof *mx);
	if (!mx) {
		strbuf_puts(err, "matrix: out of memory\n");
		return NULL;
	}
	mx->env = *env;
	mx->cfg = env->cfg;
	mx->seed = (uint64_t)wall_ms() ^ ((uint64_t)(uintptr_t)mx << 16);
	backoff_init(&mx->sync_bo, 500, (uint32_t)config_int(env->cfg, CONFIG_GENERAL_RECONNECT_MAX_MS));
	mx->n_inviters = config_list(env->cfg, CONFIG_MATRIX_ALLOWED_INVITERS, &mx->inviters);
	if (mx->n_inviters == 0)
		mx->n_inviters = config_list(env->cfg, CONFIG_PERMISSIONS_MATRIX_ADMINS,
					     &mx->inviters);
	struct matrix_client_options o = {
		.homeserver = config_str(env->cfg, CONFIG_MATRIX_HOMESERVER),
		.timeout_ms = config_int(env->cfg, CONFIG_GENERAL_HTTP_TIMEOUT_MS),
		.retry_base_ms = 250,
		.retry_cap_ms = (uint32_t)config_int(env->cfg, CONFIG_GENERAL_RECONNECT_MAX_MS),
		.seed = mx->seed,
		.log = env->log,
		.metrics = env->metrics,
		.retrying = on_retrying,
	};
	mx->client = matrix_client_new(env->loop, &o);
	mx->seen = idset_new(SEEN_CAPACITY);
	if (!mx->client || !mx->seen) {
		strbuf_puts(err, "matrix: cannot create the client (bad homeserver URL?)\n");
		mx_destroy(mx);
		return NULL;
	}
	set_identity(mx, config_str(env->cfg, CONFIG_MATRIX_USER_ID));
	return mx;
}

static int mx_start(void *self)
{
	struct matrix *mx = self;
	uv_timer_init(mx->env.loop, &mx->resync);
	mx->resync.data = mx;
	uv_timer_init(mx->env.loop, &mx->undec);
	mx->undec.data = mx;
	mx->started = true;
	log_msg(mx->env.log, LOG_INFO, "matrix", "connecting to %s",
		config_str(mx->cfg, CONFIG_MATRIX_HOMESERVER));
	return call(mx, OP_VERSIONS, NULL, "GET", "/_matrix/client/versions", NULL, 0,
		    MATRIX_CALL_NO_AUTH, NULL);
}

static void mx_stop(void *self)
{
	struct matrix *mx = self;
	if (mx->stopping)
		return;
	mx->stopping = true;
	/* Replies in flight are dropped; their batch's token was not saved,
	 * so after a restart they are sent again with the same txn ids. */
	matrix_client_free(mx->client);
	mx->client = NULL;
	if (mx->started) {
		uv_close((uv_handle_t *)&mx->resync, NULL);
		uv_close((uv_handle_t *)&mx->undec, NULL);
	}
	mx->env.connected(mx->env.app, PLATFORM_MATRIX, false);
}

static void mx_destroy(void *self)
{
	struct matrix *mx = self;
	if (!mx)
		return;
	matrix_client_free(mx->client);
	while (mx->ops)
		op_free(mx->ops);
	while (mx->posts)
		mpost_free(mx->posts);
	while (mx->head) {
		struct batch *b = mx->head;
		mx->head = b->next;
		free(b->next_batch);
		free(b);
	}
	mx->stopping = true; /* nothing is released or told any more */
	while (mx->rooms)
		room_drop(mx, mx->rooms->id);
	while (mx->pend) {
		struct pend *p = mx->pend;
		mx->pend = p->next;
		pend_free(mx, p);
	}
	e2ee_free(mx->e2ee);
	idset_free(mx->seen);
	free(mx->user_id);
	free(mx->device_id);
	free(mx->localpart);
	free(mx->displayname);
	free(mx->filter_id);
	free(mx->since);
	free(mx);
}

const struct adapter_ops matrix_adapter = {
	.platform = PLATFORM_MATRIX,
	.enabled = mx_enabled,
	.create = mx_create,
	.start = mx_start,
	.stop = mx_stop,
	.destroy = mx_destroy,
	.post = mx_post,
};
