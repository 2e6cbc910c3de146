/* What every briefbot program shares with the router, whichever front
 * end runs it (the console, the chat platforms): the live knowledge base
 * with a reload that keeps the old one when the new one fails its check,
 * the router's settings from the configuration, and loading that
 * configuration. No network code: the console and `briefbot ask` link
 * this without libcurl or libwebsockets. */
#ifndef BB_HOST_H
#define BB_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "commands/router.h"
#include "common/strbuf.h"

struct config;

/* The router host: the live knowledge base and its directory. */
struct kb_holder {
	const char *dir;
	struct kb *kb;
	int64_t started_ms;
	bool connected[PLATFORM_COUNT];
	/* Why the last reload was refused (its problems joined by "; "), or ""
	 * once a reload succeeds; `status` shows it. */
	char kb_error[512];
	/* kb_dir_fingerprint of the files the last load or reload read */
	uint64_t loaded_print;
	/* `add URL`, where the front end can fetch pages (bot/ingest.h's
	 * ingest_add and its ingest); NULL: not available. */
	int (*add_url)(void *user, const struct bot_message *msg, const char *url,
		       struct strbuf *err);
	void *add_user;
};
extern const struct router_host kb_holder_host;

/* Starts the clock for `status` and loads the knowledge base from `dir`
 * (which must outlive the holder). Returns 0, or BB_ECHECK with the
 * reasons appended to err. */
int kb_holder_load(struct kb_holder *h, const char *dir, struct strbuf *err);

/* THE way to reload the knowledge base (the `reload` command, SIGHUP, the
 * knowledge-directory watcher and `add` all call it): loads `dir` (NULL:
 * the current directory; else it must outlive the holder) and swaps it in,
 * clearing h->kb_error. Returns 0, or BB_ECHECK with the reasons appended
 * to err (NULL: not wanted) and kept in h->kb_error; the old base and
 * directory then stay. */
int kb_holder_reload(struct kb_holder *h, const char *dir, struct strbuf *err);

/* Do the knowledge directory's files differ from those the last load or
 * reload read (kb_dir_fingerprint)? The watcher reloads only then. */
bool kb_holder_changed(const struct kb_holder *h);

/* Fills *rc from the configuration's [general] and [permissions] keys.
 * The strings stay owned by cfg. */
void host_router_config(const struct config *cfg, struct router_config *rc);

/* Everything `briefbot run` refuses before it connects, checked on a
 * loaded configuration: config_validate()'s cross-field checks, no
 * platform enabled, a knowledge directory that fails its check, a
 * database file this user cannot create or write. One line per problem is
 * appended to errors. Returns the number of problems (0: run would
 * start). `briefbot check-config` and `briefbot run` both call this, so
 * they never disagree. */
int host_check_run(const struct config *cfg, struct strbuf *errors);

/* `briefbot run --console`: makes the console a platform of cfg, as one
 * more config line would. Returns 0, or BB_EINVAL with the reason in err. */
int host_force_console(struct config *cfg, struct strbuf *err);

/* The knowledge directory used when neither --knowledge nor knowledge_dir
 * names one: the installed one (DATADIR/briefbot/knowledge), or the source
 * tree's when this program runs from its build tree. A static string. */
const char *host_default_knowledge_dir(void);

/* The configuration at `path` (NULL: the defaults), with the environment
 * and then `knowledge_dir` (NULL: none, then host_default_knowledge_dir()
 * unless the file or environment set one) applied. Prints every problem to
 * stderr and returns NULL if there was any. Free with config_free(). */
struct config *host_load_config(const char *path, const char *knowledge_dir);
/* host_load_config() that appends the problems to err instead of printing
 * them (for a reload, whose problems go to the log). */
struct config *host_read_config(const char *path, const char *knowledge_dir,
				struct strbuf *err);

#endif
