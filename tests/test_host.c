/* bot/host: the router host (live knowledge base, reload that keeps the old
 * one on failure, status) and loading the configuration with --knowledge
 * applied on top. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bot/config.h"
#include "bot/host.h"
#include "common/error.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

static const char article[] = "title: Test\n---\nKestria backs the Red Hand.\n";

static void test_reload_swaps_in_a_good_base_and_keeps_the_old_on_failure(void **state)
{
	char *dir = kbdir_with("a", article, NULL);
	assert_non_null(dir);
	struct kb_holder h;
	struct strbuf err = {0};
	assert_int_equal(kb_holder_load(&h, dir, &err), 0);
	const struct kb *first = kb_holder_host.kb(&h);
	assert_non_null(first);

	/* A second article: reload picks it up. */
	assert_int_equal(kbdir_write(dir, "articles/b.txt", "Brevia is an ally of Kestria.\n"), 0);
	assert_int_equal(kb_holder_host.reload(&h, &err), 0);
	assert_int_equal(kb_article_count(kb_holder_host.kb(&h)), 2);

	/* A facts file whose quote is not in its article: rejected with
	 * the reason, and the base in use stays the same. */
	const struct kb *live = kb_holder_host.kb(&h);
	assert_int_equal(kbdir_write(dir, "facts/b.json",
				     "{\"entities\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"other\","
				     " \"description\": \"d\", \"quote\": \"not in the article\"}]}"),
			 0);
	assert_int_equal(kb_holder_host.reload(&h, &err), BB_ECHECK);
	assert_non_null(strstr(strbuf_str(&err), "quote not found"));
	assert_ptr_equal(kb_holder_host.kb(&h), live);

	struct router_status st = {0};
	h.connected[PLATFORM_MATRIX] = true;
	kb_holder_host.status(&h, &st);
	assert_true(st.uptime_s >= 0);
	assert_true(st.connected[PLATFORM_MATRIX]);
	assert_false(st.connected[PLATFORM_DISCORD]);
	/* The refusal is kept for `status`, warnings left out... */
	assert_non_null(strstr(st.kb_error, "facts/b.json"));
	assert_non_null(strstr(st.kb_error, "quote not found"));
	assert_null(strstr(st.kb_error, "warning"));
	assert_null(strchr(st.kb_error, '\n'));
	/* ...until a reload succeeds. */
	assert_int_equal(kbdir_write(dir, "facts/b.json", "{}"), 0);
	assert_int_equal(kb_holder_reload(&h, NULL, NULL), 0);
	kb_holder_host.status(&h, &st);
	assert_string_equal(st.kb_error, "");

	/* Another directory through the one reload function; a bad one
	 * keeps both the base and the directory. */
	char *other = kbdir_with("c", article, NULL);
	assert_int_equal(kb_holder_reload(&h, other, &err), 0);
	assert_string_equal(h.dir, other);
	assert_int_equal(kb_article_count(kb_holder_host.kb(&h)), 1);
	live = kb_holder_host.kb(&h);
	assert_int_equal(kb_holder_reload(&h, "/nonexistent/kb", &err), BB_ECHECK);
	assert_string_equal(h.dir, other);
	assert_ptr_equal(kb_holder_host.kb(&h), live);

	kb_free(h.kb);
	strbuf_free(&err);
	kbdir_free(dir);
	kbdir_free(other);
}

/* The watcher reloads only when the files differ from those last read: an
 * `add` reloads at once, and the watch event that follows finds nothing new. */
static void test_changed_only_when_the_files_differ(void **state)
{
	char *dir = kbdir_with("a", article, NULL);
	struct kb_holder h;
	assert_int_equal(kb_holder_load(&h, dir, NULL), 0);
	assert_false(kb_holder_changed(&h));

	/* a new article, then a reload of it: nothing left to see */
	assert_int_equal(kbdir_write(dir, "articles/b.txt", "Brevia is an ally of Kestria.\n"), 0);
	assert_true(kb_holder_changed(&h));
	assert_int_equal(kb_holder_reload(&h, NULL, NULL), 0);
	assert_false(kb_holder_changed(&h));

	/* rewritten (a new inode, as editors save), a facts file added, a file removed */
	assert_int_equal(kbdir_write(dir, "articles/b.txt", "Brevia is an ally of Kestria.\n"), 0);
	assert_true(kb_holder_changed(&h));
	assert_int_equal(kb_holder_reload(&h, NULL, NULL), 0);
	assert_int_equal(kbdir_write(dir, "facts/b.json", "{}"), 0);
	assert_true(kb_holder_changed(&h));
	assert_int_equal(kb_holder_reload(&h, NULL, NULL), 0);
	char path[4096];
	snprintf(path, sizeof path, "%s/facts/b.json", dir);
	assert_int_equal(unlink(path), 0);
	assert_true(kb_holder_changed(&h));

	/* a refused reload counts as read: the same broken files are not retried */
	assert_int_equal(kbdir_write(dir, "articles/c.txt", "title: no body\n---\n"), 0);
	assert_int_equal(kb_holder_reload(&h, NULL, NULL), BB_ECHECK);
	assert_false(kb_holder_changed(&h));
	assert_int_equal(kb_article_count(h.kb), 2);

	kb_free(h.kb);
	kbdir_free(dir);
}

static void test_load_config_applies_knowledge_dir_verbatim(void **state)
{
	/* Quotes and backslashes in the path survive the config syntax. */
	const char *odd = "/tmp/a \"b\" \\c";
	struct config *cfg = host_load_config(NULL, odd);
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR), odd);
	config_free(cfg);

	cfg = host_load_config(NULL, NULL);
	assert_non_null(cfg);
	/* This test runs from the build tree: the source tree's knowledge. */
	assert_string_equal(host_default_knowledge_dir(), BRIEFBOT_SOURCE_KNOWLEDGE_DIR);
	assert_string_equal(config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR),
			    BRIEFBOT_SOURCE_KNOWLEDGE_DIR);
	config_free(cfg);

	/* A file that does not exist is reported, not a crash. */
	assert_null(host_load_config("/nonexistent/briefbot.conf", NULL));
}

static void test_router_config_from_the_file(void **state)
{
	char *dir = kbdir_new();
	assert_non_null(dir);
	assert_int_equal(kbdir_write(dir, "b.conf",
				     "[general]\nprefix = ?\ncooldown_user_per_min = 0\n"
				     "[permissions]\nmatrix_admins = @a:x, @b:y\nconsole_admin = false\n"),
			 0);
	char path[4096];
	snprintf(path, sizeof path, "%s/b.conf", dir);
	struct config *cfg = host_load_config(path, NULL);
	assert_non_null(cfg);
	struct router_config rc;
	host_router_config(cfg, &rc);
	assert_string_equal(rc.prefix, "?");
	assert_int_equal(rc.n_admin_ids[PLATFORM_MATRIX], 2);
	assert_string_equal(rc.admin_ids[PLATFORM_MATRIX][1], "@b:y");
	assert_int_equal(rc.n_admin_ids[PLATFORM_CONSOLE], 0);
	assert_int_equal(rc.user_rate.burst, 0);  /* 0 per minute: no limit */
	config_free(cfg);
	kbdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reload_swaps_in_a_good_base_and_keeps_the_old_on_failure),
		cmocka_unit_test(test_changed_only_when_the_files_differ),
		cmocka_unit_test(test_load_config_applies_knowledge_dir_verbatim),
		cmocka_unit_test(test_router_config_from_the_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
