/* The running bot (`briefbot run`): one libuv loop shared by every
 * enabled platform adapter, the reloadable knowledge base, the router and
 * the store. Signals (SIGINT, SIGTERM) stop it gracefully. */
#ifndef BB_APP_H
#define BB_APP_H

#include "bot/host.h"
#include "common/strbuf.h"

struct app;
struct config;

/* Creates the bot from a configuration host_check_run() passed (which must
 * outlive it):
 * loads the knowledge base, opens the store and creates every enabled
 * adapter. Returns NULL and appends every reason to err on failure. */
struct app *app_new(const struct config *cfg, struct strbuf *err);

/* Runs until a signal or a fatal adapter error. Returns 0 after a clean
 * stop, 1 after a fatal error (already reported on stderr). */
int app_run(struct app *app);

void app_free(struct app *app);

#endif
