/* Pure parsing of a Matrix client-server /sync response (v3) into the few
 * things briefbot acts on: messages in joined rooms, encrypted messages,
 * invites and leaves, plus per-room facts (member count, encryption, our
 * own join, a limited timeline).
 *
 * No I/O, no clock, no global state: the input is the response body, the
 * output borrows its strings from a parse tree the result owns. Anything
 * malformed in one event or room is skipped; only a body that is not a JSON
 * object, or lacks next_batch, is refused.
 *
 * Behaviour of real homeservers this follows (and tests/doubles/fake_matrix.py
 * copies): sections are omitted when empty, events in /sync carry no
 * room_id (the room is the key they are listed under), our own echoes carry
 * unsigned.transaction_id, and a room joined since the last sync comes with
 * its history -- messages sent before we joined. Those are marked `backlog`:
 * every message that precedes our own join event in the same timeline.
 */
#ifndef BB_MATRIX_SYNC_H
#define BB_MATRIX_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

enum matrix_event_kind {
	MATRIX_EV_MESSAGE,    /* m.room.message in a joined room's timeline */
	MATRIX_EV_ENCRYPTED,  /* m.room.encrypted in a joined room's timeline */
	MATRIX_EV_INVITE,     /* we are invited; sender = the inviter */
	MATRIX_EV_LEAVE,      /* we left, were kicked or banned; sender = who did it */
};

struct matrix_event {
	enum matrix_event_kind kind;
	const char *room_id;
	const char *event_id;     /* NULL for an invite without one */
	const char *sender;
	const char *msgtype;      /* MESSAGE: "m.text", "m.notice", ...; else NULL */
	const char *body;         /* MESSAGE: the plain body; else NULL */
	const char *txn_id;       /* unsigned.transaction_id: our own echo; or NULL */
	const char *membership;   /* LEAVE: "leave" or "ban"; else NULL */
	int64_t origin_ts;        /* origin_server_ts, 0 if absent */
	bool backlog;             /* sent before our join in this same batch */
	bool is_direct;           /* INVITE: the inviter marked it a direct chat */
	bool room_encrypted;      /* INVITE: the stripped state says encrypted */
	const struct cJSON *content; /* ENCRYPTED: the event's content; else NULL */
};

struct matrix_room {
	const char *room_id;      /* a joined room present in this batch */
	long joined_members;      /* summary m.joined_member_count; -1 if absent */
	bool encrypted;           /* m.room.encryption in its state or timeline */
	bool limited;             /* the timeline has a gap before it */
	const char *prev_batch;   /* the token before the timeline, or NULL */
	bool joined_now;          /* our own join event is in this batch */
	const char *self_displayname; /* from our own member event, or NULL */
	/* The content of the latest m.room.power_levels (state or timeline)
	 * in this batch, or NULL: who may manage the room's digests. */
	const struct cJSON *power_levels;
	/* The content of the latest m.room.encryption in this batch, or NULL:
	 * the algorithm and the rotation periods. */
	const struct cJSON *encryption;
	bool member_left;         /* another member left, was kicked or banned */
	bool members_changed;     /* another member joined, was invited or left */
};

struct matrix_sync {
	const char *next_batch;
	struct matrix_room *rooms;
	size_t n_rooms;
	/* In order: joined rooms' timelines (each oldest first), then invites,
	 * then leaves. */
	struct matrix_event *events;
	size_t n_events;
	/* End-to-end encryption: to_device.events (an array, or NULL), the
	 * device_lists object (changed/left, or NULL), and
	 * device_one_time_keys_count.signed_curve25519 (-1 when absent: the
	 * server sends it only when it changed, or always, depending). */
	const struct cJSON *to_device;
	const struct cJSON *device_lists;
	long otk_count;
	bool fallback_missing;    /* device_unused_fallback_key_types lacks ours */
	void *tree;               /* internal: the parse tree the strings live in */
};

/* Parses body[0..len) as the /sync response of user `self_id` (used to find
 * our own join and member events). Returns a new matrix_sync (free with
 * matrix_sync_free), or NULL when the body is not a JSON object with a
 * string next_batch, or memory ran out. */
struct matrix_sync *matrix_sync_parse(const char *body, size_t len, const char *self_id);

/* Frees a parse result and every string it points to. NULL-safe. */
void matrix_sync_free(struct matrix_sync *s);

#endif
