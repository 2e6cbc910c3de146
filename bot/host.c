#include "bot/host.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bot/config.h"
#include "common/error.h"
#include "common/utf8.h"
#include "common/fsaccess.h"
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

/* Keeps the problems of a refused load (warnings left out) in h->kb_error,
 * joined by "; " and cut at a character boundary. */
static void keep_error(struct kb_holder *h, const char *errors)
{
	struct strbuf sb = {0};
	for (const char *p = errors; *p;) {
		size_t len = strcspn(p, "\n");
		if (len > 0 && strncmp(p, "warning: ", 9) != 0) {
			if (sb.len > 0)
				strbuf_puts(&sb, "; ");
			strbuf_append(&sb, p, len);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	const char *why = sb.len > 0 ? strbuf_str(&sb) : "the knowledge base failed its check";
	size_t n = utf8_cut(why, strlen(why), sizeof h->kb_error - 1);
	memcpy(h->kb_error, why, n);
	h->kb_error[n] = '\0';
	strbuf_free(&sb);
}

int kb_holder_reload(struct kb_holder *h, const char *dir, struct strbuf *err)
{
	struct strbuf mine = {0};
	if (!dir)
		dir = h->dir;
	/* read before the load: a file that changes during it changes the print */
	uint64_t print = kb_dir_fingerprint(dir);
	struct kb *fresh = kb_load(dir, &mine);
	if (err)
		strbuf_append(err, strbuf_str(&mine), mine.len);
	if (fresh) {
		kb_free(h->kb);
		h->kb = fresh;
		h->dir = dir;
		h->kb_error[0] = '\0';
	} else {
		keep_error(h, strbuf_str(&mine));
	}
	if (dir == h->dir) /* a refused new directory leaves the old one's print */
		h->loaded_print = print;
	strbuf_free(&mine);
	return fresh ? 0 : BB_ECHECK;
}

bool kb_holder_changed(const struct kb_holder *h)
{
	return kb_dir_fingerprint(h->dir) != h->loaded_print;
}

static int holder_reload(void *user, struct strbuf *err)
{
	return kb_holder_reload(user, NULL, err);
}

static void holder_status(void *user, struct router_status *out)
{
	struct kb_holder *h = user;
	out->uptime_s = (monotonic_ms() - h->started_ms) / 1000;
	memcpy(out->connected, h->connected, sizeof out->connected);
	out->kb_error = h->kb_error;
}

static int holder_add_url(void *user, const struct bot_message *msg, const char *url,
			  struct strbuf *err)
{
	struct kb_holder *h = user;
	if (h->add_url)
		return h->add_url(h->add_user, msg, url, err);
	strbuf_puts(err, "adding articles by URL is off here; drop the article into the "
		    "knowledge directory's articles/ folder instead\n");
	return BB_EPERM;
}

int kb_holder_load(struct kb_holder *h, const char *dir, struct strbuf *err)
{
	*h = (struct kb_holder){ .dir = dir, .started_ms = monotonic_ms(),
				 .loaded_print = kb_dir_fingerprint(dir) };
	h->kb = kb_load(dir, err);
	return h->kb ? 0 : BB_ECHECK;
}

const struct router_host kb_holder_host = {
	.kb = holder_kb,
	.reload = holder_reload,
	.status = holder_status,
	.add_url = holder_add_url,
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

/* ---- what run refuses ------------------------------------------------------- */

int host_check_run(const struct config *cfg, struct strbuf *errors)
{
	int n = 0;
	struct strbuf sb = {0};
	if (config_validate(cfg, &sb) < 0) {
		for (const char *p = strbuf_str(&sb); *p; p++)
			n += *p == '\n';
		strbuf_puts(errors, strbuf_str(&sb));
	}
	strbuf_free(&sb);
	if (!config_bool(cfg, CONFIG_DISCORD_ENABLED) && !config_bool(cfg, CONFIG_MATRIX_ENABLED) &&
	    !config_bool(cfg, CONFIG_CONSOLE_ENABLED)) {
		strbuf_puts(errors, "no platform is enabled: set enabled = true in [discord], [matrix] "
				    "or [console] (or use 'briefbot console' or 'briefbot run --console')\n");
		n++;
	}
	const char *dir = config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR);
	struct strbuf kerr = {0};
	struct kb *kb = kb_load(dir, &kerr);
	if (!kb) {
		strbuf_printf(errors, "knowledge_dir %s: the knowledge base fails its check:\n%s",
			      dir, strbuf_str(&kerr));
		n++;
	}
	kb_free(kb);
	strbuf_free(&kerr);
	const char *db = config_str(cfg, CONFIG_GENERAL_DATABASE);
	char why[512];
	if (fsaccess_writable(db, why, sizeof why) < 0) {
		strbuf_printf(errors, "database %s: %s\n", db, why);
		n++;
	}
	return n;
}

/* ---- loading the configuration ---------------------------------------------- */

const char *host_default_knowledge_dir(void)
{
	char self[PATH_MAX], root[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || !realpath(BRIEFBOT_BUILD_ROOT, root))
		return BRIEFBOT_KNOWLEDGE_DIR;
	self[n] = '\0';
	size_t len = strlen(root);
	if (strncmp(self, root, len) == 0 && self[len] == '/')
		return BRIEFBOT_SOURCE_KNOWLEDGE_DIR;
	return BRIEFBOT_KNOWLEDGE_DIR;
}

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
	struct strbuf errors = {0};
	struct config *cfg = host_read_config(path, knowledge_dir, &errors);
	if (cfg)
		config_warnings(cfg, &errors); /* errors is empty: reused */
	else if (errors.len == 0)
		strbuf_puts(&errors, "briefbot: out of memory\n");
	fputs(strbuf_str(&errors), stderr);
	strbuf_free(&errors);
	return cfg;
}

int host_force_console(struct config *cfg, struct strbuf *err)
{
	static const char line[] = "[console]\nenabled = true\n";
	struct strbuf errors = {0};
	config_load_buffer(cfg, "--console", line, sizeof line - 1, &errors);
	int rc = errors.len > 0 ? BB_EINVAL : 0;
	strbuf_puts(err, strbuf_str(&errors));
	strbuf_free(&errors);
	return rc;
}

struct config *host_read_config(const char *path, const char *knowledge_dir,
				struct strbuf *err)
{
	struct strbuf errors = {0}, line = {0};
	struct config *cfg = config_new_defaults();
	if (!cfg)
		return NULL;
	if (path)
		config_load_file(cfg, path, &errors);
	config_apply_env(cfg, config_envp_lookup, environ, &errors);
	if (!knowledge_dir && config_origin(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR) == CONFIG_FROM_DEFAULT &&
	    strcmp(host_default_knowledge_dir(), BRIEFBOT_KNOWLEDGE_DIR) != 0)
		knowledge_dir = host_default_knowledge_dir();
	if (knowledge_dir) {
		/* The command line wins: applied as one more config line. */
		strbuf_puts(&line, "[general]\nknowledge_dir = ");
		put_quoted(&line, knowledge_dir);
		strbuf_putc(&line, '\n');
		config_load_buffer(cfg, "--knowledge", strbuf_str(&line), line.len, &errors);
	}
	if (errors.len > 0) {
		strbuf_puts(err, strbuf_str(&errors));
		config_free(cfg);
		cfg = NULL;
	}
	strbuf_free(&errors);
	strbuf_free(&line);
	return cfg;
}
