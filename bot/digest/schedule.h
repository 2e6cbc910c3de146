/* Digest schedules: what a user types after `!digest subscribe`, parsed
 * once, and the slots it gives.
 *
 *     [daily | weekdays | weekly DAY | CRON] [HH:MM] [TIMEZONE]
 *
 * Every part is optional; a missing part comes from struct
 * schedule_defaults (the config's [digest] section). DAY is monday..sunday
 * or mon..sun in any case. CRON is a five-field cron expression (minute hour
 * day-of-month month day-of-week), in quotes or as five words, with lists,
 * ranges, steps ("0-59/15"; a star then "/15") and names ("0 8 * * 1-5",
 * 0 8 * * mon-fri); as in
 * Vixie cron, when both day fields are restricted a day matching either
 * one fires. HH:MM is 00:00 to 23:59 (also H:MM, 8am, 8:30pm). TIMEZONE is
 * an IANA name (Europe/London); slots are wall-clock times there.
 *
 * Pure: no clock, no globals. Times are unix seconds (UTC) passed in.
 * Each local slot time fires exactly once on each day it applies: a time
 * the clocks skip (spring forward) fires at the first valid moment after it;
 * a time that happens twice (fall back) fires at its first occurrence only.
 */
#ifndef BB_SCHEDULE_H
#define BB_SCHEDULE_H

#include <stdint.h>

#include "bot/digest/tz.h"
#include "common/strbuf.h"

/* Returned by schedule_next()/schedule_prev() when there is no such slot
 * (outside years 1..9999). */
#define SCHEDULE_NONE INT64_MIN
/* Longest schedule text accepted. */
#define SCHEDULE_TEXT_MAX 256

/* Defaults for the parts a user leaves out, each in the same syntax:
 * when = "daily" | "weekdays" | "weekly DAY" | a cron expression, time =
 * "HH:MM", tz = a zone name. A NULL struct or NULL member takes the built-in
 * default: daily, 08:00, UTC. */
struct schedule_defaults {
	const char *when;
	const char *time;
	const char *tz;
};

struct schedule;

/* Parses `text` (NULL or "" = all defaults) with zones loaded from
 * `zoneinfo_dir` (NULL: TZ_DEFAULT_DIR). On success stores a new schedule
 * in *out (schedule_free() it) and returns 0. On bad input returns BB_EINVAL
 * with one line in `err` saying what to type instead; BB_ENOMEM on
 * allocation failure. */
int schedule_parse(const char *text, const struct schedule_defaults *d,
	const char *zoneinfo_dir, struct schedule **out, struct strbuf *err);

/* As schedule_parse(), with zones taken from (and shared through) `zones`:
 * what a scheduler holding many subscriptions uses. */
int schedule_parse_cached(const char *text, const struct schedule_defaults *d,
	struct tz_cache *zones, struct schedule **out, struct strbuf *err);

/* NULL-safe. */
void schedule_free(struct schedule *s);

/* The first slot strictly after `after_s`, or SCHEDULE_NONE. */
int64_t schedule_next(const struct schedule *s, int64_t after_s);

/* The latest slot at or before `at_or_before_s` (for catching up after
 * downtime), or SCHEDULE_NONE. */
int64_t schedule_prev(const struct schedule *s, int64_t at_or_before_s);

/* Canonical text, accepted back by schedule_parse() unchanged (whatever the
 * defaults), e.g. "weekly monday 08:00 Europe/London", "daily 07:30 UTC",
 * "\"0 8 * * 1-5\" America/New_York". Valid while `s` lives. */
const char *schedule_text(const struct schedule *s);

/* Appends a description for people to `out`, e.g. "every Monday at 08:00
 * (Europe/London)", "weekdays at 07:30 (UTC)". */
void schedule_describe(const struct schedule *s, struct strbuf *out);

/* The schedule's time zone (borrowed; lives as long as `s`). */
const struct tz *schedule_tz(const struct schedule *s);

#endif
