/* libFuzzer target for bot/discord/discord_gateway (the gateway payload parser and
 * state machine, MESSAGE_CREATE read in place by bot/discord/discord_message) and the slash option mapping of bot/discord/discord_commands.
 * The input is cut into payloads at '\n'. Each is fed to a connected
 * machine, with time moving on and a tick after each; a payload starting
 * with '!' closes the connection with the code in its next two bytes and
 * reconnects. Every payload is also mapped as interaction options onto a
 * two-argument command. Nothing may crash, leak or read out of bounds,
 * every frame the machine sends must be valid JSON, and the machine must
 * never stall: while connected it has a deadline or has asked to close
 * (the connection is then closed and reopened). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "bot/discord/discord_commands.h"
#include "bot/discord/discord_gateway.h"
#include "bot/discord/discord_message.h"

static void f_send(void *user, const char *text, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(text, len);
	if (!j)
		abort();
	cJSON_Delete(j);
	(void)user;
}

static void f_close(void *user, int code, const char *reason)
{
	(void)user;
	(void)code;
	(void)reason;
}

static void f_want_identify(void *user)
{
	*(int *)user = 1;
}

/* MESSAGE_CREATE read in place, as the adapter does; the rest parsed. */
static bool f_dispatch_scan(void *user, const char *event, struct jscan d,
			    const struct jscan *fields)
{
	(void)user;
	if (strcmp(event, "MESSAGE_CREATE") != 0)
		return false;
	/* the fields noted in the gateway's one pass are those a walk of d
	 * finds: the same message either way */
	char *scratch = malloc(2 * (d.len + 1));
	struct discord_message a, b;
	if (!scratch ||
	    discord_message_from_fields(d, fields, scratch, d.len + 1, &a) < 0 ||
	    discord_message_scan(d, scratch + d.len + 1, d.len + 1, &b) < 0)
		abort();
	if (!discord_message_equal(&a, &b))
		abort();
	free(scratch);
	return true;
}

static const struct dgw_ops ops = { .send = f_send, .close = f_close,
				    .want_identify = f_want_identify,
				    .dispatch_scan = f_dispatch_scan,
				    .scan_fields = discord_message_fields,
				    .n_scan_fields = DISCORD_MESSAGE_N_FIELDS };

static const struct router_arg args[] = {
	{ "article", ROUTER_ARG_STRING, true, false, "a" },
	{ "paragraph", ROUTER_ARG_INT, true, false, "p" },
};
static const struct router_command cmd = { .name = "cite", .args = args, .max_args = 2 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int want = 0;
	struct dgw_options o = { .token = "t", .shard_count = 1, .seed = size };
	struct dgw *g = dgw_new(&o, &ops, &want);
	if (!g)
		return 0;
	int64_t now = 0;
	dgw_on_open(g, now);
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		now += 97;
		if (len >= 3 && p[0] == '!') {
			struct dgw_plan plan;
			dgw_on_close(g, ((unsigned char)p[1] << 8) | (unsigned char)p[2], now, &plan);
			dgw_on_open(g, now);
		} else {
			dgw_on_payload(g, p, len, now);
			if (want) {
				want = 0;
				dgw_identify(g, now);
			}
			cJSON *opts = cJSON_ParseWithLength(p, len);
			char *out[2];
			if (discord_commands_args(&cmd, opts, out, 2) == 2)
				discord_commands_args_free(out, 2);
			cJSON_Delete(opts);
		}
		dgw_tick(g, now);
		if (dgw_next_deadline(g) > now)
			dgw_tick(g, dgw_next_deadline(g));
		/* never stalls: on a connection the machine has a deadline (the
		 * adapter's timer stays armed) or has asked to close; IDENTIFY
		 * slots are granted at once here, so none is awaited */
		enum dgw_state st = dgw_state(g);
		if (st != DGW_CLOSING && st != DGW_DISCONNECTED && dgw_next_deadline(g) < 0)
			abort();
		if (st == DGW_CLOSING) {
			struct dgw_plan plan;
			dgw_on_close(g, 1006, now, &plan);
			if (plan.what == DGW_STOP)
				abort(); /* our own closes always reconnect */
			dgw_on_open(g, now);
		}
		p += len + 1;
	}
	dgw_free(g);
	return 0;
}
