/* IANA time zones read from the system's tzdata (TZif files, RFC 8536)
 * without touching the process-wide TZ: no setenv, no tzset, no localtime.
 *
 * Pure apart from tz_load()/tz_suggest() reading files: every function takes
 * the instant it works on as an argument (unix seconds, UTC). A loaded zone
 * answers for all time: from its transition table, then from the POSIX TZ
 * string in the file's footer for instants after the last transition.
 *
 * A struct tz is reference counted (single-threaded): tz_ref() adds a
 * holder, tz_free() drops one and frees the zone with the last. A tz_cache
 * keeps one parsed zone per name, so many schedules in few zones share them.
 */
#ifndef BB_TZ_H
#define BB_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

/* The default tzdata directory (Debian package tzdata). */
#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
/* Longest time zone name accepted. */
#define TZ_NAME_MAX 64

/* Which instant a local time that happens twice (clocks fall back) means. */
enum tz_fold {
	TZ_FOLD_EARLIER = 0, /* the first occurrence (before the change) */
	TZ_FOLD_LATER = 1,   /* the second occurrence (after the change) */
};

struct tz;

/* Returns true when `name` is a syntactically valid zone name: 1 to
 * TZ_NAME_MAX characters of [A-Za-z0-9_+-/], not starting or ending with
 * '/', no empty component, no "." or ".." component. Says nothing about
 * whether the zone exists. */
bool tz_name_valid(const char *name);

/* Returns true when `name` is a valid name with a regular file under
 * `zoneinfo_dir` (NULL: TZ_DEFAULT_DIR); it may still fail to parse. */
bool tz_exists(const char *name, const char *zoneinfo_dir);

/* Loads zone `name` from `zoneinfo_dir` (NULL: TZ_DEFAULT_DIR). Returns a new
 * zone (tz_free() it), or NULL with one line in `err` (if non-NULL) saying
 * why: an invalid or unknown name, an unreadable or malformed file. The name
 * is matched exactly (case-sensitive); tz_suggest() finds near names. */
struct tz *tz_load(const char *name, const char *zoneinfo_dir, struct strbuf *err);

/* Parses TZif bytes (v1, v2 or v3; at most 1 MiB) into a zone called
 * `name`. Returns a new zone or NULL with one line in `err`. tz_load() reads
 * the file and calls this; the fuzz target calls it directly. */
struct tz *tz_parse(const char *name, const uint8_t *data, size_t len, struct strbuf *err);

/* Adds a holder to `z` and returns it (NULL-safe). */
struct tz *tz_ref(struct tz *z);
/* Drops one holder; frees the zone with the last. NULL-safe. */
void tz_free(struct tz *z);

/* The zone's name as loaded, e.g. "Europe/London". */
const char *tz_name(const struct tz *z);

/* The UTC offset in seconds (east positive) at instant `unix_s`. */
int32_t tz_offset_at(const struct tz *z, int64_t unix_s);

/* The abbreviation in force at `unix_s` ("BST", "EST", "+03"); static to the
 * zone, valid while it lives. */
const char *tz_abbrev_at(const struct tz *z, int64_t unix_s);

/* The first instant after `unix_s` at which the UTC offset changes, or
 * INT64_MAX when it never changes again. */
int64_t tz_next_change(const struct tz *z, int64_t unix_s);

/* The instant (unix seconds) at which the wall clock in `z` reads
 * year-mon-mday hour:min:00 (mon 1-12, mday 1-31, hour 0-23, min 0-59; days
 * past the month's end roll over as in mktime). A local time that does not
 * exist (clocks spring forward over it) maps to the instant the clocks
 * change, the first valid moment after it (New York 02:30 on 2026-03-08 ->
 * 03:00 EDT); a local time that happens twice maps to the occurrence `fold`
 * picks. Years outside 1..9999 return INT64_MIN. */
int64_t tz_local_to_utc(const struct tz *z, int year, int mon, int mday,
	int hour, int min, enum tz_fold fold);

/* The wall clock in `z` at `unix_s`: fills year, mon (1-12), mday, hour, min,
 * sec and wday (0 = Sunday); any pointer may be NULL. */
void tz_utc_to_local(const struct tz *z, int64_t unix_s, int *year, int *mon,
	int *mday, int *hour, int *min, int *sec, int *wday);

/* Calendar arithmetic (proleptic Gregorian), shared with the schedule:
 * the day number (days since 1970-01-01) of a date, the date of a day
 * number, the length of a month, the weekday (0 = Sunday) of a day number. */
int64_t tz_days_from_civil(int64_t year, int mon, int mday);
void tz_civil_from_days(int64_t days, int64_t *year, int *mon, int *mday);
int tz_days_in_month(int64_t year, int mon);
int tz_weekday(int64_t days);

/* Finds the zone name nearest to `bad` among the zones of `zoneinfo_dir`
 * (NULL: TZ_DEFAULT_DIR; names from its tzdata.zi, else a walk of the
 * directory): a case-insensitive match first ("europe/london" ->
 * "Europe/London"), then the smallest edit distance over whole names and
 * their last component ("Europe/Londn", "london" -> "Europe/London"; spaces
 * count as '_'). Writes the name to `out` (size n) and returns 0, or returns
 * BB_ENOTFOUND when nothing is near enough (out then holds ""). */
int tz_suggest(const char *bad, const char *zoneinfo_dir, char *out, size_t n);

/* One parsed zone per name, shared by everything that asks for it. */
struct tz_cache;

/* A cache reading zones from `zoneinfo_dir` (NULL: TZ_DEFAULT_DIR; the
 * string is copied). Returns NULL on allocation failure. */
struct tz_cache *tz_cache_new(const char *zoneinfo_dir);
/* Drops the cache's holds; zones still held elsewhere live on. NULL-safe. */
void tz_cache_free(struct tz_cache *c);
/* Returns a new holder of zone `name` (tz_free() it), loading it on first
 * use, or NULL with one line in `err` as tz_load(). */
struct tz *tz_cache_get(struct tz_cache *c, const char *name, struct strbuf *err);
/* The directory the cache reads from. */
const char *tz_cache_dir(const struct tz_cache *c);
/* How many distinct zones the cache holds. */
size_t tz_cache_count(const struct tz_cache *c);
/* tz_suggest() over the cache's directory, reading its zone names once
 * (on the first call) and keeping them with the cache. */
int tz_cache_suggest(struct tz_cache *c, const char *bad, char *out, size_t n);

#endif
