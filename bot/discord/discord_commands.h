/* Slash commands from the router's command table: the JSON body of the
 * bulk overwrite (PUT /applications/{app}/commands), and the mapping of an
 * interaction's options back to the arguments in declared order. Pure. */
#ifndef BB_DISCORD_COMMANDS_H
#define BB_DISCORD_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "commands/router.h"

struct cJSON;

/* Application command option types used here. */
enum { DISCORD_OPT_SUB_COMMAND = 1, DISCORD_OPT_STRING = 3, DISCORD_OPT_INTEGER = 4 };

/* Builds the array of CHAT_INPUT commands for every command of the table:
 * names lowercased and cut to 32 characters (a-z, 0-9, - and _ only),
 * descriptions cut to 100 characters, options typed STRING or INTEGER,
 * required ones first; a command with subcommands gets one SUB_COMMAND
 * option per subcommand, holding that subcommand's options. Returns the JSON text (caller frees with free()),
 * or NULL when out of memory. */
char *discord_commands_json(const struct router *r);

/* Maps the options of an interaction (data.options: [{name, type, value}])
 * onto cmd's arguments in declared order: out[i] is a malloc'ed string of
 * the value given for cmd->args[i] (integers printed in decimal), or NULL
 * if it was left out. out has room for `max` entries; returns how many
 * entries were filled (cmd->max_args, at most max), or BB_ENOMEM. Free
 * with discord_commands_args_free(). Unknown options are ignored. */
int discord_commands_args(const struct router_command *cmd, const struct cJSON *options,
			  char **out, size_t max);
void discord_commands_args_free(char **out, size_t n);

/* The subcommand of cmd an interaction names (a SUB_COMMAND option in
 * data.options), with that option's own options in *sub_options; NULL if
 * none matches. */
const struct router_command *discord_commands_sub(const struct router_command *cmd,
						  const struct cJSON *options,
						  const struct cJSON **sub_options);

/* Does an interaction's member.permissions (the member's permissions in
 * the channel, a decimal string) include MANAGE_CHANNELS or ADMINISTRATOR? */
bool discord_can_manage_channel(const char *permissions);

#endif
