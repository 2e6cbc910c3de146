#include "tests/kbdir.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every scratch directory still alive, so that a test that fails (cmocka
 * jumps out of it, past its kbdir_free) still leaves /tmp as it found it:
 * what is left is removed at exit.  A test helper's one process-wide
 * list, like cmocka's own state. */
#define KBDIR_LIVE_MAX 64
static char *live[KBDIR_LIVE_MAX];
static bool atexit_set;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw);

static void remove_tree(const char *dir)
{
	/* Only ever our own scratch folders. */
	if (strstr(dir, "/briefbot-kb-"))
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_live(void)
{
	for (size_t i = 0; i < KBDIR_LIVE_MAX; i++)
		if (live[i]) {
			remove_tree(live[i]);
			free(live[i]);
			live[i] = NULL;
		}
}

/* Remembers a copy of dir; false when the list is full or out of memory. */
static bool track(const char *dir)
{
	if (!atexit_set)
		atexit_set = atexit(remove_live) == 0;
	for (size_t i = 0; i < KBDIR_LIVE_MAX; i++)
		if (!live[i]) {
			live[i] = strdup(dir);
			return live[i] != NULL;
		}
	return false;
}

static void untrack(const char *dir)
{
	for (size_t i = 0; i < KBDIR_LIVE_MAX; i++)
		if (live[i] && strcmp(live[i], dir) == 0) {
			free(live[i]);
			live[i] = NULL;
			return;
		}
}

char *kbdir_new(void)
{
	const char *tmp = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/briefbot-kb-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl))
		return NULL;
	char sub[4200];
	snprintf(sub, sizeof sub, "%s/articles", tmpl);
	int rc = mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/facts", tmpl);
	rc |= mkdir(sub, 0700);
	char *dir = strdup(tmpl);
	if (rc != 0 || !dir || !track(tmpl)) {
		remove_tree(tmpl);
		free(dir);
		return NULL;
	}
	return dir;
}

int kbdir_write(const char *dir, const char *relpath, const char *text)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, relpath);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = strlen(text);
	int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

char *kbdir_with(const char *id, const char *article, const char *facts)
{
	char *dir = kbdir_new();
	char rel[512];
	if (!dir)
		return NULL;
	snprintf(rel, sizeof rel, "articles/%s.txt", id);
	int rc = kbdir_write(dir, rel, article);
	if (facts) {
		snprintf(rel, sizeof rel, "facts/%s.json", id);
		rc |= kbdir_write(dir, rel, facts);
	}
	if (rc != 0) {
		kbdir_free(dir);
		return NULL;
	}
	return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

struct kb *kbdir_load(const char *id, const char *article, const char *facts,
		      struct strbuf *errors)
{
	char *dir = kbdir_with(id, article, facts);
	if (!dir)
		return NULL;
	struct kb *kb = kb_load(dir, errors);
	kbdir_free(dir);
	return kb;
}

struct kb *kbdir_load_body(const char *id, const char *body)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "title: %s\ndate: 2026-05-21\n---\n%s", id, body);
	struct kb *kb = strbuf_failed(&sb) ? NULL : kbdir_load(id, strbuf_str(&sb), NULL, NULL);
	strbuf_free(&sb);
	return kb;
}

bool kbdir_real_sentence(const struct kb *kb, const struct kb_cite *c)
{
	for (size_t i = 0; i < kb_article_count(kb); i++) {
		const struct kb_article *a = kb_article_at(kb, i);
		if (a != c->article || !c->sentence)
			continue;
		int p = c->sentence->paragraph, s = c->sentence->index;
		if (p < 1 || (size_t)p > a->n_paragraphs || s < 1 ||
		    (size_t)s > a->paragraphs[p - 1].n_sentences)
			return false;
		return c->sentence == &a->paragraphs[p - 1].sentences[s - 1];
	}
	return false;
}

char *kbdir_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, n);
	bool bad = ferror(f) || sb.failed;
	fclose(f);
	if (len)
		*len = sb.len;
	char *text = bad ? NULL : strbuf_steal(&sb);
	strbuf_free(&sb);
	return text;
}

const char *kbdir_shipped(void)
{
	const char *dir = getenv("BRIEFBOT_KNOWLEDGE");
	return dir && *dir ? dir : BRIEFBOT_SOURCE_KNOWLEDGE_DIR;
}

int kbdir_setup_shipped(void **state)
{
	struct strbuf err = {0};
	struct kb *kb = kb_load(kbdir_shipped(), &err);
	if (!kb)
		fprintf(stderr, "kb_load %s: %s", kbdir_shipped(), strbuf_str(&err));
	strbuf_free(&err);
	*state = kb;
	return kb ? 0 : -1;
}

int kbdir_teardown_shipped(void **state)
{
	kb_free(*state);
	*state = NULL;
	return 0;
}

void kbdir_free(char *dir)
{
	if (!dir)
		return;
	remove_tree(dir);
	untrack(dir);
	free(dir);
}
