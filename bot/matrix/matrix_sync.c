#include "bot/matrix/matrix_sync.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "common/cjson_str.h"

/* ---- small accessors: NULL whenever the shape is wrong ---- */

static const cJSON *obj(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsObject(v) ? v : NULL;
}

static bool str_is(const cJSON *o, const char *key, const char *want)
{
	const char *s = cjson_str(o, key);
	return s && strcmp(s, want) == 0;
}

/* The "events" array of o[section] (o.timeline.events), or NULL. */
static const cJSON *events_of(const cJSON *o, const char *section)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj(o, section), "events");
	return cJSON_IsArray(v) ? v : NULL;
}

static int64_t int_of(const cJSON *o, const char *key, int64_t dflt)
{
	const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	if (!cJSON_IsNumber(v) || v->valuedouble < -9e15 || v->valuedouble > 9e15)
		return dflt;
	return (int64_t)v->valuedouble;
}

static size_t array_len(const cJSON *a)
{
	size_t n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, a)
		n++;
	return n;
}

/* Is ev our own member event making us join (not a profile change)? */
static bool is_own_join(const cJSON *ev, const char *self_id)
{
	if (!self_id || !str_is(ev, "type", "m.room.member") || !str_is(ev, "state_key", self_id))
		return false;
	if (!str_is(obj(ev, "content"), "membership", "join"))
		return false;
	return !str_is(obj(obj(ev, "unsigned"), "prev_content"), "membership", "join");
}

static const char *own_displayname(const cJSON *ev, const char *self_id)
{
	if (!self_id || !str_is(ev, "type", "m.room.member") || !str_is(ev, "state_key", self_id))
		return NULL;
	const cJSON *c = obj(ev, "content");
	return str_is(c, "membership", "join") ? cjson_str(c, "displayname") : NULL;
}

/* ---- joined rooms ---- */

struct builder {
	struct matrix_sync *s;
	size_t cap_events;
	const char *self_id;
};

static struct matrix_event *add_event(struct builder *b, enum matrix_event_kind kind,
				      const char *room_id, const cJSON *ev)
{
	if (b->s->n_events >= b->cap_events)
		return NULL;
	struct matrix_event *e = &b->s->events[b->s->n_events++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->room_id = room_id;
	e->event_id = cjson_str(ev, "event_id");
	e->sender = cjson_str(ev, "sender");
	e->txn_id = cjson_str(obj(ev, "unsigned"), "transaction_id");
	e->origin_ts = int_of(ev, "origin_server_ts", 0);
	return e;
}

static void scan_state(struct builder *b, struct matrix_room *r, const cJSON *events)
{
	const cJSON *ev;
	cJSON_ArrayForEach(ev, events) {
		if (str_is(ev, "type", "m.room.encryption")) {
			r->encrypted = true;
			r->encryption = obj(ev, "content");
		}
		if (str_is(ev, "type", "m.room.power_levels") && str_is(ev, "state_key", ""))
			r->power_levels = obj(ev, "content");
		if (is_own_join(ev, b->self_id))
			r->joined_now = true;
		const char *dn = own_displayname(ev, b->self_id);
		if (dn)
			r->self_displayname = dn;
	}
}

static void parse_joined(struct builder *b, const char *room_id, const cJSON *room)
{
	struct matrix_room *r = &b->s->rooms[b->s->n_rooms++];
	memset(r, 0, sizeof *r);
	r->room_id = room_id;
	r->joined_members = int_of(obj(room, "summary"), "m.joined_member_count", -1);
	scan_state(b, r, events_of(room, "state"));
	const cJSON *tl = obj(room, "timeline");
	r->limited = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tl, "limited"));
	r->prev_batch = cjson_str(tl, "prev_batch");

	const cJSON *events = events_of(room, "timeline");
	size_t first = b->s->n_events;
	const cJSON *ev;
	cJSON_ArrayForEach(ev, events) {
		const char *type = cjson_str(ev, "type");
		if (!type || !cjson_str(ev, "sender") || !cjson_str(ev, "event_id"))
			continue;
		if (strcmp(type, "m.room.encryption") == 0 && cjson_str(ev, "state_key")) {
			r->encrypted = true;
			r->encryption = obj(ev, "content");
		} else if (strcmp(type, "m.room.power_levels") == 0 && str_is(ev, "state_key", "")) {
			r->power_levels = obj(ev, "content");
		} else if (strcmp(type, "m.room.member") == 0) {
			const char *dn = own_displayname(ev, b->self_id);
			if (dn)
				r->self_displayname = dn;
			const char *who = cjson_str(ev, "state_key");
			if (who && b->self_id && strcmp(who, b->self_id) != 0) {
				const char *m = cjson_str(obj(ev, "content"), "membership");
				r->members_changed = true;
				if (m && (strcmp(m, "leave") == 0 || strcmp(m, "ban") == 0))
					r->member_left = true;
			}
			if (!is_own_join(ev, b->self_id))
				continue;
			/* Everything before our join is history shown on join. */
			r->joined_now = true;
			for (size_t i = first; i < b->s->n_events; i++)
				b->s->events[i].backlog = true;
		} else if (strcmp(type, "m.room.message") == 0) {
			const cJSON *c = obj(ev, "content");
			const char *body = cjson_str(c, "body");
			const char *msgtype = cjson_str(c, "msgtype");
			if (!body || !msgtype)
				continue; /* redacted or malformed: nothing to answer */
			struct matrix_event *e = add_event(b, MATRIX_EV_MESSAGE, room_id, ev);
			if (e) {
				e->body = body;
				e->msgtype = msgtype;
			}
		} else if (strcmp(type, "m.room.encrypted") == 0) {
			r->encrypted = true;
			struct matrix_event *e = add_event(b, MATRIX_EV_ENCRYPTED, room_id, ev);
			if (e)
				e->content = obj(ev, "content");
		}
	}
}

/* ---- invites and leaves ---- */

static void parse_invite(struct builder *b, const char *room_id, const cJSON *room)
{
	const cJSON *ev, *invite = NULL;
	bool encrypted = false;
	cJSON_ArrayForEach(ev, events_of(room, "invite_state")) {
		if (str_is(ev, "type", "m.room.encryption"))
			encrypted = true;
		if (b->self_id && str_is(ev, "type", "m.room.member") &&
		    str_is(ev, "state_key", b->self_id) &&
		    str_is(obj(ev, "content"), "membership", "invite") && cjson_str(ev, "sender"))
			invite = ev;
	}
	if (!invite)
		return;
	struct matrix_event *e = add_event(b, MATRIX_EV_INVITE, room_id, invite);
	if (e) {
		e->is_direct = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj(invite, "content"),
									     "is_direct"));
		e->room_encrypted = encrypted;
	}
}

static void parse_leave(struct builder *b, const char *room_id, const cJSON *room)
{
	const cJSON *ev, *mine = NULL;
	/* Our latest member event, in the timeline or (when the timeline was
	 * filtered or cut) in the state. */
	const char *sections[] = { "state", "timeline" };
	for (size_t i = 0; i < 2; i++)
		cJSON_ArrayForEach(ev, events_of(room, sections[i]))
			if (b->self_id && str_is(ev, "type", "m.room.member") &&
			    str_is(ev, "state_key", b->self_id))
				mine = ev;
	struct matrix_event *e = add_event(b, MATRIX_EV_LEAVE, room_id, mine);
	if (!e)
		return;
	const char *m = cjson_str(obj(mine, "content"), "membership");
	e->membership = m && strcmp(m, "ban") == 0 ? "ban" : "leave";
}

/* ---- the whole response ---- */

typedef void (*room_fn)(struct builder *b, const char *room_id, const cJSON *room);

static void each_room(struct builder *b, const cJSON *section, room_fn fn)
{
	const cJSON *room;
	cJSON_ArrayForEach(room, section) {
		if (cJSON_IsObject(room) && room->string && room->string[0])
			fn(b, room->string, room);
	}
}

struct matrix_sync *matrix_sync_parse(const char *body, size_t len, const char *self_id)
{
	struct matrix_sync *s = NULL;
	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	if (!cJSON_IsObject(root) || !cjson_str(root, "next_batch"))
		goto fail;
	s = calloc(1, sizeof *s);
	if (!s)
		goto fail;
	s->tree = root;
	s->next_batch = cjson_str(root, "next_batch");

	const cJSON *rooms = obj(root, "rooms");
	const cJSON *join = obj(rooms, "join"), *invite = obj(rooms, "invite");
	const cJSON *leave = obj(rooms, "leave");
	/* Upper bounds first, so the arrays are allocated once. */
	size_t n_rooms = array_len(join), n_events = array_len(invite) + array_len(leave);
	const cJSON *room;
	cJSON_ArrayForEach(room, join)
		n_events += array_len(events_of(room, "timeline"));
	s->rooms = calloc(n_rooms ? n_rooms : 1, sizeof *s->rooms);
	s->events = calloc(n_events ? n_events : 1, sizeof *s->events);
	if (!s->rooms || !s->events)
		goto fail;

	const cJSON *td = cJSON_GetObjectItemCaseSensitive(obj(root, "to_device"), "events");
	s->to_device = cJSON_IsArray(td) ? td : NULL;
	s->device_lists = obj(root, "device_lists");
	s->otk_count = (long)int_of(obj(root, "device_one_time_keys_count"), "signed_curve25519",
				    -1);
	const cJSON *fb = cJSON_GetObjectItemCaseSensitive(root, "device_unused_fallback_key_types");
	if (cJSON_IsArray(fb)) {
		s->fallback_missing = true;
		const cJSON *it;
		cJSON_ArrayForEach(it, fb)
			if (cJSON_IsString(it) && strcmp(it->valuestring, "signed_curve25519") == 0)
				s->fallback_missing = false;
	}

	struct builder b = { .s = s, .cap_events = n_events, .self_id = self_id };
	each_room(&b, join, parse_joined);
	each_room(&b, invite, parse_invite);
	each_room(&b, leave, parse_leave);
	return s;
fail:
	if (s)
		matrix_sync_free(s);
	else
		cJSON_Delete(root);
	return NULL;
}

void matrix_sync_free(struct matrix_sync *s)
{
	if (!s)
		return;
	cJSON_Delete(s->tree);
	free(s->rooms);
	free(s->events);
	free(s);
}
