/* `add URL`: fetches a news page and adds it to the live knowledge base,
 * without blocking the loop.
 *
 *   ingest_add()  checks the URL and starts the fetch (bot/net/http.c with
 *                 its guards: http(s) only, at most 5 redirects and never
 *                 to another scheme, a size cap, a timeout, and, unless
 *                 allow_private, only public addresses, checked on the
 *                 address actually connected to);
 *   on the answer html_article_extract() (knowledge/html_article.h) turns
 *                 the page into an article, which is checked on its own,
 *                 written as articles/ID.txt (a temp file renamed into
 *                 place) and loaded through kb_holder_reload(); an article
 *                 the knowledge base refuses is removed again;
 *   then          the outcome (title, sentences, the first facts found, or
 *                 why the page was refused) goes to the `post` callback for
 *                 the room the command came from, with an idempotency key
 *                 "add:" + 16 hex digits of a hash of the message id. */
#ifndef BB_INGEST_H
#define BB_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "bot/host.h"
#include "commands/message.h"
#include "commands/reply.h"
#include "common/log.h"
#include "common/strbuf.h"

struct ingest;

struct ingest_options {
	bool allow_private;        /* let pages come from loopback/private/link-local */
	size_t max_bytes;          /* page size cap; 0: 5 MiB */
	long timeout_ms;           /* one fetch, redirects included; 0: 20000 */
	const char *ca_file;       /* NULL: the system's CA store */
	const struct logger *log;  /* NULL: silent; must outlive the ingest */
};

/* Delivers the outcome of one add to the room it was asked in. The reply
 * is valid during the call only. */
typedef void (*ingest_post_fn)(void *user, enum platform platform, const char *room_id,
			       const struct reply *r, const char *idem_key);

/* Creates the ingest on `loop` for the knowledge base held by `kbh` (both
 * must outlive it). Returns NULL on allocation failure. */
struct ingest *ingest_new(uv_loop_t *loop, struct kb_holder *kbh,
			  const struct ingest_options *opt, ingest_post_fn post, void *post_user);

/* Checks `url` and starts fetching it for msg's room. Returns 0 (the
 * outcome is posted later, never from inside this call), or BB_EINVAL (not
 * an http(s) URL), BB_ELIMIT (too many adds under way), BB_ENOMEM, with
 * the reason appended to err. Matches router_host.add_url with `in` as
 * its user. */
int ingest_add(void *in, const struct bot_message *msg, const char *url, struct strbuf *err);

/* How many adds are under way (fetched, not yet posted). NULL: 0. */
size_t ingest_pending(const struct ingest *in);

/* Cancels the fetches under way (nothing is posted for them) and frees
 * the ingest; keep running the loop afterwards so its handles close.
 * NULL-safe. */
void ingest_free(struct ingest *in);

/* The idempotency key of the add asked for by `msg`: "add:" and 16 hex
 * digits of a hash of its message id (of room and URL when it has none). */
void ingest_idem_key(const struct bot_message *msg, const char *url, char out[24]);

/* Fills *out (zeroed by the caller) with the report of article `id` of
 * `kb`: its title, sentence count, source and date, and up to three facts
 * found in it (relations, then quotes, then people), each cited. Returns 0,
 * BB_ENOTFOUND if the article is not there, or BB_ENOMEM. */
int ingest_report(const struct kb *kb, const char *id, struct reply *out);

#endif
