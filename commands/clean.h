/* Chat markup taken out of a question before the engine reads it:
 * Discord mentions (<@123>, <@!123>, role <@&123>, channel <#123>), custom
 * emoji (<:name:123>, <a:name:123>) and timestamps (<t:123:R>), @everyone
 * and @here, Matrix user IDs and room aliases (@alice:example.org,
 * #room:example.org) and URLs (http://, https://, www.). Platform-agnostic:
 * every adapter's text goes through it on its way to the engine. */
#ifndef BB_CLEAN_H
#define BB_CLEAN_H

#include "common/strbuf.h"

/* Appends `text` to `out` without the markup above, runs of spaces made
 * one and the ends trimmed. Text that is all markup gives "". */
void clean_question(const char *text, struct strbuf *out);

#endif
