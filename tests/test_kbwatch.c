/* bot/kbwatch: a burst of changes to articles/ and facts/ brings one call
 * after it settles; renames count; hidden files, backups and other names
 * do not. Runs a real libuv loop over a scratch directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "bot/kbwatch.h"
#include "tests/kbdir.h"

struct fixture {
	uv_loop_t loop;
	uv_timer_t guard, later;
	char *dir;
	struct kbwatch *w;
	int calls;
	const char *later_file; /* written by the `later` timer */
};

static void on_changed(void *user)
{
	struct fixture *f = user;
	f->calls++;
	uv_stop(&f->loop);
}

static void on_guard(uv_timer_t *t)
{
	fail_msg("no change was reported");
}

static void write_later(uv_timer_t *t)
{
	struct fixture *f = t->data;
	assert_int_equal(kbdir_write(f->dir, f->later_file, "Later text.\n"), 0);
}

/* Runs the loop until the watcher calls back (or the guard fails the test). */
static void run_until_call(struct fixture *f)
{
	uv_timer_start(&f->guard, on_guard, 20000, 0);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	uv_timer_stop(&f->guard);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_int_equal(uv_loop_init(&f->loop), 0);
	uv_timer_init(&f->loop, &f->guard);
	uv_timer_init(&f->loop, &f->later);
	f->later.data = f;
	f->dir = kbdir_new();
	assert_non_null(f->dir);
	struct strbuf err = {0};
	f->w = kbwatch_new(&f->loop, f->dir, 50, on_changed, f, &err);
	assert_non_null(f->w);
	strbuf_free(&err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	kbwatch_free(f->w);
	uv_close((uv_handle_t *)&f->guard, NULL);
	uv_close((uv_handle_t *)&f->later, NULL);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	kbdir_free(f->dir);
	free(f);
	return 0;
}

static void test_a_burst_is_one_call(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 5; i++) {
		char name[64];
		snprintf(name, sizeof name, "articles/a%d.txt", i);
		assert_int_equal(kbdir_write(f->dir, name, "Text.\n"), 0);
	}
	assert_int_equal(kbdir_write(f->dir, "facts/a0.json", "{}"), 0);
	run_until_call(f);
	assert_int_equal(f->calls, 1);
}

/* Only hidden, backup and foreign names change for 300 ms (six debounce
 * periods); then a facts file does: that alone is reported. */
static void test_other_names_do_not_count(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(kbdir_write(f->dir, "articles/.a.txt.swp", "x"), 0);
	assert_int_equal(kbdir_write(f->dir, "articles/a.txt~", "x"), 0);
	assert_int_equal(kbdir_write(f->dir, "articles/notes.md", "x"), 0);
	assert_int_equal(kbdir_write(f->dir, "facts/a.txt", "x"), 0);
	f->later_file = "facts/b.json";
	uv_timer_start(&f->later, write_later, 300, 0);
	run_until_call(f);
	assert_int_equal(f->calls, 1);
	char path[4096];
	snprintf(path, sizeof path, "%s/facts/b.json", f->dir);
	char *text = kbdir_slurp(path, NULL);
	assert_non_null(text); /* the call came after the facts file was written */
	free(text);
}

/* An editor that saves by renaming a temp file over the article. */
static void test_a_rename_counts(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(kbdir_write(f->dir, "articles/.new.tmp", "Renamed text.\n"), 0);
	char from[4096], to[4096];
	snprintf(from, sizeof from, "%s/articles/.new.tmp", f->dir);
	snprintf(to, sizeof to, "%s/articles/story.txt", f->dir);
	assert_int_equal(rename(from, to), 0);
	run_until_call(f);
	assert_int_equal(f->calls, 1);
}

static void test_a_missing_directory_is_refused(void **state)
{
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	struct strbuf err = {0};
	assert_null(kbwatch_new(&loop, "/nonexistent/briefbot-kb", 50, on_changed, NULL, &err));
	assert_non_null(strstr(strbuf_str(&err), "cannot watch /nonexistent/briefbot-kb/articles"));
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_burst_is_one_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_names_do_not_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_rename_counts, setup, teardown),
		cmocka_unit_test(test_a_missing_directory_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
