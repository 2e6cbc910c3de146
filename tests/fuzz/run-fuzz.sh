#!/bin/sh
# Runs a libFuzzer target for a bounded time over a scratch copy of its seed
# corpus, so CI can call it: run-fuzz.sh FUZZER SECONDS [SEED_DIR]
# Exits non-zero if the fuzzer found a crash (the reproducer is kept in
# the current directory as crash-*).
set -eu
fuzzer=$1
seconds=${2:-60}
seeds=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM  # the EXIT trap still removes the scratch corpus
if [ -n "$seeds" ] && [ -d "$seeds" ]; then
	cp -r "$seeds"/. "$work"/
fi
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 "$work"
