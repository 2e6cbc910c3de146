/* Why a file cannot be written, in words a user can act on. SQLite says
 * "unable to open database file: No such file or directory" when the real
 * cause is a folder the process may not write to (a root-owned volume, a
 * read-only root file system); this names the folder, its owner and mode,
 * and who the process runs as. */
#ifndef BB_FSACCESS_H
#define BB_FSACCESS_H

#include <stddef.h>

/* Checks that the file at `path` can be opened for reading and writing, or
 * created (with siblings such as PATH-wal: its folder must be writable
 * too). Returns 0 when it can; otherwise writes one line (no newline) to
 * why[0..len) and returns BB_EPERM (permission denied, read-only file
 * system), BB_ENOTFOUND (the folder is missing) or BB_EINVAL (not a
 * regular file, or a file where the folder should be). */
int fsaccess_writable(const char *path, char *why, size_t len);

#endif
