/* briefbot-run: the bot on its chat platforms (`briefbot run` starts it).
 * Usage: briefbot-run --config FILE [--knowledge DIR]
 *        briefbot-run --console [--config FILE] [--knowledge DIR]
 *        briefbot-run --health --config FILE
 * --console makes the console a platform (stdin lines are commands,
 * answers on stdout) and stops at the end of the input once no `add URL`
 * is under way. Exit status: 0 after a clean stop (SIGINT, SIGTERM, the
 * console's end of input), 1 on a fatal error, 2 on a usage error.
 * --health asks the running bot's /healthz (the [metrics] listen address
 * of FILE): 0 healthy, 1 not; a container's HEALTHCHECK runs it. */
#include <curl/curl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bot/app.h"
#include "bot/config.h"
#include "bot/host.h"
#include "common/strbuf.h"

static int usage(const char *why)
{
	fprintf(stderr, "briefbot run: %s\nUsage: briefbot run --config FILE [--knowledge DIR]\n"
			"       briefbot run --console [--config FILE] [--knowledge DIR]\n"
			"       briefbot run --health --config FILE\n",
		why);
	return 2;
}

static size_t collect(char *data, size_t size, size_t n, void *user)
{
	strbuf_append(user, data, size * n);
	return size * n;
}

/* GET /healthz of the endpoint `cfg` configures; prints its answer. */
static int health(const struct config *cfg)
{
	const char *listen = config_str(cfg, CONFIG_METRICS_LISTEN);
	char host[64];
	int port;
	if (!*listen) {
		puts("health: [metrics] listen is empty: no endpoint to ask, not checked");
		return 0;
	}
	if (!config_parse_listen(listen, host, sizeof host, &port))
		return 1; /* the config check already said why */
	/* A wildcard address listens on loopback too. */
	const char *h = strcmp(host, "0.0.0.0") == 0 ? "127.0.0.1"
			: strcmp(host, "::") == 0   ? "::1"
						    : host;
	char url[128];
	snprintf(url, sizeof url, strchr(h, ':') ? "http://[%s]:%d/healthz" : "http://%s:%d/healthz",
		 h, port);
	struct strbuf body = {0};
	long status = 0;
	CURL *c = curl_easy_init();
	CURLcode rc = CURLE_FAILED_INIT;
	if (c) {
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 4000L);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		rc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(c);
	}
	if (rc != CURLE_OK)
		printf("health: %s: %s\n", url, curl_easy_strerror(rc));
	else
		printf("health: %s: %ld %s", url, status, strbuf_str(&body));
	strbuf_free(&body);
	return rc == CURLE_OK && status == 200 ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "knowledge", required_argument, NULL, 'k' },
		{ "console", no_argument, NULL, 'C' },
		{ "health", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *knowledge = NULL;
	bool console = false, check_health = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:c:k:", longopts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'k')
			knowledge = optarg;
		else if (c == 'C')
			console = true;
		else if (c == 'h')
			check_health = true;
		else
			return usage(c == ':' ? "an option needs a value" : "unknown option");
	}
	if (optind < argc)
		return usage("unexpected argument");
	if (!config && !console)
		return usage("needs --config FILE (see config.example)");

	struct config *cfg = host_load_config(config, knowledge);
	if (!cfg)
		return 1;
	if (check_health) {
		int rc = health(cfg);
		config_free(cfg);
		return rc;
	}
	struct strbuf errors = {0};
	struct app *app = NULL;
	const struct app_source src = { .config_path = config, .knowledge_dir = knowledge,
					.console = console };
	if ((!console || host_force_console(cfg, &errors) == 0) && host_check_run(cfg, &errors) == 0)
		app = app_new(cfg, &src, &errors);
	int rc = 1;
	if (app)
		rc = app_run(app);
	else
		fprintf(stderr, "briefbot: cannot start:\n%s", strbuf_str(&errors));
	app_free(app);
	strbuf_free(&errors);
	config_free(cfg);
	return rc;
}
