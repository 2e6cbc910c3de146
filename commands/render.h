/* Renderers: a struct reply -> text for one platform, split into chunks
 * that each fit the platform's message limit. Every piece of reply text
 * (user input, article text) is escaped for the target: no markdown or HTML
 * injection, and every "@" is followed by a zero-width space so that
 * @everyone, @here, @room, <@123>, <@!123> and <@&123> come out inert.
 * Chunks are cut between blocks (title, paragraph, list item, citation);
 * a block longer than a chunk is cut at a space, else between code points,
 * never inside an escape or a markup construct, so each chunk is valid
 * UTF-8 with balanced markup on its own. */
#ifndef BB_RENDER_H
#define BB_RENDER_H

#include <stddef.h>

#include "commands/reply.h"

enum render_format {
	RENDER_PLAIN,   /* console; also usable as a Matrix plain body */
	RENDER_DISCORD, /* Discord markdown */
	RENDER_MATRIX,  /* Matrix: plain body + HTML formatted_body */
};

/* Default limits: Discord counts characters (we count UTF-16 units, which
 * is never fewer than code points); Matrix and plain count bytes. */
#define RENDER_DISCORD_LIMIT 2000
#define RENDER_MATRIX_LIMIT 16000
#define RENDER_MIN_LIMIT 64

struct render_chunk {
	char *text;  /* plain text or Discord markdown; Matrix: the body */
	char *html;  /* Matrix formatted_body; NULL for the other formats */
};

struct render_output {
	struct render_chunk *chunks;
	size_t n_chunks;
};

/* Renders `r` for `fmt` into `out` (zeroed by the caller, or reused after
 * render_output_free), each chunk at most `limit` units long (0: the
 * format's default, which for plain text is no limit; values below
 * RENDER_MIN_LIMIT are raised to it). An empty reply yields no chunks.
 * Returns 0 or BB_ENOMEM (out is then empty). The caller frees out with
 * render_output_free(). */
int render_reply(const struct reply *r, enum render_format fmt, size_t limit,
		 struct render_output *out);

/* Frees the chunks and leaves an empty output. NULL-safe. */
void render_output_free(struct render_output *out);

/* The length of s[0..n) as the format's limit counts it. */
size_t render_units(enum render_format fmt, const char *s, size_t n);

#endif
