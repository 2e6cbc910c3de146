/* libFuzzer target for bot/matrix/matrix_sync: any bytes as a /sync response.
 * Every result must be consistent: events point at strings of the parse
 * tree, rooms and events within their counts, kinds known. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/matrix/matrix_sync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct matrix_sync *s = matrix_sync_parse((const char *)data, size, "@bot:localhost");
	if (!s)
		return 0;
	size_t total = strlen(s->next_batch);
	for (size_t i = 0; i < s->n_rooms; i++)
		total += strlen(s->rooms[i].room_id);
	for (size_t i = 0; i < s->n_events; i++) {
		const struct matrix_event *e = &s->events[i];
		if (e->kind > MATRIX_EV_LEAVE || !e->room_id)
			abort();
		if (e->kind == MATRIX_EV_MESSAGE && (!e->body || !e->msgtype || !e->event_id ||
						     !e->sender))
			abort();
		if (e->kind == MATRIX_EV_LEAVE && !e->membership)
			abort();
		total += strlen(e->room_id) + (e->body ? strlen(e->body) : 0);
	}
	matrix_sync_free(s);
	return total == (size_t)-1;
}
