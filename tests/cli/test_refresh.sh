#!/usr/bin/env bash
# jwtool refresh: a valid refresh token becomes a new access token; everything else is
# refused with the walkthrough's words and the right exit code.
. "$(dirname "$0")/lib.sh"

REFRESH=$KNOWN_HS256_REFRESH # sub alice, iat 1700000000, exp 1700604800, type refresh

CASE="refresh a valid refresh token"
run_key refresh --now 1700000600 "$REFRESH"
expect_rc 0
expect_err ""
access=$(json_string "$OUT" access_token)
check "$CASE: response shape" "$(printf '%s\n' "$OUT" | sed 's/"access_token": "[^"]*"/"access_token": "T"/')" '{
  "access_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'
run_key verify --type access --now 1700000600 "$access"
expect_rc 0
expect_out_contains '"sub": "alice"'
expect_out_contains '"iat": 1700000600'
expect_out_contains '"exp": 1700002400'
expect_out_contains '"type": "access"'
expect_out_contains '"jti": "'
run decode --json "$access"
expect_out_contains '"alg": "HS256"'

CASE="refresh keeps the refresh token's algorithm"
run_key refresh --now 1700000600 "$KNOWN_HS512_REFRESH"
expect_rc 0
run decode --json "$(json_string "$OUT" access_token)"
expect_out_contains '"alg": "HS512"'

CASE="refresh --ttl"
run_key refresh --ttl 5m --now 1700000600 "$REFRESH"
expect_rc 0
expect_out_contains '"expires_in": 300'

CASE="refresh from standard input"
STDIN="Bearer $REFRESH" run_key refresh --now 1700000600
expect_rc 0
expect_out_contains '"token_type": "bearer"'

CASE="refresh a refresh token without exp"
run_key refresh --now 1700000600 "$NO_EXP_TOKEN"
expect_rc 0

refused() { expect_refused "$1" "$2" "$3" refresh "${@:4}"; }

refused "an expired refresh token" 3 \
  "jwtool: Refresh token expired - please login again" \
  --now 1700604800 "$REFRESH"
refused "an access token" 4 \
  "jwtool: Invalid token type: expected a token of type \"refresh\", got \"access\"" \
  --now 1700000600 "$KNOWN_HS256_ACCESS"
refused "an expired access token is reported as expired (expiry before type)" 3 \
  "jwtool: Refresh token expired - please login again" \
  --now 1700001800 "$KNOWN_HS256_ACCESS"
refused "a refresh token signed with another key" 1 \
  "jwtool: Invalid refresh token: signature does not match: wrong key or altered token" \
  --now 1700000600 "$(JWTOOL_SECRET=another-key-another-key-another-k "$JWTOOL" issue --sub alice --type refresh --now 1700000000)"
refused "garbage" 1 \
  "jwtool: Invalid refresh token: a JWT has 3 segments separated by '.', this has 1" \
  --now 1700000600 "not-a-token"
refused "alg none" 1 \
  "jwtool: Invalid refresh token: alg \"none\" is never accepted: the token is unsigned" \
  --now 1700000600 "$NONE_TOKEN"
refused "a refresh token without sub" 1 \
  "jwtool: Invalid refresh token: it has no string \"sub\" claim" \
  --now 1700000600 "$REFRESH_NO_SUB_TOKEN"
# The exit-code table holds for refresh too: "not yet valid" (5) is not "forged" (1).
refused "a refresh token issued in the future" 5 \
  "jwtool: Invalid refresh token: token issued in the future, at 2023-11-14T22:13:20Z (in 1m)" \
  --now 1699999940 "$REFRESH"

CASE="refresh --json on failure"
run_key refresh --json --now 1700604800 "$REFRESH"
expect_rc 3
expect_out '{
  "error": "expired",
  "message": "Refresh token expired - please login again",
  "claim": "exp"
}'

CASE="refresh --json on success"
run_key refresh --json --now 1700000600 "$REFRESH"
expect_rc 0
expect_out_contains '"token_type": "bearer"'

CASE="refresh without a key is a usage error, not an invalid token"
run refresh --now 1700000600 "$REFRESH"
expect_rc 2
expect_err "jwtool: no key: give --secret-file PATH, --key PATH, --jwks PATH or --secret VALUE, or set \$JWTOOL_SECRET, \$JWTOOL_SECRET_FILE or \$JWTOOL_KEY_FILE"

finish
