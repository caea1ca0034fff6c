#!/usr/bin/env bash
# with_redis.sh COMMAND ARGS...: runs COMMAND with private redis-servers started for it (and
# stopped after), for the Redis store's unit tests:
#   JWTOOL_TEST_REDIS                 redis://127.0.0.1:PORT, open to anyone
#   JWTOOL_TEST_REDIS_AUTH            redis://127.0.0.1:PORT, asking for a password
#   JWTOOL_TEST_REDIS_SOCKET          the Unix socket of that second server
#   JWTOOL_TEST_REDIS_PASSWORD        the default user's password there
#   JWTOOL_TEST_REDIS_USER            an ACL user there, held to jwtool's keys ...
#   JWTOOL_TEST_REDIS_USER_PASSWORD   ... and its password
set -u
. "$(dirname "$0")/../redis_server.sh"
dir=$(mktemp -d)
trap 'stop_redis; rm -rf "$dir"' EXIT
mkdir "$dir/open" "$dir/auth"
start_redis "$dir/open" || exit 1
export JWTOOL_TEST_REDIS=$REDIS_URL
export JWTOOL_TEST_REDIS_PASSWORD=unit-default-password-7f3a
export JWTOOL_TEST_REDIS_USER=jwtool
export JWTOOL_TEST_REDIS_USER_PASSWORD=unit-user-password-91c2
export JWTOOL_TEST_REDIS_SOCKET=$dir/auth/redis.sock
start_redis "$dir/auth" \
  "requirepass $JWTOOL_TEST_REDIS_PASSWORD" \
  "user $JWTOOL_TEST_REDIS_USER on >$JWTOOL_TEST_REDIS_USER_PASSWORD resetkeys ~jwtool:* resetchannels -@all +select +eval +evalsha +@read +@write -@dangerous" \
  "unixsocket $JWTOOL_TEST_REDIS_SOCKET" \
  "unixsocketperm 700" || exit 1
export JWTOOL_TEST_REDIS_AUTH=$REDIS_URL
"$@"
