#include "common/jscan.h"

#include <limits.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/error.h"
#include "common/hex.h"
#include "common/utf8.h"

#define MAX_NUMBER 63 /* cJSON reads at most 63 characters of a number */

/* ---- eight bytes at a time ---- */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static uint64_t load8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v); /* the first byte in the lowest bits */
#endif
	return v;
}

/* Non-zero iff some byte of v is zero (exact as a truth value). */
static uint64_t zero_byte(uint64_t v)
{
	return (v - ONES) & ~v & HIGHS;
}

/* Non-zero iff some byte of v equals c. */
static uint64_t has_byte(uint64_t v, unsigned char c)
{
	return zero_byte(v ^ (ONES * c));
}

/* Non-zero iff some byte of v is below 0x20. */
static uint64_t has_control(uint64_t v)
{
	return (v - ONES * 0x20) & ~v & HIGHS;
}

/* The first byte of v (in memory order) flagged in mask m, a result of
 * the tests above: the lowest flag is exact (a borrow only runs upwards). */
static size_t first_flagged(uint64_t m)
{
	return (size_t)__builtin_ctzll(m) >> 3;
}

/* p moved past bytes that cannot end or escape a string: in an unchecked
 * string also control characters stop it.  Sixteen bytes at a time with
 * SSE2 where there is SSE2 (every x86-64): most keys and values of a
 * gateway payload then take one step. */
static inline const char *skip_plain(const char *p, const char *end, bool checked)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i below = _mm_set1_epi8(0x1f);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
		if (!checked) /* v <= 0x1f unsigned: max(v, 0x1f) == 0x1f */
			m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, below), below));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#endif
	while (end - p >= 8) {
		uint64_t v = load8(p);
		uint64_t m = has_byte(v, '"') | has_byte(v, '\\') | (checked ? 0 : has_control(v));
		if (m)
			return p + first_flagged(m);
		p += 8;
	}
	while (p < end && *p != '"' && *p != '\\' && (checked || (unsigned char)*p >= 0x20))
		p++;
	return p;
}

/* p moved to the next quote or bracket; [ ] { } are 5b 5d 7b 7d. */
static const char *skip_to_structure(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t v = load8(p), folded = v | (ONES * 0x20);
		uint64_t m = has_byte(v, '"') | has_byte(folded, '{') | has_byte(folded, '}');
		if (m)
			return p + first_flagged(m);
		p += 8;
	}
	while (p < end && *p != '"' && *p != '{' && *p != '}' && *p != '[' && *p != ']')
		p++;
	return p;
}

/* ---- checking ---- */

static inline bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline const char *skip_ws(const char *p, const char *end)
{
	/* one test for the usual case: no whitespace at all */
	while (p < end && (unsigned char)*p <= ' ' &&
	       (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The four hex digits at p (p + 4 <= end checked by the caller), or -1. */
static long hex4(const char *p)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_value(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A \u escape at p (pointing at the backslash): the code point, and *next
 * past it (two escapes for a surrogate pair); -1 when cJSON would refuse
 * it or it is not strict JSON. */
static long unicode_escape(const char *p, const char *end, const char **next)
{
	if (end - p < 6 || p[1] != 'u')
		return -1;
	long first = hex4(p + 2);
	if (first < 0 || (first >= 0xDC00 && first <= 0xDFFF))
		return -1;
	if (first < 0xD800 || first > 0xDBFF) {
		*next = p + 6;
		return first;
	}
	if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
		return -1;
	long second = hex4(p + 8);
	if (second < 0xDC00 || second > 0xDFFF)
		return -1;
	*next = p + 12;
	return 0x10000 + (((first & 0x3FF) << 10) | (second & 0x3FF));
}

/* p at the opening quote; returns the byte after the closing one, or NULL. */
static inline __attribute__((always_inline)) const char *check_string(const char *p, const char *end,
								    bool key)
{
	p++;
	while ((p = skip_plain(p, end, false)) < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (key || p + 1 >= end)
			return NULL;
		if (p[1] == 'u') {
			if (unicode_escape(p, end, &p) < 0)
				return NULL;
		} else if (p[1] && strchr("\"\\/bfnrt", p[1])) {
			p += 2;
		} else {
			return NULL;
		}
	}
	return NULL;
}

static const char *digits(const char *p, const char *end)
{
	const char *start = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

static const char *check_number(const char *p, const char *end)
{
	const char *start = p;
	if (*p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!(p = digits(p, end)))
		return NULL;
	if (p < end && *p == '.' && !(p = digits(p + 1, end)))
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!(p = digits(p, end)))
			return NULL;
	}
	return p - start <= MAX_NUMBER ? p : NULL;
}

static const char *check_literal(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

#define NOT_WANTED (-2) /* no field: a member or container not noted */

/* The 6-bit hash of a name: its length and first byte, which tell apart
 * most keys of a gateway payload.  A key in the text is hashed from the
 * byte after its opening quote, which for an empty key is the closing
 * quote: so is an empty name. */
static unsigned name_hash(unsigned char first, size_t len)
{
	return (unsigned)(len * 7 + first) & 63;
}

/* The first min(len, 8) bytes at p as load8() reads them, the rest 0. */
static uint64_t head8(const char *p, size_t len)
{
	char buf[8] = {0};
	memcpy(buf, p, len < 8 ? len : 8);
	return load8(buf);
}

/* The fields being noted while checking, and where their values go. */
struct capture {
	const struct jscan_fields *set;
	struct jscan *out;
};

/* Whether the bytes of a key after its first 8 are the name's (the names
 * are short: a loop, not a call that would make the caller spill). */
static inline bool same_tail(const char *key, const char *name, size_t len)
{
	for (size_t i = 8; i < len; i++)
		if (key[i] != name[i])
			return false;
	return true;
}

/* The field a key of an object names: of those whose parent is `parent`
 * (the field that object is the value of; -1 the root), the one named
 * `key` and not noted yet (the first member counts, as in cJSON);
 * NOT_WANTED if none.  Most keys are no field: the filter says so without
 * walking the chain. */
static int field_of(const struct capture *cap, int parent, const char *key, size_t key_len,
		    const char *end)
{
	const struct jscan_fields *set = cap->set;
	unsigned h = name_hash((unsigned char)key[0], key_len);
	if (!(set->filter[parent + 1] >> h & 1))
		return NOT_WANTED;
	/* the key's first bytes in one load when the text goes on that far
	 * (it nearly always does: a value follows) */
	uint64_t head;
	if (end - key >= 8) {
		head = load8(key);
		if (key_len < 8)
			head &= (UINT64_C(1) << (8 * key_len)) - 1;
	} else {
		head = head8(key, key_len);
	}
	for (int i = set->slot[h]; i >= 0; i = set->same[i]) {
		if (set->parent[i] == parent && set->lens[i] == key_len && set->head[i] == head &&
		    !cap->out[i].p &&
		    same_tail(key, set->fields[i].name, key_len))
			return i;
	}
	return NOT_WANTED;
}

/* The checker: one loop over the text with an explicit stack of open
 * containers, no call per value (a gateway payload is mostly short keys
 * and values, where calls and returns would be most of the work).  At
 * depth d (containers open) it knows which field the container is the
 * value of (want[d]) and which field the member being read is (member[d],
 * its value from value[d]), so nested members are noted in the same pass. */
static int check(const char *text, size_t len, struct jscan *root, struct capture *cap)
{
	char open[JSCAN_MAX_DEPTH + 1]; /* the closing bracket of each open container */
	signed char want[JSCAN_MAX_DEPTH + 1], member[JSCAN_MAX_DEPTH + 1];
	const char *value[JSCAN_MAX_DEPTH + 1];
	size_t depth = 0;
	if (root)
		*root = (struct jscan){0};
	if (!text)
		return BB_EPARSE;
	const char *end = text + len;
	const char *start = skip_ws(text, end), *p = start;

want_value:
	if (p >= end)
		return BB_EPARSE;
	value[depth] = p;
	switch (*p) {
	case ' ':
	case '\t':
	case '\n':
	case '\r':
		p = skip_ws(p, end);
		goto want_value;
	case '{':
	case '[':
		if (depth >= JSCAN_MAX_DEPTH)
			return BB_EPARSE;
		depth++;
		open[depth] = *p == '{' ? '}' : ']';
		/* the root object, or an object that is a noted field's value */
		want[depth] = !cap || *p == '[' ? NOT_WANTED
			      : depth == 1	 ? -1
						 : member[depth - 1];
		member[depth] = NOT_WANTED;
		p = skip_ws(p + 1, end);
		if (p < end && *p == open[depth]) {
			p++;
			depth--;
			goto after_value;
		}
		if (open[depth] == ']')
			goto want_value;
		goto want_key;
	case '"':
		p = check_string(p, end, false);
		break;
	case 't':
		p = check_literal(p, end, "true");
		break;
	case 'f':
		p = check_literal(p, end, "false");
		break;
	case 'n':
		p = check_literal(p, end, "null");
		break;
	default:
		p = *p == '-' || (*p >= '0' && *p <= '9') ? check_number(p, end) : NULL;
		break;
	}
	if (!p)
		return BB_EPARSE;

	/* Between tokens the byte expected is tested first, whitespace only
	 * when it is not there: compact JSON (all of a gateway's) then pays
	 * nothing for whitespace it does not have. */
after_value:
	if (depth == 0)
		goto done;
	if (member[depth] >= 0) {
		cap->out[member[depth]] =
			(struct jscan){ value[depth], (size_t)(p - value[depth]) };
		member[depth] = NOT_WANTED;
	}
after_value_ws:
	if (p >= end)
		return BB_EPARSE;
	if (*p == ',') {
		p++;
		if (open[depth] == ']')
			goto want_value;
		goto want_key;
	}
	if (*p == open[depth]) {
		p++;
		depth--;
		goto after_value;
	}
	if (!is_ws(*p))
		return BB_EPARSE;
	p = skip_ws(p, end);
	goto after_value_ws;

want_key:
	if (p >= end)
		return BB_EPARSE;
	if (*p != '"') {
		if (!is_ws(*p))
			return BB_EPARSE;
		p = skip_ws(p, end);
		goto want_key;
	}
	const char *key = p;
	if (!(p = check_string(p, end, true)))
		return BB_EPARSE;
	if (want[depth] != NOT_WANTED)
		member[depth] = (signed char)field_of(cap, want[depth], key + 1,
						      (size_t)(p - key - 2), end);
	if (p < end && *p != ':')
		p = skip_ws(p, end);
	if (p >= end || *p != ':')
		return BB_EPARSE;
	p++;
	goto want_value;

done:
	if (skip_ws(p, end) != end)
		return BB_EPARSE;
	if (root)
		*root = (struct jscan){ start, (size_t)(p - start) };
	return 0;
}

int jscan_check(const char *text, size_t len, struct jscan *root)
{
	return check(text, len, root, NULL);
}

int jscan_fields_prepare(struct jscan_fields *set, const struct jscan_field *fields, size_t n)
{
	*set = (struct jscan_fields){ .fields = fields };
	memset(set->slot, -1, sizeof set->slot);
	if (n > JSCAN_MAX_FIELDS)
		return BB_ETOOBIG;
	/* backwards, so that each chain runs in the list's order */
	for (size_t i = n; i-- > 0;) {
		int parent = fields[i].parent;
		/* a parent must come first: then no loop, no index out of range */
		if (parent < -1 || parent >= (int)i)
			goto invalid;
		const char *name = fields[i].name;
		size_t len = strlen(name);
		unsigned h = name_hash(len ? (unsigned char)name[0] : '"', len);
		set->lens[i] = len;
		set->head[i] = head8(name, len);
		set->parent[i] = (signed char)parent;
		set->filter[parent + 1] |= UINT64_C(1) << h;
		set->same[i] = set->slot[h];
		set->slot[h] = (signed char)i;
	}
	set->n = n;
	return 0;
invalid:
	*set = (struct jscan_fields){ .fields = fields };
	memset(set->slot, -1, sizeof set->slot);
	return BB_EINVAL;
}

int jscan_check_prepared(const char *text, size_t len, const struct jscan_fields *set,
			 struct jscan *out, struct jscan *root)
{
	struct capture cap = { .set = set, .out = out };
	for (size_t i = 0; i < set->n; i++)
		out[i] = (struct jscan){0};
	int rc = check(text, len, root, &cap);
	if (rc < 0)
		for (size_t i = 0; i < set->n; i++)
			out[i] = (struct jscan){0};
	return rc;
}

int jscan_check_fields(const char *text, size_t len, const struct jscan_field *fields, size_t n,
		       struct jscan *out, struct jscan *root)
{
	struct jscan_fields set;
	for (size_t i = 0; i < n; i++)
		out[i] = (struct jscan){0};
	int rc = jscan_fields_prepare(&set, fields, n);
	if (rc == BB_ETOOBIG)
		return check(text, len, root, NULL);
	if (rc < 0)
		return rc;
	return jscan_check_prepared(text, len, &set, out, root);
}

int jscan_check_members(const char *text, size_t len, const char *const *names, size_t n,
			struct jscan *out, struct jscan *root)
{
	struct jscan_field fields[JSCAN_MAX_MEMBERS];
	if (n > JSCAN_MAX_MEMBERS) {
		for (size_t i = 0; i < n; i++)
			out[i] = (struct jscan){0};
		return check(text, len, root, NULL);
	}
	for (size_t i = 0; i < n; i++)
		fields[i] = (struct jscan_field){ names[i], -1 };
	return jscan_check_fields(text, len, fields, n, out, root);
}

/* ---- reading a checked text ---- */

/* jscan_type, inline for the readers here */
static inline enum jscan_type type_of(struct jscan v)
{
	if (!v.p || v.len == 0)
		return JSCAN_NONE;
	switch (v.p[0]) {
	case '{': return JSCAN_OBJECT;
	case '[': return JSCAN_ARRAY;
	case '"': return JSCAN_STRING;
	case 't': return JSCAN_TRUE;
	case 'f': return JSCAN_FALSE;
	case 'n': return JSCAN_NULL;
	default: return JSCAN_NUMBER;
	}
}

enum jscan_type jscan_type(struct jscan v)
{
	return type_of(v);
}

/* p at the opening quote of a checked string; the byte after the closing. */
static inline const char *skip_string(const char *p, const char *end)
{
	p++;
	while ((p = skip_plain(p, end, true)) < end) {
		if (*p == '"')
			return p + 1;
		p += 2; /* an escape: \" is no end */
	}
	return end;
}

/* p at '{' or '[' of a checked value; the byte after its closing bracket. */
static const char *skip_container(const char *p, const char *end)
{
	size_t depth = 0;
	while (p < end) {
		/* only quotes and brackets matter */
		p = skip_to_structure(p, end);
		if (p >= end)
			break;
		char c = *p;
		if (c == '"') {
			p = skip_string(p, end);
			continue;
		}
		p++;
		if (c == '{' || c == '[')
			depth++;
		else if (--depth == 0)
			return p;
	}
	return end;
}

/* p at the first byte of a checked value; the byte after it. */
static inline const char *skip_value(const char *p, const char *end)
{
	if (p >= end)
		return end;
	if (*p == '"')
		return skip_string(p, end);
	if (*p == '{' || *p == '[')
		return skip_container(p, end);
	while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
	       *p != '\t' && *p != '\n' && *p != '\r')
		p++;
	return p;
}

void jscan_iter_init(struct jscan container, struct jscan_iter *it)
{
	enum jscan_type t = type_of(container);
	if (t == JSCAN_OBJECT || t == JSCAN_ARRAY) {
		it->p = container.p + 1;
		it->end = container.p + container.len - 1; /* the closing bracket */
	} else {
		it->p = it->end = NULL;
	}
}

/* The next member or element of a checked container from p (after its
 * opening bracket or a value) before end (its closing bracket): sets *key
 * (object members; zeroed for elements) and *val, returns the byte after
 * the value; NULL at the end. */
static inline const char *next_item(const char *p, const char *end, bool object,
				    struct jscan *key, struct jscan *val)
{
	p = skip_ws(p, end);
	if (p < end && *p == ',')
		p = skip_ws(p + 1, end);
	if (p >= end)
		return NULL;
	*key = (struct jscan){0};
	if (object && *p == '"') {
		const char *k_end = skip_string(p, end);
		*key = (struct jscan){ p + 1, (size_t)(k_end - p - 2) };
		p = skip_ws(k_end, end);
		p = skip_ws(p + 1, end); /* the colon */
	}
	const char *v_end = skip_value(p, end);
	*val = (struct jscan){ p, (size_t)(v_end - p) };
	return v_end;
}

bool jscan_iter_next(struct jscan_iter *it, struct jscan *key, struct jscan *val)
{
	struct jscan k;
	const char *next = it->p ? next_item(it->p, it->end, it->end[0] == '}', &k, val) : NULL;
	if (key)
		*key = next ? k : (struct jscan){0};
	if (!next) {
		*val = (struct jscan){0};
		return false;
	}
	it->p = next;
	return true;
}

bool jscan_key_is(struct jscan key, const char *name)
{
	return key.p && strlen(name) == key.len && memcmp(key.p, name, key.len) == 0;
}

void jscan_members(struct jscan obj, const char *const *names, size_t n, struct jscan *out)
{
	struct jscan k, v;
	size_t lens[JSCAN_MAX_MEMBERS], found = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = (struct jscan){0};
		if (i < JSCAN_MAX_MEMBERS)
			lens[i] = strlen(names[i]);
	}
	if (type_of(obj) != JSCAN_OBJECT || n > JSCAN_MAX_MEMBERS)
		return;
	const char *p = obj.p + 1, *end = obj.p + obj.len - 1;
	while (found < n && (p = next_item(p, end, true, &k, &v))) {
		for (size_t i = 0; i < n; i++) {
			if (k.len == lens[i] && !out[i].p && memcmp(k.p, names[i], k.len) == 0) {
				out[i] = v;
				found++;
				break;
			}
		}
	}
}

bool jscan_get(struct jscan obj, const char *key, struct jscan *out)
{
	struct jscan_iter it;
	struct jscan k, v;
	*out = (struct jscan){0};
	if (type_of(obj) != JSCAN_OBJECT)
		return false;
	jscan_iter_init(obj, &it);
	while (jscan_iter_next(&it, &k, &v)) {
		if (jscan_key_is(k, key)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static char unescape(char c)
{
	switch (c) {
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	default: return c; /* " \ / */
	}
}

/* jscan_string of a string with escapes (kept out of line: the common
 * case, none, then needs no registers saved). */
static __attribute__((noinline)) int decode_escaped(struct jscan v, char *out, size_t size)
{
	const char *p = v.p + 1, *end = v.p + v.len - 1;
	size_t n = 0;
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		size_t plain = (size_t)((bs ? bs : end) - p);
		if (plain) {
			if (n + plain + 1 > size)
				return BB_ETOOBIG;
			memcpy(out + n, p, plain);
			n += plain;
			p += plain;
			continue;
		}
		if (p[1] == 'u') {
			long cp = unicode_escape(p, end, &p);
			if (cp < 0)
				return BB_EINVAL;
			char buf[4];
			size_t k = utf8_encode((uint32_t)cp, buf);
			if (n + k + 1 > size)
				return BB_ETOOBIG;
			memcpy(out + n, buf, k);
			n += k;
		} else {
			if (p + 1 >= end)
				return BB_EINVAL;
			if (n + 2 > size)
				return BB_ETOOBIG;
			out[n++] = unescape(p[1]);
			p += 2;
		}
	}
	if (n + 1 > size)
		return BB_ETOOBIG;
	out[n] = '\0';
	return (int)n;
}

int jscan_string(struct jscan v, char *out, size_t size)
{
	if (type_of(v) != JSCAN_STRING || v.len < 2)
		return BB_EINVAL;
	if (v.len > INT_MAX)
		return BB_ETOOBIG;
	const char *p = v.p + 1;
	size_t len = v.len - 2;
	if (memchr(p, '\\', len))
		return decode_escaped(v, out, size);
	if (len + 1 > size)
		return BB_ETOOBIG;
	memcpy(out, p, len);
	out[len] = '\0';
	return (int)len;
}

int jscan_int(struct jscan v, int64_t *out)
{
	if (type_of(v) != JSCAN_NUMBER)
		return BB_EINVAL;
	const char *p = v.p, *end = v.p + v.len;
	bool neg = p < end && *p == '-';
	if (neg)
		p++;
	if (p >= end || end - p > 15)
		return BB_EINVAL;
	int64_t n = 0;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return BB_EINVAL;
		n = n * 10 + (*p - '0');
	}
	*out = neg ? -n : n;
	return 0;
}
