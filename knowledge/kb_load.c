/* The builder above the store of facts: reads a knowledge directory,
 * parses its articles, loads the curated facts files, runs extraction on
 * the articles nobody curated, and hands everything to the store (kb.c),
 * which then builds its aliases and index. The store never calls up into
 * facts.c or extract.c; only this file knows all three. */
#include "knowledge/kb.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "common/fnv.h"
#include "common/grow.h"
#include "knowledge/article.h"
#include "knowledge/extract.h"
#include "knowledge/facts.h"
#include "knowledge/kb_build.h"
#include "knowledge/wordnet.h"

/* Knowledge files larger than this are refused outright. */
#define KB_MAX_FILE (8u << 20)

/* Where WordNet 3.0 is (Debian's wordnet-base); the environment variable
 * BRIEFBOT_WORDNET_DIR overrides it, as in a container image that puts it
 * elsewhere. */
#ifndef BRIEFBOT_WORDNET_DIR
#define BRIEFBOT_WORDNET_DIR "/usr/share/wordnet"
#endif

/* ---- reading the directory ----------------------------------------------- */

/* Reads a whole file into a NUL-terminated heap buffer. */
static char *read_file(const char *path, size_t *len, struct strbuf *errors,
		       const char *label)
{
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		strbuf_printf(errors, "%s: cannot open: %s\n", label, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		strbuf_printf(errors, "%s: not a regular file\n", label);
		goto out;
	}
	if ((unsigned long long)st.st_size > KB_MAX_FILE) {
		strbuf_printf(errors, "%s: too large (%lld bytes)\n", label, (long long)st.st_size);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		goto out;
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		strbuf_printf(errors, "%s: read error: %s\n", label, strerror(errno));
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[*len] = '\0';
out:
	fclose(f);
	return buf;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists "ID" for every ID.txt in dir/articles, sorted. */
static char **list_articles(const char *dir, size_t *n, struct strbuf *errors)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/articles", dir);
	DIR *d = opendir(path);
	if (!d) {
		strbuf_printf(errors, "%s: cannot open the articles folder: %s\n", path,
			      strerror(errno));
		return NULL;
	}
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		if (grow_array(&names, &cap, *n + 1, sizeof *names, 8) < 0)
			break;
		names[*n] = strndup(de->d_name, len - 4);
		if (names[*n])
			(*n)++;
	}
	closedir(d);
	if (*n == 0) {
		strbuf_printf(errors, "%s: no articles (*.txt) found\n", path);
		free(names);
		return NULL;
	}
	qsort(names, *n, sizeof *names, cmp_names);
	return names;
}

static uint64_t fingerprint_file(uint64_t h, const char *path)
{
	struct stat st;
	/* a missing file counts too: its absence is hashed as zeros */
	uint64_t v[5] = { 0 };
	if (stat(path, &st) == 0) {
		v[0] = (uint64_t)st.st_ino;
		v[1] = (uint64_t)st.st_size;
		v[2] = (uint64_t)st.st_mtim.tv_sec;
		v[3] = (uint64_t)st.st_mtim.tv_nsec;
		v[4] = 1;
	}
	return fnv1a(h, v, sizeof v);
}

uint64_t kb_dir_fingerprint(const char *dir)
{
	struct strbuf ignored = {0};
	size_t n = 0;
	char **names = dir ? list_articles(dir, &n, &ignored) : NULL;
	strbuf_free(&ignored);
	uint64_t h = fnv1a(FNV1A_SEED, &n, sizeof n);
	char path[4096];
	for (size_t i = 0; i < n; i++) {
		h = fnv1a(h, names[i], strlen(names[i]) + 1);
		snprintf(path, sizeof path, "%s/articles/%s.txt", dir, names[i]);
		h = fingerprint_file(h, path);
		snprintf(path, sizeof path, "%s/facts/%s.json", dir, names[i]);
		h = fingerprint_file(h, path);
		free(names[i]);
	}
	free(names);
	return h;
}

/* ---- loading ------------------------------------------------------------- */

struct kb *kb_load(const char *dir, struct strbuf *errors)
{
	struct strbuf own_errors = {0};
	if (!errors)
		errors = &own_errors;
	size_t errors_before = errors->len;
	size_t n_names = 0;
	char **names = NULL;
	char **facts_json = NULL;
	size_t *facts_len = NULL;

	struct kb *kb = kb_new();
	if (!kb)
		goto fail;

	struct stat st;
	if (!dir || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		strbuf_printf(errors, "%s: not a knowledge directory: %s\n", dir ? dir : "(none)",
			      dir && stat(dir, &st) < 0 ? strerror(errno) : "not a folder");
		goto fail;
	}
	names = list_articles(dir, &n_names, errors);
	if (!names)
		goto fail;
	facts_json = calloc(n_names, sizeof *facts_json);
	facts_len = calloc(n_names, sizeof *facts_len);
	if (!facts_json || !facts_len)
		goto fail;

	char path[4096], label[512];
	for (size_t i = 0; i < n_names; i++) {
		size_t len = 0;
		snprintf(path, sizeof path, "%s/articles/%s.txt", dir, names[i]);
		snprintf(label, sizeof label, "articles/%s.txt", names[i]);
		char *text = read_file(path, &len, errors, label);
		if (!text)
			continue;
		struct article *a = article_parse(names[i], text, len, errors);
		free(text);
		if (!a)
			continue;
		size_t at = kb_article_count(kb);
		snprintf(path, sizeof path, "%s/facts/%s.json", dir, names[i]);
		bool curated = access(path, F_OK) == 0;
		article_set_curated(a, curated);
		if (kb_add_article(kb, a) < 0)
			goto fail;
		if (curated) {
			snprintf(label, sizeof label, "facts/%s.json", names[i]);
			facts_json[at] = read_file(path, &facts_len[at], errors, label);
		}
	}
	if (errors->len > errors_before)
		goto fail;

	/* Entities first, from every facts file, so that any file may
	 * refer to any entity; then the facts; then what extraction finds
	 * in articles nobody has curated. */
	size_t n_articles = kb_article_count(kb);
	for (int pass = FACTS_ENTITIES; pass <= FACTS_REST; pass++)
		for (size_t i = 0; i < n_articles; i++)
			if (facts_json[i])
				facts_load(kb, kb_article_at(kb, i), facts_json[i], facts_len[i],
					   pass, errors);
	if (errors->len > errors_before)
		goto fail;
	for (size_t i = 0; i < n_articles; i++)
		if (!facts_json[i] && extract_into_kb(kb, kb_article_at(kb, i)) < 0)
			goto fail;

	const char *wn_dir = getenv("BRIEFBOT_WORDNET_DIR");
	if (!wn_dir || !*wn_dir)
		wn_dir = BRIEFBOT_WORDNET_DIR;
	struct wordnet *wn = wordnet_open(wn_dir);
	if (!wn)
		strbuf_printf(errors, "warning: WordNet not found in %s (set BRIEFBOT_WORDNET_DIR); "
			      "answering without its synonyms and word forms\n", wn_dir);
	kb_set_wordnet(kb, wn);
	if (kb_finish(kb) < 0)
		goto fail;
	goto out;

fail:
	if (errors->len == errors_before)
		strbuf_puts(errors, "out of memory while loading the knowledge base\n");
	kb_free(kb);
	kb = NULL;
out:
	for (size_t i = 0; i < n_names; i++) {
		free(names[i]);
		if (facts_json)
			free(facts_json[i]);
	}
	free(names);
	free(facts_json);
	free(facts_len);
	strbuf_free(&own_errors);
	return kb;
}
