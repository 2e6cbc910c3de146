/* Test helper: run a check as a user without privileges. Root ignores file
 * permissions, so a test of "permission denied" run as root forks and
 * drops to nobody (uid/gid 65534) first; run as anyone else it forks
 * only. */
#ifndef BB_TESTS_UNPRIVILEGED_H
#define BB_TESTS_UNPRIVILEGED_H

#include <stdbool.h>

/* Runs check(arg) in a child process without privileges. Returns 1 when
 * it returned true, 0 when it returned false (it may print why), -1 when
 * the child could not be started or could not drop privileges. */
int unprivileged_run(bool (*check)(void *arg), void *arg);

/* Makes `path` (and everything a test created in it) owned by the user
 * unprivileged_run() checks as, or leaves it when not root. Returns 0 or
 * -1. */
int unprivileged_chown(const char *path);

#endif
