# Sourced by tests that need a Redis server: starts a private redis-server on a free loopback
# port, without persistence, and stops it. Installs the Debian package when it is missing
# (scripts/install-deps.sh), so a fresh clone needs nothing started beforehand.

REDIS_PIDS=()

# start_redis DIR [DIRECTIVE...]: sets REDIS_PORT, REDIS_PID and REDIS_URL; the server's
# configuration is DIR/redis.conf and its log DIR/redis.log. Each DIRECTIVE is one more line of
# that configuration, e.g. "requirepass PASSWORD", "user NAME on >PASSWORD ~jwtool:* +@all" or
# "unixsocket DIR/redis.sock" (in a file, so no password shows in the process list). Several
# servers may run at once, each in its own DIR; stop_redis stops them all.
start_redis() {
  local dir=$1 attempt reply
  shift
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    "$(dirname "${BASH_SOURCE[0]}")/../scripts/install-deps.sh" >&2 || return 1
  fi
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    REDIS_PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    {
      printf '%s\n' "port $REDIS_PORT" "bind 127.0.0.1" "save \"\"" "appendonly no" "daemonize no" "dir \"$dir\""
      printf '%s\n' "$@"
    } >"$dir/redis.conf"
    redis-server "$dir/redis.conf" >"$dir/redis.log" 2>&1 &
    REDIS_PID=$!
    REDIS_URL=redis://127.0.0.1:$REDIS_PORT
    for _ in $(seq 100); do
      kill -0 "$REDIS_PID" 2>/dev/null || break # the port was taken: try another
      reply=$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)
      case $reply in
      PONG | NOAUTH*) # NOAUTH: up, and asking for its password
        if kill -0 "$REDIS_PID" 2>/dev/null; then
          REDIS_PIDS+=("$REDIS_PID")
          return 0
        fi
        ;;
      esac
      sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null
    wait "$REDIS_PID" 2>/dev/null
  done
  echo "cannot start redis-server (see $dir/redis.log)" >&2
  return 1
}

# stop_redis: stops every server started by start_redis that still runs.
stop_redis() {
  local pid
  for pid in "${REDIS_PIDS[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  REDIS_PIDS=()
  REDIS_PID=
  return 0
}
