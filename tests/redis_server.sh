# Sourced by tests that need a Redis server: starts a private redis-server on a free loopback
# port, without persistence, and stops it. Installs the Debian package when it is missing
# (scripts/install-deps.sh), so a fresh clone needs nothing started beforehand.

# start_redis DIR: sets REDIS_PORT, REDIS_PID and REDIS_URL; the server's log is DIR/redis.log.
start_redis() {
  local dir=$1 attempt
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    "$(dirname "${BASH_SOURCE[0]}")/../scripts/install-deps.sh" >&2 || return 1
  fi
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    REDIS_PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
      --dir "$dir" >"$dir/redis.log" 2>&1 &
    REDIS_PID=$!
    REDIS_URL=redis://127.0.0.1:$REDIS_PORT
    for _ in $(seq 100); do
      kill -0 "$REDIS_PID" 2>/dev/null || break # the port was taken: try another
      if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && kill -0 "$REDIS_PID" 2>/dev/null; then
        return 0
      fi
      sleep 0.1
    done
    stop_redis
  done
  echo "cannot start redis-server (see $dir/redis.log)" >&2
  return 1
}

# stop_redis: stops the server started by start_redis, if it runs.
stop_redis() {
  if [ -n "${REDIS_PID:-}" ]; then
    kill "$REDIS_PID" 2>/dev/null
    wait "$REDIS_PID" 2>/dev/null
    REDIS_PID=
  fi
  return 0
}
