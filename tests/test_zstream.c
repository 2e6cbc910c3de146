#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "bot/net/zstream.h"
#include "common/error.h"

/* A sender like Discord's: one deflate stream, each message flushed with
 * Z_SYNC_FLUSH so it ends in 00 00 ff ff. */
struct sender {
	z_stream zs;
	unsigned char buf[1 << 18];
	size_t len;
};

static void sender_init(struct sender *s)
{
	memset(s, 0, sizeof *s);
	assert_int_equal(deflateInit(&s->zs, Z_DEFAULT_COMPRESSION), Z_OK);
}

static void sender_compress(struct sender *s, const void *msg, size_t len)
{
	s->zs.next_in = (unsigned char *)(uintptr_t)msg;
	s->zs.avail_in = (uInt)len;
	s->zs.next_out = s->buf;
	s->zs.avail_out = sizeof s->buf;
	assert_int_equal(deflate(&s->zs, Z_SYNC_FLUSH), Z_OK);
	assert_int_equal(s->zs.avail_in, 0);
	s->len = sizeof s->buf - s->zs.avail_out;
	assert_memory_equal(s->buf + s->len - 4, "\x00\x00\xff\xff", 4);
}

static void sender_end(struct sender *s)
{
	deflateEnd(&s->zs);
}

/* Each test gets a sender and an inflater with the default limit. */
struct zfx {
	struct sender s;
	struct zstream *z;
};

static int zfx_setup(void **state)
{
	struct zfx *f = malloc(sizeof *f);
	assert_non_null(f);
	sender_init(&f->s);
	f->z = zstream_new(0);
	assert_non_null(f->z);
	*state = f;
	return 0;
}

static int zfx_teardown(void **state)
{
	struct zfx *f = *state;
	zstream_free(f->z);
	sender_end(&f->s);
	free(f);
	return 0;
}

static void test_messages_in_one_stream(void **state)
{
	struct zfx *f = *state;
	struct sender *s = &f->s;
	struct zstream *z = f->z;
	const char *msgs[] = {
		"{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}",
		"{\"op\":11}",
		"{\"op\":0,\"t\":\"READY\",\"s\":1,\"d\":{\"session_id\":\"abc\"}}",
		"{\"op\":11}", /* repeats compress against the shared window */
	};
	for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++) {
		sender_compress(s, msgs[i], strlen(msgs[i]));
		const char *out = NULL;
		size_t out_len = 0;
		assert_int_equal(zstream_feed(z, s->buf, s->len, &out, &out_len), 1);
		assert_int_equal(out_len, strlen(msgs[i]));
		assert_string_equal(out, msgs[i]);
	}
}

/* A message split over frames of every size from 1 byte up: only the piece
 * that ends with the marker completes it. */
static void test_message_split_across_frames(void **state)
{
	struct zfx *f = *state;
	struct sender *s = &f->s;
	struct zstream *z = f->z;
	char big[50000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + (i * 7 + i / 13) % 26);
	for (size_t piece = 1; piece <= 9; piece += 4) {
		big[0] = (char)('0' + piece);
		sender_compress(s, big, sizeof big);
		const char *out = NULL;
		size_t out_len = 0;
		size_t off = 0;
		int rc = 0;
		while (off < s->len) {
			size_t n = s->len - off < piece ? s->len - off : piece;
			rc = zstream_feed(z, s->buf + off, n, &out, &out_len);
			off += n;
			assert_int_equal(rc, off == s->len ? 1 : 0);
		}
		assert_int_equal(out_len, sizeof big);
		assert_memory_equal(out, big, sizeof big);
		assert_int_equal(out[out_len], '\0');
	}
}

static void test_output_limit(void **state)
{
	struct zfx *f = *state;
	struct sender *s = &f->s;
	zstream_free(f->z);
	struct zstream *z = f->z = zstream_new(1000);
	assert_non_null(z);
	char exact[1000], over[1001];
	memset(exact, 'x', sizeof exact);
	memset(over, 'y', sizeof over);
	const char *out;
	size_t out_len;
	sender_compress(s, exact, sizeof exact);
	assert_int_equal(zstream_feed(z, s->buf, s->len, &out, &out_len), 1);
	assert_int_equal(out_len, 1000);
	sender_compress(s, over, sizeof over);
	assert_int_equal(zstream_feed(z, s->buf, s->len, &out, &out_len), BB_ETOOBIG);
	/* sticky until reset */
	assert_int_equal(zstream_feed(z, "", 0, &out, &out_len), BB_EPARSE);
}

static void test_corrupt_input_is_an_error(void **state)
{
	struct zfx *f = *state;
	struct sender *s = &f->s;
	struct zstream *z = f->z;
	const char *out;
	size_t out_len;
	/* not a zlib header at all */
	assert_int_equal(zstream_feed(z, "\xde\xad\xbe\xef\x00\x00\xff\xff", 8, &out, &out_len),
			 BB_EPARSE);
	assert_int_equal(zstream_reset(z), 0);
	/* a valid start, then a flipped byte in the second message */
	sender_compress(s, "hello hello hello", 17);
	assert_int_equal(zstream_feed(z, s->buf, s->len, &out, &out_len), 1);
	sender_compress(s, "{\"op\":11,\"d\":null}", 18);
	unsigned char bad[64];
	memcpy(bad, s->buf, s->len);
	bad[0] ^= 0xff;
	int rc = zstream_feed(z, bad, s->len, &out, &out_len);
	if (rc == 1) /* the flip may decode: then it must not be the original */
		assert_false(out_len == 18 && memcmp(out, "{\"op\":11,\"d\":null}", 18) == 0);
	else
		assert_int_equal(rc, BB_EPARSE);
}

/* A new connection starts a new zlib stream: without reset, its header is
 * garbage to the old stream; after reset it decodes. */
static void test_reset_per_connection(void **state)
{
	struct zfx *f = *state;
	struct sender *a = &f->s, *b = malloc(sizeof *b);
	sender_init(b);
	struct zstream *z = f->z;
	const char *out;
	size_t out_len;
	sender_compress(a, "first connection", 16);
	assert_int_equal(zstream_feed(z, a->buf, a->len, &out, &out_len), 1);
	sender_compress(b, "second connection", 17);
	assert_int_equal(zstream_feed(z, b->buf, b->len, &out, &out_len), BB_EPARSE);
	assert_int_equal(zstream_reset(z), 0);
	assert_int_equal(zstream_feed(z, b->buf, b->len, &out, &out_len), 1);
	assert_string_equal(out, "second connection");
	zstream_free(NULL);
	sender_end(b);
	free(b);
}

/* The zlib header is checked by hand (the stream is inflated raw): a
 * preset dictionary, another method or a bad check value are refused,
 * and a header split over two feeds is fine. */
static void test_header(void **state)
{
	struct zfx *f = *state;
	struct sender *s = &f->s;
	struct zstream *z = f->z;
	const char *out;
	size_t out_len;
	static const char *const bad[] = {
		"\x78\xbb", /* FDICT: a preset dictionary */
		"\x79\x9c", /* method 9 */
		"\x78\x9d", /* check bits wrong */
		"\x88\x98", /* a window over 32 KiB */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(zstream_reset(z), 0);
		assert_int_equal(zstream_feed(z, bad[i], 2, &out, &out_len), BB_EPARSE);
	}
	assert_int_equal(zstream_reset(z), 0);
	sender_compress(s, "split header", 12);
	assert_int_equal(zstream_feed(z, s->buf, 1, &out, &out_len), 0);
	assert_int_equal(zstream_feed(z, s->buf + 1, s->len - 1, &out, &out_len), 1);
	assert_string_equal(out, "split header");
}

/* A stream that ends (Z_FINISH): its Adler-32 trailer is taken, in pieces
 * too; anything after it is an error. */
static void test_stream_end(void **state)
{
	struct zfx *f = *state;
	struct sender *s = &f->s;
	struct zstream *z = f->z;
	const char *out;
	size_t out_len;
	sender_compress(s, "last words", 10);
	assert_int_equal(zstream_feed(z, s->buf, s->len, &out, &out_len), 1);
	s->zs.next_in = NULL;
	s->zs.avail_in = 0;
	s->zs.next_out = s->buf;
	s->zs.avail_out = sizeof s->buf;
	assert_int_equal(deflate(&s->zs, Z_FINISH), Z_STREAM_END);
	size_t n = sizeof s->buf - s->zs.avail_out;
	assert_true(n > 4);
	assert_int_equal(zstream_feed(z, s->buf, n - 2, &out, &out_len), 0);
	assert_int_equal(zstream_feed(z, s->buf + n - 2, 2, &out, &out_len), 0);
	assert_int_equal(zstream_feed(z, "x", 1, &out, &out_len), BB_EPARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_messages_in_one_stream, zfx_setup, zfx_teardown),
		cmocka_unit_test_setup_teardown(test_message_split_across_frames, zfx_setup, zfx_teardown),
		cmocka_unit_test_setup_teardown(test_output_limit, zfx_setup, zfx_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_input_is_an_error, zfx_setup, zfx_teardown),
		cmocka_unit_test_setup_teardown(test_reset_per_connection, zfx_setup, zfx_teardown),
		cmocka_unit_test_setup_teardown(test_header, zfx_setup, zfx_teardown),
		cmocka_unit_test_setup_teardown(test_stream_end, zfx_setup, zfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
