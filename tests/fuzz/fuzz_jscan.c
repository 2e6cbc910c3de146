/* libFuzzer target for common/jscan and bot/discord/discord_message: a differential
 * check against cJSON.  Whatever jscan_check() accepts, cJSON must accept
 * too, with the same tree: the same types, members in the same order under
 * the same keys, the same decoded strings, the same integers; the
 * members noted while checking (jscan_check_members) must be those a walk
 * finds afterwards; and the fields of a MESSAGE_CREATE read in place must
 * equal those read from the tree.  Any difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "bot/discord/discord_message.h"
#include "common/jscan.h"

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void compare(struct jscan v, const cJSON *t)
{
	switch (jscan_type(v)) {
	case JSCAN_NULL:
		check(cJSON_IsNull(t));
		return;
	case JSCAN_TRUE:
		check(cJSON_IsTrue(t));
		return;
	case JSCAN_FALSE:
		check(cJSON_IsFalse(t));
		return;
	case JSCAN_NUMBER: {
		check(cJSON_IsNumber(t));
		int64_t n;
		if (jscan_int(v, &n) == 0)
			check((double)n == t->valuedouble);
		return;
	}
	case JSCAN_STRING: {
		check(cJSON_IsString(t));
		char *s = malloc(v.len);
		check(s && jscan_string(v, s, v.len) >= 0 && strcmp(s, t->valuestring) == 0);
		free(s);
		return;
	}
	case JSCAN_ARRAY:
	case JSCAN_OBJECT: {
		check(jscan_type(v) == JSCAN_ARRAY ? cJSON_IsArray(t) : cJSON_IsObject(t));
		struct jscan_iter it;
		struct jscan k, e;
		const cJSON *c = t->child;
		jscan_iter_init(v, &it);
		while (jscan_iter_next(&it, &k, &e)) {
			check(c != NULL);
			if (k.p)
				check(c->string && strlen(c->string) == k.len &&
				      memcmp(c->string, k.p, k.len) == 0);
			compare(e, c);
			c = c->next;
		}
		check(c == NULL);
		return;
	}
	default:
		abort();
	}
}

static void compare_message(struct jscan root, const cJSON *tree)
{
	char *scratch = malloc(root.len + 1);
	struct discord_message a, b;
	check(scratch && discord_message_scan(root, scratch, root.len + 1, &a) == 0);
	discord_message_from_json(tree, &b);
	check(discord_message_equal(&a, &b));
	free(scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jscan root;
	if (jscan_check((const char *)data, size, &root) < 0)
		return 0;
	cJSON *tree = cJSON_ParseWithLength((const char *)data, size);
	check(tree != NULL);
	/* checking and noting members in one pass = the two steps */
	static const char *const names[] = { "op", "d", "s", "t", "id", "" };
	struct jscan a[6], b[6], r2;
	check(jscan_check_members((const char *)data, size, names, 6, a, &r2) == 0);
	jscan_members(root, names, 6, b);
	for (int i = 0; i < 6; i++)
		check(a[i].p == b[i].p && a[i].len == b[i].len);
	/* nested members noted in the same pass = walks of each level */
	static const struct jscan_field fields[] = {
		{ "d", -1 }, { "author", 0 }, { "id", 1 }, { "id", 0 }, { "", 1 },
	};
	static const char *const d_names[] = { "author", "id" };
	static const char *const author_names[] = { "id", "" };
	struct jscan n[5], d, levels[2], author[2];
	check(jscan_check_fields((const char *)data, size, fields, 5, n, &r2) == 0);
	jscan_get(root, "d", &d);
	jscan_members(d, d_names, 2, levels);
	jscan_members(levels[0], author_names, 2, author);
	check(n[0].p == d.p && n[0].len == d.len && n[1].p == levels[0].p &&
	      n[3].p == levels[1].p && n[3].len == levels[1].len && n[2].p == author[0].p &&
	      n[2].len == author[0].len && n[4].p == author[1].p && n[4].len == author[1].len);
	compare(root, tree);
	compare_message(root, tree);
	cJSON_Delete(tree);
	return 0;
}
