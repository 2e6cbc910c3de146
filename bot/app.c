#include "bot/app.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "bot/adapter.h"
#include "bot/config.h"
#include "bot/matrix.h"
#include "bot/discord.h"
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

/* ---- the router host ------------------------------------------------------- */

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const struct kb *holder_kb(void *user)
{
	return ((struct kb_holder *)user)->kb;
}

static int holder_reload(void *user, struct strbuf *err)
{
	struct kb_holder *h = user;
	struct kb *fresh = kb_load(h->dir, err);
	if (!fresh)
		return BB_ECHECK;
	kb_free(h->kb);
	h->kb = fresh;
	return 0;
}

static void holder_status(void *user, struct router_status *out)
{
	struct kb_holder *h = user;
	out->uptime_s = (monotonic_ms() - h->started_ms) / 1000;
	memcpy(out->connected, h->connected, sizeof out->connected);
}

const struct router_host kb_holder_host = {
	.kb = holder_kb,
	.reload = holder_reload,
	.status = holder_status,
};

void app_router_config(const struct config *cfg, struct router_config *rc)
{
	router_config_init(rc);
	rc->prefix = config_str(cfg, CONFIG_GENERAL_PREFIX);
	rc->n_admin_ids[PLATFORM_DISCORD] =
		config_list(cfg, CONFIG_PERMISSIONS_DISCORD_ADMINS, &rc->admin_ids[PLATFORM_DISCORD]);
	rc->n_admin_ids[PLATFORM_MATRIX] =
		config_list(cfg, CONFIG_PERMISSIONS_MATRIX_ADMINS, &rc->admin_ids[PLATFORM_MATRIX]);
	static const char *const console_admin[] = { "console" };
	if (config_bool(cfg, CONFIG_PERMISSIONS_CONSOLE_ADMIN)) {
		rc->admin_ids[PLATFORM_CONSOLE] = console_admin;
		rc->n_admin_ids[PLATFORM_CONSOLE] = 1;
	}
	rc->n_admin_role_ids = config_list(cfg, CONFIG_PERMISSIONS_DISCORD_ADMIN_ROLES,
					   &rc->admin_role_ids);
	rc->n_allow_rooms = config_list(cfg, CONFIG_PERMISSIONS_ALLOW_ROOMS, &rc->allow_rooms);
	rc->n_deny_rooms = config_list(cfg, CONFIG_PERMISSIONS_DENY_ROOMS, &rc->deny_rooms);
	rc->allow_dms = config_bool(cfg, CONFIG_GENERAL_ALLOW_DMS);
	rc->ignore_bots = config_bool(cfg, CONFIG_GENERAL_IGNORE_BOTS);
	rc->unknown_notice = config_bool(cfg, CONFIG_GENERAL_UNKNOWN_COMMAND_REPLY);
	long per_user = config_int(cfg, CONFIG_GENERAL_COOLDOWN_USER_PER_MIN);
	long per_room = config_int(cfg, CONFIG_GENERAL_COOLDOWN_ROOM_PER_MIN);
	/* "N per minute": a burst of N, refilled one every 60/N seconds;
	 * 0 means no limit (an empty rate), as the key's doc says. */
	rc->user_rate = (struct cooldown_rate){ 0, 0 };
	rc->room_rate = (struct cooldown_rate){ 0, 0 };
	if (per_user > 0)
		rc->user_rate = (struct cooldown_rate){ .burst = (int)per_user,
							.refill_ms = 60000 / per_user };
	if (per_room > 0)
		rc->room_rate = (struct cooldown_rate){ .burst = (int)per_room,
							.refill_ms = 60000 / per_room };
}

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
	app->kbh.dir = config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR);
	app->kbh.started_ms = monotonic_ms();
	app->kbh.kb = kb_load(app->kbh.dir, err);
	if (!app->kbh.kb)
		goto fail;
	char errbuf[512];
	app->store = store_new(config_str(cfg, CONFIG_GENERAL_DATABASE), errbuf, sizeof errbuf);
	if (!app->store) {
		strbuf_printf(err, "%s\n", errbuf);
		goto fail;
	}
	struct router_config rc;
	app_router_config(cfg, &rc);
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
	size_t enabled = 0;
	for (size_t i = 0; adapters[i]; i++) {
		if (!adapters[i]->enabled(cfg))
			continue;
		enabled++;
		app->adapter[i] = adapters[i]->create(&env, err);
		if (!app->adapter[i])
			goto fail;
	}
	if (enabled == 0) {
		strbuf_puts(err, "no platform is enabled: set enabled = true in [discord] or "
				 "[matrix] (or use 'briefbot console')\n");
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
