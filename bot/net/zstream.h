/* Discord's "zlib-stream" transport compression: one zlib stream spans every
 * binary message of a gateway connection; a message is complete when the
 * data received so far ends with 00 00 ff ff (a Z_SYNC_FLUSH marker).  This
 * is not permessage-deflate.  Pure: no I/O, no clock. */
#ifndef BB_ZSTREAM_H
#define BB_ZSTREAM_H

#include <stddef.h>

struct zstream;

/* Creates an inflater whose messages may inflate to at most `max_output`
 * bytes each (0: 16 MiB).  Returns NULL on allocation failure.  Free with
 * zstream_free. */
struct zstream *zstream_new(size_t max_output);

/* Feeds the next piece of compressed data (a whole websocket message or any
 * part of one).  Returns 1 when this piece completed a message: *out points
 * at the inflated bytes (NUL-terminated, owned by `z`, valid until the next
 * zstream_feed or zstream_reset) and *out_len is their length.  Returns 0
 * when more data is needed.  Returns BB_EPARSE for corrupt data or
 * BB_ETOOBIG over the output limit; after an error every feed fails until
 * zstream_reset. */
int zstream_feed(struct zstream *z, const void *data, size_t len, const char **out,
		 size_t *out_len);

/* Starts a new stream: call for every new connection.  Returns 0 or
 * BB_ENOMEM. */
int zstream_reset(struct zstream *z);

/* NULL-safe. */
void zstream_free(struct zstream *z);

#endif
