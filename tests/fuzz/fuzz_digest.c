/* libFuzzer target: digest_covered_parse, the reader of what a room's last
 * digest covered (as the store keeps it), on arbitrary bytes. Checks: a
 * rejection leaves the set empty; an accepted set has non-empty ids
 * without line breaks, formats back to text, and that text parses to the
 * same set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "commands/digest.h"
#include "common/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct digest_covered c = {0}, again = {0};
	int rc = digest_covered_parse(text, &c);
	if (rc < 0) {
		if (c.n != 0 || c.marks)
			abort();
		goto out;
	}
	for (size_t i = 0; i < c.n; i++)
		if (!c.marks[i].id || !*c.marks[i].id || strchr(c.marks[i].id, '\n'))
			abort();
	struct strbuf sb = {0};
	if (digest_covered_format(&c, &sb) != 0)
		abort();
	if (digest_covered_parse(strbuf_str(&sb), &again) != 0 || again.n != c.n)
		abort();
	for (size_t i = 0; i < c.n; i++)
		if (strcmp(again.marks[i].id, c.marks[i].id) != 0 ||
		    again.marks[i].fingerprint != c.marks[i].fingerprint)
			abort();
	strbuf_free(&sb);
out:
	digest_covered_free(&c);
	digest_covered_free(&again);
	free(text);
	return 0;
}
