#!/usr/bin/env bash
# Several jwtool serve processes behind one address share a Redis store (issue 16's "Scale"):
# two instances on loopback ports and one private redis-server. Each of ROUNDS refresh tokens is
# presented PER_TOKEN times at once, spread over both instances: exactly one presentation gets
# a new pair, every other one is invalid_grant, and the family is revoked (the winner's new
# refresh token is refused too). Logins go to one instance, and the other must win some rounds:
# only a shared store lets it know the session (with a store each, the test fails there).
# Every server has a fixed --now.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../redis_server.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY JWTOOL_KEY_FILE JWTOOL_SECRET_FILE JWTOOL_STORE
ROUNDS=${CLUSTER_ROUNDS:-40}
PER_TOKEN=8 # half to each instance
NOW=2026-01-01T00:10:00Z

cat >"$TMP/clients.json" <<'JSON'
{"clients": {"ci": {"secret": "ci-secret"}},
 "users": {"alice": {"password": "wonderland"}}}
JSON
chmod 600 "$TMP/clients.json"

SERVERS=()
trap 'for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null; done; stop_redis; wait; rm -rf "$TMP"' EXIT
start_redis "$TMP" || { echo "FAIL: cannot start redis-server"; exit 1; }

# start NAME: one instance on a port of its own; sets URL_NAME once it answers /healthz.
start() {
  local name=$1 url=
  "$JWTOOL" serve --listen 127.0.0.1:0 --secret-file "$TMP/key" --store "$REDIS_URL" \
    --clients "$TMP/clients.json" --issuer http://jwtool.test --now "$NOW" 2>"$TMP/$name.err" &
  SERVERS+=("$!")
  for _ in $(seq 100); do
    url=$(sed -n 's/^jwtool: serving on \(http:.*\)$/\1/p' "$TMP/$name.err" 2>/dev/null)
    [ -n "$url" ] && curl -fs "$url/healthz" >/dev/null && break
    url=
    sleep 0.1
  done
  [ -n "$url" ] || { echo "FAIL: $name did not start"; cat "$TMP/$name.err"; exit 1; }
  printf -v "URL_$name" '%s' "$url"
}
start a
start b

# grant URL FORM... -> the response body on stdout, the status as its last line.
grant() {
  local url=$1
  shift
  curl -s -u ci:ci-secret -w '\n%{http_code}' "$url/token" "$@"
}

winners_ok=0
wins_b=0 # logins go to instance a: a win on b shows that b read a's session from the shared store
for round in $(seq "$ROUNDS"); do
  login=$(grant "$URL_a" -d grant_type=password -d username=alice -d password=wonderland)
  refresh=$(printf '%s' "${login%$'\n'*}" | jq -r .refresh_token)
  dir=$TMP/round$round
  mkdir "$dir"
  pids=()
  for i in $(seq "$PER_TOKEN"); do
    if [ $((i % 2)) = 0 ]; then url=$URL_a; else url=$URL_b; fi
    echo "$url" >"$dir/$i.to"
    grant "$url" -d grant_type=refresh_token --data-urlencode "refresh_token=$refresh" >"$dir/$i" &
    pids+=("$!")
  done
  wait "${pids[@]}"
  ok=$(grep -lx 200 "$dir"/[0-9] | wc -l)
  check "round $round: exactly one 200 of $PER_TOKEN" "$ok" 1
  check "round $round: the others invalid_grant" \
    "$(for f in "$dir"/[0-9]; do [ "$(tail -n1 "$f")" = 400 ] && head -n1 "$f" | jq -r .error; done | sort | uniq -c | sed 's/^ *//')" \
    "$((PER_TOKEN - 1)) invalid_grant"
  winner=$(grep -lx 200 "$dir"/[0-9] | head -n1)
  if [ -n "$winner" ]; then
    [ "$(cat "$winner.to")" = "$URL_b" ] && wins_b=$((wins_b + 1))
    new_refresh=$(head -n1 "$winner" | jq -r .refresh_token)
    again=$(grant "$URL_b" -d grant_type=refresh_token --data-urlencode "refresh_token=$new_refresh")
    check "round $round: the winner's refresh token died with the family" "$(tail -n1 <<<"$again") $(head -n1 <<<"$again" | jq -r .error)" "400 invalid_grant"
    winners_ok=$((winners_ok + 1))
  fi
done
# Reuse was detected across instances: some loser was told so.
check_contains "reuse named" "$(cat "$TMP"/round*/[0-9] | jq -r '.error_description // empty' 2>/dev/null | sort -u)" \
  "Refresh token reuse detected - session revoked"
echo "rounds with a winner: $winners_ok of $ROUNDS, $wins_b of them won on instance b"
check "some refresh won on the instance that did not log in (a shared store)" "$((wins_b > 0))" 1

for name in a b; do
  pid=${SERVERS[0]}
  [ "$name" = b ] && pid=${SERVERS[1]}
  kill -TERM "$pid"
  wait "$pid"
  check "instance $name: SIGTERM exits 0" "$?" 0
done
SERVERS=()
finish
