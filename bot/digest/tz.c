/* TZif (RFC 8536) reader and the arithmetic of local time, without the C
 * library's process-wide TZ. A zone is its transition table (the 64-bit
 * data block of v2+ files, the 32-bit one of v1 files) plus the POSIX TZ
 * string of the footer, which gives the offsets after the last transition.
 */
#include "bot/digest/tz.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "common/grow.h"
#include "common/strdist.h"

/* Largest TZif file read (the biggest in tzdata is about 4 KB fat). */
#define TZ_FILE_MAX (1024 * 1024)
/* Most transitions accepted in one file. */
#define TZ_TRANS_MAX 100000
/* Largest |UTC offset| accepted: 26 hours. */
#define TZ_OFF_MAX (26 * 3600)
/* The instants the footer's rules are evaluated over: years 1 to 9999. */
#define TZ_T_MIN INT64_C(-62135596800)
#define TZ_T_MAX INT64_C(253402300799)

struct tztype {
	int32_t off;
	uint8_t isdst;
	uint8_t abbr; /* index into abbrs */
};

/* One DST change date of a POSIX TZ rule. */
struct tzrule {
	char kind;    /* 'J': Julian 1-365 without Feb 29; 'N': 0-365; 'M' */
	int day;      /* J, N */
	int mon, week, wday; /* M: month 1-12, week 1-5, weekday 0-6 */
	int32_t time; /* seconds after local midnight, -167h..167h */
};

struct tzposix {
	bool present; /* a non-empty footer was parsed */
	bool has_dst;
	int32_t std_off, dst_off; /* east positive */
	char std_abbr[16], dst_abbr[16];
	struct tzrule start, end;
};

struct tz {
	int refs;
	char name[TZ_NAME_MAX + 1];
	size_t ntrans;
	int64_t *trans;
	uint8_t *trans_type;
	size_t ntypes;
	struct tztype *types;
	char *abbrs; /* charcnt bytes + a NUL */
	size_t nabbrs;
	struct tzposix posix;
};

/* ---- calendar arithmetic (proleptic Gregorian; H. Hinnant's algorithms) */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int64_t tz_days_from_civil(int64_t year, int mon, int mday)
{
	return days_from_civil(year, mon, mday);
}

void tz_civil_from_days(int64_t days, int64_t *year, int *mon, int *mday)
{
	civil_from_days(days, year, mon, mday);
}

int tz_days_in_month(int64_t year, int mon)
{
	return month_days(year, mon);
}

int tz_weekday(int64_t days)
{
	return (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

static int64_t clamp_t(int64_t t)
{
	return t < TZ_T_MIN ? TZ_T_MIN : t > TZ_T_MAX ? TZ_T_MAX : t;
}

static int64_t year_of(int64_t t)
{
	int64_t y;
	int m, d;
	civil_from_days(floor_div(clamp_t(t), 86400), &y, &m, &d);
	return y;
}

/* ---- POSIX TZ strings (the TZif footer) */

static bool parse_num(const char **p, int maxdigits, int *out)
{
	const char *s = *p;
	int v = 0, n = 0;
	while (isdigit((unsigned char)*s) && n < maxdigits) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (!n)
		return false;
	*p = s;
	*out = v;
	return true;
}

/* [+-]hh[:mm[:ss]] with hh <= maxh; seconds, sign applied. */
static bool parse_hms(const char **p, int maxh, int32_t *out)
{
	const char *s = *p;
	int sign = 1, h, m = 0, sec = 0;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (!parse_num(&s, 3, &h) || h > maxh)
		return false;
	if (*s == ':') {
		s++;
		if (!parse_num(&s, 2, &m) || m > 59)
			return false;
		if (*s == ':') {
			s++;
			if (!parse_num(&s, 2, &sec) || sec > 59)
				return false;
		}
	}
	*p = s;
	*out = sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool parse_abbr(const char **p, char *out, size_t n)
{
	const char *s = *p;
	size_t len = 0;
	if (*s == '<') {
		s++;
		while (isalnum((unsigned char)*s) || *s == '+' || *s == '-') {
			if (len + 1 < n)
				out[len] = *s;
			len++;
			s++;
		}
		if (*s != '>')
			return false;
		s++;
	} else {
		while (isalpha((unsigned char)*s)) {
			if (len + 1 < n)
				out[len] = *s;
			len++;
			s++;
		}
	}
	if (len < 3 || len + 1 > n)
		return false;
	out[len] = '\0';
	*p = s;
	return true;
}

static bool parse_rule(const char **p, struct tzrule *r)
{
	const char *s = *p;
	memset(r, 0, sizeof *r);
	if (*s == 'J') {
		s++;
		r->kind = 'J';
		if (!parse_num(&s, 3, &r->day) || r->day < 1 || r->day > 365)
			return false;
	} else if (*s == 'M') {
		s++;
		r->kind = 'M';
		if (!parse_num(&s, 2, &r->mon) || r->mon < 1 || r->mon > 12 || *s++ != '.')
			return false;
		if (!parse_num(&s, 1, &r->week) || r->week < 1 || r->week > 5 || *s++ != '.')
			return false;
		if (!parse_num(&s, 1, &r->wday) || r->wday > 6)
			return false;
	} else {
		r->kind = 'N';
		if (!parse_num(&s, 3, &r->day) || r->day > 365)
			return false;
	}
	r->time = 7200;
	if (*s == '/') {
		s++;
		if (!parse_hms(&s, 167, &r->time))
			return false;
	}
	*p = s;
	return true;
}

/* Parses `s` (NUL-terminated) into `z`; true when it is well formed. */
static bool parse_posix(const char *s, struct tzposix *z)
{
	int32_t v;
	memset(z, 0, sizeof *z);
	if (!parse_abbr(&s, z->std_abbr, sizeof z->std_abbr) || !parse_hms(&s, 24, &v))
		return false;
	z->std_off = -v;
	z->present = true;
	if (!*s)
		return true;
	if (!parse_abbr(&s, z->dst_abbr, sizeof z->dst_abbr))
		return false;
	z->has_dst = true;
	z->dst_off = z->std_off + 3600;
	if (*s && *s != ',') {
		if (!parse_hms(&s, 24, &v))
			return false;
		z->dst_off = -v;
	}
	if (*s == ',') {
		s++;
		if (!parse_rule(&s, &z->start) || *s++ != ',' || !parse_rule(&s, &z->end))
			return false;
	} else {
		/* POSIX leaves the default rules to the implementation; tzcode
		 * and glibc use the US rules. */
		z->start = (struct tzrule){ 'M', 0, 3, 2, 0, 7200 };
		z->end = (struct tzrule){ 'M', 0, 11, 1, 0, 7200 };
	}
	return *s == '\0';
}

/* The UTC instant at which `r` happens in year `y`, local time being
 * UTC + off. */
static int64_t rule_instant(const struct tzrule *r, int64_t y, int32_t off)
{
	int64_t day;
	if (r->kind == 'J')
		day = days_from_civil(y, 1, 1) + r->day - 1 + (is_leap(y) && r->day >= 60);
	else if (r->kind == 'N')
		day = days_from_civil(y, 1, 1) + r->day;
	else {
		int64_t first = days_from_civil(y, r->mon, 1);
		int wday_first = tz_weekday(first);
		int mday = 1 + (r->wday - wday_first + 7) % 7 + (r->week - 1) * 7;
		while (mday > month_days(y, r->mon))
			mday -= 7;
		day = first + mday - 1;
	}
	return day * 86400 + r->time - off;
}

/* The footer's changes around year `y` (years y-1 .. y+2), in time order:
 * at[i] is when, dst[i] whether DST starts there. Returns the count. */
static int posix_events(const struct tzposix *p, int64_t y, int64_t at[8], bool dst[8])
{
	int n = 0;
	for (int64_t yy = y - 1; yy <= y + 2; yy++) {
		int64_t s = rule_instant(&p->start, yy, p->std_off);
		int64_t e = rule_instant(&p->end, yy, p->dst_off);
		/* insertion in order; at equal instants the end comes first, so a
		 * DST that runs all year stays on */
		int64_t ev[2] = { e, s };
		bool evd[2] = { false, true };
		for (int k = 0; k < 2; k++) {
			int i = n++;
			while (i > 0 && (at[i - 1] > ev[k] || (at[i - 1] == ev[k] && dst[i - 1] && !evd[k]))) {
				at[i] = at[i - 1];
				dst[i] = dst[i - 1];
				i--;
			}
			at[i] = ev[k];
			dst[i] = evd[k];
		}
	}
	return n;
}

static bool posix_is_dst(const struct tzposix *p, int64_t t)
{
	if (!p->has_dst)
		return false;
	t = clamp_t(t);
	int64_t at[8];
	bool dst[8];
	int n = posix_events(p, year_of(t), at, dst);
	bool on = false;
	for (int i = 0; i < n && at[i] <= t; i++)
		on = dst[i];
	return on;
}

/* ---- TZif */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzhead {
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static size_t block_size(const struct tzhead *h, size_t timesize)
{
	return (size_t)h->timecnt * timesize + h->timecnt + (size_t)h->typecnt * 6 +
		h->charcnt + (size_t)h->leapcnt * (timesize + 4) + h->isstdcnt + h->isutcnt;
}

static bool read_head(const uint8_t *p, size_t len, char *version, struct tzhead *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	*version = (char)p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return true;
}

static void fail(struct strbuf *err, const char *name, const char *why)
{
	if (err)
		strbuf_printf(err, "time zone \"%s\": %s", name, why);
}

struct tz *tz_parse(const char *name, const uint8_t *data, size_t len, struct strbuf *err)
{
	struct tz *z = NULL;
	char version;
	struct tzhead h;
	const char *why = "not a TZif file";
	size_t namelen = strlen(name);
	if (namelen > TZ_NAME_MAX) {
		why = "name too long";
		goto fail;
	}
	if (len > TZ_FILE_MAX) {
		why = "file too big";
		goto fail;
	}
	if (!read_head(data, len, &version, &h))
		goto fail;
	size_t timesize = 4;
	const uint8_t *p = data + 44, *end = data + len;
	why = "truncated or inconsistent TZif header";
	if (h.timecnt > TZ_TRANS_MAX || h.typecnt > 256 || h.charcnt > 65536 ||
		h.leapcnt > 10000 || h.isstdcnt > 256 || h.isutcnt > 256)
		goto fail;
	if (version >= '2') {
		size_t v1 = block_size(&h, 4);
		if ((size_t)(end - p) < v1)
			goto fail;
		p += v1;
		char v2;
		if (!read_head(p, (size_t)(end - p), &v2, &h))
			goto fail;
		p += 44;
		timesize = 8;
		if (h.timecnt > TZ_TRANS_MAX || h.typecnt > 256 || h.charcnt > 65536 ||
			h.leapcnt > 10000 || h.isstdcnt > 256 || h.isutcnt > 256)
			goto fail;
	} else if (version != '\0') {
		why = "unknown TZif version";
		goto fail;
	}
	if (h.typecnt == 0 || h.charcnt == 0 ||
		(h.isstdcnt != 0 && h.isstdcnt != h.typecnt) ||
		(h.isutcnt != 0 && h.isutcnt != h.typecnt))
		goto fail;
	if ((size_t)(end - p) < block_size(&h, timesize))
		goto fail;
	if (h.leapcnt) {
		why = "zones with leap seconds (right/...) are not supported";
		goto fail;
	}
	why = "out of memory";
	z = calloc(1, sizeof *z);
	if (!z)
		goto fail;
	z->refs = 1;
	memcpy(z->name, name, namelen + 1);
	z->ntrans = h.timecnt;
	z->ntypes = h.typecnt;
	z->nabbrs = h.charcnt;
	z->trans = malloc((h.timecnt ? h.timecnt : 1) * sizeof *z->trans);
	z->trans_type = malloc(h.timecnt ? h.timecnt : 1);
	z->types = malloc(h.typecnt * sizeof *z->types);
	z->abbrs = malloc(h.charcnt + 1);
	if (!z->trans || !z->trans_type || !z->types || !z->abbrs)
		goto fail;
	why = "transition times out of order";
	for (size_t i = 0; i < h.timecnt; i++) {
		z->trans[i] = timesize == 8 ? be64(p) : (int32_t)be32(p);
		p += timesize;
		if (i && z->trans[i] <= z->trans[i - 1])
			goto fail;
	}
	why = "transition to an undefined local time type";
	for (size_t i = 0; i < h.timecnt; i++) {
		z->trans_type[i] = *p++;
		if (z->trans_type[i] >= h.typecnt)
			goto fail;
	}
	why = "bad local time type";
	for (size_t i = 0; i < h.typecnt; i++) {
		int32_t off = (int32_t)be32(p);
		if (off < -TZ_OFF_MAX || off > TZ_OFF_MAX || p[4] > 1 || p[5] >= h.charcnt)
			goto fail;
		z->types[i] = (struct tztype){ off, p[4], p[5] };
		p += 6;
	}
	memcpy(z->abbrs, p, h.charcnt);
	z->abbrs[h.charcnt] = '\0';
	p += h.charcnt + h.isstdcnt + h.isutcnt;
	if (timesize == 8) {
		/* The footer: "\n" TZ "\n". */
		why = "missing TZ string footer";
		if (p >= end || *p != '\n')
			goto fail;
		const uint8_t *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
		if (!nl)
			goto fail;
		size_t n = (size_t)(nl - p - 1);
		if (n) {
			char tzs[256];
			why = "malformed TZ string footer";
			if (n >= sizeof tzs || memchr(p + 1, '\0', n))
				goto fail;
			memcpy(tzs, p + 1, n);
			tzs[n] = '\0';
			if (!parse_posix(tzs, &z->posix))
				goto fail;
			int32_t hi = z->posix.std_off > z->posix.dst_off ? z->posix.std_off : z->posix.dst_off;
			int32_t lo = z->posix.std_off < z->posix.dst_off ? z->posix.std_off : z->posix.dst_off;
			if (hi > TZ_OFF_MAX || lo < -TZ_OFF_MAX)
				goto fail;
		}
	}
	return z;
fail:
	fail(err, name, why);
	tz_free(z);
	return NULL;
}

bool tz_name_valid(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > TZ_NAME_MAX || name[0] == '/' || name[len - 1] == '/')
		return false;
	const char *comp = name;
	for (const char *s = name;; s++) {
		if (*s == '/' || *s == '\0') {
			size_t n = (size_t)(s - comp);
			if (n == 0 || (n == 1 && comp[0] == '.') || (n == 2 && comp[0] == '.' && comp[1] == '.'))
				return false;
			if (!*s)
				break;
			comp = s + 1;
			continue;
		}
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '+' && *s != '-')
			return false;
	}
	/* A link to the machine's own zone, not an IANA name. */
	return strcmp(name, "localtime") != 0;
}

static const char *dir_or_default(const char *dir)
{
	return dir && *dir ? dir : TZ_DEFAULT_DIR;
}

struct tz *tz_load(const char *name, const char *zoneinfo_dir, struct strbuf *err)
{
	struct tz *z = NULL;
	uint8_t *buf = NULL;
	int fd = -1;
	if (!tz_name_valid(name)) {
		if (err)
			strbuf_printf(err, "\"%.*s\" is not a time zone name: use an IANA name such as Europe/London",
				TZ_NAME_MAX, name);
		goto out;
	}
	struct strbuf path = { 0 };
	strbuf_printf(&path, "%s/%s", dir_or_default(zoneinfo_dir), name);
	if (strbuf_failed(&path)) {
		fail(err, name, "out of memory");
		goto out;
	}
	fd = open(strbuf_str(&path), O_RDONLY | O_CLOEXEC);
	strbuf_free(&path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd < 0 && errno != ENOENT && errno != ENOTDIR && err)
			strbuf_printf(err, "time zone \"%s\": %s", name, strerror(errno));
		else if (err)
			strbuf_printf(err, "unknown time zone \"%s\"", name);
		goto out;
	}
	if (st.st_size > TZ_FILE_MAX) {
		fail(err, name, "file too big");
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0;
	buf = malloc(size ? size : 1);
	if (!buf) {
		fail(err, name, "out of memory");
		goto out;
	}
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fail(err, name, r < 0 ? strerror(errno) : "file shrank while read");
			goto out;
		}
		got += (size_t)r;
	}
	z = tz_parse(name, buf, size, err);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return z;
}

struct tz *tz_ref(struct tz *z)
{
	if (z)
		z->refs++;
	return z;
}

void tz_free(struct tz *z)
{
	if (!z || --z->refs > 0)
		return;
	free(z->trans);
	free(z->trans_type);
	free(z->types);
	free(z->abbrs);
	free(z);
}

const char *tz_name(const struct tz *z)
{
	return z->name;
}

/* ---- lookups */

/* The index of the last transition at or before t, or -1 before the first. */
static long trans_index(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi = z->ntrans;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* Whether the footer rules apply at t: after the last transition. */
static bool use_footer(const struct tz *z, int64_t t)
{
	return z->posix.present && (z->ntrans == 0 || t >= z->trans[z->ntrans - 1]);
}

static const struct tztype *type_at(const struct tz *z, int64_t t)
{
	long i = trans_index(z, t);
	return &z->types[i < 0 ? 0 : z->trans_type[i]];
}

int32_t tz_offset_at(const struct tz *z, int64_t unix_s)
{
	if (use_footer(z, unix_s))
		return posix_is_dst(&z->posix, unix_s) ? z->posix.dst_off : z->posix.std_off;
	return type_at(z, unix_s)->off;
}

const char *tz_abbrev_at(const struct tz *z, int64_t unix_s)
{
	if (use_footer(z, unix_s))
		return posix_is_dst(&z->posix, unix_s) ? z->posix.dst_abbr : z->posix.std_abbr;
	return z->abbrs + type_at(z, unix_s)->abbr;
}

int64_t tz_next_change(const struct tz *z, int64_t unix_s)
{
	int32_t cur = tz_offset_at(z, unix_s);
	int64_t base = unix_s;
	if (!use_footer(z, unix_s)) {
		for (size_t i = (size_t)(trans_index(z, unix_s) + 1); i < z->ntrans; i++)
			if (tz_offset_at(z, z->trans[i]) != cur)
				return z->trans[i];
		if (!z->posix.present || z->ntrans == 0)
			return INT64_MAX;
		base = z->trans[z->ntrans - 1];
	}
	if (!z->posix.has_dst || base >= TZ_T_MAX)
		return INT64_MAX;
	int64_t y = year_of(base);
	/* Two windows of four years cover a change a year away whichever
	 * part of the year `base` is in. */
	for (int64_t yy = y; yy <= y + 3; yy += 2) {
		int64_t at[8];
		bool dst[8];
		int n = posix_events(&z->posix, yy, at, dst);
		for (int i = 0; i < n; i++)
			if (at[i] > unix_s && at[i] > base && tz_offset_at(z, at[i]) != cur)
				return at[i];
	}
	return INT64_MAX;
}

int64_t tz_local_to_utc(const struct tz *z, int year, int mon, int mday,
	int hour, int min, enum tz_fold fold)
{
	int64_t y = year;
	int64_t m0 = (int64_t)mon - 1;
	y += floor_div(m0, 12);
	m0 -= floor_div(m0, 12) * 12;
	if (y < 1 || y > 9999)
		return INT64_MIN;
	int64_t local = (days_from_civil(y, (int)m0 + 1, 1) + (int64_t)mday - 1) * 86400 +
		(int64_t)hour * 3600 + (int64_t)min * 60;
	/* Walk the offsets in force over every instant that could read as
	 * `local` (|offset| <= 26 h): each interval with offset o holds the
	 * reading when local - o falls inside it. */
	int64_t t = local - TZ_OFF_MAX - 1, stop = local + TZ_OFF_MAX + 1;
	int32_t off = tz_offset_at(z, t);
	int64_t first = INT64_MIN, last = INT64_MIN, gap = INT64_MIN;
	for (;;) {
		int64_t next = tz_next_change(z, t);
		int64_t u = local - off;
		if (u >= t && u < next) {
			if (first == INT64_MIN)
				first = u;
			last = u;
		}
		if (next == INT64_MAX || next > stop)
			break;
		int32_t noff = tz_offset_at(z, next);
		/* The reading falls after this interval in its offset and before
		 * the next one in the new: the clocks jump over it. */
		if (gap == INT64_MIN && u >= next && local - noff < next)
			gap = next;
		t = next;
		off = noff;
	}
	if (first != INT64_MIN)
		return fold == TZ_FOLD_LATER ? last : first;
	if (gap != INT64_MIN)
		return gap;
	return local - tz_offset_at(z, local);
}

void tz_utc_to_local(const struct tz *z, int64_t unix_s, int *year, int *mon,
	int *mday, int *hour, int *min, int *sec, int *wday)
{
	int64_t local = clamp_t(unix_s) + tz_offset_at(z, unix_s);
	int64_t days = floor_div(local, 86400), secs = local - days * 86400;
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (year)
		*year = (int)y;
	if (mon)
		*mon = m;
	if (mday)
		*mday = d;
	if (hour)
		*hour = (int)(secs / 3600);
	if (min)
		*min = (int)(secs / 60 % 60);
	if (sec)
		*sec = (int)(secs % 60);
	if (wday)
		*wday = tz_weekday(days);
}

/* ---- nearest names */

struct names {
	char **v;
	size_t n, cap;
};

static int names_add(struct names *ns, const char *s, size_t len)
{
	if (len == 0 || len > TZ_NAME_MAX)
		return 0;
	if (grow_array(&ns->v, &ns->cap, ns->n + 1, sizeof *ns->v, 256) != 0)
		return BB_ENOMEM;
	char *c = strndup(s, len);
	if (!c)
		return BB_ENOMEM;
	ns->v[ns->n++] = c;
	return 0;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* Zone names from tzdata.zi: "Z NAME ..." lines and "L TARGET NAME". */
static int names_from_zi(struct names *ns, const char *dir)
{
	struct strbuf path = { 0 };
	strbuf_printf(&path, "%s/tzdata.zi", dir);
	FILE *f = strbuf_failed(&path) ? NULL : fopen(strbuf_str(&path), "re");
	strbuf_free(&path);
	if (!f)
		return BB_ENOTFOUND;
	char line[512];
	int rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		const char *s = line + 2, *e;
		if (line[0] == 'L' && line[1] == ' ') {
			s = strchr(s, ' ');
			if (!s)
				continue;
			s++;
		} else if (line[0] != 'Z' || line[1] != ' ')
			continue;
		e = s + strcspn(s, " \t\n");
		rc = names_add(ns, s, (size_t)(e - s));
	}
	fclose(f);
	return rc;
}

/* Zone names by walking the directory (for a zoneinfo tree without
 * tzdata.zi): regular files whose names are valid zone names. */
static int names_walk(struct names *ns, const char *root, const char *rel, int depth)
{
	struct strbuf path = { 0 };
	strbuf_printf(&path, "%s%s%s", root, *rel ? "/" : "", rel);
	DIR *d = strbuf_failed(&path) ? NULL : opendir(strbuf_str(&path));
	int rc = 0;
	if (!d)
		goto out;
	struct dirent *de;
	while (!rc && (de = readdir(d))) {
		if (de->d_name[0] == '.' || (!*rel && (!strcmp(de->d_name, "posix") ||
			!strcmp(de->d_name, "right") || !strcmp(de->d_name, "posixrules"))))
			continue;
		struct strbuf sub = { 0 };
		strbuf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		const char *name = strbuf_str(&sub);
		struct stat st;
		struct strbuf full = { 0 };
		strbuf_printf(&full, "%s/%s", root, name);
		if (strbuf_failed(&sub) || strbuf_failed(&full))
			rc = BB_ENOMEM;
		else if (tz_name_valid(name) && stat(strbuf_str(&full), &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < 4)
				rc = names_walk(ns, root, name, depth + 1);
			else if (S_ISREG(st.st_mode))
				rc = names_add(ns, name, strlen(name));
		}
		strbuf_free(&sub);
		strbuf_free(&full);
	}
	closedir(d);
out:
	strbuf_free(&path);
	return rc;
}

/* Every zone name under `dir`: from its tzdata.zi, else a walk. */
static void names_load(struct names *ns, const char *dir)
{
	if (names_from_zi(ns, dir) != 0 || ns->n == 0) {
		names_free(ns);
		*ns = (struct names){ 0 };
		names_walk(ns, dir, "", 0);
	}
}

/* tz_suggest() over a list of names. */
static int nearest(const struct names *ns, const char *bad, char *out, size_t n)
{
	if (n)
		out[0] = '\0';
	char want[TZ_NAME_MAX + 1];
	/* Trimmed, spaces as underscores ("new york" -> "new_york"). */
	while (isspace((unsigned char)*bad))
		bad++;
	size_t len = strlen(bad);
	while (len && isspace((unsigned char)bad[len - 1]))
		len--;
	if (len == 0 || len > TZ_NAME_MAX)
		return BB_ENOTFOUND;
	for (size_t i = 0; i < len; i++)
		want[i] = bad[i] == ' ' ? '_' : bad[i];
	want[len] = '\0';
	bool has_slash = strchr(want, '/') != NULL;

	/* Near enough: a third of the typed length, at least one edit. */
	int best = (int)len / 3 > 1 ? (int)len / 3 : 1, best_whole = STRDIST_MAX;
	const char *pick = NULL;
	for (size_t i = 0; i < ns->n; i++) {
		const char *name = ns->v[i];
		size_t nl = strlen(name);
		const char *slash = has_slash ? NULL : strrchr(name, '/');
		/* the difference in length is the least distance possible: skip
		 * what cannot beat (or tie) the best so far */
		int whole_min = abs((int)nl - (int)len);
		int city_min = slash ? abs((int)strlen(slash + 1) - (int)len) : STRDIST_MAX;
		if (whole_min > best && city_min > best)
			continue;
		int whole = whole_min <= best ? strdist(want, name) : STRDIST_MAX, d = whole;
		if (city_min <= best) {
			int city = strdist(want, slash + 1);
			if (city < d)
				d = city;
		}
		if (d < best || (d == best && (whole < best_whole ||
			(whole == best_whole && (!pick || nl < strlen(pick)))))) {
			best = d;
			best_whole = whole;
			pick = name;
		}
	}
	int rc = BB_ENOTFOUND;
	if (pick && strlen(pick) < n) {
		memcpy(out, pick, strlen(pick) + 1);
		rc = 0;
	}
	return rc;
}

int tz_suggest(const char *bad, const char *zoneinfo_dir, char *out, size_t n)
{
	struct names ns = { 0 };
	names_load(&ns, dir_or_default(zoneinfo_dir));
	int rc = nearest(&ns, bad, out, n);
	names_free(&ns);
	return rc;
}

bool tz_exists(const char *name, const char *zoneinfo_dir)
{
	if (!tz_name_valid(name))
		return false;
	struct strbuf path = { 0 };
	strbuf_printf(&path, "%s/%s", dir_or_default(zoneinfo_dir), name);
	struct stat st;
	bool ok = !strbuf_failed(&path) && stat(strbuf_str(&path), &st) == 0 && S_ISREG(st.st_mode);
	strbuf_free(&path);
	return ok;
}

/* ---- the cache */

struct tz_cache {
	char *dir;
	struct tz **zones;
	size_t n, cap;
	struct names names; /* for suggestions, read on first use */
	bool have_names;
};

struct tz_cache *tz_cache_new(const char *zoneinfo_dir)
{
	struct tz_cache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->dir = strdup(dir_or_default(zoneinfo_dir));
	if (!c->dir) {
		free(c);
		return NULL;
	}
	return c;
}

void tz_cache_free(struct tz_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		tz_free(c->zones[i]);
	free(c->zones);
	free(c->dir);
	names_free(&c->names);
	free(c);
}

int tz_cache_suggest(struct tz_cache *c, const char *bad, char *out, size_t n)
{
	if (!c->have_names) {
		names_load(&c->names, c->dir);
		c->have_names = true;
	}
	return nearest(&c->names, bad, out, n);
}

const char *tz_cache_dir(const struct tz_cache *c)
{
	return c->dir;
}

size_t tz_cache_count(const struct tz_cache *c)
{
	return c->n;
}

struct tz *tz_cache_get(struct tz_cache *c, const char *name, struct strbuf *err)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->zones[i]->name, name) == 0)
			return tz_ref(c->zones[i]);
	if (grow_array(&c->zones, &c->cap, c->n + 1, sizeof *c->zones, 8) != 0) {
		fail(err, name, "out of memory");
		return NULL;
	}
	struct tz *z = tz_load(name, c->dir, err);
	if (!z)
		return NULL;
	c->zones[c->n++] = z;
	return tz_ref(z);
}
