/* Matrix E2E crypto over libolm; see mcrypto.h. The only file that
 * includes <olm/...>: swapping the library means rewriting this file. */
#include "bot/matrix/mcrypto.h"

#include <cjson/cJSON.h>
#include <olm/inbound_group_session.h>
#include <olm/olm.h>
#include <olm/outbound_group_session.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common/dynlib.h"
#include "common/error.h"

/* ---- the library ---- */

/* libolm (with libstdc++ behind it, 1.5 MB resident) is opened when
 * encryption starts (common/dynlib.h), not linked: a bot without it never
 * maps either. OLM_SONAME comes from the library built against
 * ("libolm.so.3", Debian libolm3). */
#ifndef OLM_SONAME
#error "OLM_SONAME comes from meson.build"
#endif

/* Every libolm function this file calls, once: it makes both the table's
 * pointers (typed from <olm/olm.h>, named as the functions) and the rows
 * dynlib_open() resolves. */
#define OLM_FUNCS(X) \
	X(olm_account) X(olm_account_generate_fallback_key) \
	X(olm_account_generate_fallback_key_random_length) \
	X(olm_account_generate_one_time_keys) \
	X(olm_account_generate_one_time_keys_random_length) X(olm_account_identity_keys) \
	X(olm_account_identity_keys_length) X(olm_account_last_error_code) \
	X(olm_account_mark_keys_as_published) X(olm_account_max_number_of_one_time_keys) \
	X(olm_account_one_time_keys) X(olm_account_one_time_keys_length) X(olm_account_sign) \
	X(olm_account_signature_length) X(olm_account_size) \
	X(olm_account_unpublished_fallback_key) \
	X(olm_account_unpublished_fallback_key_length) X(olm_clear_account) \
	X(olm_clear_inbound_group_session) X(olm_clear_outbound_group_session) \
	X(olm_clear_session) X(olm_clear_utility) X(olm_create_account) \
	X(olm_create_account_random_length) X(olm_create_inbound_session_from) \
	X(olm_create_outbound_session) X(olm_create_outbound_session_random_length) \
	X(olm_decrypt) X(olm_decrypt_max_plaintext_length) X(olm_ed25519_verify) \
	X(olm_encrypt) X(olm_encrypt_message_length) X(olm_encrypt_message_type) \
	X(olm_encrypt_random_length) X(olm_error) X(olm_group_decrypt) \
	X(olm_group_decrypt_max_plaintext_length) X(olm_group_encrypt) \
	X(olm_group_encrypt_message_length) X(olm_inbound_group_session) \
	X(olm_inbound_group_session_first_known_index) X(olm_inbound_group_session_id) \
	X(olm_inbound_group_session_id_length) X(olm_inbound_group_session_last_error_code) \
	X(olm_inbound_group_session_size) X(olm_init_inbound_group_session) \
	X(olm_init_outbound_group_session) X(olm_init_outbound_group_session_random_length) \
	X(olm_matches_inbound_session_from) X(olm_outbound_group_session) \
	X(olm_outbound_group_session_id) X(olm_outbound_group_session_id_length) \
	X(olm_outbound_group_session_key) X(olm_outbound_group_session_key_length) \
	X(olm_outbound_group_session_last_error_code) \
	X(olm_outbound_group_session_message_index) X(olm_outbound_group_session_size) \
	X(olm_pickle_account) X(olm_pickle_account_length) \
	X(olm_pickle_inbound_group_session) X(olm_pickle_inbound_group_session_length) \
	X(olm_pickle_outbound_group_session) X(olm_pickle_outbound_group_session_length) \
	X(olm_pickle_session) X(olm_pickle_session_length) X(olm_remove_one_time_keys) \
	X(olm_session) X(olm_session_id) X(olm_session_id_length) \
	X(olm_session_last_error_code) X(olm_session_size) X(olm_unpickle_account) \
	X(olm_unpickle_inbound_group_session) X(olm_unpickle_outbound_group_session) \
	X(olm_unpickle_session) X(olm_utility) X(olm_utility_size)

struct mcrypto_lib {
	struct dynlib *dl;
	size_t error; /* what every libolm call returns on failure */
#define OLM_POINTER(f) __typeof__(f) *f;
	OLM_FUNCS(OLM_POINTER)
#undef OLM_POINTER
};

struct mcrypto_lib *mcrypto_lib_open(struct strbuf *err)
{
	struct mcrypto_lib *lib = calloc(1, sizeof *lib);
	if (!lib) {
		strbuf_puts(err, "cannot load libolm: out of memory");
		return NULL;
	}
#define OLM_ROW(f) DYNLIB_SYM(#f, &lib->f),
	const struct dynlib_sym syms[] = { OLM_FUNCS(OLM_ROW) };
#undef OLM_ROW
	struct strbuf why = {0};
	lib->dl = dynlib_open(OLM_SONAME, syms, sizeof syms / sizeof syms[0], &why);
	if (!lib->dl) {
		const char *line = strbuf_str(&why);
		strbuf_printf(err, "libolm is missing or unusable (install the Debian package "
			      "libolm3): %.*s", (int)strcspn(line, "\n"), line);
		strbuf_free(&why);
		free(lib);
		return NULL;
	}
	strbuf_free(&why);
	lib->error = lib->olm_error();
	return lib;
}

void mcrypto_lib_close(struct mcrypto_lib *lib)
{
	if (!lib)
		return;
	dynlib_close(lib->dl);
	free(lib);
}

/* ---- helpers ---- */

static int map_err(enum OlmErrorCode code)
{
	switch (code) {
	case OLM_SUCCESS:
		return 0;
	case OLM_BAD_MESSAGE_MAC:
	case OLM_BAD_ACCOUNT_KEY:
	case OLM_BAD_MESSAGE_KEY_ID:
	case OLM_CORRUPTED_PICKLE:
	case OLM_BAD_SIGNATURE:
	case OLM_BAD_SESSION_KEY:
	case OLM_BAD_LEGACY_ACCOUNT_PICKLE:
	case OLM_PICKLE_EXTRA_DATA:
		return BB_EAUTH;
	case OLM_UNKNOWN_MESSAGE_INDEX:
		return BB_ENOTFOUND;
	case OLM_OUTPUT_BUFFER_TOO_SMALL:
		return BB_ETOOBIG;
	case OLM_BAD_MESSAGE_VERSION:
	case OLM_BAD_MESSAGE_FORMAT:
	case OLM_INVALID_BASE64:
	case OLM_UNKNOWN_PICKLE_VERSION:
	case OLM_INPUT_BUFFER_TOO_SMALL:
		return BB_EPARSE;
	default:
		return BB_EINVAL;
	}
}

/* n random bytes in a new buffer (n may be 0), or NULL. */
static void *random_bytes(size_t n)
{
	unsigned char *buf = malloc(n ? n : 1);
	size_t got = 0;
	while (buf && got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r <= 0) {
			free(buf);
			return NULL;
		}
		got += (size_t)r;
	}
	return buf;
}

static void wipe_free(void *p, size_t n)
{
	if (!p)
		return;
	explicit_bzero(p, n);
	free(p);
}


/* One libolm object kind, so pickling is written once. Each call goes
 * through the library's table, hence the `lib`. */
struct kind {
	size_t (*size)(const struct mcrypto_lib *lib);
	void *(*init)(const struct mcrypto_lib *lib, void *mem);
	size_t (*pickle_len)(const struct mcrypto_lib *lib, const void *o);
	size_t (*pickle)(const struct mcrypto_lib *lib, void *o, const void *key, size_t klen,
			 void *out, size_t olen);
	size_t (*unpickle)(const struct mcrypto_lib *lib, void *o, const void *key, size_t klen,
			   void *in, size_t ilen);
	enum OlmErrorCode (*last)(const struct mcrypto_lib *lib, const void *o);
	size_t (*clear)(const struct mcrypto_lib *lib, void *o);
};

static void *obj_new(const struct mcrypto_lib *lib, const struct kind *k)
{
	void *mem = malloc(k->size(lib));
	return mem ? k->init(lib, mem) : NULL;
}

static void obj_free(const struct mcrypto_lib *lib, const struct kind *k, void *o)
{
	if (!o)
		return;
	k->clear(lib, o);
	free(o);
}

static int obj_pickle(const struct mcrypto_lib *lib, const struct kind *k, void *o,
		      const void *key, size_t klen, char **out)
{
	*out = NULL;
	if (!o || !key || !klen)
		return BB_EINVAL;
	size_t n = k->pickle_len(lib, o);
	char *buf = malloc(n + 1);
	if (!buf)
		return BB_ENOMEM;
	if (k->pickle(lib, o, key, klen, buf, n) == lib->error) {
		free(buf);
		return map_err(k->last(lib, o));
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

static int obj_unpickle(const struct mcrypto_lib *lib, const struct kind *k, const char *pickle,
			const void *key, size_t klen, void **out)
{
	*out = NULL;
	if (!lib || !pickle || !key || !klen)
		return BB_EINVAL;
	void *o = obj_new(lib, k);
	char *copy = strdup(pickle); /* libolm decodes in place */
	int err = 0;
	if (!o || !copy)
		err = BB_ENOMEM;
	else if (k->unpickle(lib, o, key, klen, copy, strlen(copy)) == lib->error)
		err = map_err(k->last(lib, o));
	if (err == BB_EPARSE || err == BB_EINVAL)
		err = BB_EAUTH; /* damaged: as unusable as a wrong key */
	free(copy);
	if (err)
		obj_free(lib, k, o);
	else
		*out = o;
	return err;
}

/* ---- the kinds ---- */

#define KIND_WRAPPERS(name, T, sizefn, ctor, plen, pick, unpick, lasterr, clr)                \
	static size_t name##_size(const struct mcrypto_lib *lib) { return lib->sizefn(); }    \
	static void *name##_init(const struct mcrypto_lib *lib, void *m)                      \
	{ return lib->ctor(m); }                                                              \
	static size_t name##_plen(const struct mcrypto_lib *lib, const void *o)               \
	{ return lib->plen((const T *)o); }                                                   \
	static size_t name##_pick(const struct mcrypto_lib *lib, void *o, const void *k,      \
				  size_t kl, void *out, size_t ol)                            \
	{ return lib->pick((T *)o, k, kl, out, ol); }                                         \
	static size_t name##_unpick(const struct mcrypto_lib *lib, void *o, const void *k,    \
				    size_t kl, void *in, size_t il)                           \
	{ return lib->unpick((T *)o, k, kl, in, il); }                                        \
	static enum OlmErrorCode name##_last(const struct mcrypto_lib *lib, const void *o)    \
	{ return lib->lasterr((const T *)o); }                                                \
	static size_t name##_clear(const struct mcrypto_lib *lib, void *o)                    \
	{ return lib->clr((T *)o); }                                                          \
	static const struct kind name##_kind = { name##_size, name##_init, name##_plen,       \
						 name##_pick, name##_unpick, name##_last,     \
						 name##_clear };

KIND_WRAPPERS(acct, OlmAccount, olm_account_size, olm_account, olm_pickle_account_length,
	      olm_pickle_account, olm_unpickle_account, olm_account_last_error_code,
	      olm_clear_account)
KIND_WRAPPERS(sess, OlmSession, olm_session_size, olm_session, olm_pickle_session_length,
	      olm_pickle_session, olm_unpickle_session, olm_session_last_error_code,
	      olm_clear_session)
KIND_WRAPPERS(gout, OlmOutboundGroupSession, olm_outbound_group_session_size,
	      olm_outbound_group_session, olm_pickle_outbound_group_session_length,
	      olm_pickle_outbound_group_session, olm_unpickle_outbound_group_session,
	      olm_outbound_group_session_last_error_code, olm_clear_outbound_group_session)
KIND_WRAPPERS(gin, OlmInboundGroupSession, olm_inbound_group_session_size,
	      olm_inbound_group_session, olm_pickle_inbound_group_session_length,
	      olm_pickle_inbound_group_session, olm_unpickle_inbound_group_session,
	      olm_inbound_group_session_last_error_code, olm_clear_inbound_group_session)

/* ---- canonical JSON ---- */

static int cmp_keys(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string); /* strcmp orders UTF-8 by code point */
}

static void put_string(struct strbuf *sb, const char *s)
{
	strbuf_putc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': strbuf_puts(sb, "\\\""); break;
		case '\\': strbuf_puts(sb, "\\\\"); break;
		case '\b': strbuf_puts(sb, "\\b"); break;
		case '\f': strbuf_puts(sb, "\\f"); break;
		case '\n': strbuf_puts(sb, "\\n"); break;
		case '\r': strbuf_puts(sb, "\\r"); break;
		case '\t': strbuf_puts(sb, "\\t"); break;
		default:
			if (*p < 0x20)
				strbuf_printf(sb, "\\u%04x", *p);
			else
				strbuf_putc(sb, (char)*p);
		}
	}
	strbuf_putc(sb, '"');
}

static int put_value(struct strbuf *sb, const cJSON *v, int depth)
{
	if (depth > 64)
		return BB_ETOOBIG;
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		size_t n = 0;
		for (const cJSON *c = v->child; c; c = c->next)
			n++;
		const cJSON **items = malloc((n ? n : 1) * sizeof *items);
		if (!items)
			return BB_ENOMEM;
		n = 0;
		for (const cJSON *c = v->child; c; c = c->next)
			items[n++] = c;
		bool obj = cJSON_IsObject(v);
		if (obj)
			qsort(items, n, sizeof *items, cmp_keys);
		strbuf_putc(sb, obj ? '{' : '[');
		int err = 0;
		for (size_t i = 0; i < n && !err; i++) {
			if (i)
				strbuf_putc(sb, ',');
			if (obj) {
				put_string(sb, items[i]->string);
				strbuf_putc(sb, ':');
			}
			err = put_value(sb, items[i], depth + 1);
		}
		strbuf_putc(sb, obj ? '}' : ']');
		free(items);
		return err;
	}
	if (cJSON_IsString(v)) {
		put_string(sb, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d != (double)(long long)d || d > 9007199254740991.0 || d < -9007199254740991.0)
			return BB_EINVAL;
		strbuf_printf(sb, "%lld", (long long)d);
	} else if (cJSON_IsBool(v)) {
		strbuf_puts(sb, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		strbuf_puts(sb, "null");
	} else {
		return BB_EINVAL;
	}
	return 0;
}

char *mcrypto_canonical_json(const cJSON *v)
{
	struct strbuf sb = {0};
	if (!v || put_value(&sb, v, 0) < 0 || strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_steal(&sb);
}

/* ---- the account ---- */

struct mcrypto_account {
	const struct mcrypto_lib *lib;
	OlmAccount *olm;
	char curve[64], ed[64];
};

static int account_read_ids(struct mcrypto_account *a)
{
	const struct mcrypto_lib *lib = a->lib;
	size_t n = lib->olm_account_identity_keys_length(a->olm);
	char *buf = malloc(n + 1);
	if (!buf)
		return BB_ENOMEM;
	int err = BB_EPARSE;
	if (lib->olm_account_identity_keys(a->olm, buf, n) != lib->error) {
		buf[n] = '\0';
		cJSON *j = cJSON_Parse(buf);
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "curve25519");
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "ed25519");
		if (cJSON_IsString(c) && cJSON_IsString(e) && strlen(c->valuestring) < 64 &&
		    strlen(e->valuestring) < 64) {
			snprintf(a->curve, sizeof a->curve, "%s", c->valuestring);
			snprintf(a->ed, sizeof a->ed, "%s", e->valuestring);
			err = 0;
		}
		cJSON_Delete(j);
	}
	free(buf);
	return err;
}

struct mcrypto_account *mcrypto_account_new(const struct mcrypto_lib *lib)
{
	struct mcrypto_account *a = lib ? calloc(1, sizeof *a) : NULL;
	if (!a || !(a->lib = lib, a->olm = obj_new(lib, &acct_kind))) {
		free(a);
		return NULL;
	}
	size_t n = lib->olm_create_account_random_length(a->olm);
	void *rnd = random_bytes(n);
	if (!rnd || lib->olm_create_account(a->olm, rnd, n) == lib->error ||
	    account_read_ids(a) < 0) {
		wipe_free(rnd, n);
		mcrypto_account_free(a);
		return NULL;
	}
	wipe_free(rnd, n);
	return a;
}

void mcrypto_account_free(struct mcrypto_account *a)
{
	if (!a)
		return;
	obj_free(a->lib, &acct_kind, a->olm);
	free(a);
}

const char *mcrypto_account_curve25519(const struct mcrypto_account *a)
{
	return a->curve;
}

const char *mcrypto_account_ed25519(const struct mcrypto_account *a)
{
	return a->ed;
}

int mcrypto_account_pickle(struct mcrypto_account *a, const void *key, size_t len, char **out)
{
	return a ? obj_pickle(a->lib, &acct_kind, a->olm, key, len, out) : BB_EINVAL;
}

int mcrypto_account_unpickle(const struct mcrypto_lib *lib, const char *pickle, const void *key,
			     size_t len, struct mcrypto_account **out)
{
	*out = NULL;
	struct mcrypto_account *a = calloc(1, sizeof *a);
	if (!a)
		return BB_ENOMEM;
	a->lib = lib;
	void *o = NULL;
	int err = obj_unpickle(lib, &acct_kind, pickle, key, len, &o);
	a->olm = o;
	if (!err)
		err = account_read_ids(a);
	if (err)
		mcrypto_account_free(a);
	else
		*out = a;
	return err;
}

int mcrypto_account_sign(struct mcrypto_account *a, const void *msg, size_t len, char **sig_out)
{
	const struct mcrypto_lib *lib = a->lib;
	size_t n = lib->olm_account_signature_length(a->olm);
	char *sig = malloc(n + 1);
	*sig_out = NULL;
	if (!sig)
		return BB_ENOMEM;
	if (lib->olm_account_sign(a->olm, msg, len, sig, n) == lib->error) {
		free(sig);
		return map_err(lib->olm_account_last_error_code(a->olm));
	}
	sig[n] = '\0';
	*sig_out = sig;
	return 0;
}

size_t mcrypto_account_max_otks(const struct mcrypto_account *a)
{
	const struct mcrypto_lib *lib = a->lib;
	return lib->olm_account_max_number_of_one_time_keys(a->olm);
}

int mcrypto_account_generate_otks(struct mcrypto_account *a, size_t n)
{
	const struct mcrypto_lib *lib = a->lib;
	size_t rn = lib->olm_account_generate_one_time_keys_random_length(a->olm, n);
	void *rnd = random_bytes(rn);
	if (!rnd)
		return BB_ENOMEM;
	int err = lib->olm_account_generate_one_time_keys(a->olm, n, rnd, rn) == lib->error
			  ? map_err(lib->olm_account_last_error_code(a->olm))
			  : 0;
	wipe_free(rnd, rn);
	return err;
}

int mcrypto_account_generate_fallback(struct mcrypto_account *a)
{
	const struct mcrypto_lib *lib = a->lib;
	size_t rn = lib->olm_account_generate_fallback_key_random_length(a->olm);
	void *rnd = random_bytes(rn);
	if (!rnd)
		return BB_ENOMEM;
	int err = lib->olm_account_generate_fallback_key(a->olm, rnd, rn) == lib->error
			  ? map_err(lib->olm_account_last_error_code(a->olm))
			  : 0;
	wipe_free(rnd, rn);
	return err;
}

int mcrypto_account_unpublished(struct mcrypto_account *a, bool fallback, cJSON **out)
{
	const struct mcrypto_lib *lib = a->lib;
	*out = NULL;
	size_t n = fallback ? lib->olm_account_unpublished_fallback_key_length(a->olm)
			    : lib->olm_account_one_time_keys_length(a->olm);
	char *buf = malloc(n + 1);
	if (!buf)
		return BB_ENOMEM;
	size_t got = fallback ? lib->olm_account_unpublished_fallback_key(a->olm, buf, n)
			      : lib->olm_account_one_time_keys(a->olm, buf, n);
	int err = 0;
	if (got == lib->error) {
		err = map_err(lib->olm_account_last_error_code(a->olm));
	} else {
		buf[got] = '\0';
		cJSON *j = cJSON_Parse(buf);
		cJSON *keys = cJSON_DetachItemFromObjectCaseSensitive(j, "curve25519");
		cJSON_Delete(j);
		if (cJSON_IsObject(keys))
			*out = keys;
		else {
			cJSON_Delete(keys);
			err = BB_ENOMEM;
		}
	}
	free(buf);
	return err;
}

void mcrypto_account_mark_published(struct mcrypto_account *a)
{
	const struct mcrypto_lib *lib = a->lib;
	lib->olm_account_mark_keys_as_published(a->olm);
}

/* ---- signed JSON ---- */

/* The canonical JSON of obj without "signatures" and "unsigned". */
static char *signable(const cJSON *obj)
{
	cJSON *copy = cJSON_Duplicate(obj, true);
	if (!copy)
		return NULL;
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "signatures");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "unsigned");
	char *text = mcrypto_canonical_json(copy);
	cJSON_Delete(copy);
	return text;
}

int mcrypto_sign_json(struct mcrypto_account *a, cJSON *obj, const char *user_id,
		      const char *device_id)
{
	if (!cJSON_IsObject(obj) || !user_id || !device_id)
		return BB_EINVAL;
	char *text = signable(obj);
	char *sig = NULL;
	int err = text ? mcrypto_account_sign(a, text, strlen(text), &sig) : BB_ENOMEM;
	free(text);
	if (err)
		return err;
	cJSON *sigs = cJSON_GetObjectItemCaseSensitive(obj, "signatures");
	if (!cJSON_IsObject(sigs)) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "signatures");
		sigs = cJSON_AddObjectToObject(obj, "signatures");
	}
	cJSON *mine = cJSON_GetObjectItemCaseSensitive(sigs, user_id);
	if (!cJSON_IsObject(mine)) {
		cJSON_DeleteItemFromObjectCaseSensitive(sigs, user_id);
		mine = cJSON_AddObjectToObject(sigs, user_id);
	}
	struct strbuf id = {0};
	strbuf_printf(&id, "ed25519:%s", device_id);
	cJSON_DeleteItemFromObjectCaseSensitive(mine, strbuf_str(&id));
	err = mine && !strbuf_failed(&id) &&
			      cJSON_AddStringToObject(mine, strbuf_str(&id), sig)
		      ? 0
		      : BB_ENOMEM;
	strbuf_free(&id);
	free(sig);
	return err;
}

int mcrypto_verify_json(const struct mcrypto_lib *lib, const cJSON *obj, const char *user_id,
			const char *key_id, const char *ed25519)
{
	const cJSON *sigs = cJSON_GetObjectItemCaseSensitive(obj, "signatures");
	const cJSON *sig = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(sigs, user_id), key_id);
	if (!cJSON_IsString(sig) || !ed25519)
		return BB_ENOTFOUND;
	char *text = signable(obj);
	char *sigcopy = strdup(sig->valuestring); /* libolm may decode in place */
	int err = BB_ENOMEM;
	if (text && sigcopy) {
		void *mem = malloc(lib->olm_utility_size());
		OlmUtility *u = mem ? lib->olm_utility(mem) : NULL;
		if (u) {
			err = lib->olm_ed25519_verify(u, ed25519, strlen(ed25519), text,
						      strlen(text), sigcopy,
						      strlen(sigcopy)) == lib->error
				      ? BB_EAUTH
				      : 0;
			lib->olm_clear_utility(u);
			free(u);
		}
	}
	free(text);
	free(sigcopy);
	return err;
}

/* ---- Olm sessions ---- */

struct mcrypto_olm {
	const struct mcrypto_lib *lib;
	OlmSession *olm;
	char id[64];
};

static int sess_wrap(const struct mcrypto_lib *lib, OlmSession *o, struct mcrypto_olm **out)
{
	struct mcrypto_olm *s = calloc(1, sizeof *s);
	if (!s) {
		obj_free(lib, &sess_kind, o);
		return BB_ENOMEM;
	}
	s->lib = lib;
	s->olm = o;
	size_t n = lib->olm_session_id_length(o);
	if (n >= sizeof s->id || lib->olm_session_id(o, s->id, n) == lib->error) {
		mcrypto_olm_free(s);
		return BB_EINVAL;
	}
	s->id[n] = '\0';
	*out = s;
	return 0;
}

int mcrypto_olm_outbound(struct mcrypto_account *a, const char *their_curve,
			 const char *their_otk, struct mcrypto_olm **out)
{
	const struct mcrypto_lib *lib = a->lib;
	*out = NULL;
	if (!their_curve || !their_otk)
		return BB_EINVAL;
	OlmSession *o = obj_new(lib, &sess_kind);
	if (!o)
		return BB_ENOMEM;
	size_t rn = lib->olm_create_outbound_session_random_length(o);
	void *rnd = random_bytes(rn);
	int err = 0;
	if (!rnd)
		err = BB_ENOMEM;
	else if (lib->olm_create_outbound_session(o, a->olm, their_curve, strlen(their_curve),
						  their_otk, strlen(their_otk), rnd,
						  rn) == lib->error)
		err = map_err(lib->olm_session_last_error_code(o));
	wipe_free(rnd, rn);
	if (err) {
		obj_free(lib, &sess_kind, o);
		return err;
	}
	return sess_wrap(lib, o, out);
}

int mcrypto_olm_inbound(struct mcrypto_account *a, const char *their_curve, const char *body,
			struct mcrypto_olm **out)
{
	const struct mcrypto_lib *lib = a->lib;
	*out = NULL;
	if (!their_curve || !body)
		return BB_EINVAL;
	OlmSession *o = obj_new(lib, &sess_kind);
	char *copy = strdup(body);
	int err = 0;
	if (!o || !copy)
		err = BB_ENOMEM;
	else if (lib->olm_create_inbound_session_from(o, a->olm, their_curve,
						      strlen(their_curve), copy,
						      strlen(copy)) == lib->error)
		err = map_err(lib->olm_session_last_error_code(o));
	else if (lib->olm_remove_one_time_keys(a->olm, o) == lib->error)
		err = 0; /* a fallback key: it stays, as it should */
	free(copy);
	if (err) {
		obj_free(lib, &sess_kind, o);
		return err;
	}
	return sess_wrap(lib, o, out);
}

bool mcrypto_olm_matches(struct mcrypto_olm *s, const char *their_curve, const char *body)
{
	const struct mcrypto_lib *lib = s->lib;
	char *copy = body ? strdup(body) : NULL;
	bool yes = copy && their_curve &&
		   lib->olm_matches_inbound_session_from(s->olm, their_curve, strlen(their_curve),
							 copy, strlen(copy)) == 1;
	free(copy);
	return yes;
}

const char *mcrypto_olm_id(const struct mcrypto_olm *s)
{
	return s->id;
}

int mcrypto_olm_encrypt(struct mcrypto_olm *s, const char *plain, int *type_out, char **body_out)
{
	const struct mcrypto_lib *lib = s->lib;
	*body_out = NULL;
	*type_out = (int)lib->olm_encrypt_message_type(s->olm);
	size_t plen = strlen(plain);
	size_t rn = lib->olm_encrypt_random_length(s->olm);
	size_t n = lib->olm_encrypt_message_length(s->olm, plen);
	void *rnd = random_bytes(rn);
	char *buf = malloc(n + 1);
	int err = 0;
	if (!rnd || !buf)
		err = BB_ENOMEM;
	else if (lib->olm_encrypt(s->olm, plain, plen, rnd, rn, buf, n) == lib->error)
		err = map_err(lib->olm_session_last_error_code(s->olm));
	wipe_free(rnd, rn);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*body_out = buf;
	return 0;
}

int mcrypto_olm_decrypt(struct mcrypto_olm *s, int type, const char *body, char **plain_out)
{
	const struct mcrypto_lib *lib = s->lib;
	*plain_out = NULL;
	if (!body || (type != MCRYPTO_OLM_PREKEY && type != MCRYPTO_OLM_MESSAGE))
		return BB_EPARSE;
	char *copy = strdup(body);
	if (!copy)
		return BB_ENOMEM;
	size_t max =
		lib->olm_decrypt_max_plaintext_length(s->olm, (size_t)type, copy, strlen(copy));
	free(copy);
	if (max == lib->error)
		return map_err(lib->olm_session_last_error_code(s->olm));
	copy = strdup(body);
	char *plain = malloc(max + 1);
	int err = 0;
	size_t n = 0;
	if (!copy || !plain)
		err = BB_ENOMEM;
	else if ((n = lib->olm_decrypt(s->olm, (size_t)type, copy, strlen(copy), plain, max)) ==
		 lib->error)
		err = map_err(lib->olm_session_last_error_code(s->olm));
	free(copy);
	if (err) {
		wipe_free(plain, max + 1);
		return err;
	}
	plain[n] = '\0';
	*plain_out = plain;
	return 0;
}

int mcrypto_olm_pickle(struct mcrypto_olm *s, const void *key, size_t len, char **out)
{
	return s ? obj_pickle(s->lib, &sess_kind, s->olm, key, len, out) : BB_EINVAL;
}

int mcrypto_olm_unpickle(const struct mcrypto_lib *lib, const char *pickle, const void *key,
			 size_t len, struct mcrypto_olm **out)
{
	void *o = NULL;
	*out = NULL;
	int err = obj_unpickle(lib, &sess_kind, pickle, key, len, &o);
	return err ? err : sess_wrap(lib, o, out);
}

void mcrypto_olm_free(struct mcrypto_olm *s)
{
	if (!s)
		return;
	obj_free(s->lib, &sess_kind, s->olm);
	free(s);
}

/* ---- Megolm outbound ---- */

struct mcrypto_megolm_out {
	const struct mcrypto_lib *lib;
	OlmOutboundGroupSession *olm;
	char id[64];
};

static int gout_wrap(const struct mcrypto_lib *lib, OlmOutboundGroupSession *o,
		     struct mcrypto_megolm_out **out)
{
	struct mcrypto_megolm_out *s = calloc(1, sizeof *s);
	if (!s) {
		obj_free(lib, &gout_kind, o);
		return BB_ENOMEM;
	}
	s->lib = lib;
	s->olm = o;
	size_t n = lib->olm_outbound_group_session_id_length(o);
	if (n >= sizeof s->id ||
	    lib->olm_outbound_group_session_id(o, (uint8_t *)s->id, n) == lib->error) {
		mcrypto_megolm_out_free(s);
		return BB_EINVAL;
	}
	s->id[n] = '\0';
	*out = s;
	return 0;
}

struct mcrypto_megolm_out *mcrypto_megolm_out_new(const struct mcrypto_lib *lib)
{
	OlmOutboundGroupSession *o = lib ? obj_new(lib, &gout_kind) : NULL;
	if (!o)
		return NULL;
	size_t rn = lib->olm_init_outbound_group_session_random_length(o);
	void *rnd = random_bytes(rn);
	struct mcrypto_megolm_out *s = NULL;
	if (rnd && lib->olm_init_outbound_group_session(o, rnd, rn) != lib->error) {
		wipe_free(rnd, rn);
		return gout_wrap(lib, o, &s) == 0 ? s : NULL;
	}
	wipe_free(rnd, rn);
	obj_free(lib, &gout_kind, o);
	return NULL;
}

const char *mcrypto_megolm_out_id(const struct mcrypto_megolm_out *s)
{
	return s->id;
}

uint32_t mcrypto_megolm_out_index(const struct mcrypto_megolm_out *s)
{
	const struct mcrypto_lib *lib = s->lib;
	return lib->olm_outbound_group_session_message_index((OlmOutboundGroupSession *)s->olm);
}

int mcrypto_megolm_out_key(struct mcrypto_megolm_out *s, char **out)
{
	const struct mcrypto_lib *lib = s->lib;
	size_t n = lib->olm_outbound_group_session_key_length(s->olm);
	char *buf = malloc(n + 1);
	*out = NULL;
	if (!buf)
		return BB_ENOMEM;
	if (lib->olm_outbound_group_session_key(s->olm, (uint8_t *)buf, n) == lib->error) {
		free(buf);
		return map_err(lib->olm_outbound_group_session_last_error_code(s->olm));
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

int mcrypto_megolm_out_encrypt(struct mcrypto_megolm_out *s, const char *plain, char **out)
{
	const struct mcrypto_lib *lib = s->lib;
	size_t plen = strlen(plain);
	size_t n = lib->olm_group_encrypt_message_length(s->olm, plen);
	char *buf = malloc(n + 1);
	*out = NULL;
	if (!buf)
		return BB_ENOMEM;
	if (lib->olm_group_encrypt(s->olm, (const uint8_t *)plain, plen, (uint8_t *)buf, n) ==
	    lib->error) {
		free(buf);
		return map_err(lib->olm_outbound_group_session_last_error_code(s->olm));
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

int mcrypto_megolm_out_pickle(struct mcrypto_megolm_out *s, const void *key, size_t len,
			      char **out)
{
	return s ? obj_pickle(s->lib, &gout_kind, s->olm, key, len, out) : BB_EINVAL;
}

int mcrypto_megolm_out_unpickle(const struct mcrypto_lib *lib, const char *pickle,
				const void *key, size_t len, struct mcrypto_megolm_out **out)
{
	void *o = NULL;
	*out = NULL;
	int err = obj_unpickle(lib, &gout_kind, pickle, key, len, &o);
	return err ? err : gout_wrap(lib, o, out);
}

void mcrypto_megolm_out_free(struct mcrypto_megolm_out *s)
{
	if (!s)
		return;
	obj_free(s->lib, &gout_kind, s->olm);
	free(s);
}

/* ---- Megolm inbound ---- */

struct mcrypto_megolm_in {
	const struct mcrypto_lib *lib;
	OlmInboundGroupSession *olm;
	char id[64];
};

static int gin_wrap(const struct mcrypto_lib *lib, OlmInboundGroupSession *o,
		    struct mcrypto_megolm_in **out)
{
	struct mcrypto_megolm_in *s = calloc(1, sizeof *s);
	if (!s) {
		obj_free(lib, &gin_kind, o);
		return BB_ENOMEM;
	}
	s->lib = lib;
	s->olm = o;
	size_t n = lib->olm_inbound_group_session_id_length(o);
	if (n >= sizeof s->id ||
	    lib->olm_inbound_group_session_id(o, (uint8_t *)s->id, n) == lib->error) {
		mcrypto_megolm_in_free(s);
		return BB_EINVAL;
	}
	s->id[n] = '\0';
	*out = s;
	return 0;
}

int mcrypto_megolm_in_new(const struct mcrypto_lib *lib, const char *session_key,
			  struct mcrypto_megolm_in **out)
{
	*out = NULL;
	if (!lib || !session_key)
		return BB_EINVAL;
	OlmInboundGroupSession *o = obj_new(lib, &gin_kind);
	if (!o)
		return BB_ENOMEM;
	if (lib->olm_init_inbound_group_session(o, (const uint8_t *)session_key,
						strlen(session_key)) == lib->error) {
		int err = map_err(lib->olm_inbound_group_session_last_error_code(o));
		obj_free(lib, &gin_kind, o);
		return err;
	}
	return gin_wrap(lib, o, out);
}

const char *mcrypto_megolm_in_id(const struct mcrypto_megolm_in *s)
{
	return s->id;
}

uint32_t mcrypto_megolm_in_first_index(const struct mcrypto_megolm_in *s)
{
	const struct mcrypto_lib *lib = s->lib;
	return lib->olm_inbound_group_session_first_known_index(s->olm);
}

int mcrypto_megolm_in_decrypt(struct mcrypto_megolm_in *s, const char *ciphertext,
			      char **plain_out, uint32_t *index_out)
{
	const struct mcrypto_lib *lib = s->lib;
	*plain_out = NULL;
	if (!ciphertext)
		return BB_EPARSE;
	char *copy = strdup(ciphertext);
	if (!copy)
		return BB_ENOMEM;
	size_t max = lib->olm_group_decrypt_max_plaintext_length(s->olm, (uint8_t *)copy,
								 strlen(copy));
	free(copy);
	if (max == lib->error)
		return map_err(lib->olm_inbound_group_session_last_error_code(s->olm));
	copy = strdup(ciphertext);
	char *plain = malloc(max + 1);
	int err = 0;
	size_t n = 0;
	if (!copy || !plain)
		err = BB_ENOMEM;
	else if ((n = lib->olm_group_decrypt(s->olm, (uint8_t *)copy, strlen(copy),
					     (uint8_t *)plain, max, index_out)) == lib->error)
		err = map_err(lib->olm_inbound_group_session_last_error_code(s->olm));
	free(copy);
	if (err) {
		free(plain);
		return err;
	}
	plain[n] = '\0';
	*plain_out = plain;
	return 0;
}

int mcrypto_megolm_in_pickle(struct mcrypto_megolm_in *s, const void *key, size_t len,
			     char **out)
{
	return s ? obj_pickle(s->lib, &gin_kind, s->olm, key, len, out) : BB_EINVAL;
}

int mcrypto_megolm_in_unpickle(const struct mcrypto_lib *lib, const char *pickle,
			       const void *key, size_t len, struct mcrypto_megolm_in **out)
{
	void *o = NULL;
	*out = NULL;
	int err = obj_unpickle(lib, &gin_kind, pickle, key, len, &o);
	return err ? err : gin_wrap(lib, o, out);
}

void mcrypto_megolm_in_free(struct mcrypto_megolm_in *s)
{
	if (!s)
		return;
	obj_free(s->lib, &gin_kind, s->olm);
	free(s);
}
