#!/usr/bin/env bash
# with_redis.sh COMMAND ARGS...: runs COMMAND with JWTOOL_TEST_REDIS naming a private
# redis-server started for it (and stopped after), for the Redis store's unit tests.
set -u
. "$(dirname "$0")/../redis_server.sh"
dir=$(mktemp -d)
trap 'stop_redis; rm -rf "$dir"' EXIT
start_redis "$dir" || exit 1
JWTOOL_TEST_REDIS=$REDIS_URL "$@"
