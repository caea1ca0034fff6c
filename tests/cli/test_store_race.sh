#!/usr/bin/env bash
# Two processes present the same refresh token at the same moment, 500 times, to refresh
# --rotate on SQLite and on a private redis-server: each time exactly one gets the new tokens
# and the other is refused as a reuse (exit 6). The two are released together by
# jwtool_race (a fork, a pipe that both wait on, an exec).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../redis_server.sh"
: "${JWTOOL_RACE:?JWTOOL_RACE must name the jwtool_race helper}"
# The SQLite file on a tmpfs when there is one: the same locking, without a disk's fsync per
# write (1,500 writes here), which would be most of the run time.
DB_DIR=$(mktemp -d /dev/shm/jwtool-race.XXXXXX 2>/dev/null || mktemp -d)
trap 'stop_redis; rm -rf "$TMP" "$DB_DIR"' EXIT
unset JWTOOL_STORE
start_redis "$TMP" || { echo "FAIL: cannot start redis-server"; exit 1; }
ATTEMPTS=${RACE_ATTEMPTS:-500}
T0=1700000000

race() {
  local store=$1 name=$2 i
  CASE="$name: $ATTEMPTS races"
  : >"$TMP/$name.tokens"
  for i in $(seq "$ATTEMPTS"); do
    "$JWTOOL" issue --sub "user$i" --type pair --store "$store" --now "$T0" --secret-file "$TMP/key" |
      sed -n 's/^ *"refresh_token": "\([^"]*\)".*/\1/p' >>"$TMP/$name.tokens"
  done
  check "$CASE: logins" "$(wc -l <"$TMP/$name.tokens")" "$ATTEMPTS"
  mkdir "$TMP/$name"
  "$JWTOOL_RACE" "$TMP/$name.tokens" "$TMP/$name" \
    "$JWTOOL" refresh --rotate --store "$store" --now "$((T0 + 60))" --secret-file "$TMP/key" >"$TMP/$name.codes"
  check "$CASE: every attempt ran" "$(wc -l <"$TMP/$name.codes")" "$ATTEMPTS"
  check "$CASE: exactly one winner each time" "$(grep -cvE '^(0 6|6 0)$' "$TMP/$name.codes")" 0
  grep -vE '^(0 6|6 0)$' "$TMP/$name.codes" | sort | uniq -c | head -n 5
  check "$CASE: the losers were told" \
    "$(cat "$TMP/$name"/*.err | sort | uniq -c | sed 's/^ *//')" \
    "$ATTEMPTS jwtool: Refresh token reuse detected - session revoked"
  # Both sides won sometimes: the race was real, not two calls in a row.
  echo "$name: first process won $(grep -c '^0 6$' "$TMP/$name.codes") of $ATTEMPTS"
  # The winner's tokens belong to the session the loser revoked.
  local winner
  winner=$(grep -l refresh_token "$TMP/$name"/1.*.out)
  CASE="$name: the winner's tokens are revoked with the session"
  run_key verify --store "$store" --now "$((T0 + 61))" "$(json_string "$(cat "$winner")" access_token)"
  expect_rc 6
}

race "sqlite:$DB_DIR/store.db" sqlite
race "$REDIS_URL" redis

finish
