#include "tests/unprivileged.h"

#include <grp.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY 65534

int unprivileged_run(bool (*check)(void *arg), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0))
			_exit(3);
		_exit(check(arg) ? 0 : 1);
	}
	int status = 0;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -1;
	return WEXITSTATUS(status) == 0;
}

int unprivileged_chown(const char *path)
{
	if (geteuid() != 0)
		return 0;
	return chown(path, NOBODY, NOBODY);
}
