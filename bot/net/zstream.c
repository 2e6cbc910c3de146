/* The stream is inflated raw (inflateInit2 with -15 once its 2-byte zlib
 * header has been checked here): zlib then skips the Adler-32 of every
 * byte, a quarter of inflating a gateway payload.  The checksum could
 * only be compared when the stream ends, which a gateway connection's
 * never does; TLS already guards the bytes. */
#include "bot/net/zstream.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/error.h"

#define ZSTREAM_DEFAULT_MAX (16u << 20)
#define ZSTREAM_MIN_CHUNK 4096

struct zstream {
	z_stream zs;
	bool zs_live;    /* inflateInit succeeded */
	bool failed;     /* sticky until reset */
	size_t max_output;
	unsigned char *out;
	size_t out_len;  /* bytes of the message being inflated */
	size_t out_cap;
	unsigned char tail[4]; /* the last bytes fed, to spot 00 00 ff ff */
	size_t tail_len;
	bool fresh;      /* the previous feed completed a message */
	unsigned char header[2]; /* the zlib header, checked before inflating */
	size_t header_len;
	size_t trailer_left; /* after the last block: Adler-32 bytes to skip */
	bool ended;      /* the last deflate block was inflated */
};

static const unsigned char flush_marker[4] = { 0x00, 0x00, 0xff, 0xff };

struct zstream *zstream_new(size_t max_output)
{
	struct zstream *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	z->max_output = max_output ? max_output : ZSTREAM_DEFAULT_MAX;
	if (zstream_reset(z) != 0) {
		zstream_free(z);
		return NULL;
	}
	return z;
}

int zstream_reset(struct zstream *z)
{
	if (z->zs_live)
		inflateEnd(&z->zs);
	memset(&z->zs, 0, sizeof z->zs);
	z->zs_live = inflateInit2(&z->zs, -MAX_WBITS) == Z_OK;
	z->failed = !z->zs_live;
	z->out_len = 0;
	z->tail_len = 0;
	z->fresh = false;
	z->header_len = 0;
	z->trailer_left = 4;
	z->ended = false;
	return z->zs_live ? 0 : BB_ENOMEM;
}

void zstream_free(struct zstream *z)
{
	if (!z)
		return;
	if (z->zs_live)
		inflateEnd(&z->zs);
	free(z->out);
	free(z);
}

static void remember_tail(struct zstream *z, const unsigned char *p, size_t len)
{
	if (len >= 4) {
		memcpy(z->tail, p + len - 4, 4);
		z->tail_len = 4;
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (z->tail_len == 4) {
			memmove(z->tail, z->tail + 1, 3);
			z->tail_len = 3;
		}
		z->tail[z->tail_len++] = p[i];
	}
}

/* Makes room for more output, keeping one byte for the final NUL. */
static int grow(struct zstream *z)
{
	if (z->out_len > z->max_output)
		return BB_ETOOBIG;
	/* up to max_output + 1 bytes of data, so going over shows, + the NUL */
	size_t cap = z->out_cap ? z->out_cap * 2 : ZSTREAM_MIN_CHUNK;
	if (cap > z->max_output + 2)
		cap = z->max_output + 2;
	unsigned char *p = realloc(z->out, cap);
	if (!p)
		return BB_ENOMEM;
	z->out = p;
	z->out_cap = cap;
	return 0;
}

static int fail(struct zstream *z, int err)
{
	z->failed = true;
	return err;
}

/* Takes the 2-byte zlib header (RFC 1950) off the input, across feeds if
 * need be: deflate, a window of at most 32 KiB, no preset dictionary.
 * Returns 0 or -1 for anything else. */
static int eat_header(struct zstream *z)
{
	while (z->header_len < 2 && z->zs.avail_in > 0) {
		z->header[z->header_len++] = *z->zs.next_in++;
		z->zs.avail_in--;
		if (z->header_len < 2)
			continue;
		unsigned cmf = z->header[0], flg = z->header[1];
		if ((cmf & 0x0f) != Z_DEFLATED || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0 ||
		    (flg & 0x20))
			return -1;
	}
	return 0;
}

/* After the last block: the 4-byte Adler-32 trailer may follow, nothing
 * more.  Returns 0 or -1 for data after the end. */
static int eat_trailer(struct zstream *z)
{
	if (!z->ended)
		return 0;
	size_t n = z->zs.avail_in < z->trailer_left ? z->zs.avail_in : z->trailer_left;
	z->zs.next_in += n;
	z->zs.avail_in -= (uInt)n;
	z->trailer_left -= n;
	return z->zs.avail_in > 0 ? -1 : 0;
}

int zstream_feed(struct zstream *z, const void *data, size_t len, const char **out,
		 size_t *out_len)
{
	if (!z || (!data && len) || !out || !out_len)
		return BB_EINVAL;
	if (z->failed)
		return BB_EPARSE;
	if (z->fresh) {
		z->out_len = 0;
		z->fresh = false;
	}
	z->zs.next_in = (unsigned char *)(uintptr_t)data;
	z->zs.avail_in = (uInt)len;
	if ((size_t)z->zs.avail_in != len)
		return fail(z, BB_ETOOBIG);
	remember_tail(z, data, len);
	if (eat_header(z) < 0 || eat_trailer(z) < 0)
		return fail(z, BB_EPARSE);

	while (!z->ended) {
		if (z->out_cap - z->out_len <= 1) {
			int err = grow(z);
			if (err)
				return fail(z, err);
		}
		size_t room = z->out_cap - z->out_len - 1;
		z->zs.next_out = z->out + z->out_len;
		z->zs.avail_out = (uInt)room;
		int rc = inflate(&z->zs, Z_SYNC_FLUSH);
		z->out_len += room - z->zs.avail_out;
		if (z->out_len > z->max_output)
			return fail(z, BB_ETOOBIG);
		if (rc == Z_STREAM_END) {
			z->ended = true;
			if (eat_trailer(z) < 0)
				return fail(z, BB_EPARSE); /* data after the end */
			break;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return fail(z, BB_EPARSE);
		if (z->zs.avail_out > 0) {
			if (z->zs.avail_in == 0)
				break; /* all input used, all output out */
			if (rc == Z_BUF_ERROR)
				return fail(z, BB_EPARSE); /* stuck with room to spare */
		}
	}
	if (z->tail_len < 4 || memcmp(z->tail, flush_marker, 4) != 0)
		return 0;
	z->out[z->out_len] = '\0';
	z->fresh = true;
	*out = (const char *)z->out;
	*out_len = z->out_len;
	return 1;
}
