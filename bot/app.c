#include "bot/app.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "bot/adapter.h"
#include "bot/config.h"
#include "bot/matrix/matrix.h"
#include "bot/discord/discord.h"
#include "bot/store.h"
#include "common/error.h"
#include "common/log.h"
#include "knowledge/kb.h"

/* Every platform adapter the program has, NULL-terminated; the
 * configuration enables them. */
static const struct adapter_ops *const adapters[] = {
	&discord_adapter,
	&matrix_adapter,
	NULL,
};
#define ADAPTER_SLOTS (sizeof adapters / sizeof adapters[0])

struct app {
	const struct config *cfg;
	uv_loop_t loop;
	bool loop_ready;
	uv_signal_t sigint, sigterm;
	struct logger log;
	struct store *store;
	struct kb_holder kbh;
	struct router *router;
	void *adapter[ADAPTER_SLOTS];
	bool stopping;
	int status;
};

/* ---- adapters' callbacks ------------------------------------------------------ */

static void stop_all(struct app *app);

static void on_fatal(void *user, const char *platform, const char *message)
{
	struct app *app = user;
	fprintf(stderr, "briefbot: %s: %s\n", platform, message);
	app->status = 1;
	stop_all(app);
}

static void on_connected(void *user, enum platform platform, bool up)
{
	struct app *app = user;
	if (platform < PLATFORM_COUNT)
		app->kbh.connected[platform] = up;
}

static void on_signal(uv_signal_t *sig, int signum)
{
	struct app *app = sig->data;
	log_msg(&app->log, LOG_INFO, "app", "signal %d: shutting down", signum);
	stop_all(app);
}

static void stop_all(struct app *app)
{
	if (app->stopping)
		return;
	app->stopping = true;
	for (size_t i = 0; adapters[i]; i++)
		if (app->adapter[i])
			adapters[i]->stop(app->adapter[i]);
	uv_signal_stop(&app->sigint);
	uv_signal_stop(&app->sigterm);
	uv_close((uv_handle_t *)&app->sigint, NULL);
	uv_close((uv_handle_t *)&app->sigterm, NULL);
}

/* ---- life cycle ----------------------------------------------------------------- */

struct app *app_new(const struct config *cfg, struct strbuf *err)
{
	struct app *app = calloc(1, sizeof *app);
	if (!app) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	app->cfg = cfg;
	int level = log_level_parse(config_str(cfg, CONFIG_GENERAL_LOG_LEVEL));
	app->log = (struct logger){ .min_level = level < 0 ? LOG_INFO : (enum log_level)level };
	if (kb_holder_load(&app->kbh, config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR), err) < 0)
		goto fail;
	char errbuf[512];
	app->store = store_new(config_str(cfg, CONFIG_GENERAL_DATABASE), errbuf, sizeof errbuf);
	if (!app->store) {
		strbuf_printf(err, "%s\n", errbuf);
		goto fail;
	}
	struct router_config rc;
	host_router_config(cfg, &rc);
	app->router = router_new(&rc, &kb_holder_host, &app->kbh);
	if (!app->router || uv_loop_init(&app->loop) < 0) {
		strbuf_puts(err, "out of memory\n");
		goto fail;
	}
	app->loop_ready = true;
	uv_signal_init(&app->loop, &app->sigint);
	uv_signal_init(&app->loop, &app->sigterm);
	app->sigint.data = app->sigterm.data = app;

	const struct adapter_env env = {
		.loop = &app->loop, .cfg = cfg, .store = app->store, .log = &app->log,
		.router = app->router, .fatal = on_fatal, .connected = on_connected, .app = app,
	};
	for (size_t i = 0; adapters[i]; i++) {
		if (!adapters[i]->enabled(cfg))
			continue;
		app->adapter[i] = adapters[i]->create(&env, err);
		if (!app->adapter[i])
			goto fail;
	}
	return app;
fail:
	app_free(app);
	return NULL;
}

int app_run(struct app *app)
{
	uv_signal_start(&app->sigint, on_signal, SIGINT);
	uv_signal_start(&app->sigterm, on_signal, SIGTERM);
	/* A peer closing a socket must not kill the process. */
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; adapters[i] && !app->stopping; i++) {
		if (!app->adapter[i])
			continue;
		int rc = adapters[i]->start(app->adapter[i]);
		if (rc < 0) {
			fprintf(stderr, "briefbot: %s: cannot start: %s\n",
				platform_name(adapters[i]->platform), bb_strerror(rc));
			app->status = 1;
			stop_all(app);
		}
	}
	uv_run(&app->loop, UV_RUN_DEFAULT);
	return app->status;
}

void app_free(struct app *app)
{
	if (!app)
		return;
	if (app->loop_ready && !app->stopping)
		stop_all(app); /* adapters created but never run: stop before destroy */
	for (size_t i = 0; adapters[i]; i++)
		if (app->adapter[i])
			adapters[i]->destroy(app->adapter[i]);
	if (app->loop_ready) {
		if (!app->stopping)
			stop_all(app);
		/* Let closing handles finish before the loop goes. */
		uv_run(&app->loop, UV_RUN_DEFAULT);
		uv_loop_close(&app->loop);
	}
	router_free(app->router);
	store_free(app->store);
	kb_free(app->kbh.kb);
	free(app);
}
