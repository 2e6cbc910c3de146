/* Levelled logging to stderr (or a sink a test installs). The level and the
 * sink live in the caller's `struct logger`, so there is no global state. */
#ifndef BB_LOG_H
#define BB_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

typedef void (*log_sink_fn)(void *user, enum log_level level, const char *line);

struct logger {
	enum log_level min_level;
	log_sink_fn sink;  /* NULL: write "LEVEL component: message" to stderr */
	void *user;
};

void log_msg(const struct logger *lg, enum log_level level, const char *component,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Parses "debug", "info", "warn", "error", "off"; returns -1 if unknown. */
int log_level_parse(const char *name);

#endif
