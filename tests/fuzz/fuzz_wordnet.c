/* libFuzzer target: the WordNet reader over arbitrary bytes. The input is
 * every file of one part of speech at once (index, data and exception
 * list), and each word of it is looked up, lemmatised and expanded.
 * Checks: nothing reads outside the input, every word reported is a
 * NUL-terminated string no longer than a line, and a lemma fits its
 * buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/wordnet.h"

static void check_word(void *user, const char *word, enum wordnet_relation rel)
{
	size_t *calls = user;
	if (strlen(word) >= 4096 || (rel != WORDNET_SYNONYM && rel != WORDNET_DERIVED &&
				      rel != WORDNET_HYPERNYM))
		abort();
	(*calls)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reader never needs a NUL: give it none */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	struct wordnet_files f = {0};
	for (int pos = 0; pos < WORDNET_POS_COUNT; pos++) {
		f.index[pos] = f.data[pos] = f.exc[pos] = buf;
		f.index_len[pos] = f.data_len[pos] = f.exc_len[pos] = size;
	}
	struct wordnet *wn = wordnet_from_memory(&f);
	if (!wn)
		goto out;
	/* the first words of the input's lines, and a fixed one */
	size_t start = 0;
	for (size_t i = 0; i <= size && start < size; i++) {
		if (i < size && data[i] != '\n' && data[i] != ' ')
			continue;
		char word[WORDNET_MAX_WORD + 1], out[WORDNET_MAX_WORD + 1];
		size_t n = i - start < WORDNET_MAX_WORD ? i - start : WORDNET_MAX_WORD;
		memcpy(word, data + start, n);
		word[n] = '\0';
		for (int pos = 0; pos < WORDNET_POS_COUNT && n > 0 && !memchr(word, 0, n); pos++) {
			struct wordnet_entry e;
			size_t calls = 0;
			wordnet_lookup(wn, (enum wordnet_pos)pos, word, &e);
			wordnet_opens_phrase(wn, (enum wordnet_pos)pos, word);
			if (wordnet_lemma(wn, (enum wordnet_pos)pos, word, out) &&
			    strlen(out) > WORDNET_MAX_WORD)
				abort();
			if (wordnet_related(wn, (enum wordnet_pos)pos, word, 8, 7, check_word,
					    &calls) != calls)
				abort();
			/* a walk up the hypernyms ends, whatever the pointers */
			wordnet_is_a(wn, (enum wordnet_pos)pos, word, 8, "entity", 20);
		}
		while (i < size && data[i] != '\n')
			i++;
		start = i + 1;
	}
out:
	wordnet_free(wn);
	free(buf);
	return 0;
}
