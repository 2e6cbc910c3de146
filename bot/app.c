#include "bot/app.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "bot/adapter.h"
#include "bot/config.h"
#include "bot/console_adapter.h"
#include "bot/digest/scheduler.h"
#include "bot/discord/discord.h"
#include "bot/ingest.h"
#include "bot/kbwatch.h"
#include "bot/matrix/matrix.h"
#include "bot/metrics.h"
#include "bot/metrics_http.h"
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
	const struct config *cfg;  /* what the adapters run with (the caller's) */
	struct config *live;       /* the last configuration a reload applied, or NULL */
	struct app_source src;
	uv_loop_t loop;
	bool loop_ready;
	uv_signal_t sigint, sigterm, sighup, sigusr2;
	struct logger log;
	struct store *store;
	struct kb_holder kbh;
	struct router_host host;  /* kb_holder_host plus the digest commands */
	struct router *router;
	struct kbwatch *watch;
	struct ingest *ingest;
	bool console_mode;            /* briefbot run --console: exit at end of input */
	bool console_eof;
	struct scheduler *sched;
	const char *clock_file;   /* BRIEFBOT_TEST_CLOCK_FILE, tests only; or NULL */
	int64_t clock_offset_ms;
	struct metrics *metrics;
	struct metrics_http *http;
	void *adapter[ADAPTER_SLOTS];
	bool stopping;
	int status;
};

/* The logger as the configuration says; journald-aware (common/log.h). */
static void set_logger(struct app *app, const struct config *cfg)
{
	int level = log_level_parse(config_str(cfg, CONFIG_GENERAL_LOG_LEVEL));
	int format = log_format_parse(config_str(cfg, CONFIG_GENERAL_LOG_FORMAT));
	app->log.min_level = level < 0 ? LOG_INFO : (enum log_level)level;
	app->log.format = format < 0 ? LOG_TEXT : (enum log_format)format;
	app->log.journal = log_is_journal(getenv("JOURNAL_STREAM"), 2);
}

/* ---- adapters' callbacks ------------------------------------------------------ */

static void stop_all(struct app *app);

static void on_fatal(void *user, const char *platform, const char *message)
{
	struct app *app = user;
	log_msg(&app->log, LOG_ERROR, platform, "%s", message);
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

/* ---- health and metrics --------------------------------------------------------- */

static bool app_healthy(void *user, struct strbuf *why)
{
	struct app *app = user;
	bool ok = true;
	if (app->stopping) {
		strbuf_puts(why, "stopping\n");
		ok = false;
	}
	if (!app->kbh.kb) {
		strbuf_puts(why, "the knowledge base is not loaded\n");
		ok = false;
	}
	for (size_t i = 0; adapters[i]; i++) {
		enum platform p = adapters[i]->platform;
		if (app->adapter[i] && !app->kbh.connected[p]) {
			strbuf_printf(why, "%s is not connected\n", platform_name(p));
			ok = false;
		}
	}
	return ok;
}

static void app_scrape(void *user, struct strbuf *out)
{
	struct app *app = user;
	metrics_write(app->metrics, out);
	for (size_t i = 0; adapters[i]; i++) {
		enum platform p = adapters[i]->platform;
		if (app->adapter[i])
			metrics_write_gauge(out, "briefbot_platform_connected",
					    "1 while the platform's connection is up.", "platform",
					    platform_name(p), app->kbh.connected[p]);
	}
	metrics_write_gauge(out, "briefbot_knowledge_articles",
			    "Articles in the loaded knowledge base (0: none loaded).", NULL, NULL,
			    app->kbh.kb ? (double)kb_article_count(app->kbh.kb) : 0);
}

static const struct metrics_http_ops health_ops = {
	.healthy = app_healthy,
	.scrape = app_scrape,
};

/* ---- signals ---------------------------------------------------------------------- */

static void on_signal(uv_signal_t *sig, int signum)
{
	struct app *app = sig->data;
	if (signum == SIGHUP) {
		app_reload(app);
		return;
	}
	log_msg(&app->log, LOG_INFO, "app", "signal %d: shutting down", signum);
	stop_all(app);
}

/* The knowledge directory changed: reload through the holder (which keeps
 * the old base and the reason when the new one fails its check). */
static void on_kb_changed(void *user)
{
	struct app *app = user;
	if (!kb_holder_changed(&app->kbh)) {
		log_msg(&app->log, LOG_DEBUG, "knowledge", "change seen, but the files are the "
			"ones already loaded (an add): no reload");
		return;
	}
	struct strbuf err = {0};
	if (kb_holder_reload(&app->kbh, NULL, &err) == 0)
		log_msg(&app->log, LOG_INFO, "knowledge", "reloaded after a change: %zu articles, "
			"%zu sentences", kb_article_count(app->kbh.kb), kb_sentence_count(app->kbh.kb));
	else
		log_msg(&app->log, LOG_WARN, "knowledge", "reload refused, the old base stays: %s",
			app->kbh.kb_error);
	strbuf_free(&err);
}

/* `briefbot run --console` exits once its input has ended and no `add`
 * is under way. */
static void maybe_finish_console(struct app *app)
{
	if (app->console_mode && app->console_eof && ingest_pending(app->ingest) == 0)
		stop_all(app);
}

static void on_input_ended(void *user)
{
	struct app *app = user;
	app->console_eof = true;
	maybe_finish_console(app);
}

static void on_ingest_posted(void *user, int rc, const char *message_id)
{
	struct app *app = user;
	if (rc < 0)
		log_msg(&app->log, LOG_WARN, "ingest", "could not post the outcome of an add: %s",
			bb_strerror(rc));
	maybe_finish_console(app);
}

/* The outcome of an `add`, posted to the room that asked through its
 * adapter's post operation (the key makes a re-send harmless). */
static void ingest_post(void *user, enum platform platform, const char *room_id,
			const struct reply *r, const char *idem_key)
{
	struct app *app = user;
	int rc = app_post(app, platform, room_id, r, idem_key, on_ingest_posted, app);
	if (rc < 0)
		on_ingest_posted(app, rc, NULL);
}

static int host_add_url(void *user, const struct bot_message *msg, const char *url,
			struct strbuf *err)
{
	return kb_holder_host.add_url(&((struct app *)user)->kbh, msg, url, err);
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
	scheduler_stop(app->sched);
	for (size_t i = 0; adapters[i]; i++)
		if (app->adapter[i])
			adapters[i]->stop(app->adapter[i]);
	metrics_http_close(app->http);
	app->http = NULL;
	uv_signal_t *sigs[] = { &app->sigint, &app->sigterm, &app->sighup, &app->sigusr2 };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		uv_signal_stop(sigs[i]);
		uv_close((uv_handle_t *)sigs[i], NULL);
	}
}

/* ---- reload ----------------------------------------------------------------------- */

/* Logs each line of `lines` as its own event. */
static void log_lines(const struct app *app, enum log_level level, const char *prefix,
		      const char *lines)
{
	while (*lines) {
		size_t n = strcspn(lines, "\n");
		if (n)
			log_msg(&app->log, level, "app", "%s%.*s", prefix, (int)n, lines);
		lines += n + (lines[n] == '\n');
	}
}

/* A reload moved the knowledge base to another directory: watch that one
 * instead. If it cannot be watched, the old watch stays (its changes still
 * reload from the new directory, which is harmless) and the log says so. */
static void watch_knowledge(struct app *app, const struct config *cfg)
{
	struct strbuf err = {0};
	struct kbwatch *w = kbwatch_new(&app->loop, app->kbh.dir,
					(uint64_t)config_int(cfg, CONFIG_INGEST_DEBOUNCE_MS),
					on_kb_changed, app, &err);
	if (w) {
		kbwatch_free(app->watch);
		app->watch = w;
		log_msg(&app->log, LOG_INFO, "knowledge", "now watching %s", app->kbh.dir);
	} else {
		log_lines(app, LOG_WARN, "reload: new articles in the new knowledge directory "
			  "are not picked up until a restart: ", strbuf_str(&err));
	}
	strbuf_free(&err);
}

int app_reload(struct app *app)
{
	const struct config *running = app->live ? app->live : app->cfg;
	struct strbuf err = {0};
	int rc = BB_EINVAL;
	log_msg(&app->log, LOG_INFO, "app", "SIGHUP: reloading %s", app->src.config_path);
	struct config *fresh = host_read_config(app->src.config_path, app->src.knowledge_dir, &err);
	if (fresh && app->src.console && host_force_console(fresh, &err) < 0) {
		config_free(fresh);
		fresh = NULL;
	}
	if (fresh && host_check_run(fresh, &err) > 0) {
		config_free(fresh);
		fresh = NULL;
	}
	struct router_config rcfg;
	if (fresh) {
		host_router_config(fresh, &rcfg);
		rc = router_configure(app->router, &rcfg);
		if (rc < 0)
			strbuf_printf(&err, "the router refused the settings: %s\n", bb_strerror(rc));
	}
	bool moved = false; /* the knowledge directory is another one */
	if (fresh && rc == 0) {
		const char *dir = config_str(fresh, CONFIG_GENERAL_KNOWLEDGE_DIR);
		moved = strcmp(dir ? dir : ".", app->kbh.dir ? app->kbh.dir : ".") != 0;
		rc = kb_holder_reload(&app->kbh, dir, &err);
		if (rc < 0) { /* the old base stays: so do the old settings */
			host_router_config(running, &rcfg);
			router_configure(app->router, &rcfg);
		}
	}
	if (!fresh || rc < 0) {
		log_lines(app, LOG_ERROR, "reload refused: ", strbuf_str(&err));
		log_msg(&app->log, LOG_ERROR, "app",
			"reload refused: the running configuration and knowledge base stay");
		config_free(fresh);
		strbuf_free(&err);
		return rc < 0 ? rc : BB_EINVAL;
	}
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		if (!(config_key_flags(k) & CONFIG_F_LIVE) && !config_equal(running, fresh, k))
			log_msg(&app->log, LOG_WARN, "app",
				"reload: [%s] %s changed: needs a restart (the running value stays)",
				config_key_section(k), config_key_name(k));
	set_logger(app, fresh);
	if (moved && app->watch)
		watch_knowledge(app, fresh);
	config_free(app->live);
	app->live = fresh;
	log_msg(&app->log, LOG_INFO, "app", "reload: applied; knowledge base %s: %zu article(s)",
		app->kbh.dir, kb_article_count(app->kbh.kb));
	strbuf_free(&err);
	return 0;
}

/* ---- life cycle ----------------------------------------------------------------- */

struct app *app_new(const struct config *cfg, const struct app_source *src,
		    struct strbuf *err)
{
	struct app *app = calloc(1, sizeof *app);
	if (!app) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	app->cfg = cfg;
	app->src = *src;
	app->console_mode = src->console;
	set_logger(app, cfg);
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
	app->host = (struct router_host){
		.kb = host_kb, .reload = host_reload, .status = host_status,
		.add_url = host_add_url,
		.digest_subscribe = host_subscribe, .digest_list = host_list,
		.digest_unsubscribe = host_unsubscribe,
	};
	app->router = router_new(&rc, &app->host, app);
	app->metrics = metrics_new();
	if (!app->router || !app->metrics || uv_loop_init(&app->loop) < 0) {
		strbuf_puts(err, "out of memory\n");
		goto fail;
	}
	app->loop_ready = true;
	uv_signal_init(&app->loop, &app->sigint);
	uv_signal_init(&app->loop, &app->sigterm);
	uv_signal_init(&app->loop, &app->sighup);
	uv_signal_init(&app->loop, &app->sigusr2);
	app->sigint.data = app->sigterm.data = app->sighup.data = app->sigusr2.data = app;
	const char *listen = config_str(cfg, CONFIG_METRICS_LISTEN);
	if (*listen) {
		app->http = metrics_http_new(&app->loop, listen, &health_ops, app, &app->log, err);
		if (!app->http)
			goto fail;
	}
	app->clock_file = getenv("BRIEFBOT_TEST_CLOCK_FILE");
	if (app->clock_file && !*app->clock_file)
		app->clock_file = NULL;
	if (app->clock_file) {
		log_msg(&app->log, LOG_WARN, "app", "BRIEFBOT_TEST_CLOCK_FILE is set: the digest "
			"clock is shifted (tests only)");
		read_clock_file(app);
	}
	if (strcmp(config_str(cfg, CONFIG_INGEST_ADD), "nobody") != 0) {
		const struct ingest_options io = {
			.allow_private = config_bool(cfg, CONFIG_INGEST_ALLOW_PRIVATE),
			.max_bytes = (size_t)config_int(cfg, CONFIG_INGEST_MAX_BYTES),
			.timeout_ms = config_int(cfg, CONFIG_INGEST_TIMEOUT_MS),
			.log = &app->log,
		};
		app->ingest = ingest_new(&app->loop, &app->kbh, &io, ingest_post, app);
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
	struct scheduler_env senv = {
		.loop = &app->loop, .store = app->store, .cfg = cfg, .log = &app->log,
		.metrics = app->metrics, .now_ms = app_now_ms, .kb = app_kb, .post = app_post, .app = app,
	};
	for (size_t i = 0; adapters[i]; i++)
		senv.enabled[adapters[i]->platform] = adapters[i]->enabled(cfg);
	app->sched = scheduler_new(&senv, err);
	if (!app->sched)
		goto fail;

	const struct adapter_env env = {
		.loop = &app->loop, .cfg = cfg, .store = app->store, .log = &app->log,
		.router = app->router, .metrics = app->metrics, .fatal = on_fatal,
		.connected = on_connected, .input_ended = on_input_ended, .app = app,
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
	uv_signal_start(&app->sighup, on_signal, SIGHUP);
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
			log_msg(&app->log, LOG_ERROR, platform_name(adapters[i]->platform),
				"cannot start: %s", bb_strerror(rc));
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
		/* Let closing handles finish before the loop goes. */
		uv_run(&app->loop, UV_RUN_DEFAULT);
		uv_loop_close(&app->loop);
	}
	scheduler_free(app->sched);
	router_free(app->router);
	store_free(app->store);
	kb_free(app->kbh.kb);
	metrics_free(app->metrics);
	config_free(app->live);
	free(app);
}
