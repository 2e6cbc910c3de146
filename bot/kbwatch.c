#include "bot/kbwatch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { WATCH_ARTICLES, WATCH_FACTS, WATCH_COUNT };

static const char *const folders[WATCH_COUNT] = { "articles", "facts" };
static const char *const suffixes[WATCH_COUNT] = { ".txt", ".json" };

struct kbwatch {
	uv_fs_event_t ev[WATCH_COUNT];
	bool ev_open[WATCH_COUNT];
	uv_timer_t timer;
	int open_handles;
	uint64_t debounce_ms;
	kbwatch_fn changed;
	void *user;
};

/* Does a change to `name` in folder `which` count? */
static bool counts(int which, const char *name)
{
	if (!name)
		return true;
	size_t n = strlen(name), k = strlen(suffixes[which]);
	return name[0] != '.' && n > k && strcmp(name + n - k, suffixes[which]) == 0;
}

static void on_timer(uv_timer_t *t)
{
	struct kbwatch *w = t->data;
	w->changed(w->user);
}

static void on_event(uv_fs_event_t *ev, const char *name, int events, int status)
{
	struct kbwatch *w = ev->data;
	int which = ev == &w->ev[WATCH_ARTICLES] ? WATCH_ARTICLES : WATCH_FACTS;
	if (status < 0 || !counts(which, name))
		return;
	/* Restarting the timer is the debounce: it fires after the last event. */
	uv_timer_start(&w->timer, on_timer, w->debounce_ms, 0);
}

static void on_closed(uv_handle_t *h)
{
	struct kbwatch *w = h->data;
	if (--w->open_handles == 0)
		free(w);
}

struct kbwatch *kbwatch_new(uv_loop_t *loop, const char *dir, uint64_t debounce_ms,
			    kbwatch_fn changed, void *user, struct strbuf *err)
{
	struct kbwatch *w = calloc(1, sizeof *w);
	if (!w) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	w->debounce_ms = debounce_ms;
	w->changed = changed;
	w->user = user;
	uv_timer_init(loop, &w->timer);
	w->timer.data = w;
	w->open_handles = 1;
	for (int i = 0; i < WATCH_COUNT; i++) {
		struct strbuf path = {0};
		strbuf_printf(&path, "%s/%s", dir, folders[i]);
		uv_fs_event_init(loop, &w->ev[i]);
		w->ev[i].data = w;
		w->ev_open[i] = true;
		w->open_handles++;
		int rc = strbuf_failed(&path) ? UV_ENOMEM
					      : uv_fs_event_start(&w->ev[i], on_event,
								  strbuf_str(&path), 0);
		if (rc < 0 && !(i == WATCH_FACTS && rc == UV_ENOENT))
			strbuf_printf(err, "cannot watch %s: %s\n", strbuf_str(&path),
				      uv_strerror(rc));
		strbuf_free(&path);
		if (rc < 0 && !(i == WATCH_FACTS && rc == UV_ENOENT)) {
			kbwatch_free(w);
			return NULL;
		}
	}
	return w;
}

void kbwatch_free(struct kbwatch *w)
{
	if (!w)
		return;
	uv_timer_stop(&w->timer);
	uv_close((uv_handle_t *)&w->timer, on_closed);
	for (int i = 0; i < WATCH_COUNT; i++) {
		if (!w->ev_open[i])
			continue;
		uv_fs_event_stop(&w->ev[i]);
		uv_close((uv_handle_t *)&w->ev[i], on_closed);
	}
}
