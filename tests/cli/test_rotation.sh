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
  expect_err "jwtool: Refresh token revoked - please login again: the token's session \"$SID\" was revoked"
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
  run_key refresh --store "$store" --now "$((T0 + 50))" "$REFRESH"
  expect_rc 6
  expect_err "jwtool: Refresh token revoked - please login again: the token was revoked"

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
  run revoke --store "$store" --now "$((T0 + 10))" --session "a-session-from-elsewhere"
  expect_rc 0

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
run_key refresh --rotate --store "sqlite:$TMP/store.db" --now "$((T0 + 60))" "$(json_string "$OUT" refresh_token)"
expect_rc 1
expect_err "jwtool: Invalid refresh token: it has no string \"sid\" claim: only a login made with a store (issue --type pair --store URL) can be rotated"

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

refused() { expect_refused "$1" "$2" "$3" "${@:4}"; }
refused "--rotate without a store" 2 \
  "jwtool: --rotate needs a token store: give --store URL or set \$JWTOOL_STORE" \
  refresh --rotate --now "$T0" "$KNOWN_HS256_REFRESH"
refused "--refresh-ttl without --rotate" 2 \
  "jwtool: --refresh-ttl requires --rotate (see 'jwtool refresh --help')" \
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
  "jwtool: store \"memcached://x\": expected sqlite:PATH, redis://[USER@]HOST[:PORT][/DB] or redis+unix://[USER@]/PATH[?db=DB]" \
  verify --store memcached://x --now 1700000600 "$KNOWN_HS256_ACCESS"
refused "revoke: a token and --session" 2 \
  "jwtool: token excludes --session (see 'jwtool revoke --help')" \
  revoke --store "sqlite:$TMP/store.db" --session x "$KNOWN_HS256_ACCESS"

CASE="a token without jti or sid passes a store untouched"
run_key verify --store "sqlite:$TMP/store.db" --now 1700000600 "$NO_EXP_TOKEN"
expect_rc 0

finish
