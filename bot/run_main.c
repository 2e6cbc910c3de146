/* briefbot-run: the bot on its chat platforms (`briefbot run` starts it).
 * Usage: briefbot-run --config FILE [--knowledge DIR]. Exit status: 0 after
 * a clean stop (SIGINT, SIGTERM), 1 on a fatal error, 2 on a usage error. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bot/app.h"
#include "bot/config.h"
#include "bot/host.h"
#include "common/strbuf.h"

static int usage(const char *why)
{
	fprintf(stderr, "briefbot run: %s\nUsage: briefbot run --config FILE [--knowledge DIR]\n",
		why);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "knowledge", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *knowledge = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:c:k:", longopts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'k')
			knowledge = optarg;
		else
			return usage(c == ':' ? "an option needs a value" : "unknown option");
	}
	if (optind < argc)
		return usage("unexpected argument");
	if (!config)
		return usage("needs --config FILE (see config.example)");

	struct config *cfg = host_load_config(config, knowledge);
	if (!cfg)
		return 1;
	struct strbuf errors = {0};
	struct app *app = NULL;
	if (host_check_run(cfg, &errors) == 0)
		app = app_new(cfg, &errors);
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
