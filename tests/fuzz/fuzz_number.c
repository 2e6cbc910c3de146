/* libFuzzer target: the number-phrase parser at every token of arbitrary
 * text. Checks: a phrase lies inside the token list, starts where asked,
 * is not empty, its unit is the token after it, and its value is a
 * number (never NaN). */
#include <stdint.h>
#include <stdlib.h>

#include "knowledge/number.h"
#include "knowledge/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tokens t = {0};
	if (text_tokenize((const char *)data, size, &t) == 0) {
		for (size_t i = 0; i < t.n; i++) {
			struct number_phrase np;
			if (!number_parse(&t, i, &np))
				continue;
			if (np.first != i || np.count == 0 || np.first + np.count > t.n ||
			    np.unit != np.first + np.count || np.value != np.value)
				abort();
		}
	}
	tokens_free(&t);
	return 0;
}
