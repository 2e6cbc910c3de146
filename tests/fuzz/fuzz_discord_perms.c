/* libFuzzer target for bot/discord/discord_perms: a stream of gateway
 * events, each "EVENT_NAME\tJSON" on its own line, fed into one cache; after
 * each, permissions are computed for a few members. The cache must never
 * crash or leak (the sanitizers watch), whatever the events say. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/discord/discord_perms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const roles[] = { "1", "2", "300", "18446744073709551615" };
	char *text = malloc(size + 1);
	struct discord_perms *p = discord_perms_new();
	if (!text || !p)
		goto out;
	memcpy(text, data, size);
	text[size] = '\0';
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		cJSON *d = cJSON_Parse(tab + 1);
		discord_perms_event(p, line, d);
		cJSON_Delete(d);
		for (size_t n = 0; n <= 4; n++)
			discord_perms_compute(p, "200", "7", roles, n);
		discord_perms_can_manage(p, "200", "1", roles, 2);
	}
out:
	discord_perms_free(p);
	free(text);
	return 0;
}
