#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "common/strbuf.h"

static const char *const level_names[] = { "debug", "info", "warn", "error", "off" };
static const char *const format_names[] = { "text", "json" };
/* syslog priorities: debug 7, info 6, warning 4, err 3 */
static const int priorities[] = { 7, 6, 4, 3 };

static int parse_name(const char *name, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(name, names[i]) == 0)
			return i;
	return -1;
}

int log_level_parse(const char *name)
{
	return parse_name(name, level_names, LOG_OFF + 1);
}

int log_format_parse(const char *name)
{
	return parse_name(name, format_names, LOG_JSON + 1);
}

bool log_is_journal(const char *journal_stream, int fd)
{
	unsigned long long dev, ino;
	struct stat st;
	if (!journal_stream || sscanf(journal_stream, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(fd, &st) < 0)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

/* Appends s as the inside of a JSON string. */
static void put_json(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_printf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_puts(sb, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_printf(sb, "\\u%04x", *p);
		else
			strbuf_putc(sb, (char)*p);
	}
}

static void put_time(struct strbuf *sb)
{
	struct timespec ts;
	struct tm tm;
	char buf[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	strbuf_printf(sb, "%s.%03ldZ", buf, ts.tv_nsec / 1000000);
}

void log_msg(const struct logger *lg, enum log_level level, const char *component,
	     const char *fmt, ...)
{
	if (!lg || level < lg->min_level || level >= LOG_OFF)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* The time and the priority go to stderr only: a sink gets the line. */
	bool stamped = !lg->sink && !lg->journal;
	struct strbuf line = {0};
	if (lg->format == LOG_JSON) {
		strbuf_putc(&line, '{');
		if (stamped) {
			strbuf_puts(&line, "\"ts\":\"");
			put_time(&line);
			strbuf_puts(&line, "\",");
		}
		strbuf_printf(&line, "\"level\":\"%s\",\"module\":\"", level_names[level]);
		put_json(&line, component);
		strbuf_puts(&line, "\",\"msg\":\"");
		put_json(&line, msg);
		strbuf_puts(&line, "\"}");
	} else {
		for (char *p = msg; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		if (stamped) {
			put_time(&line);
			strbuf_putc(&line, ' ');
		} else if (!lg->sink) {
			strbuf_printf(&line, "<%d>", priorities[level]);
		}
		strbuf_printf(&line, "%s %s: %s", level_names[level], component, msg);
	}
	if (lg->sink) {
		lg->sink(lg->user, level, strbuf_str(&line));
	} else {
		strbuf_putc(&line, '\n');
		fputs(strbuf_str(&line), stderr);
	}
	strbuf_free(&line);
}
