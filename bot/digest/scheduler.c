#include "bot/digest/scheduler.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bot/config.h"
#include "bot/digest/duequeue.h"
#include "bot/digest/schedule.h"
#include "bot/digest/tz.h"
#include "bot/metrics.h"
#include "bot/net/backoff.h"
#include "bot/store.h"
#include "commands/digest_post.h"
#include "common/error.h"

#define COMPONENT "digest"
#define MAX_COUNTED 100000       /* missed slots counted one by one, at most */
#define RETRY_BASE_MS 2000
#define RETRY_CAP_MS 600000

enum crash_point { CRASH_NONE, CRASH_BEFORE_SEND, CRASH_AFTER_SEND, CRASH_AFTER_RECORD };

struct ssub {
	struct scheduler *s;
	struct ssub *next;
	int64_t id;
	enum platform platform;
	char *room;
	struct schedule *sched;
	int64_t slot_ms;        /* the slot to post next */
	bool catch_up;          /* slot_ms is a late, catch-up post */
	bool resumed;           /* slot_ms was pending at start: a send a crash cut */
	bool paused;
	bool busy;              /* a post is in flight */
	bool waiting;           /* due while its platform was down */
	bool removed;           /* unsubscribed while busy: free when done */
	struct backoff bo;
};

struct inflight;

struct scheduler {
	struct scheduler_env env;
	struct inflight *inflight; /* posts sent, not answered: freed at the end
				    * (a stopped adapter answers none) */
	struct tz_cache *zones;
	struct duequeue *due;
	struct ssub *subs;
	uv_timer_t timer;
	bool timer_ready, stopping;
	bool up[PLATFORM_COUNT];
	uint64_t rng;
	int64_t catch_up_ms;
	enum digest_when_empty when_empty;
	enum crash_point crash_at;
	long crash_nth;
	long crash_count[4];
};

/* ---- small helpers ---- */

int scheduler_idem_key(int64_t id, int64_t slot_ms, char *out, size_t n)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char a[16], b[16];
	size_t na = 0, nb = 0;
	if (id < 0 || slot_ms < 0 || n < 21)
		return BB_EINVAL;
	uint64_t v = (uint64_t)id;
	do {
		a[na++] = digits[v % 36];
		v /= 36;
	} while (v);
	v = (uint64_t)(slot_ms / 60000);
	do {
		b[nb++] = digits[v % 36];
		v /= 36;
	} while (v);
	if (na + 1 + nb > 20)
		return BB_EINVAL; /* ids past 36^12: never from SQLite's rowids in practice */
	size_t k = 0;
	while (na)
		out[k++] = a[--na];
	out[k++] = '.';
	while (nb)
		out[k++] = b[--nb];
	out[k] = '\0';
	return 0;
}

static int64_t now_ms(const struct scheduler *s)
{
	return s->env.now_ms(s->env.app);
}

static int platform_from_name(const char *name, size_t len)
{
	for (int p = 0; p < PLATFORM_COUNT; p++)
		if (strlen(platform_name(p)) == len && strncmp(platform_name(p), name, len) == 0)
			return p;
	return -1;
}

static void schedule_defaults_of(const struct config *cfg, struct schedule_defaults *d)
{
	*d = (struct schedule_defaults){
		.when = "daily",
		.time = config_str(cfg, CONFIG_DIGEST_DEFAULT_TIME),
		.tz = config_str(cfg, CONFIG_DIGEST_DEFAULT_TIMEZONE),
	};
}

static void crash_point(struct scheduler *s, enum crash_point at)
{
	if (s->crash_at != at)
		return;
	if (++s->crash_count[at] == s->crash_nth) {
		log_msg(s->env.log, LOG_WARN, COMPONENT, "test crash point reached: SIGKILL");
		raise(SIGKILL);
	}
}

static void parse_crash_env(struct scheduler *s)
{
	static const char *const names[] = { "", "before_send", "after_send", "after_record" };
	const char *v = getenv("BRIEFBOT_TEST_CRASH_AT");
	if (!v || !*v)
		return;
	size_t len = strcspn(v, ":");
	for (int i = 1; i < 4; i++)
		if (strlen(names[i]) == len && strncmp(v, names[i], len) == 0)
			s->crash_at = (enum crash_point)i;
	s->crash_nth = 1;
	if (v[len] == ':') {
		char *end;
		long n = strtol(v + len + 1, &end, 10);
		if (end != v + len + 1 && *end == '\0' && n > 0)
			s->crash_nth = n;
	}
	if (s->crash_at != CRASH_NONE)
		log_msg(s->env.log, LOG_WARN, COMPONENT,
			"BRIEFBOT_TEST_CRASH_AT=%s: this process will kill itself (tests only)", v);
}

/* ---- subscriptions in memory ---- */

static struct ssub *find(struct scheduler *s, int64_t id)
{
	for (struct ssub *u = s->subs; u; u = u->next)
		if (u->id == id)
			return u;
	return NULL;
}

static void ssub_free(struct ssub *u)
{
	if (!u)
		return;
	schedule_free(u->sched);
	free(u->room);
	free(u);
}

static void unlink_sub(struct scheduler *s, struct ssub *u)
{
	for (struct ssub **p = &s->subs; *p; p = &(*p)->next) {
		if (*p == u) {
			*p = u->next;
			return;
		}
	}
}

static void arm(struct scheduler *s);

static void queue_at(struct scheduler *s, struct ssub *u, int64_t due_ms)
{
	if (duequeue_update(s->due, u->id, due_ms) == BB_ENOTFOUND)
		duequeue_push(s->due, u->id, due_ms);
}

/* Counts the slots in (after_ms, upto_ms] and returns how many, at most
 * MAX_COUNTED. */
static int64_t count_slots(const struct schedule *sc, int64_t after_ms, int64_t upto_ms)
{
	int64_t n = 0;
	int64_t t = schedule_next(sc, after_ms / 1000);
	while (t != SCHEDULE_NONE && t * 1000 <= upto_ms && n < MAX_COUNTED) {
		n++;
		t = schedule_next(sc, t);
	}
	return n;
}

/* Chooses u's next slot after `last_ms` (the slot posted last, or when it
 * was created) at time now: the latest passed slot as a catch-up post when
 * `late_ok` and it is younger than catch_up, with the older passed ones
 * counted as missed; else the next slot to come, every passed one missed. */
static void plan(struct scheduler *s, struct ssub *u, int64_t last_ms, int64_t now, bool late_ok)
{
	int64_t prev = schedule_prev(u->sched, now / 1000);
	int64_t missed = 0;
	u->catch_up = false;
	if (prev != SCHEDULE_NONE && prev * 1000 > last_ms) {
		missed = count_slots(u->sched, last_ms, now);
		if (late_ok && now - prev * 1000 <= s->catch_up_ms) {
			u->slot_ms = prev * 1000;
			u->catch_up = true;
			missed--;
		}
	}
	if (!u->catch_up) {
		int64_t next = schedule_next(u->sched, now / 1000);
		u->slot_ms = next == SCHEDULE_NONE ? INT64_MAX : next * 1000;
	}
	if (missed > 0) {
		log_msg(s->env.log, LOG_WARN, COMPONENT,
			"subscription %" PRId64 " (%s %s): %" PRId64 " slot%s skipped (older than "
			"catch_up or while another was late)", u->id, platform_name(u->platform),
			u->room, missed, missed == 1 ? "" : "s");
		store_sub_add_missed(s->env.store, u->id, missed);
	}
	queue_at(s, u, u->catch_up ? now : u->slot_ms);
}

/* Adds subscription `row` to the schedule. `recover`: it comes from the
 * store at start, so a pending slot is re-sent and passed slots caught up. */
static int add_sub(struct scheduler *s, const struct store_sub *row, bool recover)
{
	int p = platform_from_name(row->platform, strlen(row->platform));
	if (p < 0 || !s->env.enabled[p] || !config_bool(s->env.cfg, CONFIG_DIGEST_ENABLED))
		return 0; /* its platform or digests are off: the subscription waits */
	struct strbuf err = {0};
	struct schedule_defaults d;
	schedule_defaults_of(s->env.cfg, &d);
	struct ssub *u = calloc(1, sizeof *u);
	if (!u || !(u->room = strdup(row->room))) {
		ssub_free(u);
		return BB_ENOMEM;
	}
	int rc = schedule_parse_cached(row->cron, &d, s->zones, &u->sched, &err);
	if (rc < 0) {
		log_msg(s->env.log, LOG_ERROR, COMPONENT, "subscription %" PRId64 ": schedule "
			"\"%s\": %s", row->id, row->cron, strbuf_str(&err));
		strbuf_free(&err);
		ssub_free(u);
		return rc;
	}
	strbuf_free(&err);
	u->s = s;
	u->id = row->id;
	u->platform = (enum platform)p;
	u->paused = row->paused[0] != '\0';
	backoff_init(&u->bo, RETRY_BASE_MS, RETRY_CAP_MS);
	u->next = s->subs;
	s->subs = u;
	if (u->paused)
		return 0;
	int64_t now = now_ms(s);
	if (recover && row->pending_slot_ms > 0) {
		/* A send a crash interrupted: again, with the same key. */
		u->slot_ms = row->pending_slot_ms;
		u->catch_up = true;
		u->resumed = true;
		queue_at(s, u, now);
		return 0;
	}
	int64_t last = row->last_slot_ms > row->created_ms ? row->last_slot_ms : row->created_ms;
	plan(s, u, last, now, recover);
	return 0;
}

/* ---- posting ---- */

static void post_slot(struct scheduler *s, struct ssub *u);

static void on_posted(void *user, int rc, const char *message_id);

struct inflight {
	struct ssub *u;
	int64_t slot_ms;
	char *articles;
	struct inflight *next;
};

static void inflight_drop(struct scheduler *s, struct inflight *f)
{
	for (struct inflight **p = &s->inflight; *p; p = &(*p)->next) {
		if (*p == f) {
			*p = f->next;
			break;
		}
	}
	free(f->articles);
	free(f);
}

static void retry_later(struct scheduler *s, struct ssub *u, const char *why)
{
	uint32_t delay = backoff_next_ms(&u->bo, backoff_rand_u32(&s->rng));
	log_msg(s->env.log, LOG_WARN, COMPONENT, "subscription %" PRId64 ": slot %" PRId64
		" not posted (%s); again in %u ms", u->id, u->slot_ms, why, delay);
	queue_at(s, u, now_ms(s) + delay);
}

static void pause_sub(struct scheduler *s, struct ssub *u, const char *why)
{
	u->paused = true;
	duequeue_remove(s->due, u->id);
	log_msg(s->env.log, LOG_WARN, COMPONENT, "subscription %" PRId64 " (%s %s) paused: %s",
		u->id, platform_name(u->platform), u->room, why);
	store_sub_pause(s->env.store, u->id, why);
}

static void post_slot(struct scheduler *s, struct ssub *u)
{
	char key[32];
	int64_t now = now_ms(s);
	if (!s->up[u->platform]) {
		u->waiting = true; /* goes when the platform is connected */
		return;
	}
	if (scheduler_idem_key(u->id, u->slot_ms, key, sizeof key) < 0) {
		pause_sub(s, u, "no idempotency key fits its id and slot");
		return;
	}
	bool was_pending = false;
	int rc = store_digest_pending(s->env.store, u->id, u->slot_ms, key, now, &was_pending);
	if (rc == BB_EEXIST) {
		/* Posted already (a restart raced nothing: the store says so). */
		plan(s, u, u->slot_ms, now, false);
		return;
	}
	if (rc == BB_ENOTFOUND) {
		duequeue_remove(s->due, u->id);
		unlink_sub(s, u);
		ssub_free(u);
		return;
	}
	if (rc < 0) {
		retry_later(s, u, store_errmsg(s->env.store));
		return;
	}
	struct store_sub row;
	struct store_room_digest rd = {0};
	struct strbuf covered = {0};
	struct reply reply = {0};
	const struct kb *kb = s->env.kb(s->env.app);
	if (store_sub_get(s->env.store, u->id, &row) < 0) {
		retry_later(s, u, "cannot read the subscription");
		return;
	}
	store_room_digest_get(s->env.store, platform_name(u->platform), u->room, &rd);
	struct digest_request req = {
		.platform = platform_name(u->platform), .room = u->room, .slot_ms = u->slot_ms,
		.prev_slot_ms = rd.slot_ms, .prev_articles = rd.articles, .missed = row.missed,
		.catch_up = u->catch_up, .when_empty = s->when_empty,
	};
	rc = kb ? digest_post_build(kb, &req, &reply, &covered) : BB_EINVAL;
	struct inflight *f = rc >= 0 ? calloc(1, sizeof *f) : NULL;
	if (f) {
		f->u = u;
		f->slot_ms = u->slot_ms;
		f->articles = strbuf_steal(&covered);
	}
	store_sub_clear(&row);
	free(rd.articles);
	strbuf_free(&covered);
	if (!f) {
		reply_free(&reply);
		retry_later(s, u, kb ? "out of memory" : "no knowledge base");
		return;
	}
	log_msg(s->env.log, LOG_INFO, COMPONENT, "subscription %" PRId64 ": posting slot %" PRId64
		" to %s %s (key %s%s)", u->id, u->slot_ms, platform_name(u->platform), u->room,
		key, was_pending ? ", again after a restart" : "");
	u->busy = true;
	f->next = s->inflight;
	s->inflight = f;
	if (rc == DIGEST_NOTHING) {
		/* Nothing new and [digest] when_empty = skip: the slot is done
		 * with nothing sent, recorded like a post. */
		reply_free(&reply);
		on_posted(f, 0, NULL);
		return;
	}
	crash_point(s, CRASH_BEFORE_SEND);
	rc = s->env.post(s->env.app, u->platform, u->room, &reply, key, on_posted, f);
	reply_free(&reply);
	if (rc < 0) {
		u->busy = false;
		inflight_drop(s, f);
		retry_later(s, u, bb_strerror(rc));
	}
}

static void on_posted(void *user, int rc, const char *message_id)
{
	struct inflight *f = user;
	struct ssub *u = f->u;
	struct scheduler *s = u->s;
	u->busy = false;
	if (rc == 0)
		crash_point(s, CRASH_AFTER_SEND);
	if (u->removed) {
		ssub_free(u);
	} else if (rc == 0) {
		int err = store_digest_posted(s->env.store, u->id, f->slot_ms, message_id,
					      f->articles, now_ms(s));
		if (err < 0)
			log_msg(s->env.log, LOG_ERROR, COMPONENT, "subscription %" PRId64 ": slot %"
				PRId64 " posted as %s but not recorded: %s", u->id, f->slot_ms,
				message_id ? message_id : "?", store_errmsg(s->env.store));
		crash_point(s, CRASH_AFTER_RECORD);
		log_msg(s->env.log, LOG_INFO, COMPONENT, "subscription %" PRId64 ": slot %" PRId64
			" posted (%s)", u->id, f->slot_ms, message_id ? message_id : "");
		if (message_id) /* not a slot skipped with nothing new */
			metrics_inc(s->env.metrics, METRIC_DIGEST_POSTS, platform_name(u->platform));
		backoff_reset(&u->bo);
		/* Slots that passed while this one was late are skipped, not
		 * posted in a burst -- unless this was the send a crash cut:
		 * then the latest passed slot still gets its catch-up, as it
		 * would have without that pending one. */
		plan(s, u, f->slot_ms, now_ms(s), u->resumed);
		u->resumed = false;
	} else if (rc == BB_EGONE) {
		pause_sub(s, u, "cannot post there any more (deleted, no access, or left)");
	} else {
		retry_later(s, u, bb_strerror(rc));
	}
	inflight_drop(s, f);
	if (!s->stopping)
		arm(s);
}

/* ---- the timer ---- */

static void on_timer(uv_timer_t *t)
{
	struct scheduler *s = t->data;
	int64_t now = now_ms(s);
	int64_t id, due;
	while (!s->stopping && duequeue_peek(s->due, &id, &due) && due <= now) {
		duequeue_pop(s->due, NULL, NULL);
		struct ssub *u = find(s, id);
		if (u && !u->busy && !u->paused)
			post_slot(s, u);
	}
	arm(s);
}

static void arm(struct scheduler *s)
{
	if (!s->timer_ready || s->stopping)
		return;
	int64_t due;
	if (!duequeue_peek(s->due, NULL, &due)) {
		uv_timer_stop(&s->timer);
		return;
	}
	int64_t wait = due - now_ms(s);
	if (wait < 0)
		wait = 0;
	/* uv timers count on the monotonic clock; a long wait is re-checked
	 * against the wall clock once a day in case the two drift. */
	if (wait > 86400000)
		wait = 86400000;
	uv_timer_start(&s->timer, on_timer, (uint64_t)wait, 0);
}

void scheduler_platform_up(struct scheduler *s, enum platform platform, bool up)
{
	if (!s || platform >= PLATFORM_COUNT)
		return;
	s->up[platform] = up;
	if (!up || s->stopping)
		return;
	int64_t now = now_ms(s);
	for (struct ssub *u = s->subs; u; u = u->next) {
		if (u->platform == platform && u->waiting) {
			u->waiting = false;
			queue_at(s, u, now);
		}
	}
	arm(s);
}

void scheduler_clock_changed(struct scheduler *s)
{
	if (s && !s->stopping)
		arm(s);
}

/* ---- subscriptions declared in the config ---- */

/* Adds the config's subscriptions to the store and removes config-declared
 * ones no longer there. */
static void sync_config(struct scheduler *s)
{
	const char *const *lines;
	size_t n = config_list(s->env.cfg, CONFIG_DIGEST_SUBSCRIPTION, &lines);
	struct schedule_defaults d;
	schedule_defaults_of(s->env.cfg, &d);
	struct store_sub *rows = NULL;
	size_t nrows = 0;
	bool *keep = NULL;
	if (store_sub_list(s->env.store, NULL, NULL, &rows, &nrows) < 0)
		return;
	keep = calloc(nrows + 1, sizeof *keep);
	for (size_t i = 0; i < n && keep; i++) {
		struct strbuf err = {0};
		struct config_subscription cs;
		struct schedule *sc = NULL;
		int p = -1;
		if (config_subscription_split(lines[i], &cs, &err) == 0)
			p = platform_from_name(cs.platform, cs.platform_len);
		if (p < 0 || schedule_parse_cached(cs.spec, &d, s->zones, &sc, &err) < 0) {
			log_msg(s->env.log, LOG_ERROR, COMPONENT, "[digest] subscription %zu: %s",
				i + 1, strbuf_str(&err));
			strbuf_free(&err);
			continue;
		}
		char *roomz = strndup(cs.room, cs.room_len);
		const char *text = schedule_text(sc);
		const char *tzn = tz_name(schedule_tz(sc));
		bool found = false;
		for (size_t j = 0; j < nrows && roomz; j++) {
			if (strcmp(rows[j].platform, platform_name(p)) == 0 &&
			    strcmp(rows[j].room, roomz) == 0 && strcmp(rows[j].cron, text) == 0 &&
			    strcmp(rows[j].tz, tzn) == 0) {
				keep[j] = true;
				found = true;
			}
		}
		if (!found && roomz) {
			struct store_sub row = {
				.platform = (char *)platform_name(p), .room = roomz,
				.cron = (char *)text, .tz = (char *)tzn, .created_by = (char *)"config",
				.created_ms = now_ms(s), .source = (char *)"config",
			};
			store_sub_add(s->env.store, &row, NULL);
		}
		free(roomz);
		schedule_free(sc);
		strbuf_free(&err);
	}
	for (size_t j = 0; j < nrows && keep; j++) {
		if (!keep[j] && strcmp(rows[j].source, "config") == 0) {
			log_msg(s->env.log, LOG_INFO, COMPONENT, "subscription %" PRId64 " is no "
				"longer in the config: removed", rows[j].id);
			store_sub_remove(s->env.store, rows[j].id);
		}
	}
	free(keep);
	store_sub_list_free(rows, nrows);
}

/* ---- life cycle ---- */

struct scheduler *scheduler_new(const struct scheduler_env *env, struct strbuf *err)
{
	struct scheduler *s = calloc(1, sizeof *s);
	if (!s) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	s->env = *env;
	s->rng = uv_hrtime() ^ ((uint64_t)(uintptr_t)s << 16);
	s->catch_up_ms = (int64_t)config_int(env->cfg, CONFIG_DIGEST_CATCH_UP_MINUTES) * 60000;
	/* The config check allows only note|skip, so this cannot fail. */
	digest_when_empty_parse(config_str(env->cfg, CONFIG_DIGEST_WHEN_EMPTY), &s->when_empty);
	s->zones = tz_cache_new(config_str(env->cfg, CONFIG_DIGEST_ZONEINFO_DIR));
	s->due = duequeue_new();
	if (!s->zones || !s->due) {
		strbuf_puts(err, "out of memory\n");
		scheduler_free(s);
		return NULL;
	}
	parse_crash_env(s);
	return s;
}

int scheduler_start(struct scheduler *s)
{
	uv_timer_init(s->env.loop, &s->timer);
	s->timer.data = s;
	s->timer_ready = true;
	if (!config_bool(s->env.cfg, CONFIG_DIGEST_ENABLED)) {
		log_msg(s->env.log, LOG_INFO, COMPONENT, "[digest] enabled = false: no digests");
		return 0;
	}
	sync_config(s);
	struct store_sub *rows = NULL;
	size_t n = 0;
	int rc = store_sub_list(s->env.store, NULL, NULL, &rows, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		add_sub(s, &rows[i], true);
	store_sub_list_free(rows, n);
	log_msg(s->env.log, LOG_INFO, COMPONENT, "%zu subscription%s scheduled",
		duequeue_count(s->due), duequeue_count(s->due) == 1 ? "" : "s");
	arm(s);
	return 0;
}

void scheduler_stop(struct scheduler *s)
{
	if (!s || s->stopping)
		return;
	s->stopping = true;
	if (s->timer_ready) {
		uv_timer_stop(&s->timer);
		uv_close((uv_handle_t *)&s->timer, NULL);
	}
}

void scheduler_free(struct scheduler *s)
{
	if (!s)
		return;
	while (s->inflight) {
		struct inflight *f = s->inflight;
		if (f->u->removed)
			ssub_free(f->u); /* unsubscribed while its post was out */
		inflight_drop(s, f);
	}
	while (s->subs) {
		struct ssub *u = s->subs;
		s->subs = u->next;
		ssub_free(u);
	}
	duequeue_free(s->due);
	tz_cache_free(s->zones);
	free(s);
}

/* ---- managing subscriptions from chat ---- */

static void refuse(struct reply *out, const char *text)
{
	reply_set_kind(out, REPLY_ERROR);
	reply_add_paragraph(out, text);
}

int scheduler_subscribe(struct scheduler *s, const struct bot_message *m, const char *spec,
			struct reply *out)
{
	struct strbuf err = {0}, when = {0};
	struct schedule_defaults d;
	struct schedule *sc = NULL;
	struct store_sub *rows = NULL;
	size_t n = 0;
	schedule_defaults_of(s->env.cfg, &d);
	int rc = schedule_parse_cached(spec ? spec : "", &d, s->zones, &sc, &err);
	if (rc == BB_ENOMEM)
		goto out;
	if (rc < 0) {
		refuse(out, strbuf_str(&err));
		rc = 0;
		goto out;
	}
	const char *platform = platform_name(m->platform);
	rc = store_sub_list(s->env.store, platform, m->room_id, &rows, &n);
	if (rc < 0)
		goto out;
	long max = config_int(s->env.cfg, CONFIG_DIGEST_MAX_PER_ROOM);
	if ((long)n >= max) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "This room already has %zu digest subscription%s, the "
				     "most it may have ([digest] max_per_room = %ld). Remove one "
				     "first: digest list, then digest unsubscribe ID.",
				     n, n == 1 ? "" : "s", max);
		goto out;
	}
	struct store_sub row = {
		.platform = (char *)platform, .room = (char *)m->room_id,
		.cron = (char *)schedule_text(sc), .tz = (char *)tz_name(schedule_tz(sc)),
		.created_by = (char *)(m->author_id ? m->author_id : "?"),
		.created_ms = now_ms(s), .source = (char *)"chat",
	};
	int64_t id = 0;
	rc = store_sub_add(s->env.store, &row, &id);
	schedule_describe(sc, &when);
	if (rc == BB_EEXIST) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "This room is already subscribed %s: see digest list.",
				     strbuf_str(&when));
		rc = 0;
		goto out;
	}
	if (rc < 0)
		goto out;
	struct store_sub got;
	if (store_sub_get(s->env.store, id, &got) == 0) {
		add_sub(s, &got, false);
		store_sub_clear(&got);
		arm(s);
	}
	reply_set_title(out, "Digest subscribed");
	reply_add_paragraphf(out, "Subscription %" PRId64 ": a digest %s. Remove it with digest "
			     "unsubscribe %" PRId64 ".", id, strbuf_str(&when), id);
out:
	store_sub_list_free(rows, n);
	schedule_free(sc);
	strbuf_free(&err);
	strbuf_free(&when);
	return rc == BB_ENOMEM ? rc : 0;
}

int scheduler_list(struct scheduler *s, const struct bot_message *m, struct reply *out)
{
	struct store_sub *rows = NULL;
	size_t n = 0;
	int rc = store_sub_list(s->env.store, platform_name(m->platform), m->room_id, &rows, &n);
	if (rc < 0)
		return rc == BB_ENOMEM ? rc : 0;
	reply_set_title(out, "Digest subscriptions");
	if (n == 0)
		reply_add_paragraph(out, "This room has none. Add one with digest subscribe "
				    "[daily|weekdays|weekly DAY|CRON] [HH:MM] [TIMEZONE].");
	struct strbuf sb = {0};
	for (size_t i = 0; i < n; i++) {
		strbuf_truncate(&sb, 0);
		strbuf_printf(&sb, "%" PRId64 ": %s", rows[i].id, rows[i].cron);
		struct ssub *u = find(s, rows[i].id);
		if (rows[i].paused[0])
			strbuf_printf(&sb, " — paused: %s", rows[i].paused);
		else if (u && u->slot_ms != INT64_MAX) {
			int y, mo, d, h, mi;
			const struct tz *z = schedule_tz(u->sched);
			tz_utc_to_local(z, u->slot_ms / 1000, &y, &mo, &d, &h, &mi, NULL, NULL);
			strbuf_printf(&sb, " — next %04d-%02d-%02d %02d:%02d %s", y, mo, d, h, mi,
				      tz_abbrev_at(z, u->slot_ms / 1000));
		}
		if (strcmp(rows[i].source, "config") == 0)
			strbuf_puts(&sb, " (from the config file)");
		reply_add_item(out, strbuf_str(&sb));
	}
	if (strbuf_failed(&sb))
		out->failed = true;
	strbuf_free(&sb);
	store_sub_list_free(rows, n);
	return 0;
}

int scheduler_unsubscribe(struct scheduler *s, const struct bot_message *m, const char *id_text,
			  struct reply *out)
{
	char *end = NULL;
	long long id = id_text ? strtoll(id_text, &end, 10) : 0;
	if (!id_text || end == id_text || *end != '\0' || id <= 0) {
		refuse(out, "Which one? Type digest unsubscribe ID with the number digest list "
		       "shows.");
		return 0;
	}
	struct store_sub row;
	int rc = store_sub_get(s->env.store, id, &row);
	if (rc == 0 && (strcmp(row.platform, platform_name(m->platform)) != 0 ||
			strcmp(row.room, m->room_id ? m->room_id : "") != 0))
		rc = BB_ENOTFOUND; /* another room's: not ours to touch */
	if (rc == BB_ENOTFOUND) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "This room has no subscription %s: see digest list.",
				     id_text);
		store_sub_clear(&row);
		return 0;
	}
	bool from_config = rc == 0 && strcmp(row.source, "config") == 0;
	store_sub_clear(&row);
	if (rc < 0)
		return rc == BB_ENOMEM ? rc : 0;
	if (from_config) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "Subscription %s comes from the config file: remove its "
				     "subscription line there.", id_text);
		return 0;
	}
	rc = store_sub_remove(s->env.store, id);
	struct ssub *u = find(s, id);
	if (u) {
		duequeue_remove(s->due, id);
		unlink_sub(s, u);
		if (u->busy)
			u->removed = true; /* freed when its post returns */
		else
			ssub_free(u);
		arm(s);
	}
	reply_add_paragraphf(out, "Subscription %s removed.", id_text);
	return 0;
}
