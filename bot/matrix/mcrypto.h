/* Matrix end-to-end crypto primitives: the one module that talks to the
 * crypto library (libolm 3.2 today; everything library-specific stays in
 * mcrypto.c, so that vodozemac can replace it behind the same interface).
 *
 * Offers, with Matrix's algorithm names:
 *   - an Olm account: identity keys (curve25519, ed25519), signing, one-time
 *     keys and a fallback key;
 *   - canonical JSON and signed JSON (the Matrix signing rules: sorted keys,
 *     no spaces, "signatures" and "unsigned" left out);
 *   - Olm sessions (m.olm.v1.curve25519-aes-sha2): outbound from a claimed
 *     one-time key, inbound from a pre-key message, encrypt and decrypt;
 *   - Megolm sessions (m.megolm.v1.aes-sha2): outbound (one per room) and
 *     inbound (one per room, sender key and session id).
 *
 * The library itself is opened at run time (mcrypto_lib_open), so that a
 * program that never encrypts never maps it; every object keeps the
 * library it was made with, which must outlive it.
 *
 * Every object can be pickled to a string encrypted with a pickle key (the
 * caller's secret) and unpickled again; a wrong key is BB_EAUTH. No I/O but
 * the system's random source (getrandom), no clock, no global state; none
 * of the objects is thread-safe. Strings returned as `char *` are malloc'ed
 * and the caller frees them; `const char *` ones live as long as the object.
 * Errors: 0 or a negative bb_err (common/error.h); BB_EPARSE for malformed
 * input (bad base64, a message that is not one), BB_EAUTH for a message or
 * pickle that fails authentication, BB_EINVAL for a bad argument. */
#ifndef BB_MCRYPTO_H
#define BB_MCRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct strbuf;

#define MCRYPTO_OLM "m.olm.v1.curve25519-aes-sha2"
#define MCRYPTO_MEGOLM "m.megolm.v1.aes-sha2"

/* ---- the library ---- */

struct mcrypto_lib;

/* Opens the crypto library. Returns NULL with one line appended to err
 * (naming the Debian package to install) when it is missing or lacks a
 * function. */
struct mcrypto_lib *mcrypto_lib_open(struct strbuf *err);

/* NULL-safe. Every object made with `lib` must be freed first. */
void mcrypto_lib_close(struct mcrypto_lib *lib);

/* ---- canonical JSON ---- */

/* Returns `v` as Matrix canonical JSON (object keys sorted by code point,
 * no insignificant whitespace, UTF-8 left as is), or NULL (out of memory,
 * or a number that is not an integer: canonical JSON has none). */
char *mcrypto_canonical_json(const struct cJSON *v);

/* ---- the account ---- */

struct mcrypto_account;

/* A new account with fresh identity keys, or NULL (out of memory, no
 * randomness). */
struct mcrypto_account *mcrypto_account_new(const struct mcrypto_lib *lib);

/* NULL-safe. Wipes the key material. */
void mcrypto_account_free(struct mcrypto_account *a);

/* The identity keys, unpadded base64. */
const char *mcrypto_account_curve25519(const struct mcrypto_account *a);
const char *mcrypto_account_ed25519(const struct mcrypto_account *a);

/* Stores in *out the account pickled with key[0..len). Returns 0 or a bb_err. */
int mcrypto_account_pickle(struct mcrypto_account *a, const void *key, size_t len, char **out);

/* Stores in *out the account in `pickle` (unchanged). Returns 0, BB_EAUTH
 * (wrong key or a damaged pickle), BB_ENOMEM. */
int mcrypto_account_unpickle(const struct mcrypto_lib *lib, const char *pickle, const void *key,
			     size_t len, struct mcrypto_account **out);

/* Signs msg[0..len) with the ed25519 key; *sig_out gets unpadded base64. */
int mcrypto_account_sign(struct mcrypto_account *a, const void *msg, size_t len, char **sig_out);

/* How many one-time keys the account can hold. */
size_t mcrypto_account_max_otks(const struct mcrypto_account *a);

/* Generates n more one-time keys. Returns 0 or a bb_err. */
int mcrypto_account_generate_otks(struct mcrypto_account *a, size_t n);

/* Generates a new fallback key (the previous one stays usable until
 * forgotten). Returns 0 or a bb_err. */
int mcrypto_account_generate_fallback(struct mcrypto_account *a);

/* Stores in *out a new object {key id: public key} of the one-time keys
 * not yet published (with `fallback`, of the unpublished fallback key).
 * Returns 0 or BB_ENOMEM. */
int mcrypto_account_unpublished(struct mcrypto_account *a, bool fallback, struct cJSON **out);

/* Marks every one-time and fallback key published. */
void mcrypto_account_mark_published(struct mcrypto_account *a);

/* ---- signed JSON ---- */

/* Signs object `obj` (without its "signatures" and "unsigned") as user
 * `user_id`, device `device_id`: adds signatures.USER["ed25519:DEVICE"].
 * Returns 0 or a bb_err. */
int mcrypto_sign_json(struct mcrypto_account *a, struct cJSON *obj, const char *user_id,
		      const char *device_id);

/* Checks the signature signatures.USER[KEY_ID] of `obj` with the ed25519
 * public key `ed25519` (unpadded base64). Returns 0 when it is there and
 * valid, BB_ENOTFOUND when there is none, BB_EAUTH when it is wrong. */
int mcrypto_verify_json(const struct mcrypto_lib *lib, const struct cJSON *obj,
			const char *user_id, const char *key_id, const char *ed25519);

/* ---- Olm sessions ---- */

struct mcrypto_olm;

#define MCRYPTO_OLM_PREKEY 0   /* message types, as in the "type" field */
#define MCRYPTO_OLM_MESSAGE 1

/* A session to the device whose identity key is `their_curve`, from one of
 * its claimed one-time (or fallback) keys. Returns 0 or a bb_err. */
int mcrypto_olm_outbound(struct mcrypto_account *a, const char *their_curve,
			 const char *their_otk, struct mcrypto_olm **out);

/* A session from pre-key message `body` sent by `their_curve`; the one-time
 * key it used is removed from the account (pickle the account after).
 * Returns 0, BB_EPARSE / BB_EAUTH for a bad message, or a bb_err. */
int mcrypto_olm_inbound(struct mcrypto_account *a, const char *their_curve, const char *body,
			struct mcrypto_olm **out);

/* Was pre-key message `body` from `their_curve` made for session `s`? */
bool mcrypto_olm_matches(struct mcrypto_olm *s, const char *their_curve, const char *body);

/* The session id (unpadded base64). */
const char *mcrypto_olm_id(const struct mcrypto_olm *s);

/* Encrypts plaintext `plain`: *type_out gets MCRYPTO_OLM_PREKEY or
 * MCRYPTO_OLM_MESSAGE, *body_out the base64 message. */
int mcrypto_olm_encrypt(struct mcrypto_olm *s, const char *plain, int *type_out, char **body_out);

/* Decrypts message `body` of `type`; *plain_out gets the NUL-terminated
 * plaintext. Returns 0, BB_EPARSE, BB_EAUTH (not for this session or
 * tampered with). */
int mcrypto_olm_decrypt(struct mcrypto_olm *s, int type, const char *body, char **plain_out);

int mcrypto_olm_pickle(struct mcrypto_olm *s, const void *key, size_t len, char **out);
int mcrypto_olm_unpickle(const struct mcrypto_lib *lib, const char *pickle, const void *key,
			 size_t len, struct mcrypto_olm **out);
void mcrypto_olm_free(struct mcrypto_olm *s);

/* ---- Megolm: outbound (ours, one per room) ---- */

struct mcrypto_megolm_out;

/* A new outbound group session, or NULL. */
struct mcrypto_megolm_out *mcrypto_megolm_out_new(const struct mcrypto_lib *lib);

const char *mcrypto_megolm_out_id(const struct mcrypto_megolm_out *s);

/* The index of the next message it will encrypt. */
uint32_t mcrypto_megolm_out_index(const struct mcrypto_megolm_out *s);

/* Stores in *out the session key at the current index (what m.room_key
 * carries). Returns 0 or a bb_err. */
int mcrypto_megolm_out_key(struct mcrypto_megolm_out *s, char **out);

/* Encrypts `plain` (the JSON {type, content, room_id}); *out gets base64. */
int mcrypto_megolm_out_encrypt(struct mcrypto_megolm_out *s, const char *plain, char **out);

int mcrypto_megolm_out_pickle(struct mcrypto_megolm_out *s, const void *key, size_t len,
			      char **out);
int mcrypto_megolm_out_unpickle(const struct mcrypto_lib *lib, const char *pickle,
				const void *key, size_t len, struct mcrypto_megolm_out **out);
void mcrypto_megolm_out_free(struct mcrypto_megolm_out *s);

/* ---- Megolm: inbound (theirs, and our own for echoes) ---- */

struct mcrypto_megolm_in;

/* An inbound session from session key `session_key` (base64, from
 * m.room_key). Returns 0, BB_EPARSE / BB_EAUTH for a bad key, or a bb_err. */
int mcrypto_megolm_in_new(const struct mcrypto_lib *lib, const char *session_key,
			  struct mcrypto_megolm_in **out);

const char *mcrypto_megolm_in_id(const struct mcrypto_megolm_in *s);
uint32_t mcrypto_megolm_in_first_index(const struct mcrypto_megolm_in *s);

/* Decrypts `ciphertext` (base64): *plain_out gets the plaintext and
 * *index_out the message index, which the caller checks for replays.
 * Returns 0, BB_EPARSE, BB_EAUTH, BB_ENOTFOUND (the index is before the
 * first one this session knows). */
int mcrypto_megolm_in_decrypt(struct mcrypto_megolm_in *s, const char *ciphertext,
			      char **plain_out, uint32_t *index_out);

int mcrypto_megolm_in_pickle(struct mcrypto_megolm_in *s, const void *key, size_t len,
			     char **out);
int mcrypto_megolm_in_unpickle(const struct mcrypto_lib *lib, const char *pickle,
			       const void *key, size_t len, struct mcrypto_megolm_in **out);
void mcrypto_megolm_in_free(struct mcrypto_megolm_in *s);

#endif
