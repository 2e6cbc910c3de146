/* Levelled logging: one line per event, with its level and module, to
 * stderr (or a sink a test installs). The level, format and sink live in
 * the caller's `struct logger`, so there is no global state.
 *
 * Formats: text, "2026-01-02T03:04:05.678Z info discord: message", or json,
 * {"ts":"...","level":"info","module":"discord","msg":"message"}. When
 * stderr is the systemd journal (JOURNAL_STREAM names stderr's device and
 * inode) the time is left out, since the journal stamps every line, and a
 * text line starts with its syslog priority ("<6>") so journalctl -p
 * filters by level. Control characters in a message become spaces in
 * text (one event, one line) and are escaped in JSON. */
#ifndef BB_LOG_H
#define BB_LOG_H

#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };
enum log_format { LOG_TEXT, LOG_JSON };

/* Gets each line as formatted, without the time and priority prefix. */
typedef void (*log_sink_fn)(void *user, enum log_level level, const char *line);

struct logger {
	enum log_level min_level;
	enum log_format format;
	bool journal;      /* stderr is the journal: no time, a <N> priority */
	log_sink_fn sink;  /* NULL: write to stderr */
	void *user;
};

void log_msg(const struct logger *lg, enum log_level level, const char *component,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Parses "debug", "info", "warn", "error", "off"; returns -1 if unknown. */
int log_level_parse(const char *name);
/* Parses "text", "json"; returns -1 if unknown. */
int log_format_parse(const char *name);

/* True when JOURNAL_STREAM (from the environment value `journal_stream`,
 * "DEV:INO", may be NULL) names the file open as descriptor `fd`. */
bool log_is_journal(const char *journal_stream, int fd);

#endif
