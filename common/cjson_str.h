/* One small read of a cJSON tree that every adapter and loader needs. */
#ifndef BB_CJSON_STR_H
#define BB_CJSON_STR_H

#include <cjson/cJSON.h>

/* The string member `key` of the object `obj`; NULL when obj is NULL or not
 * an object, or the member is missing or not a string. */
static inline const char *cjson_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

#endif
