#!/usr/bin/env bash
# Replays the refresh-token walkthrough with the built jwtool, step by step, showing each
# step's output and checking that it behaves as described. Exits non-zero at the first step
# that does not. The clock is fixed with --now, so every run shows the same times.
#
# JWTOOL names the binary (default: build/src/jwtool beside this script).
#
#   scripts/walkthrough.sh --http   the same walkthrough over HTTP: starts `jwtool serve` (with a
#                                   clients file and a SQLite store) and replays each step with
#                                   curl; a second server whose --now is a week on refuses the
#                                   expired refresh token. Needs curl and jq.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
JWTOOL=${JWTOOL:-$root/build/src/jwtool}
if [ ! -x "$JWTOOL" ]; then
  echo "walkthrough: $JWTOOL not found; build first with scripts/build.sh" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh random secret for this run, in a file only we can read (keygen's raw key never ends in
# a newline byte, which --secret-file would drop).
umask 077
"$JWTOOL" keygen >"$work/secret" || exit 1
unset JWTOOL_SECRET JWTOOL_STORE

LOGIN=2024-05-01T12:00:00Z      # the moment of login
LATER=2024-05-01T12:10:00Z      # ten minutes on: access token still valid
ACCESS_GONE=2024-05-01T12:30:00Z # 30 minutes on: the access token has expired
WEEK_ON=2024-05-08T12:00:00Z    # 7 days on: the refresh token has expired

step=0
section() { printf '\n== %s\n' "$1"; }
show() { printf '   %s\n' "$@"; }

# jw ARGS...: runs jwtool with the walkthrough's secret file, echoing the command line and
# capturing OUT, ERR and RC.
jw() {
  printf '$ jwtool %s --secret-file KEYFILE\n' "$*"
  "$JWTOOL" "$@" --secret-file "$work/secret" >"$work/out" 2>"$work/err"
  RC=$?
  OUT=$(cat "$work/out")
  ERR=$(cat "$work/err")
  [ -n "$OUT" ] && printf '%s\n' "$OUT"
  [ -n "$ERR" ] && printf '%s\n' "$ERR"
  return 0
}

ok() {
  step=$((step + 1))
  printf '   ok %d - %s\n' "$step" "$1"
}
fail() {
  printf '   FAILED: %s\n' "$1" >&2
  exit 1
}
expect() { # expect DESCRIPTION CONDITION...
  local what=$1
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
json_field() { printf '%s\n' "$1" | sed -n "s/^ *\"$2\": \"\\{0,1\\}\\([^\",]*\\)\"\\{0,1\\},\\{0,1\\}\$/\\1/p"; }
claim_of() { "$JWTOOL" decode --json "$1" | sed -n "s/^    \"$2\": \"\\{0,1\\}\\([^\",]*\\)\"\\{0,1\\},\\{0,1\\}\$/\\1/p"; }

# ---------------------------------------------------------------------------------------------
# --http: the walkthrough against running servers, with curl.

# serve NAME ARGS...: starts jwtool serve on a free loopback port; its URL in NAME_url, its PID
# in NAME_pid, once /healthz answers.
serve() {
  local name=$1
  shift
  printf '$ jwtool serve --listen 127.0.0.1:0 %s --secret-file KEYFILE &\n' "$*"
  "$JWTOOL" serve --listen 127.0.0.1:0 --secret-file "$work/secret" "$@" 2>"$work/$name.log" &
  local pid=$! url=
  servers+=("$pid")
  for _ in $(seq 100); do
    url=$(sed -n 's/^jwtool: serving on \(http:.*\)$/\1/p' "$work/$name.log" 2>/dev/null)
    [ -n "$url" ] && curl -fs "$url/healthz" >/dev/null && break
    sleep 0.1
  done
  [ -n "$url" ] || fail "jwtool serve did not start: $(cat "$work/$name.log")"
  printf -v "${name}_url" '%s' "$url"
  printf -v "${name}_pid" '%s' "$pid"
  show "serving on $url"
}

# post URL ARGS...: curl, echoing the request; BODY and STATUS.
post() {
  local url=$1
  shift
  printf '$ curl -s %s %s\n' "$*" "$url"
  BODY=$(curl -s -o - -w '\n%{http_code}' "$@" "$url")
  STATUS=${BODY##*$'\n'}
  BODY=${BODY%$'\n'*}
  printf '%s   (HTTP %s)\n' "$BODY" "$STATUS"
}
field() { printf '%s' "$BODY" | jq -r ".$1 // empty"; }

http_walkthrough() {
  command -v curl >/dev/null && command -v jq >/dev/null || {
    echo "walkthrough: --http needs curl and jq" >&2
    exit 2
  }
  servers=()
  trap 'for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; done; wait; rm -rf "$work"' EXIT
  printf '{"clients": {"web": {"secret": "web-secret"}}, "users": {"alice": {"password": "wonderland"}, "test": {"password": "test"}}}\n' \
    >"$work/clients.json"
  local store="sqlite:$work/store.db" login=(-u web:web-secret -d grant_type=password -d username=alice -d password=wonderland)

  section "1-3. Login over HTTP: POST /token, grant_type=password"
  serve now --clients "$work/clients.json" --store "$store" --now "$LOGIN"
  serve week --clients "$work/clients.json" --store "$store" --now "$WEEK_ON"
  post "$now_url/token" "${login[@]}"
  expect "login succeeds (200)" [ "$STATUS" = 200 ]
  local access refresh
  access=$(field access_token)
  refresh=$(field refresh_token)
  expect "the response carries an access token and a refresh token" [ -n "$access" -a -n "$refresh" ]
  expect "token_type is bearer, expires_in 1800" [ "$(field token_type)/$(field expires_in)" = bearer/1800 ]
  expect "access token lives 30 minutes, refresh token 7 days" \
    [ $(($(claim_of "$access" exp) - $(claim_of "$access" iat)))/$(($(claim_of "$refresh" exp) - $(claim_of "$refresh" iat))) = 1800/604800 ]
  expect "types are access and refresh, both alice's" \
    [ "$(claim_of "$access" type)/$(claim_of "$refresh" type)/$(claim_of "$access" sub)/$(claim_of "$refresh" sub)" = access/refresh/alice/alice ]

  section "4. Refreshing: POST /token/refresh gives a new access token"
  post "$now_url/token/refresh?refresh_token=$refresh" -X POST
  expect "refresh succeeds (200)" [ "$STATUS" = 200 ]
  expect "the new access token is alice's, of type access" \
    [ "$(claim_of "$(field access_token)" sub)/$(claim_of "$(field access_token)" type)" = alice/access ]

  section "5. An expired refresh token is refused (a server whose clock is a week on)"
  post "$week_url/token/refresh?refresh_token=$refresh" -X POST
  expect "401 Refresh token expired" [ "$STATUS/$BODY" = '401/{"detail":"Refresh token expired"}' ]
  post "$week_url/token" -u web:web-secret -d grant_type=refresh_token -d "refresh_token=$refresh"
  expect "on /token: invalid_grant, Refresh token expired - please login again" \
    [ "$(field error)/$(field error_description)" = "invalid_grant/Refresh token expired - please login again" ]

  section "9. An access token given to refresh is refused"
  post "$now_url/token/refresh?refresh_token=$access" -X POST
  expect "401 Invalid token type" [ "$STATUS/$BODY" = '401/{"detail":"Invalid token type"}' ]

  section "10. With the store: /token rotates, and a spent refresh token revokes the session"
  post "$now_url/token" -u web:web-secret -d grant_type=refresh_token -d "refresh_token=$refresh"
  local r2
  r2=$(field refresh_token)
  expect "rotation: a new access token and a new refresh token" [ "$STATUS" = 200 -a -n "$r2" ]
  post "$now_url/token" -u web:web-secret -d grant_type=refresh_token -d "refresh_token=$refresh"
  expect "the spent refresh token again: Refresh token reuse detected - session revoked" \
    [ "$(field error_description)" = "Refresh token reuse detected - session revoked" ]
  post "$now_url/token" -u web:web-secret -d grant_type=refresh_token -d "refresh_token=$r2"
  expect "the session is revoked: its newest refresh token is refused" [ "$(field error)" = invalid_grant ]

  section "Shutdown: SIGTERM"
  kill -TERM "$now_pid" "$week_pid"
  wait "$now_pid"
  local rc=$?
  wait "$week_pid"
  expect "the server exits 0" [ "$rc" = 0 -a "$?" = 0 ]
  printf '\nwalkthrough --http: all %d checks passed\n' "$step"
}

if [ "${1:-}" = --http ]; then
  http_walkthrough
  exit 0
elif [ $# -gt 0 ]; then
  echo "usage: scripts/walkthrough.sh [--http]" >&2
  exit 2
fi

section "1. Expiration strategy: access tokens live 30 minutes, refresh tokens 7 days"
jw issue --sub alice --type access --now "$LOGIN"
access=$OUT
jw issue --sub alice --type refresh --now "$LOGIN"
refresh=$OUT
access_life=$(($(claim_of "$access" exp) - $(claim_of "$access" iat)))
refresh_life=$(($(claim_of "$refresh" exp) - $(claim_of "$refresh" iat)))
show "access token:  exp - iat = $access_life s, type $(claim_of "$access" type)" \
  "refresh token: exp - iat = $refresh_life s, type $(claim_of "$refresh" type)"
expect "access token lives 30 minutes (1800 s)" [ "$access_life" = 1800 ]
expect "refresh token lives 7 days (604800 s)" [ "$refresh_life" = 604800 ]
expect "types are access and refresh" [ "$(claim_of "$access" type)/$(claim_of "$refresh" type)" = access/refresh ]

section "2. Login creates both tokens, and 3. the login response"
jw issue --sub alice --type pair --now "$LOGIN"
expect "login succeeds" [ "$RC" = 0 ]
login_access=$(json_field "$OUT" access_token)
login_refresh=$(json_field "$OUT" refresh_token)
expect "the response carries an access token and a refresh token" [ -n "$login_access" -a -n "$login_refresh" ]
expect "token_type is bearer" [ "$(json_field "$OUT" token_type)" = bearer ]
expect "expires_in is 1800" [ "$(json_field "$OUT" expires_in)" = 1800 ]
expect "both tokens are alice's" [ "$(claim_of "$login_access" sub)/$(claim_of "$login_refresh" sub)" = alice/alice ]

section "4. Refreshing: a valid refresh token gives a new access token"
jw refresh --now "$LATER" "$login_refresh"
expect "refresh succeeds" [ "$RC" = 0 ]
new_access=$(json_field "$OUT" access_token)
expect "the new access token is alice's, of type access" \
  [ "$(claim_of "$new_access" sub)/$(claim_of "$new_access" type)" = alice/access ]
expect "it lives 30 minutes from the refresh" \
  [ $(($(claim_of "$new_access" exp) - $(claim_of "$new_access" iat))) = 1800 ]

section "5. An expired refresh token is refused"
jw refresh --now "$WEEK_ON" "$login_refresh"
expect "exit code 3 (expired)" [ "$RC" = 3 ]
expect "message: Refresh token expired - please login again" \
  [ "$ERR" = "jwtool: Refresh token expired - please login again" ]

section "6. API flow: login for user test"
jw issue --sub test --type pair --now "$LOGIN"
api_access=$(json_field "$OUT" access_token)
api_refresh=$(json_field "$OUT" refresh_token)
expect "login for test succeeds" [ "$RC" = 0 -a -n "$api_access" -a -n "$api_refresh" ]

section "7. API flow: a protected call with the access token"
jw verify --type access --now "$LATER" "$api_access"
expect "the access token is accepted" [ "$RC" = 0 ]
expect "the caller is test" contains "$OUT" '"sub": "test"'
jw verify --type access --now "$ACCESS_GONE" "$api_access"
expect "30 minutes after login it has expired (exit 3)" [ "$RC" = 3 ]

section "8. API flow: refreshing with the refresh token"
jw refresh --now "$ACCESS_GONE" "$api_refresh"
expect "refresh succeeds" [ "$RC" = 0 ]
fresh_access=$(json_field "$OUT" access_token)
jw verify --type access --now "$ACCESS_GONE" "$fresh_access"
expect "the new access token opens the protected call" [ "$RC" = 0 ]

section "9. API flow: an access token given to refresh is refused"
jw refresh --now "$LATER" "$api_access"
expect "exit code 4 (wrong type)" [ "$RC" = 4 ]
expect "message: Invalid token type" contains "$ERR" "jwtool: Invalid token type"

section "10. With a token store: refresh rotates, and a spent refresh token revokes the session"
store="sqlite:$work/store.db"
jw issue --sub alice --type pair --store "$store" --now "$LOGIN"
expect "a login with a store succeeds" [ "$RC" = 0 ]
r1=$(json_field "$OUT" refresh_token)
expect "both tokens carry the session id" \
  [ -n "$(claim_of "$r1" sid)" -a "$(claim_of "$(json_field "$OUT" access_token)" sid)" = "$(claim_of "$r1" sid)" ]
jw refresh --store "$store" --now "$LATER" "$r1"
expect "refresh with a store rotates: a new access token and a new refresh token" \
  [ "$RC" = 0 -a -n "$(json_field "$OUT" access_token)" -a -n "$(json_field "$OUT" refresh_token)" ]
r2=$(json_field "$OUT" refresh_token)
a2=$(json_field "$OUT" access_token)
jw refresh --no-rotate --store "$store" --now "$LATER" "$r1"
expect "the spent refresh token presented again, even with --no-rotate: exit 6 (reuse)" [ "$RC" = 6 ]
expect "message: Refresh token reuse detected - session revoked" \
  [ "$ERR" = "jwtool: Refresh token reuse detected - session revoked" ]
jw refresh --store "$store" --now "$LATER" "$r2"
expect "the whole session is revoked: its newest refresh token is refused (exit 6)" [ "$RC" = 6 ]
jw verify --store "$store" --now "$LATER" "$a2"
expect "and so is its newest access token (exit 6)" [ "$RC" = 6 ]

printf '\nwalkthrough: all %d checks passed\n' "$step"
