#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bot/config.h"
#include "common/error.h"

#ifndef BRIEFBOT_SOURCE_ROOT
#error "tests/meson.build defines BRIEFBOT_SOURCE_ROOT"
#endif

#define SECRET "s3cr3t-T0KEN-value"

/* Loads `text` into a fresh default config; stores the errors in *errors
 * (free with strbuf_free) and the return code in *rc. */
static struct config *load(const char *text, struct strbuf *errors, int *rc)
{
	struct config *cfg = config_new_defaults();
	assert_non_null(cfg);
	int r = config_load_buffer(cfg, "t.conf", text, strlen(text), errors);
	if (rc)
		*rc = r;
	return cfg;
}

/* Loads `text` and asserts that it yields exactly `expected` errors. */
static void expect_errors(const char *text, const char *expected)
{
	struct strbuf errors = { 0 };
	int rc;
	struct config *cfg = load(text, &errors, &rc);
	assert_string_equal(strbuf_str(&errors), expected);
	assert_int_equal(rc, *expected ? BB_EPARSE : 0);
	strbuf_free(&errors);
	config_free(cfg);
}

static void test_defaults(void **state)
{
	struct config *cfg = config_new_defaults();
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR), BRIEFBOT_KNOWLEDGE_DIR);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_PREFIX), "!");
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_LOG_LEVEL), "info");
	assert_true(config_bool(cfg, CONFIG_GENERAL_IGNORE_BOTS));
	assert_true(config_bool(cfg, CONFIG_GENERAL_ALLOW_DMS));
	assert_true(config_bool(cfg, CONFIG_PERMISSIONS_CONSOLE_ADMIN));
	assert_false(config_bool(cfg, CONFIG_DISCORD_ENABLED));
	assert_false(config_bool(cfg, CONFIG_MATRIX_ENABLED));
	assert_true(config_bool(cfg, CONFIG_DISCORD_COMPRESS));
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_API_BASE), "https://discord.com/api/v10");
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_GATEWAY_URL), "");
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_COMMANDS_SCOPE), "global");
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_TOKEN), "");
	assert_int_equal(config_int(cfg, CONFIG_DISCORD_SHARD_COUNT), 0); /* auto */
	assert_int_equal(config_int(cfg, CONFIG_MATRIX_SYNC_TIMEOUT_MS), 30000);
	assert_string_equal(config_str(cfg, CONFIG_DIGEST_DEFAULT_TIMEZONE), "UTC");
	assert_int_equal(config_list(cfg, CONFIG_PERMISSIONS_DISCORD_ADMINS, NULL), 0);
	assert_int_equal(config_origin(cfg, CONFIG_GENERAL_PREFIX), CONFIG_FROM_DEFAULT);
	long first = -1, last = -1;
	assert_int_equal(config_discord_shards(cfg, &first, &last), 1);
	assert_int_equal(config_validate(cfg, NULL), 0);
	config_free(cfg);
	config_free(NULL);
}

static void test_table_metadata(void **state)
{
	assert_int_equal(config_find_key("discord", "token"), CONFIG_DISCORD_TOKEN);
	assert_int_equal(config_find_key("matrix", "token"), -1);
	assert_int_equal(config_find_key("nope", "token"), -1);
	assert_string_equal(config_key_section(CONFIG_MATRIX_PASSWORD), "matrix");
	assert_string_equal(config_key_name(CONFIG_MATRIX_PASSWORD), "password");
	assert_true(config_key_flags(CONFIG_MATRIX_PASSWORD) & CONFIG_F_SECRET);
	assert_true(config_key_flags(CONFIG_MATRIX_ACCESS_TOKEN) & CONFIG_F_SECRET);
	assert_true(config_key_flags(CONFIG_DISCORD_TOKEN) & CONFIG_F_SECRET);
	assert_false(config_key_flags(CONFIG_MATRIX_USER_ID) & CONFIG_F_SECRET);
	assert_int_equal(config_key_type(CONFIG_PERMISSIONS_ALLOW_ROOMS), CONFIG_T_LIST);
	/* Every key is reachable by its section and name, and unique. */
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		assert_int_equal(config_find_key(config_key_section(k), config_key_name(k)), k);
}

static void test_valid_file(void **state)
{
	const char *text =
		"\xEF\xBB\xBF# briefbot\r\n"
		"[general]\r\n"
		"  prefix = \"?\"   # a comment after a quoted value\n"
		"log_level = DEBUG\n"
		"ignore_bots = no\n"
		"allow_dms = Off\n"
		"unknown_command_reply = yes\n"
		"cooldown_user_per_min = 0\n"
		"database = /var/lib/briefbot/bot.db # trailing comment\n"
		"[ permissions ]\n"
		"discord_admins = 123456789012345678 ,  42,7\n"
		"matrix_admins = @alice:example.org\n"
		"allow_rooms =\n"
		"[discord]\n"
		"enabled = on\n"
		"token = " SECRET "\n"
		"shard_count = 4\n"
		"shards = 2-3\n"
		"status_text = \"say \\\"hi\\\" # not a comment \\\\ ok\"\n"
		"[matrix]\n"
		"allowed_inviters = :example.org, @bob:example.com\n"
		"[digest]\n"
		"default_timezone = America/Argentina/Buenos_Aires\n";
	struct strbuf errors = { 0 };
	int rc;
	struct config *cfg = load(text, &errors, &rc);
	assert_string_equal(strbuf_str(&errors), "");
	assert_int_equal(rc, 0);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_PREFIX), "?");
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_LOG_LEVEL), "debug");
	assert_false(config_bool(cfg, CONFIG_GENERAL_IGNORE_BOTS));
	assert_false(config_bool(cfg, CONFIG_GENERAL_ALLOW_DMS));
	assert_int_equal(config_int(cfg, CONFIG_GENERAL_COOLDOWN_USER_PER_MIN), 0);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_DATABASE), "/var/lib/briefbot/bot.db");
	const char *const *items;
	assert_int_equal(config_list(cfg, CONFIG_PERMISSIONS_DISCORD_ADMINS, &items), 3);
	assert_string_equal(items[0], "123456789012345678");
	assert_string_equal(items[1], "42");
	assert_string_equal(items[2], "7");
	assert_true(config_list_has(cfg, CONFIG_PERMISSIONS_DISCORD_ADMINS, "42"));
	assert_false(config_list_has(cfg, CONFIG_PERMISSIONS_DISCORD_ADMINS, "4"));
	assert_int_equal(config_list(cfg, CONFIG_PERMISSIONS_MATRIX_ADMINS, NULL), 1);
	assert_int_equal(config_list(cfg, CONFIG_PERMISSIONS_ALLOW_ROOMS, NULL), 0);
	assert_int_equal(config_list(cfg, CONFIG_MATRIX_ALLOWED_INVITERS, &items), 2);
	assert_string_equal(items[0], ":example.org");
	assert_true(config_bool(cfg, CONFIG_DISCORD_ENABLED));
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_TOKEN), SECRET);
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_STATUS_TEXT),
			    "say \"hi\" # not a comment \\ ok");
	assert_int_equal(config_int(cfg, CONFIG_DISCORD_SHARD_COUNT), 4);
	assert_int_equal(config_origin(cfg, CONFIG_DISCORD_SHARD_COUNT), CONFIG_FROM_FILE);
	long first, last;
	assert_int_equal(config_discord_shards(cfg, &first, &last), 0);
	assert_int_equal(first, 2);
	assert_int_equal(last, 3);
	assert_int_equal(config_validate(cfg, &errors), 0);
	strbuf_free(&errors);
	config_free(cfg);
}

static void test_every_error_with_its_line(void **state)
{
	char longline[9000];
	memset(longline, 'x', sizeof longline - 2);
	memcpy(longline, "prefix = ", 9);
	longline[sizeof longline - 2] = '\n';
	longline[sizeof longline - 1] = '\0';

	struct strbuf text = { 0 };
	strbuf_puts(&text,
		    "prefix = ?\n"                       /* 1 before any section */
		    "[general\n"                         /* 2 */
		    "[genral]\n"                         /* 3 unknown, suggestion */
		    "prefix = ?\n"                       /* 4 skipped: unknown section */
		    "[general]\n"                        /* 5 */
		    "prefx = ?\n"                        /* 6 unknown key, suggestion */
		    "homeserver = https://m.org\n"       /* 7 belongs elsewhere */
		    "frobnicate = 1\n"                   /* 8 unknown, no suggestion */
		    "cooldown_user_per_min = many\n"     /* 9 not an integer */
		    "cooldown_room_per_min = 601\n"      /* 10 out of range */
		    "ignore_bots = maybe\n"              /* 11 not a boolean */
		    "log_level = loud\n"                 /* 12 not in the enum */
		    "prefix = \"!\"\n"                   /* 13 ok */
		    "prefix = ?\n"                       /* 14 duplicate */
		    "just some words\n"                  /* 15 missing '=' */
		    "database = \"unterminated\n"        /* 16 */
		    "knowledge_dir = \"a\\qb\"\n"        /* 17 unknown escape */
		    "max_question_length = \"5\"00\n"    /* 18 text after quote */
		    "allow_dms = tr\xC3\n"               /* 19 not UTF-8 */
		    "= 4\n"                              /* 20 no key */
		    "[permissions]\n"                    /* 21 */
		    "discord_admins = 1,,2\n"            /* 22 empty item */
		    "matrix_admins = @a:b, bob\n"        /* 23 bad item */
		    "[digest]\n"                         /* 24 */
		    "default_time = 25:00\n"             /* 25 custom check */
		    "max_per_room = 2\n");               /* 26 ok: parsing went on */
	strbuf_puts(&text, longline);                       /* 27 too long */
	strbuf_append(&text, "enabled = tr\0ue\n", 16);     /* 28 NUL byte */
	strbuf_puts(&text, "[discord]\nshard_count = -1\nshards = 3-1,\n"); /* 30, 31 */

	struct config *cfg = config_new_defaults();
	struct strbuf errors = { 0 };
	int rc = config_load_buffer(cfg, "bot.conf", text.buf, text.len, &errors);
	assert_int_equal(rc, BB_EPARSE);
	assert_string_equal(strbuf_str(&errors),
		"bot.conf:1: key 'prefix' comes before any [section]\n"
		"bot.conf:2: missing ']' in section header\n"
		"bot.conf:3: unknown section [genral] (did you mean [general]?)\n"
		"bot.conf:6: unknown key 'prefx' in [general] (did you mean 'prefix'?)\n"
		"bot.conf:7: unknown key 'homeserver' in [general] (it belongs in [matrix])\n"
		"bot.conf:8: unknown key 'frobnicate' in [general]\n"
		"bot.conf:9: [general] cooldown_user_per_min: 'many' is not an integer\n"
		"bot.conf:10: [general] cooldown_room_per_min: '601' is out of range (0 to 600)\n"
		"bot.conf:11: [general] ignore_bots: 'maybe' is not a boolean (true/false, yes/no, on/off)\n"
		"bot.conf:12: [general] log_level: 'loud' must be one of debug, info, warn, error\n"
		"bot.conf:14: duplicate key 'prefix' in [general] (first set on line 13)\n"
		"bot.conf:15: expected 'key = value' (no '=' found)\n"
		"bot.conf:16: unterminated quoted value\n"
		"bot.conf:17: unknown escape '\\q' in quoted value (only \\\" and \\\\)\n"
		"bot.conf:18: unexpected text after the closing quote\n"
		"bot.conf:19: line is not valid UTF-8\n"
		"bot.conf:20: missing key name before '='\n"
		"bot.conf:22: [permissions] discord_admins: item 2 is empty (a stray comma?)\n"
		"bot.conf:23: [permissions] matrix_admins: item 2 'bob' must be a Matrix user id like @name:server.org\n"
		"bot.conf:25: [digest] default_time: '25:00' must be a time of day HH:MM, like 09:00\n"
		"bot.conf:27: line is longer than 8192 bytes\n"
		"bot.conf:28: line contains a NUL byte\n"
		"bot.conf:30: [discord] shard_count: '-1' is out of range (1 to 16384)\n"
		"bot.conf:31: [discord] shards: '3-1,' must be a shard number or a range first-last, like 0-3\n");
	/* Good lines were applied; bad values left the previous value. */
	assert_int_equal(config_int(cfg, CONFIG_DIGEST_MAX_PER_ROOM), 2);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_PREFIX), "!");
	assert_int_equal(config_int(cfg, CONFIG_GENERAL_COOLDOWN_ROOM_PER_MIN), 20);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_LOG_LEVEL), "info");
	assert_int_equal(config_list(cfg, CONFIG_PERMISSIONS_DISCORD_ADMINS, NULL), 0);
	assert_string_equal(config_str(cfg, CONFIG_DIGEST_DEFAULT_TIME), "09:00");
	strbuf_free(&errors);
	strbuf_free(&text);
	config_free(cfg);
}

static void test_value_checks(void **state)
{
	expect_errors("[general]\nprefix =\n",
		      "t.conf:2: [general] prefix: must be 1 to 8 characters long\n");
	expect_errors("[general]\nprefix = 123456789\n",
		      "t.conf:2: [general] prefix: '123456789' must be 1 to 8 characters long\n");
	expect_errors("[general]\nprefix = \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n",
		      ""); /* 8 characters, 16 bytes */
	expect_errors("[general]\nprefix = #\n",
		      "t.conf:2: [general] prefix: must be 1 to 8 characters long\n");
	expect_errors("[general]\nprefix = \"#\"\n", "");
	expect_errors("[discord]\napi_base = ftp://x\ngateway_url = wss://gateway.discord.gg\n"
		      "homeserver = x\n",
		      "t.conf:2: [discord] api_base: 'ftp://x' must be an http:// or https:// URL\n"
		      "t.conf:4: unknown key 'homeserver' in [discord] (it belongs in [matrix])\n");
	expect_errors("[matrix]\nhomeserver = https://matrix.org/\n",
		      "t.conf:2: [matrix] homeserver: 'https://matrix.org/' must not end with '/'\n");
	expect_errors("[discord]\ncommands_scope = 123\napplication_id = 12a\n",
		      "t.conf:3: [discord] application_id: '12a' must be a Discord id (digits only)\n");
	expect_errors("[discord]\napplication_id = 18446744073709551616\n",
		      "t.conf:2: [discord] application_id: '18446744073709551616' must be a "
		      "Discord id (digits only)\n");
	expect_errors("[discord]\nshard_count = AUTO\nshard_id = 99999999999999999999\n",
		      "t.conf:3: [discord] shard_id: '99999999999999999999' is out of range (0 to 16383)\n");
	expect_errors("[digest]\ndefault_timezone = ../etc/passwd\n",
		      "t.conf:2: [digest] default_timezone: '../etc/passwd' must be an IANA time zone "
		      "name like UTC or Europe/Istanbul\n");
	expect_errors("[permissions]\nallow_rooms = !abc:example.org, 12, alias:example.org\n",
		      "t.conf:2: [permissions] allow_rooms: item 3 'alias:example.org' must be a "
		      "Discord channel id (digits) or a Matrix room id like !id:server.org\n");
	/* A long bad value is shortened in the message. */
	expect_errors("[general]\ndatabase = ok\nlog_level = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		      "t.conf:3: [general] log_level: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' must "
		      "be one of debug, info, warn, error\n");
	/* Sections may be reopened; keys in them are still checked for duplicates. */
	expect_errors("[general]\nprefix = ?\n[digest]\n[general]\nprefix = !\n",
		      "t.conf:5: duplicate key 'prefix' in [general] (first set on line 2)\n");
	expect_errors("", "");
	expect_errors("[general]", "");
	expect_errors("\n\n   \n# only comments\n", "");
}

/* Scratch files of a test, removed by the teardown even when the test
 * fails. */
struct scratch {
	char path[4][32];
	int n;
};

static int scratch_setup(void **state)
{
	*state = calloc(1, sizeof(struct scratch));
	return *state ? 0 : -1;
}

static int scratch_teardown(void **state)
{
	struct scratch *sc = *state;
	for (int i = 0; i < sc->n; i++)
		unlink(sc->path[i]);
	free(sc);
	return 0;
}

/* A new empty scratch file; returns its path. */
static char *scratch_new(struct scratch *sc)
{
	assert_true(sc->n < 4);
	char *path = sc->path[sc->n];
	snprintf(path, sizeof sc->path[0], "/tmp/test_config_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	sc->n++;
	close(fd);
	return path;
}

/* Writes text to a new scratch file with `mode`; returns its path. */
static char *scratch_file(struct scratch *sc, const char *text, mode_t mode)
{
	char *path = scratch_new(sc);
	int fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static void test_load_file(void **state)
{
	const char *path = scratch_new(*state);
	int fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	const char *text = "[general]\nprefix = ?\nlog_level = nope\n[matrix]\nenabled = true\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);

	struct config *cfg = config_new_defaults();
	struct strbuf errors = { 0 };
	assert_int_equal(config_load_file(cfg, path, &errors), BB_EPARSE);
	struct strbuf want = { 0 };
	strbuf_printf(&want, "%s:3: [general] log_level: 'nope' must be one of debug, info, warn, error\n",
		      path);
	assert_string_equal(strbuf_str(&errors), strbuf_str(&want));
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_PREFIX), "?");
	strbuf_free(&errors);
	strbuf_free(&want);

	/* check-config: parse errors first; validation only for a clean parse. */
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	assert_int_equal(config_check_file(path, NULL, NULL, f), 1);
	fclose(f);
	assert_non_null(strstr(out, ":3: [general] log_level"));
	free(out);

	fd = open(path, O_WRONLY | O_TRUNC);
	text = "[matrix]\nenabled = true\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	f = open_memstream(&out, &outlen);
	assert_int_equal(config_check_file(path, NULL, NULL, f), 4);
	fclose(f);
	assert_non_null(strstr(out, ":2: [matrix] is enabled but has no homeserver\n"));
	free(out);

	const char *env[] = { "MATRIX_ACCESS_TOKEN=" SECRET, NULL };
	f = open_memstream(&out, &outlen);
	assert_int_equal(config_check_file(path, config_envp_lookup, (void *)env, f), 3);
	fclose(f);
	assert_null(strstr(out, "access_token"));
	assert_null(strstr(out, SECRET));
	free(out);

	unlink(path);
	assert_int_equal(config_load_file(cfg, path, &errors), BB_EIO);
	assert_non_null(strstr(strbuf_str(&errors), ": cannot read: No such file"));
	f = open_memstream(&out, &outlen);
	assert_int_equal(config_check_file(path, NULL, NULL, f), 1);
	fclose(f);
	assert_non_null(strstr(out, "cannot read"));
	free(out);
	strbuf_free(&errors);
	config_free(cfg);
}

struct fake_env {
	const char *names[4];
	const char *values[4];
	int asked;
};

static const char *fake_lookup(void *user, const char *name)
{
	struct fake_env *env = user;
	env->asked++;
	for (int i = 0; i < 4 && env->names[i]; i++)
		if (strcmp(env->names[i], name) == 0)
			return env->values[i];
	return NULL;
}

static void test_env_overrides(void **state)
{
	struct strbuf errors = { 0 };
	struct config *cfg = load("[discord]\ntoken = from-file\n[matrix]\npassword = pw\n", &errors,
				  NULL);
	struct fake_env env = {
		.names = { "DISCORD_TOKEN", "MATRIX_PASSWORD", "MATRIX_ACCESS_TOKEN",
			   "MATRIX_PICKLE_KEY" },
		.values = { SECRET, "", "tok", "pickles" },
	};
	assert_int_equal(config_apply_env(cfg, fake_lookup, &env, &errors), 0);
	assert_int_equal(env.asked, 4); /* exactly the keys that declare a variable */
	assert_string_equal(config_str(cfg, CONFIG_MATRIX_PICKLE_KEY), "pickles");
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_TOKEN), SECRET);
	assert_int_equal(config_origin(cfg, CONFIG_DISCORD_TOKEN), CONFIG_FROM_ENV);
	/* An empty variable counts as unset. */
	assert_string_equal(config_str(cfg, CONFIG_MATRIX_PASSWORD), "pw");
	assert_int_equal(config_origin(cfg, CONFIG_MATRIX_PASSWORD), CONFIG_FROM_FILE);
	assert_string_equal(config_str(cfg, CONFIG_MATRIX_ACCESS_TOKEN), "tok");

	/* A bad value is reported by variable name, never echoed. */
	env.values[0] = "Bot " SECRET;
	assert_int_equal(config_apply_env(cfg, fake_lookup, &env, &errors), BB_EPARSE);
	assert_string_equal(strbuf_str(&errors),
			    "environment DISCORD_TOKEN: [discord] token: leave out the \"Bot \" prefix\n");
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_TOKEN), SECRET);

	static char *envp[] = { "DISCORD_TOKENX=no", "DISCORD_TOKEN=abc", "PATH=/bin", NULL };
	assert_string_equal(config_envp_lookup(envp, "DISCORD_TOKEN"), "abc");
	assert_null(config_envp_lookup(envp, "MATRIX_PASSWORD"));
	assert_null(config_envp_lookup(NULL, "PATH"));
	strbuf_free(&errors);
	config_free(cfg);
}

/* Every way a secret could leak: bad values, duplicates, validation, dump. */
/* Spacebar and other Discord-compatible servers issue JWTs of ~330
 * characters: any token up to 4096 characters of token characters. */
static void test_long_discord_tokens(void **state)
{
	(void)state;
	struct strbuf text = { 0 }, errors = { 0 };
	char jwt[331];
	for (size_t i = 0; i < 330; i++)
		jwt[i] = "eyJhbGciOiJIUzI1NiJ9._-"[i % 23];
	jwt[330] = '\0';
	strbuf_printf(&text, "[discord]\ntoken = %s\n", jwt);
	int rc;
	struct config *cfg = load(strbuf_str(&text), &errors, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(strbuf_str(&errors), "");
	assert_string_equal(config_str(cfg, CONFIG_DISCORD_TOKEN), jwt);
	config_free(cfg);

	char big[4098];
	memset(big, 'A', sizeof big - 1);
	big[4096] = '\0'; /* 4096: the most */
	strbuf_truncate(&text, 0);
	strbuf_printf(&text, "[discord]\ntoken = %s\n", big);
	cfg = load(strbuf_str(&text), &errors, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(strlen(config_str(cfg, CONFIG_DISCORD_TOKEN)), 4096);
	config_free(cfg);

	big[4096] = 'A';
	big[4097] = '\0'; /* one more */
	strbuf_truncate(&text, 0);
	strbuf_printf(&text, "[discord]\ntoken = %s\n", big);
	cfg = load(strbuf_str(&text), &errors, &rc);
	assert_int_equal(rc, BB_EPARSE);
	assert_non_null(strstr(strbuf_str(&errors), "t.conf:2: [discord] token: must be 0 to 4096"));
	assert_null(strstr(strbuf_str(&errors), "AAAA"));
	config_free(cfg);
	strbuf_free(&errors);

	/* the other checks stay: no prefix, no space, only token characters,
	 * and the value is never quoted */
	cfg = load("[discord]\ntoken = abc!" SECRET "\n", &errors, &rc);
	assert_int_equal(rc, BB_EPARSE);
	assert_non_null(strstr(strbuf_str(&errors), "t.conf:2: [discord] token: must be made of "
						    "token characters"));
	assert_null(strstr(strbuf_str(&errors), SECRET));
	config_free(cfg);
	strbuf_free(&errors);
	cfg = load("[discord]\ntoken = Bot " SECRET "\n", &errors, &rc);
	assert_non_null(strstr(strbuf_str(&errors), "leave out the \"Bot \" prefix"));
	config_free(cfg);
	strbuf_free(&errors);
	strbuf_free(&text);
}

static char *warnings_of(const char *path)
{
	struct config *cfg = config_new_defaults();
	struct strbuf errors = { 0 }, warn = { 0 };
	config_load_file(cfg, path, &errors);
	config_warnings(cfg, &warn);
	char *out = strdup(strbuf_str(&warn));
	strbuf_free(&errors);
	strbuf_free(&warn);
	config_free(cfg);
	return out;
}

/* A config file holding a secret that group or others may read gets a
 * warning at load, naming the key and the fix, never the secret. */
static void test_secret_file_permissions(void **state)
{
	struct scratch *sc = *state;
	const char *loose = scratch_file(sc, "[matrix]\npassword = " SECRET "\n", 0644);
	const char *tight = scratch_file(sc, "[matrix]\npassword = " SECRET "\n", 0600);
	const char *plain = scratch_file(sc, "[general]\nprefix = ?\n", 0644);

	char *w = warnings_of(loose);
	assert_non_null(strstr(w, loose));
	assert_non_null(strstr(w, "warning: the file holds a secret ([matrix] password)"));
	assert_non_null(strstr(w, "(mode 0644)"));
	assert_non_null(strstr(w, "chmod 600"));
	assert_null(strstr(w, SECRET));
	free(w);
	w = warnings_of(tight);
	assert_string_equal(w, "");
	free(w);
	w = warnings_of(plain);
	assert_string_equal(w, "");
	free(w);

	/* check-config shows it, and does not count it as a problem */
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	assert_int_equal(config_check_file(loose, NULL, NULL, f), 0);
	fclose(f);
	assert_non_null(strstr(out, "warning: the file holds a secret"));
	free(out);
}

static void test_secrets_never_printed(void **state)
{
	const char *text = "[discord]\n"
			   "enabled = true\n"
			   "token = \"" SECRET " with space\"\n"
			   "token = Bot" SECRET "\n"
			   "[matrix]\n"
			   "enabled = true\n"
			   "password = \"" SECRET "\x01\"\n"
			   "access_token = " SECRET "\n"
			   "access_token = " SECRET "\n"
			   "access_tokn = " SECRET "\n"
			   "token = " SECRET "\n"
			   "passwd " SECRET "\n"
			   "password = \"" SECRET "\n";
	struct strbuf errors = { 0 };
	int rc;
	struct config *cfg = load(text, &errors, &rc);
	assert_int_equal(rc, BB_EPARSE);
	const char *e = strbuf_str(&errors);
	assert_null(strstr(e, SECRET));
	assert_non_null(strstr(e, "t.conf:3: [discord] token: must not contain whitespace\n"));
	assert_non_null(strstr(e, "t.conf:4: duplicate key 'token'"));
	assert_non_null(strstr(e, "t.conf:7: [matrix] password: must not contain control characters\n"));
	assert_non_null(strstr(e, "t.conf:9: duplicate key 'access_token'"));
	assert_non_null(strstr(e, "t.conf:10: unknown key 'access_tokn' in [matrix] (did you mean 'access_token'?)\n"));
	assert_non_null(strstr(e, "t.conf:11: unknown key 'token' in [matrix] (it belongs in [discord])\n"));
	assert_non_null(strstr(e, "t.conf:12: expected 'key = value'"));
	assert_non_null(strstr(e, "t.conf:13: duplicate key 'password'"));

	struct fake_env env = { .names = { "DISCORD_TOKEN", "MATRIX_PASSWORD" },
				.values = { SECRET " x", SECRET } };
	config_apply_env(cfg, fake_lookup, &env, &errors);
	config_validate(cfg, &errors);
	assert_null(strstr(strbuf_str(&errors), SECRET));
	assert_non_null(strstr(strbuf_str(&errors), "t.conf:2: [discord] is enabled but has no token"));
	assert_string_equal(config_str(cfg, CONFIG_MATRIX_PASSWORD), SECRET);

	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	assert_int_equal(config_dump(cfg, f), 0);
	assert_int_equal(config_write_example(f), 0);
	fclose(f);
	assert_null(strstr(out, SECRET));
	assert_non_null(strstr(out, "# password = (secret, set from environment)\n"));
	assert_non_null(strstr(out, "# access_token = (secret, set from file)\n"));
	assert_non_null(strstr(out, "# token = (secret, not set)\n"));
	free(out);
	strbuf_free(&errors);
	config_free(cfg);
}

static void check_validation(const char *text, const char *expected)
{
	struct strbuf errors = { 0 };
	int rc;
	struct config *cfg = load(text, &errors, &rc);
	assert_int_equal(rc, 0);
	rc = config_validate(cfg, &errors);
	assert_string_equal(strbuf_str(&errors), expected);
	assert_int_equal(rc, *expected ? BB_EINVAL : 0);
	strbuf_free(&errors);
	config_free(cfg);
}

/* encryption (the default) needs a pickle key; off, it needs none */
#define NO_PICKLE_KEY "[matrix] encryption is on but no pickle_key is set: set [matrix] " \
	"pickle_key or MATRIX_PICKLE_KEY to a random secret (e.g. head -c 32 /dev/urandom " \
	"| base64), or set encryption = false to post a notice in encrypted rooms instead\n"

static void test_validation(void **state)
{
	check_validation("[discord]\nenabled = true\n",
			 "t.conf:2: [discord] is enabled but has no token "
			 "(set [discord] token or DISCORD_TOKEN)\n");
	check_validation("[discord]\nenabled = true\ntoken = abc\n", "");
	check_validation("[matrix]\n\nenabled = true\n",
			 "t.conf:3: [matrix] is enabled but has no homeserver\n"
			 "t.conf:3: [matrix] is enabled but has no user_id\n"
			 "t.conf:3: [matrix] is enabled but has neither password nor access_token "
			 "(or MATRIX_PASSWORD / MATRIX_ACCESS_TOKEN)\n"
			 "t.conf:3: " NO_PICKLE_KEY);
	check_validation("[matrix]\nenabled = true\nhomeserver = http://127.0.0.1:8008\n"
			 "user_id = @bot:localhost\naccess_token = t\n",
			 "t.conf:2: " NO_PICKLE_KEY);
	check_validation("[matrix]\nenabled = true\nhomeserver = http://127.0.0.1:8008\n"
			 "user_id = @bot:localhost\naccess_token = t\nencryption = yes\n",
			 "t.conf:6: " NO_PICKLE_KEY);
	check_validation("[matrix]\nenabled = true\nhomeserver = http://127.0.0.1:8008\n"
			 "user_id = @bot:localhost\naccess_token = t\npickle_key = k\n",
			 "");
	check_validation("[matrix]\nenabled = true\nhomeserver = http://127.0.0.1:8008\n"
			 "user_id = @bot:localhost\naccess_token = t\nencryption = false\n",
			 "");
	check_validation("[matrix]\nhomeserver = http://127.0.0.1:8008\n", ""); /* disabled */
	check_validation("[discord]\nshard_count = 2\nshard_id = 2\n",
			 "t.conf:3: [discord] shard_id 2 must be below shard_count 2\n");
	check_validation("[discord]\nshard_id = 1\n",
			 "t.conf:2: [discord] shard_id needs a fixed shard_count "
			 "(auto runs every shard in this process)\n");
	check_validation("[discord]\nshards = 0-1\n",
			 "t.conf:2: [discord] shards needs a fixed shard_count "
			 "(auto runs every shard in this process)\n");
	check_validation("[discord]\nshard_count = 8\nshard_id = 0\nshards = 4-8\n",
			 "t.conf:4: [discord] set shard_id or shards, not both\n"
			 "t.conf:4: [discord] shards 4-8 must be below shard_count 8\n");
	check_validation("[permissions]\nallow_rooms = 1, 2, !r:x\ndeny_rooms = !r:x, 3\n",
			 "t.conf:3: [permissions] room !r:x is in both allow_rooms and deny_rooms\n");

	struct config *cfg = load("[discord]\nshard_count = 8\nshards = 4-7\n", NULL, NULL);
	long first, last;
	assert_int_equal(config_discord_shards(cfg, &first, &last), 0);
	assert_int_equal(first, 4);
	assert_int_equal(last, 7);
	config_free(cfg);
	cfg = load("[discord]\nshard_count = 8\nshard_id = 5\n", NULL, NULL);
	assert_int_equal(config_discord_shards(cfg, &first, &last), 0);
	assert_int_equal(first, 5);
	assert_int_equal(last, 5);
	config_free(cfg);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	*len = cap;
	return buf;
}

static char *generated_example(size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_int_equal(config_write_example(f), 0);
	fclose(f);
	return buf;
}

static void test_example_matches_table(void **state)
{
	size_t want_len, have_len;
	char *want = generated_example(&want_len);
	char *have = read_all(BRIEFBOT_SOURCE_ROOT "/config.example", &have_len);
	assert_non_null(have);
	if (have_len != want_len || memcmp(have, want, want_len) != 0) {
		size_t i = 0, line = 1;
		while (i < have_len && i < want_len && have[i] == want[i])
			line += have[i++] == '\n';
		print_error("config.example differs from the key table at line %zu; "
			    "run `ninja -C build update-config-example`\n",
			    line);
		fail();
	}
	/* Every key is documented in it. */
	for (int k = 0; k < CONFIG_KEY_COUNT; k++) {
		char needle[128];
		snprintf(needle, sizeof needle, "\n#%s =", config_key_name(k));
		assert_non_null(strstr(want, needle));
	}
	free(want);
	free(have);
}

static void test_example_round_trip(void **state)
{
	size_t len;
	char *text = generated_example(&len);
	struct strbuf errors = { 0 };
	int rc;
	struct config *cfg = load(text, &errors, &rc);
	assert_string_equal(strbuf_str(&errors), "");
	assert_int_equal(rc, 0);
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		assert_int_equal(config_origin(cfg, k), CONFIG_FROM_DEFAULT);
	config_free(cfg);

	/* Uncomment every key line: each shown value must be valid for its key. */
	struct strbuf on = { 0 };
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (p[0] == '#' && p[1] >= 'a' && p[1] <= 'z')
			p++, n--;
		strbuf_append(&on, p, n);
		p += n;
	}
	cfg = load(strbuf_str(&on), &errors, &rc);
	assert_string_equal(strbuf_str(&errors), "");
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		assert_int_equal(config_origin(cfg, k), CONFIG_FROM_FILE);
	config_free(cfg);
	strbuf_free(&on);
	free(text);
}

/* [digest] subscription: repeated lines are one item each (commas kept),
 * checked with their own line numbers, and dumped back line by line. */
static void test_digest_subscriptions(void **state)
{
	const char *text = "[digest]\n"
			   "subscription = discord:123 daily 08:00 Europe/London\n"
			   "subscription = matrix:!r:example.org \"0 8 * * 1,3\" UTC\n"
			   "max_per_room = 2\n"
			   "subscription = console:console\n";
	struct strbuf errors = { 0 };
	int rc;
	struct config *cfg = load(text, &errors, &rc);
	assert_string_equal(strbuf_str(&errors), "");
	const char *const *items;
	assert_int_equal(config_list(cfg, CONFIG_DIGEST_SUBSCRIPTION, &items), 3);
	assert_string_equal(items[1], "matrix:!r:example.org \"0 8 * * 1,3\" UTC");
	assert_int_equal(config_validate(cfg, &errors), 0);
	struct config_subscription cs;
	assert_int_equal(config_subscription_split(items[1], &cs, &errors), 0);
	assert_int_equal(cs.room_len, strlen("!r:example.org"));
	assert_string_equal(cs.spec, "\"0 8 * * 1,3\" UTC");
	char *a = NULL;
	size_t alen;
	FILE *f = open_memstream(&a, &alen);
	config_dump(cfg, f);
	fclose(f);
	struct config *again = load(a, &errors, &rc);
	assert_string_equal(strbuf_str(&errors), "");
	assert_int_equal(config_list(again, CONFIG_DIGEST_SUBSCRIPTION, &items), 3);
	assert_string_equal(items[2], "console:console");
	free(a);
	config_free(again);
	config_free(cfg);

	cfg = load("[digest]\nsubscription = discord:1 daily 08:00 UTC\n"
		   "subscription = slack:1 daily\n"
		   "subscription = discord:1 daily 25:00 UTC\n"
		   "subscription = matrix:!r:x daily Europe/Londn\n", &errors, &rc);
	assert_int_equal(config_validate(cfg, &errors), BB_EINVAL);
	const char *e = strbuf_str(&errors);
	assert_non_null(strstr(e, "t.conf:3: [digest] subscription 'slack:1 daily': the platform"));
	assert_non_null(strstr(e, "t.conf:4: [digest] subscription 'discord:1 daily 25:00 UTC': "));
	assert_non_null(strstr(e, "t.conf:5: [digest] subscription "));
	assert_non_null(strstr(e, "Europe/London"));
	assert_null(strstr(e, "t.conf:2:"));
	strbuf_free(&errors);
	config_free(cfg);
}

static void test_dump_round_trip(void **state)
{
	const char *text = "[general]\nprefix = \"#\"\ndatabase = \" spaced # name \"\n"
			   "[permissions]\ndiscord_admins = 1, 2\n[discord]\nshard_count = 3\n";
	struct config *cfg = load(text, NULL, NULL);
	char *a = NULL, *b = NULL;
	size_t alen, blen;
	FILE *f = open_memstream(&a, &alen);
	config_dump(cfg, f);
	fclose(f);
	struct strbuf errors = { 0 };
	int rc;
	struct config *again = load(a, &errors, &rc);
	assert_string_equal(strbuf_str(&errors), "");
	assert_string_equal(config_str(again, CONFIG_GENERAL_PREFIX), "#");
	assert_string_equal(config_str(again, CONFIG_GENERAL_DATABASE), " spaced # name ");
	f = open_memstream(&b, &blen);
	config_dump(again, f);
	fclose(f);
	assert_string_equal(a, b);
	free(a);
	free(b);
	config_free(cfg);
	config_free(again);
}

/* [metrics] listen: an IP literal and a port; the parser is shared by the
 * check and the server. */
static void test_listen_address(void **state)
{
	char host[64];
	int port = -1;
	assert_true(config_parse_listen("127.0.0.1:9464", host, sizeof host, &port));
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 9464);
	assert_true(config_parse_listen("[::1]:0", host, sizeof host, &port));
	assert_string_equal(host, "::1");
	assert_int_equal(port, 0);
	const char *bad[] = { "", ":9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536",
			      "::1:9464", "[::1:9464", "localhost:9464", "1.2.3.4:12x",
			      "[]:1", "1.2.3.4:123456" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(config_parse_listen(bad[i], host, sizeof host, &port));
	struct config *cfg = config_new_defaults();
	struct strbuf errors = {0};
	const char text[] = "[metrics]\nlisten = localhost:80\n";
	assert_int_equal(config_load_buffer(cfg, "t", text, sizeof text - 1, &errors), BB_EPARSE);
	assert_non_null(strstr(strbuf_str(&errors), "must be IP:PORT"));
	strbuf_free(&errors);
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_table_metadata),
		cmocka_unit_test(test_valid_file),
		cmocka_unit_test(test_every_error_with_its_line),
		cmocka_unit_test(test_value_checks),
		cmocka_unit_test_setup_teardown(test_load_file, scratch_setup, scratch_teardown),
		cmocka_unit_test(test_env_overrides),
		cmocka_unit_test(test_secrets_never_printed),
		cmocka_unit_test(test_long_discord_tokens),
		cmocka_unit_test_setup_teardown(test_secret_file_permissions, scratch_setup,
						scratch_teardown),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_listen_address),
		cmocka_unit_test(test_example_matches_table),
		cmocka_unit_test(test_example_round_trip),
		cmocka_unit_test(test_dump_round_trip),
		cmocka_unit_test(test_digest_subscriptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
