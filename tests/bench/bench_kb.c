/* Benchmark: the knowledge layer. Prints
 *   - knowledge-base load time (median and best of N loads),
 *   - per-question latency p50/p99 (wall and thread CPU time) over a few
 *     hundred distinct questions
 *     made from templates x the knowledge base's own entity names (not the
 *     evaluation set),
 *   - peak RSS (ru_maxrss, the VmHWM of the child) of a real `briefbot ask`,
 *     next to the same question asked by this program (which links only
 *     knowledge/ and common/) and to this program doing nothing, so that
 *     the part of briefbot's RSS owed to its other libraries shows.
 * It prints the targets next to the figures and asserts nothing.
 *
 * Usage: bench_kb [KNOWLEDGE_DIR [BRIEFBOT [LOADS [ROUNDS]]]]
 *        bench_kb --ask KNOWLEDGE_DIR QUESTION   (the knowledge-only child)
 *        bench_kb --idle                         (the do-nothing child) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "quantile.h"

#define TARGET_LOAD_MS 20.0
#define TARGET_P99_US 200.0
#define TARGET_RSS_KB (8 * 1024)
#define RSS_QUESTION "who backs the YPG?"

static double clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Wall time, and the CPU time of this thread: on a machine shared with
 * other work (see the load average printed) the wall figure also counts
 * the time the scheduler gave to other processes; the CPU figure is the
 * work itself. Targets are judged on both. */
struct stamp {
	double wall, cpu;
};

static struct stamp stamp_now(void)
{
	return (struct stamp){ clock_us(CLOCK_MONOTONIC), clock_us(CLOCK_THREAD_CPUTIME_ID) };
}

/* ---- peak RSS of a child ------------------------------------------------- */

/* Runs argv with stdout and stderr on /dev/null; returns its ru_maxrss in
 * KB, or -1. Call before this process grows: a child's high-water mark
 * also counts the pages it shared with its parent before exec. */
static long child_maxrss_kb(char *const argv[], int *status)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	struct rusage ru;
	if (wait4(pid, status, 0, &ru) < 0)
		return -1;
	return ru.ru_maxrss;
}

static void print_rss(const char *what, long kb, int status)
{
	if (kb < 0) {
		printf("  %-44s (could not run)\n", what);
		return;
	}
	printf("  %-44s %6.2f MB%s\n", what, (double)kb / 1024.0,
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : "  (exit status not 0)");
}

static void measure_rss(const char *self, const char *dir, const char *briefbot)
{
	char *ask[] = { (char *)briefbot, "ask", "--knowledge", (char *)dir, RSS_QUESTION, NULL };
	char *version[] = { (char *)briefbot, "--version", NULL };
	char *mine[] = { (char *)self, "--ask", (char *)dir, RSS_QUESTION, NULL };
	char *idle[] = { (char *)self, "--idle", NULL };
	int st_ask = 0, st_version = 0, st_mine = 0, st_idle = 0;
	long rss_ask = child_maxrss_kb(ask, &st_ask);
	long rss_version = child_maxrss_kb(version, &st_version);
	long rss_mine = child_maxrss_kb(mine, &st_mine);
	long rss_idle = child_maxrss_kb(idle, &st_idle);

	printf("peak RSS (ru_maxrss = VmHWM of the child)\n");
	print_rss("briefbot ask \"" RSS_QUESTION "\"", rss_ask, st_ask);
	print_rss("briefbot --version (no knowledge base)", rss_version, st_version);
	print_rss("bench_kb --ask (knowledge/ + common/ only)", rss_mine, st_mine);
	print_rss("bench_kb --idle (same program, does nothing)", rss_idle, st_idle);
	if (rss_ask >= 0 && rss_version >= 0 && rss_mine >= 0 && rss_idle >= 0) {
		printf("  => knowledge base + answer:                  %6.2f MB\n",
		       (double)(rss_mine - rss_idle) / 1024.0);
		printf("  => briefbot's binary and libraries, at rest: %6.2f MB "
		       "(vs %.2f MB for bench_kb)\n",
		       (double)rss_version / 1024.0, (double)rss_idle / 1024.0);
	}
	printf("  target: briefbot ask <= %.0f MB -> %s\n\n", TARGET_RSS_KB / 1024.0,
	       rss_ask < 0 ? "n/a" : rss_ask <= TARGET_RSS_KB ? "met" : "MISSED");
}

/* ---- load time ----------------------------------------------------------- */

static void measure_load(const char *dir, int loads)
{
	double *ms = calloc(2 * (size_t)loads, sizeof *ms);
	if (!ms)
		return;
	double *cpu_ms = ms + loads;
	for (int i = 0; i < loads; i++) {
		struct stamp t0 = stamp_now();
		struct kb *kb = kb_load(dir, NULL);
		struct stamp t1 = stamp_now();
		ms[i] = (t1.wall - t0.wall) / 1000.0;
		cpu_ms[i] = (t1.cpu - t0.cpu) / 1000.0;
		if (!kb) {
			printf("knowledge base did not load: %s\n", dir);
			free(ms);
			return;
		}
		kb_free(kb);
	}
	qsort(ms, (size_t)loads, sizeof *ms, cmp_double);
	qsort(cpu_ms, (size_t)loads, sizeof *cpu_ms, cmp_double);
	double med = quantile(ms, (size_t)loads, 0.5);
	double cpu_med = quantile(cpu_ms, (size_t)loads, 0.5);
	printf("knowledge-base load (%d loads of %s)\n", loads, dir);
	printf("  wall: median %.3f ms, best %.3f ms, worst %.3f ms\n", med, ms[0], ms[loads - 1]);
	printf("  cpu:  median %.3f ms, best %.3f ms, worst %.3f ms\n", cpu_med, cpu_ms[0],
	       cpu_ms[loads - 1]);
	printf("  target: median <= %.0f ms -> wall %s, cpu %s\n\n", TARGET_LOAD_MS,
	       med <= TARGET_LOAD_MS ? "met" : "MISSED", cpu_med <= TARGET_LOAD_MS ? "met" : "MISSED");
	free(ms);
}

/* ---- questions ----------------------------------------------------------- */

/* Templates: words before a name, between it and a second name (or NULL
 * for one name), and after. */
static const char *const templates[][3] = {
	{ "who backs ", NULL, "?" },
	{ "who is ", NULL, "?" },
	{ "what is at stake for ", NULL, "?" },
	{ "is ", " allied with ", "?" },
	{ "what did ", NULL, " say about Syria?" },
	{ "how many people live in ", NULL, "?" },
	{ "when did ", " meet ", "?" },
	{ "where is ", NULL, "" },
	{ "does ", NULL, " recognise the PKK as a terrorist organisation?" },
	{ "who opposes ", NULL, "" },
	{ "whos backing ", NULL, " plz" },
	{ "does ", " back ", "?" },
	{ "what happened between ", " and ", " in Sochi?" },
	{ "tell me about ", NULL, "" },
	/* (questions the set readings walk every sentence for: knowledge/
	 * claimant.h, startdate.h) */
	{ "who sued ", NULL, "?" },
	{ "when did ", NULL, " take office?" },
};

#define N_TEMPLATES (sizeof templates / sizeof *templates)

static char **make_questions(const struct kb *kb, size_t *n)
{
	size_t ne = kb_entity_count(kb);
	char **qs = calloc(N_TEMPLATES * ne + 1, sizeof *qs);
	*n = 0;
	if (!qs)
		return NULL;
	for (size_t t = 0; t < N_TEMPLATES; t++) {
		for (size_t e = 0; e < ne; e++) {
			const char *a = kb_entity_at(kb, e)->name;
			const char *b = kb_entity_at(kb, (e * 7 + 3) % ne)->name;
			char buf[512];
			if (templates[t][1])
				snprintf(buf, sizeof buf, "%s%s%s%s%s", templates[t][0], a,
					 templates[t][1], b, templates[t][2]);
			else
				snprintf(buf, sizeof buf, "%s%s%s", templates[t][0], a,
					 templates[t][2]);
			qs[*n] = strdup(buf);
			if (qs[*n])
				(*n)++;
		}
	}
	return qs;
}

static void measure_questions(const char *dir, int rounds)
{
	struct kb *kb = kb_load(dir, NULL);
	if (!kb)
		return;
	size_t n = 0;
	char **qs = make_questions(kb, &n);
	double *us = calloc(2 * (n * (size_t)rounds + 1), sizeof *us);
	double *cpu_us = us ? us + n * (size_t)rounds + 1 : NULL;
	size_t samples = 0, found = 0, refused = 0;
	double worst = 0;
	const char *worst_q = "";
	for (int r = 0; r < rounds && us; r++) {
		for (size_t i = 0; i < n; i++) {
			struct answer a;
			struct stamp t0 = stamp_now();
			int rc = answer_question(kb, qs[i], &a);
			struct stamp t1 = stamp_now();
			double dt = t1.wall - t0.wall;
			cpu_us[samples] = t1.cpu - t0.cpu;
			if (rc == 0) {
				if (r == 0) {
					found += a.status == ANSWER_FOUND;
					refused += a.status != ANSWER_FOUND;
				}
				answer_free(&a);
			}
			us[samples++] = dt;
			if (dt > worst) {
				worst = dt;
				worst_q = qs[i];
			}
		}
	}
	if (samples > 0) {
		qsort(us, samples, sizeof *us, cmp_double);
		qsort(cpu_us, samples, sizeof *cpu_us, cmp_double);
		double p99 = quantile(us, samples, 0.99);
		double cpu_p99 = quantile(cpu_us, samples, 0.99);
		printf("questions: %zu distinct (%zu templates x %zu entity names), %d rounds\n",
		       n, N_TEMPLATES, kb_entity_count(kb), rounds);
		printf("  answered %zu, refused %zu (first round)\n", found, refused);
		printf("  wall: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us (\"%s\")\n",
		       quantile(us, samples, 0.5), quantile(us, samples, 0.9), p99, worst, worst_q);
		printf("  cpu:  p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us\n",
		       quantile(cpu_us, samples, 0.5), quantile(cpu_us, samples, 0.9), cpu_p99,
		       cpu_us[samples - 1]);
		printf("  target: p99 <= %.0f us -> wall %s, cpu %s\n\n", TARGET_P99_US,
		       p99 <= TARGET_P99_US ? "met" : "MISSED",
		       cpu_p99 <= TARGET_P99_US ? "met" : "MISSED");
	}
	for (size_t i = 0; i < n; i++)
		free(qs[i]);
	free(qs);
	free(us);
	kb_free(kb);
}

/* ---- the children -------------------------------------------------------- */

static int child_ask(const char *dir, const char *question)
{
	struct kb *kb = kb_load(dir, NULL);
	if (!kb)
		return 1;
	struct answer a;
	int rc = answer_question(kb, question, &a) == 0 ? 0 : 1;
	if (rc == 0) {
		printf("%s\n", a.text);
		answer_free(&a);
	}
	kb_free(kb);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--ask") == 0)
		return child_ask(argv[2], argv[3]);
	if (argc == 2 && strcmp(argv[1], "--idle") == 0)
		return 0;

	const char *dir = argc > 1 ? argv[1] : BRIEFBOT_SOURCE_KNOWLEDGE_DIR;
	const char *briefbot = argc > 2 ? argv[2] : "bot/briefbot";
	int loads = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 31;
	int rounds = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 20;
	if (loads < 1)
		loads = 1;
	if (rounds < 1)
		rounds = 1;

	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len < 0)
		len = 0;
	self[len] = '\0';

	double load[3];
	if (getloadavg(load, 3) == 3)
		printf("load average %.2f (on %ld CPUs): wall times count other processes too\n\n",
		       load[0], sysconf(_SC_NPROCESSORS_ONLN));
	/* First, while this process is still small (see child_maxrss_kb). */
	measure_rss(self, dir, briefbot);
	measure_load(dir, loads);
	measure_questions(dir, rounds);
	return 0;
}
