/* UTF-8 helpers shared by the text pipeline and the renderers. */
#ifndef BB_UTF8_H
#define BB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);

/* Decodes one code point at s (at most n bytes). Returns the number of bytes
 * used (1..4) and stores the code point, or returns 1 and stores U+FFFD for
 * an invalid sequence, so callers always make progress. n must be > 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* The largest length <= max at which s[0..n) may be cut without splitting a
 * UTF-8 sequence. */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* Number of code points in s[0..n). */
size_t utf8_count(const char *s, size_t n);

/* True if s[0..n) holds an ASCII control character (U+0000-U+001F or
 * U+007F): a line break or escape a one-line field must not carry. */
bool utf8_has_control(const char *s, size_t n);

#endif
