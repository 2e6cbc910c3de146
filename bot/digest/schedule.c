/* Schedules: every kind (daily, weekdays, weekly, cron) becomes the same
 * five sets of a cron entry (minutes, hours, days of the month, months,
 * weekdays) evaluated on the wall clock of the schedule's zone. */
#include "bot/digest/schedule.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/utf8.h"

enum kind { K_NONE, K_DAILY, K_WEEKDAYS, K_WEEKLY, K_CRON };

struct schedule {
	struct tz *tz;
	uint64_t minutes; /* bit m: minute m (0-59) */
	uint32_t hours;   /* bit h: hour h (0-23) */
	uint32_t doms;    /* bit d: day of the month d (1-31) */
	uint16_t months;  /* bit m: month m (1-12) */
	uint8_t dows;     /* bit d: weekday d (0 = Sunday) */
	bool dom_star, dow_star; /* the field began with '*' (Vixie's rule) */
	uint8_t kind;
	char text[];      /* canonical */
};

/* What one text says; unset parts are left for the defaults. */
struct parts {
	enum kind kind;
	int wday;                   /* K_WEEKLY */
	char cron[SCHEDULE_TEXT_MAX]; /* K_CRON: the five fields, lower case, one space apart */
	bool has_time;
	int hour, min;
	char tz[TZ_NAME_MAX + 1];   /* "" when not given */
};

static const char *const day_names[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

#define MAX_WORDS 24

struct word {
	const char *s;
	size_t n;
	bool quoted;
};

/* Splits `text` into words; a word in quotes ("...", '...', or the curly
 * quotes phones type) keeps its spaces. Returns the count, or -1 with a
 * message. Words hold no control characters (line breaks included), so a
 * message that quotes one stays on one line. */
static int split_words(const char *text, struct word *w, struct strbuf *err)
{
	int n = 0;
	const char *s = text;
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return n;
		if (n == MAX_WORDS) {
			strbuf_puts(err, "too many words: type [daily|weekdays|weekly DAY|\"CRON\"] [HH:MM] [TIMEZONE]");
			return -1;
		}
		const char *close = NULL;
		size_t open_len = 0;
		if (*s == '"' || *s == '\'') {
			close = *s == '"' ? "\"" : "'";
			open_len = 1;
		} else if (!strncmp(s, "\xe2\x80\x9c", 3) || !strncmp(s, "\xe2\x80\x9d", 3)) {
			close = "\xe2\x80\x9d";
			open_len = 3;
		}
		if (close) {
			const char *start = s + open_len;
			const char *end = strstr(start, close);
			if (!end && open_len == 3)
				end = strstr(start, "\xe2\x80\x9c");
			if (!end) {
				strbuf_puts(err, "a quote is not closed: put the cron expression in quotes, e.g. \"0 8 * * 1-5\"");
				return -1;
			}
			if (utf8_has_control(start, (size_t)(end - start))) {
				strbuf_puts(err, "a quoted cron expression must be on one line");
				return -1;
			}
			w[n++] = (struct word){ start, (size_t)(end - start), true };
			s = end + strlen(close);
			continue;
		}
		const char *start = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (utf8_has_control(start, (size_t)(s - start))) {
			strbuf_puts(err, "the schedule holds a control character: type it on one line");
			return -1;
		}
		w[n++] = (struct word){ start, (size_t)(s - start), false };
	}
}

static bool word_is(const struct word *w, const char *lit)
{
	return !w->quoted && strlen(lit) == w->n && strncasecmp(w->s, lit, w->n) == 0;
}

/* A weekday name (full, three letters, or tue/tues/thur/thurs): 0-6, or -1. */
static int parse_day(const struct word *w)
{
	static const char *const alias[][2] = {
		{ "tues", "2" }, { "thur", "4" }, { "thurs", "4" },
	};
	for (int d = 0; d < 7; d++)
		if (word_is(w, day_names[d]) || (w->n == 3 && !w->quoted && !strncasecmp(w->s, day_names[d], 3)))
			return d;
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (word_is(w, alias[i][0]))
			return alias[i][1][0] - '0';
	return -1;
}

static bool has_ampm(const char *s, size_t n)
{
	return n >= 2 && (tolower((unsigned char)s[n - 2]) == 'a' || tolower((unsigned char)s[n - 2]) == 'p') &&
		tolower((unsigned char)s[n - 1]) == 'm';
}

/* Does the word look like a time of day (so a bad one gets the time
 * message)? Digits first, then a ':' or an am/pm. */
static bool looks_like_time(const struct word *w)
{
	return !w->quoted && w->n && isdigit((unsigned char)w->s[0]) &&
		(memchr(w->s, ':', w->n) || has_ampm(w->s, w->n));
}

static int read_digits(const char **s, const char *end, int max_digits, int *out)
{
	int v = 0, n = 0;
	while (*s < end && isdigit((unsigned char)**s) && n < max_digits) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*out = v;
	return n;
}

/* HH:MM, H:MM, 8am, 8:30pm (with `ampm` the next word, "8 am"). */
static int parse_time(const struct word *w, const struct word *ampm, int *hour, int *min, struct strbuf *err)
{
	const char *s = w->s, *end = w->s + w->n;
	int h, m = 0, suffix = 0; /* 'a' or 'p' */
	bool ok = read_digits(&s, end, 2, &h) > 0;
	bool minutes = ok && s < end && *s == ':';
	if (minutes) {
		s++;
		ok = read_digits(&s, end, 2, &m) == 2;
	}
	if (ok && s < end && has_ampm(s, (size_t)(end - s)) && end - s == 2) {
		suffix = tolower((unsigned char)*s);
		s = end;
	} else if (ok && s == end && ampm) {
		suffix = tolower((unsigned char)ampm->s[0]);
	}
	ok = ok && s == end && m <= 59;
	if (ok && suffix) {
		ok = h >= 1 && h <= 12;
		h = h % 12 + (suffix == 'p' ? 12 : 0);
	} else if (ok) {
		ok = minutes && h <= 23;
	}
	if (!ok) {
		strbuf_printf(err, "%.*s%s%.*s is not a time of day: use HH:MM from 00:00 to 23:59",
			(int)w->n, w->s, ampm ? " " : "", ampm ? (int)ampm->n : 0, ampm ? ampm->s : "");
		return BB_EINVAL;
	}
	*hour = h;
	*min = m;
	return 0;
}

/* ---- cron */

struct cron_field {
	const char *name;
	int lo, hi;
	const char *const *names; /* three-letter names for lo.., or NULL */
	const char *usage;
};

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};
static const char *const dow_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static const struct cron_field cron_fields[5] = {
	{ "minute", 0, 59, NULL, "0-59" },
	{ "hour", 0, 23, NULL, "0-23" },
	{ "day-of-month", 1, 31, NULL, "1-31" },
	{ "month", 1, 12, month_names, "1-12 or jan-dec" },
	{ "day-of-week", 0, 7, dow_names, "0-7 or sun-sat (0 and 7 are Sunday)" },
};

/* A number or a name in field f; -1 when neither. */
static int cron_value(const struct cron_field *f, const char **s, const char *end)
{
	int v;
	if (read_digits(s, end, 2, &v))
		return (*s < end && isdigit((unsigned char)**s)) ? -1 : v;
	if (f->names && end - *s >= 3) {
		int count = f->hi - f->lo + 1 - (f->lo == 0 && f->hi == 7);
		for (int i = 0; i < count; i++)
			if (!strncasecmp(*s, f->names[i], 3)) {
				*s += 3;
				return f->lo + i;
			}
	}
	return -1;
}

/* Parses one field into a bit set; false when malformed. */
static bool cron_field_parse(const struct cron_field *f, const char *s, size_t n, uint64_t *bits, bool *star)
{
	const char *end = s + n;
	*bits = 0;
	*star = n > 0 && s[0] == '*';
	if (n == 0)
		return false;
	for (;;) {
		int a, b, step = 1;
		bool ranged = s < end && *s == '*';
		if (ranged) {
			s++;
			a = f->lo;
			b = f->hi;
		} else {
			a = cron_value(f, &s, end);
			if (a < 0)
				return false;
			b = a;
			if (s < end && *s == '-') {
				s++;
				ranged = true;
				b = cron_value(f, &s, end);
				if (b < 0)
					return false;
			}
		}
		if (s < end && *s == '/') {
			s++;
			if (!read_digits(&s, end, 2, &step) || step == 0)
				return false;
			if (!ranged)
				b = f->hi; /* "5/15": from 5 to the end */
		}
		if (a < f->lo || b > f->hi || a > b)
			return false;
		for (int v = a; v <= b; v += step)
			*bits |= UINT64_C(1) << v;
		if (s == end)
			return true;
		if (*s != ',')
			return false;
		s++;
	}
}

/* Fills `s` from the five fields in `text` (one space apart). */
static int cron_compile(const char *text, struct schedule *s, struct strbuf *err)
{
	const char *p = text;
	uint64_t bits[5];
	bool star[5];
	for (int i = 0; i < 5; i++) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!cron_field_parse(&cron_fields[i], p, n, &bits[i], &star[i])) {
			strbuf_printf(err, "cron %s field \"%.*s\": use %s, with lists (1,15), ranges (1-5) and steps (*/15)",
				cron_fields[i].name, (int)n, p, cron_fields[i].usage);
			return BB_EINVAL;
		}
		p = e ? e + 1 : p + n;
	}
	s->minutes = bits[0];
	s->hours = (uint32_t)bits[1];
	s->doms = (uint32_t)bits[2];
	s->months = (uint16_t)bits[3];
	/* 7 is Sunday too */
	s->dows = (uint8_t)((bits[4] | bits[4] >> 7) & 0x7f);
	s->dom_star = star[2];
	s->dow_star = star[4];
	if (!s->dom_star && s->dow_star) {
		bool some = false;
		for (int m = 1; m <= 12 && !some; m++)
			if (s->months >> m & 1)
				for (int d = 1; d <= tz_days_in_month(2000, m) && !some; d++)
					some = s->doms >> d & 1;
		if (!some) {
			strbuf_printf(err, "cron \"%s\" never fires: none of its months has those days", text);
			return BB_EINVAL;
		}
	}
	return 0;
}

/* Takes the five cron fields from words w[0..n): one quoted word holding
 * them, or five words. */
static int cron_words(const struct word *w, int n, struct parts *pt, struct strbuf *err)
{
	struct strbuf sb = { 0 };
	int fields = 0;
	for (int i = 0; i < n; i++) {
		const char *s = w[i].s, *end = w[i].s + w[i].n;
		for (;;) {
			while (s < end && isspace((unsigned char)*s))
				s++;
			if (s == end)
				break;
			const char *start = s;
			while (s < end && !isspace((unsigned char)*s))
				s++;
			if (fields++)
				strbuf_putc(&sb, ' ');
			for (const char *c = start; c < s; c++)
				strbuf_putc(&sb, (char)tolower((unsigned char)*c));
		}
	}
	int rc = 0;
	if (fields != 5) {
		strbuf_printf(err, "a cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 8 * * 1-5\"; got %d", fields);
		rc = BB_EINVAL;
	} else if (strbuf_failed(&sb) || sb.len >= sizeof pt->cron) {
		strbuf_puts(err, "the cron expression is too long");
		rc = BB_EINVAL;
	} else {
		memcpy(pt->cron, strbuf_str(&sb), sb.len + 1);
		pt->kind = K_CRON;
		/* checked now, so a bad default names the config */
		struct schedule probe;
		rc = cron_compile(pt->cron, &probe, err);
	}
	strbuf_free(&sb);
	return rc;
}

/* Can the word start five unquoted cron fields? */
static bool looks_like_cron(const struct word *w)
{
	return !w->quoted && w->n && (isdigit((unsigned char)w->s[0]) || w->s[0] == '*');
}

static bool is_digits(const struct word *w)
{
	if (w->quoted || !w->n)
		return false;
	for (size_t i = 0; i < w->n; i++)
		if (!isdigit((unsigned char)w->s[i]))
			return false;
	return true;
}

static int set_time(struct parts *pt, const struct word *w, const struct word *ampm, struct strbuf *err)
{
	if (pt->has_time) {
		strbuf_printf(err, "two times given: keep one of %02d:%02d and %.*s",
			pt->hour, pt->min, (int)w->n, w->s);
		return BB_EINVAL;
	}
	pt->has_time = true;
	return parse_time(w, ampm, &pt->hour, &pt->min, err);
}

static int set_when(struct parts *pt, enum kind k, int wday, const struct word *w, struct strbuf *err)
{
	if (pt->kind != K_NONE) {
		strbuf_printf(err, "\"%.*s\": the schedule already says when; give one of daily, weekdays, weekly DAY or a cron expression",
			(int)w->n, w->s);
		return BB_EINVAL;
	}
	pt->kind = k;
	pt->wday = wday;
	return 0;
}

/* Reads the words of `text` into `pt`. */
static int parse_parts(const char *text, struct parts *pt, struct strbuf *err)
{
	struct word w[MAX_WORDS];
	memset(pt, 0, sizeof *pt);
	if (!text)
		return 0;
	if (strlen(text) > SCHEDULE_TEXT_MAX) {
		strbuf_printf(err, "the schedule is too long (over %d characters): type [daily|weekdays|weekly DAY|\"CRON\"] [HH:MM] [TIMEZONE]",
			SCHEDULE_TEXT_MAX);
		return BB_EINVAL;
	}
	int n = split_words(text, w, err);
	if (n < 0)
		return BB_EINVAL;
	int rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		int day;
		if (w[i].quoted) {
			rc = pt->kind != K_NONE ? set_when(pt, K_CRON, 0, &w[i], err) : cron_words(&w[i], 1, pt, err);
		} else if (word_is(&w[i], "daily")) {
			rc = set_when(pt, K_DAILY, 0, &w[i], err);
		} else if (word_is(&w[i], "weekdays") || word_is(&w[i], "weekday")) {
			rc = set_when(pt, K_WEEKDAYS, 0, &w[i], err);
		} else if (word_is(&w[i], "weekly")) {
			day = i + 1 < n ? parse_day(&w[i + 1]) : -1;
			if (day < 0) {
				strbuf_puts(err, "weekly needs a day: weekly monday (monday..sunday or mon..sun)");
				rc = BB_EINVAL;
			} else {
				rc = set_when(pt, K_WEEKLY, day, &w[i], err);
				i++;
			}
		} else if ((day = parse_day(&w[i])) >= 0) {
			rc = set_when(pt, K_WEEKLY, day, &w[i], err);
		} else if (is_digits(&w[i]) && i + 1 < n && (word_is(&w[i + 1], "am") || word_is(&w[i + 1], "pm"))) {
			rc = set_time(pt, &w[i], &w[i + 1], err); /* "8 am" */
			i++;
		} else if (looks_like_time(&w[i])) {
			rc = set_time(pt, &w[i], NULL, err);
		} else if (word_is(&w[i], "cron") || looks_like_cron(&w[i])) {
			bool keyword = word_is(&w[i], "cron");
			int from = i + keyword, to = from;
			while (to < n && to - from < 5 && !w[to].quoted && !looks_like_time(&w[to]))
				to++;
			/* a sixth field (seconds or years, from other crons) */
			int extra = 0;
			while (to + extra < n && looks_like_cron(&w[to + extra]) && !looks_like_time(&w[to + extra]))
				extra++;
			if (!keyword && to - from == 1 && is_digits(&w[i])) {
				/* "8": an hour without minutes, most likely */
				strbuf_printf(err, "%.*s is not a time of day: use HH:MM from 00:00 to 23:59",
					(int)w[i].n, w[i].s);
				rc = BB_EINVAL;
			} else if (pt->kind != K_NONE) {
				rc = set_when(pt, K_CRON, 0, &w[i], err);
			} else {
				rc = cron_words(&w[from], to - from + extra, pt, err);
			}
			i = to - 1;
		} else if (pt->tz[0]) {
			strbuf_printf(err, "unexpected \"%.*s\": type [daily|weekdays|weekly DAY|\"CRON\"] [HH:MM] [TIMEZONE]",
				(int)w[i].n, w[i].s);
			rc = BB_EINVAL;
		} else if (w[i].n > TZ_NAME_MAX) {
			strbuf_printf(err, "unknown time zone \"%.*s…\": use an IANA name such as Europe/London",
				(int)utf8_cut(w[i].s, w[i].n, 20), w[i].s);
			rc = BB_EINVAL;
		} else {
			memcpy(pt->tz, w[i].s, w[i].n);
			pt->tz[w[i].n] = '\0';
		}
	}
	return rc;
}

/* Loads the zone called `name`, accepting any case ("europe/london"). */
static struct tz *load_zone(const char *name, struct tz_cache *zones, struct strbuf *err)
{
	const char *dir = tz_cache_dir(zones);
	struct strbuf why = { 0 };
	struct tz *z = tz_cache_get(zones, name, &why);
	if (z || tz_exists(name, dir)) {
		/* loaded, or there but broken: say why */
		if (!z)
			strbuf_puts(err, strbuf_str(&why));
		strbuf_free(&why);
		return z;
	}
	strbuf_free(&why);
	char near[TZ_NAME_MAX + 1];
	bool found = tz_cache_suggest(zones, name, near, sizeof near) == 0;
	if (found && !strcasecmp(near, name))
		return tz_cache_get(zones, near, err);
	if (found)
		strbuf_printf(err, "unknown time zone \"%s\" — did you mean %s?", name, near);
	else
		strbuf_printf(err, "unknown time zone \"%s\": use an IANA name such as Europe/London or America/New_York", name);
	return NULL;
}

static void put_time(struct strbuf *sb, int hour, int min)
{
	strbuf_printf(sb, "%02d:%02d", hour, min);
}

/* The canonical text of the parts (all set). */
static void canonical(const struct parts *pt, const char *zone, struct strbuf *sb)
{
	switch (pt->kind) {
	case K_CRON:
		strbuf_printf(sb, "\"%s\" %s", pt->cron, zone);
		return;
	case K_WEEKLY:
		strbuf_printf(sb, "weekly %s ", day_names[pt->wday]);
		break;
	case K_WEEKDAYS:
		strbuf_puts(sb, "weekdays ");
		break;
	default:
		strbuf_puts(sb, "daily ");
		break;
	}
	put_time(sb, pt->hour, pt->min);
	strbuf_printf(sb, " %s", zone);
}

static int parse_default(const char *text, const char *what, struct parts *pt, struct strbuf *err)
{
	struct strbuf why = { 0 };
	int rc = parse_parts(text, pt, &why);
	if (rc)
		strbuf_printf(err, "the config's [digest] %s \"%s\" is wrong: %s", what, text, strbuf_str(&why));
	strbuf_free(&why);
	return rc;
}

int schedule_parse_cached(const char *text, const struct schedule_defaults *d,
	struct tz_cache *zones, struct schedule **out, struct strbuf *err)
{
	struct parts pt, def;
	struct schedule *s = NULL;
	struct tz *zone = NULL;
	struct strbuf canon = { 0 };
	struct strbuf scratch = { 0 }, sink = { 0 };
	if (!err)
		err = &sink;
	*out = NULL;
	int rc = parse_parts(text, &pt, err);
	if (rc)
		goto out;
	if (pt.kind == K_CRON && pt.has_time) {
		strbuf_printf(err, "a cron expression carries its own time: drop %02d:%02d, or use daily %02d:%02d",
			pt.hour, pt.min, pt.hour, pt.min);
		rc = BB_EINVAL;
		goto out;
	}
	if (pt.kind == K_NONE) {
		rc = parse_default(d && d->when ? d->when : "daily", "when", &def, err);
		if (rc)
			goto out;
		/* A time alone means daily at that time when the default is a
		 * cron expression (which has its own). */
		pt.kind = def.kind == K_CRON && pt.has_time ? K_DAILY : def.kind;
		pt.wday = def.wday;
		memcpy(pt.cron, def.cron, sizeof pt.cron);
		if (pt.kind == K_NONE)
			pt.kind = K_DAILY;
	}
	if (!pt.has_time && pt.kind != K_CRON) {
		rc = parse_default(d && d->time ? d->time : "08:00", "time", &def, err);
		if (rc)
			goto out;
		pt.hour = def.has_time ? def.hour : 8;
		pt.min = def.has_time ? def.min : 0;
	}
	bool tz_default = !pt.tz[0];
	if (tz_default) {
		rc = parse_default(d && d->tz ? d->tz : "UTC", "tz", &def, err);
		if (rc)
			goto out;
		const char *zone_name = def.tz[0] ? def.tz : "UTC";
		memcpy(pt.tz, zone_name, strlen(zone_name) + 1);
	}
	rc = BB_EINVAL;
	zone = load_zone(pt.tz, zones, tz_default ? &scratch : err);
	if (!zone) {
		if (tz_default)
			strbuf_printf(err, "the config's [digest] tz \"%s\" is wrong: %s", pt.tz, strbuf_str(&scratch));
		goto out;
	}
	canonical(&pt, tz_name(zone), &canon);
	rc = BB_ENOMEM;
	if (strbuf_failed(&canon))
		goto out;
	s = calloc(1, sizeof *s + canon.len + 1);
	if (!s)
		goto out;
	memcpy(s->text, strbuf_str(&canon), canon.len + 1);
	s->kind = (uint8_t)pt.kind;
	if (pt.kind == K_CRON) {
		rc = cron_compile(pt.cron, s, err);
		if (rc)
			goto out;
	} else {
		s->minutes = UINT64_C(1) << pt.min;
		s->hours = UINT32_C(1) << pt.hour;
		s->doms = 0xfffffffe;
		s->months = 0x1ffe;
		s->dows = pt.kind == K_WEEKLY ? (uint8_t)(1u << pt.wday) : pt.kind == K_WEEKDAYS ? 0x3e : 0x7f;
		s->dom_star = true;
		s->dow_star = pt.kind == K_DAILY;
	}
	s->tz = zone;
	zone = NULL;
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (rc == BB_ENOMEM && err->len == 0)
		strbuf_puts(err, "out of memory");
	schedule_free(s);
	tz_free(zone);
	strbuf_free(&canon);
	strbuf_free(&scratch);
	strbuf_free(&sink);
	return rc;
}

int schedule_parse(const char *text, const struct schedule_defaults *d,
	const char *zoneinfo_dir, struct schedule **out, struct strbuf *err)
{
	struct tz_cache *zones = tz_cache_new(zoneinfo_dir);
	if (!zones) {
		*out = NULL;
		if (err)
			strbuf_puts(err, "out of memory");
		return BB_ENOMEM;
	}
	int rc = schedule_parse_cached(text, d, zones, out, err);
	tz_cache_free(zones);
	return rc;
}

void schedule_free(struct schedule *s)
{
	if (!s)
		return;
	tz_free(s->tz);
	free(s);
}

const char *schedule_text(const struct schedule *s)
{
	return s->text;
}

const struct tz *schedule_tz(const struct schedule *s)
{
	return s->tz;
}

/* ---- slots */

static bool day_matches(const struct schedule *s, int mon, int mday, int wday)
{
	if (!(s->months >> mon & 1))
		return false;
	bool dom = s->doms >> mday & 1, dow = s->dows >> wday & 1;
	/* Vixie cron: when either day field is '*', both must match; when
	 * both are restricted, either one does. */
	return s->dom_star || s->dow_star ? dom && dow : dom || dow;
}

/* How many days a search walks before giving up: 400 years (the calendar's
 * full cycle) covers every date a schedule can name. */
#define SEARCH_DAYS (400 * 366)
/* Slots exist in years 1 to 9999. */
#define SLOT_T_MIN INT64_C(-62135596800)
#define SLOT_T_MAX INT64_C(253402300799)

int64_t schedule_next(const struct schedule *s, int64_t after_s)
{
	int y0, m0, d0, hh, mm, ss;
	tz_utc_to_local(s->tz, after_s, &y0, &m0, &d0, &hh, &mm, &ss, NULL);
	/* Local times up to now map at or before `after_s` (the mapping keeps
	 * order), so the search starts at the next minute of the wall clock. */
	int first = hh * 60 + mm + 1;
	int64_t day = tz_days_from_civil(y0, m0, d0);
	for (int64_t i = 0; i < SEARCH_DAYS; i++, day++, first = 0) {
		int64_t y;
		int mon, mday;
		tz_civil_from_days(day, &y, &mon, &mday);
		if (y > 9999)
			break;
		if (!(s->months >> mon & 1)) {
			/* skip to the last day of the month */
			day += tz_days_in_month(y, mon) - mday;
			continue;
		}
		if (!day_matches(s, mon, mday, tz_weekday(day)))
			continue;
		for (int h = first / 60; h < 24; h++) {
			if (!(s->hours >> h & 1))
				continue;
			for (int m = h == first / 60 ? first % 60 : 0; m < 60; m++) {
				if (!(s->minutes >> m & 1))
					continue;
				int64_t t = tz_local_to_utc(s->tz, (int)y, mon, mday, h, m, TZ_FOLD_EARLIER);
				if (t == INT64_MIN)
					return SCHEDULE_NONE;
				if (t > after_s)
					return t;
			}
		}
	}
	return SCHEDULE_NONE;
}

int64_t schedule_prev(const struct schedule *s, int64_t at_or_before_s)
{
	/* A slot whose wall-clock time is later than now can still lie at or
	 * before now when the clocks went back: look from now plus the largest
	 * offset of the last 27 hours, minus the offset now. */
	if (at_or_before_s < SLOT_T_MIN)
		return SCHEDULE_NONE;
	int64_t t = at_or_before_s < SLOT_T_MAX ? at_or_before_s : SLOT_T_MAX, from = t - 27 * 3600;
	int32_t off_now = tz_offset_at(s->tz, t), top = off_now;
	for (int64_t c = from; c <= t && c != INT64_MAX; c = tz_next_change(s->tz, c)) {
		int32_t o = tz_offset_at(s->tz, c);
		if (o > top)
			top = o;
	}
	int y0, m0, d0, hh, mm, ss;
	tz_utc_to_local(s->tz, t, &y0, &m0, &d0, &hh, &mm, &ss, NULL);
	int64_t sec = (int64_t)hh * 3600 + mm * 60 + ss + (top - off_now);
	int64_t day = tz_days_from_civil(y0, m0, d0) + sec / 86400;
	int last = (int)(sec % 86400 / 60);
	for (int64_t i = 0; i < SEARCH_DAYS; i++, day--, last = 24 * 60 - 1) {
		int64_t y;
		int mon, mday;
		tz_civil_from_days(day, &y, &mon, &mday);
		if (y < 1)
			break;
		if (!(s->months >> mon & 1)) {
			day -= mday - 1; /* skip to the first day of the month */
			continue;
		}
		if (!day_matches(s, mon, mday, tz_weekday(day)))
			continue;
		for (int h = last / 60; h >= 0; h--) {
			if (!(s->hours >> h & 1))
				continue;
			for (int m = h == last / 60 ? last % 60 : 59; m >= 0; m--) {
				if (!(s->minutes >> m & 1))
					continue;
				int64_t slot = tz_local_to_utc(s->tz, (int)y, mon, mday, h, m, TZ_FOLD_EARLIER);
				if (slot == INT64_MIN)
					return SCHEDULE_NONE;
				if (slot <= t)
					return slot;
			}
		}
	}
	return SCHEDULE_NONE;
}

/* ---- for people */

static const char *const day_titles[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

static const char *const month_titles[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};

/* Appends the members lo..hi of `bits` as "1, 15" or, with names,
 * "Monday to Friday, Sunday": runs of three or more joined with "to". */
static void put_set(struct strbuf *out, uint64_t bits, int lo, int hi, const char *const *names)
{
	bool first = true;
	for (int v = lo; v <= hi; v++) {
		if (!(bits >> v & 1))
			continue;
		int end = v;
		while (end < hi && (bits >> (end + 1) & 1))
			end++;
		int stop = end - v >= 2 ? end : v;
		for (int k = v; k <= stop; k = k == v && stop > v ? stop : k + 1) {
			strbuf_puts(out, first ? "" : k == stop && stop > v && end - v >= 2 ? " to " : ", ");
			first = false;
			if (names)
				strbuf_puts(out, names[k - lo]);
			else
				strbuf_printf(out, "%d", k);
		}
		v = stop;
	}
}

/* "at 08:00", "at 07:00 and 19:00", or "96 times a day". */
static void put_times(struct strbuf *out, const struct schedule *s)
{
	int n = __builtin_popcountll(s->minutes) * __builtin_popcount(s->hours), k = 0;
	if (n > 4) {
		strbuf_printf(out, "%d times a day", n);
		return;
	}
	strbuf_puts(out, "at ");
	for (int h = 0; h < 24; h++)
		for (int m = 0; m < 60; m++)
			if ((s->hours >> h & 1) && (s->minutes >> m & 1)) {
				strbuf_puts(out, k == 0 ? "" : k == n - 1 ? " and " : ", ");
				put_time(out, h, m);
				k++;
			}
}

void schedule_describe(const struct schedule *s, struct strbuf *out)
{
	switch (s->kind) {
	case K_DAILY:
		strbuf_puts(out, "every day ");
		break;
	case K_WEEKDAYS:
		strbuf_puts(out, "weekdays (Monday to Friday) ");
		break;
	case K_WEEKLY:
		strbuf_printf(out, "every %s ", day_titles[__builtin_ctz(s->dows | 0x80u)]);
		break;
	default: {
		/* "at 08:00, Monday to Friday, in January (cron "0 8 * * 1-5", UTC)" */
		put_times(out, s);
		if (!s->dow_star && s->dom_star) {
			strbuf_puts(out, ", ");
			put_set(out, s->dows, 0, 6, day_titles);
		} else if (!s->dom_star) {
			strbuf_puts(out, ", on day ");
			put_set(out, s->doms, 1, 31, NULL);
			strbuf_puts(out, " of the month");
			if (!s->dow_star) {
				strbuf_puts(out, " and on ");
				put_set(out, s->dows, 0, 6, day_titles);
			}
		}
		if (s->months != 0x1ffe) {
			strbuf_puts(out, ", in ");
			put_set(out, (uint64_t)s->months >> 1, 0, 11, month_titles);
		}
		const char *q = strchr(s->text + 1, '"');
		strbuf_printf(out, " (cron %.*s, %s)", (int)(q ? q - s->text + 1 : 0), s->text, tz_name(s->tz));
		return;
	}
	}
	put_times(out, s);
	strbuf_printf(out, " (%s)", tz_name(s->tz));
}
