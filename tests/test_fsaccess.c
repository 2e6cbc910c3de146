#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "common/fsaccess.h"
#include "tests/unprivileged.h"

static void test_writable_folder_and_file(void **state)
{
	char dir[] = "/tmp/test_fsaccess.XXXXXX", path[64], why[256] = "junk";
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/bot.db", dir);
	assert_int_equal(fsaccess_writable(path, why, sizeof why), 0); /* to create */
	assert_string_equal(why, "");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(fsaccess_writable(path, why, sizeof why), 0); /* to write */
	/* A folder where the file should be. */
	assert_int_equal(fsaccess_writable(dir, why, sizeof why), BB_EINVAL);
	assert_non_null(strstr(why, "not a regular file"));
	unlink(path);
	rmdir(dir);
}

static void test_missing_folder(void **state)
{
	char why[256];
	assert_int_equal(fsaccess_writable("/nonexistent-briefbot/x/bot.db", why, sizeof why),
			 BB_ENOTFOUND);
	assert_non_null(strstr(why, "/nonexistent-briefbot/x"));
	assert_non_null(strstr(why, "No such file or directory"));
	/* A bare file name is in the current folder, which exists. */
	assert_int_equal(fsaccess_writable("surely-not-here.db", why, sizeof why) == 0 ||
				 strstr(why, "permission denied") != NULL,
			 1);
}

static bool denied_in(void *arg)
{
	char path[128], why[512];
	snprintf(path, sizeof path, "%s/bot.db", (const char *)arg);
	int rc = fsaccess_writable(path, why, sizeof why);
	bool ok = rc == BB_EPERM && strstr(why, "permission denied") && strstr(why, arg) &&
		  strstr(why, "this process runs as uid");
	if (!ok)
		fprintf(stderr, "fsaccess_writable: %d %s\n", rc, why);
	return ok;
}

static void test_permission_denied_names_owner_and_mode(void **state)
{
	char dir[] = "/tmp/test_fsaccess.XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0555), 0);
	assert_int_equal(unprivileged_run(denied_in, dir), 1);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writable_folder_and_file),
		cmocka_unit_test(test_missing_folder),
		cmocka_unit_test(test_permission_denied_names_owner_and_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
