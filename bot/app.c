#include "bot/app.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "bot/adapter.h"
#include "bot/console_uv.h"
#include "bot/config.h"
#include "bot/matrix/matrix.h"
#include "bot/discord/discord.h"
#include "bot/ingest.h"
#include "bot/kbwatch.h"
#include "bot/store.h"
#include "commands/render.h"
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
	struct kbwatch *watch;
	struct ingest *ingest;
	bool console_mode;            /* briefbot run --console */
	struct console_uv *console;
	bool console_eof;
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

/* The knowledge directory changed: reload through the holder (which keeps
 * the old base and the reason when the new one fails its check). */
static void on_kb_changed(void *user)
{
	struct app *app = user;
	struct strbuf err = {0};
	if (kb_holder_reload(&app->kbh, &err) == 0)
		log_msg(&app->log, LOG_INFO, "knowledge", "reloaded after a change: %zu articles, "
			"%zu sentences", kb_article_count(app->kbh.kb), kb_sentence_count(app->kbh.kb));
	else
		log_msg(&app->log, LOG_WARN, "knowledge", "reload refused, the old base stays: %s",
			app->kbh.kb_error);
	strbuf_free(&err);
}

/* Delivers a reply nobody asked for in this very message (the outcome of
 * an `add`) to a room: the console prints it; for Discord and Matrix it is
 * logged at info as plain text until the adapters have their `post`
 * operation (branch digest). The merge connects it here, one line after
 * the log:
 *   adapter_post(app, platform, room_id, r, idem_key);
 * where adapter_post finds the adapter of `platform` and calls its post. */
static void app_post(void *user, enum platform platform, const char *room_id,
		     const struct reply *r, const char *idem_key)
{
	struct app *app = user;
	if (platform == PLATFORM_CONSOLE && app->console) {
		console_uv_post(app->console, r);
		/* The input ended while this add was under way. */
		if (app->console_eof && ingest_pending(app->ingest) == 0)
			stop_all(app);
		return;
	}
	struct render_output ro = {0};
	if (render_reply(r, RENDER_PLAIN, 0, &ro) == 0)
		for (size_t i = 0; i < ro.n_chunks; i++)
			log_msg(&app->log, LOG_INFO, "app", "to %s room %s (%s): %s",
				platform_name(platform), room_id, idem_key, ro.chunks[i].text);
	render_output_free(&ro);
}

static void stop_all(struct app *app)
{
	if (app->stopping)
		return;
	app->stopping = true;
	kbwatch_free(app->watch);
	app->watch = NULL;
	app->kbh.add_url = NULL;
	ingest_free(app->ingest);
	app->ingest = NULL;
	console_uv_free(app->console);
	app->console = NULL;
	for (size_t i = 0; adapters[i]; i++)
		if (app->adapter[i])
			adapters[i]->stop(app->adapter[i]);
	uv_signal_stop(&app->sigint);
	uv_signal_stop(&app->sigterm);
	uv_close((uv_handle_t *)&app->sigint, NULL);
	uv_close((uv_handle_t *)&app->sigterm, NULL);
}

/* ---- life cycle ----------------------------------------------------------------- */

static void on_console_eof(void *user)
{
	struct app *app = user;
	app->console_eof = true;
	if (ingest_pending(app->ingest) == 0)
		stop_all(app);
}

static struct app *app_create(const struct config *cfg, bool console, struct strbuf *err)
{
	struct app *app = calloc(1, sizeof *app);
	if (!app) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	app->cfg = cfg;
	app->console_mode = console;
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
	static const char *const open_add[] = { "add" };
	if (strcmp(config_str(cfg, CONFIG_INGEST_ADD), "everyone") == 0) {
		rc.open_commands = open_add;
		rc.n_open_commands = 1;
	}
	app->router = router_new(&rc, &kb_holder_host, &app->kbh);
	if (!app->router || uv_loop_init(&app->loop) < 0) {
		strbuf_puts(err, "out of memory\n");
		goto fail;
	}
	app->loop_ready = true;
	uv_signal_init(&app->loop, &app->sigint);
	uv_signal_init(&app->loop, &app->sigterm);
	app->sigint.data = app->sigterm.data = app;
	if (strcmp(config_str(cfg, CONFIG_INGEST_ADD), "nobody") != 0) {
		const struct ingest_options io = {
			.allow_private = config_bool(cfg, CONFIG_INGEST_ALLOW_PRIVATE),
			.max_bytes = (size_t)config_int(cfg, CONFIG_INGEST_MAX_BYTES),
			.timeout_ms = config_int(cfg, CONFIG_INGEST_TIMEOUT_MS),
			.log = &app->log,
		};
		app->ingest = ingest_new(&app->loop, &app->kbh, &io, app_post, app);
		if (!app->ingest) {
			strbuf_puts(err, "out of memory\n");
			goto fail;
		}
		app->kbh.add_url = ingest_add;
		app->kbh.add_user = app->ingest;
	}
	if (config_bool(cfg, CONFIG_INGEST_WATCH)) {
		app->watch = kbwatch_new(&app->loop, app->kbh.dir,
					 (uint64_t)config_int(cfg, CONFIG_INGEST_DEBOUNCE_MS),
					 on_kb_changed, app, err);
		if (!app->watch)
			goto fail;
	}

	const struct adapter_env env = {
		.loop = &app->loop, .cfg = cfg, .store = app->store, .log = &app->log,
		.router = app->router, .fatal = on_fatal, .connected = on_connected, .app = app,
	};
	size_t enabled = 0;
	for (size_t i = 0; adapters[i]; i++) {
		if (!adapters[i]->enabled(cfg))
			continue;
		enabled++;
		app->adapter[i] = adapters[i]->create(&env, err);
		if (!app->adapter[i])
			goto fail;
	}
	if (enabled == 0 && !console) {
		strbuf_puts(err, "no platform is enabled: set enabled = true in [discord] or "
				 "[matrix] (or use 'briefbot console' or 'briefbot run --console')\n");
		goto fail;
	}
	return app;
fail:
	app_free(app);
	return NULL;
}

struct app *app_new(const struct config *cfg, struct strbuf *err)
{
	return app_create(cfg, false, err);
}

struct app *app_new_console(const struct config *cfg, struct strbuf *err)
{
	return app_create(cfg, true, err);
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
	if (app->console_mode && !app->stopping) {
		struct strbuf err = {0};
		app->console = console_uv_new(&app->loop, app->router, 0, stdout, on_console_eof,
					      app, &err);
		if (app->console) {
			app->kbh.connected[PLATFORM_CONSOLE] = true;
		} else {
			fprintf(stderr, "briefbot: console: %s", strbuf_str(&err));
			app->status = 1;
			stop_all(app);
		}
		strbuf_free(&err);
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
