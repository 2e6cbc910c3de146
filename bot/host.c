#include "bot/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/config.h"
#include "common/error.h"
#include "knowledge/kb.h"

extern char **environ;

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

int kb_holder_load(struct kb_holder *h, const char *dir, struct strbuf *err)
{
	*h = (struct kb_holder){ .dir = dir, .started_ms = monotonic_ms() };
	h->kb = kb_load(dir, err);
	return h->kb ? 0 : BB_ECHECK;
}

const struct router_host kb_holder_host = {
	.kb = holder_kb,
	.reload = holder_reload,
	.status = holder_status,
};

void host_router_config(const struct config *cfg, struct router_config *rc)
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

/* ---- loading the configuration ---------------------------------------------- */

/* Quotes a value for a config file line: "..." with \" and \\ escaped. */
static void put_quoted(struct strbuf *sb, const char *v)
{
	strbuf_putc(sb, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			strbuf_putc(sb, '\\');
		strbuf_putc(sb, *v);
	}
	strbuf_putc(sb, '"');
}

struct config *host_load_config(const char *path, const char *knowledge_dir)
{
	struct strbuf errors = {0}, line = {0};
	struct config *cfg = config_new_defaults();
	if (!cfg) {
		fputs("briefbot: out of memory\n", stderr);
		return NULL;
	}
	if (path)
		config_load_file(cfg, path, &errors);
	config_apply_env(cfg, config_envp_lookup, environ, &errors);
	if (knowledge_dir) {
		/* The command line wins: applied as one more config line. */
		strbuf_puts(&line, "[general]\nknowledge_dir = ");
		put_quoted(&line, knowledge_dir);
		strbuf_putc(&line, '\n');
		config_load_buffer(cfg, "--knowledge", strbuf_str(&line), line.len, &errors);
	}
	if (errors.len > 0) {
		fputs(strbuf_str(&errors), stderr);
		config_free(cfg);
		cfg = NULL;
	} else {
		config_warnings(cfg, &errors); /* errors is empty: reused */
		fputs(strbuf_str(&errors), stderr);
	}
	strbuf_free(&errors);
	strbuf_free(&line);
	return cfg;
}
