#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"

struct seen {
	char line[2048];
	enum log_level level;
	int n;
};

static void sink(void *user, enum log_level level, const char *line)
{
	struct seen *s = user;
	snprintf(s->line, sizeof s->line, "%s", line);
	s->level = level;
	s->n++;
}

static void test_text_one_line_with_level_and_module(void **state)
{
	struct seen s = {0};
	struct logger lg = { .min_level = LOG_INFO, .sink = sink, .user = &s };
	log_msg(&lg, LOG_DEBUG, "app", "hidden");
	assert_int_equal(s.n, 0);
	log_msg(&lg, LOG_WARN, "discord", "two\nlines\tand %d", 3);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.line, "warn discord: two lines and 3");
}

static void test_json(void **state)
{
	struct seen s = {0};
	struct logger lg = { .min_level = LOG_DEBUG, .format = LOG_JSON, .sink = sink,
			     .user = &s };
	log_msg(&lg, LOG_ERROR, "matrix", "say \"hi\"\\\n\x01");
	assert_string_equal(s.line, "{\"level\":\"error\",\"module\":\"matrix\","
				    "\"msg\":\"say \\\"hi\\\"\\\\\\n\\u0001\"}");
}

static void test_parse(void **state)
{
	assert_int_equal(log_level_parse("WARN"), LOG_WARN);
	assert_int_equal(log_level_parse("loud"), -1);
	assert_int_equal(log_format_parse("json"), LOG_JSON);
	assert_int_equal(log_format_parse("text"), LOG_TEXT);
	assert_int_equal(log_format_parse("xml"), -1);
}

/* JOURNAL_STREAM is "DEV:INO" of the journal's socket: stderr is the
 * journal only when the descriptor is that very file. */
static void test_journal_detection(void **state)
{
	char path[] = "/tmp/test_log.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	char env[64];
	snprintf(env, sizeof env, "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	assert_true(log_is_journal(env, fd));
	snprintf(env, sizeof env, "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino + 1);
	assert_false(log_is_journal(env, fd));
	assert_false(log_is_journal(NULL, fd));
	assert_false(log_is_journal("garbage", fd));
	close(fd);
	unlink(path);
}

/* To stderr: a timestamp first, unless stderr is the journal, which gets a
 * syslog priority instead. */
static void test_stderr_prefixes(void **state)
{
	char path[] = "/tmp/test_log.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	struct logger lg = { .min_level = LOG_INFO };
	log_msg(&lg, LOG_INFO, "app", "plain");
	lg.journal = true;
	log_msg(&lg, LOG_WARN, "app", "journal");
	lg.format = LOG_JSON;
	log_msg(&lg, LOG_INFO, "app", "json journal");
	lg.journal = false;
	log_msg(&lg, LOG_INFO, "app", "json");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	char buf[1024] = {0};
	assert_true(pread(fd, buf, sizeof buf - 1, 0) > 0);
	close(fd);
	unlink(path);
	char *l1 = buf, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1,
	     *l4 = strchr(l3, '\n') + 1;
	/* 2026-01-02T03:04:05.678Z info app: plain */
	assert_true(l1[4] == '-' && l1[10] == 'T' && l1[23] == 'Z');
	assert_int_equal(strncmp(l1 + 24, " info app: plain\n", 17), 0);
	const char *want2 = "<4>warn app: journal\n";
	const char *want3 = "{\"level\":\"info\",\"module\":\"app\",\"msg\":\"json journal\"}\n";
	assert_int_equal(strncmp(l2, want2, strlen(want2)), 0);
	assert_int_equal(strncmp(l3, want3, strlen(want3)), 0);
	assert_int_equal(strncmp(l4, "{\"ts\":\"", 7), 0);
	assert_non_null(strstr(l4, "\"msg\":\"json\"}\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_one_line_with_level_and_module),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_journal_detection),
		cmocka_unit_test(test_stderr_prefixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
