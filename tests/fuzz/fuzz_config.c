/* Feeds arbitrary bytes to the config parser as a file, then runs the
 * cross-field checks and the dump over whatever it accepted. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bot/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg = config_new_defaults();
	if (!cfg)
		return 0;
	struct strbuf errors = { 0 };
	config_load_buffer(cfg, "fuzz.conf", (const char *)data, size, &errors);
	config_validate(cfg, &errors);
	long first, last;
	config_discord_shards(cfg, &first, &last);
	FILE *sink = fopen("/dev/null", "w");
	if (sink) {
		config_dump(cfg, sink);
		fclose(sink);
	}
	strbuf_free(&errors);
	config_free(cfg);
	return 0;
}
