#include "bot/metrics.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum metric_kind { COUNTER, GAUGE };

static const struct {
	enum metric_kind kind;
	const char *name, *label, *help;
} defs[METRIC_COUNT] = {
#define METRICS_DEF(id, kind, name, label, help) { kind, name, label, help },
	METRICS_TABLE(METRICS_DEF)
#undef METRICS_DEF
};

static const double bounds[] = { METRICS_LATENCY_BUCKETS };
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])
#define LABEL_MAX 63

struct series {
	char label[LABEL_MAX + 1];
	double value;
};

struct metrics {
	struct series s[METRIC_COUNT][METRICS_MAX_LABELS];
	size_t n[METRIC_COUNT];
	uint64_t buckets[N_BOUNDS]; /* not cumulative; summed when written */
	uint64_t count;
	double sum;
};

struct metrics *metrics_new(void)
{
	return calloc(1, sizeof(struct metrics));
}

void metrics_free(struct metrics *m)
{
	free(m);
}

/* The series of `id` for `label`, added when new; the last slot is
 * "other" once the table is full. */
static struct series *find(struct metrics *m, enum metric_id id, const char *label, bool add)
{
	if (!m || (unsigned)id >= METRIC_COUNT)
		return NULL;
	if (!label)
		label = "";
	for (size_t i = 0; i < m->n[id]; i++)
		if (strncmp(m->s[id][i].label, label, LABEL_MAX) == 0)
			return &m->s[id][i];
	if (!add)
		return NULL;
	if (m->n[id] == METRICS_MAX_LABELS - 1)
		label = "other";
	else if (m->n[id] == METRICS_MAX_LABELS)
		return &m->s[id][METRICS_MAX_LABELS - 1];
	struct series *s = &m->s[id][m->n[id]++];
	snprintf(s->label, sizeof s->label, "%s", label);
	return s;
}

void metrics_inc(struct metrics *m, enum metric_id id, const char *label)
{
	struct series *s = find(m, id, label, true);
	if (s)
		s->value += 1;
}

void metrics_set(struct metrics *m, enum metric_id id, const char *label, double value)
{
	struct series *s = find(m, id, label, true);
	if (s)
		s->value = value;
}

double metrics_get(const struct metrics *m, enum metric_id id, const char *label)
{
	const struct series *s = find((struct metrics *)m, id, label, false);
	return s ? s->value : 0;
}

void metrics_observe_latency(struct metrics *m, double seconds)
{
	if (!m)
		return;
	m->count++;
	m->sum += seconds;
	for (size_t i = 0; i < N_BOUNDS; i++) {
		if (seconds <= bounds[i]) {
			m->buckets[i]++;
			break;
		}
	}
}

/* A label value as the format wants it: \\, \" and \n escaped. */
static void put_label(struct strbuf *out, const char *name, const char *value)
{
	strbuf_printf(out, "{%s=\"", name);
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			strbuf_putc(out, '\\');
		if (*p == '\n')
			strbuf_puts(out, "\\n");
		else
			strbuf_putc(out, *p);
	}
	strbuf_puts(out, "\"}");
}

static void put_header(struct strbuf *out, const char *name, const char *help, const char *type)
{
	strbuf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_write_gauge(struct strbuf *out, const char *name, const char *help,
			 const char *label_name, const char *label, double value)
{
	put_header(out, name, help, "gauge");
	strbuf_puts(out, name);
	if (label_name)
		put_label(out, label_name, label ? label : "");
	strbuf_printf(out, " %.17g\n", value);
}

void metrics_write(const struct metrics *m, struct strbuf *out)
{
	if (!m)
		return;
	for (int id = 0; id < METRIC_COUNT; id++) {
		put_header(out, defs[id].name, defs[id].help,
			   defs[id].kind == COUNTER ? "counter" : "gauge");
		for (size_t i = 0; i < m->n[id]; i++) {
			strbuf_puts(out, defs[id].name);
			put_label(out, defs[id].label, m->s[id][i].label);
			strbuf_printf(out, " %.17g\n", m->s[id][i].value);
		}
	}
	const char *h = "briefbot_command_duration_seconds";
	put_header(out, h, "Time from a message's arrival to its reply being ready.",
		   "histogram");
	uint64_t cum = 0;
	for (size_t i = 0; i < N_BOUNDS; i++) {
		cum += m->buckets[i];
		strbuf_printf(out, "%s_bucket{le=\"%g\"} %llu\n", h, bounds[i],
			      (unsigned long long)cum);
	}
	strbuf_printf(out, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.17g\n%s_count %llu\n", h,
		      (unsigned long long)m->count, h, m->sum, h, (unsigned long long)m->count);
}
