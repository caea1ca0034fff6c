#!/usr/bin/env bash
# Refresh-token rotation, reuse detection and revocation with a token store: the same scenarios
# on SQLite and on a private redis-server, then the flags' usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../redis_server.sh"
trap 'stop_redis; rm -rf "$TMP"' EXIT
unset JWTOOL_STORE
start_redis "$TMP" || { echo "FAIL: cannot start redis-server"; exit 1; }

T0=1700000000 # the login

# login STORE ARGS...: a login pair in STORE; sets ACCESS, REFRESH and SID.
# Tokens without exp, which are valid forever (made with Python's hmac and the test key, not by
# jwtool, which always sets exp): one with a jti, one of a session no store knows.
ENDLESS_TOKEN='eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImp0aSI6ImVuZGxlc3MtdG9rZW4iLCJpYXQiOjE3MDAwMDAwMDB9.T8hPjqyBa11KVyQ7Bl1ACPGlcud7yoR4ZUue7DmPrKg'
ENDLESS_SESSION_TOKEN='eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsInNpZCI6ImVuZGxlc3Mtc2Vzc2lvbiIsImlhdCI6MTcwMDAwMDAwMH0.ifb2GW3qcwM6zUYZRqzValwQYNwsS9Kh1KiJbNE6JIg'

# shape JSON: the response with each token replaced by T.
shape() { printf '%s\n' "$1" | sed 's/_token": "[^"]*"/_token": "T"/'; }
PAIR_SHAPE='{
  "access_token": "T",
  "refresh_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'
ACCESS_SHAPE='{
  "access_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'

login() {
  local store=$1
  shift
  run_key issue --sub alice --type pair --store "$store" --now "$T0" "$@"
  ACCESS=$(json_string "$OUT" access_token)
  REFRESH=$(json_string "$OUT" refresh_token)
  SID=$("$JWTOOL" decode --claim-value sid "$REFRESH")
}
claim() { "$JWTOOL" decode --claim-value "$1" "$2"; }

scenarios() {
  local store=$1 name=$2

  CASE="$name: a login starts a session"
  login "$store"
  expect_rc 0
  expect_err ""
  check "$CASE: a sid" "${#SID}" 22
  check "$CASE: the same sid in the access token" "$(claim sid "$ACCESS")" "$SID"
  check "$CASE: response shape" "$(printf '%s\n' "$OUT" | sed 's/_token": "[^"]*"/_token": "T"/')" '{
  "access_token": "T",
  "refresh_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'

  CASE="$name: a chain of 100 rotations"
  local refresh_tokens=() access_tokens=() current=$REFRESH now=$T0 i
  for i in $(seq 100); do
    now=$((now + 60))
    run_key refresh --rotate --store "$store" --now "$now" "$current"
    if [ "$RC" -ne 0 ]; then
      check "$CASE: rotation $i" "$RC $ERR" "0 "
      break
    fi
    refresh_tokens+=("$current")
    current=$(json_string "$OUT" refresh_token)
    access_tokens+=("$(json_string "$OUT" access_token)")
  done
  check "$CASE: rotations" "${#refresh_tokens[@]}" 100
  check "$CASE: response shape" "$(printf '%s\n' "$OUT" | sed 's/_token": "[^"]*"/_token": "T"/')" '{
  "access_token": "T",
  "refresh_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'
  check "$CASE: the session goes on" "$(claim sid "$current")" "$SID"
  check "$CASE: the access token's session" "$(claim sid "${access_tokens[99]}")" "$SID"
  check "$CASE: the access token is not fresh" "$(claim fresh "${access_tokens[99]}")" false
  check "$CASE: the refresh token keeps its 7 days" "$(( $(claim exp "$current") - $(claim iat "$current") ))" 604800
  check "$CASE: a new jti each time" "$(claim jti "$current" | grep -c "^$(claim jti "${refresh_tokens[99]}")$")" 0
  run_key verify --store "$store" --type access --now "$now" "${access_tokens[99]}"
  expect_rc 0
  run_key verify --store "$store" --type refresh --now "$now" "$current"
  expect_rc 0

  CASE="$name: reuse of an earlier refresh token revokes the session"
  run_key refresh --rotate --store "$store" --now "$((now + 1))" "${refresh_tokens[37]}"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  CASE="$name: every later token of the session is refused"
  run_key verify --store "$store" --now "$((now + 2))" "${access_tokens[99]}"
  expect_rc 6
  expect_err "jwtool: the token's session \"$SID\" was revoked"
  run_key verify --store "$store" --now "$((now + 2))" "$current"
  expect_rc 6
  run_key verify --json --store "$store" --now "$((now + 2))" "$current"
  expect_rc 6
  expect_out "{
  \"error\": \"revoked\",
  \"message\": \"the token's session \\\"$SID\\\" was revoked\",
  \"claim\": \"sid\"
}"
  run_key refresh --rotate --store "$store" --now "$((now + 2))" "$current"
  expect_rc 6
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"
  run_key refresh --json --store "$store" --now "$((now + 2))" "$current"
  expect_rc 6
  expect_out_contains '"error": "revoked"'
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"
  run_key refresh --rotate --store "$store" --now "$((now + 2))" "${refresh_tokens[0]}"
  expect_rc 6
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  CASE="$name: without the store, jwtool stays stateless"
  run_key verify --now "$((now + 2))" "${access_tokens[99]}"
  expect_rc 0

  CASE="$name: another session is untouched"
  login "$store"
  run_key refresh --rotate --store "$store" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 0
  run_key verify --store "$store" --now "$((T0 + 60))" "$(json_string "$OUT" access_token)"
  expect_rc 0

  CASE="$name: revoke TOKEN"
  login "$store"
  run_key revoke --store "$store" --now "$((T0 + 10))" "$ACCESS"
  expect_rc 0
  expect_err ""
  expect_out "{
  \"revoked\": \"token\",
  \"jti\": \"$(claim jti "$ACCESS")\"
}"
  run_key verify --store "$store" --now "$((T0 + 20))" "$ACCESS"
  expect_rc 6
  expect_err "jwtool: the token was revoked"
  run_key verify --json --store "$store" --now "$((T0 + 20))" "$ACCESS"
  expect_out '{
  "error": "revoked",
  "message": "the token was revoked",
  "claim": "jti"
}'
  run_key revoke --store "$store" --now "$((T0 + 30))" "$ACCESS"
  expect_rc 0 # twice is fine
  run_key verify --store "$store" --now "$((T0 + 20))" "$REFRESH"
  expect_rc 0 # the other token of the login lives on
  run_key revoke --store "$store" --now "$((T0 + 40))" "$REFRESH"
  expect_rc 0
  run_key refresh --rotate --store "$store" --now "$((T0 + 50))" "$REFRESH"
  expect_rc 6
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 50))" "$REFRESH"
  expect_rc 6
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"

  CASE="$name: revoke --session"
  login "$store"
  run revoke --store "$store" --now "$((T0 + 10))" --session "$SID" # no key needed
  expect_rc 0
  expect_out "{
  \"revoked\": \"session\",
  \"sid\": \"$SID\"
}"
  run_key verify --store "$store" --now "$((T0 + 20))" "$ACCESS"
  expect_rc 6
  run_key refresh --rotate --store "$store" --now "$((T0 + 20))" "$REFRESH"
  expect_rc 6
  run revoke --store "$store" --now "$((T0 + 11))" --session "$SID"
  expect_rc 0 # twice is fine
  CASE="$name: revoke --session of a session the store never started"
  run revoke --store "$store" --now "$((T0 + 10))" --session "a-session-from-elsewhere"
  expect_rc 1
  expect_out ""
  expect_err "jwtool: unknown session \"a-session-from-elsewhere\": no login started it in this store (or it ended); marked revoked all the same, so a token that carries it is refused"
  run revoke --store "$store" --now "$((T0 + 11))" --session "a-session-from-elsewhere"
  expect_rc 1 # a mark never makes the session known
  expect_err_contains "jwtool: unknown session \"a-session-from-elsewhere\""

  CASE="$name: the session's absolute limit"
  login "$store" --session-max-age 1h
  check "$CASE: the refresh token ends with the session" "$(claim exp "$REFRESH")" "$((T0 + 3600))"
  check "$CASE: the access token keeps its 30 minutes" "$(claim exp "$ACCESS")" "$((T0 + 1800))"
  run_key refresh --rotate --store "$store" --now "$((T0 + 3000))" "$REFRESH"
  expect_rc 0
  expect_out_contains '"expires_in": 600'
  local last
  last=$(json_string "$OUT" refresh_token)
  check "$CASE: never past the limit (refresh)" "$(claim exp "$last")" "$((T0 + 3600))"
  check "$CASE: never past the limit (access)" "$(claim exp "$(json_string "$OUT" access_token)")" "$((T0 + 3600))"
  run_key refresh --rotate --store "$store" --now "$((T0 + 3600))" "$last"
  expect_rc 3
  expect_err "jwtool: Refresh token expired - please login again"
  CASE="$name: --refresh-ttl within the limit"
  login "$store"
  run_key refresh --rotate --refresh-ttl 1d --ttl 5m --store "$store" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 0
  expect_out_contains '"expires_in": 300'
  check "$CASE: exp" "$(claim exp "$(json_string "$OUT" refresh_token)")" "$((T0 + 60 + 86400))"
  login "$store" --session-max-age 2d
  run_key refresh --rotate --refresh-ttl 30d --store "$store" --now "$((T0 + 60))" "$REFRESH"
  check "$CASE: cut to the session" "$(claim exp "$(json_string "$OUT" refresh_token)")" "$((T0 + 2 * 86400))"

  CASE="$name: a session this store does not know"
  run_key issue --sub alice --type pair --store "sqlite:$TMP/elsewhere.db" --now "$T0"
  run_key refresh --rotate --store "$store" --now "$((T0 + 60))" "$(json_string "$OUT" refresh_token)"
  expect_rc 6
  expect_err_contains "jwtool: Refresh token revoked - please login again: the store does not know session \""

  CASE="$name: a spent refresh token is reuse without --rotate too (JWTOOL_STORE)"
  local r1 r2 a2
  JWTOOL_STORE=$store run_key issue --sub alice --type pair --now "$T0"
  r1=$(json_string "$OUT" refresh_token)
  SID=$(claim sid "$r1")
  JWTOOL_STORE=$store run_key refresh --rotate --now "$((T0 + 60))" "$r1"
  expect_rc 0
  r2=$(json_string "$OUT" refresh_token)
  a2=$(json_string "$OUT" access_token)
  JWTOOL_STORE=$store run_key refresh --now "$((T0 + 120))" "$r1"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  CASE="$name: after that reuse, the session's live tokens are refused"
  JWTOOL_STORE=$store run_key refresh --now "$((T0 + 180))" "$r2"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"
  JWTOOL_STORE=$store run_key verify --now "$((T0 + 180))" "$a2"
  expect_rc 6
  expect_err "jwtool: the token's session \"$SID\" was revoked"

  CASE="$name: with a store, refresh rotates by default"
  login "$store"
  run_key refresh --store "$store" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 0
  expect_err ""
  check "$CASE: response shape" "$(shape "$OUT")" "$PAIR_SHAPE"
  local next
  next=$(json_string "$OUT" refresh_token)
  check "$CASE: the same session" "$(claim sid "$next")" "$SID"
  run_key refresh --store "$store" --now "$((T0 + 120))" "$next"
  expect_rc 0 # the new one rotates in turn
  next=$(json_string "$OUT" refresh_token)
  CASE="$name: verify refuses a spent refresh token, and leaves its session alone"
  run_key verify --store "$store" --now "$((T0 + 130))" "$REFRESH"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: the refresh token was already used (rotated)"
  run_key verify --json --store "$store" --now "$((T0 + 130))" "$REFRESH"
  expect_rc 6
  expect_out '{
  "error": "revoked",
  "message": "the refresh token was already used (rotated)",
  "claim": "jti"
}'
  run_key verify --store "$store" --now "$((T0 + 130))" "$next"
  expect_rc 0
  CASE="$name: a spent refresh token presented again, without flags"
  run_key refresh --store "$store" --now "$((T0 + 140))" "$REFRESH"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  run_key verify --store "$store" --now "$((T0 + 150))" "$next"
  expect_rc 6
  expect_err "jwtool: the token's session \"$SID\" was revoked"

  CASE="$name: --no-rotate keeps the refresh token"
  login "$store"
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 0
  expect_err ""
  check "$CASE: response shape" "$(shape "$OUT")" "$ACCESS_SHAPE"
  check "$CASE: the access token's session" "$(claim sid "$(json_string "$OUT" access_token)")" "$SID"
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 120))" "$REFRESH"
  expect_rc 0 # still live
  run_key verify --store "$store" --now "$((T0 + 120))" "$REFRESH"
  expect_rc 0
  CASE="$name: --no-rotate refuses a spent refresh token as reuse"
  run_key refresh --store "$store" --now "$((T0 + 180))" "$REFRESH"
  expect_rc 0
  next=$(json_string "$OUT" refresh_token)
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 240))" "$REFRESH"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 250))" "$next"
  expect_rc 6
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"
  CASE="$name: --no-rotate refuses a revoked refresh token"
  login "$store"
  run_key revoke --store "$store" --now "$((T0 + 10))" "$REFRESH"
  expect_rc 0
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 20))" "$REFRESH"
  expect_rc 6
  expect_out ""
  expect_err "jwtool: Refresh token revoked - please login again: the token or its session was revoked"
  run_key verify --store "$store" --now "$((T0 + 20))" "$ACCESS"
  expect_rc 0 # its session lives on
  CASE="$name: --no-rotate refuses a refresh token of a session the store does not know"
  run_key issue --sub alice --type pair --store "sqlite:$TMP/elsewhere.db" --now "$T0"
  run_key refresh --no-rotate --store "$store" --now "$((T0 + 60))" "$(json_string "$OUT" refresh_token)"
  expect_rc 6
  expect_err_contains "jwtool: Refresh token revoked - please login again: the store does not know session \""

  CASE="$name: no access token outlives its session, rotating or not"
  login "$store" --session-max-age 1h
  run_key refresh --no-rotate --ttl 3d --store "$store" --now "$((T0 + 3000))" "$REFRESH"
  expect_rc 0
  expect_out_contains '"expires_in": 600'
  local capped
  capped=$(json_string "$OUT" access_token)
  check "$CASE: --no-rotate: exp" "$(claim exp "$capped")" "$((T0 + 3600))"
  run_key refresh --ttl 3d --store "$store" --now "$((T0 + 3000))" "$REFRESH"
  expect_rc 0
  expect_out_contains '"expires_in": 600'
  check "$CASE: rotating: exp" "$(claim exp "$(json_string "$OUT" access_token)")" "$((T0 + 3600))"
  run revoke --store "$store" --now "$((T0 + 3100))" --session "$SID"
  expect_rc 0
  run_key verify --store "$store" --now "$((T0 + 3599))" "$capped"
  expect_rc 6

  CASE="$name: revoking a spent refresh token keeps it spent: replayed, it revokes the session"
  login "$store"
  run_key refresh --store "$store" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 0
  next=$(json_string "$OUT" refresh_token)
  a2=$(json_string "$OUT" access_token)
  run_key revoke --store "$store" --now "$((T0 + 70))" "$REFRESH"
  expect_rc 0
  expect_out "{
  \"revoked\": \"token\",
  \"jti\": \"$(claim jti "$REFRESH")\"
}"
  run_key verify --store "$store" --now "$((T0 + 75))" "$REFRESH"
  expect_rc 6
  expect_err "jwtool: the refresh token was already used (rotated)"
  run_key refresh --rotate --store "$store" --now "$((T0 + 80))" "$REFRESH"
  expect_rc 6
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  run_key verify --store "$store" --now "$((T0 + 90))" "$a2"
  expect_rc 6
  expect_err "jwtool: the token's session \"$SID\" was revoked"
  run_key refresh --rotate --store "$store" --now "$((T0 + 90))" "$next"
  expect_rc 6

  CASE="$name: a token without exp is valid forever, so is its revocation"
  run_key revoke --store "$store" --now "$T0" "$ENDLESS_TOKEN"
  expect_rc 0
  run revoke --store "$store" --now "$T0" --session endless-session
  expect_rc 1 # unknown here, marked all the same: its token is refused below
  expect_err_contains "jwtool: unknown session \"endless-session\""
  local far=$((T0 + 2 * 366 * 86400))
  run_key issue --sub bob --type pair --store "$store" --now "$far" # a later write, which purges
  expect_rc 0
  run_key verify --store "$store" --now "$far" "$ENDLESS_TOKEN"
  expect_rc 6
  expect_err "jwtool: the token was revoked"
  run_key verify --store "$store" --now "$far" "$ENDLESS_SESSION_TOKEN"
  expect_rc 6
  expect_err "jwtool: the token's session \"endless-session\" was revoked"
  if [ "$name" = redis ]; then
    # Redis expires keys by the real clock: the entries must not expire in any real time.
    local ttl
    for key in jwtool:token:endless-token jwtool:session:endless-session; do
      ttl=$(redis-cli -p "$REDIS_PORT" PTTL "$key")
      check "$CASE: $key has no practical end (PTTL $ttl ms)" "$([ "$ttl" -gt 100000000000000000 ] && echo yes)" yes
    done
  fi

  CASE="$name: JWTOOL_STORE, and --store winning over it"
  JWTOOL_STORE=$store run_key issue --sub alice --type pair --now "$T0"
  expect_rc 0
  REFRESH=$(json_string "$OUT" refresh_token)
  JWTOOL_STORE=$store run_key refresh --rotate --now "$((T0 + 60))" "$REFRESH"
  expect_rc 0
  JWTOOL_STORE="sqlite:$TMP/missing/dir/store.db" run_key refresh --rotate --store "$store" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 6
  expect_err "jwtool: Refresh token reuse detected - session revoked"
}

scenarios "sqlite:$TMP/store.db" sqlite
scenarios "$REDIS_URL" redis

CASE="a refresh token from a login without a store cannot be rotated"
run_key issue --sub alice --type pair --now "$T0"
REFRESH=$(json_string "$OUT" refresh_token)
run_key refresh --rotate --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$REFRESH"
expect_rc 1
expect_err "jwtool: Invalid refresh token: it has no string \"sid\" claim: only a login made with a store (issue --type pair --store URL) can be rotated (--no-rotate refreshes without)"
CASE="... but refreshed with --no-rotate, checked against the store by its jti"
run_key refresh --no-rotate --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$REFRESH"
expect_rc 0
run_key revoke --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$REFRESH"
expect_rc 0
run_key refresh --no-rotate --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$REFRESH"
expect_rc 6
expect_err "jwtool: Refresh token revoked - please login again: the token was revoked"

CASE="a token without jti cannot be revoked alone"
run_key issue --sub alice --no-jti --now "$T0"
run_key revoke --store "sqlite:$TMP/store.db" --now "$T0" "$OUT"
expect_rc 1
expect_err "jwtool: the token has no string \"jti\" claim, so it cannot be revoked alone: revoke its session (--session) or change the key"

CASE="revoke verifies the token first"
run revoke --store "sqlite:$TMP/store.db" --now "$T0" --secret-file "$TMP/key" "$KNOWN_HS256_ACCESS.x"
expect_rc 1
run_key revoke --store "sqlite:$TMP/store.db" --now 1800000000 "$KNOWN_HS256_ACCESS"
expect_rc 3

CASE="--no-rotate without a store: the stateless refresh"
run_key refresh --no-rotate --now "$((T0 + 60))" "$KNOWN_HS256_REFRESH"
expect_rc 0
check "$CASE: response shape" "$(shape "$OUT")" "$ACCESS_SHAPE"

refused() { expect_refused "$1" "$2" "$3" "${@:4}"; }
leeway_bound="jwtool: --leeway: at most 1h (a token store remembers a token only 1d past its end)"
refused "verify --leeway above 1h" 2 "$leeway_bound" \
  verify --leeway 3d --store "sqlite:$TMP/store.db" --now 1700000600 "$KNOWN_HS256_ACCESS"
refused "verify --leeway just above 1h, without a store" 2 "$leeway_bound" \
  verify --leeway 1h1s --now 1700000600 "$KNOWN_HS256_ACCESS"
refused "refresh --leeway above 1h" 2 "$leeway_bound" \
  refresh --leeway 3d --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$KNOWN_HS256_REFRESH"
refused "revoke --leeway above 1h" 2 "$leeway_bound" \
  revoke --leeway 3d --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$KNOWN_HS256_ACCESS"
STDIN=$KNOWN_HS256_ACCESS refused "verify --batch --leeway above 1h" 2 "$leeway_bound" \
  verify --batch --leeway 3d --store "sqlite:$TMP/store.db" --now 1700000600
CASE="--leeway 1h is allowed"
run_key verify --leeway 1h --store "sqlite:$TMP/store.db" --now 1700005399 "$KNOWN_HS256_ACCESS"
expect_rc 0
refused "--no-rotate with --rotate" 2 \
  "jwtool: --rotate excludes --no-rotate (see 'jwtool help refresh')" \
  refresh --rotate --no-rotate --store "sqlite:$TMP/store.db" --now "$T0" "$KNOWN_HS256_REFRESH"
refused "--refresh-ttl with --no-rotate" 2 \
  "jwtool: --refresh-ttl needs rotation: --no-rotate keeps the refresh token" \
  refresh --no-rotate --refresh-ttl 1d --store "sqlite:$TMP/store.db" --now "$T0" "$KNOWN_HS256_REFRESH"
refused "--rotate without a store" 2 \
  "jwtool: --rotate needs a token store: give --store URL or set \$JWTOOL_STORE" \
  refresh --rotate --now "$T0" "$KNOWN_HS256_REFRESH"
refused "--refresh-ttl without a store" 2 \
  "jwtool: --refresh-ttl needs rotation, which needs a token store: give --store URL or set \$JWTOOL_STORE" \
  refresh --refresh-ttl 1d --now "$T0" "$KNOWN_HS256_REFRESH"
refused "--session-max-age without a store" 2 \
  "jwtool: --session-max-age needs a token store: give --store URL or set \$JWTOOL_STORE" \
  issue --sub alice --type pair --session-max-age 1d
refused "--session-max-age on one token" 2 \
  "jwtool: --session-max-age applies to --type pair only: a login starts a session" \
  issue --sub alice --session-max-age 1d --store "sqlite:$TMP/store.db"
refused "sid as a claim of a login with a store" 2 \
  "jwtool: \"sid\" names the session that jwtool starts for a login with a store: do not set it with --claim" \
  issue --sub alice --type pair --claim sid=mine --store "sqlite:$TMP/store.db"
refused "revoke without a store" 2 \
  "jwtool: revoke needs a token store: give --store URL or set \$JWTOOL_STORE" \
  revoke "$KNOWN_HS256_ACCESS"
refused "a store URL of no known kind" 2 \
  "jwtool: store memcached://… (not shown): expected sqlite:PATH, redis://[USER@]HOST[:PORT][/DB] or redis+unix://[USER@]/PATH[?db=DB]" \
  verify --store memcached://x --now 1700000600 "$KNOWN_HS256_ACCESS"
refused "revoke: a token and --session" 2 \
  "jwtool: token excludes --session (see 'jwtool help revoke')" \
  revoke --store "sqlite:$TMP/store.db" --session x "$KNOWN_HS256_ACCESS"

CASE="a token without jti or sid passes a store untouched"
run_key verify --store "sqlite:$TMP/store.db" --now 1700000600 "$NO_EXP_TOKEN"
expect_rc 0

finish
