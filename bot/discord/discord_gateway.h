/* The Discord gateway v10 protocol as a pure state machine: no sockets, no
 * clock, no randomness of its own. The caller feeds it what happens on one
 * shard's websocket (opened, a payload arrived, closed, time passed) and it
 * answers through struct dgw_ops: frames to send, dispatches to handle, a
 * connection to close, an IDENTIFY slot to ask for, a session to persist.
 *
 *   HELLO -> IDENTIFY (or RESUME with a saved session) -> READY / RESUMED
 *   heartbeats: the first after interval * random, then every interval; a
 *   beat due while the previous one has no ACK and nothing at all arrived
 *   since it was sent gets a grace (min(interval, 5 s): the process may have
 *   been paused and not read yet); still nothing by then means a zombie
 *   connection: close (non-1000 code, session kept) and RESUME.  Data
 *   arriving shows the connection alive even when the ACK sits behind it.
 *   A connection without HELLO 30 s after opening is closed (RESUME).
 *   op 1 -> beat at once; op 7 -> close and RESUME; op 9 d=true -> RESUME,
 *   d=false -> forget the session, IDENTIFY after 1-5 s.
 *   Close codes are sorted into resume / new session / stop by one table
 *   (dgw_close_rule()).
 *   Sends stay under 120 per 60 s (a few slots kept for heartbeats);
 *   frames over the budget wait in a queue, sent from dgw_tick().
 *   Reconnect delays back off exponentially with full jitter up to a cap,
 *   reset by READY or RESUMED.
 *
 * Times are milliseconds of any monotonic clock, passed in. */
#ifndef BB_DISCORD_GATEWAY_H
#define BB_DISCORD_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/jscan.h"

struct cJSON;

/* Gateway intents (bit numbers from Discord's documentation). */
enum {
	DGW_INTENT_GUILDS = 1 << 0,
	DGW_INTENT_GUILD_MESSAGES = 1 << 9,
	DGW_INTENT_DIRECT_MESSAGES = 1 << 12,
	DGW_INTENT_MESSAGE_CONTENT = 1 << 15,
	DGW_INTENTS_DEFAULT = DGW_INTENT_GUILDS | DGW_INTENT_GUILD_MESSAGES |
			      DGW_INTENT_DIRECT_MESSAGES | DGW_INTENT_MESSAGE_CONTENT,
};

/* Gateway opcodes. */
enum {
	DGW_OP_DISPATCH = 0,
	DGW_OP_HEARTBEAT = 1,
	DGW_OP_IDENTIFY = 2,
	DGW_OP_PRESENCE = 3,
	DGW_OP_RESUME = 6,
	DGW_OP_RECONNECT = 7,
	DGW_OP_INVALID_SESSION = 9,
	DGW_OP_HELLO = 10,
	DGW_OP_HEARTBEAT_ACK = 11,
};

/* What to do after a connection ends. */
enum dgw_close_class {
	DGW_RESUME,      /* reconnect and RESUME the session */
	DGW_NEW_SESSION, /* reconnect and IDENTIFY afresh */
	DGW_STOP,        /* do not reconnect: the user must fix something */
};

struct dgw_close_rule {
	int code;
	enum dgw_close_class what;
	const char *meaning;  /* Discord's name for the code */
	const char *fix;      /* for DGW_STOP: what the user must do */
};

/* Returns the rule for close `code` from the one table of close codes.
 * Codes not in the table (1000, 1001, 1006, others) get a shared RESUME
 * rule whose code is 0. Never NULL. */
const struct dgw_close_rule *dgw_close_rule(int code);

/* The code this module closes with when it wants to RESUME afterwards
 * (not 1000/1001, which would end the session at Discord). */
#define DGW_CLOSE_FOR_RESUME 4000
/* The code for a reconnect that starts a new session. */
#define DGW_CLOSE_FOR_NEW 1000

#define DGW_MAX_SCAN_FIELDS (JSCAN_MAX_FIELDS - 4)

struct dgw_ops {
	/* Writes one text frame now (the budget is already checked). */
	void (*send)(void *user, const char *text, size_t len);
	/* A dispatch (op 0): event name (e.g. "MESSAGE_CREATE") and data. The
	 * JSON is valid only during the call. */
	void (*dispatch)(void *user, const char *event, const struct cJSON *d);
	/* Optional, tried first for every dispatch but READY and RESUMED: the
	 * same event with d read in place (a value of a payload jscan_check()
	 * accepted; zeroed when absent), valid only during the call.  Returns
	 * true when it handled the event; false, and `dispatch` gets it with d
	 * parsed.  Payloads jscan refuses go to `dispatch` only.  `fields`
	 * holds the values of scan_fields, noted while the payload was checked
	 * (one pass over it; zeroed when absent). */
	bool (*dispatch_scan)(void *user, const char *event, struct jscan d,
			      const struct jscan *fields);
	/* Members of d that dispatch_scan reads (parent -1: d itself), at most
	 * DGW_MAX_SCAN_FIELDS; may be NULL. */
	const struct jscan_field *scan_fields;
	size_t n_scan_fields;
	/* HELLO arrived and a fresh IDENTIFY is needed: the caller calls
	 * dgw_identify() when the session-start budget allows (at once, or
	 * later; IDENTIFYs of several shards are spaced by max_concurrency). */
	void (*want_identify)(void *user);
	/* Close the connection with `code`; dgw_on_close() follows. */
	void (*close)(void *user, int code, const char *reason);
	/* The session changed: READY (session_id and resume_url set) or the
	 * session was forgotten (session_id NULL). For persisting it; the
	 * sequence number moves on without a call (read dgw_seq()). NULL: not
	 * needed. */
	void (*session)(void *user, const char *session_id, const char *resume_url,
			int64_t seq);
};

struct dgw_options {
	const char *token;         /* without "Bot " */
	uint32_t intents;          /* 0: DGW_INTENTS_DEFAULT */
	int shard_id, shard_count; /* shard_count 0: no shard field in IDENTIFY */
	const char *status_text;   /* custom status, NULL or "": none */
	uint64_t seed;             /* randomness for jitter */
	uint32_t backoff_base_ms;  /* 0: 500 */
	uint32_t backoff_cap_ms;   /* 0: 60000 */
	int send_limit;            /* frames per window; 0: 120 */
	int64_t send_window_ms;    /* 0: 60000 */
};

/* Where the protocol stands on the current connection. */
enum dgw_state {
	DGW_DISCONNECTED, /* no connection */
	DGW_WAIT_HELLO,   /* connected, HELLO not seen yet */
	DGW_WAIT_IDENTIFY,/* HELLO seen, waiting for an IDENTIFY slot */
	DGW_STARTING,     /* IDENTIFY or RESUME sent, no READY/RESUMED yet */
	DGW_READY,        /* dispatches flowing */
	DGW_CLOSING,      /* we asked the caller to close */
};

/* After a connection ends: what to do next. */
struct dgw_plan {
	enum dgw_close_class what;
	uint32_t delay_ms;        /* wait this long before reconnecting */
	const char *message;      /* DGW_STOP: what to tell the user (static) */
	int code;                 /* the close code that decided it */
};

struct dgw;

/* Creates the machine; the strings of opts are copied, ops and user must
 * outlive it. Returns NULL on bad options or no memory. Free with
 * dgw_free(). */
struct dgw *dgw_new(const struct dgw_options *opts, const struct dgw_ops *ops, void *user);
void dgw_free(struct dgw *g);

/* Sets a saved session (from the store) so the next HELLO sends RESUME.
 * resume_url may be NULL. Returns 0 or BB_ENOMEM. */
int dgw_set_session(struct dgw *g, const char *session_id, const char *resume_url, int64_t seq);

/* The session to resume: id (NULL if none), resume_gateway_url (NULL if
 * none) and the last sequence number. Pointers valid until the next call
 * into g. */
const char *dgw_session_id(const struct dgw *g);
const char *dgw_resume_url(const struct dgw *g);
int64_t dgw_seq(const struct dgw *g);
enum dgw_state dgw_state(const struct dgw *g);

/* Milliseconds from the last acknowledged heartbeat to its ACK, or -1
 * before the first ACK. */
int64_t dgw_heartbeat_latency_ms(const struct dgw *g);

/* Whether the next connection should RESUME (a session is known). */
bool dgw_will_resume(const struct dgw *g);

/* A new connection is open (before HELLO). */
void dgw_on_open(struct dgw *g, int64_t now);

/* One complete payload (JSON text, decompressed). Returns 0, or BB_EPARSE
 * when it is not a gateway payload (the caller may ignore that). */
int dgw_on_payload(struct dgw *g, const char *json, size_t len, int64_t now);

/* Sends IDENTIFY now (the caller's session-start budget allows it).
 * Returns 0, or BB_EINVAL when no IDENTIFY is awaited. */
int dgw_identify(struct dgw *g, int64_t now);

/* Heartbeats, zombie detection and queued frames: call at (or after)
 * dgw_next_deadline(). */
void dgw_tick(struct dgw *g, int64_t now);

/* The next time dgw_tick() has work, or -1 if none. */
int64_t dgw_next_deadline(const struct dgw *g);

/* The connection ended with `code` (the peer's close code, ours, or 1006).
 * Returns the plan through *plan: if the machine itself asked for the
 * close (zombie, op 7, op 9), its own reason decides; otherwise the close
 * code table does. Forgets the session for DGW_NEW_SESSION. */
void dgw_on_close(struct dgw *g, int code, int64_t now, struct dgw_plan *plan);

/* Counts of what happened, for logs and tests. */
struct dgw_stats {
	uint64_t sent, heartbeats, acks, dispatches, identifies, resumes, zombies;
	uint64_t late_acks; /* beats sent while the previous ACK was behind data */
	uint64_t queued; /* frames that had to wait for the send budget */
};
void dgw_stats(const struct dgw *g, struct dgw_stats *out);

#endif
