/* config-example [FILE]: writes the example configuration generated from
 * bot/config_keys.def to FILE (default: stdout). Used by the
 * update-config-example build target. */
#include <stdio.h>

#include "bot/config.h"

int main(int argc, char **argv)
{
	FILE *out = stdout;
	if (argc > 2) {
		fprintf(stderr, "usage: %s [FILE]\n", argv[0]);
		return 2;
	}
	if (argc == 2) {
		out = fopen(argv[1], "w");
		if (!out) {
			perror(argv[1]);
			return 1;
		}
	}
	int rc = config_write_example(out);
	if (out != stdout && fclose(out) != 0)
		rc = -1;
	if (rc != 0) {
		fprintf(stderr, "%s: write failed\n", argc == 2 ? argv[1] : "stdout");
		return 1;
	}
	return 0;
}
