#include "bot/ingest.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bot/net/http.h"
#include "commands/cmd.h"
#include "common/error.h"
#include "common/fnv.h"
#include "knowledge/article.h"
#include "knowledge/html_article.h"
#include "knowledge/kb.h"

enum {
	MAX_PENDING = 4,        /* adds under way at once */
	MAX_REDIRECTS = 5,
	MAX_URL = 2000,
	SLUG_MAX = 48,
	DEFAULT_TIMEOUT_MS = 20000,
};
#define DEFAULT_MAX_BYTES ((size_t)5 << 20)

struct job {
	struct ingest *in;
	enum platform platform;
	char *room_id;
	char *url;
	char key[24];
	uint64_t http_id;
	struct job *next;
};

struct ingest {
	struct http *http;
	struct kb_holder *kbh;
	struct ingest_options opt;
	ingest_post_fn post;
	void *post_user;
	struct job *jobs;
	size_t n_jobs;
};

/* ---- jobs ---------------------------------------------------------------------- */

static void job_free(struct job *j)
{
	if (!j)
		return;
	free(j->room_id);
	free(j->url);
	free(j);
}

static void job_unlink(struct ingest *in, struct job *j)
{
	for (struct job **p = &in->jobs; *p; p = &(*p)->next) {
		if (*p == j) {
			*p = j->next;
			in->n_jobs--;
			return;
		}
	}
}

void ingest_idem_key(const struct bot_message *msg, const char *url, char out[24])
{
	/* FNV-1a, 64 bits: short, stable across restarts and platforms. */
	uint64_t hash = FNV1A_SEED;
	const char *parts[3] = { msg->message_id, NULL, NULL };
	if (!msg->message_id) {
		parts[0] = msg->room_id ? msg->room_id : "";
		parts[1] = url ? url : "";
	}
	for (size_t i = 0; i < 3 && parts[i]; i++)
		hash = fnv1a(hash, parts[i], strlen(parts[i]));
	snprintf(out, 24, "add:%016llx", (unsigned long long)hash);
}

/* ---- the report ------------------------------------------------------------------ */

static bool in_article(const struct kb_cite *c, const struct kb_article *a)
{
	return c->article == a;
}

/* " [n]" after a fact, or "" when it could not be cited. */
static void cite_mark(char *buf, size_t n, size_t num)
{
	if (num)
		snprintf(buf, n, " [%zu]", num);
	else
		buf[0] = '\0';
}

int ingest_report(const struct kb *kb, const char *id, struct reply *out)
{
	const struct kb_article *a = NULL;
	for (size_t i = 0; i < kb_article_count(kb) && !a; i++)
		if (strcmp(kb_article_at(kb, i)->id, id) == 0)
			a = kb_article_at(kb, i);
	if (!a)
		return BB_ENOTFOUND;
	size_t sentences = 0;
	for (size_t p = 0; p < a->n_paragraphs; p++)
		sentences += a->paragraphs[p].n_sentences;
	reply_set_title(out, a->title);
	struct strbuf sb = {0};
	strbuf_printf(&sb, "Added as article %s: %zu sentence%s", a->id, sentences,
		      sentences == 1 ? "" : "s");
	if (*a->source || *a->date)
		strbuf_printf(&sb, " (%s%s%s)", a->source, *a->source && *a->date ? ", " : "",
			      a->date);
	strbuf_putc(&sb, '.');
	reply_add_paragraph(out, strbuf_str(&sb));
	strbuf_free(&sb);

	size_t n = 0;
	char m[24];
	for (size_t i = 0; i < kb_relation_count(kb) && n < 3; i++) {
		const struct kb_relation *r = kb_relation_at(kb, i);
		if (!in_article(&r->cite, a))
			continue;
		cite_mark(m, sizeof m, cmd_cite(out, &r->cite));
		const char *object = r->object_text && *r->object_text ? r->object_text
								     : r->object->name;
		reply_add_itemf(out, "%s %s %s%s", r->subject->name,
				kb_predicate_phrase(r->predicate, r->negated), object, m);
		n++;
	}
	for (size_t i = 0; i < kb_quote_count(kb) && n < 3; i++) {
		const struct kb_quote *q = kb_quote_at(kb, i);
		if (!in_article(&q->cite, a))
			continue;
		cite_mark(m, sizeof m, cmd_cite(out, &q->cite));
		reply_add_itemf(out, "%s: \u201c%s\u201d%s", q->speaker->name, q->text, m);
		n++;
	}
	for (size_t i = 0; i < kb_entity_count(kb) && n < 3; i++) {
		const struct kb_entity *e = kb_entity_at(kb, i);
		if (e->kind != KB_PERSON || !*e->role || !in_article(&e->cite, a))
			continue;
		cite_mark(m, sizeof m, cmd_cite(out, &e->cite));
		reply_add_itemf(out, "%s, %s%s", e->name, e->role, m);
		n++;
	}
	if (n == 0)
		reply_add_paragraph(out, "I found no relations or quotes in it yet; questions are "
				    "answered from its sentences.");
	else
		reply_add_paragraph(out, n == 1 ? "The first fact I found in it:"
						: "The first facts I found in it:");
	return out->failed ? BB_ENOMEM : 0;
}

/* ---- writing and loading the article --------------------------------------------------- */

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Picks a free id from the slug ("slug", "slug-2", ...) into *id. */
static int free_id(const char *dir, const char *slug, struct strbuf *id)
{
	for (int i = 1; i < 100; i++) {
		strbuf_truncate(id, 0);
		strbuf_puts(id, slug);
		if (i > 1)
			strbuf_printf(id, "-%d", i);
		struct strbuf path = {0};
		strbuf_printf(&path, "%s/articles/%s.txt", dir, strbuf_str(id));
		bool taken = file_exists(strbuf_str(&path));
		bool failed = strbuf_failed(&path) || strbuf_failed(id);
		strbuf_free(&path);
		if (failed)
			return BB_ENOMEM;
		if (!taken)
			return 0;
	}
	return BB_EEXIST;
}

/* Writes text to dir/articles/ID.txt through a hidden temp file renamed
 * into place, so the watcher never loads half an article. */
static int write_article(const char *dir, const char *id, const struct strbuf *text,
			 struct strbuf *err)
{
	struct strbuf tmp = {0}, path = {0};
	strbuf_printf(&tmp, "%s/articles/.%s.txt.tmp", dir, id);
	strbuf_printf(&path, "%s/articles/%s.txt", dir, id);
	int rc = BB_ENOMEM;
	if (strbuf_failed(&tmp) || strbuf_failed(&path))
		goto out;
	rc = BB_EIO;
	FILE *f = fopen(strbuf_str(&tmp), "w");
	if (!f) {
		strbuf_printf(err, "cannot write %s: %s", strbuf_str(&tmp), strerror(errno));
		goto out;
	}
	size_t n = fwrite(text->buf, 1, text->len, f);
	bool ok = n == text->len && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(strbuf_str(&tmp), strbuf_str(&path)) < 0) {
		strbuf_printf(err, "cannot write %s: %s", strbuf_str(&path), strerror(errno));
		unlink(strbuf_str(&tmp));
		goto out;
	}
	rc = 0;
out:
	strbuf_free(&tmp);
	strbuf_free(&path);
	return rc;
}

static void remove_article(const char *dir, const char *id)
{
	struct strbuf path = {0};
	strbuf_printf(&path, "%s/articles/%s.txt", dir, id);
	if (!strbuf_failed(&path))
		unlink(strbuf_str(&path));
	strbuf_free(&path);
}

/* The first line of s, for a one-line reason. */
static void put_first_line(struct strbuf *sb, const char *s)
{
	strbuf_append(sb, s, strcspn(s, "\n"));
}

/* Turns the fetched page into articles/ID.txt and loads it. Returns 0 with
 * the report in *out, or a bb_err with the reason (one line) in why. */
static int add_page(struct ingest *in, const struct http_response *resp, struct reply *out,
		    struct strbuf *why, struct strbuf *id)
{
	struct html_article art = {0};
	struct strbuf err = {0}, file = {0}, slug = {0};
	struct article *check = NULL;
	const char *dir = in->kbh->dir;
	int rc = html_article_extract(resp->body, resp->body_len,
				      http_response_header(resp, "Content-Type"), &art, &err);
	if (rc < 0) {
		put_first_line(why, strbuf_str(&err));
		goto out;
	}
	rc = html_article_format(&art, resp->url, &file);
	if (rc == 0)
		rc = html_article_slug(art.title, resp->url, SLUG_MAX, &slug);
	if (rc == 0)
		rc = free_id(dir, strbuf_str(&slug), id);
	if (rc < 0) {
		strbuf_puts(why, rc == BB_EEXIST ? "too many articles with that name already"
						 : bb_strerror(rc));
		goto out;
	}
	/* The article alone first: a page without sentences never reaches
	 * the live directory. */
	check = article_parse(strbuf_str(id), file.buf, file.len, &err);
	if (!check) {
		strbuf_puts(why, "its text is not an article: ");
		put_first_line(why, strbuf_str(&err));
		rc = BB_EPARSE;
		goto out;
	}
	rc = write_article(dir, strbuf_str(id), &file, why);
	if (rc < 0)
		goto out;
	strbuf_truncate(&err, 0);
	rc = kb_holder_reload(in->kbh, NULL, &err);
	if (rc < 0) {
		strbuf_printf(why, "the knowledge base refused it (%s); it was not kept",
			      in->kbh->kb_error);
		remove_article(dir, strbuf_str(id));
		/* Back to the directory as it was, and its status with it. */
		kb_holder_reload(in->kbh, NULL, NULL);
		goto out;
	}
	rc = ingest_report(in->kbh->kb, strbuf_str(id), out);
	if (rc < 0)
		strbuf_puts(why, bb_strerror(rc));
out:
	article_free(check);
	html_article_clear(&art);
	strbuf_free(&err);
	strbuf_free(&file);
	strbuf_free(&slug);
	return rc;
}

/* Says in one line why the fetch itself failed. */
static void fetch_failure(const struct ingest *in, const struct http_response *resp,
			  struct strbuf *why)
{
	switch (resp->err) {
	case BB_EPERM:
		strbuf_printf(why, "%s (pages from private networks are refused; "
			      "[ingest] allow_private allows them)", resp->detail);
		break;
	case BB_ETOOBIG:
		strbuf_printf(why, "the page is larger than %zu bytes", in->opt.max_bytes);
		break;
	case BB_ELIMIT:
		strbuf_printf(why, "more than %d redirects", MAX_REDIRECTS);
		break;
	case BB_EINVAL:
		strbuf_printf(why, "refused: %s (only http and https pages, redirects included)",
			      resp->detail);
		break;
	default:
		if (resp->timed_out)
			strbuf_printf(why, "no complete answer within %ld ms", in->opt.timeout_ms);
		else
			strbuf_printf(why, "the fetch failed: %s", resp->detail);
	}
}

static void on_fetched(void *user, const struct http_response *resp)
{
	struct job *j = user;
	struct ingest *in = j->in;
	struct reply out = {0};
	struct strbuf why = {0}, id = {0};
	int rc = -1;
	job_unlink(in, j);
	if (resp->err < 0)
		fetch_failure(in, resp, &why);
	else if (resp->status != 200)
		strbuf_printf(&why, "the server answered HTTP %ld", resp->status);
	else
		rc = add_page(in, resp, &out, &why, &id);
	if (rc < 0) {
		reply_free(&out);
		reply_set_kind(&out, REPLY_ERROR);
		reply_add_paragraphf(&out, "Could not add %s: %s.", j->url, strbuf_str(&why));
		log_msg(in->opt.log, LOG_WARN, "ingest", "add %s refused: %s", j->url,
			strbuf_str(&why));
	} else {
		log_msg(in->opt.log, LOG_INFO, "ingest", "added %s as articles/%s.txt: %s; %s",
			j->url, strbuf_str(&id), out.title ? out.title : "",
			out.n_paragraphs ? out.paragraphs[0] : "");
	}
	if (!out.failed)
		in->post(in->post_user, j->platform, j->room_id, &out, j->key);
	reply_free(&out);
	strbuf_free(&why);
	strbuf_free(&id);
	job_free(j);
}

/* ---- starting an add -------------------------------------------------------------------- */

/* Is url an absolute http(s) URL with a host that curl parses? */
static int check_url(const char *url, struct strbuf *err)
{
	size_t n = strlen(url);
	if (n > MAX_URL) {
		strbuf_printf(err, "the URL is longer than %d characters\n", MAX_URL);
		return BB_EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f) {
			strbuf_puts(err, "a URL has no spaces or control characters\n");
			return BB_EINVAL;
		}
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
		strbuf_puts(err, "only http:// and https:// pages can be added\n");
		return BB_EINVAL;
	}
	CURLU *u = curl_url();
	if (!u) {
		strbuf_puts(err, "out of memory\n");
		return BB_ENOMEM;
	}
	char *host = NULL;
	int rc = 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host) {
		strbuf_puts(err, "that is not a valid URL\n");
		rc = BB_EINVAL;
	}
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

int ingest_add(void *user, const struct bot_message *msg, const char *url, struct strbuf *err)
{
	struct ingest *in = user;
	int rc = check_url(url, err);
	if (rc < 0)
		return rc;
	if (in->n_jobs >= MAX_PENDING) {
		strbuf_printf(err, "I am already fetching %d pages; try again in a moment\n",
			      MAX_PENDING);
		return BB_ELIMIT;
	}
	struct job *j = calloc(1, sizeof *j);
	if (!j)
		goto nomem;
	j->in = in;
	j->platform = msg->platform;
	j->room_id = strdup(msg->room_id ? msg->room_id : "");
	j->url = strdup(url);
	if (!j->room_id || !j->url)
		goto nomem;
	ingest_idem_key(msg, url, j->key);
	static const char *const headers[] = {
		"Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", NULL,
	};
	struct http_req req = {
		.url = url,
		.headers = headers,
		.timeout_ms = in->opt.timeout_ms,
		.max_redirects = MAX_REDIRECTS,
		.max_bytes = in->opt.max_bytes,
		.public_only = !in->opt.allow_private,
	};
	rc = http_request(in->http, &req, on_fetched, j, &j->http_id);
	if (rc < 0) {
		strbuf_printf(err, "cannot start the fetch: %s\n", bb_strerror(rc));
		job_free(j);
		return rc;
	}
	j->next = in->jobs;
	in->jobs = j;
	in->n_jobs++;
	log_msg(in->opt.log, LOG_INFO, "ingest", "fetching %s for %s room %s", url,
		platform_name(msg->platform), j->room_id);
	return 0;
nomem:
	job_free(j);
	strbuf_puts(err, "out of memory\n");
	return BB_ENOMEM;
}

/* ---- life cycle ---------------------------------------------------------------------------- */

struct ingest *ingest_new(uv_loop_t *loop, struct kb_holder *kbh,
			  const struct ingest_options *opt, ingest_post_fn post, void *post_user)
{
	struct ingest *in = calloc(1, sizeof *in);
	if (!in)
		return NULL;
	in->kbh = kbh;
	in->opt = *opt;
	if (!in->opt.max_bytes)
		in->opt.max_bytes = DEFAULT_MAX_BYTES;
	if (in->opt.timeout_ms <= 0)
		in->opt.timeout_ms = DEFAULT_TIMEOUT_MS;
	in->post = post;
	in->post_user = post_user;
	const struct http_options hopt = {
		.timeout_ms = in->opt.timeout_ms,
		.max_response_bytes = in->opt.max_bytes,
		.max_concurrent = MAX_PENDING,
		.ca_file = opt->ca_file,
		.log = opt->log,
	};
	in->http = http_new(loop, &hopt);
	if (!in->http) {
		free(in);
		return NULL;
	}
	return in;
}

size_t ingest_pending(const struct ingest *in)
{
	return in ? in->n_jobs : 0;
}

void ingest_free(struct ingest *in)
{
	if (!in)
		return;
	http_free(in->http); /* cancels every fetch: their callbacks never run */
	while (in->jobs) {
		struct job *j = in->jobs;
		in->jobs = j->next;
		job_free(j);
	}
	free(in);
}
