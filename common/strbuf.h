/* A growable, always NUL-terminated byte string. A zeroed struct is an empty
 * buffer; strbuf_free() returns it to that state. Appends never fail
 * silently: on allocation failure the buffer is marked failed, later appends
 * are ignored and strbuf_failed() tells. */
#ifndef BB_STRBUF_H
#define BB_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;   /* NULL until the first append */
	size_t len;
	size_t cap;
	bool failed;
};

void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Drops everything past `len` (no-op if already shorter). */
void strbuf_truncate(struct strbuf *sb, size_t len);
/* The contents, "" for an empty buffer; valid until the next append. */
const char *strbuf_str(const struct strbuf *sb);
bool strbuf_failed(const struct strbuf *sb);
/* Hands the heap string to the caller (free() it) and empties the buffer.
 * Returns NULL if an append failed. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
