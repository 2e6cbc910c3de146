/* What every platform adapter turns an incoming chat event into. The
 * strings are borrowed from the adapter for the duration of one
 * router_handle() call. */
#ifndef BB_MESSAGE_H
#define BB_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

enum platform { PLATFORM_CONSOLE, PLATFORM_DISCORD, PLATFORM_MATRIX, PLATFORM_COUNT };

const char *platform_name(enum platform p);

struct bot_message {
	enum platform platform;
	const char *room_id;      /* Discord channel id / Matrix room id / "console" */
	const char *guild_id;     /* Discord guild, or NULL */
	const char *author_id;
	const char *author_name;  /* display name */
	bool author_is_bot;
	bool author_is_self;      /* the bot's own message */
	bool is_dm;               /* a direct conversation */
	const char *text;         /* the raw text ("" for a slash command) */
	const char *message_id;   /* to reply to; may be NULL */
	const char *thread_id;    /* may be NULL */
	const char *const *role_ids; /* Discord role ids of the author */
	size_t n_roles;
	/* The author manages this room, as the adapter worked out (Discord:
	 * MANAGE_CHANNELS in the channel; Matrix: a power level at least the
	 * room's state_default). Lets them manage the room's digests.  When
	 * manages_room is set, it is asked instead, and only by a command
	 * that needs the answer: the adapter's lookup is then not paid by
	 * every message of a busy channel. */
	bool can_manage_room;
	bool (*manages_room)(void *user, const struct bot_message *m);
	void *manages_room_user;

	/* The forms of the bot's own mention that may start a message
	 * ("<@123>", "<@!123>", "@briefbot:example.org", "briefbot"). */
	const char *const *self_mentions;
	size_t n_self_mentions;

	/* A slash command: its name and its options in declaration order
	 * (NULL where an optional one was left out). text is ignored. */
	const char *slash_command;
	const char *slash_subcommand; /* "subscribe" of /digest subscribe, or NULL */
	const char *const *slash_args;
	size_t n_slash_args;
};

#endif
