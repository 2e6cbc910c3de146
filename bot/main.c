/* briefbot's command line: one table of subcommands, each a function that
 * returns the process exit status (0 ok, 1 failure, 2 usage error). Only
 * this file decides exit codes. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/host.h"
#include "bot/config.h"
#include "bot/console.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "commands/clean.h"
#include "knowledge/answer.h"
#include "knowledge/article.h"
#include "knowledge/extract.h"
#include "knowledge/kb.h"

#define EXIT_USAGE 2

extern char **environ;

struct subcommand {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv);
};

static const struct subcommand subcommands[];

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("briefbot: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'briefbot --help'.\n", stderr);
	return EXIT_USAGE;
}

/* ---- shared options -------------------------------------------------------- */

struct common_opts {
	const char *knowledge;   /* --knowledge DIR */
	const char *config;      /* --config FILE */
	bool json;               /* --json */
};

/* Parses the options every subcommand shares; leaves optind at the first
 * operand. Returns 0, or EXIT_USAGE after printing why. */
static int parse_opts(int argc, char **argv, struct common_opts *o, bool allow_json)
{
	static const struct option longopts[] = {
		{ "knowledge", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+:k:c:", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o->knowledge = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'j':
			if (!allow_json)
				return usage_error("%s: --json is only for 'ask'", argv[0]);
			o->json = true;
			break;
		case ':':
			return usage_error("option needs a value: %s", argv[optind - 1]);
		default:
			return usage_error("unknown option: %s", argv[optind - 1]);
		}
	}
	return 0;
}

/* The configuration named by --config (or the defaults) with the
 * environment and --knowledge applied; NULL after printing why. */
static struct config *load_config(const struct common_opts *o)
{
	return host_load_config(o->config, o->knowledge);
}

/* The knowledge directory: --knowledge, else the config's, else the
 * shipped one. */
static struct kb *load_kb(const struct common_opts *o, const struct config *cfg)
{
	const char *dir = o->knowledge ? o->knowledge
			  : cfg ? config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR)
				: host_default_knowledge_dir();
	struct strbuf errors = {0};
	struct kb *kb = kb_load(dir, &errors);
	if (!kb)
		fprintf(stderr, "briefbot: cannot load the knowledge base:\n%s", strbuf_str(&errors));
	else if (errors.len > 0)
		fprintf(stderr, "briefbot: %s", strbuf_str(&errors));  /* warnings */
	strbuf_free(&errors);
	return kb;
}

/* ---- ask ------------------------------------------------------------------- */

static void print_answer_text(const struct answer *a)
{
	printf("%s\n", a->text);
	if (a->detail)
		printf("%s", a->detail);
	for (size_t i = 0; i < a->n_cites; i++) {
		const struct kb_cite *c = &a->cites[i];
		printf("  [%s p%d.s%d] %s\n", c->article->id, c->sentence->paragraph,
		       c->sentence->index, c->sentence->text);
	}
}

static int print_answer_json(const struct answer *a)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "found", a->status == ANSWER_FOUND);
	cJSON_AddStringToObject(root, "answer", a->text);
	cJSON *cites = cJSON_AddArrayToObject(root, "citations");
	for (size_t i = 0; i < a->n_cites; i++) {
		const struct kb_cite *c = &a->cites[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "article", c->article->id);
		cJSON_AddNumberToObject(o, "paragraph", c->sentence->paragraph);
		cJSON_AddNumberToObject(o, "sentence", c->sentence->index);
		cJSON_AddStringToObject(o, "text", c->sentence->text);
		cJSON_AddItemToArray(cites, o);
	}
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!s)
		return 1;
	printf("%s\n", s);
	free(s);
	return 0;
}

static int cmd_ask(int argc, char **argv)
{
	struct common_opts o = {0};
	int rc = parse_opts(argc, argv, &o, true);
	if (rc)
		return rc;
	if (optind >= argc)
		return usage_error("ask: missing QUESTION");
	/* The words after the options are the question, without chat
	 * markup, as every platform hands it to the engine. */
	struct strbuf question = {0};
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			strbuf_putc(&question, ' ');
		clean_question(argv[i], &question);
	}
	struct config *cfg = o.config ? load_config(&o) : NULL;
	struct kb *kb = (!o.config || cfg) ? load_kb(&o, cfg) : NULL;
	rc = 1;
	if (kb) {
		struct answer a;
		if (answer_question(kb, strbuf_str(&question), &a) < 0) {
			fputs("briefbot: out of memory\n", stderr);
		} else {
			rc = o.json ? print_answer_json(&a) : (print_answer_text(&a), 0);
			if (!o.json && a.status == ANSWER_BAD_INPUT)
				rc = 1;
			answer_free(&a);
		}
	}
	kb_free(kb);
	config_free(cfg);
	strbuf_free(&question);
	return rc;
}

/* ---- console ----------------------------------------------------------------- */

static int cmd_console(int argc, char **argv)
{
	struct common_opts o = {0};
	int rc = parse_opts(argc, argv, &o, false);
	if (rc)
		return rc;
	if (optind < argc)
		return usage_error("console: unexpected argument: %s", argv[optind]);
	struct config *cfg = load_config(&o);
	if (!cfg)
		return 1;
	struct kb_holder holder;
	struct strbuf errors = {0};
	if (kb_holder_load(&holder, config_str(cfg, CONFIG_GENERAL_KNOWLEDGE_DIR), &errors) < 0)
		fprintf(stderr, "briefbot: cannot load the knowledge base:\n%s", strbuf_str(&errors));
	strbuf_free(&errors);
	struct router_config rcfg;
	host_router_config(cfg, &rcfg);
	struct router *router = holder.kb ? router_new(&rcfg, &kb_holder_host, &holder) : NULL;
	rc = 1;
	if (router) {
		int err = console_run(router, stdin, stdout);
		if (err < 0)
			fprintf(stderr, "briefbot: console: %s\n", bb_strerror(err));
		rc = err < 0 ? 1 : 0;
	}
	router_free(router);
	kb_free(holder.kb);
	config_free(cfg);
	return rc;
}

/* ---- run ---------------------------------------------------------------------- */

/* The chat platforms run in their own program, briefbot-run, installed
 * next to this one: `briefbot ask` and the console then load no network
 * libraries (libcurl, libwebsockets, OpenSSL), which keeps them small. */
static int cmd_run(int argc, char **argv)
{
	char self[4096], path[4096 + 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0) {
		fprintf(stderr, "briefbot: cannot find my own program: %s\n", strerror(errno));
		return 1;
	}
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	snprintf(path, sizeof path, "%s/briefbot-run", self);
	argv[0] = path;
	execv(path, argv);
	fprintf(stderr, "briefbot: cannot start %s: %s\n", path, strerror(errno));
	return 1;
}

/* ---- kb ---------------------------------------------------------------------- */

static int cmd_kb_check(int argc, char **argv)
{
	struct common_opts o = {0};
	int rc = parse_opts(argc, argv, &o, false);
	if (rc)
		return rc;
	if (optind < argc)
		o.knowledge = argv[optind++];
	if (optind < argc)
		return usage_error("kb check: unexpected argument: %s", argv[optind]);
	const char *dir = o.knowledge ? o.knowledge : host_default_knowledge_dir();
	struct strbuf errors = {0};
	struct kb *kb = kb_load(dir, &errors);
	if (!kb) {
		fprintf(stderr, "%s", strbuf_str(&errors));
		fprintf(stderr, "kb check: %s: FAILED\n", dir);
		strbuf_free(&errors);
		return 1;
	}
	size_t curated = 0;
	for (size_t i = 0; i < kb_article_count(kb); i++)
		curated += kb_article_at(kb, i)->curated;
	printf("kb check: %s: ok — %zu article(s) (%zu curated), %zu sentences, %zu entities, "
	       "%zu relations, %zu stakes, %zu quotes, %zu events, %zu numbers\n",
	       dir, kb_article_count(kb), curated, kb_sentence_count(kb), kb_entity_count(kb),
	       kb_relation_count(kb), kb_stake_count(kb), kb_quote_count(kb), kb_event_count(kb),
	       kb_number_count(kb));
	kb_free(kb);
	strbuf_free(&errors);
	return 0;
}

static int cmd_kb_extract(int argc, char **argv)
{
	struct common_opts o = {0};
	int rc = parse_opts(argc, argv, &o, false);
	if (rc)
		return rc;
	if (optind + 1 != argc)
		return usage_error("kb extract: give exactly one article FILE");
	const char *path = argv[optind];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "briefbot: %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct strbuf text = {0}, errors = {0};
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && text.len <= ARTICLE_MAX_BYTES)
		strbuf_append(&text, buf, n);
	fclose(f);
	/* The article id is the file name without folder and ".txt". */
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char id[256];
	snprintf(id, sizeof id, "%.*s", (int)strcspn(base, "."), base);
	struct article *a = article_parse(id, strbuf_str(&text), text.len, &errors);
	rc = 1;
	if (!a)
		fprintf(stderr, "briefbot: %s", strbuf_str(&errors));
	else if (extract_print_json(article_view(a), stdout) == 0)
		rc = 0;
	article_free(a);
	strbuf_free(&text);
	strbuf_free(&errors);
	return rc;
}

static int cmd_kb(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("kb: say 'kb check [DIR]' or 'kb extract FILE'");
	if (strcmp(argv[1], "check") == 0)
		return cmd_kb_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "extract") == 0)
		return cmd_kb_extract(argc - 1, argv + 1);
	return usage_error("kb: unknown subcommand '%s' (check, extract)", argv[1]);
}

/* ---- check-config --------------------------------------------------------- */

static int cmd_check_config(int argc, char **argv)
{
	if (argc != 2)
		return usage_error("check-config: give exactly one FILE");
	int problems = config_check_file(argv[1], config_envp_lookup, environ, stderr);
	if (problems < 0)
		return 1;
	/* A file that parses: then everything run would refuse, the same way
	 * (read again without repeating the warnings printed above). */
	struct strbuf errors = {0};
	struct config *cfg = problems == 0 ? host_read_config(argv[1], NULL, &errors) : NULL;
	if (problems == 0 && !cfg) {
		fputs(strbuf_str(&errors), stderr);
		problems = 1;
	}
	if (cfg) {
		problems = host_check_run(cfg, &errors);
		fputs(strbuf_str(&errors), stderr);
		config_free(cfg);
	}
	strbuf_free(&errors);
	if (problems == 0)
		printf("%s: ok\n", argv[1]);
	return problems ? 1 : 0;
}

/* ---- help ------------------------------------------------------------------- */

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("briefbot %s — briefs a team on the news, with sources\n\n"
	       "Usage: briefbot COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", BRIEFBOT_VERSION);
	for (const struct subcommand *s = subcommands; s->name; s++)
		printf("  %-14s %-22s %s\n", s->name, s->args, s->help);
	printf("\nOptions for every command:\n"
	       "  --knowledge DIR   knowledge directory (default: %s)\n"
	       "  --config FILE     configuration file (see config.example)\n"
	       "  --help, --version\n", host_default_knowledge_dir());
	return 0;
}

static const struct subcommand subcommands[] = {
	{ "ask", "[--json] QUESTION", "answer one question and cite the article", cmd_ask },
	{ "console", "", "chat on stdin/stdout, as in a channel", cmd_console },
	{ "run", "--config FILE", "connect to Discord and/or Matrix", cmd_run },
	{ "kb", "check [DIR]", "validate a knowledge directory", cmd_kb },
	{ "kb", "extract FILE", "print relation candidates found in an article", cmd_kb },
	{ "check-config", "FILE", "report every error in a config file", cmd_check_config },
	{ "help", "", "this help", cmd_help },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("missing COMMAND");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version")) {
		printf("briefbot %s\n", BRIEFBOT_VERSION);
		return 0;
	}
	for (const struct subcommand *s = subcommands; s->name; s++)
		if (strcmp(s->name, argv[1]) == 0)
			return s->run(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", argv[1]);
}
