#include "bot/adapter.h"

#include "bot/metrics.h"
#include "commands/router.h"

int adapter_route(const struct adapter_env *env, const struct bot_message *msg,
		  struct reply *out)
{
	uint64_t start_ns = uv_hrtime();
	metrics_inc(env->metrics, METRIC_EVENTS_RECEIVED, platform_name(msg->platform));
	int rc = router_handle(env->router, msg, (int64_t)uv_now(env->loop), out);
	if (rc != 1 || !out->command)
		return rc;
	metrics_inc(env->metrics, METRIC_COMMANDS, out->command);
	if (out->answer != REPLY_NO_QUESTION)
		metrics_inc(env->metrics, METRIC_ANSWERS,
			    out->answer == REPLY_FOUND ? "found" : "refused");
	metrics_observe_latency(env->metrics, (double)(uv_hrtime() - start_ns) / 1e9);
	return rc;
}
