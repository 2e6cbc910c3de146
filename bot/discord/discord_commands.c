#include "bot/discord/discord_commands.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/utf8.h"

#define NAME_MAX_LEN 32
#define DESC_MAX_LEN 100

/* Discord's name rule for what we produce: lowercase a-z, 0-9, - and _. */
static void command_name(const char *in, char out[NAME_MAX_LEN + 1])
{
	size_t n = 0;
	for (const char *p = in; *p && n < NAME_MAX_LEN; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
			out[n++] = c;
	}
	if (n == 0)
		out[n++] = 'x';
	out[n] = '\0';
}

/* Adds "description", at most 100 code points, never empty. */
static void add_description(cJSON *obj, const char *text)
{
	char buf[DESC_MAX_LEN * 4 + 1];
	size_t len = text ? strlen(text) : 0;
	size_t cut = 0, count = 0;
	while (cut < len && count < DESC_MAX_LEN) {
		uint32_t cp;
		cut += utf8_decode(text + cut, len - cut, &cp);
		count++;
	}
	if (cut == 0) {
		cJSON_AddStringToObject(obj, "description", "-");
		return;
	}
	memcpy(buf, text, cut);
	buf[cut] = '\0';
	cJSON_AddStringToObject(obj, "description", buf);
}

static void add_option(cJSON *opts, const struct router_arg *a, bool required)
{
	char name[NAME_MAX_LEN + 1];
	cJSON *o = cJSON_CreateObject();
	command_name(a->name, name);
	cJSON_AddNumberToObject(o, "type", a->type == ROUTER_ARG_INT ? DISCORD_OPT_INTEGER
								   : DISCORD_OPT_STRING);
	cJSON_AddStringToObject(o, "name", name);
	add_description(o, a->description);
	cJSON_AddBoolToObject(o, "required", required);
	cJSON_AddItemToArray(opts, o);
}

/* Adds the command's arguments as "options", if it has any. */
static void add_options(cJSON *obj, const struct router_command *c)
{
	if (c->max_args == 0)
		return;
	cJSON *opts = cJSON_AddArrayToObject(obj, "options");
	/* Discord wants required options first: keep the order while every
	 * earlier one is required. */
	bool all_required = true;
	for (size_t j = 0; j < c->max_args && j < 25; j++) {
		all_required = all_required && c->args[j].required;
		add_option(opts, &c->args[j], all_required);
	}
}

const struct router_command *discord_commands_sub(const struct router_command *cmd,
						  const cJSON *options, const cJSON **sub_options)
{
	const cJSON *opt;
	*sub_options = NULL;
	cJSON_ArrayForEach(opt, options) {
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(opt, "type");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(opt, "name");
		if (!cJSON_IsNumber(type) || type->valueint != DISCORD_OPT_SUB_COMMAND ||
		    !cJSON_IsString(name))
			continue;
		for (size_t i = 0; i < cmd->n_subs; i++) {
			char want[NAME_MAX_LEN + 1];
			command_name(cmd->subs[i].name, want);
			if (strcmp(want, name->valuestring) == 0) {
				*sub_options = cJSON_GetObjectItemCaseSensitive(opt, "options");
				return &cmd->subs[i];
			}
		}
	}
	return NULL;
}

bool discord_can_manage_channel(const char *permissions)
{
	/* The member's permissions in the channel, overwrites applied, as a
	 * decimal bit set: ADMINISTRATOR (1 << 3) or MANAGE_CHANNELS (1 << 4). */
	if (!permissions || !*permissions)
		return false;
	char *end;
	errno = 0;
	unsigned long long bits = strtoull(permissions, &end, 10);
	if (errno || *end != '\0' || permissions[0] == '-')
		return false;
	return (bits & ((1ull << 3) | (1ull << 4))) != 0;
}

char *discord_commands_json(const struct router *r)
{
	cJSON *arr = cJSON_CreateArray();
	char *text = NULL;
	if (!arr)
		return NULL;
	size_t n = router_command_count(r);
	for (size_t i = 0; i < n && i < 100; i++) {
		const struct router_command *c = router_command_at(r, i);
		char name[NAME_MAX_LEN + 1];
		cJSON *cmd = cJSON_CreateObject();
		command_name(c->name, name);
		cJSON_AddNumberToObject(cmd, "type", 1);
		cJSON_AddStringToObject(cmd, "name", name);
		add_description(cmd, c->summary);
		if (c->n_subs > 0) {
			/* /digest subscribe ...: one SUB_COMMAND option each, with
			 * the subcommand's own options. */
			cJSON *opts = cJSON_AddArrayToObject(cmd, "options");
			for (size_t j = 0; j < c->n_subs && j < 25; j++) {
				cJSON *sub = cJSON_CreateObject();
				command_name(c->subs[j].name, name);
				cJSON_AddNumberToObject(sub, "type", DISCORD_OPT_SUB_COMMAND);
				cJSON_AddStringToObject(sub, "name", name);
				add_description(sub, c->subs[j].summary);
				add_options(sub, &c->subs[j]);
				cJSON_AddItemToArray(opts, sub);
			}
		} else {
			add_options(cmd, c);
		}
		cJSON_AddItemToArray(arr, cmd);
	}
	text = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return text;
}

static char *value_text(const cJSON *v)
{
	char buf[32];
	if (cJSON_IsString(v))
		return strdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d == floor(d) && fabs(d) < 9e15)
			snprintf(buf, sizeof buf, "%lld", (long long)d);
		else
			snprintf(buf, sizeof buf, "%.17g", d);
		return strdup(buf);
	}
	if (cJSON_IsBool(v))
		return strdup(cJSON_IsTrue(v) ? "true" : "false");
	return NULL;
}

int discord_commands_args(const struct router_command *cmd, const cJSON *options,
			  char **out, size_t max)
{
	size_t n = cmd->max_args < max ? cmd->max_args : max;
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	const cJSON *opt;
	cJSON_ArrayForEach(opt, options) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(opt, "name");
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(opt, "value");
		if (!cJSON_IsString(name) || !value)
			continue;
		for (size_t i = 0; i < n; i++) {
			char want[NAME_MAX_LEN + 1];
			command_name(cmd->args[i].name, want);
			if (out[i] || strcmp(want, name->valuestring) != 0)
				continue;
			out[i] = value_text(value);
			if (!out[i] && !cJSON_IsNull(value) && (cJSON_IsString(value) ||
								cJSON_IsNumber(value))) {
				discord_commands_args_free(out, n);
				return BB_ENOMEM;
			}
			break;
		}
	}
	return (int)n;
}

void discord_commands_args_free(char **out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i]);
		out[i] = NULL;
	}
}
