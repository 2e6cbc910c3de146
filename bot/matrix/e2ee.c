/* Matrix end-to-end encryption, the protocol side; see e2ee.h.
 *
 * Store layout (bot/store.h, table crypto):
 *   account     USER|DEVICE             the Olm account; meta {"uploaded":true}
 *                                       once the device keys are on the server
 *   olm         CURVE|SESSION_ID        Olm sessions by their peer's curve key
 *   megolm_in   ROOM|SESSION_ID|CURVE   inbound group sessions; meta
 *                                       {"sender":..,"ed25519":..}
 *   megolm_out  ROOM                    our outbound session; meta
 *                                       {"created_ms":..,"shared":["USER|DEV",..]}
 * and megolm_index (ROOM|SESSION_ID|CURVE, index) -> event id. */
#include "bot/matrix/e2ee.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/matrix/mcrypto.h"
#include "bot/store.h"
#include "common/cjson_str.h"
#include "common/error.h"
#include "common/strbuf.h"

#define WEEK_MS (7LL * 24 * 3600 * 1000)
/* Message indexes are remembered this long: a replay of an older message
 * would be answered again. */
#define INDEX_KEEP_MS (90LL * 24 * 3600 * 1000)
#define KEY_OTK "signed_curve25519"

struct device {
	char *user, *id, *curve, *ed;
	bool verified;            /* cross-signed by its owner */
	struct device *next;
};

struct tracked {
	char *user;
	bool stale;
	char *master;             /* the owner's master key as first seen, or NULL */
	struct tracked *next;
};

struct outbound {
	char *room;
	struct mcrypto_megolm_out *s;
	int64_t created_ms;
	cJSON *shared;            /* array of "USER|DEVICE" */
	struct outbound *next;
};

/* An inbound Megolm session kept open: unpickling and advancing the
 * ratchet from its first index is most of a decrypt's cost. */
#define IN_CACHE 8
struct in_cached {
	char *row;                /* its id in the store: ROOM|SESSION|CURVE */
	char *sender;             /* who sent its key */
	struct mcrypto_megolm_in *s;
};

struct e2ee {
	struct store *st;
	char *user, *device, *pk;
	size_t pklen;
	bool verified_only;
	const struct logger *log;
	struct mcrypto_lib *lib; /* opened by e2ee_open, outlives every object */
	struct mcrypto_account *acct;
	bool uploaded;
	char account_id[600];
	struct device *devices;
	struct tracked *users;
	struct outbound *outs;
	struct in_cached in_cache[IN_CACHE];
	size_t in_next;           /* the slot replaced next */
};

/* ---- small helpers ---- */

static const cJSON *jobj(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsObject(v) ? v : NULL;
}

static bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* "a|b" or "a|b|c" in a new string. */
static char *join_ids(const char *a, const char *b, const char *c)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s|%s", a, b);
	if (c)
		strbuf_printf(&sb, "|%s", c);
	if (strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_steal(&sb);
}

static char *print_free(cJSON *j)
{
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	return text;
}

static int save_account(struct e2ee *e, int64_t now_ms)
{
	char *pickle = NULL;
	int err = mcrypto_account_pickle(e->acct, e->pk, e->pklen, &pickle);
	if (!err)
		err = store_crypto_put(e->st, "account", e->account_id, pickle,
				       e->uploaded ? "{\"uploaded\":true}" : "{}", now_ms);
	free(pickle);
	if (err)
		log_msg(e->log, LOG_ERROR, "e2ee", "cannot save the Olm account: %s",
			bb_strerror(err));
	return err;
}

/* ---- open and close ---- */

int e2ee_open(const struct e2ee_options *o, int64_t now_ms, struct e2ee **out, char *why,
	      size_t whylen)
{
	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	if (!o || !o->store || !o->user_id || !o->device_id || !o->pickle_key || !*o->pickle_key)
		return BB_EINVAL;
	struct e2ee *e = calloc(1, sizeof *e);
	if (!e)
		return BB_ENOMEM;
	e->st = o->store;
	e->log = o->log;
	e->verified_only = o->verified_only;
	e->user = strdup(o->user_id);
	e->device = strdup(o->device_id);
	e->pk = strdup(o->pickle_key);
	e->pklen = strlen(o->pickle_key);
	snprintf(e->account_id, sizeof e->account_id, "%s|%s", o->user_id, o->device_id);
	if (!e->user || !e->device || !e->pk) {
		e2ee_free(e);
		return BB_ENOMEM;
	}
	struct strbuf lib_err = {0};
	e->lib = mcrypto_lib_open(&lib_err);
	if (!e->lib) {
		if (why && whylen)
			snprintf(why, whylen, "%s", strbuf_str(&lib_err));
		strbuf_free(&lib_err);
		e2ee_free(e);
		return BB_ENOTFOUND;
	}
	strbuf_free(&lib_err);
	int err = 0;
	char *pickle = NULL, *meta = NULL;
	int got = store_crypto_get(e->st, "account", e->account_id, &pickle, &meta);
	if (got == 0) {
		err = mcrypto_account_unpickle(e->lib, pickle, e->pk, e->pklen, &e->acct);
		e->uploaded = meta && strstr(meta, "\"uploaded\":true");
		if (err == BB_EAUTH && why)
			snprintf(why, whylen, "the pickle key (matrix.pickle_key / MATRIX_PICKLE_KEY) "
				 "does not open the stored keys of device %s: set the key it was "
				 "made with, or see docs/matrix.md (\"Lost the pickle key\")",
				 o->device_id);
	} else if (got == BB_ENOTFOUND) {
		e->acct = mcrypto_account_new(e->lib);
		err = e->acct ? save_account(e, now_ms) : BB_ENOMEM;
		if (!err)
			log_msg(e->log, LOG_INFO, "e2ee", "new device keys for %s (curve25519 %s)",
				o->device_id, mcrypto_account_curve25519(e->acct));
	} else {
		err = got;
	}
	free(pickle);
	free(meta);
	if (err) {
		e2ee_free(e);
		return err;
	}
	size_t pruned = 0;
	if (store_megolm_index_prune(e->st, now_ms - INDEX_KEEP_MS, &pruned) == 0 && pruned)
		log_msg(e->log, LOG_INFO, "e2ee", "forgot %zu message indexes older than 90 days",
			pruned);
	*out = e;
	return 0;
}

static void outbound_free(struct outbound *ob)
{
	mcrypto_megolm_out_free(ob->s);
	cJSON_Delete(ob->shared);
	free(ob->room);
	free(ob);
}

void e2ee_free(struct e2ee *e)
{
	if (!e)
		return;
	while (e->devices) {
		struct device *d = e->devices;
		e->devices = d->next;
		free(d->user), free(d->id), free(d->curve), free(d->ed), free(d);
	}
	while (e->users) {
		struct tracked *t = e->users;
		e->users = t->next;
		free(t->user), free(t->master), free(t);
	}
	while (e->outs) {
		struct outbound *ob = e->outs;
		e->outs = ob->next;
		outbound_free(ob);
	}
	for (size_t i = 0; i < IN_CACHE; i++) {
		struct in_cached *c = &e->in_cache[i];
		free(c->row), free(c->sender);
		mcrypto_megolm_in_free(c->s);
	}
	mcrypto_account_free(e->acct);
	mcrypto_lib_close(e->lib);
	if (e->pk)
		explicit_bzero(e->pk, e->pklen);
	free(e->pk);
	free(e->user);
	free(e->device);
	free(e);
}

const char *e2ee_curve25519(const struct e2ee *e)
{
	return mcrypto_account_curve25519(e->acct);
}

const char *e2ee_ed25519(const struct e2ee *e)
{
	return mcrypto_account_ed25519(e->acct);
}

/* ---- our keys ---- */

/* Adds {"signed_curve25519:ID": {"key":K, ["fallback":true], signatures}}
 * for every key of `keys` to `into`. */
static int add_signed_keys(struct e2ee *e, cJSON *into, const cJSON *keys, bool fallback)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, keys) {
		cJSON *o = cJSON_CreateObject();
		char id[128];
		snprintf(id, sizeof id, KEY_OTK ":%s", k->string);
		if (!o || !cJSON_AddStringToObject(o, "key", k->valuestring) ||
		    (fallback && !cJSON_AddTrueToObject(o, "fallback")) ||
		    mcrypto_sign_json(e->acct, o, e->user, e->device) < 0) {
			cJSON_Delete(o);
			return BB_ENOMEM;
		}
		cJSON_AddItemToObject(into, id, o);
	}
	return 0;
}

char *e2ee_upload_body(struct e2ee *e, long server_count, bool fallback_missing)
{
	cJSON *body = cJSON_CreateObject();
	bool any = false;
	int err = body ? 0 : BB_ENOMEM;
	if (!err && !e->uploaded) {
		cJSON *dk = cJSON_AddObjectToObject(body, "device_keys");
		cJSON *algs = cJSON_AddArrayToObject(dk, "algorithms");
		cJSON_AddItemToArray(algs, cJSON_CreateString(MCRYPTO_OLM));
		cJSON_AddItemToArray(algs, cJSON_CreateString(MCRYPTO_MEGOLM));
		cJSON_AddStringToObject(dk, "device_id", e->device);
		cJSON_AddStringToObject(dk, "user_id", e->user);
		cJSON *keys = cJSON_AddObjectToObject(dk, "keys");
		char id[300];
		snprintf(id, sizeof id, "curve25519:%s", e->device);
		cJSON_AddStringToObject(keys, id, mcrypto_account_curve25519(e->acct));
		snprintf(id, sizeof id, "ed25519:%s", e->device);
		cJSON_AddStringToObject(keys, id, mcrypto_account_ed25519(e->acct));
		err = mcrypto_sign_json(e->acct, dk, e->user, e->device);
		any = true;
	}
	/* Unpublished keys from an upload that failed are sent again first. */
	cJSON *pending = NULL;
	if (!err)
		err = mcrypto_account_unpublished(e->acct, false, &pending);
	long want = (long)mcrypto_account_max_otks(e->acct) / 2;
	long have = (server_count < 0 ? 0 : server_count) + cJSON_GetArraySize(pending);
	if (!err && have < want) {
		err = mcrypto_account_generate_otks(e->acct, (size_t)(want - have));
		cJSON_Delete(pending);
		pending = NULL;
		if (!err)
			err = mcrypto_account_unpublished(e->acct, false, &pending);
	}
	if (!err && pending && pending->child) {
		err = add_signed_keys(e, cJSON_AddObjectToObject(body, "one_time_keys"), pending,
				      false);
		any = true;
	}
	cJSON_Delete(pending);
	cJSON *fb = NULL;
	if (!err)
		err = mcrypto_account_unpublished(e->acct, true, &fb);
	if (!err && !fb->child && (fallback_missing || !e->uploaded)) {
		cJSON_Delete(fb);
		fb = NULL;
		err = mcrypto_account_generate_fallback(e->acct);
		if (!err)
			err = mcrypto_account_unpublished(e->acct, true, &fb);
	}
	if (!err && fb && fb->child) {
		err = add_signed_keys(e, cJSON_AddObjectToObject(body, "fallback_keys"), fb, true);
		any = true;
	}
	cJSON_Delete(fb);
	if (err || !any) {
		if (err)
			log_msg(e->log, LOG_ERROR, "e2ee", "cannot make the key upload: %s",
				bb_strerror(err));
		cJSON_Delete(body);
		return NULL;
	}
	/* The new keys must survive a crash before the server has them. */
	save_account(e, 0);
	return print_free(body);
}

bool e2ee_published(const struct e2ee *e)
{
	return e->uploaded;
}

int e2ee_uploaded(struct e2ee *e, int64_t now_ms)
{
	mcrypto_account_mark_published(e->acct);
	e->uploaded = true;
	return save_account(e, now_ms);
}

/* ---- devices ---- */

static struct tracked *tracked_get(struct e2ee *e, const char *user, bool create)
{
	for (struct tracked *t = e->users; t; t = t->next)
		if (strcmp(t->user, user) == 0)
			return t;
	if (!create)
		return NULL;
	struct tracked *t = calloc(1, sizeof *t);
	if (!t || !(t->user = strdup(user))) {
		free(t);
		return NULL;
	}
	t->stale = true;
	t->next = e->users;
	e->users = t;
	return t;
}

static void devices_drop(struct e2ee *e, const char *user)
{
	for (struct device **p = &e->devices; *p;) {
		struct device *d = *p;
		if (strcmp(d->user, user) != 0) {
			p = &d->next;
			continue;
		}
		*p = d->next;
		free(d->user), free(d->id), free(d->curve), free(d->ed), free(d);
	}
}

void e2ee_device_lists(struct e2ee *e, const cJSON *device_lists)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(device_lists, "changed")) {
		struct tracked *t = cJSON_IsString(it) ? tracked_get(e, it->valuestring, false)
						       : NULL;
		if (t)
			t->stale = true;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(device_lists, "left")) {
		if (!cJSON_IsString(it))
			continue;
		devices_drop(e, it->valuestring);
		struct tracked *t = tracked_get(e, it->valuestring, false);
		if (t)
			t->stale = true;
	}
}

char *e2ee_query_body(struct e2ee *e, const char *const *users, size_t n)
{
	cJSON *body = cJSON_CreateObject();
	cJSON *dk = cJSON_AddObjectToObject(body, "device_keys");
	bool any = false;
	for (size_t i = 0; i < n && dk; i++) {
		struct tracked *t = tracked_get(e, users[i], true);
		if (t && t->stale && !cJSON_GetObjectItemCaseSensitive(dk, users[i])) {
			cJSON_AddArrayToObject(dk, users[i]);
			any = true;
		}
	}
	if (!any) {
		cJSON_Delete(body);
		return NULL;
	}
	return print_free(body);
}

/* The single ed25519 key of a cross-signing key object, or NULL. */
static const char *xsign_key(const cJSON *k, const char **id_out)
{
	const cJSON *keys = jobj(k, "keys");
	const cJSON *first = keys ? keys->child : NULL;
	if (!first || !cJSON_IsString(first) || strncmp(first->string, "ed25519:", 8) != 0)
		return NULL;
	*id_out = first->string;
	return first->valuestring;
}

/* Is device object `dev` of `user` cross-signed, per the query answer? */
static bool cross_signed(struct e2ee *e, const cJSON *resp, const char *user, const cJSON *dev)
{
	const char *mid = NULL, *sid = NULL;
	const char *master = xsign_key(jobj(jobj(resp, "master_keys"), user), &mid);
	const cJSON *ssk = jobj(jobj(resp, "self_signing_keys"), user);
	const char *self = xsign_key(ssk, &sid);
	if (!master || !self)
		return false;
	struct tracked *t = tracked_get(e, user, true);
	if (t && !t->master)
		t->master = strdup(master); /* trusted on first use */
	if (!t || !streq(t->master, master)) {
		log_msg(e->log, LOG_WARN, "e2ee", "%s: master key changed: devices not trusted",
			user);
		return false;
	}
	return mcrypto_verify_json(e->lib, ssk, user, mid, master) == 0 &&
	       mcrypto_verify_json(e->lib, dev, user, sid, self) == 0;
}

static int keep_device(struct e2ee *e, const cJSON *resp, const char *user, const char *id,
		       const cJSON *dev)
{
	char kid[300];
	snprintf(kid, sizeof kid, "curve25519:%s", id);
	const char *curve = cjson_str(jobj(dev, "keys"), kid);
	snprintf(kid, sizeof kid, "ed25519:%s", id);
	const char *ed = cjson_str(jobj(dev, "keys"), kid);
	if (!curve || !ed || !streq(cjson_str(dev, "user_id"), user) ||
	    !streq(cjson_str(dev, "device_id"), id) || mcrypto_verify_json(e->lib, dev, user, kid, ed) != 0) {
		log_msg(e->log, LOG_WARN, "e2ee", "%s device %s: keys not self-signed, ignored",
			user, id);
		return 0;
	}
	struct device *d = calloc(1, sizeof *d);
	if (!d || !(d->user = strdup(user)) || !(d->id = strdup(id)) ||
	    !(d->curve = strdup(curve)) || !(d->ed = strdup(ed))) {
		if (d)
			free(d->user), free(d->id), free(d->curve), free(d->ed);
		free(d);
		return BB_ENOMEM;
	}
	d->verified = cross_signed(e, resp, user, dev);
	d->next = e->devices;
	e->devices = d;
	return 1;
}

int e2ee_on_query(struct e2ee *e, const cJSON *resp)
{
	int kept = 0;
	const cJSON *u;
	cJSON_ArrayForEach(u, jobj(resp, "device_keys")) {
		if (!cJSON_IsObject(u))
			continue;
		devices_drop(e, u->string);
		struct tracked *t = tracked_get(e, u->string, true);
		if (t)
			t->stale = false;
		const cJSON *dev;
		cJSON_ArrayForEach(dev, u) {
			if (strcmp(u->string, e->user) == 0 && strcmp(dev->string, e->device) == 0)
				continue; /* ourselves */
			int r = keep_device(e, resp, u->string, dev->string, dev);
			if (r < 0)
				return r;
			kept += r;
		}
	}
	return kept;
}

/* ---- Olm sessions in the store ---- */

struct row {
	char *id, *pickle, *meta;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static int collect(void *user, const char *id, const char *pickle, const char *meta)
{
	struct rows *r = user;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4;
		struct row *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return BB_ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	struct row *w = &r->v[r->n];
	w->id = strdup(id ? id : "");
	w->pickle = strdup(pickle ? pickle : "");
	w->meta = strdup(meta ? meta : "");
	if (!w->id || !w->pickle || !w->meta) {
		free(w->id), free(w->pickle), free(w->meta);
		return BB_ENOMEM;
	}
	r->n++;
	return 0;
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].id), free(r->v[i].pickle), free(r->v[i].meta);
	free(r->v);
	memset(r, 0, sizeof *r);
}

static int save_olm(struct e2ee *e, const char *curve, struct mcrypto_olm *s, int64_t now_ms)
{
	char *pickle = NULL, *id = join_ids(curve, mcrypto_olm_id(s), NULL);
	int err = id ? mcrypto_olm_pickle(s, e->pk, e->pklen, &pickle) : BB_ENOMEM;
	if (!err)
		err = store_crypto_put(e->st, "olm", id, pickle, NULL, now_ms);
	free(pickle);
	free(id);
	return err;
}

/* The newest Olm session with `curve`, or NULL. */
static struct mcrypto_olm *olm_latest(struct e2ee *e, const char *curve)
{
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s|", curve);
	struct rows r = {0};
	struct mcrypto_olm *s = NULL;
	if (store_crypto_list(e->st, "olm", prefix, collect, &r) == 0 && r.n)
		mcrypto_olm_unpickle(e->lib, r.v[0].pickle, e->pk, e->pklen, &s);
	rows_free(&r);
	return s;
}

/* Decrypts an Olm message from `curve` with a stored session, or a new
 * inbound one for a pre-key message. */
static int olm_decrypt_from(struct e2ee *e, const char *curve, int type, const char *body,
			    int64_t now_ms, char **plain)
{
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s|", curve);
	struct rows r = {0};
	int err = store_crypto_list(e->st, "olm", prefix, collect, &r);
	struct mcrypto_olm *s = NULL;
	for (size_t i = 0; !err && i < r.n && !*plain; i++) {
		if (mcrypto_olm_unpickle(e->lib, r.v[i].pickle, e->pk, e->pklen, &s) != 0)
			continue;
		bool fits = type == MCRYPTO_OLM_MESSAGE || mcrypto_olm_matches(s, curve, body);
		if (fits && mcrypto_olm_decrypt(s, type, body, plain) == 0)
			save_olm(e, curve, s, now_ms);
		mcrypto_olm_free(s);
		s = NULL;
	}
	rows_free(&r);
	if (err || *plain)
		return err;
	if (type != MCRYPTO_OLM_PREKEY)
		return BB_EAUTH; /* no session of ours: maybe lost with the store */
	err = mcrypto_olm_inbound(e->acct, curve, body, &s);
	if (!err)
		err = mcrypto_olm_decrypt(s, type, body, plain);
	if (!err) {
		save_olm(e, curve, s, now_ms);
		save_account(e, now_ms); /* its one-time key is gone */
	}
	mcrypto_olm_free(s);
	return err;
}

/* ---- receiving ---- */

static int store_room_key(struct e2ee *e, const char *sender, const char *curve,
			  const cJSON *plain, int64_t now_ms, char *sid, size_t cap)
{
	const cJSON *c = jobj(plain, "content");
	const char *room = cjson_str(c, "room_id"), *id = cjson_str(c, "session_id");
	const char *key = cjson_str(c, "session_key");
	if (!streq(cjson_str(c, "algorithm"), MCRYPTO_MEGOLM) || !room || !id || !key)
		return BB_EPARSE;
	struct mcrypto_megolm_in *in = NULL;
	int err = mcrypto_megolm_in_new(e->lib, key, &in);
	if (!err && strcmp(mcrypto_megolm_in_id(in), id) != 0)
		err = BB_EAUTH;
	char *rid = err ? NULL : join_ids(room, id, curve);
	char *pickle = NULL;
	if (!err && !rid)
		err = BB_ENOMEM;
	if (!err)
		err = mcrypto_megolm_in_pickle(in, e->pk, e->pklen, &pickle);
	if (!err) {
		cJSON *meta = cJSON_CreateObject();
		cJSON_AddStringToObject(meta, "sender", sender);
		const char *ed = cjson_str(jobj(plain, "keys"), "ed25519");
		cJSON_AddStringToObject(meta, "ed25519", ed ? ed : "");
		char *m = print_free(meta);
		/* A key for a session we hold already never replaces it: the one
		 * held may reach further back. */
		char *old = NULL;
		if (store_crypto_get(e->st, "megolm_in", rid, &old, NULL) == BB_ENOTFOUND)
			err = store_crypto_put(e->st, "megolm_in", rid, pickle, m, now_ms);
		free(old);
		free(m);
	}
	if (!err) {
		snprintf(sid, cap, "%s", id);
		log_msg(e->log, LOG_DEBUG, "e2ee", "room key %s for %s from %s", id, room, sender);
	}
	free(pickle);
	free(rid);
	mcrypto_megolm_in_free(in);
	return err ? err : 1;
}

int e2ee_to_device(struct e2ee *e, const cJSON *ev, int64_t now_ms, char *sid, size_t cap)
{
	if (cap)
		sid[0] = '\0';
	const cJSON *c = jobj(ev, "content");
	const char *sender = cjson_str(ev, "sender"), *curve = cjson_str(c, "sender_key");
	if (!streq(cjson_str(ev, "type"), "m.room.encrypted") || !sender || !curve ||
	    !streq(cjson_str(c, "algorithm"), MCRYPTO_OLM))
		return 0;
	const cJSON *mine = jobj(jobj(c, "ciphertext"), mcrypto_account_curve25519(e->acct));
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(mine, "type");
	const char *body = cjson_str(mine, "body");
	if (!cJSON_IsNumber(type) || !body)
		return 0; /* not for this device */
	char *text = NULL;
	int err = olm_decrypt_from(e, curve, type->valueint, body, now_ms, &text);
	cJSON *plain = err ? NULL : cJSON_Parse(text);
	free(text);
	if (!err && !plain)
		err = BB_EPARSE;
	/* The plaintext must name the same sender and us, against a to-device
	 * message replayed or re-addressed by the server. */
	if (!err && (!streq(cjson_str(plain, "sender"), sender) || !streq(cjson_str(plain, "recipient"), e->user) ||
		     !streq(cjson_str(jobj(plain, "recipient_keys"), "ed25519"),
			    mcrypto_account_ed25519(e->acct))))
		err = BB_EAUTH;
	if (!err && streq(cjson_str(plain, "type"), "m.room_key"))
		err = store_room_key(e, sender, curve, plain, now_ms, sid, cap);
	cJSON_Delete(plain);
	if (err < 0)
		log_msg(e->log, LOG_WARN, "e2ee", "to-device message from %s (%s) not decrypted: %s",
			sender, curve, bb_strerror(err));
	return err;
}

/* The open session whose store id starts with `prefix` (ROOM|SESSION|, with
 * or without the curve key), or NULL. */
static struct in_cached *in_lookup(struct e2ee *e, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < IN_CACHE; i++)
		if (e->in_cache[i].row && strncmp(e->in_cache[i].row, prefix, n) == 0)
			return &e->in_cache[i];
	return NULL;
}

/* Opens the stored session `prefix` names into a cache slot. Returns 0,
 * BB_ENOTFOUND (no key yet), or a bb_err. */
static int in_load(struct e2ee *e, const char *prefix, struct in_cached **out)
{
	struct rows r = {0};
	int err = store_crypto_list(e->st, "megolm_in", prefix, collect, &r);
	if (!err && r.n == 0)
		err = BB_ENOTFOUND;
	struct mcrypto_megolm_in *in = NULL;
	if (!err)
		err = mcrypto_megolm_in_unpickle(e->lib, r.v[0].pickle, e->pk, e->pklen, &in);
	cJSON *meta = err ? NULL : cJSON_Parse(r.v[0].meta);
	const char *sender = cjson_str(meta, "sender");
	struct in_cached *c = &e->in_cache[e->in_next];
	if (!err) {
		e->in_next = (e->in_next + 1) % IN_CACHE;
		free(c->row), free(c->sender);
		mcrypto_megolm_in_free(c->s);
		c->row = strdup(r.v[0].id);
		c->sender = strdup(sender ? sender : "");
		c->s = in;
		if (!c->row || !c->sender) {
			free(c->row), free(c->sender);
			mcrypto_megolm_in_free(c->s);
			memset(c, 0, sizeof *c);
			err = BB_ENOMEM;
		}
	}
	cJSON_Delete(meta);
	rows_free(&r);
	*out = err ? NULL : c;
	return err;
}

int e2ee_decrypt(struct e2ee *e, const char *room_id, const char *sender, const char *event_id,
		 const cJSON *content, int64_t now_ms, cJSON **plain_out, char *sid, size_t cap)
{
	*plain_out = NULL;
	if (cap)
		sid[0] = '\0';
	const char *id = cjson_str(content, "session_id"), *ct = cjson_str(content, "ciphertext");
	const char *curve = cjson_str(content, "sender_key");
	if (!room_id || !sender || !event_id || !streq(cjson_str(content, "algorithm"), MCRYPTO_MEGOLM) || !id ||
	    !ct)
		return BB_EPARSE;
	snprintf(sid, cap, "%s", id);
	char *prefix = join_ids(room_id, id, curve ? curve : "");
	if (!prefix)
		return BB_ENOMEM;
	struct in_cached *c = in_lookup(e, prefix);
	int err = c ? 0 : in_load(e, prefix, &c);
	free(prefix);
	/* The session came over Olm from one user: only that user's events use
	 * it (the homeserver could relabel an event's sender). */
	if (!err && !streq(c->sender, sender))
		err = BB_EAUTH;
	char *text = NULL;
	uint32_t index = 0;
	if (!err)
		err = mcrypto_megolm_in_decrypt(c->s, ct, &text, &index);
	if (!err)
		err = store_megolm_index(e->st, c->row, index, event_id, now_ms);
	cJSON *plain = err ? NULL : cJSON_Parse(text);
	if (!err && (!plain || !jobj(plain, "content") || !cjson_str(plain, "type")))
		err = BB_EPARSE;
	if (!err && !streq(cjson_str(plain, "room_id"), room_id))
		err = BB_EAUTH; /* lifted from another room */
	if (err == BB_EEXIST)
		log_msg(e->log, LOG_WARN, "e2ee", "%s: replayed message index %u of session %s "
			"refused", event_id, (unsigned)index, id);
	free(text);
	if (err)
		cJSON_Delete(plain);
	else
		*plain_out = plain;
	return err;
}

int e2ee_sender_trusted(struct e2ee *e, const char *sender, const char *room_id,
			const cJSON *content)
{
	if (!e->verified_only)
		return 1;
	/* The key's sender: the curve key the session came from (the event's
	 * sender_key is optional since v1.3; the store row has it). */
	const char *curve = cjson_str(content, "sender_key");
	const char *sid = cjson_str(content, "session_id");
	char *prefix = sender && room_id && sid ? join_ids(room_id, sid, curve ? curve : "") : NULL;
	struct in_cached *c = prefix ? in_lookup(e, prefix) : NULL;
	free(prefix);
	if (!c)
		return 0;
	curve = strrchr(c->row, '|') + 1;
	struct tracked *t = tracked_get(e, sender, false);
	if (!t || t->stale)
		return BB_ENOTFOUND;
	for (struct device *d = e->devices; d; d = d->next)
		if (strcmp(d->user, sender) == 0 && strcmp(d->curve, curve) == 0)
			return d->verified ? 1 : 0;
	return 0;
}

/* ---- sending ---- */

static struct outbound *outbound_get(struct e2ee *e, const char *room, bool load)
{
	for (struct outbound *ob = e->outs; ob; ob = ob->next)
		if (strcmp(ob->room, room) == 0)
			return ob;
	if (!load)
		return NULL;
	char *pickle = NULL, *meta = NULL;
	struct outbound *ob = NULL;
	if (store_crypto_get(e->st, "megolm_out", room, &pickle, &meta) == 0) {
		ob = calloc(1, sizeof *ob);
		cJSON *m = cJSON_Parse(meta);
		if (ob && (ob->room = strdup(room)) &&
		    mcrypto_megolm_out_unpickle(e->lib, pickle, e->pk, e->pklen, &ob->s) == 0) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(m, "created_ms");
			ob->created_ms = cJSON_IsNumber(c) ? (int64_t)c->valuedouble : 0;
			ob->shared = cJSON_DetachItemFromObjectCaseSensitive(m, "shared");
			if (!cJSON_IsArray(ob->shared)) {
				cJSON_Delete(ob->shared);
				ob->shared = cJSON_CreateArray();
			}
			ob->next = e->outs;
			e->outs = ob;
		} else if (ob) {
			free(ob->room);
			free(ob);
			ob = NULL;
		}
		cJSON_Delete(m);
	}
	free(pickle);
	free(meta);
	return ob;
}

static int save_outbound(struct e2ee *e, struct outbound *ob, int64_t now_ms)
{
	char *pickle = NULL;
	int err = mcrypto_megolm_out_pickle(ob->s, e->pk, e->pklen, &pickle);
	cJSON *meta = cJSON_CreateObject();
	cJSON_AddNumberToObject(meta, "created_ms", (double)ob->created_ms);
	cJSON_AddItemReferenceToObject(meta, "shared", ob->shared);
	char *m = print_free(meta);
	if (!err)
		err = m ? store_crypto_put(e->st, "megolm_out", ob->room, pickle, m, now_ms)
			: BB_ENOMEM;
	free(pickle);
	free(m);
	return err;
}

void e2ee_rotate(struct e2ee *e, const char *room_id)
{
	for (struct outbound **p = &e->outs; *p; p = &(*p)->next) {
		if (strcmp((*p)->room, room_id) == 0) {
			struct outbound *ob = *p;
			*p = ob->next;
			outbound_free(ob);
			break;
		}
	}
	store_crypto_delete(e->st, "megolm_out", room_id);
}

static bool shared_with(const struct outbound *ob, const struct device *d)
{
	if (!ob)
		return false;
	const cJSON *it;
	size_t ul = strlen(d->user);
	cJSON_ArrayForEach(it, ob->shared)
		if (cJSON_IsString(it) && strncmp(it->valuestring, d->user, ul) == 0 &&
		    it->valuestring[ul] == '|' && strcmp(it->valuestring + ul + 1, d->id) == 0)
			return true;
	return false;
}

static bool in_users(const char *user, const char *const *users, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(users[i], user) == 0)
			return true;
	return false;
}

/* Devices we send the room key to: of the members, trusted, not us. */
static bool wanted(struct e2ee *e, const struct device *d, const char *const *users, size_t n)
{
	return in_users(d->user, users, n) && (!e->verified_only || d->verified);
}

char *e2ee_claim_body(struct e2ee *e, const char *room_id, const char *const *users, size_t n)
{
	struct outbound *ob = outbound_get(e, room_id, true);
	cJSON *body = cJSON_CreateObject();
	cJSON *otk = cJSON_AddObjectToObject(body, "one_time_keys");
	bool any = false;
	for (struct device *d = e->devices; d && otk; d = d->next) {
		if (!wanted(e, d, users, n) || shared_with(ob, d))
			continue;
		struct mcrypto_olm *s = olm_latest(e, d->curve);
		mcrypto_olm_free(s);
		if (s)
			continue;
		cJSON *u = cJSON_GetObjectItemCaseSensitive(otk, d->user);
		if (!u)
			u = cJSON_AddObjectToObject(otk, d->user);
		cJSON_AddStringToObject(u, d->id, KEY_OTK);
		any = true;
	}
	if (!any) {
		cJSON_Delete(body);
		return NULL;
	}
	return print_free(body);
}

int e2ee_on_claim(struct e2ee *e, const cJSON *resp, int64_t now_ms)
{
	int made = 0;
	const cJSON *u, *dev, *key;
	cJSON_ArrayForEach(u, jobj(resp, "one_time_keys")) {
		cJSON_ArrayForEach(dev, u) {
			struct device *d = NULL;
			for (struct device *x = e->devices; x; x = x->next)
				if (strcmp(x->user, u->string) == 0 && strcmp(x->id, dev->string) == 0)
					d = x;
			cJSON_ArrayForEach(key, dev) {
				char kid[300];
				snprintf(kid, sizeof kid, "ed25519:%s", dev->string);
				const char *k = cjson_str(key, "key");
				struct mcrypto_olm *s = NULL;
				if (!d || !k || strncmp(key->string, KEY_OTK ":", strlen(KEY_OTK) + 1) ||
				    mcrypto_verify_json(e->lib, key, d->user, kid, d->ed) != 0) {
					log_msg(e->log, LOG_WARN, "e2ee", "%s device %s: claimed "
						"key unsigned or unknown device", u->string,
						dev->string);
					continue;
				}
				if (mcrypto_olm_outbound(e->acct, d->curve, k, &s) == 0 &&
				    save_olm(e, d->curve, s, now_ms) == 0)
					made++;
				mcrypto_olm_free(s);
				break;
			}
		}
	}
	return made;
}

/* The Olm-encrypted to-device content carrying `plain_type`/`content` to d. */
static cJSON *olm_for(struct e2ee *e, struct device *d, const char *plain_type,
		      const cJSON *content, int64_t now_ms)
{
	struct mcrypto_olm *s = olm_latest(e, d->curve);
	if (!s)
		return NULL;
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "type", plain_type);
	cJSON_AddItemReferenceToObject(p, "content", (cJSON *)content);
	cJSON_AddStringToObject(p, "sender", e->user);
	cJSON_AddStringToObject(p, "sender_device", e->device);
	cJSON_AddStringToObject(p, "recipient", d->user);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(p, "recipient_keys"), "ed25519", d->ed);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(p, "keys"), "ed25519",
				mcrypto_account_ed25519(e->acct));
	char *text = print_free(p);
	int type = 0;
	char *body = NULL;
	cJSON *out = NULL;
	if (text && mcrypto_olm_encrypt(s, text, &type, &body) == 0 &&
	    save_olm(e, d->curve, s, now_ms) == 0) {
		out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "algorithm", MCRYPTO_OLM);
		cJSON_AddStringToObject(out, "sender_key", mcrypto_account_curve25519(e->acct));
		cJSON *msg = cJSON_AddObjectToObject(cJSON_AddObjectToObject(out, "ciphertext"),
						     d->curve);
		cJSON_AddNumberToObject(msg, "type", type);
		cJSON_AddStringToObject(msg, "body", body);
	}
	if (text)
		explicit_bzero(text, strlen(text));
	free(text);
	free(body);
	mcrypto_olm_free(s);
	return out;
}

/* The room's outbound session, made or rotated as needed. */
static struct outbound *outbound_current(struct e2ee *e, const char *room_id,
					 const struct e2ee_rotation *rot, int64_t now_ms)
{
	struct outbound *ob = outbound_get(e, room_id, true);
	int64_t max_ms = rot && rot->ms > 0 ? rot->ms : WEEK_MS;
	long max_msgs = rot && rot->msgs > 0 ? rot->msgs : 100;
	if (ob && (now_ms - ob->created_ms >= max_ms ||
		   mcrypto_megolm_out_index(ob->s) >= (uint32_t)max_msgs)) {
		log_msg(e->log, LOG_INFO, "e2ee", "%s: rotating outbound session %s", room_id,
			mcrypto_megolm_out_id(ob->s));
		e2ee_rotate(e, room_id);
		ob = NULL;
	}
	if (ob)
		return ob;
	ob = calloc(1, sizeof *ob);
	if (!ob || !(ob->room = strdup(room_id)) || !(ob->s = mcrypto_megolm_out_new(e->lib)) ||
	    !(ob->shared = cJSON_CreateArray())) {
		if (ob)
			outbound_free(ob);
		return NULL;
	}
	ob->created_ms = now_ms;
	ob->next = e->outs;
	e->outs = ob;
	/* Our own inbound copy, as the spec asks, so our echoes decrypt. */
	char *key = NULL, sid[128];
	if (mcrypto_megolm_out_key(ob->s, &key) == 0) {
		cJSON *plain = cJSON_CreateObject();
		cJSON *c = cJSON_AddObjectToObject(plain, "content");
		cJSON_AddStringToObject(c, "algorithm", MCRYPTO_MEGOLM);
		cJSON_AddStringToObject(c, "room_id", room_id);
		cJSON_AddStringToObject(c, "session_id", mcrypto_megolm_out_id(ob->s));
		cJSON_AddStringToObject(c, "session_key", key);
		store_room_key(e, e->user, mcrypto_account_curve25519(e->acct), plain, now_ms, sid,
			       sizeof sid);
		cJSON_Delete(plain);
		explicit_bzero(key, strlen(key));
	}
	free(key);
	save_outbound(e, ob, now_ms);
	return ob;
}

char *e2ee_share_body(struct e2ee *e, const char *room_id, const char *const *users, size_t n,
		      const struct e2ee_rotation *rot, int64_t now_ms, const char **session_out)
{
	if (session_out)
		*session_out = NULL;
	struct outbound *ob = outbound_current(e, room_id, rot, now_ms);
	if (!ob)
		return NULL;
	if (session_out)
		*session_out = mcrypto_megolm_out_id(ob->s);
	char *key = NULL;
	if (mcrypto_megolm_out_key(ob->s, &key) != 0)
		return NULL;
	cJSON *rk = cJSON_CreateObject();
	cJSON_AddStringToObject(rk, "algorithm", MCRYPTO_MEGOLM);
	cJSON_AddStringToObject(rk, "room_id", room_id);
	cJSON_AddStringToObject(rk, "session_id", mcrypto_megolm_out_id(ob->s));
	cJSON_AddStringToObject(rk, "session_key", key);
	explicit_bzero(key, strlen(key));
	free(key);
	cJSON *body = cJSON_CreateObject();
	cJSON *msgs = cJSON_AddObjectToObject(body, "messages");
	bool any = false;
	for (struct device *d = e->devices; d && msgs; d = d->next) {
		if (!wanted(e, d, users, n) || shared_with(ob, d))
			continue;
		cJSON *c = olm_for(e, d, "m.room_key", rk, now_ms);
		if (!c)
			continue; /* no Olm session: no one-time key was to be had */
		cJSON *u = cJSON_GetObjectItemCaseSensitive(msgs, d->user);
		if (!u)
			u = cJSON_AddObjectToObject(msgs, d->user);
		cJSON_AddItemToObject(u, d->id, c);
		char *tag = join_ids(d->user, d->id, NULL);
		if (tag)
			cJSON_AddItemToArray(ob->shared, cJSON_CreateString(tag));
		free(tag);
		any = true;
	}
	/* the session key in rk is wiped with it */
	cJSON *sk = cJSON_GetObjectItemCaseSensitive(rk, "session_key");
	if (cJSON_IsString(sk))
		explicit_bzero(sk->valuestring, strlen(sk->valuestring));
	cJSON_Delete(rk);
	if (!any) {
		cJSON_Delete(body);
		return NULL;
	}
	save_outbound(e, ob, now_ms);
	return print_free(body);
}

char *e2ee_encrypt(struct e2ee *e, const char *room_id, const char *type, const cJSON *content,
		   int64_t now_ms)
{
	struct outbound *ob = outbound_get(e, room_id, true);
	if (!ob)
		return NULL;
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "type", type);
	cJSON_AddItemReferenceToObject(p, "content", (cJSON *)content);
	cJSON_AddStringToObject(p, "room_id", room_id);
	char *text = print_free(p);
	char *ct = NULL;
	if (!text || mcrypto_megolm_out_encrypt(ob->s, text, &ct) != 0 ||
	    save_outbound(e, ob, now_ms) != 0) {
		free(text);
		free(ct);
		return NULL;
	}
	free(text);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "algorithm", MCRYPTO_MEGOLM);
	cJSON_AddStringToObject(c, "ciphertext", ct);
	cJSON_AddStringToObject(c, "sender_key", mcrypto_account_curve25519(e->acct));
	cJSON_AddStringToObject(c, "device_id", e->device);
	cJSON_AddStringToObject(c, "session_id", mcrypto_megolm_out_id(ob->s));
	const cJSON *rel = cJSON_GetObjectItemCaseSensitive(content, "m.relates_to");
	if (rel)
		cJSON_AddItemToObject(c, "m.relates_to", cJSON_Duplicate(rel, true));
	free(ct);
	return print_free(c);
}
