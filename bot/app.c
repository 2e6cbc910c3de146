#include "bot/app.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "bot/adapter.h"
#include "bot/config.h"
#include "bot/console_adapter.h"
#include "bot/matrix/matrix.h"
#include "bot/discord/discord.h"
#include "bot/digest/scheduler.h"
#include "bot/store.h"
#include "common/error.h"
#include "common/log.h"
#include "knowledge/kb.h"

/* Every platform adapter the program has, NULL-terminated; the
 * configuration enables them. */
static const struct adapter_ops *const adapters[] = {
	&discord_adapter,
	&matrix_adapter,
	&console_adapter,
	NULL,
};
#define ADAPTER_SLOTS (sizeof adapters / sizeof adapters[0])

struct app {
	const struct config *cfg;
	uv_loop_t loop;
	bool loop_ready;
	uv_signal_t sigint, sigterm, sigusr2;
	struct logger log;
	struct store *store;
	struct kb_holder kbh;
	struct router_host host;  /* kb_holder_host plus the digest commands */
	struct router *router;
	struct scheduler *sched;
	const char *clock_file;   /* BRIEFBOT_TEST_CLOCK_FILE, tests only; or NULL */
	int64_t clock_offset_ms;
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
	scheduler_platform_up(app->sched, platform, up);
}

/* ---- the scheduler's view of the app ---------------------------------------- */

/* The test clock: BRIEFBOT_TEST_CLOCK_FILE names a file holding a whole
 * number of seconds added to the wall clock; SIGUSR2 re-reads it. Only
 * tests set it; without it the clock is the system's. */
static void read_clock_file(struct app *app)
{
	FILE *f = fopen(app->clock_file, "r");
	char buf[64] = "";
	if (f) {
		if (!fgets(buf, sizeof buf, f))
			buf[0] = '\0';
		fclose(f);
	}
	char *end = NULL;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (!f || end == buf || errno) {
		log_msg(&app->log, LOG_WARN, "app", "test clock file %s unreadable: offset stays "
			"%lld s", app->clock_file, (long long)(app->clock_offset_ms / 1000));
		return;
	}
	app->clock_offset_ms = (int64_t)v * 1000;
	log_msg(&app->log, LOG_INFO, "app", "test clock: wall clock + %lld s", v);
}

static void on_sigusr2(uv_signal_t *sig, int signum)
{
	struct app *app = sig->data;
	read_clock_file(app);
	scheduler_clock_changed(app->sched);
}

static int64_t app_now_ms(void *user)
{
	struct app *app = user;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + app->clock_offset_ms;
}

static const struct kb *app_kb(void *user)
{
	return ((struct app *)user)->kbh.kb;
}

static int app_post(void *user, enum platform platform, const char *room, const struct reply *r,
		    const char *key, adapter_post_done done, void *done_user)
{
	struct app *app = user;
	for (size_t i = 0; adapters[i]; i++)
		if (adapters[i]->platform == platform && app->adapter[i] && adapters[i]->post)
			return adapters[i]->post(app->adapter[i], room, r, key, done, done_user);
	return BB_EINVAL;
}

/* ---- the router host: the knowledge base and the digest commands ----------- */

static const struct kb *host_kb(void *user)
{
	return kb_holder_host.kb(&((struct app *)user)->kbh);
}

static int host_reload(void *user, struct strbuf *err)
{
	return kb_holder_host.reload(&((struct app *)user)->kbh, err);
}

static void host_status(void *user, struct router_status *out)
{
	kb_holder_host.status(&((struct app *)user)->kbh, out);
}

static int host_subscribe(void *user, const struct bot_message *m, const char *spec,
			  struct reply *out)
{
	return scheduler_subscribe(((struct app *)user)->sched, m, spec, out);
}

static int host_list(void *user, const struct bot_message *m, struct reply *out)
{
	return scheduler_list(((struct app *)user)->sched, m, out);
}

static int host_unsubscribe(void *user, const struct bot_message *m, const char *id,
			    struct reply *out)
{
	return scheduler_unsubscribe(((struct app *)user)->sched, m, id, out);
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
	scheduler_stop(app->sched);
	for (size_t i = 0; adapters[i]; i++)
		if (app->adapter[i])
			adapters[i]->stop(app->adapter[i]);
	uv_signal_stop(&app->sigint);
	uv_signal_stop(&app->sigterm);
	uv_signal_stop(&app->sigusr2);
	uv_close((uv_handle_t *)&app->sigint, NULL);
	uv_close((uv_handle_t *)&app->sigterm, NULL);
	uv_close((uv_handle_t *)&app->sigusr2, NULL);
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
	app->host = (struct router_host){
		.kb = host_kb, .reload = host_reload, .status = host_status,
		.digest_subscribe = host_subscribe, .digest_list = host_list,
		.digest_unsubscribe = host_unsubscribe,
	};
	app->router = router_new(&rc, &app->host, app);
	if (!app->router || uv_loop_init(&app->loop) < 0) {
		strbuf_puts(err, "out of memory\n");
		goto fail;
	}
	app->loop_ready = true;
	uv_signal_init(&app->loop, &app->sigint);
	uv_signal_init(&app->loop, &app->sigterm);
	uv_signal_init(&app->loop, &app->sigusr2);
	app->sigint.data = app->sigterm.data = app->sigusr2.data = app;
	app->clock_file = getenv("BRIEFBOT_TEST_CLOCK_FILE");
	if (app->clock_file && !*app->clock_file)
		app->clock_file = NULL;
	if (app->clock_file) {
		log_msg(&app->log, LOG_WARN, "app", "BRIEFBOT_TEST_CLOCK_FILE is set: the digest "
			"clock is shifted (tests only)");
		read_clock_file(app);
	}
	struct scheduler_env senv = {
		.loop = &app->loop, .store = app->store, .cfg = cfg, .log = &app->log,
		.now_ms = app_now_ms, .kb = app_kb, .post = app_post, .app = app,
	};
	for (size_t i = 0; adapters[i]; i++)
		senv.enabled[adapters[i]->platform] = adapters[i]->enabled(cfg);
	app->sched = scheduler_new(&senv, err);
	if (!app->sched)
		goto fail;

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
		strbuf_puts(err, "no platform is enabled: set enabled = true in [discord], "
				 "[matrix] or [console] (or use 'briefbot console')\n");
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
	if (app->clock_file)
		uv_signal_start(&app->sigusr2, on_sigusr2, SIGUSR2);
	/* A peer closing a socket must not kill the process. */
	signal(SIGPIPE, SIG_IGN);
	int src = scheduler_start(app->sched);
	if (src < 0) {
		fprintf(stderr, "briefbot: digests: cannot start: %s\n", bb_strerror(src));
		app->status = 1;
		stop_all(app);
	}
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
	scheduler_free(app->sched);
	router_free(app->router);
	store_free(app->store);
	kb_free(app->kbh.kb);
	free(app);
}
