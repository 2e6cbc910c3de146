/* bot/console_uv: lines from a pipe or a file, split across reads, routed
 * and answered on the output; the end of input reported once; a posted
 * reply printed. Runs a real libuv loop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>
#include <uv.h>

#include "bot/console_uv.h"
#include "bot/host.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"

struct fx {
	uv_loop_t loop;
	char *dir;
	struct kb_holder kbh;
	struct router *router;
	FILE *out;
	struct console_uv *c;
	int eofs;
};

static void on_eof(void *user)
{
	struct fx *fx = user;
	fx->eofs++;
	console_uv_free(fx->c);
	fx->c = NULL;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	assert_int_equal(uv_loop_init(&fx->loop), 0);
	fx->dir = kbdir_with("a", "title: A\n---\nKestria backs the Red Hand.\n", NULL);
	assert_non_null(fx->dir);
	assert_int_equal(kb_holder_load(&fx->kbh, fx->dir, NULL), 0);
	struct router_config rc;
	router_config_init(&rc);
	fx->router = router_new(&rc, &kb_holder_host, &fx->kbh);
	assert_non_null(fx->router);
	fx->out = tmpfile();
	assert_non_null(fx->out);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	console_uv_free(fx->c);
	uv_run(&fx->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&fx->loop), 0);
	fclose(fx->out);
	router_free(fx->router);
	kb_free(fx->kbh.kb);
	kbdir_free(fx->dir);
	free(fx);
	return 0;
}

static char *output(struct fx *fx)
{
	fflush(fx->out);
	long n = ftell(fx->out);
	char *s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	rewind(fx->out);
	assert_int_equal(fread(s, 1, (size_t)n, fx->out), (size_t)n);
	return s;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_pipe(void **state)
{
	struct fx *fx = *state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	/* One line split across two writes, a CRLF, and a last line without
	 * its newline. */
	static const char input[] = "!ping\r\n!pi";
	assert_int_equal(write(fds[1], input, sizeof input - 1), (ssize_t)(sizeof input - 1));
	struct strbuf err = {0};
	fx->c = console_uv_new(&fx->loop, fx->router, fds[0], fx->out, on_eof, fx, &err);
	assert_non_null(fx->c);
	assert_int_equal(write(fds[1], "ng\n!sources", 11), 11);
	close(fds[1]);
	uv_run(&fx->loop, UV_RUN_DEFAULT);
	assert_int_equal(fx->eofs, 1);
	char *s = output(fx);
	assert_int_equal(count(s, "pong\n\n"), 2);
	assert_non_null(strstr(s, "Sources"));
	free(s);
	close(fds[0]);
	strbuf_free(&err);
}

static void test_file_and_post(void **state)
{
	struct fx *fx = *state;
	char path[4096];
	snprintf(path, sizeof path, "%s/lines.txt", fx->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 2000; i++) /* more than one read */
		fputs("\n", f);
	fputs("!ping\n", f);
	fclose(f);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	struct strbuf err = {0};
	fx->c = console_uv_new(&fx->loop, fx->router, fd, fx->out, on_eof, fx, &err);
	assert_non_null(fx->c);
	struct reply r = {0};
	reply_set_title(&r, "Added");
	reply_add_paragraph(&r, "5 sentences.");
	assert_int_equal(console_uv_post(fx->c, &r), 0);
	reply_free(&r);
	uv_run(&fx->loop, UV_RUN_DEFAULT);
	assert_int_equal(fx->eofs, 1);
	char *s = output(fx);
	static const char posted[] = "Added\n\n5 sentences.\n\n";
	assert_true(strncmp(s, posted, sizeof posted - 1) == 0);
	assert_int_equal(count(s, "pong"), 1);
	free(s);
	close(fd);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pipe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_and_post, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
