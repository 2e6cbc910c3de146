/* The console as a platform of `briefbot run` ([console] enabled = true):
 * each stdin line is routed as in `briefbot console` (room "console",
 * author "console"), answers and scheduled digests are printed as plain
 * text on stdout. It is what lets digests reach the console: `briefbot
 * console` itself links no libuv, holds no store and runs no timer, so it
 * stays the small one-shot REPL, and `briefbot run` -- which already has
 * the loop, the store and the scheduler -- gains a third adapter instead.
 * stdin is read on the loop when it is a pipe or a terminal; a file (or
 * /dev/null) is read whole at start, since the loop cannot poll it. */
#ifndef BB_CONSOLE_ADAPTER_H
#define BB_CONSOLE_ADAPTER_H

#include "bot/adapter.h"

extern const struct adapter_ops console_adapter;

#endif
