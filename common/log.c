#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const level_names[] = { "debug", "info", "warn", "error", "off" };

int log_level_parse(const char *name)
{
	for (int i = 0; i <= LOG_OFF; i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return i;
	return -1;
}

void log_msg(const struct logger *lg, enum log_level level, const char *component,
	     const char *fmt, ...)
{
	if (!lg || level < lg->min_level || level >= LOG_OFF)
		return;
	char line[1024];
	int n = snprintf(line, sizeof line, "%s %s: ", level_names[level], component);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (lg->sink)
		lg->sink(lg->user, level, line);
	else
		fprintf(stderr, "%s\n", line);
}
