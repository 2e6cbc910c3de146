#include "knowledge/reldate.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"

/* ---- calendar arithmetic (days since 1970-01-01, proleptic Gregorian) ---- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, struct reldate_date *out)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->year = (int)(yoe + era * 400) + (m <= 2);
	out->month = m;
	out->day = d;
}

/* 0 = Sunday .. 6 = Saturday. */
static int weekday_of(long z)
{
	return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

static int days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

static bool in_range(const struct reldate_date *d)
{
	return d->year >= 1 && d->year <= 9999;
}

int reldate_parse_iso(const char *s, struct reldate_date *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return BB_EINVAL;
	int v[3] = {0};
	static const int at[] = { 0, 5, 8 }, width[] = { 4, 2, 2 };
	for (int f = 0; f < 3; f++) {
		for (int i = 0; i < width[f]; i++) {
			char c = s[at[f] + i];
			if (c < '0' || c > '9')
				return BB_EINVAL;
			v[f] = v[f] * 10 + (c - '0');
		}
	}
	if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days_in_month(v[0], v[1]))
		return BB_EINVAL;
	*out = (struct reldate_date){ v[0], v[1], v[2] };
	return 0;
}

/* ---- words ---- */

static const char *const weekdays[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};

enum tok_kind { T_WORD, T_NUM, T_CLAUSE, T_SENT };

struct tok {
	enum tok_kind kind;
	size_t start;
	size_t len;   /* the whole token: "Wednesday's" */
	size_t base;  /* letters before an apostrophe: "Wednesday" */
};

#define MAX_TOKS 128

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of an apostrophe (' or U+2019) at s[i], or 0. */
static size_t apostrophe_at(const char *s, size_t len, size_t i)
{
	if (i < len && s[i] == '\'')
		return 1;
	if (i + 2 < len && memcmp(s + i, "\xE2\x80\x99", 3) == 0)
		return 3;
	return 0;
}

/* Length of a clause-breaking dash or quotation mark at s[i], or 0. */
static size_t clause_mark_at(const char *s, size_t len, size_t i)
{
	if (strchr(",;:()\"", s[i]))
		return 1;
	static const char *const marks[] = {
		"\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x9C", "\xE2\x80\x9D",
	};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
		if (i + 2 < len && memcmp(s + i, marks[k], 3) == 0)
			return 3;
	return 0;
}

static bool is_space_or_end(const char *s, size_t len, size_t i)
{
	return i >= len || s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' ||
	       clause_mark_at(s, len, i) > 0 || apostrophe_at(s, len, i) > 0;
}

/* Reads the token at or after pos into *t. Returns the position after it,
 * or len (t->len == 0) if there is none. */
static size_t next_token(const char *s, size_t len, size_t pos, struct tok *t)
{
	*t = (struct tok){0};
	while (pos < len) {
		char c = s[pos];
		size_t mark;
		if (is_alpha(c) || is_digit(c)) {
			size_t i = pos;
			t->kind = is_digit(c) ? T_NUM : T_WORD;
			while (i < len && is_digit(s[i]))
				i++;
			while (i < len && is_alpha(s[i]))
				i++;
			t->base = i - pos;
			for (;;) {
				size_t ap = apostrophe_at(s, len, i);
				if (ap == 0 || i + ap >= len || !is_alpha(s[i + ap]))
					break;
				i += ap;
				while (i < len && is_alpha(s[i]))
					i++;
			}
			t->start = pos;
			t->len = i - pos;
			return i;
		}
		if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
				  is_space_or_end(s, len, pos + 1))) {
			*t = (struct tok){ T_SENT, pos, 1, 1 };
			return pos + 1;
		}
		if ((mark = clause_mark_at(s, len, pos)) > 0) {
			*t = (struct tok){ T_CLAUSE, pos, mark, mark };
			return pos + mark;
		}
		pos++;
	}
	return len;
}

struct sentence {
	const char *s;
	size_t len;
	struct tok t[MAX_TOKS];
	size_t n;
};

/* True if token i is the word w (its letters before any apostrophe),
 * ignoring case. */
static bool is(const struct sentence *x, size_t i, const char *w)
{
	if (i >= x->n || x->t[i].kind != T_WORD)
		return false;
	size_t n = strlen(w);
	return x->t[i].base == n && strncasecmp(x->s + x->t[i].start, w, n) == 0;
}

/* The index of the word among `words` that token i is (ignoring case), or
 * -1. */
static int which(const struct sentence *x, size_t i, const char *const *words, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (is(x, i, words[k]))
			return (int)k;
	return -1;
}

static bool is_any(const struct sentence *x, size_t i, const char *const *words, size_t n)
{
	return which(x, i, words, n) >= 0;
}

#define IS_ANY(x, i, words) is_any((x), (i), (words), sizeof (words) / sizeof *(words))

/* The month token i names (capitalised as a name is), 1..12, or 0. */
static int month_at(const struct sentence *x, size_t i)
{
	if (i >= x->n || x->t[i].kind != T_WORD)
		return 0;
	char c = x->s[x->t[i].start];
	if (c < 'A' || c > 'Z')
		return 0;
	return which(x, i, months, 12) + 1;
}

/* The apostrophe suffix of word token i ("ll" of "they'll"), or "". */
static bool suffix_is(const struct sentence *x, size_t i, const char *suffix)
{
	const struct tok *t = &x->t[i];
	if (t->kind != T_WORD || t->len == t->base)
		return false;
	size_t at = t->start + t->base;
	at += apostrophe_at(x->s, x->len, at);
	size_t n = strlen(suffix);
	return t->start + t->len - at == n && strncasecmp(x->s + at, suffix, n) == 0;
}

/* ---- tense ---- */

enum tense { TENSE_NONE, TENSE_PAST, TENSE_FUTURE };

/* "is" and "are" too: news puts what is arranged in the present ("the
 * vote is on Sunday", "Putin is meeting Erdogan on Wednesday"). */
static const char *const future_words[] = { "will", "shall", "upcoming", "is", "are" };
static const char *const future_before_to[] = {
	"going", "due", "set", "expected", "scheduled", "slated", "planning", "plans", "plan",
	"poised",
};
static const char *const future_before_for[] = { "scheduled", "slated", "planned", "set" };
static const char *const past_words[] = {
	"was", "were", "had", "did", "said", "told", "met", "held", "took", "made", "came",
	"went", "gave", "saw", "left", "began", "lost", "spoke", "wrote", "became", "sent",
	"brought", "fought", "ran", "won", "struck", "fell", "rose", "kept", "led",
	"paid", "felt", "thought", "found", "ago", "since",
};
static const char *const clause_words[] = {
	"that", "and", "but", "which", "who", "whom", "while", "when", "where", "because",
	"although", "though", "after", "before", "as", "whereas", "if", "unless",
};

static enum tense tense_at(const struct sentence *x, size_t i)
{
	const struct tok *t = &x->t[i];
	if (t->kind != T_WORD)
		return TENSE_NONE;
	if (IS_ANY(x, i, future_words) || suffix_is(x, i, "ll") ||
	    ((is(x, i, "won") || is(x, i, "shan")) && suffix_is(x, i, "t")))
		return TENSE_FUTURE;
	if ((IS_ANY(x, i, future_before_to) && is(x, i + 1, "to")) ||
	    (IS_ANY(x, i, future_before_for) && is(x, i + 1, "for")))
		return TENSE_FUTURE;
	if (t->len != t->base)
		return TENSE_NONE; /* "didn't" and friends: no clue */
	if (IS_ANY(x, i, past_words))
		return TENSE_PAST;
	/* "-ed" words, but not names ("United", "Ahmed") */
	const char *w = x->s + t->start;
	if (t->base >= 4 && !(w[0] >= 'A' && w[0] <= 'Z') &&
	    strncasecmp(w + t->base - 2, "ed", 2) == 0)
		return TENSE_PAST;
	return TENSE_NONE;
}

static bool is_boundary(const struct sentence *x, size_t i)
{
	return x->t[i].kind == T_CLAUSE || x->t[i].kind == T_SENT || IS_ANY(x, i, clause_words);
}

/* The tense of the marker nearest tokens [a, b) within [lo, hi), the one
 * before winning a tie. */
static enum tense nearest_tense(const struct sentence *x, size_t a, size_t b, size_t lo, size_t hi)
{
	for (size_t d = 1; d <= x->n; d++) {
		bool any = false;
		if (a >= lo + d) {
			any = true;
			enum tense t = tense_at(x, a - d);
			if (t != TENSE_NONE)
				return t;
		}
		if (b - 1 + d < hi) {
			any = true;
			enum tense t = tense_at(x, b - 1 + d);
			if (t != TENSE_NONE)
				return t;
		}
		if (!any)
			break;
	}
	return TENSE_NONE;
}

/* Is the phrase at tokens [a, b) about the future? See reldate.h. */
static bool is_future(const struct sentence *x, size_t a, size_t b)
{
	if (a > 0 && is(x, a - 1, "since"))
		return false;
	size_t lo = a, hi = b;
	while (lo > 0 && !is_boundary(x, lo - 1))
		lo--;
	while (hi < x->n && !is_boundary(x, hi))
		hi++;
	enum tense t = nearest_tense(x, a, b, lo, hi);
	if (t == TENSE_NONE)
		t = nearest_tense(x, a, b, 0, x->n);
	return t == TENSE_FUTURE;
}

/* ---- phrases ---- */

static const char *const units[] = { "day", "week", "month", "year" };
static const char *const units_plural[] = { "days", "weeks", "months", "years" };
static const char *const number_words[] = {
	"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve",
};
static const char *const month_lead[] = {
	"in", "for", "since", "until", "till", "by", "from", "during", "early", "late", "mid",
	"before", "after", "through", "of", "last", "next", "this",
};

/* The count token i says (1..999), or 0. */
static int count_at(const struct sentence *x, size_t i)
{
	if (i >= x->n)
		return 0;
	if (x->t[i].kind == T_NUM) {
		const struct tok *t = &x->t[i];
		if (t->len > 3 || t->base != t->len)
			return 0;
		int v = 0;
		for (size_t k = 0; k < t->len; k++) {
			char c = x->s[t->start + k];
			if (!is_digit(c))
				return 0; /* "1st" */
			v = v * 10 + (c - '0');
		}
		return v;
	}
	if (is(x, i, "an"))
		return 1;
	int k = which(x, i, number_words, sizeof number_words / sizeof *number_words);
	return k < 0 ? 0 : (k == 0 ? 1 : k);
}

/* True if a day number or year follows token i (", 2019" too). */
static bool number_follows(const struct sentence *x, size_t i)
{
	size_t j = i + 1;
	if (j < x->n && x->t[j].kind == T_CLAUSE && x->s[x->t[j].start] == ',')
		j++;
	return j < x->n && (x->t[j].kind == T_NUM || month_at(x, j) > 0);
}

struct resolved {
	struct reldate_match m;
	size_t ntoks;  /* tokens the phrase takes */
	size_t first;  /* its first token */
};

static void set_day(struct resolved *r, long z)
{
	r->m.precision = RELDATE_DAY;
	civil_from_days(z, &r->m.date);
}

static void set_week(struct resolved *r, long z)
{
	r->m.precision = RELDATE_WEEK;
	civil_from_days(z - (weekday_of(z) + 6) % 7, &r->m.date);
}

static void set_month(struct resolved *r, int y, int m)
{
	long total = (long)y * 12 + (m - 1);
	long yy = total >= 0 ? total / 12 : -((-total + 11) / 12);
	r->m.precision = RELDATE_MONTH;
	r->m.date = (struct reldate_date){ (int)yy, (int)(total - yy * 12) + 1, 1 };
}

static void set_year(struct resolved *r, int y)
{
	r->m.precision = RELDATE_YEAR;
	r->m.date = (struct reldate_date){ y, 1, 1 };
}

/* Moves a unit back by n from the article date. */
static void unit_ago(struct resolved *r, const struct reldate_date *a, long z, int unit, int n)
{
	switch (unit) {
	case 0: set_day(r, z - n); break;
	case 1: set_week(r, z - 7L * n); break;
	case 2: set_month(r, a->year, a->month - n); break;
	default: set_year(r, a->year - n); break;
	}
}

/* Moves a unit by `delta` (-1 last, 0 this, +1 next) from the article date. */
static void unit_shift(struct resolved *r, const struct reldate_date *a, long z, int unit,
		       int delta)
{
	switch (unit) {
	case 1: set_week(r, z + 7L * delta); break;
	case 2: set_month(r, a->year, a->month + delta); break;
	default: set_year(r, a->year + delta); break;
	}
}

/* -1 for "last", +1 for "next", 0 for "this", 2 for none. */
static int modifier(const struct sentence *x, size_t i)
{
	if (i == 0 || (i >= 2 && is(x, i - 2, "the")))
		return 2;
	return is(x, i - 1, "last") ? -1 : is(x, i - 1, "next") ? 1 : is(x, i - 1, "this") ? 0 : 2;
}

static bool match_weekday(const struct sentence *x, size_t i, long z, struct resolved *r)
{
	int wd = which(x, i, weekdays, 7);
	if (wd < 0 || number_follows(x, i))
		return false;
	int mod = modifier(x, i);
	size_t first = mod == 2 ? i : i - 1;
	bool future = mod == 1 || (mod != -1 && is_future(x, first, i + 1));
	int w = weekday_of(z);
	long back = (w - wd + 7) % 7, fwd = (wd - w + 7) % 7;
	if (mod == -1 && back == 0)
		back = 7;
	if (mod == 1 && fwd == 0)
		fwd = 7;
	set_day(r, future ? z + fwd : z - back);
	r->m.future = future;
	r->first = first;
	r->ntoks = i + 1 - first;
	return true;
}

static bool match_month(const struct sentence *x, size_t i, const struct reldate_date *a,
			struct resolved *r)
{
	int mon = month_at(x, i);
	if (mon == 0 || i == 0 || !IS_ANY(x, i - 1, month_lead) || number_follows(x, i))
		return false;
	if (is(x, i - 1, "of") && i >= 2 && x->t[i - 2].kind == T_NUM)
		return false;
	int mod = modifier(x, i);
	size_t first = mod == 2 ? i : i - 1;
	bool future = mod == 1 || (mod == 2 && is_future(x, first, i + 1));
	int y = a->year;
	if (mod == -1)
		y = mon < a->month ? y : y - 1;
	else if (mod == 1)
		y = mon > a->month ? y : y + 1;
	else if (mod == 2 && future)
		y = mon >= a->month ? y : y + 1;
	else if (mod == 2)
		y = mon <= a->month ? y : y - 1;
	set_month(r, y, mon);
	r->m.future = future;
	r->first = first;
	r->ntoks = i + 1 - first;
	return true;
}

/* Tries every phrase at token i. */
static bool match_at(const struct sentence *x, size_t i, const struct reldate_date *a, long z,
		     struct resolved *r)
{
	*r = (struct resolved){ .first = i, .ntoks = 1 };
	if (x->t[i].kind == T_WORD) {
		if (is(x, i, "today") || is(x, i, "tonight")) {
			set_day(r, z);
			return true;
		}
		if (is(x, i, "yesterday") || is(x, i, "tomorrow")) {
			set_day(r, is(x, i, "tomorrow") ? z + 1 : z - 1);
			return true;
		}
		if (is(x, i, "last") && is(x, i + 1, "night") && !(i > 0 && is(x, i - 1, "the"))) {
			set_day(r, z - 1);
			r->ntoks = 2;
			return true;
		}
		bool edge = is(x, i, "earlier") || is(x, i, "later");
		size_t m = edge ? i + 1 : i;
		int delta = is(x, m, "last") ? -1 : is(x, m, "next") ? 1 : is(x, m, "this") ? 0 : 2;
		int unit = which(x, m + 1, units, 4);
		if (delta != 2 && unit >= 1 && (!edge || delta == 0) &&
		    !(i > 0 && is(x, i - 1, "the"))) {
			unit_shift(r, a, z, unit, delta);
			r->ntoks = m + 2 - i;
			return true;
		}
		if (match_weekday(x, i, z, r) || match_month(x, i, a, r))
			return true;
	}
	int n = count_at(x, i);
	if (n > 0) {
		int unit = which(x, i + 1, n == 1 ? units : units_plural, 4);
		if (unit >= 0 && is(x, i + 2, "ago")) {
			unit_ago(r, a, z, unit, n);
			r->ntoks = 3;
			return true;
		}
	}
	return false;
}

typedef int (*found_fn)(void *user, const struct reldate_match *m, size_t token_end);

/* Calls found() for each relative date in text, in order; stops early if
 * it returns non-zero, and returns that value (else 0). */
static int scan(const char *text, size_t len, const struct reldate_date *a, found_fn found,
		void *user)
{
	struct sentence x = { .s = text, .len = len };
	long z = days_from_civil(a->year, a->month, a->day);
	size_t pos = 0;
	while (pos < len) {
		x.n = 0;
		while (x.n < MAX_TOKS && pos < len) {
			struct tok t;
			pos = next_token(text, len, pos, &t);
			if (t.len == 0)
				break;
			x.t[x.n++] = t;
			if (t.kind == T_SENT)
				break;
		}
		for (size_t i = 0; i < x.n; i++) {
			struct resolved r;
			if (!match_at(&x, i, a, z, &r))
				continue;
			if (!in_range(&r.m.date))
				continue;
			const struct tok *first = &x.t[r.first], *last = &x.t[r.first + r.ntoks - 1];
			r.m.start = first->start;
			r.m.len = last->start + last->base - first->start;
			int rc = found(user, &r.m, last->start + last->len);
			if (rc)
				return rc;
			i = r.first + r.ntoks - 1;
		}
	}
	return 0;
}

struct collect {
	struct reldate_match *out;
	size_t max, n;
};

static int collect_one(void *user, const struct reldate_match *m, size_t token_end)
{
	(void)token_end;
	struct collect *c = user;
	if (c->n < c->max)
		c->out[c->n] = *m;
	c->n++;
	return 0;
}

size_t reldate_scan(const char *text, size_t len, const struct reldate_date *article,
		    struct reldate_match *out, size_t max)
{
	if (!text || !article || !in_range(article) || article->month < 1 ||
	    article->month > 12 || article->day < 1 ||
	    article->day > days_in_month(article->year, article->month))
		return 0;
	struct collect c = { out, out ? max : 0, 0 };
	scan(text, len, article, collect_one, &c);
	return c.n;
}

size_t reldate_format(const struct reldate_match *m, char *buf, size_t size)
{
	const struct reldate_date *d = &m->date;
	int n;
	switch (m->precision) {
	case RELDATE_DAY: {
		long z = days_from_civil(d->year, d->month, d->day);
		n = snprintf(buf, size, "%s %d %s %d", weekdays[weekday_of(z)], d->day,
			     months[d->month - 1], d->year);
		break;
	}
	case RELDATE_WEEK:
		n = snprintf(buf, size, "week of %d %s %d", d->day, months[d->month - 1], d->year);
		break;
	case RELDATE_MONTH:
		n = snprintf(buf, size, "%s %d", months[d->month - 1], d->year);
		break;
	default:
		n = snprintf(buf, size, "%d", d->year);
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}

size_t reldate_format_iso(const char *iso, char *buf, size_t size)
{
	struct reldate_match m = { .precision = RELDATE_DAY };
	char full[11];
	size_t n = iso ? strlen(iso) : 0;
	if (size > 0)
		buf[0] = '\0';
	if (n == 4 || n == 7) {
		/* complete it to a day, then check it as one */
		memcpy(full, n == 4 ? "0000-01-01" : "0000-00-01", 11);
		memcpy(full, iso, n);
		m.precision = n == 4 ? RELDATE_YEAR : RELDATE_MONTH;
	} else if (n == 10) {
		memcpy(full, iso, 11);
	} else {
		return 0;
	}
	if (reldate_parse_iso(full, &m.date) != 0)
		return 0;
	return reldate_format(&m, buf, size);
}

struct annotate {
	const char *text;
	size_t len, done;
	struct strbuf *out;
	int notes;
};

static int annotate_one(void *user, const struct reldate_match *m, size_t token_end)
{
	struct annotate *an = user;
	size_t at = token_end;
	if (at + 1 < an->len && an->text[at] == ' ' && an->text[at + 1] == '[')
		return 0;
	char date[64];
	reldate_format(m, date, sizeof date);
	strbuf_append(an->out, an->text + an->done, at - an->done);
	strbuf_printf(an->out, " [%s]", date);
	an->done = at;
	an->notes++;
	return 0;
}

int reldate_annotate(const char *text, const char *article_date, struct strbuf *out)
{
	if (!text)
		return 0;
	struct annotate an = { .text = text, .len = strlen(text), .out = out };
	struct reldate_date a;
	if (reldate_parse_iso(article_date, &a) == 0)
		scan(text, an.len, &a, annotate_one, &an);
	strbuf_append(out, text + an.done, an.len - an.done);
	return strbuf_failed(out) ? BB_ENOMEM : an.notes;
}
