/* The running bot (`briefbot run`): one libuv loop shared by every
 * enabled platform adapter, the reloadable knowledge base, the router, the
 * store and the optional health/metrics endpoint. SIGINT and SIGTERM stop
 * it gracefully; SIGHUP re-reads the configuration file and the knowledge
 * base without dropping a connection (see app_reload()). */
#ifndef BB_APP_H
#define BB_APP_H

#include "bot/host.h"
#include "common/strbuf.h"

struct app;
struct config;

/* Where the configuration came from, for SIGHUP to read it again. The
 * strings must outlive the app. */
struct app_source {
	const char *config_path;   /* the --config file */
	const char *knowledge_dir; /* --knowledge, or NULL */
	/* --console: the console is a platform whatever the file says
	 * (host_force_console()), and the bot stops at the end of the input
	 * once no `add URL` is under way. */
	bool console;
};

/* Creates the bot from a configuration host_check_run() passed (which must
 * outlive it): loads the knowledge base, opens the store, starts the
 * [metrics] endpoint when configured and creates every enabled adapter.
 * Returns NULL and appends every reason to err on failure. */
struct app *app_new(const struct config *cfg, const struct app_source *src,
		    struct strbuf *err);

/* Runs until a signal or a fatal adapter error. Returns 0 after a clean
 * stop, 1 after a fatal error (already logged). */
int app_run(struct app *app);

/* What SIGHUP does: reads the configuration again and checks it as
 * `briefbot run` would (host_check_run(), knowledge base included). A bad
 * one is refused with its reasons logged, and everything running stays.
 * A good one is applied while the connections stay up: the keys marked
 * CONFIG_F_LIVE in bot/config_keys.def (prefix, permissions, cooldowns,
 * log level and format, knowledge_dir) take effect, the knowledge base is
 * reloaded through kb_holder_reload(), and every other key that changed
 * (tokens, homeserver, database, ...) is logged as needing a restart and
 * keeps its running value. Returns 0 when applied, a negative bb_err when
 * refused. */
int app_reload(struct app *app);

void app_free(struct app *app);

#endif
