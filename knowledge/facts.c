#include "knowledge/facts.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "common/cjson_str.h"

enum field_type { F_STRING, F_BOOL, F_STRINGS, F_ENTITY, F_NULLABLE_ENTITY, F_PREDICATE };

struct field {
	const char *name;
	enum field_type type;
	bool required;
};

/* The fields each section allows; anything else is a typo worth
 * reporting. */
static const struct field entity_fields[] = {
	{ "id", F_STRING, true }, { "name", F_STRING, true }, { "kind", F_STRING, true },
	{ "aliases", F_STRINGS, false }, { "description", F_STRING, true },
	{ "role", F_STRING, false }, { "quote", F_STRING, true }, { NULL, 0, false },
};
static const struct field relation_fields[] = {
	{ "subject", F_ENTITY, true }, { "predicate", F_PREDICATE, true },
	{ "object", F_ENTITY, true }, { "negated", F_BOOL, false },
	{ "object_text", F_STRING, false }, { "quote", F_STRING, true }, { NULL, 0, false },
};
static const struct field stake_fields[] = {
	{ "place", F_ENTITY, true }, { "text", F_STRING, true }, { "quote", F_STRING, true },
	{ NULL, 0, false },
};
static const struct field quote_fields[] = {
	{ "speaker", F_ENTITY, true }, { "text", F_STRING, true }, { "topic", F_STRING, false },
	{ "direct", F_BOOL, false }, { "quote", F_STRING, true }, { NULL, 0, false },
};
static const struct field event_fields[] = {
	{ "when", F_STRING, true }, { "date", F_STRING, false },
	{ "place", F_NULLABLE_ENTITY, false }, { "text", F_STRING, true },
	{ "quote", F_STRING, true }, { NULL, 0, false },
};
static const struct field number_fields[] = {
	{ "value", F_STRING, true }, { "what", F_STRING, true }, { "quote", F_STRING, true },
	{ NULL, 0, false },
};

static const char *const kind_names[] = {
	[KB_COUNTRY] = "country", [KB_PERSON] = "person", [KB_GROUP] = "group",
	[KB_ORG] = "org", [KB_PLACE] = "place", [KB_OTHER] = "other",
};

/* Everything one fact's checks need to report a problem. */
struct ctx {
	struct kb *kb;
	const struct kb_article *art;
	struct strbuf *errors;
	int index;         /* 1-based position in its section */
	char label[160];   /* "relation 3 (us backs ypg)" */
	bool bad;
};

static void problem(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct ctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	strbuf_printf(c->errors, "facts/%s.json: %s: %s\n", c->art->id, c->label, msg);
	c->bad = true;
}

static const struct kb_entity *entity_by_id(const struct kb *kb, const char *id)
{
	for (size_t i = 0; i < kb_entity_count(kb); i++)
		if (strcmp(kb_entity_at(kb, i)->id, id) == 0)
			return kb_entity_at(kb, i);
	return NULL;
}

/* Checks the shape of one fact against its field table. */
static void check_fields(struct ctx *c, const cJSON *obj, const struct field *fields)
{
	if (!cJSON_IsObject(obj)) {
		problem(c, "%s", "is not a JSON object");
		return;
	}
	for (const cJSON *it = obj->child; it; it = it->next) {
		const struct field *f = fields;
		while (f->name && strcmp(f->name, it->string) != 0)
			f++;
		if (!f->name)
			problem(c, "unknown field \"%s\"", it->string);
	}
	for (const struct field *f = fields; f->name; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->name);
		if (!v) {
			if (f->required)
				problem(c, "missing field \"%s\"", f->name);
			continue;
		}
		bool ok = false;
		switch (f->type) {
		case F_STRING:
			ok = cJSON_IsString(v) && (v->valuestring[0] || !f->required);
			break;
		case F_BOOL:
			ok = cJSON_IsBool(v);
			break;
		case F_PREDICATE:
			ok = cJSON_IsString(v);
			if (ok && kb_predicate_parse(v->valuestring) < 0) {
				problem(c, "unknown predicate \"%s\"", v->valuestring);
				ok = true;  /* reported already */
			}
			break;
		case F_STRINGS:
			ok = cJSON_IsArray(v);
			for (const cJSON *e = v->child; e && ok; e = e->next)
				ok = cJSON_IsString(e) && e->valuestring[0];
			break;
		case F_NULLABLE_ENTITY:
			if (cJSON_IsNull(v)) {
				ok = true;
				break;
			}
			/* fall through */
		case F_ENTITY:
			ok = cJSON_IsString(v);
			if (ok && !entity_by_id(c->kb, v->valuestring)) {
				problem(c, "unknown entity \"%s\"", v->valuestring);
				ok = true;  /* reported already */
			}
			break;
		}
		if (!ok)
			problem(c, "field \"%s\" has the wrong type or is empty", f->name);
	}
}

static struct kb_cite cite_of(struct ctx *c, const cJSON *obj)
{
	struct kb_cite cite = { .article = c->art };
	const char *quote = cjson_str(obj, "quote");
	if (quote) {
		cite.sentence = kb_find_quote(c->art, quote);
		if (!cite.sentence)
			problem(c, "quote not found in the article (it must be copied exactly, "
				   "within one sentence): \"%s\"", quote);
	}
	return cite;
}

static const struct kb_entity *entity_field(struct ctx *c, const cJSON *obj, const char *key)
{
	const char *id = cjson_str(obj, key);
	return id ? entity_by_id(c->kb, id) : NULL;
}

static bool bool_field(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

/* Each fact kind: checked by check_fields() and cite_of() first, then
 * added. Adders may report further problems; they return 0 or BB_ENOMEM. */

static int add_entity(struct ctx *c, const cJSON *obj, struct kb_cite cite)
{
	const char *id = cjson_str(obj, "id");
	int kind = -1;
	for (int k = 0; k <= KB_OTHER; k++)
		if (strcmp(kind_names[k], cjson_str(obj, "kind")) == 0)
			kind = k;
	if (kind < 0)
		problem(c, "kind must be country, person, group, org, place or other, not \"%s\"",
			cjson_str(obj, "kind"));
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			problem(c, "id \"%s\" may use only a-z, 0-9 and '-'", id);
	if (entity_by_id(c->kb, id))
		problem(c, "id \"%s\" is defined twice", id);
	if (c->bad)
		return 0;
	const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(obj, "aliases");
	size_t n = (size_t)cJSON_GetArraySize(aliases);
	const char **al = calloc(n + 1, sizeof *al);
	if (!al)
		return BB_ENOMEM;
	size_t k = 0;
	for (const cJSON *e = aliases ? aliases->child : NULL; e; e = e->next)
		al[k++] = e->valuestring;
	const struct kb_entity *e = kb_add_entity(c->kb, id, cjson_str(obj, "name"),
						  (enum kb_entity_kind)kind, cjson_str(obj, "description"),
						  cjson_str(obj, "role"), al, k, cite);
	free(al);
	return e ? 0 : BB_ENOMEM;
}

static int add_relation(struct ctx *c, const cJSON *obj, struct kb_cite cite)
{
	struct kb_relation r = {
		.subject = entity_field(c, obj, "subject"),
		.predicate = (enum kb_predicate)kb_predicate_parse(cjson_str(obj, "predicate")),
		.object = entity_field(c, obj, "object"),
		.negated = bool_field(obj, "negated", false),
		.object_text = cjson_str(obj, "object_text"),
		.cite = cite,
	};
	return kb_add_relation(c->kb, &r);
}

static int add_stake(struct ctx *c, const cJSON *obj, struct kb_cite cite)
{
	struct kb_stake st = { .place = entity_field(c, obj, "place"),
			       .text = cjson_str(obj, "text"), .cite = cite };
	return kb_add_stake(c->kb, &st);
}

static int add_quote(struct ctx *c, const cJSON *obj, struct kb_cite cite)
{
	struct kb_quote q = { .speaker = entity_field(c, obj, "speaker"),
			      .text = cjson_str(obj, "text"), .topic = cjson_str(obj, "topic"),
			      .direct = bool_field(obj, "direct", true), .cite = cite };
	return kb_add_quote(c->kb, &q);
}

static int add_event(struct ctx *c, const cJSON *obj, struct kb_cite cite)
{
	struct kb_event e = { .when = cjson_str(obj, "when"), .date = cjson_str(obj, "date"),
			      .text = cjson_str(obj, "text"), .place = entity_field(c, obj, "place"),
			      .cite = cite };
	return kb_add_event(c->kb, &e);
}

static int add_number(struct ctx *c, const cJSON *obj, struct kb_cite cite)
{
	struct kb_number n = { .value = cjson_str(obj, "value"), .what = cjson_str(obj, "what"),
			       .cite = cite };
	return kb_add_number(c->kb, &n);
}

static const struct section {
	const char *name;      /* "relations" */
	const char *singular;  /* "relation", for messages */
	const char *label[3];  /* fields that name a fact in messages */
	enum facts_pass pass;
	const struct field *fields;
	int (*add)(struct ctx *c, const cJSON *obj, struct kb_cite cite);
} sections[] = {
	{ "entities", "entity", { "id" }, FACTS_ENTITIES, entity_fields, add_entity },
	{ "relations", "relation", { "subject", "predicate", "object" }, FACTS_REST,
	  relation_fields, add_relation },
	{ "stakes", "stake", { NULL }, FACTS_REST, stake_fields, add_stake },
	{ "quotes", "quote", { "speaker" }, FACTS_REST, quote_fields, add_quote },
	{ "events", "event", { "when" }, FACTS_REST, event_fields, add_event },
	{ "numbers", "number", { "value" }, FACTS_REST, number_fields, add_number },
};

/* "relation 3 (us backs ypg)", "stake 2" */
static void set_label(struct ctx *c, const struct section *sec, const cJSON *obj)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s %d", sec->singular, c->index);
	for (size_t i = 0; i < 3 && sec->label[i]; i++) {
		const char *v = cjson_str(obj, sec->label[i]);
		strbuf_printf(&sb, "%s%s", i ? " " : " (", v ? v : "?");
		if (i + 1 == 3 || !sec->label[i + 1])
			strbuf_putc(&sb, ')');
	}
	snprintf(c->label, sizeof c->label, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static void load_fact(struct ctx *c, const struct section *sec, const cJSON *obj)
{
	set_label(c, sec, obj);
	check_fields(c, obj, sec->fields);
	struct kb_cite cite = cite_of(c, obj);
	if (!c->bad && sec->add(c, obj, cite) < 0)
		problem(c, "%s", "out of memory");
}

int facts_load(struct kb *kb, const struct kb_article *art, const char *json, size_t len,
	       enum facts_pass pass, struct strbuf *errors)
{
	bool bad = false;
	cJSON *root = cJSON_ParseWithLength(json, len);
	if (!cJSON_IsObject(root)) {
		/* Report a parse error once, in the first pass. */
		if (pass == FACTS_ENTITIES) {
			const char *at = cJSON_GetErrorPtr();
			int line = 1;
			for (const char *p = json; at && p < at && p < json + len; p++)
				line += *p == '\n';
			strbuf_printf(errors, "facts/%s.json:%d: not a valid JSON object\n",
				      art->id, line);
		}
		cJSON_Delete(root);
		return BB_EPARSE;
	}
	if (pass == FACTS_ENTITIES) {
		const char *article = cjson_str(root, "article");
		if (article && strcmp(article, art->id) != 0) {
			strbuf_printf(errors, "facts/%s.json: says it is about article \"%s\"\n",
				      art->id, article);
			bad = true;
		}
		for (const cJSON *it = root->child; it; it = it->next) {
			bool known = strcmp(it->string, "article") == 0;
			for (size_t s = 0; s < sizeof sections / sizeof *sections; s++)
				known |= strcmp(it->string, sections[s].name) == 0;
			if (!known) {
				strbuf_printf(errors, "facts/%s.json: unknown section \"%s\"\n",
					      art->id, it->string);
				bad = true;
			}
		}
	}
	for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
		if (sections[s].pass != pass)
			continue;
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, sections[s].name);
		if (!list)
			continue;
		if (!cJSON_IsArray(list)) {
			strbuf_printf(errors, "facts/%s.json: \"%s\" must be a list\n", art->id,
				      sections[s].name);
			bad = true;
			continue;
		}
		int i = 0;
		for (const cJSON *obj = list->child; obj; obj = obj->next) {
			struct ctx c = { .kb = kb, .art = art, .errors = errors,
					 .index = ++i };
			load_fact(&c, &sections[s], obj);
			bad |= c.bad;
		}
	}
	cJSON_Delete(root);
	return bad ? BB_ECHECK : 0;
}
