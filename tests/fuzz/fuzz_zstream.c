/* libFuzzer target for bot/net/zstream.  The first byte picks a mode:
 * even: the rest is fed as compressed data, cut into pieces whose sizes come
 *       from the input itself (corrupt streams must fail, never crash);
 * odd:  the rest is plain text cut into messages at '\n'; each non-empty one is
 *       compressed with Z_SYNC_FLUSH on one stream and fed in two pieces,
 *       and must come back byte for byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bot/net/zstream.h"

static void feed_raw(struct zstream *z, const uint8_t *data, size_t size)
{
	const char *out;
	size_t out_len;
	while (size > 0) {
		size_t n = (size_t)(data[0] % 64) + 1;
		data++;
		size--;
		if (n > size)
			n = size;
		if (zstream_feed(z, data, n, &out, &out_len) == 1 && out[out_len] != '\0')
			abort();
		data += n;
		size -= n;
	}
}

static void round_trip(struct zstream *z, const uint8_t *data, size_t size)
{
	z_stream d;
	memset(&d, 0, sizeof d);
	if (deflateInit(&d, Z_DEFAULT_COMPRESSION) != Z_OK)
		return;
	size_t cap = size + 1024;
	unsigned char *buf = malloc(cap * 2);
	if (!buf)
		goto out;
	while (size > 0) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t len = nl ? (size_t)(nl - data) : size;
		size_t used = nl ? len + 1 : len;
		if (len == 0) { /* zlib will not flush twice with no new input */
			data += used;
			size -= used;
			continue;
		}
		d.next_in = (unsigned char *)(uintptr_t)data;
		d.avail_in = (uInt)len;
		d.next_out = buf;
		d.avail_out = (uInt)(cap * 2);
		if (deflate(&d, Z_SYNC_FLUSH) != Z_OK || d.avail_in)
			abort();
		size_t clen = cap * 2 - d.avail_out;
		size_t half = clen / 2;
		const char *out = NULL;
		size_t out_len = 0;
		int rc = zstream_feed(z, buf, half, &out, &out_len);
		if (rc != 0 && !(rc == 1 && clen - half == 0))
			abort(); /* half a message is never a message */
		rc = zstream_feed(z, buf + half, clen - half, &out, &out_len);
		if (rc != 1 || out_len != len || memcmp(out, data, len) != 0)
			abort();
		data += used;
		size -= used;
	}
out:
	free(buf);
	deflateEnd(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct zstream *z = zstream_new(1 << 20);
	if (!z)
		return 0;
	if (data[0] & 1)
		round_trip(z, data + 1, size - 1);
	else
		feed_raw(z, data + 1, size - 1);
	zstream_free(z);
	return 0;
}
