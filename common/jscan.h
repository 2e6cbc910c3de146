/* JSON read in place: check a text once, then look values up in it without
 * building a tree or allocating.  For hot paths that need a few fields of a
 * large document (a gateway MESSAGE_CREATE); everything else uses cJSON.
 *
 * jscan_check() accepts a strict subset of JSON on which cJSON (1.7) gives
 * the same values: RFC 8259 grammar, whole text, nesting at most
 * JSCAN_MAX_DEPTH, numbers at most 63 characters, no escape in an object
 * key, \u escapes with valid surrogate pairs.  A text it refuses may still
 * be JSON: fall back to cJSON then.  A text it accepts, cJSON accepts too,
 * with the same first member for every key and the same decoded strings.
 * Pure: no I/O, no allocation. */
#ifndef BB_JSCAN_H
#define BB_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSCAN_MAX_DEPTH 128

/* One value of a checked text: its bytes, without surrounding whitespace.
 * Only meaningful inside a text jscan_check() accepted (a zeroed span is
 * "no value"). */
struct jscan {
	const char *p;
	size_t len;
};

enum jscan_type {
	JSCAN_NONE = 0, /* a zeroed span */
	JSCAN_NULL,
	JSCAN_FALSE,
	JSCAN_TRUE,
	JSCAN_NUMBER,
	JSCAN_STRING,
	JSCAN_ARRAY,
	JSCAN_OBJECT,
};

/* Walks the members of an object or the elements of an array. */
struct jscan_iter {
	const char *p, *end;
};

/* Checks that text[0..len) is one JSON value in the subset above.
 * Returns 0 and sets *root (may be NULL) to the value, or BB_EPARSE. */
int jscan_check(const char *text, size_t len, struct jscan *root);

enum jscan_type jscan_type(struct jscan v);

/* The first member of object `obj` named `key` (compared byte for byte:
 * checked keys hold no escapes).  Returns true and sets *out, or false
 * (not found, or obj is no object) and zeroes *out. */
bool jscan_get(struct jscan obj, const char *key, struct jscan *out);

#define JSCAN_MAX_MEMBERS 16

/* Several jscan_get() in one walk: out[i] is the first member of `obj`
 * named names[i] (zeroed if none).  At most JSCAN_MAX_MEMBERS names (more:
 * every out[i] zeroed). */
void jscan_members(struct jscan obj, const char *const *names, size_t n, struct jscan *out);

/* jscan_check() and jscan_members() on the root in one pass (the root's
 * members are noted as the check goes, not walked again).  Returns 0 or
 * BB_EPARSE (every out[i] zeroed). */
int jscan_check_members(const char *text, size_t len, const char *const *names, size_t n,
			struct jscan *out, struct jscan *root);

#define JSCAN_MAX_FIELDS 32

/* A member to note while checking (jscan_check_fields): the member `name`
 * of the root object (parent -1) or of the object that is the value of
 * field `parent` (an index into the same list, below this one's). */
struct jscan_field {
	const char *name;
	int parent;
};

/* jscan_check() noting nested members in the same pass: out[i] is the
 * value of fields[i], the first member of that name in its object, as
 * cJSON_GetObjectItemCaseSensitive finds it (zeroed if none, or if its
 * parent's value is no object).  At most JSCAN_MAX_FIELDS fields (more:
 * every out[i] zeroed).  Returns 0, BB_EPARSE (every out[i] zeroed), or
 * BB_EINVAL when a parent index is not below its field's. */
int jscan_check_fields(const char *text, size_t len, const struct jscan_field *fields, size_t n,
		       struct jscan *out, struct jscan *root);

/* A list of fields made ready once (jscan_fields_prepare) for checking
 * many texts with it (jscan_check_prepared): per parent a 64-bit filter
 * of its names' hashes that turns most keys away with one test, the
 * fields by hash, and each name's length, parent and first eight bytes,
 * so that a key is matched in a few instructions.  A plain value: copy
 * it, no freeing; it points at the list, which must outlive it. */
struct jscan_fields {
	const struct jscan_field *fields;
	size_t n;
	uint64_t filter[JSCAN_MAX_FIELDS + 1]; /* [parent + 1]: bit hash(name) set */
	uint64_t head[JSCAN_MAX_FIELDS];       /* the name's first 8 bytes, 0-padded */
	size_t lens[JSCAN_MAX_FIELDS];
	signed char parent[JSCAN_MAX_FIELDS];
	/* the fields of each hash in a chain: slot[hash], then same[i] */
	signed char slot[64], same[JSCAN_MAX_FIELDS];
};

/* Makes *set ready for fields[0..n) (which must outlive it).  Returns 0,
 * BB_ETOOBIG for more than JSCAN_MAX_FIELDS fields, or BB_EINVAL when a
 * parent index is not below its field's. */
int jscan_fields_prepare(struct jscan_fields *set, const struct jscan_field *fields, size_t n);

/* jscan_check_fields() with a prepared list: out[i] for set->fields[i],
 * set->n of them.  Returns 0 or BB_EPARSE (every out[i] zeroed). */
int jscan_check_prepared(const char *text, size_t len, const struct jscan_fields *set,
			 struct jscan *out, struct jscan *root);

/* Starts walking `container`'s members (object) or elements (array); over
 * anything else the walk is empty. */
void jscan_iter_init(struct jscan container, struct jscan_iter *it);

/* The next member or element: true, with *val set and, for an object
 * member, *key (may be NULL) set to the key's raw bytes without quotes
 * (zeroed for an array element); false at the end. */
bool jscan_iter_next(struct jscan_iter *it, struct jscan *key, struct jscan *val);

/* Whether `key` (from jscan_iter_next) is `name`. */
bool jscan_key_is(struct jscan key, const char *name);

/* Decodes string `v` into out[0..size) as cJSON would, NUL-terminated (a
 * \u0000 in it therefore ends it as a C string).  Returns the bytes
 * written before the terminator, BB_EINVAL if v is no string, BB_ETOOBIG if
 * size is short (size >= v.len always suffices). */
int jscan_string(struct jscan v, char *out, size_t size);

/* A number written as a plain integer of at most 15 digits (exact as a
 * double): returns 0 and sets *out; BB_EINVAL otherwise (any other number
 * or type). */
int jscan_int(struct jscan v, int64_t *out);

#endif
