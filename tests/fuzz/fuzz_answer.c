/* libFuzzer target: answer_question on arbitrary bytes against the
 * shipped knowledge base, loaded once (BRIEFBOT_KNOWLEDGE overrides the
 * directory). Checks the engine's promises: always a message, valid UTF-8;
 * bad input for invalid UTF-8 or no words; a found answer cites at least
 * one real sentence. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kb *kb;
	if (!kb && !(kb = kb_load(kbdir_shipped(), NULL)))
		abort();
	char *q = strndup((const char *)data, size);
	if (!q)
		return 0;
	size_t len = strlen(q);   /* a NUL ends the question, as in C */
	struct answer a;
	if (answer_question(kb, q, &a) < 0) {
		free(q);
		return 0;
	}
	if (!a.text || !a.text[0] || !utf8_valid(a.text, strlen(a.text)) ||
	    (a.detail && !utf8_valid(a.detail, strlen(a.detail))) || a.n_cites > ANSWER_MAX_CITES)
		abort();
	if (!utf8_valid(q, len) && a.status != ANSWER_BAD_INPUT)
		abort();
	if (a.status == ANSWER_FOUND && a.n_cites == 0)
		abort();
	/* Bad input cites nothing; a refusal may cite what the article does
	 * say about the topic, and then says so. */
	if (a.status == ANSWER_BAD_INPUT && a.n_cites != 0)
		abort();
	if (a.status == ANSWER_UNKNOWN && a.n_cites != 0 &&
	    !strstr(a.text, "The article doesn't say") && !strstr(a.text, "The article doesn't answer"))
		abort();
	for (size_t i = 0; i < a.n_cites; i++)
		if (!kbdir_real_sentence(kb, &a.cites[i]))
			abort();
	answer_free(&a);
	free(q);
	return 0;
}
