/* libFuzzer target: the set readings answer_question consults first
 * (knowledge/unanimity.h, claimant.h, startdate.h, margin.h, runnerup.h,
 * dissent.h, appeal.h, deadline.h) and the typed reading of "which court
 * decided it", over an arbitrary article: the bytes are its body, and the
 * questions are fixed, one or more for each reading. fuzz_answer varies
 * the question against the shipped article, which says none of the
 * phrases these readings parse. Checks: always a message, valid UTF-8
 * when the article is; a found answer cites a real sentence. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

static const char *const questions[] = {
	"was it unanimous",
	"how did the judges split",
	"who brought the case",
	"who sued them",
	"who filed the complaint",
	"when does the duty take effect",
	"when does she take office",
	"how close was it",
	"what was the winning margin",
	"who came second",
	"who did she beat",
	"who dissented",
	"are they going to appeal",
	"how long do they have to appeal",
	"how long do they have to settle it",
	"which court decided it",
	"which judge heard the case",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = strndup((const char *)data, size);
	if (!body)
		return 0;
	bool utf8 = utf8_valid(body, strlen(body));
	struct kb *kb = kbdir_load_body("fuzz-readings", body);
	free(body);
	if (!kb)
		return 0;   /* an article the loader rejects is fuzz_article's */
	for (size_t i = 0; i < sizeof questions / sizeof *questions; i++) {
		struct answer a;
		if (answer_question(kb, questions[i], &a) < 0)
			continue;
		if (!a.text || !a.text[0] || (utf8 && !utf8_valid(a.text, strlen(a.text))) ||
		    a.n_cites > ANSWER_MAX_CITES || (a.status == ANSWER_FOUND && a.n_cites == 0))
			abort();
		for (size_t c = 0; c < a.n_cites; c++)
			if (!kbdir_real_sentence(kb, &a.cites[c]))
				abort();
		answer_free(&a);
	}
	kb_free(kb);
	return 0;
}
