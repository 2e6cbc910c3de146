#include "common/fsaccess.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"

/* One reason for a failed access() on `what`, with who owns it and who we
 * are when permissions are the cause. */
static int explain(const char *what, const char *action, const struct stat *st, int err,
		   char *why, size_t len)
{
	if ((err == EACCES || err == EPERM) && !st)
		snprintf(why, len, "permission denied: cannot %s %s (this process runs as uid %u)",
			 action, what, (unsigned)geteuid());
	else if (err == EACCES || err == EPERM)
		snprintf(why, len,
			 "permission denied: cannot %s %s (owner uid %u, gid %u, mode %04o; "
			 "this process runs as uid %u, gid %u)",
			 action, what, (unsigned)st->st_uid, (unsigned)st->st_gid,
			 (unsigned)(st->st_mode & 07777), (unsigned)geteuid(), (unsigned)getegid());
	else if (err == EROFS)
		snprintf(why, len, "cannot %s %s: read-only file system", action, what);
	else
		snprintf(why, len, "cannot %s %s: %s", action, what, strerror(err));
	return err == ENOENT ? BB_ENOTFOUND : BB_EPERM;
}

int fsaccess_writable(const char *path, char *why, size_t len)
{
	struct stat st;
	if (len)
		why[0] = '\0';
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(why, len, "%s is not a regular file", path);
			return BB_EINVAL;
		}
		if (access(path, R_OK | W_OK) < 0)
			return explain(path, "write", &st, errno, why, len);
	}
	/* The folder: where the file (and SQLite's -wal, -shm) are created. */
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (stat(dir, &st) < 0)
		return explain(dir, "use folder", NULL, errno, why, len);
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "%s is not a folder", dir);
		return BB_EINVAL;
	}
	if (access(dir, W_OK | X_OK) < 0)
		return explain(dir, "create files in", &st, errno, why, len);
	return 0;
}
