/* Watches a knowledge directory's articles/ and facts/ folders (uv_fs_event,
 * inotify on Linux) and calls back once a burst of changes has settled.
 *
 * Which changes count: any event on a name ending in .txt (articles/) or
 * .json (facts/), including renames (editors that save by writing a temp
 * file and renaming it over the old one), and events without a name.
 * Hidden names (".x.txt.swp", our own ".ID.txt.tmp") and backups
 * ("x.txt~") do not count. The callback runs `debounce_ms` after the last
 * event that counts: a file written in several pieces is loaded once, when
 * the writer has finished; if a reload still saw it half written and
 * failed, the writer's last event brings another call. */
#ifndef BB_KBWATCH_H
#define BB_KBWATCH_H

#include <stdint.h>
#include <uv.h>

#include "common/strbuf.h"

struct kbwatch;

typedef void (*kbwatch_fn)(void *user);

/* Starts watching dir/articles and dir/facts (a missing facts/ is fine; a
 * missing articles/ is an error) on `loop`. `dir` is copied. Returns NULL
 * with the reason appended to err. */
struct kbwatch *kbwatch_new(uv_loop_t *loop, const char *dir, uint64_t debounce_ms,
			    kbwatch_fn changed, void *user, struct strbuf *err);

/* Stops watching and closes the handles; the memory goes when the loop has
 * run their close callbacks. The callback is never called after this.
 * NULL-safe. */
void kbwatch_free(struct kbwatch *w);

#endif
